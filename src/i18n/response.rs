//! Labels of the response: outline, library, compliance matrix, Word document.

/// (key, French, English)
pub const LABELS: &[(&str, &str, &str)] = &[];
