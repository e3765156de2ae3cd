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
    /// Whether to move the child into a new network namespace.
    pub no_network: bool,
    /// RLIMIT_NPROC (enforced only once the child is not root).
    pub max_tasks: u64,
    /// RLIMIT_NPROC set after entering a new user namespace: counted there per namespace, so
    /// it caps the test's own processes without counting the grader user's others.
    pub tasks_in_namespace: u64,
}

/// Privilege drop and cgroup of a child, prepared before fork.
#[derive(Debug, Default)]
pub struct RawSandbox<'a> {
    /// Switch to this user and group id after setting limits.
    pub uid: Option<u32>,
    /// Join the cgroup whose `cgroup.procs` is this path.
    pub cgroup_procs: Option<&'a std::ffi::CStr>,
    /// The write end of the completion pipe, placed at [`COMPLETION_FD`] in the child.
    pub completion_fd: Option<i32>,
}

/// Where the harness of a hidden test finds the completion pipe (see `katas/_harness`).
pub const COMPLETION_FD: i32 = 3;

/// Installs a new session, limits, and (where given) the sandbox and the confinement in
/// `command`'s child.
pub fn apply_limits(
    command: &mut Command,
    limits: RawLimits,
    sandbox: RawSandbox<'_>,
    confinement: Option<super::confine::Prepared>,
) {
    let uid = sandbox.uid;
    let completion = sandbox.completion_fd;
    // A raw pointer into a CString the caller keeps alive until spawn returns.
    let procs = sandbox.cgroup_procs.map(|c| c.as_ptr() as usize);
    let mut confinement = confinement;
    // SAFETY: the closure runs between fork and exec; it only calls async-signal-safe
    // functions (setsid, setrlimit, unshare, dup2, and Landlock's two syscalls on a ruleset
    // prepared in the parent) on values copied in beforehand, and allocates nothing.
    unsafe {
        command.pre_exec(move || {
            // A session of its own: no controlling terminal (so no /dev/tty), and its own
            // process group, which the watchdog kills as a whole.
            if libc::setsid() < 0 {
                return Err(io::Error::last_os_error());
            }
            set(libc::RLIMIT_DATA, limits.data_bytes, limits.data_bytes)?;
            set(libc::RLIMIT_FSIZE, limits.file_bytes, limits.file_bytes)?;
            set(libc::RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds + 1)?;
            set(libc::RLIMIT_NOFILE, limits.open_files, limits.open_files)?;
            set(libc::RLIMIT_CORE, 0, 0)?;
            set(libc::RLIMIT_NPROC, limits.max_tasks, limits.max_tasks)?;
            if let Some(procs) = procs {
                join_cgroup(procs as *const libc::c_char)?;
            }
            if let Some(confinement) = confinement.as_ref() {
                let mut flags = 0;
                if confinement.new_user_ns {
                    flags |= libc::CLONE_NEWUSER;
                }
                if confinement.new_net_ns && limits.no_network {
                    flags |= libc::CLONE_NEWNET;
                }
                if flags != 0 && libc::unshare(flags) != 0 {
                    return Err(io::Error::last_os_error());
                }
                if confinement.new_user_ns {
                    set(libc::RLIMIT_NPROC, limits.tasks_in_namespace, limits.tasks_in_namespace)?;
                }
            }
            if let Some(uid) = uid {
                if libc::setgroups(0, std::ptr::null()) != 0 || libc::setgid(uid) != 0 || libc::setuid(uid) != 0 {
                    return Err(io::Error::last_os_error());
                }
            }
            // Before the dup2 below: the ruleset's descriptor may be the very number 3.
            if let Some(ruleset) = confinement.as_mut().and_then(|c| c.take_ruleset()) {
                super::confine::enforce(ruleset).map_err(|_| io::Error::from_raw_os_error(libc::EACCES))?;
            }
            if let Some(fd) = completion {
                if fd == COMPLETION_FD {
                    // Already in place; dup2 onto itself would keep close-on-exec set.
                    if libc::fcntl(fd, libc::F_SETFD, 0) < 0 {
                        return Err(io::Error::last_os_error());
                    }
                } else if libc::dup2(fd, COMPLETION_FD) < 0 {
                    // (dup2 clears close-on-exec on the copy: the test inherits exactly this one.)
                    return Err(io::Error::last_os_error());
                }
            }
            Ok(())
        });
    }
}

/// The Landlock ABI version the kernel offers (0 when Landlock is absent or disabled).
pub fn landlock_abi() -> i32 {
    // SAFETY: the documented version query: NULL attributes, size 0, the VERSION flag.
    let version =
        unsafe { libc::syscall(libc::SYS_landlock_create_ruleset, std::ptr::null::<libc::c_void>(), 0usize, 1u32) };
    if version < 0 {
        0
    } else {
        version as i32
    }
}

/// A `/bin/true` that enters the namespaces `flags` names before it runs: whether it
/// succeeds says whether this machine allows them (run it with `process::tracked_output`).
pub fn unshare_probe(flags: libc::c_int) -> Command {
    let mut command = Command::new("/bin/true");
    command.stdin(std::process::Stdio::null()).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
    // SAFETY: one async-signal-safe syscall between fork and exec.
    unsafe {
        command.pre_exec(move || if libc::unshare(flags) == 0 { Ok(()) } else { Err(io::Error::last_os_error()) });
    }
    command
}

/// Makes reads of `file` return at once when nothing is there.
pub fn set_nonblocking(file: &std::fs::File) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    let fd = file.as_raw_fd();
    // SAFETY: fcntl on a descriptor we own.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags < 0 || libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK) < 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

/// A pipe whose both ends are close-on-exec: `(read, write)`.
pub fn pipe() -> io::Result<(std::os::fd::OwnedFd, std::os::fd::OwnedFd)> {
    use std::os::fd::FromRawFd;
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: a valid two-element array.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: pipe2 just returned these two descriptors, owned by nobody else.
    Ok(unsafe { (std::os::fd::OwnedFd::from_raw_fd(fds[0]), std::os::fd::OwnedFd::from_raw_fd(fds[1])) })
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

/// Clock ticks per second, the unit of `/proc/stat`.
pub fn clock_ticks_per_second() -> i64 {
    // SAFETY: plain sysconf query.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if ticks > 0 {
        ticks
    } else {
        100
    }
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
