//! Builds an assembled workspace once with cargo and finds what the build produced: the test
//! executables and the library (for compile-fail snippets), or the compiler's diagnostics.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use serde::Deserialize;

use super::runner::confine::Policy;
use super::runner::process::{self, Limits, ProcessSpec};
use super::workspace::{Workspace, MERGED_TARGET};

/// Settings every build uses; part of the warm cache's key, since they change what the
/// dependencies compile to. No debug info: nothing reads it (panic locations do not need it),
/// and linking each test executable against the dependencies gets about a fifth faster. Every
/// feature of the kata's manifest: tests behind `#[cfg(feature = ...)]` are graded too.
pub const PROFILE_FLAGS: &[&str] = &["--config", "profile.dev.debug=0", "--all-features"];

/// Settings shared by every build of a run.
#[derive(Debug, Clone)]
pub struct BuildConfig {
    /// Cargo's target folder.
    pub target_dir: PathBuf,
    /// Build without touching the network.
    pub offline: bool,
    /// Confine cargo and rustc (every build of candidate code; the warm cache's build of the
    /// reference is ours and may fetch dependencies).
    pub confined: bool,
}

/// What a build produced.
#[derive(Debug, Clone)]
pub enum BuildOutcome {
    /// It compiled.
    Built(Artifacts),
    /// It did not: rustc's rendered diagnostics (the candidate's result, not our error).
    Failed {
        /// Rendered errors, paths relative to the workspace.
        diagnostics: String,
    },
}

/// The products of a successful build.
#[derive(Debug, Clone, Default)]
pub struct Artifacts {
    /// Integration-test executables.
    pub test_binaries: Vec<PathBuf>,
    /// Every library built (the kata's crate and its dependencies): target name and `.rlib`.
    pub rlibs: Vec<(String, PathBuf)>,
    /// Folder with the dependencies' artifacts (for `-L dependency=`).
    pub deps_dir: PathBuf,
    /// Test files that did not compile against the library, with the compiler's errors: each
    /// fails only its own tests.
    pub broken_tests: Vec<(String, String)>,
    /// How long the build took.
    pub duration: Duration,
}

#[derive(Deserialize)]
struct CargoMessage {
    reason: String,
    #[serde(default)]
    target: Option<CargoTarget>,
    #[serde(default)]
    executable: Option<PathBuf>,
    #[serde(default)]
    filenames: Vec<PathBuf>,
    #[serde(default)]
    message: Option<RustcMessage>,
}

#[derive(Deserialize)]
struct CargoTarget {
    kind: Vec<String>,
    name: String,
}

#[derive(Deserialize)]
struct RustcMessage {
    level: String,
    #[serde(default)]
    rendered: Option<String>,
}

/// Builds the library and the integration tests of `workspace`.
///
/// A confined build of hidden tests runs in two steps, each under Landlock: the submission's
/// library alone, with the hidden tests not yet in the workspace (so no `include_str!` or
/// `#[path]` of the submission can read them), then the tests against that library. The
/// second step reads the same sources, so it cannot read anything the first could not.
pub fn build(workspace: &Workspace, config: &BuildConfig) -> anyhow::Result<BuildOutcome> {
    let root = workspace.path();
    let mut duration = Duration::ZERO;
    if workspace.hidden_pending() {
        if config.confined {
            let policy = build_policy(root, &config.target_dir, LIB_INPUTS);
            match cargo(root, &["build", "--lib"], config, Some(policy))? {
                CargoRun::Built(artifacts) => duration += artifacts.duration,
                failed @ CargoRun::Failed(_) => return Ok(failed.into_outcome()),
            }
        }
        workspace.install_hidden_tests(true)?;
    }
    // Only integration tests: a candidate's own #[cfg(test)] unit tests are not graded. Each
    // test target builds on its own: `--keep-going` builds every one that compiles.
    let tests = ["build", "--test", "*", "--keep-going"];
    let policy = || config.confined.then(|| build_policy(root, &config.target_dir, &["."]));
    let mut outcome = cargo(root, &tests, config, policy())?.into_outcome();
    if let BuildOutcome::Built(artifacts) = &outcome {
        if artifacts.broken_tests.iter().any(|(target, _)| target == MERGED_TARGET) {
            // Some hidden file does not compile against the submission: one crate per file
            // again, so that only that file's tests fail.
            duration += artifacts.duration;
            workspace.split_hidden_tests()?;
            outcome = cargo(root, &tests, config, policy())?.into_outcome();
        }
    }
    if let BuildOutcome::Built(artifacts) = &mut outcome {
        artifacts.duration += duration;
    }
    Ok(outcome)
}

/// What the first step of a confined build may read of the workspace: no `tests/`.
const LIB_INPUTS: &[&str] = &["src", "Cargo.toml", "Cargo.lock", "kata-harness"];

/// A cargo build over candidate code may run the toolchain and the system's linker, read the
/// given parts of the workspace and the registry's sources, and write only its target folder
/// and its own scratch folder.
fn build_policy(root: &Path, target_dir: &Path, inputs: &[&str]) -> Policy {
    let mut policy = Policy::base();
    if let Ok(toolchain) = toolchain() {
        policy.exec.push(toolchain.sysroot.clone());
    }
    policy.read.extend(inputs.iter().map(|part| root.join(part)));
    if let Ok(home) = build_home() {
        policy.read.push(home.clone());
        for link in HOME_LINKS {
            if let Ok(real) = std::fs::canonicalize(home.join(link)) {
                policy.read.push(real);
            }
        }
    }
    policy.write.push(target_dir.to_path_buf());
    policy
}

enum CargoRun {
    Built(Artifacts),
    Failed(String),
}

impl CargoRun {
    fn into_outcome(self) -> BuildOutcome {
        match self {
            CargoRun::Built(artifacts) => BuildOutcome::Built(artifacts),
            CargoRun::Failed(diagnostics) => BuildOutcome::Failed { diagnostics },
        }
    }
}

/// Runs one cargo command with JSON messages and collects what it built or why it failed.
fn cargo(root: &Path, command: &[&str], config: &BuildConfig, policy: Option<Policy>) -> anyhow::Result<CargoRun> {
    let mut args: Vec<OsString> = command.iter().map(OsString::from).collect();
    args.extend(["--locked".into(), "--message-format=json".into()]);
    args.extend(PROFILE_FLAGS.iter().map(OsString::from));
    args.extend(["--target-dir".into(), config.target_dir.clone().into()]);
    if config.offline {
        args.push("--offline".into());
    }
    let scratch = crate::util::fs::private_tempdir("kata-build-")?;
    let toolchain = toolchain()?;
    // Offline builds (every submission build) never need the network.
    let mut spec = ProcessSpec::new(&toolchain.cargo, root, scratch.path(), Limits::build(config.offline))
        .args(args)
        .env(build_env(scratch.path())?);
    if let Some(policy) = policy {
        let mut policy = policy;
        policy.write.push(scratch.path().to_path_buf());
        spec = spec.restricted(policy);
    }
    let outcome = process::run(&spec).context("cannot run cargo; is Rust installed (https://rustup.rs)?")?;
    // The JSON stream can be long; read the file itself rather than the capped copy.
    let stdout = std::fs::read_to_string(scratch.path().join("stdout")).unwrap_or_default();
    let mut artifacts = Artifacts { duration: outcome.wall, ..Artifacts::default() };
    let mut diagnostics = Vec::new();
    let mut broken: Vec<(String, Vec<String>)> = Vec::new();
    for line in stdout.lines() {
        let Ok(msg) = serde_json::from_str::<CargoMessage>(line) else { continue };
        match msg.reason.as_str() {
            "compiler-artifact" => {
                let (kinds, name) = msg.target.map(|t| (t.kind, t.name)).unwrap_or_default();
                if kinds.iter().any(|k| k == "test") {
                    if let Some(exe) = msg.executable {
                        artifacts.test_binaries.push(exe);
                    }
                } else if kinds.iter().any(|k| k == "lib") {
                    if let Some(rlib) = msg.filenames.iter().find(|f| f.extension().is_some_and(|e| e == "rlib")) {
                        if rlib.starts_with(&config.target_dir) && rlib.to_string_lossy().contains("/deps/") {
                            artifacts.deps_dir = rlib.parent().expect("rlib in a folder").to_path_buf();
                        }
                        artifacts.rlibs.push((name.replace('-', "_"), rlib.clone()));
                    }
                }
            }
            "compiler-message" => {
                let test_target = msg.target.filter(|t| t.kind.iter().all(|k| k == "test")).map(|t| t.name);
                if let Some(m) = msg.message.filter(|m| m.level == "error") {
                    match test_target {
                        Some(target) => match broken.iter_mut().find(|(t, _)| *t == target) {
                            Some((_, errors)) => errors.extend(m.rendered),
                            None => broken.push((target, m.rendered.into_iter().collect())),
                        },
                        None => diagnostics.extend(m.rendered),
                    }
                }
            }
            _ => {}
        }
    }
    if outcome.timed_out {
        return Ok(CargoRun::Failed(format!(
            "the build did not finish within {} s (runaway const evaluation or macro recursion?)",
            super::limits::BUILD_TIMEOUT.as_secs()
        )));
    }
    artifacts.broken_tests = broken.into_iter().map(|(target, errors)| (target, errors.join("\n"))).collect();
    // The library compiled and only some test files did not: the others run.
    let only_tests_broken = diagnostics.is_empty() && !artifacts.broken_tests.is_empty();
    if outcome.code != Some(0) && !only_tests_broken {
        if diagnostics.is_empty() && outcome.stderr.contains("could not compile") {
            // rustc itself died on the submission (e.g. out of memory on runaway macro
            // expansion): still the candidate's result.
            let tail: Vec<&str> = outcome.stderr.lines().filter(|l| !l.trim().is_empty()).collect();
            let tail = tail[tail.len().saturating_sub(15)..].join("\n");
            return Ok(CargoRun::Failed(format!("the compiler failed on this code:\n{tail}")));
        }
        if diagnostics.is_empty() {
            // Not the candidate's code: cargo itself failed (network, lock file, toolchain).
            anyhow::bail!(
                "cargo failed in {}:\n{}",
                root.display(),
                outcome.stderr.lines().filter(|l| !l.trim().is_empty()).take(30).collect::<Vec<_>>().join("\n")
            );
        }
        return Ok(CargoRun::Failed(diagnostics.join("\n")));
    }
    if artifacts.deps_dir.as_os_str().is_empty() {
        artifacts.deps_dir = config.target_dir.join("debug/deps");
    }
    artifacts.test_binaries.sort();
    Ok(CargoRun::Built(artifacts))
}

/// Builds the example `name` of the crate at `workspace` in release mode into `target_dir`
/// and returns the binary (a kata's benchmark). `Err` carries cargo's diagnostics.
pub fn build_example(workspace: &Path, target_dir: &Path, name: &str) -> anyhow::Result<PathBuf> {
    // Created here: the confined build may write inside it, not create it.
    crate::util::fs::create_private_dir(target_dir)?;
    let scratch = crate::util::fs::private_tempdir("kata-build-")?;
    let mut policy = build_policy(workspace, target_dir, &["."]);
    policy.write.push(scratch.path().to_path_buf());
    let spec = ProcessSpec::new(&toolchain()?.cargo, workspace, scratch.path(), Limits::build(true))
        .args(["build", "--release", "--locked", "--offline", "--example", name, "--target-dir"])
        .args([target_dir])
        .env(build_env(scratch.path())?)
        .restricted(policy);
    let outcome = process::run(&spec).context("cannot run cargo; is Rust installed (https://rustup.rs)?")?;
    if outcome.code != Some(0) {
        anyhow::bail!("the benchmark did not build:\n{}", outcome.stderr.trim());
    }
    Ok(target_dir.join("release/examples").join(name))
}

/// The toolchain every build uses, found once: cargo and rustc of the active toolchain's
/// sysroot, run directly (no rustup proxy, so no rustup settings of ours reach a build).
#[derive(Debug, Clone)]
pub struct Toolchain {
    /// `rustc --print sysroot`.
    pub sysroot: PathBuf,
    /// `<sysroot>/bin/cargo`.
    pub cargo: PathBuf,
    /// `<sysroot>/bin/rustc`.
    pub rustc: PathBuf,
}

/// The toolchain (see [`Toolchain`]); an error says how to install one.
pub fn toolchain() -> anyhow::Result<&'static Toolchain> {
    static TOOLCHAIN: std::sync::OnceLock<Result<Toolchain, String>> = std::sync::OnceLock::new();
    TOOLCHAIN
        .get_or_init(|| {
            let rustc = std::env::var_os("RUSTC").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("rustc"));
            let output = process::tracked_output(std::process::Command::new(&rustc).args(["--print", "sysroot"]))
                .map_err(|e| format!("cannot run {}: {e}; is Rust installed (https://rustup.rs)?", rustc.display()))?;
            let sysroot = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
            let cargo = sysroot.join("bin/cargo");
            let rustc = sysroot.join("bin/rustc");
            if !output.status.success() || !cargo.is_file() || !rustc.is_file() {
                return Err(format!(
                    "no cargo and rustc in the toolchain at {}; install Rust from https://rustup.rs",
                    sysroot.display()
                ));
            }
            Ok(Toolchain { sysroot, cargo, rustc })
        })
        .as_ref()
        .map_err(|e| anyhow::anyhow!("{e}"))
}

/// The grader's own cargo home (`$CARGO_HOME` or `~/.cargo`), where the registry lives.
fn user_cargo_home() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default().join(".cargo"))
}

/// What of the user's cargo home a build sees: the downloaded sources, nothing else (no
/// config, no credentials).
const HOME_LINKS: &[&str] = &["registry", "git"];

/// The cargo home of every build: a folder of our cache holding only links to the user's
/// registry and git checkouts. Its path must not change between builds (cargo rebuilds a
/// dependency whose source path changed), so it is one folder, and builds only read it.
pub fn build_home() -> anyhow::Result<PathBuf> {
    let home = crate::util::fs::cache_dir().join("cargo-home");
    let user = user_cargo_home();
    // Katas are built concurrently (threads here, other kata processes): each link is made
    // under a new name and renamed into place, which replaces atomically, so two builders
    // never trip over each other's half-made link.
    static LINKING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = LINKING.lock().unwrap_or_else(|e| e.into_inner());
    crate::util::fs::create_private_dir(&home)?;
    for link in HOME_LINKS {
        let path = home.join(link);
        let target = user.join(link);
        if std::fs::read_link(&path).ok().as_deref() != Some(target.as_path()) {
            std::fs::create_dir_all(&target).with_context(|| format!("cannot create {}", target.display()))?;
            let staged = home.join(format!(".{link}.{}", std::process::id()));
            let _ = std::fs::remove_file(&staged);
            std::os::unix::fs::symlink(&target, &staged)
                .and_then(|()| std::fs::rename(&staged, &path))
                .with_context(|| format!("cannot link {} to {}", path.display(), target.display()))?;
        }
    }
    Ok(home)
}

/// The whole environment of a build: the toolchain, the build's cargo home, and its own
/// scratch folder as home and temporary folder. Nothing of the grader's environment, so
/// neither `env!` nor `option_env!` in a submission sees any of it.
pub fn build_env(scratch: &Path) -> anyhow::Result<Vec<(OsString, OsString)>> {
    let toolchain = toolchain()?;
    let mut path = OsString::from(toolchain.sysroot.join("bin"));
    path.push(":/usr/local/bin:/usr/bin:/bin");
    Ok(vec![
        ("PATH".into(), path),
        ("HOME".into(), scratch.into()),
        ("TMPDIR".into(), scratch.into()),
        ("CARGO_HOME".into(), build_home()?.into()),
        ("RUSTC".into(), toolchain.rustc.clone().into()),
        ("CARGO_INCREMENTAL".into(), "0".into()),
        ("CARGO_TERM_COLOR".into(), "never".into()),
        ("LANG".into(), "C.UTF-8".into()),
    ])
}

/// Downloads the dependencies of the kata crate at `workspace` with the user's own cargo
/// settings (mirrors, proxies), so that every build after it can run offline.
pub fn fetch(workspace: &Path) -> anyhow::Result<()> {
    let toolchain = toolchain()?;
    let output = process::tracked_output(
        std::process::Command::new(&toolchain.cargo)
            .args(["fetch", "--locked"])
            .current_dir(workspace)
            .env("RUSTC", &toolchain.rustc),
    )
    .context("cannot run cargo fetch")?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        anyhow::bail!(
            "cargo fetch failed in {} ({}): the dependencies could not be downloaded (is the registry reachable?)\n{}",
            workspace.display(),
            output.status,
            stderr.trim()
        );
    }
    Ok(())
}

/// The test target (the hidden file's stem, `-` as `_`) a test executable was built from.
pub fn test_target(binary: &Path) -> String {
    let name = binary.file_name().unwrap_or_default().to_string_lossy();
    name.rsplit_once('-').map(|(target, _)| target).unwrap_or(&name).replace('-', "_")
}

/// Writes the lock file of the crate at `workspace` (`cargo generate-lockfile`, then `cargo
/// fetch` so that later builds need no network), with the user's own cargo settings. This is
/// the kata author's step, on the author's own manifest: the registry may be asked.
pub fn generate_lockfile(workspace: &Path, offline: bool) -> anyhow::Result<()> {
    let toolchain = toolchain()?;
    let steps: &[&[&str]] = &[&["generate-lockfile"], &["fetch", "--locked"]];
    for step in steps {
        let output = std::process::Command::new(&toolchain.cargo)
            .args(*step)
            .args(offline.then_some("--offline"))
            .current_dir(workspace)
            .env("RUSTC", &toolchain.rustc)
            .stdin(std::process::Stdio::null())
            .output()
            .with_context(|| format!("cannot run cargo {}", step[0]))?;
        if !output.status.success() {
            anyhow::bail!(
                "cargo {} failed in {}:\n{}{}",
                step[0],
                workspace.display(),
                String::from_utf8_lossy(&output.stderr).trim(),
                if offline { "\n(--offline: the dependencies must already be in cargo's cache)" } else { "" }
            );
        }
    }
    Ok(())
}

/// A test as its executable lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedTest {
    /// The hidden file (test target) it comes from.
    pub file: String,
    /// Its name as kata.yaml declares it: libtest's, without the file's module in the shared
    /// test crate.
    pub name: String,
    /// The name libtest runs it by (`--exact`), which its pass line carries too.
    pub libtest: String,
}

/// Lists the tests in one test executable, with the hidden file each comes from.
pub fn list_tests(binary: &Path) -> anyhow::Result<Vec<ListedTest>> {
    let target = test_target(binary);
    Ok(list_libtest(binary)?
        .into_iter()
        .map(|libtest| match libtest.split_once("::").filter(|_| target == MERGED_TARGET) {
            Some((file, name)) => {
                ListedTest { file: file.to_string(), name: name.to_string(), libtest: libtest.clone() }
            }
            None => ListedTest { file: target.clone(), name: libtest.clone(), libtest },
        })
        .collect())
}

/// Lists the tests in one test executable (`--list --format terse`), confined like a test.
fn list_libtest(binary: &Path) -> anyhow::Result<Vec<String>> {
    let scratch = crate::util::fs::private_tempdir("kata-list-")?;
    let spec = ProcessSpec::new(binary, scratch.path(), scratch.path(), Limits::query())
        .args(["--list", "--format", "terse"])
        .env(vec![("PATH".into(), "/usr/bin:/bin".into())])
        .restricted(super::runner::test_policy(binary, scratch.path()));
    let outcome = process::run(&spec)?;
    if outcome.code != Some(0) {
        anyhow::bail!("{} --list failed: {}", binary.display(), outcome.stderr.trim());
    }
    Ok(outcome.stdout.lines().filter_map(|l| l.strip_suffix(": test")).map(str::to_string).collect())
}
