//! The requirements of a tender (the start of the compliance matrix): listed with filters,
//! edited, merged, added to; and the outline of each piece.

use super::{Store, on_pool};
use crate::error::{Error, Result};
use crate::model::{Category, Requirement, Section, Strength};

/// Which requirements to list.
#[derive(Debug, Clone, Default)]
pub struct RequirementFilter {
    pub category: Option<Category>,
    pub strength: Option<Strength>,
    pub document_id: Option<i64>,
}

const REQ_COLUMNS: &str = "id, tender_id, document_id, section_id, reference, page, text, strength, category, compliance, answer_section_id, comment,
    COALESCE(lot_number, (SELECT d.lot_number FROM documents d WHERE d.id = requirements.document_id)) AS lot";

impl Store {
    pub async fn requirements(
        &self,
        tender_id: i64,
        f: &RequirementFilter,
    ) -> Result<Vec<Requirement>> {
        // Optional filters as "($n IS NULL OR column = $n)": one statement, bound parameters only.
        Ok(
            on_pool!(self, pool => sqlx::query_as::<_, Requirement>(sqlx::AssertSqlSafe(format!(
            "SELECT {REQ_COLUMNS} FROM requirements WHERE tender_id = $1
               AND (CAST($2 AS TEXT) IS NULL OR category = $2)
               AND (CAST($3 AS TEXT) IS NULL OR strength = $3)
               AND (CAST($4 AS BIGINT) IS NULL OR document_id = $4)
             ORDER BY document_id, position, id")))
            .bind(tender_id)
            .bind(f.category.map(|c| c.as_str()))
            .bind(f.strength.map(|s| s.as_str()))
            .bind(f.document_id)
            .fetch_all(pool).await)?,
        )
    }

    pub async fn requirement(&self, id: i64) -> Result<Requirement> {
        on_pool!(self, pool => sqlx::query_as::<_, Requirement>(sqlx::AssertSqlSafe(format!(
            "SELECT {REQ_COLUMNS} FROM requirements WHERE id = $1")))
            .bind(id).fetch_optional(pool).await)?
        .ok_or(Error::NotFound("requirement"))
    }

    pub async fn update_requirement(
        &self,
        id: i64,
        text: &str,
        strength: Strength,
        category: Category,
    ) -> Result<Requirement> {
        let text = checked_text(text)?;
        let n = on_pool!(self, pool => sqlx::query("UPDATE requirements SET text = $1, strength = $2, category = $3 WHERE id = $4")
            .bind(text).bind(strength.as_str()).bind(category.as_str()).bind(id)
            .execute(pool).await.map(|r| r.rows_affected()))?;
        if n == 0 {
            return Err(Error::NotFound("requirement"));
        }
        self.requirement(id).await
    }

    /// Adds a requirement by hand (one the extraction missed).
    pub async fn add_requirement(
        &self,
        tender_id: i64,
        reference: &str,
        text: &str,
        strength: Strength,
        category: Category,
    ) -> Result<Requirement> {
        let text = checked_text(text)?;
        self.get_tender(tender_id).await?;
        let id = on_pool!(self, pool => sqlx::query_scalar::<_, i64>(
            "INSERT INTO requirements (tender_id, reference, text, strength, category, position)
             VALUES ($1, $2, $3, $4, $5, (SELECT COALESCE(MAX(position), 0) + 1 FROM requirements WHERE tender_id = $1)) RETURNING id")
            .bind(tender_id).bind(reference.trim()).bind(text).bind(strength.as_str()).bind(category.as_str())
            .fetch_one(pool).await)?;
        self.requirement(id).await
    }

    /// Merges requirements of one tender into the first: texts joined, the strongest strength
    /// kept, the others deleted. All or nothing.
    pub async fn merge_requirements(&self, tender_id: i64, ids: &[i64]) -> Result<Requirement> {
        if ids.len() < 2 || ids.len() > 100 {
            return Err(Error::Invalid(
                "choose 2 to 100 requirements to merge".into(),
            ));
        }
        let mut items = Vec::with_capacity(ids.len());
        for id in ids {
            let r = self.requirement(*id).await?;
            if r.tender_id != tender_id {
                return Err(Error::Invalid(
                    "the requirements belong to another tender".into(),
                ));
            }
            items.push(r);
        }
        let Some(first) = items.first().cloned() else {
            return Err(Error::Invalid("nothing to merge".into()));
        };
        let text = items
            .iter()
            .map(|r| r.text.trim())
            .collect::<Vec<_>>()
            .join(" ");
        let strength = if items.iter().any(|r| r.strength == Strength::Mandatory) {
            Strength::Mandatory
        } else {
            Strength::Desirable
        };
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE requirements SET text = $1, strength = $2 WHERE id = $3")
                .bind(&text).bind(strength.as_str()).bind(first.id).execute(&mut *tx).await?;
            for r in items.iter().skip(1) {
                sqlx::query("DELETE FROM requirements WHERE id = $1").bind(r.id).execute(&mut *tx).await?;
            }
            tx.commit().await
        })?;
        self.requirement(first.id).await
    }

    /// The outline of a piece, in document order.
    pub async fn sections(&self, document_id: i64) -> Result<Vec<Section>> {
        Ok(on_pool!(self, pool => sqlx::query_as::<_, Section>(
            "SELECT id, document_id, parent_id, reference, title, level, page, position FROM sections
             WHERE document_id = $1 ORDER BY position")
            .bind(document_id).fetch_all(pool).await)?)
    }

    /// A user's correction of a piece: its kind, and the lot it concerns (`Some(None)`:
    /// common to every lot; its sections and requirements that name no lot of their own
    /// follow it); None leaves each as it is. Checked first, then one statement: a bad lot
    /// changes nothing.
    pub async fn correct_document(
        &self,
        document_id: i64,
        kind: Option<crate::model::DocKind>,
        lot: Option<Option<u32>>,
    ) -> Result<()> {
        use crate::understand::scope::MAX_LOT;
        if lot.flatten().is_some_and(|l| !(1..=MAX_LOT).contains(&l)) {
            return Err(Error::Invalid(format!(
                "lot: a number from 1 to {MAX_LOT} is expected"
            )));
        }
        let n = on_pool!(self, pool => sqlx::query(
            "UPDATE documents SET kind = COALESCE($1, kind),
                 lot_number = CASE WHEN $2 THEN $3 ELSE lot_number END
             WHERE id = $4")
            .bind(kind.map(|k| k.as_str())).bind(lot.is_some())
            .bind(lot.flatten().map(|l| l as i32)).bind(document_id)
            .execute(pool).await.map(|r| r.rows_affected()))?;
        if n == 0 {
            Err(Error::NotFound("document"))
        } else {
            Ok(())
        }
    }
}

fn checked_text(text: &str) -> Result<&str> {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > 10_000 {
        return Err(Error::Invalid(
            "a requirement has 1 to 10,000 characters".into(),
        ));
    }
    Ok(t)
}
