//! Hidden tests: the monitor's counters and its p95 wait.

#[macro_use]
extern crate kata_harness;

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use connection_pool::{Database, Pool, PoolConfig, PoolStats};

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime")
}

fn new_pool(db: &Arc<Database>, max_size: usize, timeout_ms: u64) -> Pool {
    Pool::new(Arc::clone(db), PoolConfig { max_size, acquire_timeout: ms(timeout_ms) })
}

async fn within<T>(limit_ms: u64, what: &str, fut: impl Future<Output = T>) -> T {
    match tokio::time::timeout(ms(limit_ms), fut).await {
        Ok(value) => value,
        Err(_) => panic!("{what}: did not finish within {limit_ms} ms"),
    }
}

/// Waits up to `limit_ms` for the pool's stats to satisfy `cond`.
async fn settle(pool: &Pool, what: &str, limit_ms: u64, cond: impl Fn(&PoolStats) -> bool) {
    let deadline = Instant::now() + ms(limit_ms);
    loop {
        let stats = pool.monitor();
        if cond(&stats) {
            return;
        }
        if Instant::now() > deadline {
            panic!("{what}: after {limit_ms} ms the pool still reports {stats:?}");
        }
        tokio::time::sleep(ms(1)).await;
    }
}

/// Spawns `n` tasks that each acquire a connection, keep it `hold_ms` and return it.
fn spawn_waiters(pool: &Pool, n: usize, hold_ms: u64) -> Vec<tokio::task::JoinHandle<()>> {
    (0..n)
        .map(|_| {
            let pool = pool.clone();
            tokio::spawn(async move {
                let conn = pool.acquire().await.expect("acquire");
                if hold_ms > 0 {
                    tokio::time::sleep(ms(hold_ms)).await;
                }
                drop(conn);
            })
        })
        .collect()
}

kata_test! {
    fn monitor_counts_in_use_idle_waiting_created() {
        let db = Database::new(ms(1), ms(1));
        let pool = new_pool(&db, 2, 5000);
        runtime().block_on(async {
            let a = within(1000, "acquire", pool.acquire()).await.expect("acquire");
            let b = within(1000, "acquire", pool.acquire()).await.expect("acquire");
            let s = pool.monitor();
            assert_eq!((s.in_use, s.idle, s.waiting, s.created), (2, 0, 0, 2), "two held: {s:?}");

            let waiters = spawn_waiters(&pool, 5, 40);
            settle(&pool, "five tasks waiting on a full pool", 1000, |s| s.waiting == 5).await;
            let s = pool.monitor();
            assert_eq!((s.in_use, s.idle, s.created), (2, 0, 2), "five waiting: {s:?}");

            drop(a);
            settle(&pool, "one connection passed to a waiter", 1000, |s| s.waiting == 4).await;
            let s = pool.monitor();
            assert_eq!((s.in_use, s.created), (2, 2), "the returned connection went to a waiter: {s:?}");

            drop(b);
            for waiter in waiters {
                within(2000, "a waiter", waiter).await.expect("task");
            }
            settle(&pool, "all returned", 200, |s| s.in_use == 0).await;
            let s = pool.monitor();
            assert_eq!((s.in_use, s.idle, s.waiting, s.created), (0, 2, 0, 2), "all returned: {s:?}");
        });
    }
}

kata_test! {
    fn monitor_p95_matches_wait_distribution() {
        // One connection, opened and queried instantly, so waits come only from holders.
        let db = Database::new(ms(0), ms(0));
        let pool = new_pool(&db, 1, 5000);
        runtime().block_on(async {
            // 80 acquires that wait for nothing.
            for _ in 0..80 {
                drop(within(1000, "acquire", pool.acquire()).await.expect("acquire"));
            }
            // 1 more, then 17 waiters that wait 30 ms for it.
            let holder = within(1000, "acquire", pool.acquire()).await.expect("acquire");
            let waiters = spawn_waiters(&pool, 17, 0);
            settle(&pool, "17 waiters", 1000, |s| s.waiting == 17).await;
            tokio::time::sleep(ms(30)).await;
            drop(holder);
            for waiter in waiters {
                within(2000, "a waiter", waiter).await.expect("task");
            }
            // 1 more, then 3 waiters that wait 120 ms.
            let holder = within(1000, "acquire", pool.acquire()).await.expect("acquire");
            let waiters = spawn_waiters(&pool, 3, 0);
            settle(&pool, "3 waiters", 1000, |s| s.waiting == 3).await;
            tokio::time::sleep(ms(120)).await;
            drop(holder);
            for waiter in waiters {
                within(2000, "a waiter", waiter).await.expect("task");
            }
        });
        // 102 waits: 82 near 0 ms, 17 near 30 ms, 3 near 120 ms. The 95th percentile (the
        // 97th smallest) is one of the 30 ms waits; the mean is ~9 ms, the maximum ~120 ms.
        let p95 = pool.monitor().p95_wait;
        assert!(
            p95 >= ms(28) && p95 <= ms(110),
            "p95_wait is {p95:?}; of 102 waits 82 took ~0 ms, 17 ~30 ms and 3 ~120 ms, so the p95 is ~30 ms"
        );
    }
}

kata_test! {
    fn monitor_idle_counts_only_healthy_connections() {
        // README R10: `idle` is the healthy connections in the pool. A server restart breaks
        // the idle ones; they are no longer counted, even before anyone takes them out.
        let db = Database::new(ms(1), ms(1));
        let pool = new_pool(&db, 3, 5000);
        runtime().block_on(async {
            let a = within(1000, "acquire", pool.acquire()).await.expect("acquire");
            let b = within(1000, "acquire", pool.acquire()).await.expect("acquire");
            let c = within(1000, "acquire", pool.acquire()).await.expect("acquire");
            drop(a);
            drop(b);
            let s = pool.monitor();
            assert_eq!((s.in_use, s.idle, s.created), (1, 2, 3), "two returned, one held: {s:?}");

            db.restart();
            let s = pool.monitor();
            assert_eq!(
                (s.in_use, s.idle, s.created),
                (1, 0, 3),
                "the server restarted: both idle connections are broken, so none is healthy: {s:?}"
            );

            drop(c);
            let s = pool.monitor();
            assert_eq!((s.in_use, s.idle), (0, 0), "the held connection broke too and was closed: {s:?}");

            let d = within(1000, "acquire after the restart", pool.acquire()).await.expect("acquire");
            assert!(!d.is_broken(), "acquire handed out a connection broken by the restart");
            drop(d);
            let s = pool.monitor();
            assert_eq!((s.in_use, s.idle, s.created), (0, 1, 4), "one fresh connection, idle: {s:?}");
        });
    }
}
