//! The search index (tantivy) with French analysis. It is derived data: when it is missing,
//! unreadable, or built by another analyzer version, it is recreated empty and refilled from
//! the store; it follows the database through the change log (`sync`).

mod counts;
pub mod filters;
mod item;
pub mod query;
mod rank;
mod run;
pub mod service;
mod snippet;
mod stem;
pub mod sync;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, StopWordFilter,
    TextAnalyzer,
};
use tantivy::{Index, IndexReader, IndexSettings, IndexWriter, ReloadPolicy};

use crate::error::{Error, Result};

pub use counts::Counts as Facets;
pub use item::{Item, Kind};
pub use query::parse_query;
pub use run::{Found, Hit, Request};
pub use sync::SyncState;

/// Bump when the analyzer or the schema changes: an index of another version is rebuilt.
pub const ANALYZER_VERSION: u32 = 4;
/// Name under which the French analyzer is registered (tokenizers are not stored in the index).
pub const FRENCH: &str = "fr_folded";
const VERSION_FILE: &str = "tenderdesk-analyzer.version";

/// Memory the one writer of the process may use before it flushes a segment.
const WRITER_BUDGET: usize = 64 * 1024 * 1024;
/// Stored texts are compressed in blocks of this size: showing a hit decompresses its
/// block, so small blocks keep that cheap (tantivy's default is 16 KB).
const DOCSTORE_BLOCK: usize = 4 * 1024;
/// Decompressed blocks each segment keeps for the next hits.
const DOCSTORE_CACHE_BLOCKS: usize = 256;

pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    dir: PathBuf,
    pub(crate) fields: Fields,
    /// The French analyzer, built once (its stop-word set and stemmer are shared by clones).
    pub(crate) analyzer: TextAnalyzer,
    /// The process's one writer, taken on first write (a second process, such as a CLI search
    /// next to a running server, can still read).
    writer: Mutex<Option<IndexWriter>>,
    /// Where the index stands in the database's change log; one catch-up at a time.
    pub(crate) sync: tokio::sync::Mutex<SyncState>,
    /// `sync`'s low-water mark, readable without the lock (the test before each search).
    pub(crate) low_water: std::sync::atomic::AtomicI64,
    /// Set when another process holds the writer (a CLI search beside a running server):
    /// searches then read the index as it stands.
    pub(crate) read_only: std::sync::atomic::AtomicBool,
    /// True when this open created the index afresh (it must be refilled from the store).
    pub rebuilt: bool,
}

/// The fields of the schema, looked up once.
#[derive(Clone, Copy)]
pub(crate) struct Fields {
    /// "kind:id" (or "page:document:n"): what an update or a deletion replaces.
    pub key: Field,
    pub kind: Field,
    /// The kind as a number (`counts::kind_code`): filters and counts.
    pub kind_n: Field,
    /// The piece kind as a number (`counts::doc_kind_code`; 0: none): filters and counts.
    pub doc_kind_n: Field,
    /// Kind, piece kind and lot packed (`counts::pack`): counts.
    pub dims: Field,
    pub id: Field,
    pub tender_id: Field,
    pub document_id: Field,
    pub page: Field,
    /// The lot (0: common to every lot).
    pub lot: Field,
    pub title: Field,
    pub body: Field,
    /// Title and body analyzed together: what queries match.
    pub all: Field,
}

impl Fields {
    fn of(schema: &Schema) -> Result<Fields> {
        let f = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| Error::Internal(format!("search schema lacks {name}")))
        };
        Ok(Fields {
            key: f("key")?,
            kind: f("kind")?,
            kind_n: f(counts::KIND)?,
            doc_kind_n: f(counts::DOC_KIND)?,
            dims: f(counts::DIMS)?,
            id: f("id")?,
            tender_id: f("tender_id")?,
            document_id: f("document_id")?,
            page: f("page")?,
            lot: f("lot")?,
            title: f("title")?,
            body: f("body")?,
            all: f("all")?,
        })
    }
}

/// The fields every indexed item has.
pub fn schema() -> Schema {
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(FRENCH)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    // Titles are also searched on their own, without positions: a title holding the
    // query's words ranks higher.
    let title = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(FRENCH)
                .set_index_option(IndexRecordOption::WithFreqs),
        )
        .set_stored();
    let mut b = Schema::builder();
    b.add_text_field("key", STRING);
    b.add_text_field("kind", STRING | STORED);
    b.add_u64_field(counts::KIND, INDEXED);
    b.add_u64_field(counts::DIMS, FAST);
    b.add_u64_field("id", INDEXED | STORED | FAST);
    b.add_u64_field(counts::TENDER, INDEXED | STORED | FAST);
    b.add_u64_field(counts::DOC_KIND, INDEXED);
    b.add_u64_field("document_id", INDEXED | STORED);
    b.add_u64_field("page", STORED);
    b.add_u64_field(counts::LOT, INDEXED | STORED);
    // Shown (stored); `all` holds their words for matching.
    b.add_text_field("title", title);
    b.add_text_field("body", STORED);
    b.add_text_field("all", text);
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
        Some(stop) => builder.filter(stop).filter(stem::FrenchStemmer).build(),
        None => builder.filter(stem::FrenchStemmer).build(),
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
                let settings = IndexSettings {
                    docstore_blocksize: DOCSTORE_BLOCK,
                    ..IndexSettings::default()
                };
                let index = Index::builder()
                    .schema(schema())
                    .settings(settings)
                    .create_in_dir(dir)?;
                std::fs::write(dir.join(VERSION_FILE), ANALYZER_VERSION.to_string())?;
                (index, true)
            }
        };
        index.tokenizers().register(FRENCH, french_analyzer());
        // Reloaded by hand right after each commit, so the next search sees the change.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .doc_store_cache_num_blocks(DOCSTORE_CACHE_BLOCKS)
            .try_into()?;
        let fields = Fields::of(&index.schema())?;
        let sync = SyncState::from_payload(index.load_metas()?.payload.as_deref());
        Ok(SearchIndex {
            index,
            reader,
            dir: dir.to_path_buf(),
            fields,
            analyzer: french_analyzer(),
            writer: Mutex::new(None),
            low_water: std::sync::atomic::AtomicI64::new(sync.low_water()),
            sync: tokio::sync::Mutex::new(sync),
            read_only: std::sync::atomic::AtomicBool::new(false),
            rebuilt,
        })
    }

    /// Runs `f` with the process's writer (taken on first use). Blocking: call it from
    /// `spawn_blocking`.
    pub(crate) fn with_writer<T>(
        &self,
        f: impl FnOnce(&mut IndexWriter) -> Result<T>,
    ) -> Result<T> {
        let mut guard = self
            .writer
            .lock()
            .map_err(|_| Error::Internal("search writer lock poisoned".into()))?;
        if guard.is_none() {
            let threads = std::thread::available_parallelism()
                .map(|n| n.get().clamp(1, 4))
                .unwrap_or(1);
            *guard = Some(self.index.writer_with_num_threads(threads, WRITER_BUDGET)?);
        }
        match guard.as_mut() {
            Some(writer) => f(writer),
            None => Err(Error::Internal("search writer missing".into())),
        }
    }

    /// Adds items outside the change log (benchmarks, bulk loads of an index that does not
    /// follow a database); `commit_unlogged` makes them visible. Blocking.
    pub fn add_items(&self, items: &[Item]) -> Result<()> {
        let f = self.fields;
        self.with_writer(|w| {
            for item in items {
                w.add_document(item.to_doc(&f))?;
            }
            Ok(())
        })
    }

    /// Commits what `add_items` added, without a change-log position. Blocking.
    pub fn commit_unlogged(&self) -> Result<()> {
        self.with_writer(|w| {
            w.commit()?;
            Ok(())
        })?;
        self.reload()
    }

    /// Lets the writer finish merging segments, then releases it (the next write takes a new
    /// one): after a bulk load, searches then run on the merged segments. Blocking.
    pub fn wait_merges(&self) -> Result<()> {
        let writer = self
            .writer
            .lock()
            .map_err(|_| Error::Internal("search writer lock poisoned".into()))?
            .take();
        if let Some(w) = writer {
            w.wait_merging_threads()?;
        }
        self.reload()
    }

    /// Searches without catching up first (the writer belongs to another process).
    pub fn set_read_only(&self) {
        self.read_only
            .store(true, std::sync::atomic::Ordering::Release);
    }

    /// Makes what was committed visible to the next search.
    pub(crate) fn reload(&self) -> Result<()> {
        self.reader.reload()?;
        Ok(())
    }

    pub(crate) fn searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
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
