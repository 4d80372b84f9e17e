//! The comparison grid against a real server (SQLite and PostgreSQL): the page, the form, the
//! import (errors name the cell, nothing stored), the exports, the JSON API; and the command
//! line's JSON.

mod common;

use std::io::Read;

use common::{Backend, TestApp, hidden_field, page_text};
use tenderdesk::model::Role;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/fixtures/grids/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

fn file_form(name: &str) -> reqwest::multipart::Form {
    let part = reqwest::multipart::Part::bytes(fixture(name)).file_name(name.to_string());
    reqwest::multipart::Form::new().part("file", part)
}

/// The stored grid and its outcome, through the API.
async fn api_grid(app: &TestApp, token: &str, id: i64) -> serde_json::Value {
    reqwest::Client::new()
        .get(app.url(&format!("/api/v1/tenders/{id}/grid")))
        .bearer_auth(token)
        .send()
        .await
        .expect("api")
        .json()
        .await
        .expect("json")
}

async fn grid_page_import_save_and_export(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, id) = app.manager_with_tender("Maintenance des ascenseurs").await;
    let (client, _) = app.login("claire").await;
    // A tender without criteria starts from the template.
    let page = client
        .get(app.url(&format!("/tenders/{id}/grid")))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(html.contains("Méthodologie"), "{html}");
    let csrf = hidden_field(&html, "csrf").expect("csrf");

    // A broken file: the cell is named, nothing is stored.
    let resp = client
        .post(app.url(&format!("/tenders/{id}/grid/import?csrf={csrf}")))
        .multipart(file_form("erreur-note.xlsx"))
        .send()
        .await
        .expect("import");
    assert_eq!(resp.status(), 422);
    assert!(resp.text().await.expect("html").contains("Grille!D6"));
    let api = api_grid(&app, &token, id).await;
    assert_eq!(
        api["grid"]["offers"].as_array().map(Vec::len),
        Some(0),
        "{api}"
    );

    // Without the CSRF token: refused.
    let resp = client
        .post(app.url(&format!("/tenders/{id}/grid/import")))
        .multipart(file_form("grille.xlsx"))
        .send()
        .await
        .expect("import");
    assert_eq!(resp.status(), 403);

    let resp = client
        .post(app.url(&format!("/tenders/{id}/grid/import?csrf={csrf}")))
        .multipart(file_form("grille.xlsx"))
        .send()
        .await
        .expect("import");
    assert_eq!(resp.status(), 303);
    let html = page_text(&client, &app.url(&format!("/tenders/{id}/grid"))).await;
    assert!(html.contains("id=\"total-0\">71,00<"), "{html}");
    assert!(html.contains("id=\"rank-2\">1<"));
    assert!(html.contains("81494,05 € HT"), "break-even shown");

    // The form: raise our methodology mark to 20; the server recomputes.
    let resp = client
        .post(app.url(&format!("/tenders/{id}/grid")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("m0_2", "20"),
            ("formula", "proportional"),
            ("ours", "0"),
        ])
        .send()
        .await
        .expect("save");
    assert_eq!(resp.status(), 303);
    let api = api_grid(&app, &token, id).await;
    // 71 + (20 − 15) / 20 × 36 = 80.
    assert_eq!(api["outcome"]["offers"][0]["total"], 80.0, "{api}");
    assert_eq!(api["outcome"]["offers"][0]["rank"], 1);
    assert_eq!(api["outcome"]["ours"]["name"], "Notre offre");

    // A mark above the scale: refused, the stored grid unchanged.
    let resp = client
        .post(app.url(&format!("/tenders/{id}/grid")))
        .form(&[("csrf", csrf.as_str()), ("m0_2", "25")])
        .send()
        .await
        .expect("save");
    assert_eq!(resp.status(), 422);

    // Exports: XLSX with formulas, Word table, template.
    let xlsx = client
        .get(app.url(&format!("/tenders/{id}/grid.xlsx")))
        .send()
        .await
        .expect("xlsx")
        .bytes()
        .await
        .expect("bytes");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx.to_vec())).expect("zip");
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .expect("sheet")
        .read_to_string(&mut sheet)
        .expect("xml");
    assert!(sheet.contains("<f>"), "live formulas");
    assert!(
        sheet.contains("MIN($C$4:$E$4)"),
        "the proportional price formula"
    );
    assert!(sheet.contains("RANK("));
    let docx = client
        .get(app.url(&format!("/tenders/{id}/grid.docx")))
        .send()
        .await
        .expect("docx");
    assert_eq!(docx.status(), 200);
    assert!(docx.bytes().await.expect("bytes").starts_with(b"PK"));
    let template = client
        .get(app.url("/grid/template.xlsx"))
        .send()
        .await
        .expect("template");
    assert_eq!(template.status(), 200);

    // The API: PUT a grid back, compare a file without storing it.
    let mut g = api["grid"].clone();
    g["offers"][1]["price"] = serde_json::json!(-5.0);
    let resp = reqwest::Client::new()
        .put(app.url(&format!("/api/v1/tenders/{id}/grid")))
        .bearer_auth(&token)
        .json(&g)
        .send()
        .await
        .expect("put");
    assert_eq!(resp.status(), 422);
    let part = reqwest::multipart::Part::bytes(fixture("grille.csv")).file_name("grille.csv");
    let cmp: serde_json::Value = reqwest::Client::new()
        .post(app.url("/api/v1/grid/compare"))
        .bearer_auth(&token)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .expect("compare")
        .json()
        .await
        .expect("json");
    assert_eq!(cmp["offers"][2]["rank"], 1, "{cmp}");

    // A viewer reads but cannot write.
    app.user("victor", Role::Viewer).await;
    let (viewer, vcsrf) = app.login("victor").await;
    let resp = viewer
        .post(app.url(&format!("/tenders/{id}/grid")))
        .form(&[("csrf", vcsrf.as_str()), ("m0_2", "1")])
        .send()
        .await
        .expect("save");
    assert_eq!(resp.status(), 403);
    app.stop().await;
}

both_backends!(grid_page_import_save_and_export);

#[test]
fn cli_grid_compare_prints_the_documented_json() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tenderdesk"))
        .args(["grid", "compare", "--json"])
        .arg(format!(
            "{}/fixtures/grids/grille.xlsx",
            env!("CARGO_MANIFEST_DIR")
        ))
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["criteria"][0]["name"], "Prix des prestations");
    assert_eq!(v["criteria"][0]["share"], 0.4);
    assert_eq!(v["offers"][0]["name"], "Notre offre");
    assert_eq!(v["offers"][0]["total"], 71.0);
    assert_eq!(v["offers"][0]["rank"], 3);
    assert_eq!(v["offers"][0]["marks"]["Méthodologie"], 15.0);
    assert_eq!(v["ours"]["name"], "Notre offre");
    assert_eq!(v["ours"]["break_even_price"], 81494.05);
    // A broken file: the command fails naming the cell.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tenderdesk"))
        .args(["grid", "compare", "--json"])
        .arg(format!(
            "{}/fixtures/grids/erreur-poids.xlsx",
            env!("CARGO_MANIFEST_DIR")
        ))
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Grille!B7"));
}

#[test]
fn the_exported_xlsx_reads_back_as_the_same_grid() {
    use tenderdesk::grid;
    let limits = tenderdesk::ingest::Limits::default();
    let g = grid::import::import("grille.xlsx", &fixture("grille.xlsx"), &limits).expect("import");
    let out = grid::compute(&g).expect("compute");
    let bytes = grid::export::xlsx(&g, &out).expect("export");
    let back = grid::import::import("export.xlsx", &bytes, &limits).expect("re-import");
    assert_eq!(back.criteria, g.criteria);
    assert_eq!(back.offers, g.offers);
    assert_eq!(back.settings, g.settings);
    let template = grid::export::template().expect("template");
    assert!(grid::import::import("modele.xlsx", &template, &limits).is_ok());
}

async fn price_grid_fills_the_buyers_file(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, id) = app.manager_with_tender("Maintenance des ascenseurs").await;
    let part = reqwest::multipart::Part::bytes(fixture("bpu.xlsx")).file_name("BPU.xlsx");
    let resp = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/tenders/{id}/documents")))
        .bearer_auth(&token)
        .multipart(reqwest::multipart::Form::new().part("files", part))
        .send()
        .await
        .expect("upload");
    assert_eq!(resp.status(), 201);
    let (client, csrf) = app.login("claire").await;
    let html = page_text(&client, &app.url(&format!("/tenders/{id}/prices"))).await;
    assert!(html.contains("Dépannage"), "{html}");
    let doc = html
        .split("id=\"piece-")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("piece id")
        .to_string();
    // Line 0 (row 4): cost 120 at a 20 % margin is 150; line 1 (row 5): 80.5 at no margin.
    let resp = client
        .post(app.url(&format!("/tenders/{id}/prices/{doc}/fill.xlsx")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("c0", "120"),
            ("m0", "20"),
            ("c1", "80,5"),
        ])
        .send()
        .await
        .expect("fill");
    assert_eq!(resp.status(), 200);
    let bytes = resp.bytes().await.expect("bytes").to_vec();
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).expect("opens");
    let range = book.worksheet_range("BPU").expect("sheet");
    assert_eq!(range.get_value((3, 4)), Some(&calamine::Data::Float(150.0)));
    assert_eq!(range.get_value((4, 4)), Some(&calamine::Data::Float(80.5)));
    assert!(book.sheet_names().contains(&"Conditions".to_string()));
    app.stop().await;
}

both_backends!(price_grid_fills_the_buyers_file);
