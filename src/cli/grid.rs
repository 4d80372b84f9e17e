//! `tenderdesk grid ...`: the comparison grid from a file, marked as the buyer would; a price
//! schedule file read and checked; a tender's price schedule filled with our saved prices.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::grid::price::LineKind;
use crate::grid::{self, BreakEven};
use crate::ingest::Limits;
use crate::store::{FileStore, Store};

#[derive(clap::Subcommand, Debug)]
pub enum GridCommand {
    /// Mark the offers of a grid file (XLSX, ODS, CSV): totals, ranking, break-even price.
    Compare(CompareArgs),
    /// Check an objection grid file and print it sorted by priority, then likelihood.
    Objections(super::objections::ObjectionsArgs),
    /// Read a price schedule file (BPU, DPGF, DQE): its lines, totals, and the buyer's
    /// subtotals and totals that do not add up; nothing stored.
    Prices(PricesArgs),
    /// Write the buyer's XLSX of a tender's piece with our saved unit prices.
    Fill(FillArgs),
}

#[derive(clap::Args, Debug)]
pub struct PricesArgs {
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
    /// The price schedule: XLSX, ODS, XLS or CSV with a « Désignation » column.
    pub file: PathBuf,
}

#[derive(clap::Args, Debug)]
pub struct FillArgs {
    /// The tender.
    #[arg(long)]
    pub tender: i64,
    /// The piece (its id, as the web and `GET /api/v1/tenders/{id}/documents` show it).
    #[arg(long)]
    pub document: i64,
    /// Where to write the filled XLSX.
    #[arg(short = 'o', long = "output")]
    pub output: PathBuf,
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
        GridCommand::Prices(args) => prices(args),
        // Needs the store: run by `fill` from the dispatcher.
        GridCommand::Fill(_) => Err(Error::Internal("grid fill needs the store".into())),
    }
}

/// The file's bytes and its name, for messages.
fn read_file(path: &std::path::Path) -> Result<(String, Vec<u8>)> {
    let bytes =
        std::fs::read(path).map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((name, bytes))
}

fn prices(args: &PricesArgs) -> Result<()> {
    let (name, bytes) = read_file(&args.file)?;
    let fail = |e: &dyn std::fmt::Display| Error::Invalid(format!("{name}: {e}"));
    let sheets =
        grid::import::read_sheets(&name, &bytes, &Limits::default()).map_err(|e| fail(&e))?;
    let (lines, flags) = grid::price::read_lines(&sheets).map_err(|e| fail(&e))?;
    if lines.is_empty() {
        return Err(fail(&"no sheet with a « Désignation » column"));
    }
    let total = grid::pricing::buyer_total(&lines);
    if args.json {
        let v = serde_json::json!({
            "lines": lines,
            "flags": flags,
            "totals": {
                "lines": lines.iter().filter(|l| l.kind == LineKind::Line).count(),
                "amount": (total * 100.0).round() / 100.0,
            },
        });
        let text = serde_json::to_string_pretty(&v).map_err(|e| Error::Internal(e.to_string()))?;
        println!("{text}");
        return Ok(());
    }
    let fr = |x: Option<f64>| x.map(|x| grid::report::fr(x, 2)).unwrap_or_default();
    for l in &lines {
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            grid::pricing::line_cell(l),
            l.number,
            l.designation,
            l.unit,
            fr(l.quantity),
            fr(l.unit_price),
            fr(l.amount),
        );
    }
    println!("total HT des lignes : {} €", grid::report::fr(total, 2));
    for f in &flags {
        println!("{} : {}", f.cell, f.message);
    }
    Ok(())
}

/// `tenderdesk grid fill`: the buyer's file with the unit prices saved on the price page.
pub async fn fill(store: &Store, files: &FileStore, args: &FillArgs) -> Result<()> {
    let s =
        grid::schedule::load(store, files, &Limits::default(), args.tender, args.document).await?;
    let priced = s.ours.iter().filter(|o| o.unit_price().is_some()).count();
    let (bytes, lines, ours) = (s.bytes, s.lines, s.ours);
    let filled = tokio::task::spawn_blocking(move || grid::pricing::fill(&bytes, &lines, &ours))
        .await
        .map_err(|e| Error::Internal(format!("fill task: {e}")))?
        .map_err(|e| Error::Invalid(e.to_string()))?;
    std::fs::write(&args.output, &filled)
        .map_err(|e| Error::Invalid(format!("{}: {e}", args.output.display())))?;
    eprintln!(
        "{}: {priced} unit prices filled, {} bytes",
        args.output.display(),
        filled.len()
    );
    Ok(())
}

fn compare(args: &CompareArgs) -> Result<()> {
    let (name, bytes) = read_file(&args.file)?;
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
