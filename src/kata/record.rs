//! A started kata folder's record (`.kata/started.yaml`): which kata, which version, when, hints.

use std::path::{Path, PathBuf};

use anyhow::Context;

/// A started folder's record of what was started and when (`.kata/started.yaml`).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StartRecord {
    /// Format of this record.
    pub format_version: u32,
    /// The kata id.
    pub kata: String,
    /// The kata's content version at start.
    pub version: String,
    /// Start time, RFC 3339 UTC.
    pub started_at: String,
    /// Hints handed out so far.
    #[serde(default)]
    pub hints_shown: usize,
    /// The hints handed out, in order, as `kata hint` printed them (for the interviewer's
    /// report; records written before this list have only the count).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<String>,
}

/// Where a started folder keeps its record.
pub fn start_record_path(folder: &Path) -> PathBuf {
    folder.join(".kata").join("started.yaml")
}

/// The started kata folder `dir` is in: `dir` itself or the nearest folder above it holding
/// `.kata/started.yaml` (so `kata test` works from `src/` or any subfolder).
pub fn find_started(dir: &Path) -> Option<PathBuf> {
    let dir = std::path::absolute(dir).ok()?;
    dir.ancestors().find(|d| start_record_path(d).is_file()).map(Path::to_path_buf)
}

/// Reads a started folder's record, with a fix when it is missing or was edited badly.
pub fn read_start_record(folder: &Path) -> anyhow::Result<StartRecord> {
    let path = start_record_path(folder);
    if !path.is_file() {
        anyhow::bail!(
            "{} is not a started kata folder (no {}); run `kata start <id>` first, or pass --dir",
            folder.display(),
            path.display()
        );
    }
    Ok(crate::content::yaml::load(&path)?)
}

/// Writes a started folder's record.
pub fn write_start_record(folder: &Path, record: &StartRecord) -> anyhow::Result<()> {
    let path = start_record_path(folder);
    std::fs::create_dir_all(path.parent().expect("has parent"))?;
    std::fs::write(&path, crate::content::yaml::to_string(record)?)
        .with_context(|| format!("cannot write {}", path.display()))
}
