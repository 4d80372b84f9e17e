//! Who is asking, and may they: resolves the user from the session cookie or the bearer
//! token, sends strangers to /login (browser) or 401 (API), refuses a viewer's writes, checks
//! the CSRF token of every state-changing request made with a cookie.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;

use super::{AppState, Identity, WebError};
use crate::auth::constant_time_eq;
use crate::error::Error;

pub const SESSION_COOKIE: &str = "td_session";
pub const PRELOGIN_COOKIE: &str = "td_prelogin";
pub const CSRF_FIELD: &str = "csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";
/// Forms are small; anything larger is not a form post and carries its token in a header.
const MAX_FORM_BYTES: usize = 1024 * 1024;

fn is_public(path: &str) -> bool {
    path == "/login" || path == "/healthz" || path.starts_with("/static/") || path == "/favicon.ico"
}

/// Paths a user may post to whatever their role, and before changing a one-time password.
fn is_self_service(path: &str) -> bool {
    path == "/logout" || path == "/account/password"
}

fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

async fn identify(state: &AppState, headers: &HeaderMap) -> Result<Option<Identity>, Error> {
    if let Some(auth) = headers.get(header::AUTHORIZATION) {
        let value = auth.to_str().unwrap_or("");
        let token = value.strip_prefix("Bearer ").map(str::trim).unwrap_or("");
        if token.is_empty() {
            return Err(Error::Unauthenticated);
        }
        return match state.store.token_user(token).await? {
            Some(user) => Ok(Some(Identity {
                user,
                session: None,
            })),
            None => Err(Error::Unauthenticated),
        };
    }
    let jar = CookieJar::from_headers(headers);
    let Some(cookie) = jar.get(SESSION_COOKIE) else {
        return Ok(None);
    };
    Ok(state
        .store
        .session_user(cookie.value())
        .await?
        .map(|su| Identity {
            user: su.user,
            session: Some(su.session),
        }))
}

pub async fn authenticate(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let is_api = path.starts_with("/api/");
    let identity = match identify(&state, req.headers()).await {
        Ok(identity) => identity,
        // A bad bearer token is refused even on public paths: a script must know.
        Err(e) => return WebError(e).into_response(),
    };
    if let Some(id) = &identity {
        req.extensions_mut().insert(id.clone());
    }
    let unsafe_method = is_unsafe(req.method());

    let Some(id) = identity else {
        if is_public(&path) {
            if unsafe_method {
                // Only the login form posts without a session: it carries the pre-login token.
                let expected = CookieJar::from_headers(req.headers())
                    .get(PRELOGIN_COOKIE)
                    .map(|c| c.value().to_string());
                return match check_csrf(req, expected.as_deref()).await {
                    Ok(req) => next.run(req).await,
                    Err(e) => e.into_response(),
                };
            }
            return next.run(req).await;
        }
        if is_api {
            return WebError(Error::Unauthenticated).into_response();
        }
        let target = req
            .uri()
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/");
        let next_param = if req.method() == Method::GET && target != "/" {
            format!("?next={}", encode_component(target))
        } else {
            String::new()
        };
        return Redirect::to(&format!("/login{next_param}")).into_response();
    };

    if unsafe_method {
        if !id.user.role.can_write() && !is_self_service(&path) {
            return WebError(Error::Forbidden).into_response();
        }
        if let Some(session) = &id.session {
            req = match check_csrf(req, Some(&session.csrf_token)).await {
                Ok(req) => req,
                Err(e) => return e.into_response(),
            };
        }
    }
    if id.user.must_change_password && !is_api && !is_self_service(&path) && !is_public(&path) {
        return Redirect::to("/account/password").into_response();
    }
    next.run(req).await
}

/// Passes the request on when it carries the expected CSRF token, in the `X-CSRF-Token`
/// header or in the `csrf` field of a url-encoded form (or, for a multipart upload from a
/// plain form, in the `csrf` query parameter).
async fn check_csrf(req: Request, expected: Option<&str>) -> Result<Request, WebError> {
    let forbidden = || WebError(Error::Forbidden);
    let expected = expected.filter(|e| !e.is_empty()).ok_or_else(forbidden)?;
    if let Some(given) = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()) {
        return if constant_time_eq(given, expected) {
            Ok(req)
        } else {
            Err(forbidden())
        };
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    if content_type.starts_with("multipart/form-data") {
        let given = req.uri().query().and_then(|q| {
            form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == CSRF_FIELD)
                .map(|(_, v)| v.into_owned())
        });
        return match given {
            Some(g) if constant_time_eq(&g, expected) => Ok(req),
            _ => Err(forbidden()),
        };
    }
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return Err(forbidden());
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_FORM_BYTES)
        .await
        .map_err(|_| WebError(Error::Invalid("the form is too large".into())))?;
    let given = form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == CSRF_FIELD)
        .map(|(_, v)| v.into_owned());
    match given {
        Some(g) if constant_time_eq(&g, expected) => {
            Ok(Request::from_parts(parts, Body::from(bytes)))
        }
        _ => Err(forbidden()),
    }
}

/// Percent-encodes a path for a query parameter.
pub fn encode_component(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// A `next` target is followed only when it stays on this site.
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\") => n,
        _ => "/",
    }
}
