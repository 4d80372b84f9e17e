//! Procurement notices: TED eForms (UBL 2.3), legacy BOAMP XML, and ESPD (DUME) requests.
//! A notice creates or fills a tender; a change notice updates it.

use serde::Serialize;

use super::{ExtractError, Format, Limits};
use crate::model::{CriterionInput, Deadline};

/// What kind of notice it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    ContractNotice,
    /// Changes an earlier notice (`changes` names it).
    ChangeNotice,
    AwardNotice,
    PriorInformation,
    EspdRequest,
    EspdResponse,
    Other,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct NoticeBuyer {
    pub name: String,
    /// SIRET or other company id, when given.
    pub id: Option<String>,
    pub city: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NoticeLot {
    /// As written: "1", "LOT-0001".
    pub id: String,
    pub number: Option<i32>,
    pub title: String,
    pub estimated_value_cents: Option<i64>,
    /// Award criteria of this lot, when the notice gives them per lot.
    pub criteria: Vec<CriterionInput>,
    pub cpv_codes: Vec<String>,
}

/// One exclusion or selection criterion an ESPD asks the bidder to answer.
#[derive(Debug, Clone, Serialize)]
pub struct EspdCriterion {
    /// The criterion's code (e.g. "CRITERION.EXCLUSION.CONVICTIONS.PARTICIPATION_IN_CRIMINAL_ORGANISATION").
    pub code: String,
    /// "exclusion", "selection" or "other".
    pub family: String,
    pub name: String,
    pub description: String,
}

/// A notice, read.
#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    pub format: Format,
    pub kind: NoticeKind,
    /// The notice's own identifier (eForms `cbc:ID` of the notice, BOAMP web id).
    pub notice_id: Option<String>,
    /// For a change notice: the identifier of the notice it changes.
    pub changes: Option<String>,
    /// The procedure identifier shared by a notice and its changes (eForms `ContractFolderID`).
    pub procedure_id: Option<String>,
    pub title: Option<String>,
    pub reference: Option<String>,
    pub buyer: Option<NoticeBuyer>,
    /// "open", "restricted", "neg-w-call", ... or the BOAMP wording.
    pub procedure: Option<String>,
    pub deadline: Option<Deadline>,
    pub cpv_codes: Vec<String>,
    pub estimated_value_cents: Option<i64>,
    pub lots: Vec<NoticeLot>,
    /// Award criteria for the whole tender (or shared by every lot).
    pub criteria: Vec<CriterionInput>,
    pub espd_criteria: Vec<EspdCriterion>,
    /// A readable rendering of the notice, for search and display.
    pub text: String,
}

/// Which notice standard an XML document follows, from its root element and namespace;
/// None for other XML.
pub fn sniff(bytes: &[u8]) -> Option<Format> {
    let _ = bytes;
    None
}

/// Reads a notice. `Corrupt` names what is wrong (an invalid eForms notice says so).
pub fn parse(bytes: &[u8], limits: &Limits) -> Result<Notice, ExtractError> {
    let _ = (bytes, limits);
    Err(ExtractError::Unsupported)
}
