//! Recognises a file's format from its bytes. The name is only consulted to tell apart kinds
//! of plain text (Markdown, CSV), which bytes alone cannot.

use std::io::{Cursor, Read};

use super::{ExtractError, Format, notice};

const OLE2: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The format of `bytes`, or why it is not one we read.
pub fn sniff(name: &str, bytes: &[u8]) -> Result<Format, ExtractError> {
    let head = bytes.get(..1024).unwrap_or(bytes);
    if find(head, b"%PDF-").is_some() {
        return Ok(Format::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Ok(sniff_zip(bytes));
    }
    if bytes.starts_with(OLE2) {
        // Encrypted Word/Excel files are OLE2 containers holding an EncryptionInfo stream.
        if find(bytes, &utf16("EncryptionInfo")).is_some() {
            return Err(ExtractError::Encrypted);
        }
        if find(bytes, &utf16("Workbook")).is_some() || find(bytes, &utf16("Book")).is_some() {
            return Ok(Format::Xls);
        }
        return Err(ExtractError::Unsupported);
    }
    let text = strip_bom(bytes);
    if looks_like_xml(text) {
        return notice::sniff(bytes).ok_or(ExtractError::Unsupported);
    }
    if !looks_like_text(bytes) {
        return Err(ExtractError::Unsupported);
    }
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".csv") || lower.ends_with(".tsv") {
        return Ok(Format::Csv);
    }
    if lower.ends_with(".md") || lower.ends_with(".markdown") || has_markdown_headings(text) {
        return Ok(Format::Markdown);
    }
    Ok(Format::Text)
}

/// An Office Open XML or OpenDocument file is a ZIP; what is inside tells which.
fn sniff_zip(bytes: &[u8]) -> Format {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Format::Zip;
    };
    if let Ok(mut mimetype) = archive.by_name("mimetype") {
        let mut kind = String::new();
        let _ = mimetype.by_ref().take(200).read_to_string(&mut kind);
        match kind.trim() {
            "application/vnd.oasis.opendocument.text" => return Format::Odt,
            "application/vnd.oasis.opendocument.spreadsheet" => return Format::Ods,
            _ => {}
        }
    }
    if let Ok(mut types) = archive.by_name("[Content_Types].xml") {
        let mut xml = String::new();
        let _ = types.by_ref().take(1024 * 1024).read_to_string(&mut xml);
        if xml.contains("wordprocessingml.document.main")
            || xml.contains("wordprocessingml.template.main")
        {
            return Format::Docx;
        }
        if xml.contains("spreadsheetml.sheet.main")
            || xml.contains("ms-excel.sheet.macroEnabled.main")
        {
            return Format::Xlsx;
        }
    }
    Format::Zip
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

fn looks_like_xml(bytes: &[u8]) -> bool {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    bytes
        .get(start..)
        .is_some_and(|rest| rest.starts_with(b"<?xml") || rest.starts_with(b"<"))
        && !bytes.get(start..start + 64).is_some_and(|h| {
            let h = String::from_utf8_lossy(h).to_ascii_lowercase();
            h.starts_with("<!doctype html") || h.starts_with("<html")
        })
}

/// Text has no NUL and few control characters (UTF-8 or a single-byte code page).
fn looks_like_text(bytes: &[u8]) -> bool {
    let sample = bytes.get(..8192).unwrap_or(bytes);
    if sample.contains(&0) {
        return false;
    }
    let controls = sample
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    controls * 100 <= sample.len().max(1)
}

fn has_markdown_headings(bytes: &[u8]) -> bool {
    let sample = String::from_utf8_lossy(bytes.get(..16384).unwrap_or(bytes));
    sample
        .lines()
        .filter(|l| l.starts_with("# ") || l.starts_with("## "))
        .count()
        >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_bytes_not_names() {
        assert_eq!(sniff("notes.txt", b"%PDF-1.7\n..."), Ok(Format::Pdf));
        assert_eq!(
            sniff("x.pdf", b"# Titre\n\n## Article 1\ntexte"),
            Ok(Format::Markdown)
        );
        assert_eq!(
            sniff("x.pdf", b"Un simple texte.\nSur deux lignes."),
            Ok(Format::Text)
        );
        assert_eq!(sniff("prix.csv", b"a;b;c\n1;2;3\n"), Ok(Format::Csv));
        assert_eq!(
            sniff("x.docx", b"\x00\x01\x02\x03binary"),
            Err(ExtractError::Unsupported)
        );
        assert_eq!(
            sniff("page.xml", b"<!DOCTYPE html><html></html>"),
            Err(ExtractError::Unsupported)
        );
        let mut enc = OLE2.to_vec();
        enc.extend(utf16("EncryptionInfo"));
        assert_eq!(sniff("secret.docx", &enc), Err(ExtractError::Encrypted));
    }

    #[test]
    fn windows_1252_text_is_text() {
        assert_eq!(
            sniff("a.txt", b"March\xe9 public \xe0 bons de commande"),
            Ok(Format::Text)
        );
    }
}
