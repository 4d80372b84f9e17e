//! The answer library against a real server, on SQLite and PostgreSQL: blocks created, edited,
//! flagged when expired or soon expiring, deleted; images attached and served; a block
//! inserted into a section in one click; the best blocks suggested with the words they share.

mod common;

use chrono::{Duration, Utc};
use common::{Backend, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tenderdesk::model::Role;

both_backends!(
    blocks_are_created_flagged_and_deleted,
    a_block_is_inserted_and_suggested_with_reasons
);

async fn create(app: &TestApp, token: &str, body: Value) -> Value {
    let r = app
        .send_json(Method::POST, token, "/api/v1/library", &body)
        .await;
    assert_eq!(r.0, StatusCode::CREATED);
    r.1.clone()
}

/// Posts a file to a block's images from a signed-in browser, the way the page's form does.
async fn upload_image(
    app: &TestApp,
    browser: &reqwest::Client,
    csrf: &str,
    block: &Value,
    name: &str,
    bytes: Vec<u8>,
) -> StatusCode {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
    );
    browser
        .post(app.url(&format!("/library/{}/images?csrf={csrf}", block["id"])))
        .multipart(form)
        .send()
        .await
        .expect("upload")
        .status()
}

async fn blocks_are_created_flagged_and_deleted(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, _) = app.manager_with_tender("x").await;
    let today = Utc::now().date_naive();
    let expired = create(
        &app,
        &token,
        json!({"title": "Certificat ISO 9001", "body_md": "Certifiés depuis 2010.",
        "tags": "QSE, Qualité, qse", "expires": (today - Duration::days(3)).to_string()}),
    )
    .await;
    assert_eq!(
        expired["tags"], "qse, qualité",
        "tags lower case, no duplicates"
    );
    let soon = create(
        &app,
        &token,
        json!({"title": "Attestation d'assurance", "body_md": "RC pro.",
        "expires": (today + Duration::days(20)).to_string(), "last_reviewed": today.to_string()}),
    )
    .await;
    let fine = create(
        &app,
        &token,
        json!({"title": "Présentation", "body_md": "Société créée en 1998."}),
    )
    .await;

    assert_eq!(
        app.get_json(&token, &format!("/api/v1/library/{}", expired["id"]))
            .await["expiry"],
        "expired"
    );
    assert_eq!(
        app.get_json(&token, &format!("/api/v1/library/{}", soon["id"]))
            .await["expiry"],
        "soon"
    );
    assert_eq!(
        app.get_json(&token, &format!("/api/v1/library/{}", fine["id"]))
            .await["expiry"],
        ""
    );

    // The page flags them red and orange.
    let (browser, csrf) = app.login("claire").await;
    let html = browser
        .get(app.url("/library"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        html.contains(&format!(
            "id=\"b{}\" class=\"expiry-expired\"",
            expired["id"]
        )),
        "{html}"
    );
    assert!(html.contains(&format!("id=\"b{}\" class=\"expiry-soon\"", soon["id"])));

    // Edit, bad input, delete.
    let r = app.send_json(Method::PATCH, &token, &format!("/api/v1/library/{}", fine["id"]), &json!({"title": "Présentation de la société", "body_md": "Créée en 1998, 250 salariés."})).await;
    assert_eq!(r.0, StatusCode::OK);
    assert_eq!(r.1["title"], "Présentation de la société");
    let r = app
        .send_json(
            Method::POST,
            &token,
            "/api/v1/library",
            &json!({"title": "   "}),
        )
        .await;
    assert_eq!(r.0, StatusCode::UNPROCESSABLE_ENTITY);

    // An image: stored, served, refused when not an image.
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDRfake".to_vec();
    let status = upload_image(&app, &browser, &csrf, &fine, "logo.png", png.clone()).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let block = app
        .get_json(&token, &format!("/api/v1/library/{}", fine["id"]))
        .await;
    let address = block["images"][0]["address"]
        .as_str()
        .expect("address")
        .to_string();
    let served = browser.get(app.url(&address)).send().await.expect("image");
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.bytes().await.expect("bytes").to_vec(), png);
    let status = upload_image(
        &app,
        &browser,
        &csrf,
        &fine,
        "x.svg",
        b"<svg onload=x>".to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // A viewer reads but cannot write.
    let viewer = app.user("vera", Role::Viewer).await;
    let vtoken = app.token(&viewer).await;
    let r = app
        .send_json(
            Method::POST,
            &vtoken,
            "/api/v1/library",
            &json!({"title": "x"}),
        )
        .await;
    assert_eq!(r.0, StatusCode::FORBIDDEN);
    let r = app
        .send_json(Method::GET, &vtoken, "/api/v1/library", &Value::Null)
        .await;
    assert_eq!(r.1.as_array().map_or(0, Vec::len), 3);

    let r = app
        .send_json(
            Method::DELETE,
            &token,
            &format!("/api/v1/library/{}", soon["id"]),
            &Value::Null,
        )
        .await;
    assert_eq!(r.0, StatusCode::NO_CONTENT);
    let r = app
        .send_json(
            Method::GET,
            &token,
            &format!("/api/v1/library/{}", soon["id"]),
            &Value::Null,
        )
        .await;
    assert_eq!(r.0, StatusCode::NOT_FOUND);
    app.stop().await;
}

async fn a_block_is_inserted_and_suggested_with_reasons(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, tid) = app.manager_with_tender("Hébergement").await;
    let c = reqwest::Client::new();
    create(&app, &token, json!({"title": "Présentation de la société", "body_md": "Créée en 1998, 250 salariés, trois agences.", "tags": "présentation"})).await;
    let rev = create(&app, &token, json!({"title": "Plan de réversibilité", "body_md": "En fin de contrat, la reversibilite des donnees est garantie : export complet, formats ouverts.", "tags": "réversibilité, données"})).await;
    create(&app, &token, json!({"title": "Sécurité ISO 27001", "body_md": "Notre SMSI est certifié ISO 27001 depuis 2019.", "tags": "sécurité"})).await;

    let r = app.send_json(Method::POST, &token, &format!("/api/v1/tenders/{tid}/requirements"), &json!({"reference": "7.3", "text": "Le titulaire garantit la réversibilité des données en fin de marché.", "strength": "mandatory", "category": "technical"})).await;
    let req = r.1;
    let s: Vec<Value> = c
        .get(app.url(&format!("/api/v1/requirements/{}/suggestions", req["id"])))
        .bearer_auth(&token)
        .send()
        .await
        .expect("suggestions")
        .json()
        .await
        .expect("json");
    assert_eq!(s[0]["block_id"], rev["id"], "{s:?}");
    let shared: Vec<&str> = s[0]["shared"]
        .as_array()
        .expect("shared")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        shared
            .iter()
            .any(|w| w.contains("réversibilité") || w.contains("reversibilite")),
        "{shared:?}"
    );
    assert!(shared.iter().any(|w| w.starts_with("donn")), "{shared:?}");
    assert!(s.len() <= 3);

    // A section about the same subject gets the same block first, and inserts it in one click.
    let r = app
        .send_json(
            Method::POST,
            &token,
            &format!("/api/v1/tenders/{tid}/sections"),
            &json!({"title": "Réversibilité et restitution des données"}),
        )
        .await;
    let section = r.1;
    let sid = section["id"].as_i64().expect("id");
    let s: Vec<Value> = c
        .get(app.url(&format!("/api/v1/sections/{sid}/suggestions")))
        .bearer_auth(&token)
        .send()
        .await
        .expect("suggestions")
        .json()
        .await
        .expect("json");
    assert_eq!(s[0]["block_id"], rev["id"]);

    let (browser, csrf) = app.login("claire").await;
    let page = browser
        .get(app.url(&format!("/response/sections/{sid}")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        page.contains(&format!("id=\"insert-{}\"", rev["id"])),
        "insert button shown"
    );
    let r = browser
        .post(app.url(&format!("/response/sections/{sid}/insert")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("version", "1"),
            ("block_id", &rev["id"].to_string()),
        ])
        .send()
        .await
        .expect("insert");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let after: Value = app
        .get_json(&token, &format!("/api/v1/sections/{sid}"))
        .await;
    assert!(
        after["body_md"]
            .as_str()
            .unwrap_or("")
            .contains("export complet, formats ouverts")
    );
    assert_eq!(after["version"], 2);
    // Inserting again from the stale page (version 1) is refused, not silently overwritten.
    let r = app
        .send_json(
            Method::POST,
            &token,
            &format!("/api/v1/sections/{sid}/insert"),
            &json!({"block_id": rev["id"], "version": 1}),
        )
        .await;
    assert_eq!(r.0, StatusCode::CONFLICT);
    app.stop().await;
}
