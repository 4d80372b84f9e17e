//! The response sections of a tender: outline generated from the criteria or the cadre de
//! réponse (merged with what is written), saves with optimistic concurrency, assignment and
//! status; and the compliance columns of the requirements.

use chrono::{NaiveDate, Utc};

use super::{Store, on_pool};
use crate::error::{Error, Result};
use crate::model::{ComplianceStatus, DocKind, SectionStatus};
use crate::response::outline::{self, OutlineItem};
use crate::response::{EditConflict, MAX_SECTION_CHARS, Section, SectionEdit};

const SECTION_COLUMNS: &str = "id, tender_id, parent_id, position, reference, title, criterion_id, body_md, assignee_id, due, status, page_limit, version, updated_at, source, source_key, prompt, weight";

/// What generating the outline did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct OutlineReport {
    /// "cadre" when the buyer's cadre de réponse gave the outline, "criteria" otherwise.
    pub from: &'static str,
    pub created: usize,
    pub updated: usize,
    /// Sections no longer in the outline but kept because they hold text.
    pub kept: usize,
    pub removed: usize,
}

/// The assignment and tracking fields of a section.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct SectionMeta {
    pub assignee_id: Option<i64>,
    pub due: Option<NaiveDate>,
    pub status: Option<SectionStatus>,
    pub page_limit: Option<i32>,
}

impl Store {
    pub async fn response_sections(&self, tender_id: i64) -> Result<Vec<Section>> {
        Ok(
            on_pool!(self, pool => sqlx::query_as::<_, Section>(sqlx::AssertSqlSafe(format!(
            "SELECT {SECTION_COLUMNS} FROM response_sections WHERE tender_id = $1 ORDER BY position, id")))
            .bind(tender_id).fetch_all(pool).await)?,
        )
    }

    pub async fn response_section(&self, id: i64) -> Result<Section> {
        on_pool!(self, pool => sqlx::query_as::<_, Section>(sqlx::AssertSqlSafe(format!(
            "SELECT {SECTION_COLUMNS} FROM response_sections WHERE id = $1")))
            .bind(id).fetch_optional(pool).await)?
        .ok_or(Error::NotFound("section"))
    }

    /// The outline the tender's pieces propose: the latest cadre de réponse when one was
    /// uploaded, the award criteria otherwise.
    pub async fn proposed_outline(
        &self,
        tender_id: i64,
    ) -> Result<(&'static str, Vec<OutlineItem>)> {
        let cadre = self
            .documents(tender_id)
            .await?
            .into_iter()
            .filter(|d| d.kind == DocKind::ResponseFrame)
            .max_by_key(|d| (d.created_at, d.id));
        if let Some(doc) = cadre {
            let headings = self.sections(doc.id).await?;
            let pages = on_pool!(self, pool => sqlx::query_scalar::<_, String>(
                "SELECT text FROM document_pages WHERE document_id = $1 ORDER BY page")
                .bind(doc.id).fetch_all(pool).await)?;
            let items = outline::from_cadre(&headings, &pages);
            if !items.is_empty() {
                return Ok(("cadre", items));
            }
        }
        let criteria = self.tender_detail(tender_id).await?.criteria;
        Ok(("criteria", outline::from_criteria(&criteria)))
    }

    /// Generates the outline and merges it with the sections already there: a section whose
    /// origin is still in the outline keeps its text, assignee and status; one no longer in
    /// it is kept (at the end) when it holds text, removed when empty; hand-made sections
    /// stay. All or nothing.
    pub async fn generate_outline(&self, tender_id: i64) -> Result<OutlineReport> {
        let (from, items) = self.proposed_outline(tender_id).await?;
        let existing = self.response_sections(tender_id).await?;
        let now = Utc::now();
        let mut report = OutlineReport {
            from,
            ..OutlineReport::default()
        };
        let mut ids: Vec<i64> = Vec::with_capacity(items.len());
        let mut obsolete: Vec<&Section> = existing
            .iter()
            .filter(|s| s.source != "manual" && !items.iter().any(|i| i.key == s.source_key))
            .collect();
        obsolete.sort_by_key(|s| (s.position, s.id));
        let base = i32::try_from(items.len()).unwrap_or(i32::MAX / 2);
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for (pos, item) in items.iter().enumerate() {
                let parent = item.parent.and_then(|p| ids.get(p).copied());
                let position = i32::try_from(pos).unwrap_or(i32::MAX);
                let found = existing.iter().find(|s| s.source != "manual" && s.source_key == item.key);
                let id = match found {
                    Some(s) => {
                        sqlx::query("UPDATE response_sections SET parent_id = $1, position = $2, reference = $3, title = $4,
                                     criterion_id = $5, prompt = $6, weight = $7, source = $8 WHERE id = $9")
                            .bind(parent).bind(position).bind(&item.reference).bind(&item.title)
                            .bind(item.criterion_id).bind(&item.prompt).bind(&item.weight).bind(item.source).bind(s.id)
                            .execute(&mut *tx).await?;
                        report.updated += 1;
                        s.id
                    }
                    None => {
                        report.created += 1;
                        sqlx::query_scalar::<_, i64>(
                            "INSERT INTO response_sections (tender_id, parent_id, position, reference, title, criterion_id,
                                 updated_at, source, source_key, prompt, weight)
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id")
                            .bind(tender_id).bind(parent).bind(position).bind(&item.reference).bind(&item.title)
                            .bind(item.criterion_id).bind(now).bind(item.source).bind(&item.key)
                            .bind(&item.prompt).bind(&item.weight)
                            .fetch_one(&mut *tx).await?
                    }
                };
                ids.push(id);
            }
            // Detach first: deleting a parent would cascade to children that hold text.
            for (n, s) in obsolete.iter().enumerate() {
                sqlx::query("UPDATE response_sections SET parent_id = NULL WHERE parent_id = $1")
                    .bind(s.id).execute(&mut *tx).await?;
                if s.body_md.trim().is_empty() {
                    sqlx::query("DELETE FROM response_sections WHERE id = $1").bind(s.id).execute(&mut *tx).await?;
                    report.removed += 1;
                } else {
                    let position = base.saturating_add(i32::try_from(n).unwrap_or(0));
                    sqlx::query("UPDATE response_sections SET parent_id = NULL, position = $1 WHERE id = $2")
                        .bind(position).bind(s.id).execute(&mut *tx).await?;
                    report.kept += 1;
                }
            }
            tx.commit().await
        })?;
        Ok(report)
    }

    /// Adds a section by hand, at the end (or under `parent_id`).
    pub async fn add_response_section(
        &self,
        tender_id: i64,
        parent_id: Option<i64>,
        title: &str,
    ) -> Result<Section> {
        let title = title.trim();
        if title.is_empty() || title.chars().count() > 500 {
            return Err(Error::Invalid(
                "a section needs a title of 1 to 500 characters".into(),
            ));
        }
        self.get_tender(tender_id).await?;
        if let Some(p) = parent_id
            && self.response_section(p).await?.tender_id != tender_id
        {
            return Err(Error::Invalid(
                "the parent section belongs to another tender".into(),
            ));
        }
        let id = on_pool!(self, pool => sqlx::query_scalar::<_, i64>(
            "INSERT INTO response_sections (tender_id, parent_id, position, title, updated_at, source)
             VALUES ($1, $2, (SELECT COALESCE(MAX(position), 0) + 1 FROM response_sections WHERE tender_id = $1), $3, $4, 'manual')
             RETURNING id")
            .bind(tender_id).bind(parent_id).bind(title).bind(Utc::now())
            .fetch_one(pool).await)?;
        self.response_section(id).await
    }

    /// Saves a section's text when `edit.version` is still the current one; otherwise nothing
    /// is written and the conflict carries both texts. A first save moves "à rédiger" to
    /// "brouillon".
    pub async fn save_section_text(
        &self,
        id: i64,
        edit: &SectionEdit,
    ) -> Result<std::result::Result<Section, EditConflict>> {
        if edit.body_md.chars().count() > MAX_SECTION_CHARS {
            return Err(Error::Invalid(format!(
                "a section holds at most {MAX_SECTION_CHARS} characters"
            )));
        }
        let n = on_pool!(self, pool => sqlx::query(
            "UPDATE response_sections SET body_md = $1, version = version + 1, updated_at = $2,
                 status = CASE WHEN status = 'a_rediger' THEN 'brouillon' ELSE status END
             WHERE id = $3 AND version = $4")
            .bind(&edit.body_md).bind(Utc::now()).bind(id).bind(edit.version)
            .execute(pool).await.map(|r| r.rows_affected()))?;
        let current = self.response_section(id).await?;
        if n == 0 {
            return Ok(Err(EditConflict {
                theirs: current,
                yours: edit.body_md.clone(),
                your_version: edit.version,
            }));
        }
        Ok(Ok(current))
    }

    /// Sets the assignee, due date, status and page limit (None leaves a field as it is,
    /// except the assignee and due date, which the form always sends).
    pub async fn set_section_meta(&self, id: i64, meta: &SectionMeta) -> Result<Section> {
        let current = self.response_section(id).await?;
        if let Some(p) = meta.page_limit
            && !(0..=1000).contains(&p)
        {
            return Err(Error::Invalid("a page limit is 0 to 1000 pages".into()));
        }
        let status = meta.status.unwrap_or(current.status);
        on_pool!(self, pool => sqlx::query(
            "UPDATE response_sections SET assignee_id = $1, due = $2, status = $3, page_limit = $4, updated_at = $5 WHERE id = $6")
            .bind(meta.assignee_id).bind(meta.due).bind(status.as_str())
            .bind(meta.page_limit.filter(|&p| p > 0)).bind(Utc::now()).bind(id)
            .execute(pool).await.map(|_| ()))?;
        self.response_section(id).await
    }

    /// The page limit of the mémoire technique the RC sets, when it was found.
    pub async fn memoire_page_limit(&self, tender_id: i64) -> Result<Option<u32>> {
        let facts = self.facts(tender_id).await?;
        Ok(facts
            .iter()
            .filter(|f| f.key == "memoire_page_limit" && !f.superseded)
            .find_map(|f| f.value.trim().trim_matches('"').parse::<u32>().ok()))
    }

    /// The answer's position on a requirement: status, answering section, comment.
    pub async fn set_compliance(
        &self,
        requirement_id: i64,
        status: ComplianceStatus,
        answer_section_id: Option<i64>,
        comment: &str,
    ) -> Result<crate::model::Requirement> {
        let r = self.requirement(requirement_id).await?;
        if let Some(s) = answer_section_id
            && self.response_section(s).await?.tender_id != r.tender_id
        {
            return Err(Error::Invalid(
                "the section belongs to another tender".into(),
            ));
        }
        if comment.chars().count() > 5000 {
            return Err(Error::Invalid(
                "a comment has at most 5,000 characters".into(),
            ));
        }
        on_pool!(self, pool => sqlx::query(
            "UPDATE requirements SET compliance = $1, answer_section_id = $2, comment = $3 WHERE id = $4")
            .bind(status.as_str()).bind(answer_section_id).bind(comment.trim()).bind(requirement_id)
            .execute(pool).await.map(|_| ()))?;
        self.requirement(requirement_id).await
    }
}
