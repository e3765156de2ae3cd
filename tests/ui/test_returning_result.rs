// The marker is written after the body returns; a body that returns a `Result` would hide
// an `Err` from the grader, so the macro accepts only `()` bodies.
kata_harness::kata_test! {
    fn parses() -> Result<(), String> {
        Ok(())
    }
}

fn main() {}
