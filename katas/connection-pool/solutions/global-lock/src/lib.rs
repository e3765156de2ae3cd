//! WRONG SOLUTION (global-lock): the pool's state sits in a `tokio::sync::Mutex`, and the
//! `PooledConnection` keeps the lock guard, so that `Drop` can put the connection back
//! without awaiting. It is correct, fair and cancellation-safe, but the whole pool is locked
//! for as long as any connection is out: one query at a time, and a task that holds one
//! connection can never get a second.

pub mod db;

use std::collections::VecDeque;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::OwnedMutexGuard;

pub use db::{Connection, Database, DbError};

const WAIT_WINDOW: usize = 1000;

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
    shared: Arc<Shared>,
}

struct Shared {
    db: Arc<Database>,
    config: PoolConfig,
    conns: Arc<tokio::sync::Mutex<Conns>>,
    waiting: AtomicUsize,
    stats: Mutex<Counters>,
}

/// The connections, guarded by the async lock.
struct Conns {
    idle: Vec<Connection>,
}

/// Monitoring counters, readable without the async lock.
#[derive(Default)]
struct Counters {
    in_use: usize,
    idle: usize,
    created: usize,
    waits: VecDeque<Duration>,
}

impl Shared {
    fn stats(&self) -> MutexGuard<'_, Counters> {
        self.stats.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Pool {
    /// A pool of at most `config.max_size` connections to `db`. Opens nothing yet.
    pub fn new(db: Arc<Database>, config: PoolConfig) -> Pool {
        Pool {
            shared: Arc::new(Shared {
                db,
                config,
                conns: Arc::new(tokio::sync::Mutex::new(Conns { idle: Vec::new() })),
                waiting: AtomicUsize::new(0),
                stats: Mutex::new(Counters::default()),
            }),
        }
    }

    /// Waits for a connection for at most `acquire_timeout`.
    pub async fn acquire(&self) -> Result<PooledConnection, PoolError> {
        let started = Instant::now();
        let _waiting = Waiting::enter(&self.shared.waiting);
        let result = tokio::time::timeout(self.shared.config.acquire_timeout, self.checkout()).await;
        let conn = result.map_err(|_| PoolError::Timeout)??;
        let mut stats = self.shared.stats();
        if stats.waits.len() == WAIT_WINDOW {
            stats.waits.pop_front();
        }
        stats.waits.push_back(started.elapsed());
        Ok(conn)
    }

    async fn checkout(&self) -> Result<PooledConnection, PoolError> {
        let mut guard = Arc::clone(&self.shared.conns).lock_owned().await;
        let healthy = std::iter::from_fn(|| guard.idle.pop()).find(|c| !c.is_broken());
        let conn = match healthy {
            Some(conn) => conn,
            None => {
                let conn = self.shared.db.connect().await.map_err(PoolError::Connect)?;
                self.shared.stats().created += 1;
                conn
            }
        };
        let mut stats = self.shared.stats();
        stats.in_use += 1;
        stats.idle = guard.idle.len();
        drop(stats);
        Ok(PooledConnection { conn: Some(conn), guard: Some(guard), shared: Arc::clone(&self.shared) })
    }

    /// Counters for monitoring.
    pub fn monitor(&self) -> PoolStats {
        let stats = self.shared.stats();
        let mut waits: Vec<Duration> = stats.waits.iter().copied().collect();
        waits.sort_unstable();
        let p95_wait = match waits.len() {
            0 => Duration::ZERO,
            n => waits[(n * 95).div_ceil(100) - 1],
        };
        PoolStats {
            in_use: stats.in_use,
            idle: stats.idle,
            waiting: self.shared.waiting.load(Ordering::SeqCst),
            created: stats.created,
            p95_wait,
        }
    }
}

/// Counts an `acquire` in progress, cancellation included.
struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    fn enter(counter: &'a AtomicUsize) -> Waiting<'a> {
        counter.fetch_add(1, Ordering::SeqCst);
        Waiting(counter)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A connection on loan from the pool; it goes back when this is dropped.
pub struct PooledConnection {
    conn: Option<Connection>,
    guard: Option<OwnedMutexGuard<Conns>>,
    shared: Arc<Shared>,
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
        if let (Some(conn), Some(mut guard)) = (self.conn.take(), self.guard.take()) {
            if !conn.is_broken() {
                guard.idle.push(conn);
            }
            let mut stats = self.shared.stats();
            stats.in_use -= 1;
            stats.idle = guard.idle.len();
        }
    }
}
