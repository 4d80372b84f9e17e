//! Key facts of a tender (deadline, criteria and weights, payment, penalties ...), each with
//! the quote and page it comes from. A fact not found is absent, never guessed.
//!
//! The pages are cut into headings, list items, table rows and paragraphs (`text`: running
//! headers and page numbers dropped, PDF lines joined into paragraphs), numbers are read by
//! `numbers` (digits, words, amounts), then each family of facts has its module:
//! - `dates`: deadlines for offers and questions, offer validity, duration and renewals;
//! - `weights` and `criteria`: the award criteria tree; `scoring`: price formula, eliminating
//!   mark, abnormally low offers;
//! - `tender`: reference, buyer, procedure, framework, visit, variants, negotiation;
//! - `lots`: lots, CPV codes, estimated value; `pieces`: pieces to provide, page limit;
//! - `clauses`: price form and revision, payment, advance, retention, insurance,
//!   termination; `penalties`: regime, cap, and each penalty.
//!
//! All scanning is by hand over bounded text: no regular expressions, no indexing that can
//! panic, caps on what one line or one piece can make the scanners do.
//!
//! Conventions:
//! - A deadline is read in the zone the piece states ("heure de Paris", "UK time"); without
//!   one, in the first zone the piece states anywhere, else Europe/Paris.
//! - The validity of offers is in days; months count thirty days ("quatre mois" = 120).
//! - Criterion weights are kept as written (percent or points), children relative to their
//!   parent, so that `flatten_criteria` gives each criterion its share of the final mark.
//! - A fact stated in a sentence is quoted from the sentence rather than from the heading of
//!   its article ("1.7 Visite obligatoire").

mod clauses;
mod criteria;
mod dates;
mod lots;
mod numbers;
mod penalties;
mod pieces;
mod scoring;
mod tender;
mod text;

pub use text::{fold, fold_char};
mod weights;

use serde::Serialize;

use crate::model::{Cpv, CriterionInput, Deadline};

/// A fact with the place it was read: the sentence or table row (at most 300 characters)
/// and its 1-based page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sourced<T> {
    pub value: T,
    pub page: usize,
    pub quote: String,
}

/// The key facts found in one piece.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Facts {
    /// The contract reference ("2026-INF-014").
    pub reference: Option<Sourced<String>>,
    pub buyer: Option<Sourced<Buyer>>,
    /// The deadline for offers.
    pub deadline: Option<Sourced<Deadline>>,
    /// The deadline for the bidders' questions.
    pub questions_deadline: Option<Sourced<Deadline>>,
    /// Validity of offers, in days (months count thirty days).
    pub validity_days: Option<Sourced<u32>>,
    /// True when the visit is mandatory; false when it is optional or there is none.
    pub site_visit: Option<Sourced<bool>>,
    pub variants_allowed: Option<Sourced<bool>>,
    pub negotiation_possible: Option<Sourced<bool>>,
    /// The lots; an empty list when the piece says it is not divided into lots.
    pub lots: Option<Sourced<Vec<Lot>>>,
    pub procedure: Option<Sourced<ProcedureKind>>,
    pub framework: Option<Sourced<Framework>>,
    pub duration: Option<Sourced<Duration>>,
    /// The award criteria tree, weights as written.
    pub criteria: Option<Sourced<Vec<CriterionInput>>>,
    /// Mark scales stated for criteria ("notée sur 20", "scored from 0 to 5").
    pub mark_scales: Vec<Sourced<MarkScale>>,
    pub price_formula: Option<Sourced<PriceFormula>>,
    pub abnormally_low: Option<Sourced<AbnormallyLow>>,
    /// The mark under which an offer is eliminated.
    pub quality_threshold: Option<Sourced<QualityThreshold>>,
    /// Page limit of the technical answer (mémoire technique).
    pub memoire_page_limit: Option<Sourced<u32>>,
    pub required_pieces: RequiredPieces,
    pub price_form: Option<Sourced<PriceForm>>,
    pub price_revision: Option<Sourced<PriceRevision>>,
    pub payment_delay_days: Option<Sourced<u32>>,
    pub advance_percent: Option<Sourced<f64>>,
    /// The guarantee the advance requires ("garantie à première demande", "aucune").
    pub advance_guarantee: Option<Sourced<String>>,
    /// Retenue de garantie; 0 when the piece says there is none.
    pub retention_percent: Option<Sourced<f64>>,
    pub penalties: Penalties,
    pub insurance: Option<Sourced<Insurance>>,
    /// Indemnity on termination for general interest, percent (0 = none).
    pub termination_indemnity_percent: Option<Sourced<f64>>,
    /// CPV codes, the main one first.
    pub cpv: Vec<Sourced<Cpv>>,
    /// Total estimated value, all periods included.
    pub estimated_value: Option<Sourced<EstimatedValue>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Buyer {
    pub name: Option<String>,
    /// Fourteen digits, spaces removed.
    pub siret: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lot {
    pub number: u32,
    pub title: String,
    pub max_annual_value_cents: Option<i64>,
    pub estimated_value_cents: Option<i64>,
    pub cpv: Vec<Cpv>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProcedureKind {
    AppelOffresOuvert,
    AppelOffresRestreint,
    ProcedureAdaptee,
    ProcedureAvecNegociation,
    DialogueCompetitif,
    NegocieSansPublicite,
    /// UK Procurement Act 2023 and EU procedures written in English.
    Open,
    Restricted,
    CompetitiveFlexible,
    CompetitiveWithNegotiation,
    CompetitiveDialogue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Framework {
    /// An accord-cadre whose form is not stated.
    AccordCadre,
    AccordCadreBonsDeCommande,
    AccordCadreMarchesSubsequents,
    /// Both purchase orders and subsequent contracts.
    AccordCadreMixte,
}

/// Contract duration, in months.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Duration {
    pub initial_months: Option<u32>,
    pub renewals: Option<u32>,
    pub renewal_months: Option<u32>,
    /// As stated, else initial + renewals × renewal length.
    pub max_months: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarkScale {
    pub criterion: String,
    pub scale: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceFormulaKind {
    /// N × Pmin / P
    Proportional,
    /// N × (1 − (P − Pmin) / Pmin)
    LinearFromLowest,
    /// N × (Pmax − P) / (Pmax − Pmin)
    LinearBetweenExtremes,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceFormula {
    pub kind: PriceFormulaKind,
    /// The mark the lowest price gets.
    pub max: Option<f64>,
    /// The formula as written.
    pub expression: String,
    /// The lowest mark when the piece floors it ("ramenée à zéro").
    pub floor: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AbnormallyLow {
    /// "mean" or "median".
    pub reference: String,
    pub percent_below: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QualityThreshold {
    pub min_mark: f64,
    pub mark_scale: f64,
}

/// The pieces to provide, with canonical names when known ("DC1", "AE", "mémoire technique").
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RequiredPieces {
    pub candidature: Vec<Sourced<String>>,
    pub offre: Vec<Sourced<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceForm {
    Forfaitaire,
    Unitaire,
    /// Lump sums for some work, unit prices for the rest.
    Mixte,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RevisionKind {
    Firm,
    Revisable,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceRevision {
    pub kind: RevisionKind,
    pub index: Option<String>,
    pub formula: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PenaltyRegime {
    /// The piece sets its own penalties.
    Specific,
    /// Only the CCAG's penalties apply.
    Ccag,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Penalties {
    pub regime: Option<Sourced<PenaltyRegime>>,
    /// False when the piece says penalties are not capped.
    pub capped: Option<Sourced<bool>>,
    /// True when the CCAG's exemption of small penalties is removed.
    pub exemption_removed: Option<Sourced<bool>>,
    pub items: Vec<Sourced<Penalty>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Penalty {
    pub reason: String,
    /// "P = V × R / 1000"
    pub formula: Option<String>,
    pub amount_cents: Option<i64>,
    /// "jour calendaire de retard"
    pub per: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Insurance {
    /// "responsabilité civile professionnelle"
    pub cover: String,
    /// Minimum cover per claim, when stated.
    pub rc_pro_min_cents: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EstimatedValue {
    /// Cents (pence for GBP).
    pub cents: i64,
    /// "EUR" or "GBP".
    pub currency: String,
}

/// Reads the key facts of one piece from its pages.
pub fn extract(pages: &[String]) -> Facts {
    let doc = text::build(pages);
    let (deadline, questions_deadline) = dates::deadlines(&doc);
    let (criteria, mark_scales) = criteria::criteria(&doc);
    let (advance_percent, advance_guarantee) = clauses::advance(&doc);
    let (estimated_value, lot_values) = lots::estimated_value(&doc);
    let mut lots = lots::lots(&doc);
    if let Some(lots) = lots.as_mut() {
        let cpvs = lots::lot_cpvs(&doc);
        let max_annual = lots::lot_max_annual(&doc);
        for lot in &mut lots.value {
            if lot.max_annual_value_cents.is_none() {
                lot.max_annual_value_cents = max_annual
                    .iter()
                    .find(|(n, _)| *n == lot.number)
                    .map(|(_, v)| *v);
            }
            lot.estimated_value_cents = lot_values
                .iter()
                .find(|(n, _)| *n == lot.number)
                .map(|(_, v)| *v);
            lot.cpv = cpvs
                .iter()
                .filter(|(n, _)| *n == lot.number)
                .map(|(_, c)| c.clone())
                .collect();
        }
    }
    Facts {
        reference: tender::reference(&doc),
        buyer: tender::buyer(&doc),
        deadline,
        questions_deadline,
        validity_days: dates::validity(&doc),
        site_visit: tender::site_visit(&doc),
        variants_allowed: tender::variants(&doc),
        negotiation_possible: tender::negotiation(&doc),
        lots,
        procedure: tender::procedure(&doc),
        framework: tender::framework(&doc),
        duration: dates::duration(&doc),
        criteria,
        mark_scales,
        price_formula: scoring::price_formula(&doc),
        abnormally_low: scoring::abnormally_low(&doc),
        quality_threshold: scoring::quality_threshold(&doc),
        memoire_page_limit: pieces::memoire_page_limit(&doc),
        required_pieces: pieces::required_pieces(&doc),
        price_form: clauses::price_form(&doc),
        price_revision: clauses::price_revision(&doc),
        payment_delay_days: clauses::payment_delay(&doc),
        advance_percent,
        advance_guarantee,
        retention_percent: clauses::retention(&doc),
        penalties: penalties::penalties(&doc),
        insurance: clauses::insurance(&doc),
        termination_indemnity_percent: clauses::termination_indemnity(&doc),
        cpv: lots::cpv(&doc),
        estimated_value,
    }
}
