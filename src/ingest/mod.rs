//! Ingestion: every piece of a tender file (DCE), whatever its format, recognised by content
//! and read into text (page by page), spreadsheet cells, or a notice's structured facts.
//! Pure functions on bytes; every reader is bounded and runs with its panics contained.

pub mod notice;
pub mod pdf;

use serde::Serialize;

/// Why a piece could not be read. The message names the reason, never an internal path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    #[error("unsupported format")]
    Unsupported,
    #[error("corrupt or truncated file: {0}")]
    Corrupt(String),
    #[error("password-protected file")]
    Encrypted,
    #[error("too large: {0}")]
    TooLarge(String),
    #[error("the reader failed on this file")]
    Panicked,
}

/// Bounds on what one upload may make the server do.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest piece, once decompressed.
    pub max_piece_bytes: u64,
    /// Entries of one ZIP (nested ones included).
    pub max_zip_entries: usize,
    /// Total decompressed bytes of one ZIP.
    pub max_zip_total_bytes: u64,
    /// Largest decompressed/compressed ratio of one entry (a bomb has thousands).
    pub max_zip_ratio: u64,
    /// ZIPs inside ZIPs.
    pub max_zip_depth: usize,
    /// Element nesting of any XML read.
    pub max_xml_depth: usize,
    /// Cells of one spreadsheet (all sheets).
    pub max_sheet_cells: usize,
    /// Pages of one document.
    pub max_pages: usize,
    /// Characters of text kept for one piece.
    pub max_text_chars: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_piece_bytes: 200 * 1024 * 1024,
            max_zip_entries: 5_000,
            max_zip_total_bytes: 1024 * 1024 * 1024,
            max_zip_ratio: 200,
            max_zip_depth: 3,
            max_xml_depth: 256,
            max_sheet_cells: 5_000_000,
            max_pages: 20_000,
            max_text_chars: 50_000_000,
        }
    }
}

/// Formats, as recognised from the bytes (the file name is only a hint between text kinds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Pdf,
    Docx,
    Odt,
    Xlsx,
    Xls,
    Ods,
    Csv,
    Markdown,
    Text,
    Zip,
    /// A TED eForms notice (UBL 2.3).
    Eforms,
    /// A BOAMP notice (legacy French XML).
    Boamp,
    /// An ESPD (DUME) request or response.
    Espd,
}
