//! The pieces of a tender file (DCE), their sections, requirements and key facts.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::text_enum;

text_enum! {
    /// What a piece of the DCE is.
    DocKind {
        Rc = "RC", "Règlement de la consultation (RC)", "Instructions to bidders (RC)";
        Cctp = "CCTP", "Cahier des clauses techniques (CCTP)", "Technical specification (CCTP)";
        Ccap = "CCAP", "Cahier des clauses administratives (CCAP)", "Administrative terms (CCAP)";
        Ccag = "CCAG", "CCAG de référence", "General terms (CCAG)";
        Bpu = "BPU", "Bordereau des prix unitaires (BPU)", "Unit price schedule (BPU)";
        Dpgf = "DPGF", "Décomposition du prix global (DPGF)", "Lump-sum breakdown (DPGF)";
        Dqe = "DQE", "Détail quantitatif estimatif (DQE)", "Bill of quantities (DQE)";
        Ae = "AE", "Acte d'engagement (AE)", "Form of tender (AE)";
        ResponseFrame = "CADRE", "Cadre de réponse", "Response template";
        Dc = "DC", "Formulaires DC1 / DC2 / DC4", "Candidacy forms (DC1/DC2/DC4)";
        Espd = "DUME", "DUME / ESPD", "ESPD";
        Notice = "AVIS", "Avis de marché", "Contract notice";
        Annex = "ANNEXE", "Plan / annexe", "Drawing / annex";
        Other = "AUTRE", "Autre", "Other";
    }
}

text_enum! {
    /// How binding a requirement is.
    Strength {
        Mandatory = "mandatory", "Obligatoire", "Mandatory";
        Desirable = "desirable", "Souhaité", "Desirable";
    }
}

text_enum! {
    /// What a requirement is about.
    Category {
        Technical = "technical", "Technique", "Technical";
        Administrative = "administrative", "Administratif", "Administrative";
        Financial = "financial", "Financier", "Financial";
        Security = "security", "Sécurité", "Security";
        Environmental = "environmental", "Environnement", "Environmental";
        Delivery = "delivery", "Délais / livraison", "Delivery";
        Staffing = "staffing", "Moyens humains", "Staffing";
    }
}

text_enum! {
    /// The answer's position on a requirement in the compliance matrix.
    ComplianceStatus {
        Open = "a_traiter", "À traiter", "To do";
        Compliant = "conforme", "Conforme", "Compliant";
        Partial = "partiel", "Partiellement conforme", "Partially compliant";
        NonCompliant = "non_conforme", "Non conforme", "Non-compliant";
        NotApplicable = "sans_objet", "Sans objet", "Not applicable";
    }
}

/// One piece of the tender file, kept byte for byte in the file store.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Document {
    pub id: i64,
    pub tender_id: i64,
    /// The name as uploaded, with its folder path inside a ZIP.
    pub name: String,
    #[sqlx(try_from = "String")]
    pub kind: DocKind,
    pub media_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub pages: Option<i32>,
    /// Why the piece could not be fully read ("no text layer", "password-protected" ...).
    pub problem: Option<String>,
    pub created_at: DateTime<Utc>,
    /// The lot the piece concerns; None when common to every lot.
    pub lot: Option<i32>,
}

/// A numbered heading or article of a piece, in its outline.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Section {
    pub id: i64,
    pub document_id: i64,
    pub parent_id: Option<i64>,
    /// The number as written: "5.2.1", "ARTICLE 5", "II".
    pub reference: String,
    pub title: String,
    pub level: i32,
    pub page: Option<i32>,
    pub position: i32,
}

/// An obligation on the bidder, and the answer's position on it (compliance matrix).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Requirement {
    pub id: i64,
    pub tender_id: i64,
    pub document_id: Option<i64>,
    pub section_id: Option<i64>,
    pub reference: String,
    pub page: Option<i32>,
    pub text: String,
    #[sqlx(try_from = "String")]
    pub strength: Strength,
    #[sqlx(try_from = "String")]
    pub category: Category,
    #[sqlx(try_from = "String")]
    pub compliance: ComplianceStatus,
    pub answer_section_id: Option<i64>,
    pub comment: String,
    /// The lot it concerns (named in it, its section's, else its piece's); None: every lot.
    pub lot: Option<i32>,
}

/// A key fact of the tender (deadline, payment delay ...) with the quote it comes from.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Fact {
    pub id: i64,
    pub tender_id: i64,
    /// "deadline", "payment_delay_days", "criteria" ...
    pub key: String,
    /// The value as JSON, so a date, a number or a tree fit the same column.
    pub value: String,
    pub document_id: Option<i64>,
    pub page: Option<i32>,
    pub quote: String,
    /// Superseded by a later notice (a moved deadline keeps its old value).
    pub superseded: bool,
}
