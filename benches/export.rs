//! Export speed: 1,000,000 annotations (10,000 generated articles × 100) to
//! jsonl, the format datasets are trained from. Target: ≤ 2 s.
//!
//! `cargo bench --bench export -- --warm-up-time 1 --measurement-time 20`

use concord::core::export::{ExportOptions, Format, export};
use concord::core::generate::{Spec, generate};
use concord::core::progress::Progress;
use criterion::{Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let (corpus, set) = generate(&Spec {
        articles: 10_000,
        annotations_per_article: 100,
        seed: 1,
    });
    assert_eq!(set.annotation_count(), 1_000_000);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut group = c.benchmark_group("export");
    group.sample_size(10);
    for format in [Format::Jsonl, Format::Csv, Format::W3c] {
        let out = dir.path().join(format!("out.{}", format.as_str()));
        group.bench_function(format!("{}_1m_annotations", format.as_str()), |b| {
            b.iter(|| {
                let report = export(
                    format,
                    &set,
                    &corpus,
                    &ExportOptions::default(),
                    &out,
                    &Progress::new(),
                )
                .expect("export");
                assert_eq!(report.annotations, 1_000_000);
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
