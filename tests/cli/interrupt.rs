//! Ctrl-C during grading or testing a deadlocking submission: `kata` ends within a couple of
//! seconds, and no test process or temporary folder survives it.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::{copy_dir, fixture_katas, repo, KataTest};

/// Pids of processes whose command line mentions `needle`.
fn processes_mentioning(needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        if String::from_utf8_lossy(&cmdline).contains(needle) {
            found.push(format!("{name}: {}", String::from_utf8_lossy(&cmdline).replace('\0', " ")));
        }
    }
    found
}

/// Fixture katas whose runtime tests wait a minute before timing out, so an interrupt lands
/// while they run.
fn slow_katas(t: &KataTest) -> std::path::PathBuf {
    let katas = t.path().join("katas");
    copy_dir(&fixture_katas(), &katas);
    let yaml = katas.join("adder/kata.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap().replace("timeout-ms: 3000", "timeout-ms: 60000");
    std::fs::write(&yaml, text).unwrap();
    katas
}

/// Starts `args`, waits until one of its test processes runs, interrupts it, and checks that
/// it ends at once and leaves nothing.
fn interrupt_while_testing(t: &KataTest, args: &[&str], test_name: &str) {
    let mut child = t.command(args).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let start = Instant::now();
    // Only this scenario's test processes: their binaries live in its own TMPDIR.
    let tmp = t.tmp.path().to_string_lossy().into_owned();
    while processes_mentioning(&tmp).iter().all(|p| !p.contains("--exact") || !p.contains(test_name)) {
        assert!(start.elapsed() < Duration::from_secs(300), "no test process of {args:?} started");
        assert!(child.try_wait().unwrap().is_none(), "kata {args:?} ended before it was interrupted");
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(300));
    let status = std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let interrupted = Instant::now();
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        assert!(interrupted.elapsed() < Duration::from_secs(5), "kata {args:?} still running 5 s after Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(code, Some(130), "kata {args:?} after Ctrl-C");
    let survivors = processes_mentioning(&tmp);
    assert!(survivors.is_empty(), "processes survived Ctrl-C: {survivors:?}");
    t.assert_no_leftovers();
}

#[test]
fn ctrl_c_during_grade_kills_every_test_and_removes_every_folder() {
    let t = KataTest::new();
    let katas = slow_katas(&t);
    let t = KataTest::with_katas(&katas);
    let folder = repo().join("tests/hostile/deadlock");
    interrupt_while_testing(&t, &["grade", folder.to_str().unwrap(), "--kata", "adder"], "adds_");
}

#[test]
fn ctrl_c_during_test_kills_every_test_and_removes_every_folder() {
    let t = KataTest::new();
    let katas = slow_katas(&t);
    let t = KataTest::with_katas(&katas);
    t.run(&["start", "adder", "--dir", "work"]).expect_code(0);
    let yaml = katas.join("adder/kata.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap().replace("visible-timeout-ms: 3000", "visible-timeout-ms: 60000");
    std::fs::write(&yaml, text).unwrap();
    std::fs::copy(repo().join("tests/hostile/deadlock/src/lib.rs"), t.path().join("work/src/lib.rs")).unwrap();
    let work = t.path().join("work");
    assert!(Path::new(&work).is_dir());
    interrupt_while_testing(&t, &["test", "--dir", work.to_str().unwrap()], "two_plus_three");
}
