//! The types around the store: tokens, user ids, the clock and the audit sink.
//! You may change this file, but the hidden tests use this API as it is.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// A user's id.
pub type UserId = u64;

/// A session token as the client sees it (in a cookie or a bearer header).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Token(String);

impl Token {
    /// Wraps a string issued by [`crate::SessionStore::login`].
    pub fn new(s: String) -> Token {
        Token(s)
    }

    /// The token's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a client presents: any string may arrive, issued by us or not.
impl From<&str> for Token {
    fn from(s: &str) -> Token {
        Token(s.to_string())
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Token({})", self.0)
    }
}

/// Where the store reads the time. Milliseconds on any fixed origin.
pub trait Clock: Send + Sync {
    /// The current time in milliseconds. Never goes backwards.
    fn now_ms(&self) -> u64;
}

/// The real clock: milliseconds since the Unix epoch.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> u64 {
        SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
    }
}

/// A clock that only moves when told to, for tests.
#[derive(Debug, Default)]
pub struct ManualClock {
    now: AtomicU64,
}

impl ManualClock {
    /// A clock standing at `start_ms`.
    pub fn new(start_ms: u64) -> ManualClock {
        ManualClock { now: AtomicU64::new(start_ms) }
    }

    /// Moves the clock forward by `ms`.
    pub fn advance(&self, ms: u64) {
        self.now.fetch_add(ms, Ordering::SeqCst);
    }

    /// Sets the clock to `ms`.
    pub fn set(&self, ms: u64) {
        self.now.store(ms, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> u64 {
        self.now.load(Ordering::SeqCst)
    }
}

/// The audit trail. In production every call is a write to a remote log service and takes
/// a millisecond or more.
pub trait AuditSink: Send + Sync {
    /// Records that `user` logged in. Called exactly once per [`crate::SessionStore::login`].
    fn record_login(&self, user: UserId);
}

/// An audit sink that drops everything.
#[derive(Debug, Default, Clone, Copy)]
pub struct NullAudit;

impl AuditSink for NullAudit {
    fn record_login(&self, _user: UserId) {}
}
