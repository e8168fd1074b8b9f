//! `cargo xtask bench`: figures, never assertions. For now the SPA's first-load size.

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
    let mut files: Vec<_> = std::fs::read_dir(&dist)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("wasm" | "js" | "css" | "html")))
        .collect();
    files.sort();
    println!("\nFirst load of the SPA (every file index.html pulls in):");
    println!("{:<48} {:>10} {:>10} {:>10}", "file", "raw", "gzip", "brotli");
    let (mut raw, mut gz, mut br) = (0, 0, 0);
    for path in files {
        let data = std::fs::read(&path).map_err(|e| e.to_string())?;
        let (g, b) = (gzip_len(&data), brotli(&data).len());
        println!(
            "{:<48} {:>10} {:>10} {:>10}",
            path.file_name().unwrap_or_default().to_string_lossy(),
            data.len(),
            g,
            b
        );
        raw += data.len();
        gz += g;
        br += b;
    }
    println!("{:<48} {:>10} {:>10} {:>10}", "total", raw, gz, br);
    Ok(())
}
