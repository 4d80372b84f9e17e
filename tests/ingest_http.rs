//! Uploading a tender's pieces through the API, on SQLite and PostgreSQL: every piece kept,
//! each refusal with its status, and nothing half-stored after a failure.

mod common;

use common::{Backend, TestApp};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::Value;
use tenderdesk::model::Role;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/dce")
            .join(name),
    )
    .expect("fixture")
}

fn form(files: &[(&str, Vec<u8>)]) -> Form {
    files.iter().fold(Form::new(), |f, (name, bytes)| {
        f.part(
            "files",
            Part::bytes(bytes.clone()).file_name(name.to_string()),
        )
    })
}

fn stored_files(app: &TestApp) -> usize {
    walk(&app.dir.path().join("files"))
}

fn walk(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| {
                    if e.path().is_dir() {
                        walk(&e.path())
                    } else {
                        1
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

both_backends!(
    several_files_are_stored_and_given_back_byte_for_byte,
    refused_uploads_store_nothing,
    a_bad_piece_in_a_zip_is_reported_and_the_others_kept,
    only_bid_managers_upload,
);

async fn several_files_are_stored_and_given_back_byte_for_byte(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, tender) = app.manager_with_tender("Infogérance").await;
    let client = reqwest::Client::new();
    let docx = fixture("CCAP.docx");
    let resp = client
        .post(app.url(&format!("/api/v1/tenders/{tender}/documents")))
        .bearer_auth(&token)
        .multipart(form(&[
            ("CCAP.docx", docx.clone()),
            ("DPGF.xlsx", fixture("DPGF.xlsx")),
            ("RC.md", fixture("RC.md")),
        ]))
        .send()
        .await
        .expect("upload");
    assert_eq!(resp.status(), StatusCode::CREATED);
    let report: Value = resp.json().await.expect("json");
    assert_eq!(report["files"], 3);
    let docs = report["documents"].as_array().cloned().unwrap_or_default();
    assert_eq!(docs.len(), 3);
    let by_name = |n: &str| {
        docs.iter()
            .find(|d| d["name"] == n)
            .cloned()
            .unwrap_or(Value::Null)
    };
    assert_eq!(by_name("CCAP.docx")["kind"], "CCAP");
    assert_eq!(by_name("DPGF.xlsx")["kind"], "DPGF");
    assert!(
        by_name("DPGF.xlsx")["problem"]
            .as_str()
            .unwrap_or("")
            .contains("formula without cached value")
    );
    assert_eq!(by_name("RC.md")["kind"], "RC");

    let id = by_name("CCAP.docx")["id"].as_i64().expect("id");
    let original = client
        .get(app.url(&format!("/api/v1/documents/{id}/original")))
        .bearer_auth(&token)
        .send()
        .await
        .expect("get");
    assert_eq!(original.status(), StatusCode::OK);
    assert!(
        original.headers()["content-disposition"]
            .to_str()
            .unwrap_or("")
            .contains("CCAP.docx")
    );
    assert_eq!(
        original.bytes().await.expect("bytes").to_vec(),
        docx,
        "byte for byte"
    );
    let page: Value = client
        .get(app.url(&format!("/api/v1/documents/{id}/pages/1")))
        .bearer_auth(&token)
        .send()
        .await
        .expect("page")
        .json()
        .await
        .expect("json");
    assert!(
        page["text"].as_str().unwrap_or("").contains("# ARTICLE 1"),
        "{page}"
    );
    let sheet_doc = by_name("DPGF.xlsx")["id"].as_i64().expect("id");
    let view: Value = client
        .get(app.url(&format!("/api/v1/documents/{sheet_doc}")))
        .bearer_auth(&token)
        .send()
        .await
        .expect("doc")
        .json()
        .await
        .expect("json");
    assert_eq!(view["sheets"][0]["name"], "DPGF");
    assert_eq!(view["sheets"][0]["header_row"], 3);

    let list: Value = client
        .get(app.url(&format!("/api/v1/tenders/{tender}/documents")))
        .bearer_auth(&token)
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    assert_eq!(list.as_array().map(Vec::len), Some(3));
    // The same file again is stored once on disk.
    let before = stored_files(&app);
    let again = client
        .post(app.url(&format!("/api/v1/tenders/{tender}/documents")))
        .bearer_auth(&token)
        .multipart(form(&[("copie.docx", docx)]))
        .send()
        .await
        .expect("upload");
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(stored_files(&app), before);

    let (browser, _) = app.login("claire").await;
    let html = browser
        .get(app.url(&format!("/tenders/{tender}")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        html.contains("CCAP.docx") && html.contains("formula without cached value"),
        "the tender page lists pieces"
    );
    let viewer = browser
        .get(app.url(&format!("/documents/{id}")))
        .send()
        .await
        .expect("doc page");
    assert_eq!(viewer.status(), StatusCode::OK);
    assert!(viewer.text().await.expect("html").contains("ARTICLE 1"));
    app.stop().await;
}

async fn refused_uploads_store_nothing(backend: Backend) {
    let Some(app) = TestApp::start_with(backend, |c| c.upload_limit = 200_000).await else {
        return;
    };
    let (token, tender) = app.manager_with_tender("Infogérance").await;
    let client = reqwest::Client::new();
    let url = app.url(&format!("/api/v1/tenders/{tender}/documents"));
    type Case<'a> = (Vec<(&'a str, Vec<u8>)>, StatusCode, &'a str);
    let cases: Vec<Case<'_>> = vec![
        (
            vec![
                ("RC.md", fixture("RC.md")),
                ("photo.bin", vec![0, 1, 2, 3, 0, 0, 159]),
            ],
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "photo.bin",
        ),
        (
            vec![
                ("RC.md", fixture("RC.md")),
                ("cassé.docx", fixture("CCTP.docx")[..20_000].to_vec()),
            ],
            StatusCode::UNPROCESSABLE_ENTITY,
            "cassé.docx",
        ),
        (
            vec![("gros.txt", vec![b'a'; 300_000])],
            StatusCode::PAYLOAD_TOO_LARGE,
            "",
        ),
    ];
    for (files, status, named) in cases {
        let resp = client
            .post(&url)
            .bearer_auth(&token)
            .multipart(form(&files))
            .send()
            .await
            .expect("upload");
        assert_eq!(resp.status(), status, "{named}");
        let body: Value = resp.json().await.expect("json error");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap_or("")
                .contains(named),
            "{body}"
        );
    }
    let none = client
        .post(&url)
        .bearer_auth(&token)
        .multipart(Form::new().text("note", "rien"))
        .send()
        .await
        .expect("upload");
    assert_eq!(none.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        app.state
            .store
            .documents(tender)
            .await
            .expect("docs")
            .is_empty(),
        "no row half-stored"
    );
    assert_eq!(stored_files(&app), 0, "no file half-stored");
    let missing = client
        .post(app.url("/api/v1/tenders/999/documents"))
        .bearer_auth(&token)
        .multipart(form(&[("RC.md", fixture("RC.md"))]))
        .send()
        .await
        .expect("upload");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    app.stop().await;
}

async fn a_bad_piece_in_a_zip_is_reported_and_the_others_kept(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, tender) = app.manager_with_tender("Infogérance").await;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, data) in [
        ("DCE/RC.md", fixture("RC.md")),
        ("DCE/abime.docx", fixture("CCTP.docx")[..5_000].to_vec()),
    ] {
        w.start_file(name, opts).expect("entry");
        std::io::Write::write_all(&mut w, &data).expect("write");
    }
    let zip = w.finish().expect("zip").into_inner();
    let resp = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/tenders/{tender}/documents")))
        .bearer_auth(&token)
        .multipart(form(&[("dce.zip", zip)]))
        .send()
        .await
        .expect("upload");
    assert_eq!(resp.status(), StatusCode::CREATED);
    let report: Value = resp.json().await.expect("json");
    let docs = report["documents"].as_array().cloned().unwrap_or_default();
    assert_eq!(docs.len(), 2);
    let bad = docs
        .iter()
        .find(|d| d["name"] == "dce/DCE/abime.docx")
        .expect("bad piece listed");
    assert!(
        bad["problem"].as_str().unwrap_or("").contains("corrupt"),
        "{bad}"
    );
    let good = docs
        .iter()
        .find(|d| d["name"] == "dce/DCE/RC.md")
        .expect("good piece");
    assert!(good["problem"].is_null());
    assert_eq!(good["kind"], "RC");
    app.stop().await;
}

async fn only_bid_managers_upload(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (_, tender) = app.manager_with_tender("Infogérance").await;
    let viewer = app.user("victor", Role::Contributor).await;
    let token = app.token(&viewer).await;
    let resp = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/tenders/{tender}/documents")))
        .bearer_auth(&token)
        .multipart(form(&[("RC.md", fixture("RC.md"))]))
        .send()
        .await
        .expect("upload");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    // A browser form without its CSRF token is refused too.
    let (browser, _) = app.login("claire").await;
    let resp = browser
        .post(app.url(&format!("/tenders/{tender}/documents")))
        .multipart(form(&[("RC.md", fixture("RC.md"))]))
        .send()
        .await
        .expect("upload");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    assert!(
        app.state
            .store
            .documents(tender)
            .await
            .expect("docs")
            .is_empty()
    );
    app.stop().await;
}
