//! A real headless Chromium driven through chromedriver (Debian packages `chromium` and
//! `chromium-driver`), for journeys. Absent browser: `browser` says SKIPPED and gives None.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

pub fn find(candidates: &[&str]) -> Option<PathBuf> {
    candidates.iter().map(PathBuf::from).find(|p| p.exists())
}

pub struct Driver {
    child: Child,
    pub port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts chromedriver on a free port and a browser session; None when not installed here.
pub async fn browser(profile: &std::path::Path) -> Option<(Driver, Client)> {
    let (Some(driver), Some(chromium)) = (
        find(&["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]),
        find(&["/usr/bin/chromium", "/usr/bin/chromium-browser"]),
    ) else {
        eprintln!(
            "SKIPPED (browser): chromium and chromedriver are not installed (apt-get install chromium chromium-driver)"
        );
        return None;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .ok()?
        .local_addr()
        .ok()?
        .port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let driver = Driver { child, port };
    let caps = serde_json::json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                     "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--window-size=1280,900", "--lang=fr-FR", format!("--user-data-dir={}", profile.display())],
            "prefs": {"intl.accept_languages": "fr-FR,fr"}
        }
    });
    let caps = match caps {
        serde_json::Value::Object(map) => map,
        _ => return None,
    };
    let started = Instant::now();
    loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
        {
            Ok(client) => return Some((driver, client)),
            Err(e) if started.elapsed() > Duration::from_secs(30) => {
                panic!("chromedriver did not answer: {e}")
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
}

/// Saves a screenshot to target/screenshots/NAME.png.
pub async fn shot(client: &Client, name: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    let png = client.screenshot().await.expect("screenshot");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
}

pub async fn fill(client: &Client, id: &str, text: &str) {
    let field = client.find(Locator::Id(id)).await.expect(id);
    field.clear().await.expect("clear");
    field.send_keys(text).await.expect("type");
}

pub async fn click(client: &Client, locator: Locator<'_>) {
    client
        .find(locator)
        .await
        .expect("element to click")
        .click()
        .await
        .expect("click");
}

/// Waits for an element and gives its text; an element replaced while it is read (the page
/// was still loading after a click) is looked up again.
pub async fn text_of(client: &Client, locator: Locator<'_>) -> String {
    let started = Instant::now();
    loop {
        let element = client.wait().for_element(locator).await.expect("element");
        match element.text().await {
            Ok(text) => return text,
            Err(e) if started.elapsed() > Duration::from_secs(10) => panic!("text: {e}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

pub async fn path_of(client: &Client) -> String {
    let url = client.current_url().await.expect("url");
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    }
}

/// Signs `name` in through the login page (password `common::PASSWORD`) and waits for the
/// dashboard.
pub async fn sign_in(client: &Client, base: &str, name: &str) {
    client
        .goto(&format!("{base}/login"))
        .await
        .expect("goto login");
    fill(client, "name", name).await;
    fill(client, "password", super::PASSWORD).await;
    click(client, Locator::Id("submit")).await;
    client
        .wait()
        .for_element(Locator::Id("tenders"))
        .await
        .expect("dashboard after sign-in");
}

/// Waits (10 s at most) until the element holds `needle`, across page loads (an element of the
/// page being left goes stale: it is looked up again).
/// Waits until the value of form field `id` holds `needle` (the page may still be the one
/// a click is leaving), and gives it.
pub async fn wait_for_value(client: &Client, id: &str, needle: &str) -> String {
    let started = Instant::now();
    loop {
        let value = match client.find(Locator::Id(id)).await {
            Ok(field) => field.prop("value").await.ok().flatten().unwrap_or_default(),
            Err(_) => String::new(),
        };
        if value.contains(needle) {
            return value;
        }
        if started.elapsed() > Duration::from_secs(10) {
            panic!("{needle:?} never appeared in #{id}; last value: {value}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub async fn wait_for_text(client: &Client, locator: Locator<'_>, needle: &str) -> String {
    let started = Instant::now();
    loop {
        let text = match client.find(locator).await {
            Ok(element) => element.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if text.contains(needle) {
            return text;
        }
        if started.elapsed() > Duration::from_secs(10) {
            panic!("{needle:?} never appeared; last text: {text}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A journey's setting: a server on SQLite and a browser with a profile of its own, kept
/// alive together.
pub struct Journey {
    pub app: super::TestApp,
    pub client: Client,
    _driver: Driver,
    _profile: tempfile::TempDir,
}

/// Starts a journey; None (said SKIPPED) when the server or the browser cannot start here.
pub async fn journey() -> Option<Journey> {
    let profile = tempfile::tempdir().expect("profile dir");
    let app = super::TestApp::start(super::Backend::Sqlite).await?;
    let Some((driver, client)) = browser(profile.path()).await else {
        app.stop().await;
        return None;
    };
    Some(Journey {
        app,
        client,
        _driver: driver,
        _profile: profile,
    })
}
