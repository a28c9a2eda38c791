//! csv: one row per annotation, RFC 4180 quoting (the `csv` crate), the
//! article's metadata then the span record's fields as columns. Tags are
//! joined with `; `. The article's author is `article_author`, since
//! `author` is the annotation's (who made it).

use super::record::SpanRecord;
use super::{ExportError, Selected, write_chunks, write_file};
use crate::core::model::AnnotationSet;
use crate::core::progress::Progress;
use serde_json::Value;
use std::io;
use std::path::Path;

const ARTICLE_COLUMNS: [&str; 8] = [
    "article",
    "outlet",
    "wire",
    "title",
    "article_author",
    "published",
    "url",
    "language",
];

/// The [`SpanRecord`] fields, in column order (a test checks none is missed).
pub(crate) const SPAN_COLUMNS: [&str; 35] = [
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
    "propositions",
    "proposition_statements",
    "modality",
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
    "via",
    "via_name",
    "quote_language",
    "translated",
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
        let mut header = ::csv::Writer::from_writer(&mut *w);
        header.write_record(ARTICLE_COLUMNS.iter().chain(&SPAN_COLUMNS))?;
        header.flush()?;
        drop(header);
        write_chunks(selected, w, progress, b"", |s| rows(s, set))
    })
}

/// The rows of one article's annotations.
fn rows(s: &Selected, set: &AnnotationSet) -> io::Result<Vec<u8>> {
    let mut csv = ::csv::Writer::from_writer(Vec::new());
    let m = s.meta;
    for a in &s.annotations {
        let record = serde_json::to_value(SpanRecord::new(set, a))?;
        let article = [
            s.article.id.as_str(),
            &m.outlet,
            &m.wire,
            &m.title,
            &m.author,
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
    csv.into_inner()
        .map_err(|e| io::Error::other(e.to_string()))
}

fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::export::record::full_record;

    #[test]
    fn every_record_field_has_a_column() {
        let Value::Object(fields) = serde_json::to_value(full_record()).unwrap() else {
            panic!("a record is an object");
        };
        let mut keys: Vec<&str> = fields.keys().map(String::as_str).collect();
        let mut columns = SPAN_COLUMNS.to_vec();
        columns.sort_unstable();
        keys.sort_unstable();
        assert_eq!(keys, columns);
    }
}
