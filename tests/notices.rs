//! Notices read from real public files (TED eForms, BOAMP, ESPD) in `../shared/realdata`, whose
//! facts are asserted; hostile XML is in `notices/hostile.rs`. Without the folder, tests skip.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use tenderdesk::ingest::notice::{self, Notice, NoticeKind};
use tenderdesk::ingest::{ExtractError, Format, Limits};
use tenderdesk::model::WeightUnit;

fn realdata() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/realdata"));
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: {} is absent (real public samples)", dir.display());
        None
    }
}

fn bytes(rel: &str) -> Option<Vec<u8>> {
    let path = realdata()?.join(rel);
    Some(std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

fn read(rel: &str) -> Option<Notice> {
    let data = bytes(rel)?;
    Some(notice::parse(&data, &Limits::default()).unwrap_or_else(|e| panic!("{rel}: {e}")))
}

/// (name, weight, is_price) of each criterion.
fn weights(criteria: &[tenderdesk::model::CriterionInput]) -> Vec<(String, f64, bool)> {
    criteria
        .iter()
        .map(|c| (c.name.clone(), c.weight, c.is_price))
        .collect()
}

fn utc(deadline: Option<tenderdesk::model::Deadline>) -> Option<String> {
    deadline.map(|d| d.at.to_rfc3339())
}

#[test]
fn every_sample_is_recognised_and_read() {
    let Some(dir) = realdata() else { return };
    for (folder, format) in [
        ("ted-eforms", Format::Eforms),
        ("boamp", Format::Boamp),
        ("espd", Format::Espd),
    ] {
        let mut entries: Vec<_> = std::fs::read_dir(dir.join(folder))
            .expect("list samples")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "xml"))
            .collect();
        entries.sort();
        assert!(!entries.is_empty(), "no samples in {folder}");
        for path in entries {
            let data = std::fs::read(&path).expect("read sample");
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            assert_eq!(notice::sniff(&data), Some(format), "{name}");
            let read = notice::parse(&data, &Limits::default());
            if name.starts_with("INVALID") {
                assert!(read.is_err(), "{name} should be refused");
                continue;
            }
            let n = read.unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(n.format, format, "{name}");
            assert!(n.notice_id.is_some(), "{name} has an id");
            assert!(!n.text.is_empty(), "{name} has a text");
            assert!(n.buyer.is_some(), "{name} has a buyer");
        }
    }
}

#[test]
fn eforms_open_contract_notice() {
    let Some(n) = read("ted-eforms/cn_24_open.xml") else {
        return;
    };
    assert_eq!(n.kind, NoticeKind::ContractNotice);
    assert_eq!(
        n.notice_id.as_deref(),
        Some("c4c415ee-ac08-4465-8fa6-57568cf69462")
    );
    assert_eq!(
        n.procedure_id.as_deref(),
        Some("31f258b6-5eb2-4875-8997-affa3cdce27c")
    );
    assert_eq!(n.changes, None);
    assert_eq!(
        n.title.as_deref(),
        Some(
            "Term Contract for a Planned Programme of In-service Inspection and Testing of Electrical Equipment"
        )
    );
    assert_eq!(n.reference.as_deref(), Some("RC-CPU-19-065"));
    let buyer = n.buyer.clone().expect("buyer");
    assert_eq!(buyer.name, "Renfrewshire Council");
    assert_eq!(buyer.city.as_deref(), Some("Paisley"));
    assert_eq!(n.procedure.as_deref(), Some("open"));
    // 2020-04-03 12:00 at +01:00, as the notice writes it.
    assert_eq!(
        utc(n.deadline).as_deref(),
        Some("2020-04-03T11:00:00+00:00")
    );
    assert_eq!(
        n.cpv_codes,
        ["71630000", "71314100", "50300000", "31600000"]
    );
    assert_eq!(n.estimated_value_cents, Some(50_000_000));
    assert_eq!(n.lots.len(), 1);
    assert_eq!(n.lots[0].id, "LOT-0000");
    assert_eq!(n.lots[0].number, Some(0));
    let expected = [
        ("Methodology and approach", 15.0, false),
        ("Fair working practices", 5.0, false),
        ("Community benefits offered", 3.0, false),
        ("Community benefit methodology", 2.0, false),
        ("Price", 75.0, true),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), *b, *c))
        .collect();
    assert_eq!(weights(&n.lots[0].criteria), expected);
    assert_eq!(
        weights(&n.criteria),
        expected,
        "the only lot's criteria are the notice's"
    );
    assert!(n.criteria.iter().all(|c| c.unit == WeightUnit::Percent));
    assert!(n.text.contains("Renfrewshire Council"));
    assert!(n.text.contains("03/04/2020"));
    assert!(n.text.contains("Price : 75 %"));
}

#[test]
fn eforms_change_notice_moves_the_deadline() {
    let (Some(original), Some(change)) = (
        read("ted-eforms/cn_24_open.xml"),
        read("ted-eforms/change-cn_24_open_dates.xml"),
    ) else {
        return;
    };
    assert_eq!(change.kind, NoticeKind::ChangeNotice);
    assert_eq!(change.changes, original.notice_id);
    assert_ne!(change.notice_id, original.notice_id);
    assert_eq!(change.procedure_id, original.procedure_id);
    assert_eq!(
        utc(change.deadline).as_deref(),
        Some("2020-06-12T11:00:00+00:00")
    );
    assert!(
        change
            .text
            .contains("modifie l'avis c4c415ee-ac08-4465-8fa6-57568cf69462")
    );
}

#[test]
fn eforms_award_notice_criteria() {
    let Some(n) = read("ted-eforms/can_24_UKRI.xml") else {
        return;
    };
    assert_eq!(n.kind, NoticeKind::AwardNotice);
    assert_eq!(
        n.buyer.map(|b| b.name).as_deref(),
        Some("UK Research and Innovation")
    );
    assert_eq!(
        weights(&n.criteria),
        [
            ("Quality".to_string(), 70.0, false),
            ("Presentation".to_string(), 15.0, false),
            ("Price".to_string(), 15.0, true),
        ]
    );
}

#[test]
fn eforms_hundred_lots_parse_fast() {
    let Some(data) = bytes("ted-eforms/cn_24_maximal_100_lots.xml") else {
        return;
    };
    let start = Instant::now();
    let n = notice::parse(&data, &Limits::default()).expect("100 lots");
    let elapsed = start.elapsed();
    eprintln!(
        "cn_24_maximal_100_lots.xml ({} bytes, {} lots) parsed in {elapsed:?}",
        data.len(),
        n.lots.len()
    );
    assert_eq!(n.lots.len(), 100);
    let numbers: Vec<_> = n.lots.iter().filter_map(|l| l.number).collect();
    assert_eq!(numbers, (1..=100).collect::<Vec<_>>());
    assert!(
        n.lots
            .iter()
            .all(|l| !l.criteria.is_empty() && !l.title.is_empty())
    );
    // Generous for unoptimised test builds on a loaded machine; release takes milliseconds.
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[test]
fn eforms_maximal_prior_information_and_multilingual() {
    if let Some(n) = read("ted-eforms/cn_24_maximal.xml") {
        assert_eq!(n.procedure.as_deref(), Some("neg-w-call"));
        // The group of lots GLO-0001 is not a lot.
        assert!(n.lots.iter().all(|l| l.id.starts_with("LOT-")));
        // Negotiated with a call: the deadline is the one for requests to participate.
        assert!(n.deadline.is_some());
    }
    if let Some(n) = read("ted-eforms/pin-cfc_25.xml") {
        assert_eq!(n.kind, NoticeKind::PriorInformation);
        assert_eq!(n.lots.len(), 2);
        assert_eq!(
            utc(n.deadline).as_deref(),
            Some("2020-05-18T22:59:59+00:00")
        );
    }
    if let Some(n) = read("ted-eforms/cn_24_multilingual.xml") {
        let title = n.title.unwrap_or_default();
        assert!(
            title.starts_with("Fourniture de services informatiques"),
            "{title}"
        );
        assert_eq!(
            n.buyer.map(|b| b.name).as_deref(),
            Some("Office des publications de l'Union européenne")
        );
    }
}

#[test]
fn invalid_eforms_notice_is_refused_with_its_problems() {
    let Some(data) = bytes("ted-eforms/INVALID_cn_24_multiple.xml") else {
        return;
    };
    let Err(ExtractError::Corrupt(message)) = notice::parse(&data, &Limits::default()) else {
        panic!("INVALID_cn_24_multiple.xml must be refused as corrupt");
    };
    eprintln!("{message}");
    assert!(message.starts_with("invalid eForms notice"), "{message}");
    assert!(message.contains("efac:Organization is empty"), "{message}");
    assert!(
        message.contains("cac:MainCommodityClassification is given more than once"),
        "{message}"
    );
    assert!(message.contains("(lot LOT-0001)"), "{message}");
    assert!(
        message.contains("and ") && message.contains(" more"),
        "{message}"
    );
}

#[test]
fn boamp_call_for_tenders_single_contract() {
    let Some(n) = read("boamp/test-pub-2.xml") else {
        return;
    };
    assert_eq!(n.kind, NoticeKind::ContractNotice);
    assert_eq!(n.notice_id.as_deref(), Some("16-181902"));
    let buyer = n.buyer.clone().expect("buyer");
    assert_eq!(buyer.name, "Grand Port Maritime de Marseille");
    assert_eq!(buyer.city.as_deref(), Some("MARSEILLE Cedex 02"));
    assert_eq!(n.reference.as_deref(), Some("201611004"));
    assert_eq!(n.procedure.as_deref(), Some("open"));
    assert_eq!(
        utc(n.deadline).as_deref(),
        Some("2017-01-30T15:00:00+00:00")
    );
    assert_eq!(n.cpv_codes, ["71240000", "79311000", "71335000"]);
    assert_eq!(n.estimated_value_cents, Some(5_000_000));
    assert!(n.lots.is_empty(), "not divided into lots");
    let c = weights(&n.criteria);
    assert_eq!(c.len(), 2);
    assert!(c[0].0.starts_with("Valeur technique"));
    assert_eq!((c[0].1, c[0].2), (50.0, false));
    assert_eq!(c[1], ("Prix".to_string(), 50.0, true));
    assert!(
        n.text.contains("30/01/2017 16:00"),
        "Paris time in the text"
    );
}

#[test]
fn boamp_two_lots_share_their_criteria() {
    let Some(n) = read("boamp/test-pub-5.xml") else {
        return;
    };
    assert_eq!(n.buyer.as_ref().map(|b| b.name.as_str()), Some("MTSFP"));
    assert_eq!(n.lots.len(), 2);
    let expected = vec![
        (
            "Valeur technique de la proposition".to_string(),
            60.0,
            false,
        ),
        ("Prix".to_string(), 40.0, true),
    ];
    for lot in &n.lots {
        assert_eq!(weights(&lot.criteria), expected, "lot {}", lot.id);
    }
    assert_eq!(weights(&n.criteria), expected);
    assert_eq!(n.lots[0].number, Some(1));
    assert_eq!(n.lots[0].estimated_value_cents, Some(108_333_300));
    assert_eq!(n.lots[1].estimated_value_cents, Some(633_333_300));
    assert_eq!(n.estimated_value_cents, Some(741_666_600));
    assert_eq!(
        utc(n.deadline).as_deref(),
        Some("2017-02-17T11:00:00+00:00")
    );
}

#[test]
fn boamp_award_notices() {
    if let Some(n) = read("boamp/test-attribution-12.xml") {
        assert_eq!(n.kind, NoticeKind::AwardNotice);
        assert_eq!(n.lots.len(), 21);
        let buyer = n.buyer.clone().expect("buyer");
        assert_eq!(buyer.name, "C.C.A.S. de Toulon");
        assert_eq!(buyer.id.as_deref(), Some("26830066200015"), "SIRET");
        assert_eq!(
            n.procedure_id.as_deref(),
            Some("16-107438"),
            "the call it awards"
        );
        assert_eq!(n.lots[0].title, "surgelés viande poisson légumes");
        assert_eq!(
            n.lots[0].criteria.iter().map(|c| c.weight).sum::<f64>(),
            100.0
        );
    }
    if let Some(n) = read("boamp/test-attribution-2.xml") {
        assert_eq!(n.procedure.as_deref(), Some("procédure adaptée"));
        assert_eq!(
            weights(&n.criteria),
            [
                (
                    "valeur technique et qualitative de l'étude".to_string(),
                    60.0,
                    false
                ),
                ("prix".to_string(), 30.0, true),
                (
                    "Expérience et références de l'équipe dédiée".to_string(),
                    10.0,
                    false
                ),
            ]
        );
    }
}

#[test]
fn boamp_price_only_lot_and_concession() {
    if let Some(n) = read("boamp/test-pub.xml") {
        assert_eq!(n.buyer.map(|b| b.name).as_deref(), Some("Ville de Paris"));
        assert_eq!(n.lots.len(), 2);
        assert!(n.lots[0].criteria.is_empty(), "criteria in the documents");
        assert_eq!(
            weights(&n.lots[1].criteria),
            [("Prix".to_string(), 100.0, true)]
        );
    }
    if let Some(n) = read("boamp/test-pub-7.xml") {
        assert_eq!(n.estimated_value_cents, Some(311_300_000));
        assert_eq!(n.criteria.len(), 3);
        assert_eq!(n.criteria[0].name, "conditions financières proposées");
    }
}

#[test]
fn espd_request_and_response_criteria() {
    let (Some(request), Some(response)) = (
        read("espd/ESPD-Request.xml"),
        read("espd/ESPD-Response.xml"),
    ) else {
        return;
    };
    assert_eq!(request.kind, NoticeKind::EspdRequest);
    assert_eq!(response.kind, NoticeKind::EspdResponse);
    for n in [&request, &response] {
        assert_eq!(n.procedure_id.as_deref(), Some("PP.20170419.1024-9"));
        assert_eq!(n.procedure.as_deref(), Some("open"));
        assert_eq!(
            n.buyer.as_ref().and_then(|b| b.id.as_deref()),
            Some("B82387770")
        );
        assert_eq!(n.espd_criteria.len(), 62);
        let count = |family: &str| {
            n.espd_criteria
                .iter()
                .filter(|c| c.family == family)
                .count()
        };
        assert_eq!(
            (count("exclusion"), count("selection"), count("other")),
            (24, 31, 7)
        );
        let first = &n.espd_criteria[0];
        assert_eq!(first.code, "crime-org");
        assert_eq!(first.name, "Participation in a criminal organisation");
        assert!(first.description.contains("criminal organisation"));
    }
    let codes = |n: &Notice| {
        n.espd_criteria
            .iter()
            .map(|c| c.code.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(codes(&request), codes(&response));
}

#[path = "notices/hostile.rs"]
mod hostile;
