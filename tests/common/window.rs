//! Driving the real window headless (`#[path = "common/window.rs"] mod
//! window;`): a folder of the seed articles, a harness on it, pointer drags
//! over article text, and waiting for background work.
#![allow(dead_code)]

use concord::app::{Command, ConcordApp, Prefs};
use concord::core::edit::{Edit, apply};
use concord::core::model::{AnnotationId, ArticleId, Entity, EntityId, EntityKind};
use concord::core::store::Project;
use egui::{Pos2, vec2};
use egui_kittest::Harness;
use std::path::Path;
use std::time::{Duration, Instant};

pub const ARTICLE: &str = "003_5444680b821220af";
pub const QUOTED: &str = "Russia is currently engaged in a just fight against hegemonic forces";

/// The seed articles in a fresh folder, with two entities in its set.
pub fn seeds_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let seeds = dir.path().join("seeds");
    std::fs::create_dir(&seeds).unwrap();
    let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    for entry in std::fs::read_dir(here).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, seeds.join(path.file_name().unwrap())).unwrap();
    }
    let mut project = writable(dir.path());
    for (id, name, alias) in [
        ("kim", "Kim Jong Un", "Kim"),
        ("putin", "Vladimir Putin", "Putin"),
    ] {
        let entity = Entity {
            id: EntityId::new(id),
            name: name.into(),
            kind: EntityKind::Person,
            aliases: vec![alias.into()],
        };
        apply(&mut project.set, Edit::PutEntity(entity)).unwrap();
    }
    project.save().unwrap();
    dir
}

pub fn prefs() -> Prefs {
    Prefs {
        autosave: false,
        ..Prefs::default()
    }
}

/// A window on `dir` without autosave, showing [`ARTICLE`].
pub fn harness(dir: &Path) -> Harness<'static, ConcordApp> {
    harness_with(ConcordApp::new(writable(dir), prefs()))
}

pub fn harness_with(mut app: ConcordApp) -> Harness<'static, ConcordApp> {
    app.handle(Command::OpenArticle(ArticleId::new(ARTICLE)));
    let mut harness = Harness::builder()
        .with_size(vec2(1300.0, 850.0))
        .build_ui_state(|ui, app: &mut ConcordApp| app.ui(ui), app);
    harness.run();
    harness
}

/// Steps frames (each 1/60 s of input time) until `done` holds.
pub fn settle(
    harness: &mut Harness<'_, ConcordApp>,
    what: &str,
    done: impl Fn(&ConcordApp) -> bool,
) {
    let started = Instant::now();
    while !done(harness.state()) {
        assert!(started.elapsed() < Duration::from_secs(60), "never: {what}");
        harness.step();
        std::thread::sleep(Duration::from_millis(2));
    }
    harness.run();
}

/// The screen position of char `c` of the open article (mid-height of its row).
pub fn at_char(harness: &Harness<'_, ConcordApp>, c: usize) -> Pos2 {
    let rect = harness
        .state()
        .view
        .char_rect(c)
        .unwrap_or_else(|| panic!("char {c} is not on screen"));
    rect.center() + vec2(1.0, 0.0)
}

/// A single click at `at`, a few frames after any earlier one so it is not
/// a double click.
pub fn click_at(harness: &mut Harness<'_, ConcordApp>, at: Pos2) {
    for _ in 0..3 {
        harness.step();
    }
    harness.hover_at(at);
    harness.run();
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
    harness.run();
}

/// Drags from char `from` to char `to` with real pointer events.
pub fn drag(harness: &mut Harness<'_, ConcordApp>, from: usize, to: usize) {
    let a = at_char(harness, from);
    let b = at_char(harness, to);
    drag_to(harness, a, b);
    harness.drop_at(b);
    harness.run();
}

/// Presses at `a` and moves, button held, to `b` (by way of the middle).
pub fn drag_to(harness: &mut Harness<'_, ConcordApp>, a: Pos2, b: Pos2) {
    harness.hover_at(a);
    harness.run();
    harness.drag_at(a);
    harness.run();
    harness.hover_at(a + (b - a) * 0.5);
    harness.run();
    harness.hover_at(b);
    harness.run();
}

/// The chars of [`QUOTED`] in [`ARTICLE`].
pub fn quote_range(harness: &Harness<'_, ConcordApp>) -> (usize, usize) {
    let app = harness.state();
    let text = &app
        .project
        .corpus
        .get(&ArticleId::new(ARTICLE))
        .unwrap()
        .text;
    let byte = text.as_str().find(QUOTED).unwrap();
    let start = text.byte_to_char(byte).unwrap();
    (start, start + QUOTED.chars().count())
}

/// Asks the window to close, as its close button does; returns the
/// viewport commands the frame sent.
pub fn request_close(harness: &mut Harness<'_, ConcordApp>) -> Vec<egui::ViewportCommand> {
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.step();
    let commands = harness
        .output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .map(|v| v.commands.clone())
        .unwrap_or_default();
    harness.run();
    commands
}

/// The project in `dir`, opened as the window opens it: for writing.
pub fn writable(dir: &Path) -> Project {
    Project::open_writable(dir, std::time::Duration::ZERO).unwrap()
}

/// Selects the quoted sentence of the open article and tags it with `key`
/// (C, Q or S); returns the new annotation, which is selected.
pub fn tag_quoted(harness: &mut Harness<'_, ConcordApp>, key: egui::Key) -> AnnotationId {
    let (start, end) = quote_range(harness);
    drag(harness, start, end);
    harness.key_press(key);
    harness.run();
    harness
        .state()
        .selected
        .clone()
        .expect("the new annotation")
}

/// Presses Ctrl+S and waits until the save, written on another thread,
/// has landed.
pub fn press_save(harness: &mut Harness<'_, ConcordApp>) {
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.step();
    settle(harness, "the save lands", |app| !app.saving());
}
