//! The index follows what the server writes, on SQLite and PostgreSQL: an uploaded piece is
//! searchable as soon as the upload answers, edits and deletions show at the next search, and
//! a rebuild gives back everything.

mod common;
mod search_support;

use common::{Backend, TestApp};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use search_support::{add_requirement, fixture, requirement_ids, search};
use serde_json::json;

both_backends!(
    an_uploaded_piece_is_searchable_at_once_and_links_to_its_page,
    edits_and_deletions_show_at_the_next_search,
    the_command_line_reindex_rebuilds_everything,
);

async fn an_uploaded_piece_is_searchable_at_once_and_links_to_its_page(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, tender) = app.manager_with_tender("Infogérance").await;
    let resp = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/tenders/{tender}/documents")))
        .bearer_auth(&token)
        .multipart(
            Form::new()
                .part(
                    "files",
                    Part::bytes(fixture("CCTP.md")).file_name("CCTP.md"),
                )
                .part(
                    "files",
                    Part::bytes(fixture("CCAP.md")).file_name("CCAP.md"),
                ),
        )
        .send()
        .await
        .expect("upload");
    assert_eq!(resp.status(), StatusCode::CREATED);
    let found = search(&app, &token, &[("q", "réversibilité"), ("kind", "page")]).await;
    assert!(found["total"].as_u64().unwrap_or(0) >= 1, "{found}");
    let url = found["hits"][0]["url"].as_str().expect("url");
    assert!(
        url.starts_with("/documents/") && url.contains("?page="),
        "{url}"
    );
    assert_eq!(found["hits"][0]["tender"], "Infogérance");
    let penalties = search(
        &app,
        &token,
        &[("q", "\"pénalités de retard\""), ("doc_kind", "ccap")],
    )
    .await;
    assert!(penalties["total"].as_u64().unwrap_or(0) >= 1, "{penalties}");
    for h in penalties["hits"].as_array().expect("hits") {
        assert_ne!(h["kind"], "tender");
    }
    let sections = search(&app, &token, &[("q", "réversibilité"), ("kind", "section")]).await;
    assert!(sections["total"].as_u64().unwrap_or(0) >= 1, "{sections}");
    let piece_kinds = found["facets"]["doc_kind"].as_array().expect("doc kinds");
    assert!(piece_kinds.iter().any(|v| v["value"] == "CCTP"), "{found}");
}

async fn edits_and_deletions_show_at_the_next_search(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, tender) = app.manager_with_tender("Infogérance").await;
    let a = add_requirement(&app, &token, tender, "Astreinte téléphonique le samedi.").await;
    let b = add_requirement(&app, &token, tender, "Astreinte sur site le dimanche.").await;
    assert_eq!(requirement_ids(&app, &token, "astreinte").await, vec![a, b]);
    let client = reqwest::Client::new();
    let resp = client
        .patch(app.url(&format!("/api/v1/requirements/{a}")))
        .bearer_auth(&token)
        .json(&json!({"text": "Permanence téléphonique le samedi.", "strength": "mandatory", "category": "technical"}))
        .send()
        .await
        .expect("edit");
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(requirement_ids(&app, &token, "astreinte").await, vec![b]);
    assert_eq!(requirement_ids(&app, &token, "permanence").await, vec![a]);
    // Merging deletes the second requirement.
    let resp = client
        .post(app.url(&format!("/api/v1/tenders/{tender}/requirements/merge")))
        .bearer_auth(&token)
        .json(&json!({"ids": [a, b]}))
        .send()
        .await
        .expect("merge");
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(requirement_ids(&app, &token, "dimanche").await, vec![a]);
    // Rows written behind the server's back (another program, another node) show too.
    app.state
        .store
        .add_requirement(
            tender,
            "",
            "Clause de confidentialité renforcée.",
            tenderdesk::model::Strength::Mandatory,
            tenderdesk::model::Category::Security,
        )
        .await
        .expect("add");
    assert_eq!(
        requirement_ids(&app, &token, "confidentialité").await.len(),
        1
    );
}

async fn the_command_line_reindex_rebuilds_everything(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, tender) = app.manager_with_tender("Infogérance").await;
    let a = add_requirement(
        &app,
        &token,
        tender,
        "Reprise des données en fin de marché.",
    )
    .await;
    let n = tenderdesk::search::sync::rebuild(&app.state.search, &app.state.store)
        .await
        .expect("rebuild");
    assert!(n >= 2, "tender and requirement: {n}");
    assert_eq!(
        requirement_ids(&app, &token, "reprise données").await,
        vec![a]
    );
}
