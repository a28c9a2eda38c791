//! The window's own paths to losing work, each driven through the real
//! window: an import landing on a set the editor changed meanwhile, reload
//! after an import, closing with uncommitted typing, a failing background
//! validator, findings of an older state, and the unsaved-edit journal.

#![cfg(feature = "gui")]

#[path = "common/window.rs"]
mod window;

use concord::app::revalidate::{Check, Revalidator};
use concord::app::transfer::Pending;
use concord::app::{BottomTab, Closing, Command, ConcordApp};
use concord::core::edit::Edit;
use concord::core::import;
use concord::core::journal;
use concord::core::model::{ArticleId, Kind};
use concord::core::store::Project;
use concord::core::validate::{Finding, Severity};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};
use window::{
    ARTICLE, drag, harness, harness_with, prefs, quote_range, seeds_folder, settle, tag_quoted,
    writable,
};

const OTHER: &str = "000_1a12d6d4627fb8c8";

/// An articles JSONL: metadata for two seed articles (same texts) and one
/// new article.
fn articles_jsonl(harness: &Harness<'_, ConcordApp>, dir: &Path) -> PathBuf {
    let text = |id: &str| {
        harness
            .state()
            .project
            .corpus
            .get(&ArticleId::new(id))
            .unwrap()
            .text
            .as_str()
            .to_owned()
    };
    let lines = [
        serde_json::json!({"id": ARTICLE, "text": text(ARTICLE), "outlet": "Wire Services Ltd"}),
        serde_json::json!({"id": OTHER, "text": text(OTHER), "outlet": "Evening Ledger"}),
        serde_json::json!({
            "id": "harbour-fire",
            "text": "A fire broke out at the east harbour on Tuesday night. \"Nobody was hurt,\" the port authority said.",
            "outlet": "Coastal Herald",
        }),
    ];
    let path = dir.join("articles.jsonl");
    let body: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    std::fs::write(&path, body.join("\n")).unwrap();
    path
}

fn outlet(app: &ConcordApp, id: &str) -> String {
    app.project
        .set
        .article(&ArticleId::new(id))
        .map(|a| a.record.meta.outlet.clone())
        .unwrap_or_default()
}

/// The editor types an outlet into the metadata form while an import
/// computed on the set from before is running; the typed outlet survives,
/// the report names the conflict, the rest of the import applies.
#[test]
fn an_import_landing_keeps_what_the_editor_typed_meanwhile() {
    let dir = seeds_folder();
    let input = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    let path = articles_jsonl(&harness, input.path());
    // The import's snapshot: the set before the editor's edit.
    let before = harness.state().project.set.clone();

    harness.state_mut().bottom_tab = BottomTab::Article;
    harness.run();
    harness.get_by_label("Outlet").click();
    harness.run();
    harness.event(egui::Event::Text("Pyongyang Bureau".into()));
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(outlet(harness.state(), ARTICLE), "Pyongyang Bureau");

    let app = harness.state_mut();
    let corpus = app.project.corpus.clone();
    app.transfer.start(
        Pending::Import(import::Format::Articles),
        path,
        &before,
        &corpus,
    );
    settle(&mut harness, "the import lands", |app| {
        !app.transfer.is_running() && app.project.corpus.len() == 4
    });

    let app = harness.state();
    assert_eq!(
        outlet(app, ARTICLE),
        "Pyongyang Bureau",
        "the editor's value"
    );
    assert_eq!(outlet(app, OTHER), "Evening Ledger", "the rest applied");
    assert_eq!(outlet(app, "harbour-fire"), "Coastal Herald");
    let report = app.transfer.report().expect("a report");
    assert!(
        report.contains(&format!(
            "Kept your edit of the metadata of article {ARTICLE} (changed while importing)"
        )),
        "{report}"
    );
    // Saved from the live set: the typed outlet is on disk too.
    let saved = Project::open(dir.path()).unwrap();
    assert_eq!(
        saved
            .set
            .article(&ArticleId::new(ARTICLE))
            .unwrap()
            .record
            .meta
            .outlet,
        "Pyongyang Bureau"
    );
}

/// An import that adds articles saves and re-reads the folder: the corpus
/// has the new article, and undo still reaches the import and the edit
/// made before it; the report and the open article stay.
#[test]
fn reload_after_an_import_that_adds_articles_keeps_undo() {
    let dir = seeds_folder();
    let input = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    let path = articles_jsonl(&harness, input.path());
    let (start, end) = quote_range(&harness);
    drag(&mut harness, start, end);
    harness.key_press(Key::C);
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(harness.state().project.set.annotation_count(), 1);

    let app = harness.state_mut();
    let (set, corpus) = (app.project.set.clone(), app.project.corpus.clone());
    app.transfer.start(
        Pending::Import(import::Format::Articles),
        path,
        &set,
        &corpus,
    );
    settle(&mut harness, "the import lands", |app| {
        !app.transfer.is_running() && app.project.corpus.len() == 4
    });
    let app = harness.state();
    assert!(
        app.project
            .corpus
            .get(&ArticleId::new("harbour-fire"))
            .is_some()
    );
    assert_eq!(outlet(app, OTHER), "Evening Ledger");
    assert!(app.transfer.report().is_some(), "the report survives");
    assert_eq!(app.article, Some(ArticleId::new(ARTICLE)));
    assert!(app.history.can_undo());

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let app = harness.state();
    assert_eq!(outlet(app, OTHER), "", "the import is undone");
    assert_eq!(outlet(app, "harbour-fire"), "");
    assert_eq!(app.project.set.annotation_count(), 1);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        harness.state().project.set.annotation_count(),
        0,
        "the edit from before the import is undone too"
    );
}

/// A note typed but not committed (its field still focused) counts: closing
/// commits it and asks, and "Save and close" saves it.
#[test]
fn closing_with_a_note_being_typed_commits_it_and_asks() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    let id = tag_quoted(&mut harness, Key::C);
    window::press_save(&mut harness);
    assert!(!harness.state().unsaved());

    harness.get_by_label("Note").click();
    harness.run();
    harness.event(egui::Event::Text("Check the Korean original".into()));
    harness.run();
    assert_eq!(
        harness.state().project.set.annotation(&id).unwrap().note,
        ""
    );

    let commands = window::request_close(&mut harness);
    assert!(commands.contains(&egui::ViewportCommand::CancelClose));
    assert_eq!(harness.state().closing, Closing::Asking);
    assert_eq!(
        harness.state().project.set.annotation(&id).unwrap().note,
        "Check the Korean original"
    );
    harness.get_by_label("Save and close").click();
    harness.run();
    assert_eq!(harness.state().closing, Closing::Allowed);
    let saved = Project::open(dir.path()).unwrap();
    assert_eq!(
        saved.set.annotation(&id).unwrap().note,
        "Check the Korean original"
    );
}

/// Article metadata typed but not applied counts as well.
#[test]
fn closing_with_metadata_being_typed_asks() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    harness.state_mut().bottom_tab = BottomTab::Article;
    harness.run();
    harness.get_by_label("Author").click();
    harness.run();
    harness.event(egui::Event::Text("Min-jun Park".into()));
    harness.run();
    assert!(!harness.state().unsaved());
    window::request_close(&mut harness);
    assert_eq!(harness.state().closing, Closing::Asking);
    let meta = &harness
        .state()
        .project
        .set
        .article(&ArticleId::new(ARTICLE))
        .unwrap()
        .record
        .meta;
    assert_eq!(meta.author, "Min-jun Park");
}

/// A validator that panics: the status bar and the findings tab say so.
#[test]
fn a_failing_background_validator_is_shown() {
    let dir = seeds_folder();
    let check: Check = Box::new(|_, _, _| panic!("rule X104 hit a date it cannot read"));
    let app = ConcordApp::with_revalidator(
        writable(dir.path()),
        prefs(),
        Revalidator::with_check(None, check),
    );
    let mut harness = harness_with(app);
    settle(&mut harness, "the failure lands", |app| {
        app.revalidator.error().is_some()
    });
    harness.get_by_label(
        "Validation failed: the validator failed: rule X104 hit a date it cannot read",
    );
    harness.state_mut().bottom_tab = BottomTab::Findings;
    harness.run();
    harness.get_by_label_contains("These findings are from before.");
    assert!(!harness.state().findings_are_current());
}

/// The real (incremental) validator: a quote without a speaker is found,
/// and undoing it takes the finding away.
#[test]
fn findings_follow_edits() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    let id = tag_quoted(&mut harness, Key::Q);
    let names = |app: &ConcordApp| {
        app.findings()
            .iter()
            .filter(|f| {
                f.rule == "I006"
                    && f.locations
                        .iter()
                        .any(|l| l.annotation.as_ref() == Some(&id))
            })
            .count()
    };
    settle(&mut harness, "findings of the new quote", |app| {
        app.findings_are_current()
    });
    assert_eq!(
        names(harness.state()),
        1,
        "{:?}",
        harness.state().findings()
    );
    harness.key_press(Key::Escape);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    settle(&mut harness, "findings after undo", |app| {
        app.findings_are_current()
    });
    assert_eq!(names(harness.state()), 0);
}

/// A result computed for an older state lands after a newer edit: it is not
/// taken as current, the tab says so, and the newer state is checked next.
#[test]
fn findings_of_an_older_state_are_not_shown_as_current() {
    let dir = seeds_folder();
    let (release, gate) = std::sync::mpsc::channel::<()>();
    let gate = std::sync::Mutex::new(gate);
    // Reports how many annotations it saw, once let through.
    let check: Check = Box::new(move |set, _, _| {
        gate.lock().unwrap().recv().map_err(|e| e.to_string())?;
        Ok(vec![Finding {
            rule: "X109",
            severity: Severity::Info,
            message: format!("saw {} annotations", set.annotation_count()),
            locations: vec![],
            fix: None,
        }])
    });
    let app = ConcordApp::with_revalidator(
        writable(dir.path()),
        prefs(),
        Revalidator::with_check(None, check),
    );
    let mut harness = harness_with(app);
    harness.state_mut().bottom_tab = BottomTab::Findings;
    release.send(()).unwrap();
    settle(&mut harness, "the first check", |app| {
        app.findings_are_current()
    });
    let message = |app: &ConcordApp| app.findings()[0].message.clone();
    assert_eq!(message(harness.state()), "saw 0 annotations");

    tag_quoted(&mut harness, Key::C);
    let first = harness.state().revision;
    settle(
        &mut harness,
        "a check of the first edit is asked for",
        |app| app.revalidator.requested() == Some(first),
    );
    // A second edit before the first check comes back.
    harness.key_press(Key::Escape);
    harness.run();
    let mut edited = harness
        .state()
        .project
        .set
        .annotations()
        .next()
        .unwrap()
        .clone();
    edited.note = "second edit".into();
    harness
        .state_mut()
        .handle(Command::Edit(Edit::ReplaceAnnotation(Box::new(edited))));
    release.send(()).unwrap();
    settle(&mut harness, "the older result lands", |app| {
        app.revalidator.generation() == Some(first)
    });
    let app = harness.state();
    assert_eq!(message(app), "saw 1 annotations");
    assert!(app.revision > first);
    assert!(!app.findings_are_current(), "an older state's findings");
    harness.get_by_label_contains("Checking the latest edits");

    release.send(()).unwrap();
    settle(&mut harness, "the live state is checked", |app| {
        app.findings_are_current()
    });
    assert_eq!(
        harness.state().revalidator.generation(),
        Some(harness.state().revision)
    );
    assert!(
        harness
            .query_by_label_contains("Checking the latest edits")
            .is_none()
    );
}

/// An edit not saved is journaled; the window is dropped as if killed; the
/// next window offers it back, and Restore brings it back as one undo step.
#[test]
fn an_unsaved_edit_survives_a_killed_window() {
    let dir = seeds_folder();
    let set_dir = Project::open(dir.path()).unwrap().set_dir();
    let mut harness = harness(dir.path());
    let (start, end) = quote_range(&harness);
    drag(&mut harness, start, end);
    harness.key_press(Key::Q);
    harness.run();
    let id = harness.state().selected.clone().unwrap();
    harness.event(egui::Event::Text("Kim".into()));
    harness.run();
    harness.get_by_label("Kim Jong Un (Kim)").click();
    harness.run();
    assert!(harness.state().unsaved());
    settle(&mut harness, "the journal is written", |app| {
        app.journal.is_written()
            && journal::pending(&set_dir)
                .unwrap()
                .is_some_and(|p| p.edits.len() == 2)
    });
    drop(harness); // no save, no close: as if killed

    let saved = writable(dir.path());
    assert!(saved.set.annotation(&id).is_none(), "nothing was saved");
    let mut harness = harness_with(ConcordApp::new(saved, prefs()));
    harness.get_by_label("Restore unsaved edits?");
    harness.get_by_label("• 1 annotations added");
    harness.get_by_label("• 1 annotations changed");
    harness.get_by_label_contains(&format!("add quote {id} in {ARTICLE}"));
    harness.get_by_label("Restore").click();
    harness.run();

    let app = harness.state();
    assert!(app.recovery.is_none());
    let quote = app.project.set.annotation(&id).expect("restored");
    assert_eq!((quote.span.start, quote.span.end), (start, end));
    let Kind::Quote(q) = &quote.kind else {
        panic!("not a quote")
    };
    assert_eq!(q.speaker.as_ref().map(|e| e.as_str()), Some("kim"));
    assert!(app.unsaved());
    assert!(harness.query_by_label("Restore unsaved edits?").is_none());
    // One undo step takes the whole restore back.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().project.set.annotation_count(), 0);

    // Saving removes the journal.
    window::press_save(&mut harness);
    assert!(!journal::path(&set_dir).exists());
}

/// Discard forgets the journal for good.
#[test]
fn discarding_a_journal_removes_it() {
    let dir = seeds_folder();
    let project = writable(dir.path());
    let set_dir = project.set_dir();
    let mut j = journal::Journal::new(&set_dir, &project.settings.default_set);
    j.append(&[Edit::RemoveEntity(concord::core::model::EntityId::new(
        "putin",
    ))])
    .unwrap();
    // A read-only window (someone else writes the set) leaves the
    // writer's journal alone.
    let reader = harness_with(ConcordApp::new(Project::open(dir.path()).unwrap(), prefs()));
    assert!(reader.state().project.read_only());
    assert!(reader.query_by_label("Restore unsaved edits?").is_none());
    drop(reader);
    let mut harness = harness_with(ConcordApp::new(project, prefs()));
    harness.get_by_label("• 1 entities removed");
    harness.get_by_label("Discard").click();
    harness.run();
    assert!(!journal::path(&set_dir).exists());
    assert_eq!(harness.state().project.set.entities().len(), 2);
}
