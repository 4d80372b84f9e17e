//! The JSON API of the outline and its sections (`/api/v1`): the same calls and permission
//! rules as the pages, a stale save answered 409 with both texts; and the preview the editor
//! asks for while the writer types.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

use super::sections::{
    AddInput, InsertInput, add_section, check_meta, generate, insert_block, section_suggestions,
};
use super::{can_write_section, readable_section};
use crate::error::Error;
use crate::response::suggest::Suggestion;
use crate::response::{EditConflict, Section, SectionEdit};
use crate::store::{OutlineReport, SectionMeta};
use crate::web::access;
use crate::web::{AppState, Identity, WebError};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/preview", post(api_preview))
        .route(
            "/api/v1/tenders/{id}/sections",
            get(api_sections).post(api_add),
        )
        .route("/api/v1/tenders/{id}/outline", post(api_generate))
        .route("/api/v1/sections/{id}", get(api_section).put(api_save))
        .route("/api/v1/sections/{id}/meta", post(api_meta))
        .route("/api/v1/sections/{id}/insert", post(api_insert))
        .route("/api/v1/sections/{id}/suggestions", get(api_suggestions))
}

#[derive(Deserialize)]
struct PreviewInput {
    markdown: String,
}

async fn api_preview(Json(input): Json<PreviewInput>) -> Result<Response, WebError> {
    if input.markdown.len() > 4 * crate::response::MAX_SECTION_CHARS {
        return Err(Error::Invalid("the text is too long to preview".into()).into());
    }
    let words = crate::response::word_count(&input.markdown);
    let html = crate::response::preview_html(&input.markdown);
    Ok(Json(serde_json::json!({ "html": html, "words": words })).into_response())
}

async fn api_sections(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Section>>, WebError> {
    access::tender(&state, &identity.user, id).await?;
    Ok(Json(state.store.response_sections(id).await?))
}

async fn api_add(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    Json(input): Json<AddInput>,
) -> Result<Response, WebError> {
    let s = add_section(&state, &identity, id, &input).await?;
    Ok((StatusCode::CREATED, Json(s)).into_response())
}

async fn api_generate(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Json<OutlineReport>, WebError> {
    Ok(Json(generate(&state, &identity, id).await?))
}

async fn api_section(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Json<Section>, WebError> {
    Ok(Json(readable_section(&state, &identity, id).await?))
}

/// The saved section, or 409 with both texts: `theirs` (the section as saved by the other
/// writer) and `yours`.
fn api_saved(saved: Result<Section, EditConflict>) -> Response {
    let c = match saved {
        Ok(s) => return Json(s).into_response(),
        Err(c) => c,
    };
    (
        StatusCode::CONFLICT,
        Json(serde_json::json!({
            "error": {"code": "conflict", "message": "this section was saved by someone else since you opened it; both texts are kept"},
            "theirs": c.theirs,
            "yours": c.yours,
            "your_version": c.your_version,
        })),
    )
        .into_response()
}

async fn api_save(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    Json(edit): Json<SectionEdit>,
) -> Result<Response, WebError> {
    let s = readable_section(&state, &identity, id).await?;
    identity.require(can_write_section(&identity, &s))?;
    Ok(api_saved(state.store.save_section_text(id, &edit).await?))
}

async fn api_meta(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    Json(meta): Json<SectionMeta>,
) -> Result<Json<Section>, WebError> {
    let s = readable_section(&state, &identity, id).await?;
    check_meta(&identity, &s, &meta)?;
    Ok(Json(state.store.set_section_meta(id, &meta).await?))
}

async fn api_insert(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    Json(input): Json<InsertInput>,
) -> Result<Response, WebError> {
    Ok(api_saved(
        insert_block(&state, &identity, id, &input).await?,
    ))
}

async fn api_suggestions(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Suggestion>>, WebError> {
    let s = readable_section(&state, &identity, id).await?;
    Ok(Json(section_suggestions(&state, &s).await?))
}
