// Attributes on a hidden test (docs, `#[ignore]`, `#[should_panic]`) are kept.
kata_harness::kata_test! {
    /// Adding is adding.
    #[allow(clippy::eq_op)]
    fn adds() {
        assert_eq!(1 + 1, 2);
    }
}

fn main() {}
