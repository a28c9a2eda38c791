//! Find and the keyboard, driven through the real window: the find bar
//! over the article and the corpus window reveal what they found in exact
//! chars; F1's help closes with Escape; letter shortcuts never act behind a
//! menu, a dialog or a modal prompt; redo selects what it brings back.

#![cfg(feature = "gui")]

#[path = "common/window.rs"]
mod window;

use concord::app::{Closing, Command};
use concord::core::model::ArticleId;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use window::{ARTICLE, QUOTED, drag, harness, quote_range, seeds_folder, settle, tag_quoted};

type App = concord::app::ConcordApp;

fn type_text(harness: &mut Harness<'_, App>, text: &str) {
    harness.event(egui::Event::Text(text.into()));
    harness.run();
}

/// The chars of `range` in the open article.
fn chars(harness: &Harness<'_, App>, range: std::ops::Range<usize>) -> String {
    let app = harness.state();
    let article = app.article.as_ref().expect("an article is open");
    let text = &app.project.corpus.get(article).unwrap().text;
    text.slice(range).unwrap().to_owned()
}

#[test]
fn the_find_bar_highlights_and_reveals_matches_in_exact_chars() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    assert!(harness.state().find.open);
    // Another case, and punctuation the text does not have: matched in
    // the folded form, reported in the text's own chars.
    type_text(&mut harness, "JUST-FIGHT");
    let (start, _) = quote_range(&harness);
    let (matches, current) = harness.state().find.matches_in_view();
    let expected = start + QUOTED.find("just fight").unwrap();
    assert_eq!(current, Some(expected..expected + "just fight".len()));
    assert!(!matches.is_empty());
    assert_eq!(chars(&harness, current.clone().unwrap()), "just fight");
    // Typing revealed the current match: the view selects it.
    assert_eq!(harness.state().selection, current);
    harness.get_by_label_contains(&format!("1 of {}", matches.len()));

    // Escape (out of the field) closes the bar and its highlights.
    harness.key_press(Key::Escape);
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    assert!(!harness.state().find.open);
    assert_eq!(harness.state().find.matches_in_view().0.len(), 0);
}

#[test]
fn the_corpus_window_finds_in_every_article_and_opens_a_hit() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    harness.run();
    assert!(harness.state().find.corpus_open);
    type_text(&mut harness, "hegemonic forces");
    settle(&mut harness, "the corpus search finishes", |app| {
        app.find.corpus_total > 0 && !app.find.corpus_results.is_empty()
    });
    let hit = &harness.state().find.corpus_results[0];
    let (article, range) = (hit.article.clone(), hit.range.clone());
    assert_eq!(article, ArticleId::new(ARTICLE));
    let label = format!("  ·  {}", hit.context);
    harness.get_by_label_contains(&label).click();
    harness.run();
    assert_eq!(harness.state().article.as_ref(), Some(&article));
    assert_eq!(harness.state().selection, Some(range.clone()));
    assert_eq!(chars(&harness, range), "hegemonic forces");
}

#[test]
fn f1_help_closes_with_escape() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    harness.key_press(Key::F1);
    harness.run();
    assert!(harness.state().show_help);
    harness.get_by_label("Keyboard shortcuts");
    harness.key_press(Key::Escape);
    harness.run();
    assert!(!harness.state().show_help);
    assert!(harness.query_by_label("Keyboard shortcuts").is_none());
}

/// Selects the quoted sentence, with no text field focused.
fn select_quote(harness: &mut Harness<'_, App>) {
    let (start, end) = quote_range(harness);
    drag(harness, start, end);
    assert_eq!(harness.state().selection, Some(start..end));
}

/// C, Q, S, N and P pressed now change nothing.
fn letters_do_nothing(harness: &mut Harness<'_, App>, behind: &str) {
    let before = harness.state().selected.clone();
    for key in [Key::C, Key::Q, Key::S, Key::N, Key::P] {
        harness.key_press(key);
        harness.step();
    }
    let app = harness.state();
    assert_eq!(
        app.project.set.annotation_count(),
        0,
        "tagged behind {behind}"
    );
    assert_eq!(app.selected, before, "stepped behind {behind}");
}

#[test]
fn letter_shortcuts_never_act_behind_a_menu_a_dialog_or_a_prompt() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());

    select_quote(&mut harness);
    harness.get_by_label("Edit").click();
    harness.run();
    harness.get_by_label("Find in article…");
    letters_do_nothing(&mut harness, "the Edit menu");
    harness.key_press(Key::Escape);
    harness.run();

    select_quote(&mut harness);
    harness.state_mut().dialogs = concord::app::dialogs::Dialogs::typed_only();
    harness
        .state_mut()
        .dialogs
        .open(concord::app::dialogs::Purpose::OpenFolder, None);
    harness.run();
    assert!(harness.state().dialogs.is_open());
    letters_do_nothing(&mut harness, "a file dialog");
    harness.state_mut().dialogs = concord::app::dialogs::Dialogs::typed_only();
    harness.run();

    // The close prompt is a modal: it needs an unsaved edit to ask.
    select_quote(&mut harness);
    harness.key_press(Key::C);
    harness.run();
    assert_eq!(harness.state().project.set.annotation_count(), 1);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    select_quote(&mut harness);
    harness.state_mut().closing = Closing::Asking;
    harness.run();
    harness.get_by_label("Save your changes?");
    letters_do_nothing(&mut harness, "the close prompt");

    // With nothing open, C tags again.
    harness.get_by_label("Cancel").click();
    harness.run();
    select_quote(&mut harness);
    harness.key_press(Key::C);
    harness.run();
    assert_eq!(harness.state().project.set.annotation_count(), 1);
}

#[test]
fn redo_selects_what_it_brings_back() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    let id = tag_quoted(&mut harness, Key::C);
    harness.key_press(Key::Escape);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().selected, None);
    // Something else is selected meanwhile: the article's text.
    select_quote(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    let app = harness.state();
    assert_eq!(app.selected.as_ref(), Some(&id));
    assert_eq!(app.selection, None);
    assert_eq!(app.article, Some(ArticleId::new(ARTICLE)));

    // Undoing a removal selects the annotation it brings back, too.
    harness
        .state_mut()
        .commands
        .push(Command::Edit(concord::core::edit::Edit::RemoveAnnotation(
            id.clone(),
        )));
    harness.run();
    assert_eq!(harness.state().selected, None);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().selected.as_ref(), Some(&id));
}
