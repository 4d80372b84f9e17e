//! The comparison grid's structure edited through the page's plain form (no script), against
//! a real server on SQLite and PostgreSQL: a sub-criterion added (as the script posts it, and
//! through the « add » fields), renamed, deleted with its sub-criteria, an offer removed,
//! settings changed; a bad value is refused naming the criterion and nothing is stored.

mod common;

use common::{Backend, TestApp, fixture_grid, hidden_field, page_text};
use reqwest::StatusCode;
use serde_json::Value;
use tenderdesk::model::Role;

fn names(api: &Value) -> Vec<String> {
    api["grid"]["criteria"]
        .as_array()
        .expect("criteria")
        .iter()
        .map(|c| {
            format!(
                "{} {}",
                c["number"].as_str().unwrap_or(""),
                c["name"].as_str().unwrap_or("")
            )
        })
        .collect()
}

fn total(api: &Value, offer: usize) -> f64 {
    let t = api["outcome"]["offers"][offer]["total"]
        .as_f64()
        .unwrap_or_else(|| panic!("no total: {api}"));
    (t * 100.0).round() / 100.0
}

async fn the_structure_is_edited_through_the_form(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, id) = app.manager_with_tender("Maintenance des ascenseurs").await;
    app.state
        .store
        .save_tender_grid(id, &fixture_grid())
        .await
        .expect("grid");
    let (client, _) = app.login("claire").await;
    let url = app.url(&format!("/tenders/{id}/grid"));
    let html = page_text(&client, &url).await;
    assert!(html.contains("id=\"add-criterion\"") && html.contains("name=\"cd2\""));
    let csrf = hidden_field(&html, "csrf").expect("csrf");
    let api_path = format!("/api/v1/tenders/{id}/grid");
    let api = || app.get_json(&token, &api_path);
    let post = |fields: Vec<(&'static str, &'static str)>| {
        let mut all = vec![("csrf", csrf.clone())];
        all.extend(fields.into_iter().map(|(k, v)| (k, v.to_string())));
        client.post(&url).form(&all).send()
    };

    // A sub-criterion of « Valeur technique » (row 1), as the script posts it: key 4.
    // Technical 60 = 30 + 20 + 10. Ours: 32 + 22.5 + 10 + 10 = 74.5; A: 40 + 18 + 12 + 5 = 75.
    let resp = post(vec![
        ("cn4", "Planning"),
        ("w4", "20"),
        ("cp4", "1"),
        ("cx4", "0"),
        ("m0_4", "20"),
        ("m1_4", "10"),
        ("m2_4", "5"),
    ])
    .await
    .expect("save");
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let g = api().await;
    assert_eq!(
        names(&g),
        [
            "1 Prix des prestations",
            "2 Valeur technique",
            "2.1 Méthodologie",
            "2.2 Moyens humains",
            "2.3 Planning"
        ]
    );
    assert_eq!(total(&g, 0), 74.5);
    assert_eq!(total(&g, 1), 75.0);
    assert_eq!(g["outcome"]["offers"][1]["rank"], 1);

    // Without the script: the « add » fields save the grid and add a main criterion.
    let resp = post(vec![
        ("new_name", "Performance environnementale"),
        ("new_weight", "10"),
        ("new_parent", ""),
    ])
    .await
    .expect("save");
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let g = api().await;
    assert_eq!(names(&g)[5], "3 Performance environnementale");
    assert!(g["outcome"].is_null(), "marks missing: {g}");

    // A bad value is refused naming its criterion; nothing of the post is stored.
    for (fields, named) in [
        (vec![("cn3", "Moyens"), ("w2", "beaucoup")], "Méthodologie"),
        (
            vec![
                ("cn9", "Astreinte"),
                ("w9", "5"),
                ("cp9", "1"),
                ("m0_9", "25"),
            ],
            "Astreinte",
        ),
        (
            vec![("cn9", "Remise"), ("w9", "5"), ("cp9", "0")],
            "Prix des prestations",
        ),
        (vec![("cn9", "Seul"), ("w9", "5"), ("cp9", "9")], "Seul"),
        (vec![("cn2", "  ")], "needs a name"),
    ] {
        let resp = post(fields).await.expect("save");
        assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = resp.text().await.expect("html");
        let error = body
            .split("id=\"grid-error\">")
            .nth(1)
            .and_then(|rest| rest.split("</p>").next())
            .unwrap_or_else(|| panic!("no error shown: {body}"));
        assert!(error.contains(named), "{named} not in {error}");
    }
    assert_eq!(api().await["grid"], g["grid"], "nothing stored");

    // Rename, delete the environment criterion, remove « Concurrent A », change settings.
    let resp = post(vec![
        ("cn3", "Moyens humains et matériels"),
        ("cd5", "1"),
        ("od1", "1"),
        ("formula", "linear"),
        ("low", "90"),
        ("scale", "20"),
    ])
    .await
    .expect("save");
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let g = api().await;
    assert_eq!(names(&g).len(), 5);
    assert_eq!(names(&g)[3], "2.2 Moyens humains et matériels");
    let offers: Vec<&str> = g["grid"]["offers"]
        .as_array()
        .expect("offers")
        .iter()
        .filter_map(|o| o["name"].as_str())
        .collect();
    assert_eq!(offers, ["Notre offre", "Concurrent B"]);
    assert_eq!(g["grid"]["settings"]["formula"], "linear");
    assert_eq!(g["grid"]["settings"]["low_fraction"], 0.9);
    // Linear: ours is the lowest now (40 points), B 1 − 20 000 / 100 000 → 32.
    assert_eq!(total(&g, 0), 40.0 + 42.5);
    assert_eq!(total(&g, 1), 32.0 + 45.5);

    // A viewer cannot change the structure.
    app.user("victor", Role::Viewer).await;
    let (viewer, vcsrf) = app.login("victor").await;
    let resp = viewer
        .post(&url)
        .form(&[("csrf", vcsrf.as_str()), ("cd1", "1")])
        .send()
        .await
        .expect("save");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let viewer_html = page_text(&viewer, &url).await;
    assert!(
        !viewer_html.contains("name=\"cd1\""),
        "no structure controls"
    );

    // Outside a restricted tender, a contributor finds no grid to change (404, not 403).
    app.restrict_to_token_user(&token, id).await;
    app.user("carla", Role::Contributor).await;
    let (outsider, ocsrf) = app.login("carla").await;
    let resp = outsider
        .post(&url)
        .form(&[("csrf", ocsrf.as_str()), ("cd1", "1")])
        .send()
        .await
        .expect("save");
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);

    // Deleting a main criterion takes its sub-criteria with it.
    let resp = post(vec![("cd1", "1")]).await.expect("save");
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(names(&api().await), ["1 Prix des prestations"]);

    // The API takes the same structure and the same checks.
    let mut grid = api().await["grid"].clone();
    grid["criteria"]
        .as_array_mut()
        .expect("criteria")
        .push(serde_json::json!({"name": "", "weight": 10, "parent": null}));
    let (status, body) = app
        .send_json(
            reqwest::Method::PUT,
            &token,
            &format!("/api/v1/tenders/{id}/grid"),
            &grid,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.to_string().contains("needs a name"), "{body}");
    app.stop().await;
}

both_backends!(the_structure_is_edited_through_the_form);
