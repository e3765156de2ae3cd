//! The real katas: every shipped solution gets its declared verdict (`kata verify`), so
//! `cargo test` on a clean machine proves the katas; and a newcomer can start and test each.

use crate::support::KataTest;

const KATAS: &[&str] = &["deadlock", "session-race", "memory-leak", "priority-queue", "connection-pool"];

fn verify(id: &str) {
    let run = KataTest::alone().run(&["verify", id]);
    print!("{}", run.stdout());
    run.expect_code(0);
}

#[test]
fn check_passes_on_the_built_in_definitions() {
    KataTest::new().run(&["check"]).expect_code(0);
}

#[test]
fn verify_deadlock() {
    verify("deadlock");
}

#[test]
fn verify_session_race() {
    verify("session-race");
}

#[test]
fn verify_memory_leak() {
    verify("memory-leak");
}

#[test]
fn verify_priority_queue() {
    verify("priority-queue");
}

#[test]
fn verify_connection_pool() {
    verify("connection-pool");
}

#[test]
fn deadlocking_starter_times_out_under_kata_test_instead_of_hanging() {
    let t = KataTest::new();
    t.run(&["start", "deadlock", "--dir", "work"]).expect_code(0);
    t.run(&["test", "--dir", "work"]).expect_code(1).stdout_has("likely deadlock");
}

/// A newcomer's path through every kata: start it, see the visible tests fail, "fix" it (with
/// the reference's code), see them pass, grade the folder and get full marks.
#[test]
fn every_kata_starts_fails_its_visible_tests_and_grades_full_once_fixed() {
    for id in KATAS {
        // Alone: grading the reference includes its timing tests (reference against reference).
        let t = KataTest::alone();
        t.run(&["start", id, "--dir", "work"]).expect_code(0);
        let run = t.run(&["test", "--dir", "work"]);
        // The starter is buggy or unfinished: the visible tests build and run (exit 1, not 2).
        run.expect_code(1);
        assert!(run.stdout().contains("tests passed"), "{id}: {}", run.stdout());
        let work = t.path().join("work");
        std::fs::remove_dir_all(work.join("src")).unwrap();
        crate::support::copy_dir(
            &crate::support::repo().join("katas").join(id).join("solutions/reference/src"),
            &work.join("src"),
        );
        t.run(&["test", "--dir", "work"]).expect_code(0);
        let json = t.run(&["grade", "work", "--format", "json"]).expect_code(0).json();
        assert_eq!(json["score"], json["max_score"], "{id}: {json}");
        t.assert_no_leftovers();
    }
}

#[test]
fn demo_grades_the_starter_and_the_reference() {
    KataTest::new().run(&["demo", "deadlock"]).expect_code(0).stdout_has("reference 100/100");
}
