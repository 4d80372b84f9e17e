//! Word document engine: Markdown in, a .docx out (cover, table of contents, numbered
//! headings, lists, tables, images, header and footer), optionally in a company's own look.

mod front;
mod image;
mod inline;
mod markdown;
mod numbering;
mod package;
mod reference;
mod styles;
mod table;
mod typo;

use std::collections::HashMap;

use markdown::Block;
use numbering::NumberingIds;
use reference::Reference;
use styles::StyleSheet;

pub use front::TOC_INSTRUCTION;

/// The cover page of a response document.
#[derive(Debug, Clone, Default)]
pub struct Cover {
    pub title: String,
    pub buyer: String,
    pub reference: String,
    pub lot: String,
    pub company: String,
    pub date: String,
}

/// How a document is rendered beyond its Markdown.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// A cover page before everything else.
    pub cover: Option<Cover>,
    /// Text shown in every page header (e.g. the tender reference).
    pub header_text: Option<String>,
    /// A table of contents field after the cover.
    pub toc: bool,
    /// A .docx or .dotx supplying styles, fonts, colours, header and footer.
    pub reference_doc: Option<Vec<u8>>,
    /// Images by name: `![alt](name)` resolves here; an unknown name renders its alt text.
    pub images: HashMap<String, Vec<u8>>,
}

/// Why a document could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error("the Markdown is too large ({0} bytes, limit {1})")]
    TooLarge(usize, usize),
    #[error("the reference document is not a usable .docx or .dotx: {0}")]
    BadReference(String),
    #[error("could not write the document: {0}")]
    Write(String),
}

impl From<DocxError> for crate::error::Error {
    fn from(e: DocxError) -> Self {
        match e {
            DocxError::Write(m) => crate::error::Error::Internal(m),
            other => crate::error::Error::Invalid(other.to_string()),
        }
    }
}

/// Largest Markdown accepted, in bytes (a 200-page answer is about 500 kB).
pub const MAX_MARKDOWN: usize = 16 * 1024 * 1024;

/// Renders `markdown` to the bytes of a .docx file.
pub fn render(markdown: &str, opts: &RenderOptions) -> Result<Vec<u8>, DocxError> {
    if markdown.len() > MAX_MARKDOWN {
        return Err(DocxError::TooLarge(markdown.len(), MAX_MARKDOWN));
    }
    let reference = opts
        .reference_doc
        .as_deref()
        .map(Reference::read)
        .transpose()?;
    let styles = match &reference {
        Some(r) => StyleSheet::from_reference(&r.styles).map_err(DocxError::BadReference)?,
        None => StyleSheet::default_look(),
    };
    // Id 1 is docx-rs's own definition, always written.
    let taken = reference
        .as_ref()
        .map_or(0, Reference::max_numbering_id)
        .max(1);
    let ids = NumberingIds::after(taken);
    // docx-rs panics on some inputs it considers impossible: contain it.
    let parts = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        build(markdown, opts, &styles, ids)
    }))
    .map_err(|_| DocxError::Write("the document builder failed".into()))?;
    package::assemble(parts, &styles, reference.as_ref(), ids)
}

/// The document's parts, as docx-rs writes them.
fn build(
    markdown: &str,
    opts: &RenderOptions,
    styles: &StyleSheet,
    ids: NumberingIds,
) -> docx_rs::XMLDocx {
    let body = markdown::convert(markdown, styles, &opts.images, ids.first_list_num);
    let margin = docx_rs::PageMargin::new()
        .top(1418)
        .bottom(1418)
        .left(1418)
        .right(1418)
        .header(709)
        .footer(709);
    let mut doc = docx_rs::Docx::new()
        .page_size(11906, 16838)
        .page_margin(margin);
    if let Some(cover) = &opts.cover {
        for p in front::cover(cover, styles) {
            doc = doc.add_paragraph(p);
        }
        // The cover page has its own, empty, header and footer.
        doc = doc
            .title_pg()
            .first_header(docx_rs::Header::new())
            .first_footer(docx_rs::Footer::new());
    }
    if opts.toc {
        for p in front::toc(&body.toc, styles) {
            doc = doc.add_paragraph(p);
        }
    }
    for block in body.blocks {
        doc = match block {
            Block::P(p) => doc.add_paragraph(*p),
            Block::T(t) => doc.add_table(*t),
        };
    }
    doc = numbering::add(doc, ids, &body.lists, styles);
    doc = doc
        .header(front::header(opts.header_text.as_deref(), styles))
        .footer(front::footer(styles));
    doc.build()
}
