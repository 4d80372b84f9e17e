//! The files the workspace accepts besides the tender's pieces: images for library blocks and
//! the company's reference Word document, checked by content, not by name.

use std::io::Cursor;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// Largest image attached to a block.
pub const MAX_IMAGE_BYTES: usize = 10 * 1024 * 1024;
/// Largest reference document.
pub const MAX_REFERENCE_BYTES: usize = 20 * 1024 * 1024;

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The media type of a PNG, JPEG or GIF image, from its first bytes; refuses anything else.
pub fn image_media_type(name: &str, bytes: &[u8]) -> Result<&'static str> {
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(Error::Invalid(format!(
            "{name}: an image is at most {} MB",
            MAX_IMAGE_BYTES / 1024 / 1024
        )));
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Ok("image/png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Ok("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Ok("image/gif")
    } else {
        Err(Error::Invalid(format!(
            "{name}: not a PNG, JPEG or GIF image"
        )))
    }
}

/// Accepts a .docx or .dotx (a ZIP holding `word/document.xml` and `word/styles.xml`).
pub fn check_reference_doc(name: &str, bytes: &[u8]) -> Result<()> {
    if bytes.len() > MAX_REFERENCE_BYTES {
        return Err(Error::Invalid(format!(
            "{name}: a reference document is at most {} MB",
            MAX_REFERENCE_BYTES / 1024 / 1024
        )));
    }
    let not_word = || Error::Invalid(format!("{name}: not a Word .docx or .dotx document"));
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_word())?;
    for part in ["word/document.xml", "word/styles.xml"] {
        zip.by_name(part).map_err(|_| not_word())?;
    }
    Ok(())
}
