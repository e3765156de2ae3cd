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
    /// A name (kata id, assessment) matches no definition; the message lists the known ones.
    #[error("{message}")]
    Unknown {
        /// What was asked for, what exists, and the closest match.
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

    /// `name` is no known `what` (kata, assessment): names the closest of `known`, if any, and
    /// lists them all, without the (often internal) folder they were looked for in.
    pub fn unknown(what: &str, name: &str, known: &[String], remedy: &str) -> Self {
        let known_list = known.join(", ");
        let message = match closest(name, known) {
            Some(close) => format!("no {what} `{name}`; did you mean `{close}`? (known: {known_list}; {remedy})"),
            None => format!("no {what} `{name}`; known: {known_list} ({remedy})"),
        };
        DefinitionError::Unknown { message }
    }

    /// An error about `path` as a whole.
    pub fn file(path: &Path, message: impl Into<String>) -> Self {
        DefinitionError::File { path: path.to_path_buf(), message: message.into() }
    }
}

/// The known name closest to `name`, if it is close enough to be a likely typo.
pub fn closest<'a>(name: &str, known: &'a [String]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(name, k), k))
        .filter(|(d, k)| *d <= (k.chars().count() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.as_str())
}

#[cfg(test)]
mod tests {
    fn known() -> Vec<String> {
        ["connection-pool", "deadlock", "memory-leak"].iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_typo_gets_the_closest_name() {
        assert_eq!(super::closest("deadlok", &known()), Some("deadlock"));
        assert_eq!(super::closest("conection-pool", &known()), Some("connection-pool"));
        assert_eq!(super::closest("xyz", &known()), None);
    }

    #[test]
    fn the_unknown_message_names_no_folder() {
        let err = super::DefinitionError::unknown("kata", "deadlok", &known(), "see `kata list`");
        assert_eq!(
            err.to_string(),
            "no kata `deadlok`; did you mean `deadlock`? (known: connection-pool, deadlock, memory-leak; see `kata list`)"
        );
        let err = super::DefinitionError::unknown("kata", "xyz", &known(), "see `kata list`");
        assert_eq!(err.to_string(), "no kata `xyz`; known: connection-pool, deadlock, memory-leak (see `kata list`)");
    }
}
