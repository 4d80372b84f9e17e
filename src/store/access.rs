//! Who may read which tender. Admins and bid managers read everything; contributors and
//! viewers read every tender that is not restricted, and the restricted ones they own or are
//! members of.

use chrono::{DateTime, Utc};

use super::{Store, on_pool};
use crate::error::{Error, Result};
use crate::model::User;

/// A tender as search results and filters need it, with whether the user may read it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TenderAccess {
    pub id: i64,
    pub title: String,
    pub buyer: Option<String>,
    pub stage: String,
    pub deadline: Option<DateTime<Utc>>,
    pub readable: bool,
}

/// Whether a tender is restricted, and its members.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Membership {
    pub restricted: bool,
    pub members: Vec<i64>,
}

/// Most members one tender may list.
const MAX_MEMBERS: usize = 500;

/// Tenders as search results name them, and whether user `$1` may read them (`$2`: they
/// read everything); callers add the WHERE and ORDER BY. Fixed text, parameters bound.
const TENDER_ACCESS: &str = "SELECT t.id, t.title, a.name AS buyer, t.stage, t.deadline,
         ($2 OR NOT t.restricted OR t.owner_id = $1 OR EXISTS
             (SELECT 1 FROM tender_members m WHERE m.tender_id = t.id AND m.user_id = $1)) AS readable
     FROM tenders t LEFT JOIN accounts a ON a.id = t.account_id";

fn reads_everything(user: &User) -> bool {
    user.role.can_manage_tenders()
}

impl Store {
    /// Whether `user` may read tender `tender_id` (false when it does not exist).
    pub async fn can_read_tender(&self, user: &User, tender_id: i64) -> Result<bool> {
        let row = on_pool!(self, pool => sqlx::query_as::<_, (bool, Option<i64>, bool)>(
            "SELECT t.restricted, t.owner_id,
                 EXISTS (SELECT 1 FROM tender_members m WHERE m.tender_id = t.id AND m.user_id = $2)
             FROM tenders t WHERE t.id = $1")
            .bind(tender_id).bind(user.id).fetch_optional(pool).await)?;
        Ok(match row {
            None => false,
            Some(_) if reads_everything(user) => true,
            Some((restricted, owner, member)) => !restricted || owner == Some(user.id) || member,
        })
    }

    /// Every tender with whether `user` may read it: the filter of searches and lists.
    pub async fn tenders_access(&self, user: &User) -> Result<Vec<TenderAccess>> {
        let all = reads_everything(user);
        Ok(on_pool!(self, pool => sqlx::query_as::<_, TenderAccess>(
            sqlx::AssertSqlSafe(format!("{TENDER_ACCESS} ORDER BY t.id")))
            .bind(user.id).bind(all).fetch_all(pool).await)?)
    }

    /// The ids of the tenders `user` may not read (empty for those who read everything):
    /// restricted tenders they neither own nor are members of, found through the partial
    /// index of restricted tenders (0008), so the cost follows their number, not all tenders'.
    pub async fn hidden_tenders(&self, user: &User) -> Result<Vec<i64>> {
        if reads_everything(user) {
            return Ok(Vec::new());
        }
        Ok(on_pool!(self, pool => sqlx::query_scalar::<_, i64>(
            "SELECT t.id FROM tenders t WHERE t.restricted
                 AND (t.owner_id IS NULL OR t.owner_id <> $1)
                 AND NOT EXISTS (SELECT 1 FROM tender_members m WHERE m.tender_id = t.id AND m.user_id = $1)
             ORDER BY t.id")
            .bind(user.id).fetch_all(pool).await)?)
    }

    /// Tenders by id as search results name them (title, buyer, stage, deadline), whether
    /// `user` may read them; ids that do not exist are left out.
    pub async fn tenders_access_of(&self, user: &User, ids: &[i64]) -> Result<Vec<TenderAccess>> {
        let mut out = Vec::with_capacity(ids.len());
        let all = reads_everything(user);
        // A statement per few hundred ids: both databases bound the number of parameters.
        for chunk in ids.chunks(500) {
            let marks: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 3)).collect();
            let sql = format!("{TENDER_ACCESS} WHERE t.id IN ({})", marks.join(", "));
            let rows = on_pool!(self, pool => {
                let mut q = sqlx::query_as::<_, TenderAccess>(sqlx::AssertSqlSafe(sql.clone()))
                    .bind(user.id).bind(all);
                for id in chunk {
                    q = q.bind(*id);
                }
                q.fetch_all(pool).await
            })?;
            out.extend(rows);
        }
        Ok(out)
    }

    pub async fn tender_membership(&self, tender_id: i64) -> Result<Membership> {
        let restricted = on_pool!(self, pool => sqlx::query_scalar::<_, bool>(
            "SELECT restricted FROM tenders WHERE id = $1")
            .bind(tender_id).fetch_optional(pool).await)?
        .ok_or(Error::NotFound("tender"))?;
        let members = on_pool!(self, pool => sqlx::query_scalar::<_, i64>(
            "SELECT user_id FROM tender_members WHERE tender_id = $1 ORDER BY user_id")
            .bind(tender_id).fetch_all(pool).await)?;
        Ok(Membership {
            restricted,
            members,
        })
    }

    /// Sets whether a tender is restricted and who its members are, at once.
    pub async fn set_tender_membership(
        &self,
        tender_id: i64,
        restricted: bool,
        members: &[i64],
    ) -> Result<Membership> {
        if members.len() > MAX_MEMBERS {
            return Err(Error::Invalid(format!(
                "at most {MAX_MEMBERS} members per tender"
            )));
        }
        let mut members = members.to_vec();
        members.sort_unstable();
        members.dedup();
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let n = sqlx::query("UPDATE tenders SET restricted = $1 WHERE id = $2")
                .bind(restricted).bind(tender_id).execute(&mut *tx).await?;
            if n.rows_affected() == 0 {
                return Err(Error::NotFound("tender"));
            }
            sqlx::query("DELETE FROM tender_members WHERE tender_id = $1")
                .bind(tender_id).execute(&mut *tx).await?;
            for m in &members {
                let exists = sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE id = $1")
                    .bind(m).fetch_optional(&mut *tx).await?;
                if exists.is_none() {
                    return Err(Error::Invalid(format!("no user with id {m}")));
                }
                sqlx::query("INSERT INTO tender_members (tender_id, user_id) VALUES ($1, $2)")
                    .bind(tender_id).bind(m).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok::<(), Error>(())
        })?;
        Ok(Membership {
            restricted,
            members,
        })
    }
}
