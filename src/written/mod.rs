//! The written assessment: question rubrics, answer sheets, evidence-cited scores, and the
//! candidate's reflection.
//!
//! ```text
//! rubrics/q01..q10.yaml --load_question_rubrics--> QuestionSet ---+
//! ANSWERS.md --sheet::parse_answer_sheet--> sentences per question +--grade--> AnswersResult
//! grades.yaml (optional overrides) -------------------------------+
//!
//! rubrics/reflection.yaml --load_reflection_rubric--> ReflectionRubric --+
//! REFLECTION.md --sheet::parse_reflection--> sentences per section ------+--> ReflectionResult
//! ```
//!
//! Modules: [`rubric`] (YAML model, validation, compiled form), `text` (tokens, sentences,
//! negation), `pattern` (rubric vocabulary), `sheet` (markdown), `score` (scoring),
//! [`overrides`] (`grades.yaml`), `blank` (blank sheets), `check` (`kata check`); the result types are in `crate::results`.
//!
//! A low score is a result, not an error: `Err` means a file could not be read or a rubric or
//! overrides file is invalid. Nothing a candidate writes makes grading fail.

mod blank;
mod check;
mod lexicon;
pub mod overrides;
mod pattern;
pub mod rubric;
mod score;
mod sheet;
mod text;

#[cfg(test)]
mod tests;

use std::path::Path;

pub use crate::results::written::{
    AnswerStatus, AnswersResult, ChoiceFound, Evidence, MisconceptionFound, MissedCriterion, QuestionResult,
    ReflectionResult, ScoreOverride, SectionResult, WrittenResult,
};
pub use blank::{blank_answers, blank_reflection};
pub use check::{check_rubrics, REFLECTION_FILE};
pub use overrides::{overrides_beside, GradeOverride, OverridesFile, OVERRIDES_FILE};
pub use rubric::{
    CalibrationExample, Choice, ChoiceOption, Concept, Criterion, Misconception, Question, QuestionRubric, QuestionSet,
    ReflectionRubric, ReflectionRubricFile, ReflectionSection, FORMAT_VERSION,
};

use crate::error::DefinitionError;
use crate::results::written::round;
use crate::util::fs::read_text;
use overrides::Target;
use rubric::Scheme;
use sheet::{parse_answer_sheet, parse_reflection, Prompt, SectionName};

/// Loads every question rubric in `dir` (`*.yaml` except `reflection.yaml`), sorted by id.
/// Returns the first problem; [`check_rubrics`] lists them all.
pub fn load_question_rubrics(dir: &Path) -> Result<QuestionSet, DefinitionError> {
    let mut questions = Vec::new();
    for file in check::question_files(dir)? {
        match rubric::load_question(&file) {
            Ok(q) => questions.push(q),
            Err(errors) => return Err(first(errors, &file)),
        }
    }
    if let Some(problem) = check::check_ids(&questions).into_iter().next() {
        return Err(problem);
    }
    questions.sort_by_key(|q| q.number);
    Ok(QuestionSet { questions })
}

/// Loads `rubrics/reflection.yaml`.
pub fn load_reflection_rubric(path: &Path) -> Result<ReflectionRubric, DefinitionError> {
    rubric::load_reflection(path).map_err(|errors| first(errors, path))
}

fn first(errors: Vec<DefinitionError>, path: &Path) -> DefinitionError {
    errors.into_iter().next().unwrap_or_else(|| DefinitionError::file(path, "invalid rubric"))
}

/// Most of a question's credit an answer made only of term definitions can earn.
const GLOSSARY_SHARE: f64 = 0.3;

/// Grades an answer sheet. `overrides` is a `grades.yaml` (see [`overrides`]); entries for
/// the reflection are checked for shape and otherwise ignored here.
pub fn grade_answers(
    set: &QuestionSet,
    sheet_path: &Path,
    overrides: Option<&Path>,
) -> Result<AnswersResult, DefinitionError> {
    let text = read_text(sheet_path)?;
    let known: Vec<(String, f64)> = set.questions.iter().map(|q| (q.rubric.id.clone(), q.scheme.points)).collect();
    let overrides = match overrides {
        Some(path) => overrides::load_for(path, Target::Question, &known)?,
        None => Default::default(),
    };
    let mut result = grade_answer_text(set, &text, sheet_path);
    for q in &mut result.questions {
        if let Some(o) = overrides.get(&q.id) {
            q.override_ = Some(o.clone());
            q.score = o.score;
        }
    }
    result.score = round(result.questions.iter().map(|q| q.score).sum());
    Ok(result)
}

/// Grades the text of an answer sheet (no overrides). `path` is only used in warnings.
pub fn grade_answer_text(set: &QuestionSet, text: &str, path: &Path) -> AnswersResult {
    let mut parts: Vec<&String> = Vec::new();
    for p in set.questions.iter().filter_map(|q| q.rubric.part.as_ref()) {
        if !parts.contains(&p) {
            parts.push(p);
        }
    }
    let prompts: Vec<Prompt> = set
        .questions
        .iter()
        .map(|q| {
            let prompt = Prompt::new(q.number, &q.rubric.title, &q.rubric.question, &q.rubric.model_answer);
            // Parts in the order the assessment first names them.
            let part = q.rubric.part.as_ref().and_then(|p| parts.iter().position(|x| *x == p)).map_or(0, |i| i + 1);
            prompt.in_part(part)
        })
        .collect();
    let parsed = parse_answer_sheet(text, path, &prompts);
    let mut questions = Vec::new();
    for (q, found) in set.questions.iter().zip(&parsed.answers) {
        let foreign: Vec<(&str, &Scheme)> =
            set.questions.iter().filter(|o| o.number != q.number).map(|o| (o.rubric.id.as_str(), &o.scheme)).collect();
        let max_score = q.scheme.points;
        let result = match found.status {
            AnswerStatus::Answered => {
                let mut g = score::grade(&q.scheme, &found.sentences, found.words, &foreign);
                // Definitions of the question's terms are not an answer to it: some credit for
                // knowing them, never most of it, and a person should look.
                let glossary_cap = GLOSSARY_SHARE * max_score;
                if found.glossary && g.score > glossary_cap {
                    g.score = glossary_cap;
                    g.review.push(format!(
                        "reads as definitions of terms, not an answer to the question: at most {:.0}% credit",
                        GLOSSARY_SHARE * 100.0
                    ));
                    let rest = g.summary.split_once(": ").map_or(g.summary.as_str(), |(_, rest)| rest);
                    g.summary = format!("{glossary_cap}/{max_score}: definitions only, capped; {rest}");
                }
                // A well-scored answer may still carry a sweeping claim the rubric does not check
                // ("guarantees exactly equal load", "a full scan every time"): the score stands,
                // a person reads that sentence.
                if g.score >= UNCHECKED_CLAIM_SHARE * max_score {
                    if let Some(s) = unchecked_sweeping_claim(&found.sentences, &g.evidence) {
                        g.review.push(format!(
                            "line {}: a sweeping claim the rubric does not check: \"{}\"",
                            s.line,
                            s.text.chars().take(120).collect::<String>()
                        ));
                    }
                }
                // Text from several places graded as one answer: one of them may belong to
                // another question (a numbered point read as a question's number).
                if found.scattered.len() > 1 {
                    g.review.push(format!(
                        "graded from text in {} places (lines {}): check each belongs to this answer",
                        found.scattered.len(),
                        found.scattered.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")
                    ));
                }
                QuestionResult {
                    id: q.rubric.id.clone(),
                    title: q.rubric.title.clone(),
                    status: found.status,
                    line: found.line,
                    score: g.score,
                    max_score,
                    auto_score: g.score,
                    needs_review: !g.review.is_empty(),
                    review_reason: (!g.review.is_empty()).then(|| g.review.join("; ")),
                    summary: g.summary,
                    evidence: g.evidence,
                    missed: g.missed,
                    misconceptions: g.misconceptions,
                    choice: g.choice,
                    override_: None,
                    answer: Some(answer_text(&found.sentences)),
                }
            }
            status => unanswered(q, status, found.line),
        };
        questions.push(result);
    }
    // Fewer answers than questions may be a sheet shape the parser did not read: every zero
    // it gave is then a guess, so say so loudly and ask for a look at each.
    let answered = questions.iter().filter(|q| q.status == AnswerStatus::Answered).count();
    let incomplete = (answered < questions.len()).then(|| {
        let blank: Vec<&str> =
            questions.iter().filter(|q| q.status != AnswerStatus::Answered).map(|q| q.id.as_str()).collect();
        format!(
            "only {answered} of {} answers found on {} (none for {}); check that the sheet was read right \
             before trusting the zeros",
            questions.len(),
            path.display(),
            blank.join(", ")
        )
    });
    if incomplete.is_some() {
        for q in questions.iter_mut().filter(|q| q.status != AnswerStatus::Answered) {
            q.needs_review = true;
            q.review_reason = Some(format!(
                "fewer answers were found than questions ({answered} of {}); check the sheet for this one",
                set.questions.len()
            ));
        }
    }
    // Many answers of a few words, each worth nothing: the parser may have read a table of
    // contents or a list of titles as the answers (an invoice's line items above the real
    // ones). Zeros like that are a guess too.
    let words = |q: &QuestionResult| q.answer.as_deref().map_or(0, |a| a.split_whitespace().count());
    let titles_only =
        |q: &QuestionResult| q.status == AnswerStatus::Answered && q.score == 0.0 && words(q) < SHORT_ANSWER_WORDS;
    if questions.iter().filter(|q| titles_only(q)).count() >= TITLE_LIKE_ANSWERS {
        for q in questions.iter_mut().filter(|q| titles_only(q)) {
            q.needs_review = true;
            let why = "several answers on this sheet are a few words that earned nothing: check that the sheet \
                       was read right (a list of titles may have been taken for the answers)";
            q.review_reason = Some(match q.review_reason.take() {
                Some(r) => format!("{why}; {r}"),
                None => why.to_string(),
            });
        }
    }
    if parsed.by_paragraphs {
        for q in questions.iter_mut().filter(|q| q.status == AnswerStatus::Answered) {
            q.needs_review = true;
            let why = "no label names this answer: it was matched to the question by its place and topic; \
                       check it answers this question";
            q.review_reason = Some(match q.review_reason.take() {
                Some(r) => format!("{why}; {r}"),
                None => why.to_string(),
            });
        }
    }
    let score = round(questions.iter().map(|q| q.score).sum());
    AnswersResult {
        sheet: path.display().to_string(),
        score,
        max_score: set.max_score(),
        auto_score: score,
        needs_review: questions.iter().any(|q| q.needs_review),
        questions,
        warnings: parsed.warnings,
        incomplete,
    }
}

/// From this share of full credit up, an answer's sweeping claims the rubric does not check
/// are pointed out for review.
const UNCHECKED_CLAIM_SHARE: f64 = 0.7;

/// Words that make a claim sweeping: absolute, and right only if the candidate knows exactly.
const SWEEPING: &[&str] = &[
    "always",
    "never",
    "guarantee",
    "guarantees",
    "guaranteed",
    "exactly",
    "entire",
    "whole",
    "automatically",
    "impossible",
];

/// The first sentence the grade did not cite that states something sweeping.
fn unchecked_sweeping_claim<'a>(sentences: &'a [text::Sentence], evidence: &[Evidence]) -> Option<&'a text::Sentence> {
    sentences.iter().find(|s| {
        !s.code
            && !s.question
            && !s.hypothetical
            && !s.table
            && s.tokens.len() >= 6
            && !evidence.iter().any(|e| {
                let head: String = e.quote.chars().take(40).collect();
                e.line == s.line && s.text.contains(head.as_str())
            })
            && s.tokens.iter().enumerate().any(|(i, t)| SWEEPING.contains(&t.lower.as_str()) && !s.attributed[i])
    })
}

fn unanswered(q: &Question, status: AnswerStatus, line: Option<usize>) -> QuestionResult {
    let summary = match status {
        AnswerStatus::Empty => format!("0/{}: the answer under the {} heading is empty", q.scheme.points, q.rubric.id),
        _ => format!("0/{}: no answer for {} was found on the sheet", q.scheme.points, q.rubric.id),
    };
    QuestionResult {
        id: q.rubric.id.clone(),
        title: q.rubric.title.clone(),
        status,
        line,
        score: 0.0,
        max_score: q.scheme.points,
        auto_score: 0.0,
        needs_review: false,
        review_reason: None,
        summary,
        evidence: Vec::new(),
        missed: q
            .scheme
            .criteria
            .iter()
            .map(|c| MissedCriterion {
                criterion: c.id.clone(),
                points: c.points,
                description: c.description.clone(),
                note: Some("no answer".into()),
            })
            .collect(),
        misconceptions: Vec::new(),
        choice: None,
        override_: None,
        answer: None,
    }
}

/// The graded text of an answer, one sentence per line (code lines as written).
fn answer_text(sentences: &[text::Sentence]) -> String {
    let mut out = String::new();
    let mut last = 0;
    for s in sentences {
        if !out.is_empty() {
            out.push(if s.line != last { '\n' } else { ' ' });
        }
        out.push_str(s.text.trim());
        last = s.line;
    }
    out
}

/// A section with fewer words than this is "empty".
const EMPTY_SECTION_WORDS: usize = 5;

/// A section this short with no specifics earns nothing ("I did not use AI.").
const SHORT_SECTION_WORDS: usize = 12;

/// The most a section with no specifics can earn, as a fraction of its points.
const GENERIC_SECTION_CREDIT: f64 = 0.25;

/// The share of a criterion's points a claim earns with no specific (a number, a named kata, code)
/// on its line or within two lines of it: "we chose robustness over speed" is a slogan until a
/// decision of this work stands beside it.
const UNSUPPORTED_CLAIM_SHARE: f64 = 0.5;

/// The share of a reflection section's points it can earn when it is about work elsewhere.
const ELSEWHERE_SECTION_CREDIT: f64 = 0.25;

/// An answer shorter than this many words that earns nothing may be a title, not an answer.
const SHORT_ANSWER_WORDS: usize = 8;
/// How many such answers on one sheet make the reading itself doubtful.
const TITLE_LIKE_ANSWERS: usize = 4;

/// Does a reflection section describe another job ("at my previous company", "at work") and
/// never this assessment (a kata, the assessment, the exercise)?
fn about_elsewhere(sentences: &[text::Sentence]) -> bool {
    const ELSEWHERE: &[&str] = &[
        "previous company",
        "previous job",
        "previous role",
        "previous team",
        "last job",
        "last company",
        "last role",
        "former employer",
        "former company",
        "my old team",
        "at work",
        "my current job",
        "my current company",
        "in production at",
        "our team",
    ];
    const HERE: &[&str] =
        &["kata", "assessment", "exercise", "this task", "this challenge", "the harness", "the grader", "this repo"];
    let text: String = sentences.iter().map(|s| s.text.to_lowercase()).collect::<Vec<_>>().join(" ");
    ELSEWHERE.iter().any(|w| text.contains(w)) && !HERE.iter().any(|w| text.contains(w))
}

/// A reflection's table read row by row: each row one statement whose cells carry their
/// column's header ("duplicate sessions created; Target: 0; Alert: any in 10 min; What the
/// customer feels: logged out on another device"). Cell by cell, "< 50 %" was a terse term with
/// nothing to say what it targets.
fn table_rows_as_statements(sentences: &[text::Sentence]) -> Vec<text::Sentence> {
    let mut out: Vec<text::Sentence> = Vec::new();
    let mut i = 0;
    while i < sentences.len() {
        if !sentences[i].table {
            out.push(sentences[i].clone());
            i += 1;
            continue;
        }
        // The table's rows, each the cells that share a line; the first row is the header.
        let end = (i..sentences.len()).find(|&k| !sentences[k].table).unwrap_or(sentences.len());
        let mut rows: Vec<Vec<&text::Sentence>> = Vec::new();
        for s in &sentences[i..end] {
            match rows.last_mut() {
                Some(row) if row[0].line == s.line => row.push(s),
                _ => rows.push(vec![s]),
            }
        }
        let header: Vec<String> =
            rows[0].iter().map(|s| s.text.trim().trim_end_matches(['.', ':']).to_string()).collect();
        if rows.len() < 2 || header.len() < 2 {
            out.extend(sentences[i..end].iter().cloned());
            i = end;
            continue;
        }
        out.extend(rows[0].iter().map(|s| (*s).clone()));
        for row in &rows[1..] {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(k, s)| {
                    let cell = s.text.trim().trim_end_matches('.');
                    match header.get(k).filter(|h| k > 0 && !h.is_empty()) {
                        Some(h) => format!("{h}: {cell}"),
                        None => cell.to_string(),
                    }
                })
                .collect();
            out.push(text::Sentence::prose(&format!("{}.", cells.join("; ")), row[0].line));
        }
        i = end;
    }
    out
}

/// Lowers a section's score to `cap`, its evidence's points in proportion.
fn cap_score(g: &mut score::Graded, cap: f64) {
    let keep = if g.score > 0.0 { cap / g.score } else { 0.0 };
    for e in &mut g.evidence {
        e.points = round(e.points * keep);
    }
    g.score = cap;
}

/// Grades a reflection. `overrides` is a `grades.yaml`; its question entries are checked for
/// shape and otherwise ignored here.
pub fn grade_reflection(
    rubric: &ReflectionRubric,
    path: &Path,
    overrides: Option<&Path>,
) -> Result<ReflectionResult, DefinitionError> {
    let text = read_text(path)?;
    let known: Vec<(String, f64)> =
        rubric.file.sections.iter().zip(&rubric.schemes).map(|(s, scheme)| (s.id.clone(), scheme.points)).collect();
    let overrides = match overrides {
        Some(o) => overrides::load_for(o, Target::Reflection, &known)?,
        None => Default::default(),
    };
    let names: Vec<SectionName> =
        rubric.file.sections.iter().map(|s| SectionName::new(&s.heading, &s.aliases)).collect();
    let parsed = parse_reflection(&text, path, &names);
    let mut sections = Vec::new();
    for ((section, scheme), found) in rubric.file.sections.iter().zip(&rubric.schemes).zip(&parsed.sections) {
        let empty = found.found && found.words < EMPTY_SECTION_WORDS;
        let sentences = table_rows_as_statements(&found.sentences);
        // A bare figure ("85%", "2x vs 1.3x", "Rating: 3/5") claims nothing about a decision or a
        // measure ("Saturation first." does); a table cell keeps its row's meaning.
        let claims: Vec<text::Sentence> = sentences
            .iter()
            .filter(|s| {
                let words = s.tokens.iter().filter(|t| !t.number && t.lower.len() > 1).count();
                s.table || s.code || words >= 3 || words == 2 && !s.tokens.iter().any(|t| t.number)
            })
            // A quotation ("The AI-written code had a bug nobody checked.") is not a claim the
            // candidate makes about their own work, nor is advice to everyone ("you should
            // always double-check what it gives you").
            .filter(|s| s.code || !s.tokens.iter().all(|t| t.quoted))
            .filter(|s| s.code || !text::gives_advice(s))
            .cloned()
            .collect();
        let mut g = score::grade(scheme, &claims, found.words, &[]);
        // The lines that hold a specific: none makes the section generic, and a claim far from
        // all of them is unsupported.
        let specific_lines: Vec<usize> = claims.iter().filter(|s| s.is_specific()).map(|s| s.line).collect();
        let generic = specific_lines.is_empty();
        if section.needs_specifics && found.found && !empty && g.score > 0.0 && generic {
            // Reflection credit needs specifics: a number, a named kata or type, code, a test.
            // "I did not use AI" or a list of best practices is a claim, not evidence.
            let short = found.words < SHORT_SECTION_WORDS;
            let cap = if short { 0.0 } else { round(GENERIC_SECTION_CREDIT * scheme.points) };
            if g.score > cap {
                g.review.push(format!(
                    "no specifics (no number, named kata, type, code or test){}: capped at {cap} of {}",
                    if short { " in a very short section" } else { "" },
                    scheme.points
                ));
                g.summary = format!("{cap}/{}: generic, no specifics ({})", scheme.points, g.summary);
                cap_score(&mut g, cap);
            }
        }
        if section.needs_specifics && !generic && g.score > 0.0 {
            // Credit for a platitude ("we chose robustness over speed") beside specifics
            // elsewhere in the section: only a claim with a specific near it is evidence.
            let near_specific = |line: usize| specific_lines.iter().any(|&at| at + 2 >= line && at <= line + 2);
            let mut unsupported = 0;
            for e in &mut g.evidence {
                if !near_specific(e.line) {
                    e.points = round(e.points * UNSUPPORTED_CLAIM_SHARE);
                    unsupported += 1;
                }
            }
            if unsupported > 0 {
                let total = round(g.evidence.iter().map(|e| e.points).sum::<f64>());
                g.score = g.score.min(total);
                let rest = g.summary.split_once(": ").map_or(g.summary.as_str(), |(_, rest)| rest).to_string();
                g.summary = format!(
                    "{}/{}: {rest}; {unsupported} general claim(s) with no specific within two lines earn half",
                    g.score, scheme.points
                );
            }
        }
        if let Some(each) = section.each.as_ref().filter(|_| g.score > 0.0) {
            // "Pool utilisation: alert above 80%. Error rate: on the dashboard.": every metric
            // listed is asked for with its target; the share that has one bounds the section.
            let criterion = |id: &str| scheme.criteria.iter().find(|c| c.id == id);
            if let (Some(item), Some(needs)) = (criterion(&each.item), criterion(&each.needs)) {
                let meets = |c: &rubric::CompiledCriterion, s: &text::Sentence| {
                    c.concepts.iter().flat_map(|k| &k.patterns).any(|p| !p.find_all(s).is_empty())
                };
                // An item is a short line ("Connection pool usage."), not the sentence that ties
                // the metrics to customers; a table's row is read with its header's column names
                // (`table_rows_as_statements`), so its target column counts for it.
                let items: Vec<&text::Sentence> =
                    claims.iter().filter(|s| !s.table && s.tokens.len() <= 14 && meets(item, s)).collect();
                let met = items.iter().filter(|s| meets(needs, s)).count();
                if items.len() >= 3 && met < items.len() {
                    let share = met as f64 / items.len() as f64;
                    let cap = round((each.floor + (1.0 - each.floor) * share) * scheme.points);
                    if g.score > cap {
                        g.review.push(format!(
                            "{met} of the {} items listed meet `{}`: capped at {cap} of {}",
                            items.len(),
                            each.needs,
                            scheme.points
                        ));
                        let rest = g.summary.split_once(": ").map_or(g.summary.as_str(), |(_, rest)| rest).to_string();
                        g.summary = format!(
                            "{cap}/{}: {rest}; {met} of {} items meet {}",
                            scheme.points,
                            items.len(),
                            each.needs
                        );
                        cap_score(&mut g, cap);
                    }
                }
            }
        }
        if found.found && !empty && g.score > 0.0 && about_elsewhere(&found.sentences) {
            // The reflection is on this assessment: a section about a previous job shows the
            // candidate can reflect, not what they did here.
            let cap = round(ELSEWHERE_SECTION_CREDIT * scheme.points);
            if g.score > cap {
                g.review.push(format!(
                    "describes work elsewhere (a previous job), not this assessment: capped at {cap} of {}",
                    scheme.points
                ));
                g.summary = format!("{cap}/{}: about work elsewhere ({})", scheme.points, g.summary);
                cap_score(&mut g, cap);
            }
        }
        if !found.found {
            g.review.insert(0, format!("section `{}` is missing", section.heading));
            g.summary = format!("0/{}: the section is missing", scheme.points);
        } else if empty {
            g.review.insert(0, format!("section `{}` is empty", section.heading));
            g.summary = format!("{}/{}: the section is empty", g.score, scheme.points);
        }
        let mut result = SectionResult {
            id: section.id.clone(),
            heading: section.heading.clone(),
            found: found.found,
            empty,
            line: found.line,
            words: found.words,
            score: g.score,
            max_score: scheme.points,
            auto_score: g.score,
            needs_review: !g.review.is_empty(),
            review_reason: (!g.review.is_empty()).then(|| g.review.join("; ")),
            summary: g.summary,
            evidence: g.evidence,
            missed: g.missed,
            misconceptions: g.misconceptions,
            override_: None,
        };
        if let Some(o) = overrides.get(&section.id) {
            result.score = o.score;
            result.override_ = Some(o.clone());
        }
        sections.push(result);
    }
    let score = round(sections.iter().map(|s| s.score).sum());
    let auto_score = round(sections.iter().map(|s| s.auto_score).sum());
    Ok(ReflectionResult {
        sheet: path.display().to_string(),
        score,
        max_score: rubric.max_score(),
        auto_score,
        needs_review: sections.iter().any(|s| s.needs_review),
        sections,
        warnings: parsed.warnings,
    })
}
