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

impl Serialize for ExtractError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
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

mod archive;
mod classify;
mod docx;
mod numbering;
mod odt;
pub mod sheet;
mod sniff;
pub mod text;
mod xml;

pub use classify::classify;
pub use sheet::{Cell, Sheet};
pub use sniff::sniff;

use sha2::{Digest, Sha256};

use crate::model::DocKind;

/// One piece of an upload: a file given directly, or a file found in a ZIP.
#[derive(Debug, Clone, Serialize)]
pub struct Piece {
    /// The name as given, with its folders inside a ZIP ("DCE/02_Technique/CCTP.pdf").
    pub name: String,
    #[serde(skip)]
    pub bytes: Vec<u8>,
    pub size: u64,
    pub sha256: String,
    pub format: Option<Format>,
    pub kind: DocKind,
    /// Extracted text, page by page (one page for formats without pages).
    #[serde(skip)]
    pub pages: Vec<String>,
    pub sheets: Vec<Sheet>,
    pub notice: Option<notice::Notice>,
    /// A piece that was read but deserves a word ("no text layer", formulas without values).
    pub problem: Option<String>,
    /// A piece that could not be read at all; it is still kept, byte for byte.
    pub error: Option<ExtractError>,
    /// What the text says: its outline, its requirements, its key facts.
    pub understood: Understood,
    /// The lot the piece concerns ("CCTP_Lot2.pdf"); None when common to every lot.
    pub lot: Option<u32>,
}

/// What the understanding step found in a piece's text.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Understood {
    pub sections: Vec<crate::understand::outline::Heading>,
    pub requirements: Vec<crate::understand::requirements::Found>,
    pub facts: crate::understand::facts::Facts,
}

impl Understood {
    fn of(pages: &[String]) -> Understood {
        let mut sections = crate::understand::outline::outline(pages);
        let mut requirements = crate::understand::requirements::requirements(pages, &sections);
        crate::understand::scope::assign(&mut sections, &mut requirements);
        let facts = crate::understand::facts::extract(pages);
        Understood {
            sections,
            requirements,
            facts,
        }
    }
}

/// The media type of an XLSX workbook.
pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

impl Piece {
    pub fn media_type(&self) -> &'static str {
        match self.format {
            Some(Format::Pdf) => "application/pdf",
            Some(Format::Docx) => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Some(Format::Odt) => "application/vnd.oasis.opendocument.text",
            Some(Format::Xlsx) => XLSX_TYPE,
            Some(Format::Xls) => "application/vnd.ms-excel",
            Some(Format::Ods) => "application/vnd.oasis.opendocument.spreadsheet",
            Some(Format::Csv) => "text/csv",
            Some(Format::Markdown) => "text/markdown",
            Some(Format::Text) => "text/plain",
            Some(Format::Zip) => "application/zip",
            Some(Format::Eforms | Format::Boamp | Format::Espd) => "application/xml",
            None => "application/octet-stream",
        }
    }

    /// What went wrong with this piece, in one line, for the list of pieces.
    pub fn problem_text(&self) -> Option<String> {
        match (&self.error, &self.problem) {
            (Some(e), _) => Some(e.to_string()),
            (None, p) => p.clone(),
        }
    }
}

/// Why a whole upload is refused (a file given directly that cannot be read at all).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{name}: {error}")]
pub struct UploadError {
    pub name: String,
    pub error: ExtractError,
}

/// Reads one uploaded file into its pieces: itself, or the files of a ZIP. A file given
/// directly that cannot be read refuses the upload (nothing is kept); in a ZIP, a bad piece is
/// reported and kept, and the others are read.
pub fn read_upload(name: &str, bytes: Vec<u8>, limits: &Limits) -> Result<Vec<Piece>, UploadError> {
    let refuse = |error| UploadError {
        name: name.to_string(),
        error,
    };
    if bytes.len() as u64 > limits.max_piece_bytes {
        return Err(refuse(ExtractError::TooLarge(format!(
            "{} bytes",
            bytes.len()
        ))));
    }
    let format = sniff(name, &bytes).map_err(refuse)?;
    if format != Format::Zip {
        let piece = read_piece(name.to_string(), bytes, Some(format), limits);
        return match piece.error.clone() {
            Some(error) => Err(refuse(error)),
            None => Ok(vec![piece]),
        };
    }
    let entries = contained(|| archive::expand(&bytes, limits)).map_err(refuse)?;
    let prefix = name.rsplit_once('.').map(|(stem, _)| stem).unwrap_or(name);
    Ok(entries
        .into_iter()
        .map(|entry| {
            let path = format!("{prefix}/{}", entry.path);
            match entry.bytes {
                Ok(data) => {
                    let format = sniff(&path, &data).ok();
                    read_piece(path, data, format, limits)
                }
                Err(error) => unreadable(path, Vec::new(), None, error),
            }
        })
        .collect())
}

/// Runs a reader with its panics contained: a hostile file must not take the server down.
fn contained<T>(f: impl FnOnce() -> Result<T, ExtractError>) -> Result<T, ExtractError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or(Err(ExtractError::Panicked))
}

fn unreadable(name: String, bytes: Vec<u8>, format: Option<Format>, error: ExtractError) -> Piece {
    let kind = classify(&name, "");
    let lot = crate::understand::scope::piece_lot(&name, &[]);
    Piece {
        size: bytes.len() as u64,
        sha256: hex::encode(Sha256::digest(&bytes)),
        name,
        bytes,
        format,
        kind,
        pages: Vec::new(),
        sheets: Vec::new(),
        notice: None,
        problem: None,
        error: Some(error),
        understood: Understood::default(),
        lot,
    }
}

fn read_piece(name: String, bytes: Vec<u8>, format: Option<Format>, limits: &Limits) -> Piece {
    let Some(format) = format else {
        let format = sniff(&name, &bytes);
        return unreadable(
            name,
            bytes,
            None,
            format.err().unwrap_or(ExtractError::Unsupported),
        );
    };
    let read = contained(|| read_content(format, &bytes, limits));
    let (pages, sheets, notice, problem) = match read {
        Ok(content) => content,
        Err(error) => return unreadable(name, bytes, Some(format), error),
    };
    // Understanding is bounded text scanning; a notice says what it says in its own fields.
    let understood = if notice.is_some() {
        Understood::default()
    } else {
        contained(|| Ok(Understood::of(&pages))).unwrap_or_default()
    };
    let kind = match notice.as_ref().map(|n| n.format) {
        Some(Format::Espd) => DocKind::Espd,
        Some(_) => DocKind::Notice,
        None => classify(
            &name,
            &pages
                .iter()
                .take(3)
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    };
    // A notice speaks for the whole tender, whatever lots it lists.
    let lot = notice
        .is_none()
        .then(|| crate::understand::scope::piece_lot(&name, &pages))
        .flatten();
    Piece {
        size: bytes.len() as u64,
        sha256: hex::encode(Sha256::digest(&bytes)),
        name,
        bytes,
        format: Some(format),
        kind,
        pages,
        sheets,
        notice,
        problem,
        error: None,
        understood,
        lot,
    }
}

type Content = (
    Vec<String>,
    Vec<Sheet>,
    Option<notice::Notice>,
    Option<String>,
);

fn read_content(format: Format, bytes: &[u8], limits: &Limits) -> Result<Content, ExtractError> {
    match format {
        Format::Pdf => {
            let pages = pdf::extract(bytes, limits)?.pages;
            let problem = pages
                .iter()
                .all(|p| p.trim().is_empty())
                .then(|| "no text layer (a scan?)".to_string());
            Ok((pages, Vec::new(), None, problem))
        }
        Format::Docx => Ok((docx::extract(bytes, limits)?, Vec::new(), None, None)),
        Format::Odt => Ok((odt::extract(bytes, limits)?, Vec::new(), None, None)),
        Format::Markdown | Format::Text => {
            Ok((text::pages(bytes, limits)?, Vec::new(), None, None))
        }
        Format::Xlsx | Format::Xls | Format::Ods | Format::Csv => {
            let sheets = sheet::read(format, bytes, limits)?;
            let pages = sheets.iter().map(Sheet::to_text).collect();
            let problems: Vec<&String> = sheets.iter().flat_map(|s| &s.problems).collect();
            let problem = (!problems.is_empty()).then(|| {
                let shown: Vec<&str> = problems.iter().take(5).map(|p| p.as_str()).collect();
                let more = if problems.len() > 5 {
                    format!(" (+{} more)", problems.len() - 5)
                } else {
                    String::new()
                };
                format!("{}{more}", shown.join("; "))
            });
            Ok((pages, sheets, None, problem))
        }
        Format::Eforms | Format::Boamp | Format::Espd => {
            let n = notice::parse(bytes, limits)?;
            Ok((vec![n.text.clone()], Vec::new(), Some(n), None))
        }
        Format::Zip => Err(ExtractError::Unsupported),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_that_panics_becomes_an_error() {
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let result: Result<(), ExtractError> = contained(|| {
            let v: Vec<u8> = Vec::new();
            let i = v.len() + 3;
            // An out-of-bounds index, as a careless third-party parser would do.
            let _ = v[i];
            Ok(())
        });
        std::panic::set_hook(hook);
        assert_eq!(result, Err(ExtractError::Panicked));
    }

    #[test]
    fn an_unreadable_piece_keeps_its_bytes_and_says_why() {
        let piece = read_piece(
            "x.docx".into(),
            b"PK\x03\x04broken".to_vec(),
            Some(Format::Docx),
            &Limits::default(),
        );
        assert!(
            matches!(piece.error, Some(ExtractError::Corrupt(_))),
            "{:?}",
            piece.error
        );
        assert_eq!(piece.size, 10);
        assert_eq!(piece.bytes.len(), 10);
        assert!(piece.problem_text().is_some());
    }
}
