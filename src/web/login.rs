//! Sign in, sign out, and change one's password.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::{Extensions, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use serde::Deserialize;

use super::auth::{PRELOGIN_COOKIE, SESSION_COOKIE, safe_next};
use super::page::PageCtx;
use super::{AppState, Identity, WebError, client_ip};
use crate::auth::{hash_password, random_token, verify_against_nothing, verify_password};
use crate::error::Error;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route(
            "/account/password",
            get(password_page).post(change_password),
        )
}

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
struct LoginPage {
    page: PageCtx,
    csrf: String,
    next: String,
    name: String,
    error: Option<&'static str>,
    notice: Option<&'static str>,
}

#[derive(Deserialize)]
struct LoginQuery {
    next: Option<String>,
    bye: Option<String>,
}

fn cookie(name: &'static str, value: String, secure: bool) -> Cookie<'static> {
    Cookie::build((name, value))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .path("/")
        .build()
}

async fn login_page(
    State(state): State<AppState>,
    page: PageCtx,
    jar: CookieJar,
    Query(q): Query<LoginQuery>,
) -> Response {
    if page.user.is_some() {
        return Redirect::to(safe_next(q.next.as_deref())).into_response();
    }
    let csrf = jar
        .get(PRELOGIN_COOKIE)
        .map(|c| c.value().to_string())
        .unwrap_or_else(random_token);
    let jar = jar.add(cookie(
        PRELOGIN_COOKIE,
        csrf.clone(),
        state.config.secure_cookies,
    ));
    let notice = q.bye.map(|_| page.t("login.logged_out"));
    let next = safe_next(q.next.as_deref()).to_string();
    (
        jar,
        LoginPage {
            page,
            csrf,
            next,
            name: String::new(),
            error: None,
            notice,
        },
    )
        .into_response()
}

#[derive(Deserialize)]
struct LoginForm {
    name: String,
    password: String,
    csrf: String,
    next: Option<String>,
}

async fn login(
    State(state): State<AppState>,
    page: PageCtx,
    jar: CookieJar,
    extensions: Extensions,
    Form(form): Form<LoginForm>,
) -> Result<Response, WebError> {
    let ip = client_ip(&extensions);
    let again = |page: PageCtx, status: StatusCode, error: &'static str| {
        let next = safe_next(form.next.as_deref()).to_string();
        let name = form.name.chars().take(64).collect();
        (
            status,
            LoginPage {
                page,
                csrf: form.csrf.clone(),
                next,
                name,
                error: Some(error),
                notice: None,
            },
        )
            .into_response()
    };
    if state.throttle.check(ip).is_err() {
        let msg = page.t("login.throttled");
        return Ok(again(page, StatusCode::TOO_MANY_REQUESTS, msg));
    }
    let found = state.store.user_for_login(&form.name).await?;
    let user = match found {
        Some((user, hash)) if !user.disabled && verify_password(&form.password, &hash) => {
            Some(user)
        }
        Some(_) => None,
        None => {
            verify_against_nothing(&form.password);
            None
        }
    };
    let ip_text = ip.to_string();
    let Some(user) = user else {
        state.throttle.failure(ip);
        let name: String = form.name.chars().take(64).collect();
        state
            .store
            .audit(None, "login_failed", &name, "", Some(&ip_text))
            .await?;
        let msg = page.t("login.failed");
        return Ok(again(page, StatusCode::UNAUTHORIZED, msg));
    };
    state.throttle.success(ip);
    let ttl = chrono::Duration::hours(state.config.session_hours);
    let (token, _) = state.store.create_session(user.id, ttl).await?;
    state
        .store
        .audit(Some(user.id), "login", &user.name, "", Some(&ip_text))
        .await?;
    let jar = jar
        .remove(Cookie::build(PRELOGIN_COOKIE).path("/"))
        .add(cookie(SESSION_COOKIE, token, state.config.secure_cookies));
    let target = if user.must_change_password {
        "/account/password"
    } else {
        safe_next(form.next.as_deref())
    };
    Ok((jar, Redirect::to(target)).into_response())
}

async fn logout(
    State(state): State<AppState>,
    identity: Identity,
    jar: CookieJar,
) -> Result<Response, WebError> {
    if let Some(session) = &identity.session {
        state.store.delete_session(session.id).await?;
    }
    state
        .store
        .audit(
            Some(identity.user.id),
            "logout",
            &identity.user.name,
            "",
            None,
        )
        .await?;
    let jar = jar.remove(Cookie::build(SESSION_COOKIE).path("/"));
    Ok((jar, Redirect::to("/login?bye=1")).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "password.html")]
struct PasswordPage {
    page: PageCtx,
    must_change: bool,
    error: Option<String>,
    notice: Option<&'static str>,
}

async fn password_page(page: PageCtx, identity: Identity) -> PasswordPage {
    PasswordPage {
        page,
        must_change: identity.user.must_change_password,
        error: None,
        notice: None,
    }
}

#[derive(Deserialize)]
struct PasswordForm {
    current: String,
    new: String,
}

async fn change_password(
    State(state): State<AppState>,
    page: PageCtx,
    identity: Identity,
    Form(form): Form<PasswordForm>,
) -> Result<Response, WebError> {
    let user = &identity.user;
    let must_change = user.must_change_password;
    let stored = state.store.user_for_login(&user.name).await?;
    let current_ok = stored.is_some_and(|(_, hash)| verify_password(&form.current, &hash));
    if !current_ok {
        let error = Some(page.t("login.failed").to_string());
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            PasswordPage {
                page,
                must_change,
                error,
                notice: None,
            },
        )
            .into_response());
    }
    let hash = match hash_password(&form.new) {
        Ok(hash) => hash,
        Err(Error::Invalid(m)) => {
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                PasswordPage {
                    page,
                    must_change,
                    error: Some(m),
                    notice: None,
                },
            )
                .into_response());
        }
        Err(e) => return Err(e.into()),
    };
    state
        .store
        .set_password(user.id, &hash, identity.session.as_ref().map(|s| s.id))
        .await?;
    state
        .store
        .audit(Some(user.id), "password_changed", &user.name, "", None)
        .await?;
    if must_change {
        return Ok(Redirect::to("/").into_response());
    }
    let notice = Some(page.t("password.changed"));
    Ok(PasswordPage {
        page,
        must_change: false,
        error: None,
        notice,
    }
    .into_response())
}
