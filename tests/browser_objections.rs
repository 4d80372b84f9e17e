//! The objection grid in a real headless Chromium: from the tender page to the grid, the
//! suggestions read from the CCAP, the heat map, an objection added by hand, a filter.
//! Skipped, loudly, where Chromium is not installed. Screenshots go to target/screenshots/.

mod common;

use common::browser::{browser, click, fill, path_of, shot, sign_in, text_of, wait_for_text};
use common::{Backend, TestApp};
use fantoccini::Locator;
use tenderdesk::model::Role;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bid_manager_seeds_the_grid_reads_the_heat_map_and_adds_an_objection() {
    let profile = tempfile::tempdir().expect("profile dir");
    let Some(app) = TestApp::start(Backend::Sqlite).await else {
        return;
    };
    let Some((_driver, client)) = browser(profile.path()).await else {
        app.stop().await;
        return;
    };
    let (tender_id, _) = tenderdesk::demo::load(&app.state.store)
        .await
        .expect("demo");
    let claire = app.user("claire", Role::BidManager).await;
    let token = app.token(&claire).await;
    app.upload_fixture(&token, tender_id, "CCAP.md").await;

    sign_in(&client, &app.base, "claire").await;

    client
        .goto(&app.url(&format!("/tenders/{tender_id}")))
        .await
        .expect("goto");
    click(&client, Locator::Id("tab-objections")).await;
    client
        .wait()
        .for_element(Locator::Id("heatmap"))
        .await
        .expect("grid page");
    assert_eq!(
        path_of(&client).await,
        format!("/tenders/{tender_id}/objections")
    );

    click(&client, Locator::Css("#seed-form button")).await;
    let seeded = text_of(&client, Locator::Id("seeded")).await;
    assert!(seeded.ends_with(": 7"), "{seeded}");
    let grid = text_of(&client, Locator::Id("objections")).await;
    assert!(grid.contains("non plafonnées"), "{grid}");
    let filled = client
        .find_all(Locator::Css("#heatmap td.filled"))
        .await
        .expect("cells");
    assert!(filled.len() >= 4, "the suggestions spread over the map");
    shot(&client, "10-objections-seeded").await;

    click(&client, Locator::Css("#add-objection summary")).await;
    fill(
        &client,
        "new-text",
        "Votre équipe n'a jamais travaillé pour une agglomération",
    )
    .await;
    fill(&client, "new-likelihood", "5").await;
    fill(&client, "new-impact", "5").await;
    click(&client, Locator::Id("add-objection-submit")).await;
    // Priority 25 comes first.
    wait_for_text(
        &client,
        Locator::Css("#objections tbody tr:first-child"),
        "jamais travaillé",
    )
    .await;

    client
        .goto(&app.url(&format!("/tenders/{tender_id}/objections?category=risque")))
        .await
        .expect("goto");
    let risks = text_of(&client, Locator::Id("objections")).await;
    assert!(
        risks.contains("non plafonnées") && !risks.contains("jamais travaillé"),
        "{risks}"
    );
    shot(&client, "11-objections-filtered").await;
    let _ = client.close().await;
    app.stop().await;
}
