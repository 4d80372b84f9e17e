//! Comparison and price grids: simulate the buyer's scoring of the offers (criteria tree,
//! price formulas, ranking, break-even) and work the price lines of BPU, DPGF and DQE.
//! Pure functions; the web and the command line call them.

pub mod analysis;
pub mod compare;
pub mod edit;
pub mod export;
pub mod fill;
pub mod formula;
pub mod import;
pub mod outcome;
pub mod price;
pub mod pricing;
pub mod report;
pub mod schedule;

pub use compare::{Criterion, Grid, GridError, Offer, Settings};
pub use formula::PriceFormula;
pub use outcome::{BreakEven, Outcome, compute};

/// Lower case without accents, for matching words typed in spreadsheets.
pub(crate) use crate::objections::fold;
