//! Picture sizes read from PNG and JPEG headers, without decoding the pixels.

/// The picture formats a document can embed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Png,
    Jpeg,
}

impl ImageKind {
    /// The file extension used in the package.
    pub fn extension(self) -> &'static str {
        match self {
            ImageKind::Png => "png",
            ImageKind::Jpeg => "jpeg",
        }
    }
}

/// The format and pixel size of `bytes`, or `None` when it is not a PNG or JPEG we can read.
pub fn probe(bytes: &[u8]) -> Option<(ImageKind, u32, u32)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        // The IHDR chunk always comes first: width and height at bytes 16..24.
        let w = u32::from_be_bytes(bytes.get(16..20)?.try_into().ok()?);
        let h = u32::from_be_bytes(bytes.get(20..24)?.try_into().ok()?);
        return (w > 0 && h > 0).then_some((ImageKind::Png, w, h));
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        let (w, h) = jpeg_size(bytes)?;
        return Some((ImageKind::Jpeg, w, h));
    }
    None
}

/// Walks the JPEG segments up to the first start-of-frame marker.
fn jpeg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut i = 2usize;
    while i + 4 <= bytes.len() {
        if *bytes.get(i)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(i + 1)?;
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = u16::from_be_bytes([*bytes.get(i + 2)?, *bytes.get(i + 3)?]) as usize;
        let is_sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_sof {
            let h = u16::from_be_bytes([*bytes.get(i + 5)?, *bytes.get(i + 6)?]) as u32;
            let w = u16::from_be_bytes([*bytes.get(i + 7)?, *bytes.get(i + 8)?]) as u32;
            return (w > 0 && h > 0).then_some((w, h));
        }
        if len < 2 {
            return None;
        }
        i += 2 + len;
    }
    None
}

/// EMUs per pixel at 96 dpi.
const EMU_PER_PX: u64 = 9525;

/// The displayed size in EMUs: the pixel size at 96 dpi, scaled down to fit `max_width_emu`.
pub fn display_size(w: u32, h: u32, max_width_emu: u64) -> (u32, u32) {
    let (mut ew, mut eh) = (w as u64 * EMU_PER_PX, h as u64 * EMU_PER_PX);
    if ew > max_width_emu {
        eh = eh * max_width_emu / ew.max(1);
        ew = max_width_emu;
    }
    // A page is about 10^7 EMU tall: clamp to keep the numbers sane.
    let cap = 9_000_000u64;
    if eh > cap {
        ew = ew * cap / eh.max(1);
        eh = cap;
    }
    (ew.max(1) as u32, eh.max(1) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_header() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&640u32.to_be_bytes());
        png.extend_from_slice(&480u32.to_be_bytes());
        assert_eq!(probe(&png), Some((ImageKind::Png, 640, 480)));
        assert_eq!(probe(b"\x89PNG\r\n\x1a\n"), None);
        assert_eq!(probe(b"GIF89a"), None);
    }

    #[test]
    fn jpeg_header() {
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 11, 8, 0, 200, 1, 44, 3,
        ];
        assert_eq!(probe(&jpeg), Some((ImageKind::Jpeg, 300, 200)));
        assert_eq!(probe(&[0xFF, 0xD8, 0xFF]), None);
    }

    #[test]
    fn wide_images_fit_the_page() {
        let (w, h) = display_size(4000, 2000, 5_000_000);
        assert_eq!((w, h), (5_000_000, 2_500_000));
        assert_eq!(display_size(100, 50, 5_000_000), (952_500, 476_250));
    }
}
