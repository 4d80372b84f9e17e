//! The French stemmer with a memory. Stemming is most of the cost of analyzing text (at
//! indexing, and again for every snippet shown), and text repeats its words: each thread
//! keeps the stems it computed, so a word is stemmed once. The stems are the stemmer's own,
//! so the index is the same with or without the memory.

use std::cell::RefCell;

use tantivy::tokenizer::{
    Language, RawTokenizer, Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Words remembered per thread before the memory starts again (a few megabytes).
const MAX_REMEMBERED: usize = 100_000;
/// Longer words are stemmed without being remembered (rare, and costly to keep).
const MAX_REMEMBERED_LEN: usize = 24;

thread_local! {
    static STEMS: RefCell<foldhash::HashMap<String, String>> =
        RefCell::new(foldhash::HashMap::default());
}

/// A `TokenFilter` giving the French stems of lower-cased tokens, remembered per thread.
#[derive(Clone, Default)]
pub struct FrenchStemmer;

impl TokenFilter for FrenchStemmer {
    type Tokenizer<T: Tokenizer> = FrenchStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> FrenchStemmerFilter<T> {
        FrenchStemmerFilter {
            inner: tokenizer,
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::French))
                .build(),
        }
    }
}

#[derive(Clone)]
pub struct FrenchStemmerFilter<T> {
    inner: T,
    /// The stemmer alone, for one word at a time.
    stemmer: TextAnalyzer,
}

impl<T: Tokenizer> Tokenizer for FrenchStemmerFilter<T> {
    type TokenStream<'a> = FrenchStemStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        FrenchStemStream {
            tail: self.inner.token_stream(text),
            stemmer: &mut self.stemmer,
        }
    }
}

pub struct FrenchStemStream<'a, T> {
    tail: T,
    stemmer: &'a mut TextAnalyzer,
}

/// The stemmer's stem of one word.
fn stem(stemmer: &mut TextAnalyzer, word: &str) -> String {
    let mut stream = stemmer.token_stream(word);
    if stream.advance() {
        stream.token().text.clone()
    } else {
        word.to_string()
    }
}

impl<T: TokenStream> TokenStream for FrenchStemStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if token.text.len() > MAX_REMEMBERED_LEN {
            token.text = stem(self.stemmer, &token.text);
            return true;
        }
        STEMS.with(|cell| {
            let mut stems = cell.borrow_mut();
            if let Some(known) = stems.get(token.text.as_str()) {
                token.text.clear();
                token.text.push_str(known);
                return;
            }
            let stemmed = stem(self.stemmer, &token.text);
            if stems.len() >= MAX_REMEMBERED {
                stems.clear();
            }
            let word = std::mem::replace(&mut token.text, stemmed.clone());
            stems.insert(word, stemmed);
        });
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer};

    fn stems(filter: bool, text: &str) -> Vec<String> {
        let builder = TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser);
        let mut analyzer = if filter {
            builder.filter(FrenchStemmer).build()
        } else {
            builder.filter(Stemmer::new(Language::French)).build()
        };
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn the_same_stems_as_the_stemmer_remembered_or_not() {
        let text = "Les pénalités de retard, les exigences, l'exigence, réversibilité \
                    réversibilité anticonstitutionnellementetplusencore pénalités";
        let expected = stems(false, text);
        assert_eq!(stems(true, text), expected);
        // Again, now from memory.
        assert_eq!(stems(true, text), expected);
    }
}
