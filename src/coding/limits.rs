//! The one place that decides how long and how large a process may run: a test's limits from
//! `kata.yaml` and the suite, and the fixed limits of our own tool runs (cargo, rustc, listing).

use std::time::Duration;

use super::runner::process::Limits;
use super::workspace::Suite;
use crate::kata::Kata;

/// Default anonymous-memory limit of a test process.
pub const DEFAULT_MEMORY_MB: u64 = 1024;
/// Output limit per stream of a test process.
pub const TEST_OUTPUT_BYTES: u64 = 8 * 1024 * 1024;
/// A build gets this long before it is killed: long enough for a cold dependency build.
pub const BUILD_TIMEOUT: Duration = Duration::from_secs(300);

/// One test's limits, resolved from its `kata.yaml` entry and the suite it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TestLimits {
    /// Wall-clock limit.
    pub timeout: Duration,
    /// Anonymous-memory limit in MiB.
    pub memory_mb: u64,
}

impl TestLimits {
    /// A hidden test takes its declared `timeout-ms` and `memory-mb`; a visible test (or a
    /// hidden one `kata.yaml` does not declare) takes the kata's `visible-timeout-ms` and the
    /// default memory.
    pub fn resolve(kata: &Kata, name: &str, suite: Suite) -> TestLimits {
        let def = kata.test(name).filter(|_| suite == Suite::Hidden);
        TestLimits {
            timeout: Duration::from_millis(def.map(|d| d.timeout_ms).unwrap_or(kata.def.visible_timeout_ms)),
            memory_mb: def.and_then(|d| d.memory_mb).unwrap_or(DEFAULT_MEMORY_MB),
        }
    }

    /// The process limits of a run of this test: no network, capped output.
    pub fn process(&self) -> Limits {
        Limits {
            timeout: self.timeout,
            memory_bytes: self.memory_mb * 1024 * 1024,
            output_bytes: TEST_OUTPUT_BYTES,
            no_network: true,
        }
    }
}

impl Limits {
    /// A cargo build: a cold dependency build may need minutes and gigabytes, and its JSON
    /// message stream is long.
    pub fn build(no_network: bool) -> Limits {
        Limits { timeout: BUILD_TIMEOUT, memory_bytes: 8 << 30, output_bytes: 256 << 20, no_network }
    }

    /// rustc checking a compile-fail snippet against the built library.
    pub fn snippet(timeout: Duration) -> Limits {
        Limits { timeout, memory_bytes: 4 << 30, output_bytes: 16 << 20, no_network: true }
    }

    /// A short query of a tool or test binary (`rustc -vV`, `--list`).
    pub fn query() -> Limits {
        Limits { timeout: Duration::from_secs(60), memory_bytes: 1 << 30, output_bytes: 16 << 20, no_network: true }
    }
}
