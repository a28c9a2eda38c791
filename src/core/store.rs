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
//! diff and merge cleanly. Every write is atomic.

use crate::core::article::{Corpus, read_limited};
use crate::core::error::{FileError, LineCol};
use crate::core::model::{
    Annotation, AnnotationSet, ArticleAnnotations, ArticleId, ArticleMeta, ArticleRecord, Entity,
    Proposition, RuleLevel, SetInfo, TagSchema, Utterance,
};
use rayon::prelude::*;
use ron::extensions::Extensions;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
#[derive(Serialize, Deserialize)]
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
        }
    }

    pub fn into_article(self, id: &ArticleId) -> ArticleAnnotations {
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

/// Reads a versioned Concord RON file, refusing newer formats.
fn read_versioned<T: DeserializeOwned + HasFormat>(path: &Path) -> Result<T, FileError> {
    let bytes = read_limited(path, MAX_RON_BYTES)?;
    let text = std::str::from_utf8(&bytes).map_err(|e| FileError::Utf8 {
        path: path.to_owned(),
        byte: e.valid_up_to(),
    })?;
    let newer = |found: u32| FileError::NewerFormat {
        path: path.to_owned(),
        found,
        supported: FORMAT_VERSION,
    };
    match parse_ron::<T>(path, text) {
        Ok(value) if value.format() > FORMAT_VERSION => Err(newer(value.format())),
        // Format 2 only adds fields and reads format 1's single claim
        // `proposition` (see `model::Claim`), so an older file migrates by
        // parsing; its set is then written whole as the current format.
        Ok(value) => Ok(value),
        Err(err) => match ron_options().from_str::<Versioned>(text) {
            Ok(v) if v.format > FORMAT_VERSION => Err(newer(v.format)),
            _ => Err(err),
        },
    }
}

/// Writes `path` atomically: a temporary file in the same folder is written
/// and synced, renamed over `path`, and the folder is synced. On any failure
/// the previous file is untouched and the temporary file is removed.
pub fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".concord-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    {
        let mut out = io::BufWriter::new(tmp.as_file_mut());
        write(&mut out)?;
        out.flush()?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir)
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

fn write_ron<T: Serialize>(path: &Path, value: &T) -> Result<(), FileError> {
    let text = to_ron(value).map_err(|e| FileError::Invalid {
        path: path.to_owned(),
        message: e.to_string(),
    })?;
    write_atomic(path, |w| w.write_all(text.as_bytes())).map_err(|e| FileError::io(path, e))
}

/// Writes `annotations/concord.ron` into `annotations_dir`.
pub fn write_settings(annotations_dir: &Path, settings: &Settings) -> Result<(), FileError> {
    write_ron(&annotations_dir.join(SETTINGS_FILE), settings)
}

/// Reads the set stored in folder `dir`; a missing folder is a new, empty set
/// named after it.
pub fn load_set(dir: &Path) -> Result<AnnotationSet, FileError> {
    let set_path = dir.join(SET_FILE);
    if !set_path.exists() {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        return Ok(AnnotationSet::new(SetInfo {
            name,
            ..SetInfo::default()
        }));
    }
    let set_file = read_versioned::<SetFile>(&set_path)?;
    let mut outdated = set_file.format < FORMAT_VERSION;
    let (info, entities, propositions, utterances) = set_file.into_parts();
    let articles_dir = dir.join(SET_ARTICLES_DIR);
    let mut paths = Vec::new();
    if articles_dir.exists() {
        for entry in
            std::fs::read_dir(&articles_dir).map_err(|e| FileError::io(&articles_dir, e))?
        {
            let path = entry.map_err(|e| FileError::io(&articles_dir, e))?.path();
            if path.extension().is_some_and(|e| e == "ron") {
                paths.push(path);
            }
        }
    }
    let articles = paths
        .par_iter()
        .map(|path| {
            let id = ArticleId::new(
                path.file_stem()
                    .map(|s| s.to_string_lossy())
                    .unwrap_or_default(),
            );
            let file = read_versioned::<ArticleFile>(path)?;
            Ok((id.clone(), (file.format, file.into_article(&id))))
        })
        .collect::<Result<BTreeMap<_, _>, FileError>>()?;
    outdated |= articles
        .values()
        .any(|(format, _)| *format < FORMAT_VERSION);
    let articles = articles.into_iter().map(|(id, (_, a))| (id, a)).collect();
    let mut set = AnnotationSet::from_parts(info, entities, propositions, utterances, articles);
    if outdated {
        // Migrated on load: the next save rewrites every file in this
        // format, so no set is left half in each.
        set.dirty.info = true;
        set.dirty.articles = set.articles().keys().cloned().collect();
    }
    Ok(set)
}

/// What a save wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SaveReport {
    pub files_written: usize,
    pub files_removed: usize,
}

/// Writes what changed in `set` since it was loaded or last saved to folder
/// `dir`. Files already written stay marked clean if a later one fails, so
/// saving again retries only what is left.
pub fn save_set(set: &mut AnnotationSet, dir: &Path) -> Result<SaveReport, FileError> {
    let mut report = SaveReport::default();
    if set.dirty.info || !dir.join(SET_FILE).exists() {
        write_ron(&dir.join(SET_FILE), &SetFile::from_set(set))?;
        set.dirty.info = false;
        report.files_written += 1;
    }
    let articles_dir = dir.join(SET_ARTICLES_DIR);
    let dirty: Vec<ArticleId> = set.dirty.articles.iter().cloned().collect();
    for id in dirty {
        let path = articles_dir.join(format!("{id}.ron"));
        match set.article(&id) {
            Some(anns) => {
                write_ron(&path, &ArticleFile::from_article(anns))?;
                report.files_written += 1;
            }
            None => match std::fs::remove_file(&path) {
                Ok(()) => report.files_removed += 1,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(FileError::io(&path, e)),
            },
        }
        set.dirty.articles.remove(&id);
    }
    Ok(report)
}

/// Writes every file of `set` to `dir`, whatever its save state.
pub fn save_set_as(set: &mut AnnotationSet, dir: &Path) -> Result<SaveReport, FileError> {
    set.dirty.info = true;
    set.dirty.articles = set.articles().keys().cloned().collect();
    save_set(set, dir)
}

/// A project folder opened: its settings, articles and the default set.
#[derive(Debug)]
pub struct Project {
    pub root: PathBuf,
    pub settings: Settings,
    /// Shared with background work (validation) without copying texts.
    pub corpus: Arc<Corpus>,
    pub set: AnnotationSet,
}

impl Project {
    /// Opens the project in `root`. Without `annotations/concord.ron` the
    /// articles are `seeds/` if present, else `root` itself, and the set is
    /// the only one under `annotations/`, else a new one named `default`.
    pub fn open(root: &Path) -> Result<Project, FileError> {
        if !root.is_dir() {
            return Err(FileError::io(
                root,
                io::Error::new(io::ErrorKind::NotFound, "no such folder"),
            ));
        }
        let settings = Self::settings(root)?;
        let corpus = Arc::new(Corpus::load(&root.join(&settings.articles))?);
        let set = load_set(&root.join(ANNOTATIONS_DIR).join(&settings.default_set))?;
        Ok(Project {
            root: root.to_owned(),
            settings,
            corpus,
            set,
        })
    }

    fn settings(root: &Path) -> Result<Settings, FileError> {
        let path = root.join(ANNOTATIONS_DIR).join(SETTINGS_FILE);
        if path.exists() {
            return read_versioned(&path);
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

    /// The folder of the open set.
    pub fn set_dir(&self) -> PathBuf {
        self.root
            .join(ANNOTATIONS_DIR)
            .join(&self.settings.default_set)
    }

    /// Saves what changed, and the settings if the folder has none yet.
    pub fn save(&mut self) -> Result<SaveReport, FileError> {
        let annotations = self.root.join(ANNOTATIONS_DIR);
        let mut extra = 0;
        if !annotations.join(SETTINGS_FILE).exists() || self.settings.format < FORMAT_VERSION {
            self.settings.format = FORMAT_VERSION;
            write_settings(&annotations, &self.settings)?;
            extra = 1;
        }
        let dir = self.set_dir();
        let mut report = save_set(&mut self.set, &dir)?;
        report.files_written += extra;
        Ok(report)
    }
}
