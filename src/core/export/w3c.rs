//! w3c: W3C Web Annotation JSON-LD (https://www.w3.org/TR/annotation-model/).
//! One `AnnotationCollection` whose page holds one `Annotation` per span:
//! the target is the article (`urn:concord:article:<id>`) with a
//! `TextQuoteSelector` and a `TextPositionSelector` (char offsets, as the
//! model defines them); the bodies carry the kind (purpose `classifying`,
//! with Concord's attributes under `concord:attributes`), the note
//! (`commenting`), the tags (`tagging`) and the cross-source links to the
//! proposition and utterance (`linking`, `urn:concord:proposition:<id>`),
//! which group the same claim or words across outlets.

use super::record::{Attributes, SpanRecord};
use super::{ExportError, Selected, write_chunks, write_file};
use crate::core::model::{Annotation, AnnotationSet};
use crate::core::progress::Progress;
use serde_json::{Value, json};
use std::path::Path;

pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

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

pub(super) fn write(
    selected: &[Selected],
    set: &AnnotationSet,
    out: &Path,
    progress: &Progress,
) -> Result<(), ExportError> {
    let total: usize = selected.iter().map(|s| s.annotations.len()).sum();
    let info = set.info();
    let head = json!({
        "@context": CONTEXT,
        "id": iri("set", &info.name),
        "type": "AnnotationCollection",
        "label": info.name,
        "total": total,
    });
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
                serde_json::to_writer(&mut chunk, &annotation(s, set, a))?;
            }
            Ok(chunk)
        })?;
        w.write_all(b"\n]}}\n")?;
        Ok(())
    })
}

fn annotation(s: &Selected, set: &AnnotationSet, a: &Annotation) -> Value {
    let record = SpanRecord::new(set, a);
    let text = &s.article.text;
    // Context from the text as it is now (the stored one may be older).
    let span = text.span(a.span.range()).unwrap_or_else(|_| a.span.clone());
    let mut body = vec![json!({
        "type": "TextualBody",
        "purpose": "classifying",
        "value": a.kind.name().as_str(),
        "format": "text/plain",
        "concord:attributes": record.attributes,
    })];
    if !a.note.is_empty() {
        body.push(json!({"type": "TextualBody", "purpose": "commenting", "value": a.note}));
    }
    for tag in &a.tags {
        body.push(json!({"type": "TextualBody", "purpose": "tagging", "value": tag}));
    }
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
    for link in links {
        body.push(json!({"type": "SpecificResource", "purpose": "linking", "source": link}));
    }
    let mut out = json!({
        "@context": CONTEXT,
        "id": iri("annotation", a.id.as_str()),
        "type": "Annotation",
        "motivation": "classifying",
        "created": a.created.to_string(),
        "modified": a.modified.to_string(),
        "body": body,
        "target": {
            "source": iri("article", s.article.id.as_str()),
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": span.exact,
                    "prefix": span.prefix,
                    "suffix": span.suffix,
                },
                {
                    "type": "TextPositionSelector",
                    "start": span.start,
                    "end": span.end,
                },
            ],
        },
    });
    if !a.author.is_empty() {
        out["creator"] = json!({"type": "Person", "name": a.author});
    }
    out
}
