//! Running a search on the index: the user's query within filters (kinds, tenders, piece
//! kinds, tenders hidden from the user), the best hits with highlighted snippets, and the
//! counts of every facet for the whole match.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery, TermSetQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use super::SearchIndex;
use super::counts::{Counts as Facets, FacetCounts};
use super::item::{Kind, as_u64};
use super::query::Expansion;
use super::snippet::{escape_html, snippet_html};
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
    /// Only what concerns these lots, with what is common to every lot (lot 0); `[0]`: only
    /// what is common.
    pub lots: Vec<u32>,
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
    /// The lot it concerns; None when common to every lot.
    pub lot: Option<u32>,
    pub title: String,
    /// HTML: the text escaped, the matched words in `<b>`.
    pub snippet: String,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Found {
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Facets,
}

fn number_term(field: Field, n: u64) -> Term {
    Term::from_field_u64(field, n)
}

fn any_of(terms: Vec<Term>) -> Box<dyn Query> {
    Box::new(TermSetQuery::new(terms))
}

/// How much more a word in the title weighs than the same word in the text alone.
const TITLE_BOOST: f32 = 1.5;
/// Most words whose presence in the title is rewarded.
const MAX_BOOSTED: usize = 8;
/// Most distinct words a prefix stands for as scored words (more: a pattern).
const MAX_EXPANSION: usize = 32;
/// Most indexed words read per segment while expanding a prefix.
const MAX_PREFIX_SCAN: usize = 2_000;

/// The indexed words of `field` that begin with `prefix`, those in most documents first.
fn expand_prefix(searcher: &tantivy::Searcher, field: Field, prefix: &str) -> Expansion {
    let mut found: HashMap<Vec<u8>, u64> = HashMap::new();
    let mut complete = true;
    let start = prefix.as_bytes();
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else {
            continue;
        };
        let Ok(mut stream) = inverted.terms().range().ge(start).into_stream() else {
            continue;
        };
        let mut scanned = 0;
        while stream.advance() {
            if !stream.key().starts_with(start) {
                break;
            }
            scanned += 1;
            if scanned > MAX_PREFIX_SCAN {
                complete = false;
                break;
            }
            *found.entry(stream.key().to_vec()).or_default() += u64::from(stream.value().doc_freq);
        }
    }
    let mut words: Vec<(Vec<u8>, u64)> = found.into_iter().collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    if words.len() > MAX_EXPANSION {
        complete = false;
        words.truncate(MAX_EXPANSION);
    }
    Expansion {
        words: words
            .into_iter()
            .filter_map(|(w, _)| String::from_utf8(w).ok())
            .collect(),
        complete,
    }
}

/// A request as queries.
pub(super) struct Built {
    /// What matches: the user's words within the filters.
    pub(super) matching: Box<dyn Query>,
    /// The words whose presence in a title is rewarded (on the title field).
    pub(super) title_terms: Vec<Term>,
    /// Words snippets mark besides the query's own (what a prefix stood for).
    marked: Vec<String>,
}

impl SearchIndex {
    /// The queries of a request: what matches (the user's words within the filters) and how
    /// it ranks (a title holding the words ranked higher).
    pub(super) fn build_query(&self, req: &Request, searcher: &tantivy::Searcher) -> Built {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut marked = Vec::new();
        let mut title_terms = Vec::new();
        if req.q.trim().is_empty() {
            clauses.push((Occur::Must, Box::new(tantivy::query::AllQuery)));
        } else {
            let mut analyzer = self.analyzer.clone();
            let expand = |prefix: &str| expand_prefix(searcher, f.all, prefix);
            let parsed = super::parse_query(&req.q, f.all, &mut analyzer, &expand);
            clauses.push((Occur::Must, parsed.query));
            title_terms = parsed
                .wanted
                .iter()
                .take(MAX_BOOSTED)
                .map(|word| Term::from_field_text(f.title, word))
                .collect();
            marked = parsed.marked;
        }
        if !req.kinds.is_empty() {
            let terms = req
                .kinds
                .iter()
                .map(|k| number_term(f.kind_n, super::counts::kind_code(*k)))
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
                .map(|k| number_term(f.doc_kind_n, super::counts::doc_kind_code(k)))
                .collect();
            clauses.push((Occur::Must, any_of(terms)));
        }
        if !req.lots.is_empty() {
            let mut lots: Vec<u64> = req.lots.iter().map(|l| u64::from(*l)).collect();
            lots.push(0);
            let terms = lots
                .into_iter()
                .map(|l| Term::from_field_u64(f.lot, l))
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
        let matching: Box<dyn Query> = if clauses.len() == 1 {
            clauses
                .pop()
                .map(|(_, q)| q)
                .unwrap_or(Box::new(BooleanQuery::new(vec![])))
        } else {
            Box::new(BooleanQuery::new(clauses))
        };
        Built {
            matching,
            title_terms,
            marked,
        }
    }

    /// Searches the index as it stands (callers catch up with the database first).
    pub fn search(&self, req: &Request) -> Result<Found> {
        let f = self.fields;
        let limit = req.limit.clamp(1, MAX_LIMIT);
        let offset = req.offset.min(MAX_DEPTH);
        let searcher = self.searcher();
        let built = self.build_query(req, &searcher);
        let (top, total, facets) = if req.facets {
            // The whole match is walked to count it by facet: scoring it in the same walk,
            // title clauses included, costs least.
            let ranked = super::rank::whole(&*built.matching, &built.title_terms, TITLE_BOOST);
            let page = TopDocs::with_limit(limit)
                .and_offset(offset)
                .order_by_score();
            searcher.search(&*ranked, &(page, Count, FacetCounts))?
        } else {
            // The best hits skip most of a large match (`rank`), and counting walks it without
            // scoring: less than one pass scoring every matched document.
            let top = super::rank::best(
                &searcher,
                &*built.matching,
                &built.title_terms,
                TITLE_BOOST,
                offset,
                limit,
            )?;
            (
                top,
                searcher.search(&*built.matching, &Count)?,
                Facets::default(),
            )
        };
        let terms = highlight_terms(&searcher, &*built.matching, f.all, &built.marked)?;
        let mut analyzer = self.analyzer.clone();
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
            let body = doc.get_first(f.body).and_then(|v| v.as_str()).unwrap_or("");
            let title = doc
                .get_first(f.title)
                .and_then(|v| v.as_str())
                .unwrap_or("");
            let snippet = snippet_html(body, &terms, &mut analyzer, SNIPPET_CHARS)
                .or_else(|| snippet_html(title, &terms, &mut analyzer, SNIPPET_CHARS))
                .unwrap_or_else(|| {
                    escape_html(&body.chars().take(SNIPPET_CHARS).collect::<String>())
                });
            hits.push(Hit {
                score,
                kind,
                id: num(f.id).and_then(|v| i64::try_from(v).ok()).unwrap_or(0),
                tender_id: num(f.tender_id)
                    .and_then(|v| i64::try_from(v).ok())
                    .filter(|t| *t > 0),
                document_id: num(f.document_id).and_then(|v| i64::try_from(v).ok()),
                page: num(f.page).and_then(|v| i32::try_from(v).ok()),
                lot: num(f.lot)
                    .and_then(|v| u32::try_from(v).ok())
                    .filter(|l| *l > 0),
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

/// The words of `query` on `field`, and the `marked` ones a prefix stood for, rarer words
/// weighing more: what snippets mark (the body is shown, not indexed, so tantivy cannot find
/// them by itself).
fn highlight_terms(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    field: Field,
    marked: &[String],
) -> Result<BTreeMap<String, f32>> {
    let mut terms: Vec<Term> = Vec::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field {
            terms.push(term.clone());
        }
    });
    terms.extend(marked.iter().map(|w| Term::from_field_text(field, w)));
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
