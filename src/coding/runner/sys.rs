//! The few system calls std does not offer: rlimits in the child, wait4 with rusage,
//! process-group kill, child subreaper. Kept in one file so every `unsafe` is reviewed together.
#![allow(unsafe_code)]

use std::io;
use std::os::unix::process::CommandExt;
use std::process::Command;
use std::time::Duration;

/// Resource limits applied to a child before it runs.
#[derive(Debug, Clone, Copy)]
pub struct RawLimits {
    /// RLIMIT_DATA in bytes (anonymous memory since Linux 4.7; RLIMIT_AS would count reserved
    /// address space, which tokio's arenas inflate 30x).
    pub data_bytes: u64,
    /// RLIMIT_FSIZE in bytes: caps what the child can write to its output files.
    pub file_bytes: u64,
    /// RLIMIT_CPU soft limit in seconds; the hard limit is one more, so SIGXCPU comes first.
    pub cpu_seconds: u64,
    /// RLIMIT_NOFILE.
    pub open_files: u64,
    /// Whether to move the child into a new network namespace (root only; failure is ignored).
    pub no_network: bool,
    /// RLIMIT_NPROC (enforced only once the child is not root).
    pub max_tasks: u64,
}

/// Privilege drop and cgroup of a child, prepared before fork.
#[derive(Debug, Default)]
pub struct RawSandbox<'a> {
    /// Switch to this user and group id after setting limits.
    pub uid: Option<u32>,
    /// Join the cgroup whose `cgroup.procs` is this path.
    pub cgroup_procs: Option<&'a std::ffi::CStr>,
}

/// Installs limits, a new process group and (where given) the sandbox in `command`'s child.
pub fn apply_limits(command: &mut Command, limits: RawLimits, sandbox: RawSandbox<'_>) {
    command.process_group(0);
    let uid = sandbox.uid;
    // A raw pointer into a CString the caller keeps alive until spawn returns.
    let procs = sandbox.cgroup_procs.map(|c| c.as_ptr() as usize);
    // SAFETY: the closure runs between fork and exec; it only calls async-signal-safe
    // functions (setrlimit, unshare) on values copied in beforehand, and allocates nothing.
    unsafe {
        command.pre_exec(move || {
            set(libc::RLIMIT_DATA, limits.data_bytes, limits.data_bytes)?;
            set(libc::RLIMIT_FSIZE, limits.file_bytes, limits.file_bytes)?;
            set(libc::RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds + 1)?;
            set(libc::RLIMIT_NOFILE, limits.open_files, limits.open_files)?;
            set(libc::RLIMIT_CORE, 0, 0)?;
            set(libc::RLIMIT_NPROC, limits.max_tasks, limits.max_tasks)?;
            if let Some(procs) = procs {
                join_cgroup(procs as *const libc::c_char)?;
            }
            if limits.no_network {
                // Where unprivileged, the test simply keeps the network; the caller says so.
                let _ = libc::unshare(libc::CLONE_NEWNET);
            }
            if let Some(uid) = uid {
                if libc::setgroups(0, std::ptr::null()) != 0 || libc::setgid(uid) != 0 || libc::setuid(uid) != 0 {
                    return Err(io::Error::last_os_error());
                }
            }
            Ok(())
        });
    }
}

/// Writes our pid to a cgroup's `cgroup.procs` without allocating (we are between fork and exec).
///
/// # Safety
/// `procs` must point to a NUL-terminated path that outlives the call.
unsafe fn join_cgroup(procs: *const libc::c_char) -> io::Result<()> {
    let fd = libc::open(procs, libc::O_WRONLY | libc::O_CLOEXEC);
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    let mut digits = [0u8; 16];
    let mut pid = libc::getpid() as u32;
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (pid % 10) as u8;
        pid /= 10;
        if pid == 0 {
            break;
        }
    }
    let len = digits.len() - start;
    let written = libc::write(fd, digits[start..].as_ptr() as *const libc::c_void, len);
    libc::close(fd);
    if written != len as isize {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

fn set(resource: libc::__rlimit_resource_t, soft: u64, hard: u64) -> io::Result<()> {
    let mut current = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: plain syscalls on a stack value.
    unsafe {
        if libc::getrlimit(resource, &mut current) != 0 {
            return Err(io::Error::last_os_error());
        }
        // Never try to raise a hard limit we were given; that would fail the spawn.
        let hard = hard.min(current.rlim_max);
        let wanted = libc::rlimit { rlim_cur: soft.min(hard), rlim_max: hard };
        if libc::setrlimit(resource, &wanted) != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

/// How a waited-for process ended, with its resource usage.
#[derive(Debug, Clone, Copy)]
pub struct WaitStatus {
    /// Exit code when it exited.
    pub code: Option<i32>,
    /// Signal number when a signal killed it.
    pub signal: Option<i32>,
    /// User + system CPU time.
    pub cpu: Duration,
    /// Peak resident set size in KiB.
    pub max_rss_kib: u64,
}

/// Blocks until `pid` ends and returns its status and rusage (std cannot give rusage).
pub fn wait4(pid: i32) -> io::Result<WaitStatus> {
    let mut status = 0;
    // SAFETY: rusage is plain data, zero is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: valid pointers to stack values.
        let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if rc == pid {
            break;
        }
        let err = io::Error::last_os_error();
        if err.kind() != io::ErrorKind::Interrupted {
            return Err(err);
        }
    }
    let tv = |t: libc::timeval| Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64);
    let (code, signal) = if libc::WIFEXITED(status) {
        (Some(libc::WEXITSTATUS(status)), None)
    } else if libc::WIFSIGNALED(status) {
        (None, Some(libc::WTERMSIG(status)))
    } else {
        (None, None)
    };
    Ok(WaitStatus { code, signal, cpu: tv(usage.ru_utime) + tv(usage.ru_stime), max_rss_kib: usage.ru_maxrss as u64 })
}

/// SIGKILLs every process in the group `pgid` (errors mean the group is already gone).
pub fn kill_group(pgid: i32) {
    // SAFETY: plain syscall.
    unsafe {
        libc::kill(-pgid, libc::SIGKILL);
    }
}

/// SIGKILLs one process.
pub fn kill(pid: i32) {
    // SAFETY: plain syscall.
    unsafe {
        libc::kill(pid, libc::SIGKILL);
    }
}

/// Reaps `pid` if it has ended, without blocking.
pub fn try_reap(pid: i32) -> bool {
    let mut status = 0;
    // SAFETY: plain syscall with a stack pointer.
    unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) == pid }
}

/// Makes this process the reaper of orphaned descendants, so a test's `setsid` grandchild
/// that escapes its process group is re-parented to us and can be found and killed.
pub fn become_subreaper() -> bool {
    // SAFETY: plain prctl.
    unsafe { libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0 }
}

/// Whether we run as root (namespaces and cgroups need it).
pub fn is_root() -> bool {
    // SAFETY: plain syscall.
    unsafe { libc::geteuid() == 0 }
}

/// Name of a signal for people (`SIGSEGV`).
pub fn signal_name(signal: i32) -> String {
    let name = match signal {
        libc::SIGABRT => "SIGABRT",
        libc::SIGSEGV => "SIGSEGV",
        libc::SIGBUS => "SIGBUS",
        libc::SIGILL => "SIGILL",
        libc::SIGFPE => "SIGFPE",
        libc::SIGKILL => "SIGKILL",
        libc::SIGTERM => "SIGTERM",
        libc::SIGXCPU => "SIGXCPU",
        libc::SIGXFSZ => "SIGXFSZ",
        libc::SIGPIPE => "SIGPIPE",
        libc::SIGTRAP => "SIGTRAP",
        _ => return format!("signal {signal}"),
    };
    name.to_string()
}
