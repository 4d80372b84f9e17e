//! Domain types of a tender and of the answer to it: plain data, no web or storage types.

mod answer;
mod document;
mod grid;
mod tender;
mod user;
mod values;

pub use answer::{LibraryBlock, ResponseSection, SectionStatus};
pub use document::{
    Category, ComplianceStatus, DocKind, Document, Fact, Requirement, Section, Strength,
};
pub use grid::{
    BuyingRole, ClausePosition, Criterion, CriterionInput, FlatCriterion, Mark, NegotiationClause,
    Objection, ObjectionCategory, ObjectionStatus, Offer, PriceLine, Stakeholder, WeightUnit,
    flatten_criteria,
};
pub use tender::{Account, FunnelStage, Lot, NewTender, Stage, Tender, Typology};
pub use user::{AuditEntry, Role, User};
pub use values::{Cpv, Deadline, Money, ValueError};

/// Declares an enum stored as text: its stable code (database, JSON, CLI), its French and
/// English labels, parsing from the code, and the list of all variants in display order.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal, $fr:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $(#[serde(rename = $code)] $variant,)+
        }

        impl $name {
            /// Every variant, in the order the interface lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The stable code stored in the database and used by the API.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            /// The label shown to users, French first.
            pub fn label(self, lang: impl std::borrow::Borrow<crate::i18n::Lang>) -> &'static str {
                match (self, *lang.borrow()) {
                    $(($name::$variant, crate::i18n::Lang::Fr) => $fr,
                      ($name::$variant, crate::i18n::Lang::En) => $en,)+
                }
            }

            /// Parses the stable code (as stored or typed on a command line).
            pub fn parse(code: &str) -> Result<Self, crate::model::ValueError> {
                match code.trim() {
                    $($code => Ok($name::$variant),)+
                    other => Err(crate::model::ValueError::UnknownCode {
                        kind: stringify!($name),
                        value: other.chars().take(40).collect(),
                    }),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::model::ValueError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = crate::model::ValueError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s)
            }
        }
    };
}
pub(crate) use text_enum;
