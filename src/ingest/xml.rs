//! A bounded XML event walk for the word-processor readers: local names, attributes, text
//! with references resolved; DTDs refused (no entity can expand), nesting depth capped.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::ExtractError;

pub enum XmlEvent<'a> {
    /// An element opens (an empty element gives `Start` then `End`).
    Start {
        name: &'a str,
        attrs: &'a [(String, String)],
    },
    End {
        name: &'a str,
    },
    Text(&'a str),
}

fn local(name: &str) -> String {
    match name.rsplit_once(':') {
        Some((_, l)) => l.to_string(),
        None => name.to_string(),
    }
}

fn predefined(entity: &str) -> Option<char> {
    match entity {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// Walks `xml`, calling `on` for each event. `part` names the part in error messages.
pub fn walk(
    xml: &[u8],
    part: &str,
    max_depth: usize,
    mut on: impl FnMut(XmlEvent<'_>),
) -> Result<(), ExtractError> {
    let corrupt = |why: String| ExtractError::Corrupt(format!("{part}: {why}"));
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().check_end_names = true;
    let mut buf = Vec::new();
    let mut depth = 0usize;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| corrupt(format!("malformed XML ({e})")))?;
        match event {
            Event::Start(e) => {
                depth += 1;
                if depth > max_depth {
                    return Err(corrupt(format!("elements nested deeper than {max_depth}")));
                }
                let name = local(e.name().as_ref());
                let attrs = attributes(&e);
                on(XmlEvent::Start {
                    name: &name,
                    attrs: &attrs,
                });
            }
            Event::Empty(e) => {
                let name = local(e.name().as_ref());
                let attrs = attributes(&e);
                on(XmlEvent::Start {
                    name: &name,
                    attrs: &attrs,
                });
                on(XmlEvent::End { name: &name });
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                let name = local(e.name().as_ref());
                on(XmlEvent::End { name: &name });
            }
            Event::Text(t) => on(XmlEvent::Text(&t.xml10_content())),
            Event::CData(t) => on(XmlEvent::Text(&t.xml10_content())),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    Ok(None) => predefined(&r),
                    Err(_) => None,
                };
                match resolved {
                    Some(c) => on(XmlEvent::Text(c.encode_utf8(&mut [0u8; 4]))),
                    None => return Err(corrupt(format!("unknown entity &{};", &*r))),
                }
            }
            Event::DocType(_) => {
                return Err(corrupt("document type declarations are refused".into()));
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}

fn attributes(e: &quick_xml::events::BytesStart<'_>) -> Vec<(String, String)> {
    e.attributes()
        .flatten()
        .map(|a| {
            (
                local(a.key.as_ref()),
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map(|v| v.into_owned())
                    .unwrap_or_default(),
            )
        })
        .collect()
}

/// The value of attribute `name` (local name) in `attrs`.
pub fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(xml: &str) -> Result<String, ExtractError> {
        let mut out = String::new();
        walk(xml.as_bytes(), "test", 10, |e| {
            if let XmlEvent::Text(t) = e {
                out.push_str(t)
            }
        })?;
        Ok(out)
    }

    #[test]
    fn references_resolve_and_dtds_are_refused() {
        assert_eq!(
            texts("<a>caf&#233; &amp; th&#xE9;</a>"),
            Ok("café & thé".into())
        );
        let laughs = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;\">]><l>&b;</l>";
        assert!(
            matches!(texts(laughs), Err(ExtractError::Corrupt(m)) if m.contains("document type"))
        );
        assert!(texts("<a>&custom;</a>").is_err());
    }

    #[test]
    fn depth_and_malformed_input_are_errors() {
        let deep = format!("{}{}", "<a>".repeat(20), "</a>".repeat(20));
        assert!(texts(&deep).is_err());
        assert!(texts("<a><b></a>").is_err());
    }
}
