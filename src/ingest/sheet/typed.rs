//! Cells as people type them in CSV files: French or English numbers, percentages, dates; the
//! delimiter guessed; and the header row of any sheet found below its title rows.

use super::rows::Rows;
use super::{Cell, Sheet};
use crate::ingest::{ExtractError, Limits, text};

/// A spreadsheet's own text cell stays text: the spreadsheet already typed its numbers, and
/// "1.1" there is an item number.
pub(super) fn text_cell(s: &str) -> Cell {
    if s.trim().is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.trim().to_string())
    }
}

/// Reads what a person typed in a CSV: numbers, percentages, dd/mm/yyyy dates. With a decimal
/// comma (French files), a dot only separates thousands ("1.234"), so "1.1" stays an item number.
pub fn parse_text(raw: &str, decimal_comma: bool) -> Cell {
    let t = raw.trim();
    if t.is_empty() {
        return Cell::Empty;
    }
    if let Some(number) = t
        .strip_suffix('%')
        .and_then(|n| parse_number(n.trim(), decimal_comma))
    {
        return Cell::Percent(number / 100.0);
    }
    if let Some(number) = parse_number(t.trim_end_matches('€').trim(), decimal_comma) {
        return Cell::Number(number);
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(t, "%d/%m/%Y") {
        return Cell::Date(d.to_string());
    }
    Cell::Text(raw.trim().to_string())
}

fn parse_number(t: &str, decimal_comma: bool) -> Option<f64> {
    let compact: String = t
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if decimal_comma && !compact.contains(',') && compact.contains('.') {
        let thousands = compact
            .trim_start_matches('-')
            .split('.')
            .skip(1)
            .all(|g| g.len() == 3);
        if !thousands {
            return None;
        }
        return compact
            .replace('.', "")
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite());
    }
    let body = compact.strip_prefix('-').unwrap_or(&compact);
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        || !body.starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let normalized = match (compact.rfind(','), compact.rfind('.')) {
        (Some(c), Some(d)) if c > d => compact.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => compact.replace(',', ""),
        (Some(_), None) if compact.matches(',').count() == 1 => compact.replace(',', "."),
        (Some(_), None) => compact.replace(',', ""),
        _ => compact,
    };
    normalized.parse::<f64>().ok().filter(|n| n.is_finite())
}

pub(super) fn read_csv(bytes: &[u8], limits: &Limits) -> Result<Sheet, ExtractError> {
    let text = text::decode(bytes);
    let delimiter = [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|d| score_delimiter(&text, *d))
        .unwrap_or(b';');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Rows::new(limits.max_sheet_cells, limits.max_sheet_cells);
    for (r, record) in reader.records().enumerate() {
        let record =
            record.map_err(|e| ExtractError::Corrupt(format!("CSV line {}: {e}", r + 1)))?;
        for (c, field) in record.iter().enumerate() {
            let cell = parse_text(field, delimiter != b',');
            if !cell.is_empty() {
                let at = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
                rows.put("CSV", at(r), at(c), cell)?;
            }
        }
    }
    let mut sheet = rows.finish("CSV", Vec::new(), Vec::new());
    // A CSV's first row is row 1 even when it is empty: keep absolute positions.
    if sheet.first_col > 0 || sheet.first_row > 0 {
        let pad_cols = sheet.first_col as usize;
        for row in &mut sheet.rows {
            row.splice(0..0, std::iter::repeat_n(Cell::Empty, pad_cols));
        }
        sheet.first_col = 0;
    }
    Ok(sheet)
}

/// How consistently a delimiter splits the first lines (same number of fields, more than one).
fn score_delimiter(text: &str, d: u8) -> usize {
    let counts: Vec<usize> = text
        .lines()
        .take(30)
        .map(|l| l.bytes().filter(|b| *b == d).count())
        .filter(|n| *n > 0)
        .collect();
    let Some(max) = counts.iter().max() else {
        return 0;
    };
    counts.iter().filter(|n| *n == max).count() * max
}

/// The header row: among the first 30 rows, the one with the most text cells, helped by
/// the words of price grids and scoring grids.
pub(super) fn find_header(rows: &[Vec<Cell>]) -> Option<usize> {
    const WORDS: &[&str] = &[
        "désignation",
        "designation",
        "quantité",
        "quantite",
        "unité",
        "unite",
        "prix",
        "montant",
        "n°",
        "critère",
        "critere",
        "pondération",
        "ponderation",
        "objection",
        "description",
        "total",
        "libellé",
        "code",
    ];
    rows.iter()
        .take(30)
        .enumerate()
        .map(|(i, row)| {
            let texts: Vec<String> = row
                .iter()
                .filter_map(|c| {
                    if let Cell::Text(t) = c {
                        Some(t.to_lowercase())
                    } else {
                        None
                    }
                })
                .collect();
            let hits = texts
                .iter()
                .filter(|t| WORDS.iter().any(|w| t.contains(w)))
                .count();
            (i, texts.len() + 3 * hits, texts.len())
        })
        .filter(|(_, _, n)| *n >= 2)
        .max_by_key(|(i, score, _)| (*score, std::cmp::Reverse(*i)))
        .map(|(i, _, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_numbers_percentages_and_dates() {
        assert_eq!(parse_text("37,5", true), Cell::Number(37.5));
        assert_eq!(parse_text("1 800", true), Cell::Number(1800.0));
        assert_eq!(parse_text("1.234,56", true), Cell::Number(1234.56));
        assert_eq!(parse_text("1.234", true), Cell::Number(1234.0));
        assert_eq!(parse_text("1,234.56", false), Cell::Number(1234.56));
        assert_eq!(parse_text("37.5", false), Cell::Number(37.5));
        assert_eq!(parse_text("20 %", true), Cell::Percent(0.2));
        assert_eq!(parse_text("12,50 €", true), Cell::Number(12.5));
        assert_eq!(
            parse_text("15/03/2027", true),
            Cell::Date("2027-03-15".into())
        );
        assert_eq!(parse_text("Lot 1", true), Cell::Text("Lot 1".into()));
        assert_eq!(parse_text("1.1", true), Cell::Text("1.1".into()));
        assert_eq!(parse_text("1.2.3", true), Cell::Text("1.2.3".into()));
        assert_eq!(parse_text("", true), Cell::Empty);
    }
}
