use super::*;
use crate::grid::PriceFormula;
use crate::grid::compare::tests::sample;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

fn rank_of(grid: &Grid, who: usize, price: f64) -> usize {
    let mut g = grid.clone();
    g.offers[who].price = Some(price);
    compute(&g).expect("valid").offers[who].rank
}

#[test]
fn totals_ranks_and_gaps_by_hand() {
    let out = compute(&sample()).expect("valid");
    // A: 40 × 80/100 + 39 = 71; B: 40 + 36 = 76; C: 40 × 80/120 + 51.6 = 78.2667.
    let totals: Vec<f64> = out.offers.iter().map(|o| o.total).collect();
    assert!(close(totals[0], 71.0), "{totals:?}");
    assert!(close(totals[1], 76.0));
    assert!(close(totals[2], 51.6 + 80.0 / 3.0));
    let ranks: Vec<usize> = out.offers.iter().map(|o| o.rank).collect();
    assert_eq!(ranks, vec![3, 2, 1]);
    assert!(close(out.offers[0].gap, 51.6 + 80.0 / 3.0 - 71.0));
    assert!(close(out.offers[2].gap, 0.0));
    // The price mark on the scale of 20: 16 for A, 20 for the lowest.
    assert_eq!(
        out.offers[0].marks[0].map(|m| (m * 1e6).round()),
        Some(16e6)
    );
    assert_eq!(out.offers[1].marks[0], Some(20.0));
    // A parent's points are its children's: 27 + 12.
    assert!(close(out.offers[0].points[1], 39.0));
    assert_eq!(out.criteria[2].depth, 1);
}

#[test]
fn linear_and_extremes_formulas_on_the_grid() {
    let mut g = sample();
    g.settings.formula = PriceFormula::Linear;
    let out = compute(&g).expect("valid");
    // A: 1 − 20 000/80 000 = 0.75 → 30; C: 0.5 → 20.
    assert!(close(out.offers[0].total, 69.0));
    assert!(close(out.offers[2].total, 71.6));
    g.settings.formula = PriceFormula::Extremes;
    let out = compute(&g).expect("valid");
    // A halfway between extremes: 20; C the highest: 0.
    assert!(close(out.offers[0].total, 59.0));
    assert!(close(out.offers[2].total, 51.6));
    g.settings.formula = PriceFormula::Mean;
    let out = compute(&g).expect("valid");
    // A: 1 − 20 000/100 000 = 0.8 → 32.
    assert!(close(out.offers[0].total, 71.0));
}

#[test]
fn the_break_even_price_is_exact_to_the_cent() {
    let g = sample();
    let out = compute(&g).expect("valid");
    let ours = out.ours.expect("ours");
    // Above 80 000 (B is then the lowest), A first while 39 + 3 200 000/P ≥ 78.2667:
    // P ≤ 81 494.06.
    let Some(BreakEven::Price(p)) = ours.break_even else {
        panic!("{:?}", ours.break_even)
    };
    assert!((p - 81_494.05).abs() < 0.02, "{p}");
    assert_eq!(rank_of(&g, 0, p), 1);
    assert!(rank_of(&g, 0, ((p * 100.0).round() + 1.0) / 100.0) > 1);
    // At the current price (100 000: 32 price points) we need 46.2667 of 60 technical
    // points, a mark of 15.42 / 20 everywhere.
    assert!(close(
        ours.technical_points_needed,
        78.0 + 4.0 / 15.0 - 32.0
    ));
    let mark = ours.technical_mark_needed.expect("reachable");
    assert!(close(mark, (46.0 + 4.0 / 15.0) / 60.0 * 20.0), "{mark}");
    assert_eq!(ours.rank, 3);
}

#[test]
fn break_even_under_every_formula_is_verified_by_ranking() {
    for formula in PriceFormula::ALL {
        let mut g = sample();
        g.settings.formula = formula;
        let out = compute(&g).expect("valid");
        match out.ours.and_then(|o| o.break_even) {
            Some(BreakEven::Price(p)) => {
                assert_eq!(rank_of(&g, 0, p), 1, "{formula:?} at {p}");
                let next = ((p * 100.0).round() + 1.0) / 100.0;
                assert!(rank_of(&g, 0, next) > 1, "{formula:?} at {next}");
            }
            other => panic!("{formula:?}: {other:?}"),
        }
    }
}

#[test]
fn out_of_reach_and_any_price() {
    let mut g = sample();
    // A's technical marks at 0: even the full price points do not catch C.
    g.offers[0].marks = vec![None, None, Some(0.0), Some(0.0)];
    let ours = compute(&g).expect("valid").ours.expect("ours");
    assert_eq!(ours.break_even, Some(BreakEven::Unreachable));
    // At 400 000 (8 price points) A would need 70.27 of the 60 technical points.
    let mut g = sample();
    g.offers[0].price = Some(400_000.0);
    let ours = compute(&g).expect("valid").ours.expect("ours");
    assert_eq!(ours.technical_mark_needed, None);
    assert!(close(ours.technical_points_needed, 78.0 + 4.0 / 15.0 - 8.0));
    let mut g = sample();
    g.offers.truncate(1);
    let out = compute(&g).expect("valid");
    assert_eq!(out.offers[0].rank, 1);
    assert!(close(out.offers[0].total, 79.0));
    assert_eq!(
        out.ours.and_then(|o| o.break_even),
        Some(BreakEven::AnyPrice)
    );
}

#[test]
fn equal_prices_and_ties() {
    let mut g = sample();
    for o in &mut g.offers {
        o.price = Some(90_000.0);
        o.marks = vec![None, None, Some(10.0), Some(10.0)];
    }
    for formula in PriceFormula::ALL {
        g.settings.formula = formula;
        let out = compute(&g).expect("valid");
        for o in &out.offers {
            assert!(close(o.total, 70.0), "{formula:?}");
            assert_eq!(o.rank, 1);
            assert_eq!(o.marks[0], Some(20.0));
        }
    }
}

#[test]
fn abnormally_low_prices_are_flagged_against_mean_and_median() {
    let mut g = sample();
    g.offers[1].price = Some(60_000.0);
    let out = compute(&g).expect("valid");
    // Mean 93 333, median 100 000: 60 000 is below 80 % of both.
    assert!(out.offers[1].low_vs_mean && out.offers[1].low_vs_median);
    assert!(!out.offers[0].low_vs_mean && !out.offers[0].low_vs_median);
    let g = sample();
    let ours = compute(&g).expect("valid").ours.expect("ours");
    // Others at 80 000 and 120 000: P ≥ 0.8 × (200 000 + P)/3 gives P ≥ 72 727.28; the
    // median (80 000) asks only 64 000.
    assert_eq!(ours.lowest_unflagged_price, Some(72_727.28));
}

#[test]
fn sensitivity_moves_our_rank_with_our_price() {
    let out = compute(&sample()).expect("valid");
    assert_eq!(out.sensitivity.len(), 25);
    let first = out.sensitivity.first().expect("points");
    let last = out.sensitivity.last().expect("points");
    assert!(close(first.price, 70_000.0));
    assert!(close(last.price, 130_000.0));
    assert_eq!(first.rank, 1);
    assert_eq!(last.rank, 3);
    assert!(first.total > last.total);
}

#[test]
fn median_of_even_and_odd_counts() {
    assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
    assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
    assert_eq!(median(&[]), None);
}
