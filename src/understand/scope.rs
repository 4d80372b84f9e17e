//! Which lot a piece, a section or a requirement concerns: a file named "CCTP_Lot2.pdf", a
//! heading "ARTICLE 5 - LOT 1 : Infogérance", a sentence "Pour le lot 2, le titulaire ...".
//! `None` means common to every lot (or a tender without lots): what concerns every lot
//! is never pinned to one.

use super::outline::Heading;
use super::requirements::Found;

/// Lot numbers above this are not lot numbers (a year, an amount).
pub const MAX_LOT: u32 = 200;
/// Title lines of a piece's first page read for its lot.
const TITLE_LINES: usize = 12;
/// Longest title line considered (a sentence of the body is not a title).
const TITLE_CHARS: usize = 160;

/// The one lot `text` names, when it names exactly one and never speaks of lots in the
/// plural ("communs aux deux lots", "lots 1 et 2"): then it concerns several.
pub fn named_lot(text: &str) -> Option<u32> {
    let folded = super::facts::fold(text);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '°')
        .filter(|w| !w.is_empty())
        .collect();
    let mut found: Option<u32> = None;
    let mut i = 0;
    while let Some(word) = words.get(i) {
        i += 1;
        if *word == "lots" {
            return None;
        }
        let number = if *word == "lot" {
            // "lot 2", "lot n° 2", "lot no 2", "lot n°2", "lot numero 2".
            let mut next = words.get(i).copied();
            if matches!(next, Some("n" | "no" | "n°" | "°" | "numero" | "num")) {
                i += 1;
                next = words.get(i).copied();
            }
            match next.map(|n| n.trim_start_matches(['n', '°'])) {
                Some(n) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => {
                    i += 1;
                    n.parse::<u32>().ok()
                }
                _ => None,
            }
        } else {
            // "lot2", "lot02" in file names.
            word.strip_prefix("lot")
                .filter(|n| !n.is_empty() && n.len() <= 3 && n.chars().all(|c| c.is_ascii_digit()))
                .and_then(|n| n.parse::<u32>().ok())
        };
        match number.filter(|n| (1..=MAX_LOT).contains(n)) {
            Some(n) if found.is_some_and(|f| f != n) => return None,
            Some(n) => found = Some(n),
            None => {}
        }
    }
    found
}

/// The lot of a piece: its file name (the last part of its path), else the title lines at
/// the top of its first page, when they name one lot (an RC listing its lots names several).
pub fn piece_lot(name: &str, pages: &[String]) -> Option<u32> {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    if let Some(lot) = named_lot(file) {
        return Some(lot);
    }
    let first = pages.first()?;
    let title: Vec<&str> = first
        .lines()
        .map(|l| l.trim().trim_start_matches('#').trim())
        .filter(|l| !l.is_empty())
        .take(TITLE_LINES)
        .filter(|l| l.chars().count() <= TITLE_CHARS)
        .collect();
    named_lot(&title.join("\n"))
}

/// Each heading's lot: named in its title, else its parent heading's (the nearest earlier
/// heading of a higher level).
pub fn heading_lots(headings: &[Heading]) -> Vec<Option<u32>> {
    let mut out: Vec<Option<u32>> = Vec::with_capacity(headings.len());
    for (i, h) in headings.iter().enumerate() {
        let own = named_lot(&h.title).or_else(|| named_lot(&h.reference));
        let parent = headings
            .get(..i)
            .unwrap_or(&[])
            .iter()
            .zip(out.iter())
            .rev()
            .find(|(p, _)| p.level < h.level)
            .and_then(|(_, lot)| *lot);
        out.push(own.or(parent));
    }
    out
}

/// Sets the lot of each heading and requirement of a piece: its own, else its section's
/// (a requirement stands in the first section of its reference, as it is stored).
pub fn assign(headings: &mut [Heading], requirements: &mut [Found]) {
    let lots = heading_lots(headings);
    for (h, lot) in headings.iter_mut().zip(&lots) {
        h.lot = *lot;
    }
    for r in requirements.iter_mut() {
        let section = headings
            .iter()
            .find(|h| !r.reference.is_empty() && h.reference == r.reference)
            .and_then(|h| h.lot);
        r.lot = named_lot(&r.text).or(section);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(reference: &str, title: &str, level: usize) -> Heading {
        Heading {
            reference: reference.into(),
            title: title.into(),
            level,
            page: 1,
            lot: None,
        }
    }

    #[test]
    fn one_lot_named_in_any_spelling() {
        assert_eq!(named_lot("ARTICLE 5 - LOT 1 : INFOGÉRANCE"), Some(1));
        assert_eq!(named_lot("Lot n° 2 – Hébergement"), Some(2));
        assert_eq!(named_lot("Lot n°3"), Some(3));
        assert_eq!(named_lot("lot no 4"), Some(4));
        assert_eq!(named_lot("CCTP_Lot02.pdf"), Some(2));
        assert_eq!(named_lot("6.4 Niveaux de service du lot 2"), Some(2));
        assert_eq!(named_lot("Pour le lot 2, le lot 2 seul"), Some(2));
    }

    #[test]
    fn several_lots_or_none_name_no_lot() {
        assert_eq!(named_lot("Exigences communes aux deux lots"), None);
        assert_eq!(named_lot("Lot 1 : postes ; Lot 2 : hébergement"), None);
        assert_eq!(named_lot("les lots 1 et 2"), None);
        assert_eq!(named_lot("un lot de 5 unités"), None);
        assert_eq!(named_lot("lot 2026"), None);
        assert_eq!(named_lot("Pilotage"), None);
        assert_eq!(named_lot("lotissement 3"), None);
    }

    #[test]
    fn a_piece_takes_its_lot_from_its_name_then_its_title() {
        assert_eq!(piece_lot("DCE/Technique/CCTP-lot-2.docx", &[]), Some(2));
        assert_eq!(piece_lot("Lot1/CCTP.pdf", &["Lot 2".into()]), Some(2));
        let title = "# CAHIER DES CLAUSES TECHNIQUES\n\nLOT N°1 : INFOGÉRANCE\n\nBody.".to_string();
        assert_eq!(piece_lot("CCTP.pdf", &[title]), Some(1));
        let rc = "Règlement de consultation\nLot 1 : postes\nLot 2 : hébergement".to_string();
        assert_eq!(piece_lot("RC.pdf", &[rc]), None);
    }

    #[test]
    fn sections_inherit_their_parents_lot_and_requirements_their_sections() {
        let mut headings = vec![
            heading("ARTICLE 4", "Exigences communes aux deux lots", 1),
            heading("4.1", "Pilotage", 2),
            heading("ARTICLE 5", "Lot 1 : infogérance", 1),
            heading("5.1", "Périmètre", 2),
            heading("ARTICLE 6", "Lot 2 : hébergement", 1),
            heading("6.4", "Niveaux de service du lot 2", 2),
        ];
        let found = |reference: &str, text: &str| Found {
            reference: reference.into(),
            page: 1,
            text: text.into(),
            strength: crate::model::Strength::Mandatory,
            category: crate::model::Category::Technical,
            lot: None,
        };
        let mut reqs = vec![
            found("4.1", "Le titulaire doit animer un comité."),
            found("4.1", "Pour le lot 2, le titulaire doit fournir un PUE."),
            found("5.1", "Le titulaire doit gérer les postes."),
            found("", "Le titulaire doit signer."),
        ];
        assign(&mut headings, &mut reqs);
        let lots: Vec<Option<u32>> = headings.iter().map(|h| h.lot).collect();
        assert_eq!(lots, vec![None, None, Some(1), Some(1), Some(2), Some(2)]);
        let lots: Vec<Option<u32>> = reqs.iter().map(|r| r.lot).collect();
        assert_eq!(lots, vec![None, Some(2), Some(1), None]);
    }
}
