//! The comparison grid: criteria tree (weights inside their parent give each criterion its
//! share of the mark), offers with their marks and prices, and the buyer's computation of
//! points, totals on 100 and ranking (ties share a rank).

use serde::{Deserialize, Serialize};

use super::formula::{PriceFormula, PriceStats};

/// One criterion of the grid, in document order (a parent before its children).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    /// "1", "1.2" ... as written (may be empty for grids typed in the browser).
    #[serde(default)]
    pub number: String,
    pub name: String,
    /// Weight inside its parent (percent or points: only the ratio to its siblings counts).
    pub weight: f64,
    /// Index of the parent criterion.
    #[serde(default)]
    pub parent: Option<usize>,
    /// The price criterion: marked by the formula, not by hand.
    #[serde(default)]
    pub is_price: bool,
}

/// One offer: ours or a likely competitor's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Offer {
    pub name: String,
    /// Price HT in euros.
    pub price: Option<f64>,
    /// Marks by criterion index, on the scale; only technical leaves count.
    pub marks: Vec<Option<f64>>,
}

/// How the grid is marked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Marks are out of this (the barème), 20 unless said.
    pub scale: f64,
    pub formula: PriceFormula,
    /// The name of our offer.
    pub ours: Option<String>,
    /// A price below this fraction of the mean, or of the median, of all prices is flagged
    /// as possibly abnormally low.
    pub low_fraction: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            scale: 20.0,
            formula: PriceFormula::Proportional,
            ours: None,
            low_fraction: 0.8,
        }
    }
}

/// A whole grid, as imported, typed or stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Grid {
    pub criteria: Vec<Criterion>,
    pub offers: Vec<Offer>,
    #[serde(default)]
    pub settings: Settings,
}

/// Why a grid cannot be computed; the import turns these into cell names.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GridError {
    #[error("the grid has no criterion")]
    NoCriteria,
    #[error("the grid has no offer")]
    NoOffers,
    #[error("the scale must be a positive number")]
    BadScale,
    #[error("the weight of « {0} » must be a positive number")]
    BadWeight(String),
    #[error("the weights of {parent} add up to 0")]
    ZeroWeights { parent: String },
    #[error("criterion « {0} » refers to a parent that does not come before it")]
    BadParent(String),
    #[error("criterion « {0} » cannot sit under itself or one of its own sub-criteria")]
    ParentLoop(String),
    #[error("criterion {0} (in grid order) needs a name")]
    NoName(usize),
    #[error("the grid has more than one price criterion")]
    TwoPrices,
    #[error("the price criterion « {0} » has sub-criteria")]
    PriceWithChildren(String),
    #[error("offer « {offer} » has no price")]
    MissingPrice { offer: String },
    #[error("offer « {offer} »: the price must be above 0 (got {price})")]
    BadPrice { offer: String, price: f64 },
    #[error("offer « {offer} » has no mark for « {criterion} »")]
    MissingMark { offer: String, criterion: String },
    #[error("offer « {offer} »: the mark {mark} for « {criterion} » is not between 0 and {scale}")]
    BadMark {
        offer: String,
        criterion: String,
        mark: f64,
        scale: f64,
    },
    #[error("our offer « {0} » is not in the grid")]
    UnknownOurs(String),
    #[error("two offers are named « {0} »")]
    DuplicateOffer(String),
    #[error("too large: {0}")]
    TooLarge(&'static str),
}

/// Bounds that keep one computation cheap whatever is posted.
pub const MAX_CRITERIA: usize = 500;
pub const MAX_OFFERS: usize = 200;

/// A checked grid, ready to mark: shares, technical points per offer, price criterion.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub shares: Vec<f64>,
    pub leaf: Vec<bool>,
    pub price: Option<usize>,
    /// Per offer, the points (on 100) of every technical leaf, summed.
    pub technical: Vec<f64>,
    /// Per offer, price HT (all present when the grid has a price criterion).
    pub prices: Vec<f64>,
}

impl Grid {
    /// Checks the grid and computes what does not depend on prices.
    pub fn prepare(&self) -> Result<Prepared, GridError> {
        self.check(true)
    }

    /// Checks what is filled in (the tree, the marks and prices given) and lets marks and
    /// prices be missing: a grid being typed can be saved.
    pub fn check_partial(&self) -> Result<Vec<f64>, GridError> {
        self.check(false).map(|p| p.shares)
    }

    fn check(&self, complete: bool) -> Result<Prepared, GridError> {
        let n = self.criteria.len();
        if n == 0 {
            return Err(GridError::NoCriteria);
        }
        if self.offers.is_empty() {
            return Err(GridError::NoOffers);
        }
        if n > MAX_CRITERIA {
            return Err(GridError::TooLarge("more than 500 criteria"));
        }
        if self.offers.len() > MAX_OFFERS {
            return Err(GridError::TooLarge("more than 200 offers"));
        }
        let scale = self.settings.scale;
        if !scale.is_finite() || scale <= 0.0 {
            return Err(GridError::BadScale);
        }
        let mut leaf = vec![true; n];
        let mut sums = vec![0.0f64; n + 1];
        for (i, c) in self.criteria.iter().enumerate() {
            if c.name.trim().is_empty() {
                return Err(GridError::NoName(i + 1));
            }
            if !c.weight.is_finite() || c.weight < 0.0 {
                return Err(GridError::BadWeight(c.name.clone()));
            }
            match c.parent {
                Some(p) if p < i => {
                    if let Some(l) = leaf.get_mut(p) {
                        *l = false;
                    }
                    if let Some(s) = sums.get_mut(p) {
                        *s += c.weight;
                    }
                }
                Some(_) => return Err(GridError::BadParent(c.name.clone())),
                None => {
                    if let Some(s) = sums.get_mut(n) {
                        *s += c.weight;
                    }
                }
            }
        }
        let mut shares = vec![0.0f64; n];
        for (i, c) in self.criteria.iter().enumerate() {
            let (parent_share, sum, parent_name) = match c.parent {
                Some(p) => (
                    shares.get(p).copied().unwrap_or(0.0),
                    sums.get(p).copied().unwrap_or(0.0),
                    format!("the sub-criteria of « {} »", self.name_of(p)),
                ),
                None => (
                    1.0,
                    sums.get(n).copied().unwrap_or(0.0),
                    "the main criteria".to_string(),
                ),
            };
            if sum <= 0.0 {
                return Err(GridError::ZeroWeights {
                    parent: parent_name,
                });
            }
            if let Some(s) = shares.get_mut(i) {
                *s = parent_share * c.weight / sum;
            }
        }
        let mut price = None;
        for (i, c) in self.criteria.iter().enumerate() {
            if c.is_price {
                if price.is_some() {
                    return Err(GridError::TwoPrices);
                }
                if !leaf.get(i).copied().unwrap_or(true) {
                    return Err(GridError::PriceWithChildren(c.name.clone()));
                }
                price = Some(i);
            }
        }
        let mut seen = std::collections::HashSet::new();
        let mut technical = Vec::with_capacity(self.offers.len());
        let mut prices = Vec::with_capacity(self.offers.len());
        for o in &self.offers {
            if !seen.insert(o.name.trim().to_lowercase()) {
                return Err(GridError::DuplicateOffer(o.name.clone()));
            }
            if price.is_some() || !complete {
                match o.price {
                    None if !complete => {}
                    None => {
                        return Err(GridError::MissingPrice {
                            offer: o.name.clone(),
                        });
                    }
                    Some(p) if !p.is_finite() || p <= 0.0 => {
                        return Err(GridError::BadPrice {
                            offer: o.name.clone(),
                            price: p,
                        });
                    }
                    Some(p) => prices.push(p),
                }
            }
            let mut points = 0.0;
            for (i, c) in self.criteria.iter().enumerate() {
                if c.is_price || !leaf.get(i).copied().unwrap_or(false) {
                    continue;
                }
                let Some(mark) = o.marks.get(i).copied().flatten() else {
                    if complete {
                        return Err(GridError::MissingMark {
                            offer: o.name.clone(),
                            criterion: c.name.clone(),
                        });
                    }
                    continue;
                };
                if !mark.is_finite() || mark < 0.0 || mark > scale {
                    return Err(GridError::BadMark {
                        offer: o.name.clone(),
                        criterion: c.name.clone(),
                        mark,
                        scale,
                    });
                }
                points += mark / scale * shares.get(i).copied().unwrap_or(0.0) * 100.0;
            }
            technical.push(points);
        }
        if let Some(ours) = &self.settings.ours
            && self.ours_index().is_none()
        {
            return Err(GridError::UnknownOurs(ours.clone()));
        }
        Ok(Prepared {
            shares,
            leaf,
            price,
            technical,
            prices,
        })
    }

    fn name_of(&self, i: usize) -> String {
        self.criteria
            .get(i)
            .map(|c| c.name.clone())
            .unwrap_or_default()
    }

    /// Index of our offer, by name (case and spaces ignored).
    pub fn ours_index(&self) -> Option<usize> {
        let ours = self.settings.ours.as_deref()?.trim().to_lowercase();
        self.offers
            .iter()
            .position(|o| o.name.trim().to_lowercase() == ours)
    }
}

impl Prepared {
    /// Price points (on 100) the price criterion can give.
    pub fn price_points(&self) -> f64 {
        self.price
            .and_then(|p| self.shares.get(p))
            .map_or(0.0, |s| s * 100.0)
    }

    /// Totals on 100 of every offer when offer `who` (if any) is priced at `price` instead
    /// of its own price; written into `out` to spare allocations in searches.
    pub fn totals_into(
        &self,
        formula: PriceFormula,
        change: Option<(usize, f64)>,
        out: &mut Vec<f64>,
    ) {
        out.clear();
        let price_of = |i: usize, p: f64| match change {
            Some((who, np)) if who == i => np,
            _ => p,
        };
        let stats = PriceStats::of(self.prices.iter().enumerate().map(|(i, p)| price_of(i, *p)));
        let n = self.price_points();
        for (i, tech) in self.technical.iter().enumerate() {
            let price_part = match (stats, self.prices.get(i)) {
                (Some(s), Some(p)) => n * formula.fraction(price_of(i, *p), &s),
                _ => 0.0,
            };
            out.push(tech + price_part);
        }
    }
}

/// Two totals closer than this are a tie (the buyer rounds far coarser).
pub const TIE: f64 = 1e-9;

/// Competition ranking: 1 for the best total, ties share a rank, the next rank skips
/// (1, 1, 3).
pub fn ranks(totals: &[f64]) -> Vec<usize> {
    totals
        .iter()
        .map(|t| 1 + totals.iter().filter(|o| **o > t + TIE).count())
        .collect()
}

#[cfg(test)]
#[path = "compare_tests.rs"]
pub(crate) mod tests;
