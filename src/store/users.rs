//! Users and their password hashes.

use chrono::Utc;

use super::{Store, on_pool};
use crate::error::{Error, Result};
use crate::model::{Role, User};

impl Store {
    pub async fn create_user(
        &self,
        name: &str,
        role: Role,
        password_hash: &str,
        must_change: bool,
    ) -> Result<User> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
            return Err(Error::Invalid(
                "a user name has 1 to 64 printable characters".into(),
            ));
        }
        let user = on_pool!(self, pool => sqlx::query_as::<_, User>(
            "INSERT INTO users (name, role, password_hash, must_change_password, disabled, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             RETURNING id, name, role, must_change_password, disabled, created_at")
            .bind(name)
            .bind(role.as_str())
            .bind(password_hash)
            .bind(must_change)
            .bind(false)
            .bind(Utc::now())
            .fetch_one(pool)
            .await)
        .map_err(|e| match Error::from(e) {
            Error::Conflict(_) => Error::Conflict(format!("the user {name:?} already exists")),
            other => other,
        })?;
        Ok(user)
    }

    pub async fn count_users(&self) -> Result<i64> {
        Ok(
            on_pool!(self, pool => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users").fetch_one(pool).await)?,
        )
    }

    pub async fn list_users(&self) -> Result<Vec<User>> {
        Ok(on_pool!(self, pool => sqlx::query_as::<_, User>(
            "SELECT id, name, role, must_change_password, disabled, created_at FROM users ORDER BY name")
            .fetch_all(pool).await)?)
    }

    /// The user and the stored password hash, for a login attempt.
    pub async fn user_for_login(&self, name: &str) -> Result<Option<(User, String)>> {
        let row = on_pool!(self, pool => sqlx::query_as::<_, User>(
            "SELECT id, name, role, must_change_password, disabled, created_at FROM users WHERE name = $1")
            .bind(name.trim())
            .fetch_optional(pool).await)?;
        let Some(user) = row else { return Ok(None) };
        let hash = on_pool!(self, pool => sqlx::query_scalar::<_, String>(
            "SELECT password_hash FROM users WHERE id = $1").bind(user.id).fetch_one(pool).await)?;
        Ok(Some((user, hash)))
    }

    pub async fn get_user(&self, id: i64) -> Result<User> {
        on_pool!(self, pool => sqlx::query_as::<_, User>(
            "SELECT id, name, role, must_change_password, disabled, created_at FROM users WHERE id = $1")
            .bind(id).fetch_optional(pool).await)?
        .ok_or(Error::NotFound("user"))
    }

    /// Sets a new password hash and clears the must-change flag; other sessions of the user
    /// end, so a stolen session does not outlive a password change.
    pub async fn set_password(
        &self,
        user_id: i64,
        password_hash: &str,
        keep_session: Option<i64>,
    ) -> Result<()> {
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE users SET password_hash = $1, must_change_password = $2 WHERE id = $3")
                .bind(password_hash).bind(false).bind(user_id).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
                .bind(user_id).bind(keep_session.unwrap_or(-1)).execute(&mut *tx).await?;
            tx.commit().await
        })?;
        Ok(())
    }
}
