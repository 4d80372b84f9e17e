//! Structural checks of an eForms notice: the class of errors TED's validator rejects and a
//! reader would otherwise silently misread. Empty elements (UBL forbids them), a text given
//! twice in one language, an element given twice where one is allowed, mandatory elements
//! missing, and codes outside the code lists known here. Not a full schematron: a notice that
//! passes may still be refused by TED, but one that fails is certainly wrong.

use std::collections::HashSet;

use roxmltree::{Document, Node};

use super::values;
use super::xml::{self, CAC, CBC, EFAC, EFBC, EFEXT, EXT};

/// Problems collected before stopping: enough to say what is wrong, bounded for hostile files.
const MAX_PROBLEMS: usize = 50;
/// Problems spelled out in the error message.
const SHOWN: usize = 6;

/// Children allowed at most once, as (parent local name, child namespace, child local name);
/// an empty parent name stands for the notice's root element.
const SINGLE: &[(&str, &str, &str)] = &[
    ("", CBC, "UBLVersionID"),
    ("", CBC, "CustomizationID"),
    ("", CBC, "ID"),
    ("", CBC, "ContractFolderID"),
    ("", CBC, "IssueDate"),
    ("", CBC, "IssueTime"),
    ("", CBC, "VersionID"),
    ("", CBC, "NoticeTypeCode"),
    ("", CBC, "NoticeLanguageCode"),
    ("", CBC, "RegulatoryDomain"),
    ("", CAC, "ProcurementProject"),
    ("", CAC, "TenderingProcess"),
    ("", CAC, "TenderingTerms"),
    ("ProcurementProjectLot", CBC, "ID"),
    ("ProcurementProjectLot", CAC, "ProcurementProject"),
    ("ProcurementProjectLot", CAC, "TenderingTerms"),
    ("ProcurementProjectLot", CAC, "TenderingProcess"),
    ("ProcurementProject", CBC, "ID"),
    ("ProcurementProject", CBC, "ProcurementTypeCode"),
    ("ProcurementProject", CAC, "MainCommodityClassification"),
    ("ProcurementProject", CAC, "RequestedTenderTotal"),
    ("ProcurementProject", CAC, "PlannedPeriod"),
    (
        "RequestedTenderTotal",
        CBC,
        "EstimatedOverallContractAmount",
    ),
    ("MainCommodityClassification", CBC, "ItemClassificationCode"),
    (
        "AdditionalCommodityClassification",
        CBC,
        "ItemClassificationCode",
    ),
    ("TenderingProcess", CBC, "ProcedureCode"),
    ("TenderingProcess", CAC, "TenderSubmissionDeadlinePeriod"),
    (
        "TenderingProcess",
        CAC,
        "ParticipationRequestReceptionPeriod",
    ),
    ("TenderSubmissionDeadlinePeriod", CBC, "EndDate"),
    ("TenderSubmissionDeadlinePeriod", CBC, "EndTime"),
    (
        "SubordinateAwardingCriterion",
        CBC,
        "AwardingCriterionTypeCode",
    ),
    ("AwardCriterionParameter", EFBC, "ParameterCode"),
    ("AwardCriterionParameter", EFBC, "ParameterNumeric"),
    ("Organization", EFAC, "Company"),
    ("Company", CAC, "PostalAddress"),
    ("Changes", EFBC, "ChangedNoticeIdentifier"),
];

/// What every notice gives.
const ROOT_REQUIRED: &[(&str, &str)] = &[
    (CBC, "ID"),
    (CBC, "ContractFolderID"),
    (CBC, "IssueDate"),
    (CBC, "NoticeTypeCode"),
    (CBC, "NoticeLanguageCode"),
    (CAC, "ContractingParty"),
    (CAC, "ProcurementProject"),
    (CAC, "ProcurementProjectLot"),
];

/// What every lot's `cac:ProcurementProject` gives (title, description, main CPV).
const LOT_PROJECT_REQUIRED: &[(&str, &str)] = &[
    (CBC, "Name"),
    (CBC, "Description"),
    (CAC, "MainCommodityClassification"),
];

/// Closed code lists checked, by `listName`. Lists not named here are not checked.
const CODE_LISTS: &[(&str, &[&str])] = &[
    (
        "number-weight",
        &[
            "dec-exa", "dec-mid", "ord-imp", "per-exa", "per-mid", "poi-exa", "poi-mid",
        ],
    ),
    ("number-threshold", &["max-pass", "min-score"]),
    ("award-criterion-type", &["cost", "price", "quality"]),
    ("einvoicing", &["allowed", "not-allowed", "required"]),
    (
        "ecatalog-submission",
        &["allowed", "not-allowed", "required"],
    ),
    ("esubmission", &["allowed", "not-allowed", "required"]),
];

/// Everything found wrong with the notice, by line (at most `MAX_PROBLEMS`).
pub(super) fn problems(doc: &Document) -> Vec<String> {
    let root = doc.root_element();
    let mut found = Found {
        doc,
        list: Vec::new(),
    };
    for (ns, name) in ROOT_REQUIRED {
        if xml::child(root, ns, name).is_none() {
            found
                .list
                .push((0, format!("the notice has no {}", qualified(ns, name))));
        }
    }
    for node in root.descendants().filter(Node::is_element) {
        if found.list.len() >= MAX_PROBLEMS {
            break;
        }
        if is_empty(node) {
            found.add(node, format!("{} is empty", name_of(node)));
            continue;
        }
        repeated(&mut found, node, node == root);
        codes(&mut found, node);
        if xml::is(node, CAC, "ProcurementProjectLot") {
            lot_required(&mut found, node);
        }
    }
    // A lot's missing parts are noticed at the lot, before its content: put them in place.
    found.list.sort_by_key(|(line, _)| *line);
    found.list.truncate(MAX_PROBLEMS);
    found.list.into_iter().map(|(_, text)| text).collect()
}

/// Problems found so far, with the line each is on.
struct Found<'d, 'i> {
    doc: &'d Document<'i>,
    list: Vec<(u32, String)>,
}

impl Found<'_, '_> {
    /// Records `what` is wrong at `node`: "line 198 (lot LOT-0001): ...", for the person
    /// fixing the file.
    fn add(&mut self, node: Node, what: String) {
        // Locating a problem scans the text up to it: past the bound, nothing more is noted.
        if self.list.len() >= MAX_PROBLEMS {
            return;
        }
        let line = self.doc.text_pos_at(node.range().start).row;
        let lot = node
            .ancestors()
            .find(|a| xml::is(*a, CAC, "ProcurementProjectLot"))
            .and_then(|l| xml::child_text(l, CBC, "ID"));
        let text = match lot {
            Some(id) => format!("line {line} (lot {}): {what}", values::truncate(&id, 40)),
            None => format!("line {line}: {what}"),
        };
        self.list.push((line, text));
    }
}

/// The error message for `problems`: how many, and the first few.
pub(super) fn summary(problems: &[String]) -> String {
    let count = if problems.len() >= MAX_PROBLEMS {
        format!("at least {MAX_PROBLEMS} problems")
    } else if problems.len() == 1 {
        "1 problem".to_string()
    } else {
        format!("{} problems", problems.len())
    };
    let shown: Vec<&str> = problems.iter().take(SHOWN).map(String::as_str).collect();
    let more = problems.len().saturating_sub(SHOWN);
    let tail = if more > 0 {
        format!("; and {more} more")
    } else {
        String::new()
    };
    format!("invalid eForms notice, {count}: {}{tail}", shown.join("; "))
}

/// UBL forbids elements devoid of content: no child element and no text.
fn is_empty(node: Node) -> bool {
    !node
        .children()
        .any(|c| c.is_element() || (c.is_text() && c.text().is_some_and(|t| !t.trim().is_empty())))
}

/// Texts repeated in one language, and single elements repeated, among `node`'s children.
fn repeated(found: &mut Found, node: Node, is_root: bool) {
    let parent = if is_root { "" } else { node.tag_name().name() };
    let mut seen = HashSet::new();
    let mut reported = HashSet::new();
    for c in node.children().filter(Node::is_element) {
        let ns = c.tag_name().namespace().unwrap_or_default();
        let name = c.tag_name().name();
        let language = c.attribute("languageID");
        let single = SINGLE
            .iter()
            .any(|(p, n, l)| *p == parent && *n == ns && *l == name);
        if language.is_none() && !single {
            continue;
        }
        let key = (ns, name, language);
        if !seen.insert(key) && reported.insert(key) {
            let what = match language {
                Some(lang) => format!("{} is given more than once in {lang}", name_of(c)),
                None => format!("{} is given more than once", name_of(c)),
            };
            found.add(c, format!("{what} in {}", name_of(node)));
        }
    }
}

/// Codes outside their list, and language codes that are not three capital letters.
fn codes(found: &mut Found, node: Node) {
    let value = || xml::text(node).unwrap_or_default();
    if let Some(list) = node.attribute("listName")
        && let Some((_, allowed)) = CODE_LISTS.iter().find(|(name, _)| *name == list)
    {
        let code = value();
        if !allowed.contains(&code.as_str()) {
            found.add(node, format!("{code:?} is not a code of the {list} list"));
        }
    }
    if let Some(language) = node.attribute("languageID")
        && !is_language(language)
    {
        found.add(node, format!("{language:?} is not a language code"));
    }
    let in_language = node.parent().is_some_and(|p| xml::is(p, CAC, "Language"));
    if in_language && xml::is(node, CBC, "ID") && !is_language(&value()) {
        found.add(node, format!("{:?} is not a language code", value()));
    }
}

/// eForms languages are ISO 639-2 codes in capitals ("FRA", "ENG").
fn is_language(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// A lot (not a group of lots) names itself and gives a title, a description and a main CPV.
fn lot_required(found: &mut Found, lot: Node) {
    let id = xml::child(lot, CBC, "ID");
    if id.and_then(|i| i.attribute("schemeName")) == Some("LotsGroup") {
        return;
    }
    if id.is_none() {
        found.add(lot, "a lot has no cbc:ID".into());
    }
    let Some(project) = xml::child(lot, CAC, "ProcurementProject") else {
        found.add(lot, "the lot has no cac:ProcurementProject".into());
        return;
    };
    for (ns, name) in LOT_PROJECT_REQUIRED {
        if xml::child(project, ns, name).is_none() {
            found.add(project, format!("the lot has no {}", qualified(ns, name)));
        }
    }
}

fn name_of(node: Node) -> String {
    qualified(
        node.tag_name().namespace().unwrap_or_default(),
        node.tag_name().name(),
    )
}

/// The conventional prefix of the namespaces eForms uses, for readable messages.
fn qualified(ns: &str, name: &str) -> String {
    let prefix = match ns {
        CBC => "cbc:",
        CAC => "cac:",
        EXT => "ext:",
        EFAC => "efac:",
        EFBC => "efbc:",
        EFEXT => "efext:",
        _ => "",
    };
    format!("{prefix}{}", values::truncate(name, 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = r#"<ContractNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2">"#;
    const ROOT: &str = "<cbc:ID>n</cbc:ID><cbc:ContractFolderID>f</cbc:ContractFolderID><cbc:IssueDate>2020-01-01Z</cbc:IssueDate><cbc:NoticeTypeCode>cn-standard</cbc:NoticeTypeCode><cbc:NoticeLanguageCode>FRA</cbc:NoticeLanguageCode><cac:ContractingParty><cbc:X>x</cbc:X></cac:ContractingParty><cac:ProcurementProject><cbc:Name>t</cbc:Name></cac:ProcurementProject>";
    const LOT: &str = r#"<cac:ProcurementProjectLot><cbc:ID schemeName="Lot">LOT-0001</cbc:ID><cac:ProcurementProject><cbc:Name languageID="FRA">t</cbc:Name><cbc:Description languageID="FRA">d</cbc:Description><cac:MainCommodityClassification><cbc:ItemClassificationCode listName="cpv">72230000</cbc:ItemClassificationCode></cac:MainCommodityClassification></cac:ProcurementProject></cac:ProcurementProjectLot>"#;

    fn check(body: &str) -> Vec<String> {
        let xml = format!("{HEAD}{body}</ContractNotice>");
        match Document::parse(&xml) {
            Ok(doc) => problems(&doc),
            Err(e) => vec![format!("parse error {e}")],
        }
    }

    #[test]
    fn a_complete_notice_passes() {
        assert_eq!(check(&format!("{ROOT}{LOT}")), Vec::<String>::new());
    }

    #[test]
    fn each_class_of_problem_is_named() {
        let missing = check(LOT);
        assert!(
            missing
                .iter()
                .any(|p| p.contains("no cbc:ContractFolderID")),
            "{missing:?}"
        );
        let twice = check(&format!(
            "{ROOT}{}",
            LOT.replace(
                "<cbc:Description",
                "<cbc:Name languageID=\"FRA\">u</cbc:Name><cbc:Description"
            )
        ));
        assert!(
            twice.iter().any(|p| p
                .contains("cbc:Name is given more than once in FRA in cac:ProcurementProject")
                && p.contains("(lot LOT-0001)")),
            "{twice:?}"
        );
        let empty = check(&format!(
            "{ROOT}{}",
            LOT.replace(
                "<cbc:Description languageID=\"FRA\">d</cbc:Description>",
                "<cbc:Description languageID=\"FRA\"> </cbc:Description>"
            )
        ));
        assert!(
            empty.iter().any(|p| p.contains("cbc:Description is empty")),
            "{empty:?}"
        );
        let no_description = check(&format!(
            "{ROOT}{}",
            LOT.replace(
                "<cbc:Description languageID=\"FRA\">d</cbc:Description>",
                ""
            )
        ));
        assert!(
            no_description
                .iter()
                .any(|p| p.contains("the lot has no cbc:Description")),
            "{no_description:?}"
        );
        let code = check(&format!(
            "{ROOT}{}",
            LOT.replace(
                "</cac:ProcurementProjectLot>",
                "<cbc:X listName=\"einvoicing\">invalid</cbc:X></cac:ProcurementProjectLot>"
            )
        ));
        assert!(
            code.iter()
                .any(|p| p.contains("\"invalid\" is not a code of the einvoicing list")),
            "{code:?}"
        );
        let single = check(&format!("{ROOT}{}", LOT.replace("</cac:ProcurementProject>", "<cac:MainCommodityClassification><cbc:ItemClassificationCode>1</cbc:ItemClassificationCode></cac:MainCommodityClassification></cac:ProcurementProject>")));
        assert!(
            single
                .iter()
                .any(|p| p.contains("cac:MainCommodityClassification is given more than once")),
            "{single:?}"
        );
    }

    #[test]
    fn summary_counts_and_cuts() {
        let many: Vec<String> = (0..8).map(|i| format!("p{i}")).collect();
        assert_eq!(
            summary(&many),
            "invalid eForms notice, 8 problems: p0; p1; p2; p3; p4; p5; and 2 more"
        );
        assert_eq!(
            summary(&["p".into()]),
            "invalid eForms notice, 1 problem: p"
        );
    }
}
