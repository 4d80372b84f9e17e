//! The requirements list of a tender (the start of the compliance matrix): filter, edit,
//! merge, add, from the API and the browser, on SQLite and PostgreSQL; and a piece's kind
//! corrected by hand.

mod common;

use common::{Backend, TestApp};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tenderdesk::model::Role;

both_backends!(
    requirements_are_filtered_edited_merged_and_added,
    a_piece_kind_is_corrected_by_hand
);

async fn requirements_are_filtered_edited_merged_and_added(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, tid) = app.manager_with_tender("T").await;
    let c = reqwest::Client::new();
    let base = app.url(&format!("/api/v1/tenders/{tid}/requirements"));
    let mut ids = Vec::new();
    for (text, strength, category) in [
        (
            "Le titulaire doit assurer une astreinte 24h/24.",
            "mandatory",
            "delivery",
        ),
        (
            "Une certification ISO 27001 est souhaitée.",
            "desirable",
            "security",
        ),
        (
            "Le titulaire fournit un plan de réversibilité.",
            "mandatory",
            "technical",
        ),
    ] {
        let r = c.post(&base).bearer_auth(&token).json(&json!({"reference": "5.2", "text": text, "strength": strength, "category": category})).send().await.expect("add");
        assert_eq!(r.status(), StatusCode::CREATED);
        ids.push(
            r.json::<Value>().await.expect("json")["id"]
                .as_i64()
                .expect("id"),
        );
    }
    let bad = c
        .post(&base)
        .bearer_auth(&token)
        .json(&json!({"text": "x", "strength": "mandatory", "category": "cooking"}))
        .send()
        .await
        .expect("add");
    assert_eq!(
        bad.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown category refused"
    );
    let empty = c
        .post(&base)
        .bearer_auth(&token)
        .json(&json!({"text": "  ", "strength": "mandatory", "category": "technical"}))
        .send()
        .await
        .expect("add");
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let mandatory: Value = c
        .get(format!("{base}?strength=mandatory"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    assert_eq!(mandatory.as_array().map(Vec::len), Some(2));
    let security: Value = c
        .get(format!("{base}?category=security"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    assert_eq!(
        security[0]["text"],
        "Une certification ISO 27001 est souhaitée."
    );
    let wrong = c
        .get(format!("{base}?category=nope"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("list");
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let edited: Value = c
        .patch(app.url(&format!("/api/v1/requirements/{}", ids[1])))
        .bearer_auth(&token)
        .json(&json!({"text": "Une certification ISO 27001 est exigée.", "strength": "mandatory", "category": "security"}))
        .send()
        .await
        .expect("edit")
        .json()
        .await
        .expect("json");
    assert_eq!(edited["strength"], "mandatory");

    let merged: Value = c
        .post(format!("{base}/merge"))
        .bearer_auth(&token)
        .json(&json!({"ids": [ids[0], ids[2]]}))
        .send()
        .await
        .expect("merge")
        .json()
        .await
        .expect("json");
    assert_eq!(merged["id"], ids[0]);
    assert_eq!(
        merged["text"],
        "Le titulaire doit assurer une astreinte 24h/24. Le titulaire fournit un plan de réversibilité."
    );
    let all: Value = c
        .get(&base)
        .bearer_auth(&token)
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    assert_eq!(all.as_array().map(Vec::len), Some(2));
    let lonely = c
        .post(format!("{base}/merge"))
        .bearer_auth(&token)
        .json(&json!({"ids": [ids[0]]}))
        .send()
        .await
        .expect("merge");
    assert_eq!(lonely.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The browser page lists them, and its forms work with their CSRF token.
    let (browser, csrf) = app.login("claire").await;
    let html = browser
        .get(app.url(&format!("/tenders/{tid}/requirements?category=security")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        html.contains("ISO 27001 est exigée") && !html.contains("astreinte"),
        "filtered"
    );
    let added = browser
        .post(app.url(&format!("/tenders/{tid}/requirements")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("reference", "7"),
            ("text", "Le titulaire désigne un chef de projet."),
            ("strength", "mandatory"),
            ("category", "staffing"),
        ])
        .send()
        .await
        .expect("add");
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    let all: Value = c
        .get(&base)
        .bearer_auth(&token)
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    assert_eq!(all.as_array().map(Vec::len), Some(3));
    let remaining: Vec<String> = all
        .as_array()
        .map(|a| a.iter().map(|r| r["id"].to_string()).collect())
        .unwrap_or_default();
    let merge_form = format!("csrf={csrf}&ids={}&ids={}", remaining[0], remaining[1]);
    let merged = browser
        .post(app.url(&format!("/tenders/{tid}/requirements/merge")))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(merge_form)
        .send()
        .await
        .expect("merge");
    assert_eq!(merged.status(), StatusCode::SEE_OTHER);
    let all: Value = c
        .get(&base)
        .bearer_auth(&token)
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    assert_eq!(all.as_array().map(Vec::len), Some(2));

    let viewer = app.user("victor", Role::Viewer).await;
    let vt = app.token(&viewer).await;
    let refused = c
        .post(&base)
        .bearer_auth(&vt)
        .json(&json!({"text": "x", "strength": "mandatory", "category": "technical"}))
        .send()
        .await
        .expect("add");
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let read = c.get(&base).bearer_auth(&vt).send().await.expect("list");
    assert_eq!(read.status(), StatusCode::OK);
    app.stop().await;
}

async fn a_piece_kind_is_corrected_by_hand(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, tid) = app.manager_with_tender("T").await;
    let c = reqwest::Client::new();
    let form = reqwest::multipart::Form::new().part(
        "files",
        reqwest::multipart::Part::bytes(b"Quelques notes sans titre.".to_vec())
            .file_name("notes.txt"),
    );
    let report: Value = c
        .post(app.url(&format!("/api/v1/tenders/{tid}/documents")))
        .bearer_auth(&token)
        .multipart(form)
        .send()
        .await
        .expect("upload")
        .json()
        .await
        .expect("json");
    let doc = report["documents"][0]["id"].as_i64().expect("doc");
    assert_eq!(report["documents"][0]["kind"], "AUTRE");
    let (browser, csrf) = app.login("claire").await;
    let resp = browser
        .post(app.url(&format!("/documents/{doc}/kind")))
        .form(&[("csrf", csrf.as_str()), ("kind", "CCTP")])
        .send()
        .await
        .expect("correct");
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let view: Value = c
        .get(app.url(&format!("/api/v1/documents/{doc}")))
        .bearer_auth(&token)
        .send()
        .await
        .expect("doc")
        .json()
        .await
        .expect("json");
    assert_eq!(view["kind"], "CCTP");
    let bad = browser
        .post(app.url(&format!("/documents/{doc}/kind")))
        .form(&[("csrf", csrf.as_str()), ("kind", "XYZ")])
        .send()
        .await
        .expect("correct");
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.stop().await;
}
