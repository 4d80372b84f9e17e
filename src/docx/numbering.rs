//! Numbering definitions: the multilevel list that numbers headings 1-4 (linked to their
//! styles), and one instance per Markdown list so each list restarts at its own start.

use docx_rs::{
    AbstractNumbering, Docx, Level, LevelJc, LevelOverride, LevelSuffixType, LevelText,
    NumberFormat, Numbering, SpecialIndentType, Start,
};

use super::markdown::ListDef;
use super::styles::{Role, StyleSheet};

/// The ids the document uses, above any the reference document already has.
#[derive(Debug, Clone, Copy)]
pub struct NumberingIds {
    pub headings_abstract: usize,
    pub bullet_abstract: usize,
    pub ordered_abstract: usize,
    pub headings_num: usize,
    pub first_list_num: usize,
}

impl NumberingIds {
    /// Ids starting after `taken` (the largest id in the reference's numbering, or 0).
    pub fn after(taken: usize) -> NumberingIds {
        NumberingIds {
            headings_abstract: taken + 1,
            bullet_abstract: taken + 2,
            ordered_abstract: taken + 3,
            headings_num: taken + 1,
            first_list_num: taken + 2,
        }
    }
}

const BULLETS: [&str; 3] = ["•", "◦", "▪"];

/// Adds every definition to `doc`.
pub fn add(mut doc: Docx, ids: NumberingIds, lists: &[ListDef], styles: &StyleSheet) -> Docx {
    let mut headings = AbstractNumbering::new(ids.headings_abstract);
    let mut bullets = AbstractNumbering::new(ids.bullet_abstract);
    let mut ordered = AbstractNumbering::new(ids.ordered_abstract);
    for l in 0..9usize {
        let text: String = (1..=l + 1).map(|i| format!("%{i}.")).collect();
        let mut level = Level::new(
            l,
            Start::new(1),
            NumberFormat::new("decimal"),
            LevelText::new(text),
            LevelJc::new("left"),
        )
        .suffix(LevelSuffixType::Space)
        .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None);
        let role = [
            Role::Heading1,
            Role::Heading2,
            Role::Heading3,
            Role::Heading4,
        ]
        .get(l)
        .copied();
        if let Some(role) = role {
            level = level.paragraph_style(styles.id(role));
        }
        headings = headings.add_level(level);

        let left = 360 * (l as i32 + 2);
        let indent = |lv: Level| {
            lv.indent(
                Some(left),
                Some(SpecialIndentType::Hanging(360)),
                None,
                None,
            )
        };
        let bullet = BULLETS[l % BULLETS.len()];
        bullets = bullets.add_level(indent(Level::new(
            l,
            Start::new(1),
            NumberFormat::new("bullet"),
            LevelText::new(bullet),
            LevelJc::new("left"),
        )));
        let (format, text) = match l % 3 {
            0 => ("decimal", format!("%{}.", l + 1)),
            1 => ("lowerLetter", format!("%{})", l + 1)),
            _ => ("lowerRoman", format!("%{}.", l + 1)),
        };
        ordered = ordered.add_level(indent(Level::new(
            l,
            Start::new(1),
            NumberFormat::new(format),
            LevelText::new(text),
            LevelJc::new("left"),
        )));
    }
    doc = doc
        .add_abstract_numbering(headings)
        .add_abstract_numbering(bullets)
        .add_abstract_numbering(ordered)
        .add_numbering(Numbering::new(ids.headings_num, ids.headings_abstract));
    for list in lists {
        let num = if list.ordered {
            // Instances of one definition share their counters in Word unless told to restart.
            Numbering::new(list.num_id, ids.ordered_abstract)
                .add_override(LevelOverride::new(list.level).start(list.start))
        } else {
            Numbering::new(list.num_id, ids.bullet_abstract)
        };
        doc = doc.add_numbering(num);
    }
    doc
}
