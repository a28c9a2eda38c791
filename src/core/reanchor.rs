//! Re-anchoring: finding every annotation span and quote cue again after an
//! article's text changed, and the edit that moves them.
//!
//! The old text is not kept; each span recorded its offsets, its text
//! (`exact`) and up to [`CONTEXT_CHARS`] of context on each side, and that is
//! what is searched for. Anchors are placed in three steps, each trusted less
//! than the one before:
//!
//! 1. **Seeds.** The span's text where the nearest [`SEED_CONTEXT`] chars of
//!    context on both sides still agree, at only one place within
//!    [`SEARCH_RADIUS`] of the old offset (the whole text if no seed is found
//!    near). Edits keep surviving text in order, so of the seeds only the
//!    longest run whose new offsets grow with the old ones is kept: a seed
//!    that landed in a repeated paragraph cannot pull its neighbours along.
//! 2. **The same text between neighbours.** An anchor's new start must lie
//!    between the new starts of the seeds before and after it. Among the
//!    places there holding its text, the one whose context agrees most wins,
//!    then the one nearest the offset interpolated from those seeds (a cue's
//!    from where its quote went). So a name printed ten times goes to the
//!    occurrence between the right neighbours. With less than
//!    [`CONTEXT_MATCH`] chars of agreeing context, only a place that is the
//!    only one in the window, within [`NEAR`] chars of the prediction and
//!    with at least the next char agreeing on both sides is taken.
//! 3. **Approximate.** The old context and text are diffed (Myers, over
//!    chars, by the `similar` crate) against the text around the prediction,
//!    and the span's ends are mapped through the diff: the span's own text
//!    was edited. The match scores `0.6 × similarity of the span's text +
//!    0.2 × share of the prefix kept + 0.2 × share of the suffix kept`; at
//!    least [`CHANGED_MIN`] (with a text similarity of at least
//!    [`OWN_TEXT_MIN`], and [`ADJACENT`] chars right next to the match
//!    agreeing on one side) makes it [`Outcome::Changed`], anything less an
//!    [`Outcome::Orphan`]: kept with its stored text, listed, never moved.
//!
//! Steps 1 and 2 only ever move a span to its exact stored text
//! ([`Outcome::Moved`], certain); step 3 is the only one that proposes other
//! text, and says so. The plan becomes one [`Edit::Batch`] through
//! [`Plan::edit`], applied by [`crate::core::edit::apply`] like any edit.

use crate::core::article::{Article, Corpus};
use crate::core::edit::Edit;
use crate::core::model::{Annotation, AnnotationId, AnnotationSet, ArticleId, Kind};
use crate::core::text::{CONTEXT_CHARS, Span, Text, occurrences};
use rayon::prelude::*;
use serde::Serialize;
use similar::{Algorithm, DiffOp, DiffTag};
use std::collections::HashMap;

/// Context chars that must agree on each side for a seed (fewer at an
/// article's edge, where less was recorded).
pub const SEED_CONTEXT: usize = 8;
/// Agreeing context chars (both sides together) for an exact match to count
/// as confirmed by its context.
pub const CONTEXT_MATCH: usize = 8;
/// How far from the predicted offset an exact match without agreeing
/// context may lie.
pub const NEAR: usize = 32;
/// How far around the old offset (or the prediction) exact text is searched.
pub const SEARCH_RADIUS: usize = 2048;
/// The lowest score of an approximate match; below it the anchor is an orphan.
pub const CHANGED_MIN: f32 = 0.7;
/// Context chars right next to an approximate match that must agree on at
/// least one side.
pub const ADJACENT: usize = 4;
/// The lowest similarity of an approximate match's own text to the stored one.
pub const OWN_TEXT_MIN: f32 = 0.7;

/// Which stretch of an annotation an anchor is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Span,
    /// A quote's cue ("said").
    Cue,
}

impl Part {
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Span => "span",
            Part::Cue => "cue",
        }
    }
}

/// How a moved anchor was found (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Its text, with the context on both sides, in one place only.
    Seed,
    /// Its text between its neighbours, with agreeing context.
    Context,
    /// Its text between its neighbours, nearest where they predict it.
    Neighbours,
    /// Through the diff of its context: only ever approximate.
    Diff,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Seed => "seed",
            Method::Context => "context",
            Method::Neighbours => "neighbours",
            Method::Diff => "diff",
        }
    }
}

/// Where an anchor is in the article's current text.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    InPlace,
    /// The same text elsewhere: certain. `span` has fresh context.
    Moved {
        span: Span,
        method: Method,
        score: f32,
    },
    /// The span's own text was edited; `span` is the approximate match.
    Changed {
        span: Span,
        score: f32,
    },
    /// Not found well enough: kept as it is.
    Orphan,
}

impl Outcome {
    /// The span the anchor would get.
    pub fn new_span(&self) -> Option<&Span> {
        match self {
            Outcome::Moved { span, .. } | Outcome::Changed { span, .. } => Some(span),
            Outcome::InPlace | Outcome::Orphan => None,
        }
    }

    /// A move to the anchor's exact stored text, safe to apply unreviewed.
    pub fn is_certain(&self) -> bool {
        matches!(self, Outcome::Moved { .. })
    }

    pub fn name(&self) -> &'static str {
        match self {
            Outcome::InPlace => "in place",
            Outcome::Moved { .. } => "moved",
            Outcome::Changed { .. } => "changed",
            Outcome::Orphan => "orphan",
        }
    }
}

/// One anchor to place: a stored span, and for a cue the index of its
/// quote's span among the anchors (a cue is predicted from its quote).
#[derive(Clone, Copy, Debug)]
pub struct Old<'a> {
    pub span: &'a Span,
    pub follows: Option<usize>,
}

/// Places every anchor in `text`; one outcome per anchor, in order.
pub fn anchor_all(text: &Text, old: &[Old<'_>]) -> Vec<Outcome> {
    let lens: Vec<usize> = old.iter().map(|o| o.span.exact().chars().count()).collect();
    let mut placed: Vec<Option<Placed>> = vec![None; old.len()];
    let mut seeds = find_seeds(text, old, &lens, false);
    if seeds.is_empty() && !old.is_empty() {
        // Nothing near its old place: the text may have moved far.
        seeds = find_seeds(text, old, &lens, true);
    }
    let seeds = in_order(seeds, old);
    // New start → old start of every anchor placed on its own text. Two
    // surviving chars never land on one place, so a place taken by an
    // anchor that started elsewhere is not a candidate.
    let mut taken: HashMap<usize, usize> = HashMap::new();
    for &(i, start) in &seeds {
        taken.insert(start, old[i].span.start);
        placed[i] = Some(Placed {
            start,
            end: start + lens[i],
            method: Method::Seed,
            score: 1.0,
            same_text: true,
        });
    }
    // (old start, new start) of the seeds, ordered by both.
    let mut marks: Vec<(usize, usize)> =
        seeds.iter().map(|&(i, s)| (old[i].span.start, s)).collect();
    marks.sort_unstable();
    // Spans before cues, so a cue can follow where its quote went.
    let phases: [Vec<usize>; 2] = [
        (0..old.len())
            .filter(|&i| old[i].follows.is_none())
            .collect(),
        (0..old.len())
            .filter(|&i| old[i].follows.is_some())
            .collect(),
    ];
    for phase in phases {
        let mut found = Vec::new();
        let mut rest = Vec::new();
        for i in phase.into_iter().filter(|&i| placed[i].is_none()) {
            let span = old[i].span;
            let (lo, hi, mut predicted) = bounds(&marks, span.start, text.len_chars());
            if let Some(q) = old[i].follows
                && let Some(p) = &placed[q]
            {
                let quote = old[q].span.start;
                predicted = (span.start + p.start).saturating_sub(quote).clamp(lo, hi);
            }
            let window = Window { lo, hi, predicted };
            match between(text, span, lens[i], &window, &taken) {
                Some(p) => found.push((p.start.abs_diff(predicted), i, p, window)),
                None => rest.push((i, window)),
            }
        }
        // The nearest to their predictions claim their places first; one
        // that finds its place taken looks again.
        found.sort_unstable_by_key(|&(d, i, _, _)| (d, i));
        for (_, i, p, window) in found {
            let claim = if free(&taken, p.start, old[i].span.start) {
                Some(p)
            } else {
                between(text, old[i].span, lens[i], &window, &taken)
            };
            match claim {
                Some(p) => {
                    taken.insert(p.start, old[i].span.start);
                    placed[i] = Some(p);
                }
                None => rest.push((i, window)),
            }
        }
        for (i, window) in rest {
            placed[i] = approximate(text, old[i].span, &window);
        }
    }
    placed
        .into_iter()
        .zip(old)
        .map(|(p, o)| match p {
            None => Outcome::Orphan,
            Some(p) if p.same_text && p.start == o.span.start => Outcome::InPlace,
            Some(p) => match text.span(p.start..p.end) {
                Err(_) => Outcome::Orphan,
                Ok(span) if p.same_text => Outcome::Moved {
                    span,
                    method: p.method,
                    score: p.score,
                },
                Ok(span) => Outcome::Changed {
                    span,
                    score: p.score,
                },
            },
        })
        .collect()
}

/// Where an anchor may start now: between `lo` and `hi`, inclusive, and
/// where its neighbours predict it.
#[derive(Clone, Copy, Debug)]
struct Window {
    lo: usize,
    hi: usize,
    predicted: usize,
}

/// True unless an anchor that started elsewhere than `old_start` holds `start`.
fn free(taken: &HashMap<usize, usize>, start: usize, old_start: usize) -> bool {
    taken.get(&start).is_none_or(|&o| o == old_start)
}

#[derive(Clone, Copy, Debug)]
struct Placed {
    start: usize,
    end: usize,
    method: Method,
    score: f32,
    /// The text at `start..end` is the stored text.
    same_text: bool,
}

/// Chars of the stored context that agree with the text around `start..end`:
/// (before, after), counted outward from the span.
fn agreement(text: &Text, span: &Span, start: usize, end: usize) -> (usize, usize) {
    let before = text
        .slice(start.saturating_sub(CONTEXT_CHARS)..start)
        .unwrap_or_default();
    let after = text
        .slice(end..(end + CONTEXT_CHARS).min(text.len_chars()))
        .unwrap_or_default();
    let pre = before
        .chars()
        .rev()
        .zip(span.prefix().chars().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let suf = after
        .chars()
        .zip(span.suffix().chars())
        .take_while(|(a, b)| a == b)
        .count();
    (pre, suf)
}

/// Char offsets where `needle` starts within chars `from..to` of `text`
/// (it may run past `to`).
fn starts<'a>(
    text: &'a Text,
    needle: &'a str,
    from: usize,
    to: usize,
) -> impl Iterator<Item = usize> + 'a {
    let len = text.len_chars();
    let byte_from = text.char_to_byte(from.min(len)).unwrap_or(0);
    let needle_chars = needle.chars().count();
    let byte_to = text
        .char_to_byte((to + needle_chars).min(len))
        .unwrap_or(text.as_str().len());
    let hay = text.as_str().get(byte_from..byte_to).unwrap_or_default();
    occurrences(hay, needle)
        .filter_map(move |b| text.byte_to_char(byte_from + b))
        .filter(move |&s| s <= to)
}

/// Step 1: (anchor, new start) of every anchor with one strong place.
fn find_seeds(
    text: &Text,
    old: &[Old<'_>],
    lens: &[usize],
    everywhere: bool,
) -> Vec<(usize, usize)> {
    let len = text.len_chars();
    old.iter()
        .enumerate()
        .filter_map(|(i, o)| {
            let span = o.span;
            if span.exact().is_empty() {
                return None;
            }
            let need_pre = span.prefix().chars().count().min(SEED_CONTEXT);
            let need_suf = span.suffix().chars().count().min(SEED_CONTEXT);
            if need_pre + need_suf < SEED_CONTEXT {
                return None;
            }
            let strong = |s: usize| {
                let (pre, suf) = agreement(text, span, s, s + lens[i]);
                pre >= need_pre && suf >= need_suf
            };
            if text.holds(span).is_some() && strong(span.start) {
                return Some((i, span.start));
            }
            let (from, to) = if everywhere {
                (0, len)
            } else {
                (
                    span.start.saturating_sub(SEARCH_RADIUS),
                    span.start + SEARCH_RADIUS,
                )
            };
            let mut found = None;
            for s in starts(text, span.exact(), from, to).filter(|&s| strong(s)) {
                if found.is_some() {
                    return None;
                }
                found = Some(s);
            }
            found.map(|s| (i, s))
        })
        .collect()
}

/// The seeds whose new starts grow strictly with their old starts: the
/// longest such run (patience sorting), so a few misplaced seeds are
/// dropped. Seeds that share an old start move together (two annotations
/// of one stretch); seeds from different old starts that land on one new
/// start are all dropped, as at least one of them is wrong and nothing
/// says which.
fn in_order(seeds: Vec<(usize, usize)>, old: &[Old<'_>]) -> Vec<(usize, usize)> {
    let mut by_new: HashMap<usize, usize> = HashMap::new();
    let mut by_old: HashMap<usize, Option<usize>> = HashMap::new();
    for &(i, s) in &seeds {
        let o = old[i].span.start;
        by_new
            .entry(s)
            .and_modify(|first| {
                if *first != o {
                    *first = usize::MAX;
                }
            })
            .or_insert(o);
        by_old
            .entry(o)
            .and_modify(|n| {
                if *n != Some(s) {
                    *n = None;
                }
            })
            .or_insert(Some(s));
    }
    // One (old start, new start) per group, without the ambiguous ones.
    let mut groups: Vec<(usize, usize)> = by_old
        .into_iter()
        .filter_map(|(o, n)| n.map(|n| (o, n)))
        .filter(|(_, n)| by_new.get(n) != Some(&usize::MAX))
        .collect();
    groups.sort_unstable();
    // tails[k]: index into groups of the smallest tail of a run of length k+1.
    let mut tails: Vec<usize> = Vec::new();
    let mut parent: Vec<Option<usize>> = vec![None; groups.len()];
    for (n, &(_, s)) in groups.iter().enumerate() {
        let k = tails.partition_point(|&t| groups[t].1 < s);
        parent[n] = k.checked_sub(1).map(|k| tails[k]);
        if k == tails.len() {
            tails.push(n);
        } else {
            tails[k] = n;
        }
    }
    let mut kept = HashMap::new();
    let mut at = tails.last().copied();
    while let Some(n) = at {
        kept.insert(groups[n].0, groups[n].1);
        at = parent[n];
    }
    seeds
        .into_iter()
        .filter(|&(i, s)| kept.get(&old[i].span.start) == Some(&s))
        .collect()
}

/// Where an anchor that started at `old_start` may start now, between the
/// seeds around it, and where they predict it: (lowest, highest, predicted).
fn bounds(marks: &[(usize, usize)], old_start: usize, len: usize) -> (usize, usize, usize) {
    let after = marks.partition_point(|&(o, _)| o <= old_start);
    let prev = after.checked_sub(1).map(|k| marks[k]);
    let next = marks[marks.partition_point(|&(o, _)| o < old_start)..]
        .first()
        .copied();
    // Surviving chars keep their order strictly: a seed that started
    // before this anchor starts before it still (this rules out the seed's
    // own place, often a second copy of the same words).
    let lo = prev.map_or(0, |(o, n)| if o < old_start { n + 1 } else { n });
    let hi = next
        .map_or(len, |(o, n)| {
            if o > old_start {
                n.saturating_sub(1)
            } else {
                n
            }
        })
        .max(lo);
    let shifted = |(o, n): (usize, usize)| (old_start + n).saturating_sub(o);
    let predicted = match (prev, next) {
        (Some((po, pn)), Some((no, nn))) if no > po => {
            pn + ((old_start - po) as u128 * (nn - pn) as u128 / (no - po) as u128) as usize
        }
        (Some(p), _) => shifted(p),
        (None, Some(n)) => shifted(n),
        (None, None) => old_start,
    };
    (lo, hi, predicted.clamp(lo, hi))
}

/// Step 2: the stored text between the neighbours.
fn between(
    text: &Text,
    span: &Span,
    len: usize,
    window: &Window,
    taken: &HashMap<usize, usize>,
) -> Option<Placed> {
    if span.exact().is_empty() {
        return None;
    }
    let predicted = window.predicted;
    let from = window.lo.max(predicted.saturating_sub(SEARCH_RADIUS));
    let to = window.hi.min(predicted + SEARCH_RADIUS);
    let context = span.prefix().chars().count() + span.suffix().chars().count();
    // (agreeing context, distance, start, both sides agree), best first;
    // and how many places.
    let mut best: Option<(usize, usize, usize, bool)> = None;
    let mut places = 0;
    for s in starts(text, span.exact(), from, to).filter(|&s| free(taken, s, span.start)) {
        places += 1;
        let (pre, suf) = agreement(text, span, s, s + len);
        let candidate = (pre + suf, s.abs_diff(predicted), s, pre > 0 && suf > 0);
        let better = best
            .is_none_or(|(c, d, _, _)| candidate.0 > c || (candidate.0 == c && candidate.1 < d));
        if better {
            best = Some(candidate);
        }
    }
    let (agree, distance, start, both_sides) = best?;
    let confirmed = agree >= CONTEXT_MATCH.min(context.max(1)) && (context > 0);
    let placed = |method, score| Placed {
        start,
        end: start + len,
        method,
        score,
        same_text: true,
    };
    if confirmed {
        let share = agree as f32 / context as f32;
        return Some(placed(Method::Context, 0.5 + 0.5 * share));
    }
    // Without confirming context, at least the chars right next to it on
    // both sides must agree: a word an edit wrote near a lost one is
    // rarely framed the same way.
    (places == 1 && distance <= NEAR && both_sides).then(|| {
        placed(
            Method::Neighbours,
            0.5 * (1.0 - distance as f32 / (NEAR + 1) as f32),
        )
    })
}

/// Step 3: the span's ends mapped through a diff of its old context and
/// text against the text around the prediction.
fn approximate(text: &Text, span: &Span, window: &Window) -> Option<Placed> {
    let predicted = window.predicted;
    let prefix: Vec<char> = span.prefix().chars().collect();
    let exact: Vec<char> = span.exact().chars().collect();
    if exact.is_empty() {
        return None;
    }
    let suffix: Vec<char> = span.suffix().chars().collect();
    let old: Vec<char> = [&prefix[..], &exact, &suffix].concat();
    let slack = 8 + exact.len() / 4;
    let from = predicted.saturating_sub(prefix.len() + slack);
    let to = (predicted + exact.len() + suffix.len() + slack).min(text.len_chars());
    let new: Vec<char> = text.slice(from..to)?.chars().collect();
    let ops = similar::capture_diff_slices(Algorithm::Myers, &old, &new);
    let (a, b) = (prefix.len(), prefix.len() + exact.len());
    let (s, e) = (map_through(&ops, a), map_through(&ops, b));
    if e <= s || !(window.lo..=window.hi).contains(&(from + s)) {
        return None;
    }
    let got = &new[s..e];
    let own = similar::capture_diff_slices(Algorithm::Myers, &exact, got);
    let similarity = similar::diff_ratio(&own, exact.len(), got.len());
    let kept = |r: std::ops::Range<usize>| {
        if r.is_empty() {
            return 1.0;
        }
        let equal: usize = ops
            .iter()
            .filter(|op| op.tag() == DiffTag::Equal)
            .map(|op| {
                let o = op.old_range();
                o.end.min(r.end).saturating_sub(o.start.max(r.start))
            })
            .sum();
        equal as f32 / r.len() as f32
    };
    let score = 0.6 * similarity + 0.2 * kept(0..a) + 0.2 * kept(b..old.len());
    // The diff may align context loosely; the chars right next to the
    // match must agree on one side at least.
    let (pre, suf) = agreement(text, span, from + s, from + e);
    if similarity < OWN_TEXT_MIN || score < CHANGED_MIN || pre.max(suf) < ADJACENT {
        return None;
    }
    Some(Placed {
        start: from + s,
        end: from + e,
        method: Method::Diff,
        score,
        // Even the stored text found this way is only approximate: the
        // context that placed it was partly rewritten.
        same_text: false,
    })
}

/// Where old index `i` lands in the new sequence: in a kept stretch at the
/// same place, in a removed or replaced one at its start (as far into the
/// replacement as into the old stretch). Text inserted at `i` stays before
/// it, so an insertion just before a span's end is not taken into it.
fn map_through(ops: &[DiffOp], i: usize) -> usize {
    let mut end = 0;
    for op in ops {
        let (tag, old, new) = op.as_tag_tuple();
        if old.contains(&i) {
            return match tag {
                DiffTag::Equal => new.start + (i - old.start),
                DiffTag::Delete => new.start,
                DiffTag::Insert | DiffTag::Replace => new.start + (i - old.start).min(new.len()),
            };
        }
        if !old.is_empty() {
            end = new.end;
        }
    }
    end
}

/// One anchor's outcome in a plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Proposal {
    pub annotation: AnnotationId,
    pub part: Part,
    pub old: Span,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// What re-anchoring would do in one article: every anchor that is not in
/// place, in text order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArticlePlan {
    pub article: ArticleId,
    pub in_place: usize,
    pub proposals: Vec<Proposal>,
}

/// What re-anchoring would do in a set.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Plan {
    /// Articles whose text changed, by id.
    pub articles: Vec<ArticlePlan>,
    /// Articles with annotations but no file (see rule I010): not touched.
    pub missing: Vec<ArticleId>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub in_place: usize,
    pub moved: usize,
    pub changed: usize,
    pub orphans: usize,
}

/// Every anchor of an article's annotations: (annotation index, part, span).
fn anchors(annotations: &[Annotation]) -> Vec<(usize, Part, &Span)> {
    let mut out = Vec::with_capacity(annotations.len());
    for (n, a) in annotations.iter().enumerate() {
        out.push((n, Part::Span, &a.span));
        if let Kind::Quote(q) = &a.kind
            && let Some(cue) = &q.cue
        {
            out.push((n, Part::Cue, &**cue));
        }
    }
    out
}

fn in_place(text: &Text, span: &Span) -> bool {
    !span.exact().is_empty() && text.holds(span).is_some()
}

/// Plans one article; `None` when its text did not change and every anchor
/// is in place.
pub fn plan_article(set: &AnnotationSet, article: &Article) -> Option<ArticlePlan> {
    let record = set.article(&article.id)?;
    let annotations = record.annotations();
    let list = anchors(annotations);
    let all_in_place = list.iter().all(|(_, _, s)| in_place(&article.text, s));
    if record.record.fingerprint == article.fingerprint && all_in_place {
        return None;
    }
    // Index of each annotation's span among the anchors, for its cue.
    let mut span_at = HashMap::new();
    let old: Vec<Old<'_>> = list
        .iter()
        .enumerate()
        .map(|(k, &(n, part, span))| {
            if part == Part::Span {
                span_at.insert(n, k);
            }
            Old {
                span,
                follows: (part == Part::Cue)
                    .then(|| span_at.get(&n).copied())
                    .flatten(),
            }
        })
        .collect();
    let outcomes = anchor_all(&article.text, &old);
    let mut plan = ArticlePlan {
        article: article.id.clone(),
        in_place: 0,
        proposals: Vec::new(),
    };
    for ((n, part, span), outcome) in list.into_iter().zip(outcomes) {
        if outcome == Outcome::InPlace {
            plan.in_place += 1;
            continue;
        }
        plan.proposals.push(Proposal {
            annotation: annotations[n].id.clone(),
            part,
            old: span.clone(),
            outcome,
        });
    }
    Some(plan)
}

/// Plans every article of the set whose text changed.
pub fn plan(set: &AnnotationSet, corpus: &Corpus) -> Plan {
    let ids: Vec<&ArticleId> = set.articles().keys().collect();
    let articles = ids
        .par_iter()
        .filter_map(|id| corpus.get(id).and_then(|a| plan_article(set, a)))
        .collect();
    let missing = ids
        .into_iter()
        .filter(|id| corpus.get(id).is_none() && !set.annotations_of(id).is_empty())
        .cloned()
        .collect();
    Plan { articles, missing }
}

impl Plan {
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for a in &self.articles {
            c.in_place += a.in_place;
            for p in &a.proposals {
                match p.outcome {
                    Outcome::InPlace => c.in_place += 1,
                    Outcome::Moved { .. } => c.moved += 1,
                    Outcome::Changed { .. } => c.changed += 1,
                    Outcome::Orphan => c.orphans += 1,
                }
            }
        }
        c
    }

    pub fn proposals(&self) -> impl Iterator<Item = &Proposal> {
        self.articles.iter().flat_map(|a| a.proposals.iter())
    }

    /// The edit that applies the proposals `accept` takes, against the set as
    /// it is now (a proposal whose anchor changed since the plan is skipped),
    /// and records the new fingerprint of every article whose anchors are
    /// then all in place. `None` when it would change nothing.
    pub fn edit(
        &self,
        set: &AnnotationSet,
        corpus: &Corpus,
        accept: impl Fn(&Proposal) -> bool,
    ) -> Option<Edit> {
        let mut edits = Vec::new();
        for plan in &self.articles {
            let Some(article) = corpus.get(&plan.article) else {
                continue;
            };
            let mut changed: HashMap<&AnnotationId, Annotation> = HashMap::new();
            for p in plan.proposals.iter().filter(|p| accept(p)) {
                let Some(new) = p.outcome.new_span() else {
                    continue;
                };
                let Some(current) = set.annotation(&p.annotation) else {
                    continue;
                };
                let a = changed
                    .entry(&p.annotation)
                    .or_insert_with(|| current.clone());
                match p.part {
                    Part::Span if a.span == p.old => a.span = new.clone(),
                    Part::Cue => {
                        if let Kind::Quote(q) = &mut a.kind
                            && let Some(cue) = &mut q.cue
                            && **cue == p.old
                        {
                            **cue = new.clone();
                        }
                    }
                    Part::Span => {}
                }
            }
            let after = |a: &Annotation| changed.get(&a.id).cloned().unwrap_or_else(|| a.clone());
            let all_in_place = set
                .annotations_of(&plan.article)
                .iter()
                .map(after)
                .collect::<Vec<_>>();
            let done = anchors(&all_in_place)
                .iter()
                .all(|(_, _, s)| in_place(&article.text, s));
            let mut replaced: Vec<Annotation> = changed
                .into_values()
                .filter(|a| set.annotation(&a.id) != Some(a))
                .collect();
            replaced.sort_by(|x, y| x.id.cmp(&y.id));
            edits.extend(
                replaced
                    .into_iter()
                    .map(|a| Edit::ReplaceAnnotation(Box::new(a))),
            );
            let recorded = set.article(&plan.article).map(|a| &a.record.fingerprint);
            if done && recorded != Some(&article.fingerprint) {
                edits.push(Edit::SetFingerprint {
                    article: plan.article.clone(),
                    fingerprint: article.fingerprint.clone(),
                });
            }
        }
        (!edits.is_empty()).then_some(Edit::Batch(edits))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, word: &str, nth: usize) -> Span {
        let t = Text::new(text.to_owned());
        let byte = text.match_indices(word).nth(nth).expect("word in text").0;
        let start = text[..byte].chars().count();
        t.span(start..start + word.chars().count()).unwrap()
    }

    fn one(new: &str, old: &Span) -> Outcome {
        anchor_all(
            &Text::new(new.to_owned()),
            &[Old {
                span: old,
                follows: None,
            }],
        )
        .remove(0)
    }

    fn moved_to(outcome: &Outcome) -> Option<(usize, &str)> {
        match outcome {
            Outcome::Moved { span, .. } => Some((span.start, span.exact())),
            _ => None,
        }
    }

    #[test]
    fn in_place_and_moved() {
        let old = "Kim said the talks went well. Putin said nothing.";
        let s = span(old, "the talks went well", 0);
        assert_eq!(one(old, &s), Outcome::InPlace);
        let new = format!("Updated. {old}");
        assert_eq!(moved_to(&one(&new, &s)), Some((18, "the talks went well")));
    }

    /// A name printed many times goes to the occurrence between the right
    /// neighbours, even when its own context was edited.
    #[test]
    fn repeated_words_follow_their_neighbours() {
        let sentences: Vec<String> = (0..10)
            .map(|n| format!("On day {n} Okafor met envoy number {n} and Okafor left. "))
            .collect();
        let old = sentences.concat();
        let t = Text::new(old.clone());
        let spans: Vec<Span> = (0..20).map(|k| span(&old, "Okafor", k)).collect();
        let days: Vec<Span> = (0..10)
            .map(|n| {
                let w = format!("envoy number {n}");
                span(&old, &w, 0)
            })
            .collect();
        // Insert text before everything and edit the words around the 7th name.
        let mut new = format!("Correction appended. {old}");
        let target = &spans[7];
        let at = new.find(&old).unwrap();
        let byte = at + t.char_to_byte(target.start).unwrap();
        new.replace_range(byte - 4..byte - 1, "xyz");
        let mut all: Vec<Old<'_>> = spans
            .iter()
            .map(|s| Old {
                span: s,
                follows: None,
            })
            .collect();
        all.extend(days.iter().map(|s| Old {
            span: s,
            follows: None,
        }));
        let out = anchor_all(&Text::new(new.clone()), &all);
        for (k, s) in spans.iter().enumerate() {
            assert_eq!(
                moved_to(&out[k]),
                Some((s.start + 21, "Okafor")),
                "occurrence {k}: {:?}",
                out[k]
            );
        }
    }

    #[test]
    fn context_edits_do_not_stop_an_exact_match() {
        let old = "The minister said on Monday that the border stays closed until spring.";
        let s = span(old, "the border stays closed", 0);
        let new =
            "The deputy minister told reporters on Tuesday that the border stays closed, for now.";
        let outcome = one(new, &s);
        let (start, exact) = moved_to(&outcome).expect("moved");
        assert_eq!(exact, "the border stays closed");
        assert_eq!(&new[start..start + exact.len()], exact);
    }

    #[test]
    fn edited_span_text_is_changed_not_moved() {
        let old = "Officials said Norland launched two missiles toward the coast in May, it said.";
        let s = span(
            old,
            "Norland launched two missiles toward the coast in May",
            0,
        );
        let new =
            "Officials said Norland launched three missiles toward the coast in May, it said.";
        match one(new, &s) {
            Outcome::Changed { span, score } => {
                assert_eq!(
                    span.exact(),
                    "Norland launched three missiles toward the coast in May"
                );
                assert!(score >= CHANGED_MIN, "{score}");
            }
            other => panic!("{other:?}"),
        }
        // Rewritten beyond recognition: an orphan.
        let gone = "Officials gave no details at all about anything today.";
        assert_eq!(one(gone, &s), Outcome::Orphan);
    }

    #[test]
    fn tiny_and_empty_spans() {
        let old = "Yes, no, maybe, and then, finally, yes.";
        let comma = span(old, ",", 2);
        let new = format!("Well: {old}");
        assert_eq!(moved_to(&one(&new, &comma)), Some((comma.start + 6, ",")));
        let empty = Span::at(3, 3);
        assert_eq!(one(&new, &empty), Outcome::Orphan);
    }

    #[test]
    fn crlf_line_ends() {
        let old = "First line.\nKim said: we will win.\nLast line.";
        let s = span(old, "we will win", 0);
        let new = old.replace('\n', "\r\n");
        assert_eq!(moved_to(&one(&new, &s)), Some((s.start + 1, "we will win")));
    }

    #[test]
    fn non_latin_scripts() {
        let cases = [
            (
                "قال الوزير إن المحادثات كانت مثمرة. وأضاف أن الحدود ستبقى مغلقة.",
                "الحدود ستبقى مغلقة",
                "تحديث: ",
            ),
            (
                "外相は会談が有益だったと述べた。国境は春まで閉鎖されると付け加えた。",
                "国境は春まで閉鎖される",
                "【更新】",
            ),
            (
                "장관은 회담이 유익했다고 말했다. 국경은 봄까지 폐쇄된다고 덧붙였다.",
                "국경은 봄까지 폐쇄된다",
                "[수정] ",
            ),
            (
                "Министр заявил, что переговоры были полезными. Граница останется закрытой.",
                "Граница останется закрытой",
                "Обновлено. ",
            ),
        ];
        for (old, quote, added) in cases {
            let s = span(old, quote, 0);
            let new = format!("{added}{old}");
            let shift = added.chars().count();
            assert_eq!(
                moved_to(&one(&new, &s)),
                Some((s.start + shift, quote)),
                "{old}"
            );
        }
    }

    #[test]
    fn a_cue_moves_with_its_quote() {
        let old = "“We stay,” Kim said. “We go,” Putin said. “We wait,” Lee said.";
        let quote = span(old, "We go", 0);
        let cue = span(old, "said", 1);
        // The cue's near context is rewritten; its quote still anchors it.
        let new = "Intro. “We stay,” Kim said. “We go,” Mr P. said. “We wait,” Lee said.";
        let out = anchor_all(
            &Text::new(new.to_owned()),
            &[
                Old {
                    span: &quote,
                    follows: None,
                },
                Old {
                    span: &cue,
                    follows: Some(0),
                },
            ],
        );
        let (start, _) = moved_to(&out[1]).expect("cue moved");
        let expect = new.match_indices("said").nth(1).unwrap().0;
        assert_eq!(start, new[..expect].chars().count());
    }

    #[test]
    fn misplaced_seeds_are_dropped() {
        let seeds = vec![(0, 10), (1, 500), (2, 30), (3, 40)];
        let spans: Vec<Span> = [0, 20, 30, 40]
            .iter()
            .map(|&s| Span::at(s, s + 1))
            .collect();
        let old: Vec<Old<'_>> = spans
            .iter()
            .map(|s| Old {
                span: s,
                follows: None,
            })
            .collect();
        assert_eq!(in_order(seeds, &old), vec![(0, 10), (2, 30), (3, 40)]);
    }
}
