//! Dates and durations: the deadlines for offers and for questions (date, time and the zone
//! they are written in), the validity of offers, and the contract duration with renewals.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;

use super::numbers::{QtyUnit, Tok, TokKind, number_before, quantities, tokens, whole};
use super::text::{Doc, Kind, Sent, Unit, has_any, has_word, quote};
use super::{Duration, Sourced};
use crate::model::Deadline;

/// How far (bytes) a time may stand from the date it goes with.
const TIME_WINDOW: usize = 60;

/// Words saying a sentence is about the deadline for offers.
const OFFER_KEYS: &[&str] = &[
    "date limite de reception des offres",
    "date limite de remise des offres",
    "date limite de depot des offres",
    "date limite de remise des plis",
    "date limite de reception des plis",
    "date limite de depot des plis",
    "date et heure limites",
    "date limite de remise",
    "date limite de reception",
    "date limite de depot",
    "remise des offres",
    "reception des offres",
    "depot des offres",
    "remise des plis",
    "reception des plis",
    "offres doivent parvenir",
    "offres devront parvenir",
    "plis doivent parvenir",
    "submission deadline",
    "deadline for submission",
    "deadline for receipt",
    "deadline for tenders",
    "tender deadline",
    "tenders must be received",
    "submissions must be received",
    "tenders must be submitted",
    "closing date",
    "tender return date",
];

const QUESTION_KEYS: &[&str] = &[
    "question",
    "clarification",
    "renseignements complementaires",
    "demandes de renseignement",
    "demande de renseignement",
    "demandes de precision",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Topic {
    Offers,
    Questions,
}

fn topic(low: &str) -> Option<Topic> {
    if has_any(low, QUESTION_KEYS) {
        // "Les réponses sont communiquées ..." is about answers, not the questions' deadline.
        let about_answers = low.contains("reponses")
            && !has_any(
                low,
                &[
                    "jusqu",
                    "deadline",
                    "recevable",
                    "posee",
                    "adresse",
                    "transmi",
                ],
            );
        return (!about_answers).then_some(Topic::Questions);
    }
    if has_any(low, OFFER_KEYS) && !has_any(low, &["visite", "inscri", "site visit"]) {
        return Some(Topic::Offers);
    }
    None
}

/// The deadline for offers and the deadline for questions.
pub fn deadlines(doc: &Doc) -> (Option<Sourced<Deadline>>, Option<Sourced<Deadline>>) {
    let default_zone = doc_zone(doc);
    let mut offers: Option<Sourced<Deadline>> = None;
    let mut questions: Option<Sourced<Deadline>> = None;
    for (ui, unit) in doc.units.iter().enumerate() {
        for sent in &unit.sents {
            let Some(topic) = topic(&sent.low) else {
                continue;
            };
            let slot = match topic {
                Topic::Offers => &mut offers,
                Topic::Questions => &mut questions,
            };
            if slot.is_some() {
                continue;
            }
            // The date may sit in the next paragraph ("Date limite de remise des offres :").
            let found = datetime_in(&sent.low)
                .map(|at| (at, unit, sent))
                .or_else(|| {
                    let next = doc.units.get(ui + 1)?;
                    let first = next.sents.first()?;
                    // A sentence of its own on the same topic is read (and quoted) by itself.
                    if self::topic(&first.low) == Some(topic) {
                        return None;
                    }
                    (sent.low.trim_end().ends_with(':') || matches!(unit.kind, Kind::Heading(_)))
                        .then(|| datetime_in(&first.low).map(|at| (at, next, first)))
                        .flatten()
                });
            let Some((at, src_unit, src_sent)) = found else {
                continue;
            };
            let tz = zone_in(&sent.low)
                .or_else(|| zone_in(&src_sent.low))
                .unwrap_or(default_zone);
            if let Some(deadline) = Deadline::from_local(at, tz) {
                let q = if std::ptr::eq(src_sent, sent) {
                    quote(&sent.text)
                } else {
                    quote(&format!("{} {}", sent.text, src_sent.text))
                };
                *slot = Some(Sourced {
                    value: deadline,
                    page: src_unit.page.min(unit.page),
                    quote: q,
                });
            }
        }
        if offers.is_some() && questions.is_some() {
            break;
        }
    }
    (offers, questions)
}

/// The zone a deadline without its own is read in: the first zone the piece states
/// anywhere (an English tender "12:00 noon (UK time)" makes its other times UK times),
/// else Europe/Paris.
fn doc_zone(doc: &Doc) -> Tz {
    doc.units
        .iter()
        .find_map(|u| zone_in(&u.low))
        .unwrap_or(Deadline::DEFAULT_TZ)
}

/// A time zone stated in a folded sentence.
fn zone_in(low: &str) -> Option<Tz> {
    use chrono_tz::{America, Europe, Indian, Pacific};
    if has_any(
        low,
        &[
            "uk time",
            "london time",
            "heure de londres",
            "british summer time",
            "british time",
        ],
    ) || has_word(low, "bst")
        || has_word(low, "gmt")
    {
        return Some(Europe::London);
    }
    if has_any(
        low,
        &[
            "heure de paris",
            "paris time",
            "heure francaise",
            "heure de france",
            "heure metropolitaine",
        ],
    ) || has_word(low, "cet")
        || has_word(low, "cest")
    {
        return Some(Europe::Paris);
    }
    if low.contains("heure") {
        let overseas: [(&[&str], Tz); 7] = [
            (&["reunion"], Indian::Reunion),
            (&["mayotte"], Indian::Mayotte),
            (&["martinique", "fort-de-france"], America::Martinique),
            (&["guadeloupe", "pointe-a-pitre"], America::Guadeloupe),
            (&["guyane", "cayenne"], America::Cayenne),
            (&["noumea", "nouvelle-caledonie"], Pacific::Noumea),
            (&["tahiti", "papeete", "polynesie"], Pacific::Tahiti),
        ];
        for (names, tz) in overseas {
            if has_any(low, names) {
                return Some(tz);
            }
        }
    }
    has_word(low, "utc").then_some(chrono_tz::UTC)
}

fn month(word: &str) -> Option<u32> {
    Some(match word {
        "janvier" | "january" | "jan" => 1,
        "fevrier" | "february" | "feb" => 2,
        "mars" | "march" | "mar" => 3,
        "avril" | "april" | "apr" => 4,
        "mai" | "may" => 5,
        "juin" | "june" | "jun" => 6,
        "juillet" | "july" | "jul" => 7,
        "aout" | "august" | "aug" => 8,
        "septembre" | "september" | "sept" | "sep" => 9,
        "octobre" | "october" | "oct" => 10,
        "novembre" | "november" | "nov" => 11,
        "decembre" | "december" | "dec" => 12,
        _ => return None,
    })
}

fn num(t: Option<&Tok<'_>>) -> Option<u32> {
    let t = t?;
    (t.kind == TokKind::Num && t.s.len() <= 4)
        .then(|| t.s.parse().ok())
        .flatten()
}

fn year(t: Option<&Tok<'_>>) -> Option<i32> {
    let t = t?;
    let y: i32 = (t.kind == TokKind::Num && t.s.len() == 4)
        .then(|| t.s.parse().ok())
        .flatten()?;
    (1990..=2100).contains(&y).then_some(y)
}

fn is_ordinal(t: Option<&Tok<'_>>) -> bool {
    t.is_some_and(|t| matches!(t.s, "er" | "eme" | "st" | "nd" | "rd" | "th"))
}

/// Dates in a folded text, with their byte ranges.
fn dates_in(toks: &[Tok<'_>]) -> Vec<(NaiveDate, usize, usize)> {
    let mut out = Vec::new();
    for i in 0..toks.len() {
        let at = |k: usize| toks.get(i + k);
        let Some(first) = at(0) else { continue };
        // 15 mars 2027, 1er mars 2027, 14th April 2027
        if let Some(d) = num(at(0)) {
            let skip = usize::from(is_ordinal(at(1)));
            if let (Some(m), Some(y)) = (at(1 + skip).and_then(|t| month(t.s)), year(at(2 + skip)))
                && let Some(date) = NaiveDate::from_ymd_opt(y, m, d)
            {
                out.push((date, first.start, at(2 + skip).map_or(first.end, |t| t.end)));
                continue;
            }
            // 15/03/2027, 15.03.2027, 15-03-2027
            if let (Some(s1), Some(m), Some(s2)) = (at(1), num(at(2)), at(3))
                && matches!(s1.s, "/" | "." | "-")
                && s1.s == s2.s
                && let Some(y) = year(at(4))
                && let Some(date) = NaiveDate::from_ymd_opt(y, m, d)
            {
                out.push((date, first.start, at(4).map_or(first.end, |t| t.end)));
                continue;
            }
            // 2027-03-15
            if let (Some(y), Some(s1), Some(m), Some(s2), Some(dd)) =
                (year(at(0)), at(1), num(at(2)), at(3), num(at(4)))
                && s1.s == "-"
                && s2.s == "-"
                && let Some(date) = NaiveDate::from_ymd_opt(y, m, dd)
            {
                out.push((date, first.start, at(4).map_or(first.end, |t| t.end)));
                continue;
            }
        }
        // April 14, 2027
        if let (Some(m), Some(d)) = (month(first.s), num(at(1))) {
            let mut k = 2 + usize::from(is_ordinal(at(2)));
            if at(k).is_some_and(|t| t.s == ",") {
                k += 1;
            }
            if let Some(y) = year(at(k))
                && let Some(date) = NaiveDate::from_ymd_opt(y, m, d)
            {
                out.push((date, first.start, at(k).map_or(first.end, |t| t.end)));
            }
        }
    }
    out
}

/// Times in a folded text: "12h00", "12 h", "16 heures", "12:00", "5 pm", "midi", "noon".
fn times_in(toks: &[Tok<'_>]) -> Vec<(NaiveTime, usize, usize)> {
    let mut out = Vec::new();
    for i in 0..toks.len() {
        let at = |k: usize| toks.get(i + k);
        let Some(first) = at(0) else { continue };
        if matches!(first.s, "midi" | "noon") {
            if let Some(t) = NaiveTime::from_hms_opt(12, 0, 0) {
                out.push((t, first.start, first.end));
            }
            continue;
        }
        let Some(h) = num(at(0)).filter(|_| first.s.len() <= 2) else {
            continue;
        };
        let (mut minutes, mut end, mut next) = (None, first.end, 1);
        match at(1).map(|t| t.s) {
            Some("h" | "heure" | "heures" | "hrs") => {
                end = at(1).map_or(end, |t| t.end);
                minutes = Some(0);
                next = 2;
                if let Some(m) = num(at(2)).filter(|_| at(2).is_some_and(|t| t.s.len() == 2)) {
                    minutes = Some(m);
                    end = at(2).map_or(end, |t| t.end);
                    next = 3;
                }
            }
            Some(":") => {
                if let Some(m) = num(at(2)).filter(|_| at(2).is_some_and(|t| t.s.len() == 2)) {
                    minutes = Some(m);
                    end = at(2).map_or(end, |t| t.end);
                    next = 3;
                }
            }
            _ => {}
        }
        let mut hour = h;
        match at(next).map(|t| t.s) {
            Some("pm") => {
                minutes = minutes.or(Some(0));
                if hour < 12 {
                    hour += 12;
                }
                end = at(next).map_or(end, |t| t.end);
            }
            Some("am") => {
                minutes = minutes.or(Some(0));
                if hour == 12 {
                    hour = 0;
                }
                end = at(next).map_or(end, |t| t.end);
            }
            _ => {}
        }
        if let Some(m) = minutes
            && let Some(t) = NaiveTime::from_hms_opt(hour, m, 0)
        {
            out.push((t, first.start, end));
        }
    }
    out
}

/// The first date of a folded sentence with the time written nearest to it; the last one
/// when the sentence moves a deadline ("initialement fixée au ..., est reportée au ...").
pub fn datetime_in(low: &str) -> Option<NaiveDateTime> {
    let moved = has_any(
        low,
        &[
            "reporte",
            "prolonge",
            "repousse",
            "est modifiee",
            "postponed",
            "extended to",
        ],
    );
    let all = datetimes_in(low);
    if moved {
        all.last().copied()
    } else {
        all.first().copied()
    }
}

/// Every date of a folded sentence that has a time written near it, with that time.
fn datetimes_in(low: &str) -> Vec<NaiveDateTime> {
    let toks = tokens(low);
    let dates = dates_in(&toks);
    let times = times_in(&toks);
    let mut out = Vec::new();
    for (date, ds, de) in dates {
        let near = times
            .iter()
            .filter(|(_, ts, te)| *te <= ds || *ts >= de)
            .map(|(t, ts, te)| {
                let gap = if *ts >= de { ts - de } else { ds - te };
                (gap, *t)
            })
            .filter(|(gap, _)| *gap <= TIME_WINDOW)
            .min_by_key(|(gap, _)| *gap);
        if let Some((_, time)) = near {
            out.push(date.and_time(time));
        }
    }
    out
}

/// The validity of offers, in days. Months count thirty days ("quatre mois" = 120 days, the
/// way buyers equate them); the quote keeps the words as written.
pub fn validity(doc: &Doc) -> Option<Sourced<u32>> {
    const KEYS: &[&str] = &[
        "validite des offres",
        "delai de validite",
        "validite de l'offre",
        "validite des propositions",
        "offres sont valables",
        "offres restent valables",
        "remain valid",
        "valid for",
        "validity period",
        "offer validity",
        "tender validity",
    ];
    doc.sentences().find_map(|(unit, sent)| {
        if !has_any(&sent.low, KEYS) {
            return None;
        }
        let days = quantities(&sent.low).iter().find_map(|q| {
            let v = match q.unit {
                QtyUnit::Days => q.value,
                QtyUnit::Weeks => q.value * 7.0,
                QtyUnit::Months => q.value * 30.0,
                _ => return None,
            };
            whole(v).filter(|d| (1..=1000).contains(d))
        })?;
        Some(Sourced {
            value: days,
            page: unit.page,
            quote: quote(&sent.text),
        })
    })
}

/// The contract duration: initial period, renewals, their length, and the longest total.
pub fn duration(doc: &Doc) -> Option<Sourced<Duration>> {
    const ENGLISH: &[&str] = &[
        "initial term",
        "initial period",
        "contract will run",
        "contract period",
        "duration of the contract",
        "contract duration",
    ];
    const RENEWAL: &[&str] = &[
        "reconductible",
        "reconduit",
        "reconduction",
        "renouvelable",
        "renouvele",
        "prolonge",
        "extend",
        "extension",
        "renew",
    ];
    let all: Vec<(&Unit, &Sent)> = doc.sentences().collect();
    let (start, unit, sent, initial) = all.iter().enumerate().find_map(|(k, (unit, sent))| {
        let low = &sent.low;
        let at = if let Some(p) = low.find("duree") {
            has_any(low, &["conclu", "initial", "passe pour", "est fixee a"]).then_some(p)?
        } else {
            ENGLISH.iter().find_map(|key| low.find(key))?
        };
        let months = quantities(low)
            .iter()
            .filter(|q| q.start >= at)
            .find_map(|q| q.months().map(|m| (m, q.start)))?;
        Some((k, *unit, *sent, months))
    })?;
    let mut value = Duration {
        initial_months: Some(initial.0),
        ..Duration::default()
    };
    let mut quoted = sent.text.clone();
    // Renewals: in the same sentence after the initial period, or in the next sentences.
    for (k, (_, s)) in all.iter().enumerate().skip(start).take(4) {
        let low = &s.low;
        let from = if k == start {
            initial.1 + 1
        } else if low.contains("duree") && has_any(low, &["conclu", "initial"]) {
            break; // another contract's duration
        } else {
            0
        };
        let Some(rest) = low.get(from..) else {
            continue;
        };
        if has_any(
            rest,
            &[
                "non reconductible",
                "n'est pas reconductible",
                "not be extended",
                "no extension",
            ],
        ) {
            value.renewals = Some(0);
        }
        let Some(kw) = RENEWAL.iter().filter_map(|r| rest.find(r)).min() else {
            if value.max_months.is_none() {
                value.max_months = max_in(rest);
            }
            continue;
        };
        if k != start {
            quoted.push(' ');
            quoted.push_str(&s.text);
        }
        let tail = rest.get(kw..).unwrap_or("");
        value.renewals = value.renewals.or_else(|| renewal_count(tail));
        for q in quantities(tail) {
            let Some(m) = q.months() else { continue };
            let before = tail.get(..q.start).unwrap_or("");
            let window = before
                .get(before.len().saturating_sub(40)..)
                .unwrap_or(before);
            if is_max_window(window) {
                value.max_months = value.max_months.or(Some(m));
            } else if value.renewal_months.is_none() {
                value.renewal_months = Some(m);
            }
        }
        if value.max_months.is_none() {
            value.max_months = max_in(rest);
        }
    }
    if value.max_months.is_none()
        && let (Some(i), Some(n), Some(m)) =
            (value.initial_months, value.renewals, value.renewal_months)
    {
        value.max_months = n.checked_mul(m).and_then(|x| x.checked_add(i));
    }
    if value.renewals == Some(0) && value.max_months.is_none() {
        value.max_months = value.initial_months;
    }
    Some(Sourced {
        value,
        page: unit.page,
        quote: quote(&quoted),
    })
}

fn is_max_window(window: &str) -> bool {
    has_any(
        window,
        &[
            "totale",
            "maximale",
            "exceder",
            "maximum",
            "total",
            "au plus",
            "not exceed",
            "up to a",
        ],
    )
}

/// "durée maximale de quatre ans" anywhere in a sentence.
fn max_in(low: &str) -> Option<u32> {
    quantities(low).iter().find_map(|q| {
        let before = low.get(..q.start).unwrap_or("");
        let window = before
            .get(before.len().saturating_sub(40)..)
            .unwrap_or(before);
        if is_max_window(window) && (window.contains("duree") || window.contains("duration")) {
            q.months()
        } else {
            None
        }
    })
}

/// "trois fois", "dans la limite de trois reconductions", "up to two further periods".
fn renewal_count(low: &str) -> Option<u32> {
    const COUNTED: &[&str] = &[
        "fois",
        "reconductions",
        "reconduction",
        "renouvellements",
        "periods",
        "periodes",
        "extensions",
        "times",
        "renewals",
    ];
    const ADJECTIVES: &[&str] = &[
        "further",
        "additional",
        "successive",
        "successives",
        "supplementaires",
        "nouvelles",
        "additionnelles",
        "annual",
        "annuelles",
        "consecutive",
    ];
    let toks = tokens(low);
    for (i, t) in toks.iter().enumerate() {
        if !COUNTED.contains(&t.s) {
            continue;
        }
        let mut at = i;
        while at > 0 && toks.get(at - 1).is_some_and(|a| ADJECTIVES.contains(&a.s)) {
            at -= 1;
        }
        if let Some((v, _)) = number_before(&toks, at)
            && let Some(n) = whole(v).filter(|n| *n <= 20)
        {
            return Some(n);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::understand::facts::text::fold;

    fn at(text: &str) -> Option<String> {
        datetime_in(&fold(text)).map(|d| d.format("%Y-%m-%d %H:%M").to_string())
    }

    #[test]
    fn french_and_english_dates() {
        assert_eq!(
            at("lundi 15 mars 2027 à 12h00").as_deref(),
            Some("2027-03-15 12:00")
        );
        assert_eq!(
            at("le 3 février 2027 à 16 heures").as_deref(),
            Some("2027-02-03 16:00")
        );
        assert_eq!(
            at("15/03/2027 à 12:00").as_deref(),
            Some("2027-03-15 12:00")
        );
        assert_eq!(
            at("jusqu'au lundi 1er mars 2027 à 12 h 30").as_deref(),
            Some("2027-03-01 12:30")
        );
        assert_eq!(
            at("12:00 noon (UK time) on 14 April 2027").as_deref(),
            Some("2027-04-14 12:00")
        );
        assert_eq!(
            at("by 5 pm on April 14, 2027").as_deref(),
            Some("2027-04-14 17:00")
        );
        assert_eq!(at("le 3 février 2027").as_deref(), None);
        assert_eq!(at("le 31 février 2027 à 12h00").as_deref(), None);
    }

    fn deadline_of(text: &str) -> Option<String> {
        let doc = crate::understand::facts::text::build(&[text.to_string()]);
        deadlines(&doc).0.map(|d| d.value.to_rfc3339())
    }

    #[test]
    fn deadlines_in_several_forms() {
        assert_eq!(
            deadline_of("| Date limite de réception des offres | 15/03/2027 à 12:00 |\n")
                .as_deref(),
            Some("2027-03-15T12:00:00+01:00")
        );
        assert_eq!(
            deadline_of("Les offres devront parvenir avant le 5 juillet 2027 à 16 h 30.")
                .as_deref(),
            Some("2027-07-05T16:30:00+02:00")
        );
        assert_eq!(
            deadline_of("## Date limite de remise des offres\n\nLe lundi 15 mars 2027, 12h00.")
                .as_deref(),
            Some("2027-03-15T12:00:00+01:00")
        );
        assert_eq!(
            deadline_of(
                "Date limite de remise des offres : 15 mars 2027 à 12h00 (heure de la Réunion)"
            )
            .as_deref(),
            Some("2027-03-15T12:00:00+04:00")
        );
        assert_eq!(
            deadline_of("La date limite de remise des offres, initialement fixée au 15 mars 2027 à 12h00, est reportée au 22 mars 2027 à 12h00.").as_deref(),
            Some("2027-03-22T12:00:00+01:00")
        );
        // A visit or a question deadline is not the deadline for offers.
        assert_eq!(
            deadline_of("Inscription à la visite avant le 1er mars 2027 à 12h00.").as_deref(),
            None
        );
    }

    #[test]
    fn validity_in_months_counts_thirty_days() {
        let doc = crate::understand::facts::text::build(&[
            "Le délai de validité des offres est de quatre mois.".into(),
        ]);
        assert_eq!(validity(&doc).map(|v| v.value), Some(120));
    }

    #[test]
    fn zones() {
        assert_eq!(
            zone_in(&fold("12:00 noon (UK time)")),
            Some(chrono_tz::Europe::London)
        );
        assert_eq!(
            zone_in(&fold("12h00 (heure de Paris)")),
            Some(chrono_tz::Europe::Paris)
        );
        assert_eq!(
            zone_in(&fold("12h00, heure de la Réunion")),
            Some(chrono_tz::Indian::Reunion)
        );
        assert_eq!(zone_in("12h00"), None);
    }
}
