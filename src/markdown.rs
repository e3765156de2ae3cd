//! One place decides how markdown is parsed, so katas, answer sheets and reports agree.

use pulldown_cmark::{Options, Parser};

/// The markdown options for the whole program.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// A parser over `text` with the program's options.
pub fn parser(text: &str) -> Parser<'_> {
    Parser::new_ext(text, options())
}

/// The 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].bytes().filter(|&b| b == b'\n').count() + 1
}

/// Renders untrusted markdown to HTML with raw HTML escaped, never passed through.
pub fn to_safe_html(text: &str) -> String {
    use pulldown_cmark::Event;
    let events = parser(text).map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        other => other,
    });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events);
    out
}
