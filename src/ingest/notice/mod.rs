//! Procurement notices: TED eForms (UBL 2.3), legacy BOAMP XML, and ESPD (DUME) requests.
//! A notice creates or fills a tender; a change notice updates it.

mod boamp;
mod eforms;
mod eforms_check;
mod espd;
mod render;
mod values;
mod xml;

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
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

impl Notice {
    /// An empty notice of `format`, for the readers to fill.
    fn new(format: Format, kind: NoticeKind) -> Self {
        Notice {
            format,
            kind,
            notice_id: None,
            changes: None,
            procedure_id: None,
            title: None,
            reference: None,
            buyer: None,
            procedure: None,
            deadline: None,
            cpv_codes: Vec::new(),
            estimated_value_cents: None,
            lots: Vec::new(),
            criteria: Vec::new(),
            espd_criteria: Vec::new(),
            text: String::new(),
        }
    }
}

/// How much of the file `sniff` reads: the root start tag comes after the prolog, which is short
/// in real notices.
const SNIFF_PREFIX: usize = 64 * 1024;
/// XML events `sniff` looks at before giving up (a prolog of a million comments is not a notice).
const SNIFF_EVENTS: usize = 256;

const UBL_MAIN: &str = "urn:oasis:names:specification:ubl:schema:xsd:";

/// Which notice standard an XML document follows, from its root element and namespace;
/// None for other XML.
pub fn sniff(bytes: &[u8]) -> Option<Format> {
    let head = bytes.get(..SNIFF_PREFIX).unwrap_or(bytes);
    // A cut in the middle of a character only spoils the very end, far after the root tag.
    let text = match encoding_rs::Encoding::for_bom(head) {
        Some((encoding, bom)) => encoding
            .decode_without_bom_handling(head.get(bom..).unwrap_or_default())
            .0
            .into_owned(),
        None => String::from_utf8_lossy(head).into_owned(),
    };
    let mut reader = quick_xml::NsReader::from_str(&text);
    let mut root: Option<(String, String, bool)> = None;
    for _ in 0..SNIFF_EVENTS {
        let (ns, event) = reader.read_resolved_event().ok()?;
        let start = match &event {
            Event::Start(e) | Event::Empty(e) => e,
            Event::Eof => return None,
            _ => continue,
        };
        let ns = match ns {
            ResolveResult::Bound(ns) => ns.into_inner().to_string(),
            ResolveResult::Unbound => String::new(),
            ResolveResult::Unknown(_) => return None,
        };
        let local = start.local_name().into_inner().to_string();
        match root.take() {
            None => {
                let boamp_schema = start.attributes().flatten().any(|a| {
                    a.key.local_name().into_inner() == "noNamespaceSchemaLocation"
                        && a.value.to_ascii_lowercase().contains("boamp")
                });
                if let Some(format) = format_of(&ns, &local, boamp_schema, None) {
                    return Some(format);
                }
                if matches!(event, Event::Empty(_)) || local != "ANNONCE" {
                    return None;
                }
                root = Some((ns, local, boamp_schema));
            }
            // An ANNONCE without the BOAMP schema named: its first child tells.
            Some((root_ns, root_local, schema)) => {
                return format_of(&root_ns, &root_local, schema, Some(&local));
            }
        }
    }
    None
}

/// The notice standard of a root element: namespace, local name, whether it names the BOAMP
/// schema, and the local name of its first child element when known.
fn format_of(
    ns: &str,
    local: &str,
    boamp_schema: bool,
    first_child: Option<&str>,
) -> Option<Format> {
    let document = ns.strip_prefix(UBL_MAIN).and_then(|d| d.strip_suffix("-2"));
    match (document, local) {
        (Some(d), l @ ("ContractNotice" | "ContractAwardNotice" | "PriorInformationNotice"))
            if d == l =>
        {
            Some(Format::Eforms)
        }
        (Some(d), l @ ("QualificationApplicationRequest" | "QualificationApplicationResponse"))
            if d == l =>
        {
            Some(Format::Espd)
        }
        (None, "ANNONCE")
            if ns.is_empty()
                && (boamp_schema || matches!(first_child, Some("GESTION" | "DONNEES"))) =>
        {
            Some(Format::Boamp)
        }
        _ => None,
    }
}

/// Reads a notice. `Corrupt` names what is wrong (an invalid eForms notice says so).
pub fn parse(bytes: &[u8], limits: &Limits) -> Result<Notice, ExtractError> {
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > limits.max_piece_bytes {
        return Err(ExtractError::TooLarge(format!(
            "the notice is larger than {} bytes",
            limits.max_piece_bytes
        )));
    }
    let text = xml::decode(bytes)?;
    let doc = xml::parse_document(&text, limits)?;
    let root = doc.root_element();
    let ns = root.tag_name().namespace().unwrap_or_default();
    let local = root.tag_name().name();
    let boamp_schema = root.attributes().any(|a| {
        a.name() == "noNamespaceSchemaLocation" && a.value().to_ascii_lowercase().contains("boamp")
    });
    let first_child = root
        .children()
        .find(|c| c.is_element())
        .map(|c| c.tag_name().name());
    let (mut notice, description) = match format_of(ns, local, boamp_schema, first_child) {
        Some(Format::Eforms) => eforms::read(&doc)?,
        Some(Format::Boamp) => boamp::read(&doc)?,
        Some(Format::Espd) => espd::read(&doc)?,
        _ => return Err(ExtractError::Unsupported),
    };
    notice.text = render::text(&notice, &description, limits.max_text_chars);
    Ok(notice)
}

/// The criteria every lot shares, when there are lots and they all give the same ones.
fn shared_criteria(lots: &[NoticeLot]) -> Vec<CriterionInput> {
    match lots.split_first() {
        Some((first, rest))
            if !first.criteria.is_empty() && rest.iter().all(|l| l.criteria == first.criteria) =>
        {
            first.criteria.clone()
        }
        _ => Vec::new(),
    }
}

/// The sum of the lots' values, when every lot gives one (the tender's value is their total).
fn sum_of_lots(lots: &[NoticeLot]) -> Option<i64> {
    if lots.is_empty() {
        return None;
    }
    lots.iter()
        .try_fold(0i64, |sum, l| sum.checked_add(l.estimated_value_cents?))
}

/// Appends CPV codes not already present, keeping their order.
fn add_cpv(into: &mut Vec<String>, codes: &[String]) {
    for code in codes {
        if !into.contains(code) {
            into.push(code.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::WeightUnit;

    fn criterion(name: &str, weight: f64) -> CriterionInput {
        CriterionInput {
            name: name.into(),
            weight,
            unit: WeightUnit::Percent,
            is_price: false,
            children: Vec::new(),
        }
    }

    fn lot(id: &str, criteria: Vec<CriterionInput>, value: Option<i64>) -> NoticeLot {
        NoticeLot {
            id: id.into(),
            number: None,
            title: String::new(),
            estimated_value_cents: value,
            criteria,
            cpv_codes: Vec::new(),
        }
    }

    #[test]
    fn criteria_are_shared_only_when_every_lot_agrees() {
        let same = vec![criterion("Prix", 40.0), criterion("Valeur technique", 60.0)];
        let lots = vec![lot("1", same.clone(), None), lot("2", same.clone(), None)];
        assert_eq!(shared_criteria(&lots), same);
        let lots = vec![
            lot("1", same.clone(), None),
            lot("2", vec![criterion("Prix", 100.0)], None),
        ];
        assert!(shared_criteria(&lots).is_empty());
        assert!(shared_criteria(&[]).is_empty());
    }

    #[test]
    fn lot_values_sum_only_when_all_known() {
        assert_eq!(
            sum_of_lots(&[lot("1", vec![], Some(5)), lot("2", vec![], Some(7))]),
            Some(12)
        );
        assert_eq!(
            sum_of_lots(&[lot("1", vec![], Some(5)), lot("2", vec![], None)]),
            None
        );
        assert_eq!(
            sum_of_lots(&[lot("1", vec![], Some(i64::MAX)), lot("2", vec![], Some(1))]),
            None
        );
        assert_eq!(sum_of_lots(&[]), None);
    }

    #[test]
    fn sniff_reads_root_and_namespace() {
        let cn = br#"<?xml version="1.0"?><!-- x --><ContractNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2"/>"#;
        assert_eq!(sniff(cn), Some(Format::Eforms));
        let prefixed = br#"<can:ContractAwardNotice xmlns:can="urn:oasis:names:specification:ubl:schema:xsd:ContractAwardNotice-2"></can:ContractAwardNotice>"#;
        assert_eq!(sniff(prefixed), Some(Format::Eforms));
        let espd = br#"<QualificationApplicationResponse xmlns="urn:oasis:names:specification:ubl:schema:xsd:QualificationApplicationResponse-2"/>"#;
        assert_eq!(sniff(espd), Some(Format::Espd));
        assert_eq!(
            sniff(b"<ANNONCE>\n  <GESTION/></ANNONCE>"),
            Some(Format::Boamp)
        );
        assert_eq!(sniff(b"<ANNONCE><AUTRE/></ANNONCE>"), None);
        // Right name, wrong namespace; wrong document in the namespace; not XML at all.
        assert_eq!(sniff(b"<ContractNotice/>"), None);
        let mismatch =
            br#"<ContractNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>"#;
        assert_eq!(sniff(mismatch), None);
        assert_eq!(sniff(b"%PDF-1.7"), None);
        assert_eq!(sniff(b""), None);
        assert_eq!(sniff(&[0xff, 0xfe, 0x00]), None);
    }
}
