//! Writing kata folders for authors: a new kata from a template (`kata new`) and katas made of
//! exercises from elsewhere (`kata import exercism`). Both write the layout of
//! `katas/README.md`, with a lock file, so the result passes `kata check` at once.

pub mod exercism;
pub mod new;

use std::path::Path;

use anyhow::Context;

use crate::content::KataDirs;
use crate::util::fs::{copy_file, copy_tree};

/// The manifest every kata needs around the author's own dependency sections.
fn manifest(crate_name: &str, version: &str, edition: &str, sections: &str) -> String {
    format!(
        "[package]\nname = \"{crate_name}\"\nversion = \"{version}\"\nedition = \"{edition}\"\npublish = false\n\n\
         {sections}[dev-dependencies]\nkata-harness = {{ path = \"kata-harness\" }}\n\n\
         [lints.rust]\nunsafe_code = \"forbid\"\n"
    )
}

/// Writes `kata_dir/Cargo.lock` for the kata's manifest and reference: resolved once, in a
/// scratch crate, so grading can build with `--locked --offline` afterwards.
fn write_lock_file(kata_dir: &Path, harness: &Path, offline: bool) -> anyhow::Result<()> {
    let scratch = crate::util::fs::private_tempdir("kata-lock-")?;
    copy_file(&kata_dir.join("Cargo.toml"), &scratch.path().join("Cargo.toml"))?;
    copy_tree(harness, &scratch.path().join("kata-harness"), &|_| true)?;
    copy_tree(&kata_dir.join("solutions/reference/src"), &scratch.path().join("src"), &|_| true)?;
    crate::coding::build::generate_lockfile(scratch.path(), offline)?;
    copy_file(&scratch.path().join("Cargo.lock"), &kata_dir.join("Cargo.lock"))
        .with_context(|| format!("cannot write the lock file of {}", kata_dir.display()))
}

/// Refuses an id that is not a folder name, is taken by a known kata, or already exists.
fn check_new_id(id: &str, dest: &Path, known: &KataDirs) -> anyhow::Result<()> {
    let valid = id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !valid {
        anyhow::bail!("`{id}` is not a kata id: use lowercase letters, digits and `-`, starting with a letter");
    }
    if let Ok(ids) = crate::kata::ids(known) {
        if ids.iter().any(|k| k == id) {
            anyhow::bail!("a kata `{id}` exists already (see `kata list`); choose another id");
        }
    }
    if dest.exists() {
        anyhow::bail!("{} already exists; nothing was written (choose another id or --into)", dest.display());
    }
    Ok(())
}

/// A YAML scalar for any text (JSON strings are YAML).
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).expect("a string serialises")
}

/// Runs `write` to fill the new folder `dest`, removing what it wrote when it fails.
fn create(dest: &Path, write: impl FnOnce() -> anyhow::Result<()>) -> anyhow::Result<()> {
    std::fs::create_dir_all(dest).with_context(|| format!("cannot create {}", dest.display()))?;
    write().inspect_err(|_| {
        let _ = std::fs::remove_dir_all(dest);
    })
}

/// Writes `text` to `dir/rel`, creating folders.
fn write(dir: &Path, rel: &str, text: &str) -> anyhow::Result<()> {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("has a parent"))?;
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))
}
