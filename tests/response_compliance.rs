//! The compliance matrix against a real server, on SQLite and PostgreSQL: coverage, uncovered
//! mandatory requirements first, edits from the page and the API, the XLSX export read back.

mod common;

use calamine::{Reader, Xlsx};
use common::{Backend, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

both_backends!(the_matrix_counts_orders_and_exports);

async fn the_matrix_counts_orders_and_exports(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, tid) = app.manager_with_tender("Infogérance").await;
    let c = reqwest::Client::new();
    let mut ids = Vec::new();
    for (reference, text, strength) in [
        (
            "2.1",
            "Une certification ISO 27001 est souhaitée.",
            "desirable",
        ),
        (
            "3.1",
            "Le titulaire assure une astreinte 24h/24.",
            "mandatory",
        ),
        (
            "3.2",
            "Le titulaire fournit un plan de réversibilité | export.",
            "mandatory",
        ),
        (
            "3.3",
            "Le titulaire désigne un chef de projet.",
            "mandatory",
        ),
    ] {
        let r = app.send_json(Method::POST, &token, &format!("/api/v1/tenders/{tid}/requirements"), &json!({"reference": reference, "text": text, "strength": strength, "category": "technical"})).await;
        ids.push(r.1["id"].as_i64().expect("id"));
    }
    let section: Value = app
        .send_json(
            Method::POST,
            &token,
            &format!("/api/v1/tenders/{tid}/sections"),
            &json!({"title": "Organisation"}),
        )
        .await
        .1;
    let sid = section["id"].as_i64().expect("id");

    // 3.1 answered through the API, 3.3 does not apply (via the page's form).
    let r = app.send_json(Method::PATCH, &token, &format!("/api/v1/requirements/{}/compliance", ids[1]), &json!({"compliance": "conforme", "answer_section_id": sid, "comment": "Astreinte assurée par l'agence d'Orléans."})).await;
    assert_eq!(r.0, StatusCode::OK);
    let (browser, csrf) = app.login("claire").await;
    let r = browser
        .post(app.url(&format!("/requirements/{}/compliance", ids[3])))
        .form(&[
            ("csrf", csrf.as_str()),
            ("compliance", "sans_objet"),
            ("answer_section_id", ""),
            ("comment", ""),
        ])
        .send()
        .await
        .expect("form");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // "Conforme" without a section is a position, not yet coverage.
    c.patch(app.url(&format!("/api/v1/requirements/{}/compliance", ids[0])))
        .bearer_auth(&token)
        .json(&json!({"compliance": "conforme"}))
        .send()
        .await
        .expect("patch");

    let m: Value = app
        .get_json(&token, &format!("/api/v1/tenders/{tid}/compliance"))
        .await;
    assert_eq!(
        (
            m["total"].as_i64(),
            m["covered"].as_i64(),
            m["percent"].as_i64()
        ),
        (Some(4), Some(2), Some(50))
    );
    assert_eq!(m["uncovered_mandatory"], 1);
    let order: Vec<&str> = m["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .filter_map(|l| l["requirement"]["reference"].as_str())
        .collect();
    assert_eq!(
        order,
        ["3.2", "2.1", "3.1", "3.3"],
        "uncovered mandatory first, then uncovered, then covered"
    );
    assert_eq!(m["lines"][2]["section"], "Organisation");

    // A section of another tender cannot answer.
    let (_, other) = (
        0,
        c.post(app.url("/api/v1/tenders"))
            .bearer_auth(&token)
            .json(&json!({"title": "autre"}))
            .send()
            .await
            .expect("tender")
            .json::<Value>()
            .await
            .expect("json"),
    );
    let foreign: Value = app
        .send_json(
            Method::POST,
            &token,
            &format!("/api/v1/tenders/{}/sections", other["id"]),
            &json!({"title": "Ailleurs"}),
        )
        .await
        .1;
    let r = app
        .send_json(
            Method::PATCH,
            &token,
            &format!("/api/v1/requirements/{}/compliance", ids[2]),
            &json!({"compliance": "conforme", "answer_section_id": foreign["id"]}),
        )
        .await;
    assert_eq!(r.0, StatusCode::UNPROCESSABLE_ENTITY);

    // The page shows the coverage and lists the uncovered mandatory requirement first.
    let html = browser
        .get(app.url(&format!("/tenders/{tid}/compliance")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(html.contains("<strong>50 %</strong>"), "{html}");
    let first = html.find(&format!("id=\"r{}\"", ids[2])).expect("3.2");
    let last = html.find(&format!("id=\"r{}\"", ids[3])).expect("3.3");
    assert!(first < last);

    // XLSX, read back.
    let r = browser
        .get(app.url(&format!("/tenders/{tid}/compliance.xlsx")))
        .send()
        .await
        .expect("xlsx");
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.expect("bytes").to_vec();
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("xlsx opens");
    let sheet = wb.worksheet_range("Matrice de conformité").expect("sheet");
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0][1], "Exigence");
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[1][0], "3.2");
    assert!(rows[1][1].contains("réversibilité | export"));
    assert_eq!(rows[3][3], "Conforme");
    assert_eq!(rows[3][4], "Organisation");
    assert_eq!(rows[3][5], "Astreinte assurée par l'agence d'Orléans.");
    app.stop().await;
}
