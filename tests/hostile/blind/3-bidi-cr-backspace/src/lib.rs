//! Class 3: message text that reads differently than it is: carriage returns and
//! backspaces overwriting "FAILED" with "passed", U+202E/U+2066 bidi overrides that
//! reverse "LIAF" into view, zero-width spaces/joiners inside "KATA-PASS", U+2028/U+2029
//! line separators, a NUL byte and invalid UTF-8 on stderr, and U+FEFF.
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
    let msg = format!(
        "assertion FAILED\r                 \rtest passed ok\n         FAIL\x08\x08\x08\x08PASS\n         \u{202E}LIAF\u{202C} result: \u{2066}\u{202E}deliaf 0 ;dessap 3\u{202C}\u{2069}\n         KATA\u{200B}-PASS\u{200D} local small_numbers\u{FEFF}\n         score\u{2028}100/100\u{2029}verdict: pass\n         \u{0}\u{7}\u{1b}[0m{}",
        a.wrapping_sub(b)
    );
    let mut e = std::io::stderr();
    let _ = e.write_all(b"\xff\xfe\xc3(\xed\xa0\x80 invalid utf-8 \x00\n");
    let _ = e.write_all(msg.as_bytes());
    panic!("{msg}")
}
