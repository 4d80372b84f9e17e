//! The response workspace: the outline of the answer (from the award criteria or the buyer's
//! cadre de réponse), its sections written in Markdown, the answer library's suggestions, the
//! compliance matrix and the Word document that gathers them. Pure functions and plain types;
//! the store keeps the rows, the web and CLI shells call these.

pub mod compliance;
pub mod document;
pub mod files;
pub mod markdown;
pub mod outline;
pub mod suggest;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::ResponseSection;

pub use markdown::{preview_html, word_count};

/// Words per page used to turn a page limit into a word budget (a dense A4 page of body text).
pub const WORDS_PER_PAGE: usize = 500;

/// Longest section text accepted, in characters.
pub const MAX_SECTION_CHARS: usize = 400_000;

/// One section of the response, as the workspace shows it: the stored section and where it
/// comes from.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Section {
    #[sqlx(flatten)]
    #[serde(flatten)]
    pub base: ResponseSection,
    /// "criterion", "cadre", "question" or "manual".
    pub source: String,
    pub source_key: String,
    /// The buyer's question or instruction this section answers.
    pub prompt: String,
    /// The criterion's weight as written ("40 %"), for the writers only.
    pub weight: String,
}

impl std::ops::Deref for Section {
    type Target = ResponseSection;

    fn deref(&self) -> &ResponseSection {
        &self.base
    }
}

impl Section {
    pub fn words(&self) -> usize {
        word_count(&self.body_md)
    }

    /// The word budget of the section's page limit, if it has one.
    pub fn word_budget(&self) -> Option<usize> {
        self.page_limit
            .and_then(|p| usize::try_from(p).ok())
            .map(|p| p * WORDS_PER_PAGE)
    }

    pub fn over_budget(&self) -> bool {
        self.word_budget().is_some_and(|b| self.words() > b)
    }

    /// The heading as the document shows it: "1.2 Organisation" or the title alone.
    pub fn heading(&self) -> String {
        if self.reference.is_empty() {
            self.title.clone()
        } else {
            format!("{} {}", self.reference, self.title)
        }
    }
}

/// What a writer sends when saving a section: the text and the version it was based on.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct SectionEdit {
    pub body_md: String,
    pub version: i32,
}

/// The result of a save refused because someone saved first: their section as it is now, and
/// the text this writer tried to save (nothing is lost).
#[derive(Debug, Clone, Serialize)]
pub struct EditConflict {
    pub theirs: Section,
    pub yours: String,
    pub your_version: i32,
}

/// Sections in document order (parents before children, siblings by position), each with
/// its depth (1 for the top level).
pub fn in_order(sections: &[Section]) -> Vec<(usize, &Section)> {
    let mut out = Vec::with_capacity(sections.len());
    let mut roots: Vec<&Section> = sections
        .iter()
        .filter(|s| {
            s.parent_id
                .is_none_or(|p| !sections.iter().any(|o| o.id == p))
        })
        .collect();
    roots.sort_by_key(|s| (s.position, s.id));
    // Explicit stack (depth-first): hostile parent chains cannot overflow the call stack.
    let mut stack: Vec<(usize, &Section)> = roots.into_iter().rev().map(|s| (1, s)).collect();
    let mut seen = std::collections::HashSet::new();
    while let Some((depth, s)) = stack.pop() {
        if !seen.insert(s.id) {
            continue;
        }
        out.push((depth, s));
        let mut children: Vec<&Section> = sections
            .iter()
            .filter(|c| c.parent_id == Some(s.id))
            .collect();
        children.sort_by_key(|c| (c.position, c.id));
        for c in children.into_iter().rev() {
            stack.push((depth + 1, c));
        }
    }
    out
}

/// A section's text with a library block appended (one click in the editor).
pub fn with_block(body: &str, block_md: &str) -> String {
    let body = body.trim_end();
    if body.is_empty() {
        block_md.trim().to_string()
    } else {
        format!("{body}\n\n{}", block_md.trim())
    }
}

/// Days before expiry from which a block is flagged as soon expiring.
pub const EXPIRY_WARNING_DAYS: i64 = 60;

/// How a library block stands against its expiry date: "expired" (red), "soon" (orange,
/// within [`EXPIRY_WARNING_DAYS`]) or "" (fine, or no expiry).
pub fn expiry_state(expires: Option<NaiveDate>, today: NaiveDate) -> &'static str {
    match expires {
        Some(d) if d < today => "expired",
        Some(d) if (d - today).num_days() <= EXPIRY_WARNING_DAYS => "soon",
        _ => "",
    }
}
