//! JUnit XML, so a CI system shows every hidden test of every kata: one `<testsuite>` per
//! candidate and kata, one `<testcase>` per hidden test, failures with their messages; and one
//! `<testsuite>` each for the written answers (a case per question) and the reflection (a case
//! per section), below full marks as a failure.

use std::fmt::Write as _;

use crate::results::VerdictKind;
use crate::results::{AssessedKata, AssessmentResult, KataStatus};

use super::context::{points, verdict_label, ReportContext, Score};

/// The JUnit XML of `results`.
pub fn junit(results: &[AssessmentResult]) -> String {
    let mut suites = String::new();
    let (mut tests, mut failures, mut errors, mut time) = (0usize, 0usize, 0usize, 0.0f64);
    for r in results {
        for k in &r.katas {
            let kr = &k.result;
            let cases = kr.tests.len().max(1);
            let suite_failures =
                kr.tests.iter().filter(|t| !t.verdict.is_pass() && t.verdict != VerdictKind::CompileError).count();
            let suite_errors = kr.tests.iter().filter(|t| t.verdict == VerdictKind::CompileError).count()
                + usize::from(kr.tests.is_empty());
            let suite_time: f64 = kr.tests.iter().map(|t| t.duration_ms as f64 / 1000.0).sum();
            tests += cases;
            failures += suite_failures;
            errors += suite_errors;
            time += suite_time;
            let _ = writeln!(
                suites,
                r#"  <testsuite name="{}" tests="{cases}" failures="{suite_failures}" errors="{suite_errors}" skipped="0" time="{suite_time:.3}" timestamp="{}">"#,
                xml(&format!("{}: {}", r.candidate, kr.kata)),
                xml(kr.graded_at.trim_end_matches('Z'))
            );
            let _ = writeln!(suites, "    <properties>");
            for (name, value) in [
                ("candidate", r.candidate.clone()),
                ("kata-version", kr.kata_version.clone()),
                ("score", format!("{}/{}", kr.score, kr.max_score)),
                ("assessment-total", format!("{}/{}", points(r.total), points(r.max_total))),
                ("hints-taken", hints_taken(k).to_string()),
            ] {
                let _ = writeln!(suites, r#"      <property name="{}" value="{}"/>"#, xml(name), xml(&value));
            }
            let _ = writeln!(suites, "    </properties>");
            let classname = xml(&format!("{}.{}", r.candidate, kr.kata));
            if kr.tests.is_empty() {
                let why = match k.status {
                    KataStatus::Missing => "the kata folder is missing from the submission",
                    KataStatus::NotGraded => "the grader failed on this kata",
                    _ => "no tests were run",
                };
                let _ = writeln!(
                    suites,
                    r#"    <testcase name="submission" classname="{classname}" time="0"><error message="{}" type="not_graded">{}</error></testcase>"#,
                    xml(why),
                    xml(&kr.warnings.join("\n"))
                );
            }
            for t in &kr.tests {
                let _ = write!(
                    suites,
                    r#"    <testcase name="{}" classname="{classname}" time="{:.3}">"#,
                    xml(&t.name),
                    t.duration_ms as f64 / 1000.0
                );
                if !t.verdict.is_pass() {
                    let (label, _) = verdict_label(t.verdict);
                    let element = if t.verdict == VerdictKind::CompileError { "error" } else { "failure" };
                    let first = t.message.lines().next().unwrap_or("");
                    let _ = write!(
                        suites,
                        r#"<{element} message="{}" type="{}">{}</{element}>"#,
                        xml(&format!("{label}: {first}")),
                        t.verdict.as_str(),
                        xml(&t.message)
                    );
                }
                let _ = writeln!(suites, "</testcase>");
            }
            if let Some(t) = k.time.as_ref().filter(|_| hints_taken(k) > 0) {
                let listed: Vec<String> = t.hints.iter().enumerate().map(|(i, h)| format!("{}. {h}", i + 1)).collect();
                let text = format!("Hints taken: {}\n{}", hints_taken(k), listed.join("\n"));
                let _ = writeln!(suites, "    <system-out>{}</system-out>", xml(text.trim_end()));
            }
            if let Some(diagnostics) = &kr.compile_output {
                let _ = writeln!(suites, "    <system-err>{}</system-err>", xml(diagnostics));
            }
            let _ = writeln!(suites, "  </testsuite>");
        }
        let c = ReportContext::new(r);
        let written = [
            c.answers.as_ref().map(|a| {
                let cases: Vec<WrittenCase> = a
                    .questions
                    .iter()
                    .map(|q| WrittenCase {
                        name: format!("{} {}", q.id, q.title),
                        score: &q.score,
                        summary: &q.summary,
                        review: q.review_reason.as_deref(),
                    })
                    .collect();
                ("written answers", cases)
            }),
            c.reflection.as_ref().map(|f| {
                let cases: Vec<WrittenCase> = f
                    .sections
                    .iter()
                    .map(|s| WrittenCase {
                        name: s.heading.clone(),
                        score: &s.score,
                        summary: &s.summary,
                        review: s.review_reason.as_deref(),
                    })
                    .collect();
                ("reflection", cases)
            }),
        ];
        for (part, cases) in written.into_iter().flatten() {
            let suite_failures = cases.iter().filter(|c| c.score.pct < 100.0).count();
            tests += cases.len();
            failures += suite_failures;
            let _ = writeln!(
                suites,
                r#"  <testsuite name="{}" tests="{}" failures="{suite_failures}" errors="0" skipped="0" time="0">"#,
                xml(&format!("{}: {part}", r.candidate)),
                cases.len()
            );
            let classname = xml(&format!("{}.{}", r.candidate, part.replace(' ', "-")));
            for case in &cases {
                let _ = write!(suites, r#"    <testcase name="{}" classname="{classname}" time="0">"#, xml(&case.name));
                // Below full marks is a failure, so a CI view lists what cost points.
                if case.score.pct < 100.0 {
                    let review = case.review.map(|r| format!(" (review: {r})")).unwrap_or_default();
                    let _ = write!(
                        suites,
                        r#"<failure message="{}" type="points">{}</failure>"#,
                        xml(&format!("{}/{} points{review}", case.score.score, case.score.max)),
                        xml(case.summary)
                    );
                }
                let _ = writeln!(suites, "</testcase>");
            }
            let _ = writeln!(suites, "  </testsuite>");
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"kata\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" time=\"{time:.3}\">\n{suites}</testsuites>\n"
    )
}

/// One question or reflection section as a test case.
struct WrittenCase<'a> {
    name: String,
    score: &'a Score,
    summary: &'a str,
    review: Option<&'a str>,
}

/// Text as XML character data or attribute value: markup escaped, characters XML 1.0 does
/// not allow (most control characters) replaced.
/// How many hints the candidate took on a kata (the count, or the recorded list if longer).
fn hints_taken(k: &AssessedKata) -> usize {
    k.time.as_ref().map(|t| t.hints_taken.max(t.hints.len())).unwrap_or(0)
}

fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn xml_escapes_markup_and_drops_control_characters() {
        assert_eq!(super::xml("<a b=\"c\">&\u{1b}[31m"), "&lt;a b=&quot;c&quot;&gt;&amp;\u{FFFD}[31m");
    }
}
