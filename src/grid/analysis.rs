//! Questions about our offer, answered by moving only our price and keeping every other
//! offer as it is: the break-even price, the technical mark needed, the lowest price not
//! flagged as abnormally low, and the rank over a range of prices. Searches run on whole
//! cents, so every answer is exact to the cent.

use super::compare::{Grid, Prepared, TIE, ranks};
use super::outcome::{BreakEven, Ours, Sensitivity, median};

/// Break-even searches stop at this many times the highest price.
const PRICE_CAP: f64 = 1000.0;

pub(super) fn ours(grid: &Grid, prep: &Prepared, me: usize, totals: &[f64]) -> Ours {
    let rank = ranks(totals).get(me).copied().unwrap_or(0);
    let price = prep.prices.get(me).copied();
    let break_even = price.map(|_| break_even(grid, prep, me));
    let (technical_points_needed, technical_mark_needed) = technical_needed(grid, prep, me, totals);
    Ours {
        index: me,
        name: grid
            .offers
            .get(me)
            .map(|o| o.name.clone())
            .unwrap_or_default(),
        price,
        rank,
        break_even,
        technical_mark_needed,
        technical_points_needed,
        lowest_unflagged_price: price.and_then(|_| lowest_unflagged(grid, prep, me)),
    }
}

/// Whether offer `me` ranks first (ties included) at `cents`.
fn first_at(grid: &Grid, prep: &Prepared, me: usize, cents: i64, buf: &mut Vec<f64>) -> bool {
    prep.totals_into(grid.settings.formula, Some((me, cents as f64 / 100.0)), buf);
    let mine = buf.get(me).copied().unwrap_or(f64::MIN);
    buf.iter()
        .enumerate()
        .all(|(i, t)| i == me || *t <= mine + TIE)
}

/// The highest price in cents at which we still rank first. Moving our price up never helps
/// us against any other offer under any formula (it lowers our mark at least as much as it
/// raises theirs), so the prices where we are first are one interval from 0: bisection.
pub fn break_even(grid: &Grid, prep: &Prepared, me: usize) -> BreakEven {
    let mut buf = Vec::with_capacity(prep.technical.len());
    let highest = prep.prices.iter().copied().fold(0.0f64, f64::max);
    let mut lo: i64 = 1;
    let mut hi: i64 = (highest * PRICE_CAP * 100.0).ceil().min(1e15) as i64;
    if !first_at(grid, prep, me, lo, &mut buf) {
        return BreakEven::Unreachable;
    }
    if first_at(grid, prep, me, hi, &mut buf) {
        return BreakEven::AnyPrice;
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if first_at(grid, prep, me, mid, &mut buf) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    BreakEven::Price(lo as f64 / 100.0)
}

/// Technical points (on 100) we need at our current price to rank first, and the same mark
/// on every technical leaf that gives them (None when above the scale).
fn technical_needed(grid: &Grid, prep: &Prepared, me: usize, totals: &[f64]) -> (f64, Option<f64>) {
    let best_other = totals
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != me)
        .map(|(_, t)| *t)
        .fold(0.0f64, f64::max);
    let mine = totals.get(me).copied().unwrap_or(0.0);
    let tech = prep.technical.get(me).copied().unwrap_or(0.0);
    let price_part = mine - tech;
    let needed = (best_other - price_part).max(0.0);
    let technical_share: f64 = grid
        .criteria
        .iter()
        .enumerate()
        .filter(|(i, c)| !c.is_price && prep.leaf.get(*i).copied().unwrap_or(false))
        .map(|(i, _)| prep.shares.get(i).copied().unwrap_or(0.0) * 100.0)
        .sum();
    let mark = if needed <= TIE {
        Some(0.0)
    } else if technical_share <= 0.0 {
        None
    } else {
        let m = needed / technical_share * grid.settings.scale;
        (m <= grid.settings.scale + TIE).then_some(m.min(grid.settings.scale))
    };
    (needed, mark)
}

/// Whether our price `p` would be flagged against the mean or the median of all prices
/// (ours at `p`, the others as they are).
fn flagged(grid: &Grid, prep: &Prepared, me: usize, p: f64, buf: &mut Vec<f64>) -> bool {
    buf.clear();
    buf.extend(
        prep.prices
            .iter()
            .enumerate()
            .map(|(i, x)| if i == me { p } else { *x }),
    );
    let mean = buf.iter().sum::<f64>() / buf.len().max(1) as f64;
    let f = grid.settings.low_fraction;
    p < f * mean || median(buf).is_some_and(|m| p < f * m)
}

/// The lowest price in cents that is not flagged. Raising our price raises the mean and the
/// median by less than itself, so flagged prices are one interval from 0: bisection.
fn lowest_unflagged(grid: &Grid, prep: &Prepared, me: usize) -> Option<f64> {
    let mut buf = Vec::with_capacity(prep.prices.len());
    let highest = prep.prices.iter().copied().fold(0.0f64, f64::max);
    let mut lo: i64 = 1;
    let mut hi: i64 = (highest * 100.0).ceil() as i64 + 1;
    if !flagged(grid, prep, me, 0.01, &mut buf) {
        return Some(0.01);
    }
    if flagged(grid, prep, me, hi as f64 / 100.0, &mut buf) {
        return None;
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if flagged(grid, prep, me, mid as f64 / 100.0, &mut buf) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(hi as f64 / 100.0)
}

/// Our total and rank as our price moves from 70 % to 130 % of `price`.
pub(super) fn sensitivity(
    grid: &Grid,
    prep: &Prepared,
    me: usize,
    price: f64,
    steps: usize,
) -> Vec<Sensitivity> {
    let mut buf = Vec::with_capacity(prep.technical.len());
    (0..steps)
        .map(|k| {
            let factor = 0.7 + 0.6 * k as f64 / (steps.max(2) - 1) as f64;
            let p = (price * factor * 100.0).round().max(1.0) / 100.0;
            prep.totals_into(grid.settings.formula, Some((me, p)), &mut buf);
            Sensitivity {
                price: p,
                total: buf.get(me).copied().unwrap_or(0.0),
                rank: ranks(&buf).get(me).copied().unwrap_or(0),
            }
        })
        .collect()
}
