//! Accounts with their history and payment advice, the buying centre (CRUD and map), results
//! with win rates and challenges, against a real server on SQLite and PostgreSQL.

mod common;
mod pipeline_support;

use chrono::{Duration, Utc};
use common::{Backend, TestApp};
use pipeline_support::{json_get, tender};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tenderdesk::model::{Role, Stage};

both_backends!(
    accounts_history_and_advice,
    stakeholders_crud_and_map,
    results_feed_win_rates_and_challenges
);

async fn accounts_history_and_advice(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, tid) = app.manager_with_tender("Maintenance hospitalière").await;
    let c = reqwest::Client::new();
    let r = c
        .post(app.url("/api/v1/accounts"))
        .bearer_auth(&token)
        .json(&json!({"name": "CHU de Nantes", "siret": "26440013600010", "typology": "sante",
            "sector": "santé", "funnel_stage": "prospect", "payment_days": 75, "financial_health": 2}))
        .send()
        .await
        .expect("create");
    assert_eq!(r.status(), StatusCode::CREATED);
    let account: Value = r.json().await.expect("json");
    let aid = account["id"].as_i64().expect("id");
    let bad = c
        .post(app.url("/api/v1/accounts"))
        .bearer_auth(&token)
        .json(&json!({"name": "X", "siret": "123", "typology": "sante", "funnel_stage": "lead"}))
        .send()
        .await
        .expect("create");
    assert_eq!(
        bad.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "SIRET of 14 digits"
    );
    app.state
        .store
        .set_tender_account(tid, Some(aid))
        .await
        .expect("link");
    app.state
        .store
        .set_result(
            tid,
            true,
            Some(4_200_000),
            Some(1),
            "Meilleure valeur technique",
        )
        .await
        .expect("result");
    let v = json_get(&c, &token, app.url(&format!("/api/v1/accounts/{aid}"))).await;
    assert_eq!(v["history"][0]["stage"], "gagne");
    assert_eq!(v["history"][0]["awarded_price_cents"], 4_200_000);
    let advice: Vec<&str> = v["advice"]
        .as_array()
        .expect("advice")
        .iter()
        .map(|a| a["advice"].as_str().expect("code"))
        .collect();
    // 75 days > 50 legal for a hospital; slow and fragile.
    assert_eq!(advice, ["shorter_delay", "advance", "guarantees"]);
    let on_tender = json_get(
        &c,
        &token,
        app.url(&format!("/api/v1/tenders/{tid}/advice")),
    )
    .await;
    assert_eq!(on_tender.as_array().expect("advice").len(), 3);
    // The same advice where the tender is priced.
    let prices = c
        .get(app.url(&format!("/tenders/{tid}/prices")))
        .bearer_auth(&token)
        .send()
        .await
        .expect("prices page")
        .text()
        .await
        .expect("html");
    assert!(
        prices.contains(r#"id="advice""#) && prices.contains("advice-advance"),
        "advice on the price page"
    );
    let list = json_get(&c, &token, app.url("/api/v1/accounts")).await;
    assert_eq!(list[0]["won"], 1);
    assert_eq!(list[0]["won_cents"], 4_200_000);
    let (claire, csrf) = app.login("claire").await;
    let r = claire
        .post(app.url(&format!("/accounts/{aid}")))
        .form(&[
            ("name", "CHU de Nantes"),
            ("siret", "26440013600010"),
            ("typology", "sante"),
            ("sector", "santé"),
            ("funnel_stage", "client_regulier"),
            ("payment_days", "30"),
            ("financial_health", "5"),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .expect("edit");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = claire
        .get(app.url(&format!("/accounts/{aid}")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("body");
    assert!(html.contains("Client régulier"));
    assert!(html.contains("Rien de particulier"), "no advice any more");
    app.user("victor", Role::Viewer).await;
    let (victor, vcsrf) = app.login("victor").await;
    let r = victor
        .post(app.url("/accounts"))
        .form(&[
            ("name", "X"),
            ("typology", "etat"),
            ("funnel_stage", "lead"),
            ("csrf", &vcsrf),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    app.stop().await;
}

async fn stakeholders_crud_and_map(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, tid) = app.manager_with_tender("Réseau").await;
    let other = tender(&app, "Autre", None, Stage::Watch).await;
    let c = reqwest::Client::new();
    let url = app.url(&format!("/api/v1/tenders/{tid}/stakeholders"));
    let r = c.post(&url).bearer_auth(&token)
        .json(&json!({"name": "Mme Durand", "role": "decideur", "job_title": "DSI", "influence": 5, "attitude": 2}))
        .send().await.expect("add");
    assert_eq!(r.status(), StatusCode::CREATED);
    let sid = r.json::<Value>().await.expect("json")["id"]
        .as_i64()
        .expect("id");
    let r = c
        .post(&url)
        .bearer_auth(&token)
        .json(&json!({"name": "M. Petit", "role": "acheteur", "influence": 6, "attitude": 0}))
        .send()
        .await
        .expect("add");
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "influence 1-5"
    );
    let r = c
        .put(app.url(&format!("/api/v1/tenders/{tid}/stakeholders/{sid}")))
        .bearer_auth(&token)
        .json(&json!({"name": "Mme Durand", "role": "decideur", "influence": 4, "attitude": -1}))
        .send()
        .await
        .expect("edit");
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = c
        .delete(app.url(&format!("/api/v1/tenders/{other}/stakeholders/{sid}")))
        .bearer_auth(&token)
        .send()
        .await
        .expect("del");
    assert_eq!(
        r.status(),
        StatusCode::NOT_FOUND,
        "not a stakeholder of that tender"
    );
    let list = json_get(&c, &token, url.clone()).await;
    assert_eq!(list[0]["influence"], 4);
    assert_eq!(list[0]["attitude"], -1);
    let (claire, csrf) = app.login("claire").await;
    let r = claire
        .post(app.url(&format!("/tenders/{tid}/stakeholders")))
        .form(&[
            ("name", "M. Martin"),
            ("role", "utilisateur"),
            ("influence", "2"),
            ("attitude", "1"),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .expect("form");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = claire
        .get(app.url(&format!("/tenders/{tid}/stakeholders")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("body");
    // Attitude -1, influence 4: x = 40 + 25 × 4 = 140, y = 40 + 400 − 300 = 140.
    assert!(
        html.contains("cx=\"140\" cy=\"140\""),
        "Mme Durand placed by hand"
    );
    // Attitude +1, influence 2: x = 40 + 300 = 340, y = 440 − 100 = 340.
    assert!(
        html.contains("cx=\"340\" cy=\"340\""),
        "M. Martin placed by hand"
    );
    let r = claire
        .post(app.url(&format!("/tenders/{tid}/stakeholders/{sid}/delete")))
        .form(&[("csrf", &csrf)])
        .send()
        .await
        .expect("del");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        json_get(&c, &token, url)
            .await
            .as_array()
            .expect("list")
            .len(),
        1
    );
    app.stop().await;
}

async fn results_feed_win_rates_and_challenges(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, a) = app.manager_with_tender("A").await;
    let claire = app
        .state
        .store
        .list_users()
        .await
        .expect("users")
        .into_iter()
        .find(|u| u.name == "claire")
        .expect("claire");
    let b = tender(&app, "B", Some(-10), Stage::Submitted).await;
    let c2 = tender(&app, "C", Some(-5), Stage::Submitted).await;
    for id in [a, b, c2] {
        app.state
            .store
            .set_owner(id, Some(claire.id))
            .await
            .expect("owner");
    }
    let (browser, csrf) = app.login("claire").await;
    let r = browser
        .post(app.url(&format!("/tenders/{b}/result")))
        .form(&[
            ("outcome", "gagne"),
            ("price", "12 500,00"),
            ("rank", "1"),
            ("reasons", "Prix"),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .expect("result");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let res = app
        .state
        .store
        .tender_result(b)
        .await
        .expect("result")
        .expect("some");
    assert_eq!(res.awarded_price_cents, Some(1_250_000));
    assert_eq!(
        app.state.store.get_tender(b).await.expect("t").stage,
        Stage::Won
    );
    app.state
        .store
        .set_result(c2, false, None, Some(3), "Technique")
        .await
        .expect("lost");
    let c = reqwest::Client::new();
    let rates = json_get(&c, &token, app.url("/api/v1/analytics/winrates")).await;
    let owner = rates
        .as_array()
        .expect("dims")
        .iter()
        .find(|d| d["dimension"] == "owner")
        .expect("owner");
    assert_eq!(owner["rates"][0]["key"], "claire");
    assert_eq!(owner["rates"][0]["percent"], 50.0);
    let html = browser
        .get(app.url("/analytics"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("body");
    // 50 % of 300 px.
    assert!(html.contains("width=\"150\""), "bar drawn at 50 %");
    let today = Utc::now().date_naive();
    let starts = (today - Duration::days(30)).to_string();
    let ends = (today + Duration::days(30)).to_string();
    let uid = claire.id.to_string();
    let r = browser
        .post(app.url("/challenges"))
        .form(&[
            ("name", "Printemps"),
            ("measure", "wins"),
            ("user", &uid),
            ("target", "2"),
            ("starts", &starts),
            ("ends", &ends),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .expect("challenge");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let board = json_get(&c, &token, app.url("/api/v1/challenges")).await;
    assert_eq!(board[0]["actual"], 1);
    assert_eq!(board[0]["adjusted"], 2);
    assert_eq!(board[0]["percent"], 50.0);
    app.stop().await;
}
