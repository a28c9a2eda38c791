//! Re-validation in the background, so typing never waits for the validator.
//!
//! The app calls [`Revalidator::request`] after the set changes, with a
//! generation number that grows with every change (the app's revision), and
//! [`Revalidator::poll`] once per frame. A worker thread validates a snapshot
//! of the set with the core's incremental [`Validator`]: it compares the
//! snapshot with the one it checked last and re-checks only the articles
//! whose annotations or record changed (and the cross-source groups they
//! touch). Requests that arrive while it works replace each other, so only
//! the newest is validated next, and results for an older generation than
//! the newest request are dropped. A validator panic or failure is kept as
//! [`Revalidator::error`] for the window to show.

use crate::core::article::Corpus;
use crate::core::model::{AnnotationSet, ArticleId, Snapshot};
use crate::core::validate::{Finding, Validator};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};

/// What the worker runs over a set: the articles changed since its last run,
/// or `None` to check everything. `Err` is a failure to show the editor.
pub type Check = Box<
    dyn FnMut(&AnnotationSet, &Corpus, Option<&[ArticleId]>) -> Result<Vec<Finding>, String> + Send,
>;

/// The core's incremental validator as a [`Check`]. It runs on all cores
/// but one: on a two-core machine a validation of a whole corpus would
/// otherwise take the core the window draws on, and frames stall.
pub fn incremental() -> Check {
    let mut validator = Validator::new();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cores.saturating_sub(1).max(1))
        .thread_name(|i| format!("concord-validate-{i}"))
        .build()
        .ok();
    Box::new(move |set, corpus, changed| {
        let mut run = || match changed {
            Some(ids) => validator.revalidate(set, corpus, ids),
            None => validator.validate(set, corpus),
        };
        Ok(match &pool {
            Some(pool) => pool.install(run),
            None => run(),
        })
    })
}

struct Job {
    generation: u64,
    set: Snapshot,
    corpus: Arc<Corpus>,
}

struct Done {
    generation: u64,
    /// `Err` carries the message of a validator failure or panic.
    findings: Result<Vec<Finding>, String>,
}

pub struct Revalidator {
    jobs: Sender<Job>,
    results: Receiver<Done>,
    /// The newest generation asked for.
    requested: Option<u64>,
    /// The generation the last result (findings or error) is for.
    current: Option<u64>,
    findings: Vec<Finding>,
    error: Option<String>,
    /// The worker could not start or has gone; nothing will come back.
    stopped: bool,
}

impl Revalidator {
    /// Starts the worker with the incremental validator. With a context, the
    /// worker asks for a repaint when results are ready, so an idle window
    /// shows them without input.
    pub fn new(repaint: Option<egui::Context>) -> Self {
        Self::with_check(repaint, incremental())
    }

    /// Starts the worker running `check` (tests inject failures here).
    pub fn with_check(repaint: Option<egui::Context>, check: Check) -> Self {
        let (jobs, job_rx) = mpsc::channel::<Job>();
        let (done_tx, results) = mpsc::channel::<Done>();
        let spawned = std::thread::Builder::new()
            .name("concord-validate".into())
            .spawn(move || work(&job_rx, &done_tx, repaint.as_ref(), check));
        let error = spawned
            .err()
            .map(|e| format!("could not start the validator thread: {e}"));
        Self {
            jobs,
            results,
            requested: None,
            current: None,
            findings: Vec::new(),
            stopped: error.is_some(),
            error,
        }
    }

    /// Asks for the findings of `set` as of `generation`. Snapshots the set
    /// (cheap: articles are shared); never waits for the worker.
    pub fn request(&mut self, generation: u64, set: &AnnotationSet, corpus: &Arc<Corpus>) {
        self.requested = Some(generation);
        let job = Job {
            generation,
            set: set.snapshot(),
            corpus: Arc::clone(corpus),
        };
        if self.jobs.send(job).is_err() {
            self.stop();
        }
    }

    fn stop(&mut self) {
        self.stopped = true;
        self.error = Some("the validator thread has stopped".to_owned());
    }

    /// Takes finished results; true when the findings or the error changed.
    /// Results older than the newest request are dropped.
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
                        self.stop();
                        changed = true;
                    }
                    break;
                }
            }
        }
        changed
    }

    /// The findings of the newest validation that succeeded.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The generation the last result belongs to.
    pub fn generation(&self) -> Option<u64> {
        self.current
    }

    /// The newest generation asked for.
    pub fn requested(&self) -> Option<u64> {
        self.requested
    }

    /// True when the findings are those of `generation` (the live state).
    pub fn is_current(&self, generation: u64) -> bool {
        self.current == Some(generation) && self.error.is_none()
    }

    /// True while a requested validation has not come back yet.
    pub fn is_running(&self) -> bool {
        self.requested.is_some() && self.requested != self.current && !self.stopped
    }

    /// Why the last validation failed, if it did.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }
}

fn work(
    jobs: &Receiver<Job>,
    done: &Sender<Done>,
    repaint: Option<&egui::Context>,
    mut check: Check,
) {
    // The set last checked; the next one is compared with it. Keeping it
    // also keeps its articles shared, so an article the live set changes is
    // copied there and compares unequal by address.
    let mut last: Option<(AnnotationSet, Arc<Corpus>)> = None;
    while let Ok(mut job) = jobs.recv() {
        // Only the newest snapshot matters.
        while let Ok(newer) = jobs.try_recv() {
            job = newer;
        }
        let set = job.set.into_set();
        let changed = last
            .as_ref()
            .filter(|(_, corpus)| Arc::ptr_eq(corpus, &job.corpus))
            .map(|(old, _)| changed_articles(old, &set));
        let findings = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            check(&set, &job.corpus, changed.as_deref())
        }))
        .map_err(|panic| {
            let why = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            format!("the validator failed: {why}")
        })
        .and_then(|r| r);
        // After a failure the validator's indexes may be half updated: the
        // next run checks everything.
        last = findings.is_ok().then_some((set, job.corpus));
        if done
            .send(Done {
                generation: job.generation,
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

/// The articles whose annotations or record differ between `old` and `new`.
/// Unchanged articles share their annotations with the snapshot they came
/// from, so most are told apart by address without reading them.
pub fn changed_articles(old: &AnnotationSet, new: &AnnotationSet) -> Vec<ArticleId> {
    let same = |a: &crate::core::model::ArticleAnnotations,
                b: &crate::core::model::ArticleAnnotations| {
        let (x, y) = (a.annotations(), b.annotations());
        a.record == b.record && (std::ptr::eq(x, y) || x == y)
    };
    let mut out: Vec<ArticleId> = new
        .articles()
        .iter()
        .filter(|(id, b)| old.article(id).is_none_or(|a| !same(a, b)))
        .map(|(id, _)| id.clone())
        .collect();
    out.extend(
        old.articles()
            .keys()
            .filter(|id| new.article(id).is_none())
            .cloned(),
    );
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::generate::{Spec, generate};
    use crate::core::validate::validate;
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

    fn wait(v: &mut Revalidator) {
        let started = Instant::now();
        while v.is_running() {
            assert!(started.elapsed() < Duration::from_secs(30), "no result");
            v.poll();
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn the_worker_checks_only_changed_articles_and_agrees_with_a_full_check() {
        let (corpus, mut set) = generate(&Spec {
            articles: 12,
            annotations_per_article: 20,
            seed: 5,
        });
        let corpus = Arc::new(corpus);
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let mut inner = incremental();
        let check: Check = Box::new(move |set, corpus, changed| {
            log.lock().unwrap().push(changed.map(<[ArticleId]>::to_vec));
            inner(set, corpus, changed)
        });
        let mut v = Revalidator::with_check(None, check);
        v.request(1, &set, &corpus);
        wait(&mut v);
        let mut a = set.annotations().nth(3).unwrap().clone();
        a.span.end = a.span.start;
        let article = a.article.clone();
        crate::core::edit::apply(
            &mut set,
            crate::core::edit::Edit::ReplaceAnnotation(Box::new(a)),
        )
        .unwrap();
        v.request(2, &set, &corpus);
        wait(&mut v);
        assert_eq!(*seen.lock().unwrap(), vec![None, Some(vec![article])]);
        assert_eq!(v.findings(), validate(&set, &corpus).as_slice());
        assert!(v.is_current(2));
    }

    #[test]
    fn a_failing_check_is_reported_and_the_next_run_is_full() {
        let (corpus, set) = generate(&Spec {
            articles: 3,
            annotations_per_article: 4,
            seed: 1,
        });
        let corpus = Arc::new(corpus);
        let calls = Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = Arc::clone(&calls);
        let check: Check = Box::new(move |_, _, changed| {
            let n = {
                let mut calls = log.lock().unwrap();
                calls.push(changed.is_some());
                calls.len()
            };
            match n {
                1 => Err("the index is broken".to_owned()),
                2 => panic!("rule X999 overflowed"),
                _ => Ok(Vec::new()),
            }
        });
        let mut v = Revalidator::with_check(None, check);
        v.request(1, &set, &corpus);
        wait(&mut v);
        assert_eq!(v.error(), Some("the index is broken"));
        assert!(!v.is_current(1));
        v.request(2, &set, &corpus);
        wait(&mut v);
        assert_eq!(
            v.error(),
            Some("the validator failed: rule X999 overflowed")
        );
        v.request(3, &set, &corpus);
        wait(&mut v);
        assert_eq!(v.error(), None);
        assert!(v.is_current(3));
        assert_eq!(*calls.lock().unwrap(), vec![false, false, false]);
    }
}
