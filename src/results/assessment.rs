//! The results of a whole assessment: the JSON contract `kata grade <assessment folder>`
//! writes and `kata report` reads back. Every report (HTML, Markdown, JUnit, text) is rendered
//! from this one model.

use serde::{Deserialize, Serialize};

use super::{AnswersResult, KataResult, ReflectionResult, WrittenResult};

/// The results format this build writes.
pub const RESULTS_FORMAT_VERSION: u32 = 1;

/// One candidate's graded assessment.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AssessmentResult {
    /// Format of this file (1).
    pub format_version: u32,
    /// The candidate's name (from `kata start --candidate`, else the folder's name).
    pub candidate: String,
    /// The assessment id.
    pub assessment: String,
    /// The assessment's title.
    pub assessment_title: String,
    /// What was graded: a folder or an archive.
    pub submission: String,
    /// When the candidate started.
    pub started_at: Option<String>,
    /// When the candidate submitted (from the archive's manifest).
    pub submitted_at: Option<String>,
    /// When grading ran.
    pub graded_at: String,
    /// Version of the tool that graded.
    pub tool_version: String,
    /// Version of the tool the candidate submitted with, if known.
    pub submitted_tool_version: Option<String>,
    /// Weighted total: the sum of each part's `points`.
    pub total: f64,
    /// The most the total can be: the sum of the part weights.
    pub max_total: f64,
    /// Each part (katas, answers, reflection) against its maximum.
    pub parts: Vec<PartResult>,
    /// Each kata of the assessment, in the definition's order.
    pub katas: Vec<AssessedKata>,
    /// The graded answer sheet.
    pub answers: Option<AnswersResult>,
    /// The graded reflection.
    pub reflection: Option<ReflectionResult>,
    /// The reflection as the candidate wrote it (markdown, capped), so a report can show it.
    pub reflection_text: Option<String>,
    /// Things the interviewer should know: missing files, kata version changes, grader errors.
    pub warnings: Vec<String>,
    /// What checking the submission against its manifest found.
    pub integrity: Option<Integrity>,
    /// False while grading is still running (a partial results file).
    pub complete: bool,
}

/// One part of the total.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PartResult {
    /// `katas`, `answers` or `reflection`.
    pub id: String,
    /// For people: "Coding katas".
    pub title: String,
    /// The part's share of the total.
    pub weight: f64,
    /// Points earned in the part (test weights, rubric points).
    pub score: f64,
    /// Points available in the part.
    pub max_score: f64,
    /// What the part adds to the total: `weight * score / max_score`.
    pub points: f64,
}

/// One kata of an assessment.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AssessedKata {
    /// The kata id.
    pub id: String,
    /// Whether it was graded.
    pub status: KataStatus,
    /// Time the candidate spent on it, from the start record and file times, and the hints taken.
    pub time: Option<TimeSpent>,
    /// The kata's time budget in minutes.
    pub budget_minutes: Option<u32>,
    /// The grading result (zero tests when the folder is missing or could not be graded).
    pub result: KataResult,
}

/// Whether a kata was graded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KataStatus {
    /// Not graded yet (a partial results file).
    Pending,
    /// Graded (whatever the score, compile errors included).
    Graded,
    /// The candidate's folder (or its `src/lib.rs`) is missing: 0 points.
    Missing,
    /// The grader failed on it (see the warnings): 0 points, and the exit code says so.
    NotGraded,
}

/// When and how the candidate worked on a kata: the modification times of its sources, and
/// the hints its start record says were taken.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TimeSpent {
    /// The first source change after the start, RFC 3339.
    pub first_change_at: Option<String>,
    /// The last source change, RFC 3339.
    pub last_change_at: Option<String>,
    /// Minutes from the first to the last change (0 when nothing changed).
    pub active_minutes: u64,
    /// Minutes from the start of the assessment to the last change.
    pub since_start_minutes: Option<u64>,
    /// How many hints the candidate took (`kata hint`).
    #[serde(default)]
    pub hints_taken: usize,
    /// Those hints' text, as recorded when taken (absent from records written before it was).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<String>,
}

/// What comparing a submission with its manifest found.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Integrity {
    /// `archive` or `folder`.
    pub source: String,
    /// Whether a manifest was found at all.
    pub manifest: bool,
    /// Files checked against the manifest.
    pub files_checked: usize,
    /// Each difference.
    pub findings: Vec<IntegrityFinding>,
}

/// One difference between a submission and its manifest.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IntegrityFinding {
    /// Path inside the submission.
    pub path: String,
    /// What is wrong.
    pub kind: FindingKind,
    /// For people.
    pub detail: String,
}

/// Kinds of integrity findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// The file's hash differs from the manifest's: changed after packing.
    Changed,
    /// In the manifest, not in the submission.
    Missing,
    /// In the submission, not in the manifest.
    Extra,
    /// An archive entry that was refused (absolute path, `..`, link, too big).
    Refused,
}

impl AssessmentResult {
    /// Recomputes the parts and the total from the katas, answers and reflection.
    pub fn rescore(&mut self, weights: &PartWeights) {
        let mut parts = Vec::new();
        if let Some(weight) = weights.katas {
            let score: f64 = self.katas.iter().map(|k| f64::from(k.result.score)).sum();
            let max: f64 = self.katas.iter().map(|k| f64::from(k.result.max_score)).sum();
            parts.push(part("katas", "Coding katas", weight, score, max));
        }
        if let Some(weight) = weights.answers {
            let (score, max) =
                self.answers.as_ref().map(|a| (a.score, a.max_score)).unwrap_or((0.0, weights.answers_max));
            parts.push(part("answers", "Written answers", weight, score, max));
        }
        if let Some(weight) = weights.reflection {
            let (score, max) =
                self.reflection.as_ref().map(|r| (r.score, r.max_score)).unwrap_or((0.0, weights.reflection_max));
            parts.push(part("reflection", "Reflection", weight, score, max));
        }
        self.total = round1(parts.iter().map(|p| p.points).sum());
        self.max_total = round1(parts.iter().map(|p| p.weight).sum());
        self.parts = parts;
    }

    /// A report of one kata's grading alone (`kata grade <kata folder> --html`).
    pub fn from_kata(result: KataResult) -> AssessmentResult {
        let candidate = folder_name(&result.submission);
        let mut out = AssessmentResult::empty(candidate, &result.kata, &result.title, &result.submission);
        out.started_at = result.started_at.clone();
        out.graded_at = result.graded_at.clone();
        out.complete = result.complete;
        out.katas.push(AssessedKata {
            id: result.kata.clone(),
            status: KataStatus::Graded,
            time: None,
            budget_minutes: None,
            result,
        });
        out.rescore(&PartWeights { katas: Some(100.0), ..PartWeights::default() });
        out
    }

    /// A report of the written half alone (`kata grade --answers A --reflection R --html`).
    pub fn from_written(written: WrittenResult, reflection_text: Option<String>) -> AssessmentResult {
        let sheet =
            written.sheet.clone().or_else(|| written.reflection.as_ref().map(|r| r.sheet.clone())).unwrap_or_default();
        let mut out = AssessmentResult::empty(folder_name(&sheet), "written", "Written assessment", &sheet);
        out.warnings = written.warnings.clone();
        let answers = written.sheet.clone().map(|sheet| AnswersResult {
            sheet,
            score: written.questions.iter().map(|q| q.score).sum(),
            max_score: written.questions.iter().map(|q| q.max_score).sum(),
            auto_score: written.questions.iter().map(|q| q.auto_score).sum(),
            needs_review: written.questions.iter().any(|q| q.needs_review),
            questions: written.questions.clone(),
            warnings: Vec::new(),
            incomplete: written.incomplete.clone(),
        });
        let weights = PartWeights {
            katas: None,
            answers: answers.as_ref().map(|a| a.max_score.max(1.0)),
            reflection: written.reflection.as_ref().map(|r| r.max_score.max(1.0)),
            ..PartWeights::default()
        };
        out.answers = answers;
        out.reflection = written.reflection;
        out.reflection_text = reflection_text;
        out.complete = true;
        out.rescore(&weights);
        out
    }

    /// A result with nothing graded yet.
    pub fn empty(candidate: String, assessment: &str, title: &str, submission: &str) -> AssessmentResult {
        AssessmentResult {
            format_version: RESULTS_FORMAT_VERSION,
            candidate,
            assessment: assessment.to_string(),
            assessment_title: title.to_string(),
            submission: submission.to_string(),
            started_at: None,
            submitted_at: None,
            graded_at: crate::util::time::now_rfc3339(),
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            submitted_tool_version: None,
            total: 0.0,
            max_total: 0.0,
            parts: Vec::new(),
            katas: Vec::new(),
            answers: None,
            reflection: None,
            reflection_text: None,
            warnings: Vec::new(),
            integrity: None,
            complete: false,
        }
    }
}

/// The weights of the parts an assessment has, and the maxima of parts not graded yet.
#[derive(Debug, Clone, Default)]
pub struct PartWeights {
    /// Weight of the katas, if the assessment has them.
    pub katas: Option<f64>,
    /// Weight of the answers.
    pub answers: Option<f64>,
    /// Weight of the reflection.
    pub reflection: Option<f64>,
    /// The answers' points, for the part's maximum before (or without) a graded sheet.
    pub answers_max: f64,
    /// The reflection's points, likewise.
    pub reflection_max: f64,
}

fn part(id: &str, title: &str, weight: f64, score: f64, max_score: f64) -> PartResult {
    let fraction = if max_score > 0.0 { (score / max_score).clamp(0.0, 1.0) } else { 0.0 };
    PartResult {
        id: id.to_string(),
        title: title.to_string(),
        weight,
        score: round1(score),
        max_score: round1(max_score),
        points: round1(weight * fraction),
    }
}

/// One decimal, as the written grades carry.
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The last component of a path, for a readable default name.
fn folder_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty() && n != ".")
        .unwrap_or_else(|| "candidate".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kata(score: u32, max: u32) -> AssessedKata {
        let result = KataResult {
            kata: "k".into(),
            title: "K".into(),
            kata_version: "1".into(),
            tool_version: "0".into(),
            submission: "s".into(),
            started_at: None,
            graded_at: "t".into(),
            score,
            max_score: max,
            compiled: true,
            compile_output: None,
            build_ms: 0,
            tests: Vec::new(),
            missed_requirements: Vec::new(),
            warnings: Vec::new(),
            complete: true,
            containment: None,
        };
        AssessedKata { id: "k".into(), status: KataStatus::Graded, time: None, budget_minutes: None, result }
    }

    #[test]
    fn the_total_is_the_weighted_sum_of_part_fractions() {
        let mut r = AssessmentResult::empty("a".into(), "x", "X", "s");
        r.katas = vec![kata(30, 100), kata(70, 100)];
        r.rescore(&PartWeights {
            katas: Some(50.0),
            answers: Some(30.0),
            reflection: Some(20.0),
            answers_max: 100.0,
            reflection_max: 100.0,
        });
        // Katas 100/200 of 50, answers and reflection not graded: 0 of 30 and 0 of 20.
        assert_eq!(r.total, 25.0);
        assert_eq!(r.max_total, 100.0);
        assert_eq!(r.parts.len(), 3);
        assert_eq!(r.parts[1].max_score, 100.0);
    }
}
