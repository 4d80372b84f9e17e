//! What the search index reads from the database: the change log that triggers fill (0003),
//! and each indexed thing as an `Item`, one at a time (catch-up) or table by table (rebuild).

use super::{Store, on_pool};
use crate::error::Result;
use crate::search::{Item, Kind};

/// One line of the change log: something of `kind` with `entity_id` was written.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Change {
    pub seq: i64,
    pub kind: String,
    pub entity_id: i64,
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    id: i64,
    tender_id: Option<i64>,
    document_id: Option<i64>,
    page: Option<i32>,
    doc_kind: Option<String>,
    lot: Option<i32>,
    title: String,
    body: String,
}

impl ItemRow {
    fn into_item(self, kind: Kind) -> Item {
        Item {
            kind: Some(kind),
            id: self.id,
            tender_id: self.tender_id,
            document_id: self.document_id,
            page: self.page,
            doc_kind: self.doc_kind,
            lot: self.lot.and_then(|l| u32::try_from(l).ok()),
            title: self.title,
            body: self.body,
        }
    }
}

const TENDERS: &str = "SELECT t.id, t.id AS tender_id, CAST(NULL AS BIGINT) AS document_id,
    CAST(NULL AS INTEGER) AS page, CAST(NULL AS TEXT) AS doc_kind, CAST(NULL AS INTEGER) AS lot, t.title,
    COALESCE(t.reference, '') || ' ' || COALESCE(a.name, '') || ' ' || t.summary || ' ' || t.cpv_codes AS body
    FROM tenders t LEFT JOIN accounts a ON a.id = t.account_id";
const DOCUMENTS: &str =
    "SELECT d.id, d.tender_id, d.id AS document_id, CAST(NULL AS INTEGER) AS page,
    d.kind AS doc_kind, d.lot_number AS lot, d.name AS title, '' AS body FROM documents d";
const PAGES: &str =
    "SELECT p.document_id AS id, d.tender_id, p.document_id, p.page, d.kind AS doc_kind,
    d.lot_number AS lot, d.name AS title, p.text AS body FROM document_pages p JOIN documents d ON d.id = p.document_id";
const SECTIONS: &str = "SELECT s.id, d.tender_id, s.document_id, s.page, d.kind AS doc_kind,
    COALESCE(s.lot_number, d.lot_number) AS lot, CASE WHEN s.reference = '' THEN s.title ELSE s.reference || ' ' || s.title END AS title, s.body
    FROM sections s JOIN documents d ON d.id = s.document_id";
const REQUIREMENTS: &str = "SELECT r.id, r.tender_id, r.document_id, r.page, d.kind AS doc_kind,
    COALESCE(r.lot_number, d.lot_number) AS lot, r.reference AS title, r.text AS body FROM requirements r LEFT JOIN documents d ON d.id = r.document_id";
const RESPONSE_SECTIONS: &str = "SELECT r.id, r.tender_id, CAST(NULL AS BIGINT) AS document_id,
    CAST(NULL AS INTEGER) AS page, CAST(NULL AS TEXT) AS doc_kind, CAST(NULL AS INTEGER) AS lot,
    CASE WHEN r.reference = '' THEN r.title ELSE r.reference || ' ' || r.title END AS title, r.body_md AS body
    FROM response_sections r";
const LIBRARY_BLOCKS: &str =
    "SELECT b.id, CAST(NULL AS BIGINT) AS tender_id, CAST(NULL AS BIGINT) AS document_id,
    CAST(NULL AS INTEGER) AS page, CAST(NULL AS TEXT) AS doc_kind, CAST(NULL AS INTEGER) AS lot, b.title,
    b.body_md || ' ' || b.tags AS body FROM library_blocks b";

/// The query of one kind, and its table's alias (pages are read with their document).
fn base(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Tender => (TENDERS, "t"),
        Kind::Document => (DOCUMENTS, "d"),
        Kind::Page => (PAGES, "p"),
        Kind::Section => (SECTIONS, "s"),
        Kind::Requirement => (REQUIREMENTS, "r"),
        Kind::ResponseSection => (RESPONSE_SECTIONS, "r"),
        Kind::LibraryBlock => (LIBRARY_BLOCKS, "b"),
    }
}

impl Store {
    /// Changes after `seq`, oldest first, at most `limit`.
    pub async fn search_changes_after(&self, seq: i64, limit: i64) -> Result<Vec<Change>> {
        Ok(on_pool!(self, pool => sqlx::query_as::<_, Change>(
            "SELECT seq, kind, entity_id FROM search_changes WHERE seq > $1 ORDER BY seq LIMIT $2")
            .bind(seq).bind(limit).fetch_all(pool).await)?)
    }

    /// Whether anything was logged after `seq` (the cheap test before each search).
    pub async fn search_changed_since(&self, seq: i64) -> Result<bool> {
        let found = on_pool!(self, pool => sqlx::query_scalar::<_, i64>(
            "SELECT seq FROM search_changes WHERE seq > $1 ORDER BY seq LIMIT 1")
            .bind(seq).fetch_optional(pool).await)?;
        Ok(found.is_some())
    }

    /// The lowest and highest sequence numbers still in the log.
    pub async fn search_seq_bounds(&self) -> Result<(Option<i64>, Option<i64>)> {
        Ok(
            on_pool!(self, pool => sqlx::query_as::<_, (Option<i64>, Option<i64>)>(
            "SELECT MIN(seq), MAX(seq) FROM search_changes").fetch_one(pool).await)?,
        )
    }

    /// The sequence numbers logged in `(from, to]`, to find the holes of transactions still
    /// running.
    pub async fn search_seqs_between(&self, from: i64, to: i64) -> Result<Vec<i64>> {
        Ok(on_pool!(self, pool => sqlx::query_scalar::<_, i64>(
            "SELECT seq FROM search_changes WHERE seq > $1 AND seq <= $2 ORDER BY seq")
            .bind(from).bind(to).fetch_all(pool).await)?)
    }

    /// Forgets the changes logged before `before` (UNIX seconds), always keeping the last
    /// one (so a node far behind sees that the log was cut and rebuilds).
    pub async fn prune_search_changes(&self, before: i64) -> Result<u64> {
        let done = on_pool!(self, pool => sqlx::query(
            "DELETE FROM search_changes WHERE at < $1
             AND seq < (SELECT MAX(seq) FROM search_changes)")
            .bind(before).execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(done)
    }

    async fn items_where(&self, kind: Kind, clause: &str, id: i64) -> Result<Vec<Item>> {
        let (sql, alias) = base(kind);
        let sql = format!("{sql} WHERE {alias}.{clause}");
        let rows = on_pool!(self, pool => sqlx::query_as::<_, ItemRow>(sqlx::AssertSqlSafe(sql))
            .bind(id).fetch_all(pool).await)?;
        Ok(rows.into_iter().map(|r| r.into_item(kind)).collect())
    }

    /// A piece as indexed: itself, its pages, its sections and its requirements (empty when
    /// it no longer exists).
    pub async fn search_document_items(&self, id: i64) -> Result<Vec<Item>> {
        let mut items = self.items_where(Kind::Document, "id = $1", id).await?;
        if items.is_empty() {
            return Ok(items);
        }
        for kind in [Kind::Page, Kind::Section, Kind::Requirement] {
            items.extend(self.items_where(kind, "document_id = $1", id).await?);
        }
        Ok(items)
    }

    /// One thing as indexed, or nothing when it no longer exists.
    pub async fn search_item(&self, kind: Kind, id: i64) -> Result<Option<Item>> {
        Ok(self.items_where(kind, "id = $1", id).await?.pop())
    }

    /// The next pieces' ids after `after`, for a rebuild in batches.
    pub async fn search_document_ids_after(&self, after: i64, limit: i64) -> Result<Vec<i64>> {
        Ok(on_pool!(self, pool => sqlx::query_scalar::<_, i64>(
            "SELECT id FROM documents WHERE id > $1 ORDER BY id LIMIT $2")
            .bind(after).bind(limit).fetch_all(pool).await)?)
    }

    /// The next things of a kind after id `after`, for a rebuild in batches (requirements of
    /// a piece come with the piece, so only the others are read here).
    pub async fn search_items_after(
        &self,
        kind: Kind,
        after: i64,
        limit: i64,
    ) -> Result<Vec<Item>> {
        let (sql, alias) = base(kind);
        let extra = if kind == Kind::Requirement {
            " AND r.document_id IS NULL"
        } else {
            ""
        };
        let sql = format!("{sql} WHERE {alias}.id > $1{extra} ORDER BY {alias}.id LIMIT $2");
        let rows = on_pool!(self, pool => sqlx::query_as::<_, ItemRow>(sqlx::AssertSqlSafe(sql))
            .bind(after).bind(limit).fetch_all(pool).await)?;
        Ok(rows.into_iter().map(|r| r.into_item(kind)).collect())
    }
}
