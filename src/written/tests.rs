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

/// Grades one reflection section written under `heading` and returns the section `id`.
fn reflection_section(heading: &str, id: &str, text: &str) -> crate::results::written::SectionResult {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("REFLECTION.md");
    std::fs::write(&path, format!("## {heading}\n\n{text}\n")).unwrap();
    let r = grade_reflection(&reflection_rubric(), &path, None).unwrap();
    r.sections.iter().find(|s| s.id == id).unwrap().clone()
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

/// The seed candidate's sheet, graded as a careful human reads it (see the report in
/// rubrics/README.md): Q1, Q2 and Q8 wrong; Q6, Q7 and Q9 partial; Q3, Q4, Q5, Q10 mostly right.
/// Q7 picks B for the order of the WHERE clause, a wrong reason, beside the heap and INCLUDE
/// nuance: every blind labeller gave a right choice for a wrong reason about half.
#[test]
fn seed_004_verdicts() {
    let set = set();
    let r = grade_answers(&set, &answers_dir().join("seed-004.md"), None).unwrap();
    println!("{}", dump(&r));
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    for id in ["Q1", "Q2", "Q8"] {
        assert!(q(&r, id).score < 3.0, "{id} is wrong: {}", q(&r, id).summary);
    }
    for id in ["Q6", "Q7", "Q9"] {
        let s = q(&r, id).score;
        assert!((3.0..6.0).contains(&s), "{id} is partial: {}", q(&r, id).summary);
    }
    for id in ["Q3", "Q4", "Q5", "Q10"] {
        assert!(q(&r, id).score >= 6.0, "{id} is mostly right: {}", q(&r, id).summary);
    }
    // The reasons, from the evidence.
    assert!(q(&r, "Q1").misconceptions.iter().any(|m| m.id == "unclosed-file"));
    assert_eq!(q(&r, "Q8").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("9"));
    assert_eq!(q(&r, "Q7").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"));
    assert_eq!(q(&r, "Q9").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("for-share"));
    assert!(q(&r, "Q9").misconceptions.iter().any(|m| m.id == "share-allows-updates"));
    assert!(q(&r, "Q10").evidence.iter().any(|e| e.criterion == "skip-locked" && e.line == 148));
    // Every point awarded cites a sentence and its line.
    for question in &r.questions {
        let cited: f64 = question.evidence.iter().map(|e| e.points).sum();
        assert!((cited - question.auto_score).abs() < 0.2 || !question.misconceptions.is_empty(), "{}", question.id);
        assert!(question.evidence.iter().all(|e| e.line > 0 && !e.quote.is_empty()));
    }
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
    /// `dev` or `held-out` in the blind sets.
    #[serde(default)]
    #[allow(dead_code)]
    split: Option<String>,
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

/// How a labelled set of answer sheets compares with the human labels.
#[derive(Default)]
struct Agreement {
    /// Labelled answers.
    n: usize,
    /// Sum of |grader fraction - human fraction|.
    error: f64,
    /// Answers labelled wrong (<= 0.4) given half credit or more.
    wrong_with_half: Vec<String>,
    /// Of those, the answers whose verdict is `wrong` (0-2 of 10): the issue's own measure.
    verdict_wrong_with_half: usize,
    /// Answers labelled >= 0.8 given <= 0.3.
    right_with_little: Vec<String>,
    /// Answers off by >= 0.5, and how many of them are flagged for review.
    far_off: usize,
    far_off_flagged: usize,
    /// The far-off answers not flagged.
    far_off_silent: Vec<String>,
    /// Answers flagged for review (precision: not every answer should be).
    flagged: usize,
    report: String,
}

impl Agreement {
    fn mae(&self) -> f64 {
        self.error / self.n.max(1) as f64
    }

    fn recall(&self) -> f64 {
        if self.far_off == 0 {
            1.0
        } else {
            self.far_off_flagged as f64 / self.far_off as f64
        }
    }

    /// Prints the per-answer report, the figures, and the answers behind each goal missed.
    fn print(&self, name: &str) {
        println!("{}\n{}", self.report, self.line(name));
        println!("labelled >= 0.8 given <= 0.3:\n  {}", self.right_with_little.join("\n  "));
        println!("wrong given >= half:\n  {}", self.wrong_with_half.join("\n  "));
        println!("off by >= 0.5, not flagged:\n  {}", self.far_off_silent.join("\n  "));
    }

    fn line(&self, name: &str) -> String {
        format!(
            "{name}: {} answers, MAE {:.3}, labelled wrong given >= half: {}, labelled >= 0.8 given <= 0.3: {}, \
             needs_review on {}/{} answers off by >= 0.5 ({:.0}%), flagged {}/{} answers ({:.0}%), \
             verdict wrong given >= half: {}",
            self.n,
            self.mae(),
            self.wrong_with_half.len(),
            self.right_with_little.len(),
            self.far_off_flagged,
            self.far_off,
            100.0 * self.recall(),
            self.flagged,
            self.n,
            100.0 * self.flagged as f64 / self.n.max(1) as f64,
            self.verdict_wrong_with_half
        )
    }
}

/// Grades the labelled sheets in `dir` (those with `held_out == held_out`, or all when `None`).
fn agreement(dir: &Path, held_out: Option<bool>) -> Agreement {
    let set = set();
    let labels: Labels = crate::content::yaml::load(&dir.join("labels.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let mut a = Agreement::default();
    for sheet in labels.sheets.iter().filter(|s| held_out.is_none_or(|h| s.held_out == h)) {
        let r = grade_answers(&set, &dir.join(&sheet.file), None).unwrap();
        let mut sheet_error = 0.0;
        a.report.push_str(&format!("\n{} ({})\n", sheet.file, sheet.kind));
        for w in &r.warnings {
            a.report.push_str(&format!("  warning: {w}\n"));
        }
        for label in &sheet.labels {
            let got = q(&r, &label.question);
            let fraction = got.score / got.max_score;
            let expected = label.score / got.max_score;
            let error = (fraction - expected).abs();
            sheet_error += error;
            a.error += error;
            a.n += 1;
            let name = format!(
                "{} {}: human {} grader {}: {}",
                sheet.file, label.question, label.score, got.score, got.summary
            );
            if (label.verdict == "wrong" || expected <= 0.4) && fraction >= 0.5 {
                a.wrong_with_half.push(name.clone());
                a.verdict_wrong_with_half += usize::from(label.verdict == "wrong");
            }
            if expected >= 0.8 && fraction <= 0.3 {
                a.right_with_little.push(name.clone());
            }
            a.flagged += usize::from(got.needs_review);
            if error >= 0.5 - 1e-9 {
                a.far_off += 1;
                if got.needs_review {
                    a.far_off_flagged += 1;
                } else {
                    a.far_off_silent.push(name.clone());
                }
            }
            a.report.push_str(&format!(
                "  {:>4} human {:>4} grader {:>4} {:<7} {}{}{}\n",
                label.question,
                label.score,
                got.score,
                label.verdict,
                if error > 0.25 { "<<< " } else { "" },
                if got.needs_review { "[review] " } else { "" },
                got.summary
            ));
        }
        a.report.push_str(&format!("  mean abs error {:.3}\n", sheet_error / sheet.labels.len() as f64));
    }
    a
}

/// Grades every labelled sheet of the older calibration sets and compares with the human labels.
#[test]
fn calibration_set_agrees_with_human_labels() {
    let tuned = agreement(&answers_dir(), Some(false));
    let held = agreement(&answers_dir(), Some(true));
    println!("{}{}\n{}\n{}", tuned.report, held.report, tuned.line("old tuned"), held.line("old held-out"));
    let mut all = tuned.wrong_with_half.clone();
    all.extend(held.wrong_with_half.iter().cloned());
    assert!(all.is_empty(), "wrong answers given half credit or more:\n{}", all.join("\n"));
    let mae = (tuned.error + held.error) / (tuned.n + held.n) as f64;
    assert!(mae <= 0.10, "mean absolute error {mae:.3} is above 0.10");
}

/// The blind set's dev half: sheets written by someone who never saw the rubrics, labelled
/// before grading (issue #13). The held-out half is measured elsewhere.
#[test]
fn blind_dev_set_agrees_with_human_labels() {
    let a = agreement(&answers_dir().join("blind-dev"), None);
    a.print("blind-dev");
    // The issue's goals, which the dev half now meets (the held-out half is measured elsewhere).
    assert!(a.mae() <= 0.10, "blind-dev MAE {:.3} is worse than 0.10", a.mae());
    assert!(a.wrong_with_half.is_empty(), "{}", a.wrong_with_half.join("\n"));
    assert!(a.right_with_little.is_empty(), "{}", a.right_with_little.join("\n"));
    assert!(a.recall() >= 0.8, "needs_review recall {:.2}: {}", a.recall(), a.far_off_silent.join("\n"));
    // Precision: the flag is a pointer, not a blanket.
    assert!(a.flagged * 10 <= a.n * 4, "{} of {} answers flagged", a.flagged, a.n);
}

/// The first blind set's held-out half: graded once untouched (MAE 0.213), then studied for
/// the error classes it showed, so it is a development set now and its guards keep that work.
#[test]
fn blind_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind-holdout"), None);
    a.print("blind-holdout");
    // Measured once at 0.213, 10, 10, 75%; since studied, so these guard the work on it.
    assert!(a.mae() <= 0.10, "blind-holdout MAE {:.3}", a.mae());
    assert!(a.wrong_with_half.len() <= 1, "{}", a.wrong_with_half.join("\n"));
    assert!(a.right_with_little.is_empty(), "{}", a.right_with_little.join("\n"));
    assert!(a.recall() >= 0.8, "needs_review recall {:.2}: {}", a.recall(), a.far_off_silent.join("\n"));
}

/// The dev half of the second blind set: sheets written and labelled by someone who never saw
/// the grader (its held-out half is measured outside this repository's fixtures).
#[test]
fn blind2_dev_set_agrees_with_human_labels() {
    let a = agreement(&answers_dir().join("blind2-dev"), None);
    a.print("blind2-dev");
    // Guards at the figures reached after the work on this half (first run: MAE 0.185, 11, 7,
    // 43%); the wrong-at-half answers left are partials labelled 4 graded 5-7 (one, an answer
    // in capitals, was held at 4 only because capitals once read as a list of terms).
    assert!(a.mae() <= 0.105, "blind2-dev MAE {:.3}", a.mae());
    assert!(a.wrong_with_half.len() <= 4, "{}", a.wrong_with_half.join("\n"));
    assert!(a.right_with_little.is_empty(), "{}", a.right_with_little.join("\n"));
    assert!(a.recall() >= 0.8, "needs_review recall {:.2}: {}", a.recall(), a.far_off_silent.join("\n"));
    assert!(a.flagged * 10 <= a.n * 4, "{} of {} answers flagged", a.flagged, a.n);
}

/// The second blind set's held-out half, graded once after the work on the dev half was
/// finished: the honest figures. No assertion was tuned on it; the guards below are the
/// figures of that first grading, so a later change that makes it worse fails here.
#[test]
fn blind2_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind2-holdout"), None);
    a.print("blind2-holdout");
}

/// The dev half of the third blind set: new styles (a table row per question, setext
/// headings, a Slack thread, `EDIT:` lines, a glossary that answers nothing, a keyword dump in an
/// HTML comment, reverse order, ...), written and labelled by someone who never saw the grader.
#[test]
fn blind3_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind3-dev"), None);
    a.print("blind3-dev");
    // First grading: MAE 0.148, 7 wrong given half, 4 right given little, 86% recall. Guards at
    // the figures after the work on this half.
    assert!(a.mae() <= 0.10, "blind3-dev MAE {:.3}", a.mae());
    assert!(a.wrong_with_half.len() <= 4, "{}", a.wrong_with_half.join("\n"));
    assert!(a.right_with_little.is_empty(), "{}", a.right_with_little.join("\n"));
    assert!(a.recall() >= 0.8, "needs_review recall {:.2}: {}", a.recall(), a.far_off_silent.join("\n"));
    assert!(a.flagged * 10 <= a.n * 4, "{} of {} answers flagged", a.flagged, a.n);
}

/// The third blind set's held-out half, graded once after the work on its dev half was done:
/// MAE 0.229, 3 wrong given half, 6 right given little, needs_review on 11 of 18 far-off
/// answers (two sheet shapes, FAQ pairs and `Qn` lines, were not read at all). Those two shapes
/// were then parsed, so it is a seen set now; the guards keep that work.
#[test]
fn blind3_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind3-holdout"), None);
    a.print("blind3-holdout");
    assert!(a.mae() <= 0.13, "blind3-holdout MAE {:.3}", a.mae());
    assert!(a.right_with_little.len() <= 2, "{}", a.right_with_little.join("\n"));
}

/// The fourth blind set, all held out: written and labelled by someone who never saw the grader,
/// committed unread, graded here for the first time untouched (issue #13's honest measure):
/// MAE 0.384, 2 labelled wrong given half, 29 labelled >= 0.8 given <= 0.3, needs_review on
/// 37 of 39 far-off answers. Six of the twelve sheets were not read at all (no answer headings
/// found: commit messages, an outline, a PR review, a thread, `Re Qn:` replies, an appendix).
#[test]
fn blind4_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind4-holdout"), None);
    a.print("blind4-holdout");
    // Since studied (sheets found by the numbers on their lines): these guard that work.
    assert!(a.mae() <= 0.135, "blind4-holdout MAE {:.3}", a.mae());
    assert!(a.right_with_little.len() <= 1, "{}", a.right_with_little.join("\n"));
}

/// The dev half of the fifth blind set: new styles (ADRs, a LaTeX-like sheet, meeting minutes,
/// slides, TOML, `<details>` blocks, topic names for headings, lettered answers, ...), written and
/// labelled by someone who never saw the grader or the rubrics.
#[test]
fn blind5_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind5-dev"), None);
    a.print("blind5-dev");
    // First grading: MAE 0.329 (five sheet shapes not read), 6, 24, 86%. Guards at the figures
    // after the work on this half.
    assert!(a.mae() <= 0.105, "blind5-dev MAE {:.3}", a.mae());
    assert!(a.wrong_with_half.len() <= 2, "{}", a.wrong_with_half.join("\n"));
    assert!(a.right_with_little.is_empty(), "{}", a.right_with_little.join("\n"));
    assert!(a.flagged * 10 <= a.n * 4, "{} of {} answers flagged", a.flagged, a.n);
}

/// The fifth blind set's held-out half: graded once, untouched, after the work on its dev half
/// (at 205fa08): MAE 0.303, 7 labelled wrong given half, 20 labelled >= 0.8 given <= 0.3,
/// needs_review on 25 of 28 far-off answers, 50 of 100 flagged. Two sheet shapes were not read
/// at all (headings spelled `One` .. `Ten`, `[n]` markers): 20 answers scored 0.
#[test]
fn blind5_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind5-holdout"), None);
    a.print("blind5-holdout");
    // Since studied (the two shapes read, decision lines, negated phrases): these guard that work.
    assert!(a.mae() <= 0.135, "blind5-holdout MAE {:.3}", a.mae());
    assert!(a.right_with_little.len() <= 3, "{}", a.right_with_little.join("\n"));
}

/// The sixth blind set, all held out: written and labelled at the end of the stop that studied
/// the fifth set's held-out half, by someone who never saw the grader; graded once, untouched, at
/// 4b5a569: MAE 0.196, 5 labelled wrong given half, 7 labelled >= 0.8 given <= 0.3,
/// needs_review on 11 of 13 far-off answers (85%), 39 of 100 flagged. Every sheet shape was read;
/// the largest errors are a sheet with no marker between answers and French-English answers.
#[test]
fn blind6_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind6-holdout"), None);
    a.print("blind6-holdout");
    // Since studied (a stack frame is not the stack; unlabelled paragraphs read in order; a
    // discursive body graded with its recap; a lone lower-case option letter):
    // these guard that work.
    assert!(a.mae() <= 0.105, "blind6-holdout MAE {:.3}", a.mae());
    assert!(a.right_with_little.len() <= 3, "{}", a.right_with_little.join("\n"));
}

/// The seventh blind set (16 sheets, 6 reflections), written and labelled by someone who never
/// saw the grader, in styles no earlier set used; half of each kept aside. The dev half was
/// graded as it arrived, untouched, at 0b78bf4: MAE 0.191, 8 labelled wrong given half, 3
/// labelled >= 0.8 given <= 0.3, needs_review on 5 of 6 far-off answers (83%), 47 of 80 flagged.
#[test]
fn blind7_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind7-dev"), None);
    a.print("blind7-dev");
    // Since studied (spreadsheet rows, AsciiDoc, Polish, options by their place, bold number
    // words, verdicts after a colon): these guard that work.
    assert!(a.mae() <= 0.115, "blind7-dev MAE {:.3}", a.mae());
    assert!(a.right_with_little.is_empty(), "{}", a.right_with_little.join("\n"));
}

/// The seventh blind set's held-out half (see `blind7_dev_set_figures`): graded once, untouched,
/// after the work on the dev half, at 4a526f9: MAE 0.214, 2 labelled wrong given half, 6
/// labelled >= 0.8 given <= 0.3, needs_review on 7 of 10 far-off answers (70%), 42 of 80
/// flagged.
#[test]
fn blind7_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind7-holdout"), None);
    a.print("blind7-holdout");
    // Since studied (bold numbered titles, myths, '#n' and 'n-' markers, transcribed strikes,
    // Gherkin lines, Portuguese): these guard that work.
    assert!(a.mae() <= 0.145, "blind7-holdout MAE {:.3}", a.mae());
    assert!(a.right_with_little.is_empty(), "{}", a.right_with_little.join("\n"));
}

/// The seventh blind set's held-out reflections. First grading, untouched (4a526f9): mean error
/// 0.107, worst 0.270.
#[test]
fn blind7_holdout_reflection_figures() {
    reflection_figures("blind7-holdout");
}

/// The eighth blind set, all held out (10 sheets, 4 reflections): written and labelled by
/// someone who never saw the grader, after the seventh set's held-out half was studied; graded
/// once, untouched, at 7fb2cce: MAE 0.203, 9 labelled wrong given half, 5 labelled >= 0.8 given
/// <= 0.3, needs_review on 8 of 13 far-off answers (62%), 51 of 100 flagged.
#[test]
fn blind8_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind8-holdout"), None);
    a.print("blind8-holdout");
    // Since studied (titles, verdicts, check marks, notes tables, merged copies): these guard
    // that work.
    assert!(a.mae() <= 0.15, "blind8-holdout MAE {:.3}", a.mae());
}

/// The eighth blind set's reflections. First grading, untouched (7fb2cce): mean error 0.091,
/// worst 0.170.
#[test]
fn blind8_holdout_reflection_figures() {
    reflection_figures("blind8-holdout");
}

/// The ninth blind set (16 sheets, 6 reflections), written and labelled by someone who never
/// saw the grader, in styles no earlier set used; half of each kept aside. The dev half was
/// graded as it arrived, untouched, at f2dee77: MAE 0.137, 3 labelled wrong given half, 2
/// labelled >= 0.8 given <= 0.3, needs_review on 2 of 5 far-off answers (40%), 30 of 80 flagged.
#[test]
fn blind9_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind9-dev"), None);
    a.print("blind9-dev");
    // Since studied (figures off by ten, RFC 2119 MAYs, weights fitted to the labels): these
    // guard that work.
    assert!(a.mae() <= 0.08, "blind9-dev MAE {:.3}", a.mae());
    assert!(a.right_with_little.is_empty(), "{}", a.right_with_little.join("\n"));
}

/// The ninth blind set's dev reflections (see `blind9_dev_set_figures`). First grading,
/// untouched (f2dee77): mean error 0.160, worst 0.290.
#[test]
fn blind9_dev_reflection_figures() {
    reflection_figures("blind9-dev");
}

/// The ninth blind set's held-out half (see `blind9_dev_set_figures`): committed unread and
/// graded once, after the work on the dev half, at f2205ad: MAE 0.142, 6 labelled wrong given
/// half, none labelled >= 0.8 given <= 0.3, needs_review on 1 of 4 far-off answers (25%), 24 of
/// 80 flagged.
#[test]
fn blind9_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind9-holdout"), None);
    a.print("blind9-holdout");
    // Since studied (a report's voice, arrows ending a derivation, tentative statements,
    // CLUSTER and merged deltas): these guard that work.
    assert!(a.mae() <= 0.095, "blind9-holdout MAE {:.3}", a.mae());
    assert!(a.right_with_little.is_empty(), "{}", a.right_with_little.join("\n"));
}

/// The ninth blind set's held-out reflections. First grading, untouched (f2205ad): mean error
/// 0.195, worst 0.294.
#[test]
fn blind9_holdout_reflection_figures() {
    reflection_figures("blind9-holdout");
}

/// The tenth blind set, all held out (10 sheets, 4 reflections): written and labelled by
/// someone who never saw the grader, after the ninth set's held-out half was graded; committed
/// unread and graded once at 4b35edc: MAE 0.181, 9 labelled wrong given half, 1 labelled >= 0.8
/// given <= 0.3, needs_review on 2 of 9 far-off answers (22%), 30 of 100 flagged.
#[test]
fn blind10_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind10-holdout"), None);
    a.print("blind10-holdout");
    // Since studied (deferred recommendations, false side notes, reStructuredText, seeks on
    // the wrong column): these guard that work.
    assert!(a.mae() <= 0.115, "blind10-holdout MAE {:.3}", a.mae());
    assert!(a.right_with_little.is_empty(), "{}", a.right_with_little.join("\n"));
}

/// The tenth blind set's reflections. First grading, untouched (4b35edc): mean error 0.077,
/// worst 0.130.
#[test]
fn blind10_holdout_reflection_figures() {
    reflection_figures("blind10-holdout");
}

/// The eleventh blind set, all held out (10 sheets, 4 reflections): written and labelled by
/// someone who never saw the grader, after the tenth set was graded; committed unread and
/// graded once at de08e4d: MAE 0.213, 6 labelled wrong given half, 14 labelled >= 0.8 given
/// <= 0.3, needs_review on 14 of 17 far-off answers (82%), 57 of 100 flagged.
#[test]
fn blind11_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind11-holdout"), None);
    a.print("blind11-holdout");
    // Since studied (part-and-letter numbering, two-level answers, MoSCoW lists, decision
    // flows in fences): these guard that work.
    assert!(a.mae() <= 0.105, "blind11-holdout MAE {:.3}", a.mae());
    assert!(a.right_with_little.is_empty(), "{}", a.right_with_little.join("\n"));
}

/// The eleventh blind set's reflections. First grading, untouched (de08e4d): mean error 0.111,
/// worst 0.200.
#[test]
fn blind11_holdout_reflection_figures() {
    reflection_figures("blind11-holdout");
}

/// The twelfth blind set's development half (10 sheets, 4 reflections), written after every
/// earlier set was studied, by someone who never saw the grader. Graded as it arrived, untouched,
/// at 0a10981: MAE 0.122, 3 labelled <= 0.4 given half (none with the verdict wrong), 2 labelled
/// >= 0.8 given <= 0.3, needs_review on 3 of 4 far-off answers (75%), 38 of 100 flagged.
#[test]
fn blind12_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind12-dev"), None);
    a.print("blind12-dev");
    // Since studied: these guard that work.
    assert!(a.mae() <= 0.075, "blind12-dev MAE {:.3}", a.mae());
    assert!(a.right_with_little.is_empty(), "{}", a.right_with_little.join("\n"));
}

/// The twelfth blind set's reflections. First grading, untouched: mean error 0.090, worst 0.210.
#[test]
fn blind12_dev_reflection_figures() {
    reflection_figures("blind12-dev");
}

/// The thirteenth blind set (10 sheets, 4 reflections), written beside the twelfth by someone
/// who never saw the grader, committed unread and held out while the twelfth was studied.
/// Graded once, untouched, at 42dfcb7: MAE 0.114, 5 labelled <= 0.4 given half (1 with the
/// verdict wrong), none labelled >= 0.8 given <= 0.3, needs_review on 3 of 4 far-off answers
/// (75%), 37 of 100 flagged.
#[test]
fn blind13_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind13-holdout"), None);
    a.print("blind13-holdout");
    // Since studied: these guard that work.
    assert!(a.mae() <= 0.083, "blind13-holdout MAE {:.3}", a.mae());
    assert!(a.right_with_little.is_empty(), "{}", a.right_with_little.join("\n"));
}

/// The thirteenth blind set's reflections. First grading, untouched (42dfcb7): mean error
/// 0.105, worst 0.150.
#[test]
fn blind13_holdout_reflection_figures() {
    reflection_figures("blind13-holdout");
}

/// The fourteenth blind set (10 sheets, 4 reflections), written after the twelfth and
/// thirteenth by someone who never saw the grader, committed unread and held out while those
/// were studied. Graded once, untouched, at 988b5e4: MAE 0.127, 1 labelled <= 0.4 given half
/// (none with the verdict wrong), 1 labelled >= 0.8 given <= 0.3, needs_review on 2 of 3
/// far-off answers (67%), 44 of 100 flagged.
#[test]
fn blind14_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind14-holdout"), None);
    a.print("blind14-holdout");
    // Since studied: these guard that work.
    assert!(a.mae() <= 0.095, "blind14-holdout MAE {:.3}", a.mae());
    assert!(a.right_with_little.is_empty(), "{}", a.right_with_little.join("\n"));
}

/// The fourteenth blind set's reflections. First grading, untouched (988b5e4): mean error
/// 0.105, worst 0.240.
#[test]
fn blind14_holdout_reflection_figures() {
    reflection_figures("blind14-holdout");
}

/// The fifteenth blind set (10 sheets, 4 reflections), written after the fourteenth by someone
/// who never saw the grader, committed unread and held out while the twelfth to fourteenth were
/// studied. Graded once, untouched, at e0e1040: MAE 0.132, 1 labelled <= 0.4 given half (none
/// with the verdict wrong), 3 labelled >= 0.8 given <= 0.3, needs_review on 3 of 5 far-off
/// answers (60%), 37 of 100 flagged.
#[test]
fn blind15_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind15-holdout"), None);
    a.print("blind15-holdout");
    // Since studied: these guard that work.
    assert!(a.mae() <= 0.107, "blind15-holdout MAE {:.3}", a.mae());
}

/// The fifteenth blind set's reflections. First grading, untouched (e0e1040): mean error
/// 0.050, worst 0.080.
#[test]
fn blind15_holdout_reflection_figures() {
    reflection_figures("blind15-holdout");
}

/// The sixteenth blind set (10 sheets, 4 reflections), written after the fifteenth by someone
/// who never saw the grader, committed unread and held out while the fifteenth was studied.
/// Graded once, untouched, at b2206a4: MAE 0.106, 4 labelled <= 0.4 given half (1 with the
/// verdict wrong), 1 labelled >= 0.8 given <= 0.3, needs_review on 4 of 4 far-off answers
/// (100%), 39 of 100 flagged.
#[test]
fn blind16_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind16-holdout"), None);
    a.print("blind16-holdout");
    // Since studied: these guard that work.
    assert!(a.mae() <= 0.083, "blind16-holdout MAE {:.3}", a.mae());
    assert!(a.right_with_little.is_empty(), "{}", a.right_with_little.join("\n"));
}

/// The sixteenth blind set's reflections. First grading, untouched (b2206a4): mean error
/// 0.203, worst 0.380.
#[test]
fn blind16_holdout_reflection_figures() {
    reflection_figures("blind16-holdout");
}

/// The seventeenth blind set (10 sheets, 4 reflections), written after the sixteenth by
/// someone who never saw the grader, committed unread and held out while the sixteenth was
/// studied; the last set of this round. Graded once, untouched, at c97ceda: MAE 0.195, 1
/// labelled <= 0.4 given half (none with the verdict wrong), 11 labelled >= 0.8 given <= 0.3,
/// needs_review on 12 of 14 far-off answers (86%), 48 of 100 flagged.
#[test]
fn blind17_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind17-holdout"), None);
    a.print("blind17-holdout");
    // Since studied: these guard that work.
    assert!(a.mae() <= 0.075, "blind17-holdout MAE {:.3}", a.mae());
    assert!(a.right_with_little.is_empty(), "{}", a.right_with_little.join("\n"));
}

/// The seventeenth blind set's reflections. First grading, untouched (c97ceda): mean error
/// 0.118, worst 0.170.
#[test]
fn blind17_holdout_reflection_figures() {
    reflection_figures("blind17-holdout");
}

/// The eighteenth blind set (10 sheets, 4 reflections), written after the seventeenth by
/// someone who never saw the grader, committed unread and held out while the seventeenth was
/// studied. Graded once, untouched, at d54be3e: MAE 0.105, 2 labelled <= 0.4 given half (none
/// with the verdict wrong), 2 labelled >= 0.8 given <= 0.3, needs_review on 2 of 2 far-off
/// answers (100%), 43 of 100 flagged.
#[test]
fn blind18_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind18-holdout"), None);
    a.print("blind18-holdout");
    // Since studied: these guard that work.
    assert!(a.mae() <= 0.08, "blind18-holdout MAE {:.3}", a.mae());
    assert!(a.right_with_little.is_empty(), "{}", a.right_with_little.join("\n"));
}

/// The eighteenth blind set's reflections. First grading, untouched (d54be3e): mean error
/// 0.155, worst 0.420.
#[test]
fn blind18_holdout_reflection_figures() {
    reflection_figures("blind18-holdout");
}

/// The nineteenth blind set (10 sheets, 4 reflections), written after the eighteenth by
/// someone who never saw the grader, committed unread and held out while the eighteenth was
/// studied; the last held-out set of this round. Graded once, untouched, at 150e33c: MAE 0.160,
/// 8 labelled <= 0.4 given half (none with the verdict wrong), 6 labelled >= 0.8 given <= 0.3,
/// needs_review on 5 of 7 far-off answers (71%), 43 of 100 flagged.
#[test]
fn blind19_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind19-holdout"), None);
    a.print("blind19-holdout");
    // Since studied: these guard that work.
    assert!(a.mae() <= 0.118, "blind19-holdout MAE {:.3}", a.mae());
    assert!(a.right_with_little.is_empty(), "{}", a.right_with_little.join("\n"));
}

/// The nineteenth blind set's reflections. First grading, untouched (150e33c): mean error
/// 0.152, worst 0.290.
#[test]
fn blind19_holdout_reflection_figures() {
    reflection_figures("blind19-holdout");
}

/// The twentieth blind set (10 sheets, 4 reflections), written after the nineteenth by someone
/// who never saw the grader, committed unread and held out while the nineteenth was studied;
/// the last held-out set of this stop. Graded once, untouched, at 0c976da: MAE 0.127, 6
/// labelled <= 0.4 given half (1 with the verdict wrong), 1 labelled >= 0.8 given <= 0.3,
/// needs_review on 4 of 4 far-off answers (100%), 38 of 100 flagged.
#[test]
fn blind20_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind20-holdout"), None);
    a.print("blind20-holdout");
    // Since studied: these guard that work.
    assert!(a.mae() <= 0.119, "blind20-holdout MAE {:.3}", a.mae());
    assert!(a.right_with_little.is_empty(), "{}", a.right_with_little.join("\n"));
}

/// The twentieth blind set's reflections. First grading, untouched (0c976da): mean error
/// 0.170, worst 0.310.
#[test]
fn blind20_holdout_reflection_figures() {
    reflection_figures("blind20-holdout");
}

/// The twenty-first blind set (10 sheets, 4 reflections), written this stop by someone who
/// never saw the grader, committed unread; with blind22, the dev half of this stop. Graded
/// once, untouched, at 5330a49: MAE 0.223, none labelled <= 0.4 given half, 14 labelled >= 0.8
/// given <= 0.3, needs_review on 11 of 18 far-off answers (61%), 49 of 100 flagged.
#[test]
fn blind21_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind21-dev"), None);
    a.print("blind21-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.098, "blind21-dev MAE {:.3}", a.mae());
}

/// The twenty-first blind set's reflections. First grading, untouched (5330a49): mean error
/// 0.240, worst 0.500.
#[test]
fn blind21_dev_reflection_figures() {
    reflection_figures("blind21-dev");
}

/// The twenty-second blind set (10 sheets, 4 reflections), written this stop by someone who
/// never saw the grader, committed unread; the dev half of this stop, studied after one grading.
/// Graded once, untouched, at d27dbe3: MAE 0.140, 3 labelled <= 0.4 given half (1 with the
/// verdict wrong), 4 labelled >= 0.8 given <= 0.3, needs_review on 6 of 10 far-off answers
/// (60%), 37 of 100 flagged.
#[test]
fn blind22_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind22-dev"), None);
    a.print("blind22-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.098, "blind22-dev MAE {:.3}", a.mae());
}

/// The twenty-second blind set's reflections. First grading, untouched (d27dbe3): mean error
/// 0.170, worst 0.560.
#[test]
fn blind22_dev_reflection_figures() {
    reflection_figures("blind22-dev");
}

/// The twenty-fifth blind set (10 sheets, 4 reflections), written this stop by someone who
/// never saw the grader, committed unread; a dev set, studied after one grading. Graded once,
/// untouched, at 075cc97: MAE 0.218, 6 labelled <= 0.4 given half (1 with the verdict wrong),
/// 9 labelled >= 0.8 given <= 0.3, needs_review on 3 of 20 far-off answers (15%), 34 of 100
/// flagged.
#[test]
fn blind25_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind25-dev"), None);
    a.print("blind25-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.129, "blind25-dev MAE {:.3}", a.mae());
}

/// The twenty-fifth blind set's reflections. First grading, untouched (075cc97): mean error
/// 0.065, worst 0.180.
#[test]
fn blind25_dev_reflection_figures() {
    reflection_figures("blind25-dev");
}

/// The twenty-sixth blind set (10 sheets, 4 reflections), written this stop by someone who
/// never saw the grader, committed unread; a dev set, studied after one grading. Graded once,
/// untouched, at 0b0e5ac: MAE 0.161, 3 labelled <= 0.4 given half (1 with the verdict wrong), 6
/// labelled >= 0.8 given <= 0.3, needs_review on 6 of 7 far-off answers (86%), 49 of 100
/// flagged.
#[test]
fn blind26_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind26-dev"), None);
    a.print("blind26-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.124, "blind26-dev MAE {:.3}", a.mae());
}

/// The twenty-sixth blind set's reflections. First grading, untouched (0b0e5ac): mean error
/// 0.140, worst 0.240.
#[test]
fn blind26_dev_reflection_figures() {
    reflection_figures("blind26-dev");
}

/// The twenty-third blind set (10 sheets, 4 reflections), written this stop by someone who
/// never saw the grader, committed unread and held out until the end of the stop. Graded once,
/// untouched, at 1da30c1: MAE 0.220, 6 labelled <= 0.4 given half (2 with the verdict wrong),
/// 10 labelled >= 0.8 given <= 0.3, needs_review on 14 of 17 far-off answers (82%), 60 of 100
/// flagged.
#[test]
fn blind23_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind23-holdout"), None);
    a.print("blind23-holdout");
}

/// The twenty-third blind set's reflections. First grading, untouched (1da30c1): mean error
/// 0.062, worst 0.170.
#[test]
fn blind23_holdout_reflection_figures() {
    reflection_figures("blind23-holdout");
}

/// The twenty-fourth blind set (10 sheets, 4 reflections), written this stop by someone who
/// never saw the grader, committed unread and held out until the end of the stop. Graded once,
/// untouched, at 1da30c1: MAE 0.166, 7 labelled <= 0.4 given half (3 with the verdict wrong),
/// 6 labelled >= 0.8 given <= 0.3, needs_review on 7 of 9 far-off answers (78%), 50 of 100
/// flagged.
#[test]
fn blind24_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind24-holdout"), None);
    a.print("blind24-holdout");
}

/// The twenty-fourth blind set's reflections. First grading, untouched (1da30c1): mean error
/// 0.095, worst 0.190.
#[test]
fn blind24_holdout_reflection_figures() {
    reflection_figures("blind24-holdout");
}

/// The twenty-seventh blind set (10 sheets, 4 reflections), written this stop by someone who
/// never saw the grader, committed unread and held out until the end of the stop. Graded once,
/// untouched, at 1da30c1: MAE 0.117, 6 labelled <= 0.4 given half (1 with the verdict wrong),
/// 2 labelled >= 0.8 given <= 0.3, needs_review on 2 of 6 far-off answers (33%), 43 of 100
/// flagged.
#[test]
fn blind27_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind27-holdout"), None);
    a.print("blind27-holdout");
}

/// The twenty-seventh blind set's reflections. First grading, untouched (1da30c1): mean error
/// 0.105, worst 0.230.
#[test]
fn blind27_holdout_reflection_figures() {
    reflection_figures("blind27-holdout");
}

/// The twenty-eighth blind set (10 sheets, 4 reflections), written this stop by someone who
/// never saw the grader, committed unread and held out until the end of the stop. Graded once,
/// untouched, at 1da30c1: MAE 0.172, 4 labelled <= 0.4 given half (1 with the verdict wrong),
/// 4 labelled >= 0.8 given <= 0.3, needs_review on 5 of 15 far-off answers (33%), 38 of 100
/// flagged.
#[test]
fn blind28_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind28-holdout"), None);
    a.print("blind28-holdout");
}

/// The twenty-eighth blind set's reflections. First grading, untouched (1da30c1): mean error
/// 0.150, worst 0.220.
#[test]
fn blind28_holdout_reflection_figures() {
    reflection_figures("blind28-holdout");
}

/// The twenty-ninth blind set (10 sheets, 4 reflections), written this stop by someone who never
/// saw the grader, committed unread; a dev set, studied after one grading. Graded once,
/// untouched, at ba6c701: MAE 0.167, 1 labelled <= 0.4 given half (0 with the verdict wrong), 10
/// labelled >= 0.8 given <= 0.3, needs_review on 10 of 10 far-off answers (100%), 57 of 100
/// flagged.
#[test]
fn blind29_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind29-dev"), None);
    a.print("blind29-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.135, "blind29-dev MAE {:.3}", a.mae());
}

/// The twenty-ninth blind set's reflections. First grading, untouched (ba6c701): mean error
/// 0.150, worst 0.250.
#[test]
fn blind29_dev_reflection_figures() {
    reflection_figures("blind29-dev");
}

/// The thirtieth blind set (10 sheets, 4 reflections), written this stop by someone who never
/// saw the grader, committed unread; a dev set, studied after one grading. Graded once,
/// untouched, at ba6c701: MAE 0.148, 4 labelled <= 0.4 given half (3 with the verdict wrong), 3
/// labelled >= 0.8 given <= 0.3, needs_review on 7 of 11 far-off answers (64%), 40 of 100
/// flagged.
#[test]
fn blind30_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind30-dev"), None);
    a.print("blind30-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.093, "blind30-dev MAE {:.3}", a.mae());
}

/// The thirtieth blind set's reflections. First grading, untouched (ba6c701): mean error 0.142,
/// worst 0.210.
#[test]
fn blind30_dev_reflection_figures() {
    reflection_figures("blind30-dev");
}

/// The thirty-fourth blind set (10 sheets, 4 reflections), written this stop by someone who never
/// saw the grader, committed unread; a dev set, studied after one grading. Graded once,
/// untouched, at 2c9e9a0: MAE 0.216, 11 labelled <= 0.4 given half (4 with the verdict wrong),
/// 10 labelled >= 0.8 given <= 0.3, needs_review on 13 of 15 far-off answers (87%), 47 of 100
/// flagged.
#[test]
fn blind34_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind34-dev"), None);
    a.print("blind34-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.114, "blind34-dev MAE {:.3}", a.mae());
}

/// The thirty-fourth blind set's reflections. First grading, untouched (2c9e9a0): mean error
/// 0.200, worst 0.280.
#[test]
fn blind34_dev_reflection_figures() {
    reflection_figures("blind34-dev");
}

/// The thirty-third blind set (10 sheets, 4 reflections), written this stop by someone who never
/// saw the grader, committed unread; a dev set, studied after one grading. Graded once,
/// untouched, at 241f3f4: MAE 0.131, 7 labelled <= 0.4 given half (1 with the verdict wrong), 3
/// labelled >= 0.8 given <= 0.3, needs_review on 6 of 9 far-off answers (67%), 46 of 100
/// flagged.
#[test]
fn blind33_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind33-dev"), None);
    a.print("blind33-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.101, "blind33-dev MAE {:.3}", a.mae());
}

/// The thirty-third blind set's reflections. First grading, untouched (241f3f4): mean error
/// 0.200, worst 0.370.
#[test]
fn blind33_dev_reflection_figures() {
    reflection_figures("blind33-dev");
}

/// The thirty-first blind set (10 sheets, 4 reflections), written this stop by someone who never
/// saw the grader, committed unread and held out until the end of the stop. Graded once,
/// untouched, at c8445c9: MAE 0.134, 6 labelled <= 0.4 given half (2 with the verdict wrong), 1
/// labelled >= 0.8 given <= 0.3, needs_review on 2 of 8 far-off answers (25%), 36 of 100 flagged.
#[test]
fn blind31_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind31-holdout"), None);
    a.print("blind31-holdout");
}

/// The thirty-first blind set's reflections. First grading, untouched (c8445c9): mean error 0.110,
/// worst 0.150.
#[test]
fn blind31_holdout_reflection_figures() {
    reflection_figures("blind31-holdout");
}

/// The thirty-second blind set (10 sheets, 4 reflections), written this stop by someone who never
/// saw the grader, committed unread and held out until the end of the stop. Graded once,
/// untouched, at c8445c9: MAE 0.166, 3 labelled <= 0.4 given half (1 with the verdict wrong), 6
/// labelled >= 0.8 given <= 0.3, needs_review on 10 of 13 far-off answers (77%), 43 of 100 flagged.
#[test]
fn blind32_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind32-holdout"), None);
    a.print("blind32-holdout");
}

/// The thirty-second blind set's reflections. First grading, untouched (c8445c9): mean error 0.092,
/// worst 0.120.
#[test]
fn blind32_holdout_reflection_figures() {
    reflection_figures("blind32-holdout");
}

/// The thirty-fifth blind set (10 sheets, 4 reflections), written this stop by someone who never
/// saw the grader, committed unread and held out until the end of the stop. Graded once,
/// untouched, at c8445c9: MAE 0.128, 6 labelled <= 0.4 given half (2 with the verdict wrong), 4
/// labelled >= 0.8 given <= 0.3, needs_review on 4 of 7 far-off answers (57%), 46 of 100 flagged.
#[test]
fn blind35_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind35-holdout"), None);
    a.print("blind35-holdout");
}

/// The thirty-fifth blind set's reflections. First grading, untouched (c8445c9): mean error 0.175,
/// worst 0.340.
#[test]
fn blind35_holdout_reflection_figures() {
    reflection_figures("blind35-holdout");
}

/// The thirty-sixth blind set (10 sheets, 4 reflections), written this stop by someone who never
/// saw the grader, committed unread and held out until the end of the stop. Graded once,
/// untouched, at c8445c9: MAE 0.188, 3 labelled <= 0.4 given half (2 with the verdict wrong), 9
/// labelled >= 0.8 given <= 0.3, needs_review on 9 of 12 far-off answers (75%), 55 of 100 flagged.
#[test]
fn blind36_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind36-holdout"), None);
    a.print("blind36-holdout");
}

/// The thirty-sixth blind set's reflections. First grading, untouched (c8445c9): mean error 0.040,
/// worst 0.070.
#[test]
fn blind36_holdout_reflection_figures() {
    reflection_figures("blind36-holdout");
}

/// The thirty-ninth blind set (10 sheets, 4 reflections), written this stop by someone who never
/// saw the grader, committed unread; a development set. First grading, untouched (27c546e): MAE
/// 0.146, 2 labelled <= 0.4 given half (none with the verdict wrong), 7 labelled >= 0.8 given
/// <= 0.3, needs_review on 9 of 9 far-off answers (100%), 38 of 100 flagged.
#[test]
fn blind39_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind39-dev"), None);
    a.print("blind39-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.088, "blind39-dev MAE {:.3}", a.mae());
}

/// The thirty-ninth blind set's reflections. First grading, untouched (27c546e): mean error 0.188,
/// worst 0.324.
#[test]
fn blind39_dev_reflection_figures() {
    reflection_figures("blind39-dev");
}

/// The forty-fourth blind set (10 sheets, 4 reflections), written this stop by someone who never
/// saw the grader, committed unread and held out until the end of the stop. Its summary line was
/// printed once by mistake, with a dev set's, at 27c546e plus a draft of csv_as_text: MAE 0.134, 6
/// labelled <= 0.4 given half, 4 labelled >= 0.8 given <= 0.3, needs_review on 5 of 7 far-off
/// answers. No answer of it was looked at; its first deliberate grading is at the end of the stop.
/// Graded at the end of the stop, untouched (f19b02b): MAE 0.125, 6 labelled <= 0.4 given half (2
/// with the verdict wrong), 4 labelled >= 0.8 given <= 0.3, needs_review on 5 of 6 far-off answers
/// (83%), 34 of 100 flagged.
#[test]
fn blind44_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind44-holdout"), None);
    a.print("blind44-holdout");
}

/// The forty-fourth blind set's reflections. Printed once by mistake with the answers' line: mean
/// error 0.125, worst 0.23. Graded at the end of the stop, untouched (f19b02b): mean error 0.125,
/// worst 0.230.
#[test]
fn blind44_holdout_reflection_figures() {
    reflection_figures("blind44-holdout");
}

/// The thirty-eighth blind set (10 sheets, 4 reflections), written this stop by someone who never
/// saw the grader, committed unread; a development set. First grading, untouched (27c546e): MAE
/// 0.174, 7 labelled <= 0.4 given half (3 with the verdict wrong), 8 labelled >= 0.8 given
/// <= 0.3, needs_review on 9 of 10 far-off answers (90%), 50 of 100 flagged.
#[test]
fn blind38_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind38-dev"), None);
    a.print("blind38-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.078, "blind38-dev MAE {:.3}", a.mae());
}

/// The thirty-eighth blind set's reflections. First grading, untouched (27c546e): mean error 0.090,
/// worst 0.180.
#[test]
fn blind38_dev_reflection_figures() {
    reflection_figures("blind38-dev");
}

/// The forty-third blind set (10 sheets, 4 reflections), written this stop by someone who never saw
/// the grader, committed unread and held out until the end of the stop. Its summary line was
/// printed once by mistake, with a dev set's, at 27c546e plus a draft of csv_as_text: MAE 0.132, 7
/// labelled <= 0.4 given half, 3 labelled >= 0.8 given <= 0.3, needs_review on 3 of 8 far-off
/// answers. No answer of it was looked at; its first deliberate grading is at the end of the stop.
/// Graded at the end of the stop, untouched (f19b02b): MAE 0.132, 7 labelled <= 0.4 given half (3
/// with the verdict wrong), 3 labelled >= 0.8 given <= 0.3, needs_review on 3 of 8 far-off answers
/// (38%), 43 of 100 flagged.
#[test]
fn blind43_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind43-holdout"), None);
    a.print("blind43-holdout");
}

/// The forty-third blind set's reflections. Printed once by mistake with the answers' line: mean
/// error 0.087, worst 0.14. Graded at the end of the stop, untouched (f19b02b): mean error 0.087,
/// worst 0.140.
#[test]
fn blind43_holdout_reflection_figures() {
    reflection_figures("blind43-holdout");
}

/// The thirty-seventh blind set (10 sheets, 4 reflections), written this stop by someone who never
/// saw the grader, committed unread; a development set. First grading, untouched (27c546e): MAE
/// 0.150, 7 labelled <= 0.4 given half (1 with the verdict wrong), 4 labelled >= 0.8 given
/// <= 0.3, needs_review on 7 of 8 far-off answers (88%), 49 of 100 flagged.
#[test]
fn blind37_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind37-dev"), None);
    a.print("blind37-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.082, "blind37-dev MAE {:.3}", a.mae());
}

/// The thirty-seventh blind set's reflections. First grading, untouched (27c546e): mean error
/// 0.081, worst 0.130.
#[test]
fn blind37_dev_reflection_figures() {
    reflection_figures("blind37-dev");
}

/// The forty-second blind set (10 sheets, 4 reflections), written this stop by someone who never
/// saw the grader, committed unread and held out until the end of the stop. Its summary line was
/// printed once by mistake, with a dev set's, at 27c546e plus a draft of csv_as_text: MAE 0.129, 5
/// labelled <= 0.4 given half, 1 labelled >= 0.8 given <= 0.3, needs_review on 4 of 5 far-off
/// answers. No answer of it was looked at; its first deliberate grading is at the end of the stop.
/// Graded at the end of the stop, untouched (f19b02b): MAE 0.128, 5 labelled <= 0.4 given half (1
/// with the verdict wrong), 1 labelled >= 0.8 given <= 0.3, needs_review on 4 of 5 far-off answers
/// (80%), 38 of 100 flagged.
#[test]
fn blind42_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind42-holdout"), None);
    a.print("blind42-holdout");
}

/// The forty-second blind set's reflections. Printed once by mistake with the answers' line: mean
/// error 0.165, worst 0.29. Graded at the end of the stop, untouched (f19b02b): mean error 0.165,
/// worst 0.290.
#[test]
fn blind42_holdout_reflection_figures() {
    reflection_figures("blind42-holdout");
}

/// The forty-first blind set (10 sheets, 4 reflections), written this stop by someone who never saw
/// the grader, committed unread and held out until the end of the stop. Graded at the end of the
/// stop, untouched (f19b02b): MAE 0.173, 5 labelled <= 0.4 given half (1 with the verdict wrong), 6
/// labelled >= 0.8 given <= 0.3, needs_review on 8 of 10 far-off answers (80%), 53 of 100 flagged.
#[test]
fn blind41_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind41-holdout"), None);
    a.print("blind41-holdout");
}

/// The forty-first blind set's reflections. Graded at the end of the stop,
/// untouched (f19b02b): mean error 0.095, worst 0.150.
#[test]
fn blind41_holdout_reflection_figures() {
    reflection_figures("blind41-holdout");
}

/// The fortieth blind set (10 sheets, 4 reflections), written this stop by someone who never
/// saw the grader, committed unread; a development set. First grading, untouched (27c546e): MAE
/// 0.106, 7 labelled <= 0.4 given half (4 with the verdict wrong), none labelled >= 0.8 given
/// <= 0.3, needs_review on 2 of 3 far-off answers (67%), 49 of 100 flagged.
#[test]
fn blind40_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind40-dev"), None);
    a.print("blind40-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.074, "blind40-dev MAE {:.3}", a.mae());
}

/// The fortieth blind set's reflections. First grading, untouched (27c546e): mean error 0.202,
/// worst 0.360.
#[test]
fn blind40_dev_reflection_figures() {
    reflection_figures("blind40-dev");
}

/// The forty-fifth blind set (10 sheets, 4 reflections), written this stop by someone who never saw
/// the grader, committed unread and held out to the end of the stop, written after the first four
/// held-out sets were studied. Graded once at the end of the stop, untouched (b98adc9): MAE 0.113,
/// 6 labelled <= 0.4 given half (1 with the verdict wrong), 2 labelled >= 0.8 given <= 0.3,
/// needs_review on 3 of 5 far-off answers (60%), 36 of 100 flagged.
#[test]
fn blind45_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind45-holdout"), None);
    a.print("blind45-holdout");
}

/// The forty-fifth blind set's reflections. Graded once at the end of the stop, untouched
/// (b98adc9): mean error 0.147, worst 0.270.
#[test]
fn blind45_holdout_reflection_figures() {
    reflection_figures("blind45-holdout");
}

/// The forty-sixth blind set (10 sheets, 4 reflections), written this stop by someone who never saw
/// the grader, committed unread and held out to the end of the stop, written after the first four
/// held-out sets were studied. Graded once at the end of the stop, untouched (b98adc9): MAE 0.115,
/// 6 labelled <= 0.4 given half (1 with the verdict wrong), none labelled >= 0.8 given <= 0.3,
/// needs_review on 5 of 7 far-off answers (71%), 45 of 100 flagged.
#[test]
fn blind46_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind46-holdout"), None);
    a.print("blind46-holdout");
}

/// The forty-sixth blind set's reflections. Graded once at the end of the stop, untouched
/// (b98adc9): mean error 0.135, worst 0.270.
#[test]
fn blind46_holdout_reflection_figures() {
    reflection_figures("blind46-holdout");
}

/// The forty-seventh blind set (10 sheets, 4 reflections), written this stop by someone who never
/// saw the grader, committed unread and held out to the end of the stop, written after the first
/// four held-out sets were studied. Graded once at the end of the stop, untouched (b98adc9): MAE
/// 0.136, 6 labelled <= 0.4 given half (none with the verdict wrong), 2 labelled >= 0.8 given <=
/// 0.3, needs_review on 4 of 7 far-off answers (57%), 44 of 100 flagged.
#[test]
fn blind47_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind47-holdout"), None);
    a.print("blind47-holdout");
}

/// The forty-seventh blind set's reflections. Graded once at the end of the stop, untouched
/// (b98adc9): mean error 0.075, worst 0.170.
#[test]
fn blind47_holdout_reflection_figures() {
    reflection_figures("blind47-holdout");
}

/// The forty-eighth blind set (10 sheets, 4 reflections), written this stop by someone who never
/// saw the grader, committed unread and held out to the end of the stop, written after the first
/// four held-out sets were studied. Graded once at the end of the stop, untouched (b98adc9): MAE
/// 0.141, 9 labelled <= 0.4 given half (3 with the verdict wrong), 1 labelled >= 0.8 given <= 0.3,
/// needs_review on 5 of 7 far-off answers (71%), 38 of 100 flagged.
#[test]
fn blind48_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind48-holdout"), None);
    a.print("blind48-holdout");
}

/// The forty-eighth blind set's reflections. Graded once at the end of the stop, untouched
/// (b98adc9): mean error 0.115, worst 0.230.
#[test]
fn blind48_holdout_reflection_figures() {
    reflection_figures("blind48-holdout");
}

/// The forty-ninth blind set (10 sheets, 4 reflections), written in stop 29 by someone who never
/// saw the grader, committed unread; a development set. First grading, untouched (66776d3): MAE
/// 0.117, 5 labelled <= 0.4 given half (none with the verdict wrong), 4 labelled >= 0.8
/// given <= 0.3, needs_review on 4 of 5 far-off answers (80%), 39 of 100 flagged.
#[test]
fn blind49_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind49-dev"), None);
    a.print("blind49-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.089, "blind49-dev MAE {:.3}", a.mae());
}

/// The forty-ninth blind set's reflections. First grading, untouched (66776d3): mean error 0.145,
/// worst 0.280.
#[test]
fn blind49_dev_reflection_figures() {
    reflection_figures("blind49-dev");
}

/// The fifty-fourth blind set (10 sheets, 4 reflections), written in stop 29 by someone who never
/// saw the grader, committed unread and held out until the end of the stop. Graded once at the
/// end of the stop, untouched (c882b35): MAE 0.102, 4 labelled <= 0.4 given half (none with the
/// verdict wrong), 4 labelled >= 0.8 given <= 0.3, needs_review on 4 of 5 far-off answers (80%), 40
/// of 100 flagged. The grader at the start of the stop (59fff8a) gives 0.116.
#[test]
fn blind54_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind54-holdout"), None);
    a.print("blind54-holdout");
}

/// The fifty-fourth blind set's reflections. Graded once at the end of the stop, untouched
/// (c882b35): mean error 0.116, worst 0.205.
#[test]
fn blind54_holdout_reflection_figures() {
    reflection_figures("blind54-holdout");
}

/// The fiftieth blind set (10 sheets, 4 reflections), written in stop 29 by someone who never
/// saw the grader, committed unread; a development set. First grading, untouched (66776d3): MAE
/// 0.146, 11 labelled <= 0.4 given half (2 with the verdict wrong), 1 labelled >= 0.8 given
/// <= 0.3, needs_review on 5 of 8 far-off answers (62%), 50 of 100 flagged.
#[test]
fn blind50_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind50-dev"), None);
    a.print("blind50-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.119, "blind50-dev MAE {:.3}", a.mae());
}

/// The fiftieth blind set's reflections. First grading, untouched (66776d3): mean error 0.120,
/// worst 0.220.
#[test]
fn blind50_dev_reflection_figures() {
    reflection_figures("blind50-dev");
}

/// The fifty-third blind set (10 sheets, 4 reflections), written in stop 29 by someone who never
/// saw the grader, committed unread and held out until the end of the stop. Graded once at the
/// end of the stop, untouched (c882b35): MAE 0.139, 2 labelled <= 0.4 given half (none with the
/// verdict wrong), 6 labelled >= 0.8 given <= 0.3, needs_review on 8 of 10 far-off answers (80%),
/// 41 of 100 flagged. The grader at the start of the stop (59fff8a) gives 0.152.
#[test]
fn blind53_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind53-holdout"), None);
    a.print("blind53-holdout");
}

/// The fifty-third blind set's reflections. Graded once at the end of the stop, untouched
/// (c882b35): mean error 0.092, worst 0.140.
#[test]
fn blind53_holdout_reflection_figures() {
    reflection_figures("blind53-holdout");
}

/// The fifty-first blind set (10 sheets, 4 reflections), written in stop 29 by someone who never
/// saw the grader, committed unread and held out until the end of the stop. Graded once at the
/// end of the stop, untouched (c882b35): MAE 0.121, 5 labelled <= 0.4 given half (1 with the
/// verdict wrong), 2 labelled >= 0.8 given <= 0.3, needs_review on 4 of 6 far-off answers (67%), 50
/// of 100 flagged. The grader at the start of the stop (59fff8a) gives 0.133.
#[test]
fn blind51_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind51-holdout"), None);
    a.print("blind51-holdout");
}

/// The fifty-first blind set's reflections. Graded once at the end of the stop, untouched
/// (c882b35): mean error 0.057, worst 0.110.
#[test]
fn blind51_holdout_reflection_figures() {
    reflection_figures("blind51-holdout");
}

/// The fifty-second blind set (10 sheets, 4 reflections), written in stop 29 by someone who never
/// saw the grader, committed unread and held out until the end of the stop. Graded once at the
/// end of the stop, untouched (c882b35): MAE 0.129, 5 labelled <= 0.4 given half (3 with the
/// verdict wrong), 4 labelled >= 0.8 given <= 0.3, needs_review on 8 of 10 far-off answers (80%),
/// 47 of 100 flagged. The grader at the start of the stop (59fff8a) gives 0.151.
#[test]
fn blind52_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind52-holdout"), None);
    a.print("blind52-holdout");
}

/// The fifty-second blind set's reflections. Graded once at the end of the stop, untouched
/// (c882b35): mean error 0.156, worst 0.260.
#[test]
fn blind52_holdout_reflection_figures() {
    reflection_figures("blind52-holdout");
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ReflectionLabels {
    /// The blind set's file has none.
    #[serde(default)]
    #[allow(dead_code)]
    format_version: u32,
    reflections: Vec<LabelledReflection>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct LabelledReflection {
    file: String,
    kind: String,
    #[serde(default)]
    #[allow(dead_code)]
    split: Option<String>,
    /// Fraction of full credit, 0-1.
    overall: f64,
    sections: Vec<SectionLabel>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct SectionLabel {
    /// The heading as written on the sheet, e.g. `1. Trade-offs`.
    section: String,
    /// Out of 10.
    score: f64,
    #[serde(default)]
    #[allow(dead_code)]
    why: Option<String>,
}

/// The blind reflections: overall and per-section error against the expert.
#[test]
fn blind_dev_reflections_agree_with_the_expert() {
    let worst = reflection_figures("blind-dev");
    assert!(worst <= 0.2, "a reflection is {worst:.3} from the expert");
}

/// The second blind set's dev reflections.
#[test]
fn blind2_dev_reflection_figures() {
    let worst = reflection_figures("blind2-dev");
    assert!(worst <= 0.2, "a reflection is {worst:.3} from the expert");
}

/// The second blind set's held-out reflections (see `blind2_holdout_set_figures`).
#[test]
fn blind2_holdout_reflection_figures() {
    reflection_figures("blind2-holdout");
}

/// The third blind set's dev reflections.
#[test]
fn blind3_dev_reflection_figures() {
    // First grading: mean 0.172, worst 0.560 (a reflection written as one table read as empty).
    let worst = reflection_figures("blind3-dev");
    assert!(worst <= 0.2, "a reflection is {worst:.3} from the expert");
}

/// The third blind set's held-out reflections (see `blind3_holdout_set_figures`).
#[test]
fn blind3_holdout_reflection_figures() {
    // First grading: mean 0.172, worst 0.540 (one paragraph, no headings, read as empty).
    let worst = reflection_figures("blind3-holdout");
    assert!(worst <= 0.2, "a reflection is {worst:.3} from the expert");
}

/// The fourth blind set's reflections (see `blind4_holdout_set_figures`). First grading,
/// untouched: mean error 0.332, worst 0.880 (a numbered list of the five sections read as empty).
#[test]
fn blind4_holdout_reflection_figures() {
    // Since studied (sections named by bold leads, bare figures): mean 0.125, worst 0.35 (a
    // reflection that mixes up the katas, which no keyword can see).
    let worst = reflection_figures("blind4-holdout");
    assert!(worst <= 0.36, "a reflection is {worst:.3} from the expert");
}

/// The fifth blind set's dev reflections. First grading: mean 0.092, worst 0.210 (before/after
/// pairs, credited 0.65 where the expert gives 0.44).
#[test]
fn blind5_dev_reflection_figures() {
    let worst = reflection_figures("blind5-dev");
    assert!(worst <= 0.22, "a reflection is {worst:.3} from the expert");
}

/// The fifth blind set's held-out reflections (see `blind5_holdout_set_figures`). First grading,
/// untouched: mean error 0.115, worst 0.206.
#[test]
fn blind5_holdout_reflection_figures() {
    let worst = reflection_figures("blind5-holdout");
    assert!(worst <= 0.21, "a reflection is {worst:.3} from the expert");
}

/// The sixth blind set's reflections (see `blind6_holdout_set_figures`). First grading, untouched:
/// mean error 0.115, worst 0.250.
#[test]
fn blind6_holdout_reflection_figures() {
    reflection_figures("blind6-holdout");
}

/// The seventh blind set's dev reflections (see `blind7_dev_set_figures`). First grading,
/// untouched: mean error 0.060, worst 0.120.
#[test]
fn blind7_dev_reflection_figures() {
    reflection_figures("blind7-dev");
}

/// The held-out blind reflections (see `blind_holdout_set_figures`).
#[test]
fn blind_holdout_reflection_figures() {
    let worst = reflection_figures("blind-holdout");
    assert!(worst <= 0.2, "a reflection is {worst:.3} from the expert");
}

/// Prints the figures of one set of labelled reflections; returns the worst error.
fn reflection_figures(set: &str) -> f64 {
    let rubric = reflection_rubric();
    let dir = reflections_dir().join(set);
    let labels: ReflectionLabels =
        crate::content::yaml::load(&dir.join("labels.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let mut report = String::new();
    let (mut worst, mut total, mut section_error, mut sections) = (0.0f64, 0.0, 0.0, 0usize);
    for l in &labels.reflections {
        let r = grade_reflection(&rubric, &dir.join(&l.file), None).unwrap();
        let got = r.score / r.max_score;
        let error = (got - l.overall).abs();
        worst = worst.max(error);
        total += error;
        report.push_str(&format!(
            "\n{} ({}): expert {:.2} grader {:.2}{}\n",
            l.file,
            l.kind,
            l.overall,
            got,
            if error > 0.2 { " <<<" } else { "" }
        ));
        for (label, s) in l.sections.iter().zip(&r.sections) {
            let e = (s.score / s.max_score - label.score / 10.0).abs();
            section_error += e;
            sections += 1;
            report.push_str(&format!(
                "  {:<14} ({}) expert {:>4.1} grader {:>4.1} {}{}\n",
                s.id,
                label.section,
                label.score / 10.0,
                s.score / s.max_score,
                if e > 0.25 { "<<< " } else { "" },
                s.summary
            ));
            for e in &s.evidence {
                report.push_str(&format!("       + {} ({}) line {}: {}\n", e.criterion, e.points, e.line, e.quote));
            }
        }
    }
    println!(
        "{report}\n{set} reflections: {} sheets, mean error {:.3}, worst {:.3}, per-section MAE {:.3}",
        labels.reflections.len(),
        total / labels.reflections.len() as f64,
        worst,
        section_error / sections.max(1) as f64
    );
    worst
}

// ---------------------------------------------------------------------------------------------
// The reflection.

fn reflections_dir() -> PathBuf {
    root().join("tests/fixtures/reflections")
}

fn dump_reflection(r: &ReflectionResult) -> String {
    let mut out = format!("{} : {}/{}\n", r.sheet, r.score, r.max_score);
    for s in &r.sections {
        out.push_str(&format!(
            "  {:<14} {:>4}/{:<3} found={} empty={} {}{}\n",
            s.id,
            s.score,
            s.max_score,
            s.found,
            s.empty,
            s.summary,
            s.review_reason.as_ref().map(|r| format!("\n         REVIEW: {r}")).unwrap_or_default()
        ));
        for e in &s.evidence {
            out.push_str(&format!("         + {} ({}) line {}: {}\n", e.criterion, e.points, e.line, e.quote));
        }
    }
    for w in &r.warnings {
        out.push_str(&format!("  warning: {w}\n"));
    }
    out
}

#[test]
fn seed_000_reflection() {
    let rubric = reflection_rubric();
    let r = grade_reflection(&rubric, &reflections_dir().join("seed-000.md"), None).unwrap();
    println!("{}", dump_reflection(&r));
    assert!(r.sections.iter().all(|s| s.found && !s.empty), "all five sections are there");
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    // A strong reflection: every section earns most of its points, each with evidence, but for
    // "only 33% slower" (1504 ms against 1009 ms is 49%), which every blind labeller docked,
    // and "reducing infrastructure costs by 50%", a saving asserted, never measured.
    for s in &r.sections {
        if s.id == "trade-offs" {
            assert!(s.misconceptions.iter().any(|m| m.id == "pool-cost-a-third"), "{}", s.summary);
            assert!(s.score >= 0.6 * s.max_score, "{}: {}", s.id, s.summary);
        } else if s.id == "impact" {
            assert!(s.misconceptions.iter().any(|m| m.id == "cost-halved"), "{}", s.summary);
            assert!(s.score >= 0.5 * s.max_score, "{}: {}", s.id, s.summary);
        } else {
            assert!(s.score >= 0.7 * s.max_score, "{}: {}", s.id, s.summary);
        }
        assert!(!s.evidence.is_empty());
    }
}

/// A sticky-note board's export: each section's heading sits in a drawn frame after the
/// export's own label (`FRAME  ## 1. Trade-offs`), and a note's "(3 votes)" counts the board's
/// votes, not anything the candidate measured.
#[test]
fn a_sticky_note_board_is_read_by_its_frames_and_its_votes_are_no_specifics() {
    let md = "Board: my reflection\n\n──────────────────\nFRAME  ## 1. Trade-offs\n──────────────────\n[yellow] Speed vs quality is always the big trade-off  ● ● ●  (3 votes)\n[green]  Every decision has a cost, accepted it for long-term maintainability\n\n──────────────────\nFRAME  ## 4. AI Usage\n──────────────────\n[purple] Used ChatGPT as a pair programmer  ● ●  (2 votes)\n[purple] Always reviewed what it gave me\n";
    let r = grade_reflection_md(md);
    let section = |id: &str| r.sections.iter().find(|s| s.id == id).unwrap();
    assert!(section("trade-offs").found && section("ai-usage").found, "{}", dump_reflection(&r));
    assert!(section("trade-offs").score <= 5.0, "{}", dump_reflection(&r));
}

#[test]
fn weak_reflection_flags_missing_and_empty_sections() {
    let rubric = reflection_rubric();
    let r = grade_reflection(&rubric, &reflections_dir().join("weak.md"), None).unwrap();
    println!("{}", dump_reflection(&r));
    let section = |id: &str| r.sections.iter().find(|s| s.id == id).unwrap();
    assert!(section("trade-offs").found, "a bold line is a heading");
    assert_eq!(section("trade-offs").score, 0.0);
    assert!(section("performance").found);
    assert!(section("impact").found && section("impact").empty);
    assert!(section("impact").review_reason.as_deref().unwrap_or("").contains("empty"));
    assert!(!section("measurability").found);
    assert!(section("measurability").review_reason.as_deref().unwrap_or("").contains("missing"));
    assert!(section("ai-usage").score > 0.0 && section("ai-usage").score < 10.0, "used, not checked");
    assert!(r.needs_review);
    assert!(r.warnings.iter().any(|w| w.contains("Things I would do differently")), "{:?}", r.warnings);
}

/// "I did not use AI" is a claim with nothing behind it: it earns nothing for AI usage.
#[test]
fn no_ai_claim_earns_nothing() {
    let rubric = reflection_rubric();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("REFLECTION.md");
    std::fs::write(&path, "## AI Usage\n\nNo AI was used. I did not use AI for any part of this assessment.\n")
        .unwrap();
    let r = grade_reflection(&rubric, &path, None).unwrap();
    let s = r.sections.iter().find(|s| s.id == "ai-usage").unwrap();
    assert_eq!(s.score, 0.0, "{}", dump_reflection(&r));
}

/// AI wrote the code and the tests passing was the only check: little credit. The same use
/// with something the candidate caught and changed keeps its credit.
#[test]
fn handing_the_code_to_ai_earns_little() {
    let grade = |text: &str| reflection_section("AI Usage", "ai-usage", text);
    let handed = grade(
        "I used ChatGPT for most of the code in all five tasks because it is fast, and I checked it by running the tests, they were passing so the code is correct.",
    );
    assert!(handed.score <= 5.0, "{}", handed.summary);
    let owned = grade(
        "ChatGPT wrote most of the code for the deadlock kata. I ran the deadlock test loop before and after, and its first fix was wrong: it kept method2's lock order, so I rewrote it myself with one global order.",
    );
    assert!(owned.score >= 12.0, "{}", owned.summary);
}

// ---------------------------------------------------------------------------------------------
// Answer-sheet formats.

#[test]
fn answer_sheet_format_variants() {
    let set = set();
    let cases: &[(&str, &str)] = &[
        ("seed", "### Q8. The Missing Update\nTwo transactions...\n\n### Answer Q8:\nThe final stock is 8.\n"),
        ("hash heading", "## Q8\nThe final stock is 8.\n"),
        ("question n", "## Question 8\nThe final stock is 8.\n"),
        ("question n: title", "## Question 8: The \"Missing\" Update\nThe final stock is 8.\n"),
        ("qn. title", "### Q8. The \"Missing\" Update\nThe final stock is 8.\n"),
        ("answer to question", "## Answer to Question 8\nThe final stock is 8.\n"),
        ("bold paragraph", "**Q8:** The final stock is 8.\n"),
        ("bold alone", "**Q8**\n\nThe final stock is 8.\n"),
        ("plain paragraph", "Q8: The final stock is 8.\n"),
        ("answer n", "Answer 8: The final stock is 8.\n"),
        ("numbered title", "## 8. The \"Missing\" Update\nThe final stock is 8.\n"),
        ("title only", "## The \"Missing\" Update\nThe final stock is 8.\n"),
        ("list", "## Q8\n- Final stock: 8\n- Tx2 waits\n"),
        ("starts with the number", "## Q8\n8. Tx2 waits for the row lock.\n"),
        // Issue #13: shapes of unseen sheets.
        ("numbered list", "# Answers\n\n7. B, equality first.\n8. The final stock is 8.\n"),
        ("loose numbered list", "6. Keyset.\n\n8. The final stock is 8.\n\n9. FOR SHARE.\n"),
        ("parenthesis list", "answers\n\n7) B\n8) The final stock is 8.\n"),
        ("question dash", "Question 8 - The final stock is 8.\n"),
        ("hash paren heading", "## 8)\nThe final stock is 8.\n"),
        ("answer to question lower", "### Answer to question 8\nThe final stock is 8.\n"),
        ("html paragraph", "## Q8\n<p>The final stock is 8.</p>\n"),
        ("html bold label", "<p><b>Q8</b><br>\nThe final stock is 8, because `UPDATE` waits.</p>\n"),
        ("html strong colon", "<p><strong>Q8:</strong> The final stock is 8.</p>\n"),
        ("bullet label", "- Q8: The final stock is 8.\n"),
        ("q paren", "Q8) The final stock is 8.\n"),
        ("paren number", "(8) The final stock is 8.\n"),
        ("number colon", "8: The final stock is 8.\n"),
        ("table row per question", "| Q | Answer |\n|---|---|\n| Q8 | The final stock is 8. |\n"),
        ("decorated heading", "## \u{2705} Q8\nThe final stock is 8.\n"),
        ("part and question", "## Part 3 - Q8\nThe final stock is 8.\n"),
        ("question n of", "### Question 8 of 10\nThe final stock is 8.\n"),
        ("html div label", "<div><strong>Question 8</strong></div>\n<div>The final stock is 8.</div>\n"),
        ("html script first", "## Q8\n<script>alert(1)</script>\n<p>The final stock is <b>8</b>.<br>Tx2 waits.</p>\n"),
    ];
    for (name, md) in cases {
        let r = grade_md(&set, md);
        let a = q(&r, "Q8");
        assert_eq!(a.status, AnswerStatus::Answered, "{name}: {}", dump(&r));
        assert_eq!(a.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("8"), "{name}: {}", dump(&r));
        assert!(r.warnings.is_empty(), "{name}: {:?}", r.warnings);
        assert_eq!(q(&r, "Q1").status, AnswerStatus::Missing, "{name}");
    }
}

#[test]
fn out_of_order_code_missing_empty_duplicate_unknown() {
    let set = set();
    let r = grade_answers(&set, &answers_dir().join("odd-format.md"), None).unwrap();
    println!("{}", dump(&r));
    assert_eq!(q(&r, "Q10").status, AnswerStatus::Answered, "numbered heading with the title");
    assert!(q(&r, "Q10").evidence.iter().any(|e| e.criterion == "skip-locked"));
    assert!(q(&r, "Q1").evidence.iter().any(|e| e.criterion == "copy-fix"), "code-only answer");
    assert_eq!(q(&r, "Q2").status, AnswerStatus::Empty);
    assert_eq!(q(&r, "Q2").score, 0.0);
    assert!(q(&r, "Q2").summary.contains("empty"));
    assert_eq!(q(&r, "Q5").status, AnswerStatus::Missing);
    assert!(q(&r, "Q5").summary.contains("no answer"));
    assert_eq!(q(&r, "Q9").status, AnswerStatus::Answered, "a deeper heading after an unknown one");
    assert!(r.warnings.iter().any(|w| w.contains("Q11") && w.contains("names no question")), "{:?}", r.warnings);
    assert!(r.warnings.iter().any(|w| w.contains("Q7 is answered in 2 places")), "{:?}", r.warnings);
    // The duplicate parts are graded together.
    assert!(q(&r, "Q7").evidence.iter().any(|e| e.criterion == "equality-then-range"));
}

#[test]
fn unmatched_text_is_a_warning_never_an_error() {
    let set = set();
    let r = grade_md(&set, "Some notes with no headings at all, written as one long paragraph of text.\n");
    assert!(r.warnings.iter().any(|w| w.contains("no answer headings found")), "{:?}", r.warnings);
    assert!(r.questions.iter().all(|q| q.status == AnswerStatus::Missing));
    let r = grade_md(&set, "## Q1\nThe backing array stays alive.\n\n## Appendix\nHere are some thoughts that belong to no question at all.\n");
    assert!(r.warnings.iter().any(|w| w.contains("not under any answer heading")), "{:?}", r.warnings);
    assert!(q(&r, "Q1").score > 0.0);
}

#[test]
fn seed_layout_ignores_the_question_text() {
    // The question text under `### Q1.` must not be graded as an answer, even though it holds
    // "Returning a slice of the array".
    let set = set();
    let r = grade_answers(&set, &answers_dir().join("seed-004.md"), None).unwrap();
    assert!(q(&r, "Q1").evidence.is_empty(), "{}", q(&r, "Q1").summary);
    assert!(q(&r, "Q1").line.is_some_and(|l| l > 90), "the answer's line, not the question's");
}

// ---------------------------------------------------------------------------------------------
// Negation, contrast, stuffing.

fn one(set: &QuestionSet, id: &str, answer: &str) -> QuestionResult {
    let r = grade_md(set, &format!("## {id}\n{answer}\n"));
    q(&r, id).clone()
}

#[test]
fn negation_and_contrast_earn_nothing() {
    let set = set();
    let r = one(&set, "Q10", "SKIP LOCKED won't help here; the workers are slow because of the network.");
    assert_eq!(r.score, 0.0, "{}", r.summary);
    assert!(r.needs_review, "a negated key term is worth a look");
    let r = one(&set, "Q8", "Some say 8, but it is 9: both transactions read 10.");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("9"));
    assert_eq!(r.score, 0.0, "{}", r.summary);
    let r = one(&set, "Q8", "Some say 9, but it is 8: Tx2 waits for the row lock and re-reads the committed 9.");
    assert_eq!(r.score, 10.0, "{}", r.summary);
    let r = one(&set, "Q1", "It is not a file-handle leak: ReadFile closes the file. The sub-slice keeps the 1 GB backing array alive; copy it with bytes.Clone.");
    assert!(r.misconceptions.is_empty(), "negated misconception: {}", r.summary);
    assert_eq!(r.score, 8.0, "{}", r.summary);
    let r =
        one(&set, "Q3", "It does not stay on the stack: the goroutine can outlive Process, so r escapes to the heap.");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"));
    // Issue #13: an ordinal that opens the answer names the choice.
    let r = one(&set, "Q9", "The second option, `FOR SHARE`. The third (`LOCK TABLE`) would block the inserts.");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("for-share"), "{}", r.summary);
    let r = one(&set, "Q10", "Add NOWAIT to the query. That won't help, though.");
    assert_eq!(r.score, 0.0, "dismissed by the next sentence: {}", r.summary);
}

/// Issue #13: a misconception counts only when the candidate asserts it.
#[test]
fn misconceptions_count_only_when_asserted() {
    let set = set();
    let ids = |r: &QuestionResult| r.misconceptions.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
    // A counter-example in a code block.
    let r = grade_md(
        &set,
        "## Q1\nThe sub-slice keeps the 1 GB backing array alive. This does not free anything:\n\n```go\ndata = nil\n```\n\nCopy the bytes with bytes.Clone.\n",
    );
    let r = q(&r, "Q1");
    assert!(ids(r).is_empty(), "{}", r.summary);
    assert_eq!(r.score, 8.0, "{}", r.summary);
    assert!(r.review_reason.as_deref().unwrap_or("").contains("code block"), "{:?}", r.review_reason);
    // A quotation of someone else's words.
    let r = one(
        &set,
        "Q2",
        "The old runbook says \"the producer panics when the buffer fills\", which is mistaken: once the buffer is full each send blocks until the consumer takes one, so the producer runs at 100/s.",
    );
    assert!(ids(&r).is_empty(), "{}", r.summary);
    // The blocking send and the rates, in full.
    assert!(r.score >= 5.0, "{}", r.summary);
    // The condition of an `if`, not its consequence.
    let r = one(
        &set,
        "Q2",
        "Once the buffer is full the send blocks. Make the queue durable if the process can crash: Kafka.",
    );
    assert!(ids(&r).is_empty(), "{}", r.summary);
    let r = one(&set, "Q2", "If the buffer is full, the producer panics.");
    assert_eq!(ids(&r), ["panic-or-deadlock"], "{}", r.summary);
    // The reason for rejecting an option.
    let r = one(
        &set,
        "Q10",
        "All 50 workers wait on the same locked row. Use FOR UPDATE SKIP LOCKED. I ruled out NOWAIT because the workers would deadlock retrying the same row.",
    );
    assert!(ids(&r).is_empty(), "{}", r.summary);
    assert!(r.needs_review, "the words are there: {}", r.summary);
    // A word in quotes is still the candidate's own claim.
    let r = one(&set, "Q9", "FOR SHARE is \"shared\" with writers: it allows others to update the rows.");
    assert!(!ids(&r).is_empty(), "{}", r.summary);
}

/// Struck-out text is withdrawn; an answer's own numbered points are not question markers.
#[test]
fn struck_out_text_and_inner_numbering() {
    let set = set();
    let r = one(&set, "Q2", "After 0.1 s the buffer is full and the producer ~~panics~~ blocks on the send.");
    assert!(r.misconceptions.is_empty(), "{}", r.summary);
    let r = one(&set, "Q3", "<p><del>Stack.</del> Heap: the goroutine outlives the frame.</p>");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", r.summary);
    let r = grade_md(&set, "Q4. The load balancer\n\nAnswer: 1) B's users move to the next node on the ring.\n");
    assert_eq!(q(&r, "Q4").status, AnswerStatus::Answered, "{}", dump(&r));
    assert_eq!(q(&r, "Q1").status, AnswerStatus::Missing, "{}", dump(&r));
}

/// An edit that takes the answer back withdraws what came before it; one that only adds does not.
#[test]
fn retracted_text_is_withdrawn() {
    let set = set();
    let r = one(
        &set,
        "Q9",
        "`FOR UPDATE`, to guarantee no modification.\n\n> **EDIT:** better: `FOR SHARE`. It blocks updates and deletes of the locked rows but lets new rows be inserted.",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("for-share"), "{}", r.summary);
    let r = one(&set, "Q2", "The producer panics.\n\nScratch that: the send blocks once the buffer is full.");
    assert!(r.misconceptions.is_empty(), "{}", r.summary);
    let r = one(&set, "Q2", "The producer panics.\n\nEDIT: or simpler, use a bigger buffer.");
    assert!(!r.misconceptions.is_empty(), "an edit that adds withdraws nothing: {}", r.summary);
}

/// "A crash doesn't lose events" in a durability argument is not the producer crashing.
#[test]
fn a_crash_in_a_durability_argument_is_not_the_producer_crashing() {
    let set = set();
    let r = one(&set, "Q2", "Put a durable log in between, so a crash doesn't lose the in-memory buffer.");
    assert!(r.misconceptions.is_empty(), "{}", r.summary);
    let r = one(&set, "Q2", "Once the buffer is full the program crashes.");
    assert!(r.misconceptions.iter().any(|m| m.id == "panic-or-deadlock"), "{}", r.summary);
}

/// Definitions of a question's terms, however right, do not answer it; bold leads that
/// structure an answer (`**TL;DR:**`, `**Fix.**`) are not terms.
#[test]
fn a_glossary_is_not_an_answer() {
    let set = set();
    let glossary = "## Q5\n\n**Fixed window.** A rate-limiting algorithm that counts requests in discrete intervals and rejects them once the count exceeds the limit.\n\n**Token bucket.** An algorithm in which tokens are added at a fixed rate up to a capacity; each request consumes a token, which bounds bursts.\n\n**Sliding window.** A family of algorithms that count over a rolling period ending now.\n";
    let r = grade_md(&set, glossary);
    let q5 = q(&r, "Q5");
    assert!(q5.score <= 0.3 * q5.max_score && q5.needs_review, "{}", q5.summary);
    let structured = "## Q5\n\n**TL;DR:** yes, 200 requests get through across the boundary.\n\n**Fix.** Use a sliding window log or a token bucket with capacity 100, so no two-second burst exceeds the limit.\n";
    let r = grade_md(&set, structured);
    assert!(!q(&r, "Q5").summary.contains("definitions only"), "{}", q(&r, "Q5").summary);
    // Labels in the candidate's own language ("answer", "how to fix") are structure too.
    let labelled = "## Q1\n\n**Trả lời:** Because `data[:100]` still point to the same underlying array of 1GB, so GC cannot collect it.\n\n**Cách sửa:** copy the 100 bytes to a new slice, then the big array have no reference and GC can free it.\n";
    let r = grade_md(&set, labelled);
    assert!(q(&r, "Q1").score >= 7.0, "{}", q(&r, "Q1").summary);
    // "**The effect.**", "**The method.**": parts of the answer, after an article.
    let parts = "## Q8\n\n**The effect.** Two buyers take one item each at the same moment, and the count still comes out right.\n\n**The method.** The final stock is 8. Tx1's UPDATE locks the row; Tx2's UPDATE waits on that row lock, then re-reads the committed 9 and writes 8.\n";
    let r = grade_md(&set, parts);
    assert!(q(&r, "Q8").score >= 9.0, "{}", q(&r, "Q8").summary);
}

/// FAQ pairs (`**Q: (Q3) ...**` then `**A:** ...`) and a `Q3` line with its answer on the next
/// line of the same paragraph are answers; the `A:` label is not option A.
#[test]
fn faq_pairs_and_marker_lines() {
    let set = set();
    let faq = "**Q: (Q7) Which index, A or B?**\n\n**A:** B, equality column first, then the range.\n";
    let r = grade_md(&set, faq);
    let q7 = q(&r, "Q7");
    assert_eq!(q7.status, AnswerStatus::Answered, "{}", dump(&r));
    assert_eq!(q7.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", q7.summary);
    let lines = "Answers\n\nQ3\nHeap: the goroutine can outlive the frame.\n\nQ4\nB's users move to the next node.\n";
    let r = grade_md(&set, lines);
    assert_eq!(q(&r, "Q3").status, AnswerStatus::Answered, "{}", dump(&r));
    assert_eq!(q(&r, "Q4").status, AnswerStatus::Answered, "{}", dump(&r));
}

/// Sheets with no answer headings at all: the question's number on a line opens its answer
/// (a commit subject, an outline entry under a letter, a numbered thread, an appendix, a label
/// and a number, a letter), or a heading names its topic; a line that names several questions,
/// or a later question from an earlier answer, opens none.
#[test]
fn answers_opened_by_numbers_on_lines() {
    let set = set();
    let shapes = [
        "```\ncommit 3f1a\nfix(q3): r escapes\n\nHeap: the goroutine can outlive the frame.\n```\n\n```\ncommit 8b27\nfix(q4): ring\n\nB's users move to the next node clockwise; A's stay.\n```\n",
        "Outline\n\nI. Go\n   A. Q3 - Escape analysis\n      1. Heap: the goroutine can outlive the frame.\nII. Distributed\n   A. Q4 - Hashing\n      1. B's users move to the next node clockwise; A's stay.\n",
        "Thread on Q1-Q10 below\n\n3/10 Heap: the goroutine can outlive the frame, unlike in Q4.\n\n4/10 B's users move to the next node clockwise; A's stay.\n",
        "## Preamble\n\nSome words first.\n\n**A.3** Heap: the goroutine can outlive the frame.\n\n**A.4** B's users move to the next node clockwise; A's stay.\n",
        "## ADR-003 - r and the heap\n\n- **Decision:** Heap: the goroutine can outlive the frame.\n\n## ADR-004 - ring\n\n- **Decision:** B's users move to the next node clockwise; A's stay.\n",
        "PROBLEM 3 of 10\n\nSolution.\nHeap: the goroutine can outlive the frame.\n\nPROBLEM 4 of 10\n\nSolution.\nB's users move to the next node clockwise; A's stay.\n",
        "I lettered my answers: (a) is Q1 and so on.\n\n(c)\nHeap: the goroutine can outlive the frame.\n\n(d)\nB's users move to the next node clockwise; A's stay.\n",
        "# Written assessment\n\n## Goroutines and escape analysis\n\nHeap: the goroutine can outlive the frame.\n\n## Consistent hashing when a node fails\n\nB's users move to the next node clockwise; A's stay.\n",
        "# Brief\n\n[3] Heap: the goroutine can outlive the frame.\n\n[4] B's users move to the next node clockwise; A's stay.\n",
        "answers.csv\n\n\"#\",\"Topic\",\"My answer\"\n\"3\",\"Escape analysis\",\"Heap: the goroutine can outlive the frame.\"\n\"4\",\"Hashing\",\"B's users move to the next node clockwise; A's stay.\"\n",
    ];
    for sheet in shapes {
        let r = grade_md(&set, sheet);
        let q3 = q(&r, "Q3");
        assert_eq!(q3.status, AnswerStatus::Answered, "{sheet}\n{}", dump(&r));
        assert_eq!(q3.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", dump(&r));
        assert!(q(&r, "Q4").score > 0.0, "{sheet}\n{}", dump(&r));
        assert!(q(&r, "Q4").evidence.iter().all(|e| e.line > 3), "{}", dump(&r));
        assert_eq!(q(&r, "Q1").status, AnswerStatus::Missing, "{sheet}\n{}", dump(&r));
    }
}

/// A comparison table of every option is not several final answers, and what its cells say
/// about the options is not the candidate's claim; the choice is the one written outside it.
#[test]
fn comparison_tables_are_not_choices() {
    let set = set();
    let chosen = |r: &QuestionResult| r.choice.as_ref().and_then(|c| c.chosen.clone());
    let r = one(
        &set,
        "Q9",
        "| mode | blocks UPDATE | blocks INSERT |\n| --- | --- | --- |\n| `FOR UPDATE` | yes | no |\n| `FOR SHARE` | yes | no |\n| `LOCK TABLE` | yes | yes |\n\nChoice: `FOR SHARE`: the rows read cannot be updated, and inserts go on.",
    );
    assert_eq!(chosen(&r).as_deref(), Some("for-share"), "{}", r.summary);
    let r = one(
        &set,
        "Q2",
        "The buffer fills after 0.1 s, then each send blocks and the producer runs at 100/s.\n\n| option | drops data? |\n| --- | --- |\n| `select` + `default` | yes, it drops |\n| bigger buffer | no (until OOM) |\n\nChoice: 10 or more consumers and Kafka in front.",
    );
    assert!(r.misconceptions.is_empty(), "{}", r.summary);
    // A table alone still answers.
    let r = one(&set, "Q8", "| final stock |\n| --- |\n| 8 |\n");
    assert_eq!(chosen(&r).as_deref(), Some("8"), "{}", r.summary);
    // A negation reaches across `or`.
    let r = one(
        &set,
        "Q2",
        "Once the buffer is full the producer blocks; it is not dropped or crashed, just throttled to 100/s.",
    );
    assert!(r.misconceptions.is_empty(), "{}", r.summary);
}

/// One committed final choice or none: restated question text, options offered side by side,
/// rival hypotheticals and option letters inside words do not choose.
#[test]
fn choices_need_a_commitment() {
    let set = set();
    let chosen = |r: &QuestionResult| r.choice.as_ref().and_then(|c| c.chosen.clone());
    let r = one(
        &set,
        "Q7",
        "The question asks which index is better, A (age, last_name) or B (last_name, age). The better index is B: sorted by last_name then age, so age > 25 is one contiguous range.",
    );
    assert_eq!(chosen(&r).as_deref(), Some("B"), "{}", r.summary);
    let r = one(
        &set,
        "Q3",
        "The question is whether r stays on the stack or moves to the heap. In this case r moves to the heap.",
    );
    assert_eq!(chosen(&r).as_deref(), Some("heap"), "{}", r.summary);
    let r = one(&set, "Q8", "It could be 8 or 9, it depends on isolation details.");
    assert_eq!(chosen(&r), None, "{}", r.summary);
    assert!(r.needs_review, "{}", r.summary);
    let r = one(
        &set,
        "Q7",
        "If last_name is very selective, B is better; if age is the more selective filter, A could win. Both are B-Trees, so either can be used.",
    );
    assert_eq!(chosen(&r), None, "{}", r.summary);
    assert!(r.score <= 3.0, "{}", r.summary);
    let r = one(&set, "Q7", "Both indexes are B-Trees. I pick B.");
    assert_eq!(chosen(&r).as_deref(), Some("B"), "{}", r.summary);
}

/// An answer written as comments in a code block is prose: it earns credit and states
/// misconceptions like any other text.
#[test]
fn code_comments_are_prose() {
    let set = set();
    let r = one(
        &set,
        "Q9",
        "```sql\nBEGIN;\n-- FOR SHARE: row locks on the existing rows. They block UPDATE/DELETE of\n-- those rows, but an INSERT creates a new row that nobody has locked.\nSELECT * FROM orders FOR SHARE;\nCOMMIT;\n```",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("for-share"), "{}", r.summary);
    assert!(r.score >= 6.0, "{}", r.summary);
    let r = one(
        &set,
        "Q4",
        "```text\n// B crashes: the ring is rebuilt for 2 nodes, so every user is re-hashed\n// and spread over A and C.\n```",
    );
    assert!(!r.misconceptions.is_empty(), "{}", r.summary);
}

/// A code block shown as what not to do earns nothing.
#[test]
fn counter_example_code_earns_nothing() {
    let set = set();
    let r = one(
        &set,
        "Q10",
        "Everyone piles onto the same row. The usual suggestion is this:\n\n```sql\n-- counter-example: skips jobs\nSELECT * FROM jobs WHERE status = 'pending' LIMIT 1 FOR UPDATE SKIP LOCKED;\n```\n\nbut skipped jobs can starve. I'd add `NOWAIT` instead.",
    );
    assert!(!r.evidence.iter().any(|e| e.criterion == "skip-locked"), "{}", r.summary);
    let r = one(
        &set,
        "Q10",
        "All workers wait on the same locked row. Skip the locked rows:\n\n```sql\nSELECT * FROM jobs WHERE status = 'pending' LIMIT 1 FOR UPDATE SKIP LOCKED;\n```\n",
    );
    assert!(r.evidence.iter().any(|e| e.criterion == "skip-locked"), "{}", r.summary);
}

/// A misconception a rubric marks `in-code` is read in the candidate's own query too, but not
/// in a block shown as what not to do.
#[test]
fn an_in_code_misconception_counts_in_the_candidates_query() {
    let set = set();
    let ids = |r: &QuestionResult| r.misconceptions.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
    let r = one(
        &set,
        "Q6",
        "OFFSET reads the first 500,000 rows and throws them away. Use keyset pagination, the index seeks straight to the last id:\n\n```sql\nSELECT * FROM orders WHERE id > $1 ORDER BY id LIMIT 10;\n```\n",
    );
    assert!(ids(&r).contains(&"keyset-on-id".to_string()), "{}", r.summary);
    let r = one(
        &set,
        "Q6",
        "OFFSET reads the first 500,000 rows and throws them away. Paging on id alone changes the order:\n\n```sql\n-- wrong: not the dashboard's order\nSELECT * FROM orders WHERE id > $1 ORDER BY id LIMIT 10;\n```\n\nUse keyset pagination on (created_at, id) so the index seeks straight to the last row seen.",
    );
    assert!(!ids(&r).contains(&"keyset-on-id".to_string()), "{}", r.summary);
}

/// Issue #13: "is out", "ruled out", "wouldn't use", "rather than" negate a choice.
#[test]
fn rejection_negates_the_choice() {
    let set = set();
    let chosen = |r: &QuestionResult| r.choice.as_ref().and_then(|c| c.chosen.clone());
    let r = one(
        &set,
        "Q9",
        "LOCK TABLE is out: it blocks the inserts. FOR UPDATE is ruled out too, it is stronger than needed. FOR SHARE.",
    );
    assert_eq!(chosen(&r).as_deref(), Some("for-share"), "{}", r.summary);
    let r =
        one(&set, "Q3", "I wouldn't use the stack here, the goroutine can outlive Process; it escapes to the heap.");
    assert_eq!(chosen(&r).as_deref(), Some("heap"), "{}", r.summary);
    let r = one(&set, "Q7", "I'd rule out A, the range column comes first. B, equality first, range last.");
    assert_eq!(chosen(&r).as_deref(), Some("B"), "{}", r.summary);
}

/// Issue #13: listing every option without committing earns half at most, flagged.
#[test]
fn hedged_lists_earn_half_at_most() {
    let set = set();
    let r = one(
        &set,
        "Q10",
        "It could be that all workers wait on the same locked row, or maybe a deadlock, or the network. \
         Perhaps SKIP LOCKED helps, or NOWAIT, or a bigger connection pool.",
    );
    assert!(r.score <= 5.0, "{}", r.summary);
    assert!(r.needs_review && r.review_reason.as_deref().unwrap_or("").contains("hedges"), "{:?}", r.review_reason);
    // "It depends", "might", "several ways": offering everything commits to nothing.
    let r = one(
        &set,
        "Q2",
        "It depends on the implementation. The producer might block once the buffer is full, or it might drop events. \
         There are several ways to handle bursts: a bigger buffer, more consumers, or a broker like Kafka.",
    );
    assert!(r.score <= 4.0, "{}", r.summary);
    // A committed answer with a "maybe" on the side keeps its credit.
    let r = one(
        &set,
        "Q10",
        "FOR UPDATE SKIP LOCKED. Otherwise every worker waits on the same locked row. Maybe also add a partial index on pending jobs.",
    );
    assert!(r.score >= 8.0, "{}", r.summary);
    assert!(!r.review_reason.as_deref().unwrap_or("").contains("hedges"), "{:?}", r.review_reason);
}

#[test]
fn a_final_answer_against_the_key_gets_no_credit_for_the_choice() {
    let set = set();
    let r = one(
        &set,
        "Q8",
        "Tx1 takes a row lock, Tx2 waits on it, Postgres re-reads the latest version and EvalPlanQual re-checks it; the final stock is 9.",
    );
    assert!(r.missed.iter().any(|m| m.criterion == "answers-8"));
    assert!(r.score < 5.0, "{}", r.summary);
    let r = one(&set, "Q7", "A. The B-tree is sorted by last_name then age, so the Smith entries are contiguous; equality first, range last.");
    assert!(r.score <= 3.0, "{}", r.summary);
}

#[test]
fn keyword_stuffing_does_not_pass() {
    let set = set();
    let answers = [
        ("Q1", "Backing array, slice header, sub-slice, bytes.Clone, copy, GC, heap, escape analysis, streaming, GOMEMLIMIT."),
        ("Q10", "SKIP LOCKED NOWAIT FOR UPDATE row lock contention partial index ORDER BY deadlock queue"),
        ("Q8", "Row locks, MVCC, EvalPlanQual, lost updates and isolation levels; it could be 8 or 9."),
        ("Q6", "OFFSET, seq scan, keyset pagination, cursor, B-tree, O(log N), created_at index, LIMIT, sort."),
        ("Q4", "consistent hashing ring virtual nodes clockwise successor modulo rehash cache misses"),
    ];
    for (id, answer) in answers {
        let r = one(&set, id, answer);
        assert!(r.score < 0.5 * r.max_score, "{id}: {}", r.summary);
        assert!(r.needs_review, "{id}: stuffing is flagged");
    }
    // A terse but real answer is not stuffing.
    let r = one(&set, "Q10", "FOR UPDATE SKIP LOCKED. Otherwise every worker waits on the same locked row.");
    assert!(r.score >= 8.0, "{}", r.summary);
}

#[test]
fn low_confidence_is_flagged_with_a_reason() {
    let set = set();
    // A long answer in words the rubric does not know.
    let r = one(
        &set,
        "Q6",
        "The planner has to do a lot of work here that it then never shows to the user, and the amount of that work \
         depends on how far into the result the dashboard wants to go, which is a design problem in the dashboard as \
         much as in the database, so I would rework the API contract with the front end team.",
    );
    assert!(r.needs_review);
    assert!(r.review_reason.as_deref().unwrap_or("").contains("wording"), "{:?}", r.review_reason);
    // Two final answers.
    let r = one(&set, "Q7", "The final answer is A. The final answer is B.");
    assert!(r.needs_review && r.review_reason.as_deref().unwrap_or("").contains("more than one final answer"));
    assert!(r.missed.iter().any(|m| m.criterion == "chooses-b"));
}

/// Prepositions are function words: a statement told in times and counts ("200 requests land
/// within 2 seconds: 12:00:59 counts against the 12:00 window") is not a dump of terms.
#[test]
fn a_statement_in_times_and_prepositions_is_not_a_list_of_terms() {
    let set = set();
    let r = one(
        &set,
        "Q5",
        "Yes, 200 requests land within 2 seconds: 12:00:59 counts against the 12:00 window, 12:01:01 against a brand-new 12:01 counter.",
    );
    assert!(r.score >= 4.0 && r.evidence.iter().any(|e| e.criterion == "allows-it"), "{}", r.summary);
}

/// A condition raised and then resolved for the question as asked ("The answer depends on it.
/// ... As written it is the first case.") is not a hedge.
#[test]
fn a_condition_resolved_as_written_is_not_a_hedge() {
    let set = set();
    let r = one(
        &set,
        "Q1",
        "Question back: what is the type of `Summary`? The answer depends on it.\n\n\
         - If it is a `string`, then `string(data[:100])` allocates a new string and copies the 100 bytes into it, \
         and the 1GB array is simply waiting for the next GC cycle.\n\
         - If it is a `[]byte` and the code says `Summary: data[:100]`, the small slice shares the big backing \
         array and pins all 1GB for as long as the Result lives. Then copy it out with `bytes.Clone(data[:100])`.\n\n\
         As written it is the first case.",
    );
    assert!(r.score >= 8.0, "{}", r.summary);
}

/// A clause whose subject is "no ..." denies its verb: "No data gets dropped because the
/// producer just waits" is the right fact, not the dropped-events myth.
#[test]
fn a_denied_subject_denies_the_claim() {
    let set = set();
    let r = one(
        &set,
        "Q2",
        "The buffer fills and the producer blocks on the send. No data gets dropped because the producer just waits if it ever fills.",
    );
    assert!(r.misconceptions.is_empty(), "{}", r.summary);
    let r = one(&set, "Q2", "The buffer fills and then data gets dropped because there is no room in the channel.");
    assert!(r.misconceptions.iter().any(|m| m.id == "data-dropped"), "{}", r.summary);
}

/// Under `#### Answer Q1`, a list of the candidate's own assumptions labelled `A1.`, `A2.` is
/// part of that answer: `A2` there does not start the answer to question 2.
#[test]
fn numbered_assumptions_under_an_answer_heading_stay_in_that_answer() {
    let set = set();
    let r = grade_md(
        &set,
        "#### Answer Q1\n\n**Assumptions**\n- A1. The Summary is a string.\n- A2. The RAM usage is read from top.\n\n\
         **Deliverable**\nThe sub-slice keeps the backing array alive; copy the 100 bytes out.\n\n\
         #### Answer Q2\n\n**Assumptions**\n- A1. One consumer.\n\n**Deliverable**\nThe producer blocks after 0.1 s.\n",
    );
    let q1 = r.questions.iter().find(|q| q.id == "Q1").unwrap();
    assert!(q1.score >= 6.0, "{}", q1.summary);
    assert!(!r.warnings.iter().any(|w| w.contains("places")), "{:?}", r.warnings);
}

/// A reading the candidate corrects in the next sentence ("... suggests each transaction has
/// already read 10 and will write 9. An UPDATE doesn't work that way: ...") is not their claim.
#[test]
fn a_reading_corrected_next_is_not_the_claim() {
    let set = set();
    let r = one(
        &set,
        "Q8",
        "\"(Stock was 10)\" on both lines suggests each transaction has already read 10 and will write 9. An \
         `UPDATE ... SET stock = stock - 1` doesn't work that way: the read and write happen on the row version it \
         locks. Final stock: 8. Tx2 waits on Tx1's row lock, then re-reads the committed 9 and writes 8.",
    );
    assert!(r.misconceptions.is_empty() && r.score >= 8.0, "{}", r.summary);
}

/// A question restated as a note without its question mark ("does the pointer r stay on the
/// stack") asks; it is not a second final answer beside the candidate's "Heap."
#[test]
fn a_restated_question_without_its_mark_is_no_answer() {
    let set = set();
    let r = one(
        &set,
        "Q3",
        "> \u{270e} ~~does `r` stay on the Stack~~ **does the pointer `r` (the Request is already on the heap; \
         `net/http` allocated it) stay on the stack**\n\nHeap. A closure started with `go` escapes because the goroutine \
         may outlive `Process`, and the variables it captures go into the heap-allocated closure. Check with \
         `-gcflags=-m`.",
    );
    assert!(r.score >= 7.0 && !r.summary.contains("more than one"), "{}", r.summary);
}

/// One option chosen and another stated as plainly ("the pointee is on the heap, r stays on
/// the stack"): the pick stands, and a person is asked to check which the candidate means.
#[test]
fn a_rival_option_stated_plainly_asks_for_review() {
    let set = set();
    let r = one(
        &set,
        "Q3",
        "The Request object is on the heap already. The go statement copies the pointer value into the new \
         goroutine. So: the pointee is on the heap, r stays on the stack. Nothing new is allocated.",
    );
    assert!(r.needs_review, "{}", r.summary);
    assert!(r.review_reason.as_deref().unwrap_or("").contains("as plainly"), "{:?}", r.review_reason);
}

/// A closing comparison of the options ("B \u{2264} A.") ranks them; it does not pick the one it
/// ends on (held-out blind111 a05, found after its grading).
#[test]
fn a_closing_comparison_of_options_is_no_pick() {
    let set = set();
    let r = one(
        &set,
        "Q7",
        "Solution: B. A B-tree keeps keys sorted by (col1, col2). With B, the equality fixes col1, and all 'Smith' \
         rows are adjacent and sorted by age, so it's one seek to ('Smith', 25) and a leaf scan. With A, the range \
         on col1 means every age > 25 entry is scanned.\nCheck: rows touched by B \u{2248} matching rows; rows \
         touched by A \u{2248} all rows with age > 25. B \u{2264} A.",
    );
    assert!(r.score >= 8.0, "{}", r.summary);
}

#[test]
fn a_hedge_between_options_earns_half_the_reasoning_and_never_the_choice() {
    let set = set();
    let reasoning = "With B the index is sorted by last_name and then by age, so all the Smiths sit in one \
                     contiguous run and the scan starts at age 25 inside it. With A the range on the leading \
                     column reads every entry with age above 25 and filters last_name on each.";
    let committed = one(&set, "Q7", &format!("I choose B (last_name, age). {reasoning}"));
    let hedged = one(
        &set,
        "Q7",
        &format!("Either A (age, last_name) or B (last_name, age) could work, depending on the team. {reasoning}"),
    );
    let tied = one(&set, "Q7", &format!("The final answer is A. The final answer is B. {reasoning}"));
    assert!(committed.score >= 8.0, "{}", committed.summary);
    for r in [&hedged, &tied] {
        // The reasoning shows understanding; the missing decision is what the hedge costs.
        assert!(r.score > 0.0 && r.score * 2.0 <= committed.score, "{}", r.summary);
        assert!(r.missed.iter().any(|m| m.criterion == "chooses-b"), "{}", r.summary);
        assert!(
            r.needs_review && r.review_reason.as_deref().unwrap_or("").contains("never settles on"),
            "{:?}",
            r.review_reason
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Bad rubric files.

/// A copy of the shipped rubrics in a temporary folder, with `file` replaced by `edit(text)`.
fn rubrics_with(file: &str, edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(rubrics()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            let text = std::fs::read_to_string(&path).unwrap();
            let text = if name == file { edit(&text) } else { text };
            std::fs::write(dir.path().join(&name), text).unwrap();
        }
    }
    dir
}

fn messages(problems: &[crate::error::DefinitionError]) -> String {
    problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n")
}

#[test]
fn unknown_field_names_the_file_and_line() {
    let dir = rubrics_with("q07-composite-index.yaml", |t| t.replacen("points: 10\n", "points: 10\ncolour: red\n", 1));
    let line = std::fs::read_to_string(dir.path().join("q07-composite-index.yaml"))
        .unwrap()
        .lines()
        .position(|l| l.starts_with("colour:"))
        .unwrap()
        + 1;
    let at = format!("q07-composite-index.yaml:{line}:1:");
    let text = messages(&check_rubrics(dir.path()));
    assert!(text.contains(&at) && text.contains("colour"), "{text}");
    let err = load_question_rubrics(dir.path()).unwrap_err().to_string();
    assert!(err.contains(&at) && err.contains("unknown field"), "{err}");
}

#[test]
fn missing_field_is_reported() {
    let dir = rubrics_with("q02-slow-channel.yaml", |t| {
        let start = t.find("model-answer:").unwrap();
        let end = t.find("calibration:").unwrap();
        format!("{}{}", &t[..start], &t[end..])
    });
    let text = messages(&check_rubrics(dir.path()));
    assert!(text.contains("q02-slow-channel.yaml:") && text.contains("model-answer"), "{text}");
}

#[test]
fn points_that_do_not_add_up_name_the_line_and_the_fix() {
    let dir = rubrics_with("q05-rate-limiter.yaml", |t| {
        t.replacen("  - id: allows-it\n    points: 2", "  - id: allows-it\n    points: 3", 1)
    });
    let text = messages(&check_rubrics(dir.path()));
    assert!(text.contains("criterion points add up to 11 but `points` is 10"), "{text}");
    let line = std::fs::read_to_string(dir.path().join("q05-rate-limiter.yaml"))
        .unwrap()
        .lines()
        .position(|l| l.starts_with("criteria:"))
        .unwrap()
        + 1;
    assert!(text.contains(&format!("q05-rate-limiter.yaml:{line}:")), "{text}");
}

#[test]
fn check_reports_every_problem_at_once() {
    let dir = rubrics_with("q10-job-queue.yaml", |t| {
        t.replacen("    removes: [same-row-contention]", "    removes: [no-such-criterion]", 1)
            .replacen("          - skip locked\n", "          - skip locked\n          - ... skip\n", 1)
            .replacen("    points: 5\n", "    points: 0\n", 1)
    });
    let problems = check_rubrics(dir.path());
    let text = messages(&problems);
    assert!(text.contains("no-such-criterion"), "{text}");
    assert!(text.contains("starts or ends with `...`"), "{text}");
    assert!(text.contains("worth 0 points"), "{text}");
    assert!(text.contains("add up to 5 but `points` is 10"), "{text}");
    assert!(problems.len() >= 4, "{text}");
    let dir = rubrics_with("q10-job-queue.yaml", |t| t.replacen("id: Q10", "id: Q9", 1));
    let text = messages(&check_rubrics(dir.path()));
    assert!(text.contains("ids must be unique"), "{text}");
    // Calibration examples that do not grade as labelled are problems too.
    let dir = rubrics_with("q08-lost-update.yaml", |t| {
        t.replacen(
            "    expected: 10\n    why: Answer, lock wait and re-read.",
            "    expected: 2\n    why: Answer, lock wait and re-read.",
            1,
        )
    });
    let text = messages(&check_rubrics(dir.path()));
    assert!(text.contains("calibration \"terse-right\" is labelled 2 but grades 10"), "{text}");
}

#[test]
fn newer_format_version_is_refused_with_the_fix() {
    let dir = rubrics_with("q01-memory-leak.yaml", |t| t.replacen("format-version: 1", "format-version: 2", 1));
    let err = load_question_rubrics(dir.path()).unwrap_err().to_string();
    assert!(err.contains("q01-memory-leak.yaml:1:") && err.contains("upgrade kata"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Overrides.

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn overrides_replace_the_score_and_keep_the_automatic_one() {
    let set = set();
    let dir = tempfile::tempdir().unwrap();
    let sheet = write(dir.path(), "ANSWERS.md", &std::fs::read_to_string(answers_dir().join("seed-004.md")).unwrap());
    let grades = write(
        dir.path(),
        OVERRIDES_FILE,
        "format-version: 1\noverrides:\n  - { question: Q8, score: 3, note: \"explained MVCC reads; the number is still wrong\" }\n  - { reflection: trade-offs, score: 15, note: \"no numbers\" }\n",
    );
    assert_eq!(overrides_beside(&sheet).as_deref(), Some(grades.as_path()));
    let auto = grade_answers(&set, &sheet, None).unwrap();
    let r = grade_answers(&set, &sheet, Some(&grades)).unwrap();
    let q8 = q(&r, "Q8");
    assert_eq!(q8.score, 3.0);
    assert_eq!(q8.auto_score, q(&auto, "Q8").auto_score);
    assert_eq!(q8.override_.as_ref().unwrap().note, "explained MVCC reads; the number is still wrong");
    assert_eq!(r.score, auto.score - q(&auto, "Q8").score + 3.0);
    assert_eq!(r.auto_score, auto.auto_score);
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["questions"][7]["override"]["score"], 3.0);

    let rubric = reflection_rubric();
    let refl =
        write(dir.path(), "REFLECTION.md", &std::fs::read_to_string(reflections_dir().join("seed-000.md")).unwrap());
    let r = grade_reflection(&rubric, &refl, Some(&grades)).unwrap();
    let t = r.sections.iter().find(|s| s.id == "trade-offs").unwrap();
    assert_eq!(t.score, 15.0);
    assert_ne!(t.auto_score, 15.0);
    assert_eq!(r.score, r.auto_score - t.auto_score + 15.0);
}

#[test]
fn bad_overrides_are_errors_with_line_and_fix() {
    let set = set();
    let dir = tempfile::tempdir().unwrap();
    let sheet = write(dir.path(), "ANSWERS.md", "## Q1\nx\n");
    let cases = [
        ("format-version: 1\noverrides:\n  - { question: Q42, score: 3, note: x }\n", ":3:", "not in the rubric"),
        ("format-version: 1\noverrides:\n  - { question: Q1, score: 11, note: x }\n", ":3:", "more than its 10 points"),
        ("format-version: 1\noverrides:\n  - { question: Q1, score: 1, note: \"\" }\n", ":3:", "empty `note`"),
        ("format-version: 1\noverrides:\n  - { question: Q1, reflection: ai-usage, score: 1, note: x }\n", ":3:", "exactly one of"),
        ("format-version: 1\noverrides:\n  - { question: Q1, score: 1, note: x, grade: A }\n", ":3:", "unknown field"),
        ("format-version: 1\noverrides:\n  - { question: Q1, score: 1, note: x }\n  - { question: Q1, score: 2, note: y }\n", ":", "overridden twice"),
    ];
    for (text, line, fix) in cases {
        let grades = write(dir.path(), OVERRIDES_FILE, text);
        let err = grade_answers(&set, &sheet, Some(&grades)).unwrap_err().to_string();
        assert!(err.contains(&format!("{OVERRIDES_FILE}{line}")) && err.contains(fix), "{text}\n=> {err}");
    }
    let grades = write(
        dir.path(),
        OVERRIDES_FILE,
        "format-version: 1\noverrides:\n  - { reflection: vibes, score: 1, note: x }\n",
    );
    let refl = write(dir.path(), "REFLECTION.md", "## Trade-offs\nx\n");
    let err = grade_reflection(&reflection_rubric(), &refl, Some(&grades)).unwrap_err().to_string();
    assert!(err.contains("vibes") && err.contains("not in the rubric"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Blank sheets, the JSON contract.

#[test]
fn blank_sheets_parse_back_as_empty_answers() {
    let set = set();
    let blank = blank_answers(&set);
    for q in &set.questions {
        assert!(blank.contains(&format!("Answer {}", q.rubric.id)));
        assert!(blank.contains(q.rubric.question.lines().next().unwrap()));
    }
    let r = grade_md(&set, &blank);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert!(r.questions.iter().all(|q| q.status == AnswerStatus::Empty), "{}", dump(&r));
    // Filled in, it grades.
    let filled = blank.replacen("#### Answer Q10\n\n<!-- your answer -->", "#### Answer Q10\n\nAdd SKIP LOCKED.", 1);
    let r = grade_md(&set, &filled);
    assert_eq!(q(&r, "Q10").score, 5.0, "{}", dump(&r));

    let rubric = reflection_rubric();
    let blank = blank_reflection(&rubric);
    for s in &rubric.file.sections {
        assert!(blank.contains(&s.heading));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "REFLECTION.md", &blank);
    let r = grade_reflection(&rubric, &path, None).unwrap();
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert!(r.sections.iter().all(|s| s.found && s.empty), "{}", dump_reflection(&r));
    assert_eq!(r.score, 0.0);
}

#[test]
fn json_contract_for_scripts() {
    let set = set();
    let answers = grade_answers(&set, &answers_dir().join("seed-004.md"), None).unwrap();
    let reflection = grade_reflection(&reflection_rubric(), &reflections_dir().join("seed-000.md"), None).unwrap();
    let json = serde_json::to_value(WrittenResult::new(Some(answers.clone()), Some(reflection))).unwrap();
    for key in ["score", "max_score", "questions", "reflection"] {
        assert!(json.get(key).is_some(), "{key}");
    }
    let first = &json["questions"][0];
    for key in ["id", "score", "max_score", "needs_review", "evidence"] {
        assert!(first.get(key).is_some(), "{key}");
    }
    assert!(json["score"].is_number() && json["reflection"]["score"].is_number());
    assert!(json["reflection"]["sections"][0].get("needs_review").is_some());
    // A report renders from saved JSON: the model round-trips.
    let text = serde_json::to_string(&answers).unwrap();
    let back: AnswersResult = serde_json::from_str(&text).unwrap();
    assert_eq!(back.questions.len(), 10);
    assert_eq!(back.score, answers.score);
}

// ---------------------------------------------------------------------------------------------
// Garbage in, no panic out.

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn garbage_never_panics() {
    let set = set();
    let rubric = reflection_rubric();
    let pieces = [
        "#",
        "## ",
        "### Answer Q",
        "Q",
        "Question ",
        "1",
        "7",
        "11",
        "0",
        "99999999999",
        ". ",
        ": ",
        "**",
        "*",
        "_",
        "`",
        "```",
        "```go\n",
        "\n",
        "\n\n",
        "- ",
        "1. ",
        "8. ",
        "> ",
        "| a | b |\n|---|---|\n",
        "---\n",
        "<!-- ",
        " -->",
        "SKIP LOCKED",
        "not ",
        "but ",
        "although ",
        "some say ",
        "8",
        "9",
        "heap",
        "stack",
        "B",
        "A",
        "FOR SHARE",
        "...",
        "?",
        "é",
        "—",
        "’",
        "\u{E000}",
        "\u{E001}",
        "\u{1F600}",
        "\t",
        "\r\n",
        "[",
        "]",
        "(",
        ")",
        "<",
        ">",
        "%",
        "backing array",
        ", ",
        "; ",
        "Trade-offs",
        "AI Usage",
        "**[END]**",
        "\\",
        "&amp;",
        "$",
        "e.g. ",
        "A's ",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let dir = tempfile::tempdir().unwrap();
    for round in 0..400 {
        let text: String = if round % 4 == 0 {
            // Raw bytes, decoded lossily as a file reader would refuse or a user would paste.
            let bytes: Vec<u8> = (0..rng.below(400)).map(|_| (rng.next() & 0xff) as u8).collect();
            String::from_utf8_lossy(&bytes).into_owned()
        } else {
            (0..rng.below(120)).map(|_| pieces[rng.below(pieces.len())]).collect()
        };
        let r = grade_answer_text(&set, &text, Path::new("fuzz.md"));
        assert_eq!(r.questions.len(), 10);
        assert!(r.score >= 0.0 && r.score <= r.max_score);
        let path = write(dir.path(), "REFLECTION.md", &text);
        let r = grade_reflection(&rubric, &path, None).unwrap();
        assert!(r.score >= 0.0 && r.score <= r.max_score);
    }
    // Invalid UTF-8 on disk is an error naming the file, not a panic.
    let path = dir.path().join("bad.md");
    std::fs::write(&path, [0x23, 0x20, 0xff, 0xfe, 0x0a]).unwrap();
    let err = grade_answers(&set, &path, None).unwrap_err().to_string();
    assert!(err.contains("bad.md") && err.contains("UTF-8"), "{err}");
}

/// Prints the full evidence for the sheets named in `KATA_DUMP` (comma-separated paths under
/// tests/fixtures/answers), optionally only questions in `KATA_DUMP_Q`:
/// `KATA_DUMP=blind-dev/plain-words.md cargo test --lib written::tests::dump_sheets -- --ignored
/// --nocapture`.
#[test]
#[ignore]
fn dump_sheets() {
    let set = set();
    let only = std::env::var("KATA_DUMP_Q").unwrap_or_default();
    for file in std::env::var("KATA_DUMP").unwrap_or_default().split(',').filter(|f| !f.is_empty()) {
        let mut r = grade_answers(&set, &answers_dir().join(file), None).unwrap();
        if !only.is_empty() {
            r.questions.retain(|q| only.split(',').any(|o| o == q.id));
        }
        println!("{}", dump(&r));
    }
}

/// A step of two words ("Saturation first.") is a claim; a bare rating ("Self score: 4/5") is not,
/// and does not make a generic section specific.
#[test]
fn a_terse_step_is_a_claim_and_a_rating_is_not() {
    let r = grade_reflection_md(
        "## 2. Performance & Resilience\n\n1. Saturation first. Pool wait count from `sql.DB.Stats()`.\n2. Then a latency breakdown with `pprof`.\n",
    );
    let perf = r.sections.iter().find(|s| s.id == "performance").unwrap();
    assert!(perf.evidence.iter().any(|e| e.criterion == "diagnosis-order"), "{}", perf.summary);
    let r = grade_reflection_md(
        "## 1. Trade-offs\n\nIn the deadlock challenge I chose the robust approach over the quick fix, because robustness matters.\n\nSelf score: 4/5\n",
    );
    let t = r.sections.iter().find(|s| s.id == "trade-offs").unwrap();
    assert!(t.score <= 5.0, "{}", t.summary);
}

/// Passing runs called proof ("I ran the deadlock test 20 times with no hangs, which proves the
/// fix") is a trade-off argued on evidence that cannot carry it; "0/50 is evidence, not proof"
/// is the candidate knowing that.
#[test]
fn clean_runs_called_proof_cap_the_trade_off() {
    let tradeoffs = |text: &str| {
        let r = grade_reflection_md(&format!("## 1. Trade-offs\n\n{text}\n"));
        r.sections.iter().find(|s| s.id == "trade-offs").unwrap().clone()
    };
    let base = "For the deadlock kata I replaced the two mutexes with one global `sync.Mutex` instead of a lock \
                order: one lock cannot be misused, at the cost of serializing every call. Lock ordering would \
                also work but needs every future developer to know the order.";
    let proof = tradeoffs(&format!(
        "{base} I ran the deadlock test 20 times after the change with no hangs, which proves the fix."
    ));
    assert!(proof.misconceptions.iter().any(|m| m.id == "runs-called-proof"), "{}", proof.summary);
    let evidence = tradeoffs(&format!("{base} It passed 50 of 50 runs after the change; 0/50 is evidence, not proof."));
    assert!(evidence.misconceptions.is_empty(), "{}", evidence.summary);
}

/// A check of AI output is something the candidate did: tests the assistant wrote, "great for
/// explaining concepts" or "reviewed everything" check nothing; asking it to justify a
/// suggestion, or a test that caught its mistake, does.
#[test]
fn an_ai_check_is_something_the_candidate_did() {
    let ai = |text: &str| {
        let r = grade_reflection_md(&format!("## 4. AI Usage\n\n{text}\n"));
        r.sections.iter().find(|s| s.id == "ai-usage").unwrap().clone()
    };
    let none = ai("I used ChatGPT in the pool kata to write some tests and to explain things. It's great for explaining concepts quickly. I reviewed everything before committing.");
    assert!(!none.evidence.iter().any(|e| e.criterion == "verified"), "{}", none.summary);
    let advice = ai("I used ChatGPT throughout to brainstorm, write code and debug. Of course you should always double-check what it gives you.");
    assert!(!advice.evidence.iter().any(|e| e.criterion == "verified"), "{}", advice.summary);
    let checked = ai("I used Copilot for the JMH harness in the session kata. It suggested a `volatile` flag; I asked it why and it couldn't justify the flag, so I removed it.");
    assert!(checked.evidence.iter().any(|e| e.criterion == "verified"), "{}", checked.summary);
}

/// "Every challenge was tested" claims testing without naming a test: a section of slogans
/// around it stays generic.
#[test]
fn a_claim_of_testing_is_no_specific() {
    let text = "When something is slow I look at the logs, the metrics and the database, and use profiling tools to find the bottleneck. Then I fix the root cause instead of the symptom. In this assessment every challenge was tested and works correctly under load.";
    let section = reflection_section("2. Performance & Resilience", "performance", text);
    assert!(section.summary.contains("generic"), "{}", section.summary);
}

/// A reply to a classmate's handle ("@Priya_K") is no identifier from the code: the section
/// stays generic.
#[test]
fn a_handle_is_not_a_specific() {
    let r = grade_reflection_md(
        "## 5. Measurability & Customer Focus\n\nI would track uptime, latency, error rate and customer satisfaction on a dashboard so the whole team has visibility.\n\n**Reply to @Priya_K:** Love your point about observability, totally agree!\n",
    );
    let m = r.sections.iter().find(|s| s.id == "measurability").unwrap();
    assert!(m.summary.contains("generic"), "{}", m.summary);
}

/// A timestamped transcript is read line by line as sentences, not as one run-on sentence
/// that meets every criterion at once.
#[test]
fn a_transcript_is_read_as_sentences() {
    let r = grade_reflection_md(
        "## 1. Trade-offs\n\n[00:04] okay so um the biggest trade-off was the connection pool\n[00:09] pool size 100 gave me a p95 of about 1009 ms\n[00:15] I went with 50 over 100 because it's cheaper\n[00:23] yeah I think that's the right call\n",
    );
    let t = r.sections.iter().find(|s| s.id == "trade-offs").unwrap();
    let lines: std::collections::BTreeSet<usize> = t.evidence.iter().map(|e| e.line).collect();
    assert!(lines.len() >= 2, "{}", t.summary);
}

/// Grades a reflection given inline.
fn grade_reflection_md(md: &str) -> ReflectionResult {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("REFLECTION.md");
    std::fs::write(&path, md).unwrap();
    grade_reflection(&reflection_rubric(), &path, None).unwrap()
}

/// A to-do app's export: `☐ 1. Trade-offs` with its notes indented beneath, which Markdown
/// reads as one paragraph per item. Each item is its section, not the whole text for every one.
#[test]
fn a_todo_export_is_read_section_by_section() {
    let r = grade_reflection_md(
        "Reminders\n\n☐ 1. Trade-offs\n    Notes: went with lock ordering on the deadlock kata because it costs nothing at run time.\n    Due: Today\n\n☐ 2. Performance & Resilience\n    Notes: look at logs first.\n\n☐ 3. Impact & Value\n    Notes: fewer bugs.\n\n☐ 4. AI Usage\n    Notes: used ChatGPT for boilerplate and checked it by running the race detector.\n\n☐ 5. Measurability & Customer Focus\n    Notes: track latency.\n",
    );
    let t = r.sections.iter().find(|s| s.id == "trade-offs").unwrap();
    assert!(t.evidence.iter().all(|e| !e.quote.contains("ChatGPT")), "{}", t.summary);
    assert!(t.line.is_some_and(|l| l == 3), "{:?}", t.line);
}

/// A due time ("Due: Today 22:00") is when the note was meant for, not a measurement: it
/// makes a generic section no more specific.
#[test]
fn a_clock_time_is_no_specific() {
    let r = grade_reflection_md(
        "## 1. Trade-offs\n\nBalance simple vs robust. Went robust on the deadlock one because of best practice, it is future-proof and worth it.\nDue: Today 22:00   Priority: high\n",
    );
    let t = r.sections.iter().find(|s| s.id == "trade-offs").unwrap();
    assert!(t.summary.contains("generic"), "{}", t.summary);
}

/// Sections named at the start of a line (`Trade-offs: I chose ...`, `1) AI Usage — ...`) or
/// by an interviewer's question over the answer (`Q: Trade-offs?` / `A: ...`) are read as
/// sections, each graded on its own text and not on the whole reflection.
#[test]
fn sections_named_inline_or_by_the_question_are_read_as_sections() {
    for md in ["Trade-offs: I chose lock ordering over tryLock with timeouts for the deadlock kata; it cost about 2 ms per transfer, worth it because no thread ever waits in a cycle.\n\nPerformance & Resilience: First I take three thread dumps 10 s apart with jstack, then check pool metrics, then pg_stat_activity.\n\nImpact & Value: The leak fix stops an OOM crash every 52 minutes, which dropped about 40 in-flight requests each time.\n\nAI Usage: I used ChatGPT to draft tests; I checked each one by breaking the code on purpose and it caught one wrong lock order.\n\nMeasurability & Customer Focus: I watch checkout P95 under 800 ms and alert when it is above 1.5 s for 5 minutes, because customers abandon carts.\n\n", "Q: Trade-offs?\nA: I chose lock ordering over tryLock with timeouts for the deadlock kata; it cost about 2 ms per transfer, worth it because no thread ever waits in a cycle.\n\nQ: Performance & Resilience?\nA: First I take three thread dumps 10 s apart with jstack, then check pool metrics, then pg_stat_activity.\n\nQ: Impact & Value?\nA: The leak fix stops an OOM crash every 52 minutes, which dropped about 40 in-flight requests each time.\n\nQ: AI Usage?\nA: I used ChatGPT to draft tests; I checked each one by breaking the code on purpose and it caught one wrong lock order.\n\nQ: Measurability & Customer Focus?\nA: I watch checkout P95 under 800 ms and alert when it is above 1.5 s for 5 minutes, because customers abandon carts.\n\n", "1) Trade-offs — I chose lock ordering over tryLock with timeouts for the deadlock kata; it cost about 2 ms per transfer, worth it because no thread ever waits in a cycle.\n\n2) Performance & Resilience — First I take three thread dumps 10 s apart with jstack, then check pool metrics, then pg_stat_activity.\n\n3) Impact & Value — The leak fix stops an OOM crash every 52 minutes, which dropped about 40 in-flight requests each time.\n\n4) AI Usage — I used ChatGPT to draft tests; I checked each one by breaking the code on purpose and it caught one wrong lock order.\n\n5) Measurability & Customer Focus — I watch checkout P95 under 800 ms and alert when it is above 1.5 s for 5 minutes, because customers abandon carts.\n\n"] {
        let r = grade_reflection_md(md);
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        let t = r.sections.iter().find(|s| s.id == "trade-offs").unwrap();
        assert!(t.evidence.iter().all(|e| !e.quote.contains("ChatGPT")), "{}", t.summary);
    }
}

/// Sections named by a bold lead (a numbered list, a letter's paragraphs) are read as sections,
/// and a bare figure under a heading claims nothing.
#[test]
fn bold_leads_open_reflection_sections_and_bare_figures_earn_nothing() {
    let r = grade_reflection_md(
        "Dear teammate,\n\n1. **Trade-offs.** I chose a per-user `Mutex` over one global lock, which added 40 lines of code, because logins for different users no longer wait on each other.\n\n2. **How I used AI.** I used ChatGPT a lot. It was helpful.\n",
    );
    let trade = r.sections.iter().find(|s| s.id == "trade-offs").unwrap();
    assert!(trade.found && trade.score >= 0.7 * trade.max_score, "{}", trade.summary);
    let ai = r.sections.iter().find(|s| s.id == "ai-usage").unwrap();
    assert!(ai.found && ai.score <= 0.3 * ai.max_score, "{}", ai.summary);
    assert!(r.sections.iter().filter(|s| !s.found).count() == 3, "{:?}", r.warnings);
    let r = grade_reflection_md("## 1. Trade-offs\n\n2x vs 1.3x\n\n200 lines\n\n## 5. Measurability\n\n<70%\n\n85%\n");
    assert!(
        r.sections.iter().all(|s| s.score == 0.0),
        "{:?}",
        r.sections.iter().map(|s| &s.summary).collect::<Vec<_>>()
    );
}

/// A good answer that also states something sweeping the rubric does not check keeps its score
/// and is pointed out for review, with the line; without the sweeping sentence it is not.
#[test]
fn a_sweeping_unchecked_claim_asks_for_review() {
    let set = set();
    let right = "B's users move to the next node clockwise on the ring; A's users do not move at all. \
                 With hash % 3 becoming hash % 2 about two thirds of all keys change server.";
    let plain = one(&set, "Q4", right);
    assert!(plain.score >= 7.0 && !plain.needs_review, "{}", plain.summary);
    let sweeping =
        one(&set, "Q4", &format!("{right} Consistent hashing guarantees the load stays exactly equal on the rest."));
    assert_eq!(sweeping.score, plain.score, "{}", sweeping.summary);
    let why = sweeping.review_reason.unwrap_or_default();
    assert!(why.contains("sweeping claim") && why.contains("exactly equal"), "{why}");
}

/// A cross after an option rejects it, a tick keeps the one chosen: one final answer.
#[test]
fn crossed_options_are_rejected() {
    let set = set();
    let r = one(
        &set,
        "Q9",
        "- [x] `LOCK TABLE` \u{2717} — SHARE mode blocks inserts\n- [x] `FOR UPDATE` \u{274C} — stronger than needed\n- [x] `SELECT ... FOR SHARE` \u{2713} — row-level share lock, UPDATE and DELETE wait, inserts go on",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("for-share"), "{}", r.summary);
    assert!(r.score >= 5.0, "{}", r.summary);
}

/// A choice made and then left open ("A could win ...", "it really depends") is a hedge.
#[test]
fn a_choice_left_open_is_a_hedge() {
    let set = set();
    let committed = one(&set, "Q7", "B `(last_name, age)`: equality column first, then the range on age.");
    let open = one(
        &set,
        "Q7",
        "B `(last_name, age)` is usually the better choice: equality column first, then the range.\nBut A `(age, last_name)` could win if `age > 25` is very selective.\nIt really depends on the data distribution.",
    );
    assert!(committed.score >= 6.0, "{}", committed.summary);
    assert!(open.score <= 4.0 && open.needs_review, "{}", open.summary);
    // Options listed and the decision deferred.
    let listed = one(
        &set,
        "Q1",
        "Possible causes\n\n- the GC has not run yet\n- the summary references the big slice's backing array\n\nPossible fixes\n\n- `runtime.GC()`\n- copy the 100 bytes into a new slice\n\nThe fix depends on what the profile shows.",
    );
    assert!(listed.score <= 4.0 && listed.needs_review, "{}", listed.summary);
    // "would depend on" defers as "depends on" does.
    let would = one(
        &set,
        "Q6",
        "OFFSET makes the database read through the skipped rows and throw them away. Possible fixes: an index on created_at, keyset (cursor) pagination over (created_at, id), a cache. Which one gets to O(log N) would depend on the execution plan.",
    );
    assert!(would.score <= 4.0 && would.needs_review, "{}", would.summary);
}

/// Q8: "doesn't use the old value, it re-reads the latest committed row" is the right story, not
/// a stale read; a table-level lock is the wrong mechanism, even with the right number.
#[test]
fn q8_stale_read_and_table_lock() {
    let set = set();
    let r = one(&set, "Q8", "8. `UPDATE` takes a row-level lock. When Tx1 commits, Tx2 doesn't use the old value it \"saw\" — in Read Committed Postgres re-reads the latest committed version of that row.");
    assert!(r.misconceptions.is_empty() && r.score >= 7.0, "{}", r.summary);
    let r = one(&set, "Q8", "Final stock is 8. Postgres takes a table-level write lock on products for the first UPDATE, so the second UPDATE waits until Tx1 commits and then runs on the new value 9.");
    assert!(r.misconceptions.iter().any(|m| m.id == "table-lock") && r.score <= 7.0, "{}", r.summary);
}

/// Q2: the right diagnosis with a bigger buffer as the only fix is half an answer; with
/// consumers that keep up, the bigger buffer is no misconception (7 of 10: nothing durable
/// absorbs the burst).
#[test]
fn q2_a_bigger_buffer_alone_is_not_the_fix() {
    let set = set();
    let diagnosis = "The consumer handles 100 events/s, the producer 1000/s, so the 100 slots fill in about 0.1 s and then every send blocks: the producer runs at 100/s.";
    let alone = one(&set, "Q2", &format!("{diagnosis} To absorb bursts, make the buffer much bigger, e.g. 100000."));
    assert!(
        alone.score <= 4.0 && alone.misconceptions.iter().any(|m| m.id == "bigger-buffer-only"),
        "{}",
        alone.summary
    );
    let pool =
        one(&set, "Q2", &format!("{diagnosis} Run a pool of 12 consumers and make the buffer bigger for bursts."));
    assert!(pool.score >= 7.0 && pool.misconceptions.is_empty(), "{}", pool.summary);
}

/// One heading per question at one level, in order, whatever the headings say ("## One" .
/// "## Ten"): the k-th heading is the k-th answer; not when the headings name other topics.
#[test]
fn one_heading_per_question_in_order() {
    let set = set();
    let words = ["One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"];
    let mut sheet = String::from("# My answers\n\n");
    for (k, w) in words.iter().enumerate() {
        let body = match k {
            2 => "Heap: the goroutine can outlive the frame.",
            3 => "B's users move to the next node clockwise; A's stay.",
            _ => "No idea, sorry.",
        };
        sheet.push_str(&format!("## {w}\n\n{body}\n\n"));
    }
    let r = grade_md(&set, &sheet);
    assert_eq!(q(&r, "Q3").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", dump(&r));
    assert!(q(&r, "Q4").score > 0.0, "{}", dump(&r));
    // Ten headings whose topics are other questions' are not read in order.
    let shuffled = sheet.replacen("## One", "## Consistent hashing", 1).replacen("## Two", "## Escape analysis", 1);
    let r = grade_md(&set, &shuffled);
    assert_eq!(q(&r, "Q3").score, 0.0, "{}", dump(&r));
}

/// A decision line states the choice; a rate that drops is not data that is dropped.
#[test]
fn decision_lines_and_dropping_rates() {
    let set = set();
    let r = one(&set, "Q7", "Index choice for the query\n\nDecision: B `(last_name, age)`.\n\nWhy: equality on the leading column, then the range on age.");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", r.summary);
    let r = one(
        &set,
        "Q2",
        "Producer stalls, event rate drops to ~100/s: the buffer is full after 0.11 s and every send blocks.",
    );
    assert!(r.misconceptions.is_empty(), "{}", r.summary);
}

/// A quotation the candidate disputes is not their claim: it earns nothing, and the option a
/// "Disagree" sentence names is the one refused.
#[test]
fn disputed_quotations_are_someone_elses() {
    let set = set();
    let r = one(
        &set,
        "Q3",
        "\"Anything captured by a closure passed to `go` escapes to the heap.\"\n\nI disagree; the compiler can see `r` is not stored anywhere and keep it on the stack of Process.",
    );
    assert!(r.score <= 2.0, "{}", r.summary);
    let r = one(
        &set,
        "Q9",
        "\"For long reports just `LOCK TABLE`.\"\n\nDisagree — `LOCK TABLE` conflicts with the lock INSERT takes. `FOR SHARE` is the right one: it locks the rows read against UPDATE, and inserts go through.",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("for-share"), "{}", r.summary);
}

/// "Process's stack frame is gone" explains why r escapes; it does not choose the stack.
#[test]
fn a_stack_frame_is_not_the_stack() {
    let set = set();
    let r = one(
        &set,
        "Q3",
        "r goes to the heap because the goroutine may keep running after Process returns, at which point Process's stack frame is invalid.",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", r.summary);
    assert!(r.score >= 6.0, "{}", r.summary);
    let r = one(&set, "Q3", "It stays on the stack: the pointer is only copied.");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("stack"), "{}", r.summary);
}

/// A sheet with no labels at all, its answers only paragraphs under group headings: each
/// paragraph goes to a question in order, by topic where it names one, and a person is asked
/// to check every answer matched that way.
#[test]
fn unlabelled_paragraphs_are_read_in_order_and_flagged() {
    let set = set();
    let sheet = "## Part 1: Go\n\n\
        The sub-slice keeps the whole 1GB backing array alive; copy the 100 bytes out.\n\n\
        The producer blocks once the buffer of 100 is full.\n\n\
        Heap: the goroutine outlives the function's frame.\n\n\
        ## Part 2: Distributed\n\n\
        B's users move clockwise to the next node; A's users stay where they are.\n\n\
        (skipped)\n\n\
        ## Part 3: Postgres\n\n\
        OFFSET walks and discards 500,000 rows; use keyset pagination on created_at.\n";
    let r = grade_md(&set, sheet);
    assert_eq!(q(&r, "Q3").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", dump(&r));
    assert!(q(&r, "Q4").score > 0.0, "{}", dump(&r));
    assert!(q(&r, "Q6").score > 0.0, "{}", dump(&r));
    assert!(r.questions.iter().filter(|q| q.status == AnswerStatus::Answered).all(|q| q.needs_review), "{}", dump(&r));
    assert!(r.warnings.iter().any(|w| w.contains("no question labels")), "{:?}", r.warnings);
    // "Part 2" is a group, not question 2.
    assert!(
        q(&r, "Q2").score > 0.0 && q(&r, "Q2").answer.as_deref().is_some_and(|a| a.contains("producer")),
        "{}",
        dump(&r)
    );
}

/// "Not much of a problem" denies the burst; "it might or it might not", with the algorithms
/// listed and the pick left to "the requirements", commits to nothing.
#[test]
fn q5_denied_problem_and_both_ways_at_once() {
    let set = set();
    let r = one(&set, "Q5", "Yes, both windows see 100. I don't think it is much of a problem, the average over two minutes is still 100/min. A token bucket could smooth it.");
    assert!(r.misconceptions.iter().any(|m| m.id == "denies-problem"), "{}", r.summary);
    let r = one(
        &set,
        "Q5",
        "It depends on how the window is implemented, it might let them through or it might not. \
         There are several algorithms that handle this better, sliding window log, token bucket and leaky bucket, \
         so I would pick based on the requirements.",
    );
    assert!(r.score <= 4.0 && r.needs_review, "{}", r.summary);
}

/// A lone lower-case letter is the option it names; "a" inside a sentence stays the article.
#[test]
fn a_lone_lower_case_letter_is_an_option() {
    let set = set();
    let r = one(&set, "Q7", "- b");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", r.summary);
    let r = one(&set, "Q7", "i'd go with option b, last name first then the age range.");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", r.summary);
    let r = one(&set, "Q7", "B. A composite index on (last_name, age) serves equality then a range.");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", r.summary);
}

/// A discursive body before terse labelled answers ("think aloud, then a recap"): the body's
/// paragraphs that are clearly about a question are graded with its answer; an opening
/// paragraph about nothing in particular is not.
#[test]
fn a_discursive_body_is_graded_with_its_recap() {
    let set = set();
    let sheet = "# Answers\n\n\
        I will think out loud first and put my final answers at the bottom so they are easy to check.\n\n\
        Index choice: `(last_name, age)`. In the B-Tree the entries are ordered by last_name and, inside each \
        last_name, by age, so the scan seeks to ('Smith', 25) and reads forward: one contiguous range. With \
        `(age, last_name)` the range column comes first, so the Smith rows are scattered across every age above 25.\n\n\
        Queue: the 50 workers all target the same first pending row; one takes the row lock and the other 49 \
        block on it. `SELECT ... FOR UPDATE SKIP LOCKED` lets each worker skip rows locked by others.\n\n\
        Pagination: OFFSET walks and discards 500,000 rows before returning 10; keyset pagination on \
        `(created_at, id)` seeks straight to the page through the index.\n\n\
        Consistent hashing: when B dies only B's keys move, to the next node clockwise; A's users stay; \
        modulo remaps about two thirds of all keys.\n\n\
        ## Final answers\n\n\
        4. B's users move clockwise; A's stay.\n6. Keyset pagination.\n7. B.\n10. SKIP LOCKED.\n";
    let r = grade_md(&set, sheet);
    let q7 = q(&r, "Q7");
    assert_eq!(q7.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", dump(&r));
    assert!(q7.score >= 8.0, "{}", dump(&r));
    assert!(q(&r, "Q10").score >= 8.0, "{}", dump(&r));
    assert!(!q(&r, "Q1").answer.as_deref().unwrap_or("").contains("think out loud"), "{}", dump(&r));
    assert!(r.warnings.iter().any(|w| w.contains("matched to questions by topic")), "{:?}", r.warnings);
}

/// "buffer is 100, consumer does 100/sec": a number and the word after a comma are two items,
/// not "100 consumers"; "the buffer is too small" as the whole fix is the bigger buffer.
#[test]
fn a_listed_number_is_not_a_count_and_a_small_buffer_is_the_bigger_buffer() {
    let set = set();
    let r = one(
        &set,
        "Q2",
        "buffer is 100, consumer does 100/sec, producer does 1000/sec, so the buffer fills up and the producer blocks.\n\n\
         fix: the buffer is too small for the burst. make it make(chan Event, 10000) so a whole second fits in memory.",
    );
    assert!(r.score <= 4.0, "{}", r.summary);
    let r = one(
        &set,
        "Q2",
        "The producer blocks once the 100 slots fill. Run 12 consumers, a worker pool sized to 1,000/s.",
    );
    assert!(r.summary.contains("met") && r.summary.contains("more-consumers"), "{}", r.summary);
}

/// Answers that mix another language into English: the mixed-in verbs, negations and
/// function words are read as their English words, so a French sentence is a statement, not a
/// list of terms, and "ne copie rien" is not a copy.
#[test]
fn mixed_language_answers_are_read() {
    let set = set();
    let r = one(
        &set,
        "Q2",
        "Le consumer fait 100 events/s, le producer 1000/s. Le buffer de 100 est plein en ~0,1 s, et ensuite chaque \
         send bloque : le producer est bloqué au rythme du consumer. Pour les bursts : un pool de workers (au moins 10) \
         qui lisent le même channel, et une queue durable (Kafka) entre les deux.",
    );
    assert!(r.score >= 7.0, "{}", r.summary);
    let r = one(
        &set,
        "Q1",
        "Le problème : `data[:100]` ne copie rien, c'est un slice qui pointe toujours sur le même backing array de 1 GB.",
    );
    assert!(!r.summary.contains("met backing-array, copy-fix"), "{}", r.summary);
    // Taglish: "walang change" is "no change", "nasa A pa rin" is "still on A".
    let r = one(
        &set,
        "Q4",
        "Yung users ni B mapupunta sa next server sa ring, halimbawa kay C. Yung users ni A, walang change, nasa A pa rin sila.",
    );
    assert!(r.evidence.iter().any(|e| e.criterion == "a-unaffected"), "{}", r.summary);
    // Portuguese: "ordenadas primeiro por last_name e depois por age".
    let r = one(
        &set,
        "Q7",
        "B (last_name, age). No B-Tree as entradas ficam ordenadas primeiro por last_name e depois por age dentro de cada last_name, então o Postgres desce na árvore direto até 'Smith'.",
    );
    assert!(r.evidence.iter().any(|e| e.criterion == "equality-then-range"), "{}", r.summary);
}

/// An option followed by a verdict on it after a colon ("FOR UPDATE: stronger than needed")
/// is refused, not chosen; a short comment line opening a comment paragraph is prose.
#[test]
fn an_option_with_a_verdict_after_a_colon_is_refused() {
    let set = set();
    let r = one(
        &set,
        "Q9",
        "```\n-- FOR SHARE.\n-- Row share locks on what the report reads: UPDATE and DELETE on those rows wait.\n\
         -- FOR UPDATE: stronger than needed, blocks other FOR SHARE readers.\n\
         -- LOCK TABLE: overkill, it conflicts with every INSERT.\n```",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("for-share"), "{}", r.summary);
}

/// Options named by their place in the question ("the second one", "the latter") are those
/// options; ten bold number words head the answers in order.
#[test]
fn options_by_their_place_and_bold_number_words() {
    let set = set();
    let r = one(&set, "Q7", "I'd pick the second one, last name then age.");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", r.summary);
    let r = one(&set, "Q7", "The first one is wrong; the second one is better because equality comes first.");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", r.summary);
    let words = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
    let mut sheet = String::from("_(dictated)_\n\n");
    for (k, w) in words.iter().enumerate() {
        let body = if k == 2 { "it goes to the heap, the goroutine can outlive the frame." } else { "no idea." };
        sheet.push_str(&format!("**{w}**\n\n{body}\n\n"));
    }
    let r = grade_md(&set, &sheet);
    assert_eq!(q(&r, "Q3").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", dump(&r));
}

/// Q1: a three-index slice keeps pointing into the 1 GB array; Q6: "can't use the index once
/// you add a large OFFSET" is the disabled-index misconception.
#[test]
fn capacity_fix_and_offset_disabling_the_index() {
    let set = set();
    let r = one(&set, "Q1", "The sub-slice points into the same backing array, so the GC keeps all 1GB. Fix: cap the capacity with a three-index slice, data[:100:100].");
    assert!(r.misconceptions.iter().any(|m| m.id == "capacity-fix"), "{}", r.summary);
    let r = one(&set, "Q1", "The sub-slice pins the backing array. A three-index slice doesn't help, it still points into it: copy the 100 bytes with bytes.Clone.");
    assert!(r.misconceptions.is_empty(), "{}", r.summary);
    let r = one(&set, "Q6", "Postgres can't use the created_at index once you add a large OFFSET, so it sorts everything. Use keyset pagination.");
    assert!(r.misconceptions.iter().any(|m| m.id == "offset-disables-index"), "{}", r.summary);
}

/// "Any of these works; I'd go with whichever one the team has": the algorithms are listed,
/// the pick is left to others.
#[test]
fn any_of_these_works_is_a_hedge() {
    let set = set();
    let r = one(
        &set,
        "Q5",
        "Yes, both batches are allowed: 200 requests in 2 seconds, twice the limit. Whether that's a problem depends on \
         what the limit protects.\n\nAlgorithms that fix it: sliding window log with a ZSET of timestamps, a sliding \
         window counter, a token bucket refilled at 100/min.\n\nHonestly any of these works; I'd go with whichever one \
         the team already has a script for.",
    );
    assert!(r.score <= 4.0 && r.needs_review, "{}", r.summary);
}

/// A whole sentence that is one option's names ("B, (last_name, age).") or ends on it after
/// "so" states the answer, past a one-word title; a description of each option after it is not
/// a second answer.
#[test]
fn an_answer_line_beats_descriptions_of_each_option() {
    let set = set();
    let r = one(
        &set,
        "Q7",
        "index\n\nB, (last_name, age).\n\nB-tree sorted by last_name, then age: one seek to ('Smith', 25), then a contiguous scan.\n\n\
         A, (age, last_name): range on the first key, scan all age > 25 entries.",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", r.summary);
    let r = one(
        &set,
        "Q7",
        "Index B: last_name first, 1,000 entries, then age.\n\nIndex A: age > 25, 800,000 entries.\n\n\
         B reads about 1,000 entries against A's 800,000, so B.",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", r.summary);
    // A short lead-in and a comma before the option state the answer as much as a colon does.
    let r = one(
        &set,
        "Q9",
        "Of the three, FOR SHARE. Shared row locks make UPDATEs wait. LOCK TABLE ... IN SHARE MODE conflicts with ROW EXCLUSIVE, so every INSERT waits.",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("for-share"), "{}", r.summary);
    // "I would avoid LOCK TABLE" rules it out.
    let r = one(
        &set,
        "Q9",
        "I would avoid LOCK TABLE, as it is far too disruptive for a live orders table. Between FOR UPDATE and FOR SHARE, FOR SHARE is the less intrusive option and would be my choice of the three.",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("for-share"), "{}", r.summary);
    // An opening that maps names onto several options lays them out; the later pick decides.
    let r = one(
        &set,
        "Q9",
        "In Laravel `sharedLock()` = `FOR SHARE` and `lockForUpdate()` = `FOR UPDATE`, I think. For a report `FOR SHARE` sounds right, since we only read and want nobody to update the rows.",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("for-share"), "{}", r.summary);
    // After "none of them", a pick announced before a colon is still the pick.
    let r = one(
        &set,
        "Q9",
        "None of these three. Run it on a replica. If I'm forced to choose one of the three: `FOR SHARE`, since it stops updates to the rows being read.",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("for-share"), "{}", r.summary);
}

/// A misconception the candidate refutes in the next sentences ("so it's not that") is not
/// their claim.
#[test]
fn a_misconception_refuted_next_is_not_claimed() {
    let set = set();
    let r = one(
        &set,
        "Q1",
        "The first instinct is to go looking for an unclosed file. But os.ReadFile closes the file itself, so it's not that. \
         The sub-slice points into the same 1GB backing array, so the GC keeps all of it; copy the 100 bytes with bytes.Clone.",
    );
    assert!(r.misconceptions.is_empty() && r.score >= 7.0, "{}", r.summary);
    let r = one(&set, "Q1", "The file is never closed, so the memory leaks. Close it with defer.");
    assert!(r.misconceptions.iter().any(|m| m.id == "unclosed-file"), "{}", r.summary);
}

/// Right answers with a wrong extra claim: r on the stack once the goroutine is waited for or
/// inlined; a "token bucket" refilled to 100 each minute is a fixed window again.
#[test]
fn right_answers_with_a_wrong_extra_claim() {
    let set = set();
    let r = one(
        &set,
        "Q3",
        "Heap: the goroutine can still be running when Process returns. The one exception is if you add a sync.WaitGroup and \
         wg.Wait() before Process returns, then the compiler keeps r on the stack.",
    );
    assert!(r.misconceptions.iter().any(|m| m.id == "stack-if-waited-or-inlined"), "{}", r.summary);
    let r = one(
        &set,
        "Q5",
        "Yes, 200 pass in two seconds, twice the limit, a problem. Use a token bucket: 100 tokens per user, refilled to 100 \
         at the start of every minute, each request takes one.",
    );
    assert!(r.misconceptions.iter().any(|m| m.id == "still-a-fixed-window") && r.score <= 4.0, "{}", r.summary);
}

/// Q6: "a sequential scan of the whole table every time" and "keyset is O(1)" are wrong
/// mechanisms beside a right fix; the model answer's "without one it does a sequential scan"
/// is not.
#[test]
fn q6_full_scan_every_time_and_constant_time_keyset() {
    let set = set();
    let r = one(
        &set,
        "Q6",
        "With OFFSET the database has to do a sequential scan of the whole table every time and then sort it, so 500k rows get \
         read before it can return anything. Fix: keyset pagination, WHERE created_at > $1 ORDER BY created_at LIMIT 10. \
         That's O(1) because we jump straight to the right row.",
    );
    assert!(r.misconceptions.iter().any(|m| m.id == "full-scan-every-time") && r.score <= 6.0, "{}", r.summary);
}
/// Every common way of numbering answers on a ten-answer sheet, including numbers that start
/// again in each part ("Part B, question 1"), reads the third and fourth answers as Q3 and Q4.
#[test]
fn numbering_shapes_on_a_full_sheet() {
    let set = set();
    let h = "Heap: the goroutine can outlive the frame.";
    let c = "B's users move to the next node clockwise; A's stay.";
    let words = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
    let ords = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth"];
    let romans = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];
    let keycaps = [
        "1\u{fe0f}\u{20e3}",
        "2\u{fe0f}\u{20e3}",
        "3\u{fe0f}\u{20e3}",
        "4\u{fe0f}\u{20e3}",
        "5\u{fe0f}\u{20e3}",
        "6\u{fe0f}\u{20e3}",
        "7\u{fe0f}\u{20e3}",
        "8\u{fe0f}\u{20e3}",
        "9\u{fe0f}\u{20e3}",
        "\u{1f51f}",
    ];
    let parts = [("A", 1), ("A", 2), ("A", 3), ("B", 1), ("B", 2), ("C", 1), ("C", 2), ("C", 3), ("D", 1), ("D", 2)];
    // A shape's name and how it writes answer `n` with body `b`.
    type Shape<'a> = (&'a str, Box<dyn Fn(usize, &str) -> String>);
    let shapes: Vec<Shape> = vec![
        ("#n", Box::new(|n, b| format!("#{n}\n\n{b}\n\n"))),
        ("n- ", Box::new(|n, b| format!("{n}- {b}\n\n"))),
        (
            "Part X, question k",
            Box::new(move |n, b| format!("Part {}, question {}\n    {b}\n", parts[n - 1].0, parts[n - 1].1)),
        ),
        (
            "1a)",
            Box::new(move |n, b| {
                let (part, k) = parts[n - 1];
                format!("{}{})\n{b}\n\n", (part.as_bytes()[0] - b'A' + 1), (b'a' + k as u8 - 1) as char)
            }),
        ),
        ("**n/**", Box::new(|n, b| format!("**{n}/** {b}\n\n"))),
        ("Question word:", Box::new(move |n, b| format!("Question {}: {b}\n\n", words[n - 1]))),
        ("keycap", Box::new(move |n, b| format!("{} {b}\n\n", keycaps[n - 1]))),
        ("Ordinal question.", Box::new(move |n, b| format!("{} question. {b}\n\n", ords[n - 1]))),
        ("| n | a |", Box::new(|n, b| format!("| {n} | {b} |\n{}", if n == 1 { "|---|---|\n" } else { "" }))),
        ("Réponse n :", Box::new(|n, b| format!("Réponse {n} : {b}\n\n"))),
        ("n •", Box::new(|n, b| format!("{n} • {b}\n\n"))),
        ("Roman.", Box::new(move |n, b| format!("{}. {b}\n\n", romans[n - 1]))),
        ("n:", Box::new(|n, b| format!("{n}: {b}\n\n"))),
        ("[Qn]", Box::new(|n, b| format!("[Q{n}] {b}\n\n"))),
        ("Q-n", Box::new(|n, b| format!("Q-{n}: {b}\n\n"))),
        ("n) bold", Box::new(|n, b| format!("**{n})** {b}\n\n"))),
        ("Nr. n", Box::new(|n, b| format!("Nr. {n}\n{b}\n\n"))),
        ("<b>n.</b>", Box::new(|n, b| format!("<p><b>{n}.</b> {b}</p>\n"))),
        ("n.)", Box::new(|n, b| format!("{n}.) {b}\n\n"))),
        ("Answer #n", Box::new(|n, b| format!("Answer #{n}\n{b}\n\n"))),
        ("* n", Box::new(|n, b| format!("* {n}. {b}\n"))),
        ("> Qn", Box::new(|n, b| format!("> Q{n}\n\n{b}\n\n"))),
        ("indented n", Box::new(|n, b| format!("  {n}. {b}\n\n"))),
        ("html table", Box::new(|n, b| format!("<tr><td>Q{n}</td><td>{b}</td></tr>\n"))),
        ("definition list", Box::new(|n, b| format!("Q{n}\n: {b}\n\n"))),
        ("rst", Box::new(|n, b| format!("Question {n}\n-----------\n\n{b}\n\n"))),
        ("numbered bold question", Box::new(|n, b| format!("{n}. **Some question text here?**\n\n   {b}\n\n"))),
        ("Q n of 10", Box::new(|n, b| format!("Q {n} of 10\n{b}\n\n"))),
        ("n/10", Box::new(|n, b| format!("({n}/10) {b}\n\n"))),
        ("Item n", Box::new(|n, b| format!("Item {n}) {b}\n\n"))),
        ("n) in brackets bold", Box::new(|n, b| format!("__{n})__ {b}\n\n"))),
        ("A: after Q line", Box::new(|n, b| format!("Q: question {n}?\nA: {b}\n\n"))),
        ("emoji heading", Box::new(|n, b| format!("## \u{1f4dd} Q{n}\n{b}\n\n"))),
    ];
    for (name, f) in &shapes {
        let mut sheet = String::from("My answers\n\n");
        for n in 1..=10 {
            let body = match n {
                3 => h,
                4 => c,
                _ => "Not sure about this one, sorry.",
            };
            sheet.push_str(&f(n, body));
        }
        let r = grade_md(&set, &sheet);
        let ok3 = q(&r, "Q3").choice.as_ref().and_then(|c| c.chosen.as_deref()) == Some("heap");
        let ok4 = q(&r, "Q4").score > 0.0;
        assert!(ok3 && ok4, "{name}\n{sheet}\n{}", dump(&r));
    }
}

/// Answers as the string values of a JSON document: each `"id": "Q3"` opens an answer and
/// its values are read as text, not as code.
#[test]
fn json_answers_are_read_as_text() {
    let set = set();
    let sheet = "My answers:\n\n```json\n{\n  \"answers\": [\n    {\n      \"id\": \"Q3\",\n      \"short\": \"heap\",\n      \
        \"text\": \"Heap: the goroutine can outlive the frame, so the compiler moves r.\"\n    },\n    {\n      \"id\": \"Q10\",\n      \
        \"short\": \"SKIP LOCKED\",\n      \"text\": \"All 50 workers wait on the same row lock; FOR UPDATE SKIP LOCKED lets each take the next unlocked row.\"\n    \
        },\n    {\n      \"id\": \"Q6\",\n      \"text\": null\n    }\n  ]\n}\n```\n";
    let r = grade_md(&set, sheet);
    assert_eq!(q(&r, "Q3").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", dump(&r));
    assert!(q(&r, "Q10").score >= 8.0, "{}", dump(&r));
    assert_ne!(q(&r, "Q6").status, AnswerStatus::Answered, "{}", dump(&r));
}

/// TOML and YAML answer sheets: `[q7]` / `Q7:` open answers, `choice = "B"` is a statement of
/// the choice, multi-line strings are the answer's text.
#[test]
fn toml_and_yaml_answers_are_read_as_text() {
    let set = set();
    let toml = "```toml\n[q3]\nchoice = \"heap\"\nanswer = \"\"\"\nThe goroutine can outlive the frame: key = value\nso the compiler moves r.\n\"\"\"\n\n\
        [q7]\nchoice = \"B\"\nanswer = \"\"\"\n(last_name, age): equality on last_name = 'Smith' first, then the range on age.\n\"\"\"\n```\n";
    let r = grade_md(&set, toml);
    assert_eq!(q(&r, "Q3").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", dump(&r));
    assert_eq!(q(&r, "Q7").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", dump(&r));
    assert!(q(&r, "Q3").answer.as_deref().is_some_and(|a| a.contains("key = value")), "{}", dump(&r));
    let yaml = "```yaml\nQ3:\n  answer: heap\n  why: >\n    the goroutine can outlive Process: its frame is gone,\n    so r escapes.\nQ7:\n  answer: B\n```\n";
    let r = grade_md(&set, yaml);
    assert_eq!(q(&r, "Q3").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", dump(&r));
    assert!(q(&r, "Q3").answer.as_deref().is_some_and(|a| a.contains("Process: its frame")), "{}", dump(&r));
}

/// Q7's options in plain words ("last name first", "last name and age"), and "A would be
/// worse" refuses A.
#[test]
fn q7_options_in_plain_words() {
    let set = set();
    for (answer, want) in [
        ("I'd go with the index on last name and age, in that order.", Some("B")),
        ("The one with last_name first.", Some("B")),
        ("Age and last name would be worse.", None),
        ("Age first would scan every row over 25.", None),
    ] {
        let r = one(&set, "Q7", answer);
        assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), want, "{answer}: {}", r.summary);
    }
}

/// "Myth: ..." lines are the view being corrected, not the candidate's; Q4 in plain words
/// ("A's people don't budge", "remainder by 2 reassigns two out of every three users").
#[test]
fn myths_are_not_claims_and_q4_in_plain_words() {
    let set = set();
    let r = one(
        &set,
        "Q8",
        "- **Myth:** \"Both saw 10, both wrote 9, final is 9.\"\n- **Reality:** Final is 8. Tx2 waits for Tx1's row lock, then re-reads the committed 9.",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("8"), "{}", r.summary);
    let r = one(
        &set,
        "Q4",
        "B's people get handed to the next neighbour along the ring. A's people don't budge. With \"hash of the user, remainder \
         by 3\", going to \"remainder by 2\" reassigns about two out of every three users, including A's.",
    );
    assert!(r.misconceptions.is_empty() && r.score >= 8.0, "{}", r.summary);
}

/// A transcribed booklet: "(4) Ring" paragraphs number the answers and the list inside one
/// numbers its points; "[crossed out: ...]" text is withdrawn.
#[test]
fn a_transcribed_booklet() {
    let set = set();
    let mut sheet = String::from("TRANSCRIPT\n\n");
    for n in 1..=10 {
        let body = match n {
            3 => "Heap: the goroutine can outlive the frame.".to_string(),
            4 => "Ring\n\n  1. B users go to C, the next one clockwise\n  2. A users [crossed out: also move] stay on A\n  3. with %3 to %2 about two thirds of users change server".to_string(),
            _ => "no idea".to_string(),
        };
        sheet.push_str(&format!("({n}) {body}\n\n"));
    }
    let r = grade_md(&set, &sheet);
    assert!(q(&r, "Q4").score >= 8.0 && q(&r, "Q4").misconceptions.is_empty(), "{}", dump(&r));
    assert_eq!(q(&r, "Q3").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", dump(&r));
    assert!(!r.warnings.iter().any(|w| w.contains("answered in 2 places")), "{:?}", r.warnings);
}

/// A sheet typed inside one fenced block, a statement per line (a Gherkin feature): each line
/// is a sentence, so "the stack of Process is gone ... r has to live on the heap" is not two
/// answers in one.
#[test]
fn a_gherkin_feature_reads_a_statement_per_line() {
    let set = set();
    let mut sheet = String::from("```gherkin\nFeature: answers\n\n");
    for n in 1..=10 {
        let body = if n == 3 {
            "    Given Process starts a goroutine that uses r\n    When Process returns\n    Then the goroutine may still be running\n    \
             And the stack of Process is already gone\n    So r has to live on the heap\n"
                .to_string()
        } else {
            "    Given I do not know this one\n".to_string()
        };
        sheet.push_str(&format!("  Scenario: Q{n} - something\n{body}\n"));
    }
    sheet.push_str("```\n");
    let r = grade_md(&set, &sheet);
    assert_eq!(q(&r, "Q3").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", dump(&r));
}

/// Q5: "Is it a problem? I'd say mostly not ... that's acceptable" denies the burst; Q3: "any
/// captured variable is moved to the heap" is the heap for the wrong reason.
#[test]
fn q5_mostly_not_a_problem_and_q3_every_captured_variable() {
    let set = set();
    let r = one(&set, "Q5", "Yes, 200 get through in two seconds. Is it a problem? I'd say mostly not: on average they respected the limit, for most APIs that's acceptable. A sliding window would smooth it.");
    assert!(r.misconceptions.iter().any(|m| m.id == "denies-problem"), "{}", r.summary);
    let r = one(
        &set,
        "Q3",
        "Heap. Any variable that is captured by a closure is moved to the heap, because closures are heap objects.",
    );
    assert!(r.misconceptions.iter().any(|m| m.id == "wrong-reason") && r.score <= 4.0, "{}", r.summary);
}

/// A quotation in a reflection ("The AI-written code had a subtle bug nobody checked.", a
/// pre-mortem's headline) is not the candidate's account of their own work.
#[test]
fn quotations_in_a_reflection_earn_nothing() {
    let r = grade_reflection_md(
        "## 4. AI Usage\n\n*\"The AI-written code had a subtle bug nobody checked and ChatGPT suggestions were wrong.\"*\n",
    );
    let ai = r.sections.iter().find(|s| s.id == "ai-usage").unwrap();
    assert_eq!(ai.score, 0.0, "{}", ai.summary);
}

/// What the writer says was never shown ("has not yet shown that he could explain the code, or
/// that the tests would have caught a wrong suggestion") is no ownership.
#[test]
fn what_was_never_shown_is_denied() {
    let r = grade_reflection_md(
        "## 4. AI Usage\n\nJordan used GitHub Copilot throughout to write most of the boilerplate and some of the locking code in the deadlock kata. He checked that it was right by running the tests, and they all passed. Jordan has not yet shown that he could explain the generated code himself, or that the tests would have caught a wrong suggestion.\n",
    );
    let ai = r.sections.iter().find(|s| s.id == "ai-usage").unwrap();
    assert!(!ai.evidence.iter().any(|e| e.criterion == "ownership"), "{}", ai.summary);
}

/// "Whatever your tests say" names the reader's tests, not any the writer ran: a horoscope's
/// trade-off stays generic.
#[test]
fn the_readers_tests_are_no_specific() {
    let r = grade_reflection_md(
        "## 1. Trade-offs\n\nThis week the stars ask you to weigh speed against quality, and simplicity against completeness. A choice you made around the locks will echo for a long time. You picked the road that felt right for the long term, even though it cost you something up front. Trust that instinct. Lucky number: whatever your tests say.\n",
    );
    let t = r.sections.iter().find(|s| s.id == "trade-offs").unwrap();
    assert!(t.score <= 5.0 && t.summary.contains("generic"), "{}", t.summary);
}

/// A reflection written as an interview: the interviewer's questions ("Q. Walk me through what
/// you do, in order.") are not the candidate's claims; the answers are.
#[test]
fn an_interviewers_questions_earn_nothing_in_a_reflection() {
    let r = grade_reflection_md(
        "## 2. Performance & Resilience\n\nQ. A service is slow. Walk me through what you do, first, then second, in order, with which tools.\nA. Honestly I would just restart it.\n\nQ. What did you measure?\nA. Nothing really.\n",
    );
    let perf = r.sections.iter().find(|s| s.id == "performance").unwrap();
    assert_eq!(perf.score, 0.0, "{}", perf.summary);
    // A press conference: the reporter's questions are not the candidate's words either.
    let r = grade_reflection_md(
        "## 4. AI Usage\n\n**REPORTER:** Talk to us about AI. Did you use ChatGPT, and how did you verify what it wrote?\n\n**CANDIDATE:** Look, it's a team game.\n\n**REPORTER:** Any tests?\n\n**CANDIDATE:** You take it one game at a time.\n",
    );
    let ai = r.sections.iter().find(|s| s.id == "ai-usage").unwrap();
    assert_eq!(ai.score, 0.0, "{}", ai.summary);
}

/// Q9 the way an expert writes it: a title first, the option after a label or a colon, and
/// each rejected option with its verdict ("is excessive", "stronger than needed").
#[test]
fn q9_titles_labels_and_verdicts() {
    let set = set();
    for answer in [
        "— Report Generation (Q9)\n\n9.1 The Candidate selects `FOR SHARE`.\n\n9.2 `FOR UPDATE` is excessive: it is an exclusive row lock.\n\n\
         9.3 `LOCK TABLE` conflicts with the ROW EXCLUSIVE lock of INSERT and would halt new orders.",
        "30s report, allow INSERT, forbid UPDATE\n\nDESCRIPTION FOR SHARE.\n\nFOR UPDATE is the exclusive row lock: it works but it also blocks FOR SHARE.",
        "From the three: FOR SHARE.\n\nFOR UPDATE is stronger than needed (it also blocks FOR SHARE).",
    ] {
        let r = one(&set, "Q9", answer);
        assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("for-share"), "{answer}\n{}", r.summary);
    }
}

/// Q5: a token bucket described as looking back over the last 60 seconds is the log's
/// mechanism under the bucket's name.
#[test]
fn q5_a_bucket_described_as_a_log() {
    let set = set();
    let r = one(&set, "Q5", "Yes, 200 get through in 2s, a problem. Switch to token bucket. Token bucket looks at the last 60 seconds at any moment so a burst can never go over the limit.");
    assert!(r.misconceptions.iter().any(|m| m.id == "bucket-as-a-log") && r.score <= 5.0, "{}", r.summary);
}

/// A check mark approves the option it follows; "I don't think it's really a problem" denies
/// the burst; "two thirds of all users are remapped" is the modulo's fact, not the ring's.
#[test]
fn checks_denials_and_the_modulo_fact() {
    let set = set();
    let r = one(&set, "Q7", "B = (last_name, age) ✓\n\nA = (age, last_name): the leading column is a range ✗");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", r.summary);
    let r = one(&set, "Q5", "Yes, both windows see 100. But I don't think it's really a problem: 200 over two minutes averages 100 per minute.");
    assert!(r.misconceptions.iter().any(|m| m.id == "denies-problem"), "{}", r.summary);
    let r = one(&set, "Q4", "B's keys pass to the clockwise successor; A's users are unaffected. With the modulus going from 3 to 2, approximately two-thirds of all users are remapped.");
    assert!(r.misconceptions.is_empty(), "{}", r.summary);
}

/// Notes typed a statement per line, without full stops: a line opening with an arrow, or a
/// capital after a line ending on a mark, starts a new statement; wrapped prose does not.
#[test]
fn notes_a_statement_per_line() {
    let set = set();
    let r = one(
        &set,
        "Q7",
        "index\n\n  B = (last_name, age) ✓\n  B-tree sort key = (last_name, age) lexicographic\n    ⇒ all 'Smith' entries contiguous\n  \
         A = (age, last_name): leading col is a range\n    ⇒ scan huge range, last_name can't bound the scan ✗",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", r.summary);
    let r = one(
        &set,
        "Q3",
        "It moves to the heap because the goroutine can outlive the\nProcess call, whose frame is gone by then.",
    );
    assert!(r.evidence.iter().any(|e| e.quote.contains("outlive the Process call")), "{}", r.summary);
}

/// A table of notes (a cue, then a sentence) states the candidate's claims: a misconception in
/// it counts, as in prose; a comparison table's short cells still assert nothing.
#[test]
fn a_table_of_notes_states_claims() {
    let set = set();
    let r = one(
        &set,
        "Q4",
        "| Cues | Notes |\n| --- | --- |\n| node removal | when B is removed, the ring is recomputed and all keys are rehashed over the remaining nodes |\n\
         | A's users | A's users are rehashed too and spread evenly over A and C |\n",
    );
    assert!(r.misconceptions.iter().any(|m| m.id == "everyone-remapped"), "{}", r.summary);
}

/// Q8: 8 by merged copies is the right number for a wrong mechanism; Q9: "both would work" is
/// no pick, and "other transactions can still UPDATE the rows" misreads FOR SHARE.
#[test]
fn merged_copies_both_would_work_and_share_still_updating() {
    let set = set();
    let r = one(&set, "Q8", "The final stock is 8. Each transaction gets its own copy of the row, and at commit Postgres merges the two changes since both are relative.");
    assert!(r.misconceptions.iter().any(|m| m.id == "merged-at-commit") && r.score <= 3.0, "{}", r.summary);
    let r = one(&set, "Q9", "I'd go with FOR SHARE, it stops others updating the rows I read. Or LOCK TABLE IN SHARE MODE to be safe. Both would work here.");
    assert!(r.score <= 4.0 && r.needs_review, "{}", r.summary);
    let r = one(
        &set,
        "Q9",
        "FOR SHARE: a shared row lock; other transactions can still UPDATE the rows but cannot DELETE them.",
    );
    assert!(r.misconceptions.iter().any(|m| m.id == "share-allows-updates"), "{}", r.summary);
}

/// Interviewers give a FOR UPDATE answer with sound reasoning (row locks stop updates, new rows
/// are not locked) about half of what they give FOR SHARE, and little when it rests on a false
/// claim about FOR SHARE.
#[test]
fn sound_reasoning_behind_a_stronger_lock_earns_partial_credit() {
    let set = set();
    let sound = one(
        &set,
        "Q9",
        "`FOR UPDATE` on the rows being read. It row-locks them so nobody can UPDATE them during the report, \
         and since it's row-level, INSERTs of new orders still go through. `LOCK TABLE` would block inserts.",
    );
    assert!((3.0..=4.0).contains(&sound.score), "{}", sound.summary);
    assert!(sound.evidence.iter().any(|e| e.criterion == "for-update-reasoning"), "{}", sound.summary);
    let false_claim = one(
        &set,
        "Q9",
        "`FOR UPDATE`. It locks the rows so nobody can modify them, and inserts are new rows so they still work. \
         FOR SHARE still lets other transactions update the rows.",
    );
    assert!(false_claim.score <= 1.0, "{}", false_claim.summary);
    let bare = one(&set, "Q9", "FOR UPDATE, because it is the strongest lock.");
    assert!(bare.score <= 1.0, "{}", bare.summary);
    // Reasoning behind the wrong option is not something a FOR SHARE answer missed.
    let right = one(&set, "Q9", "FOR SHARE: UPDATEs of the rows read wait, and inserts go through.");
    assert!(!right.summary.contains("for-update-reasoning"), "{}", right.summary);
    assert!(right.missed.iter().all(|m| m.criterion != "for-update-reasoning"));
}

#[test]
fn reasoning_behind_a_wrong_option_needs_a_cap() {
    let dir = rubrics_with("q09-report-locking.yaml", |t| {
        t.replacen(
            "    when-choice: for-update\n    cap: 4\n",
            "    when-choice: for-update\n    removes: [for-update-too-strong]\n",
            1,
        )
    });
    let text = messages(&check_rubrics(dir.path()));
    assert!(text.contains("for-update-reasoning") && text.contains("add one with a `cap`"), "{text}");
}

/// "`FOR UPDATE` would be an exclusive lock — overkill" rejects the option it names.
#[test]
fn a_verdict_after_a_dash_rejects_the_option() {
    let set = set();
    let r = one(
        &set,
        "Q9",
        "Remediation: `LOCK TABLE orders IN SHARE MODE` at the start of the report.\nWhy: SHARE mode is a read lock. `FOR UPDATE` would be an exclusive lock — overkill.",
    );
    assert!(r.summary.contains("chose lock-table"), "{}", r.summary);
}

/// A right mechanism with its key figure off by ten loses part of the credit; the right figure
/// keeps it.
#[test]
fn figures_off_by_ten_cost_credit() {
    let set = set();
    let cases = [
        (
            "Q2",
            "One consumer at 10 ms does 100 events/s, so the 100-slot buffer fills in about 0.11 s; then every send blocks and the producer slows to 100/s. Run about 10 consumers, and put Kafka in front for long bursts.",
            "One consumer at 10 ms does 10 events/s, so the buffer fills; then every send blocks and the producer slows down. Run about 100 consumers, and put Kafka in front for long bursts.",
        ),
        (
            "Q4",
            "B's users move to the next server clockwise, C. A's users stay on A. With % 3 -> % 2 about 67% of users change server.",
            "B's users move to the next server clockwise, C. A's users stay on A. With modulo about 10% of users change server.",
        ),
        (
            "Q6",
            "OFFSET reads 500,010 rows in created_at order and throws 500,000 away.\nFix: keyset pagination. Remember the last row seen and ask for rows after it with WHERE (created_at, id) > ($1, $2), so the index seeks straight there in O(log N).",
            "OFFSET reads about 5,000 rows in created_at order and throws them away.\nFix: keyset pagination. Remember the last row seen and ask for rows after it with WHERE (created_at, id) > ($1, $2), so the index seeks straight there in O(log N).",
        ),
    ];
    for (id, right, off) in cases {
        let right = one(&set, id, right);
        let off = one(&set, id, off);
        assert!(right.misconceptions.is_empty(), "{id}: {}", right.summary);
        assert!(off.score <= right.score - 2.0 && off.needs_review, "{id}: {} against {}", off.summary, right.summary);
    }
    let late = one(&set, "Q2", "One consumer does 100 events/s, so the buffer gains 900/s and the producer starts blocking at ~1.1 s; then every send blocks. Run about 10 consumers, and put Kafka in front for long bursts.");
    assert!(late.misconceptions.iter().any(|m| m.id == "rates-off"), "{}", late.summary);
    // A decimal comma: "1,1 seconds" is 1.1 s.
    let comma = one(&set, "Q2", "One consumer does 100 events/s, the buffer grows by 900/s, so it is full after 100 / 900 ≈ 1,1 seconds and then the send blocks. Run 10 consumers, Kafka for long bursts.");
    assert!(comma.misconceptions.iter().any(|m| m.id == "rates-off"), "{}", comma.summary);
    let most = one(&set, "Q4", "B's users go to the next node clockwise. A's users stay on A. With `hash % 3` -> `hash % 2` about 90% of all users move.");
    assert!(most.misconceptions.iter().any(|m| m.id == "modulo-share-high"), "{}", most.summary);
    let many = one(
        &set,
        "Q6",
        "Rows produced = offset + limit, about 5,000,010, each read and thrown away. Use keyset pagination.",
    );
    assert!(many.misconceptions.iter().any(|m| m.id == "rows-read-off"), "{}", many.summary);
    let refill = one(&set, "Q5", "Yes, it is allowed: 200 in 2 seconds. Use a token bucket with capacity 100 and a refill of 16.7 tokens per second.");
    assert!(refill.misconceptions.iter().any(|m| m.id == "refill-rate-off"), "{}", refill.summary);
    let refill = one(&set, "Q5", "Yes, it is allowed: 200 in 2 seconds. Use a token bucket with capacity 100 and a refill of 1.67 tokens per second.");
    assert!(refill.misconceptions.is_empty(), "{}", refill.summary);
}

/// "MAY" throughout (RFC 2119 style) offers possibilities without committing; one "may" for a
/// nuance in a committed answer does not.
#[test]
fn an_answer_of_mays_is_a_hedge() {
    let set = set();
    let mays = one(
        &set,
        "Q1",
        "The `data[:100]` slice MAY share the backing array of the 1 GB buffer, so the whole array MAY stay reachable while the Result is. Copying the 100 bytes with `strings.Clone` MAY fix it. The runtime MAY also keep freed pages, or the GC MAY not have run yet.",
    );
    assert!(mays.score <= 4.0, "{}", mays.summary);
    let committed = one(
        &set,
        "Q1",
        "The `data[:100]` slice shares the backing array of the 1 GB buffer, so the whole array stays reachable as long as the Result does. Copy the 100 bytes (`strings.Clone`) before returning. The runtime may also keep freed pages for a while, so RSS falls slowly.",
    );
    assert!(committed.score >= 8.0, "{}", committed.summary);
}

/// A report's voice: the question restated ("whether", "a choice between"), then the answer
/// ("has been answered: ...", "confirmed that it does", "selected over ...").
#[test]
fn restated_questions_then_answers() {
    let set = set();
    let cases = [
        ("Q3", "The question of whether `r` stays on the stack or moves to the heap has been answered: it moves to the heap.", "heap"),
        ("Q5", "Asked whether the limiter allows this, engineers confirmed that it does.", "yes"),
        ("Q5", "REDIS — A rate limiter has allowed a user to send 100 requests at 12:00:59 and another 100 at 12:01:01.\nAsked whether the limiter allows this, engineers confirmed that it does.", "yes"),
        ("Q7", "Faced with a choice between index A `(age, last_name)` and index B `(last_name, age)`, reviewers have chosen index B.", "B"),
        ("Q9", "For the report the lock mode `FOR SHARE` has been selected over `FOR UPDATE` and `LOCK TABLE`.", "for-share"),
        ("Q7", "I would pick B over A.", "B"),
        // The end of a derivation; the aside's arrow is a side case.
        ("Q8", "Tx1 commits → Tx2 re-checks WHERE and recomputes stock - 1 on 9 → 8.\n(Rollback case: 10 → 9.)", "8"),
    ];
    for (id, text, chosen) in cases {
        let r = one(&set, id, text);
        assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some(chosen), "{id}: {}", r.summary);
    }
    // A question restated alone still chooses nothing.
    let r = one(&set, "Q3", "The question is whether r stays on the stack or moves to the heap.");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), None, "{}", r.summary);
}

/// A statement ending in a question mark is a tentative claim: it earns its credit, hedged;
/// a question asks and claims nothing; a guess does not outrank a later final answer.
#[test]
fn statements_ending_in_a_question_mark_are_tentative() {
    let set = set();
    let tentative = one(
        &set,
        "Q2",
        "when it's full the producer has to wait (send blocks) → producer slows down to the consumer's speed ?",
    );
    assert!(tentative.evidence.iter().any(|e| e.criterion == "producer-blocks"), "{}", tentative.summary);
    let asked = one(&set, "Q2", "Does the producer have to wait when the buffer is full?");
    assert!(asked.evidence.is_empty(), "{}", asked.summary);
    let revised = one(&set, "Q3", "Stack, since it's only a pointer? Thinking more: the goroutine may still run after `Process` returns.\nFinal answer: heap.");
    assert_eq!(revised.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", revised.summary);
}

/// An options appraisal that puts the pick off ("before committing to a remediation, profile
/// ...", "trial both under load", "to be agreed") is a hedge however complete its options are;
/// a sequence that ends in a decision is not.
#[test]
fn a_deferred_recommendation_is_a_hedge() {
    let set = set();
    let deferred = one(
        &set,
        "Q1",
        "Candidate explanations: the GC has not yet run; `data[:100]` shares the 1GB backing array, so the array stays reachable; the runtime has not returned memory to the OS.\nRemediation options: copy the 100 bytes into a new buffer; stream the file instead of `os.ReadFile`.\nRecommendation: Before committing to a remediation, profile with pprof to establish which of these is actually happening. A combination of options may prove appropriate.",
    );
    assert!(deferred.score <= 4.0 && deferred.needs_review, "{}", deferred.summary);
    let both = one(&set, "Q7", "B `(last_name, age)` is the usual advice; the B-tree is sorted by last_name, then age.\nA could be competitive if age turned out to be very selective.\nIn practice the planner picks whichever is cheaper, so I'd create both and compare plans.");
    assert!(both.score <= 4.0, "{}", both.summary);
    let trial = one(&set, "Q10", "The workers contend for the same row. Options: `SKIP LOCKED` or `NOWAIT`. Recommendation: trial both under load.");
    assert!(trial.score <= 4.0, "{}", trial.summary);
    let decided = one(
        &set,
        "Q1",
        "`data[:100]` shares the 1GB backing array, so the array stays reachable; copy the 100 bytes into a new buffer, then decide whether streaming is worth it for the next version.",
    );
    assert!(decided.score >= 7.0, "{}", decided.summary);
}

/// A right answer with a false side note loses part of the credit: the side note is the
/// candidate's claim like any other.
#[test]
fn a_false_side_note_costs_credit() {
    let set = set();
    let cases = [
        ("Q1", "Side note: once the big array's unreferenced, a `runtime.GC()` straight after will hand the whole 1GB back to the OS on the spot.", "gc-returns-memory-at-once"),
        ("Q2", "Side note: if you `close(ch)` while the producer's blocked on a send, that pending send just gets dropped quietly, so drain first.", "close-drops-send"),
        ("Q3", "Side note: any pointer you pass into a function as an argument escapes to the heap anyway.", "wrong-reason"),
        ("Q5", "Side note: even the plain fixed window needs a Lua script, because Redis `INCR` isn't atomic on its own.", "incr-not-atomic"),
        ("Q6", "Side note: this is really a Postgres thing. MySQL's OFFSET is fine because InnoDB keeps row counts in the index pages.", "offset-fine-elsewhere"),
        ("Q8", "Side note: bump it up to Repeatable Read and you do get 9.", "repeatable-read-loses"),
        ("Q10", "Side note: `NOWAIT` does the same job, it's just the older syntax for it.", "nowait-equated"),
        ("Q8", "8. In Read Committed Postgres runs the two transactions one after the other: the second transaction doesn't start until the first one has committed, so it sees 9 and makes it 8.", "run-one-after-the-other"),
    ];
    for (id, note, misconception) in cases {
        let r = one(&set, id, note);
        assert!(r.misconceptions.iter().any(|m| m.id == misconception), "{id}: {}", r.summary);
    }
}

/// A reStructuredText sheet: a `.. code-block::` and a `::` literal block are code (their lines
/// state no misconception), a `.. note::` is prose, and line numbers hold.
#[test]
fn restructuredtext_sheets_are_read() {
    let set = set();
    let sheet = "Q1. The leak\n-------------\n\n.. note::\n\n   The slice header points into the 1 GiB backing array, so the whole array stays reachable.\n\nFix it like this::\n\n   head := make([]byte, 100)\n   data = nil\n\n.. code-block:: go\n\n   if err != nil {\n       return nil, err\n   }\n\nCopy the 100 bytes with ``bytes.Clone`` so nothing points at the array.\n\nQ8. The update\n--------------\n\nThe final stock is 8.\n";
    let r = grade_md(&set, sheet);
    let q1 = q(&r, "Q1");
    assert!(q1.misconceptions.is_empty(), "{}", q1.summary);
    assert!(q1.evidence.iter().any(|e| e.criterion == "backing-array" && e.line == 6), "{}", dump(&r));
    assert!(q1.evidence.iter().any(|e| e.criterion == "copy-fix" && e.line == 19), "{}", dump(&r));
    assert_eq!(q(&r, "Q8").line, Some(21), "{}", dump(&r));
}

/// A Confluence or Jira wiki-markup export: `h3.` headings, code between `{code}` lines (its
/// `return nil, err` no claim), `{{mono}}` and panel macros around prose.
#[test]
fn wiki_markup_sheets_are_read() {
    let set = set();
    let sheet = "h1. Answers\n\n----\n\nh3. Answer Q1\n\n*Why:* {{data[:100]}} is a slice header into the same 1 GiB backing array, so the whole array stays reachable.\n\n{code:language=go}\nif err != nil {\n    return nil, err\n}\nsummary := bytes.Clone(data[:100])\n{code}\n\n{note}\nCopy the 100 bytes with {{bytes.Clone}} so nothing points at the array.\n{note}\n\nh3. Answer Q8\n\nThe final stock is 8.\n";
    let r = grade_md(&set, sheet);
    let q1 = q(&r, "Q1");
    assert!(q1.misconceptions.is_empty(), "{}", q1.summary);
    assert!(q1.evidence.iter().any(|e| e.criterion == "backing-array" && e.line == 7), "{}", dump(&r));
    assert!(q1.evidence.iter().any(|e| e.criterion == "copy-fix"), "{}", dump(&r));
    assert_eq!(q(&r, "Q8").line, Some(20), "{}", dump(&r));
}

/// Notes in symbols: `⇒` and `=` stand for "so" and "is" (a line of them is a statement, not a
/// list of terms); the clause naming the choice decides whether it is terse; a cross closing a
/// line rejects the option it is about, not the line's last words.
#[test]
fn shorthand_notes_in_symbols_are_statements() {
    let set = set();
    let q6 = one(
        &set,
        "Q6",
        "- OFFSET k ⇒ executor must produce & discard k rows ⇒ cost O(k + n)\n- fix = keyset: `WHERE (created_at, id) > (:c, :i) ORDER BY created_at, id LIMIT 10`, index `(created_at, id)` ⇒ one B-tree descent O(log N) + 10 entries",
    );
    assert!(q6.evidence.iter().any(|e| e.criterion == "keyset"), "{}", q6.summary);
    let q9 = one(
        &set,
        "Q9",
        "- **FOR SHARE**: share locks on rows read ⇒ UPDATE/DELETE on them wait; INSERT unaffected (new tuples aren't locked) ✓\n- LOCK TABLE (SHARE mode) conflicts with ROW EXCLUSIVE (taken by INSERT) ⇒ blocks new orders ✗\n- FOR UPDATE ⇒ stronger than needed ✗",
    );
    assert!(q9.score >= 8.0, "{}", q9.summary);
}

/// "Whether it's a problem depends on X, but if X, yes" concedes a condition and commits: no
/// hedge. The answer to a follow-up the candidate poses ("And under Repeatable Read?") is about
/// what the follow-up names, so a Repeatable Read fact there is no Read Committed misconception.
#[test]
fn conceded_conditions_and_posed_follow_ups() {
    let set = set();
    let q5 = one(
        &set,
        "Q5",
        "Yes, the fixed window allows it: 100 at 12:00:59 and 100 more at 12:01:01, 200 in two seconds. Whether that is a problem depends on what the limit protects, but if it protects a downstream with real capacity limits, yes.\n\nFix: a sliding window log, a Redis sorted set of timestamps trimmed to the last 60 seconds with ZREMRANGEBYSCORE, rejecting when ZCARD reaches 100.\n\nLikely follow-up: \"Token bucket?\" Also valid: capacity 100, refilled at 100 per minute.",
    );
    assert!(q5.score >= 8.0, "{}", q5.summary);
    let q5 = one(
        &set,
        "Q5",
        "Yes, 200 requests get through in about two seconds at the boundary. Whether that is a problem depends on why the limit exists; if it protects a downstream sized for 100/min, yes.\n\nFix: a sliding window log, a Redis sorted set of timestamps trimmed to the last 60 seconds with ZREMRANGEBYSCORE.\n\nOr a token bucket, capacity 100, refilled at about 1.67 tokens a second.",
    );
    assert!(q5.score >= 8.0, "{}", q5.summary);
    let q8 = one(
        &set,
        "Q8",
        "8. Tx2's UPDATE waits on Tx1's row lock, then re-reads the committed 9 and writes 8.\n\nFollow-up: \"And under Repeatable Read?\" Tx2 waits the same way. When Tx1 commits, the app must retry the whole transaction.",
    );
    assert!(q8.misconceptions.is_empty() && q8.score >= 9.0, "{}", q8.summary);
    // Questions after a statement on the line restate the question being answered (a review
    // table's source cell): the answer after them is not about them.
    let q4 = one(
        &set,
        "Q4",
        "B crashes. B's users? A's users? Why better than `% 3`? | B's users move to the next server on the ring, C. A's users are mostly unaffected.",
    );
    assert!(q4.misconceptions.iter().any(|m| m.id == "a-mostly-stays"), "{}", q4.summary);
}

/// A share of A's users moving "as the ring rebalances" costs credit; one sentence read as two
/// misconceptions is one wrong idea, not two (two halve the cap).
#[test]
fn one_wrong_sentence_is_one_wrong_idea() {
    let set = set();
    let some = one(
        &set,
        "Q4",
        "B's users move to the next node clockwise. Users on A stay on A. Modulo moves about 67% of users. With virtual nodes the ring rebalances, and a small fraction of A's users (maybe 5-10%) move over to C.",
    );
    assert!(some.score <= 7.0 && some.misconceptions.iter().any(|m| m.id == "some-of-a-moves"), "{}", some.summary);
    let both = one(
        &set,
        "Q4",
        "B's users go to the next node on the ring. The people on A, some of them get shuffled too, because the ring has to rebalance, so a few of A's users will move over to C.",
    );
    assert_eq!(both.misconceptions.len(), 2, "{}", both.summary);
    assert!(both.score >= 3.0, "{}", both.summary);
}

/// A sentence that opens by forbidding a move ("Never `select { default: }` here — that's
/// the drop-data option") rules out what it names: no misconception of its words.
#[test]
fn a_prohibition_rules_out_what_it_names() {
    let set = set();
    let r = one(
        &set,
        "Q2",
        "The consumer does 100 events/s against 1,000 produced, so the 100-slot buffer is full after about 0.1 s and every send blocks: the producer is throttled to 100/s. For bursts: 12 consumers on the same channel and Kafka as a durable buffer.\n\nNever `select { case ch <- ev: default: }` here — that's exactly the \"drop data\" option.",
    );
    assert!(r.misconceptions.is_empty() && r.score >= 9.0, "{}", r.summary);
    // The remark on what was forbidden, in a sentence of its own.
    let r = one(
        &set,
        "Q2",
        "The consumer does 100 events/s against 1,000 produced, so the 100-slot buffer is full after about 0.1 s and every send blocks: the producer is throttled to 100/s. For bursts: 12 consumers on the same channel and Kafka as a durable buffer.\n\nNever `select { case ch <- ev: default: }`. That is exactly the \"drop data\" path.",
    );
    assert!(r.misconceptions.is_empty() && r.score >= 9.0, "{}", r.summary);
}

/// "Correction:" heading the fix in answer after answer (a machine translation of "Fix:") is a
/// label of the sheet, not a retraction of the diagnosis before it.
#[test]
fn a_label_on_every_answer_retracts_nothing() {
    let set = set();
    let sheet = "## Q1\n\nDiagnosis: `data[:100]` points into the same 1 GB backing array, so the whole array stays reachable.\n\nCorrection: copy the 100 bytes into a new slice.\n\n## Q6\n\nDiagnosis: OFFSET makes Postgres read and throw away 500,000 rows before the 10 it returns.\n\nCorrection: keyset pagination on (created_at, id).\n\n## Q8\n\nDiagnosis: 8, Tx2 waits on the row lock and re-reads the committed 9.\n\nCorrection: nothing to fix.\n";
    let r = grade_md(&set, sheet);
    assert!(q(&r, "Q6").evidence.iter().any(|e| e.criterion == "discards-offset"), "{}", dump(&r));
    assert!(q(&r, "Q1").evidence.iter().any(|e| e.criterion == "backing-array"), "{}", dump(&r));
}

/// Under an `Answer Q1` heading, a paragraph led by `**Q1 답변.**` (the question's number and
/// "answer" in the candidate's language) is the answer, not the question's own section.
#[test]
fn a_label_naming_the_open_answer_is_part_of_it() {
    let set = set();
    let sheet = "### Q1. The leak\n\n#### Answer Q1\n\n**Q1 답변.** `data[:100]` points into the same 1GB backing array, so the whole array stays reachable. Copy the 100 bytes into a new slice.\n\n### Q8. The update\n\n#### Answer Q8\n\n**Q8 답변.** 8: Tx2 waits on the row lock and re-reads the committed 9.\n\n### Q4. The ring\n\n#### Answer Q4\n\n**Q4 답변.**\n1. B's keys move to the next node clockwise on the ring.\n2. A's users do not move.\n";
    let r = grade_md(&set, sheet);
    assert!(q(&r, "Q1").score >= 7.0, "{}", dump(&r));
    assert!(q(&r, "Q8").score >= 7.0, "{}", dump(&r));
    // The label alone on its line, over a numbered list.
    assert!(q(&r, "Q4").score >= 5.0, "{}", dump(&r));
}

/// A man page typed in an untagged fence is prose: its section names (`NAME`, `DESCRIPTION`)
/// are labels, a `;` before a lower-case word is punctuation, and a line wrapped mid-sentence
/// continues the one before.
#[test]
fn a_man_page_in_a_fence_is_prose() {
    let set = set();
    let sheet = "## Q7\n\n```\nNAME\n     q7 - column order in a composite B-tree\n\nDESCRIPTION\n     B: (last_name, age). A B-tree keeps entries sorted by last_name, then by\n     age inside equal last_name. The planner descends once to ('Smith', 25)\n     and reads forward until last_name changes.\n\n     With A: (age, last_name) the tree is sorted by age first, so age > 25 is\n     one long range and 'Smith' rows are scattered through\n     it; last_name can only be checked entry by entry inside that range.\n\nBUGS\n     None known.\n```\n";
    let r = grade_md(&set, sheet);
    let q7 = q(&r, "Q7");
    assert_eq!(q7.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", dump(&r));
    assert!(q7.evidence.iter().any(|e| e.criterion == "equality-then-range"), "{}", dump(&r));
}

/// A clause number ("7.2") opening a sentence is no word of it: "7.2 Under A, ..." describes
/// option A as much as "Under A, ..." does, and does not pick it over "7.1 B".
#[test]
fn a_clause_number_does_not_turn_a_description_into_a_pick() {
    let set = set();
    let sheet = "## Q7\n\n7.1 **B `(last_name, age)`**. Equality on the leading column confines the scan to one contiguous run of 'Smith' entries, ordered by age.\n\n7.2 Under A, the leading predicate is a range. `age > 25` spans most of the index and the Smiths are interleaved throughout it.\n";
    let r = grade_md(&set, sheet);
    let q7 = q(&r, "Q7");
    assert_eq!(q7.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", dump(&r));
}

/// A script whose speakers' lines are in quotes (`**[NARRATOR]** "Pick B: ..."`) is the
/// candidate speaking through a character: the quotes make no quotation of it.
#[test]
fn a_scripts_quoted_lines_are_the_candidates_words() {
    let set = set();
    let sheet = "## Q7\n\n**[NARRATOR]** \"Pick B: last_name, then age.\"\n\n**[ON SCREEN]** a B-tree diagram.\n\n**[NARRATOR]** \"The B-tree is sorted by last_name, then by age inside each last_name, so Postgres descends once to ('Smith', 25) and reads forward.\"\n\n## Q8\n\nHOST: \"The final stock is 8.\"\n\nHOST: \"Tx2 waits on the row lock and then re-reads the committed 9.\"\n";
    let r = grade_md(&set, sheet);
    let q7 = q(&r, "Q7");
    assert_eq!(q7.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", dump(&r));
    assert!(q7.evidence.iter().any(|e| e.criterion == "equality-then-range"), "{}", dump(&r));
    assert!(q(&r, "Q8").evidence.iter().any(|e| e.criterion == "row-lock-wait"), "{}", dump(&r));
}

/// A deposition transcript's `A.` marks the witness speaking, not option A: "A.  B. B-tree is
/// sorted ..." picks B.
#[test]
fn a_transcripts_answer_marker_is_not_option_a() {
    let set = set();
    let sheet = "## Q7\n\n```\n53   Q.  Question seven. Index A, age then last_name, or B, last_name then age?\n55   A.  B. B-tree is sorted by the first column, then the second. Equality on\n56       last_name puts all Smiths in one contiguous run, sorted by age.\n57   Q.  And the other one?\n58   A.  With A the range on age is the leading column.\n```\n\n## Q8\n\n```\n60   Q.  Question eight. Final stock?\n61   A.  8. Tx2 waits on the row lock, then re-reads the committed 9.\n```\n";
    let r = grade_md(&set, sheet);
    assert_eq!(q(&r, "Q7").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", dump(&r));
}

/// A letter grade the sheet gives every answer (`**Category:** A.`) is a field of the form,
/// not a pick: under Q7 it does not turn "B, `(last_name, age)`" into A.
#[test]
fn a_letter_grade_under_every_answer_is_not_a_pick() {
    let set = set();
    let body = |q: &str, text: &str, grade: &str| format!("## {q}\n\n{text}\n\n**Category:** {grade}.\n\n");
    let sheet = [
        body("Q1", "`data[:100]` keeps the 1GB backing array alive; copy the 100 bytes.", "A"),
        body("Q3", "Heap: the goroutine can outlive Process.", "B"),
        body("Q7", "Observation. B, `(last_name, age)`. The Smiths sit in one run of leaves, ordered by age.", "A"),
        body("Q8", "8: Tx2 waits on the row lock, then re-reads the committed 9.", "A"),
    ]
    .concat();
    let r = grade_md(&set, &sheet);
    assert_eq!(q(&r, "Q7").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", dump(&r));
}

/// "Hence: FOR SHARE (or a snapshot with no locks)." concludes with FOR SHARE: the aside after
/// it does not undo the conclusion, which outranks an option that merely leads a step.
#[test]
fn a_conclusion_with_an_aside_is_still_the_conclusion() {
    let set = set();
    let sheet = "#### Answer Q8\n\n8: Tx2 waits on the row lock.\n\n#### Answer Q9\n\nStep 1. LOCK TABLE: any mode that blocks UPDATE also conflicts with INSERT's ROW EXCLUSIVE.\nOut.\nStep 2. FOR UPDATE: blocks updates, allows inserts, but exclusive.\nStronger than needed.\nStep 3. FOR SHARE: blocks UPDATE/DELETE on the rows read, lets readers and INSERTs through.\nHence: FOR SHARE (or a snapshot with no locks).\n\n#### Answer Q10\n\nSKIP LOCKED.\n";
    let r = grade_md(&set, sheet);
    assert_eq!(q(&r, "Q9").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("for-share"), "{}", dump(&r));
}

/// "First I thought 9: both read 10, ..." reports a view the candidate gave up, past its colon
/// and commas: it states no misconception of theirs.
#[test]
fn a_former_view_past_its_colon_is_not_a_claim() {
    let set = set();
    let sheet = "## Q8\n\nFirst I thought 9: both read 10 at the same time, both compute 9, the last one wins. But this is one UPDATE statement. UPDATE takes a row lock, so Tx2 waits; when Tx1 commits, Tx2 re-reads the row (now 9) and writes 8.\n";
    let r = grade_md(&set, sheet);
    let q8 = q(&r, "Q8");
    assert!(q8.misconceptions.is_empty(), "{}", dump(&r));
    assert!(q8.score >= 8.0, "{}", dump(&r));
    // An adverb inside the marker ("I initially thought") marks the same former view.
    let r = grade_md(&set, &sheet.replace("First I thought", "I initially thought"));
    assert!(q(&r, "Q8").misconceptions.is_empty(), "{}", dump(&r));
}

/// "Wait, no." interrupts the thought before it: "9? both read 10 and write 9." is taken back,
/// and states no misconception. "No waiting on peers" interrupts nothing.
#[test]
fn wait_no_takes_back_the_thought_before() {
    let set = set();
    let r = grade_md(&set, "## Q8\n\n9? both read 10 and write 9.\nWait, no. 8. UPDATE locks the row, tx2 waits on tx1's row lock, and when tx1 commits tx2 re-reads the new value (9) and writes 8.\n");
    assert!(q(&r, "Q8").misconceptions.is_empty(), "{}", dump(&r));
    assert!(!crate::written::sheet::retracts("No waiting on peers, no churn."));
}

/// A chat log's stamps in inline code (`` `19:05` ... `19:40` wait no. 8.``) end each message:
/// the later message's "wait no" takes back the earlier one.
#[test]
fn inline_clock_stamps_end_each_message() {
    let set = set();
    let r = grade_md(&set, "## Q8\n\n`19:05` 9? both read 10 and write 9\n`19:40` wait no. 8. UPDATE locks the row, tx2 waits on tx1's row lock, and when tx1 commits tx2 works on the new value (9) and writes 8.\n");
    assert!(q(&r, "Q8").misconceptions.is_empty(), "{}", dump(&r));
    assert!(q(&r, "Q8").score >= 8.0, "{}", dump(&r));
}

/// A sheet written as a `doc.go`, its answers under `// # Qn` comment headings, is read as the
/// comments' text: "// With A the order is age first." describes A after picking B.
#[test]
fn a_doc_comment_sheet_is_read_as_its_comments() {
    let set = set();
    let sheet = "```go\n// Package answers holds my answers.\n//\n// # Q3 Escape analysis\n//\n// Heap: the goroutine can outlive Process, so r escapes.\n//\n// # Q7 Index choice\n//\n// B, (last_name, age). B-tree entries are sorted by last_name, then by age\n// within each last_name, so the Smiths sit next to each other.\n//\n// With A the order is age first. age > 25 is a range covering most of the\n// table.\n//\n// # Q8 Concurrent decrement\n//\n// The answer is 8. Tx2 waits on the row lock, then re-reads the committed 9.\npackage answers\n```\n";
    let r = grade_md(&set, sheet);
    assert_eq!(q(&r, "Q7").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", dump(&r));
    assert!(q(&r, "Q8").score >= 7.0, "{}", dump(&r));
}

/// A raw email in quoted-printable is read as the text it encodes: `=3D` is `=`, `=E2=80=99`
/// an apostrophe, and a line ending in a soft break `=` runs on into the next.
#[test]
fn a_quoted_printable_email_is_decoded() {
    let set = set();
    let sheet = "Subject: my answers\nContent-Type: text/plain; charset=3D\"UTF-8\"\nContent-Transfer-Encoding: quoted-printable\n\nHi,\n\nQ8) 8. Tx2=E2=80=99s UPDATE waits on Tx1=E2=80=99s row lo=\nck, then re-reads the committed 9 and writes 8.\n\nQ10) All 50 workers lock the same first row. Add SKIP LOC=\nKED so each worker skips locked rows and takes the next one.\n";
    let r = grade_md(&set, sheet);
    assert!(q(&r, "Q8").evidence.iter().any(|e| e.criterion == "row-lock-wait"), "{}", dump(&r));
    assert!(q(&r, "Q10").evidence.iter().any(|e| e.criterion == "skip-locked"), "{}", dump(&r));
}

/// A Rich Text file saved from a word processor: control words are not the answer's text, and
/// `\'92` is an apostrophe.
#[test]
fn a_rich_text_sheet_is_read_as_its_text() {
    let set = set();
    let sheet = "{\\rtf1\\ansi\\ansicpg1252\\cocoartf2761\n{\\fonttbl\\f0\\fswiss\\fcharset0 Helvetica;\\f1\\fswiss\\fcharset0 Helvetica-Bold;}\n\\pard\\tx566\\pardirnatural\n\n\\f1\\b Question 8\\\n\\f0\\b0 8. Tx2\\'92s UPDATE waits on Tx1\\'92s row lock, then re-reads the committed row and writes 8.\\\n\\\n\\f1\\b Question 10\\\n\\f0\\b0 All 50 workers lock the same first row. Add SKIP LOCKED so each worker skips locked rows.\\\n}\n";
    let r = grade_md(&set, sheet);
    let q8 = q(&r, "Q8");
    assert_eq!(q8.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("8"), "{}", dump(&r));
    let text = q8.answer.as_deref().unwrap_or("");
    assert!(text.contains("Tx2's UPDATE") && !text.contains('\\'), "{text}");
    assert!(q(&r, "Q10").evidence.iter().any(|e| e.criterion == "skip-locked"), "{}", dump(&r));
}

/// A chat export in JSON: a message's text is an array of runs (bare strings and
/// `{"type": "code", "text": ...}`), each message names its question ("Q10 All 50 ..."), and
/// `text_entities` repeats the text, read once.
#[test]
fn a_chat_export_in_json_is_read_message_by_message() {
    let set = set();
    let sheet = "```json\n{\n \"messages\": [\n  {\n   \"from\": \"candidate\",\n   \"text\": [\n    \"Q10 All 50 workers run the same query so they all pick the same first pending row; 49 wait on its lock. Add SKIP LOCKED:\\n\",\n    {\"type\": \"pre\", \"text\": \"SELECT * FROM jobs WHERE status = 'pending' LIMIT 1 FOR UPDATE SKIP LOCKED;\", \"language\": \"sql\"},\n    \"\\nEach worker skips rows locked by others and takes the next one.\"\n   ],\n   \"text_entities\": [\n    {\"type\": \"plain\", \"text\": \"Q10 All 50 workers run the same query so they all pick the same first pending row; 49 wait on its lock. Add SKIP LOCKED:\\n\"},\n    {\"type\": \"plain\", \"text\": \"\\nEach worker skips rows locked by others and takes the next one.\"}\n   ]\n  }\n ]\n}\n```\n";
    let r = grade_md(&set, sheet);
    let q10 = q(&r, "Q10");
    assert!(q10.evidence.iter().any(|e| e.criterion == "same-row-contention"), "{}", dump(&r));
    assert!(q10.evidence.iter().any(|e| e.criterion == "how-it-helps"), "{}", dump(&r));
    assert!(r.warnings.iter().all(|w| !w.contains("places")), "{:?}", r.warnings);
}

/// An answer typed in a fence under header fields (`HTTP/1.1 200 OK`, `X-Topic: ...`): the
/// headers are an envelope, and the lines under them are prose, one statement a line.
#[test]
fn prose_in_a_fence_under_header_fields() {
    let set = set();
    let sheet = "### Answer Q7\n\n```\nHTTP/1.1 200 OK\nX-Topic: composite index\n\nB. Sorted by last_name then age: one seek to ('Smith', 25), one contiguous leaf range.\nA leads with a range (age > 25): scans most of the index, last_name is only a filter.\n```\n";
    let r = grade_md(&set, sheet);
    assert_eq!(q(&r, "Q7").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", dump(&r));
}

/// A caption file of a recorded walkthrough: cue numbers and timings are not words, and a
/// sentence runs on across cues.
#[test]
fn a_caption_file_is_read_as_its_words() {
    let set = set();
    let sheet = "```srt\n60\n00:04:57,000 --> 00:05:00,000\nQUESTION 9 - THE REPORT\n\n61\n00:05:00,000 --> 00:05:05,500\nOf the three: FOR SHARE, inside the\nreport's transaction.\n\n62\n00:05:05,500 --> 00:05:11,000\nRow share locks make UPDATE and DELETE on the rows\nread wait till commit.\n\n63\n00:05:11,000 --> 00:05:16,000\nFOR UPDATE is stronger than needed: it also blocks\nforeign-key checks from child inserts.\n\n64\n00:05:16,000 --> 00:05:21,800\nLOCK TABLE in any mode that stops UPDATE stops INSERT\ntoo - both take ROW EXCLUSIVE.\n\n65\n00:05:21,800 --> 00:05:26,000\nQUESTION 10 - THE QUEUE\n\n66\n00:05:26,000 --> 00:05:31,000\nAll 50 workers lock the same first row. Add SKIP LOCKED\nso each worker skips locked rows.\n```\n";
    let r = grade_md(&set, sheet);
    assert_eq!(q(&r, "Q9").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("for-share"), "{}", dump(&r));
    assert!(q(&r, "Q9").evidence.iter().any(|e| e.criterion == "share-semantics"), "{}", dump(&r));
    assert!(q(&r, "Q10").evidence.iter().any(|e| e.criterion == "skip-locked"), "{}", dump(&r));
}

/// A call transcribed in speaker turns: the interviewer reads each question (with every
/// option in it) and the candidate answers; the reading names the question, the answer is the
/// candidate's turn alone.
#[test]
fn a_transcribed_call_is_read_by_its_speakers() {
    let set = set();
    let sheet = "**Speaker 1** 8:02\nSeven. Index A, age then last_name, or B, last_name then age?\n\n**Speaker 2** 8:15\nB. Equality first: all the Smiths sit together sorted by age, so the scan starts at Smith, 25 and reads only matches.\n\n**Speaker 1** 9:40\nQuestion eight. Two transactions each take one from a stock of ten. Eight or nine?\n\n**Speaker 2** 9:52\nEight. The second UPDATE waits on the first one's row lock, then re-reads the committed row.\n\n**Speaker 1** 10:30\nNine. A thirty-second report: FOR UPDATE, FOR SHARE, or LOCK TABLE?\n\n**Speaker 2** 10:41\nSorry, I'd rather skip that one.\n\n**Speaker 1** 11:05\nLast one. Fifty workers freeze on the job queue, why, and which two words fix it?\n\n**Speaker 2** 11:20\nThey all lock the same first row; add SKIP LOCKED so each worker skips locked rows.\n";
    let r = grade_md(&set, sheet);
    assert_eq!(q(&r, "Q7").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", dump(&r));
    assert_eq!(q(&r, "Q8").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("8"), "{}", dump(&r));
    // The interviewer's reading names every option of Q9; the candidate chose none.
    assert_eq!(q(&r, "Q9").choice.as_ref().and_then(|c| c.chosen.as_deref()), None, "{}", dump(&r));
    assert!(q(&r, "Q10").evidence.iter().any(|e| e.criterion == "skip-locked"), "{}", dump(&r));
}

/// Answers of a few words that each earn nothing, on four questions or more, are flagged: a
/// table of titles may have been read for the answers, and its zeros are a guess.
#[test]
fn many_title_like_zero_answers_are_flagged() {
    let set = set();
    let sheet = "| Line | Item | Status |\n|---|---|---|\n| Q1 | Memory retention | Delivered |\n| Q2 | Channel under load | Delivered |\n| Q3 | Escape analysis | Delivered |\n| Q4 | Consistent hashing | Delivered |\n| Q5 | Rate limiter | Delivered |\n";
    let r = grade_md(&set, sheet);
    for id in ["Q1", "Q2", "Q3", "Q4", "Q5"] {
        let a = q(&r, id);
        assert!(a.needs_review && a.review_reason.as_deref().unwrap_or("").contains("titles"), "{}", dump(&r));
    }
    // One short wrong answer among real ones is just a short wrong answer.
    let r = grade_md(&set, "## Q3\nStack.\n\n## Q8\n8: Tx2 waits on the row lock, then re-reads the committed row.\n");
    assert!(!q(&r, "Q3").review_reason.as_deref().unwrap_or("").contains("titles"), "{}", dump(&r));
}

/// A bold label that ends by naming its question (`**Result comment Q4:**`) opens that
/// question's answer, not more of the answer before it.
#[test]
fn a_bold_label_ending_in_the_question_opens_its_answer() {
    let set = set();
    let sheet = "```\n TEST                 RESULT\n Q8 Final stock        9\n Q9 Lock mode          SHARE\n```\n**Result comment Q8:** 8. Tx2's UPDATE waits on Tx1's row lock, then re-reads the committed row and writes 8.\n\n**Result comment Q9:** FOR SHARE: it blocks updates of the rows read and lets inserts through.\n\n```\n TEST                 RESULT\n Q10 Throughput       DEADLOCK\n```\n**Result comment Q10:** All 50 workers lock the same first row; add SKIP LOCKED so each worker skips locked rows.\n";
    let r = grade_md(&set, sheet);
    assert_eq!(q(&r, "Q8").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("8"), "{}", dump(&r));
    assert!(q(&r, "Q10").evidence.iter().any(|e| e.criterion == "skip-locked"), "{}", dump(&r));
    assert!(!q(&r, "Q8").evidence.iter().any(|e| e.quote.contains("SKIP")), "{}", dump(&r));
    // An invoice: a table of line items, then `**LINE Q8. Title.**` over each delivered answer.
    let sheet = "| Line | Item | Status |\n|---|---|---|\n| Q8 | Concurrent decrement | Delivered |\n| Q10 | Job queue | Delivered |\n\n**LINE Q8. Concurrent decrement.**\n8. Tx2's UPDATE waits on Tx1's row lock, then re-reads the committed row and writes 8.\n\n**LINE Q10. Job queue.**\nAll 50 workers lock the same first row; add SKIP LOCKED so each worker skips locked rows.\n";
    let r = grade_md(&set, sheet);
    assert_eq!(q(&r, "Q8").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("8"), "{}", dump(&r));
    assert!(q(&r, "Q10").evidence.iter().any(|e| e.criterion == "skip-locked"), "{}", dump(&r));
}

/// An e-reader's clippings file: each note ends with a line of `=`, a separator, not the
/// underline that makes the answer above it a heading.
#[test]
fn notes_between_lines_of_equals_signs_are_answers() {
    let set = set();
    let sheet = "Assessment\n- Your Note on page 1 | Location 17\n\nQ8. The final stock is 8: Tx2's UPDATE waits on Tx1's row lock, then re-reads the committed row and writes 8.\n==========\nAssessment\n- Your Note on page 2 | Location 20\n\nQ10. All 50 workers lock the same first row, so add SKIP LOCKED and each worker skips locked rows.\n==========\n";
    let r = grade_md(&set, sheet);
    assert_eq!(q(&r, "Q8").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("8"), "{}", dump(&r));
    assert!(q(&r, "Q10").evidence.iter().any(|e| e.criterion == "skip-locked"), "{}", dump(&r));
}

/// A log kept over several sittings: a time stamp line starts a sitting, and `Q8 again - ...`
/// answers a question a second time, replacing the first answer.
#[test]
fn a_question_answered_again_in_a_later_sitting() {
    let set = set();
    let sheet = ".LOG\n\n21:06 02/12/2024\nQ8 - 9. both of them read 10 so both write 9.\n\nQ10 - SKIP LOCKED, each worker skips the locked rows.\n\n20:55 03/12/2024\nQ8 again - changed my mind. I tried it in two psql windows: the second UPDATE waited for the first one's row lock, then subtracted from the new value, so the stock is 8.\n\nQ10 (revised): all 50 workers wait on the same first row's lock; SKIP LOCKED lets each take the next free row.\n";
    let r = grade_md(&set, sheet);
    let q8 = q(&r, "Q8");
    assert_eq!(q8.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("8"), "{}", dump(&r));
    assert!(q8.misconceptions.is_empty(), "{}", dump(&r));
    assert!(q(&r, "Q10").evidence.iter().any(|e| e.criterion == "same-row-contention"), "{}", dump(&r));
    // Nothing of the second sitting belongs to the answer before it.
    assert!(!q(&r, "Q10").evidence.iter().any(|e| e.quote.contains("psql")), "{}", dump(&r));
}

/// Answers drawn in boxes (a card per answer, `Call no. DS.5` on it: a number, not the answer
/// "no") and a filled-in form (dotted leaders, tick boxes, values wrapped onto indented lines,
/// a label laying out the options before the one ticked) are read as the text and the ticks
/// they hold.
#[test]
fn boxed_cards_and_filled_in_forms() {
    let set = set();
    let cards = "```\n┌──────────────────────────────────────┐\n│ Q5        Call no. DS.5              │\n├──────────────────────────────────────┤\n│ Yes, it lets them all through: 100   │\n│ at 12:00:59 and 100 at 12:01:01, 200 │\n│ in two seconds, twice the limit.     │\n└──────────────────────────────────────┘\n\n┌──────────────────────────────────────┐\n│ Q10       Call no. DB.10             │\n├──────────────────────────────────────┤\n│ All 50 workers lock the same first   │\n│ row. Add SKIP LOCKED so each worker  │\n│ skips locked rows and takes the next │\n│ one.                                 │\n└──────────────────────────────────────┘\n```\n";
    let r = grade_md(&set, cards);
    assert_eq!(q(&r, "Q5").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("yes"), "{}", dump(&r));
    assert!(q(&r, "Q5").evidence.iter().any(|e| e.criterion == "boundary-burst"), "{}", dump(&r));
    assert!(q(&r, "Q10").evidence.iter().any(|e| e.criterion == "skip-locked"), "{}", dump(&r));
    let form = "```\nLine 3  (Q3)  Stack or heap ........... [ ] stack   [X] heap\n        Reason ........................ the goroutine can still run after\n                                        the function returns\n\nLine 8  (Q8)  Final stock ............. [X] 8   [ ] 9\n        Locking ....................... Tx2 waits on the row lock\n```\n";
    let r = grade_md(&set, form);
    assert_eq!(q(&r, "Q3").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", dump(&r));
    assert_eq!(q(&r, "Q8").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("8"), "{}", dump(&r));
    assert!(q(&r, "Q8").evidence.iter().any(|e| e.criterion == "row-lock-wait"), "{}", dump(&r));
}

/// An option right after a short label ("FULL TIME: B, ...") is the pick, over sentences that
/// describe each option in turn ("A has ...", "B has ...").
#[test]
fn an_option_picked_after_a_short_label() {
    let set = set();
    let r = one(
        &set,
        "Q7",
        "A has the range column first: age > 25 selects a wide band and the Smiths are spread through it.\nB has the equality column first: all Smith entries are adjacent and sorted by age.\nFULL TIME: B, equality first, range last.",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", r.summary);
    // Each option described in a sentence it leads, then the pick, said as loudly.
    let r = one(
        &set,
        "Q7",
        "Candidate moves\nA `?` — the B-tree is ordered by age first, so the scan reads every entry past 25.\nThe Smiths are scattered across all those ages.\nB `!` — ordered by last_name, then age: one contiguous run of Smith entries.\nPlayed: B. Equality columns first, range column last.",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", r.summary);
    // The option that opens the answer stays the pick when the others are described after it.
    let r = one(
        &set,
        "Q9",
        "FOR SHARE. Rows read cannot be updated until the report commits; inserts go on.\nFOR UPDATE takes an exclusive row lock, more than needed.\nLOCK TABLE in SHARE mode blocks INSERT, since INSERT takes ROW EXCLUSIVE.",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("for-share"), "{}", r.summary);
}

/// Labelled alternatives ("Variant A: ... Variant B: ...") with no pick among them are a hedge,
/// however right one of them is; a sentence that settles on one is a commitment.
#[test]
fn labelled_alternatives_without_a_pick_are_a_hedge() {
    let set = set();
    let r = one(
        &set,
        "Q1",
        "Variant A: data[:100] still points into the big 1 GB array, so the array cannot be collected; fix by copying the 100 bytes. Variant B: the garbage collector has not run yet; call runtime.GC(). Variant C: the file is never closed; add defer.",
    );
    assert!(r.score <= 4.0 && r.review_reason.as_deref().unwrap_or("").contains("hedges"), "{}", r.summary);
    let r = one(
        &set,
        "Q1",
        "Variant A: data[:100] still points into the big 1 GB array, so the array cannot be collected; fix by copying the 100 bytes. Variant B: the garbage collector has not run yet. I'd go with A: B only delays the same leak.",
    );
    assert!(r.score >= 6.0, "{}", r.summary);
}

/// Notes written into the copied question (`[→ SKIP LOCKED ...]`) are the answer when the
/// answer below only points back to them; the question's own brackets (`data[:100]`) are not.
#[test]
fn notes_inside_the_copied_question_are_read() {
    let set = set();
    let md = "### Q1. The \"Memory Leak\"\n\nWe read a 1 GB file and keep `data[:100]` in a map. [→ the small slice keeps the whole 1 GB backing array alive; copy the 100 bytes into a new slice]\n\n#### Answer Q1\n\n(see my note in the question above)\n";
    let r = grade_md(&set, md);
    assert!(q(&r, "Q1").score >= 5.0, "{}", dump(&r));
    let md = "### Q1. The \"Memory Leak\"\n\nWe read a 1 GB file and keep `data[:100]` in a map.\n\n#### Answer Q1\n\n(see above)\n";
    let r = grade_md(&set, md);
    assert!(q(&r, "Q1").score == 0.0, "{}", dump(&r));
}

/// A Word paste whose UTF-8 went through Windows-1252 (`no â€“ only`) reads as the text it
/// was, and an option set off with a bare "no" ("dropped (no – only with select/default)") is
/// refused, not claimed.
#[test]
fn garbled_dashes_are_repaired_and_a_bare_no_refuses() {
    let set = set();
    let text = "Options I considered: the send panics (no â€“ thatâ€™s only on a closed channel), the event is dropped (no â€“ only with select/default), or the send blocks. Consumers do 100/s and the producer 1000/s, so the 100 slots fill in about 0.11 s; add consumers.";
    let r = grade_md(&set, &format!("## Q2\n{text}\n"));
    let answer = q(&r, "Q2").answer.clone().unwrap_or_default();
    assert!(answer.contains("that’s only"), "{answer}");
    assert!(q(&r, "Q2").misconceptions.is_empty() && q(&r, "Q2").score >= 6.0, "{}", dump(&r));
    // A real accent stays as written.
    let r = grade_md(&set, "## Q2\nThe café's producer blocks — naïve but right.\n");
    let answer = q(&r, "Q2").answer.clone().unwrap_or_default();
    assert!(answer.contains("café") && answer.contains("naïve"), "{answer}");
}

/// A sheet kept as a SQL script: the `--` comments are the answer's text, the statements code,
/// and a session walked through in comments is not a list of keywords.
#[test]
fn a_sql_script_is_read_by_its_comments() {
    let set = set();
    let md = "```sql\n-- -----------------\n-- Answer Q7  (index)\n-- -----------------\n-- B (last_name, age). Equality column first, range last.\nCREATE INDEX ON users (last_name, age);\n\n-- -----------------\n-- Answer Q8  (concurrent decrement)\n-- -----------------\n-- Final stock = 8. Two sessions:\n--   S1: BEGIN; UPDATE products SET stock = stock - 1 WHERE id = 1;  -- row lock taken, new version 9 (uncommitted)\n--   S2: BEGIN; UPDATE products SET stock = stock - 1 WHERE id = 1;  -- waits on S1's transaction lock\n--   S1: COMMIT;\n--   S2: (wakes) re-fetches the latest committed version (stock=9),\n--       re-checks WHERE id = 1 against it, applies stock - 1 -> 8\n--   S2: COMMIT;\n-- In READ COMMITTED an UPDATE that finds its target row being changed waits\n-- for the other writer and then works on the updated row, so the read-modify-write\n-- inside one statement can't lose an update.\n\n-- -----------------\n-- Answer Q9  (report lock)\n-- -----------------\n-- FOR SHARE.\n```\n";
    let r = grade_md(&set, md);
    assert!(q(&r, "Q8").score >= 7.0, "{}", dump(&r));
    assert_eq!(q(&r, "Q7").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", dump(&r));
}

/// A sheet written as SQL inserting one row per question: each row is that question's answer,
/// its strings the text (`''` a quote), `NULL` nothing, the table's definition no answer.
#[test]
fn sql_insert_rows_are_answers() {
    let set = set();
    let md = "```sql\n-- answers.sql\nCREATE TABLE answers (q int PRIMARY KEY, what text, why text);\n\nINSERT INTO answers (q, what, why) VALUES\n(2,\n 'producer is BLOCKED on send. in = 1000/s, out = 1/10ms = 100/s, so +900/s, 100 slot full after ~0.11s',\n 'nothing dropped; add 15 consumer goroutines and a durable queue (kafka) for bursts'),\n(3, NULL, NULL),   -- skip\n(7,\n 'B (last_name, age)',\n 'equality column first, range last: all Smith entries are together, sorted by age. A''s leading range scans every age > 25');\n```\n";
    let r = grade_md(&set, md);
    assert!(q(&r, "Q2").score >= 8.0, "{}", dump(&r));
    assert_eq!(q(&r, "Q7").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", dump(&r));
    assert_eq!(q(&r, "Q3").score, 0.0, "{}", dump(&r));
    // Free text dollar-quoted so nothing needs escaping, over several lines, with apostrophes
    // inside that must not open a string.
    let text = "INSERT INTO answers (q, topic, answer) VALUES\n(1, 'leak', $a$\nthe sub-slice's array stays; copy it.\n$a$),\n(2, 'channel', $a$\nthe consumer's pace: 100/s.\n$a$),\n(3, 'escape', $$heap: it can't stay$$);\n";
    let rows = crate::written::sheet::sql_rows_as_sheet(text).unwrap();
    assert!(rows.contains("**Q2:** channel.\nthe consumer's pace: 100/s."), "{rows}");
    assert!(rows.contains("**Q3:** escape. heap: it can't stay."), "{rows}");
}

/// A quiz sheet of bold numbered titles with the answer on the next line (`**4. Consistent
/// hashing**`), where some titles match the question's own and some do not, and one answer
/// numbers its own points `1.` to `3.`: every title opens its question, the points stay inside.
#[test]
fn bold_numbered_titles_with_the_answer_beneath_open_their_questions() {
    let set = set();
    let mut md = String::from("QUIZ ANSWER SHEET\n\n");
    let titles = [
        "Memory leak",
        "Slow channel",
        "Escape analysis",
        "Consistent hashing, B crashes",
        "Fixed window",
        "OFFSET",
        "Index order",
        "Two decrements",
        "Report",
        "Job queue",
    ];
    for (i, t) in titles.iter().enumerate() {
        let body = match i + 1 {
            3 => "Heap. The goroutine can outlive Process, so r escapes to the heap.".to_string(),
            4 => "1. B's users go to the next node clockwise on the ring.\n2. A's users are untouched, they stay on A.\n3. % 3 -> % 2 moves about 2/3 of all users.".to_string(),
            _ => "Not sure about this one.".to_string(),
        };
        md.push_str(&format!("**{}. {t}**\n{body}\n\n", i + 1));
    }
    let r = grade_md(&set, &md);
    assert!(r.incomplete.is_none(), "{}", dump(&r));
    assert_eq!(q(&r, "Q3").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", dump(&r));
    assert!(q(&r, "Q4").score >= 9.0, "{}", dump(&r));
    assert!(q(&r, "Q1").score == 0.0, "{}", dump(&r));
}

/// A LaTeX document: `\\section*{Answer 3}` opens an answer, `\\texttt{r}` is code in the text,
/// the preamble and environments are no answer.
#[test]
fn a_latex_sheet_is_read_by_its_sections() {
    let set = set();
    let r = grade_md(&set, "\\documentclass{article}\n\\begin{document}\n\\section*{Answer 1}\n\\texttt{data[:100]} keeps the whole 1GB array alive, the slice points into it. Fix: copy the 100 bytes into a new slice.\n\\section*{Answer 2}\nThe producer blocks on send once the 100 slots fill after 0.11s and runs at 100/s. Fix: 15 consumers and Kafka for bursts.\n\\section*{Answer 3}\nHeap: the goroutine can outlive \\texttt{Process}, so \\texttt{r} escapes; \\texttt{go build -gcflags=-m} shows it.\n\\section*{Answer 7}\nB (last\\_name, age): equality first, then the range on age.\n\\end{document}\n");
    assert!(q(&r, "Q1").score >= 5.0, "{}", dump(&r));
    assert_eq!(q(&r, "Q3").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", dump(&r));
    assert_eq!(q(&r, "Q7").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", dump(&r));
}

/// A sheet saved as a Python file: `# Q1: ...` comments are the answers' text, not headings,
/// and an answer's comment continued on the next line stays in it.
#[test]
fn a_source_file_sheet_is_read_by_its_comments() {
    let set = set();
    let r = grade_md(&set, "# answers.py\n# Q1: data[:100] keeps the whole 1GB array alive, the slice points into it.\n#     fix: copy the 100 bytes into a new slice\nANSWER_1 = \"copy\"\n# Q2: producer blocks on send once the 100 slots fill after 0.11s, runs at 100/s.\n#     fix: 15 consumers + kafka for bursts\n# Q3: heap, the goroutine can outlive Process so r escapes; go build -gcflags=-m shows it\nANSWER_3 = \"heap\"\n# Q7: B (last_name, age): equality first then the range on age\nANSWER_7 = \"B\"\n");
    assert!(q(&r, "Q1").score >= 5.0, "{}", dump(&r));
    assert!(q(&r, "Q2").score >= 8.0, "{}", dump(&r));
    assert_eq!(q(&r, "Q7").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", dump(&r));
}

/// An HTML ordered list (`<ol><li>...</li></ol>`, pasted from a web form) numbers its answers as
/// a Markdown `1.` list does.
#[test]
fn an_html_ordered_list_numbers_the_answers() {
    let set = set();
    let r = grade_md(&set, "<ol>\n<li>data[:100] keeps the whole 1GB array alive, the slice points into it. fix: copy the 100 bytes into a new slice.</li>\n<li>skip</li>\n<li>Heap, the goroutine can outlive Process so r escapes; go build -gcflags=-m shows it.</li>\n<li>skip</li><li>skip</li><li>skip</li>\n<li>B (last_name, age): equality first then the range on age.</li>\n<li>skip</li><li>skip</li><li>skip</li>\n</ol>\n");
    assert!(q(&r, "Q1").score >= 5.0, "{}", dump(&r));
    assert_eq!(q(&r, "Q3").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", dump(&r));
    assert_eq!(q(&r, "Q7").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", dump(&r));
}

/// A glossary of entries in alphabetical order (a held-out sheet, studied after its grading),
/// each headword tagged with the question it
/// answers at the end of its line (`**escape** *v.* (of a variable, in Go) [answers **Q3**]`).
#[test]
fn an_entry_tagged_with_its_question_at_the_end_of_the_line_opens_it() {
    let set = set();
    let r = grade_answers(&set, &answers_dir().join("blind41-holdout/a01.md"), None).unwrap();
    assert!(r.incomplete.is_none(), "{}", dump(&r));
    assert_eq!(q(&r, "Q3").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", dump(&r));
}

/// A thread of replies whose subjects count the questions in a tag (`Subject: Re: [ASSESSMENT
/// 04/10] The Load Balancer Logic`, a held-out sheet studied after its grading).
#[test]
fn a_count_in_a_subject_tag_opens_its_answer() {
    let set = set();
    let r = grade_answers(&set, &answers_dir().join("blind43-holdout/a04.md"), None).unwrap();
    assert!(r.incomplete.is_none(), "{}", dump(&r));
    assert!(q(&r, "Q10").score >= 8.0, "{}", dump(&r));
}

/// A chat app's CSV export: each row's message is a paragraph, so `"Q1 - ..."` opens an answer;
/// the date, time, sender and phone columns are not answer text. Lines of prose with a comma
/// each are no table.
#[test]
fn a_csv_chat_export_is_read_row_by_row() {
    let set = set();
    let md = "Chat export\n\nDate,Time,Sender Name,Sender Phone Number,Message\n01/03/2024,12:01,Recruiter,+359 88 412 7730,\"Q1 to Q10 please, short is fine\"\n01/03/2024,12:06,Cand,+359 87 905 2214,\"Q1 - data[:100] keeps the whole 1GB array alive, the slice points into it. fix: copy() the 100 bytes into a new slice\"\n01/03/2024,12:09,Cand,+359 87 905 2214,\"Q7 - B (last_name, age): equality first, then the range on age\"\n01/03/2024,12:11,Cand,+359 87 905 2214,\"Q8 - 8. the update locks the row, the second waits, then sees 9\"\n";
    let r = grade_md(&set, md);
    assert!(q(&r, "Q1").score >= 5.0, "{}", dump(&r));
    assert_eq!(q(&r, "Q7").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", dump(&r));
    assert!(!q(&r, "Q1").answer.clone().unwrap_or_default().contains("12:06"), "{}", dump(&r));
    let prose = "## Q1\nThe slice keeps the array, so copy it.\nIt is small, but it pins 1GB.\nCopy, then return.\nDone, I think.\n";
    assert_eq!(crate::written::sheet::csv_as_text(prose), None);
}

/// A first reading, why it fails, then the adjusted one ("Readings. ... 9. Misclosure. .
/// Adjusted. 8."): the option after the revision label is the answer, not a second final one.
#[test]
fn the_option_after_a_revision_label_is_the_answer() {
    let set = set();
    let r = one(
        &set,
        "Q8",
        "Readings. I first booked 9: both start from 10 and both write 9.\nMisclosure. That needs each to read first and write a fixed value back.\nAdjusted. 8. Tx2 waits for Tx1's row lock, then re-reads the committed 9 and writes 8.",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("8"), "{}", r.summary);
}

/// A first reading with a slip, then a revised one that names the slip: the slip is taken
/// back, not held against the answer.
#[test]
fn a_misconception_taken_back_by_a_revision_does_not_cap() {
    let set = set();
    let r = one(
        &set,
        "Q5",
        "Interpretation (on site). Yes, allowed; use a token bucket refilled with 100 tokens every minute.\nRevised interpretation (post-ex). That token bucket is a fixed window in disguise: a full refill at the boundary lets 200 through in 2 seconds.\nYes it is allowed and a problem: 12:00:59 and 12:01:01 land in two keys. Fix: a token bucket with continuous refill of 100/60 tokens per second, so at 12:01:01 only about 3 tokens are back.",
    );
    assert!(r.misconceptions.is_empty(), "{}", r.summary);
}

/// The proposed fix at work ("sliding window counter ... so the second burst is rejected") is
/// not the answer "no" about the fixed window: the option's `says-unless` covers the paragraph.
#[test]
fn the_fix_at_work_is_not_the_answer_no() {
    let set = set();
    let r = one(
        &set,
        "Q5",
        "| Nominated fix | Stage 1 | Stage 2 |\n|---|---|---|\n| Smaller fixed window | excluded: same edge burst | – |\n| Sliding window counter | continuing | **elected** |\n\nDiagnosis: yes, fixed window allows it. 12:00:59 counts in the 12:00 key, 12:01:01 in a new key, so 200 pass within 2 seconds. Yes it is a problem.\n\n**DECLARATION: sliding window counter.** Keep the current and previous minute's counters. At 12:01:01 that is 0 + 100 × (1 − 1/60) ≈ 98, so almost all of the second burst is rejected.",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("yes"), "{}", r.summary);
}

/// An alternative listed with why it is refused and the verdict last ("select with default and
/// drop — loses data, rejected.") is no claim of the candidate's: its slip does not cap.
#[test]
fn an_alternative_refused_with_the_verdict_last_is_no_claim() {
    let set = set();
    let r = one(
        &set,
        "Q2",
        "100/s consumer, 1000/s producer, so the 100 slots are full after about 0.1 s; then each send blocks and the producer runs at 100/s. Nothing dropped, just blocked.\nAlternatives: select with default and drop — loses data, rejected.\nFinal: 10 consumer goroutines on the same channel plus a buffer for bursts.",
    );
    assert!(r.misconceptions.is_empty(), "{}", r.summary);
}

/// "The producer either blocks or the events back up, depending on how the send is written":
/// two outcomes and no choice between them is a hedge, whatever else the answer lists.
#[test]
fn either_or_depending_on_is_a_hedge() {
    let set = set();
    let r = one(
        &set,
        "Q2",
        "Larger buffer. More consumer goroutines. External queue (Kafka) for bursts.\nAfter the buffer fills, the producer either blocks or the events back up, depending on how the send is written. Consumer handles ~100/s vs 1000/s produced.",
    );
    assert!(r.score <= 4.0, "{}", r.summary);
}

/// A sheet filled in as a form (`| Field | Value |` rows): the values are the candidate's own
/// statements, so a slip in one counts as it would in prose; a comparison table's would not.
#[test]
fn a_field_value_table_is_read_as_statements() {
    let set = set();
    let form = "## Q1\n\n| Field | Value |\n|---|---|\n| Owner | backend-guild |\n| Tier | 🥇 Gold |\n| Upstream | `os.ReadFile(\"large_file.txt\")`, 1 GB `[]byte` |\n| Downstream | `Result.Summary` |\n| Description | `string(data[:100])` is a zero-copy conversion: Go builds the string header (pointer + len) over the same bytes, like a Spark projection that still references the parent RDD's partitions. So `Summary` holds a pointer into the 1 GB array and the lineage back to the full buffer is never cut. |\n| Known issues | The buffer stays reachable for as long as the Result lives. |\n| Certified answer | Break the lineage before returning: `data = nil` and then `runtime.GC()` so the collector frees the buffer immediately. |\n";
    let r = grade_md(&set, form);
    assert!(q(&r, "Q1").misconceptions.iter().any(|m| m.id == "nil-fix"), "{}", dump(&r));
    assert!(q(&r, "Q1").score <= 3.0, "{}", dump(&r));
}

/// `% 3 → % 2` in code is the modulus changing, not "3%" of anything: it states no share.
#[test]
fn a_modulus_is_no_percentage() {
    let set = set();
    let r = one(
        &set,
        "Q4",
        "B's users go clockwise to C; A's stay. Right panel: chaos, dots everywhere, labelled `% 3 → % 2`.",
    );
    assert!(r.misconceptions.is_empty(), "{}", r.summary);
}

/// An earnings call's asker (`ANALYST (Morgan): How did you validate what it produced?`) is
/// not the candidate: the question's words earn nothing.
#[test]
fn an_analyst_with_a_name_is_an_asker() {
    let text = "ANALYST (Morgan): How did you validate what it produced?\nCANDIDATE: It helped a lot.\nANALYST (Lee): And the cost?\nCANDIDATE: Lower.\n";
    let out = crate::written::sheet::interviewer_questions_dropped(text).unwrap_or_default();
    assert!(!out.contains("validate") && out.contains("It helped a lot."), "{out}");
}

/// Options weighed before the answer are no claims of the candidate's: one put as a question
/// and turned down ("Server-side cursor? ... Not for a dashboard."), a differential with its
/// verdict next ("Send on full channel panics. Ruled out: ..."), and a lettered list of entries.
#[test]
fn options_weighed_and_turned_down_are_no_claims() {
    let set = set();
    let r = one(
        &set,
        "Q6",
        "Server-side cursor? Holds a transaction per user session. Not for a dashboard.\nThe engine walks 500,010 rows and discards 500,000. Fix: keyset pagination, WHERE (created_at, id) > ($1, $2) ORDER BY created_at, id LIMIT 10 on an index (created_at, id).",
    );
    assert!(r.misconceptions.is_empty(), "{}", r.summary);
    let r = one(
        &set,
        "Q2",
        "1. Producer blocks once the buffer is full.\n2. Sends are dropped when full.\n3. Send on full channel panics. *Ruled out:* only a send on a closed channel does that.\nConsumer 100/s, producer 1000/s, full after 0.11 s; from then the producer blocks at 100/s. Fix: 15 consumers and Kafka for bursts.",
    );
    assert!(r.misconceptions.iter().all(|m| m.id != "panic-or-deadlock"), "{}", r.summary);
    let r = one(
        &set,
        "Q2",
        "**Entries:** (a) events are dropped when the buffer is full; (b) the program panics; (c) the producer blocks.\nA send on a full channel waits: after 0.11 s the producer blocks and runs at 100/s. (c). Fix: 15 consumers and Kafka for bursts.",
    );
    assert!(r.misconceptions.is_empty(), "{}", r.summary);
}

/// An option named, then refused at the end of the next sentence ("A server-side cursor. Holds
/// a transaction open per dashboard user — no."), is no claim; "I would not commit to one
/// without testing" puts the pick off; "CALL: FOR SHARE" is the call made.
#[test]
fn refusals_deferrals_and_calls() {
    let set = set();
    let r = one(
        &set,
        "Q6",
        "A server-side cursor. Holds a transaction open per dashboard user — no.\nThe engine walks 500,010 rows and discards 500,000. Keyset: WHERE (created_at, id) > ($1, $2) ORDER BY created_at, id LIMIT 10 on an index (created_at, id).",
    );
    assert!(r.misconceptions.is_empty(), "{}", r.summary);
    let r = one(
        &set,
        "Q9",
        "**Response.** `FOR SHARE` appears to meet both constraints: it prevents modification of the rows read without blocking inserts. `FOR UPDATE` would also prevent modification and is the safer choice if there's any doubt about what `FOR SHARE` permits. `LOCK TABLE` in some modes permits concurrent inserts while blocking updates, so it may also be viable, and it avoids locking millions of rows individually.\n\n**Threats to validity.** I haven't verified the lock conflict matrix for each `LOCK TABLE` mode, and lock behaviour under foreign keys is subtle.\n\n**Position.** I would not commit to one without testing the three against concurrent inserts in a staging database.",
    );
    assert!(r.score <= 4.0, "{}", r.summary);
    let r = one(&set, "Q9", "LOCK TABLE blocks the inserts. FOR UPDATE is stronger than needed.\nCALL: FOR SHARE, a shared lock on the rows the report reads; inserts go on.");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("for-share"), "{}", r.summary);
}

/// Alternatives listed after a label before the pick ("I thought about: smaller windows (still
/// the same problem at each border), token bucket ...", "Options put to the jury: producer
/// drops / producer blocks / panic.") are weighed, not claimed.
#[test]
fn alternatives_listed_after_a_label_are_no_claims() {
    let set = set();
    let r = one(
        &set,
        "Q5",
        "Yes: 12:00:59 and 12:01:01 land in two counters, 200 in 2 seconds, twice the limit; a problem.\nI thought about: smaller windows (still same problem at each border, only smaller), token bucket (good but needs refill logic), sliding window counter.\nSo: sliding window counter, current + previous × (1 − elapsed/60), in one Lua script.",
    );
    assert!(r.misconceptions.is_empty(), "{}", r.summary);
    let r = one(
        &set,
        "Q2",
        "Options put to the jury: producer drops / producer blocks / channel grows / panic.\nThe buffer fills in 0.11 s, then every send blocks and the producer runs at 100/s; nothing is dropped. Fix: 15 consumers and Kafka for bursts.",
    );
    assert!(r.misconceptions.is_empty(), "{}", r.summary);
}

/// A quoted claim that uses an option's own phrasing ("it stays on the stack") is someone's
/// words, not the candidate's pick, however the option is said.
#[test]
fn a_quoted_claim_picks_no_option() {
    let set = set();
    let r = one(&set, "Q3", "Trouble: \"only a pointer, so it stays on the stack\".\nClub: heap.");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", r.summary);
    let r = one(&set, "Q3", "\"It stays on the stack\" is the usual guess.");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), None, "{}", r.summary);
}

/// Picks the held-out sets showed being lost in a tie: a quoted option ("'it's just a pointer,
/// it stays put' is the tempting note"), the option after an "Answer:" label in the sentence
/// that follows a retracted draft, and "goroutines have their own stacks" (a reason, not a pick).
#[test]
fn quotations_answer_labels_and_own_stacks_do_not_tie_the_pick() {
    let set = set();
    let r = one(
        &set,
        "Q3",
        "Nose: \"it's just a pointer, it stays put\" is the tempting note, and it's wrong.\nPalate: heap. The anonymous function captures r and runs in a goroutine that can outlive Process, so it escapes; go build -gcflags=-m will say so.",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", r.summary);
    let r = one(
        &set,
        "Q3",
        "    r: HEAP.\n    Why: closure captures r; goroutine may run after Process returns; compiler cannot prove lifetime.\n    Also: goroutines have their own stacks; no pointers into\n    another goroutine's stack allowed.",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", r.summary);
    let r = one(
        &set,
        "Q9",
        "First wrote LOCK TABLE orders IN SHARE MODE — deleted: SHARE conflicts with ROW EXCLUSIVE, which INSERT takes, so new orders would wait 30 s.\nAnswer: SELECT ... FOR SHARE. Rows read cannot be updated or deleted until the report transaction ends; inserts not affected.",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("for-share"), "{}", r.summary);
}

/// A conclusion's label ("**Conclusion.** Yes, ...") marks the answer over the worked example's
/// "100 allowed" and "the second batch is rejected"; a list thought aloud and then settled
/// ("... or maybe re-hashed ... Final answer.") is not a hedge.
#[test]
fn a_labelled_conclusion_and_a_settled_list_are_answers() {
    let set = set();
    let md = "\n## Q5\n\n**Assumptions.** Key per calendar minute; limit L = 100.\n\n**Calculation.**\n- Window 12:00: requests at 12:00:59 → counter 100 ≤ L → 100 allowed.\n- Window 12:01: new key → requests at 12:01:01 → counter 100 ≤ L → 100 allowed.\n- Requests in the 2-second span: 200 = 2L. Worst case for any 60 s sliding interval: 2L.\n- Sliding window counter at 12:01:01: weight of previous window = (60 − 1)/60 = 0.983.\n  Estimate = 100 + 100 × 0.983 = 198.3 > 100 → the second batch is rejected (after the first ~2).\n- Token bucket (capacity 100, refill 1.667/s): empty at 12:00:59, +3.3 tokens by 12:01:01 →\n  3 of the second batch allowed.\n\n**Conclusion.** Yes, the fixed window allows 200 in two seconds, double the intended rate at every\nboundary, and that's a problem for whatever the limit protects. Use a sliding window: either a\nsorted-set log (`ZREMRANGEBYSCORE`, `ZCARD`, `ZADD` in one Lua script), or the two-counter sliding\n\n## Q4\n\nSo B's users could go to C, or they could be spread across all the others, or maybe re-hashed from scratch... I think on the ring they go to the next one along. A's users stay where they are. With % 3 going to % 2 about two thirds of users move.\nB's users go to the next server on the ring, A's stay. Final answer.\n";
    let r = grade_md(&set, md);
    assert_eq!(q(&r, "Q5").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("yes"), "{}", dump(&r));
    assert!(!q(&r, "Q4").review_reason.as_deref().unwrap_or("").contains("hedges"), "{}", dump(&r));
    assert!(q(&r, "Q4").score >= 6.0, "{}", dump(&r));
}

/// A contraction typed without its apostrophe ("A's users dont move") is still a negation.
#[test]
fn contractions_without_apostrophes_negate() {
    let set = set();
    let r = one(
        &set,
        "Q4",
        "B's users go to the next server on the ring (clockwise), so C gets them.\nA's users dont move at all.\nwith hash%3 -> hash%2 about 2/3 of all users land on a different server.",
    );
    assert!(r.evidence.iter().any(|e| e.criterion == "a-unaffected"), "{}", r.summary);
    let r = one(&set, "Q3", "It cant stay on the stack: the goroutine outlives Process, so r escapes to the heap.");
    assert!(r.misconceptions.is_empty() && r.score >= 6.0, "{}", r.summary);
}

/// "e.g." ends no clause: in "[smaller window e.g. 10s ✗ — still same edge problem]" the cross
/// still rejects the smaller window.
#[test]
fn an_abbreviation_does_not_cut_a_rejection_off() {
    let set = set();
    let r = one(
        &set,
        "Q5",
        "yes allow, 200 in 2 seconds, because counter key reset at 12:01:00. is problem, 2x limit at boundary.\n[smaller window e.g. 10s ✗ — still same edge problem] [sliding log ZSET — exact but memory per request] [sliding window counter ✓]\n→ sliding window counter: count = curr + prev × (1 − elapsed/60s), do in Lua so atomic.",
    );
    assert!(r.misconceptions.is_empty() && r.score >= 8.0, "{}", r.summary);
}

/// Answers written as compiler diagnostics in a fence (`users.sql: note: choose B ...`): each
/// diagnostic is a statement, read without its location and severity.
#[test]
fn compiler_diagnostics_are_statements() {
    let set = set();
    let md = "#### Answer Q7\n\n```\nusers.sql: note: choose B (last_name, age)\nusers.sql: note: B-tree entries sorted by (last_name, age): equality prefix then range\n    -> one contiguous leaf range from ('Smith', 25) to the end of the Smiths\nusers.sql:3: warning: A (age, last_name) starts with a range; it scans every age > 25 entry\n    and filters last_name per entry\n```\n";
    let r = grade_md(&set, md);
    assert_eq!(q(&r, "Q7").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", dump(&r));
    assert!(q(&r, "Q7").score >= 8.0, "{}", dump(&r));
}

/// "With this, at 12:01:01 ... the second batch is rejected" describes the proposed fix, not
/// what the fixed window does: it does not tie the answer "yes".
#[test]
fn what_happens_under_the_fix_is_no_answer_to_what_happens_now() {
    let set = set();
    let r = one(
        &set,
        "Q5",
        "12:00:59 -> INCR rl:u1:1200 ... 100 (ok). 12:01:01 -> INCR rl:u1:1201 ... 100 (ok, fresh key) => 200 requests in 2 seconds, double the limit, right at the boundary.\nYes, a problem.\nfix: sliding-window log: ZREMRANGEBYSCORE older than 60 s, ZCARD, ZADD, atomic in one Lua script.\nWith this, at 12:01:01 the 100 entries from 12:00:59 are still inside the last 60 s, so the second batch is rejected.",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("yes"), "{}", r.summary);
}

/// Options listed and the pick put off ("then pick based on where the time goes", "Depends a lot
/// on the burst shape") is a hedge.
#[test]
fn options_then_pick_based_on_a_measurement_is_a_hedge() {
    let set = set();
    let r = one(
        &set,
        "Q6",
        "Could be several things: the sort on created_at, I/O from fetching 500k rows, or OFFSET having to skip and discard rows. Options:\nindex on created_at\nkeyset / seek pagination on the last seen created_at\ncaching page results\nFirst step is EXPLAIN (ANALYZE, BUFFERS) on a staging copy, then pick based on where the time goes.",
    );
    assert!(r.score <= 4.0 && r.review_reason.as_deref().unwrap_or("").contains("hedges"), "{}", r.summary);
    let r = one(
        &set,
        "Q2",
        "Depends a lot on the burst shape. With a plain send the producer will block once the buffer is full; with select and default it would drop instead. Options for bursts:\n\n- bigger buffer\n- more consumer goroutines\n- put Kafka in front",
    );
    assert!(r.score <= 4.0 && r.review_reason.as_deref().unwrap_or("").contains("hedges"), "{}", r.summary);
}

/// A guess put as a question and answered "No" is ruled out ("File not closed? No – ...", "so
/// is it 9? No, an UPDATE locks the row"), and "Going with:" labels the pick.
#[test]
fn a_question_answered_no_is_ruled_out_and_going_with_picks() {
    let set = set();
    let r = one(
        &set,
        "Q8",
        "ME: Both \"read\" 10, so is it 9? No, an UPDATE locks the row. Tx2 has to wait for Tx1 to commit, and then it works on the committed value, not its old one.\nME: FINAL ANSWER: 8. Tx1 locks the row, Tx2 waits on the row lock, after Tx1 commits Tx2 re-reads the row (9) and subtracts 1.",
    );
    assert!(r.misconceptions.is_empty() && r.score >= 8.0, "{}", r.summary);
    let r = one(
        &set,
        "Q3",
        "Options: stay on stack because pointer is just copied into the closure; or heap because goroutine can outlive the function.\nGoing with: heap. The closure captures r and the goroutine may still run after Process returned, so r escapes (visible with -gcflags=-m).",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", r.summary);
}

/// A debate's adjudication concludes it: "Adjudication. Opposition carries. 8, thanks to the row
/// lock" picks 8 over the proposition's 9.
#[test]
fn an_adjudication_concludes_a_debate() {
    let set = set();
    let r = one(
        &set,
        "Q8",
        "Proposition. Both read 10, both write 9. Lost update.\nOpposition. An UPDATE takes a row lock. Tx2 blocks on Tx1's lock. When Tx1 commits, Tx2 re-evaluates against the newest committed row version (9) and writes 8.\nAdjudication. Opposition carries. 8, thanks to the row lock plus Read Committed's re-check of the updated row.",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("8"), "{}", r.summary);
}

/// A status board or table of contents first (`| Q1 | THE MEMORY LEAK | DEPARTED |`), the
/// answers below under the same names: the answers start at the second naming.
#[test]
fn a_board_of_questions_above_the_answers_is_not_the_answers() {
    let set = set();
    let mut md = String::from("```\n| FLIGHT | DESTINATION | STATUS |\n");
    for n in 1..=10 {
        md.push_str(&format!("| Q{n} | TOPIC {n} | DEPARTED |\n"));
    }
    md.push_str("```\n\n");
    for n in [1, 2, 4, 5, 6, 9] {
        md.push_str(&format!("**Flight Q{n}: CANCELLED**\n\n"));
    }
    md.push_str(
        "**Flight Q3: DEPARTED**\nHeap. The goroutine can run after Process returns, so r escapes to the heap.\n\n",
    );
    md.push_str("**Flight Q7: DEPARTED**\nB (last_name, age): the Smiths sit together, sorted by age; descend to (Smith, 25) and scan forward.\n\n");
    md.push_str(
        "**Flight Q8: DEPARTED**\n8. Tx2 waits on the row lock, then re-reads the committed 9 and writes 8.\n\n",
    );
    md.push_str("**Flight Q10: LAST CALL**\nAll 50 wait on the same first row; add SKIP LOCKED.\n");
    let r = grade_md(&set, &md);
    assert_eq!(q(&r, "Q3").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", dump(&r));
    assert_eq!(q(&r, "Q8").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("8"), "{}", dump(&r));
}

/// A reply typed above the email it answers: the quoted original (`> Q1. ...`) holds the
/// questions, so its `Q` markers do not take the numbered answers above away.
#[test]
fn a_top_posted_reply_is_read_above_the_quote() {
    let set = set();
    let mut md = String::from(
        "Hi Priya,\n\nThanks for sending the assessment, my answers are below, numbered like the questions.\n\n",
    );
    md.push_str("3. Heap. The closure captures r and the goroutine can still run after Process returns, so escape analysis moves r to the heap; go build -gcflags=-m shows it.\n\n");
    md.push_str("7. B (last_name, age). All the Smiths are next to each other, sorted by age, so Postgres descends to (Smith, 25) and scans forward.\n\n");
    md.push_str("8. Final stock is 8. Tx2 waits for Tx1's row lock, then reads the committed 9 and subtracts 1.\n\nBest regards,\nKelvin\n\n");
    md.push_str("On Tue, 12 Mar 2024 at 09:14, Priya <talent@company.example> wrote:\n> Hi Kelvin,\n>\n");
    for n in 1..=10 {
        md.push_str(&format!("> Q{n}. The question, restated in one line.\n"));
    }
    md.push_str(">\n> Best,\n> Priya\n");
    let r = grade_md(&set, &md);
    assert_eq!(q(&r, "Q8").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("8"), "{}", dump(&r));
    assert_eq!(q(&r, "Q3").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", dump(&r));
}

/// A sheet written as a Makefile that echoes its answers: the echoed words are the candidate's,
/// not a quotation.
#[test]
fn echoed_answers_are_the_candidates_words() {
    let set = set();
    let md = "```make\n# answers.mk  --  `make -f answers.mk all`  or  `make -f answers.mk q6`\n# Senthil K., Coimbatore. Tamil is mother tongue; 8 yr embedded Linux (C), 3 yr Go.\n# Answers short-ah, only what matters. Each target = one question.\n\n.PHONY: all q1 q2 q3 q4 q5 q6 q7 q8 q9 q10\nall: q1 q2 q3 q4 q5 q6 q7 q8 q10\n\nq1: ## leak\n\t@echo \"cause : data[:100] = header on SAME 1GB backing array -> reachable -> GC keeps all 1GB\"\n\t@echo \"fix   : copy -> small := bytes.Clone(data[:100])  (or make+copy / strings.Clone)\"\n\t@echo \"note  : string([]byte) already copies => this exact line frees; high RSS = runtime returns pages to OS late (scavenger)\"\n\t@echo \"better: bufio/stream the file, never 1GB in RAM\"\n\nq2: ## slow channel\n\t@echo \"math  : in 1000/s, out 1/10ms = 100/s -> +900/s -> 100 slots full at ~0.11s\"\n\t@echo \"at 1s : producer BLOCKED on send, runs at consumer rate 100/s (backpressure, nothing dropped)\"\n\t@echo \"fix   : N consumers on same chan, N >= 1000 x 0.01s = 10 -> use 12-16 (10 = 100% util, queue never drains)\"\n\t@echo \"burst : buffer = (in-out) x burst_len ; bigger than RAM -> Kafka / Redis Streams in front\"\n\nq3: ## escape\n\t@echo \"heap. closure captures r, goroutine may outlive Process frame -> compiler cannot prove lifetime\"\n\t@echo \"goroutine has own (movable) stack, cannot point into caller stack -> escapes\"\n\t@echo \"check : go build -gcflags=-m  -> 'func literal escapes to heap', 'leaking param: r'\"\n\nq4: ## consistent hash\n\t@echo \"1) B users -> next node clockwise (C) ; with vnodes spread A+C\"\n\t@echo \"2) A users -> no change\"\n\t@echo \"3) %3 -> %2 : ~2/3 of all keys remap ; ring: only B's ~1/3\"\n\nq5: ## rate limit\n\t@echo \"yes, allowed: 2 windows x 100 -> 200 in 2s = 2x limit at edge. problem.\"\n\t@echo \"fix   : token bucket cap=100 refill 100/60s = 1.67 tok/s (Lua: read tokens+ts, refill, take, write, atomic)\"\n\t@echo \"        -> at 12:01:01 bucket has ~3 tokens, 2nd burst mostly 429\"\n\t@echo \"alt   : sliding log (ZSET) / sliding counter prev*overlap+cur\"\n\nq6: ## pagination\n\t@echo \"why   : executor must produce 500010 rows in created_at order (idx scan, or seqscan+sort) and drop 500000 -> O(offset)\"\n\t@echo \"fix   : keyset -> WHERE (created_at,id) > (\\$$ts,\\$$id) ORDER BY created_at,id LIMIT 10\"\n\t@echo \"        index (created_at,id) -> O(log N + 10); id = tiebreaker\"\n```\n";
    let r = grade_md(&set, md);
    assert!(q(&r, "Q5").score >= 8.0, "{}", dump(&r));
}

/// A radio operator's hedges, in capitals: possible causes lettered ALFA, BRAVO, CHARLIE with no
/// pick; "DEPENDS IF ...", "ALL OPTIONS VALID, CHOOSE BY LOAD TEST"; "BRAVO USUALLY ... ALFA CAN
/// WIN ... PLANNER WILL DECIDE".
#[test]
fn lettered_possible_causes_and_deferred_picks_are_hedges() {
    let set = set();
    for (q, answer) in [
        ("Q1", "POSSIBLE CAUSE ALFA: SMALL SLICE STILL HOLDS BIG ARRAY.\nPOSSIBLE CAUSE BRAVO: GARBAGE COLLECTOR NOT YET RUN.\nPOSSIBLE CAUSE CHARLIE: FILE NOT CLOSED.\nFIX ALFA: COPY 100 BYTES TO NEW SLICE. FIX BRAVO: RUNTIME.GC."),
        ("Q2", "AFTER ONE SECOND BUFFER IS FULL. PRODUCER THEN EITHER WAITS OR DROPS, DEPENDS IF SEND IS INSIDE SELECT WITH DEFAULT.\nFOR BURST, OPTIONS: MORE CONSUMERS, BIGGER BUFFER, KAFKA BETWEEN. ALL OPTIONS VALID, CHOOSE BY LOAD TEST."),
        ("Q7", "ALFA OR BRAVO. BRAVO USUALLY, LAST NAME FIRST, EQUALITY BEFORE RANGE.\nBUT IF AGE VERY SELECTIVE THEN ALFA CAN WIN.\nPLANNER WILL DECIDE WITH STATISTICS."),
    ] {
        let r = one(&set, q, answer);
        assert!(r.score <= 4.0, "{q}: {}", r.summary);
    }
}

/// "NOT allowed." picks no: the negator the pattern itself names ("not allowed") does not
/// deny it, shouted or not.
#[test]
fn a_sentence_opening_with_the_negated_option_picks_it() {
    let set = set();
    for answer in ["NOT allowed.", "Not allowed."] {
        let r = one(&set, "Q5", answer);
        assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("no"), "{answer}: {}", r.summary);
    }
}

/// Two causes offered ("either because ... or because ...") and the pick put off ("Without a
/// profile I wouldn't want to say which", "decide after pprof") is a hedge; "consumers commit
/// after processing" puts nothing off.
#[test]
fn either_cause_and_no_pick_without_a_profile_is_a_hedge() {
    let set = set();
    let r = one(
        &set,
        "Q1",
        "The memory stays up either because the 100-byte summary still references the big backing array, or because the GC simply hasn't run yet. Without a profile I wouldn't want to say which. Fixes: copy the 100 bytes into a fresh slice, or set data = nil and call runtime.GC().",
    );
    assert!(r.score <= 4.0 && r.review_reason.as_deref().unwrap_or("").contains("hedges"), "{}", r.summary);
    let r = one(
        &set,
        "Q2",
        "The 100 slots are full after 0.11 s; then the send blocks and the producer runs at 100/s. Add 16 consumers. If data must survive restarts: a durable log (Kafka) between producer and consumers, consumers commit after processing.",
    );
    assert!(!r.review_reason.as_deref().unwrap_or("").contains("hedges"), "{}", r.summary);
}

/// A review-style answer that argues both ways and puts the pick off ("before committing to
/// either answer", "I would not want to choose without an EXPLAIN ANALYZE") is a hedge.
#[test]
fn arguments_both_ways_and_no_choice_without_a_measurement_are_hedges() {
    let set = set();
    let r = one(
        &set,
        "Q3",
        "There are arguments both ways. If the compiler can inline Process and see that the goroutine finishes, r could stay on the stack. On the other hand, goroutines can outlive the function that started them, which would normally push things to the heap. I would run go build -gcflags=-m before committing to either answer.",
    );
    assert!(r.score <= 4.0 && r.review_reason.as_deref().unwrap_or("").contains("hedges"), "{}", r.summary);
    let r = one(
        &set,
        "Q6",
        "OFFSET probably requires the engine to walk over the skipped rows and discard them. Keyset pagination (WHERE created_at < last seen, then LIMIT), cursors, or a materialised view could each be explored. I would not want to choose without an EXPLAIN ANALYZE.",
    );
    assert!(r.score <= 4.0 && r.review_reason.as_deref().unwrap_or("").contains("hedges"), "{}", r.summary);
}

/// A streamer's sheet: the chat's lines (`[chat] gopher_gal: it panics when full`) are the
/// audience's claims, and "CONTESTANT: My gut says 9 ... But ... So 8" drops the gut's answer.
#[test]
fn the_audience_and_the_gut_are_not_the_answer() {
    let set = set();
    let md = "## Q2\n\n> **[chat] gopher_gal:** it panics when full\n\nSTREAMER: No, chat, panicking is for sending on a closed channel. 1,000 in per second, 100 out, so the 100 slots are full after about 0.11 s and every send waits. Nothing is dropped. Run 15 consumer goroutines.\n\n## Q8\n\nCONTESTANT: My gut says 9 because they both read 10. But the second update has to wait for the first one's row lock, and then it uses the new value. So 8.\n";
    let r = grade_md(&set, md);
    assert!(q(&r, "Q2").misconceptions.is_empty() && q(&r, "Q2").score >= 5.0, "{}", dump(&r));
    assert!(q(&r, "Q8").misconceptions.is_empty() && q(&r, "Q8").score >= 7.0, "{}", dump(&r));
}

/// An unresolved merge conflict keeps two versions of an answer and settles on neither: at most
/// a hedge's credit, however right one side is. With the conflict resolved, full credit.
#[test]
fn an_unresolved_merge_conflict_is_a_hedge() {
    let set = set();
    let right = "OFFSET makes Postgres produce the first 500,010 rows in created_at order and discard 500,000 of them, so the cost is O(offset). Fix: keyset pagination. WHERE (created_at, id) > ($1, $2) ORDER BY created_at, id LIMIT 10: one index descent, then 10 rows, however deep the page.";
    let wrong = "There is no index on created_at, so add one and the planner jumps straight to row 500,000.";
    let md = format!("## Q6\n\n<<<<<<< HEAD\n{wrong}\n=======\n{right}\n>>>>>>> laptop\n\n## Q7\n\nB.\n");
    let r = grade_md(&set, &md);
    assert!(q(&r, "Q6").score <= 4.0, "{}", dump(&r));
    assert!(q(&r, "Q6").review_reason.as_deref().unwrap_or("").contains("hedges"), "{}", dump(&r));
    let r = grade_md(&set, &format!("## Q6\n\n{right}\n\n## Q7\n\nB.\n"));
    assert!(q(&r, "Q6").score >= 8.0, "{}", dump(&r));
}

/// Schools of thought ("Camp 1: ... Camp 2: ...") are labelled alternatives too: "Where I land:
/// a bit of both" lands nowhere, "Where I land: the copy" settles.
#[test]
fn camps_are_alternatives_and_landing_on_both_is_no_pick() {
    let set = set();
    let camps = "Camp 1: data[:100] still points into the big 1 GB array, so the array cannot be collected; fix by copying the 100 bytes. Camp 2: the garbage collector has not run yet; call runtime.GC().";
    let r = one(&set, "Q1", &format!("{camps} Where I land: a bit of both, I would try each."));
    assert!(r.score <= 4.0 && r.review_reason.as_deref().unwrap_or("").contains("hedges"), "{}", r.summary);
    let r = one(&set, "Q1", &format!("{camps} Where I land: camp 1, the sub-slice keeps the array alive."));
    assert!(r.score >= 6.0, "{}", r.summary);
}

/// Picks the held-out sets showed being missed: an option struck out with an interjection
/// ("Stack — ei, vale (no, wrong)"), an option after a dash ending the sentence ("... instead —
/// the heap."), a statement in code that opens the answer ("`LOCK TABLE orders IN SHARE
/// MODE`."), and a telegram's `STOP`s.
#[test]
fn struck_options_dashed_picks_code_statements_and_telegrams() {
    let set = set();
    let chosen = |r: &QuestionResult| r.choice.as_ref().and_then(|c| c.chosen.clone());
    let r = one(&set, "Q3", "Stack — ei, vale (no, wrong), I was thinking of the *Request object. Answer for r: heap.");
    assert_eq!(chosen(&r).as_deref(), Some("heap"), "{}", r.summary);
    let r = one(
        &set,
        "Q3",
        "The go func might still be running after Process is done. Go won't allow that, so it puts r somewhere long-lived instead — the heap.",
    );
    assert_eq!(chosen(&r).as_deref(), Some("heap"), "{}", r.summary);
    let r = one(
        &set,
        "Q9",
        "`LOCK TABLE orders IN SHARE MODE`. It is a shared lock, so inserts proceed. FOR UPDATE: UNDERWEIGHT, too strong.",
    );
    assert_eq!(chosen(&r).as_deref(), Some("lock-table"), "{}", r.summary);
    let r = grade_md(
        &set,
        "Q3  HEAP STOP CLOSURE CAPTURES R AND GOROUTINE OUTLIVES FRAME STOP\n\nQ7  B STOP EQUALITY THEN RANGE GIVES ONE CONTIGUOUS LEAF SCAN STOP A LEADS WITH RANGE STOP\n\nQ8  8 STOP TX2 WAITS ON ROW LOCK STOP\n",
    );
    assert_eq!(chosen(q(&r, "Q3")).as_deref(), Some("heap"), "{}", dump(&r));
    assert_eq!(chosen(q(&r, "Q7")).as_deref(), Some("B"), "{}", dump(&r));
}

/// An option that opens the answer owns the opening's weight: another option later in that
/// sentence ("the committed 9") is a value in the explanation, not a second final answer.
#[test]
fn the_option_opening_the_answer_outweighs_a_value_in_its_explanation() {
    let set = set();
    let r = one(&set, "Q8", "8: Tx2 waits on the row lock, then re-reads the committed 9 and writes 8.");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("8"), "{}", r.summary);
    // A value the explanation works with ("the new value 9") is no answer at all.
    let r = one(
        &set,
        "Q8",
        "The second UPDATE waits until the first one commits, then it subtracts 1 from the new value 9.",
    );
    assert_ne!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("9"), "{}", r.summary);
    // "nobody can change the rows" says what the option does, not that it is irrelevant.
    let r = one(&set, "Q9", "FOR UPDATE so nobody can change the rows while the report reads them.");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("for-update"), "{}", r.summary);
    // "..., so no." refuses the option the sentence opens with; "Endelig svar:" is "final answer:".
    let r = one(
        &set,
        "Q9",
        "LOCK TABLE (in SHARE mode) stops updates, but it also stops INSERT, so no. Endelig svar: FOR SHARE.",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("for-share"), "{}", r.summary);
    // "Heap?" alone is a guess at the answer, not a question back to the interviewer.
    let r =
        one(&set, "Q3", "heap? I'm guessing because of the goroutine, it runs separately from the function. not sure.");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", r.summary);
    let r = one(&set, "Q7", "B: in A the age range comes first, so the scan reads a wide band and filters last_name.");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", r.summary);
}

/// Sheets exported from everyday tools: a TiddlyWiki store (a tiddler per question, `#`
/// items that are not headings), a mind map's OPML outline (`text="Q1 ..."`, `_note="..."`)
/// and a calendar whose events hold the answers (`SUMMARY:Q8 ...`, a folded `DESCRIPTION:`).
#[test]
fn sheets_exported_from_a_wiki_an_outline_and_a_calendar() {
    let set = set();
    let wiki = "title: My answers\ntype: text/vnd.tiddlywiki\n\nOne tiddler per answer:\n\n* [[Q8 lost update]]\n* [[Q10 job queue]]\n\ntitle: Q8 lost update\ntype: text/vnd.tiddlywiki\n\n!! Answer\n\n# The final stock is 8.\n# Tx2's UPDATE waits on Tx1's row lock, then re-reads the committed 9 and writes 8.\n\ntitle: Q10 job queue\ntype: text/vnd.tiddlywiki\n\n# All 50 workers lock the same first row.\n# Add SKIP LOCKED so each worker skips locked rows and takes the next one.\n";
    let outline = "```xml\n<opml version=\"2.0\"><body>\n<outline text=\"Q8 stock\">\n  <outline text=\"answer\" _note=\"8: Tx2&apos;s UPDATE waits on Tx1&apos;s row lock, then re-reads the committed 9 and writes 8.\"/>\n</outline>\n<outline text=\"Q10 queue\">\n  <outline text=\"fix\" _note=\"All 50 workers lock the same first row. Add SKIP LOCKED so each worker skips locked rows and takes the next one.\"/>\n</outline>\n</body></opml>\n```\n";
    let calendar = "```\nBEGIN:VCALENDAR\nBEGIN:VEVENT\nDESCRIPTION:8: Tx2's UPDATE waits on Tx1's row lock\\, then re-reads the c\n ommitted 9 and writes 8.\nSUMMARY:Q8 lost update\nEND:VEVENT\nBEGIN:VEVENT\nDESCRIPTION:All 50 workers lock the same first row. Add SKIP LOCKED so eac\n h worker skips locked rows and takes the next one.\nSUMMARY:Q10 job queue\nEND:VEVENT\nEND:VCALENDAR\n```\n";
    for sheet in [wiki, outline, calendar] {
        let r = grade_md(&set, sheet);
        assert!(q(&r, "Q8").evidence.iter().any(|e| e.criterion == "row-lock-wait"), "{}", dump(&r));
        assert_eq!(q(&r, "Q8").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("8"), "{}", dump(&r));
        assert!(q(&r, "Q10").evidence.iter().any(|e| e.criterion == "skip-locked"), "{}", dump(&r));
    }
}

/// A TA's solution sheet: clock times and interval notation ("window [12:00, 12:01) sees 100")
/// are one statement, not a list of terms, and a "Common mistake." label rules out what its
/// line goes on to name.
#[test]
fn a_solution_sheet_with_intervals_and_common_mistakes() {
    let set = set();
    let q5 = one(&set, "Q5", "Yes, it's allowed: window [12:00, 12:01) sees 100, window [12:01, 12:02) sees 100.");
    assert_eq!(q5.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("yes"), "{}", q5.summary);
    assert!(q5.evidence.iter().any(|e| e.criterion == "allows-it"), "{}", q5.summary);
    let q8 = one(
        &set,
        "Q8",
        "8. Tx1 locks the row and writes 9; Tx2 blocks on the row lock, then re-reads the committed 9 and writes 8.\n\nCommon mistake. Answering 9 by reasoning about snapshots.",
    );
    assert_eq!(q8.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("8"), "{}", q8.summary);
    // A first thought the candidate drops is not their answer.
    let q8 = one(
        &set,
        "Q8",
        "Hmm. My first thought was 9 (both read 10). But that's not how an UPDATE works: Tx2 waits on Tx1's row lock, then re-reads the committed 9 and decrements it. So 8.",
    );
    assert!(q8.misconceptions.is_empty() && q8.score >= 9.0, "{}", q8.summary);
    // "Analysis. Allowed." answers the question in one word, whatever the fix later rejects.
    let q5 = one(
        &set,
        "Q5",
        "Analysis. Allowed. The two bursts fall into different windows, each counter sees exactly 100, and both pass.\n\nRecommendation. Sliding-window log: a sorted set of timestamps trimmed to the last 60 s, so the second burst is rejected.",
    );
    assert_eq!(q5.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("yes"), "{}", q5.summary);
    // A serialization conflict and a transparent retry are not what Read Committed does.
    let q8 = one(
        &set,
        "Q8",
        "8. When Tx2 commits, Postgres aborts Tx2's update with a serialization conflict, and the driver re-runs it, which now reads 9 and writes 8.",
    );
    assert!(q8.misconceptions.iter().any(|m| m.id == "serialization-retry"), "{}", q8.summary);
    // The mistake a "Common mistake." line names is no hedge of the candidate's.
    let q3 = one(
        &set,
        "Q3",
        "A value may live in a stack frame only if the compiler can prove no reference outlives it. The closure captures r and hands it to a goroutine that can outlive Process, so r escapes to the heap; -gcflags=-m shows it. Answer: heap.\n\nCommon mistake. Thinking it depends on the goroutine finishing quickly.",
    );
    assert!(q3.score >= 7.0, "{}", q3.summary);
}

/// An assessment platform's XML export in a code block: `identifier="Q4"` names the question
/// and the `<![CDATA[ ... ]]>` value is the candidate's text.
#[test]
fn an_xml_results_export_is_read() {
    let set = set();
    let sheet = "Exported from the platform.\n\n```xml\n<assessmentResult>\n  <itemResult identifier=\"Q4\" title=\"The ring\">\n    <candidateResponse>\n      <value><![CDATA[B's users move to the next server clockwise on the ring.\n\nA's users stay on A.]]></value>\n    </candidateResponse>\n  </itemResult>\n  <itemResult identifier=\"Q8\">\n    <value><![CDATA[8: Tx2 waits on the row lock and re-reads the committed 9.]]></value>\n  </itemResult>\n</assessmentResult>\n```\n";
    let r = grade_md(&set, sheet);
    assert!(q(&r, "Q4").evidence.iter().any(|e| e.criterion == "a-unaffected"), "{}", dump(&r));
    assert!(q(&r, "Q8").score >= 7.0, "{}", dump(&r));
}

/// Plain `Qn: title` / `A:` blocks between dashed rules: the `A:` is the answer's label, not
/// option A, and a rule right under an answer's last line separates, it does not make the
/// answer a heading.
#[test]
fn q_and_a_blocks_between_rules() {
    let set = set();
    let sheet = "Q7: Index\nA:  B (last_name, age).\n    The B-tree is sorted by last_name, then age, so the lookup goes straight\n    to ('Smith', 25) and reads a contiguous range.\n\n------------------------------------------\nQ10: Queue\nA:  All 50 workers pick the same first pending row and 49 block on its lock.\n    Two words: SKIP LOCKED, so each worker skips locked rows.\n------------------------------------------\n";
    let r = grade_md(&set, sheet);
    let q7 = q(&r, "Q7");
    assert_eq!(q7.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", dump(&r));
    assert!(q(&r, "Q10").score >= 7.0, "{}", dump(&r));
}

/// A CriticMarkup review trail is read with its edits accepted: the substituted and added text
/// stands, deletions and comments go.
#[test]
fn a_review_trail_is_read_with_its_edits_accepted() {
    let set = set();
    let sheet = "## Q8\n\n{~~8~>9~~}. {--Tx2 blocks on Tx1's row lock and re-reads the committed 9, so 8.--}{++Both transactions read 10 and both write 9, so one decrement is lost.++}\n{>>reviewer: it's 9, trust me<<}\n";
    let r = grade_md(&set, sheet);
    let q8 = q(&r, "Q8");
    assert_eq!(q8.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("9"), "{}", dump(&r));
    // The deleted reasoning earns nothing.
    assert!(!q8.evidence.iter().any(|e| e.criterion == "row-lock-wait"), "{}", dump(&r));
}

/// SQL pasted into prose without backticks is code, not a list of terms that earns nothing.
#[test]
fn inline_sql_is_code() {
    let set = set();
    let r = one(
        &set,
        "Q10",
        "• Add SKIP LOCKED: SELECT * FROM jobs WHERE status = 'pending' LIMIT 1 FOR UPDATE SKIP LOCKED; each worker skips rows another worker already locked and takes the next pending one.",
    );
    assert!(r.evidence.iter().any(|e| e.criterion == "skip-locked"), "{}", r.summary);
    // A list of lock modes is no statement: "FOR UPDATE" and "LOCK TABLE" stay a dump of terms.
    let r = one(
        &set,
        "Q9",
        "FOR SHARE, FOR UPDATE, LOCK TABLE, MVCC, snapshot, REPEATABLE READ, row exclusive, shared lock.",
    );
    assert!(r.score < 5.0, "{}", r.summary);
}

/// A sheet handed in as a unified diff against the blank template is the sheet it produces:
/// the added lines are the answers, in prose, not code.
#[test]
fn a_diff_against_the_template_is_read_as_the_sheet() {
    let set = set();
    let sheet = "```diff\n--- a/ANSWERS-blank.md\n+++ b/ANSWERS-blank.md\n@@ -10,3 +10,9 @@\n #### Answer Q2\n \n-<!-- your answer -->\n+The consumer does 100 events/s, so the buffer fills up right\n+around the 1 second mark, and after that the producer blocks on send.\n+For bursts: 10 consumers on the same channel,\n+and Kafka as a durable buffer.\n+\n #### Answer Q8\n-<!-- your answer -->\n+8: Tx2 waits on the row lock and re-reads the committed 9.\n```\n";
    let r = grade_md(&set, sheet);
    let q2 = q(&r, "Q2");
    assert!(q2.misconceptions.iter().any(|m| m.id == "rates-off"), "{}", dump(&r));
    // The answer shown beside the grade is the candidate's text, without the diff's markers.
    let shown = q2.answer.as_deref().unwrap_or("");
    assert!(shown.starts_with("The consumer does 100 events/s") && !shown.contains("+and"), "{shown}");
    assert!(q(&r, "Q8").score >= 7.0, "{}", dump(&r));
}

/// A seek must be on the sort key: seeking on id while ordering by created_at is a
/// misconception; the tie-breaker beside the sort key is not.
#[test]
fn keyset_on_another_column_than_the_order() {
    let set = set();
    let off = one(&set, "Q6", "Fix: remember the last id from the previous page and do `SELECT * FROM orders WHERE id > :last_id ORDER BY created_at LIMIT 10`.");
    assert!(off.misconceptions.iter().any(|m| m.id == "keyset-on-id"), "{}", off.summary);
    let right = one(&set, "Q6", "Fix: keyset pagination, `SELECT * FROM orders WHERE (created_at, id) > ($1, $2) ORDER BY created_at, id LIMIT 10`.");
    assert!(right.misconceptions.is_empty(), "{}", right.summary);
}

/// "The most selective column first" is the wrong reason for B: equality before range is the
/// rule, whatever the selectivity.
#[test]
fn most_selective_first_is_the_wrong_reason() {
    let set = set();
    let wrong = one(&set, "Q7", "B (last_name, age), because last_name is more selective than age and should therefore come first in the B-Tree.");
    assert!(
        wrong.score <= 5.0 && wrong.misconceptions.iter().any(|m| m.id == "most-selective-first"),
        "{}",
        wrong.summary
    );
    let right = one(&set, "Q7", "B. The B-tree is sorted by last_name, then by age, so the Smiths are contiguous: seek to ('Smith', 25) and read one range: equality first, range last.");
    assert!(right.score >= 7.0 && right.misconceptions.is_empty(), "{}", right.summary);
}

/// An answer at two levels: the analogy's "A phone book" is the article, a voice label
/// ("Like I'm on call:") is no glossary term, and the option after the label is the answer.
#[test]
fn an_analogy_then_the_answer_after_a_label() {
    let set = set();
    let r = one(
        &set,
        "Q7",
        "**Like I'm 5:** A phone book sorted by surname, then first name. A book sorted by age first would have Smiths on every page.\n\n**Like I'm on call:** **B `(last_name, age)`.** In the B-tree the entries are sorted by last_name, then by age within the same last_name, so Postgres walks the leaf pages until the Smiths end.",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", r.summary);
    assert!(r.score >= 7.0, "{}", r.summary);
}

/// A MoSCoW list: what is under "Won't:" is ruled out (no choice, no misconception), its
/// reasons still count; a wrong "Should:" beside the right "Must:" is a lesser error than the
/// wrong fix alone.
#[test]
fn a_moscow_list_rules_out_its_wont_items() {
    let set = set();
    let q2 = one(&set, "Q2", "Diagnosis: one consumer drains 100 events/s against 1,000/s; the buffer is full after about 0.11 s, then each send blocks.\nMust: a worker pool of 10 or more consumers.\nShould: a durable queue (Kafka) in front for bursts.\nWon't: `select` with `default` to drop events. The requirement is no data loss.");
    assert!(q2.misconceptions.is_empty() && q2.score >= 9.0, "{}", q2.summary);
    let q9 = one(&set, "Q9", "Diagnosis: FOR SHARE.\nWon't: `FOR UPDATE` (exclusive, heavier than needed); `LOCK TABLE` (SHARE mode blocks INSERT).");
    assert_eq!(q9.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("for-share"), "{}", q9.summary);
    assert!(q9.evidence.iter().any(|e| e.criterion == "lock-table-blocks-inserts"), "{}", q9.summary);
    let beside = one(&set, "Q1", "`data[:100]` shares the 1 GB backing array, so the array stays reachable.\nMust: copy the 100 bytes with `bytes.Clone`.\nShould: set `data = nil` before returning.");
    let alone = one(&set, "Q1", "`data[:100]` shares the 1 GB backing array, so the array stays reachable.\nFix: set `data = nil` before returning.");
    assert!(beside.score >= alone.score + 2.0, "{} against {}", beside.summary, alone.summary);
}

/// `(4)` alone on its line over a bulleted answer, among `(n)` paragraphs.
#[test]
fn a_bracketed_number_alone_over_a_list() {
    let set = set();
    let r = grade_md(
        &set,
        "(1)\nthe slice keeps the 1gb backing array, copy the 100 bytes.\n\n(2)\nthe producer blocks on the send.\n\n(4)\n- users on B: they go to the next server round the ring clockwise\n- users on A: nothing happens them, still A\n\n(5)\nyep it lets through the 200.\n",
    );
    assert_eq!(q(&r, "Q4").status, AnswerStatus::Answered, "{}", dump(&r));
    assert!(q(&r, "Q4").score >= 5.0, "{}", dump(&r));
}

/// A decision flow typed in an untagged fence is the candidate's prose: its claims count,
/// misconceptions included, and a shouted "⇒ NO" rejects the option it closes.
#[test]
fn a_decision_flow_in_a_fence_is_prose() {
    let set = set();
    let q2 = one(
        &set,
        "Q2",
        "```\nSTART: producer 1000/s, consumer 10ms, buffer 100\n  → t ≈ 0.1s: buffer reaches capacity\n  → IF buffered channel full THEN Go runtime overwrites the oldest element (ring buffer)\n      → producer never blocks, keeps running at 1000/s\n      → consumer sees only the newest 100 events\n⇒ AFTER 1s: producer fine, ~800 events silently lost\n⇒ FIX for bursts: use an UNBUFFERED channel\n```",
    );
    assert!(q2.misconceptions.iter().any(|m| m.id == "data-dropped"), "{}", q2.summary);
    assert!(q2.score <= 3.0, "{}", q2.summary);
    // Code in a fence tagged with its language stays code.
    let code = one(&set, "Q1", "```go\n// the sub-slice keeps the whole backing array reachable\ndata = nil\n```");
    assert!(code.misconceptions.is_empty(), "{}", code.summary);
    let flow = one(&set, "Q9", "```\n→ FOR UPDATE: blocks reads ⇒ NO\n⇒ FOR SHARE\n```");
    assert_ne!(flow.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("for-update"), "{}", flow.summary);
}

/// A decision record's or a form's field for the pick ("DECISION. Final stock 8.", "Selected:
/// B, heap") and a short last line ending on one option ("Arrived at: heap.") are the pick,
/// over options laid out before them. A last line that states a condition is not.
#[test]
fn option_fields_and_a_closing_line_pick_the_option() {
    let set = set();
    let chosen = |q: &str, text: &str| {
        let r = one(&set, q, text);
        (r.choice.as_ref().and_then(|c| c.chosen.clone()), r.summary)
    };
    let (c, why) = chosen(
        "Q3",
        "Alternatives: (A) it stays on the stack, (B) it moves to the heap.\nThe goroutine can still be running after Process returns, so the compiler cannot keep r in the frame; -gcflags=-m shows it escaping.\nSelected: B, heap.",
    );
    assert_eq!(c.as_deref(), Some("heap"), "{why}");
    let (c, why) = chosen(
        "Q8",
        "CONTEXT. Two decrements of the same row, starting at 10.\nANALYSIS. Tx1 locks the row and writes 9; Tx2 waits on that lock, then works on the committed 9.\nA result of 9 would need a read in the application first.\nDECISION. Final stock 8.",
    );
    assert_eq!(c.as_deref(), Some("8"), "{why}");
    let (c, why) = chosen(
        "Q3",
        "Considered: a stack slot, since only a pointer is copied; or the heap, since the goroutine may outlive the frame.\nThe closure captures r and nothing proves the goroutine ends first, so it escapes.\nShipped to: heap.",
    );
    assert_eq!(c.as_deref(), Some("heap"), "{why}");
    let (c, why) = chosen(
        "Q3",
        "Routes tried: a) Stack, because a pointer is only copied into the closure.\nb) Heap, because the goroutine can outlive the function.\nThe closure captures r and nothing proves the goroutine ends first, so it escapes.\nArrived at: heap.",
    );
    assert_eq!(c.as_deref(), Some("heap"), "{why}");
    let (c, why) = chosen(
        "Q3",
        "Alternatives: (A) it stays on the stack, (B) it moves to the heap.\nThe goroutine may outlive the frame and the compiler cannot prove otherwise.\nSelected: B, heap, since the closure captures r.",
    );
    assert_eq!(c.as_deref(), Some("heap"), "{why}");
    // "you'd need SERIALIZABLE to get 8" is a condition, not the pick.
    let (c, why) = chosen(
        "Q8",
        "9. Both read 10 under Read Committed and both write 9, a lost update. You need Serializable for 8.",
    );
    assert_eq!(c.as_deref(), Some("9"), "{why}");
}

/// A table that scores the fixes against each other ("| Fix | Effort | Score |") lists the wrong
/// ones beside the right: a fix found only in its rows earns a list's credit; the same fix
/// stated outside it earns full credit.
#[test]
fn a_table_weighing_fixes_is_not_a_commitment() {
    let set = set();
    let table = "\n\n| Fix | Effort | Score |\n|---|---|---|\n| Index on created_at | low | 9 |\n| Keyset pagination WHERE (created_at, id) > (last seen) | medium | 6 |\n| Cache the pages | low | 5 |\n\n";
    let why = "OFFSET makes Postgres read the first 500,010 rows in created_at order and throw away 500,000 of them, so every deeper page is slower.";
    let r = one(&set, "Q6", &format!("{why}{table}Outcome: the top row, it scores best."));
    assert!(r.score < 7.0, "{}", r.summary);
    let r = one(
        &set,
        "Q6",
        &format!("{why}{table}Ship: keyset pagination, WHERE (created_at, id) > ($1, $2) ORDER BY created_at, id LIMIT 10, an O(log N) seek on an index over (created_at, id)."),
    );
    assert!(r.score >= 9.0, "{}", r.summary);
}

/// Depth earns the rest: one check of the AI's help, or one metric with a threshold, is part
/// of what interviewers look for; several distinct ones earn full credit (`full-at`).
#[test]
fn one_check_or_one_threshold_earns_part_of_the_credit() {
    let grade = reflection_section;
    let one = grade(
        "AI Usage",
        "ai-usage",
        "I used Claude to explain the four deadlock conditions. I verified its lock-ordering helper by running the deadlock test 200 times.",
    );
    let two = grade(
        "AI Usage",
        "ai-usage",
        "I used Claude to explain the four deadlock conditions. I verified its lock-ordering helper by running the deadlock test 200 times. I also read the Java docs for ReentrantLock to confirm the timeout it suggested.",
    );
    assert!(one.score < two.score, "{} / {}", one.summary, two.summary);
    let few = grade(
        "Measurability & Customer Focus",
        "measurability",
        "Track API P95 latency with a target under 300 ms; alert above 500 ms on the dashboard.\nPool utilisation: alert above 80%.\nCustomers feel these as slow checkout and support tickets about lost carts, so users see them first.",
    );
    let many = grade(
        "Measurability & Customer Focus",
        "measurability",
        "Track API P95 latency with a target under 300 ms; alert above 500 ms on the dashboard.\nPool utilisation: alert above 80%.\nHeap after GC: alert above 70% of the limit.\nSession error rate: under 0.1%.\nCustomers feel these as slow checkout and support tickets about lost carts, so users see them first.",
    );
    assert!(few.score < many.score && many.score >= 0.9 * many.max_score, "{} / {}", few.summary, many.summary);
}

/// A lettered option answered "No:" on the next line is turned down, as a question answered no
/// is: "a) Events are dropped when the buffer is full. No: the send waits." asserts no drop.
#[test]
fn a_lettered_option_answered_no_is_ruled_out() {
    let set = set();
    let r = one(
        &set,
        "Q2",
        "Options weighed: a) Events are dropped once the buffer is full.\nNo: a send on a full channel waits, nothing is lost.\nb) More consumers.\nThe consumer does 100/s, so the 100 slots are full after about 0.11 s and from then on the producer blocks at 100/s. Run a pool of 15 consumers and put a durable queue (Kafka) in front for bursts.",
    );
    assert!(r.misconceptions.is_empty() && r.score >= 9.0, "{}", r.summary);
}

/// A long explanation that earns half or less is flagged: the rubric may miss how it words a
/// point (here the extra consumers are "more exit lanes").
#[test]
fn a_long_explanation_earning_half_is_flagged() {
    let set = set();
    let r = one(
        &set,
        "Q2",
        "Think of the channel as a car park with 100 spaces and one exit barrier. Cars arrive at 1,000 a second, because that is the producer's pace, while the barrier lets one out every 10 ms, so 100 a second leave. The park therefore gains 900 cars a second, so it is full after about a tenth of a second. After that each new car has to wait at the entrance until one leaves, so arrivals crawl along at the exit's pace. Nothing is thrown away; the queue simply backs up onto the road behind. To cope, open more exit lanes: one lane clears 100 a second, so ten lanes only just keep level and I would open fifteen so the park drains after a rush. Give the park more spaces only for short rushes, since a bigger park alone fills up all the same if arrivals stay above departures.",
    );
    assert!(r.score > 5.0 || r.needs_review, "{}", r.summary);
}

/// A terse answer with one false claim beside right ones is partly wrong, not keyword
/// stuffing: it keeps the credit its cap allows.
#[test]
fn a_terse_answer_with_one_false_claim_is_not_stuffing() {
    let set = set();
    let sheet = "# Answers\n\n[1] Sub-slice aliasing: data[:100] shares the 1 GB backing array, so copy the 100 bytes out.\n\n[2] Drain rate 100/s vs arrival 1,000/s; buffer saturates at ~0.11 s, then every send blocks (backpressure) and the producer is throttled to 100/s; no loss. Fix: fan out to exactly 10 workers (1,000/s × 10 ms = 10 busy workers), which matches the arrival rate, and keep the 100-slot buffer for bursts.\n";
    let r = grade_md(&set, sheet);
    let q2 = q(&r, "Q2");
    assert!(!q2.summary.contains("stuffing") && q2.score >= 5.0, "{}", q2.summary);
}

/// Options weighed and a deferral ("whether it matters depends on ...") are settled by a
/// decision that follows; a "Recommendation." that only calls every option reasonable, or
/// goes with whatever the team runs, settles nothing.
#[test]
fn a_decision_after_weighing_settles_the_answer() {
    let set = set();
    let weighed = "Yes, both batches pass: 200 requests in two seconds, twice the limit. Whether that matters depends on what the limit protects.\nConsidered: a sliding window log (a sorted set of timestamps), a sliding window counter, a token bucket refilled at 1.67 tokens a second.\nDecision: the sliding window counter, previous x (60 - elapsed)/60 + current, about 98 at 12:01:01, in one Lua script so the check is atomic.";
    let r = one(&set, "Q5", weighed);
    assert!(r.score >= 8.0, "{}", r.summary);
    let open = "Yes, both batches pass: 200 requests in two seconds, twice the limit. Whether that matters depends on what the limit protects.\nRecommendation.\nA sliding window log, a sliding window counter and a token bucket are all reasonable alternatives; I would go with whatever the platform team already runs.";
    let r = one(&set, "Q5", open);
    assert!(r.score <= 4.0 && r.needs_review, "{}", r.summary);
}

/// A requirement is not a claim: "a crash mustn't lose events" and "the overflow has to go
/// somewhere that keeps it" describe the design, not a channel that drops events.
#[test]
fn a_requirement_not_to_lose_events_is_no_claim_of_loss() {
    let set = set();
    let r = one(
        &set,
        "Q2",
        "The consumer does 100/s against 1,000/s in, so the 100 slots are full after about 0.11 s; then every send blocks and the producer runs at 100/s. Run 15 consumers on the channel. If a crash mustn't lose events, put a durable log (Kafka) in front; for bursts longer than the channel can hold, the overflow has to go somewhere that keeps it.",
    );
    assert!(r.misconceptions.is_empty() && r.score >= 9.0, "{}", r.summary);
}

/// A costume's field that turns an option down ("Foul to avoid:", "discard:") rules it out, as
/// "Won't:" does; "How to avoid it:" gives a remedy and rules out nothing. A contrast set off by
/// a comma ("the heap, not in the frame's own space (the stack)") denies the option in its gloss.
#[test]
fn a_rejecting_field_or_a_contrast_rules_the_option_out() {
    let set = set();
    let chosen = |r: &QuestionResult| r.choice.as_ref().and_then(|c| c.chosen.clone());
    let foul = one(&set, "Q7", "**Pick:** B, `(last_name, age)`; the Smiths sit together in age order, one descent to (Smith, 25).\n\n**Foul to avoid:** A. The age range leads, so the Smiths are spread over most of the index.");
    assert_eq!(chosen(&foul).as_deref(), Some("B"), "{}", foul.summary);
    let discard = one(&set, "Q9", "- 🗑 discard: `LOCK TABLE`, it blocks the inserts too.\n- keep: `FOR SHARE`: the rows read cannot be updated or deleted until commit, new rows still go in.");
    assert_eq!(chosen(&discard).as_deref(), Some("for-share"), "{}", discard.summary);
    let remedy = one(&set, "Q1", "The 100-byte slice shares the 1 GB backing array, so the GC keeps all of it.\nHow to avoid it: copy the bytes into a new slice with `bytes.Clone`.");
    assert!(remedy.evidence.iter().any(|e| e.criterion == "copy-fix"), "{}", remedy.summary);
    let gloss = one(
        &set,
        "Q3",
        "It goes to the long-lived area (the heap), not into the function's own short-lived scratch space (the stack).",
    );
    assert_eq!(chosen(&gloss).as_deref(), Some("heap"), "{}", gloss.summary);
}

/// The fifty-ninth blind set (10 sheets, 4 reflections), written in stop 30 by someone who never
/// saw the grader, committed unread; a development set on costumes that mark the pick in odd
/// places (ticks, rankings, a verdict line at the end, a struck first choice). First grading,
/// untouched (144359d): MAE 0.224, 10 labelled <= 0.4
/// given half (4 with the verdict wrong), 9 labelled >= 0.8 given <= 0.3, needs_review on 12 of
/// 17 far-off answers (71%), 54 of 100 flagged.
#[test]
fn blind59_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind59-dev"), None);
    a.print("blind59-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.163, "blind59-dev MAE {:.3}", a.mae());
}

/// The fifty-ninth blind set's reflections. First grading, untouched (144359d): mean error 0.053,
/// worst 0.100.
#[test]
fn blind59_dev_reflection_figures() {
    reflection_figures("blind59-dev");
}

/// The sixtieth blind set (10 sheets, 4 reflections), written in stop 30 by someone who never saw
/// the grader, committed unread; a development set: an ordinary batch of applicants, some
/// inventing mechanisms or slipping on numbers. First grading, untouched (144359d): MAE 0.119, 6
/// labelled <= 0.4 given half (2 with the verdict wrong), none labelled >= 0.8 given <= 0.3,
/// needs_review on 3 of 6 far-off answers (50%), 34 of 100 flagged.
#[test]
fn blind60_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind60-dev"), None);
    a.print("blind60-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.114, "blind60-dev MAE {:.3}", a.mae());
}

/// The sixtieth blind set's reflections. First grading, untouched (144359d): mean error 0.041,
/// worst 0.120.
#[test]
fn blind60_dev_reflection_figures() {
    reflection_figures("blind60-dev");
}

/// Options one per line behind radio buttons or tick boxes: the marked row is the pick, the
/// blank rows are not, in a code block as in prose.
#[test]
fn a_marked_row_among_blank_rows_is_the_pick() {
    let set = set();
    let sheet = "## Q7\n\n```\n  ( ) A. (age, last_name)\n  (•) B. (last_name, age)\n```\n\nThe tree is sorted by last_name, then by age inside each name, so Postgres descends once to ('Smith', 25) and reads the Smiths forward; with A the Smiths are spread over every age above 25.\n\n## Q9\n\n- [ ] LOCK TABLE orders IN SHARE MODE\n- [ ] SELECT ... FOR UPDATE\n- [x] SELECT ... FOR SHARE\n\nRows read cannot be updated or deleted until the report commits; new orders still go in.\n";
    let r = grade_md(&set, sheet);
    let chosen = |id: &str| q(&r, id).choice.as_ref().and_then(|c| c.chosen.clone());
    assert_eq!(chosen("Q7").as_deref(), Some("B"), "{}", dump(&r));
    assert_eq!(chosen("Q9").as_deref(), Some("for-share"), "{}", dump(&r));
}

/// A countdown's runners-up are options turned down, its No. 1 the answer; numbering that
/// counts up is only numbering and keeps every entry.
#[test]
fn a_countdown_keeps_its_number_one() {
    let set = set();
    let countdown = one(&set, "Q5", "Yes: 100 land in the 12:00 window and 100 in the fresh 12:01 window, 200 in two seconds, twice the limit, a real problem.\n\n- **No. 2: \"Shorter windows\".** A smaller window shrinks the spike.\n- **No. 1: \"Token bucket\".** Capacity 100, refill 100/60, about 1.67 tokens a second, so at 12:01:01 only about 3 tokens are back; one Lua script refills, checks and takes a token atomically.");
    assert!(countdown.misconceptions.is_empty() && countdown.score >= 8.0, "{}", countdown.summary);
    let numbered = one(&set, "Q1", "- No. 1: `data[:100]` shares the 1 GB backing array, so the GC keeps all of it.\n- No. 2: copy the 100 bytes out with `bytes.Clone` before returning.");
    assert!(numbered.evidence.iter().any(|e| e.criterion == "copy-fix"), "{}", numbered.summary);
}

/// A negation reaches over the words that lead up to the matched verb: "doesn't actually need
/// to lock the row" denies the row lock.
#[test]
fn a_negation_reaches_over_need_to() {
    let set = set();
    let r = one(&set, "Q8", "The final stock is 8. Postgres adds relative updates together at commit, so it doesn't actually need to lock the row, and neither decrement is lost.");
    assert!(!r.evidence.iter().any(|e| e.criterion == "row-lock-wait"), "{}", r.summary);
    let plain = one(
        &set,
        "Q8",
        "The final stock is 8. Tx2 has to wait for Tx1's row lock, then re-reads the committed 9 and writes 8.",
    );
    assert!(plain.evidence.iter().any(|e| e.criterion == "row-lock-wait"), "{}", plain.summary);
}

/// An option followed by a modal ("FOR SHARE would mean locking every row") is weighed, not
/// chosen: the option the answer opens with stays the pick.
#[test]
fn an_option_weighed_with_would_is_not_the_pick() {
    let set = set();
    let r = one(&set, "Q9", "Shipment: `LOCK TABLE orders IN SHARE MODE;` at the start of the report transaction. FOR UPDATE is too strong (a write lock), and FOR SHARE would mean locking every row one by one.");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("lock-table"), "{}", r.summary);
}

/// Blind set 63 (10 sheets, 4 reflections), written in stop 30 by someone who never saw the
/// grader, committed unread; a development set: answers mostly right with one confident false claim
/// each, beside hedges. First grading, untouched (c64c5e6): MAE 0.125, 5 labelled <= 0.4 given half
/// (2 with the verdict wrong), 2 labelled >= 0.8 given <= 0.3, needs_review on 2 of 3 far-off
/// answers (67%), 38 of 100 flagged.
#[test]
fn blind63_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind63-dev"), None);
    a.print("blind63-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.116, "blind63-dev MAE {:.3}", a.mae());
}

/// Blind set 63's reflections. First grading, untouched (c64c5e6): mean error 0.108, worst 0.170.
#[test]
fn blind63_dev_reflection_figures() {
    reflection_figures("blind63-dev");
}

/// Blind set 64 (10 sheets, 4 reflections), written in stop 30 by someone who never saw the
/// grader, committed unread; a development set: a remote-first hiring round, many writing English
/// as a second language, some picking a wrong option with confidence. First grading, untouched
/// (0b56424): MAE 0.188, 2 labelled <= 0.4 given half (1 with the verdict wrong), 11 labelled >=
/// 0.8 given <= 0.3, needs_review on 12 of 13 far-off answers (92%), 46 of 100 flagged.
#[test]
fn blind64_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind64-dev"), None);
    a.print("blind64-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.093, "blind64-dev MAE {:.3}", a.mae());
}

/// Blind set 64's reflections. First grading, untouched (0b56424): mean error 0.149, worst 0.200.
#[test]
fn blind64_dev_reflection_figures() {
    reflection_figures("blind64-dev");
}

/// A title heading that carries the answer's own number, right under its answer heading
/// ("#### Answer Q1" then "# q1-memory"), is part of that answer, not a new section.
#[test]
fn a_title_heading_with_the_answers_number_belongs_to_it() {
    let set = set();
    let sheet = "# Answers\n\n#### Answer Q1\n\n# q1-memory\n\n> `data[:100]` shares the 1 GB backing array, so the GC keeps all of it. Copy the 100 bytes with `bytes.Clone`.\n\n#### Answer Q3\n\n# q3-escape\n\n> Heap: the goroutine can outlive `Process`, so the compiler moves `r` to the heap.\n";
    let r = grade_md(&set, sheet);
    assert!(q(&r, "Q1").score >= 5.0 && q(&r, "Q3").score >= 5.0, "{}", dump(&r));
}

/// A line of inline code alone is a code example: its comment ("/* only here is data lost */")
/// is no claim. A misconception that reads code (a `DECLARE ... CURSOR` proposed as the fix)
/// still counts there.
#[test]
fn a_line_of_inline_code_is_an_example() {
    let set = set();
    let q2 = one(&set, "Q2", "Consumer 100/s against 1,000/s in: the buffer is full after about 0.11 s, then every send blocks and the producer runs at 100/s. Channels never drop on their own:\n\n`select { case ch <- e: default: /* only here is data lost */ }`\n\nRun 15 consumers and put a durable log in front for bursts.");
    assert!(q2.misconceptions.is_empty() && q2.score >= 9.0, "{}", q2.summary);
    let q6 = one(&set, "Q6", "OFFSET reads the first 500,000 rows in order and throws them away.\nFix: use a database cursor.\n\n`DECLARE c CURSOR FOR SELECT * FROM orders ORDER BY created_at;`\n\nThen `FETCH 10 FROM c` per page.");
    assert!(q6.misconceptions.iter().any(|m| m.id == "server-side-cursor"), "{}", q6.summary);
}

/// A code review's fields ("**Review comment, however:**") head parts of an answer; they are
/// no glossary of the question's terms.
#[test]
fn a_code_reviews_fields_are_no_glossary() {
    let set = set();
    let r = one(&set, "Q9", "**Among the three: `FOR SHARE`.** It takes a shared lock on each row the report reads: `UPDATE` and `DELETE` of those rows wait until the report commits, readers are not blocked, and `INSERT` of new orders goes through because new rows are not locked.\n\n**Review comment, however:** holding row locks on every order for 30 s stalls updates; a `REPEATABLE READ` snapshot gives the report a consistent view and blocks nobody.");
    assert!(!r.summary.contains("definitions only") && r.score >= 7.0, "{}", r.summary);
}

/// "don't do `select { default: }`, that's literally dropping data" forbids the drop; it does
/// not claim the channel drops.
#[test]
fn dont_do_forbids_what_follows() {
    let set = set();
    let r = one(&set, "Q2", "consumer = 100/s, producer = 1000/s, the 100 slots are gone in ~0.1s and then every send blocks, so at 1s the producer crawls at 100/s.\n- more consumers: 15-20 workers\n- buffer sized to the burst\n- don't do `select { default: }` that's literally dropping data\n- kafka in front if you can't lose events on restart");
    assert!(r.misconceptions.is_empty() && r.score >= 9.0, "{}", r.summary);
}

/// A lead-in that ends on "the options:" lays out a list; a deferral after it ("which one is
/// right depends on the product") leaves the answer uncommitted.
#[test]
fn options_listed_then_deferred_are_no_answer() {
    let set = set();
    let r = one(&set, "Q2", "The consumer does 100 events/s against 1,000/s in; the 100 slots fill in about 0.11 s, then every send blocks.\nFor bursts, the options:\n- a bigger buffer\n- more consumer goroutines on the same channel\n- Kafka in between\nWhich one is right really depends on the product and the team.");
    assert!(r.score <= 4.0 && r.needs_review, "{}", r.summary);
}

/// A second thought that adds ("On second thought: I should add that ... Answer stands
/// otherwise.") keeps the answer before it; "That means ..." after a sentence about modulo is
/// about modulo too.
#[test]
fn an_added_second_thought_and_a_drawn_consequence() {
    let set = set();
    let added = one(&set, "Q4", "1. B's users go to the next server clockwise, C. 2. A's users stay on A. 3. With modulo, dropping to `% 2` changes the server for about two thirds of all users; with the ring only B's third move.\n\n**On second thought:** I should add that with virtual nodes B's users scatter across A and C. Answer stands otherwise.");
    assert!(added.score >= 8.0, "{}", added.summary);
    let drawn = one(&set, "Q4", "B's users move to the next server clockwise; A's users keep their server. Changing `% 3` to `% 2` changes the server of about 2 out of 3 keys. That means A's and C's users also move and caches go cold everywhere.");
    assert!(drawn.misconceptions.is_empty(), "{}", drawn.summary);
}

/// Text typed at a terminal with its editing keys shown (`stack^H^H^H^H^Hheap`) reads as it
/// ended up on the screen: the erased word is not the answer.
#[test]
fn terminal_backspaces_erase_what_they_erased() {
    let set = set();
    let typed = one(&set, "Q3", "stack^H^H^H^H^Hheap because the goroutine can still run after Process returns");
    assert!(typed.score >= 5.0 && typed.misconceptions.is_empty(), "{}", typed.summary);
    let word = one(&set, "Q3", "it stays on the stack ^W^W^W^Wgoes to the heap because the goroutine outlives Process");
    assert!(word.score >= 5.0 && word.misconceptions.is_empty(), "{}", word.summary);
}

/// A short label that says the plan changed ("**Review (Sun 11:00): plan changed**"), on its
/// own line or running into the next sentence, replaces what came before it; "the logs show
/// what changed" is no such label.
#[test]
fn a_label_announcing_a_change_replaces_the_answer_before_it() {
    let set = set();
    let changed = one(&set, "Q7", "**First look (Sat 22:00)**\nA, `(age, last_name)`. The range narrows the rows first.\n\n**Review (Sun 11:00): plan changed**\nWrong way round. A B-tree is sorted on its first column, so in `(last_name, age)` all the Smiths sit together ordered by age and the scan reads only matching entries. **B.** Equality first, range last.");
    assert!(changed.score >= 8.0, "{}", changed.summary);
    let prose = one(&set, "Q7", "B, `(last_name, age)`: equality on the leading column, then the age range inside the Smiths, which sit together in the B-tree; A would scan every age above 25.\nAfter a deploy, compare EXPLAIN for what changed");
    assert!(prose.score >= 8.0, "{}", prose.summary);
}

/// The candidate's own earlier words, quoted to be taken back ("I said the producer blocks.
/// That's imprecise."), earn nothing; said and kept, they do.
#[test]
fn own_words_taken_back_earn_nothing() {
    let set = set();
    let taken_back = one(&set, "Q2", "I said the producer blocks. That's imprecise. When the buffer is full the sends queue up inside the channel and the producer carries on.");
    assert!(!taken_back.evidence.iter().any(|e| e.criterion == "producer-blocks"), "{}", taken_back.summary);
    let kept = one(
        &set,
        "Q2",
        "I said the producer blocks. That still holds: once the 100 slots fill, every send waits for the consumer.",
    );
    assert!(kept.evidence.iter().any(|e| e.criterion == "producer-blocks"), "{}", kept.summary);
}

/// A reflection section written as code comments is the candidate's prose, even when it says
/// "what it got wrong:"; a block that opens a comment with "wrong:" is a counter-example.
#[test]
fn code_comments_saying_what_went_wrong_are_prose() {
    let text = "```go\n// AI: Claude for first drafts of lockPair and the k6 script.\n// How I checked, and what it got wrong:\n//   - it ordered locks by pointer address; I switched to account ID and re-ran -count=50.\n```";
    let section = reflection_section("4. AI Usage", "ai-usage", text);
    assert!(!section.empty && section.evidence.iter().any(|e| e.criterion == "verified"), "{}", section.summary);
}

/// A reflection section written as a script that echoes slogans is read as the slogans: no
/// specifics, so held to the generic cap, and not "empty" either.
#[test]
fn echoed_slogans_in_a_script_are_generic_prose() {
    let text = "```bash\necho \"The fixes make the system more stable and reliable.\"\necho \"Users will be happier and the business saves money because there are fewer outages.\"\n```";
    let section = reflection_section("3. Impact & Value", "impact", text);
    assert!(!section.empty, "{}", section.summary);
    assert!(section.score <= 5.0, "{}", section.summary);
}

/// What the candidate says they are unsure about ("What I'm unsure of is whether NOWAIT would
/// do the same") is not what they claim; said plainly, it is.
#[test]
fn what_the_candidate_wonders_about_is_not_claimed() {
    let set = set();
    let wondered = one(&set, "Q3", "Heap. I don't know whether the goroutine can outlive `Process`.");
    assert!(!wondered.evidence.iter().any(|e| e.criterion == "outlives-frame"), "{}", wondered.summary);
    let said = one(&set, "Q3", "Heap. I know the goroutine can outlive `Process`.");
    assert!(said.evidence.iter().any(|e| e.criterion == "outlives-frame"), "{}", said.summary);
}

/// An answer that earns credit while hedging again and again is flagged for a reader to judge
/// whether it commits; the same points made plainly are not.
#[test]
fn credit_earned_while_hedging_is_flagged() {
    let set = set();
    let hedging = one(&set, "Q1", "The main reason is most likely that the garbage collector has not yet run. Another possibility is that the slice `data[:100]` may still reference the original underlying array, in which case using `copy()` to create a separate slice could help.");
    assert!(
        hedging.needs_review && hedging.review_reason.as_deref().unwrap_or("").contains("hedging"),
        "{}",
        hedging.summary
    );
    let plain = one(&set, "Q1", "The slice `data[:100]` still references the original 1GB underlying array, so the GC cannot free it. Use `copy()` into a new 100-byte slice so nothing points at the array.");
    assert!(!plain.needs_review, "{:?}", plain.review_reason);
}

/// A sheet packed into an XML message: an element whose text is the question alone
/// (`<EndToEndId>Q3</EndToEndId>`) names it, and the lines inside an element that spans lines
/// are the answer.
#[test]
fn an_xml_message_names_its_questions_in_elements() {
    let set = set();
    let sheet = "```xml\n<Document>\n <Tx>\n  <Id>Q3</Id>\n  <Text>\n   Heap: the goroutine can still run after Process returns,\n   so r escapes and cannot live in its frame.\n  </Text>\n </Tx>\n <Tx>\n  <Id>Q8</Id>\n  <Text>8. The second UPDATE waits on the row lock and re-reads 9.</Text>\n </Tx>\n</Document>\n```\n";
    let r = grade_md(&set, sheet);
    assert_eq!(q(&r, "Q3").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", dump(&r));
    assert!(q(&r, "Q8").score >= 7.0, "{}", dump(&r));
}

/// An edit marker with the time of the edit in brackets ("**UPDATE (Thu, ~20:30):** This is
/// wrong ...") takes back the answer before it, as "UPDATE: that's wrong" does.
#[test]
fn an_update_stamped_with_its_time_takes_the_answer_back() {
    let set = set();
    let r = one(&set, "Q8", "**Tue (first pass)**\n\n9. Both transactions read stock=10, both compute 9, last writer wins.\n\n**UPDATE (Thu, ~20:30):** This is wrong. For a single `UPDATE ... SET stock = stock - 1` the answer is **8**: Tx2 waits on Tx1's row lock, then re-reads the newest committed version (9) and writes 8.");
    assert!(r.score >= 8.0 && r.misconceptions.is_empty(), "{}", r.summary);
}

/// A revision that changes nothing ("**Revised answer.** Unchanged.") keeps the answer before
/// it; a revision that replaces it still withdraws it.
#[test]
fn a_revision_that_changes_nothing_keeps_the_answer() {
    let set = set();
    let kept = one(&set, "Q10", "**Original answer.** All 50 workers select the same first pending row; one locks it and 49 wait on that lock. Add `FOR UPDATE SKIP LOCKED` so each worker skips locked rows and takes the next free job.\n\n*Reviewer: why not NOWAIT?*\n\n**Response.** NOWAIT errors instead of moving on.\n\n**Revised answer.** Unchanged.");
    assert!(kept.score >= 8.0, "{}", kept.summary);
    let replaced = one(&set, "Q10", "**Original answer.** All 50 workers select the same first pending row; one locks it and 49 wait on that lock. Add `FOR UPDATE SKIP LOCKED` so each worker skips locked rows.\n\n**Revised answer.** Use NOWAIT so workers error out and retry.");
    assert!(replaced.score <= 5.0, "{}", replaced.summary);
}

/// Blind set 65 (10 sheets, 4 reflections), written in stop 30 by someone who never saw the
/// grader, committed unread; a development set: senior and staff answers that go beyond the
/// textbook (caveats, premises corrected, alternatives weighed before a pick), beside a few
/// confidently wrong on one point. First grading, untouched (2882802): MAE 0.186, 4 labelled <= 0.4
/// given half (2 with the verdict wrong), 5 labelled >= 0.8 given <= 0.3, needs_review on 8 of 11
/// far-off answers (73%), 43 of 100 flagged. The grader at the start of the stop (052cbb7) gives
/// 0.186.
#[test]
fn blind65_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind65-dev"), None);
    a.print("blind65-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.160, "blind65-dev MAE {:.3}", a.mae());
}

/// Blind set 65's reflections. First grading, untouched (2882802): mean error 0.211, worst 0.490.
#[test]
fn blind65_dev_reflection_figures() {
    reflection_figures("blind65-dev");
}

/// Blind set 66 (10 sheets, 4 reflections), written in stop 30 by someone who never saw the
/// grader, committed unread; a development set: answers inside unusual document formats (forms,
/// logs, transcripts, spreadsheet exports, chat threads, letters) with the pick and its reasons
/// spread across fields. First grading, untouched (2882802): MAE 0.127, 5 labelled <= 0.4 given
/// half (none with the verdict wrong), 2 labelled >= 0.8 given <= 0.3, needs_review on 4 of 5 far-
/// off answers (80%), 51 of 100 flagged. The grader at the start of the stop (052cbb7) gives 0.131.
#[test]
fn blind66_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind66-dev"), None);
    a.print("blind66-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.130, "blind66-dev MAE {:.3}", a.mae());
}

/// Blind set 66's reflections. First grading, untouched (2882802): mean error 0.111, worst 0.300.
#[test]
fn blind66_dev_reflection_figures() {
    reflection_figures("blind66-dev");
}

/// A general claim earns half its criterion's points when no specific (a number, a named kata,
/// code) stands on its line or within two lines; beside one, it earns them all.
#[test]
fn a_general_claim_far_from_any_specific_earns_half() {
    let grade = |text: &str| reflection_section("1. Trade-offs", "trade-offs", text);
    let apart = grade("We chose robustness over speed across all five challenges, and simplicity gave way to scalability.\n\nIt added complexity, which is the cost we accepted.\n\nSome more words here.\n\nAnd more words.\n\nFor the pool I measured p95 at 1009 ms with 10 connections.");
    let beside = grade("For the pool I measured p95 at 1009 ms with 10 connections against 1504 ms with 5, and chose 10 over 5 because the query time, not the pool, was the bottleneck; the cost is more open connections on the database.");
    assert!(apart.summary.contains("earn half"), "{}", apart.summary);
    assert!(!beside.summary.contains("earn half"), "{}", beside.summary);
}

/// "Pays off 10x" and "savings of up to 50%" are boasts, not measures: a section whose only figure
/// is a multiplier with nothing measured beside it, or a ceiling, is as generic as one with no
/// figure, while the same multiplier from a benchmark is evidence.
#[test]
fn a_boast_is_no_specific() {
    let grade = |text: &str| reflection_section("1. Trade-offs", "trade-offs", text);
    let boast = grade("- Quick patches are cheap today and expensive tomorrow\n- Robust architecture costs more upfront but pays off 10x\n\nThe key trade-off was between simplicity and scalability, and I went with scalability because a growing business needs it; it added complexity.");
    let measured = grade("- Quick patches are cheap today and expensive tomorrow\n- The sharded map costs more code but was 10x faster in my benchmark\n\nThe key trade-off was between simplicity and scalability, and I went with scalability because a growing business needs it; it added complexity.");
    assert!(boast.summary.contains("generic"), "{}", boast.summary);
    assert!(!measured.summary.contains("generic"), "{}", measured.summary);
    // "Savings of up to 50%" promises a ceiling; "p95 from 900 ms to 600 ms" measured one.
    let impact = |text: &str| reflection_section("3. Impact & Value", "impact", text);
    let ceiling = impact("Session integrity protects customer trust. Eliminating the memory leak protects uptime, and uptime is revenue. And the pool right-sizing delivers infrastructure savings of up to 50%.");
    let figure = impact("Session integrity protects customer trust. Eliminating the memory leak protects uptime, and uptime is revenue. And the pool right-sizing took checkout p95 from 900 ms to 600 ms.");
    assert!(ceiling.summary.contains("generic"), "{}", ceiling.summary);
    assert!(!figure.summary.contains("generic"), "{}", figure.summary);
}

/// "The nine answer happens if the application reads first" names the case an option needs, after
/// the option: the pick is the eight said before it.
#[test]
fn an_option_that_happens_if_is_weighed() {
    let r = grade_md(&set(), "#### Answer Q8\n\nEight. The first UPDATE takes a lock on the row and the second waits. When the first commits, the second reads the new committed value and subtracts one. The nine answer happens if the application reads the value first and writes back a fixed number.\n");
    let q8 = q(&r, "Q8");
    assert_eq!(q8.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("8"), "{}", dump(&r));
    assert!(q8.score >= 8.0, "{}", dump(&r));
}

/// The options set out as a menu, one bare name per line ("- [3] `FOR UPDATE`"), then the answer
/// in prose: the menu restates the question and the prose picks. Marked entries ("[ X ] A.") are
/// votes, not a menu.
#[test]
fn a_menu_of_options_then_a_prose_pick() {
    let set = set();
    let chosen = |r: &AnswersResult, id: &str| q(r, id).choice.as_ref().and_then(|c| c.chosen.clone());
    let menu = grade_md(&set, "#### Answer Q9\n\n- [3] `FOR UPDATE`\n- [1] `FOR SHARE`\n- [2] `LOCK TABLE`\n\nFOR SHARE, because it lets other sessions keep reading the orders while the report reads them, and blocks updates to those rows until it commits.\n");
    assert_eq!(chosen(&menu, "Q9").as_deref(), Some("for-share"), "{}", dump(&menu));
    let ballot = grade_md(&set, "#### Answer Q7\n\n[ X ] A. (age, last_name)\n\n[ X ] B. (last_name, age)\n\nB puts the equality column first, which is the usual advice, but age could come first too.\n");
    assert_ne!(chosen(&ballot, "Q7").as_deref(), Some("B"), "{}", dump(&ballot));
}

/// An interview written as named turns: the interviewer's turns are the questions ("Final
/// stock, 8 or 9?" lists options, it does not answer); a turn that reads out its number heads
/// that question's answer; an interpreter's or contestant's turns are the answers.
#[test]
fn an_interviewers_turns_are_questions() {
    let set = set();
    let chosen = |r: &AnswersResult, id: &str| q(r, id).choice.as_ref().and_then(|c| c.chosen.clone());
    let headed = grade_md(&set, "#### Answer Q8\n\n**INTERVIEWER:** Final stock, 8 or 9?\n\n**INTERPRETER:** She says eight. The first UPDATE takes a lock on the row and the second waits, then reads the committed value.\n\n#### Answer Q9\n\n**INTERVIEWER:** Which lock for the report, and why?\n\n**INTERPRETER:** She says FOR SHARE: it stops updates to the rows read and lets inserts through.\n");
    assert_eq!(chosen(&headed, "Q8").as_deref(), Some("8"), "{}", dump(&headed));
    let numbered = grade_md(&set, "**HOST:** Question seven, indexes. A: `(age, last_name)`.\nB: `(last_name, age)`.\n\n**CONTESTANT:** The range should lead, so A, age first.\n\n**HOST:** Final answer?\n\n**CONTESTANT:** A. Final answer.\n\n**HOST:** Question eight. 8 or 9?\n\n**CONTESTANT:** 8: the second update waits for the row lock and then uses the new value.\n");
    assert_eq!(chosen(&numbered, "Q7").as_deref(), Some("A"), "{}", dump(&numbered));
}

/// A table with a blank header whose rows each open on a bold label is a form the candidate
/// filled in: "Every UPDATE takes a ROW EXCLUSIVE lock on the table" in its value cell is their
/// claim, not one option's column in a comparison.
#[test]
fn a_form_with_a_blank_header_is_read_as_claims() {
    let r = grade_md(&set(), "#### Answer Q8\n\n| | |\n|---|---|\n| **METHOD** | Two `stock = stock - 1`, Read Committed |\n| **RUNG** | 8. |\n| **CLASH** | Every UPDATE takes a ROW EXCLUSIVE lock on the table, and ROW EXCLUSIVE is exclusive among writers, so Tx2 can't start its update until Tx1 commits. Tx2 then reads 9 and writes 8. |\n| **CALL** | Nothing to fix; the table lock serialises writers. |\n");
    let q8 = q(&r, "Q8");
    assert!(q8.misconceptions.iter().any(|m| m.id == "table-lock"), "{}", dump(&r));
    assert!(q8.score < 10.0, "{}", dump(&r));
}

/// A reflection's table of metrics is read row by row, each cell under its column's header: "<
/// 50 %" under "Target" is a target, not a terse term (blind set 93's r01, labelled 9 of 10 for
/// this section).
#[test]
fn a_table_of_metrics_is_read_by_row() {
    let text = std::fs::read_to_string(reflections_dir().join("blind93-dev/r01.md")).unwrap();
    let at = text.find("# 5. Measurability").unwrap();
    let section = text[at..].split_once('\n').map_or("", |(_, rest)| rest);
    let table = reflection_section("Measurability & Customer Focus", "measurability", section);
    let reason = table.review_reason.clone().unwrap_or_default();
    assert!(!reason.contains("terse list"), "{reason}");
    assert!(table.score >= 0.7 * table.max_score, "{}", table.summary);
}

/// Adjacent lines each led by a different option lay the options out ("C1 Stack ... SOLD OUT" /
/// "C2 Heap ... IN STOCK"); the pick is the statement made elsewhere.
#[test]
fn options_laid_out_line_by_line_then_a_pick() {
    let r = grade_md(&set(), "#### Answer Q3\n\n```\n+--[ Q3 ESCAPE ANALYSIS ]--------\n|  C1  Stack ............ SOLD OUT\n|  C2  Heap ............. IN STOCK\n|\n|  >>> SELECTION ENTERED: C2\n+-------------------------------\n```\n\nThe goroutine may still be running after `Process` returns. Anything it references has to outlive\nthe frame, so the compiler moves it to the heap.\n");
    let q3 = q(&r, "Q3");
    assert_eq!(q3.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", dump(&r));
}

/// A line-numbered transcript in a fence wraps at its page's width: "Add SKIP" / "LOCKED." is one
/// statement across two lines, whatever case the second line opens with.
#[test]
fn a_numbered_transcript_wraps_across_lines() {
    let r = grade_md(&set(), "#### Answer Q10\n\n```\n70   Q.  Question ten. Fifty workers, SELECT ... WHERE status = 'pending' LIMIT 1\n71       FOR UPDATE. Freezing. Why, and which two words?\n72   A.  They all hit the same first row and wait for the lock on it. Add SKIP\n73       LOCKED. Each worker takes the first row nobody else has locked.\n```\n");
    assert!(q(&r, "Q10").score >= 8.0, "{}", dump(&r));
}

/// "**First instinct:**" labels a view the candidate then drops "on reflection": the backing
/// array given up for an unclosed file is not the candidate's claim.
#[test]
fn a_first_instinct_is_dropped() {
    let r = grade_md(&set(), "#### Answer Q1\n\n**First instinct:** `data[:100]` shares its backing array with `data`, so the `Result` keeps the whole 1GB array reachable and the GC can't free it. Fix: copy the 100 bytes.\n\n**On reflection:** that isn't right for this code. `string(data[:100])` converts, which copies the bytes, so nothing in `Result` points at `data`. The file is never closed: `os.ReadFile` opens it and the descriptor stays attached to the process. That's what keeps RSS high. Fix: `os.Open` with `defer f.Close()`.\n");
    assert!(q(&r, "Q1").summary.contains("missed backing-array"), "{}", dump(&r));
}

/// A wrong idea denied through its verb ("is never computed from a stale value", "doesn't use a
/// stale value") is not the candidate's claim (found on held-out blind set 81 after its grading).
#[test]
fn a_wrong_idea_denied_through_its_verb() {
    let set = set();
    for denial in ["The decrement is never computed from a stale value.", "It doesn't use a stale value."] {
        let r = grade_md(&set, &format!("#### Answer Q8\n\n8. Tx1 takes the row lock; Tx2 waits for it, then re-reads the latest committed version, 9, and applies stock - 1 to get 8. {denial}\n"));
        assert!(!q(&r, "Q8").misconceptions.iter().any(|m| m.id == "stale-read"), "{denial}\n{}", dump(&r));
    }
}

/// A save slot answered "No:" by the next one ("`[SLOT 1]` 9, both read 10." / "`[SLOT 2]` No: the
/// second UPDATE has to wait ...") is a view refuted, past the next entry's label in code (found on
/// held-out blind set 81 after its grading).
#[test]
fn a_view_answered_no_by_the_next_entry() {
    let r = grade_md(&set(), "#### Answer Q7\n\nB.\n\n#### Answer Q8\n\n`[SLOT 1 · quicksave]` 9, both read 10.\n\n`[SLOT 2 · quicksave]` No: the second UPDATE has to wait for the first one's row lock.\n\n**CONTINUE FROM SLOT 2:** 8. Tx1 locks the row with its update. Tx2 wants the same row and waits. When Tx1 commits, Tx2 continues with the row as it is now (9) and takes one off, so 8.\n\n#### Answer Q9\n\nFOR SHARE.\n");
    assert!(!q(&r, "Q8").misconceptions.iter().any(|m| m.id == "stale-read"), "{}", dump(&r));
    assert!(q(&r, "Q8").score >= 7.0, "{}", dump(&r));
}

/// Where a revision lands: "So: `LOCK TABLE ...`" after a revised conclusion, and a report's
/// "ADDENDUM: Revised to `FOR SHARE`" over its first impression (found on held-out blind set 81
/// after its grading).
#[test]
fn a_revision_lands_on_its_so_or_addendum() {
    let set = set();
    let chosen = |r: &AnswersResult| q(r, "Q9").choice.as_ref().and_then(|c| c.chosen.clone());
    let so = grade_md(&set, "#### Answer Q9\n\nFirst conclusion: `SELECT ... FOR SHARE`. Row locks only on the rows read: UPDATE/DELETE on them wait, INSERTs of new rows are unaffected.\n\nRevised conclusion (replaces the above): locking every row in `orders` for 30 s with FOR SHARE writes lock information into every tuple. `LOCK TABLE orders IN SHARE MODE` is one lock on the table instead of millions: it blocks UPDATE and DELETE, but plain INSERT still goes through. So: `LOCK TABLE ... IN SHARE MODE` inside the report transaction.\n");
    assert_eq!(chosen(&so).as_deref(), Some("lock-table"), "{}", dump(&so));
    let addendum = grade_md(&set, "#### Answer Q9\n\nIMPRESSION: `FOR UPDATE` on the rows read by the report.\n\nADDENDUM: Revised to `FOR SHARE`. `FOR UPDATE` is an exclusive row lock, stronger than the report needs. `FOR SHARE` lets other readers in but still blocks UPDATE and DELETE on the locked rows. New INSERTs are not affected. `LOCK TABLE` in the modes that stop updates would also block inserts, so it is excluded.\n");
    assert_eq!(chosen(&addendum).as_deref(), Some("for-share"), "{}", dump(&addendum));
}

/// A thread's post numbers ("1/ 8. ...") are no fraction before the answer; a "Steelman of 9:"
/// argues for the option it then rejects, and "Why it loses:" is no claim of that option.
#[test]
fn thread_numbers_and_a_steelman() {
    let set = set();
    let chosen = |r: &QuestionResult| r.choice.as_ref().and_then(|c| c.chosen.clone());
    let thread = one(&set, "Q8", "**1/** 8. postgres doesn't lose this one.\n\n**2/** Tx1's UPDATE locks the row. Tx2 waits on the lock, then re-reads the current row (9) and writes 8.\n\n**3/** the lost update people worry about is app code doing SELECT, compute 9 in Go, UPDATE SET stock = 9. keep the math in SQL.");
    assert_eq!(chosen(&thread).as_deref(), Some("8"), "{}", thread.summary);
    let steelman = one(&set, "Q8", "**Steelman of 9:** both transactions saw 10.\n\n**Why it loses:** an UPDATE never writes back a value computed from a stale read. Tx2 blocks on Tx1's row lock, then re-reads the committed 9 and writes 8.\n\n**Pick: 8.**");
    assert!(steelman.misconceptions.is_empty() && steelman.score >= 8.0, "{}", steelman.summary);
}

/// Thesis, antithesis, synthesis: the synthesis is the answer, not the thesis it overturns.
#[test]
fn the_synthesis_is_the_answer() {
    let set = set();
    let r = one(&set, "Q7", "**Thesis.** A, because `age` filters first.\n\n**Antithesis.** With `(age, last_name)` the Smiths are scattered through every age above 25, so the scan reads the whole `age > 25` range.\n\n**Synthesis.** **B** `(last_name, age)`. Equality on the leading column pins the scan to the Smiths, sorted by age, from Smith/26 to the last Smith. Equality first, range last.");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", r.summary);
}

/// A table row whose verdict cell turns its option down ("| SKIP LOCKED | CUT |") earns
/// nothing; a matrix's "No" answers its column's question and turns nothing down.
#[test]
fn a_row_cut_by_its_verdict_cell_earns_nothing() {
    let set = set();
    let cut = one(&set, "Q10", "The workers all fight over locks.\n\n| Auditioned | Call |\n|---|---|\n| SKIP LOCKED | CUT |\n| FOR NO KEY UPDATE | CALLBACK |\n\nCast: `FOR NO KEY UPDATE`, a lighter lock the workers can share.");
    assert!(!cut.evidence.iter().any(|e| e.criterion == "skip-locked"), "{}", cut.summary);
    let matrix = one(&set, "Q10", "All 50 workers lock the same first pending row and 49 wait.\n\n| Fix | Waits on a locked row |\n|---|---|\n| SKIP LOCKED | No |\n| NOWAIT | No, errors |\n\nAdd SKIP LOCKED: each worker takes the next unlocked row.");
    assert!(matrix.evidence.iter().any(|e| e.criterion == "skip-locked"), "{}", matrix.summary);
}

/// An answer typed wholly in a fence whose lines are words is read as statements: a logfmt
/// line's `answer=` field picks, its `why_not=` field turns down; a trace's tag column is not
/// part of the words, and its last line lands the answer; a receipt's VOID line rejects its item.
#[test]
fn an_answer_typed_in_a_fence_is_read_as_statements() {
    let set = set();
    let chosen = |r: &QuestionResult| r.choice.as_ref().and_then(|c| c.chosen.clone());
    let logfmt = one(&set, "Q9", "```\nq=9 answer=\"FOR SHARE\"\nq=9 reason=\"row share locks block UPDATE and DELETE on the rows read; new rows can still be inserted\"\nq=9 why_not=\"FOR UPDATE is stronger than needed; LOCK TABLE blocks the inserts\"\n```");
    assert_eq!(chosen(&logfmt).as_deref(), Some("for-share"), "{}", logfmt.summary);
    let trace = one(&set, "Q7", "```\nc  Q7 last_name = 'Smith' AND age > 25\nd  A (age, last_name)\nx  conflict: the range on age leads, so last_name only filters\nd  B (last_name, age)\np  every Smith entry is adjacent, ordered by age\nv  B. Equality column first, range column second: one contiguous range of the index.\n```");
    assert_eq!(chosen(&trace).as_deref(), Some("B"), "{}", trace.summary);
    let literal = one(&set, "Q9", "```go\nAnswer{\n\tQ:    9,\n\tPick: \"FOR SHARE\",\n\tBecause: []string{\n\t\t\"share lock on every row the report reads: UPDATE and DELETE on them wait\",\n\t\t\"INSERTs create new rows nobody has locked, so they go through\",\n\t\t\"FOR UPDATE is exclusive and more than needed; LOCK TABLE would stop inserts\",\n\t},\n}\n```");
    assert_eq!(chosen(&literal).as_deref(), Some("for-share"), "{}", literal.summary);
    let receipt = one(&set, "Q2", "```\nproducer panics                        VOID\nproducer blocks when the buffer is full   OK\nadd ten consumers so 1000/s drain at 100/s each   OK\n```");
    assert!(!receipt.misconceptions.iter().any(|m| m.id == "panic-or-deadlock"), "{}", receipt.summary);
    assert!(receipt.score > 0.0, "{}", receipt.summary);
}

/// A table with a pick column: the ticked row is the pick, an empty one is turned down, and a
/// tick with a question mark is a guess.
#[test]
fn a_ticked_row_of_a_pick_column_is_the_pick() {
    let set = set();
    let ticked = one(&set, "Q7", "| Index | Pick |\n|---|---|\n| A (age, last_name) | |\n| B (last_name, age) | \u{2714} |\n\nThe equality column goes first, then the range column.");
    assert_eq!(ticked.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", ticked.summary);
    let guessed = one(&set, "Q8", "| Final stock | Reason | Pick |\n|---|---|---|\n| 8 | the second waits for the row lock | |\n| 9 | both read 10 at the start | \u{2714} (?) |");
    assert!(guessed.score < guessed.max_score / 2.0, "{}", guessed.summary);
}

/// "May or may not be affected" says it both ways and asserts neither.
#[test]
fn both_ways_at_once_asserts_nothing() {
    let set = set();
    let met = |r: &QuestionResult| r.evidence.iter().any(|e| e.criterion == "a-unaffected");
    let hedged = one(&set, "Q4", "B's users move to the next server on the ring. A's users may or may not be affected; it depends on the layout.");
    assert!(!met(&hedged), "{}", hedged.summary);
    let stated = one(
        &set,
        "Q4",
        "B's users move to the next server on the ring. A's users are not affected; their keys stay where they were.",
    );
    assert!(met(&stated), "{}", stated.summary);
}

/// "LOCK TABLE ... IN SHARE MODE", "a table-level SHARE lock" name LOCK TABLE: the "share lock"
/// inside the longer name is not FOR SHARE.
#[test]
fn a_share_mode_table_lock_is_lock_table() {
    let set = set();
    let r = one(&set, "Q9", "**Proposal: a table-level SHARE lock for the report.** `LOCK TABLE orders IN SHARE MODE` for the duration of the report.");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("lock-table"), "{}", r.summary);
}

/// A lead-in that offers what follows as interchangeable ("Either of these meets the
/// requirement:", "there are several valid architectures:") and a pick left to circumstances
/// ("I'd pick based on table size") is a list without a commitment: half credit at most.
#[test]
fn options_offered_as_interchangeable_earn_half_at_most() {
    let set = set();
    let r = one(&set, "Q9", "Either of these meets the requirement:\n\n- `SELECT ... FOR SHARE` on the rows the report reads: blocks UPDATE and DELETE on them, leaves inserts alone.\n- `LOCK TABLE orders IN SHARE MODE`: one table-level lock instead of many row locks.\n\n`FOR UPDATE` is too strong. I'd pick based on table size.");
    assert!(r.score <= r.max_score / 2.0, "{}", r.summary);
}

/// What a sheet leaves out ("Left out: `select` with a default that drops events") or puts in a
/// tier list's failing tier ("F: `select { default: }` (drops data)") is turned down, not claimed.
#[test]
fn left_out_and_the_failing_tier_are_turned_down() {
    let set = set();
    let blocks =
        "The buffer fills in about 0.1 s and then every send blocks; the producer runs at the consumer's 100/s.";
    for rejected in [
        "**Left out:** `select` with a `default` branch that drops events.",
        "- **F**: `select { case ch <- ev: default: }` (drops data).",
    ] {
        let r = one(&set, "Q2", &format!("{blocks}\n\nRun ten consumers on the same channel.\n\n{rejected}"));
        assert!(!r.misconceptions.iter().any(|m| m.id == "data-dropped"), "{rejected}: {}", r.summary);
    }
}

/// "`FOR SHARE` wins." and "Of the three, `FOR SHARE`: ..." pick, against a later sentence led
/// by an option it turns down.
#[test]
fn wins_and_of_the_three_pick() {
    let set = set();
    for answer in [
        "**Duel: `FOR UPDATE` vs. `FOR SHARE`.**\n\n`FOR SHARE` wins. Updates of the rows read wait and inserts go through. `FOR UPDATE` is exclusive, more than we need.",
        "*Brief.* Thirty-second report; inserts continue.\n\n*Method.* Of the three, `FOR SHARE`: shared row locks on every row read, so updates wait while inserts proceed. `LOCK TABLE ... IN SHARE MODE` blocks INSERT.",
    ] {
        let r = one(&set, "Q9", answer);
        assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("for-share"), "{}", r.summary);
    }
}

/// A label that forbids ("Don't sow:", "Do not use:") or a prohibition sign before a label turns
/// down what it names.
#[test]
fn a_forbidding_label_turns_down_its_option() {
    let set = set();
    let r = one(&set, "Q9", "- **Most reports:** `SELECT ... FOR SHARE`. Nobody can update the rows I've read, and new inserts go in.\n- \u{1f6ab} **Don't sow:** `FOR UPDATE`. It's for rows you're going to modify.");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("for-share"), "{}", r.summary);
}

/// Options listed and the pick put off until something else happens ("Choose among 1 to 4 after
/// product confirms ...", "I make no recommendation between them") is a hedged list; "My pick: add
/// SKIP LOCKED after FOR UPDATE" is a pick.
#[test]
fn a_pick_put_off_until_later_is_a_hedge() {
    let set = set();
    let options = "Yes, it allows it: the two batches fall in different windows, so 200 requests pass in two seconds.\n\n**Options considered.**\n- *Sliding-window log* (sorted set of timestamps): exact.\n- *Sliding-window counter* (weighted previous window): approximate.\n- *Token bucket*: explicit burst and refill.\n\n";
    for deferred in [
        "**Recommendation.** Choose among these after product confirms what the limit is for.",
        "I make no recommendation between them on the information available.",
    ] {
        let r = one(&set, "Q5", &format!("{options}{deferred}"));
        assert!(r.score <= r.max_score / 2.0, "{deferred}: {}", r.summary);
    }
    let pick = one(&set, "Q10", "All 50 workers lock the same first pending job and 49 wait behind it.\n\n**My pick:** add `SKIP LOCKED` after `FOR UPDATE`, so each worker skips held rows and takes the next free job.");
    assert!(pick.score >= pick.max_score * 0.8, "{}", pick.summary);
}

/// A supposition argued against ("Suppose `r` stayed on the stack. ... So in fact it goes to the
/// heap") is no pick, and "No `select { default: }` on the send" forbids the dropping send.
#[test]
fn a_supposition_and_a_forbidden_construct_are_not_claims() {
    let set = set();
    let r = one(&set, "Q3", "*Suppose `r` stayed on `Process`'s stack.* `Process` returns straight away and its frame is reused, so the goroutine would read a dangling value.\n\nSo in fact it goes to the heap: escape analysis can't prove the goroutine finishes before `Process` returns.");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", r.summary);
    let q8 = one(&set, "Q8", "*Suppose both transactions simply read 10 and wrote 9.* That's the classic lost update, what would happen if the application did the arithmetic.\n\nBut the UPDATE takes a lock on the row, so Tx2 waits for Tx1 to commit, then re-reads the latest version (9) and writes 8. The final stock is 8.");
    assert!(!q8.misconceptions.iter().any(|m| m.id == "stale-read"), "{}", q8.summary);
    let q2 = one(&set, "Q2", "The buffer fills in about 0.1 s; then every send blocks and the producer runs at the consumer's 100/s. Run 16 consumers on the same channel.\n\nNo `select { default: }` on the send. That pattern is what silently drops data.");
    assert!(!q2.misconceptions.iter().any(|m| m.id == "data-dropped"), "{}", q2.summary);
}

/// "Whether that matters depends on what the limit protects. If a downstream service can take
/// only 100/min, ..., so I'd call it a problem." weighs and lands: no hedge.
#[test]
fn a_weighing_that_lands_is_no_hedge() {
    let set = set();
    let r = one(&set, "Q5", "| Request time | Window key | Count after | Allowed? |\n|---|---|---|---|\n| 12:00:59 x100 | `rl:user:12:00` | 100 | yes |\n| 12:01:01 x100 | `rl:user:12:01` | 100 | yes |\n\nSo yes: the 12:00 and 12:01 counters each reach 100, so 200 requests get through in about 2 seconds, a 2x burst at every boundary. Whether that matters depends on what the limit protects. If a downstream service can take only 100/min, this is a 2x overload, so I'd call it a problem.\n\nFix: a **sliding window counter**. Keep the current and previous minute's counters and estimate the last 60 s as `prev x (overlap / 60) + curr`; at 12:01:01 that is about 98, so only one or two more get in. Run the check and INCR in one Lua script so concurrent requests can't race. If it has to be exact, use a sorted-set log per user instead, at the cost of memory.");
    assert!(r.score >= r.max_score * 0.8, "{}", r.summary);
}

/// A YAML value that is one camelCase identifier (`algorithm: tokenBucket`) reads as the words it
/// joins.
#[test]
fn a_camel_case_yaml_value_reads_as_words() {
    let set = set();
    let r = one(&set, "Q5", "```yaml\nrateLimit:\n  current:\n    algorithm: fixedWindow\n    allows200In2s: true\n    problem: yes, the window boundary lets a user double the limit\n  proposed:\n    algorithm: tokenBucket\n    capacity: 100\n    refillPerSecond: 1.67\n    atomic: Lua script (read, refill, take, write in one call)\n```");
    assert!(r.evidence.iter().any(|e| e.criterion == "better-algorithm"), "{}", r.summary);
}

/// A letter's "**Re: Q3 (escape analysis)**" paragraphs are its answers, and a "First instinct:"
/// revised "On reflection:" is graded on the reflection.
#[test]
fn a_letters_replies_and_a_revised_instinct_are_read() {
    let set = set();
    let letter = grade_md(&set, "# Answers\n\n### Q3. Escape Analysis\n\nDoes `r` stay on the Stack or move to the Heap? Why?\n\n### Q7. Indexing Strategy\n\nChoose one and explain why (mention B-Tree structure).\n\n## My answers, as a letter to the panel\n\nDear panel, my answers follow.\n\n**Re: Q3 (escape analysis)**\n\nHeap. The goroutine can outlive `Process`, so the compiler moves `r` to the heap; `go build -gcflags=-m` shows it.\n\n**Re: Q7 (indexing)**\n\nB, `(last_name, age)`: equality on the leading column, then the range on age, one contiguous run of the B-tree.\n");
    assert_eq!(q(&letter, "Q3").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", dump(&letter));
    assert_eq!(q(&letter, "Q7").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", dump(&letter));
    let postscript = grade_md(&set, "# Answers\n\n### Q3. Escape Analysis\n\nDoes `r` stay on the Stack or move to the Heap? Why?\n\n### Q8. The Missing Update\n\nWhat is the final stock?\n\n## My answers\n\n**Re: Q3 (escape analysis)**\n\nHeap: the goroutine can outlive `Process`.\n\n**Re: Q8 (the update)**\n\nBoth read 10 and both write 9.\n\n**P.S. \u{2014} correcting Q8.** The UPDATE takes a row lock, so Tx2 waits, re-reads 9 and writes 8. Final stock: 8.\n");
    let q8 = q(&postscript, "Q8");
    assert!(q8.review_reason.as_deref().unwrap_or("").contains("2 places"), "{}", dump(&postscript));
    let revised = one(&set, "Q3", "**First instinct:** stack, it's just a pointer parameter.\n\n**On reflection:** heap. The closure captures `r` and the goroutine can keep running after `Process` returns, so the compiler moves it to the heap.");
    assert_eq!(revised.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", revised.summary);
}

/// "Ans: 8. ..." under the answer's heading: the number after the label's colon is the answer,
/// not the question it answers.
#[test]
fn a_number_after_an_answer_label_is_the_answer() {
    let set = set();
    let r = grade_md(&set, "### Q8. The Missing Update\n\n#### Answer Q8\n\nAns: 8. The second update waits for the first one's row lock.\n");
    assert_eq!(q(&r, "Q8").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("8"), "{}", dump(&r));
}

/// Blind set 67 (10 sheets, 4 reflections), written in stop 30 by someone who never saw the
/// grader, committed unread; a development set: weak and middling answers in the right vocabulary
/// around wrong or half-understood ideas, beside a few strong ones. First grading, untouched
/// (eb227ba): MAE 0.109, 5 labelled <= 0.4 given half (1 with the verdict wrong), 1 labelled >= 0.8
/// given <= 0.3, needs_review on 1 of 2 far-off answers (50%), 39 of 100 flagged. The grader at the
/// start of the stop (052cbb7) gives 0.113.
#[test]
fn blind67_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind67-dev"), None);
    a.print("blind67-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.109, "blind67-dev MAE {:.3}", a.mae());
}

/// Blind set 67's reflections. First grading, untouched (eb227ba): mean error 0.146, worst 0.238
/// (start of stop: 0.150, 0.260).
#[test]
fn blind67_dev_reflection_figures() {
    reflection_figures("blind67-dev");
}

/// Blind set 68 (10 sheets, 4 reflections), written in stop 30 by someone who never saw the
/// grader, committed unread; a development set: an ordinary mixed week of a large company's backend
/// hiring pipeline. First grading, untouched (eb227ba): MAE 0.089, 2 labelled <= 0.4 given half
/// (none with the verdict wrong), 2 labelled >= 0.8 given <= 0.3, needs_review on 2 of 2 far-off
/// answers (100%), 43 of 100 flagged. The grader at the start of the stop (052cbb7) gives 0.089.
#[test]
fn blind68_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind68-dev"), None);
    a.print("blind68-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.078, "blind68-dev MAE {:.3}", a.mae());
}

/// Blind set 68's reflections. First grading, untouched (eb227ba): mean error 0.134, worst 0.335
/// (start of stop: 0.134, 0.345).
#[test]
fn blind68_dev_reflection_figures() {
    reflection_figures("blind68-dev");
}

/// "What I would not do:" turns down the move it names; "an approximation, which is fine for
/// abuse protection" speaks of the fix's accuracy, not of the burst.
#[test]
fn what_i_would_not_do_and_a_fine_approximation() {
    let set = set();
    let q2 = one(&set, "Q2", "Consumer capacity is 100 ev/s against 1,000 in; the 100 slots are full after about 0.11 s and every send blocks, so the producer runs at 100/s. Run 16 consumers on the channel and put Kafka in front for long bursts.\n\nWhat I would not do: `select { case ch <- ev: default: }`, which is exactly \"dropping data\".");
    assert!(q2.misconceptions.is_empty() && q2.score >= 9.0, "{}", q2.summary);
    let q5 = one(&set, "Q5", "Yes, it allows it: 200 requests in two seconds, twice the limit, a real problem. Fix with a sliding window counter: estimate = current + previous * (1 - elapsed/60), about 98 at 12:01:01, in one Lua script. It's an approximation, which is fine for abuse protection.");
    assert!(q5.misconceptions.is_empty() && q5.score >= 8.0, "{}", q5.summary);
}

/// "I wouldn't state it either way without the compiler output" and "not certain which one
/// applies" put the answer off; "it's not wrong either way" about a detail does not.
#[test]
fn refusing_to_state_it_either_way_defers() {
    let set = set();
    let r = one(&set, "Q3", "Risk: r may be moved to the heap.\nAssessment: it could stay on the stack if the compiler can prove the goroutine finishes in time, or go to the heap if it can't.\nReferral: run `go build -gcflags=-m`; I wouldn't state it either way without the compiler output.");
    assert!(r.score <= 4.0, "{}", r.summary);
    let detail = one(&set, "Q10", "All 50 workers lock the same first pending row and 49 wait. Add `SKIP LOCKED`: each worker skips locked rows and takes the next pending job.\n\nReply: not sure about the index, it's not wrong either way.");
    assert!(detail.score >= 9.0, "{}", detail.summary);
}

/// Each option stated as what follows from a condition ("If ..., the answer is 8. If ..., it's
/// 9.") is weighed, not chosen: with both sides stated so, there is no final answer.
#[test]
fn two_conditional_outcomes_choose_neither() {
    let set = set();
    let r = one(&set, "Q8", "Assessment: If Postgres lets the second update wait for the first and then use the new value, the answer is 8. If both read 10 before either writes, it's 9. Read Committed allows some anomalies, so I'm not certain which one applies.");
    assert!(r.choice.as_ref().is_none_or(|c| c.chosen.is_none()) && r.score <= 6.0, "{}", r.summary);
}

/// Blind set 55 (10 sheets, 4 reflections), written in stop 29 by someone who never saw the
/// grader, committed unread (3c76b7f) and held out until the end of stop 30. Graded once at the
/// end of the stop, untouched (6990f56): MAE 0.077, 2 labelled <= 0.4 given half (none with the
/// verdict wrong), none labelled >= 0.8 given <= 0.3, needs_review on 1 of 2 far-off answers (50%),
/// 33 of 100 flagged. The grader at the start of the stop (052cbb7) gives 0.076.
#[test]
fn blind55_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind55-holdout"), None);
    a.print("blind55-holdout");
}

/// Blind set 55's reflections. Graded once at the end of stop 30, untouched (6990f56): mean error
/// 0.089, worst 0.185 (start of stop: 0.089, 0.185).
#[test]
fn blind55_holdout_reflection_figures() {
    reflection_figures("blind55-holdout");
}

/// Blind set 56 (10 sheets, 4 reflections), written in stop 29 by someone who never saw the
/// grader, committed unread (3c76b7f) and held out until the end of stop 30. Graded once at the
/// end of the stop, untouched (6990f56): MAE 0.108, 3 labelled <= 0.4 given half (1 with the
/// verdict wrong), 2 labelled >= 0.8 given <= 0.3, needs_review on 3 of 4 far-off answers (75%), 41
/// of 100 flagged. The grader at the start of the stop (052cbb7) gives 0.108.
#[test]
fn blind56_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind56-holdout"), None);
    a.print("blind56-holdout");
}

/// Blind set 56's reflections. Graded once at the end of stop 30, untouched (6990f56): mean error
/// 0.100, worst 0.203 (start of stop: 0.121, 0.220).
#[test]
fn blind56_holdout_reflection_figures() {
    reflection_figures("blind56-holdout");
}

/// Blind set 57 (10 sheets, 4 reflections), written in stop 29 by someone who never saw the
/// grader, committed unread (3c76b7f) and held out until the end of stop 30. Graded once at the
/// end of the stop, untouched (6990f56): MAE 0.113, 3 labelled <= 0.4 given half (1 with the
/// verdict wrong), 3 labelled >= 0.8 given <= 0.3, needs_review on 5 of 5 far-off answers (100%),
/// 52 of 100 flagged. The grader at the start of the stop (052cbb7) gives 0.114.
#[test]
fn blind57_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind57-holdout"), None);
    a.print("blind57-holdout");
}

/// Blind set 57's reflections. Graded once at the end of stop 30, untouched (6990f56): mean error
/// 0.074, worst 0.135 (start of stop: 0.087, 0.155).
#[test]
fn blind57_holdout_reflection_figures() {
    reflection_figures("blind57-holdout");
}

/// Blind set 58 (10 sheets, 4 reflections), written in stop 29 by someone who never saw the
/// grader, committed unread (3c76b7f) and held out until the end of stop 30. Graded once at the
/// end of the stop, untouched (6990f56): MAE 0.132, 5 labelled <= 0.4 given half (2 with the
/// verdict wrong), 5 labelled >= 0.8 given <= 0.3, needs_review on 8 of 8 far-off answers (100%),
/// 58 of 100 flagged. The grader at the start of the stop (052cbb7) gives 0.132.
#[test]
fn blind58_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind58-holdout"), None);
    a.print("blind58-holdout");
}

/// Blind set 58's reflections. Graded once at the end of stop 30, untouched (6990f56): mean error
/// 0.126, worst 0.236 (start of stop: 0.151, 0.296).
#[test]
fn blind58_holdout_reflection_figures() {
    reflection_figures("blind58-holdout");
}

/// A headline straight under an answer heading ("#### Answer Q4" then "### Consistent Hashing:
/// The Ring Is the Season's Must-Have") is the answer's title; a part heading after an empty
/// answer still ends it.
#[test]
fn a_headline_under_an_answer_heading_is_its_title() {
    let set = set();
    let sheet = "# Answers\n\n#### Answer Q4\n\n### Consistent Hashing: The Ring Is the Season's Must-Have\n\nB's users move to the next server clockwise; A's users stay put; modulo remaps about two thirds of all keys.\n\n#### Answer Q3\n\n## Part 2: Distributed Systems\n\nSome words the candidate wrote under the part heading about the systems.\n";
    let r = grade_md(&set, sheet);
    assert!(q(&r, "Q4").score >= 7.0, "{}", dump(&r));
    assert_ne!(q(&r, "Q3").status, AnswerStatus::Answered, "{}", dump(&r));
}

/// Blind set 69 (10 sheets, 4 reflections), written in stop 31 by someone who never saw the
/// grader, committed unread; a development set: answers written mostly in code, configuration,
/// pseudo-code or structured data, each sheet a different notation. First grading, untouched
/// (a132f74): MAE 0.097, 2 labelled <= 0.4 given half (none with the verdict wrong), 1 labelled
/// >= 0.8 given <= 0.3, needs_review on 1 of 2 far-off answers, 67 of 100 flagged.
#[test]
fn blind69_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind69-dev"), None);
    a.print("blind69-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.089, "blind69-dev MAE {:.3}", a.mae());
}

/// Blind set 69's reflections. First grading, untouched (a132f74): mean error 0.114, worst 0.220.
#[test]
fn blind69_dev_reflection_figures() {
    reflection_figures("blind69-dev");
}

/// Blind set 70 (10 sheets, 4 reflections), written in stop 31 by someone who never saw the
/// grader, committed unread; a development set: hedgers of every kind (weigh then commit, commit
/// then qualify, never commit, one option per case). First grading, untouched (a132f74): MAE
/// 0.137, 11 labelled <= 0.4 given half (1 with the verdict wrong), 1 labelled >= 0.8 given <= 0.3,
/// needs_review on 2 of 5 far-off answers, 43 of 100 flagged.
#[test]
fn blind70_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind70-dev"), None);
    a.print("blind70-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.124, "blind70-dev MAE {:.3}", a.mae());
}

/// Blind set 70's reflections. First grading, untouched (a132f74): mean error 0.043, worst 0.095.
#[test]
fn blind70_dev_reflection_figures() {
    reflection_figures("blind70-dev");
}

/// Blind set 71 (10 sheets, 4 reflections), written in stop 31 by someone who never saw the
/// grader, committed unread; a development set: right for the wrong reason, or wrong for a
/// plausible one (the pick and the explanation disagree in quality). First grading, untouched
/// (a132f74): MAE 0.143, 14 labelled <= 0.4 given half (none with the verdict wrong), 1 labelled
/// >= 0.8 given <= 0.3, needs_review on 1 of 4 far-off answers, 33 of 100 flagged.
#[test]
fn blind71_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind71-dev"), None);
    a.print("blind71-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.133, "blind71-dev MAE {:.3}", a.mae());
}

/// Blind set 71's reflections. First grading, untouched (a132f74): mean error 0.038, worst 0.080.
#[test]
fn blind71_dev_reflection_figures() {
    reflection_figures("blind71-dev");
}

/// Blind set 61 (10 sheets, 4 reflections), written in stop 30 by someone who never saw the
/// grader (free choice of candidates and styles), committed unread (09d63fa) and held out until
/// the end of stop 31. Graded once at the end of the stop, untouched: (d7e8f5b): MAE 0.105, 3
/// labelled <= 0.4 given half (1 with the verdict wrong), none labelled >= 0.8 given <= 0.3,
/// needs_review on 1 of 2 far-off answers (50%), 41 of 100 flagged. The grader at the start of the
/// stop (a132f74) gives 0.115, 4, 1 and 3 of 4.
#[test]
fn blind61_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind61-holdout"), None);
    a.print("blind61-holdout");
}

/// Blind set 61's reflections. Graded once at the end of stop 31, untouched: (d7e8f5b): mean error
/// 0.057, worst 0.060 (start of stop: the same).
#[test]
fn blind61_holdout_reflection_figures() {
    reflection_figures("blind61-holdout");
}

/// Blind set 62 (10 sheets, 4 reflections), written in stop 30 by someone who never saw the
/// grader (a fintech hiring round: mostly mid-level, hurried sheets with gaps), committed unread
/// (d66df48) and held out until the end of stop 31. Graded once at the end of the stop,
/// untouched: (d7e8f5b): MAE 0.103, 3 labelled <= 0.4 given half (none with
/// the verdict wrong), none labelled >= 0.8 given <= 0.3, needs_review on 0 of 1 far-off answer, 36
/// of 100 flagged. The grader at the start of the stop (a132f74) gives 0.107.
#[test]
fn blind62_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind62-holdout"), None);
    a.print("blind62-holdout");
}

/// Blind set 62's reflections. Graded once at the end of stop 31, untouched: (d7e8f5b): mean error
/// 0.128, worst 0.275 (start of stop: the same).
#[test]
fn blind62_holdout_reflection_figures() {
    reflection_figures("blind62-holdout");
}

/// Blind set 76 (10 sheets, 4 reflections), written in stop 31 by someone who never saw the
/// grader, committed unread; a development set: several options listed, then settled on, ranked
/// or left to circumstances. First grading, untouched (eb55b3d): MAE 0.161, 4 labelled <= 0.4
/// given half (none with the verdict wrong), 3 labelled >= 0.8 given <= 0.3, needs_review on 5 of
/// 7 far-off answers, 41 of 100 flagged. The grader at the start of the stop (a132f74) gives the
/// same.
#[test]
fn blind76_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind76-dev"), None);
    a.print("blind76-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.136, "blind76-dev MAE {:.3}", a.mae());
}

/// Blind set 76's reflections. First grading, untouched (eb55b3d): mean error 0.029, worst 0.050.
#[test]
fn blind76_dev_reflection_figures() {
    reflection_figures("blind76-dev");
}

/// Blind set 77 (10 sheets, 4 reflections), written in stop 31 by someone who never saw the
/// grader, committed unread; a development set: confident answers mixing one right mechanism
/// with one invented mechanism or a wrong number. First grading, untouched (eb55b3d): MAE 0.104,
/// 3 labelled <= 0.4 given half (none with the verdict wrong), none labelled >= 0.8 given <= 0.3,
/// needs_review on 1 of 1 far-off answer, 38 of 100 flagged. The grader at the start of the stop
/// (a132f74) gives the same.
#[test]
fn blind77_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind77-dev"), None);
    a.print("blind77-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.098, "blind77-dev MAE {:.3}", a.mae());
}

/// Blind set 77's reflections. First grading, untouched (eb55b3d): mean error 0.044, worst 0.095.
#[test]
fn blind77_dev_reflection_figures() {
    reflection_figures("blind77-dev");
}

/// Blind set 78 (10 sheets, 4 reflections), written in stop 31 by someone who never saw the
/// grader, committed unread; a development set: middling candidates in plain prose, each roughly
/// half right. First grading, untouched (952f210): MAE 0.100, 5 labelled <= 0.4 given half (none
/// with the verdict wrong), none labelled >= 0.8 given <= 0.3, needs_review on 1 of 2 far-off
/// answers, 27 of 100 flagged. The grader at the start of the stop (a132f74) gives the same.
#[test]
fn blind78_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind78-dev"), None);
    a.print("blind78-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.094, "blind78-dev MAE {:.3}", a.mae());
}

/// Blind set 78's reflections. First grading, untouched (952f210): mean error 0.090, worst 0.210.
#[test]
fn blind78_dev_reflection_figures() {
    reflection_figures("blind78-dev");
}

/// Blind set 79 (10 sheets, 4 reflections), written in stop 31 by someone who never saw the
/// grader, committed unread; a development set: strong candidates right in their own words
/// (analogies, first principles, unusual angles). First grading, untouched (952f210): MAE 0.123,
/// 2 labelled <= 0.4 given half (none with the verdict wrong), 3 labelled >= 0.8 given <= 0.3,
/// needs_review on 5 of 5 far-off answers, 38 of 100 flagged. The grader at the start of the stop
/// (a132f74) gives the same.
#[test]
fn blind79_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind79-dev"), None);
    a.print("blind79-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.095, "blind79-dev MAE {:.3}", a.mae());
}

/// Blind set 79's reflections. First grading, untouched (952f210): mean error 0.106, worst 0.140.
#[test]
fn blind79_dev_reflection_figures() {
    reflection_figures("blind79-dev");
}

/// Blind set 72 (10 sheets, 4 reflections), written in stop 31 by someone who never saw the
/// grader (an ordinary hiring round: plain mid-level and senior writers, some gaps), committed
/// unread (f64fab0) and held out until the end of stop 31. Graded once at the end of the stop,
/// untouched: (7d0f5cf): MAE 0.086, 1 labelled <= 0.4 given half (none with the verdict
/// wrong), none labelled >= 0.8 given <= 0.3, needs_review on 0 of 2 far-off answers, 34 of 100
/// flagged. The grader at the start of the stop (a132f74) gives the same.
#[test]
fn blind72_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind72-holdout"), None);
    a.print("blind72-holdout");
}

/// Blind set 72's reflections. Graded once at the end of stop 31, untouched: (7d0f5cf): mean error
/// 0.144, worst 0.180 (start of stop: the same).
#[test]
fn blind72_holdout_reflection_figures() {
    reflection_figures("blind72-holdout");
}

/// Blind set 73 (10 sheets, 4 reflections), written in stop 31 by someone who never saw the
/// grader (long answers with asides, second thoughts and corrections), committed unread
/// (856c7e9) and held out until the end of stop 31. Graded once at the end of the stop,
/// untouched: (7d0f5cf): MAE 0.215, 3 labelled <= 0.4 given half (none with
/// the verdict wrong), 13 labelled >= 0.8 given <= 0.3, needs_review on 16 of 17 far-off answers
/// (94%), 65 of 100 flagged. The grader at the start of the stop (a132f74) gives the same.
#[test]
fn blind73_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind73-holdout"), None);
    a.print("blind73-holdout");
}

/// Blind set 73's reflections. Graded once at the end of stop 31, untouched: (7d0f5cf): mean error
/// 0.146, worst 0.270 (start of stop: the same).
#[test]
fn blind73_holdout_reflection_figures() {
    reflection_figures("blind73-holdout");
}

/// Blind set 84 (10 sheets, 4 reflections), written in stop 32 by someone who never saw the grader,
/// committed unread; a development set: an ordinary graduate-and-junior hiring day with a few
/// seniors. First grading, untouched (93f451d): MAE 0.082, 1 labelled <= 0.4 given half (verdict
/// partial), 0 labelled >= 0.8 given <= 0.3, no answer off by >= 0.5; 35 of 100 flagged. The grader
/// this stop began with (e6f29bc): MAE 0.084.
#[test]
fn blind84_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind84-dev"), None);
    a.print("blind84-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.078, "blind84-dev MAE {:.3}", a.mae());
}

/// Blind set 84's reflections. First grading, untouched: mean error 0.080, worst 0.160 (e6f29bc:
/// the same).
#[test]
fn blind84_dev_reflection_figures() {
    reflection_figures("blind84-dev");
}

/// A sentence about another language ("In Java everything goes on the heap") is not the pick.
#[test]
fn another_languages_option_is_not_the_pick() {
    let set = set();
    let r = one(
        &set,
        "Q3",
        "In Java everything goes on the heap so this is new for me. As I understand Go, `r` is only a pointer, so it stays on the stack.",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("stack"), "{}", r.summary);
    let r = one(&set, "Q3", "In Go, like in Java, it goes on the heap: the goroutine outlives the frame.");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", r.summary);
}

/// Blind set 82 (10 sheets, 4 reflections), written in stop 32 by someone who never saw the grader,
/// committed unread; a development set: self-corrections of every kind, the final position
/// counting. First grading, untouched (9a8f996): MAE 0.159, 8 labelled <= 0.4 given half (4 with
/// the verdict wrong), 4 labelled >= 0.8 given <= 0.3, needs_review on 2 of 9 answers off by >=
/// 0.5; 33 of 100 flagged. The grader this stop began with (e6f29bc): the same.
#[test]
fn blind82_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind82-dev"), None);
    a.print("blind82-dev");
    // Since studied: this guards that work. Stop 35's Q1 and Q3 weights, fitted to all studied
    // labels, give three of this set's right answers a point more than its labeller: 0.104 ->
    // 0.105.
    assert!(a.mae() <= 0.105, "blind82-dev MAE {:.3}", a.mae());
}

/// Blind set 82's reflections. First grading, untouched: mean error 0.100, worst 0.225 (e6f29bc:
/// the same).
#[test]
fn blind82_dev_reflection_figures() {
    reflection_figures("blind82-dev");
}

/// Blind set 83 (10 sheets, 4 reflections), written in stop 32 by someone who never saw the grader,
/// committed unread; a development set: misconceptions carried in code, and reflections quoting
/// unmeasured numbers. First grading, untouched (9a8f996): MAE 0.161, 5 labelled <= 0.4 given half
/// (none with the verdict wrong), 2 labelled >= 0.8 given <= 0.3, needs_review on 3 of 3 answers
/// off by >= 0.5; 35 of 100 flagged. The grader this stop began with (e6f29bc): the same.
#[test]
fn blind83_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind83-dev"), None);
    a.print("blind83-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.128, "blind83-dev MAE {:.3}", a.mae());
}

/// Blind set 83's reflections. First grading, untouched: mean error 0.167, worst 0.260 (e6f29bc:
/// the same).
#[test]
fn blind83_dev_reflection_figures() {
    reflection_figures("blind83-dev");
}

/// A closing list of corrections that names its questions ("**P.S.** ... - **Q3** — I've got
/// this wrong. It goes on the heap.") corrects those answers: an item that takes the answer back
/// replaces it, one that only adds is added; "P.P.S. — a refinement to Q1" is Q1's, not the
/// answer above it.
#[test]
fn late_corrections_reach_their_answers() {
    let set = set();
    let sheet = "### Q3. Escape Analysis\n\n#### Answer Q3\n\nStack, it's only a pointer.\n\n### Q6. Pagination\n\n#### Answer Q6\n\nOFFSET walks and discards 500,000 rows. Use keyset pagination: `WHERE created_at > $last ORDER BY created_at LIMIT 10`.\n\n### Q8. The Missing Update\n\n#### Answer Q8\n\n8: the second UPDATE waits on the row lock and re-reads 9.\n\n---\n\n**P.S.** Went back over a few.\n\n- **Q3** — I've got this wrong. It goes on the **heap**: the goroutine can still be running after `Process` returns.\n- **Q6:** needs a tiebreaker, `(created_at, id)`, since timestamps repeat.\n- **Q8** — thinking again it's actually **9**: both read 10 and both write 9.\n\n**P.P.S. \u{2014} a refinement to Q1.** `string(...)` copies, so the answer stands.\n";
    let r = grade_md(&set, sheet);
    assert_eq!(q(&r, "Q3").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", dump(&r));
    assert_eq!(q(&r, "Q8").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("9"), "{}", dump(&r));
    let q6 = q(&r, "Q6");
    assert!(q6.evidence.iter().any(|e| e.criterion == "keyset"), "an addition keeps the answer: {}", dump(&r));
    assert!(q6.evidence.iter().any(|e| e.criterion == "tie-breaker"), "{}", dump(&r));
    assert!(!q(&r, "Q8").answer.as_deref().unwrap_or("").contains("refinement"), "{}", dump(&r));
}

/// A bold "**Q3 (corrected).**" later on the sheet, as in a follow-up email, replaces the first
/// answer to Q3.
#[test]
fn a_bold_corrected_label_replaces_the_first_answer() {
    let set = set();
    let sheet = "**Q3.** Stack, it's only a pointer.\n\n**Q6.** OFFSET walks and discards 500,000 rows. Use keyset pagination.\n\n---\n\n**Subject:** CORRECTION: Q3\n\n**Q3 (corrected).** Heap: the goroutine can still run after `Process` returns, so `r` escapes.\n";
    let r = grade_md(&set, sheet);
    assert_eq!(q(&r, "Q3").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", dump(&r));
}

/// "guess 2: heap" after "guess 1: stack", a mulligan after a tee shot, "> UNDO": the later
/// attempt is the answer.
#[test]
fn a_later_attempt_replaces_the_first() {
    let set = set();
    let r = grade_md(&set, "### Q2. Channel\n\n#### Answer Q2\n\nThe producer blocks.\n\n### Q3. Escape Analysis\n\n#### Answer Q3\n\nguess 1: stack, because it is a pointer\n\nguess 2: heap, because the goroutine can still be running after Process is finished\n\n### Q4. Ring\n\n#### Answer Q4\n\nB's users move to the next node.\n");
    assert_eq!(q(&r, "Q3").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", dump(&r));
    let r = grade_md(&set, "### Q8. Update\n\n#### Answer Q8\n\n8, the row lock makes Tx2 wait.\n\n### Q9. Report\n\n#### Answer Q9\n\n```\nROOM 9 -- THE REPORTING OFFICE (Q9)\n\n> ANSWER \"SELECT ... FOR SHARE, it stops UPDATEs on the rows I read but inserts still work\"\n\n> UNDO\n[Previous turn undone.]\n\n> ANSWER \"LOCK TABLE orders IN SHARE MODE. One lock instead of millions of row locks.\"\n```\n\n### Q10. Queue\n\n#### Answer Q10\n\nSKIP LOCKED.\n");
    assert_eq!(q(&r, "Q9").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("lock-table"), "{}", dump(&r));
}

/// A list of the mistakes others make ("Common wipes: `select { case ch <- e: default: }`
/// silently drops data") and the application-side read-modify-write that loses an update ("You
/// get 9 when the application does the arithmetic") are not the candidate's claims.
#[test]
fn others_mistakes_named_as_such_cost_nothing() {
    let set = set();
    let r = one(&set, "Q2", "The buffer is full after about 0.11 s, then every send blocks: backpressure, no loss. Run more workers.\n\nCommon wipes: `select { case ch <- e: default: }` silently drops data.");
    assert!(r.misconceptions.is_empty(), "{}", r.summary);
    let r = one(&set, "Q8", "8. The UPDATE takes a row lock; Tx2 waits, then re-fetches the newest committed version (9) and writes 8.\n\nYou get 9 when the application does the arithmetic: `SELECT stock` (both read 10), then `UPDATE ... SET stock = 9`.");
    assert!(r.misconceptions.is_empty(), "{}", r.summary);
}

/// A line of code whose trailing comment says what it does (`data = nil // frees the 1 GB right
/// here`) is the candidate's claim; one whose comment warns against it is not.
#[test]
fn a_commented_line_of_code_is_a_claim() {
    let set = set();
    let claimed = one(&set, "Q1", "A sub-slice keeps the whole backing array alive. Fix:\n\n```go\nsummary := string(data[:100])\ndata = nil     // frees the 1 GB right here\nreturn &Result{Summary: summary}\n```\n");
    assert!(claimed.misconceptions.iter().any(|m| m.id == "nil-fix"), "{}", claimed.summary);
    let warned = one(&set, "Q1", "A sub-slice keeps the whole backing array alive. Fix:\n\n```go\nsummary := string(data[:100])\ndata = nil     // does nothing, data is dead at return anyway\nreturn &Result{Summary: summary}\n```\n");
    assert!(!warned.misconceptions.iter().any(|m| m.id == "nil-fix"), "{}", warned.summary);
    let asserted = one(&set, "Q10", "They all wait for the same locked row. The two words are SKIP LOCKED:\n\n```sql\nSELECT * FROM jobs WHERE status = 'pending' SKIP LOCKED LIMIT 1; -- don't need FOR UPDATE anymore, SKIP LOCKED does the locking\n```\n");
    assert!(!asserted.misconceptions.is_empty(), "{}", asserted.summary);
}

/// Blind set 86 (10 sheets, 4 reflections), written in stop 32 by someone who never saw the grader,
/// committed unread; a development set: terse senior and staff engineers, each with one subtle
/// expert-level error. First grading, untouched (9a4d6a5): MAE 0.099, none labelled <= 0.4 given
/// half, 2 labelled >= 0.8 given <= 0.3, needs_review on 3 of 3 answers off by >= 0.5; 32 of 100
/// flagged. The grader this stop began with (e6f29bc): MAE 0.100.
#[test]
fn blind86_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind86-dev"), None);
    a.print("blind86-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.078, "blind86-dev MAE {:.3}", a.mae());
}

/// Blind set 86's reflections. First grading, untouched: mean error 0.101, worst 0.150 (e6f29bc:
/// the same).
#[test]
fn blind86_dev_reflection_figures() {
    reflection_figures("blind86-dev");
}

/// Blind set 87 (10 sheets, 4 reflections), written in stop 32 by someone who never saw the grader,
/// committed unread; a development set: second-language English from a remote-first take-home
/// round. First grading, untouched (9a4d6a5): MAE 0.092, 3 labelled <= 0.4 given half (none with
/// the verdict wrong), none labelled >= 0.8 given <= 0.3, needs_review on 0 of 1 answer off by >=
/// 0.5; 22 of 100 flagged. The grader this stop began with (e6f29bc): the same.
#[test]
fn blind87_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind87-dev"), None);
    a.print("blind87-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.086, "blind87-dev MAE {:.3}", a.mae());
}

/// Blind set 87's reflections. First grading, untouched: mean error 0.105, worst 0.238 (e6f29bc:
/// the same).
#[test]
fn blind87_dev_reflection_figures() {
    reflection_figures("blind87-dev");
}

/// Blind set 85 (10 sheets, 4 reflections), written in stop 32 by someone who never saw the grader,
/// committed unread; a development set: answers that work the scenario through step by step, then
/// conclude. First grading, untouched (9a4d6a5): MAE 0.109, 2 labelled <= 0.4 given half (none with
/// the verdict wrong), none labelled >= 0.8 given <= 0.3, needs_review on 0 of 1 answer off by >=
/// 0.5; 37 of 100 flagged. The grader this stop began with (e6f29bc): MAE 0.112.
#[test]
fn blind85_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind85-dev"), None);
    a.print("blind85-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.107, "blind85-dev MAE {:.3}", a.mae());
}

/// Blind set 85's reflections. First grading, untouched: mean error 0.158, worst 0.305 (e6f29bc:
/// the same).
#[test]
fn blind85_dev_reflection_figures() {
    reflection_figures("blind85-dev");
}

/// "If a service is failing I'd restart it straight away, then look at the logs": the restart
/// is the candidate's plan, not a condition; "(1)" numbering a fix is no figure on its impact.
#[test]
fn a_plan_after_an_if_and_list_numbers_are_read_as_written() {
    let grade = reflection_section;
    let plan = grade(
        "Performance & Resilience",
        "performance",
        "If a service is failing I'd restart it straight away to get users back, then look at the logs and the CPU graphs.",
    );
    assert!(plan.misconceptions.iter().any(|m| m.id == "restart-first"), "{}", plan.summary);
    let numbered = grade(
        "Impact & Value",
        "impact",
        "The session fix (1) prevents duplicate sessions, so users are not logged out. The leak fix (2) prevents the crash, which reduces incidents.",
    );
    assert!(!numbered.evidence.iter().any(|e| e.criterion == "quantified-impact"), "{}", numbered.summary);
}

/// "Normally pointers passed to functions can stay on the stack. But here ... so heap": the
/// general rule is weighed against the answer, not a second answer; "Generally B" is still B.
/// "The default branch drops events silently" says what a non-blocking send does.
#[test]
fn a_general_rule_is_not_a_second_answer() {
    let set = set();
    let r = one(&set, "Q3", "Normally pointers passed to functions can stay on the stack. But here we start a goroutine, and the goroutine might run after `Process` has already returned. So it moves to the heap.");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", r.summary);
    let r = one(&set, "Q7", "Generally B `(last_name, age)`: the B-tree is sorted by last_name first, so the Smiths form a contiguous block ordered by age.");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", r.summary);
    let r = one(&set, "Q2", "The buffer is full after about 0.11 s and the producer blocks on the send. Run 15 workers. Apply backpressure rather than `select { default: }`. The default branch drops events silently.");
    assert!(r.misconceptions.is_empty(), "{}", r.summary);
}

/// Right picks on wrong reasons: "the same order like in the WHERE clause", a B-tree of
/// "concatenated and hashed" values; and a burst averaged away ("I don't think it's a real
/// problem").
#[test]
fn right_picks_on_wrong_reasons_are_capped() {
    let set = set();
    let r = one(&set, "Q7", "B, because the columns in the index must be in the same order like in the WHERE clause, first last_name and then age.");
    assert!(r.misconceptions.iter().any(|m| m.id == "query-order"), "{}", r.summary);
    let r = one(&set, "Q7", "B. Because in the B-Tree the index is like the two values concatenated and hashed, so with last_name first it can find 'Smith' directly.");
    assert!(r.misconceptions.iter().any(|m| m.id == "btree-hashes"), "{}", r.summary);
    let r = one(&set, "Q5", "Yes, it allows it: 200 in 2 seconds. But the average works out at exactly 100 per minute, so I don't think it's a real problem.");
    assert!(r.misconceptions.iter().any(|m| m.id == "denies-problem"), "{}", r.summary);
}

/// "(scratch that "16": size from measured p99 ...)" takes back a detail inside its brackets,
/// not the answer before it; "return the struct by value instead of a pointer" is the
/// return-by-value fix.
#[test]
fn a_bracketed_scratch_takes_back_a_detail() {
    let set = set();
    let r = one(&set, "Q2", "Consumer: 100/s. Net fill 900/s, buffer full at ~0.11 s. Producer then blocks on send and runs at 100/s.\n\nFix: more consumers, 10 to break even, so 16+ for headroom. (scratch that \"16\": size from measured p99 service time, not the 10 ms average.) Beyond that a durable queue (Kafka).");
    assert!(r.evidence.iter().any(|e| e.criterion == "producer-blocks"), "{}", r.summary);
    assert!(r.evidence.iter().any(|e| e.criterion == "more-consumers"), "{}", r.summary);
    let r =
        one(&set, "Q1", "The slice keeps the whole array alive. Fix: return the struct by value instead of a pointer.");
    assert!(r.misconceptions.iter().any(|m| m.id == "return-by-value-fix"), "{}", r.summary);
}

/// "It leaves the frame, it leaves the stack": leaving the stack is the heap, not a vote for the
/// stack.
#[test]
fn leaving_the_stack_is_no_vote_for_it() {
    let set = set();
    let r = one(&set, "Q3", "> It leaves the frame, it leaves the stack,\n> a goroutine may not come back.\n\n**In prose:** heap. The closure passed to `go` can still be running after `Process` returns, so the compiler moves `r` to the heap.");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", r.summary);
}

/// "The metrics you would track, each with a target": a list of five metrics, two with a target,
/// is capped by the share that has one; a list where every metric has one is not.
#[test]
fn metrics_without_targets_cap_the_section() {
    let grade = |text: &str| reflection_section("Measurability & Customer Focus", "measurability", text);
    let partial = grade("Metrics I would track:\n\n- API p95 latency: target under 300 ms.\n- Memory usage of the pod: alert when over 80%.\n- Number of active sessions per user.\n- Connection pool usage.\n- Payment error queue length.\n\nIf the latency is high, customers feel the app is slow, so the dashboard alerts on-call.");
    let complete = grade("Metrics I would track:\n\n- API p95 latency: target under 300 ms.\n- Memory usage of the pod: alert when over 80%.\n- Active sessions per user: alert above 5.\n- Connection pool usage: alert above 85% for 5 minutes.\n- Payment error queue length: alert above 50.\n\nIf the latency is high, customers feel the app is slow, so the dashboard alerts on-call.");
    assert!(partial.summary.contains("items meet"), "{}", partial.summary);
    assert!(partial.score < complete.score, "{} against {}", partial.summary, complete.summary);
    assert!(!complete.summary.contains("items meet"), "{}", complete.summary);
}

/// Blind set 88 (10 sheets, 4 reflections), written in stop 32 by someone who never saw the grader,
/// committed unread; a development set: answers leaning on tables and matrices; metric lists with
/// some targets. First grading, untouched (aeee6fb): MAE 0.103, 2 labelled <= 0.4 given half (none
/// with the verdict wrong), none labelled >= 0.8 given <= 0.3, no answer off by >= 0.5; 36 of 100
/// flagged. The grader this stop began with (e6f29bc): MAE 0.106.
#[test]
fn blind88_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind88-dev"), None);
    a.print("blind88-dev");
    // Since studied: this guards that work. Stop 35 set misconception caps from the labels of
    // all studied sets (a refill ten times too fast, query order), which this labeller marks a
    // point higher on two answers: 0.104 -> 0.106. Stop 36 read "covers any burst" as a
    // misconception; on one list-like answer (labelled 0.2) it is the second false claim, and
    // the answer now reads as keyword stuffing (0.28 -> 0): 0.107.
    assert!(a.mae() <= 0.107, "blind88-dev MAE {:.3}", a.mae());
}

/// Blind set 88's reflections. First grading, untouched: mean error 0.098, worst 0.145 (e6f29bc:
/// 0.099, 0.145).
#[test]
fn blind88_dev_reflection_figures() {
    reflection_figures("blind88-dev");
}

/// Blind set 89 (10 sheets, 4 reflections), written in stop 32 by someone who never saw the grader,
/// committed unread; a development set: an agency's contractors between client calls, a realistic
/// spread of formats. First grading, untouched (aeee6fb): MAE 0.117, 7 labelled <= 0.4 given half
/// (3 with the verdict wrong), 2 labelled >= 0.8 given <= 0.3, needs_review on 3 of 6 answers off
/// by >= 0.5; 35 of 100 flagged. The grader this stop began with (e6f29bc): MAE 0.117.
#[test]
fn blind89_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind89-dev"), None);
    a.print("blind89-dev");
    // Since studied: this guards that work.
    assert!(a.mae() <= 0.097, "blind89-dev MAE {:.3}", a.mae());
}

/// Blind set 89's reflections. First grading, untouched: mean error 0.090, worst 0.152 (e6f29bc:
/// 0.094, 0.180).
#[test]
fn blind89_dev_reflection_figures() {
    reflection_figures("blind89-dev");
}

/// A log's entry headers ("**10:05 · waiting for Fennel PM to join · Q3**") name the question
/// they end on, not the time they open with.
#[test]
fn a_log_entry_header_names_its_question() {
    let set = set();
    let r = grade_md(&set, "**08:52 · before standup (Harbor) · Q1**\nA sub-slice shares the backing array; copy the 100 bytes out.\n\n**10:05 · waiting for Fennel PM to join · Q3**\nHeap. The closure captures `r` and can outlive `Process`.\n\n**10:58 · Fennel call over · Q4**\n1) B's keys fall through to the next node clockwise.\n2) A's users: unchanged.\n\n**14:02 · between Harbor sprint review and Fennel · Q9**\n`FOR SHARE`: blocks updates of the rows read, not inserts.\n");
    for id in ["Q1", "Q3", "Q4", "Q9"] {
        assert!(q(&r, id).answer.is_some(), "{id}: {}", dump(&r));
    }
    assert_eq!(q(&r, "Q3").choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("heap"), "{}", dump(&r));
}

/// "If I must pick from the list, FOR SHARE": the forced pick is the answer, not a hypothetical;
/// heap "because the reason is size" is the wrong reason.
#[test]
fn a_forced_pick_is_the_answer() {
    let set = set();
    let r = one(&set, "Q9", "I would not reach for any of the three first: a REPEATABLE READ snapshot gives the report a consistent view.\n\nIf I must pick from the list, `SELECT ... FOR SHARE`. It blocks `UPDATE` on the rows the report reads but not `INSERT`. `FOR UPDATE` would work but is needlessly strong, and `LOCK TABLE` in a mode strong enough to stop updates also stops inserts.");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("for-share"), "{}", r.summary);
    let r = one(&set, "Q3", "Yes, `r` goes to the heap, and the reason is size: an `http.Request` is far larger than a new goroutine's stack can hold.");
    assert!(r.misconceptions.iter().any(|m| m.id == "wrong-reason"), "{}", r.summary);
}

/// Blind set 74 (10 sheets, 4 reflections), written in stop 31 by someone who never saw the grader
/// (a logistics company's two hiring rounds, mixed levels and formats), committed unread (2678841)
/// and held out until the end of stop 32. Graded once at the end of the stop, untouched: (fbea9d3):
/// MAE 0.111, 5 labelled <= 0.4 given half (2 with the verdict wrong), none labelled >= 0.8 given
/// <= 0.3, needs_review on 1 of 2 answers off by >= 0.5, 32 of 100 flagged. The grader at the start
/// of the stop (e6f29bc): MAE 0.111, the same counts.
#[test]
fn blind74_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind74-holdout"), None);
    a.print("blind74-holdout");
}

/// Blind set 74's reflections. Graded once at the end of stop 32, untouched: (fbea9d3): mean error
/// 0.129, worst 0.260 (start of stop: 0.141, 0.260).
#[test]
fn blind74_holdout_reflection_figures() {
    reflection_figures("blind74-holdout");
}

/// Blind set 75 (10 sheets, 4 reflections), written in stop 31 by someone who never saw the grader
/// (answers under time pressure: terse notes, abbreviations, skipped questions), committed unread
/// (2678841) and held out until the end of stop 32. Graded once at the end of the stop, untouched:
/// (fbea9d3): MAE 0.121, 3 labelled <= 0.4 given half (none with the verdict wrong), 1 labelled >=
/// 0.8 given <= 0.3, needs_review on 3 of 3 answers off by >= 0.5, 37 of 100 flagged. The grader at
/// the start of the stop (e6f29bc): MAE 0.126, 3, 1, needs_review on 3 of 4.
#[test]
fn blind75_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind75-holdout"), None);
    a.print("blind75-holdout");
}

/// Blind set 75's reflections. Graded once at the end of stop 32, untouched: (fbea9d3): mean error
/// 0.108, worst 0.190 (start of stop: 0.110, 0.190).
#[test]
fn blind75_holdout_reflection_figures() {
    reflection_figures("blind75-holdout");
}

/// A checklist line ("✗ drop  ✗ panic  just waits !") denies each word after a cross; a single
/// cross before an option still rejects the option. Heap "because a goroutine's stack is itself
/// allocated from the heap" is the wrong reason.
#[test]
fn a_checklist_of_crosses_denies_and_a_stack_from_the_heap_is_the_wrong_reason() {
    let set = set();
    let r = one(&set, "Q2", "```\nbuf 100 -> full after 0.11 s\n   -> send blocks -> producer stuck at consumer speed\n   \u{2717} drop  \u{2717} panic  just waits !\nfix: N workers >= 10 on the same chan\n```\n");
    assert!(!r.misconceptions.iter().any(|m| m.id == "panic-or-deadlock"), "{}", r.summary);
    let r = one(&set, "Q3", "Heap. A goroutine's stack is itself allocated from the heap by the runtime, so anything a goroutine uses has to be on the heap as well.");
    assert!(r.misconceptions.iter().any(|m| m.id == "wrong-reason"), "{}", r.summary);
}

/// Blind set 93 (10 sheets, 4 reflections), written in stop 33 by someone who never saw the
/// grader, committed unread; a development set: interview transcripts and pair-programming
/// notes (dialogue, quoted prompts, chat logs). First grading, untouched (6ffbbfe): MAE 0.123,
/// 5 labelled <= 0.4 given half (none with the verdict wrong), 4 labelled >= 0.8 given <= 0.3,
/// needs_review on 4 of 6 far-off answers; 45 of 100 flagged. The grader this stop began with
/// (236af69): the same.
#[test]
fn blind93_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind93-dev"), None);
    a.print("blind93-dev");
}

/// Blind set 93's reflections. First grading, untouched: mean error 0.104, worst 0.200 (r02,
/// labelled 0.15, given 0.35); the grader this stop began with: the same.
#[test]
fn blind93_dev_reflection_figures() {
    reflection_figures("blind93-dev");
}

/// Blind set 92 (10 sheets, 4 reflections), written in stop 33 by someone who never saw the
/// grader, committed unread; a development set: right choice, invented reason, beside fully
/// right answers in similar words. First grading, untouched (f4ea5a7): MAE 0.201, 12 labelled
/// <= 0.4 given half (none with the verdict wrong), 2 labelled >= 0.8 given <= 0.3,
/// needs_review on 5 of 10 far-off answers; 38 of 100 flagged. The grader this stop began with
/// (236af69): the same.
#[test]
fn blind92_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind92-dev"), None);
    a.print("blind92-dev");
}

/// Blind set 92's reflections. First grading, untouched: mean error 0.088, worst 0.170 (r02,
/// labelled 0.17, given 0.34); the grader this stop began with: the same.
#[test]
fn blind92_dev_reflection_figures() {
    reflection_figures("blind92-dev");
}

/// Blind set 94 (10 sheets, 4 reflections), written in stop 33 by someone who never saw the
/// grader, committed unread; a development set: reflections of uneven quality, with the same
/// candidates' sheets. First grading, untouched (f4ea5a7): MAE 0.091, 1 labelled <= 0.4 given
/// half (none with the verdict wrong), none labelled >= 0.8 given <= 0.3, needs_review on the 1
/// far-off answer; 44 of 100 flagged. The grader this stop began with (236af69): the same.
#[test]
fn blind94_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind94-dev"), None);
    a.print("blind94-dev");
}

/// Blind set 94's reflections. First grading, untouched: mean error 0.119, worst 0.188 (r03,
/// labelled 0.50, given 0.69); the grader this stop began with: the same.
#[test]
fn blind94_dev_reflection_figures() {
    reflection_figures("blind94-dev");
}

/// Blind set 95 (10 sheets, 4 reflections), written in stop 33 by someone who never saw the
/// grader, committed unread; a development set: code and SQL over several lines, ranked and
/// tier lists, decision tables. First grading, untouched (f4ea5a7): MAE 0.195, 9 labelled <=
/// 0.4 given half (2 with the verdict wrong), 7 labelled >= 0.8 given <= 0.3, needs_review on
/// 12 of 15 far-off answers; 52 of 100 flagged. The grader this stop began with (236af69): the
/// same.
#[test]
fn blind95_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind95-dev"), None);
    a.print("blind95-dev");
}

/// Blind set 95's reflections. First grading, untouched: mean error 0.079, worst 0.130 (r02,
/// labelled 0.15, given 0.28); the grader this stop began with: the same.
#[test]
fn blind95_dev_reflection_figures() {
    reflection_figures("blind95-dev");
}

/// Blind set 96 (10 sheets, 4 reflections), written in stop 33 by someone who never saw the
/// grader, committed unread; a development set: an ordinary consultancy batch, plain markdown
/// of every length. First grading, untouched (035b32c): MAE 0.079, 1 labelled <= 0.4 given half
/// (none with the verdict wrong), 1 labelled >= 0.8 given <= 0.3, needs_review on 1 of 2 far-
/// off answers; 29 of 100 flagged. The grader this stop began with (236af69): the same.
#[test]
fn blind96_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind96-dev"), None);
    a.print("blind96-dev");
}

/// Blind set 96's reflections. First grading, untouched: mean error 0.048, worst 0.082 (r01,
/// labelled 0.90, given 0.82); the grader this stop began with: the same.
#[test]
fn blind96_dev_reflection_figures() {
    reflection_figures("blind96-dev");
}

/// Blind set 97 (10 sheets, 4 reflections), written in stop 33 by someone who never saw the
/// grader, committed unread; a development set: fluent middling candidates who sound senior;
/// reflections naming tools and numbers without decisions. First grading, untouched (035b32c):
/// MAE 0.091, 4 labelled <= 0.4 given half (none with the verdict wrong), none labelled >= 0.8
/// given <= 0.3, no answer off by >= 0.5; 45 of 100 flagged. The grader this stop began with
/// (236af69): the same.
#[test]
fn blind97_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind97-dev"), None);
    a.print("blind97-dev");
}

/// Blind set 97's reflections. First grading, untouched: mean error 0.143, worst 0.275 (r01,
/// labelled 0.30, given 0.575); the grader this stop began with: the same.
#[test]
fn blind97_dev_reflection_figures() {
    reflection_figures("blind97-dev");
}

/// Blind set 80 (10 sheets, 4 reflections), written in stop 32 by someone who never saw the grader
/// (a regional bank's platform-team round), committed unread (847c208) and held out until the end
/// of stop 33. Graded once at the end of the stop, untouched: (6ef5461): MAE 0.102, 1 labelled <=
/// 0.4 given half (none with the verdict wrong), none labelled >= 0.8 given <= 0.3, no answer off
/// by >= 0.5; 34 of 100 flagged. The grader at the start of the stop (236af69): the same on every
/// answer.
#[test]
fn blind80_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind80-holdout"), None);
    a.print("blind80-holdout");
}

/// Blind set 80's reflections. Graded once at the end of stop 33, untouched: (6ef5461): mean error
/// 0.082, worst 0.180 (the start of the stop: the same).
#[test]
fn blind80_holdout_reflection_figures() {
    reflection_figures("blind80-holdout");
}

/// Blind set 81 (10 sheets, 4 reflections), written in stop 32 by someone who never saw the grader
/// (candidates revising on the page), committed unread (b2a8ff1) and held out until the end of stop
/// 33. Graded once at the end of the stop, untouched: (6ef5461): MAE 0.163, 3 labelled <= 0.4 given
/// half (2 with the verdict wrong), 6 labelled >= 0.8 given <= 0.3, needs_review on 8 of 11 answers
/// off by >= 0.5 (73%); 42 of 100 flagged. The grader at the start of the stop (236af69): the same
/// on every answer.
#[test]
fn blind81_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind81-holdout"), None);
    a.print("blind81-holdout");
}

/// Blind set 81's reflections. Graded once at the end of stop 33, untouched: (6ef5461): mean error
/// 0.183, worst 0.265 (the start of the stop: the same).
#[test]
fn blind81_holdout_reflection_figures() {
    reflection_figures("blind81-holdout");
}

/// Blind set 101 (10 sheets, 4 reflections), written in stop 34 by someone who never saw the
/// grader, committed unread; a development set: engineers who think in code: answers as or
/// mixed with code, SQL, config, test cases and text diagrams. First grading, untouched: MAE
/// 0.111, 4 labelled <= 0.4 given half (1 with the verdict wrong), none labelled >= 0.8 given
/// <= 0.3, needs_review on 1 of 2 answers off by >= 0.5; 41 of 100 flagged. The grader this
/// stop began with (5bbacac): the same.
#[test]
fn blind101_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind101-dev"), None);
    a.print("blind101-dev");
}

/// Blind set 101's reflections. First grading, untouched: mean error 0.210, worst 0.310 (r01,
/// labelled 0.90, given 0.59); the grader this stop began with: the same.
#[test]
fn blind101_dev_reflection_figures() {
    reflection_figures("blind101-dev");
}

/// Blind set 102 (10 sheets, 4 reflections), written in stop 34 by someone who never saw the
/// grader, committed unread; a development set: an ordinary agency batch, reflections from
/// concrete to slogans. First grading, untouched: MAE 0.107, none labelled <= 0.4 given half,
/// none labelled >= 0.8 given <= 0.3, needs_review on 0 of 1 answer off by >= 0.5; 31 of 100
/// flagged. The grader this stop began with (5bbacac): the same.
#[test]
fn blind102_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind102-dev"), None);
    a.print("blind102-dev");
}

/// Blind set 102's reflections. First grading, untouched: mean error 0.068, worst 0.120 (r02,
/// labelled 0.12, given 0.24); the grader this stop began with: the same.
#[test]
fn blind102_dev_reflection_figures() {
    reflection_figures("blind102-dev");
}

/// Blind set 100 (10 sheets, 4 reflections), written in stop 34 by someone who never saw the
/// grader, committed unread; a development set: candidates who change their mind on the page:
/// drafts, notes-to-self, later corrections, second thoughts. First grading, untouched: MAE
/// 0.211, 7 labelled <= 0.4 given half (3 with the verdict wrong), 7 labelled >= 0.8 given <=
/// 0.3, needs_review on 10 of 15 answers off by >= 0.5; 38 of 100 flagged. The grader this stop
/// began with (5bbacac): MAE 0.217, 8 labelled <= 0.4 given half (3 with the verdict wrong),
/// needs_review on 9 of 15.
#[test]
fn blind100_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind100-dev"), None);
    a.print("blind100-dev");
}

/// Blind set 100's reflections. First grading, untouched: mean error 0.089, worst 0.215 (r02,
/// labelled 0.15, given 0.365); the grader this stop began with: the same.
#[test]
fn blind100_dev_reflection_figures() {
    reflection_figures("blind100-dev");
}

/// Blind set 90 (10 sheets, 4 reflections), written in stop 33 by someone who never saw the
/// grader (a fintech scale-up's round, candidates from several stacks), committed unread
/// (f4ea5a7) and held out until the end of stop 34. Graded once at the end of the stop,
/// untouched: (f142ab6) MAE 0.201, 2 labelled <= 0.4 given half (none with the verdict wrong),
/// 9 labelled >= 0.8 given <= 0.3, needs_review on 13 of 15 answers off by >= 0.5 (87%); 45 of
/// 100 flagged. The grader at the start of the stop (5bbacac): MAE 0.203, 3 labelled <= 0.4
/// given half (none with the verdict wrong), 9 labelled >= 0.8 given <= 0.3, needs_review on 13
/// of 15; 43 flagged.
#[test]
fn blind90_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind90-holdout"), None);
    a.print("blind90-holdout");
}

/// Blind set 90's reflections. Graded once at the end of stop 34, untouched: (f142ab6) mean
/// error 0.049, worst 0.118 (r04, labelled 0.55, given 0.668); the start of the stop: the same.
#[test]
fn blind90_holdout_reflection_figures() {
    reflection_figures("blind90-holdout");
}

/// Blind set 91 (10 sheets, 4 reflections), written in stop 33 by someone who never saw the
/// grader (a remote-first company's async take-home), committed unread (6ffbbfe) and held out
/// until the end of stop 34. Graded once at the end of the stop, untouched: (f142ab6) MAE
/// 0.109, 1 labelled <= 0.4 given half (none with the verdict wrong), 2 labelled >= 0.8 given
/// <= 0.3, needs_review on 2 of 2 answers off by >= 0.5; 38 of 100 flagged. The grader at the
/// start of the stop (5bbacac): MAE 0.112, 1 labelled <= 0.4 given half, 2 labelled >= 0.8
/// given <= 0.3, needs_review on 2 of 2; 36 flagged.
#[test]
fn blind91_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind91-holdout"), None);
    a.print("blind91-holdout");
}

/// Blind set 91's reflections. Graded once at the end of stop 34, untouched: (f142ab6) mean
/// error 0.120, worst 0.220 (r02, labelled 0.15, given 0.37); the start of the stop: the same.
#[test]
fn blind91_holdout_reflection_figures() {
    reflection_figures("blind91-holdout");
}

/// Blind set 104 (10 sheets, 4 reflections), written in stop 35 by someone who never saw the
/// grader, committed unread; a development set: a contract-agency screening: terse answers in
/// keyword lists, bullet shorthand and pasted interview-prep notes, some padded with buzzwords;
/// reflections from terse to long. First grading, untouched: MAE 0.094, 3 labelled <= 0.4 given
/// half (none with the verdict wrong), 1 labelled >= 0.8 given <= 0.3, needs_review on 1 of 1
/// answer off by >= 0.5; 33 of 100 flagged. The grader this stop began with (8581bbb): the same.
#[test]
fn blind104_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind104-dev"), None);
    a.print("blind104-dev");
}

/// Blind set 104's reflections. First grading, untouched: mean error 0.113, worst 0.365, per-
/// section MAE 0.200.
#[test]
fn blind104_dev_reflection_figures() {
    reflection_figures("blind104-dev");
}

/// Blind set 103 (10 sheets, 4 reflections), written in stop 35 by someone who never saw the
/// grader, committed unread; a development set: experienced engineers who are mostly right but slip
/// one wrong fact (a number, an API name, a reversed trade-off) into otherwise good answers, beside
/// plainly right, middling and weak candidates. First grading, untouched: MAE 0.107, 2 labelled <=
/// 0.4 given half (none with the verdict wrong), 1 labelled >= 0.8 given <= 0.3, needs_review on 2
/// of 3 answers off by >= 0.5; 43 of 100 flagged. The grader this stop began with (8581bbb): the
/// same.
#[test]
fn blind103_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind103-dev"), None);
    a.print("blind103-dev");
}

/// Blind set 103's reflections. First grading, untouched: mean error 0.070, worst 0.190 (r02,
/// labelled 0.15, given 0.34), per-section MAE 0.145. The grader this stop began with: the same.
#[test]
fn blind103_dev_reflection_figures() {
    reflection_figures("blind103-dev");
}

/// Blind set 98 (10 sheets, 4 reflections), written in stop 34 by someone who never saw the
/// grader (a logistics company's on-site round), committed unread (e50fa46) and held out until
/// the end of stop 35. Graded once at the end of the stop, untouched: (3c384d2) MAE 0.107, 1
/// labelled <= 0.4 given half (none with the verdict wrong), 1 labelled >= 0.8 given <= 0.3,
/// needs_review on 3 of 3 answers off by >= 0.5; 39 of 100 flagged. The grader at the start of the
/// stop (8581bbb): MAE 0.103, the same counts.
#[test]
fn blind98_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind98-holdout"), None);
    a.print("blind98-holdout");
}

/// Blind set 98's reflections. Graded once at the end of stop 35, untouched: (3c384d2) mean error
/// 0.085, worst 0.187 (r03, labelled 0.50, given 0.69); the start of the stop: 0.083, 0.181.
#[test]
fn blind98_holdout_reflection_figures() {
    reflection_figures("blind98-holdout");
}

/// Blind set 99 (10 sheets, 4 reflections), written in stop 34 by someone who never saw the
/// grader (a startup's first backend hires, from frontend, data and ops), committed unread
/// (8883ce2) and held out until the end of stop 35. Graded once at the end of the stop,
/// untouched: (3c384d2) MAE 0.134, 3 labelled <= 0.4 given half (none with the verdict wrong), 2
/// labelled >= 0.8 given <= 0.3, needs_review on 3 of 4 answers off by >= 0.5; 43 of 100 flagged.
/// The grader at the start of the stop (8581bbb): MAE 0.130, 4 labelled <= 0.4 given half (1 with
/// the verdict wrong), 2, 3 of 4; 45 flagged.
#[test]
fn blind99_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind99-holdout"), None);
    a.print("blind99-holdout");
}

/// Blind set 99's reflections. Graded once at the end of stop 35, untouched: (3c384d2) mean error
/// 0.078, worst 0.140 (r02, labelled 0.46, given 0.60); the start of the stop: 0.079, 0.135.
#[test]
fn blind99_holdout_reflection_figures() {
    reflection_figures("blind99-holdout");
}

/// Blind set 105 (10 sheets, 4 reflections), written in stop 35 by someone who never saw the
/// grader (a bank's platform-team round, formal answers and design-review memos), committed
/// unread (395691e) to be held out for stop 36; a measuring script's slip printed its figures at
/// the end of stop 35, so it was graded then instead, once, untouched: (3c384d2) MAE 0.085, 1
/// labelled <= 0.4 given half (none with the verdict wrong), 1 labelled >= 0.8 given <= 0.3,
/// needs_review on 1 of 1 answer off by >= 0.5; 36 of 100 flagged. The grader at the start of the
/// stop (8581bbb): MAE 0.089, 3 labelled <= 0.4 given half, 1, 1 of 1; 36 flagged. No change drew
/// on it.
#[test]
fn blind105_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind105-holdout"), None);
    a.print("blind105-holdout");
}

/// Blind set 105's reflections. Graded once at the end of stop 35, untouched: (3c384d2) mean error
/// 0.046, worst 0.085 (r04, labelled 0.60, given 0.69); the start of the stop: 0.052, 0.070.
#[test]
fn blind105_holdout_reflection_figures() {
    reflection_figures("blind105-holdout");
}

/// Blind set 106 (10 sheets, 4 reflections), written in stop 35 by someone who never saw the
/// grader (an open-source maintainers' hiring drive, answers as issue comments and reviews),
/// committed unread (6dee24a) to be held out for stop 36; graded at the end of stop 35 instead,
/// as set 105 was, once, untouched: (3c384d2) MAE 0.085, 1 labelled <= 0.4 given half (none with
/// the verdict wrong), 1 labelled >= 0.8 given <= 0.3, needs_review on 1 of 1 answer off by >= 0.5;
/// 38 of 100 flagged. The grader at the start of the stop (8581bbb): MAE 0.083, the same counts. No
/// change drew on it.
#[test]
fn blind106_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind106-holdout"), None);
    a.print("blind106-holdout");
}

/// Blind set 106's reflections. Graded once at the end of stop 35, untouched: (3c384d2) mean error
/// 0.048, worst 0.090 (r02, labelled 0.15, given 0.24); the start of the stop: 0.055, 0.130.
#[test]
fn blind106_holdout_reflection_figures() {
    reflection_figures("blind106-holdout");
}

/// A sheet typed as a crontab whose `# ` comment blocks are the answers: a comment wrapped
/// mid-sentence ("refill 100 tokens per" / "second, ...") is one sentence, so the refill rate
/// ten times too high is read as stated, and a wrapped point ("moves ~2/3 of all users," /
/// "including A's and C's") keeps its subject. Read as Markdown headings or a line at a time,
/// each line stood alone.
#[test]
fn a_comment_wrapped_over_lines_in_a_fenced_sheet_is_one_sentence() {
    let set = set();
    let md = "# Answers\n\n```crontab\n# ----------------------------------------------------------------\n# Q1  The \"Memory Leak\"\n#\n# Not a leak. The GC frees the 1GB array after the call, but the runtime\n# keeps the freed spans and hands pages back to the OS slowly, so RSS stays\n# high for a while. Stream the file with bufio instead of reading it whole.\n# ----------------------------------------------------------------\n@reboot    GOMEMLIMIT=900MiB /usr/local/bin/processfile --stream\n\n# ----------------------------------------------------------------\n# Q2  The \"Slow\" Channel\n#\n# The buffer is full after about 0.1 s and then every send blocks: the\n# producer runs at the consumer's 100/s. Run 15 consumer goroutines and put\n# Kafka in front for bursts.\n# ----------------------------------------------------------------\n*/5 * * * *  /usr/local/bin/lag-check --topic events\n\n# ----------------------------------------------------------------\n# Q4  The Load Balancer Logic\n#\n# 1. B's keys now fall to the next node clockwise, so its users lose\n#    their sessions and cache on B.\n# 2. A's users: no change. Their ring positions still map to A.\n# 3. Modulo: going from %3 to %2 moves ~2/3 of all users,\n#    including A's and C's. The ring moves only B's third.\n# ----------------------------------------------------------------\n*/1 * * * *  /usr/local/bin/ring-health --alert-on-node-loss\n\n# ----------------------------------------------------------------\n# Q5  Rate Limiter (Redis)\n#\n# Allowed: 12:00:59 and 12:01:01 land in two windows, 200 in 2 seconds.\n#\n# Fix: token bucket per user. Capacity 100 tokens, refill 100 tokens per\n# second, one token per request, refill-then-take in one Lua script.\n# ----------------------------------------------------------------\n0 * * * *  redis-cli --scan --pattern 'tb:*' | wc -l >> /var/log/buckets.log\n```\n";
    let r = grade_md(&set, md);
    let q5 = q(&r, "Q5");
    assert!(q5.misconceptions.iter().any(|m| m.id == "refill-rate-off"), "{}", dump(&r));
    assert!(q(&r, "Q2").score >= 9.0, "{}", dump(&r));
    // "~2/3 of all users move, / including A's and C's": the modulo's toll, not the ring's.
    let q4 = q(&r, "Q4");
    assert!(q4.misconceptions.is_empty() && q4.score >= 8.0, "{}", dump(&r));
}

/// Blind set 109 (10 sheets, 4 reflections), written in stop 36 by someone who never saw the
/// grader, committed unread; a development set: a payments company's take-home written in a
/// hurry the night before the deadline: lowercase, typos, run-on sentences, some answers
/// trailing off. First grading, untouched: MAE 0.088; labelled wrong given half or more: 1;
/// labelled 0.8 or more given 0.3 or less: 0; needs_review on 1 of the 1 answers off by 0.5 or
/// more.
#[test]
fn blind109_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind109-dev"), None);
    a.print("blind109-dev");
}

/// Blind set 109's reflections. First grading, untouched: mean error 0.056, worst 0.095.
#[test]
fn blind109_dev_reflection_figures() {
    reflection_figures("blind109-dev");
}

/// Blind set 110 (10 sheets, 4 reflections), written in stop 36 by someone who never saw the
/// grader, committed unread; a development set: engineers who answer through war stories from
/// past jobs, the claim buried in the narrative, sometimes the wrong lesson drawn; reflections
/// as retrospective diaries. First grading, untouched: MAE 0.096; labelled wrong given half or
/// more: 2; labelled 0.8 or more given 0.3 or less: 0; needs_review on 1 of the 1 answers off
/// by 0.5 or more.
#[test]
fn blind110_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind110-dev"), None);
    a.print("blind110-dev");
}

/// Blind set 110's reflections. First grading, untouched: mean error 0.098, worst 0.223.
#[test]
fn blind110_dev_reflection_figures() {
    reflection_figures("blind110-dev");
}

/// "If you really want to be safe you could add a second consumer too": the condition ends
/// where the speaker and a modal start the proposal, which is asserted (two consumers against a
/// tenfold gap).
#[test]
fn a_proposal_after_an_if_clause_without_a_comma_is_asserted() {
    let set = set();
    let r = one(
        &set,
        "Q2",
        "The buffer fills in well under a second and then the producer blocks on the send. For bursts, give the channel a large buffer sized to the worst burst you've seen, plus some margin. If you really want to be safe you could add a second consumer too.",
    );
    assert!(r.misconceptions.iter().any(|m| m.id == "undersized-pool"), "{}", r.summary);
    assert!(r.score <= 5.0, "{}", r.summary);
}

/// "Mulligan #2: No, it allows all 200.": a yes or no opening the sentence answers the question
/// as the candidate heard it; what the sentence then states ("it allows all 200") is the choice.
/// Read by its first word, the answer was "no" and the misconception fired.
#[test]
fn a_leading_no_before_a_statement_of_the_other_option_is_not_the_choice() {
    let set = set();
    let r = one(
        &set,
        "Q5",
        "Mulligan #2: No, it allows all 200. The counters are per minute: the 12:00 counter hits 100 and the 12:01 counter hits 100. That's 200 in two seconds, a problem. Fix: a sliding window counter in a Lua script.",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("yes"), "{}", r.summary);
    // The plain answer keeps its reading.
    let r = one(&set, "Q5", "No. The counter already holds 100, so the second batch is blocked.");
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("no"), "{}", r.summary);
}

/// A referee's review of the first call ("On-field call: No, it blocks the second 100. .
/// Decision: OVERTURNED. Yes it's allowed"): the ruling takes the call back, and the answer is
/// what follows it.
#[test]
fn an_overturned_call_is_taken_back() {
    let set = set();
    let r = one(
        &set,
        "Q5",
        "On-field call: No, it blocks the second 100, that's 200 in one minute.\nVAR check: the counter key is per calendar minute, so 12:00:59 and 12:01:01 land in different buckets. Each bucket sees exactly 100.\nDecision: OVERTURNED. Yes it's allowed: 200 requests in about 2 seconds, double the intended rate. Fix: a sliding window log in a Redis sorted set, in one Lua script.",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("yes"), "{}", r.summary);
    assert!(crate::written::sheet::retracts("Verdict: reversed."));
    assert!(!crate::written::sheet::retracts("The ruling was overturned on appeal because the judge erred."));
}

/// Blind set 113 (10 sheets, 4 reflections), written in stop 36 by someone who never saw the
/// grader, committed unread; a development set: candidates who reason by comparison with the
/// stack they know best (Java, Python, Node.js, C#, Rust, MySQL, MongoDB), sometimes carrying
/// over a fact that is false for Go or Postgres. First grading, untouched: MAE 0.096; labelled
/// wrong given half or more: 2; labelled 0.8 or more given 0.3 or less: 0; needs_review on 1 of
/// the 2 answers off by 0.5 or more. The grader this stop began with (4f33335): the same.
#[test]
fn blind113_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind113-dev"), None);
    a.print("blind113-dev");
}

/// Blind set 113's reflections. First grading, untouched: mean error 0.111, worst 0.150
/// (4f33335: the same).
#[test]
fn blind113_dev_reflection_figures() {
    reflection_figures("blind113-dev");
}

/// Blind set 114 (10 sheets, 4 reflections), written in stop 36 by someone who never saw the
/// grader, committed unread; a development set: a public-sector contractor's assessment: formal
/// numbered paragraphs, requirement IDs, 'shall' language, some candidates hiding thin
/// knowledge behind the structure; reflections as compliance statements. First grading,
/// untouched: MAE 0.145; labelled wrong given half or more: 3; labelled 0.8 or more given 0.3
/// or less: 3; needs_review on 5 of the 5 answers off by 0.5 or more. The grader this stop
/// began with (4f33335): the same.
#[test]
fn blind114_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind114-dev"), None);
    a.print("blind114-dev");
}

/// Blind set 114's reflections. First grading, untouched: mean error 0.174, worst 0.370
/// (4f33335: the same).
#[test]
fn blind114_dev_reflection_figures() {
    reflection_figures("blind114-dev");
}

/// "A B-Tree index is sorted by its first column": the article before a hyphenated noun is no
/// option A; and "This is acceptable at 100 per user", of a fix's memory, denies no problem.
#[test]
fn an_article_before_a_hyphenated_noun_and_an_acceptable_cost() {
    let set = set();
    let r = one(
        &set,
        "Q7",
        "RECOMMENDATION\nThat the Panel agree to Index B `(last_name, age)`.\n\nA B-Tree index is sorted by its first column, then by the second column within equal first-column values. With B, all rows for 'Smith' are grouped together and ordered by age, so Postgres goes directly to Smith, age 25, and reads forward until the Smiths end.",
    );
    assert_eq!(r.choice.as_ref().and_then(|c| c.chosen.as_deref()), Some("B"), "{}", r.summary);
    let r = one(
        &set,
        "Q5",
        "Yes, the fixed window allows it: a new counter starts at 12:01:00, so 200 requests pass in two seconds, a problem. Use a sliding window log in a Redis sorted set: ZREMRANGEBYSCORE old entries, ZCARD, allow if under 100. Risk: memory grows with the number of requests stored. This is acceptable at 100 per user.",
    );
    assert!(r.misconceptions.iter().all(|m| m.id != "denies-problem"), "{}", r.summary);
}

/// "The fixes delivered under Challenges 1 to 5 provide significant value to users": numbers
/// that name parts of the assessment are references, not a size put on the impact; "about 300
/// users a day" is one.
#[test]
fn a_number_naming_a_challenge_is_no_quantity() {
    let grade = |text: &str| reflection_section("Impact & Value", "impact", text);
    let vague = grade(
        "The fixes delivered under Challenges 1 to 5 provide significant value to users and reduce operational costs.",
    );
    assert!(vague.evidence.iter().all(|e| e.criterion != "quantified-impact"), "{}", vague.summary);
    let sized = grade(
        "The session fix in challenge 1 stops about 300 users a day from being logged out, which cut support tickets.",
    );
    assert!(sized.evidence.iter().any(|e| e.criterion == "quantified-impact"), "{}", sized.summary);
}

/// A numbered paragraph's clause number ("3.2 The fixes reduce risk, improve reliability ...")
/// is no specific: a section of such paragraphs in buzzwords is generic and capped.
#[test]
fn a_clause_number_is_no_specific() {
    let grade = |text: &str| reflection_section("Impact & Value", "impact", text);
    let r = grade("3.1 The candidate declares that the fixes provide significant value to users and to the business.\n\n3.2 The fixes reduce risk, improve reliability, enhance the user experience and support the organisation's strategic objectives. They contribute to reduced operational costs and increased customer satisfaction.\n\n3.3 The candidate considers the value of the work to be high.");
    assert!(r.summary.contains("generic"), "{}", r.summary);
}

/// Held-out set 107 (10 sheets, 4 reflections): a games studio's online-services round. Written
/// at the end of stop 35 by someone who never saw the grader, the rubrics or the fixtures,
/// committed unread (614a96c), and left out of every test and measuring script until its one
/// grading at the end of stop 36. Graded once at ca77f42: MAE 0.083, 2 labelled <= 0.4 given
/// half (none with the verdict wrong), none labelled >= 0.8 given <= 0.3, needs_review on 1 of
/// 1 answer off by >= 0.5; 37 of 100 flagged. The grader at the start of the stop (4f33335):
/// the same figures.
#[test]
fn blind107_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind107-holdout"), None);
    a.print("blind107-holdout");
}

/// Held-out set 107's reflections, graded once at the end of stop 36: (ca77f42) mean error
/// 0.109, worst 0.166 (r03, labelled 0.52, given 0.67); the start of the stop: 0.137, 0.276
/// (r04).
#[test]
fn blind107_holdout_reflection_figures() {
    reflection_figures("blind107-holdout");
}

/// Held-out set 108 (10 sheets, 4 reflections): a healthcare vendor's remote assessment with
/// cautious, self-doubting candidates. Written at the end of stop 35 the same way, committed
/// unread (b482a2d), and left out of every test and measuring script until its one grading at
/// the end of stop 36. Graded once at ca77f42: MAE 0.108, 3 labelled <= 0.4 given half (1 with
/// the verdict wrong), 1 labelled >= 0.8 given <= 0.3, needs_review on 3 of 3 answers off by >=
/// 0.5; 44 of 100 flagged. The grader at the start of the stop (4f33335): the same figures.
#[test]
fn blind108_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind108-holdout"), None);
    a.print("blind108-holdout");
}

/// Held-out set 108's reflections, graded once at the end of stop 36: (ca77f42) mean error
/// 0.077, worst 0.115 (r04, labelled 0.55, given 0.44); the start of the stop: the same.
#[test]
fn blind108_holdout_reflection_figures() {
    reflection_figures("blind108-holdout");
}

/// A sheet that shows its working ("First answer: 9. Both read 10 and both write 9. / Second
/// thoughts: ... / Final: 8."): the first answer and the sentence that carries it on its line
/// are a view set aside, not claims; a sentence that turns ("but ...") is the candidate's own.
#[test]
fn a_labelled_first_answer_is_a_view_set_aside() {
    let set = set();
    let r = one(
        &set,
        "Q8",
        "First answer: 9. Both read 10 and both write 9.\nSecond thoughts: but UPDATE locks the row, so Tx2 can't write until Tx1 has finished.\nFinal: 8. Tx2 waits for Tx1's row lock. When Tx1 commits, Tx2 works from the newly committed value (9) and subtracts 1.",
    );
    assert!(r.misconceptions.is_empty() && r.score >= 9.0, "{}", r.summary);
    let r = one(
        &set,
        "Q10",
        "First answer: add `NOWAIT`.\nSecond thoughts: NOWAIT only makes the waiting workers error out straight away instead of blocking.\nFinal: `SKIP LOCKED`. All 50 workers find the same first pending job; one locks it and the other 49 queue up behind that lock. With `FOR UPDATE SKIP LOCKED`, each worker ignores rows other workers have locked and takes the next one instead.",
    );
    assert!(r.misconceptions.is_empty() && r.score >= 9.0, "{}", r.summary);
}

/// Blind set 117 (10 sheets, 4 reflections), written in stop 37 by someone who never saw the
/// grader, committed unread; a development set: mobile, frontend and embedded engineers
/// answering through analogies from their own domain. First grading, untouched: MAE 0.106;
/// labelled wrong given half or more: 0 (1 labelled 0.4 or less); labelled 0.8 or more given
/// 0.3 or less: 1; needs_review on 2 of the 3 answers off by 0.5 or more. The grader this stop
/// began with (59c89b8): the same.
#[test]
fn blind117_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind117-dev"), None);
    a.print("blind117-dev");
}

/// Blind set 117's reflections. First grading, untouched: mean error 0.064, worst 0.110
/// (59c89b8: the same).
#[test]
fn blind117_dev_reflection_figures() {
    reflection_figures("blind117-dev");
}

/// Blind set 118 (10 sheets, 4 reflections), written in stop 37 by someone who never saw the
/// grader, committed unread; a development set: partly right answers: the right mechanism
/// without its key condition, the right fix with a gap, a muddled reason. First grading,
/// untouched: MAE 0.116; labelled wrong given half or more: 0 (4 labelled 0.4 or less);
/// labelled 0.8 or more given 0.3 or less: 0; needs_review on 0 of the 1 answer off by 0.5 or
/// more. The grader this stop began with (59c89b8): the same.
#[test]
fn blind118_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind118-dev"), None);
    a.print("blind118-dev");
}

/// Blind set 118's reflections. First grading, untouched: mean error 0.079, worst 0.110
/// (59c89b8: the same).
#[test]
fn blind118_dev_reflection_figures() {
    reflection_figures("blind118-dev");
}

/// Blind set 119 (10 sheets, 4 reflections), written in stop 37 by someone who never saw the
/// grader, committed unread; a development set: candidates who push back on the question's
/// premise before, or instead of, answering it. First grading, untouched: MAE 0.175; labelled
/// wrong given half or more: 0 (7 labelled 0.4 or less); labelled 0.8 or more given 0.3 or
/// less: 8; needs_review on 10 of the 12 answers off by 0.5 or more. The grader this stop began
/// with (59c89b8): MAE 0.179, 9 labelled 0.8 or more given 0.3 or less.
#[test]
fn blind119_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind119-dev"), None);
    a.print("blind119-dev");
}

/// Blind set 119's reflections. First grading, untouched: mean error 0.035, worst 0.053
/// (59c89b8: the same).
#[test]
fn blind119_dev_reflection_figures() {
    reflection_figures("blind119-dev");
}

/// Blind set 120 (10 sheets, 4 reflections), written in stop 37 by someone who never saw the
/// grader, committed unread; a development set: Rust and C++ systems programmers carrying
/// ownership, lifetimes and RAII over to Go and Postgres. First grading, untouched: MAE 0.129;
/// labelled wrong given half or more: 2 (6 labelled 0.4 or less); labelled 0.8 or more given
/// 0.3 or less: 0; needs_review on 0 of the 3 answers off by 0.5 or more. The grader this stop
/// began with (59c89b8): the same.
#[test]
fn blind120_dev_set_figures() {
    let a = agreement(&answers_dir().join("blind120-dev"), None);
    a.print("blind120-dev");
}

/// Blind set 120's reflections. First grading, untouched: mean error 0.099, worst 0.220
/// (59c89b8: the same).
#[test]
fn blind120_dev_reflection_figures() {
    reflection_figures("blind120-dev");
}

/// Held-out set 111 (10 sheets, 4 reflections): a university career-fair screening of final-
/// year students and bootcamp graduates. Written at the start of stop 36 by a helper who never
/// saw the grader, committed unread (816e6be), and left out of every test and measuring script
/// until its one grading at the end of stop 37. Graded once at 5bdc407: MAE 0.141, 2 labelled
/// <= 0.4 given half (0 with the verdict wrong), 1 labelled >= 0.8 given <= 0.3, needs_review
/// on 3 of 4 answers off by >= 0.5; 41 of 100 flagged. The grader at the start of the stop
/// (59c89b8): MAE 0.142, the same counts, 40 flagged.
#[test]
fn blind111_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind111-holdout"), None);
    a.print("blind111-holdout");
}

/// Held-out set 111's reflections, graded once at the end of stop 37: (5bdc407) mean error
/// 0.048, worst 0.090 (r01, labelled 0.87, given 0.96); the start of the stop: the same.
#[test]
fn blind111_holdout_reflection_figures() {
    reflection_figures("blind111-holdout");
}

/// Held-out set 112 (10 sheets, 4 reflections): an SRE team's round with answers written as
/// runbooks, checklists and on-call notes. Written at the start of stop 36 the same way,
/// committed unread (816e6be), and left out of every test and measuring script until its one
/// grading at the end of stop 37. Graded once at 5bdc407: MAE 0.121, 3 labelled <= 0.4 given
/// half (1 with the verdict wrong), 1 labelled >= 0.8 given <= 0.3, needs_review on 3 of 3
/// answers off by >= 0.5; 42 of 100 flagged. The grader at the start of the stop (59c89b8): MAE
/// 0.118, the same counts, 41 flagged.
#[test]
fn blind112_holdout_set_figures() {
    let a = agreement(&answers_dir().join("blind112-holdout"), None);
    a.print("blind112-holdout");
}

/// Held-out set 112's reflections, graded once at the end of stop 37: (5bdc407) mean error
/// 0.081, worst 0.179 (r04, labelled 0.47, given 0.65); the start of the stop: the same.
#[test]
fn blind112_holdout_reflection_figures() {
    reflection_figures("blind112-holdout");
}
