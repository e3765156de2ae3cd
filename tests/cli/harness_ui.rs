//! UI tests of the hidden-test harness's macro (`katas/_harness`): what a kata author sees when
//! a hidden test is written wrongly. Expected compiler output lives beside each case in
//! `tests/ui/*.stderr` (regenerate with `TRYBUILD=overwrite cargo test --test cli harness_ui`,
//! then review the diff).

#[test]
fn kata_test_macro_errors_and_accepted_forms() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/attributes_pass_through.rs");
    cases.compile_fail("tests/ui/test_with_arguments.rs");
    cases.compile_fail("tests/ui/test_returning_result.rs");
}
