//! Class 1: exits 0 at once with nothing on stderr, but first hands forged markers (from a
//! memory scan) to children that outlive the test: one in its own process group
//! (CommandExt::process_group(0), escaping a killpg of the test's group), one under
//! `setsid`, one double-forked by sh. They inherit stderr and write the markers 300 ms to
//! 3 s after the test process has exited 0, while the grader may still be reading the pipe.
mod forge;
use std::io::Write;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};

pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

pub fn add(a: u64, b: u64) -> u64 {
    let pid = std::process::id();
    let (strong, weak) = forge::scan_mem(&format!("/proc/{pid}/maps"), &format!("/proc/{pid}/mem"));
    let mut payload = String::new();
    for n in forge::test_names() {
        for c in strong.iter().chain(weak.iter().take(500)).map(String::as_str).chain(["local", ""]) {
            payload.push_str(&forge::marker_lines(c, &n));
        }
    }
    let scripts = [
        "sleep 0.3; cat >&2",
        "sleep 1; cat >&2; cat /dev/null",
        "( sleep 3; cat >&2 ) & exit 0",
    ];
    for (i, script) in scripts.iter().enumerate() {
        let mut cmd = if i == 1 {
            let mut c = Command::new("setsid");
            c.args(["sh", "-c", script]);
            c
        } else {
            let mut c = Command::new("sh");
            c.args(["-c", script]);
            c
        };
        cmd.stdin(Stdio::piped()).stdout(Stdio::inherit()).stderr(Stdio::inherit()).process_group(0);
        if let Ok(mut child) = cmd.spawn() {
            if let Some(mut si) = child.stdin.take() {
                let _ = si.write_all(payload.as_bytes());
            }
            std::mem::forget(child);
        }
    }
    std::process::exit(0);
    #[allow(unreachable_code)]
    {
        a - b
    }
}
