//! Facet counts over the whole match, read from fast fields (one small number per document
//! and dimension: kind, tender, piece kind, lot), which costs a few array reads per matched
//! document and nothing per distinct value.

use std::collections::BTreeMap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Cardinality, Column, ColumnValues};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::item::Kind;
use crate::model::DocKind;
use crate::understand::scope::MAX_LOT;

/// The fields filtered on.
pub(crate) const KIND: &str = "kind_n";
pub(crate) const TENDER: &str = "tender_id";
pub(crate) const DOC_KIND: &str = "doc_kind_n";
pub(crate) const LOT: &str = "lot";
/// The fast field counted with the tender: kind, piece kind and lot packed in one number
/// (one read per matched document instead of three).
pub(crate) const DIMS: &str = "dims";

/// Kind, piece kind and lot in one number: a byte each, the lot on the third and fourth.
pub(crate) fn pack(kind: u64, doc_kind: u64, lot: u64) -> u64 {
    (kind & 0xff) | ((doc_kind & 0xff) << 8) | ((lot & 0xffff) << 16)
}

fn unpack(dims: u64) -> (u64, u64, u64) {
    (dims & 0xff, (dims >> 8) & 0xff, (dims >> 16) & 0xffff)
}

/// The number a kind is stored as (its place in `Kind::ALL`).
pub(crate) fn kind_code(kind: Kind) -> u64 {
    Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0) as u64
}

/// The number a piece kind is stored as: 1 + its place in `DocKind::ALL`; 0 for none. The
/// order of `DocKind::ALL` is part of the index format (`ANALYZER_VERSION`).
pub(crate) fn doc_kind_code(code: &str) -> u64 {
    DocKind::ALL
        .iter()
        .position(|k| k.as_str() == code)
        .map(|i| i as u64 + 1)
        .unwrap_or(0)
}

fn doc_kind_of(code: u64) -> Option<&'static str> {
    let i = usize::try_from(code).ok()?.checked_sub(1)?;
    DocKind::ALL.get(i).map(|k| k.as_str())
}

/// Counts per value of each dimension, for the whole match.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Counts {
    pub kind: BTreeMap<String, u64>,
    pub tender: BTreeMap<i64, u64>,
    pub doc_kind: BTreeMap<String, u64>,
    /// By lot number (0: common to every lot), for what belongs to a tender.
    pub lot: BTreeMap<u32, u64>,
}

/// The collector of `Counts`.
pub struct FacetCounts;

/// Raw counts of one segment, by stored number.
#[derive(Default)]
pub struct Raw {
    kind: Vec<u64>,
    doc_kind: Vec<u64>,
    lot: Vec<u64>,
    tender: foldhash::HashMap<u64, u64>,
    /// The tender of the last documents counted, and how many: a tender's documents are
    /// indexed together, so they come in runs.
    run: Option<(u64, u64)>,
}

impl Raw {
    fn end_run(&mut self) {
        if let Some((tender, n)) = self.run.take() {
            *self.tender.entry(tender).or_default() += n;
        }
    }
}

pub struct SegmentCounts {
    dims_col: Arc<dyn ColumnValues<u64>>,
    tender_col: Arc<dyn ColumnValues<u64>>,
    raw: Raw,
}

/// Counts one more of value `i` in `slots`; values above `max` are not counted (kinds,
/// piece kinds and lots are small numbers).
fn bump(slots: &mut Vec<u64>, i: u64, max: usize) {
    let Ok(i) = usize::try_from(i) else { return };
    if i >= slots.len() {
        if i > max {
            return;
        }
        slots.resize(i + 1, 0);
    }
    if let Some(n) = slots.get_mut(i) {
        *n += 1;
    }
}

impl SegmentCollector for SegmentCounts {
    type Fruit = Raw;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let (kind, doc_kind, lot) = unpack(self.dims_col.get_val(doc));
        bump(&mut self.raw.kind, kind, 64);
        bump(&mut self.raw.doc_kind, doc_kind, 64);
        let tender = self.tender_col.get_val(doc);
        if tender > 0 {
            match &mut self.raw.run {
                Some((t, n)) if *t == tender => *n += 1,
                _ => {
                    self.raw.end_run();
                    self.raw.run = Some((tender, 1));
                }
            }
            bump(&mut self.raw.lot, lot, MAX_LOT as usize);
        }
    }

    fn harvest(mut self) -> Raw {
        self.raw.end_run();
        self.raw
    }
}

/// A column's values by document: read directly when every document has exactly one (every
/// item is indexed with both fields), through the column's index otherwise.
fn values_of(col: Column<u64>) -> Arc<dyn ColumnValues<u64>> {
    if col.get_cardinality() == Cardinality::Full {
        col.values
    } else {
        col.first_or_default_col(0)
    }
}

impl Collector for FacetCounts {
    type Fruit = Counts;
    type Child = SegmentCounts;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentCounts> {
        let ff = reader.fast_fields();
        Ok(SegmentCounts {
            dims_col: values_of(ff.u64(DIMS)?),
            tender_col: values_of(ff.u64(TENDER)?),
            raw: Raw::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<Raw>) -> tantivy::Result<Counts> {
        let mut out = Counts::default();
        for raw in segments {
            for (code, n) in raw.kind.iter().enumerate().filter(|(_, n)| **n > 0) {
                if let Some(kind) = Kind::ALL.get(code) {
                    *out.kind.entry(kind.as_str().to_string()).or_default() += n;
                }
            }
            for (code, n) in raw.doc_kind.iter().enumerate().filter(|(_, n)| **n > 0) {
                if let Some(k) = doc_kind_of(code as u64) {
                    *out.doc_kind.entry(k.to_string()).or_default() += n;
                }
            }
            for (tender, n) in raw.tender {
                if let Ok(t) = i64::try_from(tender) {
                    *out.tender.entry(t).or_default() += n;
                }
            }
            for (lot, n) in raw.lot.iter().enumerate().filter(|(_, n)| **n > 0) {
                if let Ok(l) = u32::try_from(lot) {
                    *out.lot.entry(l).or_default() += n;
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_go_both_ways() {
        for k in DocKind::ALL {
            assert_eq!(doc_kind_of(doc_kind_code(k.as_str())), Some(k.as_str()));
        }
        assert_eq!(doc_kind_code("nothing"), 0);
        assert_eq!(doc_kind_of(0), None);
        for (i, k) in Kind::ALL.iter().enumerate() {
            assert_eq!(kind_code(*k), i as u64);
        }
        assert_eq!(unpack(pack(6, 23, 200)), (6, 23, 200));
    }
}
