//! Ingestion figures: DOCX text extraction throughput, and the time and peak memory to ingest
//! a 300-page DCE ZIP into a fresh SQLite store. `cargo bench --bench ingest`.
//!
//! The DCE measurement runs in a child process (this same binary, re-executed) so that its
//! peak memory (VmHWM) is its own.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tenderdesk::ingest::{self, Limits};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/dce")
            .join(name),
    )
    .expect("fixture")
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map(|kib| kib / 1024.0)
        .unwrap_or(0.0)
}

/// A DCE of about 300 pages: the fixture PDFs repeated, plus the Word, spreadsheet and frame pieces.
fn big_dce() -> (Vec<u8>, usize) {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut pages = 0;
    let pdfs = [("CCTP.pdf", 16), ("RC.pdf", 6), ("CCAP.pdf", 5)];
    let mut i = 0;
    while pages < 280 {
        let (name, n) = pdfs[i % pdfs.len()];
        w.start_file(format!("DCE/{i:02}_{name}"), opts)
            .expect("entry");
        w.write_all(&fixture(name)).expect("write");
        pages += n;
        i += 1;
    }
    for name in [
        "CCTP.docx",
        "CCAP.docx",
        "RC.docx",
        "cadre-de-reponse.docx",
        "BPU.xlsx",
        "DPGF.xlsx",
        "CCTP.odt",
    ] {
        w.start_file(format!("DCE/{name}"), opts).expect("entry");
        w.write_all(&fixture(name)).expect("write");
    }
    (w.finish().expect("zip").into_inner(), pages)
}

/// The child: ingest the ZIP at `path` into a fresh store and print time and peak memory.
fn child(path: &Path) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("dir");
    let bytes = std::fs::read(path).expect("zip");
    let t = Instant::now();
    let pieces = ingest::read_upload("DCE.zip", bytes, &Limits::default()).expect("read");
    let read = t.elapsed();
    let stored = rt.block_on(async {
        let store =
            tenderdesk::store::Store::connect(&format!("sqlite://{}/b.db", dir.path().display()))
                .await
                .expect("store");
        let tender = store
            .create_tender(&tenderdesk::model::NewTender {
                title: "bench".into(),
                ..Default::default()
            })
            .await
            .expect("tender");
        let files = tenderdesk::store::FileStore::new(&dir.path().join("files"));
        store
            .store_pieces(tender, &pieces, &files)
            .await
            .expect("store")
            .len()
    });
    let total = t.elapsed();
    let pages: usize = pieces.iter().map(|p| p.pages.len()).sum();
    // The understanding step alone (outline, requirements, facts), run again on the same text.
    let u = Instant::now();
    let mut found = 0;
    for p in &pieces {
        let sections = tenderdesk::understand::outline::outline(&p.pages);
        found += tenderdesk::understand::requirements::requirements(&p.pages, &sections).len();
        let _ = tenderdesk::understand::facts::extract(&p.pages);
    }
    let understand = u.elapsed();
    println!(
        "{stored}\t{pages}\t{:.3}\t{:.3}\t{:.1}\t{:.3}\t{found}",
        read.as_secs_f64(),
        total.as_secs_f64(),
        peak_rss_mib(),
        understand.as_secs_f64()
    );
}

fn main() {
    if let Ok(path) = std::env::var("TD_BENCH_INGEST_CHILD") {
        child(Path::new(&path));
        return;
    }
    let limits = Limits::default();
    let docx = fixture("CCTP.docx");
    let mut runs = Vec::new();
    let mut chars = 0;
    for _ in 0..30 {
        let t = Instant::now();
        let p = ingest::read_upload("CCTP.docx", docx.clone(), &limits).expect("docx");
        runs.push(t.elapsed());
        chars = p[0].pages.iter().map(String::len).sum::<usize>();
    }
    let docx_time = median(runs);
    let mb = docx.len() as f64 / 1e6;

    let (zip, pdf_pages) = big_dce();
    let dir = tempfile::tempdir().expect("dir");
    let zip_path = dir.path().join("DCE.zip");
    std::fs::write(&zip_path, &zip).expect("write zip");
    let mut results = Vec::new();
    for _ in 0..3 {
        let out = std::process::Command::new(std::env::current_exe().expect("exe"))
            .env("TD_BENCH_INGEST_CHILD", &zip_path)
            .output()
            .expect("child");
        let line = String::from_utf8_lossy(&out.stdout).trim().to_string();
        results.push(line);
    }
    println!("| measure | value |");
    println!("|---|---|");
    println!(
        "| DOCX text extraction, CCTP.docx ({:.0} KB, {} chars of text), median of 30 | {:.2} ms, {:.1} MB/s of file |",
        mb * 1000.0,
        chars,
        docx_time.as_secs_f64() * 1000.0,
        mb / docx_time.as_secs_f64()
    );
    println!(
        "| 300-page DCE ZIP: {:.1} MB, {pdf_pages} PDF pages + 7 Word/ODT/Excel pieces | |",
        zip.len() as f64 / 1e6
    );
    for r in results {
        let f: Vec<&str> = r.split('\t').collect();
        if let [docs, pages, read, total, rss, understand, found] = f.as_slice() {
            println!(
                "| ingest run: {docs} pieces, {pages} pages stored | read (with understanding) {read} s, read + store {total} s, peak RSS {rss} MiB; understanding alone {understand} s ({found} requirements) |"
            );
        } else {
            println!("| ingest run failed | {r} |");
        }
    }
}
