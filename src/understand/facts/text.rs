//! The text plumbing of fact extraction: pages cut into lines and paragraphs (headings, list
//! items, table rows, text), running headers and page numbers dropped, accent-free lowercase
//! copies to match on, sentences to quote, and small scanners for numbers and words.

/// Longest quote kept with a fact, in characters.
pub const MAX_QUOTE_CHARS: usize = 300;
/// Longest line considered: a PDF without line breaks must not make one huge "line".
const MAX_LINE_CHARS: usize = 4_000;
/// Longest paragraph built from wrapped lines.
const MAX_UNIT_CHARS: usize = 6_000;

/// What a paragraph is, as far as the layout tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A heading, with its level (1 = highest).
    Heading(u8),
    /// A list item, with its indentation (0 = top level).
    Item(u8),
    /// A table row.
    Row,
    /// Running text.
    Text,
}

/// One sentence of a paragraph, as written and folded.
#[derive(Debug, Clone)]
pub struct Sent {
    pub text: String,
    pub low: String,
}

/// A paragraph, list item, heading or table row, with where it is.
#[derive(Debug, Clone)]
pub struct Unit {
    /// 1-based page.
    pub page: usize,
    pub kind: Kind,
    /// The text as written, layout markers removed (a row: its cells joined by " | ").
    pub text: String,
    /// `text` folded: lowercase, accents and typographic variants removed, same char count.
    pub low: String,
    /// The cells of a table row, as written.
    pub cells: Vec<String>,
    /// The table a row belongs to, and whether it is the table's first (header) row.
    pub table: Option<usize>,
    pub header_row: bool,
    /// The number of a numbered list item ("2." gives [2]).
    pub label: Vec<u32>,
    /// The heading path this unit is under (index into `Doc::sections`).
    pub section: usize,
    pub sents: Vec<Sent>,
}

/// The headings above a unit, folded and joined, to tell which article a clause is in.
#[derive(Debug, Clone, Default)]
pub struct Section {
    pub level: u8,
    pub path_low: String,
}

/// One piece, ready to scan.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub units: Vec<Unit>,
    pub sections: Vec<Section>,
    /// The folded header row of each table.
    pub table_headers: Vec<Vec<String>>,
}

impl Doc {
    pub fn section_of(&self, unit: &Unit) -> &str {
        self.sections
            .get(unit.section)
            .map(|s| s.path_low.as_str())
            .unwrap_or("")
    }

    pub fn header_of(&self, unit: &Unit) -> &[String] {
        unit.table
            .and_then(|t| self.table_headers.get(t))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Every sentence of the piece with the unit it belongs to.
    pub fn sentences(&self) -> impl Iterator<Item = (&Unit, &Sent)> {
        self.units
            .iter()
            .flat_map(|u| u.sents.iter().map(move |s| (u, s)))
    }
}

/// A value with the unit it was read in and the quoted text.
pub fn sourced<T>(value: T, unit: &Unit, text: &str) -> super::Sourced<T> {
    super::Sourced {
        value,
        page: unit.page,
        quote: quote(text),
    }
}

/// The first sentence for which `f` gives a value, quoted; a heading only when no sentence
/// of the text gives one (a sentence says more than the title of its article).
pub fn first<T>(
    doc: &Doc,
    mut f: impl FnMut(&Unit, &Sent) -> Option<T>,
) -> Option<super::Sourced<T>> {
    let mut from_heading = None;
    for (u, s) in doc.sentences() {
        let heading = matches!(u.kind, Kind::Heading(_));
        if heading && from_heading.is_some() {
            continue;
        }
        if let Some(v) = f(u, s) {
            if !heading {
                return Some(sourced(v, u, &s.text));
            }
            from_heading = Some(sourced(v, u, &s.text));
        }
    }
    from_heading
}

/// Folds one character to lowercase without accent, keeping one char for one char so that
/// positions in the folded text are positions in the original.
pub fn fold_char(c: char) -> char {
    if c.is_ascii_alphanumeric() {
        return c.to_ascii_lowercase();
    }
    match c {
        'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' | 'À' | 'Â' | 'Ä' | 'Á' | 'Ã' | 'Å' => 'a',
        'ç' | 'Ç' => 'c',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
        'î' | 'ï' | 'í' | 'ì' | 'Î' | 'Ï' | 'Í' | 'Ì' => 'i',
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' | 'Ô' | 'Ö' | 'Ó' | 'Ò' | 'Õ' => 'o',
        'ù' | 'û' | 'ü' | 'ú' | 'Ù' | 'Û' | 'Ü' | 'Ú' => 'u',
        'ÿ' | 'ý' | 'Ÿ' | 'Ý' => 'y',
        'ñ' | 'Ñ' => 'n',
        'Œ' => 'œ',
        'Æ' => 'æ',
        '\u{2019}' | '\u{2018}' | '\u{02bc}' | '`' | '\u{b4}' => '\'',
        '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{2007}' | '\u{2002}' | '\u{2003}' | '\t' => ' ',
        '\u{2010}' | '\u{2011}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
        '«' | '»' | '\u{201c}' | '\u{201d}' => '"',
        _ => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => c,
            }
        }
    }
}

pub fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// The part of `orig` that the byte range `lo..hi` of its folded copy `low` covers.
pub fn orig_slice<'a>(orig: &'a str, low: &str, lo: usize, hi: usize) -> &'a str {
    let (Some(before), Some(inside)) = (low.get(..lo), low.get(lo..hi.max(lo))) else {
        return "";
    };
    let skip = before.chars().count();
    let take = inside.chars().count();
    let mut idx = orig
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(orig.len()));
    let start = idx.nth(skip).unwrap_or(orig.len());
    let end = if take == 0 {
        start
    } else {
        idx.nth(take - 1).unwrap_or(orig.len())
    };
    orig.get(start..end).unwrap_or("")
}

/// A quote: whitespace collapsed, at most `MAX_QUOTE_CHARS` characters.
pub fn quote(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let trimmed = collapsed.trim_matches(|c: char| c == '*' || c.is_whitespace());
    if trimmed.chars().count() <= MAX_QUOTE_CHARS {
        return trimmed.to_string();
    }
    let mut out: String = trimmed.chars().take(MAX_QUOTE_CHARS - 1).collect();
    out.push('…');
    out
}

/// Whether `low[at..at+len]` stands as a word (not inside a longer word).
pub fn is_word_at(low: &str, at: usize, len: usize) -> bool {
    let before = low.get(..at).and_then(|s| s.chars().next_back());
    let after = low.get(at + len..).and_then(|s| s.chars().next());
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// First position of `word` in `low` as a whole word.
pub fn find_word(low: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(rel) = low.get(from..).and_then(|s| s.find(word)) {
        let at = from + rel;
        if is_word_at(low, at, word.len()) {
            return Some(at);
        }
        from = at + word.len().max(1);
    }
    None
}

pub fn has_word(low: &str, word: &str) -> bool {
    find_word(low, word).is_some()
}

pub fn has_any(low: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| low.contains(n))
}

/// Upper-cases the first letter ("infogérance du poste" -> "Infogérance du poste").
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------------------
// Building the units

/// A line as read from a page, before paragraphs are built.
struct RawLine<'a> {
    page: usize,
    text: &'a str,
}

/// Builds the units of a piece from its pages.
pub fn build(pages: &[String]) -> Doc {
    let furniture = running_lines(pages);
    let mut lines = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        let raw: Vec<&str> = page.lines().collect();
        // Position among the non-empty lines: furniture is the first or last two of them.
        let n = raw.iter().filter(|l| !l.trim().is_empty()).count();
        let mut k = 0;
        for line in &raw {
            let edge = !line.trim().is_empty() && (k < 2 || k + 2 >= n);
            if !line.trim().is_empty() {
                k += 1;
            }
            if edge && (furniture.contains(&shape(line)) || is_page_number(line)) {
                continue;
            }
            lines.push(RawLine {
                page: p + 1,
                text: line,
            });
        }
        // A page end is a paragraph break only if the text says so; keep a marker line.
        lines.push(RawLine {
            page: p + 1,
            text: "\u{c}",
        });
    }
    // Word, ODT and Markdown give whole paragraphs, one a line; only a PDF wraps them.
    let wrapped = !pages.iter().any(|p| {
        p.lines()
            .any(|l| md_heading(l.trim()).is_some() || l.trim_start().starts_with('|'))
    });
    Builder {
        wrapped,
        ..Builder::default()
    }
    .run(&lines)
}

/// Shape of a line for spotting running headers: digits blurred, spaces collapsed.
fn shape(line: &str) -> String {
    line.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                '#'
            } else {
                fold_char(c)
            }
        })
        .collect()
}

/// Lines found near the top or bottom of at least half of the pages (and two of them).
fn running_lines(pages: &[String]) -> std::collections::HashSet<String> {
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    if pages.len() < 2 {
        return Default::default();
    }
    for page in pages {
        let non_empty: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
        let n = non_empty.len();
        let mut seen = std::collections::HashSet::new();
        for (i, l) in non_empty.iter().enumerate() {
            if (i < 2 || i + 2 >= n) && l.chars().count() < 200 {
                seen.insert(shape(l));
            }
        }
        for s in seen {
            *counts.entry(s).or_default() += 1;
        }
    }
    let need = pages.len().div_ceil(2).max(2);
    counts
        .into_iter()
        .filter(|(s, c)| *c >= need && !s.is_empty())
        .map(|(s, _)| s)
        .collect()
}

/// "Page 3 / 6", "3/6", "- 3 -", "Page 3", "3".
fn is_page_number(line: &str) -> bool {
    let low = fold(line.trim());
    let rest = low.strip_prefix("page").unwrap_or(&low).trim();
    !rest.is_empty()
        && rest.chars().any(|c| c.is_ascii_digit())
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '/' | '-' | '|'))
        && rest.len() <= 15
}

#[derive(Default)]
struct Builder {
    doc: Doc,
    /// The paragraph being built from wrapped lines.
    open: Option<Unit>,
    /// Headings in force, by level.
    stack: Vec<(u8, String)>,
    /// Last numbered heading seen in a PDF, to refuse "2.1 ..." table cells as headings.
    last_number: Vec<u32>,
    in_table: Option<usize>,
    /// Whether lines are wrapped paragraphs to join (a PDF) or whole paragraphs.
    wrapped: bool,
    /// The last line added to the open paragraph.
    open_last: String,
}

impl Builder {
    fn run(mut self, lines: &[RawLine<'_>]) -> Doc {
        self.doc.sections.push(Section::default());
        for line in lines {
            self.line(line);
        }
        self.close();
        self.doc
    }

    fn line(&mut self, raw: &RawLine<'_>) {
        if raw.text == "\u{c}" {
            // A page break closes tables, not paragraphs (sentences run over pages).
            self.in_table = None;
            return;
        }
        let text: String = raw.text.chars().take(MAX_LINE_CHARS).collect();
        let trimmed = text.trim();
        if trimmed.is_empty() || is_rule(trimmed) {
            self.close();
            self.in_table = None;
            return;
        }
        if let Some(cells) = row_cells(trimmed) {
            self.close();
            if cells
                .iter()
                .all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
            {
                return; // the Markdown separator row
            }
            let (table, header) = match self.in_table {
                Some(t) => (t, false),
                None => {
                    let t = self.doc.table_headers.len();
                    self.doc
                        .table_headers
                        .push(cells.iter().map(|c| fold(c)).collect());
                    self.in_table = Some(t);
                    (t, true)
                }
            };
            let joined = cells.join(" | ");
            let mut unit = self.unit(raw.page, Kind::Row, joined);
            unit.cells = cells;
            unit.table = Some(table);
            unit.header_row = header;
            self.push(unit);
            return;
        }
        self.in_table = None;
        let indent = text.len() - text.trim_start().len();
        if let Some((level, title)) = md_heading(trimmed) {
            self.close();
            self.heading(raw.page, level, title.to_string());
            return;
        }
        if let Some((label, item)) = list_item(trimmed) {
            self.close();
            let depth = u8::try_from((indent / 2).min(8)).unwrap_or(8);
            let mut unit = self.unit(raw.page, Kind::Item(depth), strip_md(item));
            unit.label = label;
            self.open_last = unit.text.clone();
            self.open = Some(unit);
            return;
        }
        let body = strip_md(trimmed.trim_start_matches('>').trim());
        if let Some(level) = self.plain_heading(&body) {
            self.close();
            self.heading(raw.page, level, body);
            return;
        }
        // A wrapped heading line of capitals continues the heading ("... JUGEMENT DES" / "OFFRES").
        if self.wrapped
            && self.open.is_none()
            && self
                .doc
                .units
                .last()
                .is_some_and(|u| matches!(u.kind, Kind::Heading(_)))
            && body.chars().any(char::is_alphabetic)
            && !body.chars().any(char::is_lowercase)
            && body.chars().count() < 60
        {
            if let Some(last) = self.doc.units.last_mut() {
                last.text.push(' ');
                last.text.push_str(&body);
                last.low = fold(&last.text);
            }
            return;
        }
        let continues = self.open.as_ref().is_some_and(|u| {
            !ends_sentence(&u.text)
                && !starts_block(&body)
                && !ends_row(&self.open_last, &body)
                && u.text.len() < MAX_UNIT_CHARS
        }) && self.wrapped;
        if continues && let Some(open) = self.open.as_mut() {
            open.text.push(' ');
            open.text.push_str(&body);
            self.open_last = body;
            return;
        }
        self.close();
        self.open = Some(self.unit(raw.page, Kind::Text, body.clone()));
        self.open_last = body;
    }

    /// A heading in a PDF (no Markdown marks): "ARTICLE 5 - ...", or "5.2 Title" numbered in
    /// sequence with the headings before (a table cell "2.1 Méthodologie" under 5.2 is not).
    fn plain_heading(&mut self, body: &str) -> Option<u8> {
        if body.chars().count() > 120 || ends_sentence(body) || body.ends_with([',', ';']) {
            return None;
        }
        let low = fold(body);
        if let Some(rest) = low.strip_prefix("article ") {
            let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let n: u32 = n.parse().ok()?;
            let after = rest.get(n.to_string().len()..).unwrap_or("");
            if !after.starts_with([' ', '-', ':', '.']) && !after.is_empty() {
                return None;
            }
            self.last_number = vec![n];
            return Some(1);
        }
        let num_len = low
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(low.len());
        let number_text = low.get(..num_len)?.trim_end_matches('.');
        let parts: Vec<u32> = number_text
            .split('.')
            .map(str::parse)
            .collect::<Result<_, _>>()
            .ok()?;
        if parts.len() < 2 || parts.len() > 4 {
            return None;
        }
        let title = body.get(num_len..)?.trim();
        let starts_upper = title.chars().next().is_some_and(char::is_uppercase);
        let ends_number = title
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_digit() || c == '%');
        if !starts_upper || ends_number || !self.in_sequence(&parts) {
            return None;
        }
        self.last_number = parts.clone();
        Some(u8::try_from(parts.len()).unwrap_or(4))
    }

    fn in_sequence(&self, parts: &[u32]) -> bool {
        let last = &self.last_number;
        if last.is_empty() {
            return true;
        }
        parts > last.as_slice() && parts.first() <= last.first().map(|f| f + 1).as_ref()
    }

    fn heading(&mut self, page: usize, level: u8, title: String) {
        self.stack.retain(|(l, _)| *l < level);
        self.stack.push((level, fold(&title)));
        let path_low = self
            .stack
            .iter()
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join(" / ");
        self.doc.sections.push(Section { level, path_low });
        let unit = self.unit(page, Kind::Heading(level), title);
        self.push(unit);
    }

    fn unit(&self, page: usize, kind: Kind, text: String) -> Unit {
        Unit {
            page,
            kind,
            low: String::new(),
            text,
            cells: Vec::new(),
            table: None,
            header_row: false,
            label: Vec::new(),
            section: self.doc.sections.len().saturating_sub(1),
            sents: Vec::new(),
        }
    }

    fn close(&mut self) {
        if let Some(unit) = self.open.take() {
            self.push(unit);
        }
    }

    fn push(&mut self, mut unit: Unit) {
        unit.text = unit.text.split_whitespace().collect::<Vec<_>>().join(" ");
        unit.low = fold(&unit.text);
        unit.sents = if unit.kind == Kind::Text || matches!(unit.kind, Kind::Item(_)) {
            split_sentences(&unit.text)
        } else {
            vec![Sent {
                text: unit.text.clone(),
                low: unit.low.clone(),
            }]
        };
        self.doc.units.push(unit);
    }
}

fn is_rule(line: &str) -> bool {
    line.len() >= 3 && line.chars().all(|c| matches!(c, '-' | '*' | '_' | ' '))
}

fn row_cells(line: &str) -> Option<Vec<String>> {
    let inner = line.strip_prefix('|')?;
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    Some(inner.split('|').map(|c| strip_md(c.trim())).collect())
}

fn md_heading(line: &str) -> Option<(u8, &str)> {
    let hashes = line.chars().take_while(|c| *c == '#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = line.get(hashes..)?;
    rest.starts_with(' ')
        .then(|| (u8::try_from(hashes).unwrap_or(6), rest.trim()))
}

/// The number (if any) and text of a list item ("- x", "• x", "1. x", "2) x"), or None.
fn list_item(line: &str) -> Option<(Vec<u32>, &str)> {
    for bullet in ["- ", "* ", "• ", "◦ ", "▪ ", "– ", "· ", "☐ ", "□ "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return Some((Vec::new(), rest));
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=2).contains(&digits) {
        let n: u32 = line.get(..digits)?.parse().ok()?;
        let rest = line.get(digits..)?;
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some((vec![n], r));
        }
    }
    None
}

/// Markdown emphasis and escapes removed.
fn strip_md(text: &str) -> String {
    text.replace("**", "").replace("__", "").replace('\\', "")
}

/// Whether a line ends a sentence: a final mark that is not the period of an abbreviation
/// ("R." in "R. 2161-5" wrapped at the end of a line).
fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end();
    if !t.ends_with(['.', '!', '?', ':']) {
        return false;
    }
    let last = t
        .trim_end_matches('.')
        .rsplit(|ch: char| ch.is_whitespace() || ch == '(')
        .next()
        .unwrap_or("")
        .to_lowercase();
    !(t.ends_with('.') && is_abbreviation(&last))
}

fn is_abbreviation(word: &str) -> bool {
    word.chars().count() <= 1 || ABBREVIATIONS.contains(&word) || word.ends_with('°')
}

/// A line that starts its own paragraph even after an unfinished one: a numbered paragraph
/// ("3.1 Bidders must ...") or a table-like line ("1 Infogérance ... 300 000 €").
fn starts_block(body: &str) -> bool {
    let digits = body.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return false;
    }
    let rest = body.get(digits..).unwrap_or("");
    let numbered = rest.starts_with('.')
        && rest
            .get(1..)
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit() || c == ' '));
    let tabular = rest.starts_with(' ')
        && rest
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
    numbered || tabular
}

/// Two rows of a table drawn as lines, not one wrapped sentence: a line ending with a figure
/// ("Performance environnementale 10 %"), or holding an amount ("... 400 € HT par jour
/// ouvré"), followed by a line that starts with a capitalised word (not an acronym: "TTC du
/// bon de commande" continues a sentence).
fn ends_row(open_last: &str, next: &str) -> bool {
    let first_word = next.split_whitespace().next().unwrap_or("");
    let capitalised = first_word.chars().next().is_some_and(char::is_uppercase)
        && first_word.chars().skip(1).any(char::is_lowercase);
    let figure = open_last
        .trim_end()
        .ends_with(|c: char| c.is_ascii_digit() || matches!(c, '%' | '€' | '£'));
    let amount = open_last.contains(['€', '£']);
    (figure && next.chars().next().is_some_and(char::is_uppercase)) || (amount && capitalised)
}

/// Words after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "n", "no", "art", "cf", "p", "pp", "m", "mm", "mme", "st", "etc", "env", "min", "max", "ref",
    "vol", "al", "e.g", "i.e", "ex",
];

/// Splits a paragraph into sentences at ". ", "! ", "? " followed by a capital, a digit or
/// a quote, except after an abbreviation or a one-letter word ("R. 2152-1", "L. 2124-2").
pub fn split_sentences(text: &str) -> Vec<Sent> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let next = chars.get(k + 1).map(|x| x.1);
        let after = chars.get(k + 2).map(|x| x.1);
        if next != Some(' ') {
            continue;
        }
        if !after.is_some_and(|a| a.is_uppercase() || matches!(a, '«' | '"' | '(')) {
            continue;
        }
        let word: String = text
            .get(..i)
            .unwrap_or("")
            .rsplit(|ch: char| ch.is_whitespace() || ch == '(')
            .next()
            .unwrap_or("")
            .to_lowercase();
        if c == '.' && is_abbreviation(&word) {
            continue;
        }
        let end = i + c.len_utf8();
        if let Some(s) = text.get(start..end) {
            push_sent(&mut out, s);
        }
        start = end;
    }
    if let Some(s) = text.get(start..) {
        push_sent(&mut out, s);
    }
    out
}

fn push_sent(out: &mut Vec<Sent>, s: &str) {
    let s = s.trim();
    if !s.is_empty() {
        out.push(Sent {
            text: s.to_string(),
            low: fold(s),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_positions() {
        let t = "Réception à 12h00 – Œuvre";
        let low = fold(t);
        assert_eq!(low.chars().count(), t.chars().count());
        let at = low.find("12h00").unwrap_or(0);
        assert_eq!(orig_slice(t, &low, at, at + 5), "12h00");
        assert_eq!(orig_slice(t, &low, 0, 9), "Réception");
    }

    #[test]
    fn sentences_do_not_split_after_article_letters() {
        let s = split_sentences(
            "Voir les articles R. 2152-1 et L. 2124-2. Le prix compte. Voir le n° 5. Fin",
        );
        let t: Vec<&str> = s.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            t,
            vec![
                "Voir les articles R. 2152-1 et L. 2124-2.",
                "Le prix compte.",
                "Voir le n° 5. Fin"
            ]
        );
    }

    #[test]
    fn running_headers_and_page_numbers_are_dropped() {
        let words = [
            ("Le prix", "ferme"),
            ("La durée", "un an"),
            ("Le délai", "trente jours"),
        ];
        let pages: Vec<String> = words
            .iter()
            .enumerate()
            .map(|(p, (w, v))| {
                format!(
                    "Acme – RC\n\n{w} continue\nsur la ligne : {v}.\n\nPage {} / 3",
                    p + 1
                )
            })
            .collect();
        let doc = build(&pages);
        let texts: Vec<&str> = doc.units.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "Le prix continue sur la ligne : ferme.",
                "La durée continue sur la ligne : un an.",
                "Le délai continue sur la ligne : trente jours."
            ]
        );
    }
}
