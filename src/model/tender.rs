//! A tender and its buyer: stage in the pipeline, reference, lots, deadline, account.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Deadline, Money, text_enum};

text_enum! {
    /// Where a tender stands in the sales pipeline.
    Stage {
        Watch = "veille", "Veille", "Watch";
        Qualification = "qualification", "Qualification", "Qualification";
        GoNoGo = "go_no_go", "Go / no-go", "Go / no-go";
        Writing = "redaction", "En rédaction", "Writing";
        Review = "relecture", "En relecture", "In review";
        Submitted = "depose", "Déposé", "Submitted";
        Won = "gagne", "Gagné", "Won";
        Lost = "perdu", "Perdu", "Lost";
        Abandoned = "abandonne", "Abandonné", "Abandoned";
    }
}

impl Stage {
    /// Still being worked on (counts in the pipeline and the deadline alerts).
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            Stage::Submitted | Stage::Won | Stage::Lost | Stage::Abandoned
        )
    }
}

text_enum! {
    /// The kind of buyer, which drives terms and margins.
    Typology {
        KeyAccount = "grand_compte", "Grand compte", "Key account";
        Sme = "pme_tpe", "PME / TPE", "SME";
        State = "etat", "État", "Central government";
        LocalAuthority = "collectivite", "Collectivité", "Local authority";
        Health = "sante", "Santé", "Health";
        PublicBody = "etablissement_public", "Établissement public", "Public body";
        Private = "prive", "Privé", "Private";
    }
}

text_enum! {
    /// The buyer's place in our sales funnel.
    FunnelStage {
        Suspect = "suspect", "Suspect", "Suspect";
        Lead = "lead", "Lead", "Lead";
        Prospect = "prospect", "Prospect", "Prospect";
        ClientIrregular = "client_irregulier", "Client irrégulier", "Irregular client";
        ClientRegular = "client_regulier", "Client régulier", "Regular client";
        Ambassador = "ambassadeur", "Ambassadeur", "Ambassador";
    }
}

/// A buyer (public or private) we answer or may answer.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Account {
    pub id: i64,
    pub name: String,
    pub siret: Option<String>,
    #[sqlx(try_from = "String")]
    pub typology: Typology,
    pub sector: String,
    #[sqlx(try_from = "String")]
    pub funnel_stage: FunnelStage,
    /// Average days the buyer actually takes to pay, when known.
    pub payment_days: Option<i32>,
    /// Financial health from 1 (fragile) to 5 (solid), when assessed.
    pub financial_health: Option<i32>,
    pub notes: String,
}

/// A separately awarded part of a tender.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Lot {
    pub id: i64,
    pub tender_id: i64,
    pub number: i32,
    pub title: String,
    pub estimated_value_cents: Option<i64>,
}

/// A tender as the workbench follows it.
#[derive(Debug, Clone, Serialize)]
pub struct Tender {
    pub id: i64,
    pub title: String,
    pub reference: Option<String>,
    pub account_id: Option<i64>,
    pub buyer: Option<String>,
    pub stage: Stage,
    pub owner_id: Option<i64>,
    pub procedure: Option<String>,
    pub deadline: Option<Deadline>,
    pub estimated_value: Option<Money>,
    pub cpv_codes: Vec<String>,
    pub summary: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Tender {
    /// Whole days left before the deadline (negative once passed), for "J-3" badges.
    pub fn days_left(&self, now: DateTime<Utc>) -> Option<i64> {
        self.deadline
            .map(|d| (d.at - now).num_hours().div_euclid(24))
    }
}

/// What a user or a notice provides to create a tender.
#[derive(Debug, Clone, Default)]
pub struct NewTender {
    pub title: String,
    pub reference: Option<String>,
    pub account_id: Option<i64>,
    pub owner_id: Option<i64>,
    pub procedure: Option<String>,
    pub deadline: Option<Deadline>,
    pub estimated_value: Option<Money>,
    pub cpv_codes: Vec<String>,
    pub summary: String,
    /// A stable key of the source (a notice id, a demo file) so loading it twice is harmless.
    pub source_key: Option<String>,
}
