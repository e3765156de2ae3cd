//! Rubric files: the YAML model, its validation, and its compiled form.
//!
//! One file per question (`rubrics/q01-*.yaml` ... `q10-*.yaml`) and one for the reflection
//! (`rubrics/reflection.yaml`). The format is documented for authors in `rubrics/README.md`.
//! Validation reports every problem it finds, each with the file, the line and the fix, so
//! `kata check` can list them all at once.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::pattern::Pattern;
use crate::error::DefinitionError;

/// The rubric format this build reads.
pub const FORMAT_VERSION: u32 = 1;

/// One question's rubric, as written in `rubrics/qNN-*.yaml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct QuestionRubric {
    /// Always 1 for this build.
    pub format_version: u32,
    /// `Q1` ... `Q10`.
    pub id: String,
    /// Short title, e.g. `The "Memory Leak"`.
    pub title: String,
    /// The part of the assessment the question belongs to.
    #[serde(default)]
    pub part: Option<String>,
    /// What the question is worth.
    pub points: u32,
    /// The competencies the question tests.
    pub competencies: Vec<String>,
    /// The full question text as the candidate reads it (markdown).
    pub question: String,
    /// What a strong answer demonstrates (the "what is this testing" of a calibrated rubric).
    #[serde(default)]
    pub what_it_tests: Option<String>,
    /// The steps of a good answer, in order.
    #[serde(default)]
    pub framework: Vec<String>,
    /// For questions with one right option (Q7: A or B, Q8: 8 or 9).
    #[serde(default)]
    pub choice: Option<Choice>,
    /// What earns points. Their points add up to `points`.
    pub criteria: Vec<Criterion>,
    /// Wrong ideas that cap the score or remove credit.
    #[serde(default)]
    pub misconceptions: Vec<Misconception>,
    /// A full-credit answer, checked against the rubric by `kata check`.
    pub model_answer: String,
    /// Answers with the score a careful human gives them, and why.
    #[serde(default)]
    pub calibration: Vec<CalibrationExample>,
}

/// The options of a question with one right answer, and how a candidate names them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Choice {
    /// The id of the right option.
    pub correct: String,
    /// Extra words that mark a statement as the candidate's answer ("choose", "final"...
    /// are built in).
    #[serde(default)]
    pub cues: Vec<String>,
    /// The options.
    pub options: Vec<ChoiceOption>,
}

/// One option of a [`Choice`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ChoiceOption {
    /// Short id, e.g. `B` or `8` or `for-share`.
    pub id: String,
    /// Bare names ("B", "last_name age"): they count when they open the answer, stand alone,
    /// or share a clause with a cue ("I'd choose B", "the final stock is 8").
    #[serde(default)]
    pub names: Vec<String>,
    /// Whole statements that choose the option wherever they appear ("escapes to the heap").
    #[serde(default)]
    pub says: Vec<String>,
    /// Words that, right after a bare name, make it part of another noun and not the option
    /// ("stack frame" does not choose the stack).
    #[serde(default)]
    pub not_before: Vec<String>,
    /// Words that, right before a bare name, make it a value in the explanation and not the
    /// option ("re-reads the committed 9" does not answer 9).
    #[serde(default)]
    pub not_after: Vec<String>,
    /// Patterns that, anywhere in a sentence, mean its `says` describe something else ("with a
    /// sliding window the second burst is rejected" is the fix at work, not the answer "no").
    #[serde(default)]
    pub says_unless: Vec<String>,
}

/// A part of the answer worth points.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Criterion {
    /// Unique within the question, e.g. `backing-array`.
    pub id: String,
    /// Points earned when the criterion is met.
    pub points: u32,
    /// What the candidate must show, in words for the report.
    pub description: String,
    /// The ideas that earn it, each with the wording candidates use.
    #[serde(default)]
    pub concepts: Vec<Concept>,
    /// Instead of concepts: earned when the candidate's final choice is this option.
    #[serde(default)]
    pub choice: Option<String>,
    /// Earned only when the candidate's final choice is this option: reasoning that explains
    /// the right answer does not count for a wrong one. A criterion that requires a wrong option
    /// credits sound reasoning behind a weaker choice; it is outside the points' sum, and the
    /// option's `when-choice` cap bounds it.
    #[serde(default)]
    pub requires_choice: Option<String>,
    /// Earned only when these criteria are earned too: the mechanism of a fix counts only
    /// with the fix ("index on (created_at, id)" only with keyset pagination).
    #[serde(default)]
    pub requires: Vec<String>,
    /// How many of the concepts must appear (default 1).
    #[serde(default = "one")]
    pub need: usize,
    /// In how many different sentences they must appear (default 1), e.g. two metrics with
    /// targets.
    #[serde(default = "one")]
    pub times: usize,
    /// In how many different sentences it earns full credit (default `times`); fewer earn a
    /// share: one checked AI suggestion is not three.
    #[serde(default)]
    pub full_at: Option<usize>,
}

fn one() -> usize {
    1
}

/// One idea and its vocabulary.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Concept {
    /// The idea, for the report.
    pub name: String,
    /// Patterns; any one asserted in a sentence earns the concept (see `rubrics/README.md`).
    pub any: Vec<String>,
}

/// A wrong idea, and what it costs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Misconception {
    /// Unique within the question.
    pub id: String,
    /// The wrong idea, for the report.
    pub description: String,
    /// Patterns that state it.
    #[serde(default)]
    pub any: Vec<String>,
    /// A sentence that also matches one of these does not state the misconception (e.g. "every
    /// user is remapped" is right about modulo hashing).
    #[serde(default)]
    pub unless: Vec<String>,
    /// Or: the candidate's final choice is this (wrong) option.
    #[serde(default)]
    pub when_choice: Option<String>,
    /// The question scores at most this many points when the misconception is present.
    #[serde(default)]
    pub cap: Option<u32>,
    /// Criteria that earn nothing when the misconception is present.
    #[serde(default)]
    pub removes: Vec<String>,
    /// The answer does not hold the misconception when it meets one of these criteria: "add an
    /// index on created_at" is the wrong fix alone and the right detail beside keyset paging.
    #[serde(default)]
    pub unless_met: Vec<String>,
    /// The misconception counts only beside these criteria: a wrong claim next to the right
    /// fix ("copy the bytes; also set data = nil") is a lesser error than the wrong fix alone.
    #[serde(default)]
    pub if_met: Vec<String>,
    /// Code lines can assert it: the candidate's own query (`WHERE id > $1 ORDER BY id`) is
    /// their claim, unless the block is shown as what not to do.
    #[serde(default)]
    pub in_code: bool,
    /// The fact that corrects it, for the report.
    pub correction: String,
}

/// An answer with its human score.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CalibrationExample {
    /// Unique within the question, e.g. `seed-004` or `confident-but-wrong`.
    pub label: String,
    /// The answer text (markdown).
    pub answer: String,
    /// The score a careful human gives it.
    pub expected: f64,
    /// Why: which criteria it meets, which misconception it shows.
    pub why: String,
    /// Allowed distance between the grader and `expected` (default: 15% of the points, at least 1).
    #[serde(default)]
    pub tolerance: Option<f64>,
}

/// `rubrics/reflection.yaml` as written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ReflectionRubricFile {
    /// Always 1 for this build.
    pub format_version: u32,
    /// Title of the blank REFLECTION.md.
    pub title: String,
    /// Instructions printed at the top of the blank REFLECTION.md.
    #[serde(default)]
    pub instructions: Option<String>,
    /// The sections, in the order the candidate writes them.
    pub sections: Vec<ReflectionSection>,
}

/// One section of the reflection and how it is scored.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ReflectionSection {
    /// Unique id, used by overrides: `trade-offs`.
    pub id: String,
    /// The heading the blank sheet uses: `Trade-offs`.
    pub heading: String,
    /// Other headings that mean this section: `Tradeoffs`, `Decisions`.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// What the candidate should write about.
    pub prompt: String,
    /// What the section is worth.
    pub points: u32,
    /// Credit needs a specific (a number, a named kata or type, code, a test): without one the
    /// section earns at most a quarter of its points, and a very short one nothing.
    #[serde(default)]
    pub needs_specifics: bool,
    /// Items the section lists, each of which should meet another criterion (every metric with
    /// its target): the share that do bounds the section's score.
    #[serde(default)]
    pub each: Option<EachItem>,
    /// What earns points. Their points add up to `points`.
    pub criteria: Vec<Criterion>,
    /// Wrong ideas that cap the score or remove credit.
    #[serde(default)]
    pub misconceptions: Vec<Misconception>,
    /// Section texts with their human score.
    #[serde(default)]
    pub calibration: Vec<CalibrationExample>,
}

/// "The metrics you would track, each with a target": the items a section lists (sentences
/// meeting `item`'s concepts) and what each needs (`needs`'s concepts in the same sentence).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EachItem {
    /// The criterion whose concepts name an item: `metrics-named`.
    pub item: String,
    /// The criterion each item should also meet: `targets`.
    pub needs: String,
    /// The share of the section's points kept when none of three or more items meets it; the
    /// cap rises in step with the share that do, and goes when all do.
    pub floor: f64,
}

// ---------------------------------------------------------------------------------------------
// Compiled forms.

/// The rubrics of the written questions, in question order.
#[derive(Debug, Clone)]
pub struct QuestionSet {
    /// Q1 first.
    pub questions: Vec<Question>,
}

impl QuestionSet {
    /// Total points.
    pub fn max_score(&self) -> f64 {
        self.questions.iter().map(|q| q.scheme.points).sum()
    }

    /// The question with this id (`Q3`, case-insensitive).
    pub fn get(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.rubric.id.eq_ignore_ascii_case(id))
    }
}

/// A loaded question rubric.
#[derive(Debug, Clone)]
pub struct Question {
    /// The rubric as written.
    pub rubric: QuestionRubric,
    /// Where it was read from.
    pub path: PathBuf,
    /// The number in its id (`Q3` -> 3).
    pub number: usize,
    pub(crate) scheme: Scheme,
}

/// The loaded reflection rubric.
#[derive(Debug, Clone)]
pub struct ReflectionRubric {
    /// The rubric as written.
    pub file: ReflectionRubricFile,
    /// Where it was read from.
    pub path: PathBuf,
    pub(crate) schemes: Vec<Scheme>,
}

impl ReflectionRubric {
    /// Total points.
    pub fn max_score(&self) -> f64 {
        self.schemes.iter().map(|s| s.points).sum()
    }
}

/// What grading needs from a rubric, with patterns compiled.
#[derive(Debug, Clone)]
pub(crate) struct Scheme {
    pub points: f64,
    pub criteria: Vec<CompiledCriterion>,
    pub misconceptions: Vec<CompiledMisconception>,
    pub choice: Option<CompiledChoice>,
}

impl Scheme {
    /// Whether a criterion credits the reasoning behind a wrong option: not missed by an answer
    /// that chose otherwise.
    pub fn behind_wrong_option(&self, c: &CompiledCriterion) -> bool {
        wrong_option_required(c.requires_choice.as_ref(), self.choice.as_ref()).is_some()
    }
}

/// The option a criterion requires when it is not the correct one: reasoning credited behind a
/// weaker choice.
fn wrong_option_required<'a>(requires: Option<&'a String>, choice: Option<&CompiledChoice>) -> Option<&'a String> {
    requires.filter(|option| choice.is_some_and(|c| **option != c.correct))
}

#[derive(Debug, Clone)]
pub(crate) struct CompiledCriterion {
    pub id: String,
    pub points: f64,
    pub description: String,
    pub concepts: Vec<CompiledConcept>,
    pub choice: Option<String>,
    pub requires_choice: Option<String>,
    pub requires: Vec<String>,
    pub need: usize,
    pub times: usize,
    pub full_at: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct CompiledConcept {
    pub name: String,
    pub patterns: Vec<Pattern>,
}

#[derive(Debug, Clone)]
pub(crate) struct CompiledMisconception {
    pub id: String,
    pub description: String,
    pub patterns: Vec<Pattern>,
    pub unless: Vec<Pattern>,
    pub when_choice: Option<String>,
    pub cap: Option<f64>,
    pub removes: Vec<String>,
    pub unless_met: Vec<String>,
    pub if_met: Vec<String>,
    pub in_code: bool,
    pub correction: String,
}

#[derive(Debug, Clone)]
pub(crate) struct CompiledChoice {
    pub correct: String,
    pub options: Vec<CompiledOption>,
    /// Cue patterns and their strength (3 = "final answer", 2 = "choose", 1 = "is").
    pub cues: Vec<(Pattern, u8)>,
}

#[derive(Debug, Clone)]
pub(crate) struct CompiledOption {
    pub id: String,
    pub names: Vec<Pattern>,
    pub says: Vec<Pattern>,
    /// Lower-cased words that, right after a bare name, mean it is not the option.
    pub not_before: Vec<String>,
    /// Lower-cased words that, right before a bare name, mean it is not the option.
    pub not_after: Vec<String>,
    /// A sentence matching one of these does not choose the option by its `says`.
    pub says_unless: Vec<Pattern>,
}

impl CompiledOption {
    /// Does the sentence mention the option at all, by a name or a statement?
    pub fn mentioned_in(&self, s: &super::text::Sentence) -> bool {
        self.names.iter().chain(&self.says).any(|p| !p.find_all(s).is_empty())
    }

    /// Is the name at tokens `start..=end` part of another noun ("the stack frame", "their own
    /// stacks", "the committed 9")? Then it names no pick.
    pub fn part_of_noun(&self, s: &super::text::Sentence, start: usize, end: usize) -> bool {
        let after = |i: usize| self.not_after.contains(&s.tokens[i].lower);
        // "leaves the stack": past an article, as right before the name.
        let article = start > 1 && matches!(s.tokens[start - 1].lower.as_str(), "the" | "its" | "their");
        // "A B-Tree index": the next word may be a hyphenated compound, read whole.
        let next_compound = s.tokens.get(end + 1).map(|t| {
            let mut word = t.lower.clone();
            for joined in s.tokens[end + 2..].iter().take_while(|j| j.hyphen) {
                word.push('-');
                word.push_str(&joined.lower);
            }
            word
        });
        s.tokens.get(end + 1).is_some_and(|t| self.not_before.contains(&t.lower))
            || next_compound.is_some_and(|w| self.not_before.contains(&w))
            || start > 0 && after(start - 1)
            || article && after(start - 2)
    }
}

/// Words that mark a statement as the candidate's answer, with their strength.
const DEFAULT_CUES: &[(&str, u8)] = &[
    ("final|finally|answer|ultimately|conclusion|correct|definitely|tldr|summary|actually|decision|verdict", 3),
    ("in short", 3),
    ("short answer", 3),
    ("result|outcome|total", 2),
    // "recomputes stock - 1 on 9 → 8": the end of a derivation.
    ("\u{2192}", 2),
    ("choose|chose|chosen|choice|pick|picked|prefer|preferred|recommend|recommended|select|selected|opt", 2),
    ("go with", 2),
    ("confirm|confirms|confirmed", 2),
    ("went with", 2),
    ("end up|ends|ended", 2),
    ("better|best|faster|right|winner|wins", 2),
    // "Of the three, `FOR SHARE`: ...": the one picked from the options.
    ("of the three", 3),
    ("among the three", 3),
    ("use|using|would use", 2),
    ("is|are|be|becomes|become|it's|equals|=|remains|stays|left|leaves|gives|get|gets", 1),
    ("write|writes|wrote|written|set|sets|making|makes|leaving|reaches", 1),
];

// ---------------------------------------------------------------------------------------------
// Loading and validation.

/// Where things are in a YAML file, found by searching its text (serde keeps no spans).
pub(crate) struct Locator<'a> {
    text: &'a str,
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Self {
        Locator { text }
    }

    /// The 1-based line of the first line containing `anchors[0]`, then the first line after
    /// it containing `anchors[1]`, and so on; the last anchor found wins (0 if none).
    pub fn line(&self, anchors: &[&str]) -> usize {
        let lines: Vec<&str> = self.text.lines().collect();
        let mut at = 0usize;
        let mut found = 0usize;
        for anchor in anchors {
            match lines.iter().enumerate().skip(at).find(|(_, l)| l.contains(anchor)) {
                Some((i, _)) => {
                    at = i;
                    found = i + 1;
                }
                None => break,
            }
        }
        found
    }
}

/// Collects problems with one rubric file.
pub(crate) struct Problems<'a> {
    pub path: &'a Path,
    pub at: Locator<'a>,
    pub list: Vec<DefinitionError>,
}

impl<'a> Problems<'a> {
    pub fn new(path: &'a Path, text: &'a str) -> Self {
        Problems { path, at: Locator::new(text), list: Vec::new() }
    }

    pub fn add(&mut self, anchors: &[&str], message: impl Into<String>) {
        let line = self.at.line(anchors);
        self.list.push(DefinitionError::at(self.path, line, if line > 0 { 1 } else { 0 }, message));
    }
}

pub(crate) fn check_format_version(version: u32, problems: &mut Problems) {
    if version > FORMAT_VERSION {
        problems.add(
            &["format-version"],
            format!(
                "format-version {version} is newer than this kata build understands ({FORMAT_VERSION}); \
                 upgrade kata or rewrite the file for format-version {FORMAT_VERSION}"
            ),
        );
    } else if version < 1 {
        problems.add(&["format-version"], format!("format-version must be {FORMAT_VERSION}"));
    }
}

/// Parses and validates one question rubric; returns it only when it has no problems.
pub(crate) fn load_question(path: &Path) -> Result<Question, Vec<DefinitionError>> {
    let text = crate::util::fs::read_text(path).map_err(|e| vec![e])?;
    let rubric: QuestionRubric = crate::content::yaml::parse(&text, path).map_err(|e| vec![e])?;
    let mut problems = Problems::new(path, &text);
    check_format_version(rubric.format_version, &mut problems);
    let number = question_number(&rubric.id);
    if number.is_none() {
        problems.add(&["id:"], format!("id {:?} must be Q followed by a number, e.g. Q3", rubric.id));
    }
    for (field, value) in
        [("title", &rubric.title), ("question", &rubric.question), ("model-answer", &rubric.model_answer)]
    {
        if value.trim().is_empty() {
            problems.add(&[&format!("{field}:")], format!("`{field}` is empty; write it"));
        }
    }
    if rubric.competencies.is_empty() {
        problems.add(&["competencies"], "`competencies` is empty; list what the question tests");
    }
    let scheme = compile_scheme(
        rubric.points,
        &rubric.criteria,
        &rubric.misconceptions,
        rubric.choice.as_ref(),
        &[],
        &mut problems,
    );
    check_calibration(&rubric.calibration, rubric.points, &[], &mut problems);
    if !problems.list.is_empty() {
        return Err(problems.list);
    }
    Ok(Question { rubric, path: path.to_path_buf(), number: number.unwrap_or(0), scheme })
}

/// Parses and validates the reflection rubric.
pub(crate) fn load_reflection(path: &Path) -> Result<ReflectionRubric, Vec<DefinitionError>> {
    let text = crate::util::fs::read_text(path).map_err(|e| vec![e])?;
    let file: ReflectionRubricFile = crate::content::yaml::parse(&text, path).map_err(|e| vec![e])?;
    let mut problems = Problems::new(path, &text);
    check_format_version(file.format_version, &mut problems);
    if file.sections.is_empty() {
        problems.add(&["sections"], "`sections` is empty; list the reflection's sections");
    }
    let mut ids = HashSet::new();
    let mut schemes = Vec::new();
    for section in &file.sections {
        let anchor = format!("id: {}", section.id);
        if !ids.insert(section.id.clone()) {
            problems.add(&[&anchor], format!("section id {:?} is used twice; ids must be unique", section.id));
        }
        if section.heading.trim().is_empty() {
            problems.add(&[&anchor, "heading"], format!("section {:?} has an empty heading", section.id));
        }
        let scheme =
            compile_scheme(section.points, &section.criteria, &section.misconceptions, None, &[&anchor], &mut problems);
        if let Some(each) = &section.each {
            for id in [&each.item, &each.needs] {
                if !section.criteria.iter().any(|c| &c.id == id) {
                    problems.add(
                        &[&anchor, "each:"],
                        format!("`each` names {id:?}, which is no criterion of section {:?}", section.id),
                    );
                }
            }
            if !(0.0..1.0).contains(&each.floor) {
                problems
                    .add(&[&anchor, "each:"], "`each.floor` must be at least 0 and below 1 (a share of the points)");
            }
        }
        check_calibration(&section.calibration, section.points, &[&anchor], &mut problems);
        schemes.push(scheme);
    }
    if !problems.list.is_empty() {
        return Err(problems.list);
    }
    Ok(ReflectionRubric { file, path: path.to_path_buf(), schemes })
}

/// `Q3` -> 3.
pub(crate) fn question_number(id: &str) -> Option<usize> {
    let digits = id.strip_prefix('Q')?;
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) || digits.starts_with('0') {
        return None;
    }
    digits.parse().ok()
}

fn compile_patterns(list: &[String], anchors: &[&str], what: &str, problems: &mut Problems) -> Vec<Pattern> {
    let mut out = Vec::new();
    if list.is_empty() {
        problems.add(anchors, format!("{what} has no patterns; add at least one under `any:`"));
    }
    for source in list {
        match Pattern::compile(source) {
            Ok(p) => out.push(p),
            Err(message) => {
                let mut at: Vec<&str> = anchors.to_vec();
                at.push(source.as_str());
                problems.add(&at, format!("{what}: {message}"));
            }
        }
    }
    out
}

fn compile_scheme(
    points: u32,
    criteria: &[Criterion],
    misconceptions: &[Misconception],
    choice: Option<&Choice>,
    base: &[&str],
    problems: &mut Problems,
) -> Scheme {
    let with = |extra: &str| -> Vec<String> {
        let mut v: Vec<String> = base.iter().map(|s| s.to_string()).collect();
        v.push(extra.to_string());
        v
    };
    if points == 0 {
        let a = with("points:");
        problems.add(&a.iter().map(String::as_str).collect::<Vec<_>>(), "`points` must be more than 0");
    }
    // The choice first: criteria and misconceptions refer to its options.
    let compiled_choice = choice.map(|c| {
        let anchor = with("choice:");
        let anchor: Vec<&str> = anchor.iter().map(String::as_str).collect();
        let mut ids = HashSet::new();
        let mut options = Vec::new();
        for option in &c.options {
            if !ids.insert(option.id.clone()) {
                problems.add(&anchor, format!("choice option {:?} is listed twice", option.id));
            }
            let mut at = anchor.clone();
            let id_anchor = format!("id: {}", option.id);
            at.push(&id_anchor);
            if option.names.is_empty() && option.says.is_empty() {
                problems.add(
                    &at,
                    format!("choice option {:?} has neither `names` nor `says`; add how candidates name it", option.id),
                );
            }
            let names = option.names.iter().filter_map(|s| compile_one(s, &at, problems)).collect();
            let says = option.says.iter().filter_map(|s| compile_one(s, &at, problems)).collect();
            let not_before = option.not_before.iter().map(|w| w.to_lowercase()).collect();
            let not_after = option.not_after.iter().map(|w| w.to_lowercase()).collect();
            let says_unless = option.says_unless.iter().filter_map(|s| compile_one(s, &at, problems)).collect();
            options.push(CompiledOption { id: option.id.clone(), names, says, not_before, not_after, says_unless });
        }
        if !ids.contains(&c.correct) {
            problems
                .add(&anchor, format!("choice `correct: {}` is not one of the options ({})", c.correct, join(&ids)));
        }
        let mut cues: Vec<(Pattern, u8)> = DEFAULT_CUES
            .iter()
            .map(|(p, s)| (Pattern::compile(p).expect("built-in cue patterns compile"), *s))
            .collect();
        for cue in &c.cues {
            if let Some(p) = compile_one(cue, &anchor, problems) {
                cues.push((p, 2));
            }
        }
        CompiledChoice { correct: c.correct.clone(), options, cues }
    });
    let option_ids: HashSet<String> =
        compiled_choice.iter().flat_map(|c| c.options.iter().map(|o| o.id.clone())).collect();

    let mut ids = HashSet::new();
    let mut sum = 0u32;
    let mut compiled = Vec::new();
    if criteria.is_empty() {
        let a = with("criteria");
        problems.add(&a.iter().map(String::as_str).collect::<Vec<_>>(), "`criteria` is empty; list what earns points");
    }
    for criterion in criteria {
        let anchor_s = with(&format!("id: {}", criterion.id));
        let anchor: Vec<&str> = anchor_s.iter().map(String::as_str).collect();
        if !ids.insert(criterion.id.clone()) {
            problems.add(&anchor, format!("criterion id {:?} is used twice; ids must be unique", criterion.id));
        }
        if criterion.points == 0 {
            problems
                .add(&anchor, format!("criterion {:?} is worth 0 points; give it points or remove it", criterion.id));
        }
        // Reasoning credited behind a weaker option is bounded by that option's cap, not part
        // of the full answer's points.
        if wrong_option_required(criterion.requires_choice.as_ref(), compiled_choice.as_ref()).is_none() {
            sum += criterion.points;
        }
        match (&criterion.choice, criterion.concepts.is_empty()) {
            (Some(_), false) => problems.add(
                &anchor,
                format!("criterion {:?} has both `choice` and `concepts`; split it into two criteria", criterion.id),
            ),
            (None, true) => problems.add(
                &anchor,
                format!("criterion {:?} has neither `concepts` nor `choice`; say what earns it", criterion.id),
            ),
            (Some(option), true) if !option_ids.contains(option) => problems.add(
                &anchor,
                format!(
                    "criterion {:?} awards choice {option:?}, which is not a choice option ({})",
                    criterion.id,
                    join(&option_ids)
                ),
            ),
            _ => {}
        }
        if let Some(option) = &criterion.requires_choice {
            if !option_ids.contains(option) {
                problems.add(
                    &anchor,
                    format!(
                        "criterion {:?}: `requires-choice: {option}` is not a choice option ({})",
                        criterion.id,
                        join(&option_ids)
                    ),
                );
            }
        }
        if criterion.need == 0 || (!criterion.concepts.is_empty() && criterion.need > criterion.concepts.len()) {
            problems.add(
                &anchor,
                format!(
                    "criterion {:?}: `need: {}` must be between 1 and its number of concepts ({})",
                    criterion.id,
                    criterion.need,
                    criterion.concepts.len()
                ),
            );
        }
        if criterion.times == 0 {
            problems.add(&anchor, format!("criterion {:?}: `times` must be at least 1", criterion.id));
        }
        if criterion.full_at.is_some_and(|n| n < criterion.times.max(1)) {
            problems.add(
                &anchor,
                format!("criterion {:?}: `full-at` must be at least `times` ({})", criterion.id, criterion.times),
            );
        }
        let concepts = criterion
            .concepts
            .iter()
            .map(|concept| {
                let mut at = anchor.clone();
                let name_anchor = format!("name: {}", concept.name);
                at.push(&name_anchor);
                CompiledConcept {
                    name: concept.name.clone(),
                    patterns: compile_patterns(&concept.any, &at, &format!("concept {:?}", concept.name), problems),
                }
            })
            .collect();
        compiled.push(CompiledCriterion {
            id: criterion.id.clone(),
            points: criterion.points as f64,
            description: criterion.description.clone(),
            concepts,
            choice: criterion.choice.clone(),
            requires_choice: criterion.requires_choice.clone(),
            requires: criterion.requires.clone(),
            need: criterion.need.max(1),
            times: criterion.times.max(1),
            full_at: criterion.full_at.unwrap_or(criterion.times).max(criterion.times).max(1),
        });
    }
    for criterion in criteria {
        for r in &criterion.requires {
            if !ids.contains(r) || r == &criterion.id {
                let a = with(&format!("id: {}", criterion.id));
                problems.add(
                    &a.iter().map(String::as_str).collect::<Vec<_>>(),
                    format!(
                        "criterion {:?} requires {r:?}, which is not another criterion of this rubric ({})",
                        criterion.id,
                        join(&ids)
                    ),
                );
            }
        }
    }
    if !criteria.is_empty() && sum != points {
        let a = with("criteria");
        problems.add(
            &a.iter().map(String::as_str).collect::<Vec<_>>(),
            format!(
                "criterion points add up to {sum} but `points` is {points}; make them agree \
                 (criteria: {})",
                criteria.iter().map(|c| format!("{} {}", c.id, c.points)).collect::<Vec<_>>().join(", ")
            ),
        );
    }
    if let Some(choice) = &compiled_choice {
        if !compiled.iter().any(|c| c.choice.as_deref() == Some(choice.correct.as_str())) {
            let a = with("choice:");
            problems.add(
                &a.iter().map(String::as_str).collect::<Vec<_>>(),
                format!(
                    "no criterion awards the correct choice {:?}; add one with `choice: {}`",
                    choice.correct, choice.correct
                ),
            );
        }
    }

    let mut mids = HashSet::new();
    let mut compiled_m = Vec::new();
    for m in misconceptions {
        let anchor_s = with(&format!("id: {}", m.id));
        let anchor: Vec<&str> = anchor_s.iter().map(String::as_str).collect();
        if !mids.insert(m.id.clone()) {
            problems.add(&anchor, format!("misconception id {:?} is used twice", m.id));
        }
        if m.any.is_empty() == m.when_choice.is_none() {
            problems.add(
                &anchor,
                format!("misconception {:?} needs exactly one of `any` (patterns) or `when-choice`", m.id),
            );
        }
        if let Some(option) = &m.when_choice {
            if !option_ids.contains(option) {
                problems.add(
                    &anchor,
                    format!(
                        "misconception {:?}: `when-choice: {option}` is not a choice option ({})",
                        m.id,
                        join(&option_ids)
                    ),
                );
            } else if compiled_choice.as_ref().is_some_and(|c| &c.correct == option) {
                problems
                    .add(&anchor, format!("misconception {:?}: `when-choice: {option}` is the correct option", m.id));
            }
        }
        if m.cap.is_none() && m.removes.is_empty() {
            problems.add(&anchor, format!("misconception {:?} has no effect; give it `cap` or `removes`", m.id));
        }
        if let Some(cap) = m.cap {
            if cap >= points {
                problems.add(
                    &anchor,
                    format!("misconception {:?}: `cap: {cap}` must be below the question's {points} points", m.id),
                );
            }
        }
        for r in &m.removes {
            if !ids.contains(r) {
                problems.add(
                    &anchor,
                    format!("misconception {:?} removes {r:?}, which is not a criterion id ({})", m.id, join(&ids)),
                );
            }
        }
        for (key, list) in [("unless-met", &m.unless_met), ("if-met", &m.if_met)] {
            for r in list {
                if !ids.contains(r) {
                    problems.add(
                        &anchor,
                        format!("misconception {:?}: `{key}: {r}` is not a criterion id ({})", m.id, join(&ids)),
                    );
                }
            }
        }
        let patterns = if m.any.is_empty() {
            Vec::new()
        } else {
            compile_patterns(&m.any, &anchor, &format!("misconception {:?}", m.id), problems)
        };
        let unless = m.unless.iter().filter_map(|u| compile_one(u, &anchor, problems)).collect();
        compiled_m.push(CompiledMisconception {
            id: m.id.clone(),
            description: m.description.clone(),
            patterns,
            unless,
            when_choice: m.when_choice.clone(),
            cap: m.cap.map(f64::from),
            removes: m.removes.clone(),
            unless_met: m.unless_met.clone(),
            if_met: m.if_met.clone(),
            in_code: m.in_code,
            correction: m.correction.clone(),
        });
    }
    for c in &compiled {
        let Some(option) = wrong_option_required(c.requires_choice.as_ref(), compiled_choice.as_ref()) else {
            continue;
        };
        if !compiled_m.iter().any(|m| m.when_choice.as_ref() == Some(option) && m.cap.is_some()) {
            let a = with(&format!("id: {}", c.id));
            problems.add(
                &a.iter().map(String::as_str).collect::<Vec<_>>(),
                format!(
                    "criterion {:?} credits reasoning behind the wrong option {option:?}, which no \
                     `when-choice: {option}` misconception caps; add one with a `cap`",
                    c.id
                ),
            );
        }
    }
    Scheme { points: points as f64, criteria: compiled, misconceptions: compiled_m, choice: compiled_choice }
}

fn compile_one(source: &str, anchors: &[&str], problems: &mut Problems) -> Option<Pattern> {
    match Pattern::compile(source) {
        Ok(p) => Some(p),
        Err(message) => {
            let mut at = anchors.to_vec();
            at.push(source);
            problems.add(&at, message);
            None
        }
    }
}

fn check_calibration(examples: &[CalibrationExample], points: u32, base: &[&str], problems: &mut Problems) {
    let mut labels = HashSet::new();
    for example in examples {
        let anchor = format!("label: {}", example.label);
        let mut at = base.to_vec();
        at.push(&anchor);
        if !labels.insert(example.label.clone()) {
            problems.add(&at, format!("calibration label {:?} is used twice", example.label));
        }
        if !(0.0..=points as f64).contains(&example.expected) {
            problems.add(
                &at,
                format!(
                    "calibration {:?}: `expected: {}` must be between 0 and {points}",
                    example.label, example.expected
                ),
            );
        }
        if example.why.trim().is_empty() {
            problems.add(&at, format!("calibration {:?}: `why` is empty; explain the score", example.label));
        }
    }
}

fn join(ids: &HashSet<String>) -> String {
    let mut v: Vec<&String> = ids.iter().collect();
    v.sort();
    v.into_iter().cloned().collect::<Vec<_>>().join(", ")
}
