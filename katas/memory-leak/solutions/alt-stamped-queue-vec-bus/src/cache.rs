//! Caches backend responses so that repeated requests skip the slow pricing backend.
//!
//! LRU with a stamped use log: every use appends `(key, stamp)` to a queue and records the
//! stamp in the map. The front of the queue is the least recently used entry once stale
//! records (whose stamp no longer matches the map) are skipped. The log is compacted when it
//! holds more than twice the live entries, which keeps it bounded and every operation O(1)
//! amortized (a compaction of n records follows at least n/2 uses).

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;

pub struct ResponseCache<K, V> {
    capacity: usize,
    map: HashMap<K, (V, u64)>,
    log: VecDeque<(K, u64)>,
    clock: u64,
}

impl<K: Eq + Hash + Clone, V> ResponseCache<K, V> {
    pub fn new(capacity: usize) -> Self {
        assert!(capacity > 0, "a response cache needs room for at least one entry");
        ResponseCache { capacity, map: HashMap::new(), log: VecDeque::new(), clock: 0 }
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn contains_key(&self, key: &K) -> bool {
        self.map.contains_key(key)
    }

    fn record_use(&mut self, key: &K) -> u64 {
        self.clock += 1;
        let stamp = self.clock;
        self.log.push_back((key.clone(), stamp));
        if self.log.len() > 2 * self.map.len() + 16 {
            self.compact();
        }
        stamp
    }

    fn compact(&mut self) {
        let map = &self.map;
        // Keep only each live key's latest record; `stamp` for the key just used may not be
        // in the map yet, so keep records newer than anything in the map too.
        let newest = self.clock;
        self.log.retain(|(k, s)| *s == newest || map.get(k).map_or(false, |(_, ms)| ms == s));
    }

    pub fn get(&mut self, key: &K) -> Option<&V> {
        if !self.map.contains_key(key) {
            return None;
        }
        let stamp = self.record_use(key);
        let entry = self.map.get_mut(key).expect("checked above");
        entry.1 = stamp;
        Some(&entry.0)
    }

    pub fn put(&mut self, key: K, value: V) {
        if let Some(entry) = self.map.get_mut(&key) {
            entry.0 = value; // old value dropped here
            let stamp = self.record_use(&key);
            self.map.get_mut(&key).expect("present").1 = stamp;
            return;
        }
        if self.map.len() == self.capacity {
            while let Some((k, s)) = self.log.pop_front() {
                if self.map.get(&k).map_or(false, |(_, ms)| *ms == s) {
                    self.map.remove(&k); // evicted value dropped here
                    break;
                }
            }
        }
        let stamp = self.record_use(&key);
        self.map.insert(key, (value, stamp));
    }
}
