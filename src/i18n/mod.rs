//! Interface labels, French first, English second: one table per feature, looked up by key.

mod grid;
mod objections;
mod pipeline;
mod response;
mod search;
mod shell;

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    /// Picks the language from an `Accept-Language` header: English only when it comes
    /// before French; French otherwise.
    pub fn from_accept_language(header: &str) -> Lang {
        for part in header.split(',') {
            let tag = part
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            if tag.starts_with("fr") {
                return Lang::Fr;
            }
            if tag.starts_with("en") {
                return Lang::En;
            }
        }
        Lang::Fr
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// The label for `key`; an unknown key shows itself, so a missing label is visible.
    pub fn t(self, key: &str) -> &'static str {
        match (labels().get(key), self) {
            (Some((fr, _)), Lang::Fr) => fr,
            (Some((_, en)), Lang::En) => en,
            (None, _) => "??",
        }
    }
}

/// Every feature's table.
const TABLES: &[&[(&str, &str, &str)]] = &[
    shell::LABELS,
    search::LABELS,
    grid::LABELS,
    response::LABELS,
    objections::LABELS,
    pipeline::LABELS,
];

type LabelMap = HashMap<&'static str, (&'static str, &'static str)>;

/// All labels by key, built once: templates look labels up on every render.
fn labels() -> &'static LabelMap {
    static MAP: OnceLock<LabelMap> = OnceLock::new();
    MAP.get_or_init(|| {
        TABLES
            .iter()
            .flat_map(|t| t.iter())
            .map(|(k, fr, en)| (*k, (*fr, *en)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_unless_english_comes_first() {
        assert_eq!(
            Lang::from_accept_language("en-GB,en;q=0.9,fr;q=0.8"),
            Lang::En
        );
        assert_eq!(
            Lang::from_accept_language("fr-FR,fr;q=0.9,en;q=0.8"),
            Lang::Fr
        );
        assert_eq!(Lang::from_accept_language("de-DE"), Lang::Fr);
        assert_eq!(Lang::from_accept_language(""), Lang::Fr);
    }

    #[test]
    fn every_label_has_both_languages_and_unique_keys() {
        let all = || TABLES.iter().flat_map(|t| t.iter());
        let mut keys: Vec<&str> = all().map(|(k, _, _)| *k).collect();
        keys.sort_unstable();
        let before = keys.len();
        keys.dedup();
        assert_eq!(before, keys.len(), "duplicate label key");
        assert!(all().all(|(_, fr, en)| !fr.is_empty() && !en.is_empty()));
        assert_eq!(Lang::En.t("nav.logout"), "Log out");
        assert_eq!(Lang::Fr.t("no.such.key"), "??");
    }
}
