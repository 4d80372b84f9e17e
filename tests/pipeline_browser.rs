//! The pipeline in a real headless Chromium: the dashboard's board view, then the go / no-go
//! form of a tender, then the IPO / IPA matrix. Screenshots in `target/screenshots/`.

mod common;

use chrono::{Duration, Utc};
use common::browser::{browser, click, fill, path_of, shot, text_of, wait_for_text};
use common::{Backend, PASSWORD, TestApp};
use fantoccini::Locator;
use tenderdesk::model::{Deadline, Money, NewTender, Role, Stage};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn board_then_gonogo_then_matrix() {
    let profile = tempfile::tempdir().expect("profile dir");
    let Some(app) = TestApp::start(Backend::Sqlite).await else {
        return;
    };
    let Some((_driver, client)) = browser(profile.path()).await else {
        app.stop().await;
        return;
    };
    let claire = app.user("claire", Role::BidManager).await;
    let store = &app.state.store;
    let mut target = 0;
    for (i, (title, days, stage)) in [
        ("Infogérance du parc informatique", 2, Stage::Writing),
        ("Maintenance des ascenseurs", -1, Stage::Review),
        ("Nettoyage des locaux", 12, Stage::Qualification),
        ("Fourniture de mobilier", 40, Stage::Watch),
        ("Tierce maintenance applicative", 5, Stage::GoNoGo),
        ("Câblage des écoles", -30, Stage::Won),
    ]
    .into_iter()
    .enumerate()
    {
        let id = store
            .create_tender(&NewTender {
                title: title.into(),
                owner_id: Some(claire.id),
                deadline: Some(Deadline {
                    at: Utc::now() + Duration::days(days) + Duration::hours(2),
                    tz: Deadline::DEFAULT_TZ,
                }),
                estimated_value: Some(Money(25_000_000 * (i as i64 + 1))),
                ..NewTender::default()
            })
            .await
            .expect("tender");
        store.set_stage(id, stage).await.expect("stage");
        if stage == Stage::GoNoGo {
            target = id;
        }
    }

    client.goto(&app.url("/login")).await.expect("login page");
    fill(&client, "name", "claire").await;
    fill(&client, "password", PASSWORD).await;
    click(&client, Locator::Id("submit")).await;
    client
        .wait()
        .for_element(Locator::Id("tenders"))
        .await
        .expect("dashboard");
    let first = text_of(&client, Locator::Css("#tenders tbody tr:first-child")).await;
    assert!(
        first.contains("Maintenance des ascenseurs"),
        "overdue first: {first}"
    );
    shot(&client, "pipeline-01-list").await;

    click(&client, Locator::Id("view-board")).await;
    let board = text_of(&client, Locator::Id("board")).await;
    assert!(board.contains("Tierce maintenance applicative"), "{board}");
    assert!(path_of(&client).await.contains("view=board"));
    shot(&client, "pipeline-02-board").await;

    client
        .goto(&app.url(&format!("/tenders/{target}/gonogo")))
        .await
        .expect("gonogo");
    for (code, mark) in [
        ("fit", "5"),
        ("capacity", "4"),
        ("relationship", "4"),
        ("competition", "3"),
        ("margin", "3"),
        ("risk", "4"),
    ] {
        click(
            &client,
            Locator::Css(&format!("#mark-{code} option[value='{mark}']")),
        )
        .await;
    }
    click(&client, Locator::Css("#decision option[value='go']")).await;
    fill(
        &client,
        "rationale",
        "Cœur de métier, client satisfait du marché précédent.",
    )
    .await;
    shot(&client, "pipeline-03-gonogo-form").await;
    click(&client, Locator::Id("gonogo-submit")).await;
    // 25×5 + 20×4 + 15×4 + 15×3 + 15×3 + 10×4 = 395 / 500 = 79.
    let history = wait_for_text(&client, Locator::Id("gonogo-history"), "79 / 100").await;
    assert!(history.contains("79 / 100"), "{history}");
    assert!(history.contains("Cœur de métier"), "{history}");
    shot(&client, "pipeline-04-gonogo-recorded").await;

    client
        .goto(&app.url("/pipeline/matrix"))
        .await
        .expect("matrix");
    let placements = text_of(&client, Locator::Id("placements")).await;
    assert!(
        placements.contains("Tierce maintenance applicative"),
        "{placements}"
    );
    shot(&client, "pipeline-05-matrix").await;
    app.stop().await;
}
