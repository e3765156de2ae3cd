//! An async connection pool over the simulated database in [`db`].
//!
//! Hand-rolled FIFO hand-off, no semaphore: the pool state (idle connections, number of
//! slots taken, queue of waiters) sits behind one std `Mutex` that is never held across an
//! `.await`. A waiter is a oneshot sender in a queue. Whatever frees up (a healthy returned
//! connection, or a slot freed by a broken connection / failed or abandoned connect) is handed
//! directly to the oldest live waiter, wrapped in a `Grant` whose `Drop` gives it back if the
//! waiter vanished before taking it. New callers queue behind existing waiters.

pub mod db;

use std::collections::VecDeque;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

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

struct State {
    idle: Vec<Connection>,
    /// Slots taken: connections idle, in use, being opened, or granted to a waiter.
    open: usize,
    waiters: VecDeque<(u64, oneshot::Sender<Grant>)>,
    next_waiter: u64,
}

struct Inner {
    db: Arc<Database>,
    config: PoolConfig,
    state: Mutex<State>,
    in_use: AtomicUsize,
    waiting: AtomicUsize,
    created: AtomicUsize,
    waits: Mutex<VecDeque<Duration>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// What a waiter can be handed.
enum Freed {
    Conn(Connection),
    Slot,
}

/// A freed resource in flight to a waiter; returned to the pool if dropped untaken.
struct Grant {
    inner: Arc<Inner>,
    item: Option<Freed>,
}

impl Drop for Grant {
    fn drop(&mut self) {
        if let Some(item) = self.item.take() {
            Inner::release(&self.inner, item);
        }
    }
}

/// A slot reserved for opening a connection; freed again unless `keep` is called.
struct SlotGuard {
    inner: Option<Arc<Inner>>,
}

impl SlotGuard {
    fn keep(mut self) {
        self.inner = None;
    }
}

impl Drop for SlotGuard {
    fn drop(&mut self) {
        if let Some(inner) = self.inner.take() {
            Inner::release(&inner, Freed::Slot);
        }
    }
}

/// Removes a waiter's queue entry if it gives up (timeout, cancellation).
struct QueueEntry<'a> {
    inner: &'a Inner,
    id: u64,
}

impl Drop for QueueEntry<'_> {
    fn drop(&mut self) {
        let removed = {
            let mut state = lock(&self.inner.state);
            let pos = state.waiters.iter().position(|(id, _)| *id == self.id);
            pos.and_then(|p| state.waiters.remove(p))
        };
        drop(removed); // outside the lock
    }
}

impl Inner {
    /// Hands `item` to the oldest live waiter, or puts it back into the pool.
    fn release(this: &Arc<Inner>, item: Freed) {
        let mut item = match item {
            Freed::Conn(conn) if conn.is_broken() => {
                drop(conn);
                Freed::Slot
            }
            other => other,
        };
        let mut dead = Vec::new();
        let mut state = lock(&this.state);
        loop {
            let Some((id, tx)) = state.waiters.pop_front() else {
                match item {
                    Freed::Conn(conn) => state.idle.push(conn),
                    Freed::Slot => state.open -= 1,
                }
                break;
            };
            match tx.send(Grant { inner: Arc::clone(this), item: Some(item) }) {
                Ok(()) => break,
                Err(mut grant) => {
                    item = grant.item.take().expect("untaken");
                    dead.push((id, grant));
                }
            }
        }
        drop(state);
        drop(dead);
    }
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

enum Next {
    Ready(Connection),
    Open(SlotGuard),
    Wait(u64, oneshot::Receiver<Grant>),
}

impl Pool {
    pub fn new(db: Arc<Database>, config: PoolConfig) -> Pool {
        Pool {
            inner: Arc::new(Inner {
                db,
                config,
                state: Mutex::new(State { idle: Vec::new(), open: 0, waiters: VecDeque::new(), next_waiter: 0 }),
                in_use: AtomicUsize::new(0),
                waiting: AtomicUsize::new(0),
                created: AtomicUsize::new(0),
                waits: Mutex::new(VecDeque::with_capacity(WAIT_SAMPLES)),
            }),
        }
    }

    fn next(&self) -> Next {
        let max = self.inner.config.max_size.max(1);
        let mut state = lock(&self.inner.state);
        let next = loop {
            if state.waiters.is_empty() {
                if let Some(conn) = state.idle.pop() {
                    if conn.is_broken() {
                        // Closed before its slot is freed: otherwise a connect started in
                        // between has the server see one connection more than max_size.
                        drop(conn);
                        state.open -= 1;
                        continue;
                    }
                    break Next::Ready(conn);
                }
                if state.open < max {
                    state.open += 1;
                    break Next::Open(SlotGuard { inner: Some(Arc::clone(&self.inner)) });
                }
            }
            let (tx, rx) = oneshot::channel();
            let id = state.next_waiter;
            state.next_waiter += 1;
            state.waiters.push_back((id, tx));
            break Next::Wait(id, rx);
        };
        drop(state);
        next
    }

    async fn open(&self, slot: SlotGuard) -> Result<Connection, PoolError> {
        let conn = self.inner.db.connect().await.map_err(PoolError::Connect)?; // slot freed on error
        slot.keep();
        self.inner.created.fetch_add(1, Ordering::SeqCst);
        Ok(conn)
    }

    async fn get(&self) -> Result<Connection, PoolError> {
        match self.next() {
            Next::Ready(conn) => Ok(conn),
            Next::Open(slot) => self.open(slot).await,
            Next::Wait(id, rx) => {
                let entry = QueueEntry { inner: &self.inner, id };
                let mut grant = rx.await.expect("senders are only dropped after a send attempt");
                drop(entry); // already popped by the sender; a no-op lookup
                match grant.item.take().expect("untaken") {
                    Freed::Conn(conn) if conn.is_broken() => {
                        drop(conn);
                        self.open(SlotGuard { inner: Some(Arc::clone(&self.inner)) }).await
                    }
                    Freed::Conn(conn) => Ok(conn),
                    Freed::Slot => self.open(SlotGuard { inner: Some(Arc::clone(&self.inner)) }).await,
                }
            }
        }
    }

    pub async fn acquire(&self) -> Result<PooledConnection, PoolError> {
        let started = Instant::now();
        let _waiting = WaitingGuard::new(&self.inner.waiting);
        let conn = match tokio::time::timeout(self.inner.config.acquire_timeout, self.get()).await {
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
        Ok(PooledConnection { conn: Some(conn), inner: Arc::clone(&self.inner) })
    }

    pub fn monitor(&self) -> PoolStats {
        let idle = lock(&self.inner.state).idle.iter().filter(|c| !c.is_broken()).count();
        let p95_wait = {
            let mut waits: Vec<Duration> = lock(&self.inner.waits).iter().copied().collect();
            if waits.is_empty() {
                Duration::ZERO
            } else {
                waits.sort_unstable();
                let rank = (waits.len() * 95 + 99) / 100; // ceil(0.95 n), 1-based
                waits[rank.max(1) - 1]
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
            self.inner.in_use.fetch_sub(1, Ordering::SeqCst);
            Inner::release(&self.inner, Freed::Conn(conn));
        }
    }
}
