//! `kata`: runs backend-interview coding katas and grades whole interview assessments.
//!
//! The data flows one way, one folder per step (see ARCHITECTURE.md):
//! `content` (embedded or user files) -> `kata` (definitions, started folders) -> `coding`
//! (workspace, build, run, verdicts: `KataResult`) and `written` (rubrics, sheets, scores:
//! `WrittenResult`) -> `assessment` (a whole submission: `AssessmentResult`) -> `results` (the
//! shared result types) -> `report` (text, HTML, Markdown, JUnit). `cli` and `commands` drive it.

pub(crate) mod assessment;
pub(crate) mod authoring;
pub mod cli;
pub(crate) mod coding;
pub mod commands;
pub mod content;
pub mod error;
pub mod kata;
pub(crate) mod report;
pub(crate) mod results;
pub(crate) mod util;
pub mod written;
