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

use concord::app::{ConcordApp, Prefs};
use concord::core::article::{Article, Corpus};
use concord::core::edit::{Edit, apply};
use concord::core::generate::{self, Spec};
use concord::core::model::{
    Annotation, AnnotationId, AnnotationSet, ArticleId, Claim, Kind, SetInfo,
};
use concord::core::store::{FORMAT_VERSION, Project, Settings};
use concord::core::text::unicode;
use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Event, Key, Modifiers, MouseWheelUnit, Pos2, RawInput, Rect, vec2};
use std::time::{Duration, Instant};

const SCREEN: Rect = Rect::from_min_max(Pos2::ZERO, Pos2::new(1400.0, 900.0));
/// Over the article view.
const POINTER: Pos2 = Pos2::new(600.0, 400.0);
const FRAMES: usize = 300;

struct Bench {
    ctx: egui::Context,
    app: ConcordApp,
    time: f64,
    /// Each frame's CPU time on this thread, which other load on a shared
    /// machine inflates far less than wall time.
    cpu: Vec<Duration>,
}

/// CPU time this thread has used.
fn thread_cpu() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec for the call to fill.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

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

impl Bench {
    fn new() -> Self {
        Self::of(Spec {
            articles: 1,
            annotations_per_article: 20_000,
            seed: 1,
        })
    }

    fn of(spec: Spec) -> Self {
        Self::on(generate::project(&spec, "generated".into()))
    }

    fn on(project: Project) -> Self {
        let article = project.corpus.articles().next().expect("one article");
        eprintln!(
            "{} article(s), the first {} bytes; {} annotations",
            project.corpus.len(),
            article.text.as_str().len(),
            project.set.annotation_count()
        );
        let prefs = Prefs {
            autosave: false,
            ..Prefs::default()
        };
        let ctx = egui::Context::default();
        concord::app::fonts::install(&ctx);
        let mut bench = Self {
            ctx,
            app: ConcordApp::new(project, prefs),
            time: 0.0,
            cpu: Vec::new(),
        };
        // Warm up: fonts, the article's blocks, the first screen of galleys.
        for _ in 0..5 {
            bench.frame(vec![Event::PointerMoved(POINTER)]);
        }
        bench
    }

    /// One frame with `events`; returns its CPU time.
    fn frame(&mut self, events: Vec<Event>) -> Duration {
        self.time += 1.0 / 60.0;
        let input = RawInput {
            screen_rect: Some(SCREEN),
            time: Some(self.time),
            events,
            ..RawInput::default()
        };
        let started = Instant::now();
        let cpu = thread_cpu();
        let app = &mut self.app;
        let output = self.ctx.run_ui(input, |ui| app.ui(ui));
        let primitives = self.ctx.tessellate(output.shapes, output.pixels_per_point);
        let elapsed = started.elapsed();
        self.cpu.push(thread_cpu().saturating_sub(cpu));
        std::hint::black_box(primitives);
        elapsed
    }

    /// A scrolling frame: a wheel notch every few frames, so frames both
    /// start and continue smooth scrolling; direction flips at the ends.
    fn scroll_frame(&mut self, i: usize) -> Duration {
        let down = (i / 400).is_multiple_of(2);
        let events = if i.is_multiple_of(3) {
            vec![
                Event::PointerMoved(POINTER),
                Event::MouseWheel {
                    unit: MouseWheelUnit::Point,
                    delta: vec2(0.0, if down { -120.0 } else { 120.0 }),
                    phase: egui::TouchPhase::Move,
                    source: egui::MouseWheelSource::Unknown,
                    modifiers: Modifiers::NONE,
                },
            ]
        } else {
            vec![Event::PointerMoved(POINTER)]
        };
        self.frame(events)
    }

    /// The frame where Q tags a selected sentence as a quote.
    fn add_frame(&mut self, i: usize) -> Duration {
        let article = self.app.article.as_ref().expect("an open article");
        let chars = self.app.project.corpus.get(article).expect("in the corpus");
        let room = chars.text.len_chars().saturating_sub(1040).max(1);
        let start = 1000.min(room) + (i * 7919) % room;
        self.app.selection = Some(start..start + 40);
        self.app.selected = None;
        let key = |pressed| Event::Key {
            key: Key::Q,
            physical_key: None,
            pressed,
            repeat: false,
            modifiers: Modifiers::NONE,
        };
        let took = self.frame(vec![key(true), key(false)]);
        // Leave the inspector's text field so the next Q is a shortcut again.
        self.ctx.memory_mut(|m| {
            if let Some(id) = m.focused() {
                m.surrender_focus(id);
            }
        });
        took
    }

    /// The frame where one more char of the query is typed into the find
    /// bar (open, its field focused); every 24 chars it starts over.
    fn find_frame(&mut self, i: usize) -> Duration {
        const QUERY: &str = "the minister said on tuesday that";
        let n = i % 24;
        if n == 0 {
            self.app.find.query.clear();
        }
        let c = QUERY.chars().nth(n).unwrap_or('e');
        self.frame(vec![Event::Text(c.to_string())])
    }
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
    bench.ctx.memory_mut(|m| {
        if let Some(id) = m.focused() {
            m.surrender_focus(id);
        }
    });
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
    bench.ctx.memory_mut(|m| {
        if let Some(id) = m.focused() {
            m.surrender_focus(id);
        }
    });
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
    // Frames a few milliseconds apart in wall time too: the suggestions
    // of a pause are found on a thread, which frames without work outrun.
    let settled = (1..=600).find(|_| {
        std::thread::sleep(Duration::from_millis(5));
        bench.time += 1.0 / 60.0;
        let output = bench.ctx.run_ui(
            RawInput {
                screen_rect: Some(SCREEN),
                time: Some(bench.time),
                ..RawInput::default()
            },
            |ui| bench.app.ui(ui),
        );
        output.viewport_output[&egui::ViewportId::ROOT].repaint_delay == Duration::MAX
    });
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
