//! The load cache: every article file of a set as last parsed, in postcard
//! (a compact binary serde format), so an open decodes instead of parsing
//! RON. The RON files stay the only truth: an entry is used only for a file
//! whose name, size, modification time and SHA-256 (which the open takes
//! anyway, to notice other programs' changes) all match what the entry was
//! made from. Anything else (another Concord version, a truncated or
//! damaged file, a stale entry) is passed over, and the cache is written
//! anew after the open. Writing it is best effort: a read-only folder opens
//! as fast as RON allows, and never fails for the cache.
//!
//! Layout of `annotations/<set>/.concord-cache` (see docs/FORMAT.md):
//! `MAGIC`, the entries' blobs one after another, the postcard index, its
//! length (u64 LE) and CRC-32 (u32 LE), and `MAGIC` again. Each blob has
//! its own CRC-32 in the index, checked before it is decoded.

use super::disk::temp_beside;
use super::{FORMAT_VERSION, Hash};
use crate::core::article::Article;
use crate::core::model::{
    Annotation, AnnotationId, ArticleAnnotations, ArticleId, ArticleMeta, ArticleRecord,
    CheckWorthiness, Claim, EntityId, Kind, Modality, Polarity, PropositionId, Quote, QuoteMode,
    Stance, Symbol, Target, UtteranceId,
};
use crate::core::suggest::Rejection;
use crate::core::text::{Span, Text};
use jiff::Timestamp;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Write};
use std::path::Path;
use std::time::UNIX_EPOCH;

/// The cache's file name in the set folder: hidden, so listings, the
/// journal's fingerprint and version control (see docs/FORMAT.md) pass it by.
pub const CACHE_FILE: &str = ".concord-cache";

/// A set's article files must add up to this many bytes for a cache to
/// be written: below it RON parses in milliseconds, and a cache would only
/// be one more file.
pub const WORTH_FROM: u64 = 1024 * 1024;

const MAGIC: &[u8; 8] = b"CCDCACHE";

/// Changes whenever what a blob holds changes shape. With the Concord
/// version, an older or newer build's cache is never decoded.
const LAYOUT: u32 = 3;

/// The largest cache read; a larger file is not Concord's.
const MAX_INDEX_BYTES: u64 = 256 * 1024 * 1024;

/// What a file was when its entry was made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Stamp {
    pub size: u64,
    /// Nanoseconds since the Unix epoch (0 where unknown).
    pub mtime: u128,
    pub hash: Hash,
}

impl Stamp {
    pub fn new(meta: &std::fs::Metadata, hash: Hash) -> Self {
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        Self {
            size: meta.len(),
            mtime,
            hash,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Index {
    layout: u32,
    version: String,
    format: u32,
    entries: Vec<Entry>,
}

#[derive(Clone, Serialize, Deserialize)]
struct Entry {
    /// The article file's name in `articles/`.
    name: String,
    stamp: Stamp,
    offset: u64,
    len: u64,
    crc: u32,
}

/// One article file of a set, as this load read it, for [`Cache::write`].
pub(crate) struct CacheFile<'a> {
    pub name: String,
    pub stamp: Stamp,
    pub format: u32,
    pub article: &'a ArticleAnnotations,
    /// The article's text, when the corpus has it.
    pub text: Option<&'a Article>,
    /// Read from the cache, so its blob can be copied as it is.
    pub hit: bool,
}

/// A cache as read: its index, and the file to read blobs from.
#[derive(Default)]
pub(crate) struct Cache {
    file: Option<File>,
    entries: HashMap<String, Entry>,
}

/// One article file as parsed: its format and annotations (without their
/// article id, which the file's name gives).
pub(crate) struct Parsed {
    pub format: u32,
    pub article: ArticleAnnotations,
}

impl Cache {
    /// Reads the index of the cache in set folder `dir`; an empty cache if
    /// there is none or it is not this Concord's.
    pub fn open(dir: &Path) -> Cache {
        Self::try_open(&dir.join(CACHE_FILE)).unwrap_or_default()
    }

    fn try_open(path: &Path) -> Option<Cache> {
        let (file, size) = crate::core::article::open_regular(path).ok()?;
        let tail_len = 8 + 4 + 8;
        if size < (8 + tail_len) as u64 {
            return None;
        }
        let mut head = [0; 8];
        read_at(&file, &mut head, 0).ok()?;
        let mut tail = [0; 20];
        read_at(&file, &mut tail, size - tail_len as u64).ok()?;
        if &head != MAGIC || &tail[12..] != MAGIC {
            return None;
        }
        let index_len = u64::from_le_bytes(tail[..8].try_into().ok()?);
        let index_crc = u32::from_le_bytes(tail[8..12].try_into().ok()?);
        let blobs_end = size.checked_sub(tail_len as u64 + index_len)?;
        if index_len > MAX_INDEX_BYTES || blobs_end < 8 {
            return None;
        }
        let mut bytes = vec![0; index_len as usize];
        read_at(&file, &mut bytes, blobs_end).ok()?;
        if crc32fast::hash(&bytes) != index_crc {
            return None;
        }
        let index: Index = postcard::from_bytes(&bytes).ok()?;
        if index.layout != LAYOUT
            || index.version != env!("CARGO_PKG_VERSION")
            || index.format != FORMAT_VERSION
        {
            return None;
        }
        let entries = index
            .entries
            .into_iter()
            .filter(|e| {
                e.offset >= 8
                    && e.offset
                        .checked_add(e.len)
                        .is_some_and(|end| end <= blobs_end)
            })
            .map(|e| (e.name.clone(), e))
            .collect();
        Some(Cache {
            file: Some(file),
            entries,
        })
    }

    /// The article file `name` as parsed when it was `stamp`; `None` when
    /// the cache has no entry for it as it is now, or the entry is damaged.
    /// `text` is the article's text, which spans may quote by byte cuts.
    pub fn get(
        &self,
        name: &str,
        stamp: &Stamp,
        id: &ArticleId,
        text: Option<&Article>,
    ) -> Option<Parsed> {
        let entry = self.entries.get(name).filter(|e| e.stamp == *stamp)?;
        let blob = self.blob(entry)?;
        let cached: Cached = postcard::from_bytes(&blob).ok()?;
        cached.into_parsed(id, text)
    }

    /// Whether there is an entry for the file `name`, current or not.
    pub fn has(&self, name: &str) -> bool {
        self.entries.contains_key(name)
    }

    fn blob(&self, entry: &Entry) -> Option<Vec<u8>> {
        let mut blob = vec![0; usize::try_from(entry.len).ok()?];
        read_at(self.file.as_ref()?, &mut blob, entry.offset).ok()?;
        (crc32fast::hash(&blob) == entry.crc).then_some(blob)
    }

    /// Whether the cache has entries for `files` only, none for files
    /// gone since.
    pub fn holds_only(&self, files: &[CacheFile<'_>]) -> bool {
        match self.file {
            Some(_) => self.entries.len() == files.len(),
            // No cache and nothing to put in one.
            None => files.is_empty(),
        }
    }

    /// Writes the cache of set folder `dir` anew for `files`: the blobs
    /// this load read are copied, the others encoded. Under a
    /// temporary name renamed into place, so a reader sees the old cache
    /// or the new one; not synced, since a torn cache is only passed over.
    pub fn write(&self, dir: &Path, files: &[CacheFile<'_>]) -> io::Result<()> {
        let path = dir.join(CACHE_FILE);
        let temp = temp_beside(&path);
        let result = (|| {
            let mut out = io::BufWriter::new(File::create_new(&temp)?);
            out.write_all(MAGIC)?;
            let mut offset = MAGIC.len() as u64;
            let mut entries = Vec::with_capacity(files.len());
            // In chunks: encoded in parallel, written in order, without
            // holding the whole cache in memory.
            for chunk in files.chunks(256) {
                let blobs: Vec<Vec<u8>> = chunk
                    .par_iter()
                    .map(|f| {
                        let kept = self
                            .entries
                            .get(&f.name)
                            .filter(|_| f.hit)
                            .and_then(|e| self.blob(e));
                        match kept {
                            Some(blob) => Ok(blob),
                            None => postcard::to_stdvec(&Cached::new(f.format, f.article, f.text))
                                .map_err(io::Error::other),
                        }
                    })
                    .collect::<io::Result<_>>()?;
                for (f, blob) in chunk.iter().zip(blobs) {
                    out.write_all(&blob)?;
                    entries.push(Entry {
                        name: f.name.clone(),
                        stamp: f.stamp.clone(),
                        offset,
                        len: blob.len() as u64,
                        crc: crc32fast::hash(&blob),
                    });
                    offset += blob.len() as u64;
                }
            }
            let index = postcard::to_stdvec(&Index {
                layout: LAYOUT,
                version: env!("CARGO_PKG_VERSION").to_owned(),
                format: FORMAT_VERSION,
                entries,
            })
            .map_err(io::Error::other)?;
            out.write_all(&index)?;
            out.write_all(&(index.len() as u64).to_le_bytes())?;
            out.write_all(&crc32fast::hash(&index).to_le_bytes())?;
            out.write_all(MAGIC)?;
            out.into_inner().map_err(|e| e.into_error())?;
            std::fs::rename(&temp, &path)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        result
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    use std::os::unix::fs::FileExt;
    file.read_exact_at(buf, offset)
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, offset)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(not(any(unix, windows)))]
fn read_at(_file: &File, _buf: &mut [u8], _offset: u64) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

// The model as a blob holds it. Postcard writes every field in order, so
// these mirror the model without RON's omitted defaults; borrowed to
// write, owned when read. Each conversion names every field, so a field
// added to the model cannot be forgotten here.

#[derive(Serialize, Deserialize)]
struct Cached<'a> {
    format: u32,
    fingerprint: Cow<'a, str>,
    /// The fingerprint of the article text that the spans' byte cuts are
    /// into; empty when there was no text to check them against.
    text: Cow<'a, str>,
    meta: Cow<'a, MetaC>,
    annotations: Vec<AnnC<'a>>,
    rejected: Cow<'a, [Rejection]>,
}

#[derive(Clone, Serialize, Deserialize)]
struct MetaC {
    outlet: String,
    title: String,
    author: String,
    wire: String,
    published: String,
    url: String,
    language: String,
}

#[derive(Serialize, Deserialize)]
struct SpanC<'a> {
    start: u64,
    end: u64,
    quote: QuoteC<'a>,
}

/// A span's quoted text: byte cuts into the article's text (the
/// [`Cached::text`] it was checked against), or its own copy.
#[derive(Serialize, Deserialize)]
enum QuoteC<'a> {
    Cuts([u32; 4]),
    Own {
        exact: Cow<'a, str>,
        prefix: Cow<'a, str>,
        suffix: Cow<'a, str>,
    },
}

#[derive(Serialize, Deserialize)]
struct AnnC<'a> {
    id: Cow<'a, str>,
    span: SpanC<'a>,
    author: Cow<'a, str>,
    created: i128,
    modified: i128,
    note: Cow<'a, str>,
    tags: Cow<'a, [String]>,
    kind: KindC<'a>,
}

#[derive(Serialize, Deserialize)]
enum KindC<'a> {
    Claim {
        propositions: Cow<'a, [PropositionId]>,
        worthiness: CheckWorthiness,
        attributed_to: Option<Cow<'a, EntityId>>,
        modality: Modality,
    },
    Quote {
        speaker: Option<Cow<'a, EntityId>>,
        mode: QuoteMode,
        cue: Option<SpanC<'a>>,
        utterance: Option<Cow<'a, UtteranceId>>,
        via: Option<Cow<'a, EntityId>>,
        language: Cow<'a, str>,
        translated: bool,
    },
    Stance {
        holder: Option<Cow<'a, EntityId>>,
        target: Option<Cow<'a, Target>>,
        polarity: Option<Polarity>,
    },
}

fn owned<T: Clone>(c: Option<Cow<'_, T>>) -> Option<T> {
    c.map(Cow::into_owned)
}

impl<'a> SpanC<'a> {
    fn new(s: &'a Span, text: Option<&Text>) -> Self {
        let quote = match text.and_then(|t| s.cuts_in(t)) {
            Some(cuts) => QuoteC::Cuts(cuts),
            None => QuoteC::Own {
                exact: Cow::Borrowed(s.exact()),
                prefix: Cow::Borrowed(s.prefix()),
                suffix: Cow::Borrowed(s.suffix()),
            },
        };
        SpanC {
            start: s.start as u64,
            end: s.end as u64,
            quote,
        }
    }

    fn into_span(self, text: Option<&Text>) -> Option<Span> {
        let start = usize::try_from(self.start).ok()?;
        let end = usize::try_from(self.end).ok()?;
        match self.quote {
            QuoteC::Cuts(cuts) => Span::from_cuts(start, end, text?, cuts),
            QuoteC::Own {
                exact,
                prefix,
                suffix,
            } => Some(Span::new(start, end, &exact, &prefix, &suffix)),
        }
    }
}

impl<'a> KindC<'a> {
    fn new(kind: &'a Kind, text: Option<&Text>) -> Self {
        match kind {
            Kind::Claim(Claim {
                propositions,
                worthiness,
                attributed_to,
                modality,
            }) => KindC::Claim {
                propositions: Cow::Borrowed(propositions),
                worthiness: *worthiness,
                attributed_to: attributed_to.as_ref().map(Cow::Borrowed),
                modality: *modality,
            },
            Kind::Quote(Quote {
                speaker,
                mode,
                cue,
                utterance,
                via,
                language,
                translated,
            }) => KindC::Quote {
                speaker: speaker.as_ref().map(Cow::Borrowed),
                mode: *mode,
                cue: cue.as_deref().map(|c| SpanC::new(c, text)),
                utterance: utterance.as_ref().map(Cow::Borrowed),
                via: via.as_ref().map(Cow::Borrowed),
                language: Cow::Borrowed(language),
                translated: *translated,
            },
            Kind::Stance(Stance {
                holder,
                target,
                polarity,
            }) => KindC::Stance {
                holder: holder.as_ref().map(Cow::Borrowed),
                target: target.as_ref().map(Cow::Borrowed),
                polarity: *polarity,
            },
        }
    }

    fn into_kind(self, text: Option<&Text>) -> Option<Kind> {
        Some(match self {
            KindC::Claim {
                propositions,
                worthiness,
                attributed_to,
                modality,
            } => Kind::Claim(Claim {
                propositions: propositions.iter().cloned().collect(),
                worthiness,
                attributed_to: owned(attributed_to),
                modality,
            }),
            KindC::Quote {
                speaker,
                mode,
                cue,
                utterance,
                via,
                language,
                translated,
            } => Kind::Quote(Quote {
                speaker: owned(speaker),
                mode,
                cue: match cue {
                    Some(c) => Some(Box::new(c.into_span(text)?)),
                    None => None,
                },
                utterance: owned(utterance),
                via: owned(via),
                language: Symbol::new(&language),
                translated,
            }),
            KindC::Stance {
                holder,
                target,
                polarity,
            } => Kind::Stance(Stance {
                holder: owned(holder),
                target: owned(target),
                polarity,
            }),
        })
    }
}

impl<'a> AnnC<'a> {
    fn new(a: &'a Annotation, text: Option<&Text>) -> Self {
        let Annotation {
            id,
            article: _,
            span,
            author,
            created,
            modified,
            note,
            tags,
            kind,
        } = a;
        AnnC {
            id: Cow::Borrowed(id.as_str()),
            span: SpanC::new(span, text),
            author: Cow::Borrowed(author),
            created: created.as_nanosecond(),
            modified: modified.as_nanosecond(),
            note: Cow::Borrowed(note),
            tags: Cow::Borrowed(tags),
            kind: KindC::new(kind, text),
        }
    }

    fn into_annotation(self, article: &ArticleId, text: Option<&Text>) -> Option<Annotation> {
        Some(Annotation {
            id: AnnotationId::new(&self.id),
            article: article.clone(),
            span: self.span.into_span(text)?,
            author: Symbol::new(&self.author),
            created: Timestamp::from_nanosecond(self.created).ok()?,
            modified: Timestamp::from_nanosecond(self.modified).ok()?,
            note: self.note.into_owned(),
            tags: self.tags.into_owned(),
            kind: self.kind.into_kind(text)?,
        })
    }
}

impl<'a> Cached<'a> {
    fn new(format: u32, article: &'a ArticleAnnotations, text: Option<&'a Article>) -> Self {
        let ArticleRecord {
            fingerprint,
            meta,
            rejected,
        } = &article.record;
        let ArticleMeta {
            outlet,
            title,
            author,
            wire,
            published,
            url,
            language,
        } = meta.clone();
        Cached {
            format,
            fingerprint: Cow::Borrowed(fingerprint),
            text: Cow::Borrowed(text.map_or("", |a| a.fingerprint.as_str())),
            meta: Cow::Owned(MetaC {
                outlet,
                title,
                author,
                wire,
                published,
                url,
                language,
            }),
            annotations: article
                .annotations()
                .iter()
                .map(|a| AnnC::new(a, text.map(|t| &t.text)))
                .collect(),
            rejected: Cow::Borrowed(rejected),
        }
    }

    fn into_parsed(self, id: &ArticleId, text: Option<&Article>) -> Option<Parsed> {
        // Cuts into another text than the one there now would quote the
        // wrong words: then the RON is read instead.
        // A blob made without the text that is there now would leave its
        // spans holding copies: read the RON too, and share them.
        let text = match (self.text.is_empty(), text) {
            (true, None) => None,
            (false, Some(a)) if a.fingerprint == self.text => Some(&a.text),
            _ => return None,
        };
        let MetaC {
            outlet,
            title,
            author,
            wire,
            published,
            url,
            language,
        } = self.meta.into_owned();
        let record = ArticleRecord {
            fingerprint: self.fingerprint.into_owned(),
            meta: ArticleMeta {
                outlet,
                title,
                author,
                wire,
                published,
                url,
                language,
            },
            rejected: self.rejected.into_owned(),
        };
        // Sized up front: collecting through `Option` would grow by doubling.
        let mut annotations = Vec::with_capacity(self.annotations.len());
        for a in self.annotations {
            annotations.push(a.into_annotation(id, text)?);
        }
        Some(Parsed {
            format: self.format,
            article: ArticleAnnotations::new(record, annotations),
        })
    }
}
