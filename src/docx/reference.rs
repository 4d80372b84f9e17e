//! A reference document (.docx or .dotx), read like pandoc's `--reference-doc`: its styles,
//! theme, fonts, numbering, and default header and footer (with the pictures they show).

use std::collections::HashMap;
use std::io::{Cursor, Read};

use super::DocxError;

/// Largest part read from a reference document, once decompressed.
const MAX_PART: u64 = 16 * 1024 * 1024;
/// Most parts a reference may hold.
const MAX_ENTRIES: usize = 2_000;

/// A header or footer part taken from the reference, with its own relationships.
#[derive(Debug, Clone)]
pub struct Part {
    pub xml: Vec<u8>,
    pub rels: Option<Vec<u8>>,
    /// Files its relationships point to, by their target relative to `word/`.
    pub media: Vec<(String, Vec<u8>)>,
}

/// What the output takes from the reference.
#[derive(Debug, Clone, Default)]
pub struct Reference {
    pub styles: String,
    pub theme: Option<Vec<u8>>,
    pub font_table: Option<Vec<u8>>,
    pub numbering: Option<String>,
    pub header: Option<Part>,
    pub footer: Option<Part>,
}

type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

fn bad(m: impl Into<String>) -> DocxError {
    DocxError::BadReference(m.into())
}

fn read(zip: &mut Zip<'_>, name: &str) -> Result<Option<Vec<u8>>, DocxError> {
    let entry = match zip.by_name(name) {
        Ok(e) => e,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(bad(format!("{name}: {e}"))),
    };
    if entry.encrypted() {
        return Err(bad("the file is password-protected"));
    }
    let mut out = Vec::new();
    entry
        .take(MAX_PART + 1)
        .read_to_end(&mut out)
        .map_err(|e| bad(format!("{name}: {e}")))?;
    if out.len() as u64 > MAX_PART {
        return Err(bad(format!("{name} is larger than {MAX_PART} bytes")));
    }
    Ok(Some(out))
}

fn text(bytes: Vec<u8>, name: &str) -> Result<String, DocxError> {
    String::from_utf8(bytes).map_err(|_| bad(format!("{name} is not UTF-8")))
}

/// Relationship id → (type suffix, target) of a .rels part.
fn rels(xml: &str, name: &str) -> Result<HashMap<String, (String, String, bool)>, DocxError> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| bad(format!("{name}: {e}")))?;
    Ok(doc
        .descendants()
        .filter(|n| n.tag_name().name() == "Relationship")
        .filter_map(|n| {
            let kind = n.attribute("Type")?.rsplit('/').next()?.to_string();
            let external = n.attribute("TargetMode") == Some("External");
            Some((
                n.attribute("Id")?.to_string(),
                (kind, n.attribute("Target")?.to_string(), external),
            ))
        })
        .collect())
}

fn rels_path(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// `target` (relative to the folder of `part`) as a path in the package.
fn resolve(part: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut segs: Vec<&str> = part
        .rsplit_once('/')
        .map(|(d, _)| d.split('/').collect())
        .unwrap_or_default();
    for s in target.split('/') {
        match s {
            ".." => {
                segs.pop();
            }
            "." | "" => {}
            s => segs.push(s),
        }
    }
    segs.join("/")
}

impl Reference {
    /// Reads `bytes` as a .docx or .dotx.
    pub fn read(bytes: &[u8]) -> Result<Reference, DocxError> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| bad(format!("not a ZIP ({e})")))?;
        if zip.len() > MAX_ENTRIES {
            return Err(bad(format!("more than {MAX_ENTRIES} parts")));
        }
        // The main part is found through the package relationships: a template's main part
        // has another content type but the same relationship type.
        let root = read(&mut zip, "_rels/.rels")?.ok_or_else(|| bad("no _rels/.rels"))?;
        let root = rels(&text(root, "_rels/.rels")?, "_rels/.rels")?;
        let main = root
            .values()
            .find(|(k, _, _)| k == "officeDocument")
            .map(|(_, t, _)| resolve("", t))
            .ok_or_else(|| bad("no main document part"))?;
        let main_rels_name = rels_path(&main);
        let main_rels = match read(&mut zip, &main_rels_name)? {
            Some(x) => rels(&text(x, &main_rels_name)?, &main_rels_name)?,
            None => HashMap::new(),
        };
        let target = |kind: &str| {
            main_rels
                .values()
                .find(|(k, _, ext)| k == kind && !ext)
                .map(|(_, t, _)| resolve(&main, t))
        };
        let styles_name = target("styles").ok_or_else(|| bad("no styles part"))?;
        let styles = read(&mut zip, &styles_name)?
            .ok_or_else(|| bad(format!("{styles_name} is missing")))?;
        let mut out = Reference {
            styles: text(styles, &styles_name)?,
            ..Reference::default()
        };
        if let Some(p) = target("theme") {
            out.theme = read(&mut zip, &p)?;
        }
        if let Some(p) = target("fontTable") {
            out.font_table = read(&mut zip, &p)?;
        }
        if let Some(p) = target("numbering") {
            out.numbering = read(&mut zip, &p)?.map(|x| text(x, &p)).transpose()?;
        }
        // The default header and footer are those the last section refers to.
        let document = read(&mut zip, &main)?.ok_or_else(|| bad(format!("{main} is missing")))?;
        let document = text(document, &main)?;
        let doc = roxmltree::Document::parse(&document).map_err(|e| bad(format!("{main}: {e}")))?;
        let section = doc.descendants().rfind(|n| n.tag_name().name() == "sectPr");
        let reference = |tag: &str| {
            section.and_then(|s| {
                s.children()
                    .filter(|c| c.tag_name().name() == tag)
                    .find(|c| {
                        c.attributes()
                            .any(|a| a.name() == "type" && a.value() == "default")
                    })
                    .and_then(|c| {
                        c.attributes()
                            .find(|a| a.name() == "id")
                            .map(|a| a.value().to_string())
                    })
            })
        };
        let header_id = reference("headerReference");
        let footer_id = reference("footerReference");
        for (id, slot) in [(header_id, &mut out.header), (footer_id, &mut out.footer)] {
            let Some((_, t, false)) = id.and_then(|id| main_rels.get(&id)) else {
                continue;
            };
            *slot = Some(read_part_with_media(&mut zip, &resolve(&main, t))?);
        }
        Ok(out)
    }

    /// The largest abstract or instance id of the reference's numbering (0 without one).
    pub fn max_numbering_id(&self) -> usize {
        let Some(xml) = &self.numbering else {
            return 0;
        };
        let Ok(doc) = roxmltree::Document::parse(xml) else {
            return 0;
        };
        doc.root_element()
            .children()
            .filter_map(|n| {
                let attr = match n.tag_name().name() {
                    "abstractNum" => "abstractNumId",
                    "num" => "numId",
                    _ => return None,
                };
                n.attributes()
                    .find(|a| a.name() == attr)?
                    .value()
                    .parse::<usize>()
                    .ok()
            })
            .max()
            .unwrap_or(0)
            .min(1_000_000)
    }
}

fn read_part_with_media(zip: &mut Zip<'_>, path: &str) -> Result<Part, DocxError> {
    let xml = read(zip, path)?.ok_or_else(|| bad(format!("{path} is missing")))?;
    let rels_name = rels_path(path);
    let rels_xml = read(zip, &rels_name)?;
    let mut media = Vec::new();
    if let Some(r) = &rels_xml {
        let r = std::str::from_utf8(r).map_err(|_| bad(format!("{rels_name} is not UTF-8")))?;
        for (_, t, external) in rels(r, &rels_name)?.values() {
            if *external {
                continue;
            }
            let full = resolve(path, t);
            // Only files under word/ are copied, under the same name.
            let Some(inside) = full.strip_prefix("word/") else {
                continue;
            };
            if let Some(bytes) = read(zip, &full)? {
                media.push((inside.to_string(), bytes));
            }
        }
    }
    Ok(Part {
        xml,
        rels: rels_xml,
        media,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_their_part() {
        assert_eq!(
            resolve("word/document.xml", "styles.xml"),
            "word/styles.xml"
        );
        assert_eq!(
            resolve("word/header1.xml", "media/logo.png"),
            "word/media/logo.png"
        );
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
        assert_eq!(
            resolve("word/document.xml", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
        assert_eq!(
            resolve("word/document.xml", "/word/theme/theme1.xml"),
            "word/theme/theme1.xml"
        );
    }

    #[test]
    fn not_a_zip_is_refused() {
        assert!(matches!(
            Reference::read(b"hello"),
            Err(DocxError::BadReference(_))
        ));
    }
}
