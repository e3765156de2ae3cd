//! Hidden suite: the response cache evicts the least recently used entry, and only that one.

#[macro_use]
extern crate kata_harness;

use memory_leak::ResponseCache;
use std::cell::Cell;
use std::rc::Rc;

fn keys_present(cache: &ResponseCache<u64, u64>, range: std::ops::Range<u64>) -> Vec<u64> {
    range.filter(|k| cache.contains_key(k)).collect()
}

kata_test! {
    fn capacity_is_respected() {
        let mut cache = ResponseCache::new(4);
        assert!(cache.is_empty());
        for k in 0..20u64 {
            cache.put(k, k * 10);
            assert!(cache.len() <= 4, "after {} puts the cache holds {} entries, capacity 4", k + 1, cache.len());
        }
        assert_eq!(cache.len(), 4);
        assert_eq!(cache.capacity(), 4);
        assert!(!cache.is_empty());
        assert_eq!(keys_present(&cache, 0..20), vec![16, 17, 18, 19], "the four newest keys stay");
        assert_eq!(cache.get(&19), Some(&190));
    }
}

kata_test! {
    fn evicts_least_recently_used() {
        let mut cache = ResponseCache::new(3);
        cache.put(1u64, 100u64);
        cache.put(2, 200);
        cache.put(3, 300);
        cache.put(4, 400);
        assert_eq!(keys_present(&cache, 0..10), vec![2, 3, 4], "putting a 4th key into a cache of 3 evicts key 1");
        cache.put(5, 500);
        assert_eq!(keys_present(&cache, 0..10), vec![3, 4, 5], "the next put evicts key 2");
        assert_eq!(cache.get(&1), None);
        assert_eq!(cache.get(&3), Some(&300));
    }
}

kata_test! {
    fn get_refreshes_recency() {
        let mut cache = ResponseCache::new(3);
        cache.put(1u64, 10u64);
        cache.put(2, 20);
        cache.put(3, 30);
        assert_eq!(cache.get(&1), Some(&10));
        // A miss must not disturb the order either.
        assert_eq!(cache.get(&99), None);
        cache.put(4, 40);
        assert_eq!(keys_present(&cache, 0..10), vec![1, 3, 4], "key 1 was just read, so key 2 is the least recently used");
        assert_eq!(cache.get(&3), Some(&30));
        cache.put(5, 50);
        assert_eq!(keys_present(&cache, 0..10), vec![3, 4, 5], "order was 1, 4, 3 (oldest first): key 1 goes");
        assert_eq!(cache.get(&4), Some(&40));
        assert_eq!(cache.get(&5), Some(&50));
        cache.put(6, 60);
        assert_eq!(keys_present(&cache, 0..10), vec![4, 5, 6], "order was 3, 4, 5: key 3 goes");
    }
}

kata_test! {
    fn put_existing_key_updates_and_refreshes() {
        let mut cache = ResponseCache::new(3);
        cache.put(1u64, 10u64);
        cache.put(2, 20);
        cache.put(3, 30);
        cache.put(1, 11);
        assert_eq!(cache.len(), 3, "updating a key does not add an entry");
        assert_eq!(keys_present(&cache, 0..10), vec![1, 2, 3], "updating a key in a full cache evicts nothing");
        cache.put(4, 40);
        assert_eq!(keys_present(&cache, 0..10), vec![1, 3, 4], "the update counted as a use of key 1, so key 2 goes");
        assert_eq!(cache.get(&1), Some(&11), "the update replaced the value");
    }
}

kata_test! {
    fn capacity_one_keeps_latest() {
        let mut cache = ResponseCache::new(1);
        cache.put("a".to_string(), 1u32);
        assert_eq!(cache.get(&"a".to_string()), Some(&1));
        cache.put("a".to_string(), 2);
        assert_eq!(cache.len(), 1);
        assert_eq!(cache.get(&"a".to_string()), Some(&2));
        cache.put("b".to_string(), 3);
        assert_eq!(cache.len(), 1);
        assert_eq!(cache.get(&"a".to_string()), None);
        assert_eq!(cache.get(&"b".to_string()), Some(&3));
        cache.put("c".to_string(), 4);
        assert_eq!(cache.get(&"b".to_string()), None);
        assert_eq!(cache.get(&"c".to_string()), Some(&4));
        assert_eq!(cache.len(), 1);
    }
}

/// A value that counts how many times it was dropped.
struct Tracked(Rc<Cell<usize>>);

impl Drop for Tracked {
    fn drop(&mut self) {
        self.0.set(self.0.get() + 1);
    }
}

kata_test! {
    fn evicted_and_replaced_values_are_dropped() {
        let drops = Rc::new(Cell::new(0));
        let mut cache = ResponseCache::new(2);
        cache.put(1u64, Tracked(Rc::clone(&drops)));
        cache.put(2, Tracked(Rc::clone(&drops)));
        assert_eq!(drops.get(), 0);
        cache.put(3, Tracked(Rc::clone(&drops)));
        assert_eq!(drops.get(), 1, "an evicted response is released at once");
        cache.put(3, Tracked(Rc::clone(&drops)));
        assert_eq!(drops.get(), 2, "a replaced response is released at once");
        for k in 10..20 {
            cache.put(k, Tracked(Rc::clone(&drops)));
        }
        assert_eq!(drops.get(), 12, "every evicted response is released");
        drop(cache);
        assert_eq!(drops.get(), 14, "dropping the cache releases what it held");
        assert_eq!(Rc::strong_count(&drops), 1);
    }
}

/// A small deterministic generator, so that the workload is the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

kata_test! {
    fn mixed_workload_matches_model() {
        const CAPACITY: usize = 50;
        let mut cache = ResponseCache::new(CAPACITY);
        // The model: entries ordered from least to most recently used.
        let mut model: Vec<(u64, u64)> = Vec::new();
        let mut rng = Lcg(7);
        for step in 0..20_000u64 {
            let roll = rng.next();
            let key = rng.next() % 120;
            if roll % 10 < 4 {
                cache.put(key, step);
                if let Some(at) = model.iter().position(|&(k, _)| k == key) {
                    model.remove(at);
                } else if model.len() == CAPACITY {
                    model.remove(0);
                }
                model.push((key, step));
            } else {
                let expected = model.iter().position(|&(k, _)| k == key).map(|at| {
                    let entry = model.remove(at);
                    model.push(entry);
                    entry.1
                });
                assert_eq!(cache.get(&key).copied(), expected, "step {step}: get({key})");
            }
            assert_eq!(cache.len(), model.len(), "step {step}: len");
        }
        for key in 0..120 {
            let expected = model.iter().any(|&(k, _)| k == key);
            assert_eq!(cache.contains_key(&key), expected, "at the end: contains_key({key})");
        }
    }
}
