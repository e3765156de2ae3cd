//! File helpers every step shares: text reading with clear errors, copying, atomic writes,
//! the cache folder.

use std::path::{Path, PathBuf};

use std::os::unix::fs::PermissionsExt;

use anyhow::Context;

use crate::error::DefinitionError;

/// Largest text file (definition, answer sheet, reflection) we parse.
pub const MAX_TEXT_BYTES: u64 = 4 * 1024 * 1024;

/// Reads a UTF-8 text file, normalising `\r\n`, with an error that names the file.
pub fn read_text(path: &Path) -> Result<String, DefinitionError> {
    let len = std::fs::metadata(path).map_err(|err| DefinitionError::file(path, format!("cannot read: {err}")))?.len();
    if len > MAX_TEXT_BYTES {
        return Err(DefinitionError::file(
            path,
            format!(
                "is {} MiB; text files over {} MiB are refused (is this the right file?)",
                len >> 20,
                MAX_TEXT_BYTES >> 20
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|err| DefinitionError::file(path, format!("cannot read: {err}")))?;
    let text = String::from_utf8(bytes).map_err(|err| {
        DefinitionError::file(
            path,
            format!("not UTF-8 text (invalid byte at offset {}); save it as UTF-8", err.utf8_error().valid_up_to()),
        )
    })?;
    Ok(text.replace("\r\n", "\n"))
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
    refuse_when_stopping()?;
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let bytes = std::fs::read(from).with_context(|| format!("cannot read {}", from.display()))?;
    std::fs::write(to, bytes).with_context(|| format!("cannot write {}", to.display()))?;
    Ok(())
}

/// Writes `text` to `path` through a temporary file and a rename, so a reader never sees a
/// half-written results file.
pub fn write_atomically(path: &std::path::Path, text: &str) -> anyhow::Result<()> {
    use anyhow::Context;
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let tmp = user_file_in(dir)?;
    std::fs::write(tmp.path(), text)?;
    tmp.persist(path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// A temporary file in `dir` that becomes a file the user asked for (a report, a results file,
/// an archive) once persisted: created 0666 less the umask, as any program's output is, not
/// tempfile's private 0600. Temp and cache folders keep their own, private, modes.
pub fn user_file_in(dir: &Path) -> anyhow::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir).with_context(|| format!("cannot write in {}", dir.display()))
}

/// The user's cache folder for `kata` (`$XDG_CACHE_HOME/kata` or `~/.cache/kata`).
pub fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("KATA_CACHE_DIR") {
        return PathBuf::from(dir);
    }
    if let Some(dir) = std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir).join("kata");
    }
    match std::env::var_os("HOME").filter(|d| !d.is_empty()) {
        Some(home) => PathBuf::from(home).join(".cache/kata"),
        None => std::env::temp_dir().join("kata-cache"),
    }
}

/// Set once an interrupt came: no more copying into, or creating of, temporary folders (the
/// handler is about to remove them, and a copy still running must not bring one back).
static STOPPING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether an interrupt came (see [`remove_live_temp_dirs`]).
pub fn stopping() -> bool {
    STOPPING.load(std::sync::atomic::Ordering::SeqCst)
}

/// `Err` once an interrupt came: nothing new (a copy, a folder, a test) starts after it.
pub fn refuse_when_stopping() -> anyhow::Result<()> {
    if stopping() {
        anyhow::bail!("interrupted");
    }
    Ok(())
}

/// Temporary folders alive in this process, removed by the interrupt handler if Ctrl-C comes
/// before their owners can drop them.
static LIVE_TEMP_DIRS: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// A temporary folder only its owner can enter (0700), removed on drop (or on interrupt).
#[derive(Debug)]
pub struct PrivateDir {
    dir: Option<tempfile::TempDir>,
}

impl PrivateDir {
    /// The folder.
    pub fn path(&self) -> &Path {
        self.dir.as_ref().expect("present until drop").path()
    }

    /// Keeps the folder on disk and returns its path (it is no longer removed).
    pub fn keep(mut self) -> PathBuf {
        let dir = self.dir.take().expect("present until drop");
        forget_temp_dir(dir.path());
        dir.keep()
    }
}

impl Drop for PrivateDir {
    fn drop(&mut self) {
        if let Some(dir) = self.dir.take() {
            // Forgotten only once removed: an interrupt that lands mid-removal still sees the
            // folder and sweeps it before exiting, instead of leaving it half removed.
            let path = dir.path().to_path_buf();
            if dir.close().is_err() {
                remove_forcefully(&path);
            }
            forget_temp_dir(&path);
        }
    }
}

/// Removes `dir` even where a test left folders without write permission (as the grader's own
/// user, which has no root to override them): makes every folder 0700 first.
pub fn remove_forcefully(dir: &Path) {
    fn open_up(dir: &Path) {
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                open_up(&entry.path());
            }
        }
    }
    open_up(dir);
    let _ = std::fs::remove_dir_all(dir);
}

fn forget_temp_dir(path: &Path) {
    let mut live = LIVE_TEMP_DIRS.lock().unwrap_or_else(|e| e.into_inner());
    live.retain(|p| p != path);
}

/// Creates a private temporary folder named `prefix…` in the temporary folder (`TMPDIR`).
pub fn private_tempdir(prefix: &str) -> anyhow::Result<PrivateDir> {
    private_tempdir_in(prefix, &std::env::temp_dir())
}

/// Creates a private temporary folder named `prefix…` in `parent`.
pub fn private_tempdir_in(prefix: &str, parent: &Path) -> anyhow::Result<PrivateDir> {
    // Created and registered under the lock the interrupt handler takes, after the stopping
    // check: the handler either sees the folder or the folder is never made.
    let mut live = LIVE_TEMP_DIRS.lock().unwrap_or_else(|e| e.into_inner());
    refuse_when_stopping()?;
    let dir = tempfile::Builder::new()
        .prefix(prefix)
        .permissions(std::fs::Permissions::from_mode(0o700))
        .tempdir_in(parent)
        .with_context(|| {
            format!("cannot create a temporary folder in {}; set TMPDIR to a folder you can write to", parent.display())
        })?;
    live.push(dir.path().to_path_buf());
    Ok(PrivateDir { dir: Some(dir) })
}

/// Marks the process as stopping (interrupt): from now on no copy, temporary folder or
/// process is started.
pub fn begin_stopping() {
    STOPPING.store(true, std::sync::atomic::Ordering::SeqCst);
}

/// Removes every live temporary folder (on interrupt, after [`begin_stopping`]).
pub fn remove_live_temp_dirs() {
    let live = LIVE_TEMP_DIRS.lock().unwrap_or_else(|e| e.into_inner()).clone();
    // A copy between its stopping check and its write still finishes that one file, and can
    // recreate a folder on the way: sweep until nothing is left (a few rounds at most).
    for _ in 0..25 {
        for dir in &live {
            remove_forcefully(dir);
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        if live.iter().all(|d| !d.exists()) {
            return;
        }
    }
}

/// Creates `dir` (and its parents) if needed and makes it private to us (0700).
pub fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
        .with_context(|| format!("cannot make {} private (chmod 700)", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The interrupt handler removes what the live list holds, then exits: a folder being
    /// removed by its owner must stay listed until it is gone, or an interrupt in the middle
    /// leaves it half removed.
    #[test]
    fn a_folder_leaves_the_live_list_only_once_removed() {
        let parent = tempfile::tempdir().unwrap();
        let dir = private_tempdir_in("kata-live-", parent.path()).unwrap();
        let path = dir.path().to_path_buf();
        for i in 0..3000 {
            std::fs::write(path.join(format!("f{i}")), "x").unwrap();
        }
        let dropper = std::thread::spawn(move || drop(dir));
        loop {
            let listed = LIVE_TEMP_DIRS.lock().unwrap().contains(&path);
            if !listed {
                assert!(!path.exists(), "{} is off the live list but still on disk", path.display());
                break;
            }
        }
        dropper.join().unwrap();
        assert!(!path.exists());
    }
}
