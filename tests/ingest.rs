//! Reading tender files: the project's own DCE fixtures, the shared real DOCX/ODT corner
//! cases, and hostile files (bombs, escaping paths, entity tricks, huge sheets).

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use tenderdesk::ingest::{self, Cell, ExtractError, Format, Limits, Piece};
use tenderdesk::model::DocKind;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/dce")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read(name: &str) -> Piece {
    let mut pieces =
        ingest::read_upload(name, fixture(name), &Limits::default()).expect("readable");
    assert_eq!(pieces.len(), 1);
    pieces.remove(0)
}

fn text(p: &Piece) -> String {
    p.pages.join("\n")
}

#[test]
fn word_with_french_style_names_tracked_changes_and_a_footnote() {
    let p = read("CCAP.docx");
    assert_eq!(p.format, Some(Format::Docx));
    assert_eq!(p.kind, DocKind::Ccap);
    let t = text(&p);
    assert!(
        t.contains("\n# ARTICLE 1 - OBJET ET DISPOSITIONS GÉNÉRALES\n"),
        "'Titre 1' is a level-1 heading"
    );
    assert!(
        t.contains("\n## 1.1 Objet\n"),
        "'Titre 2' is a level-2 heading"
    );
    assert!(
        !t.contains("# CAHIER DES CLAUSES"),
        "a style merely named 'Titre' is not a heading"
    );
    assert!(
        t.contains("Les pénalités sont déduites d'office des sommes dues au titulaire."),
        "insertion kept"
    );
    assert!(
        !t.contains("plafonné à 10 %"),
        "deletion dropped: no penalty cap that the document does not have"
    );
    assert!(
        t.contains("[^1]") && t.contains("(note)"),
        "the footnote is read"
    );
}

#[test]
fn word_headings_lists_and_tables() {
    let t = text(&read("CCTP.docx"));
    assert!(t.lines().any(|l| l.starts_with("# ARTICLE")), "headings");
    assert!(
        t.lines()
            .any(|l| l.starts_with("- ") || l.starts_with("1. ")),
        "list items"
    );
    assert!(
        t.lines().any(|l| l.starts_with("| ") && l.contains(" | ")),
        "table rows"
    );
}

#[test]
fn opendocument_text() {
    let p = read("CCTP.odt");
    assert_eq!((p.format, p.kind), (Some(Format::Odt), DocKind::Cctp));
    let t = text(&p);
    assert!(
        t.lines().any(|l| l.starts_with("# ARTICLE 1")),
        "{}",
        &t[..t.len().min(800)]
    );
    assert!(t.lines().any(|l| l.starts_with("- ")));
    assert!(t.lines().any(|l| l.starts_with("| ")));
}

#[test]
fn a_formula_without_cached_value_is_reported_not_read_as_zero() {
    let p = read("DPGF.xlsx");
    assert_eq!((p.format, p.kind), (Some(Format::Xlsx), DocKind::Dpgf));
    let problem = p.problem.clone().unwrap_or_default();
    assert!(
        problem.contains("formula without cached value in DPGF!F6 (=D6*E6)"),
        "{problem}"
    );
    let sheet = &p.sheets[0];
    assert_eq!(
        sheet.row_label(&sheet.header_row.expect("header found")),
        4,
        "header on row 4, under the titles"
    );
    assert!(
        sheet.merged.contains(&"A1:F1".to_string()),
        "{:?}",
        sheet.merged
    );
    let f6 = sheet.rows.get(5).and_then(|r| r.get(5));
    assert_eq!(f6, Some(&Cell::NoValue("D6*E6".into())));
    assert!(
        sheet
            .rows
            .iter()
            .flatten()
            .any(|c| matches!(c, Cell::Date(d) if d == "2027-01-20")),
        "date cell"
    );
}

#[test]
fn spreadsheets_in_every_format_find_their_header() {
    for name in ["BPU.xlsx", "BPU.ods", "BPU.csv", "DPGF.ods", "DPGF.csv"] {
        let p = read(name);
        assert!(
            matches!(p.kind, DocKind::Bpu | DocKind::Dpgf),
            "{name}: {:?}",
            p.kind
        );
        let s = &p.sheets[0];
        let header = s.header_row.expect("header");
        assert_eq!(s.row_label(&header), 4, "{name}");
        let titles: Vec<String> = s.rows[header].iter().map(Cell::display).collect();
        assert_eq!(
            &titles[..4],
            ["N°", "Désignation", "Unité", "Quantité"],
            "{name}"
        );
        let numbers = s
            .rows
            .iter()
            .flatten()
            .filter(|c| matches!(c, Cell::Number(_)))
            .count();
        assert!(numbers >= 10, "{name}: quantities are numbers ({numbers})");
        // Item numbers stay text ("1.1" is not one point one).
        assert!(
            s.rows
                .iter()
                .flatten()
                .any(|c| *c == Cell::Text("1.1".into())),
            "{name}"
        );
    }
    let csv = read("BPU.csv");
    assert!(
        csv.sheets[0]
            .rows
            .iter()
            .flatten()
            .any(|c| *c == Cell::Number(37.5)),
        "37,5 read with a decimal comma"
    );
}

#[test]
fn markdown_and_plain_text_in_either_encoding() {
    let p = read("RC.md");
    assert_eq!((p.format, p.kind), (Some(Format::Markdown), DocKind::Rc));
    let latin1 = ingest::read_upload(
        "note.txt",
        b"March\xe9 public \xe0 bons de commande".to_vec(),
        &Limits::default(),
    )
    .expect("text");
    assert_eq!(latin1[0].pages[0], "Marché public à bons de commande");
}

#[test]
fn a_dce_zip_keeps_its_folders_and_reads_every_piece() {
    let pieces =
        ingest::read_upload("DCE.zip", fixture("DCE.zip"), &Limits::default()).expect("zip");
    let names: Vec<&str> = pieces.iter().map(|p| p.name.as_str()).collect();
    assert!(
        names.contains(&"DCE/DCE_2026-INF-014/02_Technique/CCTP.docx"),
        "{names:?}"
    );
    assert!(
        names.contains(&"DCE/DCE_2026-INF-014/05_Annexes/annexes.zip/plan-des-sites.pdf"),
        "nested zip: {names:?}"
    );
    assert!(
        names.contains(&"DCE/DCE_2026-INF-014/05_Annexes/annexes.zip/inventaire.csv"),
        "{names:?}"
    );
    assert_eq!(pieces.len(), 10, "{names:?}");
    let kind = |suffix: &str| {
        pieces
            .iter()
            .find(|p| p.name.ends_with(suffix))
            .map(|p| p.kind)
    };
    assert_eq!(kind("CCAP.docx"), Some(DocKind::Ccap));
    assert_eq!(
        kind("doc3.pdf"),
        Some(DocKind::Ccap),
        "a CCAP under a meaningless name"
    );
    assert_eq!(kind("RC.pdf"), Some(DocKind::Rc));
    assert_eq!(kind("BPU.xlsx"), Some(DocKind::Bpu));
    assert_eq!(kind("cadre-de-reponse.docx"), Some(DocKind::ResponseFrame));
    for p in &pieces {
        assert!(p.error.is_none(), "{}: {:?}", p.name, p.error);
        assert_eq!(p.sha256.len(), 64);
    }
}

#[test]
fn the_shared_real_docx_and_odt_files_read() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realdata/docx-odt");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("SKIPPED (real data): {} is absent", dir.display());
        return;
    };
    let mut read_count = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = std::fs::read(&path).expect("read");
        let pieces = ingest::read_upload(&name, bytes, &Limits::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let t = pieces[0].pages.join("\n");
        assert!(!t.trim().is_empty(), "{name} has text");
        match name.as_str() {
            "track_changes_deletion.docx" => {
                assert_eq!(t.trim(), "This is a text with a deletion.")
            }
            "track_changes_move.docx" => {
                assert_eq!(
                    t.matches("Here is the text to be moved.").count(),
                    1,
                    "moved text once: {t}"
                )
            }
            "trackedChanges.odt" => assert!(!t.contains("deleted"), "{t}"),
            "enumerated_headings.docx" => assert!(
                t.starts_with("# 1 H1\n## 1.1 H2\n### 1.1.1 H3\n"),
                "Word's own numbers: {t}"
            ),
            "numbered_header.docx" => assert!(t.starts_with("# 1. A Numbered Header."), "{t}"),
            "lists.docx" => assert!(t.contains("1. one\n2. two\n  a. a\n  b. b\n"), "{t}"),
            "notes.docx" => assert!(
                t.contains("My note.") && t.contains("This is an endnote"),
                "{t}"
            ),
            "table.odt" => assert!(t.contains("| Table header | Another header |"), "{t}"),
            _ => {}
        }
        read_count += 1;
    }
    assert_eq!(read_count, 21);
}

// ---- hostile input ----

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, opts).expect("entry");
        w.write_all(data).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

#[test]
fn a_zip_bomb_entry_is_refused_and_the_rest_is_read() {
    let bomb = vec![0u8; 50 * 1024 * 1024];
    let zip = zip_of(&[
        ("bomb.txt", &bomb),
        ("ok.md", b"# Titre\n\n## Article 1\nLe titulaire doit."),
    ]);
    assert!(zip.len() < 200_000, "the bomb compresses: {}", zip.len());
    let pieces = ingest::read_upload("dce.zip", zip, &Limits::default()).expect("archive readable");
    let bomb = pieces
        .iter()
        .find(|p| p.name.ends_with("bomb.txt"))
        .expect("reported");
    assert!(
        matches!(bomb.error, Some(ExtractError::TooLarge(_))),
        "{:?}",
        bomb.error
    );
    let ok = pieces
        .iter()
        .find(|p| p.name.ends_with("ok.md"))
        .expect("kept");
    assert!(ok.error.is_none());
}

#[test]
fn paths_that_escape_are_refused() {
    let zip = zip_of(&[
        ("../../etc/evil.md", b"# x\n## y"),
        ("/abs/olute.md", b"# x\n## y"),
        ("fine/ok.txt", b"ok"),
    ]);
    let pieces = ingest::read_upload("dce.zip", zip, &Limits::default()).expect("archive");
    for p in &pieces {
        assert!(!p.name.contains(".."), "{}", p.name);
    }
    let refused = pieces
        .iter()
        .filter(|p| matches!(&p.error, Some(ExtractError::Corrupt(m)) if m.contains("unsafe path")))
        .count();
    assert!(
        refused >= 1,
        "{:?}",
        pieces
            .iter()
            .map(|p| (&p.name, &p.error))
            .collect::<Vec<_>>()
    );
    assert!(
        pieces
            .iter()
            .any(|p| p.name == "dce/fine/ok.txt" && p.error.is_none())
    );
}

#[test]
fn entry_counts_and_nesting_are_bounded() {
    let many: Vec<(String, Vec<u8>)> = (0..50)
        .map(|i| (format!("f{i}.txt"), b"x".to_vec()))
        .collect();
    let refs: Vec<(&str, &[u8])> = many
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    let limits = Limits {
        max_zip_entries: 10,
        ..Limits::default()
    };
    let err =
        ingest::read_upload("many.zip", zip_of(&refs), &limits).expect_err("too many entries");
    assert!(matches!(err.error, ExtractError::TooLarge(_)));
    assert_eq!(err.name, "many.zip");

    let mut nested = zip_of(&[("deep.txt", b"fond")]);
    for _ in 0..5 {
        nested = zip_of(&[("inner.zip", &nested)]);
    }
    let pieces =
        ingest::read_upload("nest.zip", nested, &Limits::default()).expect("outer readable");
    assert_eq!(pieces.len(), 1);
    assert!(
        matches!(pieces[0].error, Some(ExtractError::TooLarge(ref m)) if m.contains("nested")),
        "{:?}",
        pieces[0].error
    );
}

fn docx_with_body(body: &str) -> Vec<u8> {
    let types = r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    zip_of(&[
        ("[Content_Types].xml", types.as_bytes()),
        ("word/document.xml", body.as_bytes()),
    ])
}

#[test]
fn xml_entities_and_deep_nesting_are_refused() {
    let laughs = r#"<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document xmlns:w="w"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"#;
    let err = ingest::read_upload("laughs.docx", docx_with_body(laughs), &Limits::default())
        .expect_err("refused");
    assert!(
        matches!(&err.error, ExtractError::Corrupt(m) if m.contains("document type")),
        "{err}"
    );
    let xxe = r#"<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document xmlns:w="w"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"#;
    assert!(ingest::read_upload("xxe.docx", docx_with_body(xxe), &Limits::default()).is_err());
    let deep = format!(
        "<w:document xmlns:w=\"w\">{}{}</w:document>",
        "<w:sdt>".repeat(10_000),
        "</w:sdt>".repeat(10_000)
    );
    let err = ingest::read_upload("deep.docx", docx_with_body(&deep), &Limits::default())
        .expect_err("refused");
    assert!(
        matches!(&err.error, ExtractError::Corrupt(m) if m.contains("nested deeper")),
        "{err}"
    );
}

#[test]
fn truncated_unknown_and_encrypted_files_say_why() {
    let docx = fixture("CCTP.docx");
    let err = ingest::read_upload(
        "CCTP.docx",
        docx[..docx.len() / 2].to_vec(),
        &Limits::default(),
    )
    .expect_err("truncated");
    assert!(matches!(err.error, ExtractError::Corrupt(_)), "{err}");
    let err = ingest::read_upload(
        "photo.bin",
        vec![0, 159, 146, 150, 1, 2, 3, 0],
        &Limits::default(),
    )
    .expect_err("binary");
    assert_eq!(err.error, ExtractError::Unsupported);
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend("EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes));
    let err = ingest::read_upload("secret.docx", ole, &Limits::default()).expect_err("encrypted");
    assert_eq!(err.error, ExtractError::Encrypted);
    for n in [0usize, 1, 10, 100, 1000] {
        let junk: Vec<u8> = (0..n).map(|i| (i * 7919 % 251) as u8).collect();
        let _ = ingest::read_upload("junk", junk, &Limits::default());
    }
}

#[test]
fn a_sheet_that_declares_a_million_rows_is_bounded() {
    let sheet = r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>haut</t></is></c></row><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>bas</t></is></c></row></sheetData></worksheet>"#;
    let workbook = r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="F1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    let root_rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let types = r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
    let xlsx = zip_of(&[
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", root_rels.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ]);
    let err = ingest::read_upload("huge.xlsx", xlsx, &Limits::default()).expect_err("bounded");
    assert!(
        matches!(&err.error, ExtractError::TooLarge(m) if m.contains("1048576 rows")),
        "{err}"
    );
}

#[test]
fn a_scanned_pdf_is_kept_and_flagged() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/pdf/scanned.pdf");
    let bytes = std::fs::read(path).expect("fixture");
    let pieces =
        ingest::read_upload("scan.pdf", bytes.clone(), &Limits::default()).expect("a scan is kept");
    assert_eq!(pieces[0].format, Some(Format::Pdf));
    assert_eq!(
        pieces[0].problem.as_deref(),
        Some("no text layer (a scan?)")
    );
    assert_eq!(pieces[0].bytes, bytes, "kept byte for byte");
    let encrypted =
        std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/pdf/encrypted.pdf"))
            .expect("fixture");
    let err =
        ingest::read_upload("secret.pdf", encrypted, &Limits::default()).expect_err("refused");
    assert_eq!(err.error, ExtractError::Encrypted);
}
