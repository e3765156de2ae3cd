//! Words, sentences and clauses: the small amount of language the grader understands.
//!
//! Grading never matches raw strings. A sentence is split into tokens (lower-cased, lightly
//! stemmed) and every token knows its clause, so the grader can tell "SKIP LOCKED fixes it"
//! from "SKIP LOCKED won't help", and "it is 9" from "some say 9". The rules are small on
//! purpose and are written down for rubric authors in `rubrics/README.md`:
//!
//! - **Negation**: a negator (`not`, `never`, `won't`, `without`, ...) at most two tokens before
//!   a matched word, in the same comma-clause; or, after the match, a negator followed by a
//!   relevance word (`X won't help`, `X is not the problem`) or a dismissal (`X is a myth`);
//!   or a following "That won't help." sentence or "..., but that is not the issue" clause.
//! - **Attribution**: words after `some say`, `people think`, `instead of`, `rather than`,
//!   `unlike`, `a common misconception` ... up to the next comma are someone else's claim.
//! - **Contrast**: in `X, but Y` the clause X is demoted; in `X although Y` the clause Y is.
//!   Demotion only matters when two final answers compete.
//! - **Rejection**: `X is out`, `X is ruled out`, `rule out X` negate X; the reason after a
//!   rejection (`A is worse because ...`) is about the rejected option.
//! - **Asides**: words in brackets belong to the word before them (not items of a list);
//!   words in a quotation of three or more are someone else's; an `if` condition is not a claim.
//! - Sentences ending in `?` assert nothing.

/// Opens an inline code span in prose text (a private-use character the parser inserts).
pub(crate) const CODE_START: char = '\u{E000}';
/// Closes an inline code span.
pub(crate) const CODE_END: char = '\u{E001}';

/// How two neighbouring tokens are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Break {
    /// Nothing but spaces.
    None,
    /// A comma, colon, bracket or dash: ends negation and attribution scopes.
    Soft,
    /// A semicolon or a contrast word: also ends pattern gaps and choice clauses.
    Strong,
}

/// One word of a sentence.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    /// Lower-cased, lightly stemmed form: what pattern words are compared with.
    pub norm: String,
    /// Lower-cased surface form: what prefixes, negators and stop words are compared with.
    pub lower: String,
    /// The surface form is one upper-case letter (an option letter, not the article "a").
    pub capital: bool,
    /// The token starts with a digit.
    pub number: bool,
    /// Written in capitals (`FOR`, `BY`): SQL, not an English function word.
    pub shout: bool,
    /// Inside inline code: matched like any word, but not part of the prose's shape.
    pub code: bool,
    /// The separation between the previous token and this one.
    pub break_before: Break,
    /// Index of the strong clause (split at `;` and contrast words).
    pub clause: usize,
    /// Index of the soft clause (also split at commas, colons, brackets, dashes).
    pub soft: usize,
    /// Inside round or square brackets: an aside to the word before, not an item of a list.
    pub bracket: bool,
    /// Inside double quotes of at least three words: a quotation, not the writer's claim.
    pub quoted: bool,
    /// Joined to the previous word by a hyphen (`make-and-copy`): part of one compound.
    pub hyphen: bool,
    /// The quantity the token states, if it is one: `500,000`, `0.11 s`, `67%`, `2/3`, "half".
    pub quantity: Option<Quantity>,
}

/// A number read with its unit, so rubrics can tell a right figure from one off by ten.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Quantity {
    pub value: f64,
    pub unit: Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    /// A count or a plain number (`500,000`, `500k`, `1GB`).
    Plain,
    /// A duration, in seconds (`0.11 s`, `110ms`, `2 minutes`).
    Seconds,
    /// A share of a whole, as a fraction (`67%`, `2/3`, "a third", "half").
    Share,
}

/// A sentence ready for matching.
#[derive(Debug, Clone)]
pub(crate) struct Sentence {
    /// The sentence as written (whitespace collapsed), for quoting.
    pub text: String,
    /// 1-based line in the source file.
    pub line: usize,
    /// A line of a code block.
    pub code: bool,
    /// The tokens.
    pub tokens: Vec<Token>,
    /// Per token: inside someone else's claim ("some say ...").
    pub attributed: Vec<bool>,
    /// Per token: demoted by a contrast ("X, but ...") or a concession ("although X").
    demoted: Vec<bool>,
    /// The sentence is a question: it asserts nothing.
    pub question: bool,
    /// A statement ending in a question mark ("the producer slows down to the consumer's
    /// speed ?"): asserted, but unsure.
    pub tentative: bool,
    /// The sentence is hypothetical ("if ..., it would be ..."): demoted for final answers.
    pub hypothetical: bool,
    /// The whole sentence was dismissed by what follows ("That won't help.").
    pub dismissed: bool,
    /// Per token: how list-like its clause is.
    lists: Vec<ListLevel>,
    /// A cell of a table: a comparison of options, not a choice of one.
    pub table: bool,
    /// Under a "Won't:" / "Avoid:" label: what it names is ruled out (no choice, no claim of
    /// the candidate's), while the reasons given still count.
    pub ruled_out: bool,
}

/// Marks that reject what they follow.
const CROSSES: [char; 5] = ['\u{2717}', '\u{2718}', '\u{274C}', '\u{2716}', '\u{274E}'];
/// Marks that approve what they follow (`B = (last_name, age) ✓`).
const CHECKS: [char; 4] = ['\u{2713}', '\u{2714}', '\u{2611}', '\u{2705}'];

/// How much a clause reads as a list of terms rather than a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ListLevel {
    /// A statement.
    Prose,
    /// Terse or list-like ("Fix: pool, batching, Kafka"): credit is reduced and flagged.
    List,
    /// A dump of terms ("backing array, GC, heap, copy, closure, gcflags..."): earns nothing.
    Dump,
}

impl Sentence {
    /// Does the sentence hold a specific: a number, code, an identifier (`RwLock`,
    /// `yield_now`, `tokio::spawn`), a named kata or a test? Reflection credit needs one.
    pub fn is_specific(&self) -> bool {
        // "(3 votes)" on a sticky note counts the board's votes, not anything measured.
        let tally = |k: usize| {
            self.tokens.get(k + 1).is_some_and(|n| matches!(n.lower.as_str(), "votes" | "vote" | "likes" | "upvotes"))
        };
        // "Due: Today 22:00" is when, not anything measured.
        let clock = |t: &Token| t.lower.contains(':') && t.lower.split(':').all(|p| p.len() == 2 || p.len() == 1);
        // "SLIDE 2", "Card 3": a number that only counts the document's own parts ("Step 3",
        // "Part 1", "Section 2" are no numbers at all: see `REFERS` in the tokenizer).
        let ordinal = |k: usize| {
            k > 0
                && matches!(
                    self.tokens[k - 1].lower.as_str(),
                    "slide" | "card" | "page" | "phase" | "act" | "scene" | "round"
                )
        };
        // "pays off 10x", "2–3x more productive": a multiplier with nothing measured beside it
        // is a boast; a benchmark or a measured figure on the line is what makes it evidence.
        let multiplier = |t: &Token| {
            t.lower.len() > 1
                && t.lower.ends_with('x')
                && t.lower[..t.lower.len() - 1].chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '–'))
        };
        // "savings of up to 50%": a ceiling promised, not a figure measured.
        let ceiling = |k: usize| k >= 2 && self.tokens[k - 2].lower == "up" && self.tokens[k - 1].lower == "to";
        // "3.2 The fixes reduce risk ...": a clause number opening a numbered paragraph.
        let clause_number = |k: usize| {
            k == 0
                && self.tokens[k].lower.contains('.')
                && self.tokens[k].lower.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
                && self.tokens.get(1).is_some_and(|n| is_function_word(&n.lower))
        };
        if self.code
            || self.tokens.iter().enumerate().any(|(k, t)| {
                t.number && !tally(k) && !clock(t) && !ordinal(k) && !multiplier(t) && !ceiling(k) && !clause_number(k)
                    || t.code
            })
        {
            return true;
        }
        // "Lucky number: whatever your tests say": the reader's tests, not any the writer ran.
        // "Every challenge was tested" claims testing; a test named or described is one.
        let named = self.tokens.iter().enumerate().any(|(k, t)| {
            matches!(t.lower.as_str(), "kata" | "katas" | "test" | "tests" | "benchmark" | "benchmarked" | "reproduced")
                && !(k > 0 && self.tokens[k - 1].lower == "your")
        });
        named
            // "@Priya_K" is a person's handle, not an identifier from the code.
            || self.text.split_whitespace().filter(|w| !w.trim_start_matches(['*', '_']).starts_with('@')).any(|w| {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '_' && c != ':');
                let camel = w.chars().zip(w.chars().skip(1)).any(|(a, b)| a.is_lowercase() && b.is_uppercase());
                camel || w.contains("::") || w.trim_matches('_').contains('_')
            })
    }

    /// Analyses one sentence of prose.
    pub fn prose(text: &str, line: usize) -> Sentence {
        let marked = collapse_whitespace(text);
        // A cross after an option (`LOCK TABLE ✗ — blocks inserts`) rejects it, as "wrong" does.
        // One closing the line (`FOR UPDATE ⇒ stronger than needed ✗`) is a verdict on the whole
        // line, not a denial of its last words.
        let closing_cross = marked.trim_end().ends_with(CROSSES);
        let read = if closing_cross {
            format!("{} \u{2014} wrong", marked.trim_end().trim_end_matches(CROSSES))
        } else {
            marked.clone()
        };
        // A line that opens on a cross and holds another is a checklist ("✗ drop  ✗ panic  just
        // waits"): each cross denies the word after it, as "no" does. One cross before an option
        // ("✗ LOCK TABLE — blocks inserts") rejects the option, its reasons kept.
        let crosses = marked.matches(CROSSES).count();
        let read =
            if marked.trim_start().starts_with(CROSSES) && crosses >= 2 { read.replace(CROSSES, " no ") } else { read };
        let read = read.replace(CROSSES, " wrong ").replace(CHECKS, " correct ");
        let (mut tokens, openers) = tokenize_with_openers(&read);
        mark_inline_sql(&mut tokens);
        let text = marked.replace([CODE_START, CODE_END], "`");
        let mut attributed = attribution(&tokens);
        // "They may or may not be affected", "it will or won't move": both ways at once asserts
        // neither, for the whole clause.
        for i in 0..tokens.len().saturating_sub(2) {
            let (w, or, next) = (&tokens[i].lower, &tokens[i + 1].lower, &tokens[i + 2].lower);
            let both_ways = or == "or"
                && (next == w && tokens.get(i + 3).is_some_and(|t| t.lower == "not")
                    || next.strip_suffix("n't") == Some(w.as_str())
                    || w == "will" && next == "won't"
                    || w == "can" && matches!(next.as_str(), "cannot" | "can't"));
            if both_ways {
                let clause = tokens[i].clause;
                for (k, t) in tokens.iter().enumerate() {
                    if t.clause == clause {
                        attributed[k] = true;
                    }
                }
            }
        }
        let demoted = demotions(&tokens, &openers);
        let asks = text.trim_end_matches(['*', '_', ')', '"', '\'', ' ']).ends_with('?');
        // "✎ does the pointer r stay on the stack": a question restated as a note, its mark left
        // off; no statement opens on "does".
        let unmarked = !asks && tokens.len() > 2 && matches!(tokens[0].lower.as_str(), "does" | "did");
        let question = asks && interrogative(&tokens) || unmarked;
        let tentative = asks && !question;
        let hypothetical = is_hypothetical(&tokens);
        let lists = list_levels(&tokens);
        let mut sentence = Sentence {
            text,
            line,
            code: false,
            tokens,
            attributed,
            demoted,
            question,
            tentative,
            hypothetical,
            dismissed: false,
            lists,
            table: false,
            ruled_out: false,
        };
        sentence.dismiss_clauses_before_dismissals();
        sentence
    }

    /// One line of a code block: matched literally, never negated or attributed.
    pub fn code(text: &str, line: usize) -> Sentence {
        let text = collapse_whitespace(text);
        let tokens = tokenize(&text);
        let n = tokens.len();
        Sentence {
            text,
            line,
            code: true,
            tokens,
            attributed: vec![false; n],
            demoted: vec![false; n],
            question: false,
            tentative: false,
            hypothetical: false,
            dismissed: false,
            lists: vec![ListLevel::Prose; n],
            table: false,
            ruled_out: false,
        }
    }

    /// Is the token at `i` negated, given the tokens matched by a pattern (`slots`)?
    ///
    /// Negators that are themselves matched by the pattern do not count: a pattern may say
    /// `doesn't allow` on purpose.
    pub fn negated(&self, slots: &[usize]) -> bool {
        self.negated_by(slots, false)
    }

    /// Like [`Sentence::negated`], also counting "avoid", "prevent", "eliminate".
    pub fn denied(&self, slots: &[usize]) -> bool {
        self.negated_by(slots, true)
    }

    fn negated_by(&self, slots: &[usize], preventers: bool) -> bool {
        if self.code {
            return false;
        }
        if self.dismissed {
            return true;
        }
        // "Not an STM-style retry of the whole transaction - just the row ...": a sentence that
        // opens with "not" denies its first clause, however long the phrase.
        if self.tokens.first().is_some_and(|t| t.lower == "not")
            && !slots.is_empty()
            && !slots.contains(&0)
            && slots.iter().all(|&i| self.tokens[i].soft == self.tokens[0].soft)
        {
            return true;
        }
        // "Jordan has not yet shown that he could explain the code, or that the tests would have
        // caught a wrong suggestion": what was never shown is denied, however far it runs.
        let unshown = self.tokens.iter().enumerate().find(|(p, t)| {
            matches!(t.lower.as_str(), "shown" | "showed" | "proven" | "proved" | "demonstrated" | "evidence")
                && (p.saturating_sub(3)..*p).any(|j| is_negator(&self.tokens, j))
        });
        if let Some((p, _)) = unshown {
            if !slots.is_empty() && slots.iter().all(|&i| i > p) {
                return true;
            }
        }
        // "No data gets dropped because the producer waits", "Nothing is lost": a clause whose
        // subject is "no ..." denies its verb, a few words on.
        let denied_subject = |slot: usize| {
            let soft = self.tokens[slot].soft;
            let start = (0..=slot).rev().take_while(|&j| self.tokens[j].soft == soft).last().unwrap_or(slot);
            let opener = self.tokens[start].lower.as_str();
            matches!(opener, "no" | "nothing" | "none")
                && start < slot
                && slot - start <= 4
                && self.tokens.get(start + 1).is_some_and(|t| t.lower != "matter")
                && !self.tokens[start + 1..slot]
                    .iter()
                    .any(|t| matches!(t.lower.as_str(), "so" | "because" | "but" | "and" | "then"))
        };
        if slots.iter().min().is_some_and(|&first| denied_subject(first)) {
            return true;
        }
        for &slot in slots {
            // "not dropped or crashed": a negation reaches across `or`/`nor` to the next item.
            let coordinated = (1..=2).any(|back| {
                slot.checked_sub(back).is_some_and(|j| {
                    self.tokens[j].soft == self.tokens[slot].soft
                        && matches!(self.tokens[j].lower.as_str(), "or" | "nor")
                })
            });
            let mut reach = if coordinated { 4 } else { 2 };
            // "doesn't actually need to lock the row": a negated verb reaches over the words that
            // only lead up to the matched one.
            let lead_in = |j: usize| {
                matches!(
                    self.tokens[j].lower.as_str(),
                    "to" | "need" | "needs" | "have" | "has" | "actually" | "really" | "even" | "ever" | "necessarily"
                )
            };
            let mut back = 0;
            while back < reach {
                back += 1;
                let Some(j) = slot.checked_sub(back) else { break };
                if lead_in(j) && reach < 6 {
                    reach += 1;
                }
                if self.tokens[j].soft != self.tokens[slot].soft {
                    break;
                }
                if slots.contains(&j) {
                    continue;
                }
                if is_negator(&self.tokens, j)
                    || is_ruling_out(&self.tokens, j)
                    || preventers && PREVENTERS.contains(&self.tokens[j].lower.as_str())
                {
                    return true;
                }
            }
        }
        // "never uses a stale value", "is never computed from a stale value": a wrong idea
        // denied through its verb, past a preposition and an article.
        if let Some(&first) = slots.iter().min().filter(|_| preventers) {
            let mut k = first;
            let soft = self.tokens[first].soft;
            let skip = |k: &mut usize, words: &[&str]| {
                if *k > 0 && self.tokens[*k - 1].soft == soft && words.contains(&self.tokens[*k - 1].lower.as_str()) {
                    *k -= 1;
                }
            };
            skip(&mut k, &["a", "an", "the", "any"]);
            skip(&mut k, &["from", "on", "with", "by", "in", "at"]);
            let verb = k > 1 && self.tokens[k - 1].soft == soft && !self.tokens[k - 1].number;
            if verb && self.tokens[k - 2].soft == soft && is_negator(&self.tokens, k - 2) {
                return true;
            }
        }
        // "not from a stale read", "not by a table lock": a negated phrase after a preposition
        // is negated whole.
        if let Some(&first) = slots.iter().min() {
            for j in first.saturating_sub(12)..first {
                let prep = self.tokens.get(j + 1).is_some_and(|t| {
                    matches!(
                        t.lower.as_str(),
                        "from" | "by" | "on" | "in" | "at" | "with" | "via" | "through" | "about"
                    )
                });
                if !prep || !is_negator(&self.tokens, j) {
                    continue;
                }
                let near = first - j <= 5 && (j..=first).all(|k| self.tokens[k].soft == self.tokens[first].soft);
                // "in the long-term area (the heap), not in the function's own scratch space
                // (the stack)": a contrast set off by a comma runs to the end of its clause,
                // past a bracketed gloss.
                let contrast = j > 0
                    && self.tokens[j].break_before == Break::Soft
                    && (j..=first).all(|k| self.tokens[k].clause == self.tokens[first].clause)
                    && (j + 1..=first).all(|k| self.tokens[k].bracket || self.tokens[k].soft == self.tokens[j].soft);
                if near || contrast {
                    return true;
                }
            }
        }
        // "LOCK TABLE stops updates, but it also stops INSERT, so no.": the verdict closing the
        // sentence is on the option it opens with.
        let n = self.tokens.len();
        let closes_no = n >= 3 && self.tokens[n - 1].lower == "no" && self.tokens[n - 2].lower == "so";
        // Only the option is refused: a reason that runs on past its clause ("LOCK TABLE ...
        // stops INSERT") is still the candidate's claim.
        let in_first_clause = slots.iter().all(|&k| self.tokens[k].soft == self.tokens[0].soft);
        if closes_no && in_first_clause && slots.iter().min().is_some_and(|&first| first <= 1) {
            return true;
        }
        // After the match: "X won't help", "X is not the problem", "X is a myth".
        let Some(&end) = slots.iter().max() else { return false };
        let soft = self.tokens[end].soft;
        let mut after: Vec<usize> =
            (end + 1..self.tokens.len()).take_while(|&j| self.tokens[j].soft == soft).take(4).collect();
        // "FOR UPDATE: stronger than needed", "LOCK TABLE - overkill": the option, then a
        // verdict on it after a colon or a dash.
        let verdict = after.is_empty()
            && self
                .tokens
                .get(end + 1)
                .is_some_and(|t| t.break_before == Break::Soft && t.clause == self.tokens[end].clause);
        if verdict {
            let next = self.tokens[end + 1].soft;
            after = (end + 1..self.tokens.len()).take_while(|&j| self.tokens[j].soft == next).take(4).collect();
            if after.iter().any(|&j| is_rejection(&self.tokens, j)) {
                return true;
            }
            // "the event is dropped (no – only with select/default)": a bare "no" opening the
            // remark on the option, set off from what follows.
            let bare_no = after.first().is_some_and(|&j| {
                self.tokens[j].lower == "no" && self.tokens.get(j + 1).is_none_or(|t| t.break_before != Break::None)
            });
            if bare_no {
                return true;
            }
            // "Stack — ei, vale (no, wrong)": an interjection first, then the verdict.
            let clause = self.tokens[end].clause;
            if after.len() <= 2 {
                let then = after.last().map_or(end + 1, |&j| j + 1);
                let further = self.tokens.get(then).map(|t| t.soft);
                let verdict_after = (then..self.tokens.len())
                    .take_while(|&j| Some(self.tokens[j].soft) == further && self.tokens[j].clause == clause)
                    .take(4)
                    .any(|j| is_rejection(&self.tokens, j));
                if verdict_after {
                    return true;
                }
            }
        }
        // "`FOR UPDATE` would be an exclusive lock — overkill": a short statement about the
        // option, then the verdict on it after a dash.
        let last = (end + 1..self.tokens.len()).take_while(|&j| self.tokens[j].soft == soft).last().unwrap_or(end);
        if !verdict && last - end <= 6 {
            if let Some(t) = self.tokens.get(last + 1) {
                if t.break_before == Break::Soft && t.clause == self.tokens[end].clause {
                    let closing = (last + 1..self.tokens.len()).take_while(|&j| self.tokens[j].soft == t.soft).take(2);
                    if closing.into_iter().any(|j| is_verdict_against(&self.tokens, j)) {
                        return true;
                    }
                }
            }
        }
        for &j in &after {
            if is_dismissal(&self.tokens[j].lower) || is_out(&self.tokens, j) || is_verdict_against(&self.tokens, j) {
                return true;
            }
            // "FOR UPDATE so nobody can change the rows": a negated subject states the option's
            // effect, not its relevance.
            if is_negator(&self.tokens, j) && !matches!(self.tokens[j].lower.as_str(), "nobody" | "noone") {
                let rest = (j + 1..self.tokens.len()).take_while(|&m| self.tokens[m].soft == soft).take(3);
                for m in rest {
                    // "isn't the point", but "can't point into another stack" is a verb.
                    let verb = self.tokens[m].norm == "point"
                        && !matches!(self.tokens[m - 1].lower.as_str(), "the" | "a" | "any" | "much");
                    if is_relevance(&self.tokens[m].norm) && !verb {
                        return true;
                    }
                }
            }
        }
        false
    }

    /// Is any matched token inside someone else's claim, or is the sentence a question?
    pub fn unasserted(&self, slots: &[usize]) -> bool {
        self.question || slots.iter().any(|&i| self.attributed[i]) || self.in_whether(slots) && self.doubts()
    }

    /// Does the writer say they do not know ("What I'm not sure about is whether Tx2
    /// re-reads the row")? What they wonder about is not what they claim.
    fn doubts(&self) -> bool {
        let lower = self.text.to_lowercase();
        ["not sure", "n't sure", "unsure", "unclear", "wonder", "don't know", "do not know", "no idea", "not certain"]
            .iter()
            .any(|w| lower.contains(w))
    }

    /// Is the strong clause of token `i` demoted (before `but`, after `although`)?
    pub fn demoted(&self, i: usize) -> bool {
        self.hypothetical || self.demoted.get(i).copied().unwrap_or(false)
    }

    /// "X, but that won't help": the clause before a dismissing clause is negated.
    fn dismiss_clauses_before_dismissals(&mut self) {
        let clauses = self.tokens.last().map(|t| t.clause + 1).unwrap_or(0);
        for c in 1..clauses {
            let idx: Vec<usize> = (0..self.tokens.len()).filter(|&i| self.tokens[i].clause == c).collect();
            if is_dismissing_remark(&self.tokens, &idx) {
                for i in 0..self.tokens.len() {
                    if self.tokens[i].clause == c - 1 {
                        // Mark by attribution: the earlier clause is no longer asserted.
                        self.attributed[i] = true;
                    }
                }
            }
        }
    }

    /// Is this whole (short) sentence a remark that dismisses the previous one?
    pub fn dismisses_previous(&self) -> bool {
        if self.code {
            return false;
        }
        // "... suggests each transaction has already read 10. An UPDATE doesn't work that way:
        // ...", "That's not how Postgres works": the reading before is corrected, however long
        // the correction runs.
        let t = &self.tokens;
        let negated_at = |k: usize| (k.saturating_sub(2)..k).any(|j| is_negator(t, j));
        let corrects = (0..t.len()).any(|k| {
            matches!(t[k].lower.as_str(), "work" | "works")
                && t.get(k + 1).is_some_and(|n| n.lower == "that")
                && t.get(k + 2).is_some_and(|n| n.lower == "way")
                && negated_at(k)
                || t[k].lower == "how"
                    && k > 0
                    && is_negator(t, k - 1)
                    && t[k + 1..].iter().take(3).any(|n| matches!(n.lower.as_str(), "works" | "work"))
        });
        if corrects {
            return true;
        }
        if self.tokens.len() > 10 {
            return false;
        }
        let idx: Vec<usize> = (0..self.tokens.len()).collect();
        is_dismissing_remark(&self.tokens, &idx)
    }

    /// The most list-like clause among the matched tokens.
    pub fn list_level(&self, slots: &[usize]) -> ListLevel {
        slots.iter().filter_map(|&i| self.lists.get(i)).copied().max().unwrap_or(ListLevel::Prose)
    }

    /// A row of a table that weighs fixes against each other: what its cells name is one
    /// candidate among several, worth a list's credit, not a statement.
    pub fn mark_weighed(&mut self) {
        for l in &mut self.lists {
            *l = (*l).max(ListLevel::List);
        }
    }

    /// Does any clause of the sentence read as a list?
    pub fn is_listy(&self) -> bool {
        self.lists.iter().any(|l| *l != ListLevel::Prose)
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Are all matched tokens inside a quotation of three words or more?
    pub fn quoted(&self, slots: &[usize]) -> bool {
        !slots.is_empty() && slots.iter().all(|&i| self.tokens[i].quoted)
    }

    /// Are all matched tokens inside the condition of an `if`/`unless`/`in case` ("make the
    /// buffer durable if the process can crash")? The condition runs to the end of its
    /// comma-clause; the consequence ("If the buffer is full, it panics") is asserted.
    pub fn conditional(&self, slots: &[usize]) -> bool {
        let t = &self.tokens;
        let opens = |j: usize| {
            let w = t[j].lower.as_str();
            matches!(w, "if" | "unless" | "whether")
                || w == "case" && j > 0 && matches!(t[j - 1].lower.as_str(), "in" | "just")
        };
        // "If a service is failing I'd restart it straight away", "If you really want to be
        // safe you could add a second consumer": with no comma, the speaker and a modal ("I'd",
        // "we would", "you could") start the main clause.
        let main_clause = |j: usize| {
            let next = t.get(j + 1).map(|n| n.lower.as_str());
            matches!(t[j].lower.as_str(), "i'd" | "we'd" | "i'll" | "we'll" | "you'd" | "you'll")
                || matches!(t[j].lower.as_str(), "i" | "we" | "you")
                    && matches!(next, Some("would" | "will" | "could" | "can" | "should" | "might"))
        };
        let inside = |i: usize| {
            let soft = t[i].soft;
            let mut speaker: Option<usize> = None;
            for j in (0..=i).rev().take_while(|&j| t[j].soft == soft) {
                if opens(j) {
                    return speaker.is_none_or(|m| m <= j + 1);
                }
                if j < i && main_clause(j) {
                    speaker = Some(j);
                }
            }
            false
        };
        !self.code && !slots.is_empty() && slots.iter().all(|&i| inside(i))
    }

    /// Are all matched tokens in comma-clauses that a word before them (`opens`) opens?
    fn in_clause_opened_by(&self, slots: &[usize], opens: impl Fn(&[Token], usize) -> bool) -> bool {
        let inside = |i: usize| {
            let soft = self.tokens[i].soft;
            (0..=i).rev().take_while(|&j| self.tokens[j].soft == soft).any(|j| opens(&self.tokens, j))
        };
        !self.code && !slots.is_empty() && slots.iter().all(|&i| inside(i))
    }

    /// Is the match what a choice was made over ("FOR SHARE has been selected over FOR UPDATE
    /// and LOCK TABLE", "I'd pick B over A")?
    pub fn passed_over(&self, slots: &[usize]) -> bool {
        let Some(&start) = slots.iter().min() else { return false };
        let soft = self.tokens[start].soft;
        (0..start)
            .rev()
            .take_while(|&j| self.tokens[j].soft == soft)
            .any(|j| self.tokens[j].lower == "over" && picked_before(&self.tokens, j))
    }

    /// Are all matched tokens inside a `whether` clause ("whether r stays on the stack or moves
    /// to the heap has been answered: ..."): the question restated, not an answer.
    pub fn in_whether(&self, slots: &[usize]) -> bool {
        self.in_clause_opened_by(slots, |t, j| t[j].lower == "whether")
    }

    /// Where a refusal ends the sentence after a pause ("smaller windows — same edge burst, no.",
    /// "... — loses data, rejected.", "..., ruled out."), if one does.
    pub fn refusal_at_end(&self) -> Option<usize> {
        let n = self.tokens.len();
        let at = match self.tokens.last().map(|t| t.lower.as_str()) {
            Some("rejected" | "discarded" | "dismissed" | "excluded" | "no" | "nope") => n.checked_sub(1),
            Some("out") if n >= 2 && self.tokens[n - 2].lower == "ruled" => Some(n - 2),
            _ => None,
        }?;
        (at > 0 && self.tokens[at].break_before == Break::Soft).then_some(at)
    }

    /// Is the match the reason given for rejecting something: after a rejection ("X is
    /// wrong", "X is out", "I wouldn't use X", "rather than X") and a "because"/"since"
    /// in the same sentence ("A is worse because the range comes first")?
    pub fn rejection_reason(&self, slots: &[usize]) -> bool {
        let Some(&start) = slots.iter().min() else { return false };
        // "select with default and drop — loses data, rejected.": an alternative and why it is
        // refused, the verdict last.
        if self.refusal_at_end().is_some_and(|v| v > start) {
            return true;
        }
        let Some(r) = (0..start).find(|&j| is_rejection(&self.tokens, j)) else { return false };
        (r + 1..=start).any(|k| matches!(self.tokens[k].lower.as_str(), "because" | "since" | "as" | "cause"))
    }

    /// Does the sentence hedge: "maybe", "perhaps", "could be", "not sure", "I guess"?
    pub fn hedged(&self) -> bool {
        const MANY: &[&str] = &["several", "many", "various", "multiple", "few", "different", "possible"];
        const OPTIONS: &[&str] = &[
            "ways",
            "options",
            "alternatives",
            "approaches",
            "explanations",
            "possibilities",
            "causes",
            "fixes",
            "reasons",
            "answers",
            "algorithms",
            "strategies",
            "solutions",
            "techniques",
        ];
        let t = &self.tokens;
        self.tentative
            || (0..t.len()).any(|i| {
                let w = t[i].lower.as_str();
                let next = t.get(i + 1).map(|n| n.lower.as_str()).unwrap_or("");
                let after = t.get(i + 2).map(|n| n.lower.as_str()).unwrap_or("");
                matches!(w, "maybe" | "perhaps" | "possibly" | "probably" | "unsure" | "guess" | "dunno")
                || w == "not" && (next == "sure" || after == "sure")
                // "It might block": an epistemic "might" hedges whatever it governs.
                || w == "might" && !matches!(next, "not" | "as")
                // "The slice MAY share the backing array": an RFC-style MAY states a possibility.
                || w == "may" && !matches!(next, "not" | "as" | "be")
                || w == "could"
                    && matches!(
                        next,
                        "be" | "also" | "try" | "help" | "work" | "win" | "happen" | "mean" | "end" | "go" | "stay" | "remain"
                    )
                // "There are arguments both ways", "it could go either way".
                || matches!(w, "both" | "either") && next == "ways"
                // "ALL OPTIONS VALID", "IF AGE VERY SELECTIVE THEN ALFA CAN WIN".
                || w == "all" && next == "options" && matches!(after, "valid" | "work" | "fine" | "ok" | "okay" | "viable")
                || w == "can" && next == "win"
                || w == "or" && next == "something"
                // "It depends on the implementation", "depending on which it is".
                || matches!(w, "depends" | "depending") && matches!(next, "on" | "upon")
                || w == "it" && (next == "depends" || after == "depends")
                // "There are several ways / possible explanations": options offered, none chosen.
                || MANY.contains(&w) && (OPTIONS.contains(&next) || OPTIONS.contains(&after))
                || w == "either" && matches!(next, "can" | "could" | "works" | "way" | "one" | "is" | "of" | "because")
                || w == "have" && next == "their" && matches!(after, "uses" | "place" | "merits")
                // "Or LOCK TABLE, to be safe.": an alternative offered after the pick.
                || w == "or" && i == 0
                // "any of these works", "whichever one the team already has".
                || w == "whichever" && matches!(next, "one" | "works" | "fits" | "suits")
                // "... are all reasonable alternatives".
                || w == "all" && matches!(next, "reasonable" | "valid" | "viable" | "acceptable")
                // "would go with whatever the platform team already runs".
                || w == "whatever" && matches!(next, "the" | "you" | "we" | "they" | "works" | "fits" | "suits")
                || w == "any" && next == "of" && matches!(after, "these" | "them" | "those" | "the")
            })
    }

    /// Does the sentence leave the answer to circumstances: "it (really) depends", "depending
    /// on"?
    pub fn defers(&self) -> bool {
        let t = &self.tokens;
        // "Whether that is a problem depends on why the limit exists; if it protects a
        // downstream sized for 100/min, yes": the sentence ends on its answer.
        if t.last().is_some_and(|l| matches!(l.lower.as_str(), "yes" | "no")) && t.len() > 3 {
            return false;
        }
        // "Whether it's a problem depends on the limit, but if it protects capacity, yes": what
        // comes before a "but" is conceded, and the sentence commits after it.
        (0..t.len()).filter(|&i| !self.demoted[i]).any(|i| {
            let w = t[i].lower.as_str();
            let next = t.get(i + 1).map(|n| n.lower.as_str()).unwrap_or("");
            w == "depending"
                // "It depends on ...", "Depends a lot on the burst shape", "DEPENDS IF SEND IS
                // INSIDE SELECT".
                || matches!(w, "depends" | "depend")
                    && (matches!(next, "upon" | "" | "if" | "whether")
                        || (i + 1..t.len().min(i + 4)).any(|k| t[k].lower == "on"))
                // "Before committing to a remediation, profile", "then choose", "trial both under
                // load", "to be agreed": the pick is put off.
                || w == "before" && matches!(next, "committing" | "deciding" | "choosing" | "picking" | "settling")
                // "I would not want to choose without an EXPLAIN ANALYZE", "decide after a
                // profile", "I wouldn't want to say which".
                || matches!(w, "choose" | "decide" | "commit" | "pick")
                    && (next == "without" || (i + 1..t.len().min(i + 4)).any(|k| t[k].lower == "without"))
                // "Choose among 1 to 4 after product confirms ...": the pick waits on something.
                || matches!(w, "choose" | "pick" | "decide")
                    && (i + 1..t.len().min(i + 7))
                        .take_while(|&k| t[k].break_before == Break::None)
                        .any(|k| t[k].lower == "after")
                    && !(i.saturating_sub(3)..i).any(|k| is_negator(t, k))
                // "I make no recommendation between them", "the choice between them is a matter
                // of the client's tolerance".
                || w == "no" && matches!(next, "recommendation" | "preference")
                || w == "matter"
                    && next == "of"
                    && (i.saturating_sub(6)..i).any(|k| matches!(t[k].lower.as_str(), "choice" | "decision" | "pick"))
                // "I'd pick based on table size": the pick is left to circumstances.
                || matches!(w, "pick" | "choose" | "decide") && next == "based"
                // "CHOOSE BY LOAD TEST", "PLANNER WILL DECIDE".
                || w == "choose" && next == "by"
                || w == "decide" && i > 0 && matches!(t[i - 1].lower.as_str(), "will" | "should" | "can")
                    && (i.saturating_sub(3)..i).any(|k| matches!(t[k].lower.as_str(), "planner" | "optimizer" | "optimiser"))
                || matches!(w, "say" | "tell") && next == "which" && (i.saturating_sub(4)..i).any(|k| is_negator(t, k))
                // "I wouldn't state it either way without it", "not certain which one applies".
                || w == "either"
                    && next == "way"
                    && (i.saturating_sub(5)..i).any(|k| is_negator(t, k))
                    && (i.saturating_sub(4)..i).any(|k| {
                        matches!(t[k].lower.as_str(), "state" | "say" | "commit" | "decide" | "answer" | "call")
                    })
                || matches!(w, "certain" | "sure") && next == "which" && (i.saturating_sub(3)..i).any(|k| is_negator(t, k))
                || w == "unsure" && next == "which"
                || w == "then"
                    && matches!(next, "choose" | "decide" | "pick")
                    && t.get(i + 2).is_none_or(|n| matches!(n.lower.as_str(), "which" | "between" | "one" | "based"))
                || matches!(w, "trial" | "try" | "test" | "benchmark" | "create" | "build") && next == "both"
                || w == "to" && next == "be" && t.get(i + 2).is_some_and(|n| {
                    matches!(n.lower.as_str(), "agreed" | "decided" | "confirmed" | "determined" | "tbd")
                })
                || w == "combination" && next == "of"
                || w == "each" && matches!(next, "may" | "might" | "could") && t.get(i + 2).is_some_and(|n| n.lower == "contribute")
                // "Both would work here": the pick is left open.
                || w == "both"
                    && matches!(next, "work" | "works" | "would" | "are" | "could")
                    && t.iter().skip(i + 1).take(3).any(|n| {
                        matches!(n.lower.as_str(), "work" | "fine" | "valid" | "ok" | "okay" | "acceptable" | "viable")
                    })
                || w == "it" && t.iter().skip(i + 1).take(3).any(|n| n.lower == "depends")
                // "it might let them through or it might not": both ways at once.
                || w == "or"
                    && (i + 1..t.len().min(i + 5))
                        .any(|k| matches!(t[k].lower.as_str(), "might" | "may") && t.get(k + 1).is_some_and(|n| n.lower == "not"))
        })
    }

    /// A label over a list of options: "Alternatives", "Possible fixes", "Options:".
    /// Lists the options weighed, after a label: "Entries: (a) events are dropped; (b) the
    /// program panics; (c) the producer blocks.", "Options put to the jury: producer drops /
    /// producer blocks / panic.", "I thought about: smaller windows (still the same edge), token
    /// bucket, ...", "Two words possible: NOWAIT (...) or SKIP LOCKED." Each is a candidate
    /// answer, none yet the writer's.
    pub fn lists_weighed_options(&self) -> bool {
        const LABELS: &[&str] = &[
            "entries",
            "options",
            "candidates",
            "choices",
            "differentials",
            "possibilities",
            "hypotheses",
            "suspects",
            "runners",
            "contenders",
            "alternatives",
            "considered",
        ];
        const OPENINGS: &[&str] =
            &["i thought about", "i considered", "i looked at", "options put to", "two words possible", "possible "];
        let lower = self.text.to_lowercase();
        let Some((head, rest)) = lower.split_once(':') else { return false };
        let head = head.trim_matches(|c: char| !c.is_alphanumeric());
        let labelled = head.len() <= 40 && (LABELS.contains(&head) || OPENINGS.iter().any(|o| head.starts_with(o)));
        let listed = rest.contains("(a)") && rest.contains("(b)")
            || rest.matches(" / ").count() >= 2
            || rest.contains(',')
            || rest.contains(" or ");
        labelled && listed
    }

    pub fn labels_options(&self) -> bool {
        const WORDS: &[&str] = &["alternatives", "options", "possible", "possibilities", "candidates", "choices"];
        let opens = self.tokens.len() <= 3 && self.tokens.first().is_some_and(|t| WORDS.contains(&t.lower.as_str()));
        // "How to handle bursts, the options:": a lead-in that ends on the word, before a list.
        let ends_on_colon = self.text.trim_end_matches(['*', '_', ' ']).ends_with(':');
        let closes = self.tokens.len() <= 8
            && ends_on_colon
            && self.tokens.last().is_some_and(|t| WORDS.contains(&t.lower.as_str()) && t.lower != "possible");
        // "Either of these meets the requirement:", "there are several valid architectures, each
        // with trade-offs:": a lead-in that offers what follows as interchangeable.
        let t = &self.tokens;
        let several = (0..t.len()).any(|i| {
            let next = t.get(i + 1).map(|n| n.lower.as_str()).unwrap_or("");
            matches!(t[i].lower.as_str(), "either" | "any") && next == "of"
                || t[i].lower == "several"
                    && matches!(
                        next,
                        "valid"
                            | "good"
                            | "options"
                            | "approaches"
                            | "architectures"
                            | "ways"
                            | "fixes"
                            | "designs"
                            | "solutions"
                    )
        });
        let offers = ends_on_colon && t.len() <= 14 && several;
        opens || closes || offers
    }

    /// Opens with a labelled alternative: "Variant A:", "Option 2:", "Hypothesis B -",
    /// "Camp 1:" (one school of thought among several).
    pub fn opens_with_variant(&self) -> bool {
        let t = &self.tokens;
        // "POSSIBLE CAUSE ALFA: ...": a possible cause, lettered in the radio alphabet.
        let possible = t.len() >= 5
            && t[0].lower == "possible"
            && matches!(t[1].lower.as_str(), "cause" | "fix" | "reason" | "explanation" | "answer");
        let (kind, label) = if possible { (1, 2) } else { (0, 1) };
        let lettered = |k: &Token| {
            k.capital || k.number || matches!(k.lower.as_str(), "alfa" | "alpha" | "bravo" | "charlie" | "delta")
        };
        t.len() >= label + 3
            && (possible
                || matches!(
                    t[kind].lower.as_str(),
                    "variant"
                        | "option"
                        | "possibility"
                        | "hypothesis"
                        | "scenario"
                        | "theory"
                        | "alternative"
                        | "camp"
                ))
            && lettered(&t[label])
            && t[label + 1].break_before != Break::None
    }

    /// Commits to one answer: "I'd go with", "most likely", "my answer", "in the end".
    pub fn commits(&self) -> bool {
        const PHRASES: &[&[&str]] = &[
            &["go", "with"],
            &["most", "likely"],
            &["my", "answer"],
            &["in", "the", "end"],
            &["i", "recommend"],
            &["i", "pick"],
            &["final", "answer"],
            // "... so I'd call it a problem": the weighing lands.
            &["i'd", "call", "it"],
            &["i", "would", "call", "it"],
            // "The answer depends on the type of Summary. ... As written it's the first case.":
            // the candidate resolves the condition for the question as asked.
            &["as", "written"],
            &["as", "given"],
            &["in", "this", "case"],
            &["in", "our", "case"],
        ];
        let words: Vec<&str> = self.tokens.iter().map(|t| t.lower.as_str()).collect();
        // "Where I land: heap" settles; "Where I land: probably a bit of both" or "I can't call
        // this one" lands nowhere.
        let lands = words.windows(2).any(|w| w == ["i", "land"])
            && !self.hedged()
            && !self.defers()
            && !words.iter().any(|w| matches!(*w, "both" | "can't" | "cannot" | "any" | "whichever"));
        lands
            || PHRASES.iter().any(|p| words.windows(p.len()).any(|w| w == *p))
            || words
                .iter()
                .any(|w| matches!(*w, "verdict" | "conclusion" | "therefore" | "recommendation" | "decision"))
    }

    /// A hedged list of options: a hedge and two alternatives ("could be A, or B, or maybe
    /// C"), or "A or maybe B".
    pub fn hedged_list(&self) -> bool {
        if self.code || !self.hedged() {
            return false;
        }
        let t = &self.tokens;
        let ors = t.iter().filter(|x| x.lower == "or").count();
        let or_maybe = (1..t.len())
            .any(|i| t[i - 1].lower == "or" && matches!(t[i].lower.as_str(), "maybe" | "perhaps" | "possibly"));
        ors >= 2 || or_maybe
    }

    /// Does the sentence explain (a causal or consequential link), rather than name things?
    pub fn explains(&self) -> bool {
        self.tokens.iter().any(|t| {
            matches!(
                t.lower.as_str(),
                "because"
                    | "since"
                    | "so"
                    | "therefore"
                    | "thus"
                    | "hence"
                    | "until"
                    | "means"
                    | "causes"
                    | "cause"
                    | "otherwise"
                    | "which"
                    | "while"
                    | "when"
                    | "once"
                    | "then"
                    | "after"
                    | "unless"
                    | "if"
                    | "keeps"
                    | "blocks"
                    | "waits"
            )
        }) || self.text.contains("->")
            || self.text.contains('\u{2192}')
    }
}

/// Is a sentence ending in `?` worded as a question: opened (within its first two words) by a
/// question word or an auxiliary ("Why?", "Does it block?", "And which index wins?")? A word or
/// two without one ("Heap?", "Option B?") is a guess: asserted, but unsure.
fn interrogative(tokens: &[Token]) -> bool {
    // Not "when" or "where" alone: "when it's full, the producer waits ?" states; "when does it
    // fill?" asks through its auxiliary.
    const ASKING: &[&str] = &[
        "what",
        "why",
        "how",
        "which",
        "who",
        "whom",
        "whose",
        "is",
        "are",
        "was",
        "were",
        "do",
        "does",
        "did",
        "can",
        "could",
        "would",
        "should",
        "will",
        "shall",
        "may",
        "might",
        "must",
        "has",
        "have",
        "had",
        "isn't",
        "aren't",
        "wasn't",
        "doesn't",
        "don't",
        "didn't",
        "can't",
        "couldn't",
        "wouldn't",
        "shouldn't",
        "won't",
        "hasn't",
        "haven't",
        "right",
        "really",
        "huh",
        "eh",
    ];
    // "Heap?" alone is a guess at the answer, not a question back.
    tokens.iter().take(2).any(|t| ASKING.contains(&t.lower.as_str()))
}

/// Does token `j` reject an option: "wrong", "incorrect", "worse", "is out", "ruled out",
/// "wouldn't use", "rather than", "instead of"?
fn is_rejection(tokens: &[Token], j: usize) -> bool {
    let w = tokens[j].lower.as_str();
    let prev = if j > 0 { tokens[j - 1].lower.as_str() } else { "" };
    let next = tokens.get(j + 1).map(|t| t.lower.as_str()).unwrap_or("");
    matches!(w, "wrong" | "incorrect")
        // "FOR UPDATE: blocks reads ⇒ NO": a shouted no closing the clause is the verdict.
        || w == "no" && tokens[j].shout && tokens.get(j + 1).is_none_or(|t| t.break_before != Break::None)
        || is_verdict_against(tokens, j)
        || is_negator(tokens, j) && matches!(next, "acceptable" | "needed" | "necessary" | "appropriate" | "suitable")
        || is_out(tokens, j)
        || is_ruling_out(tokens, j)
        || w == "than" && prev == "rather"
        || w == "of" && prev == "instead"
        || is_negator(tokens, j) && matches!(next, "use" | "pick" | "choose" | "recommend" | "go" | "want")
}

/// "FOR SHARE has been selected over FOR UPDATE", "I'd pick B over A": a choice verb shortly
/// before `over` in its clause, so what follows is passed over.
fn picked_before(tokens: &[Token], j: usize) -> bool {
    const PICKS: &[&str] = &[
        "choose",
        "chose",
        "chosen",
        "pick",
        "picked",
        "prefer",
        "preferred",
        "select",
        "selected",
        "recommend",
        "recommended",
        "favour",
        "favor",
    ];
    (j.saturating_sub(7)..j).any(|k| tokens[k].clause == tokens[j].clause && PICKS.contains(&tokens[k].lower.as_str()))
}

/// Does token `j` judge what it follows too much or worse: "worse", "overkill", "excessive",
/// "stronger than (needed)", "too strict"? It refuses the option it is said of, before or after
/// the option's name ("A would be worse", "FOR UPDATE: stronger than needed").
fn is_verdict_against(tokens: &[Token], j: usize) -> bool {
    let w = tokens[j].lower.as_str();
    let next = tokens.get(j + 1).map(|t| t.lower.as_str()).unwrap_or("");
    matches!(w, "worse" | "inferior" | "excessive" | "overkill" | "unnecessary" | "unacceptable")
        || matches!(w, "stronger" | "stricter" | "heavier") && next == "than"
        || w == "too" && matches!(next, "strong" | "strict" | "heavy" | "restrictive" | "coarse" | "aggressive")
}

/// "that/this/it ... not ... help" at the start of a clause.
fn is_dismissing_remark(tokens: &[Token], idx: &[usize]) -> bool {
    let words: Vec<&Token> = idx.iter().map(|&i| &tokens[i]).collect();
    let Some(first) = words.first() else { return false };
    if !matches!(first.lower.as_str(), "that" | "this" | "it" | "which" | "that's" | "this's" | "it's") {
        return false;
    }
    for (k, w) in words.iter().enumerate().take(6) {
        if is_dismissal(&w.lower) {
            return true;
        }
        let pos = idx[k];
        if is_negator(tokens, pos) && words[k + 1..].iter().take(3).any(|t| is_relevance(&t.norm)) {
            return true;
        }
    }
    false
}

const NEGATORS: &[&str] = &[
    "not",
    "no",
    "never",
    "none",
    "nor",
    "neither",
    "without",
    "cannot",
    "can't",
    "won't",
    "don't",
    "doesn't",
    "didn't",
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "shouldn't",
    "wouldn't",
    "couldn't",
    "hasn't",
    "haven't",
    "nothing",
    "dont",
    "doesnt",
    "wont",
    "cant",
    "isnt",
    "arent",
    "didnt",
    "wouldnt",
    "shouldnt",
    "couldnt",
    "nobody",
];

/// Verbs that deny a bad outcome ("avoid dropping data"). They negate misconceptions but not
/// concepts: "SKIP LOCKED avoids the lock wait" still explains the lock wait.
const PREVENTERS: &[&str] = &[
    "avoid",
    "avoids",
    "avoiding",
    "avoided",
    "prevent",
    "prevents",
    "preventing",
    "prevented",
    "eliminate",
    "eliminates",
    "eliminating",
    "eliminated",
    // "events must survive a crash": the bad outcome is what the design withstands.
    "survive",
    "survives",
    "surviving",
    "withstand",
    "withstands",
    "tolerate",
    "tolerates",
];

/// Is token `j` a negator? "not only" and "not just" are not negations.
fn is_negator(tokens: &[Token], j: usize) -> bool {
    let lower = tokens[j].lower.as_str();
    if !NEGATORS.contains(&lower) {
        return false;
    }
    if lower == "not" {
        if let Some(next) = tokens.get(j + 1) {
            if matches!(next.lower.as_str(), "only" | "just" | "merely") {
                return false;
            }
        }
    }
    true
}

/// "rule out X", "ruling out X", "excluding X": a rejection before the thing rejected.
fn is_ruling_out(tokens: &[Token], j: usize) -> bool {
    let w = tokens[j].lower.as_str();
    w == "out" && j > 0 && matches!(tokens[j - 1].lower.as_str(), "rule" | "rules" | "ruling" | "ruled")
        || matches!(w, "excluding" | "exclude" | "avoid" | "avoiding")
}

/// "X is out", "X is ruled out", "X is off the table", "X was a contender, but ...": a
/// rejection after the thing rejected.
fn is_out(tokens: &[Token], j: usize) -> bool {
    let w = tokens[j].lower.as_str();
    let prev = if j > 0 { tokens[j - 1].lower.as_str() } else { "" };
    let next = tokens.get(j + 1).map(|t| t.lower.as_str()).unwrap_or("");
    w == "out" && matches!(prev, "is" | "are" | "was" | "ruled" | "it's" | "that's") && next != "of"
        || w == "off" && next == "the" && tokens.get(j + 2).is_some_and(|t| t.lower == "table")
        // "Keyset pagination was a contender, but it changes the API": weighed, then set aside.
        || matches!(w, "contender" | "candidate" | "option" | "considered")
            && matches!(prev, "a" | "an" | "was" | "were")
            && tokens.get(j + 1).is_some_and(|t| t.break_before == Break::Strong)
}

/// Words that, after a negator, make a claim about the matched thing's relevance.
fn is_relevance(norm: &str) -> bool {
    const WORDS: &[&str] = &[
        "help",
        "fix",
        "solv",
        "work",
        "matter",
        "caus",
        "reason",
        "problem",
        "issu",
        "answer",
        "culprit",
        "acceptabl",
        "allow",
        "relevant",
        "tru",
        "correct",
        "right",
        "cas",
        "enough",
        "sufficient",
        "need",
        "necessary",
        "apply",
        "solution",
        "way",
        "option",
        "point",
        "idea",
        "explanation",
        "responsibl",
        "related",
        "chang",
        "improv",
        "differenc",
        "affect",
        "relevanc",
    ];
    WORDS.contains(&norm)
}

/// Words that dismiss what they follow without a negator.
fn is_dismissal(lower: &str) -> bool {
    matches!(
        lower,
        "wrong"
            | "incorrect"
            | "imprecise"
            | "false"
            | "myth"
            | "misconception"
            | "irrelevant"
            | "unrelated"
            | "useless"
            | "nonsense"
            | "untrue"
            | "mistaken"
            | "bogus"
    )
}

/// Markers after which, up to the next comma, the words are someone else's claim.
const ATTRIBUTION: &[&[&str]] = &[
    &["some", "say"],
    &["some", "says"],
    &["some", "people"],
    &["someone", "might"],
    &["people", "think"],
    &["people", "say"],
    &["people", "assume"],
    &["many", "think"],
    &["many", "people"],
    &["might", "think"],
    &["may", "think"],
    &["would", "think"],
    &["you'd", "think"],
    &["one", "might"],
    &["naive"],
    &["naively"],
    &["common", "mistake"],
    &["misconception"],
    &["myth"],
    &["tempting"],
    &["they", "think"],
    &["thinks"],
    &["believes"],
    &["assumes"],
    &["claim"],
    &["claims"],
    &["supposedly"],
    &["wrongly"],
    &["mistakenly"],
    &["incorrectly"],
    &["instead", "of"],
    &["rather", "than"],
    &["unlike"],
    &["contrary", "to"],
    &["as", "opposed", "to"],
    &["forget", "about"],
    &["you", "might"],
    &["you", "may"],
    &["you'd", "expect"],
    &["might", "blame"],
    &["tempted", "to"],
    &["at", "first", "glance"],
    &["at", "first", "sight"],
    &["it", "may", "seem"],
    &["it", "might", "seem"],
    &["may", "seem"],
    &["seems", "like"],
    &["one", "could"],
    &["not", "because"],
    &["it's", "not", "that"],
];

/// Adverbs that may sit inside an attribution marker: "people *usually* say".
const MARKER_ADVERBS: &[&str] = &[
    "usually",
    "often",
    "commonly",
    "sometimes",
    "generally",
    "typically",
    "probably",
    "would",
    "might",
    "first",
    "initially",
];

/// Markers of the writer's own former view ("At first I thought 9: both read 10 ..."): what
/// follows, to the end of the clause and past its colons and commas, is the view given up.
const FORMER_VIEW: &[&[&str]] = &[
    &["i'd", "have", "said"],
    &["i", "would", "have", "said"],
    &["i", "first", "thought"],
    &["i", "thought"],
    &["at", "first", "i"],
];

/// The length of the attribution marker starting at `i`, if any, and whether it marks the
/// writer's former view.
fn marker_at(tokens: &[Token], i: usize) -> Option<(usize, bool)> {
    let markers = ATTRIBUTION.iter().map(|m| (m, false)).chain(FORMER_VIEW.iter().map(|m| (m, true)));
    'markers: for (marker, former) in markers {
        let mut j = i;
        for (k, w) in marker.iter().enumerate() {
            if k > 0 && tokens.get(j).is_some_and(|t| MARKER_ADVERBS.contains(&t.lower.as_str()) && t.lower != *w) {
                j += 1;
            }
            match tokens.get(j) {
                // A marker split by a comma is not a marker.
                Some(t) if t.lower == *w && t.soft == tokens[i].soft => j += 1,
                _ => continue 'markers,
            }
        }
        return Some((j - i, former));
    }
    None
}

fn attribution(tokens: &[Token]) -> Vec<bool> {
    let mut out = vec![false; tokens.len()];
    let mut i = 0;
    while i < tokens.len() {
        if let Some((len, former)) = marker_at(tokens, i) {
            let soft = tokens[i].soft;
            let clause = tokens[i].clause;
            let mut j = i;
            // "forget about LOCK TABLE because it blocks inserts": the reason is the writer's own.
            while j < tokens.len()
                && (tokens[j].soft == soft || former && tokens[j].clause == clause)
                && !(j > i && matches!(tokens[j].lower.as_str(), "because" | "cause" | "since" | "so"))
            {
                out[j] = true;
                j += 1;
            }
            i += len;
        } else {
            i += 1;
        }
    }
    out
}

/// Per token: is it in a clause demoted by a contrast or a concession?
fn demotions(tokens: &[Token], openers: &[(usize, Opener)]) -> Vec<bool> {
    let mut out = vec![false; tokens.len()];
    for &(clause, kind) in openers {
        match kind {
            Opener::Contrast => {
                for (i, t) in tokens.iter().enumerate() {
                    if clause > 0 && t.clause == clause - 1 {
                        out[i] = true;
                    }
                }
            }
            Opener::Concession => {
                let Some(first) = tokens.iter().position(|t| t.clause == clause) else { continue };
                // "Although X, Y": a fronted concession ends at the first comma.
                // "Y although X": a trailing one runs to the end of its clause.
                let fronted = first == 0;
                let soft = tokens[first].soft;
                for (i, t) in tokens.iter().enumerate().skip(first) {
                    if t.clause != clause || (fronted && t.soft != soft) {
                        break;
                    }
                    out[i] = true;
                }
            }
        }
    }
    out
}

/// A word that opened a strong clause and was dropped from the tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opener {
    /// `but`, `however`...: demotes the clause before.
    Contrast,
    /// `although`, `though`...: demotes the clause it opens.
    Concession,
}

/// "If there were no lock, the result would be 9": a hypothetical sentence.
/// "Suppose both read 10 and wrote 9.", "Imagine `r` stayed on the stack": a supposition,
/// usually one the answer goes on to refute.
pub(crate) fn opens_supposition(tokens: &[Token]) -> bool {
    tokens.first().is_some_and(|t| matches!(t.lower.as_str(), "suppose" | "supposing" | "imagine"))
}

fn is_hypothetical(tokens: &[Token]) -> bool {
    let has = |words: &[&str]| tokens.iter().any(|t| words.contains(&t.lower.as_str()));
    let word = |k: usize| tokens.get(k).map_or("", |t| t.lower.as_str());
    let soft_at = |k: usize| tokens.get(k).is_some_and(|t| t.break_before == Break::Soft);
    // "With this, at 12:01:01 ... the second batch is rejected": the world under the proposed
    // fix, not the answer to what happens now.
    let under_the_fix = word(0) == "with"
        && (matches!(word(1), "this" | "that" | "it") && soft_at(2)
            || word(1) == "the" && matches!(word(2), "fix" | "change" | "patch") && soft_at(3));
    // "Suppose `r` stayed on the stack. ... So in fact it goes to the heap": a supposition argued
    // against.
    under_the_fix
        || opens_supposition(tokens)
        || has(&["if", "without", "unless", "otherwise", "were", "hypothetically"])
            && has(&["would", "could", "might", "would've", "could've"])
}

/// Function words: what keeps a statement from being a list of terms.
pub(crate) fn is_function_word(lower: &str) -> bool {
    const WORDS: &[&str] = &[
        "the", "a", "an", "is", "are", "was", "were", "be", "been", "being", "it", "its", "it's", "this", "that",
        "these", "those", "to", "of", "in", "on", "at", "by", "for", "with", "from", "as", "so", "because", "since",
        "and", "or", "if", "then", "than", "when", "which", "who", "will", "would", "can", "could", "should", "must",
        "may", "might", "does", "do", "did", "has", "have", "had", "not", "no", "into", "until", "while", "each",
        "every", "all", "only", "just", "also", "still", "they", "we", "you", "i", "he", "she", "them", "their", "our",
        "your", "my", "there", "here", "what", "why", "how", "after", "before", "once", "until", "up", "out", "over",
        "under", "about", "both", "more", "less", "cause", "won't", "doesn't", "don't", "can't", "isn't", "there's",
        "that's", "i'd", "we'd", "you'd", "let", "lets", "get", "gets", "way", "instead", "rather", "one", "where",
        "per", "via", "any", "some", "same", "other", "another", "own", "very", "too", "even",
        // Prepositions are the function words of a statement as much as "in" and "on": "200
        // requests land within 2 seconds: 12:00:59 counts against the first window" was read as
        // a dump of terms.
        "within", "without", "against", "between", "across", "through", "during", "inside",
    ];
    WORDS.contains(&lower)
}

/// A SQL statement pasted into prose without backticks ("Add SKIP LOCKED: SELECT * FROM jobs
/// WHERE status = 'pending' LIMIT 1 FOR UPDATE SKIP LOCKED;") is code: from its shouted verb to
/// the end of the clause. Read as words, its keywords made the sentence a list of terms.
fn mark_inline_sql(tokens: &mut [Token]) {
    // A statement's verb and the keyword that must follow it ("FOR UPDATE, LOCK TABLE" is a
    // list of lock modes, not an UPDATE statement).
    const STATEMENTS: &[(&str, &[&str])] = &[
        ("select", &["from"]),
        ("update", &["set"]),
        ("insert", &["into"]),
        ("delete", &["from"]),
        ("create", &["index", "table"]),
        ("begin", &["isolation", "transaction"]),
        ("declare", &["cursor"]),
        // A query's tail on its own: "WHERE (created_at, id) > ($1, $2) ORDER BY created_at".
        ("where", &["order", "limit"]),
    ];
    let Some(start) = (0..tokens.len()).find(|&i| {
        let after_for = i > 0 && tokens[i - 1].lower == "for";
        tokens[i].shout
            && !after_for
            && STATEMENTS.iter().any(|(verb, next)| {
                tokens[i].lower == *verb
                    && tokens[i + 1..]
                        .iter()
                        .take(8)
                        .take_while(|t| t.clause == tokens[i].clause)
                        .any(|t| t.shout && next.contains(&t.lower.as_str()))
            })
    }) else {
        return;
    };
    let clause = tokens[start].clause;
    for t in tokens[start..].iter_mut().take_while(|t| t.clause == clause) {
        t.code = true;
    }
}

/// Is the sentence advice to everyone ("you should always double-check", "every developer
/// should embrace AI", "when something is slow you should check logs first") rather than what
/// the writer did or would do?
pub(crate) fn gives_advice(s: &Sentence) -> bool {
    let t = &s.tokens;
    // The advice opens a short sentence; deep inside a long one, or after "what" ("What you
    // should no longer see: ..."), it is part of the writer's own account.
    if t.len() > 25 || t.first().is_some_and(|f| matches!(f.lower.as_str(), "what" | "where" | "which" | "how")) {
        return false;
    }
    (0..t.len().min(8)).any(|i| {
        let w = t[i].lower.as_str();
        let next = t.get(i + 1).map(|n| n.lower.as_str()).unwrap_or("");
        let modal = |m: &str| matches!(m, "should" | "must" | "need" | "needs" | "have" | "has" | "ought");
        matches!(w, "you" | "one" | "developers" | "engineers" | "everyone" | "everybody") && modal(next)
            || w == "every" && matches!(next, "developer" | "engineer" | "team")
    })
}

/// Per token, how list-like its strong clause reads.
///
/// A clause is a *dump* when it has at least six comma/and-separated items of which three
/// quarters are one or two words, or at least ten words with under 15% function words. It is a
/// *list* with five such items, or eight words under 15% (six under 12%) function words.
/// Terse statements ("Heap: the goroutine can outlive Process") keep their function words.
fn list_levels(tokens: &[Token]) -> Vec<ListLevel> {
    let mut out = vec![ListLevel::Prose; tokens.len()];
    let clauses = tokens.last().map(|t| t.clause + 1).unwrap_or(0);
    for c in 0..clauses {
        let idx: Vec<usize> = (0..tokens.len()).filter(|&i| tokens[i].clause == c).collect();
        let level = clause_list_level(&idx.iter().map(|&i| &tokens[i]).collect::<Vec<_>>());
        for i in idx {
            out[i] = level;
        }
    }
    out
}

fn clause_list_level(tokens: &[&Token]) -> ListLevel {
    // "cost O(k + n) ⇒ one B-tree descent", "fix = keyset", "mem/user": shorthand for "is",
    // "so" and "per" (or "or"), the function words of notes written in symbols.
    let relation = |t: &Token| matches!(t.lower.as_str(), "\u{2192}" | "=");
    let tokens: Vec<&Token> = tokens.iter().copied().filter(|t| !t.code).collect();
    // "saturation → latency breakdown → memory slope → thread dump": a sequence of steps states
    // an order, however terse its steps.
    if tokens.iter().filter(|t| t.lower == "\u{2192}").count() >= 2 {
        return ListLevel::Prose;
    }
    // "look at metrics (latency, errors, memory)": the bracket is an aside to "metrics", so
    // its terms are not items of a list (its words still count towards the function words:
    // "(it conflicts with ROW EXCLUSIVE)" is a statement).
    let outside = tokens.iter().any(|t| !t.bracket);
    // A run of SQL keywords (`FOR UPDATE SKIP LOCKED`) in a sentence is one term, not four
    // words without a function word among them; a clause mostly in capitals is shouted prose,
    // whose function words are words like any others.
    let shouted = tokens.iter().filter(|t| t.shout).count() * 5 >= tokens.len() * 4;
    let words: Vec<&&Token> = tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| {
            let continues_keywords =
                !shouted && *i > 0 && t.shout && tokens[i - 1].shout && t.break_before == Break::None;
            !t.number && (t.lower.chars().any(char::is_alphabetic) || relation(t)) && !continues_keywords
        })
        .map(|(_, t)| t)
        .collect();
    // "bigger buffer, e.g. 10,000": "e.g." and "i.e." (read as two words) say "for example"
    // and "that is", the function words of a statement, not two terms.
    let abbreviation = |k: usize| {
        let pair = |a: &Token, b: &Token| {
            b.break_before == Break::None && matches!((a.lower.as_str(), b.lower.as_str()), ("e", "g") | ("i", "e"))
        };
        words.get(k + 1).is_some_and(|b| pair(words[k], b)) || k > 0 && pair(words[k - 1], words[k])
    };
    let function = (0..words.len())
        .filter(|&k| {
            let t = words[k];
            (shouted || !t.shout) && is_function_word(&t.lower) || relation(t) || abbreviation(k)
        })
        .count() as f64;
    let n = words.len() as f64;
    let mut items: Vec<usize> = Vec::new();
    let mut current = 0usize;
    for (i, t) in tokens.iter().enumerate() {
        if outside && t.bracket {
            continue;
        }
        // "make-and-copy", "compare-and-swap": a compound, not two items.
        let separator = matches!(t.lower.as_str(), "and" | "or" | "&") && !t.hyphen;
        // "window [12:00, 12:01) sees 100": the words around an aside are one item.
        let after_aside = outside && i > 0 && tokens[i - 1].bracket;
        if i > 0 && t.break_before != Break::None && !after_aside || separator {
            if current > 0 {
                items.push(current);
            }
            current = 0;
        }
        if separator || matches!(t.lower.as_str(), "a" | "an" | "the") {
            continue;
        }
        current += 1;
    }
    if current > 0 {
        items.push(current);
    }
    let bare = items.iter().filter(|&&k| k <= 2).count();
    let listy_items = |min: usize| items.len() >= min && bare * 4 >= items.len() * 3;
    if listy_items(6) || (n >= 10.0 && function < 0.15 * n) {
        ListLevel::Dump
    } else if listy_items(5) || (n >= 8.0 && function < 0.15 * n) || (n >= 6.0 && function < 0.12 * n) {
        ListLevel::List
    } else {
        ListLevel::Prose
    }
}

/// Collapses runs of whitespace to one space and trims.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Contrast words that demote the clause before them.
const CONTRAST: &[&str] = &["but", "however", "whereas", "yet", "nevertheless", "nonetheless"];
/// Concession words that demote the clause they open.
const CONCESSION: &[&str] = &["although", "though", "altough", "despite", "albeit"];

/// Splits `text` into tokens (contrast and concession words become strong breaks).
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    tokenize_with_openers(text).0
}

/// Splits `text` into tokens. Contrast and concession words become strong breaks rather than
/// tokens, so patterns never see them; which clause each one opened is returned beside.
fn tokenize_with_openers(text: &str) -> (Vec<Token>, Vec<(usize, Opener)>) {
    let raw = raw_words(text);
    let mut tokens: Vec<Token> = Vec::new();
    let mut pending = Break::None;
    let mut clause = 0usize;
    let mut soft = 0usize;
    let mut openers = Vec::new();
    let mut hyphen = false;
    for (k, item) in raw.iter().enumerate() {
        match item {
            Raw::Punct(b) => {
                pending = max_break(pending, *b);
                hyphen = *b == Break::None;
            }
            Raw::Word(w, in_code, bracket, quoted) => {
                let lower = w.to_lowercase();
                // "le producer est bloqué": read the mixed-in word as the English one.
                let lower = match super::lexicon::english(&lower) {
                    Some(english) if !*in_code => english.to_string(),
                    _ => lower,
                };
                let opener = if *in_code {
                    None
                } else if CONTRAST.contains(&lower.as_str()) {
                    // "not yet" is an adverb, not a contrast.
                    let after_not = tokens.last().is_some_and(|t: &Token| t.lower == "not");
                    (!(lower == "yet" && after_not)).then_some(Opener::Contrast)
                } else if CONCESSION.contains(&lower.as_str())
                    || lower == "even"
                        && matches!(raw.get(k + 1), Some(Raw::Word(n, ..)) if n.eq_ignore_ascii_case("if"))
                {
                    Some(Opener::Concession)
                } else {
                    None
                };
                if let Some(kind) = opener {
                    pending = Break::Strong;
                    openers.push((clause + usize::from(!tokens.is_empty()), kind));
                    continue;
                }
                // "even if": the "if" after a consumed "even" stays a token (it marks a hypothetical).
                let brk = if tokens.is_empty() { Break::None } else { pending };
                match brk {
                    Break::Strong => {
                        clause += 1;
                        soft += 1;
                    }
                    Break::Soft => soft += 1,
                    Break::None => {}
                }
                let capital = w.len() == 1 && w.chars().all(|c| c.is_ascii_uppercase());
                let number = w.chars().next().is_some_and(|c| c.is_ascii_digit());
                let shout = w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase());
                tokens.push(Token {
                    norm: stem(&lower),
                    lower,
                    capital,
                    number,
                    shout,
                    code: *in_code,
                    break_before: brk,
                    clause,
                    soft,
                    bracket: *bracket,
                    quoted: *quoted,
                    quantity: None,
                    hyphen,
                });
                pending = Break::None;
                hyphen = false;
            }
        }
    }
    read_quantities(&mut tokens);
    // "The session fix (1) prevents ...": a digit alone in brackets numbers a list's item, it
    // is not a quantity.
    for i in 0..tokens.len() {
        let alone = (i == 0 || !tokens[i - 1].bracket) && tokens.get(i + 1).is_none_or(|t| !t.bracket);
        let t = &mut tokens[i];
        if t.bracket && alone && t.lower.len() == 1 && t.lower.chars().all(|c| ('1'..='9').contains(&c)) {
            t.number = false;
            t.quantity = None;
        }
    }
    // "Challenges 1 to 5", "section 3", "question 7 and 8": a number naming a part of the
    // assessment or of the writing is a reference, not a quantity.
    const REFERS: &[&str] = &[
        "challenge",
        "challenges",
        "kata",
        "katas",
        "question",
        "questions",
        "section",
        "sections",
        "clause",
        "clauses",
        "paragraph",
        "paragraphs",
        "chapter",
        "chapters",
        "part",
        "parts",
        "step",
        "steps",
    ];
    let mut reference = vec![false; tokens.len()];
    for i in 0..tokens.len() {
        let after_noun = i > 0 && REFERS.contains(&tokens[i - 1].lower.as_str());
        let in_range = i > 1 && reference[i - 2] && matches!(tokens[i - 1].lower.as_str(), "to" | "and" | "through");
        if tokens[i].number && (after_noun || in_range) {
            reference[i] = true;
            tokens[i].number = false;
            tokens[i].quantity = None;
        }
    }
    // A lone letter typed in lower case ("b", "- b.") and a letter after "option" are option
    // letters too; elsewhere "a" is the article.
    let lone = tokens.len() == 1;
    for i in 0..tokens.len() {
        let letter = tokens[i].lower.len() == 1 && tokens[i].lower.chars().all(|c| c.is_ascii_alphabetic());
        let named = i > 0 && matches!(tokens[i - 1].lower.as_str(), "option" | "choice" | "index");
        if letter && (lone || named) {
            tokens[i].capital = true;
        }
    }
    (tokens, openers)
}

/// The scale and unit a unit word names (`ms` is a thousandth of a second, `%` a hundredth of
/// a whole); the empty suffix of a bare number is a plain one.
fn unit_of(word: &str) -> Option<(f64, Unit)> {
    Some(match word {
        "" | "x" | "gb" | "mb" | "kb" | "b" | "rps" | "qps" => (1.0, Unit::Plain),
        "k" | "thousand" => (1e3, Unit::Plain),
        "million" => (1e6, Unit::Plain),
        "%" | "percent" => (0.01, Unit::Share),
        "s" | "sec" | "secs" | "second" | "seconds" => (1.0, Unit::Seconds),
        "ms" | "millisecond" | "milliseconds" => (1e-3, Unit::Seconds),
        "us" | "\u{b5}s" => (1e-6, Unit::Seconds),
        "min" | "mins" | "minute" | "minutes" => (60.0, Unit::Seconds),
        _ => return None,
    })
}

/// Reads the quantity each number states, with the unit written on it or right after it.
fn read_quantities(tokens: &mut [Token]) {
    let mut denominator = None;
    for i in 0..tokens.len() {
        let next = |k: usize| tokens.get(i + k).filter(|t| t.break_before == Break::None).map(|t| t.lower.as_str());
        let quantity = if denominator == Some(i) {
            None
        } else if tokens[i].number {
            let lower = &tokens[i].lower;
            let digits = lower.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(lower.len());
            let value: Option<f64> = lower[..digits].parse().ok();
            let suffix = &lower[digits..];
            match (value, unit_of(suffix)) {
                (Some(v), _) if suffix.is_empty() => {
                    let after = next(1);
                    if after == Some("/")
                        && tokens.get(i + 2).is_some_and(|t| t.number && t.break_before == Break::None)
                    {
                        // "2/3": a fraction; its denominator is not a quantity of its own.
                        let d: Option<f64> = tokens[i + 2].lower.parse().ok().filter(|d| *d > 0.0);
                        denominator = Some(i + 2);
                        d.map(|d| Quantity { value: v / d, unit: Unit::Share })
                    } else if i > 0 && tokens[i - 1].lower == "%"
                        || after == Some("%") && tokens.get(i + 2).is_some_and(|t| t.number)
                    {
                        // `% 3 → % 2`, `h % 3`: a modulus, not a percentage.
                        Some(Quantity { value: v, unit: Unit::Plain })
                    } else {
                        let (scale, unit) = after.and_then(unit_of).unwrap_or((1.0, Unit::Plain));
                        Some(Quantity { value: v * scale, unit })
                    }
                }
                (Some(v), Some((scale, unit))) => Some(Quantity { value: v * scale, unit }),
                _ => None,
            }
        } else {
            let before = i.checked_sub(1).map(|k| tokens[k].lower.as_str());
            match tokens[i].lower.as_str() {
                "half" => Some(0.5),
                "quarter" => Some(0.25),
                "third" | "thirds" if before == Some("two") => Some(2.0 / 3.0),
                "third" | "thirds" => Some(1.0 / 3.0),
                "tenth" => Some(0.1),
                _ => None,
            }
            .map(|value| Quantity { value, unit: Unit::Share })
        };
        tokens[i].quantity = quantity;
    }
}

fn max_break(a: Break, b: Break) -> Break {
    match (a, b) {
        (Break::Strong, _) | (_, Break::Strong) => Break::Strong,
        (Break::Soft, _) | (_, Break::Soft) => Break::Soft,
        _ => Break::None,
    }
}

enum Raw {
    /// A word; whether it sits inside inline code, inside brackets, inside a quotation.
    Word(String, bool, bool, bool),
    Punct(Break),
}

/// Words that introduce an error message as what a program gives: `gets "could not ..."`.
const ERROR_REPORTS: &[&str] =
    &["error", "errors", "exception", "get", "gets", "got", "throws", "threw", "raises", "raised", "returns"];

/// Words ending in 's that are contractions, not possessives.
const CONTRACTIONS: &[&str] =
    &["it's", "that's", "there's", "here's", "what's", "let's", "he's", "she's", "who's", "where's", "how's"];

/// Cuts text into words and separators. Words keep inner apostrophes (`won't`) and
/// underscores (`last_name`); numbers keep decimal points and thousands commas (`500,000`).
fn raw_words(text: &str) -> Vec<Raw> {
    let chars: Vec<char> = text.chars().map(|c| if c == '\u{2019}' || c == '\u{2018}' { '\'' } else { c }).collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut in_code = false;
    let mut depth = 0usize;
    // The index in `out` where the open quotation started.
    let mut quote: Option<usize> = None;
    let mut quotes: Vec<(usize, usize)> = Vec::new();
    while i < chars.len() {
        let c = chars[i];
        let bracket = depth > 0;
        if c == CODE_START || c == CODE_END {
            in_code = c == CODE_START;
            i += 1;
            continue;
        }
        if in_code && !(c.is_alphanumeric() || c == '_') {
            // Punctuation inside inline code separates words but never clauses.
            if matches!(c, '%' | '<' | '>' | '=' | '$') {
                out.push(Raw::Word(c.to_string(), true, bracket, false));
            }
            i += 1;
            continue;
        }
        if c.is_alphanumeric() || c == '_' {
            let mut word = String::new();
            while i < chars.len() {
                let c = chars[i];
                let next = chars.get(i + 1).copied();
                // Letters, digits, underscores, and an apostrophe inside a word ("won't").
                let apostrophe = c == '\'' && next.is_some_and(char::is_alphabetic) && !word.is_empty();
                // "12:01:01", "[12:00, 12:01)": a clock time is one word, not items split at colons.
                let clock = c == ':'
                    && !word.is_empty()
                    && word.len() <= 2
                    && word.chars().all(|w| w.is_ascii_digit())
                    && chars.get(i + 1).is_some_and(char::is_ascii_digit)
                    && chars.get(i + 2).is_some_and(char::is_ascii_digit)
                    && !chars.get(i + 3).is_some_and(char::is_ascii_digit);
                if c.is_alphanumeric() || c == '_' || apostrophe {
                    word.push(c);
                    i += 1;
                } else if clock {
                    // The minutes (and seconds) join the hour.
                    word.push(':');
                    word.push(chars[i + 1]);
                    word.push(chars[i + 2]);
                    i += 3;
                    while chars.get(i) == Some(&':')
                        && chars.get(i + 1).is_some_and(char::is_ascii_digit)
                        && chars.get(i + 2).is_some_and(char::is_ascii_digit)
                    {
                        word.extend([':', chars[i + 1], chars[i + 2]]);
                        i += 3;
                    }
                } else if (c == '.' || c == ',')
                    && word.chars().all(|w| w.is_ascii_digit() || w == '.')
                    && next.is_some_and(|n| n.is_ascii_digit())
                {
                    // 0.1 and 500,000 (a comma only when three digits follow); "1,1 seconds" is a
                    // decimal comma: one or two digits, then a unit.
                    if c == ',' {
                        let digits = chars[i + 1..].iter().take_while(|d| d.is_ascii_digit()).count();
                        let unit: String = chars[(i + 1 + digits).min(chars.len())..]
                            .iter()
                            .skip_while(|c| **c == ' ')
                            .take_while(|c| c.is_alphabetic())
                            .collect::<String>()
                            .to_lowercase();
                        let decimal = (1..=2).contains(&digits)
                            && !word.contains('.')
                            && !unit.is_empty()
                            && unit_of(&unit).is_some();
                        if decimal {
                            word.push('.');
                            i += 1;
                            continue;
                        }
                        if digits != 3 {
                            break;
                        }
                        i += 1;
                    } else {
                        word.push(c);
                        i += 1;
                    }
                } else {
                    break;
                }
            }
            // Possessives: "B's users" is about B. Contractions keep their apostrophe.
            if let Some(base) = word.strip_suffix("'s").or_else(|| word.strip_suffix("'S")) {
                let lower = word.to_lowercase();
                if !base.is_empty() && !CONTRACTIONS.contains(&lower.as_str()) {
                    word = base.to_string();
                }
            }
            // "Call no. GO.1", "ticket No. 4521": after another word, "no." before a number is
            // the abbreviation of "number", not the answer "no".
            if word.eq_ignore_ascii_case("no")
                && out.iter().any(|r| matches!(r, Raw::Word(..)))
                && chars.get(i) == Some(&'.')
                && chars.get(i + 1) == Some(&' ')
                && chars[i + 2..]
                    .iter()
                    .skip_while(|c| **c == ' ')
                    .take_while(|c| !c.is_whitespace())
                    .any(char::is_ascii_digit)
            {
                word = "number".to_string();
            }
            // "TL;DR" is one word (a summary label), not two clauses.
            if word.eq_ignore_ascii_case("tl")
                && chars.get(i) == Some(&';')
                && chars.get(i + 1).is_some_and(|c| c.eq_ignore_ascii_case(&'d'))
                && chars.get(i + 2).is_some_and(|c| c.eq_ignore_ascii_case(&'r'))
                && chars.get(i + 3).is_none_or(|c| !c.is_alphanumeric())
            {
                word = "tldr".to_string();
                i += 3;
            }
            // "B-Tree", "A-grade": a capital joined to a word by a hyphen is not an option letter.
            if word.len() == 1
                && word.chars().all(|c| c.is_ascii_uppercase())
                && chars.get(i) == Some(&'-')
                && chars.get(i + 1).is_some_and(|n| n.is_alphabetic())
            {
                word = word.to_lowercase();
            }
            out.push(Raw::Word(word, in_code, bracket, false));
            continue;
        }
        match c {
            '%' | '<' | '>' | '=' | '$' | '\u{2264}' | '\u{2265}' | '&' | '+' | '/' | '\u{2192}' => {
                let symbol = match c {
                    '\u{2264}' => "<=".to_string(),
                    '\u{2265}' => ">=".to_string(),
                    _ => c.to_string(),
                };
                out.push(Raw::Word(symbol, false, bracket, false));
            }
            '(' | '[' | ')' | ']' => {
                depth = if matches!(c, '(' | '[') { depth + 1 } else { depth.saturating_sub(1) };
                out.push(Raw::Punct(Break::Soft))
            }
            '"' | '\u{201c}' | '\u{201d}' => {
                match quote.take() {
                    Some(start) if c != '\u{201c}' => quotes.push((start, out.len())),
                    _ => quote = Some(out.len()),
                }
                out.push(Raw::Punct(Break::Soft))
            }
            ',' | ':' | '\u{2014}' | '\u{2013}' => out.push(Raw::Punct(Break::Soft)),
            // "⇒", "⟹": implies, the arrow of a derivation; "∴": therefore.
            '\u{21d2}' | '\u{27f9}' => out.push(Raw::Word("\u{2192}".to_string(), false, bracket, false)),
            '\u{2234}' => out.push(Raw::Word("so".to_string(), false, bracket, false)),
            '-' if chars.get(i + 1) == Some(&'>') => {
                // `->` is the arrow: "reproduce -> profile -> fix" is a sequence.
                out.push(Raw::Word("\u{2192}".to_string(), false, bracket, false));
                i += 1;
            }
            '-' => {
                // A spaced dash separates clauses; a hyphen inside a word just splits it.
                let spaced =
                    i > 0 && chars[i - 1].is_whitespace() && chars.get(i + 1).is_none_or(|n| n.is_whitespace());
                if spaced {
                    out.push(Raw::Punct(Break::Soft));
                } else if i > 0
                    && chars[i - 1].is_alphanumeric()
                    && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric())
                {
                    out.push(Raw::Punct(Break::None));
                }
            }
            '.' if chars.get(i + 1) == Some(&'.') => {
                // An ellipsis inside a sentence ("SELECT ... FOR SHARE") is a pause, not an end.
                while chars.get(i + 1) == Some(&'.') {
                    i += 1;
                }
                out.push(Raw::Punct(Break::Soft));
            }
            '.' if i > 0 && chars[i - 1].is_alphanumeric() && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric()) => {
                // `bytes.Clone`, `http.Request`: a dot inside an identifier splits words only.
            }
            // "e.g." and "i.e." abbreviate; they end no clause.
            '.' if i >= 3
                && chars[i - 2] == '.'
                && chars[i - 1].is_alphabetic()
                && chars[i - 3].is_alphabetic()
                && (i < 4 || !chars[i - 4].is_alphanumeric()) => {}
            ';' | '.' | '!' | '?' | '\n' => out.push(Raw::Punct(Break::Strong)),
            _ => {}
        }
        i += 1;
    }
    // A closed quotation of three words or more is someone else's words; "shared" in quotes
    // is the writer's own term. An error message the writer says a program gives ("Tx2 gets
    // an error (\"could not serialize access ...\")") is the writer's claim about what happens.
    for (start, end) in quotes {
        let words = out[start..end].iter().filter(|r| matches!(r, Raw::Word(..))).count();
        let before = out[..start].iter().rev().find(|r| !matches!(r, Raw::Punct(Break::Soft | Break::None)));
        let reported = matches!(before, Some(Raw::Word(w, ..)) if ERROR_REPORTS.contains(&w.to_lowercase().as_str()));
        if words >= 3 && !reported {
            for r in &mut out[start..end] {
                if let Raw::Word(_, _, _, quoted) = r {
                    *quoted = true;
                }
            }
        }
    }
    out
}

/// A light English stemmer: enough that "blocks", "blocked" and "blocking" meet at "block",
/// and "use", "used", "uses" at "us". It is applied to answers and patterns alike, so its
/// quirks cancel out.
pub(crate) fn stem(word: &str) -> String {
    if word.len() <= 2 || !word.chars().all(|c| c.is_ascii_lowercase()) {
        return word.to_string();
    }
    let mut s = word.to_string();
    // Plurals and third person first, then -ing/-ed, so "strings" and "string" agree.
    let n = s.len();
    if s.ends_with("ies") && n > 4 {
        s.truncate(n - 3);
        s.push('y');
    } else if n >= 5
        && (s.ends_with("sses")
            || s.ends_with("xes")
            || s.ends_with("zes")
            || s.ends_with("ches")
            || s.ends_with("shes"))
    {
        s.truncate(n - 2);
    } else if s.ends_with('s') && n >= 4 && !s.ends_with("ss") && !s.ends_with("us") && !s.ends_with("is") {
        s.truncate(n - 1);
    }
    let n = s.len();
    if s.ends_with("ied") && n > 4 {
        s.truncate(n - 3);
        s.push('y');
    } else if s.ends_with("ing") && n >= 5 {
        s.truncate(n - 3);
    } else if s.ends_with("eed") && n > 4 {
        s.truncate(n - 1);
    } else if s.ends_with("ed") && n >= 4 && !s.ends_with("eed") {
        s.truncate(n - 2);
    }
    // Not where the stem would be another, common word: "note" is not "not", "one" is not "on".
    if s.len() >= 3 && s.ends_with('e') && !matches!(s.as_str(), "note" | "one") {
        s.pop();
    }
    let b = s.as_bytes();
    if b.len() >= 3 {
        let (x, y) = (b[b.len() - 1], b[b.len() - 2]);
        if x == y && !b"aeiou".contains(&x) {
            s.pop();
        }
    }
    // "noted", "noting": a note, never the negation "not".
    if s == "not" && word != "not" {
        return "note".to_string();
    }
    s
}

/// Splits prose into sentences, returning each sentence's byte offset and text.
///
/// A sentence ends at `.`, `!`, `?` or `...` followed by whitespace (not after `e.g.`, `i.e.`,
/// `vs.`), and at a hard line break.
pub(crate) fn split_sentences(text: &str) -> Vec<(usize, &str)> {
    const ABBREVIATIONS: &[&str] =
        &["e.g", "i.e", "eg", "ie", "vs", "etc", "approx", "cf", "no", "mr", "dr", "fig", "ca"];
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let mut in_code = false;
    while i < bytes.len() {
        let b = bytes[i];
        // Compare bytes, not `&text[i..]`: `i` may sit inside a multi-byte character.
        let mut marker = [0u8; 4];
        let start_marker = CODE_START.encode_utf8(&mut marker).as_bytes().to_vec();
        let end_marker = CODE_END.encode_utf8(&mut marker).as_bytes().to_vec();
        if bytes[i..].starts_with(&start_marker) || bytes[i..].starts_with(&end_marker) {
            in_code = bytes[i..].starts_with(&start_marker);
            i += start_marker.len();
            continue;
        }
        if in_code {
            i += 1;
            continue;
        }
        if b == b'\n' {
            push_sentence(&mut out, text, start, i);
            start = i + 1;
            i += 1;
            continue;
        }
        if matches!(b, b'.' | b'!' | b'?') {
            let mut j = i;
            while j < bytes.len() && matches!(bytes[j], b'.' | b'!' | b'?') {
                j += 1;
            }
            // Closing quotes, brackets and emphasis may follow the terminator.
            let mut k = j;
            while k < bytes.len() && matches!(bytes[k], b'"' | b'\'' | b')' | b'*' | b'_') {
                k += 1;
            }
            let at_end = k >= bytes.len();
            // "8.The UPDATE takes a row lock": an answer number run into the next sentence.
            let lead = text[start..i].trim();
            let run_on = b == b'.'
                && j - i == 1
                && (1..=2).contains(&lead.len())
                && lead.bytes().all(|d| d.is_ascii_digit())
                && bytes.get(k).is_some_and(u8::is_ascii_uppercase);
            let space_follows = at_end || bytes[k].is_ascii_whitespace() || run_on;
            if space_follows {
                let word_before: String =
                    text[start..i].rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("").to_lowercase();
                let single_dot = j - i == 1 && b == b'.';
                // "No. 5" abbreviates "number"; "..., so no. FOR UPDATE ..." ends a sentence.
                let next_word = text[k..].split_whitespace().next().unwrap_or("");
                let number_follows = next_word.chars().any(|c| c.is_ascii_digit());
                let abbreviation = single_dot
                    && ABBREVIATIONS.contains(&word_before.trim_end_matches('.'))
                    && (word_before.trim_end_matches('.') != "no" || number_follows);
                // "SELECT ... FOR SHARE", "LOCK TABLE ... IN SHARE MODE": an ellipsis before a
                // capital is an elision; before lower case it is the writer's pause.
                let next = text[k..].trim_start().chars().next();
                let elision = j - i >= 3 && b == b'.' && next.is_some_and(|c| !c.is_lowercase());
                if !abbreviation && !elision {
                    push_sentence(&mut out, text, start, k);
                    start = k;
                }
            }
            i = k.max(i + 1);
            continue;
        }
        i += 1;
    }
    push_sentence(&mut out, text, start, bytes.len());
    out
}

fn push_sentence<'a>(out: &mut Vec<(usize, &'a str)>, text: &'a str, start: usize, end: usize) {
    let piece = &text[start..end];
    let trimmed = piece.trim_start();
    let offset = start + (piece.len() - trimmed.len());
    let trimmed = trimmed.trim_end();
    if trimmed.chars().any(char::is_alphanumeric) {
        out.push((offset, trimmed));
    }
}

/// The lower-cased words of `text` (no stemming), for overlap measures.
pub(crate) fn plain_words(text: &str) -> Vec<String> {
    tokenize(text).into_iter().map(|t| t.lower).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn negated_word(sentence: &str, word: &str) -> bool {
        let s = Sentence::prose(sentence, 1);
        let i = s.tokens.iter().position(|t| t.lower == word).expect("word in sentence");
        s.negated(&[i]) || s.unasserted(&[i])
    }

    #[test]
    fn stems_meet() {
        for group in [
            &["block", "blocks", "blocked", "blocking"][..],
            &["use", "used", "uses", "using"],
            &["copy", "copies", "copied", "copying"],
            &["skip", "skips", "skipped", "skipping"],
            &["free", "freed", "frees"],
            &["escape", "escapes", "escaped", "escaping"],
            &["index", "indexes"],
            &["cache", "caches", "cached", "caching"],
            &["share", "shares", "shared", "sharing"],
            &["note", "notes", "noted", "noting"],
            &["one", "ones"],
        ] {
            let stems: Vec<String> = group.iter().map(|w| stem(w)).collect();
            assert!(stems.iter().all(|s| s == &stems[0]), "{group:?} -> {stems:?}");
        }
        // A stem is never another common word: a "Side note:" is not a negation.
        assert_ne!(stem("note"), stem("not"));
        assert_ne!(stem("one"), stem("on"));
    }

    #[test]
    fn tokens_keep_numbers_and_identifiers() {
        let t: Vec<String> =
            tokenize("OFFSET 500,000 took 0.1s on last_name; won't").into_iter().map(|t| t.lower).collect();
        assert_eq!(t, ["offset", "500000", "took", "0.1s", "on", "last_name", "won't"]);
    }

    #[test]
    fn negation_and_attribution() {
        assert!(negated_word("SKIP LOCKED won't help here.", "skip"));
        assert!(negated_word("It is not the unclosed file.", "unclosed"));
        assert!(negated_word("Some say 8, but it is 9.", "8"));
        assert!(!negated_word("Some say 8, but it is 9.", "9"));
        assert!(!negated_word("The GC cannot free the backing array.", "backing"));
        assert!(negated_word("Use keyset pagination instead of OFFSET.", "offset"));
        assert!(!negated_word("Use keyset pagination instead of OFFSET.", "keyset"));
        assert!(negated_word("Increasing the buffer, but that won't fix it.", "buffer"));
        assert!(negated_word("The buffer size is not the point.", "buffer"));
        assert!(negated_word("Dropping data would not be acceptable here.", "dropping"));
        assert!(negated_word("Not an STM-style retry of the whole transaction - just the row.", "retry"));
        assert!(!negated_word("Not an STM-style retry of the whole transaction - just the row.", "row"));
        assert!(!negated_word("Goroutines get their own stacks so they can't point into another stack.", "stacks"));
        assert!(negated_word("Would SKIP LOCKED help?", "skip"));
        assert!(!negated_word("Not only the pointer but the request escapes.", "request"));
        assert!(negated_word("People usually say the file isn't closed.", "file"));
        assert!(negated_word("It is computed from the row Tx2 updates, not from a stale read.", "stale"));
        assert!(!negated_word("It is not enough: the row from a stale read wins.", "stale"));
    }

    #[test]
    fn contrast_demotes_the_clause_before() {
        let s = Sentence::prose("The final result will be 9 although it has to be 8.", 1);
        let nine = s.tokens.iter().position(|t| t.lower == "9").unwrap();
        let eight = s.tokens.iter().position(|t| t.lower == "8").unwrap();
        assert!(!s.demoted(nine));
        assert!(s.demoted(eight));
        let s = Sentence::prose("It could be 8, but it is 9.", 1);
        let eight = s.tokens.iter().position(|t| t.lower == "8").unwrap();
        assert!(s.demoted(eight));
    }

    #[test]
    fn sentences_split_sensibly() {
        let parts: Vec<&str> = split_sentences("Use e.g. keyset. It is O(log n)... then done? Yes 0.1 s.\nNext")
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        assert_eq!(parts, ["Use e.g. keyset.", "It is O(log n)...", "then done?", "Yes 0.1 s.", "Next"]);
        // An answer number run into its sentence; a dotted identifier stays one word.
        let parts: Vec<&str> = split_sentences("8.The UPDATE takes a row lock. Result.Summary holds it.")
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        assert_eq!(parts, ["8.", "The UPDATE takes a row lock.", "Result.Summary holds it."]);
        let parts: Vec<&str> =
            split_sentences("It stops inserts, so no. Ticket no. 4521 says so.").into_iter().map(|(_, s)| s).collect();
        assert_eq!(parts, ["It stops inserts, so no.", "Ticket no. 4521 says so."]);
    }

    #[test]
    fn telegraphic_lists() {
        let level = |text: &str| {
            let s = Sentence::prose(text, 1);
            s.list_level(&(0..s.len()).collect::<Vec<_>>())
        };
        assert_eq!(level("backing array, slice header, GC, copy, bytes.Clone, heap"), ListLevel::Dump);
        // A run of keywords is one term: seven terms and no statement.
        assert_eq!(level("SKIP LOCKED NOWAIT FOR UPDATE row lock contention partial index ORDER BY"), ListLevel::List);
        assert_eq!(
            level("add SKIP LOCKED -> FOR UPDATE SKIP LOCKED, each worker takes the next unlocked row."),
            ListLevel::Prose
        );
        assert_eq!(
            level("FOR SHARE, BECAUSE IT IS A SHARED LOCK AND FOR UPDATE WOULD BLOCK THE READS."),
            ListLevel::Prose
        );
        assert_eq!(level("backing array, slice header, GC, copy, heap"), ListLevel::List);
        assert_eq!(level("Shared row locks (SELECT ... FOR SHARE): writers of those rows queue behind the report, readers and INSERTs don't."), ListLevel::Prose);
        assert_eq!(level("Tx2 blocks, waits for Tx1's lock, re-reads 9 and writes 8."), ListLevel::Prose);
        assert_eq!(level("The sub-slice pins the 1 GB backing array; copy it with bytes.Clone."), ListLevel::Prose);
        assert_eq!(level("Fix: 10+ consumer workers; Kafka for big bursts."), ListLevel::Prose);
        assert_eq!(level("Fix: bigger buffer, e.g. make(chan Event, 10000), can hold burst."), ListLevel::Prose);
        assert_eq!(level("Use a token bucket (100 capacity, refills 100/min)."), ListLevel::Prose);
        // A query's tail written into the sentence is one piece of SQL, not a list of terms.
        assert_eq!(
            level("keyset (seek): WHERE (created_at, id) > ($last_created_at, $last_id) ORDER BY created_at, id LIMIT 10; index on (created_at, id)."),
            ListLevel::Prose
        );
        // "make-and-copy" is one compound, not the items "make" and "copy".
        assert_eq!(
            level("Yes, chat, that's the classic, and the fix is to copy the hundred bytes out: `bytes.Clone(data[:100])` or make-and-copy."),
            ListLevel::Prose
        );
        // A bracket is an aside to the word before it, not items of a list.
        assert_eq!(
            level("First look at the metrics (latency, errors, memory, GC pauses, goroutines, queue depth)"),
            ListLevel::Prose
        );
        assert_eq!(
            level("Check dashboards (p99 latency, error rate), then profiles (CPU, heap), then logs"),
            ListLevel::Prose
        );
    }

    #[test]
    fn quotations_conditions_rejections() {
        let all = |s: &Sentence, word: &str| vec![s.tokens.iter().position(|t| t.lower == word).unwrap()];
        let s = Sentence::prose("The runbook says \"the producer panics when full\", which is wrong.", 1);
        assert!(s.quoted(&all(&s, "panics")));
        assert!(!s.quoted(&all(&s, "runbook")));
        let s = Sentence::prose("FOR SHARE is \"shared\" with writers.", 1);
        assert!(!s.quoted(&all(&s, "shared")));
        // An error message a program is said to give is the writer's claim.
        let s = Sentence::prose("Tx2 gets an error (\"could not serialize access\") and retries.", 1);
        assert!(!s.quoted(&all(&s, "serialize")));
        let s = Sentence::prose("Tx2 fails: \"could not serialize access\" is what the manual says.", 1);
        assert!(s.quoted(&all(&s, "serialize")));
        let s = Sentence::prose("Make it durable if the process can crash: use Kafka.", 1);
        assert!(s.conditional(&all(&s, "crash")));
        assert!(!s.conditional(&all(&s, "kafka")));
        let s = Sentence::prose("If the buffer is full, the producer panics.", 1);
        assert!(!s.conditional(&all(&s, "panics")));
        let s = Sentence::prose("A is worse because the order does not matter for it.", 1);
        assert!(s.rejection_reason(&all(&s, "order")));
        assert!(negated_word("LOCK TABLE is out: it blocks inserts.", "lock"));
        assert!(negated_word("I'd rule out NOWAIT here.", "nowait"));
        assert!(negated_word("FOR UPDATE is ruled out.", "update"));
        assert!(negated_word("Keyset pagination was a contender, but it changes the API.", "keyset"));
        assert!(negated_word("LOCK TABLE stops updates, but it also stops INSERT, so no.", "lock"));
        assert!(!negated_word("Keyset pagination was a contender and it won.", "keyset"));
        assert!(!negated_word("Scale out the consumers.", "consumers"));
    }
}
