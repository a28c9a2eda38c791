//! Reads the rest of a project opened in parts ([`Part::First`]) on a
//! thread of its own, while the window already shows the first article.
//! What needs the whole set (validation, export, import, restoring
//! journaled edits, re-anchoring) waits for it, and says so.
//!
//! [`Part::First`]: crate::core::store::Part::First

use crate::core::error::FileError;
use crate::core::store::{Loaded, Project};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// The rest of the set being read.
pub struct Loading {
    done: Arc<AtomicUsize>,
    files: usize,
    landed: mpsc::Receiver<Result<Loaded, FileError>>,
}

impl Loading {
    /// Starts reading what `project` has not read yet; `None` when it is
    /// complete. A thread that cannot be started reads it here and now.
    pub fn start(project: &Project) -> Option<Loading> {
        let loader = project.loader()?;
        let done = Arc::new(AtomicUsize::new(0));
        let (send, landed) = mpsc::channel();
        let loading = Loading {
            done: Arc::clone(&done),
            files: loader.files(),
            landed,
        };
        let read = move || {
            // The window may be gone (closed, another folder opened).
            let _ = send.send(loader.load(&done));
        };
        if let Err(e) = std::thread::Builder::new()
            .name("concord-load".into())
            .spawn(read)
        {
            // The closure went with the failed spawn; report it as a read
            // that did not happen rather than panic.
            let (send, landed) = mpsc::channel();
            let _ = send.send(Err(FileError::io(project.set_dir(), e)));
            return Some(Loading { landed, ..loading });
        }
        Some(loading)
    }

    /// The read, once it ended.
    pub fn poll(&mut self) -> Option<Result<Loaded, FileError>> {
        match self.landed.try_recv() {
            Ok(read) => Some(read),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => Some(Err(FileError::io(
                "annotations",
                std::io::Error::other("the thread reading the set stopped"),
            ))),
        }
    }

    /// Article files read so far, of about how many.
    pub fn progress(&self) -> (usize, usize) {
        let done = self.done.load(Ordering::Relaxed);
        (done.min(self.files), self.files)
    }

    /// "reading annotations: 3400 of 10000 articles", for what waits.
    pub fn describe(&self) -> String {
        let (done, files) = self.progress();
        format!("reading annotations: {done} of {files} articles")
    }
}
