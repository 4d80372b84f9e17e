//! The Word document engine, read back: headings by style and numbered through a multilevel
//! list, nested lists on real numbering, tables with repeated header rows, the TOC field,
//! links, header and footer fields, French spacing, raw HTML as text, reference documents;
//! and the `render` command.

mod docx_support;

use docx_support::*;
use tenderdesk::docx::{DocxError, RenderOptions, TOC_INSTRUCTION, render};

fn rendered() -> std::collections::HashMap<String, Vec<u8>> {
    let docx = render(&memoire(), &full_options()).expect("render");
    let parts = parts(&docx);
    assert_sound_package(&parts);
    parts
}

#[test]
fn headings_use_heading_styles_linked_to_a_multilevel_list() {
    let parts = rendered();
    let paras = paragraphs(&part(&parts, "word/document.xml"));
    let style = |t: &str| find(&paras, t).style.clone();
    assert_eq!(
        style("Présentation de l'entreprise").as_deref(),
        Some("Heading1")
    );
    assert_eq!(style("Moyens humains").as_deref(), Some("Heading2"));
    assert_eq!(style("Organisation détaillée").as_deref(), Some("Heading3"));
    assert_eq!(style("Astreinte").as_deref(), Some("Heading4"));
    assert_eq!(style("Mémoire technique").as_deref(), Some("Title"));

    let styles = part(&parts, "word/styles.xml");
    let doc = roxmltree::Document::parse(&styles).expect("styles");
    let heading2 = doc
        .descendants()
        .find(|n| n.attribute((W, "styleId")) == Some("Heading2"))
        .expect("Heading2 defined");
    let name = heading2.descendants().find(|n| n.has_tag_name((W, "name")));
    assert_eq!(
        name.and_then(|n| n.attribute((W, "val"))),
        Some("heading 2")
    );
    let num_id = heading2
        .descendants()
        .find(|n| n.has_tag_name((W, "numId")))
        .and_then(|n| n.attribute((W, "val")))
        .expect("heading 2 is numbered");
    let numbering = part(&parts, "word/numbering.xml");
    let n = roxmltree::Document::parse(&numbering).expect("numbering");
    let abs = n
        .descendants()
        .find(|x| x.has_tag_name((W, "num")) && x.attribute((W, "numId")) == Some(num_id))
        .and_then(|x| x.children().find(|c| c.has_tag_name((W, "abstractNumId"))))
        .and_then(|x| x.attribute((W, "val")))
        .expect("num instance");
    let linked = n
        .descendants()
        .filter(|x| {
            x.has_tag_name((W, "abstractNum")) && x.attribute((W, "abstractNumId")) == Some(abs)
        })
        .flat_map(|x| x.descendants())
        .filter(|x| x.has_tag_name((W, "pStyle")))
        .filter_map(|x| x.attribute((W, "val")))
        .collect::<Vec<_>>();
    assert_eq!(linked, ["Heading1", "Heading2", "Heading3", "Heading4"]);
}

#[test]
fn headings_stay_numbered_in_a_document_without_lists() {
    // The heading styles point at numbering.xml: the package must link it even when no list
    // uses it, or readers show the headings unnumbered.
    let docx = render(
        "# Valeur technique\n\n## Méthodologie\n\n# Prix\n",
        &RenderOptions::default(),
    )
    .expect("render");
    let parts = parts(&docx);
    assert_sound_package(&parts);
    let rels = part(&parts, "word/_rels/document.xml.rels");
    assert!(
        rels.contains("relationships/numbering\" Target=\"numbering.xml\""),
        "{rels}"
    );
    assert!(part(&parts, "word/styles.xml").contains("<w:numPr>"));
}

#[test]
fn lists_are_numbered_nested_and_restart() {
    let parts = rendered();
    let paras = paragraphs(&part(&parts, "word/document.xml"));
    let num = |t: &str| {
        find(&paras, t)
            .num
            .clone()
            .unwrap_or_else(|| panic!("{t} unnumbered"))
    };
    let (top, lvl0) = num("Chef de projet");
    let (nested, lvl1) = num("Trois ingénieurs");
    let (deeper, lvl2) = num("Niveau 1");
    assert_eq!(
        (lvl0.as_str(), lvl1.as_str(), lvl2.as_str()),
        ("0", "1", "2")
    );
    assert_eq!(num("Support").0, top, "same list after the nested one");
    assert_ne!(top, nested);
    assert_ne!(nested, deeper);
    let (first, _) = num("Première étape");
    let (second, _) = num("Reprend à trois");
    assert_ne!(first, second, "each list has its own instance");
    let numbering = part(&parts, "word/numbering.xml");
    let n = roxmltree::Document::parse(&numbering).expect("numbering");
    let start = |id: &str| {
        n.descendants()
            .find(|x| x.has_tag_name((W, "num")) && x.attribute((W, "numId")) == Some(id))
            .and_then(|x| {
                x.descendants()
                    .find(|c| c.has_tag_name((W, "startOverride")))
            })
            .and_then(|x| x.attribute((W, "val")))
            .map(str::to_string)
    };
    assert_eq!(start(&first).as_deref(), Some("1"));
    assert_eq!(start(&second).as_deref(), Some("3"));
    let fmt = |id: &str, bullet: bool| {
        let abs = n
            .descendants()
            .find(|x| x.has_tag_name((W, "num")) && x.attribute((W, "numId")) == Some(id))
            .and_then(|x| {
                x.descendants()
                    .find(|c| c.has_tag_name((W, "abstractNumId")))
            })
            .and_then(|x| x.attribute((W, "val")))
            .expect("abstract");
        let fmts: Vec<_> = n
            .descendants()
            .filter(|x| {
                x.has_tag_name((W, "abstractNum")) && x.attribute((W, "abstractNumId")) == Some(abs)
            })
            .flat_map(|x| x.descendants())
            .filter(|x| x.has_tag_name((W, "numFmt")))
            .filter_map(|x| x.attribute((W, "val")))
            .map(str::to_string)
            .collect();
        assert_eq!(
            fmts.first().map(|f| f == "bullet"),
            Some(bullet),
            "{id}: {fmts:?}"
        );
    };
    fmt(&top, true);
    fmt(&first, false);
}

#[test]
fn tables_repeat_their_header_row_and_keep_alignment() {
    let parts = rendered();
    let document = part(&parts, "word/document.xml");
    let doc = roxmltree::Document::parse(&document).expect("document");
    let table = doc
        .descendants()
        .find(|n| n.has_tag_name((W, "tbl")))
        .expect("a table");
    let rows: Vec<_> = table
        .children()
        .filter(|n| n.has_tag_name((W, "tr")))
        .collect();
    assert_eq!(rows.len(), 4);
    let header = |r: &roxmltree::Node| r.descendants().any(|n| n.has_tag_name((W, "tblHeader")));
    assert!(header(&rows[0]));
    assert!(!rows[1..].iter().any(header));
    for row in &rows {
        let cells: Vec<_> = row
            .children()
            .filter(|n| n.has_tag_name((W, "tc")))
            .collect();
        assert_eq!(cells.len(), 4);
        assert!(
            cells
                .iter()
                .all(|c| c.children().any(|p| p.has_tag_name((W, "p"))))
        );
    }
    let paras = paragraphs(&document);
    assert_eq!(find(&paras, "2 semaines").align.as_deref(), Some("center"));
    assert_eq!(find(&paras, "85 000").align.as_deref(), Some("right"));
    assert_eq!(find(&paras, "Phase").style.as_deref(), Some("TableHeading"));
}

#[test]
fn toc_field_is_refreshed_on_opening() {
    let parts = rendered();
    let document = part(&parts, "word/document.xml");
    assert!(document.contains(&format!("<w:instrText>{TOC_INSTRUCTION}</w:instrText>")));
    assert!(document.contains(r#"<w:fldChar w:fldCharType="begin" w:dirty="true" />"#));
    assert!(part(&parts, "word/settings.xml").contains(r#"<w:updateFields w:val="true" />"#));
    let paras = paragraphs(&document);
    assert_eq!(
        find(&paras, "1.1. Moyens humains").style.as_deref(),
        Some("TOC2")
    );
}

#[test]
fn links_are_real_hyperlinks() {
    let parts = rendered();
    let document = part(&parts, "word/document.xml");
    let doc = roxmltree::Document::parse(&document).expect("document");
    let link = doc
        .descendants()
        .find(|n| n.has_tag_name((W, "hyperlink")))
        .expect("a hyperlink");
    let rid = link
        .attribute((
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
            "id",
        ))
        .expect("r:id");
    let rels = part(&parts, "word/_rels/document.xml.rels");
    let r = roxmltree::Document::parse(&rels).expect("rels");
    let rel = r
        .descendants()
        .find(|n| n.attribute("Id") == Some(rid))
        .expect("its relationship");
    assert_eq!(
        rel.attribute("Target"),
        Some("https://www.exemple.fr/references?page=1&lot=2")
    );
    assert_eq!(rel.attribute("TargetMode"), Some("External"));
}

#[test]
fn header_and_footer_carry_reference_and_page_fields() {
    let parts = rendered();
    let document = part(&parts, "word/document.xml");
    let section = &document[document.rfind("<w:sectPr>").expect("sectPr")..];
    let default = |kind: &str| {
        let tag = format!(r#"<w:{kind}Reference w:type="default" r:id=""#);
        let at = section
            .find(&tag)
            .unwrap_or_else(|| panic!("{kind} reference"))
            + tag.len();
        let rid = &section[at..at + section[at..].find('"').expect("quote")];
        let rels = part(&parts, "word/_rels/document.xml.rels");
        let t = format!(r#"Id="{rid}" "#);
        let after = &rels[rels.find(&t).expect("rel")..];
        let target = &after[after.find("Target=\"").expect("target") + 8..];
        part(
            &parts,
            &format!("word/{}", &target[..target.find('"').expect("quote")]),
        )
    };
    assert!(
        section.starts_with("<w:sectPr><w:headerReference"),
        "schema order"
    );
    assert!(
        section.contains("<w:titlePg />"),
        "the cover has its own header"
    );
    assert!(default("header").contains("AO-2026-042"));
    let footer = default("footer");
    assert!(footer.contains("<w:instrText>PAGE</w:instrText>"));
    assert!(footer.contains("<w:instrText>NUMPAGES</w:instrText>"));
    assert!(footer.contains("Page "));
}

#[test]
fn french_spacing_in_prose_not_in_code_or_addresses() {
    let parts = rendered();
    let paras = paragraphs(&part(&parts, "word/document.xml"));
    let prose = &find(&paras, "Notre société").text;
    assert!(prose.contains("1998\u{A0}: elle"), "{prose}");
    assert!(prose.contains("salariés\u{202F}; son"));
    assert!(prose.contains("18\u{A0}M€\u{202F}!") || prose.contains("M€\u{202F}!"));
    assert!(prose.contains("choisir\u{202F}?"));
    assert!(prose.contains("«\u{A0}la qualité\u{A0}»"));
    assert!(prose.contains("20\u{A0}%"));
    let links = &find(&paras, "Voir notre site").text;
    assert!(links.contains("std::fs::read"));
    assert!(links.contains("https://exemple.fr:8080/a"));
    let code = &find(&paras, "println!").text;
    assert!(code.contains("\"bonjour : pas d'espace !\""), "{code}");
    assert_eq!(
        find(&paras, "println!").style.as_deref(),
        Some("SourceCode")
    );
    assert!(
        find(&paras, "Lot 2")
            .text
            .contains("Lot\u{A0}2\u{A0}: maintenance")
            || find(&paras, "Lot 2")
                .text
                .contains("Lot 2\u{A0}: maintenance")
    );
}

#[test]
fn raw_html_is_text() {
    let parts = rendered();
    let document = part(&parts, "word/document.xml");
    assert!(!document.contains("<script>"));
    assert!(!document.contains("<b>"));
    let paras = paragraphs(&document);
    assert!(
        find(&paras, "alert")
            .text
            .contains("<script>alert(\"piège\")</script>")
    );
    assert!(
        find(&paras, "Un paragraphe avec")
            .text
            .contains("<b>du HTML</b>")
    );
}

#[test]
fn pictures_are_embedded_and_fit_the_page() {
    let parts = rendered();
    let media: Vec<_> = parts
        .keys()
        .filter(|k| k.starts_with("word/media/"))
        .collect();
    assert_eq!(media.len(), 1, "{media:?}");
    assert!(media[0].ends_with(".png"));
    let document = part(&parts, "word/document.xml");
    // 400 x 120 px at 96 dpi.
    assert!(document.contains(r#"<wp:extent cx="3810000" cy="1143000" />"#));
    let paras = paragraphs(&document);
    assert!(find(&paras, "Image absente").text.contains("Image absente"));
    assert!(document.contains(r#"<wp:docPr id="1""#));

    // A JPEG keeps its format; a huge picture is scaled to the text width.
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xC0, 0, 11, 8];
    jpeg.extend_from_slice(&[0x07, 0xD0, 0x0F, 0xA0, 3, 0, 0, 0, 0, 0, 0]);
    let mut opts = RenderOptions::default();
    opts.images.insert("photo.jpg".into(), jpeg);
    let docx = render("![photo](photo.jpg) ![x](photo.jpg)", &opts).expect("render");
    let parts = docx_support::parts(&docx);
    assert_sound_package(&parts);
    assert!(
        parts
            .keys()
            .any(|k| k.starts_with("word/media/") && k.ends_with(".jpeg"))
    );
    let document = part(&parts, "word/document.xml");
    assert!(
        document.contains(r#"<wp:extent cx="5759450" cy="2879725" />"#),
        "4000 x 2000 px"
    );
    assert!(
        document.contains(r#"<wp:docPr id="2""#),
        "drawing ids are unique"
    );
}

#[test]
fn reference_document_supplies_the_look() {
    let mut opts = full_options();
    opts.reference_doc = Some(std::fs::read(fixture("reference/acme.dotx")).expect("reference"));
    let docx = render(&memoire(), &opts).expect("render");
    let parts = parts(&docx);
    assert_sound_package(&parts);
    let styles = part(&parts, "word/styles.xml");
    assert!(styles.contains("Georgia"));
    assert!(styles.contains(r#"w:styleId="Titre1""#));
    let paras = paragraphs(&part(&parts, "word/document.xml"));
    assert_eq!(
        find(&paras, "Présentation de l'entreprise")
            .style
            .as_deref(),
        Some("Titre1")
    );
    assert_eq!(
        find(&paras, "Moyens humains").style.as_deref(),
        Some("Titre2")
    );
    // The reference lacks heading 4: ours is added.
    assert_eq!(find(&paras, "Astreinte").style.as_deref(), Some("Heading4"));
    assert!(styles.contains(r#"w:styleId="Heading4""#));
    // Its header replaces ours; its numbering is kept beside ours, ids distinct.
    let headers: String = parts
        .iter()
        .filter(|(k, _)| k.starts_with("word/header"))
        .map(|(_, v)| String::from_utf8_lossy(v).to_string())
        .collect();
    assert!(headers.contains("ACME Conseil"));
    let numbering = part(&parts, "word/numbering.xml");
    let n = roxmltree::Document::parse(&numbering).expect("numbering");
    let mut ids: Vec<_> = n
        .descendants()
        .filter(|x| x.has_tag_name((W, "num")))
        .filter_map(|x| x.attribute((W, "numId")))
        .collect();
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "numbering ids are unique");
    assert!(
        numbering.contains("upperRoman"),
        "the reference's own lists are kept"
    );
}

#[test]
fn bad_reference_and_oversized_input_are_refused_clearly() {
    let opts = RenderOptions {
        reference_doc: Some(b"not a zip".to_vec()),
        ..RenderOptions::default()
    };
    let err = render("# x", &opts).expect_err("refused");
    assert!(matches!(err, DocxError::BadReference(_)));
    assert!(err.to_string().contains("reference"));
    let huge = "a".repeat(tenderdesk::docx::MAX_MARKDOWN + 1);
    assert!(matches!(
        render(&huge, &RenderOptions::default()),
        Err(DocxError::TooLarge(..))
    ));
}

#[test]
fn hostile_markdown_never_panics() {
    let cases = [
        ">".repeat(50_000),
        "- ".repeat(5_000) + "x",
        (0..500)
            .map(|i| format!("{}- item\n", "  ".repeat(i)))
            .collect::<String>(),
        "*".repeat(100_000),
        "[x](javascript:alert(1)) <img src=x onerror=alert(1)> \u{1}\u{8}\u{B}\u{FFFE} nul\0"
            .into(),
        format!(
            "|{}|\n|{}|\n|{}|\n",
            "a|".repeat(200),
            "-|".repeat(200),
            "b|".repeat(300)
        ),
        "| a |\n|---|\n".to_string() + &"| x | y | z |\n".repeat(10),
        "```\nunclosed".into(),
        String::new(),
        "# \n## \n![]()\n[]()".into(),
    ];
    for md in &cases {
        let docx = render(md, &full_options()).expect("renders");
        let parts = parts(&docx);
        assert_sound_package(&parts);
    }
    let parts = parts(&render(&cases[4], &RenderOptions::default()).expect("render"));
    let rels = part(&parts, "word/_rels/document.xml.rels");
    assert!(
        !rels.contains("javascript"),
        "only web and mail links become links"
    );
}

#[test]
fn render_command_writes_a_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("memoire.docx");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_tenderdesk"))
        .arg("render")
        .arg(fixture("markdown/memoire.md"))
        .arg("-o")
        .arg(&out)
        .arg("--reference-doc")
        .arg(fixture("reference/acme.dotx"))
        .arg("--toc")
        .status()
        .expect("run");
    assert!(status.success());
    let parts = parts(&std::fs::read(&out).expect("written"));
    assert_sound_package(&parts);
    let paras = paragraphs(&part(&parts, "word/document.xml"));
    assert_eq!(
        find(&paras, "Méthodologie").style.as_deref(),
        Some("Titre1")
    );
    assert!(
        parts.keys().any(|k| k.starts_with("word/media/")),
        "the logo was found"
    );

    let missing = std::process::Command::new(env!("CARGO_BIN_EXE_tenderdesk"))
        .args(["render", "/nonexistent.md", "-o"])
        .arg(dir.path().join("x.docx"))
        .output()
        .expect("run");
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nonexistent.md"));
}
