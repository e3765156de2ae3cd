//! `kata`: parse the command line, run the command, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = kata::cli::Cli::parse();
    let outcome = kata::commands::run(cli);
    if kata::commands::interrupted() {
        // Whatever the command made of its killed tests, the interrupt handler is removing our
        // folders and ends the process itself (exit 130).
        loop {
            std::thread::park();
        }
    }
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            let red = anstyle::Style::new().fg_color(Some(anstyle::AnsiColor::Red.into())).bold();
            anstream::eprintln!("{red}error:{red:#} {err:#}");
            ExitCode::from(kata::error::exit_codes::ERROR)
        }
    }
}

/// `kata list | head` closes our stdout early: that is a normal end, not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
