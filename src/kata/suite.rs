//! Hidden test files as kata authors write them: plain `#[test]` functions, with
//! `#[should_panic(expected = ...)]` and `#[ignore]`, in nested modules too. When a workspace
//! is assembled each such function is rewritten into a call of the harness's `run_test`, so its
//! pass is proven on the completion pipe after the body, exactly as a `kata_test!`'s: the body
//! becomes a closure, and only the harness, after the closure returned (or panicked as
//! expected), writes the line. Attributes are blanked in place and the rewritten text stays on
//! the same lines, so panic locations still point at the author's file. Every path in the
//! inserted code is absolute (`::core::module_path!`), so nothing a submission exports and a
//! hidden file glob-imports can stand in for it.
//!
//! Grammar handled: top-level items and inline `mod name { ... }` of any depth; a function
//! counts as a test when it carries `#[test]` and takes no arguments. Anything else (a
//! `#[tokio::test]`, a `kata_test!` invocation, helpers) is left as written.

use std::ops::Range;
use std::path::Path;

use crate::error::DefinitionError;

/// A hidden file after rewriting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewritten {
    /// The source to compile.
    pub text: String,
    /// Every test the file declares (plain tests and `kata_test!`s), as libtest names them
    /// (`module::name` inside modules), in source order.
    pub tests: Vec<String>,
    /// Tests left as written because no pass of theirs could be proven (`async`, another test
    /// attribute such as `#[tokio::test]`): `line: name: why`.
    pub unsupported: Vec<String>,
}

/// Rewrites the plain tests of one hidden file. `Err` carries the parse error (`line:col:
/// message`); such a file is compiled as written, and fails only its own tests.
pub fn rewrite(source: &str) -> Result<Rewritten, String> {
    let parsed = syn::parse_file(source).map_err(|e| {
        let at = e.span().start();
        format!("{}:{}: {e}", at.line, at.column + 1)
    });
    let outcome = parsed.map(|file| {
        let mut walk = Walk { source, edits: Vec::new(), tests: Vec::new(), unsupported: Vec::new() };
        walk.items(&file.items, &[]);
        let Walk { mut edits, tests, unsupported, .. } = walk;
        edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
        let mut text = source.to_string();
        for (range, replacement) in edits {
            text.replace_range(range, &replacement);
        }
        Rewritten { text, tests, unsupported }
    });
    // Spans of parsed files stay in a per-thread map until released.
    proc_macro2::extra::invalidate_current_thread_spans();
    outcome
}

/// A hidden file cut down to a visible one: its first test (without `#[ignore]`) and every
/// item that is not a test (imports, helpers), so that it still compiles. `None` when the file
/// does not parse or declares no test.
pub fn first_test_only(source: &str) -> Option<String> {
    let file = syn::parse_file(source).ok();
    let mut cuts: Vec<Range<usize>> = Vec::new();
    let mut kept = false;
    if let Some(file) = &file {
        first_test_cuts(source, &file.items, &mut kept, &mut cuts);
    }
    proc_macro2::extra::invalidate_current_thread_spans();
    if !kept {
        return None;
    }
    cuts.sort_by_key(|range| std::cmp::Reverse(range.start));
    let mut text = source.to_string();
    for range in cuts {
        let blank: String = text[range.clone()].chars().filter(|c| *c == '\n').collect();
        text.replace_range(range, &blank);
    }
    Some(text)
}

fn first_test_cuts(source: &str, items: &[syn::Item], kept: &mut bool, cuts: &mut Vec<Range<usize>>) {
    for item in items {
        match item {
            syn::Item::Fn(function) if function.attrs.iter().any(|a| a.path().is_ident("test")) => {
                if *kept {
                    let start = function
                        .attrs
                        .first()
                        .map(|a| a.pound_token.span.byte_range().start)
                        .unwrap_or_else(|| function.sig.fn_token.span.byte_range().start);
                    let start = source[..start].rfind('\n').map(|i| i + 1).unwrap_or(start);
                    cuts.push(start..function.block.brace_token.span.close().byte_range().end);
                } else {
                    *kept = true;
                    for attr in function.attrs.iter().filter(|a| a.path().is_ident("ignore")) {
                        cuts.push(
                            attr.pound_token.span.byte_range().start..attr.bracket_token.span.close().byte_range().end,
                        );
                    }
                }
            }
            syn::Item::Mod(module) => {
                if let Some((_, inner)) = &module.content {
                    first_test_cuts(source, inner, kept, cuts);
                }
            }
            _ => {}
        }
    }
}

/// A hidden file made ready to be a module of the one test crate the other hidden files share
/// (one crate compiles and links once, where one per file repeats the work against the same
/// dependencies): `#[macro_use] extern crate` items, which only a crate root may hold, are
/// blanked in place (lines kept) and returned for the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Module {
    /// The source as a module.
    pub text: String,
    /// Items for the shared crate root, each as written.
    pub hoisted: Vec<String>,
}

/// Inner attributes a module may carry as well as a crate root.
const MODULE_ATTRIBUTES: &[&str] = &["allow", "warn", "deny", "forbid", "expect", "cfg", "cfg_attr", "doc"];

/// `source` as a module of a shared test crate, or `None` when it must stay a crate of its own:
/// it does not parse, has a crate-level inner attribute, or sets a `#[global_allocator]` (which
/// would then measure every other file's tests too).
pub fn as_module(source: &str) -> Option<Module> {
    let file = syn::parse_file(source).ok();
    let outcome = file.and_then(|file| {
        let module_only =
            file.attrs.iter().all(|a| a.path().get_ident().is_some_and(|i| MODULE_ATTRIBUTES.iter().any(|m| i == m)));
        if !module_only || sets_allocator(&file.items) {
            return None;
        }
        let mut text = source.to_string();
        let mut hoisted = Vec::new();
        let mut cuts = Vec::new();
        for item in &file.items {
            let syn::Item::ExternCrate(krate) = item else { continue };
            if !krate.attrs.iter().any(|a| a.path().is_ident("macro_use")) {
                continue;
            }
            let start = krate.attrs.first().map(|a| a.pound_token.span.byte_range().start);
            let range =
                start.unwrap_or(krate.extern_token.span.byte_range().start)..krate.semi_token.span.byte_range().end;
            hoisted.push(match &krate.rename {
                Some((_, alias)) => format!("#[macro_use] extern crate {} as {alias};", krate.ident),
                None => format!("#[macro_use] extern crate {};", krate.ident),
            });
            cuts.push(range);
        }
        for range in cuts.into_iter().rev() {
            let blank: String = text[range.clone()].chars().map(|c| if c == '\n' { c } else { ' ' }).collect();
            text.replace_range(range, &blank);
        }
        Some(Module { text, hoisted })
    });
    proc_macro2::extra::invalidate_current_thread_spans();
    outcome
}

fn sets_allocator(items: &[syn::Item]) -> bool {
    items.iter().any(|item| match item {
        syn::Item::Static(s) => s.attrs.iter().any(|a| a.path().is_ident("global_allocator")),
        syn::Item::Mod(m) => m.content.as_ref().is_some_and(|(_, inner)| sets_allocator(inner)),
        // A macro could expand to one: such a file stays on its own.
        syn::Item::Macro(m) => m.mac.tokens.to_string().contains("global_allocator"),
        _ => false,
    })
}

/// The tests the `.rs` files of `hidden` declare, file by file in name order, without building
/// them (what `kata check` and `kata list` know; grading lists the built binaries).
pub fn declared_tests(hidden: &Path) -> Result<Vec<String>, DefinitionError> {
    let Ok(entries) = std::fs::read_dir(hidden) else { return Ok(Vec::new()) };
    let mut files: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    let mut tests = Vec::new();
    for file in files {
        let text = crate::util::fs::read_text(&file)?;
        let rewritten = rewrite(&text).map_err(|e| {
            let (line, rest) = e.split_once(':').unwrap_or(("1", &e));
            let (column, message) = rest.split_once(':').unwrap_or(("1", rest));
            DefinitionError::at(
                &file,
                line.parse().unwrap_or(1),
                column.parse().unwrap_or(1),
                message.trim().to_string(),
            )
        })?;
        tests.extend(rewritten.tests);
    }
    Ok(tests)
}

struct Walk<'a> {
    source: &'a str,
    edits: Vec<(Range<usize>, String)>,
    tests: Vec<String>,
    unsupported: Vec<String>,
}

impl Walk<'_> {
    fn items(&mut self, items: &[syn::Item], path: &[String]) {
        for item in items {
            match item {
                syn::Item::Fn(function) => self.function(function, path),
                syn::Item::Mod(module) => {
                    if let Some((_, inner)) = &module.content {
                        let mut path = path.to_vec();
                        path.push(module.ident.to_string());
                        self.items(inner, &path);
                    }
                }
                syn::Item::Macro(mac) if mac.mac.path.segments.last().is_some_and(|s| s.ident == "kata_test") => {
                    let mut tokens = mac.mac.tokens.clone().into_iter().peekable();
                    while let Some(token) = tokens.next() {
                        if let proc_macro2::TokenTree::Ident(ident) = &token {
                            if ident == "fn" {
                                if let Some(proc_macro2::TokenTree::Ident(name)) = tokens.peek() {
                                    self.tests.push(qualified(path, &name.to_string()));
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn function(&mut self, function: &syn::ItemFn, path: &[String]) {
        let is = |attr: &syn::Attribute, name: &str| attr.path().is_ident(name);
        let sig = &function.sig;
        let line = sig.ident.span().start().line;
        let other_test = function
            .attrs
            .iter()
            .find(|a| a.path().segments.len() > 1 && a.path().segments.last().is_some_and(|s| s.ident == "test"));
        if let Some(attr) = other_test {
            let path: Vec<String> = attr.path().segments.iter().map(|s| s.ident.to_string()).collect();
            self.unsupported.push(format!(
                "{line}: `{}`: #[{}] tests are not rewritten, so they cannot pass; write a plain #[test] \
                 that runs what it needs (e.g. a runtime's block_on)",
                sig.ident,
                path.join("::")
            ));
            return;
        }
        if !function.attrs.iter().any(|a| is(a, "test")) {
            return;
        }
        if !sig.inputs.is_empty() || sig.asyncness.is_some() || !sig.generics.params.is_empty() {
            self.unsupported.push(format!(
                "{line}: `{}`: a #[test] must take no arguments, be neither async nor generic",
                sig.ident
            ));
            return;
        }
        let mut expect = "::kata_harness::Expect::Returns".to_string();
        for attr in &function.attrs {
            if is(attr, "should_panic") {
                let mut expected = None;
                if let syn::Meta::List(_) = attr.meta {
                    let _ = attr.parse_nested_meta(|meta| {
                        if meta.path.is_ident("expected") {
                            expected = Some(meta.value()?.parse::<syn::LitStr>()?.value());
                        }
                        Ok(())
                    });
                }
                expect = match expected {
                    Some(text) => format!("::kata_harness::Expect::Panics(::core::option::Option::Some({text:?}))"),
                    None => "::kata_harness::Expect::Panics(::core::option::Option::None)".to_string(),
                };
                self.blank(attr);
            } else if is(attr, "ignore") {
                // Ignored tests are graded like the others.
                self.blank(attr);
            }
        }
        let name = sig.ident.to_string();
        let after_args = sig.paren_token.span.close().byte_range().end;
        let open = function.block.brace_token.span.open().byte_range();
        let close = function.block.brace_token.span.close().byte_range();
        let between = &self.source[after_args..open.start];
        let returns = between.trim();
        let newlines = "\n".repeat(between.matches('\n').count());
        let returns = if returns.starts_with("->") { format!("{returns} ") } else { String::new() };
        self.edits.push((
            after_args..open.end,
            format!(
                " {{ ::kata_harness::run_test(::core::module_path!(), {name:?}, {expect}, || {returns}{{{newlines}"
            ),
        ));
        self.edits.push((close, "}) }".to_string()));
        self.tests.push(qualified(path, &name));
    }

    /// Replaces an attribute by spaces, keeping its line breaks.
    fn blank(&mut self, attr: &syn::Attribute) {
        let range = attr.pound_token.span.byte_range().start..attr.bracket_token.span.close().byte_range().end;
        let blank: String = self.source[range.clone()].chars().map(|c| if c == '\n' { '\n' } else { ' ' }).collect();
        self.edits.push((range, blank));
    }
}

fn qualified(path: &[String], name: &str) -> String {
    let mut parts = path.to_vec();
    parts.push(name.to_string());
    parts.join("::")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_tests_become_marked_calls_on_the_same_lines() {
        let source = "use x::*;\n\n#[test]\nfn adds() {\n    assert_eq!(add(1, 2), 3);\n}\n";
        let out = rewrite(source).unwrap();
        assert_eq!(out.tests, vec!["adds"]);
        assert!(out.text.contains("fn adds() { ::kata_harness::run_test(::core::module_path!(), \"adds\", ::kata_harness::Expect::Returns, || {\n"), "{}", out.text);
        assert!(out.text.trim_end().ends_with("}) }"), "{}", out.text);
        assert_eq!(out.text.lines().count(), source.lines().count());
    }

    #[test]
    fn should_panic_ignore_modules_and_results() {
        let source = r#"
mod outer {
    mod inner {
        #[test]
        #[ignore]
        #[should_panic(expected = "too \"big\"")]
        fn overflows() { boom() }
    }
    #[test]
    fn parses() -> Result<(), String> { Ok(()) }
}
kata_harness::kata_test! { fn marked() {} }
"#;
        let out = rewrite(source).unwrap();
        assert_eq!(out.tests, vec!["outer::inner::overflows", "outer::parses", "marked"]);
        assert!(out.unsupported.is_empty());
        let tokio = rewrite("#[tokio::test]\nasync fn waits() {}\n").unwrap();
        assert!(tokio.tests.is_empty() && tokio.unsupported[0].starts_with("2: `waits`: #[tokio::test]"), "{tokio:?}");
        assert!(!out.text.contains("#[ignore]") && !out.text.contains("should_panic"), "{}", out.text);
        assert!(out.text.contains(r#"Expect::Panics(::core::option::Option::Some("too \"big\""))"#), "{}", out.text);
        assert!(out.text.contains("|| -> Result<(), String> { Ok(()) }) }"), "{}", out.text);
        assert_eq!(out.text.lines().count(), source.lines().count());
    }

    #[test]
    fn a_visible_file_keeps_helpers_and_the_first_test() {
        let source = "use x::*;\nfn helper() -> u32 { 1 }\n#[test]\n#[ignore]\nfn first() { helper(); }\n/// Doc.\n#[test]\nfn second() {}\n";
        let visible = first_test_only(source).unwrap();
        assert!(visible.contains("fn helper") && visible.contains("fn first"), "{visible}");
        assert!(!visible.contains("second") && !visible.contains("ignore") && !visible.contains("Doc."), "{visible}");
        assert_eq!(first_test_only("fn helper() {}\n"), None);
    }

    #[test]
    fn files_become_modules_unless_they_need_a_crate_of_their_own() {
        let source =
            "//! Doc.\n#![allow(dead_code)]\n#[macro_use]\nextern crate kata_harness;\nuse x::*;\n#[test]\nfn a() {}\n";
        let module = as_module(source).expect("mergeable");
        assert_eq!(module.hoisted, vec!["#[macro_use] extern crate kata_harness;".to_string()]);
        assert!(!module.text.contains("extern crate"), "{}", module.text);
        assert_eq!(module.text.lines().count(), source.lines().count(), "lines kept for panic locations");
        assert!(module.text.contains("#![allow(dead_code)]\n"));
        let allocator = "#[global_allocator]\nstatic A: kata_harness::Counting = kata_harness::Counting;\n";
        assert_eq!(as_module(allocator), None);
        assert_eq!(as_module("#![feature(test)]\nfn a() {}\n"), None);
        assert_eq!(as_module("fn x( {"), None);
    }

    #[test]
    fn a_file_that_does_not_parse_says_where() {
        assert!(rewrite("fn x( {").unwrap_err().starts_with("1:"));
    }
}
