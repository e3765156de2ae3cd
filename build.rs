//! Embeds `katas/`, `rubrics/`, `templates/` and `assessments/` in the binary, so an installed
//! `kata` works from any directory. Cargo re-runs this when anything under them changes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const EMBEDDED_DIRS: &[&str] = &["katas", "rubrics", "templates", "assessments"];

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let mut files = Vec::new();
    for dir in EMBEDDED_DIRS {
        let path = root.join(dir);
        println!("cargo:rerun-if-changed={}", path.display());
        if path.is_dir() {
            collect(&root, &path, &mut files);
        }
    }
    files.sort();
    let mut out = String::from("/// Every embedded file: (path relative to the repository root, contents).\n");
    out.push_str("pub static FILES: &[(&str, &[u8])] = &[\n");
    for rel in &files {
        let abs = root.join(rel);
        writeln!(out, "    ({:?}, include_bytes!({:?})),", rel, abs.display().to_string()).unwrap();
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("embedded.rs");
    std::fs::write(dest, out).expect("write embedded.rs");
}

/// Hidden tests, solutions and benchmarks of a kata (`katas/<id>/{hidden,solutions,bench}`).
fn is_secret(root: &Path, path: &Path) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<_> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    parts.len() >= 3 && parts[0] == "katas" && matches!(parts[2].as_str(), "hidden" | "solutions" | "bench")
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("read content dir").flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        // Build output of a kata author's local `cargo test` is not content.
        if name == "target" || name.starts_with('.') {
            continue;
        }
        // The candidate build (`--features candidate`) must not carry what grading keeps secret.
        if std::env::var_os("CARGO_FEATURE_CANDIDATE").is_some() && is_secret(root, &path) {
            continue;
        }
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            collect(root, &path, files);
        } else if kind.is_file() {
            let rel = path.strip_prefix(root).expect("under root");
            files.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}
