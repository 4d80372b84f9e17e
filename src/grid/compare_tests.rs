use super::*;

pub(crate) fn sample() -> Grid {
    let c =
        |number: &str, name: &str, weight: f64, parent: Option<usize>, is_price: bool| Criterion {
            number: number.into(),
            name: name.into(),
            weight,
            parent,
            is_price,
        };
    let o = |name: &str, price: f64, m1: f64, m2: f64| Offer {
        name: name.into(),
        price: Some(price),
        marks: vec![None, None, Some(m1), Some(m2)],
    };
    Grid {
        criteria: vec![
            c("1", "Prix", 40.0, None, true),
            c("2", "Valeur technique", 60.0, None, false),
            c("2.1", "Méthodologie", 60.0, Some(1), false),
            c("2.2", "Moyens", 40.0, Some(1), false),
        ],
        offers: vec![
            o("A", 100_000.0, 15.0, 10.0),
            o("B", 80_000.0, 12.0, 12.0),
            o("C", 120_000.0, 18.0, 16.0),
        ],
        settings: Settings {
            ours: Some("A".into()),
            ..Settings::default()
        },
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn shares_multiply_down_the_tree() {
    let p = sample().prepare().expect("valid");
    let expected = [0.4, 0.6, 0.36, 0.24];
    for (got, want) in p.shares.iter().zip(expected) {
        assert!(close(*got, want), "{got} != {want}");
    }
    assert_eq!(p.leaf, vec![true, false, true, true]);
    assert_eq!(p.price, Some(0));
    // A: 15/20 × 36 + 10/20 × 24 = 27 + 12.
    assert!(close(p.technical[0], 39.0));
    assert!(close(p.technical[1], 36.0));
    assert!(close(p.technical[2], 51.6));
}

#[test]
fn ties_share_a_rank_and_the_next_skips() {
    assert_eq!(ranks(&[70.0, 80.0, 80.0, 60.0]), vec![3, 1, 1, 4]);
    assert_eq!(ranks(&[50.0]), vec![1]);
}

#[test]
fn zero_and_negative_prices_are_refused() {
    for bad in [0.0, -10.0, f64::NAN] {
        let mut g = sample();
        g.offers[1].price = Some(bad);
        assert!(
            matches!(g.prepare(), Err(GridError::BadPrice { .. })),
            "{bad}"
        );
    }
    let mut g = sample();
    g.offers[1].price = None;
    assert!(matches!(g.prepare(), Err(GridError::MissingPrice { .. })));
}

#[test]
fn marks_outside_the_scale_and_bad_trees_are_refused() {
    let mut g = sample();
    g.offers[0].marks[2] = Some(21.0);
    assert!(matches!(g.prepare(), Err(GridError::BadMark { .. })));
    let mut g = sample();
    g.offers[0].marks[2] = Some(-1.0);
    assert!(matches!(g.prepare(), Err(GridError::BadMark { .. })));
    let mut g = sample();
    g.offers[0].marks[3] = None;
    assert!(matches!(g.prepare(), Err(GridError::MissingMark { .. })));
    let mut g = sample();
    g.criteria[2].parent = Some(3);
    assert!(matches!(g.prepare(), Err(GridError::BadParent(_))));
    let mut g = sample();
    g.criteria[2].weight = 0.0;
    g.criteria[3].weight = 0.0;
    assert!(matches!(g.prepare(), Err(GridError::ZeroWeights { .. })));
    let mut g = sample();
    g.criteria[2].is_price = true;
    assert!(matches!(g.prepare(), Err(GridError::TwoPrices)));
    let mut g = sample();
    g.settings.ours = Some("Z".into());
    assert!(matches!(g.prepare(), Err(GridError::UnknownOurs(_))));
    let mut g = sample();
    g.offers[1].name = " a ".into();
    assert!(matches!(g.prepare(), Err(GridError::DuplicateOffer(_))));
    let mut g = sample();
    g.settings.scale = 0.0;
    assert!(matches!(g.prepare(), Err(GridError::BadScale)));
}
