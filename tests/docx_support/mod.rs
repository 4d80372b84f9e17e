//! Reading generated .docx files back in tests: parts, paragraphs with their style,
//! numbering and text, and package checks (well-formed parts, relationship targets, content
//! types).
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use tenderdesk::docx::{Cover, RenderOptions};

pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

pub fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(path)
}

pub fn memoire() -> String {
    std::fs::read_to_string(fixture("markdown/memoire.md")).expect("fixture")
}

/// The options a tender response uses: cover, table of contents, header, the logo.
pub fn full_options() -> RenderOptions {
    let mut opts = RenderOptions {
        cover: Some(Cover {
            title: "Mémoire technique".into(),
            buyer: "Ville de Lyon".into(),
            reference: "AO-2026-042".into(),
            lot: "Lot 2 : maintenance".into(),
            company: "ACME Services".into(),
            date: "23 novembre 2026".into(),
        }),
        header_text: Some("AO-2026-042".into()),
        toc: true,
        ..RenderOptions::default()
    };
    let logo = std::fs::read(fixture("markdown/logo.png")).expect("logo");
    opts.images.insert("logo.png".into(), logo);
    opts
}

/// Every part of the package, by name.
pub fn parts(docx: &[u8]) -> HashMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(docx)).expect("a ZIP");
    let mut out = HashMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("entry");
        if f.is_dir() {
            continue;
        }
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).expect("read");
        out.insert(f.name().expect("entry name").to_string(), bytes);
    }
    out
}

pub fn part(parts: &HashMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(
        parts
            .get(name)
            .unwrap_or_else(|| panic!("{name} missing"))
            .clone(),
    )
    .expect("utf-8")
}

/// A paragraph as read back.
#[derive(Debug, Clone)]
pub struct Para {
    pub style: Option<String>,
    pub num: Option<(String, String)>,
    pub text: String,
    pub align: Option<String>,
}

fn w_attr(n: roxmltree::Node<'_, '_>, name: &str) -> Option<String> {
    n.attribute((W, name)).map(str::to_string)
}

fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    n.children().find(|c| c.tag_name().name() == name)
}

/// The paragraphs of an XML part, in order (table cells included).
pub fn paragraphs(xml: &str) -> Vec<Para> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed");
    doc.descendants()
        .filter(|n| n.tag_name().name() == "p" && n.tag_name().namespace() == Some(W))
        .map(|p| {
            let ppr = child(p, "pPr");
            let style = ppr
                .and_then(|x| child(x, "pStyle"))
                .and_then(|s| w_attr(s, "val"));
            let align = ppr
                .and_then(|x| child(x, "jc"))
                .and_then(|s| w_attr(s, "val"));
            let num = ppr.and_then(|x| child(x, "numPr")).map(|n| {
                let get = |k| {
                    child(n, k)
                        .and_then(|c| w_attr(c, "val"))
                        .unwrap_or_default()
                };
                (get("numId"), get("ilvl"))
            });
            let text = p
                .descendants()
                .filter(|t| t.tag_name().name() == "t")
                .filter_map(|t| t.text())
                .collect();
            Para {
                style,
                num,
                text,
                align,
            }
        })
        .collect()
}

/// The last paragraph holding `text` (the body's, not the table of contents entry).
pub fn find<'a>(paras: &'a [Para], text: &str) -> &'a Para {
    paras
        .iter()
        .rev()
        .find(|p| p.text.contains(text))
        .unwrap_or_else(|| panic!("no paragraph with {text:?}"))
}

/// Checks what Word checks before its repair prompt: every XML part well-formed, every
/// internal relationship target present, every part with a content type.
pub fn assert_sound_package(parts: &HashMap<String, Vec<u8>>) {
    for (name, bytes) in parts {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let text = std::str::from_utf8(bytes).unwrap_or_else(|_| panic!("{name} not UTF-8"));
            roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
    for (name, bytes) in parts.iter().filter(|(n, _)| n.ends_with(".rels")) {
        let base = name
            .replace("_rels/", "")
            .trim_end_matches(".rels")
            .to_string();
        let dir = base
            .rsplit_once('/')
            .map(|(d, _)| format!("{d}/"))
            .unwrap_or_default();
        let xml = std::str::from_utf8(bytes).expect("utf-8");
        let doc = roxmltree::Document::parse(xml).expect("rels");
        for rel in doc.descendants().filter(|n| n.has_tag_name("Relationship")) {
            if rel.attribute("TargetMode") == Some("External") {
                continue;
            }
            let target = rel.attribute("Target").expect("Target");
            let path = match target.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("{dir}{target}"),
            };
            assert!(parts.contains_key(&path), "{name}: target {path} missing");
        }
    }
    let types = std::str::from_utf8(&parts["[Content_Types].xml"])
        .expect("utf-8")
        .to_string();
    let doc = roxmltree::Document::parse(&types).expect("content types");
    let defaults: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("Default"))
        .filter_map(|n| n.attribute("Extension"))
        .collect();
    let overrides: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("Override"))
        .filter_map(|n| n.attribute("PartName"))
        .collect();
    for name in parts.keys().filter(|n| *n != "[Content_Types].xml") {
        let ext = name.rsplit('.').next().unwrap_or_default();
        assert!(
            overrides.contains(&format!("/{name}").as_str()) || defaults.contains(&ext),
            "{name} has no content type"
        );
    }
}
