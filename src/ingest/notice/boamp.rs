//! Legacy BOAMP notices (Bulletin officiel des annonces des marchés publics, XML schema
//! Boamp_v230, no namespace): calls for tenders, award notices and corrections.

use roxmltree::{Document, Node};

use super::values;
use super::xml::{self, NONE};
use super::{Notice, NoticeBuyer, NoticeKind, NoticeLot, add_cpv, shared_criteria, sum_of_lots};
use crate::ingest::{ExtractError, Format};
use crate::model::{Cpv, CriterionInput, Deadline, Money, WeightUnit};

/// Characters of a description kept as a title when the notice has no title.
const TITLE_CHARS: usize = 200;

/// Reads a BOAMP notice.
pub(super) fn read(doc: &Document) -> Result<(Notice, Vec<String>), ExtractError> {
    let root = doc.root_element();
    let gestion = xml::child(root, NONE, "GESTION");
    let data = xml::child(root, NONE, "DONNEES")
        .ok_or_else(|| ExtractError::Corrupt("BOAMP notice without DONNEES".into()))?;
    let reference = gestion.and_then(|g| xml::child(g, NONE, "REFERENCE"));
    let type_avis = reference.and_then(|r| xml::child(r, NONE, "TYPE_AVIS"));
    let nature = type_avis.and_then(|t| first_child_name(t, "NATURE"));
    let status = type_avis.and_then(|t| first_child_name(t, "STATUT"));
    // A correction or cancellation changes the notice it names as earlier.
    let earlier = gestion.and_then(|g| {
        xml::path_text(
            g,
            &[
                (NONE, "MARCHE"),
                (NONE, "ANNONCE_ANTERIEUR"),
                (NONE, "REFERENCE"),
                (NONE, "IDWEB"),
            ],
        )
    });
    let kind = match (status.as_deref(), nature.as_deref()) {
        (Some("RECTIFICATIF" | "ANNULATION"), _) => NoticeKind::ChangeNotice,
        (_, Some("APPEL_OFFRE")) => NoticeKind::ContractNotice,
        (_, Some("ATTRIBUTION")) => NoticeKind::AwardNotice,
        (_, Some(n)) if n.starts_with("PRE") || n.starts_with("AVIS_PERIODIQUE") => {
            NoticeKind::PriorInformation
        }
        _ => NoticeKind::Other,
    };
    let mut notice = Notice::new(Format::Boamp, kind);
    notice.notice_id = reference.and_then(|r| xml::child_text(r, NONE, "IDWEB"));
    if kind == NoticeKind::ChangeNotice {
        notice.changes = earlier.clone();
    }
    // The first notice of a procedure names it; later ones (awards, corrections) point to it.
    notice.procedure_id = earlier.or_else(|| notice.notice_id.clone());
    notice.buyer = xml::child(data, NONE, "IDENTITE").and_then(buyer);
    let object = xml::child(data, NONE, "OBJET");
    let mut description = Vec::new();
    if let Some(object) = object {
        notice.title = xml::child_text(object, NONE, "TITRE_MARCHE");
        notice.reference = xml::child_text(object, NONE, "REF_MARCHE");
        notice.cpv_codes = cpv_codes(object);
        notice.estimated_value_cents = xml::path(
            object,
            &[(NONE, "CARACTERISTIQUES"), (NONE, "VALEUR_TOTALE")],
        )
        .and_then(euros)
        .or_else(|| xml::child(object, NONE, "VALEUR").and_then(euros));
        description.extend(xml::child_text(object, NONE, "OBJET_COMPLET"));
    }
    if notice.title.is_none() {
        notice.title = gestion
            .and_then(|g| xml::path_text(g, &[(NONE, "INDEXATION"), (NONE, "RESUME_OBJET")]))
            .or_else(|| {
                description
                    .first()
                    .map(|d| values::truncate(d, TITLE_CHARS).to_string())
            });
    }
    notice.procedure = xml::child(data, NONE, "PROCEDURE")
        .and_then(|p| first_child_name(p, "TYPE_PROCEDURE"))
        .map(|name| procedure(&name));
    notice.deadline = xml::child(data, NONE, "CONDITION_DELAI").and_then(deadline);
    let lot_nodes: Vec<Node> = object
        .map(|o| xml::path_all(o, &[(NONE, "LOTS"), (NONE, "LOT")]))
        .unwrap_or_default();
    let divided = object
        .and_then(|o| xml::child(o, NONE, "DIV_EN_LOTS"))
        .is_some_and(|d| xml::child(d, NONE, "OUI").is_some());
    if divided || lot_nodes.len() > 1 {
        for (index, node) in lot_nodes.iter().enumerate() {
            let lot = read_lot(*node, index);
            add_cpv(&mut notice.cpv_codes, &lot.cpv_codes);
            description.extend(
                xml::child_text(*node, NONE, "DESCRIPTION")
                    .map(|d| format!("Lot {} : {d}", lot.id)),
            );
            notice.lots.push(lot);
        }
        notice.criteria = shared_criteria(&notice.lots);
        if notice.estimated_value_cents.is_none() {
            notice.estimated_value_cents = sum_of_lots(&notice.lots);
        }
    } else if let Some(single) = lot_nodes.first() {
        // Not divided into lots: the one LOT block describes the whole contract.
        let whole = read_lot(*single, 0);
        add_cpv(&mut notice.cpv_codes, &whole.cpv_codes);
        notice.criteria = whole.criteria;
        if notice.estimated_value_cents.is_none() {
            notice.estimated_value_cents = whole.estimated_value_cents;
        }
        description.extend(xml::child_text(*single, NONE, "DESCRIPTION"));
    }
    // Criteria stated for the procedure as a whole count only when no lot gives its own.
    if notice.criteria.is_empty() && notice.lots.iter().all(|l| l.criteria.is_empty()) {
        notice.criteria = xml::path(data, &[(NONE, "PROCEDURE"), (NONE, "CRITERES_ATTRIBUTION")])
            .map(criteria)
            .unwrap_or_default();
    }
    Ok((notice, description))
}

/// The local name of the first element under `parent`'s child `name` (BOAMP encodes choices
/// as empty elements: `<NATURE><APPEL_OFFRE/></NATURE>`).
fn first_child_name(parent: Node, name: &str) -> Option<String> {
    let holder = xml::child(parent, NONE, name)?;
    let first = holder.children().find(Node::is_element)?;
    Some(first.tag_name().name().to_string())
}

fn buyer(identity: Node) -> Option<NoticeBuyer> {
    Some(NoticeBuyer {
        name: xml::child_text(identity, NONE, "DENOMINATION")?,
        id: xml::child_text(identity, NONE, "CODE_IDENT_NATIONAL"),
        city: xml::child_text(identity, NONE, "VILLE"),
    })
}

/// eForms procedure codes where BOAMP has an equivalent, its own wording otherwise.
fn procedure(element: &str) -> String {
    match element {
        "OUVERT" => "open",
        "RESTREINT" => "restricted",
        "MARCHE_NEGOCIE" | "NEGOCIE" | "NEGOCIEE" => "neg-w-call",
        "DIALOGUE_COMPETITIF" | "DIALOGUE_COMPE" => "comp-dial",
        "PARTENARIAT_INNOVATION" => "innovation",
        "PROCEDURE_ADAPTE" | "PROCEDURE_ADAPTEE" => "procédure adaptée",
        "CONCOURS_OUVERT" => "concours ouvert",
        "CONCOURS_RESTREINT" => "concours restreint",
        other => return values::truncate(other, 60).replace('_', " ").to_lowercase(),
    }
    .to_string()
}

/// The time limit for tenders (else for applications): RFC 3339 as BOAMP writes it, or a local
/// French time; a bare date is read as the start of that day, earlier rather than too late.
fn deadline(conditions: Node) -> Option<Deadline> {
    ["RECEPT_OFFRES", "RECEPT_CANDIDATURES"]
        .iter()
        .find_map(|name| {
            let written = xml::child_text(conditions, NONE, name)?;
            Deadline::parse(&written, Deadline::DEFAULT_TZ)
                .ok()
                .or_else(|| {
                    let day = chrono::NaiveDate::parse_from_str(written.trim(), "%Y-%m-%d").ok()?;
                    Deadline::from_local(day.and_hms_opt(0, 0, 0)?, Deadline::DEFAULT_TZ)
                })
        })
}

/// CPV codes of an OBJET or LOT, main first.
fn cpv_codes(node: Node) -> Vec<String> {
    let mut codes = Vec::new();
    for cpv in xml::children(node, NONE, "CPV") {
        for code in cpv
            .children()
            .filter(|c| xml::is(*c, NONE, "PRINCIPAL") || xml::is(*c, NONE, "SUPPLEMENTAIRE"))
        {
            if let Some(valid) = xml::text(code).and_then(|t| Cpv::parse(&t).ok()) {
                add_cpv(&mut codes, &[valid.as_str().to_string()]);
            }
        }
    }
    codes
}

/// An amount in euros as BOAMP writes it ("1083333", "12 500,50"); other currencies are not kept.
fn euros(node: Node) -> Option<i64> {
    if node.attribute("DEVISE").is_some_and(|d| d != "EUR") {
        return None;
    }
    Money::parse(&xml::text(node)?).ok().map(Money::cents)
}

fn read_lot(node: Node, index: usize) -> NoticeLot {
    let written = xml::child_text(node, NONE, "NUM");
    let id = written.unwrap_or_else(|| (index + 1).to_string());
    NoticeLot {
        number: values::trailing_number(&id),
        title: xml::child_text(node, NONE, "INTITULE")
            .or_else(|| {
                xml::child_text(node, NONE, "DESCRIPTION")
                    .map(|d| values::truncate(&d, TITLE_CHARS).to_string())
            })
            .unwrap_or_default(),
        id,
        estimated_value_cents: xml::child(node, NONE, "VALEUR").and_then(euros),
        criteria: xml::child(node, NONE, "CRITERES_ATTRIBUTION")
            .map(criteria)
            .unwrap_or_default(),
        cpv_codes: cpv_codes(node),
    }
}

/// Award criteria of a CRITERES_ATTRIBUTION block. Quality and cost criteria are listed with
/// a POIDS attribute, the price by a CRITERES_PRIX block with its own POIDS (alone and without
/// weight, the price is the only criterion); CRITERES_CCTP means "see the documents": none.
fn criteria(block: Node) -> Vec<CriterionInput> {
    let mut list = Vec::new();
    let mut price = None;
    for section in block.children().filter(Node::is_element) {
        match section.tag_name().name() {
            "CRITERES_PRIX" => {
                price =
                    Some(xml::child_text(section, NONE, "POIDS").and_then(|w| values::weight(&w)));
            }
            "CRITERES_CCTP" => {}
            _ => {
                for c in xml::children(section, NONE, "CRITERE") {
                    let Some(name) = xml::text(c) else { continue };
                    let weight = c.attribute("POIDS").and_then(values::weight).unwrap_or(0.0);
                    list.push(CriterionInput {
                        is_price: names_price(&name),
                        name,
                        weight,
                        unit: WeightUnit::Percent,
                        children: Vec::new(),
                    });
                }
            }
        }
    }
    if let Some(weight) = price {
        let weight = weight.unwrap_or(if list.is_empty() { 100.0 } else { 0.0 });
        list.push(CriterionInput {
            name: "Prix".into(),
            weight,
            unit: WeightUnit::Percent,
            is_price: true,
            children: Vec::new(),
        });
    }
    // Weights summing past 100 are points, not percentages.
    if list.iter().map(|c| c.weight).sum::<f64>() > 100.5 {
        for c in &mut list {
            c.unit = WeightUnit::Points;
        }
    }
    list
}

/// Whether a criterion written in words is the price ("Prix", "prix des prestations").
fn names_price(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| word == "prix" || word == "price")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn criteria_of(xml: &str) -> Vec<(String, f64, bool)> {
        let Ok(doc) = Document::parse(xml) else {
            return Vec::new();
        };
        criteria(doc.root_element())
            .into_iter()
            .map(|c| (c.name, c.weight, c.is_price))
            .collect()
    }

    #[test]
    fn criteria_blocks() {
        let weighted = "<C><CRITERES_QUALITE><CRITERE POIDS=\"60\">Valeur technique</CRITERE></CRITERES_QUALITE><CRITERES_PRIX><POIDS>40</POIDS></CRITERES_PRIX></C>";
        assert_eq!(
            criteria_of(weighted),
            vec![
                ("Valeur technique".into(), 60.0, false),
                ("Prix".into(), 40.0, true)
            ]
        );
        assert_eq!(
            criteria_of("<C><CRITERES_PRIX/></C>"),
            vec![("Prix".into(), 100.0, true)]
        );
        assert_eq!(criteria_of("<C><CRITERES_CCTP/></C>"), vec![]);
        let listed = "<C><CRITERES_PONDERES><CRITERE POIDS=\"70\">Valeur technique</CRITERE><CRITERE POIDS=\"30\">Prix des travaux</CRITERE></CRITERES_PONDERES></C>";
        assert_eq!(
            criteria_of(listed),
            vec![
                ("Valeur technique".into(), 70.0, false),
                ("Prix des travaux".into(), 30.0, true)
            ]
        );
    }

    #[test]
    fn deadlines_in_french_time() {
        let at = |xml: &str| {
            let doc = Document::parse(xml).ok()?;
            deadline(doc.root_element()).map(|d| d.at.to_rfc3339())
        };
        let winter = "<C><RECEPT_OFFRES>2017-03-15T16:00:00</RECEPT_OFFRES></C>";
        assert_eq!(at(winter).as_deref(), Some("2017-03-15T15:00:00+00:00"));
        let summer = "<C><RECEPT_OFFRES>2017-06-15 16:00</RECEPT_OFFRES></C>";
        assert_eq!(at(summer).as_deref(), Some("2017-06-15T14:00:00+00:00"));
        let written = "<C><RECEPT_OFFRES>2017-01-30T16:00:00+01:00</RECEPT_OFFRES></C>";
        assert_eq!(at(written).as_deref(), Some("2017-01-30T15:00:00+00:00"));
        let day = "<C><RECEPT_CANDIDATURES>2017-03-15</RECEPT_CANDIDATURES></C>";
        assert_eq!(at(day).as_deref(), Some("2017-03-14T23:00:00+00:00"));
        assert_eq!(at("<C><RECEPT_OFFRES>bientôt</RECEPT_OFFRES></C>"), None);
    }

    #[test]
    fn procedures_and_price_words() {
        assert_eq!(procedure("OUVERT"), "open");
        assert_eq!(procedure("PROCEDURE_ADAPTE"), "procédure adaptée");
        assert_eq!(procedure("AUTRE_PROCEDURE"), "autre procedure");
        assert!(names_price("PRIX"));
        assert!(!names_price("Approximation"));
    }
}
