//! Hidden suite: get and put cost O(1), whatever the capacity. Timed against the reference.

#[macro_use]
extern crate kata_harness;

use memory_leak::ResponseCache;

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

kata_test! {
    fn cache_operations_are_constant_time() {
        const CAPACITY: u64 = 2_000;
        let mut cache = ResponseCache::new(CAPACITY as usize);
        let mut rng = Lcg(2024);
        let mut next_key = 0u64;
        let mut hits = 0u32;
        for _ in 0..200_000 {
            let roll = rng.next();
            if roll % 10 < 3 {
                cache.put(next_key, next_key * 2);
                next_key += 1;
            } else {
                // Mostly recent keys (hits), some just evicted (misses).
                let key = next_key.wrapping_sub(1 + (roll >> 4) % (CAPACITY + CAPACITY / 2));
                if let Some(&value) = cache.get(&key) {
                    assert_eq!(value, key * 2);
                    hits += 1;
                }
            }
        }
        assert_eq!(cache.len(), CAPACITY as usize);
        assert!(hits > 50_000, "only {hits} hits");
    }
}
