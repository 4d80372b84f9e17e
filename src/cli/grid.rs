//! `tenderdesk grid ...`: the comparison grid from a file, marked as the buyer would.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::grid::{self, BreakEven};
use crate::ingest::Limits;

#[derive(clap::Subcommand, Debug)]
pub enum GridCommand {
    /// Mark the offers of a grid file (XLSX, ODS, CSV): totals, ranking, break-even price.
    Compare(CompareArgs),
    /// Check an objection grid file and print it sorted by priority, then likelihood.
    Objections(super::objections::ObjectionsArgs),
}

#[derive(clap::Args, Debug)]
pub struct CompareArgs {
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
    /// The grid: header row `Critère | Pondération | <offer> ...`, optional `Paramètres` sheet.
    pub file: PathBuf,
}

pub fn run(cmd: &GridCommand) -> Result<()> {
    match cmd {
        GridCommand::Compare(args) => compare(args),
        GridCommand::Objections(args) => super::objections::run(args),
    }
}

fn compare(args: &CompareArgs) -> Result<()> {
    let bytes = std::fs::read(&args.file)
        .map_err(|e| Error::Invalid(format!("{}: {e}", args.file.display())))?;
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let fail = |e: &dyn std::fmt::Display| Error::Invalid(format!("{name}: {e}"));
    let g = grid::import::import(&name, &bytes, &Limits::default()).map_err(|e| fail(&e))?;
    let outcome = grid::compute(&g).map_err(|e| fail(&e))?;
    if args.json {
        let text = serde_json::to_string_pretty(&grid::report::json(&outcome))
            .map_err(|e| Error::Internal(e.to_string()))?;
        println!("{text}");
        return Ok(());
    }
    print!("{}", grid::report::markdown_table(&outcome));
    if let Some(ours) = &outcome.ours {
        println!();
        println!("{}: rang {}", ours.name, ours.rank);
        match ours.break_even {
            Some(BreakEven::Price(p)) => {
                println!(
                    "prix d'équilibre (encore premier) : {} € HT",
                    grid::report::fr(p, 2)
                )
            }
            Some(BreakEven::AnyPrice) => println!("premier à tout prix"),
            Some(BreakEven::Unreachable) => println!("premier à aucun prix"),
            None => {}
        }
        match ours.technical_mark_needed {
            Some(m) => println!(
                "note technique nécessaire au prix actuel : {} / {}",
                grid::report::fr(m, 2),
                outcome.settings.scale
            ),
            None => println!("aucune note technique ne suffit au prix actuel"),
        }
    }
    Ok(())
}
