//! Reads an objection grid from a spreadsheet (XLSX, ODS, XLS, CSV): first sheet, header
//! `Objection | Interlocuteur | Catégorie | Probabilité | Impact | Réponse | Preuve | Clause`.
//! Any bad row refuses the whole file, naming its cell.

use crate::ingest::sheet::{self, Cell, Sheet};
use crate::ingest::{Format, Limits, sniff};
use crate::model::{BuyingRole, ObjectionCategory};

use super::{ObjectionRow, check_scale, fold};

/// More rows than any grid a team could discuss.
const MAX_ROWS: usize = 5_000;
const MAX_TEXT: usize = 4_000;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ImportError {
    #[error("{file} : format non lu ({detail})")]
    Unreadable { file: String, detail: String },
    #[error("{file} : aucune feuille")]
    NoSheet { file: String },
    #[error("{file}, feuille « {sheet} » : en-tête introuvable (colonnes attendues : {expected})")]
    NoHeader {
        file: String,
        sheet: String,
        expected: String,
    },
    #[error("{file}, feuille « {sheet} », ligne {row} (cellule {cell}) : {problem}")]
    Cell {
        file: String,
        sheet: String,
        row: u64,
        cell: String,
        problem: String,
    },
    #[error("{file} : plus de {MAX_ROWS} objections")]
    TooMany { file: String },
}

/// The columns, by folded header name; the first five are required.
const COLUMNS: [(&str, &[&str]); 8] = [
    ("objection", &["objection", "objections"]),
    ("interlocuteur", &["interlocuteur", "role", "qui"]),
    ("categorie", &["categorie", "category"]),
    (
        "probabilite",
        &["probabilite", "likelihood", "vraisemblance"],
    ),
    ("impact", &["impact", "gravite"]),
    ("reponse", &["reponse", "contre-argument", "argument"]),
    ("preuve", &["preuve", "preuves"]),
    ("clause", &["clause"]),
];
const REQUIRED: usize = 5;

/// The rows of the file, in file order; nothing when any row is wrong.
pub fn import_rows(file: &str, bytes: &[u8]) -> Result<Vec<ObjectionRow>, ImportError> {
    let unreadable = |detail: String| ImportError::Unreadable {
        file: file.into(),
        detail,
    };
    let format = sniff(file, bytes).map_err(|e| unreadable(e.to_string()))?;
    if !matches!(
        format,
        Format::Xlsx | Format::Xls | Format::Ods | Format::Csv
    ) {
        return Err(unreadable(
            "un tableur XLSX, ODS, XLS ou CSV est attendu".into(),
        ));
    }
    let sheets =
        sheet::read(format, bytes, &Limits::default()).map_err(|e| unreadable(e.to_string()))?;
    let first = sheets
        .into_iter()
        .next()
        .ok_or(ImportError::NoSheet { file: file.into() })?;
    read_sheet(file, &first)
}

fn header_columns(row: &[Cell]) -> Option<[Option<usize>; 8]> {
    let mut found = [None; 8];
    for (col, cell) in row.iter().enumerate() {
        let Cell::Text(t) = cell else { continue };
        let name = fold(t);
        if let Some(i) = COLUMNS
            .iter()
            .position(|(_, names)| names.contains(&name.as_str()))
            && let Some(slot) = found.get_mut(i)
            && slot.is_none()
        {
            *slot = Some(col);
        }
    }
    found
        .iter()
        .take(REQUIRED)
        .all(Option::is_some)
        .then_some(found)
}

fn read_sheet(file: &str, s: &Sheet) -> Result<Vec<ObjectionRow>, ImportError> {
    let header = s
        .rows
        .iter()
        .take(30)
        .enumerate()
        .find_map(|(i, row)| header_columns(row).map(|cols| (i, cols)));
    let Some((header_index, cols)) = header else {
        return Err(ImportError::NoHeader {
            file: file.into(),
            sheet: s.name.clone(),
            expected: "Objection | Interlocuteur | Catégorie | Probabilité | Impact | Réponse | Preuve | Clause".into(),
        });
    };
    let mut out = Vec::new();
    for (index, row) in s.rows.iter().enumerate().skip(header_index + 1) {
        if row.iter().all(Cell::is_empty) {
            continue;
        }
        if out.len() >= MAX_ROWS {
            return Err(ImportError::TooMany { file: file.into() });
        }
        let at = |col: Option<usize>| col.and_then(|c| row.get(c)).unwrap_or(&Cell::Empty);
        let fail = |col: Option<usize>, problem: String| ImportError::Cell {
            file: file.into(),
            sheet: s.name.clone(),
            row: s.row_label(&index),
            cell: sheet::cell_name(
                s.first_row + index as u32,
                s.first_col + col.unwrap_or(0) as u32,
            ),
            problem,
        };
        let text = at(cols[0]).display().trim().to_string();
        if text.is_empty() {
            return Err(fail(cols[0], "objection vide".into()));
        }
        let (role, person) = parse_role(&at(cols[1]).display())
            .ok_or_else(|| fail(cols[1], format!("interlocuteur « {} » inconnu (acheteur, utilisateur, prescripteur, décideur, conseiller)", at(cols[1]).display())))?;
        let category = parse_category(&at(cols[2]).display())
            .ok_or_else(|| fail(cols[2], format!("catégorie « {} » inconnue (prix, délai, technique, références, risque, clauses, RSE)", at(cols[2]).display())))?;
        let likelihood = mark(at(cols[3])).ok_or_else(|| {
            fail(
                cols[3],
                format!("probabilité « {} » hors de 1 à 5", at(cols[3]).display()),
            )
        })?;
        let impact = mark(at(cols[4])).ok_or_else(|| {
            fail(
                cols[4],
                format!("impact « {} » hors de 1 à 5", at(cols[4]).display()),
            )
        })?;
        let long = |col: Option<usize>| {
            let t = at(col).display().trim().to_string();
            if t.chars().count() > MAX_TEXT {
                Err(fail(col, format!("texte de plus de {MAX_TEXT} caractères")))
            } else {
                Ok(t)
            }
        };
        out.push(ObjectionRow {
            text: long(cols[0])?,
            role,
            person,
            category,
            likelihood,
            impact,
            answer: long(cols[5])?,
            proof: long(cols[6])?,
            clause: long(cols[7])?,
        });
    }
    Ok(out)
}

/// A whole number from 1 to 5 ("3", 3.0).
fn mark(cell: &Cell) -> Option<i32> {
    let n = match cell {
        Cell::Number(n) => *n,
        Cell::Text(t) => t.trim().replace(',', ".").parse::<f64>().ok()?,
        _ => return None,
    };
    (n.fract() == 0.0 && check_scale(n as i32)).then_some(n as i32)
}

/// "Décideur", "decideurs", "Décideur (M. Martin)", "decideur" → the role and the person.
pub(crate) fn parse_role(raw: &str) -> Option<(BuyingRole, Option<String>)> {
    let (head, person) = match raw.split_once('(') {
        Some((h, rest)) => (
            h,
            Some(rest.trim_end().trim_end_matches(')').trim().to_string())
                .filter(|p| !p.is_empty()),
        ),
        None => match raw.split_once(['–', '-', ':']) {
            Some((h, p)) => (h, Some(p.trim().to_string()).filter(|p| !p.is_empty())),
            None => (raw, None),
        },
    };
    let word = fold(head);
    let word = word.trim_end_matches('s');
    let role = BuyingRole::ALL.iter().copied().find(|r| {
        word == r.as_str()
            || word == fold(r.label(crate::i18n::Lang::Fr))
            || word == fold(r.label(crate::i18n::Lang::En))
    })?;
    Some((role, person))
}

pub(crate) fn parse_category(raw: &str) -> Option<ObjectionCategory> {
    let word = fold(raw);
    let word = word.trim_end_matches('s');
    ObjectionCategory::ALL.iter().copied().find(|c| {
        let fr = fold(c.label(crate::i18n::Lang::Fr));
        let en = fold(c.label(crate::i18n::Lang::En));
        word == c.as_str().trim_end_matches('s')
            || word == fr.trim_end_matches('s')
            || word == en.trim_end_matches('s')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(rows: &[&str]) -> Vec<u8> {
        rows.join("\n").into_bytes()
    }

    const HEADER: &str =
        "Objection;Interlocuteur;Catégorie;Probabilité;Impact;Réponse;Preuve;Clause";

    #[test]
    fn reads_the_layout() {
        let rows = import_rows(
            "grille.csv",
            &csv(&[
                HEADER,
                "Trop cher;Acheteur;Prix;4;5;Coût complet;Référence X;Art. 3",
                "Délai court;Décideur (M. Martin);délai;2;3;;;",
            ]),
        )
        .expect("rows");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].priority(), 20);
        assert_eq!(rows[0].role, BuyingRole::Buyer);
        assert_eq!(rows[1].role, BuyingRole::Decider);
        assert_eq!(rows[1].person.as_deref(), Some("M. Martin"));
        assert_eq!(rows[1].category, ObjectionCategory::Delay);
        assert_eq!(rows[0].clause, "Art. 3");
    }

    #[test]
    fn a_bad_row_names_its_cell_and_refuses_the_file() {
        let err = import_rows(
            "g.csv",
            &csv(&[HEADER, "A;Acheteur;Prix;4;5", "B;Stagiaire;Prix;4;5"]),
        )
        .expect_err("role");
        assert!(err.to_string().contains("ligne 3"), "{err}");
        assert!(err.to_string().contains("B3"), "{err}");
        let err = import_rows("g.csv", &csv(&[HEADER, "A;Acheteur;Prix;6;5"])).expect_err("scale");
        assert!(err.to_string().contains("D2"), "{err}");
        let err = import_rows("g.csv", &csv(&[HEADER, "A;Acheteur;Prix;3;0"])).expect_err("scale");
        assert!(err.to_string().contains("E2"), "{err}");
        let err =
            import_rows("g.csv", &csv(&[HEADER, "A;Acheteur;Prix;2,5;3"])).expect_err("whole");
        assert!(err.to_string().contains("probabilité"), "{err}");
    }

    #[test]
    fn missing_header_is_named() {
        let err = import_rows("g.csv", &csv(&["a;b;c", "1;2;3"])).expect_err("header");
        assert!(matches!(err, ImportError::NoHeader { .. }));
    }

    #[test]
    fn roles_and_categories_in_any_writing() {
        assert_eq!(
            parse_role("utilisateurs").map(|r| r.0),
            Some(BuyingRole::User)
        );
        assert_eq!(
            parse_role("DÉCIDEUR").map(|r| r.0),
            Some(BuyingRole::Decider)
        );
        assert_eq!(
            parse_role("Conseiller - Me Durand").and_then(|r| r.1),
            Some("Me Durand".into())
        );
        assert_eq!(parse_role("stagiaire"), None);
        assert_eq!(
            parse_category("Références"),
            Some(ObjectionCategory::References)
        );
        assert_eq!(parse_category("RSE"), Some(ObjectionCategory::Csr));
        assert_eq!(parse_category("Délai"), Some(ObjectionCategory::Delay));
        assert_eq!(parse_category("météo"), None);
    }
}
