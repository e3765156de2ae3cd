//! WRONG SOLUTION (notify-barging): waiters sleep on a `tokio::sync::Notify` that every
//! returned connection signals. Three mistakes a first version makes: the deadline is only
//! checked when a waiter wakes, so on a pool where nothing is returned `acquire` never
//! times out; a returned connection goes to the idle list, where whoever looks first takes
//! it (the notified waiter often finds it gone and queues again at the back: no FIFO); and
//! the "p95" is an average.

pub mod db;

use std::collections::VecDeque;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

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
    state: Mutex<State>,
    returned: Notify,
}

#[derive(Default)]
struct State {
    idle: Vec<Connection>,
    open: usize,
    in_use: usize,
    waiting: usize,
    created: usize,
    waits: VecDeque<Duration>,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Pool {
    /// A pool of at most `config.max_size` connections to `db`. Opens nothing yet.
    pub fn new(db: Arc<Database>, config: PoolConfig) -> Pool {
        Pool {
            shared: Arc::new(Shared { db, config, state: Mutex::new(State::default()), returned: Notify::new() }),
        }
    }

    /// Waits for a connection for at most `acquire_timeout`.
    pub async fn acquire(&self) -> Result<PooledConnection, PoolError> {
        let started = Instant::now();
        let deadline = started + self.shared.config.acquire_timeout;
        let _waiting = Waiting::enter(&self.shared);
        loop {
            let reserved = {
                let mut state = self.shared.state();
                while let Some(conn) = state.idle.pop() {
                    if conn.is_broken() {
                        state.open -= 1;
                        continue;
                    }
                    state.in_use += 1;
                    record(&mut state, started);
                    return Ok(PooledConnection { conn: Some(conn), shared: Arc::clone(&self.shared) });
                }
                if state.open < self.shared.config.max_size {
                    state.open += 1;
                    true
                } else {
                    false
                }
            };
            if reserved {
                let slot = SlotGuard { shared: &self.shared, armed: true };
                let conn = match tokio::time::timeout_at(deadline.into(), self.shared.db.connect()).await {
                    Err(_) => return Err(PoolError::Timeout),
                    Ok(result) => result.map_err(PoolError::Connect)?,
                };
                slot.disarm();
                let mut state = self.shared.state();
                state.created += 1;
                state.in_use += 1;
                record(&mut state, started);
                return Ok(PooledConnection { conn: Some(conn), shared: Arc::clone(&self.shared) });
            }
            if Instant::now() >= deadline {
                return Err(PoolError::Timeout);
            }
            // Everything is in use: sleep until a connection comes back.
            self.shared.returned.notified().await;
        }
    }

    /// Counters for monitoring.
    pub fn monitor(&self) -> PoolStats {
        let state = self.shared.state();
        // Close enough to a p95 for a dashboard.
        let p95_wait = match state.waits.len() {
            0 => Duration::ZERO,
            n => state.waits.iter().sum::<Duration>() / n as u32,
        };
        PoolStats {
            in_use: state.in_use,
            idle: state.idle.len(),
            waiting: state.waiting,
            created: state.created,
            p95_wait,
        }
    }
}

fn record(state: &mut State, started: Instant) {
    if state.waits.len() == WAIT_WINDOW {
        state.waits.pop_front();
    }
    state.waits.push_back(started.elapsed());
}

struct Waiting<'a>(&'a Shared);

impl<'a> Waiting<'a> {
    fn enter(shared: &'a Shared) -> Waiting<'a> {
        shared.state().waiting += 1;
        Waiting(shared)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.state().waiting -= 1;
    }
}

struct SlotGuard<'a> {
    shared: &'a Shared,
    armed: bool,
}

impl SlotGuard<'_> {
    fn disarm(mut self) {
        self.armed = false;
    }
}

impl Drop for SlotGuard<'_> {
    fn drop(&mut self) {
        if self.armed {
            self.shared.state().open -= 1;
            self.shared.returned.notify_one();
        }
    }
}

/// A connection on loan from the pool; it goes back when this is dropped.
pub struct PooledConnection {
    conn: Option<Connection>,
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
                state.open -= 1;
            } else {
                state.idle.push(conn);
            }
            drop(state);
            self.shared.returned.notify_one();
        }
    }
}
