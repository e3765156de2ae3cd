pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

pub fn add(_a: u64, _b: u64) -> u64 {
    std::process::abort()
}
