//! The command line, run as a user runs it: the real binary, a real data folder.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_tenderdesk");

fn tenderdesk(
    data: &std::path::Path,
    args: &[&str],
    stdin: Option<&str>,
) -> (bool, String, String) {
    let mut child = Command::new(BIN)
        .arg("--data")
        .arg(data)
        .args(args)
        .env_remove("TENDERDESK_DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run tenderdesk");
    if let (Some(mut input), Some(text)) = (child.stdin.take(), stdin) {
        input.write_all(text.as_bytes()).expect("stdin");
    }
    let out = child.wait_with_output().expect("wait");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A running `serve`, stopped when dropped.
struct Server {
    child: Child,
    base: String,
    output: Vec<String>,
}

impl Server {
    fn start(data: &std::path::Path, extra: &[&str]) -> Server {
        let mut child = Command::new(BIN)
            .arg("--data")
            .arg(data)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(extra)
            .env_remove("TENDERDESK_DATABASE_URL")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start server");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let mut output = Vec::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            let Some(Ok(line)) = lines.next() else { break };
            output.push(line.clone());
            if let Some(addr) = line.strip_prefix("tenderdesk listening on ") {
                let base = addr.trim().to_string();
                std::thread::spawn(move || for _ in lines {});
                return Server {
                    child,
                    base,
                    output,
                };
            }
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("the server did not start: {output:?}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn users_and_tokens_from_the_command_line() {
    let dir = tempfile::tempdir().expect("dir");
    let (ok, out, err) = tenderdesk(
        dir.path(),
        &[
            "user",
            "add",
            "--name",
            "claire",
            "--role",
            "bid_manager",
            "--password-stdin",
        ],
        Some("a long enough password\n"),
    );
    assert!(ok, "{out}{err}");
    assert!(out.contains("claire"), "{out}");
    let (ok, _, err) = tenderdesk(
        dir.path(),
        &[
            "user",
            "add",
            "--name",
            "claire",
            "--role",
            "viewer",
            "--password-stdin",
        ],
        Some("a long enough password\n"),
    );
    assert!(!ok, "a second claire is refused");
    assert!(err.contains("already exists"), "{err}");
    let (ok, _, err) = tenderdesk(
        dir.path(),
        &[
            "user",
            "add",
            "--name",
            "bob",
            "--role",
            "boss",
            "--password-stdin",
        ],
        Some("a long enough password\n"),
    );
    assert!(!ok && err.contains("boss"), "unknown role named: {err}");
    let (ok, _, err) = tenderdesk(
        dir.path(),
        &[
            "user",
            "add",
            "--name",
            "bob",
            "--role",
            "viewer",
            "--password-stdin",
        ],
        Some("short\n"),
    );
    assert!(!ok && err.contains("12"), "{err}");
    let (ok, out, _) = tenderdesk(dir.path(), &["user", "list", "--json"], None);
    assert!(ok);
    let users: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(users.as_array().map(Vec::len), Some(1));
    assert_eq!(users[0]["role"], "bid_manager");
    let (ok, token, err) = tenderdesk(
        dir.path(),
        &["token", "create", "--name", "ci", "--user", "claire"],
        None,
    );
    assert!(ok, "{err}");
    let token = token.trim().to_string();
    assert!(token.starts_with("td_") && token.len() == 67, "{token}");
    let (ok, _, err) = tenderdesk(
        dir.path(),
        &["token", "create", "--name", "ci", "--user", "ghost"],
        None,
    );
    assert!(!ok && err.contains("not found"), "{err}");

    // The token opens the API of a server started on the same data folder.
    let server = Server::start(dir.path(), &[]);
    let me: serde_json::Value = http::get_json(&format!("{}/api/v1/me", server.base), &token);
    assert_eq!(me["name"], "claire");
    assert!(
        !server.output.iter().any(|l| l.contains("password:")),
        "no admin is created when users exist"
    );
}

#[test]
fn first_start_prints_a_one_time_admin_password_and_demo_loads_once() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("fresh/data");
    let first = Server::start(&data, &["--demo"]);
    let password = first
        .output
        .iter()
        .find_map(|l| {
            l.trim()
                .strip_prefix("password:")
                .map(|p| p.trim().to_string())
        })
        .expect("the admin password is printed");
    assert_eq!(password.len(), 20);
    assert!(
        data.join("tenderdesk.db").exists(),
        "database created in the data folder"
    );
    assert!(
        data.join("index").is_dir(),
        "search index created in the data folder"
    );
    let health = http::health(&format!("{}/healthz", first.base));
    assert_eq!(health["status"], "ok");
    drop(first);

    let second = Server::start(&data, &["--demo"]);
    assert!(
        !second.output.iter().any(|l| l.contains("password:")),
        "printed once only"
    );
    assert!(
        second
            .output
            .iter()
            .any(|l| l.contains("demo tender already present")),
        "{:?}",
        second.output
    );
    drop(second);
    let (ok, out, _) = tenderdesk(&data, &["user", "list"], None);
    assert!(
        ok && out.contains("admin") && out.contains("\tadmin"),
        "{out}"
    );
}

#[test]
fn every_subcommand_takes_a_database_url() {
    let Ok(admin) = std::env::var("TEST_DATABASE_URL") else {
        eprintln!("SKIPPED (PostgreSQL): TEST_DATABASE_URL is not set");
        return;
    };
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("dir");
    let db = rt.block_on(common_db(&admin));
    let (ok, out, err) = tenderdesk(
        dir.path(),
        &[
            "--database-url",
            &db.1,
            "user",
            "add",
            "--name",
            "pg",
            "--role",
            "viewer",
            "--password-stdin",
        ],
        Some("a long enough password\n"),
    );
    assert!(ok, "{out}{err}");
    let (ok, out, _) = tenderdesk(dir.path(), &["user", "list", "--database-url", &db.1], None);
    assert!(ok && out.contains("pg"), "{out}");
    assert!(
        !dir.path().join("tenderdesk.db").exists(),
        "nothing went to SQLite"
    );
    rt.block_on(async {
        if let Ok(pool) = sqlx::PgPool::connect(&admin).await {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                db.0
            )))
            .execute(&pool)
            .await;
        }
    });
}

async fn common_db(admin: &str) -> (String, String) {
    let name = format!(
        "td_cli_{}_{}",
        std::process::id(),
        chrono::Utc::now().timestamp_micros()
    );
    let pool = sqlx::PgPool::connect(admin).await.expect("connect");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&pool)
        .await
        .expect("create db");
    let base = admin.split('?').next().unwrap_or(admin);
    let prefix = base.rsplit_once('/').map(|(p, _)| p).unwrap_or(base);
    (name.clone(), format!("{prefix}/{name}"))
}

/// Small blocking HTTP helpers for these process-level tests.
mod http {
    pub fn get_json(url: &str, token: &str) -> serde_json::Value {
        let rt = tokio::runtime::Runtime::new().expect("runtime");
        rt.block_on(async {
            reqwest::Client::new()
                .get(url)
                .bearer_auth(token)
                .send()
                .await
                .expect("get")
                .json()
                .await
                .expect("json")
        })
    }

    pub fn health(url: &str) -> serde_json::Value {
        let rt = tokio::runtime::Runtime::new().expect("runtime");
        rt.block_on(async {
            reqwest::get(url)
                .await
                .expect("get")
                .json()
                .await
                .expect("json")
        })
    }
}

fn fixture_path(name: &str) -> String {
    format!("{}/fixtures/dce/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn extract_prints_what_would_be_stored_and_stores_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let (ok, out, err) = tenderdesk(
        dir.path(),
        &[
            "extract",
            "--json",
            &fixture_path("RC.md"),
            &fixture_path("DPGF.xlsx"),
        ],
        None,
    );
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["documents"][0]["kind"], "RC");
    assert_eq!(v["documents"][0]["format"], "markdown");
    assert_eq!(v["documents"][1]["kind"], "DPGF");
    assert_eq!(v["documents"][1]["sheets"][0]["header_row"], 3);
    assert!(
        v["documents"][1]["problem"]
            .as_str()
            .unwrap_or("")
            .contains("DPGF!F6")
    );
    assert!(
        !dir.path().join("tenderdesk.db").exists(),
        "a dry run opens no database"
    );
    let (ok, _, err) = tenderdesk(
        dir.path(),
        &["extract", "--json", "/no/such/file.pdf"],
        None,
    );
    assert!(!ok && err.contains("file.pdf"), "{err}");
}

#[test]
fn ingest_creates_or_fills_a_tender() {
    let dir = tempfile::tempdir().expect("dir");
    let (ok, out, err) = tenderdesk(
        dir.path(),
        &[
            "ingest",
            "--new",
            "Infogérance",
            &fixture_path("CCAP.docx"),
            &fixture_path("BPU.csv"),
        ],
        None,
    );
    assert!(ok, "{err}");
    let id: i64 = out.trim().parse().expect("the tender id is printed");
    assert!(err.contains("CCAP") && err.contains("BPU"), "{err}");
    let (ok, out, err) = tenderdesk(
        dir.path(),
        &[
            "ingest",
            "--tender",
            &id.to_string(),
            "--json",
            &fixture_path("RC.md"),
        ],
        None,
    );
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["tender_id"], id);
    assert_eq!(v["documents"][0]["kind"], "RC");
    let (ok, _, err) = tenderdesk(
        dir.path(),
        &["ingest", "--tender", "999", &fixture_path("RC.md")],
        None,
    );
    assert!(!ok && err.contains("not found"), "{err}");
    let (ok, _, err) = tenderdesk(dir.path(), &["ingest", &fixture_path("RC.md")], None);
    assert!(
        !ok && err.contains("--tender"),
        "one of --tender or --new is required: {err}"
    );
    let junk = dir.path().join("junk.bin");
    std::fs::write(&junk, [0u8, 1, 2, 3, 0, 159]).expect("write");
    let (ok, _, err) = tenderdesk(
        dir.path(),
        &[
            "ingest",
            "--tender",
            &id.to_string(),
            junk.to_str().unwrap_or(""),
        ],
        None,
    );
    assert!(
        !ok && err.contains("junk.bin") && err.contains("unsupported"),
        "{err}"
    );
}

#[test]
fn extract_gives_the_tender_facts_with_criteria_shares_and_flags_disagreements() {
    let dir = tempfile::tempdir().expect("dir");
    let (ok, out, err) = tenderdesk(
        dir.path(),
        &[
            "extract",
            "--json",
            &fixture_path("RC.md"),
            &fixture_path("CCTP.md"),
        ],
        None,
    );
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let rc = &v["documents"][0];
    assert_eq!(rc["kind"], "RC");
    assert!(rc["sections"].as_array().is_some_and(|s| s.len() > 10));
    let req = &rc["requirements"][0];
    for key in ["ref", "page", "text", "strength", "category"] {
        assert!(!req[key].is_null(), "requirement has {key}: {req}");
    }
    let facts = &v["facts"];
    assert_eq!(facts["deadline"], "2027-03-15T12:00:00+01:00");
    let criteria = facts["criteria"].as_array().cloned().unwrap_or_default();
    let weights: Vec<(f64, f64)> = criteria
        .iter()
        .map(|c| {
            (
                c["weight"].as_f64().unwrap_or(-1.0),
                c["share"].as_f64().unwrap_or(-1.0),
            )
        })
        .collect();
    assert_eq!(weights, vec![(40.0, 0.4), (50.0, 0.5), (10.0, 0.1)]);
    assert_eq!(criteria[1]["children"][0]["weight"], 40.0);
    assert_eq!(criteria[1]["children"][0]["share"], 0.2);
    assert!(
        facts.get("conflicts").is_none(),
        "one RC, no disagreement: {}",
        facts["conflicts"]
    );

    // Two RCs with different deadlines: both values are reported.
    let (ok, out, _) = tenderdesk(
        dir.path(),
        &[
            "extract",
            "--json",
            &fixture_path("RC.md"),
            &fixture_path("RC-prose.md"),
        ],
        None,
    );
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let conflict = v["facts"]["conflicts"]["deadline"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(conflict.len(), 2, "{}", v["facts"]);
}
