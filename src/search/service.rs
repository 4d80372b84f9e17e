//! A search as a user asks it (web page, API, CLI): catch up with the database, keep to what
//! the user may read, turn tender-level filters (tender, buyer, stage, deadline range) into
//! tenders, run the index search, then name each hit's tender and buyer and link it.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use super::run::{MAX_LIMIT, Request};
use super::{Kind, SearchIndex, sync};
use crate::error::{Error, Result};
use crate::model::User;
use crate::store::{Store, TenderAccess};

/// What a user asks.
#[derive(Clone, Debug, Default)]
pub struct Params {
    pub q: String,
    pub kinds: Vec<Kind>,
    pub tender: Option<i64>,
    pub buyer: Option<String>,
    pub stage: Option<String>,
    pub doc_kinds: Vec<String>,
    /// What concerns these lots, and what is common to every lot (see `run::Request::lots`).
    pub lots: Vec<u32>,
    /// Tenders whose deadline falls in this range (inclusive days, UTC).
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub limit: usize,
    pub offset: usize,
    /// Leave out the facet counts: the best hits are found without walking the whole match.
    pub without_facets: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct ResultHit {
    pub score: f32,
    pub kind: Kind,
    pub id: i64,
    pub tender_id: Option<i64>,
    pub tender: Option<String>,
    pub buyer: Option<String>,
    pub document_id: Option<i64>,
    pub page: Option<i32>,
    /// The lot it concerns; None when common to every lot.
    pub lot: Option<u32>,
    pub title: String,
    /// HTML: escaped text with the matched words in `<b>`.
    pub snippet: String,
    pub url: String,
}

/// One value of a facet and how many hits have it.
#[derive(Clone, Debug, Serialize)]
pub struct FacetValue {
    pub value: String,
    /// What to show (the tender's title for a tender; the value itself otherwise).
    pub label: String,
    pub count: u64,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct ResultFacets {
    pub kind: Vec<FacetValue>,
    pub tender: Vec<FacetValue>,
    pub buyer: Vec<FacetValue>,
    pub stage: Vec<FacetValue>,
    pub doc_kind: Vec<FacetValue>,
    /// Lot numbers, and `commun` for what is common to every lot.
    pub lot: Vec<FacetValue>,
}

/// The value of the lot filter and facet for what is common to every lot.
pub const COMMON_LOT: &str = "commun";

#[derive(Clone, Debug, Default, Serialize)]
pub struct Results {
    pub total: usize,
    pub hits: Vec<ResultHit>,
    pub facets: ResultFacets,
}

/// Where a hit opens: the passage in its piece's page viewer when it has one.
pub fn url_of(
    kind: Kind,
    id: i64,
    tender: Option<i64>,
    doc: Option<i64>,
    page: Option<i32>,
) -> String {
    let tender = tender.unwrap_or(0);
    match (kind, doc) {
        (Kind::Tender, _) => format!("/tenders/{id}"),
        (Kind::Document, _) => format!("/documents/{id}"),
        (Kind::Page | Kind::Section | Kind::Requirement, Some(d)) => match page {
            Some(p) => format!("/documents/{d}?page={p}#page-text"),
            None => format!("/documents/{d}"),
        },
        (Kind::Requirement, None) => format!("/tenders/{tender}/requirements"),
        (Kind::ResponseSection, _) => format!("/tenders/{tender}/response#section-{id}"),
        (Kind::LibraryBlock, _) => format!("/library#block-{id}"),
        (Kind::Page | Kind::Section, None) => format!("/tenders/{tender}"),
    }
}

fn in_range(t: &TenderAccess, from: Option<NaiveDate>, to: Option<NaiveDate>) -> bool {
    if from.is_none() && to.is_none() {
        return true;
    }
    let Some(day) = t.deadline.map(|d| d.date_naive()) else {
        return false;
    };
    from.is_none_or(|f| day >= f) && to.is_none_or(|t| day <= t)
}

fn sorted(counts: BTreeMap<String, (String, u64)>) -> Vec<FacetValue> {
    let mut out: Vec<FacetValue> = counts
        .into_iter()
        .map(|(value, (label, count))| FacetValue {
            value,
            label,
            count,
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
    out
}

/// The lot facet: lots by number, then what is common to every lot.
fn lot_values(counts: &BTreeMap<u32, u64>) -> Vec<FacetValue> {
    let mut out: Vec<FacetValue> = counts
        .iter()
        .filter(|(lot, _)| **lot > 0)
        .map(|(lot, n)| FacetValue {
            value: lot.to_string(),
            label: lot.to_string(),
            count: *n,
        })
        .collect();
    if let Some(n) = counts.get(&0) {
        out.push(FacetValue {
            value: COMMON_LOT.into(),
            label: COMMON_LOT.into(),
            count: *n,
        });
    }
    out
}

/// Runs a search for `user`: nothing from a tender they may not read.
pub async fn search(
    index: &Arc<SearchIndex>,
    store: &Store,
    user: &User,
    p: &Params,
) -> Result<Results> {
    sync::catch_up(index, store).await?;
    let hidden = store.hidden_tenders(user).await?;
    // Tender-level filters other than the tender itself need every tender's buyer, stage
    // and deadline; otherwise only the tenders the results name are read, after the search.
    let tender_filter =
        p.buyer.is_some() || p.stage.is_some() || p.from.is_some() || p.to.is_some();
    let mut tenders: Vec<TenderAccess> = Vec::new();
    let allowed = if tender_filter {
        tenders = store.tenders_access(user).await?;
        Some(
            tenders
                .iter()
                .filter(|t| t.readable)
                .filter(|t| p.tender.is_none_or(|id| t.id == id))
                .filter(|t| {
                    p.buyer
                        .as_deref()
                        .is_none_or(|b| t.buyer.as_deref() == Some(b))
                })
                .filter(|t| p.stage.as_deref().is_none_or(|s| t.stage == s))
                .filter(|t| in_range(t, p.from, p.to))
                .map(|t| t.id)
                .collect::<Vec<_>>(),
        )
    } else {
        p.tender.map(|t| vec![t])
    };
    let req = Request {
        q: p.q.clone(),
        kinds: p.kinds.clone(),
        tenders: allowed,
        hidden_tenders: hidden,
        doc_kinds: p.doc_kinds.clone(),
        lots: p.lots.clone(),
        limit: if p.limit == 0 {
            20
        } else {
            p.limit.min(MAX_LIMIT)
        },
        offset: p.offset,
        facets: !p.without_facets,
    };
    let idx = index.clone();
    let found = tokio::task::spawn_blocking(move || idx.search(&req))
        .await
        .map_err(|e| Error::Internal(format!("search task: {e}")))??;
    if !tender_filter {
        let mut ids: Vec<i64> = found.hits.iter().filter_map(|h| h.tender_id).collect();
        ids.extend(found.facets.tender.keys().copied());
        ids.sort_unstable();
        ids.dedup();
        if !ids.is_empty() {
            tenders = store.tenders_access_of(user, &ids).await?;
        }
    }
    let by_id: HashMap<i64, &TenderAccess> = tenders.iter().map(|t| (t.id, t)).collect();
    let hits = found
        .hits
        .into_iter()
        .map(|h| {
            let t = h.tender_id.and_then(|id| by_id.get(&id));
            ResultHit {
                url: url_of(h.kind, h.id, h.tender_id, h.document_id, h.page),
                score: h.score,
                kind: h.kind,
                id: h.id,
                tender_id: h.tender_id,
                tender: t.map(|t| t.title.clone()),
                buyer: t.and_then(|t| t.buyer.clone()),
                document_id: h.document_id,
                page: h.page,
                lot: h.lot,
                title: h.title,
                snippet: h.snippet,
            }
        })
        .collect();
    let f = found.facets;
    let plain = |m: BTreeMap<String, u64>| {
        sorted(m.into_iter().map(|(k, n)| (k.clone(), (k, n))).collect())
    };
    let mut tender = BTreeMap::new();
    let mut buyer: BTreeMap<String, (String, u64)> = BTreeMap::new();
    let mut stage: BTreeMap<String, (String, u64)> = BTreeMap::new();
    for (id, n) in &f.tender {
        let Some(t) = by_id.get(id) else { continue };
        tender.insert(id.to_string(), (t.title.clone(), *n));
        if let Some(b) = &t.buyer {
            buyer.entry(b.clone()).or_insert((b.clone(), 0)).1 += n;
        }
        stage
            .entry(t.stage.clone())
            .or_insert((t.stage.clone(), 0))
            .1 += n;
    }
    Ok(Results {
        total: found.total,
        hits,
        facets: ResultFacets {
            kind: plain(f.kind),
            tender: sorted(tender),
            buyer: sorted(buyer),
            stage: sorted(stage),
            doc_kind: plain(f.doc_kind),
            lot: lot_values(&f.lot),
        },
    })
}
