//! One kata's results: every test's verdict, time and memory against its limits.

use serde::{Deserialize, Serialize};

use super::VerdictKind;

/// The result of grading one kata: the JSON contract scripts read.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KataResult {
    /// Kata id.
    pub kata: String,
    /// Kata title.
    pub title: String,
    /// Kata content version.
    pub kata_version: String,
    /// Version of this tool.
    pub tool_version: String,
    /// The graded folder.
    pub submission: String,
    /// When the candidate started (from the started folder), if known.
    pub started_at: Option<String>,
    /// When grading ran.
    pub graded_at: String,
    /// Sum of the weights of passed tests.
    pub score: u32,
    /// Sum of all weights.
    pub max_score: u32,
    /// Whether the submission compiled.
    pub compiled: bool,
    /// rustc's diagnostics when it did not.
    pub compile_output: Option<String>,
    /// Build time in milliseconds.
    pub build_ms: u64,
    /// Every test, in the kata's order.
    pub tests: Vec<TestResult>,
    /// The kata's requirements that a failed test checks, in the kata's order: what to discuss
    /// with the candidate.
    #[serde(default)]
    pub missed_requirements: Vec<MissedRequirement>,
    /// Things noticed about the submission (ignored symlinks, ...).
    pub warnings: Vec<String>,
    /// False while grading is still running (a partial results file).
    pub complete: bool,
    /// The containment the submission's build and tests ran under (absent in results saved
    /// before it was recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub containment: Option<super::Containment>,
}

/// A requirement of the kata that a failed test checks.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct MissedRequirement {
    /// The requirement's id in `kata.yaml`, e.g. `R7`.
    pub id: String,
    /// What it asks, in one line.
    pub text: String,
}

/// One test's result.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TestResult {
    /// Test name.
    pub name: String,
    /// The verdict.
    pub verdict: VerdictKind,
    /// Wall time of the (last) run in milliseconds.
    pub duration_ms: u64,
    /// CPU time of the (last) run in milliseconds.
    pub cpu_ms: u64,
    /// Points the test is worth.
    pub weight: u32,
    /// Why it failed (empty when passed).
    pub message: String,
    /// Its wall-clock limit.
    pub timeout_ms: u64,
    /// Peak resident memory in KiB.
    pub max_rss_kib: u64,
    /// The timing measurement, for tests with a threshold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timing: Option<TimingResult>,
}

/// A timing threshold's measurement.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TimingResult {
    /// Which clock.
    pub measure: Measure,
    /// Geometric mean of the interleaved pairs' candidate/reference ratios.
    pub ratio: f64,
    /// The largest accepted ratio.
    pub limit: f64,
    /// Median candidate time in milliseconds.
    pub candidate_ms: f64,
    /// Median reference time in milliseconds.
    pub reference_ms: f64,
    /// Interleaved runs of each side (the sequential rule of `coding::timing` decides how
    /// many).
    pub runs: u32,
    /// Whether the rule stopped with a clear answer (false: the last pair was taken and the
    /// estimate was judged as it was).
    #[serde(default)]
    pub decided: bool,
    /// Share of the machine's CPU time other work used while these runs ran, 0 to 1 (absent
    /// where it could not be read).
    #[serde(default)]
    pub others_load: Option<f64>,
    /// Whether the verdict was taken on a loaded machine (other work above a quarter of the
    /// CPUs), which the report says beside it.
    #[serde(default)]
    pub loaded: bool,
}

impl KataResult {
    /// Recomputes the score from the verdicts.
    pub(crate) fn rescore(&mut self) {
        self.score = self.tests.iter().filter(|t| t.verdict.is_pass()).map(|t| t.weight).sum();
    }

    /// Whether every test passed.
    pub fn all_passed(&self) -> bool {
        self.compiled && self.tests.iter().all(|t| t.verdict.is_pass())
    }
}

/// Which clock a timing threshold reads.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    /// User + system CPU time: robust under load, for single-threaded work.
    Cpu,
    /// Wall time: for contention, where blocked time is the point.
    Wall,
}
