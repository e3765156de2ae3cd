//! Katas from outside: `kata import exercism` on the fixture exercises of
//! `tests/fixtures/exercism/` (written for these tests in Exercism's layout), hidden suites of
//! plain Rust tests, one build per hidden file, and `kata new`.

use std::path::{Path, PathBuf};

use crate::support::{repo, verdict_of, KataTest};

const EXERCISES: &[&str] = &["vowel-score", "poll-counter", "bonus-stack"];

fn exercise(name: &str) -> String {
    repo().join("tests/fixtures/exercism").join(name).to_str().unwrap().to_string()
}

/// Imports `names` into `<t>/katas` and returns that folder.
fn import(t: &KataTest, names: &[&str]) -> PathBuf {
    let katas = t.path().join("katas");
    let mut args = vec!["import".to_string(), "exercism".to_string()];
    args.extend(names.iter().map(|n| exercise(n)));
    args.extend(["--into".to_string(), katas.to_str().unwrap().to_string(), "--offline".to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = t.run(&args);
    run.expect_code(0);
    print!("{}", run.stdout());
    katas
}

/// `kata --katas <katas> ARGS`.
fn with<'a>(katas: &'a Path, args: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec!["--katas", katas.to_str().unwrap()];
    all.extend_from_slice(args);
    all
}

/// A submission folder holding `src/lib.rs`.
fn submission(t: &KataTest, name: &str, lib: &str) -> String {
    let dir = t.path().join(name);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("src/lib.rs"), lib).unwrap();
    dir.to_str().unwrap().to_string()
}

fn grade(t: &KataTest, katas: &Path, folder: &str, kata: &str) -> serde_json::Value {
    t.run(&with(katas, &["grade", folder, "--kata", kata, "--format", "json", "--offline"])).expect_code(0).json()
}

#[test]
fn every_fixture_exercise_imports_checks_and_verifies() {
    let t = KataTest::new();
    let started = std::time::Instant::now();
    let katas = import(&t, EXERCISES);
    println!("import of {} exercises: {:.2} s", EXERCISES.len(), started.elapsed().as_secs_f64());
    for name in EXERCISES {
        for file in [
            "kata.yaml",
            "README.md",
            "Cargo.toml",
            "Cargo.lock",
            "starter/src/lib.rs",
            "solutions/reference/src/lib.rs",
        ] {
            assert!(katas.join(name).join(file).is_file(), "{name}: no {file}");
        }
    }
    // The exercise's manifest is not the starter's: the kata's own manifest stays in charge.
    assert!(!katas.join("vowel-score/starter/Cargo.toml").exists());
    let readme = std::fs::read_to_string(katas.join("vowel-score/README.md")).unwrap();
    assert!(readme.contains("pub quiz") && readme.contains("### Not a word") && readme.contains("empty word scores 0"));
    t.run(&with(&katas, &["check"])).expect_code(0).stdout_has("check builds nothing");
    let run = t.run(&with(&katas, &["verify", "--offline"]));
    print!("{}", run.stdout());
    run.expect_code(0)
        // Plain, ignored, should-panic and module tests.
        .stdout_has("vowel-score: 5 hidden tests discovered")
        // A registry dependency, graded offline from the lock file.
        .stdout_has("poll-counter: 3 hidden tests discovered")
        // The bonus test behind a feature counts.
        .stdout_has("bonus-stack: 4 hidden tests discovered");
    t.assert_no_leftovers();
}

#[test]
fn should_panic_ignored_and_module_tests_are_graded_by_their_outcome() {
    let t = KataTest::new();
    let katas = import(&t, &["vowel-score"]);
    // Scores non-letters as 0 instead of refusing them, and ignores case badly.
    let lenient = submission(
        &t,
        "lenient",
        "pub fn score(word: &str) -> u32 {\n    word.chars().map(|c| match c {\n        'a' | 'e' | 'i' | 'o' | 'u' => 2,\n        \
         c if c.is_ascii_lowercase() => 1,\n        _ => 0,\n    }).sum()\n}\n",
    );
    let json = grade(&t, &katas, &lenient, "vowel-score");
    assert_eq!(verdict_of(&json, "empty_word_scores_zero"), "passed");
    assert_eq!(verdict_of(&json, "consonants_score_one"), "passed", "an ignored test is graded");
    assert_eq!(verdict_of(&json, "digits_are_refused"), "failed", "no panic, no pass: {json}");
    assert_eq!(verdict_of(&json, "case::upper_case_scores_the_same"), "failed");
    // Panicking with another message is not the expected panic.
    let wrong_panic =
        submission(&t, "wrong-panic", "pub fn score(_word: &str) -> u32 {\n    panic!(\"no scoring today\")\n}\n");
    let json = grade(&t, &katas, &wrong_panic, "vowel-score");
    assert_eq!(verdict_of(&json, "digits_are_refused"), "failed", "{json}");
    assert_eq!(json["score"], 0);
}

/// The marker on stdout or stderr, then a clean exit before the body could fail: a plain
/// `#[test]` passes only when the harness wrote on the completion pipe after the body.
#[test]
fn a_plain_test_cannot_be_forged_by_printing_the_marker() {
    let t = KataTest::new();
    let katas = import(&t, &["vowel-score"]);
    let names = [
        "empty_word_scores_zero",
        "consonants_score_one",
        "vowels_score_two",
        "digits_are_refused",
        "case::upper_case_scores_the_same",
    ];
    let mut lib = String::from("pub fn score(_word: &str) -> u32 {\n");
    for name in names {
        lib.push_str(&format!("    println!(\"KATA-PASS {name}\");\n    eprintln!(\"KATA-PASS {name}\");\n"));
    }
    lib.push_str("    println!(\"test result: ok. 1 passed\");\n    std::process::exit(0)\n}\n");
    let forger = submission(&t, "forger", &lib);
    let json = grade(&t, &katas, &forger, "vowel-score");
    for name in names {
        assert_eq!(verdict_of(&json, name), "failed", "{name}: {json}");
    }
    assert_eq!(json["score"], 0);
}

#[test]
fn a_hidden_file_that_does_not_compile_fails_only_its_own_tests() {
    let t = KataTest::new();
    let katas = import(&t, &["bonus-stack"]);
    // Right for tests/stack.rs, but no `peek`: tests/peek.rs does not compile against it.
    let reference = std::fs::read_to_string(katas.join("bonus-stack/solutions/reference/src/lib.rs")).unwrap();
    let no_peek = reference.split("    #[cfg(feature = \"peek\")]").next().unwrap().to_string() + "}\n";
    let partial = submission(&t, "partial", &no_peek);
    let json = grade(&t, &katas, &partial, "bonus-stack");
    assert_eq!(verdict_of(&json, "a_new_stack_is_empty"), "passed", "{json}");
    assert_eq!(verdict_of(&json, "the_last_pushed_comes_first"), "passed");
    assert_eq!(verdict_of(&json, "peek_file_push_counts"), "compile_error");
    assert_eq!(verdict_of(&json, "peek_shows_the_top_without_removing_it"), "compile_error");
    assert_eq!(json["score"], 2);
    assert_eq!(json["max_score"], 4);
    assert!(json["compile_output"].as_str().unwrap().contains("tests/peek.rs"), "{json}");
}

#[test]
fn an_imported_kata_starts_with_its_first_tests_visible() {
    let t = KataTest::new();
    let katas = import(&t, &["vowel-score"]);
    t.run(&with(&katas, &["start", "vowel-score", "--dir", "work"])).expect_code(0);
    let visible = std::fs::read_to_string(t.path().join("work/tests/vowel_score.rs")).unwrap();
    assert!(visible.contains("empty_word_scores_zero") && !visible.contains("digits_are_refused"), "{visible}");
    // The stub's todo!() fails the visible test.
    t.run(&with(&katas, &["test", "--dir", "work", "--offline"])).expect_code(1).stdout_has("FAIL");
    // A candidate's own test file that does not compile is still a compile error of the run.
    let file = t.path().join("work/tests/vowel_score.rs");
    std::fs::write(&file, std::fs::read_to_string(&file).unwrap() + "fn broken( {\n").unwrap();
    t.run(&with(&katas, &["test", "--dir", "work", "--offline"])).expect_code(1).stdout_has("did not compile");
}

#[test]
fn kata_new_scaffolds_a_kata_that_checks_and_verifies() {
    let t = KataTest::new();
    let katas = t.path().join("mine");
    std::fs::create_dir_all(&katas).unwrap();
    t.run(&["new", "rate-limiter", "--into", katas.to_str().unwrap()]).expect_code(0);
    t.run(&with(&katas, &["check"])).expect_code(0);
    t.run(&with(&katas, &["verify", "--offline"]))
        .expect_code(0)
        .stdout_has("rate-limiter: 3 hidden tests discovered")
        .stdout_has("got:      30/30");
    // Never over an existing folder, never a known id.
    t.run(&["new", "rate-limiter", "--into", katas.to_str().unwrap()]).expect_code(2).stderr_has("already exists");
    t.run(&["new", "deadlock", "--into", katas.to_str().unwrap()]).expect_code(2).stderr_has("exists already");
}

#[test]
fn katas_folders_add_to_the_built_in_ones_and_an_id_twice_names_both() {
    let t = KataTest::new();
    let first = t.path().join("first");
    let second = t.path().join("second");
    for dir in [&first, &second] {
        std::fs::create_dir_all(dir).unwrap();
        t.run(&["new", "twice", "--into", dir.to_str().unwrap()]).expect_code(0);
    }
    t.run(&with(&first, &["list"])).expect_code(0).stdout_has("deadlock").stdout_has("twice");
    let run = t.run(&["--katas", first.to_str().unwrap(), "--katas", second.to_str().unwrap(), "list"]);
    run.expect_code(2).stderr_has("defined twice");
    let stderr = run.stderr();
    assert!(stderr.contains("first/twice") && stderr.contains("second/twice"), "{stderr}");
}
