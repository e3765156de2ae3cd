//! The candidate-facing challenge (`README.md` of a kata).
//!
//! Accepted grammar: any markdown whose `##` headings include, in this order, `Scenario`,
//! `Task`, `Requirements` and `Hints`. Each top-level list item under `Hints` is one hint.
//! The candidate's copy is the file without the `Hints` section.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use crate::error::DefinitionError;
use crate::util::markdown::{line_of, parser};

/// Section headings a challenge must have, in order.
pub const REQUIRED_SECTIONS: [&str; 4] = ["Scenario", "Task", "Requirements", "Hints"];

/// A parsed challenge README.
#[derive(Debug, Clone)]
pub struct Challenge {
    /// The markdown the candidate gets (everything but the hints).
    pub statement: String,
    /// Hints, in the order `kata hint` hands them out.
    pub hints: Vec<String>,
}

/// Parses a challenge README, checking its sections.
pub fn parse(text: &str, path: &Path) -> Result<Challenge, DefinitionError> {
    let mut sections: Vec<(String, Range<usize>)> = Vec::new();
    let mut in_h2: Option<(usize, String)> = None;
    for (event, range) in parser(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level: HeadingLevel::H2, .. }) => in_h2 = Some((range.start, String::new())),
            Event::Text(t) | Event::Code(t) if in_h2.is_some() => in_h2.as_mut().unwrap().1.push_str(&t),
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                let (start, title) = in_h2.take().unwrap();
                if let Some(last) = sections.last_mut() {
                    last.1.end = start;
                }
                sections.push((title.trim().to_string(), start..text.len()));
            }
            _ => {}
        }
    }
    let mut found = sections.iter().map(|(t, _)| t.as_str());
    for want in REQUIRED_SECTIONS {
        if !found.any(|t| t.eq_ignore_ascii_case(want)) {
            return Err(DefinitionError::at(
                path,
                1,
                1,
                format!(
                    "missing or out-of-order section `## {want}`; a challenge needs `## Scenario`, `## Task`, \
                     `## Requirements` and `## Hints`, in that order"
                ),
            ));
        }
    }
    let (_, hints_range) = sections.iter().find(|(t, _)| t.eq_ignore_ascii_case("Hints")).unwrap();
    let hints = list_items(&text[hints_range.clone()]);
    if hints.is_empty() {
        return Err(DefinitionError::at(
            path,
            line_of(text, hints_range.start),
            1,
            "the `## Hints` section has no list items; write each hint as `- ...`",
        ));
    }
    let mut statement = String::with_capacity(text.len());
    statement.push_str(&text[..hints_range.start]);
    statement.push_str(&text[hints_range.end..]);
    Ok(Challenge { statement: statement.trim_end().to_string() + "\n", hints })
}

/// The source text of each top-level list item, without its bullet.
fn list_items(section: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    for (event, range) in parser(section).into_offset_iter() {
        match event {
            Event::Start(Tag::Item) => {
                depth += 1;
                if depth == 1 {
                    let raw = &section[range];
                    let body = raw.trim_start().trim_start_matches(['-', '*', '+']).trim_start();
                    // Ordered items start with a number and a dot.
                    let body = body.trim_start_matches(|c: char| c.is_ascii_digit()).trim_start_matches(['.', ')']);
                    let body: Vec<&str> = body.lines().map(str::trim).collect();
                    items.push(body.join(" ").trim().to_string());
                }
            }
            Event::End(TagEnd::Item) => depth -= 1,
            _ => {}
        }
    }
    items.retain(|i| !i.is_empty());
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str =
        "# T\n\n## Scenario\ns\n\n## Task\nt\n\n## Requirements\nr\n\n## Hints\n- first\n  more\n- second\n";

    #[test]
    fn hints_are_cut_from_the_statement() {
        let c = parse(GOOD, Path::new("README.md")).unwrap();
        assert_eq!(c.hints, vec!["first more", "second"]);
        assert!(!c.statement.contains("Hints"));
        assert!(c.statement.contains("## Requirements"));
    }

    #[test]
    fn a_missing_section_is_named() {
        let err = parse("## Scenario\n## Task\n## Hints\n- a\n", Path::new("k/README.md")).unwrap_err();
        assert!(err.to_string().contains("Requirements"), "{err}");
    }
}
