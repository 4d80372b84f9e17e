//! The Word document of the answer, downloaded from the workspace.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::web::{AppState, Identity, WebError};

pub fn router() -> Router<AppState> {
    Router::new().route("/tenders/{id}/response.docx", get(download))
}

async fn download(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    crate::web::access::tender(&state, &identity.user, id).await?;
    let today = chrono::Utc::now().date_naive();
    let bytes =
        crate::response::document::tender_docx(&state.store, &state.files, id, today).await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                    .to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"memoire-technique-{id}.docx\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
