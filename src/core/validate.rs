//! The validator: a pure function from a set and its articles to findings.
//! It never fails on a bad set; broken input is what it reports.

use crate::core::article::Corpus;
use crate::core::edit::Edit;
use crate::core::model::{AnnotationId, AnnotationSet, ArticleId, Kind};
use crate::core::text::Anchor;
use serde::Serialize;
use std::collections::HashSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Where a finding points: an article, and a span or annotation in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    pub article: ArticleId,
    pub start: Option<usize>,
    pub end: Option<usize>,
    pub annotation: Option<AnnotationId>,
}

/// A change that would resolve a finding, applied through the edit path.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    pub label: String,
    pub edit: Edit,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// Stable rule code, e.g. `I001`.
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub locations: Vec<Location>,
    pub fix: Option<Fix>,
}

/// A validator rule: its stable code, short name and default level.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
}

pub const SPAN_INVALID: Rule = Rule {
    code: "I001",
    name: "span-invalid",
    severity: Severity::Error,
};
pub const STALE_SPAN: Rule = Rule {
    code: "I002",
    name: "stale-span",
    severity: Severity::Error,
};
pub const DANGLING_REFERENCE: Rule = Rule {
    code: "I004",
    name: "dangling-reference",
    severity: Severity::Error,
};
pub const DUPLICATE_ID: Rule = Rule {
    code: "I005",
    name: "duplicate-id",
    severity: Severity::Error,
};
pub const MISSING_ATTRIBUTE: Rule = Rule {
    code: "I006",
    name: "missing-attribute",
    severity: Severity::Error,
};
pub const UNKNOWN_ARTICLE: Rule = Rule {
    code: "I010",
    name: "unknown-article",
    severity: Severity::Error,
};

/// Every rule, in code order.
pub const RULES: &[Rule] = &[
    SPAN_INVALID,
    STALE_SPAN,
    DANGLING_REFERENCE,
    DUPLICATE_ID,
    MISSING_ATTRIBUTE,
    UNKNOWN_ARTICLE,
];

fn at(article: &ArticleId, a: &crate::core::model::Annotation) -> Location {
    Location {
        article: article.clone(),
        start: Some(a.span.start),
        end: Some(a.span.end),
        annotation: Some(a.id.clone()),
    }
}

/// Checks `set` against `corpus` and returns every finding, most severe
/// first, then by article and position.
pub fn validate(set: &AnnotationSet, corpus: &Corpus) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut push = |rule: Rule, message: String, locations: Vec<Location>, fix: Option<Fix>| {
        out.push(Finding {
            rule: rule.code,
            severity: rule.severity,
            message,
            locations,
            fix,
        })
    };
    let mut seen = HashSet::new();
    for (article_id, anns) in set.articles() {
        let article = corpus.get(article_id);
        if article.is_none() && !anns.annotations().is_empty() {
            push(
                UNKNOWN_ARTICLE,
                format!(
                    "{} annotations belong to article {article_id}, which is not in the articles folder",
                    anns.annotations().len()
                ),
                vec![Location {
                    article: article_id.clone(),
                    start: None,
                    end: None,
                    annotation: None,
                }],
                None,
            );
        }
        for a in anns.annotations() {
            let loc = || vec![at(article_id, a)];
            if !seen.insert(&a.id) {
                push(
                    DUPLICATE_ID,
                    format!("annotation id {} is used more than once", a.id),
                    loc(),
                    None,
                );
            }
            if let Some(article) = article {
                let len = article.text.len_chars();
                if a.span.start > a.span.end || a.span.end > len || a.span.is_empty() {
                    let why = if a.span.start > a.span.end {
                        "ends before it starts".to_owned()
                    } else if a.span.end > len {
                        format!("runs past the end of the article ({len} chars)")
                    } else {
                        "is empty".to_owned()
                    };
                    push(
                        SPAN_INVALID,
                        format!("span {}..{} of {} {why}", a.span.start, a.span.end, a.id),
                        loc(),
                        None,
                    );
                } else {
                    match article.text.locate(&a.span) {
                        Anchor::InPlace => {}
                        Anchor::Moved { start, end } => {
                            let mut moved = a.clone();
                            if let Ok(span) = article.text.span(start..end) {
                                moved.span = span;
                            }
                            push(
                                STALE_SPAN,
                                format!(
                                    "the text of {} is no longer at {}..{}; it is now at {start}..{end}",
                                    a.id, a.span.start, a.span.end
                                ),
                                loc(),
                                Some(Fix {
                                    label: format!("move the span to {start}..{end}"),
                                    edit: Edit::ReplaceAnnotation(Box::new(moved)),
                                }),
                            )
                        }
                        Anchor::Lost => push(
                            STALE_SPAN,
                            format!(
                                "the text of {} (\"{}\") is no longer in the article",
                                a.id, a.span.exact
                            ),
                            loc(),
                            None,
                        ),
                    }
                }
            }
            for (role, entity) in a.entity_refs() {
                if !set.entities().contains_key(entity) {
                    push(
                        DANGLING_REFERENCE,
                        format!(
                            "{} names {role} {entity}, which is not in the entity list",
                            a.id
                        ),
                        loc(),
                        None,
                    );
                }
            }
            if let Some(p) = a.proposition()
                && !set.propositions().contains_key(p)
            {
                push(
                    DANGLING_REFERENCE,
                    format!("{} links to proposition {p}, which does not exist", a.id),
                    loc(),
                    None,
                );
            }
            if let Some(u) = a.utterance()
                && !set.utterances().contains_key(u)
            {
                push(
                    DANGLING_REFERENCE,
                    format!("{} links to utterance {u}, which does not exist", a.id),
                    loc(),
                    None,
                );
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
                push(
                    MISSING_ATTRIBUTE,
                    format!(
                        "{} {} has no {}",
                        a.kind.name().as_str(),
                        a.id,
                        missing.join(" and ")
                    ),
                    loc(),
                    None,
                );
            }
        }
    }
    out.sort_by(|a, b| {
        b.severity.cmp(&a.severity).then_with(|| {
            a.locations
                .first()
                .map(|l| (&l.article, l.start))
                .cmp(&b.locations.first().map(|l| (&l.article, l.start)))
        })
    });
    out
}
