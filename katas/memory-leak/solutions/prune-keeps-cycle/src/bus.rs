//! Fans events out to subscribers: each connected client holds a `Subscription` and drains
//! its pending events when its socket is ready.
//!
//! A subscription that was dropped without unsubscribing is noticed by its reference count
//! (only the bus still holds its slot) and pruned on the next publish.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

/// State shared by the bus and its subscribers.
struct Shared<E> {
    subscribers: Mutex<Vec<Arc<Slot<E>>>>,
}

/// One subscriber's mailbox.
struct Slot<E> {
    pending: Mutex<VecDeque<E>>,
    /// The bus this slot is registered with, so that the subscriber can leave it.
    bus: Arc<Shared<E>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Publishes events of type `E` to every subscriber.
pub struct EventBus<E> {
    shared: Arc<Shared<E>>,
}

impl<E: Clone> EventBus<E> {
    /// Creates a bus with no subscribers.
    pub fn new() -> Self {
        EventBus { shared: Arc::new(Shared { subscribers: Mutex::new(Vec::new()) }) }
    }

    /// Registers a new subscriber. It receives every event published from now on.
    pub fn subscribe(&self) -> Subscription<E> {
        let slot = Arc::new(Slot { pending: Mutex::new(VecDeque::new()), bus: Arc::clone(&self.shared) });
        lock(&self.shared.subscribers).push(Arc::clone(&slot));
        Subscription { slot }
    }

    /// Delivers a copy of `event` to every subscriber; returns how many received it.
    pub fn publish(&self, event: E) -> usize {
        let mut subscribers = lock(&self.shared.subscribers);
        subscribers.retain(|slot| Arc::strong_count(slot) > 1);
        for slot in subscribers.iter() {
            lock(&slot.pending).push_back(event.clone());
        }
        subscribers.len()
    }

    /// The number of subscribers that currently receive events.
    pub fn subscriber_count(&self) -> usize {
        lock(&self.shared.subscribers).iter().filter(|slot| Arc::strong_count(slot) > 1).count()
    }
}

impl<E: Clone> Default for EventBus<E> {
    fn default() -> Self {
        Self::new()
    }
}

/// A subscriber's handle: its pending events, oldest first.
pub struct Subscription<E> {
    slot: Arc<Slot<E>>,
}

impl<E> Subscription<E> {
    /// Takes every pending event, oldest first.
    pub fn drain(&self) -> Vec<E> {
        lock(&self.slot.pending).drain(..).collect()
    }

    /// The number of events waiting to be drained.
    pub fn pending(&self) -> usize {
        lock(&self.slot.pending).len()
    }

    /// Stops receiving events.
    pub fn unsubscribe(self) {
        lock(&self.slot.bus.subscribers).retain(|slot| !Arc::ptr_eq(slot, &self.slot));
    }
}
