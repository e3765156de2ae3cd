//! Runs one test of a built workspace in its own process and turns how it ended into a
//! [`Verdict`]. A candidate's failure is a verdict; `Err` is the grader's own failure.

pub mod confine;
pub mod interrupt;
pub mod process;
pub mod sandbox;
pub mod sys;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use process::{ProcessOutcome, ProcessSpec};

use super::limits::{TestLimits, TEST_OUTPUT_BYTES};
use crate::results::VerdictKind;

/// Below this share of CPU time over wall time, a timeout is reported as a likely deadlock.
const IDLE_CPU_SHARE: f64 = 0.10;

/// How one run of a test ended.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// The verdict.
    pub kind: VerdictKind,
    /// Why, for people: the panic message, the signal, the timeout.
    pub message: String,
    /// Wall time of the run.
    pub wall: Duration,
    /// CPU time of the run.
    pub cpu: Duration,
    /// Peak RSS in KiB.
    pub max_rss_kib: u64,
    /// Why a passing test could not gather the evidence it wanted (it said so on the
    /// completion pipe before its pass line).
    pub unsure: Option<String>,
}

/// One test to run: a test binary and a test name in it.
#[derive(Debug, Clone)]
pub struct TestRun<'a> {
    /// The test executable.
    pub binary: &'a Path,
    /// The test's name as libtest lists it.
    pub name: &'a str,
    /// Folder for this run's output files and temporary files.
    pub scratch: PathBuf,
    /// Its limits.
    pub limits: TestLimits,
    /// Whether a pass needs the harness's end-of-test marker (hidden tests) or exit 0 is
    /// enough (a candidate's own visible tests).
    pub require_marker: bool,
}

/// Runs one test in its own process. `Err` only when the grader could not spawn it.
pub fn run_test(test: &TestRun<'_>) -> anyhow::Result<Verdict> {
    crate::util::fs::refuse_when_stopping()?;
    let tmp = test.scratch.join("tmp");
    std::fs::create_dir_all(&tmp)?;
    let spec = ProcessSpec::new(test.binary, &tmp, &test.scratch, test.limits.process())
        .args(["--exact", test.name, "--nocapture", "--test-threads=1"])
        .env(test_env(&tmp))
        .confined(test_policy(test.binary, &tmp))
        .with_completion_pipe();
    let outcome = process::run(&spec)?;
    Ok(judge(&outcome, test))
}

/// A test may execute its own binary and write its own folder; nothing else of ours (not the
/// workspace with the hidden sources, not the cache, not procfs, not the shared temp folders).
pub fn test_policy(binary: &Path, scratch: &Path) -> confine::Policy {
    let mut policy = confine::Policy::base();
    policy.exec.push(binary.to_path_buf());
    policy.write.push(scratch.to_path_buf());
    policy
}

/// The only line that proves a hidden test ran to its end: written by the harness after the
/// body returned, on the completion pipe (fd 3) that no code of the submission can reach.
pub fn completion_line(name: &str) -> String {
    format!("KATA-PASS {name}\n")
}

/// Whether the completion pipe holds exactly this test's pass line, last, and what the test
/// said it was unsure of before it (`KATA-UNSURE <name> <reason>` lines).
fn read_completion(completion: &[u8], name: &str) -> (bool, Option<String>) {
    let Ok(text) = std::str::from_utf8(completion) else { return (false, None) };
    let Some(before) = text.strip_suffix(completion_line(name).as_str()) else { return (false, None) };
    let prefix = format!("KATA-UNSURE {name} ");
    let mut reasons = Vec::new();
    for line in before.lines() {
        match line.strip_prefix(prefix.as_str()) {
            Some(reason) => reasons.push(reason.trim().to_string()),
            None => return (false, None),
        }
    }
    (true, (!reasons.is_empty()).then(|| reasons.join("; ")))
}

/// The clean environment of a test process: nothing of ours leaks in (RUST_BACKTRACE=1 on
/// these machines would flood every panic message with a backtrace).
fn test_env(tmp: &Path) -> Vec<(OsString, OsString)> {
    let mut env: Vec<(OsString, OsString)> = vec![
        ("PATH".into(), "/usr/local/bin:/usr/bin:/bin".into()),
        ("HOME".into(), tmp.into()),
        ("TMPDIR".into(), tmp.into()),
        ("LANG".into(), "C.UTF-8".into()),
        ("RUST_BACKTRACE".into(), "0".into()),
        ("KATA_MARKER".into(), "1".into()),
    ];
    env.push(("RUST_TEST_THREADS".into(), "1".into()));
    env
}

/// Maps how the process ended to a verdict, in the order that keeps each cause distinct.
pub fn judge(outcome: &ProcessOutcome, test: &TestRun<'_>) -> Verdict {
    let verdict = |kind, message: String| Verdict {
        kind,
        message,
        wall: outcome.wall,
        cpu: outcome.cpu,
        max_rss_kib: outcome.max_rss_kib,
        unsure: None,
    };
    if outcome.timed_out {
        let share = outcome.cpu.as_secs_f64() / outcome.wall.as_secs_f64().max(1e-9);
        let mut message = format!("timed out after {:.1} s", test.limits.timeout.as_secs_f64());
        if share < IDLE_CPU_SHARE {
            message.push_str(&format!(
                " (likely deadlock: the process used {} ms of CPU while it waited)",
                outcome.cpu.as_millis()
            ));
        }
        return verdict(VerdictKind::TimedOut, message);
    }
    if let Some(signal) = outcome.signal {
        return match signal {
            libc::SIGXCPU => verdict(VerdictKind::TimedOut, "CPU time limit exceeded".into()),
            libc::SIGXFSZ => verdict(
                VerdictKind::OutputLimit,
                format!("wrote more than {} MiB of output", TEST_OUTPUT_BYTES / (1024 * 1024)),
            ),
            libc::SIGABRT if outcome.stderr.contains("memory allocation of") => verdict(
                VerdictKind::OutOfMemory,
                format!(
                    "ran out of memory (limit {} MiB): {}",
                    test.limits.memory_mb,
                    last_line_with(&outcome.stderr, "memory allocation of")
                ),
            ),
            libc::SIGSEGV | libc::SIGABRT if outcome.stderr.contains("has overflowed its stack") => {
                verdict(VerdictKind::Crashed, "stack overflow".into())
            }
            _ => {
                let mut message = format!("killed by {}", sys::signal_name(signal));
                if let Some(panic) = panic_message(&outcome.stderr) {
                    message.push_str(&format!(" after a panic: {panic}"));
                }
                verdict(VerdictKind::Crashed, message)
            }
        };
    }
    if outcome.output_limit_hit {
        return verdict(VerdictKind::OutputLimit, "output limit reached".into());
    }
    if !outcome.escaped_files.is_empty() {
        let paths: Vec<String> = outcome.escaped_files.iter().map(|p| p.display().to_string()).collect();
        return verdict(VerdictKind::Failed, format!("wrote outside its workspace (removed): {}", paths.join(", ")));
    }
    let (marked, unsure) = read_completion(&outcome.completion, test.name);
    match outcome.code {
        Some(0) if marked || !test.require_marker => Verdict { unsure, ..verdict(VerdictKind::Passed, String::new()) },
        Some(0) => verdict(
            VerdictKind::Failed,
            "the test process exited 0 before the test body finished (did the code call \
             std::process::exit?); a pass needs the test to run to its end"
                .into(),
        ),
        Some(code) => match panic_message(&outcome.stderr) {
            Some(panic) if panic.contains("KATA-MEMORY:") => {
                verdict(VerdictKind::Memory, panic.replacen("KATA-MEMORY:", "", 1).trim().to_string())
            }
            Some(panic) if panic.contains("KATA-SLOW:") => {
                verdict(VerdictKind::TooSlow, panic.replacen("KATA-SLOW:", "", 1).trim().to_string())
            }
            Some(panic) => verdict(VerdictKind::Failed, panic),
            None if outcome.stdout.contains("running 0 tests") => {
                verdict(VerdictKind::Failed, format!("test `{}` was not found in the test binary", test.name))
            }
            None => verdict(VerdictKind::Failed, format!("exited with code {code}")),
        },
        None => verdict(VerdictKind::Crashed, "ended without an exit code".into()),
    }
}

/// The first panic's message from libtest's stderr, without the location line and notes.
pub fn panic_message(stderr: &str) -> Option<String> {
    let start = stderr.find("panicked at ")?;
    let after = &stderr[start..];
    // "panicked at src/lib.rs:3:5:\nmessage..." (since Rust 1.73).
    let (location, body) = after.split_once('\n').unwrap_or((after, ""));
    let location = location.trim_start_matches("panicked at ").trim_end_matches(':');
    let mut lines = Vec::new();
    for line in body.lines() {
        if line.starts_with("note: ") || line.starts_with("stack backtrace:") || line.starts_with("KATA-PASS ") {
            break;
        }
        if line.starts_with("thread '") && line.contains("panicked at") {
            break;
        }
        lines.push(line);
        if lines.len() >= 20 {
            lines.push("...");
            break;
        }
    }
    let message = lines.join("\n").trim().to_string();
    let mut text = if message.is_empty() { "panicked".to_string() } else { message };
    if text.len() > 2000 {
        let cut = (0..=2000).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        text.truncate(cut);
        text.push_str("...");
    }
    Some(format!("{text} (at {location})"))
}

fn last_line_with<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines().rev().find(|l| l.contains(needle)).unwrap_or("").trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panic_message_drops_location_and_notes() {
        let stderr = "running 1 test\n\nthread 'x' panicked at tests/a.rs:3:5:\nassertion failed: total == 100\nnote: run with `RUST_BACKTRACE=1`\n";
        assert_eq!(panic_message(stderr).unwrap(), "assertion failed: total == 100 (at tests/a.rs:3:5)");
    }

    fn outcome(code: i32, stderr: &str, completion: &[u8]) -> ProcessOutcome {
        ProcessOutcome {
            code: Some(code),
            signal: None,
            timed_out: false,
            wall: Duration::from_millis(5),
            cpu: Duration::from_millis(5),
            max_rss_kib: 0,
            stdout: String::new(),
            stderr: stderr.into(),
            output_limit_hit: false,
            escaped_files: Vec::new(),
            completion: completion.to_vec(),
        }
    }

    fn hidden(name: &str) -> TestRun<'_> {
        TestRun {
            binary: Path::new("/bin/true"),
            name,
            scratch: PathBuf::from("/nonexistent"),
            limits: TestLimits { timeout: Duration::from_secs(1), memory_mb: 64 },
            require_marker: true,
        }
    }

    #[test]
    fn a_pass_needs_exit_zero_and_the_exact_completion_line() {
        let test = hidden("adds");
        assert_eq!(judge(&outcome(0, "", b"KATA-PASS adds\n"), &test).kind, VerdictKind::Passed);
        // Whatever the process prints, only the pipe counts.
        let forged = outcome(0, "KATA-PASS adds\ntest result: ok. 1 passed\n", b"");
        assert_eq!(judge(&forged, &test).kind, VerdictKind::Failed);
        assert_eq!(judge(&outcome(0, "", b"KATA-PASS other\n"), &test).kind, VerdictKind::Failed);
        assert_eq!(judge(&outcome(0, "", b"KATA-PASS adds\nKATA-PASS adds\n"), &test).kind, VerdictKind::Failed);
        assert_eq!(judge(&outcome(101, "", b"KATA-PASS adds\n"), &test).kind, VerdictKind::Failed);
    }

    #[test]
    fn an_unsure_pass_is_a_pass_that_says_why_and_only_on_the_pipe() {
        let test = hidden("races");
        let unsure = judge(&outcome(0, "", b"KATA-UNSURE races ran 12 times\nKATA-PASS races\n"), &test);
        assert_eq!((unsure.kind, unsure.unsure.as_deref()), (VerdictKind::Passed, Some("ran 12 times")));
        assert_eq!(judge(&outcome(0, "", b"KATA-PASS races\n"), &test).unsure, None);
        // Unsure without the pass line, for another test, or after the pass line: no pass.
        assert_eq!(judge(&outcome(0, "", b"KATA-UNSURE races ran 12 times\n"), &test).kind, VerdictKind::Failed);
        let other = outcome(0, "", b"KATA-UNSURE other x\nKATA-PASS races\n");
        assert_eq!(judge(&other, &test).kind, VerdictKind::Failed);
        let late = outcome(0, "", b"KATA-PASS races\nKATA-UNSURE races x\n");
        assert_eq!(judge(&late, &test).kind, VerdictKind::Failed);
        // Printed on stdout it is only text.
        let printed = judge(&outcome(0, "KATA-UNSURE races x\n", b"KATA-PASS races\n"), &test);
        assert_eq!((printed.kind, printed.unsure), (VerdictKind::Passed, None));
    }
}
