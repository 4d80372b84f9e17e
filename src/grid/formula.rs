//! The buyer's price-scoring formulas: each gives the share (0 to 1) of the price criterion's
//! points an offer earns from its price and the prices of all offers.

use serde::{Deserialize, Serialize};

/// How the buyer turns prices into a price mark (weight N, lowest price Pmin, highest Pmax,
/// mean of all prices Pmoy). Every formula gives the lowest price the full mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceFormula {
    /// N × Pmin / P (the most common).
    #[default]
    Proportional,
    /// N × (1 − (P − Pmin) / Pmin), floored at 0.
    Linear,
    /// N × (Pmax − P) / (Pmax − Pmin); all prices equal give every offer N.
    Extremes,
    /// N × (1 − (P − Pmin) / Pmoy), floored at 0: the distance to the lowest price is
    /// measured against the mean of all prices, gentler than `Linear` when prices spread.
    Mean,
}

impl PriceFormula {
    pub const ALL: [PriceFormula; 4] = [
        PriceFormula::Proportional,
        PriceFormula::Linear,
        PriceFormula::Extremes,
        PriceFormula::Mean,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PriceFormula::Proportional => "proportional",
            PriceFormula::Linear => "linear",
            PriceFormula::Extremes => "extremes",
            PriceFormula::Mean => "mean",
        }
    }

    /// The key of its label.
    pub fn label_key(self) -> &'static str {
        match self {
            PriceFormula::Proportional => "grid.formula.proportional",
            PriceFormula::Linear => "grid.formula.linear",
            PriceFormula::Extremes => "grid.formula.extremes",
            PriceFormula::Mean => "grid.formula.mean",
        }
    }

    /// The name written in a buyer's grid or our own files, French or English.
    pub fn parse(text: &str) -> Option<PriceFormula> {
        let t = crate::grid::fold(text);
        if t.starts_with("proportion") {
            Some(PriceFormula::Proportional)
        } else if t.contains("extrem") {
            Some(PriceFormula::Extremes)
        } else if t.contains("moyen") || t.starts_with("mean") {
            Some(PriceFormula::Mean)
        } else if t.starts_with("linea") || t.starts_with("linear") {
            Some(PriceFormula::Linear)
        } else {
            None
        }
    }

    /// The French name, as written in the Paramètres sheet.
    pub fn french(self) -> &'static str {
        match self {
            PriceFormula::Proportional => "proportionnelle",
            PriceFormula::Linear => "linéaire",
            PriceFormula::Extremes => "extrêmes",
            PriceFormula::Mean => "moyenne",
        }
    }

    /// The share of the price points earned by `price` (> 0) given the prices' statistics.
    pub fn fraction(self, price: f64, s: &PriceStats) -> f64 {
        let f = match self {
            PriceFormula::Proportional => s.min / price,
            PriceFormula::Linear => 1.0 - (price - s.min) / s.min,
            PriceFormula::Extremes => {
                let spread = s.max - s.min;
                if spread <= 0.0 {
                    1.0
                } else {
                    (s.max - price) / spread
                }
            }
            PriceFormula::Mean => 1.0 - (price - s.min) / s.mean,
        };
        f.clamp(0.0, 1.0)
    }
}

/// What the formulas need to know of all the offers' prices.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PriceStats {
    pub min: f64,
    pub max: f64,
    pub mean: f64,
}

impl PriceStats {
    /// None for an empty list; prices are positive (checked before).
    pub fn of(prices: impl IntoIterator<Item = f64>) -> Option<PriceStats> {
        let (mut min, mut max, mut sum, mut n) = (f64::INFINITY, 0.0f64, 0.0, 0usize);
        for p in prices {
            min = min.min(p);
            max = max.max(p);
            sum += p;
            n += 1;
        }
        (n > 0).then(|| PriceStats {
            min,
            max,
            mean: sum / n as f64,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn formulas_by_hand() {
        // Prices 80 000, 100 000, 120 000: min 80 000, max 120 000, mean 100 000.
        let s = PriceStats::of([80_000.0, 100_000.0, 120_000.0]).expect("stats");
        assert!(close(s.mean, 100_000.0));
        let p = PriceFormula::Proportional;
        assert!(close(p.fraction(80_000.0, &s), 1.0));
        assert!(close(p.fraction(100_000.0, &s), 0.8));
        assert!(close(p.fraction(120_000.0, &s), 80.0 / 120.0));
        let l = PriceFormula::Linear;
        assert!(close(l.fraction(100_000.0, &s), 0.75));
        assert!(close(l.fraction(120_000.0, &s), 0.5));
        // Twice the lowest price and more: floored at 0.
        assert!(close(l.fraction(200_000.0, &s), 0.0));
        assert!(close(l.fraction(250_000.0, &s), 0.0));
        let e = PriceFormula::Extremes;
        assert!(close(e.fraction(80_000.0, &s), 1.0));
        assert!(close(e.fraction(100_000.0, &s), 0.5));
        assert!(close(e.fraction(120_000.0, &s), 0.0));
        let m = PriceFormula::Mean;
        assert!(close(m.fraction(100_000.0, &s), 0.8));
        assert!(close(m.fraction(120_000.0, &s), 0.6));
    }

    #[test]
    fn equal_prices_all_get_full_marks() {
        let s = PriceStats::of([50.0, 50.0]).expect("stats");
        for f in PriceFormula::ALL {
            assert!(close(f.fraction(50.0, &s), 1.0), "{f:?}");
        }
    }

    #[test]
    fn names_parse_in_french_and_english() {
        assert_eq!(
            PriceFormula::parse("Proportionnelle"),
            Some(PriceFormula::Proportional)
        );
        assert_eq!(PriceFormula::parse("linéaire"), Some(PriceFormula::Linear));
        assert_eq!(
            PriceFormula::parse("Linéaire entre extrêmes"),
            Some(PriceFormula::Extremes)
        );
        assert_eq!(
            PriceFormula::parse("relative à la moyenne"),
            Some(PriceFormula::Mean)
        );
        assert_eq!(PriceFormula::parse("au hasard"), None);
    }
}
