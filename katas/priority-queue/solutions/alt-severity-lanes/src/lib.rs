//! The event queue between our log shippers and the incident handlers.
//!
//! Version 1 is a plain FIFO: it ignores severities, the capacity and the clock. See
//! README.md for what it has to become. The types above `EventQueue` are the agreed API;
//! keep their signatures.

use std::collections::VecDeque;
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
/// One FIFO lane per severity, each entry tagged with its acceptance sequence number and time
/// (both read under the lock, so both grow with acceptance order). Within a lane the head is
/// the oldest; if any event of a lane is overdue, its head is. So the oldest top-class event
/// is the lowest-sequence head among the Critical lane and the overdue heads: O(1) per pop.
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
    lanes: [VecDeque<Entry>; 5],
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
                lanes: Default::default(),
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
        let entry = Entry { seq: state.next_seq, at: self.clock.now(), event };
        state.next_seq += 1;
        state.lanes[sev].push_back(entry);
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
        let mut best: Option<(u64, usize)> = None;
        for (i, lane) in state.lanes.iter().enumerate() {
            if let Some(head) = lane.front() {
                let top = i == Severity::Critical.index()
                    || now.saturating_sub(head.at) >= self.promote_after;
                if top && best.map_or(true, |(seq, _)| head.seq < seq) {
                    best = Some((head.seq, i));
                }
            }
        }
        let lane = match best {
            Some((_, i)) => i,
            None => (0..5).rev().find(|&i| !state.lanes[i].is_empty())?,
        };
        let entry = state.lanes[lane].pop_front()?;
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
        let mut queued = [0; 5];
        for (i, lane) in state.lanes.iter().enumerate() {
            queued[i] = lane.len();
        }
        Counts { queued, accepted: state.accepted, delivered: state.delivered }
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
