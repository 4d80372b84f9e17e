//! Win rates of decided tenders (won or lost), by a dimension: typology, sector, CPV division,
//! owner or month. Rate = won / (won + lost), in percent, one decimal.

use std::collections::BTreeMap;

use serde::Serialize;

/// A decided tender, as the analytics see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub typology: String,
    pub sector: String,
    /// The CPV division (first two digits of the first code), or "".
    pub cpv: String,
    pub owner: String,
    /// `YYYY-MM` of the deadline.
    pub month: String,
    pub won: bool,
}

/// Wins and losses of one value of a dimension.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rate {
    pub key: String,
    pub won: u32,
    pub lost: u32,
    pub percent: f64,
}

/// The dimensions analysed.
pub const DIMENSIONS: [&str; 5] = ["typology", "sector", "cpv", "owner", "month"];

/// Rates by the value `key` picks, sorted by key ("—" for an empty value).
pub fn rates(outcomes: &[Outcome], key: impl Fn(&Outcome) -> &str) -> Vec<Rate> {
    let mut groups: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for o in outcomes {
        let k = key(o);
        let k = if k.is_empty() { "—" } else { k };
        let e = groups.entry(k.to_string()).or_default();
        if o.won {
            e.0 += 1;
        } else {
            e.1 += 1;
        }
    }
    groups
        .into_iter()
        .map(|(key, (won, lost))| Rate {
            key,
            won,
            lost,
            percent: (1000.0 * f64::from(won) / f64::from((won + lost).max(1))).round() / 10.0,
        })
        .collect()
}

/// Rates along a named dimension (one of `DIMENSIONS`); None for an unknown name.
pub fn by(outcomes: &[Outcome], dimension: &str) -> Option<Vec<Rate>> {
    Some(match dimension {
        "typology" => rates(outcomes, |o| &o.typology),
        "sector" => rates(outcomes, |o| &o.sector),
        "cpv" => rates(outcomes, |o| &o.cpv),
        "owner" => rates(outcomes, |o| &o.owner),
        "month" => rates(outcomes, |o| &o.month),
        _ => return None,
    })
}

/// The CPV division of a tender's codes ("72" for "72212000,48000000").
pub fn cpv_division(codes: &str) -> String {
    codes
        .split(',')
        .next()
        .unwrap_or("")
        .trim()
        .chars()
        .take(2)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(typology: &str, month: &str, won: bool) -> Outcome {
        Outcome {
            typology: typology.into(),
            sector: String::new(),
            cpv: cpv_division("72212000,48000000"),
            owner: "claire".into(),
            month: month.into(),
            won,
        }
    }

    #[test]
    fn hand_computed_rates() {
        let all = [
            o("etat", "2026-01", true),
            o("etat", "2026-01", false),
            o("etat", "2026-02", false),
            o("sante", "2026-02", true),
        ];
        let by_typology = by(&all, "typology").expect("known");
        assert_eq!(by_typology[0].key, "etat");
        assert_eq!((by_typology[0].won, by_typology[0].lost), (1, 2));
        assert_eq!(by_typology[0].percent, 33.3);
        assert_eq!(by_typology[1].percent, 100.0);
        let by_month = by(&all, "month").expect("known");
        assert_eq!(by_month[1].percent, 50.0);
        let by_sector = by(&all, "sector").expect("known");
        assert_eq!(by_sector[0].key, "—");
        assert_eq!(by(&all, "cpv").expect("known")[0].key, "72");
        assert!(by(&all, "colour").is_none());
    }
}
