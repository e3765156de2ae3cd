//! WRONG SOLUTION (discard-forgets-slot): rightly refuses to recycle a broken connection, or
//! one whose holder panicked, and lets it close; but the slot it occupied is never given
//! back (`open` is not decremented, no waiter is told). After max_size such connections the
//! pool is empty for good.

pub mod db;

use std::collections::VecDeque;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

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
}

/// What a waiter is handed: a connection, or the right to open one (a slot counted in `open`).
enum Grant {
    Conn(Connection),
    Slot,
}

#[derive(Default)]
struct State {
    idle: Vec<Connection>,
    /// Connections that exist or are being opened: idle + in use + connecting.
    open: usize,
    in_use: usize,
    waiting: usize,
    created: usize,
    waiters: VecDeque<(u64, oneshot::Sender<Grant>)>,
    next_waiter: u64,
    waits: VecDeque<Duration>,
}

impl State {
    /// Passes a grant to the first live waiter, or keeps it.
    fn dispatch(&mut self, mut grant: Grant) {
        while let Some((_, tx)) = self.waiters.pop_front() {
            match tx.send(grant) {
                Ok(()) => return,
                Err(back) => grant = back,
            }
        }
        match grant {
            Grant::Conn(conn) => self.idle.push(conn),
            Grant::Slot => self.open -= 1,
        }
    }
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Pool {
    /// A pool of at most `config.max_size` connections to `db`. Opens nothing yet.
    pub fn new(db: Arc<Database>, config: PoolConfig) -> Pool {
        assert!(config.max_size >= 1, "max_size must be at least 1");
        Pool { shared: Arc::new(Shared { db, config, state: Mutex::new(State::default()) }) }
    }

    /// Waits for a connection, first come first served, for at most `acquire_timeout`.
    pub async fn acquire(&self) -> Result<PooledConnection, PoolError> {
        let started = Instant::now();
        let _waiting = Waiting::enter(&self.shared);
        let result = tokio::time::timeout(self.shared.config.acquire_timeout, self.checkout()).await;
        let conn = result.map_err(|_| PoolError::Timeout)??;
        let mut state = self.shared.state();
        if state.waits.len() == WAIT_WINDOW {
            state.waits.pop_front();
        }
        state.waits.push_back(started.elapsed());
        Ok(conn)
    }

    async fn checkout(&self) -> Result<PooledConnection, PoolError> {
        let grant = {
            let mut state = self.shared.state();
            let mut grant = None;
            while let Some(conn) = state.idle.pop() {
                if conn.is_broken() {
                    state.open -= 1;
                } else {
                    grant = Some(Grant::Conn(conn));
                    break;
                }
            }
            if grant.is_none() && state.open < self.shared.config.max_size {
                state.open += 1;
                grant = Some(Grant::Slot);
            }
            match grant {
                Some(grant) => Ok(grant),
                None => {
                    let id = state.next_waiter;
                    state.next_waiter += 1;
                    let (tx, rx) = oneshot::channel();
                    state.waiters.push_back((id, tx));
                    Err(QueuedWaiter { shared: &self.shared, id, rx: Some(rx) })
                }
            }
        };
        let grant = match grant {
            Ok(grant) => grant,
            Err(mut waiter) => waiter.wait().await,
        };
        let conn = match grant {
            Grant::Conn(conn) if !conn.is_broken() => conn,
            Grant::Conn(broken) => {
                drop(broken); // Its slot is ours: open a fresh one in its place.
                self.open_new().await?
            }
            Grant::Slot => self.open_new().await?,
        };
        self.shared.state().in_use += 1;
        Ok(PooledConnection { conn: Some(conn), shared: Arc::clone(&self.shared) })
    }

    /// Opens a connection in a slot we already hold; gives the slot back if this fails or
    /// is cancelled.
    async fn open_new(&self) -> Result<Connection, PoolError> {
        let slot = SlotGuard { shared: &self.shared, armed: true };
        let conn = self.shared.db.connect().await.map_err(PoolError::Connect)?;
        slot.disarm();
        self.shared.state().created += 1;
        Ok(conn)
    }

    /// Counters for monitoring.
    pub fn monitor(&self) -> PoolStats {
        let state = self.shared.state();
        let mut waits: Vec<Duration> = state.waits.iter().copied().collect();
        waits.sort_unstable();
        let p95_wait = match waits.len() {
            0 => Duration::ZERO,
            n => waits[(n * 95).div_ceil(100) - 1],
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

/// Counts an `acquire` in progress, cancellation included.
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

/// A place in the waiters' queue. Dropped before it is served, it leaves the queue; dropped
/// after a grant was sent but before it was received, it passes the grant on.
struct QueuedWaiter<'a> {
    shared: &'a Shared,
    id: u64,
    rx: Option<oneshot::Receiver<Grant>>,
}

impl QueuedWaiter<'_> {
    async fn wait(&mut self) -> Grant {
        let rx = self.rx.as_mut().expect("waited once");
        let grant = rx.await.expect("the pool never drops a queued sender");
        self.rx = None;
        grant
    }
}

impl Drop for QueuedWaiter<'_> {
    fn drop(&mut self) {
        if let Some(mut rx) = self.rx.take() {
            let mut state = self.shared.state();
            state.waiters.retain(|(id, _)| *id != self.id);
            if let Ok(grant) = rx.try_recv() {
                state.dispatch(grant);
            }
        }
    }
}

/// A slot being filled by a connect; given back unless disarmed.
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
            self.shared.state().dispatch(Grant::Slot);
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
            if conn.is_broken() || std::thread::panicking() {
                // Never recycle a connection in an unknown state: let it close.
                return;
            }
            state.dispatch(Grant::Conn(conn));
        }
    }
}
