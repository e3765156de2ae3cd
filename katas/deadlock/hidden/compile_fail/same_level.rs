// Must not compile against a correct solution: nests two locks of the same level. Two
// threads doing this with the mutexes swapped deadlock just like method1 and method2.
// Expected error: E0277 (`Second: LockAfter<Second>` is not satisfied). `H` is spelled out
// for the reason given in wrong_order.rs.
use deadlock::{LevelToken, OrderedMutex, Second};

pub fn nested_same_level(x: &OrderedMutex<Second, u64>, y: &OrderedMutex<Second, u64>) -> u64 {
    let mut root = LevelToken::root();
    let (x_guard, mut after_x) = x.lock(&mut root);
    let (y_guard, _) = y.lock::<Second>(&mut after_x);
    *x_guard + *y_guard
}

#[allow(dead_code)]
fn main() {}
