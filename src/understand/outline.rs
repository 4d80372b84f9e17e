//! The section tree of a text piece: articles and numbered headings with their pages.
//!
//! Headings come as Markdown `#` lines (Word, ODT, Markdown) or as plain lines (PDF): a plain
//! line is a heading when it carries a heading number ("ARTICLE 5 - Prix", "5.2.1 Titre",
//! "Chapitre II", "III. TITRE"), is short and does not end like a sentence. Tables of contents
//! are left out.

pub(crate) mod blocks;
pub(crate) mod clean;
mod heading;
mod toc;

use serde::Serialize;

use blocks::{Block, Kind};
pub(crate) use heading::{
    Head, is_toc_title, is_upper, leading_number, md_heading, paragraph_number, plain_heading,
};

/// A heading found in a piece.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// The number as written: "5.2.1", "ARTICLE 5", "II" ("" when unnumbered).
    pub reference: String,
    pub title: String,
    /// 1 for the top level.
    pub level: usize,
    /// 1-based page where it stands.
    pub page: usize,
    /// The lot it concerns (its own title's, else its parent's; see `scope`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lot: Option<u32>,
}

/// The headings of a piece, in order, from its pages (Markdown-like text from the readers:
/// `#` headings from Word/ODT/Markdown, plain lines from PDF).
pub fn outline(pages: &[String]) -> Vec<Heading> {
    sections(&blocks::blocks(pages))
        .into_iter()
        .map(|(_, h)| h)
        .collect()
}

/// The number of a heading reference without its keyword: "ARTICLE 5" → "5", "5.2.1" → "5.2.1".
pub(crate) fn short_reference(reference: &str) -> &str {
    reference.rsplit(' ').next().unwrap_or(reference)
}

/// The headings of the blocks (tables of contents and the document title left out), each
/// with the index of its block.
pub(crate) fn sections(blocks: &[Block]) -> Vec<(usize, Heading)> {
    let heads: Vec<(usize, &Head, usize)> = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| !b.toc)
        .filter_map(|(i, b)| match &b.kind {
            Kind::Heading(h) => Some((i, h, b.page)),
            _ => None,
        })
        .collect();
    // The document title: a first, unnumbered heading above every other Markdown level.
    let skip_first = match heads.split_first() {
        Some(((_, first, _), rest)) => {
            first.rank.is_none()
                && first.hashes > 0
                && !rest.is_empty()
                && rest.iter().all(|(_, h, _)| h.hashes > first.hashes)
        }
        None => false,
    };
    let heads = if skip_first {
        heads.get(1..).unwrap_or_default()
    } else {
        &heads[..]
    };
    let outer_ranks: Vec<usize> = {
        let mut r: Vec<usize> = heads
            .iter()
            .filter_map(|(_, h, _)| h.rank)
            .filter(|&r| r < 4)
            .collect();
        r.sort_unstable();
        r.dedup();
        r
    };
    let min_numbered_hashes = heads
        .iter()
        .filter(|(_, h, _)| h.rank.is_some() && h.hashes > 0)
        .map(|(_, h, _)| h.hashes)
        .min();
    let min_hashes = heads
        .iter()
        .map(|(_, h, _)| h.hashes)
        .filter(|&n| n > 0)
        .min()
        .unwrap_or(1);
    let mut level_of_hashes = [0usize; 8];
    let mut out = Vec::with_capacity(heads.len());
    for (i, h, page) in heads {
        let level = match h.rank {
            Some(rank) => {
                let above = outer_ranks.iter().filter(|&&r| r < rank).count();
                1 + above + rank.saturating_sub(4)
            }
            None => {
                let known = level_of_hashes.get(h.hashes).copied().unwrap_or(0);
                if known > 0 {
                    known
                } else {
                    let base = min_numbered_hashes.unwrap_or(min_hashes);
                    (h.hashes + 1).saturating_sub(base).max(1)
                }
            }
        };
        if h.rank.is_some()
            && let Some(slot) = level_of_hashes.get_mut(h.hashes)
            && h.hashes > 0
        {
            *slot = level;
        }
        out.push((
            *i,
            Heading {
                reference: h.reference.clone(),
                title: h.title.clone(),
                level,
                page: *page,
                lot: None,
            },
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_headings_and_levels() {
        let pages = vec!["# Titre du document\n## SOMMAIRE\n1. Objet\n## ARTICLE 1 - OBJET\n### 1.1 Objet\n#### 1.1.1 Détail\n## Annexes\n".to_string()];
        let got: Vec<(String, usize)> = outline(&pages)
            .into_iter()
            .map(|h| (h.reference, h.level))
            .collect();
        assert_eq!(
            got,
            vec![
                ("ARTICLE 1".into(), 1),
                ("1.1".into(), 2),
                ("1.1.1".into(), 3),
                ("".into(), 1)
            ]
        );
        assert_eq!(short_reference("ARTICLE 5"), "5");
    }

    #[test]
    fn chapters_push_articles_down() {
        let pages = vec![
            "CHAPITRE I - GÉNÉRALITÉS\n\nArticle 1 - Objet\n\nLe titulaire doit.\n\n1.1 Portée\n"
                .to_string(),
        ];
        let got: Vec<usize> = outline(&pages).into_iter().map(|h| h.level).collect();
        assert_eq!(got, vec![1, 2, 3]);
    }
}
