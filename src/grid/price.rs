//! The price grid of a BPU, DPGF or DQE: its lines read from the buyer's spreadsheet
//! (designation, unit, quantity, unit price, amount), the buyer's own subtotals and totals
//! checked, and our prices from unit cost and margin with totals HT, VAT and TTC.

use serde::Serialize;

use super::fold;
use super::import::{ImportError, at, number};
use crate::ingest::{Cell, Sheet};

/// What a row of the buyer's sheet is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    Line,
    Subtotal,
    Total,
}

impl LineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LineKind::Line => "line",
            LineKind::Subtotal => "subtotal",
            LineKind::Total => "total",
        }
    }
}

/// One row of a price sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceLine {
    pub sheet: String,
    /// The row number the spreadsheet shows.
    pub row: u32,
    pub number: String,
    pub designation: String,
    pub unit: String,
    pub quantity: Option<f64>,
    pub unit_price: Option<f64>,
    pub amount: Option<f64>,
    /// 0-based column where the unit price goes (to fill the buyer's file).
    pub price_col: Option<u32>,
    pub kind: LineKind,
}

/// A buyer's figure that does not add up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flag {
    pub cell: String,
    pub message: String,
}

#[derive(Default)]
struct Columns {
    number: Option<usize>,
    designation: Option<usize>,
    unit: Option<usize>,
    quantity: Option<usize>,
    unit_price: Option<usize>,
    amount: Option<usize>,
}

fn columns(header: &[Cell]) -> Columns {
    let mut c = Columns::default();
    for (i, cell) in header.iter().enumerate() {
        let Cell::Text(t) = cell else { continue };
        let t = fold(t);
        let slot = if t.starts_with("prix unit") || t.starts_with("p.u") || t == "pu" {
            &mut c.unit_price
        } else if t.starts_with("design") || t.starts_with("libell") {
            &mut c.designation
        } else if t.starts_with("quant") || t.starts_with("qte") {
            &mut c.quantity
        } else if t.starts_with("unit") {
            &mut c.unit
        } else if t.starts_with("montant") || t.starts_with("total") || t.starts_with("prix total")
        {
            &mut c.amount
        } else if t.starts_with("n°")
            || t.starts_with("num")
            || t.starts_with("code")
            || t.starts_with("ref")
        {
            &mut c.number
        } else {
            continue;
        };
        if slot.is_none() {
            *slot = Some(i);
        }
    }
    c
}

fn text(row: &[Cell], col: Option<usize>) -> String {
    match col.and_then(|c| row.get(c)) {
        // The readers already trimmed text cells: one copy, not two.
        Some(Cell::Text(t)) => t.trim().to_string(),
        Some(cell) => cell.display().trim().to_string(),
        None => String::new(),
    }
}

/// Two amounts closer than a cent are equal.
fn differ(a: f64, b: f64) -> bool {
    (a - b).abs() >= 0.01
}

/// Reads every sheet that has a « Désignation » column; checks line amounts (quantity ×
/// unit price) and the buyer's subtotals and totals. A value that is not a number fails,
/// naming its cell; figures that do not add up are flagged, not refused.
pub fn read_lines(sheets: &[Sheet]) -> Result<(Vec<PriceLine>, Vec<Flag>), ImportError> {
    let mut lines = Vec::new();
    let mut flags = Vec::new();
    for sheet in sheets {
        let Some(h) = sheet.header_row else { continue };
        let cols = columns(sheet.rows.get(h).map(Vec::as_slice).unwrap_or(&[]));
        if cols.designation.is_none() {
            continue;
        }
        let (mut since_subtotal, mut all) = (0.0f64, 0.0f64);
        for (r, row) in sheet.rows.iter().enumerate().skip(h + 1) {
            let designation = text(row, cols.designation);
            if designation.is_empty() && row.iter().all(Cell::is_empty) {
                continue;
            }
            let get = |col: Option<usize>| -> Result<Option<f64>, ImportError> {
                // A buyer's formula never computed (amount = quantity × an empty price) is an
                // unknown value, not an error: the price is what we are about to fill.
                match col.map(|c| (c, row.get(c).unwrap_or(&Cell::Empty))) {
                    Some((_, Cell::NoValue(_))) | None => Ok(None),
                    Some((c, cell)) => number(cell, || at(sheet, r, c)),
                }
            };
            // The kind is read from the first words: fold only those, not every designation.
            let head: String = designation.chars().take(16).collect();
            let folded = fold(&head);
            let kind = if folded.starts_with("sous-total") || folded.starts_with("sous total") {
                LineKind::Subtotal
            } else if folded.starts_with("total") || folded.starts_with("montant total") {
                LineKind::Total
            } else {
                LineKind::Line
            };
            let amount = get(cols.amount)?;
            let (quantity, unit_price) = match kind {
                LineKind::Line => (get(cols.quantity)?, get(cols.unit_price)?),
                _ => (None, None),
            };
            let place = || cols.amount.map(|c| at(sheet, r, c)).unwrap_or_default();
            match kind {
                LineKind::Line => {
                    if let (Some(q), Some(p), Some(a)) = (quantity, unit_price, amount)
                        && differ(q * p, a)
                    {
                        flags.push(Flag {
                            cell: place(),
                            message: format!("{q} × {p} = {:.2}, not {a:.2}", q * p),
                        });
                    }
                    let value = amount.or(quantity.zip(unit_price).map(|(q, p)| q * p));
                    since_subtotal += value.unwrap_or(0.0);
                    all += value.unwrap_or(0.0);
                }
                LineKind::Subtotal => {
                    if let Some(a) = amount
                        && differ(a, since_subtotal)
                    {
                        flags.push(Flag {
                            cell: place(),
                            message: format!(
                                "the lines above add up to {since_subtotal:.2}, not {a:.2}"
                            ),
                        });
                    }
                    since_subtotal = 0.0;
                }
                LineKind::Total => {
                    if let Some(a) = amount
                        && differ(a, all)
                    {
                        flags.push(Flag {
                            cell: place(),
                            message: format!("the lines add up to {all:.2}, not {a:.2}"),
                        });
                    }
                }
            }
            lines.push(PriceLine {
                sheet: sheet.name.clone(),
                row: sheet.first_row + r as u32 + 1,
                number: text(row, cols.number),
                designation,
                unit: text(row, cols.unit),
                quantity,
                unit_price,
                amount,
                price_col: cols.unit_price.map(|c| sheet.first_col + c as u32),
                kind,
            });
        }
    }
    Ok((lines, flags))
}

/// Our unit price from our unit cost and our margin as a share of the price (a 20 % margin
/// on a cost of 80 gives 100).
pub fn unit_price(cost: f64, margin: f64) -> Option<f64> {
    (margin < 1.0 && cost >= 0.0).then(|| cost / (1.0 - margin))
}

/// Totals of our priced lines.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Totals {
    pub ht: f64,
    pub vat: f64,
    pub ttc: f64,
    pub cost: f64,
    pub margin: f64,
    /// Margin as a share of the price HT.
    pub margin_rate: f64,
}

/// Sums (quantity, unit cost, unit price) lines at `vat_rate` (0.2 for 20 %).
pub fn totals(lines: &[(f64, f64, f64)], vat_rate: f64) -> Totals {
    // An empty f64 sum is −0.0, shown « -0,00 »: adding 0.0 makes it +0.0.
    let ht: f64 = lines.iter().map(|(q, _, p)| q * p).sum::<f64>() + 0.0;
    let cost: f64 = lines.iter().map(|(q, c, _)| q * c).sum::<f64>() + 0.0;
    let vat = ht * vat_rate;
    Totals {
        ht,
        vat,
        ttc: ht + vat,
        cost,
        margin: ht - cost,
        margin_rate: if ht > 0.0 { (ht - cost) / ht } else { 0.0 },
    }
}

/// Totals of priced lines (quantity, unit cost, unit price, VAT rate) whose VAT rates may
/// differ: the VAT is summed rate by rate, the rest as [`totals`] gives it.
pub fn totals_by_vat(lines: &[(f64, f64, f64, f64)]) -> Totals {
    let all: Vec<(f64, f64, f64)> = lines.iter().map(|&(q, c, p, _)| (q, c, p)).collect();
    let mut t = totals(&all, 0.0);
    let mut rates: Vec<f64> = lines.iter().map(|l| l.3).collect();
    rates.sort_by(f64::total_cmp);
    rates.dedup();
    t.vat = rates
        .iter()
        .map(|&rate| {
            let group: Vec<(f64, f64, f64)> = lines
                .iter()
                .filter(|l| l.3 == rate)
                .map(|&(q, c, p, _)| (q, c, p))
                .collect();
            totals(&group, rate).vat
        })
        .sum::<f64>()
        + 0.0;
    t.ttc = t.ht + t.vat;
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{Format, Limits, sheet};

    #[test]
    fn vat_is_summed_rate_by_rate() {
        // 12 × 150 at 20 % and 10 × 80 at 10 %: HT 2 600, VAT 360 + 80, cost 12 × 120 + 800.
        let t = totals_by_vat(&[(12.0, 120.0, 150.0, 0.2), (10.0, 80.0, 80.0, 0.1)]);
        assert!((t.ht - 2600.0).abs() < 1e-9);
        assert!((t.vat - 440.0).abs() < 1e-9);
        assert!((t.ttc - 3040.0).abs() < 1e-9);
        assert!((t.cost - 2240.0).abs() < 1e-9);
        assert!((t.margin - 360.0).abs() < 1e-9);
        assert!((t.margin_rate - 360.0 / 2600.0).abs() < 1e-12);
        let none = totals_by_vat(&[]);
        assert!(
            none.ht.is_sign_positive()
                && none.vat.is_sign_positive()
                && none.ttc.is_sign_positive()
        );
        assert!(none.margin.is_sign_positive() && none.cost.is_sign_positive());
    }

    #[test]
    fn lines_are_read_and_the_buyers_totals_checked() {
        let csv = "BPU - Lot 1;;;;;\nN°;Désignation;Unité;Quantité;Prix unitaire HT;Montant HT\n\
                   1.1;Visite préventive;u;12;150;1800\n1.2;Dépannage;h;10;80;900\n\
                   ;Sous-total;;;;2700\n2.1;Pièces;forfait;1;500;500\n;Total HT;;;;3300\n";
        let sheets = sheet::read(Format::Csv, csv.as_bytes(), &Limits::default()).expect("csv");
        let (lines, flags) = read_lines(&sheets).expect("lines");
        assert_eq!(lines.len(), 5);
        assert_eq!(lines[0].designation, "Visite préventive");
        assert_eq!(lines[0].quantity, Some(12.0));
        assert_eq!(lines[0].row, 3);
        assert_eq!(lines[0].price_col, Some(4));
        assert_eq!(lines[2].kind, LineKind::Subtotal);
        // 10 × 80 is 800, not 900; the subtotal adds up the amounts as written (2 700),
        // the total of 3 300 does not (1 800 + 900 + 500 = 3 200).
        let cells: Vec<&str> = flags.iter().map(|f| f.cell.as_str()).collect();
        assert_eq!(cells, vec!["CSV!F4", "CSV!F7"], "{flags:?}");
    }

    #[test]
    fn a_quantity_that_is_not_a_number_names_its_cell() {
        let csv = "Désignation;Quantité;Prix unitaire\nPoste;beaucoup;3\n";
        let sheets = sheet::read(Format::Csv, csv.as_bytes(), &Limits::default()).expect("csv");
        let e = read_lines(&sheets).expect_err("refused");
        assert_eq!(e.cell.as_deref(), Some("CSV!B2"));
    }

    #[test]
    fn prices_margins_and_totals_by_hand() {
        assert_eq!(unit_price(80.0, 0.2), Some(100.0));
        assert_eq!(unit_price(80.0, 1.0), None);
        let t = totals(&[(12.0, 120.0, 150.0), (10.0, 60.0, 80.0)], 0.2);
        assert_eq!(t.ht, 2600.0);
        assert_eq!(t.vat, 520.0);
        assert_eq!(t.ttc, 3120.0);
        assert_eq!(t.cost, 2040.0);
        assert_eq!(t.margin, 560.0);
        assert!((t.margin_rate - 560.0 / 2600.0).abs() < 1e-12);
    }
}
