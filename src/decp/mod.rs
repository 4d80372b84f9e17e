//! DECP (données essentielles de la commande publique): reads award data files, JSON or XML,
//! in the 2017 (v1) and 2025 (v2) formats, into awarded contracts with their holders.
//!
//! The contract kept is the one awarded: its initial amount and holders (modifications that
//! come later are not applied), because that is what a competitor won and at what price.

mod json;
mod xml;

use serde::Serialize;

/// Largest DECP file read (the national consolidated files are split by month well below it).
pub const MAX_FILE_BYTES: usize = 256 * 1024 * 1024;
/// Largest number of records in one file.
pub const MAX_RECORDS: usize = 1_000_000;
/// Amounts above this (1 000 billion euros) are a typing error, not a contract.
const MAX_AMOUNT_CENTS: f64 = 1e14;

/// A contract or a concession.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContractKind {
    Marche,
    Concession,
}

impl ContractKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ContractKind::Marche => "marche",
            ContractKind::Concession => "concession",
        }
    }
}

/// A company that won a contract (titulaire) or a concession (concessionnaire).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Holder {
    /// SIRET, TVA, TAHITI, ... as the file says.
    pub id_type: String,
    pub id: String,
    /// Empty in v2 files, which carry identifiers only.
    pub name: String,
}

/// An awarded contract as a DECP record describes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contract {
    pub kind: ContractKind,
    pub id: String,
    pub buyer_siret: String,
    pub buyer_name: String,
    pub object: String,
    /// The CPV code without its check digit ("45000000").
    pub cpv: String,
    pub procedure: String,
    pub amount_cents: Option<i64>,
    /// Notification (contract) or signature (concession) date, `YYYY-MM-DD`.
    pub date: Option<String>,
    pub holders: Vec<Holder>,
}

impl Contract {
    /// The key that makes a re-import harmless: a record id is unique per buyer and kind.
    pub fn uid(&self) -> String {
        format!("{}:{}:{}", self.kind.as_str(), self.buyer_siret, self.id)
    }
}

/// Why a file could not be read, naming the file and, when it is one record, which.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {message}")]
pub struct DecpError {
    pub file: String,
    pub message: String,
}

/// Reads one DECP file (JSON or XML, recognised by content). Either every record is read, or
/// the first problem is returned.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Vec<Contract>, DecpError> {
    let fail = |message: String| DecpError {
        file: file.to_string(),
        message,
    };
    if bytes.len() > MAX_FILE_BYTES {
        return Err(fail(format!(
            "larger than {} MB",
            MAX_FILE_BYTES / 1024 / 1024
        )));
    }
    if bytes.starts_with(b"%PDF") {
        return Err(fail("a PDF document, not DECP data (JSON or XML)".into()));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        fail(format!(
            "not UTF-8 text (byte {}): not DECP data (JSON or XML)",
            e.valid_up_to()
        ))
    })?;
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let records = match text.as_bytes().first() {
        Some(b'{') | Some(b'[') => json::parse(text),
        Some(b'<') => xml::parse(text),
        _ => Err("neither JSON nor XML: not a DECP data file".to_string()),
    }
    .map_err(fail)?;
    if records.len() > MAX_RECORDS {
        return Err(fail(format!("more than {MAX_RECORDS} records")));
    }
    Ok(records)
}

/// Reads a DECP file from disk (its size checked before it is read), named by its file name.
pub fn read_file(path: &std::path::Path) -> Result<(String, Vec<Contract>), DecpError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let fail = |message: String| DecpError {
        file: name.clone(),
        message,
    };
    let size = std::fs::metadata(path)
        .map_err(|e| fail(e.to_string()))?
        .len();
    if size > MAX_FILE_BYTES as u64 {
        return Err(fail(format!(
            "larger than {} MB",
            MAX_FILE_BYTES / 1024 / 1024
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| fail(e.to_string()))?;
    let contracts = parse(&name, &bytes)?;
    Ok((name, contracts))
}

/// Turns a decimal amount in euros ("575000", "10.3", "1 234,50") into cents.
fn amount_cents(text: &str) -> Result<i64, String> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    let value: f64 = cleaned
        .parse()
        .map_err(|_| format!("amount \"{}\" is not a number", clip(text)))?;
    let cents = (value * 100.0).round();
    if !cents.is_finite() || !(0.0..MAX_AMOUNT_CENTS).contains(&cents) {
        return Err(format!("amount \"{}\" is out of range", clip(text)));
    }
    Ok(cents as i64)
}

/// "45000000-7" → "45000000": the check digit is not part of the code.
fn cpv_code(text: &str) -> String {
    text.trim()
        .split('-')
        .next()
        .unwrap_or("")
        .chars()
        .take(8)
        .collect()
}

/// A value short enough to quote in an error message.
fn clip(text: &str) -> String {
    text.chars().take(40).collect()
}

/// Checks what every record needs, naming it by position and id.
fn check(position: usize, c: &Contract) -> Result<(), String> {
    let name = |what: &str| format!("record {position} ({}): {what}", clip(&c.id));
    if c.id.trim().is_empty() {
        return Err(format!("record {position}: no id"));
    }
    if c.id.chars().count() > 100 {
        return Err(name("id longer than 100 characters"));
    }
    if c.buyer_siret.is_empty() && c.buyer_name.is_empty() {
        return Err(name("no buyer (acheteur or autoriteConcedante)"));
    }
    if let Some(i) = c
        .holders
        .iter()
        .position(|h| h.id.is_empty() && h.name.is_empty())
    {
        return Err(name(&format!("holder {} has neither id nor name", i + 1)));
    }
    if let Some(d) = &c.date
        && chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err()
    {
        return Err(name(&format!("date \"{}\" is not YYYY-MM-DD", clip(d))));
    }
    Ok(())
}

/// Keeps the `YYYY-MM-DD` part of a date that may carry a time zone ("2024-05-15+01:00").
fn day(text: &str) -> Option<String> {
    let t = text.trim();
    if t.is_empty() {
        None
    } else {
        Some(t.chars().take(10).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_cents() {
        assert_eq!(amount_cents("575000"), Ok(57_500_000));
        assert_eq!(amount_cents("10.3"), Ok(1030));
        assert_eq!(amount_cents("123456.89"), Ok(12_345_689));
        assert_eq!(amount_cents("1 234,50"), Ok(123_450));
        assert!(amount_cents("-5").is_err());
        assert!(amount_cents("abc").is_err());
        assert!(amount_cents("1e20").is_err());
    }

    #[test]
    fn cpv_without_check_digit() {
        assert_eq!(cpv_code("45000000-7"), "45000000");
        assert_eq!(cpv_code("77313000"), "77313000");
    }

    #[test]
    fn neither_json_nor_xml_is_refused_with_the_file_name() {
        let e = parse("notes.txt", b"hello").expect_err("refused");
        assert_eq!(e.file, "notes.txt");
        assert!(e.to_string().contains("not a DECP data file"));
        let e = parse("scan.pdf", b"%PDF-1.5\n").expect_err("refused");
        assert!(e.to_string().starts_with("scan.pdf: "));
    }
}
