//! `cargo xtask serve|test|bench`: installs the tools that are missing (printing what it
//! installs), builds, and runs. See README.md.

mod bench;
mod load;
mod split;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

const USAGE: &str = "usage: cargo xtask <serve [--addr HOST:PORT] | test | bench | split (trunk's hook)>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&args[1..]),
        Some("test") => test(args.get(1).map(String::as_str)),
        Some("bench") => bench::run(),
        Some("split") => split::run_hook(),
        // Only the API board under load, from `bench` (it builds no SPA).
        Some("load") => load::board(),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (this crate lives in `crates/xtask`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2).map(Path::to_path_buf).unwrap_or_default()
}

/// A command run from the workspace root with the project's tools first on PATH.
pub fn cmd(program: &str) -> Command {
    let mut c = Command::new(program);
    c.current_dir(root()).env("PATH", tools::path_with_tools());
    c
}

/// Runs a command, failing with its description when it fails.
pub fn run(what: &str, c: &mut Command) -> Result<(), String> {
    println!("\n==> {what}");
    let status = c.status().map_err(|e| format!("{what}: could not start: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("{what}: failed ({status})")) }
}

/// Builds the SPA for release with trunk and precompresses it.
pub fn build_spa() -> Result<(), String> {
    run("build the SPA (trunk, release)", cmd("trunk").args(["build", "--release"]))?;
    // The embed (R-EMB-1): its own entry and wasm, into dist/embed/ (trunk empties the dist folder
    // it builds into, so after the portal's). Without the portal's wasm rustflags (the relocations
    // its split needs would stay in the embed: 150 KB brotli instead of 53) and in its own target
    // folder, so the two builds do not rebuild each other's dependencies.
    run(
        "build the embed (trunk, release)",
        cmd("trunk")
            .args(["build", "--release", "--config", "crates/portal-embed/Trunk.toml"])
            .env("RUSTFLAGS", "")
            .env("CARGO_TARGET_DIR", root().join("target/embed")),
    )?;
    precompress(&root().join("dist"))
}

/// Writes `.br` and `.gz` beside each text and wasm file (the chunk folders' too), for the
/// server to send as they are.
fn precompress(dir: &Path) -> Result<(), String> {
    use std::io::Write;
    let entries = std::fs::read_dir(dir).map_err(|e| format!("reading {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            precompress(&path)?;
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if !matches!(ext, "wasm" | "js" | "css" | "html" | "svg" | "json") {
            continue;
        }
        let br = PathBuf::from(format!("{}.br", path.display()));
        if br.is_file() {
            continue; // a kept chunk folder of an earlier build
        }
        let data = std::fs::read(&path).map_err(|e| e.to_string())?;
        std::fs::write(&br, bench::brotli(&data)).map_err(|e| e.to_string())?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&data).map_err(|e| e.to_string())?;
        std::fs::write(format!("{}.gz", path.display()), gz.finish().map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn serve(args: &[String]) -> Result<(), String> {
    let mut addr = "127.0.0.1:8080".to_owned();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--addr" => addr = it.next().ok_or("--addr needs HOST:PORT")?.clone(),
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        }
    }
    let started = Instant::now();
    tools::ensure(tools::Need::Build)?;
    build_spa()?;
    run(
        "build the server",
        cmd("cargo").args(["build", "-p", "portal-api", "-p", "payment-sandbox", "--profile", "server"]),
    )?;
    println!("\nBuilt in {:.0} s. Starting the portal (Ctrl-C stops it).", started.elapsed().as_secs_f64());
    // Ctrl-C reaches the whole process group: the server shuts down cleanly on it, and this
    // process waits for that instead of dying first.
    ctrlc::set_handler(|| {}).map_err(|e| format!("installing the Ctrl-C handler: {e}"))?;
    // The demo takes cards through the test provider (its hosted fields on its own port).
    let (mut sandbox, payments, secret) = payment_sandbox("server", &root().join("target/payment-sandbox.log"))?;
    let server = root().join("target/server/portal-api");
    let status = cmd(&server.to_string_lossy())
        .args(["--addr", &addr, "--db", "data/portal.db", "--dist", "dist", "--demo", "--payments", &payments])
        .env("PORTAL_PAYMENTS_KEY", &secret)
        .status()
        .map_err(|e| format!("starting the server: {e}"))?;
    let _ = sandbox.kill();
    let _ = sandbox.wait();
    if status.success() || status.code().is_none() { Ok(()) } else { Err(format!("server stopped: {status}")) }
}

/// One step of `cargo xtask test`.
type Step = Box<dyn Fn() -> Result<(), String>>;

/// Runs every step, or with a word only the steps whose name contains it
/// (`cargo xtask test end-to-end`).
fn test(only: Option<&str>) -> Result<(), String> {
    let started = Instant::now();
    tools::ensure(tools::Need::Test)?;
    let wasm = "wasm32-unknown-unknown";
    let steps: Vec<(&str, Step)> = vec![
        ("format", Box::new(|| run("cargo fmt --check", cmd("cargo").args(["fmt", "--all", "--check"])))),
        (
            "clippy (host)",
            Box::new(|| {
                run(
                    "clippy, host",
                    cmd("cargo").args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]),
                )
            }),
        ),
        (
            "clippy (wasm32)",
            Box::new(move || {
                run(
                    "clippy, wasm32",
                    cmd("cargo").args([
                        "clippy",
                        "-p",
                        "partner-portal",
                        "-p",
                        "portal-core",
                        "-p",
                        "portal-embed",
                        "--all-targets",
                        "--target",
                        wasm,
                        "--",
                        "-D",
                        "warnings",
                    ]),
                )
            }),
        ),
        (
            "core, API and xtask tests",
            Box::new(|| {
                run(
                    "cargo test (host)",
                    cmd("cargo")
                        .args(["test", "--workspace", "--exclude", "partner-portal"])
                        // The email adapter is tested against a real SMTP server (aiosmtpd).
                        .env("PORTAL_TEST_PYTHON", tools::test_python()),
                )
            }),
        ),
        (
            "SPA tests in headless Chromium",
            Box::new(move || {
                run(
                    "wasm-bindgen-test (headless Chromium)",
                    cmd("cargo")
                        .args(["test", "-p", "partner-portal", "--target", wasm])
                        .env("CHROMEDRIVER", tools::CHROMEDRIVER),
                )
            }),
        ),
        ("API fuzzing (schemathesis)", Box::new(fuzz)),
        ("end-to-end browser suite", Box::new(e2e)),
    ];
    let steps: Vec<(&str, Step)> =
        steps.into_iter().filter(|(name, _)| only.is_none_or(|o| name.contains(o))).collect();
    let total = steps.len();
    let mut failed = Vec::new();
    for (name, step) in &steps {
        let t = Instant::now();
        match step() {
            Ok(()) => println!("--- {name}: ok ({:.0} s)", t.elapsed().as_secs_f64()),
            Err(e) => {
                println!("--- {name}: FAILED ({:.0} s): {e}", t.elapsed().as_secs_f64());
                failed.push(*name);
            }
        }
    }
    println!("\nxtask test took {:.0} s", started.elapsed().as_secs_f64());
    println!("steps: {} passed, {} failed", total - failed.len(), failed.len());
    if failed.is_empty() { Ok(()) } else { Err(format!("failed: {}", failed.join(", "))) }
}

/// The test card provider (`payment-sandbox`, built in `profile_dir`) on a free port, its output
/// in `log`: the child, its address and its secret key, for `portal-api --payments`.
fn payment_sandbox(profile_dir: &str, log: &Path) -> Result<(std::process::Child, String, String), String> {
    let port =
        std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
    let addr = format!("127.0.0.1:{port}");
    let secret = format!("sk_test_{port}_{}", std::process::id());
    let log = std::fs::File::create(log).map_err(|e| e.to_string())?;
    let child = cmd(&root().join("target").join(profile_dir).join("payment-sandbox").to_string_lossy())
        .args(["--addr", &addr])
        .env("SANDBOX_SECRET", &secret)
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log)
        .spawn()
        .map_err(|e| format!("starting the payment sandbox: {e}"))?;
    wait_until_up(&addr)?;
    Ok((child, format!("http://{addr}"), secret))
}

/// A demo server and the card provider it takes cards through; both stop when this is dropped.
struct DemoServer {
    server: std::process::Child,
    sandbox: std::process::Child,
    addr: String,
    token: String,
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        for child in [&mut self.server, &mut self.sandbox] {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A debug server with a fresh demo database in `target/<name>`, on a free port, the operator API
/// on, cards taken through `payment-sandbox`, its output in `log`.
fn demo_server(name: &str, log: &Path) -> Result<DemoServer, String> {
    run("build the server", cmd("cargo").args(["build", "-p", "portal-api", "-p", "payment-sandbox"]))?;
    let db_dir = root().join("target").join(name);
    let _ = std::fs::remove_dir_all(&db_dir);
    std::fs::create_dir_all(&db_dir).map_err(|e| e.to_string())?;
    let (sandbox, payments, secret) = payment_sandbox("debug", &log.with_extension("payments.log"))?;
    let port =
        std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
    let addr = format!("127.0.0.1:{port}");
    let token = format!("{name}-{port}-{}", std::process::id());
    let log = std::fs::File::create(log).map_err(|e| e.to_string())?;
    let server = cmd(&root().join("target/debug/portal-api").to_string_lossy())
        .args(["--addr", &addr, "--db", &db_dir.join("portal.db").to_string_lossy(), "--dist", "dist", "--demo"])
        .args(["--payments", &payments])
        .env("PORTAL_PAYMENTS_KEY", &secret)
        .env("PORTAL_OPERATOR_TOKEN", &token)
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log)
        .spawn()
        .map_err(|e| format!("starting the server: {e}"))?;
    Ok(DemoServer { server, sandbox, addr, token })
}

/// Issue 16: schemathesis against the real server (a fresh demo database, the operator API on):
/// every operation of /api/v1/openapi.json with --checks all, logged in as a demo partner and
/// with the operator token (tests/schemathesis/run.py). Any failure fails the step.
fn fuzz() -> Result<(), String> {
    let demo = demo_server("fuzz-db", &root().join("target/fuzz-server.log"))?;
    wait_until_up(&demo.addr)?;
    run(
        "schemathesis --checks all (tests/schemathesis/run.py)",
        cmd(&tools::test_python().to_string_lossy())
            .arg(root().join("tests/schemathesis/run.py"))
            .args([format!("http://{}", demo.addr), demo.token.clone()]),
    )
}

/// Builds the release SPA and the server, starts it on a free port with a fresh demo
/// database, and runs the Playwright suite against it.
fn e2e() -> Result<(), String> {
    build_spa()?;
    let artifacts = root().join("target/e2e-artifacts");
    let _ = std::fs::remove_dir_all(&artifacts);
    std::fs::create_dir_all(&artifacts).map_err(|e| e.to_string())?;
    let server_bin = root().join("target/debug/portal-api");
    // The suite drives the marketplace side (post, close, withdraw jobs) through the operator API.
    let demo = demo_server("e2e-db", &artifacts.join("server.log"))?;
    let (addr, operator_token) = (&demo.addr, &demo.token);
    wait_until_up(addr)?;
    run(
        "Playwright end-to-end suite (headless Chromium)",
        cmd("npx")
            .args(["playwright", "test"])
            .current_dir(root().join("tests/e2e"))
            .env("BASE_URL", format!("http://{addr}"))
            .env("OPERATOR_TOKEN", operator_token)
            // Specs that need the server at another instant (the surge window) start their own.
            .env("PORTAL_API_BIN", &server_bin)
            .env("PORTAL_DIST", root().join("dist"))
            // A real SMTP server for the email adapter's end-to-end test.
            .env("PORTAL_TEST_PYTHON", tools::test_python())
            .env("ARTIFACTS_DIR", &artifacts),
    )
}

pub fn wait_until_up(addr: &str) -> Result<(), String> {
    for _ in 0..300 {
        if std::net::TcpStream::connect(addr).is_ok() {
            return Ok(());
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    Err(format!("the server did not start on {addr}; see target/e2e-artifacts/server.log"))
}
