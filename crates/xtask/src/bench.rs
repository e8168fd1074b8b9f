//! `cargo xtask bench`: figures, never assertions: the SPA's first load and its chunks, Lighthouse
//! on the login page and the board, the API board under 16 concurrent clients with 10,000 jobs, the
//! SPA's filter repaint with 10,000 jobs loaded beside plain JavaScript, the score engine over
//! 10,000 jobs on the host and in wasm, and the what-if page's keystroke to paint.

use std::io::Write;

use crate::root;

/// Brotli at the highest quality, as the server's precompressed files are.
pub fn brotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        let _ = w.write_all(data);
    }
    out
}

fn gzip_len(data: &[u8]) -> usize {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = gz.write_all(data);
    gz.finish().map(|v| v.len()).unwrap_or(0)
}

pub fn run() -> Result<(), String> {
    crate::tools::ensure(crate::tools::Need::Build)?;
    crate::build_spa()?;
    let dist = root().join("dist");
    spa_sizes(&dist)?;
    lighthouse()?;
    crate::load::board()?;
    crate::run("score engine benchmark (host, 10,000 jobs)", &mut ignored_test("portal-core", "score_bench", ""))?;
    spa_filter()?;
    store_search()?;
    for jobs in ["1000", "10000"] {
        spa_score(jobs)?;
    }
    Ok(())
}

/// Prints the first load (what index.html pulls in) and every chunk of this build, brotli.
fn spa_sizes(dist: &std::path::Path) -> Result<(), String> {
    let listed = |dir: &std::path::Path| -> Result<Vec<std::path::PathBuf>, String> {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| format!("reading {}: {e}", dir.display()))?
            .flatten()
            .map(|e| e.path())
            .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("wasm" | "js" | "css" | "html")))
            .collect();
        files.sort();
        Ok(files)
    };
    let sizes = |path: &std::path::Path| -> Result<(usize, usize, usize), String> {
        let data = std::fs::read(path).map_err(|e| e.to_string())?;
        Ok((data.len(), gzip_len(&data), brotli(&data).len()))
    };
    // The embed's loader is fetched by partners' sites, never by the portal's pages.
    let mut first: Vec<_> = listed(dist)?.into_iter().filter(|p| !p.ends_with("embed.js")).collect();
    let hash = first
        .iter()
        .filter_map(|p| {
            p.file_name()?.to_str()?.strip_prefix("partner-portal-")?.strip_suffix(".js").map(str::to_owned)
        })
        .next()
        .ok_or("no partner-portal-<hash>.js in dist")?;
    let chunks_dir = dist.join(format!("split-{hash}"));
    // The chunks' loader is imported by the main module: part of the first load.
    first.push(chunks_dir.join("__wasm_split.js"));
    println!("\nFirst load of the login and board routes (every file index.html pulls in; budget 200 KB brotli):");
    println!("{:<48} {:>10} {:>10} {:>10}", "file", "raw", "gzip", "brotli");
    let (mut raw, mut gz, mut br) = (0, 0, 0);
    for path in &first {
        let (r, g, b) = sizes(path)?;
        println!("{:<48} {r:>10} {g:>10} {b:>10}", path.file_name().unwrap_or_default().to_string_lossy());
        (raw, gz, br) = (raw + r, gz + g, br + b);
    }
    println!("{:<48} {:>10} {:>10} {:>10}", "first load", raw, gz, br);
    let (mut pages, mut shared) = (Vec::new(), Vec::new());
    for path in listed(&chunks_dir)?.into_iter().filter(|p| p.extension().is_some_and(|e| e == "wasm")) {
        let (r, _, b) = sizes(&path)?;
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        if name.starts_with("split_") { pages.push((b, r, name)) } else { shared.push((b, r, name)) }
    }
    pages.sort_by(|a, b| b.cmp(a));
    shared.sort_by(|a, b| b.cmp(a));
    println!("\nLoaded on demand (split-{hash}/): each page's own chunk, and the chunks of code pages share:");
    println!("{:<48} {:>10} {:>10}", "file", "raw", "brotli");
    for (b, r, name) in &pages {
        println!("{name:<48} {r:>10} {b:>10}");
    }
    let sum = |list: &[(usize, usize, String)]| list.iter().fold((0, 0), |(r, b), c| (r + c.1, b + c.0));
    let ((praw, pbr), (sraw, sbr)) = (sum(&pages), sum(&shared));
    println!("{:<48} {:>10} {:>10}", format!("{} page chunks", pages.len()), praw, pbr);
    let largest: Vec<String> = shared.iter().take(5).map(|(b, _, n)| format!("{n} {b}")).collect();
    println!(
        "{:<48} {:>10} {:>10}  (largest: {})",
        format!("{} shared chunks", shared.len()),
        sraw,
        sbr,
        largest.join(", ")
    );
    println!(
        "first load + every chunk: {} B brotli (before the split, everything was the first load: 515,642 B at 9c0ef2a)",
        br + pbr + sbr
    );
    // Issue 19: the supplies store is one chunk and a style sheet, fetched on its first page; the
    // first load holds only its addresses and its split point.
    let store = pages.iter().find(|(_, _, n)| n.starts_with("split_store")).map_or(0, |p| p.0);
    let (_, _, css) = sizes(&dist.join("lazy/store.css"))?;
    println!(
        "supplies store: not in the first load; on its first page {store} B brotli (split_store) + {css} B (lazy/store.css)"
    );
    embed_sizes(dist)
}

/// The embed (R-EMB-1): its loader on the partner's site, then what the frame loads.
fn embed_sizes(dist: &std::path::Path) -> Result<(), String> {
    let mut files = vec![dist.join("embed.js")];
    let dir = dist.join("embed");
    let mut inner: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| format!("reading {}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("wasm" | "js" | "css" | "html")))
        .collect();
    inner.sort();
    files.extend(inner);
    println!("\nThe embedded board (loader on the partner's site, then the frame; budget 60 KB brotli):");
    println!("{:<48} {:>10} {:>10}", "file", "raw", "brotli");
    let (mut raw, mut br) = (0, 0);
    for path in &files {
        let data = std::fs::read(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
        let b = brotli(&data).len();
        println!("{:<48} {:>10} {b:>10}", path.strip_prefix(dist).unwrap_or(path).display(), data.len());
        (raw, br) = (raw + data.len(), br + b);
    }
    println!("{:<48} {raw:>10} {br:>10}", "embed");
    Ok(())
}

/// Runs `bench` against the release server (built first) on a free port with the database
/// `db` (`--demo` when `demo`, filling it on first start) and the operator API under a token.
/// `bench` gets the server's address and the token.
fn with_server(
    db: &std::path::Path,
    demo: bool,
    bench: impl FnOnce(&str, &str) -> Result<(), String>,
) -> Result<(), String> {
    crate::run("build the server", crate::cmd("cargo").args(["build", "-p", "portal-api", "--profile", "server"]))?;
    let port =
        std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
    let addr = format!("127.0.0.1:{port}");
    let token = format!("bench-{port}");
    let mut server = crate::cmd(&root().join("target/server/portal-api").to_string_lossy());
    server.args(["--addr", &addr, "--db", &db.to_string_lossy(), "--dist", "dist"]);
    if demo {
        server.arg("--demo");
    }
    let mut server = server
        .env("PORTAL_OPERATOR_TOKEN", &token)
        .stdout(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("starting the server: {e}"))?;
    let result = crate::wait_until_up(&addr).and_then(|()| bench(&addr, &token));
    let _ = server.kill();
    let _ = server.wait();
    result
}

/// A fresh database folder under target/.
fn fresh_db(name: &str) -> Result<std::path::PathBuf, String> {
    let dir = root().join("target").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    Ok(dir.join("portal.db"))
}

/// Lighthouse on the login page and the board, against the release build and server.
fn lighthouse() -> Result<(), String> {
    crate::tools::ensure(crate::tools::Need::Test)?;
    crate::tools::ensure_lighthouse()?;
    with_server(&fresh_db("bench-lighthouse")?, true, |addr, _| {
        crate::run(
            "Lighthouse, login and board (mobile preset)",
            crate::cmd("node")
                .arg("bench/lighthouse.mjs")
                .current_dir(root().join("tests/e2e"))
                .env("BASE_URL", format!("http://{addr}"))
                .env("LIGHTHOUSE", crate::tools::lighthouse_bin()),
        )
    })
}

/// The what-if page in headless Chromium, with `jobs` more shipped jobs in the established demo
/// partner's window: keystroke to paint, and the engine's time in wasm.
fn spa_score(jobs: &str) -> Result<(), String> {
    let db = fresh_db(&format!("bench-score-{jobs}"))?;
    crate::run(
        &format!("seed {jobs} shipped jobs"),
        ignored_test("portal-api", "api", "bench::seed_score_history")
            .env("PORTAL_BENCH_DB", &db)
            .env("PORTAL_BENCH_JOBS", jobs),
    )?;
    with_server(&db, false, |addr, _| {
        crate::run(
            &format!("what-if benchmark, {jobs} jobs (headless Chromium)"),
            crate::cmd("node")
                .arg("bench/score.mjs")
                .current_dir(root().join("tests/e2e"))
                .env("BASE_URL", format!("http://{addr}"))
                .env("BENCH_JOBS", jobs),
        )
    })
}

/// `cargo test` of one ignored test (a benchmark or its set-up), built with the server's profile.
fn ignored_test(package: &str, test: &str, filter: &str) -> std::process::Command {
    let mut c = crate::cmd("cargo");
    c.args(["test", "-p", package, "--profile", "server", "--test", test]);
    if !filter.is_empty() {
        c.arg(filter);
    }
    c.args(["--", "--ignored", "--nocapture"]);
    c
}

/// Issue 19: the supplies store's catalog search, keystroke to paint, in headless Chromium.
fn store_search() -> Result<(), String> {
    with_server(&fresh_db("bench-store")?, true, |addr, _| {
        crate::run(
            "supplies store search benchmark (headless Chromium)",
            crate::cmd("node")
                .arg("bench/store-search.mjs")
                .current_dir(root().join("tests/e2e"))
                .env("BASE_URL", format!("http://{addr}")),
        )
    })
}

/// The SPA benchmark: the release SPA and server on a fresh demo database, 10,000 jobs posted
/// through the operator API, measured in headless Chromium beside plain JavaScript.
fn spa_filter() -> Result<(), String> {
    crate::tools::ensure(crate::tools::Need::Test)?;
    with_server(&fresh_db("bench-db")?, true, |addr, token| {
        crate::run(
            "SPA filter benchmark (headless Chromium)",
            crate::cmd("node")
                .arg("bench/spa-filter.mjs")
                .current_dir(root().join("tests/e2e"))
                .env("BASE_URL", format!("http://{addr}"))
                .env("OPERATOR_TOKEN", token),
        )
    })
}
