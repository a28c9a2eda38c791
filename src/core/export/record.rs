//! One annotation as a flat record with every attribute resolved to names as
//! well as ids: the shape shared by the jsonl spans, the csv rows and the W3C
//! bodies, and read back by their importers.

use crate::core::model::{
    Annotation, AnnotationSet, CheckWorthiness, Entity, Kind, KindName, Modality, Polarity,
    Proposition, QuoteMode, Target, Utterance,
};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Borrowed on export (no copies of a million strings), owned on import.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpanRecord<'a> {
    pub id: Cow<'a, str>,
    /// Char offsets into the article text, end exclusive.
    pub start: usize,
    pub end: usize,
    pub label: KindName,
    /// The article text at `start..end`.
    pub text: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub author: Cow<'a, str>,
    #[serde(default)]
    pub created: Timestamp,
    #[serde(default)]
    pub modified: Timestamp,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub note: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    pub tags: Cow<'a, [String]>,
    #[serde(flatten)]
    pub attributes: Attributes<'a>,
}

/// The kind's attributes; only those of the record's label are present.
/// `*_name`, `*_statement` and `*_wording` are there for readers; ids are
/// what an import maps.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Attributes<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub worthiness: Option<CheckWorthiness>,
    /// A claim's propositions (format-1 exports wrote one `proposition`).
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        alias = "proposition",
        deserialize_with = "one_or_many"
    )]
    pub propositions: Vec<Cow<'a, str>>,
    /// The statements of `propositions`, in their order.
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        alias = "proposition_statement",
        deserialize_with = "one_or_many"
    )]
    pub proposition_statements: Vec<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modality: Option<Modality>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributed_to: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributed_to_name: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker_name: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<QuoteMode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue_start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue_end: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue_text: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utterance: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utterance_wording: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utterance_speaker: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via_name: Option<Cow<'a, str>>,
    /// The quote's language as printed, when it is not the article's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote_language: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translated: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder_name: Option<Cow<'a, str>>,
    /// `entity` or `proposition`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_type: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Cow<'a, str>>,
    /// The target entity's name or the target proposition's statement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_name: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub polarity: Option<Polarity>,
}

pub type OwnedRecord = SpanRecord<'static>;

/// The set's whole registry, referenced or not, as jsonl and brat carry it
/// (the W3C export writes the same as JSON-LD nodes), so a round trip gives
/// back every entity with its kind and aliases.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Registry<'a> {
    pub entities: Cow<'a, [Entity]>,
    pub propositions: Cow<'a, [Proposition]>,
    pub utterances: Cow<'a, [Utterance]>,
}

impl Registry<'_> {
    pub fn of(set: &AnnotationSet) -> Registry<'static> {
        Registry {
            entities: set.entities().values().cloned().collect(),
            propositions: set.propositions().values().cloned().collect(),
            utterances: set.utterances().values().cloned().collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entities.is_empty() && self.propositions.is_empty() && self.utterances.is_empty()
    }
}

/// A string or a list of strings, as a list.
fn one_or_many<'de, 'a, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Cow<'a, str>>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![Cow::Owned(s)],
        OneOrMany::Many(v) => v.into_iter().map(Cow::Owned).collect(),
    })
}

impl<'a> SpanRecord<'a> {
    /// The record of `a`, borrowing from the set; `text` is the span's text.
    pub fn new(set: &'a AnnotationSet, a: &'a Annotation) -> Self {
        SpanRecord {
            id: Cow::Borrowed(a.id.as_str()),
            start: a.span.start,
            end: a.span.end,
            label: a.kind.name(),
            text: Cow::Borrowed(a.span.exact()),
            author: Cow::Borrowed(&a.author),
            created: a.created,
            modified: a.modified,
            note: Cow::Borrowed(&a.note),
            tags: Cow::Borrowed(&a.tags),
            attributes: Attributes::new(set, &a.kind),
        }
    }
}

impl<'a> Attributes<'a> {
    pub fn new(set: &'a AnnotationSet, kind: &'a Kind) -> Self {
        let entity_name = |id: &crate::core::model::EntityId| {
            set.entities()
                .get(id)
                .map(|e| Cow::Borrowed(e.name.as_str()))
        };
        let id = |s: &'a str| Some(Cow::Borrowed(s));
        let mut r = Attributes::default();
        match kind {
            Kind::Claim(c) => {
                r.worthiness = Some(c.worthiness);
                r.modality = Some(c.modality);
                for p in &c.propositions {
                    r.propositions.push(Cow::Borrowed(p.as_str()));
                    r.proposition_statements.push(Cow::Borrowed(
                        set.propositions()
                            .get(p)
                            .map_or("", |p| p.statement.as_str()),
                    ));
                }
                if let Some(e) = &c.attributed_to {
                    r.attributed_to = id(e.as_str());
                    r.attributed_to_name = entity_name(e);
                }
            }
            Kind::Quote(q) => {
                r.mode = Some(q.mode);
                if let Some(e) = &q.speaker {
                    r.speaker = id(e.as_str());
                    r.speaker_name = entity_name(e);
                }
                if let Some(cue) = &q.cue {
                    r.cue_start = Some(cue.start);
                    r.cue_end = Some(cue.end);
                    r.cue_text = Some(Cow::Borrowed(cue.exact()));
                }
                if let Some(e) = &q.via {
                    r.via = id(e.as_str());
                    r.via_name = entity_name(e);
                }
                if !q.language.is_empty() {
                    r.quote_language = id(q.language.as_str());
                }
                r.translated = q.translated.then_some(true);
                if let Some(u) = &q.utterance {
                    r.utterance = id(u.as_str());
                    if let Some(u) = set.utterances().get(u) {
                        r.utterance_wording = Some(Cow::Borrowed(&u.wording));
                        r.utterance_speaker = u.speaker.as_ref().map(|s| Cow::Borrowed(s.as_str()));
                    }
                }
            }
            Kind::Stance(s) => {
                r.polarity = s.polarity;
                if let Some(e) = &s.holder {
                    r.holder = id(e.as_str());
                    r.holder_name = entity_name(e);
                }
                match &s.target {
                    Some(Target::Entity(e)) => {
                        r.target_type = Some(Cow::Borrowed("entity"));
                        r.target = id(e.as_str());
                        r.target_name = entity_name(e);
                    }
                    Some(Target::Proposition(p)) => {
                        r.target_type = Some(Cow::Borrowed("proposition"));
                        r.target = id(p.as_str());
                        r.target_name = set
                            .propositions()
                            .get(p)
                            .map(|p| Cow::Borrowed(p.statement.as_str()));
                    }
                    None => {}
                }
            }
        }
        r
    }
}

/// A quote record with every field set, for tests that check each field
/// reaches a format.
#[cfg(test)]
pub(crate) fn full_record() -> OwnedRecord {
    let s = || Some(Cow::Borrowed("x"));
    SpanRecord {
        id: "a".into(),
        start: 0,
        end: 1,
        label: KindName::Quote,
        text: "x".into(),
        author: "x".into(),
        created: Timestamp::UNIX_EPOCH,
        modified: Timestamp::UNIX_EPOCH,
        note: "x".into(),
        tags: Cow::Owned(vec!["t".into()]),
        attributes: Attributes {
            worthiness: Some(CheckWorthiness::CheckWorthy),
            propositions: vec!["x".into()],
            proposition_statements: vec!["x".into()],
            modality: Some(Modality::Planned),
            attributed_to: s(),
            attributed_to_name: s(),
            speaker: s(),
            speaker_name: s(),
            mode: Some(QuoteMode::Direct),
            cue_start: Some(0),
            cue_end: Some(1),
            cue_text: s(),
            utterance: s(),
            utterance_wording: s(),
            utterance_speaker: s(),
            via: s(),
            via_name: s(),
            quote_language: s(),
            translated: Some(true),
            holder: s(),
            holder_name: s(),
            target_type: s(),
            target: s(),
            target_name: s(),
            polarity: Some(Polarity::Favor),
        },
    }
}
