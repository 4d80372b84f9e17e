//! Tables of contents ("SOMMAIRE"): marked so that neither the outline nor the requirements
//! take their entries for sections.

use std::collections::HashSet;

use super::blocks::{Block, Kind};
use super::{is_toc_title, leading_number};

/// Marks the tables of contents: from a "SOMMAIRE" heading or line to the next Markdown
/// heading, or (plain text) while the lines look like entries and before a heading number seen
/// in the table comes back.
pub(crate) fn mark(blocks: &mut [Block]) {
    let mut i = 0;
    while i < blocks.len() {
        let start = match blocks.get(i) {
            Some(Block {
                kind: Kind::Heading(h),
                ..
            }) if h.rank.is_none() && is_toc_title(&h.title) => Some(h.hashes > 0),
            Some(Block {
                kind: Kind::Para,
                text,
                ..
            }) if is_toc_title(text) => Some(false),
            _ => None,
        };
        let Some(markdown) = start else {
            i += 1;
            continue;
        };
        if let Some(b) = blocks.get_mut(i) {
            b.toc = true;
        }
        let mut seen: HashSet<String> = HashSet::new();
        let mut last: Option<Vec<u32>> = None;
        let mut j = i + 1;
        while let Some(b) = blocks.get_mut(j) {
            let entry = match &b.kind {
                Kind::Heading(h) if markdown && h.hashes > 0 => break,
                Kind::Heading(h) => {
                    let parts = number_parts(&h.number);
                    let back = matches!((&parts, &last), (Some(p), Some(l)) if p <= l);
                    if seen.contains(&h.number) || back {
                        break;
                    }
                    Some(h.number.clone())
                }
                _ if markdown => None,
                Kind::Row { .. } => break,
                Kind::Item { .. } | Kind::Para => {
                    let t = b.text.trim();
                    let entry_like = b.lines == 1
                        && t.chars().count() <= 150
                        && !t.ends_with(['.', ';'])
                        && !t.starts_with(char::is_lowercase);
                    if !entry_like {
                        break;
                    }
                    leading_number(t)
                }
            };
            if let Some(parts) = entry.as_deref().and_then(number_parts) {
                last = Some(parts);
            }
            seen.extend(entry);
            b.toc = true;
            j += 1;
            if j - i > 400 {
                break;
            }
        }
        i = j;
    }
}

/// "5.2.1" as [5, 2, 1]; None for a roman or empty number.
fn number_parts(number: &str) -> Option<Vec<u32>> {
    number.split('.').map(|p| p.parse().ok()).collect()
}
