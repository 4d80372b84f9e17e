//! The answer being written: reusable library blocks and the sections of the response.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::text_enum;

text_enum! {
    /// Where a response section stands.
    SectionStatus {
        Todo = "a_rediger", "À rédiger", "To write";
        Draft = "brouillon", "Brouillon", "Draft";
        Review = "en_relecture", "En relecture", "In review";
        Approved = "valide", "Validé", "Approved";
    }
}

/// A reusable block of the answer library (company presentation, CVs, QSE ...).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct LibraryBlock {
    pub id: i64,
    pub title: String,
    pub body_md: String,
    /// Comma-separated tags, lower case.
    pub tags: String,
    pub owner_id: Option<i64>,
    pub last_reviewed: Option<NaiveDate>,
    /// When the block stops being true (a certificate that runs out).
    pub expires: Option<NaiveDate>,
    pub updated_at: DateTime<Utc>,
}

/// One section of the response document, written in Markdown.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ResponseSection {
    pub id: i64,
    pub tender_id: i64,
    pub parent_id: Option<i64>,
    pub position: i32,
    pub reference: String,
    pub title: String,
    pub criterion_id: Option<i64>,
    pub body_md: String,
    pub assignee_id: Option<i64>,
    pub due: Option<NaiveDate>,
    #[sqlx(try_from = "String")]
    pub status: SectionStatus,
    pub page_limit: Option<i32>,
    /// Bumped by each save: a save based on an older version is refused, not merged.
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}
