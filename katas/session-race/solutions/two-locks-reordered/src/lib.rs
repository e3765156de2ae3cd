//! Wrong solution "two-locks-reordered": random tokens, correct expiry and purge, and the
//! audit write moved to the end of login, out of the way. But the two indexes still sit
//! behind two separate locks and login still checks `by_user`, then inserts: two concurrent
//! logins of one user can both see "no previous session" (or the same one) and both insert,
//! leaving two valid tokens. The window is now tiny, so only a long storm shows it.

mod support;

pub use support::{AuditSink, Clock, ManualClock, NullAudit, SystemClock, Token, UserId};

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone)]
struct Session {
    user: UserId,
    expires_at_ms: u64,
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
    by_user: Mutex<HashMap<UserId, Token>>,
    by_token: Mutex<HashMap<Token, Session>>,
}

impl SessionStore {
    /// A store whose sessions live for `ttl` after login.
    pub fn new(ttl: Duration, clock: Arc<dyn Clock>, audit: Arc<dyn AuditSink>) -> SessionStore {
        SessionStore {
            ttl_ms: ttl.as_millis() as u64,
            clock,
            audit,
            tokens: TokenSource::new(),
            by_user: Mutex::new(HashMap::new()),
            by_token: Mutex::new(HashMap::new()),
        }
    }

    /// Starts a session for `user` and returns its token. A user has one session at a
    /// time: logging in again ends the previous one.
    pub fn login(&self, user: UserId) -> Token {
        let token = self.tokens.next();
        let expires_at_ms = self.clock.now_ms().saturating_add(self.ttl_ms);
        let previous = self.by_user.lock().unwrap().get(&user).cloned();
        if let Some(old) = previous {
            self.by_token.lock().unwrap().remove(&old);
        }
        self.by_token.lock().unwrap().insert(token.clone(), Session { user, expires_at_ms });
        self.by_user.lock().unwrap().insert(user, token.clone());
        self.audit.record_login(user);
        token
    }

    /// The user a token belongs to, if it names an active session.
    pub fn validate(&self, token: &Token) -> Option<UserId> {
        let sessions = self.by_token.lock().unwrap();
        let session = sessions.get(token)?;
        (self.clock.now_ms() < session.expires_at_ms).then_some(session.user)
    }

    /// Ends the session named by `token`. Returns whether it was active.
    pub fn logout(&self, token: &Token) -> bool {
        let Some(session) = self.by_token.lock().unwrap().remove(token) else { return false };
        let mut users = self.by_user.lock().unwrap();
        if users.get(&session.user) == Some(token) {
            users.remove(&session.user);
        }
        self.clock.now_ms() < session.expires_at_ms
    }

    /// Drops every expired session and returns how many were dropped.
    pub fn purge_expired(&self) -> usize {
        let now = self.clock.now_ms();
        let mut expired = Vec::new();
        self.by_token.lock().unwrap().retain(|token, s| {
            let live = now < s.expires_at_ms;
            if !live {
                expired.push((s.user, token.clone()));
            }
            live
        });
        let mut users = self.by_user.lock().unwrap();
        for (user, token) in &expired {
            if users.get(user) == Some(token) {
                users.remove(user);
            }
        }
        expired.len()
    }

    /// How many sessions are active (issued, not replaced, not logged out, not expired).
    pub fn active_sessions(&self) -> usize {
        let now = self.clock.now_ms();
        self.by_token.lock().unwrap().values().filter(|s| now < s.expires_at_ms).count()
    }

    /// How many token entries the store holds in memory, expired ones not yet purged
    /// included.
    pub fn token_entries(&self) -> usize {
        self.by_token.lock().unwrap().len()
    }
}
