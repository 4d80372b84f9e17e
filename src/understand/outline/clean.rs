//! Running headers, footers and page numbers of paginated text (PDF), found by repetition
//! across pages and removed, so that only the body lines remain.

use std::collections::{HashMap, HashSet};

/// Lines at the top and at the bottom of a page where a running header/footer may stand.
const EDGE: usize = 3;
/// Lines longer than this are body text, never a running header.
const MAX_RUNNING: usize = 200;

/// The body lines of the pages, each with its 1-based page, blank lines kept (as "").
/// Running headers/footers (a line repeated at the edge of at least half of the pages, digits
/// aside) and page numbers ("Page 3 / 16", "3/16", "- 3 -") are removed.
pub(crate) fn body_lines(pages: &[String]) -> Vec<(usize, &str)> {
    let running = running_keys(pages);
    let mut out = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let lines: Vec<&str> = page.lines().map(str::trim_end).collect();
        let edges = edge_indices(&lines);
        let outer = [edges.first().copied(), edges.last().copied()];
        for (j, line) in lines.iter().enumerate() {
            let place = if outer.contains(&Some(j)) {
                Edge::Outer
            } else if edges.contains(&j) {
                Edge::Near
            } else {
                Edge::Inside
            };
            if pages.len() > 1 && is_page_number(line, place) {
                continue;
            }
            if !running.is_empty() && line.len() <= MAX_RUNNING && running.contains(&key(line)) {
                continue;
            }
            out.push((i + 1, *line));
        }
    }
    out
}

/// Indices of the first and last few non-blank lines of a page.
fn edge_indices(lines: &[&str]) -> Vec<usize> {
    let filled: Vec<usize> = (0..lines.len())
        .filter(|&j| lines.get(j).is_some_and(|l| !l.trim().is_empty()))
        .collect();
    let mut edges: Vec<usize> = filled.iter().take(EDGE).copied().collect();
    edges.extend(filled.iter().rev().take(EDGE).copied());
    edges
}

/// Lines that stand at the edge of at least half of the pages (and of two pages at least).
fn running_keys(pages: &[String]) -> HashSet<String> {
    if pages.len() < 2 {
        return HashSet::new();
    }
    let mut counts: HashMap<String, usize> = HashMap::new();
    for page in pages {
        let lines: Vec<&str> = page.lines().map(str::trim_end).collect();
        let mut seen = HashSet::new();
        for j in edge_indices(&lines) {
            let Some(line) = lines.get(j) else { continue };
            if line.len() > MAX_RUNNING {
                continue;
            }
            let k = key(line);
            if k.chars().filter(|c| c.is_alphabetic()).count() >= 3 && seen.insert(k.clone()) {
                *counts.entry(k).or_insert(0) += 1;
            }
        }
    }
    let needed = pages.len().div_ceil(2).max(2);
    counts
        .into_iter()
        .filter(|(_, n)| *n >= needed)
        .map(|(k, _)| k)
        .collect()
}

/// A line reduced for comparison: lower case, single spaces, every digit as '#'.
fn key(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for word in line.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(
            word.chars()
                .map(|c| if c.is_ascii_digit() { '#' } else { c })
                .flat_map(char::to_lowercase),
        );
    }
    out
}

/// Where a line stands on its page.
#[derive(Clone, Copy, PartialEq)]
enum Edge {
    /// The first or the last non-blank line.
    Outer,
    /// One of the first or last few.
    Near,
    Inside,
}

/// "Page 3 / 16", "Page 3 sur 16", "page 3" anywhere; "3 / 16", "- 3 -" near a page edge; a
/// bare "3" as the first or last line.
fn is_page_number(line: &str, place: Edge) -> bool {
    let t = line.trim().to_lowercase();
    if t.is_empty() || t.len() > 30 {
        return false;
    }
    let rest = t.strip_prefix("page").map(str::trim_start);
    let explicit = rest.is_some();
    let body = rest.unwrap_or(&t);
    let body = body.trim_matches(|c: char| c == '-' || c == '–' || c == '—' || c.is_whitespace());
    let mut parts = body.splitn(2, ['/']);
    let mut parts_sur = body.splitn(2, " sur ");
    let numeric = |s: &str| !s.trim().is_empty() && s.trim().chars().all(|c| c.is_ascii_digit());
    let bare = body.len() == t.len();
    let shaped = match (parts.next(), parts.next()) {
        (Some(a), Some(b)) => numeric(a) && numeric(b),
        (Some(a), None) => match (parts_sur.next(), parts_sur.next()) {
            (Some(x), Some(y)) => numeric(x) && numeric(y),
            _ => numeric(a),
        },
        _ => false,
    };
    let single = shaped && bare && !body.contains('/') && !body.contains(" sur ");
    shaped && (explicit || (single && place == Edge::Outer) || (!single && place != Edge::Inside))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_header_footer_and_page_numbers_go() {
        let bodies = ["Un.", "Deux.", "Trois.", "Quatre."];
        let pages: Vec<String> = (1..=4)
            .map(|n| {
                format!(
                    "CA du Val – Accord-cadre n° 2026-INF-014 – CCTP\n\n{}\n620\n\nPage {n} / 4\n",
                    bodies[n - 1]
                )
            })
            .collect();
        let body: Vec<&str> = body_lines(&pages)
            .into_iter()
            .map(|(_, l)| l)
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(
            body,
            vec![
                "Un.", "620", "Deux.", "620", "Trois.", "620", "Quatre.", "620"
            ]
        );
    }

    #[test]
    fn a_single_page_keeps_everything() {
        let pages = vec!["Titre\n3\nLe titulaire doit.".to_string()];
        assert_eq!(body_lines(&pages).len(), 3);
        assert!(is_page_number("Page 2 sur 9", Edge::Inside));
        assert!(is_page_number("- 4 -", Edge::Near));
        assert!(!is_page_number("4", Edge::Near));
        assert!(is_page_number("4", Edge::Outer));
        assert!(!is_page_number("4 heures", Edge::Outer));
    }
}
