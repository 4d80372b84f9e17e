//! Browser journey on the comparison grid: the page recalculates as a mark is typed.

mod common;

use common::browser::{browser, fill, shot, sign_in, text_of, wait_for_text};
use common::{Backend, TestApp};
use fantoccini::Locator;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_a_mark_changes_the_total_at_once() {
    let Some(app) = TestApp::start(Backend::Sqlite).await else {
        return;
    };
    let profile = tempfile::tempdir().expect("profile");
    let Some((_driver, client)) = browser(profile.path()).await else {
        return;
    };
    let (_, id) = app.manager_with_tender("Maintenance des ascenseurs").await;
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/grids/grille.xlsx"
    ))
    .expect("fixture");
    let g = tenderdesk::grid::import::import(
        "grille.xlsx",
        &bytes,
        &tenderdesk::ingest::Limits::default(),
    )
    .expect("import");
    app.state
        .store
        .save_tender_grid(id, &g)
        .await
        .expect("save");
    sign_in(&client, &app.base, "claire").await;
    client
        .goto(&app.url(&format!("/tenders/{id}/grid")))
        .await
        .expect("grid page");
    assert_eq!(text_of(&client, Locator::Id("total-0")).await, "71,00");
    assert_eq!(text_of(&client, Locator::Id("rank-0")).await, "3");
    // Our methodology mark from 15 to 20: 71 + 5/20 × 36 = 80, first.
    fill(&client, "m0_2", "20").await;
    wait_for_text(&client, Locator::Id("total-0"), "80,00").await;
    assert_eq!(text_of(&client, Locator::Id("rank-0")).await, "1");
    // The technical value sums its sub-criteria: 36 + 12.
    assert_eq!(text_of(&client, Locator::Id("pts-0-1")).await, "48,00");
    let width = client
        .find(Locator::Id("bar-0"))
        .await
        .expect("bar")
        .attr("width")
        .await
        .expect("attr");
    assert_eq!(width.as_deref(), Some("240"));
    shot(&client, "grid-01-comparison").await;
    client.close().await.expect("close");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_a_cost_changes_the_price_totals_at_once() {
    let Some(app) = TestApp::start(Backend::Sqlite).await else {
        return;
    };
    let profile = tempfile::tempdir().expect("profile");
    let Some((_driver, client)) = browser(profile.path()).await else {
        return;
    };
    let (token, id) = app.manager_with_tender("Maintenance des ascenseurs").await;
    app.upload_fixture_from(&token, id, "grids", "bpu.xlsx")
        .await;
    let docs = app
        .get_json(&token, &format!("/api/v1/tenders/{id}/documents"))
        .await;
    let doc = docs[0]["id"].as_i64().expect("piece id");
    sign_in(&client, &app.base, "claire").await;
    client
        .goto(&app.url(&format!("/tenders/{id}/prices")))
        .await
        .expect("prices page");
    assert_eq!(
        text_of(&client, Locator::Id(&format!("ht-{doc}"))).await,
        "0,00"
    );
    // Row 4, 12 units at a cost of 120 with a 20 % margin: 12 × 150 = 1 800 HT, 360 VAT.
    fill(&client, &format!("c0-{doc}"), "120").await;
    fill(&client, &format!("m0-{doc}"), "20").await;
    wait_for_text(&client, Locator::Id(&format!("ht-{doc}")), "1800,00").await;
    assert_eq!(
        text_of(&client, Locator::Id(&format!("vat-{doc}"))).await,
        "360,00"
    );
    assert_eq!(
        text_of(&client, Locator::Id(&format!("ttc-{doc}"))).await,
        "2160,00"
    );
    assert_eq!(
        text_of(&client, Locator::Id(&format!("rate-{doc}"))).await,
        "20,00"
    );
    client.close().await.expect("close");
    app.stop().await;
}
