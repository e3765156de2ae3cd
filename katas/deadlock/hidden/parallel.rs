//! Per-account locks, proved without a clock: a transfer between two accounts must complete
//! while another thread holds the locks of two other accounts.
//!
//! How a test can hold a transfer's locks: a payment that overflows the receiver's `u64`
//! panics inside `transfer` (debug arithmetic, as `cargo test` builds it), and the panic hook
//! runs on the panicking thread *before* unwinding drops its guards. The hook starts a
//! transfer between two other accounts and waits for it. With a lock per account it needs
//! none of the held locks and finishes; with one lock for the whole bank it waits for ever.

#[macro_use]
extern crate kata_harness;

use deadlock::Bank;
use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

/// How long the hook waits for the unrelated transfer: long on a loaded machine for a thread
/// start and one transfer, short against the test's timeout.
const PATIENCE: Duration = Duration::from_secs(2);

const PAYER: &str = "overflowing-transfer";

kata_test! {
    fn unrelated_transfer_runs_while_accounts_are_locked() {
        let half = 1u64 << 63;
        let bank = Arc::new(Bank::new(4, half));
        let hooked = Arc::new(AtomicBool::new(false));
        let progressed = Arc::new(AtomicBool::new(false));
        let previous = std::panic::take_hook();
        {
            let (bank, hooked, progressed) = (bank.clone(), hooked.clone(), progressed.clone());
            std::panic::set_hook(Box::new(move |info| {
                if thread::current().name() == Some(PAYER) && !hooked.swap(true, SeqCst) {
                    let bank = bank.clone();
                    let other = thread::spawn(move || bank.transfer(2, 3, 5));
                    let deadline = Instant::now() + PATIENCE;
                    while !other.is_finished() && Instant::now() < deadline {
                        thread::sleep(Duration::from_millis(1));
                    }
                    progressed.store(other.is_finished(), SeqCst);
                    // Not joined: with one bank-wide lock it is still waiting for this thread.
                    return;
                }
                previous(info);
            }));
        }
        let payer = {
            let bank = bank.clone();
            thread::Builder::new().name(PAYER.into()).spawn(move || bank.transfer(0, 1, half)).unwrap()
        };
        let paid = payer.join();
        let _ = std::panic::take_hook();
        if paid.is_ok() {
            // No overflow panic (saturating or checked arithmetic): nothing held the locks, so
            // this test cannot tell; the concurrent tests still check correctness.
            return;
        }
        assert!(hooked.load(SeqCst), "the overflowing transfer panicked, but not on its own thread");
        assert!(
            progressed.load(SeqCst),
            "transfer(2, 3, 5) did not complete within {PATIENCE:?} while another thread held the locks \
             of accounts 0 and 1 (inside transfer(0, 1, ..)): transfers between unrelated accounts \
             must not wait for each other; keep one lock per account"
        );
        assert_eq!(bank.balance(2), half - 5);
        assert_eq!(bank.balance(3), half + 5);
    }
}
