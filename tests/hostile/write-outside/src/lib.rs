pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

/// Correct, but leaves files behind in the system temporary folder and the home folder.
pub fn add(a: u64, b: u64) -> u64 {
    let _ = std::fs::write("/tmp/kata-hostile-escape.txt", "I was here");
    let _ = std::fs::create_dir_all("/var/tmp/kata-hostile-escape-dir");
    let _ = std::fs::write("/root/kata-hostile-escape.txt", "I was here");
    a + b
}
