//! Tests for the written assessment: the shipped rubrics, the seed sheet, the calibration set,
//! sheet formats, bad rubrics, overrides, the reflection, negation and stuffing, and garbage.

use std::path::{Path, PathBuf};

use super::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rubrics() -> PathBuf {
    root().join("rubrics")
}

fn answers_dir() -> PathBuf {
    root().join("tests/fixtures/answers")
}

fn set() -> QuestionSet {
    load_question_rubrics(&rubrics()).unwrap_or_else(|e| panic!("{e}"))
}

fn reflection_rubric() -> ReflectionRubric {
    load_reflection_rubric(&rubrics().join(REFLECTION_FILE)).unwrap_or_else(|e| panic!("{e}"))
}

/// Grades markdown given inline.
fn grade_md(set: &QuestionSet, md: &str) -> AnswersResult {
    grade_answer_text(set, md, Path::new("inline.md"))
}

fn q<'a>(r: &'a AnswersResult, id: &str) -> &'a QuestionResult {
    r.questions.iter().find(|q| q.id == id).unwrap_or_else(|| panic!("no {id}"))
}

/// A human-readable dump, printed by tests (visible with --nocapture) to explain scores.
fn dump(r: &AnswersResult) -> String {
    let mut out = format!("{} : {}/{}\n", r.sheet, r.score, r.max_score);
    for q in &r.questions {
        out.push_str(&format!(
            "  {:>4} {:>4}/{:<3} {}{}\n",
            q.id,
            q.score,
            q.max_score,
            q.summary,
            q.review_reason.as_ref().map(|r| format!("\n         REVIEW: {r}")).unwrap_or_default()
        ));
        for e in &q.evidence {
            out.push_str(&format!("         + {} ({}) line {}: {}\n", e.criterion, e.points, e.line, e.quote));
        }
        for m in &q.misconceptions {
            out.push_str(&format!("         - {} line {}: {} [{}]\n", m.id, m.line, m.quote, m.effect));
        }
    }
    for w in &r.warnings {
        out.push_str(&format!("  warning: {w}\n"));
    }
    out
}

#[test]
fn shipped_rubrics_pass_check() {
    let problems = check_rubrics(&rubrics());
    let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert!(problems.is_empty(), "rubric problems:\n{}", text.join("\n"));
}

#[test]
fn seed_004_sheet() {
    let set = set();
    let r = grade_answers(&set, &answers_dir().join("seed-004.md"), None).unwrap();
    println!("{}", dump(&r));
}
