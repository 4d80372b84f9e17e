//! What a notice changes on its tender: planned in plain Rust from the tender as it is, then
//! written in the upload's transaction. Empty fields are filled; a moved deadline replaces
//! the old one, which is kept as a superseded fact.

use crate::ingest::notice::{Notice, NoticeBuyer, NoticeKind};
use crate::model::{Deadline, FlatCriterion, Lot, flatten_criteria};
use crate::store::TenderDetail;

#[derive(Debug, Clone, Default)]
pub struct NoticePlan {
    pub source: String,
    /// A notice's deadline is recorded as a fact here; a piece's own facts are stored with it.
    pub record_deadline: bool,
    pub reference: Option<String>,
    pub procedure: Option<String>,
    pub deadline: Option<Deadline>,
    /// The deadline this notice moves (a change notice, or a second notice that disagrees).
    pub moved_from: Option<Deadline>,
    pub value_cents: Option<i64>,
    pub cpv: Option<String>,
    pub buyer: Option<NoticeBuyer>,
    pub lots: Vec<(i32, String, Option<i64>)>,
    pub criteria: Vec<FlatCriterion>,
}

impl NoticePlan {
    pub fn new(d: &TenderDetail, n: &Notice, source: &str) -> NoticePlan {
        let t = &d.tender;
        let changes = n.kind == NoticeKind::ChangeNotice;
        let record_deadline = !matches!(
            n.format,
            crate::ingest::Format::Markdown
                | crate::ingest::Format::Text
                | crate::ingest::Format::Pdf
                | crate::ingest::Format::Docx
                | crate::ingest::Format::Odt
        );
        let mut plan = NoticePlan {
            source: source.to_string(),
            record_deadline,
            ..NoticePlan::default()
        };
        if t.reference.is_none() {
            plan.reference = n.reference.clone().or_else(|| n.procedure_id.clone());
        }
        if t.procedure.is_none() {
            plan.procedure = n.procedure.clone();
        }
        match (t.deadline, n.deadline) {
            (None, Some(new)) => plan.deadline = Some(new),
            (Some(old), Some(new))
                if old.at != new.at && (changes || n.kind == NoticeKind::ContractNotice) =>
            {
                plan.deadline = Some(new);
                plan.moved_from = Some(old);
            }
            _ => {}
        }
        if t.estimated_value.is_none() {
            plan.value_cents = n.estimated_value_cents;
        }
        if t.cpv_codes.is_empty() && !n.cpv_codes.is_empty() {
            plan.cpv = Some(n.cpv_codes.join(","));
        }
        if t.account_id.is_none() {
            plan.buyer = n
                .buyer
                .clone()
                .filter(|b| !b.name.trim().is_empty())
                .map(|mut b| {
                    // Notices write placeholders ("not available") where the id is unknown: only
                    // an id with digits can tell two buyers apart.
                    b.id =
                        b.id.filter(|id| id.chars().filter(char::is_ascii_digit).count() >= 5);
                    b
                });
        }
        let known = |number: i32| d.lots.iter().any(|l: &Lot| l.number == number);
        plan.lots = n
            .lots
            .iter()
            .enumerate()
            .map(|(i, l)| {
                (
                    l.number.unwrap_or(i as i32 + 1),
                    l.title.clone(),
                    l.estimated_value_cents,
                )
            })
            .filter(|(number, _, _)| !known(*number))
            .collect();
        if d.criteria.is_empty() {
            let source = if n.criteria.is_empty() {
                n.lots
                    .first()
                    .map(|l| l.criteria.clone())
                    .unwrap_or_default()
            } else {
                n.criteria.clone()
            };
            plan.criteria = flatten_criteria(&source).unwrap_or_default();
        }
        plan
    }

    /// Applies the plan to the in-memory tender, so a second notice of the same upload sees it.
    pub fn apply_to(&self, d: &mut TenderDetail) {
        if let Some(r) = &self.reference {
            d.tender.reference = Some(r.clone());
        }
        if self.deadline.is_some() {
            d.tender.deadline = self.deadline;
        }
        if let Some(c) = &self.cpv {
            d.tender.cpv_codes = c.split(',').map(str::to_string).collect();
        }
        if self.buyer.is_some() {
            d.tender.account_id = Some(0);
        }
        for (number, title, value) in &self.lots {
            d.lots.push(Lot {
                id: 0,
                tender_id: d.tender.id,
                number: *number,
                title: title.clone(),
                estimated_value_cents: *value,
            });
        }
        if !self.criteria.is_empty() && d.criteria.is_empty() {
            // Only emptiness matters for the next notice: mark the tree as present.
            d.criteria.push(crate::model::Criterion {
                id: 0,
                tender_id: d.tender.id,
                lot_id: None,
                parent_id: None,
                position: 0,
                name: String::new(),
                weight: 0.0,
                weight_unit: crate::model::WeightUnit::Percent,
                share: 0.0,
                is_price: false,
            });
        }
    }
}

/// The facts a piece's text states, in the shape of a notice, so they fill the tender the
/// same way (empty fields only: a document's text never overrides what is already known).
pub fn facts_as_notice(format: crate::ingest::Format, facts: &serde_json::Value) -> Option<Notice> {
    let value = |key: &str| facts.get(key).and_then(|f| f.get("value")).cloned();
    let deadline = value("deadline")
        .and_then(|v| v.as_str().map(str::to_string))
        .and_then(|s| Deadline::parse(&s, Deadline::DEFAULT_TZ).ok());
    let criteria: Vec<crate::model::CriterionInput> = value("criteria")
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default();
    let procedure = value("procedure").map(|v| match v {
        serde_json::Value::String(s) => crate::understand::labels::code_label(&s).to_string(),
        other => other.to_string(),
    });
    let estimated_value_cents = value("estimated_value_cents").and_then(|v| v.as_i64());
    let cpv_codes: Vec<String> = match facts.get("cpv") {
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|i| i.get("value")?.as_str().map(str::to_string))
            .collect(),
        Some(obj) => obj
            .get("value")
            .and_then(|v| serde_json::from_value(v.clone()).ok())
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let lots: Vec<crate::ingest::notice::NoticeLot> = value("lots")
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|l| {
            let number = l
                .get("number")?
                .as_i64()
                .and_then(|n| i32::try_from(n).ok())?;
            Some(crate::ingest::notice::NoticeLot {
                id: number.to_string(),
                number: Some(number),
                title: l
                    .get("title")
                    .and_then(|t| t.as_str())
                    .unwrap_or("")
                    .to_string(),
                estimated_value_cents: l
                    .get("estimated_value_cents")
                    .and_then(serde_json::Value::as_i64),
                criteria: Vec::new(),
                cpv_codes: Vec::new(),
            })
        })
        .collect();
    let buyer = value("buyer").and_then(|b| {
        let name = b.get("name")?.as_str()?.trim().to_string();
        Some(NoticeBuyer {
            name,
            id: b.get("siret").and_then(|s| s.as_str()).map(str::to_string),
            city: None,
        })
    });
    let reference = value("reference").and_then(|r| r.as_str().map(str::to_string));
    let estimated_value_cents = estimated_value_cents.or_else(|| {
        value("estimated_value").and_then(|v| v.get("cents").and_then(serde_json::Value::as_i64))
    });
    if deadline.is_none()
        && criteria.is_empty()
        && procedure.is_none()
        && estimated_value_cents.is_none()
        && cpv_codes.is_empty()
        && lots.is_empty()
        && buyer.is_none()
        && reference.is_none()
    {
        return None;
    }
    Some(Notice {
        format,
        kind: NoticeKind::Other,
        notice_id: None,
        changes: None,
        procedure_id: None,
        title: None,
        reference,
        buyer,
        procedure,
        deadline,
        cpv_codes,
        estimated_value_cents,
        lots,
        criteria,
        espd_criteria: Vec::new(),
        text: String::new(),
    })
}

/// Writes a plan in the open transaction `$tx` (compiled once per backend).
macro_rules! execute {
    ($plan:expr, $tender:expr, $now:expr, $tx:ident) => {{
        let plan: &NoticePlan = $plan;
        let tender_id: i64 = $tender;
        if let Some(b) = &plan.buyer {
            let found = match b.id.as_deref() {
                Some(id) => sqlx::query_scalar::<_, i64>("SELECT id FROM accounts WHERE siret = $1").bind(id).fetch_optional(&mut *$tx).await?,
                None => sqlx::query_scalar::<_, i64>("SELECT id FROM accounts WHERE name = $1").bind(b.name.trim()).fetch_optional(&mut *$tx).await?,
            };
            let account = match found {
                Some(id) => id,
                None => sqlx::query_scalar::<_, i64>(
                    "INSERT INTO accounts (name, siret, typology, sector, funnel_stage, created_at) VALUES ($1, $2, $3, '', $4, $5) RETURNING id")
                    .bind(b.name.trim()).bind(b.id.as_deref()).bind("etablissement_public").bind("suspect").bind($now)
                    .fetch_one(&mut *$tx).await?,
            };
            sqlx::query("UPDATE tenders SET account_id = $1 WHERE id = $2 AND account_id IS NULL").bind(account).bind(tender_id).execute(&mut *$tx).await?;
        }
        if let Some(r) = &plan.reference {
            sqlx::query("UPDATE tenders SET reference = $1 WHERE id = $2 AND reference IS NULL").bind(r).bind(tender_id).execute(&mut *$tx).await?;
        }
        if let Some(p) = &plan.procedure {
            sqlx::query("UPDATE tenders SET procedure = $1 WHERE id = $2 AND procedure IS NULL").bind(p).bind(tender_id).execute(&mut *$tx).await?;
        }
        if let Some(v) = plan.value_cents {
            sqlx::query("UPDATE tenders SET estimated_value_cents = $1 WHERE id = $2 AND estimated_value_cents IS NULL").bind(v).bind(tender_id).execute(&mut *$tx).await?;
        }
        if let Some(c) = &plan.cpv {
            sqlx::query("UPDATE tenders SET cpv_codes = $1 WHERE id = $2").bind(c).bind(tender_id).execute(&mut *$tx).await?;
        }
        if let Some(d) = plan.deadline {
            if let Some(old) = plan.moved_from {
                let marked = sqlx::query("UPDATE facts SET superseded = $1 WHERE tender_id = $2 AND key = 'deadline'")
                    .bind(true).bind(tender_id).execute(&mut *$tx).await?.rows_affected();
                if marked == 0 {
                    sqlx::query("INSERT INTO facts (tender_id, key, value, quote, superseded) VALUES ($1, 'deadline', $2, $3, $4)")
                        .bind(tender_id).bind(serde_json::json!(old.to_rfc3339()).to_string()).bind("date limite précédente")
                        .bind(true).execute(&mut *$tx).await?;
                }
            }
            sqlx::query("UPDATE tenders SET deadline = $1, deadline_tz = $2 WHERE id = $3").bind(d.at).bind(d.tz.name()).bind(tender_id).execute(&mut *$tx).await?;
            if plan.record_deadline {
                sqlx::query("INSERT INTO facts (tender_id, key, value, quote, superseded) VALUES ($1, 'deadline', $2, $3, $4)")
                    .bind(tender_id).bind(serde_json::json!(d.to_rfc3339()).to_string()).bind(format!("avis {}", plan.source))
                    .bind(false).execute(&mut *$tx).await?;
            }
        }
        for (number, title, value) in &plan.lots {
            sqlx::query("INSERT INTO lots (tender_id, number, title, estimated_value_cents) VALUES ($1, $2, $3, $4)")
                .bind(tender_id).bind(number).bind(title).bind(value).execute(&mut *$tx).await?;
        }
        let mut criteria_ids: Vec<i64> = Vec::with_capacity(plan.criteria.len());
        for c in &plan.criteria {
            let parent = c.parent.and_then(|p| criteria_ids.get(p).copied());
            let id = sqlx::query_scalar::<_, i64>(
                "INSERT INTO criteria (tender_id, parent_id, position, name, weight, weight_unit, share, is_price)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
                .bind(tender_id).bind(parent).bind(c.position).bind(&c.name).bind(c.weight)
                .bind(c.unit.as_str()).bind(c.share).bind(c.is_price)
                .fetch_one(&mut *$tx).await?;
            criteria_ids.push(id);
        }
    }};
}
pub(crate) use execute;
