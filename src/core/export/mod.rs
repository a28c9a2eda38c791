//! Export a set as a dataset: jsonl, csv, brat standoff, W3C Web Annotation,
//! CoNLL BIO tags, or the whole set as one RON file (see docs/EXPORT.md).
//!
//! Every format writes char offsets (Unicode scalar values, end exclusive).
//! An annotation whose text no longer sits at its offsets is left out and
//! listed in the report, so every exported span is `text[start..end]`.

use crate::core::article::{Article, Corpus};
use crate::core::error::FileError;
use crate::core::model::{
    Annotation, AnnotationId, AnnotationSet, ArticleId, ArticleMeta, KindName,
};
use crate::core::progress::{Cancelled, Progress};
use crate::core::store;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub(crate) mod brat;
mod conll;
mod csv;
mod jsonl;
pub mod record;
pub(crate) mod set;
mod w3c;

pub use conll::tokens;
pub use w3c::{VOCAB, W3C_CONTEXT_FILE, concord_context, iri};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Jsonl,
    Csv,
    Brat,
    W3c,
    Conll,
    Set,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Jsonl,
        Format::Csv,
        Format::Brat,
        Format::W3c,
        Format::Conll,
        Format::Set,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Brat => "brat",
            Format::W3c => "w3c",
            Format::Conll => "conll",
            Format::Set => "set",
        }
    }

    /// Brat writes a folder of files; every other format one file.
    pub fn writes_folder(self) -> bool {
        self == Format::Brat
    }

    /// The usual file ending, for save dialogs.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Brat => "",
            Format::W3c => "jsonld",
            Format::Conll => "conll",
            Format::Set => "ron",
        }
    }
}

/// What to export. Empty filters keep everything.
#[derive(Clone, Debug, Default)]
pub struct ExportOptions {
    pub kinds: BTreeSet<KindName>,
    pub articles: BTreeSet<ArticleId>,
    /// Outlet names as in the articles' metadata.
    pub outlets: BTreeSet<String>,
    /// Annotations to leave out, e.g. those with error-level findings (the
    /// caller runs the validator; export does not depend on its rules).
    pub exclude: HashSet<AnnotationId>,
}

impl ExportOptions {
    fn keeps_article(&self, id: &ArticleId, meta: &ArticleMeta) -> bool {
        (self.articles.is_empty() || self.articles.contains(id))
            && (self.outlets.is_empty() || self.outlets.contains(&meta.outlet))
    }

    fn keeps(&self, a: &Annotation) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&a.kind.name()))
            && !self.exclude.contains(&a.id)
    }

    /// Leaves out every annotation an error-level finding names (`concord
    /// export --valid-only` and the window's "valid only").
    pub fn leave_out_errors(&mut self, findings: &[crate::core::validate::Finding]) {
        self.exclude.extend(
            findings
                .iter()
                .filter(|f| f.severity == crate::core::validate::Severity::Error)
                .flat_map(|f| f.locations.iter().filter_map(|l| l.annotation.clone())),
        );
    }

    /// The kinds exported, in the fixed order claim, quote, stance.
    pub fn kinds(&self) -> Vec<KindName> {
        KindName::ALL
            .into_iter()
            .filter(|k| self.kinds.is_empty() || self.kinds.contains(k))
            .collect()
    }
}

/// What an export wrote and what it left out, and why.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportReport {
    pub articles: usize,
    pub annotations: usize,
    pub files: Vec<PathBuf>,
    pub left_out: Vec<LeftOut>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeftOut {
    pub article: ArticleId,
    pub annotation: Option<AnnotationId>,
    pub reason: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    File(#[from] FileError),
    #[error("export cancelled")]
    Cancelled(#[from] Cancelled),
}

/// One article to export and the annotations chosen from it, in text order.
pub(crate) struct Selected<'a> {
    pub article: &'a Article,
    pub meta: &'a ArticleMeta,
    pub fingerprint: &'a str,
    pub annotations: Vec<&'a Annotation>,
}

static NO_META: ArticleMeta = ArticleMeta {
    outlet: String::new(),
    wire: String::new(),
    title: String::new(),
    author: String::new(),
    published: String::new(),
    url: String::new(),
    language: String::new(),
};

/// Writes `set` (with the texts from `corpus`) to `out` in `format`.
/// `out` is a file, or a folder for brat.
pub fn export(
    format: Format,
    set: &AnnotationSet,
    corpus: &Corpus,
    options: &ExportOptions,
    out: &Path,
    progress: &Progress,
) -> Result<ExportReport, ExportError> {
    let mut report = ExportReport::default();
    let selected = select(set, corpus, options, &mut report);
    progress.start(selected.len() as u64);
    report.articles = selected.len();
    report.annotations = selected.iter().map(|s| s.annotations.len()).sum();
    match format {
        Format::Jsonl => jsonl::write(&selected, set, out, progress)?,
        Format::Csv => csv::write(&selected, set, out, progress)?,
        Format::Brat => {
            report.files = brat::write(&selected, set, out, progress)?;
            return Ok(report);
        }
        Format::W3c => {
            report.files = w3c::write(&selected, set, out, progress)?;
            return Ok(report);
        }
        Format::Conll => conll::write(&selected, options, out, progress, &mut report)?,
        Format::Set => set::write(&selected, set, out, progress)?,
    }
    report.files = vec![out.to_owned()];
    Ok(report)
}

/// The articles and annotations `options` keeps. Annotations that cannot be
/// exported right (article missing, text moved) go to `report.left_out`.
pub(crate) fn select<'a>(
    set: &'a AnnotationSet,
    corpus: &'a Corpus,
    options: &ExportOptions,
    report: &mut ExportReport,
) -> Vec<Selected<'a>> {
    let articles: Vec<&Article> = corpus.articles().collect();
    // Checking a million spans against their text is worth both cores.
    let chosen: Vec<(Selected, Vec<LeftOut>)> = articles
        .par_iter()
        .filter_map(|article| {
            let record = set.article(&article.id).map(|a| &a.record);
            let meta = record.map_or(&NO_META, |r| &r.meta);
            if !options.keeps_article(&article.id, meta) {
                return None;
            }
            let mut annotations = Vec::new();
            let mut left_out = Vec::new();
            for a in set.annotations_of(&article.id) {
                if !options.keeps(a) {
                    continue;
                }
                if article.text.holds(&a.span).is_some() {
                    annotations.push(a);
                } else {
                    left_out.push(LeftOut {
                        article: article.id.clone(),
                        annotation: Some(a.id.clone()),
                        reason: format!(
                            "its text is no longer at {}..{} (run validate and apply the fix)",
                            a.span.start, a.span.end
                        ),
                    });
                }
            }
            let fingerprint = match record {
                Some(r) if !r.fingerprint.is_empty() => &r.fingerprint,
                _ => &article.fingerprint,
            };
            let selected = Selected {
                article,
                meta,
                fingerprint,
                annotations,
            };
            Some((selected, left_out))
        })
        .collect();
    let mut selected = Vec::with_capacity(chosen.len());
    for (s, left_out) in chosen {
        report.left_out.extend(left_out);
        selected.push(s);
    }
    for (id, anns) in set.articles() {
        if corpus.get(id).is_none()
            && options.keeps_article(id, &anns.record.meta)
            && anns.annotations().iter().any(|a| options.keeps(a))
        {
            report.left_out.push(LeftOut {
                article: id.clone(),
                annotation: None,
                reason: format!(
                    "{} annotations belong to article {id}, which is not in the articles folder",
                    anns.annotations().len()
                ),
            });
        }
    }
    selected
}

/// Writes one file atomically; `write` may stop with a cancellation.
fn write_file(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), ExportError> {
    store::write_atomic(path, write).map_err(|e| {
        if e.get_ref().is_some_and(|inner| inner.is::<Cancelled>()) {
            ExportError::Cancelled(Cancelled)
        } else {
            ExportError::File(FileError::io(path, e))
        }
    })
}

/// Articles serialised in parallel per batch: the batch bounds memory.
const BATCH: usize = 256;

/// Writes one chunk per article, with `separator` between non-empty chunks.
/// Batches of chunks are made on the thread pool while the previous batch
/// is written, so the disk and the cores work at the same time.
pub(crate) fn write_chunks(
    selected: &[Selected],
    w: &mut dyn Write,
    progress: &Progress,
    separator: &[u8],
    chunk: impl Fn(&Selected) -> io::Result<Vec<u8>> + Sync,
) -> io::Result<()> {
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel(2);
        let chunk = &chunk;
        scope.spawn(move || {
            for batch in selected.chunks(BATCH) {
                let chunks = batch.par_iter().map(chunk).collect::<io::Result<Vec<_>>>();
                let failed = chunks.is_err();
                if send.send(chunks.map(|c| (c, batch.len()))).is_err() || failed {
                    return;
                }
            }
        });
        // Dropping `receive` on an early return stops the serialising thread.
        let mut first = true;
        for chunks in receive {
            let (chunks, articles) = chunks?;
            for c in chunks.iter().filter(|c| !c.is_empty()) {
                if !first {
                    w.write_all(separator)?;
                }
                first = false;
                w.write_all(c)?;
            }
            progress
                .advance(articles as u64)
                .map_err(io::Error::other)?;
        }
        Ok(())
    })
}

/// One step of progress inside a file write.
fn step(progress: &Progress) -> io::Result<()> {
    progress.advance(1).map_err(io::Error::other)
}
