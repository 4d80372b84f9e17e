//! The objection grid for scripts (`/api/v1`): list, add, edit, delete, seed, suggestions,
//! import; clauses to negotiate. Shared with the pages: file import and the brief.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{AppState, Identity, WebError};
use crate::error::Error;
use crate::model::{NegotiationClause, Objection, Tender};
use crate::objections::{self, ImportError};
use crate::store::{ClauseInput, ObjectionInput};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/tenders/{id}/objections", get(list).post(add))
        .route("/api/v1/tenders/{id}/objections/seed", post(seed))
        .route(
            "/api/v1/tenders/{id}/objections/suggestions",
            get(suggestions),
        )
        .route("/api/v1/tenders/{id}/objections/import", post(import))
        .route("/api/v1/objections/{oid}", patch(edit).delete(delete))
        .route(
            "/api/v1/tenders/{id}/clauses",
            get(clauses).post(add_clause),
        )
        .route(
            "/api/v1/clauses/{cid}",
            patch(edit_clause).delete(delete_clause),
        )
}

/// An objection with its priority, as the API and the CLI print it.
pub fn objection_json(o: &Objection) -> Value {
    let mut v = serde_json::to_value(o).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut v {
        map.insert("priority".into(), json!(o.priority()));
    }
    v
}

/// The objection, when the user may read its tender (404 otherwise).
pub(super) async fn readable_objection(
    state: &AppState,
    identity: &Identity,
    oid: i64,
) -> Result<Objection, WebError> {
    let o = state.store.objection(oid).await?;
    super::access::tender(state, &identity.user, o.tender_id).await?;
    Ok(o)
}

/// The clause to negotiate, when the user may read its tender (404 otherwise).
pub(super) async fn readable_clause(
    state: &AppState,
    identity: &Identity,
    cid: i64,
) -> Result<NegotiationClause, WebError> {
    let c = state.store.negotiation_clause(cid).await?;
    super::access::tender(state, &identity.user, c.tender_id).await?;
    Ok(c)
}

async fn list(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Json<Value>, WebError> {
    super::access::tender(&state, &identity.user, id).await?;
    state.store.get_tender(id).await?;
    let list = state.store.objections(id).await?;
    Ok(Json(
        json!({ "objections": list.iter().map(objection_json).collect::<Vec<_>>() }),
    ))
}

async fn add(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    Json(input): Json<ObjectionInput>,
) -> Result<Response, WebError> {
    identity.require(identity.user.role.can_write())?;
    super::access::tender(&state, &identity.user, id).await?;
    let o = state.store.add_objection(id, &input).await?;
    Ok((StatusCode::CREATED, Json(objection_json(&o))).into_response())
}

async fn edit(
    State(state): State<AppState>,
    identity: Identity,
    Path(oid): Path<i64>,
    Json(input): Json<ObjectionInput>,
) -> Result<Json<Value>, WebError> {
    identity.require(identity.user.role.can_write())?;
    readable_objection(&state, &identity, oid).await?;
    Ok(Json(objection_json(
        &state.store.update_objection(oid, &input).await?,
    )))
}

async fn delete(
    State(state): State<AppState>,
    identity: Identity,
    Path(oid): Path<i64>,
) -> Result<StatusCode, WebError> {
    identity.require(identity.user.role.can_write())?;
    readable_objection(&state, &identity, oid).await?;
    state.store.delete_objection(oid).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn seed(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Json<Value>, WebError> {
    identity.require(identity.user.role.can_write())?;
    super::access::tender(&state, &identity.user, id).await?;
    let seeded = objections::seeding::seed(&state.store, id).await?;
    Ok(Json(json!({ "added": seeded })))
}

/// What seeding would propose, storing nothing.
async fn suggestions(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Json<Value>, WebError> {
    super::access::tender(&state, &identity.user, id).await?;
    let found = objections::seeding::suggestions(&state.store, id).await?;
    Ok(Json(json!({ "suggestions": found })))
}

#[derive(Deserialize)]
struct ImportQuery {
    /// The file's name tells CSV from the other formats.
    name: Option<String>,
    #[serde(default)]
    replace: bool,
}

/// The file as the request body (`?name=grille.xlsx&replace=true`).
async fn import(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    Query(q): Query<ImportQuery>,
    body: Bytes,
) -> Result<Json<Value>, WebError> {
    identity.require(identity.user.role.can_write())?;
    super::access::tender(&state, &identity.user, id).await?;
    let name = q.name.unwrap_or_else(|| "grille.xlsx".into());
    let count = import_file(&state, id, name, body.to_vec(), q.replace).await?;
    Ok(Json(json!({ "imported": count })))
}

/// Reads the file away from the async threads, then stores every row or none.
pub(super) async fn import_file(
    state: &AppState,
    tender_id: i64,
    name: String,
    bytes: Vec<u8>,
    replace: bool,
) -> Result<u64, WebError> {
    state.store.get_tender(tender_id).await?;
    let rows = tokio::task::spawn_blocking(move || objections::import_rows(&name, &bytes))
        .await
        .map_err(|e| Error::Internal(format!("import task: {e}")))?
        .map_err(|e: ImportError| Error::Invalid(e.to_string()))?;
    Ok(state
        .store
        .import_objections(tender_id, &rows, replace)
        .await?)
}

/// The internal defence brief as a Word document.
pub(super) async fn brief(state: &AppState, tender: &Tender) -> Result<Vec<u8>, WebError> {
    let list = state.store.objections(tender.id).await?;
    let clauses = state.store.negotiation_clauses(tender.id).await?;
    let arguments = state.store.criterion_arguments(tender.id).await?;
    let people = state.store.stakeholders(tender.id).await?;
    let md = objections::brief_markdown(&tender.title, &list, &clauses, &arguments, |sid| {
        people.iter().find(|p| p.id == sid).map(|p| p.name.clone())
    });
    let opts = crate::docx::RenderOptions {
        header_text: Some(format!(
            "Document interne · {}",
            tender.reference.as_deref().unwrap_or(&tender.title)
        )),
        ..Default::default()
    };
    tokio::task::spawn_blocking(move || crate::docx::render(&md, &opts))
        .await
        .map_err(|e| Error::Internal(format!("brief task: {e}")))?
        .map_err(|e| Error::Internal(format!("brief: {e}")).into())
}

async fn clauses(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Json<Value>, WebError> {
    super::access::tender(&state, &identity.user, id).await?;
    state.store.get_tender(id).await?;
    Ok(Json(
        json!({ "clauses": state.store.negotiation_clauses(id).await? }),
    ))
}

async fn add_clause(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    Json(input): Json<ClauseInput>,
) -> Result<Response, WebError> {
    identity.require(identity.user.role.can_write())?;
    super::access::tender(&state, &identity.user, id).await?;
    let c = state.store.add_clause(id, &input).await?;
    Ok((StatusCode::CREATED, Json(c)).into_response())
}

async fn edit_clause(
    State(state): State<AppState>,
    identity: Identity,
    Path(cid): Path<i64>,
    Json(input): Json<ClauseInput>,
) -> Result<Json<Value>, WebError> {
    identity.require(identity.user.role.can_write())?;
    readable_clause(&state, &identity, cid).await?;
    Ok(Json(json!(state.store.update_clause(cid, &input).await?)))
}

async fn delete_clause(
    State(state): State<AppState>,
    identity: Identity,
    Path(cid): Path<i64>,
) -> Result<StatusCode, WebError> {
    identity.require(identity.user.role.can_write())?;
    readable_clause(&state, &identity, cid).await?;
    state.store.delete_clause(cid).await?;
    Ok(StatusCode::NO_CONTENT)
}
