//! Fans events out to subscribers: each connected client holds a `Subscription` and drains
//! its pending events when its socket is ready.
//!
//! The bus keeps a plain `Vec` of strong slot handles; each subscription keeps its slot and a
//! `Weak` handle to the bus. Dropping a subscription swap-removes its slot from the `Vec`.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, Weak};

struct Shared<E> {
    subscribers: Mutex<Vec<Arc<Slot<E>>>>,
}

struct Slot<E> {
    pending: Mutex<VecDeque<E>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub struct EventBus<E> {
    shared: Arc<Shared<E>>,
}

impl<E: Clone> EventBus<E> {
    pub fn new() -> Self {
        EventBus { shared: Arc::new(Shared { subscribers: Mutex::new(Vec::new()) }) }
    }

    pub fn subscribe(&self) -> Subscription<E> {
        let slot = Arc::new(Slot { pending: Mutex::new(VecDeque::new()) });
        lock(&self.shared.subscribers).push(Arc::clone(&slot));
        Subscription { slot, bus: Arc::downgrade(&self.shared) }
    }

    pub fn publish(&self, event: E) -> usize {
        let subscribers = lock(&self.shared.subscribers);
        for slot in subscribers.iter() {
            lock(&slot.pending).push_back(event.clone());
        }
        subscribers.len()
    }

    pub fn subscriber_count(&self) -> usize {
        lock(&self.shared.subscribers).len()
    }
}

impl<E: Clone> Default for EventBus<E> {
    fn default() -> Self {
        Self::new()
    }
}

pub struct Subscription<E> {
    slot: Arc<Slot<E>>,
    bus: Weak<Shared<E>>,
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

impl<E> Drop for Subscription<E> {
    fn drop(&mut self) {
        if let Some(shared) = self.bus.upgrade() {
            let mut subscribers = lock(&shared.subscribers);
            if let Some(pos) = subscribers.iter().position(|s| Arc::ptr_eq(s, &self.slot)) {
                let removed = subscribers.swap_remove(pos);
                drop(subscribers);
                drop(removed);
            }
        }
    }
}
