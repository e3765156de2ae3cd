//! CPU slots: one budget for everything a `kata` process runs at once. Builds and test runs of
//! every kata and candidate being graded take a slot each, so grading katas concurrently never
//! runs more CPU-bound processes than there are CPUs, however the work is split into threads.
//! A timing run that needs a quiet machine takes every slot, for as long as its runs last.
//!
//! Rules that keep this free of deadlock: a thread never asks for a slot while it holds one,
//! and a waiting exclusive request goes before new shared ones (so a stream of short tests
//! cannot starve a timing run).

use std::sync::{Condvar, Mutex, MutexGuard};

struct State {
    capacity: usize,
    used: usize,
    exclusive_waiting: usize,
}

static STATE: Mutex<State> = Mutex::new(State { capacity: 0, used: 0, exclusive_waiting: 0 });
static CHANGED: Condvar = Condvar::new();

fn state() -> MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Sets the number of slots (the `--jobs` setting, by default the CPU count). Until this is
/// called, there are as many slots as CPUs.
pub fn configure(capacity: usize) {
    state().capacity = capacity.max(1);
    CHANGED.notify_all();
}

fn capacity(s: &State) -> usize {
    if s.capacity == 0 {
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    } else {
        s.capacity
    }
}

/// Slots held until dropped.
#[must_use = "the slots are released when this is dropped"]
pub struct Held {
    count: usize,
}

impl Drop for Held {
    fn drop(&mut self) {
        state().used -= self.count;
        CHANGED.notify_all();
    }
}

/// One slot, for one build or test process.
pub fn one() -> Held {
    take(1)
}

/// `n` slots (at most all of them), for a test whose threads must run side by side.
pub fn some(n: usize) -> Held {
    take(n)
}

/// Every slot: nothing else of this process builds or runs a test until it is dropped.
pub fn all() -> Held {
    take(usize::MAX)
}

/// `n` slots, capped at the capacity. A request for more than one waits its turn ahead of new
/// single ones, so a stream of short tests cannot starve it.
fn take(n: usize) -> Held {
    let mut s = state();
    let wide = n > 1;
    if wide {
        s.exclusive_waiting += 1;
    }
    while s.used + n.min(capacity(&s)) > capacity(&s) || (!wide && s.exclusive_waiting > 0) {
        s = CHANGED.wait(s).unwrap_or_else(|e| e.into_inner());
    }
    if wide {
        s.exclusive_waiting -= 1;
    }
    let count = n.min(capacity(&s));
    s.used += count;
    Held { count }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// However many threads ask, no more slots than the capacity are held at once (a request
    /// for two counting two), and an exclusive holder is alone.
    #[test]
    fn never_more_than_the_capacity_and_all_is_alone() {
        super::configure(3);
        let running = AtomicUsize::new(0);
        let peak = AtomicUsize::new(0);
        let alone_violations = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for i in 0..8 {
                let (running, peak, alone_violations) = (&running, &peak, &alone_violations);
                scope.spawn(move || {
                    for _ in 0..50 {
                        if i == 0 {
                            let _all = super::all();
                            if running.load(Ordering::SeqCst) != 0 {
                                alone_violations.fetch_add(1, Ordering::SeqCst);
                            }
                            std::thread::yield_now();
                        } else {
                            let n = if i == 1 { 2 } else { 1 };
                            let _held = super::some(n);
                            let now = running.fetch_add(n, Ordering::SeqCst) + n;
                            peak.fetch_max(now, Ordering::SeqCst);
                            std::thread::yield_now();
                            running.fetch_sub(n, Ordering::SeqCst);
                        }
                    }
                });
            }
        });
        assert!(peak.load(Ordering::SeqCst) <= 3, "peak {}", peak.load(Ordering::SeqCst));
        assert_eq!(alone_violations.load(Ordering::SeqCst), 0);
    }
}
