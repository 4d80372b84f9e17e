//! Helpers shared by the pipeline tests: tenders due at a given time, JSON reads.

#![allow(dead_code)]

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::Value;
use tenderdesk::model::{Deadline, Money, NewTender, Stage};

use super::common::TestApp;

/// A tender due `days` from now (None: no deadline), at `stage`.
pub async fn tender(app: &TestApp, title: &str, days: Option<i64>, stage: Stage) -> i64 {
    tender_worth(app, title, days, stage, 100_000).await
}

/// The same, of an estimated value of `cents`.
pub async fn tender_worth(
    app: &TestApp,
    title: &str,
    days: Option<i64>,
    stage: Stage,
    cents: i64,
) -> i64 {
    let store = &app.state.store;
    let id = store
        .create_tender(&NewTender {
            title: title.into(),
            deadline: days.map(|d| Deadline {
                at: Utc::now() + Duration::days(d) + Duration::hours(1),
                tz: Deadline::DEFAULT_TZ,
            }),
            estimated_value: Some(Money(cents)),
            ..NewTender::default()
        })
        .await
        .expect("tender");
    store.set_stage(id, stage).await.expect("stage");
    id
}

pub async fn json_get(c: &reqwest::Client, token: &str, url: String) -> Value {
    let r = c.get(url).bearer_auth(token).send().await.expect("get");
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.expect("json")
}
