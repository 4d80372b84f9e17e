//! The sample tender loaded by `serve --demo`, so a new user sees something real at once.

use crate::error::{Error, Result};
use crate::store::{Store, TenderImport};

/// Compiled in, so the demo works from any folder.
const DEMO_TENDER: &str = include_str!("../fixtures/demo/tender.json");

/// Loads the demo tender; a second call finds it and changes nothing. Returns its id and
/// whether it was created now.
pub async fn load(store: &Store) -> Result<(i64, bool)> {
    let import: TenderImport = serde_json::from_str(DEMO_TENDER)
        .map_err(|e| Error::Internal(format!("demo fixture: {e}")))?;
    store.import_tender(&import).await
}
