//! jsonl: one line per article with its text, metadata and spans. Loads with
//! the Hugging Face `datasets` JSON loader and in spaCy via `Doc.char_span`.

use super::record::SpanRecord;
use super::{ExportError, Selected, write_file};
use crate::core::model::AnnotationSet;
use crate::core::progress::Progress;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::io;
use std::path::Path;

/// Articles serialised in parallel per batch, then written in order: the
/// batch bounds memory, the parallelism halves the time on two cores.
const BATCH: usize = 256;

/// One line. Metadata fields are always present (empty when unknown) so
/// every line has the same columns.
#[derive(Serialize, Deserialize)]
pub(crate) struct ArticleLine<'a> {
    pub id: Cow<'a, str>,
    pub text: Cow<'a, str>,
    #[serde(default)]
    pub outlet: Cow<'a, str>,
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
}

impl<'a> ArticleLine<'a> {
    fn new(s: &Selected<'a>, set: &'a AnnotationSet) -> Self {
        let m = s.meta;
        ArticleLine {
            id: Cow::Borrowed(s.article.id.as_str()),
            text: Cow::Borrowed(s.article.text.as_str()),
            outlet: Cow::Borrowed(&m.outlet),
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

/// The jsonl of `selected`, to any writer. Batches are serialised on the
/// thread pool while the previous batch is written, so the disk and the
/// cores work at the same time.
pub(crate) fn write_to(
    selected: &[Selected],
    set: &AnnotationSet,
    w: &mut dyn io::Write,
    progress: &Progress,
) -> io::Result<()> {
    let serialise = |batch: &[Selected]| {
        batch
            .par_iter()
            .map(|s| {
                let mut buf = serde_json::to_vec(&ArticleLine::new(s, set))?;
                buf.push(b'\n');
                Ok(buf)
            })
            .collect::<io::Result<Vec<Vec<u8>>>>()
    };
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel(2);
        scope.spawn(move || {
            for batch in selected.chunks(BATCH) {
                let lines = serialise(batch);
                let failed = lines.is_err();
                if send.send(lines.map(|l| (l, batch.len()))).is_err() || failed {
                    return;
                }
            }
        });
        // Dropping `receive` on an early return stops the serialising thread.
        for lines in receive {
            let (lines, articles) = lines?;
            for line in lines {
                w.write_all(&line)?;
            }
            progress
                .advance(articles as u64)
                .map_err(io::Error::other)?;
        }
        Ok(())
    })
}
