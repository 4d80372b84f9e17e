//! The one error type of the library; the web layer maps it to status codes.

/// What went wrong. Messages of `Invalid`, `Conflict` and `NotFound` are meant for users;
/// the others carry internal detail that is logged, never shown.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("invalid: {0}")]
    Invalid(String),
    #[error("authentication required")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    #[error("too many attempts, retry in {0} s")]
    Throttled(u64),
    #[error("database: {0}")]
    Database(sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("search index: {0}")]
    Search(#[from] tantivy::TantivyError),
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    #[error("internal: {0}")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<sqlx::Error> for Error {
    /// Constraint violations are the caller's mistake (409/422), not a server failure.
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => Error::NotFound("record"),
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                Error::Conflict("already exists".into())
            }
            sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
                Error::Invalid("refers to a record that does not exist".into())
            }
            sqlx::Error::Database(db) if db.is_check_violation() => {
                Error::Invalid("a value is out of its allowed range".into())
            }
            _ => Error::Database(e),
        }
    }
}

impl From<crate::model::ValueError> for Error {
    fn from(e: crate::model::ValueError) -> Self {
        Error::Invalid(e.to_string())
    }
}
