//! Which piece of the DCE a file is (RC, CCTP, CCAP, BPU ...), from what it says first and,
//! failing that, from its name: a CCTP named `doc3.pdf` is still a CCTP.

use crate::model::DocKind;

/// Cues in the opening text of a piece, strongest first.
const CUES: &[(DocKind, &[&str])] = &[
    (
        DocKind::Rc,
        &[
            "règlement de la consultation",
            "reglement de la consultation",
            "règlement de consultation",
            "instructions to bidders",
            "invitation to tender",
        ],
    ),
    (
        DocKind::Cctp,
        &[
            "cahier des clauses techniques particulières",
            "cahier des clauses techniques particulieres",
            "c.c.t.p",
            "cahier des charges techniques",
        ],
    ),
    (
        DocKind::Ccap,
        &[
            "cahier des clauses administratives particulières",
            "cahier des clauses administratives particulieres",
            "c.c.a.p",
        ],
    ),
    (
        DocKind::Ae,
        &["acte d'engagement", "acte d’engagement", "attri1"],
    ),
    (
        DocKind::Dpgf,
        &[
            "décomposition du prix global",
            "decomposition du prix global",
            "dpgf",
        ],
    ),
    (
        DocKind::Dqe,
        &[
            "détail quantitatif estimatif",
            "detail quantitatif estimatif",
        ],
    ),
    (
        DocKind::Bpu,
        &[
            "bordereau des prix unitaires",
            "bordereau de prix unitaires",
        ],
    ),
    (
        DocKind::ResponseFrame,
        &[
            "cadre de réponse",
            "cadre de reponse",
            "cadre de mémoire technique",
            "cadre du mémoire technique",
            "questionnaire technique",
        ],
    ),
    (
        DocKind::Dc,
        &[
            "lettre de candidature",
            "déclaration du candidat",
            "dc1",
            "dc2",
            "dc4",
        ],
    ),
    (
        DocKind::Ccag,
        &["cahier des clauses administratives générales"],
    ),
];

/// Name cues, used when the text says nothing.
const NAME_CUES: &[(DocKind, &[&str])] = &[
    (DocKind::Rc, &["rc", "reglement"]),
    (DocKind::Cctp, &["cctp"]),
    (DocKind::Ccap, &["ccap"]),
    (DocKind::Bpu, &["bpu"]),
    (DocKind::Dpgf, &["dpgf"]),
    (DocKind::Dqe, &["dqe"]),
    (DocKind::Ae, &["ae", "attri1", "acte"]),
    (DocKind::ResponseFrame, &["cadre", "crt", "memoire"]),
    (DocKind::Dc, &["dc1", "dc2", "dc4"]),
    (DocKind::Espd, &["dume", "espd"]),
    (DocKind::Annex, &["plan", "annexe", "annex"]),
];

/// Classifies a piece from its name and its first pages.
pub fn classify(name: &str, first_text: &str) -> DocKind {
    let head: String = first_text
        .chars()
        .take(3000)
        .collect::<String>()
        .to_lowercase();
    // The title page names the piece; a later mention ("conformément au CCAP") must not win,
    // so the earliest cue in the text decides.
    let earliest = CUES
        .iter()
        .filter_map(|(kind, cues)| {
            cues.iter()
                .filter_map(|c| head.find(c))
                .min()
                .map(|pos| (pos, *kind))
        })
        .min_by_key(|(pos, _)| *pos);
    if let Some((_, kind)) = earliest {
        return kind;
    }
    let file = name.rsplit('/').next().unwrap_or(name).to_lowercase();
    let stem = file.rsplit_once('.').map(|(s, _)| s).unwrap_or(&file);
    let words: Vec<&str> = stem
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    NAME_CUES
        .iter()
        .find(|(_, cues)| words.iter().any(|w| cues.contains(w)))
        .map(|(kind, _)| *kind)
        .unwrap_or(DocKind::Other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_wins_over_the_name() {
        assert_eq!(
            classify(
                "doc3.pdf",
                "CAHIER DES CLAUSES ADMINISTRATIVES PARTICULIÈRES\nArticle 1"
            ),
            DocKind::Ccap
        );
        assert_eq!(
            classify(
                "RC.pdf",
                "Cahier des clauses techniques particulières (CCTP)\n... voir le règlement de la consultation"
            ),
            DocKind::Cctp
        );
        assert_eq!(classify("01_RC_2026.pdf", "Sommaire"), DocKind::Rc);
        assert_eq!(classify("x/BPU-lot1.xlsx", ""), DocKind::Bpu);
        assert_eq!(classify("photo.pdf", "rien"), DocKind::Other);
    }
}
