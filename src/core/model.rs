//! The annotation model: what an editor records about a set of articles.
//!
//! Plain data. Every change goes through [`crate::core::edit::apply`]; the
//! set's containers are private so nothing else can change them.

use crate::core::text::Span;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::sync::Arc;

/// An interned string: eight bytes, compared by pointer and hashed by a
/// hash made once, for
/// the values a set repeats across many annotations (the ids annotations
/// refer to, authors, language tags). A million annotations name a few
/// thousand of these, so each is held once. Interned strings live as long
/// as the process, which is why an annotation's own id is not one.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Symbol(ustr::Ustr);

/// The empty string, the most common value (no author, the article's
/// language), made once so making it again costs no lookup.
static EMPTY: std::sync::LazyLock<ustr::Ustr> = std::sync::LazyLock::new(|| ustr::Ustr::from(""));

impl Symbol {
    pub fn new(s: &str) -> Self {
        Self(if s.is_empty() {
            *EMPTY
        } else {
            ustr::Ustr::from(s)
        })
    }
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Default for Symbol {
    fn default() -> Self {
        Self(*EMPTY)
    }
}

impl Serialize for Symbol {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Symbol {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Symbol;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Symbol, E> {
                Ok(Symbol::new(s))
            }
        }
        d.deserialize_str(Visitor)
    }
}

impl std::ops::Deref for Symbol {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Symbol {
    fn from(s: &str) -> Self {
        Self::new(s)
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// An id type over `$repr`: [`Symbol`] for ids many annotations refer to,
/// an inline [`compact_str::CompactString`] for an annotation's own id
/// (unique, and short enough to need no allocation).
macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident($repr:ty)) => {
        $(#[$doc])*
        #[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name($repr);

        impl $name {
            pub fn new(id: impl AsRef<str>) -> Self {
                Self(<$repr>::from(id.as_ref()))
            }
            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self::new(id)
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self::new(id)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.as_str())
            }
        }
    };
}

id_type!(
    /// An article's file stem, e.g. `002_e9c6093c045788ca`.
    ArticleId(Symbol)
);
id_type!(
    /// Unique within a set and stable across saves.
    AnnotationId(compact_str::CompactString)
);
id_type!(EntityId(Symbol));
id_type!(PropositionId(Symbol));
id_type!(UtteranceId(Symbol));

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Person,
    Organization,
    Country,
    Outlet,
    /// A city, venue, region: what a claim can place an event at.
    Place,
    #[default]
    Other,
}

/// A person, organisation, country or outlet that annotations refer to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    pub id: EntityId,
    pub name: String,
    pub kind: EntityKind,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

impl Entity {
    /// The name and every alias.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// One claim as it is made across articles, in a canonical wording.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proposition {
    pub id: PropositionId,
    pub statement: String,
}

/// The same spoken words, as reported by several outlets.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Utterance {
    pub id: UtteranceId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<EntityId>,
    pub wording: String,
}

/// Metadata an editor fills in about an article. Never stored in the text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ArticleMeta {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub outlet: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub title: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub author: String,
    /// The agency whose copy this is (e.g. `AFP`), so reprints of one
    /// wire story count as one source.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub wire: String,
    /// As the article gives it, ideally ISO 8601 (`2023-09-14`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub published: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub url: String,
    /// BCP 47 tag, e.g. `en`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub language: String,
}

impl ArticleMeta {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// What a set records about one article besides its annotations.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArticleRecord {
    /// Fingerprint of the text the annotations were made on
    /// (see [`crate::core::article::fingerprint`]); empty if never recorded.
    pub fingerprint: String,
    pub meta: ArticleMeta,
    /// Suggestions the editor turned down for this article, sorted and
    /// without repeats, so they are not offered again.
    pub rejected: Vec<crate::core::suggest::Rejection>,
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum CheckWorthiness {
    NonFactual,
    UnimportantFactual,
    #[default]
    CheckWorthy,
}

impl CheckWorthiness {
    /// The name files and exports use (a test holds it to serde's).
    pub fn as_str(self) -> &'static str {
        match self {
            CheckWorthiness::NonFactual => "non_factual",
            CheckWorthiness::UnimportantFactual => "unimportant_factual",
            CheckWorthiness::CheckWorthy => "check_worthy",
        }
    }
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum QuoteMode {
    #[default]
    Direct,
    Indirect,
    Partial,
}

impl QuoteMode {
    /// The name files and exports use (a test holds it to serde's).
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteMode::Direct => "direct",
            QuoteMode::Indirect => "indirect",
            QuoteMode::Partial => "partial",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    Favor,
    Against,
    Neutral,
}

impl Polarity {
    /// The name files and exports use (a test holds it to serde's).
    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::Favor => "favor",
            Polarity::Against => "against",
            Polarity::Neutral => "neutral",
        }
    }

    pub fn opposes(self, other: Polarity) -> bool {
        matches!(
            (self, other),
            (Polarity::Favor, Polarity::Against) | (Polarity::Against, Polarity::Favor)
        )
    }
}

/// How a claim states what it says: "the talks lasted five hours" is
/// asserted, "talks are planned for three hours" planned. Claims of one
/// proposition are compared as facts only when both are asserted.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    #[default]
    Asserted,
    Planned,
    Denied,
    Reported,
}

impl Modality {
    pub const ALL: [Modality; 4] = [
        Modality::Asserted,
        Modality::Planned,
        Modality::Denied,
        Modality::Reported,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Planned => "planned",
            Modality::Denied => "denied",
            Modality::Reported => "reported",
        }
    }
}

/// A claim's propositions: nearly always one, held inline.
pub type Propositions = SmallVec<[PropositionId; 1]>;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "ClaimFile")]
pub struct Claim {
    /// The propositions this claim states (one sentence may give the venue
    /// and the date), without repeats.
    #[serde(skip_serializing_if = "SmallVec::is_empty")]
    pub propositions: Propositions,
    pub worthiness: CheckWorthiness,
    /// Who makes the claim; `None` means the article's outlet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributed_to: Option<EntityId>,
    #[serde(skip_serializing_if = "is_default")]
    pub modality: Modality,
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// A claim as files hold it: format 1 wrote one `proposition`, format 2
/// writes `propositions`; reading takes either, so format-1 sets migrate
/// on load.
#[derive(Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct ClaimFile {
    proposition: Option<PropositionId>,
    propositions: Vec<PropositionId>,
    worthiness: CheckWorthiness,
    attributed_to: Option<EntityId>,
    modality: Modality,
}

impl From<ClaimFile> for Claim {
    fn from(f: ClaimFile) -> Self {
        // Collected, not converted: a parsed list has spare capacity, and
        // only a list that fits inline saves the allocation.
        let mut propositions: Propositions = f.propositions.into_iter().collect();
        if let Some(p) = f.proposition
            && !propositions.contains(&p)
        {
            propositions.insert(0, p);
        }
        Claim {
            propositions,
            worthiness: f.worthiness,
            attributed_to: f.attributed_to,
            modality: f.modality,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Quote {
    /// Required; `None` only in a set still being written (the validator says so).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<EntityId>,
    pub mode: QuoteMode,
    /// The words that introduce the quote, e.g. "said". Boxed: most quotes
    /// have none, and an inline span would double every annotation's size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue: Option<Box<Span>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utterance: Option<UtteranceId>,
    /// The agency or outlet the quote is relayed through ("according to
    /// RIA Novosti").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<EntityId>,
    /// BCP 47 tag of the quote as printed; empty means the article's language.
    #[serde(skip_serializing_if = "Symbol::is_empty")]
    pub language: Symbol,
    /// The words are a translation of what was said, so another outlet's
    /// wording of the same utterance may differ without drifting.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub translated: bool,
}

/// What a stance is about.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    Entity(EntityId),
    Proposition(PropositionId),
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Stance {
    /// Who holds the stance; `None` means the article's outlet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder: Option<EntityId>,
    /// Required; `None` only in a set still being written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
    /// Required; `None` only in a set still being written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub polarity: Option<Polarity>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Claim(Claim),
    Quote(Quote),
    Stance(Stance),
}

/// The three kinds without their attributes: for counts, filters and colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KindName {
    Claim,
    Quote,
    Stance,
}

impl KindName {
    pub const ALL: [KindName; 3] = [KindName::Claim, KindName::Quote, KindName::Stance];

    pub fn as_str(self) -> &'static str {
        match self {
            KindName::Claim => "claim",
            KindName::Quote => "quote",
            KindName::Stance => "stance",
        }
    }
}

impl Kind {
    pub fn name(&self) -> KindName {
        match self {
            Kind::Claim(_) => KindName::Claim,
            Kind::Quote(_) => KindName::Quote,
            Kind::Stance(_) => KindName::Stance,
        }
    }

    /// A kind with default attributes.
    pub fn empty(name: KindName) -> Kind {
        match name {
            KindName::Claim => Kind::Claim(Claim::default()),
            KindName::Quote => Kind::Quote(Quote::default()),
            KindName::Stance => Kind::Stance(Stance::default()),
        }
    }
}

/// One tagged stretch of an article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Annotation {
    pub id: AnnotationId,
    /// Implied by the file an annotation is stored in.
    #[serde(skip)]
    pub article: ArticleId,
    pub span: Span,
    #[serde(default, skip_serializing_if = "Symbol::is_empty")]
    pub author: Symbol,
    pub created: Timestamp,
    pub modified: Timestamp,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    pub kind: Kind,
}

// A million of these are a loaded set's largest part: a field that grows
// the struct should be a choice, not an accident.
#[cfg(target_pointer_width = "64")]
const _: () = assert!(size_of::<Annotation>() <= 216);

impl Annotation {
    /// Every entity this annotation refers to, with the role it plays.
    pub fn entity_refs(&self) -> Vec<(&'static str, &EntityId)> {
        let mut refs = Vec::new();
        match &self.kind {
            Kind::Claim(c) => refs.extend(c.attributed_to.iter().map(|e| ("attributed_to", e))),
            Kind::Quote(q) => {
                refs.extend(q.speaker.iter().map(|e| ("speaker", e)));
                refs.extend(q.via.iter().map(|e| ("via", e)));
            }
            Kind::Stance(s) => {
                refs.extend(s.holder.iter().map(|e| ("holder", e)));
                if let Some(Target::Entity(e)) = &s.target {
                    refs.push(("target", e));
                }
            }
        }
        refs
    }

    /// The propositions a claim states, or a stance's target proposition.
    pub fn propositions(&self) -> &[PropositionId] {
        match &self.kind {
            Kind::Claim(c) => &c.propositions,
            Kind::Stance(Stance {
                target: Some(Target::Proposition(p)),
                ..
            }) => std::slice::from_ref(p),
            _ => &[],
        }
    }

    pub fn utterance(&self) -> Option<&UtteranceId> {
        match &self.kind {
            Kind::Quote(q) => q.utterance.as_ref(),
            _ => None,
        }
    }

    /// The order annotations are kept and written in: text order.
    fn sort_key(&self) -> (usize, usize, &AnnotationId) {
        (self.span.start, self.span.end, &self.id)
    }
}

/// Tags an editor may use, per kind. No schema means any tag is allowed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TagSchema {
    pub claim: Vec<String>,
    pub quote: Vec<String>,
    pub stance: Vec<String>,
}

impl TagSchema {
    pub fn allowed(&self, kind: KindName) -> &[String] {
        match kind {
            KindName::Claim => &self.claim,
            KindName::Quote => &self.quote,
            KindName::Stance => &self.stance,
        }
    }
}

/// A rule's level as a set overrides it (validator settings).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleLevel {
    Error,
    Warning,
    Info,
    Off,
}

/// The set-wide part of a set: everything but the per-article annotations.
/// Serialized only inside a journaled edit (`set.ron` has its own layout).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SetInfo {
    pub name: String,
    pub annotator: String,
    pub schema: Option<TagSchema>,
    /// Rule code → level, overriding the validator's defaults.
    pub rules: BTreeMap<String, RuleLevel>,
}

/// Annotations and record of one article within a set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArticleAnnotations {
    pub record: ArticleRecord,
    /// Sorted by (start, end, id). Shared until written, so a snapshot of a
    /// whole set (for background validation) costs a pointer per article.
    annotations: Arc<Vec<Annotation>>,
    /// How many of `annotations` are of each kind (indexed by `KindName`),
    /// kept with every change so lists need not count.
    counts: [usize; 3],
}

impl ArticleAnnotations {
    pub fn new(record: ArticleRecord, mut annotations: Vec<Annotation>) -> Self {
        annotations.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        // Lists collected from a parse grow by doubling: up to half again
        // of a loaded set's largest part would be spare room otherwise.
        annotations.shrink_to_fit();
        let mut counts = [0; 3];
        for a in &annotations {
            counts[a.kind.name() as usize] += 1;
        }
        Self {
            record,
            annotations: Arc::new(annotations),
            counts,
        }
    }

    /// In text order.
    pub fn annotations(&self) -> &[Annotation] {
        &self.annotations
    }

    /// Points every span that quotes `text` as it stands into it, so the
    /// quoted words are held once, by the article (see [`Span::share`]).
    pub(in crate::core) fn share_text(&mut self, text: &crate::core::text::Text) {
        for a in Arc::make_mut(&mut self.annotations) {
            a.span.share(text);
            if let Kind::Quote(Quote { cue: Some(cue), .. }) = &mut a.kind {
                cue.share(text);
            }
        }
    }

    /// The number of annotations of `kind`, without counting them.
    pub fn count(&self, kind: KindName) -> usize {
        self.counts[kind as usize]
    }

    fn position(&self, id: &AnnotationId) -> Option<usize> {
        self.annotations.iter().position(|a| &a.id == id)
    }

    /// [`Self::position`] for an annotation whose span starts at `start`:
    /// a binary search in text order, then the few that start there too.
    fn position_from(&self, id: &AnnotationId, start: usize) -> Option<usize> {
        let from = self.annotations.partition_point(|a| a.span.start < start);
        self.annotations[from..]
            .iter()
            .take_while(|a| a.span.start == start)
            .position(|a| &a.id == id)
            .map(|i| from + i)
    }

    fn insert(&mut self, annotation: Annotation) {
        let key = annotation.sort_key();
        let at = self.annotations.partition_point(|a| a.sort_key() < key);
        self.counts[annotation.kind.name() as usize] += 1;
        Arc::make_mut(&mut self.annotations).insert(at, annotation);
    }

    fn remove(&mut self, at: usize) -> Annotation {
        let removed = Arc::make_mut(&mut self.annotations).remove(at);
        self.counts[removed.kind.name() as usize] -= 1;
        removed
    }
}

/// One editor's annotations over a corpus, or a curated merge.
#[derive(Clone, Debug, Default)]
pub struct AnnotationSet {
    pub(crate) info: SetInfo,
    pub(crate) entities: BTreeMap<EntityId, Entity>,
    pub(crate) propositions: BTreeMap<PropositionId, Proposition>,
    pub(crate) utterances: BTreeMap<UtteranceId, Utterance>,
    pub(crate) articles: BTreeMap<ArticleId, ArticleAnnotations>,
    /// Finds an annotation's article without a string per annotation.
    index: AnnotationIndex,
    /// What changed since the last save, so a save writes only that.
    pub(crate) dirty: Dirty,
    changes: ChangeLog,
    /// Articles whose annotations are still being read (a project opened
    /// in parts). `edit::apply` refuses edits to them, and removals that
    /// must see every reference, until they land.
    loading: BTreeSet<ArticleId>,
}

/// Which articles the latest changes touched, so a list over the corpus
/// updates those rows only instead of comparing every article per edit.
#[derive(Clone, Debug)]
struct ChangeLog {
    /// Tells this set's marks from another's (a set loaded again).
    origin: u64,
    count: u64,
    /// The last [`ChangeLog::KEPT`] changes, oldest first: (count, article).
    recent: std::collections::VecDeque<(u64, ArticleId)>,
}

impl ChangeLog {
    const KEPT: usize = 256;

    fn touch(&mut self, article: &ArticleId) {
        self.count += 1;
        if self.recent.len() == Self::KEPT {
            self.recent.pop_front();
        }
        self.recent.push_back((self.count, article.clone()));
    }
}

impl Default for ChangeLog {
    fn default() -> Self {
        static ORIGINS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        Self {
            origin: ORIGINS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            count: 0,
            recent: Default::default(),
        }
    }
}

/// Where a set's changes to articles stood; see
/// [`AnnotationSet::articles_changed_since`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChangeMark {
    origin: u64,
    count: u64,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Dirty {
    pub info: bool,
    pub articles: std::collections::BTreeSet<ArticleId>,
}

/// A set on its way to another thread, without its id index yet.
#[derive(Debug)]
pub struct Snapshot(AnnotationSet);

impl Snapshot {
    /// The set, with its index rebuilt (run this on the receiving thread).
    pub fn into_set(mut self) -> AnnotationSet {
        self.0.reindex();
        self.0
    }
}

impl PartialEq for AnnotationSet {
    /// Sets are equal when their content is; save state does not count.
    fn eq(&self, other: &Self) -> bool {
        self.info == other.info
            && self.entities == other.entities
            && self.propositions == other.propositions
            && self.utterances == other.utterances
            && self.articles == other.articles
    }
}

impl AnnotationSet {
    pub fn new(info: SetInfo) -> Self {
        Self {
            info,
            dirty: Dirty {
                info: true,
                ..Dirty::default()
            },
            ..Self::default()
        }
    }

    /// Builds a set from loaded parts. Bad content (duplicate ids, dangling
    /// references) is kept as it is for the validator to report.
    pub fn from_parts(
        info: SetInfo,
        entities: Vec<Entity>,
        propositions: Vec<Proposition>,
        utterances: Vec<Utterance>,
        articles: BTreeMap<ArticleId, ArticleAnnotations>,
    ) -> Self {
        let mut set = Self {
            info,
            entities: entities.into_iter().map(|e| (e.id.clone(), e)).collect(),
            propositions: propositions
                .into_iter()
                .map(|p| (p.id.clone(), p))
                .collect(),
            utterances: utterances.into_iter().map(|u| (u.id.clone(), u)).collect(),
            articles,
            ..Self::default()
        };
        set.reindex();
        set
    }

    fn reindex(&mut self) {
        self.index = AnnotationIndex::default();
        self.index.by_hash.reserve(self.annotation_count());
        for (article, anns) in &self.articles {
            // One slot lookup per article, not per annotation.
            let slot = self.index.slot(article);
            for a in anns.annotations.iter() {
                self.index.insert_in(&a.id, slot, a.span.start);
            }
        }
    }

    /// A copy of the set for another thread, cheap on this one: articles'
    /// annotations are shared, and the id index (most of a full copy's cost)
    /// is rebuilt by [`Snapshot::into_set`] on the thread that uses it.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot(AnnotationSet {
            info: self.info.clone(),
            entities: self.entities.clone(),
            propositions: self.propositions.clone(),
            utterances: self.utterances.clone(),
            articles: self.articles.clone(),
            loading: self.loading.clone(),
            ..Self::default()
        })
    }

    /// True once every article's annotations are read (always, but for a
    /// project opened in parts that is still loading).
    pub fn is_complete(&self) -> bool {
        self.loading.is_empty()
    }

    /// True while `article`'s annotations are still being read.
    pub fn is_loading(&self, article: &ArticleId) -> bool {
        self.loading.contains(article)
    }

    /// How many articles' annotations are still being read.
    pub fn loading_count(&self) -> usize {
        self.loading.len()
    }

    /// Marks `articles` as not read yet (their annotation files exist).
    pub(in crate::core) fn await_articles(&mut self, articles: BTreeSet<ArticleId>) {
        self.loading = articles;
    }

    /// Takes in `rest`, the whole set as read after this one was opened in
    /// parts. What this set owns stays as it is: its info, entities,
    /// propositions and utterances, and every article that was not loading
    /// (those read first and any edits since, removals included). The
    /// articles that were loading come from `rest`. An id given out while
    /// they loaded that a landing annotation also has is renamed `<id>~2`
    /// (`~3`, …) in the landing one, so neither is lost; each (old, new) id
    /// goes in `renamed`. Ids repeated among the files themselves stay, as
    /// a whole load keeps them.
    ///
    /// `rest` was built, id index and all, on the reading thread; this
    /// costs the annotations this set owns, not the million landing.
    pub(in crate::core) fn land_rest(
        &mut self,
        mut rest: AnnotationSet,
        renamed: &mut Vec<(AnnotationId, AnnotationId)>,
    ) {
        let owned: Vec<ArticleId> = (rest.articles.keys())
            .filter(|a| !self.loading.contains(*a))
            .cloned()
            .collect();
        // The files of the articles this set owns, as read: their ids were
        // not given out meanwhile.
        let mut on_disk = std::collections::HashSet::new();
        for article in &owned {
            if let Some(old) = rest.articles.remove(article) {
                for a in old.annotations.iter() {
                    rest.index.remove(&a.id);
                    on_disk.insert(a.id.clone());
                }
            }
        }
        // Only landing annotations are left in `rest` to clash with.
        let mut dirty = std::mem::take(&mut rest.dirty.articles);
        let given_out = (self.annotations().map(|a| &a.id)).filter(|id| !on_disk.contains(*id));
        for id in given_out {
            while let Some(mut landing) = rest.take_annotation(id) {
                let fresh = (2..)
                    .map(|n| AnnotationId::new(format!("{id}~{n}")))
                    .find(|f| rest.annotation(f).is_none() && self.annotation(f).is_none())
                    .unwrap_or_else(|| AnnotationId::new(format!("{id}~")));
                landing.id = fresh.clone();
                renamed.push((id.clone(), fresh));
                rest.insert_annotation(landing);
            }
        }
        // The renamed ones are written by the next save.
        dirty.append(&mut rest.dirty.articles);
        for (article, anns) in std::mem::take(&mut self.articles) {
            let slot = rest.index.slot(&article);
            for a in anns.annotations.iter() {
                rest.index.insert_in(&a.id, slot, a.span.start);
            }
            rest.articles.insert(article, anns);
        }
        dirty.append(&mut self.dirty.articles);
        rest.info = std::mem::take(&mut self.info);
        rest.entities = std::mem::take(&mut self.entities);
        rest.propositions = std::mem::take(&mut self.propositions);
        rest.utterances = std::mem::take(&mut self.utterances);
        rest.dirty = Dirty {
            info: self.dirty.info || rest.dirty.info,
            articles: dirty,
        };
        // Lists over the set see it as a new one: any row may have changed.
        rest.changes = ChangeLog::default();
        rest.loading.clear();
        *self = rest;
    }

    /// Where the changes to articles stand now.
    pub fn change_mark(&self) -> ChangeMark {
        ChangeMark {
            origin: self.changes.origin,
            count: self.changes.count,
        }
    }

    /// The articles changed since `mark` (with repeats), or `None` when
    /// that is not known: the mark is another set's, or older than the
    /// changes kept. Then every article may have changed.
    pub fn articles_changed_since(&self, mark: ChangeMark) -> Option<Vec<&ArticleId>> {
        let log = &self.changes;
        if mark.origin != log.origin || mark.count > log.count {
            return None;
        }
        let new = (log.count - mark.count) as usize;
        if new > log.recent.len() {
            return None;
        }
        Some(
            log.recent
                .iter()
                .skip(log.recent.len() - new)
                .map(|(_, a)| a)
                .collect(),
        )
    }

    pub fn info(&self) -> &SetInfo {
        &self.info
    }
    pub fn entities(&self) -> &BTreeMap<EntityId, Entity> {
        &self.entities
    }
    pub fn propositions(&self) -> &BTreeMap<PropositionId, Proposition> {
        &self.propositions
    }
    pub fn utterances(&self) -> &BTreeMap<UtteranceId, Utterance> {
        &self.utterances
    }
    pub fn articles(&self) -> &BTreeMap<ArticleId, ArticleAnnotations> {
        &self.articles
    }
    pub fn article(&self, id: &ArticleId) -> Option<&ArticleAnnotations> {
        self.articles.get(id)
    }

    /// Annotations of one article in text order (empty if none).
    pub fn annotations_of(&self, article: &ArticleId) -> &[Annotation] {
        self.articles
            .get(article)
            .map_or(&[], ArticleAnnotations::annotations)
    }

    /// Every annotation, article by article, in text order.
    pub fn annotations(&self) -> impl Iterator<Item = &Annotation> {
        self.articles.values().flat_map(|a| a.annotations.iter())
    }

    pub fn annotation(&self, id: &AnnotationId) -> Option<&Annotation> {
        let (article, at) = self.locate(id)?;
        self.articles.get(article)?.annotations.get(at)
    }

    /// The article holding annotation `id` (the first, if the id repeats)
    /// and where it is in that article's list.
    fn locate(&self, id: &AnnotationId) -> Option<(&ArticleId, usize)> {
        match self.index.lookup(id)? {
            Slot::Article { slot, start } => {
                let article = &self.index.articles[slot as usize];
                let at = self
                    .articles
                    .get(article)?
                    .position_from(id, start as usize)?;
                Some((article, at))
            }
            Slot::Shared => self
                .articles
                .iter()
                .find_map(|(k, a)| Some((k, a.position(id)?))),
        }
    }

    pub fn annotation_count(&self) -> usize {
        self.articles.values().map(|a| a.annotations.len()).sum()
    }

    /// True when something changed since the last save or load.
    pub fn is_dirty(&self) -> bool {
        self.dirty.info || !self.dirty.articles.is_empty()
    }

    /// Where annotation `id` sits in `article`'s list (text order), if it
    /// is there. An id of another article costs a hash lookup, not a scan.
    pub fn position_in(&self, article: &ArticleId, id: &AnnotationId) -> Option<usize> {
        match self.index.lookup(id)? {
            Slot::Article { slot, start } => (&self.index.articles[slot as usize] == article)
                .then(|| {
                    self.articles
                        .get(article)?
                        .position_from(id, start as usize)
                })?,
            Slot::Shared => self.articles.get(article)?.position(id),
        }
    }

    /// True when an annotation, entity, proposition or utterance may have
    /// `id`. For annotations a hit in the id index counts: a hash collision
    /// only skips a free id, it never hands out a used one, and a probe
    /// costs no scan of an article.
    fn id_taken(&self, id: &str) -> bool {
        self.index.lookup(&AnnotationId::new(id)).is_some()
            || self.entities.contains_key(&EntityId::new(id))
            || self.propositions.contains_key(&PropositionId::new(id))
            || self.utterances.contains_key(&UtteranceId::new(id))
    }

    /// A fresh id with `prefix` that no annotation, entity, proposition or
    /// utterance in the set uses yet.
    pub fn fresh_id(&self, prefix: &str) -> String {
        self.fresh_id_except(prefix, &|_| false)
    }

    /// [`Self::fresh_id`], also avoiding the ids `taken` says are in use
    /// (by a batch being built, not yet in the set).
    pub fn fresh_id_except(&self, prefix: &str, taken: &dyn Fn(&str) -> bool) -> String {
        let mut n = self.annotation_count() + self.entities.len() + 1;
        loop {
            let id = format!("{prefix}{n}");
            if !self.id_taken(&id) && !taken(&id) {
                return id;
            }
            n += 1;
        }
    }

    /// The id for a new `kind` annotation in `article`, continuing the
    /// pattern of that article's ids of that kind: after `003-q20` and
    /// `003-q21` comes `003-q22` (zero padding kept: `q009` → `q010`). An
    /// article with no numbered ids of the kind gets [`Self::fresh_id`]`("a")`.
    /// Costs the article's annotations, never the set's.
    pub fn fresh_annotation_id(&self, article: &ArticleId, kind: KindName) -> AnnotationId {
        self.fresh_annotation_id_except(article, kind, &|_| false)
    }

    /// [`Self::fresh_annotation_id`], also avoiding the ids `taken` says
    /// are in use (by a batch being built, not yet in the set).
    pub fn fresh_annotation_id_except(
        &self,
        article: &ArticleId,
        kind: KindName,
        taken: &dyn Fn(&str) -> bool,
    ) -> AnnotationId {
        let annotations = self.annotations_of(article);
        let count = self
            .articles
            .get(article)
            .map_or(0, |a| a.counts[kind as usize]);
        // Reading every id of an article of 20,000 costs a frame per new
        // annotation; a spread sample finds the pattern, and counting up
        // from the number of ids finds a free one. The stride yields about
        // `SAMPLE_IDS` of the kind, so a rare kind is read in full.
        let step = count.div_ceil(SAMPLE_IDS).max(1);
        let ids = annotations
            .iter()
            .step_by(step)
            .filter(|a| a.kind.name() == kind)
            .map(|a| a.id.as_str());
        let Some(pattern) = IdPattern::of(ids) else {
            return AnnotationId::new(self.fresh_id_except("a", taken));
        };
        let mut n = if step == 1 {
            pattern.last
        } else {
            pattern.last.max(count as u64)
        };
        // One by one at first (the next number is almost always free);
        // past a run of taken ones, in growing strides, so numbers other
        // articles share cost a few probes, not one per id.
        let mut probes = 0u32;
        loop {
            probes += 1;
            let stride = if probes <= 64 {
                1
            } else {
                1 << (probes - 64).min(40)
            };
            let Some(next) = n.checked_add(stride) else {
                return AnnotationId::new(self.fresh_id_except("a", taken));
            };
            n = next;
            let id = pattern.format(n);
            if !self.id_taken(&id) && !taken(&id) {
                return AnnotationId::new(id);
            }
        }
    }

    // Raw mutators for `edit::apply` only; they keep the index and the dirty
    // marks right but check nothing else.

    pub(crate) fn insert_annotation(&mut self, annotation: Annotation) {
        let article = annotation.article.clone();
        self.index
            .insert(&annotation.id, &article, annotation.span.start);
        self.articles
            .entry(article.clone())
            .or_default()
            .insert(annotation);
        self.changes.touch(&article);
        self.dirty.articles.insert(article);
    }

    pub(crate) fn take_annotation(&mut self, id: &AnnotationId) -> Option<Annotation> {
        let (article, at) = self.locate(id)?;
        let article = article.clone();
        let anns = self.articles.get_mut(&article)?;
        let removed = anns.remove(at);
        self.index.remove(id);
        self.prune(&article);
        self.changes.touch(&article);
        self.dirty.articles.insert(article);
        Some(removed)
    }

    /// Drops an article's entry once it holds nothing, so undoing every edit
    /// gives back an equal set.
    pub(crate) fn prune(&mut self, article: &ArticleId) {
        if self
            .articles
            .get(article)
            .is_some_and(|a| a.annotations.is_empty() && a.record == ArticleRecord::default())
        {
            self.articles.remove(article);
        }
    }

    pub(crate) fn record_mut(&mut self, article: &ArticleId) -> &mut ArticleRecord {
        self.changes.touch(article);
        self.dirty.articles.insert(article.clone());
        &mut self.articles.entry(article.clone()).or_default().record
    }
}

/// About how many of an article's ids of a kind
/// [`AnnotationSet::fresh_annotation_id`] reads for their pattern.
const SAMPLE_IDS: usize = 256;

/// How a group of ids is numbered: a prefix, then a number (`003-q` and
/// `21` in `003-q21`), zero-padded to at least `width` digits.
#[derive(Debug, PartialEq, Eq)]
struct IdPattern<'a> {
    prefix: &'a str,
    width: usize,
    /// The highest number in use.
    last: u64,
}

impl<'a> IdPattern<'a> {
    /// The pattern most of `ids` follow (the most common prefix; of equals,
    /// the one with the highest number), or `None` when none ends in digits.
    fn of(ids: impl Iterator<Item = &'a str>) -> Option<Self> {
        // prefix → (ids with it, highest number, digits of that number's id)
        let mut groups: HashMap<&str, (usize, u64, usize)> = HashMap::new();
        for id in ids {
            let digits = id.len() - id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            let (prefix, number) = id.split_at(id.len() - digits);
            let Ok(n) = number.parse::<u64>() else {
                continue;
            };
            let group = groups.entry(prefix).or_insert((0, n, digits));
            group.0 += 1;
            if n > group.1 || (n == group.1 && digits > group.2) {
                (group.1, group.2) = (n, digits);
            }
        }
        groups
            .into_iter()
            .max_by(|a, b| (a.1.0, a.1.1, b.0).cmp(&(b.1.0, b.1.1, a.0)))
            .map(|(prefix, (_, last, width))| IdPattern {
                prefix,
                // Padding only ever fills: `q9` → `q10`, `q009` → `q010`.
                width,
                last,
            })
    }

    fn format(&self, n: u64) -> String {
        format!("{}{n:0width$}", self.prefix, width = self.width)
    }
}

/// Annotation id → article and place, in 16 bytes an entry: ids are
/// stored as 64-bit hashes pointing at an article slot and the span's
/// start (packed in another 64 bits), from which a binary search finds the annotation in the article's
/// text-ordered list. A hash that more than one annotation has (a repeated
/// id in bad input, or a true collision) is marked shared and looked up by
/// scanning, so lookups are always exact.
#[derive(Clone, Debug, Default)]
struct AnnotationIndex {
    /// Keyed by hashes already, so hashed again cheaply.
    by_hash: HashMap<u64, Packed, foldhash::fast::FixedState>,
    /// Article ids by slot; slots are never reused, so they stay valid.
    articles: Vec<ArticleId>,
    slot_of: HashMap<ArticleId, u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Article { slot: u32, start: u32 },
    Shared,
}

/// A [`Slot`] in eight bytes: slot and start, or all ones for shared (an
/// article slot and start of `u32::MAX` each read as shared, which only
/// means a scan).
#[derive(Clone, Copy, Debug)]
struct Packed(u64);

impl Packed {
    const SHARED: Packed = Packed(u64::MAX);

    fn new(slot: Slot) -> Self {
        match slot {
            Slot::Article { slot, start } => Packed(u64::from(slot) << 32 | u64::from(start)),
            Slot::Shared => Self::SHARED,
        }
    }

    fn slot(self) -> Slot {
        match self.0 {
            u64::MAX => Slot::Shared,
            n => Slot::Article {
                slot: (n >> 32) as u32,
                start: n as u32,
            },
        }
    }
}

impl AnnotationIndex {
    fn hash(id: &AnnotationId) -> u64 {
        use std::hash::BuildHasher;
        // A fixed seed: the index is rebuilt on load and never persisted,
        // but a fixed hash keeps runs reproducible. Foldhash, as SipHash over
        // a million ids was a good part of an open.
        foldhash::fast::FixedState::with_seed(0).hash_one(id)
    }

    fn slot(&mut self, article: &ArticleId) -> u32 {
        match self.slot_of.get(article) {
            Some(&slot) => slot,
            None => {
                let slot = self.articles.len() as u32;
                self.articles.push(article.clone());
                self.slot_of.insert(article.clone(), slot);
                slot
            }
        }
    }

    fn insert(&mut self, id: &AnnotationId, article: &ArticleId, start: usize) {
        let slot = self.slot(article);
        self.insert_in(id, slot, start);
    }

    fn insert_in(&mut self, id: &AnnotationId, slot: u32, start: usize) {
        // A start past u32 (no article is that long) falls back to a scan.
        let place = match u32::try_from(start) {
            Ok(start) => Slot::Article { slot, start },
            Err(_) => Slot::Shared,
        };
        self.by_hash
            .entry(Self::hash(id))
            .and_modify(|s| *s = Packed::SHARED)
            .or_insert(Packed::new(place));
    }

    fn lookup(&self, id: &AnnotationId) -> Option<Slot> {
        self.by_hash.get(&Self::hash(id)).map(|p| p.slot())
    }

    /// Forgets `id`, unless its hash is shared: then lookups keep scanning.
    fn remove(&mut self, id: &AnnotationId) {
        let hash = Self::hash(id);
        if let Some(Slot::Article { .. }) = self.by_hash.get(&hash).map(|p| p.slot()) {
            self.by_hash.remove(&hash);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::edit::{Edit, apply};

    #[test]
    fn names_are_the_serde_names() {
        use CheckWorthiness as W;
        for w in [W::NonFactual, W::UnimportantFactual, W::CheckWorthy] {
            assert_eq!(serde_json::to_value(w).unwrap(), w.as_str());
        }
        for m in [QuoteMode::Direct, QuoteMode::Indirect, QuoteMode::Partial] {
            assert_eq!(serde_json::to_value(m).unwrap(), m.as_str());
        }
        for p in [Polarity::Favor, Polarity::Against, Polarity::Neutral] {
            assert_eq!(serde_json::to_value(p).unwrap(), p.as_str());
        }
        for m in Modality::ALL {
            assert_eq!(serde_json::to_value(m).unwrap(), m.as_str());
        }
        for k in KindName::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
    }

    fn set_with(ids: &[(&str, &str, KindName)]) -> AnnotationSet {
        let text = crate::core::text::Text::new("Ministers met in Oslo on Tuesday.".into());
        let mut set = AnnotationSet::default();
        for (i, (article, id, kind)) in ids.iter().enumerate() {
            let annotation = Annotation {
                id: AnnotationId::new(*id),
                article: ArticleId::new(*article),
                span: text.span(i % 20..i % 20 + 5).unwrap(),
                author: Default::default(),
                created: Timestamp::UNIX_EPOCH,
                modified: Timestamp::UNIX_EPOCH,
                note: String::new(),
                tags: Vec::new(),
                kind: Kind::empty(*kind),
            };
            apply(&mut set, Edit::AddAnnotation(Box::new(annotation))).unwrap();
        }
        set
    }

    fn next(set: &AnnotationSet, article: &str, kind: KindName) -> String {
        set.fresh_annotation_id(&ArticleId::new(article), kind)
            .to_string()
    }

    #[test]
    fn interned_ids_sort_and_print_as_their_text() {
        // Interned in reverse order, so pointer order would be wrong.
        let ids: Vec<EntityId> = ["zeta-9", "alpha", "Beta"].map(EntityId::new).into();
        let mut sorted = ids.clone();
        sorted.sort();
        let texts: Vec<&str> = sorted.iter().map(EntityId::as_str).collect();
        assert_eq!(texts, ["Beta", "alpha", "zeta-9"]);
        assert_eq!(EntityId::new(String::from("alpha")), ids[1]);
        assert_eq!(
            format!("{:?} {}", ids[1], ids[1]),
            r#"EntityId("alpha") alpha"#
        );
        let ron = ron::to_string(&ids[0]).unwrap();
        assert_eq!(ron, r#""zeta-9""#);
        assert_eq!(ron::from_str::<EntityId>(&ron).unwrap(), ids[0]);
        let empty: Symbol = ron::from_str(r#""""#).unwrap();
        assert_eq!((empty.clone(), empty.as_str()), (Symbol::default(), ""));
        assert!(Symbol::new("") < Symbol::new("0"));
        assert_eq!(ron::to_string(&empty).unwrap(), r#""""#);
        for name in ["김정은", "ボストーチヌイ", "بوتين", "„Müller“"] {
            let id = EntityId::new(name);
            assert_eq!(id.as_str(), name);
            let back: EntityId = ron::from_str(&ron::to_string(&id).unwrap()).unwrap();
            assert_eq!(back, id);
        }
    }

    #[test]
    fn a_claims_single_proposition_is_held_inline() {
        let one: Claim =
            ron::from_str(r#"(propositions: ["p1"], worthiness: check_worthy)"#).unwrap();
        assert_eq!(one.propositions.as_slice(), [PropositionId::new("p1")]);
        assert!(!one.propositions.spilled());
        // A format-1 claim migrates the same way.
        let old: Claim =
            ron::from_str(r#"(proposition: Some("p0"), worthiness: check_worthy)"#).unwrap();
        assert_eq!(old.propositions.as_slice(), [PropositionId::new("p0")]);
        assert!(!old.propositions.spilled());
        let two: Claim =
            ron::from_str(r#"(propositions: ["p1", "p2"], worthiness: check_worthy)"#).unwrap();
        let ids: Vec<&str> = two.propositions.iter().map(PropositionId::as_str).collect();
        assert_eq!(ids, ["p1", "p2"]);
    }

    #[test]
    fn changed_articles_are_known_since_a_mark_of_the_same_set() {
        use KindName::*;
        let mut set = set_with(&[("a1", "q1", Quote)]);
        let mark = set.change_mark();
        assert_eq!(set.articles_changed_since(mark), Some(vec![]));
        let more = set_with(&[("a2", "q2", Quote), ("a3", "c3", Claim)]);
        let edits: Vec<Edit> = ["a2", "a3"]
            .iter()
            .flat_map(|a| more.annotations_of(&ArticleId::new(*a)).to_vec())
            .map(|a| Edit::AddAnnotation(Box::new(a)))
            .collect();
        apply(&mut set, Edit::Batch(edits)).unwrap();
        let changed: Vec<&str> = set
            .articles_changed_since(mark)
            .unwrap()
            .into_iter()
            .map(|a| a.as_str())
            .collect();
        assert_eq!(changed, ["a2", "a3"]);
        // Another set's mark, or one older than what is kept, says "unknown".
        assert_eq!(more.articles_changed_since(mark), None);
        let old = set.change_mark();
        for _ in 0..ChangeLog::KEPT {
            set.record_mut(&ArticleId::new("a1"));
        }
        assert_eq!(
            set.articles_changed_since(old).map(|v| v.len()),
            Some(ChangeLog::KEPT)
        );
        assert_eq!(set.articles_changed_since(mark), None);
    }

    #[test]
    fn a_new_id_continues_the_articles_pattern_for_its_kind() {
        use KindName::*;
        let set = set_with(&[
            ("003", "003-q20", Quote),
            ("003", "003-q21", Quote),
            ("003", "003-c7", Claim),
            ("004", "004-q90", Quote),
        ]);
        assert_eq!(next(&set, "003", Quote), "003-q22");
        assert_eq!(next(&set, "003", Claim), "003-c8");
        assert_eq!(next(&set, "004", Quote), "004-q91");
    }

    #[test]
    fn a_long_article_gets_the_next_id_from_a_sample() {
        use KindName::*;
        let dense: Vec<String> = (1..=1000).map(|n| format!("q{n}")).collect();
        let rows: Vec<(&str, &str, KindName)> =
            dense.iter().map(|id| ("a", id.as_str(), Quote)).collect();
        assert_eq!(next(&set_with(&rows), "a", Quote), "q1001");
        // With gaps, the new id follows the pattern and is free.
        let sparse: Vec<String> = (1..=1000).map(|n| format!("q{}", 2 * n)).collect();
        let rows: Vec<(&str, &str, KindName)> =
            sparse.iter().map(|id| ("a", id.as_str(), Quote)).collect();
        let id = next(&set_with(&rows), "a", Quote);
        assert!(id.starts_with('q') && !sparse.contains(&id), "{id}");
    }

    #[test]
    fn zero_padding_is_kept_and_outgrown() {
        use KindName::*;
        let set = set_with(&[
            ("a", "q007", Quote),
            ("a", "q009", Quote),
            ("b", "s99", Stance),
        ]);
        assert_eq!(next(&set, "a", Quote), "q010");
        assert_eq!(next(&set, "b", Stance), "s100");
        let set = set_with(&[("a", "st-0999", Stance)]);
        assert_eq!(next(&set, "a", Stance), "st-1000");
    }

    #[test]
    fn the_most_common_prefix_wins_and_taken_ids_are_skipped() {
        use KindName::*;
        let set = set_with(&[
            ("a", "x-q1", Quote),
            ("a", "x-q2", Quote),
            ("a", "imported-50", Quote),
            // Someone used the next number in another article.
            ("b", "x-q3", Claim),
        ]);
        assert_eq!(next(&set, "a", Quote), "x-q4");
    }

    #[test]
    fn without_a_pattern_the_set_wide_scheme_is_used() {
        use KindName::*;
        let set = set_with(&[("a", "q1", Quote), ("a", "headline", Claim)]);
        // No quotes yet in b, no numbered claims in a.
        assert_eq!(next(&set, "b", Quote), set.fresh_id("a"));
        assert_eq!(next(&set, "a", Claim), set.fresh_id("a"));
        assert_eq!(set.fresh_id("a"), "a3");
        // A number too long for u64 is no pattern either.
        let set = set_with(&[("a", "q123456789012345678901234567890", Quote)]);
        assert_eq!(next(&set, "a", Quote), "a2");
    }

    #[test]
    fn per_kind_counts_follow_every_add_and_remove() {
        use KindName::*;
        let mut set = set_with(&[("a", "c1", Claim), ("a", "q1", Quote), ("a", "q2", Quote)]);
        let counts = |set: &AnnotationSet| {
            let a = set.article(&ArticleId::new("a")).unwrap();
            KindName::ALL.map(|k| a.count(k))
        };
        assert_eq!(counts(&set), [1, 2, 0]);
        let mut changed = set.annotation(&AnnotationId::new("q1")).unwrap().clone();
        changed.kind = Kind::empty(Stance);
        let undo = apply(&mut set, Edit::ReplaceAnnotation(Box::new(changed))).unwrap();
        assert_eq!(counts(&set), [1, 1, 1]);
        apply(&mut set, undo).unwrap();
        apply(&mut set, Edit::RemoveAnnotation(AnnotationId::new("c1"))).unwrap();
        assert_eq!(counts(&set), [0, 2, 0]);
        let loaded = ArticleAnnotations::new(
            ArticleRecord::default(),
            set.annotations_of(&ArticleId::new("a")).to_vec(),
        );
        assert_eq!(loaded, *set.article(&ArticleId::new("a")).unwrap());
    }

    #[test]
    fn a_pattern_at_the_end_of_the_numbers_falls_back() {
        let max = format!("q{}", u64::MAX);
        let set = set_with(&[("a", &max, KindName::Quote)]);
        assert_eq!(next(&set, "a", KindName::Quote), "a2");
    }
}
