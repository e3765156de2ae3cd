//! Grades one submission of one kata: assemble, build once, list and check the tests, run each
//! test in its own process, measure timing ratios against the reference, add up the score.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::coding::build::{self, Artifacts, BuildConfig, BuildOutcome};
use crate::coding::cache::WarmTarget;
use crate::coding::limits::TestLimits;
use crate::coding::runner::confine::Policy;
use crate::coding::runner::process::{self, Limits, ProcessSpec};
use crate::coding::runner::{self, TestRun, Verdict};
use crate::coding::slots::{self, Rank};
use crate::coding::timing::{self, Decision, LoadWatch, Sampler};
use crate::coding::workspace::{Suite, Workspace};
use crate::kata::model::TestDef;
use crate::kata::Kata;
use crate::results::VerdictKind;
use crate::results::{KataResult, Measure, TestResult, TimingResult};

/// How to grade.
pub struct GradeOptions<'a> {
    /// Build without network access.
    pub offline: bool,
    /// Hidden suite (grading) or the candidate's visible tests (`kata test`).
    pub suite: Suite,
    /// Test threads of this grade (each test also takes one of the process-wide CPU slots).
    pub jobs: usize,
    /// Called with the partial result after each test, e.g. to save it.
    pub progress: &'a mut dyn FnMut(&KataResult),
    /// Only the visible tests whose name contains this (`kata test NAME`); hidden grading
    /// always runs the whole suite.
    pub filter: Option<&'a str>,
}

/// Grades `submission` (a folder holding `src/`) against `kata`.
pub fn grade(kata: &Kata, harness: &Path, submission: &Path, options: GradeOptions<'_>) -> anyhow::Result<KataResult> {
    if options.suite == Suite::Hidden {
        kata.require_gradable()?;
    }
    // Dependencies come precompiled from the warm cache; this grade builds on a private copy.
    let warm = WarmTarget::get(kata, harness, options.offline)?;
    // What this kata cost last time ranks this grade's requests for CPU slots, from here on:
    // a slot that frees while this grade assembles and copies is kept for its build if it
    // ranks highest (a cheaper grade ready a moment earlier took it before).
    let cost = warm.cost_ms();
    let announced = slots::announce(Rank::build(cost));
    let workspace = Workspace::assemble(kata, harness, submission, options.suite)?;
    let started_at = crate::kata::record::read_start_record(submission).ok().map(|r| r.started_at);
    let mut result = KataResult {
        kata: kata.id().to_string(),
        title: kata.def.title.clone(),
        kata_version: kata.def.version.clone(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        submission: submission.display().to_string(),
        started_at,
        graded_at: crate::util::time::now_rfc3339(),
        score: 0,
        max_score: if options.suite == Suite::Hidden { kata.def.points } else { 0 },
        compiled: false,
        compile_output: None,
        build_ms: 0,
        tests: Vec::new(),
        missed_requirements: Vec::new(),
        warnings: workspace.warnings.iter().map(|w| crate::util::text::sanitize(w)).collect(),
        complete: false,
        containment: Some(crate::coding::runner::confine::containment()),
    };
    // The reference's build lists the hidden tests: the tests graded when kata.yaml lists none.
    let discovered = warm.discovered();
    let names: Vec<String> = discovered.iter().map(|(_, name)| name.clone()).collect();
    let kata = &kata.with_discovered(&names);
    if options.suite == Suite::Hidden {
        result.max_score = kata.def.points;
    }
    let target = crate::util::fs::private_tempdir("kata-target-")?;
    // Only the kata's crate is built again. The harness is ours, the same files as in the warm
    // build (they are part of its key), and like every dependency it compiles no code of the
    // submission: its warm build is linked as it is (0.1-0.3 s of CPU less per grade).
    warm.copy_into(target.path(), &[kata.def.crate_name.as_str()])?;
    let build_error = || format!("cannot build {} against `{}`", submission.display(), kata.id());
    // The dependencies are all in the warm copy: the submission's build needs no network.
    let build = BuildConfig { target_dir: target.path().to_path_buf(), offline: true, confined: true };
    let outcome = if workspace.forbidden.is_empty() {
        let _slot = announced.one();
        build::build(&workspace, &build).with_context(build_error)?
    } else {
        drop(announced);
        BuildOutcome::Failed { diagnostics: format!("not built:\n{}", workspace.forbidden.join("\n")) }
    };
    // A candidate's own test file that does not compile is a compile error of the whole run,
    // as it always was: only hidden files fail on their own.
    let outcome = match outcome {
        BuildOutcome::Built(artifacts) if options.suite == Suite::Visible && !artifacts.broken_tests.is_empty() => {
            let errors: Vec<String> = artifacts.broken_tests.iter().map(|(_, e)| e.clone()).collect();
            BuildOutcome::Failed { diagnostics: errors.join("\n") }
        }
        other => other,
    };
    let artifacts = match outcome {
        BuildOutcome::Built(artifacts) => artifacts,
        BuildOutcome::Failed { diagnostics } => {
            result.compile_output = Some(crate::util::text::sanitize(&diagnostics));
            result.tests = planned_tests(kata, options.suite)
                .into_iter()
                .map(|(name, def)| TestResult {
                    timeout_ms: TestLimits::resolve(kata, &name, options.suite).timeout.as_millis() as u64,
                    name,
                    verdict: VerdictKind::CompileError,
                    duration_ms: 0,
                    cpu_ms: 0,
                    weight: def.map(|d| d.weight).unwrap_or(0),
                    message: "the submission did not compile; see the compiler's diagnostics".into(),
                    max_rss_kib: 0,
                    timing: None,
                })
                .collect();
            result.complete = true;
            (options.progress)(&result);
            return Ok(result);
        }
    };
    result.compiled = true;
    result.build_ms = artifacts.duration.as_millis() as u64;
    let (mut listed, libtest) = list_all(&artifacts.test_binaries).context("cannot list the built tests")?;
    // A hidden file that did not compile against the submission fails its own tests only (known
    // by name from the reference's build); the other files run.
    let mut broken = Vec::new();
    let mut file_errors = Vec::new();
    for (target, diagnostics) in artifacts.broken_tests.iter().filter(|_| options.suite == Suite::Hidden) {
        file_errors.push(format!("tests/{target}.rs:\n{diagnostics}"));
        let first = diagnostics.lines().next().unwrap_or("").trim();
        for (_, name) in discovered.iter().filter(|(t, _)| t.replace('-', "_") == target.replace('-', "_")) {
            listed.push((name.clone(), PathBuf::new()));
            broken.push((name.clone(), format!("tests/{target}.rs did not compile against the submission: {first}")));
        }
    }
    if !file_errors.is_empty() {
        let text = format!(
            "hidden test files that did not compile against the submission (only their tests fail):\n{}",
            file_errors.join("\n")
        );
        result.compile_output = Some(crate::util::text::sanitize(&text));
    }
    let plan = match options.suite {
        Suite::Hidden => check_listed(kata, &listed)?,
        Suite::Visible => listed
            .iter()
            .filter(|(name, _)| options.filter.is_none_or(|f| name.contains(f)))
            .map(|(name, bin)| (name.clone(), Some(bin.clone())))
            .collect(),
    };
    let plan: Vec<_> = plan.into_iter().filter(|(name, _)| !broken.iter().any(|(b, _)| b == name)).collect();
    let scratch = crate::util::fs::private_tempdir("kata-run-")?;
    // Confined tests run as another user: they may pass through these folders to reach their
    // executable and their own scratch folder, but not list or read the rest.
    allow_traverse(target.path())?;
    allow_traverse(scratch.path())?;
    let context = RunContext {
        kata,
        artifacts: &artifacts,
        scratch: scratch.path(),
        suite: options.suite,
        libtest,
        unsure: Default::default(),
        rank: Rank::test(cost),
    };

    // Timed tests run after the others, interleaved with the reference (see `timing`).
    let (timed, untimed): (Vec<_>, Vec<_>) = plan
        .into_iter()
        .partition(|(name, _)| kata.test(name).is_some_and(|t| t.timing.is_some()) && options.suite == Suite::Hidden);
    let mut done: BTreeMap<String, TestResult> = BTreeMap::new();
    for (name, message) in &broken {
        let def = kata.test(name);
        done.insert(
            name.clone(),
            TestResult {
                timeout_ms: TestLimits::resolve(kata, name, options.suite).timeout.as_millis() as u64,
                name: name.clone(),
                verdict: VerdictKind::CompileError,
                duration_ms: 0,
                cpu_ms: 0,
                weight: def.map(|d| d.weight).unwrap_or(0),
                message: crate::util::text::sanitize(message),
                max_rss_kib: 0,
                timing: None,
            },
        );
    }
    let order: Vec<String> = untimed
        .iter()
        .chain(timed.iter())
        .map(|(n, _)| n.clone())
        .chain(broken.iter().map(|(n, _)| n.clone()))
        .collect();
    run_parallel(&context, &untimed, options.jobs.max(1), &mut |test| {
        done.insert(test.name.clone(), test);
        result.tests = ordered(&order, &done);
        result.rescore();
        (options.progress)(&result);
    })?;
    if !timed.is_empty() {
        let reference_dir = scratch.path().join("reference");
        warm.reference_tests_into(&reference_dir)?;
        let reference = Reference::from_dir(&reference_dir)?;
        for (name, binary) in &timed {
            let test = context.run_timed(name, binary.as_deref(), &reference)?;
            done.insert(name.clone(), test);
            result.tests = ordered(&order, &done);
            result.rescore();
            (options.progress)(&result);
        }
    }
    // Report in the kata's own order.
    let kata_order: Vec<String> = match options.suite {
        Suite::Hidden => kata.def.tests.iter().map(|t| t.name.clone()).collect(),
        Suite::Visible => order,
    };
    result.tests = ordered(&kata_order, &done);
    result.rescore();
    for (name, reason) in context.unsure.into_inner().unwrap_or_else(|e| e.into_inner()) {
        result.warnings.push(crate::util::text::sanitize(&format!(
            "`{name}` passed {UNSURE_RUNS} runs without the evidence it needs ({reason}): the machine \
             was too busy to prove this requirement; grade again on a quieter machine"
        )));
    }
    let failed = result.tests.iter().filter(|t| !t.verdict.is_pass()).map(|t| t.name.as_str());
    result.missed_requirements = crate::kata::missed_requirements(&kata.def, failed)
        .into_iter()
        .map(|r| crate::results::MissedRequirement { id: r.id, text: r.text })
        .collect();
    result.complete = true;
    if options.suite == Suite::Hidden {
        let spent = result.build_ms + result.tests.iter().map(|t| t.cpu_ms).sum::<u64>();
        // Only a ranking hint: a grade does not fail for want of it.
        let _ = warm.record_cost(spent);
    }
    (options.progress)(&result);
    Ok(result)
}

fn ordered(order: &[String], done: &BTreeMap<String, TestResult>) -> Vec<TestResult> {
    order.iter().filter_map(|n| done.get(n).cloned()).collect()
}

/// The tests a suite will report, with their definitions (none for visible tests).
fn planned_tests(kata: &Kata, suite: Suite) -> Vec<(String, Option<&TestDef>)> {
    match suite {
        Suite::Hidden => kata.def.tests.iter().map(|t| (t.name.clone(), Some(t))).collect(),
        Suite::Visible => Vec::new(),
    }
}

/// Every listed test name and the binary holding it, and the names libtest runs them by.
fn list_all(binaries: &[PathBuf]) -> anyhow::Result<(Vec<(String, PathBuf)>, LibtestNames)> {
    let mut listed = Vec::new();
    let mut names = LibtestNames::new();
    for binary in binaries {
        for test in build::list_tests(binary)? {
            names.insert(test.name.clone(), test.libtest);
            listed.push((test.name, binary.clone()));
        }
    }
    Ok((listed, names))
}

/// The name libtest runs each test by, keyed by its declared name (they differ in the shared
/// test crate of the hidden files, see `workspace.rs`).
type LibtestNames = std::collections::HashMap<String, String>;

/// Matches listed tests against `kata.yaml`: a hidden test that is declared but not built (or
/// built but not declared) is the kata author's mistake, caught before any verdict is given.
fn check_listed(kata: &Kata, listed: &[(String, PathBuf)]) -> anyhow::Result<Vec<(String, Option<PathBuf>)>> {
    let mut plan = Vec::new();
    let mut problems = Vec::new();
    for test in &kata.def.tests {
        let found: Vec<_> = listed.iter().filter(|(n, _)| n == &test.name).collect();
        match (test.compile_fail.is_some(), found.len()) {
            (true, 0) => plan.push((test.name.clone(), None)),
            (false, 1) => plan.push((test.name.clone(), Some(found[0].1.clone()))),
            (true, _) => problems.push(format!("`{}` is a compile-fail test but a test binary also has it", test.name)),
            (false, 0) => problems.push(format!("`{}` is declared but no hidden test file defines it", test.name)),
            (false, _) => problems.push(format!("`{}` is defined in more than one hidden test file", test.name)),
        }
    }
    for (name, _) in listed {
        if kata.test(name).is_none() {
            problems.push(format!("hidden test `{name}` is not declared in kata.yaml"));
        }
    }
    if !problems.is_empty() {
        anyhow::bail!(
            "{}: the hidden tests and kata.yaml disagree:\n  {}\nfix the kata (see katas/README.md)",
            kata.dir.join("kata.yaml").display(),
            problems.join("\n  ")
        );
    }
    Ok(plan)
}

/// Runs of a test that keeps calling its pass unsure.
const UNSURE_RUNS: usize = 3;

struct RunContext<'a> {
    kata: &'a Kata,
    artifacts: &'a Artifacts,
    scratch: &'a Path,
    suite: Suite,
    /// The names the submission's binaries run each test by.
    libtest: LibtestNames,
    /// Tests that passed every run without the evidence they wanted, and why.
    unsure: std::sync::Mutex<Vec<(String, String)>>,
    /// The rank of this grade's tests' requests for CPU slots.
    rank: Rank,
}

/// The reference solution's test executables, for timing ratios.
struct Reference {
    listed: Vec<(String, PathBuf)>,
    libtest: LibtestNames,
}

impl Reference {
    /// Lists the reference tests copied into `dir`.
    fn from_dir(dir: &Path) -> anyhow::Result<Reference> {
        let binaries: Vec<PathBuf> = std::fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
        let (listed, libtest) = list_all(&binaries)?;
        Ok(Reference { listed, libtest })
    }
}

impl RunContext<'_> {
    fn test_run<'b>(&'b self, name: &'b str, binary: &'b Path, libtest: &'b LibtestNames, tag: &str) -> TestRun<'b> {
        TestRun {
            binary,
            name: libtest.get(name).map_or(name, String::as_str),
            scratch: self.scratch.join(format!("{name}-{tag}")),
            limits: TestLimits::resolve(self.kata, name, self.suite),
            require_marker: self.suite == Suite::Hidden,
        }
    }

    fn result(&self, name: &str, verdict: Verdict, timing: Option<TimingResult>) -> TestResult {
        let def = self.kata.test(name).filter(|_| self.suite == Suite::Hidden);
        TestResult {
            name: name.to_string(),
            verdict: verdict.kind,
            duration_ms: verdict.wall.as_millis() as u64,
            cpu_ms: verdict.cpu.as_millis() as u64,
            weight: def.map(|d| d.weight).unwrap_or(0),
            message: crate::util::text::sanitize(&verdict.message),
            timeout_ms: TestLimits::resolve(self.kata, name, self.suite).timeout.as_millis() as u64,
            max_rss_kib: verdict.max_rss_kib,
            timing,
        }
    }

    /// Runs one untimed test (or compile-fail check). A pass the test itself calls unsure
    /// (a race it could not drive hard enough) is run again, up to [`UNSURE_RUNS`] in all: a
    /// failure in any run stands, and a pass that stays unsure is kept with a warning.
    fn run_one(&self, name: &str, binary: Option<&Path>) -> anyhow::Result<TestResult> {
        let Some(binary) = binary else {
            return Ok(self.result(name, self.compile_fail(name)?, None));
        };
        let mut verdict = runner::run_test(&self.test_run(name, binary, &self.libtest, "run"))?;
        for again in 1..UNSURE_RUNS {
            if verdict.kind != VerdictKind::Passed || verdict.unsure.is_none() {
                break;
            }
            verdict = runner::run_test(&self.test_run(name, binary, &self.libtest, &format!("again{again}")))?;
        }
        if let (VerdictKind::Passed, Some(reason)) = (verdict.kind, &verdict.unsure) {
            self.unsure.lock().unwrap_or_else(|e| e.into_inner()).push((name.to_string(), reason.clone()));
        }
        Ok(self.result(name, verdict, None))
    }

    /// Compiles a snippet against the built library: passes when rustc rejects it with the
    /// declared error code.
    fn compile_fail(&self, name: &str) -> anyhow::Result<Verdict> {
        let def = self.kata.test(name).and_then(|t| t.compile_fail.as_ref()).expect("planned as compile-fail");
        let rlib = self
            .artifacts
            .rlibs
            .iter()
            .find(|(name, _)| name == &self.kata.def.crate_name)
            .map(|(_, path)| path)
            .context("the build produced no library to check snippets against")?;
        let scratch = self.scratch.join(format!("{name}-rustc"));
        std::fs::create_dir_all(&scratch)?;
        let mut extern_arg = std::ffi::OsString::from(format!("{}=", self.kata.def.crate_name));
        extern_arg.push(rlib);
        let mut dep_arg = std::ffi::OsString::from("dependency=");
        dep_arg.push(&self.artifacts.deps_dir);
        let limits = Limits::snippet(TestLimits::resolve(self.kata, name, self.suite).timeout);
        let spec = ProcessSpec::new(&build::toolchain()?.rustc, &scratch, &scratch, limits)
            .args([
                "--edition=2021".into(),
                "--crate-type=lib".into(),
                "--crate-name=snippet".into(),
                "--emit=metadata".into(),
                "--error-format=json".into(),
                "-L".into(),
                dep_arg,
                "--extern".into(),
                extern_arg,
                "--out-dir".into(),
                scratch.clone().into_os_string(),
                self.kata.dir.join(&def.snippet).into_os_string(),
            ] as [std::ffi::OsString; 12])
            .env(build::build_env(&scratch)?)
            .restricted(snippet_policy(&self.artifacts.deps_dir, &self.kata.dir.join(&def.snippet), &scratch));
        let outcome = process::run(&spec)?;
        let mut codes = Vec::new();
        let mut rendered = Vec::new();
        for line in outcome.stderr.lines() {
            let Ok(value) = serde_json::from_str::<serde_json::Value>(line) else { continue };
            if value["level"] == "error" {
                if let Some(code) = value["code"]["code"].as_str() {
                    codes.push(code.to_string());
                }
                if let Some(text) = value["rendered"].as_str() {
                    rendered.push(text.to_string());
                }
            }
        }
        let (kind, message) = if outcome.timed_out {
            (VerdictKind::TimedOut, "compiling the snippet timed out".to_string())
        } else if outcome.code == Some(0) {
            (
                VerdictKind::Failed,
                format!(
                    "{} compiled, but a correct solution must reject it with {}",
                    def.snippet.file_name().unwrap_or_default().to_string_lossy(),
                    def.error_code
                ),
            )
        } else if codes.iter().any(|c| c == &def.error_code) {
            (VerdictKind::Passed, String::new())
        } else {
            (
                VerdictKind::Failed,
                format!(
                    "the snippet was rejected, but not with {} (got {}):\n{}",
                    def.error_code,
                    if codes.is_empty() { "no error code".to_string() } else { codes.join(", ") },
                    rendered.join("\n").chars().take(2000).collect::<String>()
                ),
            )
        };
        Ok(Verdict {
            kind,
            message,
            wall: outcome.wall,
            cpu: outcome.cpu,
            max_rss_kib: outcome.max_rss_kib,
            unsure: None,
        })
    }

    /// Runs a timing test in interleaved pairs with the reference until the sequential rule
    /// of [`timing`] is sure which side of the limit the candidate is on.
    fn run_timed(&self, name: &str, binary: Option<&Path>, reference: &Reference) -> anyhow::Result<TestResult> {
        let def = self.kata.test(name).and_then(|t| t.timing.clone()).expect("planned as timed");
        let binary = binary.expect("timed tests are runtime tests");
        let ref_binary = reference
            .listed
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.clone())
            .with_context(|| format!("the reference build has no test `{name}`"))?;
        // A CPU-time measure takes a slot like any test; a wall-time one takes the slots its
        // test needs with no waiting test beside it (`slots::quiet`).
        let _slots = match def.measure {
            Measure::Cpu => slots::one(self.rank),
            Measure::Wall => slots::quiet(timing::wall_slots(self.kata.test(name).and_then(|t| t.cpus))),
        };
        let mut sampler = Sampler::new(&def);
        let mut watch = LoadWatch::start();
        let (decision, mut verdict) = loop {
            let run = sampler.pairs();
            let r = runner::run_test(&self.test_run(name, &ref_binary, &reference.libtest, &format!("ref{run}")))?;
            watch.ours(r.cpu);
            if r.kind != VerdictKind::Passed {
                anyhow::bail!(
                    "the reference solution of `{}` failed its own timing test `{name}` ({}: {}); \
                     the machine may be overloaded, or the test is flaky",
                    self.kata.id(),
                    r.kind,
                    r.message
                );
            }
            let c = runner::run_test(&self.test_run(name, binary, &self.libtest, &format!("run{run}")))?;
            watch.ours(c.cpu);
            if c.kind != VerdictKind::Passed {
                return Ok(self.result(name, c, None));
            }
            let pick = |v: &Verdict| match def.measure {
                Measure::Cpu => v.cpu.as_secs_f64() * 1000.0,
                Measure::Wall => v.wall.as_secs_f64() * 1000.0,
            };
            sampler.add(pick(&c), pick(&r));
            if let Some(decision) = sampler.decision() {
                break (decision, c);
            }
        };
        let (candidate_ms, reference_ms) = sampler.medians();
        let others_load = watch.others_share();
        let loaded = others_load.is_some_and(|share| share > timing::LOADED_SHARE);
        let measurement = TimingResult {
            measure: def.measure,
            ratio: sampler.ratio(),
            limit: def.limit_ratio,
            candidate_ms,
            reference_ms,
            runs: sampler.pairs() as u32,
            decided: !matches!(decision, Decision::Close { .. }),
            others_load,
            loaded,
        };
        let clock = match def.measure {
            Measure::Cpu => "CPU",
            Measure::Wall => "wall",
        };
        if decision.too_slow() {
            verdict.kind = VerdictKind::TooSlow;
            verdict.message = format!(
                "{:.1}x the reference's {clock} time (limit {:.1}x): median {:.0} ms against {:.0} ms over {} interleaved runs{}",
                measurement.ratio,
                def.limit_ratio,
                candidate_ms,
                reference_ms,
                measurement.runs,
                if measurement.decided { "" } else { " (close to the limit: judged on the estimate)" },
            );
        }
        if loaded {
            let share = others_load.unwrap_or(0.0) * 100.0;
            let note = format!(
                "timed on a loaded machine: other work used {share:.0}% of the CPUs during these runs{}",
                if timing::shares_the_machine(def.measure) {
                    " (a CPU-time measure, which holds under load)"
                } else {
                    ""
                }
            );
            // A pass says it in its timing line; a too-slow verdict says it in its message too.
            if verdict.kind == VerdictKind::TooSlow {
                verdict.message = format!("{}; {note}", verdict.message);
            }
        }
        Ok(self.result(name, verdict, Some(measurement)))
    }
}

fn allow_traverse(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o711))
}

/// rustc over a compile-fail snippet reads the built library (candidate code, whose macros
/// it may expand), the snippet and the toolchain, and writes its own folder.
fn snippet_policy(deps: &Path, snippet: &Path, scratch: &Path) -> Policy {
    let mut policy = Policy::base();
    if let Ok(toolchain) = build::toolchain() {
        policy.exec.push(toolchain.sysroot.clone());
    }
    policy.read.extend([deps.to_path_buf(), snippet.to_path_buf()]);
    policy.write.push(scratch.to_path_buf());
    policy
}

/// Runs tests on up to `jobs` threads, handing each result to `done` as it arrives.
fn run_parallel(
    context: &RunContext<'_>,
    tests: &[(String, Option<PathBuf>)],
    jobs: usize,
    done: &mut dyn FnMut(TestResult),
) -> anyhow::Result<()> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::channel::<anyhow::Result<TestResult>>();
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(tests.len()) {
            let tx = tx.clone();
            let next = &next;
            scope.spawn(move || loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let Some((name, binary)) = tests.get(i) else { break };
                let cpus = context.kata.test(name).and_then(|t| t.cpus).unwrap_or(1);
                let outcome = {
                    let _slot = if cpus == 0 { slots::waiter() } else { slots::some(cpus as usize, context.rank) };
                    context.run_one(name, binary.as_deref())
                };
                if tx.send(outcome).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut first_error = None;
        for result in rx {
            match result {
                Ok(test) => done(test),
                Err(err) => {
                    first_error.get_or_insert(err);
                }
            }
        }
        first_error.map_or(Ok(()), Err)
    })
}
