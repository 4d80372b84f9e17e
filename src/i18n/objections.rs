//! Labels of the objection grid.

/// (key, French, English)
pub const LABELS: &[(&str, &str, &str)] = &[];
