//! TED eForms notices (UBL 2.3 with the eForms extension): contract, award, prior-information
//! and change notices, read into a `Notice` once they pass the structural checks.

use roxmltree::{Document, Node};

use super::values;
use super::xml::{self, CAC, CBC, EFAC, EFBC, EFEXT, EXT};
use super::{
    Notice, NoticeBuyer, NoticeKind, NoticeLot, add_cpv, eforms_check, shared_criteria, sum_of_lots,
};
use crate::ingest::{ExtractError, Format};
use crate::model::{Cpv, CriterionInput, Deadline, WeightUnit};

/// Where eForms puts what UBL has no element for.
const EXTENSION: [(&str, &str); 4] = [
    (EXT, "UBLExtensions"),
    (EXT, "UBLExtension"),
    (EXT, "ExtensionContent"),
    (EFEXT, "EformsExtension"),
];

/// Reads an eForms notice; an invalid one is refused with what is wrong in it.
pub(super) fn read(doc: &Document) -> Result<(Notice, Vec<String>), ExtractError> {
    let problems = eforms_check::problems(doc);
    if !problems.is_empty() {
        return Err(ExtractError::Corrupt(eforms_check::summary(&problems)));
    }
    let root = doc.root_element();
    let extension = xml::path(root, &EXTENSION);
    let changes = extension
        .and_then(|e| xml::path_text(e, &[(EFAC, "Changes"), (EFBC, "ChangedNoticeIdentifier")]))
        .map(|id| without_version(&id).to_string());
    let kind = match (changes.is_some(), root.tag_name().name()) {
        (true, _) => NoticeKind::ChangeNotice,
        (_, "ContractNotice") => NoticeKind::ContractNotice,
        (_, "ContractAwardNotice") => NoticeKind::AwardNotice,
        (_, "PriorInformationNotice") => NoticeKind::PriorInformation,
        _ => NoticeKind::Other,
    };
    let mut notice = Notice::new(Format::Eforms, kind);
    notice.notice_id = xml::child_text(root, CBC, "ID");
    notice.changes = changes;
    notice.procedure_id = xml::child_text(root, CBC, "ContractFolderID");
    notice.procedure = xml::path_text(root, &[(CAC, "TenderingProcess"), (CBC, "ProcedureCode")]);
    notice.buyer = buyer(root, extension);
    let mut description = Vec::new();
    let mut main_description = None;
    if let Some(project) = xml::child(root, CAC, "ProcurementProject") {
        notice.title = xml::pick_language(xml::children(project, CBC, "Name"));
        notice.reference = xml::child_text(project, CBC, "ID");
        notice.cpv_codes = cpv_codes(project);
        notice.estimated_value_cents = amount(project);
        main_description = xml::pick_language(xml::children(project, CBC, "Description"));
        description.extend(main_description.clone());
        description.extend(xml::pick_language(xml::children(project, CBC, "Note")));
    }
    let mut deadline = None;
    for node in xml::children(root, CAC, "ProcurementProjectLot") {
        // A group of lots only restates criteria or values for lots listed on their own.
        let scheme = xml::child(node, CBC, "ID").and_then(|id| id.attribute("schemeName"));
        if scheme == Some("LotsGroup") {
            continue;
        }
        let (lot, lot_deadline, lot_description) = read_lot(node);
        deadline = earliest(deadline, lot_deadline);
        add_cpv(&mut notice.cpv_codes, &lot.cpv_codes);
        if let Some(text) = lot_description.filter(|d| Some(d) != main_description.as_ref()) {
            description.push(format!("Lot {} : {text}", lot.id));
        }
        notice.lots.push(lot);
    }
    notice.deadline = deadline;
    notice.criteria = shared_criteria(&notice.lots);
    if notice.estimated_value_cents.is_none() {
        notice.estimated_value_cents = sum_of_lots(&notice.lots);
    }
    if notice.title.is_none() {
        notice.title = notice
            .lots
            .first()
            .map(|l| l.title.clone())
            .filter(|t| !t.is_empty());
    }
    Ok((notice, description))
}

/// A change notice names the notice it changes with its version ("<uuid>-01"); the notice
/// itself carries the bare uuid in `cbc:ID`, so the version is dropped to match it.
fn without_version(id: &str) -> &str {
    let Some((base, version)) = id.rsplit_once('-') else {
        return id;
    };
    let uuid_like = base.len() == 36
        && base.char_indices().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        });
    if uuid_like && version.len() == 2 && version.bytes().all(|b| b.is_ascii_digit()) {
        base
    } else {
        id
    }
}

/// The buyer: the organisation the first contracting party points to, among those the
/// eForms extension describes.
fn buyer(root: Node, extension: Option<Node>) -> Option<NoticeBuyer> {
    let org_id = xml::path_text(
        root,
        &[
            (CAC, "ContractingParty"),
            (CAC, "Party"),
            (CAC, "PartyIdentification"),
            (CBC, "ID"),
        ],
    )?;
    let companies = xml::path_all(
        extension?,
        &[
            (EFAC, "Organizations"),
            (EFAC, "Organization"),
            (EFAC, "Company"),
        ],
    );
    let company = companies.into_iter().find(|c| {
        xml::path_text(*c, &[(CAC, "PartyIdentification"), (CBC, "ID")]).as_deref()
            == Some(org_id.as_str())
    })?;
    Some(NoticeBuyer {
        name: xml::pick_language(xml::path_all(company, &[(CAC, "PartyName"), (CBC, "Name")]))?,
        id: xml::path_text(company, &[(CAC, "PartyLegalEntity"), (CBC, "CompanyID")]),
        city: xml::path_text(company, &[(CAC, "PostalAddress"), (CBC, "CityName")]),
    })
}

/// The CPV codes of a `cac:ProcurementProject`, main one first.
fn cpv_codes(project: Node) -> Vec<String> {
    let mut codes = Vec::new();
    for kind in [
        "MainCommodityClassification",
        "AdditionalCommodityClassification",
    ] {
        for code in xml::path_all(project, &[(CAC, kind), (CBC, "ItemClassificationCode")]) {
            if code.attribute("listName").is_some_and(|l| l != "cpv") {
                continue;
            }
            if let Some(cpv) = xml::text(code).and_then(|t| Cpv::parse(&t).ok()) {
                add_cpv(&mut codes, &[cpv.as_str().to_string()]);
            }
        }
    }
    codes
}

/// The estimated value of a `cac:ProcurementProject`, in euro cents (other currencies are
/// not converted, so not kept).
fn amount(project: Node) -> Option<i64> {
    let node = xml::path(
        project,
        &[
            (CAC, "RequestedTenderTotal"),
            (CBC, "EstimatedOverallContractAmount"),
        ],
    )?;
    if node.attribute("currencyID").is_some_and(|c| c != "EUR") {
        return None;
    }
    values::decimal_cents(&xml::text(node)?)
}

/// A lot, the deadline it gives, and its description.
fn read_lot(node: Node) -> (NoticeLot, Option<Deadline>, Option<String>) {
    let id = xml::child_text(node, CBC, "ID").unwrap_or_default();
    let project = xml::child(node, CAC, "ProcurementProject");
    let criteria = xml::path_all(
        node,
        &[
            (CAC, "TenderingTerms"),
            (CAC, "AwardingTerms"),
            (CAC, "AwardingCriterion"),
            (CAC, "SubordinateAwardingCriterion"),
        ],
    )
    .into_iter()
    .map(criterion)
    .collect();
    let lot = NoticeLot {
        number: values::trailing_number(&id),
        id,
        title: project
            .and_then(|p| xml::pick_language(xml::children(p, CBC, "Name")))
            .unwrap_or_default(),
        estimated_value_cents: project.and_then(amount),
        criteria,
        cpv_codes: project.map(cpv_codes).unwrap_or_default(),
    };
    let deadline = xml::child(node, CAC, "TenderingProcess").and_then(lot_deadline);
    let description =
        project.and_then(|p| xml::pick_language(xml::children(p, CBC, "Description")));
    (lot, deadline, description)
}

/// The deadline a bidder must meet for a lot: tenders, or else (restricted and negotiated
/// procedures, calls by prior information) requests to participate or expressions of interest.
fn lot_deadline(process: Node) -> Option<Deadline> {
    let mut interest_path = EXTENSION.to_vec();
    interest_path.push((EFAC, "InterestExpressionReceptionPeriod"));
    let periods = [
        xml::child(process, CAC, "TenderSubmissionDeadlinePeriod"),
        xml::child(process, CAC, "ParticipationRequestReceptionPeriod"),
        xml::path(process, &interest_path),
    ];
    periods.into_iter().flatten().find_map(|period| {
        let date = xml::child_text(period, CBC, "EndDate")?;
        values::eforms_deadline(&date, xml::child_text(period, CBC, "EndTime").as_deref())
    })
}

/// One award criterion: name, weight as written, its unit, and whether it is the price.
fn criterion(node: Node) -> CriterionInput {
    let kind = xml::child_text(node, CBC, "AwardingCriterionTypeCode");
    let name = xml::pick_language(xml::children(node, CBC, "Name"))
        .or_else(|| xml::pick_language(xml::children(node, CBC, "Description")))
        .unwrap_or_else(|| {
            match kind.as_deref() {
                Some("price") => "Prix",
                Some("cost") => "Coût",
                _ => "Qualité",
            }
            .to_string()
        });
    let mut parameter_path = EXTENSION.to_vec();
    parameter_path.push((EFAC, "AwardCriterionParameter"));
    let weighting = xml::path_all(node, &parameter_path).into_iter().find(|p| {
        xml::child(*p, EFBC, "ParameterCode").and_then(|c| c.attribute("listName"))
            == Some("number-weight")
    });
    let code = weighting.and_then(|p| xml::child_text(p, EFBC, "ParameterCode"));
    let value = weighting
        .and_then(|p| xml::child_text(p, EFBC, "ParameterNumeric"))
        .and_then(|t| values::weight(&t));
    let (name, weight, unit) = match code.as_deref() {
        Some(c) if c.starts_with("poi-") => (name, value.unwrap_or(0.0), WeightUnit::Points),
        // An order of importance ranks criteria (1 first), it does not weigh them: the rank
        // stays in the name and the weight is left unknown.
        Some("ord-imp") => match value {
            Some(rank) => (format!("{name} (rang {rank})"), 0.0, WeightUnit::Percent),
            None => (name, 0.0, WeightUnit::Percent),
        },
        _ => (name, value.unwrap_or(0.0), WeightUnit::Percent),
    };
    CriterionInput {
        name,
        weight,
        unit,
        is_price: kind.as_deref() == Some("price"),
        children: Vec::new(),
    }
}

fn earliest(a: Option<Deadline>, b: Option<Deadline>) -> Option<Deadline> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.at < a.at { b } else { a }),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_references_lose_their_version() {
        assert_eq!(
            without_version("c4c415ee-ac08-4465-8fa6-57568cf69462-01"),
            "c4c415ee-ac08-4465-8fa6-57568cf69462"
        );
        assert_eq!(without_version("2020/S 123-456789"), "2020/S 123-456789");
        assert_eq!(without_version("no-version"), "no-version");
        assert_eq!(without_version(""), "");
    }

    #[test]
    fn earliest_deadline_wins() {
        let a = values::eforms_deadline("2020-04-03Z", Some("12:00:00Z"));
        let b = values::eforms_deadline("2020-04-02Z", Some("12:00:00Z"));
        assert_eq!(earliest(a, b), b);
        assert_eq!(earliest(None, a), a);
        assert_eq!(earliest(None, None), None);
    }
}
