//! The objection grid of a tender as stored: objections (sorted by priority), clauses to
//! negotiate, the buyer's argumentation per award criterion; imports and seeding in one
//! transaction each.

use super::{Store, on_pool};
use crate::error::{Error, Result};
use crate::model::{
    BuyingRole, ClausePosition, DocKind, NegotiationClause, Objection, ObjectionCategory,
    ObjectionStatus,
};
use crate::objections::{CriterionArgument, ObjectionRow, Suggested};

const OBJ_COLUMNS: &str = "id, tender_id, text, role, stakeholder_id, category, likelihood, impact, answer, proof, clause, status, source_quote, proof_block_id, seed_key";
const CLAUSE_COLUMNS: &str = "id, tender_id, clause, position, ask, concession, source_quote";

/// An objection as written in a form or sent to the API.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct ObjectionInput {
    pub text: String,
    pub role: BuyingRole,
    #[serde(default)]
    pub stakeholder_id: Option<i64>,
    pub category: ObjectionCategory,
    pub likelihood: i32,
    pub impact: i32,
    #[serde(default)]
    pub answer: String,
    #[serde(default)]
    pub proof: String,
    #[serde(default)]
    pub proof_block_id: Option<i64>,
    #[serde(default)]
    pub clause: String,
    #[serde(default = "default_status")]
    pub status: ObjectionStatus,
}

fn default_status() -> ObjectionStatus {
    ObjectionStatus::ToPrepare
}

/// A clause to negotiate as written in a form or sent to the API.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct ClauseInput {
    pub clause: String,
    pub position: ClausePosition,
    #[serde(default)]
    pub ask: String,
    #[serde(default)]
    pub concession: String,
}

/// What seeding added.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct Seeded {
    pub objections: u64,
    pub clauses: u64,
}

impl ObjectionInput {
    fn check(&self) -> Result<()> {
        if self.text.trim().is_empty() || self.text.chars().count() > 4_000 {
            return Err(Error::Invalid(
                "the objection needs a text of 1 to 4000 characters".into(),
            ));
        }
        if !crate::objections::check_scale(self.likelihood)
            || !crate::objections::check_scale(self.impact)
        {
            return Err(Error::Invalid(
                "likelihood and impact go from 1 to 5".into(),
            ));
        }
        if [&self.answer, &self.proof, &self.clause]
            .iter()
            .any(|t| t.chars().count() > 8_000)
        {
            return Err(Error::Invalid(
                "a text is longer than 8000 characters".into(),
            ));
        }
        Ok(())
    }
}

impl Store {
    /// The grid of a tender, highest priority first, then the most likely.
    pub async fn objections(&self, tender_id: i64) -> Result<Vec<Objection>> {
        Ok(
            on_pool!(self, pool => sqlx::query_as::<_, Objection>(sqlx::AssertSqlSafe(format!(
            "SELECT {OBJ_COLUMNS} FROM objections WHERE tender_id = $1
             ORDER BY likelihood * impact DESC, likelihood DESC, position, id")))
            .bind(tender_id).fetch_all(pool).await)?,
        )
    }

    pub async fn objection(&self, id: i64) -> Result<Objection> {
        on_pool!(self, pool => sqlx::query_as::<_, Objection>(sqlx::AssertSqlSafe(format!(
            "SELECT {OBJ_COLUMNS} FROM objections WHERE id = $1")))
            .bind(id).fetch_optional(pool).await)?
        .ok_or(Error::NotFound("objection"))
    }

    /// The stakeholder must be a person of the same tender.
    async fn check_person(&self, tender_id: i64, stakeholder_id: Option<i64>) -> Result<()> {
        let Some(id) = stakeholder_id else {
            return Ok(());
        };
        let found = on_pool!(self, pool => sqlx::query_scalar::<_, i64>(
            "SELECT id FROM stakeholders WHERE id = $1 AND tender_id = $2")
            .bind(id).bind(tender_id).fetch_optional(pool).await)?;
        found.map(|_| ()).ok_or_else(|| {
            Error::Invalid("this person is not in the tender's stakeholder map".into())
        })
    }

    pub async fn add_objection(&self, tender_id: i64, o: &ObjectionInput) -> Result<Objection> {
        o.check()?;
        self.get_tender(tender_id).await?;
        self.check_person(tender_id, o.stakeholder_id).await?;
        let id = on_pool!(self, pool => sqlx::query_scalar::<_, i64>(
            "INSERT INTO objections (tender_id, text, role, stakeholder_id, category, likelihood, impact, answer, proof, proof_block_id, clause, status, source_quote)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, '') RETURNING id")
            .bind(tender_id).bind(o.text.trim()).bind(o.role.as_str()).bind(o.stakeholder_id).bind(o.category.as_str())
            .bind(o.likelihood).bind(o.impact).bind(o.answer.trim()).bind(o.proof.trim()).bind(o.proof_block_id)
            .bind(o.clause.trim()).bind(o.status.as_str())
            .fetch_one(pool).await)?;
        self.objection(id).await
    }

    pub async fn update_objection(&self, id: i64, o: &ObjectionInput) -> Result<Objection> {
        o.check()?;
        let current = self.objection(id).await?;
        self.check_person(current.tender_id, o.stakeholder_id)
            .await?;
        on_pool!(self, pool => sqlx::query(
            "UPDATE objections SET text = $1, role = $2, stakeholder_id = $3, category = $4, likelihood = $5, impact = $6,
             answer = $7, proof = $8, proof_block_id = $9, clause = $10, status = $11 WHERE id = $12")
            .bind(o.text.trim()).bind(o.role.as_str()).bind(o.stakeholder_id).bind(o.category.as_str())
            .bind(o.likelihood).bind(o.impact).bind(o.answer.trim()).bind(o.proof.trim()).bind(o.proof_block_id)
            .bind(o.clause.trim()).bind(o.status.as_str()).bind(id)
            .execute(pool).await.map(|_| ()))?;
        self.objection(id).await
    }

    pub async fn delete_objection(&self, id: i64) -> Result<()> {
        let n = on_pool!(self, pool => sqlx::query("DELETE FROM objections WHERE id = $1")
            .bind(id).execute(pool).await.map(|r| r.rows_affected()))?;
        if n == 0 {
            Err(Error::NotFound("objection"))
        } else {
            Ok(())
        }
    }

    /// Adds the rows of an imported grid (after the existing ones, or instead of them), in one
    /// transaction. A person named after the role is linked to the stakeholder of that name,
    /// who is added to the map when missing.
    pub async fn import_objections(
        &self,
        tender_id: i64,
        rows: &[ObjectionRow],
        replace: bool,
    ) -> Result<u64> {
        self.get_tender(tender_id).await?;
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            if replace {
                sqlx::query("DELETE FROM objections WHERE tender_id = $1").bind(tender_id).execute(&mut *tx).await?;
            }
            for (i, r) in rows.iter().enumerate() {
                let mut person = None;
                if let Some(name) = &r.person {
                    let found = sqlx::query_scalar::<_, i64>(
                        "SELECT id FROM stakeholders WHERE tender_id = $1 AND LOWER(name) = LOWER($2) ORDER BY id LIMIT 1")
                        .bind(tender_id).bind(name).fetch_optional(&mut *tx).await?;
                    person = match found {
                        Some(id) => Some(id),
                        None => Some(sqlx::query_scalar::<_, i64>(
                            "INSERT INTO stakeholders (tender_id, name, role) VALUES ($1, $2, $3) RETURNING id")
                            .bind(tender_id).bind(name).bind(r.role.as_str()).fetch_one(&mut *tx).await?),
                    };
                }
                sqlx::query(
                    "INSERT INTO objections (tender_id, text, role, stakeholder_id, category, likelihood, impact, answer, proof, clause, status, position)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
                    .bind(tender_id).bind(&r.text).bind(r.role.as_str()).bind(person).bind(r.category.as_str())
                    .bind(r.likelihood).bind(r.impact).bind(&r.answer).bind(&r.proof).bind(&r.clause)
                    .bind(ObjectionStatus::ToPrepare.as_str()).bind(i as i64)
                    .execute(&mut *tx).await?;
            }
            tx.commit().await
        })?;
        Ok(rows.len() as u64)
    }

    /// Stores suggestions not stored yet (by key), with their clause to negotiate; the
    /// stakeholder of the role with the most influence, when there is one, raises it.
    pub async fn seed_objections(
        &self,
        tender_id: i64,
        suggestions: &[Suggested],
    ) -> Result<Seeded> {
        self.get_tender(tender_id).await?;
        let mut seeded = Seeded::default();
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for s in suggestions {
                let person = sqlx::query_scalar::<_, i64>(
                    "SELECT id FROM stakeholders WHERE tender_id = $1 AND role = $2 ORDER BY influence DESC, id LIMIT 1")
                    .bind(tender_id).bind(s.role.as_str()).fetch_optional(&mut *tx).await?;
                seeded.objections += sqlx::query(
                    "INSERT INTO objections (tender_id, text, role, stakeholder_id, category, likelihood, impact, answer, clause, status, source_quote, seed_key)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (tender_id, seed_key) DO NOTHING")
                    .bind(tender_id).bind(&s.text).bind(s.role.as_str()).bind(person).bind(s.category.as_str())
                    .bind(s.likelihood).bind(s.impact).bind(&s.answer).bind(&s.clause)
                    .bind(ObjectionStatus::ToPrepare.as_str()).bind(&s.quote).bind(s.key)
                    .execute(&mut *tx).await?.rows_affected();
                if let Some(n) = &s.negotiation {
                    seeded.clauses += sqlx::query(
                        "INSERT INTO negotiation_clauses (tender_id, clause, position, ask, concession, source_quote, seed_key)
                         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tender_id, seed_key) DO NOTHING")
                        .bind(tender_id).bind(&n.title).bind(n.position.as_str()).bind(&n.ask).bind(&n.concession)
                        .bind(&s.quote).bind(s.key)
                        .execute(&mut *tx).await?.rows_affected();
                }
            }
            tx.commit().await
        })?;
        Ok(seeded)
    }

    pub async fn negotiation_clauses(&self, tender_id: i64) -> Result<Vec<NegotiationClause>> {
        Ok(
            on_pool!(self, pool => sqlx::query_as::<_, NegotiationClause>(sqlx::AssertSqlSafe(format!(
            "SELECT {CLAUSE_COLUMNS} FROM negotiation_clauses WHERE tender_id = $1 ORDER BY id")))
            .bind(tender_id).fetch_all(pool).await)?,
        )
    }

    pub async fn negotiation_clause(&self, id: i64) -> Result<NegotiationClause> {
        on_pool!(self, pool => sqlx::query_as::<_, NegotiationClause>(sqlx::AssertSqlSafe(format!(
            "SELECT {CLAUSE_COLUMNS} FROM negotiation_clauses WHERE id = $1")))
            .bind(id).fetch_optional(pool).await)?
        .ok_or(Error::NotFound("clause"))
    }

    pub async fn add_clause(&self, tender_id: i64, c: &ClauseInput) -> Result<NegotiationClause> {
        check_clause(c)?;
        self.get_tender(tender_id).await?;
        let id = on_pool!(self, pool => sqlx::query_scalar::<_, i64>(
            "INSERT INTO negotiation_clauses (tender_id, clause, position, ask, concession) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(tender_id).bind(c.clause.trim()).bind(c.position.as_str()).bind(c.ask.trim()).bind(c.concession.trim())
            .fetch_one(pool).await)?;
        self.negotiation_clause(id).await
    }

    pub async fn update_clause(&self, id: i64, c: &ClauseInput) -> Result<NegotiationClause> {
        check_clause(c)?;
        let n = on_pool!(self, pool => sqlx::query(
            "UPDATE negotiation_clauses SET clause = $1, position = $2, ask = $3, concession = $4 WHERE id = $5")
            .bind(c.clause.trim()).bind(c.position.as_str()).bind(c.ask.trim()).bind(c.concession.trim()).bind(id)
            .execute(pool).await.map(|r| r.rows_affected()))?;
        if n == 0 {
            return Err(Error::NotFound("clause"));
        }
        self.negotiation_clause(id).await
    }

    pub async fn delete_clause(&self, id: i64) -> Result<()> {
        let n = on_pool!(self, pool => sqlx::query("DELETE FROM negotiation_clauses WHERE id = $1")
            .bind(id).execute(pool).await.map(|r| r.rows_affected()))?;
        if n == 0 {
            Err(Error::NotFound("clause"))
        } else {
            Ok(())
        }
    }

    /// Every award criterion of the tender, in the buyer's order, with its argumentation.
    pub async fn criterion_arguments(&self, tender_id: i64) -> Result<Vec<CriterionArgument>> {
        let rows = on_pool!(self, pool => sqlx::query_as::<_, (i64, String, f64, Option<String>, Option<String>)>(
            "SELECT c.id, c.name, c.share, a.checks, a.proof FROM criteria c
             LEFT JOIN criterion_arguments a ON a.criterion_id = c.id
             WHERE c.tender_id = $1 ORDER BY c.position, c.id")
            .bind(tender_id).fetch_all(pool).await)?;
        Ok(rows
            .into_iter()
            .map(
                |(criterion_id, name, share, checks, proof)| CriterionArgument {
                    criterion_id,
                    name,
                    share,
                    checks: checks.unwrap_or_default(),
                    proof: proof.unwrap_or_default(),
                },
            )
            .collect())
    }

    /// Sets what the buyer will check on a criterion of `tender_id`, and our proof.
    pub async fn set_criterion_argument(
        &self,
        tender_id: i64,
        criterion_id: i64,
        checks: &str,
        proof: &str,
    ) -> Result<()> {
        if checks.chars().count() > 8_000 || proof.chars().count() > 8_000 {
            return Err(Error::Invalid(
                "a text is longer than 8000 characters".into(),
            ));
        }
        let owner = on_pool!(self, pool => sqlx::query_scalar::<_, i64>("SELECT tender_id FROM criteria WHERE id = $1")
            .bind(criterion_id).fetch_optional(pool).await)?;
        if owner != Some(tender_id) {
            return Err(Error::NotFound("criterion"));
        }
        on_pool!(self, pool => sqlx::query(
            "INSERT INTO criterion_arguments (criterion_id, checks, proof) VALUES ($1, $2, $3)
             ON CONFLICT (criterion_id) DO UPDATE SET checks = excluded.checks, proof = excluded.proof")
            .bind(criterion_id).bind(checks.trim()).bind(proof.trim()).execute(pool).await.map(|_| ()))?;
        Ok(())
    }

    /// The text of every piece of a tender, page by page, with its kind and name: what
    /// seeding reads its clauses from.
    pub async fn tender_page_texts(
        &self,
        tender_id: i64,
    ) -> Result<Vec<(DocKind, String, Vec<String>)>> {
        let rows = on_pool!(self, pool => sqlx::query_as::<_, (i64, String, String, String)>(
            "SELECT d.id, d.kind, d.name, p.text FROM documents d JOIN document_pages p ON p.document_id = d.id
             WHERE d.tender_id = $1 ORDER BY d.id, p.page")
            .bind(tender_id).fetch_all(pool).await)?;
        let mut out: Vec<(i64, DocKind, String, Vec<String>)> = Vec::new();
        for (id, kind, name, text) in rows {
            match out.last_mut() {
                Some(last) if last.0 == id => last.3.push(text),
                _ => out.push((
                    id,
                    DocKind::parse(&kind).unwrap_or(DocKind::Other),
                    name,
                    vec![text],
                )),
            }
        }
        Ok(out.into_iter().map(|(_, k, n, p)| (k, n, p)).collect())
    }
}

fn check_clause(c: &ClauseInput) -> Result<()> {
    if c.clause.trim().is_empty()
        || [&c.clause, &c.ask, &c.concession]
            .iter()
            .any(|t| t.chars().count() > 8_000)
    {
        return Err(Error::Invalid(
            "the clause needs a name, and texts under 8000 characters".into(),
        ));
    }
    Ok(())
}
