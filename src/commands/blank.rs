//! `kata blank answers|reflection`: a blank answer sheet or reflection from the rubrics.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;

use crate::cli::{BlankArgs, BlankKind};
use crate::content::Content;
use crate::error::exit_codes;
use crate::written;

pub(crate) fn run(content: &Content, args: BlankArgs) -> anyhow::Result<u8> {
    let (text, default) = match args.kind {
        BlankKind::Answers => {
            (written::blank_answers(&written::load_question_rubrics(&content.rubrics)?), "ANSWERS.md")
        }
        BlankKind::Reflection => {
            let rubric = written::load_reflection_rubric(&content.rubrics.join(written::REFLECTION_FILE))?;
            (written::blank_reflection(&rubric), "REFLECTION.md")
        }
    };
    let path = args.output.unwrap_or_else(|| PathBuf::from(default));
    if path.as_os_str() == "-" {
        super::print(&text)?;
        return Ok(exit_codes::OK);
    }
    write_new(&path, &text)?;
    eprintln!("wrote {}", path.display());
    Ok(exit_codes::OK)
}

/// Writes `text` to a file that must not exist yet: a candidate's answers are never lost.
pub(crate) fn write_new(path: &std::path::Path, text: &str) -> anyhow::Result<()> {
    let mut file = match std::fs::File::options().write(true).create_new(true).open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => anyhow::bail!(
            "{} already exists; nothing was overwritten (choose another file with --output)",
            path.display()
        ),
        Err(err) => return Err(err).with_context(|| format!("cannot create {}", path.display())),
    };
    file.write_all(text.as_bytes()).with_context(|| format!("cannot write {}", path.display()))
}
