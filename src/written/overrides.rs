//! The interviewer's overrides: `grades.yaml` beside the submission.
//!
//! ```yaml
//! format-version: 1
//! overrides:
//!   - { question: Q8, score: 3, note: "explained the row lock well; slip on the final number" }
//!   - { reflection: trade-offs, score: 15, note: "the cost is real but unmeasured" }
//! ```
//!
//! Each entry names exactly one question (`Q1`..) or one reflection section id, a score between
//! 0 and that item's points, and a note saying why. The final score uses the override; the
//! report keeps the automatic score beside it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::rubric::{check_format_version, Problems};
use crate::error::DefinitionError;
use crate::results::written::ScoreOverride;

/// The file name looked for beside a submission.
pub const OVERRIDES_FILE: &str = "grades.yaml";

/// `grades.yaml` as written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OverridesFile {
    /// Always 1 for this build.
    pub format_version: u32,
    /// The overrides.
    #[serde(default)]
    pub overrides: Vec<GradeOverride>,
}

/// One override.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GradeOverride {
    /// A question id (`Q8`); or leave out and set `reflection`.
    #[serde(default)]
    pub question: Option<String>,
    /// A reflection section id (`trade-offs`); or leave out and set `question`.
    #[serde(default)]
    pub reflection: Option<String>,
    /// The score to use instead of the automatic one.
    pub score: f64,
    /// Why (required: the report shows it).
    pub note: String,
    /// Who decided (optional).
    #[serde(default)]
    pub by: Option<String>,
}

/// The overrides file beside `submission` (`grades.yaml` in the same folder), if there is one.
pub fn overrides_beside(submission: &Path) -> Option<PathBuf> {
    let dir = submission.parent().unwrap_or(Path::new("."));
    let path = dir.join(OVERRIDES_FILE);
    path.is_file().then_some(path)
}

/// What kind of item an override targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Question,
    Reflection,
}

/// Reads `path` and returns the overrides for one kind of item, keyed by id, after checking
/// every entry: structure, known ids (`known`: id -> points), score range, duplicates.
pub(crate) fn load_for(
    path: &Path,
    target: Target,
    known: &[(String, f64)],
) -> Result<HashMap<String, ScoreOverride>, DefinitionError> {
    let text = crate::util::fs::read_text(path)?;
    let file: OverridesFile = crate::content::yaml::parse(&text, path)?;
    let mut problems = Problems::new(path, &text);
    check_format_version(file.format_version, &mut problems);
    let mut out = HashMap::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (n, entry) in file.overrides.iter().enumerate() {
        let (kind, id) = match (&entry.question, &entry.reflection) {
            (Some(q), None) => (Target::Question, q.clone()),
            (None, Some(r)) => (Target::Reflection, r.clone()),
            _ => {
                problems.add(
                    &["overrides:", &format!("score: {}", entry.score)],
                    format!("override #{} must name exactly one of `question: Qn` or `reflection: <section>`", n + 1),
                );
                continue;
            }
        };
        let key = match kind {
            Target::Question => "question",
            Target::Reflection => "reflection",
        };
        let anchor = format!("{key}: {id}");
        let anchors = ["overrides:", anchor.as_str()];
        if *seen.entry(format!("{key}:{id}")).and_modify(|c| *c += 1).or_insert(1) > 1 {
            problems.add(&anchors, format!("{key} {id} is overridden twice; keep one entry"));
        }
        if entry.note.trim().is_empty() {
            problems.add(&anchors, format!("override of {id} has an empty `note`; say why the score changed"));
        }
        if !entry.score.is_finite() || entry.score < 0.0 {
            problems.add(&anchors, format!("override of {id}: score {} must be a number of at least 0", entry.score));
        }
        if kind != target {
            continue;
        }
        let max = known.iter().find(|(k, _)| k.eq_ignore_ascii_case(&id)).map(|(k, p)| (k.clone(), *p));
        match max {
            None => problems.add(
                &anchors,
                format!(
                    "{key} {id:?} is not in the rubric ({}); fix the id",
                    known.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>().join(", ")
                ),
            ),
            Some((canonical, points)) => {
                if entry.score > points {
                    problems.add(
                        &anchors,
                        format!("override of {id}: score {} is more than its {points} points", entry.score),
                    );
                }
                let mut note = entry.note.trim().to_string();
                if let Some(by) = &entry.by {
                    note = format!("{note} ({by})");
                }
                out.insert(canonical, ScoreOverride { score: entry.score, note });
            }
        }
    }
    match problems.list.into_iter().next() {
        Some(first) => Err(first),
        None => Ok(out),
    }
}
