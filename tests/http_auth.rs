//! The security rules of the foundation, against a real server, on SQLite and PostgreSQL:
//! each refusal is a test.

mod common;

use common::{Backend, PASSWORD, TestApp};
use reqwest::StatusCode;
use serde_json::Value;
use tenderdesk::model::Role;

both_backends!(
    health_answers_without_login,
    strangers_are_sent_to_login_or_refused,
    login_sets_a_safe_cookie_and_logout_ends_the_session,
    wrong_password_and_unknown_user_look_the_same,
    login_without_csrf_is_refused,
    posts_without_a_valid_csrf_token_are_refused,
    repeated_failures_are_slowed_down,
    viewers_only_read,
    roles_limit_what_each_user_does,
    api_tokens_authenticate_scripts,
    errors_speak_the_language_of_their_client,
    the_first_admin_must_change_the_printed_password,
    a_password_change_ends_other_sessions,
    uploads_over_the_limit_get_413,
    tenders_keep_their_deadline_time_zone,
    pages_escape_what_users_write,
);

async fn health_answers_without_login(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let resp = reqwest::get(app.url("/healthz")).await.expect("healthz");
    assert_eq!(resp.status(), StatusCode::OK);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
    assert_eq!(body["index"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    let css = reqwest::get(app.url("/static/app.css")).await.expect("css");
    assert_eq!(css.status(), StatusCode::OK);
    app.stop().await;
}

async fn strangers_are_sent_to_login_or_refused(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let c = app.browser();
    for path in ["/", "/tenders/1", "/admin/users", "/account/password"] {
        let resp = c.get(app.url(path)).send().await.expect("get");
        assert_eq!(resp.status(), StatusCode::SEE_OTHER, "{path}");
        let location = resp.headers()["location"].to_str().unwrap_or("");
        assert!(location.starts_with("/login"), "{path} -> {location}");
    }
    let resp = c.get(app.url("/tenders/1")).send().await.expect("get");
    assert_eq!(resp.headers()["location"], "/login?next=%2Ftenders%2F1");
    for path in ["/api/v1/tenders", "/api/v1/me", "/api/v1/users"] {
        let resp = c.get(app.url(path)).send().await.expect("get");
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED, "{path}");
        let body: Value = resp.json().await.expect("json error");
        assert_eq!(body["error"]["code"], "unauthenticated", "{path}");
    }
    let resp = c
        .post(app.url("/api/v1/tenders"))
        .json(&serde_json::json!({"title": "x"}))
        .send()
        .await
        .expect("post");
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.state.store.list_tenders().await.expect("list").len(), 0);
    app.stop().await;
}

async fn login_sets_a_safe_cookie_and_logout_ends_the_session(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    app.user("claire", Role::BidManager).await;
    let c = app.browser();
    let (_, resp) = app
        .post_login(
            &c,
            &[
                ("name", "claire"),
                ("password", PASSWORD),
                ("next", "/tenders/9"),
            ],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(resp.headers()["location"], "/tenders/9");
    let cookie = common::session_cookie(&resp);
    let cookies = resp
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter(|v| v.as_bytes().starts_with(b"td_session="))
        .count();
    assert_eq!(cookies, 1, "one session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "not Secure unless configured: {cookie}"
    );
    let session_value = cookie
        .trim_start_matches("td_session=")
        .split(';')
        .next()
        .unwrap_or("")
        .to_string();

    let home = c.get(app.url("/")).send().await.expect("home");
    assert_eq!(home.status(), StatusCode::OK);
    let html = home.text().await.expect("body");
    assert!(html.contains("claire"), "the page names the user");
    let logout_csrf = common::hidden_field(&html, "csrf").expect("logout form token");

    let out = c
        .post(app.url("/logout"))
        .form(&[("csrf", logout_csrf.as_str())])
        .send()
        .await
        .expect("logout");
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    // The old cookie, replayed by someone who kept it, no longer opens anything.
    let replay = app
        .browser()
        .get(app.url("/"))
        .header("cookie", format!("td_session={session_value}"))
        .send()
        .await
        .expect("replay");
    assert_eq!(replay.status(), StatusCode::SEE_OTHER);
    let api = app
        .browser()
        .get(app.url("/api/v1/me"))
        .header("cookie", format!("td_session={session_value}"))
        .send()
        .await
        .expect("replay api");
    assert_eq!(api.status(), StatusCode::UNAUTHORIZED);
    app.stop().await;

    let Some(secure) = TestApp::start_with(backend, |c| c.secure_cookies = true).await else {
        return;
    };
    secure.user("claire", Role::BidManager).await;
    let (_, resp) = secure
        .post_login(
            &secure.browser(),
            &[("name", "claire"), ("password", PASSWORD)],
        )
        .await;
    let cookie = common::session_cookie(&resp);
    assert!(cookie.contains("Secure"), "{cookie}");
    secure.stop().await;
}

async fn wrong_password_and_unknown_user_look_the_same(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    app.user("claire", Role::BidManager).await;
    let c = app.browser();
    let page = c
        .get(app.url("/login"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("body");
    let csrf = common::hidden_field(&page, "csrf").expect("csrf");
    let mut answers = Vec::new();
    for (name, password) in [("claire", "wrong password here"), ("nobody", PASSWORD)] {
        let resp = c
            .post(app.url("/login"))
            .form(&[
                ("name", name),
                ("password", password),
                ("csrf", csrf.as_str()),
            ])
            .send()
            .await
            .expect("post");
        let status = resp.status();
        let body = resp.text().await.expect("body");
        let error = body
            .split("id=\"error\"")
            .nth(1)
            .and_then(|s| s.split("</p>").next())
            .unwrap_or("")
            .to_string();
        answers.push((status, error));
    }
    assert_eq!(answers[0].0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        answers[0], answers[1],
        "the answer must not tell which part was wrong"
    );
    assert!(
        answers[0]
            .1
            .contains("Identifiant ou mot de passe incorrect"),
        "{:?}",
        answers[0]
    );
    // The failure is in the audit log, and the password is not.
    let audit = app.state.store.audit_entries(10).await.expect("audit");
    assert!(
        audit
            .iter()
            .any(|e| e.action == "login_failed" && e.target == "claire")
    );
    assert!(
        audit
            .iter()
            .all(|e| !e.detail.contains("wrong password") && !e.target.contains("wrong password"))
    );
    app.stop().await;
}

async fn login_without_csrf_is_refused(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    app.user("claire", Role::BidManager).await;
    let c = app.browser();
    let _ = c.get(app.url("/login")).send().await.expect("page");
    let resp = c
        .post(app.url("/login"))
        .form(&[("name", "claire"), ("password", PASSWORD)])
        .send()
        .await
        .expect("post");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let resp = c
        .post(app.url("/login"))
        .form(&[
            ("name", "claire"),
            ("password", PASSWORD),
            ("csrf", "forged"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    // A client that never saw the form (no pre-login cookie) cannot post it either.
    let fresh = app.browser();
    let resp = fresh
        .post(app.url("/login"))
        .form(&[
            ("name", "claire"),
            ("password", PASSWORD),
            ("csrf", "anything"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    app.stop().await;
}

async fn posts_without_a_valid_csrf_token_are_refused(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    app.user("claire", Role::BidManager).await;
    let (c, csrf) = app.login("claire").await;
    let no_token = c
        .post(app.url("/tenders"))
        .form(&[("title", "Sans jeton")])
        .send()
        .await
        .expect("post");
    assert_eq!(no_token.status(), StatusCode::FORBIDDEN);
    let wrong = c
        .post(app.url("/tenders"))
        .form(&[("title", "Faux jeton"), ("csrf", "0000")])
        .send()
        .await
        .expect("post");
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    // JSON from a browser session needs the header too.
    let api = c
        .post(app.url("/api/v1/tenders"))
        .json(&serde_json::json!({"title": "API sans jeton"}))
        .send()
        .await
        .expect("post");
    assert_eq!(api.status(), StatusCode::FORBIDDEN);
    let body: Value = api.json().await.expect("json");
    assert_eq!(body["error"]["code"], "forbidden");
    let logout = c.post(app.url("/logout")).send().await.expect("post");
    assert_eq!(
        logout.status(),
        StatusCode::FORBIDDEN,
        "even logout needs the token"
    );
    assert!(
        app.state
            .store
            .list_tenders()
            .await
            .expect("list")
            .is_empty(),
        "nothing was created"
    );

    let ok = c
        .post(app.url("/tenders"))
        .form(&[("title", "Avec jeton"), ("csrf", csrf.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    let api_ok = c
        .post(app.url("/api/v1/tenders"))
        .header("x-csrf-token", &csrf)
        .json(&serde_json::json!({"title": "API avec jeton"}))
        .send()
        .await
        .expect("post");
    assert_eq!(api_ok.status(), StatusCode::CREATED);
    assert_eq!(app.state.store.list_tenders().await.expect("list").len(), 2);
    app.stop().await;
}

async fn repeated_failures_are_slowed_down(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    app.user("claire", Role::BidManager).await;
    let c = app.browser();
    for attempt in 1..=5 {
        let (_, status) = app.login_with(&c, "claire", "not the password").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    // Even the right password must wait now.
    let (_, status) = app.login_with(&c, "claire", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let home = c.get(app.url("/")).send().await.expect("home");
    assert_eq!(
        home.status(),
        StatusCode::SEE_OTHER,
        "no session was opened"
    );
    app.stop().await;
}

async fn viewers_only_read(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let viewer = app.user("victor", Role::Viewer).await;
    let (c, csrf) = app.login("victor").await;
    assert_eq!(
        c.get(app.url("/")).send().await.expect("get").status(),
        StatusCode::OK
    );
    let post = c
        .post(app.url("/tenders"))
        .form(&[("title", "Lecture seule"), ("csrf", csrf.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(post.status(), StatusCode::FORBIDDEN);
    let token = app.token(&viewer).await;
    let api = reqwest::Client::new()
        .post(app.url("/api/v1/tenders"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"title": "Lecture seule"}))
        .send()
        .await
        .expect("post");
    assert_eq!(api.status(), StatusCode::FORBIDDEN);
    let list = reqwest::Client::new()
        .get(app.url("/api/v1/tenders"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("get");
    assert_eq!(list.status(), StatusCode::OK);
    assert!(
        app.state
            .store
            .list_tenders()
            .await
            .expect("list")
            .is_empty()
    );
    // A viewer may still sign out.
    let out = c
        .post(app.url("/logout"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("logout");
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    app.stop().await;
}

async fn roles_limit_what_each_user_does(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    app.user("root", Role::Admin).await;
    app.user("claire", Role::BidManager).await;
    app.user("carl", Role::Contributor).await;
    let (contributor, csrf) = app.login("carl").await;
    let post = contributor
        .post(app.url("/tenders"))
        .form(&[("title", "x"), ("csrf", csrf.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(
        post.status(),
        StatusCode::FORBIDDEN,
        "a contributor writes sections, not tenders"
    );
    let (manager, csrf) = app.login("claire").await;
    assert_eq!(
        manager
            .get(app.url("/admin/users"))
            .send()
            .await
            .expect("get")
            .status(),
        StatusCode::FORBIDDEN
    );
    let add = manager
        .post(app.url("/admin/users"))
        .form(&[
            ("name", "eve"),
            ("role", "admin"),
            ("password", PASSWORD),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(add.status(), StatusCode::FORBIDDEN);
    let (admin, csrf) = app.login("root").await;
    let add = admin
        .post(app.url("/admin/users"))
        .form(&[
            ("name", "nadia"),
            ("role", "viewer"),
            ("password", PASSWORD),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(add.status(), StatusCode::SEE_OTHER);
    let short = admin
        .post(app.url("/admin/users"))
        .form(&[
            ("name", "ines"),
            ("role", "viewer"),
            ("password", "short"),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let dup = admin
        .post(app.url("/admin/users"))
        .form(&[
            ("name", "nadia"),
            ("role", "viewer"),
            ("password", PASSWORD),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(dup.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let names: Vec<String> = app
        .state
        .store
        .list_users()
        .await
        .expect("users")
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert_eq!(names, vec!["carl", "claire", "nadia", "root"]);
    app.stop().await;
}

async fn api_tokens_authenticate_scripts(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let claire = app.user("claire", Role::BidManager).await;
    let token = app.token(&claire).await;
    let client = reqwest::Client::new();
    let me: Value = client
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("me")
        .json()
        .await
        .expect("json");
    assert_eq!(me["name"], "claire");
    assert_eq!(me["role"], "bid_manager");
    // Scripts need no CSRF token: a bearer token cannot be sent by a forged form.
    let created = client
        .post(app.url("/api/v1/tenders"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"title": "Marché de nettoyage", "reference": "2027-NET-01"}))
        .send()
        .await
        .expect("post");
    assert_eq!(created.status(), StatusCode::CREATED);
    for bad in ["td_0000", "", "Basic abc"] {
        let resp = client
            .get(app.url("/api/v1/me"))
            .header("authorization", format!("Bearer {bad}"))
            .send()
            .await
            .expect("get");
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED, "{bad:?}");
    }
    let ids = app
        .state
        .store
        .token_user(&token)
        .await
        .expect("lookup")
        .map(|u| u.id);
    assert_eq!(ids, Some(claire.id));
    app.state.store.revoke_api_token(1).await.expect("revoke");
    let revoked = client
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("get");
    assert_eq!(revoked.status(), StatusCode::UNAUTHORIZED);
    app.stop().await;
}

async fn errors_speak_the_language_of_their_client(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let claire = app.user("claire", Role::BidManager).await;
    let token = app.token(&claire).await;
    let client = reqwest::Client::new();
    let missing = client
        .get(app.url("/api/v1/tenders/424242"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("get");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let body: Value = missing.json().await.expect("json");
    assert_eq!(body["error"]["code"], "not_found");
    assert!(body["error"]["message"].is_string());

    let garbage = client
        .post(app.url("/api/v1/tenders"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{\"title\": [1, 2")
        .send()
        .await
        .expect("post");
    assert!(garbage.status().is_client_error(), "{}", garbage.status());
    let text = garbage.text().await.expect("body");
    let body: Value = serde_json::from_str(&text).expect("a JSON error, not axum's plain text");
    assert!(body["error"]["code"].is_string(), "{text}");
    assert!(
        !text.contains("line") && !text.contains("column"),
        "no parser internals: {text}"
    );

    let invalid = client
        .post(app.url("/api/v1/tenders"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"title": "x", "deadline": "demain midi"}))
        .send()
        .await
        .expect("post");
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = invalid.json().await.expect("json");
    assert_eq!(body["error"]["code"], "invalid");

    let (browser, _) = app.login("claire").await;
    let page = browser
        .get(app.url("/tenders/424242"))
        .send()
        .await
        .expect("get");
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap_or("")
            .starts_with("text/html")
    );
    let html = page.text().await.expect("body");
    assert!(html.contains("Page introuvable"), "{html}");
    let nowhere = browser
        .get(app.url("/no/such/page"))
        .send()
        .await
        .expect("get");
    assert_eq!(nowhere.status(), StatusCode::NOT_FOUND);
    for header in [
        "x-content-type-options",
        "x-frame-options",
        "content-security-policy",
        "referrer-policy",
    ] {
        let resp = browser.get(app.url("/")).send().await.expect("get");
        assert!(resp.headers().contains_key(header), "{header}");
    }
    app.stop().await;
}

async fn the_first_admin_must_change_the_printed_password(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let password = tenderdesk::ensure_admin(&app.state.store)
        .await
        .expect("bootstrap")
        .expect("a password");
    assert!(
        tenderdesk::ensure_admin(&app.state.store)
            .await
            .expect("again")
            .is_none(),
        "only on the first start"
    );
    let c = app.browser();
    let (_, status) = app.login_with(&c, "admin", &password).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let home = c.get(app.url("/")).send().await.expect("home");
    assert_eq!(home.status(), StatusCode::SEE_OTHER);
    assert_eq!(home.headers()["location"], "/account/password");
    let page = c
        .get(app.url("/account/password"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("body");
    assert!(page.contains("id=\"must-change\""));
    let csrf = common::hidden_field(&page, "csrf").expect("csrf");
    let weak = c
        .post(app.url("/account/password"))
        .form(&[
            ("current", password.as_str()),
            ("new", "short"),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(weak.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let done = c
        .post(app.url("/account/password"))
        .form(&[
            ("current", password.as_str()),
            ("new", "a much longer new secret"),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        c.get(app.url("/")).send().await.expect("home").status(),
        StatusCode::OK
    );
    let (_, old) = app.login_with(&app.browser(), "admin", &password).await;
    assert_eq!(
        old,
        StatusCode::UNAUTHORIZED,
        "the printed password is dead"
    );
    app.stop().await;
}

async fn a_password_change_ends_other_sessions(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    app.user("claire", Role::BidManager).await;
    let (laptop, csrf) = app.login("claire").await;
    let (phone, _) = app.login("claire").await;
    let changed = laptop
        .post(app.url("/account/password"))
        .form(&[
            ("current", PASSWORD),
            ("new", "another long password"),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(changed.status(), StatusCode::OK);
    assert_eq!(
        laptop.get(app.url("/")).send().await.expect("get").status(),
        StatusCode::OK
    );
    assert_eq!(
        phone.get(app.url("/")).send().await.expect("get").status(),
        StatusCode::SEE_OTHER
    );
    app.stop().await;
}

async fn uploads_over_the_limit_get_413(backend: Backend) {
    let Some(app) = TestApp::start_with(backend, |c| c.upload_limit = 4096).await else {
        return;
    };
    let claire = app.user("claire", Role::BidManager).await;
    let token = app.token(&claire).await;
    let resp = reqwest::Client::new()
        .post(app.url("/api/v1/tenders"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"title": "x".repeat(10_000)}))
        .send()
        .await
        .expect("post");
    assert_eq!(resp.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["error"]["code"], "too_large");
    app.stop().await;
}

async fn tenders_keep_their_deadline_time_zone(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    let claire = app.user("claire", Role::BidManager).await;
    let token = app.token(&claire).await;
    let client = reqwest::Client::new();
    for (title, deadline) in [
        ("Été", "2027-07-01T11:00"),
        ("Hiver", "2027-01-15 12:00"),
        ("Sans date", ""),
    ] {
        let resp = client
            .post(app.url("/api/v1/tenders"))
            .bearer_auth(&token)
            .json(&serde_json::json!({"title": title, "deadline": deadline, "estimated_value": "1 250 000,50 €",
                                      "cpv_codes": ["72000000-5"]}))
            .send()
            .await
            .expect("post");
        assert_eq!(resp.status(), StatusCode::CREATED, "{title}");
    }
    let list: Value = client
        .get(app.url("/api/v1/tenders"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    let got: Vec<(String, Value)> = list
        .as_array()
        .map(|a| {
            a.iter()
                .map(|t| {
                    (
                        t["title"].as_str().unwrap_or("").to_string(),
                        t["deadline"].clone(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        got,
        vec![
            ("Hiver".into(), Value::from("2027-01-15T12:00:00+01:00")),
            ("Été".into(), Value::from("2027-07-01T11:00:00+02:00")),
            ("Sans date".into(), Value::Null),
        ],
        "nearest deadline first, in Paris time"
    );
    assert_eq!(list[0]["estimated_value"], 125_000_050);
    assert_eq!(list[0]["cpv_codes"][0], "72000000-5");
    app.stop().await;
}

async fn pages_escape_what_users_write(backend: Backend) {
    let Some(app) = TestApp::start(backend).await else {
        return;
    };
    app.user("claire", Role::BidManager).await;
    let (c, csrf) = app.login("claire").await;
    let title = "<script>alert('x')</script> & co";
    let resp = c
        .post(app.url("/tenders"))
        .form(&[("title", title), ("csrf", csrf.as_str())])
        .send()
        .await
        .expect("post");
    let location = resp.headers()["location"]
        .to_str()
        .unwrap_or("")
        .to_string();
    let html = c
        .get(app.url(&location))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("body");
    assert!(!html.contains("<script>alert"), "escaped");
    assert!(
        html.contains("&#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62; &#38; co"),
        "{html}"
    );
    app.stop().await;
}
