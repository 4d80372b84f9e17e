//! The price grid of a tender: the lines of its spreadsheet pieces (BPU, DPGF, DQE), the
//! buyer's totals that do not add up, and our unit prices (cost and margin) filled into the
//! buyer's own XLSX, every other cell, style and sheet kept.

use std::collections::BTreeMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::Response;

use super::super::page::PageCtx;
use super::super::transfer::{XLSX, attachment};
use super::super::{AppState, Identity, WebError};
use crate::error::Error;
use crate::grid::price::{Flag, LineKind, PriceLine, read_lines, unit_price};
use crate::grid::report::fr;
use crate::model::Document;

pub struct LineView {
    pub k: usize,
    pub sheet: String,
    pub row: u32,
    pub number: String,
    pub designation: String,
    pub unit: String,
    pub quantity: String,
    pub buyer_price: String,
    pub total: bool,
}

pub struct PieceView {
    pub id: i64,
    pub name: String,
    pub lines: Vec<LineView>,
    pub flags: Vec<Flag>,
    pub problem: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "grid_prices.html")]
pub struct PricesPage {
    page: PageCtx,
    tender_id: i64,
    title: String,
    pieces: Vec<PieceView>,
}

fn is_xlsx(d: &Document) -> bool {
    d.media_type == XLSX
}

/// The lines of one stored XLSX piece.
async fn lines_of(
    state: &AppState,
    doc: &Document,
) -> Result<(Vec<u8>, Vec<PriceLine>, Vec<Flag>), String> {
    let bytes = state
        .files
        .get(&doc.sha256)
        .map_err(|_| "the original file is missing".to_string())?;
    let limits = state.limits();
    let name = doc.name.clone();
    tokio::task::spawn_blocking(move || {
        let sheets =
            crate::grid::import::read_sheets(&name, &bytes, &limits).map_err(|e| e.to_string())?;
        let (lines, flags) = read_lines(&sheets).map_err(|e| e.to_string())?;
        Ok((bytes, lines, flags))
    })
    .await
    .map_err(|e| e.to_string())?
}

pub async fn page(
    State(state): State<AppState>,
    page: PageCtx,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<PricesPage, WebError> {
    super::super::access::tender(&state, &identity.user, id).await?;
    let tender = state.store.get_tender(id).await?;
    let mut pieces = Vec::new();
    for doc in state
        .store
        .documents(id)
        .await?
        .iter()
        .filter(|d| is_xlsx(d))
    {
        let (lines, flags, problem) = match lines_of(&state, doc).await {
            Ok((_, lines, flags)) => (lines, flags, None),
            Err(e) => (Vec::new(), Vec::new(), Some(e)),
        };
        if lines.is_empty() && problem.is_none() {
            continue;
        }
        let lines = lines
            .iter()
            .enumerate()
            .map(|(k, l)| LineView {
                k,
                sheet: l.sheet.clone(),
                row: l.row,
                number: l.number.clone(),
                designation: l.designation.clone(),
                unit: l.unit.clone(),
                quantity: l.quantity.map(|q| fr(q, 2)).unwrap_or_default(),
                buyer_price: l.unit_price.map(|p| fr(p, 2)).unwrap_or_default(),
                total: l.kind != LineKind::Line,
            })
            .collect();
        pieces.push(PieceView {
            id: doc.id,
            name: doc.name.clone(),
            lines,
            flags,
            problem,
        });
    }
    Ok(PricesPage {
        page,
        tender_id: id,
        title: tender.title,
        pieces,
    })
}

fn number(fields: &[(String, String)], key: &str) -> Option<f64> {
    let raw = fields
        .iter()
        .find(|(k, _)| k == key)?
        .1
        .trim()
        .replace([' ', '\u{a0}'], "");
    raw.replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
}

/// The buyer's file with our unit prices (`c{k}` unit cost, `m{k}` margin in %) in place.
pub async fn fill(
    State(state): State<AppState>,
    identity: Identity,
    Path((id, doc_id)): Path<(i64, i64)>,
    axum::Form(fields): axum::Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    super::super::access::tender(&state, &identity.user, id).await?;
    let doc = state.store.document(doc_id).await?;
    if doc.tender_id != id || !is_xlsx(&doc) {
        return Err(Error::NotFound("document").into());
    }
    let (bytes, lines, _) = lines_of(&state, &doc).await.map_err(Error::Invalid)?;
    let mut by_sheet: BTreeMap<String, BTreeMap<(u32, u32), f64>> = BTreeMap::new();
    for (k, l) in lines.iter().enumerate() {
        let (Some(col), LineKind::Line) = (l.price_col, l.kind) else {
            continue;
        };
        let Some(cost) = number(&fields, &format!("c{k}")) else {
            continue;
        };
        let margin = number(&fields, &format!("m{k}")).unwrap_or(0.0) / 100.0;
        let price = unit_price(cost, margin).ok_or_else(|| {
            Error::Invalid(format!("line {}: a margin must be under 100 %", l.row))
        })?;
        let price = (price * 100.0).round() / 100.0;
        by_sheet
            .entry(l.sheet.clone())
            .or_default()
            .insert((l.row - 1, col), price);
    }
    let filled = tokio::task::spawn_blocking(move || {
        let mut out = bytes;
        for (sheet, values) in by_sheet {
            out = crate::grid::fill::fill_xlsx(&out, &sheet, &values)?;
        }
        Ok::<_, crate::grid::fill::FillError>(out)
    })
    .await
    .map_err(|e| Error::Internal(format!("fill task: {e}")))?
    .map_err(|e| Error::Invalid(e.to_string()))?;
    let name = doc
        .name
        .rsplit('/')
        .next()
        .unwrap_or("prix.xlsx")
        .to_string();
    Ok(attachment(&name, XLSX, filled))
}
