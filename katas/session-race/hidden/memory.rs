//! Memory: expired sessions are purged for real, and re-logins do not pile up entries.
//! The counting allocator counts the whole process; each test runs in its own process.

#[macro_use]
extern crate kata_harness;

use session_race::{AuditSink, Clock, SessionStore, UserId};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

#[global_allocator]
static ALLOC: kata_harness::CountingAlloc = kata_harness::CountingAlloc;

struct TestClock(AtomicU64);

impl Clock for TestClock {
    fn now_ms(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

struct Quiet;

impl AuditSink for Quiet {
    fn record_login(&self, _user: UserId) {}
}

kata_test! {
    fn purged_sessions_release_memory() {
        // Every round 50 new users log in, their sessions expire, and a purge runs. What the
        // store holds after a purge must not grow with the number of users ever seen.
        let clock = Arc::new(TestClock(AtomicU64::new(0)));
        let s = SessionStore::new(Duration::from_millis(1_000), clock.clone(), Arc::new(Quiet));
        let mut next_user: UserId = 0;
        let growth = kata_harness::measure_growth(200, || {
            for _ in 0..50 {
                s.login(next_user);
                next_user += 1;
            }
            clock.0.fetch_add(1_000, Ordering::SeqCst);
            assert_eq!(s.purge_expired(), 50, "all 50 sessions of the round have expired");
        });
        eprintln!("{growth:?}");
        kata_harness::assert_no_leak("store after purging expired sessions", growth, 32 * 1024);
        assert_eq!(s.active_sessions(), 0);
    }
}

kata_test! {
    fn relogin_memory_stays_bounded() {
        // 20 users log in over and over (a client retrying, a page reloading). Sessions are
        // long-lived and nothing expires: each user holds exactly one session throughout.
        let clock = Arc::new(TestClock(AtomicU64::new(0)));
        let s = SessionStore::new(Duration::from_secs(3_600), clock, Arc::new(Quiet));
        let growth = kata_harness::measure_growth(300, || {
            for user in 0..20 {
                s.login(user);
            }
        });
        eprintln!("{growth:?}");
        kata_harness::assert_no_leak("store under repeated logins", growth, 32 * 1024);
        assert_eq!(s.active_sessions(), 20);
    }
}

kata_test! {
    fn logged_out_users_release_memory() {
        // Every round 50 new users log in and log out again. A logged-out user holds nothing:
        // neither a token entry nor a user-index entry.
        let clock = Arc::new(TestClock(AtomicU64::new(0)));
        let s = SessionStore::new(Duration::from_secs(3_600), clock, Arc::new(Quiet));
        let mut next_user: UserId = 0;
        let growth = kata_harness::measure_growth(200, || {
            let tokens: Vec<_> = (0..50)
                .map(|_| {
                    next_user += 1;
                    s.login(next_user)
                })
                .collect();
            for token in &tokens {
                assert!(s.logout(token), "each session is active until its logout");
            }
        });
        eprintln!("{growth:?}");
        kata_harness::assert_no_leak("store after logging users out", growth, 32 * 1024);
        assert_eq!(s.active_sessions(), 0);
        assert_eq!(s.token_entries(), 0);
    }
}
