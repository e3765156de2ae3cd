//! Scoring one answer (or one reflection section) against its rubric, with evidence.
//!
//! 1. Every criterion's concepts are looked for sentence by sentence. A match earns only when
//!    it is asserted: not negated, not someone else's claim, not in a question. Credit from a
//!    terse list of terms ("pool, batching, Kafka") earns 40% and is flagged; a dump of terms
//!    (six items or more, or ten words with hardly a function word) earns nothing.
//! 2. For questions with one right option, the candidate's final choice is resolved: a choice
//!    in a clause demoted by "but"/"although" or in a hypothetical loses to a plain one; a
//!    "final answer" cue or an opening "B." beats a plain "is". Two different choices of equal
//!    weight earn nothing and are flagged.
//! 3. Criteria may require the right choice or another criterion (the mechanism of a fix
//!    counts only with the fix).
//! 4. Misconceptions cap the score or remove criteria, when asserted: not in a code block, a
//!    quotation, the condition of an `if`, or the reason for rejecting an option (those are
//!    flagged instead). A hedged list of options ("could be A, or B, or maybe C") earns 40% of
//!    the points at most.
//! 5. An answer whose credit comes mostly from lists *and* that contradicts itself or reaches
//!    for other questions' vocabulary is keyword stuffing: it scores 0, flagged.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::pattern::{Match, Pattern};
use super::rubric::{CompiledChoice, CompiledCriterion, Scheme};
use super::sheet::retracts;
use super::text::{Break, ListLevel, Sentence, Token};
use crate::results::written::{round, ChoiceFound, Evidence, MisconceptionFound, MissedCriterion};

/// How many words may separate a choice cue from the option's name.
const CUE_DISTANCE: usize = 4;

/// Credit kept for a criterion met only inside a terse list of terms.
const LIST_CREDIT: f64 = 0.4;

/// Credit kept for reasoning that backs an option the candidate never settled on.
const HEDGED_REASONING: f64 = 0.5;

/// The outcome of grading one answer.
#[derive(Debug, Clone)]
pub(crate) struct Graded {
    pub score: f64,
    pub evidence: Vec<Evidence>,
    pub missed: Vec<MissedCriterion>,
    pub misconceptions: Vec<MisconceptionFound>,
    pub choice: Option<ChoiceFound>,
    pub review: Vec<String>,
    pub summary: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hit {
    Asserted,
    Negated,
    Unasserted,
}

/// `strict`: also count "avoid"/"prevent" as negation (for misconceptions).
fn classify(s: &Sentence, m: &Match, strict: bool) -> Hit {
    let negated = if strict { s.denied(&m.slots) } else { s.negated(&m.slots) };
    if negated {
        Hit::Negated
    } else if s.unasserted(&m.slots) {
        Hit::Unasserted
    } else {
        Hit::Asserted
    }
}

/// Where a set of patterns is asserted, and where it only appears negated or dumped.
#[derive(Default)]
struct Found {
    /// (sentence, inside a terse list) for sentences with an asserted match, in order.
    asserted: Vec<(usize, bool)>,
    /// First sentence where it appears only negated or attributed.
    denied: Option<(usize, Hit)>,
    /// First sentence where it appears only inside a dump of terms.
    dumped: Option<usize>,
    /// Misconceptions: the first sentence where the words appear but are not the candidate's
    /// assertion (a code block, a quotation, a condition, the reason for rejecting an option).
    suppressed: Option<(usize, &'static str)>,
}

/// Why a misconception's words in a sentence are not the candidate's claim, if they are not.
fn not_a_claim(s: &Sentence, m: &Match, in_code: bool) -> Option<&'static str> {
    // A line that is all inline code ("`select { ... default: /* data lost */ }`") is a code
    // example set in the prose, as much as a fenced block is.
    let all_code = !s.tokens.is_empty() && s.tokens.iter().all(|t| t.code);
    if (s.code || all_code) && !in_code && !commented_claim(&s.text) {
        Some("a code block")
    } else if s.table {
        Some("a comparison table")
    } else if s.quoted(&m.slots) {
        Some("a quotation")
    } else if s.conditional(&m.slots) {
        Some("a condition (`if ...`)")
    } else if crate::written::text::opens_supposition(&s.tokens) {
        Some("a supposition (`suppose ...`)")
    } else if s.rejection_reason(&m.slots) {
        Some("the reason for rejecting an option")
    } else if s.ruled_out {
        Some("a line of what the candidate rules out")
    } else if s.lists_weighed_options() {
        Some("a list of the options")
    } else {
        None
    }
}

/// Does a line of code carry a trailing comment that says what the line does ("data = nil //
/// frees the 1 GB right here")? The comment makes the code the candidate's claim, unless it
/// warns against the line ("// does nothing").
fn commented_claim(line: &str) -> bool {
    let Some(at) = [" // ", " -- ", " # "].iter().filter_map(|m| line.find(m).map(|i| i + m.len())).min() else {
        return false;
    };
    let (code, comment) = (line[..at].trim(), line[at..].to_lowercase());
    let words: Vec<&str> = comment
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    // "don't need FOR UPDATE anymore" asserts; "don't do this" warns.
    const WARNINGS: &[&str] = &[
        "not",
        "no",
        "nothing",
        "never",
        "wrong",
        "bad",
        "bug",
        "buggy",
        "useless",
        "pointless",
        "placebo",
        "doesn't",
        "won't",
        "isn't",
        "can't",
        "cannot",
        "avoid",
        "broken",
        "myth",
        "instead",
        "only",
        "if",
        "unless",
    ];
    let warns =
        words.iter().any(|w| WARNINGS.contains(w)) || comment.contains("don't do") || comment.contains("don't use");
    code.chars().any(char::is_alphanumeric) && words.len() >= 3 && !warns
}

/// A table whose header names the fixes it weighs ("| Option | Cost | Benefit |", "| Fix | R |
/// I | C | E | RICE |") lists candidates for the answer, the wrong ones beside the right: its
/// rows earn a list's credit, and what the candidate says outside it earns the rest. (In a
/// question with options to choose from, such a table explains the options; the choice is
/// resolved apart.)
fn mark_weighed_tables(sentences: &mut [Sentence]) {
    const ROWS: &[&str] = &[
        "option",
        "options",
        "fix",
        "fixes",
        "approach",
        "approaches",
        "alternative",
        "alternatives",
        "candidate",
        "candidates",
        "choice",
        "choices",
        "idea",
        "ideas",
        "solution",
        "solutions",
        "remedy",
        "remedies",
        "proposal",
        "proposals",
        "strategy",
        "strategies",
        "criterion",
        "criteria",
        "contender",
        "contenders",
    ];
    const SCORES: &[&str] =
        &["score", "scores", "net", "rice", "total", "rank", "weighted", "votes", "odds", "likelihood", "probability"];
    let mut i = 0;
    while i < sentences.len() {
        if !sentences[i].table {
            i += 1;
            continue;
        }
        let end = (i..sentences.len()).find(|&k| !sentences[k].table).unwrap_or(sentences.len());
        let header = &sentences[i].tokens;
        let weighs = header.first().is_some_and(|t| ROWS.contains(&t.lower.as_str()))
            || sentences[i..end].iter().any(|s| s.tokens.iter().any(|t| SCORES.contains(&t.lower.as_str())));
        if weighs && end - i >= 3 {
            for s in &mut sentences[i..end] {
                s.mark_weighed();
            }
        }
        i = end;
    }
}

/// Does one of the two sentences after `i` refute what it says: "so it's not that", "that's
/// not it", "but that isn't the cause", "that's a myth"?
fn refuted_next(sentences: &[Sentence], i: usize) -> bool {
    sentences.iter().skip(i + 1).take(2).filter(|s| !s.code).any(|s| {
        // "Revised interpretation: that token bucket is a fixed window in disguise": the first
        // reading is taken back.
        let lower = s.text.trim_start_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        if retracts(&s.text) || ["revised", "revision"].iter().any(|w| lower.starts_with(w)) {
            return true;
        }
        // "That's imprecise.", "That was wrong": a verdict on the sentence before.
        if s.dismisses_previous() {
            return true;
        }
        let t = &s.tokens;
        // "`[SLOT 2 · quicksave]` No: the second UPDATE has to wait ...": a bare "no" opening
        // the next entry, past its label in code, answers the one before.
        let opening = t.iter().position(|x| !x.code);
        let answered_no = opening.is_some_and(|k| {
            matches!(t[k].lower.as_str(), "no" | "nope") && t.get(k + 1).is_none_or(|x| x.break_before != Break::None)
        });
        answered_no
            || (0..t.len()).any(|k| {
                let w = t[k].lower.as_str();
                let next = t.get(k + 1).map(|x| x.lower.as_str());
                let after = t.get(k + 2).map(|x| x.lower.as_str());
                matches!(w, "not" | "isn't" | "wasn't")
                    && (matches!(next, Some("that" | "it" | "this"))
                        && t.get(k + 2).is_none_or(|x| x.break_before != Break::None)
                        || next == Some("the")
                            && matches!(after, Some("cause" | "culprit" | "reason" | "problem" | "issue" | "leak")))
                    || w == "a" && next == Some("myth")
            })
    })
}

/// Does the sentence report the candidate's own earlier words ("I said ...", "Earlier I
/// wrote ...")?
fn reports_own_words(s: &Sentence) -> bool {
    let lower = s.text.trim_start_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    // Past a label: "Correction: I said ...".
    let lower = match lower.split_once(": ") {
        Some((label, rest)) if label.split_whitespace().count() <= 2 => rest,
        _ => lower.as_str(),
    };
    let lower = lower.strip_prefix("earlier ").or_else(|| lower.strip_prefix("before, ")).unwrap_or(lower);
    ["i said", "i wrote", "i claimed", "i answered", "i first said", "i had said", "i originally said"]
        .iter()
        .any(|w| lower.starts_with(w))
}

/// `strict` reads misconceptions: only the candidate's own claims count, and code only when
/// `in_code`.
fn find(patterns: &[Pattern], sentences: &[Sentence], strict: bool, in_code: bool, unless: &[Pattern]) -> Found {
    let mut found = Found::default();
    for (i, s) in sentences.iter().enumerate() {
        if unless.iter().any(|u| !u.find_all(s).is_empty()) {
            continue;
        }
        // "Changing `% 3` to `% 2` moves 2 of 3 keys. That means A's users also move": a
        // consequence drawn from the sentence before is about what that sentence names.
        let draws_on_previous = s.tokens.len() > 2
            && matches!(s.tokens[0].lower.as_str(), "that" | "this" | "which")
            && matches!(s.tokens[1].lower.as_str(), "means" | "implies");
        if draws_on_previous && i > 0 && unless.iter().any(|u| !u.find_all(&sentences[i - 1]).is_empty()) {
            continue;
        }
        // "Follow-up: "And under Repeatable Read?" Tx2 fails ... and must retry": the answer to
        // a question the candidate poses on the same line is about what that question names.
        // Only a question that opens its line is posed: after a statement ("B crashes. B's
        // users? ... Why better than % 3?"), the questions restate the one being answered.
        let line_start = sentences[..i].iter().rposition(|q| q.line != s.line).map_or(0, |k| k + 1);
        let opening_questions =
            sentences[line_start..i].iter().take_while(|q| q.question || q.tentative).collect::<Vec<_>>();
        let posed = opening_questions.iter().any(|q| unless.iter().any(|u| !u.find_all(q).is_empty()));
        if posed {
            continue;
        }
        // A misconception the candidate goes on to refute ("... an unclosed file. But ReadFile
        // closes it, so it's not that.") is not their claim.
        if strict && refuted_next(sentences, i) && patterns.iter().any(|p| !p.find_all(s).is_empty()) {
            found.suppressed.get_or_insert((i, "a view the candidate refutes right after"));
            continue;
        }
        // "I said the producer blocks. That's imprecise.": the candidate's own earlier words,
        // quoted to be taken back, earn nothing.
        if !strict && reports_own_words(s) && refuted_next(sentences, i) {
            continue;
        }
        // The best hit in this sentence: asserted prose, then asserted list, then the rest.
        let mut best: Option<(Hit, ListLevel)> = None;
        for p in patterns {
            for m in p.find_all(s) {
                if strict {
                    if let Some(why) = not_a_claim(s, &m, in_code) {
                        if classify(s, &m, strict) == Hit::Asserted {
                            found.suppressed.get_or_insert((i, why));
                        }
                        continue;
                    }
                }
                let hit = classify(s, &m, strict);
                let level = s.list_level(&m.slots);
                let rank = |h: Hit, l: ListLevel| match (h, l) {
                    (Hit::Asserted, ListLevel::Prose) => 0,
                    (Hit::Asserted, ListLevel::List) => 1,
                    (Hit::Asserted, ListLevel::Dump) => 2,
                    _ => 3,
                };
                if best.is_none_or(|(h, l)| rank(hit, level) < rank(h, l)) {
                    best = Some((hit, level));
                }
            }
        }
        match best {
            Some((Hit::Asserted, ListLevel::Dump)) => {
                found.dumped.get_or_insert(i);
            }
            Some((Hit::Asserted, level)) => found.asserted.push((i, level == ListLevel::List)),
            Some((other, _)) if found.denied.is_none() => found.denied = Some((i, other)),
            _ => {}
        }
    }
    found
}

/// The outcome for one criterion.
struct CriterionOutcome {
    /// Fraction of the points earned (1, LIST_CREDIT or 0, times the share of `full_at`).
    factor: f64,
    /// (concept, sentence) pairs cited.
    cited: Vec<(String, usize)>,
    /// Why the words were there but earned nothing: (what, sentence, how).
    denied: Option<(String, usize, Hit)>,
    /// The words appeared only inside a dump of terms (sentence).
    dumped: Option<usize>,
    /// Why `factor` was cut below the share of `full_at`, for the review.
    cut: Option<Cut>,
}

/// Why a criterion met in the answer earned less than its points.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Cut {
    /// Met only inside a terse list of terms.
    Listed,
    /// Reasoning for an option the candidate never settled on.
    Hedged,
}

impl CriterionOutcome {
    fn none() -> Self {
        CriterionOutcome { factor: 0.0, cited: Vec::new(), denied: None, dumped: None, cut: None }
    }
}

fn judge_criterion(c: &CompiledCriterion, sentences: &[Sentence]) -> CriterionOutcome {
    let found: Vec<(String, Found)> = c
        .concepts
        .iter()
        .map(|concept| (concept.name.clone(), find(&concept.patterns, sentences, false, false, &[])))
        .collect();
    let nothing_asserted = found.iter().all(|(_, f)| f.asserted.is_empty());
    let denied =
        found.iter().find_map(|(name, f)| f.denied.map(|(i, h)| (name.clone(), i, h))).filter(|_| nothing_asserted);
    let dumped = found.iter().find_map(|(_, f)| f.dumped).filter(|_| nothing_asserted);
    let attempt = |prose_only: bool| -> Option<Vec<(String, usize)>> {
        let met: Vec<(&String, Vec<usize>)> = found
            .iter()
            .map(|(name, f)| {
                // A table row turned down by its verdict cell ("| SKIP LOCKED | CUT |") offers
                // nothing the candidate keeps.
                let v: Vec<usize> = f
                    .asserted
                    .iter()
                    .filter(|(i, list)| {
                        let turned_down = sentences[*i].table && sentences[*i].ruled_out;
                        !(prose_only && *list || turned_down)
                    })
                    .map(|(i, _)| *i)
                    .collect();
                (name, v)
            })
            .filter(|(_, v)| !v.is_empty())
            .collect();
        if met.len() < c.need {
            return None;
        }
        let distinct: BTreeSet<usize> = met.iter().flat_map(|(_, v)| v.iter().copied()).collect();
        if distinct.len() < c.times {
            return None;
        }
        // Cite each concept's first sentence, then more sentences until `full_at` is reached.
        let mut cited: Vec<(String, usize)> = Vec::new();
        for (name, v) in &met {
            if !cited.iter().any(|(_, i)| *i == v[0]) {
                cited.push(((*name).clone(), v[0]));
            }
        }
        for (name, v) in &met {
            for &i in v {
                if cited.len() >= c.full_at {
                    break;
                }
                if !cited.iter().any(|(_, j)| *j == i) {
                    cited.push(((*name).clone(), i));
                }
            }
        }
        cited.sort_by_key(|(_, i)| *i);
        Some(cited)
    };
    // Full credit takes `full_at` different sentences (the cited ones are distinct, up to
    // `full_at` of them); fewer earn their share.
    let share = |cited: &[(String, usize)]| (cited.len() as f64 / c.full_at as f64).min(1.0);
    if let Some(cited) = attempt(true) {
        return CriterionOutcome { factor: share(&cited), cited, denied: None, dumped: None, cut: None };
    }
    if let Some(cited) = attempt(false) {
        return CriterionOutcome {
            factor: LIST_CREDIT * share(&cited),
            cited,
            denied: None,
            dumped: None,
            cut: Some(Cut::Listed),
        };
    }
    CriterionOutcome { factor: 0.0, cited: Vec::new(), denied, dumped, cut: None }
}

/// The resolved final choice.
#[derive(Default)]
struct ChoiceOutcome {
    chosen: Option<String>,
    sentence: Option<usize>,
    /// The token that names the chosen option in `sentence`.
    token: usize,
    /// Options tied for the final answer, with their sentences.
    tied: Vec<(String, usize)>,
    /// The first sentence that offers options side by side ("8 or 9") without choosing.
    offered: Option<usize>,
    /// Another option stated in a plain clause beside the chosen one (option, sentence).
    rival: Option<(String, usize)>,
}

impl ChoiceOutcome {
    /// The option of `mention` (rank, sentence, token, option), chosen.
    fn chose(mention: &(u32, usize, usize, String), offered: Option<usize>) -> Self {
        ChoiceOutcome {
            chosen: Some(mention.3.clone()),
            sentence: Some(mention.1),
            token: mention.2,
            offered,
            ..ChoiceOutcome::default()
        }
    }
}

/// Finds the candidate's final choice among the options.
///
/// Each mention gets a rank: 2 for a plain clause, 1 when demoted (before "but", after
/// "although", in a hypothetical), times ten, plus its strength: 3 for an answer that opens
/// with the option ("B.", "8, because"), stands alone, or sits beside "final"/"answer" (4 when
/// the answer concludes with it: "So: heap.", "..., so B."); 2 for a
/// whole statement ("escapes to the heap") or a cue like "choose"; 1 for a plain "is". The
/// first sentence of an answer is where candidates state their answer, so its mentions count
/// as strong. The highest rank wins; a tie between different options is no choice, except
/// between plain "is" mentions in different sentences, where the last one (the end state of
/// a narrative) wins.
fn resolve_choice(choice: &CompiledChoice, sentences: &[Sentence]) -> ChoiceOutcome {
    // "If Postgres lets the second update wait, the answer is 8. If both read 10 first, it's 9.":
    // an option stated as what follows from a condition is weighed, as in a hypothetical.
    let conditional: Vec<bool> = sentences
        .iter()
        .map(|s| {
            let at = label_words(s).filter(|n| (1..=3).contains(n)).unwrap_or(0);
            // "Normally pointers passed to functions can stay on the stack. But here ...": the
            // general rule, weighed against the case at hand. "Generally B" and "Usually the
            // heap" are the answer; "Generally I'd go with B" is the candidate's pick, hedged.
            let general = s.tokens.get(at).is_some_and(|t| {
                matches!(t.lower.as_str(), "normally" | "usually" | "typically" | "generally" | "ordinarily")
            }) && s.tokens.get(at + 1).is_some_and(|t| {
                // A generic subject ("pointers", "you", "a value").
                matches!(t.lower.as_str(), "you" | "a" | "an") || t.lower.len() > 3 && t.lower.ends_with('s')
            });
            // "If I must pick from the list, FOR SHARE": the pick the condition forces is the answer.
            let forced = s.tokens.get(at).is_some_and(|t| t.lower == "if")
                && s.tokens
                    .iter()
                    .skip(at + 1)
                    .take(6)
                    .any(|t| matches!(t.lower.as_str(), "pick" | "choose" | "forced" | "pressed" | "pushed"));
            // "The nine answer happens if the application reads first": the case an option
            // needs, said after it.
            let scenario = s.tokens.windows(2).any(|w| {
                matches!(w[0].lower.as_str(), "happens" | "happen" | "arises" | "occurs")
                    && matches!(w[1].lower.as_str(), "if" | "when" | "only")
            });
            !forced
                && (s.hypothetical
                    || !s.code && (s.tokens.get(at).is_some_and(|t| t.lower == "if") || general || scenario))
        })
        .collect();
    // (rank, sentence, token, option)
    let mut mentions: Vec<(u32, usize, usize, String)> = Vec::new();
    // Options named in a hypothetical at all ("if age is more selective, A could win").
    let mut hypothetical: BTreeSet<&str> = BTreeSet::new();
    let mut offered: Option<usize> = None;
    // The opening sentence, past a title of a word or two ("index", "Q7 index") that names no
    // option.
    let names_an_option = |s: &Sentence| choice.options.iter().any(|o| o.mentioned_in(s));
    // A title ("— Report Generation (Q9)", "30s report, allow INSERT, forbid UPDATE"): short, no
    // full stop, no option named.
    let title = |s: &Sentence| s.len() <= 10 && !s.text.trim_end().ends_with(['.', '!', '?', ':']);
    let first = sentences.iter().enumerate().position(|(i, s)| {
        !s.code && !restates_question(s) && (names_an_option(s) || s.len() >= 3 && !(i == 0 && title(s)))
    });
    // "**Conclusion.** Yes, ...": the sentence after a conclusion's label states the answer, as
    // does one that opens with the label ("Answer: SELECT ... FOR SHARE.").
    const CONCLUSIONS: &[&str] = &[
        "conclusion",
        "in conclusion",
        "verdict",
        "final answer",
        "answer",
        "bottom line",
        "my answer",
        "adjudication",
        "disposition",
        "ruling",
        "going with",
        "call",
        "my call",
        // The second reading that replaces the first ("Adjusted. 8.", "Revised: FOR SHARE").
        "adjusted",
        "revised",
        "revision",
        "final",
        // A decision record's or a form's field for the pick ("DECISION. Final stock 8.",
        // "Selected: B, heap.").
        "decision",
        "selected",
        "selection",
        "chosen",
        "pick",
        "choice",
        // Thesis, antithesis, synthesis: the synthesis is where the argument lands.
        "synthesis",
        // "First instinct: stack. On reflection: heap.": the rewrite replaces the instinct.
        "on reflection",
        "on second thought",
        "on second thoughts",
        // "Revised conclusion (replaces the above): ... So: `LOCK TABLE ... IN SHARE MODE`", a
        // report's "ADDENDUM: Revised to `FOR SHARE`": where a revision lands.
        "so",
        "addendum",
    ];
    let opens_concluding = |s: &Sentence| {
        let text = s.text.trim_start_matches(['*', '_', ' ']).to_lowercase();
        !s.code
            && CONCLUSIONS
                .iter()
                .any(|l| text.strip_prefix(l).is_some_and(|rest| rest.trim_start_matches(['*', '_']).starts_with(':')))
    };
    let is_label = |k: usize| {
        let label = sentences[k].text.trim().trim_matches(['*', '_', '.', ':', ' ']).to_lowercase();
        !sentences[k].code && CONCLUSIONS.contains(&label.as_str())
    };
    // The answer's last words, when they are a short line ending on one option ("DELIVERED TO:
    // heap.", "Final stock 8.", "And the winner is... 9."): where a weighed answer lands.
    let last = sentences.iter().rposition(|s| !s.code && !s.table);
    // The label right before, or two sentences back on the same line ("Adjudication. Opposition
    // carries. 8, thanks to the row lock").
    let concludes = |si: usize| {
        opens_concluding(&sentences[si])
            || si > 0 && is_label(si - 1)
            || si > 1 && is_label(si - 2) && sentences[si - 2].line == sentences[si].line
    };
    for (si, s) in sentences.iter().enumerate() {
        if !s.code && restates_question(s) {
            // "The question is whether r stays on the stack or moves to the heap": padding.
            continue;
        }
        if !s.code && about_another_language(s) {
            continue;
        }
        if !s.code && (disputes(s) || s.ruled_out) {
            // "Disagree: LOCK TABLE conflicts with INSERT": the option named is the one refused.
            continue;
        }
        let opening = Some(si) == first;
        let before = mentions.len();
        let mut leads_here: Vec<(bool, u8)> = Vec::new();
        for option in &choice.options {
            // (rank, token, leads the sentence, strength before the opening's bonus)
            let mut best: Option<(u32, usize, bool, u8)> = None;
            // `bonus`: the opening sentence is where candidates state their answer.
            // `leading`: the answer opens with the option or it stands alone ("B, because ...");
            // a later "but" in the same sentence does not demote it.
            let mut consider = |strength: u8, m: &Match, bonus: bool, leading: bool| {
                if s.list_level(&m.slots) == ListLevel::Dump {
                    return;
                }
                let raw = strength;
                let strength =
                    if bonus && opening && !conditional[si] && !s.tentative { strength.max(3) } else { strength };
                // "FOR SHARE (LOCK TABLE would block the inserts)": a bracketed aside is no choice.
                let aside = m.slots.iter().all(|&i| s.tokens[i].bracket);
                // "Stack, since it's only a pointer?": a guess, weaker than any statement.
                // "..., and FOR SHARE would mean locking every row": an option followed by a
                // modal is weighed, not chosen, unless a cue says it is picked.
                let after = m.slots.last().and_then(|&e| s.tokens.get(e + 1));
                let counterfactual =
                    raw <= 1 && after.is_some_and(|t| matches!(t.lower.as_str(), "would" | "could" | "might"));
                let clause_rank =
                    if !leading && s.demoted(m.start()) || conditional[si] || s.tentative || aside || counterfactual {
                        1
                    } else {
                        2
                    };
                let rank = clause_rank * 10 + strength as u32;
                if best.is_none_or(|(r, ..)| rank > r) {
                    best = Some((rank, m.start(), leading, raw));
                }
            };
            if s.code {
                // `CREATE INDEX ON users (last_name, age);` chooses too, if less loudly.
                for p in &option.names {
                    for m in p.find_all(s) {
                        // "goroutines have their own stacks" in a comment names no pick either.
                        let end = *m.slots.last().unwrap_or(&m.start());
                        if !option.part_of_noun(s, m.start(), end) {
                            consider(2, &m, false, false);
                        }
                    }
                }
            }
            // The paragraph so far counts: "DECLARATION: sliding window counter. ... At 12:01:01
            // that is 98, so the second burst is rejected."
            let paragraph = sentences[..=si].iter().rev().take_while(|p| p.line == s.line);
            let says_here =
                !s.code && !paragraph.into_iter().any(|p| option.says_unless.iter().any(|u| !u.find_all(p).is_empty()));
            for p in option.says.iter().filter(|_| says_here) {
                for m in p.find_all(s) {
                    if classify(s, &m, false) == Hit::Asserted && !s.in_whether(&m.slots) && !s.quoted(&m.slots) {
                        consider(2, &m, true, false);
                    }
                }
            }
            for p in option.names.iter().filter(|_| !s.code) {
                for m in p.find_all(s) {
                    // "'it's just a pointer, it stays put' is the tempting note": a quotation is
                    // someone's words, not the candidate's pick.
                    if classify(s, &m, false) != Hit::Asserted
                        || s.in_whether(&m.slots)
                        || s.passed_over(&m.slots)
                        || s.quoted(&m.slots)
                    {
                        continue;
                    }
                    let end = *m.slots.last().unwrap_or(&m.start());
                    // "the stack frame", "the committed 9": part of another noun, or a value in the
                    // explanation.
                    if option.part_of_noun(s, m.start(), end) {
                        continue;
                    }
                    // "a table-level SHARE lock": inside a longer name of another option, the
                    // shorter name ("share lock") is that option's word, not its own.
                    let shadowed = choice.options.iter().filter(|o| o.id != option.id).any(|o| {
                        o.names.iter().flat_map(|p| p.find_all(s)).any(|w| {
                            let w_end = *w.slots.last().unwrap_or(&w.start());
                            w.start() <= m.start() && w_end >= end && w_end - w.start() > end - m.start()
                        })
                    });
                    if shadowed {
                        continue;
                    }
                    // "No, it allows all 200.": a yes or no opening the sentence answers the
                    // question as the candidate heard it; what the sentence goes on to state of
                    // another option is the answer.
                    let interjection = end == m.start()
                        && (m.start() <= 1 || s.tokens[m.start()].break_before != Break::None)
                        && s.tokens.get(end + 1).is_some_and(|t| t.break_before != Break::None);
                    let stated_otherwise = interjection
                        && choice.options.iter().filter(|o| o.id != option.id).any(|o| {
                            o.says.iter().flat_map(|p| p.find_all(s)).any(|w| {
                                w.start() > end
                                    && classify(s, &w, false) == Hit::Asserted
                                    && !s.quoted(&w.slots)
                                    && !s.in_whether(&w.slots)
                            })
                        });
                    if stated_otherwise {
                        continue;
                    }
                    // The whole sentence is the option ("B, (last_name, age).": every word one of its
                    // names), or ends on it after "so" ("..., so B.").
                    let covered: BTreeSet<usize> = option
                        .names
                        .iter()
                        .flat_map(|p| p.find_all(s))
                        .flat_map(|m| m.slots[0]..=*m.slots.last().unwrap_or(&m.slots[0]))
                        .collect();
                    // "..., so B." / "From the three: FOR SHARE." / "Of the three, FOR SHARE.": the
                    // sentence ends on the option after a conclusion word, a colon or a short
                    // lead-in.
                    // "On call: B (last_name, age).": everything after the label is the option.
                    let rest_is_option = (m.start()..s.len()).all(|k| covered.contains(&k));
                    let after_break = s.tokens[m.start()].break_before == Break::Soft;
                    // "... so it puts r somewhere long-lived instead — the heap.": a dash before
                    // the option that ends the sentence concludes it.
                    let article_break = m.start() > 1
                        && matches!(s.tokens[m.start() - 1].lower.as_str(), "the" | "a" | "an")
                        && s.tokens[m.start() - 1].break_before == Break::Soft;
                    let after_dash = (after_break || article_break) && s.text.contains(['\u{2014}', '\u{2013}']);
                    // "Hence: FOR SHARE (or a snapshot with no locks).": an aside after the
                    // conclusion leaves it the conclusion.
                    let rest_aside = (end + 1..s.len()).all(|k| s.tokens[k].bracket);
                    let therefore = (rest_aside || rest_is_option)
                        && m.start() > 0
                        && matches!(s.tokens[m.start() - 1].lower.as_str(), "so" | "hence" | "therefore" | "thus")
                        // "So heap." or "..., so B.", not "no allocation is therefore moved".
                        && (m.start() == 1 || s.tokens[m.start() - 1].break_before != Break::None);
                    let concluded = (end + 1 == s.len() || rest_is_option)
                        && m.start() > 0
                        && (therefore
                            || after_break && (s.text.contains(':') || m.start() <= 4)
                            || after_dash && end + 1 == s.len() && m.slots.len() <= 2);
                    let whole = m.start() == 0 && end + 1 == s.len() || covered.len() == s.len() || concluded;
                    // "`LOCK TABLE orders IN SHARE MODE`.": a statement in code, the option with its
                    // arguments, is the option alone.
                    let statement = s.tokens[m.start()].code && (end + 1..s.len()).all(|k| s.tokens[k].code);
                    let followed_by_break = statement
                        || s.tokens.get(end + 1).is_none_or(|t| {
                            t.break_before != Break::None
                                || matches!(t.lower.as_str(), "because" | "since" | "cause" | "as" | "due")
                        });
                    // "The second option, FOR SHARE." leads with the option as much as "FOR SHARE." does.
                    if conditional[si] {
                        hypothetical.insert(option.id.as_str());
                    }
                    // "With A: the range comes first" describes an option; "A: ..." picks it.
                    // "...; with A the Smiths are spread out": so does a clause that opens so.
                    let described = m.start() >= 1
                        && (m.start() == 1 + clause_number(s) || s.tokens[m.start() - 1].break_before != Break::None)
                        && matches!(
                            s.tokens[m.start() - 1].lower.as_str(),
                            "with" | "for" | "in" | "under" | "using" | "on" | "without"
                        );
                    let leads = m.start() <= 1 + ordinal_lead(s) && followed_by_break && !described;
                    // "Answer: SELECT ... FOR SHARE.": the option in the clause right after the label.
                    let labelled_answer = opens_concluding(s) && s.tokens[m.start()].soft == s.tokens[0].soft + 1;
                    // "B ≤ A." is a comparison of two options, ending on the one it ranks lower.
                    let compares = || {
                        s.text.contains(['\u{2264}', '\u{2265}', '<', '>', '\u{2248}'])
                            && choice.options.iter().filter(|o| o.mentioned_in(s)).count() >= 2
                    };
                    // A full stop, and the option after a break or in three words: "Need
                    // Serializable to get 8." states a condition, "Card 9" is a title.
                    let closing = Some(si) == last
                        && s.len() <= 6
                        && (end + 1 == s.len() || rest_is_option)
                        && s.text.trim_end_matches(['*', '_', ' ']).ends_with(['.', '!'])
                        && (after_break || s.len() <= 3)
                        && !s.hypothetical
                        && !s.tentative
                        && !compares();
                    if therefore || labelled_answer || leads && concludes(si) || closing {
                        // "So: heap.", "..., so B.": the conclusion the answer reaches outranks
                        // an option that merely opens it ("Your function's stack is the desk").
                        consider(4, &m, true, true);
                    } else if whole || leads && opening {
                        consider(3, &m, true, true);
                    } else if leads {
                        // "... . FOR SHARE: it blocks updates": a later sentence led by the option.
                        consider(cue_strength(choice, s, &m).max(2), &m, true, true);
                    } else if after_break
                        && followed_by_break
                        && !described
                        && (1..=3).contains(&m.start())
                        && after_label(s, &m)
                    {
                        // "FULL TIME: B, (last_name, age)": a short label, then the option.
                        consider(2, &m, true, true);
                    } else if after_break && followed_by_break && announced(choice, s, &m) {
                        // "If I'm forced to choose one of the three: FOR SHARE, since ...": the
                        // option opens the clause after a colon that announces the pick.
                        consider(2, &m, true, true);
                    } else {
                        match cue_strength(choice, s, &m) {
                            // "With A the range is on the leading column": a description.
                            strength if described && strength <= 1 => {}
                            // "Not the stack, the heap.": a bare name in the opening sentence.
                            0 if opening => consider(1, &m, false, false),
                            0 => {}
                            strength => consider(strength, &m, true, false),
                        }
                    }
                }
            }
            if let Some((rank, token, leading, raw)) = best {
                mentions.push((rank, si, token, option.id.clone()));
                leads_here.push((leading && rank % 10 >= 3, raw));
            }
        }
        // "8: Tx2 re-reads the committed 9 and writes 8": when an option opens the answer, the
        // opening's bonus is its alone; another option later in that sentence keeps its own weight.
        if opening && leads_here.iter().any(|&(leading, _)| leading) {
            for (k, &(leading, raw)) in leads_here.iter().enumerate() {
                let m = &mut mentions[before + k];
                if !leading && raw < 3 {
                    m.0 = m.0 / 10 * 10 + u32::from(raw);
                }
            }
        }
        // "8 or 9", "A (age, last_name) or B": alternatives side by side, neither chosen.
        let here: Vec<(usize, String)> = mentions[before..].iter().map(|m| (m.2, m.3.clone())).collect();
        // "Stack or heap: heap." is a label laying out the options, then the one picked: the
        // "or" must run straight on to the later option.
        let alternatives = |a: usize, b: usize| {
            let (lo, hi) = (a.min(b), a.max(b));
            let last_or = (lo..hi).rev().find(|&k| matches!(s.tokens[k].lower.as_str(), "or" | "vs" | "versus"));
            last_or.is_some_and(|k| s.tokens[k + 1..=hi].iter().all(|t| t.break_before == Break::None))
                && s.tokens[lo].clause == s.tokens[hi].clause
        };
        let side_by_side: BTreeSet<String> = here
            .iter()
            .flat_map(|(ta, oa)| {
                here.iter().filter(move |(tb, ob)| ob != oa && alternatives(*ta, *tb)).map(|_| oa.clone())
            })
            .collect();
        if !s.code && !side_by_side.is_empty() {
            offered.get_or_insert(si);
            let mut k = before;
            while k < mentions.len() {
                if side_by_side.contains(&mentions[k].3) {
                    mentions.remove(k);
                } else {
                    k += 1;
                }
            }
        }
    }
    // A table lays out every option; the choice is what the candidate writes outside it.
    if mentions.iter().any(|m| !sentences[m.1].table) {
        mentions.retain(|m| !sentences[m.1].table);
    }
    // The options set out as a menu, one bare name per line ("- [2] Stack" / "- [1] Heap",
    // "1. A `(age, last_name)`" / "2. B `(last_name, age)`"), then the answer in prose: the
    // menu restates the question. Alone, it is all there is to read. A bare line holds nothing
    // but one option's name, its number and its code: a mark beside it ("[ X ] A.") or any
    // other word ("Folding B.") makes it a vote, not a menu entry.
    let bare = |i: usize| {
        let s = &sentences[i];
        let named: Vec<&crate::written::rubric::CompiledOption> =
            choice.options.iter().filter(|o| o.mentioned_in(s)).collect();
        let [option] = named[..] else { return None };
        let covered: BTreeSet<usize> = option.names.iter().flat_map(|p| p.find_all(s)).flat_map(|m| m.slots).collect();
        let rest_is_numbering = (0..s.tokens.len())
            .all(|k| covered.contains(&k) || s.tokens[k].code || s.tokens[k].lower.chars().all(|c| c.is_ascii_digit()));
        (!s.table && !covered.is_empty() && rest_is_numbering).then_some(option.id.as_str())
    };
    let menu = laid_out_in_pairs(sentences.len(), bare);
    if mentions.iter().any(|m| !menu.contains(&m.1)) {
        mentions.retain(|m| !menu.contains(&m.1));
    }
    // Options described in turn, each leading its sentence ("A (age, last_name): the range
    // comes first ... B (last_name, age): all the Smiths are adjacent ..."), then a pick of one
    // of them later ("Played: B."): the descriptions choose nothing.
    let led: Vec<(usize, String)> =
        mentions.iter().filter(|m| m.2 <= 2 && m.0 % 10 >= 2).map(|m| (m.1, m.3.clone())).collect();
    if let Some(pick) = led.iter().map(|(i, _)| *i).max() {
        let before: BTreeSet<usize> = led.iter().filter(|(i, _)| *i < pick).map(|(i, _)| *i).collect();
        let options: BTreeSet<&String> = led.iter().filter(|(i, _)| before.contains(i)).map(|(_, o)| o).collect();
        // The pick says it as loudly as the descriptions: one more option described last
        // ("LOCK TABLE would block inserts") is not a pick.
        let rank = |i: usize| mentions.iter().filter(|m| m.1 == i).map(|m| m.0).max().unwrap_or(0);
        let loud = before.iter().all(|&i| rank(pick) >= rank(i));
        if options.len() >= 2 && loud {
            mentions.retain(|m| !before.contains(&m.1));
        }
    }
    // The same descriptions after the pick ("─► B (last_name, age)", then "B: descend to
    // ('Smith', 25) ... A: leading-column range ..."): adjacent sentences, each led by a
    // different option, explain the pick made elsewhere.
    let led_at: BTreeMap<usize, &str> =
        mentions.iter().filter(|m| m.2 <= 2 && m.0 % 10 >= 2).map(|m| (m.1, m.3.as_str())).collect();
    let run = laid_out_in_pairs(sentences.len(), |i| led_at.get(&i).copied());
    let rank_of = |i: usize| mentions.iter().filter(|m| m.1 == i).map(|m| m.0).max().unwrap_or(0);
    let loudest_run = run.iter().map(|&i| rank_of(i)).max().unwrap_or(0);
    if !run.is_empty() && mentions.iter().any(|m| !run.contains(&m.1) && m.0 >= loudest_run) {
        mentions.retain(|m| !run.contains(&m.1));
    }
    // One sentence that names several options at the top rank ("`sharedLock()` = FOR SHARE and
    // `lockForUpdate()` = FOR UPDATE") lays them out: the answer is in the sentences after it,
    // when one of them picks an option it named.
    while let Some(top) = mentions.iter().map(|m| m.0).max() {
        let at_top: Vec<&(u32, usize, usize, String)> = mentions.iter().filter(|m| m.0 == top).collect();
        let sentences_at_top: BTreeSet<usize> = at_top.iter().map(|m| m.1).collect();
        let options_at_top: BTreeSet<&String> = at_top.iter().map(|m| &m.3).collect();
        let [laid_out] = sentences_at_top.into_iter().collect::<Vec<_>>()[..] else { break };
        let later_pick = mentions.iter().any(|m| m.1 > laid_out && options_at_top.contains(&m.3) && m.0 % 10 >= 2);
        if options_at_top.len() < 2 || !later_pick {
            break;
        }
        mentions.retain(|m| m.1 != laid_out);
    }
    let Some(top) = mentions.iter().map(|m| m.0).max() else {
        return ChoiceOutcome { offered, ..ChoiceOutcome::default() };
    };
    let mut best: Vec<&(u32, usize, usize, String)> = mentions.iter().filter(|m| m.0 == top).collect();
    best.sort_by_key(|m| (m.1, m.2));
    let options: BTreeSet<&String> = best.iter().map(|m| &m.3).collect();
    if options.len() == 1 && top < 20 && conditional[best[0].1] {
        // The winner is only a hypothetical, beside another option's hypothetical: no commitment.
        let rivals: Vec<&str> = hypothetical.iter().copied().filter(|o| *o != best[0].3).collect();
        if let Some(rival) = rivals.first() {
            let at = mentions.iter().find(|m| m.3 == *rival).map(|m| m.1).unwrap_or(best[0].1);
            return ChoiceOutcome {
                tied: vec![(best[0].3.clone(), best[0].1), (rival.to_string(), at)],
                offered,
                ..ChoiceOutcome::default()
            };
        }
    }
    // A plain statement of another option ("r stays on the stack") beside the one chosen: the
    // pick stands, and a person checks which the candidate means.
    let rival_of = |chosen: &str| {
        mentions
            .iter()
            .filter(|m| m.3 != chosen && m.0 >= 22 && !sentences[m.1].code)
            .map(|m| (m.3.clone(), m.1))
            .next()
    };
    if options.len() == 1 {
        let mut outcome = ChoiceOutcome::chose(best[0], offered);
        outcome.rival = rival_of(&best[0].3);
        return outcome;
    }
    let last = best[best.len() - 1];
    let last_sentence_alone = best.iter().filter(|m| m.1 == last.1).map(|m| &m.3).collect::<BTreeSet<_>>().len() == 1;
    if top % 10 <= 1 && last_sentence_alone {
        // Only weak cues ("is") in different sentences: a narrative ends at its final state.
        return ChoiceOutcome::chose(last, offered);
    }
    ChoiceOutcome { tied: best.iter().map(|m| (m.3.clone(), m.1)).collect(), offered, ..ChoiceOutcome::default() }
}

/// The sentences that `option_at` reads as naming two different options in a row: options laid
/// out line by line, each pair with both of its lines.
fn laid_out_in_pairs<'a>(n: usize, option_at: impl Fn(usize) -> Option<&'a str>) -> BTreeSet<usize> {
    let at: Vec<Option<&str>> = (0..n).map(option_at).collect();
    (1..n).filter(|&i| matches!((at[i - 1], at[i]), (Some(a), Some(b)) if a != b)).flat_map(|i| [i - 1, i]).collect()
}

/// Does the sentence open by disputing what came before ("Disagree —", "I disagree:")?
fn disputes(s: &Sentence) -> bool {
    let first: Vec<&str> = s.tokens.iter().take(2).map(|t| t.lower.as_str()).collect();
    matches!(first.as_slice(), ["disagree", ..] | ["i", "disagree"])
}

/// Does the sentence restate the question ("The question is whether ...", "it asks which
/// index is better") rather than answer it?
fn restates_question(s: &Sentence) -> bool {
    let t = &s.tokens;
    (0..t.len()).any(|i| {
        let w = t[i].lower.as_str();
        let next = t.get(i + 1).map(|n| n.lower.as_str()).unwrap_or("");
        // "Asked whether it allows this, engineers confirmed that it does": the answer follows
        // the restated question (whose options `in_whether` leaves out).
        if next == "whether" && t[i + 1..].iter().any(|n| n.soft != t[i].soft) {
            return false;
        }
        w == "question" && matches!(next, "is" | "asks" | "gives" | "wants" | "says")
            || matches!(w, "asks" | "asking" | "wondering")
                && matches!(next, "whether" | "which" | "if" | "what" | "how")
            || w == "asked" && matches!(next, "whether" | "which" | "if" | "what" | "to")
    })
}

/// Does the sentence open on another language and never name Go ("In Java everything goes on
/// the heap", "Coming from Python, ...")? Its options describe that language, not the answer.
fn about_another_language(s: &Sentence) -> bool {
    const LEADS: &[&str] = &["in", "from", "unlike", "like"];
    const LANGUAGES: &[&str] = &[
        "java",
        "python",
        "javascript",
        "node",
        "rust",
        "ruby",
        "kotlin",
        "php",
        "erlang",
        "swift",
        "c",
        "c#",
        "c++",
        ".net",
        "net",
    ];
    let words: Vec<&str> = s.tokens.iter().take(3).map(|t| t.lower.as_str()).collect();
    let at = match words.as_slice() {
        ["coming", "from", ..] => 2,
        [lead, ..] if LEADS.contains(lead) => 1,
        _ => return false,
    };
    words.get(at).is_some_and(|w| LANGUAGES.contains(w))
        && !s.tokens.iter().any(|t| matches!(t.lower.as_str(), "go" | "golang" | "go's"))
}

/// How many tokens an opening ordinal takes: "the second option", "the first one", "option two".
fn ordinal_lead(s: &Sentence) -> usize {
    const ORDINALS: &[&str] = &["first", "second", "third", "fourth", "last", "latter", "former"];
    const NOUNS: &[&str] = &["option", "one", "choice", "answer", "alternative"];
    let words: Vec<&str> = s.tokens.iter().take(4).map(|t| t.lower.as_str()).collect();
    let at = usize::from(words.first() == Some(&"the"));
    match (words.get(at), words.get(at + 1)) {
        (Some(o), Some(n)) if ORDINALS.contains(o) && NOUNS.contains(n) => at + 2,
        (Some(o), _) if ORDINALS.contains(o) => at + 1,
        _ => 0,
    }
}

/// 1 when the sentence opens with a clause number ("7.2 Under A, the leading predicate ..."):
/// the words after it open the sentence.
fn clause_number(s: &Sentence) -> usize {
    let dotted = |t: &Token| {
        t.lower.contains('.') && t.lower.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    };
    let capital_next = s.text.split_whitespace().nth(1).is_some_and(|w| w.starts_with(char::is_uppercase));
    usize::from(s.tokens.first().is_some_and(dotted) && capital_next)
}

/// Is the option the first thing after the sentence's first colon ("Verdict: B, ...")?
fn after_label(s: &Sentence, name: &Match) -> bool {
    label_words(s) == Some(name.start())
}

/// How many words come before the sentence's first colon, if it has one ("Verdict: B" is 1).
fn label_words(s: &Sentence) -> Option<usize> {
    s.text.find(':').map(|colon| crate::written::text::tokenize(&s.text[..colon]).len())
}

/// Does a choice cue before a colon announce the option that follows it ("forced to choose one
/// of the three: FOR SHARE")?
fn announced(choice: &CompiledChoice, s: &Sentence, name: &Match) -> bool {
    let start = name.start();
    // The colon must be the break right before the option.
    if !after_label(s, name) {
        return false;
    }
    choice.cues.iter().filter(|(_, strength)| *strength >= 2).any(|(cue, _)| {
        cue.find_all(s)
            .iter()
            .any(|m| m.slots.iter().all(|&i| i < start && s.tokens[i].clause == s.tokens[start].clause))
    })
}

/// The strongest cue near the name in its clause (not overlapping the name itself).
fn cue_strength(choice: &CompiledChoice, s: &Sentence, name: &Match) -> u8 {
    let clause = s.tokens[name.start()].clause;
    let mut best = 0;
    for (cue, strength) in &choice.cues {
        for m in cue.find_all(s) {
            let same_clause = m.slots.iter().all(|&i| s.tokens[i].clause == clause);
            let near = m.slots.iter().any(|&i| name.slots.iter().any(|&j| i.abs_diff(j) <= CUE_DISTANCE));
            let overlaps = m.slots.iter().any(|i| name.slots.contains(i));
            // "a choice between A and B" lays out the options; it picks neither.
            let between = m.slots.last().and_then(|&i| s.tokens.get(i + 1)).is_some_and(|t| t.lower == "between");
            // "9 → 8": an arrow points at what follows it.
            let behind_arrow = s.tokens[m.start()].lower == "\u{2192}" && name.start() < m.start();
            if same_clause && near && !overlaps && !between && !behind_arrow && classify(s, &m, false) == Hit::Asserted
            {
                best = best.max(*strength);
            }
        }
    }
    best
}

/// Reasoning behind a wrong option the answer did not choose: not something it missed.
fn unearned_alternative(scheme: &Scheme, c: &CompiledCriterion, o: &CriterionOutcome) -> bool {
    scheme.behind_wrong_option(c) && o.factor == 0.0
}

/// Quotes a sentence, shortened to a readable length.
pub(crate) fn quote(s: &Sentence) -> String {
    const MAX: usize = 280;
    if s.text.chars().count() <= MAX {
        return s.text.clone();
    }
    let cut: String = s.text.chars().take(MAX).collect();
    format!("{}...", cut.trim_end())
}

/// A sentence labelled as the view being corrected ("Myth: ...", "Common mistake: ...",
/// "Wrong answer: ...") is someone else's claim.
fn disown_labelled_myths(sentences: &mut [Sentence]) {
    const LABELS: &[&str] = &[
        "myth:",
        "myth -",
        "misconception:",
        "common misconception:",
        "common mistake:",
        "common mistake.",
        "common pitfall:",
        "common pitfall.",
        "pitfall:",
        "mistake:",
        // A list of the mistakes others make ("Common wipes: `data = nil` (does nothing)").
        "common mistakes:",
        "common pitfalls:",
        "pitfalls:",
        "mistakes:",
        "common errors:",
        "common traps:",
        "anti-patterns:",
        "antipatterns:",
        "anti-pattern:",
        "gotchas:",
        "what not to do:",
        "common wipes:",
        "wrong answer:",
        "wrong:",
        "naive answer:",
        "naive view:",
        "tempting answer:",
        "the trap:",
        "trap:",
        "not:",
    ];
    // A view the candidate held and dropped: "My first thought was 9 (both read 10). But ...",
    // "**First instinct:** deadlock. **On reflection:** not a deadlock ...", "First answer: 9.
    // Both read 10 and both write 9. / Second thoughts: ... / Final: 8.".
    const FORMER_VIEWS: &[&str] = &[
        "my first thought",
        "my first instinct",
        "at first i thought",
        "initially i thought",
        "i first thought",
        "my gut says",
        "my gut said",
        "my gut feeling",
        "first instinct",
        "first thought:",
        "first guess",
        "initial thought",
        "initial guess",
        "first reaction",
        "gut reaction",
        "first answer",
        "my first answer",
        "initial answer",
    ];
    // Such a view labelled with a colon ("First answer: 9.") runs on into the sentence after
    // it on its line, unless that one turns ("but", "actually").
    let colon_label = |s: &Sentence| {
        let text = s.text.to_lowercase();
        let text = text.trim_start_matches(|c: char| !c.is_alphanumeric());
        FORMER_VIEWS.iter().any(|l| {
            text.strip_prefix(l.trim_end_matches(':'))
                .is_some_and(|rest| rest.trim_start_matches(['*', '_', ' ']).starts_with(':'))
        })
    };
    let mut held_after: Option<(usize, usize)> = None; // (line, sentence index)
    for (i, s) in sentences.iter_mut().enumerate() {
        let turns =
            s.tokens.iter().any(|t| matches!(t.lower.as_str(), "but" | "however" | "actually" | "instead" | "though"));
        let held = held_after.is_some_and(|(line, at)| line == s.line && at + 1 == i) && !s.code && !turns;
        if opens_with_label(s, LABELS) || opens_with_label(s, FORMER_VIEWS) || from_the_audience(s) || held {
            s.attributed.iter_mut().for_each(|a| *a = true);
        }
        held_after = (!s.code && colon_label(s)).then_some((s.line, i));
    }
    // "Common mistake. Answering 9 by reasoning about snapshots. The lost update needs ...": a
    // label standing as its own sentence rules out what the rest of its line names, as a
    // "Won't:" line does; the reasons given there still count.
    let bare = |s: &Sentence| {
        let t = s.text.trim().trim_end_matches(['.', ':', '*', '_']).trim_start_matches(['*', '_']).to_lowercase();
        !s.code && LABELS.iter().chain(FORMER_VIEWS).any(|l| l.trim_end_matches([':', '.', ' ', '-']) == t)
    };
    for i in 0..sentences.len() {
        if bare(&sentences[i]) {
            let line = sentences[i].line;
            for s in sentences[i + 1..].iter_mut().take_while(|s| s.line == line) {
                s.ruled_out = true;
            }
        }
    }
}

/// A line a stream's chat or a thread's reader wrote (`[chat] gopher_gal: it panics when
/// full`): a tag in brackets, a handle and a colon. Someone else's claim, quoted.
fn from_the_audience(s: &Sentence) -> bool {
    let Some(rest) = s.text.trim_start().strip_prefix('[') else { return false };
    let Some((tag, rest)) = rest.split_once(']') else { return false };
    let Some((handle, _)) = rest.split_once(':') else { return false };
    let handle = handle.trim();
    !s.code
        && (1..=12).contains(&tag.len())
        && tag.chars().all(char::is_alphabetic)
        && !handle.is_empty()
        && handle.len() <= 30
        && !handle.contains(' ')
}

/// Does the prose sentence open with one of these labels (lower case, past any decoration)?
fn opens_with_label(s: &Sentence, labels: &[&str]) -> bool {
    let opens = |text: &str| {
        let text = text.to_lowercase();
        let text = text.trim_start_matches(|c: char| !c.is_alphanumeric());
        labels.iter().any(|l| text.starts_with(l))
    };
    // A speaker's name before the words ("CONTESTANT: My gut says 9") is not part of them.
    let spoken =
        s.text.trim_start().split_once(':').filter(|(who, _)| {
            (2..=20).contains(&who.len()) && who.chars().all(|c| c.is_ascii_uppercase() || c == ' ')
        });
    !s.code && (opens(&s.text) || spoken.is_some_and(|(_, rest)| opens(rest)))
}

/// A line under a MoSCoW "Won't:" and its kin ("Avoid:", "Don't:", "Ruled out:") names what
/// the candidate rules out: no choice of it and no claim of its premise, but its reasons count.
fn mark_ruled_out(sentences: &mut [Sentence]) {
    const LABELS: &[&str] =
        &["won't:", "won't -", "wont:", "don't:", "avoid:", "never:", "anti-pattern:", "ruled out:", "rejected:"];
    for s in sentences.iter_mut().filter(|s| opens_with_label(s, LABELS) || prohibits(s) || rejecting_head(s)) {
        s.ruled_out = true;
    }
    // What the next sentence turns down is ruled out:
    // - a guess put as a question and answered no within two sentences ("File not closed? No –
    //   os.ReadFile closes it.", "Server-side cursor? Holds a transaction per session. Not for a
    //   dashboard.");
    // - an option followed by its verdict ("3. Send on full channel panics. *Ruled out:* only a
    //   closed channel panics.", "A server-side cursor. Holds a transaction open per user — no.").
    let turned_down = |s: &Sentence| {
        let t = &s.tokens;
        let answered_no = t.first().is_some_and(|w| matches!(w.lower.as_str(), "no" | "nope"))
            && t.get(1).is_none_or(|w| w.break_before != Break::None);
        answered_no
            || (0..t.len().saturating_sub(1))
                .any(|k| t[k].lower == "not" && matches!(t[k + 1].lower.as_str(), "the" | "for" | "a" | "in"))
    };
    let verdict = |s: &Sentence| {
        let lower = s.text.trim_start_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        ["ruled out", "rejected", "excluded", "eliminated"].iter().any(|w| lower.starts_with(w))
            || s.refusal_at_end().is_some()
    };
    // "Roads looked at: a) Events get dropped when the buffer's full. No: a send waits.": a
    // lettered option is a guess put up to be answered, like a question.
    let lettered = |s: &Sentence| {
        let text = s.text.trim_start_matches(['*', '_', ' ', '(']);
        let after_label = text.split_once(": ").map_or(text, |(head, rest)| if head.len() <= 40 { rest } else { text });
        let mut chars = after_label.trim_start_matches('(').chars();
        chars.next().is_some_and(|c| c.is_ascii_lowercase()) && chars.next() == Some(')')
    };
    let refused: Vec<bool> = (0..sentences.len())
        .map(|i| {
            let s = &sentences[i];
            let next = &sentences[i + 1..sentences.len().min(i + 3)];
            let asked = s.tentative || s.question || lettered(s);
            !s.code
                && (next.first().is_some_and(|n| !n.code && verdict(n))
                    || asked && next.iter().filter(|n| !n.code).any(turned_down))
        })
        .collect();
    for (s, refused) in sentences.iter_mut().zip(refused) {
        s.ruled_out |= refused;
    }
    // "Never `select { default: }`. That is exactly the drop-data path.": the remark on what
    // was just forbidden is about it too.
    for i in 1..sentences.len() {
        let refers = sentences[i]
            .tokens
            .first()
            .is_some_and(|t| matches!(t.lower.as_str(), "that" | "this" | "that's" | "it's" | "which"));
        if refers && prohibits(&sentences[i - 1]) {
            sentences[i].ruled_out = true;
        }
    }
}

/// Does the sentence open with a short label that turns down what follows ("Foul to avoid: A.",
/// "打出 discard: `LOCK TABLE`", "Why not FOR UPDATE: ...")? A costume's field for the option
/// it rejects, whatever its other words.
fn rejecting_head(s: &Sentence) -> bool {
    const WORDS: &[&str] = &[
        "avoid",
        "discard",
        "discarded",
        "reject",
        "rejected",
        "dismissed",
        "eliminated",
        "foul",
        "veto",
        "vetoed",
        // "Steelman of 9:" argues for the option it then rejects; "Why it loses:" says why.
        "steelman",
        "loses",
    ];
    if s.code {
        return false;
    }
    // "🚫 **Don't sow:** `FOR UPDATE`": a prohibition sign before the label.
    let forbidden = s.text.trim_start_matches(['-', '*', '_', ' ']).starts_with(['\u{1f6ab}', '\u{26d4}']);
    // Past decoration and a word of another script ("打出", an emoji).
    let text = s.text.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
    let Some((head, _)) = text.split_once(':') else { return false };
    let words: Vec<String> = head
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    // "How to avoid it: copy the bytes" gives the remedy; it rejects nothing.
    let remedy = words.first().is_some_and(|w| matches!(w.as_str(), "how" | "to" | "ways" | "way"));
    let why_not = words.len() >= 2 && words[0] == "why" && words[1] == "not";
    // "What I would not do:", "What I wouldn't pick:": the move named is turned down.
    let would_not = words.first().is_some_and(|w| w == "what")
        && words.windows(2).any(|p| matches!(p[0].as_str(), "not" | "wouldn't" | "won't" | "don't" | "never"))
        && words.last().is_some_and(|w| matches!(w.as_str(), "do" | "use" | "pick" | "choose" | "recommend"));
    // "Left out:", "Ruled out:"; a tier list's failing tier ("F:", "F tier:").
    let out = words.len() == 2 && words[1] == "out" && matches!(words[0].as_str(), "left" | "ruled" | "leave" | "kept");
    // "First instinct:", "Gut reaction:" before "On reflection:": the take the answer revises.
    let head: Vec<&str> = words.iter().map(String::as_str).collect();
    let first_take = matches!(
        head[..],
        ["first", "instinct" | "thought" | "guess" | "take" | "reaction"]
            | ["initial", "instinct" | "thought" | "guess"]
            | ["gut", "reaction" | "instinct" | "feeling"]
    );
    // "Don't sow:", "Never:", "Do not use:": a label that forbids.
    let forbids = words.first().is_some_and(|w| matches!(w.as_str(), "don't" | "never" | "dont"))
        || words.len() >= 2 && words[0] == "do" && words[1] == "not";
    let failing_tier = matches!(head[..], ["f"] | ["f", "tier"] | ["tier", "f"]);
    (1..=5).contains(&words.len())
        && !remedy
        && (forbidden
            || forbids
            || first_take
            || why_not
            || would_not
            || out
            || failing_tier
            || words.iter().any(|w| WORDS.contains(&w.as_str())))
}

/// Does the sentence open by forbidding a move: "Never `select { default: }` here — that's the
/// drop-data option", "Don't use NOWAIT"? What it names is ruled out, as under "Won't:".
fn prohibits(s: &Sentence) -> bool {
    const MOVES: &[&str] = &[
        "use", "wrap", "add", "call", "set", "put", "rely", "pick", "choose", "drop", "retry", "lock", "increase",
        "raise", "make", "take", "hold", "run", "reach", "fix", "do", "write", "go",
    ];
    let t = &s.tokens;
    let after = match t.first().map(|x| x.lower.as_str()) {
        Some("never" | "don't" | "dont") => 1,
        Some("do") if t.get(1).is_some_and(|x| x.lower == "not") => 2,
        // "No `select { default: }` on the send.": only a construct in code is forbidden so.
        Some("no") if t.get(1).is_some_and(|x| x.code) => 1,
        _ => return false,
    };
    !s.code && t.get(after).is_some_and(|x| x.code || MOVES.contains(&x.lower.as_str()))
}

/// A quotation the candidate then disputes ("\"X escapes to the heap.\" I disagree ...") is
/// someone else's claim: it earns nothing and states no misconception.
fn disown_disputed_quotes(sentences: &mut [Sentence]) {
    const DISPUTE: &[&str] = &[
        "i disagree",
        "disagree",
        "not true",
        "not quite",
        "that's wrong",
        "this is wrong",
        "wrong",
        "false",
        "nope",
        "no,",
        "myth",
    ];
    for i in 0..sentences.len().saturating_sub(1) {
        let s = &sentences[i];
        let quoted = !s.code && !s.tokens.is_empty() && s.tokens.iter().all(|t| t.quoted);
        let next = sentences[i + 1].text.to_lowercase();
        let next = next.trim_start_matches(|c: char| !c.is_alphanumeric());
        if quoted && DISPUTE.iter().any(|d| next.starts_with(d)) {
            sentences[i].attributed.iter_mut().for_each(|a| *a = true);
        }
    }
}

/// A code block shown as what not to do earns nothing: one labelled so by its own comment
/// (`-- counter-example`, `// wrong`), introduced as someone else's idea ("the usual
/// suggestion is this:") or as a mistake ("don't do this:"), or answered by a "but" that
/// rejects it. Its lines are then someone else's claim, like "some say ...".
fn disown_counter_examples(sentences: &mut [Sentence]) {
    const COMMENT: &[&str] = &[
        "counter-example",
        "counterexample",
        "counter example",
        "wrong",
        "bad",
        "broken",
        "anti-pattern",
        "antipattern",
        "don't do",
        "do not do",
        "don't use",
        "do not use",
        "mistake",
        "buggy",
        "naive",
    ];
    const INTRO: &[&str] = &[
        "usual suggestion",
        "common suggestion",
        "obvious suggestion",
        "usual answer",
        "usual fix",
        "common fix",
        "obvious fix",
        "naive",
        "counter-example",
        "counterexample",
        "don't do",
        "do not do",
        "not this",
        "what not to",
        "wrong way",
        "would suggest",
        "people suggest",
        "might suggest",
        "tempting",
    ];
    let mut i = 0;
    while i < sentences.len() {
        if !sentences[i].code {
            i += 1;
            continue;
        }
        let start = i;
        while i < sentences.len() && sentences[i].code {
            i += 1;
        }
        let block = start..i;
        let lower = |k: usize| sentences[k].text.to_lowercase();
        let comment = block.clone().any(|k| {
            let t = lower(k);
            let comment = t.find("--").or_else(|| t.find("//")).or_else(|| t.find('#')).map(|c| &t[c..]);
            comment.is_some_and(|c| COMMENT.iter().any(|w| c.contains(w)))
        });
        let intro = start > 0 && INTRO.iter().any(|w| lower(start - 1).contains(w));
        let rejected_after = i < sentences.len()
            && !sentences[i].code
            && sentences[i].tokens.first().is_some_and(|t| matches!(t.lower.as_str(), "but" | "however"))
            && (intro || start > 0 && sentences[start - 1].attributed.iter().any(|&a| a));
        if comment || intro || rejected_after {
            for k in block {
                sentences[k].attributed.iter_mut().for_each(|a| *a = true);
            }
        }
    }
}

/// Grades sentences against a scheme. `foreign` holds the other questions' schemes, used only
/// to notice an answer reaching for their vocabulary.
pub(crate) fn grade(scheme: &Scheme, sentences: &[Sentence], words: usize, foreign: &[(&str, &Scheme)]) -> Graded {
    let mut sentences: Vec<Sentence> = sentences.to_vec();
    for i in 1..sentences.len() {
        if !sentences[i - 1].code && sentences[i].dismisses_previous() {
            sentences[i - 1].dismissed = true;
        }
    }
    disown_counter_examples(&mut sentences);
    disown_disputed_quotes(&mut sentences);
    disown_labelled_myths(&mut sentences);
    mark_ruled_out(&mut sentences);
    // A table that sets the options side by side asserts nothing in its cells; a table of
    // notes (cue | statement, Cornell style: cells of sentences, not of a word or two, and not
    // the options) states the candidate's claims like prose.
    let compared: BTreeSet<&str> = scheme
        .choice
        .iter()
        .flat_map(|c| &c.options)
        .filter(|o| sentences.iter().filter(|s| s.table).any(|s| o.mentioned_in(s)))
        .map(|o| o.id.as_str())
        .collect();
    let cells: Vec<usize> = sentences.iter().filter(|s| s.table).map(Sentence::len).collect();
    let notes = !cells.is_empty() && cells.iter().filter(|&&n| n >= 6).count() * 3 >= cells.len();
    if compared.len() < 2 && notes {
        for s in sentences.iter_mut() {
            s.table = false;
        }
    }
    if scheme.choice.is_none() {
        mark_weighed_tables(&mut sentences);
    }
    let sentences = &sentences[..];
    let mut review: Vec<String> = Vec::new();

    let choice = scheme.choice.as_ref().map(|c| (c, resolve_choice(c, sentences)));
    let chosen: Option<&str> = choice.as_ref().and_then(|(_, o)| o.chosen.as_deref());
    if let Some((_, outcome)) = &choice {
        if !outcome.tied.is_empty() {
            let names: Vec<String> =
                outcome.tied.iter().map(|(o, i)| format!("{o} (line {})", sentences[*i].line)).collect();
            review.push(format!("gives more than one final answer: {}", names.join(" and ")));
        } else if let (None, Some(i)) = (&outcome.chosen, outcome.offered) {
            review.push(format!("names the options side by side (line {}) without choosing one", sentences[i].line));
        } else if let (Some(chosen), Some((rival, i))) = (&outcome.chosen, &outcome.rival) {
            review.push(format!(
                "chose {chosen}, but line {} states {rival} as plainly: check which the candidate means",
                sentences[*i].line
            ));
        }
    }

    // Criteria, in two passes: `requires` looks at the first pass.
    let mut outcomes: Vec<CriterionOutcome> = scheme
        .criteria
        .iter()
        .map(|c| match &c.choice {
            Some(option) => match &choice {
                Some((_, resolved)) if chosen == Some(option.as_str()) => {
                    let i = resolved.sentence.unwrap_or(0);
                    // The clause that names the option decides ("FOR SHARE: ... wait; INSERT
                    // unaffected" chooses in prose whatever the terse clause after it).
                    let listy = sentences[i].list_level(&[resolved.token]) != ListLevel::Prose;
                    let factor = if listy { LIST_CREDIT } else { 1.0 };
                    CriterionOutcome {
                        factor,
                        cited: vec![(format!("chose {option}"), i)],
                        denied: None,
                        dumped: None,
                        cut: listy.then_some(Cut::Listed),
                    }
                }
                _ => CriterionOutcome::none(),
            },
            None => {
                let mut outcome = judge_criterion(c, sentences);
                if let Some(option) = &c.requires_choice {
                    // An answer that never settles on one option (none named, or this one tied
                    // with another) still shows whether the candidate understands why this one
                    // works: a hedge earns half of that reasoning, never the choice itself.
                    let undecided = choice.as_ref().is_some_and(|(_, o)| {
                        o.chosen.is_none() && (o.tied.is_empty() || o.tied.iter().any(|(t, _)| t == option))
                    });
                    if undecided && outcome.factor > 0.0 {
                        outcome.factor *= HEDGED_REASONING;
                        outcome.cut = Some(Cut::Hedged);
                    } else if outcome.factor > 0.0 && chosen != Some(option.as_str()) {
                        let at = outcome.cited[0].1;
                        outcome = CriterionOutcome::none();
                        outcome.denied = Some((format!("(counts only with the answer {option})"), at, Hit::Unasserted));
                    }
                }
                outcome
            }
        })
        .collect();
    let earned_first: HashSet<String> =
        scheme.criteria.iter().zip(&outcomes).filter(|(_, o)| o.factor > 0.0).map(|(c, _)| c.id.clone()).collect();
    let mut unmet_requirement: Vec<(usize, String)> = Vec::new();
    for (k, c) in scheme.criteria.iter().enumerate() {
        if outcomes[k].factor > 0.0 {
            if let Some(missing) = c.requires.iter().find(|r| !earned_first.contains(*r)) {
                unmet_requirement.push((k, missing.clone()));
                outcomes[k] = CriterionOutcome::none();
            }
        }
    }

    // Misconceptions.
    let mut fired: Vec<(usize, Option<usize>)> = Vec::new(); // (misconception index, sentence)
                                                             // Misconceptions whose words appear but not as the candidate's claim: (index, sentence, where).
    let mut suppressed: Vec<(usize, usize, &'static str)> = Vec::new();
    for (k, m) in scheme.misconceptions.iter().enumerate() {
        if m.unless_met.iter().any(|c| earned_first.contains(c)) || !m.if_met.iter().all(|c| earned_first.contains(c)) {
            continue;
        }
        if let Some(option) = &m.when_choice {
            if let Some((_, resolved)) = &choice {
                if chosen == Some(option.as_str()) {
                    fired.push((k, resolved.sentence));
                }
            }
            continue;
        }
        let f = find(&m.patterns, sentences, true, m.in_code, &m.unless);
        if let Some(&(i, _)) = f.asserted.first() {
            fired.push((k, Some(i)));
        } else if let Some((i, why)) = f.suppressed {
            suppressed.push((k, i, why));
        }
    }
    let removed: HashSet<&str> =
        fired.iter().flat_map(|(k, _)| scheme.misconceptions[*k].removes.iter().map(String::as_str)).collect();
    let mut cap = fired.iter().filter_map(|(k, _)| scheme.misconceptions[*k].cap).fold(f64::INFINITY, f64::min);
    // Two different wrong ideas asserted ("it deadlocks; use an unbuffered channel"): each
    // cap assumed the rest of the answer was sound, so together they halve it. Two readings of
    // one sentence are one wrong idea.
    let capping: BTreeSet<(Option<usize>, Option<usize>)> = fired
        .iter()
        .filter(|(k, _)| scheme.misconceptions[*k].cap.is_some())
        .map(|(k, i)| if i.is_some() { (*i, None) } else { (None, Some(*k)) })
        .collect();
    if capping.len() >= 2 {
        cap = (cap / 2.0).floor();
    }

    let before_misconceptions: f64 = scheme.criteria.iter().zip(&outcomes).map(|(c, o)| c.points * o.factor).sum();
    let raw: f64 = scheme
        .criteria
        .iter()
        .zip(&outcomes)
        .filter(|(c, _)| !removed.contains(c.id.as_str()))
        .map(|(c, o)| c.points * o.factor)
        .sum();
    let mut score = raw.min(cap);

    // Hedging: a list of options without a commitment earns half at most.
    let cited_sentences: BTreeSet<usize> = outcomes
        .iter()
        .zip(&scheme.criteria)
        .filter(|(_, c)| !removed.contains(c.id.as_str()))
        .flat_map(|(o, _)| o.cited.iter().map(|(_, i)| *i))
        .collect();
    let prose: Vec<usize> = (0..sentences.len()).filter(|&i| !sentences[i].code).collect();
    let hedged_credit = cited_sentences.iter().filter(|&&i| sentences[i].hedged()).count();
    // "B's users could go to C, or be spread, or maybe re-hashed ... I think the next one along.
    // ... Final answer.": a list thought aloud, then settled, is not left hedged.
    let settled_after = |i: usize| prose.iter().any(|&k| k > i && sentences[k].commits() && !sentences[k].hedged());
    let hedged_list =
        cited_sentences.iter().find(|&&i| sentences[i].hedged_list() && !settled_after(i)).copied().or_else(|| {
            // Hedges throughout: most of what earned credit is "maybe".
            let hedges = prose.iter().filter(|&&i| sentences[i].hedged()).count();
            (hedged_credit >= 2 && hedged_credit * 2 > cited_sentences.len() && hedges * 2 >= prose.len())
                .then(|| cited_sentences.iter().copied().find(|&i| sentences[i].hedged()))
                .flatten()
        });
    // A choice made, then left open: another option "could win", and the answer defers to
    // circumstances ("it depends on the data"). Interviewers read that as no commitment.
    let hedged_list = hedged_list.or_else(|| {
        let (c, o) = choice.as_ref()?;
        let chosen = o.chosen.as_deref()?;
        let defers = sentences.iter().any(|s| !s.code && !s.ruled_out && s.defers());
        let rival = sentences.iter().position(|s| {
            !s.code
                && s.hedged()
                && c.options
                    .iter()
                    .filter(|opt| opt.id != chosen)
                    .any(|opt| opt.names.iter().any(|p| !p.find_all(s).is_empty()))
        })?;
        defers.then_some(rival)
    });
    // Options listed ("Possible causes: ...", "Alternatives: ...") and the decision deferred
    // ("the fix depends on what the profile shows"): a list without a commitment.
    let hedged_list = hedged_list.or_else(|| {
        let defers = sentences.iter().position(|s| !s.code && !s.ruled_out && s.defers())?;
        let offers = sentences
            .iter()
            .enumerate()
            .any(|(i, s)| i != defers && !s.code && (s.hedged() || s.labels_options() || s.lists_weighed_options()));
        // "... Considered: ... Decision: sliding window counter.": weighed, then settled.
        // A bare label ("Recommendation.") settles only if what follows it does not hedge.
        let settled = prose.iter().any(|&k| {
            let s = &sentences[k];
            let follows = (s.len() <= 2).then(|| sentences.get(k + 1)).flatten();
            k > defers
                && s.commits()
                && !s.hedged()
                && !s.defers()
                && follows.is_none_or(|f| !f.hedged() && !f.defers())
        });
        (offers && !settled).then_some(defers)
    });
    // Credit earned in a sentence that offers two outcomes and leaves it to circumstances
    // ("the producer either blocks or the events back up, depending on how the send is
    // written"): the candidate has not said which.
    let hedged_list = hedged_list.or_else(|| {
        cited_sentences.iter().copied().find(|&i| {
            let s = &sentences[i];
            !s.code
                && s.defers()
                && s.tokens.iter().any(|t| t.lower == "either")
                && s.tokens.iter().any(|t| t.lower == "or")
        })
    });
    // Labelled alternatives ("Variant A: ... Variant B: ... Variant C: ...") with credit in one
    // of them and no sentence that settles on one.
    let hedged_list = hedged_list.or_else(|| {
        let variants: Vec<usize> = prose.iter().copied().filter(|&i| sentences[i].opens_with_variant()).collect();
        let settled = prose.iter().any(|&i| sentences[i].commits());
        (variants.len() >= 2 && !settled)
            .then(|| variants.iter().copied().find(|i| cited_sentences.contains(i)))
            .flatten()
    });
    // Below half: a hedge is partial credit, never "mostly right".
    let hedge_cap = 0.4 * scheme.points;
    if let Some(i) = hedged_list {
        if score > 0.0 {
            review.push(format!(
                "hedges between options without committing (line {}): at most 40% credit",
                sentences[i].line
            ));
            score = score.min(hedge_cap);
        }
    }

    // Keyword stuffing: credit mostly from lists, plus a contradiction or borrowed vocabulary.
    let cited: Vec<usize> = outcomes.iter().flat_map(|o| o.cited.iter().map(|(_, i)| *i)).collect();
    let listy = cited.iter().filter(|&&i| sentences[i].is_listy()).count();
    let mostly_lists = !cited.is_empty() && listy * 2 > cited.len();
    // One false claim beside right ones is a partly wrong answer, not a contradiction; two or
    // more, or options left side by side, are.
    let contradicts = (fired.len() >= 2 && before_misconceptions > 0.0)
        || choice.as_ref().is_some_and(|(_, o)| !o.tied.is_empty() || o.chosen.is_none() && o.offered.is_some());
    let mut foreign_concepts: Vec<String> = Vec::new();
    let mut foreign_questions: BTreeSet<&str> = BTreeSet::new();
    for (id, other) in foreign {
        for c in &other.criteria {
            for concept in &c.concepts {
                let f = find(&concept.patterns, sentences, false, false, &[]);
                if f.asserted.iter().any(|(i, _)| !sentences[*i].code) {
                    foreign_concepts.push(format!("{id}: {}", concept.name));
                    foreign_questions.insert(id);
                }
            }
        }
    }
    let borrows = foreign_questions.len() >= 2 && foreign_concepts.len() >= 3;
    // Related questions share vocabulary (a good Q10 answer touches six other questions' ideas),
    // so borrowed vocabulary or a contradiction only counts together with list-like writing.
    let stuffing = mostly_lists && (contradicts || borrows) && score > 0.0;
    if stuffing {
        let mut why = vec!["lists terms instead of explaining them".to_string()];
        if contradicts {
            why.push("contradicts itself".to_string());
        }
        if borrows {
            why.push(format!("borrows other questions' vocabulary ({})", foreign_concepts.join(", ")));
        }
        review.push(format!("reads as keyword stuffing ({}); scored 0", why.join("; ")));
        score = 0.0;
    }

    // Evidence, missed criteria, review notes.
    let mut evidence = Vec::new();
    let mut missed = Vec::new();
    let mut dump_lines: BTreeSet<usize> = BTreeSet::new();
    for (k, (c, o)) in scheme.criteria.iter().zip(&outcomes).enumerate() {
        let removed_here = removed.contains(c.id.as_str());
        if o.factor > 0.0 && !removed_here && !stuffing {
            let each = c.points * o.factor / o.cited.len().max(1) as f64;
            for (concept, i) in &o.cited {
                evidence.push(Evidence {
                    criterion: c.id.clone(),
                    concept: concept.clone(),
                    points: round(each),
                    quote: quote(&sentences[*i]),
                    line: sentences[*i].line,
                });
            }
            let line = o.cited.first().map(|(_, i)| sentences[*i].line).unwrap_or(0);
            match o.cut {
                Some(Cut::Listed) => review.push(format!(
                    "`{}` is met only inside a terse list of terms (line {line}), so it earned {:.0}%: check the candidate can explain it",
                    c.id,
                    LIST_CREDIT * 100.0
                )),
                Some(Cut::Hedged) => review.push(format!(
                    "`{}` (line {line}) backs an option the answer never settles on, so it earned {:.0}%",
                    c.id,
                    HEDGED_REASONING * 100.0
                )),
                None if o.factor < 1.0 => review.push(format!(
                    "`{}` is met in {} sentence(s) (line {line}), fewer than full credit takes, so it earned {:.0}%",
                    c.id,
                    o.cited.len(),
                    o.factor * 100.0
                )),
                None => {}
            }
            continue;
        }
        if unearned_alternative(scheme, c, o) {
            continue;
        }
        let note = if stuffing && o.factor > 0.0 {
            Some("the answer reads as keyword stuffing".to_string())
        } else if removed_here && o.factor > 0.0 {
            let by: Vec<&str> = fired
                .iter()
                .map(|(k, _)| &scheme.misconceptions[*k])
                .filter(|m| m.removes.contains(&c.id))
                .map(|m| m.id.as_str())
                .collect();
            Some(format!(
                "the words are there (line {}) but the misconception {} removes this credit",
                sentences[o.cited[0].1].line,
                by.join(", ")
            ))
        } else if let Some((_, missing)) = unmet_requirement.iter().find(|(i, _)| *i == k) {
            Some(format!("counts only together with `{missing}`"))
        } else if let Some((concept, i, hit)) = &o.denied {
            if concept.starts_with("(counts only") {
                Some(format!(
                    "the reasoning is there (line {}) but {}",
                    sentences[*i].line,
                    concept.trim_matches(['(', ')'])
                ))
            } else {
                let how = match hit {
                    Hit::Negated => "negated",
                    _ => "attributed to someone else or asked as a question",
                };
                review.push(format!(
                    "mentions {concept:?} only where it is {how} (line {}): check the reading",
                    sentences[*i].line
                ));
                Some(format!("{concept:?} appears only {how} (line {})", sentences[*i].line))
            }
        } else if let Some(i) = o.dumped {
            dump_lines.insert(sentences[i].line);
            Some(format!("named only inside a dump of terms (line {})", sentences[i].line))
        } else if c.choice.is_some() {
            match &choice {
                Some((_, o)) if o.chosen.is_some() => Some(format!("chose {}", o.chosen.as_deref().unwrap_or("?"))),
                Some((_, o)) if !o.tied.is_empty() => Some("more than one final answer".to_string()),
                _ => Some("no final answer found".to_string()),
            }
        } else {
            None
        };
        missed.push(MissedCriterion {
            criterion: c.id.clone(),
            points: c.points,
            description: c.description.clone(),
            note,
        });
    }
    if !dump_lines.is_empty() {
        review.push(format!(
            "a list of terms without statements (line {}) earned nothing: check whether the candidate can explain them",
            dump_lines.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")
        ));
    }

    let mut misconceptions = Vec::new();
    for (k, i) in &fired {
        let m = &scheme.misconceptions[*k];
        let mut effects = Vec::new();
        if let Some(cap) = m.cap {
            effects.push(format!("caps the score at {cap}"));
        }
        if !m.removes.is_empty() {
            effects.push(format!("removes credit for {}", m.removes.join(", ")));
        }
        let (quote_text, line) = match i {
            Some(i) => (quote(&sentences[*i]), sentences[*i].line),
            None => (String::new(), 0),
        };
        misconceptions.push(MisconceptionFound {
            id: m.id.clone(),
            description: m.description.clone(),
            quote: quote_text,
            line,
            effect: effects.join(" and "),
            correction: m.correction.clone(),
        });
    }

    // Mixed signals: a misconception took away credit that the rest of the answer earned.
    let mixed = before_misconceptions > score && score > 0.0 || score >= 0.3 * scheme.points;
    if !stuffing && !fired.is_empty() && before_misconceptions > 0.0 && mixed {
        let ids: Vec<&str> = fired.iter().map(|(k, _)| scheme.misconceptions[*k].id.as_str()).collect();
        review.push(format!(
            "states a misconception ({}) but also earns credit ({} of {} points before it): check which the candidate means",
            ids.join(", "),
            round(before_misconceptions),
            scheme.points
        ));
    }
    if let Some((c, o)) = &choice {
        if o.chosen.is_none() && o.tied.is_empty() && o.offered.is_none() && score > 0.0 {
            review.push(format!("no explicit final answer found (the key is {})", c.correct));
        }
    }
    let wrong_choice = fired.iter().any(|(k, _)| scheme.misconceptions[*k].when_choice.is_some());
    // ... and names the right option as workable ("FOR SHARE would also work, but ...").
    let right_named = choice.as_ref().is_some_and(|(c, _)| {
        c.options.iter().filter(|o| o.id == c.correct).flat_map(|o| &o.names).any(|p| {
            sentences.iter().any(|s| !s.code && p.find_all(s).iter().any(|m| classify(s, m, false) == Hit::Asserted))
        })
    });
    if wrong_choice && right_named && words >= 40 && score <= 0.3 * scheme.points && !stuffing {
        // A wrong final answer with a real explanation: humans often give the reasoning part credit.
        let explaining = prose.iter().filter(|&&i| sentences[i].explains()).count();
        if explaining >= 1 {
            review.push(format!(
                "the final answer is wrong but the answer explains its reasoning ({explaining} sentences): it may deserve partial credit"
            ));
        }
    }
    if words >= 40 && score <= 0.25 * scheme.points && fired.is_empty() && !stuffing {
        review.push(format!("a {words}-word answer earned little: it may use wording the rubric does not know"));
    } else if words >= 80 && score <= 0.5 * scheme.points && fired.is_empty() && !stuffing {
        // A long explanation that earned half or less: the rubric may miss its wording, or a
        // criterion may rest on a phrase it does not know.
        let explaining = prose.iter().filter(|&&i| sentences[i].explains()).count();
        if explaining >= 3 {
            review.push(format!(
                "explains at length ({words} words, {explaining} explaining sentences) but earned half or less: it may word a point the rubric misses"
            ));
        }
    } else if words >= 20 && score <= 0.3 * scheme.points && fired.is_empty() && !stuffing {
        // Paraphrase: an explanation in the candidate's own words the rubric may not know.
        let explaining = prose.iter().filter(|&&i| sentences[i].explains()).count();
        if explaining >= 2 {
            review.push(format!(
                "explains in {explaining} sentences but earned little: it may paraphrase what the rubric words differently"
            ));
        }
    }
    // A misconception's words where they are not a claim: the reading decides a lot.
    if !stuffing && score >= 0.3 * scheme.points {
        if let Some((k, i, why)) = suppressed.first() {
            review.push(format!(
                "the words of misconception {} appear in {why} (line {}) and were not counted: check the reading",
                scheme.misconceptions[*k].id, sentences[*i].line
            ));
        }
    }
    // Vocabulary without explanation: the credit rests on terms a candidate may not understand.
    if !stuffing && score >= 0.5 * scheme.points && !cited_sentences.is_empty() {
        let explained = prose.iter().any(|&i| sentences[i].explains());
        let short = prose.len() <= 2 && words < 12;
        if short && !explained {
            review.push(
                "credit rests on vocabulary alone (no because, so, until...): check the candidate can explain it"
                    .to_string(),
            );
        }
    }
    // Half credit or more for an answer that hedges again and again ("may", "could",
    // "either", "depends"): answers that list possibilities earn credit for each one named,
    // and whether the candidate commits is for a reader to judge.
    if !stuffing && review.is_empty() && score >= 0.5 * scheme.points {
        let hedges: usize = prose.iter().map(|&i| hedge_words(&sentences[i])).sum();
        if hedges >= 2 {
            review.push(format!(
                "earns {} of {} while hedging {hedges} times (may, could, either, depends ...): check that it commits to an answer",
                round(score),
                scheme.points
            ));
        }
    }
    if !evidence.is_empty() {
        let code_only = evidence.iter().all(|e| sentences.iter().any(|s| s.line == e.line && s.code));
        if code_only && words < 8 {
            review.push("all credit comes from code: check the candidate can explain it".to_string());
        }
    }

    let score = round(score);
    let mut summary = summarise(scheme, score, &outcomes, &removed, &fired, &choice, stuffing);
    if hedged_list.is_some() && !stuffing && score > 0.0 && score >= hedge_cap {
        summary.push_str("; hedged (at most 40% credit)");
    }
    Graded {
        score,
        evidence,
        missed,
        misconceptions,
        choice: choice.map(|(c, o)| ChoiceFound {
            chosen: o.chosen.clone(),
            correct: c.correct.clone(),
            quote: o.sentence.map(|i| quote(&sentences[i])),
            line: o.sentence.map(|i| sentences[i].line),
        }),
        review,
        summary,
    }
}

/// How many words of the sentence hedge ("may", "could", "either", "depends", "probably").
fn hedge_words(s: &Sentence) -> usize {
    let t = &s.tokens;
    (0..t.len())
        .filter(|&i| {
            let w = t[i].lower.as_str();
            matches!(
                w,
                "may"
                    | "might"
                    | "could"
                    | "possibly"
                    | "perhaps"
                    | "maybe"
                    | "either"
                    | "unsure"
                    | "equally"
                    | "alternatively"
                    | "probably"
                    | "likely"
            ) || ["depend", "option", "possibilit"].iter().any(|p| w.starts_with(p))
                || w == "sure" && i > 0 && t[i - 1].lower == "not"
        })
        .count()
}

fn summarise(
    scheme: &Scheme,
    score: f64,
    outcomes: &[CriterionOutcome],
    removed: &HashSet<&str>,
    fired: &[(usize, Option<usize>)],
    choice: &Option<(&CompiledChoice, ChoiceOutcome)>,
    stuffing: bool,
) -> String {
    let head = format!("{score}/{}", scheme.points);
    if stuffing {
        return format!("{head}: keyword stuffing, no credit");
    }
    let is_met = |c: &CompiledCriterion, o: &CriterionOutcome| o.factor > 0.0 && !removed.contains(c.id.as_str());
    let met: Vec<&str> =
        scheme.criteria.iter().zip(outcomes).filter(|(c, o)| is_met(c, o)).map(|(c, _)| c.id.as_str()).collect();
    let missed: Vec<&str> = scheme
        .criteria
        .iter()
        .zip(outcomes)
        .filter(|(c, o)| !(is_met(c, o) || unearned_alternative(scheme, c, o)))
        .map(|(c, _)| c.id.as_str())
        .collect();
    let mut text = Vec::new();
    if let Some((c, o)) = choice {
        match &o.chosen {
            Some(x) if *x == c.correct => text.push(format!("chose {x} (right)")),
            Some(x) => text.push(format!("chose {x} (the key is {})", c.correct)),
            None if !o.tied.is_empty() => text.push("gave more than one final answer".into()),
            None => text.push("no final answer found".into()),
        }
    }
    if !met.is_empty() {
        text.push(format!("met {}", met.join(", ")));
    }
    if !missed.is_empty() {
        text.push(format!("missed {}", missed.join(", ")));
    }
    for (k, _) in fired {
        text.push(format!("misconception {}", scheme.misconceptions[*k].id));
    }
    format!("{head}: {}", text.join("; "))
}
