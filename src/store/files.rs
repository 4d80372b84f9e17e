//! The original files, byte for byte, named by their SHA-256 under `DATA/files/ab/abcd...`:
//! the same file uploaded twice is stored once.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

#[derive(Clone, Debug)]
pub struct FileStore {
    root: PathBuf,
}

impl FileStore {
    pub fn new(root: &Path) -> FileStore {
        FileStore {
            root: root.to_path_buf(),
        }
    }

    fn path(&self, sha256: &str) -> Result<PathBuf> {
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::Invalid("not a file digest".into()));
        }
        let prefix = sha256.get(..2).unwrap_or("00");
        Ok(self.root.join(prefix).join(sha256))
    }

    /// Writes a file unless it is already there; true when this call created it (so a failed
    /// upload can remove what it added, and only that).
    pub fn put(&self, sha256: &str, bytes: &[u8]) -> Result<bool> {
        let path = self.path(sha256)?;
        if path.exists() {
            return Ok(false);
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        // Write aside then rename: a crash never leaves a half file under the final name.
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, &path)?;
        Ok(true)
    }

    pub fn get(&self, sha256: &str) -> Result<Vec<u8>> {
        std::fs::read(self.path(sha256)?).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::NotFound("file"),
            _ => Error::Io(e),
        })
    }

    pub fn remove(&self, sha256: &str) {
        if let Ok(path) = self.path(sha256) {
            let _ = std::fs::remove_file(path);
        }
    }
}
