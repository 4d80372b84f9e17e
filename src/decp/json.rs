//! DECP JSON: v1 (one record, or a "paquet" `{"marches": [...]}`) and v2
//! (`{"marches": {"marche": [...], "contrat-concession": [...]}}`, items wrapped as
//! `{"titulaire": {...}}`).

use serde_json::{Map, Value};

use super::{Contract, ContractKind, Holder, amount_cents, check, cpv_code, day};

pub(super) fn parse(text: &str) -> Result<Vec<Contract>, String> {
    let root: Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "invalid JSON at line {} column {}: {}",
            e.line(),
            e.column(),
            e.classify_str()
        )
    })?;
    let mut out = Vec::new();
    for (position, (hint, record)) in records(&root)?.into_iter().enumerate() {
        let position = position + 1;
        let obj = record
            .as_object()
            .ok_or_else(|| format!("record {position}: not an object"))?;
        let contract = contract(obj, hint).map_err(|e| format!("record {position}: {e}"))?;
        check(position, &contract)?;
        out.push(contract);
    }
    Ok(out)
}

trait ClassifyStr {
    fn classify_str(&self) -> &'static str;
}

impl ClassifyStr for serde_json::Error {
    fn classify_str(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Eof => "the file ends too early",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => "unexpected value",
            serde_json::error::Category::Io => "read error",
        }
    }
}

/// Every record of the file, with the kind its container says (v2), if any.
fn records(root: &Value) -> Result<Vec<(Option<ContractKind>, &Value)>, String> {
    match root {
        Value::Array(items) => Ok(items.iter().map(|r| (None, r)).collect()),
        Value::Object(map) => match map.get("marches") {
            Some(Value::Array(items)) => Ok(items.iter().map(|r| (None, r)).collect()),
            Some(Value::Object(groups)) => {
                let mut out = Vec::new();
                for (key, kind) in [
                    ("marche", ContractKind::Marche),
                    ("contrat-concession", ContractKind::Concession),
                ] {
                    match groups.get(key) {
                        None | Some(Value::Null) => {}
                        Some(Value::Array(items)) => {
                            out.extend(items.iter().map(|r| (Some(kind), r)))
                        }
                        Some(one @ Value::Object(_)) => out.push((Some(kind), one)),
                        Some(_) => return Err(format!("\"marches.{key}\" is not a list")),
                    }
                }
                Ok(out)
            }
            Some(_) => Err("\"marches\" is neither a list nor an object".into()),
            None if map.contains_key("id") => Ok(vec![(None, root)]),
            None => Err("no \"marches\" and no record: not a DECP file".into()),
        },
        _ => Err("not a DECP file".into()),
    }
}

/// A scalar as text ("" when absent or not a scalar).
fn text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

fn contract(obj: &Map<String, Value>, hint: Option<ContractKind>) -> Result<Contract, String> {
    let kind = hint.unwrap_or_else(|| {
        let typed = text(obj.get("_type")).to_lowercase();
        if typed.contains("concession")
            || obj.contains_key("autoriteConcedante")
            || obj.contains_key("concessionnaires")
        {
            ContractKind::Concession
        } else {
            ContractKind::Marche
        }
    });
    let buyer = obj
        .get("acheteur")
        .or_else(|| obj.get("autoriteConcedante"))
        .and_then(Value::as_object);
    let buyer_siret = buyer
        .map(|b| {
            let id = text(b.get("id"));
            if id.is_empty() {
                text(b.get("siret"))
            } else {
                id
            }
        })
        .unwrap_or_default();
    let mut buyer_name = buyer.map(|b| text(b.get("nom"))).unwrap_or_default();
    if buyer_name.is_empty() {
        buyer_name = text(obj.get("identificationAcheteur"));
    }
    let amount = match obj.get("montant").or_else(|| obj.get("valeurGlobale")) {
        None | Some(Value::Null) => None,
        Some(v) => Some(amount_cents(&text(Some(v)))?),
    };
    let date = day(&text(
        obj.get("dateNotification")
            .or_else(|| obj.get("dateSignature")),
    ));
    let holders_key = match kind {
        ContractKind::Marche => ("titulaires", "titulaire"),
        ContractKind::Concession => ("concessionnaires", "concessionnaire"),
    };
    Ok(Contract {
        kind,
        id: text(obj.get("id")),
        buyer_siret,
        buyer_name,
        object: text(obj.get("objet")),
        cpv: cpv_code(&text(obj.get("codeCPV"))),
        procedure: text(obj.get("procedure")),
        amount_cents: amount,
        date,
        holders: holders(obj.get(holders_key.0), holders_key.1)?,
    })
}

/// Holders as a list of objects, a list of `{"titulaire": {...}}`, or `{"titulaire": [...]}`.
fn holders(v: Option<&Value>, item: &str) -> Result<Vec<Holder>, String> {
    let list: Vec<&Value> = match v {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items.iter().collect(),
        Some(Value::Object(map)) => match map.get(item) {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(one) => vec![one],
            None => vec![v.unwrap_or(&Value::Null)],
        },
        Some(_) => return Err(format!("\"{item}s\" is not a list")),
    };
    list.into_iter()
        .enumerate()
        .map(|(i, h)| {
            let h = h.get(item).unwrap_or(h);
            let h = h
                .as_object()
                .ok_or_else(|| format!("{item} {} is not an object", i + 1))?;
            Ok(Holder {
                id_type: text(h.get("typeIdentifiant")),
                id: text(h.get("id")),
                name: text(h.get("denominationSociale")),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v1_single_record_and_v2_groups() {
        let v1 = r#"{"id":"A1","acheteur":{"id":"123","nom":"Ville"},"codeCPV":"77313000",
            "montant":127000,"dateNotification":"2007-08-13",
            "titulaires":[{"typeIdentifiant":"SIRET","id":"9","denominationSociale":"Garami"}]}"#;
        let c = parse(v1).expect("v1");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].amount_cents, Some(12_700_000));
        assert_eq!(c[0].holders[0].name, "Garami");
        let v2 = r#"{"marches":{"marche":[{"id":"B","acheteur":{"id":"5"},"montant":10.3,
            "titulaires":[{"titulaire":{"id":"7","typeIdentifiant":"SIRET"}}]}],
            "contrat-concession":[{"id":"C","autoriteConcedante":{"id":"5"},"valeurGlobale":"2",
            "concessionnaires":[{"concessionnaire":{"id":"8"}}]}]}}"#;
        let c = parse(v2).expect("v2");
        assert_eq!(c[0].kind, ContractKind::Marche);
        assert_eq!(c[0].amount_cents, Some(1030));
        assert_eq!(c[1].kind, ContractKind::Concession);
        assert_eq!(c[1].holders[0].id, "8");
    }

    #[test]
    fn a_bad_record_is_named() {
        let e = parse(r#"{"marches":[{"id":"A","acheteur":{"id":"1"}},{"acheteur":{"id":"1"}}]}"#)
            .expect_err("no id");
        assert_eq!(e, "record 2: no id");
        let e = parse(r#"{"marches":[{"id":"A","acheteur":{"id":"1"},"montant":"beaucoup"}]}"#)
            .expect_err("amount");
        assert!(e.starts_with("record 1: amount"), "{e}");
        let e = parse(r#"{"marches":[{"id":"A""#).expect_err("truncated");
        assert!(e.contains("line 1"), "{e}");
    }
}
