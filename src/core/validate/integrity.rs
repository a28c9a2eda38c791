//! Integrity: what is broken in one article's annotations on their own.
//! Also gathers what the article contributes to the cross-source checks.

use super::matching::{Fnv, text_key};
use super::{
    ArticleState, Contribution, DANGLING_REFERENCE, DUPLICATE_ANNOTATION, DUPLICATE_ID, Env,
    FINGERPRINT_CHANGED, Finding, Fix, GroupKey, Location, MISSING_ATTRIBUTE, QUOTE_NOT_QUOTED,
    SPAN_INVALID, STALE_SPAN, UNKNOWN_ARTICLE, UNKNOWN_TAG, coverage, quotes, stances,
};
use crate::core::edit::Edit;
use crate::core::model::{Annotation, ArticleId, Kind, QuoteMode};
use crate::core::text::{Anchor, Text};
use std::collections::HashSet;
use std::hash::{Hash, Hasher};

/// Checks one article and gathers its contributions.
pub(crate) fn analyse(env: &Env, id: &ArticleId) -> ArticleState {
    let record = env.set.article(id).map(|a| &a.record);
    let outlet = record
        .map(|r| r.meta.outlet.trim())
        .filter(|o| !o.is_empty())
        .map_or_else(|| format!("article {id}"), str::to_owned);
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
    let mut ids = HashSet::new();
    let mut stale = false;
    let mut contributions = Vec::with_capacity(annotations.len());
    for (n, a) in annotations.iter().enumerate() {
        let loc = || vec![Location::annotation(id, a)];
        let elsewhere = env
            .set
            .annotation(&a.id)
            .is_some_and(|first| !std::ptr::eq(first, a));
        if !ids.insert(&a.id) || elsewhere {
            out.push(Finding::new(
                DUPLICATE_ID,
                format!("annotation id {} is used more than once", a.id),
                loc(),
                None,
            ));
        }
        if let Some(article) = article {
            stale |= check_span(&article.text, id, a, &mut out);
            if matches!(&a.kind, Kind::Quote(q) if q.mode == QuoteMode::Direct)
                && !a.span.is_empty()
                && a.span.end <= article.text.len_chars()
                && !enclosed(&article.text, a.span.start, a.span.end)
            {
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
            out.push(Finding::new(
                DUPLICATE_ANNOTATION,
                format!(
                    "{} {} covers the same span as {}",
                    a.kind.name().as_str(),
                    a.id,
                    b.id
                ),
                vec![Location::annotation(id, b), Location::annotation(id, a)],
                Some(Fix {
                    label: format!("remove {}", a.id),
                    edit: Edit::RemoveAnnotation(a.id.clone()),
                }),
            ));
        }
        out.extend(quotes::speaker_mismatch(env, id, a));
        contributions.push(contribution(env, id, &outlet, a));
    }
    if let (Some(article), Some(record)) = (article, record) {
        if !record.fingerprint.is_empty() && record.fingerprint != article.fingerprint {
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
    }
    ArticleState {
        outlet,
        findings: out,
        contributions,
    }
}

/// I001 and I002; true when the span is invalid or stale.
fn check_span(text: &Text, id: &ArticleId, a: &Annotation, out: &mut Vec<Finding>) -> bool {
    let loc = || vec![Location::annotation(id, a)];
    let len = text.len_chars();
    let (start, end) = (a.span.start, a.span.end);
    let why = if start > end {
        Some("ends before it starts".to_owned())
    } else if end > len {
        Some(format!("runs past the end of the article ({len} chars)"))
    } else if start == end {
        Some("is empty".to_owned())
    } else if splits_character(text, start) || splits_character(text, end) {
        Some("splits a character from its accent or joiner".to_owned())
    } else {
        None
    };
    if let Some(why) = why {
        out.push(Finding::new(
            SPAN_INVALID,
            format!("span {start}..{end} of {} {why}", a.id),
            loc(),
            None,
        ));
        return true;
    }
    match text.locate(&a.span) {
        Anchor::InPlace => false,
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
            true
        }
        Anchor::Lost => {
            out.push(Finding::new(
                STALE_SPAN,
                format!(
                    "the text of {} ({}) is no longer in the article",
                    a.id,
                    super::quoted(&a.span.exact)
                ),
                loc(),
                None,
            ));
            true
        }
    }
}

/// True when a span boundary at `at` would cut a combining mark or joiner
/// off the character before it.
fn splits_character(text: &Text, at: usize) -> bool {
    let here = text.slice(at..at + 1).and_then(|s| s.chars().next());
    let before = at
        .checked_sub(1)
        .and_then(|b| text.slice(b..at))
        .and_then(|s| s.chars().next());
    at > 0 && (here.is_some_and(is_combining) || before == Some('\u{200D}'))
}

fn is_combining(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{200D}'
        | '\u{E0100}'..='\u{E01EF}'
        | '\u{1F3FB}'..='\u{1F3FF}')
}

/// How far around a quote quotation marks are looked for.
const QUOTE_WINDOW: usize = 2000;

/// True when `start..end` lies inside quotation marks on its line, or the
/// span itself opens and closes with them.
fn enclosed(text: &Text, start: usize, end: usize) -> bool {
    let len = text.len_chars();
    let (Some(before), Some(inner), Some(after)) = (
        text.slice(start.saturating_sub(QUOTE_WINDOW)..start),
        text.slice(start..end),
        text.slice(end..(end + QUOTE_WINDOW).min(len)),
    ) else {
        return false;
    };
    let closing_tail = inner
        .trim_end_matches(|c: char| c.is_whitespace() || ".,;:!?…".contains(c))
        .chars()
        .last();
    if inner.chars().next().is_some_and(opens) && closing_tail.is_some_and(closes) {
        return true;
    }
    let line_before: Vec<char> = before
        .chars()
        .rev()
        .take_while(|c| *c != '\n')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let open = last_mark(&line_before);
    let inside = match open {
        // Straight quotes open and close alike: inside after an odd count.
        Some('"') => line_before.iter().filter(|c| **c == '"').count() % 2 == 1,
        Some(c) => opens(c),
        None => false,
    };
    let line_after: Vec<char> = after.chars().take_while(|c| *c != '\n').collect();
    inside && first_mark(&line_after).is_some_and(closes)
}

fn opens(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' | '\u{2039}' | '\u{300C}' | '\u{300E}' | '\u{2018}')
}

fn closes(c: char) -> bool {
    matches!(c, '"' | '\u{201D}' | '\u{201C}' | '\u{00BB}' | '\u{00AB}' | '\u{203A}' | '\u{300D}' | '\u{300F}' | '\u{2019}')
}

/// A quotation mark, leaving out ’ between letters (an apostrophe).
fn mark_at(chars: &[char], i: usize) -> Option<char> {
    let c = chars[i];
    if c == '\u{2019}' || c == '\'' {
        let letter = |k: Option<usize>| k.and_then(|k| chars.get(k)).is_some_and(|c| c.is_alphanumeric());
        if c == '\'' || (letter(i.checked_sub(1)) && letter(Some(i + 1))) {
            return None;
        }
    }
    (opens(c) || closes(c)).then_some(c)
}

fn last_mark(chars: &[char]) -> Option<char> {
    (0..chars.len()).rev().find_map(|i| mark_at(chars, i))
}

fn first_mark(chars: &[char]) -> Option<char> {
    (0..chars.len()).find_map(|i| mark_at(chars, i))
}

/// I004 and I006.
fn check_references(env: &Env, id: &ArticleId, a: &Annotation, out: &mut Vec<Finding>) {
    let loc = || vec![Location::annotation(id, a)];
    for (role, entity) in a.entity_refs() {
        if !env.set.entities().contains_key(entity) {
            out.push(Finding::new(
                DANGLING_REFERENCE,
                format!("{} names {role} {entity}, which is not in the entity list", a.id),
                loc(),
                None,
            ));
        }
    }
    if let Some(p) = a.proposition() {
        if !env.set.propositions().contains_key(p) {
            out.push(Finding::new(
                DANGLING_REFERENCE,
                format!("{} links to proposition {p}, which does not exist", a.id),
                loc(),
                None,
            ));
        }
    }
    if let Some(u) = a.utterance() {
        if !env.set.utterances().contains_key(u) {
            out.push(Finding::new(
                DANGLING_REFERENCE,
                format!("{} links to utterance {u}, which does not exist", a.id),
                loc(),
                None,
            ));
        }
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

fn contribution(env: &Env, id: &ArticleId, outlet: &str, a: &Annotation) -> Contribution {
    let group = match &a.kind {
        Kind::Claim(c) => c.proposition.clone().map(GroupKey::Proposition),
        Kind::Quote(q) => q.utterance.clone().map(GroupKey::Utterance),
        Kind::Stance(_) => stances::key(env.names, env.set, id, outlet, a),
    };
    let text = match &a.kind {
        Kind::Claim(_) | Kind::Quote(_) => text_key(a.kind.name(), &a.span.exact),
        Kind::Stance(_) => None,
    };
    Contribution {
        group,
        text,
        hash: annotation_hash(a, outlet),
    }
}

/// Changes when anything about the annotation, or its outlet, does.
fn annotation_hash(a: &Annotation, outlet: &str) -> u64 {
    let mut h = Fnv::new();
    outlet.hash(&mut h);
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
            c.proposition.hash(&mut h);
            c.worthiness.hash(&mut h);
            c.attributed_to.hash(&mut h);
        }
        Kind::Quote(q) => {
            1u8.hash(&mut h);
            q.speaker.hash(&mut h);
            q.mode.hash(&mut h);
            q.cue.hash(&mut h);
            q.utterance.hash(&mut h);
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

    #[test]
    fn quotation_marks_around_spans() {
        let t = Text::new("He said \u{201C}we will win,\u{201D} and left. \"Go\" now".into());
        // "we will win" inside curly quotes, comma before the closing mark.
        assert!(enclosed(&t, 9, 20));
        // "and left" is outside.
        assert!(!enclosed(&t, 23, 31));
        // The span may include the marks themselves.
        assert!(enclosed(&t, 8, 22));
        // Straight quotes: "Go" inside, "now" outside.
        assert!(enclosed(&t, 34, 36));
        assert!(!enclosed(&t, 38, 41));
        let apostrophe = Text::new("\u{201C}We won\u{2019}t stop\u{201D}".into());
        assert!(enclosed(&apostrophe, 1, 4));
    }
}
