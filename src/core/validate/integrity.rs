//! Integrity: what is broken in one article's annotations on their own.
//! Also gathers what the article contributes to the cross-source checks.

use super::matching::{Fx, text_key};
use super::{
    ArticleState, Contribution, DANGLING_REFERENCE, DUPLICATE_ANNOTATION, DUPLICATE_ID, Env,
    FINGERPRINT_CHANGED, Finding, Fix, KeyRef, Location, MISSING_ATTRIBUTE, QUOTE_NOT_QUOTED,
    SPAN_INVALID, STALE_CUE, STALE_SPAN, UNKNOWN_ARTICLE, UNKNOWN_TAG, coverage, quotes,
};
use crate::core::edit::Edit;
use crate::core::model::{Annotation, AnnotationSet, ArticleId, EntityId, Kind, QuoteMode};
use crate::core::reanchor::{Old, Outcome, anchor_all};
use crate::core::text::search::TextSearch;
use crate::core::text::unicode::{is_grapheme_boundary, quote_mark, quote_pairs, quoted_regions};
use crate::core::text::{Anchor, Text};
use rayon::prelude::*;
use std::hash::{Hash, Hasher};
use std::ops::Range;

/// Checks one article and gathers its contributions.
pub(crate) fn analyse(env: &Env, id: &ArticleId) -> ArticleState {
    let record = env.set.article(id).map(|a| &a.record);
    let outlet = crate::core::overview::outlet_of(env.set, id);
    // The outlet as an entity, if the entity list names it.
    let outlet_entity = record
        .map(|r| r.meta.outlet.as_str())
        .filter(|o| !o.trim().is_empty())
        .and_then(|o| env.names.lookup(o));
    let source = record
        .map(|r| r.meta.wire.trim())
        .filter(|w| !w.is_empty())
        .map_or_else(|| outlet.clone(), |w| format!("{w} wire copy"));
    // What the cross-source rules read of the article besides its
    // annotations: when it changes, so do its annotations' contributions.
    let context = {
        let mut h = Fx::new();
        outlet.hash(&mut h);
        source.hash(&mut h);
        record
            .map(|r| (&r.meta.language, &r.meta.published))
            .hash(&mut h);
        h.finish()
    };
    let annotations = env.set.annotations_of(id);
    let article = env.corpus.get(id);
    let mut out = Vec::new();
    match article {
        None if !annotations.is_empty() => out.push(Finding::new(
            UNKNOWN_ARTICLE,
            format!(
                "annotations of article {id} ({}) point to no file in the articles folder",
                annotations.len()
            ),
            vec![Location::article(id)],
            None,
        )),
        Some(_) if annotations.is_empty() => out.push(coverage::unannotated(id)),
        _ => {}
    }
    let mut stale = false;
    let mut contributions = Vec::with_capacity(annotations.len());
    // The article's quotations, found once and only if a direct quote asks.
    let quoted = std::cell::OnceCell::new();
    // The article's search index, built at its first stale span: finding
    // each stale span's text again must not scan the article per span.
    let search = std::cell::OnceCell::new();
    for (n, a) in annotations.iter().enumerate() {
        let loc = || vec![Location::annotation(id, a)];
        if let Some(article) = article {
            let in_place = check_span(&article.text, &search, id, a, &mut out);
            stale |= in_place.is_none();
            stale |= !check_cue(&article.text, id, a, &mut out);
            let direct = matches!(&a.kind, Kind::Quote(q) if q.mode == QuoteMode::Direct);
            let text = article.text.as_str();
            let unquoted = |r: Range<usize>| {
                if between_marks(text, r.clone()) {
                    return false;
                }
                let regions = quoted.get_or_init(|| outermost(quoted_regions(text)));
                !enclosed(text, regions, r)
            };
            if direct && in_place.is_some_and(unquoted) {
                let mut indirect = a.clone();
                if let Kind::Quote(q) = &mut indirect.kind {
                    q.mode = QuoteMode::Indirect;
                }
                out.push(Finding::new(
                    QUOTE_NOT_QUOTED,
                    format!(
                        "direct quote {} is not in quotation marks in the text",
                        a.id
                    ),
                    loc(),
                    Some(Fix {
                        label: "mark the quote as indirect".into(),
                        edit: Edit::ReplaceAnnotation(Box::new(indirect)),
                    }),
                ));
            }
        }
        check_references(env, id, a, &mut out);
        check_tags(env, id, a, &mut out);
        let same_span = annotations[..n]
            .iter()
            .rev()
            .take_while(|b| b.span.start == a.span.start && b.span.end == a.span.end)
            .find(|b| b.kind.name() == a.kind.name());
        if let Some(b) = same_span {
            out.push(duplicate_annotation(id, b, a));
        }
        out.extend(quotes::speaker_mismatch(env, id, a));
        contributions.push(contribution(outlet_entity, &outlet, context, a));
    }
    if let (Some(article), Some(record)) = (article, record)
        && !record.fingerprint.is_empty()
        && record.fingerprint != article.fingerprint
    {
        // Recording the new fingerprint is safe only once every span
        // still finds its text.
        let fix = (!stale).then(|| Fix {
            label: "record the article's new fingerprint".into(),
            edit: Edit::SetFingerprint {
                article: id.clone(),
                fingerprint: article.fingerprint.clone(),
            },
        });
        out.push(Finding::new(
            FINGERPRINT_CHANGED,
            format!("article {id} changed since it was annotated"),
            vec![Location::article(id)],
            fix,
        ));
    }
    ArticleState {
        outlet_entity: outlet_entity.cloned(),
        // Numbered by the validator, which sees every article.
        reading: 0,
        outlet,
        source,
        findings: out,
        contributions,
    }
}

/// I008: `a` covers the same span as `b`, of the same kind. Removing `a`
/// is offered only when it records nothing `b` lacks; two claims that differ
/// only in their propositions become one claim stating both.
fn duplicate_annotation(id: &ArticleId, b: &Annotation, a: &Annotation) -> Finding {
    let extra_tags = a.tags.iter().any(|t| !b.tags.contains(t));
    let extra_note = !a.note.is_empty() && a.note != b.note;
    let fix = match (&a.kind, &b.kind) {
        _ if extra_tags || extra_note => None,
        (x, y) if x == y => Some(Fix {
            label: format!("remove {}", a.id),
            edit: Edit::RemoveAnnotation(a.id.clone()),
        }),
        (Kind::Claim(x), Kind::Claim(y))
            if (x.worthiness, &x.attributed_to, x.modality)
                == (y.worthiness, &y.attributed_to, y.modality) =>
        {
            let mut merged = b.clone();
            if let Kind::Claim(c) = &mut merged.kind {
                for p in &x.propositions {
                    if !c.propositions.contains(p) {
                        c.propositions.push(p.clone());
                    }
                }
            }
            Some(Fix {
                label: format!(
                    "make {} state the propositions of both, remove {}",
                    b.id, a.id
                ),
                edit: Edit::Batch(vec![
                    Edit::RemoveAnnotation(a.id.clone()),
                    Edit::ReplaceAnnotation(Box::new(merged)),
                ]),
            })
        }
        _ => None,
    };
    let advice = if fix.is_some() {
        ""
    } else {
        "; they record different things: keep both if both are meant, else remove one by hand"
    };
    Finding::new(
        DUPLICATE_ANNOTATION,
        format!(
            "{} {} covers the same span as {}{advice}",
            a.kind.name().as_str(),
            a.id,
            b.id
        ),
        vec![Location::annotation(id, b), Location::annotation(id, a)],
        fix,
    )
}

/// I005 over the whole set: ids are hashed in parallel and sorted, and
/// only equal hashes are compared. The first use of an id (by article, then
/// position) is the original; every later one is reported.
pub(crate) fn duplicate_ids(set: &AnnotationSet) -> Vec<Finding> {
    let articles: Vec<(&ArticleId, &[Annotation])> = set
        .articles()
        .iter()
        .map(|(id, a)| (id, a.annotations()))
        .collect();
    let mut all: Vec<(u64, u32, u32)> = articles
        .par_iter()
        .enumerate()
        .flat_map_iter(|(n, (_, anns))| {
            anns.iter().enumerate().map(move |(i, a)| {
                let mut h = Fx::new();
                a.id.hash(&mut h);
                (h.finish(), n as u32, i as u32)
            })
        })
        .collect();
    all.par_sort_unstable();
    let mut out = Vec::new();
    for run in all.chunk_by(|x, y| x.0 == y.0).filter(|run| run.len() > 1) {
        let uses: Vec<(&ArticleId, &Annotation)> = run
            .iter()
            .map(|(_, n, i)| {
                (
                    articles[*n as usize].0,
                    &articles[*n as usize].1[*i as usize],
                )
            })
            .collect();
        for (k, (article, a)) in uses.iter().enumerate() {
            if uses[..k].iter().any(|(_, b)| b.id == a.id) {
                out.push(Finding::new(
                    DUPLICATE_ID,
                    format!("annotation id {} is used more than once", a.id),
                    vec![Location::annotation(article, a)],
                    None,
                ));
            }
        }
    }
    out
}

/// I001 and I002; the span's byte range when it is valid and in place.
fn check_span(
    text: &Text,
    search: &std::cell::OnceCell<TextSearch>,
    id: &ArticleId,
    a: &Annotation,
    out: &mut Vec<Finding>,
) -> Option<Range<usize>> {
    let loc = || vec![Location::annotation(id, a)];
    let len = text.len_chars();
    let (start, end) = (a.span.start, a.span.end);
    let s = text.as_str();
    let held = text.holds(&a.span);
    let bytes = held.clone().or_else(|| text.byte_range(start..end));
    let why = match &bytes {
        _ if start > end => Some("ends before it starts".to_owned()),
        _ if end > len => Some(format!("runs past the end of the article ({len} chars)")),
        _ if start == end => Some("is empty".to_owned()),
        Some(r) if !is_grapheme_boundary(s, r.start) || !is_grapheme_boundary(s, r.end) => {
            Some("splits a character from its accent or joiner".to_owned())
        }
        _ => None,
    };
    if let Some(why) = why {
        out.push(Finding::new(
            SPAN_INVALID,
            format!("span {start}..{end} of {} {why}", a.id),
            loc(),
            None,
        ));
        return None;
    }
    if held.is_some() {
        return held;
    }
    let search = search.get_or_init(|| TextSearch::new(text.as_str()));
    match search.locate(text, &a.span) {
        Anchor::InPlace => None,
        Anchor::Moved {
            start: to,
            end: to_end,
        } => {
            let mut moved = a.clone();
            if let Ok(span) = text.span(to..to_end) {
                moved.span = span;
            }
            out.push(Finding::new(
                STALE_SPAN,
                format!(
                    "the text of {} is no longer at {start}..{end}; it is now at {to}..{to_end}",
                    a.id
                ),
                loc(),
                Some(Fix {
                    label: format!("move the span to {to}..{to_end}"),
                    edit: Edit::ReplaceAnnotation(Box::new(moved)),
                }),
            ));
            None
        }
        Anchor::Lost => {
            out.push(Finding::new(
                STALE_SPAN,
                format!(
                    "the text of {} ({}) is no longer in the article",
                    a.id,
                    super::quoted(a.span.exact())
                ),
                loc(),
                None,
            ));
            None
        }
    }
}

/// I011: a quote's cue checked like its span. It is looked for where its
/// quote went (see [`crate::core::reanchor`]) and a move is offered only
/// when its words were found for certain. False when the cue is stale.
fn check_cue(text: &Text, id: &ArticleId, a: &Annotation, out: &mut Vec<Finding>) -> bool {
    let Kind::Quote(q) = &a.kind else {
        return true;
    };
    let Some(cue) = q.cue.as_deref() else {
        return true;
    };
    if !cue.exact().is_empty() && text.holds(cue).is_some() {
        return true;
    }
    let (start, end) = (cue.start, cue.end);
    let anchors = [
        Old {
            span: &a.span,
            follows: None,
        },
        Old {
            span: cue,
            follows: Some(0),
        },
    ];
    let words = super::quoted(cue.exact());
    let (message, fix) = match &anchor_all(text, &anchors)[1] {
        Outcome::Moved { span, .. } => {
            let mut moved = a.clone();
            if let Kind::Quote(q) = &mut moved.kind {
                q.cue = Some(Box::new(span.clone()));
            }
            let (to, to_end) = (span.start, span.end);
            (
                format!(
                    "the cue {words} of {} is no longer at {start}..{end}; it is now at {to}..{to_end}",
                    a.id
                ),
                Some(Fix {
                    label: format!("move the cue to {to}..{to_end}"),
                    edit: Edit::ReplaceAnnotation(Box::new(moved)),
                }),
            )
        }
        _ if cue.exact().is_empty() => (
            format!("the cue {start}..{end} of {} records no words", a.id),
            None,
        ),
        _ => (
            format!(
                "the cue {words} of {} is no longer at {start}..{end} nor found nearby",
                a.id
            ),
            None,
        ),
    };
    let at = Location {
        start: Some(start),
        end: Some(end),
        ..Location::annotation(id, a)
    };
    out.push(Finding::new(STALE_CUE, message, vec![at], fix));
    false
}

/// The quotations not inside another: sorted and disjoint, since
/// quotations nest.
fn outermost(regions: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::with_capacity(regions.len());
    for r in regions {
        if out.last().is_none_or(|o| r.start >= o.end) {
            out.push(r);
        }
    }
    out
}

/// True when the span at byte range `r` lies inside one of the article's
/// outermost `quoted` ranges (quotation marks, punctuation and whitespace
/// at its ends aside), or itself opens and closes with a pair of
/// quotation marks (trailing punctuation and whitespace aside).
/// The common case, without scanning the article: a span holding no
/// quotation mark right after an opening mark and before its closing one
/// (trailing punctuation aside), as in “we will win,” he said.
fn between_marks(s: &str, r: Range<usize>) -> bool {
    let (Some(before), Some(inner), Some(after)) =
        (s.get(..r.start), s.get(r.clone()), s.get(r.end..))
    else {
        return false;
    };
    if inner.chars().any(|c| quote_mark(c).is_some()) {
        return false;
    }
    let open = before.chars().next_back();
    let close = after.chars().find(|c| {
        !(matches!(c, ',' | '.' | '!' | '?' | ';' | ':' | '…') || c.is_whitespace() && *c != '\n')
    });
    open.zip(close).is_some_and(|(o, c)| quote_pairs(o, c))
}

fn enclosed(s: &str, quoted: &[Range<usize>], r: Range<usize>) -> bool {
    let Some(inner) = s.get(r.clone()) else {
        return false;
    };
    let other = |c: char| !c.is_alphanumeric() && !c.is_whitespace();
    let lead = inner.trim_start_matches(|c: char| c.is_whitespace() || quote_mark(c).is_some());
    let core = lead.trim_end_matches(|c: char| c.is_whitespace() || other(c));
    let start = r.start + inner.len() - lead.len();
    let (start, end) = if core.is_empty() {
        (r.start, r.end)
    } else {
        (start, start + core.len())
    };
    let n = quoted.partition_point(|q| q.start <= start);
    if n > 0 && quoted[n - 1].end >= end {
        return true;
    }
    let closing = inner
        .trim_end_matches(|c: char| c.is_whitespace() || other(c) && quote_mark(c).is_none())
        .chars()
        .next_back();
    match (inner.chars().next(), closing) {
        (Some(open), Some(close)) => inner.chars().count() > 1 && quote_pairs(open, close),
        _ => false,
    }
}

/// I004 and I006.
fn check_references(env: &Env, id: &ArticleId, a: &Annotation, out: &mut Vec<Finding>) {
    let loc = || vec![Location::annotation(id, a)];
    for (role, entity) in a.entity_refs() {
        if !env.set.entities().contains_key(entity) {
            out.push(Finding::new(
                DANGLING_REFERENCE,
                format!(
                    "{} names {role} {entity}, which is not in the entity list",
                    a.id
                ),
                loc(),
                None,
            ));
        }
    }
    for p in a.propositions() {
        if env.set.propositions().contains_key(p) {
            continue;
        }
        out.push(Finding::new(
            DANGLING_REFERENCE,
            format!("{} links to proposition {p}, which does not exist", a.id),
            loc(),
            None,
        ));
    }
    if let Some(u) = a.utterance()
        && !env.set.utterances().contains_key(u)
    {
        out.push(Finding::new(
            DANGLING_REFERENCE,
            format!("{} links to utterance {u}, which does not exist", a.id),
            loc(),
            None,
        ));
    }
    let missing: Vec<&str> = match &a.kind {
        Kind::Quote(q) if q.speaker.is_none() => vec!["speaker"],
        Kind::Stance(s) => [
            (s.target.is_none(), "target"),
            (s.polarity.is_none(), "polarity"),
        ]
        .into_iter()
        .filter_map(|(m, what)| m.then_some(what))
        .collect(),
        _ => vec![],
    };
    if !missing.is_empty() {
        out.push(Finding::new(
            MISSING_ATTRIBUTE,
            format!(
                "{} {} has no {}",
                a.kind.name().as_str(),
                a.id,
                missing.join(" and ")
            ),
            loc(),
            None,
        ));
    }
}

/// I007.
fn check_tags(env: &Env, id: &ArticleId, a: &Annotation, out: &mut Vec<Finding>) {
    let Some(schema) = &env.set.info().schema else {
        return;
    };
    let allowed = schema.allowed(a.kind.name());
    for tag in &a.tags {
        if allowed.contains(tag) {
            continue;
        }
        let mut untagged = a.clone();
        untagged.tags.retain(|t| t != tag);
        out.push(Finding::new(
            UNKNOWN_TAG,
            format!(
                "tag \u{201C}{tag}\u{201D} of {} is not in the schema for {}s",
                a.id,
                a.kind.name().as_str()
            ),
            vec![Location::annotation(id, a)],
            Some(Fix {
                label: format!("remove the tag \u{201C}{tag}\u{201D}"),
                edit: Edit::ReplaceAnnotation(Box::new(untagged)),
            }),
        ));
    }
}

fn contribution(
    outlet_entity: Option<&EntityId>,
    outlet: &str,
    context: u64,
    a: &Annotation,
) -> Contribution {
    let text = match &a.kind {
        Kind::Claim(_) | Kind::Quote(_) => text_key(a.kind.name(), a.span.exact()),
        Kind::Stance(_) => None,
    };
    let mut groups = KeyRef::of(outlet_entity, outlet, a).map(|k| k.hash64());
    Contribution {
        group: groups.next(),
        more_groups: groups.collect(),
        text,
        hash: annotation_hash(a, context),
        role: role(a),
    }
}

/// See [`super::Member::role`].
fn role(a: &Annotation) -> u64 {
    use super::{
        ROLE_CLAIM, ROLE_CLAIMANT, ROLE_FLAGS, ROLE_LINKED, ROLE_MODALITY_SHIFT, ROLE_SPEAKER,
    };
    let mut h = Fx::new();
    let flag = |on: bool, bit: u64| if on { bit } else { 0 };
    let flags = match &a.kind {
        Kind::Quote(q) => {
            q.speaker.hash(&mut h);
            q.utterance.hash(&mut h);
            flag(q.speaker.is_some(), ROLE_SPEAKER) | flag(q.utterance.is_some(), ROLE_LINKED)
        }
        Kind::Claim(c) => {
            c.propositions.hash(&mut h);
            c.attributed_to.hash(&mut h);
            let modality = crate::core::model::Modality::ALL
                .iter()
                .position(|m| *m == c.modality)
                .unwrap_or(0) as u64;
            ROLE_CLAIM
                | flag(!c.propositions.is_empty(), ROLE_LINKED)
                | flag(c.attributed_to.is_some(), ROLE_CLAIMANT)
                | modality << ROLE_MODALITY_SHIFT
        }
        Kind::Stance(_) => 0,
    };
    (h.finish() << ROLE_FLAGS) | flags
}

/// Changes when anything about the annotation, or its article's `context`
/// (outlet, source, language, date), does.
fn annotation_hash(a: &Annotation, context: u64) -> u64 {
    let mut h = Fx::new();
    h.u64(context);
    a.id.hash(&mut h);
    a.span.hash(&mut h);
    a.author.hash(&mut h);
    a.created.hash(&mut h);
    a.modified.hash(&mut h);
    a.note.hash(&mut h);
    a.tags.hash(&mut h);
    match &a.kind {
        Kind::Claim(c) => {
            0u8.hash(&mut h);
            c.propositions.hash(&mut h);
            c.worthiness.hash(&mut h);
            c.attributed_to.hash(&mut h);
            c.modality.hash(&mut h);
        }
        Kind::Quote(q) => {
            1u8.hash(&mut h);
            q.speaker.hash(&mut h);
            q.mode.hash(&mut h);
            q.cue.hash(&mut h);
            q.utterance.hash(&mut h);
            q.via.hash(&mut h);
            q.language.hash(&mut h);
            q.translated.hash(&mut h);
        }
        Kind::Stance(s) => {
            2u8.hash(&mut h);
            s.holder.hash(&mut h);
            s.target.hash(&mut h);
            s.polarity.hash(&mut h);
        }
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str, start: usize, end: usize) -> bool {
        let t = Text::new(text.to_owned());
        let quoted = outermost(quoted_regions(text));
        enclosed(text, &quoted, t.byte_range(start..end).unwrap())
    }

    /// The quick check agrees with the full one wherever it answers, in
    /// several conventions and with CRLF line ends.
    #[test]
    fn a_span_between_its_marks_is_quoted_in_any_convention() {
        let cases = [
            (
                "He said \u{201C}we will win,\u{201D} and left.\r\nNext",
                "we will win",
                true,
            ),
            ("قال «سنواصل العمل» أمس", "سنواصل العمل", true),
            ("彼は「必ず勝つ」と述べた。", "必ず勝つ", true),
            (
                "그는 \u{2033}끝까지 싸우겠다\u{2033}고 말했다",
                "끝까지 싸우겠다",
                true,
            ),
            (
                "Er sagte: \u{201E}Wir bleiben.\u{201C}\r\n",
                "Wir bleiben",
                true,
            ),
            ("the drivers\u{2019} strike\u{2019}s end", "strike", false),
            (
                "\u{201C}one,\u{201D} he said, \u{201C}two\u{201D}",
                "one,\u{201D} he said, \u{201C}two",
                false,
            ),
        ];
        for (text, quote, quick) in cases {
            let start = text.find(quote).unwrap();
            let r = start..start + quote.len();
            assert_eq!(between_marks(text, r.clone()), quick, "{text:?}");
            if quick {
                let regions = outermost(quoted_regions(text));
                assert!(enclosed(text, &regions, r), "{text:?}");
            }
        }
    }

    #[test]
    fn quotation_marks_around_spans() {
        let t = "He said \u{201C}we will win,\u{201D} and left. \"Go\" now";
        // "we will win" inside curly quotes, comma before the closing mark.
        assert!(chars(t, 9, 20));
        // "and left" is outside.
        assert!(!chars(t, 23, 31));
        // The span may include the marks themselves.
        assert!(chars(t, 8, 22));
        // Straight quotes: "Go" inside, "now" outside.
        assert!(chars(t, 34, 36));
        assert!(!chars(t, 38, 41));
        assert!(chars("\u{201C}We won\u{2019}t stop\u{201D}", 1, 4));
        assert!(!chars("line one \u{201C}\nnext line", 11, 15));
        // German marks, a quotation over two paragraphs, a span that is the
        // whole quotation with its marks, and a possessive that quotes nothing.
        assert!(chars("Er sagte: \u{201E}Wir bleiben.\u{201C}", 11, 23));
        let t = "\u{201C}We stay.\n\u{201C}We fight,\u{201D} he said.";
        assert!(chars(t, 11, 19));
        assert!(chars("x \u{00AB}\u{a0}non\u{a0}\u{00BB}.", 2, 9));
        assert!(!chars("the drivers\u{2019} union said no", 13, 18));
    }
}
