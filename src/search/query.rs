//! What a user types, read leniently into a tantivy query: words are all required (AND),
//! `"a phrase"`, `prefix*`, `OR`/`OU`, `NOT`/`SAUF`/`-word`, `AND`/`ET`. Nothing a user types
//! is an error: unbalanced quotes close at the end, unknown signs are spaces, and the length
//! and the number of clauses are bounded. A prefix stands for the indexed words it begins
//! (looked up by the caller), so they are scored and marked in snippets like typed words.

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, EmptyQuery, Occur, PhraseQuery, Query, RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

/// Longest query read, in characters; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 500;
/// Most clauses kept from one query.
const MAX_CLAUSES: usize = 24;
/// A prefix shorter than this would expand to much of the vocabulary.
const MIN_PREFIX: usize = 2;

/// The indexed words a prefix begins, most documents first, as the index's lookup found them.
#[derive(Debug, Default)]
pub struct Expansion {
    pub words: Vec<String>,
    /// False when the prefix begins more words than were kept: then it is matched as a
    /// pattern, and only the kept words are marked.
    pub complete: bool,
}

/// A typed query, read.
pub struct Parsed {
    pub query: Box<dyn Query>,
    /// The analyzed words the query looks for (not those it excludes): a title holding them
    /// ranks higher.
    pub wanted: Vec<String>,
    /// Words a prefix stood for without being in the query itself: marked in snippets too.
    pub marked: Vec<String>,
}

#[derive(Debug, PartialEq)]
enum Token {
    Word(String),
    Phrase(String),
    Or,
    And,
    Not,
}

fn lex(q: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = q.chars().take(MAX_QUERY_CHARS).peekable();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<Token>| {
        if !word.is_empty() {
            out.push(match word.as_str() {
                "OR" | "OU" | "||" | "|" => Token::Or,
                "AND" | "ET" | "&&" | "&" => Token::And,
                "NOT" | "SAUF" | "!" => Token::Not,
                _ => Token::Word(std::mem::take(word)),
            });
            word.clear();
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '"' | '«' | '»' | '“' | '”' => {
                flush(&mut word, &mut out);
                if c == '»' || c == '”' {
                    continue;
                }
                let mut phrase = String::new();
                for p in chars.by_ref() {
                    if matches!(p, '"' | '»' | '”') {
                        break;
                    }
                    phrase.push(p);
                }
                out.push(Token::Phrase(phrase));
            }
            '-' if word.is_empty() => out.push(Token::Not),
            '+' if word.is_empty() => {}
            c if c.is_whitespace() || matches!(c, '(' | ')' | ',' | ';' | ':') => {
                flush(&mut word, &mut out)
            }
            c => word.push(c),
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The analyzed tokens of a text, with their positions.
fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push((t.position, t.text.clone()));
    }
    out
}

/// Lower case without accents, letters and digits only: how a prefix meets indexed terms.
fn fold(text: &str) -> String {
    let mut out = String::new();
    let mut stream = TextAnalyzer::builder(tantivy::tokenizer::RawTokenizer::default())
        .filter(tantivy::tokenizer::LowerCaser)
        .filter(tantivy::tokenizer::AsciiFoldingFilter)
        .build();
    let mut s = stream.token_stream(text);
    while let Some(t) = s.next() {
        out.push_str(&t.text);
    }
    out.chars().filter(|c| c.is_ascii_alphanumeric()).collect()
}

/// A word, or a phrase of several, over the searched field (title and body indexed together:
/// one posting list per word makes conjunctions fast).
fn text_clause(field: Field, analyzer: &mut TextAnalyzer, text: &str) -> Option<Box<dyn Query>> {
    let tokens = analyze(analyzer, text);
    match tokens.as_slice() {
        [] => None,
        [(_, t)] => Some(Box::new(TermQuery::new(
            Term::from_field_text(field, t),
            IndexRecordOption::WithFreqs,
        ))),
        many => {
            let first = many.first().map(|(p, _)| *p).unwrap_or(0);
            let terms = many
                .iter()
                .map(|(p, t)| (p.saturating_sub(first), Term::from_field_text(field, t)))
                .collect();
            Some(Box::new(PhraseQuery::new_with_offset(terms)))
        }
    }
}

/// The stem a prefix must begin: indexed terms are stems ("reversibilit" is stored as a
/// shorter stem), so the stem of the prefix, when shorter, is what must lead.
fn prefix_stem(analyzer: &mut TextAnalyzer, word: &str) -> Option<String> {
    let folded = fold(word);
    let stem = analyze(analyzer, &folded)
        .into_iter()
        .next()
        .map(|(_, t)| t)
        .filter(|s| folded.starts_with(s.as_str()) && s.len() < folded.len());
    let prefix = stem.unwrap_or(folded);
    (prefix.chars().count() >= MIN_PREFIX).then_some(prefix)
}

fn prefix_clause(
    field: Field,
    prefix: &str,
    expansion: Expansion,
    marked: &mut Vec<String>,
) -> Option<Box<dyn Query>> {
    if expansion.complete {
        // Each word scored like a typed one (rarer words weigh more).
        let words: Vec<(Occur, Box<dyn Query>)> = expansion
            .words
            .iter()
            .map(|w| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(field, w),
                    IndexRecordOption::WithFreqs,
                ));
                (Occur::Should, q)
            })
            .collect();
        return match words.len() {
            0 => Some(Box::new(EmptyQuery)),
            _ => Some(Box::new(BooleanQuery::new(words))),
        };
    }
    marked.extend(expansion.words);
    let pattern = format!("{prefix}.*");
    Some(Box::new(RegexQuery::from_pattern(&pattern, field).ok()?))
}

/// Reads `q` into a query over `field`; `expand` gives the indexed words a prefix begins. An
/// empty or all-stop-word query matches nothing; a query of exclusions only matches
/// everything else.
pub fn parse_query(
    q: &str,
    field: Field,
    analyzer: &mut TextAnalyzer,
    expand: &dyn Fn(&str) -> Expansion,
) -> Parsed {
    let mut groups: Vec<Vec<(Occur, Box<dyn Query>)>> = vec![Vec::new()];
    let mut negate = false;
    let mut clauses = 0;
    let mut wanted: Vec<String> = Vec::new();
    let mut marked: Vec<String> = Vec::new();
    for token in lex(q) {
        if clauses >= MAX_CLAUSES {
            break;
        }
        let text = match &token {
            Token::Or => {
                if groups.last().is_some_and(|g| !g.is_empty()) {
                    groups.push(Vec::new());
                }
                negate = false;
                continue;
            }
            Token::And => continue,
            Token::Not => {
                negate = true;
                continue;
            }
            Token::Phrase(p) => p.clone(),
            Token::Word(w) => w.replace('*', " "),
        };
        let clause = match token {
            Token::Word(w) if w.ends_with('*') && w.matches('*').count() == 1 => {
                prefix_stem(analyzer, w.trim_end_matches('*')).and_then(|prefix| {
                    let expansion = expand(&prefix);
                    if !negate {
                        wanted.extend(expansion.words.iter().take(4).cloned());
                    }
                    prefix_clause(field, &prefix, expansion, &mut marked)
                })
            }
            _ => {
                if !negate {
                    wanted.extend(analyze(analyzer, &text).into_iter().map(|(_, t)| t));
                }
                text_clause(field, analyzer, &text)
            }
        };
        let occur = if std::mem::take(&mut negate) {
            Occur::MustNot
        } else {
            Occur::Must
        };
        if let (Some(clause), Some(group)) = (clause, groups.last_mut()) {
            group.push((occur, clause));
            clauses += 1;
        }
    }
    let mut ors: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for mut group in groups.into_iter().filter(|g| !g.is_empty()) {
        if group.iter().all(|(o, _)| *o == Occur::MustNot) {
            group.push((Occur::Must, Box::new(AllQuery)));
        }
        ors.push((Occur::Should, Box::new(BooleanQuery::new(group))));
    }
    let query: Box<dyn Query> = match ors.len() {
        0 => Box::new(EmptyQuery),
        1 => ors
            .pop()
            .map(|(_, q)| q)
            .unwrap_or_else(|| Box::new(EmptyQuery)),
        _ => Box::new(BooleanQuery::new(ors)),
    };
    wanted.sort();
    wanted.dedup();
    Parsed {
        query,
        wanted,
        marked,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lexer_reads_french_and_english_operators_and_survives_anything() {
        assert_eq!(
            lex("a OU b SAUF c ET \"d e"),
            vec![
                Token::Word("a".into()),
                Token::Or,
                Token::Word("b".into()),
                Token::Not,
                Token::Word("c".into()),
                Token::And,
                Token::Phrase("d e".into()),
            ]
        );
        assert_eq!(lex("-x"), vec![Token::Not, Token::Word("x".into())]);
        assert_eq!(lex("((((\"\"\"").len(), 2);
        assert!(lex(&"a ".repeat(10_000)).len() <= MAX_QUERY_CHARS);
    }

    #[test]
    fn prefixes_are_folded() {
        assert_eq!(fold("Réversib"), "reversib");
        assert_eq!(fold("é$%"), "e");
    }
}
