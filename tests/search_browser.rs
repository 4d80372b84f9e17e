//! Search in a real headless Chromium: the box at the top of the dashboard, the results with
//! their marked words, a facet link narrowing them, and a hit opening its piece.
//! Screenshots in `target/screenshots/`.

mod common;

use common::browser::{Journey, click, journey, path_of, shot, sign_in, text_of, wait_for_text};
use fantoccini::Locator;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_box_facets_and_passage() {
    let Some(journey) = journey().await else {
        return;
    };
    let Journey { app, client, .. } = journey;
    let (token, tender) = app.manager_with_tender("Infogérance du parc").await;
    app.upload_fixture(&token, tender, "CCAP.md").await;
    app.upload_fixture(&token, tender, "CCTP.md").await;
    sign_in(&client, &app.url(""), "claire").await;

    // Typed without accents in the box every page has.
    let boxed = client
        .find(Locator::Id("search-box"))
        .await
        .expect("search box");
    boxed.send_keys("securite\u{E007}").await.expect("type");
    let total = wait_for_text(&client, Locator::Id("search-total"), "").await;
    let hits = text_of(&client, Locator::Id("hits")).await;
    assert!(hits.contains("Infogérance du parc"), "{hits}");
    let marked = client
        .find(Locator::Css("#hits .snippet b"))
        .await
        .expect("a marked word")
        .text()
        .await
        .expect("text");
    assert!(
        marked.to_lowercase().starts_with("sécurit"),
        "accents folded: {marked}"
    );
    let pieces = text_of(&client, Locator::Id("facet-doc_kind")).await;
    assert!(
        pieces.contains("CCTP") && pieces.contains("CCAP"),
        "{pieces}"
    );
    shot(&client, "search-01-results").await;

    // A facet narrows to the CCTP's passages.
    let cctp = client
        .find_all(Locator::Css("#facet-doc_kind a"))
        .await
        .expect("facet links");
    let mut clicked = false;
    for link in cctp {
        if link.text().await.unwrap_or_default().contains("CCTP") {
            link.click().await.expect("click CCTP");
            clicked = true;
            break;
        }
    }
    assert!(clicked, "a CCTP facet link");
    wait_for_text(&client, Locator::Css("#facet-doc_kind a.active"), "CCTP").await;
    assert!(path_of(&client).await.contains("doc_kind=CCTP"));
    let narrowed = text_of(&client, Locator::Id("search-total")).await;
    assert_ne!(narrowed, total, "fewer results than {total}");
    shot(&client, "search-02-filtered").await;

    // A hit opens its piece (at its page, for a page, a section or a requirement).
    click(&client, Locator::Css("#hits .hit-title")).await;
    path_starting(&client, "/documents/").await;
    shot(&client, "search-03-passage").await;
    app.stop().await;
}

/// Waits until the browser is on a path beginning with `prefix`, and gives it.
async fn path_starting(client: &fantoccini::Client, prefix: &str) -> String {
    for _ in 0..100 {
        let path = path_of(client).await;
        if path.starts_with(prefix) {
            return path;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("never reached {prefix}: {}", path_of(client).await);
}
