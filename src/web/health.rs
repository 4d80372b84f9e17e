//! `GET /healthz`: is the server, its database and its index answering. No login needed.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};

use super::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz))
}

async fn healthz(State(state): State<AppState>) -> Response {
    let database = match state.store.ping().await {
        Ok(()) => "ok",
        Err(e) => {
            tracing::error!(error = %e, "health check: database");
            "error"
        }
    };
    let index = match state.search.index().load_metas() {
        Ok(_) => "ok",
        Err(e) => {
            tracing::error!(error = %e, "health check: search index");
            "error"
        }
    };
    let healthy = database == "ok" && index == "ok";
    let status = if healthy {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = serde_json::json!({
        "status": if healthy { "ok" } else { "degraded" },
        "version": env!("CARGO_PKG_VERSION"),
        "database": database,
        "index": index,
    });
    (status, Json(body)).into_response()
}
