//! Search through the real server, on SQLite and PostgreSQL: French analysis, query syntax,
//! hostile queries, filters and facet counts, highlighting.

mod common;
mod search_support;

use common::{Backend, TestApp};
use reqwest::StatusCode;
use search_support::{add_requirement, requirement_ids, search};
use serde_json::{Value, json};

both_backends!(
    french_analysis_finds_what_a_bid_manager_means,
    query_syntax_phrases_prefixes_and_booleans,
    hostile_queries_never_fail,
    filters_facets_and_highlighting,
);

async fn french_analysis_finds_what_a_bid_manager_means(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, tender) = app.manager_with_tender("Infogérance").await;
    let security = add_requirement(
        &app,
        &token,
        tender,
        "La sécurité du réseau est assurée par le titulaire.",
    )
    .await;
    let exigence =
        add_requirement(&app, &token, tender, "Chaque exigence du lot est tracée.").await;
    let penalty = add_requirement(
        &app,
        &token,
        tender,
        "Une pénalité de retard s'applique par jour.",
    )
    .await;
    let english = add_requirement(
        &app,
        &token,
        tender,
        "The supplier shall provide monthly reports.",
    )
    .await;
    assert_eq!(
        requirement_ids(&app, &token, "securite").await,
        vec![security]
    );
    assert_eq!(
        requirement_ids(&app, &token, "SÉCURITÉ").await,
        vec![security]
    );
    assert_eq!(
        requirement_ids(&app, &token, "exigences").await,
        vec![exigence]
    );
    assert_eq!(
        requirement_ids(&app, &token, "pénalités").await,
        vec![penalty]
    );
    // Stop words alone find nothing, and do not stop the other words from matching.
    assert!(
        requirement_ids(&app, &token, "le la les du")
            .await
            .is_empty()
    );
    assert_eq!(
        requirement_ids(&app, &token, "la sécurité du").await,
        vec![security]
    );
    assert_eq!(
        requirement_ids(&app, &token, "monthly reports").await,
        vec![english]
    );
    assert_eq!(
        requirement_ids(&app, &token, "supplier").await,
        vec![english]
    );
}

async fn query_syntax_phrases_prefixes_and_booleans(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, tender) = app.manager_with_tender("Infogérance").await;
    let a = add_requirement(
        &app,
        &token,
        tender,
        "Les pénalités de retard sont plafonnées.",
    )
    .await;
    let b = add_requirement(
        &app,
        &token,
        tender,
        "Le retard de livraison entraîne des pénalités.",
    )
    .await;
    let c = add_requirement(
        &app,
        &token,
        tender,
        "Le plan de réversibilité est remis au démarrage.",
    )
    .await;
    assert_eq!(
        requirement_ids(&app, &token, "pénalités retard").await,
        vec![a, b]
    );
    assert_eq!(
        requirement_ids(&app, &token, "\"pénalités de retard\"").await,
        vec![a]
    );
    assert_eq!(requirement_ids(&app, &token, "réversib*").await, vec![c]);
    assert_eq!(
        requirement_ids(&app, &token, "plafonnées OR réversibilité").await,
        vec![a, c]
    );
    assert_eq!(
        requirement_ids(&app, &token, "plafonnées OU réversibilité").await,
        vec![a, c]
    );
    assert_eq!(
        requirement_ids(&app, &token, "pénalités SAUF livraison").await,
        vec![a]
    );
    assert_eq!(
        requirement_ids(&app, &token, "pénalités NOT livraison").await,
        vec![a]
    );
    assert_eq!(
        requirement_ids(&app, &token, "pénalités -livraison").await,
        vec![a]
    );
    assert_eq!(
        requirement_ids(&app, &token, "pénalités ET livraison").await,
        vec![b]
    );
}

async fn hostile_queries_never_fail(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, tender) = app.manager_with_tender("Infogérance").await;
    add_requirement(
        &app,
        &token,
        tender,
        "Les pénalités de retard sont plafonnées.",
    )
    .await;
    let huge = "pénalités ".repeat(1_000);
    for q in [
        "\"unbalanced",
        "((((",
        "*",
        "a*b*c*",
        "OR OR AND NOT",
        "-",
        "\u{0}\u{7}<script>",
        "SAUF",
        huge.as_str(),
        "title:foo body:[a TO b]",
    ] {
        search(&app, &token, &[("q", q)]).await;
    }
    let found = search(&app, &token, &[("q", "pénalités"), ("limit", "100000")]).await;
    assert!(found["hits"].as_array().expect("hits").len() <= 100);
    let resp = reqwest::Client::new()
        .get(app.url("/api/v1/search?q=x&limit=abc"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("search");
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let resp = reqwest::Client::new()
        .get(app.url("/api/v1/search?q=x"))
        .send()
        .await
        .expect("search");
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
}

async fn filters_facets_and_highlighting(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, first) = app.manager_with_tender("Infogérance Lyon").await;
    let second: Value = reqwest::Client::new()
        .post(app.url("/api/v1/tenders"))
        .bearer_auth(&token)
        .json(&json!({"title": "Hébergement Nantes"}))
        .send()
        .await
        .expect("create")
        .json()
        .await
        .expect("json");
    let second = second["id"].as_i64().expect("id");
    add_requirement(
        &app,
        &token,
        first,
        "Supervision du réseau 24 heures sur 24.",
    )
    .await;
    add_requirement(
        &app,
        &token,
        first,
        "Supervision des serveurs <script>alert(1)</script>.",
    )
    .await;
    add_requirement(&app, &token, second, "Supervision des sauvegardes.").await;
    let all = search(&app, &token, &[("q", "supervision")]).await;
    assert_eq!(all["total"], 3);
    let tenders = all["facets"]["tender"].as_array().expect("tender facet");
    let count_of = |id: i64| {
        tenders
            .iter()
            .find(|v| v["value"].as_str().and_then(|s| s.parse::<i64>().ok()) == Some(id))
            .map(|v| v["count"].as_u64().unwrap_or(0))
    };
    assert_eq!(count_of(first), Some(2));
    assert_eq!(count_of(second), Some(1));
    assert_eq!(all["facets"]["kind"][0]["value"], "requirement");
    assert_eq!(all["facets"]["kind"][0]["count"], 3);
    let only_second = search(
        &app,
        &token,
        &[("q", "supervision"), ("tender", &second.to_string())],
    )
    .await;
    assert_eq!(only_second["total"], 1);
    assert_eq!(only_second["hits"][0]["tender"], "Hébergement Nantes");
    let tenders_only = search(&app, &token, &[("q", "hébergement"), ("kind", "tender")]).await;
    assert_eq!(tenders_only["total"], 1);
    assert_eq!(tenders_only["hits"][0]["url"], format!("/tenders/{second}"));
    // Matched words in <b>, everything else escaped.
    let marked = search(&app, &token, &[("q", "serveurs")]).await;
    let snippet = marked["hits"][0]["snippet"].as_str().expect("snippet");
    assert!(snippet.contains("<b>serveurs</b>"), "{snippet}");
    assert!(!snippet.contains("<script>"), "{snippet}");
    assert!(snippet.contains("&lt;script&gt;"), "{snippet}");
    // The results page shows the same, with facet links.
    let (browser, _) = app.login("claire").await;
    let html = browser
        .get(app.url("/search?q=serveurs"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("body");
    assert!(html.contains("<b>serveurs</b>"), "highlight on the page");
    assert!(!html.contains("<script>alert"), "escaped on the page");
    assert!(html.contains("id=\"facets\""));
}
