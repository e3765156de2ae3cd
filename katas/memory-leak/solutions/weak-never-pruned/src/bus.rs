//! Fans events out to subscribers: each connected client holds a `Subscription` and drains
//! its pending events when its socket is ready.
//!
//! The bus only holds weak references to the mailboxes, so a dropped subscription frees its
//! mailbox and no cycle can form.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, Weak};

type Mailbox<E> = Mutex<VecDeque<E>>;

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Publishes events of type `E` to every subscriber.
pub struct EventBus<E> {
    subscribers: Mutex<Vec<Weak<Mailbox<E>>>>,
}

impl<E: Clone> EventBus<E> {
    /// Creates a bus with no subscribers.
    pub fn new() -> Self {
        EventBus { subscribers: Mutex::new(Vec::new()) }
    }

    /// Registers a new subscriber. It receives every event published from now on.
    pub fn subscribe(&self) -> Subscription<E> {
        let mailbox = Arc::new(Mutex::new(VecDeque::new()));
        lock(&self.subscribers).push(Arc::downgrade(&mailbox));
        Subscription { mailbox }
    }

    /// Delivers a copy of `event` to every subscriber; returns how many received it.
    pub fn publish(&self, event: E) -> usize {
        let mut delivered = 0;
        for weak in lock(&self.subscribers).iter() {
            if let Some(mailbox) = weak.upgrade() {
                lock(&mailbox).push_back(event.clone());
                delivered += 1;
            }
        }
        delivered
    }

    /// The number of subscribers that currently receive events.
    pub fn subscriber_count(&self) -> usize {
        lock(&self.subscribers).iter().filter(|weak| weak.strong_count() > 0).count()
    }
}

impl<E: Clone> Default for EventBus<E> {
    fn default() -> Self {
        Self::new()
    }
}

/// A subscriber's handle: its pending events, oldest first. Dropping it unsubscribes.
pub struct Subscription<E> {
    mailbox: Arc<Mailbox<E>>,
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

    /// Stops receiving events (the same as dropping the subscription).
    pub fn unsubscribe(self) {}
}
