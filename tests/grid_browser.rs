//! Browser journeys on the comparison and price grids: the page recalculates as a mark is
//! typed, as a sub-criterion is added or an offer removed (then saved and read back), and as
//! a cost, margin or VAT rate is typed.

mod common;

use common::browser::{Driver, browser, click, fill, shot, sign_in, text_of, wait_for_text};
use common::{Backend, TestApp};
use fantoccini::{Client, Locator};

/// A bid manager signed in, in the browser, with the fixtures' grid stored on a tender.
struct Journey {
    app: TestApp,
    client: Client,
    id: i64,
    _profile: tempfile::TempDir,
    _driver: Driver,
}

impl Journey {
    /// None (the tests skip, saying so) without a database or a browser.
    async fn on_fixture_grid() -> Option<Journey> {
        let app = TestApp::start(Backend::Sqlite).await?;
        let profile = tempfile::tempdir().expect("profile");
        let (driver, client) = browser(profile.path()).await?;
        let (_, id) = app.manager_with_tender("Maintenance des ascenseurs").await;
        app.state
            .store
            .save_tender_grid(id, &common::fixture_grid())
            .await
            .expect("save");
        sign_in(&client, &app.base, "claire").await;
        Some(Journey {
            app,
            client,
            id,
            _profile: profile,
            _driver: driver,
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_a_mark_changes_the_total_at_once() {
    let Some(Journey {
        app,
        client,
        id,
        _profile,
        _driver,
    }) = Journey::on_fixture_grid().await
    else {
        return;
    };
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sub_criterion_added_in_the_page_recomputes_and_is_saved() {
    let Some(Journey {
        app,
        client,
        id,
        _profile,
        _driver,
    }) = Journey::on_fixture_grid().await
    else {
        return;
    };
    let url = app.url(&format!("/tenders/{id}/grid"));
    client.goto(&url).await.expect("grid page");
    assert_eq!(text_of(&client, Locator::Id("total-0")).await, "71,00");

    // « Planning » under « Valeur technique » (row 1), weight 20: the technical 60 points
    // become 30 + 20 + 10, shown at once.
    fill(&client, "new-name", "Planning").await;
    fill(&client, "new-weight", "20").await;
    click(&client, Locator::Css("#new-parent option[value='1']")).await;
    click(&client, Locator::Id("add-criterion")).await;
    wait_for_text(&client, Locator::Id("share-4"), "10,00").await;
    assert_eq!(text_of(&client, Locator::Id("share-2")).await, "30,00");
    assert_eq!(
        text_of(&client, Locator::Css("#row-4 .crit-number")).await,
        "2.3"
    );
    // The row sits under its parent's sub-criteria, before nothing else.
    let order = client
        .execute(
            "return Array.from(document.querySelectorAll('#compare tbody tr')).map(r => r.dataset.i).join(',');",
            vec![],
        )
        .await
        .expect("order");
    assert_eq!(order.as_str(), Some("0,1,2,3,4"));
    // Marks on it: ours 20, A 10, B 5. Ours 32 + 22.5 + 10 + 10 = 74.5, A 75 first.
    fill(&client, "m0_4", "20").await;
    fill(&client, "m1_4", "10").await;
    fill(&client, "m2_4", "5").await;
    wait_for_text(&client, Locator::Id("total-0"), "74,50").await;
    assert_eq!(text_of(&client, Locator::Id("total-1")).await, "75,00");
    assert_eq!(text_of(&client, Locator::Id("rank-1")).await, "1");
    assert_eq!(text_of(&client, Locator::Id("pts-0-1")).await, "42,50");
    shot(&client, "grid-02-sub-criterion-added").await;

    // Removing « Concurrent A » takes it out of the ranking at once.
    click(&client, Locator::Id("od1")).await;
    wait_for_text(&client, Locator::Id("rank-0"), "1").await;

    // Saved (the removal unticked again), then read back from the server.
    click(&client, Locator::Id("od1")).await;
    wait_for_text(&client, Locator::Id("rank-0"), "2").await;
    click(&client, Locator::Id("grid-save")).await;
    // The server's page has the row as its own (not an « added » one).
    client
        .wait()
        .for_element(Locator::Css("#row-4:not(.added)"))
        .await
        .expect("saved page");
    client.goto(&url).await.expect("reload");
    let name = client
        .find(Locator::Id("cn4"))
        .await
        .expect("the new row")
        .prop("value")
        .await
        .expect("value");
    assert_eq!(name.as_deref(), Some("Planning"));
    assert_eq!(text_of(&client, Locator::Id("total-0")).await, "74,50");
    assert_eq!(
        text_of(&client, Locator::Css("#row-4 .crit-number")).await,
        "2.3"
    );
    let stored = app.state.store.tender_grid(id).await.expect("grid").0;
    assert_eq!(stored.criteria[4].name, "Planning");
    assert_eq!(stored.criteria[4].parent, Some(1));
    shot(&client, "grid-03-saved-and-reloaded").await;
    client.close().await.expect("close");
    app.stop().await;
}
