//! Persistence: the project folder, its settings and annotation sets as RON.
//!
//! Layout (see docs/FORMAT.md):
//! ```text
//! annotations/concord.ron              project settings
//! annotations/<set>/set.ron            set info, entities, propositions, utterances
//! annotations/<set>/articles/<id>.ron  one article's record and annotations
//! ```
//! One file per article means a save after one edit rewrites one small file.
//! Output is deterministic (sorted maps, annotations in text order), so sets
//! diff and merge cleanly. A save is one transaction (`txn`): all of its
//! files change together or none does, and one writer at a time holds the
//! project (`lock`).

mod cache;
pub mod disk;
mod lock;
mod txn;

pub use cache::CACHE_FILE;
use cache::{Cache, CacheFile, Parsed, Stamp};

pub use disk::{Disk, RealDisk, resolve_target, write_atomic};
pub use lock::{COMMIT_LOCK_FILE, WRITER_LOCK_FILE};
use lock::{CommitLock, WriterLock};
pub use txn::MANIFEST_FILE;
use txn::{Failed, Txn, View, key};

use crate::core::article::{ARTICLE_EXTENSIONS, Article, Corpus, read_limited, stream_limited};
use crate::core::error::{FileError, LineCol};
use crate::core::import::NewArticle;
use crate::core::model::{
    Annotation, AnnotationSet, ArticleAnnotations, ArticleId, ArticleMeta, ArticleRecord, Entity,
    Proposition, RuleLevel, SetInfo, TagSchema, Utterance,
};
use crate::core::progress::Progress;
use crate::core::suggest::Rejection;
use rayon::prelude::*;
use ron::extensions::Extensions;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::collections::{BTreeSet, HashMap};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The format version this Concord writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 2;

/// The largest RON file Concord reads.
pub const MAX_RON_BYTES: u64 = 1024 * 1024 * 1024;

pub const ANNOTATIONS_DIR: &str = "annotations";
pub const SETTINGS_FILE: &str = "concord.ron";
pub const SET_FILE: &str = "set.ron";
pub const SET_ARTICLES_DIR: &str = "articles";

/// `annotations/concord.ron`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub format: u32,
    /// The articles folder, relative to the project folder.
    pub articles: PathBuf,
    /// The set opened by default: a folder name under `annotations/`.
    pub default_set: String,
}

/// `annotations/<set>/set.ron`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SetFile {
    pub format: u32,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub annotator: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<TagSchema>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rules: BTreeMap<String, RuleLevel>,
    #[serde(default)]
    pub entities: Vec<Entity>,
    #[serde(default)]
    pub propositions: Vec<Proposition>,
    #[serde(default)]
    pub utterances: Vec<Utterance>,
}

/// `annotations/<set>/articles/<id>.ron`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ArticleFile {
    pub format: u32,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub fingerprint: String,
    #[serde(default, skip_serializing_if = "ArticleMeta::is_empty")]
    pub meta: ArticleMeta,
    #[serde(default)]
    pub annotations: Vec<Annotation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<Rejection>,
}

/// Just the version, read when a file fails to parse, to tell "newer
/// Concord" apart from "broken file".
#[derive(Deserialize)]
struct Versioned {
    format: u32,
}

impl SetFile {
    pub fn from_set(set: &AnnotationSet) -> Self {
        let info = set.info();
        SetFile {
            format: FORMAT_VERSION,
            name: info.name.clone(),
            annotator: info.annotator.clone(),
            schema: info.schema.clone(),
            rules: info.rules.clone(),
            entities: set.entities().values().cloned().collect(),
            propositions: set.propositions().values().cloned().collect(),
            utterances: set.utterances().values().cloned().collect(),
        }
    }

    pub fn into_parts(self) -> (SetInfo, Vec<Entity>, Vec<Proposition>, Vec<Utterance>) {
        let info = SetInfo {
            name: self.name,
            annotator: self.annotator,
            schema: self.schema,
            rules: self.rules,
        };
        (info, self.entities, self.propositions, self.utterances)
    }
}

impl ArticleFile {
    pub fn from_article(anns: &ArticleAnnotations) -> Self {
        ArticleFile {
            format: FORMAT_VERSION,
            fingerprint: anns.record.fingerprint.clone(),
            meta: anns.record.meta.clone(),
            annotations: anns.annotations().to_vec(),
            rejected: anns.record.rejected.clone(),
        }
    }

    pub fn into_article(mut self, id: &ArticleId) -> ArticleAnnotations {
        // Kept sorted and distinct, whatever a hand-edited file holds.
        self.rejected.sort();
        self.rejected.dedup();
        let annotations = self
            .annotations
            .into_iter()
            .map(|mut a| {
                a.article = id.clone();
                a
            })
            .collect();
        let record = ArticleRecord {
            fingerprint: self.fingerprint,
            meta: self.meta,
            rejected: self.rejected,
        };
        ArticleAnnotations::new(record, annotations)
    }
}

trait HasFormat {
    fn format(&self) -> u32;
}
impl HasFormat for Settings {
    fn format(&self) -> u32 {
        self.format
    }
}
impl HasFormat for SetFile {
    fn format(&self) -> u32 {
        self.format
    }
}
impl HasFormat for ArticleFile {
    fn format(&self) -> u32 {
        self.format
    }
}

fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_default_extension(Extensions::UNWRAP_VARIANT_NEWTYPES)
}

fn pretty() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .indentor("    ")
        .new_line("\n")
        .struct_names(false)
        // Deeper than this stays on one line: one annotation, one line, so a
        // change to an annotation is a one-line diff.
        .depth_limit(2)
        .separate_tuple_members(false)
        .extensions(Extensions::IMPLICIT_SOME | Extensions::UNWRAP_VARIANT_NEWTYPES)
}

/// Serialises `value` as Concord writes RON: deterministic and readable.
pub(crate) fn to_ron<T: Serialize>(value: &T) -> Result<String, ron::Error> {
    // Plain options, so the file starts with its `#![enable(...)]` line and
    // reads in any RON parser.
    let mut s = ron::Options::default().to_string_pretty(value, pretty())?;
    s.push('\n');
    Ok(s)
}

/// Parses RON text read from `path`, with errors that name the file,
/// line and column.
pub(crate) fn parse_ron<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, FileError> {
    ron_options().from_str(text).map_err(|e| FileError::Parse {
        path: path.to_owned(),
        at: LineCol {
            line: e.span.start.line,
            col: e.span.start.col,
        },
        message: e.code.to_string(),
    })
}

/// A 128-bit XXH3 of a file's bytes: what this handle saw, to notice a
/// change made by another program before overwriting it, and what a cache
/// entry was made from. Not a fingerprint anything outside this process
/// compares, so a fast hash serves; SHA-256 of a million annotations' files
/// was a fifth of an open.
pub(crate) type Hash = u128;

fn hash(bytes: &[u8]) -> Hash {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// The hash and size of the file at `path`, read a chunk at a time.
fn hash_file(path: &Path) -> Result<(Hash, u64), FileError> {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let size = stream_limited(path, MAX_RON_BYTES, |chunk| hasher.update(chunk))?;
    Ok((hasher.digest128(), size))
}

/// The hash of the file at `path` now; `None` when there is none.
fn hash_on_disk(path: &Path) -> Result<Option<Hash>, FileError> {
    match hash_file(path) {
        Ok((digest, _)) => Ok(Some(digest)),
        Err(FileError::Io { error, .. }) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Reads a versioned Concord RON file `path` from `source` (the file
/// itself, or the committed temporary standing in for it), refusing newer
/// formats. Also gives the text and its hash.
fn read_versioned<T: DeserializeOwned + HasFormat>(
    path: &Path,
    source: &Path,
) -> Result<(T, String, Hash), FileError> {
    let bytes = read_limited(source, MAX_RON_BYTES)?;
    let digest = hash(&bytes);
    let (value, text) = parse_versioned(path, bytes)?;
    Ok((value, text, digest))
}

/// [`read_versioned`] for bytes already read.
fn parse_versioned<T: DeserializeOwned + HasFormat>(
    path: &Path,
    bytes: Vec<u8>,
) -> Result<(T, String), FileError> {
    let text = String::from_utf8(bytes).map_err(|e| FileError::Utf8 {
        path: path.to_owned(),
        byte: e.utf8_error().valid_up_to(),
    })?;
    let newer = |found: u32| FileError::NewerFormat {
        path: path.to_owned(),
        found,
        supported: FORMAT_VERSION,
    };
    match parse_ron::<T>(path, &text) {
        Ok(value) if value.format() > FORMAT_VERSION => Err(newer(value.format())),
        // Format 2 only adds fields and reads format 1's single claim
        // `proposition` (see `model::Claim`), so an older file migrates by
        // parsing; its set is then written whole as the current format.
        Ok(value) => Ok((value, text)),
        Err(err) => match ron_options().from_str::<Versioned>(&text) {
            Ok(v) if v.format > FORMAT_VERSION => Err(newer(v.format)),
            _ => Err(err),
        },
    }
}

/// Reads the article file `path` from `source`, from the cache when it
/// holds the file as it is now. Gives its hash and stamp too, and whether
/// the cache had it.
fn read_article(
    cache: &Cache,
    path: &Path,
    source: &Path,
    id: &ArticleId,
    text: Option<&Article>,
) -> Result<(Parsed, Hash, Option<Stamp>, bool), FileError> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let stamp_of = |digest, size| {
        std::fs::metadata(source).ok().map(|m| Stamp {
            size,
            ..Stamp::new(&m, digest)
        })
    };
    if cache.has(&name) {
        // Hashed without reading the file into memory: a million
        // annotations' worth of file-sized buffers, freed between the
        // loaded data, fragment the heap by tens of megabytes.
        let (digest, size) = hash_file(source)?;
        let stamp = stamp_of(digest, size);
        if let Some(parsed) = stamp.as_ref().and_then(|s| cache.get(&name, s, id, text)) {
            return Ok((parsed, digest, stamp, true));
        }
    }
    // Hashed again from the bytes parsed, so the hash kept is theirs even
    // if the file changed since.
    let bytes = read_limited(source, MAX_RON_BYTES)?;
    let digest = hash(&bytes);
    let stamp = stamp_of(digest, bytes.len() as u64);
    let (file, _) = parse_versioned::<ArticleFile>(path, bytes)?;
    let format = file.format;
    let mut article = file.into_article(id);
    if let Some(text) = text {
        // Here, one article at a time, so the copies parsed from the file
        // are let go before the next is read.
        article.share_text(&text.text);
    }
    let parsed = Parsed { format, article };
    Ok((parsed, digest, stamp, false))
}

fn ron_bytes<T: Serialize>(path: &Path, value: &T) -> Result<Vec<u8>, FileError> {
    to_ron(value)
        .map(String::into_bytes)
        .map_err(|e| FileError::Invalid {
            path: path.to_owned(),
            message: e.to_string(),
        })
}

/// Writes `annotations/concord.ron` into `annotations_dir`, on its own (a
/// project's save puts it in the save's transaction).
pub fn write_settings(annotations_dir: &Path, settings: &Settings) -> Result<(), FileError> {
    let path = annotations_dir.join(SETTINGS_FILE);
    let bytes = ron_bytes(&path, settings)?;
    write_atomic(&path, |w| w.write_all(&bytes)).map_err(|e| FileError::io(&path, e))
}

/// Something wrong in a file that loaded anyway: shown to the editor (the
/// CLI prints it as a warning), never silently dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadProblem {
    pub path: PathBuf,
    /// 1-based, where known.
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for LoadProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// A set as loaded, with what was wrong in its files.
#[derive(Debug)]
pub struct LoadedSet {
    pub set: AnnotationSet,
    pub problems: Vec<LoadProblem>,
}

/// The line of the `nth` (0-based) `id: "<id>"` after the `section:` key
/// in a set file as Concord writes it; `None` for layouts it cannot find.
pub(crate) fn id_line(text: &str, section: &str, id: &str, nth: usize) -> Option<usize> {
    let start = text.find(&format!("{section}:"))?;
    let quoted = ron::to_string(id).ok()?;
    let needle = format!("id: {quoted}");
    let at = text[start..]
        .match_indices(&needle)
        .nth(nth)
        .map(|(i, _)| start + i)?;
    Some(text[..at].matches('\n').count() + 1)
}

/// Keeps every item of a list whose ids repeat: a repeat gets a fresh id
/// (`<id>~2`, `~3`, …; references keep pointing at the first), and each is
/// reported. A map keyed by id would keep one and the next save would
/// delete the others for good.
fn keep_duplicates<T, Id: std::fmt::Display + From<String>>(
    items: &mut [T],
    id: impl Fn(&mut T) -> &mut Id,
    what: &str,
    section: &str,
    (path, text): (&Path, &str),
    problems: &mut Vec<LoadProblem>,
) -> bool {
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut repeats: Vec<usize> = Vec::new();
    for (i, item) in items.iter_mut().enumerate() {
        if !taken.insert(id(item).to_string()) {
            repeats.push(i);
        }
    }
    for &i in &repeats {
        let old = id(&mut items[i]).to_string();
        let (fresh, nth) = (2..)
            .map(|n| (format!("{old}~{n}"), n - 1))
            .find(|(fresh, _)| !taken.contains(fresh))
            .unwrap_or_else(|| (format!("{old}~"), 1));
        taken.insert(fresh.clone());
        problems.push(LoadProblem {
            path: path.to_owned(),
            line: id_line(text, section, &old, nth),
            message: format!(
                "{what} id {old:?} is used twice; the second is kept as {fresh:?} (references stay on the first)"
            ),
        });
        *id(&mut items[i]) = Id::from(fresh);
    }
    !repeats.is_empty()
}

/// A set read from disk, with each file's hash as read.
struct Read {
    set: AnnotationSet,
    problems: Vec<LoadProblem>,
    seen: Vec<(PathBuf, Option<Hash>)>,
}

/// A set of at most this many article files is read whole even when only
/// its first article is asked for ([`Part::First`]).
pub const READ_WHOLE_UP_TO: usize = 64;

/// Which article files a read of a set reads.
#[derive(Clone, Copy)]
enum Files<'a> {
    All,
    /// Only this article's (if it has one); the set marks the others as
    /// loading ([`AnnotationSet::is_loading`]).
    Only(Option<&'a ArticleId>),
}

/// Reads the set in folder `dir` as `view` shows it.
/// `corpus`, when given, holds the texts the spans quote (see
/// [`Span::share`](crate::core::text::Span::share)). `progress` counts the
/// article files read; cancelled, the read stops with an error.
fn read_set(
    dir: &Path,
    view: &View,
    corpus: Option<&Corpus>,
    files: Files,
    progress: &Progress,
) -> Result<Read, FileError> {
    let set_path = dir.join(SET_FILE);
    let mut seen = Vec::new();
    let mut problems = Vec::new();
    let Some(set_source) = view.source(&set_path).filter(|p| p.exists()) else {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        seen.push((set_path, None));
        return Ok(Read {
            set: AnnotationSet::new(SetInfo {
                name,
                ..SetInfo::default()
            }),
            problems,
            seen,
        });
    };
    let (mut set_file, text, digest) = read_versioned::<SetFile>(&set_path, &set_source)?;
    seen.push((set_path.clone(), Some(digest)));
    let mut outdated = set_file.format < FORMAT_VERSION;
    let file = (set_path.as_path(), text.as_str());
    let mut renamed = false;
    renamed |= keep_duplicates(
        &mut set_file.entities,
        |e| &mut e.id,
        "entity",
        "entities",
        file,
        &mut problems,
    );
    renamed |= keep_duplicates(
        &mut set_file.propositions,
        |p| &mut p.id,
        "proposition",
        "propositions",
        file,
        &mut problems,
    );
    renamed |= keep_duplicates(
        &mut set_file.utterances,
        |u| &mut u.id,
        "utterance",
        "utterances",
        file,
        &mut problems,
    );
    let (info, entities, propositions, utterances) = set_file.into_parts();
    let articles_dir = dir.join(SET_ARTICLES_DIR);
    let mut names: BTreeSet<std::ffi::OsString> =
        view.written_in(&articles_dir).into_iter().collect();
    match std::fs::read_dir(&articles_dir) {
        Ok(entries) => {
            for entry in entries {
                names.insert(
                    entry
                        .map_err(|e| FileError::io(&articles_dir, e))?
                        .file_name(),
                );
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(FileError::io(&articles_dir, e)),
    }
    let paths: Vec<(PathBuf, PathBuf)> = names
        .into_iter()
        .map(|name| articles_dir.join(name))
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .filter_map(|p| view.source(&p).filter(|s| s.exists()).map(|s| (p, s)))
        .collect();
    let id_of = |path: &Path| {
        ArticleId::new(
            path.file_stem()
                .map(|s| s.to_string_lossy())
                .unwrap_or_default(),
        )
    };
    let (paths, waiting): (Vec<_>, BTreeSet<ArticleId>) = match files {
        Files::All => (paths, BTreeSet::new()),
        // A few files are read in a moment: a window on them never shows
        // articles waiting for their annotations.
        Files::Only(_) if paths.len() <= READ_WHOLE_UP_TO => (paths, BTreeSet::new()),
        Files::Only(first) => {
            let (now, later): (Vec<_>, Vec<_>) =
                (paths.into_iter()).partition(|(path, _)| first.is_some_and(|f| id_of(path) == *f));
            (now, later.iter().map(|(path, _)| id_of(path)).collect())
        }
    };
    let cache = Cache::open(dir);
    let articles = paths
        .par_iter()
        .map(|(path, source)| {
            let id = id_of(path);
            let read = read_article(&cache, path, source, &id, corpus.and_then(|c| c.get(&id)))?;
            progress
                .advance(1)
                .map_err(|_| FileError::io(path, io::ErrorKind::Interrupted.into()))?;
            Ok((id, read))
        })
        .collect::<Result<BTreeMap<_, _>, FileError>>()?;
    outdated |= articles
        .values()
        .any(|(parsed, ..)| parsed.format < FORMAT_VERSION);
    let all_cached = articles.values().all(|(.., hit)| *hit);
    let mut stamps = Vec::with_capacity(articles.len());
    let articles = articles
        .into_iter()
        .map(|(id, (parsed, digest, stamp, hit))| {
            let name = format!("{id}.ron");
            if let Some(stamp) = stamp {
                stamps.push((name.clone(), stamp, parsed.format, id.clone(), hit));
            }
            seen.push((articles_dir.join(name), Some(digest)));
            (id, parsed.article)
        })
        .collect();
    let mut set = AnnotationSet::from_parts(info, entities, propositions, utterances, articles);
    let partial = !waiting.is_empty();
    set.await_articles(waiting);
    // A renamed repeat is written back under its new id by the next save.
    set.dirty.info |= renamed;
    if outdated {
        // Migrated on load: the next save rewrites every file in this
        // format, so no set is left half in each.
        set.dirty.info = true;
        set.dirty.articles = set.articles().keys().cloned().collect();
    }
    let files: Vec<_> = stamps
        .into_iter()
        .filter_map(|(name, stamp, format, id, hit)| {
            Some(CacheFile {
                name,
                stamp,
                format,
                article: set.article(&id)?,
                text: corpus.and_then(|c| c.get(&id)),
                hit,
            })
        })
        .collect();
    let bytes: u64 = files.iter().map(|f| f.stamp.size).sum();
    // A partial read leaves the cache to the read of the rest.
    if !partial && bytes >= cache::WORTH_FROM && !(all_cached && cache.holds_only(&files)) {
        // Best effort: a folder the cache cannot be written to still opens.
        let _ = cache.write(dir, &files);
    }
    Ok(Read {
        set,
        problems,
        seen,
    })
}

/// Reads the set stored in folder `dir`; a missing folder is a new, empty
/// set named after it. Sees the set as of its last commit, even while a
/// writer commits (see `txn`).
pub fn load_set(dir: &Path) -> Result<LoadedSet, FileError> {
    let read = consistently(dir, || {
        read_set(dir, &View::read(dir)?, None, Files::All, &Progress::new())
    })?;
    Ok(LoadedSet {
        set: read.set,
        problems: read.problems,
    })
}

/// Runs `load` under the shared commit lock of set folder `dir`; without a
/// lock file, again if a writer made one meanwhile (it may have committed).
fn consistently<T>(
    dir: &Path,
    mut load: impl FnMut() -> Result<T, FileError>,
) -> Result<T, FileError> {
    loop {
        let lock = CommitLock::shared(dir)?;
        let loaded = load()?;
        if lock.is_some() || !CommitLock::appeared(dir) {
            return Ok(loaded);
        }
    }
}

/// What a save wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SaveReport {
    pub files_written: usize,
    pub files_removed: usize,
}

/// The files a save of `set` into `dir` writes and removes.
fn set_txn(set: &AnnotationSet, dir: &Path, txn: &mut Txn) -> Result<(), FileError> {
    let set_path = dir.join(SET_FILE);
    if set.dirty.info || !set_path.exists() {
        let bytes = ron_bytes(&set_path, &SetFile::from_set(set))?;
        txn.writes.push((set_path, bytes));
    }
    let articles_dir = dir.join(SET_ARTICLES_DIR);
    for id in &set.dirty.articles {
        let path = articles_dir.join(format!("{id}.ron"));
        match set.article(id) {
            Some(anns) => {
                let bytes = ron_bytes(&path, &ArticleFile::from_article(anns))?;
                txn.writes.push((path, bytes));
            }
            None if path.symlink_metadata().is_ok() => txn.removes.push(path),
            None => {}
        }
    }
    Ok(())
}

fn clean(set: &mut AnnotationSet) {
    set.dirty.info = false;
    set.dirty.articles.clear();
}

/// Writes what changed in `set` since it was loaded or last saved to folder
/// `dir`, as one transaction: all of it or none. The set stays marked
/// unsaved unless the transaction committed. For a folder no one else
/// writes (generated projects, tests); editors save through
/// [`Project::save`], which holds the writer lock.
pub fn save_set(set: &mut AnnotationSet, dir: &Path) -> Result<SaveReport, FileError> {
    let mut txn = Txn::default();
    set_txn(set, dir, &mut txn)?;
    txn::recover(dir, &RealDisk)?;
    let report = SaveReport {
        files_written: txn.writes.len(),
        files_removed: txn.removes.len(),
    };
    match txn.commit(dir, &RealDisk) {
        Ok(()) => {
            clean(set);
            Ok(report)
        }
        Err(failed) => {
            if failed.committed {
                clean(set);
            }
            Err(failed.error)
        }
    }
}

/// Writes every file of `set` to `dir`, whatever its save state.
pub fn save_set_as(set: &mut AnnotationSet, dir: &Path) -> Result<SaveReport, FileError> {
    set.dirty.info = true;
    set.dirty.articles = set.articles().keys().cloned().collect();
    save_set(set, dir)
}

/// How much of the set an open reads before it returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Every article's annotations.
    Whole,
    /// One article's annotations (this one, else the corpus's first), so a
    /// window shows it at once; [`Project::loader`] reads the rest. A set of
    /// [`READ_WHOLE_UP_TO`] article files or fewer is read whole.
    First(Option<ArticleId>),
}

/// Reads the rest of a set opened in parts (see [`Project::loader`]).
#[derive(Debug)]
pub struct Loader {
    set_dir: PathBuf,
    corpus: Arc<Corpus>,
    files: usize,
}

/// What a [`Loader`] read, for [`Project::finish_loading`].
pub struct Loaded(Read);

impl std::fmt::Debug for Loaded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Loaded")
            .field("articles", &self.0.set.articles().len())
            .finish_non_exhaustive()
    }
}

impl Loader {
    /// About how many article files [`Loader::load`] reads.
    pub fn files(&self) -> usize {
        self.files
    }

    /// Reads the set's files (all of them, as one consistent view under
    /// the commit lock), counting each article file in `progress`;
    /// `Ok(None)` once it was cancelled.
    pub fn load(&self, progress: &Progress) -> Result<Option<Loaded>, FileError> {
        let dir = &self.set_dir;
        let read = consistently(dir, || {
            progress.start(self.files as u64);
            let view = View::read(dir)?;
            read_set(dir, &view, Some(&self.corpus), Files::All, progress)
        });
        match read {
            _ if progress.is_cancelled() => Ok(None),
            Ok(mut read) => {
                // Here, not on the thread that lands it.
                for (path, _) in &mut read.seen {
                    *path = key(path);
                }
                Ok(Some(Loaded(read)))
            }
            Err(e) => Err(e),
        }
    }
}

/// A project folder opened: its settings, articles and the default set.
///
/// Opened read-only ([`Project::open`]: always works, never saves) or for
/// writing ([`Project::open_writable`]: holds the project's writer lock
/// until dropped).
#[derive(Debug)]
pub struct Project {
    pub root: PathBuf,
    pub settings: Settings,
    /// Shared with background work (validation) without copying texts.
    pub corpus: Arc<Corpus>,
    pub set: AnnotationSet,
    /// What was wrong in the files that loaded anyway.
    pub problems: Vec<LoadProblem>,
    writer: Option<WriterLock>,
    /// Each file of the set and the settings as this handle last read or
    /// wrote it (`None`: absent), by [`key`].
    seen: HashMap<PathBuf, Option<Hash>>,
    /// `keep_mine` asked for the settings to be written over another's.
    rewrite_settings: bool,
}

impl Project {
    /// Opens the project in `root` read-only: it takes no lock, so it works
    /// while another process writes, and sees the last commit. Without
    /// `annotations/concord.ron` the articles are `seeds/` if present, else
    /// `root` itself, and the set is the only one under `annotations/`,
    /// else a new one named `default`.
    pub fn open(root: &Path) -> Result<Project, FileError> {
        Self::open_part(root, Part::Whole)
    }

    /// [`Project::open`], reading only `part` of the set now.
    pub fn open_part(root: &Path, part: Part) -> Result<Project, FileError> {
        Self::load(root, None, part)
    }

    /// Opens the project in `root` for writing: takes its writer lock,
    /// waiting up to `wait` for another writer to close, else
    /// [`FileError::Locked`] naming the holder. Finishes a save a dead
    /// writer committed, and removes temporary files of one that died
    /// before committing.
    pub fn open_writable(root: &Path, wait: Duration) -> Result<Project, FileError> {
        Self::open_writable_part(root, wait, Part::Whole)
    }

    /// [`Project::open_writable`], reading only `part` of the set now.
    pub fn open_writable_part(
        root: &Path,
        wait: Duration,
        part: Part,
    ) -> Result<Project, FileError> {
        Self::check_root(root)?;
        let annotations = root.join(ANNOTATIONS_DIR);
        let writer = WriterLock::acquire(&annotations.join(WRITER_LOCK_FILE), wait)?;
        Self::load(root, Some(writer), part)
    }

    /// Opens the same folder again (a reload), keeping this handle's writer
    /// lock if it has one; on failure this handle stays as it was.
    pub fn reopen(&mut self, part: Part) -> Result<Project, FileError> {
        let writer = self.writer.take();
        let writable = writer.is_some();
        match Self::load(&self.root, writer, part) {
            Ok(project) => Ok(project),
            Err(e) => {
                if writable {
                    // The lock went with the failed load; take it back.
                    self.writer = Some(WriterLock::acquire(&self.lock_path(), Duration::ZERO)?);
                }
                Err(e)
            }
        }
    }

    /// A project made in memory (generated, tests): read-only, since no
    /// lock was taken for `root`.
    pub fn in_memory(
        root: PathBuf,
        settings: Settings,
        corpus: Arc<Corpus>,
        set: AnnotationSet,
    ) -> Project {
        Project {
            root,
            settings,
            corpus,
            set,
            problems: Vec::new(),
            writer: None,
            seen: HashMap::new(),
            rewrite_settings: false,
        }
    }

    /// True when this handle cannot save (opened with [`Project::open`]).
    pub fn read_only(&self) -> bool {
        self.writer.is_none()
    }

    fn check_root(root: &Path) -> Result<(), FileError> {
        if root.is_dir() {
            Ok(())
        } else {
            Err(FileError::io(
                root,
                io::Error::new(io::ErrorKind::NotFound, "no such folder"),
            ))
        }
    }

    fn load(root: &Path, writer: Option<WriterLock>, part: Part) -> Result<Project, FileError> {
        Self::check_root(root)?;
        let settings_path = root.join(ANNOTATIONS_DIR).join(SETTINGS_FILE);
        let settings = Self::settings(root, &settings_path)?;
        let set_dir = root.join(ANNOTATIONS_DIR).join(&settings.default_set);
        let corpus_dir = root.join(&settings.articles);
        if writer.is_some() {
            Self::take_over(root, &set_dir, &corpus_dir)?;
        }
        let (settings, settings_hash, corpus, read) = consistently(&set_dir, || {
            let view = View::read(&set_dir)?;
            // The settings may be part of an unfinished commit; the set
            // folder they name cannot change with it (a save never changes
            // `default_set`).
            let (settings, settings_hash) = match view.source(&settings_path) {
                Some(source) if source.exists() => {
                    let (s, _, h) = read_versioned::<Settings>(&settings_path, &source)?;
                    (s, Some(h))
                }
                _ => (settings.clone(), None),
            };
            let corpus = Self::corpus(&corpus_dir, &view)?;
            let files = match &part {
                Part::Whole => Files::All,
                Part::First(Some(id)) => Files::Only(Some(id)),
                Part::First(None) => Files::Only(corpus.articles().next().map(|a| &a.id)),
            };
            let read = read_set(&set_dir, &view, Some(&corpus), files, &Progress::new())?;
            Ok((settings, settings_hash, corpus, read))
        })?;
        let mut seen: HashMap<PathBuf, Option<Hash>> =
            read.seen.into_iter().map(|(p, h)| (key(&p), h)).collect();
        seen.insert(key(&settings_path), settings_hash);
        let mut problems = read.problems;
        problems.extend(corpus.problems().iter().map(|p| LoadProblem {
            path: p.path.clone(),
            line: None,
            message: p.message.clone(),
        }));
        Ok(Project {
            root: root.to_owned(),
            settings,
            corpus: Arc::new(corpus),
            set: read.set,
            problems,
            writer,
            seen,
            rewrite_settings: false,
        })
    }

    /// What a writer does on opening, holding the writer lock: finishes a
    /// commit a dead writer left, and removes the temporary files of one
    /// that died before committing.
    fn take_over(root: &Path, set_dir: &Path, corpus_dir: &Path) -> Result<(), FileError> {
        txn::recover(set_dir, &RealDisk)?;
        let annotations = root.join(ANNOTATIONS_DIR);
        let mut dirs = vec![annotations.clone(), corpus_dir.to_owned()];
        for entry in std::fs::read_dir(&annotations)
            .into_iter()
            .flatten()
            .flatten()
        {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                dirs.push(entry.path());
                dirs.push(entry.path().join(SET_ARTICLES_DIR));
            }
        }
        txn::remove_stale_temps(&dirs)?;
        CommitLock::create(set_dir)
    }

    /// Makes a read-only handle writable once no one else writes the
    /// project: takes the writer lock (without waiting), else
    /// [`FileError::Locked`] naming the holder. The set in memory, edits
    /// included, stays; what the other writer saved meanwhile shows in
    /// [`Project::changed_on_disk`], so it is not overwritten unasked.
    pub fn upgrade(&mut self) -> Result<(), FileError> {
        if self.writer.is_some() {
            return Ok(());
        }
        Self::check_root(&self.root)?;
        let writer = WriterLock::acquire(&self.lock_path(), Duration::ZERO)?;
        let corpus_dir = self.root.join(&self.settings.articles);
        Self::take_over(&self.root, &self.set_dir(), &corpus_dir)?;
        self.writer = Some(writer);
        Ok(())
    }

    fn lock_path(&self) -> PathBuf {
        self.root.join(ANNOTATIONS_DIR).join(WRITER_LOCK_FILE)
    }

    /// Who writes the project, as its lock file names them (process, host,
    /// since when), for a read-only handle; `None` for a writable one, or
    /// when no writer ever named itself.
    pub fn holder(&self) -> Option<String> {
        if self.writer.is_some() {
            return None;
        }
        lock::named_holder(&self.lock_path())
    }

    /// The articles, with new ones of an unfinished commit.
    fn corpus(dir: &Path, view: &View) -> Result<Corpus, FileError> {
        let mut corpus = Corpus::load(dir)?;
        for name in view.written_in(dir) {
            let path = dir.join(&name);
            let is_article = path
                .extension()
                .is_some_and(|e| ARTICLE_EXTENSIONS.iter().any(|x| e == *x));
            let id = ArticleId::new(path.file_stem().unwrap_or_default().to_string_lossy());
            if !is_article || corpus.get(&id).is_some() {
                continue;
            }
            if let Some(source) = view.source(&path).filter(|s| s.exists()) {
                let read = Article::load(&source)?;
                corpus.insert(Article::from_text(id, path, read.text.as_str().to_owned()));
            }
        }
        Ok(corpus)
    }

    fn settings(root: &Path, path: &Path) -> Result<Settings, FileError> {
        if path.exists() {
            return read_versioned(path, path).map(|(s, _, _)| s);
        }
        let articles = if root.join("seeds").is_dir() {
            PathBuf::from("seeds")
        } else {
            PathBuf::from(".")
        };
        let sets: Vec<String> = std::fs::read_dir(root.join(ANNOTATIONS_DIR))
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().join(SET_FILE).is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        let default_set = match sets.as_slice() {
            [only] => only.clone(),
            _ => "default".to_owned(),
        };
        Ok(Settings {
            format: FORMAT_VERSION,
            articles,
            default_set,
        })
    }

    /// What reads the rest of a set opened in parts ([`Part::First`]), on
    /// any thread; `None` once the set is complete.
    pub fn loader(&self) -> Option<Loader> {
        let files = self.set.loading_count();
        (files > 0).then(|| Loader {
            set_dir: self.set_dir(),
            corpus: Arc::clone(&self.corpus),
            // The rest is read with the files read already.
            files: files + self.set.articles().len(),
        })
    }

    /// Puts in what a [`Loader`] read: the annotations of every article
    /// still loading, each file's hash, and the problems found in those
    /// files. What was read before (the set's own file, the first article,
    /// and any edits since) stays as it is: the set's file as read then is
    /// what a save compares against, so a change on disk meanwhile shows
    /// as changed rather than being taken in silently. Returns how many
    /// annotations came in.
    pub fn finish_loading(&mut self, loaded: Loaded) -> usize {
        let Read {
            set: mut full,
            problems,
            seen,
        } = loaded.0;
        let articles_dir = key(&self.set_dir().join(SET_ARTICLES_DIR));
        let landing = |path: &Path, set: &AnnotationSet| {
            path.parent() == Some(articles_dir.as_path())
                && path
                    .file_stem()
                    .is_some_and(|s| set.is_loading(&ArticleId::new(s.to_string_lossy())))
        };
        for (path, hash) in seen {
            if landing(&path, &self.set) {
                self.seen.insert(path, hash);
            }
        }
        self.problems.extend(
            problems
                .into_iter()
                .filter(|p| landing(&key(&p.path), &self.set)),
        );
        // The read marks files dirty only to migrate them, and then all of
        // them, those read before included.
        let migrate = !full.dirty.articles.is_empty();
        full.dirty.articles.clear();
        let count = (full.articles().iter())
            .filter(|(id, _)| self.set.is_loading(id))
            .map(|(_, anns)| anns.annotations().len())
            .sum();
        let mut renamed = Vec::new();
        self.set.land_rest(full, &mut renamed);
        if migrate {
            self.set.dirty.articles = self.set.articles().keys().cloned().collect();
        }
        for (old, new) in renamed {
            let article = self.set.annotation(&new).map(|a| a.article.clone());
            self.problems.push(LoadProblem {
                path: self.set_dir().join(SET_ARTICLES_DIR).join(format!(
                    "{}.ron",
                    article.map(|a| a.to_string()).unwrap_or_default()
                )),
                line: None,
                message: format!(
                    "annotation id {old:?} was given to a new annotation while this file loaded; the one in this file is kept as {new:?}"
                ),
            });
        }
        count
    }

    /// The folder of the open set.
    pub fn set_dir(&self) -> PathBuf {
        self.root
            .join(ANNOTATIONS_DIR)
            .join(&self.settings.default_set)
    }

    fn settings_path(&self) -> PathBuf {
        self.root.join(ANNOTATIONS_DIR).join(SETTINGS_FILE)
    }

    /// Files of the set and the settings that differ on disk from what this
    /// handle loaded or last wrote: changed, removed, or (an article's file)
    /// appeared.
    pub fn changed_on_disk(&self) -> Vec<PathBuf> {
        let mut paths: BTreeSet<PathBuf> = self.seen.keys().cloned().collect();
        let articles_dir = self.set_dir().join(SET_ARTICLES_DIR);
        for entry in std::fs::read_dir(&articles_dir)
            .into_iter()
            .flatten()
            .flatten()
        {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "ron") {
                paths.insert(key(&path));
            }
        }
        paths.into_iter().filter(|p| self.differs(p)).collect()
    }

    /// [`Project::changed_on_disk`] for just `paths` (a watcher's events):
    /// those that are files of the set or the settings and differ, as
    /// [`key`]s. Anything else (articles' texts, Concord's own temporary
    /// and lock files) is passed by.
    pub fn changed_among(&self, paths: impl IntoIterator<Item = PathBuf>) -> Vec<PathBuf> {
        let articles_dir = key(&self.set_dir().join(SET_ARTICLES_DIR));
        let ours = |p: &Path| {
            self.seen.contains_key(p)
                || (p.parent() == Some(articles_dir.as_path())
                    && p.extension().is_some_and(|e| e == "ron"))
        };
        let paths: BTreeSet<PathBuf> = paths.into_iter().map(|p| key(&p)).collect();
        paths
            .into_iter()
            .filter(|p| ours(p) && self.differs(p))
            .collect()
    }

    /// Whether the file at `path` (a [`key`]) is not what this handle saw.
    /// An unreadable file counts as changed.
    fn differs(&self, path: &Path) -> bool {
        if !self.seen.contains_key(path) && self.still_loading(path) {
            return false;
        }
        let seen = self.seen.get(path).copied().flatten();
        hash_on_disk(path).map_or(true, |now| now != seen)
    }

    /// Whether `path` (a [`key`]) is the file of an article whose
    /// annotations are still being read: not seen yet, but not new either.
    fn still_loading(&self, path: &Path) -> bool {
        !self.set.is_complete()
            && path.parent() == Some(key(&self.set_dir().join(SET_ARTICLES_DIR)).as_path())
            && path.extension().is_some_and(|e| e == "ron")
            && (path.file_stem())
                .is_some_and(|s| self.set.is_loading(&ArticleId::new(s.to_string_lossy())))
    }

    /// The editor keeps their version: the next save writes this handle's
    /// set over every file changed on disk (and removes article files that
    /// appeared for articles this set does not have).
    pub fn keep_mine(&mut self) {
        let set_file = key(&self.set_dir().join(SET_FILE));
        let settings = key(&self.settings_path());
        let articles_dir = key(&self.set_dir().join(SET_ARTICLES_DIR));
        for path in self.changed_on_disk() {
            let now = hash_on_disk(&path).ok().flatten();
            if path == set_file {
                self.set.dirty.info = true;
            } else if path == settings {
                self.rewrite_settings = true;
            } else if path.parent() == Some(articles_dir.as_path())
                && let Some(stem) = path.file_stem()
            {
                self.set
                    .dirty
                    .articles
                    .insert(ArticleId::new(stem.to_string_lossy()));
            }
            self.seen.insert(path, now);
        }
    }

    /// Saves what changed, and the settings if the folder has none yet.
    pub fn save(&mut self) -> Result<SaveReport, FileError> {
        self.save_with_articles(&[])
    }

    /// Saves what changed together with new article files (an import's),
    /// as one transaction. Only after it returns `Ok` is the import saved.
    pub fn save_with_articles(&mut self, articles: &[NewArticle]) -> Result<SaveReport, FileError> {
        self.save_on(&RealDisk, articles)
    }

    /// [`Project::save_with_articles`] through `disk` (a test's, to make an
    /// operation fail): [`Project::begin_save`], [`SaveJob::write`] and
    /// [`Project::finish_save`] in a row.
    pub fn save_on(
        &mut self,
        disk: &dyn Disk,
        articles: &[NewArticle],
    ) -> Result<SaveReport, FileError> {
        let job = self.begin_save(articles.to_vec())?;
        let done = job.write(disk);
        self.finish_save(done)
    }

    /// Takes what a save of the set's changes (and `articles`, new article
    /// files) must write, cheaply: each changed article's annotations are
    /// shared, not copied, and nothing is serialised or read here. The
    /// set's unsaved marks go with the job, so edits made while it is
    /// written mark the set unsaved again; [`Project::finish_save`] gives
    /// them back if the save fails. Write the job on any thread, one at a
    /// time (this handle keeps the writer lock meanwhile).
    pub fn begin_save(&mut self, articles: Vec<NewArticle>) -> Result<SaveJob, FileError> {
        if self.read_only() {
            return Err(FileError::ReadOnly {
                path: self.root.clone(),
            });
        }
        let set_dir = self.set_dir();
        let settings_path = self.settings_path();
        let marks = SaveMarks {
            dirty: std::mem::take(&mut self.set.dirty),
            settings: std::mem::take(&mut self.rewrite_settings),
        };
        let set_path = set_dir.join(SET_FILE);
        let set_file =
            (marks.dirty.info || !set_path.exists()).then(|| SetFile::from_set(&self.set));
        let articles_dir = set_dir.join(SET_ARTICLES_DIR);
        let changed = marks
            .dirty
            .articles
            .iter()
            .map(|id| {
                let path = articles_dir.join(format!("{id}.ron"));
                (path, self.set.article(id).cloned())
            })
            .collect::<Vec<_>>();
        let mut seen = HashMap::new();
        let paths = [&settings_path, &set_path]
            .into_iter()
            .chain(changed.iter().map(|(p, _)| p));
        for path in paths {
            let k = key(path);
            if let Some(h) = self.seen.get(&k) {
                seen.insert(k, *h);
            }
        }
        Ok(SaveJob {
            settings: self.settings.clone(),
            set_dir,
            settings_path,
            set_file,
            set_path,
            changed,
            new_articles: articles,
            seen,
            marks,
        })
    }

    /// Records a save written by [`SaveJob::write`]: once committed, the
    /// files' new hashes (so they are not taken for another program's
    /// change) and the new articles; otherwise the set is marked unsaved
    /// again as it was, with whatever changed meanwhile.
    pub fn finish_save(&mut self, done: SaveDone) -> Result<SaveReport, FileError> {
        if !done.committed {
            self.save_lost(done.marks);
            return done.result;
        }
        for (path, hash) in done.written {
            self.seen.insert(key(&path), hash);
        }
        self.settings = done.settings;
        if !done.new_articles.is_empty() {
            let added = done.new_articles.into_iter().map(|a| {
                let id = ArticleId::new(a.path.file_stem().unwrap_or_default().to_string_lossy());
                Article::from_text(id, a.path, a.text)
            });
            self.corpus = Arc::new(Corpus::from_articles(
                self.corpus.dir.clone(),
                self.corpus.articles().cloned().chain(added),
            ));
        }
        done.result
    }

    /// A save whose outcome is unknown (its thread died): the set is marked
    /// unsaved again as before it, so the next save writes it all.
    pub fn save_lost(&mut self, marks: SaveMarks) {
        self.set.dirty.info |= marks.dirty.info;
        self.set.dirty.articles.extend(marks.dirty.articles);
        self.rewrite_settings |= marks.settings;
    }
}

/// The unsaved marks a save took from the set, given back if it fails.
#[derive(Clone, Debug, Default)]
pub struct SaveMarks {
    dirty: crate::core::model::Dirty,
    settings: bool,
}

/// One save, taken from a project by [`Project::begin_save`]: what to write,
/// ready for another thread.
#[derive(Debug)]
pub struct SaveJob {
    set_dir: PathBuf,
    settings_path: PathBuf,
    settings: Settings,
    /// The set file's content, when it is to be written.
    set_file: Option<SetFile>,
    set_path: PathBuf,
    /// Each changed article's file and annotations (`None`: none left).
    changed: Vec<(PathBuf, Option<ArticleAnnotations>)>,
    new_articles: Vec<NewArticle>,
    /// What the project last saw of each file the save may write.
    seen: HashMap<PathBuf, Option<Hash>>,
    marks: SaveMarks,
}

/// A [`SaveJob`] written: hand it to [`Project::finish_save`].
#[derive(Debug)]
pub struct SaveDone {
    result: Result<SaveReport, FileError>,
    /// Past the commit point: the folder holds the new state.
    committed: bool,
    written: Vec<(PathBuf, Option<Hash>)>,
    settings: Settings,
    new_articles: Vec<NewArticle>,
    marks: SaveMarks,
}

impl SaveJob {
    /// The marks to give back with [`Project::save_lost`] should the
    /// thread writing this job die.
    pub fn marks(&self) -> SaveMarks {
        self.marks.clone()
    }

    /// Serialises, checks and commits the save as one transaction: a file
    /// changed on disk since the project saw it is never written over
    /// ([`FileError::ChangedOnDisk`]), and nothing is written then.
    pub fn write(self, disk: &dyn Disk) -> SaveDone {
        let mut written = Vec::new();
        let mut settings = self.settings.clone();
        let (result, committed) = match self.commit(disk, &mut settings, &mut written) {
            Ok(report) => (Ok(report), true),
            Err(Failed { committed, error }) => (Err(error), committed),
        };
        SaveDone {
            result,
            committed,
            written: if committed { written } else { Vec::new() },
            settings: if committed { settings } else { self.settings },
            new_articles: self.new_articles,
            marks: self.marks,
        }
    }

    fn commit(
        &self,
        disk: &dyn Disk,
        settings: &mut Settings,
        written: &mut Vec<(PathBuf, Option<Hash>)>,
    ) -> Result<SaveReport, Failed> {
        // A commit this handle could not finish is finished first, so the
        // files compared below are what it wrote.
        txn::recover(&self.set_dir, disk).map_err(txn::before)?;
        let mut txn = Txn::default();
        let path = &self.settings_path;
        if self.marks.settings || !path.exists() || settings.format < FORMAT_VERSION {
            settings.format = FORMAT_VERSION;
            txn.writes.push((
                path.clone(),
                ron_bytes(path, &*settings).map_err(txn::before)?,
            ));
        }
        if let Some(set_file) = &self.set_file {
            let bytes = ron_bytes(&self.set_path, set_file).map_err(txn::before)?;
            txn.writes.push((self.set_path.clone(), bytes));
        }
        for (path, anns) in &self.changed {
            match anns {
                Some(anns) => {
                    let file = ArticleFile::from_article(anns);
                    let bytes = ron_bytes(path, &file).map_err(txn::before)?;
                    txn.writes.push((path.clone(), bytes));
                }
                None if path.symlink_metadata().is_ok() => txn.removes.push(path.clone()),
                None => {}
            }
        }
        let differs = |p: &Path| -> bool {
            let k = key(p);
            let seen = self.seen.get(&k).copied().flatten();
            hash_on_disk(&k).map_or(true, |now| now != seen)
        };
        let changed: Vec<PathBuf> = txn
            .writes
            .iter()
            .map(|(p, _)| p)
            .chain(&txn.removes)
            // A file gone since is no conflict: writing it loses nothing.
            .filter(|p| p.symlink_metadata().is_ok() && differs(p))
            .cloned()
            .collect();
        if !changed.is_empty() {
            return Err(txn::before(FileError::ChangedOnDisk { paths: changed }));
        }
        let set_files = txn.writes.len();
        for a in &self.new_articles {
            if a.path.symlink_metadata().is_ok() {
                return Err(txn::before(FileError::Invalid {
                    path: a.path.clone(),
                    message: "already exists; not replaced".into(),
                }));
            }
            txn.writes
                .push((a.path.clone(), a.text.clone().into_bytes()));
        }
        let report = SaveReport {
            files_written: txn.writes.len(),
            files_removed: txn.removes.len(),
        };
        let result = txn.commit(&self.set_dir, disk);
        if result.as_ref().is_ok() || result.as_ref().is_err_and(|f| f.committed) {
            // Committed: this is what the folder now holds.
            for (path, bytes) in &txn.writes[..set_files] {
                written.push((path.clone(), Some(hash(bytes))));
            }
            for path in &txn.removes {
                written.push((path.clone(), None));
            }
        }
        // Saved even if only tidying failed, which the next save or
        // writable open redoes.
        result.map(|()| report)
    }
}
