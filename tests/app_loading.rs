//! The window on a project opened in parts: the first article is there to
//! edit at once, the rest is read on a thread with its progress on the
//! status bar, and what needs the whole set (validation, export, restoring
//! journaled edits) says it waits and starts once the rest has landed.

#![cfg(feature = "gui")]

#[path = "common/window.rs"]
mod window;

use concord::app::dialogs::{Picked, Purpose};
use concord::app::transfer::{ExportFilters, Pending};
use concord::app::{BottomTab, Command, ConcordApp};
use concord::core::edit::Edit;
use concord::core::export::Format;
use concord::core::generate::{Spec, write_project};
use concord::core::model::ArticleId;
use concord::core::store::{Part, Project};
use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::Path;
use std::time::Duration;

const ARTICLES: usize = 80;

fn generated() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_project(
        &Spec {
            articles: ARTICLES,
            annotations_per_article: 20,
            seed: 3,
        },
        dir.path(),
    )
    .unwrap();
    dir
}

/// A commit in progress, as another process's save holds it: readers of
/// the set wait until it is dropped, so the rest stays unread meanwhile.
fn hold_commit(dir: &Path) -> std::fs::File {
    let lock = std::fs::File::open(dir.join("annotations/.concord-commit.lock")).unwrap();
    lock.lock().unwrap();
    lock
}

fn window(app: ConcordApp) -> Harness<'static, ConcordApp> {
    let mut harness = Harness::builder()
        .with_size(vec2(1300.0, 850.0))
        .build_ui_state(|ui, app: &mut ConcordApp| app.ui(ui), app);
    harness.run();
    harness
}

/// A jsonl export to `out` picked in the file dialog.
fn pick_export(harness: &mut Harness<'static, ConcordApp>, out: &Path) {
    harness.state_mut().transfer.pending =
        Some(Pending::Export(Format::Jsonl, ExportFilters::default()));
    harness.state_mut().start_transfer(Picked {
        purpose: Purpose::ExportFile("jsonl"),
        path: out.to_owned(),
    });
}

fn in_parts(dir: &Path) -> Project {
    Project::open_writable_part(dir, Duration::ZERO, Part::First(None)).unwrap()
}

#[test]
fn the_first_article_is_editable_at_once_and_whole_set_work_waits_for_the_rest() {
    let dir = generated();
    let project = in_parts(dir.path());
    let articles: Vec<ArticleId> = project.corpus.articles().map(|a| a.id.clone()).collect();
    let commit = hold_commit(dir.path());
    let mut harness = window(ConcordApp::new(project, window::prefs()));

    let state = harness.state();
    assert_eq!(state.article.as_ref(), Some(&articles[0]));
    assert_eq!(state.project.set.loading_count(), ARTICLES - 1);
    harness.get_by_label("Reading annotations");
    assert!(
        harness
            .query_all_by_label("annotations not read yet")
            .next()
            .is_some(),
        "rows not read yet say so"
    );

    // Validation waits, and says why.
    harness.state_mut().bottom_tab = BottomTab::Findings;
    harness.run();
    harness.get_by_label_contains("starts once the whole set is read");
    assert!(
        harness.query_by_label("No findings.").is_none(),
        "no verdict before the check"
    );

    // So does the overview, which sets the outlets side by side.
    harness.state_mut().overview.open = true;
    harness.run();
    harness.get_by_label_contains("Starts once the whole set is read");
    harness.state_mut().overview.open = false;

    // An export picked now waits for the rest.
    let out = dir.path().join("out.jsonl");
    pick_export(&mut harness, &out);
    harness.run();
    assert_eq!(
        harness.state().notice.as_deref(),
        Some("Starts once every article's annotations are read")
    );
    assert!(!out.exists());

    // The first article takes edits; one still loading refuses them.
    let mut here = harness.state().project.set.annotations_of(&articles[0])[0].clone();
    here.note = "edited while the rest loads".into();
    harness
        .state_mut()
        .handle(Command::Edit(Edit::ReplaceAnnotation(Box::new(
            here.clone(),
        ))));
    let mut there = here.clone();
    there.article = articles[5].clone();
    there.id = concord::core::model::AnnotationId::new("elsewhere-1");
    harness
        .state_mut()
        .handle(Command::Edit(Edit::AddAnnotation(Box::new(there))));
    assert_eq!(
        harness.state().notice.as_deref(),
        Some(&*format!(
            "Not changed: the annotations of article {} are still loading",
            articles[5]
        ))
    );
    assert_eq!(
        harness.state().project.set.annotation(&here.id),
        Some(&here)
    );

    // The commit ends: the rest lands, and what waited starts.
    drop(commit);
    window::settle(&mut harness, "the rest lands", |app| app.loading.is_none());
    let state = harness.state();
    assert!(state.project.set.is_complete());
    assert_eq!(state.project.set.annotation_count(), ARTICLES * 20);
    assert_eq!(state.project.set.annotation(&here.id), Some(&here));
    assert!(harness.query_by_label("Reading annotations").is_none());
    assert!(harness.query_by_label("annotations not read yet").is_none());
    window::settle(&mut harness, "the export ran", |app| {
        !app.transfer.is_running() && out.exists()
    });
    assert_eq!(
        std::fs::read_to_string(&out).unwrap().lines().count(),
        ARTICLES
    );
    window::settle(&mut harness, "validation ran", |app| {
        app.revalidator.is_current(app.revision)
    });
    assert!(
        harness
            .query_by_label_contains("starts once the whole set is read")
            .is_none()
    );
}

#[test]
fn journaled_edits_wait_for_the_whole_set_before_they_can_be_restored() {
    let dir = generated();
    // An earlier run's unsaved edit, left in the journal.
    let project = in_parts(dir.path());
    let first = project.corpus.articles().next().unwrap().id.clone();
    let mut edited = project.set.annotations_of(&first)[1].clone();
    edited.note = "from the journal".into();
    let mut journal =
        concord::core::journal::Journal::new(&project.set_dir(), &project.settings.default_set);
    journal
        .append(&[Edit::ReplaceAnnotation(Box::new(edited.clone()))])
        .unwrap();
    drop(journal);

    let commit = hold_commit(dir.path());
    let mut harness = window(ConcordApp::new(project, window::prefs()));
    harness.get_by_label("Restore unsaved edits?");
    harness.get_by_label_contains("Restoring checks the edits against the whole set");
    assert!(
        harness
            .get_by_label("Restore")
            .accesskit_node()
            .is_disabled()
    );

    drop(commit);
    window::settle(&mut harness, "the rest lands", |app| app.loading.is_none());
    assert!(
        !harness
            .get_by_label("Restore")
            .accesskit_node()
            .is_disabled()
    );
    harness.get_by_label("Restore").click();
    harness.run();
    assert!(harness.state().recovery.is_none());
    assert_eq!(
        harness.state().project.set.annotation(&edited.id),
        Some(&edited)
    );
}

#[test]
fn a_rest_that_cannot_be_read_is_reported_and_whole_set_work_stays_off() {
    let dir = generated();
    let project = in_parts(dir.path());
    let broken: ArticleId = project.corpus.articles().nth(4).unwrap().id.clone();
    let file = dir
        .path()
        .join("annotations/generated/articles")
        .join(format!("{broken}.ron"));
    let commit = hold_commit(dir.path());
    let mut harness = window(ConcordApp::new(project, window::prefs()));
    std::fs::write(&file, "(format: 2, annotations: [").unwrap();
    // An export that waits for the rest is told when the rest fails.
    let waited = dir.path().join("waited.jsonl");
    pick_export(&mut harness, &waited);
    drop(commit);
    window::settle(&mut harness, "the read ends", |app| app.loading.is_none());

    let state = harness.state();
    assert_eq!(
        state.notice.as_deref(),
        Some("The import or export that waited did not start: part of the set could not be read")
    );
    assert!(!waited.exists());
    assert!(!state.project.set.is_complete());
    let error = state.load_error.clone().expect("the failure is kept");
    assert!(error.contains(&format!("{broken}.ron")), "{error}");
    harness.get_by_label(&error);
    // An export is refused rather than left waiting for ever.
    let out = dir.path().join("out.jsonl");
    pick_export(&mut harness, &out);
    assert_eq!(
        harness.state().notice.as_deref(),
        Some("Not started: part of the set could not be read")
    );
    harness.run();
    assert!(!out.exists());
    assert!(harness.state().waiting_transfer.is_none());
}
