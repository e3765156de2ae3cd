//! The result types every step produces and every renderer reads: one kata's tests
//! ([`KataResult`]), the written half ([`WrittenResult`]), a whole submission
//! ([`AssessmentResult`]), their verdicts, and their JSON form (save, load, merge, format
//! version). No grading logic lives here, so renderers depend on nothing else.

pub mod assessment;
pub mod containment;
pub mod kata;
pub mod load;
pub mod verdict;
pub mod written;

pub use assessment::*;
pub use containment::{Containment, Level};
pub use kata::*;
pub use verdict::*;
pub use written::*;

/// The JSON results, pretty-printed with a trailing newline.
pub fn to_json<T: serde::Serialize>(value: &T) -> anyhow::Result<String> {
    Ok(serde_json::to_string_pretty(value)? + "\n")
}
