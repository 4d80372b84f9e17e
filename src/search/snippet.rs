//! Snippets: the passage of a hit's text where the searched words weigh most, escaped, with
//! the words marked in `<b>`. The text is cut into passages of at most `max_chars` bytes at
//! word boundaries (as tantivy's snippets are) and the best one is kept, the first on a tie.
//! Each word is analyzed as the index analyzed it, through a per-thread memory of the words
//! already seen: texts repeat their words, so showing ten hits costs a few lookups per word
//! instead of ten full analyses.

use std::cell::RefCell;
use std::collections::BTreeMap;

use tantivy::tokenizer::{TextAnalyzer, TokenStream};

/// Words remembered per thread before the memory starts again.
const MAX_REMEMBERED: usize = 100_000;
/// Longer words are analyzed each time (the analyzer drops words of 40 bytes and more).
const MAX_REMEMBERED_LEN: usize = 40;

type Memory = foldhash::HashMap<Box<str>, Option<Box<str>>>;

thread_local! {
    /// A word as written -> its indexed term (None: a stop word or too long).
    static TERMS: RefCell<Memory> = RefCell::new(Memory::default());
}

/// The indexed term of one word as written, as `analyzer` makes it.
fn term_of(analyzer: &mut TextAnalyzer, word: &str) -> Option<Box<str>> {
    let mut stream = analyzer.token_stream(word);
    stream
        .advance()
        .then(|| stream.token().text.as_str().into())
}

/// The words of `text` (runs of letters and digits, as the index's tokenizer cuts them) with
/// their byte ranges.
fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut iter = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = iter.by_ref().find(|(_, c)| c.is_alphanumeric())?;
        let mut end = text.len();
        while let Some((i, c)) = iter.peek().copied() {
            if !c.is_alphanumeric() {
                end = i;
                break;
            }
            iter.next();
        }
        Some((start, end))
    })
}

/// The part of a text shown, with the byte ranges of its marked words.
struct Passage {
    start: usize,
    end: usize,
    marks: Vec<(usize, usize)>,
}

/// Bytes of a word's head compared with the terms' heads.
const HEAD: usize = 3;

/// The first bytes (up to `HEAD`, as many for every term) of every term, when they are
/// ASCII: a stem keeps the first letters of its word (the stemmer only changes endings), so
/// a word whose folded head begins no term cannot match, and is skipped without analysis.
/// None: every word is looked at.
fn term_heads(terms: &BTreeMap<String, f32>) -> Option<Vec<Vec<u8>>> {
    let len = terms.keys().map(|t| t.len().min(HEAD)).min()?;
    if len == 0 {
        return None;
    }
    let mut heads: Vec<Vec<u8>> = Vec::new();
    for t in terms.keys() {
        let head = t.as_bytes().get(..len)?;
        if !head.is_ascii() {
            return None;
        }
        heads.push(head.to_vec());
    }
    heads.dedup();
    Some(heads)
}

/// Whether a word may be one of the terms of `heads`: its first letters lower-cased and
/// without accents, as the analyzer makes them, begin a term (or cannot be told apart
/// cheaply: letters folding to something else than ASCII).
fn may_match(heads: Option<&[Vec<u8>]>, word: &str) -> bool {
    let Some(heads) = heads else { return true };
    let Some(len) = heads.first().map(Vec::len) else {
        return true;
    };
    let mut head = [0u8; HEAD];
    let mut n = 0;
    for c in word.chars() {
        if n == len {
            break;
        }
        let f = crate::understand::facts::fold_char(c);
        if !f.is_ascii() {
            return true;
        }
        if let Some(slot) = head.get_mut(n) {
            *slot = f as u8;
        }
        n += 1;
    }
    n < len
        || heads
            .iter()
            .any(|h| h.as_slice() == head.get(..len).unwrap_or(&[]))
}

/// The best passage of `text` for `terms` (indexed term -> weight) as HTML, or None when no
/// word of `text` is one of them: at most `max_chars` bytes, cut at words, where the marked
/// words weigh most (the first such place on a tie), with a little of what leads to them.
pub fn snippet_html(
    text: &str,
    terms: &BTreeMap<String, f32>,
    analyzer: &mut TextAnalyzer,
    max_chars: usize,
) -> Option<String> {
    if terms.is_empty() {
        return None;
    }
    let heads = term_heads(terms);
    let mut all_words: Vec<(usize, usize)> = Vec::new();
    let mut matches: Vec<(usize, usize, f32)> = Vec::new();
    TERMS.with(|cell| {
        let mut memory = cell.borrow_mut();
        for (from, to) in words(text) {
            all_words.push((from, to));
            let word = text.get(from..to).unwrap_or("");
            let weight = if !may_match(heads.as_deref(), word) {
                None
            } else if word.len() >= MAX_REMEMBERED_LEN {
                term_of(analyzer, word).and_then(|t| terms.get(&*t).copied())
            } else if let Some(known) = memory.get(word) {
                known.as_deref().and_then(|t| terms.get(t).copied())
            } else {
                let term = term_of(analyzer, word);
                let weight = term.as_deref().and_then(|t| terms.get(t).copied());
                if memory.len() >= MAX_REMEMBERED {
                    memory.clear();
                }
                memory.insert(word.into(), term);
                weight
            };
            if let Some(w) = weight {
                matches.push((from, to, w));
            }
        }
    });
    let passage = best_passage(&all_words, &matches, max_chars)?;
    Some(to_html(text, &passage))
}

/// Where to cut: the window of `max_chars` starting at a match that holds the most weight,
/// moved back by up to a fifth of its size to show what leads to it, cut at words.
fn best_passage(
    words: &[(usize, usize)],
    matches: &[(usize, usize, f32)],
    max_chars: usize,
) -> Option<Passage> {
    let mut best: Option<(usize, f32)> = None;
    let mut j = 0;
    let mut score = 0.0;
    for (i, (from, _, _)) in matches.iter().enumerate() {
        j = j.max(i);
        while let Some((_, to, w)) = matches.get(j) {
            if to - from > max_chars {
                break;
            }
            score += w;
            j += 1;
        }
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((i, score));
        }
        if let Some((_, _, w)) = matches.get(i).filter(|_| j > i) {
            score -= w;
        }
    }
    let (first, _) = best?;
    let (first_from, first_to, _) = matches.get(first).copied()?;
    let whole = words.last().map(|(_, to)| *to).unwrap_or(0);
    let lead = max_chars / 5;
    let mut start = if whole <= max_chars {
        words.first().map(|(from, _)| *from).unwrap_or(0)
    } else {
        words
            .iter()
            .map(|(from, _)| *from)
            .find(|f| *f + lead >= first_from)
            .unwrap_or(first_from)
            .min(first_from)
    };
    let last_marked = matches
        .iter()
        .skip(first)
        .take_while(|(_, to, _)| to - first_from <= max_chars)
        .map(|(_, to, _)| *to)
        .last()
        .unwrap_or(first_to);
    if last_marked > start + max_chars {
        start = first_from;
    }
    let end = words
        .iter()
        .map(|(_, to)| *to)
        .rfind(|to| *to <= start + max_chars)
        .unwrap_or(first_to)
        .max(last_marked);
    let marks = matches
        .iter()
        .filter(|(from, to, _)| *from >= start && *to <= end)
        .map(|(from, to, _)| (*from, *to))
        .collect();
    Some(Passage { start, end, marks })
}

fn to_html(text: &str, p: &Passage) -> String {
    let mut out = String::with_capacity(p.end.saturating_sub(p.start) + 16 * p.marks.len());
    let mut at = p.start;
    for (from, to) in &p.marks {
        out.push_str(&escape_html(text.get(at..*from).unwrap_or("")));
        out.push_str("<b>");
        out.push_str(&escape_html(text.get(*from..*to).unwrap_or("")));
        out.push_str("</b>");
        at = *to;
    }
    out.push_str(&escape_html(text.get(at..p.end).unwrap_or("")));
    out
}

/// Text escaped for HTML (the five characters that matter, as in attributes).
pub fn escape_html(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(words: &[&str]) -> BTreeMap<String, f32> {
        let mut analyzer = crate::search::french_analyzer();
        words
            .iter()
            .filter_map(|w| term_of(&mut analyzer, w))
            .map(|t| (t.to_string(), 1.0))
            .collect()
    }

    fn snippet(text: &str, words: &[&str], max: usize) -> Option<String> {
        snippet_html(
            text,
            &terms(words),
            &mut crate::search::french_analyzer(),
            max,
        )
    }

    #[test]
    fn marks_every_form_of_the_words_and_escapes_the_rest() {
        let html = snippet(
            "Les Pénalités <b>de</b> retard & la pénalité.",
            &["pénalité"],
            200,
        );
        assert_eq!(
            html.as_deref(),
            Some("Les <b>Pénalités</b> &lt;b&gt;de&lt;/b&gt; retard &amp; la <b>pénalité</b>")
        );
        assert_eq!(snippet("Rien à voir.", &["pénalité"], 200), None);
        assert_eq!(snippet("", &["pénalité"], 200), None);
        // Stop words are never marked.
        assert_eq!(snippet("le la les", &["le"], 200), None);
    }

    #[test]
    fn the_passage_where_the_words_weigh_most() {
        let text = "sécurité au début. puis un long texte sans rapport aucun ici. \
                    réseau et sécurité du réseau ensemble.";
        let html = snippet(text, &["sécurité", "réseau"], 40).unwrap_or_default();
        assert!(
            html.contains("<b>réseau</b> et <b>sécurité</b> du <b>réseau</b>"),
            "{html}"
        );
        assert!(!html.contains("début"), "{html}");
        // A short text is shown whole.
        let html = snippet("Le réseau de la ville.", &["réseau"], 200).unwrap_or_default();
        assert_eq!(html, "Le <b>réseau</b> de la ville");
        // Words that are not cut, whatever their script.
        let html = snippet("Ωμέγα naïve café", &["café"], 200).unwrap_or_default();
        assert!(html.ends_with("<b>café</b>"), "{html}");
    }

    #[test]
    fn words_are_skipped_only_when_they_cannot_match() {
        let heads = term_heads(&terms(&["pénalité", "œuvre"]));
        assert_eq!(heads, Some(vec![b"oeu".to_vec(), b"pen".to_vec()]));
        assert!(
            !may_match(heads.as_deref(), "perte"),
            "only two letters alike"
        );
        assert!(may_match(heads.as_deref(), "pe"), "too short to tell");
        assert!(may_match(heads.as_deref(), "PÉNALITÉS"));
        assert!(
            may_match(heads.as_deref(), "Œuvres"),
            "non-ASCII heads are analyzed"
        );
        assert!(!may_match(heads.as_deref(), "retard"));
        let html = snippet("Les Œuvres et PÉNALITÉS", &["œuvre", "pénalité"], 200);
        assert_eq!(
            html.as_deref(),
            Some("Les <b>Œuvres</b> et <b>PÉNALITÉS</b>")
        );
    }
}
