//! Search: the results page (`/search`, with facet counts as filter links) and its JSON API
//! (`/api/v1/search`), both over `search::service`.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::Deserialize;

use super::page::PageCtx;
use super::{AppState, Identity, WebError};
use crate::error::Error;
use crate::search::service::{self, FacetValue, Params, ResultHit, Results};
use crate::search::{Kind, query::MAX_QUERY_CHARS};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/search", get(page))
        .route("/api/v1/search", get(api))
}

/// The query string of both routes; every field optional, every bad value refused clearly.
#[derive(Deserialize, Default, Clone)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
    kind: Option<String>,
    tender: Option<String>,
    buyer: Option<String>,
    stage: Option<String>,
    doc_kind: Option<String>,
    from: Option<String>,
    to: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn number<T: std::str::FromStr>(s: &Option<String>, name: &str) -> Result<Option<T>, Error> {
    non_empty(s)
        .map(|v| {
            v.parse::<T>()
                .map_err(|_| Error::Invalid(format!("{name}: a number is expected")))
        })
        .transpose()
}

fn date(s: &Option<String>, name: &str) -> Result<Option<NaiveDate>, Error> {
    non_empty(s)
        .map(|v| {
            NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .map_err(|_| Error::Invalid(format!("{name}: a date YYYY-MM-DD is expected")))
        })
        .transpose()
}

impl SearchQuery {
    fn params(&self) -> Result<Params, Error> {
        let list = |s: &Option<String>| -> Vec<String> {
            non_empty(s)
                .map(|v| {
                    v.split(',')
                        .map(|x| x.trim().to_string())
                        .filter(|x| !x.is_empty())
                        .take(20)
                        .collect()
                })
                .unwrap_or_default()
        };
        let kinds = list(&self.kind)
            .iter()
            .map(|k| Kind::parse(k).ok_or_else(|| Error::Invalid(format!("kind: unknown {k}"))))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Params {
            q: self.q.chars().take(MAX_QUERY_CHARS).collect(),
            kinds,
            tender: number(&self.tender, "tender")?,
            buyer: non_empty(&self.buyer).map(str::to_string),
            stage: non_empty(&self.stage).map(str::to_string),
            doc_kinds: list(&self.doc_kind)
                .into_iter()
                .map(|k| k.to_uppercase())
                .collect(),
            from: date(&self.from, "from")?,
            to: date(&self.to, "to")?,
            limit: number::<usize>(&self.limit, "limit")?
                .unwrap_or(20)
                .clamp(1, 100),
            offset: number::<usize>(&self.offset, "offset")?
                .unwrap_or(0)
                .min(10_000),
        })
    }

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
