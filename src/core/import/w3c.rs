//! W3C Web Annotation JSON-LD as Concord exports it (see `export::w3c`): an
//! `AnnotationCollection`, a list of annotations, or one annotation.
//! Positions come from the `TextPositionSelector`, checked against the
//! `TextQuoteSelector`'s `exact`. A collection's registry nodes (entities,
//! propositions, utterances) are put in place before the annotations.

use super::{
    Builder, ImportError, ProblemKind, Source, kind_name, parse_json, read_text, unknown_label,
};
use crate::core::export::record::{Attributes, SpanRecord};
use crate::core::model::{
    ArticleMeta, Entity, EntityId, Proposition, PropositionId, Utterance, UtteranceId,
};
use crate::core::progress::Progress;
use serde_json::Value;
use std::borrow::Cow;
use std::path::Path;

pub(super) fn read(b: &mut Builder, path: &Path, progress: &Progress) -> Result<(), ImportError> {
    let text = read_text(path)?;
    let root = parse_json(path, &text)?;
    let (prefix, items) = match &root {
        Value::Array(items) => ("", items.clone()),
        Value::Object(o)
            if o.get("type").and_then(Value::as_str) == Some("AnnotationCollection") =>
        {
            let items = o
                .get("first")
                .and_then(|f| f.get("items"))
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            registry(b, path, o);
            ("first.items", items)
        }
        Value::Object(_) => ("", vec![root.clone()]),
        _ => {
            b.problem(
                Source::file(path),
                ProblemKind::NotImported,
                "not a Web Annotation, a list of them, or an AnnotationCollection",
            );
            return Ok(());
        }
    };
    progress.start(items.len() as u64);
    for (i, item) in items.iter().enumerate() {
        progress.advance(1)?;
        let at = Source::record(path, format!("{prefix}[{i}]"));
        if let Err(why) = annotation(b, &at, item) {
            b.problem(at, ProblemKind::NotImported, why);
        }
    }
    Ok(())
}

/// The id part of `urn:concord:<what>:<id>`, percent-decoded.
fn from_iri(iri: &str, what: &str) -> Option<String> {
    let rest = iri
        .strip_prefix("urn:concord:")?
        .strip_prefix(what)?
        .strip_prefix(':')?;
    let mut bytes = Vec::with_capacity(rest.len());
    let mut it = rest.bytes();
    while let Some(c) = it.next() {
        if c == b'%' {
            let hex = [it.next()?, it.next()?];
            bytes.push(u8::from_str_radix(std::str::from_utf8(&hex).ok()?, 16).ok()?);
        } else {
            bytes.push(c);
        }
    }
    String::from_utf8(bytes).ok()
}

/// Puts the collection's `concord:entities`, `concord:propositions` and
/// `concord:utterances` nodes in place; a node that does not read is a
/// problem.
fn registry(b: &mut Builder, path: &Path, collection: &serde_json::Map<String, Value>) {
    let nodes = |key: &str| {
        collection
            .get(key)
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
    };
    for (what, key) in [
        ("entity", "concord:entities"),
        ("proposition", "concord:propositions"),
        ("utterance", "concord:utterances"),
    ] {
        for (i, node) in nodes(key).iter().enumerate() {
            let at = Source::record(path, format!("{key}[{i}]"));
            if let Err(why) = registry_node(b, &at, what, node) {
                b.problem(at, ProblemKind::NotImported, why);
            }
        }
    }
}

fn registry_node(b: &mut Builder, at: &Source, what: &str, node: &Value) -> Result<(), String> {
    let text = |k: &str| node.get(k).and_then(Value::as_str).map(str::to_owned);
    let id = text("identifier")
        .or_else(|| text("id").and_then(|i| from_iri(&i, what)))
        .ok_or_else(|| format!("a {what} node needs an identifier or a urn:concord:{what}: id"))?;
    let needed = |k: &str| text(k).ok_or_else(|| format!("{what} {id} has no {k}"));
    match what {
        "entity" => {
            let kind = node.get("kind").cloned().unwrap_or(Value::Null);
            let aliases = node.get("aliases").cloned().unwrap_or(Value::Array(vec![]));
            b.full_entity(
                at,
                Entity {
                    id: EntityId::new(&id),
                    name: needed("name")?,
                    kind: serde_json::from_value(kind)
                        .map_err(|e| format!("entity {id}: kind: {e}"))?,
                    aliases: serde_json::from_value(aliases)
                        .map_err(|e| format!("entity {id}: aliases: {e}"))?,
                },
            );
        }
        "proposition" => b.full_proposition(
            at,
            Proposition {
                id: PropositionId::new(&id),
                statement: needed("statement")?,
            },
        ),
        _ => b.full_utterance(
            at,
            Utterance {
                id: UtteranceId::new(&id),
                speaker: text("speaker").map(EntityId::new),
                wording: needed("wording")?,
            },
        ),
    }
    Ok(())
}

fn annotation(b: &mut Builder, at: &Source, item: &Value) -> Result<(), String> {
    let target = item.get("target").ok_or("no target")?;
    let source = target
        .get("source")
        .and_then(Value::as_str)
        .ok_or("the target has no source")?;
    let article_id = from_iri(source, "article").unwrap_or_else(|| source.to_owned());
    let selectors: Vec<&Value> = match target.get("selector") {
        Some(Value::Array(s)) => s.iter().collect(),
        Some(s) => vec![s],
        None => vec![],
    };
    let selector = |kind: &str| {
        selectors
            .iter()
            .copied()
            .find(|s| s.get("type").and_then(Value::as_str) == Some(kind))
    };
    let position = selector("TextPositionSelector").ok_or("no TextPositionSelector")?;
    let offset = |k: &str| {
        position
            .get(k)
            .and_then(Value::as_u64)
            .map(|n| n as usize)
            .ok_or(format!("the TextPositionSelector has no whole-number {k}"))
    };
    let (start, end) = (offset("start")?, offset("end")?);
    let exact = selector("TextQuoteSelector")
        .and_then(|s| s.get("exact"))
        .and_then(Value::as_str);
    let bodies: Vec<&Value> = match item.get("body") {
        Some(Value::Array(b)) => b.iter().collect(),
        Some(body) => vec![body],
        None => vec![],
    };
    let with_purpose = |p: &'static str| {
        bodies
            .iter()
            .copied()
            .filter(move |b| b.get("purpose").and_then(Value::as_str) == Some(p))
    };
    let classifying = with_purpose("classifying")
        .next()
        .ok_or("no body with purpose classifying (the kind)")?;
    let label_text = classifying
        .get("value")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let label = kind_name(label_text).ok_or_else(|| unknown_label(label_text))?;
    let attributes: Attributes = match classifying.get("concord:attributes") {
        Some(a) => {
            serde_json::from_value(a.clone()).map_err(|e| format!("concord:attributes: {e}"))?
        }
        None => Attributes::default(),
    };
    let text_of = |b: &Value| b.get("value").and_then(Value::as_str).map(str::to_owned);
    let note = with_purpose("commenting")
        .filter_map(text_of)
        .collect::<Vec<_>>()
        .join("\n");
    let tags: Vec<String> = with_purpose("tagging").filter_map(text_of).collect();
    let time = |k: &str| -> Result<Option<jiff::Timestamp>, String> {
        item.get(k)
            .and_then(Value::as_str)
            .map(|t| t.parse().map_err(|e| format!("{k}: {e}")))
            .transpose()
    };
    let now = b.now();
    let id = match item
        .get("id")
        .and_then(Value::as_str)
        .and_then(|i| from_iri(i, "annotation"))
    {
        Some(id) => id,
        None => b.fresh_id().to_string(),
    };
    let record = SpanRecord {
        id: Cow::Owned(id),
        start,
        end,
        label,
        text: Cow::Owned(
            exact
                .ok_or("no TextQuoteSelector with exact text")?
                .to_owned(),
        ),
        author: Cow::Owned(
            item.get("creator")
                .and_then(|c| c.get("name"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        ),
        created: time("created")?.unwrap_or(now),
        modified: time("modified")?.unwrap_or(now),
        note: Cow::Owned(note),
        tags: Cow::Owned(tags),
        attributes,
    };
    let article = b.find_article(Some(&article_id), None)?;
    b.record(at, article, ArticleMeta::default());
    let a = b.annotation_of(at, article, record)?;
    b.annotation(at.clone(), a);
    Ok(())
}
