pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

/// A compile that would never end without rustc's own limits.
const fn spin() -> u64 {
    let mut i: u64 = 0;
    loop {
        i = i.wrapping_add(1);
        if i == 0 { return i; }
    }
}
pub const NEVER: u64 = spin();

pub fn add(a: u64, b: u64) -> u64 {
    a + b + NEVER
}
