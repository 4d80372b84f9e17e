//! Search: the results page (`/search`, with facet counts as filter links) and its JSON API
//! (`/api/v1/search`), both over `search::service`.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};

use super::page::PageCtx;
use super::{AppState, Identity, WebError};
use crate::search::Kind;
use crate::search::filters::{SearchQuery, non_empty};
use crate::search::service::{self, COMMON_LOT, FacetValue, ResultHit, Results};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/search", get(page))
        .route("/api/v1/search", get(api))
}

impl SearchQuery {
    /// This query with one filter set (or cleared when `value` is empty): a facet's link.
    pub fn with(&self, name: &str, value: &str) -> String {
        let mut q = self.clone();
        let v = Some(value.to_string()).filter(|v| !v.is_empty());
        match name {
            "kind" => q.kind = v,
            "tender" => q.tender = v,
            "buyer" => q.buyer = v,
            "stage" => q.stage = v,
            "doc_kind" => q.doc_kind = v,
            "lot" => q.lot = v,
            "offset" => q.offset = v,
            _ => {}
        }
        if name != "offset" {
            q.offset = None;
        }
        let mut out = form_urlencoded::Serializer::new(String::new());
        out.append_pair("q", &q.q);
        for (k, v) in [
            ("kind", &q.kind),
            ("tender", &q.tender),
            ("buyer", &q.buyer),
            ("stage", &q.stage),
            ("doc_kind", &q.doc_kind),
            ("lot", &q.lot),
            ("from", &q.from),
            ("to", &q.to),
            ("limit", &q.limit),
            ("offset", &q.offset),
        ] {
            if let Some(v) = non_empty(v) {
                out.append_pair(k, v);
            }
        }
        format!("/search?{}", out.finish())
    }

    /// Whether this filter currently holds `value`.
    pub fn is(&self, name: &str, value: &str) -> bool {
        let cur = match name {
            "kind" => &self.kind,
            "tender" => &self.tender,
            "buyer" => &self.buyer,
            "stage" => &self.stage,
            "doc_kind" => &self.doc_kind,
            "lot" => &self.lot,
            _ => return false,
        };
        non_empty(cur) == Some(value)
    }
}

async fn run(state: &AppState, identity: &Identity, q: &SearchQuery) -> Result<Results, WebError> {
    let params = q.params()?;
    Ok(service::search(&state.search, &state.store, &identity.user, &params).await?)
}

async fn api(
    State(state): State<AppState>,
    identity: Identity,
    Query(q): Query<SearchQuery>,
) -> Result<Json<Results>, WebError> {
    Ok(Json(run(&state, &identity, &q).await?))
}

/// A facet as the page shows it: its title and values.
pub struct FacetBlock {
    pub name: &'static str,
    pub values: Vec<FacetValue>,
}

#[derive(Template, WebTemplate)]
#[template(path = "search.html")]
struct SearchPage {
    page: PageCtx,
    query: SearchQuery,
    searched: bool,
    total: usize,
    hits: Vec<ResultHit>,
    facets: Vec<FacetBlock>,
    next: Option<String>,
    prev: Option<String>,
}

impl SearchPage {
    /// The label of a facet value: kinds, stages and piece kinds are translated.
    fn label(&self, facet: &str, v: &FacetValue) -> String {
        let l = self.page.l;
        match facet {
            "kind" => self.page.t(&format!("search.kind.{}", v.value)).to_string(),
            "stage" => crate::model::Stage::parse(&v.value)
                .map(|s| s.label(l).to_string())
                .unwrap_or_else(|_| v.label.clone()),
            "doc_kind" => crate::model::DocKind::parse(&v.value)
                .map(|k| k.label(l).to_string())
                .unwrap_or_else(|_| v.label.clone()),
            "lot" if v.value == COMMON_LOT => self.page.t("search.lot.common").to_string(),
            "lot" => format!("{} {}", self.page.t("search.facet.lot"), v.label),
            _ => v.label.clone(),
        }
    }

    fn kind_label(&self, kind: &Kind) -> &'static str {
        self.page.t(&format!("search.kind.{}", kind.as_str()))
    }
}

async fn page(
    State(state): State<AppState>,
    page: PageCtx,
    identity: Identity,
    Query(q): Query<SearchQuery>,
) -> Result<SearchPage, WebError> {
    let params = q.params()?;
    let searched = !params.q.trim().is_empty()
        || !params.kinds.is_empty()
        || !params.doc_kinds.is_empty()
        || !params.lots.is_empty()
        || params.tender.is_some()
        || params.buyer.is_some()
        || params.stage.is_some()
        || params.from.is_some()
        || params.to.is_some();
    let results = if searched {
        run(&state, &identity, &q).await?
    } else {
        Results::default()
    };
    let f = results.facets;
    let facets = vec![
        FacetBlock {
            name: "kind",
            values: f.kind,
        },
        FacetBlock {
            name: "tender",
            values: f.tender,
        },
        FacetBlock {
            name: "buyer",
            values: f.buyer,
        },
        FacetBlock {
            name: "stage",
            values: f.stage,
        },
        FacetBlock {
            name: "doc_kind",
            values: f.doc_kind,
        },
        FacetBlock {
            name: "lot",
            values: f.lot,
        },
    ];
    let end = params.offset + results.hits.len();
    let next = (end < results.total && end < 10_000).then(|| q.with("offset", &end.to_string()));
    let prev = (params.offset > 0).then(|| {
        q.with(
            "offset",
            &params.offset.saturating_sub(params.limit).to_string(),
        )
    });
    Ok(SearchPage {
        page,
        query: q,
        searched,
        total: results.total,
        hits: results.hits,
        facets,
        next,
        prev,
    })
}
