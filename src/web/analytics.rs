//! What the results teach: win rates by typology, sector, CPV, owner and month as bar charts
//! (`/analytics`); team challenges and their leaderboard (`/challenges`); and market
//! intelligence from DECP award data (`market`).

mod market;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Json, Router};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::page::PageCtx;
use super::{AppState, Identity, WebError};
use crate::error::Error;
use crate::model::User;
use crate::pipeline::challenges::{Measure, Standing};
use crate::pipeline::svg::{self, Bar};
use crate::pipeline::winrate::{self, DIMENSIONS, Rate};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/analytics", get(page))
        .route("/challenges", get(challenges_page).post(add_challenge))
        .route("/api/v1/analytics/winrates", get(api_rates))
        .route("/api/v1/challenges", get(api_leaderboard))
        .merge(market::router())
}

/// One chart: a dimension's rates as bars.
pub struct Chart {
    pub key: &'static str,
    pub title: &'static str,
    pub bars: Vec<Bar>,
    pub height: f64,
}

#[derive(Template, WebTemplate)]
#[template(path = "analytics.html")]
struct AnalyticsPage {
    page: PageCtx,
    charts: Vec<Chart>,
    decided: usize,
}

async fn page(State(state): State<AppState>, page: PageCtx) -> Result<AnalyticsPage, WebError> {
    let outcomes = state.store.outcomes().await?;
    let charts = DIMENSIONS
        .iter()
        .map(|d| {
            let rates = winrate::by(&outcomes, d).unwrap_or_default();
            let items: Vec<(String, f64, String)> = rates
                .iter()
                .map(|r| {
                    let label = label_of(d, &r.key, &page);
                    (
                        label,
                        r.percent,
                        format!("{} % ({}/{})", r.percent, r.won, r.won + r.lost),
                    )
                })
                .collect();
            let bars = svg::bars(&items);
            Chart {
                key: d,
                title: page.t(&format!("analytics.by_{d}")),
                height: bars.len() as f64 * svg::BAR_STEP + 10.0,
                bars,
            }
        })
        .collect();
    Ok(AnalyticsPage {
        decided: outcomes.len(),
        charts,
        page,
    })
}

/// A typology shows its label; other keys show as they are.
fn label_of(dimension: &str, key: &str, page: &PageCtx) -> String {
    if dimension == "typology" {
        crate::model::Typology::parse(key)
            .map(|t| t.label(page.l).to_string())
            .unwrap_or_else(|_| key.to_string())
    } else {
        key.to_string()
    }
}

#[derive(Serialize)]
struct ApiRates {
    dimension: &'static str,
    rates: Vec<Rate>,
}

async fn api_rates(State(state): State<AppState>) -> Result<Json<Vec<ApiRates>>, WebError> {
    let outcomes = state.store.outcomes().await?;
    Ok(Json(
        DIMENSIONS
            .iter()
            .map(|d| ApiRates {
                dimension: d,
                rates: winrate::by(&outcomes, d).unwrap_or_default(),
            })
            .collect(),
    ))
}

#[derive(Template, WebTemplate)]
#[template(path = "challenges.html")]
struct ChallengesPage {
    page: PageCtx,
    standings: Vec<Standing>,
    users: Vec<User>,
    measures: &'static [Measure],
}

async fn challenges_page(
    State(state): State<AppState>,
    page: PageCtx,
) -> Result<ChallengesPage, WebError> {
    Ok(ChallengesPage {
        standings: state.store.leaderboard().await?,
        users: if page.is_manager() {
            state.store.list_users().await?
        } else {
            Vec::new()
        },
        measures: Measure::ALL,
        page,
    })
}

async fn api_leaderboard(State(state): State<AppState>) -> Result<Json<Vec<Standing>>, WebError> {
    Ok(Json(state.store.leaderboard().await?))
}

#[derive(Deserialize)]
struct ChallengeForm {
    name: String,
    measure: Measure,
    #[serde(default)]
    user: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    sector: String,
    target: i64,
    starts: String,
    ends: String,
}

async fn add_challenge(
    State(state): State<AppState>,
    identity: Identity,
    Form(f): Form<ChallengeForm>,
) -> Result<Response, WebError> {
    identity.require(identity.user.role.can_manage_tenders())?;
    let date = |s: &str| {
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|_| Error::Invalid("dates are YYYY-MM-DD".into()))
    };
    let user = match f.user.trim() {
        "" => None,
        u => Some(
            u.parse::<i64>()
                .map_err(|_| Error::Invalid("seller must be a user".into()))?,
        ),
    };
    let id = state
        .store
        .add_challenge(
            &f.name,
            f.measure,
            user,
            &f.region,
            &f.sector,
            f.target,
            (date(&f.starts)?, date(&f.ends)?),
        )
        .await?;
    state
        .store
        .audit(
            Some(identity.user.id),
            "challenge_created",
            &format!("challenge:{id}"),
            &f.name,
            None,
        )
        .await?;
    Ok(Redirect::to("/challenges").into_response())
}
