//! `kata`: runs backend-interview coding katas and grades whole interview assessments.
//!
//! The data flows one way: definitions (`kata`, `assessment` rubrics) -> `workspace` ->
//! `compile` -> `runner` -> `verdict` -> `grade` (scores) -> `report`. See ARCHITECTURE.md.

pub mod assessment;
pub mod assessment_run;
pub mod cache;
pub mod cli;
pub mod commands;
pub mod compile;
pub mod content;
pub mod error;
pub mod grade;
pub mod kata;
pub mod markdown;
pub mod report;
pub mod runner;
pub mod verdict;
pub mod workspace;
pub mod yaml;
