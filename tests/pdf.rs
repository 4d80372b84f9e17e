//! PDF text extraction on the generated PDFs of fixtures/pdf (see its README): French text with
//! accents and a ligature, reading order, word spacing, scans, passwords, truncation, limits,
//! and hostile bytes.

use std::path::PathBuf;

use tenderdesk::ingest::pdf::{self, PdfText};
use tenderdesk::ingest::{ExtractError, Limits};

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/pdf")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn extract(name: &str) -> Result<PdfText, ExtractError> {
    pdf::extract(&fixture(name), &Limits::default())
}

fn lines(page: &str) -> Vec<&str> {
    page.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn french_text_comes_out_with_accents_ligatures_and_spaces() {
    let text = extract("french.pdf").expect("readable");
    assert_eq!(text.pages.len(), 3);
    assert_eq!(
        lines(&text.pages[0]),
        [
            "Règlement de la consultation",
            "Article 1 – Objet du marché",
            "Le présent marché a pour objet la fourniture de matériel électrique.",
            "La fiche financière est finalisée avec efficacité.",
            "Œuvre, cœur, sœur : l’œil du maître d’ouvrage est vigilant.",
            "Être à même de garantir la continuité du service, c’est déjà ça.",
        ]
    );
    let all = text.pages.concat();
    assert!(!all.contains('\u{FB01}'), "ligature left in: {all}");
    assert!(!all.chars().any(|c| c.is_control() && c != '\n'), "{all:?}");
}

#[test]
fn text_is_in_reading_order_not_drawing_order() {
    // Page 2 draws its footer first and its title last.
    let text = extract("french.pdf").expect("readable");
    assert_eq!(
        lines(&text.pages[1]),
        [
            "Article 2 – Délais d’exécution",
            "Les candidats transmettent leur offre avant le 15 décembre 2027 à 12 h 00.",
            "Critères d’attribution : prix (40 %), valeur technique (60 %).",
            "Page 2 sur 3",
        ]
    );
}

#[test]
fn words_placed_one_by_one_are_separated_by_spaces() {
    // Page 3 places every word on its own, with no space glyph between them.
    let text = extract("french.pdf").expect("readable");
    assert_eq!(
        lines(&text.pages[2]),
        [
            "Le titulaire s’engage à respecter le cahier des clauses techniques.",
            "Fin du règlement."
        ]
    );
}

#[test]
fn a_scan_gives_empty_pages() {
    let text = extract("scanned.pdf").expect("a scan is not an error");
    assert_eq!(text.pages, ["", ""]);
}

#[test]
fn a_password_protected_pdf_is_reported_as_encrypted() {
    assert_eq!(
        extract("encrypted.pdf").map(|t| t.pages),
        Err(ExtractError::Encrypted)
    );
}

#[test]
fn a_pdf_restricted_without_a_password_is_read() {
    // Encrypted (RC4) with an empty user password: opens in any viewer, so it must read.
    let text = extract("owner-only.pdf").expect("readable without a password");
    assert_eq!(
        lines(&text.pages.concat()),
        ["Document protégé : marché réservé."]
    );
}

#[test]
fn a_truncated_pdf_is_corrupt() {
    let err = extract("truncated.pdf").map(|t| t.pages).unwrap_err();
    assert!(
        matches!(&err, ExtractError::Corrupt(m) if m.contains("truncated")),
        "{err:?}"
    );
    // Cut anywhere, even after most of the file: still corrupt, never partial text.
    let whole = fixture("french.pdf");
    for cut in [0, 1, 10, whole.len() / 3, whole.len() - 100] {
        let part = whole.get(..cut).expect("in range");
        let result = pdf::extract(part, &Limits::default()).map(|t| t.pages);
        assert!(
            matches!(result, Err(ExtractError::Corrupt(_))),
            "cut at {cut}: {result:?}"
        );
    }
}

#[test]
fn not_a_pdf_is_corrupt() {
    for bytes in [
        &b""[..],
        b"%PDF-",
        b"hello world",
        b"PK\x03\x04 a zip, not a pdf",
    ] {
        let result = pdf::extract(bytes, &Limits::default()).map(|t| t.pages);
        assert!(
            matches!(result, Err(ExtractError::Corrupt(_))),
            "{bytes:?}: {result:?}"
        );
    }
}

/// A tiny xorshift generator: deterministic noise without a dependency.
fn noise(seed: u64) -> impl FnMut() -> u64 {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    }
}

#[test]
fn random_bytes_give_an_error_not_a_panic() {
    for seed in 0..50u64 {
        let mut next = noise(seed);
        let len = 64 + (next() % 4096) as usize;
        let mut bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
        // Half of them look like a PDF from the outside, to get past the envelope check.
        if seed % 2 == 0 {
            bytes.splice(0..0, b"%PDF-1.7\n".iter().copied());
            bytes.extend_from_slice(b"\nstartxref\n9\n%%EOF\n");
        }
        let result = pdf::extract(&bytes, &Limits::default());
        assert!(
            result.is_err(),
            "seed {seed}: {:?}",
            result.map(|t| t.pages)
        );
    }
}

#[test]
fn damaged_pdfs_never_panic_into_the_caller() {
    // Bytes flipped or removed inside a real PDF: any result is fine, as long as it returns.
    let whole = fixture("french.pdf");
    let mut outcomes = [0usize; 3];
    for seed in 0..120u64 {
        let mut next = noise(seed);
        let mut bytes = whole.clone();
        if seed % 2 == 0 {
            for _ in 0..1 + next() % 8 {
                let at = (next() as usize) % bytes.len();
                if let Some(b) = bytes.get_mut(at) {
                    *b = next() as u8;
                }
            }
        } else {
            let at = (next() as usize) % bytes.len();
            let end = (at + (next() as usize) % 64).min(bytes.len());
            bytes.drain(at..end);
        }
        let slot = match pdf::extract(&bytes, &Limits::default()) {
            Ok(_) => 0,
            Err(ExtractError::Panicked) => 2,
            Err(_) => 1,
        };
        if let Some(n) = outcomes.get_mut(slot) {
            *n += 1;
        }
    }
    // Most damage is survivable: the parser rebuilds the cross-reference table.
    assert!(outcomes[0] > 60, "ok / error / panicked: {outcomes:?}");
}

#[test]
fn max_pages_refuses_longer_documents() {
    let bytes = fixture("french.pdf");
    let two = Limits {
        max_pages: 2,
        ..Limits::default()
    };
    let err = pdf::extract(&bytes, &two).map(|t| t.pages).unwrap_err();
    assert!(
        matches!(&err, ExtractError::TooLarge(m) if m.contains("3 pages")),
        "{err:?}"
    );
    let three = Limits {
        max_pages: 3,
        ..Limits::default()
    };
    assert_eq!(
        pdf::extract(&bytes, &three)
            .expect("within the limit")
            .pages
            .len(),
        3
    );
}

#[test]
fn max_text_chars_refuses_longer_text() {
    let bytes = fixture("french.pdf");
    let total: usize = pdf::extract(&bytes, &Limits::default())
        .expect("readable")
        .pages
        .iter()
        .map(|p| p.chars().count())
        .sum();
    let tight = Limits {
        max_text_chars: total - 1,
        ..Limits::default()
    };
    let err = pdf::extract(&bytes, &tight).map(|t| t.pages).unwrap_err();
    assert!(
        matches!(&err, ExtractError::TooLarge(m) if m.contains("characters")),
        "{err:?}"
    );
    let exact = Limits {
        max_text_chars: total,
        ..Limits::default()
    };
    assert!(pdf::extract(&bytes, &exact).is_ok());
}
