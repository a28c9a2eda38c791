//! Progress of long work (export, import, full validation) and a way to
//! cancel it. Cloning is cheap (one `Arc`); the worker counts, the window or
//! terminal reads the counts and may ask it to stop.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

#[derive(Clone, Debug, Default)]
pub struct Progress(Arc<Counts>);

#[derive(Debug, Default)]
struct Counts {
    done: AtomicU64,
    total: AtomicU64,
    cancelled: AtomicBool,
}

/// Returned by work that stopped because [`Progress::cancel`] was called.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cancelled")]
pub struct Cancelled;

impl Progress {
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts a new count of `total` steps.
    pub fn start(&self, total: u64) {
        self.0.total.store(total, Ordering::Relaxed);
        self.0.done.store(0, Ordering::Relaxed);
    }

    /// Counts `n` more steps done, and says whether to stop.
    pub fn advance(&self, n: u64) -> Result<(), Cancelled> {
        self.0.done.fetch_add(n, Ordering::Relaxed);
        self.check()
    }

    pub fn done(&self) -> u64 {
        self.0.done.load(Ordering::Relaxed)
    }

    pub fn total(&self) -> u64 {
        self.0.total.load(Ordering::Relaxed)
    }

    /// Done as a fraction in 0..=1 (0 while the total is unknown).
    pub fn fraction(&self) -> f32 {
        match self.total() {
            0 => 0.0,
            total => (self.done() as f64 / total as f64).min(1.0) as f32,
        }
    }

    /// Asks the work to stop at its next step.
    pub fn cancel(&self) {
        self.0.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.cancelled.load(Ordering::Relaxed)
    }

    pub fn check(&self) -> Result<(), Cancelled> {
        if self.is_cancelled() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_cancel_are_shared_between_clones() {
        let p = Progress::new();
        let worker = p.clone();
        worker.start(4);
        assert_eq!(worker.advance(1), Ok(()));
        assert_eq!((p.done(), p.total()), (1, 4));
        assert_eq!(p.fraction(), 0.25);
        p.cancel();
        assert_eq!(worker.advance(1), Err(Cancelled));
        assert_eq!(p.done(), 2);
    }
}
