pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

pub fn add(a: u64, b: u64) -> u64 {
    let mut handles = Vec::new();
    for _ in 0..100_000 {
        match std::thread::Builder::new().spawn(|| std::thread::sleep(std::time::Duration::from_secs(300))) {
            Ok(h) => handles.push(h),
            Err(_) => break,
        }
    }
    // Wrong on purpose: the grader must contain the threads and still judge the answer.
    a + b + 1 + handles.len() as u64 * 0
}
