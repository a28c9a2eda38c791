//! Re-validation in the background, so typing never waits for the validator.
//!
//! The app calls [`Revalidator::request`] after the set changes, with a
//! generation number that grows with every change (the app's revision), and
//! [`Revalidator::poll`] once per frame. A worker thread validates a copy of
//! the set; requests that arrive while it works replace each other, so only
//! the newest is validated next, and results for an older generation than the
//! newest request are dropped.

use crate::core::article::Corpus;
use crate::core::model::{AnnotationSet, Snapshot};
use crate::core::validate::{Finding, validate};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};

struct Job {
    generation: u64,
    set: Snapshot,
    corpus: Arc<Corpus>,
}

struct Done {
    generation: u64,
    /// `Err` carries the message of a validator panic.
    findings: Result<Vec<Finding>, String>,
}

pub struct Revalidator {
    jobs: Sender<Job>,
    results: Receiver<Done>,
    /// The newest generation asked for.
    requested: Option<u64>,
    /// The generation the findings are for.
    current: Option<u64>,
    findings: Vec<Finding>,
    error: Option<String>,
}

impl Revalidator {
    /// Starts the worker. With a context, the worker asks for a repaint when
    /// results are ready, so an idle window shows them without input.
    pub fn new(repaint: Option<egui::Context>) -> Self {
        let (jobs, job_rx) = mpsc::channel::<Job>();
        let (done_tx, results) = mpsc::channel::<Done>();
        let spawned = std::thread::Builder::new()
            .name("concord-validate".into())
            .spawn(move || work(&job_rx, &done_tx, repaint.as_ref()));
        let error = spawned
            .err()
            .map(|e| format!("could not start the validator thread: {e}"));
        Self {
            jobs,
            results,
            requested: None,
            current: None,
            findings: Vec::new(),
            error,
        }
    }

    /// Asks for the findings of `set` as of `generation`. Clones the set
    /// (the snapshot the worker reads); never waits for the worker.
    pub fn request(&mut self, generation: u64, set: &AnnotationSet, corpus: &Arc<Corpus>) {
        self.requested = Some(generation);
        let job = Job {
            generation,
            set: set.snapshot(),
            corpus: Arc::clone(corpus),
        };
        if self.jobs.send(job).is_err() {
            self.error = Some("the validator thread has stopped".to_owned());
        }
    }

    /// Takes finished results; true when the findings changed. Results older
    /// than the newest request are dropped.
    pub fn poll(&mut self) -> bool {
        let mut changed = false;
        loop {
            match self.results.try_recv() {
                Ok(done) => {
                    if self.requested.is_some_and(|r| done.generation < r) {
                        continue;
                    }
                    self.current = Some(done.generation);
                    match done.findings {
                        Ok(findings) => {
                            self.findings = findings;
                            self.error = None;
                        }
                        Err(message) => self.error = Some(message),
                    }
                    changed = true;
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    if self.is_running() {
                        self.error = Some("the validator thread has stopped".to_owned());
                    }
                    break;
                }
            }
        }
        changed
    }

    /// The findings of the newest finished validation.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The generation the findings belong to.
    pub fn generation(&self) -> Option<u64> {
        self.current
    }

    /// True while a requested validation has not come back yet.
    pub fn is_running(&self) -> bool {
        self.requested.is_some() && self.requested != self.current && self.error.is_none()
    }

    /// Why validation could not run, if it could not.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }
}

fn work(jobs: &Receiver<Job>, done: &Sender<Done>, repaint: Option<&egui::Context>) {
    while let Ok(mut job) = jobs.recv() {
        // Only the newest snapshot matters.
        while let Ok(newer) = jobs.try_recv() {
            job = newer;
        }
        let set = job.set.into_set();
        let findings =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| validate(&set, &job.corpus)))
                .map_err(|panic| {
                    let why = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                        .unwrap_or_default();
                    format!("the validator failed: {why}")
                });
        let generation = job.generation;
        drop((set, job.corpus));
        if done
            .send(Done {
                generation,
                findings,
            })
            .is_err()
        {
            return;
        }
        if let Some(ctx) = repaint {
            ctx.request_repaint();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::generate::{Spec, generate};
    use std::time::{Duration, Instant};

    #[test]
    fn only_the_newest_generation_is_kept() {
        let (corpus, set) = generate(&Spec {
            articles: 20,
            annotations_per_article: 30,
            seed: 7,
        });
        let corpus = Arc::new(corpus);
        // The second snapshot has one annotation fewer, so its findings differ.
        let mut changed = set.clone();
        let first = changed.annotations().next().unwrap().id.clone();
        crate::core::edit::apply(
            &mut changed,
            crate::core::edit::Edit::RemoveAnnotation(first),
        )
        .unwrap();
        let mut broken = changed.clone();
        let mut a = broken.annotations().next().unwrap().clone();
        a.span.end = a.span.start; // empty span: an I001 error
        crate::core::edit::apply(
            &mut broken,
            crate::core::edit::Edit::ReplaceAnnotation(Box::new(a)),
        )
        .unwrap();

        let mut v = Revalidator::new(None);
        v.request(1, &set, &corpus);
        v.request(2, &broken, &corpus);
        let mut seen = Vec::new();
        let started = Instant::now();
        while v.is_running() {
            assert!(started.elapsed() < Duration::from_secs(30), "no result");
            if v.poll() {
                seen.push(v.generation());
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(seen, vec![Some(2)]);
        assert_eq!(v.findings(), validate(&broken, &corpus).as_slice());
        assert!(v.findings().iter().any(|f| f.rule == "I001"));
        assert_eq!(v.error(), None);
    }
}
