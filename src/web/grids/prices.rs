//! The price grid of a tender: the lines of its spreadsheet pieces (BPU, DPGF, DQE), the
//! buyer's totals that do not add up, and our unit prices (cost and margin) filled into the
//! buyer's own XLSX, every other cell, style and sheet kept.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};

use super::super::page::PageCtx;
use super::super::transfer::{XLSX, attachment};
use super::super::{AppState, Identity, WebError};
use crate::error::Error;
use crate::grid::price::{Flag, LineKind, PriceLine, read_lines, totals_by_vat, unit_price};
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
    /// Quantity as a plain number, for the browser's totals.
    pub qty: String,
    /// Our stored unit cost and margin (%), as typed back into the inputs.
    pub cost: String,
    pub margin: String,
    pub vat_bp: i32,
}

/// Totals of our priced lines, formatted the French way.
pub struct TotalsView {
    pub ht: String,
    pub vat: String,
    pub ttc: String,
    pub cost: String,
    pub margin: String,
    pub rate: String,
}

pub struct PieceView {
    pub id: i64,
    pub name: String,
    pub lines: Vec<LineView>,
    pub flags: Vec<Flag>,
    pub problem: Option<String>,
    pub totals: TotalsView,
}

#[derive(Template, WebTemplate)]
#[template(path = "grid_prices.html")]
pub struct PricesPage {
    page: PageCtx,
    tender_id: i64,
    title: String,
    pieces: Vec<PieceView>,
    /// What to ask the buyer for, from its payment behaviour and financial health.
    advice: Vec<crate::pipeline::advice::Advised>,
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
        let stored: HashMap<(String, i32), _> = state
            .store
            .our_costs(id, doc.id)
            .await?
            .into_iter()
            .map(|c| ((c.sheet.clone(), c.row_number), c))
            .collect();
        let mut priced = Vec::new();
        let lines = lines
            .iter()
            .enumerate()
            .map(|(k, l)| {
                let ours = stored.get(&(l.sheet.clone(), i32::try_from(l.row).unwrap_or(i32::MAX)));
                let cost = ours
                    .and_then(|c| c.unit_cost_cents)
                    .map(|c| c as f64 / 100.0);
                let margin = ours
                    .and_then(|c| c.margin_bp)
                    .map(|m| f64::from(m) / 10_000.0);
                let vat_bp = ours.map_or(2000, |c| c.vat_bp);
                if let (LineKind::Line, Some(q), Some(c)) = (l.kind, l.quantity, cost)
                    && let Some(p) = unit_price(c, margin.unwrap_or(0.0))
                {
                    priced.push((q, c, p, f64::from(vat_bp) / 10_000.0));
                }
                LineView {
                    k,
                    sheet: l.sheet.clone(),
                    row: l.row,
                    number: l.number.clone(),
                    designation: l.designation.clone(),
                    unit: l.unit.clone(),
                    quantity: l.quantity.map(|q| fr(q, 2)).unwrap_or_default(),
                    buyer_price: l.unit_price.map(|p| fr(p, 2)).unwrap_or_default(),
                    total: l.kind != LineKind::Line,
                    qty: l.quantity.map(|q| q.to_string()).unwrap_or_default(),
                    cost: cost.map(|c| fr(c, 2)).unwrap_or_default(),
                    margin: margin.map(|m| fr(m * 100.0, 2)).unwrap_or_default(),
                    vat_bp,
                }
            })
            .collect();
        let t = totals_by_vat(&priced);
        pieces.push(PieceView {
            id: doc.id,
            name: doc.name.clone(),
            lines,
            flags,
            problem,
            totals: TotalsView {
                ht: fr(t.ht, 2),
                vat: fr(t.vat, 2),
                ttc: fr(t.ttc, 2),
                cost: fr(t.cost, 2),
                margin: fr(t.margin, 2),
                rate: fr(t.margin_rate * 100.0, 2),
            },
        });
    }
    Ok(PricesPage {
        advice: super::super::accounts::tender_advice(&state, &identity, id).await?,
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

/// Our unit cost and margin (a share) per line from the form's `c{k}` and `m{k}` (in %),
/// aligned with `lines`; a line without a cost is not priced. A margin of 100 % or more, or
/// a negative cost, is refused naming the row.
fn ours_from(
    fields: &[(String, String)],
    lines: &[PriceLine],
) -> Result<Vec<Option<(f64, f64)>>, Error> {
    lines
        .iter()
        .enumerate()
        .map(|(k, l)| {
            if l.kind != LineKind::Line {
                return Ok(None);
            }
            let Some(cost) = number(fields, &format!("c{k}")) else {
                return Ok(None);
            };
            let margin = number(fields, &format!("m{k}")).unwrap_or(0.0) / 100.0;
            unit_price(cost, margin)
                .map(|_| Some((cost, margin)))
                .ok_or_else(|| {
                    Error::Invalid(format!(
                        "{}!{}: a cost must not be negative and a margin must be under 100 %",
                        l.sheet, l.row
                    ))
                })
        })
        .collect()
}

/// One XLSX piece of the tender, with its lines.
async fn piece(
    state: &AppState,
    id: i64,
    doc_id: i64,
) -> Result<(Document, Vec<u8>, Vec<PriceLine>), WebError> {
    let doc = state.store.document(doc_id).await?;
    if doc.tender_id != id || !is_xlsx(&doc) {
        return Err(Error::NotFound("document").into());
    }
    let (bytes, lines, _) = lines_of(state, &doc).await.map_err(Error::Invalid)?;
    Ok((doc, bytes, lines))
}

/// Stores our unit costs and margins typed on the page, then shows the page again.
pub async fn save(
    State(state): State<AppState>,
    identity: Identity,
    Path((id, doc_id)): Path<(i64, i64)>,
    axum::Form(fields): axum::Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    identity.require(identity.user.role.can_manage_tenders())?;
    super::super::access::tender(&state, &identity.user, id).await?;
    let (doc, _, lines) = piece(&state, id, doc_id).await?;
    let ours = ours_from(&fields, &lines)?;
    state
        .store
        .save_our_costs(id, doc.id, &lines, &ours)
        .await?;
    Ok(Redirect::to(&format!("/tenders/{id}/prices#piece-{}", doc.id)).into_response())
}

/// The buyer's file with our unit prices (`c{k}` unit cost, `m{k}` margin in %) in place.
pub async fn fill(
    State(state): State<AppState>,
    identity: Identity,
    Path((id, doc_id)): Path<(i64, i64)>,
    axum::Form(fields): axum::Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    super::super::access::tender(&state, &identity.user, id).await?;
    let (doc, bytes, lines) = piece(&state, id, doc_id).await?;
    let ours = ours_from(&fields, &lines)?;
    let mut by_sheet: BTreeMap<String, BTreeMap<(u32, u32), f64>> = BTreeMap::new();
    for (l, our) in lines.iter().zip(&ours) {
        let (Some(col), Some((cost, margin))) = (l.price_col, our) else {
            continue;
        };
        let Some(price) = unit_price(*cost, *margin) else {
            continue;
        };
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
