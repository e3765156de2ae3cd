//! Session store for the web backend: one session per user, tokens expire after a TTL.

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
struct Inner {
    /// user -> their current token.
    by_user: HashMap<UserId, Token>,
    /// token -> session. Exactly the tokens in `by_user`'s values.
    by_token: HashMap<Token, Session>,
}

impl Inner {
    fn remove_token(&mut self, token: &Token) -> Option<Session> {
        let session = self.by_token.remove(token)?;
        if self.by_user.get(&session.user) == Some(token) {
            self.by_user.remove(&session.user);
        }
        Some(session)
    }
}

/// Issues, checks and ends sessions. Shared between request handlers behind an `Arc`.
pub struct SessionStore {
    ttl_ms: u64,
    clock: Arc<dyn Clock>,
    audit: Arc<dyn AuditSink>,
    counter: AtomicU64,
    inner: Mutex<Inner>,
}

/// 64 random bits: a fresh OS-seeded SipHash key per call, over a per-store counter.
fn random_u64(counter: &AtomicU64) -> u64 {
    let mut h = RandomState::new().build_hasher();
    h.write_u64(counter.fetch_add(1, Ordering::Relaxed));
    h.finish()
}

impl SessionStore {
    pub fn new(ttl: Duration, clock: Arc<dyn Clock>, audit: Arc<dyn AuditSink>) -> SessionStore {
        SessionStore {
            ttl_ms: ttl.as_millis() as u64,
            clock,
            audit,
            counter: AtomicU64::new(0),
            inner: Mutex::new(Inner::default()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn new_token(&self, inner: &Inner) -> Token {
        loop {
            let hi = random_u64(&self.counter);
            let lo = random_u64(&self.counter);
            let token = Token::new(format!("{:016x}{:016x}", hi, lo));
            if !inner.by_token.contains_key(&token) {
                return token;
            }
        }
    }

    pub fn login(&self, user: UserId) -> Token {
        let token = {
            let mut inner = self.lock();
            let token = self.new_token(&inner);
            let expires_at_ms = self.clock.now_ms().saturating_add(self.ttl_ms);
            if let Some(old) = inner.by_user.insert(user, token.clone()) {
                inner.by_token.remove(&old);
            }
            inner.by_token.insert(token.clone(), Session { user, expires_at_ms });
            // Record while still holding the lock, so the audit log order matches the
            // order sessions were created in.
            self.audit.record_login(user);
            token
        };
        token
    }

    pub fn validate(&self, token: &Token) -> Option<UserId> {
        let now = self.clock.now_ms();
        let inner = self.lock();
        let session = inner.by_token.get(token)?;
        if now >= session.expires_at_ms {
            return None; // left for purge_expired to count and remove
        }
        Some(session.user)
    }

    pub fn logout(&self, token: &Token) -> bool {
        let now = self.clock.now_ms();
        let mut inner = self.lock();
        match inner.remove_token(token) {
            Some(session) => now < session.expires_at_ms,
            None => false,
        }
    }

    pub fn purge_expired(&self) -> usize {
        let now = self.clock.now_ms();
        let mut inner = self.lock();
        let before = inner.by_token.len();
        inner.by_token.retain(|_, s| now < s.expires_at_ms);
        let removed = before - inner.by_token.len();
        let Inner { by_user, by_token } = &mut *inner;
        by_user.retain(|_, t| by_token.contains_key(t));
        if by_token.capacity() > 64 && by_token.capacity() > 4 * by_token.len() {
            by_token.shrink_to_fit();
            by_user.shrink_to_fit();
        }
        removed
    }

    pub fn active_sessions(&self) -> usize {
        let now = self.clock.now_ms();
        self.lock().by_token.values().filter(|s| now < s.expires_at_ms).count()
    }

    pub fn token_entries(&self) -> usize {
        self.lock().by_token.len()
    }
}
