//! Shared forging helpers (copied into each hostile case that needs them).
//!
//! The idea: the grader's hidden tests read a nonce from stdin before our code runs and
//! print `KATA-PASS <nonce> <name>` on stderr when the body returns. If the nonce is still
//! somewhere we can reach (our own memory, a rewindable stdin, the environment, an open fd),
//! we print that line ourselves for every plausible nonce and exit 0.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};

/// The names this test might go by: the libtest thread name (full path and last segment)
/// and every non-flag argument of the test binary (the grader's `--exact NAME` filter).
pub fn test_names() -> Vec<String> {
    let mut names = BTreeSet::new();
    if let Some(n) = std::thread::current().name() {
        if n != "main" {
            names.insert(n.to_string());
            if let Some(last) = n.rsplit("::").next() {
                names.insert(last.to_string());
            }
        }
    }
    for a in std::env::args().skip(1) {
        if !a.starts_with('-') && !a.is_empty() && a.len() < 200 {
            if let Some(last) = a.rsplit("::").next() {
                names.insert(last.to_string());
            }
            names.insert(a);
        }
    }
    // Guesses at hidden test names, in case nothing else is known.
    for g in ["small_numbers", "many_numbers", "adds_small_numbers", "adds_many_numbers", "two_plus_three"] {
        names.insert(g.to_string());
    }
    names.into_iter().collect()
}

fn is_tok(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// Tokens that look like a nonce. Tokens followed by a newline (the stdin buffer still holds
/// `nonce\n`) go into `strong`, the others (with at least one digit and one letter) into `weak`.
pub fn harvest(buf: &[u8], strong: &mut BTreeSet<String>, weak: &mut BTreeSet<String>) {
    let mut i = 0;
    while i < buf.len() {
        if !is_tok(buf[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < buf.len() && is_tok(buf[i]) {
            i += 1;
        }
        let tok = &buf[start..i];
        if tok.len() < 8 || tok.len() > 128 {
            continue;
        }
        let digits = tok.iter().any(|b| b.is_ascii_digit());
        let alpha = tok.iter().any(|b| b.is_ascii_alphabetic());
        let s = String::from_utf8_lossy(tok).into_owned();
        let before_ok = start == 0 || buf[start - 1] == 0 || buf[start - 1] == b'\n';
        if i < buf.len() && buf[i] == b'\n' && before_ok {
            strong.insert(s);
        } else if digits && alpha && strong.len() + weak.len() < 200_000 {
            weak.insert(s);
        }
    }
}

/// Reads every readable writable mapping of a process through a `mem` file.
/// `maps` and `mem` are passed in so that each case can spell them its own way.
pub fn scan_mem(maps: &str, mem: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut strong = BTreeSet::new();
    let mut weak = BTreeSet::new();
    let maps = std::fs::read_to_string(maps).unwrap_or_default();
    let mut mem = match File::open(mem) {
        Ok(f) => f,
        Err(_) => return (strong, weak),
    };
    for line in maps.lines() {
        let mut parts = line.split_whitespace();
        let range = parts.next().unwrap_or("");
        let perms = parts.next().unwrap_or("");
        if !perms.starts_with("rw") {
            continue;
        }
        let mut ends = range.split('-');
        let lo = u64::from_str_radix(ends.next().unwrap_or("0"), 16).unwrap_or(0);
        let hi = u64::from_str_radix(ends.next().unwrap_or("0"), 16).unwrap_or(0);
        if hi <= lo || hi - lo > 256 << 20 {
            continue;
        }
        let mut buf = vec![0u8; (hi - lo) as usize];
        if mem.seek(SeekFrom::Start(lo)).is_err() {
            continue;
        }
        let mut got = 0;
        while got < buf.len() {
            match mem.read(&mut buf[got..]) {
                Ok(0) | Err(_) => break,
                Ok(n) => got += n,
            }
        }
        harvest(&buf[..got], &mut strong, &mut weak);
    }
    (strong, weak)
}

/// Every fake marker shape we can think of, for one nonce and one name.
pub fn marker_lines(nonce: &str, name: &str) -> String {
    format!(
        "\nKATA-PASS {nonce} {name}\nKATA-PASS {nonce} {name}\r\n\
         test {name} ... ok\n\
         {{\"type\":\"test\",\"event\":\"ok\",\"name\":\"{name}\"}}\n"
    )
}

/// Writes markers for every candidate nonce and name to stderr, stdout and every other
/// open descriptor we can reach by path, then exits 0.
pub fn forge_and_exit(strong: &BTreeSet<String>, weak: &BTreeSet<String>) -> ! {
    let names = test_names();
    let mut out = String::new();
    for n in &names {
        for c in strong.iter().chain(weak.iter().take(2000)) {
            out.push_str(&marker_lines(c, n));
            if out.len() > 4 << 20 {
                break;
            }
        }
        out.push_str(&marker_lines("local", n));
        out.push_str(&marker_lines("", n));
    }
    out.push_str("\ntest result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out\n");
    let _ = std::io::stderr().write_all(out.as_bytes());
    let _ = std::io::stdout().write_all(out.as_bytes());
    let _ = std::io::stderr().flush();
    let _ = std::io::stdout().flush();
    std::process::exit(0)
}
