//! Finding many spans again in one text: every char boundary sorted by the
//! 8 bytes that follow it, built once, so each search is a binary search
//! and a walk over the places that really start with the same bytes
//! instead of a scan of the whole text. 20,000 stale spans in a 1 MB
//! article are 20,000 lookups, not 20 GB of scanning.

use super::{Anchor, CONTEXT_CHARS, Span, Text};
use rayon::prelude::*;
use std::borrow::Cow;

/// Bytes of each place's key.
const KEY: usize = 8;

/// The places of one text, by their first [`KEY`] bytes (padded with zero
/// bytes at the end of the text).
#[derive(Clone, Debug, Default)]
pub struct TextSearch {
    /// Sorted; `places[i]` has key `keys[i]`, and places with one key are
    /// in text order.
    keys: Vec<u64>,
    places: Vec<u32>,
}

fn key(bytes: &[u8]) -> u64 {
    let mut k = [0u8; KEY];
    let n = bytes.len().min(KEY);
    k[..n].copy_from_slice(&bytes[..n]);
    u64::from_be_bytes(k)
}

impl TextSearch {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut pairs: Vec<(u64, u32)> = text
            .char_indices()
            .map(|(b, _)| (key(&bytes[b..]), b as u32))
            .collect();
        pairs.par_sort_unstable();
        pairs.into_iter().unzip::<_, _, Vec<_>, Vec<_>>().into()
    }

    /// Byte offsets where `needle` starts in `text` (the text this was
    /// built from), in text order, overlapping ones included. A place may
    /// still need [`starts_at`] to be checked: the key holds only a prefix.
    fn candidates(&self, needle: &[u8]) -> Cow<'_, [u32]> {
        if needle.len() >= KEY {
            let k = key(needle);
            let lo = self.keys.partition_point(|&x| x < k);
            let hi = self.keys.partition_point(|&x| x <= k);
            return Cow::Borrowed(&self.places[lo..hi]);
        }
        // Every key that begins with the needle, in one run of the keys but
        // not in text order across keys.
        let mut low = [0u8; KEY];
        let mut high = [0xFFu8; KEY];
        low[..needle.len()].copy_from_slice(needle);
        high[..needle.len()].copy_from_slice(needle);
        let (low, high) = (u64::from_be_bytes(low), u64::from_be_bytes(high));
        let lo = self.keys.partition_point(|&x| x < low);
        let hi = self.keys.partition_point(|&x| x <= high);
        let mut places = self.places[lo..hi].to_vec();
        places.sort_unstable();
        Cow::Owned(places)
    }

    /// Byte offsets of every occurrence of `needle` in `text` (overlapping
    /// ones included), in text order: what scanning with
    /// [`super::occurrences`] finds.
    pub fn occurrences(&self, text: &str, needle: &str) -> Vec<usize> {
        if needle.is_empty() {
            return super::occurrences(text, needle).collect();
        }
        self.candidates(needle.as_bytes())
            .iter()
            .map(|&p| p as usize)
            .filter(|&p| starts_at(text, p, needle))
            .collect()
    }

    /// [`Text::locate`] through the index: the same answer, found by
    /// walking outward from the span's old place and stopping at the first
    /// occurrence whose context agrees on both sides.
    pub fn locate(&self, text: &Text, span: &Span) -> Anchor {
        if text.holds(span).is_some() {
            return Anchor::InPlace;
        }
        if span.exact().is_empty() {
            return Anchor::Lost;
        }
        let s = text.as_str();
        let exact = span.exact();
        let exact_chars = exact.chars().count();
        // A stored context longer than the context a span records can
        // never agree (`Text::locate` compares with that much text).
        let prefix_fits = span.prefix().chars().count() <= CONTEXT_CHARS;
        let suffix_fits = span.suffix().chars().count() <= CONTEXT_CHARS;
        let score = |byte: usize| {
            usize::from(prefix_fits && s[..byte].ends_with(span.prefix()))
                + usize::from(suffix_fits && s[byte + exact.len()..].starts_with(span.suffix()))
        };
        let candidates = self.candidates(exact.as_bytes());
        let found = |p: &u32| starts_at(s, *p as usize, exact);
        let to_char = |p: u32| text.byte_to_char(p as usize).unwrap_or(usize::MAX);
        let old = text.char_to_byte(span.start).unwrap_or(s.len() + 1);
        let split = candidates.partition_point(|&p| (p as usize) < old);
        let mut left = candidates[..split]
            .iter()
            .rev()
            .filter(|p| found(p))
            .peekable();
        let mut right = candidates[split..].iter().filter(|p| found(p)).peekable();
        // The nearest place of each score; on equal distance the earlier.
        let mut best: [Option<usize>; 2] = [None, None];
        loop {
            let l = left.peek().map(|&&p| (span.start - to_char(p), p));
            let r = right.peek().map(|&&p| (to_char(p) - span.start, p));
            let p = match (l, r) {
                (None, None) => break,
                (Some((dl, p)), Some((dr, _))) if dl <= dr => {
                    left.next();
                    p
                }
                (Some((_, p)), None) => {
                    left.next();
                    p
                }
                (_, Some((_, p))) => {
                    right.next();
                    p
                }
            };
            let start = to_char(p);
            match score(p as usize) {
                2 => {
                    best = [Some(start), None];
                    break;
                }
                k => {
                    best[1 - k] = best[1 - k].or(Some(start));
                }
            }
        }
        match best[0].or(best[1]) {
            Some(start) => Anchor::Moved {
                start,
                end: start + exact_chars,
            },
            None => Anchor::Lost,
        }
    }
}

impl From<(Vec<u64>, Vec<u32>)> for TextSearch {
    fn from((keys, places): (Vec<u64>, Vec<u32>)) -> Self {
        Self { keys, places }
    }
}

fn starts_at(text: &str, byte: usize, needle: &str) -> bool {
    text.as_bytes()
        .get(byte..)
        .is_some_and(|rest| rest.starts_with(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::generate::Rng;

    /// Random text over a few words, mixed scripts and line endings, so
    /// spans recur, overlap and lose their context.
    fn random_text(rng: &mut Rng, words: usize) -> String {
        const WORDS: &[&str] = &["ha", "ha ", "said", "niño", "😀", "\r\n", "\n", "a", "Año"];
        (0..words).map(|_| WORDS[rng.below(WORDS.len())]).collect()
    }

    #[test]
    fn finds_what_a_scan_finds() {
        let mut rng = Rng(7);
        for _ in 0..50 {
            let text = random_text(&mut rng, 200);
            let search = TextSearch::new(&text);
            for needle in [
                "ha",
                "ha ha",
                "said\r\n",
                "niño😀",
                "a",
                "ño a ha ha ha",
                "\n",
            ] {
                let scanned: Vec<usize> = super::super::occurrences(&text, needle).collect();
                assert_eq!(search.occurrences(&text, needle), scanned, "{needle:?}");
            }
        }
    }

    #[test]
    fn locates_as_text_locate_does() {
        let mut rng = Rng(11);
        let mut moved = 0;
        for _ in 0..200 {
            let old = Text::new(random_text(&mut rng, 60));
            // The old text with a few random words inserted and removed.
            let mut words = random_text(&mut rng, 3);
            let cut = rng.below(old.len_chars());
            let new: String = old.as_str().chars().take(cut).collect::<String>()
                + &words
                + &old
                    .as_str()
                    .chars()
                    .skip(cut + rng.below(4))
                    .collect::<String>();
            words.clear();
            let new = Text::new(new);
            let search = TextSearch::new(new.as_str());
            for _ in 0..20 {
                let start = rng.below(old.len_chars());
                let end = (start + 1 + rng.below(8)).min(old.len_chars());
                let mut span = old.span(start..end).unwrap();
                if rng.below(5) == 0 {
                    let prefix = format!("{}{}", "x".repeat(CONTEXT_CHARS), span.prefix());
                    span = Span::new(span.start, span.end, span.exact(), &prefix, span.suffix());
                }
                let expected = new.locate(&span);
                moved += usize::from(matches!(expected, Anchor::Moved { .. }));
                assert_eq!(search.locate(&new, &span), expected, "{span:?}");
            }
        }
        assert!(moved > 500, "only {moved} moved spans");
    }
}
