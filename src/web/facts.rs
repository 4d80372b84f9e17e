//! Key facts as the tender summary shows them: in the order a bid manager reads them, each
//! with its source, the missing ones named, two disagreeing sources flagged.

use serde_json::Value;

use crate::i18n::Lang;
use crate::model::{Deadline, Fact, Money};

/// The facts a bid manager looks for first, in reading order.
#[rustfmt::skip]
pub const ORDER: &[&str] = &[
    "deadline", "questions_deadline", "validity_days", "site_visit", "buyer", "reference", "procedure", "framework",
    "lots", "duration", "variants_allowed", "negotiation_possible", "price_formula", "abnormally_low",
    "memoire_page_limit", "required_pieces", "price_form", "payment_delay_days", "advance_percent",
    "advance_guarantee", "retention_percent", "penalties", "price_revision", "insurance",
    "termination_indemnity_percent", "cpv", "estimated_value", "estimated_value_cents",
];

/// Facts used by other views (the criteria table) or only internally.
const HIDDEN: &[&str] = &["criteria", "mark_scales", "quality_threshold"];

/// Facts stated in several pieces with different detail: the first is shown.
const FIRST_ONLY: &[&str] = &[
    "lots",
    "buyer",
    "duration",
    "insurance",
    "required_pieces",
    "cpv",
    "framework",
];

/// Facts whose absence deserves a word.
const EXPECTED: &[&str] = &[
    "deadline",
    "questions_deadline",
    "validity_days",
    "payment_delay_days",
    "procedure",
];

/// One line of the summary.
pub struct FactLine {
    pub key: String,
    pub label: String,
    pub values: Vec<FactValue>,
    /// Two sources say different things.
    pub conflict: bool,
}

pub struct FactValue {
    pub text: String,
    pub quote: String,
    pub document_id: Option<i64>,
    pub page: Option<i32>,
}

pub fn lines(facts: &[Fact], lang: Lang) -> (Vec<FactLine>, Vec<String>) {
    let mut keys: Vec<&str> = facts
        .iter()
        .filter(|f| !f.superseded && !HIDDEN.contains(&f.key.as_str()))
        .map(|f| f.key.as_str())
        .collect();
    keys.sort_by_key(|k| ORDER.iter().position(|o| o == k).unwrap_or(ORDER.len()));
    keys.dedup();
    let lines = keys
        .into_iter()
        .map(|key| {
            let mut values: Vec<FactValue> = Vec::new();
            for f in facts.iter().filter(|f| f.key == key && !f.superseded) {
                let text = display(key, &f.value);
                if text.is_empty()
                    || values.iter().any(|v| v.text == text)
                    || (FIRST_ONLY.contains(&key) && !values.is_empty())
                {
                    continue;
                }
                values.push(FactValue {
                    text,
                    quote: f.quote.clone(),
                    document_id: f.document_id,
                    page: f.page,
                });
            }
            let single = crate::understand::merge::can_disagree(key);
            FactLine {
                key: key.to_string(),
                label: label(key, lang),
                conflict: single && values.len() > 1,
                values,
            }
        })
        .filter(|l| !l.values.is_empty())
        .collect::<Vec<_>>();
    let missing = EXPECTED
        .iter()
        .filter(|k| !lines.iter().any(|l| l.key == **k))
        .map(|k| label(k, lang))
        .collect();
    (lines, missing)
}

fn label(key: &str, lang: Lang) -> String {
    match lang.t(&format!("fact.{key}")) {
        "??" => key.replace('_', " "),
        found => found.to_string(),
    }
}

/// A stored JSON value as a person reads it.
pub fn display(key: &str, json: &str) -> String {
    let Ok(v) = serde_json::from_str::<Value>(json) else {
        return json.to_string();
    };
    let v = unwrap_sourced(v);
    let field = |name: &str| {
        v.get(name)
            .cloned()
            .map(unwrap_sourced)
            .unwrap_or(Value::Null)
    };
    let money = |cents: &Value| cents.as_i64().map(|c| Money(c).to_french());
    match key {
        k if k.contains("deadline") => match &v {
            Value::String(s) => Deadline::parse(s, Deadline::DEFAULT_TZ)
                .map(|d| d.to_french())
                .unwrap_or_else(|_| s.clone()),
            other => plain(other),
        },
        "procedure" | "framework" | "price_form" => v
            .as_str()
            .map(|c| crate::understand::labels::code_label(c).to_string())
            .unwrap_or_else(|| plain(&v)),
        "estimated_value_cents" => money(&v).unwrap_or_default(),
        "estimated_value" => money(&field("cents")).unwrap_or_default(),
        "buyer" => field("name").as_str().unwrap_or_default().to_string(),
        "lots" => v
            .as_array()
            .map(|lots| {
                lots.iter()
                    .map(|l| {
                        format!(
                            "Lot {} : {}",
                            plain(&l["number"]),
                            l["title"].as_str().unwrap_or_default()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" ; ")
            })
            .unwrap_or_default(),
        "duration" => {
            let mut parts = Vec::new();
            if let Some(m) = field("initial_months").as_i64() {
                parts.push(format!("{m} mois"));
            }
            if let Some(r) = field("renewals").as_i64().filter(|r| *r > 0) {
                let each = field("renewal_months")
                    .as_i64()
                    .map(|m| format!(" de {m} mois"))
                    .unwrap_or_default();
                parts.push(format!("reconductible {r} fois{each}"));
            }
            if let Some(m) = field("max_months").as_i64() {
                parts.push(format!("{m} mois au plus"));
            }
            parts.join(", ")
        }
        "price_formula" => field("expression")
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| plain(&v)),
        "price_revision" => match field("kind").as_str() {
            Some("firm") => "prix fermes (non révisables)".into(),
            Some("revisable") => {
                let index = field("index")
                    .as_str()
                    .map(|i| format!(" (indice {i})"))
                    .unwrap_or_default();
                format!("prix révisables{index}")
            }
            _ => plain(&v),
        },
        "abnormally_low" => {
            let reference = if field("reference").as_str() == Some("median") {
                "médiane"
            } else {
                "moyenne"
            };
            format!(
                "offre suspecte sous {} % de la {reference} des offres",
                plain(&field("percent_below"))
            )
        }
        "insurance" => {
            let min = money(&field("rc_pro_min_cents"))
                .map(|m| format!(", au moins {m}"))
                .unwrap_or_default();
            format!("{}{min}", field("cover").as_str().unwrap_or_default())
        }
        "required_pieces" => {
            let list = |name: &str| {
                field(name).as_array().map(|a| {
                    a.iter()
                        .map(|p| plain(&unwrap_sourced(p.clone())))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
            };
            let mut parts = Vec::new();
            if let Some(c) = list("candidature").filter(|c| !c.is_empty()) {
                parts.push(format!("candidature : {c}"));
            }
            if let Some(o) = list("offre").filter(|o| !o.is_empty()) {
                parts.push(format!("offre : {o}"));
            }
            parts.join(" — ")
        }
        "penalties" => penalties(&v),
        k if k.ends_with("_days") => v
            .as_f64()
            .map(|n| format!("{n} jours"))
            .unwrap_or_else(|| plain(&v)),
        k if k.ends_with("_percent") => v
            .as_f64()
            .map(|n| format!("{n} %"))
            .unwrap_or_else(|| plain(&v)),
        _ => plain(&v),
    }
}

fn penalties(v: &Value) -> String {
    let mut parts: Vec<String> = v
        .get("items")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .map(|i| {
                    let i = unwrap_sourced(i.clone());
                    let reason = i
                        .get("reason")
                        .and_then(Value::as_str)
                        .unwrap_or("pénalité");
                    let amount = i
                        .get("amount_cents")
                        .and_then(Value::as_i64)
                        .map(|c| Money(c).to_french());
                    let per = i
                        .get("per")
                        .and_then(Value::as_str)
                        .map(|p| format!(" par {p}"))
                        .unwrap_or_default();
                    match (amount, i.get("formula").and_then(Value::as_str)) {
                        (Some(a), _) => format!("{reason} : {a}{per}"),
                        (None, Some(f)) => format!("{reason} : {f}"),
                        (None, None) => reason.to_string(),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    if v.get("regime").map(|r| unwrap_sourced(r.clone())) == Some(Value::String("ccag".into())) {
        parts.push("celles du CCAG".into());
    }
    if v.get("capped").map(|c| unwrap_sourced(c.clone())) == Some(Value::Bool(false)) {
        parts.push("non plafonnées".into());
    }
    parts.join(" ; ")
}

/// `{value, page, quote}` nested inside a fact stands for its value.
fn unwrap_sourced(v: Value) -> Value {
    match v {
        Value::Object(ref map) if map.contains_key("value") && map.contains_key("quote") => {
            map.get("value").cloned().unwrap_or(Value::Null)
        }
        other => other,
    }
}

fn plain(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(true) => "oui".into(),
        Value::Bool(false) => "non".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|i| plain(&unwrap_sourced(i.clone())))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ; "),
        Value::Object(map) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| {
                format!(
                    "{} : {}",
                    k.replace('_', " "),
                    plain(&unwrap_sourced(v.clone()))
                )
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(key: &str, value: &str, doc: i64) -> Fact {
        Fact {
            id: 0,
            tender_id: 1,
            key: key.into(),
            value: value.into(),
            document_id: Some(doc),
            page: Some(1),
            quote: "q".into(),
            superseded: false,
        }
    }

    #[test]
    fn disagreeing_sources_are_flagged_and_missing_facts_named() {
        let facts = vec![
            fact("deadline", "\"2027-03-15T12:00:00+01:00\"", 1),
            fact("deadline", "\"2027-03-16T12:00:00+01:00\"", 2),
            fact("payment_delay_days", "30", 1),
            fact("payment_delay_days", "30", 2),
        ];
        let (lines, missing) = lines(&facts, Lang::Fr);
        assert_eq!(lines[0].key, "deadline");
        assert!(lines[0].conflict);
        assert_eq!(lines[0].values[0].text, "15/03/2027 12:00");
        assert!(!lines[1].conflict, "the same value twice is no conflict");
        assert_eq!(lines[1].values[0].text, "30 jours");
        assert!(!missing.is_empty());
    }
}
