//! `cargo bench --bench open`: opening a generated 10,000-article ×
//! 100-annotation project in the window, headless (the harness of
//! `common/window.rs`), as the window opens it: the first article's
//! annotations before the window shows, the rest on a thread.
//!
//! "first frame" is from the open until the first article's first frame
//! is drawn (its highlights on screen): what the editor waits for once the
//! window is there, plus the open before it. Then, over three opens with
//! the load cache and three without, the time until the rest has landed,
//! the frames drawn meanwhile (the window stays responsive: their p95) and
//! the frame that lands it.

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

/// Opens `dir` in the window and draws frames until the rest has landed:
/// (time to the first frame, time to landed, frames meanwhile, p95 of
/// their wall times, the landing frame's).
fn open_until_landed(dir: &Path) -> (Duration, Duration, usize, Duration, Duration) {
    let started = Instant::now();
    let mut bench = Bench::cold(open(dir));
    bench.frame(vec![Event::PointerMoved(POINTER)]);
    let first = started.elapsed();
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
    assert!(
        bench.app.project.set.is_complete(),
        "{:?}",
        bench.app.load_error
    );
    assert_eq!(bench.app.project.set.annotation_count(), 1_000_000);
    let n = frames.len();
    frames.sort();
    let p95 = frames.get(n * 95 / 100).copied().unwrap_or_default();
    (first, landed, n, p95, landing)
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
        let pick = |f: fn(&(Duration, Duration, usize, Duration, Duration)) -> Duration| {
            median(runs.iter().map(f).collect())
        };
        println!(
            "{}: first frame {:.0?}, the rest landed {:.2?} (median of 3); {} frames meanwhile, p95 {:.1?}; landing frame {:.0?}",
            if cached {
                "with the cache"
            } else {
                "without the cache"
            },
            pick(|r| r.0),
            pick(|r| r.1),
            runs[0].2,
            pick(|r| r.3),
            pick(|r| r.4),
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
