//! `kata grade`: grade a candidate's kata folder against the hidden suite.

use std::path::{Path, PathBuf};

use crate::cli::{Format, GradeArgs};
use crate::content::Content;
use crate::error::exit_codes;
use crate::grade::{self, GradeOptions, KataResult};
use crate::report;
use crate::workspace::{self, Suite};

pub(crate) fn run(content: &Content, args: GradeArgs) -> anyhow::Result<u8> {
    let folder = args.folder.clone().ok_or_else(|| anyhow::anyhow!("give the candidate's folder: kata grade <FOLDER>"))?;
    if !folder.is_dir() {
        anyhow::bail!("{} is not a folder; give the candidate's kata folder (the one holding src/)", folder.display());
    }
    let session = super::BuildSession::new(&args.run)?;
    let result = grade_folder(content, &folder, args.kata.as_deref(), &session, args.output.as_deref())?;
    match args.format {
        Format::Json => super::print(&report::json(&result)?)?,
        Format::Text => super::print(&report::text(&result, true))?,
    }
    Ok(exit_codes::OK)
}

/// Grades one folder, saving partial results to `output` after every test when given.
pub(crate) fn grade_folder(
    content: &Content,
    folder: &Path,
    kata_id: Option<&str>,
    session: &super::BuildSession,
    output: Option<&Path>,
) -> anyhow::Result<KataResult> {
    let id = match kata_id {
        Some(id) => id.to_string(),
        None => workspace::read_start_record(folder)
            .map_err(|e| anyhow::anyhow!("{e:#}\n(or name the kata with --kata ID)"))?
            .kata,
    };
    let kata = super::load_kata(content, &id)?;
    let output: Option<PathBuf> = output.map(Path::to_path_buf);
    let mut save = |partial: &KataResult| {
        if let Some(path) = &output {
            if let Ok(text) = report::json(partial) {
                if let Err(err) = report::write_atomically(path, &text) {
                    eprintln!("warning: {err:#}");
                }
            }
        }
    };
    grade::grade(
        &kata,
        &content.harness,
        folder,
        GradeOptions { offline: session.offline, suite: Suite::Hidden, jobs: session.jobs, progress: &mut save },
    )
}
