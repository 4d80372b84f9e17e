//! The search index (tantivy) with French analysis. It is derived data: when it is missing,
//! unreadable, or built by another analyzer version, it is recreated empty and refilled from
//! the store.

use std::path::{Path, PathBuf};

use tantivy::schema::{
    FAST, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer,
};
use tantivy::{Index, IndexReader, ReloadPolicy};

use crate::error::Result;

/// Bump when the analyzer or the schema changes: an index of another version is rebuilt.
pub const ANALYZER_VERSION: u32 = 1;
/// Name under which the French analyzer is registered (tokenizers are not stored in the index).
pub const FRENCH: &str = "fr_folded";
const VERSION_FILE: &str = "tenderdesk-analyzer.version";

pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    dir: PathBuf,
    /// True when this open created the index afresh (it must be refilled from the store).
    pub rebuilt: bool,
}

/// The fields every indexed item has.
pub fn schema() -> Schema {
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(FRENCH)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let mut b = Schema::builder();
    b.add_text_field("kind", STRING | STORED);
    b.add_u64_field("id", INDEXED | STORED | FAST);
    b.add_u64_field("tender_id", INDEXED | STORED | FAST);
    b.add_text_field("title", text.clone());
    b.add_text_field("body", text);
    b.build()
}

/// Lower case, accents folded, French stop words dropped, French stems: "Pénalités" and
/// "penalite" meet.
pub fn french_analyzer() -> TextAnalyzer {
    let builder = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter);
    match StopWordFilter::new(Language::French) {
        Some(stop) => builder
            .filter(stop)
            .filter(Stemmer::new(Language::French))
            .build(),
        None => builder.filter(Stemmer::new(Language::French)).build(),
    }
}

impl SearchIndex {
    /// Opens the index in `dir`, or creates it when absent, broken or of another version.
    pub fn open(dir: &Path) -> Result<SearchIndex> {
        std::fs::create_dir_all(dir)?;
        let version_ok = std::fs::read_to_string(dir.join(VERSION_FILE))
            .ok()
            .and_then(|v| v.trim().parse::<u32>().ok())
            == Some(ANALYZER_VERSION);
        let opened = if version_ok {
            Index::open_in_dir(dir).ok()
        } else {
            None
        };
        let (index, rebuilt) = match opened {
            Some(index) if index.schema() == schema() => (index, false),
            _ => {
                tracing::warn!(dir = %dir.display(), "search index missing, unreadable or outdated: recreating it");
                clear_dir(dir)?;
                let index = Index::create_in_dir(dir, schema())?;
                std::fs::write(dir.join(VERSION_FILE), ANALYZER_VERSION.to_string())?;
                (index, true)
            }
        };
        index.tokenizers().register(FRENCH, french_analyzer());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            dir: dir.to_path_buf(),
            rebuilt,
        })
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Number of indexed items; also proves the index can be read (health check).
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }
}

fn clear_dir(dir: &Path) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            std::fs::remove_dir_all(&path)?;
        } else {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::TokenStream;

    fn tokens(text: &str) -> Vec<String> {
        let mut analyzer = french_analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push(t.text.clone());
        }
        out
    }

    #[test]
    fn french_words_meet_whatever_their_accents_and_plural() {
        assert_eq!(tokens("Pénalités"), tokens("penalite"));
        assert_eq!(tokens("exigences"), tokens("exigence"));
        assert_eq!(tokens("sécurité"), tokens("securite"));
        assert!(
            tokens("le titulaire et la").len() <= 1,
            "stop words dropped: {:?}",
            tokens("le titulaire et la")
        );
    }

    #[test]
    fn a_damaged_or_outdated_index_is_recreated() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let first = SearchIndex::open(dir.path())?;
        assert!(first.rebuilt);
        drop(first);
        let again = SearchIndex::open(dir.path())?;
        assert!(!again.rebuilt);
        drop(again);
        std::fs::write(dir.path().join("meta.json"), "{ not json")?;
        let repaired = SearchIndex::open(dir.path())?;
        assert!(repaired.rebuilt);
        assert_eq!(repaired.num_docs(), 0);
        drop(repaired);
        std::fs::write(dir.path().join(VERSION_FILE), "0")?;
        assert!(SearchIndex::open(dir.path())?.rebuilt);
        Ok(())
    }
}
