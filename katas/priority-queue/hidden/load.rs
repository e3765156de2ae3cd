//! Hidden tests under load: many threads at once, and a million events through one queue.

#[macro_use]
extern crate kata_harness;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use priority_queue::{Clock, Event, EventQueue, PushError, Severity};

/// The tests' own hand-driven clock, in milliseconds.
#[derive(Default)]
struct TestClock(AtomicU64);

impl Clock for TestClock {
    fn now(&self) -> Duration {
        Duration::from_millis(self.0.load(Ordering::Relaxed))
    }
}

/// The tests' own real clock.
struct RealClock(Instant);

impl Clock for RealClock {
    fn now(&self) -> Duration {
        self.0.elapsed()
    }
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A log-like mix: mostly Info and Debug, a few Critical.
    fn severity(&mut self) -> Severity {
        match self.next() % 100 {
            0..=2 => Severity::Critical,
            3..=14 => Severity::Error,
            15..=29 => Severity::Warning,
            30..=69 => Severity::Info,
            _ => Severity::Debug,
        }
    }
}

kata_test! {
    fn producers_and_consumers_deliver_each_event_once() {
        const PRODUCERS: u64 = 4;
        const CONSUMERS: usize = 3;
        const PER_PRODUCER: u64 = 20_000;
        let clock: Arc<dyn Clock> = Arc::new(RealClock(Instant::now()));
        let q = Arc::new(EventQueue::new(16, Duration::from_micros(200), clock));
        let closing = Arc::new(AtomicBool::new(false));

        let producers: Vec<_> = (0..PRODUCERS)
            .map(|p| {
                let q = q.clone();
                thread::spawn(move || {
                    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (p + 1));
                    let mut pushed = [0u64; 5];
                    for i in 0..PER_PRODUCER {
                        let sev = rng.severity();
                        let e = Event::new(p * 1_000_000 + i, sev, "");
                        // Every other event tries first and falls back to a blocking push.
                        let r = if i % 2 == 0 {
                            match q.try_push(e) {
                                Err(PushError::Full(e)) => q.push(e),
                                r => r,
                            }
                        } else {
                            q.push(e)
                        };
                        r.unwrap_or_else(|e| panic!("push into an open queue failed: {e:?}"));
                        pushed[sev.index()] += 1;
                    }
                    pushed
                })
            })
            .collect();
        let consumers: Vec<_> = (0..CONSUMERS)
            .map(|_| {
                let (q, closing) = (q.clone(), closing.clone());
                thread::spawn(move || {
                    let mut got = Vec::new();
                    let mut early_ends = 0u64;
                    loop {
                        match q.pop_wait() {
                            Some(e) => got.push((e.id, e.severity)),
                            None if closing.load(Ordering::SeqCst) => break,
                            // A real consumer would stop here; keep going to see the rest.
                            None => early_ends += 1,
                        }
                    }
                    (got, early_ends)
                })
            })
            .collect();

        let mut pushed = [0u64; 5];
        for p in producers {
            for (total, n) in pushed.iter_mut().zip(p.join().expect("a producer panicked")) {
                *total += n;
            }
        }
        // Let the consumers drain the queue and go back to waiting, so that close() has
        // sleeping consumers to wake.
        let drained_by = Instant::now() + Duration::from_secs(3);
        while !q.is_empty() && Instant::now() < drained_by {
            thread::sleep(Duration::from_millis(1));
        }
        thread::sleep(Duration::from_millis(50));
        closing.store(true, Ordering::SeqCst);
        q.close();
        let mut ids = Vec::new();
        let mut early_ends = 0;
        for c in consumers {
            let (got, early) = c.join().expect("a consumer panicked");
            ids.extend(got);
            early_ends += early;
        }

        let delivered = ids.len();
        ids.sort_unstable();
        ids.dedup_by_key(|e| e.0);
        assert_eq!(delivered - ids.len(), 0, "{} events were delivered more than once", delivered - ids.len());
        let expected: Vec<u64> =
            (0..PRODUCERS).flat_map(|p| (0..PER_PRODUCER).map(move |i| p * 1_000_000 + i)).collect();
        let got: Vec<u64> = ids.iter().map(|e| e.0).collect();
        let missing = expected.iter().filter(|id| got.binary_search(id).is_err()).count();
        assert_eq!(missing, 0, "{missing} of {} events were never delivered", expected.len());
        assert_eq!(got, expected, "delivered ids differ from pushed ids");
        assert_eq!(early_ends, 0, "pop_wait returned None {early_ends} times while the queue was still open");
        let c = q.counts();
        assert_eq!(c.queued, [0; 5], "queued after draining");
        assert_eq!(c.accepted, pushed, "accepted per severity");
        assert_eq!(c.delivered, pushed, "delivered per severity");
    }
}

kata_test! {
    fn quarter_million_events_throughput() {
        // One thread, a bounded queue kept nearly full: bursts of pushes until the queue
        // refuses, then a batch of pops, the clock ticking so that starved events get promoted.
        const EVENTS: u64 = 250_000;
        // A backlog of thousands, deep enough that O(n) per event shows well beyond the limit.
        const CAPACITY: usize = 12_000;
        const BATCH: usize = 3_000;
        let clock = Arc::new(TestClock::default());
        let q = EventQueue::new(CAPACITY, Duration::from_millis(5), clock.clone());
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        let mut next_id = 0u64;
        let mut pending: Option<Event> = None;
        let mut delivered = 0u64;
        let mut last_id = [None::<u64>; 5];
        let mut ms = 0u64;
        let mut check = |e: Event| {
            let lane = e.severity.index();
            if let Some(prev) = last_id[lane] {
                assert!(e.id > prev, "{:?} event {} delivered after {} (FIFO within a severity)", e.severity, e.id, prev);
            }
            last_id[lane] = Some(e.id);
        };
        while delivered < EVENTS {
            while next_id < EVENTS {
                let e = match pending.take() {
                    Some(e) => e,
                    None => {
                        let e = Event::new(next_id, rng.severity(), String::new());
                        next_id += 1;
                        e
                    }
                };
                match q.try_push(e) {
                    Ok(()) => {}
                    Err(PushError::Full(e)) => {
                        pending = Some(e);
                        break;
                    }
                    Err(e) => panic!("try_push failed: {e:?}"),
                }
            }
            ms += 1;
            clock.0.store(ms, Ordering::Relaxed);
            for _ in 0..BATCH {
                match q.pop() {
                    Some(e) => {
                        check(e);
                        delivered += 1;
                    }
                    None => break,
                }
            }
            assert!(q.len() <= CAPACITY + 100, "the queue grew to {} events", q.len());
            if next_id >= EVENTS && pending.is_none() && q.is_empty() {
                break;
            }
        }
        assert_eq!(delivered, EVENTS, "every event must be delivered once");
        assert_eq!(q.counts().delivered.iter().sum::<u64>(), EVENTS);
    }
}

kata_test! {
    fn counts_are_one_snapshot_under_load() {
        // While producers and consumers run, every `counts()` must add up per severity:
        // each accepted event is either queued or delivered, never both and never neither.
        // Counters bumped outside the queue's lock (or read after it) break that in between.
        // The window is a few instructions wide, so two observers watch and the run repeats:
        // one round can miss it on a busy machine.
        const ROUNDS: usize = 4;
        const OBSERVERS: usize = 2;
        const PRODUCERS: u64 = 2;
        const CONSUMERS: usize = 2;
        const PER_PRODUCER: u64 = 30_000;
        const MIN_SNAPSHOTS: usize = 2_000;
        for _ in 0..ROUNDS {
            let clock: Arc<dyn Clock> = Arc::new(TestClock::default());
            let q = Arc::new(EventQueue::new(64, Duration::from_secs(3600), clock));
            let done = AtomicBool::new(false);
            thread::scope(|scope| {
                let observers: Vec<_> = (0..OBSERVERS)
                    .map(|_| {
                        scope.spawn(|| {
                            let mut snapshots = 0usize;
                            let mut last = q.counts();
                            while !done.load(Ordering::SeqCst) || snapshots < MIN_SNAPSHOTS {
                                let c = q.counts();
                                for s in 0..5 {
                                    assert_eq!(
                                        c.queued[s] as u64 + c.delivered[s],
                                        c.accepted[s],
                                        "severity {s}: counts() showed {} queued + {} delivered against {} accepted; \
                                         the three arrays must be one consistent snapshot",
                                        c.queued[s],
                                        c.delivered[s],
                                        c.accepted[s]
                                    );
                                    assert!(c.accepted[s] >= last.accepted[s] && c.delivered[s] >= last.delivered[s]);
                                }
                                last = c;
                                snapshots += 1;
                            }
                        })
                    })
                    .collect();
                let consumers: Vec<_> = (0..CONSUMERS)
                    .map(|_| {
                        scope.spawn(|| {
                            let mut got = 0u64;
                            while q.pop_wait().is_some() {
                                got += 1;
                            }
                            got
                        })
                    })
                    .collect();
                let producers: Vec<_> = (0..PRODUCERS)
                    .map(|p| {
                        let q = &q;
                        scope.spawn(move || {
                            let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (p + 1));
                            for i in 0..PER_PRODUCER {
                                let event =
                                    Event { id: p * PER_PRODUCER + i, severity: rng.severity(), payload: String::new() };
                                assert!(q.push(event).is_ok());
                            }
                        })
                    })
                    .collect();
                for p in producers {
                    p.join().unwrap();
                }
                q.close();
                let delivered: u64 = consumers.into_iter().map(|c| c.join().unwrap()).sum();
                done.store(true, Ordering::SeqCst);
                for o in observers {
                    o.join().unwrap();
                }
                assert_eq!(delivered, PRODUCERS * PER_PRODUCER);
            });
            let c = q.counts();
            assert_eq!(c.accepted.iter().sum::<u64>(), PRODUCERS * PER_PRODUCER);
            assert_eq!(c.delivered, c.accepted);
        }
    }
}
