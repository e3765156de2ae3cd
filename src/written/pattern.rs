//! Rubric patterns: the vocabulary a rubric recognises, compiled once at load time.
//!
//! A pattern is a phrase matched word by word against a sentence's tokens, after the same
//! lower-casing and light stemming (`blocked` matches `blocks`). Between words:
//!
//! | syntax      | meaning                                                              |
//! |-------------|----------------------------------------------------------------------|
//! | `a b`       | `a` immediately followed by `b` (punctuation between is ignored)     |
//! | `a ... b`   | up to six other words between, not across `;` or `but`               |
//! | `a\|b`      | either word in this position (single words only)                     |
//! | `lock*`     | any word starting with `lock` (compared before stemming)             |
//! | `<num>`     | any number (`100`, `0.1s`, `500,000`, `1GB`)                         |
//! | `<num:1e3-2e5>` | a count or plain number in that range (`50,000`, `50k`)          |
//! | `<secs:0.5-100>` | a duration in that range, in seconds (`1 s`, `900ms`)           |
//! | `<share:0.02-0.55>` | a share of a whole in that range (`10%`, `1/3`, "half")      |
//! | `A`         | a single capital letter matches only a capital (option letters)     |

use super::text::{tokenize, Break, Sentence, Token, Unit};

/// How many words `...` may skip.
pub(crate) const GAP: usize = 6;

/// A compiled pattern.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    slots: Vec<Slot>,
}

#[derive(Debug, Clone)]
struct Slot {
    alternatives: Vec<Alt>,
    /// Words that may be skipped before this slot.
    gap: usize,
}

#[derive(Debug, Clone)]
enum Alt {
    Word(String),
    Prefix(String),
    Number,
    /// A quantity of this unit within [low, high].
    Quantity(Unit, f64, f64),
    Capital(String),
}

impl Alt {
    fn matches(&self, token: &Token) -> bool {
        match self {
            Alt::Word(w) => token.norm == *w,
            Alt::Prefix(p) => token.lower.starts_with(p.as_str()),
            Alt::Number => token.number,
            Alt::Quantity(unit, low, high) => {
                token.quantity.is_some_and(|q| q.unit == *unit && (*low..=*high).contains(&q.value))
            }
            Alt::Capital(c) => token.capital && token.lower == *c,
        }
    }
}

/// A pattern's match in a sentence: the token indices of its slots.
#[derive(Debug, Clone)]
pub(crate) struct Match {
    /// Token index matched by each slot, in order.
    pub slots: Vec<usize>,
}

impl Match {
    /// The first matched token.
    pub fn start(&self) -> usize {
        self.slots[0]
    }
}

impl Pattern {
    /// Compiles `source`, or says what is wrong with it.
    pub fn compile(source: &str) -> Result<Pattern, String> {
        let mut slots: Vec<Slot> = Vec::new();
        let mut gap = 0;
        let words: Vec<&str> = source.split_whitespace().collect();
        if words.is_empty() {
            return Err("empty pattern".into());
        }
        for (k, word) in words.iter().enumerate() {
            if *word == "..." {
                if slots.is_empty() || k + 1 == words.len() {
                    return Err(format!("pattern {source:?} starts or ends with `...`; `...` goes between two words"));
                }
                if gap > 0 {
                    return Err(format!("pattern {source:?} has `...` twice in a row"));
                }
                gap = GAP;
                continue;
            }
            if word.contains('|') {
                let mut alternatives = Vec::new();
                for alt in word.split('|') {
                    let compiled = single(alt).map_err(|e| format!("pattern {source:?}: {e}"))?;
                    alternatives.push(compiled);
                }
                slots.push(Slot { alternatives, gap });
            } else if let Some(prefix) = word.strip_suffix('*').filter(|p| tokenize(p).len() > 1) {
                // `re-read*`: the leading words exactly, the last one as a prefix.
                let tokens = tokenize(prefix);
                let last = tokens.len() - 1;
                for (i, t) in tokens.into_iter().enumerate() {
                    let alt = if i == last { Alt::Prefix(t.lower) } else { Alt::Word(t.norm) };
                    slots.push(Slot { alternatives: vec![alt], gap: if i == 0 { gap } else { 0 } });
                }
            } else if word.len() > 2 && word.starts_with('<') && word.ends_with('>')
                || word.ends_with('*')
                || is_capital(word)
            {
                slots.push(Slot {
                    alternatives: vec![single(word).map_err(|e| format!("pattern {source:?}: {e}"))?],
                    gap,
                });
            } else {
                let tokens = tokenize(word);
                if tokens.is_empty() {
                    return Err(format!("pattern {source:?}: {word:?} has no letters or digits to match"));
                }
                for (i, t) in tokens.into_iter().enumerate() {
                    slots.push(Slot { alternatives: vec![Alt::Word(t.norm)], gap: if i == 0 { gap } else { 0 } });
                }
            }
            gap = 0;
        }
        Ok(Pattern { slots })
    }

    /// Every match in `sentence`, leftmost first (one per starting token).
    pub fn find_all(&self, sentence: &Sentence) -> Vec<Match> {
        let tokens = &sentence.tokens;
        let mut out = Vec::new();
        for start in 0..tokens.len() {
            if !self.slots[0].alternatives.iter().any(|a| a.matches(&tokens[start])) {
                continue;
            }
            let mut slots = vec![start];
            if self.extend(tokens, &mut slots) {
                out.push(Match { slots });
            }
        }
        out
    }

    fn extend(&self, tokens: &[Token], slots: &mut Vec<usize>) -> bool {
        let k = slots.len();
        if k == self.slots.len() {
            return true;
        }
        let last = slots[k - 1];
        // "90% of", "2/3 of": the sign and the denominator may belong to the quantity before
        // them (`<share:...> of`), or be matched on their own (`2/3`, `<num> %`).
        let mut bases = vec![last];
        if tokens[last].quantity.is_some() {
            let at = |i: usize| tokens.get(i).map(|t| t.lower.as_str());
            if at(last + 1) == Some("%") {
                bases.push(last + 1);
            } else if at(last + 1) == Some("/")
                && tokens.get(last + 2).is_some_and(|t| t.number && t.quantity.is_none())
            {
                bases.push(last + 2);
            }
        }
        let slot = &self.slots[k];
        for prev in bases {
            for next in prev + 1..=(prev + 1 + slot.gap).min(tokens.len().saturating_sub(1)) {
                if next >= tokens.len() {
                    break;
                }
                // Gaps never cross a semicolon or a contrast word.
                if tokens[next].clause != tokens[prev].clause {
                    break;
                }
                // "buffer is 100, consumer does ...": a number and the next word across a comma are
                // two items, not a count of things.
                if slot.gap == 0 && tokens[prev].number && !matches!(tokens[next].break_before, Break::None) {
                    break;
                }
                if slot.alternatives.iter().any(|a| a.matches(&tokens[next])) {
                    slots.push(next);
                    if self.extend(tokens, slots) {
                        return true;
                    }
                    slots.pop();
                }
            }
        }
        false
    }
}

fn is_capital(word: &str) -> bool {
    word.len() == 1 && word.chars().all(|c| c.is_ascii_uppercase())
}

/// One alternative: a single word, a prefix, `<num>` or a capital letter.
fn single(word: &str) -> Result<Alt, String> {
    if word == "<num>" {
        return Ok(Alt::Number);
    }
    if let Some(inner) = word.strip_prefix('<').and_then(|w| w.strip_suffix('>')) {
        return quantity(inner).ok_or_else(|| {
            format!("{word:?} is not a quantity; write `<num:LOW-HIGH>`, `<secs:LOW-HIGH>` or `<share:LOW-HIGH>`")
        });
    }
    if is_capital(word) {
        return Ok(Alt::Capital(word.to_lowercase()));
    }
    if let Some(prefix) = word.strip_suffix('*') {
        let tokens = tokenize(prefix);
        return match tokens.as_slice() {
            [t] => Ok(Alt::Prefix(t.lower.clone())),
            _ => Err(format!("prefix {word:?} must be one word followed by `*`")),
        };
    }
    let tokens = tokenize(word);
    match tokens.as_slice() {
        [t] => Ok(Alt::Word(t.norm.clone())),
        [] => Err(format!("alternative {word:?} is empty")),
        _ => Err(format!("alternative {word:?} is more than one word; write separate patterns instead of `|`")),
    }
}

/// `num:1000-200000`, `secs:0.5-100`, `share:0.02-0.55`.
fn quantity(inner: &str) -> Option<Alt> {
    let (kind, range) = inner.split_once(':')?;
    let unit = match kind {
        "num" => Unit::Plain,
        "secs" => Unit::Seconds,
        "share" => Unit::Share,
        _ => return None,
    };
    let (low, high) = range.split_once('-')?;
    let (low, high): (f64, f64) = (low.parse().ok()?, high.parse().ok()?);
    (low <= high).then_some(Alt::Quantity(unit, low, high))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(pattern: &str, sentence: &str) -> bool {
        !Pattern::compile(pattern).unwrap().find_all(&Sentence::prose(sentence, 1)).is_empty()
    }

    #[test]
    fn words_gaps_alternatives() {
        assert!(hit("skip locked", "Add SKIP LOCKED to the query."));
        assert!(hit("producer ... block*", "The producer will then be blocked."));
        assert!(hit("final|result ... 8", "The final stock is 8."));
        assert!(hit("<num> ms", "It took 1009 ms."));
        assert!(hit("B", "I pick B."));
        assert!(!hit("B", "b is lower case"));
        assert!(!hit("producer ... block*", "The producer is fast; the consumer blocks."));
        assert!(hit("bytes.clone", "Use bytes.Clone(data[:100])."));
        assert!(hit("re-read*", "Tx2 re-reads the row."));
    }

    #[test]
    fn bad_patterns() {
        assert!(Pattern::compile("... x").is_err());
        assert!(Pattern::compile("x ...").is_err());
        assert!(Pattern::compile("a|b c|d").is_ok());
        assert!(Pattern::compile("skip locked|nowait").is_ok());
        assert!(Pattern::compile("for update|for-share").is_err());
        assert!(Pattern::compile("(").is_err());
    }

    #[test]
    fn quantities_match_their_unit_and_range() {
        assert!(hit("<num:1000-200000> rows", "it reads about 50,000 rows"));
        assert!(hit("<num:1000-200000> rows", "it reads about 50k rows"));
        assert!(!hit("<num:1000-200000> rows", "it reads 500,010 rows"));
        assert!(hit("<secs:0.5-100>", "the buffer is full after 1 second"));
        assert!(hit("<secs:0.5-100>", "full after 900ms"));
        assert!(!hit("<secs:0.5-100>", "full after 110 ms"));
        assert!(!hit("<secs:0.5-100>", "it holds 100 events"));
        assert!(hit("<share:0.02-0.55>", "modulo moves about 10% of the keys"));
        assert!(hit("<share:0.02-0.55>", "modulo moves 1/3 of the keys"));
        assert!(hit("<share:0.02-0.55>", "modulo moves half the keys"));
        assert!(!hit("<share:0.02-0.55>", "modulo moves 2/3 of the keys"));
        assert!(!hit("<share:0.02-0.55>", "modulo moves two thirds of the keys"));
        assert!(!hit("<share:0.02-0.55>", "modulo moves 67 percent of the keys"));
        // The denominator of a fraction is not a count of its own; the sign and the denominator
        // belong to the quantity.
        assert!(!hit("<num:2-4> of", "2/3 of the keys"));
        assert!(hit("<share:0.5-0.7> of", "2/3 of the keys"));
        assert!(hit("<share:0.8-0.99> of ... users", "about 90% of all users move"));
        assert!(Pattern::compile("<rows:1-2>").is_err());
        assert!(Pattern::compile("<num:5-1>").is_err());
    }
}
