//! Search filters as people type them (the web's query string, the command line's flags),
//! parsed into `service::Params`, every bad value refused with a message naming the filter.

use chrono::NaiveDate;
use serde::Deserialize;

use super::Kind;
use super::query::MAX_QUERY_CHARS;
use super::service::{COMMON_LOT, Params};
use crate::error::Error;
use crate::understand::scope::MAX_LOT;

/// A search as typed: the web's query string (page and API), the command line's flags;
/// every field optional, every bad value refused clearly.
#[derive(Deserialize, Default, Clone, Debug)]
pub struct SearchQuery {
    #[serde(default)]
    pub q: String,
    pub kind: Option<String>,
    pub tender: Option<String>,
    pub buyer: Option<String>,
    pub stage: Option<String>,
    pub doc_kind: Option<String>,
    pub lot: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: Option<String>,
    pub offset: Option<String>,
    /// `false` leaves out the facet counts (a quicker search); they are counted by default.
    pub facets: Option<String>,
}

/// The trimmed value of an optional form field, None when absent or blank.
pub(crate) fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn number<T: std::str::FromStr>(s: &Option<String>, name: &str) -> Result<Option<T>, Error> {
    non_empty(s)
        .map(|v| {
            v.parse::<T>()
                .map_err(|_| Error::Invalid(format!("{name}: a number is expected")))
        })
        .transpose()
}

fn date(s: &Option<String>, name: &str) -> Result<Option<NaiveDate>, Error> {
    non_empty(s)
        .map(|v| {
            NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .map_err(|_| Error::Invalid(format!("{name}: a date YYYY-MM-DD is expected")))
        })
        .transpose()
}

impl SearchQuery {
    /// The filters parsed; the first bad one refused, named.
    pub fn params(&self) -> Result<Params, Error> {
        let list = |s: &Option<String>| -> Vec<String> {
            non_empty(s)
                .map(|v| {
                    v.split(',')
                        .map(|x| x.trim().to_string())
                        .filter(|x| !x.is_empty())
                        .take(20)
                        .collect()
                })
                .unwrap_or_default()
        };
        let kinds = list(&self.kind)
            .iter()
            .map(|k| Kind::parse(k).ok_or_else(|| Error::Invalid(format!("kind: unknown {k}"))))
            .collect::<Result<Vec<_>, _>>()?;
        let lots = list(&self.lot)
            .iter()
            .map(|l| lot_value(l))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Params {
            q: self.q.chars().take(MAX_QUERY_CHARS).collect(),
            lots,
            kinds,
            tender: number(&self.tender, "tender")?,
            buyer: non_empty(&self.buyer).map(str::to_string),
            stage: non_empty(&self.stage).map(str::to_string),
            doc_kinds: list(&self.doc_kind)
                .into_iter()
                .map(|k| k.to_uppercase())
                .collect(),
            from: date(&self.from, "from")?,
            to: date(&self.to, "to")?,
            limit: number::<usize>(&self.limit, "limit")?
                .unwrap_or(20)
                .clamp(1, 100),
            offset: number::<usize>(&self.offset, "offset")?
                .unwrap_or(0)
                .min(10_000),
            without_facets: !yes_no(&self.facets, "facets")?.unwrap_or(true),
        })
    }
}

fn yes_no(s: &Option<String>, name: &str) -> Result<Option<bool>, Error> {
    non_empty(s)
        .map(|v| match v.to_lowercase().as_str() {
            "true" | "1" | "oui" | "yes" => Ok(true),
            "false" | "0" | "non" | "no" => Ok(false),
            _ => Err(Error::Invalid(format!("{name}: true or false is expected"))),
        })
        .transpose()
}

/// A lot of the filter: its number, or `commun` (also `common`, `0`) for what is common to
/// every lot.
fn lot_value(v: &str) -> Result<u32, Error> {
    if matches!(v.to_lowercase().as_str(), "commun" | "common" | "0") {
        return Ok(0);
    }
    v.parse::<u32>()
        .ok()
        .filter(|n| (1..=MAX_LOT).contains(n))
        .ok_or_else(|| Error::Invalid(format!("lot: a lot number or {COMMON_LOT} is expected")))
}
