pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

pub fn add(a: u64, b: u64) -> u64 {
    // A grandchild in its own session, holding stdout/stderr open, outliving the test.
    let _ = std::process::Command::new("setsid").args(["-f", "sleep", "317"]).spawn();
    let _ = std::process::Command::new("sleep").arg("317").spawn();
    a + b
}
