//! Our unit costs and margins on a buyer's price schedule, against a real server (SQLite and
//! PostgreSQL): saved through the page's form, shown back, totals HT, VAT, TTC and margin
//! computed from what is stored; refusals store nothing; a viewer cannot save.

mod common;

use common::{Backend, TestApp};
use tenderdesk::model::Role;

async fn page_text(client: &reqwest::Client, url: &str) -> String {
    let resp = client.get(url).send().await.expect("page");
    assert_eq!(resp.status(), 200);
    resp.text().await.expect("html")
}

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
