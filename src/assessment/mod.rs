//! Whole assessments: the definition (`assessments/<id>.yaml`), the candidate's folder, the
//! submission archive, and grading everything in it into one [`AssessmentResult`].
//!
//! ```text
//! kata start --assessment backend ──► folder.rs   alice/: one crate per kata, ANSWERS.md,
//!                                                  REFLECTION.md, .kata/assessment.yaml
//! kata submit ──────────────────────► archive.rs  alice/submission.tar.gz + MANIFEST.json
//! kata grade alice | alice.tar.gz ──► grade_submission: extract (archive), verify hashes,
//!                                      answers + reflection (written/), each kata
//!                                      (coding/), weighted total ──► AssessmentResult
//! ```
//!
//! A kata folder that is missing or does not compile is a result (0 for that kata), never an
//! abort; a grader failure on one kata is recorded, the others still graded, and reported in
//! the exit code. The results file is rewritten as parts complete.

pub mod archive;
pub mod definition;
pub mod folder;

use std::path::{Path, PathBuf};

use anyhow::Context;

pub use crate::results::{AssessedKata, AssessmentResult, Integrity, KataStatus, PartWeights};
pub use definition::Assessment;

use crate::coding::grade::GradeOptions;
use crate::coding::workspace::Suite;
use crate::content::Content;
use crate::results::FindingKind;
use crate::results::KataResult;
use crate::written::{self, QuestionSet, ReflectionRubric};

/// Most bytes of the reflection kept in the results for rendering.
const MAX_REFLECTION_TEXT: usize = 100 * 1024;

/// How to grade a submission.
pub struct SittingOptions<'a> {
    /// Build without network access.
    pub offline: bool,
    /// Test processes at once.
    pub jobs: usize,
    /// Results file rewritten as parts complete.
    pub output: Option<&'a Path>,
    /// The interviewer's overrides file [default: `grades.yaml` in the folder, or
    /// `<archive stem>.grades.yaml` beside an archive].
    pub overrides: Option<&'a Path>,
    /// An assessment name or file to use instead of the one the folder records.
    pub assessment: Option<&'a str>,
    /// Called as each kata's grade completes (the katas are graded concurrently).
    pub on_kata: Option<&'a (dyn Fn(&AssessedKata) + Sync)>,
}

/// Whether `path` is something [`grade_submission`] grades: an assessment folder or archive.
pub fn is_submission(path: &Path) -> bool {
    folder::is_assessment_folder(path) || archive::is_archive(path)
}

/// The written rubrics an assessment uses, loaded once.
pub struct Rubrics {
    /// The question rubrics, if the assessment has answers.
    pub questions: Option<QuestionSet>,
    /// The reflection rubric, if it has a reflection.
    pub reflection: Option<ReflectionRubric>,
}

impl Rubrics {
    /// Loads (and checks) the rubrics `assessment` names from the rubrics folder.
    pub fn load(assessment: &Assessment, rubrics_dir: &Path) -> anyhow::Result<Rubrics> {
        let questions = match assessment.question_dir(rubrics_dir) {
            Some(dir) => {
                let set = written::load_question_rubrics(&dir)?;
                let expected = assessment.def.answers.as_ref().and_then(|a| a.questions);
                if let Some(n) = expected.filter(|n| *n != set.questions.len()) {
                    anyhow::bail!(
                        "{}: the assessment expects {n} questions but {} holds {}; add the missing rubrics or fix `questions`",
                        assessment.path.display(),
                        dir.display(),
                        set.questions.len()
                    );
                }
                Some(set)
            }
            None => None,
        };
        let reflection = match assessment.reflection_rubric(rubrics_dir) {
            Some(path) => Some(written::load_reflection_rubric(&path)?),
            None => None,
        };
        Ok(Rubrics { questions, reflection })
    }

    /// The part weights of `assessment`, with these rubrics' maxima.
    pub fn weights(&self, assessment: &Assessment) -> PartWeights {
        let def = &assessment.def;
        PartWeights {
            katas: def.katas.as_ref().map(|k| k.weight),
            answers: def.answers.as_ref().map(|a| a.weight),
            reflection: def.reflection.as_ref().map(|r| r.weight),
            answers_max: self.questions.as_ref().map(QuestionSet::max_score).unwrap_or(0.0),
            reflection_max: self.reflection.as_ref().map(ReflectionRubric::max_score).unwrap_or(0.0),
        }
    }
}

/// A graded submission and whether every part could be graded.
pub struct Graded {
    /// The results.
    pub result: AssessmentResult,
    /// False when the grader failed on some kata (recorded in the warnings).
    pub all_graded: bool,
}

/// Grades an assessment folder or a submission archive.
pub fn grade_submission(content: &Content, path: &Path, options: &SittingOptions<'_>) -> anyhow::Result<Graded> {
    // An archive is graded from a fresh private copy, removed when grading ends.
    let extracted;
    let (root, integrity, manifest, overrides, mut warnings) = if archive::is_archive(path) {
        extracted = crate::util::fs::private_tempdir("kata-submission-")?;
        let got = archive::extract(path, extracted.path())?;
        let mut findings = got.refused;
        let files_checked = match &got.manifest {
            Some(m) => {
                let (n, more) = archive::verify(extracted.path(), m)?;
                findings.extend(more);
                n
            }
            None => 0,
        };
        let integrity =
            Integrity { source: "archive".into(), manifest: got.manifest.is_some(), files_checked, findings };
        let mut warnings = Vec::new();
        if got.manifest.is_none() {
            warnings.push(format!(
                "{} has no readable {}: file hashes were not checked",
                path.display(),
                archive::MANIFEST_FILE
            ));
        }
        if extracted.path().join(written::OVERRIDES_FILE).is_file() {
            warnings.push(format!(
                "the archive holds a {}; ignored (overrides come from the interviewer, beside the archive)",
                written::OVERRIDES_FILE
            ));
        }
        let beside = options.overrides.map(Path::to_path_buf).or_else(|| archive_overrides(path));
        (extracted.path().to_path_buf(), Some(integrity), got.manifest, beside, warnings)
    } else {
        let manifest_path = path.join(archive::FOLDER_MANIFEST);
        let manifest: Option<archive::Manifest> = match std::fs::read(&manifest_path) {
            Ok(bytes) => serde_json::from_slice(&bytes).ok(),
            Err(_) => None,
        };
        let integrity = match &manifest {
            Some(m) => {
                let (files_checked, findings) = archive::verify(path, m)?;
                Some(Integrity { source: "folder".into(), manifest: true, files_checked, findings })
            }
            None => None,
        };
        let local = path.join(written::OVERRIDES_FILE);
        let overrides = options.overrides.map(Path::to_path_buf).or_else(|| local.is_file().then_some(local));
        (path.to_path_buf(), integrity, manifest, overrides, Vec::new())
    };
    let record =
        folder::read_record(&root).with_context(|| format!("{} is not an assessment submission", path.display()))?;
    let assessment = definition::find(&content.assessments, options.assessment.unwrap_or(&record.assessment))?;
    if assessment.def.id != record.assessment {
        warnings.push(format!(
            "the folder records assessment `{}`; graded as `{}` as asked",
            record.assessment, assessment.def.id
        ));
    }
    let rubrics = Rubrics::load(&assessment, &content.rubrics)?;
    let weights = rubrics.weights(&assessment);
    let katas: Vec<crate::kata::Kata> =
        assessment.kata_ids().iter().map(|id| crate::kata::load_by_id(&content.katas, id)).collect::<Result<_, _>>()?;

    let mut result = AssessmentResult::empty(
        record.candidate.clone(),
        &assessment.def.id,
        &assessment.def.title,
        &path.display().to_string(),
    );
    result.started_at = Some(record.started_at.clone());
    result.submitted_at = manifest.as_ref().map(|m| m.submitted_at.clone());
    result.submitted_tool_version = manifest.as_ref().map(|m| m.tool_version.clone());
    result.integrity = integrity;
    result.warnings = warnings;
    if let Some(integrity) = result.integrity.as_ref().filter(|i| !i.findings.is_empty()) {
        let count = |kind: FindingKind| integrity.findings.iter().filter(|f| f.kind == kind).count();
        result.warnings.push(format!(
            "the submission differs from its manifest: {} changed, {} missing, {} extra, {} refused (see the integrity findings)",
            count(FindingKind::Changed),
            count(FindingKind::Missing),
            count(FindingKind::Extra),
            count(FindingKind::Refused)
        ));
    }
    // Every kata starts as "not graded yet" so a partial results file shows the whole plan.
    for kata in &katas {
        result.katas.push(AssessedKata {
            id: kata.id().to_string(),
            status: KataStatus::Pending,
            time: None,
            budget_minutes: Some(kata.def.time_budget_minutes),
            result: placeholder(kata, &root.join(kata.id())),
        });
    }
    let save = |r: &mut AssessmentResult| {
        r.rescore(&weights);
        if let Some(out) = options.output {
            match crate::results::to_json(&*r) {
                Ok(text) => {
                    if let Err(err) = crate::util::fs::write_atomically(out, &text) {
                        eprintln!("warning: {err:#}");
                    }
                }
                Err(err) => eprintln!("warning: {err:#}"),
            }
        }
    };
    save(&mut result);

    // The written half first: it is quick, and a bad overrides file is reported before the
    // long kata builds.
    if let Some(set) = &rubrics.questions {
        let sheet = root.join(folder::ANSWERS_FILE);
        match read_sheet(&sheet) {
            Ok(_) => {
                let answers = written::grade_answers(set, &sheet, overrides.as_deref())?;
                if let Some(incomplete) = &answers.incomplete {
                    eprintln!("warning: {incomplete}");
                    result.warnings.push(incomplete.clone());
                }
                result.answers = Some(answers);
            }
            Err(err) => result.warnings.push(format!("answers not graded (0 points): {err}")),
        }
    }
    if let Some(rubric) = &rubrics.reflection {
        let sheet = root.join(folder::REFLECTION_FILE);
        match read_sheet(&sheet) {
            Ok(text) => {
                result.reflection = Some(written::grade_reflection(rubric, &sheet, overrides.as_deref())?);
                result.reflection_text = Some(cap(text, MAX_REFLECTION_TEXT));
            }
            Err(err) => result.warnings.push(format!("reflection not graded (0 points): {err}")),
        }
    }
    if let Some(o) = &overrides {
        eprintln!("applied the interviewer's overrides in {}", o.display());
    }
    save(&mut result);

    // The katas are graded concurrently: every build and test takes one of the process's CPU
    // slots (`coding::slots`), so this uses the machine without overloading it, and a timing
    // run that needs quiet still gets it.
    let shared = std::sync::Mutex::new(result);
    let lock = || shared.lock().unwrap_or_else(|e| e.into_inner());
    let all_graded = std::sync::atomic::AtomicBool::new(true);
    std::thread::scope(|scope| {
        for (i, kata) in katas.iter().enumerate() {
            let (lock, save, all_graded, root, record) = (&lock, &save, &all_graded, &root, &record);
            scope.spawn(move || {
                let dir = root.join(kata.id());
                let started = record.katas.iter().find(|k| k.id == kata.id());
                if let Some(v) = started.filter(|v| v.version != kata.def.version) {
                    lock().warnings.push(format!(
                        "{}: started with kata version {}, graded against version {}",
                        kata.id(),
                        v.version,
                        kata.def.version
                    ));
                }
                if !dir.join("src").join("lib.rs").is_file() {
                    let mut result = lock();
                    result.katas[i].status = KataStatus::Missing;
                    result.katas[i].result.warnings.push(format!(
                        "{}: no {}/src/lib.rs in the submission: 0 points",
                        kata.id(),
                        kata.id()
                    ));
                    result.warnings.push(format!("{}: the kata folder is missing: 0 points", kata.id()));
                    save(&mut result);
                    return;
                }
                lock().katas[i].time = folder::time_spent(&dir, Some(&record.started_at));
                let mut progress = |partial: &KataResult| {
                    let mut result = lock();
                    result.katas[i].status = KataStatus::Graded;
                    result.katas[i].result = partial.clone();
                    save(&mut result);
                };
                let graded = crate::coding::grade::grade(
                    kata,
                    &content.harness,
                    &dir,
                    GradeOptions {
                        offline: options.offline,
                        suite: Suite::Hidden,
                        jobs: options.jobs,
                        progress: &mut progress,
                        filter: None,
                    },
                );
                let mut result = lock();
                match graded {
                    Ok(r) => {
                        result.katas[i].status = KataStatus::Graded;
                        result.katas[i].result = r;
                    }
                    Err(err) => {
                        all_graded.store(false, std::sync::atomic::Ordering::SeqCst);
                        let mut r = placeholder(kata, &dir);
                        r.warnings.push(format!("not graded: {err:#}"));
                        result.katas[i].status = KataStatus::NotGraded;
                        result.katas[i].result = r;
                        result.warnings.push(format!("{}: NOT GRADED, the grader failed: {err:#}", kata.id()));
                    }
                }
                if let Some(done) = options.on_kata {
                    done(&result.katas[i]);
                }
                save(&mut result);
            });
        }
    });
    let mut result = shared.into_inner().unwrap_or_else(|e| e.into_inner());
    let all_graded = all_graded.into_inner();
    if root != path {
        // Name what was submitted, not the private copy that is about to be removed.
        relabel(&mut result, &root, path);
    }
    result.complete = true;
    save(&mut result);
    Ok(Graded { result, all_graded })
}

/// Replaces the extracted folder `from` by the archive `to` in the paths a result quotes.
fn relabel(result: &mut AssessmentResult, from: &Path, to: &Path) {
    let from = from.display().to_string();
    let to = to.display().to_string();
    let fix = |s: &mut String| {
        if s.contains(&from) {
            *s = s.replace(&from, &to);
        }
    };
    if let Some(a) = &mut result.answers {
        fix(&mut a.sheet);
        a.warnings.iter_mut().for_each(fix);
    }
    if let Some(r) = &mut result.reflection {
        fix(&mut r.sheet);
        r.warnings.iter_mut().for_each(fix);
    }
    result.warnings.iter_mut().for_each(fix);
    for k in &mut result.katas {
        fix(&mut k.result.submission);
        k.result.warnings.iter_mut().for_each(fix);
    }
}

/// Reads a candidate's sheet: a regular file (a symbolic link could point at any file of the
/// grading machine, which would then be quoted in the report) of reasonable size.
fn read_sheet(path: &Path) -> anyhow::Result<String> {
    let meta = std::fs::symlink_metadata(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    if !meta.file_type().is_file() {
        anyhow::bail!("{} is not a regular file (a symbolic link?); submit the file itself", path.display());
    }
    if meta.len() > folder::MAX_FILE_BYTES {
        anyhow::bail!("{}: {} bytes is over the {}-byte limit", path.display(), meta.len(), folder::MAX_FILE_BYTES);
    }
    Ok(crate::util::fs::read_text(path)?)
}

/// `alice.tar.gz` -> `alice.grades.yaml` beside it, if it exists.
fn archive_overrides(archive: &Path) -> Option<PathBuf> {
    let name = archive.file_name()?.to_string_lossy().into_owned();
    let stem = name.strip_suffix(".tar.gz").or_else(|| name.strip_suffix(".tgz")).unwrap_or(&name);
    let path = archive.with_file_name(format!("{stem}.{}", written::OVERRIDES_FILE));
    path.is_file().then_some(path)
}

/// A zero result for a kata that was not (or not yet) graded.
fn placeholder(kata: &crate::kata::Kata, folder: &Path) -> KataResult {
    KataResult {
        kata: kata.id().to_string(),
        title: kata.def.title.clone(),
        kata_version: kata.def.version.clone(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        submission: folder.display().to_string(),
        started_at: None,
        graded_at: crate::util::time::now_rfc3339(),
        score: 0,
        max_score: kata.def.points,
        compiled: false,
        compile_output: None,
        build_ms: 0,
        tests: Vec::new(),
        missed_requirements: Vec::new(),
        warnings: Vec::new(),
        complete: false,
        containment: None,
    }
}

/// `text` cut at `max` bytes (on a character boundary), saying so.
fn cap(mut text: String, max: usize) -> String {
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push_str("\n\n*[cut: the file is longer]*\n");
    }
    text
}
