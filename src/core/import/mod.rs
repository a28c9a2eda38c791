//! Import articles and annotations made elsewhere.
//!
//! An import reads its input, checks every record against the project's
//! articles (offsets must land on the text the record quotes) and builds one
//! [`Edit::Batch`]: the window applies it as one undo step, the CLI applies
//! it and saves. Nothing is dropped silently: every record that could not be
//! mapped, every conflict with the set (never overwritten) and every record
//! already present is a [`Problem`] in the report, with file and line (or a
//! JSON path where the input has no useful lines).

use crate::core::article::{Article, Corpus, read_limited};
use crate::core::edit::Edit;
use crate::core::error::{FileError, LineCol};
use crate::core::export::record::{Attributes, OwnedRecord};
use crate::core::model::{
    Annotation, AnnotationId, AnnotationSet, ArticleId, ArticleMeta, Claim, Entity, EntityId,
    EntityKind, Kind, KindName, Proposition, PropositionId, Propositions, Quote, Stance, Symbol,
    Target, Utterance, UtteranceId,
};
use crate::core::progress::{Cancelled, Progress};
use crate::core::text::Span;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

mod articles;
mod brat;
mod doccano;
mod jsonl;
mod label_studio;
mod set;
mod w3c;

/// The largest file an import reads.
pub const MAX_IMPORT_BYTES: u64 = 2 * 1024 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// A folder of `.txt` / `.md` files, or a JSONL of `{id, text, ...}`.
    Articles,
    /// Concord's own jsonl export.
    Jsonl,
    /// A brat standoff folder (or one `.ann` file).
    Brat,
    /// doccano JSONL: `text` and `label: [[start, end, label]]` (or `entities`,
    /// `labels`, `annotations`, `column_label`).
    Doccano,
    /// Label Studio's JSON export of text spans.
    LabelStudio,
    /// W3C Web Annotation JSON-LD as Concord exports it.
    W3c,
    /// The whole set as one RON file.
    Set,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::Articles,
        Format::Jsonl,
        Format::Brat,
        Format::Doccano,
        Format::LabelStudio,
        Format::W3c,
        Format::Set,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Articles => "articles",
            Format::Jsonl => "jsonl",
            Format::Brat => "brat",
            Format::Doccano => "doccano",
            Format::LabelStudio => "label-studio",
            Format::W3c => "w3c",
            Format::Set => "set",
        }
    }
}

/// Where in the input a record is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub file: PathBuf,
    /// 1-based line (and column) where the input has lines.
    pub at: Option<LineCol>,
    /// Which record, where lines say little (pretty JSON, RON): e.g.
    /// `[3].annotations[0].result[2]`.
    pub record: Option<String>,
}

impl Source {
    pub fn file(file: &Path) -> Self {
        Source {
            file: file.to_owned(),
            at: None,
            record: None,
        }
    }

    pub fn line(file: &Path, line: usize) -> Self {
        Source {
            at: Some(LineCol { line, col: 1 }),
            ..Source::file(file)
        }
    }

    pub fn record(file: &Path, record: impl Into<String>) -> Self {
        Source {
            record: Some(record.into()),
            ..Source::file(file)
        }
    }

    fn col(mut self, col: usize) -> Self {
        if let Some(at) = &mut self.at {
            at.col = col;
        }
        self
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(at) = self.at {
            write!(f, ":{at}")?;
        }
        if let Some(record) = &self.record {
            write!(f, " {record}")?;
        }
        Ok(())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProblemKind {
    /// The record could not be mapped and was not imported.
    NotImported,
    /// The record disagrees with the set; the set's version was kept.
    Conflict,
    /// The record is already in the set as it is; nothing to do.
    AlreadyPresent,
    /// Imported, with something worth knowing (e.g. offsets converted).
    Note,
}

impl ProblemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemKind::NotImported => "not imported",
            ProblemKind::Conflict => "conflict",
            ProblemKind::AlreadyPresent => "already present",
            ProblemKind::Note => "note",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub source: Source,
    pub kind: ProblemKind,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.source,
            self.kind.as_str(),
            self.message
        )
    }
}

/// What an import maps, and every record it could not or did not need to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub annotations: usize,
    pub entities: usize,
    pub propositions: usize,
    pub utterances: usize,
    /// Article records (metadata, fingerprint) set.
    pub records: usize,
    /// New article files to write.
    pub articles: usize,
    pub problems: Vec<Problem>,
}

impl ImportReport {
    pub fn count(&self, kind: ProblemKind) -> usize {
        self.problems.iter().filter(|p| p.kind == kind).count()
    }
}

/// An article file an import adds to the articles folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewArticle {
    pub path: PathBuf,
    pub text: String,
}

/// The result of reading an input: apply `edit` (one undo step), write
/// `new_articles` in the same save (`Project::save_with_articles`), show
/// `report`.
#[derive(Debug)]
pub struct Import {
    pub edit: Edit,
    pub new_articles: Vec<NewArticle>,
    pub report: ImportReport,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    File(#[from] FileError),
    #[error("import cancelled")]
    Cancelled(#[from] Cancelled),
}

/// Reads `path` in `format` and maps it onto `set` and `corpus`.
pub fn import(
    format: Format,
    path: &Path,
    set: &AnnotationSet,
    corpus: &Corpus,
    progress: &Progress,
) -> Result<Import, ImportError> {
    let mut b = Builder::new(set, corpus);
    match format {
        Format::Articles => articles::read(&mut b, path, progress)?,
        Format::Jsonl => jsonl::read(&mut b, path, progress)?,
        Format::Brat => brat::read(&mut b, path, progress)?,
        Format::Doccano => doccano::read(&mut b, path, progress)?,
        Format::LabelStudio => label_studio::read(&mut b, path, progress)?,
        Format::W3c => w3c::read(&mut b, path, progress)?,
        Format::Set => set::read(&mut b, path, progress)?,
    }
    Ok(b.finish())
}

/// Reads a whole input file as UTF-8 text.
pub(crate) fn read_text(path: &Path) -> Result<String, FileError> {
    let bytes = read_limited(path, MAX_IMPORT_BYTES)?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let bom = bytes.len() - body.len();
    match String::from_utf8(body.to_vec()) {
        Ok(s) => Ok(s),
        Err(e) => Err(FileError::Utf8 {
            path: path.to_owned(),
            byte: bom + e.utf8_error().valid_up_to(),
        }),
    }
}

/// Parses a whole JSON file, with the error's line and column.
pub(crate) fn parse_json(path: &Path, text: &str) -> Result<serde_json::Value, FileError> {
    serde_json::from_str(text).map_err(|e| json_error(path, &e, 0))
}

fn json_error(path: &Path, e: &serde_json::Error, line_offset: usize) -> FileError {
    FileError::Parse {
        path: path.to_owned(),
        at: LineCol {
            line: line_offset + e.line(),
            col: e.column(),
        },
        message: json_message(e),
    }
}

/// serde_json's message without the position it appends (reported apart).
fn json_message(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    message
        .strip_suffix(&position)
        .unwrap_or(&message)
        .to_owned()
}

/// Each non-blank line of a JSONL file parsed, or a problem naming its line
/// and column. Calls `each` with the line number and value.
pub(crate) fn json_lines(
    b: &mut Builder,
    path: &Path,
    progress: &Progress,
    mut each: impl FnMut(&mut Builder, Source, serde_json::Value),
) -> Result<(), ImportError> {
    let text = read_text(path)?;
    let lines: Vec<&str> = text.lines().collect();
    progress.start(lines.len() as u64);
    for (i, line) in lines.iter().enumerate() {
        progress.advance(1)?;
        if line.trim().is_empty() {
            continue;
        }
        let at = Source::line(path, i + 1);
        match serde_json::from_str(line) {
            Ok(value) => each(b, at, value),
            Err(e) => b.problem(
                at.col(e.column()),
                ProblemKind::NotImported,
                format!("not valid JSON: {}", json_message(&e)),
            ),
        }
    }
    Ok(())
}

/// `claim`, `quote`, `stance` in any case.
pub(crate) fn kind_name(label: &str) -> Option<KindName> {
    KindName::ALL
        .into_iter()
        .find(|k| k.as_str().eq_ignore_ascii_case(label.trim()))
}

pub(crate) fn unknown_label(label: &str) -> String {
    format!("unknown label {label:?} (Concord knows claim, quote, stance)")
}

/// Collects edits and the report while an importer reads its input.
pub(crate) struct Builder<'a> {
    pub set: &'a AnnotationSet,
    pub corpus: &'a Corpus,
    edits: Vec<Edit>,
    new_articles: Vec<NewArticle>,
    new_article_ids: HashSet<ArticleId>,
    report: ImportReport,
    annotation_ids: HashSet<AnnotationId>,
    /// (article, start, end) → the annotations there, to spot the same
    /// annotation under another id.
    spans: HashMap<(ArticleId, usize, usize), Vec<(AnnotationId, Kind)>>,
    entities: HashMap<EntityId, String>,
    propositions: HashMap<PropositionId, String>,
    utterances: HashMap<UtteranceId, String>,
    records: HashSet<ArticleId>,
    by_text: Option<HashMap<&'a str, &'a ArticleId>>,
    next_id: usize,
    now: jiff::Timestamp,
}

impl<'a> Builder<'a> {
    pub fn new(set: &'a AnnotationSet, corpus: &'a Corpus) -> Self {
        let mut spans: HashMap<_, Vec<_>> = HashMap::new();
        for a in set.annotations() {
            let key = (a.article.clone(), a.span.start, a.span.end);
            spans
                .entry(key)
                .or_default()
                .push((a.id.clone(), a.kind.clone()));
        }
        Builder {
            set,
            corpus,
            edits: Vec::new(),
            new_articles: Vec::new(),
            new_article_ids: HashSet::new(),
            report: ImportReport::default(),
            annotation_ids: HashSet::new(),
            spans,
            entities: HashMap::new(),
            propositions: HashMap::new(),
            utterances: HashMap::new(),
            records: HashSet::new(),
            by_text: None,
            next_id: 0,
            now: jiff::Timestamp::now(),
        }
    }

    pub fn finish(self) -> Import {
        Import {
            edit: Edit::Batch(self.edits),
            new_articles: self.new_articles,
            report: self.report,
        }
    }

    pub fn problem(&mut self, source: Source, kind: ProblemKind, message: impl Into<String>) {
        self.report.problems.push(Problem {
            source,
            kind,
            message: message.into(),
        });
    }

    pub fn now(&self) -> jiff::Timestamp {
        self.now
    }

    /// A new annotation id no annotation in the set or this import uses.
    pub fn fresh_id(&mut self) -> AnnotationId {
        loop {
            self.next_id += 1;
            let id = AnnotationId::new(format!("imported{}", self.next_id));
            if self.set.annotation(&id).is_none() && !self.annotation_ids.contains(&id) {
                return id;
            }
        }
    }

    /// The project's article for a record: by id when the corpus has it,
    /// else by identical text. The text, when given, must match.
    pub fn find_article(
        &mut self,
        id: Option<&str>,
        text: Option<&str>,
    ) -> Result<&'a Article, String> {
        if let Some(article) = id.and_then(|id| self.corpus.get(&ArticleId::new(id))) {
            return match text {
                Some(t) if t != article.text.as_str() => Err(format!(
                    "the text of article {} differs from the text in the file",
                    article.id
                )),
                _ => Ok(article),
            };
        }
        if let Some(text) = text {
            let corpus = self.corpus;
            let by_text = self.by_text.get_or_insert_with(|| {
                corpus
                    .articles()
                    .map(|a| (a.text.as_str(), &a.id))
                    .collect()
            });
            if let Some(article) = by_text.get(text).and_then(|id| corpus.get(id)) {
                return Ok(article);
            }
        }
        Err(match id {
            Some(id) => format!(
                "article {id} is not in the project's articles (import it first with --format articles)"
            ),
            None => "no article in the project has this text (import the articles first with --format articles)".into(),
        })
    }

    /// As [`Builder::find_article`], but a record that brings its whole
    /// text (Concord's jsonl and brat exports) and whose article the project
    /// lacks becomes a new article file, so an export recreates a project
    /// in an empty folder. A project article with the id and another text
    /// stays an error.
    pub fn find_or_add_article(
        &mut self,
        id: Option<&str>,
        text: Option<&str>,
    ) -> Result<std::borrow::Cow<'a, Article>, String> {
        let why = match self.find_article(id, text) {
            Ok(a) => return Ok(std::borrow::Cow::Borrowed(a)),
            Err(why) => why,
        };
        let (Some(id), Some(text)) = (id, text) else {
            return Err(why);
        };
        let article_id = ArticleId::new(id);
        if self.corpus.get(&article_id).is_some() {
            return Err(why);
        }
        articles::check_id(id)?;
        let path = self.corpus.dir.join(format!("{id}.txt"));
        let new = Article::from_text(article_id, path.clone(), text.to_owned());
        let file = NewArticle {
            path,
            text: text.to_owned(),
        };
        if !self.new_article(&new.id, file) {
            return Err(format!("article id {id} is used twice in the input"));
        }
        Ok(std::borrow::Cow::Owned(new))
    }

    /// Puts a carried registry in place, each entry as it is.
    pub fn registry(&mut self, at: &Source, r: crate::core::export::record::Registry) {
        for e in r.entities.into_owned() {
            self.full_entity(at, e);
        }
        for p in r.propositions.into_owned() {
            self.full_proposition(at, p);
        }
        for u in r.utterances.into_owned() {
            self.full_utterance(at, u);
        }
    }

    /// The span `start..end` of `article`, checked against `quoted`.
    pub fn span(
        &self,
        article: &Article,
        start: usize,
        end: usize,
        quoted: Option<&str>,
    ) -> Result<Span, String> {
        let span = article
            .text
            .span(start..end)
            .map_err(|e| format!("{e} in article {}", article.id))?;
        if span.is_empty() {
            return Err(format!("span {start}..{end} is empty"));
        }
        match quoted {
            Some(q) if q != span.exact() => Err(format!(
                "wrong offsets: article {} has {:?} at {start}..{end}, the file says {q:?}",
                article.id,
                span.exact()
            )),
            _ => Ok(span),
        }
    }

    /// Adds `a` unless its id or its span and kind are already taken.
    pub fn annotation(&mut self, at: Source, a: Annotation) {
        if let Some(existing) = self.set.annotation(&a.id) {
            if *existing == a {
                self.problem(
                    at,
                    ProblemKind::AlreadyPresent,
                    format!("annotation {} is already in the set", a.id),
                );
            } else {
                self.problem(
                    at,
                    ProblemKind::Conflict,
                    format!(
                        "annotation {} differs from the one in the set, which was kept",
                        a.id
                    ),
                );
            }
            return;
        }
        if !self.annotation_ids.insert(a.id.clone()) {
            self.problem(
                at,
                ProblemKind::NotImported,
                format!("annotation id {} is used twice in the input", a.id),
            );
            return;
        }
        let there = self
            .spans
            .entry((a.article.clone(), a.span.start, a.span.end))
            .or_default();
        if let Some((same, _)) = there.iter().find(|(_, kind)| *kind == a.kind) {
            let message = format!(
                "article {} already has this {} at {}..{} as annotation {same}",
                a.article,
                a.kind.name().as_str(),
                a.span.start,
                a.span.end
            );
            self.problem(at, ProblemKind::AlreadyPresent, message);
            return;
        }
        there.push((a.id.clone(), a.kind.clone()));
        self.report.annotations += 1;
        self.edits.push(Edit::AddAnnotation(Box::new(a)));
    }

    /// Makes sure entity `id` exists; a new one gets `name`.
    pub fn entity(&mut self, at: &Source, id: &str, name: Option<&str>) -> EntityId {
        let eid = EntityId::new(id);
        let name = name.filter(|n| !n.is_empty());
        if let Some(e) = self.set.entities().get(&eid) {
            if let Some(n) = name.filter(|n| !e.names().any(|x| x == *n)) {
                self.problem(
                    at.clone(),
                    ProblemKind::Conflict,
                    format!(
                        "entity {id} is {:?} in the set and {n:?} in the file; kept {:?}",
                        e.name, e.name
                    ),
                );
            }
        } else if let Some(known) = self.entities.get(&eid) {
            if let Some(n) = name.filter(|n| n != known) {
                self.problem(
                    at.clone(),
                    ProblemKind::Conflict,
                    format!(
                        "entity {id} is named both {known:?} and {n:?} in the file; kept {known:?}"
                    ),
                );
            }
        } else {
            let name = name.unwrap_or(id).to_owned();
            self.entities.insert(eid.clone(), name.clone());
            self.report.entities += 1;
            self.edits.push(Edit::PutEntity(Entity {
                id: eid.clone(),
                name,
                kind: EntityKind::Other,
                aliases: Vec::new(),
            }));
        }
        eid
    }

    /// Puts `e` as it is when the set has no entity with its id.
    pub fn full_entity(&mut self, at: &Source, e: Entity) {
        match self.set.entities().get(&e.id) {
            Some(have) if *have == e => {}
            Some(_) => self.problem(
                at.clone(),
                ProblemKind::Conflict,
                format!(
                    "entity {} differs from the one in the set, which was kept",
                    e.id
                ),
            ),
            None => {
                self.entities.insert(e.id.clone(), e.name.clone());
                self.report.entities += 1;
                self.edits.push(Edit::PutEntity(e));
            }
        }
    }

    pub fn proposition(&mut self, at: &Source, id: &str, statement: Option<&str>) -> PropositionId {
        let pid = PropositionId::new(id);
        let have = self
            .set
            .propositions()
            .get(&pid)
            .map(|p| p.statement.clone())
            .or_else(|| self.propositions.get(&pid).cloned());
        match (have, statement) {
            (Some(have), Some(s)) if have != s => self.problem(
                at.clone(),
                ProblemKind::Conflict,
                format!("proposition {id} reads {have:?}, the file says {s:?}; kept the first"),
            ),
            (Some(_), _) => {}
            (None, s) => {
                let statement = s.unwrap_or_default().to_owned();
                self.propositions.insert(pid.clone(), statement.clone());
                self.report.propositions += 1;
                self.edits.push(Edit::PutProposition(Proposition {
                    id: pid.clone(),
                    statement,
                }));
            }
        }
        pid
    }

    pub fn utterance(
        &mut self,
        at: &Source,
        id: &str,
        wording: Option<&str>,
        speaker: Option<EntityId>,
    ) -> UtteranceId {
        let uid = UtteranceId::new(id);
        let have = self
            .set
            .utterances()
            .get(&uid)
            .map(|u| u.wording.clone())
            .or_else(|| self.utterances.get(&uid).cloned());
        match (have, wording) {
            (Some(have), Some(w)) if have != w => self.problem(
                at.clone(),
                ProblemKind::Conflict,
                format!("utterance {id} reads {have:?}, the file says {w:?}; kept the first"),
            ),
            (Some(_), _) => {}
            (None, w) => {
                let wording = w.unwrap_or_default().to_owned();
                self.utterances.insert(uid.clone(), wording.clone());
                self.report.utterances += 1;
                self.edits.push(Edit::PutUtterance(Utterance {
                    id: uid.clone(),
                    speaker,
                    wording,
                }));
            }
        }
        uid
    }

    /// Puts a proposition or utterance as it is, as [`Builder::full_entity`].
    pub fn full_proposition(&mut self, at: &Source, p: Proposition) {
        if self
            .set
            .propositions()
            .get(&p.id)
            .is_some_and(|have| *have != p)
        {
            self.problem(
                at.clone(),
                ProblemKind::Conflict,
                format!(
                    "proposition {} differs from the one in the set, which was kept",
                    p.id
                ),
            );
        } else if !self.set.propositions().contains_key(&p.id) {
            self.proposition(at, p.id.as_str(), Some(&p.statement));
        }
    }

    pub fn full_utterance(&mut self, at: &Source, u: Utterance) {
        if self
            .set
            .utterances()
            .get(&u.id)
            .is_some_and(|have| *have != u)
        {
            self.problem(
                at.clone(),
                ProblemKind::Conflict,
                format!(
                    "utterance {} differs from the one in the set, which was kept",
                    u.id
                ),
            );
        } else if !self.set.utterances().contains_key(&u.id) {
            self.utterance(at, u.id.as_str(), Some(&u.wording), u.speaker);
        }
    }

    /// Records an article's metadata and fingerprint where the set has none.
    pub fn record(&mut self, at: &Source, article: &Article, meta: ArticleMeta) {
        if !self.records.insert(article.id.clone()) {
            return;
        }
        let have = self
            .set
            .article(&article.id)
            .map(|a| a.record.clone())
            .unwrap_or_default();
        if have.fingerprint.is_empty() {
            self.edits.push(Edit::SetFingerprint {
                article: article.id.clone(),
                fingerprint: article.fingerprint.clone(),
            });
        }
        if meta.is_empty() || meta == have.meta {
            return;
        }
        if have.meta.is_empty() {
            self.report.records += 1;
            self.edits.push(Edit::SetArticleMeta {
                article: article.id.clone(),
                meta,
            });
        } else {
            self.problem(
                at.clone(),
                ProblemKind::Conflict,
                format!("article {} already has other metadata; kept it", article.id),
            );
        }
    }

    /// Adds a new article file; false if the input already added `id`.
    pub fn new_article(&mut self, id: &ArticleId, a: NewArticle) -> bool {
        if !self.new_article_ids.insert(id.clone()) {
            return false;
        }
        self.report.articles += 1;
        self.new_articles.push(a);
        true
    }

    pub fn set_info(&mut self, at: &Source, info: crate::core::model::SetInfo) {
        let set = self.set;
        let empty = set.annotation_count() == 0
            && set.entities().is_empty()
            && set.propositions().is_empty()
            && set.utterances().is_empty();
        if empty {
            self.edits.push(Edit::SetInfo(info));
        } else if *set.info() != info {
            self.problem(
                at.clone(),
                ProblemKind::Conflict,
                "the set's name, annotator, schema and rules were kept".to_owned(),
            );
        }
    }

    /// The annotation a [`OwnedRecord`] describes (jsonl span, W3C body),
    /// with every entity, proposition and utterance it names put in place.
    pub fn annotation_of(
        &mut self,
        at: &Source,
        article: &Article,
        r: OwnedRecord,
    ) -> Result<Annotation, String> {
        let span = self.span(article, r.start, r.end, Some(&r.text))?;
        let kind = self.kind(at, article, r.label, r.attributes)?;
        Ok(Annotation {
            id: AnnotationId::new(&r.id),
            article: article.id.clone(),
            span,
            author: Symbol::new(&r.author),
            created: r.created,
            modified: r.modified,
            note: r.note.into_owned(),
            tags: r.tags.into_owned(),
            kind,
        })
    }

    pub fn kind(
        &mut self,
        at: &Source,
        article: &Article,
        label: KindName,
        a: Attributes,
    ) -> Result<Kind, String> {
        let entity = |b: &mut Self,
                      id: Option<std::borrow::Cow<str>>,
                      name: Option<std::borrow::Cow<str>>| {
            id.map(|id| b.entity(at, &id, name.as_deref()))
        };
        Ok(match label {
            KindName::Claim => {
                let attributed_to = entity(self, a.attributed_to, a.attributed_to_name);
                let mut propositions = Propositions::new();
                for (k, p) in a.propositions.iter().enumerate() {
                    let statement = a
                        .proposition_statements
                        .get(k)
                        .map(|s| s.as_ref())
                        .filter(|s| !s.is_empty());
                    let id = self.proposition(at, p, statement);
                    if !propositions.contains(&id) {
                        propositions.push(id);
                    }
                }
                Kind::Claim(Claim {
                    propositions,
                    worthiness: a.worthiness.unwrap_or_default(),
                    attributed_to,
                    modality: a.modality.unwrap_or_default(),
                })
            }
            KindName::Quote => {
                let speaker = entity(self, a.speaker, a.speaker_name);
                let via = entity(self, a.via, a.via_name);
                let cue = match (a.cue_start, a.cue_end) {
                    (Some(s), Some(e)) => Some(
                        self.span(article, s, e, a.cue_text.as_deref())
                            .map_err(|m| format!("cue: {m}"))?,
                    ),
                    (None, None) => None,
                    _ => return Err("a cue needs both cue_start and cue_end".into()),
                };
                let utterance_speaker = match a.utterance_speaker {
                    Some(s) => Some(self.entity(at, &s, None)),
                    None => speaker.clone(),
                };
                Kind::Quote(Quote {
                    speaker,
                    mode: a.mode.unwrap_or_default(),
                    cue: cue.map(Box::new),
                    utterance: a.utterance.map(|u| {
                        self.utterance(at, &u, a.utterance_wording.as_deref(), utterance_speaker)
                    }),
                    via,
                    language: a
                        .quote_language
                        .map(|l| Symbol::new(&l))
                        .unwrap_or_default(),
                    translated: a.translated.unwrap_or(false),
                })
            }
            KindName::Stance => {
                let holder = entity(self, a.holder, a.holder_name);
                let target =
                    match (a.target_type.as_deref(), a.target) {
                        (_, None) => None,
                        (Some("proposition"), Some(p)) => Some(Target::Proposition(
                            self.proposition(at, &p, a.target_name.as_deref()),
                        )),
                        (Some("entity") | None, Some(e)) => Some(Target::Entity(self.entity(
                            at,
                            &e,
                            a.target_name.as_deref(),
                        ))),
                        (Some(other), Some(_)) => {
                            return Err(format!(
                                "unknown target_type {other:?} (entity or proposition)"
                            ));
                        }
                    };
                Kind::Stance(Stance {
                    holder,
                    target,
                    polarity: a.polarity,
                })
            }
        })
    }
}
