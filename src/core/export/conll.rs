//! conll: token-level BIO tags for sequence labelling.
//!
//! One token per line: `token<TAB>start<TAB>end<TAB>tag…`, one tag column
//! per exported kind (claim, quote, stance, in that order); a blank line
//! between sentences; `# article = <id>` before each article.
//!
//! Tokens are runs of letters and digits, or single other characters
//! (combining marks, variation selectors and zero-width joiners stay with
//! the character before), and every span start and end is also a token
//! boundary, so tags line up with spans exactly. A sentence ends at a line
//! break or after `.`, `!`, `?` (and their CJK forms), but never inside an
//! exported span.
//!
//! Tags cover a span without the whitespace at its ends (tokens hold no
//! whitespace); a span of only whitespace has no tokens and is listed in the
//! export report as left out.
//!
//! **Overlaps:** spans of different kinds never clash (separate columns).
//! Within one kind the outermost span wins: the longest, then the earliest;
//! a span overlapping a kept one of the same kind is left out of this
//! format and listed in the export report.

use super::{ExportError, ExportOptions, ExportReport, LeftOut, Selected, step, write_file};
use crate::core::model::{Annotation, KindName};
use crate::core::progress::Progress;
use crate::core::text::Text;
use std::collections::BTreeSet;
use std::ops::Range;
use std::path::Path;

/// Characters that belong to the one before them.
fn extends(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}' | '\u{0483}'..='\u{0489}' | '\u{0591}'..='\u{05BD}'
        | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}'
        | '\u{0900}'..='\u{0903}' | '\u{093A}'..='\u{094F}'
        | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{200C}' | '\u{200D}'
        | '\u{20D0}'..='\u{20FF}' | '\u{FE00}'..='\u{FE0F}' | '\u{FE20}'..='\u{FE2F}'
        | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0100}'..='\u{E01EF}')
}

fn ends_sentence(token: &str) -> bool {
    matches!(token, "." | "!" | "?" | "。" | "！" | "？" | "…" | "؟")
}

/// The tokens of `text` as char ranges, also split at every offset in
/// `cuts`. Whitespace is not part of any token.
pub fn tokens(text: &str, cuts: &BTreeSet<usize>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut current: Option<(usize, bool)> = None; // (start, is a word)
    let mut prev_joiner = false;
    for (i, c) in text.chars().enumerate() {
        let glued = extends(c) || prev_joiner;
        prev_joiner = c == '\u{200D}';
        let cut = cuts.contains(&i);
        if let Some((start, word)) = current {
            let continues = !cut && (glued || (word && c.is_alphanumeric()));
            if continues {
                continue;
            }
            out.push(start..i);
            current = None;
        }
        if !c.is_whitespace() {
            current = Some((i, c.is_alphanumeric()));
        }
    }
    if let Some((start, _)) = current {
        out.push(start..text.chars().count());
    }
    out
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
            writeln!(w, "\n# article = {}", s.article.id)?;
            let mut previous_end = 0;
            for (i, t) in toks.iter().enumerate() {
                let inside = |at: usize| kept_all.iter().any(|r| r.start < at && at < r.end);
                if i > 0 && !inside(t.start) {
                    let gap = text.slice(previous_end..t.start).unwrap_or_default();
                    let after_stop = text.slice(toks[i - 1].clone()).is_some_and(ends_sentence);
                    if gap.contains('\n') || gap.contains('\r') || after_stop {
                        writeln!(w)?;
                    }
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
                previous_end = t.end;
            }
            step(progress)?;
        }
        Ok(())
    })?;
    report.left_out.extend(left_out);
    Ok(())
}
