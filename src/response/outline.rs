//! The outline of the answer: one chapter per award criterion and sub-criterion in the buyer's
//! order, or the headings and questions of the buyer's own cadre de réponse.

use crate::model::{Criterion, Section as PieceSection, WeightUnit};

/// One section the outline proposes. `key` names its origin, so that generating the outline
/// again finds the section already written for it.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineItem {
    pub key: String,
    /// Index of the parent item in the list.
    pub parent: Option<usize>,
    pub reference: String,
    pub title: String,
    pub prompt: String,
    pub weight: String,
    pub source: &'static str,
    pub criterion_id: Option<i64>,
}

/// Longest question or instruction kept as a section's prompt.
const MAX_PROMPT: usize = 4000;

/// A criterion's weight as written: "40 %", "30 points".
pub fn weight_label(c: &Criterion) -> String {
    let w = if c.weight.fract() == 0.0 {
        format!("{:.0}", c.weight)
    } else {
        format!("{}", c.weight).replace('.', ",")
    };
    match c.weight_unit {
        WeightUnit::Percent => format!("{w}\u{a0}%"),
        WeightUnit::Points => format!("{w} points"),
    }
}

/// One chapter per criterion and sub-criterion (the price criterion left out: it is answered
/// by the price schedule, not the mémoire), numbered 1, 1.1 ... in the buyer's order.
pub fn from_criteria(criteria: &[Criterion]) -> Vec<OutlineItem> {
    let mut out = Vec::new();
    // Depth-first with an explicit stack: (criterion, parent item index, reference prefix).
    let children = |parent: Option<i64>| {
        let mut v: Vec<&Criterion> = criteria
            .iter()
            .filter(|c| !c.is_price)
            .filter(|c| match parent {
                None => c
                    .parent_id
                    .is_none_or(|p| !criteria.iter().any(|o| o.id == p)),
                Some(p) => c.parent_id == Some(p),
            })
            .collect();
        v.sort_by_key(|c| (c.position, c.id));
        v
    };
    let mut stack: Vec<(&Criterion, Option<usize>, String)> = children(None)
        .into_iter()
        .enumerate()
        .rev()
        .map(|(i, c)| (c, None, (i + 1).to_string()))
        .collect();
    let mut seen = std::collections::HashSet::new();
    while let Some((c, parent, reference)) = stack.pop() {
        if !seen.insert(c.id) || out.len() > 10_000 {
            continue;
        }
        let key_path = match parent.and_then(|p: usize| out.get(p)) {
            Some(OutlineItem { key, .. }) => format!("{key}/{}", key_part(&c.name)),
            None => format!("criterion:{}", key_part(&c.name)),
        };
        let index = out.len();
        out.push(OutlineItem {
            key: key_path,
            parent,
            reference: reference.clone(),
            title: c.name.trim().to_string(),
            prompt: String::new(),
            weight: weight_label(c),
            source: "criterion",
            criterion_id: Some(c.id),
        });
        for (i, child) in children(Some(c.id)).into_iter().enumerate().rev() {
            stack.push((child, Some(index), format!("{reference}.{}", i + 1)));
        }
    }
    out
}

/// The headings of the buyer's cadre de réponse (only the numbered ones when it has some:
/// "Consignes de rédaction" is not a chapter) and, under each, its questions ("Q1 – ...").
/// The text between a heading and its questions becomes the heading's prompt.
pub fn from_cadre(headings: &[PieceSection], pages: &[String]) -> Vec<OutlineItem> {
    let mut heads: Vec<&PieceSection> = headings.iter().collect();
    heads.sort_by_key(|h| h.position);
    let any_numbered = heads.iter().any(|h| !h.reference.trim().is_empty());
    let mut out: Vec<OutlineItem> = Vec::new();
    // The outline item of each kept heading, and the level of each item, for parents.
    let mut levels: Vec<i32> = Vec::new();
    let mut next_head = 0usize;
    let mut current: Option<usize> = None;
    let mut in_kept = false;
    for line in pages.iter().flat_map(|p| p.lines()) {
        let plain = line.trim().trim_start_matches('#').trim();
        if plain.is_empty() {
            continue;
        }
        if let Some(h) = heads.get(next_head)
            && is_heading_line(plain, h)
        {
            next_head += 1;
            let reference = h.reference.trim().trim_end_matches('.').to_string();
            if any_numbered && reference.is_empty() {
                in_kept = false;
                current = None;
                continue;
            }
            let parent = (0..out.len())
                .rev()
                .find(|&i| out[i].source == "cadre" && levels.get(i).is_some_and(|&l| l < h.level));
            levels.push(h.level);
            out.push(OutlineItem {
                key: format!("cadre:{}", key_part(&format!("{reference} {}", h.title))),
                parent,
                reference,
                title: h.title.trim().to_string(),
                prompt: String::new(),
                weight: String::new(),
                source: "cadre",
                criterion_id: None,
            });
            current = Some(out.len() - 1);
            in_kept = true;
            continue;
        }
        if !in_kept {
            continue;
        }
        if let Some((number, question)) = question_line(plain) {
            let parent = (0..out.len()).rev().find(|&i| out[i].source == "cadre");
            levels.push(levels.last().copied().unwrap_or(1) + 1);
            out.push(OutlineItem {
                key: format!("question:{}", number.to_lowercase()),
                parent,
                reference: number,
                title: question.clone(),
                prompt: clip(&question),
                weight: String::new(),
                source: "question",
                criterion_id: None,
            });
            current = Some(out.len() - 1);
            continue;
        }
        // Instructions under a heading (before its questions) tell the writer what to say.
        if let Some(i) = current
            && let Some(item) = out.get_mut(i)
            && item.source == "cadre"
            && item.prompt.len() < MAX_PROMPT
        {
            if !item.prompt.is_empty() {
                item.prompt.push('\n');
            }
            item.prompt.push_str(plain);
            item.prompt = clip(&item.prompt);
        }
    }
    out
}

fn clip(text: &str) -> String {
    text.chars().take(MAX_PROMPT).collect()
}

fn norm(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A key fragment: the letters and digits of a name, lower case, bounded.
fn key_part(text: &str) -> String {
    norm(text).chars().take(120).collect()
}

/// Whether a line of the text is the heading `h` (its title, in a short line).
fn is_heading_line(line: &str, h: &PieceSection) -> bool {
    let title = norm(&h.title);
    if title.is_empty() {
        return false;
    }
    let l = norm(line);
    l.contains(&title) && l.len() <= title.len() + norm(&h.reference).len() + 24
}

/// "Q12 – Quelles sont ..." → ("Q12", "Quelles sont ..."); also "Question 3 :".
fn question_line(line: &str) -> Option<(String, String)> {
    let line = line.trim_start_matches(['*', '_', '-', ' ']);
    let (prefix, rest) = if let Some(r) = line.strip_prefix("Question ") {
        ("Q", r)
    } else if let Some(r) = line.strip_prefix('Q') {
        ("Q", r)
    } else {
        return None;
    };
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 4 {
        return None;
    }
    let after = rest
        .get(digits.len()..)?
        .trim_start_matches(['*', '_'])
        .trim_start();
    let text = after
        .strip_prefix(['–', '—', '-', ':', '.', ')'])?
        .trim()
        .trim_matches(['*', '_'])
        .trim();
    if text.chars().count() < 5 {
        return None;
    }
    Some((format!("{prefix}{digits}"), text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_lines() {
        assert_eq!(
            question_line("Q12 – Quelles sont les étapes ?"),
            Some(("Q12".into(), "Quelles sont les étapes ?".into()))
        );
        assert_eq!(question_line("Qualité du service"), None);
        assert_eq!(
            question_line("**Q3 :** Quelle architecture ?"),
            Some(("Q3".into(), "Quelle architecture ?".into()))
        );
    }
}
