//! Risky clauses the extracted facts do not carry, found in the sentences themselves:
//! unlimited liability, response times of a few hours, certifications demanded.

use super::fold;
use super::seed::{Draft, sourced};
use crate::model::{BuyingRole, ClausePosition, ObjectionCategory};
use crate::understand::facts::Sourced;

/// Sentences (or table rows) of a page, trimmed, bounded in length.
fn sentences(page: &str) -> impl Iterator<Item = &str> {
    page.split(['\n', '.', ';'])
        .map(str::trim)
        .filter(|s| s.len() > 12 && s.len() < 1_500)
}

/// The smallest number of hours a sentence gives ("4 heures", "2 h"), when any.
fn hours(folded: &str) -> Option<u32> {
    let words: Vec<&str> = folded
        .split(|c: char| c.is_whitespace() || c == '|')
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(2)
        .filter_map(|w| {
            let unit = w.get(1)?;
            let n = w.first()?.parse::<u32>().ok()?;
            (unit.starts_with("heure") || *unit == "h").then_some(n)
        })
        .min()
}

fn first_match(pages: &[String], test: impl Fn(&str) -> bool) -> Option<(usize, &str)> {
    pages
        .iter()
        .enumerate()
        .find_map(|(i, page)| sentences(page).find(|s| test(&fold(s))).map(|s| (i, s)))
}

pub(super) fn text_rules(name: &str, pages: &[String]) -> Vec<super::Suggested> {
    let mut out = Vec::new();
    let quote = |(page, s): (usize, &str)| Sourced {
        value: (),
        page,
        quote: s.chars().take(500).collect(),
    };
    let unlimited = [
        "illimitee",
        "sans limitation",
        "sans plafond",
        "non plafonnee",
        "pas plafonnee",
        "pas limitee",
    ];
    if let Some(found) = first_match(pages, |s| {
        s.contains("responsabilite") && unlimited.iter().any(|u| s.contains(u))
    }) {
        out.push(sourced(name, &quote(found), Draft {
            key: "responsabilite.illimitee",
            text: "Responsabilité du titulaire sans plafond : un sinistre peut dépasser la valeur du marché et notre couverture d'assurance.".into(),
            role: BuyingRole::Adviser, category: ObjectionCategory::Risk, likelihood: 3, impact: 5,
            answer: "Proposer un plafond de responsabilité égal au montant annuel du marché (hors faute lourde et dommages corporels), adossé à notre assurance.",
            negotiation: Some(("Plafond de responsabilité", ClausePosition::Ask, "Plafonner la responsabilité au montant annuel du marché.", "Exclure du plafond la faute lourde et les dommages corporels.")),
        }));
    }
    let deadline_words = [
        "delai",
        "retablissement",
        "intervention",
        "prise en charge",
        "resolution",
        "|",
    ];
    if let Some(found) = first_match(pages, |s| {
        hours(s).is_some_and(|h| h <= 4) && deadline_words.iter().any(|w| s.contains(w))
    }) {
        let h = hours(&fold(found.1)).unwrap_or(4);
        out.push(sourced(name, &quote(found), Draft {
            key: "delais.courts",
            text: format!("Délais d'intervention de {h} heure{} : les utilisateurs vérifieront que nous les tenons sur chaque site.", if h > 1 { "s" } else { "" }),
            role: BuyingRole::User, category: ObjectionCategory::Delay, likelihood: 4, impact: 3,
            answer: "Montrer l'organisation qui tient ces délais (astreinte, techniciens de proximité, stock de pièces) et les délais mesurés sur nos contrats.",
            negotiation: None,
        }));
    }
    let certificates = [
        "iso 27001",
        "iso 9001",
        "iso 14001",
        "iso 20000",
        "hds",
        "qualiopi",
        "certification",
        "qualification",
    ];
    let demanded = ["exige", "obligatoire", "doit", "devra", "impose", "requis"];
    if let Some(found) = first_match(pages, |s| {
        certificates.iter().any(|c| s.contains(c)) && demanded.iter().any(|d| s.contains(d))
    }) {
        out.push(sourced(name, &quote(found), Draft {
            key: "certifications",
            text: "Certification ou qualification exigée : le prescripteur écartera une offre sans certificat en cours de validité.".into(),
            role: BuyingRole::Prescriber, category: ObjectionCategory::References, likelihood: 3, impact: 4,
            answer: "Joindre le certificat en cours de validité et son périmètre, ou celui du cotraitant ou sous-traitant qui l'apporte.",
            negotiation: None,
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_in_a_sentence() {
        assert_eq!(
            hours("| p1 - critique | service indisponible | 30 minutes | 4 heures ouvrees |"),
            Some(4)
        );
        assert_eq!(hours("retablissement sous 2 h et 8 heures"), Some(2));
        assert_eq!(hours("pendant les heures ouvrees"), None);
    }

    #[test]
    fn finds_the_three_kinds() {
        let pages = vec![
            "Article 9. La responsabilité du titulaire est illimitée.\nLe délai d'intervention est de 2 heures.\nLa certification ISO 27001 est exigée.".to_string(),
        ];
        let keys: Vec<&str> = text_rules("CCAP.pdf", &pages)
            .iter()
            .map(|s| s.key)
            .collect();
        assert_eq!(
            keys,
            [
                "responsabilite.illimitee",
                "delais.courts",
                "certifications"
            ]
        );
        let none = vec![
            "Le titulaire produit les certificats fiscaux. Les prix sont révisables.".to_string(),
        ];
        assert!(text_rules("CCAP.pdf", &none).is_empty());
    }
}
