//! The candidate's assessment folder: its record (`.kata/assessment.yaml`), the files a
//! submission holds, and when each kata's sources last changed.
//!
//! ```text
//! alice/
//!   .kata/assessment.yaml     what was started, by whom, when, with which kata versions
//!   .kata/MANIFEST.json       written by `kata submit`: the files and their hashes
//!   README.md                 what to do
//!   ANSWERS.md, REFLECTION.md the written half
//!   <kata-id>/                one started kata crate per kata (its own .kata/started.yaml)
//! ```

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::results::TimeSpent;

/// The record's format.
pub const RECORD_FORMAT_VERSION: u32 = 1;
/// The answer sheet's name in the folder.
pub const ANSWERS_FILE: &str = "ANSWERS.md";
/// The reflection's name in the folder.
pub const REFLECTION_FILE: &str = "REFLECTION.md";
/// The archive `kata submit` writes into the folder by default.
pub const ARCHIVE_FILE: &str = "submission.tar.gz";

/// `.kata/assessment.yaml`: an assessment folder's record.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SittingRecord {
    /// Format of this record.
    pub format_version: u32,
    /// The assessment id.
    pub assessment: String,
    /// The assessment's title.
    pub title: String,
    /// Who is taking it.
    pub candidate: String,
    /// Start time, RFC 3339 UTC.
    pub started_at: String,
    /// The version of `kata` that started it.
    pub tool_version: String,
    /// The katas and their content versions at start.
    pub katas: Vec<KataVersion>,
}

/// A kata and its content version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct KataVersion {
    /// The kata id.
    pub id: String,
    /// Its `version` in kata.yaml.
    pub version: String,
}

/// Where a folder keeps its record.
pub fn record_path(folder: &Path) -> PathBuf {
    folder.join(".kata").join("assessment.yaml")
}

/// Whether `folder` is an assessment folder (as `kata start --assessment` makes).
pub fn is_assessment_folder(folder: &Path) -> bool {
    record_path(folder).is_file()
}

/// Reads the record, with a fix when it is missing.
pub fn read_record(folder: &Path) -> anyhow::Result<SittingRecord> {
    let path = record_path(folder);
    if !path.is_file() {
        anyhow::bail!(
            "{} is not an assessment folder (no {}); run `kata start --assessment <name>` first",
            folder.display(),
            path.display()
        );
    }
    Ok(crate::content::yaml::load(&path)?)
}

/// Writes the record.
pub fn write_record(folder: &Path, record: &SittingRecord) -> anyhow::Result<()> {
    let path = record_path(folder);
    std::fs::create_dir_all(path.parent().expect("has a parent"))?;
    std::fs::write(&path, crate::content::yaml::to_string(record)?)
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Finds the assessment folder from where the candidate stands: `dir` itself or its parent
/// (inside one of the kata crates).
pub fn find_root(dir: &Path) -> Option<PathBuf> {
    let dir = dir.canonicalize().ok()?;
    let found = [Some(dir.as_path()), dir.parent()].into_iter().flatten().find(|d| is_assessment_folder(d));
    found.map(Path::to_path_buf)
}

/// Most files a submission may hold.
pub const MAX_FILES: usize = 2000;
/// Largest file a submission may hold.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// Whether a relative path is left out of submissions and of integrity checks: build output,
/// version control, archives, the manifest itself, and the interviewer's files.
pub fn is_ignored(rel: &Path) -> bool {
    let Some(first) = rel.components().next() else { return true };
    let first = first.as_os_str().to_string_lossy();
    let name = rel.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let top_level = rel.components().count() == 1;
    rel.components().any(|c| {
        let c = c.as_os_str().to_string_lossy();
        c == "target" || c == ".git"
    }) || first == "kata-results"
        || name.ends_with(".tar.gz")
        || name.ends_with(".tgz")
        || rel == Path::new(".kata/MANIFEST.json")
        || (top_level && name == crate::written::OVERRIDES_FILE)
}

/// The files of a submission, relative to `root`, sorted; symlinks and oversized files are
/// left out with a warning each.
pub fn collect_files(root: &Path) -> anyhow::Result<(Vec<PathBuf>, Vec<String>)> {
    fn walk(root: &Path, dir: &Path, files: &mut Vec<PathBuf>, warnings: &mut Vec<String>) -> anyhow::Result<()> {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .with_context(|| format!("cannot read {}", dir.display()))?
            .collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let path = entry.path();
            let rel = path.strip_prefix(root).expect("below root").to_path_buf();
            if is_ignored(&rel) {
                continue;
            }
            let kind = entry.file_type()?;
            if kind.is_symlink() {
                warnings.push(format!("{}: symbolic link left out; submit real files", rel.display()));
            } else if kind.is_dir() {
                walk(root, &path, files, warnings)?;
            } else if kind.is_file() {
                let len = entry.metadata()?.len();
                if len > MAX_FILE_BYTES {
                    warnings.push(format!(
                        "{}: {len} bytes is over the {MAX_FILE_BYTES}-byte limit; left out",
                        rel.display()
                    ));
                    continue;
                }
                files.push(rel);
                if files.len() > MAX_FILES {
                    anyhow::bail!(
                        "{} holds more than {MAX_FILES} files; is this the assessment folder?",
                        root.display()
                    );
                }
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    walk(root, root, &mut files, &mut warnings)?;
    Ok((files, warnings))
}

/// When the sources of a kata folder changed after `started_at`: the first and the last
/// change, from file modification times (an archive keeps them).
pub fn time_spent(kata_folder: &Path, started_at: Option<&str>) -> Option<TimeSpent> {
    let start = started_at.and_then(crate::util::time::parse_rfc3339);
    let mut times = Vec::new();
    for sub in ["src", "tests"] {
        collect_mtimes(&kata_folder.join(sub), &mut times);
    }
    if times.is_empty() {
        return None;
    }
    // Files written by `kata start` carry the start time; a change is anything later (with a
    // little slack for slow disks).
    let changed: Vec<u64> = match start {
        Some(s) => times.into_iter().filter(|t| *t > s + 5).collect(),
        None => times,
    };
    let first = changed.iter().min().copied();
    let last = changed.iter().max().copied();
    // The record is the candidate's file: what it says is shown as text, capped.
    let record = crate::kata::record::read_start_record(kata_folder).ok();
    let hints_taken = record.as_ref().map(|r| r.hints_shown.min(MAX_HINTS)).unwrap_or(0);
    let hints = record
        .map(|r| {
            r.hints.iter().take(MAX_HINTS).map(|h| crate::util::text::sanitize(&cap_chars(h, MAX_HINT_CHARS))).collect()
        })
        .unwrap_or_default();
    Some(TimeSpent {
        first_change_at: first.map(crate::util::time::rfc3339),
        last_change_at: last.map(crate::util::time::rfc3339),
        active_minutes: match (first, last) {
            (Some(f), Some(l)) => (l - f) / 60,
            _ => 0,
        },
        since_start_minutes: match (start, last) {
            (Some(s), Some(l)) => Some(l.saturating_sub(s) / 60),
            _ => None,
        },
        hints_taken,
        hints,
    })
}

/// Most hints read from a start record (katas have a handful).
const MAX_HINTS: usize = 50;
/// Most characters kept of one recorded hint.
const MAX_HINT_CHARS: usize = 2000;

fn cap_chars(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

fn collect_mtimes(dir: &Path, out: &mut Vec<u64>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            collect_mtimes(&entry.path(), out);
        } else if kind.is_file() {
            if let Some(secs) =
                entry.metadata().ok().and_then(|m| m.modified().ok()).and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            {
                out.push(secs.as_secs());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trips() {
        for secs in [0, 951_782_400, 1_795_302_382, 4_102_444_799] {
            assert_eq!(crate::util::time::parse_rfc3339(&crate::util::time::rfc3339(secs)), Some(secs));
        }
        assert_eq!(crate::util::time::parse_rfc3339("yesterday"), None);
    }

    #[test]
    fn build_output_archives_and_overrides_are_not_part_of_a_submission() {
        for ignored in
            ["deadlock/target/debug/x", ".git/HEAD", "submission.tar.gz", "grades.yaml", ".kata/MANIFEST.json"]
        {
            assert!(is_ignored(Path::new(ignored)), "{ignored}");
        }
        for kept in ["ANSWERS.md", "deadlock/src/lib.rs", ".kata/assessment.yaml", "deadlock/grades.yaml"] {
            assert!(!is_ignored(Path::new(kept)), "{kept}");
        }
    }
}
