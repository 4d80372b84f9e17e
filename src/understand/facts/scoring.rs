//! How the buyer scores beyond the weights: the price-scoring formula, the eliminating
//! quality mark, and the rule that flags an abnormally low offer.

use super::numbers::{QtyUnit, TokKind, number_at, quantities, tokens};
use super::text::{Doc, Sent, Unit, has_any, orig_slice, quote};
use super::{AbnormallyLow, PriceFormula, PriceFormulaKind, QualityThreshold, Sourced};

/// The price-scoring formula: "Note prix = 40 × Pmin / P", "20 × (1 − (P − Pmin) / Pmin)",
/// "(Lowest price / Bidder's price) × 30".
pub fn price_formula(doc: &Doc) -> Option<Sourced<PriceFormula>> {
    const LOWEST: &[&str] = &[
        "pmin",
        "p min",
        "pmini",
        "lowest price",
        "lowest tender",
        "lowest compliant",
        "prix le plus bas",
        "offre la moins",
        "moins-disant",
        "moins disant",
        "prix minimum",
        "prix mini",
    ];
    let all: Vec<(&Unit, &Sent)> = doc.sentences().collect();
    all.iter().enumerate().find_map(|(k, (unit, sent))| {
        let low = &sent.low;
        let eq = low.find('=')?;
        if !has_any(low, LOWEST) {
            return None;
        }
        let rest = low.get(eq + 1..)?;
        let stop = [
            ", ou ",
            " ou p",
            ", where",
            " where ",
            "; ",
            " avec ",
            ", avec",
            " dans laquelle",
            " in which",
            ", p ",
        ]
        .iter()
        .filter_map(|s| rest.find(s))
        .min()
        .unwrap_or(rest.len());
        let expr_low = rest.get(..stop)?.trim().trim_end_matches(['.', ',', ' ']);
        if expr_low.is_empty() {
            return None;
        }
        let lo = eq + 1 + (rest.len() - rest.trim_start().len());
        let expression = orig_slice(&sent.text, low, lo, lo + expr_low.len())
            .trim()
            .to_string();
        let kind = if has_any(expr_low, &["pmax", "highest", "p max", "plus eleve"]) {
            PriceFormulaKind::LinearBetweenExtremes
        } else if (expr_low.contains("1 -") || expr_low.contains("1-")) && expr_low.contains("p -")
            || expr_low.contains("p-p")
        {
            PriceFormulaKind::LinearFromLowest
        } else {
            PriceFormulaKind::Proportional
        };
        let max = tokens(expr_low)
            .iter()
            .filter(|t| t.kind == TokKind::Num)
            .filter_map(|t| t.s.parse::<f64>().ok())
            .filter(|v| *v != 1.0 && *v <= 1000.0)
            .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
        let next = all.get(k + 1).map_or("", |(_, s)| s.low.as_str());
        let floor_words = [
            "ramenee a zero",
            "ramenee a 0",
            "ramene a zero",
            "ramene a 0",
            "ne peut etre negative",
            "minimum de 0",
            "floored",
            "minimum of 0",
            "plancher",
            "est ramenee a",
            "score of zero",
        ];
        let floor = (has_any(low, &floor_words) || has_any(next, &floor_words)).then_some(0.0);
        Some(Sourced {
            value: PriceFormula {
                kind,
                max,
                expression,
                floor,
            },
            page: unit.page,
            quote: quote(&sent.text),
        })
    })
}

/// An eliminating mark: "Any tender scoring below 2 out of 5 ... will be excluded", "une note
/// inférieure à 10 sur 20 est éliminatoire", "note minimale de 8/20".
pub fn quality_threshold(doc: &Doc) -> Option<Sourced<QualityThreshold>> {
    const BELOW: &[&str] = &[
        "below",
        "inferieure a",
        "inferieur a",
        "minimale",
        "minimum",
        "less than",
        "seuil",
    ];
    const OUT: &[&str] = &[
        "exclu",
        "elimin",
        "rejet",
        "excluded",
        "disqualif",
        "not be considered",
        "ne sera pas",
        "irreguliere",
    ];
    doc.sentences().find_map(|(unit, sent)| {
        let low = &sent.low;
        if !has_any(low, BELOW) || !has_any(low, OUT) {
            return None;
        }
        let toks = tokens(low);
        (0..toks.len()).find_map(|i| {
            let (min, next) = number_at(&toks, i)?;
            let at = |k: usize| toks.get(next + k).map(|t| t.s);
            let scale_at = match (at(0), at(1)) {
                (Some("out"), Some("of")) => next + 2,
                (Some("sur" | "/"), _) => next + 1,
                _ => return None,
            };
            let (scale, _) = number_at(&toks, scale_at)?;
            let before = low.get(..toks.get(i)?.start).unwrap_or("");
            let window = before
                .get(before.len().saturating_sub(40)..)
                .unwrap_or(before);
            (scale > min && scale <= 1000.0 && has_any(window, BELOW)).then(|| Sourced {
                value: QualityThreshold {
                    min_mark: min,
                    mark_scale: scale,
                },
                page: unit.page,
                quote: quote(&sent.text),
            })
        })
    })
}

/// "Une offre dont le montant est inférieur de plus de 20 % à la moyenne des offres ...".
pub fn abnormally_low(doc: &Doc) -> Option<Sourced<AbnormallyLow>> {
    doc.sentences().find_map(|(unit, sent)| {
        let low = &sent.low;
        if !has_any(low, &["anormalement bas", "abnormally low"]) {
            return None;
        }
        let reference = if has_any(low, &["mediane", "median"]) {
            "median"
        } else if has_any(low, &["moyenne", "average", "mean"]) {
            "mean"
        } else {
            return None;
        };
        let percent = quantities(low)
            .into_iter()
            .find(|q| q.unit == QtyUnit::Percent)?;
        Some(Sourced {
            value: AbnormallyLow {
                reference: reference.to_string(),
                percent_below: percent.value,
            },
            page: unit.page,
            quote: quote(&sent.text),
        })
    })
}
