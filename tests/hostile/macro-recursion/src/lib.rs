pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

macro_rules! forever {
    ($($t:tt)*) => { forever!($($t)* $($t)*) };
}

pub fn add(a: u64, b: u64) -> u64 {
    forever!(x);
    a + b
}
