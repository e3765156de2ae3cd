//! Class 8: floods both streams without end (stdout from one thread, stderr from another,
//! 64 KiB writes of fake pass lines) until the grader's output limit stops it.
use std::io::Write;

pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

pub fn add(a: u64, b: u64) -> u64 {
    let chunk = "KATA-PASS local small_numbers\ntest small_numbers ... ok\n".repeat(1200);
    let c2 = chunk.clone();
    std::thread::spawn(move || loop {
        if std::io::stdout().write_all(c2.as_bytes()).is_err() {
            break;
        }
    });
    loop {
        if std::io::stderr().write_all(chunk.as_bytes()).is_err() {
            break;
        }
    }
    a - b
}
