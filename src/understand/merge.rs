//! The facts of a whole tender from the facts of its pieces: the RC speaks first, then the
//! notice, then the others; two pieces that disagree are both reported.

use serde_json::{Map, Value};

use crate::model::{CriterionInput, DocKind, flatten_criteria};

/// How much a piece's word counts for tender facts: the RC states them, the notice summarises.
fn authority(kind: DocKind) -> u8 {
    match kind {
        DocKind::Rc => 0,
        DocKind::Notice => 1,
        DocKind::Ccap => 2,
        _ => 3,
    }
}

/// Facts with one true value per tender: two pieces that give different ones disagree. Other
/// facts are told with more or less detail by each piece (the buyer with or without SIRET, the
/// lots with or without amounts): the most authoritative piece's word is kept.
const SINGLE_VALUED: &[&str] = &[
    "deadline",
    "questions_deadline",
    "validity_days",
    "site_visit",
    "variants_allowed",
    "payment_delay_days",
    "advance_percent",
    "retention_percent",
    "estimated_value",
    "estimated_value_cents",
    "memoire_page_limit",
    "reference",
];

/// Whether two different values of `key` are a disagreement worth flagging.
pub fn can_disagree(key: &str) -> bool {
    SINGLE_VALUED.contains(&key)
}

/// `pieces`: (kind, facts as JSON object of `{value, page, quote}` or lists of them).
/// Returns `{key: value}` with the criteria as a tree carrying shares, plus `conflicts`.
pub fn merge(pieces: &[(DocKind, Value)]) -> Value {
    let mut ordered: Vec<&(DocKind, Value)> = pieces.iter().collect();
    ordered.sort_by_key(|(k, _)| authority(*k));
    let mut out = Map::new();
    let mut conflicts = Map::new();
    for (_, facts) in ordered {
        let Value::Object(map) = facts else { continue };
        for (key, item) in map {
            let value = match item {
                Value::Object(o) => o.get("value").cloned(),
                Value::Array(items) if !items.is_empty() => Some(Value::Array(
                    items
                        .iter()
                        .filter_map(|i| i.get("value").cloned())
                        .collect(),
                )),
                _ => None,
            };
            let Some(value) = value else { continue };
            match out.get(key) {
                None => {
                    out.insert(key.clone(), value);
                }
                Some(existing) if *existing != value && can_disagree(key) => {
                    let list = conflicts
                        .entry(key.clone())
                        .or_insert_with(|| Value::Array(vec![existing.clone()]));
                    if let Value::Array(l) = list
                        && !l.contains(&value)
                    {
                        l.push(value);
                    }
                }
                Some(_) => {}
            }
        }
    }
    if let Some(criteria) = out.get("criteria").cloned() {
        out.insert("criteria".into(), criteria_tree(&criteria));
    }
    if !conflicts.is_empty() {
        out.insert("conflicts".into(), Value::Object(conflicts));
    }
    Value::Object(out)
}

/// `[{name, weight, share, children}]` with each node's share of the whole mark.
pub fn criteria_tree(criteria: &Value) -> Value {
    let Ok(roots) = serde_json::from_value::<Vec<CriterionInput>>(criteria.clone()) else {
        return criteria.clone();
    };
    let Ok(flat) = flatten_criteria(&roots) else {
        return criteria.clone();
    };
    fn build(flat: &[crate::model::FlatCriterion], parent: Option<usize>) -> Vec<Value> {
        flat.iter()
            .enumerate()
            .filter(|(_, c)| c.parent == parent)
            .map(|(i, c)| {
                let share = (c.share * 10_000.0).round() / 10_000.0;
                serde_json::json!({
                    "name": c.name, "weight": c.weight, "unit": c.unit, "share": share,
                    "is_price": c.is_price, "children": build(flat, Some(i)),
                })
            })
            .collect()
    }
    Value::Array(build(&flat, None))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_rc_speaks_first_and_disagreements_are_kept() {
        let rc = json!({"deadline": {"value": "2027-03-15T12:00:00+01:00", "page": 1, "quote": "q"},
                        "criteria": {"value": [{"name": "Prix", "weight": 40.0}, {"name": "Technique", "weight": 60.0,
                            "children": [{"name": "A", "weight": 50.0}, {"name": "B", "weight": 50.0}]}], "page": 2, "quote": "q"}});
        let notice =
            json!({"deadline": {"value": "2027-03-16T12:00:00+01:00", "page": 1, "quote": "q"}});
        let merged = merge(&[(DocKind::Notice, notice), (DocKind::Rc, rc)]);
        assert_eq!(merged["deadline"], "2027-03-15T12:00:00+01:00");
        assert_eq!(
            merged["conflicts"]["deadline"],
            json!(["2027-03-15T12:00:00+01:00", "2027-03-16T12:00:00+01:00"])
        );
        assert_eq!(merged["criteria"][1]["children"][0]["share"], 0.3);
        assert_eq!(merged["criteria"][0]["share"], 0.4);
    }
}
