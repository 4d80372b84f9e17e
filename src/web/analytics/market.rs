//! Market intelligence: for a buyer (SIRET) or a CPV code, who won its past contracts and at
//! what amounts (DECP data imported with `tenderdesk decp import`); winners added as
//! competitor offers of a tender's comparison grid.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use axum_extra::extract::Form;
use serde::Deserialize;

use super::super::page::PageCtx;
use super::super::pipeline::readable_tender;
use super::super::{AppState, Identity, WebError};
use crate::model::Money;
use crate::store::{PastContract, Winner, WinnerQuery};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/market", get(page))
        .route("/market/competitors", post(add_competitors))
        .route("/api/v1/decp/winners", get(api_winners))
}

#[derive(Deserialize, Default)]
struct MarketQuery {
    #[serde(default)]
    buyer: Option<String>,
    #[serde(default)]
    cpv: Option<String>,
    /// The tender the winners may be added to.
    #[serde(default)]
    tender: Option<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "market.html")]
struct MarketPage {
    page: PageCtx,
    buyer: String,
    cpv: String,
    tender: Option<i64>,
    searched: bool,
    winners: Vec<Winner>,
    contracts: Vec<PastContract>,
}

impl MarketPage {
    fn money(&self, cents: &Option<i64>) -> String {
        cents.map(|c| Money(c).to_french()).unwrap_or_default()
    }
}

async fn page(
    State(state): State<AppState>,
    page: PageCtx,
    Query(q): Query<MarketQuery>,
) -> Result<MarketPage, WebError> {
    let buyer = q.buyer.clone().unwrap_or_default();
    let cpv = q.cpv.clone().unwrap_or_default();
    let searched = !buyer.trim().is_empty() || !cpv.trim().is_empty();
    let (winners, contracts) = if searched {
        let wq = WinnerQuery::new(Some(&buyer), Some(&cpv))?;
        (
            state.store.decp_winners(&wq).await?,
            state.store.decp_contracts(&wq).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(MarketPage {
        page,
        buyer,
        cpv,
        tender: q.tender,
        searched,
        winners,
        contracts,
    })
}

async fn api_winners(
    State(state): State<AppState>,
    Query(q): Query<MarketQuery>,
) -> Result<Json<Vec<Winner>>, WebError> {
    let wq = WinnerQuery::new(q.buyer.as_deref(), q.cpv.as_deref())?;
    Ok(Json(state.store.decp_winners(&wq).await?))
}

#[derive(Deserialize)]
struct CompetitorsForm {
    tender: i64,
    #[serde(default)]
    name: Vec<String>,
}

async fn add_competitors(
    State(state): State<AppState>,
    identity: Identity,
    Form(f): Form<CompetitorsForm>,
) -> Result<Response, WebError> {
    identity.require(identity.user.role.can_manage_tenders())?;
    readable_tender(&state, &identity, f.tender).await?;
    let added = state.store.add_competitors(f.tender, &f.name).await?;
    state
        .store
        .audit(
            Some(identity.user.id),
            "competitors_added",
            &format!("tender:{}", f.tender),
            &added.to_string(),
            None,
        )
        .await?;
    Ok(Redirect::to(&format!("/tenders/{}", f.tender)).into_response())
}
