//! `kata test`: the visible tests of a started kata, through the grading engine, so a
//! deadlock ends as "timed out (likely deadlock)" instead of a hung terminal.

use crate::cli::TestArgs;
use crate::content::Content;
use crate::error::exit_codes;
use crate::grade::{self, GradeOptions};
use crate::report;
use crate::workspace::{self, Suite};

pub(crate) fn run(content: &Content, args: TestArgs) -> anyhow::Result<u8> {
    let record = workspace::read_start_record(&args.dir)?;
    let kata = super::load_kata(content, &record.kata)?;
    let session = super::BuildSession::new(&args.run)?;
    eprintln!("building and running the visible tests of `{}`...", kata.id());
    let result = grade::grade(
        &kata,
        &content.harness,
        &args.dir,
        GradeOptions { offline: session.offline, suite: Suite::Visible, jobs: session.jobs, progress: &mut |_| {} },
    )?;
    super::print(&report::text(&result, false))?;
    if result.compiled && !result.tests.is_empty() && result.all_passed() {
        super::print("\nAll visible tests pass. The hidden suite checks more: see README.md.\n")?;
        Ok(exit_codes::OK)
    } else {
        Ok(exit_codes::FAILED)
    }
}
