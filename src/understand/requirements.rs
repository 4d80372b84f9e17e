//! Requirements: every sentence or list item that puts an obligation on the bidder.

use serde::Serialize;

use super::outline::Heading;
use crate::model::{Category, Strength};

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
}

/// The requirements of a piece, in order.
pub fn requirements(pages: &[String], outline: &[Heading]) -> Vec<Found> {
    let _ = (pages, outline);
    Vec::new()
}
