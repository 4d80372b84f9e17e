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
    titles_weigh_more_and_prefixes_are_marked,
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
    // Without the facets: the same hits and total, no counts.
    let quick = search(&app, &token, &[("q", "supervision"), ("facets", "false")]).await;
    assert_eq!(quick["total"], 3);
    assert_eq!(quick["hits"], all["hits"]);
    assert_eq!(quick["facets"]["kind"], json!([]));
    assert_eq!(quick["facets"]["tender"], json!([]));
    let refused = reqwest::Client::new()
        .get(app.url("/api/v1/search"))
        .bearer_auth(&token)
        .query(&[("q", "supervision"), ("facets", "peut-être")])
        .send()
        .await
        .expect("search");
    assert_eq!(refused.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY);
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

async fn add_block(app: &TestApp, token: &str, title: &str, body: &str) -> i64 {
    let (status, block) = app
        .send_json(
            reqwest::Method::POST,
            token,
            "/api/v1/library",
            &json!({"title": title, "body_md": body}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{block}");
    block["id"].as_i64().expect("block id")
}

async fn titles_weigh_more_and_prefixes_are_marked(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let (token, _) = app.manager_with_tender("Infogérance").await;
    // The word once in each; the block that has it in its title ranks first although its
    // text is much longer (a shorter text alone would win).
    let titled = add_block(
        &app,
        &token,
        "Réversibilité",
        "Le plan de sortie décrit la restitution des données, le transfert des compétences, \
         la documentation remise, les outils transmis, le calendrier des opérations, \
         les responsabilités de chaque partie et les conditions financières de la fin du \
         contrat, ainsi que l'accompagnement du nouveau titulaire pendant trois mois.",
    )
    .await;
    let in_text = add_block(
        &app,
        &token,
        "Plan de sortie",
        "La réversibilité est assurée.",
    )
    .await;
    let found = search(
        &app,
        &token,
        &[("q", "réversibilité"), ("kind", "library_block")],
    )
    .await;
    let ids: Vec<i64> = found["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter_map(|h| h["id"].as_i64())
        .collect();
    assert_eq!(ids, vec![titled, in_text], "{found}");
    // A prefix marks the words it stands for, like a typed word.
    let found = search(
        &app,
        &token,
        &[("q", "réversib*"), ("kind", "library_block")],
    )
    .await;
    let marked = found["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .find(|h| h["id"].as_i64() == Some(in_text))
        .map(|h| h["snippet"].as_str().unwrap_or("").to_string())
        .unwrap_or_default();
    assert!(marked.contains("<b>réversibilité</b>"), "{marked}");
    // A prefix that begins many words still matches them all (and marks the most common).
    for i in 0..40 {
        add_block(
            &app,
            &token,
            &format!("Bloc {i}"),
            &format!("Mot supervis{i}x unique."),
        )
        .await;
    }
    let many = search(&app, &token, &[("q", "supervis*"), ("limit", "100")]).await;
    assert_eq!(many["total"], 40, "{many}");
}
