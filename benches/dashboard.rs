//! The pipeline dashboard with 10,000 tenders: the HTTP answer of `/` (list, page 1 of 50),
//! `/?view=board`, `/api/v1/pipeline`, and the unpaged `/api/v1/tenders` for comparison, on
//! SQLite and, when TEST_DATABASE_URL is set, PostgreSQL. `cargo bench --bench dashboard`;
//! results go to BENCHMARKS.md by hand.

use std::time::{Duration, Instant};

use chrono::Utc;
use tenderdesk::model::{Deadline, Money, NewTender, Role, Stage};
use tenderdesk::{AppState, Config};

const TENDERS: i64 = 10_000;
const RUNS: usize = 100;

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(idx).copied().unwrap_or_default()
}

async fn run(label: &str, url: Option<String>) {
    let dir = tempfile::tempdir().expect("dir");
    let config = Config {
        data_dir: dir.path().to_path_buf(),
        database_url: url,
        ..Config::default()
    };
    let state = AppState::open(config).await.expect("open");
    let store = state.store.clone();
    let hash = tenderdesk::auth::hash_password("bench password 123").expect("hash");
    let user = store
        .create_user("bench", Role::BidManager, &hash, false)
        .await
        .expect("user");
    let token = store
        .create_api_token(user.id, "bench")
        .await
        .expect("token")
        .token;
    let t0 = Instant::now();
    let now = Utc::now();
    for i in 0..TENDERS {
        let id = store
            .create_tender(&NewTender {
                title: format!("Consultation {i}"),
                owner_id: Some(user.id),
                deadline: Some(Deadline {
                    at: now + chrono::Duration::hours((i * 7919) % (24 * 400) - 24 * 30),
                    tz: Deadline::DEFAULT_TZ,
                }),
                estimated_value: Some(Money(100_000 + i * 100)),
                ..NewTender::default()
            })
            .await
            .expect("tender");
        let stage = Stage::ALL[(i as usize * 31) % Stage::ALL.len()];
        store.set_stage(id, stage).await.expect("stage");
    }
    let seeded = t0.elapsed();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let served = state.clone();
    tokio::spawn(async move {
        let _ = tenderdesk::serve(served, listener, std::future::pending()).await;
    });
    let client = reqwest::Client::new();
    println!(
        "### {label}: {TENDERS} tenders (seeded in {:.1} s)\n",
        seeded.as_secs_f64()
    );
    println!("| request | median | p95 |\n|---|---|---|");
    for path in [
        "/",
        "/?view=board",
        "/?stage=redaction&page=3",
        "/api/v1/pipeline",
        "/api/v1/tenders",
    ] {
        let mut times = Vec::with_capacity(RUNS);
        for i in 0..RUNS + 5 {
            let t = Instant::now();
            let r = client
                .get(format!("{base}{path}"))
                .bearer_auth(&token)
                .send()
                .await
                .expect("get");
            assert!(r.status().is_success(), "{path}: {}", r.status());
            let _ = r.bytes().await.expect("body");
            if i >= 5 {
                times.push(t.elapsed());
            }
        }
        times.sort();
        println!(
            "| GET `{path}` | {} | {} |",
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.95))
        );
    }
    println!();
    store.close().await;
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        run("SQLite", None).await;
        match std::env::var("TEST_DATABASE_URL") {
            Ok(admin) => {
                let name = format!("td_bench_{}", std::process::id());
                let pool = sqlx::PgPool::connect(&admin).await.expect("connect");
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&pool)
                    .await
                    .expect("create");
                let base = admin.split('?').next().unwrap_or(&admin);
                let prefix = base.rsplit_once('/').map(|(p, _)| p).unwrap_or(base);
                run("PostgreSQL", Some(format!("{prefix}/{name}"))).await;
                let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                )))
                .execute(&pool)
                .await;
            }
            Err(_) => println!("SKIPPED (PostgreSQL): TEST_DATABASE_URL is not set"),
        }
    });
}
