//! The pieces of a tender as stored: one upload is one transaction (files, rows, tender
//! facts from notices); pages and spreadsheet cells for display.

use chrono::Utc;

use super::files::FileStore;
use super::{Store, on_pool};
use crate::error::{Error, Result};
use crate::ingest::{Piece, Sheet};
use crate::model::{Document, Fact};

mod notice_plan;
pub use notice_plan::NoticePlan;

/// A fact as stored: its key, its value as JSON, where it was read.
struct FactRow {
    key: String,
    value: String,
    page: Option<i32>,
    quote: String,
}

/// Every found fact of a piece as rows: each field that holds `{value, page, quote}` (or a
/// list of them) becomes one row per value.
fn fact_rows(facts: &crate::understand::facts::Facts) -> Vec<FactRow> {
    let Ok(serde_json::Value::Object(map)) = serde_json::to_value(facts) else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    for (key, value) in map {
        let items = match value {
            serde_json::Value::Array(items) => items,
            serde_json::Value::Null => continue,
            other => vec![other],
        };
        for item in items {
            let serde_json::Value::Object(fields) = &item else {
                continue;
            };
            let (Some(v), quote) = (
                fields.get("value"),
                fields.get("quote").and_then(|q| q.as_str()).unwrap_or(""),
            ) else {
                continue;
            };
            let page = fields
                .get("page")
                .and_then(serde_json::Value::as_i64)
                .and_then(|p| i32::try_from(p).ok());
            rows.push(FactRow {
                key: key.clone(),
                value: v.to_string(),
                page,
                quote: quote.chars().take(500).collect(),
            });
        }
    }
    rows
}

const DOC_COLUMNS: &str =
    "id, tender_id, name, kind, media_type, size_bytes, sha256, pages, problem, created_at,
    lot_number AS lot";

impl Store {
    /// Stores the pieces of one upload for a tender: the original bytes in the file store,
    /// the rows in one transaction, the facts of any notice onto the tender. After a failure
    /// nothing of the upload remains.
    pub async fn store_pieces(
        &self,
        tender_id: i64,
        pieces: &[Piece],
        files: &FileStore,
    ) -> Result<Vec<Document>> {
        let detail = self.tender_detail(tender_id).await?;
        // What each piece says of the tender: notices as they are, other pieces by the facts
        // of their text; the RC first, as it is the reference for the tender's rules.
        let mut sources: Vec<(&Piece, std::borrow::Cow<'_, crate::ingest::notice::Notice>)> =
            Vec::new();
        for piece in pieces {
            if let Some(n) = &piece.notice {
                sources.push((piece, std::borrow::Cow::Borrowed(n)));
            } else if let Some(format) = piece.format {
                let facts = serde_json::to_value(&piece.understood.facts).unwrap_or_default();
                if let Some(n) = notice_plan::facts_as_notice(format, &facts) {
                    sources.push((piece, std::borrow::Cow::Owned(n)));
                }
            }
        }
        sources.sort_by_key(|(p, _)| match p.kind {
            crate::model::DocKind::Rc => 0,
            crate::model::DocKind::Notice => 1,
            _ => 2,
        });
        let plans: Vec<NoticePlan> = sources
            .iter()
            .scan(detail, |state, (piece, notice)| {
                let plan = NoticePlan::new(state, notice, &piece.name);
                plan.apply_to(state);
                Some(plan)
            })
            .collect();
        let mut created = Vec::new();
        for piece in pieces {
            match files.put(&piece.sha256, &piece.bytes) {
                Ok(true) => created.push(piece.sha256.clone()),
                Ok(false) => {}
                Err(e) => {
                    created.iter().for_each(|sha| files.remove(sha));
                    return Err(e);
                }
            }
        }
        let result = self.insert_pieces(tender_id, pieces, &plans).await;
        if result.is_err() {
            created.iter().for_each(|sha| files.remove(sha));
        }
        result
    }

    async fn insert_pieces(
        &self,
        tender_id: i64,
        pieces: &[Piece],
        plans: &[NoticePlan],
    ) -> Result<Vec<Document>> {
        let now = Utc::now();
        let ids = on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let mut ids = Vec::with_capacity(pieces.len());
            for piece in pieces {
                let pages = i32::try_from(piece.pages.len()).map_err(|_| Error::Invalid("too many pages".into()))?;
                let id = sqlx::query_scalar::<_, i64>(
                    "INSERT INTO documents (tender_id, name, kind, media_type, size_bytes, sha256, pages, problem, created_at, format, lot_number)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id")
                    .bind(tender_id).bind(&piece.name).bind(piece.kind.as_str()).bind(piece.media_type())
                    .bind(piece.size as i64).bind(&piece.sha256).bind(pages).bind(piece.problem_text())
                    .bind(now).bind(piece.format.map(|f| format!("{f:?}").to_lowercase()).unwrap_or_default())
                    .bind(piece.lot.map(|l| l as i32))
                    .fetch_one(&mut *tx).await?;
                for (i, text) in piece.pages.iter().enumerate() {
                    sqlx::query("INSERT INTO document_pages (document_id, page, text) VALUES ($1, $2, $3)")
                        .bind(id).bind(i as i32 + 1).bind(text).execute(&mut *tx).await?;
                }
                let mut section_ids: Vec<(i64, usize, String)> = Vec::new();
                for (i, h) in piece.understood.sections.iter().enumerate() {
                    // The parent is the nearest earlier heading of a higher level.
                    let parent = section_ids.iter().rev().find(|(_, level, _)| *level < h.level).map(|(id, _, _)| *id);
                    let sid = sqlx::query_scalar::<_, i64>(
                        "INSERT INTO sections (document_id, parent_id, reference, title, level, page, position, lot_number)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
                        .bind(id).bind(parent).bind(&h.reference).bind(&h.title).bind(h.level as i32)
                        .bind(h.page as i32).bind(i as i32).bind(h.lot.map(|l| l as i32))
                        .fetch_one(&mut *tx).await?;
                    section_ids.push((sid, h.level, h.reference.clone()));
                }
                for (i, r) in piece.understood.requirements.iter().enumerate() {
                    let section = section_ids.iter().find(|(_, _, reference)| !r.reference.is_empty() && *reference == r.reference).map(|(sid, _, _)| *sid);
                    sqlx::query(
                        "INSERT INTO requirements (tender_id, document_id, section_id, reference, page, text, strength, category, position, lot_number)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                        .bind(tender_id).bind(id).bind(section).bind(&r.reference).bind(r.page as i32).bind(&r.text)
                        .bind(r.strength.as_str()).bind(r.category.as_str()).bind(i as i32).bind(r.lot.map(|l| l as i32))
                        .execute(&mut *tx).await?;
                }
                for fact in fact_rows(&piece.understood.facts) {
                    sqlx::query(
                        "INSERT INTO facts (tender_id, key, value, document_id, page, quote, superseded) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                        .bind(tender_id).bind(&fact.key).bind(&fact.value).bind(id).bind(fact.page).bind(&fact.quote).bind(false)
                        .execute(&mut *tx).await?;
                }
                for (i, sheet) in piece.sheets.iter().enumerate() {
                    let data = serde_json::to_string(sheet).map_err(|e| Error::Internal(e.to_string()))?;
                    sqlx::query("INSERT INTO document_sheets (document_id, position, name, data) VALUES ($1, $2, $3, $4)")
                        .bind(id).bind(i as i32).bind(&sheet.name).bind(data).execute(&mut *tx).await?;
                }
                ids.push(id);
            }
            for plan in plans {
                notice_plan::execute!(plan, tender_id, now, tx);
            }
            sqlx::query("UPDATE tenders SET updated_at = $1 WHERE id = $2").bind(now).bind(tender_id).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok::<_, Error>(ids)
        })?;
        let mut docs = Vec::with_capacity(ids.len());
        for id in ids {
            docs.push(self.document(id).await?);
        }
        Ok(docs)
    }

    pub async fn documents(&self, tender_id: i64) -> Result<Vec<Document>> {
        Ok(
            on_pool!(self, pool => sqlx::query_as::<_, Document>(sqlx::AssertSqlSafe(format!(
            "SELECT {DOC_COLUMNS} FROM documents WHERE tender_id = $1 ORDER BY name, id")))
            .bind(tender_id).fetch_all(pool).await)?,
        )
    }

    pub async fn document(&self, id: i64) -> Result<Document> {
        on_pool!(self, pool => sqlx::query_as::<_, Document>(sqlx::AssertSqlSafe(format!(
            "SELECT {DOC_COLUMNS} FROM documents WHERE id = $1")))
            .bind(id).fetch_optional(pool).await)?
        .ok_or(Error::NotFound("document"))
    }

    /// The extracted text of one page (1-based).
    pub async fn document_page(&self, id: i64, page: i32) -> Result<String> {
        on_pool!(self, pool => sqlx::query_scalar::<_, String>(
            "SELECT text FROM document_pages WHERE document_id = $1 AND page = $2")
            .bind(id).bind(page).fetch_optional(pool).await)?
        .ok_or(Error::NotFound("page"))
    }

    pub async fn document_sheets(&self, id: i64) -> Result<Vec<Sheet>> {
        let rows = on_pool!(self, pool => sqlx::query_scalar::<_, String>(
            "SELECT data FROM document_sheets WHERE document_id = $1 ORDER BY position")
            .bind(id).fetch_all(pool).await)?;
        rows.iter()
            .map(|d| {
                serde_json::from_str(d).map_err(|e| Error::Internal(format!("stored sheet: {e}")))
            })
            .collect()
    }

    pub async fn facts(&self, tender_id: i64) -> Result<Vec<Fact>> {
        Ok(on_pool!(self, pool => sqlx::query_as::<_, Fact>(
            "SELECT id, tender_id, key, value, document_id, page, quote, superseded FROM facts WHERE tender_id = $1 ORDER BY key, id")
            .bind(tender_id).fetch_all(pool).await)?)
    }
}
