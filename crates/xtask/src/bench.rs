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
    let first = listed(dist)?;
    println!("\nFirst load of the login and board routes (every file index.html pulls in; budget 200 KB brotli):");
    println!("{:<48} {:>10} {:>10} {:>10}", "file", "raw", "gzip", "brotli");
    let (mut raw, mut gz, mut br) = (0, 0, 0);
    let mut hash = String::new();
    for path in first {
        let (r, g, b) = sizes(&path)?;
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        if let Some(h) = name.strip_prefix("partner-portal-").and_then(|n| n.strip_suffix(".js")) {
            hash = h.to_owned();
        }
        println!("{name:<48} {r:>10} {g:>10} {b:>10}");
        (raw, gz, br) = (raw + r, gz + g, br + b);
    }
    println!("{:<48} {:>10} {:>10} {:>10}", "first load", raw, gz, br);
    let mut chunks = Vec::new();
    for path in listed(&dist.join(format!("split-{hash}")))? {
        let (r, _, b) = sizes(&path)?;
        chunks.push((b, r, path.file_name().unwrap_or_default().to_string_lossy().into_owned()));
    }
    chunks.sort_by(|a, b| b.cmp(a));
    println!("\nChunks loaded on demand (split-{hash}/; pages are split_<page>.wasm, chunk_<n> is shared code):");
    println!("{:<48} {:>10} {:>10}", "file", "raw", "brotli");
    let (mut craw, mut cbr) = (0, 0);
    for (b, r, name) in &chunks {
        println!("{name:<48} {r:>10} {b:>10}");
        (craw, cbr) = (craw + r, cbr + b);
    }
    println!("{:<48} {:>10} {:>10}", format!("{} chunks", chunks.len()), craw, cbr);
    println!(
        "first load + every chunk: {} B brotli (before the split, everything was the first load: 515,642 B at 9c0ef2a)",
        br + cbr
    );
    Ok(())
}

/// Lighthouse on the login page and the board, against the release build and server.
fn lighthouse() -> Result<(), String> {
    crate::tools::ensure(crate::tools::Need::Test)?;
    crate::tools::ensure_lighthouse()?;
    crate::run("build the server", crate::cmd("cargo").args(["build", "-p", "portal-api", "--profile", "server"]))?;
    let db_dir = root().join("target/bench-lighthouse");
    let _ = std::fs::remove_dir_all(&db_dir);
    let port =
        std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
    let addr = format!("127.0.0.1:{port}");
    let mut server = crate::cmd(&root().join("target/server/portal-api").to_string_lossy())
        .args(["--addr", &addr, "--db", &db_dir.join("portal.db").to_string_lossy(), "--dist", "dist", "--demo"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("starting the server: {e}"))?;
    let result = crate::wait_until_up(&addr).and_then(|()| {
        crate::run(
            "Lighthouse, login and board (mobile preset)",
            crate::cmd("node")
                .arg("bench/lighthouse.mjs")
                .current_dir(root().join("tests/e2e"))
                .env("BASE_URL", format!("http://{addr}"))
                .env("LIGHTHOUSE", crate::tools::lighthouse_bin()),
        )
    });
    let _ = server.kill();
    let _ = server.wait();
    result
}

/// The what-if page in headless Chromium, with `jobs` more shipped jobs in the established demo
/// partner's window: keystroke to paint, and the engine's time in wasm.
fn spa_score(jobs: &str) -> Result<(), String> {
    let db_dir = root().join(format!("target/bench-score-{jobs}"));
    let _ = std::fs::remove_dir_all(&db_dir);
    std::fs::create_dir_all(&db_dir).map_err(|e| e.to_string())?;
    let db = db_dir.join("portal.db");
    crate::run(
        &format!("seed {jobs} shipped jobs"),
        ignored_test("portal-api", "api", "bench::seed_score_history")
            .env("PORTAL_BENCH_DB", &db)
            .env("PORTAL_BENCH_JOBS", jobs),
    )?;
    let port =
        std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
    let addr = format!("127.0.0.1:{port}");
    let mut server = crate::cmd(&root().join("target/server/portal-api").to_string_lossy())
        .args(["--addr", &addr, "--db", &db.to_string_lossy(), "--dist", "dist"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("starting the server: {e}"))?;
    let result = crate::wait_until_up(&addr).and_then(|()| {
        crate::run(
            &format!("what-if benchmark, {jobs} jobs (headless Chromium)"),
            crate::cmd("node")
                .arg("bench/score.mjs")
                .current_dir(root().join("tests/e2e"))
                .env("BASE_URL", format!("http://{addr}"))
                .env("BENCH_JOBS", jobs),
        )
    });
    let _ = server.kill();
    let _ = server.wait();
    result
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

/// The SPA benchmark: the release SPA and server on a fresh demo database, 10,000 jobs posted
/// through the operator API, measured in headless Chromium.
fn spa_filter() -> Result<(), String> {
    crate::tools::ensure(crate::tools::Need::Test)?;
    crate::run("build the server", crate::cmd("cargo").args(["build", "-p", "portal-api", "--profile", "server"]))?;
    let db_dir = root().join("target/bench-db");
    let _ = std::fs::remove_dir_all(&db_dir);
    let port =
        std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
    let addr = format!("127.0.0.1:{port}");
    let token = format!("bench-{port}");
    let mut server = crate::cmd(&root().join("target/server/portal-api").to_string_lossy())
        .args(["--addr", &addr, "--db", &db_dir.join("portal.db").to_string_lossy(), "--dist", "dist", "--demo"])
        .env("PORTAL_OPERATOR_TOKEN", &token)
        .stdout(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("starting the server: {e}"))?;
    let result = crate::wait_until_up(&addr).and_then(|()| {
        crate::run(
            "SPA filter benchmark (headless Chromium)",
            crate::cmd("node")
                .arg("bench/spa-filter.mjs")
                .current_dir(root().join("tests/e2e"))
                .env("BASE_URL", format!("http://{addr}"))
                .env("OPERATOR_TOKEN", &token),
        )
    });
    let _ = server.kill();
    let _ = server.wait();
    result
}
