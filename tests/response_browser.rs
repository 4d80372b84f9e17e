//! The response workspace in a real headless Chromium: generate the outline, write a section
//! and watch the sanitized preview, insert a suggested library block, download the Word
//! document. Screenshots in target/screenshots/ (`r1-` to `r5-`). Skipped, loudly, where the
//! browser is not installed.

mod common;

use common::browser::{browser, click, fill, path_of, shot, text_of, wait_for_value};
use common::{Backend, PASSWORD, TestApp};
use fantoccini::Locator;
use std::time::{Duration, Instant};
use tenderdesk::model::Role;
use tenderdesk::store::BlockInput;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_a_section_with_preview_and_library_then_download_the_docx() {
    let profile = tempfile::tempdir().expect("profile dir");
    let Some(app) = TestApp::start(Backend::Sqlite).await else {
        return;
    };
    let Some((_driver, client)) = browser(profile.path()).await else {
        app.stop().await;
        return;
    };
    app.user("claire", Role::BidManager).await;
    let (tid, _) = tenderdesk::demo::load(&app.state.store)
        .await
        .expect("demo");

    client.goto(&app.url("/login")).await.expect("goto");
    fill(&client, "name", "claire").await;
    fill(&client, "password", PASSWORD).await;
    click(&client, Locator::Id("submit")).await;
    client
        .wait()
        .for_element(Locator::Id("tenders"))
        .await
        .expect("dashboard");

    // The outline, generated from the criteria, with the weights for the writers.
    client
        .goto(&app.url(&format!("/tenders/{tid}/response")))
        .await
        .expect("goto");
    click(&client, Locator::Css("#generate-outline button")).await;
    let outline = text_of(&client, Locator::Id("outline")).await;
    assert!(outline.contains('%'), "weights shown: {outline}");
    text_of(&client, Locator::Id("outline-report")).await;
    shot(&client, "r1-outline").await;

    // A section: its title tells which library block will fit.
    let link = client
        .find(Locator::Css("#outline tbody tr:nth-child(2) a"))
        .await
        .expect("a section link");
    link.click().await.expect("open section");
    let title = text_of(&client, Locator::Id("section-title")).await;
    let block = app
        .state
        .store
        .create_library_block(&BlockInput {
            title: format!("Notre approche : {title}"),
            body_md: "Bloc de bibliothèque : **méthode éprouvée** sur 40 marchés publics.".into(),
            tags: "méthodologie".into(),
            ..BlockInput::default()
        })
        .await
        .expect("block");
    client.refresh().await.expect("reload");

    // Typing shows the preview, rendered by the server; raw HTML comes back as text.
    fill(
        &client,
        "body",
        "## Organisation\n\nUn **centre de services** à Orléans.\n\n- accueil\n- escalade\n\n<script>alert(1)</script>",
    )
    .await;
    let started = Instant::now();
    let html = loop {
        let html = client
            .execute(
                "return document.getElementById('preview').innerHTML",
                vec![],
            )
            .await
            .expect("preview html");
        let html = html.as_str().unwrap_or("").to_string();
        if html.contains("<strong>centre de services</strong>") {
            break html;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no preview: {html}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(
        html.contains("&lt;script&gt;") && !html.contains("<script"),
        "{html}"
    );
    assert!(
        text_of(&client, Locator::Id("word-count"))
            .await
            .trim()
            .parse::<usize>()
            .expect("count")
            >= 8
    );
    shot(&client, "r2-editor-preview").await;
    click(&client, Locator::Id("save")).await;
    text_of(&client, Locator::Id("saved")).await;

    // The suggested block, inserted in one click.
    let why = text_of(&client, Locator::Id("suggestions")).await;
    assert!(why.contains("Notre approche"), "{why}");
    click(&client, Locator::Id(&format!("insert-{}", block.id))).await;
    let body = wait_for_value(&client, "body", "méthode éprouvée").await;
    assert!(
        body.contains("centre de services") && body.contains("méthode éprouvée"),
        "{body}"
    );
    shot(&client, "r3-block-inserted").await;

    // The Word document downloads from the workspace's button.
    client
        .goto(&app.url(&format!("/tenders/{tid}/response")))
        .await
        .expect("goto");
    let href = client
        .find(Locator::Id("download-docx"))
        .await
        .expect("download button")
        .attr("href")
        .await
        .expect("href")
        .unwrap_or_default();
    let got = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch(arguments[0]).then(r => r.arrayBuffer().then(b => done([r.status, new Uint8Array(b).slice(0, 2).join(','), b.byteLength])));",
            vec![serde_json::Value::String(href)],
        )
        .await
        .expect("download");
    assert_eq!(got[0], 200, "{got}");
    assert_eq!(got[1], "80,75", "a ZIP (PK): {got}");
    shot(&client, "r4-workspace").await;

    client
        .goto(&app.url(&format!("/tenders/{tid}/compliance")))
        .await
        .expect("goto");
    text_of(&client, Locator::Id("coverage")).await;
    shot(&client, "r5-compliance").await;
    assert!(path_of(&client).await.ends_with("/compliance"));
    app.stop().await;
}
