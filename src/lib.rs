//! `kata`: runs backend-interview coding katas and grades whole interview assessments.
//!
//! The data flows one way: definitions (`kata`, `rubric`) -> `workspace` -> `build` -> `runner`
//! -> `verdict` -> scores -> `report`. See ARCHITECTURE.md for the map.

pub mod assessment;
pub mod error;
pub mod yaml;
