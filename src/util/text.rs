//! Candidate text made safe once, where it enters the results model: nothing a submission
//! prints can move a terminal's cursor, recolour, retitle or rewrite a report line, or hide
//! text behind a direction override.

/// The stand-in for whatever was removed, so an interviewer sees that something was there.
const REMOVED: char = '\u{FFFD}';

/// Returns `text` with every escape sequence, control character (but newline and tab),
/// direction override and zero-width character replaced by U+FFFD (one per sequence).
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            '\u{1b}' => {
                skip_escape(&mut chars);
                out.push(REMOVED);
            }
            // C1 controls: the 8-bit forms of CSI and OSC included.
            '\u{9b}' | '\u{9d}' => {
                skip_until_final(&mut chars, c == '\u{9d}');
                out.push(REMOVED);
            }
            c if c.is_control() || is_invisible_format(c) => out.push(REMOVED),
            c => out.push(c),
        }
    }
    out
}

/// Skips the rest of an escape sequence whose ESC was just read.
fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.peek() {
        Some('[') => {
            chars.next();
            skip_until_final(chars, false);
        }
        // OSC, DCS, SOS, PM, APC: strings that end with BEL or ST (ESC \).
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_until_final(chars, true);
        }
        Some(_) => {
            chars.next();
        }
        None => {}
    }
}

/// Skips a CSI body up to its final byte, or a string body up to BEL or ST.
fn skip_until_final(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, string: bool) {
    while let Some(c) = chars.next() {
        if string {
            if c == '\u{7}' || c == '\u{9c}' {
                return;
            }
            if c == '\u{1b}' {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                return;
            }
        } else if ('\u{40}'..='\u{7e}').contains(&c) {
            return;
        } else if !('\u{20}'..='\u{3f}').contains(&c) {
            // Not a CSI byte: the sequence was malformed; stop here.
            return;
        }
    }
}

/// Direction overrides and isolates, marks, and zero-width characters.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn escape_sequences_and_controls_become_visible_stand_ins() {
        assert_eq!(sanitize("ok\x1b[2J\x1b[1A100/100"), "ok\u{FFFD}\u{FFFD}100/100");
        assert_eq!(sanitize("a\x1b]0;title\x07b"), "a\u{FFFD}b");
        assert_eq!(sanitize("a\x1b]52;c;aGk=\x1b\\b"), "a\u{FFFD}b");
        assert_eq!(sanitize("x\ry\x08z\u{0}"), "x\u{FFFD}y\u{FFFD}z\u{FFFD}");
        assert_eq!(sanitize("pay \u{202e}001\u{202c}"), "pay \u{FFFD}001\u{FFFD}");
        assert_eq!(sanitize("a\u{9b}31mb"), "a\u{FFFD}b");
    }

    #[test]
    fn ordinary_text_is_unchanged() {
        let text = "assertion `left == right` failed\n  left: 3\n\tright: 4 — ünïcode ✓";
        assert_eq!(sanitize(text), text);
    }
}
