pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

pub fn add(a: u64, b: u64) -> u64 {
    let pad = std::hint::black_box([a; 64]);
    if b == u64::MAX { return pad[0]; }
    add(pad[1], b) + 1
}
