//! `tenderdesk respond` and `tenderdesk library` as a user runs them: the real binary on a real
//! data folder.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_tenderdesk");

fn tenderdesk(data: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(BIN)
        .arg("--data")
        .arg(data)
        .args(args)
        .env_remove("TENDERDESK_DATABASE_URL")
        .output()
        .expect("run tenderdesk");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn respond_writes_the_word_document_of_a_tender() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let (ok, out, err) = tenderdesk(
        &data,
        &[
            "ingest",
            "--new",
            "Infogérance",
            "fixtures/dce/cadre-de-reponse.md",
        ],
    );
    assert!(ok, "{err}");
    let tender = out.trim().to_string();
    assert!(tender.parse::<i64>().is_ok(), "prints the tender id: {out}");

    let block = dir.path().join("presentation.md");
    std::fs::write(&block, "# Présentation de la société\n\nCréée en 1998.").expect("write");
    let (ok, out, err) = tenderdesk(
        &data,
        &[
            "library",
            "import",
            "--tags",
            "présentation",
            block.to_str().expect("path"),
        ],
    );
    assert!(ok, "{err}");
    assert!(out.contains("Présentation de la société"), "{out}");
    let (ok, out, _) = tenderdesk(&data, &["library", "list", "--json"]);
    assert!(ok);
    let list: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(list[0]["tags"], "présentation");

    let docx = dir.path().join("memoire.docx");
    let (ok, _, err) = tenderdesk(
        &data,
        &[
            "respond",
            "--tender",
            &tender,
            "--outline",
            "-o",
            docx.to_str().expect("path"),
        ],
    );
    assert!(ok, "{err}");
    assert!(err.contains("outline from cadre"), "{err}");
    let bytes = std::fs::read(&docx).expect("docx written");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a .docx is a zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("word/document.xml").expect("document.xml"),
        &mut xml,
    )
    .expect("utf-8");
    assert!(xml.contains("Organisation du centre de services"));
    assert!(xml.contains("Réversibilité"));

    let (ok, _, err) = tenderdesk(
        &data,
        &[
            "respond",
            "--tender",
            "999",
            "-o",
            docx.to_str().expect("path"),
        ],
    );
    assert!(!ok);
    assert!(err.contains("tender not found"), "{err}");
}
