//! Article text and the three offset systems that meet at its edges.
//!
//! Concord's offsets are Unicode scalar values (chars), end exclusive. egui
//! wants UTF-8 byte offsets and browser tools want UTF-16 code units; this
//! module converts between them in (near) constant time through a checkpoint
//! index, so a 1 MB article with 20,000 spans never walks the text per span.

pub mod bidi;
pub mod diff;
pub mod lines;
pub mod search;
pub mod unicode;

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// How many chars of context a [`Span`] keeps on each side (the W3C
/// TextQuoteSelector idea: enough to re-anchor a span after the text moves).
pub const CONTEXT_CHARS: usize = 32;

/// One checkpoint every this many chars; conversions walk at most this far.
const STRIDE: usize = 64;

/// An article's text with an offset index. Immutable once built.
#[derive(Clone, Debug, Default)]
pub struct Text {
    text: String,
    chars: usize,
    /// `None` for pure ASCII text, where all three offset systems agree.
    checkpoints: Option<Vec<Checkpoint>>,
}

#[derive(Clone, Copy, Debug)]
struct Checkpoint {
    byte: usize,
    utf16: usize,
}

impl Text {
    pub fn new(text: String) -> Self {
        if text.is_ascii() {
            return Self {
                chars: text.len(),
                text,
                checkpoints: None,
            };
        }
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut utf16 = 0;
        let mut chars = 0;
        for (byte, c) in text.char_indices() {
            if chars % STRIDE == 0 {
                checkpoints.push(Checkpoint { byte, utf16 });
            }
            utf16 += c.len_utf16();
            chars += 1;
        }
        Self {
            text,
            chars,
            checkpoints: Some(checkpoints),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Length in chars.
    pub fn len_chars(&self) -> usize {
        self.chars
    }

    /// Byte offset of char offset `char_idx` (`len_chars()` maps to `len()`).
    pub fn char_to_byte(&self, char_idx: usize) -> Option<usize> {
        if char_idx > self.chars {
            return None;
        }
        let Some(checkpoints) = &self.checkpoints else {
            return Some(char_idx);
        };
        if char_idx == self.chars {
            return Some(self.text.len());
        }
        let cp = checkpoints[char_idx / STRIDE];
        let skip = char_idx % STRIDE;
        let offset = self.text[cp.byte..]
            .char_indices()
            .nth(skip)
            .map_or(self.text.len() - cp.byte, |(b, _)| b);
        Some(cp.byte + offset)
    }

    /// Char offset of byte offset `byte`; `None` if out of range or not on a
    /// char boundary.
    pub fn byte_to_char(&self, byte: usize) -> Option<usize> {
        if byte > self.text.len() || !self.text.is_char_boundary(byte) {
            return None;
        }
        let Some(checkpoints) = &self.checkpoints else {
            return Some(byte);
        };
        let block = checkpoints.partition_point(|cp| cp.byte <= byte) - 1;
        let from = checkpoints[block].byte;
        Some(block * STRIDE + self.text[from..byte].chars().count())
    }

    /// UTF-16 code unit offset of char offset `char_idx`.
    pub fn char_to_utf16(&self, char_idx: usize) -> Option<usize> {
        if char_idx > self.chars {
            return None;
        }
        let Some(checkpoints) = &self.checkpoints else {
            return Some(char_idx);
        };
        let block = (char_idx / STRIDE).min(checkpoints.len() - 1);
        let cp = checkpoints[block];
        let walked: usize = self.text[cp.byte..]
            .chars()
            .take(char_idx - block * STRIDE)
            .map(char::len_utf16)
            .sum();
        Some(cp.utf16 + walked)
    }

    /// Char offset of UTF-16 offset `unit`; `None` if out of range or inside
    /// a surrogate pair.
    pub fn utf16_to_char(&self, unit: usize) -> Option<usize> {
        let Some(checkpoints) = &self.checkpoints else {
            return (unit <= self.chars).then_some(unit);
        };
        let block = checkpoints.partition_point(|cp| cp.utf16 <= unit) - 1;
        let cp = checkpoints[block];
        let mut at = cp.utf16;
        let mut chars = block * STRIDE;
        for c in self.text[cp.byte..].chars() {
            if at >= unit {
                break;
            }
            at += c.len_utf16();
            chars += 1;
        }
        (at == unit).then_some(chars)
    }

    /// The byte range of a char range, if it lies inside the text.
    pub fn byte_range(&self, chars: Range<usize>) -> Option<Range<usize>> {
        if chars.start > chars.end {
            return None;
        }
        Some(self.char_to_byte(chars.start)?..self.char_to_byte(chars.end)?)
    }

    /// The text of a char range, if it lies inside the text.
    pub fn slice(&self, chars: Range<usize>) -> Option<&str> {
        self.byte_range(chars).map(|r| &self.text[r])
    }

    /// Builds a span over `chars`, recording its exact text and context.
    pub fn span(&self, chars: Range<usize>) -> Result<Span, SpanError> {
        let Range { start, end } = chars;
        if start > end {
            return Err(SpanError::Inverted { start, end });
        }
        if end > self.chars {
            return Err(SpanError::OutOfRange {
                end,
                len: self.chars,
            });
        }
        let slice = |r: Range<usize>| self.slice(r).unwrap_or_default().to_owned();
        Ok(Span {
            start,
            end,
            exact: slice(start..end),
            prefix: slice(start.saturating_sub(CONTEXT_CHARS)..start),
            suffix: slice(end..(end + CONTEXT_CHARS).min(self.chars)),
        })
    }

    /// Where `span` sits in this text now: where it says, somewhere else
    /// (the article changed and the quote was found again), or nowhere.
    pub fn locate(&self, span: &Span) -> Anchor {
        if self.slice(span.start..span.end) == Some(span.exact.as_str()) {
            return Anchor::InPlace;
        }
        if span.exact.is_empty() {
            return Anchor::Lost;
        }
        // Among all occurrences prefer the one whose context agrees, then the
        // one nearest the old position.
        let mut best: Option<(usize, usize, usize)> = None; // (score, distance, start)
        for byte in occurrences(&self.text, &span.exact) {
            let Some(start) = self.byte_to_char(byte) else {
                continue;
            };
            let end = start + span.exact.chars().count();
            let before = self.slice(start.saturating_sub(CONTEXT_CHARS)..start);
            let after = self.slice(end..(end + CONTEXT_CHARS).min(self.chars));
            let score = usize::from(before.is_some_and(|b| b.ends_with(&span.prefix)))
                + usize::from(after.is_some_and(|a| a.starts_with(&span.suffix)));
            let distance = start.abs_diff(span.start);
            let better = match best {
                None => true,
                Some((s, d, _)) => score > s || (score == s && distance < d),
            };
            if better {
                best = Some((score, distance, start));
            }
        }
        match best {
            Some((_, _, start)) => Anchor::Moved {
                start,
                end: start + span.exact.chars().count(),
            },
            None => Anchor::Lost,
        }
    }
}

/// Byte offsets of every occurrence of `needle` in `haystack`, overlapping
/// ones included ("ha ha" occurs twice in "ha ha ha"): the right one to
/// re-anchor to may overlap a wrong one.
pub(crate) fn occurrences<'a>(
    haystack: &'a str,
    needle: &'a str,
) -> impl Iterator<Item = usize> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = from + haystack.get(from..)?.find(needle)?;
        from = at + haystack[at..].chars().next().map_or(1, char::len_utf8);
        Some(at)
    })
}

/// A stretch of an article: char offsets plus the quoted text that lets it be
/// checked and re-anchored (W3C TextPositionSelector + TextQuoteSelector).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub exact: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prefix: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub suffix: String,
}

impl Span {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Result of [`Text::locate`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    InPlace,
    Moved { start: usize, end: usize },
    Lost,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SpanError {
    #[error("span {start}..{end} ends before it starts")]
    Inverted { start: usize, end: usize },
    #[error("span ends at char {end}, but the article has only {len} chars")]
    OutOfRange { end: usize, len: usize },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_script_offsets() {
        // 'é' is 2 bytes, '😀' is 4 bytes and 2 UTF-16 units, '\r\n' is two chars.
        let t = Text::new("aé😀\r\nz".to_owned());
        assert_eq!(t.len_chars(), 6);
        assert_eq!(t.char_to_byte(3), Some(7));
        assert_eq!(t.char_to_utf16(3), Some(4));
        assert_eq!(t.byte_to_char(2), None, "inside 'é'");
        assert_eq!(t.utf16_to_char(3), None, "inside the surrogate pair");
        assert_eq!(t.slice(2..5), Some("😀\r\n"));
    }

    #[test]
    fn span_records_context_and_relocates() {
        let t = Text::new("He said \"just fight\" today.".to_owned());
        let s = t.span(9..19).unwrap();
        assert_eq!(s.exact, "just fight");
        assert_eq!(s.prefix, "He said \"");
        assert_eq!(s.suffix, "\" today.");
        let moved = Text::new("Then he said \"just fight\" today.".to_owned());
        assert_eq!(moved.locate(&s), Anchor::Moved { start: 14, end: 24 });
        assert_eq!(t.locate(&s), Anchor::InPlace);
        assert_eq!(Text::new("nothing".into()).locate(&s), Anchor::Lost);
    }

    #[test]
    fn overlapping_occurrences_are_all_candidates() {
        assert_eq!(
            occurrences("ha ha ha", "ha ha").collect::<Vec<_>>(),
            vec![0, 3]
        );
        // The text moved by one char; a wrong occurrence overlaps the right
        // one and comes first, so non-overlapping search never sees the right one.
        let s = Text::new("BaaaX".to_owned()).span(2..4).unwrap();
        let shifted = Text::new("__BaaaX".to_owned());
        assert_eq!(shifted.locate(&s), Anchor::Moved { start: 4, end: 6 });
    }

    #[test]
    fn span_errors() {
        let t = Text::new("abc".into());
        #[expect(
            clippy::reversed_empty_ranges,
            reason = "an inverted span is the case under test"
        )]
        let inverted = 2..1;
        assert_eq!(
            t.span(inverted),
            Err(SpanError::Inverted { start: 2, end: 1 })
        );
        assert_eq!(t.span(0..4), Err(SpanError::OutOfRange { end: 4, len: 3 }));
    }
}
