//! Seeding a tender's grid: its pieces' pages read again for their clauses (the same
//! extraction as at upload), then the suggestions stored once each.

use super::{SeedInput, SeedPiece, Suggested, suggest};
use crate::error::{Error, Result};
use crate::model::DocKind;
use crate::store::{Seeded, Store};
use crate::understand::facts;

/// Spreadsheets and notices carry no contract clause.
fn has_clauses(kind: DocKind) -> bool {
    !matches!(
        kind,
        DocKind::Bpu
            | DocKind::Dpgf
            | DocKind::Dqe
            | DocKind::Notice
            | DocKind::Espd
            | DocKind::Annex
    )
}

/// The objections and clauses the tender's own pieces suggest, without storing them.
pub async fn suggestions(store: &Store, tender_id: i64) -> Result<Vec<Suggested>> {
    let tender = store.get_tender(tender_id).await?;
    let texts = store.tender_page_texts(tender_id).await?;
    tokio::task::spawn_blocking(move || {
        let pieces: Vec<_> = texts
            .into_iter()
            .filter(|(kind, _, _)| has_clauses(*kind))
            .map(|(kind, name, pages)| SeedPiece {
                kind,
                name,
                facts: facts::extract(&pages),
                pages,
            })
            .collect();
        // The value penalties are computed at: the tender's, else the largest lot's.
        let lot_value = pieces
            .iter()
            .filter_map(|p| p.facts.lots.as_ref())
            .flat_map(|l| l.value.iter())
            .filter_map(|lot| lot.max_annual_value_cents.or(lot.estimated_value_cents))
            .max();
        let value = tender.estimated_value.map(|m| m.cents()).or(lot_value);
        suggest(&SeedInput {
            pieces: &pieces,
            contract_value_cents: value,
        })
    })
    .await
    .map_err(|e| Error::Internal(format!("seeding task: {e}")))
}

/// Stores the suggestions not stored yet; running it twice adds nothing the second time.
pub async fn seed(store: &Store, tender_id: i64) -> Result<Seeded> {
    let found = suggestions(store, tender_id).await?;
    store.seed_objections(tender_id, &found).await
}
