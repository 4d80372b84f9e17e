use super::*;
use crate::grid::{PriceFormula, compute};

fn fixture(name: &str) -> Result<Grid, ImportError> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/grids")
        .join(name);
    let bytes = std::fs::read(&path).expect("fixture");
    import(name, &bytes, &Limits::default())
}

fn error_cell(name: &str) -> (Option<String>, String) {
    match fixture(name) {
        Ok(_) => panic!("{name} imported"),
        Err(e) => (e.cell.clone(), e.to_string()),
    }
}

#[test]
fn the_xlsx_grid_imports_with_its_parameters() {
    let g = fixture("grille.xlsx").expect("imports");
    let names: Vec<&str> = g.criteria.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "Prix des prestations",
            "Valeur technique",
            "Méthodologie",
            "Moyens humains"
        ]
    );
    assert_eq!(g.criteria[2].parent, Some(1));
    assert_eq!(g.criteria[2].number, "2.1");
    assert!(g.criteria[0].is_price);
    assert_eq!(g.offers.len(), 3);
    assert_eq!(g.offers[1].name, "Concurrent A");
    assert_eq!(g.offers[1].price, Some(80_000.0));
    assert_eq!(g.offers[2].marks[3], Some(16.0));
    assert_eq!(g.settings.ours.as_deref(), Some("Notre offre"));
    assert_eq!(g.settings.formula, PriceFormula::Proportional);
    let out = compute(&g).expect("computes");
    assert!((out.offers[0].total - 71.0).abs() < 1e-9);
}

#[test]
fn csv_and_ods_import_the_same_grid() {
    let x = fixture("grille.xlsx").expect("xlsx");
    let c = fixture("grille.csv").expect("csv");
    assert_eq!(c.criteria, x.criteria);
    assert_eq!(c.offers, x.offers);
    let o = fixture("grille.ods").expect("ods");
    assert_eq!(o.criteria, x.criteria);
    assert_eq!(o.offers, x.offers);
    assert_eq!(o.settings.formula, PriceFormula::Linear);
}

#[test]
fn errors_name_the_cell() {
    let (cell, msg) = error_cell("erreur-poids.xlsx");
    assert_eq!(cell.as_deref(), Some("Grille!B7"), "{msg}");
    assert!(msg.contains("add up to 90"), "{msg}");
    let (cell, msg) = error_cell("erreur-note.xlsx");
    assert_eq!(cell.as_deref(), Some("Grille!D6"), "{msg}");
    let (cell, msg) = error_cell("erreur-prix-manquant.xlsx");
    assert_eq!(cell.as_deref(), Some("Grille!E4"), "{msg}");
    assert!(msg.contains("missing price"), "{msg}");
    let (cell, msg) = error_cell("erreur-formule.xlsx");
    assert_eq!(cell.as_deref(), Some("Grille!C6"), "{msg}");
    assert!(msg.contains("formula"), "{msg}");
}

#[test]
fn hostile_and_odd_input_is_refused_with_a_reason() {
    let csv = |text: &str| import("g.csv", text.as_bytes(), &Limits::default());
    let e = csv("Critère;Pondération;A\nPrix;100;10\n").expect_err("no number");
    assert_eq!(e.cell.as_deref(), Some("CSV!A2"));
    let e = csv("Critère;Pondération;A\n1.1 Sous;100;10\n").expect_err("orphan");
    assert!(e.message.contains("parent"), "{e}");
    let e = csv("Nom;Valeur\n1;2\n").expect_err("no header");
    assert!(e.message.contains("header"), "{e}");
    let e = csv("Critère;Pondération;A\n1 Prix;100;-5\n").expect_err("negative");
    assert_eq!(e.cell.as_deref(), Some("CSV!C2"));
    let e = csv("Critère;Pondération;A;a\n1 Prix;100;5;6\n").expect_err("duplicate");
    assert!(e.message.contains("a"), "{e}");
    assert!(import("x.pdf", b"%PDF-1.4 garbage", &Limits::default()).is_err());
    assert!(import("x.xlsx", b"PK\x03\x04broken", &Limits::default()).is_err());
    // Weights in points: sub-criteria adding up to their parent's weight are fine.
    let g = csv("Critère;Pondération;A\n1 Prix;40;100\n2 Technique;60;\n2.1 Méthode;35;10\n2.2 Moyens;25;12\n")
        .expect("points");
    assert_eq!(g.criteria.len(), 4);
}

#[test]
fn numbers_split_from_names() {
    assert_eq!(
        split_number("1.2 Moyens humains"),
        Some(("1.2".into(), "Moyens humains".into()))
    );
    assert_eq!(
        split_number("2. - Valeur"),
        Some(("2".into(), "Valeur".into()))
    );
    assert_eq!(split_number("Prix"), None);
    assert_eq!(split_number("12"), None);
    assert_eq!(split_number("1..2 x"), None);
}
