//! What the grid page shows, as text ready for the template (numbers the French way).

use crate::grid::report::fr;
use crate::grid::{BreakEven, Grid, Outcome};
use crate::i18n::Lang;

pub struct CellView {
    pub o: usize,
    pub value: String,
    pub points: String,
}

pub struct RowView {
    pub i: usize,
    pub number: String,
    pub name: String,
    pub weight: String,
    pub share: String,
    pub depth: usize,
    pub is_price: bool,
    pub leaf: bool,
    /// Index of the parent row, -1 for a main criterion (read by the page's script).
    pub parent: i64,
    pub cells: Vec<CellView>,
}

pub struct OfferView {
    pub o: usize,
    pub name: String,
    pub ours: bool,
    pub total: String,
    pub rank: String,
    pub gap: String,
    /// Bar length in the chart (300 for 100 points).
    pub bar: String,
    pub low: bool,
}

pub struct SensView {
    pub x: usize,
    pub y: String,
    pub h: String,
    pub first: bool,
    pub label: String,
}

pub struct GridView {
    pub rows: Vec<RowView>,
    pub offers: Vec<OfferView>,
    pub scale: String,
    pub formula: &'static str,
    pub low_pct: String,
    pub summary: Vec<(&'static str, &'static str, String)>,
    pub sensitivity: Vec<SensView>,
}

/// A number as typed back into an input: no trailing zeros, decimal comma.
fn plain(x: f64) -> String {
    format!("{}", (x * 1e6).round() / 1e6).replace('.', ",")
}

impl GridView {
    pub fn new(g: &Grid, outcome: Option<Outcome>, l: Lang) -> GridView {
        let leaf = |i: usize| !g.criteria.iter().any(|c| c.parent == Some(i));
        let shares = g.check_partial().unwrap_or_default();
        let out = outcome.as_ref();
        let mut depth: Vec<usize> = Vec::with_capacity(g.criteria.len());
        let rows = g
            .criteria
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let d = c
                    .parent
                    .and_then(|p| depth.get(p).copied())
                    .map_or(0, |x| x + 1);
                depth.push(d);
                let cells = g
                    .offers
                    .iter()
                    .enumerate()
                    .map(|(o, offer)| CellView {
                        o,
                        value: if c.is_price {
                            offer.price.map(plain).unwrap_or_default()
                        } else {
                            offer
                                .marks
                                .get(i)
                                .copied()
                                .flatten()
                                .map(plain)
                                .unwrap_or_default()
                        },
                        points: out
                            .and_then(|x| x.offers.get(o))
                            .and_then(|x| x.points.get(i))
                            .map(|p| fr(*p, 2))
                            .unwrap_or_default(),
                    })
                    .collect();
                RowView {
                    i,
                    number: c.number.clone(),
                    name: c.name.clone(),
                    weight: plain(c.weight),
                    share: shares.get(i).map(|s| fr(s * 100.0, 2)).unwrap_or_default(),
                    depth: d,
                    is_price: c.is_price,
                    leaf: leaf(i),
                    parent: c.parent.map_or(-1, |p| p as i64),
                    cells,
                }
            })
            .collect();
        let ours = g.ours_index();
        let offers = g
            .offers
            .iter()
            .enumerate()
            .map(|(o, offer)| {
                let r = out.and_then(|x| x.offers.get(o));
                OfferView {
                    o,
                    name: offer.name.clone(),
                    ours: ours == Some(o),
                    total: r.map(|r| fr(r.total, 2)).unwrap_or_default(),
                    rank: r.map(|r| r.rank.to_string()).unwrap_or_default(),
                    gap: r.map(|r| fr(r.gap, 2)).unwrap_or_default(),
                    bar: r
                        .map(|r| fr(r.total * 3.0, 1).replace(',', "."))
                        .unwrap_or_else(|| "0".into()),
                    low: r.is_some_and(|r| r.low_vs_mean || r.low_vs_median),
                }
            })
            .collect();
        let mut summary = Vec::new();
        if let Some(o) = out.and_then(|x| x.ours.as_ref()) {
            let be = match o.break_even {
                Some(BreakEven::Price(p)) => format!("{} € HT", fr(p, 2)),
                Some(BreakEven::AnyPrice) => l.t("grid.any_price").into(),
                Some(BreakEven::Unreachable) => l.t("grid.unreachable").into(),
                None => "—".into(),
            };
            summary.push(("break-even", "grid.break_even", be));
            summary.push((
                "mark-needed",
                "grid.mark_needed",
                match o.technical_mark_needed {
                    Some(m) => format!("{} / {}", fr(m, 2), plain(g.settings.scale)),
                    None => l.t("grid.unreachable").into(),
                },
            ));
            if let Some(p) = o.lowest_unflagged_price {
                summary.push((
                    "lowest-price",
                    "grid.lowest_price",
                    format!("{} € HT", fr(p, 2)),
                ));
            }
        }
        let sensitivity = out
            .map(|x| {
                x.sensitivity
                    .iter()
                    .enumerate()
                    .map(|(k, s)| {
                        let h = (s.total * 1.2).clamp(0.0, 120.0);
                        SensView {
                            x: 10 + k * 14,
                            y: fr(130.0 - h, 1).replace(',', "."),
                            h: fr(h, 1).replace(',', "."),
                            first: s.rank == 1,
                            label: format!(
                                "{} € HT : {} ({})",
                                fr(s.price, 2),
                                fr(s.total, 2),
                                s.rank
                            ),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        GridView {
            rows,
            offers,
            scale: plain(g.settings.scale),
            formula: g.settings.formula.as_str(),
            low_pct: plain(g.settings.low_fraction * 100.0),
            summary,
            sensitivity,
        }
    }

    pub fn chart_height(&self) -> usize {
        self.offers.len() * 26 + 8
    }
}
