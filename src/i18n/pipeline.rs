//! Labels of the pipeline: go / no-go, accounts, market intelligence.

/// (key, French, English)
pub const LABELS: &[(&str, &str, &str)] = &[];
