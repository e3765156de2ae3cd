//! What confines a test process beyond rlimits, where the machine allows it (we run as root):
//! a throw-away user id (so RLIMIT_NPROC applies and root's files are out of reach), a pids
//! cgroup per test (caps forks and finds every descendant, `setsid` or not), and a sweep of the
//! world-writable folders for files that user left behind.
//!
//! These are the root-only extras on top of `confine.rs` (Landlock and namespaces, which work
//! for any user): without root, tests run as the grader's own user, confined by Landlock, a
//! user and network namespace, rlimits, their own session and the wall-clock watchdog.

use std::ffi::CString;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;
use std::time::Duration;

use super::sys;

/// Processes (threads included) one test may have at once.
pub const MAX_TASKS: u64 = 512;
/// First of the user ids handed to tests.
const FIRST_UID: u32 = 61_000;
/// How many user ids tests rotate through.
const UID_RANGE: u32 = 2_000;
/// World-writable folders a confined test could still write to.
const WRITABLE: &[&str] = &["/tmp", "/var/tmp", "/dev/shm", "/run/lock"];

/// What confines one test run.
#[derive(Debug)]
pub struct Sandbox {
    /// The user id the test runs as, when we can switch users.
    pub uid: Option<u32>,
    /// The test's own pids cgroup, when cgroups are writable.
    pub cgroup: Option<Cgroup>,
}

/// Whether this process can switch tests to a throw-away user: root, and a temporary folder
/// that user can reach (a private TMPDIR such as a 0700 folder rules it out; Landlock still
/// confines the test then).
pub fn available() -> bool {
    static ROOT: OnceLock<bool> = OnceLock::new();
    *ROOT.get_or_init(|| sys::is_root() && super::confine::reachable_by_others(&std::env::temp_dir()))
}

/// Whether pids cgroups can be created here (cgroup v1 `pids` controller, writable by root).
pub fn cgroups_available() -> bool {
    sys::is_root() && Path::new("/sys/fs/cgroup/pids/cgroup.procs").exists()
}

impl Sandbox {
    /// Prepares a sandbox for one test: a user id and a cgroup where possible.
    pub fn new() -> Sandbox {
        if !sys::is_root() {
            return Sandbox { uid: None, cgroup: None };
        }
        if !available() {
            return Sandbox { uid: None, cgroup: Cgroup::create() };
        }
        // Distinct ids for concurrent tests, and for concurrent kata processes (seeded by pid),
        // because RLIMIT_NPROC counts per user across the whole machine.
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let uid = FIRST_UID + (std::process::id().wrapping_mul(7919).wrapping_add(n)) % UID_RANGE;
        Sandbox { uid: Some(uid), cgroup: Cgroup::create() }
    }

    /// Lets the sandbox user use `dir` as its working and temporary folder.
    pub fn hand_over(&self, dir: &Path) -> std::io::Result<()> {
        if let Some(uid) = self.uid {
            std::os::unix::fs::chown(dir, Some(uid), Some(uid))?;
        }
        Ok(())
    }

    /// After the test: kills what is left in its cgroup and removes files its user left in
    /// world-writable folders. Returns the paths it removed.
    pub fn clean_up(&self) -> Vec<PathBuf> {
        if let Some(cgroup) = &self.cgroup {
            cgroup.kill_all();
        }
        let Some(uid) = self.uid else { return Vec::new() };
        let mut removed = Vec::new();
        for dir in WRITABLE {
            let Ok(entries) = std::fs::read_dir(dir) else { continue };
            for entry in entries.flatten() {
                use std::os::unix::fs::MetadataExt;
                let Ok(meta) = entry.path().symlink_metadata() else { continue };
                if meta.uid() == uid {
                    let path = entry.path();
                    let _ = if meta.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
                    removed.push(path);
                }
            }
        }
        removed
    }
}

/// Live cgroups of this process, for the interrupt handler.
static LIVE_CGROUPS: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// SIGKILLs everything in every live cgroup of this process (interrupt).
pub fn kill_all_cgroups() {
    let live = LIVE_CGROUPS.lock().unwrap_or_else(|e| e.into_inner()).clone();
    for dir in live {
        Cgroup { dir, procs: CString::default() }.kill_all_keep();
    }
}

/// A pids cgroup (v1) of one test.
#[derive(Debug)]
pub struct Cgroup {
    dir: PathBuf,
    /// `cgroup.procs`, as a C string prepared before fork (the child must not allocate).
    pub procs: CString,
}

impl Cgroup {
    fn create() -> Option<Cgroup> {
        let base = Path::new("/sys/fs/cgroup/pids");
        if !base.join("cgroup.procs").exists() {
            return None;
        }
        static SWEPT: OnceLock<()> = OnceLock::new();
        SWEPT.get_or_init(|| remove_stale(base));
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let dir = base.join(format!("kata-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed)));
        std::fs::create_dir(&dir).ok()?;
        if std::fs::write(dir.join("pids.max"), MAX_TASKS.to_string()).is_err() {
            let _ = std::fs::remove_dir(&dir);
            return None;
        }
        let procs = CString::new(dir.join("cgroup.procs").to_string_lossy().into_owned()).ok()?;
        LIVE_CGROUPS.lock().unwrap_or_else(|e| e.into_inner()).push(dir.clone());
        Some(Cgroup { dir, procs })
    }

    /// Kills what is inside without removing the cgroup (its owner still will).
    fn kill_all_keep(self) {
        self.kill_all();
        std::mem::forget(self);
    }

    /// SIGKILLs every process in the cgroup, until it is empty.
    fn kill_all(&self) {
        for _ in 0..200 {
            let pids = std::fs::read_to_string(self.dir.join("cgroup.procs")).unwrap_or_default();
            let pids: Vec<i32> = pids.lines().filter_map(|l| l.trim().parse().ok()).collect();
            if pids.is_empty() {
                return;
            }
            for pid in pids {
                sys::kill(pid);
            }
            // Killed orphans are re-parented to us (subreaper); reap them so they leave.
            super::process::reap_orphans();
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

/// Removes the cgroups of kata processes that were killed before they could clean up.
fn remove_stale(base: &Path) {
    let Ok(entries) = std::fs::read_dir(base) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.strip_prefix("kata-").and_then(|r| r.split('-').next()) else { continue };
        if !Path::new("/proc").join(pid).exists() {
            let stale = Cgroup { dir: entry.path(), procs: CString::default() };
            drop(stale);
        }
    }
}

impl Drop for Cgroup {
    fn drop(&mut self) {
        self.kill_all();
        LIVE_CGROUPS.lock().unwrap_or_else(|e| e.into_inner()).retain(|d| d != &self.dir);
        for _ in 0..100 {
            if std::fs::remove_dir(&self.dir).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}
