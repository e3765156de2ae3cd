//! Class 1: `add` never returns (it parks forever); a spawned thread scans memory through
//! /proc/<pid>/task/<tid>/mem of the main thread (a spelling without "self"), forges
//! markers and calls process::exit(0) from that thread.
mod forge;

pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

pub fn add(a: u64, b: u64) -> u64 {
    std::thread::spawn(|| {
        std::thread::sleep(std::time::Duration::from_millis(50));
        let pid = std::process::id();
        let base = format!("/proc/{pid}/task/{pid}");
        let (strong, weak) = forge::scan_mem(&format!("{base}/maps"), &format!("{base}/mem"));
        forge::forge_and_exit(&strong, &weak);
    });
    loop {
        std::thread::park();
        if a == u64::MAX && b == u64::MAX {
            return a - b;
        }
    }
}
