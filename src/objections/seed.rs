//! Suggested objections and clauses to negotiate, read from the risky clauses the tender's
//! pieces carry (penalties, payment, retention, advance, revision, insurance, termination,
//! visit, price weight ...), each quoting its source.

use serde::Serialize;

use crate::model::{
    BuyingRole, ClausePosition, DocKind, Money, ObjectionCategory, flatten_criteria,
};
use crate::understand::facts::{Facts, PenaltyRegime, RevisionKind, Sourced};

/// One piece as seeding reads it: its kind, name, facts and pages.
pub struct SeedPiece {
    pub kind: DocKind,
    pub name: String,
    pub facts: Facts,
    pub pages: Vec<String>,
}

/// What seeding reads: the pieces, and the value of the contract.
pub struct SeedInput<'a> {
    pub pieces: &'a [SeedPiece],
    /// The contract value the penalties are computed at (per year for a framework).
    pub contract_value_cents: Option<i64>,
}

/// An objection proposed from a clause; `key` makes seeding idempotent.
#[derive(Debug, Clone, Serialize)]
pub struct Suggested {
    pub key: &'static str,
    pub text: String,
    pub role: BuyingRole,
    pub category: ObjectionCategory,
    pub likelihood: i32,
    pub impact: i32,
    pub answer: String,
    /// Where the clause is: "CCAP.pdf, p. 3".
    pub clause: String,
    pub quote: String,
    pub negotiation: Option<SuggestedClause>,
}

/// A clause we would like to change, and what we could give in exchange.
#[derive(Debug, Clone, Serialize)]
pub struct SuggestedClause {
    pub title: String,
    pub position: ClausePosition,
    pub ask: String,
    pub concession: String,
}

/// The suggestions of a tender, most serious first; one per rule, the first piece that
/// triggers a rule quotes it (CCAP before RC before the others).
pub fn suggest(input: &SeedInput) -> Vec<Suggested> {
    let mut pieces: Vec<&SeedPiece> = input.pieces.iter().collect();
    pieces.sort_by_key(|p| match p.kind {
        DocKind::Ccap => 0,
        DocKind::Rc => 1,
        DocKind::Ae => 2,
        _ => 3,
    });
    let mut out: Vec<Suggested> = Vec::new();
    for p in pieces {
        let found = rules(&p.name, &p.facts, input.contract_value_cents)
            .into_iter()
            .chain(super::seed_text::text_rules(&p.name, &p.pages));
        for s in found {
            if !out.iter().any(|o| o.key == s.key) {
                out.push(s);
            }
        }
    }
    super::sort_by_priority(&mut out, |s| (s.likelihood * s.impact, s.likelihood));
    out
}

/// The objection of one rule, before its source is attached.
pub(super) struct Draft {
    pub key: &'static str,
    pub text: String,
    pub role: BuyingRole,
    pub category: ObjectionCategory,
    pub likelihood: i32,
    pub impact: i32,
    pub answer: &'static str,
    /// Title, position, what we ask, what we concede.
    pub negotiation: Option<(&'static str, ClausePosition, &'static str, &'static str)>,
}

pub(super) fn sourced<T>(name: &str, s: &Sourced<T>, d: Draft) -> Suggested {
    Suggested {
        key: d.key,
        text: d.text,
        role: d.role,
        category: d.category,
        likelihood: d.likelihood,
        impact: d.impact,
        answer: d.answer.to_string(),
        clause: format!("{name}, p. {}", s.page + 1),
        quote: s.quote.clone(),
        negotiation: d
            .negotiation
            .map(|(title, position, ask, concession)| SuggestedClause {
                title: title.to_string(),
                position,
                ask: ask.to_string(),
                concession: concession.to_string(),
            }),
    }
}

fn money(cents: i64) -> String {
    Money(cents).to_french()
}

/// The divisor of a penalty formula written "P = V × R / 1000" (or "/ 3 000").
fn formula_divisor(formula: &str) -> Option<i64> {
    let after = formula.rsplit('/').next()?;
    let digits: String = after
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| {
            c.is_ascii_digit() || c.is_whitespace() || *c == '\u{a0}' || *c == '\u{202f}'
        })
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse::<i64>().ok().filter(|d| *d > 0)
}

fn rules(name: &str, f: &Facts, value: Option<i64>) -> Vec<Suggested> {
    let mut out = Vec::new();
    penalty_rules(name, f, value, &mut out);
    if let Some(s) = &f.payment_delay_days
        && s.value > 30
    {
        out.push(sourced(name, s, Draft {
            key: "paiement.delai",
            text: format!("Délai de paiement de {} jours, au-delà des 30 jours de droit commun : l'acheteur dira que c'est sa règle interne.", s.value),
            role: BuyingRole::Buyer, category: ObjectionCategory::Price, likelihood: 3, impact: 3,
            answer: "Rappeler le délai légal de 30 jours (R. 2192-10 du code de la commande publique) et le coût du financement intégré au prix.",
            negotiation: Some(("Délai de paiement", ClausePosition::Ask, "Ramener le délai de paiement à 30 jours.", "Facturation dématérialisée et pièces justificatives complètes à chaque échéance.")),
        }));
    }
    if let Some(s) = &f.retention_percent
        && s.value > 0.0
    {
        out.push(sourced(name, s, Draft {
            key: "retenue.garantie",
            text: format!("Retenue de garantie de {} % sur chaque paiement : elle pèse sur notre trésorerie pendant toute la garantie.", fmt_num(s.value)),
            role: BuyingRole::Buyer, category: ObjectionCategory::Clauses, likelihood: 3, impact: 2,
            answer: "Proposer une garantie à première demande ou une caution personnelle et solidaire à la place de la retenue.",
            negotiation: Some(("Retenue de garantie", ClausePosition::Trade, "Remplacer la retenue par une caution bancaire.", "Prendre à notre charge le coût de la caution.")),
        }));
    }
    advance_rule(name, f, &mut out);
    if let (Some(rev), Some(months)) = (
        &f.price_revision,
        f.duration.as_ref().and_then(|d| d.value.max_months),
    ) && rev.value.kind == RevisionKind::Firm
        && months > 12
    {
        out.push(sourced(name, rev, Draft {
            key: "prix.revision",
            text: format!("Prix fermes sans révision sur {months} mois : l'acheteur refusera d'indexer des prix qu'il juge déjà négociés."),
            role: BuyingRole::Buyer, category: ObjectionCategory::Price, likelihood: 4, impact: 4,
            answer: "Chiffrer l'inflation attendue (indice Syntec) et montrer qu'une clause de révision protège aussi l'acheteur d'un titulaire défaillant.",
            negotiation: Some(("Révision des prix", ClausePosition::Ask, "Une révision annuelle sur l'indice Syntec à partir de la deuxième année.", "Prix fermes la première année.")),
        }));
    }
    if let Some(s) = &f.insurance
        && s.value.rc_pro_min_cents.is_some_and(|c| c >= 200_000_000)
    {
        let amount = money(s.value.rc_pro_min_cents.unwrap_or_default());
        out.push(sourced(name, s, Draft {
            key: "assurance.rc",
            text: format!("Assurance responsabilité civile professionnelle d'au moins {amount} par sinistre : l'acheteur vérifiera l'attestation."),
            role: BuyingRole::Adviser, category: ObjectionCategory::Risk, likelihood: 2, impact: 3,
            answer: "Joindre l'attestation d'assurance en cours de validité et son montant de garantie.",
            negotiation: None,
        }));
    }
    if let Some(s) = &f.termination_indemnity_percent
        && s.value == 0.0
    {
        out.push(sourced(name, s, Draft {
            key: "resiliation.indemnite",
            text: "Résiliation pour motif d'intérêt général sans indemnité : nos investissements de démarrage ne seraient pas couverts.".into(),
            role: BuyingRole::Decider, category: ObjectionCategory::Clauses, likelihood: 2, impact: 4,
            answer: "Demander l'indemnité de 5 % du CCAG sur la part non exécutée, ou l'amortissement des frais d'initialisation.",
            negotiation: Some(("Indemnité de résiliation", ClausePosition::Ask, "Rétablir l'indemnité de résiliation du CCAG.", "Accepter un préavis de résiliation plus court.")),
        }));
    }
    if let Some(s) = &f.site_visit
        && s.value
    {
        out.push(sourced(name, s, Draft {
            key: "visite.obligatoire",
            text: "Visite obligatoire : une offre sans attestation de visite sera écartée.".into(),
            role: BuyingRole::Buyer, category: ObjectionCategory::Delay, likelihood: 5, impact: 2,
            answer: "Planifier la visite, joindre l'attestation et citer dans le mémoire ce qui a été vu sur site.",
            negotiation: None,
        }));
    }
    criteria_rule(name, f, &mut out);
    out
}

fn penalty_rules(name: &str, f: &Facts, value: Option<i64>, out: &mut Vec<Suggested>) {
    let specific = f
        .penalties
        .regime
        .as_ref()
        .is_some_and(|r| r.value == PenaltyRegime::Specific);
    if let Some(first) = f.penalties.items.first()
        && (specific || f.penalties.regime.is_none())
    {
        let mut parts = Vec::new();
        for item in &f.penalties.items {
            let p = &item.value;
            match (&p.formula, p.amount_cents, value) {
                (Some(formula), _, Some(v)) => match formula_divisor(formula) {
                    Some(d) => parts.push(format!(
                        "{formula}, soit {} par jour de retard pour {}",
                        money(v / d),
                        money(v)
                    )),
                    None => parts.push(formula.clone()),
                },
                (Some(formula), _, None) => parts.push(formula.clone()),
                (None, Some(cents), _) => parts.push(format!(
                    "{} {}",
                    money(cents),
                    p.per
                        .as_deref()
                        .map(|per| format!("par {per}"))
                        .unwrap_or_default()
                )),
                (None, None, _) => parts.push(p.reason.clone()),
            }
        }
        out.push(sourced(name, first, Draft {
            key: "penalites.montants",
            text: format!("Pénalités propres au marché ({}) : l'acheteur refusera de les réduire, elles garantissent les délais et les niveaux de service.", parts.join(" ; ")),
            role: BuyingRole::User, category: ObjectionCategory::Delay, likelihood: 4, impact: 4,
            answer: "Montrer par les indicateurs de nos contrats en cours que les délais sont tenus, et proposer un bonus/malus plutôt qu'un barème seul.",
            negotiation: Some(("Montant des pénalités", ClausePosition::Trade, "Aligner les pénalités sur le CCAG, ou une franchise de deux jours.", "Des engagements de service plus stricts, suivis chaque mois.")),
        }));
    }
    let uncapped = f.penalties.capped.as_ref().filter(|c| !c.value);
    let exemption = f.penalties.exemption_removed.as_ref().filter(|e| e.value);
    if let Some((page, quote)) = uncapped
        .map(|s| (s.page, s.quote.clone()))
        .or_else(|| exemption.map(|s| (s.page, s.quote.clone())))
    {
        let source = Sourced {
            value: (),
            page,
            quote,
        };
        out.push(sourced(name, &source, Draft {
            key: "penalites.plafond",
            text: "Pénalités cumulables et non plafonnées : le risque financier n'a pas de limite.".into(),
            role: BuyingRole::Buyer, category: ObjectionCategory::Risk, likelihood: 4, impact: 5,
            answer: "Demander un plafond global (10 % du montant du marché, comme le CCAG) en échange d'engagements de service mesurés.",
            negotiation: Some(("Plafond des pénalités", ClausePosition::Ask, "Plafonner le cumul des pénalités à 10 % du montant HT.", "Un plan de progrès en cas de dérive des indicateurs.")),
        }));
    }
}

fn advance_rule(name: &str, f: &Facts, out: &mut Vec<Suggested>) {
    let guarantee = f.advance_guarantee.as_ref().filter(|g| {
        let g = super::fold(&g.value);
        !g.is_empty() && !g.contains("aucune") && !g.starts_with("sans") && !g.contains("none")
    });
    let none = f.advance_percent.as_ref().filter(|a| a.value == 0.0);
    let (source, text) = if let Some(a) = none {
        (
            Sourced {
                value: (),
                page: a.page,
                quote: a.quote.clone(),
            },
            "Aucune avance : la phase de démarrage est à financer sur nos fonds propres."
                .to_string(),
        )
    } else if let Some(g) = guarantee {
        let percent = f
            .advance_percent
            .as_ref()
            .map(|a| format!(" de {} %", fmt_num(a.value)))
            .unwrap_or_default();
        (
            Sourced {
                value: (),
                page: g.page,
                quote: g.quote.clone(),
            },
            format!(
                "Avance{percent} subordonnée à une {} : son coût réduit l'intérêt de l'avance.",
                g.value
            ),
        )
    } else {
        return;
    };
    out.push(sourced(name, &source, Draft {
        key: "avance",
        text,
        role: BuyingRole::Buyer, category: ObjectionCategory::Price, likelihood: 3, impact: 3,
        answer: "Demander une avance d'au moins 20 % sans garantie (possible pour les PME) ou renoncer à l'avance et l'intégrer au prix.",
        negotiation: Some(("Avance", ClausePosition::Ask, "Porter l'avance à 20 % sans garantie à première demande.", "Un calendrier de remboursement plus rapide.")),
    }));
}

/// A low weight on price with a technical bar: the technical answer decides.
fn criteria_rule(name: &str, f: &Facts, out: &mut Vec<Suggested>) {
    let Some(criteria) = &f.criteria else { return };
    let Ok(flat) = flatten_criteria(&criteria.value) else {
        return;
    };
    let price: f64 = flat
        .iter()
        .filter(|c| c.is_price && c.parent.is_none())
        .map(|c| c.share)
        .sum();
    if price > 0.0 && price < 0.35 {
        let bar = f
            .quality_threshold
            .as_ref()
            .map(|t| {
                format!(
                    ", et une note technique minimale de {}/{}",
                    fmt_num(t.value.min_mark),
                    fmt_num(t.value.mark_scale)
                )
            })
            .unwrap_or_default();
        out.push(sourced(name, criteria, Draft {
            key: "criteres.prix_faible",
            text: format!("Le prix ne pèse que {} % de la note{bar} : le prescripteur jugera d'abord la valeur technique.", fmt_num((price * 100.0).round())),
            role: BuyingRole::Prescriber, category: ObjectionCategory::Technical, likelihood: 4, impact: 4,
            answer: "Consacrer l'effort au mémoire technique : méthodologie, moyens nommés et engagements mesurables critère par critère.",
            negotiation: None,
        }));
    }
}

fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}").replace('.', ",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn penalty_formula_divisor() {
        assert_eq!(formula_divisor("P = V × R / 1000"), Some(1000));
        assert_eq!(formula_divisor("P = V x R / 3 000"), Some(3000));
        assert_eq!(formula_divisor("P = V × R"), None);
        assert_eq!(formula_divisor("P = V / 0"), None);
    }
}
