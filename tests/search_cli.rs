//! `tenderdesk search` and `tenderdesk reindex`: the real binary on a real database (SQLite
//! and PostgreSQL), after `tenderdesk ingest` stored a piece.

mod common;

use std::process::Command;

use common::{Backend, TestDb};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_tenderdesk");

fn run(data: &std::path::Path, url: &str, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .arg("--data")
        .arg(data)
        .args(["--database-url", url, "--log-level", "warn"])
        .args(args)
        .output()
        .expect("run tenderdesk");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

both_backends!(search_and_reindex_from_the_command_line);

async fn search_and_reindex_from_the_command_line(backend: Backend) {
    let dir = tempfile::tempdir().expect("dir");
    let Some(db) = TestDb::create(backend, dir.path()).await else {
        return;
    };
    let data = dir.path().join("data");
    let cctp = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/dce/CCTP.md");
    let cctp = cctp.to_str().expect("path");
    run(&data, &db.url, &["ingest", "--new", "Infogérance", cctp]);
    let json = run(&data, &db.url, &["search", "réversibilité", "--json"]);
    let found: Value = serde_json::from_str(&json).expect("json");
    let total = found["total"].as_u64().expect("total");
    assert!(total >= 2, "pages and sections: {json}");
    assert!(
        found["hits"][0]["snippet"]
            .as_str()
            .unwrap_or("")
            .contains("<b>")
    );
    let only_sections = run(
        &data,
        &db.url,
        &["search", "réversibilité", "--kind", "section", "--json"],
    );
    let only_sections: Value = serde_json::from_str(&only_sections).expect("json");
    assert!(only_sections["total"].as_u64().expect("total") < total);
    // The web's filters, parsed the same way: lot 2 and what is common, never lot 1.
    let lot2: Value = serde_json::from_str(&run(
        &data,
        &db.url,
        &[
            "search",
            "titulaire",
            "--lot",
            "2",
            "--doc-kind",
            "cctp",
            "--json",
        ],
    ))
    .expect("json");
    let lots: Vec<&Value> = lot2["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| &h["lot"])
        .collect();
    assert!(
        !lots.is_empty() && !lots.contains(&&Value::from(1)),
        "{lot2}"
    );
    assert!(lots.contains(&&Value::from(2)), "{lot2}");
    let text = run(&data, &db.url, &["search", "securite"]);
    assert!(text.contains("/documents/"), "{text}");
    let rebuilt = run(&data, &db.url, &["reindex"]);
    assert!(rebuilt.contains("items indexed"), "{rebuilt}");
    let again: Value =
        serde_json::from_str(&run(&data, &db.url, &["search", "réversibilité", "--json"]))
            .expect("json");
    assert_eq!(again["total"].as_u64(), Some(total));
    db.drop_db().await;
}
