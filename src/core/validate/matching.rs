//! Finding the same words across articles without comparing all pairs.
//!
//! Texts are normalised ([`normalise`]: NFKC, case, punctuation, quotes) and
//! hashed, so identical wordings meet in one hash bucket. Two more kinds of
//! match are found through candidate buckets, never by comparing all pairs:
//! - near-identical wordings ("just fight" / "sacred fight"): MinHash over
//!   character trigrams with banded locality-sensitive hashing, verified by
//!   edit distance;
//! - the same words in another order or inside a longer sentence: an
//!   inverted index from each word to the texts holding it, verified by
//!   word-set containment and Jaccard similarity. A word held by more than
//!   [`COMMON_WORD_TEXTS`] texts ("the", "said") proposes no candidates.
//!
//! Cost grows with the number of distinct texts, not with its square.

use crate::core::model::KindName;
use crate::core::text::unicode::fold_into;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// Shorter normalised texts never match ("he said").
pub const MIN_MATCH_CHARS: usize = 12;
/// Fuzzy matching needs this much text to be meaningful.
pub const MIN_FUZZY_CHARS: usize = 24;
/// Longer texts match exactly or not at all (edit distance is quadratic).
pub const MAX_FUZZY_CHARS: usize = 1000;
/// Two texts are near-identical when at most this share of chars differs.
pub const MAX_DIFFERENCE: f64 = 0.15;

/// A text this much of whose words are in a longer one is contained in it
/// ("the talks lasted five hours" in "…, and the talks lasted five hours,
/// Peskov said"), if it has at least [`MIN_CONTAINED_WORDS`] words.
pub const MIN_CONTAINMENT: f64 = 0.85;
pub const MIN_CONTAINED_WORDS: usize = 5;
/// Two texts sharing this share of their words say the same in other order.
pub const MIN_JACCARD: f64 = 0.6;
/// Words in more texts than this are too common to propose a match.
pub const COMMON_WORD_TEXTS: usize = 64;

const HASHES: usize = 24;
const BANDS: usize = 8;
const ROWS: usize = HASHES / BANDS;

/// The normal form texts are matched in: the text module's fold.
pub use crate::core::text::unicode::fold as normalise;

/// A fast word-at-a-time hash (FxHash's step, SplitMix's finaliser):
/// deterministic, good enough to bucket texts and notice changes, and the
/// hasher of the validator's own maps.
#[derive(Clone, Copy)]
pub(crate) struct Fx(u64);

pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;
pub(crate) type FastSet<K> = HashSet<K, BuildHasherDefault<Fx>>;

impl Default for Fx {
    fn default() -> Self {
        Fx(0xcbf2_9ce4_8422_2325)
    }
}

impl Fx {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn word(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    pub fn u64(&mut self, v: u64) {
        self.word(v);
    }
}

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.word(u64::from_le_bytes(w));
        }
        let mut rest = [0u8; 8];
        let tail = chunks.remainder();
        rest[..tail.len()].copy_from_slice(tail);
        self.word(u64::from_le_bytes(rest) ^ (tail.len() as u64) << 59);
    }
    fn write_u8(&mut self, i: u8) {
        self.word(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.word(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.word(i as u64);
    }
    fn finish(&self) -> u64 {
        mix(self.0)
    }
}

/// A strong 64-bit finaliser (SplitMix64's).
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The key under which a claim's or quote's text is indexed: a hash of its
/// kind and normalised text; `None` when the text is too short to match.
pub fn text_key(kind: KindName, text: &str) -> Option<u64> {
    let mut h = Fx::new();
    h.word(kind as u64);
    let mut chars = 0;
    fold_into(text, |c| {
        chars += 1;
        h.word(u64::from(c));
    });
    (chars >= MIN_MATCH_CHARS).then(|| h.finish())
}

/// MinHash signature over character trigrams.
fn signature(norm: &[char]) -> [u64; HASHES] {
    let mut sig = [u64::MAX; HASHES];
    for w in norm.windows(3) {
        let shingle = mix(u64::from(w[0]) | u64::from(w[1]) << 21 | u64::from(w[2]) << 42);
        for (i, slot) in sig.iter_mut().enumerate() {
            let h = mix(shingle ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
            *slot = (*slot).min(h);
        }
    }
    sig
}

/// The LSH bucket keys of a text: one per band of its signature.
pub(crate) fn band_keys(kind: KindName, norm: &str) -> Vec<u64> {
    let chars: Vec<char> = norm.chars().collect();
    if chars.len() < MIN_FUZZY_CHARS || chars.len() > MAX_FUZZY_CHARS {
        return Vec::new();
    }
    let sig = signature(&chars);
    sig.chunks(ROWS)
        .enumerate()
        .map(|(band, rows)| {
            let mut h = Fx::new();
            h.word(kind as u64);
            h.u64(band as u64);
            rows.iter().for_each(|r| h.u64(*r));
            h.finish()
        })
        .collect()
}

/// Levenshtein distance in chars, giving up (None) above `limit`.
fn edit_distance(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= limit).then_some(d)
}

/// How two texts match, from the closest kind down.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Likeness {
    /// The same normalised text.
    Same,
    /// A few characters differ.
    NearIdentical,
    /// The same words, in another order or with a few changed.
    Similar,
    /// One lies (almost) word for word inside the other.
    Contained,
}

impl Likeness {
    /// A few words of what the match means, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Likeness::Same => "the same words",
            Likeness::NearIdentical => "nearly the same words",
            Likeness::Similar => "mostly the same words",
            Likeness::Contained => "the words of one inside the other",
        }
    }
}

/// The sorted, distinct word hashes of a normalised text: its Unicode word
/// segments, so each Han ideograph counts as a word, with number words
/// as their digits ("twelve" = "12").
pub(crate) fn word_hashes(norm: &str) -> Box<[u64]> {
    hashes(norm, usize::MAX)
}

/// [`word_hashes`] with each word cut to its first [`STEM_CHARS`] chars: a
/// crude stem under which "members" meets "member" and "violate" meets
/// "violation", for the looser matching of link suggestions.
pub(crate) fn stem_hashes(norm: &str) -> Box<[u64]> {
    hashes(norm, STEM_CHARS)
}

/// Chars kept of a word by [`stem_hashes`].
pub(crate) const STEM_CHARS: usize = 5;

fn hashes(norm: &str, keep: usize) -> Box<[u64]> {
    let mut words: Vec<u64> = crate::core::text::unicode::words(norm)
        .map(|(_, w)| {
            use std::hash::Hash;
            let mut h = Fx::new();
            match super::values::number_word(w) {
                Some(v) => (v as u64).to_string().hash(&mut h),
                None => match w.char_indices().nth(keep) {
                    Some((cut, _)) => w[..cut].hash(&mut h),
                    None => w.hash(&mut h),
                },
            }
            h.finish()
        })
        .collect();
    words.sort_unstable();
    words.dedup();
    words.into_boxed_slice()
}

/// How two distinct indexed texts match, if they do.
fn likeness(a: &TextEntry, b: &TextEntry) -> Option<Likeness> {
    if a.kind != b.kind {
        return None;
    }
    compare(&a.norm, &a.words, &b.norm, &b.words)
}

/// How two normalised texts with their [`word_hashes`] match, if they do:
/// the test the index verifies its candidates with, for callers that find
/// candidates their own way (link suggestions).
pub(crate) fn compare(
    a_norm: &str,
    a_words: &[u64],
    b_norm: &str,
    b_words: &[u64],
) -> Option<Likeness> {
    if a_norm == b_norm {
        return Some(Likeness::Same);
    }
    let short = a_norm.len().max(b_norm.len()) <= MAX_FUZZY_CHARS * 4;
    if short
        && a_norm.chars().count().min(b_norm.chars().count()) >= MIN_FUZZY_CHARS
        && near_identical(a_norm, b_norm)
    {
        return Some(Likeness::NearIdentical);
    }
    let n = crate::core::text::unicode::shared_sorted(a_words, b_words);
    let smaller = a_words.len().min(b_words.len());
    let union = a_words.len() + b_words.len() - n;
    if union > 0 && n as f64 / union as f64 >= MIN_JACCARD && n >= 3 {
        return Some(Likeness::Similar);
    }
    if smaller >= MIN_CONTAINED_WORDS && n as f64 >= MIN_CONTAINMENT * smaller as f64 {
        return Some(Likeness::Contained);
    }
    None
}

/// True when two normalised texts are near-identical.
pub fn near_identical(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let longest = a.len().max(b.len());
    let limit = (longest as f64 * MAX_DIFFERENCE).floor() as usize;
    edit_distance(&a, &b, limit).is_some()
}

/// One distinct normalised text and the annotations that carry it.
#[derive(Debug)]
pub(crate) struct TextEntry {
    pub kind: KindName,
    pub norm: String,
    /// (article index, annotation index, member hash).
    pub members: Vec<(u32, u32, u64)>,
    /// Matching texts (verified candidates) and how they match.
    pub neighbours: Vec<(u64, Likeness)>,
    bands: Vec<u64>,
    /// Sorted distinct word hashes.
    words: Box<[u64]>,
}

/// Distinct texts by key, with their LSH buckets and near-identical links.
#[derive(Debug, Default)]
pub(crate) struct TextIndex {
    pub entries: FastMap<u64, TextEntry>,
    buckets: FastMap<u64, Vec<u64>>,
    /// Word hash → the texts holding it.
    postings: FastMap<u64, Vec<u64>>,
}

impl TextIndex {
    /// Adds a member, creating the entry (without links yet) if needed;
    /// returns true when the entry is new.
    pub fn add(&mut self, key: u64, kind: KindName, text: &str, member: (u32, u32, u64)) -> bool {
        match self.entries.get_mut(&key) {
            Some(e) => {
                e.members.push(member);
                false
            }
            None => {
                let norm = normalise(text);
                self.entries.insert(
                    key,
                    TextEntry {
                        kind,
                        words: word_hashes(&norm),
                        norm,
                        members: vec![member],
                        neighbours: Vec::new(),
                        bands: Vec::new(),
                    },
                );
                true
            }
        }
    }

    /// Drops an article's members from `key`; removes the entry and its
    /// links once it has none.
    pub fn remove_article(&mut self, key: u64, article: u32) {
        let Some(e) = self.entries.get_mut(&key) else {
            return;
        };
        e.members.retain(|m| m.0 != article);
        if !e.members.is_empty() {
            return;
        }
        let Some(e) = self.entries.remove(&key) else {
            return;
        };
        for band in &e.bands {
            if let Some(b) = self.buckets.get_mut(band) {
                b.retain(|k| *k != key);
                if b.is_empty() {
                    self.buckets.remove(band);
                }
            }
        }
        for w in &e.words {
            if let Some(p) = self.postings.get_mut(w) {
                p.retain(|k| *k != key);
                if p.is_empty() {
                    self.postings.remove(w);
                }
            }
        }
        for (n, _) in &e.neighbours {
            if let Some(other) = self.entries.get_mut(n) {
                other.neighbours.retain(|(k, _)| *k != key);
            }
        }
    }

    /// How the texts `a` and `b` match: the same entry, or linked.
    pub fn likeness(&self, a: u64, b: u64) -> Option<Likeness> {
        if a == b {
            return Some(Likeness::Same);
        }
        let e = self.entries.get(&a)?;
        e.neighbours.iter().find(|(k, _)| *k == b).map(|(_, l)| *l)
    }

    /// Puts new entries into their buckets and word postings, and links
    /// each to the texts it matches. All of `new` is indexed before any is
    /// looked up, so a batch links the same pairs in any order.
    pub fn link(&mut self, new: &[u64]) {
        use rayon::prelude::*;
        let bands: Vec<(u64, Vec<u64>)> = new
            .par_iter()
            .filter_map(|k| {
                let e = self.entries.get(k)?;
                Some((*k, band_keys(e.kind, &e.norm)))
            })
            .collect();
        let mut candidates: Vec<(u64, u64)> = Vec::new();
        for (key, keys) in bands {
            let mut seen = FastSet::default();
            for band in &keys {
                let bucket = self.buckets.entry(*band).or_default();
                for other in bucket.iter() {
                    if seen.insert(*other) {
                        candidates.push((key, *other));
                    }
                }
                bucket.push(key);
            }
            if let Some(e) = self.entries.get_mut(&key) {
                e.bands = keys;
            }
        }
        for key in new {
            let Some(e) = self.entries.get(key) else {
                continue;
            };
            for w in e.words.iter() {
                self.postings.entry(*w).or_default().push(*key);
            }
        }
        // Texts sharing words with a new one; with few words, one will do.
        let by_words: Vec<(u64, u64)> = new
            .par_iter()
            .flat_map_iter(|key| {
                let mut counts: FastMap<u64, u32> = FastMap::default();
                let words = self.entries.get(key).map_or(&[][..], |e| &e.words[..]);
                for w in words {
                    let Some(p) = self.postings.get(w) else {
                        continue;
                    };
                    if p.len() > COMMON_WORD_TEXTS {
                        continue;
                    }
                    for other in p.iter().filter(|o| *o != key) {
                        *counts.entry(*other).or_default() += 1;
                    }
                }
                let need = if words.len() < 4 { 1 } else { 2 };
                counts
                    .into_iter()
                    .filter(move |(_, n)| *n >= need)
                    .map(move |(other, _)| (*key, other))
            })
            .collect();
        candidates.extend(by_words);
        // Each pair once, whichever side proposed it.
        for pair in &mut candidates {
            if pair.0 > pair.1 {
                *pair = (pair.1, pair.0);
            }
        }
        candidates.par_sort_unstable();
        candidates.dedup();
        let linked: Vec<(u64, u64, Likeness)> = candidates
            .into_par_iter()
            .filter(|(a, b)| {
                // Pairs of old texts were checked when they were new.
                a != b
                    && self
                        .entries
                        .get(a)
                        .is_some_and(|e| !e.neighbours.iter().any(|(k, _)| k == b))
            })
            .filter_map(|(a, b)| {
                let l = likeness(self.entries.get(&a)?, self.entries.get(&b)?)?;
                Some((a, b, l))
            })
            .collect();
        for (a, b, l) in linked {
            if let Some(e) = self.entries.get_mut(&a) {
                e.neighbours.push((b, l));
            }
            if let Some(e) = self.entries.get_mut(&b) {
                e.neighbours.push((a, l));
            }
        }
    }

    /// Every text connected to `start` through near-identical links.
    pub fn component(&self, start: u64) -> Vec<u64> {
        let mut seen = FastSet::default();
        seen.insert(start);
        let mut todo = vec![start];
        let mut out = Vec::new();
        while let Some(k) = todo.pop() {
            let Some(e) = self.entries.get(&k) else {
                continue;
            };
            out.push(k);
            for (n, _) in &e.neighbours {
                if seen.insert(*n) {
                    todo.push(*n);
                }
            }
        }
        out.sort_unstable();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_folds_case_punctuation_and_quotes() {
        assert_eq!(
            normalise("“We WON’T  stop,” he said!"),
            "we wont stop he said"
        );
        assert_eq!(
            normalise("\"We won't stop\", he said."),
            "we wont stop he said"
        );
        assert_eq!(normalise("  ...  "), "");
        assert_eq!(normalise("DPRK-Russia"), "dprk russia");
    }

    #[test]
    fn text_keys_ignore_form_but_not_kind_or_words() {
        let a = text_key(KindName::Quote, "“This is a just fight,” he said");
        assert_eq!(
            a,
            text_key(KindName::Quote, "this is a JUST fight he said.")
        );
        assert_ne!(a, text_key(KindName::Claim, "this is a just fight he said"));
        assert_ne!(
            a,
            text_key(KindName::Quote, "this is a sacred fight he said")
        );
        assert_eq!(text_key(KindName::Quote, "he said"), None, "too short");
    }

    #[test]
    fn near_identical_texts_are_candidates_and_verified() {
        let mut index = TextIndex::default();
        let texts = [
            (1, "This is a just fight for our sovereign rights"),
            (2, "This is a sacred fight for our sovereign rights"),
            (3, "The meeting lasted well into the evening hours"),
            (4, "Nobody gains from another round of sanctions"),
        ];
        for (key, t) in texts {
            index.add(key, KindName::Quote, t, (0, key as u32, 0));
        }
        index.link(&[1, 2, 3, 4]);
        assert_eq!(index.component(1), vec![1, 2]);
        assert_eq!(index.component(3), vec![3]);
        assert_eq!(index.component(4), vec![4]);
        index.remove_article(2, 0);
        assert_eq!(index.component(1), vec![1]);
    }

    #[test]
    fn unrelated_texts_rarely_share_a_bucket() {
        let a = band_keys(
            KindName::Quote,
            &normalise("We will not accept any agreement that ignores our security"),
        );
        let b = band_keys(
            KindName::Quote,
            &normalise("The region deserves peace, not more weapons"),
        );
        assert_eq!(a.len(), BANDS);
        assert!(a.iter().all(|k| !b.contains(k)));
        assert!(!near_identical(
            "the talks were frank",
            "the talks were long"
        ));
    }
}
