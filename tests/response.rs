//! The response workspace against a real server, on SQLite and PostgreSQL: the outline from
//! the award criteria and from the buyer's cadre de réponse (regenerating keeps written text),
//! concurrent edits (the second save gets 409 with both texts), the sanitized preview, the
//! Word document and who may write.

mod common;

use common::{Backend, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tenderdesk::model::Role;
use tenderdesk::store::TenderImport;

both_backends!(
    outline_follows_the_criteria_and_keeps_written_text,
    outline_follows_the_cadre_de_reponse,
    a_stale_save_is_refused_with_both_texts,
    preview_escapes_raw_html,
    the_word_document_downloads_with_its_headings,
    viewers_and_unassigned_contributors_cannot_write
);

/// A tender with a criteria tree (price included), loaded the way a notice loads one.
async fn tender_with_criteria(app: &TestApp) -> i64 {
    let imp: TenderImport = serde_json::from_value(json!({
        "source_key": "test:criteria",
        "title": "Infogérance du parc",
        "reference": "2026-INF-014",
        "buyer": {"name": "Communauté d'agglomération du Val de Loire", "typology": "collectivite"},
        "lots": [{"number": 1, "title": "Infogérance du poste de travail"}],
        "criteria": [
            {"name": "Prix", "weight": 40, "is_price": true},
            {"name": "Valeur technique", "weight": 60, "children": [
                {"name": "Méthodologie", "weight": 30},
                {"name": "Moyens humains", "weight": 20},
                {"name": "Planning", "weight": 10}
            ]}
        ]
    }))
    .expect("import json");
    app.state.store.import_tender(&imp).await.expect("import").0
}

async fn sections(app: &TestApp, token: &str, tid: i64) -> Vec<Value> {
    let list = app
        .get_json(token, &format!("/api/v1/tenders/{tid}/sections"))
        .await;
    list.as_array().cloned().unwrap_or_default()
}

async fn generate(app: &TestApp, token: &str, tid: i64) -> Value {
    let (status, report) = app
        .send_json(
            Method::POST,
            token,
            &format!("/api/v1/tenders/{tid}/outline"),
            &Value::Null,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    report
}

fn titles(list: &[Value]) -> Vec<String> {
    list.iter()
        .map(|s| {
            format!(
                "{} {}",
                s["reference"].as_str().unwrap_or(""),
                s["title"].as_str().unwrap_or("")
            )
        })
        .collect()
}

async fn save(
    app: &TestApp,
    token: &str,
    id: i64,
    body: &str,
    version: i64,
) -> (StatusCode, Value) {
    let edit = json!({"body_md": body, "version": version});
    app.send_json(Method::PUT, token, &format!("/api/v1/sections/{id}"), &edit)
        .await
}

async fn outline_follows_the_criteria_and_keeps_written_text(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, _) = app.manager_with_tender("other").await;
    let tid = tender_with_criteria(&app).await;
    let report = generate(&app, &token, tid).await;
    assert_eq!(report["from"], "criteria");
    assert_eq!(report["created"], 4);
    let list = sections(&app, &token, tid).await;
    assert_eq!(
        titles(&list),
        [
            "1 Valeur technique",
            "1.1 Méthodologie",
            "1.2 Moyens humains",
            "1.3 Planning"
        ],
        "one chapter per criterion and sub-criterion, in the buyer's order, price left out"
    );
    assert_eq!(
        list[1]["weight"], "30\u{a0}%",
        "the weight is shown to writers"
    );
    assert_eq!(list[1]["parent_id"], list[0]["id"]);

    let method = list[1]["id"].as_i64().expect("id");
    let r = save(&app, &token, method, "Notre méthode **éprouvée**.", 1).await;
    assert_eq!(r.0, StatusCode::OK);
    let saved = r.1;
    assert_eq!(saved["version"], 2);
    assert_eq!(saved["status"], "brouillon", "a first save makes a draft");

    // A hand-made section and a regeneration: nothing written is lost, nothing duplicated.
    let r = app
        .send_json(
            Method::POST,
            &token,
            &format!("/api/v1/tenders/{tid}/sections"),
            &json!({"title": "Annexe : CV"}),
        )
        .await;
    assert_eq!(r.0, StatusCode::CREATED);
    let report = generate(&app, &token, tid).await;
    assert_eq!(
        (report["created"].as_i64(), report["updated"].as_i64()),
        (Some(0), Some(4))
    );
    let again = sections(&app, &token, tid).await;
    assert_eq!(again.len(), 5);
    let m = again.iter().find(|s| s["id"] == method).expect("kept");
    assert_eq!(m["body_md"], "Notre méthode **éprouvée**.");

    // The workspace page shows the outline with weights.
    let (browser, _) = app.login("claire").await;
    let html = browser
        .get(app.url(&format!("/tenders/{tid}/response")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        html.contains("Méthodologie") && html.contains("30\u{a0}%"),
        "{html}"
    );
    assert!(html.contains(&format!("/tenders/{tid}/response.docx")));
    app.stop().await;
}

async fn outline_follows_the_cadre_de_reponse(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, tid) = app.manager_with_tender("Infogérance").await;
    app.upload_fixture(&token, tid, "cadre-de-reponse.md").await;
    let docs = app
        .get_json(&token, &format!("/api/v1/tenders/{tid}/documents"))
        .await;
    assert_eq!(docs[0]["kind"], "CADRE", "{docs}");

    let report = generate(&app, &token, tid).await;
    assert_eq!(report["from"], "cadre");
    let list = sections(&app, &token, tid).await;
    let t = titles(&list);
    assert!(
        t.iter()
            .any(|x| x.starts_with("1.1 Organisation du centre de services")),
        "{t:?}"
    );
    assert!(
        !t.iter().any(|x| x.contains("CONSIGNES")),
        "instructions are not a chapter: {t:?}"
    );
    let q1 = list
        .iter()
        .find(|s| s["reference"] == "Q1")
        .expect("Q1 is a section");
    let org = list
        .iter()
        .find(|s| {
            s["title"]
                .as_str()
                .is_some_and(|x| x.starts_with("Organisation du centre"))
        })
        .expect("1.1");
    assert_eq!(
        q1["parent_id"], org["id"],
        "a question sits under its heading"
    );
    assert_eq!(q1["source"], "question");
    assert!(q1["prompt"].as_str().unwrap_or("").contains("escalade"));
    let pos = |r: &str| t.iter().position(|x| x.starts_with(r)).expect(r);
    assert!(
        pos("1.1") < pos("Q1") && pos("Q2") < pos("1.2") && pos("Q12") < pos("4"),
        "{t:?}"
    );
    let annexes = list
        .iter()
        .find(|s| s["reference"] == "4")
        .expect("4. annexes");
    assert!(
        annexes["prompt"]
            .as_str()
            .unwrap_or("")
            .contains("curriculum vitae"),
        "the instructions become the prompt"
    );

    // Written text survives a regeneration.
    let q1_id = q1["id"].as_i64().expect("id");
    assert_eq!(
        save(&app, &token, q1_id, "Un centre de services à Orléans.", 1)
            .await
            .0,
        StatusCode::OK
    );
    let report = generate(&app, &token, tid).await;
    assert_eq!(report["created"], 0);
    let again = sections(&app, &token, tid).await;
    assert_eq!(again.len(), list.len());
    let q1 = again.iter().find(|s| s["id"] == q1_id).expect("kept");
    assert_eq!(q1["body_md"], "Un centre de services à Orléans.");
    app.stop().await;
}

async fn a_stale_save_is_refused_with_both_texts(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, _) = app.manager_with_tender("x").await;
    let tid = tender_with_criteria(&app).await;
    generate(&app, &token, tid).await;
    let id = sections(&app, &token, tid).await[1]["id"]
        .as_i64()
        .expect("id");

    // Two writers opened version 1; the first saves, the second is refused.
    assert_eq!(
        save(&app, &token, id, "Texte d'Alice.", 1).await.0,
        StatusCode::OK
    );
    let r = save(&app, &token, id, "Texte de Bruno.", 1).await;
    assert_eq!(r.0, StatusCode::CONFLICT);
    let body = r.1;
    assert_eq!(body["error"]["code"], "conflict");
    assert_eq!(body["theirs"]["body_md"], "Texte d'Alice.");
    assert_eq!(body["yours"], "Texte de Bruno.");
    let now: Value = app
        .get_json(&token, &format!("/api/v1/sections/{id}"))
        .await;
    assert_eq!(
        now["body_md"], "Texte d'Alice.",
        "the refused save wrote nothing"
    );

    // The same through the browser form: a 409 page with both texts side by side.
    let (browser, csrf) = app.login("claire").await;
    let r = browser
        .post(app.url(&format!("/response/sections/{id}")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("version", "1"),
            ("body_md", "Texte de Bruno <b>!</b>"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let html = r.text().await.expect("html");
    assert!(html.contains("Texte d&#39;Alice."), "theirs shown: {html}");
    assert!(
        html.contains("Texte de Bruno &#60;b&#62;!&#60;/b&#62;"),
        "yours kept, escaped: {html}"
    );
    // Saving again from the conflict page (based on the version now current) goes through.
    let version = common::hidden_field(&html, "version").expect("version");
    let r = browser
        .post(app.url(&format!("/response/sections/{id}")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("version", version.as_str()),
            ("body_md", "Fusion des deux."),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    app.stop().await;
}

async fn preview_escapes_raw_html(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, _) = app.manager_with_tender("x").await;
    let r = app.send_json(Method::POST, &token, "/api/v1/preview", &json!({"markdown": "# Titre\n\n<script>alert('x')</script>\n\n[lien](javascript:alert(1)) **gras**"})).await;
    assert_eq!(r.0, StatusCode::OK);
    let v = r.1;
    let html = v["html"].as_str().expect("html");
    assert!(!html.contains("<script"), "{html}");
    assert!(
        html.contains("&lt;script&gt;"),
        "raw HTML shown as text: {html}"
    );
    assert!(!html.contains("javascript:"), "{html}");
    assert!(html.contains("<h1>Titre</h1>") && html.contains("<strong>gras</strong>"));
    assert_eq!(v["words"], 4);

    // From a browser session the CSRF header is required.
    let (browser, csrf) = app.login("claire").await;
    let no_token = preview_from(&app, &browser, None).await;
    assert_eq!(no_token, StatusCode::FORBIDDEN);
    let with_token = preview_from(&app, &browser, Some(&csrf)).await;
    assert_eq!(with_token, StatusCode::OK);
    app.stop().await;
}

/// A preview asked from a signed-in browser, with or without the CSRF header; the status.
async fn preview_from(app: &TestApp, browser: &reqwest::Client, csrf: Option<&str>) -> StatusCode {
    let mut req = browser.post(app.url("/api/v1/preview"));
    if let Some(token) = csrf {
        req = req.header("X-CSRF-Token", token);
    }
    req.json(&json!({"markdown": "x"}))
        .send()
        .await
        .expect("preview")
        .status()
}

async fn the_word_document_downloads_with_its_headings(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, _) = app.manager_with_tender("x").await;
    let tid = tender_with_criteria(&app).await;
    generate(&app, &token, tid).await;
    let list = sections(&app, &token, tid).await;
    let id = list[1]["id"].as_i64().expect("id");
    save(
        &app,
        &token,
        id,
        "Notre **méthode** en trois temps :\n\n1. écouter\n2. agir",
        1,
    )
    .await;
    let r = app.send_json(Method::POST, &token, &format!("/api/v1/tenders/{tid}/requirements"), &json!({"reference": "5.1", "text": "Le titulaire assure une astreinte.", "strength": "mandatory", "category": "delivery"})).await;
    assert_eq!(r.0, StatusCode::CREATED);

    let r = reqwest::Client::new()
        .get(app.url(&format!("/tenders/{tid}/response.docx")))
        .bearer_auth(&token)
        .send()
        .await
        .expect("docx");
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap_or("")
            .contains("wordprocessingml")
    );
    let bytes = r.bytes().await.expect("bytes").to_vec();
    let xml = common::docx_xml(&bytes);
    for text in [
        "Valeur technique",
        "Méthodologie",
        "Moyens humains",
        "écouter",
        "astreinte",
    ] {
        assert!(xml.contains(text), "{text} in the document");
    }
    assert!(
        !xml.contains("30\u{a0}%"),
        "weights never reach the document"
    );
    app.stop().await;
}

async fn viewers_and_unassigned_contributors_cannot_write(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, _) = app.manager_with_tender("x").await;
    let tid = tender_with_criteria(&app).await;
    generate(&app, &token, tid).await;
    let id = sections(&app, &token, tid).await[1]["id"]
        .as_i64()
        .expect("id");
    let viewer = app.user("vera", Role::Viewer).await;
    let vtoken = app.token(&viewer).await;
    assert_eq!(
        save(&app, &vtoken, id, "x", 1).await.0,
        StatusCode::FORBIDDEN
    );
    let r = app
        .send_json(
            Method::POST,
            &vtoken,
            &format!("/api/v1/tenders/{tid}/outline"),
            &Value::Null,
        )
        .await;
    assert_eq!(r.0, StatusCode::FORBIDDEN);
    // A viewer reads.
    let r = app
        .send_json(
            Method::GET,
            &vtoken,
            &format!("/api/v1/sections/{id}"),
            &Value::Null,
        )
        .await;
    assert_eq!(r.0, StatusCode::OK);

    let paul = app.user("paul", Role::Contributor).await;
    let ptoken = app.token(&paul).await;
    assert_eq!(
        save(&app, &ptoken, id, "x", 1).await.0,
        StatusCode::FORBIDDEN,
        "not assigned to him"
    );
    let r = app.send_json(Method::POST, &token, &format!("/api/v1/sections/{id}/meta"), &json!({"assignee_id": paul.id, "due": "2026-12-01", "status": "brouillon", "page_limit": 3})).await;
    assert_eq!(r.0, StatusCode::OK);
    let s = r.1;
    assert_eq!(
        (s["assignee_id"].as_i64(), s["page_limit"].as_i64()),
        (Some(paul.id), Some(3))
    );
    assert_eq!(
        save(&app, &ptoken, id, "Texte de Paul.", 1).await.0,
        StatusCode::OK,
        "assigned: he writes"
    );
    let r = app.send_json(Method::POST, &ptoken, &format!("/api/v1/sections/{id}/meta"), &json!({"assignee_id": null, "due": "2026-12-01", "status": "en_relecture", "page_limit": 3})).await;
    assert_eq!(
        r.0,
        StatusCode::FORBIDDEN,
        "a contributor does not reassign"
    );
    app.stop().await;
}
