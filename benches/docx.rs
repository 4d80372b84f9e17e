//! Word document figures: a generated 200-page mémoire (60,000 words, 40 tables) rendered
//! from Markdown to DOCX, time and peak memory, side by side with `pandoc FILE.md -o
//! FILE.docx` on the same Markdown. `cargo bench --bench docx`.
//!
//! Peak memory is measured in a child process (this same binary, re-executed) so that it is
//! the render's own; pandoc's is read from /proc while it runs.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use tenderdesk::docx::{Cover, RenderOptions, render};

const WORDS: [&str; 24] = [
    "le",
    "titulaire",
    "assure",
    "la",
    "maintenance",
    "préventive",
    "des",
    "équipements",
    "avec",
    "une",
    "équipe",
    "dédiée",
    "selon",
    "le",
    "planning",
    "validé",
    "par",
    "l'acheteur",
    "et",
    "garantit",
    "un",
    "délai",
    "d'intervention",
    "court",
];

/// A deterministic mémoire: chapters, sections, prose with French punctuation, lists, tables.
fn memoire() -> (String, usize) {
    let mut seed = 42u64;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let mut md = String::new();
    let mut words = 0;
    let mut tables = 0;
    for chapter in 1..=10 {
        md.push_str(&format!(
            "# Chapitre {chapter} : organisation du service\n\n"
        ));
        for section in 1..=4 {
            md.push_str(&format!("## Section {chapter}.{section}\n\n"));
            for sub in 1..=3 {
                md.push_str(&format!("### Point {sub} ; détail\n\n"));
                for _ in 0..4 {
                    let n = 107;
                    for i in 0..n {
                        let w = WORDS[next() % WORDS.len()];
                        match i % 37 {
                            5 => md.push_str(&format!("**{w}** ")),
                            11 => md.push_str(&format!("*{w}* ")),
                            19 => md.push_str(&format!("{w} : ")),
                            29 => md.push_str(&format!("[{w}](https://exemple.fr/{i}) ")),
                            _ => {
                                md.push_str(w);
                                md.push(' ');
                            }
                        }
                    }
                    words += n;
                    md.push_str("!\n\n");
                }
                md.push_str(
                    "- premier point du dispositif\n- second point\n  - détail imbriqué\n\n",
                );
                words += 9;
            }
            if tables < 40 {
                tables += 1;
                md.push_str("| Poste | Quantité | Prix (€) | Remarque |\n|:--|:-:|--:|--|\n");
                for r in 0..25 {
                    md.push_str(&format!(
                        "| Prestation {r} | {} | {} 000 | conforme au CCTP |\n",
                        r + 1,
                        r * 3
                    ));
                    words += 8;
                }
                md.push('\n');
            }
        }
    }
    (md, words)
}

fn options() -> RenderOptions {
    RenderOptions {
        cover: Some(Cover {
            title: "Mémoire technique".into(),
            buyer: "Ville de Lyon".into(),
            reference: "AO-2026-042".into(),
            lot: "Lot 2".into(),
            company: "ACME".into(),
            date: "23/11/2026".into(),
        }),
        header_text: Some("AO-2026-042".into()),
        toc: true,
        ..RenderOptions::default()
    }
}

fn peak_rss_mib(pid: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map(|kib| kib / 1024.0)
        .unwrap_or(0.0)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

/// Renders the file once and prints the time and this process's peak memory.
fn child(md_path: &Path) {
    let md = std::fs::read_to_string(md_path).expect("markdown");
    let t = Instant::now();
    let docx = render(&md, &options()).expect("render");
    let took = t.elapsed();
    std::fs::write(md_path.with_extension("docx"), &docx).expect("write");
    println!(
        "{:.1}\t{:.1}\t{}",
        took.as_secs_f64() * 1000.0,
        peak_rss_mib("self"),
        docx.len()
    );
}

/// Runs pandoc, sampling its peak memory until it exits.
fn pandoc(md_path: &Path, out: &Path) -> Option<(Duration, f64)> {
    let t = Instant::now();
    let mut proc = Command::new("pandoc")
        .arg(md_path)
        .arg("-o")
        .arg(out)
        .spawn()
        .ok()?;
    let pid = proc.id().to_string();
    let mut peak = 0.0f64;
    loop {
        peak = peak.max(peak_rss_mib(&pid));
        if proc.try_wait().ok()?.is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    Some((t.elapsed(), peak))
}

fn main() {
    if let Ok(path) = std::env::var("TD_BENCH_DOCX_CHILD") {
        child(Path::new(&path));
        return;
    }
    let (md, words) = memoire();
    let dir = tempfile::tempdir().expect("dir");
    let md_path = dir.path().join("memoire.md");
    std::fs::write(&md_path, &md).expect("write");

    let opts = options();
    let mut runs = Vec::new();
    let mut size = 0;
    for _ in 0..15 {
        let t = Instant::now();
        size = render(&md, &opts).expect("render").len();
        runs.push(t.elapsed());
    }
    let ours = median(runs);
    let mut rss = Vec::new();
    for _ in 0..3 {
        let out = Command::new(std::env::current_exe().expect("exe"))
            .env("TD_BENCH_DOCX_CHILD", &md_path)
            .output()
            .expect("child");
        let line = String::from_utf8_lossy(&out.stdout).trim().to_string();
        rss.push(
            line.split('\t')
                .nth(1)
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(0.0),
        );
    }
    let rss = rss.iter().cloned().fold(0.0, f64::max);

    println!(
        "Markdown: {} kB, {words} words, 40 tables; DOCX {} kB",
        md.len() / 1000,
        size / 1000
    );
    println!("| measure | tenderdesk | pandoc | ratio |");
    println!("|---|---|---|---|");
    let ours_ms = ours.as_secs_f64() * 1000.0;
    let pandoc_out = dir.path().join("pandoc.docx");
    let mut pandoc_runs = Vec::new();
    for _ in 0..3 {
        match pandoc(&md_path, &pandoc_out) {
            Some(r) => pandoc_runs.push(r),
            None => break,
        }
    }
    if pandoc_runs.is_empty() {
        println!("| time (median of 15) | {ours_ms:.1} ms | SKIPPED: pandoc is not installed | |");
        println!("| peak RSS | {rss:.1} MiB | | |");
        eprintln!("SKIPPED (pandoc comparison): pandoc is not installed");
        return;
    }
    let p_time = median(pandoc_runs.iter().map(|r| r.0).collect());
    let p_rss = pandoc_runs.iter().map(|r| r.1).fold(0.0, f64::max);
    let p_ms = p_time.as_secs_f64() * 1000.0;
    println!(
        "| time (ours median of 15, pandoc median of 3) | {ours_ms:.1} ms | {p_ms:.0} ms | {:.1}× faster |",
        p_ms / ours_ms
    );
    println!(
        "| peak RSS | {rss:.1} MiB | {p_rss:.1} MiB | {:.1}× less |",
        p_rss / rss.max(0.1)
    );
}
