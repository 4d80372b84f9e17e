//! OpenDocument text (ODT) reader: headings by outline level, lists, tables, notes; the
//! tracked-changes log (which holds deleted text) is skipped, as an accepted document reads.

use std::io::Cursor;

use super::archive::read_part;
use super::text::{TextBuilder, push_spaced};
use super::xml::{XmlEvent, attr, walk};
use super::{ExtractError, Limits};

pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Vec<String>, ExtractError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ExtractError::Corrupt(format!("not a valid ODT ({e})")))?;
    let xml = read_part(&mut zip, "content.xml", limits)?
        .ok_or_else(|| ExtractError::Corrupt("content.xml is missing".into()))?;
    let mut out = TextBuilder::new(limits);
    let mut r = Reader::default();
    walk(&xml, "content.xml", limits.max_xml_depth, |e| {
        r.on(e, &mut out)
    })?;
    for note in std::mem::take(&mut r.notes) {
        out.paragraph(&note);
    }
    out.finish()
}

#[derive(Default)]
struct Reader {
    text: String,
    heading: Option<usize>,
    list_depth: usize,
    in_item: usize,
    skip: usize,
    /// Open tables: finished cells of the current row, and the cell being read.
    tables: Vec<(Vec<String>, String)>,
    /// Inside a note body: its text, written after the body.
    note: Option<String>,
    notes: Vec<String>,
    note_count: usize,
}

impl Reader {
    fn on(&mut self, e: XmlEvent<'_>, out: &mut TextBuilder) {
        match e {
            XmlEvent::Start { name, attrs } => match name {
                "tracked-changes" | "note-citation" | "hidden-text" => self.skip += 1,
                "h" => {
                    self.heading = Some(
                        attr(attrs, "outline-level")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(1),
                    )
                }
                "list" => self.list_depth += 1,
                "list-item" => self.in_item += 1,
                "s" if self.skip == 0 => {
                    let n = attr(attrs, "c")
                        .and_then(|c| c.parse::<usize>().ok())
                        .unwrap_or(1)
                        .min(100);
                    self.target().push_str(&" ".repeat(n));
                }
                "tab" | "line-break" if self.skip == 0 => self.target().push(' '),
                "soft-page-break" if self.tables.is_empty() && self.note.is_none() => {
                    out.page_break()
                }
                "note" => {
                    self.note_count += 1;
                    let n = self.note_count;
                    self.text.push_str(&format!("[^{n}]"));
                    self.note = Some(format!("[^{n}] (note)"));
                }
                "table" => self.tables.push((Vec::new(), String::new())),
                _ => {}
            },
            XmlEvent::Text(t) if self.skip == 0 => self.target().push_str(t),
            XmlEvent::Text(_) => {}
            XmlEvent::End { name } => match name {
                "tracked-changes" | "note-citation" | "hidden-text" => {
                    self.skip = self.skip.saturating_sub(1)
                }
                "h" | "p" if self.skip == 0 => self.end_paragraph(out),
                "list" => self.list_depth = self.list_depth.saturating_sub(1),
                "list-item" => self.in_item = self.in_item.saturating_sub(1),
                "note" => {
                    if let Some(n) = self.note.take() {
                        self.notes.push(n);
                    }
                }
                "table-cell" => {
                    if let Some((cells, cell)) = self.tables.last_mut() {
                        cells.push(std::mem::take(cell));
                    }
                }
                "table-row" => {
                    let nested = self.tables.len() > 1;
                    let depth = self.tables.len();
                    let row = self
                        .tables
                        .last_mut()
                        .map(|(cells, _)| std::mem::take(cells))
                        .unwrap_or_default();
                    if nested {
                        if let Some((_, outer)) = self.tables.get_mut(depth.saturating_sub(2)) {
                            push_spaced(outer, &row.join(" / "));
                        }
                    } else {
                        out.table_row(&row);
                    }
                }
                "table" => {
                    self.tables.pop();
                }
                _ => {}
            },
        }
    }

    /// Where text goes now: a note body, a table cell, or the paragraph.
    fn target(&mut self) -> &mut String {
        if let Some(note) = self.note.as_mut() {
            return note;
        }
        &mut self.text
    }

    fn end_paragraph(&mut self, out: &mut TextBuilder) {
        if let Some(note) = self.note.as_mut() {
            note.push(' ');
            return;
        }
        let text = std::mem::take(&mut self.text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let heading = self.heading.take();
        if let Some((_, cell)) = self.tables.last_mut() {
            push_spaced(cell, &text);
        } else if let Some(level) = heading {
            out.heading(level, &text);
        } else if self.in_item > 0 {
            out.list_item(self.list_depth.saturating_sub(1), None, &text);
        } else {
            out.paragraph(&text);
        }
    }
}
