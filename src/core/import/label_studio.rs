//! Label Studio's JSON export (a list of tasks) for text spans: results of
//! type `labels` with `value: {start, end, text, labels}`. Results of other
//! types (relations, choices, text areas), predictions, drafts and
//! cancelled annotations are reported, each with its JSON path.
//!
//! Label Studio before 1.4 counted offsets in UTF-16 code units (the
//! browser's string length), later versions in code points. Each span is
//! checked against its `text`: if the offsets only match as UTF-16 they are
//! converted, and the report says so.

use super::{
    Builder, ImportError, ProblemKind, Source, kind_name, parse_json, read_text, unknown_label,
};
use crate::core::model::{Annotation, ArticleMeta, Kind, Symbol};
use crate::core::progress::Progress;
use serde_json::Value;
use std::path::Path;

pub(super) fn read(b: &mut Builder, path: &Path, progress: &Progress) -> Result<(), ImportError> {
    let text = read_text(path)?;
    let tasks = match parse_json(path, &text)? {
        Value::Array(tasks) => tasks,
        task @ Value::Object(_) => vec![task],
        _ => {
            b.problem(
                Source::file(path),
                ProblemKind::NotImported,
                "not a Label Studio JSON export (a list of tasks)",
            );
            return Ok(());
        }
    };
    progress.start(tasks.len() as u64);
    for (i, task) in tasks.iter().enumerate() {
        progress.advance(1)?;
        task_spans(b, path, i, task);
    }
    Ok(())
}

fn task_spans(b: &mut Builder, path: &Path, i: usize, task: &Value) {
    let at = Source::record(path, format!("[{i}]"));
    let data = task.get("data");
    let text = data.and_then(|d| d.get("text")).and_then(Value::as_str);
    let id = data
        .and_then(|d| d.get("article").or_else(|| d.get("id")))
        .and_then(Value::as_str);
    let mut results = Vec::new();
    for (key, list) in [
        ("annotations", task.get("annotations")),
        ("completions", task.get("completions")),
    ] {
        for (j, ann) in list
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            if ann.get("was_cancelled").and_then(Value::as_bool) == Some(true) {
                b.problem(
                    Source::record(path, format!("[{i}].{key}[{j}]")),
                    ProblemKind::NotImported,
                    "the annotation was cancelled (skipped) in Label Studio",
                );
                continue;
            }
            for (k, r) in ann
                .get("result")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                results.push((format!("[{i}].{key}[{j}].result[{k}]"), r));
            }
        }
    }
    let predictions = task
        .get("predictions")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    if predictions > 0 {
        b.problem(
            at.clone(),
            ProblemKind::NotImported,
            format!("{predictions} predictions (model output, not annotations) were not imported"),
        );
    }
    let drafts = task
        .get("drafts")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    if drafts > 0 {
        b.problem(
            at.clone(),
            ProblemKind::NotImported,
            format!(
                "{drafts} drafts (annotations not submitted in Label Studio) were not imported"
            ),
        );
    }
    if results.is_empty() {
        return;
    }
    let article = match b.find_article(id, text) {
        Ok(a) => a,
        Err(why) => {
            return b.problem(
                at,
                ProblemKind::NotImported,
                format!("{why}; its {} results were not imported", results.len()),
            );
        }
    };
    b.record(&at, article, ArticleMeta::default());
    for (record, r) in results {
        let here = Source::record(path, record);
        match r.get("type").and_then(Value::as_str) {
            None | Some("labels") => {}
            Some("relation") => {
                let end = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or("?");
                b.problem(
                    here,
                    ProblemKind::NotImported,
                    format!(
                        "the relation from {} to {} was not imported (Concord links spans through entities and utterances, not relations)",
                        end("from_id"),
                        end("to_id")
                    ),
                );
                continue;
            }
            Some(other) => {
                b.problem(
                    here,
                    ProblemKind::NotImported,
                    format!(
                        "a {other:?} result was not imported (Concord reads \"labels\" results)"
                    ),
                );
                continue;
            }
        }
        let value = r.get("value");
        let field = |k: &str| value.and_then(|v| v.get(k));
        let (Some(start), Some(end)) = (
            field("start").and_then(Value::as_u64),
            field("end").and_then(Value::as_u64),
        ) else {
            let kind = r.get("type").and_then(Value::as_str).unwrap_or("unknown");
            b.problem(
                here,
                ProblemKind::NotImported,
                format!("a {kind:?} result has no text span (value.start, value.end)"),
            );
            continue;
        };
        let labels: Vec<&str> = field("labels")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        if labels.is_empty() {
            b.problem(
                here.clone(),
                ProblemKind::NotImported,
                "the span has no label",
            );
        }
        let quoted = field("text").and_then(Value::as_str);
        let (start, end) = (start as usize, end as usize);
        let span = match b.span(article, start, end, quoted) {
            Ok(span) => Ok(span),
            Err(why) => {
                let utf16 = article
                    .text
                    .utf16_to_char(start)
                    .zip(article.text.utf16_to_char(end));
                match utf16.and_then(|(s, e)| b.span(article, s, e, quoted).ok()) {
                    Some(span) if quoted.is_some() => {
                        b.problem(here.clone(), ProblemKind::Note, format!("offsets {start}..{end} were UTF-16 code units (older Label Studio); converted to chars {}..{}", span.start, span.end));
                        Ok(span)
                    }
                    _ => Err(why),
                }
            }
        };
        let span = match span {
            Ok(span) => span,
            Err(why) => {
                b.problem(here, ProblemKind::NotImported, why);
                continue;
            }
        };
        for label in labels {
            let Some(kind) = kind_name(label) else {
                b.problem(here.clone(), ProblemKind::NotImported, unknown_label(label));
                continue;
            };
            let now = b.now();
            let a = Annotation {
                id: b.fresh_id(),
                article: article.id.clone(),
                span: span.clone(),
                author: Symbol::default(),
                created: now,
                modified: now,
                note: String::new(),
                tags: Vec::new(),
                kind: Kind::empty(kind),
            };
            b.annotation(here.clone(), a);
        }
    }
}
