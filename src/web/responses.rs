//! The response workspace on the web: the outline and its sections (editor with live preview,
//! conflicts shown side by side), the compliance matrix, the Word document; as pages and as
//! `/api/v1` JSON, over `crate::response` and the store.

mod compliance;
mod document;
mod sections;
mod sections_api;

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use super::{AppState, Identity, WebError};
use crate::response::Section;

const RESPONSE_JS: &str = include_str!("../../static/response.js");

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(sections::router())
        .merge(sections_api::router())
        .merge(compliance::router())
        .merge(document::router())
        .route("/static/response.js", get(|| async { script() }))
}

fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        RESPONSE_JS,
    )
}

/// A section of a tender the user may read (404 otherwise, as if it did not exist).
async fn readable_section(
    state: &AppState,
    identity: &Identity,
    id: i64,
) -> Result<Section, WebError> {
    let s = state.store.response_section(id).await?;
    super::access::tender(state, &identity.user, s.tender_id).await?;
    Ok(s)
}

/// Bid managers write every section; a contributor writes the sections assigned to them.
fn can_write_section(identity: &Identity, section: &Section) -> bool {
    let user = &identity.user;
    user.role.can_manage_tenders()
        || (user.role.can_write() && section.assignee_id == Some(user.id))
}
