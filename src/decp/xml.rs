//! DECP XML: `<marches>` holding `<marche>` and `<contrat-concession>` records (v1 and v2
//! share this shape; v1 holders carry a `denominationSociale`). Document types are refused.

use roxmltree::{Document, Node, ParsingOptions};

use super::{Contract, ContractKind, Holder, amount_cents, check, cpv_code, day};

pub(super) fn parse(text: &str) -> Result<Vec<Contract>, String> {
    let opts = ParsingOptions {
        allow_dtd: false,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(text, opts).map_err(|e| format!("invalid XML: {e}"))?;
    let root = doc.root_element();
    if root.tag_name().name() != "marches" {
        return Err(format!(
            "root element <{}> is not <marches>: not a DECP file",
            root.tag_name().name()
        ));
    }
    let mut out = Vec::new();
    for (position, node) in root.children().filter(Node::is_element).enumerate() {
        let position = position + 1;
        let kind = match node.tag_name().name() {
            "marche" => ContractKind::Marche,
            "contrat-concession" => ContractKind::Concession,
            other => {
                return Err(format!(
                    "record {position}: unexpected element <{}> (line {})",
                    other.chars().take(40).collect::<String>(),
                    doc.text_pos_at(node.range().start).row
                ));
            }
        };
        let contract = contract(node, kind).map_err(|e| format!("record {position}: {e}"))?;
        check(position, &contract)?;
        out.push(contract);
    }
    Ok(out)
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

/// The trimmed text of a direct child ("" when absent).
fn text(node: Option<Node>, name: &str) -> String {
    node.and_then(|n| child(n, name))
        .and_then(|c| c.text())
        .map(|t| t.trim().to_string())
        .unwrap_or_default()
}

fn contract(node: Node, kind: ContractKind) -> Result<Contract, String> {
    let buyer = child(node, "acheteur").or_else(|| child(node, "autoriteConcedante"));
    let mut buyer_siret = text(buyer, "id");
    if buyer_siret.is_empty() {
        buyer_siret = text(buyer, "siret");
    }
    let amount = match child(node, "montant").or_else(|| child(node, "valeurGlobale")) {
        None => None,
        Some(n) => Some(amount_cents(n.text().unwrap_or(""))?),
    };
    let mut date = text(Some(node), "dateNotification");
    if date.is_empty() {
        date = text(Some(node), "dateSignature");
    }
    let (list, item) = match kind {
        ContractKind::Marche => ("titulaires", "titulaire"),
        ContractKind::Concession => ("concessionnaires", "concessionnaire"),
    };
    let holders = child(node, list)
        .map(|l| {
            l.children()
                .filter(|c| c.is_element() && c.tag_name().name() == item)
                .map(|h| Holder {
                    id_type: text(Some(h), "typeIdentifiant"),
                    id: text(Some(h), "id"),
                    name: text(Some(h), "denominationSociale"),
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(Contract {
        kind,
        id: text(Some(node), "id"),
        buyer_siret,
        buyer_name: text(buyer, "nom"),
        object: text(Some(node), "objet"),
        cpv: cpv_code(&text(Some(node), "codeCPV")),
        procedure: text(Some(node), "procedure"),
        amount_cents: amount,
        date: day(&date),
        holders,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_their_holders() {
        let xml = "<marches><marche><id>A</id><acheteur><id>1</id><nom>Ville</nom></acheteur>\
            <codeCPV>45000000-7</codeCPV><montant>575000</montant>\
            <titulaires><titulaire><typeIdentifiant>SIRET</typeIdentifiant><id>9</id></titulaire></titulaires>\
            <modifications><modification><titulaires><titulaire><id>X</id></titulaire></titulaires></modification></modifications>\
            </marche></marches>";
        let c = parse(xml).expect("parsed");
        assert_eq!(c[0].cpv, "45000000");
        assert_eq!(c[0].holders.len(), 1);
        assert_eq!(c[0].holders[0].id, "9");
    }

    #[test]
    fn doctype_and_strangers_refused() {
        let e = parse("<!DOCTYPE x [<!ENTITY a \"b\">]><marches/>").expect_err("dtd");
        assert!(e.starts_with("invalid XML"), "{e}");
        let e = parse("<marches><avis/></marches>").expect_err("stranger");
        assert!(e.starts_with("record 1: unexpected element <avis>"), "{e}");
        let e = parse("<marches><marche><acheteur><id>1</id></acheteur></marche></marches>")
            .expect_err("no id");
        assert_eq!(e, "record 1: no id");
    }
}
