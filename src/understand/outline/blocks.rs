//! The text of a piece as blocks: headings, paragraphs, list items and table rows, each with
//! its page. Markdown-like text (Word, ODT, Markdown, sheets) has one block a line; plain text
//! (PDF) wraps, so its lines are joined back into paragraphs and list items.

use super::{Head, clean, is_upper, md_heading, plain_heading, toc};

/// What a block is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    Heading(Head),
    /// A list item; `text` is without its marker.
    Item {
        depth: usize,
    },
    /// A table row; `header` for the first row of a table.
    Row {
        cells: Vec<String>,
        header: bool,
    },
    Para,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Block {
    pub kind: Kind,
    pub text: String,
    /// 1-based page of its first line.
    pub page: usize,
    /// Lines joined into it.
    pub lines: usize,
    /// A blank line stands before it.
    pub gap_before: bool,
    /// Part of a table of contents.
    pub toc: bool,
    /// (byte offset in `text`, page) where a later page starts inside the block.
    pub breaks: Vec<(usize, usize)>,
    /// Byte offsets in `text` where the joined lines after the first start.
    pub joins: Vec<usize>,
}

impl Block {
    fn new(kind: Kind, text: String, page: usize, gap_before: bool) -> Block {
        Block {
            kind,
            text,
            page,
            lines: 1,
            gap_before,
            toc: false,
            breaks: Vec::new(),
            joins: Vec::new(),
        }
    }

    /// The page at a byte offset of the text.
    pub fn page_at(&self, offset: usize) -> usize {
        self.breaks
            .iter()
            .rev()
            .find(|(at, _)| *at <= offset)
            .map_or(self.page, |(_, p)| *p)
    }

    /// The lines joined into the block, each with its byte offset.
    pub fn line_spans(&self) -> Vec<(usize, &str)> {
        let mut starts = vec![0];
        starts.extend(self.joins.iter().copied());
        let ends = starts
            .iter()
            .skip(1)
            .copied()
            .chain(std::iter::once(self.text.len()));
        starts
            .iter()
            .zip(ends)
            .filter_map(|(&a, b)| self.text.get(a..b).map(|t| (a, t.trim())))
            .collect()
    }
}

/// The blocks of a piece's pages, tables of contents marked.
pub(crate) fn blocks(pages: &[String]) -> Vec<Block> {
    blocks_and_mode(pages).0
}

/// The blocks, and whether the text is Markdown-like (one block a line) rather than plain.
pub(crate) fn blocks_and_mode(pages: &[String]) -> (Vec<Block>, bool) {
    let lines = clean::body_lines(pages);
    let structured = lines
        .iter()
        .any(|(_, l)| md_heading(l.trim_start()).is_some() || row_cells(l.trim()).is_some());
    let mut out: Vec<Block> = Vec::new();
    let mut open: Option<Block> = None;
    let mut gap = false;
    let mut last_page = 1;
    let mut in_table = false;
    for (page, raw) in lines {
        let crossed = page != last_page;
        last_page = page;
        let trimmed = raw.trim();
        let line = trimmed.strip_prefix('>').map_or(trimmed, str::trim);
        if line.is_empty() || is_rule(line) {
            out.extend(open.take());
            gap = true;
            in_table = false;
            continue;
        }
        if structured && let Some(head) = md_heading(line) {
            out.extend(open.take());
            out.push(Block::new(
                Kind::Heading(head),
                String::new(),
                page,
                std::mem::take(&mut gap),
            ));
            in_table = false;
            continue;
        }
        if let Some(cells) = row_cells(line) {
            out.extend(open.take());
            if cells
                .iter()
                .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
            {
                continue;
            }
            let text = cells
                .iter()
                .filter(|c| !c.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(" | ");
            let header = !in_table;
            out.push(Block::new(
                Kind::Row { cells, header },
                text,
                page,
                std::mem::take(&mut gap),
            ));
            in_table = true;
            continue;
        }
        in_table = false;
        let line = unbold(line);
        if !structured && let Some(head) = plain_heading(&line) {
            out.extend(open.take());
            out.push(Block::new(
                Kind::Heading(head),
                String::new(),
                page,
                std::mem::take(&mut gap),
            ));
            continue;
        }
        if let Some((depth, text)) = list_item(raw, &line, structured) {
            out.extend(open.take());
            let item = Block::new(
                Kind::Item { depth },
                text.to_string(),
                page,
                std::mem::take(&mut gap),
            );
            if structured {
                out.push(item);
            } else {
                open = Some(item);
            }
            continue;
        }
        if structured {
            if let Some(head) = plain_heading(&line) {
                out.push(Block::new(
                    Kind::Heading(head),
                    String::new(),
                    page,
                    std::mem::take(&mut gap),
                ));
            } else {
                out.push(Block::new(Kind::Para, line, page, std::mem::take(&mut gap)));
            }
            continue;
        }
        if open.is_none()
            && !gap
            && let Some(Block {
                kind: Kind::Heading(h),
                lines,
                ..
            }) = out.last_mut()
            && h.hashes == 0
            && *lines < 3
            && (h.title.is_empty() || is_upper(&h.title))
            && is_upper(&line)
            && line.chars().count() <= 80
        {
            if !h.title.is_empty() {
                h.title.push(' ');
            }
            h.title.push_str(&line);
            *lines += 1;
            continue;
        }
        match open.as_mut() {
            Some(b) if continues(b, &line, gap, crossed) => {
                join(b, &line, page);
                gap = false;
            }
            _ => {
                out.extend(open.take());
                open = Some(Block::new(Kind::Para, line, page, std::mem::take(&mut gap)));
            }
        }
    }
    out.extend(open);
    toc::mark(&mut out);
    (out, structured)
}

/// Whether a plain-text line goes on the open block (a wrapped line) rather than starting one.
fn continues(block: &Block, line: &str, gap: bool, crossed: bool) -> bool {
    let ended = block.text.trim_end().ends_with(['.', '!', '?', ':', ';']);
    if gap {
        return crossed && !ended && line.starts_with(char::is_lowercase);
    }
    let sentence_end = block.text.trim_end().ends_with(['.', '!', '?', ':']);
    !(sentence_end
        && line.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || c == '«'))
}

fn join(block: &mut Block, line: &str, page: usize) {
    let hyphen = block.text.ends_with('-')
        && block
            .text
            .chars()
            .rev()
            .nth(1)
            .is_some_and(char::is_alphabetic);
    if hyphen && line.starts_with(char::is_lowercase) {
        block.text.pop();
    } else {
        block.text.push(' ');
    }
    if page != block.page_at(block.text.len()) {
        block.breaks.push((block.text.len(), page));
    }
    block.joins.push(block.text.len());
    block.text.push_str(line);
    block.lines += 1;
}

/// The cells of a `| a | b |` line.
fn row_cells(line: &str) -> Option<Vec<String>> {
    let inner = line.strip_prefix('|')?.strip_suffix('|')?;
    Some(inner.split('|').map(|c| unbold(c.trim())).collect())
}

fn is_rule(line: &str) -> bool {
    line.len() >= 3
        && ['-', '*', '_']
            .iter()
            .any(|&m| line.chars().all(|c| c == m || c == ' '))
}

/// Text without Markdown bold markers.
fn unbold(text: &str) -> String {
    text.replace("**", "")
}

const BULLETS: [char; 17] = [
    '-', '*', '+', '•', '◦', '▪', '■', '●', '–', '—', '\u{f0b7}', '➢', '►', '✓', '☐', '□', '○',
];

/// A list item: its depth and its text without the marker ("- x", "• x", "1. x", "a) x").
fn list_item<'a>(raw: &str, line: &'a str, structured: bool) -> Option<(usize, &'a str)> {
    let indent = raw.chars().take_while(|c| *c == ' ').count();
    let depth = if structured { indent / 2 } else { 0 };
    let mut chars = line.char_indices();
    let (_, first) = chars.next()?;
    if BULLETS.contains(&first) {
        let rest = line.get(first.len_utf8()..)?;
        return rest
            .starts_with(char::is_whitespace)
            .then(|| (depth, rest.trim()));
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let (marker, closers): (&str, &[char]) = match digits {
        1 | 2 => (line.get(digits..)?, &['.', ')']),
        0 if first.is_ascii_lowercase() => (line.get(1..)?, &[')']),
        _ => return None,
    };
    let ok = marker.starts_with(closers);
    let rest = marker.get(1..)?;
    (ok && rest.starts_with(char::is_whitespace) && !rest.trim().is_empty())
        .then(|| (depth, rest.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(pages: &[&str]) -> Vec<(String, String, bool)> {
        let pages: Vec<String> = pages.iter().map(|p| p.to_string()).collect();
        blocks(&pages)
            .into_iter()
            .map(|b| {
                let k = match &b.kind {
                    Kind::Heading(h) => format!("H {}", h.reference),
                    Kind::Item { depth } => format!("I{depth}"),
                    Kind::Row { header, .. } => format!("R{}", u8::from(*header)),
                    Kind::Para => "P".to_string(),
                };
                (k, b.text, b.toc)
            })
            .collect()
    }

    #[test]
    fn pdf_lines_are_joined_into_paragraphs_and_items() {
        let got = kinds(&[
            "SOMMAIRE\n1. Objet\n2. Prix\n\n1.1 Objet\nLe titulaire doit fournir un\nservice continu.\nIl remet :\n\n• le premier point\nqui continue ;\n• le second\npoint.\n",
            "la suite.\nFin du texte,\n",
            "Page 2 / 2\nsur deux pages.\n",
        ]);
        let want = vec![
            ("P".to_string(), "SOMMAIRE".to_string(), true),
            ("H 1".into(), "".into(), true),
            ("H 2".into(), "".into(), true),
            ("H 1.1".into(), "".into(), false),
            (
                "P".into(),
                "Le titulaire doit fournir un service continu.".into(),
                false,
            ),
            ("P".into(), "Il remet :".into(), false),
            ("I0".into(), "le premier point qui continue ;".into(), false),
            ("I0".into(), "le second point. la suite.".into(), false),
            ("P".into(), "Fin du texte, sur deux pages.".into(), false),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn markdown_lines_stay_apart() {
        let got = kinds(&[
            "## SOMMAIRE\n- Article 1 - Objet\n## ARTICLE 1 - OBJET\nLe titulaire fournit :\n- un **point** ;\n  1. un sous-point\n| A | B |\n|---|---|\n| x | y |\n> SR-01 – The Contractor shall.\n",
        ]);
        let got: Vec<(&str, &str)> = got
            .iter()
            .map(|(k, t, _)| (k.as_str(), t.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("H ", ""),
                ("I0", "Article 1 - Objet"),
                ("H ARTICLE 1", ""),
                ("P", "Le titulaire fournit :"),
                ("I0", "un point ;"),
                ("I1", "un sous-point"),
                ("R1", "A | B"),
                ("R0", "x | y"),
                ("P", "SR-01 – The Contractor shall."),
            ]
        );
    }

    #[test]
    fn a_wrapped_article_title_is_joined() {
        let pages = vec![
            "ARTICLE 5 - SÉLECTION DES CANDIDATURES ET JUGEMENT DES\nOFFRES\n\nTexte.\n"
                .to_string(),
        ];
        let b = blocks(&pages);
        assert!(
            matches!(b.first().map(|b| &b.kind), Some(Kind::Heading(h)) if h.title.ends_with("JUGEMENT DES OFFRES"))
        );
    }
}
