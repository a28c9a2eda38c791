//! Concord's own jsonl (see `export::jsonl`): one article per line, the
//! first with the set's registry. An article the project lacks is created
//! from the line's text.

use super::{Builder, ImportError, ProblemKind, Source, json_lines};
use crate::core::export::record::{OwnedRecord, Registry};
use crate::core::model::ArticleMeta;
use crate::core::progress::Progress;
use serde_json::Value;
use std::path::Path;

pub(super) fn read(b: &mut Builder, path: &Path, progress: &Progress) -> Result<(), ImportError> {
    json_lines(b, path, progress, article_line)
}

fn article_line(b: &mut Builder, at: Source, line: Value) {
    let field = |k: &str| line.get(k).and_then(Value::as_str);
    let spans = line
        .get("spans")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    if let Some(registry) = line.get("registry") {
        let here = Source {
            record: Some("registry".into()),
            ..at.clone()
        };
        match serde_json::from_value::<Registry>(registry.clone()) {
            Ok(r) => b.registry(&here, r),
            Err(e) => b.problem(here, ProblemKind::NotImported, e.to_string()),
        }
    }
    let article = match b.find_or_add_article(field("id"), field("text")) {
        Ok(a) => a,
        Err(why) => {
            let n = spans.len();
            return b.problem(
                at,
                ProblemKind::NotImported,
                format!("{why}; its {n} spans were not imported"),
            );
        }
    };
    let meta = ArticleMeta {
        outlet: field("outlet").unwrap_or_default().into(),
        wire: field("wire").unwrap_or_default().into(),
        title: field("title").unwrap_or_default().into(),
        author: field("author").unwrap_or_default().into(),
        published: field("published").unwrap_or_default().into(),
        url: field("url").unwrap_or_default().into(),
        language: field("language").unwrap_or_default().into(),
    };
    let article = &*article;
    b.record(&at, article, meta);
    for (i, span) in spans.iter().enumerate() {
        let here = Source {
            record: Some(format!("spans[{i}]")),
            ..at.clone()
        };
        let mapped = serde_json::from_value::<OwnedRecord>(span.clone())
            .map_err(|e| e.to_string())
            .and_then(|r| b.annotation_of(&here, article, r));
        match mapped {
            Ok(a) => b.annotation(here, a),
            Err(why) => b.problem(here, ProblemKind::NotImported, why),
        }
    }
}
