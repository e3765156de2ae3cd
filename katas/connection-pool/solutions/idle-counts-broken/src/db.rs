//! A simulated database, in process. DO NOT CHANGE THIS FILE: the hidden tests rely on it as is.
//!
//! Connecting and querying take time (they sleep), connections can break, and the database
//! counts the connections it has open, the way a real server would. The hidden tests
//! configure it through the methods below.

use std::fmt;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// What the database can go wrong with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbError {
    /// The server refused a new connection.
    ConnectRefused,
    /// The connection broke (during this query, or earlier). It cannot be used again.
    ConnectionLost,
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbError::ConnectRefused => f.write_str("connection refused"),
            DbError::ConnectionLost => f.write_str("connection lost"),
        }
    }
}

impl std::error::Error for DbError {}

/// The database server. Share it as `Arc<Database>`.
#[derive(Debug)]
pub struct Database {
    connect_delay_ms: AtomicU64,
    query_delay_ms: AtomicU64,
    refuse_connects: AtomicUsize,
    break_queries: AtomicUsize,
    generation: AtomicU64,
    open: AtomicUsize,
    peak_open: AtomicUsize,
    connects: AtomicUsize,
    next_id: AtomicU64,
}

impl Database {
    /// A database where `connect` takes `connect_delay` and every query takes `query_delay`.
    pub fn new(connect_delay: Duration, query_delay: Duration) -> Arc<Database> {
        Arc::new(Database {
            connect_delay_ms: AtomicU64::new(connect_delay.as_millis() as u64),
            query_delay_ms: AtomicU64::new(query_delay.as_millis() as u64),
            refuse_connects: AtomicUsize::new(0),
            break_queries: AtomicUsize::new(0),
            generation: AtomicU64::new(0),
            open: AtomicUsize::new(0),
            peak_open: AtomicUsize::new(0),
            connects: AtomicUsize::new(0),
            next_id: AtomicU64::new(1),
        })
    }

    /// Changes how long `connect` takes (whole milliseconds).
    pub fn set_connect_delay(&self, delay: Duration) {
        self.connect_delay_ms.store(delay.as_millis() as u64, Ordering::SeqCst);
    }

    /// Changes how long a query takes (whole milliseconds).
    pub fn set_query_delay(&self, delay: Duration) {
        self.query_delay_ms.store(delay.as_millis() as u64, Ordering::SeqCst);
    }

    /// The next `n` connection attempts fail with [`DbError::ConnectRefused`].
    pub fn refuse_next_connects(&self, n: usize) {
        self.refuse_connects.store(n, Ordering::SeqCst);
    }

    /// The next `n` queries (on any connections) fail with [`DbError::ConnectionLost`] and
    /// leave their connection broken.
    pub fn break_next_queries(&self, n: usize) {
        self.break_queries.store(n, Ordering::SeqCst);
    }

    /// A server restart: every connection open right now is broken from now on.
    pub fn restart(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// Connections the server holds open right now, counting those still being established.
    pub fn open_connections(&self) -> usize {
        self.open.load(Ordering::SeqCst)
    }

    /// The most connections the server ever held open at the same time.
    pub fn peak_open_connections(&self) -> usize {
        self.peak_open.load(Ordering::SeqCst)
    }

    /// How many connections were established successfully, in total.
    pub fn successful_connects(&self) -> usize {
        self.connects.load(Ordering::SeqCst)
    }

    /// Opens a new connection: takes the connect delay, may be refused.
    ///
    /// The server counts the connection as open from the moment the attempt starts. Dropping
    /// this future before it finishes abandons the attempt (the server forgets it).
    pub async fn connect(self: &Arc<Self>) -> Result<Connection, DbError> {
        let attempt = OpenSlot::take(self);
        let delay = self.connect_delay_ms.load(Ordering::SeqCst);
        if delay > 0 {
            tokio::time::sleep(Duration::from_millis(delay)).await;
        }
        if take_one(&self.refuse_connects) {
            return Err(DbError::ConnectRefused); // `attempt` gives the slot back.
        }
        attempt.keep();
        self.connects.fetch_add(1, Ordering::SeqCst);
        Ok(Connection {
            db: Arc::clone(self),
            id: self.next_id.fetch_add(1, Ordering::SeqCst),
            generation: self.generation.load(Ordering::SeqCst),
            broken: false,
            queries: 0,
        })
    }
}

/// One open connection. Dropping it closes it.
#[derive(Debug)]
pub struct Connection {
    db: Arc<Database>,
    id: u64,
    generation: u64,
    broken: bool,
    queries: u64,
}

impl Connection {
    /// A number that identifies this connection (unique per database).
    pub fn id(&self) -> u64 {
        self.id
    }

    /// True when the connection can no longer be used: a query on it failed with
    /// [`DbError::ConnectionLost`], a query on it was cancelled midway, or the server restarted
    /// since it was opened. Cheap: it does not talk to the server.
    pub fn is_broken(&self) -> bool {
        self.broken || self.generation != self.db.generation.load(Ordering::SeqCst)
    }

    /// Runs a query: takes the query delay. Returns how many queries this connection has
    /// completed, this one included.
    ///
    /// Dropping this future before it finishes leaves the connection broken (the server is
    /// still busy with the abandoned query).
    pub async fn query(&mut self, _sql: &str) -> Result<u64, DbError> {
        if self.is_broken() {
            return Err(DbError::ConnectionLost);
        }
        self.broken = true; // Until the query completes.
        let delay = self.db.query_delay_ms.load(Ordering::SeqCst);
        if delay > 0 {
            tokio::time::sleep(Duration::from_millis(delay)).await;
        }
        if take_one(&self.db.break_queries) {
            return Err(DbError::ConnectionLost);
        }
        self.broken = false;
        self.queries += 1;
        Ok(self.queries)
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.db.open.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The server's count of one open connection, given back on drop unless kept.
struct OpenSlot<'a> {
    db: &'a Database,
    kept: bool,
}

impl<'a> OpenSlot<'a> {
    fn take(db: &'a Database) -> OpenSlot<'a> {
        let now = db.open.fetch_add(1, Ordering::SeqCst) + 1;
        db.peak_open.fetch_max(now, Ordering::SeqCst);
        OpenSlot { db, kept: false }
    }

    /// The connection now owns the count (its `Drop` gives it back).
    fn keep(mut self) {
        self.kept = true;
    }
}

impl Drop for OpenSlot<'_> {
    fn drop(&mut self) {
        if !self.kept {
            self.db.open.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Decrements `counter` if it is positive; true if it did.
fn take_one(counter: &AtomicUsize) -> bool {
    counter
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok()
}
