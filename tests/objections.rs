//! The objection grid: seeding from the risky clauses of the fixture CCAP (and none from the
//! harmless one), import rules (nothing stored on a bad row), priority ordering, export and
//! re-import, the internal brief, the page and its permissions, and the CLI; on SQLite and
//! PostgreSQL.

mod common;

use std::collections::BTreeSet;
use std::io::Read;

use common::{Backend, TestApp};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tenderdesk::model::{BuyingRole, Role};

both_backends!(
    the_risky_ccap_seeds_one_objection_per_risky_clause_once,
    the_harmless_ccap_seeds_nothing,
    the_cctp_response_times_are_an_objection,
    import_refuses_a_bad_row_and_stores_nothing,
    export_reimports_and_the_brief_is_internal,
    the_page_shows_the_heat_map_and_guards_writes
);

async fn post(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("post")
}

const RISKY: [&str; 7] = [
    "avance",
    "assurance.rc",
    "penalites.montants",
    "penalites.plafond",
    "prix.revision",
    "resiliation.indemnite",
    "retenue.garantie",
];

async fn the_risky_ccap_seeds_one_objection_per_risky_clause_once(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, tid) = app.manager_with_tender("Infogérance").await;
    app.upload_fixture(&token, tid, "CCAP.md").await;
    let found = app
        .get_json(
            &token,
            &format!("/api/v1/tenders/{tid}/objections/suggestions"),
        )
        .await;
    let list = found["suggestions"].as_array().cloned().unwrap_or_default();
    let keys: BTreeSet<&str> = list.iter().filter_map(|s| s["key"].as_str()).collect();
    assert_eq!(
        keys,
        RISKY.into_iter().collect::<BTreeSet<_>>(),
        "{found:#}"
    );
    for s in &list {
        assert!(
            !s["quote"].as_str().unwrap_or("").is_empty(),
            "each suggestion quotes its source: {s}"
        );
        assert!(
            s["clause"]
                .as_str()
                .unwrap_or("")
                .starts_with("CCAP.md, p. "),
            "{s}"
        );
    }
    let penalties = list
        .iter()
        .find(|s| s["key"] == "penalites.montants")
        .expect("penalties");
    let text = penalties["text"].as_str().unwrap_or("");
    // P = V × R / 1000 at the largest lot's 300 000 € HT a year: 300 € a day.
    assert!(text.contains("300,00\u{a0}€ par jour"), "{text}");
    assert!(
        text.contains("500,00\u{a0}€ par jour calendaire de retard"),
        "{text}"
    );
    let uncapped = list
        .iter()
        .find(|s| s["key"] == "penalites.plafond")
        .expect("cap");
    assert!(
        uncapped["quote"]
            .as_str()
            .unwrap_or("")
            .contains("ne sont pas plafonnées")
    );

    let r = post(
        &app,
        &token,
        &format!("/api/v1/tenders/{tid}/objections/seed"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let added: Value = r.json().await.expect("json");
    assert_eq!(added["added"]["objections"], 7);
    assert!(
        added["added"]["clauses"].as_u64().unwrap_or(0) >= 5,
        "{added}"
    );
    let again: Value = post(
        &app,
        &token,
        &format!("/api/v1/tenders/{tid}/objections/seed"),
    )
    .await
    .json()
    .await
    .expect("json");
    assert_eq!(
        again["added"]["objections"], 0,
        "seeding twice adds nothing"
    );
    assert_eq!(again["added"]["clauses"], 0);

    let grid = app
        .get_json(&token, &format!("/api/v1/tenders/{tid}/objections"))
        .await;
    let rows = grid["objections"].as_array().cloned().unwrap_or_default();
    assert_eq!(rows.len(), 7);
    let order: Vec<(i64, i64)> = rows
        .iter()
        .map(|o| {
            (
                o["priority"].as_i64().unwrap_or(0),
                o["likelihood"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    let mut sorted = order.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(order, sorted, "highest priority first, then likelihood");
    assert_eq!(
        rows[0]["seed_key"], "penalites.plafond",
        "uncapped penalties (4×5) lead"
    );
    app.stop().await;
}

async fn the_harmless_ccap_seeds_nothing(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, tid) = app.manager_with_tender("Infogérance").await;
    app.upload_fixture(&token, tid, "CCAP-sans-risque.md").await;
    let found = app
        .get_json(
            &token,
            &format!("/api/v1/tenders/{tid}/objections/suggestions"),
        )
        .await;
    assert_eq!(found["suggestions"], json!([]), "{found:#}");
    let r: Value = post(
        &app,
        &token,
        &format!("/api/v1/tenders/{tid}/objections/seed"),
    )
    .await
    .json()
    .await
    .expect("json");
    assert_eq!(r["added"]["objections"], 0);
    app.stop().await;
}

async fn the_cctp_response_times_are_an_objection(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, tid) = app.manager_with_tender("Infogérance").await;
    app.upload_fixture(&token, tid, "CCTP.md").await;
    let found = app
        .get_json(
            &token,
            &format!("/api/v1/tenders/{tid}/objections/suggestions"),
        )
        .await;
    let list = found["suggestions"].as_array().cloned().unwrap_or_default();
    let short = list
        .iter()
        .find(|s| s["key"] == "delais.courts")
        .expect("short delays");
    assert!(
        short["text"].as_str().unwrap_or("").contains("4 heures"),
        "{short}"
    );
    assert!(
        short["quote"].as_str().unwrap_or("").contains("P1"),
        "{short}"
    );
    assert!(
        short["clause"]
            .as_str()
            .unwrap_or("")
            .starts_with("CCTP.md")
    );
    app.stop().await;
}

const HEADER: &str = "Objection;Interlocuteur;Catégorie;Probabilité;Impact;Réponse;Preuve;Clause";

async fn import(
    app: &TestApp,
    token: &str,
    tid: i64,
    name: &str,
    body: Vec<u8>,
    replace: bool,
) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url(&format!(
            "/api/v1/tenders/{tid}/objections/import?name={name}&replace={replace}"
        )))
        .bearer_auth(token)
        .body(body)
        .send()
        .await
        .expect("import")
}

async fn import_refuses_a_bad_row_and_stores_nothing(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, tid) = app.manager_with_tender("T").await;
    let good = [
        HEADER,
        "Votre prix est trop élevé;Acheteur;Prix;4;4;Coût complet sur 4 ans;Étude TCO;CCAP 3",
        "Pas de référence comparable;Décideur (Mme Roux);Références;2;5;Trois références;Attestations;",
        "Délai de démarrage irréaliste;Utilisateurs;Délai;5;4;Planning détaillé;;",
    ]
    .join("\n");
    let r = import(
        &app,
        &token,
        tid,
        "grille.csv",
        good.clone().into_bytes(),
        false,
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let grid = app
        .get_json(&token, &format!("/api/v1/tenders/{tid}/objections"))
        .await;
    let texts: Vec<&str> = grid["objections"]
        .as_array()
        .map(|a| a.iter().filter_map(|o| o["text"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        texts,
        [
            "Délai de démarrage irréaliste",
            "Votre prix est trop élevé",
            "Pas de référence comparable"
        ],
        "20, 16, 10"
    );
    let people = app.state.store.stakeholders(tid).await.expect("people");
    assert!(
        people
            .iter()
            .any(|p| p.name == "Mme Roux" && p.role == BuyingRole::Decider),
        "the person named joins the stakeholder map"
    );

    for (line, cell) in [
        ("Trop cher;Stagiaire;Prix;3;3", "ligne 3"),
        ("Trop cher;Acheteur;Prix;6;3", "D3"),
        ("Trop cher;Acheteur;Prix;3;0", "E3"),
        ("Trop cher;Acheteur;Météo;3;3", "C3"),
    ] {
        let body = format!("{HEADER}\nBon;Acheteur;Prix;1;1\n{line}");
        let r = import(&app, &token, tid, "grille.csv", body.into_bytes(), true).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{line}");
        let err: Value = r.json().await.expect("json");
        let message = err["error"]["message"].as_str().unwrap_or("");
        assert!(message.contains(cell), "{line}: {message}");
    }
    let after = app
        .get_json(&token, &format!("/api/v1/tenders/{tid}/objections"))
        .await;
    assert_eq!(
        after["objections"].as_array().map(Vec::len),
        Some(3),
        "nothing imported, nothing replaced"
    );

    let viewer = app.user("victor", Role::Viewer).await;
    let vt = app.token(&viewer).await;
    let r = import(&app, &vt, tid, "grille.csv", good.into_bytes(), false).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "a viewer cannot import");
    app.stop().await;
}

fn zip_text(bytes: &[u8], entry: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut text = String::new();
    archive
        .by_name(entry)
        .expect(entry)
        .read_to_string(&mut text)
        .expect("read");
    text
}

async fn export_reimports_and_the_brief_is_internal(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, tid) = app.manager_with_tender("T").await;
    let c = reqwest::Client::new();
    let r = c
        .post(app.url(&format!("/api/v1/tenders/{tid}/objections")))
        .bearer_auth(&token)
        .json(&json!({"text": "Pénalités trop lourdes | à revoir", "role": "acheteur", "category": "clauses", "likelihood": 3, "impact": 5, "answer": "Plafond à 10 %"}))
        .send()
        .await
        .expect("add");
    assert_eq!(r.status(), StatusCode::CREATED);
    let bad = c
        .post(app.url(&format!("/api/v1/tenders/{tid}/objections")))
        .bearer_auth(&token)
        .json(&json!({"text": "x", "role": "acheteur", "category": "prix", "likelihood": 0, "impact": 5}))
        .send()
        .await
        .expect("add");
    assert_eq!(
        bad.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "likelihood 0 refused"
    );
    let xlsx = c
        .get(app.url(&format!("/tenders/{tid}/objections.xlsx")))
        .bearer_auth(&token)
        .send()
        .await
        .expect("export");
    assert_eq!(xlsx.status(), StatusCode::OK);
    let bytes = xlsx.bytes().await.expect("bytes").to_vec();
    let sheet = zip_text(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<f>D2*E2</f>"), "priority is a live formula");
    let rows = tenderdesk::objections::import_rows("export.xlsx", &bytes)
        .expect("the export imports back");
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].likelihood, rows[0].impact, rows[0].priority()),
        (3, 5, 15)
    );
    assert_eq!(rows[0].text, "Pénalités trop lourdes | à revoir");

    let brief = c
        .get(app.url(&format!("/tenders/{tid}/objections/brief.docx")))
        .bearer_auth(&token)
        .send()
        .await
        .expect("brief");
    assert_eq!(brief.status(), StatusCode::OK);
    let doc = zip_text(&brief.bytes().await.expect("bytes"), "word/document.xml");
    assert!(
        doc.contains("Ne pas joindre"),
        "the brief says it is internal"
    );
    assert!(doc.contains("Plafond à 10"));
    app.stop().await;
}

async fn the_page_shows_the_heat_map_and_guards_writes(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, tid) = app.manager_with_tender("T").await;
    for (l, i) in [(4, 5), (4, 5), (1, 1)] {
        let r = reqwest::Client::new()
            .post(app.url(&format!("/api/v1/tenders/{tid}/objections")))
            .bearer_auth(&token)
            .json(&json!({"text": format!("o{l}{i}"), "role": "decideur", "category": "risque", "likelihood": l, "impact": i}))
            .send()
            .await
            .expect("add");
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    app.user("paul", Role::Contributor).await;
    let (client, csrf) = app.login("paul").await;
    let html = client
        .get(app.url(&format!("/tenders/{tid}/objections")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        html.contains(r#"class="sev-critical filled" data-l="4" data-i="5""#),
        "the 4×5 cell is filled"
    );
    assert!(
        html.contains(r#"?l=4&amp;i=5" title="#) && html.contains(">2</a>"),
        "and counts two"
    );
    let filtered = client
        .get(app.url(&format!("/tenders/{tid}/objections?role=acheteur")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        filtered.contains("Aucune objection pour l"),
        "no buyer objection"
    );

    let form = [
        ("csrf", csrf.as_str()),
        ("text", "Trop cher"),
        ("role", "acheteur"),
        ("category", "prix"),
        ("likelihood", "2"),
        ("impact", "2"),
        ("stakeholder_id", ""),
        ("proof_block_id", ""),
    ];
    let r = client
        .post(app.url(&format!("/tenders/{tid}/objections")))
        .form(&form)
        .send()
        .await
        .expect("add");
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "a contributor adds an objection"
    );
    let no_csrf = client
        .post(app.url(&format!("/tenders/{tid}/objections")))
        .form(&form[1..])
        .send()
        .await
        .expect("add");
    assert_eq!(no_csrf.status(), StatusCode::FORBIDDEN, "CSRF required");

    app.user("vera", Role::Viewer).await;
    let (viewer, vcsrf) = app.login("vera").await;
    let mut vform = form.to_vec();
    vform[0] = ("csrf", vcsrf.as_str());
    let r = viewer
        .post(app.url(&format!("/tenders/{tid}/objections")))
        .form(&vform)
        .send()
        .await
        .expect("add");
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "a viewer cannot write");
    let grid = app
        .get_json(&token, &format!("/api/v1/tenders/{tid}/objections"))
        .await;
    assert_eq!(grid["objections"].as_array().map(Vec::len), Some(4));

    // Restricted to its members, the tender's grid is hidden from the others.
    let r = reqwest::Client::new()
        .put(app.url(&format!("/api/v1/tenders/{tid}/members")))
        .bearer_auth(&token)
        .json(&json!({"restricted": true, "members": []}))
        .send()
        .await
        .expect("restrict");
    assert!(r.status().is_success(), "{}", r.status());
    let hidden = client
        .get(app.url(&format!("/tenders/{tid}/objections")))
        .send()
        .await
        .expect("page");
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
    let r = client
        .post(app.url(&format!("/tenders/{tid}/objections")))
        .form(&form)
        .send()
        .await
        .expect("add");
    assert_eq!(
        r.status(),
        StatusCode::NOT_FOUND,
        "nor can a non-member write to it"
    );
    app.stop().await;
}

#[test]
fn the_cli_prints_the_rows_by_priority_then_likelihood() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("grille.csv");
    let rows = [
        HEADER,
        "A;Acheteur;Prix;2;5;;;",
        "B;Prescripteur;Technique;5;2;;;",
        "C;Conseiller;RSE;3;3;;;",
        "D;Utilisateur;Délai;4;4;;;",
    ];
    std::fs::write(&file, rows.join("\n")).expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tenderdesk"))
        .args(["grid", "objections", "--json"])
        .arg(&file)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed: Value = serde_json::from_slice(&out.stdout).expect("json");
    let order: Vec<(&str, i64)> = printed
        .as_array()
        .map(|a| {
            a.iter()
                .map(|r| {
                    (
                        r["text"].as_str().unwrap_or(""),
                        r["priority"].as_i64().unwrap_or(0),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(order, [("D", 16), ("B", 10), ("A", 10), ("C", 9)]);

    std::fs::write(&file, [HEADER, "A;Acheteur;Prix;2;7;;;"].join("\n")).expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tenderdesk"))
        .args(["grid", "objections", "--json"])
        .arg(&file)
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("E2"),
        "the error names the cell"
    );
}
