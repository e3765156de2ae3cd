//! Workspaces: the folder a kata is built in. Grading copies **only** a submission's `.rs`
//! files into a fresh, uniquely named temporary folder, next to the kata's own manifest, lock
//! file, harness and tests; a submitted manifest, build script or cargo config never gets in.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::kata::Kata;

/// Which tests a workspace carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suite {
    /// The kata's hidden tests (grading).
    Hidden,
    /// The candidate's own `tests/*.rs` (`kata test`).
    Visible,
}

/// Largest `.rs` file taken from a submission.
const MAX_SOURCE_BYTES: u64 = 1024 * 1024;
/// Most `.rs` files taken from a submission.
const MAX_SOURCE_FILES: usize = 500;

/// A temporary folder holding an assembled crate; removed on drop.
#[derive(Debug)]
pub struct Workspace {
    dir: tempfile::TempDir,
    /// Things noticed while copying the submission (skipped symlinks, oversized files).
    pub warnings: Vec<String>,
    /// Source constructs that read files outside the submission at compile time
    /// (`file:line: what`); a workspace with any is not built.
    pub forbidden: Vec<String>,
}

impl Workspace {
    /// The crate root.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Assembles `kata` with the sources of `submission` (a folder holding `src/`).
    pub fn assemble(kata: &Kata, harness: &Path, submission: &Path, suite: Suite) -> anyhow::Result<Workspace> {
        let src = submission.join("src");
        if !src.join("lib.rs").is_file() {
            anyhow::bail!(
                "{} has no src/lib.rs; grade the folder `kata start {}` created (it holds src/ and tests/)",
                submission.display(),
                kata.id()
            );
        }
        let dir = tempfile::Builder::new()
            .prefix(&format!("kata-{}-", kata.id()))
            .tempdir()
            .context("cannot create a temporary workspace")?;
        let root = dir.path();
        // Only the grader may read the assembled crate: it holds the hidden tests, and confined
        // test processes run as another user.
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o700))?;
        }
        copy_file(&kata.dir.join("Cargo.toml"), &root.join("Cargo.toml"))?;
        if kata.dir.join("Cargo.lock").is_file() {
            copy_file(&kata.dir.join("Cargo.lock"), &root.join("Cargo.lock"))?;
        }
        copy_tree(harness, &root.join("kata-harness"), &|_| true)?;
        let mut warnings = Vec::new();
        let mut count = 0;
        copy_sources(&src, &root.join("src"), &mut warnings, &mut count)?;
        // Files the kata fixes (a simulated database, say) are the kata's, whatever was submitted.
        for fixed in &kata.def.fixed_files {
            copy_file(&kata.starter_dir().join(fixed), &root.join(fixed))?;
        }
        let mut forbidden = Vec::new();
        scan_includes(&root.join("src"), Path::new("src"), &mut forbidden);
        let tests = root.join("tests");
        std::fs::create_dir_all(&tests)?;
        match suite {
            Suite::Hidden => copy_rs_files(&kata.hidden_dir(), &tests)?,
            Suite::Visible => {
                let own = submission.join("tests");
                if own.is_dir() {
                    copy_sources(&own, &tests, &mut warnings, &mut count)?;
                    scan_includes(&tests, Path::new("tests"), &mut forbidden);
                }
            }
        }
        Ok(Workspace { dir, warnings, forbidden })
    }
}

/// Macros and attributes that read another file at compile time.
const FILE_READERS: &[&str] = &["include_str!", "include_bytes!", "include!", "#[path"];

/// Flags compile-time file reads that could reach outside the submission: anything but a plain
/// relative string literal without `..` (an absolute path could read the hidden tests or the
/// reference solution on the grading machine; `concat!(env!(..))` could build one).
fn scan_includes(dir: &Path, shown: &Path, forbidden: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let shown = shown.join(entry.file_name());
        if path.is_dir() {
            scan_includes(&path, &shown, forbidden);
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        for (number, line) in text.lines().enumerate() {
            // Writing /proc/self/mem is safe Rust and could forge the end-of-test marker; no
            // kata needs /proc, so any mention of it is refused (tamper-evident, not airtight:
            // a path assembled at run time still gets through).
            if line.contains("/proc/") {
                forbidden.push(format!(
                    "{}:{}: mentions /proc/, which a submission may not use",
                    shown.display(),
                    number + 1
                ));
            }
            let code = line.split("//").next().unwrap_or("");
            for reader in FILE_READERS {
                let mut rest = code;
                while let Some(at) = rest.find(reader) {
                    let after = rest[at + reader.len()..].trim_start();
                    let arg = after.trim_start_matches(['(', '[', '{', '=']).trim_start();
                    let literal = arg.strip_prefix('"').and_then(|a| a.split_once('"')).map(|(lit, _)| lit);
                    let problem = match literal {
                        None => Some("takes a computed path"),
                        Some(lit) if lit.starts_with('/') => Some("reads an absolute path"),
                        Some(lit) if lit.split(['/', '\\']).any(|part| part == "..") => {
                            Some("reads a path outside the crate")
                        }
                        Some(_) => None,
                    };
                    if let Some(problem) = problem {
                        forbidden.push(format!(
                            "{}:{}: `{}` {problem}; a submission may only include files of its own src/ by a plain relative path",
                            shown.display(),
                            number + 1,
                            reader.trim_end_matches(['!', '('])
                        ));
                    }
                    rest = &rest[at + reader.len()..];
                }
            }
        }
    }
}

/// Copies the `.rs` files directly inside `from` (not sub-folders) into `to`.
fn copy_rs_files(from: &Path, to: &Path) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))? {
        let path = entry?.path();
        if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
            copy_file(&path, &to.join(path.file_name().expect("file name")))?;
        }
    }
    Ok(())
}

/// Copies a submission's `.rs` files below `from`, refusing symlinks (they could point at the
/// hidden tests or anywhere else on the grading machine).
fn copy_sources(from: &Path, to: &Path, warnings: &mut Vec<String>, count: &mut usize) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    let mut entries: Vec<_> = std::fs::read_dir(from)
        .with_context(|| format!("cannot read {}", from.display()))?
        .collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_symlink() {
            warnings.push(format!("{}: symbolic link ignored; submit real files", path.display()));
        } else if kind.is_dir() {
            copy_sources(&path, &to.join(entry.file_name()), warnings, count)?;
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "rs") {
            let len = entry.metadata()?.len();
            if len > MAX_SOURCE_BYTES {
                warnings.push(format!("{}: {} bytes is over the 1 MiB limit; ignored", path.display(), len));
                continue;
            }
            *count += 1;
            if *count > MAX_SOURCE_FILES {
                anyhow::bail!(
                    "{} holds more than {MAX_SOURCE_FILES} .rs files; is this the right folder?",
                    from.display()
                );
            }
            copy_file(&path, &to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

/// Copies a whole folder (the harness, a starter) with a filter on relative paths.
pub fn copy_tree(from: &Path, to: &Path, keep: &dyn Fn(&Path) -> bool) -> anyhow::Result<()> {
    fn walk(root: &Path, dir: &Path, to: &Path, keep: &dyn Fn(&Path) -> bool) -> anyhow::Result<()> {
        for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
            let entry = entry?;
            let path = entry.path();
            let rel = path.strip_prefix(root).expect("below root");
            if entry.file_name() == "target" || !keep(rel) {
                continue;
            }
            let kind = entry.file_type()?;
            if kind.is_dir() {
                walk(root, &path, to, keep)?;
            } else if kind.is_file() {
                copy_file(&path, &to.join(rel))?;
            }
        }
        Ok(())
    }
    std::fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    walk(from, from, to, keep)
}

/// Copies one file, creating parent folders; a fresh mtime keeps cargo from trusting a stale build.
pub fn copy_file(from: &Path, to: &Path) -> anyhow::Result<()> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let bytes = std::fs::read(from).with_context(|| format!("cannot read {}", from.display()))?;
    std::fs::write(to, bytes).with_context(|| format!("cannot write {}", to.display()))?;
    Ok(())
}

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
}

/// Where a started folder keeps its record.
pub fn start_record_path(folder: &Path) -> PathBuf {
    folder.join(".kata").join("started.yaml")
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
    Ok(crate::yaml::load(&path)?)
}

/// Writes a started folder's record.
pub fn write_start_record(folder: &Path, record: &StartRecord) -> anyhow::Result<()> {
    let path = start_record_path(folder);
    std::fs::create_dir_all(path.parent().expect("has parent"))?;
    std::fs::write(&path, crate::yaml::to_string(record)?).with_context(|| format!("cannot write {}", path.display()))
}

/// Current time as RFC 3339 UTC (`2026-11-21T23:06:22Z`), without a date crate.
pub fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    rfc3339(secs)
}

/// Formats Unix seconds as RFC 3339 UTC.
pub fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

#[cfg(test)]
mod tests {
    #[test]
    fn rfc3339_known_dates() {
        assert_eq!(super::rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(super::rfc3339(1_795_302_382), "2026-11-21T23:06:22Z");
    }
}
