//! Class 8: memory and thread exhaustion: touches 64 GiB in 256 MiB chunks (so the pages
//! are really committed) on one side, and spawns threads without bound (each parked
//! forever) on the other, until the limits stop it.
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
        let mut hoard: Vec<Vec<u8>> = Vec::new();
        for _ in 0..256 {
            let mut v = vec![0u8; 256 << 20];
            for i in (0..v.len()).step_by(4096) {
                v[i] = 1;
            }
            hoard.push(v);
        }
        std::hint::black_box(&hoard);
    });
    let mut n = 0u64;
    while std::thread::Builder::new()
        .stack_size(64 << 10)
        .spawn(|| loop {
            std::thread::park();
        })
        .is_ok()
    {
        n += 1;
        if n > 1_000_000 {
            break;
        }
    }
    a - b
}
