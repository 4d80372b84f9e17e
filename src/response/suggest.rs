//! Which library blocks fit a requirement or a section: BM25 over the blocks' words, each word
//! taken through the search index's French analyzer (accents folded, stop words dropped,
//! stems), so "réversibilité" meets "reversibilite" and "données" meets "donnée". Each
//! suggestion says why: the words it shares with the query.

use std::collections::HashMap;

use serde::Serialize;

use crate::model::LibraryBlock;
use crate::search::french_analyzer;

/// A block worth inserting, its score and the words it shares with the query.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    pub block_id: i64,
    pub title: String,
    pub score: f64,
    /// The shared words as the block writes them, strongest first.
    pub shared: Vec<String>,
}

/// The stems of a text, each with the first word (as written) that produced it.
fn terms(text: &str) -> Vec<(String, String)> {
    let mut analyzer = french_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        let surface = text
            .get(t.offset_from..t.offset_to)
            .unwrap_or(&t.text)
            .to_string();
        if t.text.chars().count() >= 2 && !t.text.chars().all(|c| c.is_ascii_digit()) {
            out.push((t.text.clone(), surface));
        }
    }
    out
}

/// The blocks' statistics, computed once for many queries.
pub struct LibraryIndex {
    docs: Vec<Doc>,
    df: HashMap<String, usize>,
    avg_len: f64,
}

struct Doc {
    block_id: i64,
    title: String,
    tf: HashMap<String, usize>,
    surface: HashMap<String, String>,
    len: usize,
}

impl LibraryIndex {
    pub fn new(blocks: &[LibraryBlock]) -> LibraryIndex {
        let mut df: HashMap<String, usize> = HashMap::new();
        let docs: Vec<Doc> = blocks
            .iter()
            .map(|b| {
                // The title and tags say what a block is about: they count twice.
                let text = format!(
                    "{t}\n{t}\n{tags}\n{tags}\n{body}",
                    t = b.title,
                    tags = b.tags.replace(',', " "),
                    body = b.body_md
                );
                let mut tf: HashMap<String, usize> = HashMap::new();
                let mut surface: HashMap<String, String> = HashMap::new();
                let all = terms(&text);
                for (stem, word) in &all {
                    *tf.entry(stem.clone()).or_default() += 1;
                    surface
                        .entry(stem.clone())
                        .or_insert_with(|| word.to_lowercase());
                }
                for stem in tf.keys() {
                    *df.entry(stem.clone()).or_default() += 1;
                }
                Doc {
                    block_id: b.id,
                    title: b.title.clone(),
                    tf,
                    surface,
                    len: all.len(),
                }
            })
            .collect();
        let avg_len = if docs.is_empty() {
            1.0
        } else {
            docs.iter().map(|d| d.len as f64).sum::<f64>() / docs.len() as f64
        }
        .max(1.0);
        LibraryIndex { docs, df, avg_len }
    }

    /// The `n` best blocks for `query` (those sharing no word are never suggested).
    pub fn suggest(&self, query: &str, n: usize) -> Vec<Suggestion> {
        const K1: f64 = 1.2;
        const B: f64 = 0.75;
        let mut stems: Vec<String> = terms(query).into_iter().map(|(s, _)| s).collect();
        stems.sort();
        stems.dedup();
        let total = self.docs.len() as f64;
        let mut scored: Vec<Suggestion> = self
            .docs
            .iter()
            .filter_map(|d| {
                let mut parts: Vec<(f64, &String)> = stems
                    .iter()
                    .filter_map(|s| {
                        let tf = *d.tf.get(s)? as f64;
                        let df = self.df.get(s).copied().unwrap_or(0) as f64;
                        let idf = ((total - df + 0.5) / (df + 0.5) + 1.0).ln();
                        let norm = K1 * (1.0 - B + B * d.len as f64 / self.avg_len);
                        Some((idf * tf * (K1 + 1.0) / (tf + norm), s))
                    })
                    .collect();
                if parts.is_empty() {
                    return None;
                }
                parts.sort_by(|a, b| b.0.total_cmp(&a.0));
                Some(Suggestion {
                    block_id: d.block_id,
                    title: d.title.clone(),
                    score: parts.iter().map(|p| p.0).sum(),
                    shared: parts
                        .iter()
                        .take(6)
                        .filter_map(|(_, s)| d.surface.get(*s).cloned())
                        .collect(),
                })
            })
            .collect();
        scored.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.block_id.cmp(&b.block_id))
        });
        scored.truncate(n);
        scored
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn block(id: i64, title: &str, body: &str) -> LibraryBlock {
        LibraryBlock {
            id,
            title: title.into(),
            body_md: body.into(),
            tags: String::new(),
            owner_id: None,
            last_reviewed: None,
            expires: None,
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn accents_and_stems_match_with_reasons() {
        let idx = LibraryIndex::new(&[
            block(
                1,
                "Présentation de la société",
                "Créée en 1998, 250 salariés.",
            ),
            block(
                2,
                "Plan de réversibilité",
                "La reversibilite des donnees est garantie.",
            ),
            block(3, "Certification ISO 27001", "Sécurité de l'information."),
        ]);
        let s = idx.suggest("Le titulaire assure la réversibilité des données.", 3);
        assert_eq!(s.first().map(|s| s.block_id), Some(2));
        assert!(
            s[0].shared.iter().any(|w| w.contains("versibilit")),
            "{s:?}"
        );
        assert_eq!(s.len(), 1);
    }
}
