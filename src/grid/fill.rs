//! Fills our unit prices into the buyer's own XLSX: only the `<c>` elements of the target
//! cells are rewritten in the sheet's XML (their style kept); every other ZIP entry is copied
//! byte for byte, except that the workbook asks for a full recalculation on load and the
//! cached calculation chain is dropped, so the buyer's formulas (amounts, totals) recompute.

use std::collections::BTreeMap;
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;

use crate::ingest::sheet::parts;

mod sheet_xml;

/// Why the file could not be filled.
#[derive(Debug, thiserror::Error)]
pub enum FillError {
    #[error("not a readable XLSX: {0}")]
    Corrupt(String),
    #[error("no sheet named « {0} »")]
    NoSheet(String),
    #[error("the sheet is too large to rewrite")]
    TooLarge,
}

impl From<parts::PartError> for FillError {
    fn from(e: parts::PartError) -> Self {
        match e {
            parts::PartError::Corrupt(m) => FillError::Corrupt(m),
            parts::PartError::NoSheet(name) => FillError::NoSheet(name),
        }
    }
}

fn corrupt(e: impl std::fmt::Display) -> FillError {
    FillError::Corrupt(e.to_string())
}

/// Largest sheet XML rewritten (decompressed).
const MAX_SHEET_XML: u64 = 512 * 1024 * 1024;

fn read_entry(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<String, FillError> {
    Ok(parts::read_part_bounded(zip, name, MAX_SHEET_XML)?)
}

/// Asks for a full recalculation when the file is opened.
fn full_calc_on_load(workbook: &str) -> String {
    if let Some(i) = workbook.find("<calcPr") {
        let rest = workbook.get(i..).unwrap_or("");
        if rest
            .split('>')
            .next()
            .is_some_and(|tag| tag.contains("fullCalcOnLoad"))
        {
            return workbook.to_string();
        }
        return format!(
            "{}<calcPr fullCalcOnLoad=\"1\"{}",
            workbook.get(..i).unwrap_or(""),
            rest.get("<calcPr".len()..).unwrap_or("")
        );
    }
    // calcPr comes after the sheets and defined names.
    let anchor = ["</definedNames>", "</sheets>"]
        .iter()
        .find_map(|a| workbook.find(a).map(|i| i + a.len()));
    match anchor {
        Some(i) => format!(
            "{}<calcPr fullCalcOnLoad=\"1\"/>{}",
            workbook.get(..i).unwrap_or(""),
            workbook.get(i..).unwrap_or("")
        ),
        None => workbook.to_string(),
    }
}

/// Removes the elements of `xml` (`<Override .../>`, `<Relationship .../>`) naming calcChain.
fn drop_calc_chain_refs(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(i) = rest.find('<') {
        out.push_str(rest.get(..i).unwrap_or(""));
        let tail = rest.get(i..).unwrap_or("");
        let end = tail.find('>').map_or(tail.len(), |e| e + 1);
        let tag = tail.get(..end).unwrap_or("");
        if !tag.contains("calcChain") {
            out.push_str(tag);
        }
        rest = tail.get(end..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// Writes `values` (0-based row, 0-based column → number) into sheet `sheet` of `original`.
pub fn fill_xlsx(
    original: &[u8],
    sheet: &str,
    values: &BTreeMap<(u32, u32), f64>,
) -> Result<Vec<u8>, FillError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(original)).map_err(corrupt)?;
    let target = parts::sheet_path(&mut zip, sheet)?;
    let has_chain = zip.by_name("xl/calcChain.xml").is_ok();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let name = zip
            .by_index_raw(i)
            .map_err(corrupt)?
            .name()
            .map_err(corrupt)?
            .into_owned();
        let rewritten = if name == target {
            let xml = read_entry(&mut zip, &name)?;
            Some(sheet_xml::fill(&xml, values).map_err(corrupt)?)
        } else if name == "xl/workbook.xml" {
            Some(full_calc_on_load(&read_entry(&mut zip, &name)?))
        } else if has_chain
            && (name == "[Content_Types].xml" || name == "xl/_rels/workbook.xml.rels")
        {
            Some(drop_calc_chain_refs(&read_entry(&mut zip, &name)?))
        } else if name == "xl/calcChain.xml" {
            continue;
        } else {
            None
        };
        match rewritten {
            Some(text) => {
                out.start_file(name.as_str(), options).map_err(corrupt)?;
                out.write_all(text.as_bytes()).map_err(corrupt)?;
            }
            None => {
                let raw = zip.by_index_raw(i).map_err(corrupt)?;
                out.raw_copy_file(raw).map_err(corrupt)?;
            }
        }
    }
    Ok(out.finish().map_err(corrupt)?.into_inner())
}

#[cfg(test)]
#[path = "fill_tests.rs"]
mod tests;
