//! Builds an assembled workspace once with cargo and finds what the build produced: the test
//! executables and the library (for compile-fail snippets), or the compiler's diagnostics.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use serde::Deserialize;

use crate::coding::runner::process::{self, Limits, ProcessSpec};

/// Profile settings every build uses; part of the warm cache's key, since they change what
/// the dependencies compile to. No debug info: nothing reads it (panic locations do not need
/// it), and linking each test executable against the dependencies gets about a fifth faster.
pub const PROFILE_FLAGS: &[&str] = &["--config", "profile.dev.debug=0"];

/// Settings shared by every build of a run.
#[derive(Debug, Clone)]
pub struct BuildConfig {
    /// Cargo's target folder.
    pub target_dir: PathBuf,
    /// Build without touching the network.
    pub offline: bool,
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

/// Builds the library and the integration tests of the crate at `workspace`.
pub fn build(workspace: &Path, config: &BuildConfig) -> anyhow::Result<BuildOutcome> {
    let mut args: Vec<OsString> = vec![
        "test".into(),
        "--no-run".into(),
        // Only integration tests: a candidate's own #[cfg(test)] unit tests are not graded.
        "--test".into(),
        "*".into(),
        "--locked".into(),
        "--message-format=json".into(),
    ];
    args.extend(PROFILE_FLAGS.iter().map(OsString::from));
    args.extend(["--target-dir".into(), config.target_dir.clone().into()]);
    if config.offline {
        args.push("--offline".into());
    }
    let scratch = tempfile::Builder::new().prefix("kata-build-").tempdir()?;
    // Offline builds (every submission build) never need the network.
    let spec = ProcessSpec::new(cargo_program(), workspace, scratch.path(), Limits::build(config.offline))
        .args(args)
        .env(cargo_env());
    let outcome = process::run(&spec).context("cannot run cargo; is Rust installed (https://rustup.rs)?")?;
    // The JSON stream can be long; read the file itself rather than the capped copy.
    let stdout = std::fs::read_to_string(scratch.path().join("stdout")).unwrap_or_default();
    let mut artifacts = Artifacts { duration: outcome.wall, ..Artifacts::default() };
    let mut diagnostics = Vec::new();
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
                if let Some(m) = msg.message {
                    if m.level == "error" {
                        diagnostics.extend(m.rendered);
                    }
                }
            }
            _ => {}
        }
    }
    if outcome.timed_out {
        return Ok(BuildOutcome::Failed {
            diagnostics: format!(
                "the build did not finish within {} s (runaway const evaluation or macro recursion?)",
                super::limits::BUILD_TIMEOUT.as_secs()
            ),
        });
    }
    if outcome.code != Some(0) {
        if diagnostics.is_empty() && outcome.stderr.contains("could not compile") {
            // rustc itself died on the submission (e.g. out of memory on runaway macro
            // expansion): still the candidate's result.
            let tail: Vec<&str> = outcome.stderr.lines().filter(|l| !l.trim().is_empty()).collect();
            let tail = tail[tail.len().saturating_sub(15)..].join("\n");
            return Ok(BuildOutcome::Failed { diagnostics: format!("the compiler failed on this code:\n{tail}") });
        }
        if diagnostics.is_empty() {
            // Not the candidate's code: cargo itself failed (network, lock file, toolchain).
            anyhow::bail!(
                "cargo failed in {}:\n{}",
                workspace.display(),
                outcome.stderr.lines().filter(|l| !l.trim().is_empty()).take(30).collect::<Vec<_>>().join("\n")
            );
        }
        return Ok(BuildOutcome::Failed { diagnostics: diagnostics.join("\n") });
    }
    if artifacts.deps_dir.as_os_str().is_empty() {
        artifacts.deps_dir = config.target_dir.join("debug/deps");
    }
    artifacts.test_binaries.sort();
    Ok(BuildOutcome::Built(artifacts))
}

/// Builds the example `name` of the crate at `workspace` in release mode into `target_dir`
/// and returns the binary (a kata's benchmark). `Err` carries cargo's diagnostics.
pub fn build_example(workspace: &Path, target_dir: &Path, name: &str) -> anyhow::Result<PathBuf> {
    let scratch = tempfile::Builder::new().prefix("kata-build-").tempdir()?;
    let spec = ProcessSpec::new(cargo_program(), workspace, scratch.path(), Limits::build(false))
        .args(["build", "--release", "--locked", "--example", name, "--target-dir"])
        .args([target_dir])
        .env(cargo_env());
    let outcome = process::run(&spec).context("cannot run cargo; is Rust installed (https://rustup.rs)?")?;
    if outcome.code != Some(0) {
        anyhow::bail!("the benchmark did not build:\n{}", outcome.stderr.trim());
    }
    Ok(target_dir.join("release/examples").join(name))
}

/// `$CARGO` when a cargo run started us, else `cargo` from PATH.
pub fn cargo_program() -> PathBuf {
    std::env::var_os("CARGO").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("cargo"))
}

/// Our environment minus what would change how cargo builds (a submission must not be able to
/// inherit flags, wrappers or a toolchain override through us).
pub fn cargo_env() -> Vec<(OsString, OsString)> {
    const DROP: &[&str] = &[
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTDOCFLAGS",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "RUSTC_BOOTSTRAP",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "CARGO_INCREMENTAL",
        "CARGO_MAKEFLAGS",
        "MAKEFLAGS",
        "CARGO_TERM_COLOR",
        "RUST_BACKTRACE",
    ];
    let mut env: Vec<(OsString, OsString)> = std::env::vars_os()
        .filter(|(k, _)| {
            let key = k.to_string_lossy();
            !DROP.contains(&key.as_ref()) && !key.starts_with("CARGO_PROFILE_") && !key.starts_with("CARGO_TARGET_")
        })
        .collect();
    env.push(("CARGO_INCREMENTAL".into(), "0".into()));
    env.push(("CARGO_TERM_COLOR".into(), "never".into()));
    env
}

/// Lists the tests in one test executable (`--list --format terse`).
pub fn list_tests(binary: &Path, cwd: &Path) -> anyhow::Result<Vec<String>> {
    let scratch = tempfile::Builder::new().prefix("kata-list-").tempdir()?;
    let spec = ProcessSpec::new(binary, cwd, scratch.path(), Limits::query())
        .args(["--list", "--format", "terse"])
        .env(vec![("PATH".into(), "/usr/bin:/bin".into())]);
    let outcome = process::run(&spec)?;
    if outcome.code != Some(0) {
        anyhow::bail!("{} --list failed: {}", binary.display(), outcome.stderr.trim());
    }
    Ok(outcome.stdout.lines().filter_map(|l| l.strip_suffix(": test")).map(str::to_string).collect())
}
