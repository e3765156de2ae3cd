//! The grader's side of a hidden test: the end-of-test marker and a counting allocator.
//!
//! This crate is copied beside every kata workspace as a path dev-dependency, so the
//! candidate's crate (which forbids `unsafe_code`) never contains it, while hidden tests can.
//!
//! A test passes only when the grader reads `KATA-PASS <name>` on the **completion pipe**, a
//! descriptor (3) the grader hands the test process and nothing else can write to: before any
//! candidate code runs, [`run_marked`] takes the descriptor, marks it close-on-exec (so no child
//! inherits it) and makes the process non-dumpable; the test process is confined so that
//! procfs and `/dev/fd` (the only ways safe Rust could reopen a descriptor) are unreachable.
//! Whatever the submission prints, or reads of its own memory, cannot produce that write.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::fs::File;
use std::io::Write;
use std::os::fd::FromRawFd;
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering};

/// Set by the grader when it hands the test a completion pipe.
const MARKER_ENV: &str = "KATA_MARKER";
/// The completion pipe's descriptor.
const COMPLETION_FD: i32 = 3;

extern "C" {
    fn fcntl(fd: i32, cmd: i32, ...) -> i32;
    fn prctl(option: i32, ...) -> i32;
}
const F_GETFD: i32 = 1;
const F_SETFD: i32 = 2;
const FD_CLOEXEC: i32 = 1;
const PR_SET_DUMPABLE: i32 = 4;

/// Takes the completion pipe, before the test body (and so any candidate code) runs.
fn take_completion_pipe() -> Option<File> {
    std::env::var_os(MARKER_ENV)?;
    // SAFETY: fcntl and prctl with constant arguments; fd 3 is only adopted when it is open,
    // and nothing else in this process owns it (the grader placed it there at exec).
    unsafe {
        // Not dumpable: its memory and descriptors cannot be opened through procfs by anyone
        // but root, should procfs be reachable at all.
        prctl(PR_SET_DUMPABLE, 0u64, 0u64, 0u64, 0u64);
        if fcntl(COMPLETION_FD, F_GETFD) < 0 || fcntl(COMPLETION_FD, F_SETFD, FD_CLOEXEC) < 0 {
            return None;
        }
        Some(File::from_raw_fd(COMPLETION_FD))
    }
}

/// The completion pipe and the running test's name, while its body runs.
static PIPE: std::sync::Mutex<Option<(File, String)>> = std::sync::Mutex::new(None);

/// Runs one hidden test body and, only if it returns, writes the completion line.
pub fn run_marked<F: FnOnce()>(name: &str, body: F) {
    if let Some(pipe) = take_completion_pipe() {
        *PIPE.lock().unwrap_or_else(|e| e.into_inner()) = Some((pipe, name.to_string()));
    }
    body();
    if let Some((mut pipe, _)) = PIPE.lock().unwrap_or_else(|e| e.into_inner()).take() {
        let _ = pipe.write_all(format!("KATA-PASS {name}\n").as_bytes());
    }
}

/// Says that the test is about to pass without the evidence it wanted (a race test whose
/// threads seldom ran side by side on a busy machine). The grader runs it again and, if it
/// stays unsure, passes it with a warning instead of silently. Written on the completion
/// pipe, so a submission cannot claim it.
pub fn unsure(reason: &str) {
    let reason = reason.replace('\n', " ");
    match PIPE.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
        Some((pipe, name)) => {
            let _ = pipe.write_all(format!("KATA-UNSURE {name} {reason}\n").as_bytes());
        }
        None => eprintln!("unsure: {reason}"),
    }
}

/// The name libtest gives a test: its module path inside the test crate (the file itself, the
/// first segment of `module_path!()`, is not part of it) and the function's name.
#[doc(hidden)]
pub fn test_name(module_path: &str, function: &str) -> String {
    match module_path.split_once("::") {
        Some((_, inner)) => format!("{inner}::{function}"),
        None => function.to_string(),
    }
}

/// What a hidden test's body must do to pass.
#[derive(Debug, Clone, Copy)]
pub enum Expect {
    /// Return (`()`, or `Ok` for a body returning a `Result`).
    Returns,
    /// Panic (`#[should_panic]`), with a message containing the text when one is given.
    Panics(Option<&'static str>),
}

/// What a test body returns: `()`, or a `Result` whose `Err` fails the test (as libtest does).
pub trait Outcome {
    /// Panics when the outcome is a failure.
    fn check(self);
}

impl Outcome for () {
    fn check(self) {}
}

impl<T: Outcome, E: std::fmt::Debug> Outcome for Result<T, E> {
    fn check(self) {
        match self {
            Ok(inner) => inner.check(),
            Err(err) => panic!("the test returned an error: {err:?}"),
        }
    }
}

/// Runs an ordinary `#[test]` body, rewritten by the grader when it assembled the workspace:
/// the completion line is written only when the body did what `expect` says (returned, or
/// panicked with the expected message).
pub fn run_test<R: Outcome, F: FnOnce() -> R>(module_path: &str, function: &str, expect: Expect, body: F) {
    let name = test_name(module_path, function);
    let pipe = take_completion_pipe();
    match expect {
        Expect::Returns => body().check(),
        Expect::Panics(expected) => {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| body().check()));
            let Err(payload) = outcome else {
                panic!("the test did not panic, but it should have (#[should_panic])");
            };
            let message = payload
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| payload.downcast_ref::<&str>().copied());
            if let Some(expected) = expected {
                if !message.is_some_and(|m| m.contains(expected)) {
                    panic!(
                        "the test panicked, but not with the expected message\n  panic message: {:?}\n  expected substring: {expected:?}",
                        message.unwrap_or("(not a string)")
                    );
                }
            }
        }
    }
    if let Some(mut pipe) = pipe {
        let _ = pipe.write_all(format!("KATA-PASS {name}\n").as_bytes());
    }
}

/// Declares a hidden test whose pass the grader can trust. Plain `#[test]` functions in a
/// hidden file work too: the grader rewrites them into [`run_test`] calls.
///
/// ```ignore
/// kata_harness::kata_test! {
///     fn transfers_conserve_money() { /* ... */ }
/// }
/// ```
#[macro_export]
macro_rules! kata_test {
    ($(#[$meta:meta])* fn $name:ident() $body:block) => {
        #[test]
        $(#[$meta])*
        fn $name() {
            $crate::run_marked(&$crate::test_name(::core::module_path!(), ::core::stringify!($name)), || $body)
        }
    };
}

/// Prefix of a panic message the grader turns into the `memory` verdict.
pub const MEMORY_FAILURE: &str = "KATA-MEMORY:";
/// Prefix of a panic message the grader turns into the `too_slow` verdict (in-test budgets).
pub const SLOW_FAILURE: &str = "KATA-SLOW:";

/// Fails the current test with the `memory` verdict.
pub fn fail_memory(message: &str) -> ! {
    panic!("{MEMORY_FAILURE} {message}");
}

static LIVE_BYTES: AtomicIsize = AtomicIsize::new(0);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

/// A global allocator that counts live heap bytes. Install it in a hidden test file with
/// `#[global_allocator] static ALLOC: kata_harness::CountingAlloc = kata_harness::CountingAlloc;`
pub struct CountingAlloc;

// SAFETY: every call is forwarded unchanged to the system allocator; only counters are added.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = System.alloc(layout);
        if !ptr.is_null() {
            LIVE_BYTES.fetch_add(layout.size() as isize, Ordering::Relaxed);
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        ptr
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = System.alloc_zeroed(layout);
        if !ptr.is_null() {
            LIVE_BYTES.fetch_add(layout.size() as isize, Ordering::Relaxed);
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        ptr
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE_BYTES.fetch_sub(layout.size() as isize, Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = System.realloc(ptr, layout, new_size);
        if !new.is_null() {
            LIVE_BYTES.fetch_add(new_size as isize - layout.size() as isize, Ordering::Relaxed);
        }
        new
    }
}

/// Live heap bytes right now (only meaningful with [`CountingAlloc`] installed).
pub fn live_bytes() -> isize {
    LIVE_BYTES.load(Ordering::Relaxed)
}

/// Number of allocations so far (only meaningful with [`CountingAlloc`] installed).
pub fn allocations() -> usize {
    ALLOCATIONS.load(Ordering::Relaxed)
}

/// Growth of live bytes over two equal halves of a workload, after one warm-up round.
#[derive(Debug, Clone, Copy)]
pub struct Growth {
    /// Live bytes after the warm-up round.
    pub baseline: isize,
    /// Growth during the first half.
    pub first_half: isize,
    /// Growth during the second half: the leak, once lazy one-time allocations are done.
    pub second_half: isize,
}

/// Measures live-byte growth: warm up once, record, run `n` rounds, record, run `n` more.
///
/// Asserting zero live bytes is flaky (stdout buffers, thread-locals, runtimes allocate
/// lazily), so a leak is judged on the second half alone.
pub fn measure_growth<F: FnMut()>(n: usize, mut round: F) -> Growth {
    round();
    let baseline = live_bytes();
    for _ in 0..n {
        round();
    }
    let middle = live_bytes();
    for _ in 0..n {
        round();
    }
    let end = live_bytes();
    Growth { baseline, first_half: middle - baseline, second_half: end - middle }
}

/// Fails with the `memory` verdict when the second half of a workload grew more than `bound`.
pub fn assert_no_leak(what: &str, growth: Growth, bound: isize) {
    if growth.second_half > bound {
        fail_memory(&format!(
            "{what}: live heap grew by {} bytes in the second half of the workload \
             (first half {}, allowed {bound})",
            growth.second_half, growth.first_half
        ));
    }
}
