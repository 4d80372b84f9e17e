//! What the grid says: each offer's marks, points, total on 100, rank and gap to the first;
//! for our offer the break-even price, the technical mark needed, the lowest price not flagged
//! as abnormally low, and how our rank moves with our price.

use serde::Serialize;

use super::compare::{Grid, GridError, ranks};
use super::formula::PriceStats;

/// One criterion as marked.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionOut {
    pub number: String,
    pub name: String,
    pub weight: f64,
    /// Part of the whole mark, 0 to 1.
    pub share: f64,
    pub is_price: bool,
    pub leaf: bool,
    pub depth: usize,
    pub parent: Option<usize>,
}

/// One offer as marked.
#[derive(Debug, Clone, Serialize)]
pub struct OfferOut {
    pub name: String,
    pub price: Option<f64>,
    pub is_ours: bool,
    /// Mark on the scale per criterion (the price mark computed by the formula; None on
    /// parent criteria).
    pub marks: Vec<Option<f64>>,
    /// Points on 100 per criterion (parents: the sum of their children).
    pub points: Vec<f64>,
    pub total: f64,
    pub rank: usize,
    /// Points behind the first (0 for the first).
    pub gap: f64,
    /// Below the fraction of the mean or median of the prices.
    pub low_vs_mean: bool,
    pub low_vs_median: bool,
}

/// The break-even price of our offer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", content = "price", rename_all = "snake_case")]
pub enum BreakEven {
    /// The highest price (to the cent) at which we still rank first.
    Price(f64),
    /// First even at 1000 times the highest price: the technical lead decides.
    AnyPrice,
    /// Not first even at one cent: the technical gap is too wide.
    Unreachable,
}

/// What our offer needs.
#[derive(Debug, Clone, Serialize)]
pub struct Ours {
    pub index: usize,
    pub name: String,
    pub price: Option<f64>,
    pub rank: usize,
    pub break_even: Option<BreakEven>,
    /// The mark (on the scale, the same on every technical leaf) we need at our current
    /// price to rank first; None when no mark within the scale is enough.
    pub technical_mark_needed: Option<f64>,
    /// The technical points (on 100) we need at our current price to rank first.
    pub technical_points_needed: f64,
    /// The lowest price (to the cent) that is not flagged as abnormally low.
    pub lowest_unflagged_price: Option<f64>,
}

/// One point of the sensitivity view.
#[derive(Debug, Clone, Serialize)]
pub struct Sensitivity {
    pub price: f64,
    pub total: f64,
    pub rank: usize,
}

/// The whole result.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub criteria: Vec<CriterionOut>,
    pub offers: Vec<OfferOut>,
    pub ours: Option<Ours>,
    pub sensitivity: Vec<Sensitivity>,
    pub price_stats: Option<PriceStatsOut>,
    pub settings: super::compare::Settings,
}

#[derive(Debug, Clone, Serialize)]
pub struct PriceStatsOut {
    pub min: f64,
    pub max: f64,
    pub mean: f64,
    pub median: f64,
}

/// Points of the sensitivity view, from 70 % to 130 % of our price.
const SENSITIVITY_STEPS: usize = 25;

/// Marks the whole grid.
pub fn compute(grid: &Grid) -> Result<Outcome, GridError> {
    let prep = grid.prepare()?;
    let formula = grid.settings.formula;
    let scale = grid.settings.scale;
    let mut totals = Vec::with_capacity(grid.offers.len());
    prep.totals_into(formula, None, &mut totals);
    let rank = ranks(&totals);
    let best = totals.iter().copied().fold(f64::MIN, f64::max);
    let stats = PriceStats::of(prep.prices.iter().copied());
    let median = median(&prep.prices);
    let depth = depths(grid);
    let ours_index = grid.ours_index();
    let offers = grid
        .offers
        .iter()
        .enumerate()
        .map(|(o, offer)| {
            let total = totals.get(o).copied().unwrap_or(0.0);
            let mut marks = vec![None; grid.criteria.len()];
            let mut points = vec![0.0; grid.criteria.len()];
            for (i, c) in grid.criteria.iter().enumerate().rev() {
                let share = prep.shares.get(i).copied().unwrap_or(0.0);
                let leaf = prep.leaf.get(i).copied().unwrap_or(false);
                let (mark, pts) = if c.is_price {
                    let f = match (stats, prep.prices.get(o)) {
                        (Some(s), Some(p)) => formula.fraction(*p, &s),
                        _ => 0.0,
                    };
                    (Some(f * scale), f * share * 100.0)
                } else if leaf {
                    let m = offer.marks.get(i).copied().flatten().unwrap_or(0.0);
                    (Some(m), m / scale * share * 100.0)
                } else {
                    (None, points.get(i).copied().unwrap_or(0.0))
                };
                if let Some(slot) = marks.get_mut(i) {
                    *slot = mark;
                }
                if let Some(slot) = points.get_mut(i) {
                    *slot = pts;
                }
                // Children come after their parent: walking backwards, a parent's points
                // are complete before it passes them up.
                if let Some(p) = c.parent
                    && let Some(slot) = points.get_mut(p)
                {
                    *slot += pts;
                }
            }
            let price = prep.prices.get(o).copied();
            let low = |reference: Option<f64>| match (price, reference) {
                (Some(p), Some(r)) => p < grid.settings.low_fraction * r,
                _ => false,
            };
            OfferOut {
                name: offer.name.clone(),
                price,
                is_ours: ours_index == Some(o),
                marks,
                points,
                total,
                rank: rank.get(o).copied().unwrap_or(0),
                gap: best - total,
                low_vs_mean: low(stats.map(|s| s.mean)),
                low_vs_median: low(median),
            }
        })
        .collect();
    let criteria = grid
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| CriterionOut {
            number: c.number.clone(),
            name: c.name.clone(),
            weight: c.weight,
            share: prep.shares.get(i).copied().unwrap_or(0.0),
            is_price: c.is_price,
            leaf: prep.leaf.get(i).copied().unwrap_or(false),
            depth: depth.get(i).copied().unwrap_or(0),
            parent: c.parent,
        })
        .collect();
    let ours = ours_index.map(|i| super::analysis::ours(grid, &prep, i, &totals));
    let sensitivity = match (ours_index, ours_index.and_then(|i| prep.prices.get(i))) {
        (Some(i), Some(p)) => super::analysis::sensitivity(grid, &prep, i, *p, SENSITIVITY_STEPS),
        _ => Vec::new(),
    };
    Ok(Outcome {
        criteria,
        offers,
        ours,
        sensitivity,
        price_stats: stats.map(|s| PriceStatsOut {
            min: s.min,
            max: s.max,
            mean: s.mean,
            median: median.unwrap_or(s.mean),
        }),
        settings: grid.settings.clone(),
    })
}

/// The median of positive prices (the mean of the two middle ones for an even count).
pub fn median(prices: &[f64]) -> Option<f64> {
    if prices.is_empty() {
        return None;
    }
    let mut sorted = prices.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted.get(mid).copied()
    } else {
        Some((sorted.get(mid - 1)? + sorted.get(mid)?) / 2.0)
    }
}

fn depths(grid: &Grid) -> Vec<usize> {
    let mut d: Vec<usize> = Vec::with_capacity(grid.criteria.len());
    for c in &grid.criteria {
        let depth = c
            .parent
            .and_then(|p| d.get(p).copied())
            .map_or(0, |x| x + 1);
        d.push(depth);
    }
    d
}

#[cfg(test)]
#[path = "outcome_tests.rs"]
mod tests;
