//! The best hits of a match with the title weight. Scoring every matched document with the
//! title clauses costs a walk of the whole match; instead two cheaper searches give every
//! document that can rank: the match's own best (tantivy's block-max WAND skips most of a
//! large match) and the best of the matched documents whose title holds a word (a small
//! set, scored whole). A document without such a title ranks among all as it ranks on the
//! match alone, so it is in the first set; one with such a title is in the second. Both
//! are scored with their titles and merged: the hits are those of scoring the whole match.

use std::collections::{BTreeMap, HashMap};

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, EnableScoring, Occur, Query, TermQuery, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, Term};

/// The hits `offset..offset + limit` of `matching` ranked with `title_terms` (words looked
/// for in titles, each adding `boost` times its title score to the match's).
pub(crate) fn best(
    searcher: &Searcher,
    matching: &dyn Query,
    title_terms: &[Term],
    boost: Score,
    offset: usize,
    limit: usize,
) -> tantivy::Result<Vec<(Score, DocAddress)>> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for term in title_terms {
        if searcher.doc_freq(term)? > 0 {
            let query = TermQuery::new(term.clone(), IndexRecordOption::WithFreqs);
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(query), boost)),
            ));
        }
    }
    if clauses.is_empty() {
        let page = TopDocs::with_limit(limit)
            .and_offset(offset)
            .order_by_score();
        return searcher.search(matching, &page);
    }
    let wanted = TopDocs::with_limit(offset + limit).order_by_score();
    let weights: Vec<Box<dyn Weight>> = clauses
        .iter()
        .map(|(_, q)| q.weight(EnableScoring::enabled_from_searcher(searcher)))
        .collect::<tantivy::Result<_>>()?;
    let titles: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
    let titled = BooleanQuery::new(vec![
        (Occur::Must, matching.box_clone()),
        (Occur::Must, titles),
    ]);
    let mut scores: HashMap<DocAddress, Score> = HashMap::new();
    for (score, addr) in with_titles(searcher, &weights, searcher.search(matching, &wanted)?)? {
        scores.insert(addr, score);
    }
    for (score, addr) in searcher.search(&titled, &wanted)? {
        scores.insert(addr, score);
    }
    let mut ranked: Vec<(Score, DocAddress)> = scores.into_iter().map(|(a, s)| (s, a)).collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    Ok(ranked.into_iter().skip(offset).take(limit).collect())
}

/// The match with a clause per title word, as one query: what `best` ranks like, for a
/// search that walks the whole match anyway (to count it by facet).
pub(crate) fn whole(matching: &dyn Query, title_terms: &[Term], boost: Score) -> Box<dyn Query> {
    if title_terms.is_empty() {
        return matching.box_clone();
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, matching.box_clone())];
    for term in title_terms {
        let title = TermQuery::new(term.clone(), IndexRecordOption::WithFreqs);
        clauses.push((
            Occur::Should,
            Box::new(BoostQuery::new(Box::new(title), boost)),
        ));
    }
    Box::new(BooleanQuery::new(clauses))
}

/// Each candidate's score with what its title adds.
fn with_titles(
    searcher: &Searcher,
    weights: &[Box<dyn Weight>],
    found: Vec<(Score, DocAddress)>,
) -> tantivy::Result<Vec<(Score, DocAddress)>> {
    let mut by_segment: BTreeMap<u32, Vec<(DocId, Score)>> = BTreeMap::new();
    for (score, addr) in found {
        by_segment
            .entry(addr.segment_ord)
            .or_default()
            .push((addr.doc_id, score));
    }
    let mut out = Vec::new();
    for (segment_ord, mut docs) in by_segment {
        docs.sort_unstable_by_key(|(doc, _)| *doc);
        if let Some(reader) = searcher.segment_readers().get(segment_ord as usize) {
            for weight in weights {
                let mut scorer = weight.scorer(reader, 1.0)?;
                for (doc, score) in docs.iter_mut() {
                    if scorer.doc() < *doc {
                        scorer.seek(*doc);
                    }
                    if scorer.doc() == *doc {
                        *score += scorer.score();
                    }
                }
            }
        }
        out.extend(
            docs.into_iter()
                .map(|(doc_id, score)| (score, DocAddress::new(segment_ord, doc_id))),
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{Item, Kind, Request, SearchIndex};

    /// A fixed stream of numbers, so the corpus is the same on every run.
    struct Rng(u64);
    impl Rng {
        fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            words[(self.0 % words.len() as u64) as usize]
        }
    }

    #[test]
    fn the_same_hits_as_scoring_the_whole_match() -> crate::error::Result<()> {
        let words = [
            "pénalités",
            "retard",
            "maintenance",
            "sécurité",
            "délai",
            "prix",
            "réversibilité",
            "infogérance",
            "titulaire",
            "sauvegarde",
            "réseau",
            "astreinte",
            "incident",
        ];
        let mut rng = Rng(0x5eed);
        let items: Vec<Item> = (0..3_000)
            .map(|i| {
                let title: Vec<&str> = (0..1 + i % 3).map(|_| rng.pick(&words)).collect();
                let body: Vec<&str> = (0..5 + i % 40).map(|_| rng.pick(&words)).collect();
                Item {
                    title: title.join(" "),
                    body: body.join(" "),
                    ..Item::new(Kind::Section, i64::from(i) + 1)
                }
            })
            .collect();
        let dir = tempfile::tempdir()?;
        let index = SearchIndex::open(dir.path())?;
        for chunk in items.chunks(1_000) {
            index.add_items(chunk)?;
            index.commit_unlogged()?;
        }
        let searcher = index.searcher();
        assert!(searcher.segment_readers().len() > 1, "several segments");
        for q in [
            "pénalités retard",
            "sécurité",
            "délai prix maintenance",
            "réseau OR prix",
        ] {
            for (offset, limit) in [(0, 10), (7, 20), (0, 100), (990, 10)] {
                let req = Request {
                    q: q.into(),
                    ..Request::default()
                };
                let built = index.build_query(&req, &searcher);
                assert!(!built.title_terms.is_empty());
                let got = best(
                    &searcher,
                    &*built.matching,
                    &built.title_terms,
                    1.5,
                    offset,
                    limit,
                )?;
                let page = TopDocs::with_limit(limit)
                    .and_offset(offset)
                    .order_by_score();
                let ranked = whole(&*built.matching, &built.title_terms, 1.5);
                let whole = searcher.search(&*ranked, &page)?;
                assert_eq!(got.len(), whole.len(), "{q} {offset}");
                assert!(!got.is_empty(), "{q} {offset}");
                for (a, b) in got.iter().zip(&whole) {
                    assert!(
                        (a.0 - b.0).abs() < 1e-4,
                        "{q} {offset}: {a:?} against {b:?}"
                    );
                }
                // The same documents, except where scores tie at the page's edges.
                let edge = |v: &[(Score, DocAddress)]| {
                    let (lo, hi) = (v.last().map(|x| x.0), v.first().map(|x| x.0));
                    v.iter()
                        .filter(|(s, _)| Some(*s) != lo && Some(*s) != hi)
                        .map(|(_, d)| *d)
                        .collect::<std::collections::BTreeSet<_>>()
                };
                assert_eq!(edge(&got), edge(&whole), "{q} {offset}");
            }
        }
        Ok(())
    }
}
