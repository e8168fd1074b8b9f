//! The tools the portal builds and tests with, at the versions TOOLCHAIN.md pins. Each is
//! checked first and installed only when missing or at another version.

use std::path::PathBuf;
use std::process::Command;

use crate::{root, run};

const TRUNK: &str = "0.21.14";
const WASM_BINDGEN: &str = "0.2.130";
const BINARYEN: &str = "132.0.0";
const WASM_OPT_VERSION: &str = "version 132";
/// Minifies the split hook's JS (the bindings and the chunks' loader) in release builds.
const TERSER: &str = "5.36.0";
/// Lighthouse for `cargo xtask bench` (12.x runs on Node 20; 13 needs Node 22).
const LIGHTHOUSE: &str = "12.8.2";
/// The real SMTP server the email adapter is tested against (TOOLCHAIN.md).
const AIOSMTPD: &str = "1.4.6";
/// The API fuzzer run by `cargo xtask test` against the real server (issue 16).
const SCHEMATHESIS: &str = "4.32.5";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The Lighthouse CLI in the project's tools folder.
pub fn lighthouse_bin() -> PathBuf {
    tools_dir().join("node_modules/.bin/lighthouse")
}

/// Installs Lighthouse (npm, into target/tools) for the bench, when missing.
pub fn ensure_lighthouse() -> Result<(), String> {
    if has(&lighthouse_bin().display().to_string(), &["--version"], LIGHTHOUSE) {
        return Ok(());
    }
    npm_install(&format!("lighthouse {LIGHTHOUSE} (npm)"), &format!("lighthouse@{LIGHTHOUSE}"))
}

/// Installs one pinned npm package into target/tools (its commands land in node_modules/.bin).
fn npm_install(what: &str, package: &str) -> Result<(), String> {
    std::fs::create_dir_all(tools_dir()).map_err(|e| e.to_string())?;
    let prefix = tools_dir().display().to_string();
    install(what, "npm", &["install", "--prefix", &prefix, "--no-audit", "--no-fund", package])
}

/// What a command needs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Building the SPA.
    Build,
    /// Building and every test, browsers included.
    Test,
}

fn tools_dir() -> PathBuf {
    root().join("target/tools")
}

/// The Python with aiosmtpd (the email adapter's test, `PORTAL_TEST_PYTHON`) and schemathesis (the
/// API fuzzing) installed.
pub fn test_python() -> PathBuf {
    tools_dir().join("venv/bin/python")
}

/// PATH with the project's npm-installed tools and cargo's bin folder first.
pub fn path_with_tools() -> String {
    let mut parts = vec![tools_dir().join("node_modules/.bin").display().to_string()];
    if let Some(home) = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
    {
        parts.push(home.join("bin").display().to_string());
    }
    parts.push(std::env::var("PATH").unwrap_or_default());
    parts.join(":")
}

/// What a tool prints for `args`, if it runs and succeeds.
fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).env("PATH", path_with_tools()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The first line a tool prints for `args`, if it runs.
fn version_of(program: &str, args: &[&str]) -> Option<String> {
    output_of(program, args).map(|out| out.lines().next().unwrap_or_default().to_owned())
}

fn has(program: &str, args: &[&str], expected: &str) -> bool {
    version_of(program, args).is_some_and(|v| v.contains(expected))
}

fn install(what: &str, program: &str, args: &[&str]) -> Result<(), String> {
    println!("xtask: installing {what}");
    run(&format!("install {what}"), Command::new(program).args(args).env("PATH", path_with_tools()).current_dir(root()))
}

/// Installs whatever `need` requires and is missing.
pub fn ensure(need: Need) -> Result<(), String> {
    let targets = output_of("rustup", &["target", "list", "--installed"]);
    if !targets.unwrap_or_default().contains("wasm32-unknown-unknown") {
        install("the wasm32-unknown-unknown target", "rustup", &["target", "add", "wasm32-unknown-unknown"])?;
    }
    if !has("wasm-bindgen", &["--version"], WASM_BINDGEN) {
        // Without --locked: its lock file names a webpki-roots release the registry does not serve.
        install(
            &format!("wasm-bindgen-cli {WASM_BINDGEN}"),
            "cargo",
            &["install", "wasm-bindgen-cli", "--version", WASM_BINDGEN],
        )?;
    }
    if !has("trunk", &["--version"], TRUNK) {
        install(&format!("trunk {TRUNK}"), "cargo", &["install", "trunk", "--version", TRUNK, "--locked"])?;
    }
    if !has("wasm-opt", &["--version"], WASM_OPT_VERSION) {
        npm_install(&format!("wasm-opt (binaryen {BINARYEN}, npm)"), &format!("binaryen@{BINARYEN}"))?;
    }
    if !has("terser", &["--version"], &format!("terser {TERSER}")) {
        npm_install(&format!("terser {TERSER} (npm)"), &format!("terser@{TERSER}"))?;
    }
    if need == Need::Test {
        if !(has(CHROMIUM, &["--version"], "Chromium") && has(CHROMEDRIVER, &["--version"], "ChromeDriver")) {
            println!("xtask: installing Chromium and ChromeDriver (Debian packages)");
            run("apt-get update", Command::new("apt-get").arg("update"))?;
            run(
                "install chromium chromium-driver",
                Command::new("apt-get")
                    .args(["install", "-y", "--no-install-recommends", "chromium", "chromium-driver"])
                    .env("DEBIAN_FRONTEND", "noninteractive"),
            )?;
        }
        let python = test_python();
        let python_str = python.display().to_string();
        let shown = output_of(&python_str, &["-m", "pip", "show", "aiosmtpd"]).unwrap_or_default();
        if !shown.contains(&format!("Version: {AIOSMTPD}")) {
            println!("xtask: installing aiosmtpd {AIOSMTPD} (PyPI, into target/tools/venv)");
            let venv = tools_dir().join("venv").display().to_string();
            run("python3 -m venv", Command::new("python3").args(["-m", "venv", &venv]))?;
            run(
                &format!("pip install aiosmtpd=={AIOSMTPD}"),
                Command::new(&python).args(["-m", "pip", "install", "--quiet", &format!("aiosmtpd=={AIOSMTPD}")]),
            )?;
        }
        let shown = output_of(&python_str, &["-m", "pip", "show", "schemathesis"]).unwrap_or_default();
        if !shown.contains(&format!("Version: {SCHEMATHESIS}")) {
            println!("xtask: installing schemathesis {SCHEMATHESIS} (PyPI, into target/tools/venv)");
            run(
                &format!("pip install schemathesis=={SCHEMATHESIS}"),
                Command::new(&python).args([
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    &format!("schemathesis=={SCHEMATHESIS}"),
                ]),
            )?;
        }
        let e2e = root().join("tests/e2e");
        let lock = e2e.join("package-lock.json");
        let installed = e2e.join("node_modules/.package-lock.json");
        let current = matches!((std::fs::read(&lock), std::fs::read(&installed)), (Ok(_), Ok(_)))
            && std::fs::metadata(&installed).and_then(|i| i.modified()).ok()
                >= std::fs::metadata(&lock).and_then(|l| l.modified()).ok();
        if !current {
            println!("xtask: installing the end-to-end suite's npm packages (npm ci)");
            run("npm ci (tests/e2e)", Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&e2e))?;
        }
    }
    Ok(())
}
