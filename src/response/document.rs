//! The Word document of the answer: the sections in order as headings by depth with their
//! text, the compliance matrix as an annex table, rendered by the Word engine with the cover,
//! header, table of contents and the company's own look.

use std::collections::HashMap;

use crate::docx::{Cover, RenderOptions};
use crate::error::{Error, Result};
use crate::grid::report::GridAnnex;

use super::compliance::{Matrix, annex_table};
use super::{Section, in_order};

/// Everything the document needs besides the sections.
pub struct DocumentInput<'a> {
    pub title: &'a str,
    pub buyer: &'a str,
    pub reference: &'a str,
    pub lot: &'a str,
    pub company: &'a str,
    pub date: &'a str,
    pub reference_doc: Option<Vec<u8>>,
    /// Library images by the address sections use in `![alt](address)`.
    pub images: HashMap<String, Vec<u8>>,
}

/// Headings deeper than this stay at this level (Word's Heading 1-4).
const MAX_DEPTH: usize = 4;

/// The whole answer as one Markdown text.
pub fn markdown(sections: &[Section], matrix: Option<&Matrix>) -> String {
    let mut out = String::new();
    for (depth, s) in in_order(sections) {
        let depth = depth.min(MAX_DEPTH);
        out.push_str(&"#".repeat(depth));
        out.push(' ');
        out.push_str(&one_line(&doc_heading(s)));
        out.push_str("\n\n");
        let body = s.body_md.trim();
        if !body.is_empty() {
            out.push_str(&demote_headings(body, depth));
            out.push_str("\n\n");
        }
    }
    if let Some(m) = matrix.filter(|m| m.total > 0) {
        out.push_str("# Annexe : matrice de conformité\n\n");
        out.push_str(&format!(
            "{} exigences, {} couvertes ({}\u{a0}%).\n\n",
            m.total, m.covered, m.percent
        ));
        out.push_str(&annex_table(m));
    }
    out
}

/// Renders the answer to the bytes of a .docx file.
pub fn render(markdown: &str, input: DocumentInput<'_>) -> Result<Vec<u8>> {
    let opts = RenderOptions {
        cover: Some(Cover {
            title: input.title.to_string(),
            buyer: input.buyer.to_string(),
            reference: input.reference.to_string(),
            lot: input.lot.to_string(),
            company: input.company.to_string(),
            date: input.date.to_string(),
        }),
        header_text: Some(input.reference.to_string()).filter(|r| !r.is_empty()),
        toc: true,
        reference_doc: input.reference_doc,
        images: input.images,
    };
    Ok(crate::docx::render(markdown, &opts)?)
}

/// The annex table of the tender's comparison grid; refused (naming what is missing) when the
/// grid cannot be marked, so a requested annex is never silently left out.
async fn grid_annex(
    store: &crate::store::Store,
    tender_id: i64,
    which: GridAnnex,
) -> Result<String> {
    let (grid, _) = store.tender_grid(tender_id).await?;
    let outcome = crate::grid::compute(&grid)
        .map_err(|e| Error::Invalid(format!("the comparison grid cannot be annexed: {e}")))?;
    crate::grid::report::annex_markdown(&outcome, which)
        .map_err(|e| Error::Invalid(format!("the comparison grid cannot be annexed: {e}")))
}

/// The answer of a tender as a .docx: its sections, its compliance matrix, the company's name
/// and reference document, the library's images, and the comparison grid as an annex only when
/// `grid` asks for it (never by default: simulated marks are not for the buyer). The same call
/// serves the web and the CLI.
pub async fn tender_docx(
    store: &crate::store::Store,
    files: &crate::store::FileStore,
    tender_id: i64,
    today: chrono::NaiveDate,
    grid: Option<GridAnnex>,
) -> Result<Vec<u8>> {
    let detail = store.tender_detail(tender_id).await?;
    let sections = store.response_sections(tender_id).await?;
    let requirements = store
        .requirements(tender_id, &crate::store::RequirementFilter::default())
        .await?;
    let matrix = super::compliance::matrix(requirements, &sections);
    let settings = store.company_settings().await?;
    let reference_doc = match &settings.reference_doc_sha256 {
        Some(sha) => Some(files.get(sha)?),
        None => None,
    };
    let mut text = markdown(&sections, Some(&matrix));
    if let Some(which) = grid {
        text.push_str("\n\n");
        text.push_str(&grid_annex(store, tender_id, which).await?);
    }
    // Only the images the text shows are read from disk.
    let mut images = HashMap::new();
    for img in store.library_images(None).await? {
        let address = img.address();
        if text.contains(&format!("({address}")) {
            images.insert(address, files.get(&img.sha256)?);
        }
    }
    let t = &detail.tender;
    let lot = match detail.lots.as_slice() {
        [one] => format!("Lot {} – {}", one.number, one.title),
        _ => String::new(),
    };
    let title = t.title.clone();
    let buyer = t.buyer.clone().unwrap_or_default();
    let reference = t.reference.clone().unwrap_or_default();
    let company = settings.company_name.clone();
    let date = today.format("%d/%m/%Y").to_string();
    // Rendering is CPU work: off the async workers.
    tokio::task::spawn_blocking(move || {
        render(
            &text,
            DocumentInput {
                title: &title,
                buyer: &buyer,
                reference: &reference,
                lot: &lot,
                company: &company,
                date: &date,
                reference_doc,
                images,
            },
        )
    })
    .await
    .map_err(|e| Error::Internal(format!("render task: {e}")))?
}

/// The heading as the document writes it: Word numbers the headings itself (1., 1.1.), so a
/// plain number ("1.2") is left to it; a buyer's label ("Q3") is kept.
fn doc_heading(s: &Section) -> String {
    let plain_number = s.reference.chars().all(|c| c.is_ascii_digit() || c == '.');
    if plain_number {
        s.title.clone()
    } else {
        s.heading()
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Headings written inside a section go below the section's own heading.
fn demote_headings(body: &str, depth: usize) -> String {
    let mut in_code = false;
    body.lines()
        .map(|line| {
            let t = line.trim_start();
            if t.starts_with("```") || t.starts_with("~~~") {
                in_code = !in_code;
            }
            if !in_code && line.starts_with('#') {
                let hashes = line.chars().take_while(|&c| c == '#').count();
                let rest = line.get(hashes..).unwrap_or("");
                if rest.starts_with(' ') || rest.is_empty() {
                    return format!("{}{rest}", "#".repeat((hashes + depth).min(6)));
                }
            }
            line.to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inner_headings_go_below() {
        assert_eq!(
            demote_headings("# A\n```\n# code\n```\ntext", 2),
            "### A\n```\n# code\n```\ntext"
        );
    }
}
