//! XML plumbing shared by the notice readers: decoding, parsing with DTDs refused and work
//! bounded, namespaced navigation, and reading the numbers and dates notices write.

use std::borrow::Cow;

use roxmltree::{Document, Node, ParsingOptions};

use crate::ingest::{ExtractError, Limits};

pub(super) const CBC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
pub(super) const CAC: &str =
    "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
pub(super) const EXT: &str =
    "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2";
pub(super) const EFEXT: &str = "http://data.europa.eu/p27/eforms-ubl-extensions/1";
pub(super) const EFAC: &str =
    "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1";
pub(super) const EFBC: &str = "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1";
/// BOAMP elements have no namespace.
pub(super) const NONE: &str = "";

/// Nodes one document may make roxmltree allocate. Real notices stay far below (the 100-lot
/// eForms sample is about 60 000); without a bound a 200 MB file of `<a/>` would take gigabytes.
const MAX_NODES: u32 = 2_000_000;

/// The text of an XML file: UTF-8 (BOM dropped), UTF-16 with a BOM, or the legacy encoding its
/// declaration names (old BOAMP exports are sometimes ISO-8859-1).
pub(super) fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, ExtractError> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = bytes.get(bom..).unwrap_or_default();
        let (text, had_errors) = encoding.decode_without_bom_handling(body);
        return if had_errors {
            Err(ExtractError::Corrupt(format!(
                "invalid {} text",
                encoding.name()
            )))
        } else {
            Ok(text)
        };
    }
    if let Some(label) = declared_encoding(bytes) {
        let encoding = encoding_rs::Encoding::for_label(label.as_bytes())
            .ok_or_else(|| ExtractError::Corrupt(format!("unknown XML encoding {label:?}")))?;
        // Reading the declaration as ASCII worked, so a declared UTF-16 is a mislabel: only
        // ASCII-compatible legacy encodings are honoured.
        if encoding != encoding_rs::UTF_8 && encoding.is_ascii_compatible() {
            let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
            return if had_errors {
                Err(ExtractError::Corrupt(format!(
                    "invalid {} text",
                    encoding.name()
                )))
            } else {
                Ok(text)
            };
        }
    }
    std::str::from_utf8(bytes)
        .map(Cow::Borrowed)
        .map_err(|e| ExtractError::Corrupt(format!("not UTF-8 text (byte {})", e.valid_up_to())))
}

/// The `encoding="..."` of the XML declaration, if the file starts with one.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = bytes.get(..200).unwrap_or(bytes);
    let head = String::from_utf8_lossy(head);
    let decl = head.strip_prefix("<?xml")?;
    let decl = decl.get(..decl.find("?>")?)?;
    let after = decl.get(decl.find("encoding")? + "encoding".len()..)?;
    let after = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = after.get(1..)?;
    Some(value.get(..value.find(quote)?)?.trim().to_string())
}

/// Parses with roxmltree's defaults, which refuse DTDs (so no entity is ever expanded and no
/// external resource is ever named), a bound on nodes, and a bound on nesting.
pub(super) fn parse_document<'a>(
    text: &'a str,
    limits: &Limits,
) -> Result<Document<'a>, ExtractError> {
    // roxmltree lets an empty `<!DOCTYPE x SYSTEM "...">` through; notices never carry one, so
    // any DOCTYPE is refused before parsing.
    if has_doctype(text) {
        return Err(dtd_refused());
    }
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::DtdDetected
        | roxmltree::Error::EntityReferenceLoop(_)
        | roxmltree::Error::UnknownEntityReference(..) => dtd_refused(),
        roxmltree::Error::NodesLimitReached => {
            ExtractError::TooLarge(format!("more than {MAX_NODES} XML nodes"))
        }
        other => ExtractError::Corrupt(format!("not well-formed XML: {other}")),
    })?;
    check_depth(&doc, limits.max_xml_depth)?;
    Ok(doc)
}

fn dtd_refused() -> ExtractError {
    ExtractError::Corrupt(
        "the XML declares a DOCTYPE (DTD): documents with DTDs or entity declarations are refused"
            .into(),
    )
}

/// Whether a DOCTYPE comes before the root element (only the prolog is looked at).
fn has_doctype(text: &str) -> bool {
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if rest.starts_with("<!DOCTYPE") {
            return true;
        }
        let end = if rest.starts_with("<?") {
            rest.find("?>").map(|i| i + 2)
        } else if rest.starts_with("<!--") {
            rest.find("-->").map(|i| i + 3)
        } else {
            return false;
        };
        match end.and_then(|i| rest.get(i..)) {
            Some(after) => rest = after,
            None => return false,
        }
    }
}

/// Refuses documents nested deeper than `max` elements. Nodes come in document order, so each
/// one's depth is its parent's plus one: one pass, no recursion.
fn check_depth(doc: &Document, max: usize) -> Result<(), ExtractError> {
    let mut depths: Vec<u32> = Vec::new();
    for node in doc.root().descendants() {
        let parent = node
            .parent()
            .and_then(|p| depths.get(p.id().get() as usize).copied())
            .unwrap_or(0);
        let depth = if node.is_element() {
            parent + 1
        } else {
            parent
        };
        if depth as usize > max {
            return Err(ExtractError::TooLarge(format!(
                "XML elements nested deeper than {max} levels"
            )));
        }
        let index = node.id().get() as usize;
        if depths.len() <= index {
            depths.resize(index + 1, 0);
        }
        if let Some(slot) = depths.get_mut(index) {
            *slot = depth;
        }
    }
    Ok(())
}

/// Whether `node` is the element `ns`:`name` (`NONE` for no namespace).
pub(super) fn is(node: Node, ns: &str, name: &str) -> bool {
    node.is_element()
        && node.tag_name().name() == name
        && node.tag_name().namespace().unwrap_or(NONE) == ns
}

pub(super) fn child<'a, 'i>(node: Node<'a, 'i>, ns: &str, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|c| is(*c, ns, name))
}

pub(super) fn children<'a, 'i, 's>(
    node: Node<'a, 'i>,
    ns: &'s str,
    name: &'s str,
) -> impl Iterator<Item = Node<'a, 'i>> + 's
where
    'a: 's,
    'i: 's,
{
    node.children().filter(move |c| is(*c, ns, name))
}

/// Follows a path of child elements, taking the first match at each step.
pub(super) fn path<'a, 'i>(node: Node<'a, 'i>, steps: &[(&str, &str)]) -> Option<Node<'a, 'i>> {
    steps
        .iter()
        .try_fold(node, |at, (ns, name)| child(at, ns, name))
}

/// All the elements at the end of a path (every match at every step).
pub(super) fn path_all<'a, 'i>(node: Node<'a, 'i>, steps: &[(&str, &str)]) -> Vec<Node<'a, 'i>> {
    let mut level = vec![node];
    for (ns, name) in steps {
        level = level
            .into_iter()
            .flat_map(|n| n.children().filter(|c| is(*c, ns, name)))
            .collect();
    }
    level
}

/// The text of an element and its descendants, whitespace collapsed; None when blank.
pub(super) fn text(node: Node) -> Option<String> {
    let mut out = String::new();
    for piece in node.descendants().filter(|n| n.is_text()) {
        for word in piece.text().unwrap_or_default().split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The text of the child `ns`:`name`.
pub(super) fn child_text(node: Node, ns: &str, name: &str) -> Option<String> {
    child(node, ns, name).and_then(text)
}

/// The text of the element at the end of `steps`.
pub(super) fn path_text(node: Node, steps: &[(&str, &str)]) -> Option<String> {
    path(node, steps).and_then(text)
}

/// Among translations of one text (`languageID` attributes), French, then English, then the
/// first given.
pub(super) fn pick_language<'a, 'i: 'a>(
    nodes: impl IntoIterator<Item = Node<'a, 'i>>,
) -> Option<String> {
    let mut first = None;
    let mut english = None;
    for node in nodes {
        let Some(value) = text(node) else { continue };
        match node.attribute("languageID") {
            Some("FRA") => return Some(value),
            Some("ENG") if english.is_none() => english = Some(value),
            _ if first.is_none() => first = Some(value),
            _ => {}
        }
    }
    english.or(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_encodings_are_honoured() {
        let latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\xe9t\xe9</a>";
        assert_eq!(
            decode(latin1).ok().as_deref(),
            Some("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\u{e9}t\u{e9}</a>")
        );
        assert!(decode(b"<a>\xff\xfe\xfd</a>").is_err());
        // A file whose declaration reads as ASCII is not UTF-16, whatever it says.
        let mislabelled = b"<?xml version='1.0' encoding='UTF-16'?><a/>";
        assert_eq!(
            decode(mislabelled).ok().as_deref(),
            std::str::from_utf8(mislabelled).ok()
        );
        assert!(decode(b"<?xml version='1.0' encoding='klingon'?><a/>").is_err());
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("<a/>".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16).ok().as_deref(), Some("<a/>"));
    }

    #[test]
    fn doctype_and_depth_are_refused() {
        let limits = Limits::default();
        for doc in [
            "<!DOCTYPE a SYSTEM \"http://example.com/a.dtd\"><a/>",
            "<?xml version=\"1.0\"?>\n<!-- c --><!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>",
        ] {
            let err = parse_document(doc, &limits).err();
            assert!(
                matches!(&err, Some(ExtractError::Corrupt(m)) if m.contains("DOCTYPE")),
                "{err:?}"
            );
        }
        let deep = format!("{}{}", "<a>".repeat(300), "</a>".repeat(300));
        assert!(matches!(
            parse_document(&deep, &limits),
            Err(ExtractError::TooLarge(_))
        ));
        let ok = format!("{}{}", "<a>".repeat(200), "</a>".repeat(200));
        assert!(parse_document(&ok, &limits).is_ok());
    }

    #[test]
    fn languages_prefer_french_then_english() {
        let doc = Document::parse(
            r#"<r><n languageID="DEU">Amt</n><n languageID="ENG">Office</n><n languageID="FRA">Office FR</n></r>"#,
        )
        .ok();
        let picked = doc
            .as_ref()
            .and_then(|d| pick_language(d.root_element().children()));
        assert_eq!(picked.as_deref(), Some("Office FR"));
        let doc =
            Document::parse(r#"<r><n languageID="DEU">Amt</n><n languageID="ENG">Office</n></r>"#)
                .ok();
        let picked = doc
            .as_ref()
            .and_then(|d| pick_language(d.root_element().children()));
        assert_eq!(picked.as_deref(), Some("Office"));
    }
}
