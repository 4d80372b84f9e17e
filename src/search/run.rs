//! Running a search on the index: the user's query within filters (kinds, tenders, piece
//! kinds, tenders hidden from the user), the best hits with highlighted snippets, and the
//! counts of every facet for the whole match.

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery, TermSetQuery};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{TantivyDocument, Term};

use super::item::{Kind, as_u64};
use super::{Fields, SearchIndex};
use crate::error::Result;

/// Most hits one search returns.
pub const MAX_LIMIT: usize = 100;
/// Deepest page a search reaches (offset + limit).
pub const MAX_DEPTH: usize = 10_000;
const SNIPPET_CHARS: usize = 220;

/// What to look for, and within what.
#[derive(Clone, Debug, Default)]
pub struct Request {
    pub q: String,
    /// Only these kinds (all when empty).
    pub kinds: Vec<Kind>,
    /// Only these tenders (no restriction when None; nothing when Some(empty)).
    pub tenders: Option<Vec<i64>>,
    /// Never these tenders (those the user may not read).
    pub hidden_tenders: Vec<i64>,
    /// Only pieces of these kinds (rc, cctp...) and what they hold.
    pub doc_kinds: Vec<String>,
    pub limit: usize,
    pub offset: usize,
    /// Whether to count facets (a results page does; a quick lookup need not).
    pub facets: bool,
}

/// One result, as the index knows it (the tender's title and buyer are added by `service`).
#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    pub score: f32,
    pub kind: Kind,
    pub id: i64,
    pub tender_id: Option<i64>,
    pub document_id: Option<i64>,
    pub page: Option<i32>,
    pub title: String,
    /// HTML: the text escaped, the matched words in `<b>`.
    pub snippet: String,
}

/// Counts per facet value over the whole match.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Facets {
    pub kind: BTreeMap<String, u64>,
    pub tender: BTreeMap<i64, u64>,
    pub doc_kind: BTreeMap<String, u64>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Found {
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Facets,
}

fn facet_term(f: &Fields, path: [&str; 2]) -> Term {
    Term::from_facet(f.facets, &Facet::from_path(path))
}

fn any_of(terms: Vec<Term>) -> Box<dyn Query> {
    Box::new(TermSetQuery::new(terms))
}

impl SearchIndex {
    /// The query of a request: the user's words within the filters.
    fn build_query(&self, req: &Request) -> Box<dyn Query> {
        let f = &self.fields;
        let mut analyzer = super::french_analyzer();
        let words = if req.q.trim().is_empty() {
            Box::new(tantivy::query::AllQuery) as Box<dyn Query>
        } else {
            super::parse_query(&req.q, f.all, &mut analyzer)
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, words)];
        if !req.kinds.is_empty() {
            let terms = req
                .kinds
                .iter()
                .map(|k| facet_term(f, ["kind", k.as_str()]))
                .collect();
            clauses.push((Occur::Must, any_of(terms)));
        }
        if let Some(tenders) = &req.tenders {
            let terms = tenders
                .iter()
                .map(|t| Term::from_field_u64(f.tender_id, as_u64(*t)))
                .collect();
            clauses.push((Occur::Must, any_of(terms)));
        }
        if !req.doc_kinds.is_empty() {
            let terms = req
                .doc_kinds
                .iter()
                .map(|k| facet_term(f, ["doc_kind", k.as_str()]))
                .collect();
            clauses.push((Occur::Must, any_of(terms)));
        }
        for t in &req.hidden_tenders {
            clauses.push((
                Occur::MustNot,
                Box::new(TermQuery::new(
                    Term::from_field_u64(f.tender_id, as_u64(*t)),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        if clauses.len() == 1 {
            clauses
                .pop()
                .map(|(_, q)| q)
                .unwrap_or(Box::new(BooleanQuery::new(vec![])))
        } else {
            Box::new(BooleanQuery::new(clauses))
        }
    }

    /// Searches the index as it stands (callers catch up with the database first).
    pub fn search(&self, req: &Request) -> Result<Found> {
        let f = self.fields;
        let limit = req.limit.clamp(1, MAX_LIMIT);
        let offset = req.offset.min(MAX_DEPTH);
        let query = self.build_query(req);
        let searcher = self.searcher();
        let top = TopDocs::with_limit(limit)
            .and_offset(offset)
            .order_by_score();
        let (top, total, facets) = if req.facets {
            let mut fc = FacetCollector::for_field("facets");
            fc.add_facet("/kind");
            fc.add_facet("/tender");
            fc.add_facet("/doc_kind");
            let (top, total, counts) = searcher.search(&query, &(top, Count, fc))?;
            let mut facets = Facets::default();
            for (facet, n) in counts.get("/kind") {
                if let Some(v) = last_segment(facet) {
                    facets.kind.insert(v, n);
                }
            }
            for (facet, n) in counts.get("/tender") {
                if let Some(id) = last_segment(facet).and_then(|v| v.parse().ok()) {
                    facets.tender.insert(id, n);
                }
            }
            for (facet, n) in counts.get("/doc_kind") {
                if let Some(v) = last_segment(facet) {
                    facets.doc_kind.insert(v, n);
                }
            }
            (top, total, facets)
        } else {
            let (top, total) = searcher.search(&query, &(top, Count))?;
            (top, total, Facets::default())
        };
        let terms = highlight_terms(&searcher, &*query, f.all)?;
        let body_snippets = SnippetGenerator::new(
            terms.clone(),
            super::french_analyzer(),
            f.body,
            SNIPPET_CHARS,
        );
        let title_snippets =
            SnippetGenerator::new(terms, super::french_analyzer(), f.title, SNIPPET_CHARS);
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string()
            };
            let num = |field| doc.get_first(field).and_then(|v| v.as_u64());
            let kind = Kind::parse(&text(f.kind)).unwrap_or(Kind::Tender);
            let mut snippet = body_snippets.snippet_from_doc(&doc);
            if snippet.is_empty() {
                snippet = title_snippets.snippet_from_doc(&doc);
            }
            let snippet = if snippet.fragment().is_empty() {
                escape_html(&text(f.body).chars().take(SNIPPET_CHARS).collect::<String>())
            } else {
                snippet.to_html()
            };
            hits.push(Hit {
                score,
                kind,
                id: num(f.id).and_then(|v| i64::try_from(v).ok()).unwrap_or(0),
                tender_id: num(f.tender_id)
                    .and_then(|v| i64::try_from(v).ok())
                    .filter(|t| *t > 0),
                document_id: num(f.document_id).and_then(|v| i64::try_from(v).ok()),
                page: num(f.page).and_then(|v| i32::try_from(v).ok()),
                title: text(f.title),
                snippet,
            });
        }
        Ok(Found {
            total,
            hits,
            facets,
        })
    }
}

/// The words of `query` on `field`, rarer words weighing more: what snippets mark (the
/// shown fields are not indexed, so tantivy cannot find them by itself).
fn highlight_terms(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    field: tantivy::schema::Field,
) -> Result<BTreeMap<String, f32>> {
    let mut terms: Vec<Term> = Vec::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field {
            terms.push(term.clone());
        }
    });
    let mut out = BTreeMap::new();
    for term in terms {
        if let Some(text) = term.value().as_str() {
            let freq = searcher.doc_freq(&term)?;
            if freq > 0 {
                out.insert(text.to_string(), 1.0 / (1.0 + freq as f32));
            }
        }
    }
    Ok(out)
}

fn last_segment(facet: &Facet) -> Option<String> {
    facet.to_path().last().map(|s| s.to_string())
}

/// The snippet of a hit without a matched word: its text, escaped like tantivy's.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}
