//! DECP award data: the shared real samples (every JSON and XML file reads; amounts and holders
//! exact), the project's own fixtures through the store, the CLI and the market page, and
//! malformed files (a clear error naming file and record, nothing imported).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Backend, TestApp};
use reqwest::StatusCode;
use serde_json::Value;
use tenderdesk::decp::{self, ContractKind, Holder};
use tenderdesk::model::Role;
use tenderdesk::store::WinnerQuery;

const BIN: &str = env!("CARGO_BIN_EXE_tenderdesk");

fn realdata() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realdata/decp");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED (DECP samples): ../shared/realdata/decp is absent");
        None
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/decp")
        .join(name)
}

fn holder(id_type: &str, id: &str, name: &str) -> Holder {
    Holder {
        id_type: id_type.into(),
        id: id.into(),
        name: name.into(),
    }
}

#[test]
fn every_shared_sample_reads_with_exact_amounts_and_holders() {
    let Some(dir) = realdata() else {
        return;
    };
    let mut files = 0;
    for sub in ["v1-2017", "v2-2025"] {
        for entry in std::fs::read_dir(dir.join(sub)).expect("dir") {
            let path = entry.expect("entry").path();
            let read = decp::read_file(&path);
            if path.extension().is_some_and(|e| e == "pdf") {
                let e = read.expect_err("a PDF is not award data");
                assert!(e.to_string().contains("PDF"), "{e}");
                continue;
            }
            let (_, contracts) = read.unwrap_or_else(|e| panic!("{e}"));
            assert!(!contracts.is_empty(), "{}", path.display());
            files += 1;
        }
    }
    assert_eq!(files, 10);

    let (_, basic) = decp::read_file(&dir.join("v1-2017/mar-basique.json")).expect("v1");
    assert_eq!(basic.len(), 1);
    let m = &basic[0];
    assert_eq!(
        (m.kind, m.id.as_str()),
        (ContractKind::Marche, "2010-3452112")
    );
    assert_eq!(
        (m.buyer_siret.as_str(), m.buyer_name.as_str()),
        ("21350238800019", "Ville de Rennes")
    );
    assert_eq!(
        (m.cpv.as_str(), m.date.as_deref()),
        ("77313000", Some("2007-08-13"))
    );
    assert_eq!(m.amount_cents, Some(12_700_000));
    assert_eq!(
        m.holders,
        [
            holder("SIRET", "81223113200026", "Garami SARL"),
            holder("TVA", "DE814864138", "Hellman Gmbh")
        ]
    );
    // The awarded holders, not those of the later modification.
    let (_, modified) =
        decp::read_file(&dir.join("v1-2017/mar-avec-modifications.json")).expect("v1");
    assert_eq!(modified[0].holders, m.holders);

    let (_, paquet) = decp::read_file(&dir.join("v1-2017/paquet.json")).expect("paquet");
    assert_eq!(paquet.len(), 3);
    assert_eq!(paquet[1].buyer_name, "État");
    assert_eq!(paquet[1].amount_cents, None);
    let millau = &paquet[2];
    assert_eq!(millau.kind, ContractKind::Concession);
    assert_eq!(millau.buyer_name, "Ville de Millau");
    assert_eq!(millau.amount_cents, Some(2_786_000_000));
    assert_eq!(
        millau.holders,
        [holder("SIRET", "81223113200026", "Atlas SAS")]
    );

    let (_, v2) =
        decp::read_file(&dir.join("v2-2025/marches_avec_modifications.json")).expect("v2");
    assert_eq!(v2.len(), 2);
    assert_eq!(
        (v2[0].id.as_str(), v2[0].buyer_siret.as_str()),
        ("TEST2022", "21750001630066")
    );
    assert_eq!(v2[0].amount_cents, Some(57_500_000));
    assert_eq!(v2[0].cpv, "45000000");
    assert_eq!(v2[0].holders, [holder("SIRET", "55204599900869", "")]);

    let (_, conc) = decp::read_file(&dir.join("v2-2025/concessions.json")).expect("concessions");
    assert_eq!(conc.len(), 2);
    assert_eq!(conc[0].amount_cents, Some(1030));
    assert_eq!(
        conc[0].holders,
        [
            holder("SIRET", "38103128500491", ""),
            holder("SIRET", "38103128500574", "")
        ]
    );

    let (_, xml) = decp::read_file(&dir.join("v2-2025/Marche.xml")).expect("xml");
    assert_eq!(xml.len(), 2);
    assert_eq!(xml[0].amount_cents, Some(57_500_000));
    assert_eq!(xml[0].holders, [holder("SIRET", "55204599900869", "")]);
    let (_, cxml) = decp::read_file(&dir.join("v2-2025/Contrat-concession.xml")).expect("xml");
    assert_eq!(cxml[0].kind, ContractKind::Concession);
    assert_eq!(cxml[0].amount_cents, Some(1030));
    assert_eq!(cxml[0].holders.len(), 2);
}

#[test]
fn malformed_files_name_the_file_and_the_record() {
    let cases = [
        ("truncated.json", "truncated.json: invalid JSON at line 1"),
        ("no-id.json", "no-id.json: record 2: no id"),
        (
            "bad-amount.xml",
            "bad-amount.xml: record 2: amount \"trente mille\" is not a number",
        ),
        ("doctype.xml", "doctype.xml: invalid XML"),
    ];
    for (file, expected) in cases {
        let e = decp::read_file(&fixture(&format!("malformed/{file}"))).expect_err(file);
        assert!(e.to_string().starts_with(expected), "{file}: {e}");
    }
}

both_backends!(
    import_is_idempotent_and_feeds_winners,
    market_page_adds_competitors
);

async fn import_is_idempotent_and_feeds_winners(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let store = &app.state.store;
    let files: Vec<_> = ["marches-2025.json", "marches-2017.xml"]
        .iter()
        .map(|f| decp::read_file(&fixture(f)).expect("fixture"))
        .collect();
    let first = store.import_decp(&files).await.expect("import");
    assert_eq!(
        (first.files, first.records, first.added, first.skipped),
        (2, 4, 4, 0)
    );
    let again = store.import_decp(&files).await.expect("import");
    assert_eq!(
        (again.added, again.skipped),
        (0, 4),
        "same ids: no duplicate"
    );
    let winners = store
        .decp_winners(&WinnerQuery::new(Some("21440109300015"), None).expect("query"))
        .await
        .expect("winners");
    let got: Vec<(&str, &str, i64, Option<i64>)> = winners
        .iter()
        .map(|w| {
            (
                w.name.as_str(),
                w.siret.as_str(),
                w.contracts,
                w.total_cents,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("63456789000033", "63456789000033", 1, Some(125_000_000)),
            ("41234567800011", "41234567800011", 2, Some(54_250_050)),
            (
                "Réseaux de Loire SARL",
                "52345678900022",
                2,
                Some(10_140_050)
            ),
        ]
    );
    let by_cpv = store
        .decp_winners(&WinnerQuery::new(None, Some("72")).expect("query"))
        .await
        .expect("winners");
    assert_eq!(by_cpv.len(), 1);
    assert_eq!(by_cpv[0].total_cents, Some(48_000_000));
    assert!(WinnerQuery::new(None, Some("72%")).is_err(), "digits only");
    assert!(
        WinnerQuery::new(Some("1"), Some("72")).is_err(),
        "one or the other"
    );
    if let Some(dir) = realdata() {
        let mut all = Vec::new();
        for sub in ["v1-2017", "v2-2025"] {
            for entry in std::fs::read_dir(dir.join(sub)).expect("dir") {
                let path = entry.expect("entry").path();
                if path.extension().is_some_and(|e| e != "pdf") {
                    all.push(decp::read_file(&path).expect("sample"));
                }
            }
        }
        let r = store.import_decp(&all).await.expect("samples");
        assert_eq!((r.files, r.records, r.added), (10, 21, 10));
        let rennes = store
            .decp_winners(&WinnerQuery::new(Some("21350238800019"), None).expect("q"))
            .await
            .expect("winners");
        let hellman = rennes
            .iter()
            .find(|w| w.siret == "DE814864138")
            .expect("Hellman");
        assert_eq!(
            (hellman.name.as_str(), hellman.total_cents),
            ("Hellman Gmbh", Some(12_700_000))
        );
    }
    app.stop().await;
}

async fn market_page_adds_competitors(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let files = vec![decp::read_file(&fixture("marches-2017.xml")).expect("fixture")];
    app.state.store.import_decp(&files).await.expect("import");
    let (token, tid) = app.manager_with_tender("Câblage 2026").await;
    let (claire, csrf) = app.login("claire").await;
    let html = claire
        .get(app.url(&format!("/market?buyer=21440109300015&tender={tid}")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("body");
    assert!(html.contains("Réseaux de Loire SARL"));
    assert!(html.contains("38\u{202f}900,00\u{a0}€"));
    let r = claire
        .post(app.url("/market/competitors"))
        .form(&[
            ("tender", tid.to_string().as_str()),
            ("name", "Réseaux de Loire SARL"),
            ("name", "Autre SA"),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let again = app
        .state
        .store
        .add_competitors(tid, &["Réseaux de Loire SARL".into()])
        .await
        .expect("again");
    assert_eq!(again, 0, "a name already there is left as is");
    let c = reqwest::Client::new();
    let w: Value = c
        .get(app.url("/api/v1/decp/winners?buyer=21440109300015"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("api")
        .json()
        .await
        .expect("json");
    assert_eq!(w[0]["total_cents"], 3_890_000);
    let r = c
        .get(app.url("/api/v1/decp/winners"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("api");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.user("victor", Role::Viewer).await;
    let (victor, vcsrf) = app.login("victor").await;
    let r = victor
        .post(app.url("/market/competitors"))
        .form(&[
            ("tender", tid.to_string().as_str()),
            ("name", "X"),
            ("csrf", &vcsrf),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    app.stop().await;
}

fn cli(data: &Path, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .arg("--data")
        .arg(data)
        .args(["--log-level", "warn", "decp"])
        .args(args)
        .output()
        .expect("run")
}

#[test]
fn cli_imports_all_or_nothing_and_prints_winners() {
    let dir = tempfile::tempdir().expect("dir");
    let good = fixture("marches-2025.json");
    let bad = fixture("malformed/no-id.json");
    let out = cli(
        dir.path(),
        &[
            "import",
            good.to_str().expect("path"),
            bad.to_str().expect("path"),
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no-id.json: record 2: no id"), "{err}");
    let out = cli(
        dir.path(),
        &["winners", "--buyer", "21440109300015", "--json"],
    );
    assert!(out.status.success());
    let none: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(none, serde_json::json!([]), "nothing imported");
    let xml = fixture("marches-2017.xml");
    let out = cli(
        dir.path(),
        &[
            "import",
            good.to_str().expect("p"),
            xml.to_str().expect("p"),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "2 files, 4 records: 4 added, 0 already known"
    );
    let out = cli(dir.path(), &["import", xml.to_str().expect("p")]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "1 files, 1 records: 0 added, 1 already known"
    );
    let out = cli(dir.path(), &["winners", "--cpv", "45314300", "--json"]);
    let w: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        w,
        serde_json::json!([{"name": "Réseaux de Loire SARL", "siret": "52345678900022", "contracts": 1,
            "total_amount": 38900.0, "total_cents": 3_890_000}])
    );
    let out = cli(
        dir.path(),
        &["winners", "--cpv", "45314300", "--buyer", "21440109300015"],
    );
    assert!(!out.status.success(), "one or the other");
}
