//! The web shell: axum routes for the browser (HTML pages) and for scripts (`/api/v1` JSON),
//! over the same library calls the CLI uses.

pub mod access;
mod accounts;
mod admin;
mod analytics;
mod assets;
mod auth;
mod documents;
mod error;
mod facts;
mod grids;
mod health;
mod library;
mod login;
mod objections;
mod objections_api;
mod page;
mod pipeline;
mod requirements;
mod responses;
mod router;
mod search;
mod stakeholders;
mod tenders;
pub(crate) mod transfer;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use crate::auth::LoginThrottle;
use crate::config::Config;
use crate::error::Error;
use crate::model::User;
use crate::search::SearchIndex;
use crate::store::{FileStore, Session, Store};

pub use error::WebError;
pub use router::router;

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub search: Arc<SearchIndex>,
    pub config: Arc<Config>,
    pub throttle: Arc<LoginThrottle>,
    pub files: FileStore,
}

impl AppState {
    /// Ingestion limits: a piece may be as large as the upload limit allows.
    pub fn limits(&self) -> crate::ingest::Limits {
        crate::ingest::Limits {
            max_piece_bytes: self.config.upload_limit as u64,
            ..crate::ingest::Limits::default()
        }
    }
}

/// The signed-in user of a request, and the session when it came by cookie (None for an API
/// token, which needs no CSRF token).
#[derive(Clone, Debug)]
pub struct Identity {
    pub user: User,
    pub session: Option<Session>,
}

impl Identity {
    /// The CSRF token forms of this session carry ("" for token-authenticated requests).
    pub fn csrf(&self) -> &str {
        self.session
            .as_ref()
            .map(|s| s.csrf_token.as_str())
            .unwrap_or("")
    }

    pub fn require(&self, allowed: bool) -> Result<(), WebError> {
        if allowed {
            Ok(())
        } else {
            Err(Error::Forbidden.into())
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Identity {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Identity>()
            .cloned()
            .ok_or_else(|| Error::Unauthenticated.into())
    }
}

/// The address the request came from (the socket peer; a proxy in front shows as itself).
pub fn client_ip(parts: &axum::http::Extensions) -> IpAddr {
    parts
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ci| ci.0.ip())
        .unwrap_or(IpAddr::from([127, 0, 0, 1]))
}
