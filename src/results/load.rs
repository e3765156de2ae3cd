//! Reading saved results back: one file per candidate (`kata grade -o`, `--out-dir`), merged
//! files (arrays), or folders of them (shard outputs), into one list without duplicates.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::{AssessmentResult, KataResult, WrittenResult, RESULTS_FORMAT_VERSION};

/// One result read from a file.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The JSON as saved (what a merge writes back out).
    pub value: serde_json::Value,
    /// The result as an assessment (a single kata or the written half alone is wrapped).
    pub result: AssessmentResult,
    /// Identifies the graded submission: a duplicate key is the same submission graded twice.
    pub key: String,
    /// The file it came from.
    pub source: PathBuf,
}

/// Reads every results file in `paths`; a folder stands for the `*.json` files in it.
pub fn load(paths: &[PathBuf]) -> anyhow::Result<Vec<Loaded>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(path)
                .with_context(|| format!("cannot read {}", path.display()))?
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
                .collect();
            files.sort();
            for file in files {
                load_file(&file, &mut out)?;
            }
        } else {
            load_file(path, &mut out)?;
        }
    }
    Ok(out)
}

fn load_file(path: &Path, out: &mut Vec<Loaded>) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("{} is not JSON; give results files written by `kata grade`", path.display()))?;
    let values = match value {
        serde_json::Value::Array(items) => items,
        one => vec![one],
    };
    for (i, value) in values.into_iter().enumerate() {
        let (result, key) = classify(&value).with_context(|| {
            format!(
                "{}{}: not a kata results file",
                path.display(),
                if i > 0 { format!(" (item {})", i + 1) } else { String::new() }
            )
        })?;
        out.push(Loaded { value, result, key, source: path.to_path_buf() });
    }
    Ok(())
}

/// Which kind of result a JSON object is, read as such.
fn classify(value: &serde_json::Value) -> anyhow::Result<(AssessmentResult, String)> {
    let has = |k: &str| value.get(k).is_some();
    if has("assessment") && has("katas") {
        let version = value["format_version"].as_u64().unwrap_or(0);
        if version > u64::from(RESULTS_FORMAT_VERSION) {
            anyhow::bail!(
                "results format {version} is newer than this kata understands ({RESULTS_FORMAT_VERSION}); upgrade kata"
            );
        }
        let r: AssessmentResult = serde_json::from_value(value.clone())?;
        let key = format!("assessment:{}", r.submission);
        Ok((r, key))
    } else if has("kata") && has("tests") {
        let r: KataResult = serde_json::from_value(value.clone())?;
        let key = format!("kata:{}:{}", r.submission, r.kata);
        Ok((AssessmentResult::from_kata(r), key))
    } else if has("questions") && has("score") {
        let r: WrittenResult = serde_json::from_value(value.clone())?;
        let key = format!(
            "written:{}",
            r.sheet.clone().or_else(|| r.reflection.as_ref().map(|x| x.sheet.clone())).unwrap_or_default()
        );
        Ok((AssessmentResult::from_written(r, None), key))
    } else {
        anyhow::bail!("expected the JSON of `kata grade` (an assessment, a kata or written answers)")
    }
}

/// Merges loaded results: one per submission (the most recently graded wins, with a
/// warning), sorted by candidate and submission so the order does not depend on the files.
pub fn merge(loaded: Vec<Loaded>) -> (Vec<Loaded>, Vec<String>) {
    let mut warnings = Vec::new();
    let mut by_key: std::collections::BTreeMap<String, Loaded> = std::collections::BTreeMap::new();
    for item in loaded {
        match by_key.get(&item.key) {
            Some(seen) => {
                let newer = item.result.graded_at > seen.result.graded_at;
                let (kept, dropped) = if newer { (&item, seen) } else { (seen, &item) };
                warnings.push(format!(
                    "{} is in both {} and {}; kept the later grading ({})",
                    item.result.submission,
                    kept.source.display(),
                    dropped.source.display(),
                    kept.result.graded_at
                ));
                if newer {
                    by_key.insert(item.key.clone(), item);
                }
            }
            None => {
                by_key.insert(item.key.clone(), item);
            }
        }
    }
    let mut merged: Vec<Loaded> = by_key.into_values().collect();
    merged.sort_by(|a, b| (&a.result.candidate, &a.key).cmp(&(&b.result.candidate, &b.key)));
    (merged, warnings)
}
