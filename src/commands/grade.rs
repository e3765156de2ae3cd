//! `kata grade`: grade candidate folders against the hidden suites, one or many (bounded
//! parallelism, one results file per candidate, a failure in one never stops the others).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::assessment::{self, archive, AssessmentResult, SittingOptions};
use crate::cli::{Format, GradeArgs, Shard};
use crate::coding::folder::grade_folder;
use crate::coding::RunSettings;
use crate::content::Content;
use crate::error::exit_codes;
use crate::report;
use crate::results::KataResult;
use crate::written::{self, WrittenResult};

use crate::report::Renderer;

pub(crate) fn run(content: &Content, args: GradeArgs) -> anyhow::Result<u8> {
    if args.answers.is_some() || args.reflection.is_some() {
        if !args.folders.is_empty() {
            anyhow::bail!("--answers and --reflection grade those files alone; leave out the folders (an assessment folder grades its own ANSWERS.md)");
        }
        return written(content, &args);
    }
    if args.folders.is_empty() {
        anyhow::bail!(
            "give the candidate's folder: kata grade <FOLDER> (or several for batch grading, or --answers FILE)"
        );
    }
    for folder in &args.folders {
        if !folder.exists() {
            anyhow::bail!(
                "{} does not exist; give the candidate's kata folder (the one holding src/), assessment folder or submission archive",
                folder.display()
            );
        }
        if !folder.is_dir() && !archive::is_archive(folder) {
            anyhow::bail!(
                "{} is not a folder or a .tar.gz; give the candidate's kata folder (the one holding src/), assessment folder or submission archive",
                folder.display()
            );
        }
    }
    let shard = args.shard.map(|s| s.resolve(|name| std::env::var(name).ok())).transpose()?;
    let session = super::settings(&args.run)?;
    let folders: Vec<PathBuf> = match shard {
        Some(shard) => args.folders.iter().filter(|f| in_shard(f, shard)).cloned().collect(),
        None => args.folders.clone(),
    };
    let renderer = Renderer::new(&content.templates, args.render.templates.as_deref());
    if args.folders.len() == 1 && args.shard.is_none() && args.out_dir.is_none() {
        let folder = &folders[0];
        if assessment::is_submission(folder) {
            let output = args
                .output
                .clone()
                .unwrap_or_else(|| PathBuf::from("kata-results").join(format!("{}.json", result_names(&folders)[0])));
            eprintln!("grading {} (katas concurrently, on {} CPU slots)", folder.display(), session.jobs);
            let graded = grade_assessment(content, folder, &args, &session, &output, false)?;
            eprintln!("results written to {}", output.display());
            emit(&renderer, &args, &Outcome::Assessment(graded.result))?;
            return Ok(if graded.all_graded { exit_codes::OK } else { exit_codes::ERROR });
        }
        let spinner = TestSpinner::new();
        let result = grade_folder(content, folder, args.kata.as_deref(), &session, args.output.as_deref(), &mut |r| {
            spinner.update(r)
        });
        spinner.finish();
        let result = result?;
        emit(&renderer, &args, &Outcome::Kata(result))?;
        return Ok(exit_codes::OK);
    }
    batch(content, &args, &folders, &session, &renderer)
}

/// What grading one folder gave.
#[derive(Clone)]
#[expect(clippy::large_enum_variant, reason = "one per graded folder; boxing would buy nothing")]
enum Outcome {
    Kata(KataResult),
    Assessment(AssessmentResult),
}

/// Each folder's outcome in a batch, and whether every part of it was graded.
type BatchSlot = Option<Result<(Outcome, bool), String>>;

impl Outcome {
    fn as_assessment(&self) -> AssessmentResult {
        match self {
            Outcome::Kata(r) => AssessmentResult::from_kata(r.clone()),
            Outcome::Assessment(r) => r.clone(),
        }
    }

    fn json_value(&self) -> anyhow::Result<serde_json::Value> {
        Ok(match self {
            Outcome::Kata(r) => serde_json::to_value(r)?,
            Outcome::Assessment(r) => serde_json::to_value(r)?,
        })
    }

    /// `deadlock 20/30` or `backend 72.4/100`.
    fn summary(&self) -> String {
        match self {
            Outcome::Kata(r) => format!("{} {}/{}", r.kata, r.score, r.max_score),
            Outcome::Assessment(r) => format!(
                "{} {}/{}",
                r.assessment,
                report::context::points(r.total),
                report::context::points(r.max_total)
            ),
        }
    }
}

/// Prints one graded folder in the asked format, and writes the HTML report if asked.
fn emit(renderer: &Renderer, args: &GradeArgs, outcome: &Outcome) -> anyhow::Result<()> {
    if let Some(path) = &args.render.html {
        renderer.write_html(&[outcome.as_assessment()], path)?;
    }
    match (args.format, outcome) {
        (Format::Json, Outcome::Kata(r)) => super::print(&crate::results::to_json(r)?),
        (Format::Json, Outcome::Assessment(r)) => super::print(&crate::results::to_json(r)?),
        (Format::Text, Outcome::Kata(r)) => super::print(&report::text(r, true)),
        (format, outcome) => super::print(&renderer.render(format.into(), &[outcome.as_assessment()])?),
    }
}

fn grade_assessment(
    content: &Content,
    folder: &Path,
    args: &GradeArgs,
    session: &RunSettings,
    output: &Path,
    quiet: bool,
) -> anyhow::Result<assessment::Graded> {
    let started = std::time::Instant::now();
    // One line per kata as it completes: the katas are graded concurrently and take a while.
    let kata_done = |kata: &assessment::AssessedKata| {
        let r = &kata.result;
        let note = match kata.status {
            assessment::KataStatus::NotGraded => " (NOT GRADED: the grader failed; see the results)",
            _ if !r.compiled => " (did not compile)",
            _ => "",
        };
        eprintln!(
            "  {:<16} {:>3}/{:<3} after {:.1} s{note}",
            r.kata,
            r.score,
            r.max_score,
            started.elapsed().as_secs_f64()
        );
    };
    let options = SittingOptions {
        offline: session.offline,
        jobs: session.jobs,
        output: Some(output),
        overrides: args.overrides.as_deref(),
        assessment: args.assessment.as_deref(),
        on_kata: (!quiet).then_some(&kata_done as &(dyn Fn(&assessment::AssessedKata) + Sync)),
    };
    assessment::grade_submission(content, folder, &options)
}

/// `kata grade --answers FILE [--reflection FILE]`: the written half alone.
fn written(content: &Content, args: &GradeArgs) -> anyhow::Result<u8> {
    let overrides_for = |sheet: &Path| args.overrides.clone().or_else(|| written::overrides_beside(sheet));
    let answers = match &args.answers {
        Some(sheet) => {
            let set = written::load_question_rubrics(&content.rubrics)?;
            Some(written::grade_answers(&set, sheet, overrides_for(sheet).as_deref())?)
        }
        None => None,
    };
    let (reflection, reflection_text) = match &args.reflection {
        Some(sheet) => {
            let rubric = written::load_reflection_rubric(&content.rubrics.join(written::REFLECTION_FILE))?;
            let graded = written::grade_reflection(&rubric, sheet, overrides_for(sheet).as_deref())?;
            (Some(graded), crate::util::fs::read_text(sheet).ok())
        }
        None => (None, None),
    };
    let result = WrittenResult::new(answers, reflection);
    if let Some(incomplete) = &result.incomplete {
        eprintln!("warning: {incomplete}");
    }
    if let Some(path) = &args.output {
        crate::util::fs::write_atomically(path, &crate::results::to_json(&result)?)?;
    }
    let renderer = Renderer::new(&content.templates, args.render.templates.as_deref());
    let as_report = || AssessmentResult::from_written(result.clone(), reflection_text.clone());
    if let Some(path) = &args.render.html {
        renderer.write_html(&[as_report()], path)?;
    }
    match args.format {
        Format::Json => super::print(&crate::results::to_json(&result)?)?,
        format => super::print(&renderer.render(format.into(), &[as_report()])?)?,
    }
    Ok(exit_codes::OK)
}

/// Whether `folder` belongs to `shard`: a hash of its name, so every machine that is handed
/// the same list picks the same folders, whatever order the list is in.
pub(crate) fn in_shard(folder: &Path, shard: Shard) -> bool {
    let mut hash = crate::util::hash::Fnv::new();
    hash.write(shard_key(folder).as_bytes());
    (hash.finish() % u64::from(shard.count)) as u32 == shard.index - 1
}

fn shard_key(folder: &Path) -> String {
    // The last two components (e.g. cohort/alice): stable across machines that mount the
    // cohort at different places.
    let parts: Vec<String> =
        folder.components().rev().take(2).map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    parts.into_iter().rev().collect::<Vec<_>>().join("/")
}

/// Grades many folders with bounded parallelism; each gets its own results file.
fn batch(
    content: &Content,
    args: &GradeArgs,
    folders: &[PathBuf],
    session: &RunSettings,
    renderer: &Renderer,
) -> anyhow::Result<u8> {
    let out_dir = args.out_dir.clone().unwrap_or_else(|| PathBuf::from("kata-results"));
    std::fs::create_dir_all(&out_dir)?;
    let names = result_names(folders);
    let workers = args
        .candidates
        // Eight times as many candidates as CPUs: every build and test takes one of the
        // process's CPU slots (`coding::slots`), so more candidates in flight never load the
        // machine more; they let the slots' ranks order more of the batch. With four times, a
        // batch of 10 on 2 CPUs started its last two (a priority-queue and a connection-pool,
        // 5.5 s of build CPU) only when the first grades ended, and ended on their tests.
        .unwrap_or(session.jobs * 8)
        .clamp(1, folders.len().max(1));
    let per_candidate = *session;
    let progress = Progress::new(folders.len());
    let next = AtomicUsize::new(0);
    let outcomes: Mutex<Vec<BatchSlot>> = Mutex::new(vec![None; folders.len()]);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(folder) = folders.get(i) else { break };
                let path = out_dir.join(format!("{}.json", names[i]));
                let outcome = if assessment::is_submission(folder) {
                    grade_assessment(content, folder, args, &per_candidate, &path, true)
                        .map(|g| (Outcome::Assessment(g.result), g.all_graded))
                } else {
                    grade_folder(content, folder, args.kata.as_deref(), &per_candidate, Some(&path), &mut |_| {})
                        .map(|r| (Outcome::Kata(r), true))
                };
                let outcome = outcome.map_err(|e| format!("{e:#}"));
                match &outcome {
                    Ok((o, all)) => progress.done(&format!(
                        "{}: {}{}",
                        folder.display(),
                        o.summary(),
                        if *all { "" } else { " (a kata was NOT graded; see the results)" }
                    )),
                    Err(e) => {
                        progress.done(&format!("{}: NOT GRADED: {}", folder.display(), e.lines().next().unwrap_or("")));
                        let _ = crate::util::fs::write_atomically(&path.with_extension("error.txt"), &format!("{e}\n"));
                    }
                }
                outcomes.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(outcome);
            });
        }
    });
    progress.finish();
    let outcomes: Vec<_> = outcomes
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|o| o.expect("every folder graded"))
        .collect();
    let failed = outcomes.iter().filter(|o| !matches!(o, Ok((_, true)))).count();
    let graded: Vec<&Outcome> = outcomes.iter().filter_map(|o| o.as_ref().ok().map(|(r, _)| r)).collect();
    if let Some(path) = &args.render.html {
        if !graded.is_empty() {
            renderer.write_html(&graded.iter().map(|o| o.as_assessment()).collect::<Vec<_>>(), path)?;
        }
    }
    match args.format {
        Format::Json => {
            let values: Vec<serde_json::Value> =
                graded.iter().map(|o| o.json_value()).collect::<anyhow::Result<_>>()?;
            super::print(&crate::results::to_json(&values)?)?;
        }
        Format::Text => {
            let mut text = String::new();
            for (folder, outcome) in folders.iter().zip(&outcomes) {
                match outcome {
                    Ok((Outcome::Kata(r), _)) => text.push_str(&format!(
                        "{:<40} {:<16} {:>4}/{:<4}\n",
                        folder.display(),
                        r.kata,
                        r.score,
                        r.max_score
                    )),
                    Ok((Outcome::Assessment(r), all)) => text.push_str(&format!(
                        "{:<40} {:<16} {:>5}/{:<4}{}\n",
                        folder.display(),
                        r.candidate,
                        report::context::points(r.total),
                        report::context::points(r.max_total),
                        if *all { "" } else { "  (a kata was NOT graded)" }
                    )),
                    Err(e) => text.push_str(&format!(
                        "{:<40} NOT GRADED: {}\n",
                        folder.display(),
                        e.lines().next().unwrap_or("")
                    )),
                }
            }
            text.push_str(&format!(
                "\n{} graded, {failed} not (fully) graded; results in {}\n",
                outcomes.len() - failed,
                out_dir.display()
            ));
            super::print(&text)?;
        }
        format => {
            let results: Vec<AssessmentResult> = graded.iter().map(|o| o.as_assessment()).collect();
            if !results.is_empty() {
                super::print(&renderer.render(format.into(), &results)?)?;
            }
        }
    }
    Ok(if failed == 0 { exit_codes::OK } else { exit_codes::ERROR })
}

/// A unique, readable results-file name per folder: the folder's name, or the archive's
/// without `.tar.gz` (`ada/`, `ada.tar.gz` and `ada/submission.tar.gz` all give `ada`). Where
/// two folders share a name, the parent folder's name goes in front (`cohort-1-ada`), then a
/// number.
fn result_names(folders: &[PathBuf]) -> Vec<String> {
    let mut seen = HashSet::new();
    let short: Vec<String> = folders.iter().map(|f| candidate_name(f)).collect();
    let mut counts = std::collections::HashMap::new();
    for name in &short {
        *counts.entry(name.clone()).or_insert(0) += 1;
    }
    folders
        .iter()
        .zip(&short)
        .map(|(f, short)| {
            let base = if counts[short] > 1 { file_safe(&shard_key(&submission_folder(f))) } else { short.clone() };
            let mut name = base.clone();
            let mut n = 2;
            while !seen.insert(name.clone()) {
                name = format!("{base}-{n}");
                n += 1;
            }
            name
        })
        .collect()
}

/// `ada/submission.tar.gz` stands for the folder `ada`; every other path for itself.
fn submission_folder(path: &Path) -> PathBuf {
    match (path.file_name(), path.parent()) {
        (Some(name), Some(parent)) if name == assessment::folder::ARCHIVE_FILE => {
            let parent = if parent.as_os_str().is_empty() { Path::new(".") } else { parent };
            std::path::absolute(parent).unwrap_or_else(|_| parent.to_path_buf())
        }
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    }
}

/// The results-file name of one folder or archive, before de-duplication.
fn candidate_name(path: &Path) -> String {
    let folder = submission_folder(path);
    let name = folder.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    file_safe(&name)
}

/// `name` without a `.tar.gz`/`.tgz` ending, with every character outside `[A-Za-z0-9_-]` a dash.
fn file_safe(name: &str) -> String {
    let name = name.strip_suffix(".tar.gz").or_else(|| name.strip_suffix(".tgz")).unwrap_or(name);
    let safe: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' })
        .collect::<String>()
        .trim_matches('-')
        .to_string();
    if safe.is_empty() {
        "candidate".to_string()
    } else {
        safe
    }
}

/// A progress bar on a terminal; plain lines elsewhere (CI logs).
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    total: usize,
    count: AtomicUsize,
}

impl Progress {
    fn new(total: usize) -> Progress {
        let bar = super::progress_drawn().then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {elapsed_precise} {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        });
        Progress { bar, total, count: AtomicUsize::new(0) }
    }

    fn done(&self, line: &str) {
        let n = self.count.fetch_add(1, Ordering::SeqCst) + 1;
        match &self.bar {
            Some(bar) => {
                bar.println(line);
                bar.inc(1);
            }
            None => eprintln!("[{n}/{}] {line}", self.total),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// A spinner with the tests done so far while one kata folder is graded, on terminals only
/// (a log gets the result alone).
struct TestSpinner {
    bar: Option<indicatif::ProgressBar>,
}

impl TestSpinner {
    fn new() -> TestSpinner {
        let bar = super::progress_drawn().then(|| {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {elapsed_precise} {wide_msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            bar.set_message("building (dependencies come from the warm cache)");
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        });
        TestSpinner { bar }
    }

    fn update(&self, partial: &KataResult) {
        if let Some(bar) = &self.bar {
            let planned = partial.tests.len();
            let passed = partial.tests.iter().filter(|t| t.verdict.is_pass()).count();
            bar.set_message(if partial.compiled {
                format!(
                    "{}: {planned} tests done, {passed} passed, {}/{} points",
                    partial.kata, partial.score, partial.max_score
                )
            } else {
                format!("{}: did not compile", partial.kata)
            });
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
