//! Awarded contracts from DECP files: imported all at once or not at all, a record already
//! known (same kind, buyer and id) skipped; winners by buyer or CPV; winners added as
//! competitor offers of a tender.

use serde::Serialize;

use super::{Store, on_pool};
use crate::decp::Contract;
use crate::error::{Error, Result};

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DecpReport {
    pub files: usize,
    pub records: usize,
    pub added: usize,
    /// Already known (a re-import, or the same record twice).
    pub skipped: usize,
}

/// Whose past contracts to look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WinnerQuery {
    /// A buyer's SIRET (14 digits).
    Buyer(String),
    /// A CPV code or its first digits (2 to 8).
    Cpv(String),
}

impl WinnerQuery {
    /// Checks the value: digits only, so it is safe in a `LIKE` pattern.
    pub fn new(buyer: Option<&str>, cpv: Option<&str>) -> Result<WinnerQuery> {
        let digits = |s: &str, min: usize, max: usize| {
            let s = s.trim().split('-').next().unwrap_or("").to_string();
            (s.len() >= min && s.len() <= max && s.chars().all(|c| c.is_ascii_digit())).then_some(s)
        };
        match (
            buyer.filter(|s| !s.trim().is_empty()),
            cpv.filter(|s| !s.trim().is_empty()),
        ) {
            (Some(b), None) => digits(b, 9, 14)
                .map(WinnerQuery::Buyer)
                .ok_or_else(|| Error::Invalid("a buyer SIRET has 14 digits (or a SIREN 9)".into())),
            (None, Some(c)) => digits(c, 2, 8)
                .map(WinnerQuery::Cpv)
                .ok_or_else(|| Error::Invalid("a CPV code is 2 to 8 digits".into())),
            _ => Err(Error::Invalid(
                "give either a buyer SIRET or a CPV code".into(),
            )),
        }
    }
}

/// A company that won contracts of the buyer or the CPV.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Winner {
    pub name: String,
    pub siret: String,
    pub contracts: i64,
    /// Sum of the amounts of its contracts (a joint award counts in full for each holder).
    pub total_cents: Option<i64>,
}

/// A past contract of the buyer or the CPV.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct PastContract {
    pub uid: String,
    pub buyer_siret: String,
    pub buyer_name: String,
    pub object: String,
    pub cpv: String,
    pub amount_cents: Option<i64>,
    pub notified_on: Option<String>,
    pub holders: String,
}

impl WinnerQuery {
    /// The condition and its bound value.
    fn condition(&self) -> (&'static str, String) {
        match self {
            WinnerQuery::Buyer(s) if s.len() == 9 => ("c.buyer_siret LIKE $1", format!("{s}%")),
            WinnerQuery::Buyer(s) => ("c.buyer_siret = $1", s.clone()),
            WinnerQuery::Cpv(c) => ("c.cpv LIKE $1", format!("{c}%")),
        }
    }
}

impl Store {
    /// Stores the contracts read from each file in one transaction.
    pub async fn import_decp(&self, files: &[(String, Vec<Contract>)]) -> Result<DecpReport> {
        let mut report = DecpReport {
            files: files.len(),
            ..DecpReport::default()
        };
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for (source, contracts) in files {
                for c in contracts {
                    report.records += 1;
                    let id = sqlx::query_scalar::<_, i64>(
                        "INSERT INTO decp_contracts (uid, kind, buyer_siret, buyer_name, object, cpv, procedure,
                             amount_cents, notified_on, source)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                         ON CONFLICT (uid) DO NOTHING RETURNING id")
                        .bind(c.uid()).bind(c.kind.as_str()).bind(&c.buyer_siret).bind(&c.buyer_name)
                        .bind(&c.object).bind(&c.cpv).bind(&c.procedure).bind(c.amount_cents)
                        .bind(c.date.as_deref()).bind(source)
                        .fetch_optional(&mut *tx).await?;
                    let Some(id) = id else {
                        report.skipped += 1;
                        continue;
                    };
                    report.added += 1;
                    for (i, h) in c.holders.iter().enumerate() {
                        sqlx::query("INSERT INTO decp_holders (contract_id, position, id_type, holder_id, name)
                                     VALUES ($1, $2, $3, $4, $5)")
                            .bind(id).bind(i as i32).bind(&h.id_type).bind(&h.id).bind(&h.name)
                            .execute(&mut *tx).await?;
                    }
                }
            }
            tx.commit().await?;
            Ok::<(), Error>(())
        })?;
        Ok(report)
    }

    /// Who won the buyer's (or the CPV's) contracts, the largest total first.
    pub async fn decp_winners(&self, q: &WinnerQuery) -> Result<Vec<Winner>> {
        let (cond, value) = q.condition();
        let sql = format!(
            "SELECT CASE WHEN MAX(h.name) = '' THEN h.holder_id ELSE MAX(h.name) END AS name,
                 h.holder_id AS siret, COUNT(DISTINCT c.id) AS contracts,
                 CAST(SUM(c.amount_cents) AS BIGINT) AS total_cents
             FROM decp_holders h JOIN decp_contracts c ON c.id = h.contract_id
             WHERE {cond} GROUP BY h.holder_id ORDER BY total_cents DESC, contracts DESC, siret LIMIT 500"
        );
        Ok(
            on_pool!(self, pool => sqlx::query_as::<_, Winner>(sqlx::AssertSqlSafe(sql))
            .bind(value).fetch_all(pool).await)?,
        )
    }

    /// The buyer's (or the CPV's) past contracts, the latest first.
    pub async fn decp_contracts(&self, q: &WinnerQuery) -> Result<Vec<PastContract>> {
        let (cond, value) = q.condition();
        let sql = format!(
            "SELECT c.uid, c.buyer_siret, c.buyer_name, c.object, c.cpv, c.amount_cents, c.notified_on,
                 COALESCE((SELECT {agg} FROM decp_holders h WHERE h.contract_id = c.id), '') AS holders
             FROM decp_contracts c WHERE {cond} ORDER BY c.notified_on DESC, c.id DESC LIMIT 500",
            agg = match self {
                Store::Sqlite(_) => "GROUP_CONCAT(CASE WHEN h.name = '' THEN h.holder_id ELSE h.name END, ', ')",
                Store::Postgres(_) => "STRING_AGG(CASE WHEN h.name = '' THEN h.holder_id ELSE h.name END, ', ')",
            }
        );
        Ok(
            on_pool!(self, pool => sqlx::query_as::<_, PastContract>(sqlx::AssertSqlSafe(sql))
            .bind(value).fetch_all(pool).await)?,
        )
    }

    /// Adds winners as competitor offers of a tender (a name already there is left as is);
    /// returns how many were added.
    pub async fn add_competitors(&self, tender_id: i64, names: &[String]) -> Result<usize> {
        let mut added = 0;
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let exists = sqlx::query_scalar::<_, i64>("SELECT id FROM tenders WHERE id = $1")
                .bind(tender_id).fetch_optional(&mut *tx).await?;
            if exists.is_none() {
                return Err(Error::NotFound("tender"));
            }
            for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()).take(100) {
                let name: String = name.chars().take(200).collect();
                let done = sqlx::query("INSERT INTO offers (tender_id, name, is_ours) VALUES ($1, $2, $3)
                                        ON CONFLICT (tender_id, name) DO NOTHING")
                    .bind(tender_id).bind(name).bind(false)
                    .execute(&mut *tx).await?;
                added += done.rows_affected() as usize;
            }
            tx.commit().await?;
            Ok::<(), Error>(())
        })?;
        Ok(added)
    }
}
