//! Whether a sentence puts an obligation on the bidder, from the cues of French and English
//! procurement language: modal verbs and markers ("doit", "s'engage à", "obligatoire",
//! "shall"), "le titulaire" + a verb in the present ("Le titulaire fournit"), passives of
//! delivery ("Les plis sont transmis"), prohibitions ("ne peut", "ne sont pas autorisées"), and
//! wishes ("souhaité", "apprécié", "should") for desirable items. The buyer's own obligations,
//! permissions, evaluation rules and the financial clauses of a CCAP are not requirements.

use super::lexicon::{
    ACTORS, BUYER_DOCS, BUYERS, CLAUSES, DELIVERED, EVALUATION, IDLE_VERBS, PIECES, STAFF,
    is_content_verb, verb_like, words,
};
use crate::model::Strength;

/// How a lead-in ("Le titulaire fournit :") introduces the list or table after it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Lead {
    /// Its items are obligations of the bidder.
    Obligation(Strength),
    /// Its items are the buyer's own obligations.
    Buyer,
    /// A plain list (documents of the DCE, lots, definitions): judge each item alone.
    Neutral,
}

/// Whether a sentence is a requirement, and how binding.
pub(crate) fn judge(text: &str) -> Option<Strength> {
    let w = words(text);
    let s = Sentence { w: &w };
    if s.buyer_subject() || s.excluded() {
        return None;
    }
    s.triggered().then(|| s.strength())
}

/// How a lead-in sentence (ending with ":") introduces what follows.
pub(crate) fn lead(text: &str) -> Lead {
    let w = words(text);
    let s = Sentence { w: &w };
    if s.buyer_subject() {
        return Lead::Buyer;
    }
    if s.excluded() {
        return Lead::Neutral;
    }
    if s.triggered() || s.bare_actor() || s.content_lead() {
        return Lead::Obligation(s.strength());
    }
    Lead::Neutral
}

/// Whether a cell, a desirable cue aside, says the item is only wished for.
pub(crate) fn desirable(text: &str) -> bool {
    let w = words(text);
    Sentence { w: &w }.strength() == Strength::Desirable
}

struct Sentence<'a> {
    w: &'a [String],
}

impl Sentence<'_> {
    fn at(&self, i: usize) -> &str {
        self.w.get(i).map_or("", String::as_str)
    }

    fn before(&self, i: usize, back: usize) -> &str {
        i.checked_sub(back).map_or("", |j| self.at(j))
    }

    fn seq(&self, i: usize, words: &[&str]) -> bool {
        words.iter().enumerate().all(|(k, x)| self.at(i + k) == *x)
    }

    fn has(&self, list: &[&str]) -> bool {
        self.w.iter().any(|x| list.contains(&x.as_str()))
    }

    fn negated(&self, i: usize) -> bool {
        (1..=3).any(|b| {
            matches!(
                self.before(i, b),
                "pas" | "n'" | "ne" | "non" | "not" | "aucun" | "aucune"
            )
        })
    }

    fn after_be(&self, i: usize) -> bool {
        matches!(
            self.before(i, 1),
            "est" | "sont" | "sera" | "seront" | "is" | "are" | "be" | "been"
        )
    }

    /// The subject of the main clause is the buyer (an introductory phrase before a comma aside).
    fn buyer_subject(&self) -> bool {
        const INTRO: [&str; 22] = [
            "par",
            "pour",
            "en",
            "au",
            "aux",
            "à",
            "dans",
            "conformément",
            "compte",
            "outre",
            "sauf",
            "si",
            "lorsque",
            "lorsqu'",
            "dès",
            "après",
            "avant",
            "afin",
            "sous",
            "selon",
            "pendant",
            "durant",
        ];
        let mut start = 0;
        if INTRO.contains(&self.at(0)) || self.at(0).ends_with("ment") {
            match self.w.iter().take(30).position(|x| x == ",") {
                Some(comma) => start = comma + 1,
                None => return false,
            }
        }
        let buyer = BUYERS.iter().any(|b| self.seq(start, b));
        let passed_on =
            self.has(&["exige", "impose", "demande", "attend", "requires"]) && self.has(&ACTORS);
        buyer && !passed_on
    }

    /// Evaluation rules and financial clauses with no word of the bidder.
    fn excluded(&self) -> bool {
        if self.has(&ACTORS) {
            return false;
        }
        let clause = self.w.iter().enumerate().any(|(i, x)| {
            CLAUSES.contains(&x.as_str())
                && !(x == "avance" && self.before(i, 1) == "l'" && self.before(i, 2) == "à")
        });
        clause || self.has(&EVALUATION)
    }

    fn triggered(&self) -> bool {
        (0..self.w.len()).any(|i| {
            self.mandatory_at(i)
                || self.wish_at(i)
                || self.actor_acts(i)
                || self.english_actor_acts(i)
                || self.delivered(i)
                || self.agent(i)
        }) || self.content_sentence()
    }

    fn strength(&self) -> Strength {
        let wish = (0..self.w.len()).any(|i| {
            self.wish_at(i)
                || (self.at(i) == "échéant" && self.before(i, 1) == "cas")
                || matches!(
                    self.at(i),
                    "may" | "facultatif" | "facultative" | "optionnel" | "optionnelle"
                )
        });
        if wish {
            Strength::Desirable
        } else {
            Strength::Mandatory
        }
    }

    /// Modal verbs and markers of obligation or prohibition.
    fn mandatory_at(&self, i: usize) -> bool {
        let x = self.at(i);
        match x {
            "doit" | "doivent" | "devra" | "devront" | "shall" | "must" | "interdit"
            | "interdite" | "interdits" | "interdites" | "incombe" | "incombent" | "prohibited" => {
                true
            }
            "engage" | "engagent" | "engagera" | "engageront" => self.before(i, 1) == "s'",
            "tenu" | "tenue" | "tenus" | "tenues" => self.after_be(i),
            "obligatoire" | "obligatoires" | "obligatoirement" | "impérativement" | "impératif"
            | "impérative" | "mandatory" | "compulsory" => !self.negated(i),
            "exigé" | "exigée" | "exigés" | "exigées" | "requis" | "requise" | "requises"
            | "demandé" | "demandée" | "demandés" | "demandées" | "required" | "attendu"
            | "attendue" | "attendus" | "attendues" => self.after_be(i) && !self.negated(i),
            "charge" => {
                self.before(i, 1) == "la"
                    && ((self.before(i, 2) == "à" && ACTORS.contains(&self.at(i + 2)))
                        || self.before(i, 2) == "a")
            }
            "obligation" => matches!(self.before(i, 2), "a" | "ont") && self.before(i, 1) == "l'",
            "peine" => self.before(i, 1) == "sous",
            "responsable" | "chargé" | "chargée" | "chargés" | "chargées" | "garant"
            | "garante" | "soumis" | "soumise" | "astreint" | "astreinte" => {
                self.after_be(i) && (2..=5).any(|b| ACTORS.contains(&self.before(i, b)))
            }
            "appartient" => self.before(i, 1) == "il" && ACTORS.contains(&self.at(i + 2)),
            "peut" | "peuvent" | "pourra" | "pourront" | "saurait" | "sauraient" => {
                let mut b = 1;
                while matches!(
                    self.before(i, b),
                    "se" | "s'" | "y" | "en" | "le" | "la" | "les" | "l'" | "lui"
                ) && b < 3
                {
                    b += 1;
                }
                matches!(self.before(i, b), "ne" | "n'")
            }
            "autorisé" | "autorisée" | "autorisés" | "autorisées" | "accepté" | "acceptée"
            | "acceptés" | "acceptées" | "admis" | "admise" | "admises" | "permis" | "permise"
            | "permises" | "permitted" | "allowed" => self.negated(i),
            _ => false,
        }
    }

    /// Wishes: a desirable item.
    fn wish_at(&self, i: usize) -> bool {
        let x = self.at(i);
        match x {
            "souhaité" | "souhaitée" | "souhaités" | "souhaitées" | "souhaitable"
            | "souhaitables" | "idéalement" | "should" | "preferably" | "ideally" | "desirable"
            | "devrait" | "devraient" => true,
            "apprécié" | "appréciée" | "appréciés" | "appréciées" | "appréciable"
            | "appréciera" | "appreciated" => !matches!(
                self.at(i + 1),
                "au" | "sur"
                    | "selon"
                    | "en"
                    | "à"
                    | "par"
                    | "dans"
                    | "d'"
                    | "de"
                    | "on"
                    | "against"
            ),
            "préférence" => self.before(i, 1) == "de",
            "invité" | "invitée" | "invités" | "invitées" | "encouragé" | "encouragés"
            | "encouraged" | "invited" => self.after_be(i) && matches!(self.at(i + 1), "à" | "to"),
            "recommandé" | "recommandée" | "recommandés" | "recommandées" | "recommended" => {
                self.after_be(i)
            }
            "possible" => self.before(i, 1) == "si",
            "plus" | "atout" | "advantage" => {
                matches!(self.before(i, 1), "un" | "an")
                    && matches!(self.before(i, 2), "est" | "be" | "is")
            }
            _ => false,
        }
    }

    /// "le titulaire" (or "chaque intervenant du titulaire") followed by a verb in the present
    /// or the future: "Le titulaire fournit", "le candidat remet", "Le titulaire ne sous-traite".
    fn actor_acts(&self, i: usize) -> bool {
        if !ACTORS.contains(&self.at(i))
            || !matches!(
                self.before(i, 1),
                "le" | "les" | "l'" | "chaque" | "du" | "des" | "tout"
            )
        {
            return false;
        }
        let mut j = i + 1;
        if matches!(
            self.at(j),
            "pressenti" | "pressentie" | "retenu" | "retenue"
        ) {
            j += 1;
        }
        let mut skipped = 0;
        while matches!(
            self.at(j),
            "ne" | "n'" | "se" | "s'" | "en" | "y" | "lui" | "leur" | "le" | "la" | "les" | "l'"
        ) && skipped < 3
        {
            j += 1;
            skipped += 1;
        }
        let v = self.at(j);
        !IDLE_VERBS.contains(&v) && verb_like(v)
    }

    /// "The Supplier will provide ...", "Each bidder will be responsible for ...".
    fn english_actor_acts(&self, i: usize) -> bool {
        ACTORS.contains(&self.at(i))
            && matches!(
                self.before(i, 1),
                "the" | "each" | "all" | "every" | "successful"
            )
            && self.at(i + 1) == "will"
            && (self.at(i + 2) != "be"
                || matches!(self.at(i + 3), "responsible" | "required" | "expected"))
    }

    /// A bare "À ce titre, le titulaire :" lead-in: the verbs are in the items.
    fn bare_actor(&self) -> bool {
        let n = self.w.len();
        n >= 2 && self.at(n - 1) == ":" && ACTORS.contains(&self.at(n - 2))
    }

    /// "Les plis sont transmis ...": a passive of delivery, not addressed to the bidder.
    fn delivered(&self, i: usize) -> bool {
        if !matches!(self.at(i), "est" | "sont" | "sera" | "seront") {
            return false;
        }
        let mut j = i + 1;
        while self.at(j).ends_with("ment") && j < i + 3 {
            j += 1;
        }
        let p = self.at(j);
        let stem = p.trim_end_matches('s').trim_end_matches('e');
        if !DELIVERED.contains(&stem) && !DELIVERED.contains(&p) {
            return false;
        }
        let to_bidder = (j + 1..j + 8).any(|k| {
            (matches!(self.at(k), "au" | "aux" | "chaque") && ACTORS.contains(&self.at(k + 1)))
                || (self.seq(k, &["ensemble", "des"]) && ACTORS.contains(&self.at(k + 2)))
                || (self.at(k) == "par" && BUYERS.iter().any(|b| self.seq(k + 1, b)))
        });
        !to_bidder
    }

    /// A passive whose agent is the contractor or its staff: "est adressée par le titulaire".
    fn agent(&self, i: usize) -> bool {
        if self.at(i) != "par"
            || !matches!(
                self.at(i + 1),
                "le" | "les" | "des" | "ses" | "l'" | "son" | "leurs"
            )
        {
            return false;
        }
        let who = self.at(i + 2);
        let ours = ACTORS.contains(&who) || STAFF.contains(&who);
        let former = matches!(
            self.at(i + 3),
            "sortant" | "sortants" | "actuel" | "précédent"
        );
        let passive = (1..=8).any(|b| {
            matches!(
                self.before(i, b),
                "est" | "sont" | "sera" | "seront" | "être"
            )
        });
        ours && !former && passive
    }

    /// "Son offre comprend ...": what a piece of the answer contains.
    fn content_sentence(&self) -> bool {
        (0..self.w.len()).any(|i| {
            is_content_verb(self.at(i)) && (1..=4).any(|b| PIECES.contains(&self.before(i, b)))
        })
    }

    /// "Les prestations comprennent :", "Le socle minimal des SLA est le suivant :", unless the
    /// subject is a document of the buyer (the DCE, the present CCAP, the contract).
    fn content_lead(&self) -> bool {
        let verb = (0..self.w.len()).find(|&i| {
            is_content_verb(self.at(i))
                || (matches!(self.at(i), "est" | "sont")
                    && matches!(
                        self.at(i + 2),
                        "suivant" | "suivants" | "suivante" | "suivantes"
                    ))
        });
        verb.is_some_and(|v| {
            !self
                .w
                .iter()
                .take(v)
                .any(|x| BUYER_DOCS.contains(&x.as_str()))
        })
    }
}

#[cfg(test)]
mod tests;
