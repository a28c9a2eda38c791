//! `cargo bench --bench open`: opening a generated 10,000-article ×
//! 100-annotation project in the window, headless (the harness of
//! `common/window.rs`), as the window opens it: the first article's
//! annotations before the window shows, the rest on a thread.
//!
//! "first frame" is from the start of the open until the first article's
//! first frame is drawn (its highlights on screen). Then, over three opens
//! with the load cache and three without: the open alone (before the window
//! shows) and the first frame after it (what the editor waits for once the
//! window is there), the time until the rest has landed, the frames drawn
//! meanwhile (the window stays responsive: their p95), and the frame that
//! lands it and the one after.

#[path = "common/window.rs"]
mod window;

mod common;

use concord::core::store::{CACHE_FILE, Part, Project};
use criterion::{Criterion, criterion_group, criterion_main};
use egui::Event;
use std::path::Path;
use std::time::{Duration, Instant};
use window::{Bench, POINTER};

fn open(dir: &Path) -> Project {
    Project::open_writable_part(dir, Duration::ZERO, Part::First(None)).expect("opens")
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// What one open in the window took.
struct Run {
    /// The open, before the window shows: the first article's annotations.
    open: Duration,
    /// From then until the first article's first frame is drawn.
    first_frame: Duration,
    landed: Duration,
    /// Frames drawn while the rest was read, and their p95 wall time.
    frames: usize,
    p95: Duration,
    /// The frame that landed the rest, and the one after it (which draws
    /// from the whole set: the list's counts, the overview's).
    landing: Duration,
    after: Duration,
}

/// Opens `dir` in the window and draws frames until the rest has landed.
fn open_until_landed(dir: &Path) -> Run {
    let started = Instant::now();
    let project = open(dir);
    let opened = started.elapsed();
    let mut bench = Bench::cold(project);
    bench.frame(vec![Event::PointerMoved(POINTER)]);
    let first = started.elapsed() - opened;
    let mut frames = Vec::new();
    let landing = loop {
        std::thread::sleep(Duration::from_millis(16));
        let took = bench.frame(vec![Event::PointerMoved(POINTER)]);
        if bench.app.loading.is_none() {
            break took;
        }
        frames.push(took);
    };
    let landed = started.elapsed();
    let after = bench.frame(vec![Event::PointerMoved(POINTER)]);
    let set = &bench.app.project.set;
    assert!(set.is_complete(), "{:?}", bench.app.load_error);
    assert_eq!(set.annotation_count(), 1_000_000);
    let n = frames.len();
    frames.sort();
    Run {
        open: opened,
        first_frame: first,
        landed,
        frames: n,
        p95: frames.get(n * 95 / 100).copied().unwrap_or_default(),
        landing,
        after,
    }
}

fn bench(c: &mut Criterion) {
    let dir = common::corpus(10_000, 100);
    let cache = dir.join("annotations/generated").join(CACHE_FILE);
    // The cache as a full open leaves it.
    drop(Project::open(&dir).expect("opens"));
    let mut group = c.benchmark_group("open 10000x100 in the window");
    group.sample_size(10);
    group.bench_function("first frame", |b| {
        b.iter(|| {
            let mut bench = Bench::cold(open(&dir));
            bench.frame(vec![Event::PointerMoved(POINTER)]);
            bench
        })
    });
    group.finish();

    for cached in [true, false] {
        let runs: Vec<_> = (0..3)
            .map(|_| {
                if !cached {
                    let _ = std::fs::remove_file(&cache);
                }
                open_until_landed(&dir)
            })
            .collect();
        let pick = |f: fn(&Run) -> Duration| median(runs.iter().map(f).collect());
        let cache = if cached { "with" } else { "without" };
        println!(
            "{cache} the cache, medians of 3: open {:.0?}, then the first frame {:.0?}; the rest \
             landed {:.2?} after the open began; {} frames meanwhile, p95 {:.1?}; the landing \
             frame {:.0?}, the one after {:.0?}",
            pick(|r| r.open),
            pick(|r| r.first_frame),
            pick(|r| r.landed),
            runs[0].frames,
            pick(|r| r.p95),
            pick(|r| r.landing),
            pick(|r| r.after),
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
