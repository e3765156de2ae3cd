//! Hidden tests: the pool hands out working connections, reuses them, never exceeds its size
//! and has nothing in use once a messy workload is over.

#[macro_use]
extern crate kata_harness;

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use connection_pool::{Database, Pool, PoolConfig, PoolStats, PooledConnection};

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

/// Acquires `n` connections one after the other and keeps them all.
async fn hold(pool: &Pool, n: usize, what: &str) -> Vec<PooledConnection> {
    let mut held = Vec::new();
    for i in 0..n {
        let conn = within(1000, what, pool.acquire()).await;
        let conn = conn.unwrap_or_else(|e| {
            panic!("{what}: acquiring connection {} of {n} failed: {e:?}; stats {:?}", i + 1, pool.monitor())
        });
        held.push(conn);
    }
    held
}

const ON_PURPOSE: &str = "task panics on purpose while holding a connection";

/// Keeps the panics this test causes on purpose out of the output.
fn quiet_intentional_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload.downcast_ref::<&str>().copied().or(payload.downcast_ref::<String>().map(String::as_str));
        if message != Some(ON_PURPOSE) {
            default(info);
        }
    }));
}

kata_test! {
    fn acquire_query_and_return() {
        let db = Database::new(ms(5), ms(5));
        let pool = new_pool(&db, 4, 1000);
        runtime().block_on(async {
            let s = pool.monitor();
            assert_eq!((s.in_use, s.idle, s.waiting, s.created), (0, 0, 0, 0), "a new pool opens nothing: {s:?}");
            assert_eq!(s.p95_wait, Duration::ZERO, "no acquire yet: {s:?}");

            let mut conn = within(1000, "acquire", pool.acquire()).await.expect("acquire");
            assert!(!conn.is_broken());
            let started = Instant::now();
            assert_eq!(conn.query("SELECT 1").await, Ok(1));
            assert!(started.elapsed() >= ms(5), "the simulated database must stay as given (query delay)");
            assert_eq!(db.open_connections(), 1);
            let s = pool.monitor();
            assert_eq!((s.in_use, s.idle, s.waiting, s.created), (1, 0, 0, 1), "one connection out: {s:?}");

            // One task may hold two connections at once (say, to copy between them).
            let mut second = within(1000, "a second connection while holding one", pool.acquire()).await.expect("acquire");
            assert_ne!(second.id(), conn.id());
            assert_eq!(second.query("SELECT 1").await, Ok(1));
            let s = pool.monitor();
            assert_eq!((s.in_use, s.idle, s.waiting, s.created), (2, 0, 0, 2), "two connections out: {s:?}");

            drop(conn);
            drop(second);
            settle(&pool, "after the connections were dropped", 200, |s| s.in_use == 0 && s.idle == 2).await;
            assert_eq!(db.open_connections(), 2, "returned connections stay open, idle in the pool");
        });
    }
}

kata_test! {
    fn idle_connections_are_reused() {
        let db = Database::new(ms(2), ms(1));
        let pool = new_pool(&db, 5, 1000);
        runtime().block_on(async {
            let mut first_id = None;
            for round in 0..50 {
                let mut conn = within(1000, "acquire", pool.acquire()).await.expect("acquire");
                assert_eq!(conn.query("SELECT 1").await, Ok(round + 1), "the same connection serves every round");
                first_id.get_or_insert(conn.id());
                assert_eq!(Some(conn.id()), first_id);
            }
            assert_eq!(db.successful_connects(), 1, "sequential use needs one connection");
            settle(&pool, "after 50 sequential uses", 200, |s| s.created == 1 && s.idle == 1 && s.in_use == 0).await;

            let held = hold(&pool, 3, "holding three at once").await;
            let s = pool.monitor();
            assert_eq!((s.in_use, s.idle, s.created), (3, 0, 3), "one reused, two opened: {s:?}");
            drop(held);
            settle(&pool, "after returning three", 200, |s| s.in_use == 0 && s.idle == 3).await;
            let held = hold(&pool, 3, "holding three again").await;
            assert_eq!(pool.monitor().created, 3, "idle connections must be reused before opening new ones");
            assert_eq!(db.successful_connects(), 3);
            drop(held);
        });
    }
}

kata_test! {
    fn max_size_never_exceeded_with_200_tasks() {
        const MAX: usize = 10;
        let db = Database::new(ms(2), ms(1));
        let pool = new_pool(&db, MAX, 10_000);
        let held = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        runtime().block_on(async {
            let mut tasks = Vec::new();
            for _ in 0..200 {
                let (pool, held, peak) = (pool.clone(), Arc::clone(&held), Arc::clone(&peak));
                tasks.push(tokio::spawn(async move {
                    for _ in 0..5 {
                        let mut conn = pool.acquire().await.expect("acquire with a 10 s timeout");
                        let now = held.fetch_add(1, Ordering::SeqCst) + 1;
                        peak.fetch_max(now, Ordering::SeqCst);
                        conn.query("UPDATE t SET n = n + 1").await.expect("query");
                        held.fetch_sub(1, Ordering::SeqCst);
                    }
                }));
            }
            within(5000, "200 tasks x 5 queries", async {
                for task in tasks {
                    task.await.expect("task");
                }
            })
            .await;
        });
        let peak = peak.load(Ordering::SeqCst);
        assert!(peak <= MAX, "{peak} connections were handed out at once (max_size {MAX})");
        let server = db.peak_open_connections();
        assert!(server <= MAX, "the database saw {server} connections open at once (max_size {MAX})");
        let s = pool.monitor();
        assert!(s.created <= MAX, "the pool opened {} connections (max_size {MAX}): {s:?}", s.created);
    }
}

kata_test! {
    fn nothing_in_use_after_mixed_workload() {
        const MAX: usize = 8;
        quiet_intentional_panics();
        let db = Database::new(ms(2), ms(2));
        let pool = new_pool(&db, MAX, 40);
        db.break_next_queries(15);
        runtime().block_on(async {
            let mut tasks = Vec::new();
            for i in 0..200u32 {
                let pool = pool.clone();
                tasks.push(tokio::spawn(async move {
                    match i % 10 {
                        // Panics while holding a connection.
                        3 => {
                            if let Ok(mut conn) = pool.acquire().await {
                                let _ = conn.query("SELECT 1").await;
                                panic!("{ON_PURPOSE}");
                            }
                        }
                        // Gives up on the acquire after 3 ms (the future is dropped).
                        5 => {
                            if let Ok(Ok(mut conn)) = tokio::time::timeout(ms(3), pool.acquire()).await {
                                let _ = conn.query("SELECT 1").await;
                            }
                        }
                        // Gives up on the query after 1 ms (the connection breaks).
                        7 => {
                            if let Ok(mut conn) = pool.acquire().await {
                                let _ = tokio::time::timeout(ms(1), conn.query("SELECT 1")).await;
                            }
                        }
                        // Some of these time out (40 ms), some queries fail (broken connections).
                        _ => {
                            if let Ok(mut conn) = pool.acquire().await {
                                let _ = conn.query("SELECT 1").await;
                            }
                        }
                    }
                }));
            }
            within(5000, "the mixed workload", async {
                for task in tasks {
                    let _ = task.await;
                }
            })
            .await;

            settle(&pool, "after the workload", 300, |s| s.in_use == 0 && s.waiting == 0).await;
            let s = pool.monitor();
            assert!(s.idle <= MAX, "{s:?}");
            assert_eq!(db.open_connections(), s.idle, "every open connection should be idle in the pool: {s:?}");
            let held = hold(&pool, MAX, "after the workload, all max_size connections").await;
            for conn in &held {
                assert!(!conn.is_broken(), "the pool handed out a broken connection");
            }
            drop(held);
        });
        let server = db.peak_open_connections();
        assert!(server <= MAX, "the database saw {server} connections open at once (max_size {MAX})");
    }
}

kata_test! {
    fn returned_connection_is_idle_as_soon_as_dropped() {
        // No await between the drop and the checks: the return must be done by the drop
        // itself, not by a task it starts.
        let db = Database::new(ms(2), ms(1));
        let pool = new_pool(&db, 1, 1000);
        runtime().block_on(async {
            for round in 0..20 {
                let conn = within(1000, "acquire", pool.acquire()).await.expect("acquire");
                drop(conn);
                let s = pool.monitor();
                assert_eq!((s.in_use, s.idle), (0, 1), "round {round}: right after the drop: {s:?}");
            }
        });
        // And from outside any runtime: a drop must not need one.
        let conn = runtime().block_on(pool.acquire()).expect("acquire");
        drop(conn);
        let s = pool.monitor();
        assert_eq!((s.in_use, s.idle, s.created), (0, 1, 1), "after a drop outside the runtime: {s:?}");
    }
}

kata_test! {
    fn p95_is_the_nearest_rank() {
        // One connection, 20 callers queued at once, each holding it 40 ms: their waits are
        // about 0, 40, ..., 760 ms, 40 ms apart. Nearest rank of 20 is position ⌈0.95·20⌉ = 19,
        // the second longest wait; a rank one off is the longest, 40 ms away.
        const CALLERS: usize = 20;
        let db = Database::new(ms(1), ms(1));
        let pool = new_pool(&db, 1, 20_000);
        let mut waits: Vec<Duration> = runtime().block_on(async {
            let tasks: Vec<_> = (0..CALLERS)
                .map(|_| {
                    let pool = pool.clone();
                    tokio::spawn(async move {
                        let started = Instant::now();
                        let conn = pool.acquire().await.expect("acquire with a 20 s timeout");
                        let waited = started.elapsed();
                        tokio::time::sleep(ms(40)).await;
                        drop(conn);
                        waited
                    })
                })
                .collect();
            let mut waits = Vec::new();
            for task in tasks {
                waits.push(within(20_000, "a queued caller", task).await.expect("task"));
            }
            waits
        });
        waits.sort_unstable();
        let (rank_19, rank_20) = (waits[CALLERS - 2], waits[CALLERS - 1]);
        let reported = pool.monitor().p95_wait;
        assert!(
            reported.abs_diff(rank_19) < reported.abs_diff(rank_20) && reported.abs_diff(rank_19) <= ms(15),
            "monitor().p95_wait is {reported:?}; of 20 waits the 19th longest (nearest rank) was {rank_19:?}, \
             the longest {rank_20:?}"
        );
    }
}
