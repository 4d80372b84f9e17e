//! Server configuration: defaults, then `TENDERDESK_*` environment variables, then flags
//! (the CLI resolves them); secrets are redacted when printed.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use crate::store::Store;

#[derive(Clone)]
pub struct Config {
    pub addr: SocketAddr,
    /// Holds the SQLite database (by default), the search index and the original files.
    pub data_dir: PathBuf,
    /// `sqlite://...` or `postgres://...`; when absent, SQLite in the data folder.
    pub database_url: Option<String>,
    /// A tracing filter: "info", "tenderdesk=debug,tower_http=info" ...
    pub log_level: String,
    /// Largest request body accepted (uploads), in bytes.
    pub upload_limit: usize,
    /// Mark cookies `Secure` (set when served over HTTPS, behind a proxy or not).
    pub secure_cookies: bool,
    pub session_hours: i64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("data"),
            database_url: None,
            log_level: "info".into(),
            upload_limit: 200 * 1024 * 1024,
            secure_cookies: false,
            session_hours: 12,
        }
    }
}

impl Config {
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| Store::sqlite_url(&self.data_dir))
    }

    pub fn index_dir(&self) -> PathBuf {
        self.data_dir.join("index")
    }

    pub fn files_dir(&self) -> PathBuf {
        self.data_dir.join("files")
    }

    /// Creates the data folder and its parts if missing.
    pub fn prepare_dirs(&self) -> std::io::Result<()> {
        for dir in [
            self.data_dir.as_path(),
            self.index_dir().as_path(),
            self.files_dir().as_path(),
        ] {
            std::fs::create_dir_all(dir)?;
        }
        Ok(())
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("addr", &self.addr)
            .field("data_dir", &self.data_dir)
            .field(
                "database_url",
                &self.database_url.as_deref().map(redact_url),
            )
            .field("log_level", &self.log_level)
            .field("upload_limit", &self.upload_limit)
            .field("secure_cookies", &self.secure_cookies)
            .field("session_hours", &self.session_hours)
            .finish()
    }
}

/// Hides the password of a database URL: `postgres://user:***@host/db`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            let hidden = if userinfo.contains(':') { ":***" } else { "" };
            format!("{scheme}://{user}{hidden}@{host}")
        }
        None => url.to_string(),
    }
}

/// Reads a size such as "200MB", "512k", "1G" or a plain number of bytes.
pub fn parse_size(text: &str) -> Result<usize, String> {
    let t = text.trim().to_ascii_lowercase();
    let t = t.trim_end_matches('b').trim_end_matches('i');
    let (digits, factor) = match t.char_indices().last() {
        Some((i, 'k')) => (&t[..i], 1024),
        Some((i, 'm')) => (&t[..i], 1024 * 1024),
        Some((i, 'g')) => (&t[..i], 1024 * 1024 * 1024),
        _ => (t, 1),
    };
    let n: usize = digits
        .trim()
        .parse()
        .map_err(|_| format!("not a size: {text:?} (try 200MB)"))?;
    n.checked_mul(factor)
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("size out of range: {text:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_passwords_never_print() {
        let c = Config {
            database_url: Some("postgres://app:s3cret@db:5432/td".into()),
            ..Config::default()
        };
        let shown = format!("{c:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("postgres://app:***@db:5432/td"), "{shown}");
        assert_eq!(redact_url("sqlite://data/x.db"), "sqlite://data/x.db");
    }

    #[test]
    fn sizes_read_with_units() {
        assert_eq!(parse_size("200MB"), Ok(200 * 1024 * 1024));
        assert_eq!(parse_size("512k"), Ok(512 * 1024));
        assert_eq!(parse_size("1GiB"), Ok(1024 * 1024 * 1024));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("0").is_err());
    }
}
