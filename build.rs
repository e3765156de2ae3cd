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
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    for rel in &files {
        let mut abs = root.join(rel);
        if candidate() && rel.starts_with("katas/") && rel.ends_with("/kata.yaml") {
            abs = out_dir.join(rel.replace('/', "__"));
            let text = std::fs::read_to_string(root.join(rel)).expect("read kata.yaml");
            std::fs::write(&abs, candidate_definition(&text)).expect("write candidate kata.yaml");
        }
        writeln!(out, "    ({:?}, include_bytes!({:?})),", rel, abs.display().to_string()).unwrap();
    }
    out.push_str("];\n");
    let dest = out_dir.join("embedded.rs");
    std::fs::write(dest, out).expect("write embedded.rs");
}

fn candidate() -> bool {
    std::env::var_os("CARGO_FEATURE_CANDIDATE").is_some()
}

/// A kata definition for the candidate build: the hidden tests' list and the declared wrong
/// solutions (with the mistakes the suite is built to catch) replaced by one stand-in test
/// worth the kata's points and the reference entry, which is all loading needs.
fn candidate_definition(text: &str) -> String {
    let mut kept = String::new();
    let mut skipping = false;
    let mut points = "0".to_string();
    for line in text.lines() {
        let top_level = !line.starts_with(' ') && !line.starts_with('-') && !line.trim().is_empty();
        if top_level {
            skipping = line.starts_with("tests:") || line.starts_with("solutions:");
        }
        if let Some(value) = line.strip_prefix("points:") {
            points = value.trim().to_string();
        }
        if !skipping {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    kept.push_str(&format!(
        "tests:\n  - name: hidden_suite\n    weight: {points}\n    timeout-ms: 60000\n\
         solutions:\n  - dir: solutions/reference\n    expect: pass\n"
    ));
    kept
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
        if candidate() && is_secret(root, &path) {
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
