//! `kata import exercism`: an Exercism practice exercise (the layout of the Rust track) becomes a
//! kata. What is read:
//!
//! ```text
//! <exercise>/Cargo.toml             package name (the kata's crate), edition, [dependencies],
//!                                   [dev-dependencies], [features]
//! <exercise>/.meta/config.json      `files.solution`, `files.test`, `files.example`, `blurb`,
//!                                   `source`, `source_url`, `authors` (all optional)
//! <exercise>/.meta/example.rs       the reference solution
//! <exercise>/src/lib.rs             the stub: the starter, which must fail
//! <exercise>/tests/*.rs             the hidden suite (plain #[test]s, #[ignore] and all)
//! <exercise>/.docs/introduction.md, instructions.md, instructions.append.md   the README
//! ```
//!
//! The kata lists no tests: they are discovered from the built suite, one point each. The
//! dependencies are resolved once here (the registry may be asked) into the kata's Cargo.lock;
//! grading builds offline afterwards.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::{check_new_id, create, manifest, write, write_lock_file, yaml_string};
use crate::content::KataDirs;
use crate::util::fs::{copy_file, read_text};

/// What one import wrote.
#[derive(Debug)]
pub struct Imported {
    /// The new kata folder.
    pub dir: PathBuf,
    /// Tests the hidden files declare.
    pub tests: usize,
    /// Hidden test files.
    pub files: usize,
}

/// Imports the exercise in `exercise` into `into/<slug>`.
pub fn import(
    exercise: &Path,
    into: &Path,
    harness: &Path,
    known: &KataDirs,
    offline: bool,
) -> anyhow::Result<Imported> {
    let exercise = exercise.canonicalize().with_context(|| format!("{} does not exist", exercise.display()))?;
    let slug = exercise.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let config = read_config(&exercise)?;
    let manifest_path = exercise.join("Cargo.toml");
    let cargo: toml::Table = toml::from_str(&read_text(&manifest_path)?)
        .with_context(|| format!("{} is not a valid Cargo.toml", manifest_path.display()))?;
    let package = cargo.get("package").and_then(|p| p.as_table());
    let text = |key: &str, default: &str| {
        package.and_then(|p| p.get(key)).and_then(|v| v.as_str()).unwrap_or(default).to_string()
    };
    let crate_name = text("name", &slug).replace('-', "_");
    // Only sources: a solution list may name Cargo.toml too, and the kata's manifest is ours.
    let solution: Vec<String> =
        files(&config, "solution", &["src/lib.rs"]).into_iter().filter(|f| f.ends_with(".rs")).collect();
    let example = files(&config, "example", &[".meta/example.rs"]);
    let tests = match files(&config, "test", &[]) {
        listed if !listed.is_empty() => listed,
        _ => rs_files(&exercise.join("tests"))?.into_iter().map(|f| format!("tests/{f}")).collect(),
    };
    for (what, list) in [("stub", &solution), ("example solution", &example), ("test file", &tests)] {
        if list.is_empty() {
            anyhow::bail!("{}: no {what} (see .meta/config.json `files`)", exercise.display());
        }
        if let Some(missing) = list.iter().find(|f| !exercise.join(f).is_file()) {
            anyhow::bail!("{}: the {what} {missing} does not exist", exercise.display());
        }
    }
    let dest = into.join(&slug);
    check_new_id(&slug, &dest, known)?;
    let mut declared = 0;
    create(&dest, || {
        let mut sections = String::new();
        for key in ["dependencies", "features"] {
            let table = cargo.get(key).and_then(|t| t.as_table()).cloned().unwrap_or_default();
            sections.push_str(&format!("[{key}]\n{}\n", toml::to_string(&table)?));
        }
        let mut manifest_text = manifest(&crate_name, &text("version", "1.0.0"), &text("edition", "2021"), &sections);
        if let Some(dev) = cargo.get("dev-dependencies").and_then(|t| t.as_table()) {
            let dev = toml::to_string(dev)?;
            manifest_text = manifest_text.replace(
                "kata-harness = { path = \"kata-harness\" }\n",
                &format!("kata-harness = {{ path = \"kata-harness\" }}\n{dev}"),
            );
        }
        write(&dest, "Cargo.toml", &manifest_text)?;
        // The stub is the starter; the example the reference, in the stub's place.
        for file in &solution {
            copy_file(&exercise.join(file), &dest.join("starter").join(file))?;
        }
        for (i, file) in example.iter().enumerate() {
            let target = match solution.get(i) {
                Some(stub) => stub.clone(),
                None => format!("src/{}", Path::new(file).file_name().unwrap_or_default().to_string_lossy()),
            };
            copy_file(&exercise.join(file), &dest.join("solutions/reference").join(target))?;
        }
        for file in &tests {
            let name = Path::new(file).file_name().unwrap_or_default().to_string_lossy().into_owned();
            let source = read_text(&exercise.join(file))?;
            declared += crate::kata::suite::rewrite(&source).map(|r| r.tests.len()).unwrap_or(0);
            write(&dest, &format!("hidden/{name}"), &source)?;
            // The candidate sees the first test of each file; the rest stays hidden.
            if let Some(visible) = crate::kata::suite::first_test_only(&source) {
                let mut visible = visible.trim_end().to_string() + "\n";
                while visible.contains("\n\n\n") {
                    visible = visible.replace("\n\n\n", "\n\n");
                }
                write(&dest, &format!("starter/tests/{name}"), &visible)?;
            }
        }
        let title = title(&exercise, &slug);
        write(&dest, "README.md", &readme(&exercise, &config, &title, &slug)?)?;
        write(&dest, "kata.yaml", &kata_yaml(&slug, &title, &crate_name, &text("version", "1.0.0"), &exercise))?;
        write_lock_file(&dest, harness, offline)
    })?;
    Ok(Imported { dir: dest, tests: declared, files: tests.len() })
}

fn read_config(exercise: &Path) -> anyhow::Result<serde_json::Value> {
    let path = exercise.join(".meta/config.json");
    if !path.is_file() {
        if !exercise.join("Cargo.toml").is_file() {
            anyhow::bail!(
                "{} is not an Exercism exercise (no .meta/config.json, no Cargo.toml); give the folder of one exercise",
                exercise.display()
            );
        }
        return Ok(serde_json::Value::Null);
    }
    serde_json::from_str(&read_text(&path)?).with_context(|| format!("{} is not valid JSON", path.display()))
}

/// `files.<key>` of the exercise's config, or `default`.
fn files(config: &serde_json::Value, key: &str, default: &[&str]) -> Vec<String> {
    match config["files"][key].as_array() {
        Some(list) => list.iter().filter_map(|f| f.as_str()).map(str::to_string).collect(),
        None => default.iter().map(|f| f.to_string()).collect(),
    }
}

fn rs_files(dir: &Path) -> anyhow::Result<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".rs"))
        .collect();
    names.sort();
    Ok(names)
}

/// The first `# ` heading of the instructions, or the slug in words.
fn title(exercise: &Path, slug: &str) -> String {
    let docs = std::fs::read_to_string(exercise.join(".docs/instructions.md")).unwrap_or_default();
    let heading = docs.lines().find_map(|l| l.strip_prefix("# ")).map(str::trim).filter(|h| {
        // Exercism's instructions start with `# Instructions`: not a title.
        !h.is_empty() && !h.eq_ignore_ascii_case("instructions")
    });
    heading.map(str::to_string).unwrap_or_else(|| {
        slug.split('-')
            .map(|w| {
                let mut c = w.chars();
                c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// A markdown file of `.docs/` without its top heading, every other heading one level down and
/// at least `###` (so none of them can be taken for a section of the kata's README).
fn doc(exercise: &Path, name: &str) -> Option<String> {
    let text = std::fs::read_to_string(exercise.join(".docs").join(name)).ok()?.replace("\r\n", "\n");
    let mut out = String::new();
    let mut fenced = false;
    let mut first_heading = true;
    for line in text.lines() {
        if line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~") {
            fenced = !fenced;
        }
        if !fenced && line.starts_with('#') {
            if first_heading && line.starts_with("# ") {
                first_heading = false;
                continue;
            }
            // One level down, and never a `##` section of the kata's README.
            let level = line.chars().take_while(|c| *c == '#').count();
            out.push_str(&format!("{}{}\n", "#".repeat((level + 1).max(3)), &line[level..]));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    let out = out.trim().to_string();
    (!out.is_empty()).then_some(out)
}

fn readme(exercise: &Path, config: &serde_json::Value, title: &str, slug: &str) -> anyhow::Result<String> {
    let blurb = config["blurb"].as_str().unwrap_or("").trim().to_string();
    let scenario = doc(exercise, "introduction.md").unwrap_or_else(|| {
        if blurb.is_empty() {
            format!("The `{slug}` exercise.")
        } else {
            blurb.clone()
        }
    });
    let mut task = doc(exercise, "instructions.md").unwrap_or_else(|| blurb.clone());
    if let Some(append) = doc(exercise, "instructions.append.md") {
        task.push_str("\n\n");
        task.push_str(&append);
    }
    if task.trim().is_empty() {
        anyhow::bail!("{}: no .docs/instructions.md and no blurb: nothing to tell the candidate", exercise.display());
    }
    let mut source = String::new();
    if let Some(from) = config["source"].as_str() {
        source.push_str(&format!("\nSource: {from}"));
        if let Some(url) = config["source_url"].as_str() {
            source.push_str(&format!(" ({url})"));
        }
        source.push('\n');
    }
    Ok(format!(
        "# {title}\n\n## Scenario\n{scenario}\n\n## Task\n{task}\n\n## Requirements\n\
         - Implement the API of `src/lib.rs` so that it behaves as the task describes.\n\
         - `tests/` holds the first test of each hidden test file; the hidden suite checks the rest.\n\
         {source}\n## Hints\n\
         - Run `kata test` after each change: the visible tests show the API in use.\n\
         - Each hidden test file is built on its own: a signature that differs from the stub's fails that file's tests.\n"
    ))
}

fn kata_yaml(slug: &str, title: &str, crate_name: &str, version: &str, exercise: &Path) -> String {
    format!(
        "format-version: 1\n\
         id: {slug}\n\
         title: {}\n\
         version: {}\n\
         difficulty: easy\n\
         time-budget-minutes: 30\n\
         crate: {crate_name}\n\
         # Imported by `kata import exercism` from\n\
         #   {}\n\
         # The tests of hidden/ are discovered when the suite is built, one point each; list them\n\
         # under `tests:` to weigh them differently.\n\
         solutions:\n\
         \x20 - dir: solutions/reference\n\
         \x20   expect: pass\n",
        yaml_string(title),
        yaml_string(version),
        exercise.display().to_string().replace('\n', " ")
    )
}
