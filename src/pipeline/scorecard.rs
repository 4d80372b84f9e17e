//! The go / no-go scorecard: six criteria marked 0 to 5, weighted, a score out of 100.
//!
//! Every mark says how favourable the criterion is to us (5 = best): for competition, 5 means
//! little competition; for risk, 5 means harmless clauses. The score is
//!
//! ```text
//! score = 100 × Σ (weight_i × mark_i) / (5 × Σ weight_i)
//! ```
//!
//! so all marks at 5 give 100 whatever the weights. The suggested decision is "go" from 65,
//! "no-go" under 40, "à revoir" between; the team decides and writes why.

use crate::model::text_enum;

text_enum! {
    /// A criterion of the go / no-go scorecard.
    GoCriterion {
        Fit = "fit", "Adéquation à notre offre", "Fit with our offer";
        Capacity = "capacity", "Capacité à livrer dans les délais", "Capacity to deliver in time";
        Relationship = "relationship", "Relation avec l'acheteur", "Relationship with the buyer";
        Competition = "competition", "Concurrence (5 = faible)", "Competition (5 = weak)";
        Margin = "margin", "Marge attendue", "Expected margin";
        Risk = "risk", "Risque des clauses (5 = faible)", "Risk from the clauses (5 = low)";
    }
}

text_enum! {
    /// What the team decided.
    Decision {
        Go = "go", "Go", "Go";
        NoGo = "no_go", "No go", "No go";
        Review = "a_revoir", "À revoir", "To review";
    }
}

/// The highest mark.
pub const MAX_MARK: u8 = 5;
/// Criteria in the order of `GoCriterion::ALL`.
pub const CRITERIA: usize = 6;
/// Weights used until an administrator or a bid manager sets others.
pub const DEFAULT_WEIGHTS: [u32; CRITERIA] = [25, 20, 15, 15, 15, 10];
/// From this score the suggestion is "go".
pub const GO_FROM: f64 = 65.0;
/// Under this score the suggestion is "no-go".
pub const NO_GO_UNDER: f64 = 40.0;

/// The score out of 100, rounded to one decimal.
pub fn score(marks: &[u8; CRITERIA], weights: &[u32; CRITERIA]) -> Result<f64, String> {
    if let Some(m) = marks.iter().find(|m| **m > MAX_MARK) {
        return Err(format!("a mark is between 0 and {MAX_MARK}, not {m}"));
    }
    if weights.iter().any(|w| *w > 100) {
        return Err("a weight is between 0 and 100".into());
    }
    let total: u32 = weights.iter().sum();
    if total == 0 {
        return Err("at least one weight must be above 0".into());
    }
    let sum: u32 = marks
        .iter()
        .zip(weights)
        .map(|(m, w)| u32::from(*m) * w)
        .sum();
    let raw = 100.0 * f64::from(sum) / (f64::from(MAX_MARK) * f64::from(total));
    Ok((raw * 10.0).round() / 10.0)
}

/// The decision the score suggests.
pub fn suggest(score: f64) -> Decision {
    if score >= GO_FROM {
        Decision::Go
    } else if score < NO_GO_UNDER {
        Decision::NoGo
    } else {
        Decision::Review
    }
}

/// The default risk mark from the tender's objections (likelihood and impact, 1 to 5 each):
/// the worst priority p = likelihood × impact (1..25) maps to 5 (p = 1) down to 0 (p = 25),
/// `round(5 × (25 − p) / 24)`. No objection: no default.
pub fn risk_from_objections(objections: &[(i32, i32)]) -> Option<u8> {
    let worst = objections
        .iter()
        .map(|(l, i)| l.clamp(&1, &5) * i.clamp(&1, &5))
        .max()?;
    let mark = (5.0 * f64::from(25 - worst) / 24.0).round();
    Some(mark.clamp(0.0, 5.0) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_scores() {
        // 25×4 + 20×3 + 15×5 + 15×2 + 15×3 + 10×1 = 100+60+75+30+45+10 = 320;
        // 320 / (5 × 100) = 64 %.
        let s = score(&[4, 3, 5, 2, 3, 1], &DEFAULT_WEIGHTS).expect("score");
        assert_eq!(s, 64.0);
        assert_eq!(suggest(s), Decision::Review);
        assert_eq!(score(&[5; 6], &[1, 0, 0, 0, 0, 7]), Ok(100.0));
        // Equal weights: (1+2+3+4+5+0) / 30 = 50 %.
        assert_eq!(score(&[1, 2, 3, 4, 5, 0], &[10; 6]), Ok(50.0));
        // 2/3 of the way: 10×2 + 20×4 = 100 over 5×30 = 150 → 66.7.
        assert_eq!(score(&[2, 4, 0, 0, 0, 0], &[10, 20, 0, 0, 0, 0]), Ok(66.7));
        assert_eq!(suggest(66.7), Decision::Go);
        assert_eq!(suggest(39.9), Decision::NoGo);
        assert!(score(&[6, 0, 0, 0, 0, 0], &DEFAULT_WEIGHTS).is_err());
        assert!(score(&[1; 6], &[0; 6]).is_err());
    }

    #[test]
    fn risk_follows_the_worst_objection() {
        assert_eq!(risk_from_objections(&[]), None);
        assert_eq!(risk_from_objections(&[(1, 1)]), Some(5));
        assert_eq!(risk_from_objections(&[(5, 5), (1, 1)]), Some(0));
        // p = 12: 5 × 13 / 24 = 2.71 → 3.
        assert_eq!(risk_from_objections(&[(3, 4), (2, 2)]), Some(3));
    }
}
