//! The requirements of a tender: filtered list, edit, merge, add (browser and API); and the
//! correction of a piece's kind.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

use super::page::PageCtx;
use super::{AppState, Identity, WebError};
use crate::error::Error;
use crate::model::{Category, Document, Requirement, Strength};
use crate::store::RequirementFilter;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tenders/{id}/requirements", get(page).post(add_from_form))
        .route("/tenders/{id}/requirements/merge", post(merge_from_form))
        .route("/requirements/{id}", post(edit_from_form))
        .route(
            "/api/v1/tenders/{id}/requirements",
            get(api_list).post(api_add),
        )
        .route("/api/v1/tenders/{id}/requirements/merge", post(api_merge))
        .route("/api/v1/requirements/{id}", get(api_get).patch(api_edit))
}

#[derive(Deserialize, Default)]
struct FilterQuery {
    category: Option<String>,
    strength: Option<String>,
    document: Option<i64>,
}

impl FilterQuery {
    fn filter(&self) -> Result<RequirementFilter, Error> {
        let non_empty = |s: &Option<String>| s.clone().filter(|v| !v.is_empty());
        Ok(RequirementFilter {
            category: non_empty(&self.category)
                .map(|c| Category::parse(&c))
                .transpose()?,
            strength: non_empty(&self.strength)
                .map(|c| Strength::parse(&c))
                .transpose()?,
            document_id: self.document,
        })
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "requirements.html")]
struct RequirementsPage {
    page: PageCtx,
    tender_id: i64,
    title: String,
    items: Vec<Requirement>,
    documents: Vec<Document>,
    categories: &'static [Category],
    strengths: &'static [Strength],
    category: String,
    strength: String,
    mandatory: usize,
}

async fn page(
    State(state): State<AppState>,
    page: PageCtx,
    identity: Identity,
    Path(id): Path<i64>,
    Query(q): Query<FilterQuery>,
) -> Result<RequirementsPage, WebError> {
    super::access::tender(&state, &identity.user, id).await?;
    let tender = state.store.get_tender(id).await?;
    let items = state.store.requirements(id, &q.filter()?).await?;
    let documents = state.store.documents(id).await?;
    let mandatory = items
        .iter()
        .filter(|r| r.strength == Strength::Mandatory)
        .count();
    Ok(RequirementsPage {
        page,
        tender_id: id,
        title: tender.title,
        items,
        documents,
        categories: Category::ALL,
        strengths: Strength::ALL,
        category: q.category.unwrap_or_default(),
        strength: q.strength.unwrap_or_default(),
        mandatory,
    })
}

#[derive(Deserialize)]
struct RequirementInput {
    #[serde(default)]
    reference: String,
    text: String,
    strength: Strength,
    category: Category,
}

async fn add_from_form(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    axum::Form(input): axum::Form<RequirementInput>,
) -> Result<Response, WebError> {
    identity.require(identity.user.role.can_manage_tenders())?;
    state
        .store
        .add_requirement(
            id,
            &input.reference,
            &input.text,
            input.strength,
            input.category,
        )
        .await?;
    Ok(Redirect::to(&format!("/tenders/{id}/requirements")).into_response())
}

async fn edit_from_form(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    axum::Form(input): axum::Form<RequirementInput>,
) -> Result<Response, WebError> {
    identity.require(identity.user.role.can_manage_tenders())?;
    let r = state
        .store
        .update_requirement(id, &input.text, input.strength, input.category)
        .await?;
    Ok(Redirect::to(&format!("/tenders/{}/requirements#r{}", r.tender_id, r.id)).into_response())
}

#[derive(Deserialize)]
struct MergeInput {
    #[serde(default)]
    ids: Vec<i64>,
}

async fn merge_from_form(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    axum_extra::extract::Form(input): axum_extra::extract::Form<MergeInput>,
) -> Result<Response, WebError> {
    identity.require(identity.user.role.can_manage_tenders())?;
    let merged = state.store.merge_requirements(id, &input.ids).await?;
    Ok(Redirect::to(&format!("/tenders/{id}/requirements#r{}", merged.id)).into_response())
}

async fn api_list(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    Query(q): Query<FilterQuery>,
) -> Result<Json<Vec<Requirement>>, WebError> {
    super::access::tender(&state, &identity.user, id).await?;
    Ok(Json(state.store.requirements(id, &q.filter()?).await?))
}

async fn api_get(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Json<Requirement>, WebError> {
    super::access::requirement(&state, &identity.user, id).await?;
    Ok(Json(state.store.requirement(id).await?))
}

async fn api_add(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    Json(input): Json<RequirementInput>,
) -> Result<Response, WebError> {
    identity.require(identity.user.role.can_manage_tenders())?;
    let r = state
        .store
        .add_requirement(
            id,
            &input.reference,
            &input.text,
            input.strength,
            input.category,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(r)).into_response())
}

async fn api_edit(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    Json(input): Json<RequirementInput>,
) -> Result<Json<Requirement>, WebError> {
    identity.require(identity.user.role.can_manage_tenders())?;
    Ok(Json(
        state
            .store
            .update_requirement(id, &input.text, input.strength, input.category)
            .await?,
    ))
}

async fn api_merge(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    Json(input): Json<MergeInput>,
) -> Result<Json<Requirement>, WebError> {
    identity.require(identity.user.role.can_manage_tenders())?;
    Ok(Json(state.store.merge_requirements(id, &input.ids).await?))
}
