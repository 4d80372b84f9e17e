//! Journeys in a real headless Chromium, driven through chromedriver (Debian packages
//! `chromium` and `chromium-driver`). Skipped, loudly, where they are not installed.
//! Screenshots go to target/screenshots/.

mod common;

use common::browser::{browser, click, fill, path_of, shot, text_of};
use common::{Backend, TestApp};
use fantoccini::Locator;
use std::path::PathBuf;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_refusal_first_password_change_tender_and_logout() {
    let profile = tempfile::tempdir().expect("profile dir");
    let Some(app) = TestApp::start(Backend::Sqlite).await else {
        return;
    };
    let Some((_driver, client)) = browser(profile.path()).await else {
        app.stop().await;
        return;
    };
    let password = tenderdesk::ensure_admin(&app.state.store)
        .await
        .expect("admin")
        .expect("password");
    let (tender_id, _) = tenderdesk::demo::load(&app.state.store)
        .await
        .expect("demo");

    // A stranger lands on the login page.
    client.goto(&app.url("/")).await.expect("goto");
    assert!(path_of(&client).await.starts_with("/login"));
    shot(&client, "01-login").await;

    // A wrong password is refused, without saying which part was wrong.
    fill(&client, "name", "admin").await;
    fill(&client, "password", "not the password").await;
    click(&client, Locator::Id("submit")).await;
    let error = text_of(&client, Locator::Id("error")).await;
    assert!(
        error.contains("Identifiant ou mot de passe incorrect"),
        "{error}"
    );
    shot(&client, "02-wrong-password").await;

    // The printed one-time password works once, and must be replaced at once.
    fill(&client, "name", "admin").await;
    fill(&client, "password", &password).await;
    click(&client, Locator::Id("submit")).await;
    client
        .wait()
        .for_element(Locator::Id("must-change"))
        .await
        .expect("must change notice");
    assert_eq!(path_of(&client).await, "/account/password");
    fill(&client, "current", &password).await;
    fill(&client, "new", "une phrase de passe assez longue").await;
    click(&client, Locator::Id("save")).await;
    let table = client
        .wait()
        .for_element(Locator::Id("tenders"))
        .await
        .expect("dashboard");
    let listed = table.text().await.expect("text");
    assert!(
        listed.contains("Infogérance et maintenance du parc informatique"),
        "{listed}"
    );
    assert!(listed.contains("2026-INF-014"), "{listed}");
    shot(&client, "03-dashboard").await;

    // The tender page puts the deadline and the criteria first.
    client
        .goto(&app.url(&format!("/tenders/{tender_id}")))
        .await
        .expect("goto");
    let criteria = text_of(&client, Locator::Id("criteria")).await;
    assert!(
        criteria.contains("Valeur technique") && criteria.contains("20 %"),
        "{criteria}"
    );
    let deadline = client
        .find(Locator::Css(".fact.deadline"))
        .await
        .expect("deadline")
        .text()
        .await
        .expect("text");
    assert!(deadline.contains("15/03/2027 12:00"), "{deadline}");
    shot(&client, "04-tender").await;

    // Upload two pieces through the page (the script sends them, the page reloads with them).
    let dce = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/dce");
    let files = format!(
        "{}\n{}",
        dce.join("CCAP.docx").display(),
        dce.join("DPGF.xlsx").display()
    );
    client
        .find(Locator::Id("files"))
        .await
        .expect("file input")
        .send_keys(&files)
        .await
        .expect("choose files");
    click(&client, Locator::Id("upload-submit")).await;
    let table = client
        .wait()
        .for_element(Locator::Id("documents"))
        .await
        .expect("pieces listed");
    let listed = table.text().await.expect("text");
    assert!(
        listed.contains("CCAP.docx") && listed.contains("DPGF.xlsx"),
        "{listed}"
    );
    assert!(
        listed.contains("formula without cached value"),
        "the problem is shown: {listed}"
    );
    client
        .execute("document.getElementById('upload').scrollIntoView()", vec![])
        .await
        .expect("scroll");
    shot(&client, "05-pieces").await;
    click(&client, Locator::LinkText("CCAP.docx")).await;
    let page = text_of(&client, Locator::Id("page-text")).await;
    assert!(page.contains("ARTICLE 1"), "{page}");
    shot(&client, "06-piece-text").await;

    // A whole DCE, read: key facts first with their sources, then the requirements.
    let dce_zip = std::fs::read(dce.join("DCE.zip")).expect("DCE.zip");
    let pieces =
        tenderdesk::ingest::read_upload("DCE.zip", dce_zip, &tenderdesk::ingest::Limits::default())
            .expect("read");
    let read_tender = app
        .state
        .store
        .create_tender(&tenderdesk::model::NewTender {
            title: "DCE complet".into(),
            ..Default::default()
        })
        .await
        .expect("tender");
    app.state
        .store
        .store_pieces(read_tender, &pieces, &app.state.files)
        .await
        .expect("store");
    client
        .goto(&app.url(&format!("/tenders/{read_tender}")))
        .await
        .expect("goto");
    let facts = text_of(&client, Locator::Id("facts")).await;
    assert!(
        facts.contains("15/03/2027 12:00") && facts.contains("30 jours"),
        "{facts}"
    );
    let criteria = client
        .find(Locator::Id("criteria"))
        .await
        .expect("criteria")
        .text()
        .await
        .expect("text");
    assert!(
        criteria.contains("20 %"),
        "criteria from the RC: {criteria}"
    );
    client
        .execute("document.getElementById('facts').scrollIntoView()", vec![])
        .await
        .expect("scroll");
    shot(&client, "07-dce-facts").await;
    click(&client, Locator::Id("requirements-link")).await;
    let count = text_of(&client, Locator::Id("req-count")).await;
    assert!(
        count
            .split_whitespace()
            .next()
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0)
            > 100,
        "{count}"
    );
    shot(&client, "08-requirements").await;

    // Logout ends the session: the dashboard is closed again.
    click(&client, Locator::Id("logout")).await;
    let notice = text_of(&client, Locator::Id("notice")).await;
    assert!(notice.contains("déconnecté"), "{notice}");
    shot(&client, "09-logged-out").await;
    client.goto(&app.url("/")).await.expect("goto");
    assert!(path_of(&client).await.starts_with("/login"));

    client.close().await.expect("close browser");
    app.stop().await;
}
