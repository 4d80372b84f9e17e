//! The price grid page of a tender: the lines of its spreadsheet pieces (BPU, DPGF, DQE), the
//! buyer's totals that do not add up, our unit cost, margin and VAT rate per line (saved by
//! bid managers), and our unit prices filled into the buyer's own XLSX, every other cell,
//! style and sheet kept.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};

use super::super::page::PageCtx;
use super::super::transfer::{XLSX, attachment};
use super::super::{AppState, Identity, WebError};
use super::form::parse_number;
use crate::error::Error;
use crate::grid::price::{Flag, LineKind, PriceLine};
use crate::grid::pricing::{self, OurPrice, line_cell, piece_totals};
use crate::grid::report::fr;
use crate::grid::schedule::{self, Schedule};

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
    /// Our stored unit cost, margin (%) and VAT rate (%), as typed back into the inputs.
    pub cost: String,
    pub margin: String,
    pub vat: String,
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

/// A percentage as typed back into an input: no trailing zeros, decimal comma.
fn pct(share: f64) -> String {
    format!("{}", (share * 1e6).round() / 1e4).replace('.', ",")
}

fn piece_view(id: i64, name: String, lines: &[PriceLine], ours: &[OurPrice]) -> PieceView {
    let t = piece_totals(lines, ours);
    let lines = lines
        .iter()
        .zip(ours)
        .enumerate()
        .map(|(k, (l, o))| LineView {
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
            cost: o.cost.map(|c| fr(c, 2)).unwrap_or_default(),
            margin: o
                .cost
                .and(o.margin)
                .map(|m| fr(m * 100.0, 2))
                .unwrap_or_default(),
            vat: pct(o.vat),
        })
        .collect();
    PieceView {
        id,
        name,
        lines,
        flags: Vec::new(),
        problem: None,
        totals: TotalsView {
            ht: fr(t.ht, 2),
            vat: fr(t.vat, 2),
            ttc: fr(t.ttc, 2),
            cost: fr(t.cost, 2),
            margin: fr(t.margin, 2),
            rate: fr(t.margin_rate * 100.0, 2),
        },
    }
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
    for doc in state.store.documents(id).await? {
        if !schedule::is_schedule(&doc) {
            continue;
        }
        let (lines, flags, problem) =
            match schedule::read_piece(&state.files, &doc, &state.limits()).await {
                Ok((_, lines, flags)) => (lines, flags, None),
                Err(e) => (Vec::new(), Vec::new(), Some(e)),
            };
        if lines.is_empty() && problem.is_none() {
            continue;
        }
        let ours = state.store.our_prices(id, doc.id, &lines).await?;
        let mut view = piece_view(doc.id, doc.name, &lines, &ours);
        view.flags = flags;
        view.problem = problem;
        pieces.push(view);
    }
    Ok(PricesPage {
        advice: super::super::accounts::tender_advice(&state, &identity, id).await?,
        page,
        tender_id: id,
        title: tender.title,
        pieces,
    })
}

/// One posted number (`key`), None when absent or empty; not a number is refused naming the
/// line.
fn field(fields: &[(String, String)], key: &str, line: &PriceLine) -> Result<Option<f64>, Error> {
    let Some((_, raw)) = fields.iter().rev().find(|(k, _)| k == key) else {
        return Ok(None);
    };
    parse_number(raw).map_err(|e| Error::Invalid(format!("{}: {e}", line_cell(line))))
}

/// Our prices from the form's `c{k}` (unit cost), `m{k}` (margin, %) and `v{k}` (VAT rate,
/// %), over the stored ones: a line without a cost is unpriced, a VAT rate not posted is
/// kept. Checked: a bad value names its line.
fn ours_from(
    fields: &[(String, String)],
    lines: &[PriceLine],
    stored: &[OurPrice],
) -> Result<Vec<OurPrice>, Error> {
    let ours = lines
        .iter()
        .zip(stored)
        .enumerate()
        .map(|(k, (l, before))| {
            let vat = field(fields, &format!("v{k}"), l)?.map_or(before.vat, |v| v / 100.0);
            if l.kind != LineKind::Line {
                return Ok(OurPrice {
                    vat,
                    ..OurPrice::default()
                });
            }
            let cost = field(fields, &format!("c{k}"), l)?;
            let margin = field(fields, &format!("m{k}"), l)?.map(|m| m / 100.0);
            Ok(OurPrice { cost, margin, vat })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    pricing::check_all(lines, &ours).map_err(|e| Error::Invalid(e.to_string()))?;
    Ok(ours)
}

/// Piece `doc_id` of tender `id`, once the user may read the tender.
pub(super) async fn schedule_of(
    state: &AppState,
    identity: &Identity,
    id: i64,
    doc_id: i64,
) -> Result<Schedule, WebError> {
    super::super::access::tender(state, &identity.user, id).await?;
    Ok(schedule::load(&state.store, &state.files, &state.limits(), id, doc_id).await?)
}

/// Stores our unit costs, margins and VAT rates typed on the page, then shows the page again.
pub async fn save(
    State(state): State<AppState>,
    identity: Identity,
    Path((id, doc_id)): Path<(i64, i64)>,
    axum::Form(fields): axum::Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let s = schedule_of(&state, &identity, id, doc_id).await?;
    identity.require(identity.user.role.can_manage_tenders())?;
    let ours = ours_from(&fields, &s.lines, &s.ours)?;
    state
        .store
        .save_our_prices(id, s.doc.id, &s.lines, &ours)
        .await?;
    Ok(Redirect::to(&format!("/tenders/{id}/prices#piece-{}", s.doc.id)).into_response())
}

/// The buyer's file with our unit prices (as typed on the page) in place.
pub async fn fill(
    State(state): State<AppState>,
    identity: Identity,
    Path((id, doc_id)): Path<(i64, i64)>,
    axum::Form(fields): axum::Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let s = schedule_of(&state, &identity, id, doc_id).await?;
    let ours = ours_from(&fields, &s.lines, &s.ours)?;
    filled(s, ours).await
}

/// The buyer's file of `s` filled with `ours`, as a download.
async fn filled(s: Schedule, ours: Vec<OurPrice>) -> Result<Response, WebError> {
    let name = s
        .doc
        .name
        .rsplit('/')
        .next()
        .unwrap_or("prix.xlsx")
        .to_string();
    let filled = tokio::task::spawn_blocking(move || pricing::fill(&s.bytes, &s.lines, &ours))
        .await
        .map_err(|e| Error::Internal(format!("fill task: {e}")))?
        .map_err(|e| Error::Invalid(e.to_string()))?;
    Ok(attachment(&name, XLSX, filled))
}
