//! Session store for the web backend: one session per user, tokens expire after a TTL.
//!
//! Wrong solution "hash-of-user-and-time": the store itself is right (one mutex, audit
//! outside it), but a token is a hash of the user id and the login time. The output looks
//! random, yet `DefaultHasher::new()` has fixed keys, so anyone who knows a user id and
//! roughly when they logged in can compute the token; and two logins of one user in the same
//! millisecond get the same token.

mod support;

pub use support::{AuditSink, Clock, ManualClock, NullAudit, SystemClock, Token, UserId};

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
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

/// A 128-bit token that looks random: two hashes of who logged in and when.
fn make_token(user: UserId, now_ms: u64) -> Token {
    let mut a = DefaultHasher::new();
    (user, now_ms, "session").hash(&mut a);
    let mut b = DefaultHasher::new();
    ("token", now_ms, user).hash(&mut b);
    Token::new(format!("{:016x}{:016x}", a.finish(), b.finish()))
}

/// Issues, checks and ends sessions. Shared between request handlers behind an `Arc`.
pub struct SessionStore {
    ttl_ms: u64,
    clock: Arc<dyn Clock>,
    audit: Arc<dyn AuditSink>,
    indexes: Mutex<Indexes>,
}

impl SessionStore {
    /// A store whose sessions live for `ttl` after login.
    pub fn new(ttl: Duration, clock: Arc<dyn Clock>, audit: Arc<dyn AuditSink>) -> SessionStore {
        SessionStore {
            ttl_ms: ttl.as_millis() as u64,
            clock,
            audit,
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
        let now = self.clock.now_ms();
        let token = make_token(user, now);
        {
            let mut ix = self.indexes();
            let expires_at_ms = now.saturating_add(self.ttl_ms);
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
        let session = ix.by_token.get(token)?;
        (self.clock.now_ms() < session.expires_at_ms).then_some(session.user)
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
        let now = self.clock.now_ms();
        self.indexes().by_token.values().filter(|s| now < s.expires_at_ms).count()
    }

    /// How many token entries the store holds in memory, expired ones not yet purged
    /// included.
    pub fn token_entries(&self) -> usize {
        self.indexes().by_token.len()
    }
}
