//! Verdicts: how one test of a candidate ended. These are results, never errors.

use serde::{Deserialize, Serialize};

/// The kind of a verdict: the stable names scripts read in the JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerdictKind {
    /// Exited 0 and wrote the end-of-test marker.
    Passed,
    /// An assertion failed, or the test ended without its marker.
    Failed,
    /// Hit its wall-clock limit.
    TimedOut,
    /// Killed by a signal (stack overflow, abort, ...).
    Crashed,
    /// Ran out of its memory allowance.
    OutOfMemory,
    /// Wrote more output than allowed.
    OutputLimit,
    /// The crate or the tests did not compile.
    CompileError,
    /// Correct, but slower than the threshold relative to the reference.
    TooSlow,
    /// Correct, but its live heap grew past the declared bound (a leak).
    Memory,
}

impl VerdictKind {
    /// Whether the test earns its weight.
    pub fn is_pass(self) -> bool {
        self == VerdictKind::Passed
    }

    /// Name as printed to people and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            VerdictKind::Passed => "passed",
            VerdictKind::Failed => "failed",
            VerdictKind::TimedOut => "timed_out",
            VerdictKind::Crashed => "crashed",
            VerdictKind::OutOfMemory => "out_of_memory",
            VerdictKind::OutputLimit => "output_limit",
            VerdictKind::CompileError => "compile_error",
            VerdictKind::TooSlow => "too_slow",
            VerdictKind::Memory => "memory",
        }
    }
}

impl std::fmt::Display for VerdictKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
