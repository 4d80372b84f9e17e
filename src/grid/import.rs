//! Reads a buyer-style comparison grid from XLSX, ODS, XLS or CSV: first sheet, header row
//! `Critère | Pondération | <offer> ...`, one row per criterion numbered `1`, `1.1` ... (the
//! numbers give the tree), marks in the offer columns, prices HT on the `Prix ...` row; an
//! optional `Paramètres` sheet (Barème, Formule prix, Notre offre, Seuil offre anormalement
//! basse). Any problem names its cell ("Grille!C7") and nothing is returned.

use std::collections::HashMap;

use crate::ingest::sheet::{cell_name, parse_text};
use crate::ingest::{Cell, Format, Limits, Sheet};

use super::compare::{Criterion, Grid, MAX_CRITERIA, MAX_OFFERS, Offer};
use super::fold;

mod params;

/// Why a file could not be imported, with the cell at fault when there is one.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}{message}", cell.as_ref().map(|c| format!("{c}: ")).unwrap_or_default())]
pub struct ImportError {
    /// "Grille!C7".
    pub cell: Option<String>,
    pub message: String,
}

fn fail(cell: Option<String>, message: impl Into<String>) -> ImportError {
    ImportError {
        cell,
        message: message.into(),
    }
}

/// Sheets are addressed as a spreadsheet shows them.
pub(super) fn at(sheet: &Sheet, row: usize, col: usize) -> String {
    let r = sheet.first_row.saturating_add(row as u32);
    let c = sheet.first_col.saturating_add(col as u32);
    format!("{}!{}", sheet.name, cell_name(r, c))
}

/// Reads the sheets of a spreadsheet file with the ingestion readers (panics contained).
pub fn read_sheets(name: &str, bytes: &[u8], limits: &Limits) -> Result<Vec<Sheet>, ImportError> {
    let format = crate::ingest::sniff(name, bytes).map_err(|e| fail(None, e.to_string()))?;
    let format = match format {
        Format::Xlsx | Format::Xls | Format::Ods | Format::Csv => format,
        // A CSV without the .csv name is sniffed as text: read it as CSV all the same.
        Format::Text => Format::Csv,
        _ => return Err(fail(None, "not a spreadsheet (XLSX, ODS, XLS or CSV)")),
    };
    std::panic::catch_unwind(|| crate::ingest::sheet::read(format, bytes, limits))
        .unwrap_or(Err(crate::ingest::ExtractError::Panicked))
        .map_err(|e| fail(None, e.to_string()))
}

/// A number as typed: the spreadsheet's own, or text with a French decimal comma.
pub(super) fn number(cell: &Cell, at: impl Fn() -> String) -> Result<Option<f64>, ImportError> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(n) => Ok(Some(*n)),
        Cell::Percent(p) => Ok(Some(p * 100.0)),
        Cell::Text(t) => match parse_text(t, true) {
            Cell::Number(n) => Ok(Some(n)),
            Cell::Percent(p) => Ok(Some(p * 100.0)),
            Cell::Empty => Ok(None),
            _ => Err(fail(Some(at()), format!("« {t} » is not a number"))),
        },
        Cell::NoValue(f) => Err(fail(
            Some(at()),
            format!("formula without a value (={f}): open and save the file in a spreadsheet"),
        )),
        Cell::Error(e) => Err(fail(Some(at()), format!("error value {e}"))),
        other => Err(fail(
            Some(at()),
            format!("« {} » is not a number", other.display()),
        )),
    }
}

/// One criterion row as read.
struct Row {
    index: usize,
    number: String,
    name: String,
    weight: f64,
    parent: Option<usize>,
}

/// Reads a comparison grid from a file's bytes.
pub fn import(name: &str, bytes: &[u8], limits: &Limits) -> Result<Grid, ImportError> {
    let sheets = read_sheets(name, bytes, limits)?;
    grid_from_sheets(&sheets)
}

/// Reads a comparison grid from sheets already read.
pub fn grid_from_sheets(sheets: &[Sheet]) -> Result<Grid, ImportError> {
    let sheet = sheets
        .first()
        .ok_or_else(|| fail(None, "the file has no sheet"))?;
    let (header, name_col, weight_col) = find_header(sheet)?;
    let header_row = sheet.rows.get(header).map(Vec::as_slice).unwrap_or(&[]);
    // The offers are the header cells right after « Pondération », up to the first empty
    // one: what lies beyond (our export's points) is not an offer.
    let offer_cols: Vec<(usize, String)> = header_row
        .iter()
        .enumerate()
        .skip(weight_col + 1)
        .map(|(c, cell)| (c, cell.display().trim().to_string()))
        .take_while(|(_, n)| !n.is_empty())
        .collect();
    if offer_cols.is_empty() {
        return Err(fail(
            Some(at(sheet, header, weight_col + 1)),
            "no offer column after « Pondération »",
        ));
    }
    if offer_cols.len() > MAX_OFFERS {
        return Err(fail(None, format!("more than {MAX_OFFERS} offers")));
    }
    let offer_names: Vec<String> = offer_cols.iter().map(|(_, n)| n.clone()).collect();
    let settings = params::read(sheets, &offer_names)?;
    let rows = criteria_rows(sheet, header, name_col, weight_col)?;
    check_weights(sheet, weight_col, &rows)?;
    let mut has_children = vec![false; rows.len()];
    for r in &rows {
        if let Some(slot) = r.parent.and_then(|p| has_children.get_mut(p)) {
            *slot = true;
        }
    }
    let criteria: Vec<Criterion> = rows
        .iter()
        .map(|r| Criterion {
            number: r.number.clone(),
            name: r.name.clone(),
            weight: r.weight,
            parent: r.parent,
            is_price: fold(&r.name).starts_with("prix"),
        })
        .collect();
    let mut offers: Vec<Offer> = offer_names
        .iter()
        .map(|n| Offer {
            name: n.clone(),
            price: None,
            marks: vec![None; criteria.len()],
        })
        .collect();
    let mut prices = 0;
    for (i, (r, c)) in rows.iter().zip(&criteria).enumerate() {
        let leaf = !has_children.get(i).copied().unwrap_or(false);
        if c.is_price {
            prices += 1;
            if !leaf || prices > 1 {
                return Err(fail(
                    Some(at(sheet, r.index, name_col)),
                    "only one price criterion, without sub-criteria, is allowed",
                ));
            }
        }
        if !leaf {
            continue;
        }
        for ((col, offer_name), offer) in offer_cols.iter().zip(offers.iter_mut()) {
            let place = || at(sheet, r.index, *col);
            let cell = sheet
                .rows
                .get(r.index)
                .and_then(|row| row.get(*col))
                .unwrap_or(&Cell::Empty);
            let value = number(cell, place)?;
            if c.is_price {
                match value {
                    None => {
                        return Err(fail(
                            Some(place()),
                            format!("missing price for « {offer_name} »"),
                        ));
                    }
                    Some(p) if p <= 0.0 => {
                        return Err(fail(Some(place()), "a price must be above 0"));
                    }
                    Some(p) => offer.price = Some(p),
                }
            } else {
                match value {
                    None => {
                        return Err(fail(
                            Some(place()),
                            format!("missing mark of « {offer_name} » for « {} »", c.name),
                        ));
                    }
                    Some(m) if !(0.0..=settings.scale).contains(&m) => {
                        return Err(fail(
                            Some(place()),
                            format!("the mark {m} is not between 0 and {}", settings.scale),
                        ));
                    }
                    Some(m) => {
                        if let Some(slot) = offer.marks.get_mut(i) {
                            *slot = Some(m);
                        }
                    }
                }
            }
        }
    }
    let grid = Grid {
        criteria,
        offers,
        settings,
    };
    // What the cells cannot show (duplicate offer names): checked as a whole.
    grid.prepare().map_err(|e| fail(None, e.to_string()))?;
    Ok(grid)
}

/// The header row and its « Critère » and « Pondération » columns.
fn find_header(sheet: &Sheet) -> Result<(usize, usize, usize), ImportError> {
    for (r, row) in sheet.rows.iter().enumerate().take(50) {
        let Some(name_col) = row
            .iter()
            .position(|c| matches!(c, Cell::Text(t) if fold(t).starts_with("crit")))
        else {
            continue;
        };
        let weight_col = row
            .iter()
            .enumerate()
            .skip(name_col + 1)
            .find_map(|(i, c)| {
                let Cell::Text(t) = c else { return None };
                let t = fold(t);
                (t.starts_with("pond") || t.starts_with("poids") || t.starts_with("weight"))
                    .then_some(i)
            });
        return match weight_col {
            Some(w) => Ok((r, name_col, w)),
            None => Err(fail(
                Some(at(sheet, r, name_col + 1)),
                "the header needs a « Pondération » column after « Critère »",
            )),
        };
    }
    Err(fail(
        Some(format!("{}!A1", sheet.name)),
        "no header row « Critère | Pondération | offers... » in the first 50 rows",
    ))
}

/// Rows that a buyer's grid adds below the criteria and that are computed, not typed.
fn is_summary(name: &str) -> bool {
    let t = fold(name);
    ["total", "rang", "classement", "note finale", "note globale"]
        .iter()
        .any(|w| t.starts_with(w))
}

/// Splits "1.2 Moyens humains" into ("1.2", "Moyens humains").
pub(super) fn split_number(text: &str) -> Option<(String, String)> {
    let t = text.trim();
    let end = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.'))
        .map_or(t.len(), |(i, _)| i);
    let number = t.get(..end)?.trim_end_matches('.');
    let ok = !number.is_empty() && number.split('.').all(|p| !p.is_empty() && p.len() <= 4);
    let rest = t
        .get(end..)?
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | ')' | ':'));
    (ok && !rest.trim().is_empty()).then(|| (number.to_string(), rest.trim().to_string()))
}

fn criteria_rows(
    sheet: &Sheet,
    header: usize,
    name_col: usize,
    weight_col: usize,
) -> Result<Vec<Row>, ImportError> {
    let mut rows: Vec<Row> = Vec::new();
    let mut by_number: HashMap<String, usize> = HashMap::new();
    for (r, row) in sheet.rows.iter().enumerate().skip(header + 1) {
        let name_cell = row.get(name_col).unwrap_or(&Cell::Empty);
        if row.iter().all(Cell::is_empty) {
            continue;
        }
        let text = name_cell.display();
        if is_summary(&text) {
            continue;
        }
        let Some((number, name)) = split_number(&text) else {
            return Err(fail(
                Some(at(sheet, r, name_col)),
                format!("« {text} » does not start with a criterion number (1, 1.1 ...)"),
            ));
        };
        if rows.len() >= MAX_CRITERIA {
            return Err(fail(None, format!("more than {MAX_CRITERIA} criteria")));
        }
        let parent = match number.rsplit_once('.') {
            None => None,
            Some((p, _)) => Some(*by_number.get(p).ok_or_else(|| {
                fail(
                    Some(at(sheet, r, name_col)),
                    format!("criterion {number} comes before its parent {p}"),
                )
            })?),
        };
        let weight_cell = row.get(weight_col).unwrap_or(&Cell::Empty);
        let weight = number_or_missing(weight_cell, || at(sheet, r, weight_col), "weight")?;
        if weight < 0.0 {
            return Err(fail(
                Some(at(sheet, r, weight_col)),
                "a weight cannot be negative",
            ));
        }
        if by_number.insert(number.clone(), rows.len()).is_some() {
            return Err(fail(
                Some(at(sheet, r, name_col)),
                format!("criterion number {number} appears twice"),
            ));
        }
        rows.push(Row {
            index: r,
            number,
            name,
            weight,
            parent,
        });
    }
    if rows.is_empty() {
        return Err(fail(
            Some(at(sheet, header + 1, name_col)),
            "no criterion below the header row",
        ));
    }
    Ok(rows)
}

fn number_or_missing(
    cell: &Cell,
    place: impl Fn() -> String,
    what: &str,
) -> Result<f64, ImportError> {
    number(cell, &place)?.ok_or_else(|| fail(Some(place()), format!("missing {what}")))
}

/// Siblings' weights add up to 100, or (sub-criteria marked in points) to their parent's.
fn check_weights(sheet: &Sheet, weight_col: usize, rows: &[Row]) -> Result<(), ImportError> {
    let mut groups: Vec<(Option<usize>, f64, usize)> = Vec::new();
    for r in rows {
        match groups.iter_mut().find(|g| g.0 == r.parent) {
            Some(g) => {
                g.1 += r.weight;
                g.2 = r.index;
            }
            None => groups.push((r.parent, r.weight, r.index)),
        }
    }
    for (parent, sum, last) in groups {
        let parent_weight = parent.and_then(|p| rows.get(p)).map(|p| p.weight);
        let fits = |target: f64| (sum - target).abs() < 0.01;
        if fits(100.0) || parent_weight.is_some_and(fits) {
            continue;
        }
        let whose = match parent.and_then(|p| rows.get(p)) {
            Some(p) => format!(
                "the weights of the sub-criteria of « {} {} » add up to {}, not 100 nor {}",
                p.number,
                p.name,
                round(sum),
                round(p.weight)
            ),
            None => format!(
                "the weights of the main criteria add up to {}, not 100",
                round(sum)
            ),
        };
        return Err(fail(Some(at(sheet, last, weight_col)), whose));
    }
    Ok(())
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
#[path = "import_tests.rs"]
mod tests;
