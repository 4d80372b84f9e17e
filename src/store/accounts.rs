//! Accounts (buyers) with our record with them, and the stakeholders of a tender's buying
//! centre.

use chrono::Utc;
use serde::{Deserialize, Serialize};

use super::{Store, on_pool};
use crate::error::{Error, Result};
use crate::model::{Account, BuyingRole, FunnelStage, Stakeholder, Typology};

/// What a form or a script sends to create or edit an account.
#[derive(Debug, Clone, Deserialize)]
pub struct AccountInput {
    pub name: String,
    #[serde(default)]
    pub siret: Option<String>,
    pub typology: Typology,
    #[serde(default)]
    pub sector: String,
    pub funnel_stage: FunnelStage,
    #[serde(default)]
    pub payment_days: Option<i32>,
    #[serde(default)]
    pub financial_health: Option<i32>,
    #[serde(default)]
    pub notes: String,
}

impl AccountInput {
    fn check(&self) -> Result<Option<String>> {
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 300 {
            return Err(Error::Invalid(
                "an account needs a name of 1 to 300 characters".into(),
            ));
        }
        if self.payment_days.is_some_and(|d| !(0..=720).contains(&d)) {
            return Err(Error::Invalid("payment days are 0 to 720".into()));
        }
        if self.financial_health.is_some_and(|h| !(1..=5).contains(&h)) {
            return Err(Error::Invalid("financial health is 1 to 5".into()));
        }
        if self.sector.chars().count() > 200 || self.notes.chars().count() > 10_000 {
            return Err(Error::Invalid("sector or notes too long".into()));
        }
        let siret = self
            .siret
            .as_deref()
            .map(|s| s.chars().filter(|c| !c.is_whitespace()).collect::<String>())
            .filter(|s| !s.is_empty());
        if let Some(s) = &siret
            && (s.len() != 14 || !s.chars().all(|c| c.is_ascii_digit()))
        {
            return Err(Error::Invalid("a SIRET has 14 digits".into()));
        }
        Ok(siret)
    }
}

/// An account with our record with it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AccountSummary {
    #[sqlx(flatten)]
    #[serde(flatten)]
    pub account: Account,
    pub tenders: i64,
    pub won: i64,
    pub lost: i64,
    pub won_cents: Option<i64>,
}

/// What a form or a script sends for a stakeholder.
#[derive(Debug, Clone, Deserialize)]
pub struct StakeholderInput {
    pub name: String,
    pub role: BuyingRole,
    #[serde(default)]
    pub job_title: String,
    pub influence: i32,
    pub attitude: i32,
    #[serde(default)]
    pub notes: String,
}

impl StakeholderInput {
    fn check(&self) -> Result<()> {
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(Error::Invalid(
                "a stakeholder needs a name of 1 to 200 characters".into(),
            ));
        }
        if !(1..=5).contains(&self.influence) || !(-2..=2).contains(&self.attitude) {
            return Err(Error::Invalid(
                "influence is 1 to 5, attitude -2 to +2".into(),
            ));
        }
        if self.job_title.chars().count() > 200 || self.notes.chars().count() > 10_000 {
            return Err(Error::Invalid("job title or notes too long".into()));
        }
        Ok(())
    }
}

const ACCOUNT_COLUMNS: &str = "a.id, a.name, a.siret, a.typology, a.sector, a.funnel_stage, a.payment_days, a.financial_health, a.notes";

impl Store {
    /// Every account with its tenders won and lost, by name.
    pub async fn accounts(&self) -> Result<Vec<AccountSummary>> {
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS}, COUNT(t.id) AS tenders,
                 COUNT(CASE WHEN t.stage = 'gagne' THEN 1 END) AS won,
                 COUNT(CASE WHEN t.stage = 'perdu' THEN 1 END) AS lost,
                 CAST(SUM(CASE WHEN t.stage = 'gagne' THEN COALESCE(r.awarded_price_cents, t.estimated_value_cents) END) AS BIGINT) AS won_cents
             FROM accounts a LEFT JOIN tenders t ON t.account_id = a.id
             LEFT JOIN tender_results r ON r.tender_id = t.id
             GROUP BY {ACCOUNT_COLUMNS} ORDER BY a.name, a.id LIMIT 5000"
        );
        Ok(
            on_pool!(self, pool => sqlx::query_as::<_, AccountSummary>(sqlx::AssertSqlSafe(sql))
            .fetch_all(pool).await)?,
        )
    }

    pub async fn account(&self, id: i64) -> Result<Account> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.id = $1");
        on_pool!(self, pool => sqlx::query_as::<_, Account>(sqlx::AssertSqlSafe(sql))
            .bind(id).fetch_optional(pool).await)?
        .ok_or(Error::NotFound("account"))
    }

    pub async fn create_account(&self, input: &AccountInput) -> Result<i64> {
        let siret = input.check()?;
        Ok(on_pool!(self, pool => sqlx::query_scalar::<_, i64>(
            "INSERT INTO accounts (name, siret, typology, sector, funnel_stage, payment_days, financial_health, notes, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id")
            .bind(input.name.trim()).bind(siret).bind(input.typology.as_str()).bind(input.sector.trim())
            .bind(input.funnel_stage.as_str()).bind(input.payment_days).bind(input.financial_health)
            .bind(&input.notes).bind(Utc::now())
            .fetch_one(pool).await)?)
    }

    pub async fn update_account(&self, id: i64, input: &AccountInput) -> Result<()> {
        let siret = input.check()?;
        let done = on_pool!(self, pool => sqlx::query(
            "UPDATE accounts SET name = $1, siret = $2, typology = $3, sector = $4, funnel_stage = $5,
                 payment_days = $6, financial_health = $7, notes = $8 WHERE id = $9")
            .bind(input.name.trim()).bind(siret).bind(input.typology.as_str()).bind(input.sector.trim())
            .bind(input.funnel_stage.as_str()).bind(input.payment_days).bind(input.financial_health)
            .bind(&input.notes).bind(id)
            .execute(pool).await.map(|r| r.rows_affected()))?;
        if done == 0 {
            return Err(Error::NotFound("account"));
        }
        Ok(())
    }

    /// Links a tender to its buyer (or none).
    pub async fn set_tender_account(&self, tender_id: i64, account_id: Option<i64>) -> Result<()> {
        let done = on_pool!(self, pool => sqlx::query(
            "UPDATE tenders SET account_id = $1, updated_at = $2 WHERE id = $3")
            .bind(account_id).bind(Utc::now()).bind(tender_id).execute(pool).await.map(|r| r.rows_affected()))?;
        if done == 0 {
            return Err(Error::NotFound("tender"));
        }
        Ok(())
    }

    pub async fn stakeholders(&self, tender_id: i64) -> Result<Vec<Stakeholder>> {
        Ok(on_pool!(self, pool => sqlx::query_as::<_, Stakeholder>(
            "SELECT id, tender_id, name, role, job_title, influence, attitude, notes
             FROM stakeholders WHERE tender_id = $1 ORDER BY influence DESC, name, id")
            .bind(tender_id).fetch_all(pool).await)?)
    }

    pub async fn add_stakeholder(
        &self,
        tender_id: i64,
        s: &StakeholderInput,
    ) -> Result<Stakeholder> {
        s.check()?;
        Ok(on_pool!(self, pool => sqlx::query_as::<_, Stakeholder>(
            "INSERT INTO stakeholders (tender_id, name, role, job_title, influence, attitude, notes)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             RETURNING id, tender_id, name, role, job_title, influence, attitude, notes")
            .bind(tender_id).bind(s.name.trim()).bind(s.role.as_str()).bind(s.job_title.trim())
            .bind(s.influence).bind(s.attitude).bind(&s.notes)
            .fetch_one(pool).await)?)
    }

    /// Edits a stakeholder of `tender_id` (a stakeholder of another tender is not found).
    pub async fn update_stakeholder(
        &self,
        tender_id: i64,
        id: i64,
        s: &StakeholderInput,
    ) -> Result<()> {
        s.check()?;
        let done = on_pool!(self, pool => sqlx::query(
            "UPDATE stakeholders SET name = $1, role = $2, job_title = $3, influence = $4, attitude = $5, notes = $6
             WHERE id = $7 AND tender_id = $8")
            .bind(s.name.trim()).bind(s.role.as_str()).bind(s.job_title.trim()).bind(s.influence)
            .bind(s.attitude).bind(&s.notes).bind(id).bind(tender_id)
            .execute(pool).await.map(|r| r.rows_affected()))?;
        if done == 0 {
            return Err(Error::NotFound("stakeholder"));
        }
        Ok(())
    }

    pub async fn delete_stakeholder(&self, tender_id: i64, id: i64) -> Result<()> {
        let done = on_pool!(self, pool => sqlx::query(
            "DELETE FROM stakeholders WHERE id = $1 AND tender_id = $2")
            .bind(id).bind(tender_id).execute(pool).await.map(|r| r.rows_affected()))?;
        if done == 0 {
            return Err(Error::NotFound("stakeholder"));
        }
        Ok(())
    }
}
