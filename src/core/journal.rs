//! The unsaved-edit journal: what the editor changed since the last save,
//! kept on disk so a crash or a killed window loses at most the last moment.
//!
//! `annotations/<set>/.concord-journal` is JSON lines: a header naming the
//! set and a fingerprint of the saved files the edits apply to, then one
//! [`Edit`] per line in the order they were applied (undo and redo are
//! journaled as the edits they apply). It is only appended to, each append
//! fsynced, and removed after a successful save. On the next start
//! [`pending`] reads what would be restored; a torn last line (the process
//! died mid-write) is ignored and reported. Restoring goes through
//! [`crate::core::edit::apply`] like any edit: [`restore`] makes one undo step
//! of the edits that still apply and reports the rest.

use crate::core::article::read_limited;
use crate::core::edit::{Edit, EditError, apply};
use crate::core::error::FileError;
use crate::core::model::AnnotationSet;
use crate::core::store::MAX_RON_BYTES;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The journal's file name inside the set's folder. Starts with a dot, so
/// tools listing annotation files pass it by.
pub const JOURNAL_FILE: &str = ".concord-journal";

/// The journal format this version writes and reads.
const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    concord_journal: u32,
    set: String,
    /// [`fingerprint`] of the saved set the edits apply to.
    base: String,
}

/// The journal of the set in `set_dir`.
pub fn path(set_dir: &Path) -> PathBuf {
    set_dir.join(JOURNAL_FILE)
}

/// A fingerprint of the saved files of the set in `set_dir`: every file's
/// path, size and modification time (hidden files such as the journal, temp
/// files and locks left out). Cheap enough to take after every save, and it
/// changes when anything rewrites a file.
pub fn fingerprint(set_dir: &Path) -> String {
    let mut files = Vec::new();
    collect(set_dir, Path::new(""), &mut files);
    files.sort();
    let mut hash = Sha256::new();
    for (name, len, modified) in files {
        hash.update(name.as_bytes());
        hash.update([0]);
        hash.update(len.to_le_bytes());
        hash.update(modified.to_le_bytes());
    }
    let mut s = String::from("files-sha256:");
    for byte in hash.finalize() {
        s.push_str(&format!("{byte:02x}"));
    }
    s
}

fn collect(dir: &Path, rel: &Path, out: &mut Vec<(String, u64, u128)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let rel = rel.join(&name);
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        if meta.is_dir() {
            collect(&entry.path(), &rel, out);
        } else {
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            out.push((rel.to_string_lossy().into_owned(), meta.len(), modified));
        }
    }
}

/// Appends applied edits to the journal of one set.
#[derive(Debug)]
pub struct Journal {
    set_dir: PathBuf,
    set: String,
    base: String,
    /// Open once the first edit since the last save was written.
    file: Option<File>,
}

impl Journal {
    /// A journal for the set `set` in `set_dir`, whose saved files are as
    /// they are now. Writes nothing until [`Journal::append`].
    pub fn new(set_dir: &Path, set: &str) -> Self {
        Journal {
            set_dir: set_dir.to_owned(),
            set: set.to_owned(),
            base: fingerprint(set_dir),
            file: None,
        }
    }

    pub fn path(&self) -> PathBuf {
        path(&self.set_dir)
    }

    /// The fingerprint of the saved state the journal applies to.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// True once something was written since the last save.
    pub fn is_written(&self) -> bool {
        self.file.is_some()
    }

    /// Appends `edits` and waits until they are on disk. The first append
    /// after a save starts a new file (replacing any older journal).
    pub fn append(&mut self, edits: &[Edit]) -> Result<(), FileError> {
        if edits.is_empty() {
            return Ok(());
        }
        let path = self.path();
        let io = |e: io::Error| FileError::io(&path, e);
        let mut buf = Vec::new();
        let fresh = self.file.is_none();
        if fresh {
            let header = Header {
                concord_journal: VERSION,
                set: self.set.clone(),
                base: self.base.clone(),
            };
            line(&mut buf, &header).map_err(io)?;
        }
        for edit in edits {
            line(&mut buf, edit).map_err(io)?;
        }
        if fresh {
            std::fs::create_dir_all(&self.set_dir).map_err(|e| FileError::io(&self.set_dir, e))?;
            self.file = Some(File::create(&path).map_err(io)?);
        }
        let Some(file) = self.file.as_mut() else {
            return Ok(());
        };
        let written = file.write_all(&buf).and_then(|()| file.sync_data());
        if let Err(e) = written {
            // A half-written line is a torn line for the reader; the next
            // append starts over with everything still unsaved.
            self.file = None;
            return Err(io(e));
        }
        if fresh {
            sync_dir(&self.set_dir);
        }
        Ok(())
    }

    /// After a successful save: the journal goes, and later edits apply to
    /// the files just written.
    pub fn saved(&mut self) -> Result<(), FileError> {
        self.file = None;
        self.base = fingerprint(&self.set_dir);
        remove(&self.set_dir)
    }
}

fn line(buf: &mut Vec<u8>, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *buf, value).map_err(io::Error::other)?;
    buf.push(b'\n');
    Ok(())
}

/// Makes a new file's name durable, where the system allows it.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Removes the journal of the set in `set_dir`, if there is one.
pub fn remove(set_dir: &Path) -> Result<(), FileError> {
    let path = path(set_dir);
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(FileError::io(&path, e)),
    }
}

/// A journal left by an earlier run: what would be restored.
#[derive(Debug)]
pub struct Pending {
    pub path: PathBuf,
    /// The set the journal names.
    pub set: String,
    /// False when the saved files changed since the edits were journaled
    /// (a later save, another program): some edits may no longer apply.
    pub base_matches: bool,
    /// In the order they were applied.
    pub edits: Vec<Edit>,
    /// Lines that could not be read (a torn last line after a crash).
    pub problems: Vec<String>,
}

impl Pending {
    /// How many changes of each kind the edits make, batches counted by
    /// their parts, in a fixed order.
    pub fn counts(&self) -> Vec<(&'static str, usize)> {
        let mut counts: Vec<(&'static str, usize)> = Vec::new();
        let mut visit: Vec<&Edit> = self.edits.iter().rev().collect();
        while let Some(edit) = visit.pop() {
            if let Edit::Batch(edits) = edit {
                visit.extend(edits.iter().rev());
                continue;
            }
            let kind = kind(edit);
            match counts.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, n)) => *n += 1,
                None => counts.push((kind, 1)),
            }
        }
        counts
    }
}

/// Reads the journal of the set in `set_dir`; `None` when there is none or
/// it holds no edit.
pub fn pending(set_dir: &Path) -> Result<Option<Pending>, FileError> {
    let path = path(set_dir);
    // Through `read_limited`: a FIFO or device in the journal's place is an
    // error, never a wait.
    let bytes = match read_limited(&path, MAX_RON_BYTES) {
        Ok(bytes) => bytes,
        Err(FileError::Io { error, .. }) if error.kind() == io::ErrorKind::NotFound => {
            return Ok(None);
        }
        Err(e) => return Err(e),
    };
    let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    // A final newline ends the last line; nothing follows it.
    if lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let Some(first) = lines.first() else {
        return Ok(None);
    };
    let header: Header = serde_json::from_slice(first).map_err(|e| FileError::Invalid {
        path: path.clone(),
        message: format!("not a Concord journal ({e})"),
    })?;
    if header.concord_journal > VERSION {
        return Err(FileError::NewerFormat {
            path,
            found: header.concord_journal,
            supported: VERSION,
        });
    }
    let mut edits = Vec::new();
    let mut problems = Vec::new();
    let count = lines.len();
    for (i, l) in lines.iter().enumerate().skip(1) {
        match serde_json::from_slice::<Edit>(l) {
            Ok(edit) => edits.push(edit),
            Err(_) if i + 1 == count => {
                problems.push(format!(
                    "line {} was cut off (the window stopped while writing it); that edit is not restored",
                    i + 1
                ));
            }
            Err(e) => {
                // Later edits may depend on this one: stop here.
                problems.push(format!(
                    "line {} could not be read ({e}); it and the {} edit(s) after it are not restored",
                    i + 1,
                    count - i - 1
                ));
                break;
            }
        }
    }
    if edits.is_empty() && problems.is_empty() {
        return Ok(None);
    }
    Ok(Some(Pending {
        base_matches: header.base == fingerprint(set_dir),
        path,
        set: header.set,
        edits,
        problems,
    }))
}

/// What restoring a journal onto a set would do.
#[derive(Debug)]
pub struct Restore {
    /// The edits that apply, as one batch (one undo step); `None` if none do.
    pub edit: Option<Edit>,
    pub applied: usize,
    /// Edits that no longer apply, described, with why.
    pub refused: Vec<String>,
}

/// Sorts `edits` into those that apply to `set` in order and those that no
/// longer do (tried on a copy; `set` is not changed).
pub fn restore(set: &AnnotationSet, edits: Vec<Edit>) -> Restore {
    let mut scratch = set.clone();
    let mut keep = Vec::new();
    let mut refused = Vec::new();
    for edit in edits {
        match apply(&mut scratch, edit.clone()) {
            Ok(_) => keep.push(edit),
            Err(e) => refused.push(refusal(&edit, &e)),
        }
    }
    Restore {
        applied: keep.len(),
        edit: (!keep.is_empty()).then_some(Edit::Batch(keep)),
        refused,
    }
}

fn refusal(edit: &Edit, e: &EditError) -> String {
    format!("{}: {e}", describe(edit))
}

fn kind(edit: &Edit) -> &'static str {
    match edit {
        Edit::AddAnnotation(_) => "annotations added",
        Edit::RemoveAnnotation(_) => "annotations removed",
        Edit::ReplaceAnnotation(_) => "annotations changed",
        Edit::PutEntity(_) => "entities added or changed",
        Edit::RemoveEntity(_) => "entities removed",
        Edit::PutProposition(_) => "propositions added or changed",
        Edit::RemoveProposition(_) => "propositions removed",
        Edit::PutUtterance(_) => "utterances added or changed",
        Edit::RemoveUtterance(_) => "utterances removed",
        Edit::SetArticleMeta { .. } => "article metadata set",
        Edit::SetFingerprint { .. } => "article fingerprints recorded",
        Edit::SetRejected { .. } => "rejected suggestions recorded",
        Edit::SetInfo(_) => "set settings changed",
        Edit::Batch(_) => "changes",
    }
}

/// One line for an editor: what `edit` does.
pub fn describe(edit: &Edit) -> String {
    match edit {
        Edit::AddAnnotation(a) => format!(
            "add {} {} in {}: “{}”",
            a.kind.name().as_str(),
            a.id,
            a.article,
            excerpt(a.span.exact())
        ),
        Edit::RemoveAnnotation(id) => format!("remove annotation {id}"),
        Edit::ReplaceAnnotation(a) => format!("change {} {}", a.kind.name().as_str(), a.id),
        Edit::PutEntity(e) => format!("entity {} “{}”", e.id, e.name),
        Edit::RemoveEntity(id) => format!("remove entity {id}"),
        Edit::PutProposition(p) => format!("proposition {}", p.id),
        Edit::RemoveProposition(id) => format!("remove proposition {id}"),
        Edit::PutUtterance(u) => format!("utterance {}", u.id),
        Edit::RemoveUtterance(id) => format!("remove utterance {id}"),
        Edit::SetArticleMeta { article, .. } => format!("metadata of article {article}"),
        Edit::SetFingerprint { article, .. } => format!("fingerprint of article {article}"),
        Edit::SetRejected { article, .. } => format!("rejected suggestions of article {article}"),
        Edit::SetInfo(_) => "the set's settings".to_owned(),
        Edit::Batch(edits) => {
            // The fingerprint recorded with a first annotation says little.
            let main = edits
                .iter()
                .find(|e| !matches!(e, Edit::SetFingerprint { .. }))
                .or(edits.first());
            match (main, edits.len()) {
                (None, _) => "nothing".to_owned(),
                (Some(e), 1) => describe(e),
                (Some(e), n) => format!("{} (and {} more)", describe(e), n - 1),
            }
        }
    }
}

fn excerpt(text: &str) -> String {
    const SHOWN: usize = 40;
    let mut s: String = text.chars().take(SHOWN).collect();
    if text.chars().nth(SHOWN).is_some() {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::{ArticleId, ArticleMeta, Entity, EntityId, EntityKind};

    fn entity(id: &str, name: &str) -> Entity {
        Entity {
            id: EntityId::new(id),
            name: name.into(),
            kind: EntityKind::Person,
            aliases: vec![],
        }
    }

    fn some_edits() -> Vec<Edit> {
        let (_, set) = crate::core::generate::generate(&crate::core::generate::Spec {
            articles: 2,
            annotations_per_article: 3,
            seed: 11,
        });
        let mut a = set.annotations().next().unwrap().clone();
        a.id = crate::core::model::AnnotationId::new("journal-1");
        a.note = "Ask the desk about the figure".into();
        vec![
            Edit::PutEntity(entity("mayor", "Ana Ortega")),
            Edit::Batch(vec![
                Edit::SetFingerprint {
                    article: a.article.clone(),
                    fingerprint: "sha256:00".into(),
                },
                Edit::AddAnnotation(Box::new(a)),
            ]),
            Edit::SetArticleMeta {
                article: ArticleId::new("harbour-fire"),
                meta: ArticleMeta {
                    outlet: "Coastal Herald".into(),
                    ..ArticleMeta::default()
                },
            },
        ]
    }

    #[test]
    fn round_trip_keeps_every_edit_with_its_article() {
        let dir = tempfile::tempdir().unwrap();
        let set_dir = dir.path().join("default");
        let edits = some_edits();
        let mut journal = Journal::new(&set_dir, "default");
        journal.append(&edits[..1]).unwrap();
        journal.append(&edits[1..]).unwrap();
        let pending = pending(&set_dir).unwrap().expect("a journal");
        assert_eq!(pending.edits, edits);
        assert_eq!(pending.set, "default");
        assert!(pending.base_matches);
        assert!(pending.problems.is_empty(), "{:?}", pending.problems);
        assert_eq!(
            pending.counts(),
            vec![
                ("entities added or changed", 1),
                ("article fingerprints recorded", 1),
                ("annotations added", 1),
                ("article metadata set", 1),
            ]
        );
        let Edit::Batch(b) = &pending.edits[1] else {
            panic!()
        };
        let Edit::AddAnnotation(a) = &b[1] else {
            panic!()
        };
        assert!(!a.article.as_str().is_empty());
        assert!(describe(&pending.edits[1]).starts_with("add "));

        journal.saved().unwrap();
        assert!(!path(&set_dir).exists(), "a save removes the journal");
        assert!(super::pending(&set_dir).unwrap().is_none());
    }

    #[test]
    fn a_torn_last_line_is_ignored_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        let edits = some_edits();
        let mut journal = Journal::new(dir.path(), "default");
        journal.append(&edits).unwrap();
        let mut text = std::fs::read_to_string(journal.path()).unwrap();
        // The process died halfway through writing one more edit.
        let extra = serde_json::to_string(&Edit::PutEntity(entity("chief", "Rui Costa"))).unwrap();
        text.push_str(&extra[..extra.len() / 2]);
        std::fs::write(journal.path(), text).unwrap();
        let pending = pending(dir.path()).unwrap().unwrap();
        assert_eq!(pending.edits, edits);
        assert_eq!(pending.problems.len(), 1);
        assert!(
            pending.problems[0].contains("line 5 was cut off"),
            "{:?}",
            pending.problems
        );
    }

    #[test]
    fn a_changed_saved_set_is_a_base_mismatch() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("set.ron"), "(format: 2)").unwrap();
        let mut journal = Journal::new(dir.path(), "default");
        journal.append(&some_edits()).unwrap();
        assert!(pending(dir.path()).unwrap().unwrap().base_matches);
        // Another program rewrote the saved set since.
        std::fs::write(dir.path().join("set.ron"), "(format: 2, name: \"x\")").unwrap();
        assert!(!pending(dir.path()).unwrap().unwrap().base_matches);
    }

    #[test]
    fn restore_is_one_batch_of_what_still_applies() {
        let mut set = AnnotationSet::default();
        apply(&mut set, Edit::PutEntity(entity("mayor", "Ana Ortega"))).unwrap();
        let edits = vec![
            Edit::PutEntity(entity("chief", "Rui Costa")),
            Edit::RemoveEntity(EntityId::new("gone")),
        ];
        let r = restore(&set, edits.clone());
        assert_eq!(r.applied, 1);
        assert_eq!(r.edit, Some(Edit::Batch(edits[..1].to_vec())));
        assert_eq!(r.refused, vec!["remove entity gone: no entity has id gone"]);
        assert_eq!(set.entities().len(), 1, "restore only plans");
    }
}
