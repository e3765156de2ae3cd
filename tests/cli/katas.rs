//! The real katas: every shipped solution gets its declared verdict (`kata verify`), so
//! `cargo test` on a clean machine proves the katas.

use crate::support::KataTest;

fn verify(id: &str) {
    let run = KataTest::new().run(&["verify", id]);
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
fn deadlocking_starter_times_out_under_kata_test_instead_of_hanging() {
    let t = KataTest::new();
    t.run(&["start", "deadlock", "--dir", "work"]).expect_code(0);
    t.run(&["test", "--dir", "work"]).expect_code(1).stdout_has("likely deadlock");
}
