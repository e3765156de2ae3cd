//! Fans events out to subscribers: each connected client holds a `Subscription` and drains
//! its pending events when its socket is ready.
//!
//! Ownership goes one way only: the bus owns the mailboxes of its subscribers, and a
//! subscription reaches back to the bus through a `Weak`, so no reference cycle can keep
//! either alive. Dropping a subscription removes its mailbox from the bus at once.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, Weak};

type Mailbox<E> = Arc<Mutex<VecDeque<E>>>;

struct Registry<E> {
    next_id: u64,
    subscribers: HashMap<u64, Mailbox<E>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Publishes events of type `E` to every subscriber.
pub struct EventBus<E> {
    registry: Arc<Mutex<Registry<E>>>,
}

impl<E: Clone> EventBus<E> {
    /// Creates a bus with no subscribers.
    pub fn new() -> Self {
        EventBus { registry: Arc::new(Mutex::new(Registry { next_id: 0, subscribers: HashMap::new() })) }
    }

    /// Registers a new subscriber. It receives every event published from now on.
    pub fn subscribe(&self) -> Subscription<E> {
        let mailbox = Mailbox::default();
        let mut registry = lock(&self.registry);
        let id = registry.next_id;
        registry.next_id += 1;
        registry.subscribers.insert(id, Arc::clone(&mailbox));
        Subscription { id, mailbox, bus: Arc::downgrade(&self.registry) }
    }

    /// Delivers a copy of `event` to every subscriber; returns how many received it.
    pub fn publish(&self, event: E) -> usize {
        let registry = lock(&self.registry);
        for mailbox in registry.subscribers.values() {
            lock(mailbox).push_back(event.clone());
        }
        registry.subscribers.len()
    }

    /// The number of subscribers that currently receive events.
    pub fn subscriber_count(&self) -> usize {
        lock(&self.registry).subscribers.len()
    }
}

impl<E: Clone> Default for EventBus<E> {
    fn default() -> Self {
        Self::new()
    }
}

/// A subscriber's handle: its pending events, oldest first. Dropping it unsubscribes.
pub struct Subscription<E> {
    id: u64,
    mailbox: Mailbox<E>,
    bus: Weak<Mutex<Registry<E>>>,
}

impl<E> Subscription<E> {
    /// Takes every pending event, oldest first.
    pub fn drain(&self) -> Vec<E> {
        lock(&self.mailbox).drain(..).collect()
    }

    /// The number of events waiting to be drained.
    pub fn pending(&self) -> usize {
        lock(&self.mailbox).len()
    }

    /// Stops receiving events. (Only an explicit unsubscribe leaves the bus: a dropped
    /// subscription stays registered.)
    pub fn unsubscribe(self) {
        if let Some(registry) = self.bus.upgrade() {
            lock(&registry).subscribers.remove(&self.id);
        }
    }
}
