//! When a tender is due, the order of the dashboard: overdue open tenders first, then those
//! due within seven days, then later ones, open tenders without a deadline, and last those
//! no longer worked on (submitted, won, lost, abandoned). Within a group, nearest deadline first.

use chrono::{DateTime, Duration, Utc};

use crate::model::{Stage, text_enum};

text_enum! {
    /// The dashboard group of a tender.
    Due {
        Overdue = "overdue", "En retard", "Overdue";
        ThisWeek = "week", "Cette semaine", "This week";
        Later = "later", "Plus tard", "Later";
        NoDeadline = "none", "Sans date limite", "No deadline";
        Closed = "closed", "Terminées", "Closed";
    }
}

/// Days counted as "this week".
pub const WEEK_DAYS: i64 = 7;

impl Due {
    /// The group's rank in the dashboard order (the SQL `CASE` gives the same numbers).
    pub fn rank(self) -> i32 {
        match self {
            Due::Overdue => 0,
            Due::ThisWeek => 1,
            Due::Later => 2,
            Due::NoDeadline => 3,
            Due::Closed => 4,
        }
    }
}

/// The stages no longer worked on, as stored.
pub fn closed_codes() -> Vec<&'static str> {
    Stage::ALL
        .iter()
        .filter(|s| !s.is_open())
        .map(|s| s.as_str())
        .collect()
}

pub fn due(stage: Stage, deadline: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Due {
    match deadline {
        _ if !stage.is_open() => Due::Closed,
        None => Due::NoDeadline,
        Some(d) if d < now => Due::Overdue,
        Some(d) if d < now + Duration::days(WEEK_DAYS) => Due::ThisWeek,
        Some(_) => Due::Later,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups() {
        let now = Utc::now();
        assert_eq!(
            due(Stage::Writing, Some(now - Duration::hours(1)), now),
            Due::Overdue
        );
        assert_eq!(
            due(Stage::Watch, Some(now + Duration::days(6)), now),
            Due::ThisWeek
        );
        assert_eq!(
            due(Stage::Watch, Some(now + Duration::days(8)), now),
            Due::Later
        );
        assert_eq!(due(Stage::Watch, None, now), Due::NoDeadline);
        assert_eq!(
            due(Stage::Won, Some(now - Duration::days(9)), now),
            Due::Closed
        );
        assert_eq!(
            closed_codes(),
            vec!["depose", "gagne", "perdu", "abandonne"]
        );
    }
}
