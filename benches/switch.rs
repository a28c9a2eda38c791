//! Switching articles in the window, headless (the harness of
//! `common/window.rs`), on a project of two generated 1 MB articles with
//! 20,000 annotations each: the time from choosing the other article until
//! its first frame is drawn (the highlights on screen), and how many frames
//! until the window is idle. Then the heap one such article adds to a
//! window showing a one-sentence article, and after one and 21 edits,
//! counted by a global allocator that keeps the live total.

#[path = "common/window.rs"]
mod window;

use concord::app::Command;
use concord::core::generate::Spec;
use concord::core::model::ArticleId;
use criterion::{Criterion, criterion_group, criterion_main};
use egui::Event;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::{Duration, Instant};
use window::{Bench, POINTER};

/// The system allocator, counting the bytes live.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is passed on to `System` unchanged; only a counter
// is kept beside it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is `System`'s.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as above.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(p, layout) };
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        // SAFETY: as above.
        let q = unsafe { System.realloc(p, layout, size) };
        if !q.is_null() {
            LIVE.fetch_add(size as isize - layout.size() as isize, Ordering::Relaxed);
        }
        q
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MIB: f64 = 1024.0 * 1024.0;

fn live() -> isize {
    LIVE.load(Ordering::Relaxed)
}

/// A window settled on a generated project of `articles` × `annotations`.
fn window(articles: usize, annotations: usize) -> Bench {
    let mut bench = Bench::of(Spec {
        articles,
        annotations_per_article: annotations,
        seed: 1,
    });
    assert!(bench.settle(2000).is_some(), "the window goes idle");
    bench
}

/// Shows `id`; the time until its first frame is drawn.
fn switch(bench: &mut Bench, id: &ArticleId) -> Duration {
    let started = Instant::now();
    bench.app.handle(Command::OpenArticle(id.clone()));
    bench.frame(vec![Event::PointerMoved(POINTER)]);
    let took = started.elapsed();
    assert_eq!(bench.app.article.as_ref(), Some(id));
    assert!(bench.app.view.first_painted_char().is_some(), "text drawn");
    took
}

fn switching(c: &mut Criterion) {
    let mut bench = window(2, 20_000);
    let ids: Vec<ArticleId> = (bench.app.project.corpus.articles())
        .map(|a| a.id.clone())
        .collect();
    let other = |bench: &Bench| {
        let now = bench.app.article.clone();
        ids.iter()
            .find(|id| Some(*id) != now.as_ref())
            .cloned()
            .unwrap()
    };
    let first = other(&bench);
    let cold = switch(&mut bench, &first);
    let frames = bench.settle(2000);
    eprintln!("first switch: {cold:.2?} to the first frame, idle after {frames:?} more frames");
    let mut times: Vec<Duration> = (0..20)
        .map(|_| {
            let next = other(&bench);
            let took = switch(&mut bench, &next);
            bench.settle(2000);
            took
        })
        .collect();
    times.sort();
    eprintln!(
        "switch to the first frame, 20 switches: median {:.2?}, max {:.2?}",
        times[times.len() / 2],
        times[times.len() - 1]
    );
    c.bench_function("switch to the other 1 MB, 20k article (first frame)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let next = other(&bench);
                total += switch(&mut bench, &next);
                bench.settle(2000);
            }
            total
        })
    });
}

/// Live heap of the window on a one-sentence article, on a 1 MB article
/// of 20,000 annotations, and after edits to it.
fn memory(_: &mut Criterion) {
    let start = live();
    let small = window(1, 1);
    let empty = live() - start;
    drop(small);
    let start = live();
    let mut big = window(1, 20_000);
    let loaded = live() - start;
    // The heap once idle after each of 21 edits, background work done.
    // Growth per edit would show as a lowest reading that rises from the
    // first ten to the rest.
    let mut after = Vec::new();
    for i in 0..21 {
        big.add_frame(i);
        // The new quote's inspector field takes the focus a frame later;
        // its blinking cursor would keep the window busy.
        big.frame(vec![Event::PointerMoved(POINTER)]);
        big.unfocus();
        // Idle, and no background work in flight: a suggestions job runs
        // while the window asks for no frames, and holds its own copy of
        // the article's annotations until it lands.
        assert!(big.settle(2000).is_some(), "idle after the edit");
        while big.app.suggestions.is_running() || big.app.revalidator.is_running() {
            std::thread::sleep(Duration::from_millis(5));
            assert!(big.settle(2000).is_some(), "idle after the job landed");
        }
        after.push(live() - start);
    }
    let mib = |b: isize| b as f64 / MIB;
    let lowest = |edits: &[isize]| edits.iter().min().copied().unwrap_or_default();
    let high = after.iter().max().copied().unwrap_or_default();
    eprintln!(
        "heap: window on a one-sentence article {:.1} MiB; on the 1 MB, 20k article {:.1} MiB \
         ({:.1} MiB more); idle after each of 21 edits: the first {:.1} MiB, the last {:.1} MiB, \
         lowest of edits 1-10 {:.1} MiB and of 11-21 {:.1} MiB, highest {:.1} MiB",
        mib(empty),
        mib(loaded),
        mib(loaded - empty),
        mib(after[0]),
        mib(after[20]),
        mib(lowest(&after[..10])),
        mib(lowest(&after[10..])),
        mib(high),
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = memory, switching
}
criterion_main!(benches);
