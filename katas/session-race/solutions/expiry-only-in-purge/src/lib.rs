//! Session store for the web backend: one session per user, tokens expire after a TTL.
//!
//! Wrong solution "expiry-only-in-purge": race-free and leak-free, but expiry is left to
//! the periodic `purge_expired` job: `validate` and `active_sessions` never look at the
//! clock, so an expired token keeps working until the next purge runs.

mod support;

pub use support::{AuditSink, Clock, ManualClock, NullAudit, SystemClock, Token, UserId};

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

#[derive(Debug, Clone)]
struct Session {
    user: UserId,
    expires_at_ms: u64,
}

#[derive(Default)]
struct Indexes {
    by_user: HashMap<UserId, Token>,
    by_token: HashMap<Token, Session>,
}

/// Unguessable tokens from std alone: SipHash keyed with a per-store random key (std seeds
/// `RandomState` from the OS's random source) over a counter. Without the key the output is
/// unpredictable; distinct counters give distinct 128-bit values. In production, prefer a
/// CSPRNG crate (`getrandom`, `rand`).
struct TokenSource {
    key: RandomState,
    counter: AtomicU64,
}

impl TokenSource {
    fn new() -> TokenSource {
        TokenSource { key: RandomState::new(), counter: AtomicU64::new(0) }
    }

    fn next(&self) -> Token {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let half = |lane: u8| {
            let mut h = self.key.build_hasher();
            h.write_u8(lane);
            h.write_u64(n);
            h.finish()
        };
        Token::new(format!("{:016x}{:016x}", half(0), half(1)))
    }
}

/// Issues, checks and ends sessions. Shared between request handlers behind an `Arc`.
pub struct SessionStore {
    ttl_ms: u64,
    clock: Arc<dyn Clock>,
    audit: Arc<dyn AuditSink>,
    tokens: TokenSource,
    indexes: Mutex<Indexes>,
}

impl SessionStore {
    /// A store whose sessions live for `ttl` after login.
    pub fn new(ttl: Duration, clock: Arc<dyn Clock>, audit: Arc<dyn AuditSink>) -> SessionStore {
        SessionStore {
            ttl_ms: ttl.as_millis() as u64,
            clock,
            audit,
            tokens: TokenSource::new(),
            indexes: Mutex::new(Indexes::default()),
        }
    }

    fn indexes(&self) -> MutexGuard<'_, Indexes> {
        // A panic elsewhere cannot leave the maps half-updated: every update below is
        // complete before anything that could panic, so poisoning is safe to ignore.
        self.indexes.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Starts a session for `user` and returns its token. A user has one session at a
    /// time: logging in again ends the previous one.
    pub fn login(&self, user: UserId) -> Token {
        let token = self.tokens.next();
        {
            let mut ix = self.indexes();
            let expires_at_ms = self.clock.now_ms().saturating_add(self.ttl_ms);
            if let Some(old) = ix.by_user.insert(user, token.clone()) {
                ix.by_token.remove(&old);
            }
            ix.by_token.insert(token.clone(), Session { user, expires_at_ms });
        }
        // Slow I/O, outside the lock.
        self.audit.record_login(user);
        token
    }

    /// The user a token belongs to, if it names an active session.
    pub fn validate(&self, token: &Token) -> Option<UserId> {
        let ix = self.indexes();
        // Expired sessions are removed by purge_expired, which runs every minute.
        ix.by_token.get(token).map(|s| s.user)
    }

    /// Ends the session named by `token`. Returns whether it was active.
    pub fn logout(&self, token: &Token) -> bool {
        let mut ix = self.indexes();
        let Some(session) = ix.by_token.remove(token) else { return false };
        if ix.by_user.get(&session.user) == Some(token) {
            ix.by_user.remove(&session.user);
        }
        self.clock.now_ms() < session.expires_at_ms
    }

    /// Drops every expired session and returns how many were dropped.
    pub fn purge_expired(&self) -> usize {
        let now = self.clock.now_ms();
        let mut ix = self.indexes();
        let Indexes { by_user, by_token } = &mut *ix;
        let before = by_token.len();
        by_token.retain(|token, s| {
            let live = now < s.expires_at_ms;
            if !live && by_user.get(&s.user) == Some(token) {
                by_user.remove(&s.user);
            }
            live
        });
        before - by_token.len()
    }

    /// How many sessions are active (issued, not replaced, not logged out, not expired).
    pub fn active_sessions(&self) -> usize {
        self.indexes().by_token.len()
    }

    /// How many token entries the store holds in memory, expired ones not yet purged
    /// included.
    pub fn token_entries(&self) -> usize {
        self.indexes().by_token.len()
    }
}
