//! Class 8: the test fails at once, but leaves grandchildren holding the test's stdout and
//! stderr pipes open (`sleep 3600` in its own process group and a setsid'd one), so a
//! grader that waits for EOF on the pipes hangs instead of reporting.
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
    let _ = Command::new("sleep")
        .arg("3600")
        .stdin(Stdio::null())
        .stdout(Stdio::inherit())
        .stderr(Stdio::inherit())
        .process_group(0)
        .spawn()
        .map(std::mem::forget);
    let _ = Command::new("setsid")
        .args(["sh", "-c", "exec sleep 3600"])
        .stdout(Stdio::inherit())
        .stderr(Stdio::inherit())
        .spawn()
        .map(std::mem::forget);
    a - b
}
