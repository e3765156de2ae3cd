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

// ---------------------------------------------------------------------------------------------
// The calibration set.

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Labels {
    #[allow(dead_code)]
    format_version: u32,
    sheets: Vec<LabelledSheet>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct LabelledSheet {
    file: String,
    kind: String,
    #[serde(default)]
    held_out: bool,
    labels: Vec<Label>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Label {
    question: String,
    score: f64,
    verdict: String,
    #[serde(default)]
    #[allow(dead_code)]
    why: Option<String>,
}

/// Grades every labelled sheet and compares with the human labels.
#[test]
fn calibration_set_agrees_with_human_labels() {
    let set = set();
    let labels: Labels = crate::yaml::load(&answers_dir().join("labels.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let mut total_error = 0.0;
    let mut n = 0usize;
    let (mut held_error, mut held_n) = (0.0, 0usize);
    let mut wrong_with_half = Vec::new();
    let mut report = String::new();
    for sheet in &labels.sheets {
        let r = grade_answers(&set, &answers_dir().join(&sheet.file), None).unwrap();
        let mut sheet_error = 0.0;
        report.push_str(&format!("\n{} ({})\n", sheet.file, sheet.kind));
        for label in &sheet.labels {
            let got = q(&r, &label.question);
            let fraction = got.score / got.max_score;
            let expected = label.score / got.max_score;
            let error = (fraction - expected).abs();
            sheet_error += error;
            total_error += error;
            n += 1;
            if sheet.held_out {
                held_error += error;
                held_n += 1;
            }
            if label.verdict == "wrong" && fraction >= 0.5 {
                wrong_with_half.push(format!("{} {}: {}", sheet.file, label.question, got.summary));
            }
            report.push_str(&format!(
                "  {:>4} human {:>4} grader {:>4} {:<7} {}{}\n",
                label.question,
                label.score,
                got.score,
                label.verdict,
                if error > 0.25 { "<<< " } else { "" },
                got.summary
            ));
        }
        report.push_str(&format!("  mean abs error {:.3}\n", sheet_error / sheet.labels.len() as f64));
    }
    let mae = total_error / n as f64;
    println!(
        "{report}\ncalibration: {n} labelled answers, MAE of score fraction {mae:.3} (held-out {held_n}: {:.3}), \
         wrong answers with >= half credit: {}",
        held_error / held_n.max(1) as f64,
        wrong_with_half.len()
    );
    assert!(wrong_with_half.is_empty(), "wrong answers given half credit or more:\n{}", wrong_with_half.join("\n"));
    assert!(mae <= 0.10, "mean absolute error {mae:.3} is above 0.10");
}

#[test]
fn debug_one() {
    let set = set();
    let md = std::env::var("KATA_MD").unwrap_or_default();
    if md.is_empty() { return; }
    let r = grade_md(&set, &md.replace("\\n", "\n"));
    println!("{}", dump(&r));
    let (sentences, _) = sheet::sentences_of(&md.replace("\\n", "\n"));
    for s in sentences { println!("{:?} listy={} tokens={:?}", s.text, s.is_listy(), s.tokens.iter().map(|t| (t.norm.clone(), t.clause, t.soft)).collect::<Vec<_>>()); }
}
