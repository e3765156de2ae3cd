//! Writes a started kata folder from a kata definition: what `kata start` and `kata demo` hand a
//! candidate.

use std::path::Path;

use anyhow::Context;

use super::record::{self, StartRecord};
use super::Kata;
use crate::util::{fs, time};

/// Writes a started kata folder: starter crate, visible tests, challenge, start record.
/// Hidden tests and solutions never leave the kata folder.
pub fn scaffold(kata: &Kata, harness: &Path, dir: &Path) -> anyhow::Result<()> {
    if dir.exists() {
        anyhow::bail!("{} already exists; choose another folder with --dir (nothing was overwritten)", dir.display());
    }
    let build = || -> anyhow::Result<()> {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        fs::copy_file(&kata.dir.join("Cargo.toml"), &dir.join("Cargo.toml"))?;
        if kata.dir.join("Cargo.lock").is_file() {
            fs::copy_file(&kata.dir.join("Cargo.lock"), &dir.join("Cargo.lock"))?;
        }
        fs::copy_tree(harness, &dir.join("kata-harness"), &|_| true)?;
        fs::copy_tree(&kata.starter_dir(), dir, &|_| true)?;
        std::fs::write(dir.join("README.md"), &kata.challenge.statement)?;
        std::fs::write(dir.join(".gitignore"), "/target\n")?;
        record::write_start_record(
            dir,
            &StartRecord {
                format_version: 1,
                kata: kata.id().to_string(),
                version: kata.def.version.clone(),
                started_at: time::now_rfc3339(),
                hints_shown: 0,
                hints: Vec::new(),
            },
        )
    };
    build().inspect_err(|_| {
        // Half a folder would block the next try; we created it, so we may remove it.
        let _ = std::fs::remove_dir_all(dir);
    })
}
