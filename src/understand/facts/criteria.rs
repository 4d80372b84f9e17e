//! The award criteria tree with its weights as written (percent, points, sub-weights "sur
//! 100" inside a criterion): the weighted lines (`weights`) are put in a tree by their
//! numbers ("2." over "2.1") or by the criterion their lead-in names; the mark scales the
//! document states for the criteria.

use super::text::{Doc, Kind, Sent, Unit, fold, has_any, has_word, quote};
use super::weights::{Entry, MAX_SIBLINGS, entries, scale_in, zones};
use super::{MarkScale, Sourced};
use crate::model::{CriterionInput, WeightUnit};

/// The criteria tree, and the mark scales the document states for its criteria.
pub fn criteria(
    doc: &Doc,
) -> (
    Option<Sourced<Vec<CriterionInput>>>,
    Vec<Sourced<MarkScale>>,
) {
    let entries = entries(doc);
    let Some(tree) = build_tree(&entries) else {
        return (None, Vec::new());
    };
    let first = tree.first().and_then(|(e, _)| e.as_ref());
    let source = first.map(|e| (doc.units.get(e.at).map_or(1, |u| u.page), e.quote.clone()));
    let mut scales = Vec::new();
    let roots: Vec<CriterionInput> = tree
        .iter()
        .map(|(e, children)| {
            let mut node = node_of(e.as_ref(), &mut scales, doc);
            node.children = children
                .iter()
                .map(|c| node_of(Some(c), &mut scales, doc))
                .collect();
            node
        })
        .collect();
    stated_scales(doc, &entries, &roots, &mut scales);
    let (page, q) = source.unwrap_or((1, String::new()));
    (
        Some(Sourced {
            value: roots,
            page,
            quote: q,
        }),
        scales,
    )
}

fn node_of(e: Option<&Entry>, scales: &mut Vec<Sourced<MarkScale>>, doc: &Doc) -> CriterionInput {
    let Some(e) = e else {
        return CriterionInput {
            name: String::new(),
            weight: 0.0,
            unit: WeightUnit::Percent,
            is_price: false,
            children: Vec::new(),
        };
    };
    if let Some(scale) = e.scale {
        scales.push(Sourced {
            value: MarkScale {
                criterion: e.name.clone(),
                scale,
            },
            page: doc.units.get(e.at).map_or(1, |u| u.page),
            quote: e.quote.clone(),
        });
    }
    let low = fold(&e.name);
    CriterionInput {
        name: e.name.clone(),
        weight: e.weight,
        unit: e.unit,
        is_price: ["prix", "price", "cout", "cost", "tarif", "tarifs"]
            .iter()
            .any(|w| has_word(&low, w)),
        children: Vec::new(),
    }
}

type Tree = Vec<(Option<Entry>, Vec<Entry>)>;

fn build_tree(entries: &[Entry]) -> Option<Tree> {
    let tops: Vec<&Entry> = entries.iter().filter(|e| e.number.len() == 1).collect();
    let mut tree: Tree = if tops.len() >= 2 && tops.iter().any(|e| e.unit == WeightUnit::Percent) {
        numbered_tree(entries)
    } else {
        grouped_roots(entries)?
    };
    // Groups without numbers hang under the root their lead-in names, or whose weight they
    // add up to ("Quality 60 %" over questions of 25 + 20 + 15 %).
    let mut groups: Vec<usize> = entries.iter().map(|e| e.group).collect();
    groups.dedup();
    for g in groups {
        let members: Vec<&Entry> = entries
            .iter()
            .filter(|e| e.group == g && e.number.len() != 1)
            .collect();
        if members.len() < 2 || members.iter().any(|m| is_root(&tree, m)) {
            continue;
        }
        if members.iter().all(|m| m.number.len() >= 2) && !tree.iter().all(|(_, c)| c.is_empty()) {
            continue;
        }
        let lead = members.first().map_or("", |m| m.lead.as_str());
        let sum: f64 = members.iter().map(|m| m.weight).sum();
        let by_name = tree
            .iter()
            .enumerate()
            .filter(|(_, (r, c))| c.is_empty() && r.as_ref().is_some_and(|r| !r.name.is_empty()))
            .filter_map(|(i, (r, _))| {
                let n = fold(&r.as_ref()?.name);
                lead.contains(n.as_str()).then_some((n.len(), i))
            })
            .max()
            .map(|(_, i)| i);
        let by_sum = || {
            tree.iter().position(|(r, c)| {
                c.is_empty()
                    && r.as_ref().is_some_and(|r| {
                        (r.weight - sum).abs() < 0.01
                            && r.unit == members.first().map_or(r.unit, |m| m.unit)
                    })
            })
        };
        if let Some(i) = by_name.or_else(by_sum)
            && let Some((_, children)) = tree.get_mut(i)
        {
            children.extend(members.into_iter().take(MAX_SIBLINGS).cloned());
        }
    }
    (!tree.is_empty()).then_some(tree)
}

fn is_root(tree: &Tree, e: &Entry) -> bool {
    tree.iter()
        .any(|(r, _)| r.as_ref().is_some_and(|r| r.at == e.at && r.name == e.name))
}

/// Roots and children by their numbers ("2." and "2.1"), whatever the order they were read
/// in (a PDF may give a table's cells out of order).
fn numbered_tree(entries: &[Entry]) -> Tree {
    let mut tops: Vec<&Entry> = entries.iter().filter(|e| e.number.len() == 1).collect();
    tops.sort_by_key(|e| e.number.clone());
    tops.dedup_by_key(|e| e.number.clone());
    tops.truncate(MAX_SIBLINGS);
    tops.into_iter()
        .map(|root| {
            let mut children: Vec<Entry> = entries
                .iter()
                .filter(|e| e.number.len() == 2 && e.number.first() == root.number.first())
                .cloned()
                .collect();
            children.sort_by_key(|e| e.number.clone());
            children.dedup_by_key(|e| e.number.clone());
            children.truncate(MAX_SIBLINGS);
            (Some(root.clone()), children)
        })
        .collect()
}

/// Roots from the first group of two criteria or more; deeper list items become children.
fn grouped_roots(entries: &[Entry]) -> Option<Tree> {
    let mut groups: Vec<usize> = entries.iter().map(|e| e.group).collect();
    groups.dedup();
    let g = groups
        .into_iter()
        .find(|g| entries.iter().filter(|e| e.group == *g).count() >= 2)?;
    let members: Vec<&Entry> = entries.iter().filter(|e| e.group == g).collect();
    let top = members.iter().map(|e| e.indent).min().unwrap_or(0);
    let mut tree: Tree = Vec::new();
    for e in members {
        if e.indent == top {
            if tree.len() < MAX_SIBLINGS {
                tree.push((Some(e.clone()), Vec::new()));
            }
        } else if let Some((_, children)) = tree.last_mut()
            && children.len() < MAX_SIBLINGS
        {
            children.push(e.clone());
        }
    }
    (tree.len() >= 2).then_some(tree)
}

/// Scales stated in sentences of their own: "La valeur technique est notée sur 100 points",
/// or "each scored from 0 to 5" over a table of sub-criteria.
fn stated_scales(
    doc: &Doc,
    entries: &[Entry],
    roots: &[CriterionInput],
    out: &mut Vec<Sourced<MarkScale>>,
) {
    let named: Vec<(String, &CriterionInput, bool)> = roots
        .iter()
        .flat_map(|r| {
            std::iter::once((fold(&r.name), r, true))
                .chain(r.children.iter().map(|c| (fold(&c.name), c, false)))
        })
        .collect();
    for (start, end) in zones(doc) {
        for unit in doc.units.get(start..end).unwrap_or(&[]) {
            if unit.kind == Kind::Row {
                continue;
            }
            for sent in &unit.sents {
                let Some(scale) = scale_in(&sent.low) else {
                    continue;
                };
                let each = has_any(&sent.low, &["chaque", "each", "chacun"]);
                if each {
                    // The children of the group this sentence introduces.
                    for e in entries
                        .iter()
                        .filter(|e| e.lead == unit.low && e.number.len() != 1)
                    {
                        push_scale(out, &e.name, scale, unit, sent);
                    }
                    continue;
                }
                let target = named
                    .iter()
                    .filter(|(n, _, _)| !n.is_empty() && sent.low.contains(n.as_str()))
                    .max_by_key(|(n, _, root)| (n.len(), *root));
                if let Some((_, c, _)) = target {
                    push_scale(out, &c.name, scale, unit, sent);
                }
            }
        }
    }
}

fn push_scale(out: &mut Vec<Sourced<MarkScale>>, name: &str, scale: f64, unit: &Unit, sent: &Sent) {
    if out.iter().any(|s| s.value.criterion == name) {
        return;
    }
    out.push(Sourced {
        value: MarkScale {
            criterion: name.to_string(),
            scale,
        },
        page: unit.page,
        quote: quote(&sent.text),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::understand::facts::text::build;

    /// (name, weight, children's (name, weight))
    type Node = (String, f64, Vec<(String, f64)>);

    fn tree(text: &str) -> Vec<Node> {
        let doc = build(&[text.to_string()]);
        criteria(&doc)
            .0
            .map(|s| s.value)
            .unwrap_or_default()
            .into_iter()
            .map(|c| {
                (
                    c.name,
                    c.weight,
                    c.children.into_iter().map(|k| (k.name, k.weight)).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn list_items_with_nested_sub_criteria() {
        let t = tree(
            "## Critères d'attribution\n\n- Prix : 40 %\n- Valeur technique : 60 %\n  - Méthodologie : 30 points\n  - Moyens : 30 points\n",
        );
        assert_eq!(
            t,
            vec![
                ("Prix".into(), 40.0, vec![]),
                (
                    "Valeur technique".into(),
                    60.0,
                    vec![("Méthodologie".into(), 30.0), ("Moyens".into(), 30.0)]
                ),
            ]
        );
    }

    #[test]
    fn numbered_criteria_lines_with_lead_ins() {
        let t = tree(
            "## Jugement des offres\n\nCritère 1 : Prix (40 %)\n\nCritère 2 : Valeur technique : 60 %, répartis comme suit :\n\nSous-critère 2.1 : Méthodologie (35 %)\n\nSous-critère 2.2 : Moyens (25 %)\n",
        );
        assert_eq!(
            t,
            vec![
                ("Prix".into(), 40.0, vec![]),
                (
                    "Valeur technique".into(),
                    60.0,
                    vec![("Méthodologie".into(), 35.0), ("Moyens".into(), 25.0)]
                ),
            ]
        );
    }

    #[test]
    fn prose_criteria() {
        let t = tree(
            "## Jugement des offres\n\nLes offres sont jugées sur la base de deux critères : la valeur technique, notée sur 20, compte pour 60 % de la note finale ; le prix, noté sur 20, pour 40 %.\n",
        );
        assert_eq!(
            t,
            vec![
                ("Valeur technique".into(), 60.0, vec![]),
                ("Prix".into(), 40.0, vec![])
            ]
        );
    }

    #[test]
    fn no_anchor_no_criteria() {
        assert!(
            tree("| Taux | Valeur |\n|---|---|\n| Disponibilité | 99 % |\n| Autre | 1 % |\n")
                .is_empty()
        );
    }
}
