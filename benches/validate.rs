//! Validation speed on a generated corpus of 10,000 articles × 100
//! annotations, already in memory: a full check, and a re-check after one
//! edit (a quote's speaker changed, which touches its article, its
//! utterance and every matching quote across the corpus).

use concord::core::edit::{Edit, apply};
use concord::core::generate::{Spec, generate};
use concord::core::model::{EntityId, Kind};
use concord::core::validate::{Validator, validate};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let (corpus, mut set) = generate(&Spec {
        articles: 10_000,
        annotations_per_article: 100,
        seed: 1,
    });
    let mut group = c.benchmark_group("validate");
    group.sample_size(10);
    group.bench_function("full 10000x100", |b| {
        b.iter(|| black_box(validate(&set, &corpus)))
    });

    let mut validator = Validator::new();
    validator.validate(&set, &corpus);
    let quote = set
        .annotations()
        .find(|a| matches!(a.kind, Kind::Quote(_)))
        .cloned()
        .expect("the generated corpus has quotes");
    let article = quote.article.clone();
    let mut flip = false;
    group.bench_function("after one edit 10000x100", |b| {
        b.iter(|| {
            flip = !flip;
            let mut changed = quote.clone();
            if let Kind::Quote(q) = &mut changed.kind {
                q.speaker = Some(EntityId::new(if flip { "p1" } else { "p2" }));
            }
            apply(&mut set, Edit::ReplaceAnnotation(Box::new(changed))).expect("the quote exists");
            black_box(validator.revalidate(&set, &corpus, std::slice::from_ref(&article)))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
