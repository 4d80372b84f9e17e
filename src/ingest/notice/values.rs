//! The numbers, dates and identifiers notices write, read without trusting them: amounts in
//! cents, weights, eForms dates with their offsets, lot numbers, and bounded excerpts.

use crate::model::Deadline;

/// An `xsd:decimal` amount ("500000", "9999999.99", "-1.005") in integer cents, rounded half
/// away from zero; None when it is not one or exceeds a trillion euros.
pub(super) fn decimal_cents(text: &str) -> Option<i64> {
    const MAX_CENTS: i64 = 100_000_000_000_000;
    let t = text.trim();
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if (whole.is_empty() && frac.is_empty())
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let whole = whole.trim_start_matches('0');
    if whole.len() > 15 {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let digit = |i: usize| frac.as_bytes().get(i).map_or(0, |b| i64::from(b - b'0'));
    let mut cents = whole
        .checked_mul(100)?
        .checked_add(digit(0) * 10 + digit(1))?;
    if digit(2) >= 5 {
        cents = cents.checked_add(1)?;
    }
    (cents <= MAX_CENTS).then_some(if negative { -cents } else { cents })
}

/// A weight as written ("15", "0.6", "60 %", "12,5"); None unless a finite, non-negative number.
pub(super) fn weight(text: &str) -> Option<f64> {
    let t = text.trim().trim_end_matches('%').trim().replace(',', ".");
    t.parse::<f64>().ok().filter(|w| w.is_finite() && *w >= 0.0)
}

/// An eForms date and time ("2020-04-03+01:00", "12:00:00+01:00") as a deadline; the offset
/// is the time's, else the date's; without any, the time is read in Europe/Paris. A missing
/// time means the end of that day.
pub(super) fn eforms_deadline(date: &str, time: Option<&str>) -> Option<Deadline> {
    let date = date.trim();
    let day = date.get(..10)?;
    let date_offset = date.get(10..).unwrap_or_default();
    let time = time.map(str::trim).unwrap_or("23:59:59");
    let split = time.find(['+', '-', 'Z']).unwrap_or(time.len());
    let (clock, time_offset) = (time.get(..split)?, time.get(split..).unwrap_or_default());
    let clock = if clock.len() == 5 {
        format!("{clock}:00")
    } else {
        clock.to_string()
    };
    let offset = if time_offset.is_empty() {
        date_offset
    } else {
        time_offset
    };
    let stamp = if offset.is_empty() {
        format!("{day} {clock}")
    } else {
        format!("{day}T{clock}{offset}")
    };
    Deadline::parse(&stamp, Deadline::DEFAULT_TZ).ok()
}

/// The trailing number of an identifier ("LOT-0007" → 7, "3" → 3).
pub(super) fn trailing_number(id: &str) -> Option<i32> {
    let digits: String = id
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let digits = digits.trim_start_matches('0');
    if digits.is_empty() {
        return id.ends_with('0').then_some(0);
    }
    digits.parse().ok()
}

/// Cuts `text` to at most `max` characters, on a character boundary.
pub(super) fn truncate(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((end, _)) => text.get(..end).unwrap_or(text),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_amounts_become_cents() {
        assert_eq!(decimal_cents("500000"), Some(50_000_000));
        assert_eq!(decimal_cents("9999999.99"), Some(999_999_999));
        assert_eq!(decimal_cents("1234.5678"), Some(123_457));
        assert_eq!(decimal_cents(" 0.5 "), Some(50));
        assert_eq!(decimal_cents("-1.005"), Some(-101));
        for bad in ["", ".", "1,5", "abc", "1e5", "99999999999999999999", "--1"] {
            assert_eq!(decimal_cents(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn weights_read_as_written() {
        assert_eq!(weight("15"), Some(15.0));
        assert_eq!(weight("60 %"), Some(60.0));
        assert_eq!(weight("12,5"), Some(12.5));
        assert_eq!(weight("-3"), None);
        assert_eq!(weight("NaN"), None);
        assert_eq!(weight("beaucoup"), None);
    }

    #[test]
    fn eforms_dates_keep_their_offset() {
        let d = eforms_deadline("2020-04-03+01:00", Some("12:00:00+01:00"));
        assert_eq!(
            d.map(|d| d.at.to_rfc3339()),
            Some("2020-04-03T11:00:00+00:00".into())
        );
        let z = eforms_deadline("2020-04-03Z", Some("12:00:00Z"));
        assert_eq!(
            z.map(|d| d.at.to_rfc3339()),
            Some("2020-04-03T12:00:00+00:00".into())
        );
        // No offset at all: Paris time (summer, +02:00).
        let local = eforms_deadline("2020-06-12", Some("12:00"));
        assert_eq!(
            local.map(|d| d.at.to_rfc3339()),
            Some("2020-06-12T10:00:00+00:00".into())
        );
        assert!(eforms_deadline("soon", None).is_none());
        assert!(eforms_deadline("2020-13-45+01:00", Some("25:00:00")).is_none());
    }

    #[test]
    fn trailing_numbers() {
        assert_eq!(trailing_number("LOT-0007"), Some(7));
        assert_eq!(trailing_number("LOT-0000"), Some(0));
        assert_eq!(trailing_number("12"), Some(12));
        assert_eq!(trailing_number("lot A"), None);
        assert_eq!(trailing_number("99999999999999"), None);
    }
}
