//! The real app UI headless (an `egui::Context`, no window), frame by
//! frame, for the window benches. Each bench uses part of it.
#![allow(dead_code)]

use concord::app::{ConcordApp, Prefs};
use concord::core::generate::{self, Spec};
use concord::core::store::Project;
use egui::{Event, Key, Modifiers, MouseWheelUnit, Pos2, RawInput, Rect, vec2};
use std::time::{Duration, Instant};

pub const SCREEN: Rect = Rect::from_min_max(Pos2::ZERO, Pos2::new(1400.0, 900.0));
/// Over the article view.
pub const POINTER: Pos2 = Pos2::new(600.0, 400.0);
pub const FRAMES: usize = 300;

pub struct Bench {
    pub ctx: egui::Context,
    pub app: ConcordApp,
    pub time: f64,
    /// Each frame's CPU time on this thread, which other load on a shared
    /// machine inflates far less than wall time.
    pub cpu: Vec<Duration>,
}

/// CPU time this thread has used.
pub fn thread_cpu() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec for the call to fill.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

impl Bench {
    pub fn new() -> Self {
        Self::of(Spec {
            articles: 1,
            annotations_per_article: 20_000,
            seed: 1,
        })
    }

    pub fn of(spec: Spec) -> Self {
        Self::on(generate::project(&spec, "generated".into()))
    }

    pub fn on(project: Project) -> Self {
        let article = project.corpus.articles().next().expect("one article");
        eprintln!(
            "{} article(s), the first {} bytes; {} annotations",
            project.corpus.len(),
            article.text.as_str().len(),
            project.set.annotation_count()
        );
        let mut bench = Self::cold(project);
        // Warm up: fonts, the article's blocks, the first screen of galleys.
        for _ in 0..5 {
            bench.frame(vec![Event::PointerMoved(POINTER)]);
        }
        bench
    }

    /// A window on `project` that has drawn nothing yet.
    pub fn cold(project: Project) -> Self {
        let prefs = Prefs {
            autosave: false,
            ..Prefs::default()
        };
        let ctx = egui::Context::default();
        concord::app::fonts::install(&ctx);
        Self {
            ctx,
            app: ConcordApp::new(project, prefs),
            time: 0.0,
            cpu: Vec::new(),
        }
    }

    /// One frame with `events`; returns its CPU time.
    pub fn frame(&mut self, events: Vec<Event>) -> Duration {
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

    /// Frames without input, a few milliseconds apart in wall time (work
    /// such as suggestions runs on a thread, which bare frames outrun),
    /// until one asks for no further repaint: how many it took, if at most
    /// `max`.
    pub fn settle(&mut self, max: usize) -> Option<usize> {
        (1..=max).find(|_| {
            std::thread::sleep(Duration::from_millis(5));
            self.time += 1.0 / 60.0;
            let app = &mut self.app;
            let output = self.ctx.run_ui(
                RawInput {
                    screen_rect: Some(SCREEN),
                    time: Some(self.time),
                    ..RawInput::default()
                },
                |ui| app.ui(ui),
            );
            output.viewport_output[&egui::ViewportId::ROOT].repaint_delay == Duration::MAX
        })
    }

    /// A scrolling frame: a wheel notch every few frames, so frames both
    /// start and continue smooth scrolling; direction flips at the ends.
    pub fn scroll_frame(&mut self, i: usize) -> Duration {
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
    pub fn add_frame(&mut self, i: usize) -> Duration {
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
        self.unfocus();
        took
    }

    /// Takes the keyboard focus from whatever widget has it.
    pub fn unfocus(&mut self) {
        self.ctx.memory_mut(|m| {
            if let Some(id) = m.focused() {
                m.surrender_focus(id);
            }
        });
    }

    /// The frame where one more char of the query is typed into the find
    /// bar (open, its field focused); every 24 chars it starts over.
    pub fn find_frame(&mut self, i: usize) -> Duration {
        const QUERY: &str = "the minister said on tuesday that";
        let n = i % 24;
        if n == 0 {
            self.app.find.query.clear();
        }
        let c = QUERY.chars().nth(n).unwrap_or('e');
        self.frame(vec![Event::Text(c.to_string())])
    }
}
