//! CPU slots: one budget for everything a `kata` process runs at once. Builds and test runs of
//! every kata and candidate being graded take a slot each, so grading katas concurrently never
//! runs more CPU-bound processes than there are CPUs, however the work is split into threads.
//! A wall-clock timing run takes the slots its test needs and keeps every waiting test away
//! (see [`quiet`]); the other slots keep working, and the budget keeps them from crowding it.
//! A test its kata declares as mostly waiting (`cpus: 0`: timers, sleeps, blocked threads)
//! takes no slot but a place among as many waiters as there are slots: it would hold a CPU it
//! does not use. Such tests are still kept away from a wall-clock timing run. Single tests may
//! also take a few slots beyond the CPUs ([`TEST_OVERCOMMIT`]) while no timing run and no wide
//! test runs or waits: a test process spends much of its slot starting and waiting.
//!
//! Requests carry a [`Rank`]: a free slot goes to the highest-ranked request waiting for one.
//! Grades rank their build above their tests (a build unlocks a whole suite) and both by what
//! the kata cost last time, so the longest grade of an assessment or batch starts first
//! instead of finishing alone at the end. A grade announces its build's rank before it
//! prepares the build ([`announce`]), so the order holds from the first free slot on.
//!
//! Rules that keep this free of deadlock: a thread never asks for a slot while it holds one,
//! and a waiting request for more than one slot, or for a quiet one, goes before new single
//! tests (so a stream of short tests cannot starve it). Builds still pass a waiting wide
//! request (there are only as many as grades in flight, and each unlocks a suite), and single
//! requests use the slots a quiet run leaves free while a wide request waits for it to end.
//! A thread holding an announcement asks for no slot but its announced build's, and the
//! announcement ends with that request or when dropped (a grade that fails before building).

use std::sync::{Condvar, Mutex, MutexGuard};

/// The order in which waiting requests get a free slot: higher first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rank(pub u64);

impl Rank {
    /// A build of a grade whose kata cost `cost_ms` last time: before every test.
    pub fn build(cost_ms: u64) -> Rank {
        Rank((1 << 40) + cost_ms.min((1 << 40) - 1))
    }

    /// Whether this is a build's rank.
    pub fn is_build(self) -> bool {
        self.0 >= 1 << 40
    }

    /// A test of a grade whose kata cost `cost_ms` last time.
    pub fn test(cost_ms: u64) -> Rank {
        Rank(cost_ms.min((1 << 40) - 1))
    }
}

struct State {
    capacity: usize,
    used: usize,
    exclusive_waiting: usize,
    /// Quiet requests waiting: no new waiter starts, and once no waiter runs, no single
    /// request takes a slot ahead of them.
    quiet_waiting: usize,
    /// Tests running that mostly wait.
    waiters: usize,
    /// Runs holding slots that must have no waiter beside them.
    quiet: usize,
    /// Runs holding more than one slot (threads that must run side by side).
    wide: usize,
    /// Ranks of the single-slot requests waiting.
    ranks: Vec<Rank>,
    /// Ranks of builds announced but not yet asked for (see [`announce`]).
    announced: Vec<Rank>,
}

static STATE: Mutex<State> = Mutex::new(State {
    capacity: 0,
    used: 0,
    exclusive_waiting: 0,
    quiet_waiting: 0,
    waiters: 0,
    quiet: 0,
    wide: 0,
    ranks: Vec::new(),
    announced: Vec::new(),
});
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
    quiet: bool,
}

/// A test's process spends part of its slot starting up, loading and waiting on its own
/// threads: while no timing run, no wide run and nothing waiting for either holds the
/// machine, single tests may take one slot beyond the CPUs. Builds never do, and a timing
/// run or a wide test starts only once the count is back within the CPUs.
const TEST_OVERCOMMIT: usize = 2;

impl Drop for Held {
    fn drop(&mut self) {
        let mut s = state();
        s.used -= self.count;
        s.waiters -= usize::from(self.waiter);
        s.quiet -= usize::from(self.quiet);
        s.wide -= usize::from(self.count > 1);
        drop(s);
        CHANGED.notify_all();
    }
}

/// One slot, for one build or test process.
pub fn one(rank: Rank) -> Held {
    take(1, false, rank, false)
}

/// A build that will ask for its slot soon: until it does (or this is dropped), a free slot
/// goes to no single request of a lower rank. A grade announces its build before it assembles
/// its workspace and copies its warm target, so that the costliest build of an assessment or
/// batch starts first even when a cheaper grade is ready to build a moment earlier.
pub fn announce(rank: Rank) -> Announced {
    state().announced.push(rank);
    Announced { rank, active: true }
}

/// An announced build (see [`announce`]).
#[must_use = "the announcement ends when this is dropped"]
pub struct Announced {
    rank: Rank,
    active: bool,
}

impl Announced {
    /// The announced build's slot: it waits like any request of its rank.
    pub fn one(mut self) -> Held {
        self.active = false;
        take(1, false, self.rank, true)
    }
}

impl Drop for Announced {
    fn drop(&mut self) {
        if self.active {
            let mut s = state();
            remove_one(&mut s.announced, self.rank);
            drop(s);
            CHANGED.notify_all();
        }
    }
}

fn remove_one(ranks: &mut Vec<Rank>, rank: Rank) {
    if let Some(at) = ranks.iter().position(|r| *r == rank) {
        ranks.swap_remove(at);
    }
}

/// `n` slots (at most all of them), for a test whose threads must run side by side.
pub fn some(n: usize, rank: Rank) -> Held {
    take(n, false, rank, false)
}

/// `n` slots (at most all of them) and no waiter running beside them, for a wall-clock timing
/// run. The other slots stay in use: the budget never runs more CPU-bound processes than
/// CPUs, so the run's threads find a CPU whenever they wake, while a waiting test (which
/// takes no slot) could push the machine past that.
pub fn quiet(n: usize) -> Held {
    take(n, true, Rank::default(), false)
}

/// A place for a test that mostly waits: no slot, but at most as many at once as there are
/// slots, and never beside a quiet run (nor ahead of one waiting).
pub fn waiter() -> Held {
    let mut s = state();
    while s.waiters >= capacity(&s) || s.quiet > 0 || s.exclusive_waiting > 0 || s.quiet_waiting > 0 {
        s = CHANGED.wait(s).unwrap_or_else(|e| e.into_inner());
    }
    s.waiters += 1;
    Held { count: 0, waiter: true, quiet: false }
}

/// `n` slots, capped at the capacity. A request for more than one waits its turn ahead of new
/// single ones, so a stream of short tests cannot starve it; a quiet one also waits for the
/// running waiters to finish, and goes ahead of single ones once none runs. Among single
/// requests, the highest rank goes first, counting builds announced but not yet asked for.
/// An announced build's own request (`announced`) ends its announcement.
fn take(n: usize, quiet: bool, rank: Rank, announced: bool) -> Held {
    let mut s = state();
    if announced {
        remove_one(&mut s.announced, rank);
    }
    let wide = n > 1;
    let narrow = !wide && !quiet;
    if wide {
        s.exclusive_waiting += 1;
    }
    if quiet && !wide {
        s.quiet_waiting += 1;
    }
    if narrow {
        s.ranks.push(rank);
    }
    loop {
        let fits = s.used + n.min(capacity(&s)) <= capacity(&s);
        let calm = s.quiet == 0 && s.quiet_waiting == 0 && s.wide == 0 && s.exclusive_waiting == 0;
        let fits = fits || narrow && !rank.is_build() && calm && s.used < capacity(&s) + TEST_OVERCOMMIT;
        let ready = if narrow {
            let outranked = s.ranks.iter().chain(&s.announced).any(|r| *r > rank);
            let quiet_next = s.quiet_waiting > 0 && s.waiters == 0;
            // A wide request (a test) goes before other tests, not before builds: a build
            // unlocks a whole suite, and a slot it takes would otherwise stay idle while the
            // wide request waits for a long build to end. Nor can a wide request start beside
            // a quiet run: the slot the quiet run leaves free is used meanwhile.
            let wide_next = s.exclusive_waiting > 0 && s.quiet == 0 && !rank.is_build();
            fits && !wide_next && !quiet_next && !outranked
        } else {
            fits && !(quiet && s.waiters > 0)
        };
        if ready {
            break;
        }
        s = CHANGED.wait(s).unwrap_or_else(|e| e.into_inner());
    }
    if wide {
        s.exclusive_waiting -= 1;
    }
    if quiet && !wide {
        s.quiet_waiting -= 1;
    }
    if narrow {
        let at = s.ranks.iter().position(|r| *r == rank).expect("own rank registered");
        s.ranks.swap_remove(at);
    }
    let count = n.min(capacity(&s));
    s.used += count;
    s.quiet += usize::from(quiet);
    s.wide += usize::from(count > 1);
    drop(s);
    // A request that was outranked may be next now.
    CHANGED.notify_all();
    Held { count, waiter: false, quiet }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::Rank;

    /// However many threads ask, no more slots than the capacity are held at once (a request
    /// for two counting two) but for single tests' overcommit, and a quiet or wide holder has
    /// no waiter and no overcommit beside it. Then, on one slot,
    /// a free slot goes to the highest rank waiting or announced. (One test: the budget is
    /// process-wide.)
    #[test]
    fn never_more_than_the_capacity_quiet_has_no_waiter_and_rank_goes_first() {
        super::configure(3);
        let running = AtomicUsize::new(0);
        let peak = AtomicUsize::new(0);
        let quiet_violations = AtomicUsize::new(0);
        let waiting = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for i in 0..8 {
                let (running, peak, quiet_violations, waiting) = (&running, &peak, &quiet_violations, &waiting);
                scope.spawn(move || {
                    for round in 0..50 {
                        if i == 0 {
                            let n = 1 + round % 2;
                            let _quiet = super::quiet(n);
                            let now = running.fetch_add(n, Ordering::SeqCst) + n;
                            peak.fetch_max(now, Ordering::SeqCst);
                            // Beside a timing run, nothing waits and nothing overcommits.
                            if waiting.load(Ordering::SeqCst) != 0 || now > 3 {
                                quiet_violations.fetch_add(1, Ordering::SeqCst);
                            }
                            std::thread::yield_now();
                            running.fetch_sub(n, Ordering::SeqCst);
                        } else if i >= 6 {
                            let _place = super::waiter();
                            waiting.fetch_add(1, Ordering::SeqCst);
                            std::thread::yield_now();
                            waiting.fetch_sub(1, Ordering::SeqCst);
                        } else {
                            let n = if i == 1 { 2 } else { 1 };
                            let _held = super::some(n, Rank(i as u64 % 3));
                            let now = running.fetch_add(n, Ordering::SeqCst) + n;
                            peak.fetch_max(now, Ordering::SeqCst);
                            // Beside a wide test, nothing overcommits either.
                            if n > 1 && now > 3 {
                                quiet_violations.fetch_add(1, Ordering::SeqCst);
                            }
                            std::thread::yield_now();
                            running.fetch_sub(n, Ordering::SeqCst);
                        }
                    }
                });
            }
        });
        // Single tests may take one slot beyond the capacity (`TEST_OVERCOMMIT`), never more.
        assert!(peak.load(Ordering::SeqCst) <= 3 + super::TEST_OVERCOMMIT, "peak {}", peak.load(Ordering::SeqCst));
        assert_eq!(quiet_violations.load(Ordering::SeqCst), 0);

        // Two slots: one held quiet throughout (no test overcommits beside a timing run), the
        // other the one the requests compete for.
        super::configure(2);
        let quiet = super::quiet(1);
        let order = std::sync::Mutex::new(Vec::new());
        let queued = |n: Rank| {
            // This request's own rank: other tests of the process may have requests queued.
            while !super::state().ranks.contains(&n) {
                std::thread::yield_now();
            }
        };
        let held = super::one(Rank::default());
        std::thread::scope(|scope| {
            let order = &order;
            scope.spawn(move || {
                let _slot = super::one(Rank::test(10));
                order.lock().unwrap().push("test");
            });
            queued(Rank::test(10));
            scope.spawn(move || {
                let _slot = super::one(Rank::build(0));
                order.lock().unwrap().push("build");
            });
            queued(Rank::build(0));
            drop(held);
        });
        assert_eq!(*order.lock().unwrap(), ["build", "test"]);
        drop(quiet);
        super::configure(1);

        // A free slot waits for an announced build of a higher rank, not for a lower one.
        let order = std::sync::Mutex::new(Vec::new());
        let announced = super::announce(Rank::build(5));
        let lower = super::announce(Rank::test(0));
        std::thread::scope(|scope| {
            let order = &order;
            scope.spawn(move || {
                let _slot = super::one(Rank::build(1));
                order.lock().unwrap().push("cheaper");
            });
            // Waiting, or (were announcements ignored) done already.
            while super::state().ranks.is_empty() && order.lock().unwrap().is_empty() {
                std::thread::yield_now();
            }
            let _slot = announced.one();
            order.lock().unwrap().push("announced");
        });
        drop(lower);
        assert_eq!(*order.lock().unwrap(), ["announced", "cheaper"]);
        assert!(super::state().announced.is_empty());
    }
}
