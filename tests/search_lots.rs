//! Lots in search, on SQLite and PostgreSQL: the lot each section and requirement of a CCTP
//! concerns, read from its headings and sentences; the lot filter (a lot and what is common
//! to every lot) and its facet; a piece's lot named in its file name and corrected by hand.

mod common;
mod search_support;

use common::{Backend, TestApp};
use reqwest::{Method, StatusCode};
use search_support::search;
use serde_json::{Value, json};

both_backends!(the_lot_filter_keeps_a_lot_and_what_is_common);

fn hits(found: &Value) -> &Vec<Value> {
    found["hits"].as_array().expect("hits")
}

/// The lot of the first hit of `q` among requirements.
async fn lot_of(app: &TestApp, token: &str, q: &str) -> Value {
    let found = search(app, token, &[("q", q), ("kind", "requirement")]).await;
    assert!(!hits(&found).is_empty(), "{q}: no hit");
    found["hits"][0]["lot"].clone()
}

async fn upload_text(app: &TestApp, token: &str, tender: i64, name: &str, text: &str) -> i64 {
    let body = app
        .upload(token, tender, name, text.as_bytes().to_vec())
        .await;
    body["documents"][0]["id"].as_i64().expect("document id")
}

async fn the_lot_filter_keeps_a_lot_and_what_is_common(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, tender) = app.manager_with_tender("Infogérance et hébergement").await;
    app.upload_fixture(&token, tender, "CCTP.md").await;

    // Article 5 is lot 1, article 6 lot 2, article 4 common; a sentence naming lot 2 in a
    // common article is lot 2.
    assert_eq!(
        lot_of(&app, &token, "techniciens proximité présence").await,
        1
    );
    assert_eq!(lot_of(&app, &token, "Tier Uptime").await, 2);
    assert_eq!(lot_of(&app, &token, "hygiène").await, Value::Null);
    let requirements = app
        .get_json(&token, &format!("/api/v1/tenders/{tender}/requirements"))
        .await;
    let lots: Vec<Value> = requirements
        .as_array()
        .expect("requirements")
        .iter()
        .map(|r| r["lot"].clone())
        .collect();
    assert!(lots.contains(&json!(1)) && lots.contains(&json!(2)) && lots.contains(&Value::Null));

    // lot=2: lot 2 and what is common, never lot 1.
    let all = search(
        &app,
        &token,
        &[("q", "titulaire"), ("kind", "requirement,section")],
    )
    .await;
    let lot2 = search(
        &app,
        &token,
        &[
            ("q", "titulaire"),
            ("kind", "requirement,section"),
            ("lot", "2"),
        ],
    )
    .await;
    let lots_of =
        |found: &Value| -> Vec<Value> { hits(found).iter().map(|h| h["lot"].clone()).collect() };
    assert!(!lots_of(&lot2).contains(&json!(1)), "{lot2}");
    assert!(lots_of(&lot2).contains(&json!(2)), "{lot2}");
    assert!(lots_of(&lot2).contains(&Value::Null), "{lot2}");
    assert!(lot2["total"].as_u64() < all["total"].as_u64());
    let common = search(&app, &token, &[("q", "titulaire"), ("lot", "commun")]).await;
    assert!(lots_of(&common).iter().all(Value::is_null), "{common}");
    // The facet counts each lot apart, and what is common.
    let facet: Vec<(String, u64)> = all["facets"]["lot"]
        .as_array()
        .expect("lot facet")
        .iter()
        .map(|v| {
            (
                v["value"].as_str().unwrap_or("").to_string(),
                v["count"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let count = |v: &str| facet.iter().find(|(k, _)| k == v).map(|(_, n)| *n);
    assert!(count("1") > Some(0) && count("2") > Some(0) && count("commun") > Some(0));
    assert_eq!(
        count("1").unwrap_or(0) + count("2").unwrap_or(0) + count("commun").unwrap_or(0),
        all["total"].as_u64().unwrap_or(0)
    );
    let bad = reqwest::Client::new()
        .get(app.url("/api/v1/search?q=x&lot=lot9"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("search");
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // A piece named for lot 2 is lot 2 with everything in it; a correction shows at the
    // next search.
    let annex = upload_text(
        &app,
        &token,
        tender,
        "Annexe_Lot2.md",
        "# Annexe technique\n\nLe titulaire doit fournir un rapport de capacité mensuel.\n",
    )
    .await;
    assert_eq!(lot_of(&app, &token, "rapport capacité").await, 2);
    let (status, doc) = app
        .send_json(
            Method::PATCH,
            &token,
            &format!("/api/v1/documents/{annex}"),
            &json!({"lot": null}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{doc}");
    assert_eq!(doc["lot"], Value::Null);
    assert_eq!(lot_of(&app, &token, "rapport capacité").await, Value::Null);
    let (status, _) = app
        .send_json(
            Method::PATCH,
            &token,
            &format!("/api/v1/documents/{annex}"),
            &json!({"lot": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(lot_of(&app, &token, "rapport capacité").await, 1);
    let (status, _) = app
        .send_json(
            Method::PATCH,
            &token,
            &format!("/api/v1/documents/{annex}"),
            &json!({"kind": "CCAP", "lot": 999}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // Refused whole: the kind sent with the bad lot is not kept either.
    let piece = app
        .get_json(&token, &format!("/api/v1/documents/{annex}"))
        .await;
    assert_ne!(piece["kind"], "CCAP", "{piece}");
    assert_eq!(piece["lot"], 1, "{piece}");
    let viewer = app.user("victor", tenderdesk::model::Role::Viewer).await;
    let viewer = app.token(&viewer).await;
    let (status, _) = app
        .send_json(
            Method::PATCH,
            &viewer,
            &format!("/api/v1/documents/{annex}"),
            &json!({"lot": 2}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The piece's page says its lot and offers the correction.
    let (browser, _) = app.login("claire").await;
    let html = browser
        .get(app.url(&format!("/documents/{annex}")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("body");
    assert!(html.contains("id=\"doc-lot\""), "lot shown");
    assert!(html.contains("name=\"lot\""), "lot corrected in the form");
    let page = browser
        .get(app.url("/search?q=titulaire&lot=2"))
        .send()
        .await
        .expect("search page")
        .text()
        .await
        .expect("body");
    assert!(page.contains("id=\"facet-lot\""), "lot facet on the page");
}
