//! The minijinja environment: the templates in `templates/` (embedded in the binary), each
//! replaceable by a file of the same name from a user folder (`--templates DIR`).
//!
//! `.html` templates auto-escape every value. The only way candidate text becomes markup is
//! the `candidate_markdown` filter, which renders markdown with raw HTML shown as text, links
//! shown as text (no `javascript:` or remote targets) and images not loaded.

use std::path::Path;

use anyhow::Context;
use minijinja::{Environment, UndefinedBehavior, Value};
use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

/// The loaded templates.
pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    /// Loads every file of `dir`, then the files of `user` over them.
    pub fn load(dir: &Path, user: Option<&Path>) -> anyhow::Result<Templates> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_keep_trailing_newline(true);
        env.add_filter("candidate_markdown", |text: &str| Value::from_safe_string(safe_markdown_html(text)));
        env.add_filter("md_inline", |text: &str| md_inline(text));
        env.add_filter("md_quote", |text: &str| md_quote(text));
        for folder in [Some(dir), user].into_iter().flatten() {
            let entries = std::fs::read_dir(folder)
                .with_context(|| format!("cannot read the templates folder {}", folder.display()))?;
            let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
            paths.sort();
            for path in paths {
                let name = path.file_name().expect("a file").to_string_lossy().into_owned();
                let source = crate::util::fs::read_text(&path)?;
                env.add_template_owned(name, source).with_context(|| format!("template {}", path.display()))?;
            }
        }
        Ok(Templates { env })
    }

    /// Renders template `name` with `context`.
    pub fn render<S: serde::Serialize>(&self, name: &str, context: &S) -> anyhow::Result<String> {
        let template = self.env.get_template(name).with_context(|| format!("no template {name}"))?;
        template.render(context).map_err(|err| anyhow::anyhow!("rendering {name}: {err:#}"))
    }

    /// The source of template `name` as written (a static asset such as a style sheet).
    pub fn source(&self, name: &str) -> anyhow::Result<String> {
        Ok(self.env.get_template(name).with_context(|| format!("no template {name}"))?.source().to_string())
    }
}

/// Renders untrusted markdown to HTML that can do nothing: raw HTML becomes text, links become
/// their text followed by the
/// target in parentheses and images become `[image: alt]` text, so a report never fetches
/// anything or runs a `javascript:` URL.
pub fn safe_markdown_html(text: &str) -> String {
    let text = strip_html_comments(text);
    let mut targets: Vec<Option<String>> = Vec::new();
    let events = crate::util::markdown::parser(&text).flat_map(|event| -> Vec<Event<'_>> {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => vec![Event::Text(html)],
            Event::Start(Tag::Link { link_type, dest_url, .. }) => {
                let shown = !matches!(link_type, LinkType::Autolink | LinkType::Email);
                targets.push(shown.then(|| dest_url.to_string()));
                Vec::new()
            }
            Event::End(TagEnd::Link) => match targets.pop().flatten() {
                Some(url) if !url.is_empty() => vec![Event::Text(format!(" ({url})").into())],
                _ => Vec::new(),
            },
            Event::Start(Tag::Image { .. }) => vec![Event::Text("[image: ".into())],
            Event::End(TagEnd::Image) => vec![Event::Text("]".into())],
            other => vec![other],
        }
    });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

/// Candidate text inside a Markdown report's line or table cell: HTML characters as
/// entities, markdown punctuation escaped, one line.
pub fn md_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Removes `<!-- ... -->` comments outside code fences: the blank sheets carry their
/// instructions in comments, which the graders ignore and a report need not show.
pub fn strip_html_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut fence: Option<String> = None;
    let mut in_comment = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let marker: String = trimmed.chars().take_while(|c| *c == '`' || *c == '~').collect();
        if !in_comment && marker.len() >= 3 {
            match &fence {
                None => fence = Some(marker),
                Some(open) if marker.starts_with(open.as_str()) => fence = None,
                _ => {}
            }
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if fence.is_some() {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let mut rest = line;
        let mut kept = String::new();
        loop {
            if in_comment {
                match rest.find("-->") {
                    Some(end) => {
                        rest = &rest[end + 3..];
                        in_comment = false;
                    }
                    None => break,
                }
            } else {
                match rest.find("<!--") {
                    Some(start) => {
                        kept.push_str(&rest[..start]);
                        rest = &rest[start + 4..];
                        in_comment = true;
                    }
                    None => {
                        kept.push_str(rest);
                        break;
                    }
                }
            }
        }
        // A line that held only a comment disappears, so paragraphs keep their shape.
        if !kept.trim().is_empty() || line.trim().is_empty() {
            out.push_str(&kept);
            out.push('\n');
        }
    }
    out
}

/// Candidate markdown inside a Markdown report: quoted (`> `), so its headings stay inside
/// the quote, with `<`, `>` and `&` as entities outside code fences so raw HTML shows as text.
pub fn md_quote(text: &str) -> String {
    let text = strip_html_comments(text);
    let mut out = String::new();
    let mut fence: Option<String> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let marker: String = trimmed.chars().take_while(|c| *c == '`' || *c == '~').collect();
        let is_fence = marker.len() >= 3;
        let shown = if fence.is_some() {
            line.to_string()
        } else {
            line.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
        };
        match (&fence, is_fence) {
            (None, true) => fence = Some(marker),
            (Some(open), true) if marker.starts_with(open.as_str()) => fence = None,
            _ => {}
        }
        out.push_str("> ");
        out.push_str(&shown);
        out.push('\n');
    }
    if fence.is_some() {
        out.push_str("> ```\n");
    }
    out
}

/// The CSP source of an inline element: `'sha256-<base64>'`.
pub fn csp_hash(content: &str) -> String {
    use sha2::Digest;
    format!("'sha256-{}'", base64(&sha2::Sha256::digest(content.as_bytes())))
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidate_markdown_can_do_nothing() {
        let html = safe_markdown_html(
            "**bold** <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1)) ![pic](https://example.com/x.png)",
        );
        assert!(html.contains("<strong>bold</strong>"), "{html}");
        assert!(html.contains("&lt;script&gt;") && !html.contains("<script"), "{html}");
        assert!(!html.contains("<img") && !html.contains("<a "), "{html}");
        assert!(html.contains("click (javascript:alert(1))") && html.contains("[image: pic]"), "{html}");
    }

    #[test]
    fn sheet_instructions_in_comments_are_left_out() {
        assert_eq!(
            strip_html_comments("a <!-- x --> b\n<!-- only -->\n<!-- two\nlines -->c\n```\n<!-- code -->\n```"),
            "a  b\nc\n```\n<!-- code -->\n```\n"
        );
        assert!(!safe_markdown_html("## T\n\n<!-- what did you trade off? -->\nText").contains("trade off"));
    }

    #[test]
    fn markdown_report_quotes_keep_html_as_text() {
        let q = md_quote("## Heading\n<script>x</script>\n```\na < b\n```");
        assert_eq!(q, "> ## Heading\n> &lt;script&gt;x&lt;/script&gt;\n> ```\n> a < b\n> ```\n");
        assert_eq!(md_inline("a|b <i>*x*</i>\nc"), "a\\|b &lt;i&gt;\\*x\\*&lt;/i&gt; c");
    }

    #[test]
    fn base64_matches_known_values() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        // The example of the CSP specification.
        assert_eq!(csp_hash("alert('Hello, world.');"), "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='");
    }
}
