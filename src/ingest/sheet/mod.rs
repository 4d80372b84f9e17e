//! Spreadsheets (XLSX/XLSM, XLS, ODS, CSV) read into cells: the header row found even when it
//! is not row 1, merged regions, French numbers ("37,5", "1 800", "20 %"), dates; a formula
//! without a cached value is reported, never read as 0.

use std::io::Cursor;

use calamine::{Data, DataRef, Dimensions, Reader};
use serde::{Deserialize, Serialize};

pub mod parts;
mod rows;
mod typed;

use rows::Rows;
pub use typed::parse_text;
use typed::{find_header, read_csv, text_cell};

use super::{ExtractError, Format, Limits};

/// One cell's value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", content = "v", rename_all = "snake_case")]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A percentage as a fraction: "20 %" is 0.2.
    Percent(f64),
    /// ISO 8601 date or date-time.
    Date(String),
    Bool(bool),
    /// A spreadsheet error (#DIV/0!, #REF! ...).
    Error(String),
    /// A formula whose value was never computed (the file was written by a program, not
    /// opened in a spreadsheet): the formula text.
    NoValue(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty) || matches!(self, Cell::Text(t) if t.trim().is_empty())
    }

    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) | Cell::Date(t) | Cell::Error(t) => t.clone(),
            Cell::Number(n) => format_number(*n),
            Cell::Percent(p) => format!("{} %", format_number(p * 100.0)),
            Cell::Bool(b) => if *b { "VRAI" } else { "FAUX" }.into(),
            Cell::NoValue(f) => format!("={f}"),
        }
    }
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}").replace('.', ",")
    }
}

/// One sheet, as a dense block of rows starting at (`first_row`, `first_col`), 0-based.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Sheet {
    pub name: String,
    pub first_row: u32,
    pub first_col: u32,
    /// Index in `rows` of the header row, when one was found.
    pub header_row: Option<usize>,
    pub rows: Vec<Vec<Cell>>,
    /// Merged regions as A1 ranges ("A1:F1"); the value sits in the top-left cell.
    pub merged: Vec<String>,
    /// What could not be read as a value, each naming its cell.
    pub problems: Vec<String>,
}

impl Sheet {
    pub fn is_header(&self, index: &usize) -> bool {
        self.header_row == Some(*index)
    }

    /// The row number a spreadsheet shows (1-based) for `rows[index]`.
    pub fn row_label(&self, index: &usize) -> u64 {
        u64::from(self.first_row) + *index as u64 + 1
    }

    /// The sheet as text, for the page view and search.
    pub fn to_text(&self) -> String {
        let mut out = format!("## {}\n", self.name);
        for row in &self.rows {
            if row.iter().all(Cell::is_empty) {
                continue;
            }
            let cells: Vec<String> = row.iter().map(Cell::display).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        out
    }
}

/// A1 name of a 0-based (row, col).
pub fn cell_name(row: u32, col: u32) -> String {
    let mut letters = String::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.insert(0, char::from(b'A' + rem as u8));
        c = (c - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

fn range_name(d: &Dimensions) -> String {
    format!(
        "{}:{}",
        cell_name(d.start.0, d.start.1),
        cell_name(d.end.0, d.end.1)
    )
}

pub fn read(format: Format, bytes: &[u8], limits: &Limits) -> Result<Vec<Sheet>, ExtractError> {
    let mut sheets = match format {
        Format::Xlsx => read_xlsx(bytes, limits)?,
        Format::Ods | Format::Xls => read_other(format, bytes, limits)?,
        Format::Csv => vec![read_csv(bytes, limits)?],
        _ => return Err(ExtractError::Unsupported),
    };
    for s in &mut sheets {
        s.header_row = find_header(&s.rows);
    }
    Ok(sheets)
}

fn corrupt(e: impl std::fmt::Display) -> ExtractError {
    let text = e.to_string();
    if text.to_lowercase().contains("password") || text.to_lowercase().contains("encrypt") {
        return ExtractError::Encrypted;
    }
    ExtractError::Corrupt(text)
}

fn too_large(name: &str, rows: u64, cols: u64, max_cells: usize) -> ExtractError {
    ExtractError::TooLarge(format!(
        "sheet {name:?} spans {rows} rows × {cols} columns, over {max_cells} cells"
    ))
}

/// XLSX cells are streamed straight into their rows, so a sheet that declares a million rows
/// costs nothing until its real extent is known and checked, and no list of all cells is built
/// then copied. Merged regions come from a scan of the sheet's bytes as they inflate, not from
/// a second parse of its XML (that second parse was a third of the reading time).
fn read_xlsx(bytes: &[u8], limits: &Limits) -> Result<Vec<Sheet>, ExtractError> {
    let mut book = calamine::Xlsx::new(Cursor::new(bytes)).map_err(corrupt)?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(corrupt)?;
    let names = book.sheet_names();
    let mut sheets = Vec::new();
    let mut budget = limits.max_sheet_cells;
    for name in names {
        let mut rows = Rows::new(budget, limits.max_sheet_cells);
        let mut problems = Vec::new();
        {
            let mut reader = book.worksheet_cells_reader(&name).map_err(corrupt)?;
            while let Some(c) = reader.next_cell_with_formula().map_err(corrupt)? {
                let (row, col) = c.pos;
                let cell = match (from_ref(c.value), c.formula) {
                    (Cell::Empty, Some(f)) if !f.is_empty() => {
                        problems.push(format!(
                            "formula without cached value in {name}!{} (={f})",
                            cell_name(row, col)
                        ));
                        Cell::NoValue(f)
                    }
                    (cell, _) => cell,
                };
                if let Cell::Error(e) = &cell {
                    problems.push(format!("error value {e} in {name}!{}", cell_name(row, col)));
                }
                if !cell.is_empty() || matches!(cell, Cell::NoValue(_)) {
                    rows.put(&name, row, col, cell)?;
                }
            }
        }
        let merged = match parts::sheet_path(&mut zip, &name) {
            Ok(path) => parts::merged_regions(&mut zip, &path).map_err(corrupt)?,
            Err(_) => Vec::new(),
        };
        let sheet = rows.finish(&name, merged, problems);
        budget = budget.saturating_sub(sheet.rows.iter().map(Vec::len).sum());
        sheets.push(sheet);
    }
    Ok(sheets)
}

fn read_other(format: Format, bytes: &[u8], limits: &Limits) -> Result<Vec<Sheet>, ExtractError> {
    let cursor = Cursor::new(bytes);
    let mut out = Vec::new();
    let (names, ranges, merges): (
        Vec<String>,
        Vec<calamine::Range<Data>>,
        Vec<Vec<Dimensions>>,
    ) = match format {
        Format::Ods => {
            let mut book: calamine::Ods<_> = calamine::Ods::new(cursor).map_err(corrupt)?;
            let names = book.sheet_names();
            let mut ranges = Vec::new();
            for n in &names {
                ranges.push(book.worksheet_range(n).map_err(corrupt)?);
            }
            let merges = names.iter().map(|_| Vec::new()).collect();
            (names, ranges, merges)
        }
        _ => {
            let mut book: calamine::Xls<_> = calamine::Xls::new(cursor).map_err(corrupt)?;
            let names = book.sheet_names();
            let mut ranges = Vec::new();
            let mut merges = Vec::new();
            for n in &names {
                ranges.push(book.worksheet_range(n).map_err(corrupt)?);
                merges.push(book.merge_cells_by_sheet_name(n).unwrap_or_default());
            }
            (names, ranges, merges)
        }
    };
    for ((name, range), merged) in names.iter().zip(ranges).zip(merges) {
        let (h, w) = range.get_size();
        if (h as u64).saturating_mul(w as u64) > limits.max_sheet_cells as u64 {
            return Err(too_large(name, h as u64, w as u64, limits.max_sheet_cells));
        }
        let mut rows = Rows::new(limits.max_sheet_cells, limits.max_sheet_cells);
        let mut problems = Vec::new();
        for (r, c, value) in range.used_cells() {
            let (row, col) = (
                range.start().map_or(0, |s| s.0) + r as u32,
                range.start().map_or(0, |s| s.1) + c as u32,
            );
            let cell = from_data(value);
            if let Cell::Error(e) = &cell {
                problems.push(format!("error value {e} in {name}!{}", cell_name(row, col)));
            }
            if !cell.is_empty() {
                rows.put(name, row, col, cell)?;
            }
        }
        out.push(rows.finish(name, merged.iter().map(range_name).collect(), problems));
    }
    Ok(out)
}

fn from_data(d: &Data) -> Cell {
    match d {
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => text_cell(s),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map(|d| Cell::Date(iso(d)))
            .unwrap_or(Cell::Number(dt.as_f64())),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Date(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
        Data::Empty => Cell::Empty,
    }
}

fn from_ref(d: DataRef<'_>) -> Cell {
    match d {
        DataRef::Int(i) => Cell::Number(i as f64),
        DataRef::Float(f) => Cell::Number(f),
        DataRef::String(s) => text_cell(&s),
        DataRef::SharedString(s) => text_cell(s),
        DataRef::Bool(b) => Cell::Bool(b),
        DataRef::DateTime(dt) => dt
            .as_datetime()
            .map(|d| Cell::Date(iso(d)))
            .unwrap_or(Cell::Number(dt.as_f64())),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Date(s),
        DataRef::Error(e) => Cell::Error(e.to_string()),
        DataRef::Empty => Cell::Empty,
    }
}

fn iso(d: chrono::NaiveDateTime) -> String {
    if d.time() == chrono::NaiveTime::MIN {
        d.date().to_string()
    } else {
        d.format("%Y-%m-%dT%H:%M:%S").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(11, 5), "F12");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
    }

    #[test]
    fn the_header_row_is_found_below_titles() -> Result<(), ExtractError> {
        let csv = "Ville de Test;;;\nBPU;;;\n;;;\nN°;Désignation;Unité;Quantité\n1;Poste;u;37,5\n";
        let sheets = read(Format::Csv, csv.as_bytes(), &Limits::default())?;
        let s = sheets.first().ok_or(ExtractError::Unsupported)?;
        assert_eq!(s.header_row, Some(3));
        assert_eq!(
            s.rows.get(4).and_then(|r| r.get(3)),
            Some(&Cell::Number(37.5))
        );
        Ok(())
    }
}
