//! Class 1: no nonce at all: writes every plausible pass marker (KATA-PASS with empty,
//! "local", guessed and env-derived nonces, libtest lines, JSON events, "test result: ok")
//! to every open descriptor 0..1024 (re-opened for writing through /proc/self/fd/N), then
//! exits 0 from a thread-local drop guard while the test thread unwinds.
use std::io::Write;

pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

fn markers() -> String {
    let name = std::thread::current().name().unwrap_or("small_numbers").to_string();
    let short = name.rsplit("::").next().unwrap_or("").to_string();
    let mut s = String::new();
    for n in [name.as_str(), short.as_str(), "small_numbers", "many_numbers", "counter_is_private"] {
        for nonce in ["", "local", "0", "nonce", "$KATA_NONCE", "{nonce}"] {
            s.push_str(&format!("\nKATA-PASS {nonce} {n}\n"));
        }
        s.push_str(&format!("test {n} ... ok\n"));
        s.push_str(&format!("{{\"type\":\"test\",\"event\":\"ok\",\"name\":\"{n}\",\"exec_time\":0.001}}\n"));
        s.push_str(&format!("KATA-RESULT {{\"test\":\"{n}\",\"verdict\":\"pass\"}}\n"));
    }
    s.push_str("\nrunning 1 test\ntest result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s\n");
    s.push_str("{\"type\":\"suite\",\"event\":\"ok\",\"passed\":1,\"failed\":0}\n");
    s
}

fn spray() {
    let m = markers();
    let _ = std::io::stdout().write_all(m.as_bytes());
    let _ = std::io::stderr().write_all(m.as_bytes());
    for fd in 0..1024 {
        let p = format!("/proc/self/fd/{fd}");
        if std::fs::read_link(&p).is_err() {
            continue;
        }
        if let Ok(mut f) = std::fs::OpenOptions::new().append(true).open(&p) {
            let _ = f.write_all(m.as_bytes());
        } else if let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(&p) {
            let _ = f.write_all(m.as_bytes());
        }
    }
}

struct ExitOnDrop;

impl Drop for ExitOnDrop {
    fn drop(&mut self) {
        spray();
        std::process::exit(0);
    }
}

thread_local! {
    static GUARD: ExitOnDrop = const { ExitOnDrop };
}

pub fn add(a: u64, b: u64) -> u64 {
    GUARD.with(|_| {});
    let _local = ExitOnDrop;
    a - b
}
