//! The pipeline against a real server, on SQLite and PostgreSQL: dashboard order (overdue,
//! this week first), paging and counts, board, stage change by form (CSRF, viewer refused),
//! go / no-go scored as computed by hand, the IPO / IPA matrix.

mod common;
mod pipeline_support;

use common::{Backend, TestApp};
use pipeline_support::{json_get, tender, tender_worth};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tenderdesk::model::{Role, Stage};

both_backends!(
    dashboard_orders_pages_and_counts,
    stage_changes_need_a_manager_and_csrf,
    gonogo_scores_and_places_on_the_matrix
);

async fn dashboard_orders_pages_and_counts(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, first) = app.manager_with_tender("Sans date").await;
    tender(&app, "Plus tard", Some(30), Stage::Writing).await;
    tender(&app, "Cette semaine", Some(3), Stage::Qualification).await;
    tender(&app, "En retard", Some(-2), Stage::Review).await;
    tender(&app, "Déjà gagnée", Some(-20), Stage::Won).await;
    tender(&app, "Dans deux jours", Some(1), Stage::Watch).await;
    let c = reqwest::Client::new();
    let v = json_get(&c, &token, app.url("/api/v1/pipeline")).await;
    let titles: Vec<&str> = v["tenders"]
        .as_array()
        .expect("tenders")
        .iter()
        .map(|t| t["title"].as_str().expect("title"))
        .collect();
    assert_eq!(
        titles,
        [
            "En retard",
            "Dans deux jours",
            "Cette semaine",
            "Plus tard",
            "Sans date",
            "Déjà gagnée"
        ]
    );
    let dues: Vec<&str> = v["tenders"]
        .as_array()
        .expect("tenders")
        .iter()
        .map(|t| t["due"].as_str().expect("due"))
        .collect();
    assert_eq!(dues, ["overdue", "week", "week", "later", "none", "closed"]);
    assert_eq!(v["total"], 6);
    let count = |stage: &str| {
        v["by_stage"]
            .as_array()
            .expect("counts")
            .iter()
            .find(|s| s["stage"] == stage)
            .map(|s| s["count"].as_i64().expect("n"))
    };
    assert_eq!(count("veille"), Some(2));
    assert_eq!(count("gagne"), Some(1));
    assert_eq!(count("perdu"), Some(0));
    // Filters: a stage, the due group.
    let v = json_get(&c, &token, app.url("/api/v1/pipeline?stage=veille")).await;
    assert_eq!(v["total"], 2);
    let v = json_get(&c, &token, app.url("/api/v1/pipeline?due=week")).await;
    assert_eq!(v["total"], 2);
    let r = c
        .get(app.url("/api/v1/pipeline?stage=nowhere"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Paging: 60 more tenders make two pages of 50.
    for i in 0..60 {
        tender(&app, &format!("Lot {i:02}"), Some(10 + i), Stage::Watch).await;
    }
    let p1 = json_get(&c, &token, app.url("/api/v1/pipeline")).await;
    let p2 = json_get(&c, &token, app.url("/api/v1/pipeline?page=2")).await;
    assert_eq!(p1["total"], 66);
    assert_eq!(p1["tenders"].as_array().expect("p1").len(), 50);
    assert_eq!(p2["tenders"].as_array().expect("p2").len(), 16);
    assert_eq!(p2["tenders"][15]["title"], "Déjà gagnée");

    // The HTML list and board.
    let (browser, _) = app.login("claire").await;
    let html = browser
        .get(app.url("/"))
        .send()
        .await
        .expect("dashboard")
        .text()
        .await
        .expect("body");
    assert!(html.contains("Page 1 / 2"), "pager");
    assert!(html.contains("rel=\"next\""));
    assert!(html.contains("badge urgent"), "J-3 in red");
    let board = browser
        .get(app.url("/?view=board"))
        .send()
        .await
        .expect("board")
        .text()
        .await
        .expect("body");
    assert!(board.contains("id=\"board\""));
    assert_eq!(
        board.matches("class=\"card-tender").count(),
        20 + 1 + 1 + 1 + 1
    );
    assert!(
        board.contains("Dans deux jours"),
        "the nearest first in its column"
    );
    assert!(
        !board.contains(&format!("href=\"/tenders/{first}\"")),
        "20 cards per column"
    );
    assert!(
        board.contains("href=\"/?stage=veille\">"),
        "the rest of the column one click away"
    );
    app.stop().await;
}

async fn stage_changes_need_a_manager_and_csrf(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (_token, id) = app.manager_with_tender("Marché de nettoyage").await;
    app.user("victor", Role::Viewer).await;
    let (claire, csrf) = app.login("claire").await;
    let url = app.url(&format!("/tenders/{id}/stage"));
    let r = claire
        .post(&url)
        .form(&[("stage", "redaction")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "no CSRF token");
    let r = claire
        .post(&url)
        .form(&[
            ("stage", "redaction"),
            ("csrf", &csrf),
            ("back", "https://evil.example/"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/", "never an open redirect");
    let t = app.state.store.get_tender(id).await.expect("tender");
    assert_eq!(t.stage, Stage::Writing);
    let (victor, vcsrf) = app.login("victor").await;
    let r = victor
        .post(&url)
        .form(&[("stage", "perdu"), ("csrf", &vcsrf)])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "a viewer cannot write");
    let html = victor
        .get(app.url("/"))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("body");
    assert!(
        html.contains("Marché de nettoyage"),
        "a viewer reads the dashboard"
    );
    assert!(!html.contains("stage-form"), "without the stage forms");
    app.stop().await;
}

async fn gonogo_scores_and_places_on_the_matrix(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, _) = app.manager_with_tender("Sans décision").await;
    let a = tender_worth(
        &app,
        "Grande opportunité",
        Some(30),
        Stage::GoNoGo,
        1_000_000,
    )
    .await;
    let b = tender_worth(&app, "Petite", Some(20), Stage::Qualification, 500_000).await;
    let store = &app.state.store;
    let c = reqwest::Client::new();
    let review = |id: i64, marks: [u8; 6], strategic: u8| {
        let c = c.clone();
        let token = token.clone();
        let url = app.url(&format!("/api/v1/tenders/{id}/gonogo"));
        async move {
            c.post(url)
                .bearer_auth(token)
                .json(
                    &json!({"fit": marks[0], "capacity": marks[1], "relationship": marks[2],
                    "competition": marks[3], "margin": marks[4], "risk": marks[5],
                    "strategic": strategic, "decision": "go", "rationale": "Client historique."}),
                )
                .send()
                .await
                .expect("review")
        }
    };
    // Default weights 25/20/15/15/15/10: 25×4+20×3+15×5+15×2+15×3+10×1 = 320 → 64.
    let r = review(a, [4, 3, 5, 2, 3, 1], 4).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let v: Value = r.json().await.expect("json");
    assert_eq!(v["score"], 64.0);
    // Weights set by a manager: equal → (1+2+3+4+5+0)/30 = 50.
    store.set_gonogo_weights(&[10; 6]).await.expect("weights");
    let v: Value = review(b, [1, 2, 3, 4, 5, 0], 1)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(v["score"], 50.0);
    let bad = review(b, [6, 0, 0, 0, 0, 0], 1).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let history = json_get(&c, &token, app.url(&format!("/api/v1/tenders/{a}/gonogo"))).await;
    assert_eq!(history.as_array().expect("history").len(), 1);
    // Matrix: a: amount 5, strategic 4, margin 3 → 80; relationship 5 + fit 4 + competition 2 → 73.3.
    // b: amount 2.5, strategic 1, margin 5 → 56.7; relationship 3 + fit 1 + competition 4 → 53.3.
    let m = json_get(&c, &token, app.url("/api/v1/pipeline/matrix")).await;
    let got: Vec<(f64, f64, &str)> = m
        .as_array()
        .expect("placements")
        .iter()
        .map(|p| {
            (
                p["potential"].as_f64().expect("p"),
                p["accessibility"].as_f64().expect("a"),
                p["quadrant"].as_str().expect("q"),
            )
        })
        .collect();
    assert_eq!(got, [(80.0, 73.3, "priorite"), (56.7, 53.3, "priorite")]);
    // The form, with its rationale, and the page.
    let (claire, csrf) = app.login("claire").await;
    let r = claire
        .post(app.url(&format!("/tenders/{a}/gonogo")))
        .form(&[
            ("fit", "0"),
            ("capacity", "0"),
            ("relationship", "0"),
            ("competition", "0"),
            ("margin", "0"),
            ("risk", "0"),
            ("decision", "no_go"),
            ("rationale", "Trop risqué."),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .expect("form");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = claire
        .get(app.url(&format!("/tenders/{a}/gonogo")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("body");
    assert!(
        html.contains("Trop risqué.") && html.contains("Client historique."),
        "history kept"
    );
    let matrix = claire
        .get(app.url("/pipeline/matrix"))
        .send()
        .await
        .expect("matrix")
        .text()
        .await
        .expect("body");
    assert_eq!(matrix.matches("<circle").count(), 2);
    assert!(!matrix.contains("style="), "no inline style (CSP)");
    app.stop().await;
}
