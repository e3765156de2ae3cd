//! The coding half: a submission's kata crate assembled in a fresh workspace ([`workspace`]),
//! built on a private copy of the warm dependency cache ([`cache`], [`build`]), each test run
//! confined in its own process ([`runner`]), and judged into a `KataResult` ([`grade`]).

pub mod bench;
pub mod build;
pub mod cache;
pub mod folder;
pub mod grade;
pub mod limits;
pub mod runner;
pub mod slots;
pub mod timing;
pub mod workspace;

/// The build and run settings of one command run, resolved once from the command line.
#[derive(Debug, Clone, Copy)]
pub struct RunSettings {
    /// Build without network access.
    pub offline: bool,
    /// CPU slots: builds and tests run at once across everything being graded.
    pub jobs: usize,
}
