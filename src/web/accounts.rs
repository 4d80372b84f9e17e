//! Accounts (buyers): list, create, edit, our history with them and the payment advice that
//! follows; the same advice for a tender's buyer (`/api/v1/tenders/{id}/advice`).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Json, Router};
use serde::{Deserialize, Serialize};

use super::page::PageCtx;
use super::pipeline::readable_tender;
use super::{AppState, Identity, WebError};
use crate::error::Error;
use crate::model::{Account, FunnelStage, Money, Typology};
use crate::pipeline::advice::{Advised, advise};
use crate::store::{AccountHistoryLine, AccountInput, AccountSummary};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/accounts", get(list).post(create_from_form))
        .route("/accounts/{id}", get(page).post(update_from_form))
        .route("/api/v1/accounts", get(api_list).post(api_create))
        .route("/api/v1/accounts/{id}", get(api_get).put(api_update))
        .route("/api/v1/tenders/{id}/advice", get(api_tender_advice))
}

/// An account form: empty numbers mean "not known".
#[derive(Deserialize)]
struct AccountForm {
    name: String,
    #[serde(default)]
    siret: String,
    typology: Typology,
    #[serde(default)]
    sector: String,
    funnel_stage: FunnelStage,
    #[serde(default)]
    payment_days: String,
    #[serde(default)]
    financial_health: String,
    #[serde(default)]
    notes: String,
}

impl AccountForm {
    fn input(self) -> Result<AccountInput, Error> {
        let number = |s: &str, what: &str| {
            let s = s.trim();
            if s.is_empty() {
                Ok(None)
            } else {
                s.parse::<i32>()
                    .map(Some)
                    .map_err(|_| Error::Invalid(format!("{what} is a whole number")))
            }
        };
        Ok(AccountInput {
            payment_days: number(&self.payment_days, "payment days")?,
            financial_health: number(&self.financial_health, "financial health")?,
            name: self.name,
            siret: Some(self.siret),
            typology: self.typology,
            sector: self.sector,
            funnel_stage: self.funnel_stage,
            notes: self.notes,
        })
    }
}

fn money(cents: Option<i64>) -> String {
    cents.map(|c| Money(c).to_french()).unwrap_or_default()
}

#[derive(Template, WebTemplate)]
#[template(path = "accounts.html")]
struct AccountsPage {
    page: PageCtx,
    accounts: Vec<AccountSummary>,
    typologies: &'static [Typology],
    funnel: &'static [FunnelStage],
}

impl AccountsPage {
    fn money(&self, cents: &Option<i64>) -> String {
        money(*cents)
    }
}

async fn list(State(state): State<AppState>, page: PageCtx) -> Result<AccountsPage, WebError> {
    Ok(AccountsPage {
        page,
        accounts: state.store.accounts().await?,
        typologies: Typology::ALL,
        funnel: FunnelStage::ALL,
    })
}

async fn create(
    state: &AppState,
    identity: &Identity,
    input: &AccountInput,
) -> Result<i64, WebError> {
    identity.require(identity.user.role.can_manage_tenders())?;
    let id = state.store.create_account(input).await?;
    state
        .store
        .audit(
            Some(identity.user.id),
            "account_created",
            &format!("account:{id}"),
            &input.name,
            None,
        )
        .await?;
    Ok(id)
}

async fn create_from_form(
    State(state): State<AppState>,
    identity: Identity,
    Form(form): Form<AccountForm>,
) -> Result<Response, WebError> {
    let id = create(&state, &identity, &form.input()?).await?;
    Ok(Redirect::to(&format!("/accounts/{id}")).into_response())
}

async fn update(
    state: &AppState,
    identity: &Identity,
    id: i64,
    input: &AccountInput,
) -> Result<(), WebError> {
    identity.require(identity.user.role.can_manage_tenders())?;
    state.store.update_account(id, input).await?;
    state
        .store
        .audit(
            Some(identity.user.id),
            "account_updated",
            &format!("account:{id}"),
            &input.name,
            None,
        )
        .await?;
    Ok(())
}

async fn update_from_form(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    Form(form): Form<AccountForm>,
) -> Result<Response, WebError> {
    update(&state, &identity, id, &form.input()?).await?;
    Ok(Redirect::to(&format!("/accounts/{id}")).into_response())
}

/// An account with its history and advice.
#[derive(Serialize)]
struct AccountView {
    account: Account,
    history: Vec<AccountHistoryLine>,
    advice: Vec<Advised>,
}

/// The history lines the user may read.
async fn view(state: &AppState, identity: &Identity, id: i64) -> Result<AccountView, WebError> {
    let account = state.store.account(id).await?;
    let hidden = state.store.hidden_tenders(&identity.user).await?;
    let history = state
        .store
        .account_history(id)
        .await?
        .into_iter()
        .filter(|h| !hidden.contains(&h.id))
        .collect();
    let advice = advise(
        account.typology,
        account.payment_days,
        account.financial_health,
    );
    Ok(AccountView {
        account,
        history,
        advice,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "account.html")]
struct AccountPage {
    page: PageCtx,
    v: AccountView,
    typologies: &'static [Typology],
    funnel: &'static [FunnelStage],
}

impl AccountPage {
    fn money(&self, cents: &Option<i64>) -> String {
        money(*cents)
    }
    fn stage_label(&self, code: &str) -> &'static str {
        crate::model::Stage::parse(code)
            .map(|s| s.label(self.page.l))
            .unwrap_or("")
    }
    fn opt(&self, v: &Option<i32>) -> String {
        v.map(|v| v.to_string()).unwrap_or_default()
    }
}

async fn page(
    State(state): State<AppState>,
    identity: Identity,
    page: PageCtx,
    Path(id): Path<i64>,
) -> Result<AccountPage, WebError> {
    Ok(AccountPage {
        v: view(&state, &identity, id).await?,
        page,
        typologies: Typology::ALL,
        funnel: FunnelStage::ALL,
    })
}

async fn api_list(State(state): State<AppState>) -> Result<Json<Vec<AccountSummary>>, WebError> {
    Ok(Json(state.store.accounts().await?))
}

async fn api_create(
    State(state): State<AppState>,
    identity: Identity,
    Json(input): Json<AccountInput>,
) -> Result<Response, WebError> {
    let id = create(&state, &identity, &input).await?;
    Ok((StatusCode::CREATED, Json(state.store.account(id).await?)).into_response())
}

async fn api_get(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Json<AccountView>, WebError> {
    Ok(Json(view(&state, &identity, id).await?))
}

async fn api_update(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    Json(input): Json<AccountInput>,
) -> Result<Json<Account>, WebError> {
    update(&state, &identity, id, &input).await?;
    Ok(Json(state.store.account(id).await?))
}

/// The advice for the buyer of a tender (none without a buyer), for the pricing pages.
async fn api_tender_advice(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Advised>>, WebError> {
    Ok(Json(tender_advice(&state, &identity, id).await?))
}

/// The advice for a tender's buyer.
pub(super) async fn tender_advice(
    state: &AppState,
    identity: &Identity,
    tender_id: i64,
) -> Result<Vec<Advised>, WebError> {
    let tender = readable_tender(state, identity, tender_id).await?;
    Ok(match tender.account_id {
        Some(a) => {
            let account = state.store.account(a).await?;
            advise(
                account.typology,
                account.payment_days,
                account.financial_health,
            )
        }
        None => Vec::new(),
    })
}
