//! Changing a grid's structure as typed in the browser: criteria added under any parent,
//! deleted with their sub-criteria, moved; offers removed. Whatever order the criteria come
//! in, the grid is put back in tree order (a parent before its children, siblings in the order
//! given) with each offer's marks following their criterion.

use super::compare::{Grid, GridError};

/// Puts the criteria of `g` in tree order and leaves out those with `deleted[i]` set and all
/// their sub-criteria. Parents may be given as any index (a criterion added after the one it
/// is moved under); a criterion placed under itself or one of its own sub-criteria is
/// refused, naming it. Marks follow their criterion.
pub fn reorder(g: &mut Grid, deleted: &[bool]) -> Result<(), GridError> {
    let n = g.criteria.len();
    if let Some(c) = g.criteria.iter().find(|c| c.parent.is_some_and(|p| p >= n)) {
        return Err(GridError::BadParent(c.name.clone()));
    }
    let gone = |i: usize| deleted.get(i).copied().unwrap_or(false);
    // Walk from the main criteria down; what is never reached sits in a loop, or under a
    // deleted criterion.
    let mut order: Vec<usize> = Vec::with_capacity(n);
    let mut stack: Vec<usize> = (0..n)
        .rev()
        .filter(|&i| g.criteria.get(i).is_some_and(|c| c.parent.is_none()))
        .collect();
    while let Some(i) = stack.pop() {
        if gone(i) || order.contains(&i) {
            continue;
        }
        order.push(i);
        stack.extend(
            (0..n)
                .rev()
                .filter(|&k| g.criteria.get(k).is_some_and(|c| c.parent == Some(i))),
        );
    }
    for i in (0..n).filter(|i| !order.contains(i) && !gone(*i)) {
        // Up the parents: reaching a deleted criterion means deleted with it; otherwise the
        // chain comes back on itself.
        let mut at = i;
        let mut steps = 0;
        let under_deleted = loop {
            match g.criteria.get(at).and_then(|c| c.parent) {
                Some(p) if gone(p) => break true,
                Some(p) if steps <= n => {
                    at = p;
                    steps += 1;
                }
                _ => break false,
            }
        };
        if !under_deleted {
            let name = g
                .criteria
                .get(i)
                .map(|c| c.name.clone())
                .unwrap_or_default();
            return Err(GridError::ParentLoop(name));
        }
    }
    let new_index = |old: usize| order.iter().position(|&k| k == old);
    let criteria = order
        .iter()
        .filter_map(|&k| g.criteria.get(k).cloned())
        .map(|mut c| {
            c.parent = c.parent.and_then(new_index);
            c
        })
        .collect();
    g.criteria = criteria;
    for o in &mut g.offers {
        o.marks = order
            .iter()
            .map(|&k| o.marks.get(k).copied().flatten())
            .collect();
    }
    Ok(())
}

/// Removes the offers with `removed[o]` set; our offer, when removed, is ours no more.
pub fn remove_offers(g: &mut Grid, removed: &[bool]) {
    let ours = g.ours_index();
    if ours.is_some_and(|o| removed.get(o).copied().unwrap_or(false)) {
        g.settings.ours = None;
    }
    let mut o = 0;
    g.offers.retain(|_| {
        let keep = !removed.get(o).copied().unwrap_or(false);
        o += 1;
        keep
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::compare::tests::sample;
    use crate::grid::{Criterion, compute};

    fn names(g: &Grid) -> Vec<(&str, Option<usize>)> {
        g.criteria
            .iter()
            .map(|c| (c.name.as_str(), c.parent))
            .collect()
    }

    fn added(name: &str, parent: Option<usize>) -> Criterion {
        Criterion {
            number: String::new(),
            name: name.into(),
            weight: 20.0,
            parent,
            is_price: false,
        }
    }

    #[test]
    fn an_added_sub_criterion_goes_under_its_parent_with_its_marks() {
        let mut g = sample();
        g.criteria.push(added("Planning", Some(1)));
        g.criteria.push(added("Environnement", None));
        for (o, offer) in g.offers.iter_mut().enumerate() {
            offer.marks.push(Some(10.0 + o as f64));
            offer.marks.push(Some(5.0));
        }
        reorder(&mut g, &[]).expect("reordered");
        assert_eq!(
            names(&g),
            vec![
                ("Prix", None),
                ("Valeur technique", None),
                ("Méthodologie", Some(1)),
                ("Moyens", Some(1)),
                ("Planning", Some(1)),
                ("Environnement", None),
            ]
        );
        assert_eq!(g.offers[2].marks[4], Some(12.0));
        assert_eq!(g.offers[0].marks[2], Some(15.0));
        let out = compute(&g).expect("complete");
        // Technical 60 of 40 + 60 + 20, its sub-criteria 60 / 40 / 20 of 120.
        assert!((out.criteria[4].share - 60.0 / 120.0 * 20.0 / 120.0).abs() < 1e-12);
    }

    #[test]
    fn deleting_a_criterion_takes_its_sub_criteria_and_loops_are_refused() {
        let mut g = sample();
        reorder(&mut g, &[false, true]).expect("deleted");
        assert_eq!(names(&g), vec![("Prix", None)]);
        assert_eq!(g.offers[0].marks, vec![None]);

        let mut g = sample();
        // « Valeur technique » under its own sub-criterion.
        g.criteria[1].parent = Some(2);
        let e = reorder(&mut g, &[]).expect_err("loop");
        assert!(e.to_string().contains("Valeur technique"), "{e}");
        let mut g = sample();
        g.criteria[2].parent = Some(9);
        assert!(reorder(&mut g, &[]).is_err());
    }

    #[test]
    fn a_removed_offer_takes_our_name_with_it() {
        let mut g = sample();
        remove_offers(&mut g, &[true, false, false]);
        assert_eq!(g.offers.len(), 2);
        assert_eq!(g.offers[0].name, "B");
        assert_eq!(g.settings.ours, None);
    }
}
