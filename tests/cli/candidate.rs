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
