//! The objection grid as an XLSX workbook, in the import layout (so an exported file imports
//! back), with the priority as a live formula, and the clauses to negotiate on a second sheet.

use rust_xlsxwriter::{Format, Formula, Workbook, XlsxError};

use crate::i18n::Lang;
use crate::model::{NegotiationClause, Objection};

/// `people` gives a stakeholder's name by id, to write "Décideur (M. Martin)".
pub fn to_xlsx(
    objections: &[Objection],
    clauses: &[NegotiationClause],
    people: impl Fn(i64) -> Option<String>,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let sheet = book.add_worksheet();
    sheet.set_name("Objections")?;
    let header = [
        "Objection",
        "Interlocuteur",
        "Catégorie",
        "Probabilité",
        "Impact",
        "Réponse",
        "Preuve",
        "Clause",
        "Priorité",
        "Statut",
    ];
    sheet.write_row_with_format(0, 0, header, &bold)?;
    for (i, o) in objections.iter().enumerate() {
        let row = i as u32 + 1;
        let who = match o.stakeholder_id.and_then(&people) {
            Some(name) => format!("{} ({name})", o.role.label(Lang::Fr)),
            None => o.role.label(Lang::Fr).to_string(),
        };
        sheet.write_string_with_format(row, 0, &o.text, &wrap)?;
        sheet.write_string(row, 1, who)?;
        sheet.write_string(row, 2, o.category.label(Lang::Fr))?;
        sheet.write_number(row, 3, o.likelihood)?;
        sheet.write_number(row, 4, o.impact)?;
        sheet.write_string_with_format(row, 5, &o.answer, &wrap)?;
        sheet.write_string(row, 6, &o.proof)?;
        sheet.write_string(row, 7, &o.clause)?;
        // A formula, so a likelihood changed in the spreadsheet moves the priority too.
        let formula =
            Formula::new(format!("=D{0}*E{0}", row + 1)).set_result(o.priority().to_string());
        sheet.write_formula(row, 8, formula)?;
        sheet.write_string(row, 9, &o.status)?;
    }
    sheet.set_column_width(0, 60)?;
    sheet.set_column_width(1, 24)?;
    sheet.set_column_width(5, 50)?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, objections.len() as u32, 9)?;

    let sheet = book.add_worksheet();
    sheet.set_name("Clauses")?;
    sheet.write_row_with_format(
        0,
        0,
        ["Clause", "Position", "Demande", "Contrepartie", "Source"],
        &bold,
    )?;
    for (i, c) in clauses.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, &c.clause)?;
        sheet.write_string(row, 1, c.position.label(Lang::Fr))?;
        sheet.write_string_with_format(row, 2, &c.ask, &wrap)?;
        sheet.write_string_with_format(row, 3, &c.concession, &wrap)?;
        sheet.write_string_with_format(row, 4, &c.source_quote, &wrap)?;
    }
    sheet.set_column_width(0, 30)?;
    sheet.set_column_width(2, 50)?;
    sheet.set_column_width(3, 50)?;
    sheet.set_column_width(4, 60)?;
    book.save_to_buffer()
}
