//! Interface labels, French first, English second: one table, looked up by key.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    /// Picks the language from an `Accept-Language` header: English only when it comes
    /// before French; French otherwise.
    pub fn from_accept_language(header: &str) -> Lang {
        for part in header.split(',') {
            let tag = part
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            if tag.starts_with("fr") {
                return Lang::Fr;
            }
            if tag.starts_with("en") {
                return Lang::En;
            }
        }
        Lang::Fr
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// The label for `key`; an unknown key shows itself, so a missing label is visible.
    pub fn t(self, key: &str) -> &'static str {
        let found = LABELS.iter().find(|(k, _, _)| *k == key);
        match (found, self) {
            (Some((_, fr, _)), Lang::Fr) => fr,
            (Some((_, _, en)), Lang::En) => en,
            (None, _) => "??",
        }
    }
}

/// (key, French, English)
const LABELS: &[(&str, &str, &str)] = &[
    (
        "app.tagline",
        "L'atelier des réponses aux appels d'offres",
        "The tender response workbench",
    ),
    ("nav.tenders", "Consultations", "Tenders"),
    ("nav.users", "Utilisateurs", "Users"),
    ("nav.password", "Mot de passe", "Password"),
    ("nav.logout", "Se déconnecter", "Log out"),
    ("login.title", "Connexion", "Sign in"),
    ("login.name", "Identifiant", "User name"),
    ("login.password", "Mot de passe", "Password"),
    ("login.submit", "Se connecter", "Sign in"),
    (
        "login.failed",
        "Identifiant ou mot de passe incorrect.",
        "Wrong user name or password.",
    ),
    (
        "login.throttled",
        "Trop de tentatives depuis cette adresse. Réessayez plus tard.",
        "Too many attempts from this address. Try again later.",
    ),
    (
        "login.logged_out",
        "Vous êtes déconnecté.",
        "You are signed out.",
    ),
    ("tenders.title", "Consultations en cours", "Tenders"),
    (
        "tenders.empty",
        "Aucune consultation pour l'instant.",
        "No tender yet.",
    ),
    ("tenders.new", "Nouvelle consultation", "New tender"),
    ("tenders.create", "Créer", "Create"),
    ("tender.title", "Intitulé", "Title"),
    ("tender.reference", "Référence", "Reference"),
    ("tender.buyer", "Acheteur", "Buyer"),
    ("tender.stage", "Étape", "Stage"),
    (
        "tender.deadline",
        "Date limite de remise des offres",
        "Offer deadline",
    ),
    ("tender.days_left", "Temps restant", "Time left"),
    ("tender.procedure", "Procédure", "Procedure"),
    ("tender.value", "Montant estimé", "Estimated value"),
    ("tender.cpv", "Codes CPV", "CPV codes"),
    ("tender.lots", "Lots", "Lots"),
    (
        "tender.criteria",
        "Critères d'attribution",
        "Award criteria",
    ),
    ("tender.weight", "Pondération", "Weight"),
    ("tender.share", "Part de la note", "Share of the mark"),
    ("tender.summary", "Objet", "Object"),
    ("tender.stakeholders", "Centre de décision", "Buying centre"),
    ("tender.none", "Non renseigné", "Not stated"),
    ("tender.passed", "Échue", "Passed"),
    (
        "tender.moved_from",
        "Reportée ; date initiale :",
        "Moved; first deadline:",
    ),
    ("users.title", "Utilisateurs", "Users"),
    ("users.name", "Identifiant", "User name"),
    ("users.role", "Rôle", "Role"),
    ("users.created", "Créé le", "Created"),
    ("users.add", "Ajouter un utilisateur", "Add a user"),
    (
        "users.password",
        "Mot de passe initial (12 caractères minimum)",
        "Initial password (12 characters or more)",
    ),
    ("users.added", "Utilisateur ajouté.", "User added."),
    (
        "password.title",
        "Changer de mot de passe",
        "Change password",
    ),
    (
        "password.must_change",
        "Ce mot de passe était à usage unique : choisissez-en un nouveau.",
        "That password was for one use: choose a new one.",
    ),
    (
        "password.current",
        "Mot de passe actuel",
        "Current password",
    ),
    (
        "password.new",
        "Nouveau mot de passe (12 caractères minimum)",
        "New password (12 characters or more)",
    ),
    ("password.submit", "Enregistrer", "Save"),
    (
        "password.changed",
        "Mot de passe modifié.",
        "Password changed.",
    ),
    ("error.title", "Erreur", "Error"),
    ("error.back", "Retour à l'accueil", "Back to the start page"),
    ("error.not_found", "Page introuvable", "Not found"),
    ("error.forbidden", "Accès refusé", "Not allowed"),
    (
        "error.unauthenticated",
        "Connexion requise",
        "Sign-in required",
    ),
    ("error.invalid", "Données invalides", "Invalid data"),
    ("error.conflict", "Conflit", "Conflict"),
    (
        "error.internal",
        "Erreur interne : l'incident est consigné.",
        "Internal error: it has been logged.",
    ),
    ("error.throttled", "Trop de tentatives", "Too many attempts"),
    (
        "error.too_large",
        "Fichier trop volumineux",
        "File too large",
    ),
    (
        "error.method_not_allowed",
        "Méthode non autorisée",
        "Method not allowed",
    ),
    (
        "error.unsupported_media_type",
        "Format non pris en charge",
        "Unsupported format",
    ),
    ("error.error", "Erreur", "Error"),
    ("docs.title", "Pièces du dossier", "Tender documents"),
    (
        "docs.drop",
        "Déposez ici les fichiers ou le ZIP du DCE, ou choisissez-les :",
        "Drop the files or the DCE ZIP here, or choose them:",
    ),
    ("docs.upload", "Téléverser", "Upload"),
    ("docs.sending", "Envoi", "Sending"),
    ("docs.reading", "Lecture des pièces…", "Reading the pieces…"),
    (
        "docs.done",
        "fichier(s) lu(s), pièce(s) trouvée(s)",
        "file(s) read, piece(s) found",
    ),
    (
        "docs.empty",
        "Aucune pièce pour l'instant.",
        "No document yet.",
    ),
    ("docs.name", "Pièce", "Document"),
    ("docs.kind", "Type", "Kind"),
    ("docs.pages", "Pages", "Pages"),
    ("docs.size", "Taille", "Size"),
    ("docs.problem", "Remarque", "Problem"),
    (
        "docs.download",
        "Télécharger l'original",
        "Download the original",
    ),
    (
        "docs.back",
        "Retour à la consultation",
        "Back to the tender",
    ),
    ("docs.page", "Page", "Page"),
    ("docs.outline", "Plan", "Outline"),
    ("docs.correct", "Corriger", "Correct"),
    ("req.title", "Exigences", "Requirements"),
    ("facts.title", "Points clés", "Key facts"),
    ("facts.conflict", "sources divergentes", "sources disagree"),
    ("facts.source", "source", "source"),
    (
        "facts.missing",
        "non trouvé dans les pièces",
        "not found in the documents",
    ),
    (
        "fact.deadline",
        "Date limite de remise des offres",
        "Offer deadline",
    ),
    (
        "fact.questions_deadline",
        "Date limite des questions",
        "Questions deadline",
    ),
    (
        "fact.validity_days",
        "Validité des offres",
        "Offer validity",
    ),
    (
        "fact.site_visit",
        "Visite obligatoire",
        "Mandatory site visit",
    ),
    ("fact.procedure", "Procédure", "Procedure"),
    ("fact.lots", "Lots", "Lots"),
    ("fact.duration", "Durée", "Duration"),
    ("fact.renewals", "Reconductions", "Renewals"),
    (
        "fact.variants_allowed",
        "Variantes autorisées",
        "Variants allowed",
    ),
    (
        "fact.price_formula",
        "Formule de notation du prix",
        "Price scoring formula",
    ),
    ("fact.price_form", "Forme du prix", "Price form"),
    (
        "fact.payment_delay_days",
        "Délai de paiement",
        "Payment delay",
    ),
    ("fact.advance_percent", "Avance", "Advance"),
    ("fact.retention_percent", "Retenue de garantie", "Retention"),
    ("fact.penalties", "Pénalités", "Penalties"),
    ("fact.price_revision", "Révision des prix", "Price revision"),
    ("fact.insurance", "Assurances", "Insurance"),
    ("fact.cpv", "Codes CPV", "CPV codes"),
    (
        "fact.estimated_value_cents",
        "Montant estimé",
        "Estimated value",
    ),
    ("fact.estimated_value", "Montant estimé", "Estimated value"),
    ("fact.buyer", "Acheteur", "Buyer"),
    ("fact.reference", "Référence", "Reference"),
    ("fact.framework", "Forme du marché", "Contract form"),
    (
        "fact.negotiation_possible",
        "Négociation possible",
        "Negotiation possible",
    ),
    (
        "fact.abnormally_low",
        "Offre anormalement basse",
        "Abnormally low offer",
    ),
    (
        "fact.memoire_page_limit",
        "Pages du mémoire technique (max.)",
        "Technical answer page limit",
    ),
    (
        "fact.required_pieces",
        "Pièces à fournir",
        "Pieces to provide",
    ),
    (
        "fact.advance_guarantee",
        "Garantie de l'avance",
        "Advance guarantee",
    ),
    (
        "fact.termination_indemnity_percent",
        "Indemnité de résiliation",
        "Termination indemnity",
    ),
    ("req.count", "exigence(s)", "requirement(s)"),
    ("req.mandatory_count", "obligatoire(s)", "mandatory"),
    ("req.category", "Catégorie", "Category"),
    ("req.strength", "Force", "Strength"),
    ("req.filter", "Filtrer", "Filter"),
    ("req.ref", "Article", "Section"),
    ("req.text", "Exigence", "Requirement"),
    ("req.source", "Source", "Source"),
    ("req.open", "voir", "open"),
    ("req.merge", "Fusionner la sélection", "Merge the selection"),
    ("req.add", "Ajouter une exigence", "Add a requirement"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_unless_english_comes_first() {
        assert_eq!(
            Lang::from_accept_language("en-GB,en;q=0.9,fr;q=0.8"),
            Lang::En
        );
        assert_eq!(
            Lang::from_accept_language("fr-FR,fr;q=0.9,en;q=0.8"),
            Lang::Fr
        );
        assert_eq!(Lang::from_accept_language("de-DE"), Lang::Fr);
        assert_eq!(Lang::from_accept_language(""), Lang::Fr);
    }

    #[test]
    fn every_label_has_both_languages_and_unique_keys() {
        let mut keys: Vec<&str> = LABELS.iter().map(|(k, _, _)| *k).collect();
        keys.sort_unstable();
        let before = keys.len();
        keys.dedup();
        assert_eq!(before, keys.len(), "duplicate label key");
        assert!(
            LABELS
                .iter()
                .all(|(_, fr, en)| !fr.is_empty() && !en.is_empty())
        );
        assert_eq!(Lang::En.t("nav.logout"), "Log out");
        assert_eq!(Lang::Fr.t("no.such.key"), "??");
    }
}
