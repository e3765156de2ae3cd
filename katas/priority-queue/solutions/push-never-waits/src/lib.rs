//! A bounded, severity-ordered event queue shared by many producers and consumers.
//!
//! Reference solution: one `VecDeque` per severity ("lane") behind a single `Mutex`, with two
//! condition variables (not full, not empty). Every operation is O(1) (five lanes to look at).

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

const CRITICAL: usize = 4;

struct Entry {
    seq: u64,
    accepted_at: Duration,
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

impl State {
    /// Removes the event that must be served next, if any.
    fn take(&mut self, now: Duration, promote_after: Duration) -> Option<Event> {
        if self.len == 0 {
            return None;
        }
        // The top class: every critical event plus every event that has waited long enough.
        // Each lane is in acceptance order, so its head is its oldest event, and if any event
        // of a lane is overdue its head is; the top class is served oldest first.
        let mut top: Option<(u64, usize)> = None;
        for (lane, entries) in self.lanes.iter().enumerate() {
            if let Some(head) = entries.front() {
                let in_top =
                    lane == CRITICAL || now.saturating_sub(head.accepted_at) >= promote_after;
                if in_top && top.is_none_or(|(seq, _)| head.seq < seq) {
                    top = Some((head.seq, lane));
                }
            }
        }
        let lane = match top {
            Some((_, lane)) => lane,
            None => (0..5).rev().find(|&l| !self.lanes[l].is_empty())?,
        };
        let entry = self.lanes[lane].pop_front()?;
        self.len -= 1;
        self.delivered[lane] += 1;
        Some(entry.event)
    }

    fn enqueue(&mut self, event: Event, now: Duration) {
        let lane = event.severity.index();
        let seq = self.next_seq;
        self.next_seq += 1;
        self.lanes[lane].push_back(Entry {
            seq,
            accepted_at: now,
            event,
        });
        self.len += 1;
        self.accepted[lane] += 1;
    }
}

/// A bounded multi-producer, multi-consumer event queue: most severe first, FIFO within a
/// severity, long-waiting events promoted, critical events never refused for lack of room.
pub struct EventQueue {
    capacity: usize,
    promote_after: Duration,
    clock: Arc<dyn Clock>,
    state: Mutex<State>,
    not_full: Condvar,
    not_empty: Condvar,
}

impl EventQueue {
    /// A queue holding up to `capacity` non-critical events, promoting any event that has
    /// waited `promote_after` or longer. Panics when `capacity` is 0.
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
            not_full: Condvar::new(),
            not_empty: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking caller cannot leave the state half-updated: every update is a few
        // assignments that do not panic, so a poisoned lock is still consistent.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The capacity given to [`EventQueue::new`].
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Events in the queue right now.
    pub fn len(&self) -> usize {
        self.lock().len
    }

    /// Whether the queue holds no event.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Enqueues `event`, waiting while the queue is full unless the event is critical.
    pub fn push(&self, event: Event) -> Result<(), PushError> {
        let mut state = self.lock();
        loop {
            if state.closed {
                return Err(PushError::Closed(event));
            }
            if event.severity == Severity::Critical || state.len < self.capacity {
                break;
            }
            return Err(PushError::Full(event));
        }
        // Read the clock under the lock so acceptance order and acceptance time agree.
        let now = self.clock.now();
        state.enqueue(event, now);
        drop(state);
        self.not_empty.notify_one();
        Ok(())
    }

    /// Enqueues `event` without waiting: a non-critical event is refused with
    /// [`PushError::Full`] when the queue is full.
    pub fn try_push(&self, event: Event) -> Result<(), PushError> {
        let mut state = self.lock();
        if state.closed {
            return Err(PushError::Closed(event));
        }
        if event.severity != Severity::Critical && state.len >= self.capacity {
            return Err(PushError::Full(event));
        }
        let now = self.clock.now();
        state.enqueue(event, now);
        drop(state);
        self.not_empty.notify_one();
        Ok(())
    }

    /// Takes the next event, or `None` when the queue is empty.
    pub fn pop(&self) -> Option<Event> {
        let mut state = self.lock();
        let event = state.take(self.clock.now(), self.promote_after);
        drop(state);
        if event.is_some() {
            self.not_full.notify_one();
        }
        event
    }

    /// Takes the next event, waiting while the queue is empty; `None` once the queue is
    /// closed and empty.
    pub fn pop_wait(&self) -> Option<Event> {
        let mut state = self.lock();
        loop {
            if let Some(event) = state.take(self.clock.now(), self.promote_after) {
                drop(state);
                self.not_full.notify_one();
                return Some(event);
            }
            if state.closed {
                return None;
            }
            state = self
                .not_empty
                .wait(state)
                .unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Refuses further pushes and wakes every waiting producer and consumer. Events already
    /// queued are still delivered.
    pub fn close(&self) {
        self.lock().closed = true;
        self.not_full.notify_all();
        self.not_empty.notify_all();
    }

    /// Whether [`EventQueue::close`] was called.
    pub fn is_closed(&self) -> bool {
        self.lock().closed
    }

    /// Per-severity counters, taken atomically.
    pub fn counts(&self) -> Counts {
        let state = self.lock();
        let mut queued = [0; 5];
        for (q, lane) in queued.iter_mut().zip(&state.lanes) {
            *q = lane.len();
        }
        Counts {
            queued,
            accepted: state.accepted,
            delivered: state.delivered,
        }
    }
}

impl fmt::Debug for EventQueue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventQueue")
            .field("capacity", &self.capacity)
            .field("promote_after", &self.promote_after)
            .field("counts", &self.counts())
            .finish_non_exhaustive()
    }
}
