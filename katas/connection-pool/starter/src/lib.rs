//! An async connection pool over the simulated database in [`db`].
//!
//! This is the version that is in production today. It works in the happy path; the incident
//! reports say it does not survive a bad day. See README.md.

pub mod db;

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;

pub use db::{Connection, Database, DbError};

/// Pool settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolConfig {
    /// Most connections that may exist at once (in use, idle, or being opened). At least 1.
    pub max_size: usize,
    /// Longest an `acquire` call may take before it fails with [`PoolError::Timeout`].
    pub acquire_timeout: Duration,
}

/// Why `acquire` failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PoolError {
    /// No connection became available within `acquire_timeout`.
    Timeout,
    /// Opening a new connection failed.
    Connect(DbError),
}

impl fmt::Display for PoolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PoolError::Timeout => f.write_str("timed out waiting for a connection"),
            PoolError::Connect(e) => write!(f, "could not open a connection: {e}"),
        }
    }
}

impl std::error::Error for PoolError {}

/// A snapshot of the pool, for monitoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    /// Connections handed out and not yet returned.
    pub in_use: usize,
    /// Healthy connections waiting in the pool.
    pub idle: usize,
    /// `acquire` calls in progress (not yet returned, not cancelled).
    pub waiting: usize,
    /// Connections the pool opened successfully since it was created.
    pub created: usize,
    /// 95th percentile of how long successful `acquire` calls took.
    pub p95_wait: Duration,
}

/// A connection pool. Cloning it is cheap; clones share the same pool.
#[derive(Clone)]
pub struct Pool {
    db: Arc<Database>,
    config: PoolConfig,
    state: Arc<Mutex<State>>,
    in_use: Arc<AtomicUsize>,
    created: Arc<AtomicUsize>,
}

struct State {
    idle: Vec<Connection>,
    /// Connections that exist: idle, in use, or being opened.
    open: usize,
}

impl Pool {
    /// A pool of at most `config.max_size` connections to `db`. Opens nothing yet.
    pub fn new(db: Arc<Database>, config: PoolConfig) -> Pool {
        Pool {
            db,
            config,
            state: Arc::new(Mutex::new(State { idle: Vec::new(), open: 0 })),
            in_use: Arc::new(AtomicUsize::new(0)),
            created: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// Waits for a connection: an idle one if there is one, otherwise a new one when the pool
    /// has room, otherwise the next one returned.
    pub async fn acquire(&self) -> Result<PooledConnection, PoolError> {
        // TODO: honour self.config.acquire_timeout.
        loop {
            let mut state = self.state.lock().await;
            if let Some(conn) = state.idle.pop() {
                return Ok(self.hand_out(conn));
            }
            if state.open < self.config.max_size {
                state.open += 1;
                let conn = self.db.connect().await.map_err(PoolError::Connect)?;
                self.created.fetch_add(1, Ordering::SeqCst);
                return Ok(self.hand_out(conn));
            }
            drop(state);
            // Everything is in use: look again in a moment.
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    fn hand_out(&self, conn: Connection) -> PooledConnection {
        self.in_use.fetch_add(1, Ordering::SeqCst);
        PooledConnection {
            conn: Some(conn),
            state: Arc::clone(&self.state),
            in_use: Arc::clone(&self.in_use),
        }
    }

    /// Counters for monitoring.
    pub fn monitor(&self) -> PoolStats {
        // The pool may be busy; report what we can see without waiting.
        let idle = self.state.try_lock().map(|s| s.idle.len()).unwrap_or(0);
        PoolStats {
            in_use: self.in_use.load(Ordering::SeqCst),
            idle,
            waiting: 0,               // TODO
            created: self.created.load(Ordering::SeqCst),
            p95_wait: Duration::ZERO, // TODO
        }
    }
}

/// A connection on loan from the pool; it goes back when this is dropped.
pub struct PooledConnection {
    conn: Option<Connection>,
    state: Arc<Mutex<State>>,
    in_use: Arc<AtomicUsize>,
}

impl Deref for PooledConnection {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn.as_ref().expect("present until drop")
    }
}

impl DerefMut for PooledConnection {
    fn deref_mut(&mut self) -> &mut Connection {
        self.conn.as_mut().expect("present until drop")
    }
}

impl Drop for PooledConnection {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            self.in_use.fetch_sub(1, Ordering::SeqCst);
            // `drop` cannot await the lock, so a task puts the connection back.
            let state = Arc::clone(&self.state);
            tokio::spawn(async move {
                state.lock().await.idle.push(conn);
            });
        }
    }
}
