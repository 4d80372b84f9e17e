//! What the buyer scores (criteria, offers, marks, prices) and what the buyer will object.

use serde::Serialize;

use super::text_enum;

text_enum! {
    /// How a criterion's weight is written in the tender.
    WeightUnit {
        Percent = "percent", "%", "%";
        Points = "points", "points", "points";
    }
}

/// One node of the award criteria tree.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Criterion {
    pub id: i64,
    pub tender_id: i64,
    pub lot_id: Option<i64>,
    pub parent_id: Option<i64>,
    pub position: i32,
    pub name: String,
    /// The weight as written in the document ("40 %", "30 points sur 100").
    pub weight: f64,
    #[sqlx(try_from = "String")]
    pub weight_unit: WeightUnit,
    /// Part of the whole mark, 0 to 1 (leaves of a complete tree sum to 1).
    pub share: f64,
    pub is_price: bool,
}

/// An offer in the comparison grid: ours or a likely competitor's.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Offer {
    pub id: i64,
    pub tender_id: i64,
    pub name: String,
    pub is_ours: bool,
    pub price_cents: Option<i64>,
}

/// The mark an offer gets (or is expected to get) on one criterion.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Mark {
    pub offer_id: i64,
    pub criterion_id: i64,
    pub mark: f64,
}

/// A line of a BPU, DPGF or DQE.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PriceLine {
    pub id: i64,
    pub tender_id: i64,
    pub document_id: Option<i64>,
    pub lot_id: Option<i64>,
    pub sheet: String,
    pub row_number: i32,
    pub number: String,
    pub designation: String,
    pub unit: String,
    /// Quantities can be fractional (2,5 jours); thousandths keep them exact.
    pub quantity_milli: Option<i64>,
    pub unit_cost_cents: Option<i64>,
    /// Margin in basis points of the unit price (1250 = 12,5 %).
    pub margin_bp: Option<i32>,
    pub unit_price_cents: Option<i64>,
    pub vat_bp: i32,
}

text_enum! {
    /// Who in the buying centre raises an objection or takes part in the decision.
    BuyingRole {
        Buyer = "acheteur", "Acheteur", "Buyer";
        User = "utilisateur", "Utilisateur", "User";
        Prescriber = "prescripteur", "Prescripteur", "Prescriber";
        Decider = "decideur", "Décideur", "Decision maker";
        Adviser = "conseiller", "Conseiller", "Adviser";
    }
}

text_enum! {
    /// What an objection is about.
    ObjectionCategory {
        Price = "prix", "Prix", "Price";
        Delay = "delai", "Délai", "Lead time";
        Technical = "technique", "Technique", "Technical";
        References = "references", "Références", "References";
        Risk = "risque", "Risque", "Risk";
        Clauses = "clauses", "Clauses", "Clauses";
        Csr = "rse", "RSE", "CSR";
    }
}

text_enum! {
    /// Our stance on a clause we would like to negotiate.
    ClausePosition {
        Accept = "accepter", "Accepter", "Accept";
        Ask = "demander", "Demander", "Ask";
        Trade = "echanger", "Échanger", "Trade";
    }
}

text_enum! {
    /// How far the answer to an objection is prepared.
    ObjectionStatus {
        ToPrepare = "a_preparer", "À préparer", "To prepare";
        InProgress = "en_cours", "En cours", "In progress";
        Ready = "pret", "Prêt", "Ready";
        Dismissed = "ecartee", "Écartée", "Dismissed";
    }
}

/// A person of the buying centre of one tender.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Stakeholder {
    pub id: i64,
    pub tender_id: i64,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub role: BuyingRole,
    pub job_title: String,
    /// 1 (none) to 5 (decisive).
    pub influence: i32,
    /// -2 (hostile) to +2 (champion).
    pub attitude: i32,
    pub notes: String,
}

/// An objection the buyer is expected to raise, and how we meet it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Objection {
    pub id: i64,
    pub tender_id: i64,
    pub text: String,
    #[sqlx(try_from = "String")]
    pub role: BuyingRole,
    pub stakeholder_id: Option<i64>,
    #[sqlx(try_from = "String")]
    pub category: ObjectionCategory,
    pub likelihood: i32,
    pub impact: i32,
    pub answer: String,
    pub proof: String,
    pub clause: String,
    pub status: String,
    pub source_quote: String,
    /// The answer-library block that proves the answer.
    pub proof_block_id: Option<i64>,
    /// Set when the objection was suggested from a clause of the tender (idempotent seeding).
    pub seed_key: Option<String>,
}

impl Objection {
    /// Likelihood × impact, 1 to 25.
    pub fn priority(&self) -> i32 {
        self.likelihood * self.impact
    }
}

/// A clause of the contract we would like to change, and what we trade for it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct NegotiationClause {
    pub id: i64,
    pub tender_id: i64,
    pub clause: String,
    #[sqlx(try_from = "String")]
    pub position: ClausePosition,
    pub ask: String,
    pub concession: String,
    pub source_quote: String,
}

/// A criterion as read from a document or a file, before it is stored: children's weights
/// are relative to their parent ("sur 100" inside a criterion, or points).
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct CriterionInput {
    pub name: String,
    pub weight: f64,
    #[serde(default = "default_unit")]
    pub unit: WeightUnit,
    #[serde(default)]
    pub is_price: bool,
    #[serde(default)]
    pub children: Vec<CriterionInput>,
}

fn default_unit() -> WeightUnit {
    WeightUnit::Percent
}

/// One node of a flattened criteria tree, in document order, with its share of the mark.
#[derive(Debug, Clone, PartialEq)]
pub struct FlatCriterion {
    /// Index of the parent in the flattened list.
    pub parent: Option<usize>,
    pub position: i32,
    pub name: String,
    pub weight: f64,
    pub unit: WeightUnit,
    pub share: f64,
    pub is_price: bool,
}

/// Flattens a criteria tree depth-first and gives each node its share of the whole mark:
/// its weight over the sum of its siblings' weights, times its parent's share. Negative or
/// non-finite weights are refused; depth is bounded.
pub fn flatten_criteria(roots: &[CriterionInput]) -> Result<Vec<FlatCriterion>, String> {
    const MAX_DEPTH: usize = 6;
    const MAX_NODES: usize = 2_000;
    fn walk(
        nodes: &[CriterionInput],
        parent: Option<usize>,
        parent_share: f64,
        depth: usize,
        out: &mut Vec<FlatCriterion>,
    ) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err(format!(
                "the criteria tree is deeper than {MAX_DEPTH} levels"
            ));
        }
        if let Some(bad) = nodes
            .iter()
            .find(|n| !n.weight.is_finite() || n.weight < 0.0)
        {
            return Err(format!(
                "the weight of {:?} is not a positive number",
                bad.name
            ));
        }
        let total: f64 = nodes.iter().map(|n| n.weight).sum();
        for (i, node) in nodes.iter().enumerate() {
            if out.len() >= MAX_NODES {
                return Err(format!("more than {MAX_NODES} criteria"));
            }
            let share = if total > 0.0 {
                parent_share * node.weight / total
            } else {
                0.0
            };
            out.push(FlatCriterion {
                parent,
                position: i32::try_from(i).unwrap_or(i32::MAX),
                name: node.name.trim().to_string(),
                weight: node.weight,
                unit: node.unit,
                share,
                is_price: node.is_price,
            });
            let me = out.len() - 1;
            walk(&node.children, Some(me), share, depth + 1, out)?;
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(roots, None, 1.0, 1, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(name: &str, weight: f64, children: Vec<CriterionInput>) -> CriterionInput {
        CriterionInput {
            name: name.into(),
            weight,
            unit: WeightUnit::Percent,
            is_price: false,
            children,
        }
    }

    #[test]
    fn shares_multiply_down_the_tree() {
        let tree = vec![
            c("Prix", 40.0, vec![]),
            c(
                "Valeur technique",
                50.0,
                vec![
                    c("Méthodologie", 40.0, vec![]),
                    c("Moyens", 30.0, vec![]),
                    c("Planning", 30.0, vec![]),
                ],
            ),
            c("Environnement", 10.0, vec![]),
        ];
        let flat = flatten_criteria(&tree).unwrap_or_default();
        let shares: Vec<(String, f64)> = flat
            .iter()
            .map(|f| (f.name.clone(), (f.share * 1000.0).round() / 1000.0))
            .collect();
        assert_eq!(
            shares,
            vec![
                ("Prix".into(), 0.4),
                ("Valeur technique".into(), 0.5),
                ("Méthodologie".into(), 0.2),
                ("Moyens".into(), 0.15),
                ("Planning".into(), 0.15),
                ("Environnement".into(), 0.1),
            ]
        );
        assert_eq!(flat.get(2).and_then(|f| f.parent), Some(1));
        let leaves: f64 = flat
            .iter()
            .enumerate()
            .filter(|(i, _)| !flat.iter().any(|f| f.parent == Some(*i)))
            .map(|(_, f)| f.share)
            .sum();
        assert!((leaves - 1.0).abs() < 1e-9);
    }

    #[test]
    fn bad_weights_and_deep_trees_are_refused() {
        assert!(flatten_criteria(&[c("x", -1.0, vec![])]).is_err());
        assert!(flatten_criteria(&[c("x", f64::NAN, vec![])]).is_err());
        let mut deep = c("leaf", 1.0, vec![]);
        for _ in 0..10 {
            deep = c("n", 1.0, vec![deep]);
        }
        assert!(flatten_criteria(&[deep]).is_err());
    }
}
