//! What every response shares: problems, security headers, the cross-site check, OpenAPI,
//! and serving the built SPA.

use crate::common::*;

#[tokio::test]
async fn malformed_json_gets_a_problem() {
    let app = spawn_app().await;
    let res = app
        .client()
        .post(app.url("/api/v1/session"))
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let p = problem(res).await;
    assert_eq!(p["title"], "Malformed request");
    assert!(p["detail"].as_str().unwrap().contains("JSON"));
}

#[tokio::test]
async fn security_headers_on_every_response_and_no_store_on_the_api() {
    let app = spawn_app().await;
    for path in ["/api/v1/me", "/api/v1/openapi.json", "/board"] {
        let res = reqwest::get(app.url(path)).await.unwrap();
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("'wasm-unsafe-eval'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        if path.starts_with("/api") {
            assert_eq!(h["cache-control"], "no-store", "{path}");
        }
    }
}

#[tokio::test]
async fn writes_without_x_requested_with_or_from_another_site_are_refused() {
    let app = spawn_app().await;
    app.partner("a@example.com", cnc_caps(), t0()).await;
    let body = serde_json::json!({ "email": "a@example.com", "password": PASSWORD });
    let bare = reqwest::Client::new();
    let res = bare.post(app.url("/api/v1/session")).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 403);
    assert!(problem(res).await["detail"].as_str().unwrap().contains("X-Requested-With"));
    // Any value is not enough: a client must say it is the portal's (the header is the CSRF guard).
    let wrong = bare
        .post(app.url("/api/v1/session"))
        .header("x-requested-with", "XMLHttpRequest")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 403);
    assert!(problem(wrong).await["detail"].as_str().unwrap().contains("X-Requested-With: partner-portal"));
    let cross = app
        .client()
        .post(app.url("/api/v1/session"))
        .header("sec-fetch-site", "cross-site")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), 403);
    let other_origin = app
        .client()
        .post(app.url("/api/v1/session"))
        .header("origin", "https://evil.example")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(other_origin.status(), 403);
    let same_origin = app
        .client()
        .post(app.url("/api/v1/session"))
        .header("origin", app.base.clone())
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(same_origin.status(), 200);
}

// Issue 16: a query string the board or an upload cannot read was answered `text/plain`.
#[tokio::test]
async fn unreadable_query_strings_get_a_problem_naming_the_parameter() {
    let app = spawn_app().await;
    app.partner("a@example.com", cnc_caps(), t0()).await;
    let a = app.login("a@example.com").await;
    for (path, name) in [("/api/v1/jobs?limit=abc", "limit"), ("/api/v1/jobs?offset=-1", "offset")] {
        let res = a.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 400, "{path}");
        let p = problem(res).await;
        assert!(p["detail"].as_str().unwrap().contains(name), "{path}: {p}");
    }
}

#[tokio::test]
async fn unknown_api_paths_are_problems_not_the_spa() {
    let app = spawn_app().await;
    for path in ["/api/v1/nothing", "/api/v2/jobs", "/api"] {
        let res = reqwest::get(app.url(path)).await.unwrap();
        assert_eq!(res.status(), 404, "{path}");
        problem(res).await;
    }
}

#[tokio::test]
async fn openapi_describes_every_route() {
    let app = spawn_app().await;
    let doc: serde_json::Value = reqwest::get(app.url("/api/v1/openapi.json")).await.unwrap().json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = &doc["paths"];
    for (path, method) in [
        ("/session", "post"),
        ("/session", "delete"),
        ("/me", "get"),
        ("/jobs", "get"),
        ("/jobs/{id}", "get"),
        ("/jobs/{id}/accept", "post"),
        ("/orders", "get"),
    ] {
        assert!(paths[path][method].is_object(), "{method} {path} missing");
    }
    assert!(doc["components"]["schemas"]["BoardJob"].is_object());
    assert!(doc["components"]["schemas"]["Problem"].is_object());
}

// Issue 16: every enum in the published document was PascalCase while the API sends and expects
// snake_case (a spec-valid `PickedUp` got 422). The document's values are now the wire's: each
// closed list's slugs, and nothing else.
#[tokio::test]
async fn openapi_enums_are_written_as_the_wire_writes_them() {
    use portal_core::capability::{Certification, Finish, Material, Process};
    use portal_core::shipping::ShipmentStatus;
    let app = spawn_app().await;
    let doc: serde_json::Value = reqwest::get(app.url("/api/v1/openapi.json")).await.unwrap().json().await.unwrap();
    let schemas = &doc["components"]["schemas"];
    let values = |name: &str| -> Vec<String> {
        schemas[name]["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("{name} is an enum"))
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    let slugs = |all: Vec<&'static str>| all.into_iter().map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(values("Process"), slugs(Process::ALL.iter().map(|p| p.slug()).collect()));
    assert_eq!(values("Material"), slugs(Material::ALL.iter().map(|p| p.slug()).collect()));
    assert_eq!(values("Finish"), slugs(Finish::ALL.iter().map(|p| p.slug()).collect()));
    assert_eq!(values("Certification"), slugs(Certification::ALL.iter().map(|p| p.slug()).collect()));
    assert_eq!(values("ShipmentStatus"), slugs(ShipmentStatus::ALL.iter().map(|p| p.slug()).collect()));
    // And every other enum: the wire's names are lower snake case (currencies are ISO codes).
    fn walk(name: &str, s: &serde_json::Value, found: &mut Vec<String>) {
        match s {
            serde_json::Value::Object(m) => {
                if let Some(serde_json::Value::Array(vals)) = m.get("enum") {
                    for v in vals.iter().filter_map(|v| v.as_str()) {
                        if name != "Currency" && v.chars().any(|c| c.is_ascii_uppercase()) {
                            found.push(format!("{name}: {v}"));
                        }
                    }
                }
                m.values().for_each(|v| walk(name, v, found));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(name, v, found)),
            _ => {}
        }
    }
    let mut found = vec![];
    for (name, schema) in schemas.as_object().unwrap() {
        walk(name, schema, &mut found);
    }
    assert!(found.is_empty(), "enum values not as the wire writes them: {found:?}");
    // Each operation has its own id (code generators name functions by them).
    let mut ids = std::collections::HashMap::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            if let Some(id) = op["operationId"].as_str()
                && let Some(other) = ids.insert(id.to_owned(), format!("{method} {path}"))
            {
                panic!("operationId {id} twice: {other} and {method} {path}");
            }
            // What any route of this shape can answer is documented, as problem+json.
            let codes = op["responses"].as_object().unwrap();
            let mut expected = vec![];
            if op.get("requestBody").is_some() {
                expected.extend(["400", "413"]);
                if op["requestBody"]["content"].get("multipart/form-data").is_none() {
                    expected.push("415");
                }
            }
            if op["parameters"].as_array().is_some_and(|p| !p.is_empty()) {
                expected.push("400");
            }
            for code in expected {
                let response = codes.get(code).unwrap_or_else(|| panic!("{method} {path} does not document {code}"));
                assert!(response["content"].get("application/problem+json").is_some(), "{method} {path} {code}");
            }
        }
    }
}

fn write_dist() -> tempfile::TempDir {
    let dist = tempfile::tempdir().unwrap();
    let index = "<!doctype html><html><head><script type=\"module\">import init from '/app-0123456789abcdef.js';</script></head><body></body></html>";
    std::fs::write(dist.path().join("index.html"), index).unwrap();
    std::fs::write(dist.path().join("app-0123456789abcdef.js"), "export default function init() {}").unwrap();
    std::fs::write(dist.path().join("app-0123456789abcdef.js.br"), b"brotli bytes").unwrap();
    dist
}

#[tokio::test]
async fn serves_the_spa_with_caching_precompression_and_route_fallback() {
    let dist = write_dist();
    let app = spawn_app_with_dist(Some(dist.path().to_path_buf())).await;
    let client = reqwest::Client::new();

    let index = client.get(app.url("/board?process=sls")).send().await.unwrap();
    assert_eq!(index.status(), 200);
    assert_eq!(index.headers()["cache-control"], "no-cache");
    let csp = index.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(index.text().await.unwrap().contains("import init"));
    assert!(csp.contains("'sha256-"), "inline loader script allowed by its hash: {csp}");

    let js = client.get(app.url("/app-0123456789abcdef.js")).header("accept-encoding", "br").send().await.unwrap();
    assert_eq!(js.status(), 200);
    assert_eq!(js.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(js.headers()["content-encoding"], "br");

    assert_eq!(js.headers()["vary"], "accept-encoding", "brotli, gzip or plain: caches keep them apart");

    let plain = client.get(app.url("/app-0123456789abcdef.js")).send().await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.headers()["vary"], "accept-encoding");
    assert!(plain.text().await.unwrap().contains("export default"));

    // A file that is not there is missing, not the app's page; a route is the app's page.
    for missing in
        ["/app-0000000000000000.js", "/split-0123456789abcdef/chunk_1.wasm", "/nothing.css", "/../Cargo.toml"]
    {
        let res = client.get(app.url(missing)).send().await.unwrap();
        assert_eq!(res.status(), 404, "{missing}");
        assert!(!res.text().await.unwrap().contains("import init"), "{missing}");
    }
    let route = client.get(app.url("/orders/12/shipments/3/label")).send().await.unwrap();
    assert_eq!(route.status(), 200);
    assert!(route.text().await.unwrap().contains("import init"));
}

#[tokio::test]
async fn wrong_method_wrong_content_type_and_huge_bodies_get_problems() {
    let app = spawn_app().await;
    let client = app.client();
    let res = client.put(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(res.status(), 405);
    problem(res).await;
    let res = client.post(app.url("/api/v1/session")).body("email=a").send().await.unwrap();
    assert_eq!(res.status(), 415);
    assert!(problem(res).await["detail"].as_str().unwrap().contains("application/json"));
    let huge = format!("{{\"email\":\"{}\",\"password\":\"x\"}}", "a".repeat(3 * 1024 * 1024));
    let res = client
        .post(app.url("/api/v1/session"))
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    problem(res).await;
}

// DOMAIN "Times": every API answer says the server's clock (which `--now` and tests shift), so
// the SPA counts days by it on every page, not only on the board.
#[tokio::test]
async fn every_api_answer_carries_the_servers_time() {
    let app = crate::common::spawn_app().await;
    let res = reqwest::get(app.url("/api/v1/me")).await.unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(res.headers()["x-server-time"], crate::common::t0().timestamp().to_string().as_str());
}
