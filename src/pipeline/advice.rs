//! What to ask a buyer for when pricing, from how it pays and how solid it is.
//!
//! - Paying later than the legal delay of its kind (30 days for the State, local authorities
//!   and other public bodies, 50 for public hospitals, 60 for private companies): ask for a
//!   shorter payment delay, and late-payment interest as the law provides.
//! - Paying in more than 45 days, or fragile (health 1-2 of 5): ask for an advance (avance)
//!   and instalments (acomptes).
//! - Fragile (health 1-2) or unknown health with slow payment: ask for guarantees
//!   (garantie à première demande, caution) and limit exposure.

use serde::Serialize;

use crate::model::{Typology, text_enum};

text_enum! {
    /// A term to ask for.
    Advice {
        ShorterDelay = "shorter_delay", "Demander un délai de paiement plus court", "Ask for a shorter payment delay";
        Advance = "advance", "Demander une avance et des acomptes", "Ask for an advance and instalments";
        Guarantees = "guarantees", "Demander des garanties (caution, garantie à première demande)", "Ask for guarantees (bond, first-demand guarantee)";
    }
}

/// One piece of advice and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Advised {
    pub advice: Advice,
    pub reason_fr: String,
    pub reason_en: String,
}

impl Advised {
    /// The reason in the reader's language.
    pub fn reason(&self, l: impl std::borrow::Borrow<crate::i18n::Lang>) -> &str {
        match l.borrow() {
            crate::i18n::Lang::Fr => &self.reason_fr,
            crate::i18n::Lang::En => &self.reason_en,
        }
    }
}

/// The legal payment delay for a kind of buyer, in days.
pub fn legal_delay(typology: Typology) -> i32 {
    match typology {
        Typology::Health => 50,
        Typology::KeyAccount | Typology::Sme | Typology::Private => 60,
        Typology::State | Typology::LocalAuthority | Typology::PublicBody => 30,
    }
}

/// The advice for a buyer of this kind, paying in `payment_days`, of `health` 1..5.
pub fn advise(typology: Typology, payment_days: Option<i32>, health: Option<i32>) -> Vec<Advised> {
    let mut out = Vec::new();
    let legal = legal_delay(typology);
    let fragile = health.is_some_and(|h| h <= 2);
    if let Some(days) = payment_days
        && days > legal
    {
        out.push(Advised {
            advice: Advice::ShorterDelay,
            reason_fr: format!("paie en {days} jours, au-delà du délai légal de {legal} jours"),
            reason_en: format!("pays in {days} days, beyond the legal {legal} days"),
        });
    }
    let slow = payment_days.is_some_and(|d| d > 45);
    if slow || fragile {
        let (fr, en) = match (slow, fragile) {
            (true, true) => (
                "paie lentement et sa santé financière est fragile",
                "pays slowly and is financially fragile",
            ),
            (true, false) => ("paie en plus de 45 jours", "pays in more than 45 days"),
            _ => ("santé financière fragile", "financially fragile"),
        };
        out.push(Advised {
            advice: Advice::Advance,
            reason_fr: fr.into(),
            reason_en: en.into(),
        });
    }
    if fragile || (health.is_none() && slow) {
        out.push(Advised {
            advice: Advice::Guarantees,
            reason_fr: if fragile {
                "santé financière fragile".into()
            } else {
                "paie lentement et sa santé financière n'est pas connue".into()
            },
            reason_en: if fragile {
                "financially fragile".into()
            } else {
                "pays slowly and its health is unknown".into()
            },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(v: Vec<Advised>) -> Vec<Advice> {
        v.into_iter().map(|a| a.advice).collect()
    }

    #[test]
    fn advice_from_payment_and_health() {
        assert!(advise(Typology::State, Some(25), Some(4)).is_empty());
        assert_eq!(
            codes(advise(Typology::State, Some(40), Some(4))),
            vec![Advice::ShorterDelay]
        );
        assert_eq!(
            codes(advise(Typology::Health, Some(48), Some(5))),
            vec![Advice::Advance]
        );
        assert_eq!(
            codes(advise(Typology::LocalAuthority, Some(70), None)),
            vec![Advice::ShorterDelay, Advice::Advance, Advice::Guarantees]
        );
        assert_eq!(
            codes(advise(Typology::Private, None, Some(2))),
            vec![Advice::Advance, Advice::Guarantees]
        );
    }
}
