//! Hidden tests: panicking holders, broken connections and fair (FIFO) waiters.

#[macro_use]
extern crate kata_harness;

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use connection_pool::{Database, DbError, Pool, PoolConfig, PoolStats, PooledConnection};

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
        assert!(!conn.is_broken(), "{what}: the pool handed out a broken connection");
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
    fn panicking_task_returns_its_connection() {
        quiet_intentional_panics();
        let db = Database::new(ms(1), ms(1));
        let pool = new_pool(&db, 2, 1000);
        runtime().block_on(async {
            let mut tasks = Vec::new();
            for _ in 0..10 {
                let pool = pool.clone();
                tasks.push(tokio::spawn(async move {
                    let mut conn = pool.acquire().await.expect("acquire");
                    conn.query("SELECT 1").await.expect("query");
                    panic!("{ON_PURPOSE}");
                }));
            }
            for task in tasks {
                let joined = within(3000, "a task that panics", task).await;
                assert!(joined.is_err_and(|e| e.is_panic()), "the task was meant to panic");
            }
            settle(&pool, "after 10 panicking holders", 200, |s| s.in_use == 0 && s.waiting == 0).await;
            let held = hold(&pool, 2, "after 10 panicking holders").await;
            drop(held);
            let s = pool.monitor();
            assert!(s.created <= 2, "{s:?}");
        });
        assert!(db.peak_open_connections() <= 2, "max_size 2, the database saw {}", db.peak_open_connections());
    }
}

kata_test! {
    fn broken_connections_are_replaced() {
        const MAX: usize = 3;
        let db = Database::new(ms(1), ms(1));
        let pool = new_pool(&db, MAX, 1000);
        runtime().block_on(async {
            // A query breaks the connection: it is closed, not handed out again.
            let mut conn = within(1000, "acquire", pool.acquire()).await.expect("acquire");
            db.break_next_queries(1);
            assert_eq!(conn.query("SELECT 1").await, Err(DbError::ConnectionLost));
            assert!(conn.is_broken());
            drop(conn);
            let mut conn = within(1000, "acquire after a break", pool.acquire()).await.expect("acquire after a break");
            assert!(!conn.is_broken(), "the pool handed out the broken connection again");
            assert_eq!(conn.query("SELECT 1").await, Ok(1), "a fresh connection was expected");
            drop(conn);
            settle(&pool, "after one break", 200, |s| s.in_use == 0 && s.idle == 1 && s.created == 2).await;
            assert_eq!(db.open_connections(), 1, "the broken connection must be closed (dropped)");

            // A server restart breaks every idle connection.
            drop(hold(&pool, MAX, "filling the pool").await);
            settle(&pool, "three idle", 200, |s| s.idle == MAX).await;
            db.restart();
            let mut held = hold(&pool, MAX, "after a restart").await;
            for conn in held.iter_mut() {
                assert_eq!(conn.query("SELECT 1").await, Ok(1));
            }
            drop(held);

            // A query abandoned midway leaves its connection broken.
            db.set_query_delay(ms(50));
            let mut conn = within(1000, "acquire", pool.acquire()).await.expect("acquire");
            assert!(tokio::time::timeout(ms(5), conn.query("SELECT pg_sleep(1)")).await.is_err());
            drop(conn);
            db.set_query_delay(ms(1));
            let mut conn = within(1000, "acquire after an abandoned query", pool.acquire()).await.expect("acquire");
            assert!(!conn.is_broken(), "the pool handed out a connection whose query was abandoned");
            assert!(conn.query("SELECT 1").await.is_ok());
            drop(conn);

            // Many breaks in a row: every broken connection frees its slot.
            for round in 0..20 {
                let mut conn = within(1000, "acquire", pool.acquire()).await.unwrap_or_else(|e| {
                    panic!("round {round}: {e:?} (broken connections did not free their slots?); {:?}", pool.monitor())
                });
                db.break_next_queries(1);
                assert_eq!(conn.query("SELECT 1").await, Err(DbError::ConnectionLost));
            }
            drop(hold(&pool, MAX, "after 20 broken connections").await);
            settle(&pool, "after 20 broken connections", 200, |s| s.in_use == 0 && s.idle <= MAX).await;
            assert_eq!(db.open_connections(), pool.monitor().idle, "broken connections must be closed");
        });
        let server = db.peak_open_connections();
        assert!(server <= MAX, "the database saw {server} connections open at once (max_size {MAX})");
    }
}

kata_test! {
    fn waiters_are_served_in_fifo_order() {
        const WAITERS: usize = 20;
        let db = Database::new(ms(0), ms(0));
        let pool = new_pool(&db, 1, 5000);
        let order = Arc::new(Mutex::new(Vec::new()));
        // One thread: a waiter counted in `waiting` has finished its poll, so it is queued.
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        rt.block_on(async {
            let holder = within(1000, "acquire", pool.acquire()).await.expect("acquire");
            let mut waiters = Vec::new();
            for i in 0..WAITERS {
                let (waiter_pool, order) = (pool.clone(), Arc::clone(&order));
                waiters.push(tokio::spawn(async move {
                    let conn = waiter_pool.acquire().await.expect("acquire");
                    order.lock().unwrap().push(i);
                    drop(conn);
                }));
                settle(&pool, "a new waiter", 1000, |s| s.waiting == i + 1).await;
                tokio::time::sleep(ms(1)).await;
            }
            // The holder gives the connection back and at once asks for one again: it must
            // queue behind the twenty, not jump the queue.
            drop(holder);
            let again = within(2000, "the holder's second acquire", pool.acquire()).await.expect("acquire");
            order.lock().unwrap().push(WAITERS);
            drop(again);
            for waiter in waiters {
                within(1000, "a waiter", waiter).await.expect("task");
            }
        });
        let order = order.lock().unwrap().clone();
        let expected: Vec<usize> = (0..=WAITERS).collect();
        assert_eq!(order, expected, "waiters must get connections in arrival order ({WAITERS} = the holder's second acquire)");
    }
}
