//! Property tests ("fuzzing") of every parser that reads files from many hands: kata
//! definitions, challenge READMEs, rubrics, answer sheets and reflections. Each must return a
//! result or an error that names the file, never panic.
//!
//! Run longer with `PROPTEST_CASES=5000 cargo test --test cli fuzz::`.

use std::path::Path;

use proptest::prelude::*;

use crate::support::{fixture_katas, repo};

/// Text that looks enough like our formats to reach deep into the parsers.
fn format_like() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(
        prop_oneof![
            Just("format-version: 1\n".to_string()),
            Just("tests:\n  - name: a\n    weight: 1\n    timeout-ms: 10\n".to_string()),
            Just("## Hints\n- one\n".to_string()),
            Just("### Answer Q3:\n".to_string()),
            Just("## Q1\n".to_string()),
            Just("```go\nfunc x() {}\n```\n".to_string()),
            Just("- \n* [ ] \n".to_string()),
            Just("\u{0}\u{feff}\r\n\t".to_string()),
            Just("criteria:\n  - id: x\n    points: -3\n".to_string()),
            "[ -~]{0,40}\n",
            "\\PC{0,20}",
        ],
        0..24,
    );
    pieces.prop_map(|p| p.concat())
}

/// A real file with random bytes replaced, inserted or cut.
fn mutated(original: String) -> impl Strategy<Value = String> {
    let len = original.len().max(1);
    prop::collection::vec((0..len, 0u8..3, "[ -~\n]{0,6}"), 1..6).prop_map(move |edits| {
        let mut text = original.clone();
        for (at, kind, insert) in edits {
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            match kind {
                0 => text.insert_str(at, &insert),
                1 => {
                    let mut end = (at + insert.len()).min(text.len());
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                    text.replace_range(at..end, "");
                }
                _ => text.replace_range(at..at, "\n  - \n"),
            }
        }
        text
    })
}

fn config() -> ProptestConfig {
    ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn kata_yaml_never_panics(text in format_like()) {
        let _ = kata::content::yaml::parse::<kata::kata::KataDef>(&text, Path::new("kata.yaml"));
    }

    #[test]
    fn mutated_kata_folders_load_or_name_the_file(text in mutated(std::fs::read_to_string(fixture_katas().join("adder/kata.yaml")).unwrap())) {
        let dir = tempfile::tempdir().unwrap();
        let kata_dir = dir.path().join("adder");
        crate::support::copy_dir(&fixture_katas().join("adder"), &kata_dir);
        std::fs::write(kata_dir.join("kata.yaml"), &text).unwrap();
        if let Err(err) = kata::kata::load(&kata_dir) {
            prop_assert!(err.to_string().contains("adder"), "error without the file: {err}");
        }
    }

    #[test]
    fn challenge_readme_never_panics(text in format_like()) {
        let _ = kata::kata::readme::parse(&text, Path::new("README.md"));
    }

    #[test]
    fn answer_sheets_never_panic(text in format_like()) {
        let set = kata::written::load_question_rubrics(&repo().join("rubrics")).unwrap();
        let result = kata::written::grade_answer_text(&set, &text, Path::new("ANSWERS.md"));
        prop_assert!(result.score <= result.max_score);
    }

    #[test]
    fn mutated_seed_answer_sheets_never_panic(text in mutated(std::fs::read_to_string(repo().join("tests/fixtures/answers/seed-004.md")).unwrap_or_default())) {
        let set = kata::written::load_question_rubrics(&repo().join("rubrics")).unwrap();
        let _ = kata::written::grade_answer_text(&set, &text, Path::new("ANSWERS.md"));
    }

    #[test]
    fn mutated_rubrics_load_or_name_the_file(text in mutated(std::fs::read_to_string(repo().join("rubrics/q08-lost-update.yaml")).unwrap())) {
        let dir = tempfile::tempdir().unwrap();
        for entry in std::fs::read_dir(repo().join("rubrics")).unwrap().flatten() {
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
        }
        std::fs::write(dir.path().join("q08-lost-update.yaml"), &text).unwrap();
        if let Err(err) = kata::written::load_question_rubrics(dir.path()) {
            prop_assert!(err.to_string().contains(".yaml"), "error without the file: {err}");
        }
    }

    #[test]
    fn reflections_never_panic(text in format_like()) {
        let rubric = kata::written::load_reflection_rubric(&repo().join("rubrics/reflection.yaml")).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("REFLECTION.md");
        std::fs::write(&path, &text).unwrap();
        let _ = kata::written::grade_reflection(&rubric, &path, None);
    }
}

#[test]
fn non_utf8_and_empty_answer_files_get_a_clear_error_or_a_zero() {
    let set = kata::written::load_question_rubrics(&repo().join("rubrics")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("ANSWERS.md");
    std::fs::write(&bad, [0xff, 0xfe, b'#', b' ', 0x80]).unwrap();
    let err = kata::written::grade_answers(&set, &bad, None).unwrap_err().to_string();
    assert!(err.contains("ANSWERS.md") && err.contains("UTF-8"), "{err}");
    std::fs::write(&bad, "").unwrap();
    let result = kata::written::grade_answers(&set, &bad, None).unwrap();
    assert_eq!(result.score, 0.0);
}
