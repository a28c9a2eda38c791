//! doccano JSONL (sequence labelling): `{"text": ..., "label": [[start,
//! end, "claim"], ...]}`, or the newer `"entities": [{"start_offset",
//! "end_offset", "label"}]`. Offsets are chars (doccano computes them in
//! Python). The article is the one named by `article` or `id` if the project
//! has it, else the one with the same text.

use super::{Builder, ImportError, ProblemKind, Source, json_lines, kind_name, unknown_label};
use crate::core::model::{Annotation, ArticleMeta, Kind};
use crate::core::progress::Progress;
use serde_json::Value;
use std::path::Path;

pub(super) fn read(b: &mut Builder, path: &Path, progress: &Progress) -> Result<(), ImportError> {
    json_lines(b, path, progress, line)
}

/// start, end, label.
type Label = (u64, u64, String);

fn line(b: &mut Builder, at: Source, v: Value) {
    let id = ["article", "id"].iter().find_map(|k| match v.get(*k) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    });
    let labels: Vec<(String, Option<Label>)> = match (v.get("label"), v.get("entities")) {
        (Some(Value::Array(items)), _) => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let parsed = match item.as_array().map(Vec::as_slice) {
                    Some([s, e, l]) => s
                        .as_u64()
                        .zip(e.as_u64())
                        .zip(l.as_str())
                        .map(|((s, e), l)| (s, e, l.to_owned())),
                    _ => None,
                };
                (format!("label[{i}]"), parsed)
            })
            .collect(),
        (_, Some(Value::Array(items))) => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let s = item.get("start_offset").and_then(Value::as_u64);
                let e = item.get("end_offset").and_then(Value::as_u64);
                let l = item.get("label").and_then(Value::as_str);
                (
                    format!("entities[{i}]"),
                    s.zip(e).zip(l).map(|((s, e), l)| (s, e, l.to_owned())),
                )
            })
            .collect(),
        _ => Vec::new(),
    };
    if labels.is_empty() {
        if v.get("label").is_some_and(|l| !l.is_array()) {
            b.problem(
                at,
                ProblemKind::NotImported,
                "\"label\" is not a list of [start, end, label] (a text classification export?)",
            );
        }
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
                "not [start, end, label] with whole-number offsets",
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
                    author: String::new(),
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
