//! Unlinked match: claims or quotes in different articles that say the same
//! thing (after normalisation, or near-identically) while some of them are
//! linked to no proposition or utterance. Matches linked to different
//! propositions or utterances were linked on purpose and are left alone.

use super::matching::normalise;
use super::{Env, Finding, Fix, Member, UNLINKED_MATCH, count, quoted, spread};
use crate::core::edit::Edit;
use crate::core::model::{Kind, KindName, Proposition, PropositionId, Utterance, UtteranceId};
use std::collections::BTreeMap;

/// The proposition or utterance a member is linked to.
fn link<'a>(m: &Member<'a>) -> Option<&'a str> {
    match &m.annotation.kind {
        Kind::Claim(c) => c.propositions.first().map(|p| p.as_str()),
        Kind::Quote(q) => q.utterance.as_ref().map(|u| u.as_str()),
        Kind::Stance(_) => None,
    }
}

/// An id for a new proposition or utterance made from its words, so the
/// same finding always suggests the same id.
fn new_id(env: &Env, kind: KindName, norm: &str) -> String {
    let slug: Vec<&str> = norm.split(' ').take(4).collect();
    let base = match kind {
        KindName::Quote => format!("utt-{}", slug.join("-")),
        _ => format!("prop-{}", slug.join("-")),
    };
    let taken = |id: &str| match kind {
        KindName::Quote => env.set.utterances().contains_key(&UtteranceId::new(id)),
        _ => env.set.propositions().contains_key(&PropositionId::new(id)),
    };
    (1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|id| !taken(id))
        .unwrap_or(base)
}

pub(crate) fn unlinked(env: &Env, kind: KindName, members: &[Member]) -> Option<Finding> {
    let first_article = members.first()?.article;
    if members.iter().all(|m| m.article == first_article) {
        return None;
    }
    let loose: Vec<&Member> = members.iter().filter(|m| link(m).is_none()).collect();
    if loose.is_empty() {
        return None;
    }
    let mut links: BTreeMap<&str, Vec<&Member>> = BTreeMap::new();
    for m in members {
        if let Some(l) = link(m) {
            links.entry(l).or_default().push(m);
        }
    }
    let (what, target_word) = match kind {
        KindName::Quote => ("quote", "utterance"),
        _ => ("claim", "proposition"),
    };
    let fixed: Vec<&Member> = loose.iter().copied().take(super::MAX_LOCATIONS).collect();
    let most_linked = links
        .iter()
        .max_by(|a, b| a.1.len().cmp(&b.1.len()).then_with(|| b.0.cmp(a.0)));
    let (target, mut edits, message, reference) = match most_linked {
        Some((target, list)) => (
            (*target).to_owned(),
            Vec::new(),
            format!(
                "{what}s with matching words: {} linked to {target_word} {target}, {} linked to none",
                list.len(),
                loose.len()
            ),
            vec![list.clone()],
        ),
        None => {
            let first = &loose[0].annotation;
            let norm = normalise(&first.span.exact);
            let id = new_id(env, kind, &norm);
            let create = match kind {
                KindName::Quote => {
                    let speaker = loose.iter().find_map(|m| match &m.annotation.kind {
                        Kind::Quote(q) => q.speaker.clone(),
                        _ => None,
                    });
                    Edit::PutUtterance(Utterance {
                        id: UtteranceId::new(id.as_str()),
                        speaker,
                        wording: first.span.exact.clone(),
                    })
                }
                _ => Edit::PutProposition(Proposition {
                    id: PropositionId::new(id.as_str()),
                    statement: first.span.exact.clone(),
                }),
            };
            let articles = {
                let mut a: Vec<_> = loose.iter().map(|m| m.article).collect();
                a.dedup();
                a.sort();
                a.dedup();
                a.len()
            };
            (
                id,
                vec![create],
                format!(
                    "{what}s with words matching {} in {articles} articles are linked to no {target_word}",
                    quoted(&first.span.exact)
                ),
                Vec::new(),
            )
        }
    };
    let creates = !edits.is_empty();
    for m in &fixed {
        let mut a = m.annotation.clone();
        match &mut a.kind {
            Kind::Claim(c) => c.propositions.push(PropositionId::new(target.as_str())),
            Kind::Quote(q) => q.utterance = Some(UtteranceId::new(target.as_str())),
            Kind::Stance(_) => {}
        }
        edits.push(Edit::ReplaceAnnotation(Box::new(a)));
    }
    let mut lists = vec![loose.clone()];
    lists.extend(reference);
    Some(Finding::new(
        UNLINKED_MATCH,
        message,
        spread(&lists),
        Some(Fix {
            label: if creates {
                format!(
                    "create {target_word} {target} and link {} to it",
                    count(fixed.len(), what)
                )
            } else {
                format!(
                    "link {} to {target_word} {target}",
                    count(fixed.len(), what)
                )
            },
            edit: Edit::Batch(edits),
        }),
    ))
}
