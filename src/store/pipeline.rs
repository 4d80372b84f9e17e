//! The pipeline dashboard: one page of tenders in due order with their owner, counts by stage
//! in one aggregate, a board (a few cards per stage), and stage changes.

mod gonogo;
mod results;

use chrono::{DateTime, Duration, Utc};

use super::tenders::{TENDER_SELECT, TenderRow};
use super::{Store, on_pool};
use crate::error::{Error, Result};
use crate::model::{Stage, Tender};
use crate::pipeline::due::{Due, WEEK_DAYS, closed_codes};

pub use gonogo::Review;
pub use results::{AccountHistoryLine, TenderResult};

/// Which tenders the dashboard shows.
#[derive(Debug, Clone, Default)]
pub struct DashboardFilter {
    pub stage: Option<Stage>,
    pub owner_id: Option<i64>,
    pub account_id: Option<i64>,
    pub due: Option<Due>,
    /// The user whose readable tenders only are shown (see `access`); None: every tender
    /// (admins and bid managers read everything).
    pub reader: Option<i64>,
}

/// Largest page.
pub const MAX_PER_PAGE: i64 = 200;

/// A tender as the dashboard shows it.
#[derive(Debug, Clone)]
pub struct DashboardRow {
    pub tender: Tender,
    pub owner: Option<String>,
    pub due: Due,
}

/// One page of the dashboard and the counts of every stage under the same filter.
#[derive(Debug, Clone)]
pub struct DashboardPage {
    pub rows: Vec<DashboardRow>,
    /// Tenders matching the filter (all pages).
    pub total: i64,
    /// Tenders per stage, the stage filter aside, in `Stage::ALL` order.
    pub by_stage: Vec<(Stage, i64)>,
}

#[derive(sqlx::FromRow)]
struct DashRow {
    #[sqlx(flatten)]
    t: TenderRow,
    owner_name: Option<String>,
    due_rank: i32,
}

impl TryFrom<DashRow> for DashboardRow {
    type Error = Error;
    fn try_from(r: DashRow) -> Result<Self> {
        let due = Due::ALL
            .iter()
            .copied()
            .find(|d| d.rank() == r.due_rank)
            .unwrap_or(Due::Closed);
        Ok(DashboardRow {
            tender: Tender::try_from(r.t)?,
            owner: r.owner_name,
            due,
        })
    }
}

/// The due group of a row in SQL; `$1` is now, `$2` a week from now. Mirrors `due::due`.
fn due_sql() -> String {
    let closed = closed_codes()
        .iter()
        .map(|c| format!("'{c}'"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "CASE WHEN t.stage IN ({closed}) THEN 4 WHEN t.deadline IS NULL THEN 3 \
         WHEN t.deadline < $1 THEN 0 WHEN t.deadline < $2 THEN 1 ELSE 2 END"
    )
}

/// The filter on `$3` (stage), `$4` (owner), `$5` (account), `$6` (due rank), NULL = any;
/// and `$7` the reader: a restricted tender shows only to its owner and members (as
/// `Store::can_read_tender` decides).
fn where_sql(due: &str) -> String {
    format!(
        "($3 IS NULL OR t.stage = $3) AND ($4 IS NULL OR t.owner_id = $4) \
         AND ($5 IS NULL OR t.account_id = $5) AND ($6 IS NULL OR {due} = $6) \
         AND ($7 IS NULL OR NOT t.restricted OR t.owner_id = $7 OR EXISTS \
             (SELECT 1 FROM tender_members m WHERE m.tender_id = t.id AND m.user_id = $7))"
    )
}

/// The tender columns and joins of `TENDER_SELECT`, with the owner's name and the due group.
fn select_sql(due: &str) -> String {
    let (columns, from) = TENDER_SELECT
        .split_once(" FROM tenders t")
        .unwrap_or((TENDER_SELECT, ""));
    format!(
        "{columns}, u.name AS owner_name, {due} AS due_rank FROM tenders t{from} \
         LEFT JOIN users u ON u.id = t.owner_id"
    )
}

impl Store {
    /// Page `page` (from 1) of `per_page` tenders: overdue and this week first, then by
    /// deadline (see `pipeline::due`).
    pub async fn dashboard(
        &self,
        filter: &DashboardFilter,
        page: i64,
        per_page: i64,
        now: DateTime<Utc>,
    ) -> Result<DashboardPage> {
        let per_page = per_page.clamp(1, MAX_PER_PAGE);
        let offset = (page.max(1) - 1).saturating_mul(per_page);
        let rows = self.dashboard_rows(filter, per_page, offset, now).await?;
        let (by_stage, total) = self.stage_counts(filter, now).await?;
        Ok(DashboardPage {
            rows,
            total,
            by_stage,
        })
    }

    /// `limit` tenders from `offset`, in due order.
    async fn dashboard_rows(
        &self,
        filter: &DashboardFilter,
        limit: i64,
        offset: i64,
        now: DateTime<Utc>,
    ) -> Result<Vec<DashboardRow>> {
        let week = now + Duration::days(WEEK_DAYS);
        let due = due_sql();
        let sql = format!(
            "{} WHERE {} ORDER BY due_rank, t.deadline, t.id LIMIT $8 OFFSET $9",
            select_sql(&due),
            where_sql(&due)
        );
        let stage = filter.stage.map(Stage::as_str);
        let rows = on_pool!(self, pool => sqlx::query_as::<_, DashRow>(sqlx::AssertSqlSafe(sql))
            .bind(now).bind(week).bind(stage).bind(filter.owner_id).bind(filter.account_id)
            .bind(filter.due.map(Due::rank)).bind(filter.reader).bind(limit).bind(offset)
            .fetch_all(pool).await)?;
        rows.into_iter().map(DashboardRow::try_from).collect()
    }

    /// Tenders per stage under the filter (its stage aside), in `Stage::ALL` order, and the
    /// number matching the whole filter: one aggregate query.
    pub async fn stage_counts(
        &self,
        filter: &DashboardFilter,
        now: DateTime<Utc>,
    ) -> Result<(Vec<(Stage, i64)>, i64)> {
        let week = now + Duration::days(WEEK_DAYS);
        let due = due_sql();
        let count_sql = format!(
            "SELECT t.stage, COUNT(*) AS n FROM tenders t WHERE {} GROUP BY t.stage",
            where_sql(&due)
        );
        let counts: Vec<(String, i64)> = on_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(count_sql))
            .bind(now).bind(week).bind(None::<&str>).bind(filter.owner_id).bind(filter.account_id)
            .bind(filter.due.map(Due::rank)).bind(filter.reader)
            .fetch_all(pool).await)?;
        let count_of = |s: Stage| {
            counts
                .iter()
                .find(|(code, _)| code == s.as_str())
                .map(|(_, n)| *n)
                .unwrap_or(0)
        };
        let by_stage: Vec<(Stage, i64)> = Stage::ALL.iter().map(|s| (*s, count_of(*s))).collect();
        let total = match filter.stage {
            Some(s) => count_of(s),
            None => counts.iter().map(|(_, n)| n).sum(),
        };
        Ok((by_stage, total))
    }

    /// The board: for each stage, its first `per_stage` tenders in due order (one small query
    /// per stage, each sorting only that stage's tenders).
    pub async fn board(
        &self,
        filter: &DashboardFilter,
        per_stage: i64,
        now: DateTime<Utc>,
    ) -> Result<Vec<DashboardRow>> {
        let per_stage = per_stage.clamp(1, MAX_PER_PAGE);
        let stages: Vec<Stage> = match filter.stage {
            Some(s) => vec![s],
            None => Stage::ALL.to_vec(),
        };
        let mut out = Vec::new();
        for stage in stages {
            let one = DashboardFilter {
                stage: Some(stage),
                ..filter.clone()
            };
            out.extend(self.dashboard_rows(&one, per_stage, 0, now).await?);
        }
        Ok(out)
    }

    /// Moves a tender to another stage.
    pub async fn set_stage(&self, tender_id: i64, stage: Stage) -> Result<()> {
        let done = on_pool!(self, pool => sqlx::query(
            "UPDATE tenders SET stage = $1, updated_at = $2 WHERE id = $3")
            .bind(stage.as_str()).bind(Utc::now()).bind(tender_id)
            .execute(pool).await.map(|r| r.rows_affected()))?;
        if done == 0 {
            return Err(Error::NotFound("tender"));
        }
        Ok(())
    }

    /// Gives a tender an owner (or none).
    pub async fn set_owner(&self, tender_id: i64, owner_id: Option<i64>) -> Result<()> {
        let done = on_pool!(self, pool => sqlx::query(
            "UPDATE tenders SET owner_id = $1, updated_at = $2 WHERE id = $3")
            .bind(owner_id).bind(Utc::now()).bind(tender_id)
            .execute(pool).await.map(|r| r.rows_affected()))?;
        if done == 0 {
            return Err(Error::NotFound("tender"));
        }
        Ok(())
    }
}
