//! The pieces to provide (candidature and offer, canonical names when known) and the page
//! limit of the technical answer.

use super::numbers::{QtyUnit, quantities, whole};
use super::text::{Doc, Kind, Unit, first, fold, has_any, has_word, orig_slice, sourced};
use super::{RequiredPieces, Sourced};

/// Pieces kept per list, at most.
const MAX_PIECES: usize = 60;

/// Canonical names of the pieces a list item asks for.
fn piece_names(low: &str) -> Vec<&'static str> {
    const DICT: &[(&[&str], &str)] = &[
        (&["dc1"], "DC1"),
        (&["dc2"], "DC2"),
        (
            &["dume", "document unique de marche europeen", "espd"],
            "DUME",
        ),
        (&["declaration sur l'honneur"], "déclaration sur l'honneur"),
        (&["chiffre d'affaires"], "chiffre d'affaires"),
        (
            &[
                "liste des principales",
                "liste de references",
                "references de prestations",
                "references similaires",
            ],
            "liste de références",
        ),
        (&["titres d'etudes"], "titres d'études et professionnels"),
        (&["dc4", "declaration de sous-traitance"], "DC4"),
        (&["acte d'engagement", "attri1"], "AE"),
        (&["bordereau des prix unitaires", "bpu"], "BPU"),
        (&["detail quantitatif", "dqe"], "DQE"),
        (&["decomposition du prix global", "dpgf"], "DPGF"),
        (
            &["memoire technique", "memoire justificatif"],
            "mémoire technique",
        ),
        (
            &["attestation de visite", "certificat de visite"],
            "attestation de visite",
        ),
        (&["kbis"], "extrait Kbis"),
        (
            &["attestation d'assurance", "assurance de responsabilite"],
            "attestation d'assurance",
        ),
        (
            &["urssaf", "attestation de vigilance"],
            "attestation de vigilance",
        ),
        (
            &["obligations fiscales et sociales"],
            "certificats fiscaux et sociaux",
        ),
        (&["releve d'identite bancaire", "rib"], "RIB"),
        (&["procurement specific questionnaire", "psq"], "PSQ"),
        (&["quality questionnaire"], "quality questionnaire"),
        (&["pricing schedule"], "pricing schedule"),
        (&["form of tender"], "form of tender"),
        (&["social value proposal"], "social value proposal"),
    ];
    let mut out = Vec::new();
    for (keys, name) in DICT {
        let hit = keys.iter().any(|k| {
            if k.len() <= 4 {
                has_word(low, k)
            } else {
                low.contains(k)
            }
        });
        if hit && !out.contains(name) {
            out.push(*name);
        }
    }
    if low.contains("note")
        && low.contains("environnement")
        && !out.contains(&"note de performance environnementale")
    {
        out.push("note de performance environnementale");
    }
    out
}

/// The pieces of the candidature and of the offer: the items under a lead-in ("dossier de
/// candidature comprenant :", "une offre comprenant :"), or a sentence naming them.
pub fn required_pieces(doc: &Doc) -> RequiredPieces {
    let mut pieces = RequiredPieces::default();
    let units = &doc.units;
    let mut i = 0;
    while i < units.len() {
        let Some(unit) = units.get(i) else { break };
        i += 1;
        if unit.kind != Kind::Text {
            continue;
        }
        let low = &unit.low;
        let is_lead = low.trim_end().ends_with(':')
            && units
                .get(i)
                .is_some_and(|n| matches!(n.kind, Kind::Item(_)));
        let candidature = low.contains("candidature") && !low.contains("dossier de consultation");
        let offre = (has_word(low, "offre")
            || low.contains("l'offre")
            || has_any(
                low,
                &[
                    "following documents",
                    "must complete and return",
                    "tender must include",
                ],
            ))
            && !low.contains("dossier de consultation");
        if is_lead && (candidature || offre) {
            let target = if candidature {
                &mut pieces.candidature
            } else {
                &mut pieces.offre
            };
            while let Some(item) = units.get(i).filter(|u| matches!(u.kind, Kind::Item(_))) {
                i += 1;
                let names = piece_names(&item.low);
                if names.is_empty() {
                    push_piece(target, clean_item(&item.text), item);
                }
                for n in names {
                    push_piece(target, n.to_string(), item);
                }
            }
            continue;
        }
        // Prose: "Le candidat produit, à l'appui de sa candidature, les formulaires DC1 ...".
        for s in &unit.sents {
            let produces = has_any(
                &s.low,
                &[
                    "produit", "fournit", "remet", "joint", "comprend", "comporte",
                ],
            );
            if !produces
                || s.low.contains("dossier de consultation")
                || s.low.contains("attributaire")
            {
                continue;
            }
            let target = if s.low.contains("candidature") {
                &mut pieces.candidature
            } else if has_word(&s.low, "offre") {
                &mut pieces.offre
            } else {
                continue;
            };
            if !target.is_empty() {
                continue;
            }
            for n in piece_names(&s.low) {
                push_piece(target, n.to_string(), unit);
            }
        }
    }
    pieces
}

fn push_piece(list: &mut Vec<Sourced<String>>, name: String, unit: &Unit) {
    if list.len() < MAX_PIECES && !name.is_empty() && !list.iter().any(|p| p.value == name) {
        list.push(sourced(name, unit, &unit.text));
    }
}

/// A list item as a piece name: articles and trailing punctuation removed, kept short.
fn clean_item(text: &str) -> String {
    let t = text.trim().trim_end_matches([';', '.', ',', ' ']);
    let low = fold(t);
    let mut skip = 0;
    for art in [
        "le ", "la ", "les ", "l'", "un ", "une ", "des ", "the ", "a ",
    ] {
        if low.starts_with(art) {
            skip = art.len();
            break;
        }
    }
    let t = orig_slice(t, &low, skip, low.len());
    t.chars().take(120).collect()
}

/// The page limit of the technical answer ("ne doit pas dépasser 30 pages", "de quinze pages
/// au plus", "not exceeding 20 pages").
pub fn memoire_page_limit(doc: &Doc) -> Option<Sourced<u32>> {
    const WHAT: &[&str] = &[
        "memoire technique",
        "memoire justificatif",
        "quality questionnaire",
        "technical proposal",
        "technical response",
        "offre technique",
        "cadre de reponse",
    ];
    const LIMIT: &[&str] = &[
        "maximum",
        "ne doit pas depasser",
        "au plus",
        "not exceeding",
        "not exceed",
        "limite",
        "n'excede",
        "ne depasse",
        "no more than",
        "maximum of",
        "dans la limite",
        "ne devra pas depasser",
    ];
    first(doc, |_, s| {
        let low = &s.low;
        if !has_any(low, WHAT) || !has_any(low, LIMIT) {
            return None;
        }
        quantities(low)
            .into_iter()
            .find(|q| q.unit == QtyUnit::Pages)
            .and_then(|q| whole(q.value))
            .filter(|n| (1..=1000).contains(n))
    })
}
