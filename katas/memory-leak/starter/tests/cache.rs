//! Visible tests for the response cache. The hidden suite checks much more.

use memory_leak::ResponseCache;

#[test]
fn get_returns_what_was_put() {
    let mut cache = ResponseCache::new(10);
    assert!(cache.is_empty());
    cache.put("/quote/AAPL".to_string(), "189.20".to_string());
    cache.put("/quote/MSFT".to_string(), "415.10".to_string());
    assert_eq!(cache.len(), 2);
    assert_eq!(cache.get(&"/quote/AAPL".to_string()).map(String::as_str), Some("189.20"));
    assert_eq!(cache.get(&"/quote/TSLA".to_string()), None);
    cache.put("/quote/AAPL".to_string(), "189.75".to_string());
    assert_eq!(cache.len(), 2);
    assert_eq!(cache.get(&"/quote/AAPL".to_string()).map(String::as_str), Some("189.75"));
}

#[test]
fn full_cache_evicts_least_recently_used() {
    let mut cache = ResponseCache::new(2);
    cache.put(1, "one");
    cache.put(2, "two");
    assert_eq!(cache.get(&1), Some(&"one")); // 2 is now the least recently used
    cache.put(3, "three");
    assert_eq!(cache.len(), 2);
    assert!(cache.contains_key(&1));
    assert!(!cache.contains_key(&2));
    assert!(cache.contains_key(&3));
}
