//! `kata completions`: a shell completion script on stdout, generated from the clap definition.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::error::exit_codes;

pub(crate) fn run(args: CompletionsArgs) -> anyhow::Result<u8> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "kata", &mut script);
    super::print(&String::from_utf8_lossy(&script))?;
    Ok(exit_codes::OK)
}
