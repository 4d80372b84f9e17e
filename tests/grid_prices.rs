//! Our unit costs and margins on a buyer's price schedule, against a real server (SQLite and
//! PostgreSQL): saved through the page's form, shown back, totals HT, VAT, TTC and margin
//! computed from what is stored; refusals store nothing; a viewer cannot save.

mod common;

use common::{Backend, TestApp, cli as tenderdesk, page_text};
use tenderdesk::model::Role;

/// What follows the first `marker` in `html`, up to `stop`.
fn after(html: &str, marker: &str, stop: char) -> String {
    html.split(marker)
        .nth(1)
        .and_then(|rest| rest.split(stop).next())
        .unwrap_or_else(|| panic!("no {marker} in {html}"))
        .to_string()
}

/// The text of the element with `id` (up to its closing tag).
fn cell(html: &str, id: &str) -> String {
    after(html, &format!("id=\"{id}\">"), '<')
}

/// The value of the input named `name`.
fn input_value(html: &str, name: &str) -> String {
    let tag = after(html, &format!("name=\"{name}\""), '>');
    after(&tag, "value=\"", '"')
}

/// Posts a form; the response.
async fn post_form(
    client: &reqwest::Client,
    url: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    client.post(url).form(fields).send().await.expect("post")
}

async fn costs_and_margins_are_saved_and_totalled(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, id) = app.manager_with_tender("Maintenance des ascenseurs").await;
    app.upload_fixture_from(&token, id, "grids", "bpu.xlsx")
        .await;
    let (client, csrf) = app.login("claire").await;
    let url = app.url(&format!("/tenders/{id}/prices"));
    let docs = app
        .get_json(&token, &format!("/api/v1/tenders/{id}/documents"))
        .await;
    let doc = docs[0]["id"].as_i64().expect("piece id");
    let html = page_text(&client, &url).await;
    assert!(html.contains("Enregistrer"), "{html}");
    // Nothing priced yet.
    assert_eq!(cell(&html, &format!("ht-{doc}")), "0,00");
    assert_eq!(input_value(&html, "c0"), "");

    // Rows 4 to 6 (quantities 12, 10, 12): 120 at 20 % is 150, 80.5 at no margin, 100 at
    // 50 % is 200. HT 12 × 150 + 10 × 80.5 + 12 × 200 = 5 005; VAT 20 % 1 001; TTC 6 006;
    // cost 1 440 + 805 + 1 200 = 3 445; margin 1 560, that is 31.17 % of 5 005.
    let save = app.url(&format!("/tenders/{id}/prices/{doc}"));
    let with_csrf = |fields: &[(&'static str, &'static str)]| {
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        all
    };
    const PRICED: [(&str, &str); 4] = [("c0", "120"), ("m0", "20"), ("c2", "100"), ("m2", "50")];
    let resp = post_form(
        &client,
        &save,
        &with_csrf(&[&PRICED[..], &[("c1", "80,5")]].concat()),
    )
    .await;
    assert_eq!(resp.status(), 303);
    let html = page_text(&client, &url).await;
    assert_eq!(input_value(&html, "c0"), "120,00");
    assert_eq!(input_value(&html, "m0"), "20,00");
    assert_eq!(input_value(&html, "c1"), "80,50");
    assert_eq!(input_value(&html, "c2"), "100,00");
    assert_eq!(input_value(&html, "m2"), "50,00");
    assert_eq!(cell(&html, &format!("ht-{doc}")), "5005,00");
    assert_eq!(cell(&html, &format!("vat-{doc}")), "1001,00");
    assert_eq!(cell(&html, &format!("ttc-{doc}")), "6006,00");
    assert_eq!(cell(&html, &format!("cost-{doc}")), "3445,00");
    assert_eq!(cell(&html, &format!("margin-{doc}")), "1560,00");
    assert_eq!(cell(&html, &format!("rate-{doc}")), "31,17");

    // A margin of 100 % is refused naming the cell; the stored values stay as they were.
    let resp = post_form(&client, &save, &with_csrf(&[("c0", "1"), ("m0", "100")])).await;
    assert_eq!(resp.status(), 422);
    assert!(resp.text().await.expect("body").contains("BPU!4"));
    // Without the session's CSRF token, nothing is saved either.
    let resp = post_form(&client, &save, &[("c0", "1")]).await;
    assert_eq!(resp.status(), 403);
    let html = page_text(&client, &url).await;
    assert_eq!(input_value(&html, "c0"), "120,00");
    assert_eq!(cell(&html, &format!("ht-{doc}")), "5005,00");

    // Clearing a line's cost unprices it: 5 005 − 805.
    let resp = post_form(&client, &save, &with_csrf(&PRICED)).await;
    assert_eq!(resp.status(), 303);
    let html = page_text(&client, &url).await;
    assert_eq!(input_value(&html, "c1"), "");
    assert_eq!(cell(&html, &format!("ht-{doc}")), "4200,00");

    // The export still fills from the form's fields.
    let resp = post_form(
        &client,
        &app.url(&format!("/tenders/{id}/prices/{doc}/fill.xlsx")),
        &[("csrf", csrf.as_str()), ("c0", "120"), ("m0", "20")],
    )
    .await;
    assert_eq!(resp.status(), 200);

    // A viewer reads the page but cannot save.
    app.user("victor", Role::Viewer).await;
    let (viewer, vcsrf) = app.login("victor").await;
    let resp = post_form(&viewer, &save, &[("csrf", vcsrf.as_str()), ("c0", "1")]).await;
    assert_eq!(resp.status(), 403);
    app.stop().await;
}

both_backends!(costs_and_margins_are_saved_and_totalled);

/// PUT our prices on a piece through the API; the status and the answer.
async fn put_prices(
    app: &TestApp,
    token: &str,
    id: i64,
    doc: i64,
    lines: serde_json::Value,
) -> (reqwest::StatusCode, serde_json::Value) {
    app.send_json(
        reqwest::Method::PUT,
        token,
        &format!("/api/v1/tenders/{id}/prices/{doc}"),
        &serde_json::json!({ "lines": lines }),
    )
    .await
}

async fn the_price_api_reads_and_saves_each_line(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, id) = app.manager_with_tender("Maintenance des ascenseurs").await;
    app.upload_fixture_from(&token, id, "grids", "bpu.xlsx")
        .await;
    let path = format!("/api/v1/tenders/{id}/prices");
    let v = app.get_json(&token, &path).await;
    let piece = &v["pieces"][0];
    let doc = piece["document_id"].as_i64().expect("piece id");
    let lines = piece["lines"].as_array().expect("lines");
    assert_eq!(lines.len(), 4, "{v}");
    assert_eq!(lines[0]["cell"], "BPU!4");
    assert_eq!(lines[0]["designation"], "Visite préventive");
    assert_eq!(lines[0]["unit"], "u");
    assert_eq!(lines[0]["quantity"], 12.0);
    assert_eq!(lines[0]["vat_pct"], 20.0);
    assert!(lines[0]["cost"].is_null());
    assert_eq!(lines[3]["kind"], "total");
    assert_eq!(piece["totals"]["ht"], 0.0);

    // Row 4: 12 × (120 at 20 %) = 1 800 at 10 % VAT; row 5: 10 × 80.5 = 805 at 20 %.
    // HT 2 605, VAT 180 + 161, TTC 2 946, cost 2 245, margin 360 (13.82 %).
    let (status, saved) = put_prices(
        &app,
        &token,
        id,
        doc,
        serde_json::json!([
            {"sheet": "BPU", "row": 4, "cost": 120, "margin_pct": 20, "vat_pct": 10},
            {"sheet": "BPU", "row": 5, "cost": 80.5}
        ]),
    )
    .await;
    assert_eq!(status, reqwest::StatusCode::OK, "{saved}");
    assert_eq!(saved["lines"][0]["unit_price"], 150.0);
    assert_eq!(saved["lines"][0]["amount"], 1800.0);
    let expected = serde_json::json!({"ht": 2605.0, "vat": 341.0, "ttc": 2946.0,
        "cost": 2245.0, "margin": 360.0, "margin_pct": 13.82});
    assert_eq!(saved["totals"], expected);
    let v = app.get_json(&token, &path).await;
    assert_eq!(v["pieces"][0]["totals"], expected, "stored");
    assert_eq!(v["pieces"][0]["lines"][0]["vat_pct"], 10.0);
    assert_eq!(v["pieces"][0]["lines"][0]["margin_pct"], 20.0);

    // Each bad value is refused naming its line, and nothing of the request is stored.
    for (bad, cell) in [
        (
            serde_json::json!({"sheet": "BPU", "row": 6, "cost": 10, "margin_pct": 100}),
            "BPU!6",
        ),
        (
            serde_json::json!({"sheet": "BPU", "row": 6, "cost": -1}),
            "BPU!6",
        ),
        (
            serde_json::json!({"sheet": "BPU", "row": 5, "cost": 1, "vat_pct": 120}),
            "BPU!5",
        ),
        (
            serde_json::json!({"sheet": "BPU", "row": 99, "cost": 1}),
            "BPU!99",
        ),
    ] {
        let lines = serde_json::json!([{"sheet": "BPU", "row": 4, "cost": 1}, bad]);
        let (status, body) = put_prices(&app, &token, id, doc, lines).await;
        assert_eq!(status, reqwest::StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(cell), "{message}");
    }
    let v = app.get_json(&token, &path).await;
    assert_eq!(v["pieces"][0]["totals"], expected, "nothing stored");

    // The page's form takes a VAT rate per line too, and shows it back.
    let (client, csrf) = app.login("claire").await;
    let resp = post_form(
        &client,
        &app.url(&format!("/tenders/{id}/prices/{doc}")),
        &[("csrf", csrf.as_str()), ("c0", "100"), ("v0", "5,5")],
    )
    .await;
    assert_eq!(resp.status(), 303);
    let html = page_text(&client, &app.url(&format!("/tenders/{id}/prices"))).await;
    assert_eq!(input_value(&html, "v0"), "5,5");
    // 12 × 100 = 1 200 HT at 5.5 %: 66 VAT (row 5 is unpriced: no cost posted).
    assert_eq!(cell(&html, &format!("vat-{doc}")), "66,00");

    // A viewer reads but cannot save; a contributor outside a restricted tender sees nothing.
    let victor = app.user("victor", Role::Viewer).await;
    let vtoken = app.token(&victor).await;
    app.get_json(&vtoken, &path).await;
    let ok = serde_json::json!([{"sheet": "BPU", "row": 4, "cost": 1}]);
    let (status, _) = put_prices(&app, &vtoken, id, doc, ok.clone()).await;
    assert_eq!(status, reqwest::StatusCode::FORBIDDEN);
    app.restrict_to_token_user(&token, id).await;
    let carla = app.user("carla", Role::Contributor).await;
    let btoken = app.token(&carla).await;
    let r = reqwest::Client::new()
        .get(app.url(&path))
        .bearer_auth(&btoken)
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), reqwest::StatusCode::NOT_FOUND);
    let (status, _) = put_prices(&app, &btoken, id, doc, ok).await;
    assert_eq!(status, reqwest::StatusCode::NOT_FOUND);
    app.stop().await;
}

both_backends!(the_price_api_reads_and_saves_each_line);

#[test]
fn cli_grid_prices_reads_a_file_and_names_the_totals_that_do_not_add_up() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("bpu.csv");
    std::fs::write(
        &file,
        "BPU - Lot 1;;;;;\nN°;Désignation;Unité;Quantité;Prix unitaire HT;Montant HT\n\
         1.1;Visite préventive;u;12;150;1800\n1.2;Dépannage;h;10;80;900\n\
         ;Sous-total;;;;2700\n2.1;Pièces;forfait;1;500;500\n;Total HT;;;;3300\n",
    )
    .expect("write");
    let out = tenderdesk(
        dir.path(),
        &["grid", "prices", "--json", file.to_str().expect("path")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["lines"][1]["designation"], "Dépannage");
    assert_eq!(v["lines"][1]["quantity"], 10.0);
    assert_eq!(v["lines"][2]["kind"], "subtotal");
    assert_eq!(v["totals"]["lines"], 3);
    assert_eq!(v["totals"]["amount"], 3200.0);
    let cells: Vec<&str> = v["flags"]
        .as_array()
        .expect("flags")
        .iter()
        .filter_map(|f| f["cell"].as_str())
        .collect();
    assert_eq!(cells, ["CSV!F4", "CSV!F7"]);
    let text = tenderdesk(
        dir.path(),
        &["grid", "prices", file.to_str().expect("path")],
    );
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    assert!(
        text.contains("CSV!F7 : the lines add up to 3200.00, not 3300.00"),
        "{text}"
    );
    assert!(!dir.path().join("tenderdesk.db").exists(), "nothing stored");
    // A quantity that is not a number: refused naming the cell.
    std::fs::write(
        &file,
        "Désignation;Quantité;Prix unitaire\nPoste;beaucoup;3\n",
    )
    .expect("write");
    let out = tenderdesk(
        dir.path(),
        &["grid", "prices", file.to_str().expect("path")],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("CSV!B2"));
}

#[tokio::test]
async fn cli_grid_fill_writes_our_saved_prices_into_the_buyers_file() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let bpu = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/grids/bpu.xlsx");
    let out = tenderdesk(&data, &["ingest", "--new", "Ascenseurs", bpu]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tender: i64 = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("id");
    let store = tenderdesk::store::Store::connect(&tenderdesk::store::Store::sqlite_url(&data))
        .await
        .expect("store");
    let doc = store.documents(tender).await.expect("pieces")[0].id;
    let files = tenderdesk::store::FileStore::new(&data.join("files"));
    let limits = tenderdesk::ingest::Limits::default();
    let s = tenderdesk::grid::schedule::load(&store, &files, &limits, tender, doc)
        .await
        .expect("schedule");
    let mut ours = s.ours.clone();
    ours[0].cost = Some(120.0);
    ours[0].margin = Some(0.2);
    ours[2].cost = Some(99.99);
    store
        .save_our_prices(tender, doc, &s.lines, &ours)
        .await
        .expect("saved");
    store.close().await;

    let filled = dir.path().join("rempli.xlsx");
    let (t, d) = (tender.to_string(), doc.to_string());
    let args = ["grid", "fill", "--tender", &t, "--document", &d, "-o"];
    let out = tenderdesk(
        &data,
        &[&args[..], &[filled.to_str().expect("path")]].concat(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    use calamine::Reader;
    let mut book = calamine::open_workbook::<calamine::Xlsx<_>, _>(&filled).expect("opens");
    let range = book.worksheet_range("BPU").expect("sheet");
    assert_eq!(range.get_value((3, 4)), Some(&calamine::Data::Float(150.0)));
    assert!(
        !matches!(range.get_value((4, 4)), Some(calamine::Data::Float(_))),
        "row 5 is not priced"
    );
    assert_eq!(range.get_value((5, 4)), Some(&calamine::Data::Float(99.99)));
    // Another tender's piece is not found.
    let other = (tender + 1).to_string();
    let out = tenderdesk(
        &data,
        &[
            "grid",
            "fill",
            "--tender",
            &other,
            "--document",
            &d,
            "-o",
            "x.xlsx",
        ],
    );
    assert!(!out.status.success());
}
