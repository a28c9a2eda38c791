//! A save as one transaction: every file it writes or removes becomes
//! visible together, or none does.
//!
//! 1. Each new file is written and synced under a temporary name beside the
//!    file it replaces.
//! 2. Under the commit lock, a manifest naming every (file, temporary) pair
//!    and every removal is written and renamed to `<set>/.concord-commit.ron`.
//!    That rename is the commit point.
//! 3. The temporaries are renamed over their files, removals done, folders
//!    synced, and the manifest removed.
//!
//! A writer that dies before 2 leaves only temporaries, which the next
//! writable open deletes (rolls back); one that dies after 2 leaves the
//! manifest, and the next writable open finishes 3 (rolls forward, which is
//! idempotent). A reader that finds a manifest reads each listed file from
//! its temporary while there is one, so it sees the committed state.

use super::disk::{self, Disk, existing_mode, is_temp_name, resolve_target, temp_beside};
use super::lock::CommitLock;
use crate::core::error::FileError;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};

pub const MANIFEST_FILE: &str = ".concord-commit.ron";

/// What a commit does. Paths are relative to the set folder where they are
/// inside it (so a moved project still recovers), absolute otherwise.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    writes: Vec<ManifestWrite>,
    #[serde(default)]
    removes: Vec<PathBuf>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestWrite {
    /// The file as readers name it.
    path: PathBuf,
    temp: PathBuf,
    /// The file renamed onto, when `path` is a symlink to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    real: Option<PathBuf>,
}

impl ManifestWrite {
    fn real(&self) -> &Path {
        self.real.as_deref().unwrap_or(&self.path)
    }
}

/// The files of one save.
#[derive(Debug, Default)]
pub(crate) struct Txn {
    pub writes: Vec<(PathBuf, Vec<u8>)>,
    pub removes: Vec<PathBuf>,
}

/// Why a commit failed, and whether it had passed the commit point (then
/// the new state is what every later open sees, and only tidying is left).
#[derive(Debug)]
pub(crate) struct Failed {
    pub committed: bool,
    pub error: FileError,
}

pub(crate) fn before(error: FileError) -> Failed {
    Failed {
        committed: false,
        error,
    }
}

/// `path` made absolute with `.` components dropped, so two spellings of
/// one file compare equal.
pub(crate) fn key(path: &Path) -> PathBuf {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_owned())
        .components()
        .collect()
}

/// How `path` is written in a manifest of `base`.
fn relative(base: &Path, path: &Path) -> PathBuf {
    let (b, p) = (key(base), key(path));
    match p.strip_prefix(&b) {
        Ok(rel) => rel.to_owned(),
        Err(_) => p,
    }
}

fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    }
}

impl Txn {
    pub fn is_empty(&self) -> bool {
        self.writes.is_empty() && self.removes.is_empty()
    }

    /// Commits into the set folder `base` (which holds the manifest and
    /// the commit lock).
    pub fn commit(&self, base: &Path, disk: &dyn Disk) -> Result<(), Failed> {
        if self.is_empty() {
            return Ok(());
        }
        std::fs::create_dir_all(base).map_err(|e| before(FileError::io(base, e)))?;
        let mut manifest = Manifest::default();
        let mut temps = Vec::new();
        for (path, _) in &self.writes {
            let real = resolve_target(path).map_err(|e| before(FileError::io(path, e)))?;
            let dir = parent(&real);
            std::fs::create_dir_all(&dir).map_err(|e| before(FileError::io(&dir, e)))?;
            if std::fs::metadata(&real).is_ok_and(|m| !m.is_file()) {
                return Err(before(FileError::Invalid {
                    path: path.clone(),
                    message: "is not a regular file; not replaced".into(),
                }));
            }
            let mode = existing_mode(&real).map_err(|e| before(FileError::io(&real, e)))?;
            let temp = temp_beside(&real);
            temps.push((temp.clone(), mode, real.clone()));
            manifest.writes.push(ManifestWrite {
                path: relative(base, path),
                temp: relative(base, &temp),
                real: (real != *path).then(|| relative(base, &real)),
            });
        }
        manifest.removes = self.removes.iter().map(|p| relative(base, p)).collect();

        // Written in parallel: each is synced, and syncs are what a large
        // save waits for.
        let created: Vec<io::Result<()>> = temps
            .par_iter()
            .zip(&self.writes)
            .map(|((temp, mode, _), (_, bytes))| disk.create(temp, bytes, *mode))
            .collect();
        let remove_temps = || {
            for (temp, _, _) in &temps {
                let _ = disk.remove(temp);
            }
        };
        if let Some((i, Err(e))) = created.into_iter().enumerate().find(|(_, r)| r.is_err()) {
            remove_temps();
            return Err(before(FileError::io(&self.writes[i].0, e)));
        }

        let lock = match CommitLock::exclusive(base) {
            Ok(lock) => lock,
            Err(e) => {
                remove_temps();
                return Err(before(e));
            }
        };
        let manifest_path = base.join(MANIFEST_FILE);
        let manifest_temp = temp_beside(&manifest_path);
        let text = match super::to_ron(&manifest) {
            Ok(text) => text,
            Err(e) => {
                remove_temps();
                return Err(before(FileError::Invalid {
                    path: manifest_path,
                    message: e.to_string(),
                }));
            }
        };
        let written = disk
            .create(&manifest_temp, text.as_bytes(), None)
            .and_then(|()| disk.rename(&manifest_temp, &manifest_path));
        if let Err(e) = written {
            let _ = disk.remove(&manifest_temp);
            remove_temps();
            return Err(before(FileError::io(&manifest_path, e)));
        }
        // Committed.
        let finished = finish(base, &manifest, disk);
        drop(lock);
        finished.map_err(|error| Failed {
            committed: true,
            error,
        })
    }
}

/// Step 3: temporaries onto their files, removals, syncs, manifest gone.
/// Every step can be repeated, so a roll forward after any crash is this.
fn finish(base: &Path, manifest: &Manifest, disk: &dyn Disk) -> Result<(), FileError> {
    let abs = |p: &Path| base.join(p);
    let mut dirs = BTreeSet::new();
    dirs.insert(base.to_owned());
    for w in &manifest.writes {
        let (temp, real) = (abs(&w.temp), abs(w.real()));
        match disk.rename(&temp, &real) {
            Ok(()) => {}
            // Renamed before a crash.
            Err(e) if e.kind() == io::ErrorKind::NotFound && !temp.exists() => {}
            Err(e) => return Err(FileError::io(&real, e)),
        }
        dirs.insert(parent(&real));
    }
    for r in &manifest.removes {
        let path = abs(r);
        disk.remove(&path).map_err(|e| FileError::io(&path, e))?;
        dirs.insert(parent(&path));
    }
    for dir in &dirs {
        disk.sync_dir(dir).map_err(|e| FileError::io(dir, e))?;
    }
    let manifest_path = base.join(MANIFEST_FILE);
    disk.remove(&manifest_path)
        .and_then(|()| disk.sync_dir(base))
        .map_err(|e| FileError::io(&manifest_path, e))
}

fn read_manifest(base: &Path) -> Result<Option<Manifest>, FileError> {
    let path = base.join(MANIFEST_FILE);
    let bytes = match crate::core::article::read_limited(&path, super::MAX_RON_BYTES) {
        Ok(bytes) => bytes,
        Err(FileError::Io { error, .. }) if error.kind() == io::ErrorKind::NotFound => {
            return Ok(None);
        }
        Err(e) => return Err(e),
    };
    let text = String::from_utf8(bytes).map_err(|e| FileError::Utf8 {
        path: path.clone(),
        byte: e.utf8_error().valid_up_to(),
    })?;
    super::parse_ron(&path, &text).map(Some)
}

/// For a writer, on open and before each commit: finishes a commit that a
/// dead writer (or a failed finish) left. True if there was one.
pub(crate) fn recover(base: &Path, disk: &dyn Disk) -> Result<bool, FileError> {
    let Some(manifest) = read_manifest(base)? else {
        return Ok(false);
    };
    let _lock = CommitLock::exclusive(base)?;
    finish(base, &manifest, disk)?;
    Ok(true)
}

/// For a writer, after [`recover`]: deletes temporaries in `dirs` (rolls
/// back any save that died before its commit point). Returns how many.
pub(crate) fn remove_stale_temps(dirs: &[PathBuf]) -> Result<usize, FileError> {
    let mut removed = 0;
    for dir in dirs {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(FileError::io(dir, e)),
        };
        for entry in entries {
            let entry = entry.map_err(|e| FileError::io(dir, e))?;
            if is_temp_name(&entry.file_name().to_string_lossy()) {
                let path = entry.path();
                match std::fs::remove_file(&path) {
                    Ok(()) => removed += 1,
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => return Err(FileError::io(&path, e)),
                }
            }
        }
        if removed > 0 {
            disk::sync_dir(dir).map_err(|e| FileError::io(dir, e))?;
        }
    }
    Ok(removed)
}

/// What a reader reads in place of each file while a dead writer's commit
/// is unfinished: the committed state.
#[derive(Debug, Default)]
pub(crate) struct View {
    temps: HashMap<PathBuf, PathBuf>,
    removed: HashSet<PathBuf>,
}

impl View {
    pub fn read(base: &Path) -> Result<View, FileError> {
        let mut view = View::default();
        if let Some(manifest) = read_manifest(base)? {
            for w in manifest.writes {
                view.temps
                    .insert(key(&base.join(&w.path)), base.join(&w.temp));
            }
            for r in manifest.removes {
                view.removed.insert(key(&base.join(r)));
            }
        }
        Ok(view)
    }

    /// Where to read `path` from; `None` when the commit removes it.
    pub fn source(&self, path: &Path) -> Option<PathBuf> {
        let k = key(path);
        if self.removed.contains(&k) {
            return None;
        }
        match self.temps.get(&k) {
            Some(temp) if temp.exists() => Some(temp.clone()),
            _ => Some(path.to_owned()),
        }
    }

    /// Files the commit writes directly in `dir` (a listing may not show
    /// them yet), by file name.
    pub fn written_in(&self, dir: &Path) -> Vec<std::ffi::OsString> {
        let dir = key(dir);
        self.temps
            .keys()
            .filter(|p| p.parent() == Some(dir.as_path()))
            .filter_map(|p| p.file_name().map(|n| n.to_owned()))
            .collect()
    }
}
