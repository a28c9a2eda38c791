//! Passages in other articles that say what an annotation says.
//!
//! Every claim and quote annotation is a source; the candidates are the
//! other articles' annotations of its kind and, where no annotation of the
//! kind stands, their sentences (for claims) and quoted passages (for
//! quotes). Texts are compared as the validator compares them
//! ([`matching`]: the same normal form, word hashes and
//! [`matching::compare`]); wordings the validator would not call alike yet
//! (paraphrases across outlets) are scored by the weight of the word stems
//! they share, rare words weighing more. Candidates come from an inverted
//! index from stems to texts, never from all pairs.
//!
//! For each source and each other article the best annotation above
//! [`MIN_ANNOTATION_SCORE`] is proposed, else the best passage above
//! [`MIN_PASSAGE_SCORE`].

use super::{Group, Proposal, Suggestion};
use crate::core::article::Corpus;
use crate::core::model::{Annotation, AnnotationSet, KindName};
use crate::core::text::unicode;
use crate::core::validate::matching::{
    self, COMMON_WORD_TEXTS, FastMap, Likeness, MIN_MATCH_CHARS,
};
use std::collections::BTreeMap;
use std::ops::Range;

/// Below this a passage is not proposed (cosine of stem weights, 0..1).
pub const MIN_PASSAGE_SCORE: f32 = 0.3;
/// Below this an annotation is not proposed. Lower than for a passage: an
/// editor has already marked it as a claim or quote, and outlets word one
/// fact differently enough that the best of an article's annotations is
/// often right at a fifth of the weight shared.
pub const MIN_ANNOTATION_SCORE: f32 = 0.12;

/// One text that can link or be linked.
struct Item<'a> {
    article: usize,
    /// Chars.
    span: Range<usize>,
    kind: KindName,
    annotation: Option<&'a Annotation>,
    norm: String,
    words: Box<[u64]>,
    stems: Box<[u64]>,
}

/// Link suggestions across the whole corpus, before the duplicate and
/// rejection filtering of [`super::suggest`]; one per proposed span.
pub fn links(set: &AnnotationSet, corpus: &Corpus) -> Vec<Suggestion> {
    let articles: Vec<_> = corpus.articles().collect();
    let items = items(set, &articles);
    let index = Index::new(&items);
    let mut proposed: Vec<(usize, usize, f32)> = Vec::new();
    for (s, source) in items.iter().enumerate() {
        if source.annotation.is_none() {
            continue;
        }
        // Per other article: the best annotation and the best passage.
        let mut best: BTreeMap<usize, [Option<(usize, f32)>; 2]> = BTreeMap::new();
        for (c, score) in index.similar(&items, s) {
            let cand = &items[c];
            if cand.article == source.article || cand.kind != source.kind {
                continue;
            }
            if cand.annotation.is_some_and(|t| !ungrouped(t)) {
                continue;
            }
            let slot =
                &mut best.entry(cand.article).or_default()[usize::from(cand.annotation.is_none())];
            if slot.is_none_or(|(_, b)| score > b) {
                *slot = Some((c, score));
            }
        }
        for [annotated, passage] in best.into_values() {
            let annotated = annotated.filter(|(_, score)| *score >= MIN_ANNOTATION_SCORE);
            let passage = passage.filter(|(_, score)| *score >= MIN_PASSAGE_SCORE);
            if let Some((c, score)) = annotated.or(passage) {
                proposed.push((s, c, score));
            }
        }
    }
    // Two unlinked annotations find each other: one proposal for the pair.
    let mut pairs: FastMap<(usize, usize), f32> = FastMap::default();
    for (s, c, score) in &proposed {
        if items[*c].annotation.is_some() {
            let key = ((*s).min(*c), (*s).max(*c));
            let e = pairs.entry(key).or_insert(*score);
            *e = e.max(*score);
        }
    }
    proposed.retain(|(s, c, score)| {
        items[*c].annotation.is_none()
            || pairs
                .get(&((*s).min(*c), (*s).max(*c)))
                .is_none_or(|best| *score > *best || (*score == *best && s < c))
    });
    // One proposal per span: the most similar source.
    let mut by_span: BTreeMap<(usize, usize, usize), (usize, usize, f32)> = BTreeMap::new();
    for (s, c, score) in proposed {
        let key = (items[c].article, items[c].span.start, items[c].span.end);
        let e = by_span.entry(key).or_insert((s, c, score));
        if score > e.2 {
            *e = (s, c, score);
        }
    }
    by_span
        .into_values()
        .filter_map(|(s, c, score)| {
            let (source, cand) = (&items[s], &items[c]);
            let annotation = source.annotation?;
            let article = articles[cand.article];
            let group = match source.kind {
                KindName::Quote => Group::Utterance(annotation.utterance().cloned()),
                _ => Group::Proposition(annotation.propositions().first().cloned()),
            };
            Some(Suggestion {
                article: article.id.clone(),
                text: article.text.slice(cand.span.clone())?.to_owned(),
                span: cand.span.clone(),
                score,
                proposal: Proposal::Link {
                    group,
                    linked_to: annotation.id.clone(),
                    existing: cand.annotation.map(|a| a.id.clone()),
                },
            })
        })
        .collect()
}

/// True when an annotation may be proposed as saying what a source says:
/// it is in no group yet. Already in the source's group, it is linked; in
/// another, the editor told them apart; and when only the source is
/// ungrouped, the target's own proposal (the other way round) says it.
fn ungrouped(target: &Annotation) -> bool {
    target.propositions().is_empty() && target.utterance().is_none()
}

/// Every claim and quote annotation in an article of the corpus, and the
/// sentences and quoted passages no annotation of the kind covers.
fn items<'a>(set: &'a AnnotationSet, articles: &[&crate::core::article::Article]) -> Vec<Item<'a>> {
    let mut out = Vec::new();
    for (i, article) in articles.iter().enumerate() {
        let annotations: Vec<&Annotation> = set
            .annotations_of(&article.id)
            .iter()
            .filter(|a| matches!(a.kind.name(), KindName::Claim | KindName::Quote))
            .collect();
        for a in &annotations {
            push(
                &mut out,
                i,
                a.span.range(),
                a.kind.name(),
                Some(*a),
                a.span.exact(),
            );
        }
        let taken = |kind: KindName, r: &Range<usize>| {
            annotations
                .iter()
                .any(|a| a.kind.name() == kind && a.span.start < r.end && r.start < a.span.end)
        };
        let text = &article.text;
        let passages = unicode::sentences(text.as_str())
            .map(|(at, s)| (KindName::Claim, at..at + s.len()))
            .chain(
                article
                    .quotations()
                    .iter()
                    .map(|q| (KindName::Quote, q.clone())),
            );
        for (kind, bytes) in passages {
            let (Some(start), Some(end)) =
                (text.byte_to_char(bytes.start), text.byte_to_char(bytes.end))
            else {
                continue;
            };
            let span = start..end;
            if !taken(kind, &span) {
                push(&mut out, i, span, kind, None, &text.as_str()[bytes]);
            }
        }
    }
    out
}

fn push<'a>(
    out: &mut Vec<Item<'a>>,
    article: usize,
    span: Range<usize>,
    kind: KindName,
    annotation: Option<&'a Annotation>,
    text: &str,
) {
    let norm = matching::normalise(text);
    if norm.chars().count() < MIN_MATCH_CHARS {
        return;
    }
    out.push(Item {
        article,
        span,
        kind,
        annotation,
        words: matching::word_hashes(&norm),
        stems: matching::stem_hashes(&norm),
        norm,
    });
}

/// Stem → the items holding it, and each stem's weight (its inverse
/// document frequency).
struct Index {
    postings: FastMap<u64, Vec<usize>>,
    weight: FastMap<u64, f32>,
    /// Each item's length under the weights.
    norms: Vec<f32>,
}

impl Index {
    fn new(items: &[Item]) -> Self {
        let mut postings: FastMap<u64, Vec<usize>> = FastMap::default();
        for (i, item) in items.iter().enumerate() {
            for s in item.stems.iter() {
                postings.entry(*s).or_default().push(i);
            }
        }
        let n = items.len().max(1) as f32;
        let weight: FastMap<u64, f32> = postings
            .iter()
            .map(|(s, p)| (*s, (n / p.len() as f32).ln().max(0.0)))
            .collect();
        let norms = items
            .iter()
            .map(|item| {
                item.stems
                    .iter()
                    .map(|s| weight.get(s).copied().unwrap_or(0.0).powi(2))
                    .sum::<f32>()
                    .sqrt()
            })
            .collect();
        Index {
            postings,
            weight,
            norms,
        }
    }

    /// Items sharing stems with item `i`, with how alike they are (0..1):
    /// the validator's likeness where it finds one, else the cosine of
    /// their stem weights.
    fn similar(&self, items: &[Item], i: usize) -> Vec<(usize, f32)> {
        let item = &items[i];
        let mut dots: FastMap<usize, f32> = FastMap::default();
        for s in item.stems.iter() {
            let Some(p) = self.postings.get(s) else {
                continue;
            };
            // Too common to tell texts apart, and the lists are long.
            if p.len() > COMMON_WORD_TEXTS {
                continue;
            }
            let w = self.weight.get(s).copied().unwrap_or(0.0).powi(2);
            for other in p.iter().filter(|o| **o != i) {
                *dots.entry(*other).or_default() += w;
            }
        }
        let mut out: Vec<(usize, f32)> = dots
            .into_iter()
            .filter_map(|(o, dot)| {
                let other = &items[o];
                let cosine = dot / (self.norms[i] * self.norms[o]).max(f32::EPSILON);
                let likeness =
                    matching::compare(&item.norm, &item.words, &other.norm, &other.words);
                let score = match likeness {
                    Some(Likeness::Same) => 1.0,
                    Some(Likeness::NearIdentical) => 0.95,
                    Some(Likeness::Similar | Likeness::Contained) => cosine.max(0.8),
                    None => cosine.min(1.0),
                };
                (score >= MIN_ANNOTATION_SCORE.min(MIN_PASSAGE_SCORE)).then_some((o, score))
            })
            .collect();
        out.sort_by_key(|a| a.0);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::article::Article;
    use crate::core::edit::{Edit, apply};
    use crate::core::model::{AnnotationId, ArticleId, Claim, Kind, PropositionId};

    fn claim(article: &Article, id: &str, words: &str, prop: Option<&str>) -> Edit {
        let text = article.text.as_str();
        let start = text[..text.find(words).unwrap()].chars().count();
        Edit::AddAnnotation(Box::new(Annotation {
            id: AnnotationId::new(id),
            article: article.id.clone(),
            span: article
                .text
                .span(start..start + words.chars().count())
                .unwrap(),
            author: Default::default(),
            created: jiff::Timestamp::UNIX_EPOCH,
            modified: jiff::Timestamp::UNIX_EPOCH,
            note: String::new(),
            tags: Vec::new(),
            kind: Kind::Claim(Claim {
                propositions: prop.map(PropositionId::new).into_iter().collect(),
                ..Claim::default()
            }),
        }))
    }

    #[test]
    fn a_paraphrase_elsewhere_is_proposed_and_a_made_link_is_not() {
        let a = Article::from_text(
            ArticleId::new("a"),
            "a.txt".into(),
            "The ferry Skagen ran aground off Hirtshals on Sunday night. Nobody was hurt.".into(),
        );
        let b = Article::from_text(
            ArticleId::new("b"),
            "b.txt".into(),
            "Weather was calm all weekend. On Sunday night the Skagen ferry ran aground near Hirtshals harbour.".into(),
        );
        let c = Article::from_text(
            ArticleId::new("c"),
            "c.txt".into(),
            "Coastguards said the ferry Skagen had run aground off Hirtshals.".into(),
        );
        let mut set = AnnotationSet::default();
        let aground = "The ferry Skagen ran aground off Hirtshals on Sunday night.";
        apply(
            &mut set,
            Edit::Batch(vec![
                claim(&a, "a1", aground, Some("aground")),
                claim(
                    &c,
                    "c1",
                    "the ferry Skagen had run aground off Hirtshals",
                    Some("aground"),
                ),
            ]),
        )
        .unwrap();
        let corpus = Corpus::from_articles("t".into(), [a, b, c]);
        let got = links(&set, &corpus);
        assert_eq!(got.len(), 1, "{got:#?}");
        let s = &got[0];
        assert_eq!(s.article.as_str(), "b");
        assert_eq!(
            s.text,
            "On Sunday night the Skagen ferry ran aground near Hirtshals harbour."
        );
        assert_eq!(
            s.proposal,
            Proposal::Link {
                group: Group::Proposition(Some(PropositionId::new("aground"))),
                linked_to: AnnotationId::new("a1"),
                existing: None,
            }
        );
    }
}
