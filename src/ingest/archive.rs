//! ZIP archives: reading one part of an Office file, and expanding a DCE archive into its
//! pieces, with limits against bombs and paths that escape.

use std::io::{Cursor, Read};

use super::{ExtractError, Limits};

/// Reads one part of a ZIP container (None if absent), refusing one larger than the limits.
pub fn read_part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limits: &Limits,
) -> Result<Option<Vec<u8>>, ExtractError> {
    let entry = match zip.by_name(name) {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(zip::result::ZipError::UnsupportedArchive(m))
            if m.contains("ncrypt") || m.contains("assword") =>
        {
            return Err(ExtractError::Encrypted);
        }
        Err(e) => return Err(ExtractError::Corrupt(format!("{name}: {e}"))),
    };
    if entry.encrypted() {
        return Err(ExtractError::Encrypted);
    }
    check_ratio(name, entry.size(), entry.compressed_size(), limits)?;
    read_bounded(entry, name, limits.max_piece_bytes).map(Some)
}

fn check_ratio(
    name: &str,
    size: u64,
    compressed: u64,
    limits: &Limits,
) -> Result<(), ExtractError> {
    if size > limits.max_piece_bytes {
        return Err(ExtractError::TooLarge(format!(
            "{name} expands to {size} bytes"
        )));
    }
    if size > 1024 * 1024 && size / compressed.max(1) > limits.max_zip_ratio {
        return Err(ExtractError::TooLarge(format!(
            "{name} is compressed {}:1, like a ZIP bomb",
            size / compressed.max(1)
        )));
    }
    Ok(())
}

/// Reads at most `max` bytes: the declared size of an entry can lie.
fn read_bounded(reader: impl Read, name: &str, max: u64) -> Result<Vec<u8>, ExtractError> {
    let mut out = Vec::new();
    reader
        .take(max.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| ExtractError::Corrupt(format!("{name}: {e}")))?;
    if out.len() as u64 > max {
        return Err(ExtractError::TooLarge(format!(
            "{name} expands beyond {max} bytes"
        )));
    }
    Ok(out)
}

/// A file found in an archive: its path inside it, and its bytes or why they could not be read.
pub struct Entry {
    pub path: String,
    pub bytes: Result<Vec<u8>, ExtractError>,
}

/// Expands a ZIP (and the ZIPs inside it, to `max_zip_depth`) into its files, folders kept as
/// paths. An entry that cannot be read is reported as such; the others are still returned.
/// The archive itself being unreadable is an error.
pub fn expand(bytes: &[u8], limits: &Limits) -> Result<Vec<Entry>, ExtractError> {
    let mut out = Vec::new();
    let mut budget = Budget {
        entries: 0,
        bytes: 0,
    };
    expand_into(bytes, "", 1, limits, &mut budget, &mut out)?;
    Ok(out)
}

struct Budget {
    entries: usize,
    bytes: u64,
}

fn expand_into(
    bytes: &[u8],
    prefix: &str,
    depth: usize,
    limits: &Limits,
    budget: &mut Budget,
    out: &mut Vec<Entry>,
) -> Result<(), ExtractError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ExtractError::Corrupt(format!("not a valid ZIP ({e})")))?;
    for i in 0..zip.len() {
        budget.entries += 1;
        if budget.entries > limits.max_zip_entries {
            return Err(ExtractError::TooLarge(format!(
                "more than {} files in the archive",
                limits.max_zip_entries
            )));
        }
        let mut entry = match zip.by_index(i) {
            Ok(e) => e,
            Err(e) => {
                out.push(Entry {
                    path: format!("{prefix}#{i}"),
                    bytes: Err(ExtractError::Corrupt(e.to_string())),
                });
                continue;
            }
        };
        let raw_name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        if entry.is_dir() || is_noise(&raw_name) {
            continue;
        }
        let Some(safe) = entry
            .enclosed_name()
            .map(|p| p.to_string_lossy().replace('\\', "/"))
        else {
            out.push(Entry {
                path: format!("{prefix}{}", raw_name.replace("../", "")),
                bytes: Err(ExtractError::Corrupt(format!(
                    "unsafe path in the archive: {raw_name:?}"
                ))),
            });
            continue;
        };
        let path = format!("{prefix}{safe}");
        if entry.encrypted() {
            out.push(Entry {
                path,
                bytes: Err(ExtractError::Encrypted),
            });
            continue;
        }
        if let Err(e) = check_ratio(&path, entry.size(), entry.compressed_size(), limits) {
            out.push(Entry {
                path,
                bytes: Err(e),
            });
            continue;
        }
        let remaining = limits.max_zip_total_bytes.saturating_sub(budget.bytes);
        let data = match read_bounded(&mut entry, &path, limits.max_piece_bytes.min(remaining)) {
            Ok(d) => d,
            Err(ExtractError::TooLarge(_)) if remaining < limits.max_piece_bytes => {
                return Err(ExtractError::TooLarge(format!(
                    "the archive expands beyond {} bytes",
                    limits.max_zip_total_bytes
                )));
            }
            Err(e) => {
                out.push(Entry {
                    path,
                    bytes: Err(e),
                });
                continue;
            }
        };
        budget.bytes += data.len() as u64;
        if data.starts_with(b"PK\x03\x04")
            && super::sniff::sniff(&path, &data) == Ok(super::Format::Zip)
        {
            if depth >= limits.max_zip_depth {
                out.push(Entry {
                    path,
                    bytes: Err(ExtractError::TooLarge(format!(
                        "archives nested deeper than {}",
                        limits.max_zip_depth
                    ))),
                });
                continue;
            }
            let nested_prefix = format!("{path}/");
            let before = out.len();
            if let Err(e) = expand_into(&data, &nested_prefix, depth + 1, limits, budget, out) {
                out.truncate(before);
                out.push(Entry {
                    path,
                    bytes: Err(e),
                });
            }
            continue;
        }
        out.push(Entry {
            path,
            bytes: Ok(data),
        });
    }
    Ok(())
}

/// Files archivers add that are not pieces of the tender.
fn is_noise(name: &str) -> bool {
    name.starts_with("__MACOSX/")
        || name.ends_with(".DS_Store")
        || name.ends_with("Thumbs.db")
        || name.ends_with("desktop.ini")
}
