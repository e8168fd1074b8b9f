//! `cargo xtask split`: trunk's `post_build` hook (Trunk.toml) that splits the SPA by route.
//!
//! Trunk builds the wasm and runs wasm-bindgen on it whole; this hook takes the raw cargo
//! artifact instead, splits it at the `#[wasm_split]` points (`src/lazy.rs`) with
//! `wasm_split_cli_support`, runs wasm-bindgen on the split main module, optimises every module
//! with wasm-opt (release), and replaces trunk's staged main module with it. The loader and the
//! chunks go to `split-<trunk's hash>/`, a path that names the build, so they are cached
//! immutable. The chunks of earlier builds are kept served for [`KEEP_OLD_CHUNKS`]: a tab opened
//! before a deploy still loads its pages.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::{cmd, root, run};

/// How long a replaced build's chunks stay served (issue 15: at least 7 days).
pub const KEEP_OLD_CHUNKS: Duration = Duration::from_secs(8 * 24 * 3600);
/// The file in an archived chunk folder that says when its build was replaced.
const REPLACED_AT: &str = "replaced-at";
const BIN: &str = "partner-portal";
/// Chunks smaller than this skip wasm-opt.
const MIN_OPTIMISED: u64 = 4096;

/// Trunk's hook environment (`TRUNK_*` variables).
struct Hook {
    release: bool,
    staging: PathBuf,
    dist: PathBuf,
    public_url: String,
}

impl Hook {
    fn from_env() -> Result<Self, String> {
        let var = |name: &str| std::env::var(name).map_err(|_| format!("{name} is not set: run me as trunk's hook"));
        Ok(Self {
            release: var("TRUNK_PROFILE")? == "release",
            staging: var("TRUNK_STAGING_DIR")?.into(),
            dist: var("TRUNK_DIST_DIR")?.into(),
            public_url: std::env::var("TRUNK_PUBLIC_URL").unwrap_or_else(|_| "/".to_owned()),
        })
    }
}

pub fn run_hook() -> Result<(), String> {
    let hook = Hook::from_env()?;
    let profile = if hook.release { "release" } else { "debug" };
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from);
    let artifact = target.join(format!("wasm32-unknown-unknown/{profile}/{BIN}.wasm"));
    let stem = staged_stem(&hook.staging)?;
    let hash = stem.strip_prefix(&format!("{BIN}-")).unwrap_or("dev").to_owned();
    let work = target.join("split-work");
    let _ = std::fs::remove_dir_all(&work);
    let (split_dir, bindgen_dir) = (work.join("split"), work.join("bindgen"));
    std::fs::create_dir_all(&split_dir).map_err(|e| e.to_string())?;

    let input = std::fs::read(&artifact).map_err(|e| format!("reading {}: {e}", artifact.display()))?;
    let main_wasm = split_dir.join(format!("{stem}.wasm"));
    let main_module = format!("./{stem}.js");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = &split_dir;
    options.main_out_path = &main_wasm;
    options.main_module = &main_module;
    let split = wasm_split_cli_support::transform(options).map_err(|e| format!("splitting the wasm: {e:#}"))?;
    drop(input);

    let mut bindgen = cmd("wasm-bindgen");
    bindgen.args(["--target", "web", "--keep-lld-exports", "--no-demangle", "--no-typescript", "--out-name", &stem]);
    if !hook.release {
        bindgen.arg("--keep-debug");
    }
    bindgen.arg("--out-dir").arg(&bindgen_dir).arg(&main_wasm);
    run("wasm-bindgen on the split main module", &mut bindgen)?;

    // The loader and the chunks: one folder per build.
    let chunks_dir = hook.staging.join(format!("split-{hash}"));
    std::fs::create_dir_all(&chunks_dir).map_err(|e| e.to_string())?;
    let loader = std::fs::read_to_string(split_dir.join("__wasm_split.js")).map_err(|e| e.to_string())?;
    let loader = loader.replace(&format!("\"{main_module}\""), &format!("\"../{stem}.js\""));
    std::fs::write(chunks_dir.join("__wasm_split.js"), loader).map_err(|e| e.to_string())?;
    let mut optimise = vec![hook.staging.join(format!("{stem}_bg.wasm"))];
    for chunk in &split.split_modules {
        let name = chunk.file_name().ok_or("a chunk without a name")?;
        std::fs::copy(chunk, chunks_dir.join(name)).map_err(|e| e.to_string())?;
        optimise.push(chunks_dir.join(name));
    }

    // The main module replaces trunk's; it imports the loader from the build's folder.
    let js = std::fs::read_to_string(bindgen_dir.join(format!("{stem}.js"))).map_err(|e| e.to_string())?;
    let js = point_at_loader(&js, &format!("./split-{hash}/__wasm_split.js"));
    std::fs::write(hook.staging.join(format!("{stem}.js")), js).map_err(|e| e.to_string())?;
    std::fs::copy(bindgen_dir.join(format!("{stem}_bg.wasm")), &optimise[0]).map_err(|e| e.to_string())?;
    preload_loader(&hook, &format!("{}split-{hash}/__wasm_split.js", hook.public_url))?;
    one_stylesheet(&hook)?;
    if hook.release {
        let index = hook.staging.join("index.html");
        let html = std::fs::read_to_string(&index).map_err(|e| e.to_string())?;
        std::fs::write(&index, without_comments(&html)).map_err(|e| e.to_string())?;
    }

    // `PORTAL_SPLIT_NO_OPT=1`: keep the function names, to read a release trap's stack.
    if hook.release && std::env::var_os("PORTAL_SPLIT_NO_OPT").is_none() {
        // The smallest shared chunks gain next to nothing, and each run of wasm-opt costs a second.
        optimise.retain(|f| std::fs::metadata(f).is_ok_and(|m| m.len() >= MIN_OPTIMISED));
        optimise_all(&optimise)?;
        // Both are in the first download: the bindings and the loader, minified (names of
        // imports, exports and properties stay as they are).
        for js in [hook.staging.join(format!("{stem}.js")), chunks_dir.join("__wasm_split.js")] {
            run("terser (minify)", cmd("terser").arg(&js).args(["--module", "--compress", "--mangle", "-o"]).arg(&js))?;
        }
    }
    keep_old_chunks(&hook.dist, &hook.staging, &target.join("spa-chunks"), &hash, SystemTime::now())?;
    println!("xtask split: {} chunks in split-{hash}/", split.split_modules.len());
    Ok(())
}

/// `wasm-opt -Oz` on every module, two at a time (the modules are many and mostly small); the
/// first is the main module.
fn optimise_all(files: &[PathBuf]) -> Result<(), String> {
    println!("\n==> wasm-opt -Oz on {} modules", files.len());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failed = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(file) = files.get(i) else { break };
                    let mut opt = cmd("wasm-opt");
                    opt.args(["-Oz", "--enable-bulk-memory", "--enable-nontrapping-float-to-int"]);
                    // Browsers read neither section.
                    opt.args(["--strip-producers", "--strip-target-features"]);
                    if i == 0 {
                        // The main module is the first load: optimised until it stops shrinking.
                        opt.arg("--converge");
                    }
                    let out = opt.arg(file).arg("-o").arg(file).output();
                    if !out.as_ref().is_ok_and(|o| o.status.success()) {
                        let why = out
                            .map(|o| String::from_utf8_lossy(&o.stderr).into_owned())
                            .unwrap_or_else(|e| e.to_string());
                        failed.lock().unwrap_or_else(|e| e.into_inner()).push(format!("{}: {why}", file.display()));
                    }
                }
            });
        }
    });
    let failed = failed.into_inner().unwrap_or_else(|e| e.into_inner());
    if failed.is_empty() { Ok(()) } else { Err(format!("wasm-opt failed: {}", failed.join("; "))) }
}

/// `partner-portal-<hash>` of the JS file trunk staged.
fn staged_stem(staging: &Path) -> Result<String, String> {
    std::fs::read_dir(staging)
        .map_err(|e| format!("reading {}: {e}", staging.display()))?
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .find_map(|name| name.strip_suffix(".js").filter(|s| s.starts_with(BIN)).map(str::to_owned))
        .ok_or_else(|| format!("trunk staged no {BIN}*.js in {}", staging.display()))
}

/// Points the main module's static imports of the loader at the build's folder. The keys of
/// the wasm's import object keep the original name: it is the wasm's import module.
fn point_at_loader(js: &str, loader: &str) -> String {
    js.lines()
        .map(|line| {
            if line.starts_with("import * as ") && line.contains("from \"./__wasm_split.js\"") {
                line.replace("\"./__wasm_split.js\"", &format!("\"{loader}\""))
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The loader is fetched with the main module, so index.html preloads it beside it.
fn preload_loader(hook: &Hook, href: &str) -> Result<(), String> {
    let index = hook.staging.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| e.to_string())?;
    let link = format!("<link rel=\"modulepreload\" href=\"{href}\" crossorigin=\"anonymous\">");
    let html = html.replacen("</head>", &format!("{link}\n</head>"), 1);
    std::fs::write(index, html).map_err(|e| e.to_string())
}

/// Trunk stages one style sheet per `<link data-trunk rel="css">`; the page gets them as one
/// file, `portal-<hash of its content>.css`, in the same order (one request before first paint).
fn one_stylesheet(hook: &Hook) -> Result<(), String> {
    let index = hook.staging.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| e.to_string())?;
    let (mut css, mut kept, mut first) = (String::new(), Vec::new(), None);
    for line in html.lines() {
        let href = line.trim().strip_prefix("<link rel=\"stylesheet\" href=\"").and_then(|rest| rest.split('"').next());
        let Some(href) = href else {
            kept.push(line.to_owned());
            continue;
        };
        let file = hook.staging.join(href.trim_start_matches(&hook.public_url).trim_start_matches('/'));
        css.push_str(&std::fs::read_to_string(&file).map_err(|e| format!("reading {}: {e}", file.display()))?);
        css.push('\n');
        std::fs::remove_file(&file).map_err(|e| e.to_string())?;
        first.get_or_insert(kept.len());
        kept.push(String::new());
    }
    let Some(at) = first else { return Ok(()) };
    let css = if hook.release { minify_css(&css) } else { css };
    let name = format!("portal-{:016x}.css", fnv1a(css.as_bytes()));
    std::fs::write(hook.staging.join(&name), css).map_err(|e| e.to_string())?;
    kept[at] = format!("    <link rel=\"stylesheet\" href=\"{}{name}\">", hook.public_url);
    kept.retain(|l| !l.is_empty());
    std::fs::write(index, kept.join("\n")).map_err(|e| e.to_string())
}

/// The style sheet without comments and the spaces nothing reads (around `{ } ; , :` and
/// parentheses, before a `}` the last `;`): about 1 KB brotli of the first load. Conservative:
/// a space before `:` stays (`.a :focus` is a descendant), strings are copied as written, and
/// `calc(1px + 2px)` keeps its spaces.
fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                space = true;
            }
            c if c.is_whitespace() => space = true,
            _ => {
                let glued = |c: char| matches!(c, '{' | '}' | ';' | ',' | ')');
                if space && !out.is_empty() && !glued(c) && !out.ends_with(['{', '}', ';', ',', ':', '(']) {
                    out.push(' ');
                }
                space = false;
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
                if c == '"' || c == '\'' {
                    while let Some(s) = chars.next() {
                        out.push(s);
                        if s == '\\' {
                            out.extend(chars.next());
                        } else if s == c {
                            break;
                        }
                    }
                }
            }
        }
    }
    out
}

/// index.html without its comments (they explain the source; browsers skip them): a few
/// hundred bytes of the first load. The page has no script or style text that could hold `<!--`.
fn without_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start..].find("-->") {
            Some(end) => rest = &rest[start + end + 3..],
            None => return out,
        }
        // The line the comment stood on goes with it when nothing else is on it.
        if out.ends_with(' ') && rest.starts_with('\n') {
            out.truncate(out.trim_end_matches(' ').len());
            rest = rest.strip_prefix('\n').unwrap_or(rest);
            if !out.ends_with('\n') {
                out.push('\n');
            }
        }
    }
    out.push_str(rest);
    out
}

/// A 64-bit FNV-1a hash: names a file by its content.
fn fnv1a(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3))
}

/// Archives the chunk folders of the build being replaced (in `dist`) and copies every archived
/// folder replaced less than [`KEEP_OLD_CHUNKS`] ago into the new build; older ones are deleted.
pub fn keep_old_chunks(dist: &Path, staging: &Path, archive: &Path, hash: &str, now: SystemTime) -> Result<(), String> {
    let current = format!("split-{hash}");
    std::fs::create_dir_all(archive).map_err(|e| e.to_string())?;
    for dir in chunk_dirs(dist) {
        let name = dir.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let kept = archive.join(&name);
        if name == current || kept.is_dir() {
            continue;
        }
        copy_dir(&dir, &kept)?;
        let stamp = now.duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default().as_secs();
        std::fs::write(kept.join(REPLACED_AT), stamp.to_string()).map_err(|e| e.to_string())?;
    }
    for dir in chunk_dirs(archive) {
        let name = dir.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let replaced = std::fs::read_to_string(dir.join(REPLACED_AT))
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
            .map(|secs| SystemTime::UNIX_EPOCH + Duration::from_secs(secs));
        let expired = replaced.is_none_or(|at| now.duration_since(at).unwrap_or_default() > KEEP_OLD_CHUNKS);
        if name == current || expired {
            std::fs::remove_dir_all(&dir).map_err(|e| e.to_string())?;
        } else if !staging.join(&name).exists() {
            copy_dir(&dir, &staging.join(&name))?;
            let _ = std::fs::remove_file(staging.join(&name).join(REPLACED_AT));
        }
    }
    Ok(())
}

fn chunk_dirs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return vec![] };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir() && p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("split-")))
        .collect()
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(from).map_err(|e| e.to_string())?.flatten() {
        if entry.path().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_html_loses_its_comments_only() {
        let html = "<head>\n    <!-- Why. -->\n    <title>P</title>\n    <!-- Two\n         lines. -->\n    <link rel=\"x\"> <!-- after -->\n</head>";
        assert_eq!(without_comments(html), "<head>\n    <title>P</title>\n    <link rel=\"x\">\n</head>");
    }

    #[test]
    fn minified_css_reads_the_same() {
        let css = "/* Tokens. */\n:root { --a: 1px; }\n\n.a   .b > .c,\n.d :focus-visible {\n  color : red;\n  width: calc(100% - 2 * var(--a));\n}\n\
                   .e::before { content: \"/* kept  :  */\"; font-family: 'A  B', sans-serif; }\n\
                   @media (max-width: 700px) and (hover: none) { .f { margin: 0 auto } }\n.g { content: \"\\\" }\"; }";
        assert_eq!(
            minify_css(css),
            ":root{--a:1px}.a .b > .c,.d :focus-visible{color :red;width:calc(100% - 2 * var(--a))}\
             .e::before{content:\"/* kept  :  */\";font-family:'A  B',sans-serif}\
             @media (max-width:700px) and (hover:none){.f{margin:0 auto}}.g{content:\"\\\" }\"}"
        );
    }

    fn folder(parent: &Path, name: &str) {
        std::fs::create_dir_all(parent.join(name)).unwrap();
        std::fs::write(parent.join(name).join("chunk.wasm"), name).unwrap();
    }

    #[test]
    fn a_replaced_builds_chunks_stay_served_for_a_week_then_go() {
        let tmp = std::env::temp_dir().join(format!("xtask-split-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        let (dist, staging, archive) = (tmp.join("dist"), tmp.join("staging"), tmp.join("archive"));
        let day = Duration::from_secs(24 * 3600);
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);

        // Build a replaces nothing; build b replaces a: a's chunks are served beside b's.
        folder(&dist, "split-a");
        folder(&staging, "split-b");
        keep_old_chunks(&dist, &staging, &archive, "b", t0).unwrap();
        assert_eq!(std::fs::read_to_string(staging.join("split-a/chunk.wasm")).unwrap(), "split-a");
        assert!(!staging.join("split-a").join(REPLACED_AT).exists(), "the stamp is not published");

        // Six days later build c replaces b: a and b are still served.
        let _ = std::fs::remove_dir_all(&dist);
        std::fs::rename(&staging, &dist).unwrap();
        folder(&staging, "split-c");
        keep_old_chunks(&dist, &staging, &archive, "c", t0 + 6 * day).unwrap();
        assert!(staging.join("split-a").is_dir() && staging.join("split-b").is_dir());

        // Nine days after a was replaced it is gone; b (replaced three days ago) stays.
        let _ = std::fs::remove_dir_all(&dist);
        std::fs::rename(&staging, &dist).unwrap();
        folder(&staging, "split-d");
        keep_old_chunks(&dist, &staging, &archive, "d", t0 + 9 * day).unwrap();
        assert!(!staging.join("split-a").exists(), "older than the week it is kept");
        assert!(staging.join("split-b").is_dir() && staging.join("split-c").is_dir());
        let _ = std::fs::remove_dir_all(&tmp);
    }

    #[test]
    fn only_the_loader_imports_are_pointed_at_the_builds_folder() {
        let js = "import * as import1 from \"./__wasm_split.js\"\nconst imports = { \"./__wasm_split.js\": import1 };";
        let out = point_at_loader(js, "./split-ab/__wasm_split.js");
        assert!(out.starts_with("import * as import1 from \"./split-ab/__wasm_split.js\""));
        assert!(out.ends_with("{ \"./__wasm_split.js\": import1 };"));
    }
}
