//! `cargo bench --bench store`: load, save after one edit, and integrity
//! validation on a generated 10,000-article × 100-annotation project.

use concord::core::edit::{Edit, apply};
use concord::core::store::Project;
use concord::core::validate::validate;
use criterion::{Criterion, criterion_group, criterion_main};
use std::time::Duration;

mod common;

fn store(c: &mut Criterion) {
    let dir = common::corpus(10_000, 100);
    let mut group = c.benchmark_group("store 10000x100");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(40));
    group.bench_function("load project", |b| {
        b.iter(|| Project::open(&dir).expect("loads"))
    });

    let mut project = Project::open_writable(&dir, Duration::ZERO).expect("loads for writing");
    let mut annotation = project
        .set
        .annotations()
        .nth(500_000)
        .expect("exists")
        .clone();
    group.bench_function("save after one edit", |b| {
        b.iter(|| {
            annotation.note = if annotation.note.is_empty() {
                "checked".into()
            } else {
                String::new()
            };
            apply(
                &mut project.set,
                Edit::ReplaceAnnotation(Box::new(annotation.clone())),
            )
            .expect("applies");
            project.save().expect("saves")
        })
    });
    group.bench_function("integrity validation", |b| {
        b.iter(|| validate(&project.set, &project.corpus))
    });
    group.finish();
}

criterion_group!(benches, store);
criterion_main!(benches);
