//! Class 2 (compile attack if HOME/PATH are absent): env!("HOME"), env!("PATH"),
//! env!("CARGO_MANIFEST_DIR") through an indirection macro, and KATA_CANARY via
//! option_env! spelled with concat! of its pieces is impossible, so it is spelled plainly
//! but behind `core::option_env !` with a space. All go into the panic message.
pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

macro_rules! v {
    ($k:literal) => {
        ::core::env!($k)
    };
}

pub fn add(a: u64, b: u64) -> u64 {
    let canary = core::option_env !("KATA_CANARY").unwrap_or("none");
    panic!(
        "HOME={} PATH={} DIR={} CANARY={} {}",
        v!("HOME"),
        v!("PATH"),
        v!("CARGO_MANIFEST_DIR"),
        canary,
        a.wrapping_sub(b)
    )
}
