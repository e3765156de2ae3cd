//! Caches backend responses so that repeated requests skip the slow pricing backend.
//!
//! Least-recently-used eviction in O(1) with lazy deletion: every use of an entry stamps it and
//! appends (key, stamp) to a queue. Eviction pops from the front of the queue and skips the
//! stale records, whose stamp no longer matches the entry's.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;

/// A cache of responses keyed by request, holding at most `capacity` entries.
pub struct ResponseCache<K, V> {
    capacity: usize,
    entries: HashMap<K, (V, u64)>,
    /// Uses of entries, oldest first; a record is stale when its entry was used since.
    uses: VecDeque<(K, u64)>,
    clock: u64,
}

impl<K: Eq + Hash + Clone, V> ResponseCache<K, V> {
    /// Creates an empty cache that holds at most `capacity` entries.
    ///
    /// # Panics
    /// When `capacity` is 0.
    pub fn new(capacity: usize) -> Self {
        assert!(capacity > 0, "a response cache needs room for at least one entry");
        ResponseCache { capacity, entries: HashMap::new(), uses: VecDeque::new(), clock: 0 }
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
        self.clock += 1;
        let stamp = self.clock;
        let entry = self.entries.get_mut(key)?;
        entry.1 = stamp;
        self.uses.push_back((key.clone(), stamp));
        Some(&entry.0)
    }

    /// Caches `value` for `key`, replacing the previous response for that key. When the cache
    /// is full, the least recently used entry makes room.
    pub fn put(&mut self, key: K, value: V) {
        self.clock += 1;
        let stamp = self.clock;
        if !self.entries.contains_key(&key) && self.entries.len() == self.capacity {
            self.evict_one();
        }
        self.uses.push_back((key.clone(), stamp));
        self.entries.insert(key, (value, stamp));
    }

    fn evict_one(&mut self) {
        while let Some((key, stamp)) = self.uses.pop_front() {
            if self.entries.get(&key).is_some_and(|entry| entry.1 == stamp) {
                self.entries.remove(&key);
                return;
            }
        }
    }
}
