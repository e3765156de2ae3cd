//! Grades a started kata folder: finds its kata from the folder's record (or a given id) and
//! saves partial results after every test.

use std::path::{Path, PathBuf};

use super::grade::{self, GradeOptions};
use super::workspace::Suite;
use super::RunSettings;
use crate::content::Content;
use crate::results::KataResult;
use crate::util::fs::write_atomically;

/// Grades one folder, saving partial results to `output` after every test when given and
/// handing them to `progress`.
pub fn grade_folder(
    content: &Content,
    folder: &Path,
    kata_id: Option<&str>,
    settings: &RunSettings,
    output: Option<&Path>,
    progress: &mut dyn FnMut(&KataResult),
) -> anyhow::Result<KataResult> {
    let id = match kata_id {
        Some(id) => id.to_string(),
        None => {
            crate::kata::record::read_start_record(folder)
                .map_err(|e| anyhow::anyhow!("{e:#}\n(or name the kata with --kata ID)"))?
                .kata
        }
    };
    let kata = crate::kata::load_by_id(&content.katas, &id)?;
    let output: Option<PathBuf> = output.map(Path::to_path_buf);
    let mut save = |partial: &KataResult| {
        progress(partial);
        if let Some(path) = &output {
            if let Ok(text) = crate::results::to_json(partial) {
                if let Err(err) = write_atomically(path, &text) {
                    eprintln!("warning: {err:#}");
                }
            }
        }
    };
    grade::grade(
        &kata,
        &content.harness,
        folder,
        GradeOptions {
            offline: settings.offline,
            suite: Suite::Hidden,
            jobs: settings.jobs,
            progress: &mut save,
            filter: None,
        },
    )
}
