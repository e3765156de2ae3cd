//! Renders results for people and scripts: one results model, several sinks.
//!
//! - [`json`]: the model itself (`KataResult`, `AssessmentResult`, `WrittenResult`).
//! - [`text`]: one kata's terminal summary; [`TextExporter`]: an assessment's.
//! - [`HtmlExporter`]: one self-contained page (inline CSS and SVG, no requests, a strict
//!   Content-Security-Policy), from `templates/report.html` and `templates/cohort.html`.
//! - [`MarkdownExporter`]: `templates/report.md`, `templates/cohort.md`.
//! - [`JunitExporter`]: JUnit XML, a test case per hidden test.
//!
//! Every template gets one context struct built in [`context`]; [`load`] reads saved results
//! back and merges them.

pub mod context;
pub mod junit;
mod render;
pub mod templates;

pub use render::{Format, Renderer};

use serde::Serialize;

use crate::results::AssessmentResult;
use crate::results::KataResult;
use crate::results::VerdictKind;
use context::{CohortContext, ReportContext};
use templates::{csp_hash, Templates};

/// A way to render results: one candidate, or a cohort side by side.
pub trait Exporter {
    /// One candidate's report.
    fn report(&self, result: &AssessmentResult) -> anyhow::Result<String>;
    /// Several candidates side by side.
    fn cohort(&self, results: &[AssessmentResult]) -> anyhow::Result<String>;
}

/// The HTML report and cohort page.
pub struct HtmlExporter<'a> {
    /// The templates.
    pub templates: &'a Templates,
}

#[derive(Serialize)]
struct ReportPage<'a> {
    report: &'a ReportContext,
    style: String,
    csp: String,
}

#[derive(Serialize)]
struct CohortPage<'a> {
    cohort: &'a CohortContext,
    style: String,
    script: String,
    csp: String,
}

/// The page's Content-Security-Policy: nothing may load, only our own style (and script) run.
fn csp(style: &str, script: Option<&str>) -> String {
    let script = script.map(csp_hash).unwrap_or_else(|| "'none'".into());
    format!(
        "default-src 'none'; style-src {}; script-src {script}; img-src data:; base-uri 'none'; form-action 'none'",
        csp_hash(style)
    )
}

impl Exporter for HtmlExporter<'_> {
    fn report(&self, result: &AssessmentResult) -> anyhow::Result<String> {
        let style = self.templates.source("report.css")?;
        let report = ReportContext::new(result);
        let csp = csp(&style, None);
        self.templates.render("report.html", &ReportPage { report: &report, style, csp })
    }

    fn cohort(&self, results: &[AssessmentResult]) -> anyhow::Result<String> {
        self.cohort_linked(results, &[])
    }
}

impl HtmlExporter<'_> {
    /// The cohort page, each candidate's name linking to `reports[i]` (the report of
    /// `results[i]`, relative to the page).
    pub fn cohort_linked(&self, results: &[AssessmentResult], reports: &[String]) -> anyhow::Result<String> {
        let style = self.templates.source("report.css")?;
        let script = self.templates.source("cohort.js")?;
        let cohort = CohortContext::with_reports(results, reports);
        let csp = csp(&style, Some(&script));
        self.templates.render("cohort.html", &CohortPage { cohort: &cohort, style, script, csp })
    }
}

/// The Markdown report and cohort table.
pub struct MarkdownExporter<'a> {
    /// The templates.
    pub templates: &'a Templates,
}

#[derive(Serialize)]
struct MarkdownReport<'a> {
    report: &'a ReportContext,
}

#[derive(Serialize)]
struct MarkdownCohort<'a> {
    cohort: &'a CohortContext,
}

impl Exporter for MarkdownExporter<'_> {
    fn report(&self, result: &AssessmentResult) -> anyhow::Result<String> {
        self.templates.render("report.md", &MarkdownReport { report: &ReportContext::new(result) })
    }

    fn cohort(&self, results: &[AssessmentResult]) -> anyhow::Result<String> {
        self.templates.render("cohort.md", &MarkdownCohort { cohort: &CohortContext::new(results) })
    }
}

/// JUnit XML.
pub struct JunitExporter;

impl Exporter for JunitExporter {
    fn report(&self, result: &AssessmentResult) -> anyhow::Result<String> {
        Ok(junit::junit(std::slice::from_ref(result)))
    }

    fn cohort(&self, results: &[AssessmentResult]) -> anyhow::Result<String> {
        Ok(junit::junit(results))
    }
}

/// A terminal summary.
pub struct TextExporter;

impl Exporter for TextExporter {
    fn report(&self, r: &AssessmentResult) -> anyhow::Result<String> {
        Ok(assessment_text(r))
    }

    fn cohort(&self, results: &[AssessmentResult]) -> anyhow::Result<String> {
        let c = CohortContext::new(results);
        let mut out = match &c.mixed {
            Some(mixed) => format!("{}\n\nWARNING: {mixed}\n", c.title),
            None => format!("{}\n", c.title),
        };
        out.push_str(&format!("\n{:<24} {:>9}", "candidate", "total"));
        for p in &c.part_columns {
            out.push_str(&format!(" {:>16}", shorten(p, 16)));
        }
        for k in &c.kata_columns {
            out.push_str(&format!(" {:>16}", shorten(k, 16)));
        }
        out.push('\n');
        for row in &c.rows {
            out.push_str(&format!("{:<24} {:>9}", shorten(&row.candidate, 24), row.total.text));
            for cell in row.parts.iter().chain(&row.katas) {
                out.push_str(&format!(" {:>16}", cell.text));
            }
            out.push('\n');
        }
        Ok(printable(out))
    }
}

/// Terminal text without control characters (candidate text could carry escape sequences).
fn printable(text: String) -> String {
    if !text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return text;
    }
    text.chars().map(|c| if c.is_control() && c != '\n' && c != '\t' { '\u{FFFD}' } else { c }).collect()
}

/// `text` padded with spaces to `width` characters; callers take the width from the longest
/// label, so a long heading cannot push its row's scores out of line.
fn pad(text: &str, width: usize) -> String {
    let len = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(len)))
}

fn shorten(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

/// A readable summary of an assessment's result.
pub fn assessment_text(r: &AssessmentResult) -> String {
    let c = ReportContext::new(r);
    let mut out = format!("{}: {}\n", c.assessment, c.candidate);
    let dates: Vec<String> = c.dates.iter().map(|f| format!("{} {}", f.label.to_lowercase(), f.value)).collect();
    out.push_str(&format!("{}\n", dates.join(", ")));
    if !r.complete {
        out.push_str("(partial: grading did not finish)\n");
    }
    out.push_str(&format!("\nTotal: {}/{}\n", c.total.score, c.total.max));
    let width = c.parts.iter().map(|p| p.title.chars().count()).max().unwrap_or(0).max(18);
    for p in &c.parts {
        out.push_str(&format!(
            "  {} {:>6}/{:<6} points  {:>5} of {}\n",
            pad(&p.title, width),
            p.raw.score,
            p.raw.max,
            p.weighted.score,
            p.weighted.max
        ));
    }
    if !c.katas.is_empty() {
        out.push_str("\nKatas\n");
        for k in &c.katas {
            out.push_str(&format!(
                "  {:<18} {:>4}/{:<4} {} of {} tests passed{}{}\n",
                k.id,
                k.score.score,
                k.score.max,
                k.passed,
                k.tests_total,
                match k.status {
                    "graded" if !k.compiled => " (did not compile)".to_string(),
                    "graded" => String::new(),
                    other => format!(" ({other})"),
                },
                match k.hints_taken {
                    0 => String::new(),
                    1 => ", 1 hint taken".to_string(),
                    n => format!(", {n} hints taken"),
                }
            ));
            for (i, h) in k.hints.iter().enumerate() {
                out.push_str(&format!("      hint {}: {h}\n", i + 1));
            }
        }
    }
    if let Some(a) = &c.answers {
        out.push_str(&format!("\nWritten answers: {}/{}\n", a.score.score, a.score.max));
        for q in &a.questions {
            let review = q.review_reason.as_deref().map(|r| format!("  [review: {r}]")).unwrap_or_default();
            let overridden = q.override_.as_ref().map(|o| format!("  [override: {}]", o.note)).unwrap_or_default();
            out.push_str(&format!(
                "  {:<4} {:>4}/{:<4} {}{overridden}{review}\n",
                q.id, q.score.score, q.score.max, q.title
            ));
        }
    }
    if let Some(f) = &c.reflection {
        out.push_str(&format!("\nReflection: {}/{}\n", f.score.score, f.score.max));
        let width = f.sections.iter().map(|s| s.heading.chars().count()).max().unwrap_or(0).max(28);
        for s in &f.sections {
            let review = s.review_reason.as_deref().map(|r| format!("  [review: {r}]")).unwrap_or_default();
            out.push_str(&format!("  {} {:>4}/{:<4}{review}\n", pad(&s.heading, width), s.score.score, s.score.max));
        }
    }
    if let Some(i) = &c.integrity {
        if i.clean {
            out.push_str(&format!("\nIntegrity: {} files match the manifest\n", i.files_checked));
        } else {
            out.push_str("\nIntegrity:\n");
            if !i.manifest {
                out.push_str("  no manifest: hashes not checked\n");
            }
            for f in &i.findings {
                out.push_str(&format!("  {}: {}\n", f.label, f.value));
            }
        }
    }
    for w in &c.warnings {
        out.push_str(&format!("warning: {w}\n"));
    }
    printable(out)
}

/// A readable summary of one kata's result.
pub fn text(result: &KataResult, scored: bool) -> String {
    let mut out = format!("{} {} ({})\n", result.kata, result.kata_version, result.title);
    if let Some(diagnostics) = &result.compile_output {
        out.push_str("\nThe code did not compile:\n\n");
        out.push_str(&indent(&printable(diagnostics.clone()), "  "));
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
        let style = verdict_style(test.verdict);
        out.push_str(&format!(
            "  {style}{tag:<6}{style:#} {:<width$}  {points}{:>6} ms{timing}\n",
            printable(test.name.clone()),
            test.duration_ms
        ));
        if !test.message.is_empty() && test.verdict != VerdictKind::CompileError {
            out.push_str(&indent(&printable(test.message.clone()), "           "));
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
    } else if !result.compiled && result.tests.is_empty() {
        out.push_str("\nNo test ran: fix the compile errors above first.\n");
    } else {
        out.push_str(&format!("\n{passed} of {} tests passed\n", result.tests.len()));
    }
    if !result.missed_requirements.is_empty() {
        out.push_str("Requirements missed:\n");
        for r in &result.missed_requirements {
            out.push_str(&format!("  {}: {}\n", r.id, r.text));
        }
    }
    out
}

/// The colour of a verdict tag on a terminal (stdout strips it elsewhere): green for a pass,
/// yellow for too slow or timed out, red for the rest.
fn verdict_style(verdict: VerdictKind) -> anstyle::Style {
    let colour = match verdict {
        VerdictKind::Passed => anstyle::AnsiColor::Green,
        VerdictKind::TimedOut | VerdictKind::TooSlow => anstyle::AnsiColor::Yellow,
        _ => anstyle::AnsiColor::Red,
    };
    anstyle::Style::new().fg_color(Some(colour.into())).bold()
}

fn indent(text: &str, prefix: &str) -> String {
    text.trim_end().lines().map(|l| format!("{prefix}{l}")).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_headings_keep_the_score_column_in_line() {
        let rows: Vec<String> = ["Testing", "Measurability & Customer Focus"]
            .iter()
            .map(|h| format!("  {} {:>4}/{:<4}", super::pad(h, 30), "5", "10"))
            .collect();
        assert_eq!(rows[0].find('/'), rows[1].find('/'));
    }

    #[test]
    fn terminal_text_carries_no_escape_sequences() {
        assert_eq!(super::printable("a\u{1b}[31mb\nc\t".into()), "a\u{FFFD}[31mb\nc\t");
    }
}
