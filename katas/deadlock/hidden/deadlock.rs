//! Hidden suite of the deadlock kata. A deadlocked test hangs; the grader's per-test timeout
//! turns that into `timed_out`.

#[macro_use]
extern crate kata_harness;

use deadlock::{Bank, First, LevelToken, OrderedMutex, Resources, Second, TransferError};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
use std::sync::Barrier;
use std::thread;
use std::time::{Duration, Instant};

/// One worker of [`run_overlapping`]: a round to repeat, and how many rounds it must do.
struct Worker<'a> {
    min_rounds: usize,
    round: Box<dyn FnMut() + Send + 'a>,
}

fn worker<'a>(min_rounds: usize, round: impl FnMut() + Send + 'a) -> Worker<'a> {
    Worker { min_rounds, round: Box::new(round) }
}

/// Sets the flag when its thread unwinds, so the other workers stop instead of spinning.
struct StopOnPanic<'a>(&'a AtomicBool);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if thread::panicking() {
            self.0.store(true, SeqCst);
        }
    }
}

/// Runs every worker on its own thread, all starting together, and keeps each one going
/// until *every* worker has done its minimum and `min_time` has passed, so the workloads
/// always overlap, however the threads get scheduled (on one busy core, a race or a deadlock
/// needs a preemption at the wrong moment, and the time floor guarantees there are many).
/// Returns the number of rounds each worker did; a panic in a worker stops the others and
/// is re-raised here.
fn run_overlapping(min_time: Duration, workers: Vec<Worker<'_>>) -> Vec<usize> {
    let below_minimum = AtomicUsize::new(workers.len());
    let stop = AtomicBool::new(false);
    let start = Barrier::new(workers.len());
    thread::scope(|s| {
        let handles: Vec<_> = workers
            .into_iter()
            .map(|mut w| {
                let (below_minimum, stop, start) = (&below_minimum, &stop, &start);
                s.spawn(move || {
                    let _stop_on_panic = StopOnPanic(stop);
                    start.wait();
                    let started = Instant::now();
                    let mut rounds = 0usize;
                    loop {
                        (w.round)();
                        rounds += 1;
                        if rounds == w.min_rounds {
                            below_minimum.fetch_sub(1, SeqCst);
                        }
                        if stop.load(SeqCst)
                            || (rounds >= w.min_rounds
                                && below_minimum.load(SeqCst) == 0
                                && started.elapsed() >= min_time)
                        {
                            return rounds;
                        }
                    }
                })
            })
            .collect();
        let results: Vec<_> = handles.into_iter().map(|h| h.join()).collect();
        results
            .into_iter()
            .map(|r| r.unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    })
}

/// A small deterministic generator (xorshift64*), one per worker.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 32) % n
    }
}

fn balances(bank: &Bank, n: usize) -> Vec<u64> {
    (0..n).map(|id| bank.balance(id)).collect()
}

/// How long each concurrent workload runs at least.
const BUSY: Duration = Duration::from_millis(150);

/// Large enough that no test workload can run an account dry.
const PLENTY: u64 = 1 << 40;

// ---------------------------------------------------------------- single-threaded behaviour

kata_test! {
    fn transfer_moves_money() {
        let bank = Bank::new(3, 100);
        assert_eq!(bank.transfer(0, 2, 30), Ok(()));
        assert_eq!(balances(&bank, 3), vec![70, 100, 130], "after transfer(0, 2, 30)");
        assert_eq!(bank.transfer(2, 1, 55), Ok(()));
        assert_eq!(balances(&bank, 3), vec![70, 155, 75], "after transfer(2, 1, 55)");
        assert_eq!(bank.transfer(1, 0, 155), Ok(()), "moving a whole balance is allowed");
        assert_eq!(balances(&bank, 3), vec![225, 0, 75], "after transfer(1, 0, 155)");
        assert_eq!(bank.transfer(2, 0, 0), Ok(()), "a zero amount is a valid transfer");
        assert_eq!(balances(&bank, 3), vec![225, 0, 75], "after transfer(2, 0, 0)");
        assert_eq!(bank.total(), 300);
    }
}

kata_test! {
    fn insufficient_funds_leaves_balances_untouched() {
        let bank = Bank::new(3, 50);
        assert_eq!(bank.transfer(0, 2, 51), Err(TransferError::InsufficientFunds));
        assert_eq!(bank.transfer(2, 0, 51), Err(TransferError::InsufficientFunds));
        assert_eq!(bank.transfer(1, 0, u64::MAX), Err(TransferError::InsufficientFunds));
        assert_eq!(balances(&bank, 3), vec![50, 50, 50], "a refused transfer changed balances");
        assert_eq!(bank.transfer(2, 0, 50), Ok(()));
        assert_eq!(bank.transfer(2, 1, 1), Err(TransferError::InsufficientFunds));
        assert_eq!(bank.transfer(0, 1, 101), Err(TransferError::InsufficientFunds));
        assert_eq!(balances(&bank, 3), vec![100, 50, 0], "a refused transfer changed balances");
        assert_eq!(bank.transfer(0, 1, 100), Ok(()));
        assert_eq!(balances(&bank, 3), vec![0, 150, 0]);
        assert_eq!(bank.total(), 150);
    }
}

kata_test! {
    fn same_account_is_rejected() {
        let bank = Bank::new(3, 100);
        assert_eq!(bank.transfer(1, 1, 10), Err(TransferError::SameAccount));
        assert_eq!(
            bank.transfer(2, 2, 1_000),
            Err(TransferError::SameAccount),
            "SameAccount is checked before InsufficientFunds"
        );
        assert_eq!(balances(&bank, 3), vec![100, 100, 100]);
        // The bank still works afterwards (no account was left locked).
        assert_eq!(bank.transfer(1, 2, 10), Ok(()));
        assert_eq!(balances(&bank, 3), vec![100, 90, 110]);
    }
}

kata_test! {
    fn unknown_account_is_rejected() {
        let bank = Bank::new(3, 100);
        assert_eq!(bank.transfer(3, 0, 10), Err(TransferError::NoSuchAccount), "bad `from`");
        assert_eq!(bank.transfer(0, 3, 10), Err(TransferError::NoSuchAccount), "bad `to`");
        assert_eq!(bank.transfer(1, usize::MAX, 10), Err(TransferError::NoSuchAccount));
        assert_eq!(
            bank.transfer(7, 7, 10),
            Err(TransferError::NoSuchAccount),
            "NoSuchAccount is checked before SameAccount"
        );
        assert_eq!(
            bank.transfer(0, 9, 1_000),
            Err(TransferError::NoSuchAccount),
            "NoSuchAccount is checked before InsufficientFunds"
        );
        assert_eq!(balances(&bank, 3), vec![100, 100, 100]);
        assert_eq!(bank.transfer(0, 2, 10), Ok(()), "the bank still works afterwards");
        assert_eq!(balances(&bank, 3), vec![90, 100, 110]);
    }
}

// ---------------------------------------------------------------- concurrent transfers

kata_test! {
    fn opposite_transfers_complete() {
        let bank = Bank::new(2, PLENTY);
        let rounds = run_overlapping(BUSY, vec![
            worker(20_000, || bank.transfer(0, 1, 1).unwrap()),
            worker(20_000, || bank.transfer(1, 0, 1).unwrap()),
        ]);
        let (there, back) = (rounds[0] as u64, rounds[1] as u64);
        assert_eq!(bank.balance(0), PLENTY - there + back, "account 0");
        assert_eq!(bank.balance(1), PLENTY + there - back, "account 1");
    }
}

kata_test! {
    fn random_transfers_conserve_money() {
        // Small balances: many transfers are refused, and those must change nothing either.
        let bank = Bank::new(5, 100);
        let make = |seed: u64| {
            let bank = &bank;
            let mut rng = Rng(seed);
            worker(10_000, move || {
                let from = rng.below(5) as usize;
                let to = (from + 1 + rng.below(4) as usize) % 5;
                let amount = 1 + rng.below(60);
                match bank.transfer(from, to, amount) {
                    Ok(()) | Err(TransferError::InsufficientFunds) => {}
                    Err(other) => panic!("transfer({from}, {to}, {amount}) failed: {other:?}"),
                }
            })
        };
        run_overlapping(BUSY, vec![make(0x9E37_79B9_7F4A_7C15), make(0xD1B5_4A32_D192_ED03), make(7)]);
        let end = balances(&bank, 5);
        assert_eq!(end.iter().sum::<u64>(), 500, "money was created or destroyed: {end:?}");
        assert_eq!(bank.total(), 500);
    }
}

kata_test! {
    fn concurrent_transfers_lose_no_updates() {
        // Three threads pay into account 0, which every transfer contends for.
        let bank = Bank::new(4, PLENTY);
        let rounds = run_overlapping(
            BUSY,
            (1..4).map(|k| worker(20_000, { let bank = &bank; move || bank.transfer(k, 0, 1).unwrap() })).collect(),
        );
        let paid: Vec<u64> = rounds.iter().map(|&r| r as u64).collect();
        let expected = vec![
            PLENTY + paid.iter().sum::<u64>(),
            PLENTY - paid[0],
            PLENTY - paid[1],
            PLENTY - paid[2],
        ];
        assert_eq!(balances(&bank, 4), expected, "rounds per payer: {paid:?}");
    }
}

// ---------------------------------------------------------------- the audit

kata_test! {
    fn audit_during_transfers_completes() {
        // Many accounts make each audit sweep long, so transfers keep landing in the middle
        // of one. Only liveness and the final total are checked here.
        const N: usize = 1_000;
        let bank = Bank::new(N, 1_000);
        let make = |seed: u64| {
            let bank = &bank;
            let mut rng = Rng(seed);
            worker(2_000, move || {
                let from = rng.below(N as u64) as usize;
                let to = (from + 1 + rng.below(N as u64 - 1) as usize) % N;
                let _ = bank.transfer(from, to, 1 + rng.below(20));
            })
        };
        run_overlapping(BUSY, vec![
            make(0x2545_F491_4F6C_DD1D),
            make(0x1234_5678_9ABC_DEF1),
            worker(200, || {
                bank.total();
            }),
        ]);
        assert_eq!(bank.total(), 1_000 * N as u64, "money was created or destroyed");
    }
}

kata_test! {
    fn audit_sees_consistent_snapshot() {
        // Money flows from the upper half of the accounts to the lower half. An audit that
        // reads accounts one at a time can count a payment's source after it paid and its
        // destination before it arrived.
        const N: usize = 1_000;
        let bank = Bank::new(N, 1_000);
        let make = |seed: u64| {
            let bank = &bank;
            let mut rng = Rng(seed);
            worker(2_000, move || {
                let from = N / 2 + rng.below(N as u64 / 2) as usize;
                let to = rng.below(N as u64 / 2) as usize;
                let _ = bank.transfer(from, to, 1);
            })
        };
        let audits = worker(200, || {
            let total = bank.total();
            assert_eq!(total, 1_000 * N as u64, "an audit saw money in flight (or none at all)");
        });
        run_overlapping(BUSY, vec![make(0xA076_1D64_78BD_642F), make(0xE703_7ED1_A0B4_28DB), audits]);
    }
}

// ---------------------------------------------------------------- method1 / method2

kata_test! {
    fn seed_methods_fifty_runs() {
        // The original reproduction: method1 and method2 side by side, 50 times over.
        for run in 0..50 {
            let resources = Resources::new(100, 100);
            run_overlapping(Duration::ZERO, vec![
                worker(200, || { resources.method1(); }),
                worker(200, || { resources.method2(); }),
            ]);
            let (a, b) = resources.snapshot();
            assert_eq!(a + b, 200, "run {run}: units were created or lost: a={a} b={b}");
        }
    }
}

kata_test! {
    fn snapshot_during_methods_completes() {
        let resources = Resources::new(50, 50);
        run_overlapping(BUSY, vec![
            worker(3_000, || { resources.method1(); }),
            worker(3_000, || { resources.method2(); }),
            worker(3_000, || {
                let (a, b) = resources.snapshot();
                assert_eq!(a + b, 100, "snapshot saw a={a} b={b}");
            }),
        ]);
    }
}

kata_test! {
    fn resource_methods_move_units() {
        let resources = Resources::new(2, 0);
        assert!(!resources.method2(), "method2 with b empty must refuse");
        assert_eq!(resources.snapshot(), (2, 0));
        assert!(resources.method1());
        assert_eq!(resources.snapshot(), (1, 1), "method1 moves one unit from a to b");
        assert!(resources.method1());
        assert!(!resources.method1(), "method1 with a empty must refuse");
        assert_eq!(resources.snapshot(), (0, 2));
        assert!(resources.method2());
        assert_eq!(resources.snapshot(), (1, 1), "method2 moves one unit from b to a");

        // The ordered-lock API itself, used in the allowed orders.
        let outer: OrderedMutex<First, Vec<u32>> = OrderedMutex::new(Vec::new());
        let inner: OrderedMutex<Second, String> = OrderedMutex::new(String::new());
        let mut root = LevelToken::root();
        {
            let (mut list, mut after_outer) = outer.lock(&mut root);
            let (mut text, _) = inner.lock(&mut after_outer);
            list.push(1);
            text.push('x');
        }
        {
            let (text, _) = inner.lock(&mut root);
            assert_eq!(*text, "x", "Second straight after Root");
        }
        {
            let (list, _) = outer.lock(&mut root);
            assert_eq!(*list, vec![1]);
        }

        // And across threads: the nested locks still exclude each other.
        let counters: (OrderedMutex<First, u64>, OrderedMutex<Second, u64>) =
            (OrderedMutex::new(0), OrderedMutex::new(0));
        let bump = || {
            let mut root = LevelToken::root();
            let (mut first, mut after_first) = counters.0.lock(&mut root);
            let (mut second, _) = counters.1.lock(&mut after_first);
            *first += 1;
            *second += 2;
        };
        let rounds = run_overlapping(Duration::ZERO, vec![worker(2_000, bump), worker(2_000, bump)]);
        let done = (rounds[0] + rounds[1]) as u64;
        let mut root = LevelToken::root();
        let (first, mut after_first) = counters.0.lock(&mut root);
        let (second, _) = counters.1.lock(&mut after_first);
        assert_eq!((*first, *second), (done, 2 * done));
    }
}
