pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

/// Correct, but leaves files behind in the system temporary folders and the home folder (one
/// name per process, so tests running side by side do not get in each other's way).
pub fn add(a: u64, b: u64) -> u64 {
    let pid = std::process::id();
    let _ = std::fs::write(format!("/tmp/kata-hostile-escape-{pid}.txt"), "I was here");
    let _ = std::fs::create_dir_all(format!("/var/tmp/kata-hostile-escape-dir-{pid}"));
    let _ = std::fs::write(format!("/root/kata-hostile-escape-{pid}.txt"), "I was here");
    a + b
}
