//! Fans events out to subscribers: each connected client holds a `Subscription` and drains
//! its pending events when its socket is ready.
//!
//! The bus only keeps `Weak` handles to the subscribers' mailboxes, so there is no reference
//! cycle: a dropped subscription's mailbox dies with it, and the bus forgets dead handles the
//! next time it publishes.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, Weak};

struct Slot<E> {
    pending: Mutex<VecDeque<E>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub struct EventBus<E> {
    subscribers: Mutex<Vec<Weak<Slot<E>>>>,
}

impl<E: Clone> EventBus<E> {
    pub fn new() -> Self {
        EventBus { subscribers: Mutex::new(Vec::new()) }
    }

    pub fn subscribe(&self) -> Subscription<E> {
        let slot = Arc::new(Slot { pending: Mutex::new(VecDeque::new()) });
        lock(&self.subscribers).push(Arc::downgrade(&slot));
        Subscription { slot }
    }

    pub fn publish(&self, event: E) -> usize {
        let mut subscribers = lock(&self.subscribers);
        let mut delivered = 0;
        subscribers.retain(|weak| match weak.upgrade() {
            Some(slot) => {
                lock(&slot.pending).push_back(event.clone());
                delivered += 1;
                true
            }
            None => false,
        });
        delivered
    }

    pub fn subscriber_count(&self) -> usize {
        lock(&self.subscribers).iter().filter(|w| w.strong_count() > 0).count()
    }
}

impl<E: Clone> Default for EventBus<E> {
    fn default() -> Self {
        Self::new()
    }
}

pub struct Subscription<E> {
    slot: Arc<Slot<E>>,
}

impl<E> Subscription<E> {
    pub fn drain(&self) -> Vec<E> {
        lock(&self.slot.pending).drain(..).collect()
    }

    pub fn pending(&self) -> usize {
        lock(&self.slot.pending).len()
    }

    pub fn unsubscribe(self) {
        drop(self);
    }
}
