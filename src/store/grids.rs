//! A tender's comparison grid as stored: its criteria (the criteria tree the tender's pieces
//! gave, edited), offers, marks and marking settings; saved whole, in one transaction.

use super::{Store, on_pool};
use crate::error::{Error, Result};
use crate::grid::pricing::OurPrice;
use crate::grid::{Criterion, Grid, Offer, PriceFormula, Settings};

#[derive(sqlx::FromRow)]
struct CriterionRow {
    id: i64,
    parent_id: Option<i64>,
    position: i32,
    name: String,
    weight: f64,
    is_price: bool,
}

#[derive(sqlx::FromRow)]
struct OfferRow {
    id: i64,
    name: String,
    is_ours: bool,
    price_cents: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct MarkRow {
    offer_id: i64,
    criterion_id: i64,
    mark: f64,
}

#[derive(sqlx::FromRow)]
struct SettingsRow {
    scale: f64,
    formula: String,
    low_fraction: f64,
}

/// The criteria rows in tree order (a parent, then its children by position), with their
/// numbers ("2.1") computed from that order.
fn tree_order(rows: Vec<CriterionRow>) -> Vec<(CriterionRow, String, Option<usize>)> {
    fn walk(
        parent: Option<i64>,
        parent_index: Option<usize>,
        prefix: &str,
        rows: &mut Vec<Option<CriterionRow>>,
        out: &mut Vec<(CriterionRow, String, Option<usize>)>,
        depth: usize,
    ) {
        if depth > 8 {
            return;
        }
        let mut mine: Vec<usize> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.as_ref().is_some_and(|r| r.parent_id == parent))
            .map(|(i, _)| i)
            .collect();
        mine.sort_by_key(|i| {
            rows.get(*i)
                .and_then(|r| r.as_ref())
                .map(|r| (r.position, r.id))
        });
        for (k, i) in mine.into_iter().enumerate() {
            let Some(row) = rows.get_mut(i).and_then(Option::take) else {
                continue;
            };
            let number = if prefix.is_empty() {
                format!("{}", k + 1)
            } else {
                format!("{prefix}.{}", k + 1)
            };
            let id = row.id;
            out.push((row, number.clone(), parent_index));
            let me = out.len() - 1;
            walk(Some(id), Some(me), &number, rows, out, depth + 1);
        }
    }
    let mut slots: Vec<Option<CriterionRow>> = rows.into_iter().map(Some).collect();
    let mut out = Vec::new();
    walk(None, None, "", &mut slots, &mut out, 0);
    out
}

impl Store {
    /// The stored grid of a tender, and the ids of its criteria in grid order. A tender
    /// without criteria yet gets none: the page offers to start from the template.
    pub async fn tender_grid(&self, tender_id: i64) -> Result<(Grid, Vec<i64>)> {
        self.get_tender(tender_id).await?;
        let rows = on_pool!(self, pool => sqlx::query_as::<_, CriterionRow>(
            "SELECT id, parent_id, position, name, weight, is_price FROM criteria WHERE tender_id = $1")
            .bind(tender_id).fetch_all(pool).await)?;
        let offers = on_pool!(self, pool => sqlx::query_as::<_, OfferRow>(
            "SELECT id, name, is_ours, price_cents FROM offers WHERE tender_id = $1 ORDER BY id")
            .bind(tender_id).fetch_all(pool).await)?;
        let marks = on_pool!(self, pool => sqlx::query_as::<_, MarkRow>(
            "SELECT m.offer_id, m.criterion_id, m.mark FROM marks m JOIN offers o ON o.id = m.offer_id
             WHERE o.tender_id = $1")
            .bind(tender_id).fetch_all(pool).await)?;
        let settings = on_pool!(self, pool => sqlx::query_as::<_, SettingsRow>(
            "SELECT scale, formula, low_fraction FROM grid_settings WHERE tender_id = $1")
            .bind(tender_id).fetch_optional(pool).await)?;
        let ordered = tree_order(rows);
        let ids: Vec<i64> = ordered.iter().map(|(r, _, _)| r.id).collect();
        let criteria: Vec<Criterion> = ordered
            .into_iter()
            .map(|(r, number, parent)| Criterion {
                number,
                name: r.name,
                weight: r.weight,
                parent,
                is_price: r.is_price,
            })
            .collect();
        let offers_out: Vec<Offer> = offers
            .iter()
            .map(|o| Offer {
                name: o.name.clone(),
                price: o.price_cents.map(|c| c as f64 / 100.0),
                marks: ids
                    .iter()
                    .map(|cid| {
                        marks
                            .iter()
                            .find(|m| m.offer_id == o.id && m.criterion_id == *cid)
                            .map(|m| m.mark)
                    })
                    .collect(),
            })
            .collect();
        let mut s = Settings {
            ours: offers.iter().find(|o| o.is_ours).map(|o| o.name.clone()),
            ..Settings::default()
        };
        if let Some(row) = settings {
            s.scale = row.scale;
            s.formula = PriceFormula::parse(&row.formula).unwrap_or_default();
            s.low_fraction = row.low_fraction;
        }
        Ok((
            Grid {
                criteria,
                offers: offers_out,
                settings: s,
            },
            ids,
        ))
    }

    /// Saves a tender's grid whole, or nothing. A criterion keeps its stored row (so what
    /// refers to it, a response section, keeps its link) when it has the number of a stored
    /// one ("2.1"), or, in a grid without numbers, its place; others are added, stored ones
    /// left unmatched removed. Offers and marks are replaced.
    pub async fn save_tender_grid(&self, tender_id: i64, grid: &Grid) -> Result<()> {
        let shares = grid
            .check_partial()
            .map_err(|e| Error::Invalid(e.to_string()))?;
        let (old, old_ids) = self.tender_grid(tender_id).await?;
        let by_number = grid.criteria.iter().any(|c| !c.number.is_empty());
        let mut claimed = vec![false; old_ids.len()];
        let kept: Vec<Option<i64>> = grid
            .criteria
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let k = if by_number {
                    old.criteria
                        .iter()
                        .position(|o| !c.number.is_empty() && o.number == c.number)
                } else {
                    Some(i)
                };
                let k = k.filter(|k| claimed.get(*k) == Some(&false))?;
                if let Some(slot) = claimed.get_mut(k) {
                    *slot = true;
                }
                old_ids.get(k).copied()
            })
            .collect();
        let ours = grid.ours_index();
        let mut positions = Vec::with_capacity(grid.criteria.len());
        for (i, c) in grid.criteria.iter().enumerate() {
            let before = grid
                .criteria
                .iter()
                .take(i)
                .filter(|o| o.parent == c.parent)
                .count();
            positions.push(i32::try_from(before).unwrap_or(i32::MAX));
        }
        let cents = |p: f64| (p * 100.0).round() as i64;
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let mut ids: Vec<i64> = Vec::with_capacity(grid.criteria.len());
            for (i, c) in grid.criteria.iter().enumerate() {
                let parent = c.parent.and_then(|p| ids.get(p).copied());
                let share = shares.get(i).copied().unwrap_or(0.0).clamp(0.0, 1.0);
                let position = positions.get(i).copied().unwrap_or(0);
                let id = match kept.get(i).copied().flatten().as_ref() {
                    Some(id) => {
                        sqlx::query("UPDATE criteria SET parent_id = $1, position = $2, name = $3, weight = $4, share = $5, is_price = $6 WHERE id = $7")
                            .bind(parent).bind(position).bind(&c.name).bind(c.weight).bind(share).bind(c.is_price).bind(*id)
                            .execute(&mut *tx).await?;
                        *id
                    }
                    None => sqlx::query_scalar::<_, i64>(
                        "INSERT INTO criteria (tender_id, parent_id, position, name, weight, weight_unit, share, is_price)
                         VALUES ($1, $2, $3, $4, $5, 'percent', $6, $7) RETURNING id")
                        .bind(tender_id).bind(parent).bind(position).bind(&c.name).bind(c.weight).bind(share).bind(c.is_price)
                        .fetch_one(&mut *tx).await?,
                };
                ids.push(id);
            }
            for (id, _) in old_ids.iter().zip(&claimed).filter(|(_, c)| !**c) {
                sqlx::query("DELETE FROM criteria WHERE id = $1").bind(*id).execute(&mut *tx).await?;
            }
            sqlx::query("DELETE FROM offers WHERE tender_id = $1").bind(tender_id).execute(&mut *tx).await?;
            for (o, offer) in grid.offers.iter().enumerate() {
                let offer_id = sqlx::query_scalar::<_, i64>(
                    "INSERT INTO offers (tender_id, name, is_ours, price_cents) VALUES ($1, $2, $3, $4) RETURNING id")
                    .bind(tender_id).bind(offer.name.trim()).bind(ours == Some(o)).bind(offer.price.map(cents))
                    .fetch_one(&mut *tx).await?;
                for (i, mark) in offer.marks.iter().enumerate() {
                    let (Some(mark), Some(cid)) = (mark, ids.get(i)) else { continue };
                    if grid.criteria.get(i).is_some_and(|c| c.is_price) {
                        continue;
                    }
                    sqlx::query("INSERT INTO marks (offer_id, criterion_id, mark) VALUES ($1, $2, $3)")
                        .bind(offer_id).bind(*cid).bind(*mark).execute(&mut *tx).await?;
                }
            }
            sqlx::query(
                "INSERT INTO grid_settings (tender_id, scale, formula, low_fraction) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (tender_id) DO UPDATE SET scale = excluded.scale, formula = excluded.formula, low_fraction = excluded.low_fraction")
                .bind(tender_id).bind(grid.settings.scale).bind(grid.settings.formula.as_str()).bind(grid.settings.low_fraction)
                .execute(&mut *tx).await?;
            tx.commit().await?;
            Ok::<_, Error>(())
        })
    }
}

/// Rows per INSERT when storing price lines (13 values each, under SQLite's bound limit).
const PRICE_BATCH: usize = 1_000;

/// Inserts `lines` in batches within the transaction `tx` (either backend).
macro_rules! insert_price_lines {
    ($tx:ident, $tender_id:expr, $document_id:expr, $lines:expr) => {
        let milli = |q: f64| (q * 1000.0).round() as i64;
        let cents = |p: f64| (p * 100.0).round() as i64;
        for chunk in $lines.chunks(PRICE_BATCH) {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO price_lines (tender_id, document_id, sheet, row_number, number, designation, unit, quantity_milli, unit_price_cents, buyer_total_cents, price_col, kind) ");
            q.push_values(chunk, |mut b, l| {
                b.push_bind($tender_id).push_bind($document_id).push_bind(&l.sheet)
                    .push_bind(i32::try_from(l.row).unwrap_or(i32::MAX)).push_bind(&l.number)
                    .push_bind(&l.designation).push_bind(&l.unit).push_bind(l.quantity.map(milli))
                    .push_bind(l.unit_price.map(cents)).push_bind(l.amount.map(cents))
                    .push_bind(l.price_col.and_then(|c| i32::try_from(c).ok())).push_bind(l.kind.as_str());
            });
            q.build().execute(&mut *$tx).await?;
        }
    };
}

/// Our unit cost and margin on one stored price line, and its VAT rate.
#[derive(Debug, Clone, sqlx::FromRow)]
struct OurCost {
    pub sheet: String,
    pub row_number: i32,
    pub unit_cost_cents: Option<i64>,
    /// Margin as a share of the price, in basis points (2 000 for 20 %).
    pub margin_bp: Option<i32>,
    pub vat_bp: i32,
}

impl Store {
    /// Replaces the price lines read from one piece of a tender (or typed, without a piece),
    /// in one transaction. Returns how many were stored.
    pub async fn store_price_lines(
        &self,
        tender_id: i64,
        document_id: Option<i64>,
        lines: &[crate::grid::price::PriceLine],
    ) -> Result<usize> {
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM price_lines WHERE tender_id = $1 AND document_id IS NOT DISTINCT FROM $2")
                .bind(tender_id).bind(document_id).execute(&mut *tx).await?;
            insert_price_lines!(tx, tender_id, document_id, lines);
            tx.commit().await?;
            Ok::<_, Error>(lines.len())
        })
    }
    /// Stores our unit cost, margin and VAT rate on each line of one piece, `ours` aligned
    /// with `lines` (a line without a cost is unpriced); the piece's lines are stored first if
    /// they are not yet. Checked first: a bad value names its line and nothing is stored. One
    /// transaction.
    pub async fn save_our_prices(
        &self,
        tender_id: i64,
        document_id: i64,
        lines: &[crate::grid::price::PriceLine],
        ours: &[OurPrice],
    ) -> Result<()> {
        crate::grid::pricing::check_all(lines, ours).map_err(|e| Error::Invalid(e.to_string()))?;
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let (stored,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM price_lines WHERE tender_id = $1 AND document_id = $2")
                .bind(tender_id).bind(document_id).fetch_one(&mut *tx).await?;
            if stored == 0 {
                insert_price_lines!(tx, tender_id, Some(document_id), lines);
            }
            for (l, our) in lines.iter().zip(ours) {
                let cost = our.cost.map(|c| (c * 100.0).round() as i64);
                let margin = our.cost.and(our.margin).map(|m| (m * 10_000.0).round() as i32);
                let vat = (our.vat * 10_000.0).round() as i32;
                sqlx::query("UPDATE price_lines SET unit_cost_cents = $1, margin_bp = $2, vat_bp = $3 WHERE tender_id = $4 AND document_id = $5 AND sheet = $6 AND row_number = $7")
                    .bind(cost).bind(margin).bind(vat).bind(tender_id).bind(document_id).bind(&l.sheet)
                    .bind(i32::try_from(l.row).unwrap_or(i32::MAX)).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok::<_, Error>(())
        })
    }

    /// Our stored prices on `lines` of one piece, aligned with them (a line never saved has
    /// no cost and the default VAT rate).
    pub async fn our_prices(
        &self,
        tender_id: i64,
        document_id: i64,
        lines: &[crate::grid::price::PriceLine],
    ) -> Result<Vec<OurPrice>> {
        let stored: std::collections::HashMap<(String, i32), OurCost> = self
            .our_costs(tender_id, document_id)
            .await?
            .into_iter()
            .map(|c| ((c.sheet.clone(), c.row_number), c))
            .collect();
        Ok(lines
            .iter()
            .map(|l| {
                let key = (l.sheet.clone(), i32::try_from(l.row).unwrap_or(i32::MAX));
                stored
                    .get(&key)
                    .map_or_else(OurPrice::default, |c| OurPrice {
                        cost: c.unit_cost_cents.map(|c| c as f64 / 100.0),
                        margin: c.margin_bp.map(|m| f64::from(m) / 10_000.0),
                        vat: f64::from(c.vat_bp) / 10_000.0,
                    })
            })
            .collect())
    }

    /// Our stored unit costs and margins on the lines of one piece.
    async fn our_costs(&self, tender_id: i64, document_id: i64) -> Result<Vec<OurCost>> {
        on_pool!(self, pool => {
            Ok(sqlx::query_as::<_, OurCost>(
                "SELECT sheet, row_number, unit_cost_cents, margin_bp, vat_bp FROM price_lines WHERE tender_id = $1 AND document_id = $2 ORDER BY id")
                .bind(tender_id).bind(document_id).fetch_all(pool).await?)
        })
    }
}
