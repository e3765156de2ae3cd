//! An async connection pool over the simulated database in [`db`].
//!
//! A fair (FIFO) `tokio::sync::Semaphore` with `max_size` permits bounds the connections that
//! are in use or being opened; idle connections sit in a std `Mutex<Vec>` that is never held
//! across an `.await`. A returned connection goes back to the idle list *before* its permit is
//! released, and the semaphore hands a released permit straight to the oldest waiter, so
//! waiting is FIFO and event driven. Every resource is owned by an RAII value (permit, guard,
//! connection), so cancelling `acquire` at any `.await` leaks nothing.

pub mod db;

use std::collections::VecDeque;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

pub use db::{Connection, Database, DbError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolConfig {
    pub max_size: usize,
    pub acquire_timeout: Duration,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PoolError {
    Timeout,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    pub in_use: usize,
    pub idle: usize,
    pub waiting: usize,
    pub created: usize,
    pub p95_wait: Duration,
}

const WAIT_SAMPLES: usize = 1000;

struct Inner {
    db: Arc<Database>,
    config: PoolConfig,
    permits: Arc<Semaphore>,
    idle: Mutex<Vec<Connection>>,
    in_use: AtomicUsize,
    waiting: AtomicUsize,
    created: AtomicUsize,
    waits: Mutex<VecDeque<Duration>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

#[derive(Clone)]
pub struct Pool {
    inner: Arc<Inner>,
}

/// Counts one `acquire` in progress for as long as it lives.
struct WaitingGuard<'a>(&'a AtomicUsize);

impl<'a> WaitingGuard<'a> {
    fn new(counter: &'a AtomicUsize) -> Self {
        counter.fetch_add(1, Ordering::SeqCst);
        WaitingGuard(counter)
    }
}

impl Drop for WaitingGuard<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Pool {
    pub fn new(db: Arc<Database>, config: PoolConfig) -> Pool {
        let max = config.max_size.max(1);
        Pool {
            inner: Arc::new(Inner {
                db,
                config,
                permits: Arc::new(Semaphore::new(max)),
                idle: Mutex::new(Vec::new()),
                in_use: AtomicUsize::new(0),
                waiting: AtomicUsize::new(0),
                created: AtomicUsize::new(0),
                waits: Mutex::new(VecDeque::with_capacity(WAIT_SAMPLES)),
            }),
        }
    }

    fn take_idle(&self) -> Option<Connection> {
        loop {
            let conn = lock(&self.inner.idle).pop()?;
            if !conn.is_broken() {
                return Some(conn);
            }
            drop(conn); // broken: close it; its slot is ours now
        }
    }

    async fn get(&self) -> Result<(OwnedSemaphorePermit, Connection), PoolError> {
        let permit = Arc::clone(&self.inner.permits)
            .acquire_owned()
            .await
            .expect("the pool never closes its semaphore");
        if let Some(conn) = self.take_idle() {
            return Ok((permit, conn));
        }
        // Dropping this future (timeout, cancellation) abandons the connect and the permit.
        let conn = self.inner.db.connect().await.map_err(PoolError::Connect)?;
        self.inner.created.fetch_add(1, Ordering::SeqCst);
        Ok((permit, conn))
    }

    pub async fn acquire(&self) -> Result<PooledConnection, PoolError> {
        let started = Instant::now();
        let _waiting = WaitingGuard::new(&self.inner.waiting);
        let (permit, conn) = match tokio::time::timeout(self.inner.config.acquire_timeout, self.get()).await {
            Err(_) => return Err(PoolError::Timeout),
            Ok(result) => result?,
        };
        self.inner.in_use.fetch_add(1, Ordering::SeqCst);
        {
            let mut waits = lock(&self.inner.waits);
            if waits.len() == WAIT_SAMPLES {
                waits.pop_front();
            }
            waits.push_back(started.elapsed());
        }
        Ok(PooledConnection { conn: Some(conn), permit: Some(permit), inner: Arc::clone(&self.inner) })
    }

    pub fn monitor(&self) -> PoolStats {
        let idle = lock(&self.inner.idle).iter().filter(|c| !c.is_broken()).count();
        let p95_wait = {
            let mut waits: Vec<Duration> = lock(&self.inner.waits).iter().copied().collect();
            if waits.is_empty() {
                Duration::ZERO
            } else {
                waits.sort_unstable();
                let index = waits.len() * 95 / 100; // the 95% point
                waits[index.min(waits.len() - 1)]
            }
        };
        PoolStats {
            in_use: self.inner.in_use.load(Ordering::SeqCst),
            idle,
            waiting: self.inner.waiting.load(Ordering::SeqCst),
            created: self.inner.created.load(Ordering::SeqCst),
            p95_wait,
        }
    }
}

pub struct PooledConnection {
    conn: Option<Connection>,
    permit: Option<OwnedSemaphorePermit>,
    inner: Arc<Inner>,
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
            if conn.is_broken() {
                drop(conn); // closed; the permit below frees its slot
            } else {
                lock(&self.inner.idle).push(conn);
            }
            self.inner.in_use.fetch_sub(1, Ordering::SeqCst);
        }
        // Last: wakes the oldest waiter, who then finds the connection idle.
        drop(self.permit.take());
    }
}
