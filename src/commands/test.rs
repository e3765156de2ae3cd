//! `kata test`: the visible tests of a started kata, through the grading engine, so a
//! deadlock ends as "timed out (likely deadlock)" instead of a hung terminal.

use std::path::Path;

use crate::cli::TestArgs;
use crate::content::Content;
use crate::error::exit_codes;
use crate::grade::{self, GradeOptions};
use crate::report;
use crate::workspace::{self, Suite};

pub(crate) fn run(content: &Content, args: TestArgs) -> anyhow::Result<u8> {
    let session = super::BuildSession::new(&args.run)?;
    let passed = run_visible(content, &args.dir, &session)?;
    Ok(if passed { exit_codes::OK } else { exit_codes::FAILED })
}

/// Builds and runs the visible tests of the started folder `dir`, prints the summary, and
/// says whether they all passed.
pub(crate) fn run_visible(content: &Content, dir: &Path, session: &super::BuildSession) -> anyhow::Result<bool> {
    let record = workspace::read_start_record(dir)?;
    let kata = super::load_kata(content, &record.kata)?;
    eprintln!("building and running the visible tests of `{}`...", kata.id());
    let result = grade::grade(
        &kata,
        &content.harness,
        dir,
        GradeOptions { offline: session.offline, suite: Suite::Visible, jobs: session.jobs, progress: &mut |_| {} },
    )?;
    super::print(&report::text(&result, false))?;
    let passed = result.compiled && !result.tests.is_empty() && result.all_passed();
    if passed {
        super::print("\nAll visible tests pass. The hidden suite checks more: see README.md.\n")?;
    }
    Ok(passed)
}
