//! Caches backend responses so that repeated requests skip the slow pricing backend.
//!
//! Bounded in O(1): a map for the values and a queue of keys in the order they were cached;
//! the front of the queue is evicted when the cache is full.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;

/// A cache of responses keyed by request, holding at most `capacity` entries.
pub struct ResponseCache<K, V> {
    capacity: usize,
    entries: HashMap<K, V>,
    /// Keys, oldest first.
    order: VecDeque<K>,
}

impl<K: Eq + Hash + Clone, V> ResponseCache<K, V> {
    /// Creates an empty cache that holds at most `capacity` entries.
    ///
    /// # Panics
    /// When `capacity` is 0.
    pub fn new(capacity: usize) -> Self {
        assert!(capacity > 0, "a response cache needs room for at least one entry");
        ResponseCache { capacity, entries: HashMap::new(), order: VecDeque::new() }
    }

    /// The most entries this cache holds.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The number of entries in the cache.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the cache holds no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// True when `key` is cached. A lookup that does not count as a use of the entry.
    pub fn contains_key(&self, key: &K) -> bool {
        self.entries.contains_key(key)
    }

    /// The cached response for `key`, if any.
    pub fn get(&mut self, key: &K) -> Option<&V> {
        self.entries.get(key)
    }

    /// Caches `value` for `key`, replacing the previous response for that key.
    pub fn put(&mut self, key: K, value: V) {
        if let Some(slot) = self.entries.get_mut(&key) {
            *slot = value;
            return;
        }
        if self.entries.len() == self.capacity {
            if let Some(oldest) = self.order.pop_front() {
                self.entries.remove(&oldest);
            }
        }
        self.order.push_back(key.clone());
        self.entries.insert(key, value);
    }
}
