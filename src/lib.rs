//! tenderdesk: a workbench for bid managers who answer public and private tenders. The library
//! holds the domain; the web server (`web`) and the command line (`cli`) are thin shells over it.

#![forbid(unsafe_code)]

pub mod auth;
pub mod cli;
pub mod config;
pub mod decp;
pub mod demo;
pub mod docx;
pub mod error;
pub mod grid;
pub mod i18n;
pub mod ingest;
pub mod model;
pub mod objections;
pub mod pipeline;
pub mod response;
pub mod search;
pub mod store;
pub mod understand;
pub mod web;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use tokio::net::TcpListener;

pub use config::Config;
pub use error::{Error, Result};
pub use web::AppState;

use crate::auth::LoginThrottle;
use crate::search::SearchIndex;
use crate::store::Store;

impl AppState {
    /// Opens the data folder, the database (migrations applied) and the search index.
    pub async fn open(config: Config) -> Result<AppState> {
        config.prepare_dirs()?;
        let store = Store::connect(&config.database_url()).await?;
        let index_dir = config.index_dir();
        let search = tokio::task::spawn_blocking(move || SearchIndex::open(&index_dir))
            .await
            .map_err(|e| Error::Internal(format!("index open task: {e}")))??;
        let search = Arc::new(search);
        // Rebuilt when new or outdated, caught up when behind the database (a crash between
        // the two commits).
        search::sync::startup(&search, &store).await?;
        let files = store::FileStore::new(&config.files_dir());
        Ok(AppState {
            files,
            store,
            search,
            config: Arc::new(config),
            throttle: Arc::new(LoginThrottle::new()),
        })
    }
}

/// The whole HTTP application.
pub fn app(state: AppState) -> Router {
    web::router(state)
}

/// Serves `state` on `listener` until `shutdown` resolves.
pub async fn serve(
    state: AppState,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let service = app(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await?;
    Ok(())
}

/// On the first start with no user, creates `admin` with a random one-time password and
/// returns it (to be shown once). Several nodes starting at once create it once.
pub async fn ensure_admin(store: &Store) -> Result<Option<String>> {
    if store.count_users().await? > 0 {
        return Ok(None);
    }
    let password = auth::random_password();
    let hash = auth::hash_password(&password)?;
    match store
        .create_user("admin", model::Role::Admin, &hash, true)
        .await
    {
        Ok(user) => {
            store
                .audit(Some(user.id), "admin_created", "admin", "first start", None)
                .await?;
            Ok(Some(password))
        }
        Err(Error::Conflict(_)) => Ok(None),
        Err(e) => Err(e),
    }
}
