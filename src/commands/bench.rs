//! `kata bench`: run a kata's benchmark (`katas/<id>/bench/<name>.rs`, a cargo example) against
//! a candidate's code, e.g. the connection-pool kata's pool-size experiment (p95 latency against
//! pool size). The candidate's code runs confined, like a test, in a release build.

use std::ffi::OsString;
use std::time::Duration;

use anyhow::Context;

use crate::cli::BenchArgs;
use crate::compile::{cargo_env, cargo_program};
use crate::content::Content;
use crate::error::exit_codes;
use crate::runner::process::{self, Limits, ProcessSpec};
use crate::workspace::{Suite, Workspace};

/// A benchmark may run for a while (it sweeps configurations), but not forever.
const BENCH_TIMEOUT: Duration = Duration::from_secs(900);

pub(crate) fn run(content: &Content, args: BenchArgs) -> anyhow::Result<u8> {
    let kata = super::load_kata(content, &args.kata)?;
    let benches = kata.dir.join("bench");
    let mut names: Vec<String> = std::fs::read_dir(&benches)
        .map(|d| {
            d.flatten()
                .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
                .map(|e| e.path().file_stem().unwrap_or_default().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    if names.is_empty() {
        anyhow::bail!("kata `{}` has no benchmark (no {}/*.rs)", kata.id(), benches.display());
    }
    let name = match &args.name {
        Some(n) if names.contains(n) => n.clone(),
        Some(n) => anyhow::bail!("kata `{}` has no benchmark `{n}`; it has: {}", kata.id(), names.join(", ")),
        None => names[0].clone(),
    };
    let folder = args.folder.clone().unwrap_or_else(|| kata.reference_dir());
    crate::runner::sys::become_subreaper();
    let workspace = Workspace::assemble(&kata, &content.harness, &folder, Suite::Hidden)?;
    if !workspace.forbidden.is_empty() {
        anyhow::bail!("{} is not built:\n{}", folder.display(), workspace.forbidden.join("\n"));
    }
    let examples = workspace.path().join("examples");
    std::fs::create_dir_all(&examples)?;
    std::fs::copy(benches.join(format!("{name}.rs")), examples.join(format!("{name}.rs")))?;
    // Release dependencies are kept between runs, apart from the dev cache the grader uses.
    let target = crate::content::cache_dir().join("bench-targets").join(kata.id());
    eprintln!("building the `{name}` benchmark of `{}` for {} (release)...", kata.id(), folder.display());
    let scratch = tempfile::Builder::new().prefix("kata-bench-").tempdir()?;
    let build = process::run(&ProcessSpec {
        program: cargo_program(),
        args: vec![
            "build".into(),
            "--release".into(),
            "--locked".into(),
            "--example".into(),
            name.clone().into(),
            "--target-dir".into(),
            target.clone().into(),
        ],
        cwd: workspace.path().to_path_buf(),
        env: cargo_env(),
        stdin: Vec::new(),
        output_dir: scratch.path().join("build"),
        limits: Limits {
            timeout: crate::compile::BUILD_TIMEOUT,
            memory_bytes: 8 << 30,
            output_bytes: 64 << 20,
            no_network: false,
        },
        confine: false,
    })?;
    if build.code != Some(0) {
        anyhow::bail!("the benchmark did not build:\n{}", build.stderr.trim());
    }
    // The binary is copied where a confined user can run it (the cache is private to us).
    let binary = scratch.path().join(&name);
    std::fs::copy(target.join("release/examples").join(&name), &binary).context("the benchmark binary is missing")?;
    let tmp = scratch.path().join("tmp");
    std::fs::create_dir_all(&tmp)?;
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(scratch.path(), std::fs::Permissions::from_mode(0o711))?;
    }
    let run = process::run(&ProcessSpec {
        program: binary,
        args: args.args.iter().map(OsString::from).collect(),
        cwd: tmp.clone(),
        env: vec![("PATH".into(), "/usr/bin:/bin".into()), ("HOME".into(), tmp.clone().into())],
        stdin: Vec::new(),
        output_dir: scratch.path().join("run"),
        limits: Limits { timeout: BENCH_TIMEOUT, memory_bytes: 4 << 30, output_bytes: 16 << 20, no_network: true },
        confine: true,
    })?;
    super::print(&run.stdout)?;
    if run.code != Some(0) {
        let how =
            if run.timed_out { "timed out".to_string() } else { format!("failed ({:?})", run.code.or(run.signal)) };
        eprintln!("the benchmark {how}:\n{}", run.stderr.trim());
        return Ok(exit_codes::FAILED);
    }
    Ok(exit_codes::OK)
}
