//! Fans events out to subscribers: each connected client holds a `Subscription` and drains
//! its pending events when its socket is ready.
//!
//! Ownership: the bus owns the registry of slots (strong); a subscription owns its slot
//! (strong) and only a `Weak` to the registry, so there is no cycle. Dropping a subscription
//! removes its slot from the registry at once.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, Weak};

struct Shared<E> {
    inner: Mutex<Registry<E>>,
}

struct Registry<E> {
    next_id: u64,
    slots: HashMap<u64, Arc<Slot<E>>>,
    /// Subscription order, so that publish delivers in a stable order.
    order: Vec<u64>,
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
        EventBus {
            shared: Arc::new(Shared {
                inner: Mutex::new(Registry { next_id: 0, slots: HashMap::new(), order: Vec::new() }),
            }),
        }
    }

    pub fn subscribe(&self) -> Subscription<E> {
        let slot = Arc::new(Slot { pending: Mutex::new(VecDeque::new()) });
        let mut reg = lock(&self.shared.inner);
        let id = reg.next_id;
        reg.next_id += 1;
        reg.slots.insert(id, Arc::clone(&slot));
        reg.order.push(id);
        Subscription { id, slot, bus: Arc::downgrade(&self.shared) }
    }

    pub fn publish(&self, event: E) -> usize {
        let reg = lock(&self.shared.inner);
        for id in &reg.order {
            if let Some(slot) = reg.slots.get(id) {
                lock(&slot.pending).push_back(event.clone());
            }
        }
        reg.slots.len()
    }

    pub fn subscriber_count(&self) -> usize {
        lock(&self.shared.inner).slots.len()
    }
}

impl<E: Clone> Default for EventBus<E> {
    fn default() -> Self {
        Self::new()
    }
}

pub struct Subscription<E> {
    id: u64,
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
            let removed = lock(&shared.inner).slots.remove(&self.id);
            drop(removed); // outside the registry lock
        }
    }
}
