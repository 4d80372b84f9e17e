//! ESPD (DUME) requests and responses, UBL 2.3 `QualificationApplication*` documents (ESPD-EDM
//! v2 to v4): the buyer, the procedure, and the exclusion and selection criteria asked.

use roxmltree::{Document, Node};

use super::values;
use super::xml::{self, CAC, CBC};
use super::{EspdCriterion, Notice, NoticeBuyer, NoticeKind, NoticeLot};
use crate::ingest::{ExtractError, Format};

/// Exclusion grounds of the EU "criterion" code list (ESPD-EDM v3/v4, eForms).
const EXCLUSION: &[&str] = &[
    "bankr-nat",
    "bankruptcy",
    "corruption",
    "cred-arran",
    "crime-org",
    "distorsion",
    "envir-law",
    "finan-laund",
    "fraud",
    "human-traffic",
    "insolvency",
    "labour-law",
    "liq-admin",
    "misrepresent",
    "nati-ground",
    "partic-confl",
    "prep-confl",
    "prof-misconduct",
    "sanction",
    "socsec-law",
    "socsec-pay",
    "susp-act",
    "tax-pay",
    "terr-offence",
];

/// Selection criteria of the same list.
const SELECTION: &[&str] = &[
    "authorisation",
    "aver-year-to",
    "chain-manage",
    "envir-certif-indep",
    "envir-measure",
    "finan-rat",
    "finan-requ",
    "gen-year-to",
    "indem-insu",
    "manage-staff",
    "membership",
    "prof-regist",
    "qa-certif-inst",
    "qu-certif-indep",
    "qual-cont-tech",
    "qual-facil",
    "qualification",
    "research-fac",
    "service-perform",
    "spec-aver-to",
    "spec-req-check",
    "spec-year-to",
    "suncont-port",
    "supply-perform",
    "tech-equip",
    "trade-regist",
    "w-autent",
    "wo-autent",
    "work-perform",
    "work-tech",
    "year-manpower",
];

/// Reads an ESPD request or response.
pub(super) fn read(doc: &Document) -> Result<(Notice, Vec<String>), ExtractError> {
    let root = doc.root_element();
    let kind = if root.tag_name().name().ends_with("Response") {
        NoticeKind::EspdResponse
    } else {
        NoticeKind::EspdRequest
    };
    let mut notice = Notice::new(Format::Espd, kind);
    notice.notice_id = xml::child_text(root, CBC, "ID");
    // The ESPD's folder id is "the reference number the contracting authority assigns".
    notice.procedure_id = xml::child_text(root, CBC, "ContractFolderID");
    notice.reference = notice.procedure_id.clone();
    notice.procedure = xml::child_text(root, CBC, "ProcedureCode").map(|p| {
        // ESPD writes "Open" where eForms writes "open".
        if p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            p.to_ascii_lowercase()
        } else {
            p
        }
    });
    notice.buyer = xml::path(root, &[(CAC, "ContractingParty"), (CAC, "Party")]).and_then(buyer);
    let mut description = Vec::new();
    if let Some(project) = xml::child(root, CAC, "ProcurementProject") {
        notice.title = xml::child_text(project, CBC, "Name");
        description.extend(xml::child_text(project, CBC, "Description"));
    }
    for lot in xml::children(root, CAC, "ProcurementProjectLot") {
        let Some(id) = xml::child_text(lot, CBC, "ID") else {
            continue;
        };
        notice.lots.push(NoticeLot {
            number: values::trailing_number(&id),
            id,
            title: String::new(),
            estimated_value_cents: None,
            criteria: Vec::new(),
            cpv_codes: Vec::new(),
        });
    }
    notice.espd_criteria = xml::children(root, CAC, "TenderingCriterion")
        .map(criterion)
        .collect();
    Ok((notice, description))
}

fn buyer(party: Node) -> Option<NoticeBuyer> {
    Some(NoticeBuyer {
        name: xml::path_text(party, &[(CAC, "PartyName"), (CBC, "Name")])?,
        id: xml::path_text(party, &[(CAC, "PartyIdentification"), (CBC, "ID")]),
        city: xml::path_text(party, &[(CAC, "PostalAddress"), (CBC, "CityName")]),
    })
}

fn criterion(node: Node) -> EspdCriterion {
    let code = xml::child_text(node, CBC, "CriterionTypeCode")
        .or_else(|| xml::child_text(node, CBC, "ID"))
        .unwrap_or_default();
    let description = xml::children(node, CBC, "Description")
        .filter_map(xml::text)
        .collect::<Vec<_>>()
        .join("\n");
    EspdCriterion {
        family: family(&code, node).to_string(),
        name: xml::child_text(node, CBC, "Name").unwrap_or_else(|| code.clone()),
        code,
        description,
    }
}

/// "exclusion", "selection" or "other": from the v2 code ("CRITERION.EXCLUSION..."), the EU
/// code list (v3/v4 codes such as "crime-org", eForms "slc-..."), or, for codes unknown here,
/// the family marker the ESPD service writes in the criterion's inner ids ("C1_EG_crime-org").
fn family(code: &str, node: Node) -> &'static str {
    let upper = code.to_ascii_uppercase();
    if let Some(rest) = upper.strip_prefix("CRITERION.") {
        return if rest.starts_with("EXCLUSION") {
            "exclusion"
        } else if rest.starts_with("SELECTION") {
            "selection"
        } else {
            "other"
        };
    }
    if EXCLUSION.contains(&code) {
        return "exclusion";
    }
    if SELECTION.contains(&code) || code.starts_with("slc-") {
        return "selection";
    }
    let marker = node
        .children()
        .filter(|c| c.is_element() && !xml::is(*c, CBC, "ID"))
        .find_map(|c| xml::child_text(c, CBC, "ID"));
    match marker {
        Some(id) if id.contains("_EG_") => "exclusion",
        Some(id) if id.contains("_SC_") => "selection",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn family_of(xml: &str) -> Option<&'static str> {
        let doc = Document::parse(xml).ok()?;
        let root = doc.root_element();
        let code = xml::child_text(root, CBC, "CriterionTypeCode").unwrap_or_default();
        Some(family(&code, root))
    }

    #[test]
    fn families_from_codes_and_markers() {
        let ns =
            r#"xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2""#;
        let with = |code: &str, inner: &str| {
            format!(
                "<c {ns}><cbc:CriterionTypeCode>{code}</cbc:CriterionTypeCode><g><cbc:ID>{inner}</cbc:ID></g></c>"
            )
        };
        assert_eq!(family_of(&with("crime-org", "")), Some("exclusion"));
        assert_eq!(family_of(&with("gen-year-to", "")), Some("selection"));
        assert_eq!(family_of(&with("slc-stand-other", "")), Some("selection"));
        assert_eq!(
            family_of(&with(
                "CRITERION.EXCLUSION.CONVICTIONS.PARTICIPATION_IN_CRIMINAL_ORGANISATION",
                ""
            )),
            Some("exclusion")
        );
        assert_eq!(
            family_of(&with("CRITERION.OTHER.EO_DATA.SME", "")),
            Some("other")
        );
        assert_eq!(
            family_of(&with("new-code", "C70_SC_new-code/QG1")),
            Some("selection")
        );
        assert_eq!(family_of(&with("sme", "C65_OT_sme/QG1")), Some("other"));
    }
}
