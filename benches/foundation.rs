//! Foundation figures: start to first answer, idle memory, request latency, password hashing,
//! tender listing. `cargo bench --bench foundation`; results go to BENCHMARKS.md by hand.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_tenderdesk");

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(idx).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

/// Spawns `serve` on a free port; returns the child, its address and the time to the first
/// `/healthz` answer.
fn start(data: &std::path::Path) -> (std::process::Child, String, Duration) {
    let t0 = Instant::now();
    let mut child = Command::new(BIN)
        .arg("--data")
        .arg(data)
        .args(["--log-level", "warn", "serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let base = loop {
        let line = lines.next().expect("server output").expect("line");
        if let Some(a) = line.strip_prefix("tenderdesk listening on ") {
            break a.trim().to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    let url = format!("{}/healthz", base.trim_start_matches("http://"));
    loop {
        if let Ok(mut s) = std::net::TcpStream::connect(&url[..url.find('/').unwrap_or(url.len())])
        {
            use std::io::{Read, Write};
            let _ = s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            let mut buf = String::new();
            let _ = s.read_to_string(&mut buf);
            if buf.starts_with("HTTP/1.1 200") {
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    (child, base, t0.elapsed())
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
}

fn main() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    // First start creates the database, the index and the admin.
    let (mut first, _, first_start) = start(&data);
    let _ = first.kill();
    let _ = first.wait();

    let mut starts = Vec::new();
    for _ in 0..10 {
        let (mut child, _, took) = start(&data);
        starts.push(took);
        let _ = child.kill();
        let _ = child.wait();
    }
    starts.sort();

    let (mut child, base, _) = start(&data);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let client = reqwest::Client::new();
    let mut lat = Vec::new();
    rt.block_on(async {
        for i in 0..2_200 {
            let path = if i % 2 == 0 { "/healthz" } else { "/login" };
            let t = Instant::now();
            let resp = client
                .get(format!("{base}{path}"))
                .send()
                .await
                .expect("get");
            let _ = resp.bytes().await;
            if i >= 200 {
                lat.push(t.elapsed());
            }
        }
    });
    lat.sort();
    std::thread::sleep(Duration::from_secs(2));
    let idle_rss = rss_kib(child.id());
    let _ = child.kill();
    let _ = child.wait();

    let mut hashes = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let _ = tenderdesk::auth::hash_password("a long enough password");
        hashes.push(t.elapsed());
    }
    hashes.sort();

    let (insert, list) = rt.block_on(async {
        let store = tenderdesk::store::Store::connect(&format!(
            "sqlite://{}/bench.db",
            dir.path().display()
        ))
        .await
        .expect("store");
        let t = Instant::now();
        for i in 0..10_000 {
            let nt = tenderdesk::model::NewTender {
                title: format!("Consultation {i}"),
                deadline: tenderdesk::model::Deadline::parse(
                    &format!("2027-{:02}-{:02} 12:00", i % 12 + 1, i % 28 + 1),
                    tenderdesk::model::Deadline::DEFAULT_TZ,
                )
                .ok(),
                ..Default::default()
            };
            store.create_tender(&nt).await.expect("insert");
        }
        let insert = t.elapsed();
        let mut lists = Vec::new();
        for _ in 0..20 {
            let t = Instant::now();
            let all = store.list_tenders().await.expect("list");
            assert_eq!(all.len(), 10_000);
            lists.push(t.elapsed());
        }
        lists.sort();
        (insert, percentile(&lists, 0.5))
    });

    println!("| measure | value |");
    println!("|---|---|");
    println!(
        "| first start (create database, index, admin) to first answer | {} |",
        ms(first_start)
    );
    println!(
        "| start to first /healthz answer, existing database (median of 10) | {} |",
        ms(percentile(&starts, 0.5))
    );
    println!(
        "| start to first answer, worst of 10 | {} |",
        ms(percentile(&starts, 1.0))
    );
    println!(
        "| idle RSS after 2,200 requests | {:.1} MB |",
        idle_rss as f64 / 1024.0
    );
    println!(
        "| GET /healthz + /login, sequential keep-alive, p50 | {} |",
        ms(percentile(&lat, 0.5))
    );
    println!("| same, p99 | {} |", ms(percentile(&lat, 0.99)));
    println!(
        "| argon2id password hash (median of 5) | {} |",
        ms(percentile(&hashes, 0.5))
    );
    println!(
        "| insert 10,000 tenders one by one (SQLite) | {} |",
        ms(insert)
    );
    println!(
        "| list 10,000 tenders sorted by deadline (median of 20) | {} |",
        ms(list)
    );
}
