//! Key facts of a tender (deadline, criteria and weights, payment, penalties ...), each with
//! the quote and page it comes from. A fact not found is absent, never guessed.

use serde::Serialize;

/// The key facts found in one piece.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Facts {}

/// Reads the key facts of one piece from its pages.
pub fn extract(pages: &[String]) -> Facts {
    let _ = pages;
    Facts::default()
}
