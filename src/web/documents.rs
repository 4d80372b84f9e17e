//! The pieces of a tender: upload (browser and API), list, original file download, and the
//! extracted text page by page.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::page::PageCtx;
use super::transfer::{error_response, sanitize_name};
use super::{AppState, Identity, WebError};
use crate::error::Error;
use crate::ingest::{self, ExtractError, Sheet, UploadError};
use crate::model::Document;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tenders/{id}/documents", post(upload_from_page))
        .route("/api/v1/tenders/{id}/documents", post(upload).get(api_list))
        .route("/documents/{id}", get(document_page))
        .route("/documents/{id}/original", get(original))
        .route("/documents/{id}/kind", post(correct_from_form))
        .route(
            "/api/v1/documents/{id}",
            get(api_document).patch(api_correct),
        )
        .route("/api/v1/documents/{id}/original", get(original))
        .route("/api/v1/documents/{id}/pages/{page}", get(api_page))
}

/// What an upload answers: the stored pieces, and the word about each that had a problem.
#[derive(Serialize)]
pub struct UploadReport {
    pub tender_id: i64,
    pub files: usize,
    pub documents: Vec<Document>,
}

/// The status a refused upload gets, and its message naming the file.
pub fn refusal(e: &UploadError) -> (StatusCode, &'static str) {
    match e.error {
        ExtractError::Unsupported => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
        ExtractError::TooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
        _ => (StatusCode::UNPROCESSABLE_ENTITY, "unreadable"),
    }
}

/// The plain form (no JavaScript): back to the tender page once stored.
async fn upload_from_page(
    state: State<AppState>,
    identity: Identity,
    path: Path<i64>,
    multipart: Multipart,
) -> Result<Response, WebError> {
    let tender_id = path.0;
    let resp = upload(state, identity, path, multipart).await?;
    if resp.status() == StatusCode::CREATED {
        return Ok(axum::response::Redirect::to(&format!("/tenders/{tender_id}")).into_response());
    }
    Ok(resp)
}

async fn upload(
    State(state): State<AppState>,
    identity: Identity,
    Path(tender_id): Path<i64>,
    mut multipart: Multipart,
) -> Result<Response, WebError> {
    identity.require(identity.user.role.can_manage_tenders())?;
    state.store.get_tender(tender_id).await?;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Ok(error_response(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "too_large",
                    "the upload is larger than the limit",
                ));
            }
            Err(_) => return Err(Error::Invalid("the upload could not be read".into()).into()),
        };
        let Some(name) = field.file_name().map(sanitize_name) else {
            continue;
        };
        let bytes = match field.bytes().await {
            Ok(b) => b.to_vec(),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Ok(error_response(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "too_large",
                    &format!("{name}: larger than the upload limit"),
                ));
            }
            Err(_) => {
                return Err(Error::Invalid(format!("{name}: the upload was interrupted")).into());
            }
        };
        files.push((name, bytes));
    }
    if files.is_empty() {
        return Err(Error::Invalid("no file in the upload".into()).into());
    }
    let count = files.len();
    let limits = state.limits();
    let read = tokio::task::spawn_blocking(move || {
        let mut pieces = Vec::new();
        for (name, bytes) in files {
            pieces.extend(ingest::read_upload(&name, bytes, &limits)?);
        }
        Ok::<_, UploadError>(pieces)
    })
    .await
    .map_err(|e| Error::Internal(format!("ingest task: {e}")))?;
    let pieces = match read {
        Ok(p) => p,
        Err(e) => {
            let (status, code) = refusal(&e);
            return Ok(error_response(status, code, &e.to_string()));
        }
    };
    let documents = state
        .store
        .store_pieces(tender_id, &pieces, &state.files)
        .await?;
    let names: Vec<&str> = documents.iter().map(|d| d.name.as_str()).collect();
    state
        .store
        .audit(
            Some(identity.user.id),
            "documents_uploaded",
            &format!("tender:{tender_id}"),
            &names.join(", "),
            None,
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(UploadReport {
            tender_id,
            files: count,
            documents,
        }),
    )
        .into_response())
}

async fn api_list(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Document>>, WebError> {
    super::access::tender(&state, &identity.user, id).await?;
    Ok(Json(state.store.documents(id).await?))
}

#[derive(Serialize)]
struct DocumentView {
    #[serde(flatten)]
    document: Document,
    sheets: Vec<Sheet>,
}

async fn api_document(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Json<DocumentView>, WebError> {
    super::access::document(&state, &identity.user, id).await?;
    let document = state.store.document(id).await?;
    let sheets = state.store.document_sheets(id).await?;
    Ok(Json(DocumentView { document, sheets }))
}

async fn api_page(
    State(state): State<AppState>,
    identity: Identity,
    Path((id, page)): Path<(i64, i32)>,
) -> Result<Json<serde_json::Value>, WebError> {
    super::access::document(&state, &identity.user, id).await?;
    let text = state.store.document_page(id, page).await?;
    Ok(Json(
        serde_json::json!({"document_id": id, "page": page, "text": text}),
    ))
}

async fn original(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    super::access::document(&state, &identity.user, id).await?;
    let doc = state.store.document(id).await?;
    let bytes = state.files.get(&doc.sha256)?;
    let file = doc.name.rsplit('/').next().unwrap_or("piece");
    Ok(super::transfer::attachment(file, &doc.media_type, bytes))
}

#[derive(Deserialize)]
struct PageQuery {
    page: Option<i32>,
}

#[derive(Template, WebTemplate)]
#[template(path = "document.html")]
struct DocumentPage {
    page: PageCtx,
    doc: Document,
    number: i32,
    last: i32,
    text: String,
    sheets: Vec<Sheet>,
    sections: Vec<crate::model::Section>,
    kinds: &'static [crate::model::DocKind],
    /// The tender's lots (number, title), and the piece's own when it is not among them.
    lots: Vec<(i32, String)>,
}

impl DocumentPage {
    fn is_lot(&self, n: &i32) -> bool {
        self.doc.lot == Some(*n)
    }
}

async fn document_page(
    State(state): State<AppState>,
    page: PageCtx,
    identity: Identity,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> Result<DocumentPage, WebError> {
    super::access::document(&state, &identity.user, id).await?;
    let doc = state.store.document(id).await?;
    let last = doc.pages.unwrap_or(0).max(1);
    let number = q.page.unwrap_or(1).clamp(1, last);
    let text = match state.store.document_page(id, number).await {
        Ok(t) => t,
        Err(Error::NotFound(_)) => String::new(),
        Err(e) => return Err(e.into()),
    };
    let sheets = state.store.document_sheets(id).await?;
    let sections = state.store.sections(id).await?;
    let mut lots: Vec<(i32, String)> = (state.store.lots(doc.tender_id).await?)
        .into_iter()
        .map(|l| (l.number, l.title))
        .collect();
    if let Some(n) = doc.lot.filter(|n| !lots.iter().any(|(m, _)| m == n)) {
        lots.push((n, String::new()));
    }
    Ok(DocumentPage {
        page,
        doc,
        number,
        last,
        text,
        sheets,
        sections,
        kinds: crate::model::DocKind::ALL,
        lots,
    })
}

/// A user's correction of a piece: what it is, and which lot it concerns.
#[derive(Deserialize)]
struct Correction {
    kind: Option<crate::model::DocKind>,
    /// A lot number, or "" / null for a piece common to every lot; absent: unchanged.
    #[serde(default, deserialize_with = "lot_field")]
    lot: Option<Option<u32>>,
}

/// `"2"`, `2`, `""` or `null`: the lot field of the form and of the JSON body.
fn lot_field<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<u32>>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Lot {
        Number(u32),
        Text(String),
    }
    match Option::<Lot>::deserialize(d)? {
        None => Ok(Some(None)),
        Some(Lot::Number(n)) => Ok(Some(Some(n))),
        Some(Lot::Text(t)) if t.trim().is_empty() => Ok(Some(None)),
        Some(Lot::Text(t)) => t
            .trim()
            .parse::<u32>()
            .map(|n| Some(Some(n)))
            .map_err(|_| serde::de::Error::custom("lot: a number is expected")),
    }
}

async fn correct(
    state: &AppState,
    identity: &Identity,
    id: i64,
    input: Correction,
) -> Result<Document, WebError> {
    identity.require(identity.user.role.can_manage_tenders())?;
    super::access::document(state, &identity.user, id).await?;
    state
        .store
        .correct_document(id, input.kind, input.lot)
        .await?;
    Ok(state.store.document(id).await?)
}

async fn correct_from_form(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    axum::Form(input): axum::Form<Correction>,
) -> Result<Response, WebError> {
    correct(&state, &identity, id, input).await?;
    Ok(axum::response::Redirect::to(&format!("/documents/{id}")).into_response())
}

async fn api_correct(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    Json(input): Json<Correction>,
) -> Result<Json<Document>, WebError> {
    Ok(Json(correct(&state, &identity, id, input).await?))
}
