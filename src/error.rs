//! Errors the grader itself can hit, and the process exit codes they map to.
//!
//! A candidate's failing test is never an error: it is a verdict in the results (`results::VerdictKind`).

use std::path::{Path, PathBuf};

/// Exit codes, following ripgrep's 0/1/2.
pub mod exit_codes {
    /// The command did its job (for `kata grade`: grading completed, whatever the score).
    pub const OK: u8 = 0;
    /// `kata test` had a failing test; `kata verify` found a mismatch; `kata check` a bad file.
    pub const FAILED: u8 = 1;
    /// Usage error, bad definition file, or the grader could not do its job.
    pub const ERROR: u8 = 2;
}

/// A definition file (kata, rubric, assessment, answer sheet, overrides) is unusable.
#[derive(Debug, thiserror::Error)]
pub enum DefinitionError {
    /// The file could not be parsed or failed validation at a known place.
    #[error("{}:{line}:{column}: {message}", path.display())]
    At {
        /// The file.
        path: PathBuf,
        /// 1-based line (0 when unknown).
        line: usize,
        /// 1-based column (0 when unknown).
        column: usize,
        /// What is wrong and, where possible, what to do.
        message: String,
    },
    /// The file is wrong as a whole.
    #[error("{}: {message}", path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// What is wrong and, where possible, what to do.
        message: String,
    },
}

impl DefinitionError {
    /// An error at a line and column of `path`.
    pub fn at(path: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        DefinitionError::At { path: path.to_path_buf(), line, column, message: message.into() }
    }

    /// An error about `path` as a whole.
    pub fn file(path: &Path, message: impl Into<String>) -> Self {
        DefinitionError::File { path: path.to_path_buf(), message: message.into() }
    }
}
