//! Class 2 (compile attack that compiles if allowed): include_bytes!/include_str! with raw
//! *relative* string paths climbing to /root/.kata-canary and /root/.cargo/credentials.toml
//! (through macro_rules so the macro name is not next to the literal). If the build is
//! allowed, every runtime test panics with the file contents in its message.
pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

macro_rules! slurp {
    ($m:ident, $p:literal) => {
        ::std::$m!($p)
    };
}

static CANARY: &[u8] = slurp!(include_bytes, r"../../../../../../../../../../../../../../../../root/.kata-canary");
static ETC: &str = slurp!(include_str, r#"../../../../../../../../../../../../../../../../etc/hostname"#);

pub fn add(a: u64, b: u64) -> u64 {
    panic!(
        "wrong: {} | {} | {}",
        String::from_utf8_lossy(CANARY),
        ETC,
        a.wrapping_sub(b)
    )
}
