//! Test harness: a real server on 127.0.0.1:0 over a real database (a SQLite file, or a fresh
//! PostgreSQL database when TEST_DATABASE_URL is set), and helpers to act as a browser.

#![allow(dead_code)]

pub mod browser;

use std::sync::atomic::{AtomicU32, Ordering};

use tenderdesk::auth::hash_password;
use tenderdesk::model::{Role, User};
use tenderdesk::store::Store;
use tenderdesk::{AppState, Config};
use tokio::sync::oneshot;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub const PASSWORD: &str = "correct horse battery staple";

/// Runs the same test body on SQLite and on PostgreSQL, as two tests.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),+ $(,)?) => {
        $(mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::common::Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::common::Backend::Postgres).await
            }
        })+
    };
}

/// A database for one test: its URL and, for PostgreSQL, the database to drop afterwards.
pub struct TestDb {
    pub url: String,
    pg: Option<(String, String)>,
}

impl TestDb {
    /// None (after saying so loudly) when the backend is not available here.
    pub async fn create(backend: Backend, dir: &std::path::Path) -> Option<TestDb> {
        match backend {
            Backend::Sqlite => Some(TestDb {
                url: Store::sqlite_url(dir),
                pg: None,
            }),
            Backend::Postgres => {
                let Ok(admin) = std::env::var("TEST_DATABASE_URL") else {
                    eprintln!(
                        "SKIPPED (PostgreSQL): TEST_DATABASE_URL is not set; this test ran on SQLite only"
                    );
                    return None;
                };
                static N: AtomicU32 = AtomicU32::new(0);
                let name = format!(
                    "td_test_{}_{}_{}",
                    std::process::id(),
                    N.fetch_add(1, Ordering::SeqCst),
                    chrono::Utc::now().timestamp_micros()
                );
                let pool = sqlx::PgPool::connect(&admin)
                    .await
                    .expect("connect to TEST_DATABASE_URL");
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&pool)
                    .await
                    .expect("create test database");
                pool.close().await;
                let base = admin.split('?').next().unwrap_or(&admin);
                let prefix = base.rsplit_once('/').map(|(p, _)| p).unwrap_or(base);
                Some(TestDb {
                    url: format!("{prefix}/{name}"),
                    pg: Some((admin, name)),
                })
            }
        }
    }

    pub async fn drop_db(&self) {
        if let Some((admin, name)) = &self.pg
            && let Ok(pool) = sqlx::PgPool::connect(admin).await
        {
            {
                let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                )))
                .execute(&pool)
                .await;
                pool.close().await;
            }
        }
    }
}

pub struct TestApp {
    pub base: String,
    pub state: AppState,
    pub dir: tempfile::TempDir,
    db: TestDb,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl TestApp {
    pub async fn start(backend: Backend) -> Option<TestApp> {
        Self::start_with(backend, |_| {}).await
    }

    pub async fn start_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> Option<TestApp> {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = TestDb::create(backend, dir.path()).await?;
        let mut config = Config {
            data_dir: dir.path().to_path_buf(),
            database_url: Some(db.url.clone()),
            ..Config::default()
        };
        tweak(&mut config);
        let state = AppState::open(config).await.expect("open app state");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let (tx, rx) = oneshot::channel::<()>();
        let served = state.clone();
        let task = tokio::spawn(async move {
            let _ = tenderdesk::serve(served, listener, async {
                let _ = rx.await;
            })
            .await;
        });
        Some(TestApp {
            base,
            state,
            dir,
            db,
            shutdown: Some(tx),
            task: Some(task),
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn user(&self, name: &str, role: Role) -> User {
        let hash = hash_password(PASSWORD).expect("hash");
        self.state
            .store
            .create_user(name, role, &hash, false)
            .await
            .expect("create user")
    }

    pub async fn token(&self, user: &User) -> String {
        self.state
            .store
            .create_api_token(user.id, "test")
            .await
            .expect("token")
            .token
    }

    /// A bid manager `claire` with an API token, and a tender she created through the API.
    pub async fn manager_with_tender(&self, title: &str) -> (String, i64) {
        let claire = self.user("claire", Role::BidManager).await;
        let token = self.token(&claire).await;
        let created: serde_json::Value = reqwest::Client::new()
            .post(self.url("/api/v1/tenders"))
            .bearer_auth(&token)
            .json(&serde_json::json!({ "title": title }))
            .send()
            .await
            .expect("create tender")
            .json()
            .await
            .expect("json");
        (token, created["id"].as_i64().expect("tender id"))
    }

    /// Uploads `fixtures/dce/NAME` to a tender through the API, expecting 201.
    pub async fn upload_fixture(&self, token: &str, tender: i64, name: &str) {
        self.upload_fixture_from(token, tender, "dce", name).await
    }

    /// Uploads `fixtures/FOLDER/NAME` to a tender through the API, expecting 201.
    pub async fn upload_fixture_from(&self, token: &str, tender: i64, folder: &str, name: &str) {
        let path = format!("{}/fixtures/{folder}/{name}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&path).expect(&path);
        self.upload(token, tender, name, bytes).await;
    }

    /// Uploads `bytes` as the file NAME to a tender through the API, expecting 201; the
    /// answer as JSON.
    pub async fn upload(
        &self,
        token: &str,
        tender: i64,
        name: &str,
        bytes: Vec<u8>,
    ) -> serde_json::Value {
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
        );
        let r = reqwest::Client::new()
            .post(self.url(&format!("/api/v1/tenders/{tender}/documents")))
            .bearer_auth(token)
            .multipart(form)
            .send()
            .await
            .expect("upload");
        assert_eq!(r.status(), reqwest::StatusCode::CREATED, "{name} uploaded");
        r.json().await.expect("json")
    }

    /// GET `path` with a bearer token, expecting 200; the body as JSON.
    pub async fn get_json(&self, token: &str, path: &str) -> serde_json::Value {
        let r = reqwest::Client::new()
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("get");
        assert_eq!(r.status(), reqwest::StatusCode::OK, "{path}");
        r.json().await.expect("json")
    }

    /// Sends `body` as JSON with a bearer token; the status and the JSON answer (Null when
    /// the answer has no JSON body).
    pub async fn send_json(
        &self,
        method: reqwest::Method,
        token: &str,
        path: &str,
        body: &serde_json::Value,
    ) -> (reqwest::StatusCode, serde_json::Value) {
        let r = reqwest::Client::new()
            .request(method, self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("request");
        let status = r.status();
        (status, r.json().await.unwrap_or(serde_json::Value::Null))
    }

    /// Restricts tender `id` to the user of `token` alone (`PUT .../members`), expecting 200.
    pub async fn restrict_to_token_user(&self, token: &str, id: i64) {
        let me = self.get_json(token, "/api/v1/me").await;
        let (status, body) = self
            .send_json(
                reqwest::Method::PUT,
                token,
                &format!("/api/v1/tenders/{id}/members"),
                &serde_json::json!({"restricted": true, "members": [me["id"]]}),
            )
            .await;
        assert_eq!(status, reqwest::StatusCode::OK, "{body}");
    }

    /// A client that keeps cookies and does not follow redirects (so tests see them).
    pub fn browser(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    /// Signs in through the login form; returns the client and the CSRF token of its session.
    pub async fn login(&self, name: &str) -> (reqwest::Client, String) {
        let client = self.browser();
        let csrf = self.login_with(&client, name, PASSWORD).await;
        assert_eq!(
            csrf.1,
            reqwest::StatusCode::SEE_OTHER,
            "login of {name} should redirect"
        );
        let page = client
            .get(self.url("/account/password"))
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("body");
        (
            client,
            hidden_field(&page, "csrf").expect("session CSRF token in forms"),
        )
    }

    /// Posts the login form the way a browser does (its page first, for the form token),
    /// with `fields` besides the token.
    pub async fn post_login(
        &self,
        client: &reqwest::Client,
        fields: &[(&str, &str)],
    ) -> (String, reqwest::Response) {
        let page = client
            .get(self.url("/login"))
            .send()
            .await
            .expect("login page")
            .text()
            .await
            .expect("body");
        let csrf = hidden_field(&page, "csrf").expect("login form CSRF token");
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrf", &csrf));
        let resp = client
            .post(self.url("/login"))
            .form(&form)
            .send()
            .await
            .expect("post login");
        (csrf.clone(), resp)
    }

    /// Signs in with a name and password; returns the form token and the status.
    pub async fn login_with(
        &self,
        client: &reqwest::Client,
        name: &str,
        password: &str,
    ) -> (String, reqwest::StatusCode) {
        let (csrf, resp) = self
            .post_login(client, &[("name", name), ("password", password)])
            .await;
        (csrf, resp.status())
    }

    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        self.state.store.close().await;
        self.db.drop_db().await;
    }
}

/// The `td_session` cookie a response sets, as sent back to the server.
pub fn session_cookie(resp: &reqwest::Response) -> String {
    resp.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("td_session="))
        .unwrap_or("")
        .to_string()
}

/// The value of `<input type="hidden" name="NAME" value="...">` in a page.
pub fn hidden_field(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html.get(start..)?.find('"')? + start;
    html.get(start..end).map(str::to_string)
}

/// A page's HTML, fetched with `client` (expecting 200).
pub async fn page_text(client: &reqwest::Client, url: &str) -> String {
    let resp = client.get(url).send().await.expect("page");
    assert_eq!(resp.status(), reqwest::StatusCode::OK, "{url}");
    resp.text().await.expect("html")
}

/// The comparison grid of `fixtures/grids/grille.xlsx`: Prix des prestations 40
/// (proportional), Valeur technique 60 with Méthodologie 60 and Moyens humains 40; « Notre
/// offre » (ours: 71 points, rank 3), Concurrent A, Concurrent B.
pub fn fixture_grid() -> tenderdesk::grid::Grid {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/grids/grille.xlsx"
    ))
    .expect("fixture");
    tenderdesk::grid::import::import(
        "grille.xlsx",
        &bytes,
        &tenderdesk::ingest::Limits::default(),
    )
    .expect("import")
}

/// Runs the real `tenderdesk` binary on the data folder `data` (SQLite, whatever the
/// environment says).
pub fn cli(data: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_tenderdesk"))
        .arg("--data")
        .arg(data)
        .args(args)
        .env_remove("TENDERDESK_DATABASE_URL")
        .output()
        .expect("run tenderdesk")
}

/// The main part (`word/document.xml`) of a .docx, as text.
pub fn docx_xml(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a .docx is a zip");
    let mut part = zip.by_name("word/document.xml").expect("word/document.xml");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut part, &mut xml).expect("utf-8");
    xml
}
