//! French typography: the non-breaking spaces a French reader expects before `; : ! ?`, inside
//! « guillemets » and before units, applied to prose only (never to code or addresses).

/// Non-breaking space (before `:`, inside guillemets, before units).
pub const NBSP: char = '\u{A0}';
/// Narrow non-breaking space (before `; ! ?`).
pub const NNBSP: char = '\u{202F}';

/// Rewrites `text` with French spacing. Existing spaces become non-breaking; a guillemet
/// written without its space gets one.
pub fn french(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let prev = if i > 0 {
            chars.get(i - 1).copied()
        } else {
            None
        };
        match c {
            ' ' | '\u{A0}' | '\u{202F}' => match next {
                Some(';' | '!' | '?') => out.push(NNBSP),
                Some(':') => out.push(NBSP),
                Some('»') => out.push(NBSP),
                Some('%' | '€') if prev.is_some_and(|p| p.is_ascii_digit()) => out.push(NBSP),
                _ if prev == Some('«') => out.push(NBSP),
                _ => out.push(c),
            },
            '«' => {
                out.push(c);
                if next.is_some_and(|n| !n.is_whitespace()) {
                    out.push(NBSP);
                }
            }
            '»' => {
                if prev.is_some_and(|p| !p.is_whitespace()) && i > 0 {
                    out.push(NBSP);
                }
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// `text` without the characters XML 1.0 cannot carry (control characters, U+FFFE/FFFF):
/// Word refuses a document that holds one.
pub fn xml_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}');
    if text.chars().any(bad) {
        std::borrow::Cow::Owned(text.chars().filter(|c| !bad(*c)).collect())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_before_high_punctuation() {
        assert_eq!(
            french("Attention : oui ; non ! Vraiment ?"),
            "Attention\u{A0}: oui\u{202F}; non\u{202F}! Vraiment\u{202F}?"
        );
    }

    #[test]
    fn guillemets_get_their_spaces() {
        assert_eq!(french("« mémoire »"), "«\u{A0}mémoire\u{A0}»");
        assert_eq!(french("«mémoire»"), "«\u{A0}mémoire\u{A0}»");
    }

    #[test]
    fn times_and_plain_text_untouched() {
        assert_eq!(
            french("à 10:30, voir http://x.fr"),
            "à 10:30, voir http://x.fr"
        );
        assert_eq!(french("20 % et 1 800 €"), "20\u{A0}% et 1 800\u{A0}€");
    }
}
