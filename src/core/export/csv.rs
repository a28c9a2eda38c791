//! csv: one row per annotation, RFC 4180 quoting (the `csv` crate), the
//! article's metadata then the span record's fields as columns. Tags are
//! joined with `; `.

use super::record::SpanRecord;
use super::{ExportError, Selected, step, write_file};
use crate::core::model::AnnotationSet;
use crate::core::progress::Progress;
use serde_json::Value;
use std::path::Path;

const ARTICLE_COLUMNS: [&str; 6] = ["article", "outlet", "title", "published", "url", "language"];

/// The [`SpanRecord`] fields, in column order (a test checks none is missed).
pub(crate) const SPAN_COLUMNS: [&str; 30] = [
    "id",
    "start",
    "end",
    "label",
    "text",
    "author",
    "created",
    "modified",
    "note",
    "tags",
    "worthiness",
    "proposition",
    "proposition_statement",
    "attributed_to",
    "attributed_to_name",
    "speaker",
    "speaker_name",
    "mode",
    "cue_start",
    "cue_end",
    "cue_text",
    "utterance",
    "utterance_wording",
    "utterance_speaker",
    "holder",
    "holder_name",
    "target_type",
    "target",
    "target_name",
    "polarity",
];

pub(super) fn write(
    selected: &[Selected],
    set: &AnnotationSet,
    out: &Path,
    progress: &Progress,
) -> Result<(), ExportError> {
    write_file(out, |w| {
        let mut csv = ::csv::Writer::from_writer(w);
        csv.write_record(ARTICLE_COLUMNS.iter().chain(&SPAN_COLUMNS))?;
        for s in selected {
            let m = s.meta;
            for a in &s.annotations {
                let record = serde_json::to_value(SpanRecord::new(set, a))?;
                let article = [
                    s.article.id.as_str(),
                    &m.outlet,
                    &m.title,
                    &m.published,
                    &m.url,
                    &m.language,
                ];
                let cells = article
                    .into_iter()
                    .map(str::to_owned)
                    .chain(SPAN_COLUMNS.iter().map(|c| cell(&record[*c])));
                csv.write_record(cells)?;
            }
            step(progress)?;
        }
        csv.flush()?;
        Ok(())
    })
}

fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}
