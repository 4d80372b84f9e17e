//! The Word document of the answer, downloaded from the workspace, with the comparison grid
//! as an annex when asked for.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::error::Error;
use crate::grid::report::GridAnnex;
use crate::web::{AppState, Identity, WebError};

pub fn router() -> Router<AppState> {
    Router::new().route("/tenders/{id}/response.docx", get(download))
}

/// `?grid=ours` or `?grid=all` annexes the comparison grid; nothing (or `none`) leaves it out.
#[derive(serde::Deserialize)]
struct DownloadQuery {
    #[serde(default)]
    grid: String,
}

async fn download(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    Query(q): Query<DownloadQuery>,
) -> Result<Response, WebError> {
    crate::web::access::tender(&state, &identity.user, id).await?;
    let grid = GridAnnex::parse(&q.grid).map_err(Error::Invalid)?;
    let today = chrono::Utc::now().date_naive();
    let bytes =
        crate::response::document::tender_docx(&state.store, &state.files, id, today, grid).await?;
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
