//! The window and the files under it, driven through the real window: a
//! second window opens read-only with a banner naming the writer and can
//! take over once it is gone; a set file changed behind the window (another
//! program, a `git pull`) is noticed by the watcher and never written over
//! unasked (keep mine, or reload with the unsaved edits offered back); and
//! problems found while loading are shown.

#![cfg(feature = "gui")]

#[path = "common/window.rs"]
mod window;

use concord::app::{Command, ConcordApp, Prefs};
use concord::core::edit::{Edit, apply};
use concord::core::model::{AnnotationId, ArticleId};
use concord::core::store::{self, ANNOTATIONS_DIR, Project, WRITER_LOCK_FILE};
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use window::{
    ARTICLE, drag, harness, harness_with, prefs, quote_range, seeds_folder, settle, tag_quoted,
};

/// Tags the quote of [`ARTICLE`] as a claim and saves; returns its id.
fn saved_claim(harness: &mut Harness<'_, ConcordApp>) -> AnnotationId {
    let (start, end) = quote_range(harness);
    drag(harness, start, end);
    harness.key_press(Key::C);
    harness.run();
    let id = harness.state().selected.clone().expect("a new claim");
    harness.key_press(Key::Escape);
    harness.run();
    window::press_save(harness);
    assert!(!harness.state().unsaved(), "{:?}", harness.state().save);
    id
}

/// Sets the note of annotation `id` in the window, unsaved.
fn note_in_window(harness: &mut Harness<'_, ConcordApp>, id: &AnnotationId, note: &str) {
    let mut edited = harness.state().project.set.annotation(id).unwrap().clone();
    edited.note = note.into();
    harness
        .state_mut()
        .handle(Command::Edit(Edit::ReplaceAnnotation(Box::new(edited))));
    harness.run();
    assert!(harness.state().unsaved());
}

/// Another program sets the note of `id` in the set's files, as a
/// colleague's version arriving by `git pull` would.
fn note_on_disk(set_dir: &Path, id: &AnnotationId, note: &str) {
    let mut set = store::load_set(set_dir).unwrap().set;
    let mut edited = set.annotation(id).unwrap().clone();
    edited.note = note.into();
    apply(&mut set, Edit::ReplaceAnnotation(Box::new(edited))).unwrap();
    store::save_set(&mut set, set_dir).unwrap();
}

fn note_saved(dir: &Path, id: &AnnotationId) -> String {
    let project = Project::open(dir).unwrap();
    project.set.annotation(id).unwrap().note.clone()
}

fn article_file(set_dir: &Path) -> PathBuf {
    set_dir.join("articles").join(format!("{ARTICLE}.ron"))
}

/// Steps frames for `seconds` of real time (so a watcher's events arrive).
fn idle(harness: &mut Harness<'_, ConcordApp>, seconds: f64) {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs_f64(seconds) {
        harness.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    harness.run();
}

/// A window opened while another handle writes the project is read-only:
/// the banner names the writer as its lock file does, saving is refused,
/// "Try again" fails while the writer is there, and once it is gone takes
/// over: the banner goes and the edit made meanwhile saves.
#[test]
fn a_second_window_is_read_only_until_the_writer_goes() {
    let dir = seeds_folder();
    let writer = Project::open_writable(dir.path(), Duration::ZERO).unwrap();
    let lock_text =
        std::fs::read_to_string(dir.path().join(ANNOTATIONS_DIR).join(WRITER_LOCK_FILE)).unwrap();
    let holder = lock_text.trim();
    assert!(
        holder.starts_with(&format!("process {} on ", std::process::id())),
        "{holder}"
    );

    let project = concord::app::open_project(dir.path()).unwrap();
    assert!(project.read_only());
    assert_eq!(project.holder().as_deref(), Some(holder));
    let mut harness = harness_with(ConcordApp::new(project, prefs()));
    harness.get_by_label("Read-only:");
    harness.get_by_label(holder);
    harness.get_by_label("Your changes here can't be saved.");

    // Edits are allowed, and plainly not saved.
    tag_quoted(&mut harness, Key::C);
    harness.key_press(Key::Escape);
    harness.run();
    window::press_save(&mut harness);
    assert!(harness.state().unsaved());
    harness.get_by_label_contains("Not saved: Read-only");
    assert_eq!(Project::open(dir.path()).unwrap().set.annotation_count(), 0);

    harness.get_by_label("Try again").click();
    harness.run();
    assert!(harness.state().project.read_only());
    harness.get_by_label("Still in use.");

    drop(writer);
    harness.get_by_label("Try again").click();
    harness.run();
    let app = harness.state();
    assert!(!app.project.read_only());
    assert!(app.banners.read_only.is_none());
    assert!(harness.query_by_label("Read-only:").is_none());
    assert!(harness.query_by_label(holder).is_none());
    window::press_save(&mut harness);
    assert!(!harness.state().unsaved(), "{:?}", harness.state().save);
    assert_eq!(Project::open(dir.path()).unwrap().set.annotation_count(), 1);
    // This window is the writer now: another cannot be.
    assert!(Project::open_writable(dir.path(), Duration::ZERO).is_err());
}

/// The window's own saves never show as changed on disk; a change made
/// behind it is noticed by the watcher, autosave does not write over it
/// (nor retry in a loop), and "Keep mine" then saves the window's version.
#[test]
fn a_file_changed_behind_the_window_is_kept_only_when_asked() {
    let dir = seeds_folder();
    let app = ConcordApp::new(
        window::writable(dir.path()),
        Prefs {
            autosave: true,
            ..prefs()
        },
    );
    let mut harness = harness_with(app);
    let set_dir = harness.state().project.set_dir();
    let id = saved_claim(&mut harness);
    // Our own save's file events come and go without a banner.
    idle(&mut harness, 0.8);
    assert!(harness.state().banners.watch.is_watching());
    assert_eq!(harness.state().banners.changed, Vec::<PathBuf>::new());

    note_in_window(&mut harness, &id, "Ours: check the Korean original");
    note_on_disk(&set_dir, &id, "Theirs: confirmed by the ministry");
    let changed_at = harness.state().now;
    settle(&mut harness, "the watcher notices the change", |app| {
        !app.banners.changed.is_empty()
    });
    // The watcher's doing: before the autosave's own check was due.
    let after = harness.state().now - changed_at;
    assert!(after < concord::app::state::AUTOSAVE_DELAY, "{after} s");
    let file = std::path::absolute(article_file(&set_dir)).unwrap();
    assert_eq!(harness.state().banners.changed, vec![file]);
    harness.get_by_label("Changed on disk:");
    harness.get_by_label(&format!("annotations/default/articles/{ARTICLE}.ron"));

    // Well past the autosave delay: nothing written over theirs.
    let saves_due = harness.state().now + 2.0 * concord::app::state::AUTOSAVE_DELAY;
    settle(&mut harness, "autosave would have run", |app| {
        app.now > saves_due
    });
    assert_eq!(
        note_saved(dir.path(), &id),
        "Theirs: confirmed by the ministry"
    );
    assert!(harness.state().unsaved());
    harness.get_by_label_contains("Not saved: files changed on disk");

    harness.get_by_label("Keep mine").click();
    harness.run();
    assert!(harness.query_by_label("Changed on disk:").is_none());
    window::press_save(&mut harness);
    assert!(!harness.state().unsaved(), "{:?}", harness.state().save);
    assert_eq!(
        note_saved(dir.path(), &id),
        "Ours: check the Korean original"
    );
    // And that save of ours is not taken for another program's.
    idle(&mut harness, 0.5);
    assert!(harness.state().banners.changed.is_empty());
}

/// "Reload from disk": the set shows the version on disk, and the edit not
/// saved (not journaled yet when the choice was made) is offered back;
/// restoring it brings it back.
#[test]
fn reloading_from_disk_offers_the_unsaved_edit_back() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    let set_dir = harness.state().project.set_dir();
    let id = saved_claim(&mut harness);
    note_in_window(&mut harness, &id, "Ours: check the Korean original");
    note_on_disk(&set_dir, &id, "Theirs: confirmed by the ministry");
    // Checked on demand too (as on getting the focus back), without waiting
    // for the watcher.
    harness.state_mut().handle(Command::CheckDisk);
    harness.run();
    harness.get_by_label("Changed on disk:");

    harness.get_by_label("Reload from disk").click();
    harness.run();
    let app = harness.state();
    assert!(app.banners.changed.is_empty());
    assert!(!app.project.read_only(), "the reload keeps the writer lock");
    assert_eq!(app.article, Some(ArticleId::new(ARTICLE)));
    assert_eq!(
        app.project.set.annotation(&id).unwrap().note,
        "Theirs: confirmed by the ministry"
    );
    harness.get_by_label("Restore unsaved edits?");
    harness.get_by_label("• 1 annotations changed");
    harness.get_by_label("The saved set changed since these edits were made.");
    harness.get_by_label("Restore").click();
    harness.run();
    assert_eq!(
        harness.state().project.set.annotation(&id).unwrap().note,
        "Ours: check the Korean original"
    );
    window::press_save(&mut harness);
    assert_eq!(
        note_saved(dir.path(), &id),
        "Ours: check the Korean original"
    );
}

/// A `set.ron` with a repeated entity id opens with both entities kept and
/// a notice naming the file, the line and what was done; it can be closed.
#[test]
fn load_problems_are_shown() {
    let dir = seeds_folder();
    let set_file = dir.path().join("annotations/default/set.ron");
    let text = std::fs::read_to_string(&set_file).unwrap();
    assert!(text.contains("id: \"putin\""), "{text}");
    std::fs::write(&set_file, text.replace("id: \"putin\"", "id: \"kim\"")).unwrap();

    let mut harness = harness(dir.path());
    let app = harness.state();
    assert_eq!(app.project.set.entities().len(), 2);
    assert_eq!(app.project.problems.len(), 1);
    let line = app.project.problems[0].line.expect("a line");
    harness.get_by_label("Opened with problems:");
    harness.get_by_label(&format!("annotations/default/set.ron:{line}"));
    harness
        .get_by_label_contains("entity id \"kim\" is used twice; the second is kept as \"kim~2\"");

    harness.get_by_label("Dismiss").click();
    harness.run();
    assert!(harness.query_by_label("Opened with problems:").is_none());
}

/// A disk whose writes wait until the test opens the gate, so a save stays
/// in flight while the test edits.
struct Gated {
    open: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl store::Disk for Gated {
    fn create(&self, path: &Path, bytes: &[u8], mode: Option<u32>) -> std::io::Result<()> {
        while !self.open.load(std::sync::atomic::Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(2));
        }
        store::RealDisk.create(path, bytes, mode)
    }
    fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        store::RealDisk.rename(from, to)
    }
    fn remove(&self, path: &Path) -> std::io::Result<()> {
        store::RealDisk.remove(path)
    }
    fn sync_dir(&self, dir: &Path) -> std::io::Result<()> {
        store::RealDisk.sync_dir(dir)
    }
}

/// Saving is written on another thread while the window goes on: an edit
/// made meanwhile is not taken for saved when that save lands (the window
/// stays "unsaved", the file holds the state of when the save began), and
/// the next save writes it.
#[test]
fn an_edit_made_while_a_save_is_written_stays_unsaved_until_the_next() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    let id = tag_quoted(&mut harness, Key::C);
    harness.key_press(Key::Escape);
    harness.run();
    let open = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    harness.state_mut().saver.disk = std::sync::Arc::new(Gated { open: open.clone() });
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(harness.state().saving(), "the save waits at the gate");
    // The window goes on meanwhile.
    note_in_window(&mut harness, &id, "Checked with the agency");
    harness.get_by_label_contains("Unsaved changes");

    open.store(true, std::sync::atomic::Ordering::SeqCst);
    settle(&mut harness, "the first save lands", |app| !app.saving());
    assert!(
        harness.state().save.error.is_none(),
        "{:?}",
        harness.state().save
    );
    assert!(
        harness.state().unsaved(),
        "the note came after the save began"
    );
    harness.get_by_label_contains("Unsaved changes");
    let saved = Project::open(dir.path()).unwrap();
    assert_eq!(
        saved.set.annotation(&id).unwrap().note,
        "",
        "the first save's state"
    );
    // Its own file is no change on disk to the window.
    assert!(harness.state().banners.changed.is_empty());

    window::press_save(&mut harness);
    assert!(!harness.state().unsaved(), "{:?}", harness.state().save);
    harness.get_by_label("All changes saved");
    assert_eq!(note_saved(dir.path(), &id), "Checked with the agency");
}
