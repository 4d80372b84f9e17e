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
    sections: &'a [crate::understand::outline::Heading],
    requirements: &'a [crate::understand::requirements::Found],
    facts: &'a crate::understand::facts::Facts,
}

fn read_all(files: &[PathBuf], limits: &Limits) -> Result<Vec<Piece>> {
    let mut pieces = Vec::new();
    for path in files {
        let bytes =
            std::fs::read(path).map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "fichier".into());
        let read =
            ingest::read_upload(&name, bytes, limits).map_err(|e| Error::Invalid(e.to_string()))?;
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
            sections: &p.understood.sections,
            requirements: &p.understood.requirements,
            facts: &p.understood.facts,
        })
        .collect();
    let per_piece: Vec<(DocKind, serde_json::Value)> = pieces
        .iter()
        .map(|p| match &p.notice {
            Some(n) => (p.kind, notice_facts(n)),
            None => (
                p.kind,
                serde_json::to_value(&p.understood.facts).unwrap_or_default(),
            ),
        })
        .collect();
    let facts = crate::understand::merge::merge(&per_piece);
    let out = serde_json::json!({ "documents": views, "facts": facts });
    println!(
        "{}",
        serde_json::to_string_pretty(&out).map_err(|e| Error::Internal(e.to_string()))?
    );
    Ok(())
}

/// A notice's fields in the shape of extracted facts, so they merge with the pieces' own.
fn notice_facts(n: &ingest::notice::Notice) -> serde_json::Value {
    let quote = n.notice_id.clone().unwrap_or_default();
    let sourced = |v: serde_json::Value| serde_json::json!({"value": v, "page": 1, "quote": format!("avis {quote}")});
    let mut map = serde_json::Map::new();
    if let Some(d) = &n.deadline {
        map.insert(
            "deadline".into(),
            sourced(serde_json::json!(d.to_rfc3339())),
        );
    }
    if !n.criteria.is_empty() {
        map.insert(
            "criteria".into(),
            sourced(serde_json::to_value(&n.criteria).unwrap_or_default()),
        );
    }
    if let Some(p) = &n.procedure {
        map.insert("procedure".into(), sourced(serde_json::json!(p)));
    }
    if let Some(v) = n.estimated_value_cents {
        map.insert(
            "estimated_value_cents".into(),
            sourced(serde_json::json!(v)),
        );
    }
    if !n.cpv_codes.is_empty() {
        map.insert("cpv".into(), sourced(serde_json::json!(n.cpv_codes)));
    }
    serde_json::Value::Object(map)
}

pub async fn ingest(store: &Store, files_dir: &std::path::Path, args: &IngestArgs) -> Result<()> {
    let limits = Limits::default();
    let pieces = read_all(&args.files, &limits)?;
    let tender_id = match (args.tender, &args.new) {
        (Some(id), _) => store.get_tender(id).await?.id,
        (None, Some(title)) => {
            store
                .create_tender(&NewTender {
                    title: title.clone(),
                    ..NewTender::default()
                })
                .await?
        }
        (None, None) => return Err(Error::Invalid("give --tender ID or --new TITLE".into())),
    };
    let documents = store
        .store_pieces(tender_id, &pieces, &FileStore::new(files_dir))
        .await?;
    store
        .audit(
            None,
            "documents_ingested",
            &format!("tender:{tender_id}"),
            &format!("{} pieces", documents.len()),
            Some("cli"),
        )
        .await?;
    if args.json {
        let out = serde_json::json!({ "tender_id": tender_id, "documents": documents });
        println!(
            "{}",
            serde_json::to_string_pretty(&out).map_err(|e| Error::Internal(e.to_string()))?
        );
    } else {
        println!("{tender_id}");
        for d in &documents {
            let problem = d
                .problem
                .as_deref()
                .map(|p| format!("  ({p})"))
                .unwrap_or_default();
            eprintln!(
                "{}\t{}\t{} page(s){problem}",
                d.kind,
                d.name,
                d.pages.unwrap_or(0)
            );
        }
    }
    Ok(())
}
