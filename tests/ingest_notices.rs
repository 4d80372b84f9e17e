//! Notices fill their tender, and a change notice moves the deadline while the old one is
//! kept: real TED eForms and BOAMP notices, on SQLite and PostgreSQL.

mod common;

use std::path::PathBuf;

use common::{Backend, TestDb};
use tenderdesk::ingest::{self, Limits};
use tenderdesk::model::NewTender;
use tenderdesk::store::{FileStore, Store};

fn realdata(rel: &str) -> Option<Vec<u8>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/realdata")
        .join(rel);
    match std::fs::read(&path) {
        Ok(b) => Some(b),
        Err(_) => {
            eprintln!("SKIPPED (real data): {} is absent", path.display());
            None
        }
    }
}

async fn ingest(store: &Store, files: &FileStore, tender: i64, name: &str, bytes: Vec<u8>) {
    let pieces = ingest::read_upload(name, bytes, &Limits::default()).expect("readable notice");
    store
        .store_pieces(tender, &pieces, files)
        .await
        .expect("stored");
}

both_backends!(
    a_change_notice_moves_the_deadline_and_keeps_the_old_one,
    a_boamp_notice_fills_lots_and_criteria
);

async fn a_change_notice_moves_the_deadline_and_keeps_the_old_one(backend: Backend) {
    let (Some(original), Some(change)) = (
        realdata("ted-eforms/cn_24_open.xml"),
        realdata("ted-eforms/change-cn_24_open_dates.xml"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let Some(db) = TestDb::create(backend, dir.path()).await else {
        return;
    };
    let store = Store::connect(&db.url).await.expect("store");
    let files = FileStore::new(&dir.path().join("files"));
    let tender = store
        .create_tender(&NewTender {
            title: "Electrical testing".into(),
            ..NewTender::default()
        })
        .await
        .expect("tender");

    ingest(&store, &files, tender, "cn_24_open.xml", original).await;
    let d = store.tender_detail(tender).await.expect("detail");
    assert_eq!(
        d.tender.deadline.map(|x| x.at.to_rfc3339()),
        Some("2020-04-03T11:00:00+00:00".into()),
        "12:00 local"
    );
    assert_eq!(d.tender.buyer.as_deref(), Some("Renfrewshire Council"));
    assert_eq!(d.tender.reference.as_deref(), Some("RC-CPU-19-065"));
    let weights: Vec<f64> = d.criteria.iter().map(|c| c.weight).collect();
    assert_eq!(weights, vec![15.0, 5.0, 3.0, 2.0, 75.0]);
    assert!(
        d.criteria
            .iter()
            .any(|c| c.is_price && (c.share - 0.75).abs() < 1e-9)
    );

    ingest(
        &store,
        &files,
        tender,
        "change-cn_24_open_dates.xml",
        change,
    )
    .await;
    let d = store.tender_detail(tender).await.expect("detail");
    assert_eq!(
        d.tender.deadline.map(|x| x.at.to_rfc3339()),
        Some("2020-06-12T11:00:00+00:00".into()),
        "moved"
    );
    assert_eq!(
        d.criteria.len(),
        5,
        "the change does not duplicate the criteria"
    );
    let facts = store.facts(tender).await.expect("facts");
    let deadlines: Vec<(String, bool)> = facts
        .iter()
        .filter(|f| f.key == "deadline")
        .map(|f| (f.value.clone(), f.superseded))
        .collect();
    assert_eq!(deadlines.len(), 2, "{deadlines:?}");
    assert!(
        deadlines
            .iter()
            .any(|(v, s)| *s && v.contains("2020-04-03")),
        "old kept, superseded: {deadlines:?}"
    );
    assert!(
        deadlines
            .iter()
            .any(|(v, s)| !*s && v.contains("2020-06-12")),
        "{deadlines:?}"
    );
    assert_eq!(store.documents(tender).await.expect("docs").len(), 2);
    store.close().await;
    db.drop_db().await;
}

async fn a_boamp_notice_fills_lots_and_criteria(backend: Backend) {
    let Some(notice) = realdata("boamp/test-pub-5.xml") else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let Some(db) = TestDb::create(backend, dir.path()).await else {
        return;
    };
    let store = Store::connect(&db.url).await.expect("store");
    let files = FileStore::new(&dir.path().join("files"));
    let tender = store
        .create_tender(&NewTender {
            title: "BOAMP".into(),
            ..NewTender::default()
        })
        .await
        .expect("tender");
    ingest(&store, &files, tender, "test-pub-5.xml", notice).await;
    let d = store.tender_detail(tender).await.expect("detail");
    assert_eq!(d.lots.len(), 2);
    let weights: Vec<f64> = d.criteria.iter().map(|c| c.weight).collect();
    assert_eq!(weights, vec![60.0, 40.0], "valeur technique 60 / prix 40");
    assert!(d.tender.buyer.is_some());
    assert!(d.tender.deadline.is_some());
    let docs = store.documents(tender).await.expect("docs");
    assert_eq!(docs[0].kind.as_str(), "AVIS");
    store.close().await;
    db.drop_db().await;
}
