//! `tenderdesk search "QUERY"` (the same search as the web, printed) and `tenderdesk reindex`
//! (the index rebuilt from the database).

use std::sync::Arc;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::model::{Role, User};
use crate::search::filters::SearchQuery;
use crate::search::service;
use crate::search::{SearchIndex, sync};
use crate::store::Store;

#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    /// What to look for: words (all required), "a phrase", prefix*, OR, NOT.
    pub query: String,
    /// Only in this tender.
    #[arg(long)]
    pub tender: Option<i64>,
    /// Only these kinds (tender, document, page, section, requirement, response_section,
    /// library_block), comma-separated.
    #[arg(long)]
    pub kind: Option<String>,
    /// Only tenders of this buyer.
    #[arg(long)]
    pub buyer: Option<String>,
    /// Only tenders at this stage (veille, qualification, redaction ...).
    #[arg(long)]
    pub stage: Option<String>,
    /// Only pieces of these kinds (RC, CCTP, CCAP ...), comma-separated.
    #[arg(long)]
    pub doc_kind: Option<String>,
    /// Only what concerns these lots (with what is common to every lot), or `commun`.
    #[arg(long)]
    pub lot: Option<String>,
    /// Only tenders whose deadline is on or after this day (YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Only tenders whose deadline is on or before this day (YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<String>,
    /// Search as this user (what they may read); by default everything is searched.
    #[arg(long)]
    pub user: Option<String>,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Leave out the facet counts (a quicker search).
    #[arg(long)]
    pub no_facets: bool,
    /// Print the results as JSON (the same as GET /api/v1/search).
    #[arg(long)]
    pub json: bool,
}

async fn open(config: &Config) -> Result<Arc<SearchIndex>> {
    let dir = config.index_dir();
    let index = tokio::task::spawn_blocking(move || SearchIndex::open(&dir))
        .await
        .map_err(|e| Error::Internal(format!("index open task: {e}")))??;
    Ok(Arc::new(index))
}

/// Everything, as the command line sees it: an administrator that is no one.
fn operator() -> User {
    User {
        id: 0,
        name: "cli".into(),
        role: Role::Admin,
        must_change_password: false,
        disabled: false,
        created_at: chrono::Utc::now(),
    }
}

pub async fn search(store: &Store, config: &Config, args: &SearchArgs) -> Result<()> {
    let index = open(config).await?;
    // A running server holds the writer: then search the index as it stands.
    if let Err(e) = sync::startup(&index, store).await {
        tracing::warn!(error = %e, "the index could not catch up (is a server running?)");
        index.set_read_only();
    }
    let user = match &args.user {
        Some(name) => store
            .user_for_login(name)
            .await?
            .map(|(u, _)| u)
            .ok_or_else(|| Error::Invalid(format!("no user named {name}")))?,
        None => operator(),
    };
    // The same filters, parsed the same way, as the web's query string.
    let params = SearchQuery {
        q: args.query.clone(),
        kind: args.kind.clone(),
        tender: args.tender.map(|t| t.to_string()),
        buyer: args.buyer.clone(),
        stage: args.stage.clone(),
        doc_kind: args.doc_kind.clone(),
        lot: args.lot.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        limit: Some(args.limit.to_string()),
        offset: Some(args.offset.to_string()),
        facets: args.no_facets.then(|| "false".to_string()),
    }
    .params()?;
    let results = service::search(&index, store, &user, &params).await?;
    if args.json {
        let json =
            serde_json::to_string_pretty(&results).map_err(|e| Error::Internal(e.to_string()))?;
        println!("{json}");
        return Ok(());
    }
    println!("{} results", results.total);
    for h in &results.hits {
        let snippet = h.snippet.replace("<b>", "[").replace("</b>", "]");
        println!(
            "{:>7.3}  {:<16} {}  {}\n         {}\n         {}",
            h.score,
            h.kind.as_str(),
            h.title,
            h.tender.as_deref().unwrap_or(""),
            h.url,
            unescape(&snippet)
        );
    }
    Ok(())
}

/// The snippet as plain text for a terminal.
fn unescape(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

pub async fn reindex(store: &Store, config: &Config) -> Result<()> {
    let index = open(config).await?;
    let n = sync::rebuild(&index, store).await?;
    println!("{n} items indexed");
    Ok(())
}
