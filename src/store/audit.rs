//! The audit log: who did what, when, from where. Never holds a secret.

use chrono::Utc;

use super::{Store, on_pool};
use crate::error::Result;
use crate::model::AuditEntry;

impl Store {
    pub async fn audit(
        &self,
        user_id: Option<i64>,
        action: &str,
        target: &str,
        detail: &str,
        ip: Option<&str>,
    ) -> Result<()> {
        on_pool!(self, pool => sqlx::query(
            "INSERT INTO audit_log (at, user_id, action, target, detail, ip) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(Utc::now()).bind(user_id).bind(action).bind(target).bind(detail).bind(ip)
            .execute(pool).await.map(|_| ()))?;
        Ok(())
    }

    /// The most recent entries first.
    pub async fn audit_entries(&self, limit: i64) -> Result<Vec<AuditEntry>> {
        Ok(on_pool!(self, pool => sqlx::query_as::<_, AuditEntry>(
            "SELECT id, at, user_id, action, target, detail, ip FROM audit_log ORDER BY id DESC LIMIT $1")
            .bind(limit.clamp(1, 10_000)).fetch_all(pool).await)?)
    }
}
