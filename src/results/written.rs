//! What grading produces. Serialisable both ways: the report issue renders these from saved
//! JSON. Scores are JSON numbers (points, one decimal).

use serde::{Deserialize, Serialize};

/// Whether an answer was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnswerStatus {
    /// There is text to grade.
    Answered,
    /// The heading is there but nothing under it.
    Empty,
    /// No heading for this question.
    Missing,
}

/// The graded answer sheet. Also the `--format json` contract:
/// `{"score", "max_score", "questions": [{"id", "score", "max_score", "needs_review", "evidence"}]}`.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct AnswersResult {
    /// The sheet that was graded.
    pub sheet: String,
    /// Sum of the questions' final scores (overrides applied).
    pub score: f64,
    /// Sum of the questions' points.
    pub max_score: f64,
    /// Sum of the automatic scores, before overrides.
    pub auto_score: f64,
    /// Some question needs a human look.
    pub needs_review: bool,
    /// One per question, in question order.
    pub questions: Vec<QuestionResult>,
    /// Parts of the sheet that could not be matched to a question, `file:line: message`.
    pub warnings: Vec<String>,
    /// Set when fewer answers were found than the assessment has questions: the sheet may be
    /// in a shape the parser did not read, so every zero needs a human look.
    #[serde(default)]
    pub incomplete: Option<String>,
}

/// One graded question.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct QuestionResult {
    /// `Q1`.
    pub id: String,
    /// The question's title.
    pub title: String,
    /// Whether an answer was found.
    pub status: AnswerStatus,
    /// Line of the answer's heading, if found.
    pub line: Option<usize>,
    /// The final score: the override if there is one, else `auto_score`.
    pub score: f64,
    /// The question's points.
    pub max_score: f64,
    /// What the grader gave.
    pub auto_score: f64,
    /// The grade is low-confidence; `review_reason` says why.
    pub needs_review: bool,
    /// Why a human should look (several reasons joined by "; ").
    pub review_reason: Option<String>,
    /// One sentence explaining the score.
    pub summary: String,
    /// Each point awarded, with the sentence that earned it.
    pub evidence: Vec<Evidence>,
    /// Criteria not met.
    pub missed: Vec<MissedCriterion>,
    /// Wrong ideas found, and what they cost.
    pub misconceptions: Vec<MisconceptionFound>,
    /// For questions with one right option: what the candidate chose.
    pub choice: Option<ChoiceFound>,
    /// The interviewer's override, if any.
    #[serde(rename = "override")]
    pub override_: Option<ScoreOverride>,
    /// The candidate's answer as graded (the sentences, one per line), for the report.
    #[serde(default)]
    pub answer: Option<String>,
}

/// A criterion met, and the sentence that met it.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct Evidence {
    /// The criterion's id.
    pub criterion: String,
    /// The concept recognised (or the option chosen).
    pub concept: String,
    /// Points this evidence earned.
    pub points: f64,
    /// The sentence, as the candidate wrote it.
    pub quote: String,
    /// Its line in the submitted file.
    pub line: usize,
}

/// A criterion not met.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct MissedCriterion {
    /// The criterion's id.
    pub criterion: String,
    /// Points it would have earned.
    pub points: f64,
    /// What it asks for.
    pub description: String,
    /// Why it was not met when the words were there (negated, removed by a misconception...).
    pub note: Option<String>,
}

/// A misconception present in the answer.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct MisconceptionFound {
    /// The misconception's id.
    pub id: String,
    /// The wrong idea.
    pub description: String,
    /// The sentence that states it.
    pub quote: String,
    /// Its line.
    pub line: usize,
    /// What it cost: "caps the score at 2", "removes credit for ...".
    pub effect: String,
    /// The fact that corrects it.
    pub correction: String,
}

/// The candidate's final choice on a question with one right option.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct ChoiceFound {
    /// The option chosen, if one could be told apart.
    pub chosen: Option<String>,
    /// The right option.
    pub correct: String,
    /// The sentence that made the choice.
    pub quote: Option<String>,
    /// Its line.
    pub line: Option<usize>,
}

/// An interviewer's score with the reason.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct ScoreOverride {
    /// The score that replaces the automatic one.
    pub score: f64,
    /// Why.
    pub note: String,
}

/// The graded reflection; in the JSON contract it sits under `"reflection"`.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct ReflectionResult {
    /// The file that was graded.
    pub sheet: String,
    /// Sum of the sections' final scores.
    pub score: f64,
    /// Sum of the sections' points.
    pub max_score: f64,
    /// Sum of the automatic scores.
    pub auto_score: f64,
    /// Some section is missing, empty, or low-confidence.
    pub needs_review: bool,
    /// One per rubric section, in rubric order.
    pub sections: Vec<SectionResult>,
    /// Headings that match no section, duplicates.
    pub warnings: Vec<String>,
}

/// One graded reflection section.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct SectionResult {
    /// The section id (`trade-offs`), also the override key.
    pub id: String,
    /// The expected heading.
    pub heading: String,
    /// A heading for the section was found.
    pub found: bool,
    /// The heading was found but nothing (or almost nothing) is under it.
    pub empty: bool,
    /// Line of the heading.
    pub line: Option<usize>,
    /// Words written.
    pub words: usize,
    /// Final score (override applied).
    pub score: f64,
    /// The section's points.
    pub max_score: f64,
    /// What the grader gave.
    pub auto_score: f64,
    /// Low-confidence grade.
    pub needs_review: bool,
    /// Why.
    pub review_reason: Option<String>,
    /// One sentence explaining the score.
    pub summary: String,
    /// Each point awarded with its sentence.
    pub evidence: Vec<Evidence>,
    /// Criteria not met.
    pub missed: Vec<MissedCriterion>,
    /// Problems found.
    pub misconceptions: Vec<MisconceptionFound>,
    /// The interviewer's override.
    #[serde(rename = "override")]
    pub override_: Option<ScoreOverride>,
}

/// Both halves of the written assessment, as `kata grade --answers A --reflection R` prints
/// them: the answers' fields at the top level, the reflection under `"reflection"`.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct WrittenResult {
    /// Answers plus reflection (whichever were graded).
    pub score: f64,
    /// Their points.
    pub max_score: f64,
    /// A human should look at something.
    pub needs_review: bool,
    /// The answer sheet, if graded.
    pub sheet: Option<String>,
    /// The questions (empty when only a reflection was graded).
    pub questions: Vec<QuestionResult>,
    /// The reflection, if graded.
    pub reflection: Option<ReflectionResult>,
    /// Warnings from both files.
    pub warnings: Vec<String>,
    /// Fewer answers found than questions (see [`AnswersResult::incomplete`]).
    #[serde(default)]
    pub incomplete: Option<String>,
}

impl WrittenResult {
    /// Combines the two halves.
    pub fn new(answers: Option<AnswersResult>, reflection: Option<ReflectionResult>) -> WrittenResult {
        let mut score = 0.0;
        let mut max_score = 0.0;
        let mut needs_review = false;
        let mut warnings = Vec::new();
        let incomplete = answers.as_ref().and_then(|a| a.incomplete.clone());
        let (sheet, questions) = match answers {
            Some(a) => {
                score += a.score;
                max_score += a.max_score;
                needs_review |= a.needs_review;
                warnings.extend(a.warnings);
                (Some(a.sheet), a.questions)
            }
            None => (None, Vec::new()),
        };
        if let Some(r) = &reflection {
            score += r.score;
            max_score += r.max_score;
            needs_review |= r.needs_review;
            warnings.extend(r.warnings.iter().cloned());
        }
        WrittenResult {
            score: round(score),
            max_score,
            needs_review,
            sheet,
            questions,
            reflection,
            warnings,
            incomplete,
        }
    }
}

/// Scores carry one decimal.
pub(crate) fn round(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}
