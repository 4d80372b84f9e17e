//! Labels of search.

/// (key, French, English)
pub const LABELS: &[(&str, &str, &str)] = &[];
