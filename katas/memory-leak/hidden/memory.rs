//! Hidden suite: live heap bytes, counted by the allocator below. Each test runs in its own
//! process, so the counter sees only that test's allocations.

#[macro_use]
extern crate kata_harness;

use kata_harness::{assert_no_leak, fail_memory, live_bytes, measure_growth};
use memory_leak::{EventBus, ResponseCache};

#[global_allocator]
static ALLOC: kata_harness::CountingAlloc = kata_harness::CountingAlloc;

kata_test! {
    fn cache_memory_bounded_over_million_ops() {
        let before = live_bytes();
        let mut cache: ResponseCache<u64, Vec<u8>> = ResponseCache::new(64);
        let mut next = 0u64;
        // 5 chunks of 100,001 rounds, each a put and a get: about a million operations.
        for chunk in 0..5 {
            let growth = measure_growth(50_000, || {
                cache.put(next, vec![next as u8; 48]);
                let _ = cache.get(&next.saturating_sub(17));
                next += 1;
            });
            assert_no_leak(&format!("response cache after {next} puts (chunk {chunk})"), growth, 16 * 1024);
        }
        let held = live_bytes() - before;
        if held > 64 * 1024 {
            fail_memory(&format!("a response cache of capacity 64 holds {held} live bytes after {next} puts"));
        }
        assert_eq!(cache.len(), 64);
    }
}

kata_test! {
    fn cache_memory_bounded_under_repeated_hits() {
        let mut cache: ResponseCache<u64, Vec<u8>> = ResponseCache::new(128);
        for key in 0..128 {
            cache.put(key, vec![key as u8; 32]);
        }
        // A hot working set that is read over and over; keys 120..128 are never read again.
        let mut i = 0u64;
        for chunk in 0..5 {
            let growth = measure_growth(50_000, || {
                let key = (i * 7) % 120;
                assert!(cache.get(&key).is_some(), "key {key} was cached and never evicted");
                i += 1;
            });
            assert_no_leak(&format!("response cache after {i} hits (chunk {chunk})"), growth, 16 * 1024);
        }
        assert_eq!(cache.len(), 128);
    }
}

/// One lifetime of a cache: filled past its capacity, read, then dropped.
fn cache_lifetime() {
    let mut cache: ResponseCache<String, String> = ResponseCache::new(500);
    for i in 0..2_000u64 {
        cache.put(format!("/quote/{i}"), format!("{{\"id\":{i},\"price\":{}}}", i * 3));
        if i % 3 == 0 {
            let _ = cache.get(&format!("/quote/{}", i / 2));
        }
    }
}

kata_test! {
    fn cache_drop_returns_to_baseline() {
        cache_lifetime(); // warm-up: lazy one-time allocations happen here
        let baseline = live_bytes();
        for round in 1..=5 {
            cache_lifetime();
            let left = live_bytes() - baseline;
            if left > 1024 {
                fail_memory(&format!(
                    "after dropping the response cache, {left} bytes stay live (round {round}; allowed 1024)"
                ));
            }
        }
    }
}

kata_test! {
    fn bus_churn_memory_bounded() {
        let bus: EventBus<u64> = EventBus::new();
        let steady = bus.subscribe();
        let mut i = 0u64;
        // Clients connect, get one event, and disconnect, while the service keeps publishing.
        let growth = measure_growth(500, || {
            let visitor = bus.subscribe();
            bus.publish(i);
            assert_eq!(visitor.drain(), vec![i]);
            if i % 2 == 0 {
                drop(visitor);
            } else {
                visitor.unsubscribe();
            }
            assert_eq!(steady.drain(), vec![i]);
            i += 1;
        });
        assert_no_leak("event bus under subscribe/unsubscribe churn", growth, 8 * 1024);
        // The same churn with nobody publishing: a dropped subscription is freed at once, not
        // when a later publish happens to sweep it. Enough rounds that a leak of 8 bytes per
        // cycle shows (5000 cycles a half, 4 KiB allowed).
        let growth = measure_growth(5000, || {
            let visitor = bus.subscribe();
            if i % 2 == 0 {
                drop(visitor);
            } else {
                visitor.unsubscribe();
            }
            i += 1;
        });
        assert_no_leak("event bus under subscribe/unsubscribe churn without publishing", growth, 4 * 1024);
    }
}

/// One lifetime of a bus: subscribers come, events flow, then everything is dropped, some
/// subscriptions before the bus and the rest after it.
fn bus_lifetime() {
    let bus: EventBus<String> = EventBus::new();
    let mut subscriptions: Vec<_> = (0..40).map(|_| bus.subscribe()).collect();
    for event in 0..100 {
        bus.publish(format!("price {event}"));
    }
    for subscription in subscriptions.iter().step_by(2) {
        assert_eq!(subscription.drain().len(), 100);
    }
    let late = subscriptions.split_off(20);
    drop(subscriptions);
    drop(bus);
    drop(late);
}

kata_test! {
    fn bus_drop_returns_to_baseline() {
        bus_lifetime(); // warm-up
        let baseline = live_bytes();
        for round in 1..=5 {
            bus_lifetime();
            let left = live_bytes() - baseline;
            if left > 1024 {
                fail_memory(&format!(
                    "after dropping the bus and all its subscriptions, {left} bytes stay live \
                     (round {round}; allowed 1024)"
                ));
            }
        }
    }
}
