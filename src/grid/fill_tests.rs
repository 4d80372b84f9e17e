use std::collections::BTreeMap;
use std::io::Read;

use calamine::{Data, Reader};

use super::*;

fn bpu() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/grids/bpu.xlsx"
    ))
    .expect("bpu")
}

fn entries(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("entry");
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("read");
        out.insert(f.name().expect("name").into_owned(), data);
    }
    out
}

#[test]
fn prices_are_filled_in_place_and_nothing_else_changes() {
    let original = bpu();
    let values: BTreeMap<(u32, u32), f64> = [((3, 4), 150.0), ((4, 4), 80.5), ((5, 4), 1200.0)]
        .into_iter()
        .collect();
    let filled = fill_xlsx(&original, "BPU", &values).expect("filled");
    let (before, after) = (entries(&original), entries(&filled));
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (name, data) in &before {
        if name == "xl/worksheets/sheet1.xml" || name == "xl/workbook.xml" {
            continue;
        }
        assert_eq!(after.get(name), Some(data), "{name} changed");
    }
    let old_sheet = String::from_utf8_lossy(&before["xl/worksheets/sheet1.xml"]).into_owned();
    let new_sheet = String::from_utf8_lossy(&after["xl/worksheets/sheet1.xml"]).into_owned();
    // E4 kept its style; E5, absent before, was inserted between D5 and F5.
    let style = old_sheet
        .split("<c r=\"E4\"")
        .nth(1)
        .and_then(|rest| rest.split("s=\"").nth(1))
        .and_then(|rest| rest.split('"').next())
        .expect("E4 styled");
    assert!(
        new_sheet.contains(&format!("<c r=\"E4\" s=\"{style}\"><v>150</v></c>")),
        "{new_sheet}"
    );
    assert!(
        new_sheet.contains("<c r=\"E5\"><v>80.5</v></c><c r=\"F5\""),
        "{new_sheet}"
    );
    // Everything outside the filled cells is the same text.
    let element = |xml: &str, cell: &str| -> String {
        let start = xml.find(&format!("<c r=\"{cell}\"")).expect("cell");
        let rest = &xml[start..];
        let end = match (rest.find("/>"), rest.find("</c>")) {
            (Some(a), Some(b)) if a < b => a + 2,
            (_, Some(b)) => b + 4,
            (Some(a), None) => a + 2,
            _ => rest.len(),
        };
        rest[..end].to_string()
    };
    let mut old_rest = old_sheet.clone();
    let mut new_rest = new_sheet.clone();
    for cell in ["E4", "E6"] {
        old_rest = old_rest.replace(&element(&old_sheet, cell), "");
    }
    for cell in ["E4", "E5", "E6"] {
        new_rest = new_rest.replace(&element(&new_sheet, cell), "");
    }
    assert_eq!(old_rest, new_rest);
    assert!(String::from_utf8_lossy(&after["xl/workbook.xml"]).contains("fullCalcOnLoad=\"1\""));
    // It opens, and holds the numbers.
    let mut book = calamine::Xlsx::new(Cursor::new(filled)).expect("opens");
    let range = book.worksheet_range("BPU").expect("sheet");
    assert_eq!(range.get_value((3, 4)), Some(&Data::Float(150.0)));
    assert_eq!(range.get_value((4, 4)), Some(&Data::Float(80.5)));
    assert_eq!(range.get_value((5, 4)), Some(&Data::Float(1200.0)));
    assert_eq!(
        range.get_value((4, 1)),
        Some(&Data::String("Dépannage".into()))
    );
    let formula = book.worksheet_formula("BPU").expect("formulas");
    assert!(formula.used_cells().any(|(_, _, f)| f == "SUM(F4:F6)"));
}

#[test]
fn rows_that_do_not_exist_are_added_and_unknown_sheets_refused() {
    let values: BTreeMap<(u32, u32), f64> = [((20, 4), 9.5)].into_iter().collect();
    let filled = fill_xlsx(&bpu(), "BPU", &values).expect("filled");
    let mut book = calamine::Xlsx::new(Cursor::new(filled)).expect("opens");
    let range = book.worksheet_range("BPU").expect("sheet");
    assert_eq!(range.get_value((20, 4)), Some(&Data::Float(9.5)));
    assert!(matches!(
        fill_xlsx(&bpu(), "Nope", &values),
        Err(FillError::NoSheet(_))
    ));
    assert!(fill_xlsx(b"not a zip", "BPU", &values).is_err());
}

#[test]
fn calc_chain_references_are_dropped() {
    let types = r#"<Types><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>"#;
    assert_eq!(
        drop_calc_chain_refs(types),
        r#"<Types><Default Extension="xml" ContentType="application/xml"/></Types>"#
    );
    assert_eq!(
        full_calc_on_load("<workbook><sheets/><calcPr calcId=\"1\"/></workbook>"),
        "<workbook><sheets/><calcPr fullCalcOnLoad=\"1\" calcId=\"1\"/></workbook>"
    );
}
