//! Every route of the server, and the layers around them (errors, login, limits, headers).

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use super::{
    AppState, access, accounts, admin, analytics, assets, auth, documents, error, grids, health,
    library, login, objections, objections_api, pipeline, requirements, responses, search,
    stakeholders, tenders,
};

pub fn router(state: AppState) -> Router {
    let upload_limit = state.config.upload_limit;
    Router::new()
        .merge(health::router())
        .merge(assets::router())
        .merge(login::router())
        .merge(tenders::router())
        .merge(pipeline::router())
        .merge(accounts::router())
        .merge(stakeholders::router())
        .merge(analytics::router())
        .merge(admin::router())
        .merge(documents::router())
        .merge(requirements::router())
        .merge(grids::router())
        .merge(responses::router())
        .merge(library::router())
        .merge(search::router())
        .merge(access::router())
        .merge(objections::router())
        .merge(objections_api::router())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::authenticate,
        ))
        .layer(DefaultBodyLimit::max(upload_limit))
        .layer(axum::middleware::from_fn(error::render_errors))
        .layer(security_header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(security_header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(security_header(header::REFERRER_POLICY, "same-origin"))
        .layer(security_header(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
             frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        ))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
                // The path only: query strings may carry tokens.
                tracing::info_span!("http", method = %req.method(), path = %req.uri().path())
            }),
        )
        .with_state(state)
}

fn security_header(
    name: header::HeaderName,
    value: &'static str,
) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}
