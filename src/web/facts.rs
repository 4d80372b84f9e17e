//! Key facts as the tender summary shows them: in the order a bid manager reads them, each
//! with its source, the missing ones named, two disagreeing sources flagged.

use serde_json::Value;

use crate::i18n::Lang;
use crate::model::{Deadline, Fact, Money};

/// The facts a bid manager looks for first, in reading order.
pub const ORDER: &[&str] = &[
    "deadline",
    "questions_deadline",
    "validity_days",
    "site_visit",
    "procedure",
    "lots",
    "duration",
    "renewals",
    "variants_allowed",
    "price_formula",
    "memoire_page_limit",
    "page_limit",
    "required_pieces",
    "candidature_pieces",
    "offer_pieces",
    "price_form",
    "payment_delay_days",
    "advance_percent",
    "retention_percent",
    "penalties",
    "price_revision",
    "insurance",
    "cpv",
    "estimated_value_cents",
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
        .filter(|f| !f.superseded && f.key != "criteria")
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
                if values.iter().any(|v| v.text == text && key != "penalties") {
                    continue;
                }
                values.push(FactValue {
                    text,
                    quote: f.quote.clone(),
                    document_id: f.document_id,
                    page: f.page,
                });
            }
            let single = !matches!(
                key,
                "penalties"
                    | "lots"
                    | "required_pieces"
                    | "candidature_pieces"
                    | "offer_pieces"
                    | "insurance"
                    | "cpv"
            );
            FactLine {
                key: key.to_string(),
                label: label(key, lang),
                conflict: single && values.len() > 1,
                values,
            }
        })
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
    match (key, &v) {
        (k, Value::String(s)) if k.contains("deadline") => Deadline::parse(s, Deadline::DEFAULT_TZ)
            .map(|d| d.to_french())
            .unwrap_or_else(|_| s.clone()),
        ("estimated_value_cents", Value::Number(n)) => {
            n.as_i64().map(|c| Money(c).to_french()).unwrap_or_default()
        }
        (k, Value::Number(n)) if k.ends_with("_days") => format!("{n} jours"),
        (k, Value::Number(n)) if k.ends_with("_percent") => format!("{n} %"),
        _ => plain(&v),
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
            .map(plain)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ; "),
        Value::Object(map) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| format!("{} : {}", k.replace('_', " "), plain(v)))
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
