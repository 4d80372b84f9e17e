//! The price grid as JSON: `GET /api/v1/tenders/{id}/prices` (every price schedule of the
//! tender with its lines, problems and totals) and `PUT /api/v1/tenders/{id}/prices/{doc}`
//! (our unit costs, margins and VAT rates per line; all or nothing).

use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use serde_json::{Value, json};

use super::super::{AppState, Identity, WebError};
use super::prices::schedule_of;
use crate::error::Error;
use crate::grid::pricing::OurPrice;
use crate::grid::schedule;

/// Lines read per piece at most in one request body.
const MAX_LINES: usize = 100_000;

pub async fn get(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Json<Value>, WebError> {
    super::super::access::tender(&state, &identity.user, id).await?;
    let mut pieces = Vec::new();
    for doc in state.store.documents(id).await? {
        if !schedule::is_schedule(&doc) {
            continue;
        }
        match schedule::load(&state.store, &state.files, &state.limits(), id, doc.id).await {
            Ok(s) if s.lines.is_empty() => {}
            Ok(s) => pieces.push(s.json()),
            Err(Error::Invalid(problem)) => pieces.push(json!({
                "document_id": doc.id,
                "name": doc.name,
                "problem": problem,
                "lines": [],
            })),
            Err(e) => return Err(e.into()),
        }
    }
    Ok(Json(json!({ "tender_id": id, "pieces": pieces })))
}

/// One line's new figures: which line (sheet and row, as `GET` gives them), our unit cost
/// (absent or null: unpriced), margin and VAT rate in percent (VAT absent: kept).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineInput {
    sheet: String,
    row: u32,
    #[serde(default)]
    cost: Option<f64>,
    #[serde(default)]
    margin_pct: Option<f64>,
    #[serde(default)]
    vat_pct: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PricesInput {
    lines: Vec<LineInput>,
}

pub async fn put(
    State(state): State<AppState>,
    identity: Identity,
    Path((id, doc_id)): Path<(i64, i64)>,
    Json(input): Json<PricesInput>,
) -> Result<Json<Value>, WebError> {
    let mut s = schedule_of(&state, &identity, id, doc_id).await?;
    identity.require(identity.user.role.can_manage_tenders())?;
    if input.lines.len() > MAX_LINES {
        return Err(Error::Invalid(format!("more than {MAX_LINES} lines")).into());
    }
    let mut ours = s.ours.clone();
    for change in &input.lines {
        let k = s
            .lines
            .iter()
            .position(|l| l.sheet == change.sheet && l.row == change.row)
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "{}!{}: no price line there",
                    change.sheet, change.row
                ))
            })?;
        if let Some(slot) = ours.get_mut(k) {
            *slot = OurPrice {
                cost: change.cost,
                margin: change.margin_pct.map(|m| m / 100.0),
                vat: change.vat_pct.map_or(slot.vat, |v| v / 100.0),
            };
        }
    }
    state
        .store
        .save_our_prices(id, s.doc.id, &s.lines, &ours)
        .await?;
    s.ours = ours;
    Ok(Json(s.json()))
}
