//! The store, on SQLite and PostgreSQL alike: constraints, secrets at rest, whole imports.

mod common;

use common::{Backend, TestDb};
use tenderdesk::error::Error;
use tenderdesk::model::{NewTender, Role};
use tenderdesk::store::Store;

async fn open(backend: Backend) -> Option<(Store, TestDb, tempfile::TempDir)> {
    let dir = tempfile::tempdir().expect("dir");
    let db = TestDb::create(backend, dir.path()).await?;
    let store = Store::connect(&db.url).await.expect("connect and migrate");
    Some((store, db, dir))
}

async fn close(store: Store, db: TestDb) {
    store.close().await;
    db.drop_db().await;
}

both_backends!(
    users_are_unique_and_validated,
    secrets_are_stored_hashed,
    expired_sessions_open_nothing,
    the_demo_tender_loads_once_and_whole,
    a_failed_import_leaves_nothing,
    migrations_run_twice_harmlessly,
    token_use_is_recorded_to_the_minute,
);

async fn users_are_unique_and_validated(backend: Backend) {
    let Some((store, db, _dir)) = open(backend).await else {
        return;
    };
    store
        .create_user("claire", Role::BidManager, "h", false)
        .await
        .expect("create");
    let dup = store
        .create_user(" claire ", Role::Viewer, "h", false)
        .await;
    assert!(matches!(dup, Err(Error::Conflict(_))), "{dup:?}");
    for bad in ["", "   ", "a\u{7}b", &"x".repeat(65)] {
        assert!(
            matches!(
                store.create_user(bad, Role::Viewer, "h", false).await,
                Err(Error::Invalid(_))
            ),
            "{bad:?}"
        );
    }
    assert_eq!(store.count_users().await.expect("count"), 1);
    close(store, db).await;
}

async fn secrets_are_stored_hashed(backend: Backend) {
    let Some((store, db, _dir)) = open(backend).await else {
        return;
    };
    let user = store
        .create_user("claire", Role::BidManager, "h", false)
        .await
        .expect("create");
    let token = store.create_api_token(user.id, "ci").await.expect("token");
    let (cookie, _) = store
        .create_session(user.id, chrono::Duration::hours(1))
        .await
        .expect("session");
    let stored: Vec<String> = match &store {
        Store::Sqlite(p) => sqlx::query_scalar(
            "SELECT token_hash FROM api_tokens UNION ALL SELECT token_hash FROM sessions",
        )
        .fetch_all(p)
        .await
        .expect("read"),
        Store::Postgres(p) => sqlx::query_scalar(
            "SELECT token_hash FROM api_tokens UNION ALL SELECT token_hash FROM sessions",
        )
        .fetch_all(p)
        .await
        .expect("read"),
    };
    assert_eq!(stored.len(), 2);
    assert!(
        stored
            .iter()
            .all(|h| h != &token.token && h != &cookie && h.len() == 64)
    );
    assert_eq!(
        store
            .token_user(&token.token)
            .await
            .expect("lookup")
            .map(|u| u.name),
        Some("claire".into())
    );
    assert!(store.session_user(&cookie).await.expect("lookup").is_some());
    close(store, db).await;
}

async fn expired_sessions_open_nothing(backend: Backend) {
    let Some((store, db, _dir)) = open(backend).await else {
        return;
    };
    let user = store
        .create_user("claire", Role::BidManager, "h", false)
        .await
        .expect("create");
    let (old, _) = store
        .create_session(user.id, chrono::Duration::seconds(-1))
        .await
        .expect("session");
    let (live, _) = store
        .create_session(user.id, chrono::Duration::hours(1))
        .await
        .expect("session");
    assert!(store.session_user(&old).await.expect("lookup").is_none());
    assert!(store.session_user(&live).await.expect("lookup").is_some());
    assert_eq!(store.delete_expired_sessions().await.expect("purge"), 1);
    close(store, db).await;
}

async fn the_demo_tender_loads_once_and_whole(backend: Backend) {
    let Some((store, db, _dir)) = open(backend).await else {
        return;
    };
    let (id, created) = tenderdesk::demo::load(&store).await.expect("load");
    assert!(created);
    let (again, created_again) = tenderdesk::demo::load(&store).await.expect("load again");
    assert_eq!((again, created_again), (id, false));
    assert_eq!(store.list_tenders().await.expect("list").len(), 1);
    let d = store.tender_detail(id).await.expect("detail");
    assert_eq!(d.tender.reference.as_deref(), Some("2026-INF-014"));
    assert_eq!(
        d.tender.buyer.as_deref(),
        Some("Communauté d'agglomération du Val de Loire")
    );
    assert_eq!(
        d.tender.deadline.map(|x| x.to_rfc3339()),
        Some("2027-03-15T12:00:00+01:00".into())
    );
    assert_eq!(
        d.tender.estimated_value.map(|m| m.cents()),
        Some(180_000_000)
    );
    assert_eq!(d.lots.len(), 2);
    let shares: Vec<(String, i64)> = d
        .criteria
        .iter()
        .map(|c| (c.name.clone(), (c.share * 1000.0).round() as i64))
        .collect();
    assert_eq!(shares.len(), 6);
    assert!(
        shares.contains(&(
            "Méthodologie de prise en charge et de réversibilité".into(),
            200
        )),
        "{shares:?}"
    );
    assert!(shares.contains(&("Prix des prestations".into(), 400)));
    let leaves: f64 = d
        .criteria
        .iter()
        .filter(|c| !d.criteria.iter().any(|x| x.parent_id == Some(c.id)))
        .map(|c| c.share)
        .sum();
    assert!(
        (leaves - 1.0).abs() < 1e-9,
        "leaves sum to the whole mark: {leaves}"
    );
    assert_eq!(d.stakeholders.len(), 4);
    close(store, db).await;
}

async fn a_failed_import_leaves_nothing(backend: Backend) {
    let Some((store, db, _dir)) = open(backend).await else {
        return;
    };
    // The second lot repeats number 1: the unique constraint fails midway.
    let import: tenderdesk::store::TenderImport = serde_json::from_value(serde_json::json!({
        "source_key": "bad", "title": "Marché cassé",
        "buyer": {"name": "Ville", "siret": "12345678900011", "typology": "collectivite"},
        "lots": [{"number": 1, "title": "A"}, {"number": 1, "title": "B"}]
    }))
    .expect("import json");
    assert!(store.import_tender(&import).await.is_err());
    assert!(
        store.list_tenders().await.expect("list").is_empty(),
        "no tender half-stored"
    );
    let t = NewTender {
        title: "Autre".into(),
        ..NewTender::default()
    };
    assert_eq!(
        store.create_tender(&t).await.expect("create"),
        store.list_tenders().await.expect("list")[0].id
    );
    close(store, db).await;
}

async fn migrations_run_twice_harmlessly(backend: Backend) {
    let Some((store, db, _dir)) = open(backend).await else {
        return;
    };
    store
        .create_user("claire", Role::BidManager, "h", false)
        .await
        .expect("create");
    let again = Store::connect(&db.url)
        .await
        .expect("reconnect, migrations already applied");
    assert_eq!(again.count_users().await.expect("count"), 1);
    again.close().await;
    close(store, db).await;
}

/// The token's `last_used_at` as stored.
async fn last_used(store: &Store) -> Option<chrono::DateTime<chrono::Utc>> {
    let sql = "SELECT last_used_at FROM api_tokens";
    match store {
        Store::Sqlite(p) => sqlx::query_scalar(sql).fetch_one(p).await,
        Store::Postgres(p) => sqlx::query_scalar(sql).fetch_one(p).await,
    }
    .expect("read")
}

async fn set_last_used(store: &Store, at: chrono::DateTime<chrono::Utc>) {
    let sql = "UPDATE api_tokens SET last_used_at = $1";
    match store {
        Store::Sqlite(p) => sqlx::query(sql).bind(at).execute(p).await.map(|_| ()),
        Store::Postgres(p) => sqlx::query(sql).bind(at).execute(p).await.map(|_| ()),
    }
    .expect("write");
}

async fn token_use_is_recorded_to_the_minute(backend: Backend) {
    let Some((store, db, _dir)) = open(backend).await else {
        return;
    };
    let user = store
        .create_user("claire", Role::BidManager, "h", false)
        .await
        .expect("create");
    let token = store.create_api_token(user.id, "ci").await.expect("token");
    assert_eq!(last_used(&store).await, None);
    let before = chrono::Utc::now() - chrono::Duration::seconds(1);
    assert!(store.token_user(&token.token).await.expect("use").is_some());
    let first = last_used(&store).await.expect("recorded at first use");
    assert!(first >= before, "{first} is the time of the first use");
    // Used again within the minute: not written again.
    let recent = chrono::Utc::now() - chrono::Duration::seconds(20);
    set_last_used(&store, recent).await;
    assert!(store.token_user(&token.token).await.expect("use").is_some());
    let kept = last_used(&store).await.expect("kept");
    assert!(
        (kept - recent).num_milliseconds().abs() < 5,
        "{kept} was left as it was"
    );
    // Used after more than a minute: written again.
    set_last_used(&store, chrono::Utc::now() - chrono::Duration::minutes(5)).await;
    assert!(store.token_user(&token.token).await.expect("use").is_some());
    assert!(last_used(&store).await.expect("written") >= before);
    close(store, db).await;
}
