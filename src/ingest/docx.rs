//! Word (DOCX) reader: paragraphs, headings (by outline level, so "Titre 1" counts as much as
//! "Heading 1"), numbered and bulleted lists, tables, footnotes and endnotes; tracked changes
//! read as accepted (insertions kept, deletions dropped).

use std::collections::HashMap;
use std::io::Cursor;

use super::archive::read_part;
use super::numbering::Numbering;
use super::text::{TextBuilder, push_spaced};
use super::xml::{XmlEvent, attr, walk};
use super::{ExtractError, Limits};

type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// The pages of a DOCX as Markdown-like text.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Vec<String>, ExtractError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ExtractError::Corrupt(format!("not a valid DOCX ({e})")))?;
    let main = main_part(&mut zip, limits)?;
    let rels = relationships(&mut zip, &main, limits)?;
    let dir = main
        .rsplit_once('/')
        .map(|(d, _)| format!("{d}/"))
        .unwrap_or_default();
    let target = |kind: &str| rels.get(kind).map(|t| resolve(&dir, t));
    let styles = match target("styles") {
        Some(p) => read_part(&mut zip, &p, limits)?
            .map(|x| heading_styles(&x, limits))
            .transpose()?
            .unwrap_or_default(),
        None => Styles::default(),
    };
    let mut numbering = match target("numbering") {
        Some(p) => read_part(&mut zip, &p, limits)?
            .map(|x| Numbering::parse(&x, limits))
            .transpose()?
            .unwrap_or_default(),
        None => Numbering::default(),
    };
    let xml = read_part(&mut zip, &main, limits)?
        .ok_or_else(|| ExtractError::Corrupt(format!("the main part {main} is missing")))?;
    let mut out = TextBuilder::new(limits);
    let mut body = BodyReader::new(&styles, &mut numbering);
    walk(&xml, &main, limits.max_xml_depth, |e| body.on(e, &mut out))?;
    for (kind, label) in [("footnotes", "note"), ("endnotes", "note de fin")] {
        if let Some(part) = target(kind)
            && let Some(xml) = read_part(&mut zip, &part, limits)?
        {
            let mut notes = BodyReader::new(&styles, &mut numbering);
            notes.note_label = Some(label);
            walk(&xml, &part, limits.max_xml_depth, |e| notes.on(e, &mut out))?;
        }
    }
    out.finish()
}

/// The main document part named by the package relationships (not always word/document.xml).
fn main_part(zip: &mut Zip<'_>, limits: &Limits) -> Result<String, ExtractError> {
    let mut main = None;
    if let Some(xml) = read_part(zip, "_rels/.rels", limits)? {
        walk(&xml, "_rels/.rels", limits.max_xml_depth, |e| {
            if let XmlEvent::Start {
                name: "Relationship",
                attrs,
            } = e
                && attr(attrs, "Type").is_some_and(|t| t.ends_with("/officeDocument"))
            {
                main = attr(attrs, "Target").map(|t| t.trim_start_matches('/').to_string());
            }
        })?;
    }
    Ok(main.unwrap_or_else(|| "word/document.xml".into()))
}

/// Relationship kind (last path segment of its type) → target, for the main part.
fn relationships(
    zip: &mut Zip<'_>,
    main: &str,
    limits: &Limits,
) -> Result<HashMap<String, String>, ExtractError> {
    let (dir, file) = main.rsplit_once('/').unwrap_or(("", main));
    let path = if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    };
    let mut rels = HashMap::new();
    if let Some(xml) = read_part(zip, &path, limits)? {
        walk(&xml, &path, limits.max_xml_depth, |e| {
            if let XmlEvent::Start {
                name: "Relationship",
                attrs,
            } = e
                && let (Some(kind), Some(target)) = (attr(attrs, "Type"), attr(attrs, "Target"))
                && attr(attrs, "TargetMode") != Some("External")
            {
                let kind = kind.rsplit('/').next().unwrap_or(kind).to_string();
                rels.insert(kind, target.to_string());
            }
        })?;
    }
    Ok(rels)
}

fn resolve(dir: &str, target: &str) -> String {
    match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("{dir}{target}"),
    }
}

/// What paragraph styles say: heading levels and automatic numbering.
#[derive(Default)]
struct Styles {
    levels: HashMap<String, usize>,
    numbering: HashMap<String, (String, usize)>,
}

/// Style id → heading level, from outline levels, heading-like names in any language
/// ("heading 1", "Titre 1", "Überschrift 1") and the styles they are based on; and the
/// numbering a style carries.
fn heading_styles(xml: &[u8], limits: &Limits) -> Result<Styles, ExtractError> {
    let mut based_on: HashMap<String, String> = HashMap::new();
    let mut levels: HashMap<String, usize> = HashMap::new();
    let mut numbering: HashMap<String, (String, usize)> = HashMap::new();
    let mut current: Option<String> = None;
    walk(xml, "styles", limits.max_xml_depth, |e| match e {
        XmlEvent::Start {
            name: "numId",
            attrs,
        } => {
            if let (Some(id), Some(v)) = (&current, attr(attrs, "val")) {
                numbering.entry(id.clone()).or_insert((String::new(), 0)).0 = v.to_string();
            }
        }
        XmlEvent::Start {
            name: "ilvl",
            attrs,
        } => {
            if let (Some(id), Some(v)) = (&current, attr(attrs, "val").and_then(|v| v.parse().ok()))
            {
                numbering.entry(id.clone()).or_insert((String::new(), 0)).1 = v;
            }
        }
        XmlEvent::Start {
            name: "style",
            attrs,
        } => current = attr(attrs, "styleId").map(str::to_string),
        XmlEvent::Start {
            name: "name",
            attrs,
        } => {
            if let (Some(id), Some(n)) = (&current, attr(attrs, "val"))
                && let Some(level) = level_from_name(n)
            {
                levels.entry(id.clone()).or_insert(level);
            }
        }
        XmlEvent::Start {
            name: "outlineLvl",
            attrs,
        } => {
            if let (Some(id), Some(v)) = (
                &current,
                attr(attrs, "val").and_then(|v| v.parse::<usize>().ok()),
            ) && v < 9
            {
                levels.insert(id.clone(), v + 1);
            }
        }
        XmlEvent::Start {
            name: "basedOn",
            attrs,
        } => {
            if let (Some(id), Some(v)) = (&current, attr(attrs, "val")) {
                based_on.insert(id.clone(), v.to_string());
            }
        }
        XmlEvent::End { name: "style" } => current = None,
        _ => {}
    })?;
    let ids: Vec<String> = based_on.keys().cloned().collect();
    for id in ids {
        let mut cursor = based_on.get(&id).cloned();
        for _ in 0..8 {
            let Some(parent) = cursor else { break };
            if let Some(level) = levels.get(&parent).copied() {
                levels.entry(id.clone()).or_insert(level);
                break;
            }
            cursor = based_on.get(&parent).cloned();
        }
    }
    Ok(Styles { levels, numbering })
}

fn level_from_name(name: &str) -> Option<usize> {
    let lower = name.to_lowercase();
    let (word, number) = lower.rsplit_once(' ')?;
    let n: usize = number.parse().ok()?;
    let heading_words = ["heading", "titre", "überschrift", "título", "titolo", "kop"];
    (heading_words.contains(&word) && (1..=9).contains(&n)).then_some(n)
}

/// Follows the body of a document (or of its notes) and writes it out.
struct BodyReader<'s> {
    styles: &'s Styles,
    numbering: &'s mut Numbering,
    text: String,
    style: Option<String>,
    outline: Option<usize>,
    num: Option<(String, usize)>,
    /// Inside deleted or moved-away text, field instructions: text not shown.
    hidden: usize,
    /// Cells of the rows being read, one entry per open table.
    tables: Vec<(Vec<String>, String)>,
    break_after: bool,
    note_label: Option<&'static str>,
    note_id: Option<String>,
}

impl<'s> BodyReader<'s> {
    fn new(styles: &'s Styles, numbering: &'s mut Numbering) -> Self {
        BodyReader {
            styles,
            numbering,
            text: String::new(),
            style: None,
            outline: None,
            num: None,
            hidden: 0,
            tables: Vec::new(),
            break_after: false,
            note_label: None,
            note_id: None,
        }
    }

    fn on(&mut self, e: XmlEvent<'_>, out: &mut TextBuilder) {
        match e {
            XmlEvent::Start { name, attrs } => match name {
                "del" | "moveFrom" | "instrText" | "delText" => self.hidden += 1,
                "pStyle" => self.style = attr(attrs, "val").map(str::to_string),
                "outlineLvl" => {
                    self.outline = attr(attrs, "val")
                        .and_then(|v| v.parse::<usize>().ok())
                        .map(|v| v + 1)
                }
                "numId" => {
                    let level = self.num.as_ref().map(|n| n.1).unwrap_or(0);
                    self.num = attr(attrs, "val").map(|v| (v.to_string(), level));
                }
                "ilvl" => {
                    let level = attr(attrs, "val").and_then(|v| v.parse().ok()).unwrap_or(0);
                    self.num = Some((self.num.take().map(|n| n.0).unwrap_or_default(), level));
                }
                "tab" | "cr" if self.hidden == 0 => self.text.push(' '),
                "br" if attr(attrs, "type") == Some("page") => self.break_after = true,
                "br" if self.hidden == 0 => self.text.push(' '),
                "lastRenderedPageBreak"
                    if self.text.trim().is_empty() && self.tables.is_empty() =>
                {
                    out.page_break()
                }
                "footnoteReference" | "endnoteReference" => {
                    if let Some(id) = attr(attrs, "id") {
                        self.text.push_str(&format!("[^{id}]"));
                    }
                }
                "footnote" | "endnote" => {
                    let separator = attr(attrs, "type").is_some_and(|t| t.contains("eparator"));
                    self.note_id = if separator {
                        None
                    } else {
                        attr(attrs, "id").map(str::to_string)
                    };
                    if separator {
                        self.hidden += 1;
                    }
                }
                "tbl" => self.tables.push((Vec::new(), String::new())),
                _ => {}
            },
            XmlEvent::Text(t) if self.hidden == 0 => self.text.push_str(t),
            XmlEvent::Text(_) => {}
            XmlEvent::End { name } => match name {
                "del" | "moveFrom" | "instrText" | "delText" => {
                    self.hidden = self.hidden.saturating_sub(1)
                }
                "footnote" | "endnote" if self.note_id.is_none() => {
                    self.hidden = self.hidden.saturating_sub(1)
                }
                "p" => self.end_paragraph(out),
                "tc" => {
                    if let Some((cells, cell)) = self.tables.last_mut() {
                        cells.push(std::mem::take(cell));
                    }
                }
                "tr" => {
                    let nested = self.tables.len() > 1;
                    if let Some((cells, _)) = self.tables.last_mut() {
                        let row = std::mem::take(cells);
                        if nested {
                            let joined = row.join(" / ");
                            let depth = self.tables.len();
                            if let Some((_, outer)) = self.tables.get_mut(depth.saturating_sub(2)) {
                                push_spaced(outer, &joined);
                            }
                        } else {
                            out.table_row(&row);
                        }
                    }
                }
                "tbl" => {
                    self.tables.pop();
                }
                _ => {}
            },
        }
    }

    fn end_paragraph(&mut self, out: &mut TextBuilder) {
        let mut text = std::mem::take(&mut self.text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let style = self.style.take();
        let outline = self.outline.take();
        let num = self.num.take();
        if let (Some(label), Some(id)) = (self.note_label, &self.note_id)
            && !text.is_empty()
        {
            text = format!("[^{id}] ({label}) {text}");
        }
        let heading = outline.or_else(|| {
            style
                .as_ref()
                .and_then(|s| self.styles.levels.get(s).copied())
        });
        // Direct numbering wins over the style's; numId 0 switches numbering off.
        let num = num
            .or_else(|| {
                style
                    .as_ref()
                    .and_then(|s| self.styles.numbering.get(s).cloned())
            })
            .filter(|(id, _)| !id.is_empty() && id != "0");
        let label = match (&num, text.is_empty()) {
            (Some((id, level)), false) => self.numbering.next_label(id, *level),
            _ => None,
        };
        if let Some((_, cell)) = self.tables.last_mut() {
            match label {
                Some(l) => push_spaced(cell, &format!("{l} {text}")),
                None => push_spaced(cell, &text),
            }
        } else if let Some(level) = heading {
            match label {
                Some(l) => out.heading(level, &format!("{l} {text}")),
                None => out.heading(level, &text),
            }
        } else if let Some((_, level)) = num {
            out.list_item(level, label.as_deref(), &text);
        } else {
            out.paragraph(&text);
        }
        if std::mem::take(&mut self.break_after) {
            out.page_break();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_names_in_several_languages() {
        assert_eq!(level_from_name("heading 2"), Some(2));
        assert_eq!(level_from_name("Titre 1"), Some(1));
        assert_eq!(level_from_name("Überschrift 3"), Some(3));
        assert_eq!(level_from_name("Normal"), None);
        assert_eq!(level_from_name("Titre 12"), None);
    }
}
