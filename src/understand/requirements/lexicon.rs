//! The words the requirement cues are made of: who the bidder is, who the buyer is, and the
//! words of evaluation rules and financial clauses.

pub(super) const ELISIONS: [&str; 12] = [
    "l", "d", "s", "n", "j", "m", "t", "c", "qu", "jusqu", "lorsqu", "puisqu",
];

/// Who the bidder or the contractor is called.
pub(super) const ACTORS: [&str; 21] = [
    "titulaire",
    "titulaires",
    "candidat",
    "candidats",
    "soumissionnaire",
    "soumissionnaires",
    "attributaire",
    "attributaires",
    "prestataire",
    "prestataires",
    "cocontractant",
    "fournisseur",
    "fournisseurs",
    "mandataire",
    "entrepreneur",
    "contractor",
    "supplier",
    "bidder",
    "bidders",
    "tenderer",
    "tenderers",
];
/// The contractor's people, as the agent of a passive ("réalisées par des techniciens").
pub(super) const STAFF: [&str; 9] = [
    "technicien",
    "techniciens",
    "intervenant",
    "intervenants",
    "personnel",
    "équipe",
    "équipes",
    "ingénieur",
    "ingénieurs",
];
/// Verbs after "le titulaire" that give it nothing to do (a right, a permission, a state).
pub(super) const IDLE_VERBS: [&str; 30] = [
    "peut",
    "peuvent",
    "pourra",
    "pourront",
    "pourrait",
    "pourraient",
    "encourt",
    "encourent",
    "encourra",
    "perçoit",
    "perçoivent",
    "percevra",
    "reçoit",
    "reçoivent",
    "recevra",
    "bénéficie",
    "bénéficient",
    "bénéficiera",
    "est",
    "sont",
    "sera",
    "seront",
    "était",
    "a",
    "ont",
    "aura",
    "auront",
    "dispose",
    "disposent",
    "souhaite",
];
/// Short words that are never the verb after a subject.
pub(super) const NOT_VERBS: [&str; 36] = [
    "lorsque", "puisque", "quelque", "comme", "entre", "contre", "avant", "pendant", "durant",
    "suivant", "selon", "chaque", "toute", "cette", "notre", "votre", "quant", "dont", "soit",
    "ainsi", "même", "une", "que", "qui", "et", "ou", "de", "du", "des", "au", "aux", "dans",
    "pour", "par", "sur", "avec",
];
/// The buyer, as a subject.
pub(super) const BUYERS: [&[&str]; 17] = [
    &["la", "collectivité"],
    &["le", "pouvoir", "adjudicateur"],
    &["l'", "acheteur"],
    &["l'", "établissement"],
    &["l'", "administration"],
    &["le", "maître", "d'", "ouvrage"],
    &["la", "personne", "publique"],
    &["l'", "entité", "adjudicatrice"],
    &["la", "communauté"],
    &["la", "ville"],
    &["la", "commune"],
    &["le", "client"],
    &["the", "council"],
    &["the", "authority"],
    &["the", "contracting", "authority"],
    &["the", "buyer"],
    &["the", "client"],
];
/// Words of evaluation and procedure rules (the buyer's side).
pub(super) const EVALUATION: [&str; 12] = [
    "négociation",
    "négocier",
    "critère",
    "critères",
    "pondération",
    "notation",
    "jugement",
    "anormalement",
    "evaluated",
    "scored",
    "assessed",
    "présumée",
];
/// Words of the CCAP's financial clauses, which are facts rather than requirements.
pub(super) const CLAUSES: [&str; 4] = ["pénalité", "pénalités", "moratoires", "avance"];

/// Participles of delivery: "Les plis sont transmis".
pub(super) const DELIVERED: [&str; 10] = [
    "transmis",
    "remis",
    "fourni",
    "livré",
    "déposé",
    "exprimé",
    "rédigé",
    "joint",
    "adressé",
    "présenté",
];

/// Pieces of the answer, whose content is required: "Son offre comprend ...".
pub(super) const PIECES: [&str; 9] = [
    "offre",
    "offres",
    "candidature",
    "candidatures",
    "mémoire",
    "proposition",
    "pli",
    "plis",
    "tender",
];

/// Documents of the buyer, whose content is not required of the bidder.
pub(super) const BUYER_DOCS: [&str; 12] = [
    "dce",
    "consultation",
    "présent",
    "présente",
    "ccap",
    "cctp",
    "rc",
    "règlement",
    "accord-cadre",
    "marché",
    "contrat",
    "contractuelles",
];

/// The words of a sentence: lower case, elisions apart ("s'" "engage"), punctuation as words.
pub(crate) fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        let c = if matches!(c, '’' | '‘' | 'ʼ' | '`') {
            '\''
        } else {
            c
        };
        if c.is_alphanumeric() || matches!(c, '-' | '°' | '/' | '€' | '%') {
            word.extend(c.to_lowercase());
        } else if c == '\'' && ELISIONS.contains(&word.as_str()) {
            word.push('\'');
            out.push(std::mem::take(&mut word));
        } else if c == '\'' && !word.is_empty() {
            word.push('\'');
        } else {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            if !c.is_whitespace() {
                out.push(c.to_string());
            }
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

pub(super) fn is_content_verb(x: &str) -> bool {
    matches!(
        x,
        "comprend"
            | "comprennent"
            | "comporte"
            | "comportent"
            | "contient"
            | "contiennent"
            | "inclut"
            | "incluent"
            | "intègre"
            | "intègrent"
            | "comprendra"
            | "comprendront"
            | "comportera"
            | "comporteront"
            | "contiendra"
            | "inclura"
            | "include"
            | "includes"
    )
}

/// A French verb in the 3rd person, present or future, by its ending: "fournit", "remet",
/// "assure", "transmettent", "prend", "fournira". Participles and adverbs are not.
pub(super) fn verb_like(v: &str) -> bool {
    if v.chars().count() < 2
        || !v.chars().all(|c| c.is_alphabetic() || c == '-')
        || NOT_VERBS.contains(&v)
    {
        return false;
    }
    if v.ends_with("ment")
        || v.ends_with("ant")
        || v.ends_with('é')
        || v.ends_with("ée")
        || v.ends_with("és")
        || v.ends_with("ées")
    {
        return false;
    }
    v.ends_with('e')
        || v.ends_with('t')
        || v.ends_with('d')
        || v.ends_with("ent")
        || v.ends_with("ra")
        || v.ends_with("ront")
}
