//! Key facts measured against the hand labels of the fixtures (Markdown, and the PDF / DOCX
//! versions read through the ingestion): a table of found / correct / missing per fact key
//! (`cargo test --test understand_facts -- --nocapture`), and hard checks on what the
//! workbench cannot get wrong: every RC's deadline and criteria (weights and shares exactly),
//! the CCAP's risky clauses, and the harmless values of the CCAP without risk.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;
use tenderdesk::ingest::{Limits, read_upload};
use tenderdesk::model::{CriterionInput, flatten_criteria};
use tenderdesk::understand::facts::{self, Facts};

/// (file in fixtures/dce, label stem)
const FIXTURES: &[(&str, &str)] = &[
    ("RC.md", "RC"),
    ("RC.docx", "RC"),
    ("RC.pdf", "RC"),
    ("RC-prose.md", "RC-prose"),
    ("RC-en.md", "RC-en"),
    ("CCAP.md", "CCAP"),
    ("CCAP.docx", "CCAP"),
    ("CCAP.pdf", "CCAP"),
    ("CCAP-sans-risque.md", "CCAP-sans-risque"),
    ("CCTP.md", "CCTP"),
    ("cadre-de-reponse.md", "cadre-de-reponse"),
    // Measured, not asserted: the other binary versions of the DCE.
    ("CCAP.odt", "CCAP"),
    ("CCTP.docx", "CCTP"),
    ("CCTP.pdf", "CCTP"),
    ("cadre-de-reponse.docx", "cadre-de-reponse"),
];

/// Label keys that belong to other readers (the response outline, the price grids).
const NOT_FACTS: &[&str] = &["outline", "price_grid"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn pages_of(file: &str) -> Vec<String> {
    let path = root().join("fixtures/dce").join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let pieces =
        read_upload(file, bytes, &Limits::default()).unwrap_or_else(|e| panic!("{file}: {e}"));
    pieces
        .into_iter()
        .next()
        .map(|p| p.pages)
        .unwrap_or_default()
}

fn label(stem: &str) -> serde_json::Map<String, Value> {
    let path = root().join("fixtures/labels").join(format!("{stem}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{stem}: {e}"));
    v.get("facts")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// Lowercase, accents and typographic apostrophes removed.
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'À' | 'Â' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            '’' => '\'',
            '–' | '—' | '−' => '-',
            c => c.to_lowercase().next().unwrap_or(c),
        })
        .collect()
}

fn words(s: &str) -> Vec<String> {
    const STOP: &[&str] = &[
        "dans", "pour", "avec", "sans", "des", "les", "une", "aux", "par", "the", "and",
    ];
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 4 && !STOP.contains(w))
        .map(str::to_string)
        .collect()
}

/// Names match loosely: every significant word of the label is in the extracted name.
fn loose(label: &str, got: &str) -> bool {
    let got_words = words(got);
    let want = words(label);
    !got_words.is_empty()
        && want.iter().all(|w| {
            got_words
                .iter()
                .any(|g| g.starts_with(w.as_str()) || w.starts_with(g.as_str()))
        })
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn num(v: Option<&Value>) -> Option<f64> {
    v.and_then(Value::as_f64)
}

/// The extracted value (the `value` of a `Sourced`) at a key of the facts JSON.
fn value<'a>(got: &'a Value, key: &str) -> Option<&'a Value> {
    got.get(key)
        .filter(|v| !v.is_null())
        .map(|v| v.get("value").unwrap_or(v))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Correct,
    Wrong,
    Missing,
}

/// Compares one labelled key; gives the verdict and a note for the table.
fn judge(key: &str, want: &Value, facts: &Facts, got: &Value) -> (Verdict, String) {
    use Verdict::*;
    let found = |v: Option<&Value>| v.is_some();
    let verdict = |ok: bool| if ok { Correct } else { Wrong };
    match key {
        "deadline" | "questions_deadline" | "reference" => match value(got, key) {
            None => (Missing, String::new()),
            Some(v) => (verdict(v == want), format!("{v}")),
        },
        "validity_days"
        | "memoire_page_limit"
        | "payment_delay_days"
        | "advance_percent"
        | "retention_percent"
        | "termination_indemnity_percent" => match num(value(got, key)) {
            None => (Missing, String::new()),
            Some(v) => (verdict(Some(v) == want.as_f64()), format!("{v}")),
        },
        "site_visit" | "variants_allowed" | "negotiation_possible" | "advance_guarantee" => {
            match value(got, key) {
                None => (Missing, String::new()),
                Some(v) => (verdict(v == want), format!("{v}")),
            }
        }
        "buyer" => match value(got, "buyer") {
            None => (Missing, String::new()),
            Some(v) => {
                let name_ok = want.get("name").and_then(Value::as_str).is_none_or(|n| {
                    v.get("name")
                        .and_then(Value::as_str)
                        .is_some_and(|g| fold(g) == fold(n))
                });
                let siret_ok = want.get("siret").is_none_or(|s| v.get("siret") == Some(s));
                (verdict(name_ok && siret_ok), format!("{v}"))
            }
        },
        "lots" => match value(got, "lots").and_then(Value::as_array) {
            None => (Missing, String::new()),
            Some(g) => {
                let w = want.as_array().cloned().unwrap_or_default();
                let ok = g.len() == w.len()
                    && w.iter().zip(g).all(|(w, g)| {
                        let same = |k: &str| w.get(k).is_none_or(|x| g.get(k) == Some(x));
                        w.get("number") == g.get("number")
                            && fold(w.get("title").and_then(Value::as_str).unwrap_or(""))
                                == fold(g.get("title").and_then(Value::as_str).unwrap_or(""))
                            && same("max_annual_value_cents")
                            && same("estimated_value_cents")
                            && same("cpv")
                    });
                (verdict(ok), format!("{} lots", g.len()))
            }
        },
        "procedure" => {
            let kind = value(got, "procedure");
            let framework = value(got, "framework").cloned().unwrap_or(Value::Null);
            if !found(kind) && framework.is_null() {
                return (Missing, String::new());
            }
            let ok = kind == want.get("kind") && Some(&framework) == want.get("framework");
            (
                verdict(ok),
                format!("{} / {framework}", kind.cloned().unwrap_or(Value::Null)),
            )
        }
        "duration" => match value(got, "duration") {
            None => (Missing, String::new()),
            Some(v) => {
                let ok = ["initial_months", "renewals", "renewal_months", "max_months"]
                    .iter()
                    .all(|k| v.get(k) == want.get(k));
                (verdict(ok), squash(&v.to_string()))
            }
        },
        "criteria" => match facts.criteria.as_ref() {
            None => (Missing, String::new()),
            Some(c) => {
                let (ok, note) = criteria_match(want, &c.value);
                (verdict(ok), note)
            }
        },
        "price_formula" => match value(got, "price_formula") {
            None => (Missing, String::new()),
            Some(v) => {
                let ok = v.get("kind") == want.get("kind")
                    && num(v.get("max")) == num(want.get("max"))
                    && squash(v.get("expression").and_then(Value::as_str).unwrap_or(""))
                        == squash(want.get("expression").and_then(Value::as_str).unwrap_or(""))
                    && want
                        .get("floor")
                        .is_none_or(|f| num(v.get("floor")) == f.as_f64());
                (
                    verdict(ok),
                    format!("{}", v.get("expression").unwrap_or(&Value::Null)),
                )
            }
        },
        "abnormally_low" => match value(got, "abnormally_low") {
            None => (Missing, String::new()),
            Some(v) => {
                let ok = v.get("reference") == want.get("reference")
                    && num(v.get("percent_below")) == num(want.get("percent_below"));
                (verdict(ok), squash(&v.to_string()))
            }
        },
        "required_pieces" => {
            let list = |side: &str| -> Vec<String> {
                got.get("required_pieces")
                    .and_then(|r| r.get(side))
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|p| p.get("value")?.as_str().map(fold))
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let (c, o) = (list("candidature"), list("offre"));
            if c.is_empty() && o.is_empty() {
                return (Missing, String::new());
            }
            let same = |side: &str, g: &[String]| {
                let mut w: Vec<String> = want
                    .get(side)
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(|x| x.as_str().map(fold)).collect())
                    .unwrap_or_default();
                let mut g = g.to_vec();
                w.sort();
                g.sort();
                w == g
            };
            (
                verdict(same("candidature", &c) && same("offre", &o)),
                format!("{} + {}", c.len(), o.len()),
            )
        }
        "cpv" => {
            let g: Vec<Value> = got
                .get("cpv")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(|c| c.get("value").cloned()).collect())
                .unwrap_or_default();
            if g.is_empty() {
                return (Missing, String::new());
            }
            (
                verdict(Some(&Value::Array(g.clone())) == Some(want)),
                format!("{} codes", g.len()),
            )
        }
        "estimated_value_cents" | "currency" => match value(got, "estimated_value") {
            None => (Missing, String::new()),
            Some(v) => {
                let field = if key == "currency" {
                    "currency"
                } else {
                    "cents"
                };
                (
                    verdict(v.get(field) == Some(want)),
                    format!("{}", v.get(field).unwrap_or(&Value::Null)),
                )
            }
        },
        "penalties" => penalties_match(want, got),
        "price_revision" => match value(got, "price_revision") {
            None => (Missing, String::new()),
            Some(v) => {
                let ok = v.get("kind") == want.get("kind")
                    && want.get("index").is_none_or(|i| {
                        v.get("index").and_then(Value::as_str).map(fold) == i.as_str().map(fold)
                    })
                    && want.get("formula").is_none_or(|f| {
                        v.get("formula").and_then(Value::as_str).map(squash)
                            == f.as_str().map(squash)
                    });
                (verdict(ok), squash(&v.to_string()))
            }
        },
        "quality_threshold" => match value(got, "quality_threshold") {
            None => (Missing, String::new()),
            Some(v) => {
                let ok = num(v.get("min_mark")) == num(want.get("min_mark"))
                    && num(v.get("mark_scale")) == num(want.get("mark_scale"));
                (verdict(ok), squash(&v.to_string()))
            }
        },
        "insurance" => match value(got, "insurance") {
            None => (Missing, String::new()),
            Some(v) => {
                let ok = want
                    .get("rc_pro_min_cents")
                    .is_none_or(|m| v.get("rc_pro_min_cents") == Some(m));
                (
                    verdict(ok),
                    format!("{}", v.get("rc_pro_min_cents").unwrap_or(&Value::Null)),
                )
            }
        },
        _ => (Missing, "not extracted".into()),
    }
}

/// Names loosely, weights and shares exactly (through `flatten_criteria`), mark scales when
/// labelled.
fn criteria_match(want: &Value, got: &[CriterionInput]) -> (bool, String) {
    #[derive(Debug)]
    struct Flat {
        name: String,
        weight: f64,
        share: f64,
        depth: usize,
    }
    fn flat_want(nodes: &Value, depth: usize, out: &mut Vec<Flat>) {
        for n in nodes.as_array().into_iter().flatten() {
            out.push(Flat {
                name: n
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                weight: num(n.get("weight")).unwrap_or(f64::NAN),
                share: num(n.get("share")).unwrap_or(f64::NAN),
                depth,
            });
            if let Some(c) = n.get("children") {
                flat_want(c, depth + 1, out);
            }
        }
    }
    let mut w = Vec::new();
    flat_want(want, 0, &mut w);
    let flat = match flatten_criteria(got) {
        Ok(f) => f,
        Err(e) => return (false, e),
    };
    let depth_of = |i: usize| {
        let mut d = 0;
        let mut p = flat.get(i).and_then(|f| f.parent);
        while let Some(x) = p {
            d += 1;
            p = flat.get(x).and_then(|f| f.parent);
        }
        d
    };
    let mut notes = Vec::new();
    if flat.len() != w.len() {
        notes.push(format!("{} nodes, want {}", flat.len(), w.len()));
    }
    for (i, (f, w)) in flat.iter().zip(&w).enumerate() {
        if !loose(&w.name, &f.name) {
            notes.push(format!("name {:?} vs {:?}", f.name, w.name));
        }
        if (f.weight - w.weight).abs() > 1e-9 {
            notes.push(format!("{}: weight {} vs {}", w.name, f.weight, w.weight));
        }
        if (f.share - w.share).abs() > 1e-9 {
            notes.push(format!("{}: share {} vs {}", w.name, f.share, w.share));
        }
        if depth_of(i) != w.depth {
            notes.push(format!("{}: depth {} vs {}", w.name, depth_of(i), w.depth));
        }
    }
    let summary: Vec<String> = flat
        .iter()
        .map(|f| format!("{}={}", short(&f.name), f.weight))
        .collect();
    (
        notes.is_empty(),
        if notes.is_empty() {
            summary.join(" ")
        } else {
            notes.join("; ")
        },
    )
}

fn short(name: &str) -> String {
    name.chars().take(12).collect()
}

/// Mark scales stated in the labels, checked against `mark_scales`.
fn mark_scales_match(want: &Value, got: &Value) -> Option<(Verdict, String)> {
    fn scales(nodes: &Value, out: &mut Vec<(String, f64)>) {
        for n in nodes.as_array().into_iter().flatten() {
            if let (Some(name), Some(s)) = (
                n.get("name").and_then(Value::as_str),
                num(n.get("mark_scale")),
            ) {
                out.push((name.to_string(), s));
            }
            if let Some(c) = n.get("children") {
                scales(c, out);
            }
        }
    }
    let mut w = Vec::new();
    scales(want, &mut w);
    if w.is_empty() {
        return None;
    }
    let g: Vec<(String, f64)> = got
        .get("mark_scales")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| {
                    let v = s.get("value")?;
                    Some((
                        v.get("criterion")?.as_str()?.to_string(),
                        num(v.get("scale"))?,
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    if g.is_empty() {
        return Some((Verdict::Missing, String::new()));
    }
    let ok = w.len() == g.len()
        && w.iter()
            .all(|(n, s)| g.iter().any(|(gn, gs)| loose(n, gn) && gs == s));
    Some((
        if ok { Verdict::Correct } else { Verdict::Wrong },
        format!("{} scales", g.len()),
    ))
}

fn penalties_match(want: &Value, got: &Value) -> (Verdict, String) {
    let p = got.get("penalties");
    let regime = p.and_then(|p| value(p, "regime"));
    let items: Vec<&Value> = p
        .and_then(|p| p.get("items"))
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|i| i.get("value")).collect())
        .unwrap_or_default();
    if regime.is_none() && items.is_empty() {
        return (Verdict::Missing, String::new());
    }
    let mut notes = Vec::new();
    if regime != want.get("regime") {
        notes.push(format!("regime {regime:?}"));
    }
    if let Some(c) = want.get("capped")
        && p.and_then(|p| value(p, "capped")) != Some(c)
    {
        notes.push("capped".into());
    }
    if let Some(c) = want.get("ccag_exemption_removed")
        && p.and_then(|p| value(p, "exemption_removed")) != Some(c)
    {
        notes.push("exemption".into());
    }
    let want_items = want
        .get("items")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if want_items.len() != items.len() {
        notes.push(format!("{} items, want {}", items.len(), want_items.len()));
    }
    for w in &want_items {
        let reason = w.get("reason").and_then(Value::as_str).unwrap_or("");
        let hit = items.iter().any(|g| {
            let same_reason = loose(
                reason,
                g.get("reason").and_then(Value::as_str).unwrap_or(""),
            );
            let same_rule = match w.get("formula").and_then(Value::as_str) {
                Some(f) => g.get("formula").and_then(Value::as_str).map(squash) == Some(squash(f)),
                None => {
                    g.get("amount_cents") == w.get("amount_cents")
                        && g.get("per").and_then(Value::as_str).map(fold)
                            == w.get("per").and_then(Value::as_str).map(fold)
                }
            };
            same_reason && same_rule
        });
        if !hit {
            notes.push(format!("missing {reason:?}"));
        }
    }
    let verdict = if notes.is_empty() {
        Verdict::Correct
    } else {
        Verdict::Wrong
    };
    (
        verdict,
        if notes.is_empty() {
            format!("{} items", items.len())
        } else {
            notes.join("; ")
        },
    )
}

struct Row {
    file: &'static str,
    results: BTreeMap<String, (Verdict, String)>,
    facts: Facts,
    got: Value,
}

fn run_all() -> Vec<Row> {
    FIXTURES
        .iter()
        .map(|(file, stem)| {
            let pages = pages_of(file);
            let facts = facts::extract(&pages);
            let got = serde_json::to_value(&facts).unwrap_or(Value::Null);
            let want = label(stem);
            let mut results = BTreeMap::new();
            for (key, w) in &want {
                if NOT_FACTS.contains(&key.as_str()) {
                    continue;
                }
                results.insert(key.clone(), judge(key, w, &facts, &got));
                if key == "criteria"
                    && let Some(r) = mark_scales_match(w, &got)
                {
                    results.insert("criteria.mark_scale".into(), r);
                }
            }
            Row {
                file,
                results,
                facts,
                got,
            }
        })
        .collect()
}

fn print_table(rows: &[Row]) {
    let mut keys: Vec<&String> = rows.iter().flat_map(|r| r.results.keys()).collect();
    keys.sort();
    keys.dedup();
    let width = 12;
    print!("{:<30}", "fact");
    for r in rows {
        let name = r
            .file
            .replace("cadre-de-reponse", "cadre")
            .replace("-sans-risque", "-sr");
        print!("{name:>width$}");
    }
    println!();
    for key in &keys {
        print!("{key:<30}");
        for r in rows {
            let cell = match r.results.get(*key) {
                None => "·",
                Some((Verdict::Correct, _)) => "ok",
                Some((Verdict::Wrong, _)) => "WRONG",
                Some((Verdict::Missing, _)) => "missing",
            };
            print!("{cell:>width$}");
        }
        println!();
    }
    print!("{:<30}", "found/correct/labelled");
    for r in rows {
        let labelled = r.results.len();
        let correct = r
            .results
            .values()
            .filter(|(v, _)| *v == Verdict::Correct)
            .count();
        let found = r
            .results
            .values()
            .filter(|(v, _)| *v != Verdict::Missing)
            .count();
        print!("{:>width$}", format!("{found}/{correct}/{labelled}"));
    }
    println!();
    for r in rows {
        for (key, (v, note)) in &r.results {
            if *v != Verdict::Correct {
                println!("  {} {key}: {v:?} {note}", r.file);
            }
        }
    }
}

#[test]
fn facts_against_the_labels() {
    let rows = run_all();
    print_table(&rows);
    if std::env::var_os("FACTS_DUMP").is_some() {
        for r in &rows {
            println!(
                "==== {}\n{}",
                r.file,
                serde_json::to_string_pretty(&r.got).unwrap_or_default()
            );
        }
    }
    let verdict = |file: &str, key: &str| {
        rows.iter()
            .find(|r| r.file == file)
            .and_then(|r| r.results.get(key).cloned())
            .unwrap_or((Verdict::Missing, "no such fixture or key".into()))
    };
    // Every RC: the deadline and the criteria tree are exact.
    for file in ["RC.md", "RC.docx", "RC.pdf", "RC-prose.md", "RC-en.md"] {
        for key in ["deadline", "criteria"] {
            let (v, note) = verdict(file, key);
            assert_eq!(v, Verdict::Correct, "{file} {key}: {note}");
        }
    }
    // The CCAP's risky clauses, whatever the format.
    for file in ["CCAP.md", "CCAP.docx", "CCAP.pdf"] {
        for key in [
            "penalties",
            "payment_delay_days",
            "advance_percent",
            "retention_percent",
            "price_revision",
        ] {
            let (v, note) = verdict(file, key);
            assert_eq!(v, Verdict::Correct, "{file} {key}: {note}");
        }
    }
}

#[test]
fn shares_come_out_of_flatten_criteria() {
    let share = |file: &str, name: &str| {
        let facts = facts::extract(&pages_of(file));
        let tree = facts.criteria.map(|c| c.value).unwrap_or_default();
        let flat = flatten_criteria(&tree).unwrap_or_default();
        flat.iter()
            .find(|f| f.name.starts_with(name))
            .map(|f| (f.share * 1e6).round() / 1e6)
    };
    assert_eq!(share("RC.md", "Méthodologie"), Some(0.2));
    assert_eq!(share("RC-prose.md", "Valeur technique"), Some(0.6));
    assert_eq!(share("RC-prose.md", "Organisation"), Some(0.36));
    assert_eq!(share("RC-prose.md", "Moyens"), Some(0.24));
    assert_eq!(share("RC-en.md", "Q1"), Some(0.25));
}

#[test]
fn the_harmless_ccap_gives_harmless_values() {
    let f = facts::extract(&pages_of("CCAP-sans-risque.md"));
    let revision = f.price_revision.map(|r| r.value);
    assert_eq!(
        revision
            .as_ref()
            .map(|r| (format!("{:?}", r.kind), r.index.clone())),
        Some(("Revisable".to_string(), Some("Syntec".to_string())))
    );
    assert_eq!(f.advance_percent.map(|a| a.value), Some(20.0));
    assert_eq!(f.retention_percent.map(|r| r.value), Some(0.0));
    assert_eq!(f.payment_delay_days.map(|p| p.value), Some(30));
    assert_eq!(
        f.penalties.regime.map(|r| format!("{:?}", r.value)),
        Some("Ccag".to_string())
    );
    assert!(f.penalties.items.is_empty(), "{:?}", f.penalties.items);
}

#[test]
fn every_fact_has_its_quote_and_page() {
    for r in run_all() {
        fn walk(v: &Value, file: &str, pages: usize) {
            match v {
                Value::Object(m) => {
                    if let (Some(q), Some(p)) = (m.get("quote"), m.get("page")) {
                        let q = q.as_str().unwrap_or("");
                        let p = p.as_u64().unwrap_or(0) as usize;
                        assert!(
                            !q.is_empty() && q.chars().count() <= 300,
                            "{file}: quote {q:?}"
                        );
                        assert!(p >= 1 && p <= pages.max(1), "{file}: page {p} of {pages}");
                    }
                    m.values().for_each(|x| walk(x, file, pages));
                }
                Value::Array(a) => a.iter().for_each(|x| walk(x, file, pages)),
                _ => {}
            }
        }
        let pages = pages_of(r.file).len();
        walk(&r.got, r.file, pages);
        let _ = &r.facts;
    }
}

/// A 300-page piece made of the fixtures' text: the time it takes is printed (release builds
/// take a few tens of milliseconds; debug builds are much slower).
#[test]
fn three_hundred_pages_in_bounded_time() {
    let mut text = String::new();
    for file in ["RC.md", "CCTP.md", "CCAP.md"] {
        text.push_str(&pages_of(file).join("\n"));
    }
    let lines: Vec<&str> = text.lines().collect();
    let pages: Vec<String> = (0..300)
        .map(|p| {
            let start = (p * 37) % lines.len().max(1);
            let mut page: Vec<&str> = lines.iter().cycle().skip(start).take(45).copied().collect();
            page.insert(0, "CA du Val de Loire – RC");
            let footer = format!("Page {} / 300", p + 1);
            let mut page: Vec<String> = page.into_iter().map(str::to_string).collect();
            page.push(footer);
            page.join("\n")
        })
        .collect();
    let start = std::time::Instant::now();
    let f = facts::extract(&pages);
    let took = start.elapsed();
    println!("300 pages: {took:?}");
    assert!(f.deadline.is_some() && f.criteria.is_some());
    assert!(took.as_secs() < 20, "took {took:?}");
}

#[test]
fn hostile_text_gives_no_panic_and_bounded_time() {
    let mut pages = Vec::new();
    for i in 0..300 {
        let mut p = String::new();
        for j in 0..40 {
            p.push_str(&format!(
                "Article {i}.{j} – Le titulaire doit, en cas de retard, payer 500 € HT par jour ; la date limite de réception des offres est le {} mars 2027 à 12h00. | 40 % | Prix : 40 % |\n",
                j % 28 + 1
            ));
        }
        p.push_str("Page 1 / 300\n");
        pages.push(p);
    }
    pages.push("9".repeat(100_000));
    pages.push("| | | |\n|---|\n- \n# \n".repeat(1000));
    pages.push("€€€ 1 1 1 1 1 1 1 1 , , , . . . = = = × × ×".repeat(2000));
    let start = std::time::Instant::now();
    let f = facts::extract(&pages);
    let took = start.elapsed();
    println!("hostile: {took:?}");
    assert!(f.deadline.is_some());
    // Debug builds are slow; release is far below this.
    assert!(took.as_secs() < 20, "took {took:?}");
}
