//! Import and export from the window: the work runs on its own thread over a
//! snapshot of the set, with a progress bar and a cancel button; the result
//! comes back as a command (an import is one undo step) and a report.

use crate::app::command::Command;
use crate::core::article::Corpus;
use crate::core::export::{self, ExportOptions};
use crate::core::import::{self, Import};
use crate::core::model::AnnotationSet;
use crate::core::progress::Progress;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};

/// What the editor asked for, waiting for a path from the file dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pending {
    Import(import::Format),
    Export(export::Format),
}

enum Outcome {
    Imported(Box<Import>),
    Exported(export::ExportReport),
    Failed(String),
}

struct Job {
    what: String,
    progress: Progress,
    result: Receiver<Outcome>,
}

/// At most one import or export at a time, and the last one's report.
#[derive(Default)]
pub struct Transfer {
    /// The format chosen in the menu; the dialog supplies the path.
    pub pending: Option<Pending>,
    job: Option<Job>,
    /// The last report, shown until dismissed.
    report: Option<String>,
}

impl Transfer {
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// Asks the running job to stop; it ends with a "cancelled" report.
    pub fn cancel(&self) {
        if let Some(job) = &self.job {
            job.progress.cancel();
        }
    }

    /// The last finished job's report, until dismissed.
    pub fn report(&self) -> Option<&str> {
        self.report.as_deref()
    }

    /// Starts `pending` on `path` over a snapshot of `set`.
    pub fn start(
        &mut self,
        pending: Pending,
        path: PathBuf,
        set: &AnnotationSet,
        corpus: &Arc<Corpus>,
    ) {
        let (tx, result) = std::sync::mpsc::channel();
        let progress = Progress::new();
        let (snapshot, corpus, worker_progress) =
            (set.snapshot(), corpus.clone(), progress.clone());
        let what = match pending {
            Pending::Import(f) => format!("Importing {} from {}", f.as_str(), path.display()),
            Pending::Export(f) => format!("Exporting {} to {}", f.as_str(), path.display()),
        };
        let spawned = std::thread::Builder::new()
            .name("concord-transfer".into())
            .spawn(move || {
                let set = snapshot.into_set();
                let outcome = match pending {
                    Pending::Import(format) => {
                        match import::import(format, &path, &set, &corpus, &worker_progress) {
                            Ok(done) => Outcome::Imported(Box::new(done)),
                            Err(e) => Outcome::Failed(e.to_string()),
                        }
                    }
                    Pending::Export(format) => {
                        let options = ExportOptions::default();
                        match export::export(
                            format,
                            &set,
                            &corpus,
                            &options,
                            &path,
                            &worker_progress,
                        ) {
                            Ok(report) => Outcome::Exported(report),
                            Err(e) => Outcome::Failed(e.to_string()),
                        }
                    }
                };
                // The window may have closed meanwhile; nothing to tell then.
                let _ = tx.send(outcome);
            });
        match spawned {
            Ok(_) => {
                self.job = Some(Job {
                    what,
                    progress,
                    result,
                })
            }
            Err(e) => self.report = Some(format!("Could not start: {e}")),
        }
    }

    /// Collects a finished job: the commands it produces (an import's edit;
    /// a reload when it added article files).
    pub fn poll(&mut self) -> Vec<Command> {
        let Some(job) = &self.job else {
            return Vec::new();
        };
        let outcome = match job.result.try_recv() {
            Ok(outcome) => outcome,
            Err(TryRecvError::Empty) => return Vec::new(),
            Err(TryRecvError::Disconnected) => Outcome::Failed("the worker stopped".into()),
        };
        self.job = None;
        let mut commands = Vec::new();
        self.report = Some(match outcome {
            Outcome::Failed(e) => format!("Failed: {e}"),
            Outcome::Exported(r) => {
                let mut text = format!(
                    "Exported {} annotations from {} articles to {} file(s).",
                    r.annotations,
                    r.articles,
                    r.files.len()
                );
                for left in &r.left_out {
                    text.push_str(&format!("\nLeft out in {}: {}", left.article, left.reason));
                }
                text
            }
            Outcome::Imported(done) => {
                let mut text = import_summary(&done);
                match import::write_new_articles(&done) {
                    Ok(()) => {
                        commands.push(Command::Edit(done.edit));
                        if !done.new_articles.is_empty() {
                            // New texts: save, then reopen so the corpus has them.
                            commands.push(Command::Save);
                            commands.push(Command::Reload);
                        }
                    }
                    Err(e) => text = format!("Not imported: {e}\n{text}"),
                }
                text
            }
        });
        commands
    }

    /// The progress bar with its cancel button, while a job runs.
    pub fn progress_ui(&self, ui: &mut egui::Ui) {
        let Some(job) = &self.job else {
            return;
        };
        ui.label(&job.what);
        ui.add(
            egui::ProgressBar::new(job.progress.fraction())
                .desired_width(160.0)
                .show_percentage(),
        );
        if ui.button("Cancel").clicked() {
            self.cancel();
        }
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(100));
    }

    /// The last report, in a window until closed.
    pub fn report_ui(&mut self, ctx: &egui::Context) {
        let mut open = self.report.is_some();
        if let Some(report) = &self.report {
            egui::Window::new("Import / export report")
                .open(&mut open)
                .default_width(480.0)
                .show(ctx, |ui| {
                    egui::ScrollArea::vertical()
                        .max_height(320.0)
                        .show(ui, |ui| {
                            ui.label(report);
                        });
                });
        }
        if !open {
            self.report = None;
        }
    }
}

fn import_summary(done: &Import) -> String {
    let r = &done.report;
    let mut text = format!(
        "{} annotations, {} entities, {} propositions, {} utterances and {} articles mapped.",
        r.annotations, r.entities, r.propositions, r.utterances, r.articles
    );
    for problem in &r.problems {
        text.push_str(&format!("\n{problem}"));
    }
    text
}
