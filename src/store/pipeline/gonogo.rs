//! Go / no-go: the scorecard's weights, and each tender's reviews kept as history; the
//! strategic value and the objections that feed the scorecard and the matrix.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::super::{Store, on_pool};
use crate::error::{Error, Result};
use crate::pipeline::matrix::Opportunity;
use crate::pipeline::scorecard::{
    CRITERIA, DEFAULT_WEIGHTS, Decision, GoCriterion, MAX_MARK, score,
};

/// A go / no-go review of a tender.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    pub id: i64,
    pub tender_id: i64,
    pub marks: [u8; CRITERIA],
    pub weights: [u32; CRITERIA],
    pub score: f64,
    pub decision: Decision,
    pub rationale: String,
    pub user: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct ReviewRow {
    id: i64,
    tender_id: i64,
    marks: String,
    weights: String,
    score: f64,
    decision: String,
    rationale: String,
    user_name: Option<String>,
    created_at: DateTime<Utc>,
}

impl TryFrom<ReviewRow> for Review {
    type Error = Error;
    fn try_from(r: ReviewRow) -> Result<Review> {
        let bad = |_| Error::Internal(format!("go / no-go review {} unreadable", r.id));
        Ok(Review {
            id: r.id,
            tender_id: r.tender_id,
            marks: serde_json::from_str(&r.marks).map_err(bad)?,
            weights: serde_json::from_str(&r.weights).map_err(bad)?,
            score: r.score,
            decision: Decision::parse(&r.decision)?,
            rationale: r.rationale,
            user: r.user_name,
            created_at: r.created_at,
        })
    }
}

const REVIEW_SELECT: &str =
    "SELECT r.id, r.tender_id, r.marks, r.weights, r.score, r.decision, r.rationale,
    u.name AS user_name, r.created_at FROM gonogo_reviews r LEFT JOIN users u ON u.id = r.user_id";

impl Store {
    /// The scorecard's weights, in `GoCriterion::ALL` order (defaults where none was set).
    pub async fn gonogo_weights(&self) -> Result<[u32; CRITERIA]> {
        let rows: Vec<(String, i32)> = on_pool!(self, pool => sqlx::query_as(
            "SELECT criterion, weight FROM gonogo_weights").fetch_all(pool).await)?;
        let mut weights = DEFAULT_WEIGHTS;
        for (i, c) in GoCriterion::ALL.iter().enumerate() {
            if let Some((_, w)) = rows.iter().find(|(code, _)| code == c.as_str())
                && let Some(slot) = weights.get_mut(i)
            {
                *slot = u32::try_from(*w).unwrap_or(0);
            }
        }
        Ok(weights)
    }

    pub async fn set_gonogo_weights(&self, weights: &[u32; CRITERIA]) -> Result<()> {
        if weights.iter().any(|w| *w > 100) || weights.iter().sum::<u32>() == 0 {
            return Err(Error::Invalid(
                "weights are 0 to 100, at least one above 0".into(),
            ));
        }
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for (c, w) in GoCriterion::ALL.iter().zip(weights) {
                sqlx::query("INSERT INTO gonogo_weights (criterion, weight) VALUES ($1, $2)
                             ON CONFLICT (criterion) DO UPDATE SET weight = excluded.weight")
                    .bind(c.as_str()).bind(i32::try_from(*w).unwrap_or(0))
                    .execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok::<(), Error>(())
        })
    }

    /// Records a review with the current weights; the score is computed here, not trusted.
    pub async fn add_gonogo_review(
        &self,
        tender_id: i64,
        marks: &[u8; CRITERIA],
        decision: Decision,
        rationale: &str,
        user_id: Option<i64>,
    ) -> Result<Review> {
        let rationale = rationale.trim();
        if rationale.is_empty() || rationale.chars().count() > 10_000 {
            return Err(Error::Invalid(
                "a decision needs its written rationale (up to 10 000 characters)".into(),
            ));
        }
        if marks.iter().any(|m| *m > MAX_MARK) {
            return Err(Error::Invalid(format!("marks are 0 to {MAX_MARK}")));
        }
        let weights = self.gonogo_weights().await?;
        let value = score(marks, &weights).map_err(Error::Invalid)?;
        let id = on_pool!(self, pool => sqlx::query_scalar::<_, i64>(
            "INSERT INTO gonogo_reviews (tender_id, marks, weights, score, decision, rationale, user_id, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
            .bind(tender_id).bind(json(marks)).bind(json(&weights)).bind(value)
            .bind(decision.as_str()).bind(rationale).bind(user_id).bind(Utc::now())
            .fetch_one(pool).await)?;
        let row = on_pool!(self, pool => sqlx::query_as::<_, ReviewRow>(sqlx::AssertSqlSafe(
            format!("{REVIEW_SELECT} WHERE r.id = $1"))).bind(id).fetch_one(pool).await)?;
        row.try_into()
    }

    /// A tender's reviews, the latest first.
    pub async fn gonogo_reviews(&self, tender_id: i64) -> Result<Vec<Review>> {
        let rows = on_pool!(self, pool => sqlx::query_as::<_, ReviewRow>(sqlx::AssertSqlSafe(
            format!("{REVIEW_SELECT} WHERE r.tender_id = $1 ORDER BY r.id DESC")))
            .bind(tender_id).fetch_all(pool).await)?;
        rows.into_iter().map(Review::try_from).collect()
    }

    /// Likelihood and impact of the tender's objections (for the default risk mark).
    pub async fn objection_priorities(&self, tender_id: i64) -> Result<Vec<(i32, i32)>> {
        Ok(on_pool!(self, pool => sqlx::query_as::<_, (i32, i32)>(
            "SELECT likelihood, impact FROM objections WHERE tender_id = $1")
            .bind(tender_id).fetch_all(pool).await)?)
    }

    pub async fn strategic_value(&self, tender_id: i64) -> Result<Option<u8>> {
        let v: Option<i32> = on_pool!(self, pool => sqlx::query_scalar(
            "SELECT strategic FROM opportunity_ratings WHERE tender_id = $1")
            .bind(tender_id).fetch_optional(pool).await)?;
        Ok(v.and_then(|v| u8::try_from(v).ok()))
    }

    pub async fn set_strategic_value(&self, tender_id: i64, value: u8) -> Result<()> {
        if value > MAX_MARK {
            return Err(Error::Invalid(format!(
                "strategic value is 0 to {MAX_MARK}"
            )));
        }
        on_pool!(self, pool => sqlx::query(
            "INSERT INTO opportunity_ratings (tender_id, strategic) VALUES ($1, $2)
             ON CONFLICT (tender_id) DO UPDATE SET strategic = excluded.strategic")
            .bind(tender_id).bind(i32::from(value)).execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Open tenders with a go / no-go review, as matrix inputs (their latest review's marks;
    /// strategic value 0 when not set).
    pub async fn opportunities(&self) -> Result<Vec<Opportunity>> {
        let closed = crate::pipeline::due::closed_codes()
            .iter()
            .map(|c| format!("'{c}'"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT t.id, t.title, t.estimated_value_cents, r.marks, COALESCE(o.strategic, 0) AS strategic
             FROM tenders t
             JOIN gonogo_reviews r ON r.id = (SELECT MAX(id) FROM gonogo_reviews WHERE tender_id = t.id)
             LEFT JOIN opportunity_ratings o ON o.tender_id = t.id
             WHERE t.stage NOT IN ({closed}) ORDER BY t.id"
        );
        let rows: Vec<(i64, String, Option<i64>, String, i32)> = on_pool!(self, pool =>
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(pool).await)?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, title, amount, marks, strategic)| {
                let m: [u8; CRITERIA] = serde_json::from_str(&marks).ok()?;
                // Order of GoCriterion::ALL: fit, capacity, relationship, competition, margin, risk.
                Some(Opportunity {
                    tender_id: id,
                    title,
                    amount_cents: amount,
                    strategic: u8::try_from(strategic).unwrap_or(0),
                    margin: m[4],
                    relationship: m[2],
                    fit: m[0],
                    competition: m[3],
                })
            })
            .collect())
    }
}

/// Marks and weights as JSON text (arrays of numbers cannot fail to serialize).
fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}
