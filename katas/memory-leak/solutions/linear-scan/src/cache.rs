//! Caches backend responses so that repeated requests skip the slow pricing backend.
//!
//! Least-recently-used eviction: a map for the values and a queue of keys from least to most
//! recently used.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;

/// A cache of responses keyed by request, holding at most `capacity` entries.
pub struct ResponseCache<K, V> {
    capacity: usize,
    entries: HashMap<K, V>,
    /// Keys from least to most recently used.
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

    /// The cached response for `key`, if any. A hit counts as a use of the entry.
    pub fn get(&mut self, key: &K) -> Option<&V> {
        if !self.entries.contains_key(key) {
            return None;
        }
        self.touch(key);
        self.entries.get(key)
    }

    /// Caches `value` for `key`, replacing the previous response for that key.
    pub fn put(&mut self, key: K, value: V) {
        if self.entries.insert(key.clone(), value).is_some() {
            self.touch(&key);
            return;
        }
        self.order.push_back(key);
        if self.entries.len() > self.capacity {
            if let Some(oldest) = self.order.pop_front() {
                self.entries.remove(&oldest);
            }
        }
    }

    /// Moves `key` to the most recently used end of the queue.
    fn touch(&mut self, key: &K) {
        if let Some(at) = self.order.iter().position(|k| k == key) {
            let key = self.order.remove(at).expect("position is in range");
            self.order.push_back(key);
        }
    }
}
