//! The style sheet: the default look, and the style ids to use, taken from a reference
//! document when there is one (matched by style name, so a French "Titre1" named "heading 1"
//! serves as Heading 1).

use std::fmt::Write as _;

/// Every style the engine writes with, by what it is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Heading1,
    Heading2,
    Heading3,
    Heading4,
    Title,
    Subtitle,
    TocHeading,
    Toc1,
    Toc2,
    Toc3,
    Toc4,
    Header,
    Footer,
    Hyperlink,
    ListParagraph,
    Quote,
    SourceCode,
    VerbatimChar,
    TableGrid,
    TableHeading,
    Rule,
}

const ROLES: [Role; 21] = [
    Role::Heading1,
    Role::Heading2,
    Role::Heading3,
    Role::Heading4,
    Role::Title,
    Role::Subtitle,
    Role::TocHeading,
    Role::Toc1,
    Role::Toc2,
    Role::Toc3,
    Role::Toc4,
    Role::Header,
    Role::Footer,
    Role::Hyperlink,
    Role::ListParagraph,
    Role::Quote,
    Role::SourceCode,
    Role::VerbatimChar,
    Role::TableGrid,
    Role::TableHeading,
    Role::Rule,
];

/// The four heading roles, level 1 first.
pub const HEADINGS: [Role; 4] = [
    Role::Heading1,
    Role::Heading2,
    Role::Heading3,
    Role::Heading4,
];

const HEADING_COLOR: &str = "1F3864";
const ACCENT: &str = "2E74B5";

impl Role {
    /// The default style id and the (English, built-in) style name Word knows it by.
    pub fn id_and_name(self) -> (&'static str, &'static str) {
        match self {
            Role::Heading1 => ("Heading1", "heading 1"),
            Role::Heading2 => ("Heading2", "heading 2"),
            Role::Heading3 => ("Heading3", "heading 3"),
            Role::Heading4 => ("Heading4", "heading 4"),
            Role::Title => ("Title", "Title"),
            Role::Subtitle => ("Subtitle", "Subtitle"),
            Role::TocHeading => ("TOCHeading", "TOC Heading"),
            Role::Toc1 => ("TOC1", "toc 1"),
            Role::Toc2 => ("TOC2", "toc 2"),
            Role::Toc3 => ("TOC3", "toc 3"),
            Role::Toc4 => ("TOC4", "toc 4"),
            Role::Header => ("Header", "header"),
            Role::Footer => ("Footer", "footer"),
            Role::Hyperlink => ("Hyperlink", "Hyperlink"),
            Role::ListParagraph => ("ListParagraph", "List Paragraph"),
            Role::Quote => ("Quote", "Quote"),
            Role::SourceCode => ("SourceCode", "Source Code"),
            Role::VerbatimChar => ("VerbatimChar", "Verbatim Char"),
            Role::TableGrid => ("TableGrid", "Table Grid"),
            Role::TableHeading => ("TableHeading", "Table Heading"),
            Role::Rule => ("HorizontalRule", "Horizontal Rule"),
        }
    }

    /// The heading role of a Markdown heading level (5 and 6 read as 4).
    pub fn heading(level: usize) -> Role {
        match level {
            0 | 1 => Role::Heading1,
            2 => Role::Heading2,
            3 => Role::Heading3,
            _ => Role::Heading4,
        }
    }

    /// The table of contents entry role for a heading level.
    pub fn toc(level: usize) -> Role {
        match level {
            0 | 1 => Role::Toc1,
            2 => Role::Toc2,
            3 => Role::Toc3,
            _ => Role::Toc4,
        }
    }

    /// The default definition, with `id` as its style id.
    fn definition(self, id: &str) -> String {
        let (_, name) = self.id_and_name();
        let heading = |lvl: usize, size: u32, color: &str, before: u32, italic: bool| {
            let it = if italic { "<w:i/>" } else { "" };
            format!(
                r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="120"/><w:outlineLvl w:val="{lvl}"/></w:pPr><w:rPr><w:b/>{it}<w:color w:val="{color}"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr></w:style>"#
            )
        };
        let para = |ppr: &str, rpr: &str| {
            format!(
                r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"#
            )
        };
        let toc = |indent: u32| {
            format!(
                r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:unhideWhenUsed/><w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9060"/></w:tabs><w:spacing w:after="60"/><w:ind w:left="{indent}"/></w:pPr></w:style>"#
            )
        };
        match self {
            Role::Heading1 => heading(0, 32, HEADING_COLOR, 480, false),
            Role::Heading2 => heading(1, 26, ACCENT, 360, false),
            Role::Heading3 => heading(2, 24, HEADING_COLOR, 240, false),
            Role::Heading4 => heading(3, 22, ACCENT, 240, true),
            Role::Title => para(
                r#"<w:spacing w:before="2400" w:after="480"/><w:jc w:val="center"/>"#,
                &format!(
                    r#"<w:b/><w:color w:val="{HEADING_COLOR}"/><w:sz w:val="56"/><w:szCs w:val="56"/>"#
                ),
            ),
            Role::Subtitle => para(
                r#"<w:spacing w:after="240"/><w:jc w:val="center"/>"#,
                &format!(r#"<w:color w:val="{ACCENT}"/><w:sz w:val="32"/><w:szCs w:val="32"/>"#),
            ),
            Role::TocHeading => para(
                r#"<w:keepNext/><w:spacing w:before="240" w:after="240"/>"#,
                &format!(
                    r#"<w:b/><w:color w:val="{HEADING_COLOR}"/><w:sz w:val="32"/><w:szCs w:val="32"/>"#
                ),
            ),
            Role::Toc1 => toc(0),
            Role::Toc2 => toc(220),
            Role::Toc3 => toc(440),
            Role::Toc4 => toc(660),
            Role::Header | Role::Footer => para(
                r#"<w:tabs><w:tab w:val="center" w:pos="4536"/><w:tab w:val="right" w:pos="9072"/></w:tabs><w:spacing w:after="0"/>"#,
                r#"<w:color w:val="595959"/><w:sz w:val="18"/><w:szCs w:val="18"/>"#,
            ),
            Role::Hyperlink => format!(
                r#"<w:style w:type="character" w:styleId="{id}"><w:name w:val="{name}"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>"#
            ),
            Role::ListParagraph => para(
                r#"<w:spacing w:after="60"/><w:ind w:left="720"/><w:contextualSpacing/>"#,
                "",
            ),
            Role::Quote => para(
                &format!(
                    r#"<w:pBdr><w:left w:val="single" w:sz="18" w:space="8" w:color="{ACCENT}"/></w:pBdr><w:ind w:left="567" w:right="567"/>"#
                ),
                r#"<w:i/><w:color w:val="404040"/>"#,
            ),
            Role::SourceCode => para(
                r#"<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/><w:spacing w:after="120" w:line="240" w:lineRule="auto"/><w:ind w:left="113" w:right="113"/>"#,
                r#"<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" w:cs="Courier New"/><w:sz w:val="18"/><w:szCs w:val="18"/>"#,
            ),
            Role::VerbatimChar => format!(
                r#"<w:style w:type="character" w:styleId="{id}"><w:name w:val="{name}"/><w:rPr><w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" w:cs="Courier New"/><w:sz w:val="20"/><w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/></w:rPr></w:style>"#
            ),
            Role::TableGrid => format!(
                r#"<w:style w:type="table" w:styleId="{id}"><w:name w:val="{name}"/><w:uiPriority w:val="39"/><w:pPr><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/></w:pPr><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/><w:left w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/><w:right w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/></w:tblBorders><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#
            ),
            Role::TableHeading => para(
                r#"<w:keepNext/><w:spacing w:before="40" w:after="40"/>"#,
                r#"<w:b/>"#,
            ),
            Role::Rule => para(
                &format!(
                    r#"<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="{ACCENT}"/></w:pBdr><w:spacing w:after="240"/>"#
                ),
                "",
            ),
        }
    }
}

const STYLES_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:eastAsia="Arial" w:hAnsi="Arial" w:cs="Arial"/><w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="fr-FR" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:rPr><w:color w:val="262626"/></w:rPr></w:style><w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style><w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"#;

/// The style ids in use and the styles.xml that defines them.
#[derive(Debug, Clone)]
pub struct StyleSheet {
    ids: Vec<String>,
    /// The heading styles still lack their numbering: see [`StyleSheet::xml_with_numbering`].
    xml: String,
}

impl StyleSheet {
    /// The default look.
    pub fn default_look() -> StyleSheet {
        let mut xml = String::from(STYLES_HEAD);
        let mut ids = Vec::with_capacity(ROLES.len());
        for role in ROLES {
            let (id, _) = role.id_and_name();
            xml.push_str(&role.definition(id));
            ids.push(id.to_string());
        }
        xml.push_str("</w:styles>");
        StyleSheet { ids, xml }
    }

    /// The reference document's styles, completed with ours for any role it lacks.
    pub fn from_reference(styles_xml: &str) -> Result<StyleSheet, String> {
        let doc = roxmltree::Document::parse(styles_xml).map_err(|e| format!("styles.xml: {e}"))?;
        let known: Vec<(String, String)> = doc
            .root_element()
            .children()
            .filter(|n| n.tag_name().name() == "style")
            .filter_map(|n| {
                let id = attr(n, "styleId")?;
                let name = n
                    .children()
                    .find(|c| c.tag_name().name() == "name")
                    .and_then(|c| attr(c, "val"))
                    .unwrap_or_default();
                Some((id.to_string(), name.to_lowercase()))
            })
            .collect();
        let end = styles_xml
            .rfind("</w:styles>")
            .ok_or("styles.xml has no </w:styles>")?;
        let mut xml = String::with_capacity(styles_xml.len() + 4096);
        xml.push_str(&styles_xml[..end]);
        let mut ids = Vec::with_capacity(ROLES.len());
        for role in ROLES {
            let (default_id, name) = role.id_and_name();
            let by_name = known.iter().find(|(_, n)| *n == name.to_lowercase());
            let by_id = known.iter().find(|(id, _)| id == default_id);
            match by_name.or(by_id) {
                Some((id, _)) => ids.push(id.clone()),
                None => {
                    xml.push_str(&role.definition(default_id));
                    ids.push(default_id.to_string());
                }
            }
        }
        xml.push_str(&styles_xml[end..]);
        Ok(StyleSheet { ids, xml })
    }

    /// The style id to write for `role`.
    pub fn id(&self, role: Role) -> &str {
        let i = ROLES.iter().position(|r| *r == role).unwrap_or(0);
        self.ids.get(i).map(String::as_str).unwrap_or("Normal")
    }

    /// styles.xml with heading styles 1-4 linked to the multilevel list `num_id`, replacing any
    /// numbering the reference gave them.
    pub fn xml_with_numbering(&self, num_id: usize) -> Result<String, String> {
        let mut xml = self.xml.clone();
        for (lvl, role) in [
            Role::Heading1,
            Role::Heading2,
            Role::Heading3,
            Role::Heading4,
        ]
        .into_iter()
        .enumerate()
        {
            let id = self.id(role).to_string();
            let num_pr =
                format!(r#"<w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{num_id}"/></w:numPr>"#);
            xml = link_numbering(&xml, &id, &num_pr)?;
        }
        Ok(xml)
    }
}

fn attr<'a>(n: roxmltree::Node<'a, '_>, local: &str) -> Option<&'a str> {
    n.attributes()
        .find(|a| a.name() == local)
        .map(|a| a.value())
}

/// Puts `num_pr` as the first child of the paragraph properties of style `id` (after removing
/// any numbering it had), creating the properties when absent.
fn link_numbering(xml: &str, id: &str, num_pr: &str) -> Result<String, String> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| format!("styles.xml: {e}"))?;
    let Some(style) = doc
        .root_element()
        .children()
        .find(|n| n.tag_name().name() == "style" && attr(*n, "styleId") == Some(id))
    else {
        return Ok(xml.to_string());
    };
    let mut out = String::with_capacity(xml.len() + num_pr.len());
    let ppr = style.children().find(|c| c.tag_name().name() == "pPr");
    match ppr {
        Some(ppr) => {
            let old = ppr.children().find(|c| c.tag_name().name() == "numPr");
            // After the start tag of <w:pPr>: the first child's start, or the whole element
            // when empty (<w:pPr/>).
            let (ppr_start, ppr_end) = (ppr.range().start, ppr.range().end);
            let raw = &xml[ppr_start..ppr_end];
            if raw.ends_with("/>") && ppr.first_child().is_none() {
                out.push_str(&xml[..ppr_start]);
                let _ = write!(out, "<w:pPr>{num_pr}</w:pPr>");
                out.push_str(&xml[ppr_end..]);
                return Ok(out);
            }
            let open_end = ppr_start + raw.find('>').ok_or("bad pPr")? + 1;
            out.push_str(&xml[..open_end]);
            out.push_str(num_pr);
            match old {
                Some(old) => {
                    out.push_str(&xml[open_end..old.range().start]);
                    out.push_str(&xml[old.range().end..]);
                }
                None => out.push_str(&xml[open_end..]),
            }
        }
        None => {
            // pPr goes after name/aliases/basedOn/next/link/... and before rPr: putting it just
            // before rPr (or the end) keeps the schema order.
            let before = style
                .children()
                .find(|c| {
                    matches!(
                        c.tag_name().name(),
                        "rPr" | "tblPr" | "trPr" | "tcPr" | "tblStylePr"
                    )
                })
                .map(|c| c.range().start)
                .unwrap_or(style.range().end - "</w:style>".len());
            out.push_str(&xml[..before]);
            let _ = write!(out, "<w:pPr>{num_pr}</w:pPr>");
            out.push_str(&xml[before..]);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_look_links_headings_to_numbering() {
        let sheet = StyleSheet::default_look();
        assert_eq!(sheet.id(Role::Heading2), "Heading2");
        let xml = sheet.xml_with_numbering(7).expect("xml");
        roxmltree::Document::parse(&xml).expect("well-formed");
        assert!(xml.contains(
            r#"<w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="7"/></w:numPr><w:keepNext/>"#
        ));
    }

    #[test]
    fn reference_styles_found_by_name() {
        let xml = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="Titre1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Titre2"><w:name w:val="heading 2"/></w:style></w:styles>"#;
        let sheet = StyleSheet::from_reference(xml).expect("sheet");
        assert_eq!(sheet.id(Role::Heading1), "Titre1");
        assert_eq!(sheet.id(Role::Heading2), "Titre2");
        assert_eq!(sheet.id(Role::Heading3), "Heading3");
        let out = sheet.xml_with_numbering(9).expect("xml");
        roxmltree::Document::parse(&out).expect("well-formed");
        assert!(!out.contains(r#"<w:numId w:val="3"/>"#));
        assert!(out.contains(
            r#"w:styleId="Titre2"><w:name w:val="heading 2"/><w:pPr><w:numPr><w:ilvl w:val="1"/>"#
        ));
    }
}
