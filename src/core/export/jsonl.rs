//! jsonl: one line per article with its text, metadata and spans. Loads with
//! the Hugging Face `datasets` JSON loader and in spaCy via `Doc.char_span`.
//! The first line also carries the set's whole registry (`registry`), so
//! every line stays one article for those readers.

use super::record::{Registry, SpanRecord};
use super::{ExportError, Selected, write_chunks, write_file};
use crate::core::model::AnnotationSet;
use crate::core::progress::Progress;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::io;
use std::path::Path;

/// One line. Metadata fields are always present (empty when unknown) so
/// every line has the same columns.
#[derive(Serialize, Deserialize)]
pub(crate) struct ArticleLine<'a> {
    pub id: Cow<'a, str>,
    pub text: Cow<'a, str>,
    #[serde(default)]
    pub outlet: Cow<'a, str>,
    /// The agency whose copy the article is; left out when there is none.
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub wire: Cow<'a, str>,
    #[serde(default)]
    pub title: Cow<'a, str>,
    #[serde(default)]
    pub author: Cow<'a, str>,
    #[serde(default)]
    pub published: Cow<'a, str>,
    #[serde(default)]
    pub url: Cow<'a, str>,
    #[serde(default)]
    pub language: Cow<'a, str>,
    #[serde(default)]
    pub fingerprint: Cow<'a, str>,
    #[serde(default = "Vec::new")]
    pub spans: Vec<SpanRecord<'a>>,
    /// Every entity, proposition and utterance of the set; first line only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry: Option<Registry<'a>>,
}

impl<'a> ArticleLine<'a> {
    fn new(s: &Selected<'a>, set: &'a AnnotationSet) -> Self {
        let m = s.meta;
        ArticleLine {
            id: Cow::Borrowed(s.article.id.as_str()),
            text: Cow::Borrowed(s.article.text.as_str()),
            outlet: Cow::Borrowed(&m.outlet),
            wire: Cow::Borrowed(&m.wire),
            title: Cow::Borrowed(&m.title),
            author: Cow::Borrowed(&m.author),
            published: Cow::Borrowed(&m.published),
            url: Cow::Borrowed(&m.url),
            language: Cow::Borrowed(&m.language),
            fingerprint: Cow::Borrowed(s.fingerprint),
            spans: s
                .annotations
                .iter()
                .map(|a| SpanRecord::new(set, a))
                .collect(),
            registry: None,
        }
    }
}

pub(super) fn write(
    selected: &[Selected],
    set: &AnnotationSet,
    out: &Path,
    progress: &Progress,
) -> Result<(), ExportError> {
    write_file(out, |w| write_to(selected, set, w, progress))
}

/// The jsonl of `selected`, to any writer.
pub(crate) fn write_to(
    selected: &[Selected],
    set: &AnnotationSet,
    w: &mut dyn io::Write,
    progress: &Progress,
) -> io::Result<()> {
    let first = selected.first().map(|s| s.article.id.clone());
    write_chunks(selected, w, progress, b"", |s| {
        let mut article = ArticleLine::new(s, set);
        if first.as_ref() == Some(&s.article.id) {
            article.registry = Some(Registry::of(set)).filter(|r| !r.is_empty());
        }
        let mut line = serde_json::to_vec(&article)?;
        line.push(b'\n');
        Ok(line)
    })
}
