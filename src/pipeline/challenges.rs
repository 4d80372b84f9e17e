//! Team challenges: a target per seller or region on one measure (bids answered, wins, new
//! clients), adjusted to the potential of the challenge's sector.
//!
//! A sector's potential is the estimated value of the open tenders of that sector; the
//! adjusted target is `max(1, round(target × f))` with `f = potential of the sector / mean
//! potential of the sectors`, kept between 0.5 and 2, so a seller in a rich sector is asked
//! for more and one in a thin sector for less. No sector (or no potential known): f = 1.

use serde::Serialize;

use crate::model::text_enum;

text_enum! {
    /// What a challenge counts.
    Measure {
        Bids = "bids", "Réponses déposées", "Bids answered";
        Wins = "wins", "Marchés gagnés", "Wins";
        NewClients = "new_clients", "Nouveaux clients", "New clients";
    }
}

/// The factor applied to a target for a sector of `potential`, among sectors of `potentials`.
pub fn sector_factor(potential: Option<i64>, potentials: &[i64]) -> f64 {
    let known: Vec<f64> = potentials
        .iter()
        .filter(|p| **p > 0)
        .map(|p| *p as f64)
        .collect();
    match potential {
        Some(p) if p > 0 && !known.is_empty() => {
            let mean = known.iter().sum::<f64>() / known.len() as f64;
            (p as f64 / mean).clamp(0.5, 2.0)
        }
        _ => 1.0,
    }
}

pub fn adjusted_target(target: i64, factor: f64) -> i64 {
    ((target as f64 * factor).round() as i64).max(1)
}

/// A line of the leaderboard.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Standing {
    pub challenge_id: i64,
    pub name: String,
    pub who: String,
    pub measure: Measure,
    pub target: i64,
    pub adjusted: i64,
    pub actual: i64,
    /// actual / adjusted, in percent (may pass 100).
    pub percent: f64,
}

/// Sorts standings best first (highest percent, then highest actual).
pub fn rank(mut standings: Vec<Standing>) -> Vec<Standing> {
    standings.sort_by(|a, b| {
        b.percent
            .total_cmp(&a.percent)
            .then(b.actual.cmp(&a.actual))
            .then(a.name.cmp(&b.name))
    });
    standings
}

pub fn percent(actual: i64, adjusted: i64) -> f64 {
    (1000.0 * actual as f64 / adjusted.max(1) as f64).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_adjustment() {
        // Potentials 300, 100, 200: mean 200. 300 → 1.5, 100 → 0.5, 50 → 0.25 kept at 0.5.
        let all = [300, 100, 200];
        assert_eq!(sector_factor(Some(300), &all), 1.5);
        assert_eq!(sector_factor(Some(100), &all), 0.5);
        assert_eq!(sector_factor(Some(50), &all), 0.5);
        assert_eq!(sector_factor(Some(2000), &all), 2.0);
        assert_eq!(sector_factor(None, &all), 1.0);
        assert_eq!(adjusted_target(10, 1.5), 15);
        assert_eq!(adjusted_target(1, 0.5), 1);
        assert_eq!(percent(3, 4), 75.0);
    }
}
