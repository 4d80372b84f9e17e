//! The category of a requirement, from keyword cues in its own text first, then in its
//! lead-in and in the titles of the sections that hold it.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::model::Category;

use Category::{
    Administrative as Adm, Delivery as Del, Environmental as Env, Financial as Fin,
    Security as Sec, Staffing as Sta, Technical as Tec,
};

/// (cue, category, weight). A cue matches at the start of a word; "=cue" matches a whole word.
const CUES: &[(&str, Category, u32)] = &[
    ("sécurité", Sec, 1),
    ("plan d'assurance sécurité", Sec, 3),
    ("incident de sécurité", Sec, 2),
    ("sécuris", Sec, 2),
    ("cyber", Sec, 3),
    ("=anssi", Sec, 3),
    ("=rgs", Sec, 2),
    ("=rgpd", Sec, 3),
    ("données à caractère personnel", Sec, 3),
    ("données personnelles", Sec, 3),
    ("protection des données", Sec, 3),
    ("confidenti", Sec, 2),
    ("secret professionnel", Sec, 3),
    ("discrétion", Sec, 2),
    ("authentification", Sec, 3),
    ("habilitation", Sec, 1),
    ("comptes nominatifs", Sec, 2),
    ("mot de passe", Sec, 2),
    ("chiffr", Sec, 2),
    ("antivirus", Sec, 3),
    ("27001", Sec, 3),
    ("secnumcloud", Sec, 3),
    ("security", Sec, 3),
    ("patch", Sec, 2),
    ("audit log", Sec, 2),
    ("bastion", Sec, 2),
    ("removable media", Sec, 2),
    ("immuable", Sec, 3),
    ("effacement", Sec, 2),
    ("charte informatique", Sec, 2),
    ("territoire", Sec, 2),
    ("=data", Sec, 1),
    ("stored", Sec, 1),
    ("environnement", Env, 3),
    ("déchets", Env, 3),
    ("=deee", Env, 3),
    ("recycl", Env, 3),
    ("reconditionn", Env, 2),
    ("émission", Env, 2),
    ("carbone", Env, 3),
    ("énergétique", Env, 3),
    ("=pue", Env, 2),
    ("waste", Env, 3),
    ("environmental", Env, 3),
    ("écolog", Env, 2),
    ("personnel", Sta, 2),
    ("technicien", Sta, 2),
    ("ingénieur", Sta, 2),
    ("intervenant", Sta, 2),
    ("=équipe", Sta, 2),
    ("=équipes", Sta, 2),
    ("responsable", Sta, 1),
    ("compétence", Sta, 2),
    ("expérience", Sta, 2),
    ("curriculum", Sta, 2),
    ("=cv", Sta, 2),
    ("titres d'études", Sta, 3),
    ("formation", Sta, 2),
    ("anglais", Sta, 2),
    ("=staff", Sta, 2),
    ("engineer", Sta, 2),
    ("présence physique", Sta, 2),
    ("effectif", Sta, 2),
    ("recrut", Sta, 2),
    ("délai", Del, 2),
    ("au plus tard", Del, 3),
    ("du lundi au vendredi", Del, 2),
    ("horaires", Del, 2),
    ("délais d'intervention", Del, 2),
    ("en moins de", Del, 2),
    ("heures ouvrées", Del, 1),
    ("jours ouvrés", Del, 1),
    ("niveau de service", Del, 3),
    ("niveaux de service", Del, 3),
    ("=sla", Del, 3),
    ("disponibilité", Del, 2),
    ("prise en charge", Del, 1),
    ("rétablissement", Del, 2),
    ("réversibilité", Del, 3),
    ("planning", Del, 2),
    ("calendrier", Del, 2),
    ("phase d'initialisation", Del, 2),
    ("continuité", Del, 2),
    ("migration", Del, 2),
    ("interruption", Del, 1),
    ("within", Del, 2),
    ("available from", Del, 2),
    ("taux", Del, 1),
    ("obligation de résultat", Del, 2),
    ("durée", Del, 1),
    ("=rpo", Del, 2),
    ("=rto", Del, 2),
    ("minutes", Del, 1),
    ("accessible", Del, 1),
    ("prix", Fin, 2),
    ("factur", Fin, 2),
    ("montant", Fin, 1),
    ("euros", Fin, 2),
    ("chiffre d'affaires", Fin, 3),
    ("=bpu", Fin, 2),
    ("=dqe", Fin, 2),
    ("=dpgf", Fin, 2),
    ("garantie à première demande", Fin, 3),
    ("paiement", Fin, 2),
    ("=pay", Fin, 2),
    ("price", Fin, 2),
    ("pricing", Fin, 3),
    ("invoice", Fin, 2),
    ("à la charge du titulaire", Fin, 1),
    ("frais", Fin, 1),
    ("=tva", Fin, 2),
    ("hors taxes", Fin, 2),
    ("rabais", Fin, 3),
    ("escompte", Fin, 3),
    ("chorus", Fin, 2),
    ("offre", Adm, 1),
    ("candidature", Adm, 2),
    ("formulaire", Adm, 2),
    ("attestation", Adm, 2),
    ("=dume", Adm, 2),
    ("=kbis", Adm, 3),
    ("urssaf", Adm, 3),
    ("assurance", Adm, 1),
    ("signature", Adm, 2),
    ("signer", Adm, 2),
    ("signed", Adm, 2),
    ("acte d'engagement", Adm, 2),
    ("variante", Adm, 2),
    ("visite", Adm, 2),
    ("comité", Adm, 2),
    ("compte rendu", Adm, 2),
    ("ordre du jour", Adm, 2),
    ("tableau de bord", Adm, 2),
    ("enquête de satisfaction", Adm, 2),
    ("pilotage", Adm, 1),
    ("=pages", Adm, 1),
    ("inscri", Adm, 2),
    ("format a4", Adm, 2),
    ("police", Adm, 1),
    ("annexes", Adm, 1),
    ("dossier", Adm, 1),
    ("english", Adm, 2),
    ("written", Adm, 1),
    ("traduction", Adm, 2),
    ("langue", Adm, 1),
    ("profil acheteur", Adm, 2),
    ("=pli", Adm, 2),
    ("=plis", Adm, 2),
    ("groupement", Adm, 2),
    ("accuse réception", Adm, 3),
    ("bon de commande", Adm, 1),
    ("reconduction", Adm, 2),
    ("tender", Adm, 1),
    ("submi", Adm, 2),
    ("questionnaire", Adm, 2),
    ("register", Adm, 2),
    ("=report", Adm, 2),
    ("hygiène", Adm, 2),
    ("numérotation", Adm, 2),
    ("rubrique", Adm, 2),
    ("cadre de réponse", Adm, 2),
    ("certificat", Adm, 1),
    ("obligations fiscales", Adm, 2),
    ("responsabilité civile", Adm, 3),
    ("plan d'assurance qualité", Adm, 2),
    ("infrastructure", Tec, 2),
    ("serveur", Tec, 2),
    ("sauvegarde", Tec, 2),
    ("restauration", Tec, 2),
    ("supervision", Tec, 2),
    ("réseau", Tec, 2),
    ("machine virtuelle", Tec, 2),
    ("machines virtuelles", Tec, 2),
    ("hyperviseur", Tec, 2),
    ("=glpi", Tec, 2),
    ("outil", Tec, 1),
    ("logiciel", Tec, 1),
    ("portail", Tec, 1),
    ("centre de services", Tec, 2),
    ("centre de données", Tec, 2),
    ("inventaire", Tec, 2),
    ("paramétrage", Tec, 2),
    ("configuration", Tec, 2),
    ("diagnostic", Tec, 2),
    ("pièces", Tec, 1),
    ("matériel", Tec, 1),
    ("déploiement", Tec, 2),
    ("télédistribution", Tec, 2),
    ("interopérabilité", Tec, 2),
    ("=itil", Tec, 1),
    ("redond", Tec, 2),
    ("base de connaissances", Tec, 2),
    ("à distance", Tec, 1),
    ("prise en main", Tec, 2),
    ("temps réel", Tec, 1),
    ("documentation", Tec, 1),
    ("procédures", Tec, 1),
    ("technique", Tec, 1),
    ("service desk", Tec, 1),
    ("interface", Tec, 1),
];

/// Cue weights per category (in the order of `Category::ALL`).
pub(crate) type Scores = [u32; 7];

/// The category of a requirement: its own words weigh most, then its lead-in, then the
/// titles of its sections (given outermost first); technical when nothing speaks.
#[cfg(test)]
pub(crate) fn category(text: &str, lead: &str, sections: &[&str]) -> Category {
    let sections: Vec<Scores> = sections.iter().map(|s| scores(s)).collect();
    pick(&scores(text), &scores(lead), &sections)
}

/// The category from the scores of a requirement's text, lead-in and sections (outermost first).
pub(crate) fn pick(own: &Scores, lead: &Scores, sections: &[Scores]) -> Category {
    let mut total = [0u32; 7];
    for (k, slot) in total.iter_mut().enumerate() {
        let inner = sections
            .iter()
            .rev()
            .enumerate()
            .map(|(depth, s)| s.get(k).copied().unwrap_or(0) * if depth == 0 { 2 } else { 1 });
        *slot = own.get(k).copied().unwrap_or(0) * 4
            + lead.get(k).copied().unwrap_or(0) * 2
            + inner.sum::<u32>();
    }
    let best = total.iter().copied().max().unwrap_or(0);
    if best == 0 {
        return Tec;
    }
    // Ties go to the most specific category.
    const ORDER: [Category; 7] = [Sec, Env, Sta, Fin, Del, Adm, Tec];
    ORDER
        .into_iter()
        .find(|c| total.get(category_index(*c)).copied() == Some(best))
        .unwrap_or(Tec)
}

fn category_index(c: Category) -> usize {
    Category::ALL.iter().position(|x| *x == c).unwrap_or(0)
}

/// The cue weights of a text.
pub(crate) fn scores(text: &str) -> Scores {
    let mut total = [0u32; 7];
    if text.is_empty() {
        return total;
    }
    let lower = text.to_lowercase().replace(['’', 'ʼ'], "'");
    let index = cue_index();
    let mut hits = vec![0u8; CUES.len()];
    let mut previous: Option<char> = None;
    for (at, c) in lower.char_indices() {
        let word_start = !previous.is_some_and(char::is_alphanumeric);
        previous = Some(c);
        if !word_start {
            continue;
        }
        let Some(candidates) = index.get(&c) else {
            continue;
        };
        let rest = lower.get(at..).unwrap_or("");
        for &k in candidates {
            let Some((cue, cat, weight)) = CUES.get(k) else {
                continue;
            };
            let (whole, cue) = match cue.strip_prefix('=') {
                Some(c) => (true, c),
                None => (false, *cue),
            };
            let Some(after) = rest.strip_prefix(cue) else {
                continue;
            };
            let ends = !whole || !after.chars().next().is_some_and(char::is_alphanumeric);
            // A cue counts twice at most.
            if let Some(h) = hits.get_mut(k)
                && ends
                && *h < 2
            {
                *h += 1;
                if let Some(slot) = total.get_mut(category_index(*cat)) {
                    *slot += weight;
                }
            }
        }
    }
    total
}

/// The cues by their first letter.
fn cue_index() -> &'static HashMap<char, Vec<usize>> {
    static INDEX: OnceLock<HashMap<char, Vec<usize>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: HashMap<char, Vec<usize>> = HashMap::new();
        for (k, (cue, _, _)) in CUES.iter().enumerate() {
            if let Some(first) = cue.trim_start_matches('=').chars().next() {
                index.entry(first).or_default().push(k);
            }
        }
        index
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_pick_the_category() {
        assert_eq!(
            category("L'authentification multifacteur est obligatoire.", "", &[]),
            Sec
        );
        assert_eq!(
            category(
                "Le titulaire doit achever la phase d'initialisation dans un délai maximal de trois mois.",
                "",
                &[]
            ),
            Del
        );
        assert_eq!(
            category(
                "le numéro SIRET du titulaire ;",
                "Outre les mentions légales, les factures comportent :",
                &["Facturation"]
            ),
            Fin
        );
        assert_eq!(
            category(
                "organise ses tournées de manière à limiter les déplacements ;",
                "",
                &["ARTICLE 8 - EXIGENCES ENVIRONNEMENTALES"]
            ),
            Env
        );
        assert_eq!(
            category(
                "un responsable de compte, interlocuteur unique ;",
                "L'équipe du titulaire comprend au minimum :",
                &[]
            ),
            Sta
        );
        assert_eq!(category("Rien à signaler.", "", &[]), Tec);
        assert_eq!(
            category("Les données doivent être chiffrées (=pue).", "", &[]),
            Sec
        );
    }
}
