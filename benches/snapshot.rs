//! What a background re-validation costs the UI thread: copying the set it
//! hands to the worker, on the validator's benchmark size (10,000 articles ×
//! 100 annotations). Also what the articles alone cost, and what they would
//! cost shared per article behind `Arc` (copy-on-write), the cheaper snapshot
//! this measures the case for.

use concord::core::generate::{Spec, generate};
use criterion::{Criterion, criterion_group, criterion_main};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::sync::Arc;

fn snapshot(c: &mut Criterion) {
    let (_corpus, set) = generate(&Spec {
        articles: 10_000,
        annotations_per_article: 100,
        seed: 1,
    });
    let shared: BTreeMap<_, _> = set
        .articles()
        .iter()
        .map(|(id, anns)| (id.clone(), Arc::new(anns.clone())))
        .collect();
    let mut group = c.benchmark_group("snapshot");
    group.sample_size(10);
    group.bench_function("clone_set_10000x100", |b| b.iter(|| black_box(set.clone())));
    group.bench_function("clone_articles_10000x100", |b| {
        b.iter(|| black_box(set.articles().clone()))
    });
    group.bench_function("clone_arc_articles_10000x100", |b| {
        b.iter(|| black_box(shared.clone()))
    });
    group.finish();
}

criterion_group!(benches, snapshot);
criterion_main!(benches);
