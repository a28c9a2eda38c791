//! Suggestions: the first pass of annotation done for the editor. Quoted
//! passages with their speaker and cue ([`quotes`]), sentences that state
//! something checkable ([`claims`]), and passages in other articles that
//! say what an annotation says ([`links`]).
//!
//! A suggestion is a value, never stored: it enters the set only when it
//! is accepted, as the [`Edit`] that [`Suggestion::edit`] builds, through
//! the same `edit::apply` as every other change. A rejected one is kept
//! in its article's record ([`Rejection`]) so it is not offered again.

pub mod claims;
pub mod links;
pub mod quotes;

use crate::core::article::{Article, Corpus};
use crate::core::edit::Edit;
use crate::core::model::{
    Annotation, AnnotationId, AnnotationSet, ArticleId, CheckWorthiness, Entity, EntityId,
    EntityKind, Kind, KindName, Proposition, PropositionId, QuoteMode, Symbol, Utterance,
    UtteranceId,
};
use crate::core::text::unicode;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

/// What a suggestion proposes.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum SuggestKind {
    Quote,
    Claim,
    Link,
}

impl SuggestKind {
    pub const ALL: [SuggestKind; 3] = [SuggestKind::Quote, SuggestKind::Claim, SuggestKind::Link];

    pub fn as_str(self) -> &'static str {
        match self {
            SuggestKind::Quote => "quote",
            SuggestKind::Claim => "claim",
            SuggestKind::Link => "link",
        }
    }
}

/// One proposed annotation (or link), in one article.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub article: ArticleId,
    /// Chars, end exclusive.
    pub span: Range<usize>,
    /// The article's text at `span`.
    pub text: String,
    /// How sure the guess is, 0 to 1.
    pub score: f32,
    pub proposal: Proposal,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Proposal {
    Quote {
        speaker: Option<Speaker>,
        /// The attribution words ("said"), chars.
        cue: Option<Range<usize>>,
        mode: QuoteMode,
    },
    Claim {
        worthiness: CheckWorthiness,
    },
    /// `span` says what the annotation `linked_to` (in another article)
    /// says: the same proposition (claims) or utterance (quotes).
    Link {
        group: Group,
        linked_to: AnnotationId,
        /// The annotation already at `span`, if there is one: accepting
        /// links it rather than adding one.
        existing: Option<AnnotationId>,
    },
}

/// A speaker as guessed: an entity of the set, or a name to make one of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Speaker {
    Known(EntityId),
    New(String),
}

/// The proposition or utterance a link joins; `None` when `linked_to` has
/// none yet and accepting creates one for both.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Group {
    Proposition(Option<PropositionId>),
    Utterance(Option<UtteranceId>),
}

/// A rejected suggestion, as its article's record keeps it: what was
/// proposed where. A suggestion with the same key is not offered again.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Rejection {
    pub kind: SuggestKind,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Only these kinds; empty means all.
    pub kinds: Vec<SuggestKind>,
}

impl Suggestion {
    pub fn kind(&self) -> SuggestKind {
        match self.proposal {
            Proposal::Quote { .. } => SuggestKind::Quote,
            Proposal::Claim { .. } => SuggestKind::Claim,
            Proposal::Link { .. } => SuggestKind::Link,
        }
    }

    /// The annotation kind accepting it makes (or links).
    pub fn annotation_kind(&self) -> KindName {
        match &self.proposal {
            Proposal::Quote { .. }
            | Proposal::Link {
                group: Group::Utterance(_),
                ..
            } => KindName::Quote,
            Proposal::Claim { .. } | Proposal::Link { .. } => KindName::Claim,
        }
    }

    pub fn key(&self) -> Rejection {
        Rejection {
            kind: self.kind(),
            start: self.span.start,
            end: self.span.end,
        }
    }
}

/// Every suggestion for every article of the corpus, by article and
/// position; none that duplicates an existing annotation or was rejected.
pub fn suggest(set: &AnnotationSet, corpus: &Corpus, options: &Options) -> Vec<Suggestion> {
    collect(set, corpus, corpus.articles(), options)
}

/// [`suggest`] for one article (the window asks per open article).
pub fn suggest_article(
    set: &AnnotationSet,
    corpus: &Corpus,
    article: &ArticleId,
    options: &Options,
) -> Vec<Suggestion> {
    collect(set, corpus, corpus.get(article).into_iter(), options)
}

impl Options {
    pub fn wants(&self, kind: SuggestKind) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&kind)
    }
}

fn collect<'a>(
    set: &AnnotationSet,
    corpus: &Corpus,
    articles: impl Iterator<Item = &'a Article>,
    options: &Options,
) -> Vec<Suggestion> {
    let mut out = Vec::new();
    let mut wanted = std::collections::BTreeSet::new();
    for article in articles {
        wanted.insert(article.id.clone());
        if options.wants(SuggestKind::Quote) {
            out.extend(quotes::quotes(set, article));
        }
        if options.wants(SuggestKind::Claim) {
            out.extend(claims::claims(set, article));
        }
    }
    if options.wants(SuggestKind::Link) && !wanted.is_empty() {
        // Links look at every article, whichever are asked about.
        out.extend(
            links::links(set, corpus)
                .into_iter()
                .filter(|s| wanted.contains(&s.article)),
        );
    }
    out.retain(|s| !duplicates_annotation(set, s) && !is_rejected(set, s));
    out.sort_by(|a, b| {
        (&a.article, a.span.start, a.span.end, a.kind()).cmp(&(
            &b.article,
            b.span.start,
            b.span.end,
            b.kind(),
        ))
    });
    out
}

/// True when an annotation already says what `s` proposes: a quote whose
/// span holds the passage; a claim over any of the sentence (an editor
/// who marked a clause of it has judged the sentence); for a new link
/// target, an annotation of its kind with its span.
fn duplicates_annotation(set: &AnnotationSet, s: &Suggestion) -> bool {
    let kind = s.annotation_kind();
    set.annotations_of(&s.article)
        .iter()
        .filter(|a| a.kind.name() == kind)
        .any(|a| match &s.proposal {
            Proposal::Quote { .. } => a.span.start <= s.span.start && s.span.end <= a.span.end,
            Proposal::Claim { .. } => a.span.start < s.span.end && s.span.start < a.span.end,
            Proposal::Link { existing, .. } => existing.is_none() && a.span.range() == s.span,
        })
}

fn is_rejected(set: &AnnotationSet, s: &Suggestion) -> bool {
    set.article(&s.article)
        .is_some_and(|a| a.record.rejected.binary_search(&s.key()).is_ok())
}

/// Why a suggestion could not be accepted (the set changed since it was made).
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum AcceptError {
    #[error("article {0} is not in the corpus")]
    NoArticle(ArticleId),
    #[error("the suggestion no longer fits the set: {0}")]
    Stale(String),
}

impl Suggestion {
    /// The edit that accepts this suggestion (one undo step): the
    /// annotation, a new entity for a new speaker, a new proposition or
    /// utterance for a link, the article's fingerprint on its first
    /// annotation. `author` and `now` stamp what it creates.
    pub fn edit(
        &self,
        set: &AnnotationSet,
        corpus: &Corpus,
        author: &str,
        now: jiff::Timestamp,
    ) -> Result<Edit, AcceptError> {
        accept_all(set, corpus, std::slice::from_ref(self), author, now)
    }
}

/// The edit that accepts all of `suggestions` as one batch (`concord
/// suggest --apply`, "Accept all in view"): fresh ids that do not collide
/// with each other, one entity per new name, one group per new link.
/// Suggestions for one span and kind (a claim and a link to it) make one
/// annotation.
pub fn accept_all(
    set: &AnnotationSet,
    corpus: &Corpus,
    suggestions: &[Suggestion],
    author: &str,
    now: jiff::Timestamp,
) -> Result<Edit, AcceptError> {
    let mut batch = Batch {
        set,
        author,
        now,
        taken: HashSet::new(),
        entities: BTreeMap::new(),
        groups: Vec::new(),
        added: Vec::new(),
        added_at: HashMap::new(),
        changed: Vec::new(),
        changed_at: HashMap::new(),
        fingerprints: BTreeMap::new(),
    };
    for s in suggestions {
        let article = corpus
            .get(&s.article)
            .ok_or_else(|| AcceptError::NoArticle(s.article.clone()))?;
        if article.text.slice(s.span.clone()) != Some(s.text.as_str()) {
            return Err(AcceptError::Stale(format!(
                "the text of article {} at {}..{} is no longer {:?}",
                s.article, s.span.start, s.span.end, s.text
            )));
        }
        batch.accept(article, s)?;
    }
    Ok(batch.into_edit())
}

/// An accepted batch while it is built.
struct Batch<'a> {
    set: &'a AnnotationSet,
    author: &'a str,
    now: jiff::Timestamp,
    /// Ids given out in this batch.
    taken: HashSet<String>,
    /// New entities by name key.
    entities: BTreeMap<String, Entity>,
    /// New propositions and utterances, in order made.
    groups: Vec<Edit>,
    added: Vec<Annotation>,
    /// (article, start, end, kind) → index in `added`.
    added_at: HashMap<(ArticleId, usize, usize, KindName), usize>,
    /// Existing annotations as this batch leaves them, in order first changed.
    changed: Vec<Annotation>,
    changed_at: HashMap<AnnotationId, usize>,
    fingerprints: BTreeMap<ArticleId, String>,
}

/// An annotation the batch writes: a new one or a changed one.
enum Slot {
    Added(usize),
    Changed(usize),
}

impl Batch<'_> {
    fn accept(&mut self, article: &Article, s: &Suggestion) -> Result<(), AcceptError> {
        match &s.proposal {
            Proposal::Quote { speaker, cue, mode } => {
                let speaker = match speaker {
                    Some(sp) => Some(self.speaker(sp)?),
                    None => None,
                };
                let cue = match cue {
                    Some(c) => Some(Box::new(article.text.span(c.clone()).map_err(|e| {
                        AcceptError::Stale(format!("the cue of a quote in {}: {e}", s.article))
                    })?)),
                    None => None,
                };
                let slot = self.new_at(article, s, KindName::Quote)?;
                if let Kind::Quote(q) = &mut self.get(&slot).kind {
                    q.speaker = speaker;
                    q.cue = cue;
                    q.mode = *mode;
                }
            }
            Proposal::Claim { worthiness } => {
                let slot = self.new_at(article, s, KindName::Claim)?;
                if let Kind::Claim(c) = &mut self.get(&slot).kind {
                    c.worthiness = *worthiness;
                }
            }
            Proposal::Link {
                group,
                linked_to,
                existing,
            } => {
                let target = match existing {
                    Some(id) => self.changed(id)?,
                    None => self.new_at(article, s, s.annotation_kind())?,
                };
                let source = self.changed(linked_to)?;
                match group {
                    Group::Proposition(p) => {
                        let p = match p {
                            Some(p) if self.set.propositions().contains_key(p) => p.clone(),
                            Some(p) => {
                                return Err(AcceptError::Stale(format!("no proposition {p}")));
                            }
                            None => self.proposition_of(&source),
                        };
                        for slot in [source, target] {
                            if let Kind::Claim(c) = &mut self.get(&slot).kind
                                && !c.propositions.contains(&p)
                            {
                                c.propositions.push(p.clone());
                            }
                        }
                    }
                    Group::Utterance(u) => {
                        let u = match u {
                            Some(u) if self.set.utterances().contains_key(u) => u.clone(),
                            Some(u) => return Err(AcceptError::Stale(format!("no utterance {u}"))),
                            None => self.utterance_of(&source)?,
                        };
                        for slot in [source, target] {
                            if let Kind::Quote(q) = &mut self.get(&slot).kind {
                                q.utterance = Some(u.clone());
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn get(&mut self, slot: &Slot) -> &mut Annotation {
        match slot {
            Slot::Added(i) => &mut self.added[*i],
            Slot::Changed(i) => &mut self.changed[*i],
        }
    }

    /// An existing annotation to change in this batch.
    fn changed(&mut self, id: &AnnotationId) -> Result<Slot, AcceptError> {
        if let Some(i) = self.changed_at.get(id) {
            return Ok(Slot::Changed(*i));
        }
        let mut a = self
            .set
            .annotation(id)
            .ok_or_else(|| AcceptError::Stale(format!("no annotation {id}")))?
            .clone();
        a.modified = self.now;
        self.changed.push(a);
        self.changed_at.insert(id.clone(), self.changed.len() - 1);
        Ok(Slot::Changed(self.changed.len() - 1))
    }

    /// The new annotation of `kind` at the suggestion's span, made once.
    fn new_at(
        &mut self,
        article: &Article,
        s: &Suggestion,
        kind: KindName,
    ) -> Result<Slot, AcceptError> {
        let key = (s.article.clone(), s.span.start, s.span.end, kind);
        if let Some(i) = self.added_at.get(&key) {
            return Ok(Slot::Added(*i));
        }
        let span = article
            .text
            .span(s.span.clone())
            .map_err(|e| AcceptError::Stale(format!("a span in {}: {e}", s.article)))?;
        let taken = &self.taken;
        let id = self
            .set
            .fresh_annotation_id_except(&s.article, kind, &|id| taken.contains(id));
        self.taken.insert(id.to_string());
        let first = self
            .set
            .article(&s.article)
            .is_none_or(|a| a.record.fingerprint.is_empty());
        if first {
            self.fingerprints
                .insert(s.article.clone(), article.fingerprint.clone());
        }
        self.added.push(Annotation {
            id,
            article: s.article.clone(),
            span,
            author: Symbol::new(self.author),
            created: self.now,
            modified: self.now,
            note: String::new(),
            tags: Vec::new(),
            kind: Kind::empty(kind),
        });
        self.added_at.insert(key, self.added.len() - 1);
        Ok(Slot::Added(self.added.len() - 1))
    }

    fn speaker(&mut self, speaker: &Speaker) -> Result<EntityId, AcceptError> {
        match speaker {
            Speaker::Known(id) if self.set.entities().contains_key(id) => Ok(id.clone()),
            Speaker::Known(id) => Err(AcceptError::Stale(format!("no entity {id}"))),
            Speaker::New(name) => {
                let key = unicode::name_key(name);
                if let Some(e) = self.entities.get(&key) {
                    return Ok(e.id.clone());
                }
                let id = EntityId::new(self.fresh(&slug(name)));
                self.entities.insert(
                    key,
                    Entity {
                        id: id.clone(),
                        name: name.trim().to_owned(),
                        kind: EntityKind::Person,
                        aliases: Vec::new(),
                    },
                );
                Ok(id)
            }
        }
    }

    /// `wanted` if nothing in the set or the batch has it, else a fresh id
    /// made from it.
    fn fresh(&mut self, wanted: &str) -> String {
        let set = self.set;
        let free = |id: &str| {
            !id.is_empty()
                && !self.taken.contains(id)
                && set.annotation(&AnnotationId::new(id)).is_none()
                && !set.entities().contains_key(&EntityId::new(id))
                && !set.propositions().contains_key(&PropositionId::new(id))
                && !set.utterances().contains_key(&UtteranceId::new(id))
        };
        let id = if free(wanted) {
            wanted.to_owned()
        } else {
            let prefix = if wanted.is_empty() {
                "e".to_owned()
            } else {
                format!("{wanted}-")
            };
            let taken = &self.taken;
            set.fresh_id_except(&prefix, &|id| taken.contains(id))
        };
        self.taken.insert(id.clone());
        id
    }

    /// The source's proposition as this batch leaves it, or a new one
    /// stated in its words.
    fn proposition_of(&mut self, source: &Slot) -> PropositionId {
        let a = self.get(source);
        if let Some(p) = a.propositions().first() {
            return p.clone();
        }
        let statement = a.span.exact().to_owned();
        let id = PropositionId::new(self.fresh_group_id("p"));
        self.groups.push(Edit::PutProposition(Proposition {
            id: id.clone(),
            statement,
        }));
        id
    }

    /// The source's utterance as this batch leaves it, or a new one in
    /// its words and with its speaker.
    fn utterance_of(&mut self, source: &Slot) -> Result<UtteranceId, AcceptError> {
        let a = self.get(source);
        let Kind::Quote(q) = &a.kind else {
            return Err(AcceptError::Stale(format!(
                "{} is no quote, so it has no utterance to share",
                a.id
            )));
        };
        if let Some(u) = &q.utterance {
            return Ok(u.clone());
        }
        let (speaker, wording) = (q.speaker.clone(), a.span.exact().to_owned());
        let id = UtteranceId::new(self.fresh_group_id("u"));
        self.groups.push(Edit::PutUtterance(Utterance {
            id: id.clone(),
            speaker,
            wording,
        }));
        Ok(id)
    }

    fn fresh_group_id(&mut self, prefix: &str) -> String {
        let taken = &self.taken;
        let id = self.set.fresh_id_except(prefix, &|id| taken.contains(id));
        self.taken.insert(id.clone());
        id
    }

    fn into_edit(self) -> Edit {
        let mut edits: Vec<Edit> = self.entities.into_values().map(Edit::PutEntity).collect();
        edits.extend(self.groups);
        edits.extend(self.fingerprints.into_iter().map(|(article, fingerprint)| {
            Edit::SetFingerprint {
                article,
                fingerprint,
            }
        }));
        edits.extend(
            self.added
                .into_iter()
                .map(|a| Edit::AddAnnotation(Box::new(a))),
        );
        edits.extend(
            self.changed
                .into_iter()
                .map(|a| Edit::ReplaceAnnotation(Box::new(a))),
        );
        Edit::Batch(edits)
    }
}

/// An entity id from a name: "Ana Ortega" is `ana-ortega`, in ASCII.
fn slug(name: &str) -> String {
    let ascii = deunicode::deunicode(&unicode::fold(name));
    let words: Vec<&str> = ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.join("-").to_ascii_lowercase()
}
