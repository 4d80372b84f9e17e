//! Splitting a paragraph into sentences, French and English: a sentence ends at ".", "!",
//! "?" or "…" followed by a space and a capital, except after an abbreviation ("art.", "M.",
//! "cf.", "L. 2124-2") or inside a number ("1.2", "n° 910/2014"). Semicolons do not split.

/// Abbreviations (lower case, without their final period) after which a period goes on.
const ABBREVIATIONS: [&str; 58] = [
    "art", "arts", "al", "cf", "chap", "ex", "env", "min", "max", "mme", "mmes", "mlle", "mm",
    "mr", "mrs", "ms", "dr", "pr", "st", "ste", "vol", "éd", "ed", "fig", "tab", "réf", "ref",
    "cie", "sté", "ets", "éts", "op", "cit", "ibid", "id", "vs", "approx", "tél", "tel", "hab",
    "av", "bd", "inc", "ltd", "co", "no", "nos", "para", "sect", "cl", "ann", "pp", "nb", "coll",
    "dir", "prof", "jr", "sr",
];

/// The sentences of a paragraph: (byte offset, sentence with its final punctuation).
pub(crate) fn sentences(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        // The end runs over repeated marks and closing quotes or brackets.
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = iter.peek() {
            if matches!(d, '.' | '!' | '?' | '…' | '»' | '"' | '”' | ')' | ']') {
                end = j + d.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        let rest = text.get(end..).unwrap_or("");
        let after = rest.trim_start();
        if after.len() == rest.len() {
            continue;
        }
        let starts_sentence =
            after.starts_with(|d: char| d.is_uppercase() || matches!(d, '«' | '"' | '“' | '('));
        if !starts_sentence || (c == '.' && abbreviation_before(text, i)) {
            continue;
        }
        push(&mut out, text, start, end);
        start = end;
    }
    push(&mut out, text, start, text.len());
    out
}

fn push<'a>(out: &mut Vec<(usize, &'a str)>, text: &'a str, start: usize, end: usize) {
    let Some(piece) = text.get(start..end) else {
        return;
    };
    let lead = piece.len() - piece.trim_start().len();
    let s = piece.trim();
    if !s.is_empty() {
        out.push((start + lead, s));
    }
}

/// Whether the word before the period at `dot` is an abbreviation: a known one, a single
/// letter ("M.", "L."), or letters with inner periods ("i.e", "U.E").
fn abbreviation_before(text: &str, dot: usize) -> bool {
    let before = text.get(..dot).unwrap_or("");
    let word = before
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '[' | '«' | '"' | '\'' | '’'))
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return false;
    }
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if word.chars().count() == 1 && letters == 1 {
        return true;
    }
    if word.contains('.')
        && word
            .split('.')
            .all(|p| p.chars().count() <= 2 && p.chars().all(char::is_alphabetic))
    {
        return true;
    }
    ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|(_, s)| s).collect()
    }

    #[test]
    fn french_abbreviations_and_numbers_do_not_split() {
        assert_eq!(
            split(
                "Voir l'art. 5 du CCAP et M. Dupont. Le titulaire remet le rapport n° 1.2 au plus tard le 3. Il le signe."
            ),
            vec![
                "Voir l'art. 5 du CCAP et M. Dupont.",
                "Le titulaire remet le rapport n° 1.2 au plus tard le 3.",
                "Il le signe."
            ]
        );
        assert_eq!(
            split("Procédure (articles L. 2124-2 et R. 2161-2 du Code). Les offres sont remises."),
            vec![
                "Procédure (articles L. 2124-2 et R. 2161-2 du Code).",
                "Les offres sont remises."
            ]
        );
        assert_eq!(
            split("Formats : .pdf, .docx, etc. et aussi .odt."),
            vec!["Formats : .pdf, .docx, etc. et aussi .odt."]
        );
        assert_eq!(
            split("Des formulaires (DC1, DC2, etc.) Le DUME aussi."),
            vec!["Des formulaires (DC1, DC2, etc.)", "Le DUME aussi."]
        );
    }

    #[test]
    fn semicolons_keep_one_sentence_and_offsets_point_in() {
        let text = "Une attestation est remise ; elle doit être jointe à l'offre. Le titulaire doit, i.e. impérativement, signer.";
        let got = sentences(text);
        assert_eq!(got.len(), 2);
        assert!(
            got.iter()
                .all(|(at, s)| text.get(*at..).is_some_and(|t| t.starts_with(s)))
        );
        assert_eq!(
            split("Fin du bon de commande n° 1. Le titulaire doit achever"),
            vec!["Fin du bon de commande n° 1.", "Le titulaire doit achever"]
        );
        assert_eq!(
            split("Is it? Yes! « Bien. »"),
            vec!["Is it?", "Yes!", "« Bien. »"]
        );
    }
}
