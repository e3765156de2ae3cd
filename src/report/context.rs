//! The template contexts: built from the results model in one place, so every name a
//! template uses is a field here (checked by the compiler, and by minijinja's strict mode).
//!
//! Numbers are formatted here, chart geometry is computed here; templates only lay out.
//! Candidate-written strings stay plain strings: the HTML templates escape them, and only the
//! `candidate_markdown` filter turns markdown into (escaped) HTML.

use serde::Serialize;

use crate::results::TestResult;
use crate::results::VerdictKind;
use crate::results::{AnswerStatus, Evidence, MisconceptionFound, MissedCriterion, ScoreOverride};
use crate::results::{AssessedKata, AssessmentResult};
use crate::results::{FindingKind, KataStatus};

/// Longest test message shown (the JSON keeps all of it).
const MAX_MESSAGE_CHARS: usize = 4000;
/// Longest compiler output shown.
const MAX_DIAGNOSTICS_CHARS: usize = 12_000;

/// Everything `report.html` and `report.md` show.
#[derive(Debug, Serialize)]
pub struct ReportContext {
    /// "kata 0.1.0".
    pub generator: String,
    /// The candidate.
    pub candidate: String,
    /// The assessment's title.
    pub assessment: String,
    /// The assessment's id.
    pub assessment_id: String,
    /// False for a partial results file.
    pub complete: bool,
    /// Started, submitted, time taken, graded.
    pub dates: Vec<Fact>,
    /// Tool and kata versions.
    pub versions: Vec<Fact>,
    /// The weighted total.
    pub total: Score,
    /// Each part against its maximum.
    pub parts: Vec<PartRow>,
    /// The parts as a bar chart.
    pub parts_chart: Chart,
    /// One section per kata.
    pub katas: Vec<KataSection>,
    /// The written answers.
    pub answers: Option<AnswersSection>,
    /// The reflection.
    pub reflection: Option<ReflectionSection>,
    /// Warnings for the interviewer.
    pub warnings: Vec<String>,
    /// What comparing the submission with its manifest found.
    pub integrity: Option<IntegritySection>,
    /// How many items a person should look at.
    pub review_count: usize,
    /// Every question or reflection section a person should look at or that was changed by
    /// hand, for the summary.
    pub flags: Vec<FlagRow>,
}

/// A written item flagged for the interviewer, in the summary.
#[derive(Debug, Serialize)]
pub struct FlagRow {
    /// The item's HTML id.
    pub anchor: String,
    /// "Q1. Adding safely" or a reflection heading.
    pub item: String,
    /// `NEEDS REVIEW`, `OVERRIDDEN`, `MISCONCEPTION`, each with its CSS class.
    pub badges: Vec<(&'static str, &'static str)>,
    /// Why a review is needed, or the override's note.
    pub note: Option<String>,
}

fn flag_row(
    anchor: &str,
    item: String,
    needs_review: bool,
    review_reason: Option<&String>,
    override_: Option<&OverrideRow>,
    misconceptions: usize,
) -> Option<FlagRow> {
    let mut badges = Vec::new();
    if needs_review {
        badges.push(("NEEDS REVIEW", "review"));
    }
    if override_.is_some() {
        badges.push(("OVERRIDDEN", "override"));
    }
    if misconceptions > 0 {
        badges.push(("MISCONCEPTION", "fail"));
    }
    let note = review_reason.filter(|_| needs_review).cloned().or_else(|| override_.map(|o| o.note.clone()));
    (!badges.is_empty()).then(|| FlagRow { anchor: anchor.to_string(), item, badges, note })
}

/// A labelled value.
#[derive(Debug, Serialize)]
pub struct Fact {
    /// The label.
    pub label: String,
    /// The value.
    pub value: String,
}

/// A score against its maximum.
#[derive(Debug, Clone, Serialize)]
pub struct Score {
    /// "72.4".
    pub score: String,
    /// "100".
    pub max: String,
    /// Percentage, 0-100, one decimal.
    pub pct: f64,
    /// `good` (>= 75%), `fair` (>= 50%) or `poor`.
    pub class: &'static str,
}

impl Score {
    fn new(score: f64, max: f64) -> Score {
        let pct = if max > 0.0 { (score / max * 1000.0).round() / 10.0 } else { 0.0 };
        let class = if pct >= 75.0 {
            "good"
        } else if pct >= 50.0 {
            "fair"
        } else {
            "poor"
        };
        Score { score: points(score), max: points(max), pct, class }
    }
}

/// One part of the total.
#[derive(Debug, Serialize)]
pub struct PartRow {
    /// "Coding katas".
    pub title: String,
    /// Raw points in the part.
    pub raw: Score,
    /// What the part adds to the total, against its weight.
    pub weighted: Score,
}

/// A horizontal bar chart, geometry in SVG user units.
#[derive(Debug, Serialize)]
pub struct Chart {
    /// Total width.
    pub width: u32,
    /// Total height.
    pub height: u32,
    /// Where the plot starts (after the labels).
    pub plot_x: u32,
    /// The plot's width.
    pub plot_width: u32,
    /// What the chart shows, for screen readers.
    pub title: String,
    /// The bars.
    pub bars: Vec<Bar>,
}

/// One bar of a [`Chart`].
#[derive(Debug, Serialize)]
pub struct Bar {
    /// Top of the row.
    pub y: u32,
    /// Baseline for the row's text.
    pub text_y: u32,
    /// The row's label.
    pub label: String,
    /// The bar's length.
    pub width: u32,
    /// Where the dashed limit line is, if the row has a limit.
    pub limit_x: Option<u32>,
    /// `pass`, `fail` or `part`.
    pub class: &'static str,
    /// The value as text, right of the plot.
    pub value: String,
}

/// One kata.
#[derive(Debug, Serialize)]
pub struct KataSection {
    /// HTML id.
    pub anchor: String,
    /// Kata id.
    pub id: String,
    /// Kata title.
    pub title: String,
    /// Content version graded against.
    pub version: String,
    /// `graded`, `missing`, `not graded`, `pending`.
    pub status: &'static str,
    /// Test points.
    pub score: Score,
    /// Tests passed.
    pub passed: usize,
    /// Tests run.
    pub tests_total: usize,
    /// When the candidate worked on it, for people.
    pub time: Option<String>,
    /// The same in a few words, for the summary table: "35 min active", "no changes".
    pub time_short: Option<String>,
    /// The kata's budget, for people.
    pub budget: Option<String>,
    /// Whether it compiled.
    pub compiled: bool,
    /// rustc's diagnostics, when it did not.
    pub compile_output: Option<String>,
    /// Things noticed.
    pub warnings: Vec<String>,
    /// Every hidden test.
    pub tests: Vec<TestRow>,
    /// The requirements failed tests check, as "R7: p95 counts successful acquires only".
    pub missed_requirements: Vec<String>,
    /// How many hints the candidate took (`kata hint`).
    pub hints_taken: usize,
    /// Those hints, as recorded when taken (may be fewer than `hints_taken` for old records).
    pub hints: Vec<String>,
    /// Durations against limits.
    pub chart: Option<Chart>,
}

/// One hidden test.
#[derive(Debug, Serialize)]
pub struct TestRow {
    /// Test name.
    pub name: String,
    /// The verdict's stable name (`timed_out`).
    pub verdict: &'static str,
    /// The verdict for people (`TIMED OUT`).
    pub label: &'static str,
    /// `pass` or `fail`.
    pub class: &'static str,
    /// "10/10".
    pub points: String,
    /// "123 ms".
    pub duration: String,
    /// "3000 ms".
    pub limit: String,
    /// The timing measurement, for people.
    pub timing: Option<String>,
    /// Why it failed (capped).
    pub message: String,
}

/// The written answers.
#[derive(Debug, Serialize)]
pub struct AnswersSection {
    /// Final score.
    pub score: Score,
    /// Score before overrides.
    pub auto_score: String,
    /// Some question needs review.
    pub needs_review: bool,
    /// One per question.
    pub questions: Vec<QuestionRow>,
    /// Sheet warnings.
    pub warnings: Vec<String>,
    /// Fewer answers found than questions: shown as a banner.
    pub incomplete: Option<String>,
}

/// One question.
#[derive(Debug, Serialize)]
pub struct QuestionRow {
    /// HTML id.
    pub anchor: String,
    /// `Q3`.
    pub id: String,
    /// Title.
    pub title: String,
    /// `answered`, `empty`, `missing`.
    pub status: &'static str,
    /// Final score.
    pub score: Score,
    /// The grader's score.
    pub auto_score: String,
    /// The interviewer's override.
    pub override_: Option<OverrideRow>,
    /// Low-confidence grade.
    pub needs_review: bool,
    /// Why.
    pub review_reason: Option<String>,
    /// One sentence about the score.
    pub summary: String,
    /// The final choice, for questions with one right option.
    pub choice: Option<String>,
    /// Criteria met, with quotes.
    pub met: Vec<EvidenceRow>,
    /// Criteria missed.
    pub missed: Vec<MissedRow>,
    /// Misconceptions found.
    pub misconceptions: Vec<MisconceptionRow>,
    /// The candidate's answer as graded, shown beside the grade.
    pub answer: Option<String>,
}

/// An override.
#[derive(Debug, Serialize)]
pub struct OverrideRow {
    /// The score given.
    pub score: String,
    /// Why.
    pub note: String,
}

/// A criterion met.
#[derive(Debug, Serialize)]
pub struct EvidenceRow {
    /// Criterion id.
    pub criterion: String,
    /// The concept recognised.
    pub concept: String,
    /// Points earned.
    pub points: String,
    /// The candidate's sentence.
    pub quote: String,
    /// Its line.
    pub line: usize,
}

/// A criterion missed.
#[derive(Debug, Serialize)]
pub struct MissedRow {
    /// Criterion id.
    pub criterion: String,
    /// Points it is worth.
    pub points: String,
    /// What it asks.
    pub description: String,
    /// Why the words present did not count.
    pub note: Option<String>,
}

/// A misconception found.
#[derive(Debug, Serialize)]
pub struct MisconceptionRow {
    /// The wrong idea.
    pub description: String,
    /// The candidate's sentence.
    pub quote: String,
    /// Its line.
    pub line: usize,
    /// What it cost.
    pub effect: String,
    /// The correcting fact.
    pub correction: String,
}

/// The reflection.
#[derive(Debug, Serialize)]
pub struct ReflectionSection {
    /// Final score.
    pub score: Score,
    /// Score before overrides.
    pub auto_score: String,
    /// The candidate's text (markdown; rendered by the `candidate_markdown` filter).
    pub text: Option<String>,
    /// Section checks.
    pub sections: Vec<SectionRow>,
    /// Warnings.
    pub warnings: Vec<String>,
}

/// One reflection section.
#[derive(Debug, Serialize)]
pub struct SectionRow {
    /// HTML id.
    pub anchor: String,
    /// Expected heading.
    pub heading: String,
    /// `ok`, `empty`, `missing`.
    pub status: &'static str,
    /// Words written.
    pub words: usize,
    /// Final score.
    pub score: Score,
    /// The grader's score.
    pub auto_score: String,
    /// The interviewer's override.
    pub override_: Option<OverrideRow>,
    /// Low-confidence grade.
    pub needs_review: bool,
    /// Why.
    pub review_reason: Option<String>,
    /// One sentence about the score.
    pub summary: String,
    /// Criteria met.
    pub met: Vec<EvidenceRow>,
    /// Criteria missed.
    pub missed: Vec<MissedRow>,
    /// Problems found.
    pub misconceptions: Vec<MisconceptionRow>,
}

/// Integrity of the submission.
#[derive(Debug, Serialize)]
pub struct IntegritySection {
    /// `archive` or `folder`.
    pub source: String,
    /// Whether a manifest was found.
    pub manifest: bool,
    /// Files checked.
    pub files_checked: usize,
    /// Whether anything was found.
    pub clean: bool,
    /// The findings.
    pub findings: Vec<Fact>,
}

impl ReportContext {
    /// Builds the context of one candidate's report.
    pub fn new(r: &AssessmentResult) -> ReportContext {
        let mut dates = Vec::new();
        let mut fact = |label: &str, value: Option<String>| {
            if let Some(value) = value {
                dates.push(Fact { label: label.into(), value });
            }
        };
        fact("Started", r.started_at.as_deref().map(show_time));
        fact("Submitted", r.submitted_at.as_deref().map(show_time));
        fact("Time taken", time_taken(r.started_at.as_deref(), r.submitted_at.as_deref()));
        fact("Graded", Some(show_time(&r.graded_at)));
        let mut versions = vec![Fact { label: "kata (grading)".into(), value: r.tool_version.clone() }];
        if let Some(v) = &r.submitted_tool_version {
            versions.push(Fact { label: "kata (candidate)".into(), value: v.clone() });
        }
        for k in &r.katas {
            versions.push(Fact { label: k.id.clone(), value: k.result.kata_version.clone() });
        }
        let parts: Vec<PartRow> = r
            .parts
            .iter()
            .map(|p| PartRow {
                title: p.title.clone(),
                raw: Score::new(p.score, p.max_score),
                weighted: Score::new(p.points, p.weight),
            })
            .collect();
        let parts_chart = chart(
            "Each part's share of the total, against its weight",
            r.parts
                .iter()
                .map(|p| RowData {
                    label: p.title.clone(),
                    fraction: if p.weight > 0.0 { p.points / p.weight } else { 0.0 },
                    limit: None,
                    class: "part",
                    value: format!("{} of {}", points(p.points), points(p.weight)),
                })
                .collect(),
        );
        let answers = r.answers.as_ref().map(|a| AnswersSection {
            score: Score::new(a.score, a.max_score),
            auto_score: points(a.auto_score),
            needs_review: a.needs_review,
            questions: a
                .questions
                .iter()
                .map(|q| QuestionRow {
                    anchor: format!("question-{}", slug(&q.id)),
                    id: q.id.clone(),
                    title: q.title.clone(),
                    status: match q.status {
                        AnswerStatus::Answered => "answered",
                        AnswerStatus::Empty => "empty",
                        AnswerStatus::Missing => "missing",
                    },
                    score: Score::new(q.score, q.max_score),
                    auto_score: points(q.auto_score),
                    override_: q.override_.as_ref().map(override_row),
                    needs_review: q.needs_review,
                    review_reason: q.review_reason.clone(),
                    summary: q.summary.clone(),
                    choice: q.choice.as_ref().map(|c| match &c.chosen {
                        Some(chosen) => format!("chose {chosen} (right: {})", c.correct),
                        None => format!("no clear choice (right: {})", c.correct),
                    }),
                    met: q.evidence.iter().map(evidence_row).collect(),
                    missed: q.missed.iter().map(missed_row).collect(),
                    misconceptions: q.misconceptions.iter().map(misconception_row).collect(),
                    answer: q.answer.clone(),
                })
                .collect(),
            warnings: a.warnings.clone(),
            incomplete: a.incomplete.clone(),
        });
        let reflection = r.reflection.as_ref().map(|f| ReflectionSection {
            score: Score::new(f.score, f.max_score),
            auto_score: points(f.auto_score),
            text: r.reflection_text.clone(),
            sections: f
                .sections
                .iter()
                .map(|s| SectionRow {
                    anchor: format!("reflection-{}", slug(&s.id)),
                    heading: s.heading.clone(),
                    status: if !s.found {
                        "missing"
                    } else if s.empty {
                        "empty"
                    } else {
                        "ok"
                    },
                    words: s.words,
                    score: Score::new(s.score, s.max_score),
                    auto_score: points(s.auto_score),
                    override_: s.override_.as_ref().map(override_row),
                    needs_review: s.needs_review,
                    review_reason: s.review_reason.clone(),
                    summary: s.summary.clone(),
                    met: s.evidence.iter().map(evidence_row).collect(),
                    missed: s.missed.iter().map(missed_row).collect(),
                    misconceptions: s.misconceptions.iter().map(misconception_row).collect(),
                })
                .collect(),
            warnings: f.warnings.clone(),
        });
        let review_count = answers.as_ref().map(|a| a.questions.iter().filter(|q| q.needs_review).count()).unwrap_or(0)
            + reflection.as_ref().map(|f| f.sections.iter().filter(|s| s.needs_review).count()).unwrap_or(0);
        let question_flags = answers.iter().flat_map(|a| &a.questions).filter_map(|q| {
            let item = format!("{}. {}", q.id, q.title);
            flag_row(
                &q.anchor,
                item,
                q.needs_review,
                q.review_reason.as_ref(),
                q.override_.as_ref(),
                q.misconceptions.len(),
            )
        });
        let section_flags = reflection.iter().flat_map(|f| &f.sections).filter_map(|s| {
            let item = format!("Reflection: {}", s.heading);
            flag_row(
                &s.anchor,
                item,
                s.needs_review,
                s.review_reason.as_ref(),
                s.override_.as_ref(),
                s.misconceptions.len(),
            )
        });
        let flags: Vec<FlagRow> = question_flags.chain(section_flags).collect();
        let integrity = r.integrity.as_ref().map(|i| IntegritySection {
            source: i.source.clone(),
            manifest: i.manifest,
            files_checked: i.files_checked,
            clean: i.manifest && i.findings.is_empty(),
            findings: i
                .findings
                .iter()
                .map(|f| Fact {
                    label: format!(
                        "{}: {}",
                        match f.kind {
                            FindingKind::Changed => "changed",
                            FindingKind::Missing => "missing",
                            FindingKind::Extra => "extra",
                            FindingKind::Refused => "refused",
                        },
                        f.path
                    ),
                    value: f.detail.clone(),
                })
                .collect(),
        });
        ReportContext {
            generator: format!("kata {}", env!("CARGO_PKG_VERSION")),
            candidate: r.candidate.clone(),
            assessment: r.assessment_title.clone(),
            assessment_id: r.assessment.clone(),
            complete: r.complete,
            dates,
            versions,
            total: Score::new(r.total, r.max_total),
            parts,
            parts_chart,
            katas: r.katas.iter().map(kata_section).collect(),
            answers,
            reflection,
            warnings: r.warnings.clone(),
            integrity,
            review_count,
            flags,
        }
    }
}

fn kata_section(k: &AssessedKata) -> KataSection {
    let r = &k.result;
    let tests: Vec<TestRow> = r.tests.iter().map(test_row).collect();
    let mut rows = Vec::new();
    for t in &r.tests {
        if t.verdict == VerdictKind::CompileError {
            continue;
        }
        let scale = t.timeout_ms.max(1) as f64 * 1.25;
        rows.push(RowData {
            label: t.name.clone(),
            fraction: t.duration_ms as f64 / scale,
            limit: Some(t.timeout_ms as f64 / scale),
            class: if t.verdict.is_pass() { "pass" } else { "fail" },
            value: format!("{} of {}", ms(t.duration_ms), ms(t.timeout_ms)),
        });
        if let Some(timing) = &t.timing {
            let scale = (timing.limit * 1.25).max(timing.ratio * 1.05).max(0.01);
            rows.push(RowData {
                label: format!("{} (vs reference)", t.name),
                fraction: timing.ratio / scale,
                limit: Some(timing.limit / scale),
                class: if timing.ratio <= timing.limit { "pass" } else { "fail" },
                value: format!("{:.2}x of {:.1}x", timing.ratio, timing.limit),
            });
        }
    }
    let chart = (!rows.is_empty()).then(|| chart("Each test's run time against its time limit (dashed line)", rows));
    KataSection {
        anchor: format!("kata-{}", slug(&k.id)),
        id: k.id.clone(),
        title: r.title.clone(),
        version: r.kata_version.clone(),
        status: match k.status {
            KataStatus::Graded => "graded",
            KataStatus::Missing => "missing",
            KataStatus::NotGraded => "not graded",
            KataStatus::Pending => "pending",
        },
        score: Score::new(f64::from(r.score), f64::from(r.max_score)),
        passed: r.tests.iter().filter(|t| t.verdict.is_pass()).count(),
        tests_total: r.tests.len(),
        time: k.time.as_ref().map(|t| match (t.last_change_at.is_some(), t.since_start_minutes) {
            (false, _) => "no changes to the starter".to_string(),
            (true, Some(since)) => {
                format!(
                    "{} between first and last change; last change {} after the start",
                    minutes(t.active_minutes),
                    minutes(since)
                )
            }
            (true, None) => format!("{} between first and last change", minutes(t.active_minutes)),
        }),
        time_short: k.time.as_ref().map(|t| match t.last_change_at {
            None => "no changes".to_string(),
            Some(_) => format!("{} active", minutes(t.active_minutes)),
        }),
        budget: k.budget_minutes.map(|m| minutes(u64::from(m))),
        hints_taken: k.time.as_ref().map(|t| t.hints_taken.max(t.hints.len())).unwrap_or(0),
        hints: k.time.as_ref().map(|t| t.hints.clone()).unwrap_or_default(),
        compiled: r.compiled,
        compile_output: r.compile_output.as_deref().map(|d| cap_chars(d, MAX_DIAGNOSTICS_CHARS)),
        warnings: r.warnings.clone(),
        tests,
        missed_requirements: r.missed_requirements.iter().map(|m| format!("{}: {}", m.id, m.text)).collect(),
        chart,
    }
}

fn test_row(t: &TestResult) -> TestRow {
    let (label, class) = verdict_label(t.verdict);
    TestRow {
        name: t.name.clone(),
        verdict: t.verdict.as_str(),
        label,
        class,
        points: format!("{}/{}", if t.verdict.is_pass() { t.weight } else { 0 }, t.weight),
        duration: ms(t.duration_ms),
        limit: ms(t.timeout_ms),
        timing: t.timing.as_ref().map(|m| {
            let loaded = match (m.loaded, m.others_load) {
                (true, Some(share)) => {
                    format!("; timed on a loaded machine ({:.0}% of the CPUs busy with other work)", share * 100.0)
                }
                _ => String::new(),
            };
            format!(
                "{:.2}x the reference (limit {:.1}x): median {:.0} ms against {:.0} ms, {} interleaved pairs{}{loaded}",
                m.ratio,
                m.limit,
                m.candidate_ms,
                m.reference_ms,
                m.runs,
                if m.decided { "" } else { ", close to the limit" }
            )
        }),
        message: cap_chars(&t.message, MAX_MESSAGE_CHARS),
    }
}

/// A verdict for people, and its CSS class.
pub fn verdict_label(v: VerdictKind) -> (&'static str, &'static str) {
    let label = match v {
        VerdictKind::Passed => "PASSED",
        VerdictKind::Failed => "FAILED",
        VerdictKind::TimedOut => "TIMED OUT",
        VerdictKind::Crashed => "CRASHED",
        VerdictKind::OutOfMemory => "OUT OF MEMORY",
        VerdictKind::OutputLimit => "OUTPUT LIMIT",
        VerdictKind::CompileError => "DID NOT COMPILE",
        VerdictKind::TooSlow => "TOO SLOW",
        VerdictKind::Memory => "LEAKS MEMORY",
    };
    (label, if v.is_pass() { "pass" } else { "fail" })
}

fn override_row(o: &ScoreOverride) -> OverrideRow {
    OverrideRow { score: points(o.score), note: o.note.clone() }
}

fn evidence_row(e: &Evidence) -> EvidenceRow {
    EvidenceRow {
        criterion: e.criterion.clone(),
        concept: e.concept.clone(),
        points: points(e.points),
        quote: e.quote.clone(),
        line: e.line,
    }
}

fn missed_row(m: &MissedCriterion) -> MissedRow {
    MissedRow {
        criterion: m.criterion.clone(),
        points: points(m.points),
        description: m.description.clone(),
        note: m.note.clone(),
    }
}

fn misconception_row(m: &MisconceptionFound) -> MisconceptionRow {
    MisconceptionRow {
        // The template goes on after it ("..., line 12: caps the score at 2").
        description: m.description.trim_end().trim_end_matches('.').to_string(),
        quote: m.quote.clone(),
        line: m.line,
        effect: m.effect.clone(),
        correction: m.correction.clone(),
    }
}

struct RowData {
    label: String,
    fraction: f64,
    limit: Option<f64>,
    class: &'static str,
    value: String,
}

const ROW_HEIGHT: u32 = 24;
const LABEL_WIDTH: u32 = 250;
const PLOT_WIDTH: u32 = 360;
const VALUE_WIDTH: u32 = 150;

fn chart(title: &str, rows: Vec<RowData>) -> Chart {
    let plot = f64::from(PLOT_WIDTH);
    let bars = rows
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let y = i as u32 * ROW_HEIGHT;
            let fraction = if row.fraction.is_finite() { row.fraction.clamp(0.0, 1.0) } else { 0.0 };
            Bar {
                y: y + 4,
                text_y: y + 16,
                label: shorten(&row.label, 34),
                // A visible sliver for near-zero times.
                width: ((fraction * plot).round() as u32).max(2),
                limit_x: row
                    .limit
                    .filter(|l| l.is_finite())
                    .map(|l| LABEL_WIDTH + (l.clamp(0.0, 1.0) * plot).round() as u32),
                class: row.class,
                value: row.value,
            }
        })
        .collect::<Vec<_>>();
    Chart {
        width: LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH,
        height: (bars.len() as u32 * ROW_HEIGHT).max(ROW_HEIGHT) + 4,
        plot_x: LABEL_WIDTH,
        plot_width: PLOT_WIDTH,
        title: title.to_string(),
        bars,
    }
}

/// The cohort page: candidates side by side, ranked within each assessment.
#[derive(Debug, Serialize)]
pub struct CohortContext {
    /// "kata 0.1.0".
    pub generator: String,
    /// The page title.
    pub title: String,
    /// The part columns of all the results.
    pub part_columns: Vec<String>,
    /// The kata columns of all the results.
    pub kata_columns: Vec<String>,
    /// One row per candidate: each assessment's candidates together, best total first.
    pub rows: Vec<CohortRow>,
    /// One table per assessment, each ranked on its own.
    pub groups: Vec<CohortGroup>,
    /// When the results come from more than one assessment: a warning saying that their
    /// totals do not compare.
    pub mixed: Option<String>,
}

/// The candidates of one assessment in a cohort.
#[derive(Debug, Serialize)]
pub struct CohortGroup {
    /// The assessment id.
    pub assessment: String,
    /// The assessment's title.
    pub title: String,
    /// An HTML id for its table.
    pub anchor: String,
    /// Its part columns.
    pub part_columns: Vec<String>,
    /// Its kata columns.
    pub kata_columns: Vec<String>,
    /// Its candidates, best total first.
    pub rows: Vec<CohortRow>,
}

/// One candidate in the cohort.
#[derive(Debug, Clone, Serialize)]
pub struct CohortRow {
    /// The candidate.
    pub candidate: String,
    /// The assessment's title.
    pub assessment: String,
    /// The assessment's id.
    pub assessment_id: String,
    /// When submitted (or graded).
    pub date: String,
    /// The total.
    pub total: Cell,
    /// One per part column.
    pub parts: Vec<Cell>,
    /// One per kata column.
    pub katas: Vec<Cell>,
    /// Items to review.
    pub review: usize,
    /// Warnings.
    pub warnings: usize,
    /// The candidate's own report, relative to the cohort page, when one was written.
    pub report: Option<String>,
}

/// One cell of the cohort table.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// Shown.
    pub text: String,
    /// What the column sorts by (-1 for an empty cell).
    pub sort: f64,
    /// `good`, `fair`, `poor` or `none`.
    pub class: &'static str,
    /// Percentage.
    pub pct: f64,
    /// Length of the cell's bar, 0-60.
    pub bar: u32,
}

impl Cell {
    fn of(score: f64, max: f64) -> Cell {
        let s = Score::new(score, max);
        let bar = (s.pct.clamp(0.0, 100.0) * 0.6).round() as u32;
        Cell { text: format!("{}/{}", s.score, s.max), sort: s.pct, class: s.class, pct: s.pct, bar }
    }

    fn empty() -> Cell {
        Cell { text: "–".into(), sort: -1.0, class: "none", pct: 0.0, bar: 0 }
    }
}

/// The part and kata columns of `results`, in order of first appearance.
fn cohort_columns<'a>(results: impl Iterator<Item = &'a AssessmentResult>) -> (Vec<String>, Vec<String>) {
    let mut part_columns: Vec<String> = Vec::new();
    let mut kata_columns: Vec<String> = Vec::new();
    for r in results {
        for p in &r.parts {
            if !part_columns.contains(&p.title) {
                part_columns.push(p.title.clone());
            }
        }
        for k in &r.katas {
            if !kata_columns.contains(&k.id) {
                kata_columns.push(k.id.clone());
            }
        }
    }
    (part_columns, kata_columns)
}

fn cohort_row(
    r: &AssessmentResult,
    part_columns: &[String],
    kata_columns: &[String],
    report: Option<&str>,
) -> CohortRow {
    let review = r.answers.iter().flat_map(|a| &a.questions).filter(|q| q.needs_review).count()
        + r.reflection.iter().flat_map(|f| &f.sections).filter(|s| s.needs_review).count();
    CohortRow {
        candidate: r.candidate.clone(),
        assessment: r.assessment_title.clone(),
        assessment_id: r.assessment.clone(),
        date: show_time(r.submitted_at.as_deref().unwrap_or(&r.graded_at)),
        total: Cell::of(r.total, r.max_total),
        parts: part_columns
            .iter()
            .map(|c| {
                r.parts.iter().find(|p| &p.title == c).map(|p| Cell::of(p.points, p.weight)).unwrap_or_else(Cell::empty)
            })
            .collect(),
        katas: kata_columns
            .iter()
            .map(|c| {
                r.katas
                    .iter()
                    .find(|k| &k.id == c)
                    .map(|k| Cell::of(f64::from(k.result.score), f64::from(k.result.max_score)))
                    .unwrap_or_else(Cell::empty)
            })
            .collect(),
        review,
        warnings: r.warnings.len(),
        report: report.map(str::to_string),
    }
}

fn best_first(rows: &mut [CohortRow]) {
    rows.sort_by(|a, b| b.total.sort.total_cmp(&a.total.sort).then_with(|| a.candidate.cmp(&b.candidate)));
}

impl CohortContext {
    /// Builds the cohort page of `results`.
    pub fn new(results: &[AssessmentResult]) -> CohortContext {
        CohortContext::with_reports(results, &[])
    }

    /// Builds the cohort page of `results`, each row linking to `reports[i]` (the report of
    /// `results[i]`, relative to the page) where given.
    pub fn with_reports(results: &[AssessmentResult], reports: &[String]) -> CohortContext {
        let report = |i: usize| reports.get(i).map(String::as_str);
        let (part_columns, kata_columns) = cohort_columns(results.iter());
        // Each assessment on its own: the most candidates first, then by title.
        let mut ids: Vec<&str> = Vec::new();
        for r in results {
            if !ids.contains(&r.assessment.as_str()) {
                ids.push(&r.assessment);
            }
        }
        let count = |id: &str| results.iter().filter(|r| r.assessment == id).count();
        let title_of = |id: &str| {
            results.iter().find(|r| r.assessment == id).map(|r| r.assessment_title.clone()).unwrap_or_default()
        };
        ids.sort_by(|a, b| count(b).cmp(&count(a)).then_with(|| title_of(a).cmp(&title_of(b))));
        let groups: Vec<CohortGroup> = ids
            .iter()
            .map(|id| {
                let members: Vec<usize> = (0..results.len()).filter(|&i| results[i].assessment == *id).collect();
                let (parts, katas) = cohort_columns(members.iter().map(|&i| &results[i]));
                let mut rows: Vec<CohortRow> =
                    members.iter().map(|&i| cohort_row(&results[i], &parts, &katas, report(i))).collect();
                best_first(&mut rows);
                CohortGroup {
                    assessment: id.to_string(),
                    title: title_of(id),
                    anchor: if ids.len() == 1 { "cohort".to_string() } else { format!("cohort-{}", slug(id)) },
                    part_columns: parts,
                    kata_columns: katas,
                    rows,
                }
            })
            .collect();
        let mut rows: Vec<CohortRow> = Vec::new();
        for g in &groups {
            let mut group: Vec<CohortRow> = (0..results.len())
                .filter(|&i| results[i].assessment == g.assessment)
                .map(|i| cohort_row(&results[i], &part_columns, &kata_columns, report(i)))
                .collect();
            best_first(&mut group);
            rows.extend(group);
        }
        let mixed = (groups.len() > 1).then(|| {
            let each: Vec<String> = groups
                .iter()
                .map(|g| format!("{} ({}, {} candidate{})", g.title, g.assessment, g.rows.len(), if g.rows.len() == 1 { "" } else { "s" }))
                .collect();
            format!(
                "These results come from {} different assessments: {}. Their totals do not compare; each assessment is ranked on its own.",
                groups.len(),
                each.join("; ")
            )
        });
        CohortContext {
            generator: format!("kata {}", env!("CARGO_PKG_VERSION")),
            title: format!(
                "Cohort: {} ({} candidate{})",
                if groups.len() == 1 { groups[0].title.clone() } else { "several assessments".to_string() },
                results.len(),
                if results.len() == 1 { "" } else { "s" }
            ),
            part_columns,
            kata_columns,
            rows,
            groups,
            mixed,
        }
    }
}

/// Points with at most one decimal: `3`, `2.5`.
pub fn points(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

fn ms(ms: u64) -> String {
    if ms >= 10_000 {
        format!("{:.1} s", ms as f64 / 1000.0)
    } else {
        format!("{ms} ms")
    }
}

fn minutes(m: u64) -> String {
    if m >= 60 {
        format!("{} h {:02} min", m / 60, m % 60)
    } else {
        format!("{m} min")
    }
}

/// `2026-11-21T23:06:22Z` -> `2026-11-21 23:06 UTC`.
pub fn show_time(t: &str) -> String {
    match crate::util::time::parse_rfc3339(t) {
        Some(_) if t.len() >= 16 => format!("{} {} UTC", &t[..10], &t[11..16]),
        _ => t.to_string(),
    }
}

fn time_taken(start: Option<&str>, end: Option<&str>) -> Option<String> {
    let parse = crate::util::time::parse_rfc3339;
    let (s, e) = (parse(start?)?, parse(end?)?);
    Some(minutes(e.saturating_sub(s) / 60))
}

fn slug(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect()
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max - 1).collect::<String>())
    }
}

fn cap_chars(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}\n[... cut; the results JSON holds all of it]", s.chars().take(max).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_show_at_most_one_decimal() {
        assert_eq!(points(3.0), "3");
        assert_eq!(points(2.54), "2.5");
        assert_eq!(Score::new(30.0, 40.0).class, "good");
        assert_eq!(Score::new(1.0, 0.0).pct, 0.0);
    }

    #[test]
    fn chart_bars_stay_inside_the_plot() {
        let c = chart(
            "t",
            vec![RowData { label: "x".into(), fraction: 7.0, limit: Some(0.8), class: "fail", value: "v".into() }],
        );
        assert_eq!(c.bars[0].width, PLOT_WIDTH);
        assert_eq!(c.bars[0].limit_x, Some(LABEL_WIDTH + 288));
    }
}
