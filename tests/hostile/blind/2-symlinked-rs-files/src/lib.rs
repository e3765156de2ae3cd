//! Class 2 (compile attack): src/ contains `.rs` files that are symlinks to files outside
//! the workspace (src/canary.rs -> /root/.kata-canary, src/leak.rs -> a relative climb to
//! /root/.kata-canary, src/shadow.rs -> /etc/shadow). They are read with plain
//! include_str!("canary.rs") (a relative path inside src/, so a path check passes), and
//! `mod shadow;` makes rustc quote /etc/shadow in its diagnostics.
pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

#[cfg(any())]
mod shadow_never;

#[path = "shadow.rs"]
mod shadow;

const CANARY: &str = include_str!("canary.rs");
const LEAK: &str = include_str!("leak.rs");

pub fn add(a: u64, b: u64) -> u64 {
    panic!("{CANARY} {LEAK} {}", a.wrapping_sub(b))
}
