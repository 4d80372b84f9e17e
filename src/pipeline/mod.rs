//! The sales pipeline: which tenders are due, whether to bid (go / no-go scorecard), where an
//! opportunity sits (IPO / IPA matrix), what to ask a buyer for (payment advice), what the
//! results teach (win rates) and how the team does against its targets (challenges).
//! Pure functions over plain data; storage and pages live in `store` and `web`.

pub mod advice;
pub mod challenges;
pub mod due;
pub mod matrix;
pub mod scorecard;
pub mod svg;
pub mod winrate;
