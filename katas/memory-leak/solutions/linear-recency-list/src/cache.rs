//! Caches backend responses so that repeated requests skip the slow pricing backend.
//! LRU: a map of entries plus a recency list (front = least recently used).

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;

pub struct ResponseCache<K, V> {
    capacity: usize,
    entries: HashMap<K, V>,
    order: VecDeque<K>,
}

impl<K: Eq + Hash + Clone, V> ResponseCache<K, V> {
    pub fn new(capacity: usize) -> Self {
        assert!(capacity > 0, "a response cache needs room for at least one entry");
        ResponseCache { capacity, entries: HashMap::new(), order: VecDeque::new() }
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn contains_key(&self, key: &K) -> bool {
        self.entries.contains_key(key)
    }

    fn touch(&mut self, key: &K) {
        if let Some(pos) = self.order.iter().position(|k| k == key) {
            let k = self.order.remove(pos).expect("in range");
            self.order.push_back(k);
        }
    }

    pub fn get(&mut self, key: &K) -> Option<&V> {
        if self.entries.contains_key(key) {
            self.touch(key);
        }
        self.entries.get(key)
    }

    pub fn put(&mut self, key: K, value: V) {
        if self.entries.contains_key(&key) {
            self.entries.insert(key.clone(), value);
            self.touch(&key);
            return;
        }
        if self.entries.len() == self.capacity {
            if let Some(lru) = self.order.pop_front() {
                self.entries.remove(&lru);
            }
        }
        self.order.push_back(key.clone());
        self.entries.insert(key, value);
    }
}
