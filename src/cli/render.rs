//! `tenderdesk render FILE.md -o FILE.docx [--reference-doc REF.docx]`: any Markdown to a
//! Word document, through the same engine as the response download.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::docx::{self, RenderOptions};
use crate::error::{Error, Result};

/// Largest picture or reference document read from disk.
const MAX_FILE: u64 = 50 * 1024 * 1024;

#[derive(clap::Args, Debug)]
pub struct RenderArgs {
    /// The Markdown file.
    pub file: PathBuf,
    /// Where to write the .docx.
    #[arg(short, long)]
    pub output: PathBuf,
    /// A .docx or .dotx whose styles, fonts, colours, header and footer are used.
    #[arg(long)]
    pub reference_doc: Option<PathBuf>,
    /// Put a table of contents at the start.
    #[arg(long)]
    pub toc: bool,
    /// Text of the page header.
    #[arg(long)]
    pub header: Option<String>,
}

fn read_bounded(path: &Path) -> Result<Vec<u8>> {
    let len = std::fs::metadata(path)
        .map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))?
        .len();
    if len > MAX_FILE {
        return Err(Error::Invalid(format!(
            "{}: larger than {MAX_FILE} bytes",
            path.display()
        )));
    }
    std::fs::read(path).map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))
}

/// Pictures the Markdown names, read relative to its folder; missing ones render as their
/// alternative text.
fn pictures(markdown: &str, dir: &Path) -> HashMap<String, Vec<u8>> {
    let mut out = HashMap::new();
    let parser = pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES);
    for event in parser {
        if let pulldown_cmark::Event::Start(pulldown_cmark::Tag::Image { dest_url, .. }) = event
            && !dest_url.contains("://")
            && !out.contains_key(dest_url.as_ref())
            && let Ok(bytes) = read_bounded(&dir.join(dest_url.as_ref()))
        {
            out.insert(dest_url.to_string(), bytes);
        }
    }
    out
}

pub fn render(args: &RenderArgs) -> Result<()> {
    let bytes = read_bounded(&args.file)?;
    let markdown = String::from_utf8(bytes)
        .map_err(|_| Error::Invalid(format!("{}: not UTF-8 text", args.file.display())))?;
    let dir = args.file.parent().unwrap_or(Path::new("."));
    let reference_doc = args
        .reference_doc
        .as_deref()
        .map(read_bounded)
        .transpose()?;
    let opts = RenderOptions {
        toc: args.toc,
        header_text: args.header.clone(),
        reference_doc,
        images: pictures(&markdown, dir),
        ..RenderOptions::default()
    };
    let docx = docx::render(&markdown, &opts).map_err(|e| match e {
        docx::DocxError::Write(m) => Error::Internal(m),
        other => Error::Invalid(format!("{}: {other}", args.file.display())),
    })?;
    std::fs::write(&args.output, docx)?;
    println!("{}", args.output.display());
    Ok(())
}
