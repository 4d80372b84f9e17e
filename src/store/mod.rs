//! Storage: one `Store` over an embedded SQLite file (default) or PostgreSQL (teams, several
//! app nodes). The same SQL text runs on both (`$1` placeholders work in SQLite too).

mod access;
mod accounts;
mod audit;
mod decp;
mod documents;
mod files;
mod grids;
mod library;
mod objections;
mod pipeline;
mod requirements;
mod responses;
mod search;
mod sessions;
mod tenders;
mod users;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::error::{Error, Result};

pub use access::{Membership, TenderAccess};
pub use accounts::{AccountInput, AccountSummary, StakeholderInput};
pub use decp::{DecpReport, PastContract, Winner, WinnerQuery};
pub use documents::NoticePlan;
pub use files::FileStore;
pub use library::{BlockInput, CompanySettings, LibraryImage, normalize_tags};
pub use objections::{ClauseInput, ObjectionInput, Seeded};
pub use pipeline::{
    AccountHistoryLine, DashboardFilter, DashboardPage, DashboardRow, Review, TenderResult,
};
pub use requirements::RequirementFilter;
pub use responses::{OutlineReport, SectionMeta};
pub use search::Change;
pub use sessions::{Session, SessionUser};
pub use tenders::{BuyerImport, LotImport, StakeholderImport, TenderDetail, TenderImport};

/// The database, whichever backend holds it. Cheap to clone (pools are shared).
#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs the same expression on whichever pool the store holds; `$pool` names the pool
/// (or a transaction made from it) inside the expression. The code is written once and
/// compiled for each backend.
macro_rules! on_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match $store {
            $crate::store::Store::Sqlite($pool) => $body,
            $crate::store::Store::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_pool;

impl Store {
    /// Connects to `url` (`sqlite://PATH` or `postgres://...`), creating the SQLite file if
    /// missing, then applies the migrations of that backend.
    pub async fn connect(url: &str) -> Result<Store> {
        let store = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let opts = PgConnectOptions::from_str(url)
                .map_err(|_| Error::Invalid("database URL".into()))?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(opts)
                .await?;
            Store::Postgres(pool)
        } else if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)
                .map_err(|_| Error::Invalid("database URL".into()))?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .connect_with(opts)
                .await?;
            Store::Sqlite(pool)
        } else {
            return Err(Error::Invalid(
                "the database URL must start with sqlite: or postgres://".into(),
            ));
        };
        store.migrate().await?;
        Ok(store)
    }

    /// The default SQLite URL for a data folder.
    pub fn sqlite_url(data_dir: &Path) -> String {
        format!("sqlite://{}", data_dir.join("tenderdesk.db").display())
    }

    async fn migrate(&self) -> Result<()> {
        // Several app nodes may start together on PostgreSQL: sqlx takes an advisory lock.
        match self {
            Store::Sqlite(pool) => sqlx::migrate!("migrations/sqlite").run(pool).await?,
            Store::Postgres(pool) => sqlx::migrate!("migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }

    /// A trivial query, for health checks.
    pub async fn ping(&self) -> Result<()> {
        on_pool!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))?;
        Ok(())
    }

    pub async fn close(&self) {
        on_pool!(self, pool => pool.close().await)
    }
}
