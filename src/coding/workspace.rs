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
    /// The kata's timing tests: their files stay crates of their own (see
    /// `install_hidden_tests`).
    timed: Vec<String>,
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
        let timed = kata.def.tests.iter().filter(|t| t.timing.is_some()).map(|t| t.name.clone()).collect();
        Ok(Workspace { dir, hidden, timed, warnings, forbidden })
    }

    /// Whether the hidden tests still have to be copied in.
    pub fn hidden_pending(&self) -> bool {
        self.hidden.is_some() && !self.path().join("tests").read_dir().is_ok_and(|mut d| d.next().is_some())
    }

    /// Copies the kata's hidden tests into `tests/`, plain `#[test]` functions rewritten into
    /// marked harness calls (see `kata/suite.rs`). A file that does not parse is copied as written:
    /// it fails to compile, and so fails only its own tests.
    ///
    /// With `merge`, the files that can share a crate (not those holding a timing test) become
    /// modules of one test target,
    /// [`MERGED_TARGET`]: the dependencies' metadata is loaded, the harness monomorphised and
    /// the executable linked once instead of once per file (about a third of a kata's build
    /// CPU). Their tests are then listed as `file::name`. If that crate does not compile, the
    /// build calls [`Workspace::split_hidden_tests`] so that a file that fails to compile
    /// against the submission fails only its own tests.
    pub fn install_hidden_tests(&self, merge: bool) -> anyhow::Result<()> {
        let Some(hidden) = &self.hidden else { return Ok(()) };
        let tests = self.path().join("tests");
        copy_rs_files(hidden, &tests)?;
        let mut files: Vec<_> = std::fs::read_dir(&tests)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
        files.sort();
        let mut modules = Vec::new();
        for path in &files {
            let text = crate::util::fs::read_text(path)?;
            let (text, times) = match crate::kata::suite::rewrite(&text) {
                Ok(r) => (r.text, r.tests.iter().any(|t| self.timed.contains(t))),
                Err(_) => (text, false),
            };
            let stem = path.file_stem().unwrap_or_default().to_string_lossy().to_string();
            // A timing test is compared with the reference's build of the same file: were it
            // in the shared crate, a submission whose shared crate falls back to one crate per
            // file would be timed in a differently built executable than the reference.
            let module = (merge && !times && stem != MERGED_TARGET && syn::parse_str::<syn::Ident>(&stem).is_ok())
                .then(|| crate::kata::suite::as_module(&text))
                .flatten();
            match module {
                Some(module) => modules.push((path, stem, text, module)),
                None => std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?,
            }
        }
        if modules.len() < 2 {
            for (path, _, text, _) in &modules {
                std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
            }
            return Ok(());
        }
        let dir = tests.join(MERGED_TARGET);
        std::fs::create_dir_all(&dir)?;
        let mut root = String::from("// The hidden files that share one test crate (see workspace.rs).\n");
        let mut hoisted: Vec<&String> = modules.iter().flat_map(|(_, _, _, m)| &m.hoisted).collect();
        hoisted.sort();
        hoisted.dedup();
        for item in hoisted {
            root.push_str(item);
            root.push('\n');
        }
        for (path, stem, _, module) in &modules {
            std::fs::write(dir.join(format!("{stem}.rs")), &module.text)?;
            std::fs::remove_file(path)?;
            root.push_str(&format!("#[path = \"{MERGED_TARGET}/{stem}.rs\"]\nmod {stem};\n"));
        }
        std::fs::write(tests.join(format!("{MERGED_TARGET}.rs")), root)?;
        Ok(())
    }

    /// Puts every hidden file back in a crate of its own (the shared crate did not compile).
    pub fn split_hidden_tests(&self) -> anyhow::Result<()> {
        let tests = self.path().join("tests");
        std::fs::remove_dir_all(&tests).with_context(|| format!("cannot clear {}", tests.display()))?;
        std::fs::create_dir_all(&tests)?;
        self.install_hidden_tests(false)
    }
}

/// The test target of the hidden files that share one crate; its tests are listed as
/// `file::name`.
pub const MERGED_TARGET: &str = "kata_hidden";

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
