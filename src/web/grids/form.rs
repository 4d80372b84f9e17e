//! The grid page's form: a grid to start from, and the posted weights, marks, prices and
//! settings applied to the stored grid's structure.

use crate::grid::{Grid, Offer, PriceFormula, fold};
use crate::ingest::{Cell, sheet::parse_text};

/// Offers a browser may add.
const MAX_NEW_OFFERS: usize = 100;

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

/// A number as typed, with a decimal comma or a decimal point.
fn number(key: &str, text: &str) -> Result<Option<f64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    for comma in [true, false] {
        if let Cell::Number(n) = parse_text(t, comma) {
            return Ok(Some(n));
        }
    }
    Err(format!("{key}: « {t} » is not a number"))
}

/// Applies the posted fields: `w{i}` weights, `m{o}_{i}` marks, `p{o}` prices, `n{o}` offer
/// names, `scale`, `formula`, `ours` (an offer's index), `low` (percent), `new_offer`.
pub fn apply(g: &mut Grid, fields: &[(String, String)]) -> Result<(), String> {
    for (key, value) in fields {
        let index = |prefix: &str| {
            key.strip_prefix(prefix)
                .and_then(|n| n.parse::<usize>().ok())
        };
        if let Some(i) = index("w") {
            if let (Some(c), Some(w)) = (g.criteria.get_mut(i), number(key, value)?) {
                c.weight = w;
            }
        } else if let Some(o) = index("p") {
            if let Some(offer) = g.offers.get_mut(o) {
                offer.price = number(key, value)?;
            }
        } else if let Some(o) = index("n") {
            let name = value.trim();
            if let (Some(offer), false) = (g.offers.get_mut(o), name.is_empty()) {
                offer.name = name.chars().take(200).collect();
            }
        } else if let Some((o, i)) = key
            .strip_prefix('m')
            .and_then(|rest| rest.split_once('_'))
            .and_then(|(o, i)| Some((o.parse::<usize>().ok()?, i.parse::<usize>().ok()?)))
        {
            let mark = number(key, value)?;
            if let Some(slot) = g.offers.get_mut(o).and_then(|offer| offer.marks.get_mut(i)) {
                *slot = mark;
            }
        }
    }
    for (key, value) in fields {
        match key.as_str() {
            "scale" => {
                if let Some(s) = number(key, value)? {
                    g.settings.scale = s;
                }
            }
            "formula" => {
                g.settings.formula = PriceFormula::parse(value)
                    .ok_or_else(|| format!("unknown price formula « {value} »"))?;
            }
            "low" => {
                if let Some(pct) = number(key, value)? {
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
            "new_offer" if !value.trim().is_empty() && g.offers.len() < MAX_NEW_OFFERS => {
                g.offers.push(Offer {
                    name: value.trim().chars().take(200).collect(),
                    price: None,
                    marks: vec![None; g.criteria.len()],
                });
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posted_fields_fill_the_grid() {
        let mut g = starter(Grid {
            criteria: Vec::new(),
            offers: Vec::new(),
            settings: Default::default(),
        });
        let f = |k: &str, v: &str| (k.to_string(), v.to_string());
        apply(
            &mut g,
            &[
                f("w0", "45"),
                f("p0", "100 000"),
                f("p1", "90000,5"),
                f("m0_2", "15,5"),
                f("m1_2", "12.5"),
                f("n1", "Rival"),
                f("formula", "linear"),
                f("low", "75"),
                f("ours", "0"),
                f("new_offer", "Autre"),
            ],
        )
        .expect("applies");
        assert_eq!(g.criteria[0].weight, 45.0);
        assert_eq!(g.offers[0].price, Some(100_000.0));
        assert_eq!(g.offers[1].price, Some(90_000.5));
        assert_eq!(g.offers[0].marks[2], Some(15.5));
        assert_eq!(g.offers[1].marks[2], Some(12.5));
        assert_eq!(g.offers[1].name, "Rival");
        assert_eq!(g.offers.len(), 3);
        assert_eq!(g.settings.formula, PriceFormula::Linear);
        assert_eq!(g.settings.low_fraction, 0.75);
        assert_eq!(g.settings.ours.as_deref(), Some("Notre offre"));
        assert!(apply(&mut g, &[f("m0_2", "douze")]).is_err());
    }
}
