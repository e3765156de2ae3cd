//! An async connection pool over the simulated database in [`db`].
//!
//! A fair semaphore holds one permit per connection slot: a slot is taken before a
//! connection is reused or opened and given back when the `PooledConnection` is dropped, by
//! whatever path (normal return, `?`, panic, a cancelled `acquire`). Waiters queue on the
//! semaphore in FIFO order. The idle list and the counters sit behind a std `Mutex` that is
//! never held across an `.await`.

pub mod db;

use std::collections::VecDeque;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

pub use db::{Connection, Database, DbError};

/// How many recent waits the p95 is computed over.
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
    slots: Arc<Semaphore>,
    waiting: AtomicUsize,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    idle: Vec<Connection>,
    in_use: usize,
    created: usize,
    waits: VecDeque<Duration>,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        // Nothing panics while holding the lock, but a poisoned lock must not wedge the pool.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Pool {
    /// A pool of at most `config.max_size` connections to `db`. Opens nothing yet.
    pub fn new(db: Arc<Database>, config: PoolConfig) -> Pool {
        assert!(config.max_size >= 1, "max_size must be at least 1");
        Pool {
            shared: Arc::new(Shared {
                db,
                config,
                slots: Arc::new(Semaphore::new(config.max_size)),
                waiting: AtomicUsize::new(0),
                state: Mutex::new(State::default()),
            }),
        }
    }

    /// Waits for a connection: an idle one if there is one, otherwise a new one when the pool
    /// has room, otherwise the next one returned (first come, first served).
    pub async fn acquire(&self) -> Result<PooledConnection, PoolError> {
        let started = Instant::now();
        let _waiting = Waiting::enter(&self.shared.waiting);
        let result = tokio::time::timeout(self.shared.config.acquire_timeout, self.checkout()).await;
        let conn = result.map_err(|_elapsed| PoolError::Timeout)??;
        let mut state = self.shared.state();
        if state.waits.len() == WAIT_WINDOW {
            state.waits.pop_front();
        }
        state.waits.push_back(started.elapsed());
        Ok(conn)
    }

    /// Takes a slot, then fills it. Dropped midway, it gives the slot back (the permit drops).
    async fn checkout(&self) -> Result<PooledConnection, PoolError> {
        let permit = Arc::clone(&self.shared.slots)
            .acquire_owned()
            .await
            .expect("the pool never closes its semaphore");
        let reused = {
            let mut state = self.shared.state();
            // Broken idle connections are dropped (closed) on the way.
            let healthy = std::iter::from_fn(|| state.idle.pop()).find(|c| !c.is_broken());
            if healthy.is_some() {
                state.in_use += 1;
            }
            healthy
        };
        let conn = match reused {
            Some(conn) => conn,
            None => {
                let conn = self.shared.db.connect().await.map_err(PoolError::Connect)?;
                let mut state = self.shared.state();
                state.created += 1;
                state.in_use += 1;
                conn
            }
        };
        Ok(PooledConnection {
            conn: Some(conn),
            permit: Some(permit),
            shared: Arc::clone(&self.shared),
        })
    }

    /// Counters for monitoring.
    pub fn monitor(&self) -> PoolStats {
        let state = self.shared.state();
        let mut waits: Vec<Duration> = state.waits.iter().copied().collect();
        waits.sort_unstable();
        let p95_wait = if waits.is_empty() {
            Duration::ZERO
        } else {
            // Nearest rank: the smallest wait at or above 95% of the samples.
            let rank = (waits.len() * 95).div_ceil(100);
            waits[rank - 1]
        };
        PoolStats {
            in_use: state.in_use,
            // Healthy only: an idle connection breaks when the server restarts, and it is
            // closed only when someone takes it out.
            idle: state.idle.iter().filter(|c| !c.is_broken()).count(),
            waiting: self.shared.waiting.load(Ordering::SeqCst),
            created: state.created,
            p95_wait,
        }
    }
}

/// Counts an `acquire` call in progress for as long as it lives, cancellation included.
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
    permit: Option<OwnedSemaphorePermit>,
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
        if let Some(conn) = self.conn.take() {
            let mut state = self.shared.state();
            state.in_use -= 1;
            if conn.is_broken() {
                drop(state);
                drop(conn); // Closed; the slot below lets a waiter open a fresh one.
            } else {
                state.idle.push(conn);
            }
        }
        // The slot is freed only after the connection is back in the idle list, so the next
        // holder of the slot finds it there instead of opening one too many.
        drop(self.permit.take());
    }
}
