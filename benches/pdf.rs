//! PDF text extraction throughput, side by side with poppler's `pdftotext` when it is installed.
//!
//! `cargo bench --bench pdf` writes a 100-page French text PDF (Helvetica, WinAnsi, plain
//! content streams), extracts it several times with `ingest::pdf::extract` and with
//! `pdftotext` (a process per run, as a caller would use it), and prints the medians, pages/s,
//! MB/s and the ratio. `PDF_BENCH_FILE=some.pdf` measures that file as well.
//! Figures are indications for BENCHMARKS.md, never assertions.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tenderdesk::ingest::Limits;
use tenderdesk::ingest::pdf;

const PAGES: usize = 100;
const LINES_PER_PAGE: usize = 48;
const RUNS: usize = 9;

const SENTENCES: [&str; 10] = [
    "Le présent marché a pour objet la fourniture de matériel électrique et sa maintenance.",
    "L’acheteur public désigné ci-après est la Communauté d’agglomération du Val de Loire.",
    "Les candidats doivent justifier de leur capacité économique et financière.",
    "La date limite de réception des offres est fixée au 15 décembre à 12 h 00.",
    "Critères d’attribution : prix (40 %), valeur technique (60 %), délais d’exécution.",
    "Le titulaire s’engage à respecter le cahier des clauses techniques particulières.",
    "Œuvre, cœur, sœur : l’œil du maître d’ouvrage reste vigilant à chaque étape.",
    "Les offres sont rédigées en français ; les prix sont exprimés en euros (€) hors taxes.",
    "Être à même de garantir la continuité du service à l’issue du délai de préavis.",
    "Pénalités de retard : 1/1000e du montant du bon de commande par jour calendaire.",
];

/// A PDF string literal in WinAnsi (Windows-1252) bytes, as Word-era PDF writers make them.
fn pdf_string(text: &str, out: &mut Vec<u8>) {
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    out.push(b'(');
    for &b in bytes.iter() {
        if matches!(b, b'(' | b')' | b'\\') {
            out.push(b'\\');
        }
        out.push(b);
    }
    out.push(b')');
}

/// A text PDF of `pages` A4 pages: a title line, then sentences on a 10 pt Helvetica grid.
fn make_pdf(pages: usize) -> Vec<u8> {
    let mut objects: Vec<Vec<u8>> = Vec::new();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    objects.push(
        format!(
            "<< /Type /Pages /Count {pages} /Kids [{}] >>",
            kids.join(" ")
        )
        .into_bytes(),
    );
    objects.push(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    );
    for page in 0..pages {
        let mut content = Vec::new();
        content.extend_from_slice(b"BT /F1 12 Tf 56 800 Td ");
        pdf_string(
            &format!("Article {} – Dispositions particulières", page + 1),
            &mut content,
        );
        content.extend_from_slice(b" Tj /F1 10 Tf 0 -20 Td 13 TL\n");
        for line in 0..LINES_PER_PAGE {
            let sentence = SENTENCES
                .get((page * 7 + line * 3) % SENTENCES.len())
                .copied()
                .unwrap_or("");
            pdf_string(sentence, &mut content);
            content.extend_from_slice(b" '\n");
        }
        content.extend_from_slice(b"ET");
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend_from_slice(&content);
        stream.extend_from_slice(b"\nendstream");
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                5 + 2 * page
            )
            .into_bytes(),
        );
        objects.push(stream);
    }
    let mut pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        pdf.extend_from_slice(body);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

/// Median time of `RUNS` calls, after one warm-up call.
fn measure(mut run: impl FnMut() -> bool) -> Option<Duration> {
    if !run() {
        return None;
    }
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        if !run() {
            return None;
        }
        times.push(start.elapsed());
    }
    Some(median(times))
}

fn pdftotext_available() -> bool {
    Command::new("pdftotext")
        .arg("-v")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

fn pdftotext(path: &Path) -> bool {
    Command::new("pdftotext")
        .arg(path)
        .arg("/dev/null")
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn report(label: &str, bytes: &[u8], path: &Path, with_pdftotext: bool) {
    let limits = Limits::default();
    let text = match pdf::extract(bytes, &limits) {
        Ok(text) => text,
        Err(e) => {
            println!("{label}: extraction failed: {e}");
            return;
        }
    };
    let pages = text.pages.len();
    let chars: usize = text.pages.iter().map(|p| p.chars().count()).sum();
    let mb = bytes.len() as f64 / 1e6;
    println!(
        "{label}: {pages} pages, {:.1} KB, {chars} characters of text",
        bytes.len() as f64 / 1e3
    );
    let Some(ours) = measure(|| pdf::extract(bytes, &limits).is_ok()) else {
        println!("  extraction failed during the runs");
        return;
    };
    let secs = ours.as_secs_f64();
    println!(
        "  ingest::pdf::extract  median of {RUNS}: {:8.1} ms  {:7.0} pages/s  {:6.2} MB/s",
        secs * 1e3,
        pages as f64 / secs,
        mb / secs
    );
    if !with_pdftotext {
        return;
    }
    match measure(|| pdftotext(path)) {
        Some(theirs) => {
            let t = theirs.as_secs_f64();
            println!(
                "  pdftotext (process)   median of {RUNS}: {:8.1} ms  {:7.0} pages/s  {:6.2} MB/s",
                t * 1e3,
                pages as f64 / t,
                mb / t
            );
            println!(
                "  ratio extract / pdftotext: {:.2} (target: at most 3)",
                secs / t
            );
        }
        None => println!("  pdftotext failed on this file: no comparison"),
    }
}

fn main() {
    let with_pdftotext = pdftotext_available();
    if !with_pdftotext {
        println!("pdftotext not found (apt-get install poppler-utils): comparison skipped");
    }
    let dir = std::env::temp_dir().join(format!("tenderdesk-bench-pdf-{}", std::process::id()));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        println!("cannot create {}: {e}", dir.display());
        return;
    }
    let bytes = make_pdf(PAGES);
    let path = dir.join("generated-100.pdf");
    match std::fs::write(&path, &bytes) {
        Ok(()) => report(
            "generated 100-page French text PDF",
            &bytes,
            &path,
            with_pdftotext,
        ),
        Err(e) => println!("cannot write {}: {e}", path.display()),
    }
    let small = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pdf/french.pdf");
    if let Ok(small_bytes) = std::fs::read(&small) {
        report(
            "fixtures/pdf/french.pdf (embedded subset font)",
            &small_bytes,
            &small,
            with_pdftotext,
        );
    }
    if let Some(extra) = std::env::var_os("PDF_BENCH_FILE") {
        let extra = Path::new(&extra);
        match std::fs::read(extra) {
            Ok(extra_bytes) => report(
                &extra.display().to_string(),
                &extra_bytes,
                extra,
                with_pdftotext,
            ),
            Err(e) => println!("PDF_BENCH_FILE {}: {e}", extra.display()),
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
