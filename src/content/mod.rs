//! Where katas, rubrics and templates come from: the copies embedded in the binary, or folders
//! the user points at with `--katas`/`--rubrics`/`--assessments` (or `KATA_KATAS`/`KATA_RUBRICS`/
//! `KATA_ASSESSMENTS`).
//!
//! Cargo needs real files to build a workspace, so the embedded tree is written once to the
//! user's cache directory, in a folder named after a hash of its contents.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::util::fs::cache_dir;

pub mod yaml;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The folders katas are read from: the built-in katas, then each folder given with `--katas`,
/// every one holding one sub-folder per kata.
#[derive(Debug, Clone)]
pub struct KataDirs {
    /// Every folder, the built-in one first.
    pub all: Vec<PathBuf>,
    /// How many of them are the user's own (the last ones).
    pub own: usize,
}

impl KataDirs {
    /// The user's own folders (`--katas`).
    pub fn own(&self) -> &[PathBuf] {
        &self.all[self.all.len() - self.own..]
    }
}

/// The folders the rest of the program reads definitions from.
#[derive(Debug, Clone)]
pub struct Content {
    /// Folders holding one sub-folder per kata: the built-in katas and the user's.
    pub katas: KataDirs,
    /// Folder holding the question rubrics and `reflection.yaml`.
    pub rubrics: PathBuf,
    /// Folder holding the report templates.
    pub templates: PathBuf,
    /// Folder holding assessment definitions.
    pub assessments: PathBuf,
    /// The `kata-harness` crate copied into every workspace.
    pub harness: PathBuf,
}

impl Content {
    /// Resolves the content folders: user overrides first, the embedded copies otherwise.
    pub fn resolve(katas: &[PathBuf], rubrics: Option<&Path>, assessments: Option<&Path>) -> anyhow::Result<Content> {
        let embedded = embedded_root()?;
        let mut all = vec![embedded.join("katas")];
        for dir in katas {
            // Absolute paths: builds and snippet compiles run in other working directories.
            let dir = dir.canonicalize().map_err(|_| {
                anyhow::anyhow!(
                    "kata folder {} does not exist; point --katas (or KATA_KATAS) at a folder of katas",
                    dir.display()
                )
            })?;
            if !all.contains(&dir) {
                all.push(dir);
            }
        }
        // A user's own kata folder may bring its own harness; otherwise ours.
        let harness = all[1..]
            .iter()
            .map(|dir| dir.join("_harness"))
            .find(|h| h.join("Cargo.toml").is_file())
            .unwrap_or_else(|| embedded.join("katas/_harness"));
        let own = all.len() - 1;
        Ok(Content {
            katas: KataDirs { all, own },
            rubrics: rubrics
                .map(|r| r.canonicalize().unwrap_or_else(|_| r.to_path_buf()))
                .unwrap_or_else(|| embedded.join("rubrics")),
            templates: embedded.join("templates"),
            assessments: assessments
                .map(|a| a.canonicalize().unwrap_or_else(|_| a.to_path_buf()))
                .unwrap_or_else(|| embedded.join("assessments")),
            harness,
        })
    }
}

/// Writes the embedded tree to the cache (once per content hash) and returns its root.
fn embedded_root() -> anyhow::Result<PathBuf> {
    let root = cache_dir().join(format!("content-{:016x}", content_hash()));
    if root.join(".complete").is_file() {
        // Trusted only if every file still holds the embedded bytes (and no hidden test or
        // harness file was added): anything else on this machine could have edited it.
        if matches_embedded(&root) {
            return Ok(root);
        }
        eprintln!("warning: {} was changed since it was written; writing it again", root.display());
        std::fs::remove_dir_all(&root).with_context(|| format!("cannot remove {}", root.display()))?;
    }
    let parent = root.parent().expect("cache root has a parent");
    crate::util::fs::create_private_dir(parent)?;
    // Write into a private folder and rename it into place, so concurrent first runs never
    // see a half-written tree.
    let staging = tempfile::Builder::new()
        .prefix(".content-")
        .tempdir_in(parent)
        .with_context(|| format!("cannot create a folder in {}", parent.display()))?;
    for (rel, bytes) in embedded::FILES {
        let dest = staging.path().join(rel);
        std::fs::create_dir_all(dest.parent().expect("file has a parent"))?;
        std::fs::write(&dest, bytes).with_context(|| format!("cannot write {}", dest.display()))?;
    }
    std::fs::write(staging.path().join(".complete"), b"")?;
    let staged = staging.keep();
    if std::fs::rename(&staged, &root).is_err() {
        // Another process won the race; its copy is identical.
        let _ = std::fs::remove_dir_all(&staged);
    }
    Ok(root)
}

/// Whether the tree at `root` holds exactly the embedded files, byte for byte.
fn matches_embedded(root: &Path) -> bool {
    let mut count = 0;
    fn walk(dir: &Path, count: &mut usize) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                // Build output of a local `cargo test` in a kata folder is not content.
                if entry.file_name() != "target" {
                    walk(&path, count);
                }
            } else {
                *count += 1;
            }
        }
    }
    walk(root, &mut count);
    // `.complete` is the one file of ours.
    count == embedded::FILES.len() + 1
        && embedded::FILES
            .iter()
            .all(|(rel, bytes)| std::fs::read(root.join(rel)).is_ok_and(|on_disk| on_disk == *bytes))
}

/// A hash of the embedded paths and bytes: names the cache folder of this content.
fn content_hash() -> u64 {
    let mut hash = crate::util::hash::Fnv::new();
    for (rel, bytes) in embedded::FILES {
        hash.write(rel.as_bytes());
        hash.write(bytes);
    }
    hash.finish()
}
