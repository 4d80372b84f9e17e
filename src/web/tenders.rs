//! Tenders: a tender's page and the tenders' JSON API (the dashboard is `pipeline`).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Json, Router};
use chrono::Utc;
use serde::Deserialize;

use super::page::PageCtx;
use super::{AppState, Identity, WebError};
use crate::error::Error;
use crate::model::{Criterion, Deadline, Money, NewTender, Tender};
use crate::store::TenderDetail;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tenders", axum::routing::post(create_from_form))
        .route("/tenders/{id}", get(tender_page))
        .route("/api/v1/tenders", get(api_list).post(api_create))
        .route("/api/v1/tenders/{id}", get(api_get))
}

/// A tender as a line of the dashboard.
pub struct TenderLine {
    pub id: i64,
    pub title: String,
    pub reference: String,
    pub buyer: String,
    pub stage: &'static str,
    pub deadline: String,
    pub deadline_iso: String,
    pub days_left: Option<i64>,
}

impl TenderLine {
    pub(super) fn new(t: &Tender, page: &PageCtx) -> Self {
        TenderLine {
            id: t.id,
            title: t.title.clone(),
            reference: t.reference.clone().unwrap_or_default(),
            buyer: t.buyer.clone().unwrap_or_default(),
            stage: t.stage.label(page.l),
            deadline: t.deadline.map(|d| d.to_french()).unwrap_or_default(),
            deadline_iso: t.deadline.map(|d| d.to_rfc3339()).unwrap_or_default(),
            days_left: t.days_left(Utc::now()),
        }
    }

    /// "J-3", "J+2" (passed), "" without deadline.
    pub fn badge(&self) -> String {
        match self.days_left {
            Some(d) if d >= 0 => format!("J-{d}"),
            Some(d) => format!("J+{}", -d),
            None => String::new(),
        }
    }

    /// Three days or less: shown in red.
    pub fn urgent(&self) -> bool {
        self.days_left.is_some_and(|d| d <= 3)
    }
}

/// A criterion as a row of the tree on the tender page.
pub struct CriterionLine {
    pub depth: usize,
    pub name: String,
    pub weight: String,
    pub percent: String,
    /// Width of the share bar, 0-100.
    pub bar: u32,
}

fn criterion_lines(criteria: &[Criterion]) -> Vec<CriterionLine> {
    let depth_of = |c: &Criterion| {
        let mut depth = 0;
        let mut parent = c.parent_id;
        while let Some(p) = parent {
            depth += 1;
            parent = criteria
                .iter()
                .find(|x| x.id == p)
                .and_then(|x| x.parent_id);
            if depth > 8 {
                break;
            }
        }
        depth
    };
    // Depth-first order: children right under their parent.
    let mut out = Vec::new();
    fn visit(criteria: &[Criterion], parent: Option<i64>, out: &mut Vec<i64>) {
        let mut children: Vec<&Criterion> =
            criteria.iter().filter(|c| c.parent_id == parent).collect();
        children.sort_by_key(|c| c.position);
        for c in children {
            out.push(c.id);
            if out.len() <= criteria.len() {
                visit(criteria, Some(c.id), out);
            }
        }
    }
    let mut order = Vec::new();
    visit(criteria, None, &mut order);
    for id in order {
        if let Some(c) = criteria.iter().find(|c| c.id == id) {
            let unit = c.weight_unit.label(crate::i18n::Lang::Fr);
            out.push(CriterionLine {
                depth: depth_of(c),
                name: c.name.clone(),
                weight: format!("{} {unit}", trim_number(c.weight)),
                percent: format!("{} %", trim_number((c.share * 1000.0).round() / 10.0)),
                bar: (c.share * 100.0).round().clamp(0.0, 100.0) as u32,
            });
        }
    }
    out
}

fn trim_number(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0')
        .trim_end_matches('.')
        .replace('.', ",")
}

#[derive(Template, WebTemplate)]
#[template(path = "tender.html")]
struct TenderPage {
    page: PageCtx,
    documents: Vec<crate::model::Document>,
    /// Earlier deadlines replaced by a change notice, in the tender's own time zone.
    moved_from: Vec<String>,
    facts: Vec<super::facts::FactLine>,
    missing: Vec<String>,
    line: TenderLine,
    detail: TenderDetail,
    value: String,
    criteria: Vec<CriterionLine>,
}

async fn tender_page(
    State(state): State<AppState>,
    page: PageCtx,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<TenderPage, WebError> {
    super::access::tender(&state, &identity.user, id).await?;
    let detail = state.store.tender_detail(id).await?;
    let line = TenderLine::new(&detail.tender, &page);
    let value = detail
        .tender
        .estimated_value
        .map(Money::to_french)
        .unwrap_or_default();
    let criteria = criterion_lines(&detail.criteria);
    let documents = state.store.documents(id).await?;
    let tz = detail
        .tender
        .deadline
        .map(|d| d.tz)
        .unwrap_or(Deadline::DEFAULT_TZ);
    let all_facts = state.store.facts(id).await?;
    let (facts, missing) = super::facts::lines(&all_facts, page.l);
    let moved_from = all_facts
        .into_iter()
        .filter(|f| f.key == "deadline" && f.superseded)
        .filter_map(|f| serde_json::from_str::<String>(&f.value).ok())
        .filter_map(|v| Deadline::parse(&v, tz).ok())
        .map(|d| d.to_french())
        .collect();
    Ok(TenderPage {
        page,
        documents,
        moved_from,
        facts,
        missing,
        line,
        detail,
        value,
        criteria,
    })
}

/// What a form or a script sends to create a tender.
#[derive(Deserialize)]
pub struct TenderInput {
    title: String,
    #[serde(default)]
    reference: Option<String>,
    /// RFC 3339, or local "YYYY-MM-DDTHH:MM" (a browser's datetime-local) in `deadline_tz`.
    #[serde(default)]
    deadline: Option<String>,
    #[serde(default)]
    deadline_tz: Option<String>,
    #[serde(default)]
    procedure: Option<String>,
    #[serde(default)]
    estimated_value: Option<String>,
    #[serde(default)]
    cpv_codes: Vec<String>,
    #[serde(default)]
    summary: Option<String>,
}

impl TenderInput {
    fn into_new(self, owner: i64) -> Result<NewTender, Error> {
        let tz = match self.deadline_tz.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(name) => Deadline::parse_tz(name)?,
            None => Deadline::DEFAULT_TZ,
        };
        let non_empty = |o: Option<String>| o.filter(|s| !s.trim().is_empty());
        let deadline = non_empty(self.deadline)
            .map(|d| Deadline::parse(&d, tz))
            .transpose()?;
        let estimated_value = non_empty(self.estimated_value)
            .map(|v| Money::parse(&v))
            .transpose()?;
        let cpv_codes = self
            .cpv_codes
            .iter()
            .map(|c| crate::model::Cpv::parse(c).map(|c| c.as_str().to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(NewTender {
            title: self.title,
            reference: non_empty(self.reference),
            owner_id: Some(owner),
            procedure: non_empty(self.procedure),
            deadline,
            estimated_value,
            cpv_codes,
            summary: self.summary.unwrap_or_default(),
            ..NewTender::default()
        })
    }
}

async fn create(
    state: &AppState,
    identity: &Identity,
    input: TenderInput,
) -> Result<i64, WebError> {
    identity.require(identity.user.role.can_manage_tenders())?;
    let new = input.into_new(identity.user.id)?;
    let id = state.store.create_tender(&new).await?;
    state
        .store
        .audit(
            Some(identity.user.id),
            "tender_created",
            &format!("tender:{id}"),
            &new.title,
            None,
        )
        .await?;
    Ok(id)
}

async fn create_from_form(
    State(state): State<AppState>,
    identity: Identity,
    Form(input): Form<TenderInput>,
) -> Result<Response, WebError> {
    let id = create(&state, &identity, input).await?;
    Ok(Redirect::to(&format!("/tenders/{id}")).into_response())
}

async fn api_list(
    State(state): State<AppState>,
    identity: Identity,
) -> Result<Json<Vec<Tender>>, WebError> {
    let hidden = state.store.hidden_tenders(&identity.user).await?;
    let mut tenders = state.store.list_tenders().await?;
    tenders.retain(|t| !hidden.contains(&t.id));
    Ok(Json(tenders))
}

async fn api_create(
    State(state): State<AppState>,
    identity: Identity,
    Json(input): Json<TenderInput>,
) -> Result<Response, WebError> {
    let id = create(&state, &identity, input).await?;
    let tender = state.store.get_tender(id).await?;
    Ok((StatusCode::CREATED, Json(tender)).into_response())
}

async fn api_get(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Json<TenderDetail>, WebError> {
    super::access::tender(&state, &identity.user, id).await?;
    Ok(Json(state.store.tender_detail(id).await?))
}
