//! `cargo bench --bench snapshot`: what a background re-validation costs the
//! UI thread, which hands the worker a snapshot of the set. Articles'
//! annotations are shared and the id index is rebuilt on the worker, so the
//! UI thread pays about an article record per article, not a million
//! annotations.

use concord::core::generate::{Spec, generate};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn snapshot(c: &mut Criterion) {
    let (_corpus, set) = generate(&Spec {
        articles: 10_000,
        annotations_per_article: 100,
        seed: 1,
    });
    let mut group = c.benchmark_group("snapshot");
    group.sample_size(20);
    group.bench_function("snapshot_10000x100", |b| {
        b.iter(|| black_box(set.snapshot()))
    });
    group.finish();
}

criterion_group!(benches, snapshot);
criterion_main!(benches);
