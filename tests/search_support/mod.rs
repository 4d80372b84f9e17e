//! Helpers of the search tests: fixtures, requirements added and searches run through the API.

#![allow(dead_code)]

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::TestApp;

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/dce")
            .join(name),
    )
    .expect("fixture")
}

pub async fn add_requirement(app: &TestApp, token: &str, tender: i64, text: &str) -> i64 {
    let resp = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/tenders/{tender}/requirements")))
        .bearer_auth(token)
        .json(&json!({"reference": "R", "text": text, "strength": "mandatory", "category": "technical"}))
        .send()
        .await
        .expect("add requirement");
    assert_eq!(resp.status(), StatusCode::CREATED, "add requirement");
    resp.json::<Value>().await.expect("json")["id"]
        .as_i64()
        .expect("id")
}

pub async fn search(app: &TestApp, token: &str, query: &[(&str, &str)]) -> Value {
    let resp = reqwest::Client::new()
        .get(app.url("/api/v1/search"))
        .bearer_auth(token)
        .query(query)
        .send()
        .await
        .expect("search");
    assert_eq!(resp.status(), StatusCode::OK, "search {query:?}");
    resp.json().await.expect("json")
}

/// The ids of the requirement hits of a query.
pub async fn requirement_ids(app: &TestApp, token: &str, q: &str) -> Vec<i64> {
    let found = search(app, token, &[("q", q), ("kind", "requirement")]).await;
    let mut ids: Vec<i64> = found["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter_map(|h| h["id"].as_i64())
        .collect();
    ids.sort();
    ids
}
