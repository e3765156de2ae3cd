//! Answer sheets and reflections: markdown in, sentences with line numbers out.
//!
//! Accepted answer-sheet grammar (anything else is kept as text or reported as a warning;
//! nothing here fails on input):
//!
//! - An answer starts at a heading (any level) reading `Answer Q3`, `Answer to Question 3`,
//!   `Q3`, `Q3. Title`, `Question 3: Title`, `3. Title` (only when no heading names a
//!   question otherwise), or a question's title; or at a paragraph that opens with
//!   `Q3:`, `**Q3.**`, `Answer 3 -`, `Question 3)`.
//! - It runs until the next answer start, or a heading of the same or a higher level.
//!   Deeper headings, lists, quotes and code blocks inside belong to the answer.
//! - When a sheet has `Answer Qn` headings (the seed's format: the questions first, then the
//!   answers), the `Qn` sections are the questions themselves and are not graded, unless a
//!   question has no `Answer` section.
//! - Text copied from the question (paragraphs or code lines) earns nothing and is dropped.
//! - Paragraphs that are only `[...]` (`**[END OF ANSWERS]**`) are markers, not text.
//! - On a sheet with none of the markers above, each item of a top-level numbered list
//!   (`1.` .. `10.`, `1)`) is the answer to that question; an empty item is an empty answer.
//! - HTML fragments are text: `<p>`, `<div>`, `<li>` end a paragraph, `<br>` breaks a line,
//!   `<pre>`, `<script>` and `<style>` hold code, other tags and comments are dropped and
//!   entities decoded.
//! - When the markers above leave questions unanswered, three readings are tried and the one
//!   that finds the most answers is kept: the question's number on a line (`fix(q3):`,
//!   `A. Q3 - ...`, `3/10`, `A.3`, `[3]`, `(c)`, a label and a number such as `ADR-003` or
//!   `PROBLEM 3 of 10`, the kind that names the most questions winning); headings that name a
//!   question's topic (its distinctive words in the question and model answer); and one heading
//!   per question at one level, in order, unless their topics say otherwise.
//!
//! - Before that, other shapes are read as the text they hold, line for line where possible:
//!   quoted-printable email (decoded), CriticMarkup (edits accepted), `Qn:` / `A:` blocks (the `A:` is a label), dashed rules
//!   under an answer (rules, not setext underlines), timestamped transcripts (one sentence per
//!   line), unified diffs against the template (the added lines), AsciiDoc, reStructuredText,
//!   Confluence/Jira wiki markup, and JSON, TOML, YAML or XML exports in code blocks.
//! - An answer typed wholly in a fence whose lines are words (a trace, a log, a receipt, a
//!   struct literal, a docstring) is read as the statements it carries; a table with a pick
//!   column reads as the ticked pick and the options left empty.
//! - Under an `Answer Qn` heading, a paragraph led by the same question's label (`**Q1 답변.**`)
//!   belongs to that answer.
//!
//! Reflections: a section starts at a heading (or a bold-only line) whose words contain one
//! of the section's heading or aliases (`## 1. Trade-offs`, `**Tradeoffs**`).

use crate::results::written::AnswerStatus;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::text::{plain_words, split_sentences, tokenize, Sentence, CODE_END, CODE_START};

/// The markdown options for answer sheets and reflections: the program-wide choice.
pub(crate) fn options() -> Options {
    crate::util::markdown::options()
}

/// What a block of the document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKind {
    /// A heading of level 1-6.
    Heading(u8),
    /// A paragraph, list item, quote or table row.
    Prose,
    /// A code block.
    Code,
}

/// A block of text with enough position information to quote it by line.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub kind: BlockKind,
    /// The text, markup removed; hard line breaks kept as `\n`.
    pub text: String,
    /// 1-based line where the block starts.
    pub line: usize,
    /// (offset in `text`, source line) for each piece of text appended.
    pieces: Vec<(usize, usize)>,
    /// All the words are bold (`**Trade-offs**`): a heading in disguise.
    pub strong_only: bool,
    /// The text of a bold run that opens the paragraph (`**Q3:** ...`).
    pub lead_strong: Option<String>,
    /// The number of a top-level ordered-list item this block opens (`3. ...`, `3) ...`).
    pub item: Option<usize>,
    /// A row of a table: cells compare options, they do not choose one.
    pub table: bool,
}

impl Block {
    fn new(kind: BlockKind, line: usize) -> Block {
        Block {
            kind,
            text: String::new(),
            line,
            pieces: Vec::new(),
            strong_only: true,
            lead_strong: None,
            item: None,
            table: false,
        }
    }

    fn push(&mut self, text: &str, line: usize) {
        self.pieces.push((self.text.len(), line));
        self.text.push_str(text);
    }

    /// The source line of a byte offset in `text`.
    pub fn line_at(&self, offset: usize) -> usize {
        let mut line = self.line;
        for &(start, l) in &self.pieces {
            if start > offset {
                break;
            }
            line = l;
        }
        line
    }

    /// The same block from byte `offset` of its text on.
    pub fn tail(&self, offset: usize) -> Block {
        let offset = offset.min(self.text.len());
        let mut b = Block::new(self.kind, self.line_at(offset));
        b.text = self.text[offset..].to_string();
        b.pieces = self.pieces.iter().map(|&(start, line)| (start.saturating_sub(offset), line)).collect();
        b.strong_only = false;
        b.table = self.table;
        b
    }

    /// Is the block no words at all?
    pub fn is_blank(&self) -> bool {
        !self.text.chars().any(char::is_alphanumeric)
    }

    /// The block's sentences (one per line for code).
    pub fn sentences(&self) -> Vec<Sentence> {
        match self.kind {
            BlockKind::Code => self
                .text
                .lines()
                .enumerate()
                .filter(|(_, l)| l.chars().any(char::is_alphanumeric))
                .map(|(i, l)| Sentence::code(l, self.line + i))
                .collect(),
            _ => {
                // A row whose verdict cell turns its option down ("| SKIP LOCKED | CUT |",
                // "| Stack | SOLD OUT |"): the option is ruled out, as under "Won't:".
                let turned_down = self.table && self.text.lines().any(rejecting_cell);
                split_sentences(&self.text)
                    .into_iter()
                    .map(|(offset, s)| {
                        let mut sentence = Sentence::prose(s, self.line_at(offset));
                        sentence.table = self.table;
                        sentence.ruled_out |= turned_down;
                        sentence
                    })
                    .collect()
            }
        }
    }

    /// Number of words.
    pub fn words(&self) -> usize {
        self.text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
    }
}

/// Byte offset -> 1-based line.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Splits a markdown document into blocks.
pub(crate) fn blocks(text: &str) -> Vec<Block> {
    let lines = Lines::new(text);
    let mut out: Vec<Block> = Vec::new();
    let mut current: Option<Block> = None;
    let mut code: Option<Block> = None;
    let mut strong = 0usize;
    let mut lead_open = false;
    let mut pending_number: Option<u64> = None;
    // One entry per open list: is it ordered?
    let mut lists: Vec<bool> = Vec::new();
    let mut html: Option<(String, usize)> = None;
    // Inside `~~struck-out~~` text: the candidate withdrew it ("~~panics~~ blocks").
    let mut struck = 0usize;
    let mut indented_code = false;
    let mut untagged_fence = false;

    fn flush(out: &mut Vec<Block>, current: &mut Option<Block>) {
        if let Some(mut b) = current.take() {
            // An empty top-level list item (`6.` with nothing after it) is an empty answer.
            if !b.is_blank() || b.item.is_some() {
                if b.text.trim().is_empty() {
                    b.strong_only = false;
                }
                out.push(b);
            }
        }
    }

    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let line = lines.line(range.start);
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut out, &mut current);
                current = Some(Block::new(BlockKind::Heading(level_number(level)), line));
            }
            Event::End(TagEnd::Heading(_)) => flush(&mut out, &mut current),
            Event::Start(Tag::Paragraph)
            | Event::Start(Tag::Item)
            | Event::Start(Tag::TableRow)
            | Event::Start(Tag::TableHead) => {
                flush(&mut out, &mut current);
                let mut b = Block::new(BlockKind::Prose, line);
                b.table = matches!(event, Event::Start(Tag::TableRow) | Event::Start(Tag::TableHead));
                if matches!(event, Event::Start(Tag::Item)) && lists.len() == 1 && lists[0] {
                    b.item = item_number(&text[range.clone()]);
                }
                if matches!(event, Event::Start(Tag::Item)) {
                    if let Some(n) = pending_number.take() {
                        b.push(&format!("{n}. "), line);
                        b.strong_only = false;
                    }
                }
                current = Some(b);
                lead_open = true;
            }
            Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Item)
            | Event::End(TagEnd::TableRow)
            | Event::End(TagEnd::TableHead)
            | Event::Start(Tag::BlockQuote(_))
            | Event::End(TagEnd::BlockQuote(_))
            | Event::Rule => flush(&mut out, &mut current),
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                flush(&mut out, &mut current);
            }
            Event::Start(Tag::List(start)) => {
                lists.push(start.is_some());
                flush(&mut out, &mut current);
                // "8. Tx2 waits ..." is an answer, not a list that happens to start at 8: keep
                // the number of an ordered list that does not start at 1.
                pending_number = start.filter(|&n| n != 1);
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                flush(&mut out, &mut current);
                let first = match kind {
                    // The content of a fenced block starts on the line after the fence.
                    pulldown_cmark::CodeBlockKind::Fenced(_) => line + 1,
                    pulldown_cmark::CodeBlockKind::Indented => line,
                };
                // A fence with no language (or `text`) holds whatever the writer typed in it; a
                // language tag means code.
                untagged_fence = matches!(&kind, pulldown_cmark::CodeBlockKind::Fenced(info)
                    if matches!(info.trim().to_lowercase().as_str(), "" | "text" | "txt" | "plain" | "plaintext"));
                indented_code = matches!(kind, pulldown_cmark::CodeBlockKind::Indented);
                code = Some(Block::new(BlockKind::Code, first));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(mut b) = code.take() {
                    b.strong_only = false;
                    if (indented_code || untagged_fence) && reads_as_prose(&b.text) {
                        // Text indented by four spaces is code to Markdown, but a sheet typed
                        // with indentation (an outline, a Gherkin scenario) means prose: one
                        // statement per line.
                        // A trace's short tagged lines are statements of their own.
                        match without_tag_column(&b.text) {
                            Some(lines) => out.extend(wrapped_line_blocks(&lines, b.line, 40)),
                            None => out.extend(line_blocks(&b.text, b.line)),
                        }
                    } else if !b.is_blank() {
                        out.extend(split_comments(b));
                    }
                }
            }
            Event::Start(Tag::Strikethrough) => struck += 1,
            Event::End(TagEnd::Strikethrough) => struck = struck.saturating_sub(1),
            Event::Text(_) | Event::Code(_) if struck > 0 && code.is_none() => {}
            Event::Code(t) if code.is_none() => {
                // Inline code is marked so the tokenizer keeps `copy(b, data[:100])` as one
                // item and never ends a sentence inside `SELECT ... FOR SHARE`.
                let b = current.get_or_insert_with(|| Block::new(BlockKind::Prose, line));
                b.strong_only = false;
                lead_open = false;
                b.push(&format!("{CODE_START}{t}{CODE_END}"), line);
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(b) = code.as_mut() {
                    if b.text.is_empty() {
                        b.line = line;
                    }
                    b.push(&t, line);
                    continue;
                }
                let b = current.get_or_insert_with(|| Block::new(BlockKind::Prose, line));
                if !t.trim().is_empty() {
                    if strong == 0 {
                        b.strong_only = false;
                        lead_open = false;
                    } else if lead_open {
                        let lead = b.lead_strong.get_or_insert_with(String::new);
                        lead.push_str(&t);
                    }
                }
                b.push(&t, line);
            }
            Event::SoftBreak => {
                if let Some(b) = current.as_mut() {
                    // A first line that is only a marker (`Q3`) stays its own line.
                    let first = b.text.trim();
                    let bare_marker = !first.contains('\n')
                        && first.len() <= 16
                        && marker_prefix(first, false).is_some_and(|(_, used)| used >= first.len());
                    // Notes typed a statement per line: the next line opens with an arrow or a
                    // bullet (`⇒ all Smiths contiguous`), or a line ending on a mark (`✓`, `)`)
                    // is followed by a capital. Wrapped prose goes on in lower case.
                    let next = text[range.end..].trim_start_matches([' ', '\t']).chars().next();
                    let last = b.text.trim_end().chars().last();
                    let arrow = next.is_some_and(|c| matches!(c, '⇒' | '→' | '⟹' | '∴' | '•' | '▸' | '↳'));
                    let marked_end = last
                        .is_some_and(|c| !c.is_alphanumeric() && !matches!(c, ',' | ';' | ':' | '-' | '(' | '`'))
                        && next.is_some_and(char::is_uppercase);
                    b.push(if bare_marker || arrow || marked_end { "\n" } else { " " }, line);
                }
            }
            Event::HardBreak => {
                if let Some(b) = current.as_mut() {
                    b.push("\n", line);
                }
            }
            Event::End(TagEnd::TableCell) => {
                // Each cell is its own statement; a row is not one long sentence.
                if let Some(b) = current.as_mut() {
                    b.push("\n", line);
                }
            }
            Event::Start(Tag::Strong) => strong += 1,
            Event::End(TagEnd::Strong) => {
                strong = strong.saturating_sub(1);
                if strong == 0 {
                    lead_open = false;
                }
            }
            Event::Start(Tag::HtmlBlock) => {
                flush(&mut out, &mut current);
                html = Some((String::new(), line));
            }
            Event::Html(t) => match html.as_mut() {
                Some((raw, _)) => raw.push_str(&t),
                None => out.extend(html_blocks(&t, line)),
            },
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((raw, first)) = html.take() {
                    out.extend(html_blocks(&raw, first));
                }
            }
            Event::InlineHtml(t) => {
                // `<br>` inside a paragraph is a line break; other inline tags are dropped.
                if let Some(b) = current.as_mut() {
                    if tag_name(&t).is_some_and(|(name, _)| name == "br") {
                        b.push("\n", line);
                    }
                }
            }
            _ => {}
        }
    }
    flush(&mut out, &mut current);
    if let Some(b) = code.take() {
        out.push(b);
    }
    fields_not_compared(&mut out);
    out
}

/// A two-column table of fields and their values (`| Field | Value |`, `| Key | Details |`, or
/// no header at all) is a form the candidate filled in, not a comparison of options: its rows
/// are statements.
fn fields_not_compared(blocks: &mut [Block]) {
    const VALUE_HEADERS: &[&str] = &["value", "values", "detail", "details", "content", "description", "entry"];
    let cells = |b: &Block| b.text.split('\n').map(str::trim).filter(|c| !c.is_empty()).count();
    let mut i = 0;
    while i < blocks.len() {
        if !blocks[i].table {
            i += 1;
            continue;
        }
        let end = (i..blocks.len()).find(|&k| !blocks[k].table).unwrap_or(blocks.len());
        let header: Vec<String> =
            blocks[i].text.split('\n').map(|c| c.trim().to_lowercase()).filter(|c| !c.is_empty()).collect();
        let named = header.len() == 2
            && VALUE_HEADERS.contains(&header[1].as_str())
            && blocks[i + 1..end].iter().all(|b| cells(b) <= 2);
        // A blank header over rows that each open on a bold label (`| | |`, then `| **CLASH** |
        // Every UPDATE ... |`) is a form too: the blank header leaves no row of its own.
        let labelled = blocks[i..end].iter().all(|b| cells(b) == 2 && b.lead_strong.is_some()) && end > i + 1;
        let form = named || labelled;
        if form {
            for b in &mut blocks[i..end] {
                b.table = false;
            }
        }
        i = end;
    }
}

/// Do most lines read as sentences (words with function words among them) rather than code
/// (braces, semicolons, assignments)?
/// A header field above a text typed in a fence (`X-Topic: composite index`, `HTTP/1.1 200 OK`):
/// the document's envelope, neither code nor the candidate's prose.
fn envelope(line: &str) -> bool {
    let l = line.trim();
    let field = l.split_once(": ").is_some_and(|(k, v)| {
        k.contains('-')
            && !k.contains(' ')
            && k.chars().next().is_some_and(char::is_alphabetic)
            && v.split_whitespace().count() <= 4
    });
    field || l.starts_with("HTTP/")
}

/// Braces, an assignment or comparison, a call left open at the line's end: marks of code in
/// a line, whatever its words.
fn code_marks(line: &str) -> bool {
    line.contains(['{', '}']) || line.contains(":=") || line.contains("==") || line.trim_end().ends_with('(')
}

fn reads_as_prose(text: &str) -> bool {
    // A man page's section names (`NAME`, `DESCRIPTION`, `BUGS`) label the prose under them.
    let label = |l: &str| {
        let l = l.trim();
        !l.is_empty() && !l.contains(' ') && l.chars().all(|c| c.is_ascii_uppercase() || c == ':')
    };
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty() && !label(l) && !envelope(l)).collect();
    if lines.is_empty() {
        return false;
    }
    let prose = lines
        .iter()
        .filter(|l| {
            let words: Vec<String> = plain_words(l);
            // "it; last_name can only be checked ..." and a line wrapped after a comma are
            // prose; a statement's `;` (before a comment, another statement or the line's end)
            // and a call's open bracket are code.
            let code_semicolon = l.match_indices(';').any(|(i, _)| {
                !l[i + 1..].starts_with(' ') || !l[i + 1..].trim_start().starts_with(|c: char| c.is_lowercase())
            });
            let codey = code_marks(l) || code_semicolon;
            // "→ t ≈ 0.1s: buffer reaches capacity": a step of a flow written in words.
            let step = l.trim_start().starts_with(['\u{2192}', '\u{21d2}']) || l.trim_start().starts_with("->");
            !codey && words.len() >= 3 && (step || words.iter().any(|w| crate::written::text::is_function_word(w)))
        })
        .count();
    prose * 10 >= lines.len() * 7
}

/// Text typed a statement per line, as prose blocks of one line each; `first` is the first
/// line's number.
///
/// A line that starts in lower case after one that does not end a sentence continues it: text
/// wrapped at 72 columns ("... sorted by last_name, then by / age inside equal last_name.") is
/// one statement, not two fragments.
fn line_blocks(text: &str, first: usize) -> Vec<Block> {
    wrapped_line_blocks(text, first, 0)
}

/// `line_blocks`, where a line continues the one before only if that one is at least `wrap`
/// characters long: a trace's short lines are statements of their own, a long one wrapped.
fn wrapped_line_blocks(text: &str, first: usize, wrap: usize) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut open = false;
    let mut last_len = 0;
    for (k, l) in text.lines().enumerate() {
        let l = l.trim();
        if l.is_empty() || envelope(l) {
            open = false;
            continue;
        }
        // "users.sql:4: note: choose B": each diagnostic is a statement of its own, read
        // without its location and severity.
        let diagnostic = diagnostic_prefix(l);
        let l = diagnostic.map_or(l, |n| &l[n..]);
        // A comment wrapped over lines (`# refill 100 tokens per` / `# second, ...`) is one
        // statement: its markers are not words and do not stop the sentence.
        let l = ["# ", "// ", "-- "].iter().find_map(|m| l.strip_prefix(m)).map_or(l, str::trim_start);
        if l.is_empty() {
            open = false;
            continue;
        }
        // A line filled to the width of a transcript's page ("... Add SKIP" / "LOCKED. Each
        // worker ...") runs on whatever case its next line opens with.
        let full = wrap > 0 && last_len >= 60;
        let continues = open && diagnostic.is_none() && (full || l.chars().next().is_some_and(char::is_lowercase));
        match out.last_mut() {
            Some(p) if continues => p.push(&format!(" {l}"), first + k),
            _ => {
                let mut p = Block::new(BlockKind::Prose, first + k);
                p.strong_only = false;
                p.push(l, first + k);
                out.push(p);
            }
        }
        open = !l.ends_with(['.', '!', '?', ':', ';']) && l.chars().count() >= wrap;
        last_len = l.chars().count();
    }
    out
}

/// A trace's lines without their tag column (`d  A (age, last_name)`, `v  heap: ...`): when a
/// token of up to three characters and two spaces opens most lines, it marks each line's kind,
/// not its words. `None` when there is no such column.
fn without_tag_column(text: &str) -> Option<String> {
    fn tag(l: &str) -> Option<&str> {
        let t = l.trim_start();
        t.find("  ").filter(|&i| i > 0 && i <= 3 && !t[..i].contains(' ')).map(|i| t[i..].trim_start())
    }
    let nonblank: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let tagged = nonblank.iter().filter(|l| tag(l).is_some()).count();
    (tagged >= 2 && tagged * 5 >= nonblank.len() * 3)
        .then(|| text.lines().map(|l| tag(l).unwrap_or(l.trim())).collect::<Vec<_>>().join("\n"))
}

/// The lines of a code block as the statements they carry, for an answer written wholly in
/// code: a double-quoted string of three words or more is the text (`@echo "Q7: B ..."`, a
/// docstring across lines), a logfmt line's quoted values are fields (`answer="FOR SHARE"` ->
/// `answer: FOR SHARE.`, `why_not=...` -> `why not: ...`), tree glyphs and leading markers
/// are dropped. `None` when most lines are not words: code stays code.
fn code_as_statements(text: &str) -> Option<Vec<String>> {
    let words = |v: &str| v.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).count();
    let text = without_tag_column(text).unwrap_or_else(|| text.to_string());
    let mut out = Vec::new();
    let mut in_string = false;
    for line in text.lines() {
        let t = line.trim();
        if in_string {
            match t.find('"') {
                Some(end) => {
                    in_string = false;
                    out.push(t[..end].to_string());
                }
                None => out.push(t.to_string()),
            }
            continue;
        }
        // `q=9 level=info answer="FOR SHARE" why_not="..."`: keys with quoted values.
        let pairs: Vec<(&str, &str)> = t
            .split('"')
            .collect::<Vec<_>>()
            .chunks(2)
            .filter_map(|c| {
                // `answer="..."` (logfmt, keyword arguments) or `Pick: "..."` (a struct literal).
                let before = c[0].trim_end();
                let key = before
                    .strip_suffix('=')
                    .or_else(|| before.strip_suffix(':'))?
                    .trim_end()
                    .rsplit([' ', '\t', ',', '{'])
                    .next()?;
                let value = c.get(1)?;
                let simple = !key.is_empty() && key.chars().all(|ch| ch.is_alphanumeric() || ch == '_' || ch == '-');
                simple.then_some((key, *value))
            })
            .collect();
        if !pairs.is_empty() {
            let fields: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("{}: {}.", k.replace(['_', '-'], " "), v.trim_end_matches('.')))
                .collect();
            out.push(fields.join(" "));
            continue;
        }
        // A string that opens on this line and may run on: the text inside it.
        if let Some(open) = t.find('"') {
            let rest = &t[open + 1..];
            match rest.find('"') {
                Some(end) if words(&rest[..end]) >= 3 => {
                    let strings: Vec<&str> = t.split('"').skip(1).step_by(2).filter(|v| words(v) >= 3).collect();
                    out.push(strings.join(" "));
                    continue;
                }
                None if words(rest) >= 2 => {
                    in_string = true;
                    out.push(rest.to_string());
                    continue;
                }
                _ => {}
            }
        }
        let bare = t.trim_start_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '(' | '\'' | '`'));
        // `producer panic      VOID`: a last column that turns the line down rejects it.
        match bare.rsplit_once("  ") {
            Some((item, verdict)) if rejecting_cell(verdict) => out.push(format!("Rejected: {}.", item.trim())),
            _ => out.push(bare.to_string()),
        }
    }
    // `Answer{`, `},`: a literal's brackets hold the statements, they are not lines of their own.
    let lines: Vec<&String> = out
        .iter()
        .filter(|l| {
            let t = l.trim().trim_end_matches(',');
            !t.is_empty() && !t.ends_with(['{', '[', '(']) && !t.chars().all(|c| matches!(c, '}' | ']' | ')'))
        })
        .collect();
    // A statement: three words with a function word among them, no braces, assignment or
    // comparison, not ending a statement or opening a call.
    let statement = |l: &str| {
        words(l) >= 3
            && plain_words(l).iter().any(|w| crate::written::text::is_function_word(w))
            && !code_marks(l)
            && !l.trim_end().ends_with(';')
    };
    let prose = lines.iter().filter(|l| statement(l)).count();
    (!lines.is_empty() && prose * 5 >= lines.len() * 3).then_some(out)
}

/// The length of a compiler diagnostic's location and severity opening `line`
/// (`process.go:4:36: note: `, `users.sql: warning: `), if it has one.
fn diagnostic_prefix(line: &str) -> Option<usize> {
    const SEVERITIES: &[&str] = &["error", "warning", "note", "fix-it", "help", "hint", "info", "remark"];
    let (location, rest) = line.split_once(": ")?;
    let file = location.split(':').next()?;
    let is_file = file.contains('.')
        && !file.contains(' ')
        && file.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '/' | '_' | '-'))
        && location.split(':').skip(1).all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    let (severity, _) = rest.split_once(": ")?;
    (is_file && SEVERITIES.contains(&severity)).then(|| location.len() + 2 + severity.len() + 2)
}

/// The text a line of a script only prints (`echo "I chose quality over speed."`,
/// `fmt.Println("...")`): the writer's words, as a comment's are.
fn printed_text(line: &str) -> Option<&str> {
    const PRINTS: &[&str] =
        &["echo ", "printf ", "print(", "print ", "puts ", "fmt.println(", "fmt.printf(", "println!(", "console.log("];
    let lower = line.to_lowercase();
    let command = PRINTS.iter().find(|p| lower.starts_with(**p))?;
    let (said, tail) = leading_string(&line[command.len()..])?;
    // Only the string, closed by the call: `echo "..." >> log` and `print("..." + x)` do more.
    matches!(tail.trim(), "" | ")" | ");" | ";").then_some(said)
}

/// The quoted string `text` opens with (after spaces), up to its last matching quote, and what
/// follows it: `"a b" >> log` gives ("a b", " >> log").
fn leading_string(text: &str) -> Option<(&str, &str)> {
    let text = text.trim_start();
    let quote = text.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let body = &text[1..];
    let close = body.rfind(quote)?;
    Some((&body[..close], &body[close + 1..]))
}

/// The comments of a code block are the candidate's prose (`// r escapes to the heap ...`):
/// consecutive comment lines become one paragraph, the rest stays code.
fn split_comments(b: Block) -> Vec<Block> {
    fn comment(line: &str) -> Option<&str> {
        let t = line.trim_start();
        if let Some(said) = printed_text(t) {
            return Some(said);
        }
        let body = ["//", "--", "#", "/*", "*/", "*"]
            .iter()
            .find_map(|m| t.strip_prefix(m))
            .map(|rest| rest.trim_start_matches(['/', '-', '*', '#', '!']).trim_end_matches("*/").trim())?;
        // `#include`, `--flag`, `*ptr = x`: a marker glued to code is not a comment.
        let glued = !t.starts_with("//")
            && !t.starts_with("/*")
            && t.chars().nth(t.len() - t.trim_start_matches(['-', '#', '*']).len()).is_some_and(|c| !c.is_whitespace());
        (!glued).then_some(body)
    }
    let lines: Vec<&str> = b.text.lines().collect();
    let mut is_comment: Vec<bool> = lines
        .iter()
        .map(|l| {
            comment(l).is_some_and(|c| c.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).count() >= 3)
        })
        .collect();
    // A short comment line opening a comment paragraph (`-- FOR SHARE.` above the reasons) is
    // its first line, as a short one inside it is.
    for i in (0..lines.len().saturating_sub(1)).rev() {
        if !is_comment[i] && is_comment[i + 1] && comment(lines[i]).is_some_and(|c| !c.is_empty()) {
            is_comment[i] = true;
        }
    }
    // A block labelled as what not to do (`// counter-example: loses events`) stays code: its
    // comments describe the counter-example, and the grader disowns the whole block.
    const LABELS: &[&str] = &[
        "counter-example",
        "counterexample",
        "counter example",
        "anti-pattern",
        "antipattern",
        "don't do",
        "do not do",
        "buggy",
    ];
    // These label only where a comment opens with them: "what it got wrong:" introduces the
    // writer's own account.
    const LEADING: &[&str] = &["wrong:", "bad:", "broken:"];
    let labelled = lines.iter().filter_map(|l| comment(l)).any(|c| {
        let c = c.to_lowercase();
        LABELS.iter().any(|w| c.contains(w)) || LEADING.iter().any(|w| c.starts_with(w))
    });
    if labelled || !is_comment.iter().any(|&c| c) {
        return vec![b];
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let start = i;
        let prose = is_comment[i];
        // A short comment line between comment lines continues the paragraph.
        while i < lines.len() && (is_comment[i] == prose || prose && comment(lines[i]).is_some_and(|c| !c.is_empty())) {
            i += 1;
        }
        if prose {
            let mut p = Block::new(BlockKind::Prose, b.line + start);
            p.strong_only = false;
            for (k, l) in lines[start..i].iter().enumerate() {
                if k > 0 {
                    p.push(" ", b.line + start + k);
                }
                p.push(comment(l).unwrap_or(""), b.line + start + k);
            }
            out.push(p);
        } else {
            let mut c = Block::new(BlockKind::Code, b.line + start);
            c.strong_only = false;
            c.text = lines[start..i].join("\n");
            if !c.is_blank() {
                out.push(c);
            }
        }
    }
    out
}

/// The number a list item's source starts with: `3.` or `3)`.
fn item_number(source: &str) -> Option<usize> {
    let t = source.trim_start();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    digits.parse().ok()
}

/// `<p class="x">` -> ("p", false); `</pre>` -> ("pre", true). `None` for comments and
/// anything that is not a tag.
fn tag_name(tag: &str) -> Option<(String, bool)> {
    let inner = tag.strip_prefix('<')?.trim_end_matches('>');
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let name: String = inner.chars().take_while(char::is_ascii_alphanumeric).collect();
    (!name.is_empty()).then(|| (name.to_ascii_lowercase(), closing))
}

/// Decodes the HTML entities a pasted fragment is likely to hold.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                "ge" => '\u{2265}',
                "le" => '\u{2264}',
                "ne" => '\u{2260}',
                "rarr" => '\u{2192}',
                "larr" => '\u{2190}',
                "mdash" => '\u{2014}',
                "ndash" => '\u{2013}',
                "hellip" => '\u{2026}',
                _ => {
                    let n = name.strip_prefix('#')?;
                    let code = match n.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => n.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, e + 1))
        });
        match decoded {
            Some((c, used)) => {
                out.push(c);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// An HTML fragment pasted into the sheet, read as text: `<p>`, `<div>`, `<li>` and the like
/// end a paragraph, `<br>` breaks a line, `<pre>`, `<script>` and `<style>` hold code, other
/// tags are dropped and entities are decoded. `first` is the line the fragment starts on.
fn html_blocks(raw: &str, first: usize) -> Vec<Block> {
    const BREAKS: &[&str] = &[
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "blockquote",
        "section",
        "article",
        "dl",
        "dt",
        "dd",
        "hr",
        "details",
        "summary",
    ];
    let mut out = Vec::new();
    let mut prose = Block::new(BlockKind::Prose, first);
    prose.strong_only = false;
    let mut code: Option<(Block, String)> = None; // the block and its closing tag
                                                  // `<p><b>Q3</b><br>answer` is the bold label of markdown (`**Q3:** answer`): the text of a
                                                  // `<b>`/`<strong>` run that opens a paragraph is its lead.
    let mut bold = 0usize;
    let mut lead_open = true;
    let mut struck = 0usize;
    // Open lists, outermost first: whether ordered, and the number of its last item. An item of
    // an outermost `<ol>` carries its number, as a Markdown `1.` item does.
    let mut lists: Vec<(bool, usize)> = Vec::new();
    let line_of = |offset: usize| first + raw[..offset].matches('\n').count();
    let flush = |out: &mut Vec<Block>, b: &mut Block, line: usize, lead_open: &mut bool| {
        let mut next = Block::new(BlockKind::Prose, line);
        next.strong_only = false;
        let done = std::mem::replace(b, next);
        *lead_open = true;
        if !done.is_blank() {
            out.push(done);
        }
    };
    let mut at = 0;
    while at < raw.len() {
        let rest = &raw[at..];
        if code.is_none() && (rest.starts_with("<!--") || rest.starts_with("<!") || rest.starts_with("<?")) {
            // Comments (`<!-- your answer -->`) and declarations are not text.
            let end =
                if rest.starts_with("<!--") { rest.find("-->").map(|e| e + 3) } else { rest.find('>').map(|e| e + 1) };
            at += end.unwrap_or(rest.len());
            continue;
        }
        let tag_end = rest.starts_with('<').then(|| rest.find('>')).flatten();
        let tag = tag_end.and_then(|e| tag_name(&rest[..=e]).map(|t| (t, e)));
        if let Some(((name, closing), e)) = tag {
            if let Some((b, close)) = code.as_mut() {
                if closing && name == *close {
                    let mut b = std::mem::replace(b, Block::new(BlockKind::Code, 0));
                    b.text = decode_entities(b.text.trim_end());
                    if !b.is_blank() {
                        out.push(b);
                    }
                    code = None;
                    at += e + 1;
                    continue;
                }
                if close == "pre" {
                    // Tags inside `<pre>` (`<code>`) are markup, not code.
                    at += e + 1;
                    continue;
                }
            } else {
                let line = line_of(at);
                if !closing && matches!(name.as_str(), "pre" | "script" | "style") {
                    flush(&mut out, &mut prose, line, &mut lead_open);
                    // The code starts after the tag, on the next line if the tag ends one.
                    let mut start = at + e + 1;
                    if raw[start..].starts_with('\n') {
                        start += 1;
                    }
                    let mut b = Block::new(BlockKind::Code, line_of(start));
                    b.strong_only = false;
                    code = Some((b, name));
                    at = start;
                    continue;
                }
                if matches!(name.as_str(), "del" | "s" | "strike") {
                    struck = if closing { struck.saturating_sub(1) } else { struck + 1 };
                } else if name == "br" {
                    prose.push("\n", line);
                    if bold == 0 {
                        lead_open = false;
                    }
                } else if BREAKS.contains(&name.as_str()) {
                    flush(&mut out, &mut prose, line, &mut lead_open);
                    match (name.as_str(), closing) {
                        ("ol" | "ul", false) => {
                            let tag = &rest[..=e];
                            let start = tag
                                .split("start=")
                                .nth(1)
                                .and_then(|v| v.trim_matches(['"', '\'', '>', ' ']).split(['"', '\'', ' ', '>']).next())
                                .and_then(|v| v.parse::<usize>().ok())
                                .unwrap_or(1);
                            lists.push((name == "ol", start.saturating_sub(1)));
                        }
                        ("ol" | "ul", true) => {
                            lists.pop();
                        }
                        ("li", false) => {
                            if let [(true, n)] = lists.as_mut_slice() {
                                *n += 1;
                                prose.item = Some(*n);
                            }
                        }
                        _ => {}
                    }
                } else if matches!(name.as_str(), "code" | "tt" | "kbd") {
                    // As markdown's backticks: `SELECT ... FOR SHARE` is one item, not a list.
                    prose.push(&(if closing { CODE_END } else { CODE_START }).to_string(), line);
                    lead_open = false;
                } else if matches!(name.as_str(), "b" | "strong") {
                    if closing {
                        bold = bold.saturating_sub(1);
                        if bold == 0 {
                            lead_open = false;
                        }
                    } else {
                        bold += 1;
                    }
                }
                at += e + 1;
                continue;
            }
        }
        // Text up to the next `<` (or past a `<` that opens no tag).
        let skip = rest.chars().next().map(char::len_utf8).unwrap_or(1);
        let len = rest[skip..].find('<').map(|i| i + skip).unwrap_or(rest.len());
        let piece = &rest[..len];
        let line = line_of(at);
        match code.as_mut() {
            Some((b, _)) => b.push(piece, line),
            None if struck > 0 => {}
            None => {
                let text = decode_entities(&piece.replace('\n', " "));
                if !text.trim().is_empty() {
                    if bold > 0 && lead_open {
                        prose.lead_strong.get_or_insert_with(String::new).push_str(&text);
                    } else {
                        lead_open = false;
                    }
                }
                prose.push(&text, line);
            }
        }
        at += len;
    }
    if let Some((mut b, _)) = code.take() {
        b.text = decode_entities(b.text.trim_end());
        if !b.is_blank() {
            out.push(b);
        }
    }
    let line = line_of(raw.len());
    flush(&mut out, &mut prose, line, &mut lead_open);
    out
}

// ---------------------------------------------------------------------------------------------
// Answer sheets.

/// What the parser needs to know about a question.
#[derive(Debug, Clone)]
pub(crate) struct Prompt {
    /// The number in the question's id.
    pub number: usize,
    /// The title's words, lower-cased, without quotes.
    pub title_words: Vec<String>,
    /// Every word of the question text.
    pub words: HashSet<String>,
    /// The question text, words only, space-separated (for containment checks).
    pub flat: String,
    /// Non-trivial lines of the question text, trimmed (to drop copied code).
    pub lines: HashSet<String>,
    /// The words of the question, its title and its model answer, lightly stemmed: what a
    /// heading naming the question's topic shares with it.
    pub topic: HashSet<String>,
    /// Which part of the assessment the question is in (1-based; 0 when parts are unknown), for
    /// sheets that number the questions again in each part ("Part B, question 1").
    pub part: usize,
}

impl Prompt {
    pub fn new(number: usize, title: &str, question: &str, model_answer: &str) -> Prompt {
        let words_list = plain_words(question);
        let topic =
            [title, question, model_answer].iter().flat_map(|t| plain_words(t)).map(|w| topic_stem(&w)).collect();
        Prompt {
            number,
            title_words: plain_words(title).into_iter().filter(|w| !matches!(w.as_str(), "the" | "a" | "an")).collect(),
            words: words_list.iter().cloned().collect(),
            flat: words_list.join(" "),
            lines: question.lines().map(str::trim).filter(|l| l.len() >= 6).map(str::to_string).collect(),
            topic,
            part: 0,
        }
    }

    /// The same prompt in part `part` (1-based).
    pub fn in_part(mut self, part: usize) -> Prompt {
        self.part = part;
        self
    }

    /// Is this block text copied from the question? `strict` for text under an answer
    /// heading, where only long near-verbatim copies count.
    fn is_copy(&self, text: &str, strict: bool) -> bool {
        let words = plain_words(text);
        if words.is_empty() {
            return true;
        }
        // Short blocks are answers ("FOR SHARE.", "Final stock: 8"), even when the question
        // uses the same words.
        if words.len() < 4 || strict && words.len() < 6 {
            return false;
        }
        let verbatim = contains_words(&self.flat, &words.join(" "));
        if strict {
            return verbatim;
        }
        // Under a `Qn` heading the question may be pasted with small edits; an answer that
        // merely reuses the question's words ("The final stock is 8") is short.
        let inside = words.iter().filter(|w| self.words.contains(*w)).count();
        verbatim || words.len() >= 8 && inside as f64 >= 0.85 * words.len() as f64
    }
}

fn contains_words(haystack: &str, needle: &str) -> bool {
    format!(" {haystack} ").contains(&format!(" {needle} "))
}

/// One question's answer as found on the sheet.
#[derive(Debug, Clone)]
pub(crate) struct FoundAnswer {
    pub status: AnswerStatus,
    pub line: Option<usize>,
    pub sentences: Vec<Sentence>,
    pub words: usize,
    /// Every paragraph is a bold term and its definition (`**Backpressure.** A mechanism
    /// ...`): a glossary of the question's vocabulary, which does not answer it.
    pub glossary: bool,
    /// The lines of the places on the sheet this answer was put together from, when more than
    /// one (an answer continued elsewhere, or text that belongs to another answer).
    pub scattered: Vec<usize>,
}

/// A parsed answer sheet.
#[derive(Debug, Clone)]
pub(crate) struct ParsedSheet {
    /// In the order of `prompts`.
    pub answers: Vec<FoundAnswer>,
    /// Parts of the sheet that could not be matched, `path:line: message`.
    pub warnings: Vec<String>,
    /// No labels named the questions: answers were matched to questions paragraph by paragraph.
    pub by_paragraphs: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Answer(usize),
    Question(usize),
    Numbered(usize),
    /// A top-level ordered-list item: an answer only on a sheet with no other markers.
    Item(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SectionKind {
    Answer,
    Question,
}

struct Section {
    number: usize,
    kind: SectionKind,
    line: usize,
    level: u8,
    blocks: Vec<Block>,
}

/// A tiny cursor over lower-cased text, for the marker grammar.
struct Cursor<'a> {
    s: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.at..]
    }

    fn skip(&mut self, chars: &[char]) {
        while let Some(c) = self.rest().chars().next() {
            if chars.contains(&c) || c.is_whitespace() {
                self.at += c.len_utf8();
            } else {
                break;
            }
        }
    }

    /// Eats `word` if it is followed by a non-letter.
    fn word(&mut self, word: &str) -> bool {
        let rest = self.rest();
        if rest.len() >= word.len()
            && rest.is_char_boundary(word.len())
            && rest[..word.len()].eq_ignore_ascii_case(word)
        {
            let next = rest[word.len()..].chars().next();
            if next.is_none_or(|c| !c.is_alphabetic()) {
                self.at += word.len();
                return true;
            }
        }
        false
    }

    fn number(&mut self) -> Option<usize> {
        let digits: String = self.rest().chars().take_while(|c| c.is_ascii_digit()).collect();
        if digits.is_empty() || digits.len() > 4 {
            return None;
        }
        self.at += digits.len();
        digits.parse().ok()
    }
}

/// Reads `Answer Q3`, `Answer to question 3`, `Q3`, `Question #3`, `A3` at the start of
/// `text`. Returns the marker and the byte length it used (including a separator).
/// Does `text` open with `Q` and a digit (`Q3`, `q10`)?
fn opens_q_number(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() > 1 && b[0].eq_ignore_ascii_case(&b'q') && b[1].is_ascii_digit()
}

fn marker_prefix(text: &str, need_separator: bool) -> Option<(Marker, usize)> {
    let mut c = Cursor { s: text, at: 0 };
    // Markup and decoration before the marker: `**`, `#`, `[`, `(`, `✅`, `➤`.
    while let Some(ch) = c.rest().chars().next() {
        if ch.is_alphanumeric() {
            break;
        }
        c.at += ch.len_utf8();
    }
    // "Re: Q3 (escape analysis)": a letter's reply to a question is its answer; so is a
    // postscript that names one ("P.S. — correcting Q8.").
    let regarding = c.rest().get(..3).is_some_and(|r| r.eq_ignore_ascii_case("re:"));
    let postscript = ["P.S.", "P.P.S."].into_iter().find(|p| !regarding && c.rest().starts_with(p));
    if regarding {
        c.at += 3;
        c.skip(&[]);
    } else if let Some(p) = postscript {
        c.at += p.len();
        c.skip(&['\u{2014}', '\u{2013}', '-', ':']);
        // "P.P.S. — a refinement to Q1.": a few lower-case words before the question it names.
        for _ in 0..4 {
            if opens_q_number(c.rest()) {
                break;
            }
            let word = c.rest().split(|ch: char| !ch.is_alphabetic()).next().unwrap_or("");
            if word.is_empty() || !word.chars().all(|ch| ch.is_lowercase()) {
                return None;
            }
            c.at += word.len();
            c.skip(&[]);
        }
        if !opens_q_number(c.rest()) {
            return None;
        }
    }
    let answer = regarding || postscript.is_some() || c.word("answer") || c.word("ans") || c.word("answers");
    // "Answer: 1) ..." is an answer's own numbered point, not the answer to question 1.
    let mut allow_bracket = true;
    if answer {
        let at = c.at;
        c.skip(&['.', ':']);
        allow_bracket = !c.s[at..c.at].contains([':', '.']);
        let _ = c.word("to") || c.word("for") || c.word("of");
        c.skip(&[]);
        // "Ans: 8. Database will handle it": after a label's colon, a bare number is the answer's
        // value, not the question it answers.
        if c.s[at..c.at].contains(':') && c.rest().starts_with(|ch: char| ch.is_ascii_digit()) {
            return None;
        }
    }
    // FAQ style: `Q: (Q3) Why ...` names the question in brackets after the `Q:` label.
    if !answer {
        let r = c.rest().to_ascii_lowercase();
        if let Some(after) = r.strip_prefix("q:").or_else(|| r.strip_prefix("question:")) {
            let inner = after.trim_start();
            if inner.starts_with("(q") || inner.starts_with("[q") {
                // Just inside the bracket (ASCII lower-casing keeps byte offsets).
                let start = c.at + r.len() - inner.len() + 1;
                if let Some((m, used)) = marker_prefix(&text[start..], false) {
                    return Some((m, start + used));
                }
            }
        }
    }
    let question = c.word("question") || c.word("q") || {
        // `Q3` has no space: "q" followed by a digit.
        let r = c.rest();
        if opens_q_number(r) {
            c.at += 1;
            true
        } else if !answer
            && r.len() > 1
            && r.as_bytes()[0].eq_ignore_ascii_case(&b'a')
            && r.as_bytes()[1].is_ascii_digit()
        {
            // `A3:` is an answer marker.
            c.at += 1;
            return finish(c, Marker::Answer, need_separator, true);
        } else {
            false
        }
    };
    if !answer && !question {
        return None;
    }
    c.skip(&['#', '.']);
    let _ = c.word("no");
    c.skip(&['.', '#']);
    let kind = if answer { Marker::Answer } else { Marker::Question };
    finish(c, kind, need_separator, allow_bracket)
}

/// Does the text open with a bare answer label, a letter and a number (`A1.`, `**a2:**`), past
/// list and emphasis marks?
fn bare_answer_label(text: &str) -> bool {
    let t = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    let mut chars = t.chars();
    chars.next().is_some_and(|c| c.eq_ignore_ascii_case(&'a')) && chars.next().is_some_and(|c| c.is_ascii_digit())
}

fn finish(
    mut c: Cursor,
    kind: fn(usize) -> Marker,
    need_separator: bool,
    allow_bracket: bool,
) -> Option<(Marker, usize)> {
    let n = c.number()?;
    // `Q3a` or `Q35th` are not markers.
    if c.rest().chars().next().is_some_and(char::is_alphanumeric) {
        return None;
    }
    let before = c.at;
    let own_line = c.rest().starts_with(['\n', '\r']);
    c.skip(&['*', '_', ']', ')']);
    let rest = c.rest();
    // `Q8)` and `[Q8]` close the marker as a colon does.
    let bracketed = allow_bracket && c.s[before..c.at].contains([')', ']']);
    // `Q3` alone on its line, the answer on the next (one paragraph in markdown).
    let separated =
        own_line || rest.is_empty() || bracketed || rest.starts_with([':', '.', ')', '-', '\u{2014}', '\u{2013}']);
    if need_separator && !separated {
        // "Q3 is tricky" opens no answer; "**Q3**" followed by text does (bold closes it).
        let bold_closed = c.s[before..c.at].contains('*');
        if !bold_closed {
            return None;
        }
    }
    if separated && !bracketed && !own_line {
        c.at += rest.chars().next().map(char::len_utf8).unwrap_or(0);
    }
    if separated {
        c.skip(&['*', '_']);
    }
    Some((kind(n), c.at))
}

/// The question a word names (`Q3`, `q10:`, `"Q7"`, `[Q2]`): one or two digits after a `Q`,
/// past any punctuation around it.
fn question_number(word: &str) -> Option<usize> {
    let digits = word.trim_matches(|c: char| !c.is_alphanumeric()).strip_prefix(['Q', 'q'])?;
    ((1..=2).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())).then(|| digits.parse().ok())?
}

/// A number read out in a transcript: "seven" or "7".
fn spoken_number(word: &str) -> Option<usize> {
    const NUMBERS: &[&str] = &["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
    NUMBERS.iter().position(|n| *n == word).map(|p| p + 1).or_else(|| word.parse().ok())
}

/// A bold label that names the question after a word of its own (`**Result comment Q4:**`,
/// `**Notes on Q7**`, `**LINE Q1. Memory retention.**`): two to four words ending in the
/// question number, or the number second after one capitalised label word, title after.
fn trailing_question(lead: &str) -> Option<(Marker, usize)> {
    let words: Vec<&str> = lead.split_whitespace().collect();
    // "**10:05 · waiting for Fennel PM to join · Q3**": a longer lead ending on the question
    // after a separator, as a log entry's header does.
    let separated = words.len() <= 12
        && words.len() >= 3
        && matches!(words[words.len() - 2], "\u{b7}" | "|" | "-" | "\u{2014}" | "\u{2013}" | "/" | "\u{2022}");
    let last =
        ((2..=4).contains(&words.len()) || separated).then(|| words.last().and_then(|w| question_number(w))).flatten();
    let second = (words.len() >= 2 && words[0].chars().next().is_some_and(char::is_uppercase))
        .then(|| question_number(words[1]))
        .flatten();
    let n = last.or(second)?;
    Some((Marker::Question(n), lead.len()))
}

/// A log entry's bold header of five words or more that ends on its question after a
/// separator ("**10:58 · Fennel call over · Q4**").
fn entry_header(text: &str) -> Option<Marker> {
    let t = text.trim().trim_matches(['*', '_']);
    let (m, _) = trailing_question(t).filter(|_| t.split_whitespace().count() > 4)?;
    Some(m)
}

/// `(8) ...`, `8: ...`, `8 - ...` opening a paragraph: a bare number, an answer only on a sheet
/// with no other markers (like an ordered-list item). Returns the number and the bytes used.
fn bare_number_prefix(text: &str) -> Option<(usize, usize)> {
    let mut c = Cursor { s: text, at: 0 };
    let paren = c.rest().starts_with('(');
    if paren {
        c.at += 1;
    }
    let n = c.number().filter(|&n| n > 0 && n < 100)?;
    let rest = c.rest();
    let sep = if paren {
        rest.strip_prefix(')')?
    } else {
        rest.strip_prefix(':').or_else(|| rest.strip_prefix(" -")).or_else(|| rest.strip_prefix(" \u{2014}"))?
    };
    // Followed by text, not by more digits (`8:30`), or alone on its line (`(4)` over a list).
    if sep.is_empty() {
        return Some((n, text.len()));
    }
    if !sep.starts_with([' ', '\n']) {
        return None;
    }
    Some((n, text.len() - sep.len() + 1))
}

/// The number a title opens with (`3. Escape analysis`, `**10)**`), if any.
fn leading_number(text: &str) -> Option<usize> {
    let t = text.trim_start_matches(['#', '*', '_', ' ']);
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    let after = t[digits.len()..].chars().next();
    if !digits.is_empty() && digits.len() <= 3 && after.is_none_or(|c| matches!(c, '.' | ')' | ':' | ' ')) {
        digits.parse().ok()
    } else {
        None
    }
}

/// Classifies a heading's text.
fn classify_heading(text: &str, prompts: &[Prompt]) -> Option<Marker> {
    if let Some((marker, _)) = marker_prefix(text, false) {
        return Some(marker);
    }
    // `## Part 3 - Q8`: the part is furniture, the question follows it.
    let lower = text.to_lowercase();
    if let Some(i) = lower.find("part ").filter(|&i| !lower[..i].chars().any(char::is_alphanumeric)) {
        let after = &text[i + 5..];
        let skip = after.find(|c: char| !(c.is_alphanumeric())).unwrap_or(after.len());
        let rest = after[skip..].trim_start_matches([' ', '-', ':', '.', ',', '\u{2014}', '\u{2013}', '|', '/']);
        if rest.len() < after.len() && !rest.is_empty() {
            if let Some((m @ (Marker::Answer(_) | Marker::Question(_)), _)) = marker_prefix(rest, false) {
                return Some(m);
            }
        }
    }
    let words: Vec<String> = plain_words(text);
    let numbered = leading_number(text);
    // A question's title names it: "### The Queue Architecture" or "### 10. The Queue Architecture".
    let content: HashSet<&str> = words.iter().map(String::as_str).collect();
    for p in prompts {
        if p.title_words.len() >= 2 && p.title_words.iter().all(|w| content.contains(w.as_str())) {
            // Only when the heading is mostly the title (not a long sentence mentioning it).
            if words.len() <= p.title_words.len() + 4 {
                return Some(Marker::Question(p.number));
            }
        }
    }
    numbered.map(Marker::Numbered)
}

/// An AsciiDoc document (`== Title` headings, `----` around source blocks) as the Markdown
/// the parser reads, line for line so line numbers hold; `None` when `text` is not AsciiDoc.
/// Read as Markdown, `----` under a line would make that line a heading.
fn asciidoc_as_markdown(text: &str) -> Option<String> {
    let heading = |l: &str| {
        let eq = l.bytes().take_while(|&b| b == b'=').count();
        (1..=6).contains(&eq) && l[eq..].starts_with(' ') && l.len() > eq + 1
    };
    let lines: Vec<&str> = text.lines().collect();
    let headings = lines.iter().filter(|l| heading(l)).count();
    let adoc = lines.iter().any(|l| *l == "----" || l.starts_with("[source") || l.starts_with(":toc:"));
    if headings == 0 || !adoc {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut in_block = false;
    for line in lines {
        let converted = if line == "----" || line == "...." {
            in_block = !in_block;
            "```".to_string()
        } else if in_block {
            line.to_string()
        } else if heading(line) {
            let eq = line.bytes().take_while(|&b| b == b'=').count();
            format!("{} {}", "#".repeat(eq), &line[eq + 1..])
        } else if line.starts_with("[source") || line.starts_with(':') && line[1..].contains(": ") {
            String::new()
        } else if let Some(item) = line.strip_prefix(". ") {
            // `. item`: an ordered list's item.
            format!("1. {item}")
        } else {
            line.to_string()
        };
        out.push_str(&converted);
        out.push('\n');
    }
    Some(out)
}

/// A reStructuredText document (Sphinx notes) as markdown, line for line: a `.. code-block::`
/// directive or a paragraph ending in `::` opens a code block of the indented lines after it;
/// other directives (`.. note::`) keep their indented text as prose. `None` when the text has
/// no directive or literal block. Read as markdown, the indented code was a paragraph, and the
/// misconceptions its lines seemed to state (`return nil, err`) were counted.
fn restructuredtext_as_markdown(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let directive = |l: &str| l.starts_with(".. ") && l.contains("::");
    if !lines.iter().any(|l| directive(l)) {
        return None;
    }
    let indented = |l: &str| l.starts_with([' ', '\t']);
    let mut out: Vec<String> = Vec::with_capacity(lines.len() + 1);
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let code_directive = [".. code-block::", ".. code::", ".. sourcecode::"].iter().any(|d| line.starts_with(d));
        let literal = !line.starts_with("..") && line.trim_end().ends_with("::") && !indented(line);
        if code_directive || literal || directive(line) || line.starts_with(".. ") {
            let code = code_directive || literal;
            out.push(if code_directive {
                "```".to_string()
            } else if literal {
                line.trim_end().trim_end_matches(':').to_string() + ":"
            } else {
                String::new()
            });
            // The directive's options (`   :local:`), blank lines, then its indented body.
            let mut j = i + 1;
            while j < lines.len() && (lines[j].trim().is_empty() || indented(lines[j])) {
                j += 1;
            }
            // Trailing blank lines belong after the block.
            let mut end = j;
            while end > i + 1 && lines[end - 1].trim().is_empty() {
                end -= 1;
            }
            let mut body = &lines[i + 1..end];
            let indent = body
                .iter()
                .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with(':'))
                .map(|l| l.len() - l.trim_start().len())
                .min()
                .unwrap_or(0);
            // Fences take the place of blank lines where there are some, so line numbers hold.
            if literal {
                out.push("```".to_string());
                // The blank line after `::` is where the fence goes.
                if body.first().is_some_and(|l| l.trim().is_empty()) {
                    body = &body[1..];
                }
            }
            for l in body {
                let option = l.trim_start().starts_with(':') && !code;
                out.push(if option || l.trim().is_empty() {
                    String::new()
                } else {
                    l[indent.min(l.len())..].to_string()
                });
            }
            let mut blanks = j - end;
            if code {
                out.push("```".to_string());
                blanks = blanks.saturating_sub(1);
            }
            for _ in 0..blanks {
                out.push(String::new());
            }
            i = j;
            continue;
        }
        out.push(line.to_string());
        i += 1;
    }
    Some(out.join("\n") + "\n")
}

/// A Confluence or Jira wiki-markup export (`h3.` headings, `{code}` blocks, `{{mono}}`) as
/// markdown, line for line; `None` when `text` is not wiki markup. Read as markdown, the code
/// between `{code}` lines was prose (`return nil, err` a claim), a `# item` a heading and the
/// `----` rule under a paragraph made it a heading.
fn wiki_markup_as_markdown(text: &str) -> Option<String> {
    let heading = |l: &str| {
        let b = l.as_bytes();
        b.len() > 4 && b[0] == b'h' && (b'1'..=b'6').contains(&b[1]) && b[2] == b'.' && b[3] == b' '
    };
    let block = |l: &str| ["{code", "{noformat"].iter().any(|m| l.trim_start().starts_with(m));
    let lines: Vec<&str> = text.lines().collect();
    let headings = lines.iter().filter(|l| heading(l)).count();
    let markup = lines.iter().filter(|l| block(l) || l.contains("{{")).count();
    if headings < 2 || markup == 0 {
        return None;
    }
    // Panels (`{note}`, `{warning:title=x}`) frame prose: their markers go, their text stays.
    let panel = |l: &str| -> String {
        let mut out = String::with_capacity(l.len());
        let mut rest = l;
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            let tail = &rest[start + 1..];
            let name: String = tail.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
            let known =
                ["note", "warning", "tip", "info", "panel", "quote", "expand", "color"].contains(&name.as_str());
            match tail.find('}') {
                Some(end) if known && !tail.starts_with('{') => rest = &tail[end + 1..],
                _ => {
                    out.push('{');
                    rest = tail;
                }
            }
        }
        out.push_str(rest);
        out.replace("{{", "`").replace("}}", "`")
    };
    let mut out = String::with_capacity(text.len());
    let mut in_block = false;
    for line in lines {
        let converted = if block(line) {
            in_block = !in_block;
            "```".to_string()
        } else if in_block {
            line.to_string()
        } else if heading(line) {
            format!("{} {}", "#".repeat(usize::from(line.as_bytes()[1] - b'0')), panel(&line[4..]))
        } else if line.trim() == "----" {
            "***".to_string()
        } else if let Some(item) = line.strip_prefix("# ") {
            format!("1. {}", panel(item))
        } else if let Some(quote) = line.strip_prefix("bq. ") {
            format!("> {}", panel(quote))
        } else if line.starts_with("||") || line.starts_with('|') && line.contains("||") {
            panel(&line.replace("||", "|"))
        } else {
            panel(line)
        };
        out.push_str(&converted);
        out.push('\n');
    }
    Some(out)
}

/// A TiddlyWiki export (tiddlers with `title:` and `type: text/vnd.tiddlywiki` fields, `!`
/// headings, `#` numbered items) as markdown, line for line: each tiddler's title becomes a
/// heading, its fields blank lines. `None` when `text` is no such export. Read as markdown,
/// every `# item` was a heading and the titles were prose.
fn tiddlywiki_as_markdown(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    if !lines.iter().any(|l| l.trim() == "type: text/vnd.tiddlywiki") {
        return None;
    }
    const FIELDS: &[&str] = &["created:", "modified:", "tags:", "type:", "revision:", "list:", "creator:", "modifier:"];
    let links = |l: &str| l.replace("[[", "").replace("]]", "").replace("''", "**");
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for line in lines {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        let marks = |c: char| line.chars().take_while(|&x| x == c).count();
        let converted = if in_code {
            line.to_string()
        } else if let Some(title) = line.strip_prefix("title:") {
            format!("## {}", links(title.trim()))
        } else if FIELDS.iter().any(|f| line.starts_with(f)) {
            String::new()
        } else if line.starts_with('!') {
            let n = marks('!');
            format!("{} {}", "#".repeat((n + 2).min(6)), links(line[n..].trim()))
        } else if line.starts_with("# ") || line.starts_with("## ") || line.starts_with("### ") {
            let n = marks('#');
            format!("{}1. {}", "   ".repeat(n - 1), links(line[n..].trim()))
        } else if line.starts_with("** ") || line.starts_with("*** ") {
            let n = marks('*');
            format!("{}* {}", "  ".repeat(n - 1), links(line[n..].trim()))
        } else {
            links(line)
        };
        out.push_str(&converted);
        out.push('\n');
    }
    Some(out)
}

/// A calendar export (iCalendar: `BEGIN:VEVENT`, `SUMMARY:Q1 ...`, `DESCRIPTION:` folded over
/// lines that open with a space) as text, line for line: each event's summary becomes a
/// heading at the event's first line, its description one line of prose (unfolded, `\,` and
/// `\n` unescaped) where it starts, and every other property a blank line. `None` when `text`
/// holds no calendar. Read as a code block, every answer was code.
fn calendar_as_text(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    if !lines.iter().any(|l| l.trim() == "BEGIN:VEVENT") {
        return None;
    }
    let value = |l: &str| l.split_once(':').map(|(_, v)| v.to_string()).unwrap_or_default();
    let property = |l: &str| l.split([':', ';']).next().unwrap_or("").to_ascii_uppercase();
    let unescape = |v: &str| {
        v.replace("\\n", " ").replace("\\N", " ").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")
    };
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let mut in_calendar = false;
    let mut event_start: Option<usize> = None;
    // The property line a folded continuation belongs to, and its text so far.
    let mut open: Option<(usize, String)> = None;
    let flush = |open: &mut Option<(usize, String)>, out: &mut Vec<String>| {
        if let Some((i, text)) = open.take() {
            out[i] = unescape(&text);
        }
    };
    for (i, line) in lines.iter().enumerate() {
        if line.trim() == "BEGIN:VCALENDAR" {
            in_calendar = true;
            // The fence around the export would make its text code.
            if let Some(f) = (0..i).rev().find(|&k| !lines[k].trim().is_empty()) {
                if lines[f].trim_start().starts_with("```") {
                    out[f] = String::new();
                }
            }
        }
        if !in_calendar {
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, text)) = &mut open {
                text.push_str(&line[1..]);
            }
            out[i] = String::new();
            continue;
        }
        flush(&mut open, &mut out);
        out[i] = String::new();
        match property(line).as_str() {
            "BEGIN" if value(line) == "VEVENT" => event_start = Some(i),
            "SUMMARY" => {
                let summary = unescape(&value(line));
                let names_question = summary.split_whitespace().next().and_then(question_number).is_some();
                match event_start {
                    Some(start) if names_question => out[start] = format!("## {summary}"),
                    _ => out[i] = summary,
                }
            }
            "DESCRIPTION" | "COMMENT" => open = Some((i, value(line))),
            "END" if value(line) == "VCALENDAR" => {
                in_calendar = false;
                if let Some(f) = (i + 1..lines.len()).find(|&k| !lines[k].trim().is_empty()) {
                    if lines[f].trim_start().starts_with("```") {
                        out[f] = String::new();
                    }
                }
            }
            _ => {}
        }
    }
    flush(&mut open, &mut out);
    Some(out.join("\n") + "\n")
}

/// A line that is only a time stamp (`21:06 02/12/2024`, `2024-12-03 07:12`, as a log file's
/// editor writes them) as a blank line: it separates sittings, and an answer after it opens a
/// paragraph of its own. `None` when there is none.
fn stamps_as_breaks(text: &str) -> Option<String> {
    let stamp = |l: &str| {
        let t = l.trim();
        let digits = t.chars().filter(char::is_ascii_digit).count();
        let other = t.chars().all(|c| c.is_ascii_digit() || " :/.-TZ".contains(c) || "APMapm".contains(c));
        other && digits >= 8 && t.contains(':') && t.contains(['/', '-', '.'])
    };
    let mut changed = false;
    let out: Vec<&str> = text
        .lines()
        .map(|l| {
            if stamp(l) {
                changed = true;
                ""
            } else {
                l
            }
        })
        .collect();
    changed.then(|| out.join("\n") + "\n")
}

/// A clock time in inline code mid-line (`` `19:05` 9? both read 10 `19:40` wait no. 8. ``, as
/// a chat client stamps each message): each stamp ends the message before it. The stamps go, and
/// a full stop closes a message that has none. `None` unless two stamps or more.
fn inline_stamps_as_breaks(text: &str) -> Option<String> {
    fn clock(inner: &str) -> bool {
        let parts: Vec<&str> = inner.split(':').collect();
        (2..=3).contains(&parts.len())
            && parts.iter().enumerate().all(|(k, p)| {
                p.chars().all(|c| c.is_ascii_digit()) && if k == 0 { (1..=2).contains(&p.len()) } else { p.len() == 2 }
            })
    }
    // Each stamp: where its backticks start and end.
    let stamps = |line: &str| -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(open) = line[from..].find('`').map(|i| from + i) {
            let Some(close) = line[open + 1..].find('`').map(|i| open + 1 + i) else { break };
            if clock(&line[open + 1..close]) {
                out.push((open, close + 1));
            }
            from = close + 1;
        }
        out
    };
    let lines: Vec<&str> = text.lines().collect();
    let found: Vec<Vec<(usize, usize)>> = lines.iter().map(|l| stamps(l)).collect();
    if found.iter().map(Vec::len).sum::<usize>() < 2 {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let close_message = |out: &mut String, before: &str| {
        out.push_str(before);
        if !before.trim().is_empty() && !before.ends_with(['.', '!', '?', ':', ';']) {
            out.push('.');
        }
    };
    for (k, line) in lines.iter().enumerate() {
        let mut last = 0;
        for &(open, close) in &found[k] {
            close_message(&mut out, line[last..open].trim_end());
            out.push(' ');
            last = close;
        }
        // A message the next line's stamp ends.
        let next_stamped =
            found.get(k + 1).and_then(|n| n.first()).is_some_and(|s| lines[k + 1][..s.0].trim().is_empty());
        if next_stamped {
            close_message(&mut out, line[last..].trim_end());
        } else {
            out.push_str(&line[last..]);
        }
        out.push('\n');
    }
    Some(out)
}

/// A question answered again later on the sheet (`Q8 again - ...`, `Q1 (revised): ...`) as a
/// correction of the first answer: the later sitting's answer is the one to grade. `None` when
/// there is none. Read as written, `Q8 again` named no question and the new answer went to the
/// one before it.
fn revisits_as_corrections(text: &str) -> Option<String> {
    const AGAIN: &[&str] = &[
        "again",
        "(again)",
        "revised",
        "(revised)",
        "revisited",
        "updated",
        "(updated)",
        "(corrected)",
        "(amended)",
        "(replacement)",
    ];
    let mut changed = false;
    let mut out = String::with_capacity(text.len() + 32);
    for line in text.lines() {
        let lead = line.len() - line.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
        let rest = &line[lead..];
        let digits =
            rest.strip_prefix(['Q', 'q']).map(|r| r.chars().take_while(char::is_ascii_digit).count()).unwrap_or(0);
        let revisit = (1..=2).contains(&digits).then(|| &rest[1 + digits..]).and_then(|after| {
            let after = after.trim_start();
            let word = AGAIN.iter().find(|w| after.get(..w.len()).is_some_and(|a| a.eq_ignore_ascii_case(w)))?;
            let tail = after[word.len()..].trim_start();
            // "**Q2 (corrected).** I said ...": a bold label closed after its full stop.
            let bracketed = word.starts_with('(');
            let separator = tail
                .chars()
                .next()
                .filter(|c| matches!(c, ':' | '-' | '\u{2014}' | '\u{2013}') || bracketed && *c == '.')?;
            Some((separator, tail[separator.len_utf8()..].trim_start_matches(['*', '_']).trim_start()))
        });
        match revisit {
            Some(('.', body)) => {
                changed = true;
                let lead = line[..lead].trim_matches(['*', '_']);
                out.push_str(&format!("{lead}{}: Correction: {body}", &rest[..1 + digits]));
            }
            // The sheet's own separator keeps the line the same kind of marker as its others.
            Some((separator, body)) => {
                changed = true;
                let space = if separator == ':' { "" } else { " " };
                out.push_str(&format!("{}{}{space}{separator} Correction: {body}", &line[..lead], &rest[..1 + digits]));
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    changed.then_some(out)
}

/// A closing list of corrections (`P.S.`, `Late corrections`, `Errata`, `Addendum`) whose items
/// name the question they correct (`- **Q3** — I've got this wrong. It goes on the heap.`): each
/// item becomes a postscript to that answer (`P.S. — correcting Q3. ...`), graded with it. An
/// item that takes the answer back ("I've got this wrong", "changing to", "actually") replaces
/// it, as a `Correction:` does; one that only adds ("needs a tiebreaker") is added. `None` when
/// there is no such list. Read as written, the items named questions already answered under
/// their own headings, and were dropped.
fn late_corrections(text: &str) -> Option<String> {
    const LEADS: &[&str] = &[
        "late correction",
        "corrections",
        "correction",
        "errata",
        "erratum",
        "addendum",
        "addenda",
        "afterthought",
        "second thoughts",
        "postscript",
        "post-script",
        "amendments",
        "late edits",
        "late changes",
        "revisions",
    ];
    let plain = |l: &str| l.trim().trim_start_matches(['#', '*', '_', '>', '-', ' ']).to_lowercase();
    let opens_region = |l: &str| {
        let p = plain(l);
        let postscript = ["p.s.", "p.p.s.", "ps:", "ps.", "ps -", "ps \u{2014}"].iter().any(|m| p.starts_with(m));
        postscript || p.split_whitespace().count() <= 6 && LEADS.iter().any(|lead| p.starts_with(lead))
    };
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut in_region = false;
    let mut changed = false;
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        if t.starts_with('#') && !opens_region(line) {
            in_region = false;
        }
        if opens_region(line) {
            in_region = true;
        }
        // The item's marker: indentation, a bullet, emphasis, then `Q3` and a separator.
        let lead = line.len() - t.len();
        let bullet = ["- ", "* ", "+ ", "\u{2022} "].iter().find(|b| t.starts_with(**b)).map_or(0, |b| b.len());
        let after_bullet = &t[bullet..];
        let marked = after_bullet.trim_start_matches(['*', '_']);
        let digits =
            marked.strip_prefix(['Q', 'q']).map(|r| r.chars().take_while(char::is_ascii_digit).count()).unwrap_or(0);
        let item = in_region && (1..=2).contains(&digits) && !t.starts_with('#');
        let body = item.then(|| {
            let rest = &marked[1 + digits..];
            let body = rest.trim_start_matches(|c: char| {
                matches!(c, '*' | '_' | ':' | '.' | ')' | '-' | ' ' | '\u{2014}' | '\u{2013}')
            });
            (body.len() < rest.len() || rest.is_empty()).then_some(body)
        });
        // "P.S. — correcting Q8. It's 8, not 9.": the postscript says itself that it corrects.
        if !item && in_region && t.contains("correcting Q") {
            if let Some((Marker::Answer(_), used)) = marker_prefix(t, false) {
                let body = t[used..].trim_start_matches(['.', ':', ' ', '*', '_', '\u{2014}', '\u{2013}', '-']);
                if !body.to_lowercase().starts_with("correction") {
                    let head = &line[..line.len() - body.len()];
                    out.push(format!("{head}Correction: {body}"));
                    changed = true;
                    continue;
                }
            }
        }
        match body.flatten() {
            Some(body) => {
                // The item with its continuation lines, to tell a retraction from an addition.
                let mut whole = body.to_lowercase();
                for next in &lines[i + 1..] {
                    let n = next.trim_start();
                    if n.is_empty() || next.len() - n.len() <= lead || n.starts_with(['-', '*', '+', '#']) {
                        break;
                    }
                    whole.push(' ');
                    whole.push_str(&n.to_lowercase());
                }
                let label = if takes_back(&whole) { "Correction: " } else { "" };
                let number = &marked[1..1 + digits];
                out.push(format!("{}{}P.S. \u{2014} correcting Q{number}. {label}{body}", &line[..lead], &t[..bullet]));
                changed = true;
            }
            None => out.push(line.to_string()),
        }
    }
    changed.then(|| out.join("\n") + "\n")
}

/// Does a late correction take its answer back rather than add to it?
fn takes_back(item: &str) -> bool {
    const CUES: &[&str] = &[
        "wrong",
        "changing to",
        "change to",
        "changing my",
        "changed my",
        "change my",
        "actually",
        "instead",
        "go with",
        "going with",
        "scratch",
        "i meant",
        "should be",
        "should have said",
        "correct answer",
        "on reflection",
        "switch",
        "replace",
        "withdraw",
        "retract",
        "take back",
        "mistake",
        "my bad",
        "not what i",
        "ignore what",
        "ignore my",
    ];
    CUES.iter().any(|c| item.contains(c))
}

/// An export's frame around its headings (`FRAME  ## 2. Performance`, between lines drawn with
/// `──────`) as the heading alone: the drawn lines blank, the export's label before `#` gone.
/// `None` when there is no such frame.
fn framed_headings(text: &str) -> Option<String> {
    let drawn = |l: &str| !l.trim().is_empty() && l.trim().chars().all(|c| ('\u{2500}'..='\u{257F}').contains(&c));
    let labelled = |l: &str| -> Option<usize> {
        let (label, rest) = l.split_once(char::is_whitespace)?;
        let heading = rest.trim_start();
        (label.len() >= 2
            && label.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && heading.starts_with('#')
            && heading.trim_start_matches('#').starts_with(' '))
        .then(|| l.len() - heading.len())
    };
    if !text.lines().any(|l| labelled(l).is_some()) {
        return None;
    }
    let out: Vec<&str> = text
        .lines()
        .map(|l| match labelled(l) {
            Some(at) => &l[at..],
            None if drawn(l) => "",
            None => l,
        })
        .collect();
    Some(out.join("\n") + "\n")
}

/// A Rich Text file (`{\rtf1 ...`, as TextEdit or WordPad saves) as markdown, line for line:
/// control words and groups dropped, `\'92` decoded from Windows-1252, bold runs (`\b ... \b0`)
/// as `**bold**`. `None` when `text` is not RTF. Read raw, `\f0\b0` opened every answer and
/// `\'92` split "I\'92d" into words.
fn rtf_as_markdown(text: &str) -> Option<String> {
    if !text.trim_start().starts_with("{\\rtf") {
        return None;
    }
    // Windows-1252 in 0x80..0xA0 where it differs from Latin-1.
    let cp1252 = |b: u8| -> char {
        match b {
            0x91 | 0x92 => '\'',
            0x93 | 0x94 => '"',
            0x96 => '\u{2013}',
            0x97 => '\u{2014}',
            0x85 => '\u{2026}',
            0x95 => '\u{2022}',
            0x80 => '\u{20AC}',
            _ => char::from(b),
        }
    };
    let mut out = Vec::new();
    let mut bold = false;
    for line in text.lines() {
        let t = line.trim();
        // Header groups (`{\fonttbl ...}`, `{\colortbl ...}`, `{\*\expandedcolortbl ...}`).
        if t.starts_with("{\\") && (t.ends_with('}') || t.starts_with("{\\rtf")) || t == "}" {
            out.push(String::new());
            continue;
        }
        let chars: Vec<char> = line.chars().collect();
        let mut l = String::new();
        let mut open = false;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '\\' {
                match chars.get(i + 1) {
                    Some('\'') => {
                        let hex: String = chars.iter().skip(i + 2).take(2).collect();
                        if let Ok(b) = u8::from_str_radix(&hex, 16) {
                            if bold && !open {
                                l.push_str("**");
                                open = true;
                            }
                            l.push(cp1252(b));
                        }
                        i += 4;
                    }
                    Some(&n) if n.is_ascii_alphabetic() => {
                        let start = i + 1;
                        let mut k = start;
                        while k < chars.len() && chars[k].is_ascii_alphabetic() {
                            k += 1;
                        }
                        let word: String = chars[start..k].iter().collect();
                        let digits_start = k;
                        if k < chars.len() && chars[k] == '-' {
                            k += 1;
                        }
                        while k < chars.len() && chars[k].is_ascii_digit() {
                            k += 1;
                        }
                        let param: String = chars[digits_start..k].iter().collect();
                        if k < chars.len() && chars[k] == ' ' {
                            k += 1;
                        }
                        match (word.as_str(), param.as_str()) {
                            ("b", "") => bold = true,
                            ("b", "0") => {
                                bold = false;
                                if open {
                                    l.push_str("**");
                                    open = false;
                                }
                            }
                            ("tab", _) => l.push(' '),
                            _ => {}
                        }
                        i = k;
                    }
                    Some(&n) if matches!(n, '\\' | '{' | '}') => {
                        l.push(n);
                        i += 2;
                    }
                    // A backslash closing the line is a paragraph break.
                    _ => i += 2,
                }
                continue;
            }
            if c == '{' || c == '}' {
                i += 1;
                continue;
            }
            if bold && !open && !c.is_whitespace() {
                l.push_str("**");
                open = true;
            }
            l.push(c);
            i += 1;
        }
        let mut l = l.trim_end().to_string();
        if open {
            l.push_str("**");
        }
        out.push(l);
    }
    Some(out.join("\n") + "\n")
}

/// An unresolved merge conflict (`<<<<<<< HEAD` ... `=======` ... `>>>>>>> laptop`) holds two
/// versions of an answer and settles on neither: each side becomes a labelled alternative
/// (`Variant A: ...`, `Variant B: ...`), the way a candidate who lists versions is read. The
/// marker lines become blank, so line numbers hold. `None` without a complete conflict.
fn merge_conflicts_as_variants(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let complete = lines.iter().any(|l| l.starts_with("<<<<<<<"))
        && lines.iter().any(|l| l.trim_end() == "=======")
        && lines.iter().any(|l| l.starts_with(">>>>>>>"));
    if !complete {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut inside = false;
    let mut label: Option<&str> = None;
    for line in lines {
        if line.starts_with("<<<<<<<") {
            inside = true;
            label = Some("Variant A: ");
        } else if inside && line.trim_end() == "=======" {
            label = Some("Variant B: ");
        } else if inside && line.starts_with(">>>>>>>") {
            inside = false;
            label = None;
        } else {
            if !line.trim().is_empty() {
                if let Some(l) = label.take() {
                    out.push_str(l);
                }
            }
            out.push_str(line);
        }
        out.push('\n');
    }
    Some(out)
}

/// A reflection written as an interview (`Q. Walk me through what you do, in order.` / `A.
/// First, ...`, or `**REPORTER:**` / `**CANDIDATE:**`): the questions are the interviewer's
/// words, so their lines become blank (line numbers hold). `None` unless there are at least two
/// questions and two answers.
pub(crate) fn interviewer_questions_dropped(text: &str) -> Option<String> {
    const ASKERS: &[&str] =
        &["q", "interviewer", "reporter", "host", "counsel", "moderator", "panel", "examiner", "analyst", "operator"];
    const ANSWERERS: &[&str] = &["a", "candidate", "me", "answer"];
    // The speaker a line opens with: `Q. `, `**REPORTER:** `, `A: `.
    let speaker = |l: &str| -> Option<String> {
        let l = l.trim_start().trim_start_matches(['*', '_']);
        let end = l.find([':', '.'])?;
        // `ANALYST (Morgan):` names the role, then who holds it.
        let who = l[..end].split_once(" (").filter(|(_, name)| name.ends_with(')')).map_or(&l[..end], |(role, _)| role);
        let rest = l[end + 1..].trim_start_matches(['*', '_']);
        let spoken = rest.starts_with(' ') || rest.is_empty();
        (spoken && !who.is_empty() && who.len() <= 12 && who.chars().all(|c| c.is_alphabetic()))
            .then(|| who.to_lowercase())
    };
    let count =
        |names: &[&str]| text.lines().filter(|l| speaker(l).is_some_and(|w| names.contains(&w.as_str()))).count();
    if count(ASKERS) < 2 || count(ANSWERERS) < 2 {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        if !speaker(line).is_some_and(|w| ASKERS.contains(&w.as_str())) {
            out.push_str(line);
        }
        out.push('\n');
    }
    Some(out)
}

/// An answer sheet written as an interview with named turns (`**INTERVIEWER:** Final stock, 8
/// or 9?` over `**INTERPRETER:** She says eight.`, `**HOST:** Question seven, indexes. A: ...`):
/// the asker's turns are the questions, not answers. A turn that names its question ("Question
/// seven", "Q7") becomes that question's heading, any other the asker's turn becomes blank, line
/// for line; a turn runs to a blank line, a heading or the next speaker. `None` unless the asker
/// takes two turns and others take two. Read as written, the options a question lists ("8 or
/// 9?") were answers given side by side.
fn interviewer_turns_dropped(text: &str) -> Option<String> {
    const ASKERS: &[&str] =
        &["interviewer", "host", "examiner", "moderator", "panel", "recruiter", "reporter", "counsel", "quizmaster"];
    // A speaker's name, `**HOST:**`; a letter alone (`B: (last_name, age)`) is an option.
    let speaker = |l: &str| -> Option<String> {
        let l = l.trim_start().trim_start_matches(['*', '_']);
        let end = l.find(':')?;
        let who = &l[..end];
        let rest = l[end + 1..].trim_start_matches(['*', '_']);
        let spoken = rest.starts_with(' ') || rest.is_empty();
        (spoken && who.len() >= 2 && who.len() <= 14 && who.chars().all(|c| c.is_alphabetic()))
            .then(|| who.to_lowercase())
    };
    let lines: Vec<&str> = text.lines().collect();
    // Each turn: (first line, end, speaker); it runs to a blank line, a heading or the next
    // speaker.
    let mut turns: Vec<(usize, usize, String)> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let Some(who) = speaker(l) else { continue };
        let mut end = i + 1;
        while end < lines.len() {
            let l = lines[end].trim_start();
            if l.is_empty() || l.starts_with('#') || speaker(l).is_some() {
                break;
            }
            end += 1;
        }
        turns.push((i, end, who));
    }
    let turn_text = |t: &(usize, usize, String)| lines[t.0..t.1].join(" ");
    // The asker is a questioner by role and by what they say: their turns end on a question
    // or read one out (a lab report's "PANEL: POSTGRES" is a label; a phone-in's host answers).
    let asking = |who: &str| {
        turns
            .iter()
            .filter(|t| t.2 == who)
            .filter(|t| {
                let words = turn_text(t).to_lowercase();
                words.trim_end().trim_end_matches(['*', '_']).ends_with('?') || words.contains("question")
            })
            .count()
    };
    let asker = ASKERS.iter().copied().max_by_key(|w| asking(w)).filter(|w| asking(w) >= 2)?;
    if turns.iter().filter(|t| t.2 != asker).count() < 2 {
        return None;
    }
    // "Question seven", "question 7", "Q7": the question a turn reads out.
    let named = |turn: &str| -> Option<usize> {
        let words: Vec<String> = turn
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        words
            .windows(2)
            .find(|w| w[0] == "question")
            .and_then(|w| spoken_number(&w[1]))
            .or_else(|| words.iter().find_map(|w| question_number(w).filter(|n| (1..=10).contains(n))))
    };
    let asked: Vec<&(usize, usize, String)> = turns.iter().filter(|t| t.2 == asker).collect();
    let numbers: Vec<Option<usize>> = asked.iter().map(|t| named(&turn_text(t))).collect();
    // "And for the million: fifty workers run ... Why, and which two words fix it?": where the
    // asker numbers the questions, a long question between them is the next one.
    let numbering = numbers.iter().flatten().count() >= 2;
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let mut last = 0;
    for (t, n) in asked.iter().zip(&numbers) {
        let text = turn_text(t);
        let next = (numbering
            && text.split_whitespace().count() >= 10
            && text.trim_end().trim_end_matches(['*', '_']).ends_with('?')
            && !numbers.contains(&Some(last + 1)))
        .then_some(last + 1);
        let n = n.or(next);
        if let Some(n) = n {
            last = n;
        }
        out[t.0] = n.map(|n| format!("## Q{n}")).unwrap_or_default();
        for line in out.iter_mut().take(t.1).skip(t.0 + 1) {
            line.clear();
        }
    }
    Some(out.join("\n") + "\n")
}

/// A reply typed above the message it answers ("1. The slice ... 10. All 50 workers ..." and
/// then "On Tue, 12 Mar 2024, Priya wrote:" over `> Q1. ...` lines): the quoted original holds
/// the questions, not answers, so from its attribution line on everything becomes blank (line
/// numbers hold). `None` unless the quote runs to the end and the reply above it has text.
fn quoted_original_dropped(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let attribution = lines.iter().rposition(|l| {
        let t = l.trim();
        t.starts_with("On ") && t.ends_with("wrote:") || t.contains("Original Message") && t.starts_with('-')
    })?;
    let rest: Vec<&str> = lines[attribution + 1..].iter().copied().filter(|l| !l.trim().is_empty()).collect();
    let quoted = rest.iter().filter(|l| l.trim_start().starts_with('>')).count();
    let above = lines[..attribution].iter().map(|l| l.split_whitespace().count()).sum::<usize>();
    if quoted < 3 || quoted < rest.len() || above < 50 {
        return None;
    }
    let mut out = lines[..attribution].join("\n");
    out.push_str(&"\n".repeat(lines.len() - attribution + 1));
    Some(out)
}

/// A sheet written as a script that prints its answers (`@echo "fix: token bucket ..."` in a
/// Makefile, `run: echo "Heap. The closure ..."` in a CI workflow): what is echoed is the
/// candidate's text, not a quotation. Each such line keeps what comes before `echo` and
/// becomes its echoed words. `None` unless
/// five lines or more echo.
fn echoed_lines_as_text(text: &str) -> Option<String> {
    /// Where `echo` starts, and the words it echoes.
    fn echoed(line: &str) -> Option<(usize, &str)> {
        let at = line.find("echo ")?;
        let before = line[..at].trim().trim_start_matches('-').trim();
        // `echo` opens the command: alone, after `@`, `run:` or `- run:`.
        if !(before.is_empty() || before == "@" || before.ends_with("run:") || before.ends_with("run: |")) {
            return None;
        }
        leading_string(&line[at + 5..]).map(|(said, _)| (at, said))
    }
    if text.lines().filter(|l| echoed(l).is_some()).count() < 5 {
        return None;
    }
    // `run: echo "..."` keeps its key, so a workflow's structure holds.
    Some(lines_as_said(text, |line| echoed(line).map(|(at, said)| (line[..at].trim_end_matches('@'), said))))
}

/// `text` with each line `said` reads rewritten as what it keeps of the line and the words said
/// on it; the other lines as they are.
fn lines_as_said<'a>(text: &'a str, said: impl Fn(&'a str) -> Option<(&'a str, &'a str)>) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        match said(line) {
            Some((kept, words)) => {
                out.push_str(kept);
                out.push_str(words);
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// A sheet written as a script whose speakers' lines are in quotes (`**[NARRATOR]** "Pick B:
/// last_name, then age."`, `HOST: "It goes to the heap."`): the quoted words are the
/// candidate's own, spoken by a character, not a quotation. Each such line keeps its speaker
/// and loses the quotes. `None` unless three lines or more are spoken so.
fn spoken_lines_as_text(text: &str) -> Option<String> {
    /// The speaker label's length and the words spoken, for a line `LABEL "words"`.
    fn spoken(line: &str) -> Option<(usize, &str)> {
        let open = line.find(['"', '\u{201c}'])?;
        let label = line[..open].trim().trim_matches('*').trim();
        // `[NARRATOR]`, `HOST:`: one to three words in brackets or capitals, then a colon.
        let words = if let Some(inner) = label.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            inner
        } else {
            label.strip_suffix(':').filter(|l| !l.chars().any(char::is_lowercase))?
        };
        let count = words.split_whitespace().count();
        if !(1..=3).contains(&count) || !words.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '.') {
            return None;
        }
        let close = if line[open..].starts_with('"') { '"' } else { '\u{201d}' };
        let body = line[open..].trim_end();
        let said = body[body.chars().next()?.len_utf8()..].strip_suffix(close)?;
        // One quotation, the whole rest of the line: `RED: "Heap"  BLUE: "Stack"` is two.
        (!said.contains(['"', '\u{201c}', '\u{201d}'])).then_some((open, said))
    }
    if text.lines().filter(|l| spoken(l).is_some()).count() < 3 {
        return None;
    }
    Some(lines_as_said(text, |line| spoken(line).map(|(open, said)| (&line[..open], said))))
}

/// A sheet typed as a deposition transcript (`55   A.  B. B-tree is sorted ...` under `53   Q.
/// Question seven. ...`): `Q.` and `A.` mark who speaks. Read as written, the `A.` of every
/// answer was option A. The markers go (a margin of line numbers stays, for the reading of
/// line-numbered text). `None` unless three lines or more open with each marker.
fn deposition_markers_dropped(text: &str) -> Option<String> {
    /// The marker (`Q` or `A`) a line opens with, after any margin number, and where its text
    /// starts.
    fn marker(line: &str) -> Option<(char, usize)> {
        let t = line.trim_start();
        let t = t.trim_start_matches(|c: char| c.is_ascii_digit()).trim_start();
        let start = line.len() - t.len();
        let mut chars = t.chars();
        let letter = chars.next().filter(|c| matches!(c, 'Q' | 'A'))?;
        (chars.next() == Some('.') && chars.next().is_some_and(char::is_whitespace)).then_some((letter, start))
    }
    let count = |m: char| text.lines().filter(|l| marker(l).is_some_and(|(c, _)| c == m)).count();
    if count('Q') < 3 || count('A') < 3 {
        return None;
    }
    // The marker goes; the margin and the spaces after the marker stay.
    Some(lines_as_said(text, |line| marker(line).map(|(_, at)| (&line[..at], &line[at + 2..]))))
}

/// A letter grade the sheet gives every answer (`**Category:** A.` under each of them, a
/// defect category, a confidence band): a field of the form, not a pick of option A or B. A
/// label followed by a lone capital letter on four lines or more is such a field, and those
/// lines go. `None` when there is none.
fn letter_grades_dropped(text: &str) -> Option<String> {
    /// The label of a line `Label: X.` whose value is one capital letter.
    fn graded(line: &str) -> Option<String> {
        let (label, value) = line.split_once(':')?;
        let label = label.trim().trim_matches(['*', '_']).trim().to_lowercase();
        let value = value.trim().trim_matches(['*', '_']).trim().trim_end_matches('.');
        let letter = value.len() == 1 && value.chars().all(|c| c.is_ascii_uppercase());
        (letter && !label.is_empty() && label.split_whitespace().count() <= 4).then_some(label)
    }
    let lines: Vec<(&str, Option<String>)> = text.lines().map(|l| (l, graded(l))).collect();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for label in lines.iter().filter_map(|(_, g)| g.as_deref()) {
        *counts.entry(label).or_default() += 1;
    }
    let field = |g: &Option<String>| g.as_deref().is_some_and(|g| counts.get(g).is_some_and(|&n| n >= 4));
    if !lines.iter().any(|(_, g)| field(g)) {
        return None;
    }
    let out: Vec<&str> = lines.iter().map(|(l, g)| if field(g) { "" } else { *l }).collect();
    Some(out.join("\n") + "\n")
}

/// A sheet written as one commented source file whose comments carry the questions as
/// headings (`// # Q7 Index choice` in a `doc.go`, which `go doc` renders as a heading; `-- #
/// Q8` in SQL): the comments are the text. In a fenced block with three such headings or more,
/// the comment markers go, and so do the block's fences. `None` when there is none. Read as
/// written, each answer ran on inside one code block, its `//` markers read as words.
fn commented_sheet_as_text(text: &str) -> Option<String> {
    fn comment(line: &str) -> Option<&str> {
        let t = line.trim_start();
        let body = t.strip_prefix("//").or_else(|| t.strip_prefix("--"))?;
        Some(body.strip_prefix(' ').unwrap_or(body))
    }
    let heading = |line: &str| {
        comment(line).and_then(|c| c.strip_prefix('#')).is_some_and(|c| {
            let c = c.trim_start_matches(['#', ' ']);
            c.strip_prefix(['Q', 'q']).is_some_and(|r| r.starts_with(|d: char| d.is_ascii_digit()))
        })
    };
    let lines: Vec<&str> = text.lines().collect();
    let fences: Vec<usize> = (0..lines.len()).filter(|&k| lines[k].trim_start().starts_with("```")).collect();
    // Each fenced block (opening, closing line) that holds the headings.
    let blocks: Vec<(usize, usize)> = fences
        .chunks(2)
        .filter_map(|pair| match pair {
            [open, close] => Some((*open, *close)),
            _ => None,
        })
        .filter(|&(open, close)| lines[open..close].iter().filter(|l| heading(l)).count() >= 3)
        .collect();
    if blocks.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    for (k, line) in lines.iter().enumerate() {
        match blocks.iter().find(|&&(open, close)| (open..=close).contains(&k)) {
            Some(&(open, close)) if k == open || k == close => {}
            Some(_) => out.push_str(comment(line).unwrap_or(line)),
            None => out.push_str(line),
        }
        out.push('\n');
    }
    Some(out)
}

/// A telegram's style (`HEAP STOP CLOSURE CAPTURES R STOP`): `STOP` is its full stop. Five
/// of them or more make a telegram; `None` otherwise.
fn telegram_stops(text: &str) -> Option<String> {
    if text.matches(" STOP").count() < 5 {
        return None;
    }
    let out: Vec<String> = text
        .lines()
        .map(|l| {
            let mut l = l.replace(" STOP ", ". ");
            if l.trim_end().ends_with(" STOP") {
                let cut = l.trim_end().len() - " STOP".len();
                l.truncate(cut);
                l.push('.');
            }
            l
        })
        .collect();
    Some(out.join("\n") + "\n")
}

/// A filled-in form: a dotted leader between a field's label and its value (`Why slow ......
/// it reads every row`) becomes a colon, and a row of tick boxes (`[ ] stack   [X] heap`) the
/// boxes ticked. `None` when there is neither. Read as written, the dots were words and both
/// options of every row were named side by side.
fn form_fields(text: &str) -> Option<String> {
    let mut changed = false;
    let mut out: Vec<String> = Vec::new();
    // The last line of the field being filled in: its value ends where the next field starts.
    let mut field_end: Option<usize> = None;
    let close = |out: &mut Vec<String>, at: Option<usize>| {
        if let Some(k) = at {
            let l: &mut String = &mut out[k];
            if !l.trim_end().ends_with(['.', '!', '?', ':', ';']) && !l.trim().is_empty() {
                l.truncate(l.trim_end().len());
                l.push('.');
            }
        }
    };
    for line in text.lines() {
        let mut line = line.to_string();
        // A leader: four dots or more between words.
        let mut field = false;
        if let Some(at) = line.find("....") {
            let end = at + line[at..].chars().take_while(|&c| c == '.' || c == ' ').map(char::len_utf8).sum::<usize>();
            let before = line[..at].trim_end();
            if !before.is_empty() && !before.ends_with(['.', '`']) {
                line = format!("{before}: {}", &line[end..]);
                changed = true;
                field = true;
            }
        }
        if field || line.trim().is_empty() || !line.starts_with(' ') {
            close(&mut out, field_end.take());
        }
        // Two tick boxes or more on the line: the unticked options go, the ticked stay.
        let boxes = ["[ ]", "[x]", "[X]", "☐", "☒", "☑"];
        let count: usize = boxes.iter().map(|b| line.matches(b).count()).sum();
        if count >= 2 {
            let mut kept = String::new();
            let mut rest = line.as_str();
            let mut keep = true;
            loop {
                let next = boxes.iter().filter_map(|b| rest.find(b).map(|i| (i, *b))).min();
                match next {
                    Some((i, b)) => {
                        if keep {
                            kept.push_str(&rest[..i]);
                        }
                        keep = !matches!(b, "[ ]" | "☐");
                        rest = &rest[i + b.len()..];
                    }
                    None => {
                        if keep {
                            kept.push_str(rest);
                        }
                        break;
                    }
                }
            }
            let indent = &line[..line.len() - line.trim_start().len()];
            line = format!("{indent}{}", kept.split_whitespace().collect::<Vec<_>>().join(" "));
            changed = true;
        }
        out.push(line);
        if field || field_end.is_some() && !out[out.len() - 1].trim().is_empty() {
            field_end = Some(out.len() - 1);
        }
    }
    close(&mut out, field_end);
    changed.then(|| out.join("\n") + "\n")
}

/// A unified diff against the blank sheet (`@@` hunks, `+` lines) as the sheet it produces,
/// line for line: added and context lines without their prefix, removed lines and headers
/// blank. `None` when `text` is not such a diff. Read as a `diff` code block, every answer was
/// code, and no claim in it counted.
fn diff_as_sheet(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let hunks = lines.iter().filter(|l| l.starts_with("@@ ")).count();
    let added = lines.iter().filter(|l| l.starts_with('+') && !l.starts_with("+++")).count();
    if hunks == 0 || added < 5 {
        return None;
    }
    let header = |l: &str| {
        ["diff --git", "index ", "--- ", "+++ ", "@@ "].iter().any(|h| l.starts_with(h))
            || l.trim_start().starts_with("```")
    };
    let out: Vec<&str> = lines
        .iter()
        .map(|l| {
            if header(l) || l.starts_with('-') {
                ""
            } else if let Some(rest) = l.strip_prefix(['+', ' ']) {
                rest
            } else {
                l
            }
        })
        .collect();
    Some(out.join("\n") + "\n")
}

/// A sheet exported as CSV (a chat app's `Date,Time,Sender,Message` rows, a spreadsheet's
/// `Question,Answer` rows) as one paragraph per row: the column holding the most text, with a
/// column that names the question in front of it, so `"Q3 - stack, r is a pointer"` opens a line
/// as on any other sheet. `None` unless a header of short names is followed by at least three
/// rows with as many fields.
pub(crate) fn csv_as_text(text: &str) -> Option<String> {
    const MIN_ROWS: usize = 3;
    // Records, with quotes honoured: a quoted field may hold commas, `""` and line breaks.
    let mut records: Vec<(usize, Vec<String>)> = Vec::new();
    let mut field = String::new();
    let mut fields: Vec<String> = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' if quoted && chars.peek().is_some_and(|&(_, n)| n == '"') => {
                field.push('"');
                chars.next();
            }
            '"' if quoted => quoted = false,
            '"' if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            ',' if !quoted => fields.push(std::mem::take(&mut field)),
            '\n' if !quoted => {
                fields.push(std::mem::take(&mut field));
                records.push((start, std::mem::take(&mut fields)));
                start = at + 1;
            }
            '\r' if !quoted => {}
            _ => field.push(c),
        }
    }
    if quoted {
        return None;
    }
    fields.push(field);
    records.push((start, fields));
    // The header: short names only, then rows with as many fields.
    let short_names = |r: &[String]| {
        r.len() >= 2
            && r.iter().all(|f| {
                let f = f.trim();
                !f.is_empty() && f.split_whitespace().count() <= 4 && !f.ends_with(['.', '?', '!'])
            })
    };
    // A header names the column of text (`Message`, `My answer`); a line of prose with a comma
    // (`Part A, question 1`) does not, nor does it carry digits.
    let names_a_table = |r: &[String]| {
        r.iter().all(|f| !f.chars().any(|c| c.is_ascii_digit()))
            && r.iter().any(|f| {
                let f = f.trim().to_lowercase();
                ["answer", "message", "text", "response", "reply", "content", "body"].iter().any(|w| f.contains(w))
            })
    };
    let head = (0..records.len()).find(|&h| {
        let r = &records[h].1;
        short_names(r)
            && names_a_table(r)
            && records.len() > h + MIN_ROWS
            && records[h + 1..=h + MIN_ROWS].iter().all(|(_, x)| x.len() == r.len())
    })?;
    let width = records[head].1.len();
    let rows: Vec<&Vec<String>> = records[head + 1..].iter().map(|(_, r)| r).take_while(|r| r.len() == width).collect();
    let total = |c: usize| rows.iter().map(|r| r[c].len()).sum::<usize>();
    let text_column = (0..width).max_by_key(|&c| total(c))?;
    // `Q3` or a bare `3` in every row: the column that names the question.
    let number = |cell: &str| {
        let cell = cell.trim();
        question_number(cell).or_else(|| cell.parse().ok().filter(|n| (1..=99).contains(n)))
    };
    let label_column = (0..width)
        .find(|&c| c != text_column && rows.iter().all(|r| r[c].trim().is_empty() || number(&r[c]).is_some()));
    let mut out = text[..records[head].0].to_string();
    for r in &rows {
        let body = r[text_column].trim();
        if body.is_empty() {
            continue;
        }
        match label_column.and_then(|c| number(&r[c])) {
            Some(n) => out.push_str(&format!("\nQ{n}: {body}\n")),
            None => out.push_str(&format!("\n{body}\n")),
        }
    }
    Some(out)
}

/// A sheet written as SQL that inserts one row per question (`INSERT INTO answers (q, what,
/// why) VALUES (1, 'RAM stays high because ...', '...'), (2, ...)`): each row opens that
/// question's answer and its string values are the text (`''` is a quote, `$a$ ... $a$` a
/// dollar-quoted string, `NULL` nothing).
/// Everything else (the table's definition, comments, the fence) becomes a blank line, so line
/// numbers hold. `None` unless there is an `INSERT ... VALUES` with rows numbered as questions.
pub(crate) fn sql_rows_as_sheet(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    if !lower.contains("insert into") || !lower.contains("values") {
        return None;
    }
    // `(3,` opening a line: the row of question 3.
    let row = |line: &str| -> Option<(usize, usize)> {
        let t = line.trim_start();
        let rest = t.strip_prefix('(')?;
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let after = rest[digits.len()..].trim_start();
        let n: usize = digits.parse().ok()?;
        (after.starts_with(',') && (1..=30).contains(&n)).then(|| (n, line.len() - after.len() + 1))
    };
    // A dollar quote's tag at the start of `chars` (`$$`, `$a$`), if one opens there.
    let dollar_tag = |chars: &[char]| -> Option<String> {
        if chars.first() != Some(&'$') {
            return None;
        }
        let body: String = chars[1..].iter().take_while(|c| c.is_alphanumeric() || **c == '_').collect();
        (chars.get(1 + body.len()) == Some(&'$')).then(|| format!("${body}$"))
    };
    let mut rows = 0;
    // The closing delimiter of the string we are in: `'` or a dollar tag.
    let mut open: Option<String> = None;
    let mut out = String::with_capacity(text.len());
    let finish = |piece: &mut String, pieces: &mut Vec<String>| {
        let p = piece.trim().to_string();
        if !p.is_empty() {
            pieces.push(if p.ends_with(['.', '!', '?']) { p } else { format!("{p}.") });
        }
        piece.clear();
    };
    for line in text.lines() {
        let (label, from) = match open.is_none().then(|| row(line)).flatten() {
            Some((n, at)) => {
                rows += 1;
                (format!("**Q{n}:** "), at)
            }
            None => (String::new(), 0),
        };
        let mut pieces: Vec<String> = Vec::new();
        let mut piece = String::new();
        let chars: Vec<char> = line[from..].chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            match open.as_deref() {
                Some("'") if c == '\'' && chars.get(i + 1) == Some(&'\'') => {
                    piece.push('\'');
                    i += 1;
                }
                Some("'") if c == '\'' => {
                    open = None;
                    finish(&mut piece, &mut pieces);
                }
                Some(tag) if tag != "'" && dollar_tag(&chars[i..]).as_deref() == Some(tag) => {
                    i += tag.chars().count() - 1;
                    open = None;
                    finish(&mut piece, &mut pieces);
                }
                Some(_) => piece.push(c),
                None if c == '\'' => open = Some("'".to_string()),
                None if c == '-' && chars.get(i + 1) == Some(&'-') => break,
                None => {
                    if let Some(tag) = dollar_tag(&chars[i..]) {
                        i += tag.chars().count() - 1;
                        open = Some(tag);
                    }
                }
            }
            i += 1;
        }
        if open.is_some() && !piece.trim().is_empty() {
            pieces.push(piece.trim().to_string());
        }
        if !label.is_empty() || !pieces.is_empty() {
            out.push_str(&label);
            out.push_str(&pieces.join(" "));
        }
        out.push('\n');
    }
    (rows >= 3).then_some(out)
}

/// A sheet kept as a SQL script (`-- Answer Q8`, the answer in `--` comments, statements
/// between them): the comments are the text, one statement per line, and each statement is
/// inline code. A comment line that ends without a full stop ends its sentence when the next
/// line starts a new one. `None` unless three or more comment lines name a question.
fn sql_script_as_sheet(text: &str) -> Option<String> {
    fn comment(l: &str) -> Option<&str> {
        l.trim_start().strip_prefix("--").map(|c| c.trim_start_matches('-').trim())
    }
    // `Answer Q8  (concurrent decrement)`, `Q8 ...`: a comment that opens a question's answer.
    let names_question =
        |c: &str| c.strip_prefix("Answer ").unwrap_or(c).split_whitespace().next().and_then(question_number).is_some();
    if text.lines().filter_map(comment).filter(|c| names_question(c)).count() < 3 {
        return None;
    }
    // (is a heading, the line's text)
    let lines: Vec<(bool, String)> = text
        .lines()
        .map(|l| {
            let t = l.trim();
            if t.starts_with("```") || t.is_empty() {
                return (false, String::new());
            }
            match comment(l) {
                Some(c) if c.chars().all(|ch| matches!(ch, '-' | '=' | ' ')) => (false, String::new()),
                Some(c) if names_question(c) => (true, format!("### {c}")),
                Some(c) => (false, c.replace(" -- ", " \u{2014} ")),
                None => match t.split_once(" --") {
                    Some((code, note)) => {
                        (false, format!("`{}` \u{2014} {}", code.trim(), note.trim_start_matches('-').trim()))
                    }
                    None => (false, format!("`{t}`")),
                },
            }
        })
        .collect();
    let mut out = String::with_capacity(text.len() + 256);
    for (i, (heading, line)) in lines.iter().enumerate() {
        out.push_str(line);
        let next = lines.get(i + 1).map(|(_, n)| n.as_str()).unwrap_or("");
        let starts_anew = next.is_empty() || !next.starts_with(|c: char| c.is_lowercase());
        if !heading && !line.is_empty() && starts_anew && !line.ends_with(['.', '!', '?', ':', ';']) {
            out.push('.');
        }
        out.push('\n');
    }
    Some(out)
}

/// A rewriting of a sheet's or reflection's text: `None` when it does not apply.
type Rewrite = fn(&str) -> Option<String>;

/// `text` after the rewritings every pasted document gets (quoted-printable decoded, review
/// edits accepted, dashed rules kept from underlining), then `extra`, in order.
fn rewritten(text: &str, extra: &[Rewrite]) -> String {
    const SHARED: &[Rewrite] = &[
        quoted_printable_as_text,
        mojibake_repaired,
        merge_conflicts_as_variants,
        critic_markup_accepted,
        terminal_edits_applied,
        rules_not_headings,
        framed_headings,
        spoken_lines_as_text,
    ];
    let mut out = text.to_string();
    for pass in SHARED.iter().chain(extra) {
        if let Some(next) = pass(&out) {
            out = next;
        }
    }
    out
}

/// Text typed at a terminal with its editing keys left in (`stack^H^H^H^H^Hheap`, as `cat -v`
/// shows them): each `^H` (or a real backspace) erases a character, `^W` the word before it,
/// `^U` the line so far, as they did on the screen. `None` when there are none.
fn terminal_edits_applied(text: &str) -> Option<String> {
    let key = |rest: &str, prev: Option<char>| -> Option<char> {
        let mut chars = rest.chars();
        match (chars.next(), chars.next()) {
            (Some('\u{8}'), _) => Some('H'),
            // Not a regex's negated class (`[^W]`).
            (Some('^'), Some(c @ ('H' | 'W' | 'U'))) if prev != Some('[') => Some(c),
            _ => None,
        }
    };
    if !["^H", "^W", "^U", "\u{8}"].iter().any(|k| text.contains(k)) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let mut typed: Vec<char> = Vec::new();
        let mut i = 0;
        while i < line.len() {
            let rest = &line[i..];
            match key(rest, typed.last().copied()) {
                Some(k) => {
                    match k {
                        'H' => {
                            typed.pop();
                        }
                        'W' => {
                            while typed.last().is_some_and(|c| c.is_whitespace()) {
                                typed.pop();
                            }
                            while typed.last().is_some_and(|c| !c.is_whitespace()) {
                                typed.pop();
                            }
                        }
                        _ => typed.clear(),
                    }
                    i += if rest.starts_with('\u{8}') { 1 } else { 2 };
                }
                None => {
                    let c = rest.chars().next().unwrap_or(' ');
                    typed.push(c);
                    i += c.len_utf8();
                }
            }
        }
        out.extend(typed);
    }
    Some(out)
}

/// UTF-8 that went through Windows-1252 on its way (`itâ€™s`, `no â€“ only`) as the text it
/// was (`it’s`, `no – only`); `None` when nothing is garbled. Each run of characters that
/// Windows-1252 can encode is turned back into its bytes and kept only if those bytes are
/// well-formed UTF-8, so text with real accents or symbols is left as it is.
fn mojibake_repaired(text: &str) -> Option<String> {
    if !text.contains('â') && !text.contains('Ã') {
        return None;
    }
    // Windows-1252's printable characters in 0x80..0x9F; the rest of 0x80..0xFF is Latin-1.
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    let byte = |c: char| -> Option<u8> {
        match c as u32 {
            0xA0..=0xFF => Some(c as u32 as u8),
            _ => HIGH.iter().position(|&h| h == c).map(|i| 0x80 + i as u8),
        }
    };
    let mut out = String::with_capacity(text.len());
    let mut run: Vec<u8> = Vec::new();
    let mut raw = String::new();
    let mut changed = false;
    let mut flush = |run: &mut Vec<u8>, raw: &mut String, out: &mut String| {
        match std::str::from_utf8(run) {
            Ok(fixed) if run.len() >= 2 => {
                out.push_str(fixed);
                changed = true;
            }
            _ => out.push_str(raw),
        }
        run.clear();
        raw.clear();
    };
    for c in text.chars() {
        match byte(c) {
            Some(b) => {
                run.push(b);
                raw.push(c);
            }
            None => {
                flush(&mut run, &mut raw, &mut out);
                out.push(c);
            }
        }
    }
    flush(&mut run, &mut raw, &mut out);
    changed.then_some(out)
}

/// A raw email in quoted-printable (`=E2=80=99`, `=3D`, lines ending in a soft break `=`) as
/// the text it encodes; `None` when `text` is not quoted-printable. A soft break joins a line
/// to the next; the lines it saves come back at the paragraph's end, so later line numbers hold.
fn quoted_printable_as_text(text: &str) -> Option<String> {
    let declared = text.lines().take(60).any(|l| {
        l.to_ascii_lowercase().starts_with("content-transfer-encoding:")
            && l.to_ascii_lowercase().contains("quoted-printable")
    });
    if !declared {
        return None;
    }
    let decode = |line: &str| -> String {
        let bytes = line.as_bytes();
        let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if bytes[i] == b'=' && i + 2 < bytes.len() {
                if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
            }
            out.push(bytes[i]);
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    };
    let mut out = String::with_capacity(text.len());
    let mut saved = 0;
    for line in text.lines() {
        match line.strip_suffix('=') {
            Some(joined) => {
                out.push_str(&decode(joined));
                saved += 1;
            }
            None => {
                if line.trim().is_empty() {
                    out.push_str(&"\n".repeat(saved));
                    saved = 0;
                }
                out.push_str(&decode(line));
                out.push('\n');
            }
        }
    }
    out.push_str(&"\n".repeat(saved));
    Some(out)
}

/// A timestamped transcript ("[00:09] so the biggest trade-off for me was ...") as sentences,
/// line for line: each timestamped line ends a sentence, and the timestamp goes. `None` when
/// fewer than three lines carry one. Read as a paragraph, a spoken walkthrough with no full
/// stops was one sentence that met every criterion at once.
fn transcript_as_sentences(text: &str) -> Option<String> {
    let stamp = |l: &str| -> Option<usize> {
        let t = l.trim_start();
        let inner = t.strip_prefix('[')?;
        let close = inner.find(']')?;
        let ok = close >= 4
            && inner[..close].chars().all(|c| c.is_ascii_digit() || c == ':')
            && inner[..close].contains(':');
        ok.then_some(l.len() - t.len() + close + 2)
    };
    if text.lines().filter(|l| stamp(l).is_some()).count() < 3 {
        return None;
    }
    let out: Vec<String> = text
        .lines()
        .map(|l| match stamp(l) {
            Some(end) => {
                let rest = l[end..].trim();
                if rest.ends_with(['.', '!', '?']) || rest.is_empty() {
                    rest.to_string()
                } else {
                    format!("{rest}.")
                }
            }
            None => l.to_string(),
        })
        .collect();
    Some(out.join("\n") + "\n")
}

/// A caption file (SubRip `.srt` or WebVTT: a cue number, `00:00:03,400 --> 00:00:07,900`, then
/// the words) as text: the numbers and timings dropped, each run of cues joined into one
/// paragraph where it starts (a sentence runs on across cues), a new paragraph at a cue that
/// names a question; the lines it saves come back blank, so later line numbers hold. `None`
/// when there are no cues.
fn captions_as_text(text: &str) -> Option<String> {
    let timing = |l: &str| {
        let t = l.trim();
        t.contains(" --> ") && t.chars().next().is_some_and(|c| c.is_ascii_digit())
    };
    let lines: Vec<&str> = text.lines().collect();
    if lines.iter().filter(|l| timing(l)).count() < 3 {
        return None;
    }
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    // Each fenced block that holds cues (or the whole text, unfenced) is a caption file.
    let fences: Vec<usize> = (0..lines.len()).filter(|&k| lines[k].trim_start().starts_with("```")).collect();
    let mut blocks: Vec<(usize, usize)> = fences.chunks(2).filter(|p| p.len() == 2).map(|p| (p[0], p[1])).collect();
    blocks.retain(|&(a, b)| (a..b).any(|k| timing(lines[k])));
    if blocks.is_empty() {
        blocks.push((0, lines.len() - 1));
    }
    let cue_number =
        |k: usize| lines[k].trim().chars().all(|c| c.is_ascii_digit()) && lines.get(k + 1).is_some_and(|n| timing(n));
    for (start, end) in blocks {
        let mut paragraph: Option<usize> = None;
        for k in start..=end {
            // `<v Elena>` names the voice; the words follow it.
            let l = lines[k].trim();
            let l = match l.strip_prefix("<v ").and_then(|r| r.split_once('>')) {
                Some((_, words)) => words.trim(),
                None => l,
            };
            let is_text = !l.is_empty() && !timing(l) && !cue_number(k) && !l.starts_with("```") && l != "WEBVTT";
            if !is_text {
                out[k] = String::new();
                continue;
            }
            let names_question = marker_prefix(l, false).is_some();
            match paragraph {
                Some(p) if !names_question => {
                    let joined = format!("{} {l}", out[p]);
                    out[p] = joined;
                    out[k] = String::new();
                }
                _ => {
                    out[k] = l.to_string();
                    paragraph = Some(k);
                }
            }
            // A cue naming a question is a heading of its own: the next cue starts the answer.
            if names_question {
                paragraph = None;
            }
        }
    }
    Some(out.join("\n") + "\n")
}

/// A call transcribed with speaker turns (`**Speaker 1** 0:12`, then the words): the
/// interviewer is the speaker who asks (says "question", ends on `?`), and each of their turns that names a
/// question ("Question two.", "Seven.") becomes that question's heading, the rest of what they
/// said blank; the candidate's turns are the answers. Line for line; `None` when there are no
/// such turns. Read as written, the interviewer's reading of each question, with every option
/// in it, was part of the answer.
fn speaker_turns_as_answers(text: &str) -> Option<String> {
    let label = |l: &str| -> Option<String> {
        let t = l.trim().trim_start_matches("**");
        let rest = t.strip_prefix("Speaker ")?;
        let (name, after) = rest.split_once(|c: char| c == '*' || c.is_whitespace()).unwrap_or((rest, ""));
        let after = after.trim_start_matches('*').trim();
        let stamp = after.is_empty() || after.chars().all(|c| c.is_ascii_digit() || c == ':');
        (!name.is_empty() && name.len() <= 12 && stamp).then(|| name.to_string())
    };
    let lines: Vec<&str> = text.lines().collect();
    let turns: Vec<(usize, String)> = lines.iter().enumerate().filter_map(|(i, l)| label(l).map(|n| (i, n))).collect();
    let speakers: BTreeSet<&String> = turns.iter().map(|(_, n)| n).collect();
    if turns.len() < 4 || speakers.len() != 2 {
        return None;
    }
    let turn_text = |k: usize| -> String {
        let start = turns[k].0 + 1;
        let end = turns.get(k + 1).map_or(lines.len(), |t| t.0);
        lines[start..end].join(" ").to_lowercase()
    };
    let asks = |name: &String| {
        (0..turns.len())
            .filter(|&k| {
                &turns[k].1 == name && (turn_text(k).contains("question") || turn_text(k).trim_end().ends_with('?'))
            })
            .count()
    };
    let interviewer = speakers.iter().copied().max_by_key(|n| asks(n))?.clone();
    if asks(&interviewer) < 2 {
        return None;
    }
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let mut last = 0;
    for k in 0..turns.len() {
        let (at, name) = &turns[k];
        let end = turns.get(k + 1).map_or(lines.len(), |t| t.0);
        if *name != interviewer {
            out[*at] = String::new();
            continue;
        }
        let words: Vec<String> =
            turn_text(k).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect();
        // "Question two.", "Okay, question one", or a turn that opens with the number ("Seven.").
        // "Last one. Job queue in Postgres ... which two words fix it?": the next question.
        let next = (words.len() >= 8 && turn_text(k).contains('?')).then_some(last + 1);
        let named = words
            .windows(2)
            .find(|w| w[0] == "question")
            .and_then(|w| spoken_number(&w[1]))
            .or_else(|| words.first().and_then(|w| spoken_number(w)))
            .or(next);
        if let Some(n) = named {
            last = n;
        }
        out[*at] = named.map(|n| format!("## Q{n}")).unwrap_or_default();
        for line in out.iter_mut().take(end).skip(at + 1) {
            line.clear();
        }
    }
    Some(out.join("\n") + "\n")
}

/// A CriticMarkup review trail with its edits accepted: `{++added++}` kept, `{--deleted--}`
/// and `{>>comments<<}` dropped, `{~~old~>new~~}` replaced by the new text. Newlines inside a
/// dropped span stay, so later line numbers hold. `None` when there is no markup.
fn critic_markup_accepted(text: &str) -> Option<String> {
    if !["{++", "{--", "{~~", "{>>"].iter().any(|m| text.contains(m)) {
        return None;
    }
    let newlines = |s: &str| "\n".repeat(s.matches('\n').count());
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let span = [("{++", "++}"), ("{--", "--}"), ("{~~", "~~}"), ("{>>", "<<}"), ("{==", "==}")]
            .iter()
            .find(|(open, _)| tail.starts_with(open))
            .and_then(|(open, close)| tail[3..].find(close).map(|end| (*open, &tail[3..3 + end], 3 + end + 3)));
        match span {
            Some((open, inner, used)) => {
                match open {
                    "{++" | "{==" => out.push_str(inner),
                    "{~~" => {
                        let (old, new) = inner.split_once("~>").unwrap_or(("", inner));
                        out.push_str(new);
                        out.push_str(&newlines(old));
                    }
                    _ => out.push_str(&newlines(inner)),
                }
                rest = &tail[used..];
            }
            None => {
                out.push('{');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    Some(out)
}

/// A line of dashes or `=` right under a paragraph of several lines, or under one long line, is
/// a separator rule, not a setext underline that makes the whole paragraph (an answer) a
/// heading. It becomes `***`, a rule that cannot underline, line for line; `None` when there is
/// none.
fn rules_not_headings(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut changed = false;
    let mut paragraph = 0usize;
    let mut fence = false;
    for line in &lines {
        let t = line.trim();
        if t.starts_with("```") {
            fence = !fence;
        }
        let rule = !fence && t.len() >= 3 && (t.chars().all(|c| c == '-') || t.chars().all(|c| c == '='));
        // A heading is short: a line of more than ten words above the rule is an answer.
        let long_line = out.last().is_some_and(|l| l.split_whitespace().count() > 10);
        if rule && (paragraph >= 2 || paragraph == 1 && long_line) {
            out.push("***".to_string());
            changed = true;
            paragraph = 0;
            continue;
        }
        paragraph = if t.is_empty() || fence { 0 } else { paragraph + 1 };
        out.push(line.to_string());
    }
    changed.then(|| out.join("\n") + "\n")
}

/// `Q7: Index` then `A:  B (last_name, age).`: in question-and-answer blocks the `A:` opening
/// the line after a question's label is the answer's label, not option A. The label is blanked
/// (line for line); `None` when the sheet has no such pairs.
fn without_answer_labels(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let question_line = |l: &str| marker_prefix(l.trim(), true).is_some_and(|(m, _)| matches!(m, Marker::Question(_)));
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut changed = false;
    for (i, line) in lines.iter().enumerate() {
        let after_question = i > 0 && question_line(lines[i - 1]);
        match line.strip_prefix("A:") {
            Some(rest) if after_question => {
                out.push(format!("  {rest}"));
                changed = true;
            }
            _ => out.push(line.to_string()),
        }
    }
    changed.then(|| out.join("\n") + "\n")
}

/// `text` as markdown when it is written in another markup the parser knows.
fn other_markup_as_markdown(text: &str) -> Option<String> {
    transcript_as_sentences(text)
        .or_else(|| captions_as_text(text))
        .or_else(|| speaker_turns_as_answers(text))
        .or_else(|| diff_as_sheet(text))
        .or_else(|| asciidoc_as_markdown(text))
        .or_else(|| restructuredtext_as_markdown(text))
        .or_else(|| wiki_markup_as_markdown(text))
        .or_else(|| tiddlywiki_as_markdown(text))
        .or_else(|| calendar_as_text(text))
        .or_else(|| rtf_as_markdown(text))
        .or_else(|| latex_as_markdown(text))
        .or_else(|| source_file_as_code(text))
}

/// A sheet saved as a source file (`answers.py`: `# Q1: ...` comments between `ANSWER_1 =
/// "copy"` lines), fenced as the code it is so its comments are read as the answers' text;
/// unfenced, Markdown took each `# ` comment for a heading. `None` unless three comment lines
/// and two statements open lines and nothing is fenced already.
fn source_file_as_code(text: &str) -> Option<String> {
    let comment = |l: &str| l.starts_with("# ") || l.starts_with("// ");
    let statement = |l: &str| {
        let ident: String = l.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        let rest = l[ident.len()..].trim_start();
        !ident.is_empty() && (rest.starts_with("= ") || rest.starts_with(":= "))
            || ["def ", "func ", "fn ", "import ", "package ", "print(", "const ", "let ", "var "]
                .iter()
                .any(|k| l.starts_with(k))
    };
    let comments = text.lines().filter(|l| comment(l)).count();
    let statements = text.lines().filter(|l| statement(l)).count();
    (comments >= 3 && statements >= 2 && !text.contains("```")).then(|| format!("```\n{text}\n```\n"))
}

/// A LaTeX document (`\section*{Answer 3}`, `\texttt{r}`, `\begin{verbatim}`) as the
/// Markdown the parser reads, line for line so line numbers hold; `None` unless it has a
/// `\begin{document}` or two sectioning commands opening lines.
fn latex_as_markdown(text: &str) -> Option<String> {
    const SECTIONS: &[(&str, &str)] =
        &[("\\section", "##"), ("\\subsection", "###"), ("\\subsubsection", "####"), ("\\paragraph", "#####")];
    let sectioning = |l: &str| SECTIONS.iter().any(|(c, _)| l.trim_start().starts_with(c));
    if !text.contains("\\begin{document}") && text.lines().filter(|l| sectioning(l)).count() < 2 {
        return None;
    }
    // `\cmd{x}` as `open x close`, for every such command in the line.
    fn unwrap(line: &str, cmd: &str, open: &str, close: &str) -> String {
        let mut out = String::new();
        let mut rest = line;
        while let Some(at) = rest.find(cmd) {
            let after = &rest[at + cmd.len()..];
            let Some(end) = after.find('}') else { break };
            out.push_str(&rest[..at]);
            out.push_str(open);
            out.push_str(&after[..end]);
            out.push_str(close);
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out
    }
    let mut out = String::with_capacity(text.len());
    let mut verbatim = false;
    for line in text.lines() {
        let t = line.trim();
        let converted = if t.starts_with("\\begin{verbatim}") || t.starts_with("\\begin{lstlisting}") {
            verbatim = true;
            "```".to_string()
        } else if t.starts_with("\\end{verbatim}") || t.starts_with("\\end{lstlisting}") {
            verbatim = false;
            "```".to_string()
        } else if verbatim {
            line.to_string()
        } else if let Some((cmd, hashes)) = SECTIONS.iter().find(|(c, _)| t.starts_with(c)) {
            let title = t[cmd.len()..].trim_start_matches('*');
            let title = title.strip_prefix('{').and_then(|x| x.rfind('}').map(|e| &x[..e])).unwrap_or(title);
            format!("{hashes} {title}")
        } else if t.starts_with("\\begin{")
            || t.starts_with("\\end{")
            || t.starts_with("\\documentclass")
            || t.starts_with("\\usepackage")
            || t.starts_with("\\maketitle")
            || t.starts_with("\\title")
            || t.starts_with("\\author")
            || t.starts_with("\\date")
            || t.starts_with('%')
        {
            String::new()
        } else {
            let mut l = line.replacen("\\item", "-", 1);
            for (cmd, open, close) in
                [("\\texttt{", "`", "`"), ("\\textbf{", "**", "**"), ("\\emph{", "*", "*"), ("\\textit{", "*", "*")]
            {
                l = unwrap(&l, cmd, open, close);
            }
            l.replace("\\_", "_")
                .replace("\\%", "%")
                .replace("\\&", "&")
                .replace("\\#", "#")
                .replace("\\ ", " ")
                .replace("\\\\", "")
        };
        out.push_str(&converted);
        out.push('\n');
    }
    Some(out)
}

/// A sheet whose answers are the values of a JSON, TOML or YAML document in a code block, as
/// text: a question's key (`"id": "Q3"`, `[q3]`, `Q3:`) becomes a `Q3` line and every other
/// value a sentence of its own, line for line so line numbers hold; `None` when there is no
/// such block. Read as code, `choice = "B"` was a terse list and the answers code comments.
fn data_as_text(text: &str) -> Option<String> {
    #[derive(Clone, Copy, PartialEq)]
    enum Data {
        Json,
        Toml,
        Yaml,
        Xml,
    }
    // A key is the question alone (`"Q3"`, `[q3]`): `Q1: the answer` is text that names it.
    let question_key = |k: &str| {
        let k = k.trim().trim_matches(['"', '\'', '[', ']']);
        question_number(k).filter(|_| k.chars().all(char::is_alphanumeric)).map(|n| format!("Q{n}"))
    };
    let sentence = |v: &str| {
        let v = v.trim();
        if v.is_empty() || v == "null" || v == "~" {
            String::new()
        } else if v.ends_with(['.', '!', '?']) {
            v.to_string()
        } else {
            format!("{v}.")
        }
    };
    let mut out: Vec<String> = Vec::new();
    let mut data: Option<Data> = None;
    let mut any = false;
    // Inside a multi-line string (TOML `"""`, a YAML block scalar indented past its key): text.
    let mut in_string = false;
    let mut block_indent: Option<usize> = None;
    // Inside an XML `<![CDATA[ ... ]]>` value: the candidate's text, line for line.
    let mut in_cdata = false;
    let mut in_entities = false;
    for line in text.lines() {
        let t = line.trim();
        let indent = line.len() - line.trim_start().len();
        if in_cdata {
            match line.split_once("]]>") {
                Some((rest, _)) => {
                    in_cdata = false;
                    out.push(rest.to_string());
                }
                None => out.push(line.to_string()),
            }
            continue;
        }
        if let Some(i) = block_indent {
            if t.is_empty() || indent > i {
                out.push(line.to_string());
                continue;
            }
            block_indent = None;
        }
        if in_string {
            in_string = !t.ends_with("\"\"\"");
            out.push(line.trim_end_matches("\"\"\"").to_string());
            continue;
        }
        if data.is_none() {
            data = match t.to_lowercase().as_str() {
                "```json" => Some(Data::Json),
                "```toml" => Some(Data::Toml),
                "```yaml" | "```yml" => Some(Data::Yaml),
                "```xml" => Some(Data::Xml),
                _ => None,
            };
            any |= data.is_some();
            out.push(if data.is_some() { String::new() } else { line.to_string() });
            continue;
        }
        if t.starts_with("```") {
            data = None;
            out.push(String::new());
            continue;
        }
        // A chat export repeats each message's text as `text_entities`: read it once.
        if data == Some(Data::Json) {
            if in_entities {
                in_entities = !t.starts_with(']');
                out.push(String::new());
                continue;
            }
            if t.starts_with("\"text_entities\": [") && !t.ends_with("],") && !t.ends_with(']') {
                in_entities = true;
                out.push(String::new());
                continue;
            }
        }
        let json_string = |v: &str| -> Option<String> {
            let v = v.trim().trim_end_matches(',');
            let inner = v.strip_prefix('"')?.strip_suffix('"')?;
            Some(inner.replace("\\\"", "\"").replace("\\n", " "))
        };
        // A message's text as an array of runs: bare strings, and `{"type": ..., "text": ...}`.
        let run = |t: &str| -> Option<String> {
            if t.starts_with('{') {
                let (_, rest) = t.split_once("\"text\": ")?;
                let value = rest.split("\", \"").next()?.trim_end_matches(['}', ',', ' ']);
                json_string(value)
            } else if t.starts_with('"') && !t.contains("\": ") {
                json_string(t)
            } else {
                None
            }
        };
        let converted = match data {
            Some(Data::Json) if run(t).is_some() => {
                let text = run(t).unwrap_or_default();
                match text.split_once(' ').filter(|(k, _)| question_number(k).is_some()) {
                    // "Q1 ah. The Summary is ...": the message names its question.
                    Some((k, rest)) => format!("{}: {rest}", k.trim_end_matches(['.', ':', ')'])),
                    None => text,
                }
            }
            Some(Data::Json) => {
                // `"key": "value",` / `"key": 3,` / `"key": null,`
                match t.strip_prefix('"').and_then(|r| r.split_once("\":")) {
                    Some((key, value)) => {
                        let value = value.trim().trim_end_matches(',');
                        let string = value.strip_prefix('"').and_then(|v| v.strip_suffix('"'));
                        let string = string.map(|v| v.replace("\\\"", "\"").replace("\\n", " "));
                        let id_key = matches!(key.to_lowercase().as_str(), "id" | "q" | "question" | "number" | "no");
                        match (id_key, string) {
                            (true, Some(v)) => question_key(&v).unwrap_or_default(),
                            (true, None) if value.parse::<usize>().is_ok() => format!("Q{value}"),
                            (false, Some(v)) => sentence(&v),
                            _ => String::new(),
                        }
                    }
                    None => String::new(),
                }
            }
            Some(Data::Toml) => {
                if t.starts_with('[') {
                    t.trim_matches(['[', ']']).split('.').find_map(question_key).unwrap_or_default()
                } else if t == "\"\"\"" {
                    String::new()
                } else if let Some((_, value)) = t.split_once(" = ") {
                    let value = value.trim();
                    match value.strip_prefix("\"\"\"") {
                        Some(rest) => {
                            in_string = !rest.ends_with("\"\"\"");
                            rest.trim_end_matches("\"\"\"").to_string()
                        }
                        None => sentence(value.trim_matches('"')),
                    }
                } else {
                    line.to_string()
                }
            }
            Some(Data::Yaml) => {
                let body = t.trim_start_matches("- ");
                match body.split_once(':') {
                    Some((key, value)) if !key.contains(' ') || question_key(key).is_some() => {
                        let value = value.trim();
                        match question_key(key) {
                            Some(q) if value.is_empty() => q,
                            _ if matches!(key.trim().to_lowercase().as_str(), "id" | "q" | "question") => {
                                question_key(value).unwrap_or_default()
                            }
                            _ if matches!(value, ">" | "|" | ">-" | "|-") => {
                                block_indent = Some(indent);
                                String::new()
                            }
                            _ => sentence(&spaced_identifier(value.trim_matches(['"', '\'']))),
                        }
                    }
                    _ => t.to_string(),
                }
            }
            Some(Data::Xml) => {
                // `<itemResult identifier="Q3" ...>` names the question; `<![CDATA[` opens its text.
                if let Some((_, rest)) = t.split_once("<![CDATA[") {
                    match rest.split_once("]]>") {
                        Some((value, _)) => value.to_string(),
                        None => {
                            in_cdata = true;
                            rest.to_string()
                        }
                    }
                } else if let Some(q) =
                    t.split("identifier=\"").skip(1).find_map(|r| r.split('"').next().and_then(question_key))
                {
                    q
                } else if !t.starts_with('<') && !t.is_empty() {
                    // Text inside an element that spans lines (`<Ustrd>` ... `</Ustrd>`): the
                    // candidate's words, line for line.
                    decode_entities(t)
                } else if let Some(q) = element_texts(t).iter().find_map(|v| question_key(v)) {
                    // `<EndToEndId>Q1</EndToEndId>`: an element whose text is the question alone.
                    q
                } else {
                    // An outline or mind map (`<outline text="Q1 memory leak" _note="...">`):
                    // a value that opens with a question names it, one of three words or more
                    // is text.
                    let values: Vec<String> =
                        t.split("=\"").skip(1).filter_map(|r| r.split('"').next()).map(decode_entities).collect();
                    match values.iter().find(|v| v.split_whitespace().next().and_then(question_key).is_some()) {
                        Some(title) => format!("## {title}"),
                        None => values
                            .iter()
                            .cloned()
                            .chain(element_texts(t))
                            .filter(|v| v.split_whitespace().count() >= 3)
                            .map(|v| sentence(&v))
                            .collect::<Vec<_>>()
                            .join(" "),
                    }
                }
            }
            None => line.to_string(),
        };
        out.push(converted);
    }
    any.then(|| out.join("\n"))
}

/// The text between an XML line's tags (`<Nm>Candidate</Nm>` gives "Candidate"), entities
/// decoded; comments and declarations give none.
fn element_texts(line: &str) -> Vec<String> {
    line.split('>')
        .skip(1)
        .filter_map(|r| r.split('<').next())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(decode_entities)
        .collect()
}

/// A value that is one camelCase identifier (`tokenBucket`, `fixedWindow`) as the words it
/// joins ("token bucket"); anything else as it is.
fn spaced_identifier(value: &str) -> String {
    let camel = !value.contains(' ')
        && value.chars().next().is_some_and(char::is_lowercase)
        && value.chars().all(char::is_alphanumeric)
        && value.chars().any(char::is_uppercase);
    if !camel {
        return value.to_string();
    }
    let mut out = String::new();
    for c in value.chars() {
        if c.is_uppercase() {
            out.push(' ');
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A transcription's struck-out text (`[crossed out: also move]`, `[struck: ...]`) withdrawn,
/// as `~~struck~~` text is; `None` when there is none.
fn without_transcribed_strikes(text: &str) -> Option<String> {
    const OPENERS: &[&str] =
        &["[crossed out:", "[crossed-out:", "[struck:", "[struck out:", "[deleted:", "[scratched out:"];
    let lower = text.to_lowercase();
    if !OPENERS.iter().any(|o| lower.contains(o)) || lower.len() != text.len() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some((start, opener)) =
        OPENERS.iter().filter_map(|o| lower[at..].find(o).map(|i| (at + i, o))).min_by_key(|(i, _)| *i)
    {
        let Some(end) = lower[start + opener.len()..].find(']').map(|e| start + opener.len() + e + 1) else { break };
        out.push_str(&text[at..start]);
        // Keep the line breaks inside, so line numbers hold.
        out.extend(text[start..end].chars().filter(|&c| c == '\n'));
        at = end;
    }
    out.push_str(&text[at..]);
    Some(out)
}

/// Options laid out one per line, each behind a radio button or a tick box (`( )  A. (age,
/// last_name)` over `(•)  B. (last_name, age)`): the rows left blank go, the marked rows stay
/// without their marks. `None` when no run of such rows has both kinds. Read as written, every
/// option was named in turn and none was picked.
fn marked_option_rows(text: &str) -> Option<String> {
    const BLANK: &[&str] = &["( )", "[ ]", "☐", "○", "◯", "⬜", "⚪"];
    const MARKED: &[&str] = &[
        "(•)", "(x)", "(X)", "(*)", "(o)", "[x]", "[X]", "[*]", "[✓]", "[✔]", "(✓)", "(✔)", "☑", "☒", "✅", "●", "◉",
        "⦿", "🔘",
    ];
    // The mark opening a line, past its indent and a list bullet or a table's or frame's bar.
    let mark = |line: &str| -> Option<(bool, usize)> {
        let body = line.trim_start_matches([' ', '\t', '|', '-', '*', '+', '>']);
        let at = line.len() - body.len();
        BLANK
            .iter()
            .map(|m| (false, m))
            .chain(MARKED.iter().map(|m| (true, m)))
            .find(|(_, m)| body.starts_with(**m))
            .map(|(marked, m)| (marked, at + m.len()))
    };
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let mut changed = false;
    let mut i = 0;
    while i < lines.len() {
        if mark(lines[i]).is_none() {
            i += 1;
            continue;
        }
        // A run of marked rows, blank lines allowed between them.
        let mut rows = Vec::new();
        let mut j = i;
        while j < lines.len() {
            if let Some(m) = mark(lines[j]) {
                rows.push((j, m));
            } else if !lines[j].trim().is_empty() {
                break;
            }
            j += 1;
        }
        let both = rows.iter().any(|(_, (marked, _))| *marked) && rows.iter().any(|(_, (marked, _))| !*marked);
        if both {
            for &(k, (marked, end)) in &rows {
                out[k] = if marked { lines[k][end..].trim_start().to_string() } else { String::new() };
            }
            changed = true;
        }
        i = j.max(i + 1);
    }
    changed.then(|| out.join("\n"))
}

/// A table with a column for the pick (`| Index | Pick |`, `| Option | Why | Chosen |`) whose
/// rows are ticked or left empty: a ticked row is the pick (`Pick: B (last_name, age).`, with a
/// question mark kept when the tick carries one), an empty one is turned down (`Rejected: ...`),
/// one line per row so line numbers hold. `None` when there is no such table. Read as a table,
/// every row laid out an option and none was chosen.
fn pick_column_rows(text: &str) -> Option<String> {
    const HEADS: &[&str] = &["pick", "my pick", "choice", "my choice", "chosen", "selected", "choose", "decision"];
    const TICKS: &[&str] = &["\u{2714}", "\u{2713}", "\u{2705}", "x", "yes", "\u{2190}", "\u{2605}", "\u{25cf}", "*"];
    let cells = |l: &str| -> Vec<String> {
        let t = l.trim();
        let t = t.strip_prefix('|').unwrap_or(t);
        let t = t.strip_suffix('|').unwrap_or(t);
        t.split('|').map(|c| c.trim().to_string()).collect()
    };
    let separator = |l: &str| {
        let t = l.trim();
        t.starts_with('|') && t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
    };
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let mut changed = false;
    let mut i = 0;
    while i + 2 < lines.len() {
        let head = cells(lines[i]);
        let column = head.iter().position(|h| {
            HEADS.contains(&h.trim_matches(|c: char| !c.is_alphanumeric() && c != ' ').to_lowercase().as_str())
        });
        let (Some(column), true) = (column, lines[i].trim_start().starts_with('|') && separator(lines[i + 1])) else {
            i += 1;
            continue;
        };
        let mut j = i + 2;
        while j < lines.len() && lines[j].trim_start().starts_with('|') {
            j += 1;
        }
        // (line, the row's other cells, ticked, hedged, the pick cell is empty)
        let rows: Vec<(usize, String, bool, bool, bool)> = (i + 2..j)
            .map(|k| {
                let c = cells(lines[k]);
                let mark = c.get(column).map(|m| m.to_lowercase()).unwrap_or_default();
                let bare = mark.trim_matches(|ch: char| ch == '?' || ch == '(' || ch == ')' || ch.is_whitespace());
                let ticked = TICKS.contains(&bare);
                let others: Vec<&str> = c
                    .iter()
                    .enumerate()
                    .filter(|(n, v)| *n != column && !v.is_empty())
                    .map(|(_, v)| v.as_str())
                    .collect();
                (k, others.join(", "), ticked, mark.contains('?'), mark.is_empty())
            })
            .collect();
        let ticked = rows.iter().filter(|r| r.2).count();
        if ticked >= 1 && ticked < rows.len() && rows.iter().all(|r| r.2 || r.4) {
            out[i] = String::new();
            out[i + 1] = String::new();
            for (k, others, tick, hedged, _) in &rows {
                let others = others.trim_end_matches('.');
                out[*k] = match (tick, hedged) {
                    (true, false) => format!("Pick: {others}."),
                    (true, true) => format!("Pick: {others}?"),
                    (false, _) => format!("Rejected: {others}."),
                };
            }
            changed = true;
        }
        i = j;
    }
    changed.then(|| out.join("\n"))
}

/// A countdown (`No. 3: ...`, `No. 2: ...`, `No. 1: token bucket`) or a ranking by place
/// (`2nd place: ...`, `Rank 1: ...`): the runners-up go with their continuation lines, the
/// winner stays without its label. `None` when there is none. Read as written, every entry was
/// a claim, and "No." a refusal.
fn ranked_entries(text: &str) -> Option<String> {
    /// The rank line `line` opens with: the number, where its label ends, whether the label
    /// says it ranks ("rank", "place") rather than only numbering, and where a "No." label sits.
    struct Rank {
        line: usize,
        n: u32,
        end: usize,
        explicit: bool,
        no_label: Option<(usize, usize)>,
    }
    fn rank(at: usize, line: &str) -> Option<Rank> {
        let body = line.trim_start_matches([' ', '\t', '-', '*', '+', '_', '>']);
        // A heading's marks, but not "#1".
        let hashes = body.len() - body.trim_start_matches('#').len();
        let body = if hashes > 0 && body[hashes..].starts_with(' ') { body[hashes..].trim_start() } else { body };
        let offset = line.len() - body.len();
        // The label is read on a lower-cased copy: its offsets hold only for ASCII.
        if !body.chars().take(12).all(|c| c.is_ascii()) {
            return None;
        }
        let lower = body.to_lowercase();
        // "Q8 No. 1: 8.": the question's number before the rank.
        let skip = lower
            .strip_prefix('q')
            .and_then(|r| r.find(' ').filter(|&sp| sp <= 3 && r[..sp].chars().all(|c| c.is_ascii_digit())))
            .map_or(0, |sp| sp + 2);
        let rest = &lower[skip..];
        let (label_len, explicit) = ["no. ", "no.", "#", "rank ", "place "]
            .iter()
            .find(|p| rest.starts_with(**p))
            .map(|p| (p.len(), p.starts_with("rank") || p.starts_with("place")))
            .unwrap_or((0, false));
        let digits: String = rest[label_len..].chars().take_while(char::is_ascii_digit).collect();
        let n: u32 = digits.parse().ok().filter(|n| (1..=9).contains(n))?;
        let after = &rest[label_len + digits.len()..];
        let (tail, explicit) = if label_len == 0 {
            // "2nd place:", "1st place -".
            let t = after.trim_start_matches(|c: char| c.is_ascii_alphabetic() && c != ' ');
            let t2 = t.trim_start().strip_prefix("place")?;
            (t2, true)
        } else {
            (after, explicit)
        };
        if !tail.starts_with([':', '.', ')', ' ', '(', '*', '-', '—', '–']) {
            return None;
        }
        let end = offset + skip + (rest.len() - tail.len());
        // Where a "No." label sits, to drop it from mere numbering.
        let no_label = rest.starts_with("no.").then_some((offset + skip, offset + skip + label_len));
        Some(Rank { line: at, n, end: end.min(line.len()), explicit, no_label })
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let ranked: Vec<Rank> = lines.iter().enumerate().filter_map(|(i, l)| rank(i, l)).collect();
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let mut changed = false;
    let mut k = 0;
    while k < ranked.len() {
        // A group: ranked lines at most a dozen lines apart.
        let mut g = k + 1;
        while g < ranked.len() && ranked[g].line - ranked[g - 1].line <= 12 {
            g += 1;
        }
        let group = &ranked[k..g];
        let ranks: Vec<u32> = group.iter().map(|r| r.n).collect();
        // A countdown ends on 1 after higher ranks; "1, 2, 3" is only numbering, unless the labels
        // say they rank.
        let countdown = ranks.len() >= 2 && ranks.windows(2).all(|w| w[0] > w[1]) && ranks.last() == Some(&1);
        let explicit = group.iter().all(|r| r.explicit) && ranks.contains(&1) && ranks.len() >= 2;
        if countdown || explicit {
            for &Rank { line: i, n, end, .. } in group {
                if n == 1 {
                    let rest = lines[i].get(end..).unwrap_or(lines[i]);
                    out[i] = rest.trim_start_matches([':', '.', ')', ' ', '*', '-', '—', '–']).to_string();
                    continue;
                }
                out[i] = String::new();
                // The entry's continuation lines, indented under it.
                for j in i + 1..lines.len() {
                    if lines[j].starts_with([' ', '\t']) && !lines[j].trim().is_empty() && rank(j, lines[j]).is_none() {
                        out[j] = String::new();
                    } else {
                        break;
                    }
                }
            }
            changed = true;
        } else {
            // "No. 2: copy the bytes" numbers a point; read as written, "No." refused it.
            // Only a label: "No. 2:" or "No. 2)", not "No. 8 because ..." answering a question.
            for &Rank { line: i, end, no_label: no, .. } in group {
                let label = lines[i].get(end..).is_some_and(|t| t.starts_with([':', ')']));
                let bounds =
                    |&(from, to): &(usize, usize)| lines[i].is_char_boundary(from) && lines[i].is_char_boundary(to);
                if let Some((from, to)) = no.filter(|n| label && bounds(n)) {
                    out[i] = format!("{}{}", &lines[i][..from], lines[i][to..].trim_start());
                    changed = true;
                }
            }
        }
        k = g;
    }
    changed.then(|| out.join("\n"))
}

/// A thread's post numbers (`**1/** 8. postgres doesn't lose this one.`, `2/ Tx1 locks ...`)
/// dropped: read as written, "1/ 8" was a fraction before the answer. A numbered thread's
/// `3/10` keeps its total, which names the question.
fn thread_numbers(text: &str) -> Option<String> {
    let mut changed = false;
    let out: Vec<String> = text
        .split('\n')
        .map(|line| {
            let body = line.trim_start_matches([' ', '*', '_']);
            let indent = line.len() - body.len();
            let digits = body.chars().take_while(char::is_ascii_digit).count();
            let rest = &body[digits..];
            let numbered = (1..=2).contains(&digits)
                && rest.starts_with('/')
                && rest[1..].trim_start_matches(['*', '_']).starts_with(' ');
            if numbered {
                changed = true;
                format!("{}{}", &line[..indent], rest[1..].trim_start_matches(['*', '_']).trim_start())
            } else {
                line.to_string()
            }
        })
        .collect();
    changed.then(|| out.join("\n"))
}

/// Is a table cell a verdict against its row: "CUT", "Rejected", "Ruled out", "SOLD OUT"? Not
/// "No" or a cross, which answer a column's question ("Blocks INSERT?") in a matrix.
fn rejecting_cell(cell: &str) -> bool {
    let cell = cell.trim().trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    const VERDICTS: &[&str] = &[
        "cut",
        "rejected",
        "reject",
        "ruled out",
        "discarded",
        "discard",
        "eliminated",
        "sold out",
        "vetoed",
        "not chosen",
        // A receipt's struck item, a take marked no good.
        "void",
        "ng",
    ];
    cell.split_whitespace().count() <= 12
        && VERDICTS.iter().any(|v| {
            cell.strip_prefix(v).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '.', ':', ',', ';', '-']))
        })
}

/// Finds each question's answer in `text`.
pub(crate) fn parse_answer_sheet(text: &str, path: &Path, prompts: &[Prompt]) -> ParsedSheet {
    let rewritten = rewritten(
        text,
        &[
            without_answer_labels,
            interviewer_turns_dropped,
            deposition_markers_dropped,
            letter_grades_dropped,
            without_transcribed_strikes,
            form_fields,
            marked_option_rows,
            pick_column_rows,
            ranked_entries,
            thread_numbers,
            stamps_as_breaks,
            inline_stamps_as_breaks,
            revisits_as_corrections,
            late_corrections,
            telegram_stops,
            echoed_lines_as_text,
            commented_sheet_as_text,
            quoted_original_dropped,
        ],
    );
    let text = rewritten.as_str();
    let repeated_labels = repeated_retraction_labels(text);
    let markdown = other_markup_as_markdown(text)
        .or_else(|| data_as_text(text))
        .or_else(|| csv_as_text(text))
        .or_else(|| sql_rows_as_sheet(text))
        .or_else(|| sql_script_as_sheet(text));
    let text = markdown.as_deref().unwrap_or(text);
    // `**A:** Because ...` under a `**Q: (Q3) ...**` line: the label is not option A.
    let blocks: Vec<Block> = blocks(text)
        .into_iter()
        .map(|b| match b.lead_strong.as_deref().map(str::trim) {
            Some("A:" | "A." | "A -") if b.kind == BlockKind::Prose => {
                let at = b.text.find('A').map_or(0, |i| i + 1);
                let rest = &b.text[at..];
                let skip = rest.len() - rest.trim_start_matches([':', '.', '-', ' ']).len();
                b.tail(at + skip)
            }
            _ => b,
        })
        .collect();
    let mut warnings = Vec::new();
    let known: HashSet<usize> = prompts.iter().map(|p| p.number).collect();
    let range = match (prompts.iter().map(|p| p.number).min(), prompts.iter().map(|p| p.number).max()) {
        (Some(a), Some(b)) => format!("Q{a}..Q{b}"),
        _ => "none".to_string(),
    };
    let at = |line: usize| format!("{}:{line}", path.display());

    // Pass 1: what each block is.
    #[derive(Clone, Copy)]
    enum Role {
        Start(Marker, u8, Option<usize>), // marker, level, byte offset of the text after the marker
        OtherHeading(u8),
        Content,
    }
    let mut roles = Vec::with_capacity(blocks.len());
    for b in &blocks {
        let role = match b.kind {
            BlockKind::Heading(level) => match classify_heading(&b.text, prompts) {
                Some(m) => Role::Start(m, level, None),
                None => Role::OtherHeading(level),
            },
            // "**10:58 · Fennel call over · Q4**" alone on its line: the question it ends on, not
            // the time it opens with.
            BlockKind::Prose if b.strong_only && b.words() <= 12 && entry_header(&b.text).is_some() => {
                Role::Start(entry_header(&b.text).expect("checked in the guard"), 7, None)
            }
            BlockKind::Prose if b.strong_only && b.words() <= 12 => match classify_heading(&b.text, prompts) {
                // `**1. Memory leak**` beside `**4. Consistent hashing**`: a bold title that carries
                // its question's number is numbered like its neighbours, whose titles may not match.
                Some(Marker::Question(n)) if leading_number(&b.text) == Some(n) => {
                    Role::Start(Marker::Item(n), 7, None)
                }
                Some(m @ (Marker::Answer(_) | Marker::Question(_))) => Role::Start(m, 7, None),
                // `**3 — stack or heap**`: a bold numbered title, taken as a question's start only
                // where nothing else on the sheet names questions (as a list item's number is).
                Some(Marker::Numbered(n)) if (1..=prompts.len()).contains(&n) => Role::Start(Marker::Item(n), 7, None),
                _ => Role::Content,
            },
            BlockKind::Prose => {
                // `**4. Consistent hashing**` with the answer on the next line of the same paragraph:
                // a bold numbered title, as when it stands alone.
                let numbered_title = |s: &str| match classify_heading(s, prompts) {
                    Some(Marker::Numbered(n) | Marker::Question(n))
                        if leading_number(s) == Some(n)
                            && (1..=prompts.len()).contains(&n)
                            && s.split_whitespace().count() <= 12 =>
                    {
                        Some((Marker::Item(n), 0))
                    }
                    _ => None,
                };
                let lead = b.lead_strong.as_deref().and_then(|s| {
                    marker_prefix(s.trim(), false)
                        .or_else(|| trailing_question(s.trim()))
                        .or_else(|| numbered_title(s.trim()))
                });
                match lead {
                    Some((m, _)) => {
                        // The text after the bold marker is the start of the answer.
                        let strong = b.lead_strong.as_deref().unwrap_or("");
                        let offset = b.text.find(strong).map(|i| i + strong.len()).unwrap_or(0);
                        let rest = &b.text[offset..];
                        let skip = rest.len()
                            - rest.trim_start_matches([':', '.', ')', '-', ' ', '\n', '\u{2014}', '\u{2013}']).len();
                        Role::Start(m, 7, Some(offset + skip))
                    }
                    None => match marker_prefix(&b.text, true) {
                        Some((m, used)) => Role::Start(m, 7, Some(used)),
                        None if b.table => {
                            // `| Q8 | the answer |`: a table whose first column names the question.
                            let first = b.text.split('\n').next().unwrap_or("");
                            match marker_prefix(first.trim(), false) {
                                Some((m @ (Marker::Answer(_) | Marker::Question(_)), _))
                                    if first.split_whitespace().count() <= 3 =>
                                {
                                    Role::Start(m, 7, Some((first.len() + 1).min(b.text.len())))
                                }
                                _ => Role::Content,
                            }
                        }
                        None => match bare_number_prefix(&b.text) {
                            Some((n, used)) => Role::Start(Marker::Item(n), 7, Some(used)),
                            None => Role::Content,
                        },
                    },
                }
            }
            BlockKind::Code => Role::Content,
        };
        let role = match (role, b.item) {
            (Role::Content, Some(n)) => {
                // The first item of a list that does not start at 1 carries its number.
                let prefix = format!("{n}. ");
                Role::Start(Marker::Item(n), 7, Some(if b.text.starts_with(&prefix) { prefix.len() } else { 0 }))
            }
            (role, _) => role,
        };
        roles.push(role);
    }
    // `#### Answer Q1` then `**Q1 답변.** ...`: a paragraph that names the question the answer
    // heading just opened is a label of that answer, not the question's own section.
    let mut last_answer: Option<usize> = None;
    for role in roles.iter_mut() {
        match role {
            Role::Start(Marker::Answer(n), level, _) if *level < 7 => last_answer = Some(*n),
            // So is a title heading that carries it ("#### Answer Q1" then "# q1-memory").
            Role::Start(Marker::Question(n) | Marker::Numbered(n), _, _) if last_answer == Some(*n) => {
                *role = Role::Content
            }
            Role::Start(..) | Role::OtherHeading(_) => last_answer = None,
            Role::Content => {}
        }
    }
    // `#### Answer Q1` then "- A1. `Summary` is a string. - A2. ...": under a heading that
    // already names the question, a bare `A1` label numbers the candidate's own points
    // (assumptions, steps), not answers to questions 1 and 2.
    let mut under_heading = false;
    for (b, role) in blocks.iter().zip(roles.iter_mut()) {
        match role {
            Role::Start(Marker::Answer(_) | Marker::Question(_), level, _) if *level < 7 => under_heading = true,
            Role::Start(Marker::Answer(_), 7, _) if under_heading && bare_answer_label(&b.text) => {
                *role = Role::Content
            }
            Role::Start(..) | Role::OtherHeading(_) => under_heading = false,
            Role::Content => {}
        }
    }
    let has_named = roles.iter().any(|r| matches!(r, Role::Start(Marker::Answer(_) | Marker::Question(_), _, _)));
    let has_numbered = roles.iter().any(|r| matches!(r, Role::Start(Marker::Numbered(_), _, _)));
    let has_answer_markers = roles.iter().any(|r| matches!(r, Role::Start(Marker::Answer(_), _, _)));

    // Pass 2: sections.
    let mut sections: Vec<Section> = Vec::new();
    let mut current: Option<Section> = None;
    let mut orphan_after: Option<(usize, String)> = None; // heading that ended an answer
    let mut seen_marker = false;
    // Prose before the first answer: a preface, or a discursive body the labelled answers recap.
    let mut preamble: Vec<Block> = Vec::new();
    // Whether the answer being read was opened by a list item (`4. ...`) or a numbered paragraph
    // (`(4) Ring`): a list inside a paragraph-numbered answer numbers its own points.
    let mut opened_by_list: Option<bool> = None;
    for (b, role) in blocks.iter().zip(roles) {
        let role = match role {
            Role::Start(Marker::Numbered(n), level, rest) if !has_named => {
                Role::Start(Marker::Question(n), level, rest)
            }
            Role::Start(Marker::Numbered(_), level, _) => Role::OtherHeading(level),
            Role::Start(Marker::Item(_), _, _)
                if b.item.is_some() && current.is_some() && opened_by_list == Some(false) =>
            {
                Role::Content
            }
            Role::Start(Marker::Item(n), level, rest) if !has_named && !has_numbered => {
                opened_by_list = Some(b.item.is_some());
                Role::Start(Marker::Question(n), level, rest)
            }
            Role::Start(Marker::Item(_), _, _) => Role::Content,
            other => other,
        };
        match role {
            Role::Start(marker, level, rest) => {
                let (number, kind) = match marker {
                    Marker::Answer(n) => (n, SectionKind::Answer),
                    Marker::Question(n) | Marker::Numbered(n) | Marker::Item(n) => (n, SectionKind::Question),
                };
                if let Some(s) = current.take() {
                    sections.push(s);
                }
                seen_marker = true;
                orphan_after = None;
                if !known.contains(&number) {
                    warnings.push(format!(
                        "{}: `{}` names no question of this assessment ({range}); its text was not graded",
                        at(b.line),
                        b.text.trim()
                    ));
                    orphan_after = Some((b.line, "an unknown question".into()));
                    continue;
                }
                let mut section = Section { number, kind, line: b.line, level, blocks: Vec::new() };
                if let Some(offset) = rest {
                    let tail = b.tail(offset);
                    if !tail.is_blank() {
                        section.blocks.push(tail);
                    }
                }
                current = Some(section);
            }
            Role::OtherHeading(level) => {
                // "#### Answer Q4" then "### Consistent Hashing: The Ring Is the Season's
                // Must-Have": a headline straight under an answer heading is that answer's title,
                // unless it opens a part of the sheet.
                let headline = current.as_ref().is_some_and(|s| s.kind == SectionKind::Answer && s.blocks.is_empty())
                    && !b.text.trim_start_matches(['#', ' ']).to_lowercase().starts_with("part");
                let ends = current.as_ref().is_some_and(|s| level <= s.level) && !headline;
                if ends {
                    if let Some(s) = current.take() {
                        sections.push(s);
                    }
                    orphan_after = Some((b.line, b.text.trim().to_string()));
                } else if let Some(s) = current.as_mut() {
                    s.blocks.push(b.clone());
                } else if seen_marker {
                    orphan_after = Some((b.line, b.text.trim().to_string()));
                }
            }
            Role::Content => {
                if is_sheet_marker(&b.text) {
                    continue;
                }
                if let Some(s) = current.as_mut() {
                    s.blocks.push(b.clone());
                } else if !seen_marker {
                    preamble.push(b.clone());
                } else if let Some((_, heading)) = &orphan_after {
                    let copied = prompts.iter().any(|p| p.is_copy(&b.text, false));
                    if !copied && b.words() >= 5 && seen_marker {
                        warnings.push(format!(
                            "{}: text after `{heading}` is not under any answer heading and was not graded; \
                             put it under `### Answer Qn`",
                            at(b.line)
                        ));
                    }
                }
            }
        }
    }
    if let Some(s) = current.take() {
        sections.push(s);
    }
    // When the markers leave questions unanswered, other readings of the sheet are tried, and
    // the first that finds the most answers (more than the markers did) is kept:
    // - the question's number on a line: commit messages (`fix(q3):`), an outline (`A. Q3`), a
    //   numbered thread (`3/10`), an appendix (`A.3`), `ADR-003`;
    // - headings that name a question's topic ("## Consistent hashing and node failure"), in
    //   any order;
    // - exactly one heading per question at one level, in order (`## One` .. `## Ten`), unless
    //   the headings' topics say otherwise.
    let covered = |sections: &[Section]| sections.iter().map(|s| s.number).collect::<HashSet<_>>().len();
    let mut read_otherwise = false;
    let mut by_paragraphs = false;
    let marked = covered(&sections);
    if marked < prompts.len() {
        let readings = [
            line_marker_sections(text, prompts),
            Some(topic_sections(&blocks, prompts)),
            ordinal_sections(&blocks, prompts),
        ];
        for reading in readings.into_iter().flatten() {
            if covered(&reading) > covered(&sections) {
                sections = reading;
                read_otherwise = true;
            }
        }
        // Nothing on the sheet names its questions: the answers are paragraphs in order, told
        // apart by what each is about. A guess, so every answer is flagged for a look.
        if marked == 0 && covered(&sections) * 2 < prompts.len() {
            if let Some(reading) = paragraph_sections(&blocks, prompts) {
                if covered(&reading) > covered(&sections) {
                    sections = reading;
                    read_otherwise = true;
                    by_paragraphs = true;
                    warnings.push(format!(
                        "{}: no question labels found; each paragraph was matched to a question by its \
                         order and topic: check the matching, or label each answer `### Answer Qn`",
                        path.display()
                    ));
                }
            }
        }
        if read_otherwise {
            warnings.retain(|w| !w.contains("is not under any answer heading") && !w.contains("names no question"));
        }
    }
    // A discursive body longer than the labelled answers after it ("think aloud, then a recap"):
    // each of its paragraphs that is clearly about one question joins that question's answer.
    let words_in = |bs: &[Block]| bs.iter().map(Block::words).sum::<usize>();
    let answered_words: usize = sections.iter().map(|s| words_in(&s.blocks)).sum();
    let mut body_matched = false;
    if !read_otherwise && !sections.is_empty() && words_in(&preamble) > answered_words {
        let body = topic_paragraphs(&preamble, prompts);
        if body.len() >= 2 {
            if let Some(first) = body.first() {
                warnings.push(format!(
                    "{}: the text before the first answer was matched to questions by topic and graded with \
                     their answers; check the matching",
                    at(first.line)
                ));
            }
            sections.extend(body);
            body_matched = true;
        }
    }
    let has_named = has_named || read_otherwise;
    if !has_named && sections.is_empty() && blocks.iter().any(|b| b.words() > 0) {
        warnings.push(format!(
            "{}: no answer headings found; start each answer with a heading such as `### Answer Q1` or `## Q1`",
            path.display()
        ));
    }

    // Pass 3: each question's text.
    let mut answers = Vec::new();
    for p in prompts {
        let mine: Vec<&Section> = sections.iter().filter(|s| s.number == p.number).collect();
        let answer_sections: Vec<&Section> = mine.iter().copied().filter(|s| s.kind == SectionKind::Answer).collect();
        let has_own_answer = !answer_sections.is_empty();
        let chosen: Vec<&Section> = if has_own_answer {
            answer_sections
        } else {
            mine.iter().copied().filter(|s| s.kind == SectionKind::Question).collect()
        };
        let mut sentences = Vec::new();
        let mut words = 0;
        let (mut prose_blocks, mut term_blocks) = (0usize, 0usize);
        let mut with_text = Vec::new();
        for s in &chosen {
            // Under `Answer Qn` only near-verbatim copies are dropped; under a `Qn` heading
            // (which may hold the question itself) anything that reads like the question is.
            let strict = s.kind == SectionKind::Answer || !has_answer_markers && !looks_like_prompt_section(s, p);
            let mut any = false;
            for b in &s.blocks {
                if b.kind == BlockKind::Code {
                    let kept: Vec<Sentence> =
                        b.sentences().into_iter().filter(|c| !p.lines.contains(c.text.trim())).collect();
                    if !kept.is_empty() {
                        any = true;
                        sentences.extend(kept);
                    }
                    continue;
                }
                if p.is_copy(&b.text, strict) {
                    continue;
                }
                if !b.is_blank() {
                    prose_blocks += 1;
                    term_blocks += usize::from(defines_a_term(b, prompts));
                }
                any = true;
                words += b.words();
                sentences.extend(b.sentences());
            }
            if any {
                with_text.push(s.line);
            }
        }
        // Text from several places (but a discursive body's paragraphs, said once above).
        let scattered = if with_text.len() > 1 && !body_matched { with_text.clone() } else { Vec::new() };
        if !scattered.is_empty() {
            warnings.push(format!(
                "{}: Q{} is answered in {} places (lines {}); the parts were graded together",
                at(with_text[0]),
                p.number,
                with_text.len(),
                with_text.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")
            ));
        }
        // Notes written into the question's own text ("... LIMIT 1 FOR UPDATE` [→ all 50 go
        // for the same row]") when the answer below points back to them.
        let beside = if has_own_answer { mine.as_slice() } else { &[] };
        for s in beside.iter().filter(|s| s.kind == SectionKind::Question) {
            for b in s.blocks.iter().filter(|b| b.kind != BlockKind::Code) {
                for note in annotations(b, p) {
                    if with_text.last() != Some(&s.line) {
                        with_text.push(s.line);
                    }
                    words += note.words();
                    sentences.extend(note.sentences());
                }
            }
        }
        // An answer typed wholly in a fence (a trace, a log, a form, a docstring): when its lines
        // are words, they are the candidate's statements, not code that merely names options.
        if prose_blocks == 0 && !sentences.is_empty() {
            let code: Vec<&Block> =
                chosen.iter().flat_map(|s| &s.blocks).filter(|b| b.kind == BlockKind::Code).collect();
            let read: Option<Vec<Vec<String>>> = code.iter().map(|b| code_as_statements(&b.text)).collect();
            if let Some(read) = read {
                let mut prose = Vec::new();
                for (b, lines) in code.iter().zip(read) {
                    for block in wrapped_line_blocks(&lines.join("\n"), b.line, 40) {
                        if !p.is_copy(&block.text, true) {
                            words += block.words();
                            prose.extend(block.sentences());
                        }
                    }
                }
                if !prose.is_empty() {
                    sentences.retain(|s| !s.code);
                    prose.append(&mut sentences);
                    sentences = prose;
                }
            }
        }
        let sentences = revised(sentences, &repeated_labels);
        let glossary = prose_blocks >= 2 && term_blocks == prose_blocks;
        let line = with_text.first().copied().or_else(|| chosen.first().map(|s| s.line));
        let status = if chosen.is_empty() {
            AnswerStatus::Missing
        } else if sentences.is_empty() {
            AnswerStatus::Empty
        } else {
            AnswerStatus::Answered
        };
        answers.push(FoundAnswer { status, line, sentences, words, glossary, scattered });
    }
    ParsedSheet { answers, warnings, by_paragraphs }
}

/// The candidate's notes inside a copy of the question: bracketed spans of three words or more
/// that are not the question's own words, or that open with an arrow (`[→ SKIP LOCKED]`).
fn annotations(b: &Block, p: &Prompt) -> Vec<Block> {
    let mut notes = Vec::new();
    let text = &b.text;
    let mut from = 0;
    while let Some(open) = text[from..].find('[').map(|i| from + i) {
        let Some(close) = text[open..].find(']').map(|i| open + i) else { break };
        from = close + 1;
        let inner = text[open + 1..close].trim();
        let body = inner.trim_start_matches(['→', '⇒', '-', '=', '>', ' ']);
        let arrow = body.len() < inner.len();
        let words = plain_words(body);
        let foreign = words.iter().filter(|w| !p.words.contains(*w)).count();
        if !body.is_empty() && (arrow || words.len() >= 3 && foreign * 2 > words.len()) {
            let mut note = Block::new(BlockKind::Prose, b.line_at(open));
            note.push(body, b.line_at(open));
            note.strong_only = false;
            notes.push(note);
        }
    }
    notes
}

/// How a line names the question its answer starts with. Kinds are compared by how many
/// questions they name on a sheet; on a tie the earlier kind wins.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum LineMarker {
    /// `Q3`, `q3`, `Question 3`, anywhere near the start: `fix(q3):`, `q3/handler.go`,
    /// `A. Q3 - Escape analysis`, `Re Q3:`, `TICKET-12 / Q3`.
    Q,
    /// `A.3`, `A3`: an appendix or answer number.
    A,
    /// `3/10`: a numbered thread.
    OfTotal,
    /// A label and a number opening the line: `ADR-003`, `PROBLEM 3 of 10`, `Item 3 -`,
    /// `Task #3`; each label is a kind of its own.
    Labelled(String),
    /// `3.` or `3)` at the very start of an unindented line.
    Number,
    /// `(c)` or `c)` opening the line: the third question, on a sheet that letters its answers.
    Letter,
    /// `2b)` opening the line: part 2's second question (read as `part * 100 + item` until the
    /// parts are known).
    PartItem,
    /// `"3","Escape analysis","..."` or `3<TAB>...`: a spreadsheet row whose first cell is the
    /// question's number.
    Cell,
}

/// Where a line names a question: the kind, the number and the byte offset after the marker.
fn line_markers(line: &str, total: usize) -> Vec<(LineMarker, usize, usize)> {
    // Decoration before the words: indentation, markup, emoji, an outline label (`A.`, `IV.`).
    let mut start = line.len() - line.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
    let indented = line.starts_with([' ', '\t']);
    let mut out = Vec::new();
    // `[3] ...` opening an unindented line, as a reference list numbers its entries.
    if !indented {
        if let Some(inner) = line.strip_prefix('[') {
            let d = inner.bytes().take_while(u8::is_ascii_digit).count();
            if (1..=2).contains(&d) && inner[d..].starts_with(']') {
                out.push((LineMarker::Number, inner[..d].parse().unwrap_or(0), 1 + d + 1));
            }
        }
    }
    if !indented && start == 0 {
        if let Some((n, used)) = bare_number_prefix(line).or_else(|| {
            // `3.`, `3)`, `3-` and then the answer (or nothing: an answer left blank).
            let digits = line.bytes().take_while(u8::is_ascii_digit).count();
            let sep = line[digits..].chars().next();
            let after = line.get(digits + 1..).unwrap_or("");
            (digits > 0
                && digits <= 2
                && (matches!(sep, Some('.' | ')')) && after.starts_with(' ')
                    || sep == Some('-') && (after.starts_with(' ') || after.trim().is_empty())))
            .then(|| (line[..digits].parse().unwrap_or(0), digits + 1))
        }) {
            out.push((LineMarker::Number, n, used));
        }
    }
    // `#3` on a line of its own or before the answer: a number sign, not a Markdown heading.
    if let Some(rest) = line.strip_prefix('#') {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if (1..=2).contains(&digits) && rest[digits..].chars().next().is_none_or(|c| c == ' ' || c == ':') {
            out.push((LineMarker::Number, rest[..digits].parse().unwrap_or(0), 1 + digits));
        }
    }
    // `"3",` / `3;` / `3<TAB>` opening a line: a spreadsheet export's row.
    if !indented {
        let quoted = line.starts_with('"');
        let inner = if quoted { &line[1..] } else { line };
        let d = inner.bytes().take_while(u8::is_ascii_digit).count();
        let after = &inner[d..];
        let after = if quoted { after.strip_prefix('"').unwrap_or("x") } else { after };
        if (1..=2).contains(&d) && after.starts_with([',', ';', '\t']) {
            // Short cells after the number (the part, the topic) are labels; the answer is the
            // long cell after them.
            let sep = after.as_bytes()[0] as char;
            let mut at = line.len() - after.len() + 1;
            loop {
                let rest = &line[at..];
                let cell = rest.trim_start_matches('"');
                let end = cell.find(&format!("\"{sep}")).or_else(|| (!quoted).then(|| cell.find(sep)).flatten());
                match end {
                    Some(e) if e <= 60 => {
                        at = line.len() - cell.len() + e + 1 + usize::from(cell[e..].starts_with('"'))
                    }
                    _ => break,
                }
            }
            let rest = &line[at..];
            at += rest.len() - rest.trim_start_matches(['"', ' ']).len();
            out.push((LineMarker::Cell, inner[..d].parse().unwrap_or(0), at));
        }
    }
    // A part's number and its item's letter, or a letter alone, opening an unindented line.
    if !indented {
        let t = line.trim_start_matches(['*', '_', '#', ' ']);
        let inner = t.strip_prefix('(').unwrap_or(t);
        // `2b)`, `(2b)`, `2b.`: part 2's second question.
        let b = inner.as_bytes();
        if b.len() >= 2 && (b'1'..=b'9').contains(&b[0]) && b[1].is_ascii_lowercase() {
            let after = &inner[2..];
            let after = after.strip_prefix([')', '.', ':']).unwrap_or(after);
            if after.is_empty() || after.starts_with([' ', '*', '_']) {
                let item = (b[0] - b'0') as usize * 100 + (b[1] - b'a') as usize + 1;
                out.push((LineMarker::PartItem, item, line.len() - after.len()));
            }
        }
        // `(c)`, `c)`: the third question.
        let mut chars = inner.chars();
        if let (Some(c @ 'a'..='z'), Some(')')) = (chars.next(), chars.next()) {
            let after = chars.as_str();
            if after.is_empty() || after.starts_with([' ', '*', '_']) {
                let used = line.len() - after.len();
                out.push((LineMarker::Letter, (c as u8 - b'a') as usize + 1, used));
            }
        }
    }
    let rest = &line[start..];
    // `3/10 ...` in a thread.
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits <= 2 {
        if let Some(after) = rest[digits..].strip_prefix('/') {
            let of = after.bytes().take_while(u8::is_ascii_digit).count();
            if after[..of].parse::<usize>().ok() == Some(total) {
                out.push((LineMarker::OfTotal, rest[..digits].parse().unwrap_or(0), start + digits + 1 + of));
            }
        }
    }
    // `Subject: Re: [ASSESSMENT 04/10] The Load Balancer Logic`: a thread's count in a tag.
    if out.iter().all(|(k, _, _)| *k != LineMarker::OfTotal) && line.len() <= 120 {
        let of = format!("/{total}]");
        if let Some(i) = line.find(&of) {
            let digits = line[..i].bytes().rev().take_while(u8::is_ascii_digit).count();
            let before = line[..i - digits].chars().next_back();
            if (1..=2).contains(&digits) && before.is_some_and(|c| c == ' ' || c == '[') {
                out.push((LineMarker::OfTotal, line[i - digits..i].parse().unwrap_or(0), i + of.len()));
            }
        }
    }
    // `A.3` / `A3` opening the line.
    let b = rest.as_bytes();
    if b.len() > 1 && b[0].eq_ignore_ascii_case(&b'a') {
        let skip = if b[1] == b'.' { 2 } else { 1 };
        let d = rest[skip..].bytes().take_while(u8::is_ascii_digit).count();
        if d > 0 && d <= 2 && !rest[skip + d..].starts_with(|c: char| c.is_alphanumeric() || c == '.') {
            out.push((LineMarker::A, rest[skip..skip + d].parse().unwrap_or(0), start + skip + d));
        }
    }
    // `ADR-003 —`, `PROBLEM 3 of 10`, `Item 3:`: a short label, then the number, then no more
    // digits or letters (`Item 3.5`, `step 3a` are not answers). `Part 2` groups questions, as
    // the blank sheet's own headings do.
    let word: String = rest.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    if (2..=12).contains(&word.len())
        && !matches!(word.to_ascii_lowercase().as_str(), "q" | "question" | "answer" | "part")
    {
        let after = &rest[word.len()..];
        let num_at = after.len() - after.trim_start_matches([' ', '-', '#', '_', '.']).len();
        let d = after[num_at..].bytes().take_while(u8::is_ascii_digit).count();
        let tail = &after[num_at + d..];
        if d > 0
            && d <= 3
            && num_at <= 2
            && !tail.starts_with(|c: char| {
                c.is_alphanumeric() || c == '.' && tail.len() > 1 && tail.as_bytes()[1].is_ascii_digit()
            })
        {
            let n: usize = after[num_at..num_at + d].parse().unwrap_or(0);
            out.push((LineMarker::Labelled(word.to_ascii_lowercase()), n, start + word.len() + num_at + d));
        }
    }
    // An outline label (`A.`, `IV.`, `b)`) is furniture before a `Q3`.
    let label = rest.split_once(['.', ')']).filter(|(l, _)| l.len() <= 4 && l.chars().all(char::is_alphabetic));
    if let Some((l, _)) = label {
        start += l.len() + 1;
    }
    // `Q3` within the first words: not after a sentence has begun (`same as Q3`).
    let lower = line.to_ascii_lowercase();
    let mut window = lower.len().min(start + 40);
    while !lower.is_char_boundary(window) {
        window -= 1;
    }
    let mut seen = HashSet::new();
    let mut at = start;
    while let Some(i) = lower[at..window].find('q').map(|i| at + i) {
        at = i + 1;
        let before = lower[..i].chars().next_back();
        if before.is_some_and(char::is_alphanumeric) {
            continue;
        }
        let mut c = Cursor { s: &lower, at: i };
        if !(c.word("question") || c.word("q") || {
            c.at += 1;
            true
        }) {
            continue;
        }
        c.skip(&['#', '.']);
        let Some(n) = c.number() else { continue };
        if c.rest().starts_with(|ch: char| ch.is_alphanumeric()) {
            continue;
        }
        seen.insert(n);
        if out.iter().all(|(k, _, _)| *k != LineMarker::Q) {
            out.push((LineMarker::Q, n, c.at));
        }
    }
    // `**escape** *v.* (of a variable, in Go) [answers **Q3**]`: a title line that ends on the
    // question it answers, as a tag.
    if seen.is_empty() && line.len() <= 100 && line.split_whitespace().count() <= 14 {
        let t = lower.trim_end_matches([']', ')', '*', '_', ' ', ':']);
        let digits = t.bytes().rev().take_while(u8::is_ascii_digit).count();
        let head = &t[..t.len() - digits];
        if (1..=2).contains(&digits)
            && head.ends_with('q')
            && !head[..head.len() - 1].chars().next_back().is_some_and(char::is_alphanumeric)
            && head.contains(['[', '('])
        {
            let n: usize = t[t.len() - digits..].parse().unwrap_or(0);
            seen.insert(n);
            out.push((LineMarker::Q, n, line.len()));
        }
    }
    // `Q1-Q10`, `Q1 and Q3`: a line about several questions opens none of them.
    if seen.len() > 1 {
        out.retain(|(k, _, _)| *k != LineMarker::Q);
    }
    out
}

/// The part a line names: `Part B`, `Part 2`, `Part II`, `Teil 2`, `Partie 2` at its start
/// (after markup).
fn part_named(line: &str) -> Option<usize> {
    let t = line.trim_start_matches(|c: char| !c.is_alphanumeric());
    let lower = t.to_lowercase();
    let rest = ["part ", "teil ", "partie ", "parte ", "część ", "deel "].iter().find_map(|w| lower.strip_prefix(w))?;
    let label: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
    let after = rest[label.len()..].chars().next();
    if after.is_some_and(char::is_alphanumeric) {
        return None;
    }
    match label.as_str() {
        l if l.len() == 1 && l.chars().all(|c| c.is_ascii_lowercase()) => Some((l.as_bytes()[0] - b'a') as usize + 1),
        "i" => Some(1),
        "ii" => Some(2),
        "iii" => Some(3),
        "iv" => Some(4),
        "v" => Some(5),
        l => l.parse().ok().filter(|&n: &usize| (1..=9).contains(&n)),
    }
}

/// When a kind of marker numbers the questions again in each part (its numbers repeat, and each
/// part's stay within the part's size), its numbers become the questions': the k-th of part p.
fn renumber_by_part(seen: &mut [(LineMarker, usize, usize, usize)], parts: &[usize], prompts: &[Prompt]) {
    let size = |p: usize| prompts.iter().filter(|q| q.part == p).count();
    let kinds: Vec<LineMarker> =
        seen.iter().map(|s| s.0.clone()).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    for kind in kinds {
        let idx: Vec<usize> = (0..seen.len()).filter(|&i| seen[i].0 == kind).collect();
        let numbers: Vec<usize> = idx.iter().map(|&i| seen[i].1).collect();
        let repeats = numbers.iter().collect::<HashSet<_>>().len() < numbers.len();
        let within = idx.iter().all(|&i| parts[i] > 0 && size(parts[i]) > 0 && seen[i].1 <= size(parts[i]));
        let several_parts = idx.iter().map(|&i| parts[i]).collect::<HashSet<_>>().len() >= 2;
        if !(repeats && within && several_parts) {
            continue;
        }
        for &i in &idx {
            let k = seen[i].1;
            if let Some(q) = prompts.iter().filter(|q| q.part == parts[i]).nth(k - 1) {
                seen[i].1 = q.number;
            }
        }
    }
}

/// Sections cut at the lines that name questions, with the kind of line marker that names the
/// most questions. `None` when no kind names at least two.
fn line_marker_sections(text: &str, prompts: &[Prompt]) -> Option<Vec<Section>> {
    let known: HashSet<usize> = prompts.iter().map(|p| p.number).collect();
    let lines: Vec<&str> = text.lines().collect();
    let mut fence = false;
    // Every (kind, number) with the lines naming it, in order.
    // kind, number, line index, offset
    let mut seen: Vec<(LineMarker, usize, usize, usize)> = Vec::new();
    // Sheets that number the questions again in each part ("Part B, question 1", or a `Part 2`
    // heading and then `1.` again): each marker's part, to turn its number into the question's.
    let mut parts: Vec<usize> = Vec::new();
    let mut part = 0usize;
    // Which lines sit inside a fenced block: a sheet typed as one (a Gherkin feature, a console
    // session) has its answers there.
    let mut fenced_lines = vec![false; lines.len()];
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
            continue;
        }
        fenced_lines[i] = fence;
        if let Some(p) = part_named(line) {
            part = p;
        }
        for (kind, n, used) in line_markers(line, prompts.len()) {
            // Inside code only the `Q` kind: a commit message's `fix(q3):`, not a code line's `1.`.
            // Numbers are checked against the questions once parts have renumbered them.
            if n >= 1 && (!fence || kind == LineMarker::Q) {
                seen.push((kind, n, i, used));
                parts.push(part);
            }
        }
    }
    renumber_by_part(&mut seen, &parts, prompts);
    for s in seen.iter_mut().filter(|s| s.0 == LineMarker::PartItem) {
        let (part, item) = (s.1 / 100, s.1 % 100);
        s.1 = prompts.iter().filter(|q| q.part == part).nth(item.wrapping_sub(1)).map_or(0, |q| q.number);
    }
    seen.retain(|s| known.contains(&s.1));
    let kinds: std::collections::BTreeSet<&LineMarker> = seen.iter().map(|s| &s.0).collect();
    let coverage = |k: &LineMarker| seen.iter().filter(|s| &s.0 == k).map(|s| s.1).collect::<HashSet<_>>().len();
    let kind = kinds.into_iter().max_by_key(|&k| (coverage(k), std::cmp::Reverse(k)))?.clone();
    if coverage(&kind) < 2 {
        return None;
    }
    let mut of_kind: Vec<(usize, usize, usize)> =
        seen.iter().filter(|s| s.0 == kind).map(|&(_, n, line, used)| (n, line, used)).collect();
    // A table of contents or a status board first (`| Q1 | THE MEMORY LEAK | DEPARTED |` on
    // consecutive lines), the answers after it under the same names: the answers start at the
    // second naming.
    let mut first_lines: Vec<(usize, usize)> = Vec::new();
    for &(n, line, _) in &of_kind {
        if first_lines.iter().all(|f| f.0 != n) {
            first_lines.push((n, line));
        }
    }
    let (lo, hi) = (first_lines.iter().map(|f| f.1).min(), first_lines.iter().map(|f| f.1).max());
    if let (Some(lo), Some(hi)) = (lo, hi) {
        let compact = first_lines.len() >= 4 && hi - lo < 2 * first_lines.len();
        let named_again = first_lines.iter().filter(|f| of_kind.iter().any(|o| o.0 == f.0 && o.1 > hi)).count();
        if compact && named_again * 10 >= first_lines.len() * 8 {
            of_kind.retain(|o| o.1 > hi);
        }
    }
    // Each question's first line, unless a later one keeps the sheet's order (a reference to a
    // later question from an earlier answer is not its start).
    let mut firsts: Vec<(usize, usize, usize)> = Vec::new();
    for &(n, line, used) in &of_kind {
        if firsts.iter().all(|f| f.0 != n) {
            firsts.push((n, line, used));
        }
    }
    let ascending = firsts.windows(2).filter(|w| w[1].0 > w[0].0).count();
    let mut starts = if ascending * 10 >= firsts.len().saturating_sub(1) * 7 {
        let mut numbers: Vec<usize> = firsts.iter().map(|f| f.0).collect();
        numbers.sort_unstable();
        let mut chosen = Vec::new();
        let mut after = 0usize;
        for n in numbers {
            let pick = of_kind
                .iter()
                .find(|&&(m, line, _)| m == n && (chosen.is_empty() || line > after))
                .or_else(|| of_kind.iter().find(|&&(m, _, _)| m == n));
            if let Some(&(m, line, used)) = pick {
                after = after.max(line);
                chosen.push((m, line, used));
            }
        }
        chosen
    } else {
        firsts
    };
    starts.sort_by_key(|s| s.1);
    starts.dedup_by_key(|s| s.1);
    let mut sections = Vec::new();
    for (k, &(number, line, used)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(lines.len(), |s| s.1);
        let mut body = String::from(lines[line].get(used..).unwrap_or(""));
        for l in &lines[line + 1..end] {
            body.push('\n');
            // A part's heading between two answers belongs to neither (the line stays, blank,
            // so line numbers hold).
            if part_named(l).is_none() || l.split_whitespace().count() > 8 {
                body.push_str(l);
            }
        }
        // Inside a fence, prose typed a statement per line (`Given ...`, `Then ...`) is read
        // a line at a time; anything else as Markdown.
        let fenced_prose = fenced_lines[line] && reads_as_prose(&body);
        // Anything else in a fence is read as Markdown, where each `# ` comment line is a
        // heading of its own: a comment wrapped over lines is joined first, or it became
        // fragments ("refill 100 tokens per" / "second").
        let parsed = if fenced_prose {
            line_blocks(&body, 1)
        } else if fenced_lines[line] {
            blocks(&wrapped_comments_joined(&body))
        } else {
            blocks(&body)
        };
        let blocks = parsed
            .into_iter()
            .map(|mut b| {
                b.line += line;
                for piece in &mut b.pieces {
                    piece.1 += line;
                }
                b
            })
            .filter(|b| !b.is_blank())
            .collect();
        sections.push(Section { number, kind: SectionKind::Question, line: line + 1, level: 7, blocks });
    }
    Some(sections)
}

/// `text` with each `# ` comment line that runs on into the next (`# refill 100 tokens per` /
/// `# second, one token ...`: no full stop, the next opening in lower case) joined to it; the
/// line it took is left blank, so line numbers hold.
fn wrapped_comments_joined(text: &str) -> String {
    fn comment(l: &str) -> Option<&str> {
        l.trim_start().strip_prefix("# ").map(str::trim)
    }
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    // The line the text joins onto: the last one of the comment being read.
    let mut into: Option<usize> = None;
    for k in 0..lines.len() {
        let Some(words) = comment(&lines[k]).map(str::to_string) else {
            into = None;
            continue;
        };
        let runs_on = into.is_some_and(|at| {
            !lines[at].trim_end().ends_with(['.', '!', '?', ':', ';'])
                && words.chars().next().is_some_and(char::is_lowercase)
        });
        match into {
            Some(at) if runs_on => {
                lines[at].push(' ');
                lines[at].push_str(&words);
                lines[k].clear();
            }
            _ => into = Some(k),
        }
    }
    lines.join("\n")
}

/// A word's light stem for topic matching (`channels` is `channel`).
fn topic_stem(word: &str) -> String {
    let w = word.to_lowercase();
    for (suffix, keep) in [("ing", 4), ("ed", 4), ("s", 3)] {
        if let Some(stem) = w.strip_suffix(suffix) {
            if stem.len() >= keep && !stem.ends_with('s') {
                return stem.to_string();
            }
        }
    }
    w
}

/// Words of a sheet's own headings ("Written assessment: answers"), never a topic.
const SHEET_WORDS: &[&str] =
    &["written", "assessment", "answer", "question", "candidate", "sheet", "part", "section", "note", "summary"];

/// The question a heading names by its topic: the one sharing the most distinctive words with
/// the heading (words weighted by how few questions use them), clearly ahead of the next.
fn topic_of(heading: &str, prompts: &[Prompt]) -> Option<usize> {
    clear_topic(heading, prompts, (prompts.len() as f64 / 2.0).ln())
}

/// The question a text is clearly about: it shares at least `min` with that question's topic
/// and half as much again as with any other.
fn clear_topic(text: &str, prompts: &[Prompt], min: f64) -> Option<usize> {
    let mut scores: Vec<(f64, usize)> =
        topic_weights(text, prompts).into_iter().zip(prompts).map(|(w, p)| (w, p.number)).collect();
    scores.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (best, number) = scores.first().copied()?;
    let second = scores.get(1).map_or(0.0, |s| s.0);
    (best >= min && best >= 1.5 * second).then_some(number)
}

/// How much of each question's topic a text shares: its distinctive words, each weighted by
/// how few questions use it (in the order of `prompts`).
fn topic_weights(text: &str, prompts: &[Prompt]) -> Vec<f64> {
    let words: HashSet<String> = plain_words(text).iter().map(|w| topic_stem(w)).collect();
    let n = prompts.len() as f64;
    prompts
        .iter()
        .map(|p| {
            words
                .iter()
                .filter(|w| w.len() > 2 && p.topic.contains(*w) && !SHEET_WORDS.contains(&w.as_str()))
                .map(|w| (n / prompts.iter().filter(|o| o.topic.contains(w)).count() as f64).ln())
                .sum::<f64>()
        })
        .collect()
}

/// Sections opened by headings that name a question's topic; a heading of the same or a higher
/// level that names none ends one.
fn topic_sections(blocks: &[Block], prompts: &[Prompt]) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    let mut current: Option<Section> = None;
    for b in blocks {
        let level = match b.kind {
            BlockKind::Heading(level) => Some(level),
            BlockKind::Prose if b.strong_only && b.words() <= 10 => Some(7),
            _ => None,
        };
        if let Some(level) = level {
            if let Some(number) = topic_of(&b.text, prompts) {
                sections.extend(current.take());
                current =
                    Some(Section { number, kind: SectionKind::Question, line: b.line, level, blocks: Vec::new() });
                continue;
            }
            if current.as_ref().is_some_and(|s| level <= s.level) {
                sections.extend(current.take());
                continue;
            }
        }
        if let Some(s) = current.as_mut() {
            s.blocks.push(b.clone());
        }
    }
    sections.extend(current);
    sections
}

/// A sheet's paragraphs, each with the lists and code that follow it; headings, sheet
/// furniture and copies of a question are left out.
fn paragraph_units<'a>(blocks: &'a [Block], prompts: &[Prompt]) -> Vec<Vec<&'a Block>> {
    let mut units: Vec<Vec<&Block>> = Vec::new();
    for b in blocks {
        let furniture = matches!(b.kind, BlockKind::Heading(_))
            || b.kind == BlockKind::Prose && b.strong_only && b.words() <= 10
            || is_sheet_marker(&b.text)
            || prompts.iter().any(|p| p.is_copy(&b.text, false));
        if furniture {
            continue;
        }
        let opens = b.kind == BlockKind::Prose && b.item.is_none() && b.words() >= 3;
        match units.last_mut() {
            Some(unit) if !opens => unit.push(b),
            _ => units.push(vec![b]),
        }
    }
    units
}

fn unit_text(unit: &[&Block]) -> String {
    unit.iter().map(|b| b.text.as_str()).collect::<Vec<_>>().join("\n")
}

fn unit_section(unit: &[&Block], number: usize) -> Section {
    Section {
        number,
        kind: SectionKind::Question,
        line: unit[0].line,
        level: 7,
        blocks: unit.iter().map(|&b| b.clone()).collect(),
    }
}

/// Sections from a sheet of unlabelled paragraphs: each paragraph (with the lists and code that
/// follow it) goes to a question, in the questions' order, a later paragraph never to an earlier
/// question; where several orders fit, the one whose paragraphs share most with their questions'
/// topics wins, and a paragraph with no topic of its own opens the next question. `None` when
/// the sheet has fewer paragraphs than half the questions, or headings enough for half of them
/// (then the headings, not the paragraphs, divide the answers).
fn paragraph_sections(blocks: &[Block], prompts: &[Prompt]) -> Option<Vec<Section>> {
    let headings = blocks.iter().filter(|b| matches!(b.kind, BlockKind::Heading(l) if l > 1)).count();
    let units = paragraph_units(blocks, prompts);
    let (n, m) = (units.len(), prompts.len());
    if headings * 2 >= m || n * 2 < m || m == 0 {
        return None;
    }
    // How well each paragraph fits each question, relative to the paragraph's best fit.
    let fit: Vec<Vec<f64>> = units
        .iter()
        .map(|unit| {
            let w = topic_weights(&unit_text(unit), prompts);
            let best = w.iter().copied().fold(0.0, f64::max);
            w.into_iter().map(|x| if best > 0.0 { x / best } else { 0.0 }).collect()
        })
        .collect();
    // Opening a question is worth a little, so paragraphs spread over the questions when their
    // topics do not say otherwise.
    const OPEN: f64 = 0.5;
    let mut score = vec![vec![f64::NEG_INFINITY; m]; n];
    let mut from = vec![vec![usize::MAX; m]; n];
    for j in 0..m {
        score[0][j] = fit[0][j] + OPEN;
    }
    for i in 1..n {
        let mut best_before = (f64::NEG_INFINITY, usize::MAX);
        for j in 0..m {
            let stay = score[i - 1][j];
            let (open, k) = best_before;
            let (s, k) = if open + OPEN > stay { (open + OPEN, k) } else { (stay, j) };
            score[i][j] = s + fit[i][j];
            from[i][j] = k;
            if score[i - 1][j] > best_before.0 {
                best_before = (score[i - 1][j], j);
            }
        }
    }
    let mut j = (0..m).max_by(|&a, &b| score[n - 1][a].total_cmp(&score[n - 1][b]))?;
    let mut owner = vec![0; n];
    for i in (0..n).rev() {
        owner[i] = j;
        if i > 0 {
            j = from[i][j];
        }
    }
    let mut sections: Vec<Section> = Vec::new();
    for (unit, &q) in units.iter().zip(&owner) {
        let number = prompts[q].number;
        match sections.last_mut() {
            Some(s) if s.number == number => s.blocks.extend(unit.iter().map(|&b| b.clone())),
            _ => sections.push(unit_section(unit, number)),
        }
    }
    Some(sections)
}

/// The paragraphs of a discursive body that are clearly about one question, in any order:
/// sharing at least `CLEAR_TOPIC` with it and half as much again as with any other.
fn topic_paragraphs(blocks: &[Block], prompts: &[Prompt]) -> Vec<Section> {
    paragraph_units(blocks, prompts)
        .iter()
        .filter_map(|unit| clear_topic(&unit_text(unit), prompts, CLEAR_TOPIC).map(|n| unit_section(unit, n)))
        .collect()
}

/// What a paragraph must share with a question's topic to be matched to it without a label:
/// about three words few other questions use.
const CLEAR_TOPIC: f64 = 5.0;

/// Sections from a sheet with as many headings at one level as there are questions, taken in
/// order; `None` when no level has that many, or when more than one heading's topic names
/// another question than its place does.
fn ordinal_sections(blocks: &[Block], prompts: &[Prompt]) -> Option<Vec<Section>> {
    // A bold line of a few words (`**one**`) heads what follows as a heading would, one level
    // below the lowest.
    let level_of = |b: &Block| match b.kind {
        BlockKind::Heading(l) => Some(l),
        BlockKind::Prose if b.strong_only && b.words() <= 4 => Some(7),
        _ => None,
    };
    let level = (1..=7u8).find(|&l| blocks.iter().filter(|b| level_of(b) == Some(l)).count() == prompts.len())?;
    let headings: Vec<usize> = (0..blocks.len()).filter(|&i| level_of(&blocks[i]) == Some(level)).collect();
    let misplaced = headings
        .iter()
        .zip(prompts)
        .filter(|(&i, p)| topic_of(&blocks[i].text, prompts).is_some_and(|n| n != p.number))
        .count();
    if misplaced > 1 {
        return None;
    }
    let mut sections = Vec::new();
    for (k, (&i, p)) in headings.iter().zip(prompts).enumerate() {
        let end = headings.get(k + 1).copied().unwrap_or(blocks.len());
        let body = blocks[i + 1..end]
            .iter()
            .take_while(|b| !matches!(b.kind, BlockKind::Heading(l) if l < level))
            .cloned()
            .collect();
        sections.push(Section {
            number: p.number,
            kind: SectionKind::Question,
            line: blocks[i].line,
            level,
            blocks: body,
        });
    }
    Some(sections)
}

/// Bold leads that structure an answer rather than name a term, by their first word
/// (punctuation dropped: `TL;DR` is `tldr`).
const STRUCTURE_LEADS: &[&str] = &[
    "answer",
    "short",
    "long",
    "tldr",
    "summary",
    "cause",
    "root",
    "why",
    "fix",
    "problem",
    "solution",
    "result",
    "mechanism",
    "diagnosis",
    "trade",
    "note",
    "edit",
    "update",
    "so",
    "verdict",
    "conclusion",
    "decision",
    "recommendation",
    "pros",
    "cons",
    "option",
    "what",
    "how",
    "when",
    "step",
    "first",
    "then",
    "finally",
    "because",
    "yes",
    "no",
    "q",
    "a",
    "detail",
    "details",
    "explanation",
    "reasoning",
    "context",
    "background",
    "example",
    "caveat",
    "impact",
    "risk",
    "alternative",
    "bottom",
    "in",
    "my",
    "key",
    "part",
    "also",
    "better",
    "bonus",
    "senior",
    "junior",
    "quick",
    "longer",
    "edge",
    "takeaway",
    "important",
    "warning",
    "tip",
    "aside",
    "analysis",
    "approach",
    "proposal",
    "effect",
    "method",
    "footnote",
    "observation",
    "outcome",
    "lesson",
    // A code review's fields ("**Review comment, however:**", "**Suggested change:**").
    "review",
    "comment",
    "suggested",
    "suggestion",
    "severity",
    "among",
];

/// A paragraph that opens with a bold term of a few words and a full stop or colon, then
/// defines it: `**Escape analysis.** A compile-time analysis by which ...`. The term is made of
/// the assessment's words: a label in the candidate's own language (`**Trả lời:**`, "answer")
/// is not one.
fn defines_a_term(b: &Block, prompts: &[Prompt]) -> bool {
    let Some(lead) = b.lead_strong.as_deref().map(str::trim) else { return false };
    let Some(term) = lead.strip_suffix(['.', ':']).map(str::trim) else { return false };
    let words: Vec<String> = term.split_whitespace().map(str::to_lowercase).collect();
    // "**The method.**" is a part of the answer as "**Method.**" is.
    let article = words.first().is_some_and(|w| matches!(w.as_str(), "the" | "an"));
    let structural = words.get(usize::from(article)).is_some_and(|first| {
        let first: String = first.chars().filter(|c| c.is_alphanumeric()).collect();
        let first = first.as_str();
        first.is_empty() || first.chars().next().is_some_and(|c| c.is_ascii_digit()) || STRUCTURE_LEADS.contains(&first)
    });
    // "**Like I'm 5:**", "**In my words:**": a voice, not a term of the question.
    let voiced = words.iter().any(|w| {
        let w: String = w.chars().filter(|c| c.is_alphanumeric() || *c == '\'').collect();
        matches!(w.as_str(), "i" | "i'm" | "i'd" | "me" | "my" | "we" | "our" | "you" | "your" | "like")
    });
    let of_the_assessment = words.iter().any(|w| {
        let w: String = w.chars().filter(|c| c.is_alphanumeric()).collect();
        !STRUCTURE_LEADS.contains(&w.as_str()) && prompts.iter().any(|p| p.topic.contains(&topic_stem(&w)))
    });
    !words.is_empty() && words.len() <= 4 && !structural && !voiced && of_the_assessment && b.words() > words.len() + 5
}

/// What an answer says after the candidate's last retraction: an `EDIT: scratch that, ...`, a
/// `Correction:` or an `On second thought` withdraws everything before it, as struck-out text
/// is withdrawn (an `EDIT:` that only adds, "EDIT: or simpler, ...", withdraws nothing).
///
/// A label the sheet repeats in answer after answer ("Correction:" as a machine translation of
/// "Fix:") heads a part of every answer; it takes nothing back (`labels` holds those).
fn revised(sentences: Vec<Sentence>, labels: &[String]) -> Vec<Sentence> {
    // "On second thought: I should add that ... Answer stands otherwise.": a second thought
    // that adds to the answer keeps it.
    let adds = |i: usize| {
        let lower = sentences[i].text.to_lowercase();
        ["should add", "i'd add", "i would add", "want to add", "let me add", "to add that"]
            .iter()
            .any(|w| lower.contains(w))
            || sentences[i..].iter().any(|s| {
                let lower = s.text.to_lowercase();
                ["answer stands", "stands otherwise", "still stands", "rest stands", "original stands"]
                    .iter()
                    .any(|w| lower.contains(w))
                    || keeps_the_original(&lower)
            })
    };
    let last = sentences.iter().enumerate().rposition(|(i, s)| {
        // "(scratch that "16": size from measured p99)": a bracketed aside takes back a detail,
        // not the answer.
        if s.text.trim_start_matches(['*', '_', ' ']).starts_with('(') {
            return false;
        }
        let lower = s.text.trim_start_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        !s.code && retracts(&s.text) && !labels.iter().any(|l| lower.starts_with(l.as_str())) && !adds(i)
            || i > 0 && another_attempt(&lower)
    });
    match last {
        Some(at) if at > 0 => sentences.into_iter().skip(at).collect(),
        _ => sentences,
    }
}

/// A revision that changes nothing ("**Revised answer.** Unchanged.", "Revised: as above"): the
/// answer before it stands.
fn keeps_the_original(lower: &str) -> bool {
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .skip_while(|w| matches!(*w, "revised" | "revision" | "answer" | "correction"))
        .collect();
    words.len() <= 4
        && matches!(
            words.as_slice(),
            ["unchanged", ..] | ["no", "change" | "changes", ..] | ["as", "above" | "before"] | ["same", "as", ..]
        )
}

/// Does the sentence open a later attempt at the answer ("guess 2: heap", "Mulligan #1: ...",
/// "> UNDO")? What came before it in the answer is withdrawn.
fn another_attempt(lower: &str) -> bool {
    if lower == "undo" || lower.starts_with("previous turn undone") {
        return true;
    }
    // Not "take": a film's takes each carry a verdict and its reason ("TAKE 1 LOCK TABLE. NG: ...").
    const ATTEMPTS: &[&str] = &["guess", "attempt", "try", "draft", "mulligan"];
    let mut words = lower.split_whitespace();
    let (Some(word), Some(number)) = (words.next(), words.next()) else { return false };
    let number: String = number.trim_start_matches('#').chars().take_while(char::is_ascii_digit).collect();
    let least = if word == "mulligan" { 1 } else { 2 };
    ATTEMPTS.contains(&word) && number.parse::<u32>().is_ok_and(|n| n >= least)
}

/// Retraction openings that start three or more lines of `text` followed by a colon: labels of
/// the sheet's own structure, not retractions.
fn repeated_retraction_labels(text: &str) -> Vec<String> {
    RETRACTIONS
        .iter()
        .filter(|cue| {
            text.lines()
                .filter(|l| {
                    let l = l.trim_start_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
                    l.strip_prefix(**cue).is_some_and(|rest| {
                        rest.trim_start_matches(['*', '_', ' ']).starts_with([':', '\u{2014}', '-'])
                    })
                })
                .count()
                >= 3
        })
        .map(|cue| cue.to_string())
        .collect()
}

/// Openings that take back what came before, on their own or after an edit marker.
const RETRACTIONS: &[&str] = &[
    "scratch that",
    "strike that",
    "ignore that",
    "ignore the above",
    "ignore what i",
    "disregard",
    "on second thought",
    "i was wrong",
    "i take that back",
    "i retract",
    "correction",
    "changed my mind",
    "i changed my mind",
    "i've changed my mind",
    "revised answer",
];

/// A thought interrupted ("9? both read 10 and write 9. Wait, no. 8."): whole words, so "No
/// waiting on peers" and "wait, nothing changes" interrupt nothing.
const INTERRUPTIONS: &[&str] = &["wait, no", "wait no", "no wait", "no, wait"];

/// Openings that take back what came before only after an edit marker ("EDIT: actually, ...").
const EDIT_RETRACTIONS: &[&str] = &[
    "actually",
    "better",
    "no,",
    "no ",
    "wait",
    "wrong",
    "that's wrong",
    "that is wrong",
    "this is wrong",
    "this was wrong",
];

pub(crate) fn retracts(sentence: &str) -> bool {
    let lower = sentence.trim_start_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    let after_marker = ["edit", "update", "upd"].iter().find_map(|m| {
        let rest = lower.strip_prefix(m)?;
        let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
        // "UPDATE (Thu, ~20:30): This is wrong": when the edit was made, in brackets.
        let rest = match rest.strip_prefix('(').and_then(|r| r.split_once(')')) {
            Some((_, after)) => after.trim_start_matches(['*', '_', ' ']),
            None => rest,
        };
        let rest = rest.strip_prefix([':', '-', '\u{2014}', '\u{2013}'])?;
        Some(rest.trim_start_matches(|c: char| !c.is_alphanumeric()).to_string())
    });
    match after_marker {
        Some(rest) => RETRACTIONS.iter().chain(EDIT_RETRACTIONS).any(|cue| rest.starts_with(cue)),
        None => {
            RETRACTIONS.iter().any(|cue| lower.starts_with(cue))
                || INTERRUPTIONS
                    .iter()
                    .any(|cue| lower.strip_prefix(cue).is_some_and(|rest| !rest.starts_with(char::is_alphanumeric)))
                || announces_a_change(sentence)
                || overturns(&lower)
        }
    }
}

/// A ruling on the call before it, alone after its label: "Decision: OVERTURNED.", "Verdict:
/// reversed." (a referee's review, a court's appeal): what came before is taken back.
fn overturns(lower: &str) -> bool {
    let ruling = match lower.split_once(':') {
        Some((label, rest)) if label.split_whitespace().count() <= 2 => rest,
        _ => lower,
    };
    let ruling = ruling.trim().trim_end_matches(['.', '!']);
    matches!(ruling, "overturned" | "reversed" | "overruled" | "call overturned" | "call reversed")
}

/// A short label that says the answer changed ("PTWR (Sun 09:40): plan changed", "Answer
/// revised:", "Q7, corrected"), alone or heading the sentence it runs into: what follows
/// replaces what came before.
fn announces_a_change(text: &str) -> bool {
    const CHANGED: &[&str] = &["changed", "revised", "corrected", "amended", "reversed"];
    let text = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return false;
    }
    CHANGED.iter().flat_map(|w| lower.match_indices(w)).any(|(at, word)| {
        let end = at + word.len();
        if lower[..at].chars().last().is_some_and(char::is_alphanumeric) {
            return false;
        }
        // The label ends there: the sentence ends, or a new one starts with a capital.
        let rest = text[end..].trim_start_matches(['*', '_', ':', '.']);
        let ends = rest.trim().is_empty()
            || rest.starts_with(char::is_whitespace) && rest.trim_start().starts_with(char::is_uppercase);
        let label = &lower[..end];
        let words: Vec<&str> = label.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        ends && (2..=8).contains(&words.len())
            && !label.contains(['.', ';'])
            && !label.contains("n't")
            // "check the logs for what changed": a question about a change, not a label.
            && !words.iter().any(|w| {
                matches!(
                    *w,
                    "nothing" | "not" | "no" | "never" | "if" | "when" | "what" | "which" | "that" | "how" | "where"
                        | "everything" | "something" | "anything" | "for"
                )
            })
            // "Bill to be reported, as amended": the final form, not a change.
            && words[words.len() - 2] != "as"
    })
}

/// A `Qn` section whose first block is a copy of the question holds the prompt.
fn looks_like_prompt_section(s: &Section, p: &Prompt) -> bool {
    s.blocks.iter().find(|b| b.words() >= 4).is_some_and(|b| p.is_copy(&b.text, false))
}

/// `[END OF ANSWERS]`, `[ANSWERS BEGIN]`: sheet furniture.
fn is_sheet_marker(text: &str) -> bool {
    let t = text.trim().trim_matches(['*', '_']).trim();
    t.starts_with('[') && t.ends_with(']') && t.split_whitespace().count() <= 6
}

/// Parses free markdown (a calibration example, a single answer) into sentences.
pub(crate) fn sentences_of(markdown: &str) -> (Vec<Sentence>, usize) {
    let blocks = blocks(markdown);
    let words = blocks.iter().filter(|b| b.kind != BlockKind::Code).map(Block::words).sum();
    (blocks.iter().flat_map(Block::sentences).collect(), words)
}

// ---------------------------------------------------------------------------------------------
// Reflections.

/// What the parser needs to know about a reflection section.
#[derive(Debug, Clone)]
pub(crate) struct SectionName {
    /// Each alias as a list of stemmed words.
    pub aliases: Vec<Vec<String>>,
}

impl SectionName {
    pub fn new(heading: &str, aliases: &[String]) -> SectionName {
        let mut all = vec![heading_words(heading)];
        all.extend(aliases.iter().map(|a| heading_words(a)));
        all.retain(|a| !a.is_empty());
        SectionName { aliases: all }
    }

    /// How well `words` names this section: the length of the longest alias it contains.
    fn score(&self, words: &[String]) -> usize {
        self.aliases.iter().filter(|alias| alias.iter().all(|w| words.contains(w))).map(Vec::len).max().unwrap_or(0)
    }
}

/// The words of a heading that name it: stemmed, without numbering and filler.
fn heading_words(text: &str) -> Vec<String> {
    tokenize(text)
        .into_iter()
        .filter(|t| {
            !t.number
                && !matches!(
                    t.lower.as_str(),
                    "and" | "&" | "the" | "of" | "section" | "part" | "my" | "your" | "a" | "on"
                )
        })
        .map(|t| t.norm)
        .collect()
}

/// One reflection section as found.
#[derive(Debug, Clone)]
pub(crate) struct FoundSection {
    pub line: Option<usize>,
    pub found: bool,
    pub sentences: Vec<Sentence>,
    pub words: usize,
}

/// A parsed reflection.
#[derive(Debug, Clone)]
pub(crate) struct ParsedReflection {
    pub sections: Vec<FoundSection>,
    pub warnings: Vec<String>,
    /// No section heading was found (each section, if any, is the whole text).
    pub headingless: bool,
}

/// Words a reflection without headings needs before it is graded as a whole.
const WHOLE_TEXT_WORDS: usize = 80;

/// Finds each section of the reflection.
pub(crate) fn parse_reflection(text: &str, path: &Path, names: &[SectionName]) -> ParsedReflection {
    let rewritten = rewritten(text, &[interviewer_questions_dropped]);
    let parsed = parse_reflection_text(&rewritten, path, names);
    if !parsed.headingless {
        return parsed;
    }
    // No section found on its own: try the lines that name one as headings (a to-do export's
    // `☐ 1. Trade-offs` with its notes indented beneath, which Markdown reads as one paragraph;
    // `Trade-offs: I chose ...`), first without an interviewer's questions, then with them as
    // headings (`Q: Trade-offs?` over `A: ...`).
    let with_questions = (rewritten != text).then_some(text);
    std::iter::once(rewritten.as_str())
        .chain(with_questions)
        .filter_map(|t| section_lines_as_headings(t, names))
        .map(|marked| parse_reflection_text(&marked, path, names))
        .find(|again| !again.headingless)
        .unwrap_or(parsed)
}

/// `text` with each short line that names a reflection section (and is not a heading already)
/// made a heading, a line that opens with a section's name and a separator (`Trade-offs: I
/// chose ...`, `1) AI Usage — ...`) given that name as a bold lead, and the notes indented
/// beneath read as text, line for line; `None` when fewer than two lines name a section.
fn section_lines_as_headings(text: &str, names: &[SectionName]) -> Option<String> {
    let names_one = |s: &str| {
        let words = heading_words(s);
        !words.is_empty() && words.len() <= 6 && names.iter().any(|n| n.score(&words) > 0)
    };
    let lead = |l: &str| -> Option<usize> {
        let at = [":", "\u{2014}", " - ", "?"].iter().filter_map(|sep| l.find(sep)).min()?;
        (at <= 60 && names_one(&l[..at])).then_some(at)
    };
    let mut marked = 0;
    let out: String = text
        .lines()
        .map(|l| {
            let t = l.trim();
            if !t.starts_with('#') && names_one(t) {
                marked += 1;
                format!("## {t}\n")
            } else if let Some(at) = lead(t).filter(|_| !t.starts_with('#')) {
                marked += 1;
                let sep = t[at..].chars().next().map_or(0, char::len_utf8);
                format!("**{}** {}\n", t[..at].trim(), t[at + sep..].trim())
            } else {
                format!("{}\n", l.trim_start())
            }
        })
        .collect();
    (marked >= 2).then_some(out)
}

fn parse_reflection_text(text: &str, path: &Path, names: &[SectionName]) -> ParsedReflection {
    let markdown = other_markup_as_markdown(text);
    let blocks = blocks(markdown.as_deref().unwrap_or(text));
    let mut warnings = Vec::new();
    let mut found: Vec<FoundSection> =
        names.iter().map(|_| FoundSection { line: None, found: false, sentences: Vec::new(), words: 0 }).collect();
    let mut current: Option<(usize, u8)> = None;
    let mut section_level: Option<u8> = None;
    let classify = |text: &str| -> Option<usize> {
        let words = heading_words(text);
        let mut best: Option<(usize, usize)> = None;
        for (i, n) in names.iter().enumerate() {
            let s = n.score(&words);
            if s > 0 && best.is_none_or(|(_, b)| s > b) {
                best = Some((i, s));
            }
        }
        best.map(|(i, _)| i)
    };
    for b in &blocks {
        // A table with a row per section ("| 1. Trade-offs | what I decided | why |"): the
        // first cell names the section, the rest of the row belongs to it.
        if b.table {
            let first = b.text.split('\n').next().unwrap_or("");
            if let Some(i) = classify(first).filter(|_| heading_words(first).len() <= 8) {
                found[i].found = true;
                found[i].line.get_or_insert(b.line);
                push_section_block(&mut found[i], &b.tail(first.len()));
                continue;
            }
        }
        // `1. **Trade-offs.** I chose ...`, `**How I used AI.** ...`: a bold lead that names a
        // section opens it, and the rest of the paragraph belongs to it.
        if b.kind == BlockKind::Prose && !b.strong_only && current.is_none_or(|(_, l)| l >= 7) {
            if let Some(lead) = b.lead_strong.as_deref().filter(|l| l.split_whitespace().count() <= 8) {
                if let Some(i) = classify(lead) {
                    found[i].found = true;
                    found[i].line.get_or_insert(b.line);
                    current = Some((i, 7));
                    let offset = b.text.find(lead).map_or(0, |at| at + lead.len());
                    push_section_block(&mut found[i], &b.tail(offset));
                    continue;
                }
            }
        }
        let heading_level = match b.kind {
            BlockKind::Heading(level) => Some(level),
            BlockKind::Prose if b.strong_only && b.words() <= 8 => Some(7),
            _ => None,
        };
        if let Some(level) = heading_level {
            let deeper = current.is_some_and(|(_, l)| level > l);
            if let Some(i) = classify(&b.text).filter(|_| !deeper || level != 7) {
                if found[i].found {
                    warnings.push(format!(
                        "{}:{}: a second `{}` section; both parts were graded together",
                        path.display(),
                        b.line,
                        b.text.trim()
                    ));
                }
                found[i].found = true;
                found[i].line.get_or_insert(b.line);
                current = Some((i, level));
                if level < 7 {
                    section_level.get_or_insert(level);
                }
                continue;
            }
            if level == 7 || deeper {
                // A bold line or sub-heading inside a section is part of it.
                if let Some((i, _)) = current {
                    push_section_block(&mut found[i], b);
                }
                continue;
            }
            if current.is_some() || section_level == Some(level) {
                warnings.push(format!(
                    "{}:{}: heading `{}` matches no reflection section; its text was not graded",
                    path.display(),
                    b.line,
                    b.text.trim()
                ));
            }
            current = None;
            continue;
        }
        if let Some((i, _)) = current {
            push_section_block(&mut found[i], b);
        }
    }
    let whole_text = !found.iter().any(|f| f.found);
    if whole_text {
        // Prose with no headings at all (one long paragraph) still answers the sections: each is
        // graded on the whole text, its own criteria picking out what concerns it.
        let whole: Vec<&Block> = blocks.iter().filter(|b| !matches!(b.kind, BlockKind::Heading(_))).collect();
        let words: usize = whole.iter().filter(|b| b.kind != BlockKind::Code).map(|b| b.words()).sum();
        if words >= WHOLE_TEXT_WORDS {
            for section in &mut found {
                section.found = true;
                section.line = whole.first().map(|b| b.line);
                for b in &whole {
                    push_section_block(section, b);
                }
            }
        }
        warnings.push(format!(
            "{}: no reflection section headings found{}; use `## 1. Trade-offs` ... (see the blank REFLECTION.md)",
            path.display(),
            if words >= WHOLE_TEXT_WORDS { ": every section was graded on the whole text" } else { "" }
        ));
    }
    ParsedReflection { sections: found, warnings, headingless: whole_text }
}

fn push_section_block(section: &mut FoundSection, b: &Block) {
    if is_sheet_marker(&b.text) {
        return;
    }
    // Code counts: a section written as a script or a config is not empty, and is held to
    // the same specifics as prose.
    section.words += b.words();
    section.sentences.extend(b.sentences());
}
