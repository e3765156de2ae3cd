//! Session store for the web backend: one session per user, tokens expire after a TTL.
//!
//! Design: one `RwLock` over two indexes. Reads (`validate`, `active_sessions`,
//! `token_entries`) share the lock; writes are short and never include the audit call.
//! Tokens come from a keyed PRF: SipHash with two secret OS-seeded keys (one per half),
//! fixed per store, over a 64-bit counter. Without the keys the output is unpredictable;
//! distinct counters give distinct inputs, and the store also checks for collisions.

mod support;

pub use support::{AuditSink, Clock, ManualClock, NullAudit, SystemClock, Token, UserId};

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

struct Current {
    token: Token,
    expires_at_ms: u64,
}

#[derive(Default)]
struct Index {
    by_user: HashMap<UserId, Current>,
    by_token: HashMap<Token, UserId>,
}

pub struct SessionStore {
    ttl_ms: u64,
    clock: Arc<dyn Clock>,
    audit: Arc<dyn AuditSink>,
    key_hi: RandomState,
    key_lo: RandomState,
    counter: AtomicU64,
    index: RwLock<Index>,
}

impl SessionStore {
    pub fn new(ttl: Duration, clock: Arc<dyn Clock>, audit: Arc<dyn AuditSink>) -> SessionStore {
        SessionStore {
            ttl_ms: ttl.as_millis() as u64,
            clock,
            audit,
            key_hi: RandomState::new(),
            key_lo: RandomState::new(),
            counter: AtomicU64::new(0),
            index: RwLock::new(Index::default()),
        }
    }

    fn read(&self) -> RwLockReadGuard<'_, Index> {
        self.index.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, Index> {
        self.index.write().unwrap_or_else(|p| p.into_inner())
    }

    fn prf(&self, n: u64) -> Token {
        let mut hi = self.key_hi.build_hasher();
        hi.write_u64(n);
        let mut lo = self.key_lo.build_hasher();
        lo.write_u64(n);
        lo.write_u8(0x5a);
        Token::new(format!("{:016x}{:016x}", hi.finish(), lo.finish()))
    }

    pub fn login(&self, user: UserId) -> Token {
        let token = {
            let mut index = self.write();
            let mut token = self.prf(self.counter.fetch_add(1, Ordering::Relaxed));
            while index.by_token.contains_key(&token) {
                token = self.prf(self.counter.fetch_add(1, Ordering::Relaxed));
            }
            let expires_at_ms = self.clock.now_ms().saturating_add(self.ttl_ms);
            let fresh = Current { token: token.clone(), expires_at_ms };
            if let Some(old) = index.by_user.insert(user, fresh) {
                index.by_token.remove(&old.token);
            }
            index.by_token.insert(token.clone(), user);
            token
        };
        self.audit.record_login(user);
        token
    }

    pub fn validate(&self, token: &Token) -> Option<UserId> {
        let now = self.clock.now_ms();
        let index = self.read();
        let user = *index.by_token.get(token)?;
        let current = index.by_user.get(&user)?;
        (current.token == *token && now < current.expires_at_ms).then_some(user)
    }

    pub fn logout(&self, token: &Token) -> bool {
        let now = self.clock.now_ms();
        let mut index = self.write();
        let Some(&user) = index.by_token.get(token) else { return false };
        let valid = match index.by_user.get(&user) {
            Some(current) if current.token == *token => now < current.expires_at_ms,
            _ => false,
        };
        if valid {
            index.by_token.remove(token);
            index.by_user.remove(&user);
        }
        valid
    }

    pub fn purge_expired(&self) -> usize {
        let now = self.clock.now_ms();
        let mut index = self.write();
        let Index { by_user, by_token } = &mut *index;
        let mut removed = 0;
        by_user.retain(|_, current| {
            if now < current.expires_at_ms {
                true
            } else {
                by_token.remove(&current.token);
                removed += 1;
                false
            }
        });
        if by_user.capacity() > 64 && by_user.capacity() > 4 * by_user.len() {
            by_user.shrink_to_fit();
            by_token.shrink_to_fit();
        }
        removed
    }

    pub fn active_sessions(&self) -> usize {
        let now = self.clock.now_ms();
        self.read().by_user.values().filter(|c| now < c.expires_at_ms).count()
    }

    pub fn token_entries(&self) -> usize {
        self.read().by_token.len()
    }
}
