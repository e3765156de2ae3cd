//! `kata start` and `kata hint`: the candidate's side of a kata folder.

use std::path::PathBuf;

use anyhow::Context;

use crate::assessment::folder::{self, KataVersion, SittingRecord};
use crate::assessment::{definition, Assessment, Rubrics};
use crate::cli::{HintArgs, StartArgs};
use crate::content::Content;
use crate::error::exit_codes;
use crate::kata::record::{self};
use crate::kata::scaffold::scaffold;
use crate::kata::Kata;
use crate::util::time;
use crate::written;

pub(crate) fn run(content: &Content, args: StartArgs) -> anyhow::Result<u8> {
    if let Some(name) = &args.assessment {
        return start_assessment(content, name, &args);
    }
    let id = args.id.clone().expect("clap requires an id without --assessment");
    let kata = super::load_kata(content, &id)?;
    let dir = args.dir.unwrap_or_else(|| PathBuf::from(&id));
    scaffold(&kata, &content.harness, &dir)?;
    super::print(&format!(
        "Started `{}` in {}\n\nNext:\n  cd {}\n  cat README.md        # the challenge\n  kata test            # run the visible tests\n  kata hint            # when stuck\n  kata submit          # when done: packs submission.tar.gz for your interviewer\n",
        kata.def.title,
        dir.display(),
        dir.display()
    ))?;
    Ok(exit_codes::OK)
}

/// `kata start --assessment`: one started crate per kata, the blank written sheets, a
/// README saying what to do, and the record of who started what when.
fn start_assessment(content: &Content, name: &str, args: &StartArgs) -> anyhow::Result<u8> {
    let assessment = definition::find(&content.assessments, name)?;
    let rubrics = Rubrics::load(&assessment, &content.rubrics)?;
    let katas: Vec<Kata> =
        assessment.kata_ids().iter().map(|id| super::load_kata(content, id)).collect::<Result<_, _>>()?;
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from(&assessment.def.id));
    if dir.exists() {
        anyhow::bail!("{} already exists; choose another folder with --dir (nothing was overwritten)", dir.display());
    }
    let candidate = args.candidate.clone().unwrap_or_else(|| {
        std::path::absolute(&dir)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "candidate".into())
    });
    let record = SittingRecord {
        format_version: folder::RECORD_FORMAT_VERSION,
        assessment: assessment.def.id.clone(),
        title: assessment.def.title.clone(),
        candidate,
        started_at: time::now_rfc3339(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        katas: katas.iter().map(|k| KataVersion { id: k.id().to_string(), version: k.def.version.clone() }).collect(),
    };
    let build = || -> anyhow::Result<()> {
        std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        for kata in &katas {
            scaffold(kata, &content.harness, &dir.join(kata.id()))?;
        }
        if let Some(set) = &rubrics.questions {
            std::fs::write(dir.join(folder::ANSWERS_FILE), written::blank_answers(set))?;
        }
        if let Some(rubric) = &rubrics.reflection {
            std::fs::write(dir.join(folder::REFLECTION_FILE), written::blank_reflection(rubric))?;
        }
        std::fs::write(dir.join("README.md"), assessment_readme(&assessment, &katas, &rubrics, &record))?;
        std::fs::write(dir.join(".gitignore"), "target/\n*.tar.gz\n")?;
        folder::write_record(&dir, &record)
    };
    build().inspect_err(|_| {
        // Half a folder would block the next try; we created it, so we may remove it.
        let _ = std::fs::remove_dir_all(&dir);
    })?;
    let first = katas.first().map(|k| k.id().to_string()).unwrap_or_default();
    super::print(&format!(
        "Started `{}` for {} in {}\n\nNext:\n  cd {}\n  cat README.md        # what to do\n{}  kata submit          # when done: packs everything for the interviewer\n",
        assessment.def.title,
        record.candidate,
        dir.display(),
        dir.display(),
        if first.is_empty() { String::new() } else { format!("  cd {first} && kata test   # each kata is its own crate\n") }
    ))?;
    Ok(exit_codes::OK)
}

/// The candidate's instructions for an assessment folder.
fn assessment_readme(assessment: &Assessment, katas: &[Kata], rubrics: &Rubrics, record: &SittingRecord) -> String {
    let mut out = format!("# {}\n\nStarted {} for {}.\n\n", assessment.def.title, record.started_at, record.candidate);
    let mut step = 1;
    if !katas.is_empty() {
        out.push_str(&format!("## {step}. Coding katas\n\nEach folder below is one Rust crate with its own README.md (the challenge). \
            Inside a folder, `kata test` runs the visible tests and `kata hint` gives a hint. Hidden tests grade the result.\n\n"));
        out.push_str("| folder | challenge | budget | points |\n| --- | --- | --- | --- |\n");
        for k in katas {
            out.push_str(&format!(
                "| `{}/` | {} | {} min | {} |\n",
                k.id(),
                k.def.title,
                k.def.time_budget_minutes,
                k.def.points
            ));
        }
        out.push('\n');
        step += 1;
    }
    if let Some(set) = &rubrics.questions {
        out.push_str(&format!(
            "## {step}. Written questions\n\nAnswer the {} questions in `ANSWERS.md`, each under its `Answer Qn` heading, in your own words.\n\n",
            set.questions.len()
        ));
        step += 1;
    }
    if rubrics.reflection.is_some() {
        out.push_str(&format!(
            "## {step}. Reflection\n\nWrite each section of `REFLECTION.md` about the work you did here.\n\n"
        ));
    }
    out.push_str("## Submitting\n\nFrom this folder, run `kata submit`. It writes `submission.tar.gz` with a manifest of every file; send that file to your interviewer.\n");
    out
}

pub(crate) fn hint(content: &Content, args: HintArgs) -> anyhow::Result<u8> {
    let mut record = record::read_start_record(&args.dir)?;
    let kata = super::load_kata(content, &record.kata)?;
    let hints = &kata.challenge.hints;
    if record.hints_shown >= hints.len() {
        let all: Vec<String> =
            hints.iter().enumerate().map(|(i, h)| format!("Hint {}/{}: {h}", i + 1, hints.len())).collect();
        super::print(&format!("No more hints. All of them:\n\n{}\n", all.join("\n\n")))?;
        return Ok(exit_codes::OK);
    }
    let text = &hints[record.hints_shown];
    record.hints_shown += 1;
    record.hints.push(text.clone());
    record::write_start_record(&args.dir, &record)?;
    super::print(&format!("Hint {}/{}: {text}\n", record.hints_shown, hints.len()))?;
    Ok(exit_codes::OK)
}
