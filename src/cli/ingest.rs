//! `tenderdesk ingest` (store the pieces of a tender) and `tenderdesk extract` (the same
//! reading, printed, nothing stored).

use std::path::PathBuf;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::ingest::{self, Format, Limits, Piece};
use crate::model::{DocKind, NewTender};
use crate::store::{FileStore, Store};

#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("target").required(true).args(["tender", "new"])))]
pub struct IngestArgs {
    /// Add the files to this tender.
    #[arg(long)]
    pub tender: Option<i64>,
    /// Create a tender with this title and add the files to it.
    #[arg(long)]
    pub new: Option<String>,
    /// Print what was stored, as JSON.
    #[arg(long)]
    pub json: bool,
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct ExtractArgs {
    /// Print as JSON (the only output format).
    #[arg(long)]
    pub json: bool,
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// A piece as `extract` prints it.
#[derive(Serialize)]
struct PieceView<'a> {
    name: &'a str,
    kind: DocKind,
    format: Option<Format>,
    size: u64,
    sha256: &'a str,
    pages: usize,
    problem: Option<String>,
    text: Vec<&'a str>,
    sheets: &'a [ingest::Sheet],
    notice: Option<&'a ingest::notice::Notice>,
}

fn read_all(files: &[PathBuf], limits: &Limits) -> Result<Vec<Piece>> {
    let mut pieces = Vec::new();
    for path in files {
        let bytes = std::fs::read(path).map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "fichier".into());
        let read = ingest::read_upload(&name, bytes, limits).map_err(|e| Error::Invalid(e.to_string()))?;
        pieces.extend(read);
    }
    Ok(pieces)
}

pub fn extract(args: &ExtractArgs) -> Result<()> {
    let pieces = read_all(&args.files, &Limits::default())?;
    let views: Vec<PieceView<'_>> = pieces
        .iter()
        .map(|p| PieceView {
            name: &p.name,
            kind: p.kind,
            format: p.format,
            size: p.size,
            sha256: &p.sha256,
            pages: p.pages.len(),
            problem: p.problem_text(),
            text: p.pages.iter().map(String::as_str).collect(),
            sheets: &p.sheets,
            notice: p.notice.as_ref(),
        })
        .collect();
    let out = serde_json::json!({ "documents": views });
    println!("{}", serde_json::to_string_pretty(&out).map_err(|e| Error::Internal(e.to_string()))?);
    Ok(())
}

pub async fn ingest(store: &Store, files_dir: &std::path::Path, args: &IngestArgs) -> Result<()> {
    let limits = Limits::default();
    let pieces = read_all(&args.files, &limits)?;
    let tender_id = match (args.tender, &args.new) {
        (Some(id), _) => store.get_tender(id).await?.id,
        (None, Some(title)) => store.create_tender(&NewTender { title: title.clone(), ..NewTender::default() }).await?,
        (None, None) => return Err(Error::Invalid("give --tender ID or --new TITLE".into())),
    };
    let documents = store.store_pieces(tender_id, &pieces, &FileStore::new(files_dir)).await?;
    store.audit(None, "documents_ingested", &format!("tender:{tender_id}"), &format!("{} pieces", documents.len()), Some("cli")).await?;
    if args.json {
        let out = serde_json::json!({ "tender_id": tender_id, "documents": documents });
        println!("{}", serde_json::to_string_pretty(&out).map_err(|e| Error::Internal(e.to_string()))?);
    } else {
        println!("{tender_id}");
        for d in &documents {
            let problem = d.problem.as_deref().map(|p| format!("  ({p})")).unwrap_or_default();
            eprintln!("{}\t{}\t{} page(s){problem}", d.kind, d.name, d.pages.unwrap_or(0));
        }
    }
    Ok(())
}
