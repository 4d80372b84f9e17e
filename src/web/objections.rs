//! The objection grid of a tender in the browser: heat map, grid by priority with filters,
//! seeding from the pieces, import/export, clauses to negotiate, argumentation per criterion,
//! and the internal brief. The JSON API is in `objections_api`.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::page::PageCtx;
use super::transfer::{DOCX, XLSX, attachment, read_upload};
use super::{AppState, Identity, WebError};
use crate::error::Error;
use crate::model::{
    BuyingRole, ClausePosition, NegotiationClause, Objection, ObjectionCategory, ObjectionStatus,
    Stakeholder,
};
use crate::objections::{self, CriterionArgument, HeatMap};
use crate::store::{ClauseInput, ObjectionInput};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tenders/{id}/objections", get(page).post(add_from_form))
        .route("/tenders/{id}/objections/seed", post(seed_from_form))
        .route("/tenders/{id}/objections/import", post(import_from_form))
        .route("/tenders/{id}/objections.xlsx", get(export_xlsx))
        .route("/tenders/{id}/objections/brief.docx", get(brief_docx))
        .route("/objections/{oid}", post(edit_from_form))
        .route("/objections/{oid}/delete", post(delete_from_form))
        .route("/tenders/{id}/clauses", post(add_clause_from_form))
        .route("/clauses/{cid}", post(edit_clause_from_form))
        .route("/clauses/{cid}/delete", post(delete_clause_from_form))
        .route(
            "/tenders/{id}/arguments/{criterion}",
            post(argument_from_form),
        )
}

#[derive(Deserialize, Default)]
pub(super) struct GridQuery {
    #[serde(default)]
    role: String,
    #[serde(default)]
    category: String,
    /// A heat-map cell: likelihood and impact.
    l: Option<i32>,
    i: Option<i32>,
    /// How many suggestions the last seeding added.
    seeded: Option<u64>,
}

/// One line of the grid, ready to show.
pub(super) struct Line {
    pub o: Objection,
    pub person: String,
    pub severity: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "objections.html")]
struct GridPage {
    page: PageCtx,
    tender_id: i64,
    title: String,
    lines: Vec<Line>,
    total: usize,
    heat: Vec<Vec<(i32, i32, u32, &'static str)>>,
    clauses: Vec<NegotiationClause>,
    arguments: Vec<CriterionArgument>,
    people: Vec<Stakeholder>,
    blocks: Vec<(i64, String)>,
    q: GridQuery,
    roles: &'static [BuyingRole],
    categories: &'static [ObjectionCategory],
    statuses: &'static [ObjectionStatus],
    positions: &'static [ClausePosition],
    negotiation_closed: bool,
    can_write: bool,
}

impl GridPage {
    fn pct(&self, share: &f64) -> String {
        format!("{:.1}", share * 100.0).replace('.', ",")
    }
}

async fn page(
    State(state): State<AppState>,
    identity: Identity,
    page: PageCtx,
    Path(id): Path<i64>,
    Query(q): Query<GridQuery>,
) -> Result<GridPage, WebError> {
    super::access::tender(&state, &identity.user, id).await?;
    let tender = state.store.get_tender(id).await?;
    let all = state.store.objections(id).await?;
    let people = state.store.stakeholders(id).await?;
    let map = HeatMap::of(
        all.iter()
            .filter(|o| o.status != ObjectionStatus::Dismissed.as_str())
            .map(|o| (o.likelihood, o.impact)),
    );
    // Impact 5 on top, likelihood 1 on the left, as risk maps are drawn.
    let heat = (1..=5)
        .rev()
        .map(|i: i32| {
            (1..=5)
                .map(|l: i32| {
                    let n = map
                        .cells
                        .get((i - 1) as usize)
                        .and_then(|r| r.get((l - 1) as usize))
                        .copied()
                        .unwrap_or(0);
                    (l, i, n, objections::severity(l * i))
                })
                .collect()
        })
        .collect();
    let total = all.len();
    let lines = all
        .into_iter()
        .filter(|o| q.role.is_empty() || o.role.as_str() == q.role)
        .filter(|o| q.category.is_empty() || o.category.as_str() == q.category)
        .filter(|o| q.l.is_none_or(|l| o.likelihood == l) && q.i.is_none_or(|i| o.impact == i))
        .map(|o| Line {
            person: o
                .stakeholder_id
                .and_then(|s| people.iter().find(|p| p.id == s))
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            severity: objections::severity(o.priority()),
            o,
        })
        .collect();
    let negotiation_closed = tender.procedure.as_deref().is_some_and(|p| {
        let p = p.to_lowercase();
        p.contains("appel d'offres")
            || p.contains("appel_offres")
            || p.contains("open")
            || p.contains("restricted")
    });
    let can_write = page.user.as_ref().is_some_and(|u| u.role.can_write());
    Ok(GridPage {
        tender_id: id,
        title: tender.title,
        lines,
        total,
        heat,
        clauses: state.store.negotiation_clauses(id).await?,
        arguments: state.store.criterion_arguments(id).await?,
        blocks: state
            .store
            .library_blocks()
            .await?
            .into_iter()
            .map(|b| (b.id, b.title))
            .collect(),
        people,
        q,
        roles: BuyingRole::ALL,
        categories: ObjectionCategory::ALL,
        statuses: ObjectionStatus::ALL,
        positions: ClausePosition::ALL,
        negotiation_closed,
        can_write,
        page,
    })
}

/// A form's objection: selects give codes, numbers come as text, an empty person is none.
#[derive(Deserialize)]
pub(super) struct ObjectionForm {
    text: String,
    role: BuyingRole,
    #[serde(default)]
    stakeholder_id: String,
    category: ObjectionCategory,
    likelihood: i32,
    impact: i32,
    #[serde(default)]
    answer: String,
    #[serde(default)]
    proof: String,
    #[serde(default)]
    proof_block_id: String,
    #[serde(default)]
    clause: String,
    status: Option<ObjectionStatus>,
}

impl ObjectionForm {
    fn input(self) -> ObjectionInput {
        ObjectionInput {
            text: self.text,
            role: self.role,
            stakeholder_id: self.stakeholder_id.parse().ok(),
            category: self.category,
            likelihood: self.likelihood,
            impact: self.impact,
            answer: self.answer,
            proof: self.proof,
            proof_block_id: self.proof_block_id.parse().ok(),
            clause: self.clause,
            status: self.status.unwrap_or(ObjectionStatus::ToPrepare),
        }
    }
}

fn back(tender_id: i64) -> Response {
    Redirect::to(&format!("/tenders/{tender_id}/objections")).into_response()
}

async fn add_from_form(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    Form(f): Form<ObjectionForm>,
) -> Result<Response, WebError> {
    identity.require(identity.user.role.can_write())?;
    super::access::tender(&state, &identity.user, id).await?;
    state.store.add_objection(id, &f.input()).await?;
    Ok(back(id))
}

async fn edit_from_form(
    State(state): State<AppState>,
    identity: Identity,
    Path(oid): Path<i64>,
    Form(f): Form<ObjectionForm>,
) -> Result<Response, WebError> {
    identity.require(identity.user.role.can_write())?;
    super::objections_api::readable_objection(&state, &identity, oid).await?;
    let o = state.store.update_objection(oid, &f.input()).await?;
    Ok(Redirect::to(&format!("/tenders/{}/objections#o{}", o.tender_id, o.id)).into_response())
}

async fn delete_from_form(
    State(state): State<AppState>,
    identity: Identity,
    Path(oid): Path<i64>,
) -> Result<Response, WebError> {
    identity.require(identity.user.role.can_write())?;
    let o = super::objections_api::readable_objection(&state, &identity, oid).await?;
    state.store.delete_objection(oid).await?;
    Ok(back(o.tender_id))
}

async fn seed_from_form(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    identity.require(identity.user.role.can_write())?;
    super::access::tender(&state, &identity.user, id).await?;
    let seeded = objections::seeding::seed(&state.store, id).await?;
    Ok(Redirect::to(&format!(
        "/tenders/{id}/objections?seeded={}",
        seeded.objections
    ))
    .into_response())
}

async fn import_from_form(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, WebError> {
    identity.require(identity.user.role.can_write())?;
    super::access::tender(&state, &identity.user, id).await?;
    let upload = match read_upload(multipart).await {
        Ok(u) => u,
        Err(resp) => return Ok(resp),
    };
    let replace = upload
        .field("replace")
        .is_some_and(|v| v == "on" || v == "1" || v == "true");
    let (name, bytes) = upload.single_file()?;
    super::objections_api::import_file(&state, id, name, bytes, replace).await?;
    Ok(back(id))
}

async fn export_xlsx(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    super::access::tender(&state, &identity.user, id).await?;
    let tender = state.store.get_tender(id).await?;
    let list = state.store.objections(id).await?;
    let clauses = state.store.negotiation_clauses(id).await?;
    let people = state.store.stakeholders(id).await?;
    let bytes = objections::to_xlsx(&list, &clauses, |sid| {
        people.iter().find(|p| p.id == sid).map(|p| p.name.clone())
    })
    .map_err(|e| Error::Internal(format!("objections xlsx: {e}")))?;
    let file = format!(
        "objections-{}.xlsx",
        tender.reference.as_deref().unwrap_or(&id.to_string())
    );
    Ok(attachment(&file, XLSX, bytes))
}

async fn brief_docx(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    super::access::tender(&state, &identity.user, id).await?;
    let tender = state.store.get_tender(id).await?;
    let bytes = super::objections_api::brief(&state, &tender).await?;
    let file = format!(
        "note-soutenance-{}.docx",
        tender.reference.as_deref().unwrap_or(&id.to_string())
    );
    Ok(attachment(&file, DOCX, bytes))
}

#[derive(Deserialize)]
struct ClauseForm {
    clause: String,
    position: ClausePosition,
    #[serde(default)]
    ask: String,
    #[serde(default)]
    concession: String,
}

impl ClauseForm {
    fn input(self) -> ClauseInput {
        ClauseInput {
            clause: self.clause,
            position: self.position,
            ask: self.ask,
            concession: self.concession,
        }
    }
}

async fn add_clause_from_form(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    Form(f): Form<ClauseForm>,
) -> Result<Response, WebError> {
    identity.require(identity.user.role.can_write())?;
    super::access::tender(&state, &identity.user, id).await?;
    state.store.add_clause(id, &f.input()).await?;
    Ok(Redirect::to(&format!("/tenders/{id}/objections#clauses")).into_response())
}

async fn edit_clause_from_form(
    State(state): State<AppState>,
    identity: Identity,
    Path(cid): Path<i64>,
    Form(f): Form<ClauseForm>,
) -> Result<Response, WebError> {
    identity.require(identity.user.role.can_write())?;
    super::objections_api::readable_clause(&state, &identity, cid).await?;
    let c = state.store.update_clause(cid, &f.input()).await?;
    Ok(Redirect::to(&format!("/tenders/{}/objections#clauses", c.tender_id)).into_response())
}

async fn delete_clause_from_form(
    State(state): State<AppState>,
    identity: Identity,
    Path(cid): Path<i64>,
) -> Result<Response, WebError> {
    identity.require(identity.user.role.can_write())?;
    let c = super::objections_api::readable_clause(&state, &identity, cid).await?;
    state.store.delete_clause(cid).await?;
    Ok(Redirect::to(&format!("/tenders/{}/objections#clauses", c.tender_id)).into_response())
}

#[derive(Deserialize)]
struct ArgumentForm {
    #[serde(default)]
    checks: String,
    #[serde(default)]
    proof: String,
}

async fn argument_from_form(
    State(state): State<AppState>,
    identity: Identity,
    Path((id, criterion)): Path<(i64, i64)>,
    Form(f): Form<ArgumentForm>,
) -> Result<Response, WebError> {
    identity.require(identity.user.role.can_write())?;
    super::access::tender(&state, &identity.user, id).await?;
    state
        .store
        .set_criterion_argument(id, criterion, &f.checks, &f.proof)
        .await?;
    Ok(Redirect::to(&format!("/tenders/{id}/objections#arguments")).into_response())
}
