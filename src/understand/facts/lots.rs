//! Lots (a table of lots, "Lot 1 : title" lines, or a statement that there are none), their
//! amounts and CPV codes; the piece's CPV codes, main one first; the estimated value.

use super::numbers::amounts;
use super::text::{
    Doc, Kind, Unit, capitalize, first, fold, has_any, has_word, is_word_at, orig_slice, quote,
    sourced,
};
use super::{EstimatedValue, Lot, Sourced};
use crate::model::Cpv;
use crate::understand::scope::MAX_LOT;

/// "Lot N :" marks read on one line, at most.
const MAX_LOTS_PER_LINE: usize = 50;

/// A lot seen somewhere, with how much to trust it (0 = table, 1 = line, 2 = heading).
struct LotSeen {
    number: u32,
    title: String,
    rank: u8,
    page: usize,
    quote: String,
    max_annual: Option<i64>,
}

/// The lots: a table of lots, "Lot 1 : title" lines, or a statement that there are none
/// (an empty list).
pub fn lots(doc: &Doc) -> Option<Sourced<Vec<Lot>>> {
    let mut seen: Vec<LotSeen> = Vec::new();
    let mut pdf_table: Option<bool> = None; // Some(has a max annual column)
    for unit in &doc.units {
        if unit.kind == Kind::Text {
            if let Some(max_col) = pdf_table
                && lot_line_row(unit, max_col, &mut seen)
            {
                continue;
            }
            pdf_table = lot_header_line(&unit.low);
        } else {
            pdf_table = None;
        }
        match unit.kind {
            Kind::Row if !unit.header_row => lot_row(doc, unit, &mut seen),
            Kind::Row => {}
            Kind::Heading(_) => lot_lines(unit, 2, &mut seen),
            _ => lot_lines(unit, 1, &mut seen),
        }
        if seen.len() > 4 * MAX_LOT as usize {
            break;
        }
    }
    if seen.is_empty() {
        const NONE: &[&str] = &[
            "n'est pas alloti",
            "ne fait pas l'objet d'un allotissement",
            "pas decompose en lots",
            "not divided into lots",
            "lot unique",
            "pas d'allotissement",
            "aucun allotissement",
            "n'est pas divise en lots",
            "non alloti",
            "single lot",
            "n'est pas decompose en lots",
            "ne comporte pas de lots",
            "not split into lots",
        ];
        return first(doc, |_, s| has_any(&s.low, NONE).then(Vec::new));
    }
    let best = seen.iter().map(|l| l.rank).min().unwrap_or(0);
    let mut lots: Vec<&LotSeen> = Vec::new();
    for rank in best..=2 {
        for l in seen.iter().filter(|l| l.rank == rank) {
            if !lots.iter().any(|k| k.number == l.number) {
                lots.push(l);
            }
        }
    }
    let source = lots.first().map(|l| (l.page, l.quote.clone()));
    lots.sort_by_key(|l| l.number);
    let (page, q) = source.unwrap_or((1, String::new()));
    Some(Sourced {
        value: lots
            .into_iter()
            .map(|l| Lot {
                number: l.number,
                title: l.title.clone(),
                max_annual_value_cents: l.max_annual,
                estimated_value_cents: None,
                cpv: Vec::new(),
            })
            .collect(),
        page,
        quote: q,
    })
}

/// "1", "Lot 1", "Lot n° 1" -> 1.
fn lot_number(cell_low: &str) -> Option<u32> {
    let rest = cell_low.trim();
    let rest = rest.strip_prefix("lot").unwrap_or(rest).trim_start();
    let rest = rest
        .strip_prefix("n°")
        .or_else(|| rest.strip_prefix("no"))
        .unwrap_or(rest)
        .trim();
    rest.parse().ok().filter(|n| (1..=MAX_LOT).contains(n))
}

fn lot_row(doc: &Doc, unit: &Unit, seen: &mut Vec<LotSeen>) {
    let header = doc.header_of(unit);
    let lot_col = header
        .iter()
        .position(|h| has_word(h, "lot") || h.trim() == "n°");
    let title_col = header.iter().position(|h| {
        has_any(
            h,
            &[
                "intitule",
                "designation",
                "libelle",
                "objet",
                "title",
                "description",
            ],
        ) && !h.contains("cpv")
    });
    let (Some(lc), Some(tc)) = (lot_col, title_col) else {
        return;
    };
    let (Some(num), Some(title)) = (unit.cells.get(lc), unit.cells.get(tc)) else {
        return;
    };
    let Some(number) = lot_number(&fold(num)) else {
        return;
    };
    let title = title.trim();
    if title.is_empty() || !title.chars().any(char::is_alphabetic) {
        return;
    }
    let max_annual = header
        .iter()
        .position(|h| h.contains("maximum") && h.contains("annuel"))
        .and_then(|i| unit.cells.get(i))
        .and_then(|c| amounts(&fold(c)).first().map(|a| a.cents));
    seen.push(LotSeen {
        number,
        title: title.to_string(),
        rank: 0,
        page: unit.page,
        quote: quote(&unit.text),
        max_annual,
    });
}

/// A PDF table header drawn as a line: "Lot Intitulé Montant maximum annuel HT". Gives
/// whether it has a maximum annual amount column.
fn lot_header_line(low: &str) -> Option<bool> {
    let head = low.trim_start();
    let is_header =
        (head.starts_with("lot ") || head.starts_with("n° lot") || head.starts_with("n° de lot"))
            && has_any(low, &["intitule", "designation", "libelle", "objet"])
            && low.chars().count() < 120
            && !low.trim_end().ends_with('.');
    is_header.then(|| low.contains("maximum") && low.contains("annuel"))
}

/// A PDF table row under a lot header: "1 Infogérance du poste de travail 300 000 €".
fn lot_line_row(unit: &Unit, max_col: bool, seen: &mut Vec<LotSeen>) -> bool {
    let low = unit.low.trim();
    let digits = low.chars().take_while(char::is_ascii_digit).count();
    let Some(number) = low
        .get(..digits)
        .and_then(|d| d.parse::<u32>().ok())
        .filter(|n| (1..=MAX_LOT).contains(n))
    else {
        return false;
    };
    let offset = unit.low.len() - unit.low.trim_start().len() + digits;
    let money = amounts(&unit.low);
    let end = money.first().map_or(unit.low.len(), |a| a.start);
    let title = orig_slice(&unit.text, &unit.low, offset, end.max(offset)).trim();
    if title.is_empty()
        || !title.chars().next().is_some_and(char::is_alphabetic)
        || title.chars().count() > 150
    {
        return false;
    }
    seen.push(LotSeen {
        number,
        title: title.to_string(),
        rank: 0,
        page: unit.page,
        quote: quote(&unit.text),
        max_annual: if max_col {
            money.first().map(|a| a.cents)
        } else {
            None
        },
    });
    true
}

/// Amounts given per lot in a sentence: "300 000 € HT pour le lot 1 et de 150 000 € HT pour le
/// lot 2".
fn per_lot_amounts(low: &str) -> Vec<(u32, i64)> {
    let mut out = Vec::new();
    for a in amounts(low) {
        let after = low.get(a.end..).unwrap_or("").trim_start();
        let after = after.strip_prefix("ht").unwrap_or(after).trim_start();
        let rest = after
            .strip_prefix("pour le lot ")
            .or_else(|| after.strip_prefix("for lot "))
            .or_else(|| after.strip_prefix("au titre du lot "));
        if let Some(n) = rest.and_then(|r| {
            r.split(|c: char| !c.is_ascii_digit())
                .next()?
                .parse::<u32>()
                .ok()
        }) {
            out.push((n, a.cents));
        }
    }
    out
}

/// Maximum annual amounts per lot written in a sentence ("un montant maximum annuel de
/// 300 000 € HT pour le lot 1 ...").
pub fn lot_max_annual(doc: &Doc) -> Vec<(u32, i64)> {
    doc.sentences()
        .filter(|(_, s)| s.low.contains("maximum annuel") || s.low.contains("annual maximum"))
        .flat_map(|(_, s)| per_lot_amounts(&s.low))
        .collect()
}

/// "Lot 1 : Infogérance du poste de travail", several on one line ("☐ Lot 1 – A ☐ Lot 2 – B").
fn lot_lines(unit: &Unit, rank: u8, seen: &mut Vec<LotSeen>) {
    let low = &unit.low;
    let mut marks: Vec<(usize, usize, u32)> = Vec::new(); // (start, title start, number)
    let mut from = 0;
    while let Some(p) = low.get(from..).and_then(|s| s.find("lot ")) {
        if marks.len() >= MAX_LOTS_PER_LINE {
            break;
        }
        let at = from + p;
        from = at + 4;
        if !is_word_at(low, at, 3) {
            continue;
        }
        let rest = low.get(at + 4..).unwrap_or("");
        let rest2 = rest
            .strip_prefix("n°")
            .or_else(|| rest.strip_prefix("no "))
            .unwrap_or(rest)
            .trim_start();
        let digits = rest2.chars().take_while(char::is_ascii_digit).count();
        let Some(number) = rest2
            .get(..digits)
            .and_then(|d| d.parse().ok())
            .filter(|n| (1..=MAX_LOT).contains(n))
        else {
            continue;
        };
        let after = rest2.get(digits..).unwrap_or("");
        let sep = after.trim_start();
        if !sep.starts_with([':', '-']) {
            continue;
        }
        let title_start = low.len() - sep.len() + 1;
        marks.push((at, title_start, number));
    }
    for (k, (_, ts, number)) in marks.iter().enumerate() {
        let end = marks.get(k + 1).map_or(low.len(), |m| m.0);
        let t = orig_slice(&unit.text, low, *ts, end);
        let t = t.split(['☐', '□', '|']).next().unwrap_or("").trim();
        let t = t.trim_end_matches([';', '.', ',', ' ', ':']).trim();
        if t.is_empty()
            || t.chars().count() > 150
            || !t.chars().next().is_some_and(char::is_alphabetic)
        {
            continue;
        }
        let title = if t.chars().any(char::is_lowercase) {
            capitalize(t)
        } else {
            capitalize(&t.to_lowercase())
        };
        seen.push(LotSeen {
            number: *number,
            title,
            rank,
            page: unit.page,
            quote: quote(&unit.text),
            max_annual: None,
        });
    }
}

/// CPV codes, the main one first.
pub fn cpv(doc: &Doc) -> Vec<Sourced<Cpv>> {
    let mut out: Vec<Sourced<Cpv>> = Vec::new();
    let mut main: Option<usize> = None;
    for unit in &doc.units {
        let low = &unit.low;
        let bytes = low.as_bytes();
        let with_context =
            low.contains("cpv") || doc.header_of(unit).iter().any(|h| h.contains("cpv"));
        let mut i = 0;
        while i < bytes.len() {
            if !bytes.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
                continue;
            }
            let mut j = i;
            while bytes.get(j).is_some_and(u8::is_ascii_digit) {
                j += 1;
            }
            let before_ok = i == 0
                || !bytes
                    .get(i - 1)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-');
            if j - i == 8 && before_ok {
                let check = bytes.get(j) == Some(&b'-')
                    && bytes.get(j + 1).is_some_and(u8::is_ascii_digit)
                    && !bytes.get(j + 2).is_some_and(u8::is_ascii_alphanumeric);
                let text = if check {
                    low.get(i..j + 2)
                } else {
                    low.get(i..j)
                };
                let after_ok = check
                    || !bytes
                        .get(j)
                        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-');
                if (check || with_context)
                    && after_ok
                    && let Some(code) = text.and_then(|t| Cpv::parse(t).ok())
                    && !out.iter().any(|c| c.value.code() == code.code())
                {
                    if main.is_none() && has_any(low, &["principal", "main", "objet principal"]) {
                        main = Some(out.len());
                    }
                    out.push(sourced(code, unit, &unit.text));
                }
            }
            i = j.max(i + 1);
        }
        if out.len() >= 100 {
            break;
        }
    }
    if let Some(m) = main.filter(|m| *m > 0 && *m < out.len()) {
        let code = out.remove(m);
        out.insert(0, code);
    }
    out
}

/// Per-lot CPV codes from rows "Lot 1 | 72611000-6 | ..." or lines "Lot 1 72611000-6 ...".
pub fn lot_cpvs(doc: &Doc) -> Vec<(u32, Cpv)> {
    let mut out: Vec<(u32, Cpv)> = Vec::new();
    for unit in &doc.units {
        let words: Vec<&str> = unit
            .low
            .split(|c: char| c.is_whitespace() || c == '|' || c == ':')
            .filter(|w| !w.is_empty())
            .collect();
        for (i, w) in words.iter().enumerate() {
            if *w != "lot" {
                continue;
            }
            let mut k = i + 1;
            if words.get(k).is_some_and(|x| *x == "n°" || *x == "no") {
                k += 1;
            }
            let Some(n) = words
                .get(k)
                .and_then(|d| d.parse::<u32>().ok())
                .filter(|n| (1..=MAX_LOT).contains(n))
            else {
                continue;
            };
            if let Some(code) = words
                .get(k + 1)
                .filter(|c| c.len() == 10)
                .and_then(|c| Cpv::parse(c).ok())
                && !out.iter().any(|(m, c)| *m == n && c == &code)
            {
                out.push((n, code));
            }
        }
        if out.len() > 1000 {
            break;
        }
    }
    out
}

/// The estimated value (all periods), and per-lot values written with it ("dont 1 200 000 €
/// HT pour le lot 1").
pub fn estimated_value(doc: &Doc) -> (Option<Sourced<EstimatedValue>>, Vec<(u32, i64)>) {
    const KEYS: &[&str] = &[
        "valeur estimee",
        "montant estime",
        "est estime a",
        "estimee a",
        "montant previsionnel",
        "estimated value",
        "estimated total value",
        "estimated contract value",
        "valeur totale estimee",
        "estimated at",
        "montant total estime",
        "estimation du montant",
    ];
    let mut per_lot = Vec::new();
    let found = first(doc, |_, s| {
        if !has_any(&s.low, KEYS) {
            return None;
        }
        let all = amounts(&s.low);
        let total = all.first()?;
        per_lot = per_lot_amounts(&s.low)
            .into_iter()
            .filter(|(_, cents)| *cents != total.cents || all.len() == 1)
            .collect();
        Some(EstimatedValue {
            cents: total.cents,
            currency: total.currency.to_string(),
        })
    });
    (found, per_lot)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::understand::facts::text::build;

    #[test]
    fn lots_on_one_line_and_in_lists() {
        let doc = build(&[
            "Lot concerné : ☐ Lot 1 – Infogérance du poste ☐ Lot 2 – Hébergement et supervision"
                .into(),
        ]);
        let found = lots(&doc).map(|l| l.value).unwrap_or_default();
        let titles: Vec<(u32, &str)> = found.iter().map(|l| (l.number, l.title.as_str())).collect();
        assert_eq!(
            titles,
            vec![
                (1, "Infogérance du poste"),
                (2, "Hébergement et supervision")
            ]
        );
        let doc = build(&["Il n'est pas alloti.".into()]);
        assert_eq!(lots(&doc).map(|l| l.value.len()), Some(0));
    }

    #[test]
    fn cpv_codes_need_a_check_digit_or_a_context() {
        let doc = build(&[
            "Codes CPV 72700000-7 et 72611000-6, SIRET 264 507 310 00011\n\nTéléphone 12345678"
                .into(),
        ]);
        let codes: Vec<String> = cpv(&doc)
            .into_iter()
            .map(|c| c.value.as_str().to_string())
            .collect();
        assert_eq!(codes, vec!["72700000-7", "72611000-6"]);
    }
}
