//! Money clauses, the ones that carry risk: price form and revision, payment delay, advance,
//! retention, penalties (formula or amount per unit), insurance, termination indemnity.

use super::numbers::{QtyUnit, amounts, quantities, whole};
use super::text::{Doc, Kind, Sent, Unit, first, fold, has_any, has_word, orig_slice, sourced};
use super::{Insurance, PriceForm, PriceRevision, RevisionKind, Sourced};

fn first_percent(low: &str) -> Option<f64> {
    quantities(low)
        .into_iter()
        .find(|q| q.unit == QtyUnit::Percent)
        .map(|q| q.value)
        .filter(|v| (0.0..=100.0).contains(v))
}

/// Unit prices, lump sums, or both.
pub fn price_form(doc: &Doc) -> Option<Sourced<PriceForm>> {
    const CUES: &[&str] = &[
        "remunere",
        "reglee",
        "regle ",
        "reglees",
        "reglés",
        "a prix",
        "forme des prix",
        "sur la base de prix",
        "traite a prix",
        "paid on the basis",
        "priced on a",
        "lump sum",
        "unit rates",
    ];
    let (unit, sent) = doc.sentences().find(|(u, s)| {
        u.kind != Kind::Heading(1)
            && has_any(&s.low, CUES)
            && (has_unit(&s.low) || has_lump(&s.low))
    })?;
    // The whole section speaks of the price form ("... prix forfaitaires ... Les autres
    // prestations sont rémunérées par application des prix unitaires").
    let (mut unit_price, mut lump) = (false, false);
    for u in doc
        .units
        .iter()
        .filter(|u| u.section == unit.section && u.kind != Kind::Row)
    {
        for s in u.sents.iter().filter(|s| has_any(&s.low, CUES)) {
            unit_price |= has_unit(&s.low);
            lump |= has_lump(&s.low);
        }
    }
    let form = match (unit_price, lump) {
        (true, true) => PriceForm::Mixte,
        (true, false) => PriceForm::Unitaire,
        (false, true) => PriceForm::Forfaitaire,
        (false, false) => return None,
    };
    Some(sourced(form, unit, &sent.text))
}

fn has_unit(low: &str) -> bool {
    has_any(
        low,
        &[
            "prix unitaire",
            "unit price",
            "unit rate",
            "bordereau des prix",
        ],
    )
}

fn has_lump(low: &str) -> bool {
    has_any(low, &["forfaitaire", "forfait", "prix global", "lump sum"])
}

/// A formula written on its own: "P = V × R / 1000", "P = P0 × (0,15 + 0,85 × S / S0)".
pub fn formula_line(unit: &Unit) -> Option<String> {
    let low = unit.low.trim();
    let eq = low.find('=')?;
    let left = low.get(..eq)?.trim();
    let right = low.get(eq + 1..)?;
    let ok_left = !left.is_empty()
        && left.len() <= 12
        && left.chars().all(|c| c.is_alphanumeric() || c == ' ');
    let ops = right
        .chars()
        .any(|c| matches!(c, '×' | '*' | '/' | '+' | 'x'));
    (ok_left && ops && low.chars().count() <= 200)
        .then(|| unit.text.trim().trim_end_matches('.').to_string())
}

/// Firm prices, or revisable with an index and a formula.
pub fn price_revision(doc: &Doc) -> Option<Sourced<PriceRevision>> {
    const FIRM: &[&str] = &[
        "prix sont fermes",
        "prix fermes",
        "prix ferme",
        "non revisables",
        "non actualisables",
        "aucune clause de revision",
        "pas revisables",
        "fixed prices",
        "prices shall be fixed",
        "prices are fixed",
        "prices will remain fixed",
        "firm prices",
        "prices shall remain fixed",
    ];
    const REVISABLE: &[&str] = &[
        "prix sont revisables",
        "prix revisables",
        "sont revisables",
        "revision des prix",
        "prix sont actualisables",
        "sont actualisables",
        "indexed",
        "price adjustment",
        "indexation",
        "prix sont ajustables",
    ];
    let units = &doc.units;
    units
        .iter()
        .enumerate()
        .filter(|(_, u)| u.kind != Kind::Row && !matches!(u.kind, Kind::Heading(_)))
        .find_map(|(i, unit)| {
            unit.sents.iter().find_map(|s| {
                let low = &s.low;
                if has_any(low, FIRM) {
                    return Some(sourced(
                        PriceRevision {
                            kind: RevisionKind::Firm,
                            index: None,
                            formula: None,
                        },
                        unit,
                        &s.text,
                    ));
                }
                if !has_any(low, REVISABLE) {
                    return None;
                }
                // The formula and the index are often in the next paragraphs of the clause.
                let around: Vec<&Unit> = units
                    .get(i..(i + 4).min(units.len()))
                    .unwrap_or(&[])
                    .iter()
                    .filter(|u| u.section == unit.section)
                    .collect();
                let formula = around.iter().find_map(|u| formula_line(u));
                let index = around.iter().find_map(|u| index_name(u));
                Some(sourced(
                    PriceRevision {
                        kind: RevisionKind::Revisable,
                        index,
                        formula,
                    },
                    unit,
                    &s.text,
                ))
            })
        })
}

/// The name after "indice" / "index" ("l'indice Syntec", "index BT01"), or CPI / RPI.
fn index_name(unit: &Unit) -> Option<String> {
    let low = &unit.low;
    for key in ["indice ", "index "] {
        let mut from = 0;
        let mut tries = 0;
        while let Some(p) = low.get(from..).and_then(|s| s.find(key)) {
            tries += 1;
            if tries > 10 {
                break;
            }
            let start = from + p + key.len();
            from = start;
            let rest = low.get(start..).unwrap_or("");
            let mut skip = 0;
            for stop in [
                "de reference ",
                "des ",
                "de l'",
                "de la ",
                "du ",
                "de ",
                "la ",
                "le ",
            ] {
                if rest.starts_with(stop) {
                    skip = stop.len();
                    break;
                }
            }
            let begin = start + skip;
            let len = low
                .get(begin..)
                .unwrap_or("")
                .find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_')))
                .unwrap_or(low.len() - begin);
            let name = orig_slice(&unit.text, low, begin, begin + len);
            let common = [
                "publie", "publiee", "de", "du", "des", "s", "s0", "i", "i0", "initial", "du",
                "mois",
            ];
            if name.chars().count() >= 2 && !common.contains(&fold(name).as_str()) {
                return Some(name.to_string());
            }
        }
    }
    ["cpi", "rpi", "cpih"]
        .iter()
        .find(|w| has_word(low, w))
        .map(|w| w.to_uppercase())
}

/// The payment delay in days.
pub fn payment_delay(doc: &Doc) -> Option<Sourced<u32>> {
    const KEYS: &[&str] = &[
        "delai global de paiement",
        "delai de paiement",
        "delai maximum de paiement",
        "payment terms",
        "paid within",
        "payment within",
        "invoices will be paid",
        "pay undisputed invoices",
        "paye dans un delai",
        "payees dans un delai",
    ];
    first(doc, |_, s| {
        let low = &s.low;
        if !has_any(low, KEYS) || has_any(low, &["sous-traitant", "subcontractor", "depassement"]) {
            return None;
        }
        quantities(low)
            .into_iter()
            .find(|q| q.unit == QtyUnit::Days)
            .and_then(|q| whole(q.value))
            .filter(|d| (1..=365).contains(d))
    })
}

/// The advance in percent (0 when the piece says there is none), and its guarantee.
pub fn advance(doc: &Doc) -> (Option<Sourced<f64>>, Option<Sourced<String>>) {
    const NONE: &[&str] = &[
        "pas d'avance",
        "aucune avance",
        "sans avance",
        "pas prevu d'avance",
        "n'est pas prevu d'avance",
        "no advance",
        "avance n'est pas prevue",
        "avance n'est pas accordee",
    ];
    let percent = first(doc, |_, s| {
        let low = &s.low;
        if !(has_word(low, "avance") || has_word(low, "advance"))
            || low.contains("rembours")
            || low.contains("repay")
        {
            return None;
        }
        if has_any(low, NONE) {
            return Some(0.0);
        }
        first_percent(low)
    });
    let guarantee = first(doc, |_, s| {
        let low = &s.low;
        if !has_word(low, "avance") {
            return None;
        }
        if low.contains("garantie a premiere demande") {
            Some("garantie à première demande".to_string())
        } else if low.contains("caution personnelle et solidaire") {
            Some("caution personnelle et solidaire".to_string())
        } else if has_any(
            low,
            &["aucune garantie", "sans garantie", "pas de garantie"],
        ) {
            Some("aucune".to_string())
        } else {
            None
        }
    });
    (percent, guarantee)
}

/// The retention (retenue de garantie) in percent, 0 when the piece says there is none.
pub fn retention(doc: &Doc) -> Option<Sourced<f64>> {
    const NONE: &[&str] = &[
        "pas prevu de retenue",
        "aucune retenue",
        "sans retenue",
        "pas de retenue",
        "no retention",
        "n'est pas appliquee",
        "n'est pas pratiquee",
        "ne sera pas appliquee",
        "n'est pas prevue",
    ];
    first(doc, |_, s| {
        let low = &s.low;
        if !(low.contains("retenue de garantie") || has_word(low, "retention")) {
            return None;
        }
        if has_any(low, NONE) {
            return Some(0.0);
        }
        first_percent(low)
    })
}

/// The professional liability insurance asked for, with its minimum cover when stated.
pub fn insurance(doc: &Doc) -> Option<Sourced<Insurance>> {
    const KINDS: &[(&str, &str)] = &[
        (
            "responsabilite civile professionnelle",
            "responsabilité civile professionnelle",
        ),
        ("responsabilite civile", "responsabilité civile"),
        ("professional indemnity", "professional indemnity"),
        ("public liability", "public liability"),
        ("employer's liability", "employer's liability"),
    ];
    let read = |s: &Sent, need_amount: bool| {
        let low = &s.low;
        if !(low.contains("assurance") || low.contains("insurance")) {
            return None;
        }
        let kind = KINDS
            .iter()
            .find(|(k, _)| low.contains(k))
            .map(|(_, name)| *name)?;
        let min = amounts(low).first().map(|a| a.cents);
        if need_amount && min.is_none() {
            return None;
        }
        Some(Insurance {
            cover: kind.to_string(),
            rc_pro_min_cents: min,
        })
    };
    first(doc, |_, s| read(s, true)).or_else(|| first(doc, |_, s| read(s, false)))
}

/// The indemnity on termination for general interest, in percent (0 = none at all).
pub fn termination_indemnity(doc: &Doc) -> Option<Sourced<f64>> {
    first(doc, |_, s| {
        let low = &s.low;
        if !(low.contains("resiliation") && low.contains("interet general")
            || low.contains("termination for convenience"))
        {
            return None;
        }
        if has_any(
            low,
            &[
                "aucune indemnite",
                "sans indemnite",
                "no compensation",
                "ne percoit aucune",
            ],
        ) {
            return Some(0.0);
        }
        low.contains("indemnit")
            .then(|| first_percent(low))
            .flatten()
    })
}
