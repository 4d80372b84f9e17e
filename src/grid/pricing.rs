//! Our prices on a buyer's price schedule: per line our unit cost, our margin and the VAT
//! rate, checked (the error names the line's cell), totalled per piece, and turned into the
//! cells to fill in the buyer's own XLSX.

use std::collections::BTreeMap;

use serde::Serialize;

use super::price::{LineKind, PriceLine, Totals, totals_by_vat, unit_price};

/// VAT rate of a line nobody set (the French standard rate).
pub const DEFAULT_VAT: f64 = 0.2;

/// What we put on one line: unit cost € HT, margin as a share of the price (0.2 for 20 %),
/// VAT rate as a share (0.2 for 20 %). A line without a cost is not priced.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct OurPrice {
    pub cost: Option<f64>,
    pub margin: Option<f64>,
    pub vat: f64,
}

impl Default for OurPrice {
    fn default() -> Self {
        OurPrice {
            cost: None,
            margin: None,
            vat: DEFAULT_VAT,
        }
    }
}

impl OurPrice {
    /// Our unit price HT, when the line is priced.
    pub fn unit_price(&self) -> Option<f64> {
        self.cost
            .and_then(|c| unit_price(c, self.margin.unwrap_or(0.0)))
    }
}

/// A value we cannot store, naming the line ("BPU!4").
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{cell}: {message}")]
pub struct PriceError {
    pub cell: String,
    pub message: String,
}

/// The line as a spreadsheet names it: sheet and row.
pub fn line_cell(line: &PriceLine) -> String {
    format!("{}!{}", line.sheet, line.row)
}

/// Checks our figures on a line: a cost must be a number not below 0, a margin under 100 %,
/// a VAT rate from 0 to 100 %. Subtotal and total rows take no price.
pub fn check(line: &PriceLine, ours: &OurPrice) -> Result<(), PriceError> {
    let fail = |message: &str| PriceError {
        cell: line_cell(line),
        message: message.to_string(),
    };
    if !ours.vat.is_finite() || !(0.0..=1.0).contains(&ours.vat) {
        return Err(fail("the VAT rate must lie between 0 and 100 %"));
    }
    if line.kind != LineKind::Line && (ours.cost.is_some() || ours.margin.is_some()) {
        return Err(fail("a subtotal or total row takes no price"));
    }
    if let Some(c) = ours.cost
        && (!c.is_finite() || c < 0.0)
    {
        return Err(fail("a cost must not be negative"));
    }
    if let Some(m) = ours.margin
        && (!m.is_finite() || m >= 1.0)
    {
        return Err(fail("a margin must be under 100 %"));
    }
    Ok(())
}

/// Checks every line (`ours` aligned with `lines`); the first problem, naming its line.
pub fn check_all(lines: &[PriceLine], ours: &[OurPrice]) -> Result<(), PriceError> {
    lines.iter().zip(ours).try_for_each(|(l, o)| check(l, o))
}

/// Totals HT, VAT (each line at its own rate), TTC, cost and margin of our priced lines.
pub fn piece_totals(lines: &[PriceLine], ours: &[OurPrice]) -> Totals {
    let priced: Vec<(f64, f64, f64, f64)> = lines
        .iter()
        .zip(ours)
        .filter(|(l, _)| l.kind == LineKind::Line)
        .filter_map(|(l, o)| Some((l.quantity?, o.cost?, o.unit_price()?, o.vat)))
        .collect();
    totals_by_vat(&priced)
}

/// The buyer's own figures summed over the lines (each line's amount, or quantity × unit
/// price when the amount is empty): what the schedule adds up to HT.
pub fn buyer_total(lines: &[PriceLine]) -> f64 {
    lines
        .iter()
        .filter(|l| l.kind == LineKind::Line)
        .filter_map(|l| {
            l.amount
                .or(l.quantity.zip(l.unit_price).map(|(q, p)| q * p))
        })
        .sum::<f64>()
        + 0.0
}

/// Our unit prices (rounded to the cent) by sheet, at (0-based row, 0-based column) of the
/// buyer's unit-price column, for [`super::fill::fill_xlsx`].
pub fn fill_values(
    lines: &[PriceLine],
    ours: &[OurPrice],
) -> BTreeMap<String, BTreeMap<(u32, u32), f64>> {
    let mut by_sheet: BTreeMap<String, BTreeMap<(u32, u32), f64>> = BTreeMap::new();
    for (l, o) in lines.iter().zip(ours) {
        let (Some(col), Some(price), LineKind::Line) = (l.price_col, o.unit_price(), l.kind) else {
            continue;
        };
        by_sheet.entry(l.sheet.clone()).or_default().insert(
            (l.row.saturating_sub(1), col),
            (price * 100.0).round() / 100.0,
        );
    }
    by_sheet
}

/// The buyer's XLSX with our unit prices in place, every other part kept.
pub fn fill(
    original: &[u8],
    lines: &[PriceLine],
    ours: &[OurPrice],
) -> Result<Vec<u8>, super::fill::FillError> {
    let mut out = original.to_vec();
    for (sheet, values) in fill_values(lines, ours) {
        out = super::fill::fill_xlsx(&out, &sheet, &values)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(row: u32, kind: LineKind, quantity: Option<f64>) -> PriceLine {
        PriceLine {
            sheet: "BPU".into(),
            row,
            number: String::new(),
            designation: "Poste".into(),
            unit: "u".into(),
            quantity,
            unit_price: None,
            amount: None,
            price_col: Some(4),
            kind,
        }
    }

    fn ours(cost: Option<f64>, margin: Option<f64>, vat: f64) -> OurPrice {
        OurPrice { cost, margin, vat }
    }

    #[test]
    fn bad_values_name_the_line() {
        let l = line(7, LineKind::Line, Some(2.0));
        let e = check(&l, &ours(Some(-1.0), None, 0.2)).expect_err("negative cost");
        assert_eq!(e.to_string(), "BPU!7: a cost must not be negative");
        assert!(check(&l, &ours(Some(1.0), Some(1.0), 0.2)).is_err());
        assert!(check(&l, &ours(Some(1.0), Some(0.2), 1.2)).is_err());
        assert!(check(&l, &ours(Some(1.0), Some(0.2), -0.1)).is_err());
        assert!(check(&l, &ours(Some(1.0), Some(-0.1), 0.055)).is_ok());
        let total = line(9, LineKind::Total, None);
        assert!(check(&total, &ours(Some(1.0), None, 0.2)).is_err());
        assert!(check(&total, &OurPrice::default()).is_ok());
    }

    #[test]
    fn totals_and_fill_values_take_priced_lines_only() {
        let lines = [
            line(4, LineKind::Line, Some(12.0)),
            line(5, LineKind::Line, Some(10.0)),
            line(6, LineKind::Line, None),
            line(7, LineKind::Total, None),
        ];
        let o = [
            ours(Some(120.0), Some(0.2), 0.2),
            ours(Some(80.0), None, 0.1),
            ours(Some(5.0), None, 0.2),
            OurPrice::default(),
        ];
        let t = piece_totals(&lines, &o);
        // 12 × 150 + 10 × 80 = 2 600 HT; VAT 360 + 80.
        assert!((t.ht - 2600.0).abs() < 1e-9);
        assert!((t.vat - 440.0).abs() < 1e-9);
        let values = fill_values(&lines, &o);
        let bpu = values.get("BPU").expect("sheet");
        assert_eq!(bpu.get(&(3, 4)), Some(&150.0));
        assert_eq!(bpu.get(&(4, 4)), Some(&80.0));
        assert_eq!(bpu.get(&(5, 4)), Some(&5.0), "priced without a quantity");
        assert_eq!(bpu.len(), 3);
    }
}
