//! Tests of the walk: lead-ins and their lists, tables, context sections, numbered paragraphs
//! and PDF text.

use super::*;

fn found(text: &str) -> Vec<(String, String, Strength)> {
    let pages = vec![text.to_string()];
    let outline = outline::outline(&pages);
    requirements(&pages, &outline)
        .into_iter()
        .map(|f| (f.reference, f.text, f.strength))
        .collect()
}

#[test]
fn list_items_under_an_obligation_lead_in_are_requirements() {
    let got = found(
        "## ARTICLE 4 - EXIGENCES\n### 4.3.2 Tableau de bord\nLe titulaire fournit notamment :\n- le nombre de tickets ;\n- le taux de résolution.\nLa collectivité s'engage à :\n- désigner un interlocuteur ;\n",
    );
    assert_eq!(
        got,
        vec![
            (
                "4.3.2".into(),
                "le nombre de tickets ;".into(),
                Strength::Mandatory
            ),
            (
                "4.3.2".into(),
                "le taux de résolution.".into(),
                Strength::Mandatory
            ),
        ]
    );
}

#[test]
fn tables_context_sections_and_numbered_paragraphs() {
    let got = found(
        "## ARTICLE 2 - CONTEXTE\nLe titulaire actuel doit partir.\n## ARTICLE 6 - NIVEAUX\nLe socle minimal des SLA est le suivant :\n| Indicateur | Engagement |\n|---|---|\n| Disponibilité | 99,9 % |\n## 3. Submission\n3.1 Bidders must submit online.\n",
    );
    assert_eq!(
        got,
        vec![
            (
                "6".into(),
                "Disponibilité | 99,9 %".into(),
                Strength::Mandatory
            ),
            (
                "3.1".into(),
                "Bidders must submit online.".into(),
                Strength::Mandatory
            ),
        ]
    );
}

#[test]
fn pdf_tables_and_stray_fragments() {
    let got = found(
        "6.4 Niveaux de service\nLe socle minimal des SLA est le suivant :\n\nIndicateur Engagement\n\nDisponibilité mensuelle 99,9 %\n\nUne disponibilité de 99,95 % est souhaitée.\n\n7.1 Plan\nLe titulaire remet :\n\n• un plan de la\n\ncollectivité ;\n• un calendrier.\n",
    );
    assert_eq!(
        got,
        vec![
            (
                "6.4".into(),
                "Disponibilité mensuelle 99,9 %".into(),
                Strength::Mandatory
            ),
            (
                "6.4".into(),
                "Une disponibilité de 99,95 % est souhaitée.".into(),
                Strength::Desirable
            ),
            ("7.1".into(), "un plan de la".into(), Strength::Mandatory),
            ("7.1".into(), "un calendrier.".into(), Strength::Mandatory),
        ]
    );
}

#[test]
fn hostile_text_neither_panics_nor_takes_long() {
    let start = std::time::Instant::now();
    let mut pages = vec![
        String::new(),
        ". ".repeat(50_000),
        "#".repeat(10_000),
        format!("## {}\n", "1.".repeat(5_000)),
        "Le titulaire :\n".repeat(5_000),
        (0..3_000)
            .map(|d| format!("{}- le titulaire doit é\u{301}\n", " ".repeat(d % 200)))
            .collect(),
        "| | |\n|---|\n| a |\n|".repeat(2_000),
        format!(
            "ARTICLE {} - X\nTITRE IIIIIIIIIII\n• \n1)\na) \n\u{0}\u{feff}",
            "9".repeat(10_000)
        ),
        format!("Le titulaire doit {} fournir.", "très ".repeat(40_000)),
        "SOMMAIRE\n".to_string() + &"1. A\n".repeat(2_000),
        "M. L. R. Art. n° 1.2.3.4.5.6.7.8.9 É. « Ça ». ".repeat(5_000),
    ];
    pages.push(pages.concat());
    let outline = outline::outline(&pages);
    let found = requirements(&pages, &outline);
    assert!(!found.is_empty());
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
}
