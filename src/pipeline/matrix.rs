//! The IPO / IPA matrix: each open opportunity placed by its potential (indice de potentiel
//! d'opportunité) and its accessibility (indice de probabilité d'accès), both out of 100.
//!
//! ```text
//! amount mark   = 5 × amount / largest amount of the opportunities shown (0 when unknown)
//! potential     = 100 × (amount mark + strategic value + margin) / 15
//! accessibility = 100 × (relationship + fit + competition) / 15
//! ```
//!
//! Marks are 0 to 5 (the go / no-go marks; strategic value set per tender). The quadrants
//! split at 50: priority (high, high), to conquer (potential high, access low), to maintain
//! (potential low, access high), to drop (low, low).

use serde::Serialize;

use crate::model::text_enum;

text_enum! {
    /// Where an opportunity falls.
    Quadrant {
        Priority = "priorite", "Priorité : à travailler d'abord", "Priority: work first";
        Conquer = "a_conquerir", "À conquérir : investir la relation", "To conquer: invest in the relationship";
        Maintain = "a_entretenir", "À entretenir : répondre à moindre coût", "To maintain: answer at low cost";
        Drop = "a_ecarter", "À écarter", "To drop";
    }
}

/// What places an opportunity.
#[derive(Debug, Clone, PartialEq)]
pub struct Opportunity {
    pub tender_id: i64,
    pub title: String,
    pub amount_cents: Option<i64>,
    pub strategic: u8,
    pub margin: u8,
    pub relationship: u8,
    pub fit: u8,
    pub competition: u8,
}

/// An opportunity placed on the matrix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placement {
    pub tender_id: i64,
    pub title: String,
    pub potential: f64,
    pub accessibility: f64,
    pub quadrant: Quadrant,
}

fn mark(m: u8) -> f64 {
    f64::from(m.min(5))
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Places every opportunity (amounts compared with the largest among them).
pub fn place(opportunities: &[Opportunity]) -> Vec<Placement> {
    let largest = opportunities
        .iter()
        .filter_map(|o| o.amount_cents)
        .filter(|a| *a > 0)
        .max();
    opportunities
        .iter()
        .map(|o| {
            let amount = match (o.amount_cents, largest) {
                (Some(a), Some(max)) if a > 0 => 5.0 * a as f64 / max as f64,
                _ => 0.0,
            };
            let potential = round1(100.0 * (amount + mark(o.strategic) + mark(o.margin)) / 15.0);
            let accessibility =
                round1(100.0 * (mark(o.relationship) + mark(o.fit) + mark(o.competition)) / 15.0);
            Placement {
                tender_id: o.tender_id,
                title: o.title.clone(),
                potential,
                accessibility,
                quadrant: quadrant(potential, accessibility),
            }
        })
        .collect()
}

pub fn quadrant(potential: f64, accessibility: f64) -> Quadrant {
    match (potential >= 50.0, accessibility >= 50.0) {
        (true, true) => Quadrant::Priority,
        (true, false) => Quadrant::Conquer,
        (false, true) => Quadrant::Maintain,
        (false, false) => Quadrant::Drop,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opp(id: i64, amount: Option<i64>, marks: [u8; 5]) -> Opportunity {
        Opportunity {
            tender_id: id,
            title: format!("T{id}"),
            amount_cents: amount,
            strategic: marks[0],
            margin: marks[1],
            relationship: marks[2],
            fit: marks[3],
            competition: marks[4],
        }
    }

    #[test]
    fn hand_computed_placements() {
        let placed = place(&[
            // Largest amount: mark 5; (5+4+3)/15 = 80; (4+5+2)/15 = 73.3.
            opp(1, Some(1_000_000), [4, 3, 4, 5, 2]),
            // Half the amount: mark 2.5; (2.5+1+1)/15 = 30; (5+4+4)/15 = 86.7.
            opp(2, Some(500_000), [1, 1, 5, 4, 4]),
            // Unknown amount: (0+5+5)/15 = 66.7; (1+1+1)/15 = 20.
            opp(3, None, [5, 5, 1, 1, 1]),
            // (0.5+0+0)/15 = 3.3; 0.
            opp(4, Some(100_000), [0, 0, 0, 0, 0]),
        ]);
        let got: Vec<(f64, f64, Quadrant)> = placed
            .iter()
            .map(|p| (p.potential, p.accessibility, p.quadrant))
            .collect();
        assert_eq!(
            got,
            vec![
                (80.0, 73.3, Quadrant::Priority),
                (30.0, 86.7, Quadrant::Maintain),
                (66.7, 20.0, Quadrant::Conquer),
                (3.3, 0.0, Quadrant::Drop),
            ]
        );
        assert_eq!(quadrant(50.0, 50.0), Quadrant::Priority);
        assert_eq!(quadrant(49.9, 50.0), Quadrant::Maintain);
    }
}
