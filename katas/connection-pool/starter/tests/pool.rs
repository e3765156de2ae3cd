//! Visible tests: run them with `kata test` (or `cargo test`). The grader's hidden tests
//! go much further (see README.md, "Requirements").

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use connection_pool::{Database, Pool, PoolConfig, PoolError};

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// The hidden tests use a runtime like this one: two worker threads.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime")
}

#[test]
fn acquire_query_return() {
    let db = Database::new(ms(5), ms(2));
    let pool = Pool::new(Arc::clone(&db), PoolConfig { max_size: 2, acquire_timeout: ms(500) });
    runtime().block_on(async {
        let mut conn = pool.acquire().await.expect("acquire");
        assert_eq!(conn.query("SELECT 1").await, Ok(1));
        let stats = pool.monitor();
        assert_eq!((stats.in_use, stats.created), (1, 1), "{stats:?}");
        drop(conn);

        let mut conn = pool.acquire().await.expect("acquire again");
        assert_eq!(conn.query("SELECT 2").await, Ok(2), "the idle connection is reused");
        assert_eq!(db.successful_connects(), 1);
    });
}

#[test]
fn twenty_tasks_share_three_connections() {
    const MAX: usize = 3;
    let db = Database::new(ms(2), ms(2));
    let pool = Pool::new(Arc::clone(&db), PoolConfig { max_size: MAX, acquire_timeout: ms(5000) });
    let held = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    runtime().block_on(async {
        let mut tasks = Vec::new();
        for _ in 0..20 {
            let (pool, held, peak) = (pool.clone(), Arc::clone(&held), Arc::clone(&peak));
            tasks.push(tokio::spawn(async move {
                let mut conn = pool.acquire().await.expect("acquire");
                peak.fetch_max(held.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
                conn.query("SELECT 1").await.expect("query");
                held.fetch_sub(1, Ordering::SeqCst);
            }));
        }
        for task in tasks {
            task.await.expect("task");
        }
    });
    assert!(peak.load(Ordering::SeqCst) <= MAX);
    assert!(db.peak_open_connections() <= MAX);
}

#[test]
fn exhausted_pool_times_out() {
    let db = Database::new(ms(1), ms(1));
    let pool = Pool::new(Arc::clone(&db), PoolConfig { max_size: 1, acquire_timeout: ms(50) });
    runtime().block_on(async {
        let _held = pool.acquire().await.expect("acquire");
        let started = Instant::now();
        let second = tokio::time::timeout(ms(2000), pool.acquire())
            .await
            .expect("acquire must give up by itself after acquire_timeout");
        assert!(matches!(second, Err(PoolError::Timeout)));
        assert!(started.elapsed() >= ms(45));
    });
}
