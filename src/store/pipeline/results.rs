//! After the result: won or lost, awarded price, rank, debrief; the decided tenders the win
//! rates are computed from; and the team challenges with what each has achieved.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::super::{Store, on_pool};
use crate::error::{Error, Result};
use crate::model::Stage;
use crate::pipeline::challenges::{self, Measure, Standing};
use crate::pipeline::winrate::{Outcome, cpv_division};

/// The result of a tender.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct TenderResult {
    pub tender_id: i64,
    pub outcome: String,
    pub awarded_price_cents: Option<i64>,
    pub rank: Option<i32>,
    pub reasons: String,
    pub recorded_at: DateTime<Utc>,
}

/// One of our tenders with a buyer, for the account's history.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AccountHistoryLine {
    pub id: i64,
    pub title: String,
    pub stage: String,
    pub estimated_value_cents: Option<i64>,
    pub awarded_price_cents: Option<i64>,
    pub deadline: Option<DateTime<Utc>>,
}

impl Store {
    /// Records the result and moves the tender to "gagné" or "perdu", together.
    pub async fn set_result(
        &self,
        tender_id: i64,
        won: bool,
        awarded_price_cents: Option<i64>,
        rank: Option<i32>,
        reasons: &str,
    ) -> Result<()> {
        if rank.is_some_and(|r| r < 1) || awarded_price_cents.is_some_and(|p| p < 0) {
            return Err(Error::Invalid("rank from 1, price not negative".into()));
        }
        if reasons.chars().count() > 10_000 {
            return Err(Error::Invalid("reasons up to 10 000 characters".into()));
        }
        let stage = if won { Stage::Won } else { Stage::Lost };
        let now = Utc::now();
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let done = sqlx::query("UPDATE tenders SET stage = $1, updated_at = $2 WHERE id = $3")
                .bind(stage.as_str()).bind(now).bind(tender_id).execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                return Err(Error::NotFound("tender"));
            }
            sqlx::query("INSERT INTO tender_results (tender_id, outcome, awarded_price_cents, rank, reasons, recorded_at)
                         VALUES ($1, $2, $3, $4, $5, $6)
                         ON CONFLICT (tender_id) DO UPDATE SET outcome = excluded.outcome,
                           awarded_price_cents = excluded.awarded_price_cents, rank = excluded.rank,
                           reasons = excluded.reasons, recorded_at = excluded.recorded_at")
                .bind(tender_id).bind(stage.as_str()).bind(awarded_price_cents).bind(rank)
                .bind(reasons.trim()).bind(now)
                .execute(&mut *tx).await?;
            tx.commit().await?;
            Ok::<(), Error>(())
        })
    }

    pub async fn tender_result(&self, tender_id: i64) -> Result<Option<TenderResult>> {
        Ok(on_pool!(self, pool => sqlx::query_as::<_, TenderResult>(
            "SELECT tender_id, outcome, awarded_price_cents, rank, reasons, recorded_at
             FROM tender_results WHERE tender_id = $1")
            .bind(tender_id).fetch_optional(pool).await)?)
    }

    /// Every won or lost tender, with what the win rates group by.
    pub async fn outcomes(&self) -> Result<Vec<Outcome>> {
        type Row = (
            Option<String>,
            Option<String>,
            String,
            Option<String>,
            Option<DateTime<Utc>>,
            String,
        );
        let rows: Vec<Row> = on_pool!(self, pool => sqlx::query_as(
            "SELECT a.typology, a.sector, t.cpv_codes, u.name, t.deadline, t.stage
             FROM tenders t LEFT JOIN accounts a ON a.id = t.account_id LEFT JOIN users u ON u.id = t.owner_id
             WHERE t.stage IN ('gagne', 'perdu')")
            .fetch_all(pool).await)?;
        Ok(rows
            .into_iter()
            .map(|(typology, sector, cpv, owner, deadline, stage)| Outcome {
                typology: typology.unwrap_or_default(),
                sector: sector.unwrap_or_default(),
                cpv: cpv_division(&cpv),
                owner: owner.unwrap_or_default(),
                month: deadline
                    .map(|d| d.format("%Y-%m").to_string())
                    .unwrap_or_default(),
                won: stage == Stage::Won.as_str(),
            })
            .collect())
    }

    /// Our tenders with a buyer, the latest deadline first.
    pub async fn account_history(&self, account_id: i64) -> Result<Vec<AccountHistoryLine>> {
        Ok(
            on_pool!(self, pool => sqlx::query_as::<_, AccountHistoryLine>(
            "SELECT t.id, t.title, t.stage, t.estimated_value_cents, r.awarded_price_cents, t.deadline
             FROM tenders t LEFT JOIN tender_results r ON r.tender_id = t.id
             WHERE t.account_id = $1 ORDER BY t.deadline DESC, t.id DESC LIMIT 500")
            .bind(account_id).fetch_all(pool).await)?,
        )
    }

    /// Adds a challenge: a target per seller (`user_id`) or per `region`, over a period.
    #[allow(clippy::too_many_arguments)]
    pub async fn add_challenge(
        &self,
        name: &str,
        measure: Measure,
        user_id: Option<i64>,
        region: &str,
        sector: &str,
        target: i64,
        period: (NaiveDate, NaiveDate),
    ) -> Result<i64> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 200 || target < 1 || period.1 < period.0 {
            return Err(Error::Invalid(
                "a challenge needs a name, a target of at least 1 and a period that ends after it starts".into(),
            ));
        }
        if user_id.is_none() && region.trim().is_empty() {
            return Err(Error::Invalid(
                "a challenge is for a seller or a region".into(),
            ));
        }
        Ok(on_pool!(self, pool => sqlx::query_scalar::<_, i64>(
            "INSERT INTO challenges (name, measure, user_id, region, sector, target, starts_on, ends_on, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id")
            .bind(name).bind(measure.as_str()).bind(user_id).bind(region.trim()).bind(sector.trim())
            .bind(target).bind(period.0.to_string()).bind(period.1.to_string()).bind(Utc::now())
            .fetch_one(pool).await)?)
    }

    /// The leaderboard: every challenge with its sector-adjusted target and what was achieved
    /// in its period (bids = tenders submitted or decided, wins = tenders won, new clients =
    /// distinct accounts won), best first. Tenders record no region: a region challenge (no
    /// seller) counts the team's tenders of its sector.
    pub async fn leaderboard(&self) -> Result<Vec<Standing>> {
        type Row = (
            i64,
            String,
            String,
            Option<i64>,
            Option<String>,
            String,
            String,
            i32,
            String,
            String,
        );
        let rows: Vec<Row> = on_pool!(self, pool => sqlx::query_as(
            "SELECT c.id, c.name, c.measure, c.user_id, u.name, c.region, c.sector, c.target, c.starts_on, c.ends_on
             FROM challenges c LEFT JOIN users u ON u.id = c.user_id ORDER BY c.id")
            .fetch_all(pool).await)?;
        let potentials: Vec<(String, Option<i64>)> = on_pool!(self, pool => sqlx::query_as(
            "SELECT a.sector, CAST(SUM(t.estimated_value_cents) AS BIGINT) FROM tenders t
             JOIN accounts a ON a.id = t.account_id
             WHERE t.stage NOT IN ('depose', 'gagne', 'perdu', 'abandonne') AND a.sector <> ''
             GROUP BY a.sector")
            .fetch_all(pool).await)?;
        let all: Vec<i64> = potentials.iter().filter_map(|(_, p)| *p).collect();
        let mut out = Vec::new();
        for (id, name, measure, user_id, user, region, sector, target, starts, ends) in rows {
            let measure = Measure::parse(&measure)?;
            let potential = potentials
                .iter()
                .find(|(s, _)| !sector.is_empty() && *s == sector)
                .and_then(|(_, p)| *p);
            let factor = challenges::sector_factor(potential, &all);
            let target = i64::from(target);
            let adjusted = challenges::adjusted_target(target, factor);
            let actual = self
                .achieved(measure, user_id, &sector, &starts, &ends)
                .await?;
            out.push(Standing {
                challenge_id: id,
                name,
                who: user.unwrap_or(region),
                measure,
                target,
                adjusted,
                actual,
                percent: challenges::percent(actual, adjusted),
            });
        }
        Ok(challenges::rank(out))
    }

    /// What a seller (or, without one, the team in the sector) achieved between two dates
    /// (deadlines in the period, `YYYY-MM-DD` inclusive).
    async fn achieved(
        &self,
        measure: Measure,
        user_id: Option<i64>,
        sector: &str,
        starts: &str,
        ends: &str,
    ) -> Result<i64> {
        let parse = |d: &str| {
            NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| Error::Internal("challenge period unreadable".into()))
        };
        let from = parse(starts)?.and_hms_opt(0, 0, 0).map(|d| d.and_utc());
        let to = parse(ends)?.and_hms_opt(23, 59, 59).map(|d| d.and_utc());
        let stages = match measure {
            Measure::Bids => "'depose', 'gagne', 'perdu'",
            Measure::Wins | Measure::NewClients => "'gagne'",
        };
        let counted = match measure {
            Measure::NewClients => "COUNT(DISTINCT t.account_id)",
            _ => "COUNT(*)",
        };
        let sql = format!(
            "SELECT {counted} FROM tenders t LEFT JOIN accounts a ON a.id = t.account_id
             WHERE t.stage IN ({stages}) AND t.deadline >= $1 AND t.deadline <= $2
               AND ($3 IS NULL OR t.owner_id = $3) AND ($4 = '' OR a.sector = $4)"
        );
        Ok(
            on_pool!(self, pool => sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql))
            .bind(from).bind(to).bind(user_id).bind(sector).fetch_one(pool).await)?,
        )
    }
}
