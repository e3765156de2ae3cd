//! The submission archive: a `.tar.gz` of the candidate's folder with `MANIFEST.json` at its
//! root (every file's sha256, the start and submit times, tool and kata versions).
//!
//! Extraction treats the archive as hostile: only regular files and folders with plain
//! relative paths are written (no absolute paths, no `..`, no links or devices), each entry
//! and the whole stream are size-capped, and everything lands in a fresh folder.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::folder::{self, KataVersion, SittingRecord};
use crate::results::{FindingKind, IntegrityFinding};

/// The manifest's name at the archive's root.
pub const MANIFEST_FILE: &str = "MANIFEST.json";
/// The copy of the manifest `kata submit` leaves in the folder, to spot later changes.
pub const FOLDER_MANIFEST: &str = ".kata/MANIFEST.json";
/// The manifest's format.
pub const MANIFEST_FORMAT_VERSION: u32 = 1;
/// Largest entry extracted.
const MAX_ENTRY_BYTES: u64 = folder::MAX_FILE_BYTES;
/// Most bytes decompressed from one archive (a gzip bomb stops here).
const MAX_ARCHIVE_BYTES: u64 = 256 * 1024 * 1024;
/// Most entries read from one archive.
const MAX_ENTRIES: usize = folder::MAX_FILES + 100;
/// Most integrity findings listed one by one.
const MAX_FINDINGS: usize = 200;

/// `MANIFEST.json`: what was submitted.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// Format of this manifest.
    pub format_version: u32,
    /// The assessment id.
    pub assessment: String,
    /// The candidate.
    pub candidate: String,
    /// When the candidate started.
    pub started_at: String,
    /// When the candidate submitted.
    pub submitted_at: String,
    /// The version of `kata` that packed it.
    pub tool_version: String,
    /// Kata versions at start.
    pub katas: Vec<KataVersion>,
    /// Every file, sorted by path.
    pub files: Vec<ManifestFile>,
}

/// One file of a manifest.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManifestFile {
    /// Path relative to the folder, `/`-separated.
    pub path: String,
    /// Lowercase hex sha256 of the contents.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// Hex sha256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn slash_path(rel: &Path) -> String {
    rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}

/// Builds the manifest of `root` as it is now.
pub fn manifest_of(root: &Path, record: &SittingRecord, submitted_at: &str) -> anyhow::Result<(Manifest, Vec<String>)> {
    let (files, warnings) = folder::collect_files(root)?;
    let mut entries = Vec::new();
    for rel in &files {
        let bytes =
            std::fs::read(root.join(rel)).with_context(|| format!("cannot read {}", root.join(rel).display()))?;
        entries.push(ManifestFile { path: slash_path(rel), sha256: sha256_hex(&bytes), bytes: bytes.len() as u64 });
    }
    Ok((manifest_with(record, submitted_at, entries), warnings))
}

fn manifest_with(record: &SittingRecord, submitted_at: &str, entries: Vec<ManifestFile>) -> Manifest {
    Manifest {
        format_version: MANIFEST_FORMAT_VERSION,
        assessment: record.assessment.clone(),
        candidate: record.candidate.clone(),
        started_at: record.started_at.clone(),
        submitted_at: submitted_at.to_string(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        katas: record.katas.clone(),
        files: entries,
    }
}

/// Packs `root` into `output` (tar.gz) with its manifest; leaves a copy of the manifest in
/// the folder. Returns the manifest and warnings about files left out.
pub fn pack(root: &Path, output: &Path) -> anyhow::Result<(Manifest, Vec<String>)> {
    let record = folder::read_record(root)?;
    let submitted_at = crate::util::time::now_rfc3339();
    let (manifest, warnings) = manifest_of(root, &record, &submitted_at)?;
    let manifest_json = serde_json::to_vec_pretty(&manifest)?;
    write_archive(output, &manifest_json, &manifest, |rel| Ok(root.join(rel)), &[])?;
    crate::util::fs::write_atomically(&root.join(FOLDER_MANIFEST), &String::from_utf8_lossy(&manifest_json))?;
    Ok((manifest, warnings))
}

/// Packs a single started kata folder (from `kata start <id>`) into `output` as the
/// submission of a one-kata assessment (`kata:<id>`): the folder's files under `<id>/` and an
/// assessment record for them, so `kata grade` takes the archive like any other. Returns the
/// manifest and warnings about files left out.
pub fn pack_kata(kata_folder: &Path, candidate: &str, output: &Path) -> anyhow::Result<(Manifest, Vec<String>)> {
    let started = crate::kata::record::read_start_record(kata_folder)?;
    let record = SittingRecord {
        format_version: folder::RECORD_FORMAT_VERSION,
        assessment: format!("{}{}", super::definition::SINGLE_KATA_PREFIX, started.kata),
        title: format!("Kata {}", started.kata),
        candidate: candidate.to_string(),
        started_at: started.started_at.clone(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        katas: vec![KataVersion { id: started.kata.clone(), version: started.version.clone() }],
    };
    let record_yaml = crate::content::yaml::to_string(&record)?.into_bytes();
    let record_path = slash_path(&folder::record_path(Path::new("")));
    let (files, warnings) = folder::collect_files(kata_folder)?;
    let mut entries = vec![ManifestFile {
        path: record_path.clone(),
        sha256: sha256_hex(&record_yaml),
        bytes: record_yaml.len() as u64,
    }];
    for rel in &files {
        let path = kata_folder.join(rel);
        let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let inside = format!("{}/{}", started.kata, slash_path(rel));
        entries.push(ManifestFile { path: inside, sha256: sha256_hex(&bytes), bytes: bytes.len() as u64 });
    }
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    let submitted_at = crate::util::time::now_rfc3339();
    let manifest = manifest_with(&record, &submitted_at, entries);
    let manifest_json = serde_json::to_vec_pretty(&manifest)?;
    let prefix = format!("{}/", started.kata);
    let source = |rel: &str| match rel.strip_prefix(&prefix) {
        Some(inside) => Ok(kata_folder.join(inside)),
        None => anyhow::bail!("{rel}: not in the kata folder"),
    };
    write_archive(output, &manifest_json, &manifest, source, &[(record_path.as_str(), &record_yaml)])?;
    Ok((manifest, warnings))
}

/// Writes the archive: the manifest, then every file it lists, read from `source(path)` or
/// given in `generated`.
fn write_archive(
    output: &Path,
    manifest_json: &[u8],
    manifest: &Manifest,
    source: impl Fn(&str) -> anyhow::Result<PathBuf>,
    generated: &[(&str, &[u8])],
) -> anyhow::Result<()> {
    let dir = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let tmp = crate::util::fs::user_file_in(dir)?;
    {
        let gz = flate2::write::GzEncoder::new(tmp.as_file(), flate2::Compression::default());
        let mut tar = tar::Builder::new(gz);
        append_bytes(&mut tar, MANIFEST_FILE, manifest_json, now_secs())?;
        for file in &manifest.files {
            if let Some((_, bytes)) = generated.iter().find(|(p, _)| *p == file.path) {
                append_bytes(&mut tar, &file.path, bytes, now_secs())?;
                continue;
            }
            let path = source(&file.path)?;
            let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            let mtime = std::fs::metadata(&path)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| d.as_secs())
                .unwrap_or_else(now_secs);
            append_bytes(&mut tar, &file.path, &bytes, mtime)?;
        }
        tar.into_inner()?.finish()?;
    }
    tmp.persist(output).with_context(|| format!("cannot write {}", output.display()))?;
    Ok(())
}

fn append_bytes<W: std::io::Write>(
    tar: &mut tar::Builder<W>,
    path: &str,
    bytes: &[u8],
    mtime: u64,
) -> anyhow::Result<()> {
    let mut header = tar::Header::new_gnu();
    header.set_size(bytes.len() as u64);
    header.set_mode(0o644);
    header.set_mtime(mtime);
    header.set_entry_type(tar::EntryType::Regular);
    tar.append_data(&mut header, path, bytes).with_context(|| format!("cannot add {path} to the archive"))?;
    Ok(())
}

fn now_secs() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// Whether `path` looks like a submission archive.
pub fn is_archive(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    path.is_file() && (name.ends_with(".tar.gz") || name.ends_with(".tgz"))
}

/// What extracting an archive gave.
pub struct Extracted {
    /// The manifest, if the archive had a readable one.
    pub manifest: Option<Manifest>,
    /// Entries that were refused.
    pub refused: Vec<IntegrityFinding>,
}

/// Extracts `archive` into `into` (an empty folder), refusing unsafe entries.
pub fn extract(archive: &Path, into: &Path) -> anyhow::Result<Extracted> {
    let file = std::fs::File::open(archive).with_context(|| format!("cannot open {}", archive.display()))?;
    let gz = flate2::read::GzDecoder::new(file).take(MAX_ARCHIVE_BYTES);
    let mut tar = tar::Archive::new(gz);
    let mut manifest = None;
    let mut refused = Vec::new();
    let not_an_archive =
        || format!("{} is not a readable .tar.gz; give the archive `kata submit` wrote", archive.display());
    for (count, entry) in tar.entries().with_context(not_an_archive)?.enumerate() {
        let mut entry = entry.with_context(not_an_archive)?;
        if count >= MAX_ENTRIES {
            anyhow::bail!("{} has more than {MAX_ENTRIES} entries; refusing to go on", archive.display());
        }
        let raw = entry.path_bytes().into_owned();
        let shown = String::from_utf8_lossy(&raw).into_owned();
        let mut refuse = |why: &str| {
            refused.push(IntegrityFinding { path: shown.clone(), kind: FindingKind::Refused, detail: why.to_string() })
        };
        let kind = entry.header().entry_type();
        // Folders are made as files need them; an entry for one (`./`) writes nothing.
        if kind.is_dir() {
            continue;
        }
        let Some(rel) = safe_relative(&raw) else {
            refuse("absolute path or `..`: not extracted");
            continue;
        };
        if !kind.is_file() {
            refuse("not a regular file (link, device...): not extracted");
            continue;
        }
        let size = entry.header().size().unwrap_or(u64::MAX);
        if size > MAX_ENTRY_BYTES {
            refuse(&format!("{size} bytes is over the {MAX_ENTRY_BYTES}-byte limit: not extracted"));
            continue;
        }
        let mut bytes = Vec::with_capacity(size as usize);
        (&mut entry).take(MAX_ENTRY_BYTES + 1).read_to_end(&mut bytes).with_context(not_an_archive)?;
        if rel == Path::new(MANIFEST_FILE) {
            match serde_json::from_slice::<Manifest>(&bytes) {
                Ok(m) => manifest = Some(m),
                Err(err) => refuse(&format!("unreadable manifest: {err}")),
            }
            continue;
        }
        let dest = into.join(&rel);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&dest, &bytes).with_context(|| format!("cannot write {}", dest.display()))?;
        if let Ok(mtime) = entry.header().mtime() {
            let when = std::time::UNIX_EPOCH + std::time::Duration::from_secs(mtime);
            // Times say when the candidate worked on each kata; a failure only loses that.
            let _ = std::fs::File::options().write(true).open(&dest).and_then(|f| f.set_modified(when));
        }
    }
    Ok(Extracted { manifest, refused })
}

/// A path made only of plain names (`.` skipped), or None.
fn safe_relative(raw: &[u8]) -> Option<PathBuf> {
    let text = std::str::from_utf8(raw).ok()?;
    let mut out = PathBuf::new();
    for component in Path::new(text).components() {
        match component {
            Component::Normal(name) => out.push(name),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!out.as_os_str().is_empty()).then_some(out)
}

/// Compares the files under `root` with `manifest`: changed, missing and extra files.
pub fn verify(root: &Path, manifest: &Manifest) -> anyhow::Result<(usize, Vec<IntegrityFinding>)> {
    let (files, _) = folder::collect_files(root)?;
    let present: std::collections::BTreeSet<String> = files.iter().map(|p| slash_path(p)).collect();
    let mut findings = Vec::new();
    let mut listed = std::collections::BTreeSet::new();
    for file in &manifest.files {
        listed.insert(file.path.clone());
        let path = root.join(&file.path);
        if !present.contains(&file.path) {
            findings.push(IntegrityFinding {
                path: file.path.clone(),
                kind: FindingKind::Missing,
                detail: "listed in the manifest but not in the submission".into(),
            });
            continue;
        }
        let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let hash = sha256_hex(&bytes);
        if hash != file.sha256 {
            findings.push(IntegrityFinding {
                path: file.path.clone(),
                kind: FindingKind::Changed,
                detail: format!(
                    "changed after packing: sha256 {} (manifest: {}), {} bytes (manifest: {})",
                    &hash[..12],
                    file.sha256.get(..12).unwrap_or(&file.sha256),
                    bytes.len(),
                    file.bytes
                ),
            });
        }
    }
    for path in present.difference(&listed) {
        findings.push(IntegrityFinding {
            path: path.clone(),
            kind: FindingKind::Extra,
            detail: "in the submission but not in the manifest (added after packing)".into(),
        });
    }
    if findings.len() > MAX_FINDINGS {
        let more = findings.len() - MAX_FINDINGS;
        findings.truncate(MAX_FINDINGS);
        findings.push(IntegrityFinding {
            path: "...".into(),
            kind: FindingKind::Changed,
            detail: format!("and {more} more differences; the submission hardly matches its manifest"),
        });
    }
    Ok((manifest.files.len(), findings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_entry_paths_are_refused() {
        assert_eq!(safe_relative(b"a/./b.rs"), Some(PathBuf::from("a/b.rs")));
        assert_eq!(safe_relative(b"../etc/passwd"), None);
        assert_eq!(safe_relative(b"/etc/passwd"), None);
        assert_eq!(safe_relative(b"a/../../b"), None);
        assert_eq!(safe_relative(b"."), None);
    }

    #[test]
    fn hostile_archives_extract_only_plain_files_inside_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let archive = dir.path().join("evil.tar.gz");
        {
            let gz =
                flate2::write::GzEncoder::new(std::fs::File::create(&archive).unwrap(), flate2::Compression::fast());
            let mut tar = tar::Builder::new(gz);
            append_bytes(&mut tar, "ok/src/lib.rs", b"pub fn f() {}", 1).unwrap();
            // The tar crate refuses to write `..` itself; write the raw name into the header.
            let mut header = tar::Header::new_gnu();
            header.set_size(1);
            header.set_entry_type(tar::EntryType::Regular);
            header.as_gnu_mut().unwrap().name[..12].copy_from_slice(b"../escape.rs");
            header.set_cksum();
            tar.append(&header, &b"x"[..]).unwrap();
            let mut link = tar::Header::new_gnu();
            link.set_entry_type(tar::EntryType::Symlink);
            link.set_size(0);
            tar.append_link(&mut link, "hidden", "/etc/passwd").unwrap();
            let big = vec![b'x'; (MAX_ENTRY_BYTES + 1) as usize];
            append_bytes(&mut tar, "big.rs", &big, 1).unwrap();
            tar.into_inner().unwrap().finish().unwrap();
        }
        let into = dir.path().join("out");
        std::fs::create_dir(&into).unwrap();
        let got = extract(&archive, &into).unwrap();
        assert!(into.join("ok/src/lib.rs").is_file());
        assert!(!dir.path().join("escape.rs").exists());
        assert!(!into.join("hidden").exists() && !into.join("big.rs").exists());
        let refused: Vec<&str> = got.refused.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(refused, ["../escape.rs", "hidden", "big.rs"], "{:?}", got.refused);
        assert!(got.manifest.is_none());
    }
}
