//! The section tree of a text piece: articles and numbered headings with their pages.

use serde::Serialize;

/// A heading found in a piece.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// The number as written: "5.2.1", "ARTICLE 5", "II" ("" when unnumbered).
    pub reference: String,
    pub title: String,
    /// 1 for the top level.
    pub level: usize,
    /// 1-based page where it stands.
    pub page: usize,
}

/// The headings of a piece, in order, from its pages (Markdown-like text from the readers:
/// `#` headings from Word/ODT/Markdown, plain lines from PDF).
pub fn outline(pages: &[String]) -> Vec<Heading> {
    let _ = pages;
    Vec::new()
}
