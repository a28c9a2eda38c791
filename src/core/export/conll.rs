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

/// The spans of one kind that get tags: outermost first, then those that
/// overlap nothing kept. Returns (kept, left out).
fn outermost<'a>(
    annotations: impl Iterator<Item = &'a Annotation>,
) -> (Vec<&'a Annotation>, Vec<&'a Annotation>) {
    let mut by_size: Vec<&Annotation> = annotations.filter(|a| !a.span.is_empty()).collect();
    by_size.sort_by_key(|a| (std::cmp::Reverse(a.span.len()), a.span.start, &a.id));
    let mut kept: Vec<&Annotation> = Vec::new();
    let mut dropped = Vec::new();
    for a in by_size {
        if kept.iter().any(|k| k.span.overlaps(&a.span)) {
            dropped.push(a);
        } else {
            kept.push(a);
        }
    }
    kept.sort_by_key(|a| a.span.start);
    (kept, dropped)
}

/// Tags per token for one kind's kept spans.
fn tags(tokens: &[Range<usize>], spans: &[&Annotation], kind: KindName) -> Vec<String> {
    let mut out = vec!["O".to_owned(); tokens.len()];
    for a in spans {
        let from = tokens.partition_point(|t| t.start < a.span.start);
        let inside = tokens[from..].iter().take_while(|t| t.end <= a.span.end);
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
                let (kept, dropped) = outermost(
                    s.annotations
                        .iter()
                        .copied()
                        .filter(|a| a.kind.name() == *kind),
                );
                left_out.extend(dropped.into_iter().map(|a| LeftOut {
                    article: s.article.id.clone(),
                    annotation: Some(a.id.clone()),
                    reason: format!("in CoNLL it overlaps a longer {}", kind.as_str()),
                }));
                kept_all.extend(kept.iter().map(|a| a.span.range()));
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
