//! Workspaces: the folder a kata is built in. Grading copies **only** a submission's `.rs`
//! files into a fresh, uniquely named temporary folder, next to the kata's own manifest, lock
//! file, harness and tests; a submitted manifest, build script or cargo config never gets in.

use std::path::Path;

use anyhow::Context;

use crate::kata::Kata;
use crate::util::fs::{copy_file, copy_tree};

/// Which tests a workspace carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suite {
    /// The kata's hidden tests (grading).
    Hidden,
    /// The candidate's own `tests/*.rs` (`kata test`).
    Visible,
}

/// Largest `.rs` file taken from a submission.
const MAX_SOURCE_BYTES: u64 = 1024 * 1024;
/// Most `.rs` files taken from a submission.
const MAX_SOURCE_FILES: usize = 500;

/// A temporary folder holding an assembled crate; removed on drop.
#[derive(Debug)]
pub struct Workspace {
    dir: crate::util::fs::PrivateDir,
    /// The kata's hidden tests, copied in only once the submission's library has been built
    /// on its own (see `build.rs`).
    hidden: Option<std::path::PathBuf>,
    /// Things noticed while copying the submission (skipped symlinks, oversized files).
    pub warnings: Vec<String>,
    /// Source constructs that read files outside the submission at compile time
    /// (`file:line: what`); a workspace with any is not built.
    pub forbidden: Vec<String>,
}

impl Workspace {
    /// The crate root.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Assembles `kata` with the sources of `submission` (a folder holding `src/`).
    pub fn assemble(kata: &Kata, harness: &Path, submission: &Path, suite: Suite) -> anyhow::Result<Workspace> {
        let src = submission.join("src");
        if !src.join("lib.rs").is_file() {
            anyhow::bail!(
                "{} has no src/lib.rs; grade the folder `kata start {}` created (it holds src/ and tests/)",
                submission.display(),
                kata.id()
            );
        }
        // Only the grader may read the assembled crate: it will hold the hidden tests.
        let dir = crate::util::fs::private_tempdir(&format!("kata-{}-", kata.id()))?;
        let root = dir.path();
        copy_file(&kata.dir.join("Cargo.toml"), &root.join("Cargo.toml"))?;
        if kata.dir.join("Cargo.lock").is_file() {
            copy_file(&kata.dir.join("Cargo.lock"), &root.join("Cargo.lock"))?;
        }
        copy_tree(harness, &root.join("kata-harness"), &|_| true)?;
        let mut warnings = Vec::new();
        let mut count = 0;
        copy_sources(&src, &root.join("src"), &mut warnings, &mut count)?;
        // Files the kata fixes (a simulated database, say) are the kata's, whatever was submitted.
        for fixed in &kata.def.fixed_files {
            copy_file(&kata.starter_dir().join(fixed), &root.join(fixed))?;
        }
        let mut forbidden = Vec::new();
        // The scan is a friendly early error, not the boundary (confinement is); the hostile
        // tests switch it off to prove that.
        let scan = std::env::var_os(SKIP_SCAN).is_none();
        if scan {
            scan_includes(&root.join("src"), Path::new("src"), &mut forbidden);
        }
        let tests = root.join("tests");
        std::fs::create_dir_all(&tests)?;
        let mut hidden = None;
        match suite {
            Suite::Hidden => hidden = Some(kata.hidden_dir()),
            Suite::Visible => {
                let own = submission.join("tests");
                if own.is_dir() {
                    copy_sources(&own, &tests, &mut warnings, &mut count)?;
                    if scan {
                        scan_includes(&tests, Path::new("tests"), &mut forbidden);
                    }
                }
            }
        }
        Ok(Workspace { dir, hidden, warnings, forbidden })
    }

    /// Whether the hidden tests still have to be copied in.
    pub fn hidden_pending(&self) -> bool {
        self.hidden.is_some() && !self.path().join("tests").read_dir().is_ok_and(|mut d| d.next().is_some())
    }

    /// Copies the kata's hidden tests into `tests/`, plain `#[test]` functions rewritten into
    /// marked harness calls (see `kata/suite.rs`). A file that does not parse is copied as written:
    /// it fails to compile, and so fails only its own tests.
    pub fn install_hidden_tests(&self) -> anyhow::Result<()> {
        if let Some(hidden) = &self.hidden {
            let tests = self.path().join("tests");
            copy_rs_files(hidden, &tests)?;
            for entry in std::fs::read_dir(&tests)? {
                let path = entry?.path();
                let text = crate::util::fs::read_text(&path)?;
                if let Ok(rewritten) = crate::kata::suite::rewrite(&text) {
                    std::fs::write(&path, rewritten.text)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                }
            }
        }
        Ok(())
    }
}

/// Set, the source scan is skipped (for tests of the confinement itself).
const SKIP_SCAN: &str = "KATA_SKIP_SOURCE_SCAN";

/// Macros and attributes that read another file at compile time.
const FILE_READERS: &[&str] = &["include_str!", "include_bytes!", "include!", "#[path"];

/// Flags compile-time file reads that could reach outside the submission: anything but a plain
/// relative string literal without `..` (an absolute path could read the hidden tests or the
/// reference solution on the grading machine; `concat!(env!(..))` could build one).
fn scan_includes(dir: &Path, shown: &Path, forbidden: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let shown = shown.join(entry.file_name());
        if path.is_dir() {
            scan_includes(&path, &shown, forbidden);
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        for (number, line) in text.lines().enumerate() {
            // Writing /proc/self/mem is safe Rust and could forge the end-of-test marker; no
            // kata needs /proc, so any mention of it is refused (tamper-evident, not airtight:
            // a path assembled at run time still gets through).
            if line.contains("/proc/") {
                forbidden.push(format!(
                    "{}:{}: mentions /proc/, which a submission may not use",
                    shown.display(),
                    number + 1
                ));
            }
            let code = line.split("//").next().unwrap_or("");
            for reader in FILE_READERS {
                let mut rest = code;
                while let Some(at) = rest.find(reader) {
                    let after = rest[at + reader.len()..].trim_start();
                    let arg = after.trim_start_matches(['(', '[', '{', '=']).trim_start();
                    let literal = arg.strip_prefix('"').and_then(|a| a.split_once('"')).map(|(lit, _)| lit);
                    let problem = match literal {
                        None => Some("takes a computed path"),
                        Some(lit) if lit.starts_with('/') => Some("reads an absolute path"),
                        Some(lit) if lit.split(['/', '\\']).any(|part| part == "..") => {
                            Some("reads a path outside the crate")
                        }
                        Some(_) => None,
                    };
                    if let Some(problem) = problem {
                        forbidden.push(format!(
                            "{}:{}: `{}` {problem}; a submission may only include files of its own src/ by a plain relative path",
                            shown.display(),
                            number + 1,
                            reader.trim_end_matches(['!', '('])
                        ));
                    }
                    rest = &rest[at + reader.len()..];
                }
            }
        }
    }
}

/// Copies the `.rs` files directly inside `from` (not sub-folders) into `to`.
fn copy_rs_files(from: &Path, to: &Path) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))? {
        let path = entry?.path();
        if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
            copy_file(&path, &to.join(path.file_name().expect("file name")))?;
        }
    }
    Ok(())
}

/// Copies a submission's `.rs` files below `from`, refusing symlinks (they could point at the
/// hidden tests or anywhere else on the grading machine).
fn copy_sources(from: &Path, to: &Path, warnings: &mut Vec<String>, count: &mut usize) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    let mut entries: Vec<_> = std::fs::read_dir(from)
        .with_context(|| format!("cannot read {}", from.display()))?
        .collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_symlink() {
            warnings.push(format!("{}: symbolic link ignored; submit real files", path.display()));
        } else if kind.is_dir() {
            copy_sources(&path, &to.join(entry.file_name()), warnings, count)?;
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "rs") {
            let len = entry.metadata()?.len();
            if len > MAX_SOURCE_BYTES {
                warnings.push(format!("{}: {} bytes is over the 1 MiB limit; ignored", path.display(), len));
                continue;
            }
            *count += 1;
            if *count > MAX_SOURCE_FILES {
                anyhow::bail!(
                    "{} holds more than {MAX_SOURCE_FILES} .rs files; is this the right folder?",
                    from.display()
                );
            }
            copy_file(&path, &to.join(entry.file_name()))?;
        }
    }
    Ok(())
}
