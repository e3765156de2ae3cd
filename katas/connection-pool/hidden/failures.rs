//! Hidden tests: the error paths. Timeouts are honoured, connect failures are typed, and
//! neither a failure nor a cancelled `acquire` loses a slot.

#[macro_use]
extern crate kata_harness;

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use connection_pool::{Database, DbError, Pool, PoolConfig, PoolError, PoolStats, PooledConnection};

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
            panic!(
                "{what}: acquiring connection {} of {n} failed: {e:?} (a slot was lost?); stats {:?}",
                i + 1,
                pool.monitor()
            )
        });
        held.push(conn);
    }
    held
}

kata_test! {
    fn acquire_times_out_within_tolerance() {
        let db = Database::new(ms(1), ms(1));
        let pool = new_pool(&db, 2, 50);
        runtime().block_on(async {
            let held = hold(&pool, 2, "filling the pool").await;
            for _ in 0..2 {
                let started = Instant::now();
                let result = within(2000, "acquire on an exhausted pool (acquire_timeout 50 ms)", pool.acquire()).await;
                let took = started.elapsed();
                assert!(matches!(result, Err(PoolError::Timeout)), "expected Err(Timeout), got {:?}", result.map(|c| c.id()));
                assert!(took >= ms(45), "gave up after {took:?}, before the 50 ms acquire_timeout");
                assert!(took <= ms(250), "gave up after {took:?}; acquire_timeout is 50 ms");
            }
            settle(&pool, "after two timeouts", 200, |s| s.waiting == 0 && s.in_use == 2).await;
            drop(held);
            let held = hold(&pool, 2, "after the holders returned their connections").await;
            assert_eq!(pool.monitor().created, 2);
            drop(held);
        });
    }
}

kata_test! {
    fn timed_out_waiters_leak_nothing() {
        let db = Database::new(ms(1), ms(1));
        let pool = new_pool(&db, 3, 30);
        runtime().block_on(async {
            let held = hold(&pool, 3, "filling the pool").await;
            let mut waiters = Vec::new();
            for _ in 0..30 {
                let pool = pool.clone();
                waiters.push(tokio::spawn(async move { pool.acquire().await.map(|c| c.id()) }));
            }
            for waiter in waiters {
                let result = within(2000, "a waiter on an exhausted pool", waiter).await.expect("task");
                assert_eq!(result, Err(PoolError::Timeout));
            }
            drop(held);
            let held = hold(&pool, 3, "after 30 timed-out waiters").await;
            let s = pool.monitor();
            assert_eq!((s.in_use, s.idle, s.waiting, s.created), (3, 0, 0, 3), "{s:?}");
            drop(held);
        });

        // The timeout also bounds opening a connection.
        let db = Database::new(ms(300), ms(1));
        let pool = new_pool(&db, 2, 30);
        runtime().block_on(async {
            let mut tries = Vec::new();
            for _ in 0..4 {
                let pool = pool.clone();
                tries.push(tokio::spawn(async move {
                    let started = Instant::now();
                    (pool.acquire().await.map(|c| c.id()), started.elapsed())
                }));
            }
            for attempt in tries {
                let (result, took) = within(2000, "acquire while connecting takes 300 ms", attempt).await.expect("task");
                assert_eq!(result, Err(PoolError::Timeout), "connecting takes 300 ms, acquire_timeout is 30 ms");
                assert!(took <= ms(200), "gave up after {took:?}; acquire_timeout is 30 ms");
            }
            db.set_connect_delay(ms(0));
            let held = hold(&pool, 2, "after connects that timed out").await;
            drop(held);
        });
        let server = db.peak_open_connections();
        assert!(server <= 2, "the database saw {server} connections open at once (max_size 2)");
    }
}

kata_test! {
    fn connect_failure_is_typed_and_frees_slot() {
        let db = Database::new(ms(1), ms(1));
        let pool = new_pool(&db, 2, 500);
        runtime().block_on(async {
            db.refuse_next_connects(5);
            for _ in 0..5 {
                let result = within(1000, "acquire while the server refuses", pool.acquire()).await;
                assert_eq!(
                    result.map(|c| c.id()),
                    Err(PoolError::Connect(DbError::ConnectRefused)),
                    "a refused connect is reported as PoolError::Connect"
                );
            }
            let s = pool.monitor();
            assert_eq!((s.in_use, s.created), (0, 0), "{s:?}");
            let held = hold(&pool, 2, "after 5 refused connects").await;
            assert_eq!(pool.monitor().created, 2);
            drop(held);

            // Concurrent failures: the server restarts (both idle connections break) and
            // refuses the next 10 connects while 12 tasks want a connection.
            db.restart();
            db.refuse_next_connects(10);
            let mut tries = Vec::new();
            for _ in 0..12 {
                let pool = pool.clone();
                tries.push(tokio::spawn(async move {
                    let conn = pool.acquire().await;
                    if let Ok(conn) = &conn {
                        assert!(!conn.is_broken(), "the pool handed out a broken connection");
                        tokio::time::sleep(ms(5)).await;
                    }
                    conn.map(|c| c.id())
                }));
            }
            let mut refused = 0;
            for attempt in tries {
                match within(2000, "concurrent acquires", attempt).await.expect("task") {
                    Ok(_) => {}
                    Err(PoolError::Connect(DbError::ConnectRefused)) => refused += 1,
                    Err(e) => panic!("unexpected error {e:?}"),
                }
            }
            assert_eq!(refused, 10, "each refused connect fails the acquire that made it, and only that one");
            settle(&pool, "after the concurrent failures", 200, |s| s.in_use == 0 && s.waiting == 0).await;
            db.refuse_next_connects(0);
            let held = hold(&pool, 2, "after the concurrent failures").await;
            drop(held);
        });
        assert!(db.peak_open_connections() <= 2, "max_size 2, the database saw {}", db.peak_open_connections());
    }
}

kata_test! {
    fn cancelled_wait_loses_no_slot() {
        let db = Database::new(ms(1), ms(1));
        let pool = new_pool(&db, 2, 5000);
        runtime().block_on(async {
            let held = hold(&pool, 2, "filling the pool").await;
            let mut waiters = Vec::new();
            for i in 0..20 {
                let pool = pool.clone();
                waiters.push(tokio::spawn(async move {
                    // The caller gives up: the acquire future is dropped while it waits.
                    tokio::time::timeout(ms(10 + i), pool.acquire()).await.is_err()
                }));
            }
            for waiter in waiters {
                let gave_up = within(2000, "a cancelled waiter", waiter).await.expect("task");
                assert!(gave_up, "nothing was returned, so the waiter cannot have got a connection");
            }
            settle(&pool, "after 20 cancelled acquires", 200, |s| s.waiting == 0).await;
            drop(held);
            settle(&pool, "after returning both", 200, |s| s.in_use == 0 && s.idle == 2).await;
            let held = hold(&pool, 2, "after 20 cancelled acquires").await;
            drop(held);

            // A waiter cancelled in the queue must not swallow a connection meant for the next.
            let held = hold(&pool, 2, "filling the pool again").await;
            let doomed = {
                let pool = pool.clone();
                tokio::spawn(async move { tokio::time::timeout(ms(20), pool.acquire()).await.is_err() })
            };
            tokio::time::sleep(ms(5)).await;
            let patient = {
                let pool = pool.clone();
                tokio::spawn(async move { pool.acquire().await.map(|c| c.id()) })
            };
            assert!(within(1000, "the cancelled waiter", doomed).await.expect("task"));
            drop(held);
            let got = within(1000, "the waiter behind a cancelled one", patient).await.expect("task");
            assert!(got.is_ok(), "the waiter behind a cancelled one got {got:?}");
        });
    }
}

kata_test! {
    fn cancelled_connect_loses_no_slot() {
        let db = Database::new(ms(100), ms(1));
        let pool = new_pool(&db, 2, 5000);
        runtime().block_on(async {
            let mut tries = Vec::new();
            for _ in 0..6 {
                let pool = pool.clone();
                tries.push(tokio::spawn(async move {
                    // Connecting takes 100 ms; the caller gives up after 20.
                    tokio::time::timeout(ms(20), pool.acquire()).await.is_err()
                }));
            }
            for attempt in tries {
                let gave_up = within(2000, "a cancelled acquire", attempt).await.expect("task");
                assert!(gave_up, "connecting takes 100 ms, the caller gave up after 20");
            }
            settle(&pool, "after 6 cancelled acquires", 300, |s| s.waiting == 0 && s.in_use == 0).await;
            db.set_connect_delay(ms(0));
            let held = hold(&pool, 2, "after 6 acquires cancelled while connecting").await;
            drop(held);
        });
        let server = db.peak_open_connections();
        assert!(server <= 2, "the database saw {server} connections open at once (max_size 2)");
    }
}
