//! The parts of an XLSX package the readers and the price filler need besides the cells:
//! where each sheet's XML lives (the workbook and its relationships), and a sheet's merged
//! regions, found by scanning the sheet's bytes as they inflate instead of parsing its XML a
//! second time.

use std::io::{Read, Seek};

use zip::ZipArchive;

/// Largest workbook or relationships part read (decompressed).
const MAX_PART: u64 = 64 * 1024 * 1024;
/// Merged regions kept per sheet (a real sheet has a few dozen).
const MAX_MERGED: usize = 100_000;

/// Why a part could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PartError {
    #[error("not a readable XLSX: {0}")]
    Corrupt(String),
    #[error("no sheet named « {0} »")]
    NoSheet(String),
}

fn corrupt(e: impl std::fmt::Display) -> PartError {
    PartError::Corrupt(e.to_string())
}

/// A text part of the package, read whole (bounded).
pub fn read_part<R: Read + Seek>(zip: &mut ZipArchive<R>, name: &str) -> Result<String, PartError> {
    read_part_bounded(zip, name, MAX_PART)
}

/// A text part of the package, at most `max` bytes of it.
pub fn read_part_bounded<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    name: &str,
    max: u64,
) -> Result<String, PartError> {
    let mut entry = zip.by_name(name).map_err(corrupt)?;
    let mut text = String::new();
    entry
        .by_ref()
        .take(max)
        .read_to_string(&mut text)
        .map_err(corrupt)?;
    Ok(text)
}

/// The ZIP path of the sheet named `sheet` (via the workbook and its relationships).
pub fn sheet_path<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    sheet: &str,
) -> Result<String, PartError> {
    let workbook = read_part(zip, "xl/workbook.xml")?;
    let rels = read_part(zip, "xl/_rels/workbook.xml.rels")?;
    let doc = roxmltree::Document::parse(&workbook).map_err(corrupt)?;
    let rid = doc
        .descendants()
        .find(|n| n.has_tag_name("sheet") && n.attribute("name") == Some(sheet))
        .and_then(|n| {
            n.attributes()
                .find(|a| {
                    a.name() == "id" && a.namespace().is_some_and(|ns| ns.contains("relationships"))
                })
                .map(|a| a.value().to_string())
        })
        .ok_or_else(|| PartError::NoSheet(sheet.to_string()))?;
    let rels = roxmltree::Document::parse(&rels).map_err(corrupt)?;
    let target = rels
        .descendants()
        .find(|n| n.has_tag_name("Relationship") && n.attribute("Id") == Some(rid.as_str()))
        .and_then(|n| n.attribute("Target"))
        .ok_or_else(|| PartError::NoSheet(sheet.to_string()))?;
    Ok(match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("xl/{target}"),
    })
}

/// The merged regions ("A1:F1") of the sheet stored at `path`: the `ref` of every
/// `<mergeCell>` element, read from the bytes as they inflate, a chunk at a time.
pub fn merged_regions<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    path: &str,
) -> Result<Vec<String>, PartError> {
    let mut entry = zip.by_name(path).map_err(corrupt)?;
    let finder = memchr::memmem::Finder::new(b"mergeCell");
    let mut found = Vec::new();
    let mut chunk = vec![0u8; 256 * 1024];
    // The end of the previous chunk, so an element cut in two is still seen whole.
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let n = entry.read(&mut chunk).map_err(corrupt)?;
        if n == 0 {
            break;
        }
        carry.extend_from_slice(chunk.get(..n).unwrap_or_default());
        // Where the bytes still needed start: an element not closed yet, or the last bytes
        // (a name cut in two).
        let mut keep = carry.len().saturating_sub(16);
        let mut at = 0;
        while let Some(i) = finder.find(carry.get(at..).unwrap_or_default()) {
            let start = at + i;
            let tag = carry.get(start..).unwrap_or_default();
            let Some(end) = memchr::memchr(b'>', tag) else {
                keep = start;
                break;
            };
            if let Some(region) = tag.get(..end).and_then(merge_ref) {
                if found.len() >= MAX_MERGED {
                    return Err(PartError::Corrupt(format!(
                        "more than {MAX_MERGED} merged regions in {path}"
                    )));
                }
                found.push(region);
            }
            at = start + end + 1;
            keep = keep.max(at);
        }
        carry.drain(..keep.min(carry.len()));
        if carry.len() > 64 * 1024 {
            // An element this long is no mergeCell anyone wrote: drop it.
            carry.clear();
        }
    }
    Ok(found)
}

/// The range of a `mergeCell` element's text (from the name to before `>`): its `ref`
/// attribute, when it is one (not `mergeCells`) and looks like an A1 range.
fn merge_ref(tag: &[u8]) -> Option<String> {
    let rest = tag.strip_prefix(b"mergeCell")?;
    if !rest.first().is_some_and(u8::is_ascii_whitespace) {
        return None;
    }
    let text = std::str::from_utf8(rest).ok()?;
    let value = ["ref=\"", "ref='"].iter().find_map(|open| {
        let from = text.find(open)? + open.len();
        let quote = open.chars().last()?;
        let to = text.get(from..)?.find(quote)? + from;
        text.get(from..to)
    })?;
    let valid = !value.is_empty()
        && value.len() <= 32
        && value
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == ':' || c == '$');
    valid.then(|| value.replace('$', ""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    fn package(sheet_xml: &str) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        out.start_file("xl/worksheets/sheet1.xml", options)
            .expect("entry");
        out.write_all(sheet_xml.as_bytes()).expect("write");
        out.finish().expect("zip").into_inner()
    }

    #[test]
    fn merged_regions_are_found_across_chunks() {
        // Enough cells that the merged regions sit past the first chunks.
        let cells: String = (1..20_000)
            .map(|r| format!("<row r=\"{r}\"><c r=\"A{r}\"><v>{r}</v></c></row>"))
            .collect();
        let xml = format!(
            "<worksheet><sheetData>{cells}</sheetData><mergeCells count=\"2\">\
             <mergeCell ref=\"A1:F1\"/><x:mergeCell  ref='$B$2:C3' /><mergeCell ref=\"<script>\"/>\
             </mergeCells></worksheet>"
        );
        let bytes = package(&xml);
        let mut zip = ZipArchive::new(Cursor::new(bytes.as_slice())).expect("zip");
        let found = merged_regions(&mut zip, "xl/worksheets/sheet1.xml").expect("read");
        assert_eq!(found, vec!["A1:F1".to_string(), "B2:C3".to_string()]);
        assert!(matches!(
            merged_regions(&mut zip, "xl/worksheets/sheet9.xml"),
            Err(PartError::Corrupt(_))
        ));
    }
}
