//! The two locks of a project, both OS file locks (`flock` on unix), so a
//! process that dies releases them:
//!
//! - the writer lock, `annotations/.concord.lock`, held exclusively by the
//!   one handle that may save, for as long as it is open. The file names
//!   the holder (process, host, time) for the message another writer gets.
//! - the commit lock, `annotations/.concord-commit.lock` (beside the set
//!   folders, so sets stay free of lock files), held exclusively by a
//!   writer only while it commits, and shared by readers while they load,
//!   so a reader sees the set before or after a commit, never during one.
//!
//! Lock files are never removed: removing one while another process waits
//! on it would let two processes hold "the" lock at once.

use crate::core::error::FileError;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub const WRITER_LOCK_FILE: &str = ".concord.lock";
pub const COMMIT_LOCK_FILE: &str = ".concord-commit.lock";

/// How often a waiting writer tries the lock again.
const POLL: Duration = Duration::from_millis(50);

/// The writer lock, held until dropped.
#[derive(Debug)]
pub(crate) struct WriterLock {
    _file: File,
}

impl WriterLock {
    /// Takes the writer lock at `path`, trying for up to `wait`.
    pub fn acquire(path: &Path, wait: Duration) -> Result<WriterLock, FileError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| FileError::io(dir, e))?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(|e| FileError::io(path, e))?;
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) if start.elapsed() < wait => {
                    std::thread::sleep(POLL.min(wait.saturating_sub(start.elapsed())));
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(FileError::Locked {
                        path: path.to_owned(),
                        holder: holder(&mut file),
                    });
                }
                Err(TryLockError::Error(e)) => return Err(FileError::io(path, e)),
            }
        }
        let me = format!(
            "process {} on {} since {}\n",
            std::process::id(),
            gethostname::gethostname().to_string_lossy(),
            jiff::Timestamp::now()
                .round(jiff::Unit::Second)
                .unwrap_or(jiff::Timestamp::now()),
        );
        // Written in place (the lock belongs to this file, not its name),
        // and never emptied on the way, so a refused writer reads a name.
        let named = file
            .rewind()
            .and_then(|()| file.write_all(me.as_bytes()))
            .and_then(|()| file.set_len(me.len() as u64))
            .and_then(|()| file.sync_data());
        named.map_err(|e| FileError::io(path, e))?;
        Ok(WriterLock { _file: file })
    }
}

/// Who holds a lock, as its file says. A holder that has just taken the
/// lock may not have written its name yet; it is given a moment.
fn holder(file: &mut File) -> String {
    for _ in 0..20 {
        let mut text = String::new();
        let read = file
            .rewind()
            .and_then(|()| file.take(4096).read_to_string(&mut text));
        if read.is_ok() && !text.trim().is_empty() {
            return text.trim().to_owned();
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    "another process (it has not named itself)".to_owned()
}

/// The holder a writer lock file at `path` names, read without locking;
/// `None` when there is no file or it is empty.
pub(crate) fn named_holder(path: &Path) -> Option<String> {
    let mut text = String::new();
    File::open(path)
        .ok()?
        .take(4096)
        .read_to_string(&mut text)
        .ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The commit lock file of the set in folder `set_dir`: in its parent.
fn commit_lock_path(set_dir: &Path) -> PathBuf {
    match set_dir.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.join(COMMIT_LOCK_FILE),
        _ => PathBuf::from(COMMIT_LOCK_FILE),
    }
}

/// A commit lock held, exclusive or shared, until dropped.
#[derive(Debug)]
pub(crate) struct CommitLock {
    _file: File,
}

impl CommitLock {
    /// The writer's side: waits for readers to finish loading.
    pub fn exclusive(set_dir: &Path) -> Result<CommitLock, FileError> {
        let path = commit_lock_path(set_dir);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| FileError::io(&path, e))?;
        file.lock().map_err(|e| FileError::io(&path, e))?;
        Ok(CommitLock { _file: file })
    }

    /// The reader's side; `None` when the folder has no lock file, so no
    /// writer has opened it yet. A reader never writes, so it does not
    /// create one; it checks afterwards that none appeared while it loaded
    /// (see [`CommitLock::appeared`]).
    pub fn shared(set_dir: &Path) -> Result<Option<CommitLock>, FileError> {
        let path = commit_lock_path(set_dir);
        match File::open(&path) {
            Ok(file) => {
                file.lock_shared().map_err(|e| FileError::io(&path, e))?;
                Ok(Some(CommitLock { _file: file }))
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(FileError::io(&path, e)),
        }
    }

    /// Whether a writer created the lock file of `set_dir` (which a reader found
    /// missing) since: then it may have committed during the load.
    pub fn appeared(set_dir: &Path) -> bool {
        commit_lock_path(set_dir).exists()
    }

    /// Makes sure the set in `set_dir` has a lock file, before a writer's
    /// first commit.
    pub fn create(set_dir: &Path) -> Result<(), FileError> {
        let path = commit_lock_path(set_dir);
        OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map(drop)
            .map_err(|e| FileError::io(&path, e))
    }
}
