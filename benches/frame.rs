//! CPU time per frame of the real app UI, headless (an `egui::Context`, no
//! window), on a generated 1 MB article with 20,000 annotations: frames
//! while scrolling with the mouse wheel, and the frame that tags a selection
//! as a quote; the same on a 1 MB Arabic article (right-to-left layout,
//! with the shipped fonts); and on a generated corpus of 10,000 articles
//! with 100 annotations each: the frame that types one more char of a query
//! into the find bar, and the frame that tags a selection; and three 1 MB
//! articles of 20,000 annotations side by side in the compare view
//! (scrolling the active column, tagging in it). A frame is
//! `Context::run_ui` plus tessellation, as eframe does.
//!
//! Besides criterion's medians this prints p50/p95/max over 300 frames.

use concord::core::article::{Article, Corpus};
use concord::core::edit::{Edit, apply};
use concord::core::generate::Spec;
use concord::core::model::{
    Annotation, AnnotationId, AnnotationSet, ArticleId, Claim, Kind, SetInfo,
};
use concord::core::store::{FORMAT_VERSION, Project, Settings};
use concord::core::text::unicode;
use criterion::{Criterion, criterion_group, criterion_main};
use egui::Event;
use std::time::Duration;

#[path = "common/window.rs"]
mod window;

use window::{Bench, FRAMES, POINTER};

/// A 1 MB Arabic article: the right-to-left test article's paragraphs
/// over and over, each numbered, with a claim on the first words of every four.
fn arabic_project() -> Project {
    let source = include_str!("../tests/fixtures/rtl/ar_vostochny.txt");
    let paragraphs: Vec<&str> = source.lines().filter(|l| !l.is_empty()).collect();
    let mut text = String::new();
    let mut n = 0;
    while text.len() < 1_000_000 {
        text.push_str(paragraphs[n % paragraphs.len()]);
        text.push_str(&format!(" ({n})\n\n"));
        n += 1;
    }
    let id = ArticleId::new("arabic");
    let article = Article::from_text(id.clone(), "arabic.txt".into(), text);
    let words: Vec<(usize, usize)> = unicode::words(article.text.as_str())
        .map(|(at, w)| {
            let t = &article.text;
            (
                t.byte_to_char(at).unwrap(),
                t.byte_to_char(at + w.len()).unwrap(),
            )
        })
        .collect();
    let edits = words
        .chunks(4)
        .take(20_000)
        .enumerate()
        .map(|(i, w)| {
            let range = w[0].0..w[w.len().min(3) - 1].1;
            Edit::AddAnnotation(Box::new(Annotation {
                id: AnnotationId::new(format!("a{i}")),
                article: id.clone(),
                span: article.text.span(range).unwrap(),
                author: Default::default(),
                created: jiff::Timestamp::UNIX_EPOCH,
                modified: jiff::Timestamp::UNIX_EPOCH,
                note: String::new(),
                tags: Vec::new(),
                kind: Kind::Claim(Claim::default()),
            }))
        })
        .collect();
    let mut set = AnnotationSet::new(SetInfo::default());
    apply(&mut set, Edit::Batch(edits)).unwrap();
    Project::in_memory(
        "arabic".into(),
        Settings {
            format: FORMAT_VERSION,
            articles: ".".into(),
            default_set: "default".into(),
        },
        Corpus::from_articles(".".into(), [article]).into(),
        set,
    )
}

/// The corpus rows: typing in find, and adding an annotation.
fn corpus_frames(c: &mut Criterion) {
    let mut bench = Bench::of(Spec {
        articles: 10_000,
        annotations_per_article: 100,
        seed: 1,
    });
    bench.app.find.open_in_article();
    for _ in 0..3 {
        bench.frame(vec![Event::PointerMoved(POINTER)]);
    }
    bench.cpu.clear();
    let find: Vec<Duration> = (0..FRAMES).map(|i| bench.find_frame(i)).collect();
    assert!(
        !bench.app.find.query.is_empty(),
        "the find field took the typing"
    );
    percentiles("find-typing frame (10k articles)", find, &mut bench.cpu);
    bench.app.find.close();
    bench.unfocus();
    bench.frame(vec![Event::PointerMoved(POINTER)]);
    let before = bench.app.project.set.annotation_count();
    bench.cpu.clear();
    let add: Vec<Duration> = (0..FRAMES).map(|i| bench.add_frame(i)).collect();
    assert_eq!(
        bench.app.project.set.annotation_count(),
        before + FRAMES,
        "every Q frame added a quote"
    );
    percentiles("add-annotation frame (10k articles)", add, &mut bench.cpu);
    bench.app.find.open_in_article();
    bench.frame(vec![Event::PointerMoved(POINTER)]);
    let mut i = 0;
    c.bench_function(
        "find-typing frame (10k articles, 100 annotations each)",
        |b| {
            b.iter(|| {
                i += 1;
                bench.find_frame(i)
            })
        },
    );
    bench.app.find.close();
    bench.unfocus();
    c.bench_function(
        "add-annotation frame (10k articles, 100 annotations each)",
        |b| {
            b.iter(|| {
                i += 1;
                bench.add_frame(i)
            })
        },
    );
}

/// Wall-time percentiles of `times`, then the same frames' CPU time on
/// the UI thread (`cpu`, emptied).
fn percentiles(name: &str, mut times: Vec<Duration>, cpu: &mut Vec<Duration>) {
    let line = |times: &mut Vec<Duration>| {
        times.sort();
        let at =
            |p: f64| times[((times.len() - 1) as f64 * p).round() as usize].as_secs_f64() * 1e3;
        format!(
            "p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
            at(0.5),
            at(0.95),
            at(1.0)
        )
    };
    eprintln!(
        "{name}: {} over {} frames; UI-thread CPU {}",
        line(&mut times),
        times.len(),
        line(cpu)
    );
    cpu.clear();
}

/// Scroll and add-annotation frames on `bench`'s article: percentiles,
/// then criterion's medians under `label`.
fn measure(c: &mut Criterion, mut bench: Bench, label: &str) {
    let top = bench.app.view.first_painted_char();
    bench.cpu.clear();
    let scroll: Vec<Duration> = (0..FRAMES).map(|i| bench.scroll_frame(i)).collect();
    percentiles(&format!("scroll frame ({label})"), scroll, &mut bench.cpu);
    eprintln!(
        "scrolled from char {top:?} to char {:?}",
        bench.app.view.first_painted_char()
    );
    // Idle: once smooth scrolling has settled, frames without input ask
    // for no further repaint.
    let settled = bench.settle(600);
    eprintln!("idle: no repaint requested after {settled:?} frames without input");
    let before = bench.app.project.set.annotation_count();
    bench.cpu.clear();
    let add: Vec<Duration> = (0..FRAMES).map(|i| bench.add_frame(i)).collect();
    assert_eq!(
        bench.app.project.set.annotation_count(),
        before + FRAMES,
        "every Q frame added a quote"
    );
    percentiles(
        &format!("add-annotation frame ({label})"),
        add,
        &mut bench.cpu,
    );
    let mut i = 0;
    c.bench_function(&format!("scroll frame ({label})"), |b| {
        b.iter(|| {
            i += 1;
            bench.scroll_frame(i)
        })
    });
    c.bench_function(&format!("add-annotation frame ({label})"), |b| {
        b.iter(|| {
            i += 1;
            bench.add_frame(i)
        })
    });
}

/// Three 1 MB articles, 20,000 annotations each, side by side.
fn compare_frames(c: &mut Criterion) {
    let mut bench = Bench::of(Spec {
        articles: 3,
        annotations_per_article: 20_000,
        seed: 1,
    });
    let articles: Vec<ArticleId> = bench
        .app
        .project
        .corpus
        .articles()
        .map(|a| a.id.clone())
        .collect();
    bench
        .app
        .commands
        .push(concord::app::Command::Compare(articles.clone()));
    bench.app.handle_all();
    assert_eq!(bench.app.compare.columns(), &articles[..], "three columns");
    for _ in 0..10 {
        bench.frame(vec![Event::PointerMoved(POINTER)]);
    }
    for a in &articles[1..] {
        let painted = bench
            .app
            .compare
            .view(a)
            .and_then(|v| v.first_painted_char());
        assert!(painted.is_some(), "column {a} painted its text");
    }
    measure(c, bench, "3 columns of 1 MB, 20k annotations each");
}

fn frames(c: &mut Criterion) {
    measure(c, Bench::new(), "1 MB, 20k annotations");
    measure(
        c,
        Bench::on(arabic_project()),
        "1 MB Arabic, 20k annotations",
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = frames, corpus_frames, compare_frames
}
criterion_main!(benches);
