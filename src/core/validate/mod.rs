//! The validator: from a set and its articles to findings.
//!
//! Findings come from three places: each article on its own (integrity,
//! a quote against its utterance), groups of annotations that share a
//! proposition, utterance or stance target, and groups of claims or quotes
//! whose words match across articles (see [`matching`]). A [`Validator`]
//! keeps all three, so after an edit only the changed articles and the
//! groups they touch are checked again. It never fails on a bad set: broken
//! input is what it reports.

mod claims;
mod coverage;
mod entities;
mod integrity;
pub mod matching;
mod quotes;
mod stances;
mod unlinked;
pub(crate) mod values;

use crate::core::article::Corpus;
use crate::core::edit::Edit;
use crate::core::model::{
    Annotation, AnnotationId, AnnotationSet, ArticleId, Entity, EntityId, Proposition,
    PropositionId, RuleLevel, TagSchema, Target, Utterance, UtteranceId,
};
pub(crate) use entities::EntityNames;
pub use entities::{NameIndex, NameMatch, rank_entities};
use matching::{FastMap, FastSet, TextIndex};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

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

impl Location {
    /// The whole article.
    pub fn article(article: &ArticleId) -> Self {
        Location {
            article: article.clone(),
            start: None,
            end: None,
            annotation: None,
        }
    }

    /// An annotation's span in `article`.
    pub fn annotation(article: &ArticleId, a: &Annotation) -> Self {
        Location {
            article: article.clone(),
            start: Some(a.span.start),
            end: Some(a.span.end),
            annotation: Some(a.id.clone()),
        }
    }
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

impl Finding {
    /// A finding of `rule` at its default severity.
    pub fn new(rule: Rule, message: String, locations: Vec<Location>, fix: Option<Fix>) -> Self {
        Finding {
            rule: rule.code,
            severity: rule.severity,
            message,
            locations,
            fix,
        }
    }
}

/// A validator rule: its stable code, short name, default level and what it
/// checks in one line.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
}

macro_rules! rules {
    ($($konst:ident $code:literal $name:literal $sev:ident $summary:literal;)*) => {
        $(pub const $konst: Rule = Rule {
            code: $code,
            name: $name,
            severity: Severity::$sev,
            summary: $summary,
        };)*
        /// Every rule, in code order.
        pub const RULES: &[Rule] = &[$($konst),*];
    };
}

rules! {
    SPAN_INVALID "I001" "span-invalid" Error
        "A span is out of range, empty, inverted, or splits a character.";
    STALE_SPAN "I002" "stale-span" Error
        "The text an annotation recorded is no longer at its offsets.";
    FINGERPRINT_CHANGED "I003" "fingerprint-changed" Warning
        "The article changed since its annotations were made.";
    DANGLING_REFERENCE "I004" "dangling-reference" Error
        "A speaker, holder, target, proposition, utterance or entity id does not exist.";
    DUPLICATE_ID "I005" "duplicate-id" Error
        "An annotation id is used more than once.";
    MISSING_ATTRIBUTE "I006" "missing-attribute" Error
        "A quote has no speaker, or a stance has no target or polarity.";
    UNKNOWN_TAG "I007" "unknown-tag" Error
        "A tag is not in the set's tag schema.";
    DUPLICATE_ANNOTATION "I008" "duplicate-annotation" Warning
        "Two annotations of the same kind cover the same span.";
    QUOTE_NOT_QUOTED "I009" "quote-not-quoted" Warning
        "A direct quote is not enclosed in quotation marks.";
    UNKNOWN_ARTICLE "I010" "unknown-article" Error
        "Annotations belong to an article that is not in the articles folder.";
    STALE_CUE "I011" "stale-cue" Error
        "The words a quote's cue recorded are no longer at its offsets.";
    SPEAKER_CONFLICT "X101" "speaker-conflict" Error
        "The same words are attributed to different speakers.";
    UTTERANCE_DRIFT "X102" "utterance-drift" Warning
        "Quotes of one utterance differ in wording.";
    UTTERANCE_SPEAKER_MISMATCH "X103" "utterance-speaker-mismatch" Error
        "A quote's speaker differs from its utterance's speaker.";
    CLAIM_CONFLICT "X104" "claim-conflict" Warning
        "Claims of one proposition give different counts, durations, times, dates, sums, percentages or places.";
    STANCE_CONTRADICTION "X105" "stance-contradiction" Warning
        "A holder takes opposite sides on one target in one outlet.";
    UNLINKED_MATCH "X106" "unlinked-match" Info
        "Matching claims or quotes in different articles are not linked to one proposition or utterance.";
    DUPLICATE_ENTITY "X107" "duplicate-entity" Warning
        "Two entities share a name or alias, or look like one person.";
    SINGLE_SOURCE "X108" "single-source" Info
        "A proposition is carried by only one outlet.";
    UNANNOTATED_ARTICLE "X109" "unannotated-article" Info
        "An article has no annotations.";
}

/// The rule with `code`, if there is one.
pub fn rule(code: &str) -> Option<Rule> {
    RULES.iter().copied().find(|r| r.code == code)
}

/// At most this many locations per finding; messages give the full counts.
pub(crate) const MAX_LOCATIONS: usize = 20;

/// Checks `set` against `corpus` and returns every finding, most severe
/// first, then by article and position.
pub fn validate(set: &AnnotationSet, corpus: &Corpus) -> Vec<Finding> {
    Validator::default().validate(set, corpus)
}

/// What the rules may read: the set, the articles, entity names and the
/// text index.
pub(crate) struct Env<'a> {
    pub set: &'a AnnotationSet,
    pub corpus: &'a Corpus,
    pub names: &'a EntityNames,
    pub texts: &'a TextIndex,
}

impl Env<'_> {
    /// A proposition's statement for a message, as ` “…”`, or nothing when
    /// the proposition is missing.
    pub fn statement(&self, p: &PropositionId) -> String {
        self.set
            .propositions()
            .get(p)
            .map(|p| format!(" {}", quoted(&p.statement)))
            .unwrap_or_default()
    }

    /// An entity's name, or its id if it has none here.
    pub fn entity_name(&self, id: &EntityId) -> String {
        self.set
            .entities()
            .get(id)
            .map_or_else(|| id.to_string(), |e| e.name.clone())
    }
}

/// Groups whose members are checked together.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum GroupKey {
    /// Claims linked to one proposition.
    Proposition(PropositionId),
    /// Quotes linked to one utterance.
    Utterance(UtteranceId),
    /// Stances of one holder on one target in one outlet.
    Stance {
        outlet: String,
        holder: stances::Holder,
        target: Target,
    },
}

/// A group's key borrowed from an annotation, so checking an article
/// allocates no keys: contributions carry its hash, and the owned
/// [`GroupKey`] is made once per group.
#[derive(Clone, Copy, Debug, Hash)]
pub(crate) enum KeyRef<'a> {
    Proposition(&'a PropositionId),
    Utterance(&'a UtteranceId),
    Stance {
        outlet: &'a str,
        holder: stances::HolderRef<'a>,
        target: &'a Target,
    },
}

impl Contribution {
    pub fn groups(&self) -> impl Iterator<Item = u64> + '_ {
        self.group.iter().chain(self.more_groups.iter()).copied()
    }
}

impl<'a> KeyRef<'a> {
    /// The groups `a` belongs to: a claim's propositions, a quote's
    /// utterance, a stance's (outlet, holder, target). `outlet` is the
    /// article's outlet and `outlet_entity` the entity of that name, if any.
    pub fn of(
        outlet_entity: Option<&'a EntityId>,
        outlet: &'a str,
        a: &'a Annotation,
    ) -> impl Iterator<Item = Self> + 'a {
        use crate::core::model::Kind;
        let (claims, single) = match &a.kind {
            Kind::Claim(c) => (c.propositions.as_slice(), None),
            Kind::Quote(q) => (&[][..], q.utterance.as_ref().map(KeyRef::Utterance)),
            Kind::Stance(s) => {
                let key = match (&s.target, s.polarity) {
                    (Some(target), Some(_)) => Some(KeyRef::Stance {
                        outlet,
                        holder: stances::holder(s, outlet_entity, outlet),
                        target,
                    }),
                    _ => None,
                };
                (&[][..], key)
            }
        };
        claims.iter().map(KeyRef::Proposition).chain(single)
    }

    pub fn hash64(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = matching::Fx::new();
        self.hash(&mut h);
        h.finish()
    }

    pub fn to_key(self) -> GroupKey {
        match self {
            KeyRef::Proposition(p) => GroupKey::Proposition(p.clone()),
            KeyRef::Utterance(u) => GroupKey::Utterance(u.clone()),
            KeyRef::Stance {
                outlet,
                holder,
                target,
            } => GroupKey::Stance {
                outlet: outlet.to_owned(),
                holder: holder.to_owned(),
                target: target.clone(),
            },
        }
    }
}

/// What one annotation contributes to the cross-source indexes.
#[derive(Clone, Debug, Default)]
pub(crate) struct Contribution {
    /// [`KeyRef::hash64`] of its groups (most annotations have one or none,
    /// so the rest live in a box that is empty and unallocated for them).
    pub group: Option<u64>,
    pub more_groups: Box<[u64]>,
    pub text: Option<u64>,
    /// Changes whenever the annotation or its article's outlet does.
    pub hash: u64,
    /// Who says it and what it is linked to, in one word (see
    /// [`Member::role`]), so rules over thousands of matching quotes group
    /// them without reading each annotation.
    pub role: u64,
}

/// What the validator keeps about one article.
#[derive(Clone, Debug, Default)]
pub(crate) struct ArticleState {
    /// The outlet, or `article <id>` when the article names none.
    pub outlet: String,
    /// Where the article's reporting comes from: its wire agency when it
    /// reprints agency copy, else its outlet.
    pub source: String,
    /// The outlet as an entity, if the entity list names it.
    pub outlet_entity: Option<EntityId>,
    /// The article's language and date as the validator numbers each
    /// distinct pair (see [`Validator::reading`]): claims in articles that
    /// share it read their values alike.
    pub reading: u32,
    pub findings: Vec<Finding>,
    /// One per annotation, in the set's order.
    pub contributions: Vec<Contribution>,
}

/// One annotation of a group, resolved for a rule.
pub(crate) struct Member<'a> {
    pub article: &'a ArticleId,
    /// The article's index in the validator, for cheap comparisons.
    pub slot: u32,
    pub outlet: &'a str,
    /// See [`ArticleState::source`].
    pub source: &'a str,
    /// See [`ArticleState::reading`].
    pub reading: u32,
    pub annotation: &'a Annotation,
    pub text: Option<u64>,
    /// Equal for two quotes of one speaker and utterance, or two claims of
    /// the same propositions: a hash with [`ROLE_SPEAKER`] and
    /// [`ROLE_LINKED`] set when the annotation has a speaker or a link.
    pub role: u64,
}

pub(crate) const ROLE_SPEAKER: u64 = 1;
pub(crate) const ROLE_LINKED: u64 = 2;
/// A claim's modality, as its index in [`Modality::ALL`], in two bits.
pub(crate) const ROLE_MODALITY_SHIFT: u32 = 2;
pub(crate) const ROLE_CLAIMANT: u64 = 16;
pub(crate) const ROLE_CLAIM: u64 = 32;
/// The bits above the flags hold the hash.
pub(crate) const ROLE_FLAGS: u32 = 6;

impl Member<'_> {
    pub fn location(&self) -> Location {
        Location::annotation(self.article, self.annotation)
    }

    /// Linked to a proposition or utterance.
    pub fn linked(&self) -> bool {
        self.role & ROLE_LINKED != 0
    }

    pub fn has_speaker(&self) -> bool {
        self.role & ROLE_SPEAKER != 0
    }

    pub fn is_claim(&self) -> bool {
        self.role & ROLE_CLAIM != 0
    }

    /// A claim's modality (asserted for anything else).
    pub fn modality(&self) -> crate::core::model::Modality {
        let n = (self.role >> ROLE_MODALITY_SHIFT) & 3;
        crate::core::model::Modality::ALL[n as usize]
    }

    /// A claim attributed to someone other than its outlet.
    pub fn has_claimant(&self) -> bool {
        self.role & ROLE_CLAIMANT != 0
    }
}

/// The set-wide content that every article's checks depend on; when it
/// changes, everything is checked again.
#[derive(Debug, PartialEq)]
struct Snapshot {
    entities: BTreeMap<EntityId, Entity>,
    propositions: BTreeMap<PropositionId, Proposition>,
    utterances: BTreeMap<UtteranceId, Utterance>,
    schema: Option<TagSchema>,
}

impl Snapshot {
    fn of(set: &AnnotationSet) -> Self {
        Snapshot {
            entities: set.entities().clone(),
            propositions: set.propositions().clone(),
            utterances: set.utterances().clone(),
            schema: set.info().schema.clone(),
        }
    }

    fn matches(&self, set: &AnnotationSet) -> bool {
        self.entities == *set.entities()
            && self.propositions == *set.propositions()
            && self.utterances == *set.utterances()
            && self.schema == set.info().schema
    }
}

type Members = Vec<(u32, u32, u64)>;

/// Validation that keeps its indexes, so re-checking after an edit costs
/// about as much as the articles and groups the edit touched.
#[derive(Debug, Default)]
pub struct Validator {
    snapshot: Option<Snapshot>,
    names: EntityNames,
    article_ids: Vec<ArticleId>,
    article_index: HashMap<ArticleId, u32>,
    articles: Vec<ArticleState>,
    /// Numbers for (language, date) pairs; see [`ArticleState::reading`].
    readings: HashMap<(String, String), u32>,
    /// Groups by [`KeyRef::hash64`].
    groups: FastMap<u64, (GroupKey, Members)>,
    group_findings: FastMap<u64, Vec<Finding>>,
    /// One speaker under names in two scripts, by utterance group; reported
    /// through [`script_pair_findings`].
    script_pairs: FastMap<u64, Vec<quotes::ScriptPair>>,
    texts: TextIndex,
    /// Findings of each group of matching texts, by its smallest text key.
    text_findings: FastMap<u64, Vec<Finding>>,
    set_findings: Vec<Finding>,
    /// I005 findings, checked over the whole set.
    duplicates: Vec<Finding>,
}

impl Validator {
    pub fn new() -> Self {
        Self::default()
    }

    /// Checks everything from scratch.
    pub fn validate(&mut self, set: &AnnotationSet, corpus: &Corpus) -> Vec<Finding> {
        *self = Validator {
            snapshot: Some(Snapshot::of(set)),
            names: EntityNames::new(set.entities()),
            ..Validator::default()
        };
        let ids: BTreeSet<&ArticleId> = set
            .articles()
            .keys()
            .chain(corpus.articles().map(|a| &a.id))
            .collect();
        let ids: Vec<ArticleId> = ids.into_iter().cloned().collect();
        self.update(set, corpus, ids);
        let env = Env {
            set,
            corpus,
            names: &self.names,
            texts: &self.texts,
        };
        self.set_findings = entities::check(&env);
        self.duplicates = integrity::duplicate_ids(set);
        self.findings(set)
    }

    /// Checks again after `changed` articles changed (their annotations,
    /// record or text). Entity, proposition, utterance or schema changes are
    /// noticed here and lead to a full check.
    pub fn revalidate(
        &mut self,
        set: &AnnotationSet,
        corpus: &Corpus,
        changed: &[ArticleId],
    ) -> Vec<Finding> {
        if !self.snapshot.as_ref().is_some_and(|s| s.matches(set)) {
            return self.validate(set, corpus);
        }
        let mut ids = changed.to_vec();
        ids.sort();
        ids.dedup();
        // Edits cannot add a used id, only remove one, so the whole set's ids
        // are checked again only while some are duplicated or a changed
        // article holds an id the set finds elsewhere.
        let suspect = |id: &ArticleId| {
            set.annotations_of(id).iter().any(|a| {
                set.annotation(&a.id)
                    .is_none_or(|first| !std::ptr::eq(first, a))
            })
        };
        if !self.duplicates.is_empty() || ids.iter().any(suspect) {
            self.duplicates = integrity::duplicate_ids(set);
        }
        self.update(set, corpus, ids);
        self.findings(set)
    }

    fn intern(&mut self, id: &ArticleId) -> u32 {
        if let Some(i) = self.article_index.get(id) {
            return *i;
        }
        let i = self.article_ids.len() as u32;
        self.article_ids.push(id.clone());
        self.article_index.insert(id.clone(), i);
        self.articles.push(ArticleState::default());
        i
    }

    /// The number of article `id`'s (language, date) pair.
    fn reading(&mut self, set: &AnnotationSet, id: &ArticleId) -> u32 {
        let key = set.article(id).map_or_else(Default::default, |a| {
            let meta = &a.record.meta;
            (meta.language.clone(), meta.published.clone())
        });
        let next = self.readings.len() as u32;
        *self.readings.entry(key).or_insert(next)
    }

    fn update(&mut self, set: &AnnotationSet, corpus: &Corpus, ids: Vec<ArticleId>) {
        let analysed: Vec<(ArticleId, ArticleState)> = {
            let env = Env {
                set,
                corpus,
                names: &self.names,
                texts: &self.texts,
            };
            ids.into_par_iter()
                .map(|id| {
                    let state = integrity::analyse(&env, &id);
                    (id, state)
                })
                .collect()
        };
        let changes: Vec<(u32, ArticleState)> = analysed
            .into_iter()
            .map(|(id, mut state)| {
                state.reading = self.reading(set, &id);
                (self.intern(&id), state)
            })
            .collect();

        // What changed in substance (not just an annotation's position).
        let mut dirty_groups: FastSet<u64> = FastSet::default();
        let mut dirty_texts: FastSet<u64> = FastSet::default();
        for (i, new) in &changes {
            let old = &self.articles[*i as usize];
            diff(
                &old.contributions,
                &new.contributions,
                &mut dirty_groups,
                &mut dirty_texts,
            );
        }
        // Matching groups that held a changed text are dissolved; their texts
        // are grouped again below.
        let mut regroup: FastSet<u64> = FastSet::default();
        for key in &dirty_texts {
            if regroup.contains(key) {
                continue;
            }
            for k in self.texts.component(*key) {
                self.text_findings.remove(&k);
                regroup.insert(k);
            }
        }

        let mut new_texts = Vec::new();
        for (i, new) in changes {
            let old = std::mem::replace(&mut self.articles[i as usize], new);
            let old_groups: FastSet<u64> =
                old.contributions.iter().flat_map(|c| c.groups()).collect();
            for key in old_groups {
                if let Some((_, members)) = self.groups.get_mut(&key) {
                    members.retain(|m| m.0 != i);
                    if members.is_empty() {
                        self.groups.remove(&key);
                    }
                }
            }
            let old_texts: HashSet<u64> = old.contributions.iter().filter_map(|c| c.text).collect();
            for key in old_texts {
                self.texts.remove_article(key, i);
            }
            let id = &self.article_ids[i as usize];
            let annotations = set.annotations_of(id);
            let state = &self.articles[i as usize];
            for (n, c) in state.contributions.iter().enumerate() {
                let member = (i, n as u32, c.hash);
                for key in c.groups() {
                    match self.groups.get_mut(&key) {
                        Some((_, members)) => members.push(member),
                        None => {
                            let owned = annotations.get(n).and_then(|a| {
                                KeyRef::of(state.outlet_entity.as_ref(), &state.outlet, a)
                                    .find(|k| k.hash64() == key)
                            });
                            if let Some(owned) = owned {
                                self.groups.insert(key, (owned.to_key(), vec![member]));
                            }
                        }
                    }
                }
                if let (Some(key), Some(a)) = (c.text, annotations.get(n))
                    && self.texts.add(key, a.kind.name(), a.span.exact(), member)
                {
                    new_texts.push(key);
                }
            }
        }
        self.texts.link(&new_texts);

        let env = Env {
            set,
            corpus,
            names: &self.names,
            texts: &self.texts,
        };
        let resolver = Resolver {
            ids: &self.article_ids,
            articles: &self.articles,
            annotations: self
                .article_ids
                .par_iter()
                .map(|id| set.annotations_of(id))
                .collect(),
        };
        let dirty_groups: Vec<u64> = dirty_groups.into_iter().collect();
        type GroupResult = (u64, (Vec<Finding>, Vec<quotes::ScriptPair>));
        let group_results: Vec<GroupResult> = dirty_groups
            .into_par_iter()
            .map(|key| {
                let findings = match self.groups.get(&key) {
                    Some((group, members)) => {
                        group_findings(&env, group, &resolver.resolve(members))
                    }
                    None => Default::default(),
                };
                (key, findings)
            })
            .collect();

        let mut seen: FastSet<u64> = FastSet::default();
        let mut components: Vec<Vec<u64>> = Vec::new();
        let mut starts: Vec<u64> = regroup.into_iter().chain(dirty_texts).collect();
        starts.sort_unstable();
        for key in starts {
            if seen.contains(&key) || !self.texts.entries.contains_key(&key) {
                continue;
            }
            let component = self.texts.component(key);
            seen.extend(component.iter().copied());
            components.push(component);
        }
        let text_results: Vec<(u64, Vec<Finding>)> = components
            .into_par_iter()
            .map(|component| {
                let members: Members = component
                    .iter()
                    .filter_map(|k| self.texts.entries.get(k))
                    .flat_map(|e| e.members.iter().copied())
                    .collect();
                let findings = match component.first().and_then(|k| self.texts.entries.get(k)) {
                    Some(first) => text_findings(&env, first.kind, &resolver.resolve(&members)),
                    None => Vec::new(),
                };
                (component.first().copied().unwrap_or_default(), findings)
            })
            .collect();

        for (key, (findings, pairs)) in group_results {
            if findings.is_empty() {
                self.group_findings.remove(&key);
            } else {
                self.group_findings.insert(key, findings);
            }
            if pairs.is_empty() {
                self.script_pairs.remove(&key);
            } else {
                self.script_pairs.insert(key, pairs);
            }
        }
        for (key, findings) in text_results {
            if !findings.is_empty() {
                self.text_findings.insert(key, findings);
            }
        }
    }

    /// Every finding, with the set's rule levels applied, most severe first,
    /// then by article and position.
    pub fn findings(&self, set: &AnnotationSet) -> Vec<Finding> {
        let levels = &set.info().rules;
        let pairs = script_pair_findings(&self.script_pairs);
        let mut out: Vec<Finding> = self
            .articles
            .iter()
            .flat_map(|a| a.findings.iter())
            .chain(self.group_findings.values().flatten())
            .chain(pairs.iter())
            .chain(self.text_findings.values().flatten())
            .chain(self.set_findings.iter())
            .chain(self.duplicates.iter())
            .filter_map(|f| {
                let severity = match levels.get(f.rule) {
                    None => f.severity,
                    Some(RuleLevel::Off) => return None,
                    Some(RuleLevel::Error) => Severity::Error,
                    Some(RuleLevel::Warning) => Severity::Warning,
                    Some(RuleLevel::Info) => Severity::Info,
                };
                Some(Finding {
                    severity,
                    ..f.clone()
                })
            })
            .collect();
        out.sort_by(|a, b| {
            let first = |f: &Finding| f.locations.first().map(|l| (l.article.clone(), l.start));
            b.severity
                .cmp(&a.severity)
                .then_with(|| first(a).cmp(&first(b)))
                .then_with(|| a.rule.cmp(b.rule))
                .then_with(|| a.message.cmp(&b.message))
        });
        out
    }
}

/// The articles whose annotations or record `edit` changes, for
/// [`Validator::revalidate`]. Call it before applying the edit (a removed
/// annotation's article is looked up in `set`). Entity, proposition,
/// utterance and set-info edits name no article: the validator notices them
/// itself.
pub fn touched_articles(set: &AnnotationSet, edit: &Edit) -> Vec<ArticleId> {
    let mut out = Vec::new();
    let mut visit = vec![edit];
    while let Some(edit) = visit.pop() {
        match edit {
            Edit::AddAnnotation(a) => out.push(a.article.clone()),
            Edit::ReplaceAnnotation(a) => {
                out.push(a.article.clone());
                out.extend(set.annotation(&a.id).map(|old| old.article.clone()));
            }
            Edit::RemoveAnnotation(id) => {
                out.extend(set.annotation(id).map(|old| old.article.clone()));
            }
            Edit::SetArticleMeta { article, .. }
            | Edit::SetFingerprint { article, .. }
            | Edit::SetRejected { article, .. } => out.push(article.clone()),
            Edit::Batch(edits) => visit.extend(edits),
            Edit::PutEntity(_)
            | Edit::RemoveEntity(_)
            | Edit::PutProposition(_)
            | Edit::RemoveProposition(_)
            | Edit::PutUtterance(_)
            | Edit::RemoveUtterance(_)
            | Edit::SetInfo(_) => {}
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Marks the groups and texts whose members from one article changed.
fn diff(
    old: &[Contribution],
    new: &[Contribution],
    groups: &mut FastSet<u64>,
    texts: &mut FastSet<u64>,
) {
    if old.is_empty() {
        // A new article: everything it holds is new.
        for c in new {
            groups.extend(c.groups());
            texts.extend(c.text);
        }
        return;
    }
    let mut by_group: FastMap<u64, (Vec<u64>, Vec<u64>)> = FastMap::default();
    let mut by_text: FastMap<u64, (Vec<u64>, Vec<u64>)> = FastMap::default();
    for (side, list) in [(0, old), (1, new)] {
        for c in list {
            for g in c.groups() {
                let e = by_group.entry(g).or_default();
                if side == 0 { &mut e.0 } else { &mut e.1 }.push(c.hash);
            }
            if let Some(t) = c.text {
                let e = by_text.entry(t).or_default();
                if side == 0 { &mut e.0 } else { &mut e.1 }.push(c.hash);
            }
        }
    }
    let differs = |(a, b): &mut (Vec<u64>, Vec<u64>)| {
        a.sort_unstable();
        b.sort_unstable();
        a != b
    };
    for (key, mut hashes) in by_group {
        if differs(&mut hashes) {
            groups.insert(key);
        }
    }
    for (key, mut hashes) in by_text {
        if differs(&mut hashes) {
            texts.insert(key);
        }
    }
}

/// Turns (article, annotation) indexes into annotations, in article order.
struct Resolver<'a> {
    ids: &'a [ArticleId],
    articles: &'a [ArticleState],
    /// Each article's annotations, by article index.
    annotations: Vec<&'a [Annotation]>,
}

impl<'a> Resolver<'a> {
    fn resolve(&self, members: &Members) -> Vec<Member<'a>> {
        let mut sorted: Vec<(u32, u32)> = members.iter().map(|m| (m.0, m.1)).collect();
        sorted.sort_unstable();
        sorted
            .into_iter()
            .filter_map(|(art, ann)| {
                let article = self.ids.get(art as usize)?;
                let state = self.articles.get(art as usize)?;
                let contribution = state.contributions.get(ann as usize)?;
                Some(Member {
                    article,
                    slot: art,
                    outlet: &state.outlet,
                    source: &state.source,
                    reading: state.reading,
                    annotation: self.annotations.get(art as usize)?.get(ann as usize)?,
                    text: contribution.text,
                    role: contribution.role,
                })
            })
            .collect()
    }
}

fn group_findings(
    env: &Env,
    key: &GroupKey,
    members: &[Member],
) -> (Vec<Finding>, Vec<quotes::ScriptPair>) {
    match key {
        GroupKey::Proposition(p) => {
            let mut out = claims::conflicts(env, p, members);
            out.extend(coverage::single_source(env, p, members));
            (out, Vec::new())
        }
        GroupKey::Utterance(u) => (
            quotes::drift(env, u, members).into_iter().collect(),
            quotes::one_speaker_in_two_scripts(env, u, members),
        ),
        GroupKey::Stance {
            outlet,
            holder,
            target,
        } => (
            stances::contradiction(env, outlet, holder, target, members)
                .into_iter()
                .collect(),
            Vec::new(),
        ),
    }
}

/// Names in two scripts this alike ([`unicode::sounds_alike`]) may be one.
const ALIKE_NAMES: f64 = 0.2;

/// The X107 findings of [`quotes::ScriptPair`]s: for each entity, the one
/// speaker whose name sounds most like its own, if alike enough and more
/// alike than any other it is paired with; once per pair.
fn script_pair_findings(pairs: &FastMap<u64, Vec<quotes::ScriptPair>>) -> Vec<Finding> {
    let mut by_other: BTreeMap<&EntityId, BTreeMap<&EntityId, Vec<&quotes::ScriptPair>>> =
        BTreeMap::new();
    for p in pairs.values().flatten() {
        by_other
            .entry(&p.other)
            .or_default()
            .entry(&p.speaker)
            .or_default()
            .push(p);
    }
    let mut out = Vec::new();
    for speakers in by_other.into_values() {
        let mut ranked: Vec<(f64, &Vec<&quotes::ScriptPair>)> = speakers
            .values()
            .map(|list| (list[0].alike, list))
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        let (best, list) = ranked[0];
        let runner_up = ranked.get(1).map_or(0.0, |r| r.0);
        if best >= ALIKE_NAMES && best > runner_up {
            let mut found: Vec<&Finding> = list.iter().map(|p| &p.finding).collect();
            found.sort_by(|a, b| a.message.cmp(&b.message));
            out.push(found[0].clone());
        }
    }
    out
}

fn text_findings(
    env: &Env,
    kind: crate::core::model::KindName,
    members: &[Member],
) -> Vec<Finding> {
    let mut out = Vec::new();
    if kind == crate::core::model::KindName::Quote {
        out.extend(quotes::speaker_conflict(env, members));
    }
    out.extend(unlinked::unlinked(env, kind, members));
    out
}

/// Picks up to `MAX_LOCATIONS` members, spread over the given groups:
/// first one of each, then the second of each, and so on.
pub(crate) fn spread<'a, 'b>(groups: &[Vec<&'b Member<'a>>]) -> Vec<Location> {
    let mut out = Vec::new();
    let longest = groups.iter().map(Vec::len).max().unwrap_or(0);
    for n in 0..longest {
        for g in groups {
            if out.len() == MAX_LOCATIONS {
                return out;
            }
            if let Some(m) = g.get(n) {
                out.push(m.location());
            }
        }
    }
    out
}

/// "1 claim", "3 claims".
pub(crate) fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// A text for a message: at most 60 chars, in curly quotes.
pub(crate) fn quoted(text: &str) -> String {
    let mut s: String = text.chars().take(60).collect();
    if text.chars().nth(60).is_some() {
        s.push('…');
    }
    format!("\u{201C}{s}\u{201D}")
}
