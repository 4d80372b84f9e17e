//! Search and per-tender access through the real server, on SQLite and PostgreSQL: a
//! restricted tender is invisible to contributors who are not members, in search, pages and API.

mod common;
mod search_support;

use common::{Backend, TestApp};
use reqwest::StatusCode;
use search_support::{add_requirement, search};
use serde_json::{Value, json};
use tenderdesk::model::Role;

both_backends!(restricted_tenders_are_invisible_to_non_members,);

async fn restricted_tenders_are_invisible_to_non_members(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, tender) = app.manager_with_tender("Défense nationale").await;
    add_requirement(
        &app,
        &token,
        tender,
        "Habilitation confidentiel défense requise.",
    )
    .await;
    let bob = app.user("bob", Role::Contributor).await;
    let bob_token = app.token(&bob).await;
    assert_eq!(
        search(&app, &bob_token, &[("q", "habilitation")]).await["total"],
        1
    );
    let client = reqwest::Client::new();
    let resp = client
        .put(app.url(&format!("/api/v1/tenders/{tender}/members")))
        .bearer_auth(&bob_token)
        .json(&json!({"restricted": true, "members": [bob.id]}))
        .send()
        .await
        .expect("put");
    assert_eq!(
        resp.status(),
        StatusCode::FORBIDDEN,
        "a contributor sets no access"
    );
    let resp = client
        .put(app.url(&format!("/api/v1/tenders/{tender}/members")))
        .bearer_auth(&token)
        .json(&json!({"restricted": true, "members": []}))
        .send()
        .await
        .expect("put");
    assert_eq!(resp.status(), StatusCode::OK);
    let hidden = search(&app, &bob_token, &[("q", "habilitation")]).await;
    assert_eq!(hidden["total"], 0, "{hidden}");
    assert_eq!(
        search(&app, &bob_token, &[("q", "défense")]).await["total"],
        0
    );
    let by_tender = search(
        &app,
        &bob_token,
        &[("q", ""), ("tender", &tender.to_string())],
    )
    .await;
    assert_eq!(by_tender["total"], 0);
    assert!(
        by_tender["facets"]["tender"]
            .as_array()
            .expect("facet")
            .is_empty()
    );
    for path in [
        format!("/api/v1/tenders/{tender}"),
        format!("/api/v1/tenders/{tender}/requirements"),
        format!("/api/v1/tenders/{tender}/documents"),
    ] {
        let resp = client
            .get(app.url(&path))
            .bearer_auth(&bob_token)
            .send()
            .await
            .expect("get");
        assert_eq!(resp.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let list: Value = client
        .get(app.url("/api/v1/tenders"))
        .bearer_auth(&bob_token)
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    assert!(list.as_array().expect("list").is_empty());
    let (browser, _) = app.login("bob").await;
    let page = browser
        .get(app.url(&format!("/tenders/{tender}")))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    let html = browser
        .get(app.url("/search?q=habilitation"))
        .send()
        .await
        .expect("search page")
        .text()
        .await
        .expect("body");
    assert!(!html.contains("Défense nationale"));
    // The manager still reads it; a member reads it again.
    assert_eq!(
        search(&app, &token, &[("q", "habilitation")]).await["total"],
        1
    );
    let resp = client
        .put(app.url(&format!("/api/v1/tenders/{tender}/members")))
        .bearer_auth(&token)
        .json(&json!({"restricted": true, "members": [bob.id]}))
        .send()
        .await
        .expect("put");
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(
        search(&app, &bob_token, &[("q", "habilitation")]).await["total"],
        1
    );
    let page = browser
        .get(app.url(&format!("/tenders/{tender}")))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), StatusCode::OK);
}
