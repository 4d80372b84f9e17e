//! User management, for admins: the page and the JSON API.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Json, Router};
use serde::Deserialize;

use super::page::PageCtx;
use super::{AppState, Identity, WebError};
use crate::auth::hash_password;
use crate::error::Error;
use crate::model::{Role, User};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/users", get(users_page).post(add_from_form))
        .route("/api/v1/users", get(api_list).post(api_add))
        .route("/api/v1/me", get(me))
}

#[derive(Template, WebTemplate)]
#[template(path = "users.html")]
struct UsersPage {
    page: PageCtx,
    users: Vec<User>,
    roles: &'static [Role],
    notice: Option<&'static str>,
    error: Option<String>,
}

#[derive(Deserialize)]
struct UsersQuery {
    added: Option<String>,
}

async fn users_page(
    State(state): State<AppState>,
    page: PageCtx,
    identity: Identity,
    Query(q): Query<UsersQuery>,
) -> Result<UsersPage, WebError> {
    identity.require(identity.user.role.can_manage_users())?;
    let users = state.store.list_users().await?;
    let notice = q.added.map(|_| page.t("users.added"));
    Ok(UsersPage {
        page,
        users,
        roles: Role::ALL,
        notice,
        error: None,
    })
}

#[derive(Deserialize)]
struct NewUser {
    name: String,
    role: String,
    password: String,
}

async fn add(state: &AppState, identity: &Identity, input: &NewUser) -> Result<User, WebError> {
    identity.require(identity.user.role.can_manage_users())?;
    let role = Role::parse(&input.role).map_err(Error::from)?;
    let hash = hash_password(&input.password)?;
    let user = state
        .store
        .create_user(&input.name, role, &hash, false)
        .await?;
    state
        .store
        .audit(
            Some(identity.user.id),
            "user_added",
            &user.name,
            role.as_str(),
            None,
        )
        .await?;
    Ok(user)
}

async fn add_from_form(
    State(state): State<AppState>,
    page: PageCtx,
    identity: Identity,
    Form(input): Form<NewUser>,
) -> Result<Response, WebError> {
    match add(&state, &identity, &input).await {
        Ok(_) => Ok(Redirect::to("/admin/users?added=1").into_response()),
        Err(WebError(Error::Invalid(m) | Error::Conflict(m))) => {
            let users = state.store.list_users().await?;
            let page = UsersPage {
                page,
                users,
                roles: Role::ALL,
                notice: None,
                error: Some(m),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}

async fn api_list(
    State(state): State<AppState>,
    identity: Identity,
) -> Result<Json<Vec<User>>, WebError> {
    identity.require(identity.user.role.can_manage_users())?;
    Ok(Json(state.store.list_users().await?))
}

async fn api_add(
    State(state): State<AppState>,
    identity: Identity,
    Json(input): Json<NewUser>,
) -> Result<Response, WebError> {
    let user = add(&state, &identity, &input).await?;
    Ok((StatusCode::CREATED, Json(user)).into_response())
}

async fn me(identity: Identity) -> Json<User> {
    Json(identity.user)
}
