//! Quotes across sources: the same words given to different speakers, one
//! utterance reported in different words, and a quote whose speaker is not
//! its utterance's.

use super::{
    DUPLICATE_ENTITY, Env, Finding, Fix, Location, Member, SPEAKER_CONFLICT, Severity,
    UTTERANCE_DRIFT, UTTERANCE_SPEAKER_MISMATCH, count, quoted, spread,
};
use crate::core::edit::Edit;
use crate::core::model::{Annotation, ArticleId, EntityId, Kind, QuoteMode, UtteranceId};
use crate::core::text::unicode;
use std::collections::{BTreeMap, HashMap};

/// Words that carry little meaning: a wording that differs only in these
/// drifts at info level.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by",
    "from", "as", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these",
    "those", "we", "our", "us", "i", "you", "he", "she", "they", "them", "their", "his", "her",
    "will", "would", "shall", "should", "can", "could", "do", "does", "did", "have", "has", "had",
    "so", "very", "also", "all", "any", "there", "here", "not",
];

/// X103: a quote whose speaker is not its utterance's speaker.
pub(crate) fn speaker_mismatch(env: &Env, article: &ArticleId, a: &Annotation) -> Option<Finding> {
    let Kind::Quote(q) = &a.kind else {
        return None;
    };
    let utterance = env.set.utterances().get(q.utterance.as_ref()?)?;
    let (said_by, expected) = (q.speaker.as_ref()?, utterance.speaker.as_ref()?);
    if said_by == expected {
        return None;
    }
    let mut fixed = a.clone();
    if let Kind::Quote(q) = &mut fixed.kind {
        q.speaker = Some(expected.clone());
    }
    Some(Finding::new(
        UTTERANCE_SPEAKER_MISMATCH,
        format!(
            "quote {} is attributed to {}, but utterance {} is {}'s",
            a.id,
            env.entity_name(said_by),
            utterance.id,
            env.entity_name(expected)
        ),
        vec![Location::annotation(article, a)],
        Some(Fix {
            label: format!("attribute the quote to {}", env.entity_name(expected)),
            edit: Edit::ReplaceAnnotation(Box::new(fixed)),
        }),
    ))
}

/// X101: quotes in different articles whose words match (the same, nearly
/// the same, reordered, or one inside the other) but whose speakers differ.
/// Quotes the editor linked to different utterances were told apart on
/// purpose and are left alone.
pub(crate) fn speaker_conflict(env: &Env, members: &[Member]) -> Option<Finding> {
    // Quotes with a speaker, grouped by (text, speaker, utterance): pairs
    // are checked between groups, not between every two quotes.
    type Group<'m, 'a> = (
        (Option<u64>, &'a EntityId, Option<&'a UtteranceId>),
        Vec<&'m Member<'a>>,
    );
    type Reading<'m, 'a> = (
        (Option<u64>, Option<&'a EntityId>, Option<&'a UtteranceId>),
        Vec<&'m Member<'a>>,
    );
    let mut groups: Vec<Reading> = Vec::new();
    // By text and role, so only one quote of each group is read.
    let mut index: super::matching::FastMap<(Option<u64>, u64), usize> = Default::default();
    for m in members.iter().filter(|m| m.has_speaker()) {
        let n = *index.entry((m.text, m.role)).or_insert_with(|| {
            let (speaker, utterance) = match &m.annotation.kind {
                Kind::Quote(q) => (q.speaker.as_ref(), q.utterance.as_ref()),
                _ => (None, None),
            };
            groups.push(((m.text, speaker, utterance), Vec::new()));
            groups.len() - 1
        });
        groups[n].1.push(m);
    }
    // A role is a hash: groups whose speaker could not be read are left out.
    let groups: Vec<Group> = groups
        .into_iter()
        .filter_map(|((t, s, u), list)| Some(((t, s?, u), list)))
        .collect();
    let settled =
        |u: Option<&UtteranceId>, v: Option<&UtteranceId>| u.zip(v).is_some_and(|(u, v)| u != v);
    let mut involved = vec![false; groups.len()];
    let mut likeness = None;
    for i in 0..groups.len() {
        for j in i + 1..groups.len() {
            let ((ta, sa, ua), la) = &groups[i];
            let ((tb, sb, ub), lb) = &groups[j];
            if sa == sb || settled(*ua, *ub) {
                continue;
            }
            let Some(l) = ta.zip(*tb).and_then(|(a, b)| env.texts.likeness(a, b)) else {
                continue;
            };
            let apart = la.iter().any(|a| lb.iter().any(|b| a.slot != b.slot));
            if apart {
                involved[i] = true;
                involved[j] = true;
                likeness = likeness.max(Some(l));
            }
        }
    }
    let likeness = likeness?;
    // Which outlet gives the words to whom, most quotes first.
    let mut by_speaker: BTreeMap<&EntityId, Vec<&Member>> = BTreeMap::new();
    for (n, ((_, speaker, _), list)) in groups.iter().enumerate() {
        if involved[n] {
            by_speaker
                .entry(speaker)
                .or_default()
                .extend(list.iter().copied());
        }
    }
    let mut speakers: Vec<(&EntityId, Vec<&Member>)> = by_speaker.into_iter().collect();
    speakers.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(b.0)));
    let sides: Vec<String> = speakers
        .iter()
        .map(|(s, list)| {
            format!(
                "{} gives {} to {}",
                outlets(list),
                quoted(list[0].annotation.span.exact()),
                env.entity_name(s)
            )
        })
        .collect();
    let lists: Vec<Vec<&Member>> = speakers.into_iter().map(|(_, l)| l).collect();
    Some(Finding::new(
        SPEAKER_CONFLICT,
        format!(
            "quotes with {} are attributed to different speakers: {}; check who said them, \
             or link the quotes to different utterances if they are different words",
            likeness.describe(),
            sides.join("; ")
        ),
        spread(&lists),
        None,
    ))
}

/// The outlets of `members` and their articles: "Ledger (a, c) and Courier (b)".
pub(crate) fn outlets(members: &[&Member]) -> String {
    // Outlets in order of first appearance, with up to three articles each
    // (a group may hold thousands of quotes).
    let mut by_outlet: Vec<(&str, Vec<&str>)> = Vec::new();
    let mut index: super::matching::FastMap<&str, usize> = Default::default();
    let mut seen: super::matching::FastSet<u32> = Default::default();
    let mut last = None;
    for m in members {
        // Members come in article order: most repeats are the last one.
        if last == Some(m.slot) || !seen.insert(m.slot) {
            continue;
        }
        last = Some(m.slot);
        let n = *index.entry(m.outlet).or_insert_with(|| {
            by_outlet.push((m.outlet, Vec::new()));
            by_outlet.len() - 1
        });
        let articles = &mut by_outlet[n].1;
        if articles.len() < 3 {
            articles.push(m.article.as_str());
        }
    }
    let parts: Vec<String> = by_outlet
        .iter()
        .take(3)
        .map(|(o, articles)| {
            if o.starts_with("article ") {
                (*o).to_owned()
            } else {
                format!("{o} ({})", articles.join(", "))
            }
        })
        .collect();
    let more = by_outlet.len().saturating_sub(3);
    match (parts.as_slice(), more) {
        ([one], 0) => one.clone(),
        (_, 0) => {
            let (last, rest) = parts.split_last().expect("two or more");
            format!("{} and {last}", rest.join(", "))
        }
        _ => format!("{} and {more} more", parts.join(", ")),
    }
}

/// Distinct normalised wordings of `quotes` with their quotes, most common
/// first.
type Variants<'m, 'a> = Vec<(String, Vec<&'m Member<'a>>)>;

fn variants<'m, 'a>(env: &Env, quotes: &[&'m Member<'a>]) -> Variants<'m, 'a> {
    let mut out: Variants = Vec::new();
    // Each indexed text is looked up once; texts too short to index are
    // normalised here.
    let mut by_text: HashMap<u64, usize> = HashMap::new();
    for m in quotes {
        if let Some(v) = m.text.and_then(|k| by_text.get(&k)) {
            out[*v].1.push(m);
            continue;
        }
        let norm = m.text.and_then(|k| env.texts.entries.get(&k)).map_or_else(
            || super::matching::normalise(m.annotation.span.exact()),
            |e| e.norm.clone(),
        );
        let v = match out.iter().position(|(n, _)| *n == norm) {
            Some(v) => v,
            None => {
                out.push((norm, Vec::new()));
                out.len() - 1
            }
        };
        out[v].1.push(m);
        if let Some(k) = m.text {
            by_text.insert(k, v);
        }
    }
    out.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    out
}

/// How `variants` differ from `reference`: for each differing variant,
/// its description, whether meaningful words changed, and its quotes.
fn changes<'m, 'a>(
    reference: &str,
    variants: &Variants<'m, 'a>,
    translation: bool,
) -> Vec<(String, bool, Vec<&'m Member<'a>>)> {
    let reference_words: Vec<&str> = reference.split(' ').collect();
    let mut out = Vec::new();
    for (norm, list) in variants {
        let words: Vec<&str> = norm.split(' ').collect();
        let Some(against) = best_window(&reference_words, &words) else {
            continue; // shares no word with the wording: another language, or a fragment
        };
        let diff = if against.len() < reference_words.len() {
            // Matched to a stretch of its own length: compare word by word.
            let (removed, added): (Vec<&str>, Vec<&str>) = against
                .iter()
                .zip(&words)
                .filter(|(a, b)| a != b)
                .map(|(a, b)| (*a, *b))
                .unzip();
            (!added.is_empty()).then_some((removed, added))
        } else {
            word_diff(against, &words)
        };
        let Some((removed, added)) = diff else {
            continue;
        };
        let meaning = removed
            .iter()
            .chain(&added)
            .any(|w| !FUNCTION_WORDS.contains(w));
        let side = |ws: &[&str]| match ws {
            [] => "(nothing)".to_owned(),
            _ => quoted(&ws.join(" ")),
        };
        let how = if translation { " in translation" } else { "" };
        out.push((
            format!(
                "{} has {} for {}{how}",
                outlets(list),
                side(&added),
                side(&removed)
            ),
            meaning,
            list.clone(),
        ));
    }
    out
}

/// X107 from an utterance: its speaker and a quote's speaker are two
/// entities whose names are in different scripts ("Tomas Haldor", "토마스
/// 할도르"). Names in two scripts rarely share a key, but quotes of one
/// utterance given to both say they may be one person. Not certain (the
/// link may be wrong), so no merge is offered; and an entity whose quotes
/// go to several people's utterances is a misattribution, not a second
/// name, so the validator reports a pair only when `other` pairs with one
/// speaker across all utterances.
#[derive(Clone, Debug)]
pub(crate) struct ScriptPair {
    pub other: EntityId,
    pub speaker: EntityId,
    /// How alike their names sound ([`unicode::sounds_alike`], best of
    /// names and aliases).
    pub alike: f64,
    pub finding: Finding,
}

pub(crate) fn one_speaker_in_two_scripts(
    env: &Env,
    u: &UtteranceId,
    members: &[Member],
) -> Vec<ScriptPair> {
    let entities = env.set.entities();
    let Some(said_by) = env.set.utterances().get(u).and_then(|u| u.speaker.as_ref()) else {
        return Vec::new();
    };
    let Some(speaker) = entities.get(said_by) else {
        return Vec::new();
    };
    let latin = |e: &crate::core::model::Entity| unicode::name_key(&e.name).is_ascii();
    let mut by_other: BTreeMap<&EntityId, Vec<&Member>> = BTreeMap::new();
    for m in members {
        if let Kind::Quote(q) = &m.annotation.kind
            && let Some(other) = q.speaker.as_ref().filter(|s| *s != said_by)
            && let Some(e) = entities.get(other)
            && e.kind == speaker.kind
            && latin(e) != latin(speaker)
        {
            by_other.entry(other).or_default().push(m);
        }
    }
    let own: Vec<&Member> = members
        .iter()
        .filter(
            |m| matches!(&m.annotation.kind, Kind::Quote(q) if q.speaker.as_ref() == Some(said_by)),
        )
        .collect();
    by_other
        .into_iter()
        .map(|(other, quotes)| {
            let (a, b) = if said_by < other { (said_by, other) } else { (other, said_by) };
            let finding = Finding::new(
                DUPLICATE_ENTITY,
                format!(
                    "entities {a} ({}) and {b} ({}) may be the same person: quotes of utterance {u} \
                     are given to both, under names in two scripts; if so, merge them, \
                     else link {} to another utterance",
                    env.entity_name(a),
                    env.entity_name(b),
                    count(quotes.len(), "quote")
                ),
                spread(&[quotes, own.clone()]),
                None,
            );
            let alike = entities.get(other).map_or(0.0, |e| {
                e.names()
                    .flat_map(|x| speaker.names().map(move |y| unicode::sounds_alike(x, y)))
                    .fold(0.0, f64::max)
            });
            ScriptPair {
                other: other.clone(),
                speaker: said_by.clone(),
                alike,
                finding,
            }
        })
        .collect()
}

/// X102: direct and partial quotes of utterance `u` whose wording differs
/// from the utterance's (or, without one, from the most common wording). A
/// quote that is an excerpt of the wording is not drift. Translations are
/// compared with the other translations into their language, not with the
/// original: their differences are worth knowing (info), not misquotes.
pub(crate) fn drift(env: &Env, u: &UtteranceId, members: &[Member]) -> Option<Finding> {
    let direct: Vec<&Member> = members
        .iter()
        .filter(|m| matches!(&m.annotation.kind, Kind::Quote(q) if q.mode != QuoteMode::Indirect))
        .collect();
    let language = |m: &Member| -> String {
        match &m.annotation.kind {
            Kind::Quote(q) if !q.language.is_empty() => q.language.to_string(),
            _ => env
                .set
                .article(m.article)
                .map(|a| a.record.meta.language.clone())
                .unwrap_or_default(),
        }
    };
    let translated = |m: &Member| matches!(&m.annotation.kind, Kind::Quote(q) if q.translated);
    let originals: Vec<&Member> = direct.iter().copied().filter(|m| !translated(m)).collect();
    let mut translations: BTreeMap<String, Vec<&Member>> = BTreeMap::new();
    for m in direct.iter().copied().filter(|m| translated(m)) {
        translations.entry(language(m)).or_default().push(m);
    }

    let mut found: Vec<(String, bool, Vec<&Member>)> = Vec::new();
    let mut lists: Vec<Vec<&Member>> = Vec::new();
    let as_said = variants(env, &originals);
    let wording = env
        .set
        .utterances()
        .get(u)
        .map(|u| super::matching::normalise(&u.wording))
        .filter(|w| !w.is_empty());
    let reference = wording.or_else(|| as_said.first().map(|(n, _)| n.clone()));
    if let Some(reference) = &reference {
        let original = changes(reference, &as_said, false);
        if !original.is_empty() {
            // Point at a quote that keeps the wording too, if any.
            if let Some((_, list)) = as_said.iter().find(|(n, _)| n == reference) {
                lists.push(list.clone());
            }
        }
        found.extend(original);
    }
    let mut in_translation = Vec::new();
    for quotes in translations.values() {
        let variants = variants(env, quotes);
        let Some((most_common, list)) = variants.first() else {
            continue;
        };
        let differ = changes(most_common, &variants, true);
        if !differ.is_empty() {
            lists.push(list.clone());
            in_translation.extend(differ.into_iter().map(|(c, _, l)| (c, false, l)));
        }
    }
    let in_translation_count = in_translation.len();
    found.extend(in_translation);
    if found.is_empty() {
        return None;
    }
    // Quoted as written (the utterance's wording, or a quote's own text),
    // not in its normalised form.
    let written = env
        .set
        .utterances()
        .get(u)
        .map(|u| u.wording.trim())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .or_else(|| {
            let r = reference.as_ref()?;
            let (_, list) = as_said.iter().find(|(n, _)| n == r)?;
            Some(list.first()?.annotation.span.exact().to_owned())
        });
    let from = match written {
        Some(w) if found.len() > in_translation_count => format!(" from {}", quoted(&w)),
        _ => String::new(),
    };
    let meaning = found.iter().any(|(_, m, _)| *m);
    let differing: usize = found.iter().map(|(_, _, l)| l.len()).sum();
    let described: Vec<String> = found.iter().take(3).map(|(c, _, _)| c.clone()).collect();
    lists.extend(found.into_iter().map(|(_, _, l)| l));
    let mut finding = Finding::new(
        UTTERANCE_DRIFT,
        format!(
            "quotes of utterance {u} differ in wording{from}: {} ({differing} of {}); \
             check which wording the speaker used",
            described.join("; "),
            count(direct.len(), "quote")
        ),
        spread(&lists),
        None,
    );
    if !meaning {
        finding.severity = Severity::Info;
    }
    Some(finding)
}

/// Words of `b` missing from `a` and words of `a` missing from `b` (by
/// longest common subsequence); `None` if `b` is `a` or a stretch of it.
/// The stretch of `reference` a shorter quote should be compared with: the
/// window of its length sharing the most words with it ("sacred fight" is
/// held against "just fight", not the whole sentence). `None` when it shares
/// no word at all.
fn best_window<'a, 'b>(reference: &'b [&'a str], quote: &[&str]) -> Option<&'b [&'a str]> {
    let shared = |w: &[&str]| quote.iter().filter(|q| w.contains(q)).count();
    if quote.len() >= reference.len() {
        return (shared(reference) > 0).then_some(reference);
    }
    // Words in the same places first: "just fight" beats "fight against".
    let aligned = |w: &[&str]| w.iter().zip(quote).filter(|(a, b)| a == b).count();
    let best = reference
        .windows(quote.len())
        .max_by_key(|w| (aligned(w), shared(w)))?;
    (shared(best) > 0).then_some(best)
}

fn word_diff<'a>(a: &[&'a str], b: &[&'a str]) -> Option<(Vec<&'a str>, Vec<&'a str>)> {
    if b.is_empty() || a.windows(b.len()).any(|w| w == b) {
        return None;
    }
    const MAX_WORDS: usize = 300;
    if a.len() > MAX_WORDS || b.len() > MAX_WORDS {
        return Some((Vec::new(), vec!["(long quote)"]));
    }
    let mut lcs = vec![vec![0u16; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    // Words cut from either end of `a` are an excerpt, not a change.
    let mut matched_any = false;
    let mut trailing_removed = Vec::new();
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            removed.append(&mut trailing_removed);
            matched_any = true;
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            added.push(b[j]);
            j += 1;
        } else {
            if matched_any {
                trailing_removed.push(a[i]);
            }
            i += 1;
        }
    }
    if removed.is_empty() && added.is_empty() {
        return None;
    }
    Some((removed, added))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_quotes_are_held_against_their_stretch_of_the_wording() {
        let wording = ["a", "just", "fight", "against", "them"];
        assert_eq!(
            best_window(&wording, &["sacred", "fight"]),
            Some(&wording[1..3])
        );
        assert_eq!(best_window(&wording, &["sacred"]), None, "nothing shared");
    }

    #[test]
    fn word_diff_reports_changed_words_not_excerpts() {
        let a: Vec<&str> = "this is a just fight for our rights".split(' ').collect();
        let b: Vec<&str> = "this is a sacred fight for our rights".split(' ').collect();
        assert_eq!(word_diff(&a, &b), Some((vec!["just"], vec!["sacred"])));
        let excerpt: Vec<&str> = "a just fight".split(' ').collect();
        assert_eq!(word_diff(&a, &excerpt), None);
        assert_eq!(word_diff(&a, &a), None);
        let dropped: Vec<&str> = "this is a fight for our rights".split(' ').collect();
        assert_eq!(word_diff(&a, &dropped), Some((vec!["just"], vec![])));
    }
}
