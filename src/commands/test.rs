//! `kata test`: the visible tests of a started kata, through the grading engine, so a
//! deadlock ends as "timed out (likely deadlock)" instead of a hung terminal.

use crate::cli::TestArgs;
use crate::content::Content;
use crate::error::exit_codes;

pub(crate) fn run(content: &Content, args: TestArgs) -> anyhow::Result<u8> {
    let targets = super::visible_targets(&args.dir)?;
    let session = super::settings(&args.run)?;
    let passed = super::run_visible(content, &targets, args.filter.as_deref(), &session)?;
    Ok(if passed { exit_codes::OK } else { exit_codes::FAILED })
}
