//! Grid figures: recalculating a 50-criterion × 20-offer comparison grid (totals, ranking,
//! break-even, sensitivity), and importing a 100,000-row × 12-column price spreadsheet (read,
//! validated, stored in SQLite) side by side with openpyxl in read-only mode on the same file.
//! `cargo bench --bench grid`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use tenderdesk::grid::{self, Criterion, Grid, Offer, Settings};
use tenderdesk::ingest::{Format, Limits};
use tenderdesk::model::NewTender;
use tenderdesk::store::Store;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

/// A reproducible stream of numbers in [0, 1).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Price, then 7 criteria of 6 sub-criteria each: 50 criteria; 20 offers.
fn big_grid() -> Grid {
    let mut rng = Lcg(42);
    let mut criteria = vec![Criterion {
        number: "1".into(),
        name: "Prix".into(),
        weight: 40.0,
        parent: None,
        is_price: true,
    }];
    for g in 0..7 {
        let parent = criteria.len();
        criteria.push(Criterion {
            number: format!("{}", g + 2),
            name: format!("Critère {}", g + 2),
            weight: 60.0 / 7.0,
            parent: None,
            is_price: false,
        });
        for s in 0..6 {
            criteria.push(Criterion {
                number: format!("{}.{}", g + 2, s + 1),
                name: format!("Sous-critère {}.{}", g + 2, s + 1),
                weight: 1.0 + (s as f64),
                parent: Some(parent),
                is_price: false,
            });
        }
    }
    let offers = (0..20)
        .map(|o| Offer {
            name: format!("Offre {o}"),
            price: Some(80_000.0 + 40_000.0 * rng.next()),
            marks: criteria
                .iter()
                .map(|c| (!c.is_price).then(|| (20.0 * rng.next()).floor()))
                .collect(),
        })
        .collect();
    Grid {
        criteria,
        offers,
        settings: Settings {
            ours: Some("Offre 0".into()),
            ..Settings::default()
        },
    }
}

fn recalculation() {
    let g = big_grid();
    assert_eq!(g.criteria.len(), 50);
    let mut full = Vec::new();
    let mut totals = Vec::new();
    let mut buf = Vec::new();
    for _ in 0..3000 {
        let t = Instant::now();
        let out = grid::compute(&g).expect("valid grid");
        full.push(t.elapsed());
        std::hint::black_box(out);
        let t = Instant::now();
        let prep = g.prepare().expect("valid grid");
        prep.totals_into(g.settings.formula, None, &mut buf);
        let ranks = grid::compare::ranks(&buf);
        totals.push(t.elapsed());
        std::hint::black_box(ranks);
    }
    println!(
        "grid 50 criteria x 20 offers: totals + ranks {:?} (median of 3000); everything \
         (points, ranks, break-even, technical mark needed, lowest unflagged price, 25-point \
         sensitivity) {:?}  [target < 1 ms]",
        median(totals),
        median(full)
    );
}

const ROWS: u32 = 100_000;

fn price_file() -> PathBuf {
    let path = std::env::temp_dir().join("tenderdesk-bench-prices-100k.xlsx");
    if path.exists() {
        return path;
    }
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let header = [
        "N°",
        "Désignation",
        "Unité",
        "Quantité",
        "Prix unitaire HT",
        "Montant HT",
        "TVA",
        "Montant TTC",
        "Lot",
        "Famille",
        "Référence",
        "Commentaire",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("write");
    }
    let mut rng = Lcg(7);
    for r in 1..=ROWS {
        let q = (1.0 + 50.0 * rng.next()).floor();
        let p = (100.0 * (1.0 + 500.0 * rng.next())).round() / 100.0;
        let cells: [(u16, f64); 5] = [
            (3, q),
            (4, p),
            (5, q * p),
            (6, q * p * 0.2),
            (7, q * p * 1.2),
        ];
        sheet
            .write_string(r, 0, format!("{}.{}", r / 100, r % 100))
            .expect("write");
        sheet
            .write_string(r, 1, format!("Fourniture et pose de l'équipement n° {r}"))
            .expect("write");
        sheet.write_string(r, 2, "u").expect("write");
        for (c, v) in cells {
            sheet.write_number(r, c, v).expect("write");
        }
        sheet
            .write_number(r, 8, f64::from(1 + r % 4))
            .expect("write");
        sheet
            .write_string(r, 9, format!("Famille {}", r % 17))
            .expect("write");
        sheet
            .write_string(r, 10, format!("REF-{r:06}"))
            .expect("write");
        sheet.write_string(r, 11, "selon CCTP").expect("write");
    }
    book.save(&path).expect("save");
    path
}

fn openpyxl_seconds(path: &std::path::Path) -> Option<f64> {
    let script = "import sys, time\nfrom openpyxl import load_workbook\nt=time.perf_counter()\n\
                  wb=load_workbook(sys.argv[1], read_only=True, data_only=True)\nn=0\n\
                  for ws in wb.worksheets:\n    for row in ws.iter_rows(values_only=True):\n        n+=1\n\
                  print(time.perf_counter()-t, n)\n";
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(path)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn price_import() {
    let path = price_file();
    let bytes = std::fs::read(&path).expect("price file");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let mut runs = Vec::new();
    for _ in 0..3 {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().to_path_buf();
        let (store, tender) = rt.block_on(async {
            let store = Store::connect(&Store::sqlite_url(&dir))
                .await
                .expect("store");
            let tender = store
                .create_tender(&NewTender {
                    title: "Bench".into(),
                    reference: None,
                    account_id: None,
                    owner_id: None,
                    procedure: None,
                    deadline: None,
                    estimated_value: None,
                    cpv_codes: Vec::new(),
                    summary: String::new(),
                    source_key: None,
                })
                .await
                .expect("tender");
            (store, tender)
        });
        let t = Instant::now();
        let sheets = tenderdesk::ingest::sheet::read(Format::Xlsx, &bytes, &Limits::default())
            .expect("read");
        let read = t.elapsed();
        let (lines, flags) = grid::price::read_lines(&sheets).expect("lines");
        let validated = t.elapsed();
        let stored = rt
            .block_on(store.store_price_lines(tender, None, &lines))
            .expect("stored");
        let elapsed = t.elapsed();
        assert_eq!(stored, ROWS as usize);
        assert!(flags.is_empty(), "{:?}", flags.first());
        println!(
            "  run: read {read:?}, lines validated {:?}, stored {:?}",
            validated - read,
            elapsed - validated
        );
        runs.push(elapsed);
        rt.block_on(store.close());
    }
    let ours = median(runs);
    println!(
        "price spreadsheet {ROWS} rows x 12 columns ({:.1} MB XLSX): read + validated + stored in SQLite {:?} (median of 3)  [target < 1.5 s]",
        bytes.len() as f64 / 1e6,
        ours
    );
    match openpyxl_seconds(&path) {
        Some(s) => println!(
            "openpyxl read-only, values only, same file: {s:.2} s -> tenderdesk is {:.1}x faster  [target >= 6x]",
            s / ours.as_secs_f64()
        ),
        None => println!(
            "SKIPPED the openpyxl comparison: python3 with openpyxl is not available (pip install openpyxl)"
        ),
    }
}

fn main() {
    recalculation();
    price_import();
}
