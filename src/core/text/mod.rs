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
use std::sync::Arc;

/// How many chars of context a [`Span`] keeps on each side (the W3C
/// TextQuoteSelector idea: enough to re-anchor a span after the text moves).
pub const CONTEXT_CHARS: usize = 32;

/// One checkpoint every this many chars; conversions walk at most this far
/// (a few tens of nanoseconds), and the index is an eighth of the text.
const STRIDE: usize = 128;

/// An article's text with an offset index. Immutable once built.
#[derive(Clone, Debug, Default)]
pub struct Text {
    /// Shared with the spans that quote it (see [`Span::share`]).
    text: Arc<str>,
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
                text: text.into(),
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
            text: text.into(),
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
        let block = char_idx / STRIDE;
        let cp = checkpoints[block];
        let skip = char_idx % STRIDE;
        // Most blocks of news text are ASCII even when a curly quote or a
        // name elsewhere is not: one byte per char, so no walk.
        let (block_chars, block_end) = match checkpoints.get(block + 1) {
            Some(next) => (STRIDE, next.byte),
            None => (self.chars - block * STRIDE, self.text.len()),
        };
        if block_end - cp.byte == block_chars {
            return Some(cp.byte + skip);
        }
        Some(cp.byte + nth_char_start(&self.text.as_bytes()[cp.byte..block_end], skip))
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

    /// The byte range of `span` when its exact text sits at its offsets.
    pub fn holds(&self, span: &Span) -> Option<Range<usize>> {
        let bytes = self.byte_range(span.range())?;
        let here = &self.text[bytes.clone()];
        // A span that shares this text at these bytes needs no comparing.
        (std::ptr::eq(here, span.exact()) || here == span.exact()).then_some(bytes)
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
        let (before, after) = (
            start.saturating_sub(CONTEXT_CHARS),
            (end + CONTEXT_CHARS).min(self.chars),
        );
        if u32::try_from(self.text.len()).is_err() {
            let slice = |r: Range<usize>| self.slice(r).unwrap_or_default();
            return Ok(Span::new(
                start,
                end,
                slice(start..end),
                slice(before..start),
                slice(end..after),
            ));
        }
        // In range: the text is under 4 GiB.
        let byte = |c: usize| self.char_to_byte(c).unwrap_or(self.text.len()) as u32;
        Ok(Span {
            start,
            end,
            quote: self.text.clone(),
            cuts: [byte(before), byte(start), byte(end), byte(after)],
        })
    }

    /// Where `span` sits in this text now: where it says, somewhere else
    /// (the article changed and the quote was found again), or nowhere.
    pub fn locate(&self, span: &Span) -> Anchor {
        if self.holds(span).is_some() {
            return Anchor::InPlace;
        }
        if span.exact().is_empty() {
            return Anchor::Lost;
        }
        // Among all occurrences prefer the one whose context agrees, then the
        // one nearest the old position.
        let mut best: Option<(usize, usize, usize)> = None; // (score, distance, start)
        for byte in occurrences(&self.text, span.exact()) {
            let Some(start) = self.byte_to_char(byte) else {
                continue;
            };
            let end = start + span.exact().chars().count();
            let before = self.slice(start.saturating_sub(CONTEXT_CHARS)..start);
            let after = self.slice(end..(end + CONTEXT_CHARS).min(self.chars));
            let score = usize::from(before.is_some_and(|b| b.ends_with(span.prefix())))
                + usize::from(after.is_some_and(|a| a.starts_with(span.suffix())));
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
                end: start + span.exact().chars().count(),
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
///
/// The quoted text (`exact`, and up to [`CONTEXT_CHARS`] chars of `prefix`
/// and `suffix`) is kept as byte cuts into a shared string: the article's
/// own text when the span was made from it or checked against it
/// ([`Text::span`], [`Span::share`]), so a million spans hold no copies of
/// what the articles already hold; otherwise a string of just those three
/// pieces. Either way the span says what it said when it was recorded, even
/// after its article changed.
#[derive(Clone)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    quote: Arc<str>,
    /// Byte offsets into `quote`: prefix start, exact start, exact end,
    /// suffix end.
    cuts: [u32; 4],
}

impl Span {
    /// A span whose quoted text is given (imports, stored sets, tests).
    ///
    /// # Panics
    /// If the three pieces together exceed 4 GiB, far past any stored
    /// file Concord reads.
    pub fn new(start: usize, end: usize, exact: &str, prefix: &str, suffix: &str) -> Self {
        let quote: Arc<str> = [prefix, exact, suffix].concat().into();
        let cut = |n: usize| u32::try_from(n).expect("a span's text is under 4 GiB");
        let cuts = [
            0,
            cut(prefix.len()),
            cut(prefix.len() + exact.len()),
            cut(quote.len()),
        ];
        Self {
            start,
            end,
            quote,
            cuts,
        }
    }

    /// A span over `start..end` that quotes nothing (placeholders, tests).
    pub fn at(start: usize, end: usize) -> Self {
        Self::new(start, end, "", "", "")
    }

    pub fn exact(&self) -> &str {
        &self.quote[self.cuts[1] as usize..self.cuts[2] as usize]
    }

    pub fn prefix(&self) -> &str {
        &self.quote[self.cuts[0] as usize..self.cuts[1] as usize]
    }

    pub fn suffix(&self) -> &str {
        &self.quote[self.cuts[2] as usize..self.cuts[3] as usize]
    }

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

    /// Points the quoted text into `text` when `text` holds it, byte for
    /// byte, at the span's offsets; otherwise (the span went stale, or its
    /// context did) it keeps its own copy. Nothing it says changes. True
    /// when the span now shares `text`.
    pub fn share(&mut self, text: &Text) -> bool {
        if Arc::ptr_eq(&self.quote, &text.text) {
            return true;
        }
        let Some(bytes) = text.byte_range(self.range()) else {
            return false;
        };
        let t = text.text.as_bytes();
        let (exact, prefix, suffix) = (self.exact(), self.prefix(), self.suffix());
        let holds = t.get(bytes.clone()) == Some(exact.as_bytes())
            && bytes.start >= prefix.len()
            && t[bytes.start - prefix.len()..bytes.start] == *prefix.as_bytes()
            && t.get(bytes.end..bytes.end + suffix.len()) == Some(suffix.as_bytes());
        // Bytes equal to whole UTF-8 pieces that meet the span's own char
        // boundaries start and end on char boundaries too.
        let Ok(end) = u32::try_from(bytes.end + suffix.len()) else {
            return false;
        };
        if !holds {
            return false;
        }
        self.cuts = [
            (bytes.start - prefix.len()) as u32,
            bytes.start as u32,
            bytes.end as u32,
            end,
        ];
        self.quote = text.text.clone();
        true
    }

    /// Whether the quoted text is a slice of `text`'s own string.
    pub fn shares(&self, text: &Text) -> bool {
        Arc::ptr_eq(&self.quote, &text.text)
    }

    /// The byte cuts into `text` when the quoted text is a slice of it
    /// (prefix start, exact start, exact end, suffix end).
    pub(crate) fn cuts_in(&self, text: &Text) -> Option<[u32; 4]> {
        self.shares(text).then_some(self.cuts)
    }

    /// The span over `start..end` quoting `text` at byte `cuts`, if they
    /// are char boundaries of it in order.
    pub(crate) fn from_cuts(start: usize, end: usize, text: &Text, cuts: [u32; 4]) -> Option<Span> {
        let ordered = cuts.windows(2).all(|w| w[0] <= w[1]);
        let bounds = cuts.iter().all(|&c| text.text.is_char_boundary(c as usize));
        (ordered && bounds).then(|| Span {
            start,
            end,
            quote: text.text.clone(),
            cuts,
        })
    }
}

impl Default for Span {
    fn default() -> Self {
        Self::at(0, 0)
    }
}

impl PartialEq for Span {
    fn eq(&self, other: &Self) -> bool {
        self.start == other.start
            && self.end == other.end
            && self.exact() == other.exact()
            && self.prefix() == other.prefix()
            && self.suffix() == other.suffix()
    }
}

impl Eq for Span {}

impl std::hash::Hash for Span {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (
            self.start,
            self.end,
            self.exact(),
            self.prefix(),
            self.suffix(),
        )
            .hash(state);
    }
}

impl std::fmt::Debug for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Span")
            .field("start", &self.start)
            .field("end", &self.end)
            .field("exact", &self.exact())
            .field("prefix", &self.prefix())
            .field("suffix", &self.suffix())
            .finish()
    }
}

/// A span as stored: the quoted text written out.
#[derive(Serialize, Deserialize)]
#[serde(rename = "Span", deny_unknown_fields)]
struct StoredSpan<'a> {
    start: usize,
    end: usize,
    #[serde(borrow)]
    exact: std::borrow::Cow<'a, str>,
    #[serde(default, borrow, skip_serializing_if = "quotes_nothing")]
    prefix: std::borrow::Cow<'a, str>,
    #[serde(default, borrow, skip_serializing_if = "quotes_nothing")]
    suffix: std::borrow::Cow<'a, str>,
}

fn quotes_nothing(s: &str) -> bool {
    s.is_empty()
}

impl Serialize for Span {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        StoredSpan {
            start: self.start,
            end: self.end,
            exact: self.exact().into(),
            prefix: self.prefix().into(),
            suffix: self.suffix().into(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = StoredSpan::deserialize(deserializer)?;
        if s.prefix.len() + s.exact.len() + s.suffix.len() > u32::MAX as usize {
            return Err(serde::de::Error::custom("a span's text is over 4 GiB"));
        }
        Ok(Span::new(s.start, s.end, &s.exact, &s.prefix, &s.suffix))
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

/// The byte offset of char `n` in UTF-8 `bytes`, which hold more than `n`
/// chars. Char starts are the bytes not of the form 10xxxxxx; they are
/// counted eight bytes to a step, which is most of a walk through Korean
/// or curly-quoted text.
fn nth_char_start(bytes: &[u8], n: usize) -> usize {
    const LOW: u64 = 0x0101_0101_0101_0101;
    let (mut at, mut left) = (0, n);
    while let Some(word) = bytes.get(at..at + 8) {
        let w = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        // Bit 0 of each byte: set unless the byte's top bits are 10.
        let starts = ((!w >> 7) | (w >> 6)) & LOW;
        let count = starts.count_ones() as usize;
        if count > left {
            break;
        }
        left -= count;
        at += 8;
    }
    for (i, b) in bytes[at..].iter().enumerate() {
        if (*b as i8) >= -0x40 {
            if left == 0 {
                return at + i;
            }
            left -= 1;
        }
    }
    bytes.len()
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
    fn offsets_agree_with_a_walk_in_ascii_and_other_blocks() {
        // ASCII blocks (no walk) between blocks with Korean, an emoji and
        // curly quotes, and a short last block of each kind.
        for tail in ["", "x", "ö", "한국어"] {
            let s = format!(
                "{}“한반도” 😀{}{}{tail}",
                "a".repeat(STRIDE * 2),
                "b".repeat(STRIDE * 3 - 7),
                "정상회담".repeat(STRIDE / 2)
            );
            let t = Text::new(s.clone());
            let walk: Vec<usize> = s.char_indices().map(|(b, _)| b).chain([s.len()]).collect();
            for (c, b) in walk.iter().enumerate() {
                assert_eq!(t.char_to_byte(c), Some(*b), "char {c} of {tail:?}");
            }
            assert_eq!(t.char_to_byte(walk.len()), None);
        }
    }

    #[test]
    fn holds_is_true_only_for_the_words_at_the_offsets() {
        let t = Text::new("Kim said: “We stand together.” Putin agreed.".to_owned());
        let made = t.span(10..30).unwrap();
        assert_eq!(t.holds(&made), t.byte_range(10..30));
        // The same words stored apart from the text are compared.
        let stored = Span::new(10, 30, made.exact(), "", "");
        assert_eq!(t.holds(&stored), t.byte_range(10..30));
        let moved = Span::new(11, 31, made.exact(), "", "");
        assert_eq!(t.holds(&moved), None);
        let past = Span::new(40, 60, made.exact(), "", "");
        assert_eq!(t.holds(&past), None);
        // Arabic with CRLF line ends and Japanese quotation marks.
        let t = Text::new("قال: «سننتصر»\r\n彼は「勝つ」と述べた。".to_owned());
        for range in [6..12, 13..15, 15..25] {
            let made = t.span(range.clone()).unwrap();
            assert_eq!(t.holds(&made), t.byte_range(range.clone()), "{range:?}");
            let stored = Span::new(range.start, range.end, made.exact(), "", "");
            assert_eq!(t.holds(&stored), t.byte_range(range.clone()));
            let shifted = Span::new(range.start + 1, range.end + 1, made.exact(), "", "");
            assert_eq!(t.holds(&shifted), None, "{range:?} moved by one");
        }
    }

    #[test]
    fn a_stored_span_shares_the_text_that_holds_its_words() {
        // CRLF, Arabic, Japanese quotes and a German one, multi-byte all.
        let t = Text::new(
            "Er sagte: „Wir siegen.“\r\nقال: «سننتصر»\r\n彼は「勝つ」と述べた。".to_owned(),
        );
        for range in [11..22, 31..37, 43..45, 0..51, 22..26] {
            let made = t.span(range.clone()).unwrap();
            assert!(made.shares(&t));
            let mut stored = Span::new(
                made.start,
                made.end,
                made.exact(),
                made.prefix(),
                made.suffix(),
            );
            assert!(!stored.shares(&t));
            assert!(stored.share(&t), "{range:?}");
            assert_eq!(stored, made);
            assert_eq!(stored.exact(), t.slice(range).unwrap());
        }
        // Other words at those offsets, or other context: it keeps its own.
        let made = t.span(31..37).unwrap();
        let other = Text::new(t.as_str().replace("سننتصر", "سنخسر!"));
        let mut stored = made.clone();
        assert!(!stored.share(&other));
        assert_eq!(stored.exact(), "سننتصر");
        let mut context = Span::new(made.start, made.end, made.exact(), "x", made.suffix());
        assert!(!context.share(&t));
        assert_eq!(context.prefix(), "x");
    }

    #[test]
    fn span_records_context_and_relocates() {
        let t = Text::new("He said \"just fight\" today.".to_owned());
        let s = t.span(9..19).unwrap();
        assert_eq!(s.exact(), "just fight");
        assert_eq!(s.prefix(), "He said \"");
        assert_eq!(s.suffix(), "\" today.");
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
