//! The event queue between our log shippers and the incident handlers.
//!
//! Version 1 is a plain FIFO: it ignores severities, the capacity and the clock. See
//! README.md for what it has to become. The types above `EventQueue` are the agreed API;
//! keep their signatures.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How bad an event is, from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Diagnostic noise.
    Debug,
    /// Normal operation.
    Info,
    /// Something looks wrong.
    Warning,
    /// A request failed.
    Error,
    /// Money or data is at stake (e.g. a payment failure).
    Critical,
}

impl Severity {
    /// Every severity, least severe first; `ALL[s.index()] == s`.
    pub const ALL: [Severity; 5] = [
        Severity::Debug,
        Severity::Info,
        Severity::Warning,
        Severity::Error,
        Severity::Critical,
    ];

    /// Position in [`Severity::ALL`]: `Debug` is 0, `Critical` is 4.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// One log event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Caller-chosen identifier (the queue does not interpret it).
    pub id: u64,
    /// Severity the event was pushed with; the queue never changes it.
    pub severity: Severity,
    /// The log line.
    pub payload: String,
}

impl Event {
    /// Builds an event.
    pub fn new(id: u64, severity: Severity, payload: impl Into<String>) -> Event {
        Event {
            id,
            severity,
            payload: payload.into(),
        }
    }
}

/// A monotonic time source, injectable so tests can move time by hand.
pub trait Clock: Send + Sync {
    /// Time elapsed since some fixed origin; never decreases.
    fn now(&self) -> Duration;
}

/// The real clock.
#[derive(Debug, Clone, Copy)]
pub struct SystemClock {
    origin: Instant,
}

impl SystemClock {
    /// A clock whose origin is now.
    pub fn new() -> SystemClock {
        SystemClock {
            origin: Instant::now(),
        }
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        SystemClock::new()
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Duration {
        self.origin.elapsed()
    }
}

/// A clock that only moves when told to.
#[derive(Debug, Default)]
pub struct ManualClock {
    nanos: AtomicU64,
}

impl ManualClock {
    /// A clock standing at zero.
    pub fn new() -> ManualClock {
        ManualClock::default()
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        self.nanos.fetch_add(by.as_nanos() as u64, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Duration {
        Duration::from_nanos(self.nanos.load(Ordering::SeqCst))
    }
}

/// Why a push did not enqueue its event; the event is handed back.
#[derive(Debug, PartialEq, Eq)]
pub enum PushError {
    /// `try_push` of a non-critical event while the queue holds `capacity` events or more.
    Full(Event),
    /// The queue was closed.
    Closed(Event),
}

impl PushError {
    /// The event that was not enqueued.
    pub fn into_event(self) -> Event {
        match self {
            PushError::Full(e) | PushError::Closed(e) => e,
        }
    }
}

impl fmt::Display for PushError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PushError::Full(e) => write!(f, "queue full, event {} not enqueued", e.id),
            PushError::Closed(e) => write!(f, "queue closed, event {} not enqueued", e.id),
        }
    }
}

impl std::error::Error for PushError {}

/// Per-severity counters, indexed by [`Severity::index`] and always by the severity an event
/// was pushed with (a promoted `Debug` event still counts as `Debug`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Events in the queue right now.
    pub queued: [usize; 5],
    /// Events ever accepted by `push`/`try_push`.
    pub accepted: [u64; 5],
    /// Events ever handed out by `pop`/`pop_wait`.
    pub delivered: [u64; 5],
}

/// A multi-producer, multi-consumer event queue.
///
/// Two ordered indexes over the same events: `by_seq` (acceptance order) owns the events and
/// `by_rank` orders `(most severe first, then acceptance)`. Acceptance time grows with the
/// sequence number (both are taken under the lock), so the overdue events are a prefix of
/// `by_seq`: if the oldest event is overdue it is the oldest of the top class; otherwise the
/// top class is just the Critical events, and the first of `by_rank` is the oldest Critical
/// if there is one, else the most severe, oldest event. O(log n) per operation.
pub struct EventQueue {
    capacity: usize,
    promote_after: Duration,
    clock: Arc<dyn Clock>,
    state: Mutex<State>,
    not_empty: Condvar,
    not_full: Condvar,
}

struct Entry {
    seq: u64,
    at: Duration,
    event: Event,
}

struct State {
    by_seq: BTreeMap<u64, Entry>,
    by_rank: BTreeSet<(Reverse<Severity>, u64)>,
    queued: [usize; 5],
    len: usize,
    next_seq: u64,
    closed: bool,
    accepted: [u64; 5],
    delivered: [u64; 5],
}

impl EventQueue {
    pub fn new(capacity: usize, promote_after: Duration, clock: Arc<dyn Clock>) -> EventQueue {
        assert!(capacity > 0, "capacity must be at least 1");
        EventQueue {
            capacity,
            promote_after,
            clock,
            state: Mutex::new(State {
                by_seq: BTreeMap::new(),
                by_rank: BTreeSet::new(),
                queued: [0; 5],
                len: 0,
                next_seq: 0,
                closed: false,
                accepted: [0; 5],
                delivered: [0; 5],
            }),
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    pub fn len(&self) -> usize {
        self.lock().len
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn accept(&self, state: &mut State, event: Event) {
        let sev = event.severity.index();
        let seq = state.next_seq;
        state.next_seq += 1;
        state.by_rank.insert((Reverse(event.severity), seq));
        state.by_seq.insert(seq, Entry { seq, at: self.clock.now(), event });
        state.queued[sev] += 1;
        state.len += 1;
        state.accepted[sev] += 1;
    }

    pub fn push(&self, event: Event) -> Result<(), PushError> {
        let mut state = self.lock();
        loop {
            if state.closed {
                return Err(PushError::Closed(event));
            }
            if event.severity == Severity::Critical || state.len < self.capacity {
                break;
            }
            state = self.not_full.wait(state).unwrap_or_else(|p| p.into_inner());
        }
        self.accept(&mut state, event);
        drop(state);
        self.not_empty.notify_one();
        Ok(())
    }

    pub fn try_push(&self, event: Event) -> Result<(), PushError> {
        let mut state = self.lock();
        if state.closed {
            return Err(PushError::Closed(event));
        }
        if event.severity != Severity::Critical && state.len >= self.capacity {
            return Err(PushError::Full(event));
        }
        self.accept(&mut state, event);
        drop(state);
        self.not_empty.notify_one();
        Ok(())
    }

    fn take(&self, state: &mut State) -> Option<Event> {
        if state.len == 0 {
            return None;
        }
        let now = self.clock.now();
        let (&oldest_seq, oldest) = state.by_seq.iter().next()?;
        let seq = if now.saturating_sub(oldest.at) >= self.promote_after {
            oldest_seq
        } else {
            state.by_rank.iter().next()?.1
        };
        let entry = state.by_seq.remove(&seq)?;
        debug_assert_eq!(entry.seq, seq);
        state.by_rank.remove(&(Reverse(entry.event.severity), seq));
        state.queued[entry.event.severity.index()] -= 1;
        state.len -= 1;
        state.delivered[entry.event.severity.index()] += 1;
        Some(entry.event)
    }

    pub fn pop(&self) -> Option<Event> {
        let mut state = self.lock();
        let event = self.take(&mut state);
        drop(state);
        if event.is_some() {
            self.not_full.notify_one();
        }
        event
    }

    pub fn pop_wait(&self) -> Option<Event> {
        let mut state = self.lock();
        loop {
            if let Some(event) = self.take(&mut state) {
                drop(state);
                self.not_full.notify_one();
                return Some(event);
            }
            if state.closed {
                return None;
            }
            state = self.not_empty.wait(state).unwrap_or_else(|p| p.into_inner());
        }
    }

    pub fn close(&self) {
        self.lock().closed = true;
        self.not_empty.notify_all();
        self.not_full.notify_all();
    }

    pub fn is_closed(&self) -> bool {
        self.lock().closed
    }

    pub fn counts(&self) -> Counts {
        let state = self.lock();
        Counts { queued: state.queued, accepted: state.accepted, delivered: state.delivered }
    }
}

impl fmt::Debug for EventQueue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventQueue")
            .field("capacity", &self.capacity)
            .field("counts", &self.counts())
            .finish_non_exhaustive()
    }
}
