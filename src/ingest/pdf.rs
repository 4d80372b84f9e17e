//! PDF text extraction, page by page; a PDF without a text layer (a scan) is kept and flagged.
//!
//! The parsing is done by `pdf_oxide` (pure Rust, MIT/Apache-2.0, no C library), chosen by
//! measurement over `pdf-extract` 0.12 and `lopdf`'s own `extract_text`: it is the only one of
//! the three that orders text by position rather than by drawing order; `pdf-extract` panicked
//! on about 7 % of damaged files and drops the text shown with the `'` operator; `lopdf` puts
//! every separately drawn run on its own line, breaking Word's words apart. `pdf_oxide`
//! decrypts the PDFs that open without a password and rebuilds a damaged cross-reference
//! table. Speed: about 2 times `pdftotext` on a 100-page text PDF (`cargo bench --bench pdf`).
//!
//! This module adds what the callers need on top: a strict check for truncated files, the
//! password check, the limits, panic containment, no font sharing between documents, and a
//! light clean-up of the text (ligatures, control characters, blank lines).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

use pdf_oxide::PdfDocument;

use super::{ExtractError, Limits};

/// The text of a PDF, one string per page.
#[derive(Debug, Clone, Default)]
pub struct PdfText {
    pub pages: Vec<String>,
}

/// How far from each end the PDF header and the end-of-file marker may be (Acrobat's own
/// tolerance: junk before the header or after `%%EOF` is allowed up to this much).
const ENVELOPE_WINDOW: usize = 1024;

/// Longest error reason kept from the parser (its messages can quote bytes of the file).
const MAX_REASON_CHARS: usize = 160;

/// Reads the text layer of a PDF, page by page, in reading order.
///
/// - A page without text (a scan) gives an empty string; the caller flags the file.
/// - `Encrypted` when the file needs a password to open. A PDF that is encrypted only to
///   restrict printing or copying (empty user password) is read like any other.
/// - `Corrupt` for a file that is truncated (no `%%EOF` near its end), has no PDF header, or
///   cannot be parsed, and when no page at all could be read.
/// - `TooLarge` (refused, no partial text) when the document has more than `limits.max_pages`
///   pages (checked before any text is read) or its text passes `limits.max_text_chars`
///   characters (extraction stops there).
///
/// A page whose content fails to parse, or makes the parser panic, is kept as an empty
/// string (and logged) as long as some other page reads. Never panics into the caller: a panic
/// of the parser becomes `Panicked` (the caller also runs this under `catch_unwind`).
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<PdfText, ExtractError> {
    check_envelope(bytes)?;
    catch_unwind(AssertUnwindSafe(|| read(bytes, limits))).unwrap_or(Err(ExtractError::Panicked))
}

/// Refuses what is not a whole PDF before the parser sees it: the parser would rebuild a
/// truncated file and return part of its text as if it were all of it.
fn check_envelope(bytes: &[u8]) -> Result<(), ExtractError> {
    let head = bytes
        .get(..ENVELOPE_WINDOW.min(bytes.len()))
        .unwrap_or_default();
    if find(head, b"%PDF-").is_none() {
        return Err(ExtractError::Corrupt("no PDF header".into()));
    }
    let tail = bytes
        .get(bytes.len().saturating_sub(ENVELOPE_WINDOW)..)
        .unwrap_or_default();
    if find(tail, b"%%EOF").is_none() {
        return Err(ExtractError::Corrupt(
            "truncated (no end-of-file marker)".into(),
        ));
    }
    Ok(())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Keeps every document's fonts to itself. `pdf_oxide` shares parsed fonts between documents
/// through a process-wide cache keyed by a hash of the font dictionary; in a server reading
/// files from many users, one uploaded PDF must not decide how another is decoded (a crafted
/// font under a common name could), and the cache would keep up to 1,024 embedded font programs
/// alive. Each document still caches its own fonts.
fn isolate_documents() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| pdf_oxide::fonts::global_cache::set_global_font_cache_capacity(0));
}

fn read(bytes: &[u8], limits: &Limits) -> Result<PdfText, ExtractError> {
    isolate_documents();
    let doc = PdfDocument::from_bytes(bytes.to_vec()).map_err(open_error)?;
    if doc.is_encrypted() {
        // The empty user password opens the PDFs that are only restricted (very common in
        // tender files); anything else needs a password that we do not have. An encryption
        // scheme that the parser does not support (certificates, …) cannot be read either.
        match doc.authenticate(b"") {
            Ok(true) => {}
            Ok(false) | Err(_) => return Err(ExtractError::Encrypted),
        }
    }
    let count = doc.page_count().map_err(open_error)?;
    if count == 0 {
        return Err(ExtractError::Corrupt("no pages".into()));
    }
    if count > limits.max_pages {
        return Err(ExtractError::TooLarge(format!(
            "{count} pages, more than {}",
            limits.max_pages
        )));
    }
    let mut pages = Vec::with_capacity(count);
    let mut chars = 0usize;
    let mut first_failure = None;
    for index in 0..count {
        let text = match catch_unwind(AssertUnwindSafe(|| doc.extract_text(index))) {
            Ok(Ok(raw)) => clean(&raw),
            Ok(Err(e)) => {
                tracing::warn!(page = index + 1, error = %reason(&e), "PDF page unreadable");
                first_failure.get_or_insert_with(|| ExtractError::Corrupt(reason(&e)));
                String::new()
            }
            Err(_) => {
                tracing::warn!(page = index + 1, "PDF page made the reader panic");
                first_failure.get_or_insert(ExtractError::Panicked);
                String::new()
            }
        };
        chars = chars.saturating_add(text.chars().count());
        if chars > limits.max_text_chars {
            return Err(ExtractError::TooLarge(format!(
                "more than {} characters of text",
                limits.max_text_chars
            )));
        }
        pages.push(text);
    }
    // Every page failed: the file is broken, not a scan (a scan reads as empty pages).
    if let Some(failure) = first_failure
        && pages.iter().all(String::is_empty)
    {
        return Err(failure);
    }
    Ok(PdfText { pages })
}

fn open_error(e: pdf_oxide::Error) -> ExtractError {
    match e {
        pdf_oxide::Error::EncryptedPdf => ExtractError::Encrypted,
        e => ExtractError::Corrupt(reason(&e)),
    }
}

/// The parser's message, shortened and on one line.
fn reason(e: &pdf_oxide::Error) -> String {
    let text = e.to_string();
    let mut out: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX_REASON_CHARS)
        .collect();
    if text.chars().count() > MAX_REASON_CHARS {
        out.push('…');
    }
    out
}

/// Tidies a page's text: typographic ligatures spelled out (ﬁ → fi), control characters
/// dropped (tabs become spaces), spaces at line ends removed, runs of blank lines reduced to
/// one, no blank lines at either end. Accents, œ, non-breaking spaces and quotes are kept.
pub(crate) fn clean(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut line = String::new();
    let mut blank_lines = 0usize;
    // A '\r' alone is a line break too ('\r\n' is one break, not two).
    let unified;
    let raw = if raw.contains('\r') {
        unified = raw.replace("\r\n", "\n").replace('\r', "\n");
        unified.as_str()
    } else {
        raw
    };
    for raw_line in raw.split('\n') {
        line.clear();
        for c in raw_line.chars() {
            match c {
                '\u{FB00}' => line.push_str("ff"),
                '\u{FB01}' => line.push_str("fi"),
                '\u{FB02}' => line.push_str("fl"),
                '\u{FB03}' => line.push_str("ffi"),
                '\u{FB04}' => line.push_str("ffl"),
                '\u{FB05}' | '\u{FB06}' => line.push_str("st"),
                '\t' | '\u{0B}' | '\u{0C}' => line.push(' '),
                c if c.is_control() => {}
                c => line.push(c),
            }
        }
        let kept = line.trim_end();
        if kept.trim_start().is_empty() {
            blank_lines += 1;
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if blank_lines > 0 {
                out.push('\n');
            }
        }
        blank_lines = 0;
        out.push_str(kept);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_spells_out_ligatures_and_tidies_lines() {
        let raw = "\n  \n  La ﬁche ﬂotte, eﬀet eﬃcace\t !  \r\n\n\n\nŒuvre\u{0}\u{7} é\u{a0}€\r\nﬆop\rend\n \n";
        assert_eq!(
            clean(raw),
            "  La fiche flotte, effet efficace  !\n\nŒuvre é\u{a0}€\nstop\nend"
        );
    }

    #[test]
    fn envelope_rejects_truncated_and_headerless_files() {
        assert!(check_envelope(b"%PDF-1.7\n1 0 obj\n%%EOF\n").is_ok());
        assert!(
            matches!(check_envelope(b"%PDF-1.7\n1 0 obj <<"), Err(ExtractError::Corrupt(m)) if m.contains("truncated"))
        );
        assert!(
            matches!(check_envelope(b"hello %%EOF"), Err(ExtractError::Corrupt(m)) if m.contains("header"))
        );
        assert!(matches!(check_envelope(b""), Err(ExtractError::Corrupt(_))));
    }
}
