//! doccano JSONL (sequence labelling): `{"text": ..., "label": [[start,
//! end, "claim"], ...]}`, or the newer `"entities": [{"start_offset",
//! "end_offset", "label"}]`; older exports put the same under `labels`,
//! `annotations` or `column_label`, in either shape. Offsets are chars
//! (doccano computes them in Python). The article is the one named by
//! `article` or `id` if the project has it, else the one with the same
//! text. `relations` and any other key holding data are reported: no
//! record is dropped without a word.

use super::{Builder, ImportError, ProblemKind, Source, json_lines, kind_name, unknown_label};
use crate::core::model::{Annotation, ArticleMeta, Kind, Symbol};
use crate::core::progress::Progress;
use serde_json::Value;
use std::path::Path;

pub(super) fn read(b: &mut Builder, path: &Path, progress: &Progress) -> Result<(), ImportError> {
    json_lines(b, path, progress, line)
}

/// start, end, label.
type Label = (u64, u64, String);

/// The keys doccano has put spans under over its versions: `label`
/// (sequence labelling), `labels` and `annotations` (older exports),
/// `column_label` (a renamed label column), `entities` (with relations).
const SPAN_KEYS: [&str; 5] = ["label", "labels", "annotations", "column_label", "entities"];

/// Keys that say which text a line is or who approved it: nothing to
/// import, nothing lost.
const PLAIN_KEYS: [&str; 6] = [
    "text",
    "id",
    "article",
    "annotation_approver",
    "created_at",
    "updated_at",
];

/// `[start, end, label]` or `{start_offset, end_offset, label}`.
fn parse_span(item: &Value) -> Option<Label> {
    let (s, e, l) = match item {
        Value::Array(a) => match a.as_slice() {
            [s, e, l] => (s, e, l),
            _ => return None,
        },
        Value::Object(_) => (
            item.get("start_offset")?,
            item.get("end_offset")?,
            item.get("label")?,
        ),
        _ => return None,
    };
    let label = match l {
        Value::String(l) => l.clone(),
        // Old doccano names a label by its number in the project.
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    Some((s.as_u64()?, e.as_u64()?, label))
}

/// Whether a value holds anything (an empty list or object, null or ""
/// holds nothing that could be lost).
fn holds_data(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        _ => true,
    }
}

fn line(b: &mut Builder, at: Source, v: Value) {
    let id = ["article", "id"].iter().find_map(|k| match v.get(*k) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    });
    let Some(fields) = v.as_object() else {
        return b.problem(
            at,
            ProblemKind::NotImported,
            "not a doccano record (a JSON object)",
        );
    };
    let mut labels: Vec<(String, Option<Label>)> = Vec::new();
    for (key, value) in fields {
        let key = key.as_str();
        if PLAIN_KEYS.contains(&key) || !holds_data(value) {
            continue;
        }
        if key == "relations" {
            let n = value.as_array().map_or(1, Vec::len);
            b.problem(
                at.clone(),
                ProblemKind::NotImported,
                format!(
                    "{n} relations were not imported (Concord links spans through entities and utterances, not relations)"
                ),
            );
            continue;
        }
        if !SPAN_KEYS.contains(&key) {
            b.problem(
                at.clone(),
                ProblemKind::NotImported,
                format!("{key:?} was not imported (not a span list doccano writes)"),
            );
            continue;
        }
        let Some(items) = value.as_array() else {
            b.problem(
                at.clone(),
                ProblemKind::NotImported,
                format!(
                    "{key:?} is not a list of [start, end, label] (a text classification export?)"
                ),
            );
            continue;
        };
        labels.extend(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| (format!("{key}[{i}]"), parse_span(item))),
        );
    }
    if labels.is_empty() {
        return;
    }
    let article = match b.find_article(id.as_deref(), v.get("text").and_then(Value::as_str)) {
        Ok(a) => a,
        Err(why) => {
            return b.problem(
                at,
                ProblemKind::NotImported,
                format!("{why}; its {} labels were not imported", labels.len()),
            );
        }
    };
    b.record(&at, article, ArticleMeta::default());
    for (record, parsed) in labels {
        let here = Source {
            record: Some(record),
            ..at.clone()
        };
        let Some((start, end, label)) = parsed else {
            b.problem(
                here,
                ProblemKind::NotImported,
                "not [start, end, label] or {start_offset, end_offset, label} with whole-number offsets",
            );
            continue;
        };
        let Some(kind) = kind_name(&label) else {
            b.problem(here, ProblemKind::NotImported, unknown_label(&label));
            continue;
        };
        match b.span(article, start as usize, end as usize, None) {
            Ok(span) => {
                let now = b.now();
                let a = Annotation {
                    id: b.fresh_id(),
                    article: article.id.clone(),
                    span,
                    author: Symbol::default(),
                    created: now,
                    modified: now,
                    note: String::new(),
                    tags: Vec::new(),
                    kind: Kind::empty(kind),
                };
                b.annotation(here, a);
            }
            Err(why) => b.problem(here, ProblemKind::NotImported, why),
        }
    }
}
