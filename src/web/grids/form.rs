//! The grid page's form: a grid to start from, and the posted weights, marks, prices,
//! settings and structure (criteria added, renamed, deleted; offers removed) applied to the
//! stored grid.

use std::collections::BTreeSet;

use crate::grid::{Criterion, Grid, Offer, PriceFormula, fold};
use crate::ingest::{Cell, sheet::parse_text};

/// Offers a browser may add.
const MAX_NEW_OFFERS: usize = 100;
/// Criteria a browser may add in one save.
const MAX_NEW_CRITERIA: usize = 200;

/// The stored grid, completed to be typed in: the template's criteria when the tender has
/// none, our offer and one competitor when there is no offer, a price criterion recognised
/// by its name.
pub fn starter(mut g: Grid) -> Grid {
    if g.criteria.is_empty() {
        g.criteria = crate::grid::export::template_criteria();
    }
    if !g.criteria.iter().any(|c| c.is_price) {
        let has_children = |i: usize| g.criteria.iter().any(|c| c.parent == Some(i));
        if let Some(i) = (0..g.criteria.len()).find(|i| {
            g.criteria
                .get(*i)
                .is_some_and(|c| fold(&c.name).starts_with("prix"))
                && !has_children(*i)
        }) && let Some(c) = g.criteria.get_mut(i)
        {
            c.is_price = true;
        }
    }
    if g.offers.is_empty() {
        for name in ["Notre offre", "Concurrent A"] {
            g.offers.push(Offer {
                name: name.into(),
                price: None,
                marks: Vec::new(),
            });
        }
        g.settings.ours = Some("Notre offre".into());
    }
    let n = g.criteria.len();
    for o in &mut g.offers {
        o.marks.resize(n, None);
    }
    g
}

/// A number as typed, with a decimal comma or a decimal point; None when empty.
pub(super) fn parse_number(text: &str) -> Result<Option<f64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    for comma in [true, false] {
        if let Cell::Number(n) = parse_text(t, comma) {
            return Ok(Some(n));
        }
    }
    Err(format!("« {t} » is not a number"))
}

/// A posted field's name, read.
enum Key {
    /// `w{k}`: a criterion's weight.
    Weight(usize),
    /// `cn{k}`: a criterion's name.
    Name(usize),
    /// `cp{k}`: a criterion's parent (a criterion key, empty for a main criterion).
    Parent(usize),
    /// `cx{k}`: `1` when the criterion is the price criterion (the last value posted wins,
    /// so a hidden `0` before a checkbox says unchecked).
    IsPrice(usize),
    /// `cd{k}`: delete the criterion and its sub-criteria.
    Delete(usize),
    /// `m{o}_{k}`: an offer's mark on a criterion.
    Mark(usize, usize),
    /// `p{o}`: an offer's price.
    Price(usize),
    /// `n{o}`: an offer's name.
    OfferName(usize),
    /// `od{o}`: remove the offer.
    RemoveOffer(usize),
}

fn key_of(key: &str) -> Option<Key> {
    let index = |prefix: &str| key.strip_prefix(prefix)?.parse::<usize>().ok();
    let two = [
        ("cn", Key::Name as fn(usize) -> Key),
        ("cp", Key::Parent),
        ("cx", Key::IsPrice),
        ("cd", Key::Delete),
        ("od", Key::RemoveOffer),
        ("w", Key::Weight),
        ("p", Key::Price),
        ("n", Key::OfferName),
    ];
    if let Some(k) = two
        .iter()
        .find_map(|(prefix, make)| index(prefix).map(make))
    {
        return Some(k);
    }
    let (o, i) = key.strip_prefix('m')?.split_once('_')?;
    Some(Key::Mark(o.parse().ok()?, i.parse().ok()?))
}

/// The criterion key a field is about.
fn criterion_key(key: &str) -> Option<usize> {
    match key_of(key)? {
        Key::Weight(k) | Key::Name(k) | Key::Parent(k) | Key::IsPrice(k) | Key::Delete(k) => {
            Some(k)
        }
        Key::Mark(_, k) => Some(k),
        _ => None,
    }
}

/// The value of the last field named `name`.
fn last<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn text(value: &str) -> String {
    value.trim().chars().take(200).collect()
}

/// Applies the posted fields: weights, marks, prices and offer names (`w{i}`, `m{o}_{i}`,
/// `p{o}`, `n{o}`), the structure (`cn{k}`, `cp{k}`, `cx{k}`, `cd{k}` on criterion keys: a
/// key from the number of stored criteria up is a criterion added in the browser; `od{o}`
/// removes an offer; `new_name`, `new_weight`, `new_parent`, `new_price` add one criterion
/// without the script), `scale`, `formula`, `ours` (an offer's index), `low` (percent) and
/// `new_offer`. Fields not posted leave the grid as it was. Errors name the criterion.
pub fn apply(g: &mut Grid, fields: &[(String, String)]) -> Result<(), String> {
    let n = g.criteria.len();
    let new_keys: BTreeSet<usize> = fields
        .iter()
        .filter_map(|(k, _)| criterion_key(k))
        .filter(|k| *k >= n)
        .collect();
    if new_keys.len() > MAX_NEW_CRITERIA {
        return Err(format!(
            "more than {MAX_NEW_CRITERIA} criteria added at once"
        ));
    }
    let index_of = |k: usize| {
        if k < n {
            Some(k)
        } else {
            new_keys.iter().position(|x| *x == k).map(|r| n + r)
        }
    };
    let blank = || Criterion {
        number: String::new(),
        name: String::new(),
        weight: 0.0,
        parent: None,
        is_price: false,
    };
    g.criteria.extend(new_keys.iter().map(|_| blank()));
    let plain_add = last(fields, "new_name").map(text).filter(|t| !t.is_empty());
    if plain_add.is_some() {
        g.criteria.push(blank());
    }
    let total = g.criteria.len();
    for o in &mut g.offers {
        o.marks.resize(total, None);
    }
    let mut deleted = vec![false; total];
    let mut removed = vec![false; g.offers.len()];
    let criterion_name = |g: &Grid, i: usize| {
        g.criteria
            .get(i)
            .map(|c| c.name.clone())
            .unwrap_or_default()
    };
    let parent_of = |value: &str| -> Result<Option<usize>, String> {
        let v = value.trim();
        if v.is_empty() {
            return Ok(None);
        }
        v.parse::<usize>()
            .ok()
            .and_then(index_of)
            .filter(|i| *i < total)
            .map(Some)
            .ok_or_else(|| format!("« {v} » is not a criterion of the grid"))
    };
    // Names first, so the other errors can name their criterion.
    for (key, value) in fields {
        if let Some(Key::Name(k)) = key_of(key)
            && let Some(c) = index_of(k).and_then(|i| g.criteria.get_mut(i))
        {
            c.name = text(value);
        }
    }
    for (key, value) in fields {
        let Some(parsed) = key_of(key) else { continue };
        match parsed {
            Key::Name(_) => {}
            Key::Weight(k) => {
                let Some(i) = index_of(k) else { continue };
                let w = parse_number(value)
                    .map_err(|e| format!("« {} », weight: {e}", criterion_name(g, i)))?;
                if let (Some(c), Some(w)) = (g.criteria.get_mut(i), w) {
                    c.weight = w;
                }
            }
            Key::Parent(k) => {
                let named = criterion_name(g, index_of(k).unwrap_or(usize::MAX));
                let parent = parent_of(value).map_err(|e| format!("« {named} », parent: {e}"))?;
                if let Some(c) = index_of(k).and_then(|i| g.criteria.get_mut(i)) {
                    c.parent = parent;
                }
            }
            Key::IsPrice(k) => {
                if let Some(c) = index_of(k).and_then(|i| g.criteria.get_mut(i)) {
                    c.is_price = value.trim() == "1";
                }
            }
            Key::Delete(k) => {
                if let Some(d) = index_of(k).and_then(|i| deleted.get_mut(i)) {
                    *d = !value.trim().is_empty();
                }
            }
            Key::Mark(o, k) => {
                let Some(i) = index_of(k) else { continue };
                let offer = g.offers.get(o).map(|x| x.name.clone()).unwrap_or_default();
                let mark = parse_number(value)
                    .map_err(|e| format!("« {offer} », « {} »: {e}", criterion_name(g, i)))?;
                if let Some(slot) = g.offers.get_mut(o).and_then(|x| x.marks.get_mut(i)) {
                    *slot = mark;
                }
            }
            Key::Price(o) => {
                if let Some(offer) = g.offers.get_mut(o) {
                    offer.price = parse_number(value)
                        .map_err(|e| format!("« {} », price: {e}", offer.name))?;
                }
            }
            Key::OfferName(o) => {
                let name = text(value);
                if let (Some(offer), false) = (g.offers.get_mut(o), name.is_empty()) {
                    offer.name = name;
                }
            }
            Key::RemoveOffer(o) => {
                if let Some(r) = removed.get_mut(o) {
                    *r = !value.trim().is_empty();
                }
            }
        }
    }
    if let (Some(name), Some(c)) = (plain_add, g.criteria.last_mut()) {
        c.name = name;
        c.weight = parse_number(last(fields, "new_weight").unwrap_or(""))
            .map_err(|e| format!("« {} », weight: {e}", c.name))?
            .ok_or_else(|| format!("« {} »: a weight is needed", c.name))?;
        c.is_price = last(fields, "new_price").is_some_and(|v| v.trim() == "1");
        c.parent = parent_of(last(fields, "new_parent").unwrap_or(""))
            .map_err(|e| format!("« {} », parent: {e}", c.name))?;
    }
    if let Some(i) = (n..total).find(|i| {
        !deleted.get(*i).copied().unwrap_or(false)
            && g.criteria.get(*i).is_some_and(|c| c.name.is_empty())
    }) {
        return Err(format!("criterion {} added without a name", i + 1 - n));
    }
    apply_settings(g, fields)?;
    crate::grid::edit::reorder(g, &deleted).map_err(|e| e.to_string())?;
    crate::grid::edit::remove_offers(g, &removed);
    Ok(())
}

/// The marking settings and an added offer; `ours` names an offer by its index as posted.
fn apply_settings(g: &mut Grid, fields: &[(String, String)]) -> Result<(), String> {
    for (key, value) in fields {
        match key.as_str() {
            "scale" => {
                if let Some(s) = parse_number(value).map_err(|e| format!("scale: {e}"))? {
                    g.settings.scale = s;
                }
            }
            "formula" => {
                g.settings.formula = PriceFormula::parse(value)
                    .ok_or_else(|| format!("unknown price formula « {value} »"))?;
            }
            "low" => {
                let low =
                    parse_number(value).map_err(|e| format!("abnormally-low threshold: {e}"))?;
                if let Some(pct) = low {
                    if !(pct > 0.0 && pct <= 100.0) {
                        return Err(
                            "the abnormally-low threshold is a percentage from 1 to 100".into()
                        );
                    }
                    g.settings.low_fraction = pct / 100.0;
                }
            }
            "ours" => {
                g.settings.ours = value
                    .parse::<usize>()
                    .ok()
                    .and_then(|o| g.offers.get(o))
                    .map(|o| o.name.clone());
            }
            _ => {}
        }
    }
    if let Some(name) = last(fields, "new_offer").map(text)
        && !name.is_empty()
        && g.offers.len() < MAX_NEW_OFFERS
    {
        g.offers.push(Offer {
            name,
            price: None,
            marks: vec![None; g.criteria.len()],
        });
    }
    Ok(())
}

#[cfg(test)]
#[path = "form_tests.rs"]
mod tests;
