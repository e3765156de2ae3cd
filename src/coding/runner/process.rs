//! Runs one untrusted process: limits, its own process group, output to capped files, a
//! wall-clock watchdog that kills the whole group, and rusage from `wait4`.

use std::collections::HashSet;
use std::ffi::OsString;
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant};

use super::confine::Policy;
use super::sandbox::{Sandbox, MAX_TASKS};
use super::sys;

/// Limits for one process.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Wall-clock limit; the whole process group is killed when it passes.
    pub timeout: Duration,
    /// Anonymous memory limit in bytes.
    pub memory_bytes: u64,
    /// Largest output file, per stream, in bytes.
    pub output_bytes: u64,
    /// Cut the network off (where the machine allows it).
    pub no_network: bool,
}

/// What to run.
#[derive(Debug, Clone)]
pub struct ProcessSpec {
    /// The program.
    pub program: PathBuf,
    /// Its arguments.
    pub args: Vec<OsString>,
    /// Working directory.
    pub cwd: PathBuf,
    /// The complete environment (nothing is inherited).
    pub env: Vec<(OsString, OsString)>,
    /// Bytes written to stdin, which is then closed.
    pub stdin: Vec<u8>,
    /// Folder where `stdout` and `stderr` files are written.
    pub output_dir: PathBuf,
    /// Limits.
    pub limits: Limits,
    /// Run as a throw-away user in its own cgroup where the machine allows it (tests; not
    /// builds, which write the grader's target copy). `cwd` is handed to that user.
    pub confine: bool,
    /// What the process may reach (Landlock, namespaces): every process that touches candidate
    /// code has one. `None` only for our own trusted tool runs.
    pub policy: Option<Policy>,
    /// Hand the child the write end of a completion pipe at fd 3 (hidden tests), and return
    /// what was written to it in [`ProcessOutcome::completion`].
    pub completion: bool,
}

impl ProcessSpec {
    /// A process with no arguments, an empty environment and stdin, writing its output files
    /// to `output_dir`, not confined; the methods below add the rest.
    pub fn new(
        program: impl Into<PathBuf>,
        cwd: impl Into<PathBuf>,
        output_dir: impl Into<PathBuf>,
        limits: Limits,
    ) -> Self {
        ProcessSpec {
            program: program.into(),
            args: Vec::new(),
            cwd: cwd.into(),
            env: Vec::new(),
            stdin: Vec::new(),
            output_dir: output_dir.into(),
            limits,
            confine: false,
            policy: None,
            completion: false,
        }
    }

    /// Appends arguments.
    pub fn args<I, A>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = A>,
        A: Into<OsString>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Sets the whole environment (nothing else is inherited).
    pub fn env(mut self, env: Vec<(OsString, OsString)>) -> Self {
        self.env = env;
        self
    }

    /// Runs a test of candidate code: confined by `policy`, as a throw-away user where root.
    pub fn confined(mut self, policy: Policy) -> Self {
        self.confine = true;
        self.policy = Some(policy);
        self
    }

    /// Runs a tool over candidate code (cargo, rustc) confined by `policy`, as the grader's user.
    pub fn restricted(mut self, policy: Policy) -> Self {
        self.policy = Some(policy);
        self
    }

    /// Gives the child a completion pipe at fd 3.
    pub fn with_completion_pipe(mut self) -> Self {
        self.completion = true;
        self
    }
}

/// How the process ended.
#[derive(Debug, Clone)]
pub struct ProcessOutcome {
    /// Exit code, when it exited.
    pub code: Option<i32>,
    /// Killing signal, when one killed it (including our own SIGKILL on timeout).
    pub signal: Option<i32>,
    /// Whether the watchdog killed it.
    pub timed_out: bool,
    /// Wall time.
    pub wall: Duration,
    /// User + system CPU time.
    pub cpu: Duration,
    /// Peak resident set size in KiB.
    pub max_rss_kib: u64,
    /// Captured stdout (lossy UTF-8, at most [`CAPTURE_BYTES`]).
    pub stdout: String,
    /// Captured stderr (lossy UTF-8, at most [`CAPTURE_BYTES`] of its head and tail).
    pub stderr: String,
    /// Whether a stream reached the output limit.
    pub output_limit_hit: bool,
    /// Files the process left in world-writable folders outside its workspace (now removed).
    pub escaped_files: Vec<PathBuf>,
    /// What was written to the completion pipe (at most [`COMPLETION_BYTES`]).
    pub completion: Vec<u8>,
}

/// How much of the completion pipe is read: a marker line is far shorter.
pub const COMPLETION_BYTES: usize = 4096;

/// How much of each stream is kept in memory for messages.
pub const CAPTURE_BYTES: usize = 64 * 1024;

/// Processes we are waiting for. The orphan reaper must never touch them.
static ACTIVE: Mutex<Option<HashSet<i32>>> = Mutex::new(None);

/// Kills every process group we are waiting for, and every escaped descendant (interrupt).
pub fn kill_all_active() {
    let active: Vec<i32> =
        ACTIVE.lock().unwrap_or_else(|e| e.into_inner()).clone().unwrap_or_default().into_iter().collect();
    for pid in active {
        sys::kill_group(pid);
        sys::kill(pid);
    }
    super::sandbox::kill_all_cgroups();
    reap_orphans();
}

fn untrack(pid: i32) {
    let mut guard = ACTIVE.lock().unwrap_or_else(|e| e.into_inner());
    guard.get_or_insert_with(HashSet::new).remove(&pid);
}

/// Runs one of our own short commands (cargo fetch, a toolchain query) to completion,
/// registered like a test process: the orphan reaper kills every child of ours it does not
/// know, so a plain `Command::output` running beside a test would be killed as an orphan.
pub fn tracked_output(command: &mut Command) -> std::io::Result<std::process::Output> {
    let child = {
        let mut active = ACTIVE.lock().unwrap_or_else(|e| e.into_inner());
        if crate::util::fs::stopping() {
            return Err(std::io::Error::other("interrupted"));
        }
        let child = command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()?;
        active.get_or_insert_with(HashSet::new).insert(child.id() as i32);
        child
    };
    let pid = child.id() as i32;
    let output = child.wait_with_output();
    untrack(pid);
    output
}

/// Runs `spec` to completion or timeout. `Err` only when the grader could not run it at all.
pub fn run(spec: &ProcessSpec) -> std::io::Result<ProcessOutcome> {
    // Checked before any folder is made too: after an interrupt's sweep, a test started late
    // would otherwise make its output folder again inside a removed temporary folder.
    if crate::util::fs::stopping() {
        return Err(std::io::Error::other("interrupted"));
    }
    std::fs::create_dir_all(&spec.output_dir)?;
    let stdout_path = spec.output_dir.join("stdout");
    let stderr_path = spec.output_dir.join("stderr");
    let mut command = Command::new(&spec.program);
    command
        .args(&spec.args)
        .current_dir(&spec.cwd)
        .env_clear()
        .envs(spec.env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::piped())
        // Files, not pipes: a grandchild holding a pipe open cannot hang us, and RLIMIT_FSIZE
        // turns a flood into SIGXFSZ instead of gigabytes in our memory.
        .stdout(File::create(&stdout_path)?)
        .stderr(File::create(&stderr_path)?);
    let cpu_seconds = spec.limits.timeout.as_secs() * 2 + 2;
    let sandbox = if spec.confine { Sandbox::new() } else { Sandbox { uid: None, cgroup: None } };
    sandbox.hand_over(&spec.cwd)?;
    let prepared = spec.policy.as_ref().map(Policy::prepare).transpose()?;
    let pipe = if spec.completion { Some(sys::pipe()?) } else { None };
    sys::apply_limits(
        &mut command,
        sys::RawLimits {
            data_bytes: spec.limits.memory_bytes,
            file_bytes: spec.limits.output_bytes,
            cpu_seconds,
            open_files: 1024,
            no_network: spec.limits.no_network,
            // Only a switched-to user gets a task cap: RLIMIT_NPROC counts every process of the
            // user, so on a laptop it would also count the grader's own user's desktop.
            max_tasks: if sandbox.uid.is_some() { MAX_TASKS } else { u64::MAX },
            tasks_in_namespace: if spec.confine { MAX_TASKS } else { u64::MAX },
        },
        sys::RawSandbox {
            uid: sandbox.uid,
            cgroup_procs: sandbox.cgroup.as_ref().map(|c| c.procs.as_c_str()),
            completion_fd: pipe.as_ref().map(|(_, write)| std::os::fd::AsRawFd::as_raw_fd(write)),
        },
        prepared,
    );
    let start = Instant::now();
    // Spawning and registering happen under the lock the orphan reaper takes, so the reaper
    // can never see a just-spawned test as an orphan.
    let mut child = {
        let mut active = ACTIVE.lock().unwrap_or_else(|e| e.into_inner());
        // Checked under the lock the interrupt handler takes to kill: nothing starts after it.
        if crate::util::fs::stopping() {
            return Err(std::io::Error::other("interrupted"));
        }
        let child = command
            .spawn()
            .map_err(|e| std::io::Error::new(e.kind(), format!("cannot start {}: {e}", spec.program.display())))?;
        active.get_or_insert_with(HashSet::new).insert(child.id() as i32);
        child
    };
    let pid = child.id() as i32;
    // Our copy of the write end closes now: only the child holds it, so the pipe ends with it.
    let completion_read = pipe.map(|(read, _write)| read);
    if let Some(mut stdin) = child.stdin.take() {
        // A child that exits before reading gives EPIPE here; that is its verdict, not ours.
        let _ = stdin.write_all(&spec.stdin);
    }
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(sys::wait4(pid));
    });
    let (status, timed_out) = match rx.recv_timeout(spec.limits.timeout) {
        Ok(status) => (status, false),
        Err(_) => {
            sys::kill_group(pid);
            (rx.recv().unwrap_or_else(|_| Err(std::io::Error::other("waiter thread died"))), true)
        }
    };
    let wall = start.elapsed();
    // Whatever the test left running in its group dies with it.
    sys::kill_group(pid);
    untrack(pid);
    // std's Child would otherwise try to reap a pid wait4 already reaped.
    drop(child);
    let escaped_files = sandbox.clean_up();
    drop(sandbox);
    let status = status?;
    reap_orphans();
    let (stdout, out_full) = capture(&stdout_path, spec.limits.output_bytes);
    let (stderr, err_full) = capture(&stderr_path, spec.limits.output_bytes);
    let completion = completion_read.map(read_completion).unwrap_or_default();
    Ok(ProcessOutcome {
        code: status.code,
        signal: status.signal,
        timed_out,
        wall,
        cpu: status.cpu,
        max_rss_kib: status.max_rss_kib,
        stdout,
        stderr,
        output_limit_hit: out_full || err_full || status.signal == Some(libc::SIGXFSZ),
        escaped_files,
        completion,
    })
}

/// Reads what the child wrote to the completion pipe. The process group is dead by now; a
/// writer that escaped it could still hold the pipe open, so the read never blocks.
fn read_completion(read: std::os::fd::OwnedFd) -> Vec<u8> {
    let file = File::from(read);
    let _ = sys::set_nonblocking(&file);
    let mut buf = Vec::new();
    let _ = file.take(COMPLETION_BYTES as u64).read_to_end(&mut buf);
    buf
}

/// Reads a captured stream: its head and tail when long, and whether it hit the limit.
fn capture(path: &Path, limit: u64) -> (String, bool) {
    let Ok(mut file) = File::open(path) else { return (String::new(), false) };
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let full = len >= limit;
    let mut buf = Vec::new();
    if len as usize <= CAPTURE_BYTES {
        let _ = file.read_to_end(&mut buf);
        return (String::from_utf8_lossy(&buf).into_owned(), full);
    }
    // The head carries the first panic; the tail carries the end-of-test marker.
    let half = CAPTURE_BYTES / 2;
    let mut head = vec![0; half];
    let _ = file.read_exact(&mut head);
    use std::io::Seek;
    let _ = file.seek(std::io::SeekFrom::End(-(half as i64)));
    let mut tail = Vec::new();
    let _ = file.read_to_end(&mut tail);
    let text = format!(
        "{}\n[... {} bytes cut ...]\n{}",
        String::from_utf8_lossy(&head),
        len as usize - 2 * half,
        String::from_utf8_lossy(&tail)
    );
    (text, full)
}

/// Kills and reaps processes that escaped their group (e.g. with `setsid`) and were
/// re-parented to us as subreaper. Processes we are waiting for are left alone.
pub fn reap_orphans() {
    let me = std::process::id() as i32;
    let Ok(entries) = std::fs::read_dir("/proc") else { return };
    let guard = ACTIVE.lock().unwrap_or_else(|e| e.into_inner());
    let active = guard.clone().unwrap_or_default();
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|s| s.parse::<i32>().ok()) else { continue };
        if active.contains(&pid) {
            continue;
        }
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else { continue };
        // The command name may contain spaces and parentheses: fields start after the last ')'.
        let Some(rest) = stat.rfind(')').map(|i| &stat[i + 1..]) else { continue };
        let ppid = rest.split_whitespace().nth(1).and_then(|s| s.parse::<i32>().ok());
        if ppid == Some(me) && !is_our_thread(pid) {
            sys::kill(pid);
            for _ in 0..100 {
                if sys::try_reap(pid) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        }
    }
}

/// Threads of our own process show in /proc/<tid> only under /proc/self/task; a pid listed
/// at the top level with our pid as parent is a real child, except for that corner.
fn is_our_thread(pid: i32) -> bool {
    Path::new(&format!("/proc/self/task/{pid}")).exists()
}
