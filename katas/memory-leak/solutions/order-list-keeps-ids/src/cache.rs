//! Caches backend responses so that repeated requests skip the slow pricing backend.
//!
//! LRU in O(1): a hash map from key to slot index, and a slab of nodes forming a doubly
//! linked recency list (head = most recent, tail = least recent). The slab never grows past
//! `capacity`: an eviction reuses the evicted node's slot for the new entry.

use std::collections::HashMap;
use std::hash::Hash;

const NIL: usize = usize::MAX;

struct Node<K, V> {
    key: K,
    value: V,
    prev: usize,
    next: usize,
}

pub struct ResponseCache<K, V> {
    capacity: usize,
    map: HashMap<K, usize>,
    nodes: Vec<Node<K, V>>,
    head: usize,
    tail: usize,
}

impl<K: Eq + Hash + Clone, V> ResponseCache<K, V> {
    pub fn new(capacity: usize) -> Self {
        assert!(capacity > 0, "a response cache needs room for at least one entry");
        ResponseCache { capacity, map: HashMap::new(), nodes: Vec::new(), head: NIL, tail: NIL }
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

    fn unlink(&mut self, i: usize) {
        let (prev, next) = (self.nodes[i].prev, self.nodes[i].next);
        if prev == NIL { self.head = next } else { self.nodes[prev].next = next }
        if next == NIL { self.tail = prev } else { self.nodes[next].prev = prev }
    }

    fn push_front(&mut self, i: usize) {
        self.nodes[i].prev = NIL;
        self.nodes[i].next = self.head;
        if self.head != NIL {
            self.nodes[self.head].prev = i;
        }
        self.head = i;
        if self.tail == NIL {
            self.tail = i;
        }
    }

    fn touch(&mut self, i: usize) {
        if self.head != i {
            self.unlink(i);
            self.push_front(i);
        }
    }

    pub fn get(&mut self, key: &K) -> Option<&V> {
        let i = *self.map.get(key)?;
        self.touch(i);
        Some(&self.nodes[i].value)
    }

    pub fn put(&mut self, key: K, value: V) {
        if let Some(&i) = self.map.get(&key) {
            self.nodes[i].value = value; // the old value is dropped here
            self.touch(i);
            return;
        }
        if self.map.len() < self.capacity {
            let i = self.nodes.len();
            self.nodes.push(Node { key: key.clone(), value, prev: NIL, next: NIL });
            self.map.insert(key, i);
            self.push_front(i);
        } else {
            let i = self.tail;
            self.unlink(i);
            self.map.remove(&self.nodes[i].key);
            // Overwriting the node drops the evicted key and value at once.
            self.nodes[i] = Node { key: key.clone(), value, prev: NIL, next: NIL };
            self.map.insert(key, i);
            self.push_front(i);
        }
    }
}
