//! Drives the real window headless: select with pointer events, tag a quote
//! with Q, pick its speaker, save, and read the folder back from disk.

#![cfg(feature = "gui")]

#[path = "common/window.rs"]
mod window;

use concord::app::{Closing, Command};
use concord::core::model::{EntityId, Kind};
use concord::core::store::Project;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use window::{QUOTED, drag, harness, quote_range, request_close, seeds_folder, tag_quoted};

#[test]
fn select_tag_quote_pick_speaker_save_and_reload() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    let (start, end) = quote_range(&harness);
    // Start inside the first word and end inside the last: snapping widens
    // the selection to whole words.
    drag(&mut harness, start + 2, end - 3);
    assert_eq!(harness.state().selection, Some(start..end));

    harness.key_press(Key::Q);
    harness.run();
    let id = harness
        .state()
        .selected
        .clone()
        .expect("the new quote is selected");
    // The speaker field has focus: type part of an alias, pick the suggestion.
    harness.event(egui::Event::Text("Kim".into()));
    harness.run();
    harness.get_by_label("Kim Jong Un (Kim)").click();
    harness.run();
    window::press_save(&mut harness);
    assert!(
        !harness.state().unsaved(),
        "{:?}",
        harness.state().save.error
    );

    let reloaded = Project::open(dir.path()).unwrap();
    let quote = reloaded.set.annotation(&id).expect("the quote was saved");
    assert_eq!((quote.span.start, quote.span.end), (start, end));
    assert_eq!(quote.span.exact(), QUOTED);
    let Kind::Quote(q) = &quote.kind else {
        panic!("not a quote: {:?}", quote.kind);
    };
    assert_eq!(q.speaker, Some(EntityId::new("kim")));
    // The article's first annotation records the text's fingerprint.
    let article = reloaded.corpus.get(&quote.article).unwrap();
    assert_eq!(
        reloaded
            .set
            .article(&quote.article)
            .unwrap()
            .record
            .fingerprint,
        article.fingerprint
    );
}

#[test]
fn alt_drag_selects_exact_chars() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    let (start, _) = quote_range(&harness);
    harness.event(egui::Event::ModifiersChanged(Modifiers::ALT));
    drag(&mut harness, start + 2, start + 11);
    harness.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    assert_eq!(harness.state().selection, Some(start + 2..start + 11));
}

#[test]
fn undo_and_redo_with_keys() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    let (start, end) = quote_range(&harness);
    drag(&mut harness, start, end);
    harness.key_press(Key::C);
    harness.run();
    assert_eq!(harness.state().project.set.annotation_count(), 1);
    // Plain letters do nothing while a text field has focus: the claim's
    // "attributed to" field has it now.
    harness.key_press(Key::S);
    harness.run();
    assert_eq!(harness.state().project.set.annotation_count(), 1);

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().project.set.annotation_count(), 0);
    assert_eq!(harness.state().selected, None);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    let set = &harness.state().project.set;
    assert_eq!(set.annotation_count(), 1);
    let claim = set.annotations().next().unwrap();
    assert_eq!((claim.span.start, claim.span.end), (start, end));
    assert!(matches!(claim.kind, Kind::Claim(_)));
}

#[test]
fn closing_with_unsaved_edits_asks_first() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    tag_quoted(&mut harness, Key::S);
    assert!(harness.state().unsaved());

    let commands = request_close(&mut harness);
    assert!(commands.contains(&egui::ViewportCommand::CancelClose));
    assert_eq!(harness.state().closing, Closing::Asking);
    harness.get_by_label("Save your changes?");

    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(harness.state().closing, Closing::No);
    assert!(harness.query_by_label("Save your changes?").is_none());

    request_close(&mut harness);
    harness.get_by_label("Save and close").click();
    harness.run();
    assert_eq!(harness.state().closing, Closing::Allowed);
    assert!(!harness.state().unsaved());
    let saved = Project::open(dir.path()).unwrap();
    assert_eq!(saved.set.annotation_count(), 1);
}

#[test]
fn keys_move_between_annotations_and_delete() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    let (start, end) = quote_range(&harness);
    // Two claims: the whole quotation, then its first word.
    drag(&mut harness, start, end);
    harness.key_press(Key::C);
    harness.run();
    harness.key_press(Key::Escape); // leaves the inspector's field
    harness.run();
    drag(&mut harness, start + 1, start + 3);
    harness.key_press(Key::C);
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    let ids: Vec<_> = harness
        .state()
        .project
        .set
        .annotations()
        .map(|a| (a.id.clone(), a.span.len()))
        .collect();
    assert_eq!(ids.len(), 2);
    // Text order: same start, the shorter first.
    assert_eq!(ids[0].1, "Russia".len());
    harness.key_press(Key::N);
    harness.run();
    assert_eq!(harness.state().selected.as_ref(), Some(&ids[1].0));
    harness.key_press(Key::N);
    harness.run();
    assert_eq!(harness.state().selected.as_ref(), Some(&ids[0].0));
    harness.key_press_modifiers(Modifiers::SHIFT, Key::Tab);
    harness.run();
    assert_eq!(harness.state().selected.as_ref(), Some(&ids[1].0));
    harness.key_press(Key::Delete);
    harness.run();
    let left: Vec<_> = harness
        .state()
        .project
        .set
        .annotations()
        .map(|a| a.id.clone())
        .collect();
    assert_eq!(left, vec![ids[0].0.clone()]);
}

#[test]
fn a_quote_inside_quotation_marks_can_grow_to_the_whole_quotation() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    let (start, end) = quote_range(&harness);
    // "just fight" inside “Russia is … interests,”
    let just = start + QUOTED.find("just").unwrap();
    drag(&mut harness, just, just + "just fight".len());
    harness.key_press(Key::Q);
    harness.run();
    harness
        .get_by_label("Extend to the whole quotation")
        .click();
    harness.run();
    let id = harness.state().selected.clone().unwrap();
    let quote = harness.state().project.set.annotation(&id).unwrap();
    assert_eq!(quote.span.start, start);
    assert!(quote.span.end > end, "covers the rest of the quotation too");
    assert!(
        quote.span.exact().ends_with("interests,"),
        "{}",
        quote.span.exact()
    );
}

#[test]
fn a_new_speaker_is_created_inline_with_aliases() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    tag_quoted(&mut harness, Key::Q);
    harness.event(egui::Event::Text("Dmitry Peskov".into()));
    harness.run();
    harness.get_by_label("+ new entity “Dmitry Peskov”").click();
    harness.run();
    harness.get_by_label("Aliases").click();
    harness.run();
    harness.event(egui::Event::Text("Peskov, Kremlin spokesman".into()));
    harness.run();
    harness.get_by_label("Create").click();
    harness.run();
    let app = harness.state();
    let quote = app
        .project
        .set
        .annotation(app.selected.as_ref().unwrap())
        .unwrap();
    let Kind::Quote(q) = &quote.kind else {
        panic!("not a quote");
    };
    let speaker = &app.project.set.entities()[q.speaker.as_ref().unwrap()];
    assert_eq!(speaker.name, "Dmitry Peskov");
    assert_eq!(speaker.aliases, ["Peskov", "Kremlin spokesman"]);
    // Creating the entity and setting the speaker is one undo step.
    let entities = app.project.set.entities().len();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().project.set.entities().len(), entities - 1);
}

#[test]
fn ctrl_s_keeps_the_note_being_typed() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    let id = tag_quoted(&mut harness, Key::S);
    harness.get_by_label("Note").click();
    harness.run();
    harness.event(egui::Event::Text("Check the translation".into()));
    harness.run();
    // Typing is one pending change, not yet an edit.
    assert_eq!(
        harness.state().project.set.annotation(&id).unwrap().note,
        ""
    );
    window::press_save(&mut harness);
    assert!(!harness.state().unsaved());
    let saved = Project::open(dir.path()).unwrap();
    assert_eq!(
        saved.set.annotation(&id).unwrap().note,
        "Check the translation"
    );
}

#[test]
fn a_failed_save_is_shown_and_the_edits_kept() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    tag_quoted(&mut harness, Key::C);
    // Something took the place of the annotations folder.
    let annotations = dir.path().join("annotations");
    std::fs::remove_dir_all(&annotations).unwrap();
    std::fs::write(&annotations, "not a folder").unwrap();
    window::press_save(&mut harness);
    let app = harness.state();
    assert!(app.unsaved());
    assert!(app.save.error.is_some());
    assert_eq!(app.project.set.annotation_count(), 1);
    harness.get_by_label_contains("Not saved:");

    // Once the folder is back, saving works and nothing was lost.
    std::fs::remove_file(&annotations).unwrap();
    window::press_save(&mut harness);
    assert!(!harness.state().unsaved());
    assert_eq!(Project::open(dir.path()).unwrap().set.annotation_count(), 1);
}

#[test]
fn opening_another_folder_saves_first() {
    let first = seeds_folder();
    let second = seeds_folder();
    let mut harness = harness(first.path());
    tag_quoted(&mut harness, Key::C);
    assert!(harness.state().unsaved());
    harness
        .state_mut()
        .commands
        .push(Command::OpenFolder(second.path().to_owned()));
    harness.run();
    let app = harness.state();
    assert_eq!(app.project.root, second.path());
    assert_eq!(app.project.set.annotation_count(), 0);
    assert_eq!(app.prefs.previous_folder.as_deref(), Some(first.path()));
    assert_eq!(
        Project::open(first.path()).unwrap().set.annotation_count(),
        1
    );
}

/// Format 2's fields are edited in the inspector and saved: a claim's
/// modality, a quote's language as printed and its translation mark.
#[test]
fn the_inspector_edits_modality_language_and_translation() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    let (start, end) = quote_range(&harness);
    drag(&mut harness, start, end);
    harness.key_press(Key::C);
    harness.run();
    let claim = harness.state().selected.clone().unwrap();
    harness.get_by_label("planned").click();
    harness.run();

    drag(&mut harness, start, end);
    harness.key_press(Key::Q);
    harness.run();
    let quote = harness.state().selected.clone().unwrap();
    harness.get_by_label("translation").click();
    harness.run();
    harness.get_by_label("Language as printed").click();
    harness.run();
    harness.event(egui::Event::Text("ru".into()));
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();

    window::press_save(&mut harness);
    let saved = Project::open(dir.path()).unwrap();
    let Kind::Claim(c) = &saved.set.annotation(&claim).unwrap().kind else {
        panic!("not a claim")
    };
    assert_eq!(c.modality, concord::core::model::Modality::Planned);
    let Kind::Quote(q) = &saved.set.annotation(&quote).unwrap().kind else {
        panic!("not a quote")
    };
    assert!(q.translated);
    assert_eq!(q.language.as_str(), "ru");
}
