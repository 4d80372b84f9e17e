//! Keeping the index in step with the database. Triggers log every write of an indexed table
//! in `search_changes`; the index keeps, in its commit payload, the last change it applied.
//! Before a search, the node applies what came after (whoever wrote it: this node, another
//! node, a CLI). On PostgreSQL a transaction may commit a lower number after a higher one
//! was applied: the missing numbers are kept as gaps and looked at again for a while.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use tantivy::Term;

use super::item::{Kind, as_u64, key};
use super::{Item, SearchIndex};
use crate::error::{Error, Result};
use crate::store::Store;

/// How long a missing number may still arrive (a transaction still running).
const GAP_TTL: Duration = Duration::from_secs(120);
/// Most gaps kept (a long rolled-back import leaves many; they only cost a re-read).
const MAX_GAPS: usize = 100_000;
/// Changes read per round.
const BATCH: i64 = 2_000;
/// Changes are kept this long for nodes that were away, then pruned.
const LOG_KEEP_SECS: i64 = 7 * 24 * 3600;
const PRUNE_EVERY: Duration = Duration::from_secs(600);

/// Where the index stands in the change log.
#[derive(Debug)]
pub struct SyncState {
    /// Highest change applied.
    pub seq: i64,
    /// Numbers below `seq` not seen yet, with when they were first missed.
    gaps: BTreeMap<i64, Instant>,
    last_prune: Option<Instant>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Payload {
    seq: i64,
    #[serde(default)]
    gaps: Vec<i64>,
}

impl SyncState {
    pub fn from_payload(payload: Option<&str>) -> SyncState {
        let p = payload
            .and_then(|p| serde_json::from_str::<Payload>(p).ok())
            .unwrap_or(Payload {
                seq: 0,
                gaps: Vec::new(),
            });
        let now = Instant::now();
        SyncState {
            seq: p.seq,
            gaps: p.gaps.into_iter().map(|g| (g, now)).collect(),
            last_prune: None,
        }
    }

    fn payload(&self) -> String {
        serde_json::to_string(&Payload {
            seq: self.seq,
            gaps: self.gaps.keys().copied().collect(),
        })
        .unwrap_or_default()
    }

    /// Changes after this number may still need applying.
    pub fn low_water(&self) -> i64 {
        self.gaps
            .keys()
            .next()
            .map(|g| g - 1)
            .unwrap_or(self.seq)
            .min(self.seq)
    }

    fn note_gap(&mut self, seq: i64, now: Instant) {
        if self.gaps.len() < MAX_GAPS {
            self.gaps.entry(seq).or_insert(now);
        }
    }

    fn expire_gaps(&mut self, now: Instant) {
        self.gaps
            .retain(|_, seen| now.duration_since(*seen) < GAP_TTL);
    }
}

/// What to do to the index for one logged change.
enum Update {
    /// Replace everything of a tender (gone: delete all it held).
    Tender(i64, Option<Item>),
    /// Replace a piece with its pages, sections, requirements.
    Document(i64, Vec<Item>),
    /// Replace one item of this key.
    One(String, Option<Item>),
}

async fn load(store: &Store, kind: &str, id: i64) -> Result<Option<Update>> {
    Ok(Some(match kind {
        "tender" => Update::Tender(id, store.search_item(Kind::Tender, id).await?),
        "document" => Update::Document(id, store.search_document_items(id).await?),
        other => match Kind::parse(other) {
            Some(k) if !matches!(k, Kind::Page | Kind::Section) => {
                Update::One(key(k, id, None), store.search_item(k, id).await?)
            }
            _ => return Ok(None),
        },
    }))
}

fn apply(index: &SearchIndex, updates: &[Update], payload: &str) -> Result<()> {
    let f = index.fields;
    index.with_writer(|w| {
        for u in updates {
            match u {
                Update::Tender(id, item) => {
                    match item {
                        // A tender gone takes all it held with it.
                        None => w.delete_term(Term::from_field_u64(f.tender_id, as_u64(*id))),
                        Some(_) => w.delete_term(Term::from_field_text(
                            f.key,
                            &key(Kind::Tender, *id, None),
                        )),
                    };
                    if let Some(item) = item {
                        w.add_document(item.to_doc(&f))?;
                    }
                }
                Update::Document(id, items) => {
                    w.delete_term(Term::from_field_u64(f.document_id, as_u64(*id)));
                    for item in items {
                        w.add_document(item.to_doc(&f))?;
                    }
                }
                Update::One(k, item) => {
                    w.delete_term(Term::from_field_text(f.key, k));
                    if let Some(item) = item {
                        w.add_document(item.to_doc(&f))?;
                    }
                }
            }
        }
        let mut commit = w.prepare_commit()?;
        commit.set_payload(payload);
        commit.commit()?;
        Ok(())
    })?;
    index.reload()
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Error::Internal(format!("search task: {e}")))?
}

/// Applies every change logged since the index's last; returns how many were applied. Cheap
/// when nothing changed: one indexed read of the log.
pub async fn catch_up(index: &Arc<SearchIndex>, store: &Store) -> Result<usize> {
    if index.read_only.load(Ordering::Acquire) {
        return Ok(0);
    }
    let low = index.low_water.load(Ordering::Acquire);
    if !store.search_changed_since(low).await? {
        return Ok(0);
    }
    let mut state = index.sync.lock().await;
    let mut applied = 0;
    loop {
        let now = Instant::now();
        let rows = store.search_changes_after(state.low_water(), BATCH).await?;
        let full = rows.len() as i64 >= BATCH;
        let mut next = state.seq + 1;
        let mut todo = Vec::new();
        for row in &rows {
            if row.seq > state.seq {
                for missing in next..row.seq {
                    state.note_gap(missing, now);
                }
                next = row.seq + 1;
                todo.push(row);
            } else if state.gaps.remove(&row.seq).is_some() {
                todo.push(row);
            }
        }
        state.expire_gaps(now);
        let top = rows.iter().map(|r| r.seq).max().unwrap_or(state.seq);
        if todo.is_empty() && top <= state.seq {
            break;
        }
        let mut seen = HashSet::new();
        let mut updates = Vec::new();
        for row in todo {
            if seen.insert((row.kind.as_str(), row.entity_id))
                && let Some(u) = load(store, &row.kind, row.entity_id).await?
            {
                updates.push(u);
            }
        }
        applied += updates.len();
        state.seq = state.seq.max(top);
        let payload = state.payload();
        let idx = index.clone();
        blocking(move || apply(&idx, &updates, &payload)).await?;
        index.low_water.store(state.low_water(), Ordering::Release);
        if !full {
            break;
        }
    }
    index.low_water.store(state.low_water(), Ordering::Release);
    if state.last_prune.is_none_or(|at| at.elapsed() > PRUNE_EVERY) {
        state.last_prune = Some(Instant::now());
        let before = chrono::Utc::now().timestamp() - LOG_KEEP_SECS;
        if let Err(e) = store.prune_search_changes(before).await {
            tracing::warn!(error = %e, "pruning the search change log failed");
        }
    }
    Ok(applied)
}

/// Empties the index and fills it from the database; returns how many items were indexed.
pub async fn rebuild(index: &Arc<SearchIndex>, store: &Store) -> Result<usize> {
    let mut state = index.sync.lock().await;
    // Read where the log stands before reading the rows: whatever is logged later is applied
    // by the next catch-up; numbers missing just below are transactions still running.
    let (_, max) = store.search_seq_bounds().await?;
    let max = max.unwrap_or(0);
    let now = Instant::now();
    let mut fresh = SyncState {
        seq: max,
        gaps: BTreeMap::new(),
        last_prune: state.last_prune,
    };
    let from = max.saturating_sub(1_000).max(0);
    let present: HashSet<i64> = store
        .search_seqs_between(from, max)
        .await?
        .into_iter()
        .collect();
    for s in (from + 1)..=max {
        if !present.contains(&s) {
            fresh.note_gap(s, now);
        }
    }
    let idx = index.clone();
    blocking(move || idx.with_writer(|w| Ok(w.delete_all_documents()?))).await?;
    let mut count = 0;
    for kind in [
        Kind::Tender,
        Kind::Requirement,
        Kind::ResponseSection,
        Kind::LibraryBlock,
    ] {
        let mut after = 0;
        loop {
            let items = store.search_items_after(kind, after, 500).await?;
            let Some(last) = items.last() else { break };
            after = last.id;
            count += items.len();
            add_all(index, items).await?;
        }
    }
    let mut after = 0;
    loop {
        let ids = store.search_document_ids_after(after, 100).await?;
        let Some(last) = ids.last() else { break };
        after = *last;
        for id in ids {
            let items = store.search_document_items(id).await?;
            count += items.len();
            add_all(index, items).await?;
        }
    }
    let payload = fresh.payload();
    let idx = index.clone();
    blocking(move || {
        idx.with_writer(|w| {
            let mut commit = w.prepare_commit()?;
            commit.set_payload(&payload);
            commit.commit()?;
            Ok(())
        })?;
        idx.reload()
    })
    .await?;
    index.low_water.store(fresh.low_water(), Ordering::Release);
    *state = fresh;
    Ok(count)
}

async fn add_all(index: &Arc<SearchIndex>, items: Vec<Item>) -> Result<()> {
    let idx = index.clone();
    blocking(move || idx.add_items(&items)).await
}

/// At start: rebuild when the index was recreated or the log was pruned past it, otherwise
/// catch up (after a crash between a database commit and an index commit).
pub async fn startup(index: &Arc<SearchIndex>, store: &Store) -> Result<()> {
    let seq = index.sync.lock().await.seq;
    let (min, _) = store.search_seq_bounds().await?;
    let pruned_past = min.is_some_and(|m| m > seq + 1);
    if index.rebuilt || pruned_past {
        let n = rebuild(index, store).await?;
        tracing::info!(items = n, "search index rebuilt from the database");
    } else {
        let n = catch_up(index, store).await?;
        if n > 0 {
            tracing::info!(changes = n, "search index caught up with the database");
        }
    }
    Ok(())
}
