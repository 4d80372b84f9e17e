//! The plain-text rendering of a notice that search indexes and the user reads: the facts
//! first (title, buyer, deadline, value), then lots and criteria, then the description.

use std::fmt::Write;

use super::{Notice, NoticeKind};
use crate::model::{CriterionInput, Money, WeightUnit};

/// Renders `notice` and its description paragraphs, cut to `max_chars` characters.
pub(super) fn text(notice: &Notice, description: &[String], max_chars: usize) -> String {
    let mut out = String::new();
    // `write!` into a String cannot fail; the results are ignored on purpose.
    if let Some(title) = &notice.title {
        let _ = writeln!(out, "{title}");
    }
    let kind = match notice.kind {
        NoticeKind::ContractNotice => "Avis de marché",
        NoticeKind::ChangeNotice => "Avis rectificatif",
        NoticeKind::AwardNotice => "Avis d'attribution",
        NoticeKind::PriorInformation => "Avis de préinformation",
        NoticeKind::EspdRequest => "DUME (demande)",
        NoticeKind::EspdResponse => "DUME (réponse)",
        NoticeKind::Other => "Avis",
    };
    let _ = write!(out, "{kind}");
    if let Some(id) = &notice.notice_id {
        let _ = write!(out, " {id}");
    }
    if let Some(changed) = &notice.changes {
        let _ = write!(out, " (modifie l'avis {changed})");
    }
    out.push('\n');
    if let Some(buyer) = &notice.buyer {
        let _ = write!(out, "Acheteur : {}", buyer.name);
        if let Some(id) = &buyer.id {
            let _ = write!(out, " ({id})");
        }
        if let Some(city) = &buyer.city {
            let _ = write!(out, ", {city}");
        }
        out.push('\n');
    }
    line(&mut out, "Référence", notice.reference.as_deref());
    line(&mut out, "Procédure", notice.procedure.as_deref());
    if let Some(deadline) = &notice.deadline {
        let _ = writeln!(out, "Date limite de remise : {}", deadline.to_french());
    }
    if let Some(cents) = notice.estimated_value_cents {
        let _ = writeln!(out, "Valeur estimée : {}", Money(cents).to_french());
    }
    if !notice.cpv_codes.is_empty() {
        let _ = writeln!(out, "CPV : {}", notice.cpv_codes.join(", "));
    }
    criteria(&mut out, "Critères d'attribution", &notice.criteria, "");
    for lot in &notice.lots {
        let _ = write!(out, "Lot {}", lot.id);
        if !lot.title.is_empty() {
            let _ = write!(out, " : {}", lot.title);
        }
        if let Some(cents) = lot.estimated_value_cents {
            let _ = write!(out, " ({})", Money(cents).to_french());
        }
        out.push('\n');
        if !lot.cpv_codes.is_empty() {
            let _ = writeln!(out, "  CPV : {}", lot.cpv_codes.join(", "));
        }
        // Criteria shared by every lot are already written once above.
        if lot.criteria != notice.criteria {
            criteria(&mut out, "Critères", &lot.criteria, "  ");
        }
        // Past 4 bytes a character the cut below will drop the rest anyway; stop early so
        // that a notice with a million lots costs no more than the text kept.
        if out.len() > max_chars.saturating_mul(4) {
            break;
        }
    }
    for c in &notice.espd_criteria {
        let _ = writeln!(out, "[{}] {} ({})", c.family, c.name, c.code);
        if !c.description.is_empty() {
            let _ = writeln!(out, "  {}", c.description);
        }
    }
    for paragraph in description {
        let _ = writeln!(out, "\n{paragraph}");
    }
    if let Some((end, _)) = out.char_indices().nth(max_chars) {
        out.truncate(end);
    }
    out
}

fn line(out: &mut String, label: &str, value: Option<&str>) {
    if let Some(value) = value {
        let _ = writeln!(out, "{label} : {value}");
    }
}

fn criteria(out: &mut String, label: &str, list: &[CriterionInput], indent: &str) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "{indent}{label} :");
    let mut stack: Vec<(&CriterionInput, usize)> = list.iter().rev().map(|c| (c, 1)).collect();
    while let Some((c, depth)) = stack.pop() {
        let unit = match c.unit {
            WeightUnit::Percent => "%",
            WeightUnit::Points => "points",
        };
        let pad = "  ".repeat(depth);
        let _ = writeln!(out, "{indent}{pad}- {} : {} {unit}", c.name, c.weight);
        stack.extend(c.children.iter().rev().map(|child| (child, depth + 1)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Format;
    use crate::ingest::notice::NoticeBuyer;

    #[test]
    fn renders_facts_then_description_within_bounds() {
        let mut notice = Notice::new(Format::Boamp, NoticeKind::ContractNotice);
        notice.title = Some("Nettoyage des locaux".into());
        notice.buyer = Some(NoticeBuyer {
            name: "Ville de Lyon".into(),
            id: Some("21690123100011".into()),
            city: Some("Lyon".into()),
        });
        notice.estimated_value_cents = Some(12_345_600);
        notice.criteria = vec![CriterionInput {
            name: "Prix".into(),
            weight: 40.0,
            unit: WeightUnit::Percent,
            is_price: true,
            children: Vec::new(),
        }];
        let text = text(&notice, &["Entretien courant.".into()], 10_000);
        assert!(text.starts_with("Nettoyage des locaux\n"));
        assert!(text.contains("Acheteur : Ville de Lyon (21690123100011), Lyon"));
        assert!(text.contains("- Prix : 40 %"));
        assert!(text.ends_with("Entretien courant.\n"));
        let short = super::text(&notice, &[], 5);
        assert_eq!(short, "Netto");
    }
}
