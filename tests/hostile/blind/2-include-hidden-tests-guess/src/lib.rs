//! Class 2 (compile attack): includes a guessed hidden test file relative to the crate
//! (../tests/hidden.rs) and the target dir's build output, hoping the grader copied the
//! hidden suite into the workspace before building; the doc attribute form keeps it
//! out of any `include_str!(` text match. Contents go into the panic message.
#![doc = include_str!("../tests/hidden.rs")]

pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

const HIDDEN: &str = include_str!(concat!("..", "/tests/", "hidden", ".rs"));

pub fn add(a: u64, b: u64) -> u64 {
    panic!("{HIDDEN} {}", a - b)
}
