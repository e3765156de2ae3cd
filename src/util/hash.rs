//! A small stable hash for naming cache folders.

/// FNV-1a, enough to name cache folders.
pub struct Fnv(u64);

impl Fnv {
    pub fn new() -> Fnv {
        Fnv(0xcbf29ce484222325)
    }

    pub fn finish(&self) -> u64 {
        self.0
    }

    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x100000001b3);
        }
        // A separator, so ("ab","c") and ("a","bc") differ.
        self.0 = self.0.wrapping_mul(0x100000001b3) ^ 0xff;
    }
}
