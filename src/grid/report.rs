//! The grid's outcome as text: Markdown tables for the Word documents (the whole grid, or our
//! offer's self-assessment as an annex of the response), and the JSON the command line and
//! the API print.

use serde_json::{Value, json};

use super::outcome::{BreakEven, Outcome};

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// French-style number with `decimals` decimals ("71,27").
pub fn fr(x: f64, decimals: usize) -> String {
    format!("{x:.decimals$}").replace('.', ",")
}

/// One row per criterion (its share, each offer's mark on the scale), then totals on 100
/// and ranks; the price row shows each offer's price mark computed by the formula.
pub fn markdown_table(outcome: &Outcome) -> String {
    let mut out = String::new();
    out.push_str("| Critère | Part |");
    for o in &outcome.offers {
        out.push_str(&format!(" {} |", cell(&o.name)));
    }
    out.push_str("\n|---|---:|");
    out.push_str(&"---:|".repeat(outcome.offers.len()));
    out.push('\n');
    for (i, c) in outcome.criteria.iter().enumerate() {
        let name = if c.number.is_empty() {
            c.name.clone()
        } else {
            format!("{} {}", c.number, c.name)
        };
        out.push_str(&format!(
            "| {}{} | {} % |",
            "  ".repeat(c.depth),
            cell(&name),
            fr(c.share * 100.0, 1)
        ));
        for o in &outcome.offers {
            let shown = match o.marks.get(i).copied().flatten() {
                Some(m) => format!("{} / {}", fr(m, 2), fr(outcome.settings.scale, 0)),
                None => String::new(),
            };
            out.push_str(&format!(" {shown} |"));
        }
        out.push('\n');
    }
    out.push_str("| **Total sur 100** | |");
    for o in &outcome.offers {
        out.push_str(&format!(" **{}** |", fr(o.total, 2)));
    }
    out.push_str("\n| Rang | |");
    for o in &outcome.offers {
        out.push_str(&format!(" {} |", o.rank));
    }
    out.push('\n');
    out
}

/// Which part of the comparison grid goes into the Word response as an annex.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GridAnnex {
    /// Our offer alone: each criterion's share, our mark and points, our total.
    Ours,
    /// The whole simulated grid with every offer and the ranks: an internal document.
    All,
}

impl GridAnnex {
    /// `ours` or `all`; an empty text is no annex (None inside the Ok).
    pub fn parse(text: &str) -> Result<Option<GridAnnex>, String> {
        match text.trim() {
            "" | "none" => Ok(None),
            "ours" => Ok(Some(GridAnnex::Ours)),
            "all" => Ok(Some(GridAnnex::All)),
            other => Err(format!(
                "grid annex « {other} »: expected ours, all or none"
            )),
        }
    }
}

/// The annex of the Word response: a heading and the table `which` asks for. Our offer's
/// table needs our offer to be set in the grid.
pub fn annex_markdown(outcome: &Outcome, which: GridAnnex) -> Result<String, String> {
    match which {
        GridAnnex::All => Ok(format!(
            "# Annexe interne : grille de comparaison simulée\n\n\
             **Document interne, à ne pas transmettre à l'acheteur** : notes simulées de \
             toutes les offres, barème sur {}, formule prix « {} ».\n\n{}",
            fr(outcome.settings.scale, 0),
            outcome.settings.formula.french(),
            markdown_table(outcome)
        )),
        GridAnnex::Ours => {
            let ours = outcome
                .offers
                .iter()
                .find(|o| o.is_ours)
                .ok_or("the comparison grid does not say which offer is ours")?;
            let mut out = format!(
                "# Annexe : auto-évaluation de notre offre\n\n\
                 Part de chaque critère dans la note, note estimée (sur {}) et points (sur \
                 100) de notre offre.\n\n| Critère | Part | Note | Points |\n|---|---:|---:|---:|\n",
                fr(outcome.settings.scale, 0)
            );
            for (i, c) in outcome.criteria.iter().enumerate() {
                let name = if c.number.is_empty() {
                    c.name.clone()
                } else {
                    format!("{} {}", c.number, c.name)
                };
                let mark = ours
                    .marks
                    .get(i)
                    .copied()
                    .flatten()
                    .map(|m| format!("{} / {}", fr(m, 2), fr(outcome.settings.scale, 0)))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "| {}{} | {} % | {mark} | {} |\n",
                    "  ".repeat(c.depth),
                    cell(&name),
                    fr(c.share * 100.0, 1),
                    fr(ours.points.get(i).copied().unwrap_or(0.0), 2),
                ));
            }
            out.push_str(&format!(
                "| **Total sur 100** | | | **{}** |\n",
                fr(ours.total, 2)
            ));
            Ok(out)
        }
    }
}

fn round(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}

/// The JSON of `tenderdesk grid compare --json` and `POST /api/v1/grid/compare`:
/// `criteria` (name, share), `offers` (name, total, rank, marks by criterion name), `ours`
/// (name, break_even_price), and more.
pub fn json(outcome: &Outcome) -> Value {
    let criteria: Vec<Value> = outcome
        .criteria
        .iter()
        .map(|c| {
            json!({
                "number": c.number,
                "name": c.name,
                "weight": c.weight,
                "share": round(c.share, 6),
                "is_price": c.is_price,
                "parent": c.parent,
            })
        })
        .collect();
    let offers: Vec<Value> = outcome
        .offers
        .iter()
        .map(|o| {
            let mut marks = serde_json::Map::new();
            let mut points = serde_json::Map::new();
            for (i, c) in outcome.criteria.iter().enumerate() {
                if let Some(m) = o.marks.get(i).copied().flatten() {
                    marks.insert(c.name.clone(), json!(round(m, 4)));
                }
                points.insert(
                    c.name.clone(),
                    json!(round(o.points.get(i).copied().unwrap_or(0.0), 4)),
                );
            }
            json!({
                "name": o.name,
                "price": o.price,
                "total": round(o.total, 4),
                "rank": o.rank,
                "gap": round(o.gap, 4),
                "is_ours": o.is_ours,
                "marks": marks,
                "points": points,
                "abnormally_low": o.low_vs_mean || o.low_vs_median,
            })
        })
        .collect();
    let ours = outcome.ours.as_ref().map(|o| {
        let (price, note) = match o.break_even {
            Some(BreakEven::Price(p)) => (Some(p), "price"),
            Some(BreakEven::AnyPrice) => (None, "any_price"),
            Some(BreakEven::Unreachable) => (None, "unreachable"),
            None => (None, "no_price_criterion"),
        };
        json!({
            "name": o.name,
            "price": o.price,
            "rank": o.rank,
            "break_even_price": price,
            "break_even": note,
            "technical_mark_needed": o.technical_mark_needed.map(|m| round(m, 4)),
            "technical_points_needed": round(o.technical_points_needed, 4),
            "lowest_unflagged_price": o.lowest_unflagged_price,
        })
    });
    json!({
        "criteria": criteria,
        "offers": offers,
        "ours": ours,
        "settings": {
            "scale": outcome.settings.scale,
            "formula": outcome.settings.formula.as_str(),
            "low_fraction": outcome.settings.low_fraction,
        },
        "sensitivity": outcome.sensitivity,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::compare::tests::sample;
    use crate::grid::compute;

    #[test]
    fn the_markdown_table_has_a_row_per_criterion_and_totals() {
        let out = compute(&sample()).expect("valid");
        let md = markdown_table(&out);
        let lines: Vec<&str> = md.lines().collect();
        assert_eq!(lines.len(), 2 + 4 + 2, "{md}");
        assert_eq!(lines[0], "| Critère | Part | A | B | C |");
        assert!(
            lines[2].starts_with("| 1 Prix | 40,0 % | 16,00 / 20 | 20,00 / 20 |"),
            "{md}"
        );
        assert!(lines[6].contains("**71,00**"), "{md}");
        assert_eq!(lines[7], "| Rang | | 3 | 2 | 1 |");
    }

    #[test]
    fn the_annex_tables_hold_ours_or_everyone() {
        let out = compute(&sample()).expect("valid");
        let ours = annex_markdown(&out, GridAnnex::Ours).expect("ours is A");
        assert!(
            ours.contains("| 1 Prix | 40,0 % | 16,00 / 20 | 32,00 |"),
            "{ours}"
        );
        assert!(ours.contains("**71,00**"), "{ours}");
        assert!(!ours.contains("Rang"), "no competitor, no rank: {ours}");
        let all = annex_markdown(&out, GridAnnex::All).expect("all");
        assert!(all.contains("Document interne"), "{all}");
        assert!(all.contains("| Rang | | 3 | 2 | 1 |"), "{all}");
        let mut g = sample();
        g.settings.ours = None;
        let no_ours = compute(&g).expect("valid");
        assert!(annex_markdown(&no_ours, GridAnnex::Ours).is_err());
        assert_eq!(GridAnnex::parse("all"), Ok(Some(GridAnnex::All)));
        assert_eq!(GridAnnex::parse(""), Ok(None));
        assert!(GridAnnex::parse("everything").is_err());
    }

    #[test]
    fn json_has_the_documented_shape() {
        let out = compute(&sample()).expect("valid");
        let v = json(&out);
        assert_eq!(v["criteria"][0]["name"], "Prix");
        assert_eq!(v["criteria"][0]["share"], 0.4);
        assert_eq!(v["offers"][2]["rank"], 1);
        assert_eq!(v["offers"][0]["marks"]["Méthodologie"], 15.0);
        assert_eq!(v["ours"]["name"], "A");
        assert!(v["ours"]["break_even_price"].as_f64().is_some());
    }
}
