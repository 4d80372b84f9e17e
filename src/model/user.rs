//! People who use the workbench, what each may do, and the trail of what they did.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::text_enum;

text_enum! {
    /// What a user may do. Ordered from most to least rights.
    Role {
        Admin = "admin", "Administrateur", "Administrator";
        BidManager = "bid_manager", "Responsable des réponses", "Bid manager";
        Contributor = "contributor", "Contributeur", "Contributor";
        Viewer = "viewer", "Lecteur", "Viewer";
    }
}

impl Role {
    /// Admins manage users; everything else on tenders is open to admins too.
    pub fn can_manage_users(self) -> bool {
        self == Role::Admin
    }

    /// Creating tenders, uploading pieces, editing grids: the bid manager's work.
    pub fn can_manage_tenders(self) -> bool {
        matches!(self, Role::Admin | Role::BidManager)
    }

    /// Whether any change at all is allowed (a viewer only reads).
    pub fn can_write(self) -> bool {
        self != Role::Viewer
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    /// Set for the first admin, whose password was printed once: it must be changed.
    pub must_change_password: bool,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
}

/// One line of the audit log: who did what, to what, from where.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub user_id: Option<i64>,
    pub action: String,
    pub target: String,
    pub detail: String,
    pub ip: Option<String>,
}
