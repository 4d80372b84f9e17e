//! `tenderdesk grid objections FILE`: an objection grid read from a spreadsheet, checked and
//! sorted by priority (likelihood × impact), then by likelihood.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::objections::{self, ObjectionRow};

#[derive(clap::Args, Debug)]
pub struct ObjectionsArgs {
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
    /// The grid: header `Objection | Interlocuteur | Catégorie | Probabilité | Impact | Réponse | Preuve | Clause`.
    pub file: PathBuf,
}

pub fn run(args: &ObjectionsArgs) -> Result<()> {
    let bytes = std::fs::read(&args.file)
        .map_err(|e| Error::Invalid(format!("{}: {e}", args.file.display())))?;
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut rows =
        objections::import_rows(&name, &bytes).map_err(|e| Error::Invalid(e.to_string()))?;
    objections::sort_by_priority(&mut rows, |r: &ObjectionRow| (r.priority(), r.likelihood));
    if args.json {
        let out: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                let mut v = serde_json::to_value(r).unwrap_or(serde_json::Value::Null);
                if let serde_json::Value::Object(map) = &mut v {
                    map.insert("priority".into(), r.priority().into());
                }
                v
            })
            .collect();
        let text =
            serde_json::to_string_pretty(&out).map_err(|e| Error::Internal(e.to_string()))?;
        println!("{text}");
        return Ok(());
    }
    for r in &rows {
        println!(
            "{:>2} ({}×{})  {:<13} {:<11} {}",
            r.priority(),
            r.likelihood,
            r.impact,
            r.role.label(Lang::Fr),
            r.category.label(Lang::Fr),
            r.text
        );
    }
    Ok(())
}
