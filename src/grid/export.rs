//! The grid as an XLSX the buyer would recognise, with live formulas: the sheet `Grille` holds
//! the criteria, weights and each offer's marks (and prices on the price row) in the layout
//! the import reads back; beside them, formulas compute each criterion's share, each offer's
//! points (the price formula included), totals and ranks, so the file recalculates in Excel
//! or LibreOffice when a mark changes. `Paramètres` holds the scale and the formula.

use rust_xlsxwriter::{Color, Format, Formula, Workbook, Worksheet, XlsxError};

use super::compare::Grid;
use super::formula::PriceFormula;
use super::outcome::Outcome;
use crate::ingest::sheet::cell_name;

/// The scale cell, referenced by every technical points formula.
const SCALE: &str = "'Paramètres'!$B$1";
/// First criterion row (0-based); the header is the row before.
const FIRST: u32 = 3;

fn a1(row: u32, col: u16) -> String {
    cell_name(row, u32::from(col))
}

/// Writes the grid and its outcome (the outcome gives the cached values of the formulas, so
/// readers that do not calculate still see numbers).
pub fn xlsx(grid: &Grid, outcome: &Outcome) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDE7F3));
    let pct = Format::new().set_num_format("0.00");
    let pts = Format::new().set_num_format("0.00");
    let k = u16::try_from(grid.offers.len())
        .map_err(|_| XlsxError::ParameterError("too many offers".into()))?;
    let share_col = 3 + k;
    let points_col = |j: u16| 4 + k + j;
    let row_of = |i: usize| FIRST + i as u32;
    let sheet = book.add_worksheet();
    sheet.set_name("Grille")?;
    sheet.write_string_with_format(0, 0, "Grille de comparaison des offres", &bold)?;
    sheet.write_string_with_format(FIRST - 1, 0, "Critère", &head)?;
    sheet.write_string_with_format(FIRST - 1, 1, "Pondération", &head)?;
    for (j, o) in grid.offers.iter().enumerate() {
        let j = j as u16;
        sheet.write_string_with_format(FIRST - 1, 2 + j, &o.name, &head)?;
        sheet.write_string_with_format(
            FIRST - 1,
            points_col(j),
            format!("Points {}", o.name),
            &head,
        )?;
    }
    sheet.write_string_with_format(FIRST - 1, share_col, "Part (%)", &head)?;
    let children = |p: Option<usize>| -> Vec<usize> {
        grid.criteria
            .iter()
            .enumerate()
            .filter(|(_, c)| c.parent == p)
            .map(|(i, _)| i)
            .collect()
    };
    let list = |rows: &[usize], col: u16| -> String {
        rows.iter()
            .map(|i| a1(row_of(*i), col))
            .collect::<Vec<_>>()
            .join(",")
    };
    let first_mark = a1(0, 2).trim_end_matches('1').to_string();
    let last_mark = a1(0, 1 + k).trim_end_matches('1').to_string();
    for (i, c) in grid.criteria.iter().enumerate() {
        let r = row_of(i);
        let out = outcome.criteria.get(i);
        let indent = "  ".repeat(out.map_or(0, |o| o.depth));
        let label = if c.number.is_empty() {
            format!("{indent}{}", c.name)
        } else {
            format!("{indent}{} {}", c.number, c.name)
        };
        sheet.write_string(r, 0, label.trim_start())?;
        sheet.write_number(r, 1, c.weight)?;
        let siblings = list(&children(c.parent), 1);
        let share = match c.parent {
            None => format!("={}/SUM({siblings})*100", a1(r, 1)),
            Some(p) => format!("={}/SUM({siblings})*{}", a1(r, 1), a1(row_of(p), share_col)),
        };
        let cached = out.map_or(0.0, |o| o.share * 100.0);
        sheet.write_formula_with_format(
            r,
            share_col,
            Formula::new(share).set_result(cached.to_string()),
            &pct,
        )?;
        let leaf = out.is_some_and(|o| o.leaf);
        let s = a1(r, share_col);
        let range = format!("${first_mark}${}:${last_mark}${}", r + 1, r + 1);
        for (j, offer) in grid.offers.iter().enumerate() {
            let col = 2 + j as u16;
            let mark = a1(r, col);
            if c.is_price {
                if let Some(p) = offer.price {
                    sheet.write_number(r, col, p)?;
                }
            } else if leaf && let Some(m) = offer.marks.get(i).copied().flatten() {
                sheet.write_number(r, col, m)?;
            }
            let formula = if !leaf {
                format!("=SUM({})", list(&children(Some(i)), points_col(j as u16)))
            } else if c.is_price {
                price_formula(grid.settings.formula, &s, &mark, &range)
            } else {
                format!("={mark}/{SCALE}*{s}")
            };
            let cached = outcome
                .offers
                .get(j)
                .and_then(|o| o.points.get(i))
                .copied()
                .unwrap_or(0.0);
            sheet.write_formula_with_format(
                r,
                points_col(j as u16),
                Formula::new(formula).set_result(cached.to_string()),
                &pts,
            )?;
        }
    }
    let total_row = row_of(grid.criteria.len()) + 1;
    let rank_row = total_row + 1;
    sheet.write_string_with_format(total_row, 0, "Total (sur 100)", &bold)?;
    sheet.write_string_with_format(rank_row, 0, "Rang", &bold)?;
    let tops = children(None);
    let totals = format!(
        "${first_mark}${}:${last_mark}${}",
        total_row + 1,
        total_row + 1
    );
    for (j, o) in outcome.offers.iter().enumerate() {
        let j = j as u16;
        let sum = format!("=SUM({})", list(&tops, points_col(j)));
        sheet.write_formula_with_format(
            total_row,
            points_col(j),
            Formula::new(sum).set_result(o.total.to_string()),
            &pts,
        )?;
        sheet.write_formula_with_format(
            total_row,
            2 + j,
            Formula::new(format!("={}", a1(total_row, points_col(j))))
                .set_result(o.total.to_string()),
            &pts,
        )?;
        sheet.write_formula(
            rank_row,
            2 + j,
            Formula::new(format!("=RANK({},{totals})", a1(total_row, 2 + j)))
                .set_result(o.rank.to_string()),
        )?;
    }
    sheet.set_column_width(0, 40)?;
    sheet.set_column_width(1, 13)?;
    params_sheet(book.add_worksheet(), grid)?;
    book.save_to_buffer()
}

/// The buyer's price formula in spreadsheet terms: share S (in points), this offer's price
/// cell P, the row of all prices.
fn price_formula(formula: PriceFormula, s: &str, p: &str, range: &str) -> String {
    let min = format!("MIN({range})");
    match formula {
        PriceFormula::Proportional => format!("={s}*{min}/{p}"),
        PriceFormula::Linear => format!("={s}*MAX(0,1-({p}-{min})/{min})"),
        PriceFormula::Extremes => {
            format!("=IF(MAX({range})={min},{s},{s}*(MAX({range})-{p})/(MAX({range})-{min}))")
        }
        PriceFormula::Mean => format!("={s}*MAX(0,1-({p}-{min})/AVERAGE({range}))"),
    }
}

fn params_sheet(sheet: &mut Worksheet, grid: &Grid) -> Result<(), XlsxError> {
    sheet.set_name("Paramètres")?;
    sheet.write_string(0, 0, "Barème")?;
    sheet.write_number(0, 1, grid.settings.scale)?;
    sheet.write_string(1, 0, "Formule prix")?;
    sheet.write_string(1, 1, grid.settings.formula.french())?;
    sheet.write_string(2, 0, "Notre offre")?;
    sheet.write_string(2, 1, grid.settings.ours.as_deref().unwrap_or(""))?;
    sheet.write_string(3, 0, "Seuil offre anormalement basse")?;
    sheet.write_number_with_format(
        3,
        1,
        grid.settings.low_fraction,
        &Format::new().set_num_format("0%"),
    )?;
    sheet.set_column_width(0, 34)?;
    sheet.set_column_width(1, 20)?;
    Ok(())
}

/// The criteria of the template: price 40, technical value 60 in three sub-criteria.
pub fn template_criteria() -> Vec<super::compare::Criterion> {
    let c = |number: &str, name: &str, weight: f64, parent, is_price| super::compare::Criterion {
        number: number.into(),
        name: name.into(),
        weight,
        parent,
        is_price,
    };
    vec![
        c("1", "Prix des prestations", 40.0, None, true),
        c("2", "Valeur technique", 60.0, None, false),
        c("2.1", "Méthodologie", 50.0, Some(1), false),
        c("2.2", "Moyens humains", 30.0, Some(1), false),
        c("2.3", "Planning", 20.0, Some(1), false),
    ]
}

/// An example grid to fill in: the layout the import reads, with two offers.
pub fn template() -> Result<Vec<u8>, XlsxError> {
    use super::compare::{Offer, Settings};
    let grid = Grid {
        criteria: template_criteria(),
        offers: ["Notre offre", "Concurrent A"]
            .iter()
            .zip([(100_000.0, 14.0), (90_000.0, 12.0)])
            .map(|(name, (price, mark))| Offer {
                name: (*name).into(),
                price: Some(price),
                marks: vec![None, None, Some(mark), Some(mark), Some(mark)],
            })
            .collect(),
        settings: Settings {
            ours: Some("Notre offre".into()),
            ..Settings::default()
        },
    };
    let outcome = super::compute(&grid).map_err(|e| XlsxError::ParameterError(e.to_string()))?;
    xlsx(&grid, &outcome)
}
