//! Bad definitions and bad input: a clear error naming the file (and line), never a panic.

use std::path::PathBuf;

use crate::support::{copy_dir, fixture_katas, KataTest};

/// A private copy of the fixture katas with `kata.yaml` (or another file) edited.
fn broken(file: &str, edit: impl Fn(String) -> String) -> (KataTest, PathBuf) {
    let t = KataTest::new();
    let katas = t.path().join("katas");
    copy_dir(&fixture_katas(), &katas);
    let path = katas.join("adder").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, edit(text)).unwrap();
    (t, katas)
}

#[track_caller]
fn check_reports(file: &str, edit: impl Fn(String) -> String, needles: &[&str]) {
    let (_t, katas) = broken(file, edit);
    let run = KataTest::with_katas(&katas).run(&["check"]);
    run.expect_code(1);
    for needle in needles {
        run.stdout_has(needle);
    }
    assert!(!run.stderr().contains("panicked"), "{}", run.stderr());
}

#[test]
fn unknown_field_names_file_line_and_field() {
    check_reports(
        "kata.yaml",
        |t| t.replace("difficulty: easy", "difficulty: easy\ncolour: red"),
        &["kata.yaml:6:", "colour"],
    );
}

#[test]
fn weights_that_do_not_add_up_are_reported_at_points() {
    check_reports("kata.yaml", |t| t.replace("points: 30", "points: 35"), &["kata.yaml:7:", "add up to 30"]);
}

#[test]
fn a_newer_format_version_is_refused_with_the_fix() {
    check_reports(
        "kata.yaml",
        |t| t.replace("format-version: 1", "format-version: 9"),
        &["kata.yaml:1:", "upgrade kata"],
    );
}

#[test]
fn an_unknown_requirement_id_names_the_test_and_the_known_ids() {
    check_reports(
        "kata.yaml",
        |t| t.replace("checks: [R2]", "checks: [R9]"),
        &["kata.yaml:", "private_field_is_private", "unknown requirement `R9`", "known: R1, R2"],
    );
}

#[test]
fn a_requirement_no_test_checks_is_reported_with_the_fix() {
    check_reports(
        "kata.yaml",
        |t| t.replace("  - { id: R2,", "  - { id: R3, text: \"nobody checks this\" }\n  - { id: R2,"),
        &["kata.yaml:12:", "requirement `R3` is checked by no test", "broken by no failing solution"],
    );
}

#[test]
fn a_claimed_break_without_a_verdict_on_its_tests_is_reported() {
    check_reports(
        "kata.yaml",
        |t| t.replace("breaks: [R1]", "breaks: [R1, R2]"),
        &["solutions/wrong breaks `R2` but none of its declared verdicts"],
    );
}

#[test]
fn broken_yaml_syntax_is_located() {
    check_reports("kata.yaml", |t| t.replace("tests:", "tests: [unclosed"), &["kata.yaml:"]);
}

#[test]
fn a_missing_readme_section_is_named() {
    check_reports("README.md", |t| t.replace("## Requirements", "## Musings"), &["README.md", "Requirements"]);
}

#[test]
fn a_declared_test_missing_from_the_hidden_files_stops_grading_with_exit_2() {
    let (_t, katas) = broken("kata.yaml", |t| t.replace("adds_many_numbers", "adds_lots_of_numbers"));
    let t = KataTest::with_katas(&katas);
    let folder = katas.join("adder/solutions/reference");
    t.run(&["grade", folder.to_str().unwrap(), "--kata", "adder"]).expect_code(2).stderr_has("adds_lots_of_numbers");
}

#[test]
fn an_unknown_kata_lists_the_known_ones() {
    KataTest::with_fixtures().run(&["start", "nope"]).expect_code(2).stderr_has("known: adder");
}

#[test]
fn grading_a_folder_without_src_says_what_to_grade() {
    let t = KataTest::with_fixtures();
    std::fs::create_dir(t.path().join("empty")).unwrap();
    t.run(&["grade", "empty", "--kata", "adder"]).expect_code(2).stderr_has("no src/lib.rs");
    t.run(&["grade", "empty"]).expect_code(2).stderr_has("not a started kata folder");
    t.run(&["grade", "missing"]).expect_code(2).stderr_has("missing does not exist");
    std::fs::write(t.path().join("notes.txt"), "").unwrap();
    t.run(&["grade", "notes.txt"]).expect_code(2).stderr_has("not a folder or a .tar.gz");
}

#[test]
fn an_edited_start_record_is_a_clear_error() {
    let t = KataTest::with_fixtures();
    t.run(&["start", "adder", "--dir", "work"]).expect_code(0);
    std::fs::write(t.path().join("work/.kata/started.yaml"), "kata: [adder\n").unwrap();
    t.run(&["test", "--dir", "work"]).expect_code(2).stderr_has("started.yaml:");
    std::fs::remove_file(t.path().join("work/.kata/started.yaml")).unwrap();
    t.run(&["hint", "--dir", "work"]).expect_code(2).stderr_has("kata start");
}

#[test]
fn symlinks_in_a_submission_are_ignored_with_a_warning() {
    let t = KataTest::with_fixtures();
    let sub = t.path().join("sub/src");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::copy(fixture_katas().join("adder/solutions/reference/src/lib.rs"), sub.join("lib.rs")).unwrap();
    std::os::unix::fs::symlink(fixture_katas().join("adder/hidden/sums.rs"), sub.join("stolen.rs")).unwrap();
    let json = t.run(&["grade", "sub", "--kata", "adder", "--format", "json"]).expect_code(0).json();
    assert!(json["warnings"][0].as_str().unwrap().contains("symbolic link ignored"), "{json}");
    assert_eq!(json["score"], 30);
}

#[test]
fn a_bad_rubric_fails_check_with_its_file_and_line() {
    let t = KataTest::new();
    let rubrics = t.path().join("rubrics");
    copy_dir(&crate::support::repo().join("rubrics"), &rubrics);
    let q8 = rubrics.join("q08-lost-update.yaml");
    let text = std::fs::read_to_string(&q8).unwrap();
    std::fs::write(&q8, text.replacen("\ntitle:", "\ncolour: red\ntitle:", 1)).unwrap();
    let run = t.run(&["--rubrics", rubrics.to_str().unwrap(), "check"]);
    run.expect_code(1).stdout_has("q08-lost-update.yaml:").stdout_has("colour");
}

#[test]
fn huge_and_non_utf8_answer_sheets_are_refused_with_the_file_named() {
    let t = KataTest::new();
    let huge = t.path().join("ANSWERS.md");
    let line = "### Answer Q1:\nThe slice keeps the whole backing array alive. ".repeat(1 << 16);
    std::fs::write(&huge, line.repeat(2)).unwrap();
    t.run(&["grade", "--answers", "ANSWERS.md", "--format", "json"])
        .expect_code(2)
        .stderr_has("ANSWERS.md")
        .stderr_has("refused");
    std::fs::write(&huge, [b'#', 0xff, 0xfe, b'\n']).unwrap();
    t.run(&["grade", "--answers", "ANSWERS.md", "--format", "json"]).expect_code(2).stderr_has("UTF-8");
}
