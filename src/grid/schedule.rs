//! A tender's stored price schedule: one XLSX piece (BPU, DPGF, DQE) read into its lines
//! and the buyer's figures that do not add up, with our saved prices on each line. The price
//! page, the JSON API and the command line all read a piece here.

use serde_json::{Value, json};

use super::price::{Flag, LineKind, PriceLine, read_lines};
use super::pricing::{OurPrice, line_cell, piece_totals};
use crate::error::{Error, Result};
use crate::ingest::Limits;
use crate::model::Document;
use crate::store::{FileStore, Store};

/// One piece's price lines, as read and as priced by us.
pub struct Schedule {
    pub doc: Document,
    /// The original file (to fill).
    pub bytes: Vec<u8>,
    pub lines: Vec<PriceLine>,
    pub flags: Vec<Flag>,
    /// Aligned with `lines`.
    pub ours: Vec<OurPrice>,
}

/// Whether a piece may hold a price schedule we can read and fill.
pub fn is_schedule(doc: &Document) -> bool {
    doc.media_type == crate::ingest::XLSX_TYPE
}

/// Reads the lines of a stored XLSX piece off the async threads; the reason as text when it
/// cannot be read.
pub async fn read_piece(
    files: &FileStore,
    doc: &Document,
    limits: &Limits,
) -> std::result::Result<(Vec<u8>, Vec<PriceLine>, Vec<Flag>), String> {
    let bytes = files
        .get(&doc.sha256)
        .map_err(|_| "the original file is missing".to_string())?;
    let (name, limits) = (doc.name.clone(), limits.clone());
    tokio::task::spawn_blocking(move || {
        let sheets =
            super::import::read_sheets(&name, &bytes, &limits).map_err(|e| e.to_string())?;
        let (lines, flags) = read_lines(&sheets).map_err(|e| e.to_string())?;
        Ok((bytes, lines, flags))
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Piece `doc_id` of tender `tender_id` with our saved prices; not found unless it is an
/// XLSX piece of that tender, invalid (naming the cell) when it cannot be read.
pub async fn load(
    store: &Store,
    files: &FileStore,
    limits: &Limits,
    tender_id: i64,
    doc_id: i64,
) -> Result<Schedule> {
    let doc = store.document(doc_id).await?;
    if doc.tender_id != tender_id || !is_schedule(&doc) {
        return Err(Error::NotFound("document"));
    }
    let (bytes, lines, flags) = read_piece(files, &doc, limits)
        .await
        .map_err(Error::Invalid)?;
    let ours = store.our_prices(tender_id, doc.id, &lines).await?;
    Ok(Schedule {
        doc,
        bytes,
        lines,
        flags,
        ours,
    })
}

fn money(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The JSON of one line: the buyer's figures, ours, and the problems found on its row.
fn line_json(l: &PriceLine, o: &OurPrice, flags: &[Flag]) -> Value {
    let cell = line_cell(l);
    // A flag names a cell of the line's row ("BPU!F4" for row 4 of sheet BPU).
    let problems: Vec<Value> = flags
        .iter()
        .filter(|f| {
            f.cell
                .strip_prefix(&format!("{}!", l.sheet))
                .map(|a1| a1.trim_start_matches(|c: char| c.is_ascii_alphabetic()))
                .is_some_and(|row| row == l.row.to_string())
        })
        .map(|f| json!({"cell": f.cell, "message": f.message}))
        .collect();
    json!({
        "cell": cell,
        "sheet": l.sheet,
        "row": l.row,
        "kind": l.kind.as_str(),
        "number": l.number,
        "designation": l.designation,
        "unit": l.unit,
        "quantity": l.quantity,
        "buyer_unit_price": l.unit_price,
        "buyer_amount": l.amount,
        "cost": o.cost,
        "margin_pct": o.margin.map(|m| m * 100.0),
        "unit_price": o.unit_price().map(money),
        "amount": match (l.kind, l.quantity, o.unit_price()) {
            (LineKind::Line, Some(q), Some(p)) => Some(money(q * p)),
            _ => None,
        },
        "vat_pct": o.vat * 100.0,
        "problems": problems,
    })
}

impl Schedule {
    /// The piece as `GET /api/v1/tenders/{id}/prices` gives it.
    pub fn json(&self) -> Value {
        let t = piece_totals(&self.lines, &self.ours);
        json!({
            "document_id": self.doc.id,
            "name": self.doc.name,
            "lines": self.lines.iter().zip(&self.ours)
                .map(|(l, o)| line_json(l, o, &self.flags)).collect::<Vec<_>>(),
            "flags": self.flags,
            "totals": {
                "ht": money(t.ht),
                "vat": money(t.vat),
                "ttc": money(t.ttc),
                "cost": money(t.cost),
                "margin": money(t.margin),
                "margin_pct": money(t.margin_rate * 100.0),
            },
        })
    }
}
