//! The pipeline dashboard (`/`): every tender with its stage, owner, buyer, amount and time
//! left, paged, filtered, as a list or a board by stage; stage changes; and its JSON API.

mod gonogo;

pub(super) use gonogo::readable_tender;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use chrono::Utc;
use serde::{Deserialize, Serialize};

use super::page::PageCtx;
use super::tenders::TenderLine;
use super::{AppState, Identity, WebError};
use crate::error::Error;
use crate::model::{Money, Stage, User};
use crate::pipeline::due::Due;
use crate::search::filters::non_empty;
use crate::store::{DashboardFilter, DashboardRow};

/// Tenders per page of the list, and cards per column of the board.
pub const PER_PAGE: i64 = 50;
pub const PER_COLUMN: i64 = 20;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(dashboard))
        .route("/tenders/{id}/stage", post(set_stage))
        .route("/api/v1/pipeline", get(api_dashboard))
        .route("/api/v1/tenders/{id}/stage", post(api_set_stage))
        .merge(gonogo::router())
}

/// The dashboard's query string: filters, page and view. Empty values mean "any".
#[derive(Deserialize, Default, Debug)]
pub struct DashQuery {
    #[serde(default)]
    stage: Option<String>,
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    account: Option<String>,
    #[serde(default)]
    due: Option<String>,
    #[serde(default)]
    page: Option<i64>,
    #[serde(default)]
    view: Option<String>,
}

impl DashQuery {
    fn filter(&self, user: &User) -> Result<DashboardFilter, Error> {
        let id = |s: &Option<String>, what: &str| {
            non_empty(s)
                .map(|v| {
                    v.parse::<i64>()
                        .map_err(|_| Error::Invalid(format!("{what} must be a number")))
                })
                .transpose()
        };
        Ok(DashboardFilter {
            stage: non_empty(&self.stage).map(Stage::parse).transpose()?,
            owner_id: id(&self.owner, "owner")?,
            account_id: id(&self.account, "account")?,
            due: non_empty(&self.due).map(Due::parse).transpose()?,
            reader: (!user.role.can_manage_tenders()).then_some(user.id),
        })
    }

    /// The filters as a query string (no page, no view), to build links that keep them.
    fn query_string(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("stage", &self.stage),
            ("owner", &self.owner),
            ("account", &self.account),
            ("due", &self.due),
        ] {
            if let Some(v) = non_empty(v) {
                q.append_pair(k, v);
            }
        }
        q.finish()
    }
}

/// A line (or a card) of the dashboard.
pub struct DashLine {
    pub line: TenderLine,
    pub stage_code: &'static str,
    pub owner: String,
    pub amount: String,
    pub due: &'static str,
}

impl DashLine {
    fn new(r: &DashboardRow, page: &PageCtx) -> Self {
        DashLine {
            line: TenderLine::new(&r.tender, page),
            stage_code: r.tender.stage.as_str(),
            owner: r.owner.clone().unwrap_or_default(),
            amount: r
                .tender
                .estimated_value
                .map(Money::to_french)
                .unwrap_or_default(),
            due: r.due.as_str(),
        }
    }
}

/// A column of the board, or a stage's count.
pub struct StageCount {
    pub code: &'static str,
    pub label: &'static str,
    pub count: i64,
    pub cards: Vec<DashLine>,
}

#[derive(Template, WebTemplate)]
#[template(path = "dashboard.html")]
struct Dashboard {
    page: PageCtx,
    board: bool,
    lines: Vec<DashLine>,
    stages: Vec<StageCount>,
    total: i64,
    page_no: i64,
    pages: i64,
    query: String,
    stage: String,
    owner: String,
    due: String,
    users: Vec<User>,
    dues: &'static [Due],
    all_stages: &'static [Stage],
}

async fn dashboard(
    State(state): State<AppState>,
    identity: Identity,
    page: PageCtx,
    Query(q): Query<DashQuery>,
) -> Result<Dashboard, WebError> {
    let filter = q.filter(&identity.user)?;
    let board = q.view.as_deref() == Some("board");
    let page_no = q.page.unwrap_or(1).max(1);
    let now = Utc::now();
    // The board needs the counts and its cards, not a page of the list.
    let (rows, by_stage, total) = if board {
        let (by_stage, total) = state.store.stage_counts(&filter, now).await?;
        (Vec::new(), by_stage, total)
    } else {
        let p = state
            .store
            .dashboard(&filter, page_no, PER_PAGE, now)
            .await?;
        (p.rows, p.by_stage, p.total)
    };
    let cards = if board {
        state.store.board(&filter, PER_COLUMN, now).await?
    } else {
        Vec::new()
    };
    let stages = by_stage
        .iter()
        .map(|(s, n)| StageCount {
            code: s.as_str(),
            label: s.label(page.l),
            count: *n,
            cards: cards
                .iter()
                .filter(|c| c.tender.stage == *s)
                .map(|c| DashLine::new(c, &page))
                .collect(),
        })
        .collect();
    let lines = rows.iter().map(|r| DashLine::new(r, &page)).collect();
    let users = if page.is_manager() {
        state.store.list_users().await?
    } else {
        Vec::new()
    };
    Ok(Dashboard {
        board,
        lines,
        stages,
        total,
        page_no,
        pages: ((total + PER_PAGE - 1) / PER_PAGE).max(1),
        query: q.query_string(),
        stage: q.stage.clone().unwrap_or_default(),
        owner: q.owner.clone().unwrap_or_default(),
        due: q.due.clone().unwrap_or_default(),
        users,
        dues: Due::ALL,
        all_stages: Stage::ALL,
        page,
    })
}

#[derive(Deserialize)]
struct StageInput {
    stage: Stage,
    /// Where to go back to: the dashboard with its filters.
    #[serde(default)]
    back: Option<String>,
}

async fn change_stage(
    state: &AppState,
    identity: &Identity,
    id: i64,
    stage: Stage,
) -> Result<(), WebError> {
    identity.require(identity.user.role.can_manage_tenders())?;
    state.store.set_stage(id, stage).await?;
    state
        .store
        .audit(
            Some(identity.user.id),
            "tender_stage",
            &format!("tender:{id}"),
            stage.as_str(),
            None,
        )
        .await?;
    Ok(())
}

async fn set_stage(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    Form(input): Form<StageInput>,
) -> Result<Response, WebError> {
    change_stage(&state, &identity, id, input.stage).await?;
    // Only a local path: never an open redirect.
    let back = input
        .back
        .filter(|b| b.starts_with('/') && !b.starts_with("//") && !b.contains('\\'))
        .unwrap_or_else(|| "/".into());
    Ok(Redirect::to(&back).into_response())
}

#[derive(Deserialize)]
struct StageJson {
    stage: Stage,
}

async fn api_set_stage(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    Json(input): Json<StageJson>,
) -> Result<Json<crate::model::Tender>, WebError> {
    change_stage(&state, &identity, id, input.stage).await?;
    Ok(Json(state.store.get_tender(id).await?))
}

/// The dashboard as JSON.
#[derive(Serialize)]
struct ApiDashboard {
    total: i64,
    page: i64,
    per_page: i64,
    by_stage: Vec<ApiStageCount>,
    tenders: Vec<ApiLine>,
}

#[derive(Serialize)]
struct ApiStageCount {
    stage: Stage,
    count: i64,
}

#[derive(Serialize)]
struct ApiLine {
    #[serde(flatten)]
    tender: crate::model::Tender,
    owner: Option<String>,
    due: Due,
    days_left: Option<i64>,
}

async fn api_dashboard(
    State(state): State<AppState>,
    identity: Identity,
    Query(q): Query<DashQuery>,
) -> Result<Json<ApiDashboard>, WebError> {
    let filter = q.filter(&identity.user)?;
    let page = q.page.unwrap_or(1).max(1);
    let now = Utc::now();
    let result = state.store.dashboard(&filter, page, PER_PAGE, now).await?;
    Ok(Json(ApiDashboard {
        total: result.total,
        page,
        per_page: PER_PAGE,
        by_stage: result
            .by_stage
            .into_iter()
            .map(|(stage, count)| ApiStageCount { stage, count })
            .collect(),
        tenders: result
            .rows
            .into_iter()
            .map(|r| ApiLine {
                days_left: r.tender.days_left(now),
                tender: r.tender,
                owner: r.owner,
                due: r.due,
            })
            .collect(),
    }))
}
