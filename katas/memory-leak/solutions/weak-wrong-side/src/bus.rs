//! Fans events out to subscribers: each connected client holds a `Subscription` and drains
//! its pending events when its socket is ready.
//!
//! The bus owns the mailboxes; a subscription only holds weak references, to its mailbox and to
//! the bus, so it can never keep either alive. Dropping a subscription removes its mailbox.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, Weak};

type Mailbox<E> = Mutex<VecDeque<E>>;

struct Registry<E> {
    next_id: u64,
    subscribers: HashMap<u64, Arc<Mailbox<E>>>,
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
        let mailbox = Arc::new(Mutex::new(VecDeque::new()));
        let mut registry = lock(&self.registry);
        let id = registry.next_id;
        registry.next_id += 1;
        let weak = Arc::downgrade(&mailbox);
        registry.subscribers.insert(id, mailbox);
        Subscription { id, mailbox: weak, bus: Arc::downgrade(&self.registry) }
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
    mailbox: Weak<Mailbox<E>>,
    bus: Weak<Mutex<Registry<E>>>,
}

impl<E> Subscription<E> {
    /// Takes every pending event, oldest first.
    pub fn drain(&self) -> Vec<E> {
        match self.mailbox.upgrade() {
            Some(mailbox) => lock(&mailbox).drain(..).collect(),
            None => Vec::new(),
        }
    }

    /// The number of events waiting to be drained.
    pub fn pending(&self) -> usize {
        self.mailbox.upgrade().map_or(0, |mailbox| lock(&mailbox).len())
    }

    /// Stops receiving events (the same as dropping the subscription).
    pub fn unsubscribe(self) {}
}

impl<E> Drop for Subscription<E> {
    fn drop(&mut self) {
        if let Some(registry) = self.bus.upgrade() {
            lock(&registry).subscribers.remove(&self.id);
        }
    }
}
