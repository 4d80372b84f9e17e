//! The compliance matrix: every requirement with its status, answering section and comment,
//! coverage, uncovered mandatory requirements first, three library blocks suggested for each;
//! editable in the page, exported as XLSX.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

use crate::error::Error;
use crate::model::{ComplianceStatus, Requirement};
use crate::response::compliance::{Matrix, matrix, xlsx};
use crate::response::suggest::{LibraryIndex, Suggestion};
use crate::response::{Section, in_order};
use crate::store::RequirementFilter;
use crate::web::page::PageCtx;
use crate::web::{AppState, Identity, WebError};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tenders/{id}/compliance", get(page))
        .route("/tenders/{id}/compliance.xlsx", get(export))
        .route("/requirements/{id}/compliance", post(edit_form))
        .route("/api/v1/tenders/{id}/compliance", get(api_matrix))
        .route(
            "/api/v1/requirements/{id}/compliance",
            axum::routing::patch(api_edit),
        )
        .route(
            "/api/v1/requirements/{id}/suggestions",
            get(api_suggestions),
        )
}

async fn load(
    state: &AppState,
    identity: &Identity,
    tender_id: i64,
) -> Result<(Matrix, Vec<Section>), WebError> {
    crate::web::access::tender(state, &identity.user, tender_id).await?;
    let sections = state.store.response_sections(tender_id).await?;
    let requirements = state
        .store
        .requirements(tender_id, &RequirementFilter::default())
        .await?;
    Ok((matrix(requirements, &sections), sections))
}

#[derive(Template, WebTemplate)]
#[template(path = "compliance.html")]
struct CompliancePage {
    page: PageCtx,
    tender_id: i64,
    title: String,
    m: Matrix,
    /// Each line's suggestions, in the matrix's order.
    suggestions: Vec<Vec<Suggestion>>,

    /// (id, heading with indentation) of the sections, in document order.
    sections: Vec<(i64, String)>,
    statuses: &'static [ComplianceStatus],
}

impl CompliancePage {
    fn suggestions_of(&self, index: &usize) -> &[Suggestion] {
        self.suggestions
            .get(*index)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    fn answers(&self, requirement_section: &Option<i64>, section: &i64) -> bool {
        *requirement_section == Some(*section)
    }
}

async fn page(
    State(state): State<AppState>,
    page: PageCtx,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<CompliancePage, WebError> {
    let tender = state.store.get_tender(id).await?;
    let (m, sections) = load(&state, &identity, id).await?;
    let index = LibraryIndex::new(&state.store.library_blocks().await?);
    let suggestions = m
        .lines
        .iter()
        .map(|l| index.suggest(&l.requirement.text, 3))
        .collect();
    let sections = in_order(&sections)
        .into_iter()
        .map(|(d, s)| {
            (
                s.id,
                format!("{}{}", "\u{a0}\u{a0}".repeat(d - 1), s.heading()),
            )
        })
        .collect();
    Ok(CompliancePage {
        page,
        tender_id: id,
        title: tender.title,
        m,
        suggestions,
        sections,
        statuses: ComplianceStatus::ALL,
    })
}

async fn export(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let (m, _) = load(&state, &identity, id).await?;
    let bytes = tokio::task::spawn_blocking(move || xlsx(&m))
        .await
        .map_err(|e| Error::Internal(format!("xlsx task: {e}")))??;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"matrice-conformite-{id}.xlsx\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Deserialize)]
struct ComplianceInput {
    compliance: ComplianceStatus,
    #[serde(default, deserialize_with = "empty_as_none")]
    answer_section_id: Option<i64>,
    #[serde(default)]
    comment: String,
}

/// Forms send "" for "no section".
fn empty_as_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum V {
        N(i64),
        S(String),
    }
    match Option::<V>::deserialize(d)? {
        None => Ok(None),
        Some(V::N(n)) => Ok(Some(n)),
        Some(V::S(s)) if s.trim().is_empty() => Ok(None),
        Some(V::S(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| serde::de::Error::custom("not a section id")),
    }
}

async fn edit(
    state: &AppState,
    identity: &Identity,
    id: i64,
    input: &ComplianceInput,
) -> Result<Requirement, WebError> {
    identity.require(identity.user.role.can_manage_tenders())?;
    crate::web::access::requirement(state, &identity.user, id).await?;
    Ok(state
        .store
        .set_compliance(
            id,
            input.compliance,
            input.answer_section_id,
            &input.comment,
        )
        .await?)
}

async fn edit_form(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    axum::Form(input): axum::Form<ComplianceInput>,
) -> Result<Response, WebError> {
    let r = edit(&state, &identity, id, &input).await?;
    Ok(Redirect::to(&format!("/tenders/{}/compliance#r{}", r.tender_id, r.id)).into_response())
}

async fn api_matrix(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Json<Matrix>, WebError> {
    Ok(Json(load(&state, &identity, id).await?.0))
}

async fn api_edit(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    Json(input): Json<ComplianceInput>,
) -> Result<Json<Requirement>, WebError> {
    Ok(Json(edit(&state, &identity, id, &input).await?))
}

async fn api_suggestions(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Suggestion>>, WebError> {
    crate::web::access::requirement(&state, &identity.user, id).await?;
    let r = state.store.requirement(id).await?;
    let index = LibraryIndex::new(&state.store.library_blocks().await?);
    Ok(Json(index.suggest(&r.text, 3)))
}
