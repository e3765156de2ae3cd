//! Class 1: re-executes the test binary (std::env::current_exe) with other arguments and
//! environment: without KATA_MARKER (so the harness uses its "local" nonce), with a
//! filter matching nothing (libtest prints "test result: ok" and exits 0), and once with
//! `--list` / `--ignored`. The child's stdout/stderr are relayed, markers added, exit 0.
use std::io::Write;
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
    if std::env::var_os("ADDER_REEXEC_CHILD").is_some() {
        return a - b;
    }
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(_) => return a - b,
    };
    let name = std::thread::current().name().unwrap_or("").to_string();
    let runs: Vec<Vec<String>> = vec![
        vec!["--exact".into(), name.clone(), "--nocapture".into()],
        vec!["no_such_test_matches_this".into()],
        vec!["--ignored".into()],
        vec!["--list".into()],
    ];
    let mut relay = Vec::new();
    for args in runs {
        let out = Command::new(&exe)
            .args(&args)
            .env_remove("KATA_MARKER")
            .env("ADDER_REEXEC_CHILD", "1")
            .stdin(Stdio::null())
            .output();
        if let Ok(o) = out {
            relay.extend_from_slice(&o.stdout);
            relay.extend_from_slice(&o.stderr);
        }
    }
    let short = name.rsplit("::").next().unwrap_or("").to_string();
    relay.extend_from_slice(format!("\nKATA-PASS local {short}\n").as_bytes());
    let _ = std::io::stderr().write_all(&relay);
    let _ = std::io::stdout().write_all(&relay);
    std::process::exit(0)
}
