//! The .docx package: the parts docx-rs wrote, completed where it falls short (repeated
//! header rows, section properties in schema order, fields refreshed on opening, JPEG
//! pictures, unique drawing ids, our style sheet) and merged with the reference document's
//! parts, then zipped.

use std::io::{Cursor, Write};

use docx_rs::XMLDocx;
use zip::write::SimpleFileOptions;

use super::DocxError;
use super::image::{self, ImageKind};
use super::numbering::NumberingIds;
use super::reference::Reference;
use super::styles::StyleSheet;

fn utf8(bytes: Vec<u8>, part: &str) -> Result<String, DocxError> {
    String::from_utf8(bytes).map_err(|_| DocxError::Write(format!("{part} is not UTF-8")))
}

fn write_err(e: impl std::fmt::Display) -> DocxError {
    DocxError::Write(e.to_string())
}

/// Writes the final package.
pub fn assemble(
    xml: XMLDocx,
    styles: &StyleSheet,
    reference: Option<&Reference>,
    ids: NumberingIds,
) -> Result<Vec<u8>, DocxError> {
    let mut document = utf8(xml.document, "document.xml")?;
    // docx-rs has no w:tblHeader: the header rows carry cantSplit, and only they do.
    document = document.replace(
        "<w:trPr><w:cantSplit />",
        "<w:trPr><w:cantSplit /><w:tblHeader />",
    );
    document = section_in_schema_order(&document)?;
    if document.contains("<wp:docPr id=") {
        document = unique_drawing_ids(&document);
    }
    let mut rels = utf8(xml.document_rels, "document.xml.rels")?;
    // docx-rs links numbering.xml only when a list uses it, but the heading styles always
    // do: without the link, readers show headings unnumbered.
    if !rels.contains("relationships/numbering\"") {
        rels = rels.replacen(
            "</Relationships>",
            r#"<Relationship Id="rIdNumbering1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml" /></Relationships>"#,
            1,
        );
    }
    let mut content_types = utf8(xml.content_type, "[Content_Types].xml")?;
    let settings = utf8(xml.settings, "settings.xml")?.replacen(
        "<w:compat>",
        r#"<w:updateFields w:val="true" /><w:compat>"#,
        1,
    );
    let styles_xml = styles
        .xml_with_numbering(ids.headings_num)
        .map_err(DocxError::BadReference)?;
    let mut numbering = utf8(xml.numberings, "numbering.xml")?;
    let mut font_table = xml.font_table;
    let (mut headers, mut header_rels) = (xml.headers, xml.header_rels);
    let (mut footers, mut footer_rels) = (xml.footers, xml.footer_rels);
    let mut extra: Vec<(String, Vec<u8>)> = Vec::new();

    if let Some(r) = reference {
        if let Some(theme) = &r.theme {
            extra.push(("word/theme/theme1.xml".into(), theme.clone()));
            rels = rels.replacen(
                "</Relationships>",
                r#"<Relationship Id="rIdTheme1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml" /></Relationships>"#,
                1,
            );
            content_types = content_types.replacen(
                "</Types>",
                r#"<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml" /></Types>"#,
                1,
            );
        }
        if let Some(fonts) = &r.font_table {
            font_table = fonts.clone();
        }
        if let Some(theirs) = &r.numbering {
            numbering = merge_numbering(theirs, &numbering, styles)?;
        }
        // The default header is the last one docx-rs writes (the cover's comes first).
        for (part, xmls, rel_list) in [
            (&r.header, &mut headers, &mut header_rels),
            (&r.footer, &mut footers, &mut footer_rels),
        ] {
            let Some(part) = part else { continue };
            let Some(i) = xmls.len().checked_sub(1) else {
                continue;
            };
            if let Some(slot) = xmls.get_mut(i) {
                *slot = part.xml.clone();
            }
            if let (Some(slot), Some(r)) = (rel_list.get_mut(i), &part.rels) {
                *slot = r.clone();
            }
            for (name, bytes) in &part.media {
                extra.push((format!("word/{name}"), bytes.clone()));
            }
        }
    }

    let mut media = Vec::with_capacity(xml.media.len());
    for (id, bytes) in xml.media {
        let ext = match image::probe(&bytes) {
            Some((ImageKind::Jpeg, _, _)) => {
                rels = rels.replace(&format!("media/{id}.png\""), &format!("media/{id}.jpeg\""));
                ImageKind::Jpeg.extension()
            }
            _ => ImageKind::Png.extension(),
        };
        media.push((format!("word/media/{id}.{ext}"), bytes));
    }

    let mut out = Cursor::new(Vec::with_capacity(document.len() / 4));
    let mut zip = zip::ZipWriter::new(&mut out);
    // Fast deflate: the document part dominates and compresses well even at level 1.
    let deflate = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut put = |name: &str, bytes: &[u8], opts: SimpleFileOptions| -> Result<(), DocxError> {
        zip.start_file(name, opts).map_err(write_err)?;
        zip.write_all(bytes).map_err(write_err)
    };
    put("[Content_Types].xml", content_types.as_bytes(), deflate)?;
    put("_rels/.rels", &xml.rels, deflate)?;
    put("docProps/app.xml", &xml.doc_props.app, deflate)?;
    put("docProps/core.xml", &xml.doc_props.core, deflate)?;
    put("docProps/custom.xml", &xml.doc_props.custom, deflate)?;
    put("word/_rels/document.xml.rels", rels.as_bytes(), deflate)?;
    put("word/document.xml", document.as_bytes(), deflate)?;
    put("word/styles.xml", styles_xml.as_bytes(), deflate)?;
    put("word/settings.xml", settings.as_bytes(), deflate)?;
    put("word/fontTable.xml", &font_table, deflate)?;
    put("word/comments.xml", &xml.comments, deflate)?;
    put("word/numbering.xml", numbering.as_bytes(), deflate)?;
    put("word/commentsExtended.xml", &xml.comments_extended, deflate)?;
    put("word/footnotes.xml", &xml.footnotes, deflate)?;
    for (i, h) in headers.iter().enumerate() {
        put(&format!("word/header{}.xml", i + 1), h, deflate)?;
        if let Some(r) = header_rels.get(i) {
            put(&format!("word/_rels/header{}.xml.rels", i + 1), r, deflate)?;
        }
    }
    for (i, f) in footers.iter().enumerate() {
        put(&format!("word/footer{}.xml", i + 1), f, deflate)?;
        if let Some(r) = footer_rels.get(i) {
            put(&format!("word/_rels/footer{}.xml.rels", i + 1), r, deflate)?;
        }
    }
    for (name, bytes) in media.iter().chain(extra.iter()) {
        // Pictures are already compressed.
        let opts = if name.ends_with(".xml") {
            deflate
        } else {
            stored
        };
        put(name, bytes, opts)?;
    }
    zip.finish().map_err(write_err)?;
    Ok(out.into_inner())
}

/// docx-rs writes the header and footer references after the page settings, against the
/// schema order Word checks: rewrite the final section properties with them first.
fn section_in_schema_order(document: &str) -> Result<String, DocxError> {
    let start = document
        .rfind("<w:sectPr>")
        .ok_or_else(|| write_err("no section properties"))?;
    let end = document[start..]
        .find("</w:sectPr>")
        .map(|e| start + e + "</w:sectPr>".len())
        .ok_or_else(|| write_err("unclosed section properties"))?;
    let section = &document[start..end];
    let elements: Vec<&str> = section
        .split('<')
        .filter(|s| !s.is_empty() && !s.starts_with("w:sectPr") && !s.starts_with("/w:sectPr"))
        .collect();
    let pick = |prefix: &str| -> String {
        elements
            .iter()
            .filter(|e| e.starts_with(prefix))
            .map(|e| format!("<{e}"))
            .collect()
    };
    let mut out = String::with_capacity(document.len() + 64);
    out.push_str(&document[..start]);
    out.push_str("<w:sectPr>");
    for prefix in [
        "w:headerReference",
        "w:footerReference",
        "w:pgSz",
        "w:pgMar",
        "w:cols",
        "w:titlePg",
    ] {
        out.push_str(&pick(prefix));
    }
    out.push_str("</w:sectPr>");
    out.push_str(&document[end..]);
    Ok(out)
}

/// Numbers every drawing 1, 2, 3...: Word reports duplicated ids as damage.
fn unique_drawing_ids(document: &str) -> String {
    let mut out = String::with_capacity(document.len() + 64);
    let mut rest = document;
    let mut n = 0usize;
    while let Some(i) = rest.find("<wp:docPr id=\"") {
        let after = i + "<wp:docPr id=\"".len();
        out.push_str(&rest[..after]);
        n += 1;
        out.push_str(&n.to_string());
        let close = rest[after..].find('"').map_or(after, |q| after + q);
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// The reference's numbering definitions followed by ours (all definitions before all
/// instances, as the schema wants). Its own links to our heading styles are dropped: the
/// headings are numbered by our multilevel list.
fn merge_numbering(theirs: &str, ours: &str, styles: &StyleSheet) -> Result<String, DocxError> {
    let parse = |xml: &str, what: &str| {
        roxmltree::Document::parse(xml)
            .map(|d| {
                let mut groups: [Vec<(std::ops::Range<usize>, bool)>; 3] = Default::default();
                for n in d.root_element().children().filter(|n| n.is_element()) {
                    let g = match n.tag_name().name() {
                        "numPicBullet" => 0,
                        "abstractNum" => 1,
                        "num" => 2,
                        _ => continue,
                    };
                    // docx-rs always writes a definition and an instance numbered 1.
                    let builtin = n
                        .attributes()
                        .any(|a| matches!(a.name(), "abstractNumId" | "numId") && a.value() == "1");
                    groups[g].push((n.range(), builtin));
                }
                let root = d.root_element().range();
                let open_end = xml[root.start..]
                    .find('>')
                    .map_or(root.start, |i| root.start + i + 1);
                (xml[..open_end].to_string(), groups)
            })
            .map_err(|e| DocxError::BadReference(format!("{what}: {e}")))
    };
    let (head, their_groups) = parse(theirs, "reference numbering.xml")?;
    let (_, our_groups) = parse(ours, "numbering.xml")?;
    let mut out = head;
    for g in 0..3 {
        for (r, _) in &their_groups[g] {
            let mut part = theirs[r.clone()].to_string();
            for role in super::styles::HEADINGS {
                let id = styles.id(role);
                part = part.replace(&format!("<w:pStyle w:val=\"{id}\"/>"), "");
            }
            out.push_str(&part);
        }
        for (r, builtin) in &our_groups[g] {
            if *builtin {
                continue;
            }
            out.push_str(&ours[r.clone()]);
        }
    }
    out.push_str("</w:numbering>");
    Ok(out)
}
