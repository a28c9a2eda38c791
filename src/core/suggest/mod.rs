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

use crate::core::article::Corpus;
use crate::core::edit::Edit;
use crate::core::model::{
    AnnotationId, AnnotationSet, ArticleId, CheckWorthiness, EntityId, KindName, PropositionId,
    QuoteMode, UtteranceId,
};
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
    let _ = (set, corpus, options);
    Vec::new()
}

/// [`suggest`] for one article (the window asks per open article).
pub fn suggest_article(
    set: &AnnotationSet,
    corpus: &Corpus,
    article: &ArticleId,
    options: &Options,
) -> Vec<Suggestion> {
    let _ = (set, corpus, article, options);
    Vec::new()
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
pub fn accept_all(
    set: &AnnotationSet,
    corpus: &Corpus,
    suggestions: &[Suggestion],
    author: &str,
    now: jiff::Timestamp,
) -> Result<Edit, AcceptError> {
    let _ = (set, corpus, author, now);
    if suggestions.is_empty() {
        return Ok(Edit::Batch(Vec::new()));
    }
    Err(AcceptError::Stale("not yet".into()))
}
