//! csv: one row per annotation, RFC 4180 quoting (the `csv` crate), the
//! article's metadata then the span record's fields as columns. Tags are
//! joined with `; `. The article's author is `article_author`, since
//! `author` is the annotation's (who made it).

use super::record::SpanRecord;
use super::{ExportError, Selected, write_chunks, write_file};
use crate::core::model::{AnnotationSet, CheckWorthiness, Modality, Polarity, QuoteMode};
use crate::core::progress::Progress;
use std::borrow::Cow;
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
    for a in &s.annotations {
        let record = SpanRecord::new(set, a);
        let cells = cells(&record);
        csv.write_record(
            article
                .iter()
                .map(|c| c.as_bytes())
                .chain(cells.iter().map(|c| c.as_bytes())),
        )?;
    }
    csv.into_inner()
        .map_err(|e| io::Error::other(e.to_string()))
}

/// The cells of `r` in [`SPAN_COLUMNS`] order: lists joined with `; `,
/// absent values empty, each as the record's JSON shows it (a test holds
/// them to it).
fn cells<'r>(r: &'r SpanRecord) -> [Cow<'r, str>; SPAN_COLUMNS.len()] {
    let a = &r.attributes;
    let text = |v: &'r Option<Cow<'r, str>>| Cow::Borrowed(v.as_deref().unwrap_or(""));
    let number = |v: Option<usize>| v.map_or(Cow::Borrowed(""), |n| n.to_string().into());
    let name = |v: Option<&'static str>| Cow::Borrowed(v.unwrap_or(""));
    [
        Cow::Borrowed(&*r.id),
        r.start.to_string().into(),
        r.end.to_string().into(),
        r.label.as_str().into(),
        Cow::Borrowed(&*r.text),
        Cow::Borrowed(&*r.author),
        r.created.to_string().into(),
        r.modified.to_string().into(),
        Cow::Borrowed(&*r.note),
        r.tags.join("; ").into(),
        name(a.worthiness.map(CheckWorthiness::as_str)),
        a.propositions.join("; ").into(),
        a.proposition_statements.join("; ").into(),
        name(a.modality.map(Modality::as_str)),
        text(&a.attributed_to),
        text(&a.attributed_to_name),
        text(&a.speaker),
        text(&a.speaker_name),
        name(a.mode.map(QuoteMode::as_str)),
        number(a.cue_start),
        number(a.cue_end),
        text(&a.cue_text),
        text(&a.utterance),
        text(&a.utterance_wording),
        text(&a.utterance_speaker),
        text(&a.via),
        text(&a.via_name),
        text(&a.quote_language),
        name(a.translated.map(|t| if t { "true" } else { "false" })),
        text(&a.holder),
        text(&a.holder_name),
        text(&a.target_type),
        text(&a.target),
        text(&a.target_name),
        name(a.polarity.map(Polarity::as_str)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::export::record::{Attributes, full_record};
    use serde_json::Value;

    /// A cell as the record's JSON value reads.
    fn cell(v: &Value) -> String {
        match v {
            Value::Null => String::new(),
            Value::String(s) => s.clone(),
            Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join("; "),
            other => other.to_string(),
        }
    }

    #[test]
    fn cells_read_as_the_record_json_does() {
        let full = full_record();
        let mut lists = full.clone();
        lists.tags = Cow::Owned(vec!["wire".into(), "대북".into()]);
        lists.attributes.propositions = vec!["p1".into(), "p2".into()];
        lists.attributes.translated = Some(false);
        // Every text field its own value, so that two swapped cells show.
        let mut distinct = full.clone();
        let a = &mut distinct.attributes;
        for (field, value) in [
            (&mut a.attributed_to, "attributed_to"),
            (&mut a.attributed_to_name, "attributed_to_name"),
            (&mut a.speaker, "speaker"),
            (&mut a.speaker_name, "speaker_name"),
            (&mut a.cue_text, "cue_text"),
            (&mut a.utterance, "utterance"),
            (&mut a.utterance_wording, "utterance_wording"),
            (&mut a.utterance_speaker, "utterance_speaker"),
            (&mut a.via, "via"),
            (&mut a.via_name, "via_name"),
            (&mut a.quote_language, "quote_language"),
            (&mut a.holder, "holder"),
            (&mut a.holder_name, "holder_name"),
            (&mut a.target_type, "target_type"),
            (&mut a.target, "target"),
            (&mut a.target_name, "target_name"),
        ] {
            *field = Some(value.into());
        }
        a.cue_start = Some(7);
        a.cue_end = Some(9);
        a.proposition_statements = vec!["statement".into()];
        (distinct.start, distinct.end) = (3, 5);
        (distinct.id, distinct.text, distinct.author, distinct.note) =
            ("id".into(), "text".into(), "author".into(), "note".into());
        distinct.modified = "2023-09-13T10:00:00Z".parse().unwrap();
        let mut empty = full.clone();
        empty.attributes = Attributes::default();
        empty.tags = Cow::Owned(Vec::new());
        for record in [full, lists, distinct, empty] {
            let json = serde_json::to_value(&record).unwrap();
            let cells = cells(&record);
            for (column, got) in SPAN_COLUMNS.iter().zip(&cells) {
                assert_eq!(*got, cell(&json[*column]), "{column}");
            }
        }
    }

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
