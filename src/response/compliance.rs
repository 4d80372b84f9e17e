//! The compliance matrix: every requirement with the answer's position on it, the section that
//! answers it and a comment; its coverage; its XLSX export and its annex table.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::{ComplianceStatus, Requirement, Strength};

use super::Section;

/// One line of the matrix.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub requirement: Requirement,
    /// The heading of the answering section ("" when none).
    pub section: String,
    pub covered: bool,
}

/// The matrix in reading order for the team: uncovered mandatory requirements first, then
/// other uncovered ones, then the covered; each group in the documents' order.
#[derive(Debug, Clone, Serialize)]
pub struct Matrix {
    pub lines: Vec<Line>,
    pub covered: usize,
    pub total: usize,
    /// Covered share, 0 to 100, rounded down.
    pub percent: u32,
    pub uncovered_mandatory: usize,
}

/// A requirement is covered when the team took a position on it (anything but "à traiter")
/// and, unless it does not apply, named the section that answers it.
pub fn is_covered(r: &Requirement) -> bool {
    match r.compliance {
        ComplianceStatus::Open => false,
        ComplianceStatus::NotApplicable => true,
        _ => r.answer_section_id.is_some(),
    }
}

pub fn matrix(requirements: Vec<Requirement>, sections: &[Section]) -> Matrix {
    let total = requirements.len();
    let mut lines: Vec<Line> = requirements
        .into_iter()
        .map(|r| {
            let section = r
                .answer_section_id
                .and_then(|id| sections.iter().find(|s| s.id == id))
                .map(Section::heading)
                .unwrap_or_default();
            let covered = is_covered(&r);
            Line {
                requirement: r,
                section,
                covered,
            }
        })
        .collect();
    // A stable sort keeps the documents' order inside each group.
    lines.sort_by_key(|l| match (l.covered, l.requirement.strength) {
        (false, Strength::Mandatory) => 0,
        (false, _) => 1,
        (true, _) => 2,
    });
    let covered = lines.iter().filter(|l| l.covered).count();
    let uncovered_mandatory = lines
        .iter()
        .filter(|l| !l.covered && l.requirement.strength == Strength::Mandatory)
        .count();
    let percent = (covered * 100)
        .checked_div(total)
        .map_or(0, |p| u32::try_from(p).unwrap_or(100));
    Matrix {
        lines,
        covered,
        total,
        percent,
        uncovered_mandatory,
    }
}

const HEADERS: [&str; 7] = [
    "Réf.",
    "Exigence",
    "Force",
    "Statut",
    "Section de réponse",
    "Commentaire",
    "Page",
];

/// The matrix as an XLSX workbook (one sheet, header row frozen and filtered).
pub fn xlsx(m: &Matrix) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, FormatAlign, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| Error::Internal(format!("xlsx: {e}"));
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Matrice de conformité").map_err(err)?;
    let bold = Format::new().set_bold().set_background_color("#DDE4EE");
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(err)?;
    }
    for (i, l) in m.lines.iter().enumerate() {
        let row = u32::try_from(i + 1).map_err(|_| Error::Invalid("too many lines".into()))?;
        let r = &l.requirement;
        let cells = [
            r.reference.as_str(),
            r.text.as_str(),
            r.strength.label(crate::i18n::Lang::Fr),
            r.compliance.label(crate::i18n::Lang::Fr),
            l.section.as_str(),
            r.comment.as_str(),
        ];
        for (c, v) in cells.iter().enumerate() {
            ws.write_string_with_format(row, c as u16, *v, &wrap)
                .map_err(err)?;
        }
        if let Some(p) = r.page {
            ws.write_number(row, 6, f64::from(p)).map_err(err)?;
        }
    }
    for (c, w) in [10.0, 70.0, 12.0, 22.0, 35.0, 40.0, 6.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w).map_err(err)?;
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    let last = u32::try_from(m.lines.len()).unwrap_or(u32::MAX - 1);
    ws.autofilter(0, 0, last, 6).map_err(err)?;
    wb.save_to_buffer().map_err(err)
}

/// A cell of a Markdown table: pipes and line breaks would break the row.
pub fn md_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The matrix as a Markdown table, for the annex of the Word document.
pub fn annex_table(m: &Matrix) -> String {
    let mut out = String::from(
        "| Réf. | Exigence | Force | Statut | Section de réponse | Commentaire |\n|---|---|---|---|---|---|\n",
    );
    for l in &m.lines {
        let r = &l.requirement;
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            md_cell(&r.reference),
            md_cell(&r.text),
            r.strength.label(crate::i18n::Lang::Fr),
            r.compliance.label(crate::i18n::Lang::Fr),
            md_cell(&l.section),
            md_cell(&r.comment),
        ));
    }
    out
}
