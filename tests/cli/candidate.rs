//! The candidate's loop: start, test, hint, and starting twice.

use crate::support::KataTest;

#[test]
fn start_writes_the_starter_and_never_the_hidden_parts() {
    let t = KataTest::with_fixtures();
    t.run(&["start", "adder", "--dir", "work"]).expect_code(0).stdout_has("kata test");
    let work = t.path().join("work");
    for present in [
        "Cargo.toml",
        "Cargo.lock",
        "README.md",
        "src/lib.rs",
        "tests/visible.rs",
        ".kata/started.yaml",
        "kata-harness/src/lib.rs",
    ] {
        assert!(work.join(present).exists(), "missing {present}");
    }
    for absent in ["hidden", "solutions", "kata.yaml", "tests/sums.rs"] {
        assert!(!work.join(absent).exists(), "{absent} must not reach the candidate");
    }
    let readme = std::fs::read_to_string(work.join("README.md")).unwrap();
    assert!(readme.contains("## Task") && !readme.contains("Hints"), "{readme}");
    let record = std::fs::read_to_string(work.join(".kata/started.yaml")).unwrap();
    assert!(record.contains("kata: adder") && record.contains("started-at:"), "{record}");
}

#[test]
fn start_refuses_to_overwrite_an_existing_folder() {
    let t = KataTest::with_fixtures();
    std::fs::create_dir(t.path().join("mine")).unwrap();
    std::fs::write(t.path().join("mine/notes.txt"), "keep me").unwrap();
    t.run(&["start", "adder", "--dir", "mine"]).expect_code(2).stderr_has("already exists");
    assert_eq!(std::fs::read_to_string(t.path().join("mine/notes.txt")).unwrap(), "keep me");
}

#[test]
fn test_fails_on_the_starter_and_passes_once_fixed() {
    let t = KataTest::with_fixtures();
    t.run(&["start", "adder", "--dir", "work"]).expect_code(0);
    let work = t.path().join("work");
    let dir = work.to_str().unwrap();
    t.run(&["test", "--dir", dir]).expect_code(1).stdout_has("FAIL").stdout_has("two_plus_three");
    let lib = work.join("src/lib.rs");
    let fixed = std::fs::read_to_string(&lib).unwrap().replace("a - b", "a + b");
    std::fs::write(&lib, fixed).unwrap();
    t.run(&["test", "--dir", dir]).expect_code(0).stdout_has("PASS").stdout_has("1 of 1 tests passed");
    // Grading the started folder finds the kata from its record.
    let json = t.run(&["grade", dir, "--format", "json"]).expect_code(0).json();
    assert_eq!(json["score"], 30);
    assert!(json["started_at"].is_string());
    t.assert_no_leftovers();
}

#[test]
fn hints_come_one_at_a_time_then_all() {
    let t = KataTest::with_fixtures();
    t.run(&["start", "adder", "--dir", "work"]).expect_code(0);
    let dir = t.path().join("work");
    let dir = dir.to_str().unwrap();
    t.run(&["hint", "--dir", dir]).expect_code(0).stdout_has("Hint 1/2: Use `+`.");
    t.run(&["hint", "--dir", dir]).expect_code(0).stdout_has("Hint 2/2");
    t.run(&["hint", "--dir", dir]).expect_code(0).stdout_has("No more hints");
}

#[test]
fn list_and_show_use_the_built_in_katas() {
    let t = KataTest::new();
    t.run(&["list"]).expect_code(0).stdout_has("deadlock");
    t.run(&["show", "deadlock"]).expect_code(0).stdout_has("## Task");
}

/// What a candidate build (`--features candidate`) embeds: katas without hidden tests,
/// solutions or benchmarks. It must still start and test katas, and refuse to grade clearly.
#[test]
fn a_kata_without_hidden_tests_or_solutions_starts_and_tests_but_does_not_grade() {
    let t = KataTest::new();
    let katas = t.path().join("katas");
    crate::support::copy_dir(&crate::support::fixture_katas(), &katas);
    for secret in ["hidden", "solutions", "bench"] {
        std::fs::remove_dir_all(katas.join("adder").join(secret)).unwrap();
    }
    let t = KataTest::with_katas(&katas);
    t.run(&["check"]).expect_code(0);
    t.run(&["start", "adder", "--dir", "work"]).expect_code(0);
    t.run(&["test", "--dir", "work"]).expect_code(1).stdout_has("two_plus_three");
    t.run(&["grade", "work"]).expect_code(2).stderr_has("candidate build");
}

#[test]
fn test_works_from_any_folder_inside_the_kata_and_filters_by_name() {
    let t = KataTest::with_fixtures();
    t.run(&["start", "adder", "--dir", "work"]).expect_code(0);
    let src = t.path().join("work/src");
    let mut cmd = t.command(&["test"]);
    cmd.current_dir(&src);
    let run = crate::support::Run::new(cmd.output().unwrap(), &["test"]);
    run.expect_code(1).stdout_has("two_plus_three");
    // A filter that matches runs that test; one that matches nothing says so.
    t.run(&["test", "three", "--dir", "work/src"]).expect_code(1).stdout_has("two_plus_three").stdout_has("1 tests");
    t.run(&["test", "nothing-like-it", "--dir", "work"]).expect_code(1).stdout_has("no visible test name contains");
    // Outside any kata, the advice names both kinds of folder.
    t.run(&["test"]).expect_code(2).stderr_has("not inside a started kata folder");
}

#[test]
fn a_compile_error_never_reads_as_zero_of_zero_tests() {
    let t = KataTest::with_fixtures();
    t.run(&["start", "adder", "--dir", "work"]).expect_code(0);
    std::fs::write(t.path().join("work/src/lib.rs"), "pub fn add(a: u32, b: u32) -> u32 { a + }\n").unwrap();
    let run = t.run(&["test", "--dir", "work"]);
    run.expect_code(1).stdout_has("did not compile").stdout_has("No test ran");
    assert!(!run.stdout().contains("0 of 0"), "{}", run.stdout());
}

#[test]
fn watch_on_a_pipe_neither_clears_the_screen_nor_counts_zero_tests_after_a_compile_error() {
    use std::io::Write;
    let t = KataTest::with_fixtures();
    t.run(&["start", "adder", "--dir", "work"]).expect_code(0);
    std::fs::write(t.path().join("work/src/lib.rs"), "pub fn add(a: u32, b: u32) -> u32 { a + }\n").unwrap();
    let mut child = t
        .command(&["watch", "--dir", "work"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"q\n").unwrap();
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("No test ran") && !stdout.contains("0 of 0"), "{stdout}");
    assert!(!stdout.contains('\u{1b}'), "a pipe got terminal control sequences: {stdout:?}");
}

/// A kata started alone is submitted alone: `kata submit` in its folder packs it, and the
/// interviewer grades the archive like an assessment's (the kata is the whole total), with the
/// hints the candidate took in every report format.
#[test]
fn a_single_kata_is_submitted_and_graded_from_its_archive_with_the_hints_taken() {
    let t = KataTest::with_fixtures();
    t.run(&["start", "adder", "--dir", "work"]).expect_code(0);
    t.run(&["hint", "--dir", "work"]).expect_code(0).stdout_has("Hint 1/2: Use `+`.");
    let reference = crate::support::repo().join("tests/fixtures/katas/adder/solutions/reference/src/lib.rs");
    std::fs::copy(reference, t.path().join("work/src/lib.rs")).unwrap();
    let mut submit = t.command(&["submit", "--candidate", "Ada"]);
    submit.current_dir(t.path().join("work/src"));
    let run = crate::support::Run::new(submit.output().unwrap(), &["submit"]);
    run.expect_code(0).stdout_has("submission.tar.gz");
    let archive = t.path().join("work/submission.tar.gz");
    assert!(archive.is_file());

    let run = t.run(&["grade", archive.to_str().unwrap(), "-o", "ada.json", "--format", "json"]);
    let json = run.expect_code(0).json();
    assert_eq!(json["assessment"], "kata:adder", "{json}");
    assert_eq!(json["candidate"], "Ada");
    assert_eq!(json["total"], 100.0, "{json}");
    assert_eq!(json["katas"][0]["result"]["score"], 30);
    assert_eq!(json["integrity"]["findings"].as_array().unwrap().len(), 0, "{}", json["integrity"]);
    assert_eq!(json["katas"][0]["time"]["hints_taken"], 1, "{json}");
    assert_eq!(json["katas"][0]["time"]["hints"][0], "Use `+`.");

    t.run(&["report", "ada.json", "--html", "ada.html"]).expect_code(0);
    let html = std::fs::read_to_string(t.path().join("ada.html")).unwrap();
    assert!(html.contains(r#"id="kata-adder-hints">Hints taken: 1<"#) && html.contains("<li>Use `+`.</li>"), "{html}");
    t.run(&["report", "ada.json", "--format", "md"])
        .expect_code(0)
        .stdout_has("Hints taken: 1")
        .stdout_has("1. Use \\`+\\`.");
    t.run(&["report", "ada.json"]).expect_code(0).stdout_has("1 hint taken").stdout_has("hint 1: Use `+`.");
    t.run(&["report", "ada.json", "--format", "junit"])
        .expect_code(0)
        .stdout_has(r#"<property name="hints-taken" value="1"/>"#)
        .stdout_has("<system-out>Hints taken: 1\n1. Use `+`.</system-out>");
    t.assert_no_leftovers();
}
