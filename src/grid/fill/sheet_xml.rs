//! Streams a worksheet's XML and rewrites only the target cells: an existing `<c>` keeps its
//! style (`s`) and takes the number; a missing cell or row is inserted in its place in order.

use std::collections::BTreeMap;
use std::io::Write;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, Writer};

use crate::ingest::sheet::cell_name;

/// "E5" → (column 4, row 5).
fn parse_ref(r: &str) -> Option<(u32, u32)> {
    let r = r.as_bytes();
    let split = r.iter().position(u8::is_ascii_digit)?;
    let (letters, digits) = r.split_at(split);
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let col = letters.iter().try_fold(0u32, |acc, b| {
        b.is_ascii_uppercase()
            .then(|| acc * 26 + u32::from(b - b'A') + 1)
    })?;
    let row = std::str::from_utf8(digits).ok()?.parse::<u32>().ok()?;
    Some((col.checked_sub(1)?, row))
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.into_owned())
}

fn cell_xml(row1: u32, col: u32, value: f64, style: Option<&str>) -> String {
    let name = cell_name(row1.saturating_sub(1), col);
    let style = style
        .filter(|s| s.chars().all(|c| c.is_ascii_digit()))
        .map(|s| format!(" s=\"{s}\""))
        .unwrap_or_default();
    format!("<c r=\"{name}\"{style}><v>{value}</v></c>")
}

type Cells = BTreeMap<u32, f64>;

fn new_row(row1: u32, cells: &Cells) -> String {
    let body: String = cells
        .iter()
        .map(|(c, v)| cell_xml(row1, *c, *v, None))
        .collect();
    format!("<row r=\"{row1}\">{body}</row>")
}

/// Rewrites `xml` with `values` ((0-based row, 0-based column) → number).
pub fn fill(xml: &str, values: &BTreeMap<(u32, u32), f64>) -> Result<String, quick_xml::Error> {
    let mut pending: BTreeMap<u32, Cells> = BTreeMap::new();
    for ((r, c), v) in values {
        if v.is_finite() {
            pending.entry(r + 1).or_default().insert(*c, *v);
        }
    }
    let mut reader = Reader::from_str(xml);
    let mut w = Writer::new(Vec::with_capacity(xml.len() + 64 * values.len()));
    let mut current: Option<(u32, Cells)> = None;
    let (mut last_row, mut last_col) = (0u32, 0u32);
    let mut skipping = false;
    loop {
        let event = reader.read_event()?;
        if skipping {
            if matches!(&event, Event::End(e) if e.name().as_ref() == "c") {
                skipping = false;
            }
            continue;
        }
        // Rows and cells are handled alike whether written `<x/>` or `<x>...</x>`.
        let (empty, event) = match event {
            Event::Empty(e) if matches!(e.name().as_ref(), "row" | "c") => (true, Event::Start(e)),
            other => (false, other),
        };
        match event {
            Event::Eof => break,
            Event::Empty(e) if e.name().as_ref() == "sheetData" => {
                let rows: String = pending.iter().map(|(r, c)| new_row(*r, c)).collect();
                pending.clear();
                w.get_mut()
                    .write_all(format!("<sheetData>{rows}</sheetData>").as_bytes())?;
            }
            Event::End(e) if e.name().as_ref() == "sheetData" => {
                let rows: String = pending.iter().map(|(r, c)| new_row(*r, c)).collect();
                pending.clear();
                w.get_mut().write_all(rows.as_bytes())?;
                w.write_event(Event::End(e))?;
            }
            Event::Start(e) if e.name().as_ref() == "row" => {
                let r = attr(&e, "r")
                    .and_then(|v| v.parse::<u32>().ok())
                    .unwrap_or(last_row + 1);
                last_row = r;
                last_col = 0;
                let earlier: Vec<u32> = pending.range(..r).map(|(k, _)| *k).collect();
                for k in earlier {
                    if let Some(cells) = pending.remove(&k) {
                        w.get_mut().write_all(new_row(k, &cells).as_bytes())?;
                    }
                }
                let mine = pending.remove(&r);
                match (empty, mine) {
                    (true, Some(cells)) => {
                        w.write_event(Event::Start(e.clone()))?;
                        let body: String = cells
                            .iter()
                            .map(|(c, v)| cell_xml(r, *c, *v, None))
                            .collect();
                        w.get_mut().write_all(body.as_bytes())?;
                        w.get_mut().write_all(b"</row>")?;
                    }
                    (true, None) => w.write_event(Event::Empty(e))?,
                    (false, mine) => {
                        current = mine.map(|c| (r, c));
                        w.write_event(Event::Start(e))?;
                    }
                }
            }
            Event::End(e) if e.name().as_ref() == "row" => {
                if let Some((r, cells)) = current.take() {
                    let body: String = cells
                        .iter()
                        .map(|(c, v)| cell_xml(r, *c, *v, None))
                        .collect();
                    w.get_mut().write_all(body.as_bytes())?;
                }
                w.write_event(Event::End(e))?;
            }
            Event::Start(e) if e.name().as_ref() == "c" => {
                let col = attr(&e, "r")
                    .and_then(|v| parse_ref(&v))
                    .map_or(last_col, |(c, _)| c);
                last_col = col + 1;
                let mut replaced = false;
                if let Some((r, cells)) = current.as_mut() {
                    let before: Vec<u32> = cells.range(..col).map(|(k, _)| *k).collect();
                    for k in before {
                        if let Some(v) = cells.remove(&k) {
                            w.get_mut().write_all(cell_xml(*r, k, v, None).as_bytes())?;
                        }
                    }
                    if let Some(v) = cells.remove(&col) {
                        let style = attr(&e, "s");
                        w.get_mut()
                            .write_all(cell_xml(*r, col, v, style.as_deref()).as_bytes())?;
                        replaced = true;
                        skipping = !empty;
                    }
                }
                if !replaced {
                    if empty {
                        w.write_event(Event::Empty(e))?;
                    } else {
                        w.write_event(Event::Start(e))?;
                    }
                }
            }
            other => w.write_event(other)?,
        }
    }
    Ok(String::from_utf8_lossy(&w.into_inner()).into_owned())
}
