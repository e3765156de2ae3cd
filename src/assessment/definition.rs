//! Assessment definitions: `assessments/<id>.yaml` names the katas, the question rubrics and
//! the reflection rubric of one interview assessment, with the weight of each part.
//!
//! ```yaml
//! format-version: 1
//! id: backend
//! title: Backend Engineer Challenge
//! katas:                       # graded against their hidden suites
//!   weight: 50                 # share of the total; katas count by their points
//!   ids: [session-race, memory-leak, priority-queue, deadlock, connection-pool]
//! answers:                     # ANSWERS.md, graded against the question rubrics
//!   weight: 30
//!   rubrics: .                 # folder of question rubrics, relative to the rubrics folder
//!   questions: 10              # how many the folder must hold
//! reflection:                  # REFLECTION.md
//!   weight: 20
//!   rubric: reflection.yaml    # relative to the rubrics folder
//! ```
//!
//! The total is the weighted sum of each part's fraction: with the weights above, out of 100.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::DefinitionError;

/// The definition format this build reads.
pub const FORMAT_VERSION: u32 = 1;

/// `assessments/<id>.yaml` as written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AssessmentDef {
    /// Always 1 for this build.
    pub format_version: u32,
    /// Short id, the file's name without `.yaml`.
    pub id: String,
    /// Title shown to the candidate and on the report.
    pub title: String,
    /// The coding part.
    #[serde(default)]
    pub katas: Option<KatasPart>,
    /// The written answers.
    #[serde(default)]
    pub answers: Option<AnswersPart>,
    /// The reflection.
    #[serde(default)]
    pub reflection: Option<ReflectionPart>,
}

/// The coding part of an assessment.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct KatasPart {
    /// Share of the total.
    pub weight: f64,
    /// Kata ids, in the order the candidate sees them.
    pub ids: Vec<String>,
}

/// The written answers of an assessment.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AnswersPart {
    /// Share of the total.
    pub weight: f64,
    /// Folder of question rubrics, relative to the rubrics folder (`.` for the folder itself).
    #[serde(default = "dot")]
    pub rubrics: PathBuf,
    /// How many questions the folder must hold, if stated.
    #[serde(default)]
    pub questions: Option<usize>,
}

/// The reflection of an assessment.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ReflectionPart {
    /// Share of the total.
    pub weight: f64,
    /// The reflection rubric, relative to the rubrics folder.
    #[serde(default = "reflection_yaml")]
    pub rubric: PathBuf,
}

fn dot() -> PathBuf {
    PathBuf::from(".")
}

fn reflection_yaml() -> PathBuf {
    PathBuf::from(crate::written::REFLECTION_FILE)
}

/// A loaded definition and where it came from.
#[derive(Debug, Clone)]
pub struct Assessment {
    /// The definition.
    pub def: AssessmentDef,
    /// Its file.
    pub path: PathBuf,
}

impl Assessment {
    /// The kata ids (none when the assessment has no coding part).
    pub fn kata_ids(&self) -> &[String] {
        self.def.katas.as_ref().map(|k| k.ids.as_slice()).unwrap_or(&[])
    }

    /// The folder of question rubrics, given the rubrics folder in use.
    pub fn question_dir(&self, rubrics: &Path) -> Option<PathBuf> {
        self.def.answers.as_ref().map(|a| rubrics.join(&a.rubrics))
    }

    /// The reflection rubric, given the rubrics folder in use.
    pub fn reflection_rubric(&self, rubrics: &Path) -> Option<PathBuf> {
        self.def.reflection.as_ref().map(|r| rubrics.join(&r.rubric))
    }
}

/// How a one-kata assessment's id begins: `kata:deadlock` is the `deadlock` kata alone, worth
/// the whole total. `kata submit` in a folder from `kata start <id>` records it, so the archive
/// grades like any other submission. (`:` is not allowed in a definition's id: no clash.)
pub const SINGLE_KATA_PREFIX: &str = "kata:";

/// The assessment of one kata alone: its hidden tests make the whole total (out of 100).
pub fn single_kata(kata_id: &str) -> Assessment {
    Assessment {
        def: AssessmentDef {
            format_version: FORMAT_VERSION,
            id: format!("{SINGLE_KATA_PREFIX}{kata_id}"),
            title: format!("Kata {kata_id}"),
            katas: Some(KatasPart { weight: 100.0, ids: vec![kata_id.to_string()] }),
            answers: None,
            reflection: None,
        },
        path: PathBuf::from(format!("(the single kata {kata_id})")),
    }
}

/// Finds an assessment by id in `dir` (`<dir>/<id>.yaml`), or reads `name` as a file path
/// when it names an existing file (for one's own assessments); `kata:<id>` is that kata alone
/// ([`single_kata`]).
pub fn find(dir: &Path, name: &str) -> Result<Assessment, DefinitionError> {
    if let Some(kata) = name.strip_prefix(SINGLE_KATA_PREFIX) {
        if !kata.is_empty() && kata.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Ok(single_kata(kata));
        }
    }
    let as_path = Path::new(name);
    if (name.ends_with(".yaml") || name.ends_with(".yml") || name.contains('/')) && as_path.is_file() {
        return load(as_path);
    }
    let path = dir.join(format!("{name}.yaml"));
    if name.contains('/') || name.starts_with('.') || !path.is_file() {
        return Err(DefinitionError::unknown("assessment", name, &ids(dir), "or give the path of a definition file"));
    }
    load(&path)
}

/// Ids of the assessments in `dir`, sorted.
pub fn ids(dir: &Path) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".yaml")).map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    ids.sort();
    ids
}

/// Reads and validates one definition file.
pub fn load(path: &Path) -> Result<Assessment, DefinitionError> {
    let def: AssessmentDef = crate::content::yaml::load(path)?;
    let fail = |message: String| Err(DefinitionError::file(path, message));
    if def.format_version > FORMAT_VERSION {
        return fail(format!(
            "format-version {} is newer than this kata build understands ({FORMAT_VERSION}); upgrade kata",
            def.format_version
        ));
    }
    if def.format_version < 1 {
        return fail(format!("format-version must be {FORMAT_VERSION}"));
    }
    if def.id.is_empty() || !def.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return fail(format!("id {:?} must be letters, digits, `-` or `_`", def.id));
    }
    let weights = [
        def.katas.as_ref().map(|k| ("katas", k.weight)),
        def.answers.as_ref().map(|a| ("answers", a.weight)),
        def.reflection.as_ref().map(|r| ("reflection", r.weight)),
    ];
    let weights: Vec<(&str, f64)> = weights.into_iter().flatten().collect();
    if weights.is_empty() {
        return fail("an assessment needs at least one of `katas`, `answers`, `reflection`".into());
    }
    for (part, weight) in &weights {
        if !weight.is_finite() || *weight <= 0.0 {
            return fail(format!("{part}: weight {weight} must be a number above 0"));
        }
    }
    if let Some(katas) = &def.katas {
        if katas.ids.is_empty() {
            return fail("katas: `ids` is empty; list the katas or leave `katas` out".into());
        }
        let mut seen = HashSet::new();
        for id in &katas.ids {
            if !seen.insert(id) {
                return fail(format!("katas: `{id}` is listed twice"));
            }
        }
    }
    for rel in
        [def.answers.as_ref().map(|a| &a.rubrics), def.reflection.as_ref().map(|r| &r.rubric)].into_iter().flatten()
    {
        if rel.is_absolute() || rel.components().any(|c| matches!(c, std::path::Component::ParentDir)) {
            return fail(format!(
                "{}: rubric paths are relative to the rubrics folder and stay inside it",
                rel.display()
            ));
        }
    }
    Ok(Assessment { def, path: path.to_path_buf() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn a_single_kata_is_an_assessment_of_that_kata_alone() {
        let a = find(Path::new("/nonexistent"), "kata:deadlock").unwrap();
        assert_eq!(a.def.id, "kata:deadlock");
        assert_eq!(a.kata_ids(), ["deadlock"]);
        assert!(a.def.answers.is_none() && a.def.reflection.is_none());
        assert!(find(Path::new("/nonexistent"), "kata:../x").is_err());
    }

    #[test]
    fn shipped_backend_assessment_loads_with_five_katas_ten_questions_and_a_reflection() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assessments/backend.yaml");
        let a = load(&path).unwrap();
        assert_eq!(a.kata_ids().len(), 5);
        for id in a.kata_ids() {
            assert!(Path::new(env!("CARGO_MANIFEST_DIR")).join("katas").join(id).join("kata.yaml").is_file(), "{id}");
        }
        assert_eq!(a.def.answers.as_ref().unwrap().questions, Some(10));
        // Its rubrics load: ten questions and the reflection.
        let rubrics = super::super::Rubrics::load(&a, &Path::new(env!("CARGO_MANIFEST_DIR")).join("rubrics")).unwrap();
        assert_eq!(rubrics.questions.unwrap().questions.len(), 10);
        assert_eq!(rubrics.reflection.unwrap().file.sections.len(), 5);
    }

    #[test]
    fn weights_must_be_positive_and_ids_unique() {
        let (_d, p) = write("format-version: 1\nid: x\ntitle: X\nkatas: { weight: 0, ids: [a] }\n");
        assert!(load(&p).unwrap_err().to_string().contains("weight 0"));
        let (_d, p) = write("format-version: 1\nid: x\ntitle: X\nkatas: { weight: 5, ids: [a, a] }\n");
        assert!(load(&p).unwrap_err().to_string().contains("twice"));
    }

    #[test]
    fn unknown_fields_and_escaping_paths_are_refused() {
        let (_d, p) = write("format-version: 1\nid: x\ntitle: X\ncolour: red\n");
        assert!(load(&p).unwrap_err().to_string().contains("colour"));
        let (_d, p) = write("format-version: 1\nid: x\ntitle: X\nreflection: { weight: 5, rubric: ../r.yaml }\n");
        assert!(load(&p).unwrap_err().to_string().contains("stay inside"));
    }
}
