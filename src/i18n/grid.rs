//! Labels of comparison and price grids.

/// (key, French, English)
pub const LABELS: &[(&str, &str, &str)] = &[];
