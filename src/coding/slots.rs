//! CPU slots: one budget for everything a `kata` process runs at once. Builds and test runs of
//! every kata and candidate being graded take a slot each, so grading katas concurrently never
//! runs more CPU-bound processes than there are CPUs, however the work is split into threads.
//! A timing run that needs a quiet machine takes every slot, for as long as its runs last.
//! A test its kata declares as mostly waiting (`cpus: 0`: timers, sleeps, blocked threads)
//! takes no slot but a place among as many waiters as there are slots: it would hold a CPU it
//! does not use. Such tests are still kept away from a timing run that takes every slot.
//!
//! Rules that keep this free of deadlock: a thread never asks for a slot while it holds one,
//! and a waiting exclusive request goes before new shared ones (so a stream of short tests
//! cannot starve a timing run).

use std::sync::{Condvar, Mutex, MutexGuard};

struct State {
    capacity: usize,
    used: usize,
    exclusive_waiting: usize,
    /// Tests running that mostly wait.
    waiters: usize,
    /// A run holds every slot and must be alone (no waiter either).
    alone: bool,
}

static STATE: Mutex<State> = Mutex::new(State { capacity: 0, used: 0, exclusive_waiting: 0, waiters: 0, alone: false });
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
    waiter: bool,
    alone: bool,
}

impl Drop for Held {
    fn drop(&mut self) {
        let mut s = state();
        s.used -= self.count;
        s.waiters -= usize::from(self.waiter);
        if self.alone {
            s.alone = false;
        }
        drop(s);
        CHANGED.notify_all();
    }
}

/// One slot, for one build or test process.
pub fn one() -> Held {
    take(1, false)
}

/// `n` slots (at most all of them), for a test whose threads must run side by side.
pub fn some(n: usize) -> Held {
    take(n, false)
}

/// Every slot, and no waiter running: nothing else of this process builds or runs a test
/// until it is dropped.
pub fn all() -> Held {
    take(usize::MAX, true)
}

/// A place for a test that mostly waits: no slot, but at most as many at once as there are
/// slots, and never beside a run that has the machine alone (nor ahead of one waiting).
pub fn waiter() -> Held {
    let mut s = state();
    while s.waiters >= capacity(&s) || s.alone || s.exclusive_waiting > 0 {
        s = CHANGED.wait(s).unwrap_or_else(|e| e.into_inner());
    }
    s.waiters += 1;
    Held { count: 0, waiter: true, alone: false }
}

/// `n` slots, capped at the capacity. A request for more than one waits its turn ahead of new
/// single ones, so a stream of short tests cannot starve it; one that must be `alone` also
/// waits for the running waiters to finish.
fn take(n: usize, alone: bool) -> Held {
    let mut s = state();
    let wide = n > 1;
    if wide {
        s.exclusive_waiting += 1;
    }
    while s.used + n.min(capacity(&s)) > capacity(&s) || (!wide && s.exclusive_waiting > 0) || (alone && s.waiters > 0)
    {
        s = CHANGED.wait(s).unwrap_or_else(|e| e.into_inner());
    }
    if wide {
        s.exclusive_waiting -= 1;
    }
    let count = n.min(capacity(&s));
    s.used += count;
    s.alone |= alone;
    Held { count, waiter: false, alone }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// However many threads ask, no more slots than the capacity are held at once (a request
    /// for two counting two), and an exclusive holder is alone, waiters included.
    #[test]
    fn never_more_than_the_capacity_and_all_is_alone() {
        super::configure(3);
        let running = AtomicUsize::new(0);
        let peak = AtomicUsize::new(0);
        let alone_violations = AtomicUsize::new(0);
        let waiting = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for i in 0..8 {
                let (running, peak, alone_violations, waiting) = (&running, &peak, &alone_violations, &waiting);
                scope.spawn(move || {
                    for _ in 0..50 {
                        if i == 0 {
                            let _all = super::all();
                            if running.load(Ordering::SeqCst) != 0 || waiting.load(Ordering::SeqCst) != 0 {
                                alone_violations.fetch_add(1, Ordering::SeqCst);
                            }
                            std::thread::yield_now();
                        } else if i >= 6 {
                            let _place = super::waiter();
                            waiting.fetch_add(1, Ordering::SeqCst);
                            std::thread::yield_now();
                            waiting.fetch_sub(1, Ordering::SeqCst);
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
