//! Reads the rest of a project opened in parts ([`Part::First`]) on a
//! thread of its own, while the window already shows the first article.
//! What needs the whole set (validation, export, import, restoring
//! journaled edits, re-anchoring) waits for it, and says so.
//!
//! [`Part::First`]: crate::core::store::Part::First

use crate::core::error::FileError;
use crate::core::progress::Progress;
use crate::core::store::{Loaded, Project};
use std::sync::mpsc;

/// The rest of the set being read; dropped (the window closed, another
/// folder opened), the reading stops.
pub struct Loading {
    progress: Progress,
    files: usize,
    landed: mpsc::Receiver<Result<Loaded, FileError>>,
}

impl Drop for Loading {
    fn drop(&mut self) {
        self.progress.cancel();
    }
}

impl Loading {
    /// Starts reading what `project` has not read yet; `None` when it is
    /// complete. A thread that cannot be started is a failed read.
    pub fn start(project: &Project) -> Option<Loading> {
        let loader = project.loader()?;
        let progress = Progress::new();
        let (send, landed) = mpsc::channel();
        let failed = send.clone();
        let files = loader.files();
        let reading = progress.clone();
        let read = move || {
            if let Some(read) = loader.load(&reading).transpose() {
                // The window may be gone meanwhile.
                let _ = send.send(read);
            }
        };
        if let Err(e) = std::thread::Builder::new()
            .name("concord-load".into())
            .spawn(read)
        {
            let _ = failed.send(Err(FileError::io(project.set_dir(), e)));
        }
        Some(Loading {
            progress,
            files,
            landed,
        })
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
        let done = self.progress.done() as usize;
        (done.min(self.files), self.files)
    }

    /// "reading annotations: 3400 of 10000 articles", for what waits.
    pub fn describe(&self) -> String {
        let (done, files) = self.progress();
        format!("reading annotations: {done} of {files} articles")
    }
}
