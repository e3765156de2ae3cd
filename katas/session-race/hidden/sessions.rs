//! Single-threaded semantics: replacement, logout, expiry, purge, no dangling entries.

#[macro_use]
extern crate kata_harness;

use session_race::{AuditSink, Clock, ManualClock, SessionStore, SystemClock, Token, UserId};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

struct TestClock(AtomicU64);

impl TestClock {
    fn at(ms: u64) -> Arc<TestClock> {
        Arc::new(TestClock(AtomicU64::new(ms)))
    }
    fn set(&self, ms: u64) {
        self.0.store(ms, Ordering::SeqCst);
    }
}

impl Clock for TestClock {
    fn now_ms(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

struct Quiet;

impl AuditSink for Quiet {
    fn record_login(&self, _user: UserId) {}
}

fn store(ttl_ms: u64, clock: &Arc<TestClock>) -> SessionStore {
    SessionStore::new(Duration::from_millis(ttl_ms), clock.clone(), Arc::new(Quiet))
}

kata_test! {
    fn sessions_expire_at_ttl() {
        let clock = TestClock::at(10_000);
        let s = store(1_000, &clock);
        let t = s.login(7);
        assert_eq!(s.validate(&t), Some(7));
        assert_eq!(s.active_sessions(), 1);

        clock.set(10_999);
        assert_eq!(s.validate(&t), Some(7), "a session is valid until login + ttl");
        assert_eq!(s.active_sessions(), 1);

        clock.set(11_000);
        assert_eq!(s.validate(&t), None, "a session must be invalid from login + ttl on");
        assert_eq!(s.active_sessions(), 0, "an expired session is not active, purged or not");
        assert!(!s.logout(&t), "logging out an expired session must return false");

        let t2 = s.login(7);
        assert_eq!(s.validate(&t2), Some(7), "a user logs in again after expiry");
        assert_eq!(s.validate(&t), None);
        assert_eq!(s.active_sessions(), 1);
        clock.set(11_999);
        assert_eq!(s.validate(&t2), Some(7));
        clock.set(12_000);
        assert_eq!(s.validate(&t2), None);
        assert_eq!(s.active_sessions(), 0);
    }
}

kata_test! {
    fn purge_removes_expired_only() {
        let clock = TestClock::at(0);
        let s = store(1_000, &clock);
        let a = s.login(1);
        clock.set(600);
        let b = s.login(2);
        clock.set(900);
        let c = s.login(3);

        clock.set(1_000);
        assert_eq!(s.purge_expired(), 1, "only the session of user 1 has expired at t=1000");
        assert_eq!(s.token_entries(), 2, "purged entries must be gone from memory");
        assert_eq!(s.active_sessions(), 2);
        assert_eq!(s.validate(&a), None);
        assert_eq!(s.validate(&b), Some(2));
        assert_eq!(s.validate(&c), Some(3));
        assert_eq!(s.purge_expired(), 0, "nothing more has expired");

        clock.set(1_899);
        assert_eq!(s.purge_expired(), 1, "user 2's session expired at t=1600");
        assert_eq!(s.active_sessions(), 1);
        assert_eq!(s.token_entries(), 1);
        assert_eq!(s.validate(&c), Some(3));

        clock.set(1_900);
        assert_eq!(s.purge_expired(), 1);
        assert_eq!(s.active_sessions(), 0);
        assert_eq!(s.token_entries(), 0);

        let a2 = s.login(1);
        assert_eq!(s.validate(&a2), Some(1), "a purged user can log in again");
        assert_eq!(s.active_sessions(), 1);
        assert_eq!(s.token_entries(), 1);
    }
}

kata_test! {
    fn relogin_leaves_no_dangling_entries() {
        let clock = TestClock::at(5_000);
        let s = store(3_600_000, &clock);
        let tokens: Vec<Token> = (0..100).map(|_| s.login(42)).collect();
        let last = tokens.last().unwrap().clone();
        for (i, t) in tokens[..99].iter().enumerate() {
            assert_eq!(s.validate(t), None, "login #{i} of user 42 was replaced by a later login");
        }
        assert_eq!(s.validate(&last), Some(42));
        assert_eq!(s.active_sessions(), 1, "one user, one session");
        assert_eq!(s.token_entries(), 1, "replaced sessions must not stay in the token index");

        let other = s.login(43);
        assert_eq!(s.active_sessions(), 2);
        assert_eq!(s.token_entries(), 2);

        assert!(s.logout(&last));
        assert_eq!(s.active_sessions(), 1);
        assert_eq!(s.token_entries(), 1, "a logged-out session must leave the token index");
        assert_eq!(s.validate(&other), Some(43));
    }
}

kata_test! {
    fn logout_ends_only_that_session() {
        let clock = TestClock::at(1_000);
        let s = store(60_000, &clock);
        let a = s.login(1);
        let b = s.login(2);
        assert!(s.logout(&a), "logging out an active session returns true");
        assert_eq!(s.validate(&a), None);
        assert_eq!(s.validate(&b), Some(2), "another user's session is untouched");
        assert!(!s.logout(&a), "a second logout of the same token returns false");

        let c1 = s.login(3);
        let c2 = s.login(3);
        assert!(!s.logout(&c1), "c1 was already replaced by c2: its logout ends nothing");
        assert_eq!(s.validate(&c2), Some(3), "logging out a stale token must not end the user's current session");
        assert_eq!(s.active_sessions(), 2);

        assert!(!s.logout(&Token::from("00000000000000000000000000000000")));
        assert!(!s.logout(&Token::from("")));
        assert_eq!(s.validate(&Token::from("not-a-token")), None);
        assert_eq!(s.active_sessions(), 2);
        assert!(s.logout(&c2));
        assert!(s.logout(&b));
        assert_eq!(s.active_sessions(), 0);
        assert_eq!(s.token_entries(), 0);
    }
}

kata_test! {
    fn purge_keeps_the_current_session_of_each_user() {
        // A purge that finds nothing expired must leave the user index intact: the next login
        // of the same user still has to end the session it replaces.
        let clock = TestClock::at(0);
        let s = store(10_000, &clock);
        let first = s.login(1);
        let other = s.login(2);
        clock.set(5_000);
        assert_eq!(s.purge_expired(), 0, "nothing has expired at t=5000");
        let second = s.login(1);
        assert_eq!(s.validate(&first), None, "the login after the purge replaced user 1's session");
        assert_eq!(s.validate(&second), Some(1));
        assert_eq!(s.active_sessions(), 2, "users 1 and 2, one session each");
        assert_eq!(s.token_entries(), 2, "the replaced session must leave the token index");
        assert!(!s.logout(&first), "the replaced token ends nothing");
        assert_eq!(s.validate(&second), Some(1));
        assert_eq!(s.validate(&other), Some(2));
    }
}

kata_test! {
    fn given_clocks_keep_time() {
        // The two clocks that ship with the store: the real one reads the system time, the
        // manual one moves only when told to.
        let wall = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as u64;
        let now = SystemClock.now_ms();
        assert!(now.abs_diff(wall) < 60_000, "SystemClock says {now} ms since the epoch, the system {wall}");

        let manual = ManualClock::new(5);
        assert_eq!(manual.now_ms(), 5);
        manual.advance(10);
        assert_eq!(manual.now_ms(), 15);
        manual.set(1_000);
        assert_eq!(manual.now_ms(), 1_000);
        manual.advance(1);
        assert_eq!(manual.now_ms(), 1_001);
    }
}
