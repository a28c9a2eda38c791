//! w3c: W3C Web Annotation JSON-LD (https://www.w3.org/TR/annotation-model/).
//! One `AnnotationCollection` whose page holds one `Annotation` per span:
//! the target is the article (`urn:concord:article:<id>`) with a
//! `TextQuoteSelector` and a `TextPositionSelector` (char offsets, as the
//! model defines them); the bodies carry the kind (purpose `classifying`,
//! with Concord's attributes under `concord:attributes`), the note
//! (`commenting`), the tags (`tagging`) and the cross-source links to the
//! proposition and utterance (`linking`, `urn:concord:proposition:<id>`),
//! which group the same claim or words across outlets. The collection also
//! holds the set's registry: every entity, proposition and utterance as a
//! node (`concord:entities`, ...).
//!
//! The collection's `@context` is the W3C context and [`concord_context`],
//! inline, which declares every Concord term under [`VOCAB`], so JSON-LD
//! processors keep the attributes. The annotations inside keep the W3C
//! context alone (the collection's terms stay active for them), so a big
//! export does not repeat Concord's context a million times. Next to the
//! export goes [`W3C_CONTEXT_FILE`], the W3C context document itself, so
//! the export expands without a network.

use super::record::{Attributes, SpanRecord};
use super::{ExportError, Selected, write_chunks, write_file};
use crate::core::model::{Annotation, AnnotationSet};
use crate::core::progress::Progress;
use crate::core::text::Span;
use jiff::Timestamp;
use serde::Serialize;
use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};

pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// The namespace of Concord's terms.
pub const VOCAB: &str = "urn:concord:vocab:";

/// The name of the copy of the W3C context written next to the export.
pub const W3C_CONTEXT_FILE: &str = "anno.jsonld";

/// The document at [`CONTEXT`], as the Web Annotation Vocabulary publishes it.
pub const W3C_CONTEXT_DOCUMENT: &str = include_str!("anno.jsonld");

/// How an attribute's values are typed in JSON-LD.
#[derive(Clone, Copy)]
enum Term {
    /// A plain string (names, texts, enum words) or a JSON boolean.
    Plain,
    /// A typed literal, e.g. `concord:EntityId`, `xsd:nonNegativeInteger`.
    Typed(&'static str),
    /// An ordered list of typed literals.
    List(&'static str),
}

const ENTITY_ID: &str = "concord:EntityId";
const PROPOSITION_ID: &str = "concord:PropositionId";
const UTTERANCE_ID: &str = "concord:UtteranceId";
const COUNT: &str = "xsd:nonNegativeInteger";

/// Every field of [`Attributes`] (a test checks none is missed). `via` and
/// `target` are W3C terms too: the scoped context redefines them inside
/// `concord:attributes` only.
const ATTRIBUTE_TERMS: [(&str, Term); 25] = [
    ("worthiness", Term::Plain),
    ("propositions", Term::List(PROPOSITION_ID)),
    ("proposition_statements", Term::List("xsd:string")),
    ("modality", Term::Plain),
    ("attributed_to", Term::Typed(ENTITY_ID)),
    ("attributed_to_name", Term::Plain),
    ("speaker", Term::Typed(ENTITY_ID)),
    ("speaker_name", Term::Plain),
    ("mode", Term::Plain),
    ("cue_start", Term::Typed(COUNT)),
    ("cue_end", Term::Typed(COUNT)),
    ("cue_text", Term::Plain),
    ("utterance", Term::Typed(UTTERANCE_ID)),
    ("utterance_wording", Term::Plain),
    ("utterance_speaker", Term::Typed(ENTITY_ID)),
    ("via", Term::Typed(ENTITY_ID)),
    ("via_name", Term::Plain),
    ("quote_language", Term::Typed("xsd:language")),
    ("translated", Term::Typed("xsd:boolean")),
    ("holder", Term::Typed(ENTITY_ID)),
    ("holder_name", Term::Plain),
    ("target_type", Term::Plain),
    // An entity's or a proposition's id, as `target_type` says.
    ("target", Term::Plain),
    ("target_name", Term::Plain),
    ("polarity", Term::Plain),
];

fn term(name: &str, t: Term) -> Value {
    let id = format!("concord:{name}");
    match t {
        Term::Plain => json!({ "@id": id }),
        Term::Typed(ty) => json!({ "@id": id, "@type": ty }),
        Term::List(ty) => json!({ "@id": id, "@type": ty, "@container": "@list" }),
    }
}

fn terms(list: &[(&str, Term)]) -> Value {
    let map: Map<String, Value> = list
        .iter()
        .map(|&(name, t)| (name.to_owned(), term(name, t)))
        .collect();
    Value::Object(map)
}

/// The JSON-LD context of Concord's terms (JSON-LD 1.1, for the scoped
/// contexts), to follow the W3C context in an `@context` array.
pub fn concord_context() -> Value {
    let scoped = |id: &str, list: &[(&str, Term)]| json!({ "@id": id, "@container": "@set", "@context": terms(list) });
    json!({
        "@version": 1.1,
        "concord": VOCAB,
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "concord:attributes": {
            "@id": "concord:attributes",
            "@context": terms(&ATTRIBUTE_TERMS),
        },
        "concord:entities": scoped("concord:entities", &[
            ("identifier", Term::Typed(ENTITY_ID)),
            ("kind", Term::Plain),
            ("aliases", Term::List("xsd:string")),
        ]),
        "concord:propositions": scoped("concord:propositions", &[
            ("identifier", Term::Typed(PROPOSITION_ID)),
            ("statement", Term::Plain),
        ]),
        "concord:utterances": scoped("concord:utterances", &[
            ("identifier", Term::Typed(UTTERANCE_ID)),
            ("speaker", Term::Typed(ENTITY_ID)),
            ("wording", Term::Plain),
        ]),
    })
}

/// The set's registry as JSON-LD nodes; `name` is the W3C `foaf:name`.
fn registry(set: &AnnotationSet) -> Map<String, Value> {
    let entities = set.entities().values().map(|e| {
        json!({
            "id": iri("entity", e.id.as_str()),
            "type": "concord:Entity",
            "identifier": e.id,
            "name": e.name,
            "kind": e.kind,
            "aliases": e.aliases,
        })
    });
    let propositions = set.propositions().values().map(|p| {
        json!({
            "id": iri("proposition", p.id.as_str()),
            "type": "concord:Proposition",
            "identifier": p.id,
            "statement": p.statement,
        })
    });
    let utterances = set.utterances().values().map(|u| {
        let mut node = json!({
            "id": iri("utterance", u.id.as_str()),
            "type": "concord:Utterance",
            "identifier": u.id,
            "wording": u.wording,
        });
        if let Some(s) = &u.speaker {
            node["speaker"] = json!(s);
        }
        node
    });
    let mut out = Map::new();
    out.insert("concord:entities".into(), entities.collect());
    out.insert("concord:propositions".into(), propositions.collect());
    out.insert("concord:utterances".into(), utterances.collect());
    out
}

/// `urn:concord:<what>:<id>` with the id percent-encoded (RFC 3986
/// unreserved characters kept), so any id makes a valid IRI.
pub fn iri(what: &str, id: &str) -> String {
    let mut s = format!("urn:concord:{what}:");
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

/// Writes the collection to `out` and the W3C context next to it; returns
/// the files written.
pub(super) fn write(
    selected: &[Selected],
    set: &AnnotationSet,
    out: &Path,
    progress: &Progress,
) -> Result<Vec<PathBuf>, ExportError> {
    let total: usize = selected.iter().map(|s| s.annotations.len()).sum();
    let info = set.info();
    let mut head = json!({
        "@context": [CONTEXT, concord_context()],
        "id": iri("set", &info.name),
        "type": "AnnotationCollection",
        "label": info.name,
        "total": total,
    });
    if let Value::Object(h) = &mut head {
        h.extend(registry(set));
    }
    write_file(out, |w| {
        // The head object without its closing brace, then the page streamed.
        let head = serde_json::to_string(&head)?;
        w.write_all(&head.as_bytes()[..head.len() - 1])?;
        w.write_all(b",\"first\":{\"type\":\"AnnotationPage\",\"startIndex\":0,\"items\":[\n")?;
        write_chunks(selected, w, progress, b",\n", |s| {
            let mut chunk = Vec::new();
            for (i, a) in s.annotations.iter().enumerate() {
                if i > 0 {
                    chunk.extend_from_slice(b",\n");
                }
                // Context from the text as it is now (the stored one may be
                // older).
                let span = s
                    .article
                    .text
                    .span(a.span.range())
                    .unwrap_or_else(|_| a.span.clone());
                serde_json::to_writer(&mut chunk, &annotation(s, set, a, &span))?;
            }
            Ok(chunk)
        })?;
        w.write_all(b"\n]}}\n")?;
        Ok(())
    })?;
    let mut files = vec![out.to_owned()];
    let context = out.with_file_name(W3C_CONTEXT_FILE);
    // An export named like the copy is not replaced by it.
    if context != out {
        write_file(&context, |w| w.write_all(W3C_CONTEXT_DOCUMENT.as_bytes()))?;
        files.push(context);
    }
    Ok(files)
}

/// One `Annotation` of the page, borrowed from the set: typed, not built
/// as a JSON value, since a million of them are written.
#[derive(Serialize)]
struct W3cAnnotation<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    creator: Option<Person<'a>>,
    created: Timestamp,
    modified: Timestamp,
    body: Vec<Body<'a>>,
    target: Target<'a>,
}

#[derive(Serialize)]
struct Person<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    name: &'a str,
}

/// A `TextualBody` (with `value`) or a `SpecificResource` (with `source`).
#[derive(Serialize)]
struct Body<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    purpose: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
    #[serde(rename = "concord:attributes", skip_serializing_if = "Option::is_none")]
    attributes: Option<Attributes<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
}

impl<'a> Body<'a> {
    fn text(purpose: &'static str, value: &'a str) -> Self {
        Body {
            kind: "TextualBody",
            purpose,
            value: Some(value),
            format: None,
            attributes: None,
            source: None,
        }
    }
}

#[derive(Serialize)]
struct Target<'a> {
    source: String,
    selector: (QuoteSelector<'a>, PositionSelector),
}

#[derive(Serialize)]
struct QuoteSelector<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    exact: &'a str,
    prefix: &'a str,
    suffix: &'a str,
}

#[derive(Serialize)]
struct PositionSelector {
    #[serde(rename = "type")]
    kind: &'static str,
    start: usize,
    end: usize,
}

fn annotation<'a>(
    s: &'a Selected,
    set: &'a AnnotationSet,
    a: &'a Annotation,
    span: &'a Span,
) -> W3cAnnotation<'a> {
    let record = SpanRecord::new(set, a);
    let Attributes {
        propositions,
        utterance,
        target_type,
        target,
        ..
    } = &record.attributes;
    let mut links = Vec::new();
    links.extend(propositions.iter().map(|p| iri("proposition", p)));
    if target_type.as_deref() == Some("proposition") {
        links.extend(target.iter().map(|p| iri("proposition", p)));
    }
    links.extend(utterance.iter().map(|u| iri("utterance", u)));
    let mut body = Vec::with_capacity(2 + a.tags.len() + links.len());
    body.push(Body {
        format: Some("text/plain"),
        attributes: Some(record.attributes),
        ..Body::text("classifying", a.kind.name().as_str())
    });
    if !a.note.is_empty() {
        body.push(Body::text("commenting", &a.note));
    }
    body.extend(a.tags.iter().map(|tag| Body::text("tagging", tag)));
    body.extend(links.into_iter().map(|link| Body {
        kind: "SpecificResource",
        purpose: "linking",
        value: None,
        format: None,
        attributes: None,
        source: Some(link),
    }));
    W3cAnnotation {
        context: CONTEXT,
        id: iri("annotation", a.id.as_str()),
        kind: "Annotation",
        motivation: "classifying",
        creator: (!a.author.is_empty()).then(|| Person {
            kind: "Person",
            name: &a.author,
        }),
        created: a.created,
        modified: a.modified,
        body,
        target: Target {
            source: iri("article", s.article.id.as_str()),
            selector: (
                QuoteSelector {
                    kind: "TextQuoteSelector",
                    exact: span.exact(),
                    prefix: span.prefix(),
                    suffix: span.suffix(),
                },
                PositionSelector {
                    kind: "TextPositionSelector",
                    start: span.start,
                    end: span.end,
                },
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::export::record::full_record;

    #[test]
    fn every_attribute_has_a_term() {
        let record = serde_json::to_value(full_record().attributes).unwrap();
        let mut fields: Vec<&str> = record
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        let mut terms: Vec<&str> = ATTRIBUTE_TERMS.iter().map(|(n, _)| *n).collect();
        fields.sort_unstable();
        terms.sort_unstable();
        assert_eq!(fields, terms);
    }

    #[test]
    fn the_w3c_context_copy_is_json_ld() {
        let doc: Value = serde_json::from_str(W3C_CONTEXT_DOCUMENT).unwrap();
        let context = &doc["@context"];
        assert_eq!(context["oa"], "http://www.w3.org/ns/oa#");
        assert_eq!(context["items"]["@container"], "@list");
    }
}
