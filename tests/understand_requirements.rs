//! Requirement extraction measured against the hand labels of the fixtures (`fixtures/labels`):
//! precision and recall per file, per category and overall, for the Markdown/CSV sources and
//! for their PDF, Word and ODF versions, plus facts of the outline. See the table with
//! `cargo test --test understand_requirements -- --nocapture` (`SHOW_CATEGORIES=1` also lists
//! the matched items whose category differs from the label's).

use std::collections::HashSet;
use std::path::PathBuf;

use tenderdesk::ingest::{self, Limits};
use tenderdesk::model::Category;
use tenderdesk::understand::outline::{self, Heading};
use tenderdesk::understand::requirements::{self, Found};

/// The sources, labelled by hand.
const SOURCES: &str = "RC.md CCTP.md CCAP.md CCAP-sans-risque.md cadre-de-reponse.md RC-en.md RC-prose.md BPU.csv DPGF.csv";
/// The same documents as real DCEs carry them.
const BINARIES: &str = "RC.pdf RC.docx CCTP.pdf CCTP.docx CCAP.pdf CCAP.docx";
/// Other formats of the same documents.
const OTHERS: &str = "CCTP.odt CCAP.odt cadre-de-reponse.docx BPU.xlsx BPU.ods DPGF.xlsx DPGF.ods";

#[derive(serde::Deserialize)]
struct Labels {
    requirements: Vec<Label>,
}

#[derive(serde::Deserialize)]
struct Label {
    #[serde(rename = "ref")]
    reference: Option<String>,
    text: String,
    strength: String,
    category: String,
}

fn read(folder: &str, name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(folder)
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn fixture_pages(name: &str) -> Vec<String> {
    let pieces = ingest::read_upload(name, read("dce", name), &Limits::default());
    let piece = pieces.unwrap_or_else(|e| panic!("{name}: {e}")).remove(0);
    assert!(piece.error.is_none(), "{name}: {:?}", piece.error);
    assert!(
        piece.pages.iter().any(|p| !p.trim().is_empty()),
        "{name}: no text"
    );
    piece.pages
}

fn labels(stem: &str) -> Vec<Label> {
    let labels: Labels = serde_json::from_slice(&read("labels", &format!("{stem}.json")))
        .unwrap_or_else(|e| panic!("{stem}: {e}"));
    labels.requirements
}

/// Lower case, one space, no list marker, no final punctuation.
fn normalise(text: &str) -> String {
    let t = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let mut t = ["- ", "• ", "* ", "> "]
        .iter()
        .fold(t, |t, m| t.strip_prefix(m).map(str::to_string).unwrap_or(t));
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if (1..=2).contains(&digits) && [". ", ") "].iter().any(|m| t[digits..].starts_with(m)) {
        t = t[digits + 2..].to_string();
    }
    t.trim_end_matches(|c: char| ".;:,!?".contains(c) || c.is_whitespace())
        .to_string()
}

fn tokens(text: &str) -> HashSet<&str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect()
}

/// 1 for the same text; 0.8 to 1 when one contains the other; else the token Jaccard index.
fn similarity(a: &str, b: &str) -> f64 {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.contains(short) && (a == b || tokens(short).len() >= 3) {
        return 0.8 + 0.2 * short.len() as f64 / long.len() as f64;
    }
    let (ta, tb) = (tokens(a), tokens(b));
    ta.intersection(&tb).count() as f64 / ta.union(&tb).count().max(1) as f64
}

/// One-to-one matching, best pairs first: (found index, label index).
fn matching(found: &[Found], labels: &[Label]) -> Vec<(usize, usize)> {
    let labels: Vec<String> = labels.iter().map(|x| normalise(&x.text)).collect();
    let mut pairs = Vec::new();
    for (i, f) in found.iter().enumerate() {
        let f = normalise(&f.text);
        pairs.extend(
            labels
                .iter()
                .enumerate()
                .map(|(j, l)| (similarity(&f, l), i, j))
                .filter(|p| p.0 >= 0.8),
        );
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0));
    let (mut used_f, mut used_l, mut out) = (HashSet::new(), HashSet::new(), Vec::new());
    for (_, i, j) in pairs {
        if !used_f.contains(&i) && !used_l.contains(&j) {
            used_f.insert(i);
            used_l.insert(j);
            out.push((i, j));
        }
    }
    out
}

/// Counts: labels, found, matched, right strength, right category, right ref; and per category
/// (in `Category::ALL` order) labels, found, matched with the same category.
#[derive(Default)]
struct Tally {
    counts: [usize; 6],
    by_category: [[usize; 3]; 7],
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.counts
            .iter_mut()
            .zip(o.counts)
            .for_each(|(a, b)| *a += b);
        for (a, b) in self.by_category.iter_mut().zip(o.by_category) {
            a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        }
    }
    fn precision(&self) -> f64 {
        ratio(self.counts[2], self.counts[1])
    }
    fn recall(&self) -> f64 {
        ratio(self.counts[2], self.counts[0])
    }
    fn strength(&self) -> f64 {
        ratio(self.counts[3], self.counts[2])
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

fn category_index(c: &str) -> usize {
    Category::ALL
        .iter()
        .position(|x| x.as_str() == c)
        .unwrap_or(0)
}

/// Reads, extracts and matches one file: its tally and the lines worth showing.
fn measure(name: &str) -> (Tally, Vec<String>) {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let pages = fixture_pages(name);
    let found = requirements::requirements(&pages, &outline::outline(&pages));
    let labels = labels(stem);
    let pairs = matching(&found, &labels);
    let mut t = Tally {
        counts: [labels.len(), found.len(), pairs.len(), 0, 0, 0],
        ..Tally::default()
    };
    labels
        .iter()
        .for_each(|l| t.by_category[category_index(&l.category)][0] += 1);
    found
        .iter()
        .for_each(|f| t.by_category[category_index(f.category.as_str())][1] += 1);
    let mut notes = Vec::new();
    for &(i, j) in &pairs {
        let (f, l) = (&found[i], &labels[j]);
        t.counts[3] += usize::from(f.strength.as_str() == l.strength);
        t.counts[5] += usize::from(f.reference == l.reference.clone().unwrap_or_default());
        if f.category.as_str() == l.category {
            t.counts[4] += 1;
            t.by_category[category_index(&l.category)][2] += 1;
        } else if std::env::var_os("SHOW_CATEGORIES").is_some() {
            notes.push(format!(
                "  {name} category: {} (label {}): {}",
                f.category.as_str(),
                l.category,
                l.text
            ));
        }
    }
    let (matched_f, matched_l): (HashSet<usize>, HashSet<usize>) = pairs.iter().copied().unzip();
    for (_, l) in labels
        .iter()
        .enumerate()
        .filter(|(j, _)| !matched_l.contains(j))
    {
        notes.push(format!(
            "  {name} missed [{}]: {}",
            l.reference.clone().unwrap_or_default(),
            l.text
        ));
    }
    for f in found
        .iter()
        .enumerate()
        .filter(|(i, _)| !matched_f.contains(i))
        .map(|(_, f)| f)
    {
        notes.push(format!("  {name} extra [{}]: {}", f.reference, f.text));
    }
    (t, notes)
}

fn row(name: &str, t: &Tally) {
    let c = t.counts;
    let (p, r, s, cat, rf) = (
        t.precision(),
        t.recall(),
        t.strength(),
        ratio(c[4], c[2]),
        ratio(c[5], c[2]),
    );
    println!(
        "{name:<24} {:>6} {:>6} {:>6} {p:>6.2} {r:>6.2} {s:>8.2} {cat:>8.2} {rf:>6.2}",
        c[0], c[1], c[2]
    );
}

/// Measures a set of files, prints its table, and returns its overall tally.
fn measure_set(title: &str, names: &str) -> Tally {
    println!("\n== {title}");
    let head = [
        "labels", "found", "match", "P", "R", "strength", "category", "ref",
    ];
    println!(
        "{:<24} {:>6} {:>6} {:>6} {:>6} {:>6} {:>8} {:>8} {:>6}",
        "file", head[0], head[1], head[2], head[3], head[4], head[5], head[6], head[7]
    );
    let (mut all, mut notes) = (Tally::default(), Vec::new());
    for name in names.split_whitespace() {
        let (t, n) = measure(name);
        row(name, &t);
        all.add(&t);
        notes.extend(n);
    }
    row("overall", &all);
    println!(
        "{:<24} {:>6} {:>6} {:>6} {:>6}",
        "category", "labels", "found", "P", "R"
    );
    for (c, [labels, found, same]) in Category::ALL.iter().zip(all.by_category) {
        println!(
            "{:<24} {labels:>6} {found:>6} {:>6.2} {:>6.2}",
            c.as_str(),
            ratio(same, found),
            ratio(same, labels)
        );
    }
    notes.iter().for_each(|n| println!("{n}"));
    all
}

#[test]
fn requirements_match_the_hand_labels() {
    for (title, names, floor) in [
        ("Markdown and CSV sources", SOURCES, 0.9),
        ("PDF and Word versions", BINARIES, 0.9),
        ("ODF, Word answer frame and spreadsheets", OTHERS, 0.9),
    ] {
        let t = measure_set(title, names);
        let (p, r, s) = (t.precision(), t.recall(), t.strength());
        assert!(
            p >= floor && r >= floor && s >= 0.9,
            "{title}: precision {p:.2}, recall {r:.2}, strength {s:.2}"
        );
    }
}

fn find<'a>(outline: &'a [Heading], reference: &str) -> &'a Heading {
    let found = outline.iter().find(|h| h.reference == reference);
    found.unwrap_or_else(|| panic!("no heading {reference} in {outline:#?}"))
}

#[test]
fn the_outline_has_articles_and_numbered_headings_but_no_table_of_contents() {
    for name in ["CCTP.md", "CCTP.docx", "CCTP.odt", "CCTP.pdf"] {
        let outline = outline::outline(&fixture_pages(name));
        let h = find(&outline, "5.2.1");
        assert_eq!(
            (h.level, h.title.as_str()),
            (3, "Accueil et traitement des demandes"),
            "{name}"
        );
        let article = find(&outline, "ARTICLE 5");
        assert_eq!(
            (article.level, article.title.as_str()),
            (1, "LOT 1 : INFOGÉRANCE DU POSTE DE TRAVAIL"),
            "{name}"
        );
        assert_eq!(find(&outline, "1.1").level, 2, "{name}");
        assert!(
            outline
                .iter()
                .all(|h| !h.title.to_uppercase().contains("SOMMAIRE")),
            "{name}: the TOC is not a section"
        );
        assert!(
            outline
                .iter()
                .all(|h| h.reference != "1" && h.reference != "11"),
            "{name}: TOC entries are not sections"
        );
        assert_eq!(
            outline
                .iter()
                .filter(|h| h.reference.starts_with("ARTICLE "))
                .count(),
            11,
            "{name}"
        );
    }
    let levels = |name| {
        outline::outline(&fixture_pages(name))
            .into_iter()
            .map(|h| (h.reference, h.level))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        levels("CCTP.md"),
        levels("CCTP.pdf"),
        "the PDF outline is the Markdown one"
    );
    assert_eq!(levels("RC.md"), levels("RC.pdf"));
    assert_eq!(levels("CCAP.md"), levels("CCAP.docx"));
    let cadre = outline::outline(&fixture_pages("cadre-de-reponse.md"));
    assert_eq!(
        cadre
            .first()
            .map(|h| (h.reference.as_str(), h.title.as_str(), h.level)),
        Some(("", "CONSIGNES DE RÉDACTION", 1))
    );
}

#[test]
fn pdf_headings_carry_their_pages() {
    let cctp = outline::outline(&fixture_pages("CCTP.pdf"));
    for (reference, page) in [
        ("ARTICLE 1", 2),
        ("ARTICLE 2", 3),
        ("ARTICLE 5", 7),
        ("5.2.1", 7),
        ("5.2.3", 8),
        ("7.4", 12),
        ("ARTICLE 11", 16),
    ] {
        assert_eq!(find(&cctp, reference).page, page, "CCTP.pdf {reference}");
    }
    let rc = outline::outline(&fixture_pages("RC.pdf"));
    let art5 = find(&rc, "ARTICLE 5");
    assert_eq!(
        (art5.title.as_str(), art5.page),
        ("SÉLECTION DES CANDIDATURES ET JUGEMENT DES OFFRES", 5),
        "a title on two lines"
    );
    assert_eq!(find(&rc, "1.7").title, "Visite obligatoire");
    let found = requirements::requirements(&fixture_pages("CCTP.pdf"), &cctp);
    let sla = found
        .iter()
        .find(|f| f.text.starts_with("Le titulaire s'engage à atteindre"));
    assert_eq!(
        sla.map(|f| (f.reference.as_str(), f.page)),
        Some(("5.2.2", 7))
    );
}

#[test]
fn three_hundred_pages_take_well_under_a_second() {
    let pdf = fixture_pages("CCTP.pdf");
    // The Markdown CCTP (16 pages as a PDF) 19 times over, cut into 300 pages.
    let md = fixture_pages("CCTP.md").concat().repeat(19);
    let lines: Vec<&str> = md.lines().collect();
    let md_pages: Vec<String> = lines
        .chunks(lines.len().div_ceil(300))
        .map(|c| c.join("\n"))
        .collect();
    for (kind, pages) in [
        (
            "PDF",
            pdf.iter()
                .cycle()
                .take(300)
                .cloned()
                .collect::<Vec<String>>(),
        ),
        ("Markdown", md_pages),
    ] {
        let start = std::time::Instant::now();
        let outline = outline::outline(&pages);
        let found = requirements::requirements(&pages, &outline);
        let elapsed = start.elapsed();
        println!(
            "{kind}: {} pages, {} headings, {} requirements in {elapsed:?}",
            pages.len(),
            outline.len(),
            found.len()
        );
        assert!(found.len() > 300, "{kind}");
        // Release builds take a few tens of milliseconds; the bound leaves room for debug builds.
        assert!(elapsed.as_secs_f64() < 5.0, "{kind}: {elapsed:?}");
    }
}
