//! Penalties: whether the CCAG's apply or the piece sets its own, whether they are capped,
//! and each penalty with its formula ("P = V × R / 1000") or its amount per unit ("500 € HT par
//! jour calendaire de retard"), from sentences, tables, or tables drawn as lines in a PDF.

use super::clauses::formula_line;
use super::numbers::amounts;
use super::text::{Doc, Kind, Unit, first, fold, has_any, orig_slice, sourced};
use super::{Penalties, Penalty, PenaltyRegime, Sourced};

/// Penalty items kept, at most.
const MAX_PENALTIES: usize = 60;
/// Amounts read in one sentence, at most.
const MAX_AMOUNTS_PER_TEXT: usize = 20;

/// Penalties: the regime (specific, or the CCAG's only), the cap, and each penalty with its
/// formula or its amount per unit.
pub fn penalties(doc: &Doc) -> Penalties {
    let mut out = Penalties {
        regime: first(doc, |_, s| regime(&s.low)),
        capped: first(doc, |_, s| capped(&s.low)),
        exemption_removed: first(doc, |_, s| {
            let low = &s.low;
            (low.contains("penalit") && low.contains("exonere")).then(|| {
                has_any(
                    low,
                    &[
                        "n'est pas exonere",
                        "ne sont pas exoneres",
                        "pas d'exoneration",
                        "ne beneficie pas",
                    ],
                )
            })
        }),
        items: Vec::new(),
    };
    let units = &doc.units;
    // Cells of a PDF table read out of order: amounts without a reason and reasons without an
    // amount, paired in order at the end when they are as many.
    let mut lone_amounts: Vec<(PerHit, &Unit)> = Vec::new();
    let mut lone_reasons: Vec<(usize, String)> = Vec::new();
    for (i, unit) in units.iter().enumerate() {
        if out.items.len() >= MAX_PENALTIES {
            break;
        }
        let section = doc.section_of(unit);
        let in_section = section.contains("penalit") && !section.contains("revision");
        match unit.kind {
            Kind::Row if !unit.header_row && in_section => {
                if let Some(p) = row_penalty(unit) {
                    out.items.push(sourced(p, unit, &unit.text));
                }
            }
            Kind::Text if in_section => {
                if let Some(formula) = formula_line(unit) {
                    let reason = reason_before(doc, i).unwrap_or_else(|| heading_reason(section));
                    out.items.push(sourced(
                        Penalty {
                            reason,
                            formula: Some(formula),
                            amount_cents: None,
                            per: None,
                        },
                        unit,
                        &unit.text,
                    ));
                    continue;
                }
                if let Some(p) = fraction_penalty(unit, section) {
                    out.items.push(p);
                    continue;
                }
                let prev = i
                    .checked_sub(1)
                    .and_then(|p| units.get(p))
                    .filter(|p| p.kind == Kind::Text && is_reason_line(p))
                    .map(|p| p.text.as_str());
                let before = out.items.len();
                let lone = sentence_penalties(unit, true, prev, &mut out.items);
                if lone.used_prev {
                    // The line before was this amount's reason, not a lone one.
                    lone_reasons.retain(|(k, _)| *k + 1 != i);
                }
                if let Some(amount) = lone.amount {
                    lone_amounts.push((amount, unit));
                } else if out.items.len() == before
                    && let Some(reason) = lone_reason(unit)
                {
                    lone_reasons.push((i, reason));
                }
            }
            Kind::Text | Kind::Item(_) if in_section || unit.low.contains("penalit") => {
                // Without a table around, an amount alone has no reason to pair with.
                sentence_penalties(unit, in_section, None, &mut out.items);
            }
            _ => {}
        }
    }
    if !lone_amounts.is_empty() && lone_amounts.len() == lone_reasons.len() {
        for ((hit, unit), (_, reason)) in lone_amounts.into_iter().zip(lone_reasons) {
            if out.items.len() >= MAX_PENALTIES {
                break;
            }
            let q = format!("{reason} | {}", unit.text);
            out.items.push(sourced(
                Penalty {
                    reason,
                    formula: None,
                    amount_cents: Some(hit.cents),
                    per: Some(hit.per),
                },
                unit,
                &q,
            ));
        }
    }
    if out.regime.is_none()
        && let Some(first) = out.items.first()
    {
        out.regime = Some(Sourced {
            value: PenaltyRegime::Specific,
            page: first.page,
            quote: first.quote.clone(),
        });
    }
    out
}

/// A short line that can name a penalty whose amount is on the next line (a table cell).
fn is_reason_line(unit: &Unit) -> bool {
    let low = unit.low.trim_end();
    low.chars().count() <= 200
        && !low.ends_with([':', '.', ';'])
        && !low.contains("montant")
        && amounts(low).is_empty()
}

/// A penalty written as a fraction of a value per day, the common French form: "une pénalité
/// égale à 1/1000e du montant HT du bon de commande par jour de retard".
fn fraction_penalty(unit: &Unit, section: &str) -> Option<Sourced<Penalty>> {
    unit.sents.iter().find_map(|s| {
        let low = &s.low;
        let bytes = low.as_bytes();
        // "1/1000", "1 / 3000", "1/1 000"
        let slash = (1..bytes.len().saturating_sub(1)).find(|&k| {
            bytes.get(k) == Some(&b'/')
                && low.get(..k).is_some_and(|b| b.trim_end().ends_with('1'))
                && low.get(k + 1..).is_some_and(|a| {
                    a.trim_start()
                        .starts_with(|c: char| c.is_ascii_digit() && c != '0')
                })
        })?;
        let start = low.get(..slash)?.trim_end().len().checked_sub(1)?;
        // "1/1000", not the end of a date ("21/12/2027").
        if low
            .get(..start)?
            .ends_with(|c: char| c.is_ascii_digit() || c == '/')
        {
            return None;
        }
        let per_day = ["par jour", "per day", "par heure", "par semaine"]
            .iter()
            .filter_map(|p| low.get(start..)?.find(p).map(|q| start + q + p.len()))
            .min()?;
        // "... par jour calendaire de retard": the unit runs to the end of its clause.
        let tail = low.get(per_day..)?;
        let end = per_day + tail.find([',', ';', '.', '(']).unwrap_or(tail.len());
        let formula = orig_slice(&s.text, low, start, end).trim().to_string();
        if formula.chars().count() > 200 {
            return None;
        }
        let reason = en_cas_de(&s.text, low).unwrap_or_else(|| heading_reason(section));
        Some(sourced(
            Penalty {
                reason,
                formula: Some(formula),
                amount_cents: None,
                per: None,
            },
            unit,
            &s.text,
        ))
    })
}

/// A table cell naming a penalty whose amount is elsewhere: a short line without a (non-zero)
/// amount; the part before a broken "000 €" is kept.
fn lone_reason(unit: &Unit) -> Option<String> {
    let low = unit.low.trim_end();
    if low.chars().count() > 200 || low.ends_with([':', '.', ';']) || low.contains("montant") {
        return None;
    }
    let found = amounts(low);
    if found.iter().any(|a| a.cents != 0) {
        return None;
    }
    let end = found.first().map_or(low.len(), |a| a.start);
    let r = orig_slice(&unit.text, &unit.low, 0, end).trim();
    (r.split_whitespace().count() >= 2 && r.chars().next().is_some_and(char::is_uppercase))
        .then(|| r.to_string())
}

fn regime(low: &str) -> Option<PenaltyRegime> {
    if !low.contains("penalit") || !low.contains("ccag") {
        return None;
    }
    if has_any(
        low,
        &[
            "sans derogation",
            "exclusivement celles",
            "seules les penalites prevues",
            "conformement au ccag",
            "prevues par le ccag",
            "application du ccag",
        ],
    ) && !low.contains("par derogation")
    {
        Some(PenaltyRegime::Ccag)
    } else if low.contains("derog") {
        Some(PenaltyRegime::Specific)
    } else {
        None
    }
}

fn capped(low: &str) -> Option<bool> {
    if !low.contains("penalit") || !has_any(low, &["plafon", "capped", "cap ", "plafond"]) {
        return None;
    }
    Some(!has_any(
        low,
        &[
            "ne sont pas plafonnees",
            "non plafonnees",
            "pas plafonnees",
            "sans plafond",
            "not capped",
            "uncapped",
            "aucun plafond",
            "n'est pas plafonne",
        ],
    ))
}

/// "En cas de retard dans l'exécution ..., le titulaire encourt ... :" just before a formula.
fn reason_before(doc: &Doc, at: usize) -> Option<String> {
    (1..=3).find_map(|back| {
        let unit = doc.units.get(at.checked_sub(back)?)?;
        if matches!(unit.kind, Kind::Heading(_)) {
            return None;
        }
        unit.sents.iter().find_map(|s| en_cas_de(&s.text, &s.low))
    })
}

/// The words after "en cas de" up to the comma.
fn en_cas_de(text: &str, low: &str) -> Option<String> {
    for key in ["en cas de ", "in case of ", "for each "] {
        if let Some(p) = low.find(key) {
            let start = p + key.len();
            let rest = low.get(start..)?;
            let end = rest.find([',', ';', ':', '.']).unwrap_or(rest.len());
            let r = orig_slice(text, low, start, start + end).trim();
            if !r.is_empty() && r.chars().count() <= 200 {
                return Some(r.to_string());
            }
        }
    }
    None
}

/// "Pénalités de retard d'exécution" -> "retard d'exécution".
fn heading_reason(section: &str) -> String {
    let last = section.rsplit(" / ").next().unwrap_or(section);
    let words: Vec<&str> = last.split_whitespace().collect();
    let start = words
        .iter()
        .position(|w| w.starts_with("penalit"))
        .map_or(0, |p| p + 1);
    let rest: Vec<&str> = words.get(start..).unwrap_or(&[]).to_vec();
    let rest = match rest.first() {
        Some(&("de" | "pour" | "en" | "du")) => rest.get(1..).unwrap_or(&[]).to_vec(),
        _ => rest,
    };
    rest.join(" ")
}

/// What a line left unpaired: an amount without its reason, and whether it took the line
/// before as its reason.
#[derive(Default)]
struct Lone {
    amount: Option<PerHit>,
    used_prev: bool,
}

/// One "amount per unit" in a text: "500 € HT par jour calendaire de retard".
struct PerHit {
    cents: i64,
    per: String,
    /// Byte range in the folded text: the amount's start and the end of the unit.
    start: usize,
    end: usize,
}

/// Every "amount per unit" of a text, in order.
fn amounts_per(text: &str, low: &str) -> Vec<PerHit> {
    let all = amounts(low);
    let mut out = Vec::new();
    // A sentence holds a few penalties at most; more amounts than this is not a clause.
    for (k, a) in all.iter().enumerate().take(MAX_AMOUNTS_PER_TEXT) {
        let limit = all.get(k + 1).map_or(low.len(), |n| n.start);
        let mut at = a.end;
        let Some(rest) = low.get(at..limit) else {
            continue;
        };
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        for tax in ["ht", "ttc", "hors taxes", "h.t.", "excluding vat"] {
            if trimmed.starts_with(tax) {
                at += tax.len();
                break;
            }
        }
        let Some(rest) = low.get(at..limit).map(str::trim_start) else {
            continue;
        };
        at = limit - rest.len();
        let Some(after) = rest
            .strip_prefix("par ")
            .or_else(|| rest.strip_prefix("per "))
        else {
            continue;
        };
        let start = at + (rest.len() - after.len());
        let mut end = [
            ",",
            ";",
            ".",
            " et ",
            " dans ",
            " a compter",
            " au-dela",
            " en cas",
            " (",
            " sans ",
        ]
        .iter()
        .filter_map(|s| after.find(s))
        .min()
        .unwrap_or(after.len());
        // A capital starts the next row of a table drawn as lines ("... par jour ouvré
        // Retard de notification ...").
        let orig_after = orig_slice(text, low, start, start + end);
        if let Some(cap) = orig_after
            .char_indices()
            .skip(1)
            .find(|(i, c)| {
                c.is_uppercase() && orig_after.get(..*i).is_some_and(|b| b.ends_with(' '))
            })
            .map(|(i, _)| i)
        {
            let kept = orig_after.get(..cap).unwrap_or("");
            end = fold(kept).len();
        }
        let per = orig_slice(text, low, start, start + end).trim().to_string();
        // A penalty of nothing is a broken number ("1 000" read as "000"), not a penalty.
        if a.cents > 0 && !per.is_empty() && per.chars().count() <= 120 {
            out.push(PerHit {
                cents: a.cents,
                per,
                start: a.start,
                end: start + end,
            });
        }
    }
    out
}

fn row_penalty(unit: &Unit) -> Option<Penalty> {
    let (k, hit) = unit
        .cells
        .iter()
        .enumerate()
        .find_map(|(k, c)| amounts_per(c, &fold(c)).into_iter().next().map(|a| (k, a)))?;
    let reason = unit
        .cells
        .iter()
        .enumerate()
        .find(|(j, c)| *j != k && c.chars().any(char::is_alphabetic))
        .map(|(_, c)| c.trim().to_string())?;
    Some(Penalty {
        reason,
        formula: None,
        amount_cents: Some(hit.cents),
        per: Some(hit.per),
    })
}

/// Penalties written in sentences, list items, or table rows drawn as lines in a PDF: "En cas
/// de retard, une pénalité de 200 € par jour ...", "Retard de livraison : 150 € HT par jour",
/// "Retard dans la remise du tableau de bord 100 € HT par jour calendaire de retard". A line
/// holding only the amount takes its reason from the line before (`prev`).
fn sentence_penalties(
    unit: &Unit,
    in_section: bool,
    prev: Option<&str>,
    items: &mut Vec<Sourced<Penalty>>,
) -> Lone {
    let mut lone = Lone::default();
    for s in &unit.sents {
        let mut from = 0;
        for (k, hit) in amounts_per(&s.text, &s.low).into_iter().enumerate() {
            let head = s.low.get(from..hit.start).unwrap_or("");
            let head_orig = orig_slice(&s.text, &s.low, from, hit.start).trim();
            from = hit.end;
            let reason = (k == 0)
                .then(|| en_cas_de(&s.text, &s.low))
                .flatten()
                .or_else(|| {
                    let colon = head.rfind(':')?;
                    let r = orig_slice(&s.text, &s.low, 0, colon).trim();
                    (k == 0 && !r.is_empty() && r.chars().count() <= 200).then(|| r.to_string())
                })
                .or_else(|| {
                    let row_like = in_section
                        && unit.sents.len() == 1
                        && head_orig.chars().any(char::is_alphabetic)
                        && head.split_whitespace().count() <= 30
                        && !has_any(
                            head,
                            &[" est ", " sont ", " encourt", " applique", " sera "],
                        );
                    row_like.then(|| head_orig.to_string())
                })
                .or_else(|| {
                    let r = (in_section && head_orig.is_empty() && k == 0)
                        .then(|| prev.map(str::to_string))
                        .flatten();
                    lone.used_prev |= r.is_some();
                    r
                });
            let Some(reason) = reason else {
                if k == 0 && head_orig.is_empty() && unit.sents.len() == 1 {
                    lone.amount = Some(hit);
                }
                continue;
            };
            if items.len() < MAX_PENALTIES {
                items.push(sourced(
                    Penalty {
                        reason,
                        formula: None,
                        amount_cents: Some(hit.cents),
                        per: Some(hit.per),
                    },
                    unit,
                    &s.text,
                ));
            }
        }
    }
    lone
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::understand::facts::text::build;

    #[test]
    fn penalties_as_fractions_amounts_and_ccag() {
        let doc = build(&[
            "## Article 9 - Pénalités\n\nEn cas de retard de livraison, le titulaire encourt une pénalité égale à 1/1000e du montant HT du bon de commande par jour calendaire de retard.\n\n- Absence à une réunion : 200 € HT par absence ;\n\nLes pénalités sont plafonnées à 10 % du montant du marché.\n".into(),
        ]);
        let p = penalties(&doc);
        let items: Vec<(String, Option<String>, Option<i64>)> = p
            .items
            .iter()
            .map(|i| {
                (
                    i.value.reason.clone(),
                    i.value.formula.clone(),
                    i.value.amount_cents,
                )
            })
            .collect();
        assert_eq!(
            items,
            vec![
                (
                    "retard de livraison".into(),
                    Some(
                        "1/1000e du montant HT du bon de commande par jour calendaire de retard"
                            .into()
                    ),
                    None
                ),
                ("Absence à une réunion".into(), None, Some(20_000)),
            ]
        );
        assert_eq!(p.capped.map(|c| c.value), Some(true));
        assert_eq!(p.regime.map(|r| r.value), Some(PenaltyRegime::Specific));
        let ccag = build(&[
            "Les pénalités applicables sont celles prévues par le CCAG-FCS, sans dérogation."
                .into(),
        ]);
        assert_eq!(
            penalties(&ccag).regime.map(|r| r.value),
            Some(PenaltyRegime::Ccag)
        );
    }
}
