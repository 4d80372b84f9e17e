//! The comparison grid as an annex of the Word response, read back from the .docx: absent by
//! default, our offer's self-assessment with `?grid=ours`, the whole simulated grid titled as
//! internal with `?grid=all`; on SQLite and PostgreSQL, and through `tenderdesk respond --grid`.

mod common;

use common::{Backend, TestApp, fixture_grid};
use reqwest::StatusCode;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The main part of a .docx with the French non-breaking spaces (before « : », « % »)
/// made plain.
fn document_xml(bytes: &[u8]) -> String {
    common::docx_xml(bytes).replace(['\u{a0}', '\u{202f}'], " ")
}

/// Every table of the document, as rows of cell texts.
fn tables(xml: &str) -> Vec<Vec<Vec<String>>> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed");
    let text = |n: roxmltree::Node| -> String {
        n.descendants()
            .filter(|t| t.has_tag_name((W, "t")))
            .filter_map(|t| t.text())
            .collect()
    };
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "tbl")))
        .map(|tbl| {
            tbl.children()
                .filter(|r| r.has_tag_name((W, "tr")))
                .map(|r| {
                    r.children()
                        .filter(|c| c.has_tag_name((W, "tc")))
                        .map(|c| text(c).trim().to_string())
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// The table whose first header cell is « Critère ».
fn grid_table(xml: &str) -> Option<Vec<Vec<String>>> {
    tables(xml)
        .into_iter()
        .find(|t| t.first().and_then(|r| r.first()).map(String::as_str) == Some("Critère"))
}

/// The row of `table` whose first cell ends with `name`.
fn row<'a>(table: &'a [Vec<String>], name: &str) -> &'a [String] {
    table
        .iter()
        .find(|r| r.first().is_some_and(|c| c.ends_with(name)))
        .unwrap_or_else(|| panic!("no row {name} in {table:?}"))
}

async fn download(app: &TestApp, token: &str, path: &str) -> (StatusCode, Vec<u8>) {
    let r = reqwest::Client::new()
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("docx");
    let status = r.status();
    (status, r.bytes().await.expect("bytes").to_vec())
}

async fn the_grid_is_annexed_only_when_asked(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, id) = app.manager_with_tender("Maintenance des ascenseurs").await;
    let path = format!("/tenders/{id}/response.docx");

    // Without a grid, asking for it is refused rather than silently left out.
    let (status, _) = download(&app, &token, &format!("{path}?grid=ours")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    app.state
        .store
        .save_tender_grid(id, &fixture_grid())
        .await
        .expect("save grid");

    // By default: no grid, no competitor, no simulated mark.
    let (status, bytes) = download(&app, &token, &path).await;
    assert_eq!(status, StatusCode::OK);
    let xml = document_xml(&bytes);
    assert!(grid_table(&xml).is_none(), "no grid table by default");
    for absent in ["Concurrent A", "Méthodologie", "auto-évaluation", "71,00"] {
        assert!(!xml.contains(absent), "{absent} in the default document");
    }

    // Our offer alone: shares, marks, points and total; no competitor, no rank.
    let (status, bytes) = download(&app, &token, &format!("{path}?grid=ours")).await;
    assert_eq!(status, StatusCode::OK);
    let xml = document_xml(&bytes);
    assert!(xml.contains("Annexe : auto-évaluation de notre offre"));
    let table = grid_table(&xml).expect("the annex table");
    assert_eq!(table[0], ["Critère", "Part", "Note", "Points"]);
    // Price: 80 000 / 100 000 × 20 = 16 on 20, 32 of the 40 points.
    assert_eq!(
        row(&table, "Prix des prestations")[1..],
        ["40,0 %", "16,00 / 20", "32,00"]
    );
    assert_eq!(
        row(&table, "Méthodologie")[1..],
        ["36,0 %", "15,00 / 20", "27,00"]
    );
    assert_eq!(row(&table, "Moyens humains")[2], "10,00 / 20");
    assert_eq!(row(&table, "Total sur 100")[3], "71,00");
    assert!(!xml.contains("Concurrent A") && !xml.contains("Rang"));

    // The whole grid: every offer, ranks, titled as internal.
    let (status, bytes) = download(&app, &token, &format!("{path}?grid=all")).await;
    assert_eq!(status, StatusCode::OK);
    let xml = document_xml(&bytes);
    assert!(xml.contains("Annexe interne : grille de comparaison simulée"));
    assert!(xml.contains("Document interne, à ne pas transmettre"));
    let table = grid_table(&xml).expect("the annex table");
    assert_eq!(
        table[0],
        [
            "Critère",
            "Part",
            "Notre offre",
            "Concurrent A",
            "Concurrent B"
        ]
    );
    assert_eq!(row(&table, "Rang")[2..], ["3", "2", "1"]);
    assert_eq!(row(&table, "Total sur 100")[2], "71,00");
    assert_eq!(row(&table, "Méthodologie")[4], "18,00 / 20");

    // An unknown choice is refused.
    let (status, _) = download(&app, &token, &format!("{path}?grid=everything")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // The Réponse page offers the choice, default off.
    let (client, _) = app.login("claire").await;
    let html = common::page_text(&client, &app.url(&format!("/tenders/{id}/response"))).await;
    assert!(html.contains("id=\"download-with-grid\""), "{html}");
    assert!(html.contains("value=\"ours\"") && html.contains("value=\"all\""));
    app.stop().await;
}

both_backends!(the_grid_is_annexed_only_when_asked);

fn tenderdesk(data: &std::path::Path, args: &[&str]) -> (bool, String) {
    let out = common::cli(data, args);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn respond_annexes_the_grid_with_the_grid_flag() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).expect("data dir");
    let store = tenderdesk::store::Store::connect(&tenderdesk::store::Store::sqlite_url(&data))
        .await
        .expect("store");
    let tender = store
        .create_tender(&tenderdesk::model::NewTender {
            title: "Maintenance des ascenseurs".into(),
            ..Default::default()
        })
        .await
        .expect("tender");
    store
        .save_tender_grid(tender, &fixture_grid())
        .await
        .expect("grid");
    store.close().await;
    let id = tender.to_string();
    let docx = dir.path().join("memoire.docx");
    let out = docx.to_str().expect("path");

    let (ok, err) = tenderdesk(&data, &["respond", "--tender", &id, "-o", out]);
    assert!(ok, "{err}");
    let xml = document_xml(&std::fs::read(&docx).expect("docx"));
    assert!(grid_table(&xml).is_none(), "no grid unless asked");

    let (ok, err) = tenderdesk(
        &data,
        &["respond", "--tender", &id, "--grid", "all", "-o", out],
    );
    assert!(ok, "{err}");
    let xml = document_xml(&std::fs::read(&docx).expect("docx"));
    let table = grid_table(&xml).expect("grid table");
    assert_eq!(row(&table, "Rang")[2..], ["3", "2", "1"]);

    let (ok, err) = tenderdesk(
        &data,
        &["respond", "--tender", &id, "--grid", "ours", "-o", out],
    );
    assert!(ok, "{err}");
    let xml = document_xml(&std::fs::read(&docx).expect("docx"));
    let table = grid_table(&xml).expect("grid table");
    assert_eq!(row(&table, "Total sur 100")[3], "71,00");
    assert!(!xml.contains("Concurrent B"));

    let (ok, err) = tenderdesk(
        &data,
        &["respond", "--tender", &id, "--grid", "tout", "-o", out],
    );
    assert!(!ok);
    assert!(err.contains("expected ours"), "{err}");
}
