//! Secrets: password hashing (argon2id), random tokens, token digests, and the slowdown of
//! repeated login failures. No web types here: the web layer calls these.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

pub const MIN_PASSWORD_LEN: usize = 12;
const MAX_PASSWORD_LEN: usize = 1024;

/// Hashes a password with argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> Result<String> {
    check_password_policy(password)?;
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Internal(format!("password hashing failed: {e}")))
}

/// Whether `password` matches `phc`. A malformed stored hash never matches.
pub fn verify_password(password: &str, phc: &str) -> bool {
    if password.len() > MAX_PASSWORD_LEN {
        return false;
    }
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// Spends the time of one verification, so that an unknown user name answers as slowly as a
/// wrong password and timing tells nothing about which part was wrong.
pub fn verify_against_nothing(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let phc = DUMMY.get_or_init(|| hash_password("dummy-password-for-timing").unwrap_or_default());
    let _ = verify_password(password, phc);
}

pub fn check_password_policy(password: &str) -> Result<()> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_LEN {
        return Err(Error::Invalid(format!(
            "the password needs at least {MIN_PASSWORD_LEN} characters"
        )));
    }
    if password.len() > MAX_PASSWORD_LEN {
        return Err(Error::Invalid("the password is too long".into()));
    }
    Ok(())
}

/// 32 random bytes as 64 hex characters.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// A password a person can type: 20 characters from an alphabet without look-alikes.
pub fn random_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 20];
    OsRng.fill_bytes(&mut bytes);
    bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect()
}

/// What is stored for a session or API token: its SHA-256, so a copy of the database does
/// not hand out live credentials.
pub fn token_digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Slows down repeated login failures per client address: after `FREE_FAILURES` failures
/// within the window, each new attempt must wait, twice as long each time (up to 15 min).
/// Kept in memory: each app node counts its own attempts.
pub struct LoginThrottle {
    entries: Mutex<HashMap<IpAddr, Attempts>>,
}

struct Attempts {
    failures: u32,
    first: Instant,
    blocked_until: Option<Instant>,
}

impl LoginThrottle {
    const FREE_FAILURES: u32 = 5;
    const WINDOW: Duration = Duration::from_secs(15 * 60);
    const MAX_WAIT: Duration = Duration::from_secs(15 * 60);
    const MAX_ENTRIES: usize = 100_000;

    pub fn new() -> Self {
        LoginThrottle {
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(Throttled(seconds))` while the address must wait.
    pub fn check(&self, ip: IpAddr) -> Result<()> {
        let now = Instant::now();
        let entries = self
            .entries
            .lock()
            .map_err(|_| Error::Internal("throttle lock".into()))?;
        if let Some(blocked) = entries.get(&ip).and_then(|a| a.blocked_until)
            && blocked > now
        {
            let secs = (blocked - now).as_secs().max(1);
            return Err(Error::Throttled(secs));
        }
        Ok(())
    }

    pub fn failure(&self, ip: IpAddr) {
        let now = Instant::now();
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if entries.len() >= Self::MAX_ENTRIES {
            entries.retain(|_, a| now.duration_since(a.first) < Self::WINDOW);
        }
        let a = entries.entry(ip).or_insert(Attempts {
            failures: 0,
            first: now,
            blocked_until: None,
        });
        if now.duration_since(a.first) > Self::WINDOW && a.blocked_until.is_none_or(|b| b < now) {
            *a = Attempts {
                failures: 0,
                first: now,
                blocked_until: None,
            };
        }
        a.failures = a.failures.saturating_add(1);
        if a.failures >= Self::FREE_FAILURES {
            let over = (a.failures - Self::FREE_FAILURES).min(10);
            let wait = Duration::from_secs(30u64 << over).min(Self::MAX_WAIT);
            a.blocked_until = Some(now + wait);
        }
    }

    pub fn success(&self, ip: IpAddr) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(&ip);
        }
    }
}

impl Default for LoginThrottle {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let phc = hash_password("correct horse battery").unwrap_or_default();
        assert!(phc.starts_with("$argon2id$"), "{phc}");
        assert!(verify_password("correct horse battery", &phc));
        assert!(!verify_password("correct horse batterz", &phc));
        assert!(!verify_password("anything", "not a hash"));
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(hash_password("short").is_err());
        assert!(hash_password(&"x".repeat(2000)).is_err());
    }

    #[test]
    fn tokens_are_random_and_digests_stable() {
        assert_ne!(random_token(), random_token());
        assert_eq!(random_token().len(), 64);
        assert_eq!(token_digest("abc"), token_digest("abc"));
        assert_ne!(token_digest("abc"), token_digest("abd"));
        assert_eq!(random_password().len(), 20);
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "ab"));
    }

    #[test]
    fn the_sixth_failure_in_a_row_must_wait() {
        let t = LoginThrottle::new();
        let ip: IpAddr = [10, 0, 0, 1].into();
        for _ in 0..4 {
            t.failure(ip);
            assert!(t.check(ip).is_ok());
        }
        t.failure(ip);
        assert!(matches!(t.check(ip), Err(Error::Throttled(s)) if s >= 29));
        let other: IpAddr = [10, 0, 0, 2].into();
        assert!(t.check(other).is_ok());
        t.success(ip);
        assert!(t.check(ip).is_ok());
    }
}
