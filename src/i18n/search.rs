//! Labels of search.

/// (key, French, English)
pub const LABELS: &[(&str, &str, &str)] = &[
    ("search.title", "Recherche", "Search"),
    (
        "search.placeholder",
        "Rechercher dans les consultations, pièces, exigences, réponses…",
        "Search tenders, pieces, requirements, answers…",
    ),
    ("search.box", "Rechercher", "Search"),
    ("search.go", "Rechercher", "Search"),
    (
        "search.help",
        "Tous les mots sont requis. \"expression exacte\", préfixe*, OU, SAUF (ou OR, NOT, -mot).",
        "All words are required. \"exact phrase\", prefix*, OR, NOT (or OU, SAUF, -word).",
    ),
    ("search.results", "résultats", "results"),
    ("search.none", "Aucun résultat.", "No result."),
    ("search.facet.kind", "Type", "Kind"),
    ("search.facet.tender", "Consultation", "Tender"),
    ("search.facet.buyer", "Acheteur", "Buyer"),
    ("search.facet.stage", "Étape", "Stage"),
    ("search.facet.doc_kind", "Pièce", "Piece"),
    ("search.facet.lot", "Lot", "Lot"),
    (
        "search.lot.common",
        "Commun à tous les lots",
        "Common to every lot",
    ),
    ("search.from", "Date limite du", "Deadline from"),
    ("search.to", "au", "to"),
    ("search.kind.tender", "Consultation", "Tender"),
    ("search.kind.document", "Pièce", "Piece"),
    ("search.kind.page", "Page", "Page"),
    ("search.kind.section", "Article", "Section"),
    ("search.kind.requirement", "Exigence", "Requirement"),
    ("search.kind.response_section", "Réponse", "Response"),
    ("search.kind.library_block", "Bibliothèque", "Library"),
    ("access.title", "Accès", "Access"),
    (
        "access.restricted",
        "Accès restreint (les contributeurs et lecteurs non membres ne voient pas cette consultation)",
        "Restricted (contributors and viewers who are not members cannot see this tender)",
    ),
    ("access.members", "Membres", "Members"),
    ("access.save", "Enregistrer", "Save"),
];
