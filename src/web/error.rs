//! Errors as responses: browsers get an HTML page, `/api` gets `{"error":{"code","message"}}`.
//! Internal details are logged, never sent.

use askama::Template;
use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use crate::error::Error;
use crate::i18n::Lang;

/// A domain error on its way out of a handler.
#[derive(Debug)]
pub struct WebError(pub Error);

impl From<Error> for WebError {
    fn from(e: Error) -> Self {
        WebError(e)
    }
}

impl From<sqlx::Error> for WebError {
    fn from(e: sqlx::Error) -> Self {
        WebError(e.into())
    }
}

/// Status, code and user-facing message of an error, attached to the response so the
/// outer layer can render it for its audience.
#[derive(Clone, Debug)]
pub struct ErrorInfo {
    pub code: &'static str,
    pub message: String,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, code, message) = match &self.0 {
            Error::NotFound(what) => (
                StatusCode::NOT_FOUND,
                "not_found",
                format!("{what} not found"),
            ),
            Error::Conflict(m) => (StatusCode::CONFLICT, "conflict", m.clone()),
            Error::Invalid(m) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid", m.clone()),
            Error::Unauthenticated => (
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "authentication required".into(),
            ),
            Error::Forbidden => (StatusCode::FORBIDDEN, "forbidden", "not allowed".into()),
            Error::Throttled(s) => (
                StatusCode::TOO_MANY_REQUESTS,
                "throttled",
                format!("too many attempts, retry in {s} s"),
            ),
            other => {
                tracing::error!(error = %other, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "internal error".into(),
                )
            }
        };
        let mut resp = status.into_response();
        if let Error::Throttled(s) = self.0
            && let Ok(v) = HeaderValue::from_str(&s.to_string())
        {
            resp.headers_mut().insert(header::RETRY_AFTER, v);
        }
        resp.extensions_mut().insert(ErrorInfo { code, message });
        resp
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    l: Lang,
    status: u16,
    title: &'static str,
    message: &'a str,
}

/// Outermost layer: gives every error response (ours, or axum's own plain-text rejections)
/// the form its client reads.
pub async fn render_errors(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let lang = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_accept_language)
        .unwrap_or_default();
    let resp = next.run(req).await;
    let status = resp.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return resp;
    }
    let info = resp.extensions().get::<ErrorInfo>().cloned();
    let own_body = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html") || ct.starts_with("application/json"));
    if info.is_none() && own_body {
        return resp;
    }
    let info = info.unwrap_or_else(|| generic(status));
    if status.is_server_error() && info.code != "internal" {
        tracing::error!(status = status.as_u16(), code = info.code, "server error");
    }
    let (mut parts, _) = resp.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_TYPE);
    let body = if is_api {
        Json(serde_json::json!({"error": {"code": info.code, "message": info.message}}))
            .into_response()
    } else {
        let title = match lang.t(&format!("error.{}", info.code)) {
            "??" => lang.t("error.error"),
            found => found,
        };
        let page = ErrorPage {
            l: lang,
            status: status.as_u16(),
            title,
            message: &info.message,
        };
        Html(page.render().unwrap_or_else(|_| info.message.clone())).into_response()
    };
    let (body_parts, body) = body.into_parts();
    if let Some(ct) = body_parts.headers.get(header::CONTENT_TYPE) {
        parts.headers.insert(header::CONTENT_TYPE, ct.clone());
    }
    Response::from_parts(parts, body)
}

/// A message for errors raised outside our handlers (axum rejections, body limits ...).
fn generic(status: StatusCode) -> ErrorInfo {
    let (code, message) = match status {
        StatusCode::NOT_FOUND => ("not_found", "page not found"),
        StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "method not allowed"),
        StatusCode::PAYLOAD_TOO_LARGE => {
            ("too_large", "the request is larger than the upload limit")
        }
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            ("unsupported_media_type", "unsupported content type")
        }
        StatusCode::UNPROCESSABLE_ENTITY | StatusCode::BAD_REQUEST => {
            ("invalid", "the request could not be read")
        }
        StatusCode::UNAUTHORIZED => ("unauthenticated", "authentication required"),
        StatusCode::FORBIDDEN => ("forbidden", "not allowed"),
        s if s.is_server_error() => ("internal", "internal error"),
        _ => ("error", "the request failed"),
    };
    ErrorInfo {
        code,
        message: message.into(),
    }
}
