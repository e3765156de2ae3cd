// Must not compile against a correct solution: takes the `Second`-level lock and then the
// `First`-level lock, the order the legacy method2 used. Expected error: E0277
// (`First: LockAfter<Second>` is not satisfied).
//
// `H` is spelled out: left to inference, rustc may take `H` from the only impl of
// `LockAfter<_> for First` and report E0308 (mismatched types) instead, depending on how a
// solution writes its impls. Named explicitly, every bounded `lock` fails with E0277.
use deadlock::{First, LevelToken, OrderedMutex, Second};

pub fn wrong_order(a: &OrderedMutex<First, u64>, b: &OrderedMutex<Second, u64>) -> u64 {
    let mut root = LevelToken::root();
    let (b_guard, mut after_b) = b.lock(&mut root);
    let (a_guard, _) = a.lock::<Second>(&mut after_b);
    *a_guard + *b_guard
}

#[allow(dead_code)]
fn main() {}
