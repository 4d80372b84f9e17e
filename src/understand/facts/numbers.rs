//! Numbers as tender documents write them: tokens of a folded text, numbers in digits or
//! in words ("cent vingt (120)", "quatre-vingt-dix", "twelve (12)"), quantities with their unit
//! (days, months, percent, points, pages) and amounts of money with their currency.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    Num,
    Word,
    Sym,
}

/// A token of a folded text: a run of digits, a run of letters, or one other character.
#[derive(Debug, Clone, Copy)]
pub struct Tok<'a> {
    pub kind: TokKind,
    pub s: &'a str,
    pub start: usize,
    pub end: usize,
}

pub fn tokens(low: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut iter = low.char_indices().peekable();
    while let Some((start, c)) = iter.next() {
        let kind = if c.is_ascii_digit() {
            TokKind::Num
        } else if c.is_alphabetic() {
            TokKind::Word
        } else if c.is_whitespace() {
            continue;
        } else {
            TokKind::Sym
        };
        let mut end = start + c.len_utf8();
        if kind != TokKind::Sym {
            while let Some(&(i, n)) = iter.peek() {
                let same = match kind {
                    TokKind::Num => n.is_ascii_digit(),
                    _ => n.is_alphabetic(),
                };
                if !same {
                    break;
                }
                end = i + n.len_utf8();
                iter.next();
            }
        }
        out.push(Tok {
            kind,
            s: low.get(start..end).unwrap_or(""),
            start,
            end,
        });
    }
    out
}

/// The value of a French or English number word, with whether it multiplies what precedes.
fn number_word(w: &str) -> Option<(u32, bool)> {
    let v = match w {
        "un" | "une" | "one" => 1,
        "deux" | "two" => 2,
        "trois" | "three" => 3,
        "quatre" | "four" => 4,
        "cinq" | "five" => 5,
        "six" => 6,
        "sept" | "seven" => 7,
        "huit" | "eight" => 8,
        "neuf" | "nine" => 9,
        "dix" | "ten" => 10,
        "onze" | "eleven" => 11,
        "douze" | "twelve" => 12,
        "treize" | "thirteen" => 13,
        "quatorze" | "fourteen" => 14,
        "quinze" | "fifteen" => 15,
        "seize" | "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "vingt" | "vingts" | "twenty" => 20,
        "trente" | "thirty" => 30,
        "quarante" | "forty" => 40,
        "cinquante" | "fifty" => 50,
        "soixante" | "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "cent" | "cents" | "hundred" => return Some((100, true)),
        "mille" | "thousand" => return Some((1000, true)),
        _ => return None,
    };
    Some((v, false))
}

/// Reads number words ("cent vingt", "quatre-vingt-dix", "twenty one").
fn words_value(words: &[&str]) -> Option<u32> {
    let mut total: u32 = 0;
    let mut current: u32 = 0;
    let mut any = false;
    for w in words {
        if matches!(*w, "et" | "and") {
            continue;
        }
        let (v, multiplies) = number_word(w)?;
        any = true;
        if multiplies && v == 1000 {
            total = total.saturating_add(current.max(1).saturating_mul(1000));
            current = 0;
        } else if multiplies {
            current = current.max(1).saturating_mul(v);
        } else if v == 20 && current % 100 == 4 {
            // quatre-vingt(s) = 80
            current = current - 4 + 80;
        } else {
            current = current.saturating_add(v);
        }
    }
    any.then_some(total.saturating_add(current))
}

/// The number that ends right before token `idx`: digits ("30", "5,5"), digits in brackets
/// after the words ("cent vingt (120)"), or number words ("quatre-vingt-dix", "d'un").
/// Gives the value and the index of its first token.
pub fn number_before(toks: &[Tok<'_>], idx: usize) -> Option<(f64, usize)> {
    let prev = idx.checked_sub(1)?;
    let t = toks.get(prev)?;
    if t.kind == TokKind::Sym && t.s == ")" {
        let n = toks.get(prev.checked_sub(1)?)?;
        let open = toks.get(prev.checked_sub(2)?)?;
        if n.kind == TokKind::Num && open.s == "(" {
            let v: f64 = n.s.parse().ok()?;
            // "cent vingt (120)": the words before the bracket are the same number.
            let mut first = prev - 2;
            while first > 0 && toks.get(first - 1).is_some_and(|w| is_number_word(w.s)) {
                first -= 1;
            }
            return Some((v, first));
        }
        return None;
    }
    if t.kind == TokKind::Num {
        // A decimal "5,5" or "2.5" written without spaces.
        if prev >= 2 {
            let (sep, whole) = (toks.get(prev - 1)?, toks.get(prev - 2)?);
            if matches!(sep.s, "," | ".")
                && whole.kind == TokKind::Num
                && whole.end == sep.start
                && sep.end == t.start
                && t.s.len() <= 2
            {
                let v: f64 = format!("{}.{}", whole.s, t.s).parse().ok()?;
                return Some((v, prev - 2));
            }
        }
        return Some((t.s.parse().ok()?, prev));
    }
    if t.kind == TokKind::Word && is_number_word(t.s) {
        let mut first = prev;
        while first > 0 {
            let Some(w) = toks.get(first - 1) else { break };
            let word =
                w.kind == TokKind::Word && (is_number_word(w.s) || matches!(w.s, "et" | "and"));
            // "quatre-vingt-dix": a hyphen between two number words.
            let hyphen = w.s == "-"
                && first >= 2
                && toks.get(first - 2).is_some_and(|x| is_number_word(x.s));
            if !(word || hyphen) {
                break;
            }
            first -= 1;
        }
        while toks
            .get(first)
            .is_some_and(|w| matches!(w.s, "et" | "and" | "-"))
        {
            first += 1;
        }
        let words: Vec<&str> = toks
            .get(first..=prev)?
            .iter()
            .filter(|w| w.kind == TokKind::Word)
            .map(|w| w.s)
            .collect();
        return words_value(&words).map(|v| (f64::from(v), first));
    }
    None
}

fn is_number_word(w: &str) -> bool {
    number_word(w).is_some()
}

/// The number that starts at token `idx` (digits, a decimal, or number words), with the
/// index of the token after it.
pub fn number_at(toks: &[Tok<'_>], idx: usize) -> Option<(f64, usize)> {
    let t = toks.get(idx)?;
    if t.kind == TokKind::Num {
        if let (Some(sep), Some(frac)) = (toks.get(idx + 1), toks.get(idx + 2))
            && matches!(sep.s, "," | ".")
            && frac.kind == TokKind::Num
            && t.end == sep.start
            && sep.end == frac.start
            && frac.s.len() <= 2
        {
            let v: f64 = format!("{}.{}", t.s, frac.s).parse().ok()?;
            return Some((v, idx + 3));
        }
        return Some((t.s.parse().ok()?, idx + 1));
    }
    if t.kind == TokKind::Word && is_number_word(t.s) {
        let mut end = idx;
        let mut words = Vec::new();
        while let Some(w) = toks.get(end) {
            if w.kind == TokKind::Word && is_number_word(w.s) {
                words.push(w.s);
            } else if !(w.s == "-" || (matches!(w.s, "et" | "and") && !words.is_empty())) {
                break;
            }
            end += 1;
        }
        return words_value(&words).map(|v| (f64::from(v), end));
    }
    None
}

/// Unit words that follow a quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QtyUnit {
    Days,
    Weeks,
    Months,
    Years,
    Percent,
    Points,
    Pages,
}

fn qty_unit(tok: &Tok<'_>) -> Option<QtyUnit> {
    Some(match tok.s {
        "jour" | "jours" | "day" | "days" => QtyUnit::Days,
        "semaine" | "semaines" | "week" | "weeks" => QtyUnit::Weeks,
        "mois" | "month" | "months" => QtyUnit::Months,
        "an" | "ans" | "annee" | "annees" | "year" | "years" => QtyUnit::Years,
        "%" | "percent" => QtyUnit::Percent,
        "point" | "points" | "pts" | "pt" => QtyUnit::Points,
        "page" | "pages" => QtyUnit::Pages,
        _ => return None,
    })
}

/// A quantity found in a folded text: "120 jours", "quatre mois", "5 %", "(12) months".
#[derive(Debug, Clone, Copy)]
pub struct Qty {
    pub value: f64,
    pub unit: QtyUnit,
    /// Byte range in the folded text, number and unit.
    pub start: usize,
    pub end: usize,
}

impl Qty {
    /// Months in a duration (years count twelve; days and weeks are not months).
    pub fn months(&self) -> Option<u32> {
        let v = match self.unit {
            QtyUnit::Months => self.value,
            QtyUnit::Years => self.value * 12.0,
            _ => return None,
        };
        whole(v)
    }
}

/// A non-negative whole number that fits, or None.
pub fn whole(v: f64) -> Option<u32> {
    (v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= f64::from(u32::MAX)).then_some(v as u32)
}

pub fn quantities(low: &str) -> Vec<Qty> {
    let toks = tokens(low);
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let unit = match qty_unit(t) {
            Some(u) => u,
            // "pour cent"
            None if t.s == "cent" && i > 0 && toks.get(i - 1).is_some_and(|p| p.s == "pour") => {
                if let Some((value, first)) = number_before(&toks, i - 1) {
                    out.push(Qty {
                        value,
                        unit: QtyUnit::Percent,
                        start: toks.get(first).map_or(t.start, |f| f.start),
                        end: t.end,
                    });
                }
                continue;
            }
            None => continue,
        };
        if let Some((value, first)) = number_before(&toks, i) {
            out.push(Qty {
                value,
                unit,
                start: toks.get(first).map_or(t.start, |f| f.start),
                end: t.end,
            });
        }
    }
    out
}

/// An amount of money found in a folded text.
#[derive(Debug, Clone, Copy)]
pub struct Amount {
    pub cents: i64,
    pub currency: &'static str,
    pub start: usize,
    pub end: usize,
}

/// Amounts with a currency: "1 800 000 € HT", "500 EUR", "£1,200,000", "1,2 M€".
pub fn amounts(low: &str) -> Vec<Amount> {
    let bytes = low.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_number = bytes.get(i).is_some_and(u8::is_ascii_digit)
            && !i
                .checked_sub(1)
                .and_then(|p| bytes.get(p))
                .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b',' | b'.'));
        if !starts_number {
            i += 1;
            continue;
        }
        let end = number_span(bytes, i);
        let span = low.get(i..end).unwrap_or("");
        let after = low.get(end..).unwrap_or("");
        let before = low.get(..i).unwrap_or("").trim_end();
        let (factor, currency, tail) = currency_after(after)
            .or_else(|| currency_before(before).map(|c| (1, c, 0)))
            .unwrap_or((0, "", 0));
        if factor > 0
            && let Ok(m) = crate::model::Money::parse(span)
            && let Some(cents) = m.cents().checked_mul(factor)
        {
            out.push(Amount {
                cents,
                currency,
                start: i,
                end: end + tail,
            });
        }
        i = end.max(i + 1);
    }
    out
}

/// The end of a number written with thousands groups and decimals starting at `i`.
fn number_span(bytes: &[u8], i: usize) -> usize {
    let digits = |from: usize| {
        let mut j = from;
        while bytes.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        j
    };
    let mut end = digits(i);
    loop {
        // A group separator then exactly three digits: "1 800 000", "1,200,000", "1.000".
        let sep_len = match (bytes.get(end), bytes.get(end + 1), bytes.get(end + 2)) {
            (Some(b' ' | b',' | b'.' | b'\''), _, _) => 1,
            // The folded text keeps narrow spaces as plain spaces; nothing else to do.
            _ => 0,
        };
        if sep_len == 0 {
            break;
        }
        let g = digits(end + sep_len);
        if g - (end + sep_len) == 3 {
            end = g;
        } else {
            break;
        }
    }
    if let (Some(b',' | b'.'), true) = (
        bytes.get(end),
        bytes.get(end + 1).is_some_and(u8::is_ascii_digit),
    ) {
        let f = digits(end + 1);
        if f - (end + 1) <= 2 {
            end = f;
        }
    }
    end
}

fn currency_after(after: &str) -> Option<(i64, &'static str, usize)> {
    let trimmed = after.trim_start();
    let skipped = after.len() - trimmed.len();
    if skipped > 2 {
        return None;
    }
    let table: [(&str, i64, &'static str); 12] = [
        ("€", 1, "EUR"),
        ("euros", 1, "EUR"),
        ("euro", 1, "EUR"),
        ("eur", 1, "EUR"),
        ("k€", 1_000, "EUR"),
        ("m€", 1_000_000, "EUR"),
        ("millions d'euros", 1_000_000, "EUR"),
        ("million d'euros", 1_000_000, "EUR"),
        ("gbp", 1, "GBP"),
        ("£", 1, "GBP"),
        ("livres sterling", 1, "GBP"),
        ("pounds", 1, "GBP"),
    ];
    for (word, factor, currency) in table {
        if trimmed.starts_with(word) {
            let next = trimmed.get(word.len()..).and_then(|s| s.chars().next());
            if next.is_some_and(char::is_alphanumeric) {
                continue;
            }
            return Some((factor, currency, skipped + word.len()));
        }
    }
    None
}

fn currency_before(before: &str) -> Option<&'static str> {
    if before.ends_with('£') || before.ends_with("gbp") {
        Some("GBP")
    } else if before.ends_with('€') || before.ends_with("eur") {
        Some("EUR")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::understand::facts::text::fold;

    #[test]
    fn numbers_in_words_and_digits() {
        let q = quantities(&fold(
            "cent vingt (120) jours, quatre-vingt-dix jours, d'un an, 5,5 %",
        ));
        let v: Vec<f64> = q.iter().map(|q| q.value).collect();
        assert_eq!(v, vec![120.0, 90.0, 1.0, 5.5]);
        let q = quantities("quatre mois et two further periods of twelve (12) months");
        assert_eq!(q.first().map(|q| q.value), Some(4.0));
        assert_eq!(q.get(1).map(|q| q.value), Some(12.0));
    }

    #[test]
    fn amounts_in_french_and_english() {
        let a = amounts(&fold(
            "s'élève à 1 800 000 € HT, dont 600 000 € HT et £1,200,000 ou 1 000 EUR",
        ));
        let v: Vec<(i64, &str)> = a.iter().map(|a| (a.cents, a.currency)).collect();
        assert_eq!(
            v,
            vec![
                (180_000_000, "EUR"),
                (60_000_000, "EUR"),
                (120_000_000, "GBP"),
                (100_000, "EUR")
            ]
        );
        assert!(amounts("lot 1 et 2027").is_empty());
    }
}
