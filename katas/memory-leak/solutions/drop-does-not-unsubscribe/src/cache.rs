//! Caches backend responses so that repeated requests skip the slow pricing backend.
//!
//! Least-recently-used eviction in O(1): a hash map from key to slot, and a doubly linked
//! recency list threaded through a slab of slots by index (no `Rc`, so nothing can form a
//! cycle). The slab never holds more than `capacity` slots: a full cache reuses the slot of
//! the entry it evicts.

use std::collections::HashMap;
use std::hash::Hash;

const NIL: usize = usize::MAX;

struct Node<K, V> {
    key: K,
    value: V,
    /// The next more recently used slot, or NIL for the most recent.
    newer: usize,
    /// The next less recently used slot, or NIL for the least recent.
    older: usize,
}

/// A cache of responses keyed by request, holding at most `capacity` entries.
pub struct ResponseCache<K, V> {
    capacity: usize,
    index: HashMap<K, usize>,
    nodes: Vec<Node<K, V>>,
    /// Most recently used slot.
    newest: usize,
    /// Least recently used slot: the next to be evicted.
    oldest: usize,
}

impl<K: Eq + Hash + Clone, V> ResponseCache<K, V> {
    /// Creates an empty cache that holds at most `capacity` entries.
    ///
    /// # Panics
    /// When `capacity` is 0.
    pub fn new(capacity: usize) -> Self {
        assert!(capacity > 0, "a response cache needs room for at least one entry");
        ResponseCache { capacity, index: HashMap::new(), nodes: Vec::new(), newest: NIL, oldest: NIL }
    }

    /// The most entries this cache holds.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The number of entries in the cache.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// True when the cache holds no entries.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// True when `key` is cached. A lookup that does not count as a use of the entry.
    pub fn contains_key(&self, key: &K) -> bool {
        self.index.contains_key(key)
    }

    /// The cached response for `key`, if any. A hit counts as a use of the entry.
    pub fn get(&mut self, key: &K) -> Option<&V> {
        let slot = *self.index.get(key)?;
        self.touch(slot);
        Some(&self.nodes[slot].value)
    }

    /// Caches `value` for `key`, replacing the previous response for that key. When the cache
    /// is full, the least recently used entry makes room.
    pub fn put(&mut self, key: K, value: V) {
        if let Some(&slot) = self.index.get(&key) {
            self.nodes[slot].value = value;
            self.touch(slot);
            return;
        }
        let slot = if self.nodes.len() < self.capacity {
            self.nodes.push(Node { key: key.clone(), value, newer: NIL, older: NIL });
            self.nodes.len() - 1
        } else {
            let slot = self.oldest;
            self.unlink(slot);
            let node = &mut self.nodes[slot];
            let evicted = std::mem::replace(&mut node.key, key.clone());
            node.value = value;
            self.index.remove(&evicted);
            slot
        };
        self.index.insert(key, slot);
        self.push_newest(slot);
    }

    /// Marks `slot` as the most recently used.
    fn touch(&mut self, slot: usize) {
        if self.newest != slot {
            self.unlink(slot);
            self.push_newest(slot);
        }
    }

    fn unlink(&mut self, slot: usize) {
        let (newer, older) = (self.nodes[slot].newer, self.nodes[slot].older);
        match newer {
            NIL => self.newest = older,
            n => self.nodes[n].older = older,
        }
        match older {
            NIL => self.oldest = newer,
            o => self.nodes[o].newer = newer,
        }
    }

    fn push_newest(&mut self, slot: usize) {
        self.nodes[slot].newer = NIL;
        self.nodes[slot].older = self.newest;
        match self.newest {
            NIL => self.oldest = slot,
            n => self.nodes[n].newer = slot,
        }
        self.newest = slot;
    }
}
