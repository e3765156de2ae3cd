//! Tokens: 128-bit lowercase hex, unique per login, not derivable from user, time or a counter.

#[macro_use]
extern crate kata_harness;

use session_race::{AuditSink, Clock, SessionStore, Token, UserId};
use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

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

/// A store whose clock stands still at a fixed, well-known time.
fn store_at(ms: u64) -> SessionStore {
    SessionStore::new(Duration::from_secs(3600), Arc::new(TestClock(AtomicU64::new(ms))), Arc::new(Quiet))
}

fn bits(t: &Token) -> u128 {
    let s = t.as_str();
    assert_eq!(t.to_string(), s, "a token displays as its text (it goes into a cookie or a header)");
    assert!(
        s.len() == 32 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
        "a token must be 32 lowercase hex digits (128 bits), got {s:?}"
    );
    u128::from_str_radix(s, 16).unwrap()
}

kata_test! {
    fn tokens_look_random() {
        // Tokens of 2000 different users logging in one after another. Random 128-bit
        // values set each bit about half of the time and differ from their predecessor in
        // about 64 bits; counters, timestamps and user ids do neither.
        let s = store_at(1_700_000_000_000);
        let tokens: Vec<u128> = (1..=2_000u64).map(|u| bits(&s.login(u))).collect();
        let n = tokens.len();
        for bit in 0..128 {
            let ones = tokens.iter().filter(|&&t| t >> bit & 1 == 1).count();
            assert!(
                ones * 100 >= n * 35 && ones * 100 <= n * 65,
                "bit {bit} of the tokens is set in {ones} of {n} tokens: tokens are not random"
            );
        }
        let distance: u32 = tokens.windows(2).map(|w| (w[0] ^ w[1]).count_ones()).sum();
        let mean = distance as f64 / (n - 1) as f64;
        assert!(
            mean >= 48.0,
            "consecutive tokens differ in {mean:.1} bits on average (random tokens: ~64): \
             a token is guessable from the previous one"
        );
    }
}

kata_test! {
    fn tokens_unique_per_login() {
        // The clock stands still, so every login happens "at the same millisecond".
        let s = store_at(1_700_000_000_000);
        let mut seen = HashSet::new();
        for i in 0..200 {
            let t = s.login(9);
            assert!(seen.insert(t.clone()), "login #{i} of user 9 reissued token {t}");
        }
        let all: Vec<Token> = thread::scope(|scope| {
            let handles: Vec<_> = (0..4u64)
                .map(|t| {
                    let s = &s;
                    scope.spawn(move || (0..250u64).map(|i| s.login((t + i) % 3)).collect::<Vec<_>>())
                })
                .collect();
            handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
        });
        for t in all {
            assert!(seen.insert(t.clone()), "token {t} was issued twice");
        }
        assert_eq!(seen.len(), 1_200);
    }
}

kata_test! {
    fn tokens_not_reproducible() {
        // Two stores, same clock reading, same users in the same order. If tokens were a
        // function of (user, time, sequence number), both would issue the same tokens, and
        // so could an attacker who knows those inputs.
        let a = store_at(1_700_000_000_000);
        let b = store_at(1_700_000_000_000);
        let from_a: HashSet<Token> = (1..=50u64).map(|u| a.login(u)).collect();
        let from_b: HashSet<Token> = (1..=50u64).map(|u| b.login(u)).collect();
        assert_eq!(from_a.len(), 50);
        assert_eq!(from_b.len(), 50);
        let shared: Vec<&Token> = from_a.intersection(&from_b).collect();
        assert!(
            shared.is_empty(),
            "two stores issued {} identical tokens for the same logins at the same time, e.g. {}: \
             tokens are derivable from their inputs",
            shared.len(),
            shared[0]
        );
    }
}
