//! A visible memory test, to show how leaks are measured: the counting allocator of the
//! `kata-harness` crate counts live heap bytes. Run it on its own, because the counter sees
//! every thread of the process:
//!
//!     cargo test --test memory
//!
//! (this file has a single test, so nothing else runs beside it).

use kata_harness::{assert_no_leak, measure_growth};
use memory_leak::ResponseCache;

#[global_allocator]
static ALLOC: kata_harness::CountingAlloc = kata_harness::CountingAlloc;

#[test]
fn cache_memory_stays_bounded() {
    let mut cache = ResponseCache::new(100);
    let mut request = 0u64;
    // Warm up once, then compare live heap bytes over two halves of the workload.
    let growth = measure_growth(20_000, || {
        cache.put(request, vec![0u8; 64]);
        request += 1;
    });
    assert_no_leak("response cache", growth, 16 * 1024);
}
