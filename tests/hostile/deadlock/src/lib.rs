pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

use std::sync::Mutex;
static LOCK: Mutex<u64> = Mutex::new(0);
pub fn add(a: u64, b: u64) -> u64 {
    let _first = LOCK.lock().unwrap();
    let _second = LOCK.lock().unwrap();
    a + b
}
