//! `tenderdesk respond` (the Word document of a tender's answer) and `tenderdesk library`
//! (list the answer library, import Markdown files as blocks), over the web's calls.

use std::io::Write;
use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::grid::report::GridAnnex;
use crate::store::{BlockInput, FileStore, Store};

#[derive(clap::Args, Debug)]
pub struct RespondArgs {
    /// The tender whose answer to write.
    #[arg(long)]
    pub tender: i64,
    /// Where to write the .docx.
    #[arg(short = 'o', long = "output")]
    pub output: PathBuf,
    /// Generate (or refresh) the outline first; written text is kept.
    #[arg(long)]
    pub outline: bool,
    /// Annex the comparison grid: `ours` (our offer's self-assessment) or `all` (the whole
    /// simulated grid with ranks: internal). Left out unless asked for.
    #[arg(long, value_parser = parse_grid_annex)]
    pub grid: Option<GridAnnex>,
}

fn parse_grid_annex(text: &str) -> std::result::Result<GridAnnex, String> {
    GridAnnex::parse(text)?.ok_or_else(|| "expected ours or all".to_string())
}

#[derive(clap::Subcommand, Debug)]
pub enum LibraryCommand {
    /// List the blocks (id, expiry, title, tags).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Add each Markdown file as a block (title: its first heading, else the file name).
    Import {
        /// Comma-separated tags for every imported block.
        #[arg(long, default_value = "")]
        tags: String,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

pub async fn respond(store: &Store, files: &FileStore, args: &RespondArgs) -> Result<()> {
    if args.outline {
        let r = store.generate_outline(args.tender).await?;
        eprintln!(
            "outline from {}: {} created, {} updated, {} kept, {} removed",
            r.from, r.created, r.updated, r.kept, r.removed
        );
    }
    let today = chrono::Utc::now().date_naive();
    let bytes =
        crate::response::document::tender_docx(store, files, args.tender, today, args.grid).await?;
    std::fs::write(&args.output, &bytes)
        .map_err(|e| Error::Invalid(format!("{}: {e}", args.output.display())))?;
    eprintln!("{}: {} bytes", args.output.display(), bytes.len());
    Ok(())
}

pub async fn library(store: &Store, cmd: &LibraryCommand) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match cmd {
        LibraryCommand::List { json } => {
            let blocks = store.library_blocks().await?;
            if *json {
                let text = serde_json::to_string_pretty(&blocks)
                    .map_err(|e| Error::Internal(e.to_string()))?;
                writeln!(out, "{text}")?;
            } else {
                let today = chrono::Utc::now().date_naive();
                for b in blocks {
                    let state = crate::response::expiry_state(b.expires, today);
                    writeln!(out, "{}\t{}\t{}\t{}", b.id, state, b.title, b.tags)?;
                }
            }
        }
        LibraryCommand::Import { tags, files } => {
            for path in files {
                let body = std::fs::read_to_string(path)
                    .map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))?;
                let title = body
                    .lines()
                    .find_map(|l| {
                        l.strip_prefix('#')
                            .map(|t| t.trim_start_matches('#').trim())
                    })
                    .filter(|t| !t.is_empty())
                    .map(str::to_string)
                    .unwrap_or_else(|| {
                        path.file_stem()
                            .map(|s| s.to_string_lossy().into_owned())
                            .unwrap_or_else(|| "bloc".into())
                    });
                let b = store
                    .create_library_block(&BlockInput {
                        title,
                        body_md: body,
                        tags: tags.clone(),
                        ..BlockInput::default()
                    })
                    .await
                    .map_err(|e| match e {
                        Error::Invalid(m) => Error::Invalid(format!("{}: {m}", path.display())),
                        other => other,
                    })?;
                writeln!(out, "{}\t{}", b.id, b.title)?;
            }
        }
    }
    Ok(())
}
