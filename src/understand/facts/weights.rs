//! Weighted lines: where the award criteria are (a heading or sentence about them, to the
//! end of its section), and each criterion read with its weight from a table row, a list
//! item or a table-like PDF line, or a sentence of prose; mark scales written with them.

use super::numbers::{QtyUnit, number_at, quantities, tokens};
use super::text::{Doc, Kind, Sent, Unit, capitalize, fold, has_any, orig_slice, quote};
use crate::model::WeightUnit;

/// Units scanned after a criteria heading or sentence, at most.
const ZONE_UNITS: usize = 150;
/// Weighted lines kept, at most (a real grid has a few dozen); bounds the tree building.
const MAX_ENTRIES: usize = 500;
/// Criteria kept at one level, at most (a real grid has a handful).
pub const MAX_SIBLINGS: usize = 40;
/// Longest criterion name kept.
const MAX_NAME_CHARS: usize = 160;

/// One weighted line of the document.
#[derive(Debug, Clone)]
pub struct Entry {
    /// "2.1" in front of the name gives [2, 1].
    pub number: Vec<u32>,
    pub name: String,
    pub weight: f64,
    pub unit: WeightUnit,
    /// Entries of one table, one list, or one sentence share a group.
    pub group: usize,
    /// Index of the unit it comes from.
    pub at: usize,
    /// The folded text that introduces the group (to find the parent criterion).
    pub lead: String,
    pub scale: Option<f64>,
    pub indent: u8,
    pub quote: String,
}

/// A heading or sentence that opens the award criteria.
fn is_anchor(low: &str) -> bool {
    (has_any(low, &["critere", "criteria", "criterion"])
        && has_any(
            low,
            &[
                "attribution",
                "jugement",
                "ponder",
                "award",
                "evaluat",
                "notation",
                "choix",
                "classement",
                "offre",
            ],
        ))
        || has_any(low, &["ponderation", "weighting", "jugement des offres"])
}

/// Where the criteria are: from an anchor to the end of its section.
pub fn zones(doc: &Doc) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < doc.units.len() {
        let Some(unit) = doc.units.get(i) else { break };
        if unit.kind == Kind::Row || !is_anchor(&unit.low) {
            i += 1;
            continue;
        }
        let level = match unit.kind {
            Kind::Heading(l) => l,
            _ => doc.sections.get(unit.section).map_or(0, |s| s.level),
        };
        let mut end = i + 1;
        while end < doc.units.len() && end - i < ZONE_UNITS {
            if let Some(Kind::Heading(l)) = doc.units.get(end).map(|u| u.kind)
                && level > 0
                && l <= level
            {
                break;
            }
            end += 1;
        }
        out.push((i, end));
        i = end;
    }
    out
}

/// Every weighted line in the criteria zones.
pub fn entries(doc: &Doc) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut group = 0;
    for (start, end) in zones(doc) {
        // A table-like header line in a PDF ("Sous-critère Points (sur 100)") lets the
        // numbered lines under it carry bare numbers.
        let mut bare_unit: Option<WeightUnit> = None;
        let mut prev_kind: Option<Kind> = None;
        let mut prev_table: Option<usize> = None;
        let mut lead = String::new();
        for at in start..end {
            if out.len() >= MAX_ENTRIES {
                break;
            }
            let Some(unit) = doc.units.get(at) else { break };
            let continues = match (prev_kind, unit.kind) {
                (Some(Kind::Row), Kind::Row) => prev_table == unit.table,
                (Some(Kind::Item(_)), Kind::Item(_)) => true,
                (Some(Kind::Text), Kind::Text) => {
                    out.last().is_some_and(|e: &Entry| e.at + 1 == at)
                }
                _ => false,
            };
            if !continues {
                group += 1;
            }
            match unit.kind {
                Kind::Row if !unit.header_row => {
                    if let Some(e) = row_entry(doc, unit, at, group, &lead) {
                        out.push(e);
                    }
                }
                Kind::Row => {}
                Kind::Heading(_) => {
                    bare_unit = None;
                    lead = unit.low.clone();
                }
                Kind::Item(_) | Kind::Text => {
                    let before = out.len();
                    for sent in &unit.sents {
                        if let Some(found) = prose_entries(sent, at, &mut group) {
                            out.extend(found);
                        }
                    }
                    if out.len() == before {
                        if let Some(e) = line_entry(unit, at, group, &lead, bare_unit) {
                            out.push(e);
                        } else {
                            lead = unit.low.clone();
                            if unit.kind == Kind::Text
                                && unit.low.len() < 80
                                && !unit.low.ends_with('.')
                            {
                                bare_unit = header_unit(&unit.low).or(bare_unit);
                            }
                        }
                    } else {
                        lead = unit.low.clone();
                    }
                }
            }
            prev_kind = Some(unit.kind);
            prev_table = unit.table;
        }
    }
    out
}

/// The unit a header cell gives to bare numbers under it.
fn header_unit(low: &str) -> Option<WeightUnit> {
    if low.contains('%') || has_any(low, &["pourcentage", "percent"]) {
        Some(WeightUnit::Percent)
    } else if has_any(low, &["point", "note", "bareme", "score"]) {
        Some(WeightUnit::Points)
    } else if has_any(
        low,
        &["ponderation", "poids", "weighting", "weight", "coefficient"],
    ) {
        Some(WeightUnit::Percent)
    } else {
        None
    }
}

/// A weight written alone in a cell: "40 %", "30 points", "40" (unit from the header).
fn cell_weight(cell_low: &str, header_low: &str) -> Option<(f64, WeightUnit)> {
    let toks = tokens(cell_low);
    let (value, next) = number_at(&toks, 0)?;
    let unit = match toks.get(next).map(|t| t.s) {
        Some("%") => WeightUnit::Percent,
        Some("point" | "points" | "pts" | "pt") => WeightUnit::Points,
        None | Some("(" | "/") => header_unit(header_low)?,
        _ => return None,
    };
    let rest = toks.get(next + 1);
    if toks.get(next).is_some_and(|t| !matches!(t.s, "(" | "/"))
        && rest.is_some_and(|t| !matches!(t.s, "(" | "/"))
    {
        return None;
    }
    (value.is_finite() && (0.0..=1000.0).contains(&value)).then_some((value, unit))
}

/// "2.1 Méthodologie" -> ([2, 1], "Méthodologie"); "1. Prix" -> ([1], "Prix").
fn split_number(name: &str) -> (Vec<u32>, &str) {
    let n: usize = name
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
        .map(|(i, c)| i + c.len_utf8())
        .last()
        .unwrap_or(0);
    let (num, rest) = (name.get(..n).unwrap_or(""), name.get(n..).unwrap_or(name));
    let rest_trim = rest.trim_start_matches([')', ' ', '-', '–', ':']);
    if num.is_empty() || rest_trim.len() == rest.len() && !num.ends_with('.') {
        return (Vec::new(), name);
    }
    let parts: Option<Vec<u32>> = num
        .trim_end_matches('.')
        .split('.')
        .map(|p| p.parse().ok())
        .collect();
    match parts {
        Some(p) if !p.is_empty() && p.len() <= 4 && p.iter().all(|x| *x < 100) => (p, rest_trim),
        _ => (Vec::new(), name),
    }
}

fn row_entry(doc: &Doc, unit: &Unit, at: usize, group: usize, lead: &str) -> Option<Entry> {
    let header = doc.header_of(unit);
    let (w_idx, (weight, wunit)) =
        unit.cells
            .iter()
            .enumerate()
            .skip(1)
            .rev()
            .find_map(|(i, c)| {
                let h = header.get(i).map_or("", String::as_str);
                cell_weight(&fold(c), h).map(|w| (i, w))
            })?;
    let (mut number, mut name) = (Vec::new(), None);
    for (i, c) in unit.cells.iter().enumerate().take(w_idx) {
        let (n, rest) = split_number(c.trim());
        if rest.chars().any(char::is_alphabetic) {
            if number.is_empty() {
                number = n;
            }
            name = Some(rest.trim().to_string());
            break;
        }
        if i == 0 && !n.is_empty() {
            number = n;
        }
    }
    let name = name.filter(|n| n.chars().count() <= MAX_NAME_CHARS)?;
    // Rows about something else (a total line) are not criteria.
    if has_any(&fold(&name), &["total"]) {
        return None;
    }
    Some(Entry {
        number,
        name,
        weight,
        unit: wunit,
        group,
        at,
        lead: lead.to_string(),
        scale: None,
        indent: 0,
        quote: quote(&unit.text),
    })
}

/// Verbs and phrases that show a text is a sentence, not a criterion name.
const SENTENCE_MARKS: &[&str] = &[
    " est ", " sont ", " sera ", " seront ", " will ", " shall ", " ramene", " receive", " calcul",
    " obtenu", " is ", " are ",
];

/// A list item or a table-like line: "Prix : 40 %", "Valeur technique (60 %)", "1. Prix des
/// prestations 40 %", "2.1 Méthodologie ... 40" under a points header.
fn line_entry(
    unit: &Unit,
    at: usize,
    group: usize,
    lead: &str,
    bare: Option<WeightUnit>,
) -> Option<Entry> {
    if unit.sents.len() > 1 || unit.low.chars().count() > 220 {
        return None;
    }
    let low = unit.low.trim_end_matches([' ', ';', '.', ',', ')']);
    let (number, _) = split_number(&unit.text);
    let number = if unit.label.is_empty() {
        number
    } else {
        unit.label.clone()
    };
    // The weight ends the line, or a lead-in to sub-criteria follows it ("Valeur technique :
    // 60 %, répartis comme suit :").
    let q = quantities(low).into_iter().find(|q| {
        matches!(q.unit, QtyUnit::Percent | QtyUnit::Points)
            && low.get(q.end..).is_some_and(|tail| {
                let tail = tail.trim_start_matches([' ', ',', ')', '-']);
                tail.is_empty() || has_any(tail.get(..tail.len().min(24)).unwrap_or(""), TAILS)
            })
    });
    let (weight, wunit, name_end) = match q {
        Some(q) if !is_scale_or_other(low, q.start) => (
            q.value,
            if q.unit == QtyUnit::Percent {
                WeightUnit::Percent
            } else {
                WeightUnit::Points
            },
            q.start,
        ),
        _ => {
            // A bare number at the end of a numbered line, under a header that gave the unit.
            let unit_of_bare = bare.filter(|_| number.len() >= 2)?;
            let digits = low.len() - low.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            if digits == 0 || digits > 3 {
                return None;
            }
            let start = low.len() - digits;
            if !low.get(..start)?.ends_with(' ') {
                return None;
            }
            (low.get(start..)?.parse().ok()?, unit_of_bare, start)
        }
    };
    let name_low = low.get(..name_end)?;
    let name_low = name_low
        .trim_end_matches([' ', ':', '-', '(', '='])
        .trim_end();
    let name_low = name_low.strip_suffix(" sur").unwrap_or(name_low);
    let name = orig_slice(&unit.text, &unit.low, 0, name_low.len());
    let (n2, name) = split_number(name.trim());
    let (n3, name) = criterion_prefix(name);
    let number = if !number.is_empty() {
        number
    } else if !n2.is_empty() {
        n2
    } else {
        n3
    };
    let name = name
        .trim()
        .trim_end_matches([':', '-', '–', '('])
        .trim()
        .to_string();
    let folded = format!(" {} ", fold(&name));
    if name.is_empty()
        || name.chars().count() > MAX_NAME_CHARS
        || !name.chars().any(char::is_alphabetic)
        || name.split_whitespace().count() > 16
        || has_any(&folded, SENTENCE_MARKS)
    {
        return None;
    }
    Some(Entry {
        number,
        name: capitalize(&name),
        weight,
        unit: wunit,
        group,
        at,
        lead: lead.to_string(),
        scale: None,
        indent: match unit.kind {
            Kind::Item(d) => d,
            _ => 0,
        },
        quote: quote(&unit.text),
    })
}

/// What may follow a weight on a line that introduces sub-criteria.
const TAILS: &[&str] = &[
    "dont",
    "decompos",
    "reparti",
    "comme suit",
    "selon",
    "ainsi",
    ":",
    "as follows",
    "broken down",
    "made up",
    "comprising",
    "split",
];

/// "Critère 1 : Prix", "Sous-critère 2.1 – Méthodologie", "Criterion 2: Quality" -> the
/// number and the name.
fn criterion_prefix(name: &str) -> (Vec<u32>, &str) {
    let low = fold(name);
    for word in [
        "sous-critere",
        "sous critere",
        "sub-criterion",
        "critere",
        "criterion",
    ] {
        let Some(rest) = low.strip_prefix(word) else {
            continue;
        };
        let rest = rest.trim_start_matches(['s', ' ']);
        let rest = rest
            .strip_prefix("n°")
            .or_else(|| rest.strip_prefix("no "))
            .unwrap_or(rest)
            .trim_start();
        let tail = orig_slice(name, &low, low.len() - rest.len(), low.len());
        let (number, after) = split_number(tail);
        let after = after.trim_start_matches([' ', ':', '-', '–', '.']);
        if !after.is_empty() && after.chars().next().is_some_and(char::is_alphabetic) {
            return (number, after);
        }
        break;
    }
    (Vec::new(), name)
}

/// Whether the quantity at `start` is a mark scale ("notée sur 100 points") or a number of
/// another kind ("ramenée à 50 points", "inférieur de plus de 20 %").
fn is_scale_or_other(low: &str, start: usize) -> bool {
    let before = low.get(..start).unwrap_or("").trim_end();
    let window = before
        .get(before.len().saturating_sub(30)..)
        .unwrap_or(before);
    let scale = window.ends_with("sur")
        && has_any(window, &["note", "evalue", "apprecie", "scored", "marked"]);
    scale
        || has_any(
            window,
            &[
                "ramene",
                "rapporte",
                "converti",
                "plus de",
                "moins de",
                "inferieur",
                "superieur",
                "seuil",
                "minimum",
                "maximum",
                "au moins",
                "below",
                "above",
                "at least",
            ],
        )
}

/// Criteria written in a sentence: "la valeur technique, notée sur 20, compte pour 60 % de la
/// note finale ; le prix, noté sur 20, pour 40 %". Needs two weights or more.
fn prose_entries(sent: &Sent, at: usize, group: &mut usize) -> Option<Vec<Entry>> {
    let low = &sent.low;
    let weights: Vec<_> = quantities(low)
        .into_iter()
        .filter(|q| matches!(q.unit, QtyUnit::Percent | QtyUnit::Points))
        .filter(|q| !is_scale_or_other(low, q.start))
        .collect();
    if weights.len() < 2 || weights.len() > MAX_SIBLINGS {
        return None;
    }
    *group += 1;
    let first_start = weights.first().map_or(0, |q| q.start);
    let mut from = low
        .get(..first_start)
        .and_then(|s| s.rfind(':'))
        .map_or(0, |p| p + 1);
    let mut out = Vec::new();
    for q in &weights {
        let seg = (from, q.start);
        from = q.end;
        let Some((lo, hi)) = name_range(low, seg.0, seg.1) else {
            continue;
        };
        let raw = orig_slice(&sent.text, low, lo, hi);
        let name = tidy_name(raw);
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
            continue;
        }
        let scale = low.get(seg.0..seg.1).and_then(scale_in);
        out.push(Entry {
            number: Vec::new(),
            name: capitalize(&name),
            weight: q.value,
            unit: if q.unit == QtyUnit::Percent {
                WeightUnit::Percent
            } else {
                WeightUnit::Points
            },
            group: *group,
            at,
            lead: low.clone(),
            scale,
            indent: 0,
            quote: quote(&sent.text),
        });
    }
    (out.len() >= 2).then_some(out)
}

/// The name inside a prose segment, as a byte range of the folded sentence.
fn name_range(low: &str, mut lo: usize, mut hi: usize) -> Option<(usize, usize)> {
    let seg = low.get(lo..hi)?;
    if let Some(p) = seg.rfind(';') {
        lo += p + 1;
    }
    for marker in [
        "au regard de ",
        "s'agissant de ",
        "en ce qui concerne ",
        "concernant ",
        "with regard to ",
    ] {
        if let Some(p) = low.get(lo..hi)?.rfind(marker) {
            lo += p + marker.len();
        }
    }
    const LEADING: &[&str] = &[
        ",",
        " ",
        "et ",
        "and ",
        "ainsi que ",
        "puis ",
        "enfin ",
        "le ",
        "la ",
        "les ",
        "l'",
        "du ",
        "de la ",
        "de l'",
        "des ",
        "d'",
        "de ",
        "un ",
        "une ",
        "the ",
        "a ",
        "an ",
        "for ",
        "pour ",
    ];
    loop {
        let seg = low.get(lo..hi)?;
        match LEADING.iter().find(|p| seg.starts_with(*p)) {
            Some(p) => lo += p.len(),
            None => break,
        }
    }
    let seg = low.get(lo..hi)?;
    if let Some(p) = seg.find(',') {
        hi = lo + p;
    }
    const VERBS: &[&str] = &[
        " est ",
        " sont ",
        " compte",
        " represente",
        " sera ",
        " seront ",
        " affecte",
        " propose",
        " note",
        " evalue",
        " apprecie",
        " pese",
        " pour ",
        " sur ",
        " a hauteur",
        " at ",
        " worth",
        " weighted",
        " accounts",
        " counts",
        " will ",
        " is ",
        " carries",
        " :",
        " (",
    ];
    let seg = low.get(lo..hi)?;
    if let Some(p) = VERBS.iter().filter_map(|v| format!("{seg} ").find(v)).min() {
        hi = lo + p.min(seg.len());
    }
    let seg = low.get(lo..hi)?.trim_end_matches([' ', ':', '-', ',']);
    (!seg.is_empty()).then_some((lo, lo + seg.len()))
}

/// "organisation et de la méthodologie" -> "organisation et méthodologie".
fn tidy_name(raw: &str) -> String {
    let mut name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    for joint in [
        " et de la ",
        " et de l'",
        " et de l’",
        " et des ",
        " et du ",
        " et de ",
    ] {
        name = name.replace(joint, " et ");
    }
    name.trim().to_string()
}

/// "notée sur 20", "noté sur 100 points", "scored from 0 to 5", "marked out of 10".
pub fn scale_in(low: &str) -> Option<f64> {
    let toks = tokens(low);
    for (i, t) in toks.iter().enumerate() {
        let at = |k: usize| toks.get(i + k).map(|t| t.s);
        let target = match (t.s, at(1), at(2), at(3)) {
            ("note" | "notee" | "notes" | "notees" | "evalue" | "evaluee", Some("sur"), _, _) => {
                Some(i + 2)
            }
            ("scored" | "marked" | "rated", Some("from"), Some("0"), Some("to")) => Some(i + 4),
            ("scored" | "marked" | "rated", Some("out"), Some("of"), _) => Some(i + 3),
            ("notee" | "note", Some("de"), Some("0"), Some("a")) => Some(i + 4),
            _ => None,
        };
        if let Some(k) = target
            && let Some((v, _)) = number_at(&toks, k)
            && v > 0.0
            && v <= 1000.0
        {
            return Some(v);
        }
    }
    None
}
