//! Login sessions (cookie) and API tokens (bearer), both stored as SHA-256 digests.

use chrono::{DateTime, Duration, Utc};

use super::{Store, on_pool};
use crate::auth::{random_token, token_digest};
use crate::error::Result;
use crate::model::User;

/// A session as the web layer needs it: its row id and its CSRF token.
#[derive(Debug, Clone)]
pub struct Session {
    pub id: i64,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

/// The user behind a live session.
#[derive(Debug, Clone)]
pub struct SessionUser {
    pub user: User,
    pub session: Session,
}

#[derive(sqlx::FromRow)]
struct TokenRow {
    last_used_at: Option<DateTime<Utc>>,
    #[sqlx(flatten)]
    user: User,
}

/// How stale a token's `last_used_at` may grow before a request writes it again: a script
/// making thousands of calls a minute must not turn each read into a database write.
const TOKEN_USE_RESOLUTION_SECS: i64 = 60;

#[derive(sqlx::FromRow)]
struct SessionRow {
    session_id: i64,
    csrf_token: String,
    expires_at: DateTime<Utc>,
    #[sqlx(flatten)]
    user: User,
}

/// The token printed once, and what the database keeps of it.
#[derive(Debug, Clone)]
pub struct NewToken {
    pub id: i64,
    pub token: String,
}

impl Store {
    /// Starts a session; returns the cookie value (shown once, stored hashed) and the session.
    pub async fn create_session(&self, user_id: i64, ttl: Duration) -> Result<(String, Session)> {
        let token = random_token();
        let csrf = random_token();
        let now = Utc::now();
        let expires_at = now + ttl;
        let id = on_pool!(self, pool => sqlx::query_scalar::<_, i64>(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(token_digest(&token)).bind(user_id).bind(&csrf).bind(now).bind(expires_at)
            .fetch_one(pool).await)?;
        Ok((
            token,
            Session {
                id,
                csrf_token: csrf,
                expires_at,
            },
        ))
    }

    /// The user of a live session; expired sessions and disabled users give nothing.
    pub async fn session_user(&self, token: &str) -> Result<Option<SessionUser>> {
        let row = on_pool!(self, pool => sqlx::query_as::<_, SessionRow>(
            "SELECT s.id AS session_id, s.csrf_token, s.expires_at,
                    u.id, u.name, u.role, u.must_change_password, u.disabled, u.created_at
             FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled = $3")
            .bind(token_digest(token)).bind(Utc::now()).bind(false)
            .fetch_optional(pool).await)?;
        Ok(row.map(|r| SessionUser {
            user: r.user,
            session: Session {
                id: r.session_id,
                csrf_token: r.csrf_token,
                expires_at: r.expires_at,
            },
        }))
    }

    /// Ends a session on the server (logout): its cookie is worthless afterwards.
    pub async fn delete_session(&self, session_id: i64) -> Result<()> {
        on_pool!(self, pool => sqlx::query("DELETE FROM sessions WHERE id = $1").bind(session_id).execute(pool).await.map(|_| ()))?;
        Ok(())
    }

    pub async fn delete_expired_sessions(&self) -> Result<u64> {
        let done = on_pool!(self, pool => sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(Utc::now()).execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(done)
    }

    /// Creates an API token for scripts; the token itself is returned once and stored hashed.
    pub async fn create_api_token(&self, user_id: i64, name: &str) -> Result<NewToken> {
        let token = format!("td_{}", random_token());
        let id = on_pool!(self, pool => sqlx::query_scalar::<_, i64>(
            "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(user_id).bind(name.trim()).bind(token_digest(&token)).bind(Utc::now())
            .fetch_one(pool).await)?;
        Ok(NewToken { id, token })
    }

    /// The user behind a bearer token that is neither revoked nor owned by a disabled user.
    /// Its last use is recorded to the minute.
    pub async fn token_user(&self, token: &str) -> Result<Option<User>> {
        let digest = token_digest(token);
        let row = on_pool!(self, pool => sqlx::query_as::<_, TokenRow>(
            "SELECT t.last_used_at, u.id, u.name, u.role, u.must_change_password, u.disabled, u.created_at
             FROM api_tokens t JOIN users u ON u.id = t.user_id
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled = $2")
            .bind(&digest).bind(false).fetch_optional(pool).await)?;
        let Some(row) = row else { return Ok(None) };
        let now = Utc::now();
        let stale = row
            .last_used_at
            .is_none_or(|at| (now - at).num_seconds() >= TOKEN_USE_RESOLUTION_SECS);
        if stale {
            on_pool!(self, pool => sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2")
                .bind(now).bind(&digest).execute(pool).await.map(|_| ()))?;
        }
        Ok(Some(row.user))
    }

    pub async fn revoke_api_token(&self, id: i64) -> Result<bool> {
        let n = on_pool!(self, pool => sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(Utc::now()).bind(id).execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }
}
