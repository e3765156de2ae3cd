//! The containment a grading ran under: recorded in every results file and report, so an
//! interviewer can tell how far a verdict can be trusted against a hostile submission.

use serde::{Deserialize, Serialize};

/// How much of the confinement this machine offers was in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Filesystem allow-list, network, signal and socket scoping all in force.
    Full,
    /// Some mechanisms missing (listed in [`Containment::missing`]).
    Partial,
    /// No kernel confinement: only limits, sessions and the watchdog.
    None,
}

impl Level {
    /// The level as written in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Full => "full",
            Level::Partial => "partial",
            Level::None => "none",
        }
    }
}

/// The containment in words: the level, the mechanisms in force and the missing ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Containment {
    /// The overall level.
    pub level: Level,
    /// Mechanisms in force.
    pub enforced: Vec<String>,
    /// Mechanisms missing, each with what that allows.
    pub missing: Vec<String>,
}
