//! Tenders with their buyer, lots, criteria tree and buying centre.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::{Store, on_pool};
use crate::error::{Error, Result};
use crate::model::{
    BuyingRole, Criterion, CriterionInput, Deadline, Lot, Money, NewTender, Stage, Stakeholder,
    Tender, Typology, flatten_criteria,
};

#[derive(sqlx::FromRow)]
pub(super) struct TenderRow {
    id: i64,
    title: String,
    reference: Option<String>,
    account_id: Option<i64>,
    buyer: Option<String>,
    stage: String,
    owner_id: Option<i64>,
    procedure: Option<String>,
    deadline: Option<DateTime<Utc>>,
    deadline_tz: Option<String>,
    estimated_value_cents: Option<i64>,
    cpv_codes: String,
    summary: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<TenderRow> for Tender {
    type Error = Error;
    fn try_from(r: TenderRow) -> Result<Tender> {
        let tz = match r.deadline_tz.as_deref() {
            Some(name) => Deadline::parse_tz(name)?,
            None => Deadline::DEFAULT_TZ,
        };
        Ok(Tender {
            id: r.id,
            title: r.title,
            reference: r.reference,
            account_id: r.account_id,
            buyer: r.buyer,
            stage: Stage::parse(&r.stage)?,
            owner_id: r.owner_id,
            procedure: r.procedure,
            deadline: r.deadline.map(|at| Deadline { at, tz }),
            estimated_value: r.estimated_value_cents.map(Money),
            cpv_codes: r
                .cpv_codes
                .split(',')
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect(),
            summary: r.summary,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

/// A tender with what its page shows first.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TenderDetail {
    pub tender: Tender,
    pub lots: Vec<Lot>,
    pub criteria: Vec<Criterion>,
    pub stakeholders: Vec<Stakeholder>,
}

/// A whole tender to load at once (the demo, later a notice): all of it or nothing.
#[derive(Debug, Clone, Deserialize)]
pub struct TenderImport {
    pub source_key: String,
    pub title: String,
    pub reference: Option<String>,
    pub procedure: Option<String>,
    /// RFC 3339, or local "YYYY-MM-DD HH:MM" in `deadline_tz`.
    pub deadline: Option<String>,
    pub deadline_tz: Option<String>,
    pub estimated_value: Option<String>,
    #[serde(default)]
    pub cpv_codes: Vec<String>,
    #[serde(default)]
    pub summary: String,
    pub buyer: Option<BuyerImport>,
    #[serde(default)]
    pub lots: Vec<LotImport>,
    #[serde(default)]
    pub criteria: Vec<CriterionInput>,
    #[serde(default)]
    pub stakeholders: Vec<StakeholderImport>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct BuyerImport {
    pub name: String,
    pub siret: Option<String>,
    pub typology: Typology,
    #[serde(default)]
    pub sector: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LotImport {
    pub number: i32,
    pub title: String,
    pub estimated_value: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct StakeholderImport {
    pub name: String,
    pub role: BuyingRole,
    #[serde(default)]
    pub job_title: String,
    pub influence: i32,
    pub attitude: i32,
}

pub(super) const TENDER_SELECT: &str = "SELECT t.id, t.title, t.reference, t.account_id, a.name AS buyer, t.stage, t.owner_id,
    t.procedure, t.deadline, t.deadline_tz, t.estimated_value_cents, t.cpv_codes, t.summary, t.created_at, t.updated_at
    FROM tenders t LEFT JOIN accounts a ON a.id = t.account_id";

impl Store {
    pub async fn create_tender(&self, t: &NewTender) -> Result<i64> {
        let title = t.title.trim();
        if title.is_empty() || title.chars().count() > 500 {
            return Err(Error::Invalid(
                "a tender needs a title of 1 to 500 characters".into(),
            ));
        }
        let now = Utc::now();
        let id = on_pool!(self, pool => sqlx::query_scalar::<_, i64>(
            "INSERT INTO tenders (title, reference, account_id, stage, owner_id, procedure, deadline, deadline_tz,
                 estimated_value_cents, cpv_codes, summary, source_key, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id")
            .bind(title)
            .bind(t.reference.as_deref().map(str::trim).filter(|r| !r.is_empty()))
            .bind(t.account_id)
            .bind(Stage::Watch.as_str())
            .bind(t.owner_id)
            .bind(t.procedure.as_deref())
            .bind(t.deadline.map(|d| d.at))
            .bind(t.deadline.map(|d| d.tz.name()))
            .bind(t.estimated_value.map(Money::cents))
            .bind(t.cpv_codes.join(","))
            .bind(&t.summary)
            .bind(t.source_key.as_deref())
            .bind(now)
            .fetch_one(pool).await)?;
        Ok(id)
    }

    /// Every tender, the nearest deadline first (tenders without one last).
    pub async fn list_tenders(&self) -> Result<Vec<Tender>> {
        let rows = on_pool!(self, pool => sqlx::query_as::<_, TenderRow>(sqlx::AssertSqlSafe(format!(
            "{TENDER_SELECT} ORDER BY CASE WHEN t.deadline IS NULL THEN 1 ELSE 0 END, t.deadline, t.id")))
            .fetch_all(pool).await)?;
        rows.into_iter().map(Tender::try_from).collect()
    }

    pub async fn get_tender(&self, id: i64) -> Result<Tender> {
        let row = on_pool!(self, pool => sqlx::query_as::<_, TenderRow>(sqlx::AssertSqlSafe(format!("{TENDER_SELECT} WHERE t.id = $1")))
            .bind(id).fetch_optional(pool).await)?;
        row.ok_or(Error::NotFound("tender"))?.try_into()
    }

    /// A tender's lots, by number.
    pub async fn lots(&self, tender_id: i64) -> Result<Vec<Lot>> {
        Ok(on_pool!(self, pool => sqlx::query_as::<_, Lot>(
            "SELECT id, tender_id, number, title, estimated_value_cents FROM lots WHERE tender_id = $1 ORDER BY number")
            .bind(tender_id).fetch_all(pool).await)?)
    }

    pub async fn tender_detail(&self, id: i64) -> Result<TenderDetail> {
        let tender = self.get_tender(id).await?;
        let lots = self.lots(id).await?;
        let criteria = on_pool!(self, pool => sqlx::query_as::<_, Criterion>(
            "SELECT id, tender_id, lot_id, parent_id, position, name, weight, weight_unit, share, is_price
             FROM criteria WHERE tender_id = $1 ORDER BY id")
            .bind(id).fetch_all(pool).await)?;
        let stakeholders = on_pool!(self, pool => sqlx::query_as::<_, Stakeholder>(
            "SELECT id, tender_id, name, role, job_title, influence, attitude, notes
             FROM stakeholders WHERE tender_id = $1 ORDER BY influence DESC, name")
            .bind(id).fetch_all(pool).await)?;
        Ok(TenderDetail {
            tender,
            lots,
            criteria,
            stakeholders,
        })
    }

    /// Loads a whole tender in one transaction. Loading the same `source_key` again changes
    /// nothing and returns the existing id with `false`.
    pub async fn import_tender(&self, imp: &TenderImport) -> Result<(i64, bool)> {
        let tz = match imp.deadline_tz.as_deref() {
            Some(name) => Deadline::parse_tz(name)?,
            None => Deadline::DEFAULT_TZ,
        };
        let deadline = imp
            .deadline
            .as_deref()
            .map(|d| Deadline::parse(d, tz))
            .transpose()?;
        let value = imp
            .estimated_value
            .as_deref()
            .map(Money::parse)
            .transpose()?;
        let lots = imp
            .lots
            .iter()
            .map(|l| {
                Ok((
                    l.number,
                    l.title.trim(),
                    l.estimated_value.as_deref().map(Money::parse).transpose()?,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        let criteria = flatten_criteria(&imp.criteria).map_err(Error::Invalid)?;
        let now = Utc::now();
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let existing = sqlx::query_scalar::<_, i64>("SELECT id FROM tenders WHERE source_key = $1")
                .bind(&imp.source_key).fetch_optional(&mut *tx).await?;
            if let Some(id) = existing {
                return Ok((id, false));
            }
            let account_id = match &imp.buyer {
                None => None,
                Some(b) => {
                    let found = match b.siret.as_deref() {
                        Some(siret) => sqlx::query_scalar::<_, i64>("SELECT id FROM accounts WHERE siret = $1")
                            .bind(siret).fetch_optional(&mut *tx).await?,
                        None => None,
                    };
                    match found {
                        Some(id) => Some(id),
                        None => Some(sqlx::query_scalar::<_, i64>(
                            "INSERT INTO accounts (name, siret, typology, sector, funnel_stage, created_at)
                             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
                            .bind(b.name.trim()).bind(b.siret.as_deref()).bind(b.typology.as_str())
                            .bind(&b.sector).bind("prospect").bind(now)
                            .fetch_one(&mut *tx).await?),
                    }
                }
            };
            let tender_id = sqlx::query_scalar::<_, i64>(
                "INSERT INTO tenders (title, reference, account_id, stage, procedure, deadline, deadline_tz,
                     estimated_value_cents, cpv_codes, summary, source_key, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id")
                .bind(imp.title.trim()).bind(imp.reference.as_deref()).bind(account_id)
                .bind(Stage::Qualification.as_str()).bind(imp.procedure.as_deref())
                .bind(deadline.map(|d| d.at)).bind(deadline.map(|d| d.tz.name()))
                .bind(value.map(Money::cents)).bind(imp.cpv_codes.join(",")).bind(&imp.summary)
                .bind(&imp.source_key).bind(now)
                .fetch_one(&mut *tx).await?;
            for (number, title, value) in &lots {
                sqlx::query("INSERT INTO lots (tender_id, number, title, estimated_value_cents) VALUES ($1, $2, $3, $4)")
                    .bind(tender_id).bind(number).bind(title).bind(value.map(Money::cents))
                    .execute(&mut *tx).await?;
            }
            let mut ids: Vec<i64> = Vec::with_capacity(criteria.len());
            for c in &criteria {
                let parent_id = c.parent.and_then(|p| ids.get(p).copied());
                let id = sqlx::query_scalar::<_, i64>(
                    "INSERT INTO criteria (tender_id, parent_id, position, name, weight, weight_unit, share, is_price)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
                    .bind(tender_id).bind(parent_id).bind(c.position).bind(&c.name).bind(c.weight)
                    .bind(c.unit.as_str()).bind(c.share).bind(c.is_price)
                    .fetch_one(&mut *tx).await?;
                ids.push(id);
            }
            for s in &imp.stakeholders {
                sqlx::query("INSERT INTO stakeholders (tender_id, name, role, job_title, influence, attitude)
                             VALUES ($1, $2, $3, $4, $5, $6)")
                    .bind(tender_id).bind(s.name.trim()).bind(s.role.as_str()).bind(&s.job_title)
                    .bind(s.influence).bind(s.attitude)
                    .execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok((tender_id, true))
        })
    }
}
