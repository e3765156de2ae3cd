//! Caches backend responses so that repeated requests skip the slow pricing backend.
//!
//! Least-recently-used eviction in O(1): a map from key to (value, list node), and a doubly
//! linked recency list of shared nodes.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::Hash;
use std::rc::Rc;

type Link<K> = Option<Rc<RefCell<Node<K>>>>;

struct Node<K> {
    key: K,
    /// The next more recently used node.
    newer: Link<K>,
    /// The next less recently used node.
    older: Link<K>,
}

/// A cache of responses keyed by request, holding at most `capacity` entries.
pub struct ResponseCache<K, V> {
    capacity: usize,
    entries: HashMap<K, (V, Rc<RefCell<Node<K>>>)>,
    newest: Link<K>,
    oldest: Link<K>,
}

impl<K: Eq + Hash + Clone, V> ResponseCache<K, V> {
    /// Creates an empty cache that holds at most `capacity` entries.
    ///
    /// # Panics
    /// When `capacity` is 0.
    pub fn new(capacity: usize) -> Self {
        assert!(capacity > 0, "a response cache needs room for at least one entry");
        ResponseCache { capacity, entries: HashMap::new(), newest: None, oldest: None }
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
        let node = Rc::clone(&self.entries.get(key)?.1);
        self.unlink(&node);
        self.push_newest(node);
        self.entries.get(key).map(|entry| &entry.0)
    }

    /// Caches `value` for `key`, replacing the previous response for that key. When the cache
    /// is full, the least recently used entry makes room.
    pub fn put(&mut self, key: K, value: V) {
        if let Some(entry) = self.entries.get_mut(&key) {
            entry.0 = value;
            let node = Rc::clone(&entry.1);
            self.unlink(&node);
            self.push_newest(node);
            return;
        }
        if self.entries.len() == self.capacity {
            if let Some(oldest) = self.oldest.clone() {
                self.unlink(&oldest);
                let evicted = oldest.borrow().key.clone();
                self.entries.remove(&evicted);
            }
        }
        let node = Rc::new(RefCell::new(Node { key: key.clone(), newer: None, older: None }));
        self.entries.insert(key, (value, Rc::clone(&node)));
        self.push_newest(node);
    }

    fn unlink(&mut self, node: &Rc<RefCell<Node<K>>>) {
        let (newer, older) = {
            let mut n = node.borrow_mut();
            (n.newer.take(), n.older.take())
        };
        match &newer {
            Some(newer) => newer.borrow_mut().older = older.clone(),
            None => self.newest = older.clone(),
        }
        match &older {
            Some(older) => older.borrow_mut().newer = newer.clone(),
            None => self.oldest = newer.clone(),
        }
    }

    fn push_newest(&mut self, node: Rc<RefCell<Node<K>>>) {
        match self.newest.take() {
            Some(previous) => {
                previous.borrow_mut().newer = Some(Rc::clone(&node));
                node.borrow_mut().older = Some(previous);
            }
            None => self.oldest = Some(Rc::clone(&node)),
        }
        self.newest = Some(node);
    }
}
