use super::*;

#[test]
fn posted_fields_fill_the_grid() {
    let mut g = starter(Grid {
        criteria: Vec::new(),
        offers: Vec::new(),
        settings: Default::default(),
    });
    let f = |k: &str, v: &str| (k.to_string(), v.to_string());
    apply(
        &mut g,
        &[
            f("w0", "45"),
            f("p0", "100 000"),
            f("p1", "90000,5"),
            f("m0_2", "15,5"),
            f("m1_2", "12.5"),
            f("n1", "Rival"),
            f("formula", "linear"),
            f("low", "75"),
            f("ours", "0"),
            f("new_offer", "Autre"),
        ],
    )
    .expect("applies");
    assert_eq!(g.criteria[0].weight, 45.0);
    assert_eq!(g.offers[0].price, Some(100_000.0));
    assert_eq!(g.offers[1].price, Some(90_000.5));
    assert_eq!(g.offers[0].marks[2], Some(15.5));
    assert_eq!(g.offers[1].marks[2], Some(12.5));
    assert_eq!(g.offers[1].name, "Rival");
    assert_eq!(g.offers.len(), 3);
    assert_eq!(g.settings.formula, PriceFormula::Linear);
    assert_eq!(g.settings.low_fraction, 0.75);
    assert_eq!(g.settings.ours.as_deref(), Some("Notre offre"));
    assert!(apply(&mut g, &[f("m0_2", "douze")]).is_err());
}

fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn the_structure_is_edited_by_key() {
    let mut g = crate::grid::compare::tests::sample();
    let n = g.criteria.len();
    // A sub-criterion of « Valeur technique » (key 1) added by the script as key 4, a
    // renamed criterion, offer B removed.
    let posted = fields(&[
        ("cn4", "Planning"),
        ("w4", "20"),
        ("cp4", "1"),
        ("cx4", "0"),
        ("m0_4", "12"),
        ("m2_4", "14"),
        ("cn3", "Moyens humains"),
        ("od1", "1"),
    ]);
    apply(&mut g, &posted).expect("applies");
    let names: Vec<&str> = g.criteria.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Prix",
            "Valeur technique",
            "Méthodologie",
            "Moyens humains",
            "Planning"
        ]
    );
    assert_eq!(g.criteria[4].parent, Some(1));
    assert_eq!(g.offers.len(), 2);
    assert_eq!(g.offers[1].name, "C");
    assert_eq!(g.offers[1].marks[4], Some(14.0));
    assert_eq!(g.criteria.len(), n + 1);

    // Without the script: the plain « add » fields; then a deletion with its children.
    let posted = fields(&[
        ("new_name", "Environnement"),
        ("new_weight", "10"),
        ("new_parent", ""),
    ]);
    apply(&mut g, &posted).expect("applies");
    assert_eq!(
        g.criteria.last().map(|c| c.name.as_str()),
        Some("Environnement")
    );
    apply(&mut g, &fields(&[("cd1", "1")])).expect("applies");
    let names: Vec<&str> = g.criteria.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Prix", "Environnement"]);

    // Errors name the criterion.
    let e = apply(&mut g, &fields(&[("w1", "dix")])).expect_err("refused");
    assert!(e.contains("Environnement"), "{e}");
    let e = apply(&mut g, &fields(&[("w7", "10")])).expect_err("refused");
    assert!(e.contains("without a name"), "{e}");
    let e = apply(&mut g, &fields(&[("cn7", "X"), ("cp7", "42")])).expect_err("refused");
    assert!(e.contains("« X »"), "{e}");
}
