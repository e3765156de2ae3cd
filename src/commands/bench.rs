//! `kata bench`: run a kata's benchmark (`katas/<id>/bench/<name>.rs`, a cargo example) against
//! a candidate's code, e.g. the connection-pool kata's pool-size experiment (p95 latency against
//! pool size). The candidate's code runs confined, like a test, in a release build.

use crate::cli::BenchArgs;
use crate::content::Content;
use crate::error::exit_codes;

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
        anyhow::bail!("kata `{}` has no benchmark (no bench/*.rs in the kata)", kata.id());
    }
    let name = match &args.name {
        Some(n) if names.contains(n) => n.clone(),
        Some(n) => anyhow::bail!("kata `{}` has no benchmark `{n}`; it has: {}", kata.id(), names.join(", ")),
        None => names[0].clone(),
    };
    let folder = args.folder.clone().unwrap_or_else(|| kata.reference_dir());
    crate::coding::runner::sys::become_subreaper();
    let run = crate::coding::bench::run(&kata, &content.harness, &folder, &name, &args.args)?;
    super::print(&run.stdout)?;
    if run.code != Some(0) {
        let how = match (run.timed_out, run.code, run.signal) {
            (true, _, _) => "timed out".to_string(),
            (_, Some(code), _) => format!("failed (exit code {code})"),
            (_, None, Some(signal)) => format!("was killed by signal {signal}"),
            (_, None, None) => "failed".to_string(),
        };
        eprintln!("the benchmark {how}:\n{}", run.stderr.trim());
        return Ok(exit_codes::FAILED);
    }
    Ok(exit_codes::OK)
}
