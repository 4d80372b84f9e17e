//! The outline page and the section editor: generate the outline, write with a live preview,
//! insert library blocks, assign; a stale save gets both texts side by side (409).

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::{can_write_section, readable_section};
use crate::error::Error;
use crate::model::{SectionStatus, User};
use crate::response::suggest::{LibraryIndex, Suggestion};
use crate::response::{EditConflict, Section, SectionEdit, WORDS_PER_PAGE, in_order};
use crate::store::{OutlineReport, SectionMeta};
use crate::web::access;
use crate::web::page::PageCtx;
use crate::web::{AppState, Identity, WebError};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tenders/{id}/response", get(workspace))
        .route("/tenders/{id}/response/outline", post(generate_form))
        .route("/tenders/{id}/response/sections", post(add_form))
        .route("/response/sections/{id}", get(editor).post(save_form))
        .route("/response/sections/{id}/meta", post(meta_form))
        .route("/response/sections/{id}/insert", post(insert_form))
}

/// One line of the outline page.
struct Row {
    depth: usize,
    section: Section,
    assignee: String,
    words: usize,
    budget: Option<usize>,
    over: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "response.html")]
struct WorkspacePage {
    page: PageCtx,
    tender_id: i64,
    title: String,
    rows: Vec<Row>,
    total_words: usize,
    page_limit: Option<u32>,
    word_budget: usize,
    over: bool,
    words_per_page: usize,
    report: Option<ReportQuery>,
}

/// What the last outline generation did, carried in the redirect's query.
#[derive(Deserialize, Clone, Default)]
struct ReportQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    created: usize,
    #[serde(default)]
    updated: usize,
    #[serde(default)]
    kept: usize,
    #[serde(default)]
    removed: usize,
}

async fn workspace(
    State(state): State<AppState>,
    page: PageCtx,
    identity: Identity,
    Path(id): Path<i64>,
    Query(report): Query<ReportQuery>,
) -> Result<WorkspacePage, WebError> {
    access::tender(&state, &identity.user, id).await?;
    let tender = state.store.get_tender(id).await?;
    let sections = state.store.response_sections(id).await?;
    let users = state.store.list_users().await?;
    let page_limit = state.store.memoire_page_limit(id).await?;
    let rows: Vec<Row> = in_order(&sections)
        .into_iter()
        .map(|(depth, s)| Row {
            depth: depth.min(4),
            assignee: user_name(&users, s.assignee_id),
            words: s.words(),
            budget: s.word_budget(),
            over: s.over_budget(),
            section: s.clone(),
        })
        .collect();
    let total_words: usize = rows.iter().map(|r| r.words).sum();
    let word_budget = page_limit.map(|p| p as usize * WORDS_PER_PAGE).unwrap_or(0);
    Ok(WorkspacePage {
        page,
        tender_id: id,
        title: tender.title,
        rows,
        total_words,
        page_limit,
        word_budget,
        over: page_limit.is_some() && total_words > word_budget,
        words_per_page: WORDS_PER_PAGE,
        report: Some(report).filter(|r| !r.from.is_empty()),
    })
}

fn user_name(users: &[User], id: Option<i64>) -> String {
    id.and_then(|id| users.iter().find(|u| u.id == id))
        .map(|u| u.name.clone())
        .unwrap_or_default()
}

/// Generating the outline is the bid manager's call.
pub(super) async fn generate(
    state: &AppState,
    identity: &Identity,
    id: i64,
) -> Result<OutlineReport, WebError> {
    identity.require(identity.user.role.can_manage_tenders())?;
    access::tender(state, &identity.user, id).await?;
    Ok(state.store.generate_outline(id).await?)
}

pub(super) async fn add_section(
    state: &AppState,
    identity: &Identity,
    id: i64,
    input: &AddInput,
) -> Result<Section, WebError> {
    identity.require(identity.user.role.can_manage_tenders())?;
    access::tender(state, &identity.user, id).await?;
    Ok(state
        .store
        .add_response_section(id, input.parent_id, &input.title)
        .await?)
}

async fn generate_form(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let r = generate(&state, &identity, id).await?;
    Ok(Redirect::to(&format!(
        "/tenders/{id}/response?from={}&created={}&updated={}&kept={}&removed={}",
        r.from, r.created, r.updated, r.kept, r.removed
    ))
    .into_response())
}

#[derive(Deserialize)]
pub(super) struct AddInput {
    title: String,
    #[serde(default)]
    parent_id: Option<i64>,
}

async fn add_form(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    axum::Form(input): axum::Form<AddInput>,
) -> Result<Response, WebError> {
    let s = add_section(&state, &identity, id, &input).await?;
    Ok(Redirect::to(&format!("/response/sections/{}", s.id)).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "response_section.html")]
struct EditorPage {
    page: PageCtx,
    s: Section,
    tender_title: String,
    preview: String,
    words: usize,
    budget: Option<usize>,
    tender_budget: Option<usize>,
    can_write: bool,
    users: Vec<User>,
    statuses: &'static [SectionStatus],
    suggestions: Vec<Suggestion>,
    saved: bool,
}

impl EditorPage {
    fn assigned_to(&self, user_id: &i64) -> bool {
        self.s.assignee_id == Some(*user_id)
    }
}

#[derive(Deserialize, Default)]
struct EditorQuery {
    #[serde(default)]
    saved: Option<u8>,
}

async fn editor(
    State(state): State<AppState>,
    page: PageCtx,
    identity: Identity,
    Path(id): Path<i64>,
    Query(q): Query<EditorQuery>,
) -> Result<EditorPage, WebError> {
    let s = readable_section(&state, &identity, id).await?;
    let tender = state.store.get_tender(s.tender_id).await?;
    let suggestions = section_suggestions(&state, &s).await?;
    let tender_budget = state
        .store
        .memoire_page_limit(s.tender_id)
        .await?
        .map(|p| p as usize * WORDS_PER_PAGE);
    Ok(EditorPage {
        page,
        preview: crate::response::preview_html(&s.body_md),
        words: s.words(),
        budget: s.word_budget(),
        tender_budget,
        can_write: can_write_section(&identity, &s),
        users: state.store.list_users().await?,
        statuses: SectionStatus::ALL,
        suggestions,
        tender_title: tender.title,
        saved: q.saved.is_some(),
        s,
    })
}

pub(super) async fn section_suggestions(
    state: &AppState,
    s: &Section,
) -> Result<Vec<Suggestion>, Error> {
    let blocks = state.store.library_blocks().await?;
    let body: String = s.body_md.chars().take(2000).collect();
    let query = format!("{} {} {} {body}", s.title, s.title, s.prompt);
    Ok(LibraryIndex::new(&blocks).suggest(&query, 3))
}

#[derive(Template, WebTemplate)]
#[template(path = "response_conflict.html")]
struct ConflictPage {
    page: PageCtx,
    c: EditConflict,
    theirs_html: String,
}

fn conflict_page(page: PageCtx, c: EditConflict) -> Response {
    let theirs_html = crate::response::preview_html(&c.theirs.body_md);
    (
        StatusCode::CONFLICT,
        ConflictPage {
            page,
            c,
            theirs_html,
        },
    )
        .into_response()
}

async fn save_form(
    State(state): State<AppState>,
    page: PageCtx,
    identity: Identity,
    Path(id): Path<i64>,
    axum::Form(edit): axum::Form<SectionEdit>,
) -> Result<Response, WebError> {
    let s = readable_section(&state, &identity, id).await?;
    identity.require(can_write_section(&identity, &s))?;
    match state.store.save_section_text(id, &edit).await? {
        Ok(_) => Ok(Redirect::to(&format!("/response/sections/{id}?saved=1")).into_response()),
        Err(c) => Ok(conflict_page(page, c)),
    }
}

#[derive(Deserialize)]
struct MetaForm {
    #[serde(default)]
    assignee_id: String,
    #[serde(default)]
    due: String,
    status: SectionStatus,
    #[serde(default)]
    page_limit: String,
}

impl MetaForm {
    fn meta(&self) -> Result<SectionMeta, Error> {
        let bad = |what: &str| Error::Invalid(format!("{what} is not valid"));
        Ok(SectionMeta {
            assignee_id: match self.assignee_id.trim() {
                "" => None,
                v => Some(v.parse().map_err(|_| bad("the assignee"))?),
            },
            due: match self.due.trim() {
                "" => None,
                v => Some(
                    chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
                        .map_err(|_| bad("the due date"))?,
                ),
            },
            status: Some(self.status),
            page_limit: match self.page_limit.trim() {
                "" => None,
                v => Some(v.parse().map_err(|_| bad("the page limit"))?),
            },
        })
    }
}

async fn meta_form(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    axum::Form(input): axum::Form<MetaForm>,
) -> Result<Response, WebError> {
    let s = readable_section(&state, &identity, id).await?;
    let meta = input.meta()?;
    check_meta(&identity, &s, &meta)?;
    state.store.set_section_meta(id, &meta).await?;
    Ok(Redirect::to(&format!("/response/sections/{id}?saved=1")).into_response())
}

/// Managers assign and plan; the assigned contributor may only move the status.
pub(super) fn check_meta(
    identity: &Identity,
    s: &Section,
    meta: &SectionMeta,
) -> Result<(), WebError> {
    if identity.user.role.can_manage_tenders() {
        return Ok(());
    }
    let same_plan = meta.assignee_id == s.assignee_id
        && meta.due == s.due
        && meta.page_limit.filter(|&p| p > 0) == s.page_limit;
    identity.require(can_write_section(identity, s) && same_plan)
}

#[derive(Deserialize)]
pub(super) struct InsertInput {
    block_id: i64,
    version: i32,
}

/// Appends a library block to the section's text (a save like any other: versioned).
pub(super) async fn insert_block(
    state: &AppState,
    identity: &Identity,
    id: i64,
    input: &InsertInput,
) -> Result<Result<Section, EditConflict>, WebError> {
    let s = readable_section(state, identity, id).await?;
    identity.require(can_write_section(identity, &s))?;
    let block = state.store.library_block(input.block_id).await?;
    let edit = SectionEdit {
        body_md: crate::response::with_block(&s.body_md, &block.body_md),
        version: input.version,
    };
    Ok(state.store.save_section_text(id, &edit).await?)
}

async fn insert_form(
    State(state): State<AppState>,
    page: PageCtx,
    identity: Identity,
    Path(id): Path<i64>,
    axum::Form(input): axum::Form<InsertInput>,
) -> Result<Response, WebError> {
    match insert_block(&state, &identity, id, &input).await? {
        Ok(_) => Ok(Redirect::to(&format!("/response/sections/{id}?saved=1")).into_response()),
        Err(c) => Ok(conflict_page(page, c)),
    }
}
