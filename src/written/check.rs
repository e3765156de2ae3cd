//! `kata check` for rubrics: every problem in every rubric file, not just the first.
//!
//! Beyond what loading checks (fields, patterns, points adding up), this grades each rubric's
//! model answer (it must earn at least 80%) and calibration examples (each must score as
//! labelled, within its tolerance), and checks the question ids run Q1, Q2, ... without gaps.

use std::path::{Path, PathBuf};

use super::rubric::{load_question, load_reflection, Locator, Question, Scheme};
use super::score::grade;
use super::sheet::sentences_of;
use crate::error::DefinitionError;

/// The reflection rubric's file name inside the rubrics folder.
pub const REFLECTION_FILE: &str = "reflection.yaml";

/// A model answer must earn at least this share of the points.
const MODEL_ANSWER_SHARE: f64 = 0.8;

/// The question rubric files in `dir`: `*.yaml` except the reflection's, sorted by name.
pub(crate) fn question_files(dir: &Path) -> Result<Vec<PathBuf>, DefinitionError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|err| DefinitionError::file(dir, format!("cannot read the rubrics folder: {err}")))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
        .filter(|p| p.file_name().and_then(|n| n.to_str()) != Some(REFLECTION_FILE))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(DefinitionError::file(dir, "no question rubrics (*.yaml) found; see rubrics/README.md"));
    }
    Ok(files)
}

/// Set-level problems: duplicate ids, gaps in Q1..Qn.
pub(crate) fn check_ids(questions: &[Question]) -> Vec<DefinitionError> {
    let mut problems = Vec::new();
    let mut numbers: Vec<(usize, &Question)> = questions.iter().map(|q| (q.number, q)).collect();
    numbers.sort_by_key(|(n, _)| *n);
    for pair in numbers.windows(2) {
        if pair[0].0 == pair[1].0 {
            problems.push(DefinitionError::file(
                &pair[1].1.path,
                format!(
                    "question id {} is also used by {}; ids must be unique",
                    pair[1].1.rubric.id,
                    pair[0].1.path.display()
                ),
            ));
        }
    }
    let mut unique: Vec<(usize, &Question)> = numbers.clone();
    unique.dedup_by_key(|(n, _)| *n);
    for (expected, (n, q)) in (1..).zip(unique) {
        if n != expected {
            problems.push(DefinitionError::file(
                &q.path,
                format!(
                    "question ids must run Q1, Q2, ... without gaps; Q{expected} is missing before {}",
                    q.rubric.id
                ),
            ));
            break;
        }
    }
    problems
}

/// Grades `answer` against `scheme` as `kata grade` would (foreign vocabulary included).
pub(crate) fn score_text(scheme: &Scheme, answer: &str, foreign: &[(&str, &Scheme)]) -> (f64, String) {
    let (sentences, words) = sentences_of(answer);
    let g = grade(scheme, &sentences, words, foreign);
    (g.score, g.summary)
}

fn tolerance(points: f64, given: Option<f64>) -> f64 {
    given.unwrap_or_else(|| (0.15 * points).max(1.0))
}

/// Every problem with the rubrics in `dir`.
pub fn check_rubrics(dir: &Path) -> Vec<DefinitionError> {
    let mut problems = Vec::new();
    let files = match question_files(dir) {
        Ok(f) => f,
        Err(e) => return vec![e],
    };
    let mut questions = Vec::new();
    for file in &files {
        match load_question(file) {
            Ok(q) => questions.push(q),
            Err(mut errors) => problems.append(&mut errors),
        }
    }
    // Gaps are only meaningful when every file loaded.
    if questions.len() == files.len() {
        problems.extend(check_ids(&questions));
    } else {
        problems.extend(check_ids(&questions).into_iter().filter(|p| !p.to_string().contains("without gaps")));
    }
    for q in &questions {
        let text = crate::util::fs::read_text(&q.path).unwrap_or_default();
        let at = Locator::new(&text);
        let foreign: Vec<(&str, &Scheme)> =
            questions.iter().filter(|o| o.number != q.number).map(|o| (o.rubric.id.as_str(), &o.scheme)).collect();
        let (score, summary) = score_text(&q.scheme, &q.rubric.model_answer, &foreign);
        if score < MODEL_ANSWER_SHARE * q.scheme.points {
            problems.push(DefinitionError::at(
                &q.path,
                at.line(&["model-answer:"]),
                1,
                format!(
                    "the model answer scores {score}/{} ({summary}); a model answer must earn at least {:.0}%: \
                     add the vocabulary it uses to the criteria, or fix the answer",
                    q.scheme.points,
                    MODEL_ANSWER_SHARE * 100.0
                ),
            ));
        }
        for example in &q.rubric.calibration {
            let (score, summary) = score_text(&q.scheme, &example.answer, &foreign);
            let tol = tolerance(q.scheme.points, example.tolerance);
            if (score - example.expected).abs() > tol {
                problems.push(DefinitionError::at(
                    &q.path,
                    at.line(&["calibration:", &format!("label: {}", example.label)]),
                    1,
                    format!(
                        "calibration {:?} is labelled {} but grades {score} ({summary}); tolerance {tol}: \
                         adjust the criteria or the label",
                        example.label, example.expected
                    ),
                ));
            }
        }
    }
    let reflection = dir.join(REFLECTION_FILE);
    if reflection.is_file() {
        match load_reflection(&reflection) {
            Ok(r) => {
                let text = crate::util::fs::read_text(&reflection).unwrap_or_default();
                let at = Locator::new(&text);
                for (section, scheme) in r.file.sections.iter().zip(&r.schemes) {
                    for example in &section.calibration {
                        let (score, summary) = score_text(scheme, &example.answer, &[]);
                        let tol = tolerance(scheme.points, example.tolerance);
                        if (score - example.expected).abs() > tol {
                            problems.push(DefinitionError::at(
                                &reflection,
                                at.line(&[&format!("id: {}", section.id), &format!("label: {}", example.label)]),
                                1,
                                format!(
                                    "calibration {:?} of section {} is labelled {} but grades {score} ({summary}); \
                                     tolerance {tol}: adjust the criteria or the label",
                                    example.label, section.id, example.expected
                                ),
                            ));
                        }
                    }
                }
            }
            Err(mut errors) => problems.append(&mut errors),
        }
    } else {
        problems.push(DefinitionError::file(
            &reflection,
            "missing: the reflection rubric is required; see rubrics/README.md",
        ));
    }
    problems
}
