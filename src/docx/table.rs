//! Markdown tables as Word tables: a header row repeated on every page, column alignment,
//! empty cells, any length.

use docx_rs::{Paragraph, Shading, Table, TableCell, TableRow, WidthType};
use pulldown_cmark::Alignment;

/// Word refuses tables wider than 63 columns: further cells are merged into the last one.
const MAX_COLUMNS: usize = 63;
/// The text width in twips, shared equally by the columns.
const TEXT_WIDTH_TWIPS: usize = 9070;

pub struct TableBuilder {
    aligns: Vec<Alignment>,
    columns: usize,
    rows: Vec<TableRow>,
    cells: Vec<Vec<Paragraph>>,
    in_head: bool,
}

impl TableBuilder {
    pub fn new(aligns: Vec<Alignment>) -> TableBuilder {
        let columns = aligns.len().clamp(1, MAX_COLUMNS);
        TableBuilder {
            aligns,
            columns,
            rows: Vec::new(),
            cells: Vec::new(),
            in_head: true,
        }
    }

    pub fn in_head(&self) -> bool {
        self.in_head
    }

    /// The alignment of the cell about to start.
    pub fn current_alignment(&self) -> Alignment {
        self.aligns
            .get(self.cells.len())
            .copied()
            .unwrap_or(Alignment::None)
    }

    pub fn end_cell(&mut self, p: Box<Paragraph>) {
        if self.cells.len() < self.columns {
            self.cells.push(vec![*p]);
        } else if let Some(last) = self.cells.last_mut() {
            last.push(*p);
        }
    }

    pub fn end_row(&mut self, head: bool) {
        let width = TEXT_WIDTH_TWIPS / self.columns;
        let mut cells: Vec<TableCell> = std::mem::take(&mut self.cells)
            .into_iter()
            .map(|paras| {
                let mut cell = TableCell::new().width(width, WidthType::Dxa);
                for p in paras {
                    cell = cell.add_paragraph(p);
                }
                if head {
                    cell = cell.shading(Shading::new().fill("DEE6F0"));
                }
                cell
            })
            .collect();
        // Every cell holds a paragraph, as Word requires: short rows are padded.
        while cells.len() < self.columns {
            cells.push(
                TableCell::new()
                    .width(width, WidthType::Dxa)
                    .add_paragraph(Paragraph::new()),
            );
        }
        let mut row = TableRow::new(cells);
        if head {
            // cantSplit marks the header row; the packaging step adds w:tblHeader next to it,
            // which docx-rs cannot write.
            row = row.cant_split();
        }
        self.rows.push(row);
        self.in_head = false;
    }

    pub fn finish(self, style: &str) -> Table {
        let width = TEXT_WIDTH_TWIPS / self.columns;
        Table::new(self.rows)
            .style(style)
            .set_grid(vec![width; self.columns])
            .width(TEXT_WIDTH_TWIPS, WidthType::Dxa)
    }
}
