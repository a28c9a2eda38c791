//! Unlinked match: claims or quotes in different articles that say the same
//! thing (after normalisation, or near-identically) while some of them are
//! linked to no proposition or utterance. Matches linked to different
//! propositions or utterances were linked on purpose and are left alone.

use super::matching::{FastMap, FastSet, Likeness, normalise};
use super::quotes::outlets;
use super::{Env, Finding, Fix, Member, UNLINKED_MATCH, count, quoted, spread};
use crate::core::edit::Edit;
use crate::core::model::{Kind, KindName, Proposition, PropositionId, Utterance, UtteranceId};

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

/// X106. Loose members are those whose words match a member in another
/// article. The fix links them only where that is certainly right: their
/// text is the same as, or nearly the same as, the texts they would join.
/// A looser match (reordered, contained) names what to check instead.
pub(crate) fn unlinked(env: &Env, kind: KindName, members: &[Member]) -> Option<Finding> {
    // Up to two articles per text, enough to tell whether a text is found
    // in an article other than a given one.
    let mut articles_of: FastMap<u64, Vec<u32>> = FastMap::default();
    for m in members {
        if let Some(k) = m.text {
            let list = articles_of.entry(k).or_default();
            if list.len() < 2 && !list.contains(&m.slot) {
                list.push(m.slot);
            }
        }
    }
    let elsewhere = |m: &Member| -> bool {
        let Some(k) = m.text else { return false };
        let neighbours = env
            .texts
            .entries
            .get(&k)
            .map_or(&[][..], |e| &e.neighbours[..]);
        std::iter::once(k)
            .chain(neighbours.iter().map(|(n, _)| *n))
            .filter_map(|t| articles_of.get(&t))
            .any(|list| list.iter().any(|a| *a != m.slot))
    };
    let loose: Vec<&Member> = members
        .iter()
        .filter(|m| !m.linked() && elsewhere(m))
        .collect();
    if loose.is_empty() {
        return None;
    }
    // Linked members by role, so only one annotation of each role is read
    // for its link.
    let mut by_role: FastMap<u64, Vec<&Member>> = FastMap::default();
    for m in members.iter().filter(|m| m.linked()) {
        by_role.entry(m.role).or_default().push(m);
    }
    let mut links: FastMap<&str, Vec<&Member>> = FastMap::default();
    for list in by_role.into_values() {
        if let Some(l) = list.first().and_then(|m| link(m)) {
            links.entry(l).or_default().extend(list);
        }
    }
    // Back in article order (members of one article keep theirs).
    for list in links.values_mut() {
        list.sort_by_key(|m| m.slot);
    }
    let (what, target_word) = match kind {
        KindName::Quote => ("quote", "utterance"),
        _ => ("claim", "proposition"),
    };
    // Against the distinct texts of `others`, not each of thousands of
    // quotes.
    let certain = |m: &Member, texts: &FastSet<u64>| {
        m.text.is_some_and(|k| {
            texts.iter().any(|t| {
                matches!(
                    env.texts.likeness(k, *t),
                    Some(Likeness::Same | Likeness::NearIdentical)
                )
            })
        })
    };
    let most_linked = links
        .iter()
        .max_by(|a, b| a.1.len().cmp(&b.1.len()).then_with(|| b.0.cmp(a.0)));
    let loose_side = format!(
        "{} in {}",
        quoted(loose[0].annotation.span.exact()),
        outlets(&loose)
    );
    let (target, mut edits, message, reference, fixable) = match most_linked {
        Some((target, list)) => {
            let linked_side = format!(
                "{} in {}",
                quoted(list[0].annotation.span.exact()),
                outlets(list)
            );
            (
                (*target).to_owned(),
                Vec::new(),
                format!(
                    "{what}s with matching words, {} linked to no {target_word} \
                     ({loose_side}) and {} linked to {target_word} {target} ({linked_side})",
                    loose.len(),
                    list.len(),
                ),
                vec![list.clone()],
                {
                    let texts: FastSet<u64> = list.iter().filter_map(|o| o.text).collect();
                    loose.iter().all(|m| certain(m, &texts))
                },
            )
        }
        None => {
            let first = &loose[0].annotation;
            let norm = normalise(first.span.exact());
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
                        wording: first.span.exact().to_owned(),
                    })
                }
                _ => Edit::PutProposition(Proposition {
                    id: PropositionId::new(id.as_str()),
                    statement: first.span.exact().to_owned(),
                }),
            };
            let all_same = loose
                .iter()
                .all(|m| m.text.is_some() && m.text == loose[0].text);
            (
                id,
                vec![create],
                format!(
                    "{what}s with matching words in {} are linked to no {target_word}: {}",
                    outlets(&loose),
                    loose
                        .iter()
                        .take(3)
                        .map(|m| quoted(m.annotation.span.exact()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Vec::new(),
                all_same,
            )
        }
    };
    let message = if fixable {
        message
    } else {
        format!(
            "{message}; check whether they state the same thing, and if so link them to one {target_word}"
        )
    };
    let mut lists = vec![loose.clone()];
    lists.extend(reference);
    let fix = fixable.then(|| {
        let fixed: Vec<&Member> = loose.iter().copied().take(super::MAX_LOCATIONS).collect();
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
        Fix {
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
        }
    });
    Some(Finding::new(UNLINKED_MATCH, message, spread(&lists), fix))
}
