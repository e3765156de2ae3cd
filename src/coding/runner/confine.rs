//! What a process that touches candidate code may reach, and what this machine can enforce.
//!
//! Every such process (the candidate's build, test listing, compile-fail snippets, tests,
//! benchmarks) gets a [`Policy`]: the folders it may read and execute, the ones it may write,
//! nothing else. It is enforced with Landlock (filesystem rules, TCP bind/connect, signal and
//! abstract-socket scoping), in a new network namespace (a new user namespace first when we are
//! not root), in a session of its own (no controlling terminal). Everything not granted is
//! refused by the kernel: procfs (so `/proc/self/mem` and `/dev/fd/…` cannot be opened), `/tmp`,
//! `/var/tmp`, `/dev/shm`, `/run/lock`, `/dev/tty`, the grader's home and cache, other
//! candidates' folders. Root adds a throw-away uid and a pids cgroup (`sandbox.rs`).
//!
//! [`machine`] probes once what the kernel offers; [`Containment`] says it in words, for
//! `kata doctor`, the results files and `--require-sandbox`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use landlock::{
    Access, AccessFs, AccessNet, CompatLevel, Compatible, PathBeneath, PathFd, RestrictionStatus, Ruleset, RulesetAttr,
    RulesetCreated, RulesetCreatedAttr, RulesetError, Scope, ABI,
};

use super::sys;
use crate::results::{Containment, Level};

/// System folders every confined process may read and execute: the dynamic loader, libc, the
/// linker and `cc` for builds. Nothing under them is secret.
const SYSTEM_EXEC: &[&str] = &["/usr", "/lib", "/lib64", "/bin", "/sbin"];
/// Single files of `/etc` the dynamic loader reads (the rest of `/etc` stays out of reach).
const SYSTEM_READ: &[&str] = &["/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d"];
/// Devices a test may open.
const DEVICES: &[&str] = &["/dev/null", "/dev/zero", "/dev/urandom", "/dev/random", "/dev/full"];

/// Which folders and files one confined process may use.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// Read and execute (the binary or toolchain it runs).
    pub exec: Vec<PathBuf>,
    /// Read only.
    pub read: Vec<PathBuf>,
    /// Read, write, create and remove.
    pub write: Vec<PathBuf>,
}

impl Policy {
    /// The base every confined process starts from: system folders and harmless devices.
    pub fn base() -> Policy {
        let mut policy = Policy::default();
        policy.exec.extend(SYSTEM_EXEC.iter().map(PathBuf::from));
        policy.read.extend(SYSTEM_READ.iter().map(PathBuf::from));
        policy.write.extend(DEVICES.iter().map(PathBuf::from));
        policy
    }

    /// Builds the Landlock ruleset in the parent (it allocates and opens paths, which the child
    /// between fork and exec must not), ready for the child to enforce on itself.
    pub fn prepare(&self) -> std::io::Result<Prepared> {
        let machine = machine();
        let ruleset = match machine.landlock_abi {
            abi if abi >= 1 => Some(self.ruleset(ABI::from(abi.min(7))).map_err(std::io::Error::other)?),
            _ => None,
        };
        Ok(Prepared {
            ruleset,
            new_user_ns: !machine.root && machine.user_namespaces,
            new_net_ns: machine.net_namespaces,
        })
    }

    fn ruleset(&self, abi: ABI) -> Result<RulesetCreated, RulesetError> {
        let fs_all = AccessFs::from_all(abi);
        let mut ruleset = Ruleset::default().set_compatibility(CompatLevel::HardRequirement).handle_access(fs_all)?;
        if abi >= ABI::V4 {
            // Handled with no rule: every TCP bind and connect is refused.
            ruleset = ruleset.handle_access(AccessNet::BindTcp | AccessNet::ConnectTcp)?;
        }
        if abi >= ABI::V6 {
            ruleset = ruleset.scope(Scope::AbstractUnixSocket | Scope::Signal)?;
        }
        let mut created = ruleset.create()?;
        let read = AccessFs::ReadFile | AccessFs::ReadDir;
        let exec = read | AccessFs::Execute;
        let grants = [(&self.exec, exec), (&self.read, read), (&self.write, fs_all)];
        for (paths, access) in grants {
            for path in paths {
                let Ok(meta) = std::fs::metadata(path) else { continue };
                let Ok(fd) = PathFd::new(path) else { continue };
                // Rights that only make sense on folders cannot be granted on a file.
                let access = if meta.is_dir() { access } else { access & AccessFs::from_file(abi) };
                created = created.add_rule(PathBeneath::new(fd, access))?;
            }
        }
        Ok(created)
    }
}

/// A ruleset and namespace choices prepared in the parent, enforced by the child on itself.
#[derive(Debug)]
pub struct Prepared {
    ruleset: Option<RulesetCreated>,
    /// Enter a new user namespace first (unprivileged, so the network namespace is allowed).
    pub new_user_ns: bool,
    /// Enter a new network namespace (only `lo`, down).
    pub new_net_ns: bool,
}

impl Prepared {
    /// Takes the ruleset out for the child to enforce. Called between fork and exec, where it
    /// must not allocate: `restrict_self` only makes two syscalls on the prepared descriptor.
    pub fn take_ruleset(&mut self) -> Option<RulesetCreated> {
        self.ruleset.take()
    }
}

/// Enforces `ruleset` on the calling thread and its future children.
pub fn enforce(ruleset: RulesetCreated) -> Result<RestrictionStatus, RulesetError> {
    ruleset.restrict_self()
}

/// What the kernel offers, probed once.
#[derive(Debug, Clone)]
pub struct Machine {
    /// Landlock ABI version, 0 when absent.
    pub landlock_abi: i32,
    /// Unprivileged user namespaces work.
    pub user_namespaces: bool,
    /// A network namespace can be entered (as root, or inside a new user namespace).
    pub net_namespaces: bool,
    /// We run as root: throw-away uids and pids cgroups are available.
    pub root: bool,
    /// A pids cgroup can be created (root only).
    pub cgroups: bool,
}

/// The probe of this machine, run once per process.
pub fn machine() -> &'static Machine {
    static MACHINE: OnceLock<Machine> = OnceLock::new();
    MACHINE.get_or_init(|| {
        let root = sys::is_root();
        let probe =
            |flags| super::process::tracked_output(&mut sys::unshare_probe(flags)).is_ok_and(|o| o.status.success());
        let user_namespaces = !root && probe(libc::CLONE_NEWUSER | libc::CLONE_NEWNET);
        let net_namespaces = if root { probe(libc::CLONE_NEWNET) } else { user_namespaces };
        Machine {
            landlock_abi: sys::landlock_abi(),
            user_namespaces,
            net_namespaces,
            root,
            cgroups: root && super::sandbox::cgroups_available(),
        }
    })
}

/// Describes what [`machine`] gives.
pub fn containment() -> Containment {
    let m = machine();
    let mut enforced = vec!["own session and process group (no controlling terminal)".to_string()];
    let mut missing = Vec::new();
    let mut full = true;
    match m.landlock_abi {
        0 => {
            full = false;
            missing.push(
                "Landlock: a test or build can read every file the grader can (hidden tests, caches, procfs) \
                 and write outside its folder"
                    .into(),
            );
        }
        abi => {
            enforced.push(format!("Landlock ABI {abi}: filesystem allow-list (no procfs, /tmp, home or cache)"));
            if abi >= 4 {
                enforced.push("Landlock: TCP bind and connect refused".into());
            } else {
                full = false;
                missing.push("Landlock TCP rules (ABI 4): TCP is cut only by the network namespace".into());
            }
            if abi >= 6 {
                enforced.push("Landlock scoping: no signals to, or abstract sockets of, outside processes".into());
            } else {
                full = false;
                missing.push("Landlock scoping (ABI 6): a test could signal the grader".into());
            }
        }
    }
    if m.net_namespaces {
        enforced.push(if m.root {
            "network namespace (no interface up)".into()
        } else {
            "user + network namespace (no interface up)".into()
        });
    } else {
        full = false;
        missing.push("network namespace: UDP and other non-TCP traffic can leave the machine".into());
    }
    if m.root {
        enforced.push("throw-away uid per test (RLIMIT_NPROC applies)".into());
        if m.cgroups {
            enforced.push("pids cgroup per test".into());
        } else {
            missing.push("pids cgroup: descendants are found by process group and subreaper only".into());
        }
    } else {
        if m.user_namespaces {
            enforced.push("task cap inside the test's user namespace (RLIMIT_NPROC)".into());
        }
        missing
            .push("throw-away uid and pids cgroup (root only): descendants are found by session and subreaper".into());
    }
    let level = if m.landlock_abi == 0 && !m.net_namespaces {
        Level::None
    } else if full {
        Level::Full
    } else {
        Level::Partial
    };
    Containment { level, enforced, missing }
}

/// The folder tests and builds are handed: must be reachable by a confined throw-away uid.
pub fn reachable_by_others(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    dir.ancestors().all(|a| std::fs::metadata(a).map(|m| m.permissions().mode() & 0o001 != 0).unwrap_or(false))
}
