//! A kata's benchmark (`katas/<id>/bench/<name>.rs`, an example of the kata crate) built in
//! release mode against a submission and run confined, like a test but with its own arguments.

use std::ffi::OsString;
use std::path::Path;
use std::time::Duration;

use anyhow::Context;

use super::build;
use super::runner::process::{self, Limits, ProcessOutcome, ProcessSpec};
use super::workspace::{Suite, Workspace};
use crate::kata::Kata;

/// A benchmark may run for a while (it sweeps configurations), but not forever.
const BENCH_TIMEOUT: Duration = Duration::from_secs(900);

/// Builds benchmark `name` of `kata` against the submission in `folder` and runs it with `args`.
/// A failing benchmark is an outcome; `Err` means it could not be built or started.
pub fn run(kata: &Kata, harness: &Path, folder: &Path, name: &str, args: &[String]) -> anyhow::Result<ProcessOutcome> {
    let workspace = Workspace::assemble(kata, harness, folder, Suite::Hidden)?;
    if !workspace.forbidden.is_empty() {
        anyhow::bail!("{} is not built:\n{}", folder.display(), workspace.forbidden.join("\n"));
    }
    let examples = workspace.path().join("examples");
    std::fs::create_dir_all(&examples)?;
    std::fs::copy(kata.dir.join("bench").join(format!("{name}.rs")), examples.join(format!("{name}.rs")))?;
    // Release dependencies are kept between runs, apart from the dev cache the grader uses.
    let target = crate::util::fs::cache_dir().join("bench-targets").join(kata.id());
    eprintln!("building the `{name}` benchmark of `{}` for {} (release)...", kata.id(), folder.display());
    let built = build::build_example(workspace.path(), &target, name)?;
    let scratch = crate::util::fs::private_tempdir("kata-bench-")?;
    // The binary is copied where a confined user can run it (the cache is private to us).
    let binary = scratch.path().join(name);
    std::fs::copy(&built, &binary).context("the benchmark binary is missing")?;
    let tmp = scratch.path().join("tmp");
    std::fs::create_dir_all(&tmp)?;
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(scratch.path(), std::fs::Permissions::from_mode(0o711))?;
    }
    let limits = Limits { timeout: BENCH_TIMEOUT, memory_bytes: 4 << 30, output_bytes: 16 << 20, no_network: true };
    let spec = ProcessSpec::new(&binary, &tmp, scratch.path().join("run"), limits)
        .args(args.iter().map(OsString::from))
        .env(vec![("PATH".into(), "/usr/bin:/bin".into()), ("HOME".into(), tmp.clone().into())])
        .confined(super::runner::test_policy(&binary, scratch.path()));
    Ok(process::run(&spec)?)
}
