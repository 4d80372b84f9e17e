//! The buying centre of a tender: its people with role, influence (1-5) and attitude (-2..+2),
//! as a list and a map (influence × attitude); forms and JSON API.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post, put};
use axum::{Form, Json, Router};

use super::page::PageCtx;
use super::pipeline::readable_tender;
use super::{AppState, Identity, WebError};
use crate::model::{BuyingRole, Stakeholder, Tender};
use crate::pipeline::svg::{self, Dot};
use crate::store::StakeholderInput;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tenders/{id}/stakeholders", get(page).post(add_from_form))
        .route("/tenders/{id}/stakeholders/{sid}", post(edit_from_form))
        .route(
            "/tenders/{id}/stakeholders/{sid}/delete",
            post(delete_from_form),
        )
        .route(
            "/api/v1/tenders/{id}/stakeholders",
            get(api_list).post(api_add),
        )
        .route(
            "/api/v1/tenders/{id}/stakeholders/{sid}",
            put(api_edit).delete(api_delete),
        )
}

/// Places a person on the map: attitude left (hostile) to right (champion), influence up.
pub fn map_dot(s: &Stakeholder) -> Dot {
    let x = f64::from(s.attitude.clamp(-2, 2) + 2) * 25.0;
    let y = f64::from(s.influence.clamp(1, 5) - 1) * 25.0;
    let class = match s.attitude {
        a if a > 0 => "ally",
        0 => "neutral",
        _ => "opponent",
    };
    svg::dot(
        x,
        y,
        100.0,
        s.name.clone(),
        format!("#stakeholder-{}", s.id),
        class.into(),
    )
}

#[derive(Template, WebTemplate)]
#[template(path = "stakeholders.html")]
struct StakeholdersPage {
    page: PageCtx,
    tender: Tender,
    people: Vec<Stakeholder>,
    dots: Vec<Dot>,
    roles: &'static [BuyingRole],
}

async fn page(
    State(state): State<AppState>,
    identity: Identity,
    page: PageCtx,
    Path(id): Path<i64>,
) -> Result<StakeholdersPage, WebError> {
    let tender = readable_tender(&state, &identity, id).await?;
    let people = state.store.stakeholders(id).await?;
    Ok(StakeholdersPage {
        dots: people.iter().map(map_dot).collect(),
        page,
        tender,
        people,
        roles: BuyingRole::ALL,
    })
}

/// Only those who manage tenders change the buying centre, on a tender they can read.
async fn writable(state: &AppState, identity: &Identity, id: i64) -> Result<(), WebError> {
    identity.require(identity.user.role.can_manage_tenders())?;
    readable_tender(state, identity, id).await?;
    Ok(())
}

async fn add_from_form(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    Form(input): Form<StakeholderInput>,
) -> Result<Response, WebError> {
    writable(&state, &identity, id).await?;
    state.store.add_stakeholder(id, &input).await?;
    Ok(Redirect::to(&format!("/tenders/{id}/stakeholders")).into_response())
}

async fn edit_from_form(
    State(state): State<AppState>,
    identity: Identity,
    Path((id, sid)): Path<(i64, i64)>,
    Form(input): Form<StakeholderInput>,
) -> Result<Response, WebError> {
    writable(&state, &identity, id).await?;
    state.store.update_stakeholder(id, sid, &input).await?;
    Ok(Redirect::to(&format!("/tenders/{id}/stakeholders")).into_response())
}

async fn delete_from_form(
    State(state): State<AppState>,
    identity: Identity,
    Path((id, sid)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    writable(&state, &identity, id).await?;
    state.store.delete_stakeholder(id, sid).await?;
    Ok(Redirect::to(&format!("/tenders/{id}/stakeholders")).into_response())
}

async fn api_list(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Stakeholder>>, WebError> {
    readable_tender(&state, &identity, id).await?;
    Ok(Json(state.store.stakeholders(id).await?))
}

async fn api_add(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    Json(input): Json<StakeholderInput>,
) -> Result<Response, WebError> {
    writable(&state, &identity, id).await?;
    let s = state.store.add_stakeholder(id, &input).await?;
    Ok((StatusCode::CREATED, Json(s)).into_response())
}

async fn api_edit(
    State(state): State<AppState>,
    identity: Identity,
    Path((id, sid)): Path<(i64, i64)>,
    Json(input): Json<StakeholderInput>,
) -> Result<StatusCode, WebError> {
    writable(&state, &identity, id).await?;
    state.store.update_stakeholder(id, sid, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn api_delete(
    State(state): State<AppState>,
    identity: Identity,
    Path((id, sid)): Path<(i64, i64)>,
) -> Result<StatusCode, WebError> {
    writable(&state, &identity, id).await?;
    state.store.delete_stakeholder(id, sid).await?;
    Ok(StatusCode::NO_CONTENT)
}
