//! Requirements: every sentence or list item that puts an obligation on the bidder.
//!
//! The text is walked block by block (see `outline::blocks`): paragraphs are split into
//! sentences and each is judged on its cues (`cues`); a paragraph ending with ":" is a lead-in,
//! and the items of the list (or the rows of the table) after an obligation lead-in are each a
//! requirement, while those after the buyer's own lead-in are not. Sections describing the
//! current situation or giving definitions hold no requirement. Each requirement takes the
//! number of the nearest numbered section (or numbered paragraph) that holds it.

mod category;
mod cues;
mod lexicon;
mod sentences;

use serde::Serialize;

use super::outline::blocks::{self, Block, Kind};
use super::outline::{self, Heading, paragraph_number, short_reference};
use crate::model::{Category, Strength};
use category::Scores;
use cues::Lead;

/// A requirement found in a piece, with where it stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Found {
    /// The reference of the section it stands in ("5.2.1"), "" when outside any.
    #[serde(rename = "ref")]
    pub reference: String,
    /// 1-based page.
    pub page: usize,
    pub text: String,
    pub strength: Strength,
    pub category: Category,
    /// The lot it concerns (named in it, else its section's; see `scope`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lot: Option<u32>,
}

/// The requirements of a piece, in order.
pub fn requirements(pages: &[String], outline: &[Heading]) -> Vec<Found> {
    let (blocks, structured) = blocks::blocks_and_mode(pages);
    let headings = headings_of_blocks(&blocks, outline);
    let mut walk = Walk {
        structured,
        ..Walk::default()
    };
    for (i, b) in blocks.iter().enumerate() {
        if b.toc {
            continue;
        }
        let next = blocks
            .get(i + 1..)
            .and_then(|rest| rest.iter().find(|x| !x.toc));
        match &b.kind {
            Kind::Heading(_) => walk.heading(headings.get(i).and_then(Option::as_ref)),
            Kind::Para => walk.para(b),
            Kind::Item { depth } => walk.item(b, *depth, next),
            Kind::Row { cells, header } => walk.row(b, cells, *header),
        }
    }
    walk.found
}

/// The heading of the given outline that each heading block stands for (the caller's outline
/// decides which headings count; an empty one means the piece's own).
fn headings_of_blocks(blocks: &[Block], outline: &[Heading]) -> Vec<Option<Heading>> {
    let mut out = vec![None; blocks.len()];
    let own = outline::sections(blocks);
    let mut cursor = 0;
    for (i, h) in own {
        let matched = if outline.is_empty() {
            Some(h)
        } else {
            let window = outline.get(cursor..).unwrap_or_default().iter().take(32);
            let pos = window.enumerate().find(|(_, o)| {
                o.page == h.page
                    && (o.title == h.title
                        || (o.reference == h.reference && !h.reference.is_empty()))
            });
            pos.map(|(k, o)| {
                cursor += k + 1;
                o.clone()
            })
        };
        if let Some(slot) = out.get_mut(i) {
            *slot = matched;
        }
    }
    out
}

struct Section {
    level: usize,
    number: String,
    scores: Scores,
    /// Describes the current situation or defines terms: no requirement in it.
    context: bool,
}

/// The lead-in of the list or table being read.
struct Active {
    lead: Lead,
    scores: Scores,
    /// Lines of a PDF table read after it.
    rows: usize,
}

#[derive(Default)]
struct Walk {
    structured: bool,
    stack: Vec<Section>,
    /// The number of the last numbered paragraph ("3.1 Bidders must ...") in this section.
    para_ref: Option<String>,
    active: Option<Active>,
    /// How the rows of the current table are read.
    table: Option<Lead>,
    found: Vec<Found>,
}

impl Walk {
    fn reference(&self) -> String {
        match &self.para_ref {
            Some(r) => r.clone(),
            None => self
                .stack
                .iter()
                .rev()
                .find(|s| !s.number.is_empty())
                .map(|s| s.number.clone())
                .unwrap_or_default(),
        }
    }

    fn in_context(&self) -> bool {
        self.stack.iter().any(|s| s.context)
    }

    fn emit(&mut self, text: &str, page: usize, strength: Strength, lead: Option<&Scores>) {
        if self.in_context() {
            return;
        }
        let sections: Vec<Scores> = self.stack.iter().map(|s| s.scores).collect();
        let none = [0; 7];
        let category = category::pick(&category::scores(text), lead.unwrap_or(&none), &sections);
        let text = text.trim().to_string();
        self.found.push(Found {
            reference: self.reference(),
            page,
            text,
            strength,
            category,
            lot: None,
        });
    }

    fn heading(&mut self, heading: Option<&Heading>) {
        let Some(h) = heading else { return };
        self.active = None;
        self.table = None;
        self.para_ref = None;
        while self.stack.last().is_some_and(|s| s.level >= h.level) {
            self.stack.pop();
        }
        let number = short_reference(&h.reference).to_string();
        self.stack.push(Section {
            level: h.level,
            number,
            scores: category::scores(&h.title),
            context: is_context(&h.title),
        });
    }

    fn para(&mut self, b: &Block) {
        self.table = None;
        let mut from = 0;
        if let Some(active) = &self.active
            && let Lead::Obligation(strength) = active.lead
            && !self.structured
        {
            // A stray end of a wrapped list item, put out of place by the PDF reader.
            let t = b.text.trim();
            let stray = t.starts_with(char::is_lowercase)
                && t.ends_with([';', '.'])
                && t.chars().count() <= 80
                && b.lines == 1;
            if stray {
                return;
            }
            // The lines of a PDF table after an obligation lead-in ("Disponibilité ... 99,9 %"),
            // one row a line, the first without a figure being the header.
            let (scores, mut rows) = (active.scores, active.rows);
            let spans = b.line_spans();
            for (k, (at, line)) in spans.iter().enumerate() {
                let figure = line.chars().any(|c| c.is_ascii_digit());
                let header = rows == 0 && b.lines == 1 && !figure;
                if !row_like(line) || !(header || figure) {
                    break;
                }
                if !header {
                    let strength = if cues::desirable(line) {
                        Strength::Desirable
                    } else {
                        strength
                    };
                    self.emit(line, b.page_at(*at), strength, Some(&scores));
                }
                rows += 1;
                from = spans.get(k + 1).map_or(b.text.len(), |(next, _)| *next);
            }
            if let Some(a) = self.active.as_mut() {
                a.rows = rows;
            }
            if from >= b.text.len() {
                return;
            }
        }
        self.active = None;
        let text = b.text.get(from..).unwrap_or("");
        let (body, offset) = match paragraph_number(text) {
            Some((number, at)) => {
                self.para_ref = Some(number);
                (text.get(at..).unwrap_or(""), from + at)
            }
            None => (text, from),
        };
        let parts = sentences::sentences(body);
        let count = parts.len();
        for (k, (at, s)) in parts.into_iter().enumerate() {
            if k + 1 == count && s.ends_with(':') {
                self.active = Some(Active {
                    lead: cues::lead(s),
                    scores: category::scores(s),
                    rows: 0,
                });
                continue;
            }
            if let Some(strength) = cues::judge(s) {
                self.emit(s, b.page_at(offset + at), strength, None);
            }
        }
    }

    fn item(&mut self, b: &Block, depth: usize, next: Option<&Block>) {
        self.table = None;
        let text = b.text.trim();
        let opens_sublist = text.ends_with(':')
            && matches!(next.map(|n| &n.kind), Some(Kind::Item { depth: d }) if *d > depth);
        let lead = self.active.as_ref().map(|a| (a.lead, a.scores));
        if opens_sublist {
            if !matches!(lead, Some((Lead::Obligation(_), _))) {
                self.active = Some(Active {
                    lead: cues::lead(text),
                    scores: category::scores(text),
                    rows: 0,
                });
            }
            return;
        }
        match lead {
            Some((Lead::Obligation(strength), scores)) => {
                let strength = if cues::desirable(text) {
                    Strength::Desirable
                } else {
                    strength
                };
                self.emit(text, b.page, strength, Some(&scores));
            }
            Some((Lead::Buyer, _)) => {}
            Some((Lead::Neutral, _)) | None => {
                if let Some(strength) = cues::judge(text) {
                    self.emit(text, b.page, strength, None);
                }
            }
        }
    }

    fn row(&mut self, b: &Block, cells: &[String], header: bool) {
        let scores = self.active.as_ref().map_or([0; 7], |a| a.scores);
        if header || self.table.is_none() {
            let mode = match self.active.as_ref().map(|a| a.lead) {
                Some(Lead::Obligation(s)) => Lead::Obligation(s),
                Some(Lead::Buyer) => Lead::Buyer,
                _ if obligation_header(cells) => Lead::Obligation(Strength::Mandatory),
                _ => Lead::Neutral,
            };
            self.table = Some(mode);
            if mode != Lead::Neutral {
                return;
            }
        }
        match self.table {
            Some(Lead::Obligation(strength)) => {
                let strength = if cues::desirable(&b.text) {
                    Strength::Desirable
                } else {
                    strength
                };
                self.emit(&b.text, b.page, strength, Some(&scores));
            }
            Some(Lead::Neutral) => {
                if let Some(strength) = cues::judge(&b.text) {
                    self.emit(&b.text, b.page, strength, None);
                }
            }
            Some(Lead::Buyer) | None => {}
        }
    }
}

/// A line that may be a row of a PDF table: short, no sentence end, starting with a capital or
/// a figure.
fn row_like(line: &str) -> bool {
    !line.ends_with(['.', ':', ';'])
        && line.chars().count() <= 200
        && line.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
}

/// A table header that announces obligations ("Exigence", "Engagement", "Niveau de service").
fn obligation_header(cells: &[String]) -> bool {
    const CUES: [&str; 8] = [
        "exigence",
        "engagement",
        "obligation",
        "requirement",
        "niveau de service",
        "sla",
        "délai maximal",
        "délais maximaux",
    ];
    let text = cells.join(" ").to_lowercase();
    CUES.iter().any(|c| {
        text.split(|ch: char| !ch.is_alphanumeric() && ch != ' ')
            .any(|part| part.trim() == *c || part.trim().starts_with(c))
    })
}

/// A section that describes the current situation or defines terms.
fn is_context(title: &str) -> bool {
    const CUES: [&str; 12] = [
        "contexte",
        "situation actuelle",
        "situation existante",
        "description de l'existant",
        "état des lieux",
        "définitions",
        "définition des termes",
        "glossaire",
        "terminologie",
        "background",
        "current situation",
        "definitions",
    ];
    let t = title.to_lowercase().replace('’', "'");
    CUES.iter().any(|c| t.contains(c))
}

#[cfg(test)]
mod tests;
