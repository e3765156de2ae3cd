//! The pool-size experiment: p95 request latency against pool size, for any pool that
//! implements the kata's API (a candidate's, or one of the kata's solutions).
//!
//! A request is `acquire` + one query. Two workloads:
//! - closed loop (default): `--tasks` clients start at once and each makes `--rounds`
//!   requests in a row;
//! - open loop (`--rate R`): `--requests` requests arrive at R per second, whether or not
//!   earlier ones are done, like traffic does. The pool keeps up only if it has at least
//!   R x query-time connections (Little's law); below that the queue grows for as long as
//!   the traffic lasts, above it extra connections buy nothing.
//!
//! For each pool size the run prints the p50 and p95 request latency, the pool's own p95
//! wait (`monitor()`), throughput and how many connections were opened. No latency can go
//! below the query time itself: past the size where nobody waits, only a faster query helps.
//!
//! Run it from an assembled workspace (see bench/README.md):
//!   cargo run --release --example pool_size -- --sizes 5,10,20,50,100 --query-ms 50

use std::sync::Arc;
use std::time::{Duration, Instant};

use connection_pool::{Database, Pool, PoolConfig};

struct Options {
    tasks: usize,
    rounds: usize,
    connect_ms: u64,
    query_ms: u64,
    timeout_ms: u64,
    rate: u64,
    requests: usize,
    sizes: Vec<usize>,
}

const USAGE: &str = "usage: pool_size [--tasks N] [--rounds N] | [--rate PER_SECOND] [--requests N]\n\
                     \x20                [--connect-ms MS] [--query-ms MS] [--timeout-ms MS] [--sizes 5,10,20,50,100]";

fn parse_options() -> Result<Options, String> {
    let mut options = Options {
        tasks: 200,
        rounds: 3,
        connect_ms: 20,
        query_ms: 50,
        timeout_ms: 60_000,
        rate: 0,
        requests: 2000,
        sizes: vec![5, 10, 20, 50, 100, 200],
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "-h" || flag == "--help" {
            return Err(USAGE.to_string());
        }
        let value = args.next().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        let number = |v: &str| v.parse::<u64>().map_err(|e| format!("{flag} {v}: {e}\n{USAGE}"));
        match flag.as_str() {
            "--tasks" => options.tasks = number(&value)? as usize,
            "--rounds" => options.rounds = number(&value)? as usize,
            "--connect-ms" => options.connect_ms = number(&value)?,
            "--query-ms" => options.query_ms = number(&value)?,
            "--timeout-ms" => options.timeout_ms = number(&value)?,
            "--rate" => options.rate = number(&value)?,
            "--requests" => options.requests = number(&value)? as usize,
            "--sizes" => {
                options.sizes = value
                    .split(',')
                    .map(|s| number(s.trim()).map(|n| n as usize))
                    .collect::<Result<_, _>>()?;
            }
            _ => return Err(format!("unknown flag {flag}\n{USAGE}")),
        }
    }
    if options.tasks == 0 || options.rounds == 0 || options.requests == 0 || options.sizes.contains(&0) {
        return Err(format!("tasks, rounds, requests and sizes must be at least 1\n{USAGE}"));
    }
    Ok(options)
}

/// One run at one pool size.
struct Run {
    size: usize,
    latencies: Vec<Duration>,
    failures: usize,
    wall: Duration,
    p95_wait: Duration,
    created: usize,
    peak_open: usize,
}

/// One request: acquire, query; its latency, or None if it failed.
async fn request(pool: Pool) -> Option<Duration> {
    let started = Instant::now();
    let mut conn = pool.acquire().await.ok()?;
    conn.query("SELECT * FROM orders WHERE id = $1").await.ok()?;
    Some(started.elapsed())
}

async fn run(options: &Options, size: usize) -> Run {
    let db = Database::new(Duration::from_millis(options.connect_ms), Duration::from_millis(options.query_ms));
    let pool = Pool::new(
        Arc::clone(&db),
        PoolConfig { max_size: size, acquire_timeout: Duration::from_millis(options.timeout_ms) },
    );
    let started = Instant::now();
    let mut clients = Vec::new();
    if options.rate == 0 {
        for _ in 0..options.tasks {
            let (pool, rounds) = (pool.clone(), options.rounds);
            clients.push(tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(rounds);
                for _ in 0..rounds {
                    latencies.push(request(pool.clone()).await);
                }
                latencies
            }));
        }
    } else {
        let gap = Duration::from_secs(1).as_secs_f64() / options.rate as f64;
        for i in 0..options.requests {
            tokio::time::sleep_until((started + Duration::from_secs_f64(gap * i as f64)).into()).await;
            let pool = pool.clone();
            clients.push(tokio::spawn(async move { vec![request(pool).await] }));
        }
    }
    let mut latencies = Vec::new();
    let mut failures = 0;
    for client in clients {
        for latency in client.await.expect("client task") {
            match latency {
                Some(l) => latencies.push(l),
                None => failures += 1,
            }
        }
    }
    let wall = started.elapsed();
    let stats = pool.monitor();
    Run {
        size,
        latencies,
        failures,
        wall,
        p95_wait: stats.p95_wait,
        created: stats.created,
        peak_open: db.peak_open_connections(),
    }
}

/// Nearest-rank percentile of sorted samples.
fn percentile(sorted: &[Duration], p: usize) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[(sorted.len() * p).div_ceil(100).max(1) - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let options = match parse_options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime");
    if options.rate == 0 {
        print!("closed loop: {} clients x {} requests", options.tasks, options.rounds);
    } else {
        print!("open loop: {} requests arriving at {}/s", options.requests, options.rate);
    }
    println!(
        "; connect {} ms, query {} ms, acquire timeout {} ms",
        options.connect_ms, options.query_ms, options.timeout_ms
    );
    println!(
        "{:>6} {:>12} {:>12} {:>16} {:>10} {:>10} {:>8} {:>10} {:>9}",
        "size", "p50 latency", "p95 latency", "p95 wait (pool)", "req/s", "wall", "created", "peak open", "failures"
    );
    let mut results = Vec::new();
    for &size in &options.sizes {
        let mut r = runtime.block_on(run(&options, size));
        r.latencies.sort_unstable();
        let p95 = percentile(&r.latencies, 95);
        println!(
            "{:>6} {:>10.1}ms {:>10.1}ms {:>14.1}ms {:>10.0} {:>8.0}ms {:>8} {:>10} {:>9}",
            r.size,
            ms(percentile(&r.latencies, 50)),
            ms(p95),
            ms(r.p95_wait),
            r.latencies.len() as f64 / r.wall.as_secs_f64(),
            ms(r.wall),
            r.created,
            r.peak_open,
            r.failures,
        );
        if r.peak_open > size {
            println!("       ^ the database saw {} connections open at once: the pool exceeded its size", r.peak_open);
        }
        results.push((size, p95));
    }
    // Diminishing returns: how much each step up in size bought, against the query-time floor.
    println!("\nquery-time floor: {} ms per request (no pool size can go below it)", options.query_ms);
    if options.rate > 0 {
        println!(
            "connections needed to keep up: rate x query time = {:.0}",
            options.rate as f64 * options.query_ms as f64 / 1000.0
        );
    }
    for pair in results.windows(2) {
        let ((small, p_small), (large, p_large)) = (pair[0], pair[1]);
        let gain = 1.0 - ms(p_large) / ms(p_small).max(f64::EPSILON);
        // A larger pool can be slower (contention on the pool itself): say "higher", never
        // a negative "lower".
        let change = if gain >= 0.0 {
            format!("{:.0}% lower", gain * 100.0)
        } else {
            format!("{:.0}% higher", -gain * 100.0)
        };
        println!("size {small:>4} -> {large:>4}: {:.1}x the connections, p95 {change}", large as f64 / small as f64);
    }
}
