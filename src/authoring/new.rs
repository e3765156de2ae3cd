//! `kata new <id>`: a kata folder that already passes `kata check`, whose reference passes and
//! whose starter fails `kata verify`, for the author to replace piece by piece.

use std::path::{Path, PathBuf};

use super::{check_new_id, create, manifest, write, write_lock_file, yaml_string};
use crate::content::KataDirs;

/// Writes the kata `id` into `into/<id>` and returns the folder.
pub fn scaffold(id: &str, into: &Path, harness: &Path, known: &KataDirs) -> anyhow::Result<PathBuf> {
    let dest = into.join(id);
    check_new_id(id, &dest, known)?;
    let crate_name = id.replace('-', "_");
    let title: String = id
        .split(['-', '_'])
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ");
    create(&dest, || {
        write(&dest, "kata.yaml", &kata_yaml(id, &title, &crate_name))?;
        write(&dest, "README.md", &README.replace("{title}", &title))?;
        write(&dest, "Cargo.toml", &manifest(&crate_name, "0.1.0", "2021", "[dependencies]\n\n"))?;
        write(&dest, "starter/src/lib.rs", STARTER)?;
        write(&dest, "starter/tests/visible.rs", &VISIBLE.replace("{crate}", &crate_name))?;
        write(&dest, "hidden/basics.rs", &HIDDEN.replace("{crate}", &crate_name))?;
        write(&dest, "solutions/reference/src/lib.rs", REFERENCE)?;
        // Only the harness to resolve: no registry needed.
        write_lock_file(&dest, harness, true)
    })?;
    Ok(dest)
}

fn kata_yaml(id: &str, title: &str, crate_name: &str) -> String {
    format!(
        "format-version: 1\n\
         id: {id}\n\
         title: {}\n\
         version: \"0.1.0\"\n\
         difficulty: easy\n\
         time-budget-minutes: 30\n\
         crate: {crate_name}\n\
         # Every test of hidden/*.rs is graded with these (`points` is their sum). To weigh tests\n\
         # differently, list them instead: `tests: [{{ name: ..., weight: ..., timeout-ms: ..., checks: [R1] }}]`.\n\
         test-defaults: {{ weight: 10, timeout-ms: 10000 }}\n\
         # Optional: the README's requirements as `{{ id: R1, text: ... }}`, checked by tests and broken\n\
         # by wrong solutions (see `kata check`).\n\
         solutions:\n\
         \x20 - dir: solutions/reference\n\
         \x20   expect: pass\n\
         # A wrong solution a real candidate would write, and the verdicts it must get:\n\
         # - dir: solutions/off-by-one\n\
         #   expect: fail\n\
         #   verdicts:\n\
         #     - {{ test: counts_every_word, verdict: failed }}\n",
        yaml_string(title)
    )
}

const README: &str = "# {title}

## Scenario
Who the candidate is helping, and why it matters.

## Task
What to build or fix, in `src/lib.rs`.

## Requirements
- `word_count(text)` counts the words of `text`, separated by any whitespace.

## Hints
- `str::split_whitespace` does the splitting.
";

const STARTER: &str = "/// The number of words in `text`.
pub fn word_count(text: &str) -> usize {
    let _ = text;
    todo!(\"count the words\")
}
";

const REFERENCE: &str = "/// The number of words in `text`.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}
";

const VISIBLE: &str = "#[test]
fn counts_two_words() {
    assert_eq!({crate}::word_count(\"hello world\"), 2);
}
";

const HIDDEN: &str = "// Plain Rust tests: the grader proves each one ran to its end. #[should_panic], #[ignore]
// (graded like the others) and tests in modules work too.
use {crate}::word_count;

#[test]
fn counts_every_word() {
    assert_eq!(word_count(\"one two three\"), 3);
}

#[test]
fn empty_text_has_no_words() {
    assert_eq!(word_count(\"\"), 0);
}

mod whitespace {
    use super::word_count;

    #[test]
    fn any_whitespace_separates() {
        assert_eq!(word_count(\" a\\tb\\n c  \"), 3);
    }
}
";
