//! The shape of `kata.yaml`, as serde reads it. Validation beyond types lives in `load.rs`.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::results::Measure;

use crate::results::VerdictKind;

/// The newest `format-version` this grader understands.
pub const FORMAT_VERSION: u32 = 1;

/// `kata.yaml`: one kata's machine-readable definition.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct KataDef {
    /// Version of this file format; newer than [`FORMAT_VERSION`] is refused.
    pub format_version: u32,
    /// Kata id, equal to its folder name.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Content version, recorded in started folders and results.
    pub version: String,
    /// How hard the kata is.
    pub difficulty: Difficulty,
    /// Minutes a candidate is expected to spend.
    pub time_budget_minutes: u32,
    /// Maximum score: the sum of the test weights. Optional: computed when absent (from the
    /// listed tests, or from the tests the hidden files declare).
    #[serde(default)]
    pub points: u32,
    /// Package and library name in the kata's `Cargo.toml`.
    #[serde(rename = "crate")]
    pub crate_name: String,
    /// Timeout of each visible test under `kata test`.
    #[serde(default = "default_visible_timeout_ms")]
    pub visible_timeout_ms: u64,
    /// Files the kata provides and the candidate must not change (e.g. a simulated database),
    /// relative to `starter/`: grading uses the kata's copy whatever the submission holds.
    #[serde(default)]
    pub fixed_files: Vec<PathBuf>,
    /// The README's requirements, each with a stable id that tests and solutions refer to.
    #[serde(default)]
    pub requirements: Vec<Requirement>,
    /// The hidden tests, in report order. Optional: when absent, every test the built hidden
    /// suite lists is graded with `test-defaults`.
    #[serde(default)]
    pub tests: Vec<TestDef>,
    /// Weight, timeout, memory and requirements of each discovered test (when `tests:` is
    /// absent).
    #[serde(default)]
    pub test_defaults: TestDefaults,
    /// The reference solution (the first `expect: pass`), other correct solutions, and the
    /// solutions that must fail.
    pub solutions: Vec<SolutionDef>,
}

fn default_visible_timeout_ms() -> u64 {
    10_000
}

/// Kata difficulty.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Difficulty {
    /// A warm-up.
    Easy,
    /// The usual interview kata.
    Medium,
    /// Needs design work.
    Hard,
}

/// One requirement of the challenge README, as data.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Requirement {
    /// Stable id, e.g. `R7`.
    pub id: String,
    /// The requirement in one line, as an interviewer would discuss it.
    pub text: String,
}

/// One hidden test.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TestDef {
    /// The test function's name (unique across the hidden files).
    pub name: String,
    /// Points earned when it passes.
    pub weight: u32,
    /// Ids of the requirements this test checks: failing it means missing them.
    pub checks: Vec<String>,
    /// Wall-clock limit of one run of the test process.
    pub timeout_ms: u64,
    /// Data-segment limit of the test process, in MiB.
    #[serde(default)]
    pub memory_mb: Option<u64>,
    /// CPUs the test keeps busy at once: a race that is only hit while its threads run side
    /// by side takes that many slots, so no other build or test shares them. 0: the test
    /// mostly waits (timers, sleeps) and would hold a CPU it does not use.
    #[serde(default)]
    pub cpus: Option<u32>,
    /// A timing threshold relative to the reference solution.
    #[serde(default)]
    pub timing: Option<TimingDef>,
    /// Makes this a compile-fail test instead of a run.
    #[serde(default)]
    pub compile_fail: Option<CompileFailDef>,
}

/// What a discovered test (one `tests:` does not list) is graded with.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TestDefaults {
    /// Points of each test.
    #[serde(default = "default_weight")]
    pub weight: u32,
    /// Wall-clock limit of one run.
    #[serde(default = "default_timeout_ms")]
    pub timeout_ms: u64,
    /// Data-segment limit in MiB.
    #[serde(default)]
    pub memory_mb: Option<u64>,
    /// Requirements every test checks.
    #[serde(default)]
    pub checks: Vec<String>,
}

impl Default for TestDefaults {
    fn default() -> TestDefaults {
        TestDefaults { weight: default_weight(), timeout_ms: default_timeout_ms(), memory_mb: None, checks: Vec::new() }
    }
}

impl TestDefaults {
    /// The definition of the discovered test `name`.
    pub fn test(&self, name: &str) -> TestDef {
        TestDef {
            name: name.to_string(),
            weight: self.weight,
            checks: self.checks.clone(),
            timeout_ms: self.timeout_ms,
            memory_mb: self.memory_mb,
            cpus: None,
            timing: None,
            compile_fail: None,
        }
    }
}

fn default_weight() -> u32 {
    1
}

fn default_timeout_ms() -> u64 {
    10_000
}

/// A timing threshold: the candidate's median over the reference's median.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TimingDef {
    /// What to measure.
    pub measure: Measure,
    /// The largest accepted ratio to the reference.
    pub limit_ratio: f64,
    /// Interleaved runs of each side.
    #[serde(default = "default_runs")]
    pub runs: u32,
}

fn default_runs() -> u32 {
    5
}

/// A snippet that must not compile against a correct solution.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CompileFailDef {
    /// The snippet, relative to the kata folder.
    pub snippet: PathBuf,
    /// The rustc error code the failure must carry, e.g. `E0277`.
    pub error_code: String,
}

/// A solution shipped with the kata, and what grading it must give.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SolutionDef {
    /// Folder relative to the kata folder, holding `src/`.
    pub dir: PathBuf,
    /// The mistake it makes, for people reading the verification table.
    #[serde(default)]
    pub description: String,
    /// Whether it must pass every test or fail.
    pub expect: Expect,
    /// For failing solutions: tests and the verdict each must get.
    #[serde(default)]
    pub verdicts: Vec<ExpectedVerdict>,
    /// For failing solutions: ids of the requirements it breaks; each must be checked by a
    /// test among its declared verdicts.
    #[serde(default)]
    pub breaks: Vec<String>,
}

/// The overall outcome a shipped solution must have.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Expect {
    /// Every hidden test passes.
    Pass,
    /// At least the declared verdicts occur.
    Fail,
}

/// One declared verdict of a failing solution.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExpectedVerdict {
    /// The hidden test.
    pub test: String,
    /// The verdict it must get.
    pub verdict: VerdictKind,
}
