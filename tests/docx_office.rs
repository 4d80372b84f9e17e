//! Generated documents opened by a real word processor: LibreOffice converts them to PDF,
//! and the pages and text are checked (numbered headings, page X / Y footers, header rows
//! repeated on every page of a long table, the reference document's header). Skipped, loudly,
//! without `soffice` and `pdftotext`.

mod docx_support;

use std::path::Path;
use std::process::Command;

use docx_support::*;
use tenderdesk::docx::render;

fn tool(name: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {name}"))
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Converts every .docx of `dir` to PDF with one LibreOffice run (its own profile, so tests
/// running at the same time do not share one).
fn to_pdf(dir: &Path, files: &[&str]) {
    let profile = format!("file://{}/profile", dir.display());
    let status = Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .args(files.iter().map(|f| dir.join(f)))
        .status()
        .expect("soffice runs");
    assert!(status.success());
}

/// The text of each page.
fn pages(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    assert!(
        out.status.success(),
        "{} is not a readable PDF",
        pdf.display()
    );
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let mut pages: Vec<String> = text.split('\u{C}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// French spacing turns into other space characters in PDF text: compare on plain spaces.
fn plain(s: &str) -> String {
    s.replace(['\u{A0}', '\u{202F}'], " ")
}

#[test]
fn libreoffice_opens_and_lays_out_the_documents() {
    if !(tool("soffice") && tool("pdftotext")) {
        eprintln!("SKIPPED (LibreOffice): soffice or pdftotext is not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |name: &str, md: &str, opts: &tenderdesk::docx::RenderOptions| {
        std::fs::write(dir.path().join(name), render(md, opts).expect("render")).expect("write");
    };
    write("memoire.docx", &memoire(), &full_options());
    let mut long = String::from("# Bordereau\n\n| Phase | Prix |\n|---|--:|\n");
    for i in 0..600 {
        long.push_str(&format!("| Ligne {i} | {i} € |\n"));
    }
    write("long.docx", &long, &full_options());
    let mut with_ref = full_options();
    with_ref.reference_doc = Some(std::fs::read(fixture("reference/acme.dotx")).expect("ref"));
    write("reference.docx", &memoire(), &with_ref);
    to_pdf(dir.path(), &["memoire.docx", "long.docx", "reference.docx"]);

    let memo = pages(&dir.path().join("memoire.pdf"));
    assert!((3..=6).contains(&memo.len()), "{} pages", memo.len());
    let all = plain(&memo.concat());
    for expected in [
        "Mémoire technique",
        "Référence : AO-2026-042",
        "Sommaire",
        "1. Présentation de l'entreprise",
        "1.1. Moyens humains",
        "1.1.1. Organisation détaillée",
        "2. Méthodologie",
        "Chef de projet : Marie Durand",
        "<script>alert(\"piège\")</script>",
        "println!(\"bonjour : pas d'espace !\");",
        "Fin du mémoire.",
    ] {
        assert!(
            all.contains(expected),
            "{expected:?} not in the PDF text:\n{all}"
        );
    }
    let n = memo.len();
    assert!(!memo[0].contains("Page 1 /"), "the cover has no footer");
    assert!(memo[n - 1].contains(&format!("Page {n} / {n}")));
    assert!(memo[n - 1].contains("AO-2026-042"));

    let long = pages(&dir.path().join("long.pdf"));
    assert!(long.len() >= 12, "{} pages", long.len());
    let table_pages = long.iter().filter(|p| p.contains("Ligne")).count();
    let with_header = long
        .iter()
        .filter(|p| p.contains("Ligne") && p.contains("Phase"))
        .count();
    assert!(table_pages >= 10);
    assert_eq!(
        with_header, table_pages,
        "the header row repeats on every page"
    );
    assert!(plain(&long.concat()).contains("Ligne 599"));

    let reference = plain(&pages(&dir.path().join("reference.pdf")).concat());
    assert!(reference.contains("ACME Conseil - modèle maison"));
    assert!(reference.contains("1.1. Moyens humains"));
}
