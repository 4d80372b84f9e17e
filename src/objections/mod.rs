//! The objection grid (grille de simulation): the buyer's objections anticipated, seeded from
//! the risky clauses of the tender's own pieces, imported from and exported to spreadsheets,
//! and briefed for the defence. Pure domain: no storage, no web.

mod brief;
mod export;
mod import;
mod seed;
mod seed_text;
pub mod seeding;

pub use brief::{CriterionArgument, brief_markdown};
pub use export::to_xlsx;
pub use import::{ImportError, import_rows};
pub use seed::{SeedInput, SeedPiece, Suggested, SuggestedClause, suggest};

use serde::Serialize;

use crate::model::{BuyingRole, ObjectionCategory};

/// One objection as written by a person or read from a file, before it is stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObjectionRow {
    pub text: String,
    pub role: BuyingRole,
    /// The person of the buying centre named after the role ("Décideur (M. Martin)").
    pub person: Option<String>,
    pub category: ObjectionCategory,
    pub likelihood: i32,
    pub impact: i32,
    pub answer: String,
    pub proof: String,
    pub clause: String,
}

impl ObjectionRow {
    /// Likelihood × impact, 1 to 25.
    pub fn priority(&self) -> i32 {
        self.likelihood * self.impact
    }
}

/// Highest priority first, then the most likely; the input order breaks the remaining ties.
pub fn sort_by_priority<T>(rows: &mut [T], key: impl Fn(&T) -> (i32, i32)) {
    rows.sort_by(|a, b| {
        let (pa, la) = key(a);
        let (pb, lb) = key(b);
        pb.cmp(&pa).then(lb.cmp(&la))
    });
}

/// Likelihood and impact are marks from 1 to 5.
pub fn check_scale(value: i32) -> bool {
    (1..=5).contains(&value)
}

/// The 5×5 heat map: `cells[impact - 1][likelihood - 1]` counts the objections there.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct HeatMap {
    pub cells: [[u32; 5]; 5],
}

impl HeatMap {
    pub fn of(points: impl IntoIterator<Item = (i32, i32)>) -> HeatMap {
        let mut map = HeatMap::default();
        for (likelihood, impact) in points {
            if check_scale(likelihood) && check_scale(impact) {
                let (l, i) = ((likelihood - 1) as usize, (impact - 1) as usize);
                if let Some(cell) = map.cells.get_mut(i).and_then(|row| row.get_mut(l)) {
                    *cell += 1;
                }
            }
        }
        map
    }
}

/// How severe a priority is, for colours: 1-4 low, 5-9 medium, 10-15 high, 16-25 critical.
pub fn severity(priority: i32) -> &'static str {
    match priority {
        16.. => "critical",
        10..=15 => "high",
        5..=9 => "medium",
        _ => "low",
    }
}

/// Folds a label for matching: lower case, accents removed, spaces trimmed.
pub(crate) fn fold(s: &str) -> String {
    crate::understand::facts::fold(s.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priority_order_then_likelihood() {
        let mut rows = vec![(2, 5), (5, 2), (3, 3), (4, 4), (1, 1)];
        sort_by_priority(&mut rows, |(l, i)| (l * i, *l));
        assert_eq!(rows, vec![(4, 4), (5, 2), (2, 5), (3, 3), (1, 1)]);
    }

    #[test]
    fn heat_map_counts_and_ignores_out_of_scale() {
        let map = HeatMap::of([(1, 5), (1, 5), (5, 1), (0, 3), (6, 6)]);
        assert_eq!(map.cells[4][0], 2);
        assert_eq!(map.cells[0][4], 1);
        assert_eq!(map.cells.iter().flatten().sum::<u32>(), 3);
    }

    #[test]
    fn severity_bands() {
        assert_eq!(severity(25), "critical");
        assert_eq!(severity(16), "critical");
        assert_eq!(severity(12), "high");
        assert_eq!(severity(6), "medium");
        assert_eq!(severity(4), "low");
    }
}
