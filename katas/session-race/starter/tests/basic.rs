//! A few visible tests. The hidden suite checks much more (see README.md).

use session_race::{AuditSink, ManualClock, NullAudit, SessionStore, Token, UserId};
use std::collections::HashSet;
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

fn store(ttl_ms: u64, clock: &Arc<ManualClock>) -> SessionStore {
    SessionStore::new(Duration::from_millis(ttl_ms), clock.clone(), Arc::new(NullAudit))
}

#[test]
fn login_validate_logout() {
    let clock = Arc::new(ManualClock::new(0));
    let s = store(60_000, &clock);
    let t = s.login(1);
    assert_eq!(s.validate(&t), Some(1));
    assert_eq!(s.validate(&Token::from("forged")), None);
    assert!(s.logout(&t));
    assert_eq!(s.validate(&t), None);
    assert!(!s.logout(&t));
}

#[test]
fn second_login_replaces_first() {
    let clock = Arc::new(ManualClock::new(0));
    let s = store(60_000, &clock);
    let first = s.login(1);
    let second = s.login(1);
    assert_ne!(first, second);
    assert_eq!(s.validate(&first), None);
    assert_eq!(s.validate(&second), Some(1));
}

#[test]
fn sessions_expire_and_are_purged() {
    let clock = Arc::new(ManualClock::new(0));
    let s = store(1_000, &clock);
    let t = s.login(1);
    clock.advance(999);
    assert_eq!(s.validate(&t), Some(1));
    clock.advance(1);
    assert_eq!(s.validate(&t), None);
    assert_eq!(s.purge_expired(), 1);
    assert_eq!(s.token_entries(), 0);
}

/// An audit sink that takes a little while, like the real one.
struct SlowAudit;

impl AuditSink for SlowAudit {
    fn record_login(&self, _user: UserId) {
        thread::sleep(Duration::from_micros(200));
    }
}

#[test]
fn concurrent_logins_of_one_user_leave_one_session() {
    let clock = Arc::new(ManualClock::new(0));
    let s = SessionStore::new(Duration::from_secs(60), clock, Arc::new(SlowAudit));
    let barrier = Barrier::new(8);
    let tokens: Vec<Token> = thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                scope.spawn(|| {
                    barrier.wait();
                    s.login(7)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let valid: HashSet<&Token> = tokens.iter().filter(|t| s.validate(t).is_some()).collect();
    assert_eq!(valid.len(), 1, "8 concurrent logins of one user left {} valid tokens", valid.len());
}
