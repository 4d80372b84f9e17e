//! The comparison grid of a tender: the editable page (the browser recalculates as marks
//! change; the server recomputes on save), import from a spreadsheet, XLSX export with live
//! formulas, Word table, template; and the JSON API.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};

use super::page::PageCtx;
use super::transfer::{DOCX, XLSX, attachment, read_upload};
use super::{AppState, Identity, WebError};
use crate::error::Error;
use crate::grid::{self, Grid, Outcome, PriceFormula};

mod form;
mod prices;
mod prices_api;
mod view;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tenders/{id}/grid", get(page).post(save_from_form))
        .route("/tenders/{id}/grid/import", post(import_from_page))
        .route("/tenders/{id}/grid.xlsx", get(export_xlsx))
        .route("/tenders/{id}/grid.docx", get(export_docx))
        .route("/grid/template.xlsx", get(template))
        .route("/tenders/{id}/prices", get(prices::page))
        .route("/tenders/{id}/prices/{doc}", post(prices::save))
        .route("/tenders/{id}/prices/{doc}/fill.xlsx", post(prices::fill))
        .route("/api/v1/tenders/{id}/grid", get(api_get).put(api_put))
        .route("/api/v1/tenders/{id}/prices", get(prices_api::get))
        .route("/api/v1/tenders/{id}/prices/{doc}", put(prices_api::put))
        .route("/api/v1/grid/compare", post(api_compare))
}

#[derive(Template, WebTemplate)]
#[template(path = "grid.html")]
struct GridPage {
    page: PageCtx,
    tender_id: i64,
    title: String,
    v: view::GridView,
    formulas: &'static [PriceFormula],
    error: Option<String>,
}

/// The tender's grid, or a grid to start from: the tender's criteria (or the template's)
/// with our offer and one competitor.
async fn load(state: &AppState, identity: &Identity, id: i64) -> Result<Grid, WebError> {
    super::access::tender(state, &identity.user, id).await?;
    let (stored, _) = state.store.tender_grid(id).await?;
    Ok(form::starter(stored))
}

async fn render(
    state: &AppState,
    page: PageCtx,
    id: i64,
    g: &Grid,
    error: Option<String>,
) -> Result<GridPage, WebError> {
    let tender = state.store.get_tender(id).await?;
    let outcome = grid::compute(g);
    let error = error.or_else(|| outcome.as_ref().err().map(|e| e.to_string()));
    Ok(GridPage {
        v: view::GridView::new(g, outcome.ok(), page.l),
        page,
        tender_id: id,
        title: tender.title,
        formulas: &PriceFormula::ALL,
        error,
    })
}

async fn page(
    State(state): State<AppState>,
    page: PageCtx,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<GridPage, WebError> {
    let g = load(&state, &identity, id).await?;
    render(&state, page, id, &g, None).await
}

async fn save_from_form(
    State(state): State<AppState>,
    page: PageCtx,
    identity: Identity,
    Path(id): Path<i64>,
    axum::Form(fields): axum::Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    // A tender the user may not read is not found, whatever the role.
    let mut g = load(&state, &identity, id).await?;
    identity.require(identity.user.role.can_manage_tenders())?;
    let applied = form::apply(&mut g, &fields);
    save_or_explain(&state, page, id, applied.map(|()| &g), &g).await
}

/// Saves the grid and goes back to the page; or shows the page again (422) with the reason,
/// displaying `shown`. Only the user's mistakes are shown; other failures are errors.
async fn save_or_explain(
    state: &AppState,
    page: PageCtx,
    id: i64,
    grid: Result<&Grid, String>,
    shown: &Grid,
) -> Result<Response, WebError> {
    let message = match grid {
        Err(message) => message,
        Ok(g) => match state.store.save_tender_grid(id, g).await {
            Ok(()) => return Ok(Redirect::to(&format!("/tenders/{id}/grid")).into_response()),
            Err(Error::Invalid(m) | Error::Conflict(m)) => m,
            Err(e) => return Err(e.into()),
        },
    };
    let html = render(state, page, id, shown, Some(message)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
}

/// Reads an uploaded grid file off the async threads.
async fn import_upload(
    state: &AppState,
    multipart: Multipart,
) -> Result<Result<Grid, String>, Response> {
    let upload = read_upload(multipart).await?;
    let (name, bytes) = upload.single_file().map_err(IntoResponse::into_response)?;
    let limits = state.limits();
    let read = tokio::task::spawn_blocking(move || grid::import::import(&name, &bytes, &limits))
        .await
        .map_err(|e| {
            WebError::from(Error::Internal(format!("import task: {e}"))).into_response()
        })?;
    Ok(read.map_err(|e| e.to_string()))
}

async fn import_from_page(
    State(state): State<AppState>,
    page: PageCtx,
    identity: Identity,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, WebError> {
    let current = load(&state, &identity, id).await?;
    identity.require(identity.user.role.can_manage_tenders())?;
    let imported = match import_upload(&state, multipart).await {
        Ok(r) => r,
        Err(resp) => return Ok(resp),
    };
    save_or_explain(
        &state,
        page,
        id,
        imported.as_ref().map_err(Clone::clone),
        &current,
    )
    .await
}

async fn complete(
    state: &AppState,
    identity: &Identity,
    id: i64,
) -> Result<(Grid, Outcome), WebError> {
    let g = load(state, identity, id).await?;
    let outcome = grid::compute(&g).map_err(|e| Error::Invalid(e.to_string()))?;
    Ok((g, outcome))
}

async fn export_xlsx(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let (g, outcome) = complete(&state, &identity, id).await?;
    let bytes =
        grid::export::xlsx(&g, &outcome).map_err(|e| Error::Internal(format!("xlsx: {e}")))?;
    Ok(attachment(&format!("grille-{id}.xlsx"), XLSX, bytes))
}

async fn export_docx(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let (_, outcome) = complete(&state, &identity, id).await?;
    let tender = state.store.get_tender(id).await?;
    let markdown = format!(
        "# Grille de comparaison des offres\n\n{}\n\n{}",
        tender
            .title
            .replace(['#', '*', '_', '[', ']', '<', '>'], " "),
        grid::report::markdown_table(&outcome)
    );
    let bytes = crate::docx::render(&markdown, &crate::docx::RenderOptions::default())
        .map_err(|e| Error::Internal(format!("docx: {e}")))?;
    Ok(attachment(&format!("grille-{id}.docx"), DOCX, bytes))
}

async fn template() -> Result<Response, WebError> {
    let bytes = grid::export::template().map_err(|e| Error::Internal(format!("xlsx: {e}")))?;
    Ok(attachment("modele-grille.xlsx", XLSX, bytes))
}

/// The grid, and its outcome when it is complete.
fn grid_json(g: &Grid) -> serde_json::Value {
    let outcome = grid::compute(g);
    serde_json::json!({
        "grid": g,
        "outcome": outcome.as_ref().ok().map(grid::report::json),
        "problem": outcome.err().map(|e| e.to_string()),
    })
}

async fn api_get(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Json<serde_json::Value>, WebError> {
    super::access::tender(&state, &identity.user, id).await?;
    let (g, _) = state.store.tender_grid(id).await?;
    Ok(Json(grid_json(&g)))
}

async fn api_put(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    Json(g): Json<Grid>,
) -> Result<Json<serde_json::Value>, WebError> {
    super::access::tender(&state, &identity.user, id).await?;
    identity.require(identity.user.role.can_manage_tenders())?;
    state.store.save_tender_grid(id, &g).await?;
    let (stored, _) = state.store.tender_grid(id).await?;
    Ok(Json(grid_json(&stored)))
}

/// A grid file in, its outcome out; nothing stored.
async fn api_compare(
    State(state): State<AppState>,
    multipart: Multipart,
) -> Result<Response, WebError> {
    let imported = match import_upload(&state, multipart).await {
        Ok(r) => r,
        Err(resp) => return Ok(resp),
    };
    let g = imported.map_err(Error::Invalid)?;
    let outcome = grid::compute(&g).map_err(|e| Error::Invalid(e.to_string()))?;
    Ok(Json(grid::report::json(&outcome)).into_response())
}
