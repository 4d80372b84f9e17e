//! The internal brief for the defence or the negotiation, as Markdown (the Word engine turns
//! it into a document). Never part of the response sent to the buyer.

use std::fmt::Write;

use crate::i18n::Lang;
use crate::model::{NegotiationClause, Objection};

/// What the buyer will check on one award criterion, and the proof we show.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CriterionArgument {
    pub criterion_id: i64,
    pub name: String,
    /// Share of the whole mark, 0 to 1.
    pub share: f64,
    pub checks: String,
    pub proof: String,
}

/// Table cells hold one line: pipes and line breaks would break the table.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// `objections` are expected sorted by priority.
pub fn brief_markdown(
    tender_title: &str,
    objections: &[Objection],
    clauses: &[NegotiationClause],
    arguments: &[CriterionArgument],
    people: impl Fn(i64) -> Option<String>,
) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# Préparation de la soutenance : {}\n",
        cell(tender_title)
    );
    md.push_str("**Document interne. Ne pas joindre à l'offre.**\n\n");
    md.push_str("## Objections attendues\n\n");
    if objections.is_empty() {
        md.push_str("Aucune objection préparée.\n\n");
    } else {
        md.push_str("| Priorité | Objection | Interlocuteur | Catégorie | Statut |\n|---:|---|---|---|---|\n");
        for o in objections {
            let who = match o.stakeholder_id.and_then(&people) {
                Some(name) => format!("{} ({})", o.role.label(Lang::Fr), cell(&name)),
                None => o.role.label(Lang::Fr).to_string(),
            };
            let _ = writeln!(
                md,
                "| {} ({}×{}) | {} | {} | {} | {} |",
                o.priority(),
                o.likelihood,
                o.impact,
                cell(&o.text),
                who,
                o.category.label(Lang::Fr),
                crate::model::ObjectionStatus::parse(&o.status)
                    .map(|s| s.label(Lang::Fr))
                    .unwrap_or("")
            );
        }
        md.push('\n');
        for (i, o) in objections.iter().enumerate() {
            let _ = writeln!(md, "### {}. {}\n", i + 1, o.text.trim());
            if !o.answer.trim().is_empty() {
                let _ = writeln!(md, "**Notre réponse.** {}\n", o.answer.trim());
            }
            if !o.proof.trim().is_empty() {
                let _ = writeln!(md, "**Preuve.** {}\n", o.proof.trim());
            }
            if !o.clause.trim().is_empty() {
                let _ = writeln!(md, "*Source : {}*\n", o.clause.trim());
            }
            if !o.source_quote.trim().is_empty() {
                let _ = writeln!(md, "> {}\n", o.source_quote.trim().replace('\n', " "));
            }
        }
    }
    if !clauses.is_empty() {
        md.push_str("## Clauses à négocier\n\n| Clause | Position | Demande | Contrepartie |\n|---|---|---|---|\n");
        for c in clauses {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} |",
                cell(&c.clause),
                c.position.label(Lang::Fr),
                cell(&c.ask),
                cell(&c.concession)
            );
        }
        md.push('\n');
    }
    if !arguments.is_empty() {
        md.push_str("## Argumentaire par critère\n\n| Critère | Poids | Ce que l'acheteur vérifiera | Notre preuve |\n|---|---:|---|---|\n");
        for a in arguments {
            let _ = writeln!(
                md,
                "| {} | {} % | {} | {} |",
                cell(&a.name),
                (a.share * 1000.0).round() / 10.0,
                cell(&a.checks),
                cell(&a.proof)
            );
        }
        md.push('\n');
    }
    md
}
