//! Hidden tests: ordering, promotion, capacity, counts and shutdown, single-threaded where
//! possible, with a hand-driven clock so no test depends on real time passing.

#[macro_use]
extern crate kata_harness;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::thread;
use std::time::Duration;

use priority_queue::{Clock, Counts, Event, EventQueue, PushError, Severity};
use Severity::{Critical, Debug, Error, Info, Warning};

/// The tests' own clock (not the candidate's `ManualClock`): milliseconds set by hand.
#[derive(Default)]
struct TestClock(AtomicU64);

impl TestClock {
    fn at_ms(&self, ms: u64) {
        self.0.store(ms, Ordering::SeqCst);
    }
}

impl Clock for TestClock {
    fn now(&self) -> Duration {
        Duration::from_millis(self.0.load(Ordering::SeqCst))
    }
}

const LONG: Duration = Duration::from_secs(3600);

fn queue(capacity: usize, promote_after: Duration) -> (EventQueue, Arc<TestClock>) {
    let clock = Arc::new(TestClock::default());
    (
        EventQueue::new(capacity, promote_after, clock.clone()),
        clock,
    )
}

fn ev(id: u64, severity: Severity) -> Event {
    Event::new(id, severity, format!("event {id}"))
}

fn push_all(q: &EventQueue, events: &[(u64, Severity)]) {
    for &(id, sev) in events {
        q.try_push(ev(id, sev))
            .unwrap_or_else(|e| panic!("try_push of event {id} ({sev:?}) refused: {e:?}"));
    }
}

/// Pops until empty, checking each event came back unchanged.
fn drain(q: &EventQueue) -> Vec<(u64, Severity)> {
    let mut out = Vec::new();
    while let Some(e) = q.pop() {
        assert_eq!(
            e.payload,
            format!("event {}", e.id),
            "payload of event {} changed",
            e.id
        );
        out.push((e.id, e.severity));
        assert!(out.len() <= 1_000_000, "pop keeps returning events");
    }
    out
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
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn severity(&mut self) -> Severity {
        Severity::ALL[self.below(5) as usize]
    }
}

kata_test! {
    fn highest_severity_first() {
        let (q, _) = queue(100, LONG);
        push_all(&q, &[(1, Info), (2, Critical), (3, Debug), (4, Error), (5, Warning)]);
        assert_eq!(
            drain(&q),
            vec![(2, Critical), (4, Error), (5, Warning), (1, Info), (3, Debug)],
            "events must come out most severe first"
        );
        assert_eq!(q.pop(), None, "an empty queue pops None");
    }
}

kata_test! {
    fn fifo_within_each_severity() {
        let (q, _) = queue(10_000, LONG);
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let events: Vec<(u64, Severity)> = (0..2_000).map(|id| (id, rng.severity())).collect();
        push_all(&q, &events);
        let mut expected = events.clone();
        // A stable sort keeps acceptance order among equal severities.
        expected.sort_by_key(|&(_, sev)| std::cmp::Reverse(sev));
        let got = drain(&q);
        assert_eq!(got.len(), expected.len(), "every event must come out once");
        for (i, (g, e)) in got.iter().zip(&expected).enumerate() {
            assert_eq!(g, e, "pop #{i}: expected event {:?}, got {:?} (FIFO within a severity)", e, g);
        }
    }
}

kata_test! {
    fn waiting_event_is_promoted() {
        let (q, clock) = queue(100, Duration::from_secs(10));
        push_all(&q, &[(1, Debug)]);
        clock.at_ms(5_000);
        push_all(&q, &[(2, Error), (3, Info)]);
        clock.at_ms(11_000);
        // Event 1 has waited 11 s >= 10 s: it now ranks with critical events, by arrival.
        push_all(&q, &[(4, Critical)]);
        let got = drain(&q);
        assert_eq!(
            got,
            vec![(1, Debug), (4, Critical), (2, Error), (3, Info)],
            "the Debug event waited 11 s with promote_after = 10 s; it must be served first, \
             and keep its own severity"
        );
    }
}

kata_test! {
    fn not_promoted_before_the_limit() {
        let (q, clock) = queue(100, Duration::from_secs(10));
        push_all(&q, &[(1, Debug), (2, Info)]);
        clock.at_ms(3_000);
        push_all(&q, &[(3, Warning), (4, Critical)]);
        clock.at_ms(9_999);
        push_all(&q, &[(5, Error)]);
        // Nobody has waited 10 s yet: plain severity order.
        assert_eq!(q.pop().map(|e| e.id), Some(4));
        assert_eq!(q.pop().map(|e| e.id), Some(5));
        assert_eq!(q.pop().map(|e| e.id), Some(3));
        // Time moves on: event 1 (pushed at 0 s) is overdue at 12.5 s, event 2 too; both
        // rank as critical now and go out in arrival order, whatever their severity.
        clock.at_ms(12_500);
        push_all(&q, &[(6, Warning)]);
        assert_eq!(drain(&q), vec![(1, Debug), (2, Info), (6, Warning)]);
    }
}

kata_test! {
    fn overdue_events_are_served_oldest_first() {
        let (q, clock) = queue(100, Duration::from_secs(10));
        push_all(&q, &[(1, Critical)]);
        clock.at_ms(1_000);
        push_all(&q, &[(2, Info), (3, Warning)]);
        clock.at_ms(2_000);
        push_all(&q, &[(4, Debug), (5, Critical), (6, Error)]);
        clock.at_ms(3_000);
        push_all(&q, &[(7, Warning)]);
        clock.at_ms(12_500);
        push_all(&q, &[(8, Critical), (9, Error)]);
        // Overdue at 12.5 s: 2, 3 (pushed at 1 s), 4, 6 (2 s), 7 (3 s waited 9.5 s: no).
        // Top class = criticals + overdue, by arrival: 1, 2, 3, 4, 5, 6, 8; then 9, 7.
        let got: Vec<u64> = drain(&q).into_iter().map(|(id, _)| id).collect();
        assert_eq!(got, vec![1, 2, 3, 4, 5, 6, 8, 9, 7]);
    }
}

kata_test! {
    fn starved_event_is_served_once_overdue() {
        // A steady stream of errors always outranks a lone Debug event; promotion must
        // still get it out as soon as it has waited promote_after.
        let (q, clock) = queue(10_000, Duration::from_secs(10));
        push_all(&q, &[(0, Debug)]);
        let mut next_id = 1;
        for tick in 0..40u64 {
            clock.at_ms(tick * 1_000 + 500);
            for _ in 0..3 {
                push_all(&q, &[(next_id, Error)]);
                next_id += 1;
            }
            let e = q.pop().expect("the queue is not empty");
            let waited_ms = tick * 1_000 + 500;
            if e.id == 0 {
                assert!(waited_ms >= 10_000, "the Debug event was served after {waited_ms} ms, before it was due");
                assert_eq!(waited_ms, 10_500, "the Debug event was due at 10 s; served at {waited_ms} ms");
                assert_eq!(e.severity, Debug, "a promoted event keeps its severity");
                return;
            }
            assert_eq!(e.severity, Error);
        }
        panic!(
            "the Debug event waited 40 s behind a stream of errors (promote_after = 10 s) \
             and was never served"
        );
    }
}

kata_test! {
    fn try_push_refuses_non_critical_when_full() {
        let (q, _) = queue(3, LONG);
        push_all(&q, &[(1, Debug), (2, Error), (3, Info)]);
        for sev in [Debug, Info, Warning, Error] {
            match q.try_push(ev(10, sev)) {
                Err(PushError::Full(e)) => assert_eq!(e, ev(10, sev), "Full must hand the event back unchanged"),
                other => panic!(
                    "try_push of a {sev:?} event into a full queue (capacity 3) returned {other:?}, \
                     expected Err(Full)"
                ),
            }
        }
        assert_eq!(q.len(), 3);
        assert_eq!(q.pop().map(|e| e.id), Some(2));
        q.try_push(ev(4, Warning)).expect("there is room again after a pop");
        assert!(matches!(q.try_push(ev(5, Info)), Err(PushError::Full(_))));
        assert_eq!(drain(&q), vec![(4, Warning), (3, Info), (1, Debug)]);
    }
}

kata_test! {
    fn push_waits_while_full() {
        let (q, _) = queue(2, LONG);
        let q = Arc::new(q);
        push_all(&q, &[(1, Info), (2, Info)]);
        let done = Arc::new(AtomicBool::new(false));
        let producer = {
            let (q, done) = (q.clone(), done.clone());
            thread::spawn(move || {
                q.push(ev(3, Info)).expect("push into an open queue");
                done.store(true, Ordering::SeqCst);
            })
        };
        thread::sleep(Duration::from_millis(300));
        assert!(!done.load(Ordering::SeqCst), "push of an Info event into a full queue must wait (backpressure)");
        assert_eq!(q.len(), 2, "a full queue must not grow past its capacity for non-critical events");
        assert_eq!(q.pop().map(|e| e.id), Some(1));
        producer.join().unwrap();
        assert!(done.load(Ordering::SeqCst));
        assert_eq!(drain(&q), vec![(2, Info), (3, Info)]);
    }
}

kata_test! {
    fn critical_is_never_refused_or_dropped() {
        let (q, _) = queue(2, LONG);
        let q = Arc::new(q);
        push_all(&q, &[(1, Info), (2, Debug)]);
        q.try_push(ev(3, Critical)).expect("try_push of a Critical event into a full queue must succeed");
        let (tx, rx) = mpsc::channel();
        {
            let q = q.clone();
            thread::spawn(move || {
                let r = q.push(ev(4, Critical));
                let _ = tx.send(r);
            });
        }
        match rx.recv_timeout(Duration::from_secs(3)) {
            Ok(r) => r.expect("push of a Critical event into a full queue must succeed"),
            Err(_) => panic!("push of a Critical event into a full queue must not wait"),
        }
        assert_eq!(q.len(), 4, "critical events may go past the capacity");
        assert_eq!(
            drain(&q),
            vec![(3, Critical), (4, Critical), (1, Info), (2, Debug)],
            "nothing may be dropped to make room for a critical event"
        );
    }
}

kata_test! {
    fn criticals_beyond_capacity_are_all_delivered() {
        let (q, _) = queue(2, LONG);
        for id in 0..6 {
            q.push(ev(id, Critical)).expect("push of a Critical event");
        }
        assert_eq!(q.len(), 6);
        assert!(matches!(q.try_push(ev(100, Error)), Err(PushError::Full(_))), "the queue is over capacity");
        let got: Vec<u64> = drain(&q).into_iter().map(|(id, _)| id).collect();
        assert_eq!(got, vec![0, 1, 2, 3, 4, 5], "every critical event, in order");
    }
}

kata_test! {
    fn counts_follow_original_severity() {
        let (q, clock) = queue(4, Duration::from_secs(10));
        assert_eq!(q.counts(), Counts::default());
        push_all(&q, &[(1, Debug), (2, Debug), (3, Warning), (4, Critical)]);
        assert!(q.try_push(ev(5, Info)).is_err());
        clock.at_ms(20_000);
        // Everything has waited 20 s: the top class is served in arrival order.
        assert_eq!(q.pop().map(|e| e.id), Some(1));
        assert_eq!(q.pop().map(|e| (e.id, e.severity)), Some((2, Debug)));
        let c = q.counts();
        assert_eq!(c.queued, [0, 0, 1, 0, 1], "queued per severity (Debug..Critical)");
        assert_eq!(c.accepted, [2, 0, 1, 0, 1], "accepted per severity; a refused try_push is not accepted");
        assert_eq!(c.delivered, [2, 0, 0, 0, 0], "delivered per severity; promoted events count as their own severity");
        q.push(ev(6, Critical)).unwrap();
        q.push(ev(7, Error)).unwrap();
        let rest = drain(&q);
        assert_eq!(rest, vec![(3, Warning), (4, Critical), (6, Critical), (7, Error)]);
        let c = q.counts();
        assert_eq!(c.queued, [0; 5]);
        assert_eq!(c.accepted, [2, 0, 1, 1, 2]);
        assert_eq!(c.delivered, [2, 0, 1, 1, 2]);
    }
}

kata_test! {
    fn close_releases_waiting_threads() {
        // A consumer waiting on an empty queue and a producer waiting on a full one.
        let (empty, _) = queue(4, LONG);
        let (full, _) = queue(1, LONG);
        let (empty, full) = (Arc::new(empty), Arc::new(full));
        push_all(&full, &[(1, Warning)]);
        let (tx, rx) = mpsc::channel();
        let consumer = {
            let (q, tx) = (empty.clone(), tx.clone());
            thread::spawn(move || {
                let got = q.pop_wait();
                let _ = tx.send(format!("consumer {:?}", got.map(|e| e.id)));
            })
        };
        let producer = {
            let q = full.clone();
            thread::spawn(move || {
                let r = q.push(ev(2, Info));
                let _ = tx.send(format!("producer {:?}", r.map_err(|e| matches!(e, PushError::Closed(_)))));
            })
        };
        thread::sleep(Duration::from_millis(300));
        assert!(rx.try_recv().is_err(), "pop_wait on an empty queue and push on a full one must wait");
        empty.close();
        full.close();
        let mut ends = Vec::new();
        for _ in 0..2 {
            match rx.recv_timeout(Duration::from_secs(3)) {
                Ok(s) => ends.push(s),
                Err(_) => panic!("close() must wake waiting threads; still waiting: got only {ends:?}"),
            }
        }
        ends.sort();
        assert_eq!(ends, vec!["consumer None".to_string(), "producer Err(true)".to_string()]);
        consumer.join().unwrap();
        producer.join().unwrap();
        assert!(full.is_closed());
        assert!(matches!(full.try_push(ev(3, Critical)), Err(PushError::Closed(_))), "try_push after close");
        assert!(matches!(full.push(ev(4, Critical)), Err(PushError::Closed(_))), "push after close");
        // What was queued before close is still delivered, then pop_wait reports the end.
        assert_eq!(full.pop_wait().map(|e| e.id), Some(1));
        assert_eq!(full.pop_wait(), None);
        assert_eq!(full.counts().accepted, [0, 0, 1, 0, 0]);
    }
}

/// The obviously correct (and slow) queue the tests compare against.
struct Model {
    entries: Vec<(u64, u64, Severity, u64)>, // (seq, id, severity, accepted at ms)
    next_seq: u64,
    capacity: usize,
    promote_after_ms: u64,
}

impl Model {
    fn try_push(&mut self, id: u64, sev: Severity, now: u64) -> bool {
        if sev != Critical && self.entries.len() >= self.capacity {
            return false;
        }
        self.entries.push((self.next_seq, id, sev, now));
        self.next_seq += 1;
        true
    }
    fn pop(&mut self, now: u64) -> Option<(u64, Severity)> {
        let top =
            |e: &&(u64, u64, Severity, u64)| e.2 == Critical || now - e.3 >= self.promote_after_ms;
        let pick = match self.entries.iter().filter(top).min_by_key(|e| e.0) {
            Some(e) => e.0,
            None => {
                self.entries
                    .iter()
                    .min_by_key(|e| (std::cmp::Reverse(e.2), e.0))?
                    .0
            }
        };
        let at = self.entries.iter().position(|e| e.0 == pick).unwrap();
        let (_, id, sev, _) = self.entries.remove(at);
        Some((id, sev))
    }
}

kata_test! {
    fn matches_model_under_random_operations() {
        let (q, clock) = queue(24, Duration::from_millis(400));
        let mut model = Model { entries: Vec::new(), next_seq: 0, capacity: 24, promote_after_ms: 400 };
        let mut rng = Rng(0xD1B5_4A32_D192_ED03);
        let mut now = 0u64;
        let mut id = 0u64;
        for step in 0..6_000 {
            match rng.below(10) {
                0..=4 => {
                    let sev = match rng.below(20) {
                        0 => Critical,
                        1..=3 => Error,
                        4..=7 => Warning,
                        8..=13 => Info,
                        _ => Debug,
                    };
                    let accepted = q.try_push(ev(id, sev)).is_ok();
                    let len = model.entries.len();
                    let want = model.try_push(id, sev, now);
                    assert_eq!(accepted, want, "step {step}: try_push of {sev:?} event {id} (len {len})");
                    id += 1;
                }
                5..=8 => {
                    let got = q.pop().map(|e| (e.id, e.severity));
                    assert_eq!(got, model.pop(now), "step {step}: pop at {now} ms");
                }
                _ => {
                    now += rng.below(120);
                    clock.at_ms(now);
                }
            }
        }
        now += 1_000;
        clock.at_ms(now);
        while let Some(want) = model.pop(now) {
            assert_eq!(q.pop().map(|e| (e.id, e.severity)), Some(want));
        }
        assert_eq!(q.pop(), None);
    }
}

kata_test! {
    fn shipped_clocks_drive_promotion() {
        // The two clocks that ship with the queue (part of the agreed API) must tell the time:
        // with either one, an event becomes overdue once promote_after has passed, and not
        // before.
        use priority_queue::{ManualClock, SystemClock};

        let manual = Arc::new(ManualClock::new());
        let q = EventQueue::new(8, Duration::from_secs(10), manual.clone());
        push_all(&q, &[(1, Debug), (2, Error)]);
        manual.advance(Duration::from_secs(9));
        assert_eq!(manual.now(), Duration::from_secs(9), "ManualClock::advance moves the clock");
        assert_eq!(q.pop().map(|e| e.id), Some(2), "after 9 s (promote_after = 10 s) nothing is overdue yet");
        push_all(&q, &[(3, Error)]);
        manual.advance(Duration::from_secs(1));
        assert_eq!(manual.now(), Duration::from_secs(10));
        assert_eq!(
            q.pop().map(|e| e.id),
            Some(1),
            "the Debug event waited 10 s on the ManualClock: it is overdue and served first"
        );

        let system = Arc::new(SystemClock::new());
        let q = EventQueue::new(8, Duration::from_millis(50), system.clone());
        push_all(&q, &[(4, Debug), (5, Error)]);
        thread::sleep(Duration::from_millis(80));
        assert!(system.now() >= Duration::from_millis(80), "SystemClock says {:?} after an 80 ms sleep", system.now());
        assert_eq!(
            q.pop().map(|e| e.id),
            Some(4),
            "the Debug event waited 80 ms on the SystemClock (promote_after = 50 ms): it is overdue"
        );
    }
}

kata_test! {
    fn accessors_report_capacity_emptiness_and_closing() {
        let (q, _clock) = queue(3, LONG);
        assert_eq!(q.capacity(), 3, "capacity() is the capacity given to new");
        assert!(q.is_empty(), "a new queue is empty");
        assert!(!q.is_closed(), "a new queue is open");
        push_all(&q, &[(1, Info)]);
        assert!(!q.is_empty(), "one event queued: not empty");
        push_all(&q, &[(2, Info), (3, Info)]);
        let refused = q.try_push(ev(4, Info)).expect_err("the queue is full");
        assert!(matches!(refused, PushError::Full(_)), "try_push on a full queue: {refused:?}");
        assert_eq!(refused.into_event(), ev(4, Info), "the refused event comes back unchanged");
        q.close();
        assert!(q.is_closed(), "close() was called");
        let refused = q.push(ev(5, Critical)).expect_err("the queue is closed");
        assert_eq!(refused.into_event(), ev(5, Critical), "the refused event comes back unchanged");
        assert_eq!(q.capacity(), 3);
        assert_eq!(drain(&q).len(), 3, "events queued before close are still delivered");
        assert!(q.is_empty(), "everything was popped");
    }
}
