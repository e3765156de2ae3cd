//! The warm dependency cache: a kata's dependencies (tokio and the rest) are compiled once per
//! kata manifest, lock file, harness and toolchain, and every later build starts from a private
//! **copy** of that warm target folder, so only the submission's crate and its tests compile.
//!
//! The warm layer lives in the user's cache folder (`<cache>/targets/<kata>-<key>/`), is built
//! under a file lock (safe for concurrent `kata` processes), is complete or absent (built in a
//! staging folder and renamed into place), and is never handed to a build directly: a build
//! script, a test or cargo itself rewriting a file can only touch its own copy.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;

use crate::coding::build::{self, BuildConfig, BuildOutcome};
use crate::coding::runner::process::{self, Limits, ProcessSpec};
use crate::coding::workspace::{Suite, Workspace};
use crate::kata::Kata;
use crate::util::hash::Fnv;

/// Marks a finished warm folder.
const COMPLETE: &str = ".kata-warm-complete";
/// Where the reference's test executables are kept inside a warm folder, for timing ratios.
pub const REFERENCE_TESTS: &str = "kata-reference-tests";
/// The tests the reference's build of the hidden suite lists, one `target<TAB>name` a line.
const DISCOVERED: &str = "kata-discovered-tests.tsv";

/// A warm target folder of one kata.
#[derive(Debug, Clone)]
pub struct WarmTarget {
    /// The read-only (by convention) warm folder.
    pub dir: PathBuf,
}

impl WarmTarget {
    /// Returns the warm folder of `kata`, building it first if needed (saying so on stderr).
    pub fn get(kata: &Kata, harness: &Path, offline: bool) -> anyhow::Result<WarmTarget> {
        WarmTarget::prepare(kata, harness, offline, true).map(|(warm, _)| warm)
    }

    /// Like [`WarmTarget::get`], silent, and also says whether it had to build (for `kata warm`,
    /// which draws its own progress).
    pub fn prepare(kata: &Kata, harness: &Path, offline: bool, announce: bool) -> anyhow::Result<(WarmTarget, bool)> {
        let root = crate::util::fs::cache_dir().join("targets");
        crate::util::fs::create_private_dir(crate::util::fs::cache_dir().as_path())?;
        crate::util::fs::create_private_dir(&root)?;
        let key = cache_key(kata, harness)?;
        let dir = root.join(format!("{}-{key:016x}", kata.id()));
        if dir.join(COMPLETE).is_file() {
            return Ok((WarmTarget { dir }, false));
        }
        let lock_path = root.join(format!("{}-{key:016x}.lock", kata.id()));
        let lock = File::create(&lock_path).with_context(|| format!("cannot create {}", lock_path.display()))?;
        // Another kata process may be warming the same kata: wait for it, then use its work.
        lock.lock().with_context(|| format!("cannot lock {}", lock_path.display()))?;
        if dir.join(COMPLETE).is_file() {
            return Ok((WarmTarget { dir }, false));
        }
        if announce {
            eprintln!("compiling the dependencies of `{}` once (later builds reuse them)...", kata.id());
        }
        // A build like any other: it takes one of the process's CPU slots, ahead of the
        // builds and tests of grades (every one of them waits for some warm build).
        let _slot = crate::coding::slots::one(crate::coding::slots::Rank::build(u64::MAX));
        let staging = crate::util::fs::private_tempdir_in(".staging-", &root)?;
        // A candidate build has no reference or hidden tests: the starter with its visible tests
        // compiles the same dependencies.
        let (source, suite) = if kata.is_gradable() {
            (kata.reference_dir(), Suite::Hidden)
        } else {
            (kata.starter_dir(), Suite::Visible)
        };
        let workspace = Workspace::assemble(kata, harness, &source, suite)
            .with_context(|| format!("cannot assemble the warm build of `{}`", kata.id()))?;
        if !offline {
            // With the user's own cargo settings (mirrors, proxies); every build after this,
            // this one included, is offline.
            build::fetch(workspace.path())?;
        }
        let config = BuildConfig { target_dir: staging.path().to_path_buf(), offline: true, confined: false };
        let built = build::build(&workspace, &config).with_context(|| {
            format!("cannot build the dependencies of `{}` in {}", kata.id(), staging.path().display())
        })?;
        let artifacts = match built {
            BuildOutcome::Built(artifacts) => artifacts,
            BuildOutcome::Failed { diagnostics } => {
                anyhow::bail!(
                    "the {} of `{}` does not compile:\n{diagnostics}",
                    if kata.is_gradable() { "reference solution" } else { "starter" },
                    kata.id()
                )
            }
        };
        if let Some((target, diagnostics)) = artifacts.broken_tests.first() {
            anyhow::bail!(
                "hidden/{target}.rs of `{}` does not compile against the {}:\n{diagnostics}",
                kata.id(),
                if kata.is_gradable() { "reference solution" } else { "starter" }
            );
        }
        if kata.is_gradable() {
            let mut listing = String::new();
            for binary in &artifacts.test_binaries {
                for test in build::list_tests(binary)? {
                    listing.push_str(&format!("{}\t{}\n", test.file, test.name));
                }
            }
            std::fs::write(staging.path().join(DISCOVERED), listing)?;
        }
        let tests = staging.path().join(REFERENCE_TESTS);
        std::fs::create_dir_all(&tests).with_context(|| format!("cannot create {}", tests.display()))?;
        for binary in &artifacts.test_binaries {
            std::fs::copy(binary, tests.join(binary.file_name().expect("binary name")))
                .with_context(|| format!("cannot copy {} to {}", binary.display(), tests.display()))?;
        }
        std::fs::write(staging.path().join(COMPLETE), b"")?;
        let staged = staging.keep();
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::rename(&staged, &dir).with_context(|| format!("cannot move the warm build to {}", dir.display()))?;
        drop(lock);
        remove_superseded(&root, kata.id(), &dir);
        Ok((WarmTarget { dir }, true))
    }

    /// The tests the reference's build of the hidden suite lists: (test target, name).
    pub fn discovered(&self) -> Vec<(String, String)> {
        let text = std::fs::read_to_string(self.dir.join(DISCOVERED)).unwrap_or_default();
        text.lines().filter_map(|l| l.split_once('\t')).map(|(t, n)| (t.to_string(), n.to_string())).collect()
    }

    /// Whether the warm folder of `kata` is built already, so that a build now compiles only
    /// the kata's own crate (for progress messages; [`WarmTarget::get`] decides for itself).
    pub fn is_warm(kata: &Kata, harness: &Path) -> bool {
        let root = crate::util::fs::cache_dir().join("targets");
        cache_key(kata, harness)
            .map(|key| root.join(format!("{}-{key:016x}", kata.id())).join(COMPLETE).is_file())
            .unwrap_or(false)
    }

    /// What a hidden grade of this kata cost last time (build and tests, CPU milliseconds), 0
    /// before the first: it ranks the grade's requests for CPU slots (`slots::Rank`).
    pub fn cost_ms(&self) -> u64 {
        std::fs::read_to_string(self.cost_file()).ok().and_then(|t| t.trim().parse().ok()).unwrap_or(0)
    }

    /// Records what a hidden grade of this kata cost (see [`WarmTarget::cost_ms`]). Beside the
    /// warm folder, which stays as it was built.
    pub fn record_cost(&self, cost_ms: u64) -> anyhow::Result<()> {
        crate::util::fs::write_atomically(&self.cost_file(), &format!("{cost_ms}\n"))
    }

    fn cost_file(&self) -> PathBuf {
        let mut name = self.dir.as_os_str().to_os_string();
        name.push(".cost");
        PathBuf::from(name)
    }

    /// Copies the reference's test executables into `dest` (a folder of the timing run).
    pub fn reference_tests_into(&self, dest: &Path) -> anyhow::Result<()> {
        copy_tree(&self.dir.join(REFERENCE_TESTS), dest)
            .with_context(|| format!("cannot copy the reference tests of {}", self.dir.display()))
    }

    /// Fills `dest` (an empty folder) with a private copy of the warm layer, minus the
    /// fingerprints of the kata's own packages.
    ///
    /// Cargo decides freshness by mtime. Copied fingerprints are newer than the sources of a
    /// workspace assembled a moment earlier, so without this the reference's library would be
    /// "fresh" and graded in place of the submission.
    pub fn copy_into(&self, dest: &Path, own_packages: &[&str]) -> anyhow::Result<()> {
        copy_tree(&self.dir, dest)
            .with_context(|| format!("cannot copy the warm build {} to {}", self.dir.display(), dest.display()))?;
        let fingerprints = dest.join("debug/.fingerprint");
        if let Ok(entries) = std::fs::read_dir(&fingerprints) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let package = name.rsplit_once('-').map(|(p, _)| p).unwrap_or(&name);
                if own_packages.iter().any(|own| package == *own || package == own.replace('_', "-")) {
                    std::fs::remove_dir_all(entry.path())?;
                }
            }
        }
        Ok(())
    }
}

/// Removes warm builds of the same kata under other keys (an older lock file or toolchain) once
/// they have not been touched for a day: a day-old build is no longer being copied by anyone.
fn remove_superseded(root: &Path, kata: &str, keep: &Path) {
    const STALE: Duration = Duration::from_secs(24 * 3600);
    let Ok(entries) = std::fs::read_dir(root) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name.strip_prefix(kata).and_then(|rest| rest.strip_prefix('-')).is_some_and(|key| {
            let key = key.trim_end_matches(".lock").trim_end_matches(".cost");
            key.len() == 16 && key.chars().all(|c| c.is_ascii_hexdigit())
        });
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE);
        let beside = |ext: &str| {
            let mut name = keep.as_os_str().to_os_string();
            name.push(ext);
            path.as_os_str() == name
        };
        if ours && old && path != keep && !beside(".lock") && !beside(".cost") {
            let _ = if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
        }
    }
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    if crate::util::fs::stopping() {
        return Err(std::io::Error::other("interrupted"));
    }
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        // The reference's test executables stay out of the target a submission is built in;
        // timing runs copy them to the run's own folder (`reference_tests_into`).
        if name == COMPLETE || name == REFERENCE_TESTS || name == DISCOVERED {
            continue;
        }
        let kind = entry.file_type()?;
        let dest = to.join(&name);
        if kind.is_dir() {
            copy_tree(&entry.path(), &dest)?;
        } else if kind.is_file() {
            if crate::util::fs::stopping() {
                return Err(std::io::Error::other("interrupted"));
            }
            std::fs::copy(entry.path(), &dest)?;
        } else if kind.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(entry.path())?, &dest)?;
        }
    }
    Ok(())
}

/// Hash of everything that changes what the dependencies compile to.
fn cache_key(kata: &Kata, harness: &Path) -> anyhow::Result<u64> {
    let mut hash = Fnv::new();
    for file in ["Cargo.toml", "Cargo.lock"] {
        hash.write(&std::fs::read(kata.dir.join(file)).unwrap_or_default());
    }
    // The reference's code is in the warm layer too (its test executables time candidates).
    // Relative names: the embedded content moves to a new cache folder whenever any of it
    // changes, and that alone must not throw away a warm build.
    for root in [harness.to_path_buf(), kata.reference_dir(), kata.hidden_dir()] {
        let mut files = Vec::new();
        collect(&root, &mut files);
        files.sort();
        for file in files {
            hash.write(file.strip_prefix(&root).unwrap_or(&file).to_string_lossy().as_bytes());
            hash.write(&std::fs::read(&file).unwrap_or_default());
        }
    }
    hash.write(toolchain_version()?.as_bytes());
    for flag in build::PROFILE_FLAGS {
        hash.write(flag.as_bytes());
    }
    // Builds run with the cargo home of `build::build_home`; dependencies built with another
    // source path would be rebuilt by every grade.
    hash.write(b"build-home-1");
    // Hidden files are rewritten (kata/suite.rs) before they are built.
    hash.write(b"suite-rewrite-1");
    // Which hidden files share one test crate (all but those with a timing test, see
    // `Workspace::install_hidden_tests`): the reference's timing executables must be built
    // as the submission's are.
    hash.write(b"shared-test-crate-2");
    for test in kata.def.tests.iter().filter(|t| t.timing.is_some()) {
        hash.write(test.name.as_bytes());
    }
    Ok(hash.finish())
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if entry.file_name() != "target" {
                collect(&path, out);
            }
        } else {
            out.push(path);
        }
    }
}

/// `rustc -vV`: a new toolchain means new artifacts. Asked once per process: every grade of a
/// batch or a `verify` needs it, and the toolchain cannot change under a running `kata`. The
/// grades of a batch start together; the first asks and the others wait for its answer
/// (they asked one each before, eight `rustc -vV` at the start of a batch of ten).
fn toolchain_version() -> anyhow::Result<String> {
    static VERSION: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);
    let mut version = VERSION.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(known) = version.as_ref() {
        return Ok(known.clone());
    }
    let asked = ask_toolchain_version()?;
    *version = Some(asked.clone());
    Ok(asked)
}

fn ask_toolchain_version() -> anyhow::Result<String> {
    let scratch = crate::util::fs::private_tempdir("kata-rustc-")?;
    let rustc = std::env::var_os("RUSTC").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("rustc"));
    let outcome = process::run(
        &ProcessSpec::new(rustc, scratch.path(), scratch.path(), Limits::query())
            .args(["-vV"])
            .env(build::build_env(scratch.path())?),
    )
    .context("cannot run rustc; is Rust installed (https://rustup.rs)?")?;
    if outcome.code != Some(0) {
        anyhow::bail!("rustc -vV failed: {}", outcome.stderr.trim());
    }
    Ok(outcome.stdout)
}
