//! Text selection rules in char offsets: word snapping, word and sentence
//! picks, and the quotation around a selection. Pure functions over
//! [`Text`], so they are tested without a window.

use crate::core::text::Text;
use std::ops::Range;

/// Chars that belong to a word: letters, digits, and an apostrophe or hyphen
/// between two of them ("don't", "well-known").
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '-')
}

/// The chars around `at` as (char offset of `before`, before, after),
/// walking at most `limit` chars each way; works in bytes internally.
struct Cursor<'a> {
    text: &'a str,
    byte: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a Text, at: usize) -> Option<Self> {
        Some(Self {
            text: text.as_str(),
            byte: text.char_to_byte(at.min(text.len_chars()))?,
        })
    }
    fn next(&self) -> Option<char> {
        self.text[self.byte..].chars().next()
    }
    fn prev(&self) -> Option<char> {
        self.text[..self.byte].chars().next_back()
    }
    fn forward(&mut self) {
        if let Some(c) = self.next() {
            self.byte += c.len_utf8();
        }
    }
    fn back(&mut self) {
        if let Some(c) = self.prev() {
            self.byte -= c.len_utf8();
        }
    }
}

fn part_of_word(prev: Option<char>, c: char, next: Option<char>) -> bool {
    is_word_char(c)
        || (is_joiner(c) && prev.is_some_and(is_word_char) && next.is_some_and(is_word_char))
}

/// Moves `cur` back to the start of the word it is in (or touches).
fn word_start(cur: &mut Cursor) {
    while let Some(c) = cur.prev() {
        let mut before = Cursor {
            text: cur.text,
            byte: cur.byte,
        };
        before.back();
        if !part_of_word(before.prev(), c, cur.next()) {
            break;
        }
        cur.back();
    }
}

/// Moves `cur` forward to the end of the word it is in (or touches).
fn word_end(cur: &mut Cursor) {
    while let Some(c) = cur.next() {
        let mut after = Cursor {
            text: cur.text,
            byte: cur.byte,
        };
        after.forward();
        if !part_of_word(cur.prev(), c, after.next()) {
            break;
        }
        cur.forward();
    }
}

fn to_chars(text: &Text, bytes: Range<usize>) -> Range<usize> {
    let start = text.byte_to_char(bytes.start).unwrap_or(0);
    let end = text.byte_to_char(bytes.end).unwrap_or(start);
    start..end
}

/// Widens `range` so it starts and ends on word boundaries; leading and
/// trailing spaces are dropped.
pub fn snap_to_words(text: &Text, range: Range<usize>) -> Range<usize> {
    let (Some(mut a), Some(mut b)) = (Cursor::new(text, range.start), Cursor::new(text, range.end))
    else {
        return range;
    };
    // Skip spaces the drag started or ended on.
    while a.byte < b.byte && a.next().is_some_and(char::is_whitespace) {
        a.forward();
    }
    while b.byte > a.byte && b.prev().is_some_and(char::is_whitespace) {
        b.back();
    }
    if a.byte == b.byte {
        return to_chars(text, a.byte..b.byte);
    }
    word_start(&mut a);
    word_end(&mut b);
    to_chars(text, a.byte..b.byte)
}

/// The word at `at` (empty if `at` is not on a word).
pub fn word_at(text: &Text, at: usize) -> Range<usize> {
    let Some(mut a) = Cursor::new(text, at) else {
        return at..at;
    };
    let mut b = Cursor {
        text: a.text,
        byte: a.byte,
    };
    word_start(&mut a);
    word_end(&mut b);
    to_chars(text, a.byte..b.byte)
}

/// The sentence around `at`: from after the previous sentence end (or line
/// start) to its own end mark and closing quote, without surrounding spaces.
pub fn sentence_at(text: &Text, at: usize) -> Range<usize> {
    let Some(mut a) = Cursor::new(text, at) else {
        return at..at;
    };
    let mut b = Cursor {
        text: a.text,
        byte: a.byte,
    };
    while let Some(c) = a.prev() {
        if c == '\n' || ends_sentence(c, a.next()) {
            break;
        }
        a.back();
    }
    while let Some(c) = b.next() {
        if c == '\n' {
            break;
        }
        b.forward();
        if ends_sentence(c, b.next()) {
            while b.next().is_some_and(is_closing_quote) {
                b.forward();
            }
            break;
        }
    }
    while a.byte < b.byte && a.next().is_some_and(char::is_whitespace) {
        a.forward();
    }
    while b.byte > a.byte && b.prev().is_some_and(char::is_whitespace) {
        b.back();
    }
    to_chars(text, a.byte..b.byte)
}

/// A full stop, question or exclamation mark followed by a space or the end.
fn ends_sentence(c: char, next: Option<char>) -> bool {
    matches!(c, '.' | '!' | '?' | '。' | '！' | '？')
        && next.is_none_or(|n| n.is_whitespace() || is_closing_quote(n))
}

fn is_closing_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201D}' | '\u{2019}' | '\u{00BB}' | '」')
}

/// If `range` lies inside a quotation (straight or curly double quotes,
/// guillemets, Japanese brackets) on the same line, the range between the
/// marks; `None` if it already is that range or no quotation encloses it.
pub fn enclosing_quotation(text: &Text, range: Range<usize>) -> Option<Range<usize>> {
    let s = text.as_str();
    let start = text.char_to_byte(range.start)?;
    let end = text.char_to_byte(range.end)?;
    let line_start = s[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = s[end..].find('\n').map_or(s.len(), |i| end + i);
    // Walk the line once, pairing marks; keep the innermost pair that holds the range.
    let mut open: Option<(usize, char)> = None;
    let mut best: Option<Range<usize>> = None;
    for (i, c) in s[line_start..line_end].char_indices() {
        let at = line_start + i;
        match (open, c) {
            (None, '"' | '\u{201C}' | '\u{00AB}' | '「') => open = Some((at, c)),
            (Some((o, oc)), _) if closes(oc, c) => {
                let inner = o + oc.len_utf8()..at;
                if inner.start <= start && end <= inner.end {
                    best = Some(inner);
                }
                open = None;
            }
            _ => {}
        }
    }
    let inner = to_chars(text, best?);
    (inner != range && !inner.is_empty()).then_some(inner)
}

fn closes(open: char, c: char) -> bool {
    matches!(
        (open, c),
        ('"', '"') | ('\u{201C}', '\u{201D}') | ('\u{00AB}', '\u{00BB}') | ('「', '」')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `case` marks the input range with `[` `]` and the expected one with `{` `}`.
    fn check(f: impl Fn(&Text, Range<usize>) -> Option<Range<usize>>, case: &str) {
        let plain: String = case.chars().filter(|c| !"[]{}".contains(*c)).collect();
        let mut given = (0, 0);
        let mut want = None;
        let mut at = 0;
        for c in case.chars() {
            match c {
                '[' => given.0 = at,
                ']' => given.1 = at,
                '{' => want = Some((at, at)),
                '}' => want = want.map(|(s, _)| (s, at)),
                _ => at += 1,
            }
        }
        let text = Text::new(plain);
        assert_eq!(
            f(&text, given.0..given.1),
            want.map(|(s, e)| s..e),
            "case {case:?}"
        );
    }

    #[test]
    fn snapping_to_words() {
        let snap = |t: &Text, r: Range<usize>| Some(snap_to_words(t, r));
        check(snap, "He {sa[id th]at} it");
        check(snap, "He [{said}] that");
        check(snap, "{Кре[мль зая]вил}");
        check(snap, "a {do[n't know]} b");
        check(snap, "{well-kn[own]} fact");
        check(snap, "x “{qu[ot]e}” y");
    }

    #[test]
    fn words_and_sentences() {
        let word = |t: &Text, r: Range<usize>| Some(word_at(t, r.start));
        check(word, "He {sa[]id} it");
        check(word, "東京 {Mo[]scow's} x");
        let sentence = |t: &Text, r: Range<usize>| Some(sentence_at(t, r.start));
        check(sentence, "One. {Two [] words.} Three.");
        check(sentence, "A. {He said “Go [] now.”} B");
        check(sentence, "{Line o[]ne}\nline two.");
    }

    #[test]
    fn quotations() {
        check(enclosing_quotation, "He said “{a just [fight] here}” today");
        check(
            enclosing_quotation,
            "He said \"{a [just] fight}\" and \"more\"",
        );
        check(enclosing_quotation, "He said “[a just fight]” today");
        check(enclosing_quotation, "No [quote] here");
        check(enclosing_quotation, "«{le [mot]}» et");
    }
}
