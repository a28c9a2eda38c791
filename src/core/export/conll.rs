//! conll: token-level BIO tags for sequence labelling.
//!
//! One token per line: `token<TAB>start<TAB>end<TAB>tag…`, one tag column
//! per exported kind (claim, quote, stance, in that order); a blank line
//! between sentences; `# article = <id>` before each article.
//!
//! Tokens are the UAX #29 word segments that are not whitespace: words
//! (each Han ideograph and hiragana is one, as UAX #29 has no dictionary,
//! which is also how CJK sequence labelling counts), single punctuation
//! marks, and whole emoji sequences; combining marks, variation selectors
//! and joiners stay with their base. Every span start and end is also a
//! token boundary, so tags line up with spans exactly. Sentences are UAX #29
//! sentences (a line break always ends one), but a sentence never ends
//! inside an exported span.
//!
//! Tags cover a span without the whitespace at its ends (tokens hold no
//! whitespace); a span of only whitespace has no tokens and is listed in the
//! export report as left out.
//!
//! **Overlaps:** spans of different kinds never clash (separate columns).
//! Within one kind the outermost span wins: the longest, then the earliest;
//! a span overlapping a kept one of the same kind is left out of this
//! format and listed in the export report, whose count is of the spans
//! actually written.

use super::{ExportError, ExportOptions, ExportReport, LeftOut, Selected, step, write_file};
use crate::core::model::{Annotation, KindName};
use crate::core::progress::Progress;
use crate::core::text::{Text, unicode};
use std::collections::BTreeSet;
use std::ops::Range;
use std::path::Path;

/// The tokens of `text` as char ranges, also split at every offset in
/// `cuts`. Whitespace is not part of any token.
pub fn tokens(text: &str, cuts: &BTreeSet<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut chars = CharCount::new(text);
    for (at, segment) in unicode::segments(text) {
        let start = chars.at(at);
        let end = chars.at(at + segment.len());
        let mut from = start;
        for &cut in cuts.range(start + 1..end) {
            out.push(from..cut);
            from = cut;
        }
        out.push(from..end);
    }
    out
}

/// Char offsets of byte offsets met in increasing order, walking the text
/// once.
struct CharCount<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharCount<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// The char offset of byte `at` (a char boundary, not before the last asked).
    fn at(&mut self, at: usize) -> usize {
        let step = self.text.get(self.byte..at).unwrap_or_default();
        self.chars += step.chars().count();
        self.byte = self.byte.max(at);
        self.chars
    }
}

/// The char offsets where UAX #29 sentences start.
fn sentence_starts(text: &str) -> BTreeSet<usize> {
    let mut chars = CharCount::new(text);
    unicode::sentences(text)
        .map(|(at, _)| chars.at(at))
        .collect()
}

/// A span's range without whitespace at its ends: tokens never hold
/// whitespace, so this is the stretch the tags can cover.
fn trimmed(text: &Text, a: &Annotation) -> Range<usize> {
    let slice = text.slice(a.span.range()).unwrap_or_default();
    let lead = slice.chars().take_while(|c| c.is_whitespace()).count();
    let trail = slice
        .chars()
        .rev()
        .take_while(|c| c.is_whitespace())
        .count();
    let end = a.span.end.saturating_sub(trail).max(a.span.start + lead);
    a.span.start + lead..end
}

/// The ranges of one kind's spans that get tags, in text order (outermost
/// wins), and the spans left out with the reason.
fn outermost<'a>(
    text: &Text,
    annotations: impl Iterator<Item = &'a Annotation>,
    kind: KindName,
) -> (Vec<Range<usize>>, Vec<(&'a Annotation, String)>) {
    let mut by_size = Vec::new();
    let mut dropped = Vec::new();
    for a in annotations {
        let range = trimmed(text, a);
        if range.is_empty() {
            dropped.push((a, "in CoNLL it has no tokens (only whitespace)".to_owned()));
        } else {
            by_size.push((range, a));
        }
    }
    by_size.sort_by_key(|(r, a)| (std::cmp::Reverse(r.len()), r.start, &a.id));
    let mut kept: Vec<Range<usize>> = Vec::new();
    for (r, a) in by_size {
        if kept.iter().any(|k| k.start < r.end && r.start < k.end) {
            let why = format!("in CoNLL it overlaps a longer {}", kind.as_str());
            dropped.push((a, why));
        } else {
            kept.push(r);
        }
    }
    kept.sort_by_key(|r| r.start);
    (kept, dropped)
}

/// Tags per token for one kind's kept ranges.
fn tags(tokens: &[Range<usize>], ranges: &[Range<usize>], kind: KindName) -> Vec<String> {
    let mut out = vec!["O".to_owned(); tokens.len()];
    for r in ranges {
        let from = tokens.partition_point(|t| t.start < r.start);
        let inside = tokens[from..].iter().take_while(|t| t.end <= r.end);
        for (n, _) in inside.enumerate() {
            let bio = if n == 0 { "B" } else { "I" };
            out[from + n] = format!("{bio}-{}", kind.as_str());
        }
    }
    out
}

pub(super) fn write(
    selected: &[Selected],
    options: &ExportOptions,
    out: &Path,
    progress: &Progress,
    report: &mut ExportReport,
) -> Result<(), ExportError> {
    let kinds = options.kinds();
    let mut left_out = Vec::new();
    write_file(out, |w| {
        let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
        writeln!(w, "# columns = token start end {}", names.join(" "))?;
        for s in selected {
            let text: &Text = &s.article.text;
            let mut columns = Vec::new();
            let mut kept_all = Vec::new();
            for kind in &kinds {
                let of_kind = s
                    .annotations
                    .iter()
                    .copied()
                    .filter(|a| a.kind.name() == *kind);
                let (kept, dropped) = outermost(text, of_kind, *kind);
                left_out.extend(dropped.into_iter().map(|(a, reason)| LeftOut {
                    article: s.article.id.clone(),
                    annotation: Some(a.id.clone()),
                    reason,
                }));
                kept_all.extend(kept.iter().cloned());
                columns.push(kept);
            }
            let cuts: BTreeSet<usize> = kept_all.iter().flat_map(|r| [r.start, r.end]).collect();
            let toks = tokens(text.as_str(), &cuts);
            let tag_columns: Vec<Vec<String>> = columns
                .iter()
                .zip(&kinds)
                .map(|(spans, kind)| tags(&toks, spans, *kind))
                .collect();
            let starts = sentence_starts(text.as_str());
            writeln!(w, "\n# article = {}", s.article.id)?;
            for (i, t) in toks.iter().enumerate() {
                let inside = |at: usize| kept_all.iter().any(|r| r.start < at && at < r.end);
                // A sentence may start inside the previous token ("end.Next"
                // is one word to UAX #29); the break goes before this one.
                let begins =
                    |prev: &Range<usize>| starts.range(prev.start + 1..=t.start).next().is_some();
                if i > 0 && !inside(t.start) && begins(&toks[i - 1]) {
                    writeln!(w)?;
                }
                write!(
                    w,
                    "{}\t{}\t{}",
                    text.slice(t.clone()).unwrap_or_default(),
                    t.start,
                    t.end
                )?;
                for column in &tag_columns {
                    write!(w, "\t{}", column[i])?;
                }
                writeln!(w)?;
            }
            step(progress)?;
        }
        Ok(())
    })?;
    // The count says what the file holds: spans left out here were counted
    // when they were selected.
    report.annotations = report.annotations.saturating_sub(left_out.len());
    report.left_out.extend(left_out);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_start_after_stops_and_line_breaks_not_abbreviations() {
        let text = "Kim arrived. U.S. officials said “no.” Then\nnext 北朝鮮。次";
        let starts: Vec<usize> = sentence_starts(text).into_iter().collect();
        let at = |s: &str| text[..text.find(s).unwrap()].chars().count();
        assert_eq!(starts, [0, at("U.S."), at("Then"), at("next"), at("次")]);
    }

    #[test]
    fn tokens_are_split_at_every_cut() {
        let text = "Песков заявил";
        let cuts: BTreeSet<usize> = [2, 6, 9].into();
        let got: Vec<Range<usize>> = tokens(text, &cuts);
        assert_eq!(got, [0..2, 2..6, 7..9, 9..13]);
    }
}
