//! Value newtypes that parse what tender documents and users write: money, CPV codes, deadlines.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// Why a value could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("unknown {kind} code: {value:?}")]
    UnknownCode { kind: &'static str, value: String },
    #[error("not an amount: {0:?}")]
    Money(String),
    #[error("not a CPV code: {0:?}")]
    Cpv(String),
    #[error("not a date and time: {0:?}")]
    Deadline(String),
    #[error("unknown time zone: {0:?}")]
    TimeZone(String),
}

/// An amount of money in integer cents (euros unless stated), never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Money(pub i64);

impl Money {
    /// Largest amount accepted: a trillion euros, far above any tender, far below overflow.
    const MAX_CENTS: i64 = 100_000_000_000_000;

    pub fn cents(self) -> i64 {
        self.0
    }

    /// Reads amounts as written in French or English documents: "12 345,67 €", "12,345.67",
    /// "1 000 000 EUR HT", "-5,5". Thousands separators may be spaces (also non-breaking),
    /// dots or commas; the decimal mark is whichever of `,` or `.` comes last with 1-2 digits.
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let err = || ValueError::Money(text.chars().take(40).collect());
        let mut cleaned = text.trim();
        for suffix in ["TTC", "HT", "EUR", "€", "euros", "euro"] {
            cleaned = cleaned.trim_end_matches(suffix).trim_end();
        }
        let negative = cleaned.starts_with('-');
        let digits: String = cleaned
            .trim_start_matches(['-', '+'])
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\''))
            .collect();
        if digits.is_empty()
            || !digits
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        {
            return Err(err());
        }
        let (whole, frac) = match digits.rfind([',', '.']) {
            Some(pos) if digits.len() - pos - 1 <= 2 => {
                let (w, f) = digits.split_at(pos);
                (
                    w.replace([',', '.'], ""),
                    f.get(1..).unwrap_or("").to_string(),
                )
            }
            _ => (digits.replace([',', '.'], ""), String::new()),
        };
        if whole.is_empty() && frac.is_empty() {
            return Err(err());
        }
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| err())?
        };
        let frac_cents: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().map_err(|_| err())? * 10,
            _ => frac.parse().map_err(|_| err())?,
        };
        let cents = whole
            .checked_mul(100)
            .and_then(|c| c.checked_add(frac_cents))
            .filter(|c| *c <= Self::MAX_CENTS)
            .ok_or_else(err)?;
        Ok(Money(if negative { -cents } else { cents }))
    }

    /// French display: "12 345,67 €" with narrow non-breaking spaces between thousands.
    pub fn to_french(self) -> String {
        let abs = self.0.unsigned_abs();
        let whole = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                grouped.push('\u{202f}');
            }
            grouped.push(c);
        }
        let sign = if self.0 < 0 { "-" } else { "" };
        format!("{sign}{grouped},{:02}\u{a0}€", abs % 100)
    }
}

/// A Common Procurement Vocabulary code: eight digits and, when written, its check digit.
/// The check digit is kept as written; its algorithm is not published with the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Cpv(String);

impl Cpv {
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let t = text.trim();
        let err = || ValueError::Cpv(t.chars().take(20).collect());
        let (main, check) = match t.split_once('-') {
            Some((m, c)) => (m, Some(c)),
            None => (t, None),
        };
        if main.len() != 8 || !main.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        match check {
            Some(c) if c.len() == 1 && c.bytes().all(|b| b.is_ascii_digit()) => {
                Ok(Cpv(t.to_string()))
            }
            Some(_) => Err(err()),
            None => Ok(Cpv(main.to_string())),
        }
    }

    /// The eight digits that identify the code (the division is the first two).
    pub fn code(&self) -> &str {
        self.0.get(..8).unwrap_or(&self.0)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A deadline: an instant, and the time zone it was written in (Europe/Paris unless stated),
/// so that "11 h 00" stays 11 h 00 for the reader whatever the season.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    pub at: DateTime<Utc>,
    pub tz: Tz,
}

impl Deadline {
    pub const DEFAULT_TZ: Tz = chrono_tz::Europe::Paris;

    /// Reads RFC 3339 ("2027-03-15T12:00:00+01:00") or a local "2027-03-15 12:00" in `tz`.
    pub fn parse(text: &str, tz: Tz) -> Result<Self, ValueError> {
        let t = text.trim();
        if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
            return Ok(Deadline {
                at: dt.with_timezone(&Utc),
                tz,
            });
        }
        for fmt in [
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M:%S",
        ] {
            if let Ok(naive) = NaiveDateTime::parse_from_str(t, fmt) {
                return Self::from_local(naive, tz).ok_or_else(|| ValueError::Deadline(t.into()));
            }
        }
        Err(ValueError::Deadline(t.chars().take(40).collect()))
    }

    /// A wall-clock time in `tz`; in the autumn overlap the earlier instant is taken, and a
    /// time skipped by the spring change does not exist (None).
    pub fn from_local(naive: NaiveDateTime, tz: Tz) -> Option<Self> {
        let local = tz.from_local_datetime(&naive).earliest()?;
        Some(Deadline {
            at: local.with_timezone(&Utc),
            tz,
        })
    }

    pub fn parse_tz(name: &str) -> Result<Tz, ValueError> {
        name.trim()
            .parse()
            .map_err(|_| ValueError::TimeZone(name.chars().take(40).collect()))
    }

    /// RFC 3339 in the deadline's own zone, as tender documents state it.
    pub fn to_rfc3339(&self) -> String {
        self.at.with_timezone(&self.tz).to_rfc3339()
    }

    /// "15/03/2027 12:00" in the deadline's own zone.
    pub fn to_french(&self) -> String {
        self.at
            .with_timezone(&self.tz)
            .format("%d/%m/%Y %H:%M")
            .to_string()
    }
}

impl Serialize for Deadline {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_rfc3339())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_french_and_english_writing() {
        assert_eq!(Money::parse("12 345,67 €"), Ok(Money(1_234_567)));
        assert_eq!(Money::parse("12\u{202f}345,6"), Ok(Money(1_234_560)));
        assert_eq!(Money::parse("12,345.67"), Ok(Money(1_234_567)));
        assert_eq!(Money::parse("1.000.000 EUR HT"), Ok(Money(100_000_000)));
        assert_eq!(Money::parse("-5,5"), Ok(Money(-550)));
        assert_eq!(Money::parse("0,05"), Ok(Money(5)));
        assert_eq!(Money::parse("1 000"), Ok(Money(100_000)));
    }

    #[test]
    fn money_refuses_what_is_not_an_amount() {
        for bad in ["", "€", "abc", "12,3,4x", "99999999999999999999", ","] {
            assert!(Money::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn money_prints_in_french() {
        assert_eq!(
            Money(123_456_789).to_french(),
            "1\u{202f}234\u{202f}567,89\u{a0}€"
        );
        assert_eq!(Money(-5).to_french(), "-0,05\u{a0}€");
    }

    #[test]
    fn cpv_codes_need_eight_digits() {
        assert_eq!(
            Cpv::parse("72000000-5").map(|c| c.code().to_string()),
            Ok("72000000".into())
        );
        assert_eq!(
            Cpv::parse(" 48000000 ").map(|c| c.as_str().to_string()),
            Ok("48000000".into())
        );
        for bad in ["7200000", "72000000-55", "7200000a", "72000000-x", ""] {
            assert!(Cpv::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn deadlines_keep_the_paris_wall_clock_across_seasons() {
        let winter = Deadline::parse("2027-03-15 12:00", Deadline::DEFAULT_TZ).ok();
        assert_eq!(
            winter.map(|d| d.to_rfc3339()),
            Some("2027-03-15T12:00:00+01:00".into())
        );
        let summer = Deadline::parse("2022-05-20 11:00", Deadline::DEFAULT_TZ).ok();
        assert_eq!(
            summer.map(|d| d.to_rfc3339()),
            Some("2022-05-20T11:00:00+02:00".into())
        );
        let given = Deadline::parse("2020-04-03T12:00:00Z", Deadline::DEFAULT_TZ).ok();
        assert_eq!(
            given.map(|d| d.to_french()),
            Some("03/04/2020 14:00".into())
        );
        // 02:30 does not exist in Paris on the night of the spring change.
        assert!(Deadline::parse("2027-03-28 02:30", Deadline::DEFAULT_TZ).is_err());
        assert!(Deadline::parse("demain midi", Deadline::DEFAULT_TZ).is_err());
    }
}
