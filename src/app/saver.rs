//! Writes saves on a thread of their own, so the window never waits for
//! files to be written and synced. One save at a time: the project's
//! writer lock is held by the window for as long as it is open, and a save
//! asked for while one is written waits for it.

use crate::core::store::{Disk, RealDisk, SaveDone, SaveJob, SaveMarks};
use std::sync::Arc;
use std::thread::JoinHandle;

/// The save being written, if any.
pub struct Saver {
    /// What saves are written through (tests slow it down or make it fail).
    pub disk: Arc<dyn Disk + Send + Sync>,
    running: Option<Running>,
}

enum Running {
    Thread(JoinHandle<SaveDone>, SaveMarks),
    /// No thread could be started: nothing was written.
    NotStarted(SaveMarks),
}

impl Default for Saver {
    fn default() -> Self {
        Saver {
            disk: Arc::new(RealDisk),
            running: None,
        }
    }
}

/// How a save ended.
pub enum Landed {
    Done(SaveDone),
    /// It never ran or its thread died: what it wrote is unknown (a save
    /// is one transaction either way); the marks go back.
    Lost(SaveMarks),
}

impl Saver {
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Starts writing `job`; call only while none is running.
    pub fn start(&mut self, job: SaveJob) {
        debug_assert!(self.running.is_none(), "one save at a time");
        let marks = job.marks();
        let disk = self.disk.clone();
        let handle = std::thread::Builder::new()
            .name("concord-save".into())
            .spawn(move || job.write(disk.as_ref()));
        self.running = Some(match handle {
            Ok(handle) => Running::Thread(handle, marks),
            Err(_) => Running::NotStarted(marks),
        });
    }

    /// The save, if it has finished.
    pub fn poll(&mut self) -> Option<Landed> {
        match &self.running {
            Some(Running::Thread(handle, _)) if !handle.is_finished() => None,
            _ => self.wait(),
        }
    }

    /// Waits for the save being written, if any.
    pub fn wait(&mut self) -> Option<Landed> {
        Some(match self.running.take()? {
            Running::Thread(handle, marks) => match handle.join() {
                Ok(done) => Landed::Done(done),
                Err(_) => Landed::Lost(marks),
            },
            Running::NotStarted(marks) => Landed::Lost(marks),
        })
    }
}

impl Drop for Saver {
    /// A window closing while a save is written lets it finish: the files
    /// are whole either way (a save is one transaction), but the editor's
    /// last save is not cut short.
    fn drop(&mut self) {
        if let Some(Running::Thread(handle, _)) = self.running.take() {
            let _ = handle.join();
        }
    }
}
