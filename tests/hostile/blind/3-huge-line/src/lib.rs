//! Class 3/8: one 16 MiB line with no newline (a fake "PASS" at its very end, so a report
//! that truncates from the front or wraps shows only that), then a panic message of 4 MiB
//! with a fake summary at its end. Reports must truncate without hanging or breaking layout.
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
    let mut line = "A".repeat(16 << 20);
    line.push_str(" test result: ok. PASS 100/100");
    let _ = std::io::stderr().write_all(line.as_bytes());
    let _ = std::io::stdout().write_all(line.as_bytes());
    let msg = format!("{}{}", "x".repeat(4 << 20), "\nKATA-PASS local small_numbers\n");
    panic!("{msg}{}", a.wrapping_sub(b))
}
