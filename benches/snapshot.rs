//! `cargo bench --bench snapshot`: what a background re-validation costs the
//! UI thread, which hands the worker a copy of the set. Each article's
//! annotations are shared until written, so the copy should cost a pointer
//! per article, not a million annotations.

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
    group.bench_function("clone_set_10000x100", |b| b.iter(|| black_box(set.clone())));
    group.finish();
}

criterion_group!(benches, snapshot);
criterion_main!(benches);
