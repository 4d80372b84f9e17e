//! The parts around the body: cover page, table of contents field, page header and footer.

use docx_rs::{
    AlignmentType, BreakType, FieldCharType, Footer, Header, InstrText, NumPages, PageNum,
    Paragraph, Run,
};

use super::Cover;
use super::markdown::TocEntry;
use super::styles::{Role, StyleSheet};
use super::typo::{french, xml_safe};

/// The table of contents field: headings 1-4, as links, refreshed by Word on opening.
pub const TOC_INSTRUCTION: &str = r#" TOC \o "1-4" \h \z \u "#;

fn text_run(text: &str) -> Run {
    Run::new().add_text(french(&xml_safe(text)))
}

/// Ends `paragraphs` with a page break inside their last paragraph: a paragraph of its own
/// would land alone on the next page whenever the text above fills its page exactly, and
/// leave that page blank.
fn end_with_page_break(paragraphs: &mut Vec<Paragraph>) {
    let last = paragraphs.pop().unwrap_or_default();
    paragraphs.push(last.add_run(Run::new().add_break(BreakType::Page)));
}

/// The cover page, ending with a page break.
pub fn cover(c: &Cover, styles: &StyleSheet) -> Vec<Paragraph> {
    let mut out = vec![
        Paragraph::new()
            .style(styles.id(Role::Title))
            .add_run(text_run(&c.title)),
    ];
    if !c.buyer.trim().is_empty() {
        out.push(
            Paragraph::new()
                .style(styles.id(Role::Subtitle))
                .add_run(text_run(&c.buyer)),
        );
    }
    let details = [
        ("Référence", &c.reference),
        ("Lot", &c.lot),
        ("Candidat", &c.company),
        ("Date", &c.date),
    ];
    out.push(Paragraph::new().add_run(Run::new().add_break(BreakType::TextWrapping)));
    for (label, value) in details {
        if value.trim().is_empty() {
            continue;
        }
        out.push(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(text_run(&format!("{label} : ")).bold())
                .add_run(text_run(value)),
        );
    }
    end_with_page_break(&mut out);
    out
}

/// The table of contents: a complex TOC field marked dirty, its cached result listing the
/// headings (without page numbers) so a reader that does not refresh fields still shows it.
pub fn toc(entries: &[TocEntry], styles: &StyleSheet) -> Vec<Paragraph> {
    let mut out = vec![
        Paragraph::new()
            .style(styles.id(Role::TocHeading))
            .add_run(text_run("Sommaire")),
    ];
    let begin = || {
        vec![
            Run::new().add_field_char(FieldCharType::Begin, true),
            Run::new().add_instr_text(InstrText::Unsupported(TOC_INSTRUCTION.to_string())),
            Run::new().add_field_char(FieldCharType::Separate, false),
        ]
    };
    let end = || Run::new().add_field_char(FieldCharType::End, false);
    if entries.is_empty() {
        let mut p = Paragraph::new();
        for r in begin() {
            p = p.add_run(r);
        }
        out.push(
            p.add_run(text_run("Mettez à jour la table des matières."))
                .add_run(end()),
        );
    }
    let last = entries.len().saturating_sub(1);
    for (i, e) in entries.iter().enumerate() {
        let mut p = Paragraph::new().style(styles.id(Role::toc(e.level)));
        if i == 0 {
            for r in begin() {
                p = p.add_run(r);
            }
        }
        p = p.add_run(text_run(&format!("{} {}", e.number, e.text)));
        if i == last {
            p = p.add_run(end());
        }
        out.push(p);
    }
    end_with_page_break(&mut out);
    out
}

/// The page header: `text` on the right.
pub fn header(text: Option<&str>, styles: &StyleSheet) -> Header {
    let mut p = Paragraph::new()
        .style(styles.id(Role::Header))
        .align(AlignmentType::Right);
    if let Some(text) = text {
        p = p.add_run(text_run(text));
    }
    Header::new().add_paragraph(p)
}

/// The page footer: "Page X / Y" from the PAGE and NUMPAGES fields.
pub fn footer(styles: &StyleSheet) -> Footer {
    let p = Paragraph::new()
        .style(styles.id(Role::Footer))
        .align(AlignmentType::Center)
        .add_run(Run::new().add_text("Page "))
        .add_page_num(PageNum::new())
        .add_run(Run::new().add_text(" / "))
        .add_num_pages(NumPages::new());
    Footer::new().add_paragraph(p)
}
