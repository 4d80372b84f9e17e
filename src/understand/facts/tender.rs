//! Facts about the tender itself: reference, buyer, procedure and contract form, lots, CPV
//! codes, estimated value, site visit, variants, negotiation, pieces to provide, page limit.

use super::text::{Doc, Kind, find_word, first, has_any, has_word, is_word_at, orig_slice, quote};
use super::{Buyer, Framework, ProcedureKind, Sourced};

/// The contract reference: "Accord-cadre n° 2026-INF-014", "Contract reference: X".
pub fn reference(doc: &Doc) -> Option<Sourced<String>> {
    const OWNERS: &[&str] = &[
        "accord-cadre",
        "accord cadre",
        "marche",
        "consultation",
        "contrat",
        "affaire",
        "dossier",
    ];
    first(doc, |_, s| {
        let low = &s.low;
        let mut starts = Vec::new();
        for marker in ["n°", "no ", "n° :", "numero"] {
            let mut from = 0;
            while let Some(p) = low.get(from..).and_then(|x| x.find(marker)) {
                let at = from + p;
                let before = low.get(..at).unwrap_or("").trim_end();
                let window = before
                    .get(before.len().saturating_sub(16)..)
                    .unwrap_or(before);
                if OWNERS.iter().any(|o| window.ends_with(o))
                    && is_word_at(low, at, marker.trim_end().len())
                {
                    starts.push(at + marker.len());
                }
                from = at + marker.len();
            }
        }
        for key in ["reference:", "reference :", "ref. :", "ref :"] {
            if let Some(p) = low.find(key) {
                starts.push(p + key.len());
            }
        }
        starts.sort_unstable();
        starts.truncate(10);
        starts.into_iter().find_map(|start| {
            let rest = low.get(start..)?;
            let skip = rest.len() - rest.trim_start_matches([' ', ':']).len();
            let begin = start + skip;
            let len = low
                .get(begin..)?
                .find(char::is_whitespace)
                .unwrap_or(low.len() - begin);
            let r = orig_slice(&s.text, low, begin, begin + len)
                .trim_end_matches(['.', ',', ';', ')', '*']);
            (r.chars().any(|c| c.is_ascii_digit()) && r.len() >= 3 && r.len() <= 40)
                .then(|| r.to_string())
        })
    })
}

/// The buyer: its name after "Pouvoir adjudicateur :" and its SIRET.
pub fn buyer(doc: &Doc) -> Option<Sourced<Buyer>> {
    const LABELS: &[&str] = &[
        "pouvoir adjudicateur :",
        "pouvoir adjudicateur:",
        "acheteur :",
        "acheteur public :",
        "entite adjudicatrice :",
        "organisme acheteur :",
        "maitre d'ouvrage :",
        "contracting authority:",
        "contracting authority :",
        "buyer:",
    ];
    const CUTS: &[&str] = &[
        " - ",
        " – ",
        ",",
        " siret",
        " (",
        " hotel ",
        " direction ",
        " mairie ",
        " bp ",
        " cs ",
    ];
    let mut name: Option<(String, usize, String)> = None;
    let mut siret: Option<(String, usize, String)> = None;
    for unit in doc.units.iter().take(400) {
        let low = &unit.low;
        if name.is_none()
            && let Some((label_at, label)) = LABELS.iter().find_map(|l| low.find(l).map(|p| (p, l)))
            && label_at < 5
        {
            let start = label_at + label.len();
            let rest = low.get(start..).unwrap_or("");
            let mut end = CUTS
                .iter()
                .filter_map(|c| rest.find(c))
                .min()
                .unwrap_or(rest.len());
            // A street number ends the name.
            if let Some(d) = rest.find(|c: char| c.is_ascii_digit()) {
                end = end.min(d);
            }
            let n = orig_slice(&unit.text, low, start, start + end)
                .trim()
                .trim_end_matches(['*', ' ']);
            if n.chars().any(char::is_alphabetic) && n.chars().count() <= 150 {
                name = Some((n.to_string(), unit.page, unit.text.clone()));
            }
        }
        if siret.is_none()
            && let Some(p) = find_word(low, "siret")
        {
            let digits: String = low
                .get(p + 5..)
                .unwrap_or("")
                .chars()
                .skip_while(|c| !c.is_ascii_digit() && matches!(c, ' ' | ':' | 'n' | '°'))
                .take_while(|c| c.is_ascii_digit() || *c == ' ')
                .filter(char::is_ascii_digit)
                .collect();
            if digits.len() == 14 {
                siret = Some((digits, unit.page, unit.text.clone()));
            }
        }
        if name.is_some() && siret.is_some() {
            break;
        }
    }
    if name.is_none() {
        name = buyer_line(doc);
    }
    let (page, q) = name
        .as_ref()
        .or(siret.as_ref())
        .map(|(_, p, q)| (*p, q.clone()))?;
    Some(Sourced {
        value: Buyer {
            name: name.map(|n| n.0),
            siret: siret.map(|s| s.0),
        },
        page,
        quote: quote(&q),
    })
}

/// A buyer named on a line of its own near the top ("Centre hospitalier intercommunal des
/// Deux-Rives"), recognised by the kind of body it names.
fn buyer_line(doc: &Doc) -> Option<(String, usize, String)> {
    const BODIES: &[&str] = &[
        "centre hospitalier",
        "communaute d",
        "commune d",
        "ville d",
        "departement d",
        "region ",
        "ministere",
        "universite",
        "syndicat",
        "metropole",
        "office public",
        "etablissement public",
        "district council",
        "county council",
        "borough council",
        "city council",
        "conseil departemental",
        "conseil regional",
        "chu ",
        "groupement hospitalier",
        "agence ",
    ];
    doc.units.iter().take(8).find_map(|u| {
        if u.kind != Kind::Text || u.low.chars().count() > 120 || u.low.ends_with('.') {
            return None;
        }
        let start = BODIES.iter().filter_map(|b| u.low.find(b)).min()?;
        (start < 3).then(|| (u.text.trim().to_string(), u.page, u.text.clone()))
    })
}

/// The procedure, preferring a sentence that states it ("Procédure : ...", "passé selon").
pub fn procedure(doc: &Doc) -> Option<Sourced<ProcedureKind>> {
    const KINDS: &[(&[&str], ProcedureKind)] = &[
        (
            &["appel d'offres ouvert", "appel d'offre ouvert"],
            ProcedureKind::AppelOffresOuvert,
        ),
        (
            &["appel d'offres restreint", "appel d'offre restreint"],
            ProcedureKind::AppelOffresRestreint,
        ),
        (
            &["procedure adaptee", "(mapa)"],
            ProcedureKind::ProcedureAdaptee,
        ),
        (
            &[
                "procedure avec negociation",
                "procedure concurrentielle avec negociation",
            ],
            ProcedureKind::ProcedureAvecNegociation,
        ),
        (&["dialogue competitif"], ProcedureKind::DialogueCompetitif),
        (
            &[
                "marche negocie sans publicite",
                "sans publicite ni mise en concurrence prealables",
            ],
            ProcedureKind::NegocieSansPublicite,
        ),
        (&["open procedure"], ProcedureKind::Open),
        (&["restricted procedure"], ProcedureKind::Restricted),
        (
            &["competitive flexible procedure"],
            ProcedureKind::CompetitiveFlexible,
        ),
        (
            &["competitive procedure with negotiation"],
            ProcedureKind::CompetitiveWithNegotiation,
        ),
        (
            &["competitive dialogue"],
            ProcedureKind::CompetitiveDialogue,
        ),
    ];
    let kind_of = |low: &str| {
        KINDS
            .iter()
            .filter_map(|(keys, kind)| {
                keys.iter()
                    .filter_map(|k| low.find(k))
                    .min()
                    .map(|p| (p, *kind))
            })
            .min_by_key(|(p, _)| *p)
            .map(|(_, k)| k)
            .or_else(|| has_word(low, "mapa").then_some(ProcedureKind::ProcedureAdaptee))
    };
    let stated = |low: &str| {
        low.trim_start().starts_with("procedure")
            || has_any(
                low,
                &[
                    "passe selon",
                    "selon la procedure",
                    "est passe",
                    "procedure :",
                    "procedure:",
                    "under the",
                    "lancee selon",
                    "soumis a la procedure",
                    "sous la forme d'un",
                ],
            )
    };
    first(doc, |_, s| {
        stated(&s.low).then(|| kind_of(&s.low)).flatten()
    })
    .or_else(|| first(doc, |_, s| kind_of(&s.low)))
}

/// Framework agreement with purchase orders or with subsequent contracts.
pub fn framework(doc: &Doc) -> Option<Sourced<Framework>> {
    let specific = first(doc, |_, s| {
        let low = &s.low;
        let bdc = low.contains("bons de commande") || low.contains("bon de commande");
        let ms = low.contains("marches subsequents");
        let ac = has_any(
            low,
            &["accord-cadre", "accord cadre", "framework agreement"],
        );
        match (ac, bdc, ms) {
            (true, true, true) => Some(Framework::AccordCadreMixte),
            (true, true, false) => Some(Framework::AccordCadreBonsDeCommande),
            (true, false, true) => Some(Framework::AccordCadreMarchesSubsequents),
            (false, true, false) if low.contains("marche a bons de commande") => {
                Some(Framework::AccordCadreBonsDeCommande)
            }
            _ => None,
        }
    });
    specific.or_else(|| {
        first(doc, |_, s| {
            has_any(
                &s.low,
                &["accord-cadre", "accord cadre", "framework agreement"],
            )
            .then_some(Framework::AccordCadre)
        })
    })
}

/// Whether the visit is mandatory (true) or optional / not held (false).
pub fn site_visit(doc: &Doc) -> Option<Sourced<bool>> {
    const NO: &[&str] = &[
        "facultative",
        "pas obligatoire",
        "non obligatoire",
        "optionnelle",
        "no site visit",
        "not mandatory",
        "optional",
        "aucune visite",
        "pas de visite",
        "pas prevu de visite",
        "pas organise de visite",
        "will be no site visit",
        "not compulsory",
    ];
    const YES: &[&str] = &[
        "obligatoire",
        "mandatory",
        "compulsory",
        "sous peine d'irrecevabilite",
        "est imposee",
    ];
    // The visit of the buyer's premises before the offer, not the contractor's maintenance
    // visits that a CCTP may call mandatory.
    const ABOUT: &[&str] = &[
        "visite des",
        "visite du",
        "visite sur",
        "visite de site",
        "visite prealable",
        "visite obligatoire",
        "visite facultative",
        "visite est",
        "visite n'est",
        "visite sera",
        "aucune visite",
        "pas de visite",
        "prevu de visite",
        "organise de visite",
        "site visit",
    ];
    first(doc, |_, s| {
        let low = &s.low;
        if !has_any(low, ABOUT)
            || has_any(
                low,
                &[
                    "preventive",
                    "curative",
                    "maintenance",
                    "attestation de visite",
                ],
            )
        {
            return None;
        }
        if has_any(low, NO) {
            Some(false)
        } else if has_any(low, YES) {
            Some(true)
        } else {
            None
        }
    })
}

/// Whether variants are allowed.
pub fn variants(doc: &Doc) -> Option<Sourced<bool>> {
    const NO: &[&str] = &[
        "ne sont pas autorisees",
        "ne sont pas admises",
        "n'est pas autorisee",
        "n'est pas admise",
        "interdite",
        "non autorisee",
        "ne sont pas acceptees",
        "aucune variante",
        "pas de variante",
        "not permitted",
        "not be accepted",
        "not allowed",
        "no variant",
        "will not be accepted",
        "are not accepted",
    ];
    const YES: &[&str] = &[
        "sont autorisees",
        "sont admises",
        "est autorisee",
        "est admise",
        "peuvent presenter des variantes",
        "peut presenter des variantes",
        "may submit variant",
        "are permitted",
        "will be accepted",
        "sont acceptees",
        "are allowed",
    ];
    first(doc, |_, s| {
        let low = &s.low;
        if !(low.contains("variante") || has_word(low, "variants") || has_word(low, "variant")) {
            return None;
        }
        if has_any(low, NO) {
            Some(false)
        } else if has_any(low, YES) {
            Some(true)
        } else {
            None
        }
    })
}

/// Whether the buyer may negotiate.
pub fn negotiation(doc: &Doc) -> Option<Sourced<bool>> {
    const YES: &[&str] = &[
        "se reserve la possibilite de negocier",
        "se reserve le droit de negocier",
        "peut negocier",
        "pourra negocier",
        "possibilite de negocier",
        "may negotiate",
        "reserves the right to negotiate",
        "negociation sera engagee",
        "negociera",
        "procedure avec negociation",
        "engager des negociations",
        "une negociation pourra",
    ];
    const NO: &[&str] = &[
        "aucune negociation",
        "pas de negociation",
        "absence de negociation",
        "sans negociation",
        "ne sera pas negocie",
        "no negotiation",
        "without negotiation",
        "ne donnera pas lieu a negociation",
        "ne fera pas l'objet de negociation",
    ];
    first(doc, |_, s| {
        let low = &s.low;
        if !(low.contains("negoci") || low.contains("negotiat")) {
            return None;
        }
        if has_any(low, YES) {
            Some(true)
        } else if has_any(low, NO) {
            Some(false)
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::understand::facts::text::build;

    #[test]
    fn references_buyers_and_booleans() {
        let doc = build(&[
            "**Pouvoir adjudicateur :** Ville d'Exemple\n\n**Accord-cadre n° 2026-INF-014**\n\nLes variantes ne sont pas autorisées. La visite est facultative."
                .into(),
        ]);
        assert_eq!(
            reference(&doc).map(|r| r.value).as_deref(),
            Some("2026-INF-014")
        );
        assert_eq!(
            buyer(&doc).and_then(|b| b.value.name).as_deref(),
            Some("Ville d'Exemple")
        );
        assert_eq!(variants(&doc).map(|v| v.value), Some(false));
        assert_eq!(site_visit(&doc).map(|v| v.value), Some(false));
    }
}
