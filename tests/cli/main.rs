//! The one integration-test binary: runs the real `kata` executable the way people and
//! scripts do, one module per feature.

mod support;

mod architecture;
mod assessment;
mod candidate;
mod conventions;
mod definitions;
mod engine;
mod fuzz;
mod harness_ui;
mod import;
mod interrupt;
mod katas;
mod readme;
mod report;
