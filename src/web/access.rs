//! Per-tender access in the web shell: the checks routes make before showing a tender or
//! what it holds (a tender the user may not read answers 404, as if it did not exist), and
//! the page and API that restrict a tender to its members.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Json, Router};
use axum_extra::extract::Form;
use serde::Deserialize;

use super::page::PageCtx;
use super::{AppState, Identity, WebError};
use crate::error::Error;
use crate::model::{Role, User};
use crate::store::Membership;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tenders/{id}/access", get(page).post(save_from_form))
        .route("/api/v1/tenders/{id}/members", get(api_get).put(api_put))
}

/// Refuses (404) a tender `user` may not read, or that does not exist.
pub async fn tender(state: &AppState, user: &User, tender_id: i64) -> Result<(), WebError> {
    if state.store.can_read_tender(user, tender_id).await? {
        Ok(())
    } else {
        Err(Error::NotFound("tender").into())
    }
}

/// Refuses (404) a piece of a tender `user` may not read.
pub async fn document(state: &AppState, user: &User, document_id: i64) -> Result<(), WebError> {
    let doc = state.store.document(document_id).await?;
    tender(state, user, doc.tender_id)
        .await
        .map_err(|_| Error::NotFound("document").into())
}

/// Refuses (404) a requirement of a tender `user` may not read.
pub async fn requirement(state: &AppState, user: &User, id: i64) -> Result<(), WebError> {
    let r = state.store.requirement(id).await?;
    tender(state, user, r.tender_id)
        .await
        .map_err(|_| Error::NotFound("requirement").into())
}

#[derive(Deserialize)]
struct MembersInput {
    restricted: bool,
    #[serde(default)]
    members: Vec<i64>,
}

async fn save(
    state: &AppState,
    identity: &Identity,
    id: i64,
    restricted: bool,
    members: &[i64],
) -> Result<Membership, WebError> {
    identity.require(identity.user.role.can_manage_tenders())?;
    let m = state
        .store
        .set_tender_membership(id, restricted, members)
        .await?;
    state
        .store
        .audit(
            Some(identity.user.id),
            "tender_access_set",
            &format!("tender:{id}"),
            &format!("restricted={restricted} members={members:?}"),
            None,
        )
        .await?;
    Ok(m)
}

async fn api_get(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Json<Membership>, WebError> {
    tender(&state, &identity.user, id).await?;
    Ok(Json(state.store.tender_membership(id).await?))
}

async fn api_put(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    Json(input): Json<MembersInput>,
) -> Result<Json<Membership>, WebError> {
    Ok(Json(
        save(&state, &identity, id, input.restricted, &input.members).await?,
    ))
}

/// A user as a checkbox of the access form.
pub struct MemberLine {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub member: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "tender_access.html")]
struct AccessPage {
    page: PageCtx,
    tender_id: i64,
    title: String,
    restricted: bool,
    users: Vec<MemberLine>,
}

async fn page(
    State(state): State<AppState>,
    page: PageCtx,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<AccessPage, WebError> {
    identity.require(identity.user.role.can_manage_tenders())?;
    let t = state.store.get_tender(id).await?;
    let m = state.store.tender_membership(id).await?;
    let users = state
        .store
        .list_users()
        .await?
        .into_iter()
        .filter(|u| !u.role.can_manage_tenders() && !u.disabled)
        .map(|u| MemberLine {
            member: m.members.contains(&u.id),
            id: u.id,
            name: u.name,
            role: u.role,
        })
        .collect();
    Ok(AccessPage {
        page,
        tender_id: id,
        title: t.title,
        restricted: m.restricted,
        users,
    })
}

#[derive(Deserialize)]
struct AccessForm {
    #[serde(default)]
    restricted: Option<String>,
    #[serde(default)]
    member: Vec<i64>,
}

async fn save_from_form(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    Form(form): Form<AccessForm>,
) -> Result<Response, WebError> {
    save(
        &state,
        &identity,
        id,
        form.restricted.is_some(),
        &form.member,
    )
    .await?;
    Ok(Redirect::to(&format!("/tenders/{id}/access")).into_response())
}
