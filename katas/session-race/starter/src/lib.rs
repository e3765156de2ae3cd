//! Session store for the web backend: one session per user, tokens expire after a TTL.

mod support;

pub use support::{AuditSink, Clock, ManualClock, NullAudit, SystemClock, Token, UserId};

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone)]
struct Session {
    user: UserId,
    expires_at_ms: u64,
}

/// Issues, checks and ends sessions. Shared between request handlers behind an `Arc`.
pub struct SessionStore {
    ttl_ms: u64,
    clock: Arc<dyn Clock>,
    audit: Arc<dyn AuditSink>,
    next_id: AtomicU64,
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
            next_id: AtomicU64::new(1),
            by_user: Mutex::new(HashMap::new()),
            by_token: Mutex::new(HashMap::new()),
        }
    }

    /// Starts a session for `user` and returns its token. A user has one session at a
    /// time: logging in again ends the previous one.
    pub fn login(&self, user: UserId) -> Token {
        // End the user's previous session, if any.
        let previous = self.by_user.lock().unwrap().get(&user).cloned();
        if let Some(old) = previous {
            self.by_token.lock().unwrap().remove(&old);
        }

        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let token = Token::new(format!("{:032x}", id));
        self.audit.record_login(user);

        let expires_at_ms = self.clock.now_ms() + self.ttl_ms;
        self.by_token.lock().unwrap().insert(token.clone(), Session { user, expires_at_ms });
        self.by_user.lock().unwrap().insert(user, token.clone());
        token
    }

    /// The user a token belongs to, if it names an active session.
    pub fn validate(&self, token: &Token) -> Option<UserId> {
        let sessions = self.by_token.lock().unwrap();
        let session = sessions.get(token)?;
        if self.clock.now_ms() >= session.expires_at_ms {
            return None;
        }
        Some(session.user)
    }

    /// Ends the session named by `token`. Returns whether it was active.
    pub fn logout(&self, token: &Token) -> bool {
        let removed = self.by_token.lock().unwrap().remove(token);
        match removed {
            Some(session) => {
                self.by_user.lock().unwrap().remove(&session.user);
                self.clock.now_ms() < session.expires_at_ms
            }
            None => false,
        }
    }

    /// Drops every expired session and returns how many were dropped.
    pub fn purge_expired(&self) -> usize {
        let now = self.clock.now_ms();
        let mut sessions = self.by_token.lock().unwrap();
        let before = sessions.len();
        sessions.retain(|_, s| now < s.expires_at_ms);
        before - sessions.len()
    }

    /// How many users have a session.
    pub fn active_sessions(&self) -> usize {
        self.by_user.lock().unwrap().len()
    }

    /// How many token entries the store holds in memory.
    pub fn token_entries(&self) -> usize {
        self.by_token.lock().unwrap().len()
    }
}
