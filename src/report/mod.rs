//! Renders results for people (terminal text) and scripts (JSON).

use crate::grade::KataResult;
use crate::verdict::VerdictKind;

/// The JSON results, pretty-printed with a trailing newline.
pub fn json<T: serde::Serialize>(value: &T) -> anyhow::Result<String> {
    Ok(serde_json::to_string_pretty(value)? + "\n")
}

/// Writes `text` to `path` through a temporary file and a rename, so a reader never sees a
/// half-written results file.
pub fn write_atomically(path: &std::path::Path, text: &str) -> anyhow::Result<()> {
    use anyhow::Context;
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let tmp = tempfile::NamedTempFile::new_in(dir).with_context(|| format!("cannot write in {}", dir.display()))?;
    std::fs::write(tmp.path(), text)?;
    tmp.persist(path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// A readable summary of one kata's result.
pub fn text(result: &KataResult, scored: bool) -> String {
    let mut out = format!("{} {} ({})\n", result.kata, result.kata_version, result.title);
    if let Some(diagnostics) = &result.compile_output {
        out.push_str("\nThe code did not compile:\n\n");
        out.push_str(&indent(diagnostics, "  "));
        out.push('\n');
    }
    for warning in &result.warnings {
        out.push_str(&format!("  warning: {warning}\n"));
    }
    let width = result.tests.iter().map(|t| t.name.len()).max().unwrap_or(10);
    for test in &result.tests {
        let tag = match test.verdict {
            VerdictKind::Passed => "PASS",
            VerdictKind::Failed => "FAIL",
            VerdictKind::TimedOut => "TIME",
            VerdictKind::Crashed => "CRASH",
            VerdictKind::OutOfMemory => "OOM",
            VerdictKind::OutputLimit => "OUTPUT",
            VerdictKind::CompileError => "BUILD",
            VerdictKind::TooSlow => "SLOW",
            VerdictKind::Memory => "LEAK",
        };
        let points = if scored {
            format!("{:>3}/{:<3} ", if test.verdict.is_pass() { test.weight } else { 0 }, test.weight)
        } else {
            String::new()
        };
        let timing = test
            .timing
            .as_ref()
            .map(|t| format!("  [{:.2}x reference, limit {:.1}x]", t.ratio, t.limit))
            .unwrap_or_default();
        out.push_str(&format!(
            "  {tag:<6} {:<width$}  {points}{:>6} ms{timing}\n",
            test.name, test.duration_ms
        ));
        if !test.message.is_empty() && test.verdict != VerdictKind::CompileError {
            out.push_str(&indent(&test.message, "           "));
            out.push('\n');
        }
    }
    let passed = result.tests.iter().filter(|t| t.verdict.is_pass()).count();
    if scored {
        out.push_str(&format!(
            "\nScore: {}/{} ({passed} of {} tests passed)\n",
            result.score,
            result.max_score,
            result.tests.len()
        ));
    } else {
        out.push_str(&format!("\n{passed} of {} tests passed\n", result.tests.len()));
    }
    out
}

fn indent(text: &str, prefix: &str) -> String {
    text.trim_end().lines().map(|l| format!("{prefix}{l}")).collect::<Vec<_>>().join("\n")
}
