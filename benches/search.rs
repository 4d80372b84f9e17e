//! Search figures on a generated corpus of French sections (~100 words each, drawn from a
//! tender vocabulary by a fixed generator): indexing time, latency of two-word queries top-10
//! with snippets in-process, the same corpus and queries on SQLite FTS5 in the same run, and
//! end to end through `GET /api/v1/search` on a real server on loopback (latency, then
//! throughput under concurrent load).
//!
//! `CARGO_TARGET_DIR=/tmp/bench-target cargo bench --bench search` (SECTIONS=20000 for a
//! quicker run); results go to BENCHMARKS.md by hand.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use sqlx::Row;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use tenderdesk::model::Role;
use tenderdesk::search::{Item, Kind, Request, SearchIndex};
use tenderdesk::{AppState, Config};

const QUERIES: usize = 1_000;
const WORDS_PER_SECTION: usize = 100;

/// Tender vocabulary, most frequent first (drawn with Zipf-like weights).
const VOCAB: &str = "le la les de des du un une et en à au aux pour par sur dans avec est sont
titulaire prestations marché pouvoir adjudicateur lot offre candidat délai prix article
service maintenance sécurité exigences pénalités retard réversibilité infogérance
hébergement supervision sauvegarde réseau serveurs poste travail utilisateurs incident
niveau disponibilité astreinte intervention heures ouvrées jours calendaires mois année
contrat accord-cadre bon commande facturation paiement avance garantie retenue révision
formule indice assurance responsabilité résiliation confidentialité données personnelles
règlement général protection hébergeur certifié conformité norme référentiel qualité
plan assurance documentation technique fonctionnelle recette vérification admission
réception livraison installation déploiement migration transition initiale finale
comité pilotage suivi réunion compte rendu rapport mensuel trimestriel annuel indicateurs
engagement résultat moyens personnel compétences formation habilitation encadrement
chef projet équipe interlocuteur unique centre appels support téléphonique messagerie
logiciel licence matériel équipement parc renouvellement obsolescence environnement
énergie consommation recyclage déchets carbone empreinte sobriété numérique accessibilité
mémoire technique critères jugement pondération note valeur économique méthodologie
organisation planning calendrier phase étape jalon tranche optionnelle ferme reconduction
durée quatre ans montant maximum minimum estimatif quantitatif détail bordereau unitaire
forfaitaire global décomposition annexe cahier clauses administratives particulières
générales techniques consultation dossier candidature pièces justificatives attestation
fiscale sociale sous-traitance cotraitance groupement solidaire mandataire déclaration
signature électronique dépôt plateforme dématérialisée questions réponses visite site
obligatoire facultative variante autorisée interdite négociation audition classement
attribution notification rejet recours référé précontractuel information candidats";

/// Endings that derive more words from the base vocabulary.
const SUFFIXES: &[&str] = &[
    "s", "e", "es", "ment", "tion", "ité", "age", "eur", "ique", "iste", "able", "ance", "ier",
    "al", "aux", "ive", "isme", "ure", "oir", "ence", "ard", "erie", "on", "ette",
];

/// A fixed pseudo-random generator (xorshift), so every run builds the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

struct Corpus {
    words: Vec<String>,
    /// Cumulative Zipf weights over `words`.
    cumulative: Vec<f64>,
}

impl Corpus {
    /// The base words first, then their derived forms (plural, feminine, -ment, -tion ...),
    /// so the vocabulary has the long tail of real text (a few thousand distinct words).
    fn new() -> Corpus {
        let base: Vec<&str> = VOCAB.split_whitespace().collect();
        let mut words: Vec<String> = base.iter().map(|w| w.to_string()).collect();
        for suffix in SUFFIXES {
            for w in base.iter().skip(20) {
                words.push(format!("{w}{suffix}"));
            }
        }
        let mut total = 0.0;
        let cumulative = (0..words.len())
            .map(|i| {
                total += 1.0 / (i as f64 + 1.0);
                total
            })
            .collect();
        Corpus { words, cumulative }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let x = (rng.next() % 1_000_000) as f64 / 1_000_000.0 * total;
        let i = self.cumulative.partition_point(|c| *c < x);
        self.words.get(i).map(String::as_str).unwrap_or("marché")
    }

    fn section(&self, rng: &mut Rng) -> (String, String) {
        let title: Vec<&str> = (0..4).map(|_| self.word(rng)).collect();
        let mut body = String::new();
        for i in 0..WORDS_PER_SECTION {
            if i > 0 {
                body.push(if i % 15 == 0 { '.' } else { ' ' });
                if i % 15 == 0 {
                    body.push(' ');
                }
            }
            body.push_str(self.word(rng));
        }
        (title.join(" "), body)
    }

    /// Two content words as users type them: drawn like the text (frequent words more
    /// often), skipping the stop words at the head of the vocabulary.
    fn query(&self, rng: &mut Rng) -> (String, String) {
        let mut pick = || loop {
            let w = self.word(rng);
            if self
                .words
                .iter()
                .position(|x| x == w)
                .is_some_and(|i| i >= 20)
            {
                return w.to_string();
            }
        };
        (pick(), pick())
    }
}

/// CPU time this process has used (user + system), from /proc: unlike wall time, it hardly
/// moves when other programs load the machine. None off Linux.
fn process_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses): utime is the 14th field.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<u64>().ok());
    let total = ticks(11)? + ticks(12)?;
    Some(Duration::from_millis(total * 10))
}

/// CPU time per search between two readings of `process_cpu`.
fn cpu_per(before: Option<Duration>, after: Option<Duration>, n: u64) -> String {
    match (before, after) {
        (Some(b), Some(a)) if n > 0 => format!(
            "{:.0} µs CPU per search",
            (a.saturating_sub(b)).as_secs_f64() * 1e6 / n as f64
        ),
        _ => "CPU time unknown".into(),
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(idx).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

fn report(name: &str, mut times: Vec<Duration>) -> Duration {
    times.sort();
    let p99 = percentile(&times, 0.99);
    println!(
        "{name:<44} p50 {:>10}  p99 {:>10}  max {:>10}",
        ms(percentile(&times, 0.5)),
        ms(p99),
        ms(times.last().copied().unwrap_or_default())
    );
    p99
}

/// Inserts every (title, body) with `sql` in one transaction.
async fn insert_all(pool: &sqlx::SqlitePool, sql: &'static str, docs: &[(String, String)]) {
    let mut tx = pool.begin().await.expect("tx");
    for (title, body) in docs {
        sqlx::query(sql)
            .bind(title)
            .bind(body)
            .execute(&mut *tx)
            .await
            .expect("insert");
    }
    tx.commit().await.expect("commit");
}

/// Requests per second that `wrk` reaches on `paths` (cycled), or None without `wrk`.
fn wrk_throughput(base: &str, cookie: &str, paths: &[String]) -> Option<f64> {
    let dir = tempfile::tempdir().ok()?;
    let script = dir.path().join("paths.lua");
    let list: Vec<String> = paths.iter().map(|p| format!("{p:?}")).collect();
    let lua = format!(
        "local paths = {{{}}}\nlocal i = 0\nrequest = function()\n  i = i + 1\n  \
         return wrk.format(\"GET\", paths[(i % #paths) + 1], {{[\"Cookie\"] = {cookie:?}}})\nend\n",
        list.join(",\n")
    );
    std::fs::write(&script, lua).ok()?;
    let out = std::process::Command::new("wrk")
        .args(["-t1", "-c16", "-d10s", "--latency", "-s"])
        .arg(&script)
        .arg(base)
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with("50%") || line.starts_with("99%") || line.starts_with("Non-2xx") {
            println!("  wrk {line}");
        }
    }
    text.lines()
        .find_map(|l| l.trim().strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse().ok())
}

/// 16 reqwest clients in this process for 10 seconds (bounded in count and time).
async fn reqwest_throughput(
    client: &reqwest::Client,
    cookie: &str,
    queries: &[String],
    url: &dyn Fn(&str) -> String,
) {
    let done = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(10);
    let urls: Arc<Vec<String>> = Arc::new(queries.iter().map(|q| url(q)).collect());
    let mut tasks = Vec::new();
    for c in 0..16 {
        let (client, cookie, done, urls) = (
            client.clone(),
            cookie.to_string(),
            done.clone(),
            urls.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut i = c * 61;
            while Instant::now() < deadline && i < c * 61 + 200_000 {
                let u = &urls[i % urls.len()];
                if let Ok(resp) = client.get(u).header("cookie", &cookie).send().await
                    && resp.status().is_success()
                    && resp.bytes().await.is_ok()
                {
                    done.fetch_add(1, Ordering::Relaxed);
                }
                i += 1;
            }
        }));
    }
    let t0 = Instant::now();
    for t in tasks {
        let _ = t.await;
    }
    let n = done.load(Ordering::Relaxed);
    println!(
        "throughput, 16 concurrent clients in the same process: {} searches in {:.1} s = {:.0} searches/s",
        n,
        t0.elapsed().as_secs_f64(),
        n as f64 / t0.elapsed().as_secs_f64()
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let sections: usize = std::env::var("SECTIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let corpus = Corpus::new();
    let mut rng = Rng(0x5eed_cafe_f00d);
    let docs: Vec<(String, String)> = (0..sections).map(|_| corpus.section(&mut rng)).collect();
    let pairs: Vec<(String, String)> = (0..QUERIES).map(|_| corpus.query(&mut rng)).collect();
    let queries: Vec<String> = pairs.iter().map(|(a, b)| format!("{a} {b}")).collect();
    // FTS5 syntax: each word quoted (a hyphen would read as an operator), AND between them.
    let fts_queries: Vec<String> = pairs
        .iter()
        .map(|(a, b)| format!("\"{a}\" \"{b}\""))
        .collect();
    println!(
        "corpus: {sections} sections of {WORDS_PER_SECTION} words, {} distinct words; {QUERIES} two-word queries",
        corpus.words.len()
    );

    // tantivy, in-process.
    let dir = tempfile::tempdir().expect("tempdir");
    let index = SearchIndex::open(&dir.path().join("index")).expect("index");
    let items: Vec<Item> = docs
        .iter()
        .enumerate()
        .map(|(i, (title, body))| Item {
            tender_id: Some(1 + (i % 50) as i64),
            document_id: Some(1 + (i / 40) as i64),
            page: Some(1 + (i % 40) as i32),
            doc_kind: Some(["RC", "CCTP", "CCAP"][i % 3].to_string()),
            title: title.clone(),
            body: body.clone(),
            ..Item::new(Kind::Section, i as i64 + 1)
        })
        .collect();
    let t0 = Instant::now();
    for chunk in items.chunks(10_000) {
        index.add_items(chunk).expect("add");
    }
    index.commit_unlogged().expect("commit");
    let tantivy_indexing = t0.elapsed();
    println!("tantivy indexing: {:.2} s", tantivy_indexing.as_secs_f64());
    // Searches are measured on merged segments, as a server's are once it has run a while
    // (and without merge threads competing for the cores).
    let t0 = Instant::now();
    index.wait_merges().expect("merges");
    println!(
        "  then merging segments: {:.2} s, {} segments",
        t0.elapsed().as_secs_f64(),
        index
            .index()
            .searchable_segment_ids()
            .map(|s| s.len())
            .unwrap_or(0)
    );
    let run = |facets: bool| {
        let mut times = Vec::with_capacity(QUERIES);
        let mut hits = 0;
        let mut matched = Vec::with_capacity(QUERIES);
        for q in &queries {
            let req = Request {
                q: q.clone(),
                limit: 10,
                facets,
                ..Request::default()
            };
            let t = Instant::now();
            let found = index.search(&req).expect("search");
            times.push(t.elapsed());
            hits += found.hits.len();
            matched.push(found.total);
        }
        matched.sort_unstable();
        let at = |p: f64| {
            matched
                .get(((matched.len() as f64 - 1.0) * p) as usize)
                .copied()
                .unwrap_or(0)
        };
        println!(
            "  sections matched per query: median {}, p99 {}, max {}",
            at(0.5),
            at(0.99),
            at(1.0)
        );
        (times, hits)
    };
    let _ = run(false); // warm the caches, as a running server's are
    // Raw tantivy, the floor ours is compared to: the same words through tantivy's own query
    // parser (all required) on the same field, top-10 by score; no title weight, no count,
    // no snippet, no stored document read.
    {
        let searcher = index.index().reader().expect("reader").searcher();
        let all = index.index().schema().get_field("all").expect("field all");
        let mut parser = tantivy::query::QueryParser::for_index(index.index(), vec![all]);
        parser.set_conjunction_by_default();
        let top10 = tantivy::collector::TopDocs::with_limit(10).order_by_score();
        // Each query's time, with the match counted too or not.
        let raw = |count: bool| {
            let mut times = Vec::with_capacity(QUERIES);
            for q in &queries {
                let t = Instant::now();
                let (query, _) = parser.parse_query_lenient(q);
                let top = searcher.search(&query, &top10).expect("raw search");
                let n = count.then(|| {
                    searcher
                        .search(&query, &tantivy::collector::Count)
                        .expect("count")
                });
                times.push(t.elapsed());
                std::hint::black_box((top, n));
            }
            times
        };
        let _ = raw(false);
        report("raw tantivy top-10, no snippets", raw(false));
        report("raw tantivy top-10, then count", raw(true));
    }
    let cpu = process_cpu();
    let (times, hits) = run(false);
    let tantivy_p99 = report("tantivy top-10 + snippets (facets=false)", times);
    println!("  {}", cpu_per(cpu, process_cpu(), QUERIES as u64));
    let cpu = process_cpu();
    let (times, _) = run(true);
    report("tantivy top-10 + snippets + facet counts (default)", times);
    println!("  {}", cpu_per(cpu, process_cpu(), QUERIES as u64));
    println!("  ({hits} hits over the {QUERIES} queries)");
    // PROFILE=N: only the in-process searches, N more rounds (for a profiler), then stop.
    if let Some(rounds) = std::env::var("PROFILE")
        .ok()
        .and_then(|s| s.parse::<usize>().ok())
    {
        for _ in 0..rounds {
            let _ = run(true);
        }
        return;
    }

    // SQLite FTS5 on the same corpus and queries.
    let opts = SqliteConnectOptions::new()
        .filename(dir.path().join("fts.db"))
        .create_if_missing(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(opts)
        .await
        .expect("sqlite");
    sqlx::query("CREATE VIRTUAL TABLE s USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')")
        .execute(&pool)
        .await
        .expect("FTS5 is compiled into the bundled SQLite");
    let t0 = Instant::now();
    insert_all(&pool, "INSERT INTO s (title, body) VALUES ($1, $2)", &docs).await;
    let fts_indexing = t0.elapsed();
    println!("FTS5 indexing: {:.2} s", fts_indexing.as_secs_f64());
    let mut times = Vec::with_capacity(QUERIES);
    let mut fts_hits = 0;
    for pass in 0..2 {
        times.clear();
        fts_hits = 0;
        for q in &fts_queries {
            let t = Instant::now();
            let rows = sqlx::query(
                "SELECT rowid, snippet(s, 1, '<b>', '</b>', '…', 24) AS snip FROM s
                 WHERE s MATCH $1 ORDER BY bm25(s, 2.0, 1.0) LIMIT 10",
            )
            .bind(q)
            .fetch_all(&pool)
            .await
            .expect("fts query");
            let _: Vec<String> = rows.iter().map(|r| r.get("snip")).collect();
            times.push(t.elapsed());
            fts_hits += rows.len();
        }
        if pass == 0 {
            continue;
        }
    }
    let fts_p99 = report("FTS5 top-10 + snippets (sqlx, same process)", times);
    println!("  ({fts_hits} hits over the {QUERIES} queries)");
    println!(
        "ratio FTS5 p99 / tantivy p99: {:.1}x",
        fts_p99.as_secs_f64() / tantivy_p99.as_secs_f64().max(1e-9)
    );
    pool.close().await;
    drop(index);

    // End to end: the same sections as library blocks in a real server's database.
    let data = tempfile::tempdir().expect("tempdir");
    let config = Config {
        data_dir: data.path().to_path_buf(),
        log_level: "warn".into(),
        ..Config::default()
    };
    config.prepare_dirs().expect("dirs");
    {
        let store = tenderdesk::store::Store::connect(&config.database_url())
            .await
            .expect("store");
        let tenderdesk::store::Store::Sqlite(pool) = &store else {
            panic!("SQLite expected");
        };
        insert_all(
            pool,
            "INSERT INTO library_blocks (title, body_md, updated_at) VALUES ($1, $2, '2026-01-01T00:00:00Z')",
            &docs,
        )
        .await;
        store.close().await;
    }
    let t0 = Instant::now();
    let state = AppState::open(config).await.expect("open");
    println!(
        "server start with a rebuild of {sections} items from the database: {:.2} s",
        t0.elapsed().as_secs_f64()
    );
    let user = state
        .store
        .create_user("bench", Role::BidManager, "x", false)
        .await
        .expect("user");
    let (session, _) = state
        .store
        .create_session(user.id, chrono::Duration::hours(1))
        .await
        .expect("session");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let served = state.clone();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let _ = tenderdesk::serve(served, listener, async {
            let _ = stopped.await;
        })
        .await;
    });
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()
        .expect("client");
    let cookie = format!("td_session={session}");
    // What the page and the API run by default (facet counts), then with `facets=false`.
    for (label, extra) in [("", None), (", facets=false", Some(("facets", "false")))] {
        let url = |q: &str| {
            let mut s = form_urlencoded::Serializer::new(format!("{base}/api/v1/search?"));
            s.append_pair("q", q).append_pair("limit", "10");
            if let Some((k, v)) = extra {
                s.append_pair(k, v);
            }
            s.finish()
        };
        let mut times = Vec::with_capacity(QUERIES);
        for _pass in 0..2 {
            times.clear();
            for q in &queries {
                let t = Instant::now();
                let resp = client
                    .get(url(q))
                    .header("cookie", &cookie)
                    .send()
                    .await
                    .expect("request");
                assert!(resp.status().is_success(), "{}", resp.status());
                let _ = resp.bytes().await.expect("body");
                times.push(t.elapsed());
            }
        }
        report(
            &format!("end to end GET /api/v1/search{label} (1 client)"),
            times,
        );

        // Throughput: 16 connections for 10 seconds. With `wrk` (Debian package `wrk`) as
        // the load generator in its own process; without it, 16 reqwest clients in this
        // process, which take a good part of the 2 cores themselves.
        let paths: Vec<String> = queries
            .iter()
            .map(|q| url(q).trim_start_matches(&base).to_string())
            .collect();
        let cpu = process_cpu();
        match wrk_throughput(&base, &cookie, &paths) {
            Some(rate) => println!(
                "throughput{label}, wrk 1 thread 16 connections 10 s on loopback: {rate:.0} searches/s ({} in the server)",
                cpu_per(cpu, process_cpu(), (rate * 10.0) as u64)
            ),
            None => {
                println!(
                    "wrk not found: SKIPPED the wrk run; reqwest clients in this process instead"
                );
                reqwest_throughput(&client, &cookie, &queries, &url).await;
            }
        }
    }
    let _ = stop.send(());
    let _ = server.await;
}
