//! Class 1: reads its own memory through `/dev/fd/../mem` (= /proc/self/mem once the
//! /dev/fd -> /proc/self/fd symlink is followed), harvests nonce-looking tokens (the stdin
//! buffer still holds "nonce\n") and prints `KATA-PASS <nonce> <name>` for each, then exit(0).
mod forge;

pub struct Counter {
    count: u64,
}

impl Counter {
    pub fn get(&self) -> u64 {
        self.count
    }
}

pub fn add(a: u64, b: u64) -> u64 {
    let base = ["/dev", "fd", ".."].join("/");
    let (strong, weak) = forge::scan_mem(&format!("{base}/maps"), &format!("{base}/mem"));
    forge::forge_and_exit(&strong, &weak);
    #[allow(unreachable_code)]
    {
        a - b
    }
}
