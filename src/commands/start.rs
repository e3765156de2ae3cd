//! `kata start` and `kata hint`: the candidate's side of a kata folder.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::cli::{HintArgs, StartArgs};
use crate::content::Content;
use crate::error::exit_codes;
use crate::kata::Kata;
use crate::workspace::{self, StartRecord};

pub(crate) fn run(content: &Content, args: StartArgs) -> anyhow::Result<u8> {
    let kata = super::load_kata(content, &args.id)?;
    let dir = args.dir.unwrap_or_else(|| PathBuf::from(&args.id));
    scaffold(&kata, &content.harness, &dir)?;
    super::print(&format!(
        "Started `{}` in {}\n\nNext:\n  cd {}\n  cat README.md        # the challenge\n  kata test            # run the visible tests\n  kata hint            # when stuck\n",
        kata.def.title,
        dir.display(),
        dir.display()
    ))?;
    Ok(exit_codes::OK)
}

/// Writes a started kata folder: starter crate, visible tests, challenge, start record.
/// Hidden tests and solutions never leave the kata folder.
pub(crate) fn scaffold(kata: &Kata, harness: &Path, dir: &Path) -> anyhow::Result<()> {
    if dir.exists() {
        anyhow::bail!("{} already exists; choose another folder with --dir (nothing was overwritten)", dir.display());
    }
    let build = || -> anyhow::Result<()> {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        workspace::copy_file(&kata.dir.join("Cargo.toml"), &dir.join("Cargo.toml"))?;
        if kata.dir.join("Cargo.lock").is_file() {
            workspace::copy_file(&kata.dir.join("Cargo.lock"), &dir.join("Cargo.lock"))?;
        }
        workspace::copy_tree(harness, &dir.join("kata-harness"), &|_| true)?;
        workspace::copy_tree(&kata.starter_dir(), dir, &|_| true)?;
        std::fs::write(dir.join("README.md"), &kata.challenge.statement)?;
        std::fs::write(dir.join(".gitignore"), "/target\n")?;
        workspace::write_start_record(
            dir,
            &StartRecord {
                format_version: 1,
                kata: kata.id().to_string(),
                version: kata.def.version.clone(),
                started_at: workspace::now_rfc3339(),
                hints_shown: 0,
            },
        )
    };
    build().inspect_err(|_| {
        // Half a folder would block the next try; we created it, so we may remove it.
        let _ = std::fs::remove_dir_all(dir);
    })
}

pub(crate) fn hint(content: &Content, args: HintArgs) -> anyhow::Result<u8> {
    let mut record = workspace::read_start_record(&args.dir)?;
    let kata = super::load_kata(content, &record.kata)?;
    let hints = &kata.challenge.hints;
    if record.hints_shown >= hints.len() {
        let all: Vec<String> = hints.iter().enumerate().map(|(i, h)| format!("Hint {}/{}: {h}", i + 1, hints.len())).collect();
        super::print(&format!("No more hints. All of them:\n\n{}\n", all.join("\n\n")))?;
        return Ok(exit_codes::OK);
    }
    let text = &hints[record.hints_shown];
    record.hints_shown += 1;
    workspace::write_start_record(&args.dir, &record)?;
    super::print(&format!("Hint {}/{}: {text}\n", record.hints_shown, hints.len()))?;
    Ok(exit_codes::OK)
}
