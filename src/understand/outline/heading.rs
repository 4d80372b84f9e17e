//! One line as a heading: Markdown `#` headings, and plain lines (PDF) that carry a heading
//! number ("ARTICLE 5 - Prix", "Art. 5 :", "5.2.1 Titre", "Chapitre II", "III. TITRE"), are short
//! and do not end like a sentence.

/// A heading as recognised on one line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Head {
    /// As written: "ARTICLE 5", "5.2.1", "II"; "" when unnumbered.
    pub reference: String,
    /// The number alone: "5", "5.2.1", "II".
    pub number: String,
    pub title: String,
    /// Kind of number, outermost first: 0 partie/livre, 1 titre, 2 chapitre, 3 section or
    /// roman, then 3 + depth for "5" (4), "5.2" (5) ... `None` when unnumbered.
    pub rank: Option<usize>,
    /// Markdown `#` count; 0 for a plain line.
    pub hashes: usize,
}

/// The number opening a numbered paragraph ("3.1 Bidders must ...", "Article 5 : Le
/// titulaire ..."), and the byte offset where the text after it starts.
pub(crate) fn paragraph_number(text: &str) -> Option<(String, usize)> {
    let n = numbered(text)?;
    let title = n.head.title.as_str();
    if !(n.keyword || n.depth >= 2) || !title.starts_with(char::is_uppercase) {
        return None;
    }
    let offset = text.trim_end().len().checked_sub(title.len())?;
    Some((n.head.number, offset))
}

/// A Markdown heading line ("## 5.2 Titre", "# SOMMAIRE").
pub(crate) fn md_heading(line: &str) -> Option<Head> {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = line.get(hashes..)?;
    if !rest.starts_with(' ') {
        return None;
    }
    let text = strip_emphasis(rest.trim().trim_end_matches('#').trim());
    if text.is_empty() {
        return None;
    }
    Some(match numbered(text) {
        Some(n) => Head { hashes, ..n.head },
        None => Head {
            reference: String::new(),
            number: String::new(),
            title: text.to_string(),
            rank: None,
            hashes,
        },
    })
}

/// A plain line (PDF, text) that is a numbered heading: short, no sentence ending, not a
/// table-of-contents line ("5.2 Titre ..... 12") nor a table row ("2.1 Méthodologie 40").
pub(crate) fn plain_heading(line: &str) -> Option<Head> {
    let t = strip_emphasis(line.trim());
    if t.chars().count() > 150 || t.contains("....") || t.contains('…') || t.contains('\t') {
        return None;
    }
    let n = numbered(t)?;
    let title = n.head.title.as_str();
    if title.is_empty() {
        return n.keyword.then_some(n.head);
    }
    if title.ends_with(['.', ';', ',']) || title.split_whitespace().count() > 18 {
        return None;
    }
    // A numbered sentence cut before its end ("3.3 Bidders must return the following:").
    const MODALS: [&str; 8] = [
        "doit", "doivent", "devra", "devront", "must", "shall", "should", "will",
    ];
    if title
        .split_whitespace()
        .any(|w| MODALS.contains(&w.to_lowercase().as_str()))
        || (!n.keyword && title.ends_with(':'))
    {
        return None;
    }
    let first_upper = title.chars().next().is_some_and(char::is_uppercase);
    if !n.keyword && !first_upper {
        return None;
    }
    if !n.keyword && !n.marked && n.depth == 1 && !is_upper(title) {
        return None;
    }
    let mut words = title.split_whitespace().rev();
    let last = words.next().unwrap_or("");
    if last.ends_with(['%', '€', '£', '$']) {
        return None;
    }
    if last
        .chars()
        .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        let before = words.next().unwrap_or("").to_lowercase();
        const NAMES: [&str; 16] = [
            "lot",
            "article",
            "annexe",
            "phase",
            "niveau",
            "partie",
            "tranche",
            "n°",
            "version",
            "chapitre",
            "titre",
            "section",
            "priorité",
            "site",
            "étape",
            "option",
        ];
        if !NAMES.contains(&before.as_str()) {
            return None;
        }
    }
    Some(n.head)
}

/// Whether a title is the title of a table of contents.
pub(crate) fn is_toc_title(title: &str) -> bool {
    let t = strip_emphasis(title.trim())
        .trim_end_matches([':', '.'])
        .trim()
        .to_lowercase();
    matches!(
        t.as_str(),
        "sommaire" | "table des matières" | "table des matieres" | "contents" | "table of contents"
    )
}

/// Letters all upper case (at least two of them).
pub(crate) fn is_upper(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic());
    letters.clone().count() >= 2 && letters.clone().all(char::is_uppercase)
}

/// Text without Markdown bold/italic markers at its ends.
pub(crate) fn strip_emphasis(text: &str) -> &str {
    text.trim_start_matches(['*', '_'])
        .trim_end_matches(['*', '_'])
        .trim()
}

/// The heading number at the start of a text ("5.2 ..." → "5.2", "Article 1 - ..." → "1").
pub(crate) fn leading_number(text: &str) -> Option<String> {
    numbered(text).map(|n| n.head.number)
}

struct Numbered {
    head: Head,
    /// Introduced by a keyword (article, chapitre ...).
    keyword: bool,
    /// The number ends with "." or ")" or is followed by a dash.
    marked: bool,
    depth: usize,
}

const SEPARATORS: [char; 6] = ['-', '–', '—', ':', '.', ')'];

/// Reads the heading number at the start of `text`: keyword forms ("ARTICLE 5 -", "Art. 5 :",
/// "Chapitre II"), dotted numbers ("5.2.1", "10."), roman numbers ("III. TITRE").
fn numbered(text: &str) -> Option<Numbered> {
    let mut words = text.splitn(2, char::is_whitespace);
    let first = words.next().unwrap_or("");
    let keyword_rank = match first.trim_end_matches('.').to_lowercase().as_str() {
        "livre" | "partie" | "part" => Some(0),
        "titre" => Some(1),
        "chapitre" | "chapter" => Some(2),
        "section" => Some(3),
        "article" | "art" => Some(4),
        _ => None,
    };
    if let Some(rank) = keyword_rank {
        let rest = words.next().unwrap_or("").trim_start();
        let (number, after) = keyword_number(rest)?;
        let depth = number.split('.').count();
        let rank = if rank == 4 { 3 + depth } else { rank };
        let title = after
            .trim_start_matches(|c: char| SEPARATORS.contains(&c) || c.is_whitespace())
            .trim();
        let reference = format!("{} {}", first, number);
        let head = Head {
            reference,
            number: number.to_string(),
            title: title.to_string(),
            rank: Some(rank),
            hashes: 0,
        };
        return Some(Numbered {
            head,
            keyword: true,
            marked: true,
            depth,
        });
    }
    let (number, after, marked, depth, rank) = if let Some((number, after, depth)) = dotted(text) {
        let marked = after.starts_with(['.', ')']);
        (
            number,
            after.get(usize::from(marked)..).unwrap_or(""),
            marked,
            depth,
            3 + depth,
        )
    } else {
        let roman_len = text.chars().take_while(|c| "IVX".contains(*c)).count();
        let (number, after) = (text.get(..roman_len)?, text.get(roman_len..)?);
        if roman_len == 0 || roman_len > 7 || !after.starts_with(['.', ')', ' ']) {
            return None;
        }
        let dotted_after = after.starts_with(['.', ')']);
        let after = if dotted_after {
            after.get(1..).unwrap_or("")
        } else {
            after
        };
        if !dotted_after && !after.trim_start().starts_with(['-', '–', '—']) {
            return None;
        }
        (number, after, true, 1, 3)
    };
    if !after.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = after.trim_start();
    let dashed = rest.starts_with(['-', '–', '—']);
    let title = rest
        .trim_start_matches(|c: char| SEPARATORS.contains(&c) || c.is_whitespace())
        .trim();
    let head = Head {
        reference: number.to_string(),
        number: number.to_string(),
        title: title.to_string(),
        rank: Some(rank),
        hashes: 0,
    };
    Some(Numbered {
        head,
        keyword: false,
        marked: marked || dashed,
        depth,
    })
}

/// The number after a keyword: "5", "5.2", "II", "1er", "premier", "unique".
fn keyword_number(rest: &str) -> Option<(&str, &str)> {
    for word in ["premier", "1er", "unique"] {
        if let Some(after) = rest.strip_prefix(word)
            && (after.is_empty()
                || after.starts_with(|c: char| c.is_whitespace() || SEPARATORS.contains(&c)))
        {
            return Some((word, after));
        }
    }
    if let Some((number, after, _)) = dotted(rest) {
        let after = after.strip_prefix('.').unwrap_or(after);
        return Some((number, after));
    }
    let len = rest.chars().take_while(|c| "IVX".contains(*c)).count();
    let (number, after) = (rest.get(..len)?, rest.get(len..)?);
    let ends = after.is_empty()
        || after.starts_with(|c: char| c.is_whitespace() || SEPARATORS.contains(&c));
    (len > 0 && len <= 7 && ends).then_some((number, after))
}

/// A dotted number at the start: "5", "5.2.1" (1 to 3 digits a part, at most 6 parts), with
/// what follows it (a final "." is left in `after`) and its depth.
fn dotted(text: &str) -> Option<(&str, &str, usize)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut depth = 0;
    loop {
        let start = i;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let digits = i - start;
        if digits == 0 || digits > 3 {
            return None;
        }
        depth += 1;
        let dot_then_digit =
            bytes.get(i) == Some(&b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if !dot_then_digit || depth >= 6 {
            break;
        }
        i += 1;
    }
    let after = text.get(i..)?;
    if after.starts_with(|c: char| c.is_alphanumeric() || c == ',' || c == '/' || c == '%') {
        return None;
    }
    Some((text.get(..i)?, after, depth))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(line: &str) -> Option<(String, String, Option<usize>)> {
        plain_heading(line).map(|h| (h.reference, h.title, h.rank))
    }

    #[test]
    fn plain_heading_lines() {
        assert_eq!(
            plain("ARTICLE 5 - LOT 1 : INFOGÉRANCE"),
            Some(("ARTICLE 5".into(), "LOT 1 : INFOGÉRANCE".into(), Some(4)))
        );
        assert_eq!(
            plain("Article 5 :"),
            Some(("Article 5".into(), "".into(), Some(4)))
        );
        assert_eq!(
            plain("5.2.1 Accueil et traitement des demandes"),
            Some((
                "5.2.1".into(),
                "Accueil et traitement des demandes".into(),
                Some(6)
            ))
        );
        assert_eq!(
            plain("Chapitre II - Exécution"),
            Some(("Chapitre II".into(), "Exécution".into(), Some(2)))
        );
        assert_eq!(
            plain("TITRE III"),
            Some(("TITRE III".into(), "".into(), Some(1)))
        );
        assert_eq!(
            plain("III. DISPOSITIONS FINALES").map(|h| h.0),
            Some("III".into())
        );
        assert_eq!(
            plain("6.4 Niveaux de service du lot 2").map(|h| h.0),
            Some("6.4".into())
        );
        assert_eq!(plain("10. Réversibilité").map(|h| h.0), Some("10".into()));
    }

    #[test]
    fn lines_that_are_not_headings() {
        for line in [
            "5.2 Titre ....... 12",
            "2.1 Méthodologie de mise en œuvre des prestations 40",
            "1. Prix des prestations 40 %",
            "1. l'acte d'engagement (AE) ;",
            "3.1 Bidders must submit their tender electronically via the portal.",
            "1 Infogérance du poste de travail 300 000 €",
            "800 000 € HT, dont 1 200 000 € HT pour le lot 1",
            "2027, liée au transfert",
            "Titre : Managed services",
            "V est la valeur des prestations",
            "3.3 Bidders must complete and return the following documents:",
            "24h/24 et 7j/7",
        ] {
            assert_eq!(plain_heading(line), None, "{line}");
        }
    }

    #[test]
    fn markdown_headings() {
        let h = md_heading("## ARTICLE 1 - OBJET").unwrap_or_else(|| panic!("heading"));
        assert_eq!(
            (h.reference.as_str(), h.title.as_str(), h.hashes),
            ("ARTICLE 1", "OBJET", 2)
        );
        assert_eq!(md_heading("# SOMMAIRE").map(|h| h.rank), Some(None));
        assert_eq!(md_heading("#hashtag"), None);
    }
}
