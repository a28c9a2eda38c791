//! CPU time of one frame of the annotation table over 20,000 annotations
//! (one generated article), headless: with the row list cached (scrolling,
//! hovering) and when the set just changed (the row list is rebuilt).

use concord::app::table::{AnnotationTable, Scope};
use concord::core::generate::{Spec, generate};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn input() -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        ..egui::RawInput::default()
    }
}

fn table(c: &mut Criterion) {
    let (_corpus, set) = generate(&Spec {
        articles: 1,
        annotations_per_article: 20_000,
        seed: 1,
    });
    let ctx = egui::Context::default();
    let mut table = AnnotationTable::new();
    table.scope = Scope::Corpus;
    let frame = |table: &mut AnnotationTable, revision: u64| {
        black_box(ctx.run_ui(input(), |ui| {
            black_box(table.ui(ui, &set, None, None, revision));
        }));
    };
    // Warm the font atlas and the cache.
    frame(&mut table, 0);
    frame(&mut table, 0);
    let mut group = c.benchmark_group("table_20000");
    group.bench_function("frame_cached", |b| b.iter(|| frame(&mut table, 0)));
    let mut revision = 1;
    group.bench_function("frame_after_edit", |b| {
        b.iter(|| {
            revision += 1;
            frame(&mut table, revision)
        })
    });
    group.finish();
}

criterion_group!(benches, table);
criterion_main!(benches);
