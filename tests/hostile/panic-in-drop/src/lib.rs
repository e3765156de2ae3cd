pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

struct Bomb;
impl Drop for Bomb {
    fn drop(&mut self) {
        panic!("panic in drop while unwinding");
    }
}
pub fn add(a: u64, b: u64) -> u64 {
    let _bomb = Bomb;
    if a + b > 0 { panic!("first panic"); }
    0
}
