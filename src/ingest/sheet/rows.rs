//! A sheet's cells gathered as they stream in: rows kept as they come (a row at a time in a
//! well-formed file), the cell limits checked before anything grows, then one dense block
//! from the first cell's row and column to the last's.

use std::collections::BTreeMap;

use super::{Cell, Sheet};
use crate::ingest::ExtractError;

/// Rows of cells, each row a vector indexed by absolute column.
pub(super) struct Rows {
    /// The row being filled.
    current: Option<(u32, Vec<Cell>)>,
    /// Rows done; a row that comes back (cells out of row order) is taken out to be filled
    /// again.
    done: BTreeMap<u32, Vec<Cell>>,
    min_row: u32,
    max_row: u32,
    min_col: u32,
    max_col: u32,
    kept: usize,
    /// Cells this sheet may keep (what the workbook's limit leaves).
    budget: usize,
    /// Cells the dense block may span.
    max_cells: usize,
}

impl Rows {
    pub(super) fn new(budget: usize, max_cells: usize) -> Rows {
        Rows {
            current: None,
            done: BTreeMap::new(),
            min_row: u32::MAX,
            max_row: 0,
            min_col: u32::MAX,
            max_col: 0,
            kept: 0,
            budget,
            max_cells,
        }
    }

    /// Puts `cell` at (row, col), 0-based. Cells out of row order are read all the same; the
    /// sheet is refused once its block would span more cells than allowed, before it grows.
    pub(super) fn put(
        &mut self,
        name: &str,
        row: u32,
        col: u32,
        cell: Cell,
    ) -> Result<(), ExtractError> {
        if self.kept >= self.budget {
            return Err(ExtractError::TooLarge(format!(
                "sheet {name:?}: more than {} cells",
                self.max_cells
            )));
        }
        let height = u64::from(self.max_row.max(row)) - u64::from(self.min_row.min(row)) + 1;
        // Rows hold columns from 0 until the end: bound that, and so the final block.
        let width = u64::from(self.max_col.max(col)) + 1;
        if height.saturating_mul(width) > self.max_cells as u64 {
            return Err(super::too_large(name, height, width, self.max_cells));
        }
        if self.current.as_ref().is_none_or(|(r, _)| *r != row) {
            self.flush();
            let line = self.done.remove(&row).unwrap_or_default();
            self.current = Some((row, line));
        }
        if let Some((_, line)) = self.current.as_mut() {
            let c = col as usize;
            if c >= line.len() {
                line.resize(c + 1, Cell::Empty);
            }
            if let Some(slot) = line.get_mut(c) {
                *slot = cell;
            }
        }
        self.min_row = self.min_row.min(row);
        self.max_row = self.max_row.max(row);
        self.min_col = self.min_col.min(col);
        self.max_col = self.max_col.max(col);
        self.kept += 1;
        Ok(())
    }

    fn flush(&mut self) {
        if let Some((row, line)) = self.current.take() {
            self.done.insert(row, line);
        }
    }

    /// The sheet: rows from the first cell's row and column to the last's, every row as
    /// wide as the block.
    pub(super) fn finish(
        mut self,
        name: &str,
        merged: Vec<String>,
        problems: Vec<String>,
    ) -> Sheet {
        self.flush();
        let mut sheet = Sheet {
            name: name.into(),
            first_row: 0,
            first_col: 0,
            header_row: None,
            rows: Vec::new(),
            merged,
            problems,
        };
        if self.done.is_empty() {
            return sheet;
        }
        let c0 = self.min_col as usize;
        let width = (self.max_col - self.min_col) as usize + 1;
        let height = (self.max_row - self.min_row) as usize + 1;
        let mut rows: Vec<Vec<Cell>> = Vec::with_capacity(height);
        for (row, mut line) in self.done {
            let at = (row - self.min_row) as usize;
            while rows.len() < at {
                rows.push(vec![Cell::Empty; width]);
            }
            line.drain(..c0.min(line.len()));
            line.resize(width, Cell::Empty);
            rows.push(line);
        }
        sheet.first_row = self.min_row;
        sheet.first_col = self.min_col;
        sheet.rows = rows;
        sheet
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Cell {
        Cell::Text(t.into())
    }

    #[test]
    fn cells_out_of_order_make_the_same_block() {
        let mut rows = Rows::new(100, 100);
        for (r, c, t) in [(3, 2, "c"), (1, 3, "a"), (2, 1, "b")] {
            rows.put("S", r, c, text(t)).expect("fits");
        }
        let sheet = rows.finish("S", Vec::new(), Vec::new());
        assert_eq!((sheet.first_row, sheet.first_col), (1, 1));
        assert_eq!(
            sheet.rows,
            vec![
                vec![Cell::Empty, Cell::Empty, text("a")],
                vec![text("b"), Cell::Empty, Cell::Empty],
                vec![Cell::Empty, text("c"), Cell::Empty],
            ]
        );
    }

    #[test]
    fn limits_refuse_before_anything_grows() {
        let mut rows = Rows::new(100, 100);
        rows.put("S", 0, 0, text("haut")).expect("fits");
        let e = rows
            .put("S", 1_048_575, 0, text("bas"))
            .expect_err("too tall");
        assert!(e.to_string().contains("1048576 rows"), "{e}");
        let mut rows = Rows::new(2, 100);
        rows.put("S", 0, 0, text("a")).expect("fits");
        rows.put("S", 0, 1, text("b")).expect("fits");
        assert!(rows.put("S", 0, 2, text("c")).is_err(), "over the budget");
        let empty = Rows::new(1, 1).finish("S", Vec::new(), Vec::new());
        assert!(empty.rows.is_empty());
    }
}
