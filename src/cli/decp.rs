//! `tenderdesk decp import FILE...` (award data, all files or nothing) and
//! `tenderdesk decp winners (--buyer SIRET | --cpv CODE) [--json]`.

use std::path::PathBuf;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::store::{Store, WinnerQuery};

#[derive(clap::Subcommand, Debug)]
pub enum DecpCommand {
    /// Import DECP files (JSON or XML, v1 or v2): every file or none; a record already
    /// imported is skipped.
    Import {
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Who won the past contracts of a buyer or a CPV code, the largest total first.
    #[command(group(clap::ArgGroup::new("what").required(true).args(["buyer", "cpv"])))]
    Winners {
        /// The buyer's SIRET.
        #[arg(long)]
        buyer: Option<String>,
        /// A CPV code, or its first digits.
        #[arg(long)]
        cpv: Option<String>,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// A winner as printed.
#[derive(Serialize)]
struct WinnerView {
    name: String,
    siret: String,
    contracts: i64,
    /// Euros.
    total_amount: Option<f64>,
    total_cents: Option<i64>,
}

pub async fn run(store: &Store, cmd: &DecpCommand) -> Result<()> {
    match cmd {
        DecpCommand::Import { json, files } => {
            let mut read = Vec::with_capacity(files.len());
            for path in files {
                read.push(crate::decp::read_file(path).map_err(|e| Error::Invalid(e.to_string()))?);
            }
            let report = store.import_decp(&read).await?;
            if *json {
                println!("{}", to_json(&report)?);
            } else {
                println!(
                    "{} files, {} records: {} added, {} already known",
                    report.files, report.records, report.added, report.skipped
                );
            }
        }
        DecpCommand::Winners { buyer, cpv, json } => {
            let q = WinnerQuery::new(buyer.as_deref(), cpv.as_deref())?;
            let winners: Vec<WinnerView> = store
                .decp_winners(&q)
                .await?
                .into_iter()
                .map(|w| WinnerView {
                    total_amount: w.total_cents.map(|c| c as f64 / 100.0),
                    name: w.name,
                    siret: w.siret,
                    contracts: w.contracts,
                    total_cents: w.total_cents,
                })
                .collect();
            if *json {
                println!("{}", to_json(&winners)?);
            } else {
                for w in &winners {
                    let amount = w
                        .total_cents
                        .map(|c| crate::model::Money(c).to_french())
                        .unwrap_or_default();
                    println!("{}\t{}\t{}\t{amount}", w.siret, w.name, w.contracts);
                }
            }
        }
    }
    Ok(())
}

fn to_json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string_pretty(v).map_err(|e| Error::Internal(e.to_string()))
}
