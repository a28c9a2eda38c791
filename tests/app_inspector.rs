//! The inspector in the real window: changing an annotation's kind in
//! place, a quote's cue from the text selection, and pickers driven by the
//! keyboard.

#![cfg(feature = "gui")]

#[path = "common/window.rs"]
mod window;

use concord::app::ConcordApp;
use concord::core::edit::{Edit, apply};
use concord::core::model::{Entity, EntityId, EntityKind, Kind};
use concord::core::store::Project;
use egui::accesskit::Toggled;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use window::{
    ARTICLE, QUOTED, drag, harness, harness_with, prefs, quote_range, seeds_folder, tag_quoted,
    writable,
};

fn press(harness: &mut Harness<'_, ConcordApp>, key: Key) {
    harness.key_press(key);
    harness.run();
}

fn type_text(harness: &mut Harness<'_, ConcordApp>, text: &str) {
    harness.event(egui::Event::Text(text.into()));
    harness.run();
}

/// The selected annotation's kind in the window's set.
fn selected_kind(harness: &Harness<'_, ConcordApp>) -> Kind {
    let app = harness.state();
    let id = app.selected.as_ref().expect("an annotation is selected");
    app.project
        .set
        .annotation(id)
        .expect("it exists")
        .kind
        .clone()
}

fn speaker(harness: &Harness<'_, ConcordApp>) -> Option<EntityId> {
    match selected_kind(harness) {
        Kind::Quote(q) => q.speaker,
        other => panic!("not a quote: {other:?}"),
    }
}

/// A window whose set also has North Korea and a news agency whose alias
/// mentions it, so only the ranking tells them apart.
fn korea_harness(dir: &std::path::Path) -> Harness<'static, ConcordApp> {
    let mut project = writable(dir);
    for (id, name, kind, alias) in [
        // Ids sort before "nk": a list in registry order would show it first.
        (
            "kcna",
            "Korean Central News Agency",
            EntityKind::Outlet,
            "North Korean state media",
        ),
        ("nk", "North Korea", EntityKind::Country, "DPRK"),
    ] {
        let entity = Entity {
            id: EntityId::new(id),
            name: name.into(),
            kind,
            aliases: vec![alias.into()],
        };
        apply(&mut project.set, Edit::PutEntity(entity)).unwrap();
    }
    harness_with(ConcordApp::new(project, prefs()))
}

/// The two suggestions for "north korea" in [`korea_harness`].
const COUNTRY: &str = "North Korea (DPRK)";
const AGENCY: &str = "Korean Central News Agency (North Korean state media)";

/// The picker's suggestion `label` is the one Enter takes.
fn highlighted(harness: &Harness<'_, ConcordApp>, label: &str) -> bool {
    harness.get_by_label(label).accesskit_node().toggled() == Some(Toggled::True)
}

#[test]
fn kind_change_keeps_span_note_and_tags() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    let id = tag_quoted(&mut harness, Key::Q);
    // The speaker field has focus.
    type_text(&mut harness, "Kim Jong");
    press(&mut harness, Key::Enter);
    harness.get_by_label("Note").click();
    harness.run();
    type_text(&mut harness, "Read out on state television");
    harness.get_by_label("Tags").click();
    harness.run();
    type_text(&mut harness, "summit, ukraine");
    press(&mut harness, Key::Enter);
    let before = harness.state().project.set.annotation(&id).unwrap().clone();
    assert_eq!(before.tags, ["summit", "ukraine"]);
    assert_eq!(before.note, "Read out on state television");

    harness.get_by_label("Change to claim").click();
    harness.run();
    let app = harness.state();
    assert_eq!(app.selected.as_ref(), Some(&id), "still the one selected");
    let claim = app.project.set.annotation(&id).unwrap();
    assert_eq!(claim.span, before.span);
    assert_eq!(claim.span.exact(), QUOTED);
    assert_eq!(claim.note, before.note);
    assert_eq!(claim.tags, before.tags);
    let Kind::Claim(c) = &claim.kind else {
        panic!("not a claim: {:?}", claim.kind);
    };
    assert_eq!(c.attributed_to, Some(EntityId::new("kim")), "the speaker");
    assert_eq!(app.project.set.annotation_count(), 1);

    harness.get_by_label("Change to stance").click();
    harness.run();
    let Kind::Stance(s) = selected_kind(&harness) else {
        panic!("not a stance");
    };
    assert_eq!(s.holder, Some(EntityId::new("kim")));

    // Each change is one undo step.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(matches!(selected_kind(&harness), Kind::Claim(_)));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        harness.state().project.set.annotation(&id),
        Some(&before),
        "the quote as it was"
    );
}

#[test]
fn picker_arrows_and_enter_pick_the_highlighted_entity() {
    let dir = seeds_folder();
    let mut harness = korea_harness(dir.path());
    tag_quoted(&mut harness, Key::Q);
    type_text(&mut harness, "north korea");
    let country = harness.get_by_label(COUNTRY);
    let agency = harness.get_by_label(AGENCY);
    assert!(
        country.rect().top() < agency.rect().top(),
        "the name listed above the alias"
    );
    assert!(
        highlighted(&harness, COUNTRY),
        "the best match is highlighted"
    );
    assert!(!highlighted(&harness, AGENCY));
    assert!(
        harness
            .query_by_label("+ new entity \u{201C}north korea\u{201D}")
            .is_none(),
        "no new entity under a name that exists"
    );

    // Down past the end stays on the last; Up goes back; Down again.
    press(&mut harness, Key::ArrowDown);
    press(&mut harness, Key::ArrowDown);
    press(&mut harness, Key::ArrowUp);
    assert!(highlighted(&harness, COUNTRY));
    press(&mut harness, Key::ArrowDown);
    assert!(highlighted(&harness, AGENCY));
    assert!(!highlighted(&harness, COUNTRY));
    press(&mut harness, Key::Enter);
    assert_eq!(speaker(&harness), Some(EntityId::new("kcna")));
    assert!(harness.query_by_label(COUNTRY).is_none(), "the list closed");
}

#[test]
fn enter_without_arrows_takes_the_best_match_and_escape_closes() {
    let dir = seeds_folder();
    let mut harness = korea_harness(dir.path());
    tag_quoted(&mut harness, Key::Q);
    type_text(&mut harness, "North");
    harness.get_by_label(COUNTRY);
    press(&mut harness, Key::Escape);
    assert!(harness.query_by_label(COUNTRY).is_none());
    assert_eq!(speaker(&harness), None, "Escape picks nothing");

    // Back into the field, as after tagging.
    harness.state_mut().inspector.focus = true;
    harness.run();
    type_text(&mut harness, "north korea");
    press(&mut harness, Key::Enter);
    assert_eq!(speaker(&harness), Some(EntityId::new("nk")));
}

#[test]
fn typing_a_new_name_and_enter_creates_the_entity() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    let id = tag_quoted(&mut harness, Key::Q);
    type_text(&mut harness, "Maria Zakharova");
    // Only "new entity" is offered: Enter opens its form, name filled in
    // and focused; Enter again creates it.
    press(&mut harness, Key::Enter);
    harness.get_by_label("New entity");
    let entities = harness.state().project.set.entities().len();
    assert_eq!(
        speaker(&harness),
        None,
        "not created before the second Enter"
    );
    press(&mut harness, Key::Enter);
    assert!(
        harness.query_by_label("New entity").is_none(),
        "form closed"
    );

    let app = harness.state();
    let set = &app.project.set;
    assert_eq!(set.entities().len(), entities + 1);
    let speaker = speaker(&harness).expect("the speaker is set");
    let entity = &set.entities()[&speaker];
    assert_eq!(entity.name, "Maria Zakharova");
    assert_eq!(entity.kind, EntityKind::Person);
    assert!(entity.aliases.is_empty());
    assert_eq!(app.selected.as_ref(), Some(&id));
}

#[test]
fn escape_closes_the_new_entity_form() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    tag_quoted(&mut harness, Key::Q);
    type_text(&mut harness, "Maria Zakharova");
    press(&mut harness, Key::Enter);
    harness.get_by_label("New entity");
    let entities = harness.state().project.set.entities().len();
    press(&mut harness, Key::Escape);
    assert!(harness.query_by_label("New entity").is_none());
    assert_eq!(harness.state().project.set.entities().len(), entities);
    assert!(!harness.state().inspector.has_open_form());
}

#[test]
fn cue_from_selection_is_saved() {
    let dir = seeds_folder();
    let mut harness = harness(dir.path());
    let id = tag_quoted(&mut harness, Key::Q);
    press(&mut harness, Key::Escape); // leaves the speaker field
    // No text selected: nothing to take the cue from.
    harness.get_by_label("Set cue from selection").click();
    harness.run();
    let Kind::Quote(q) = selected_kind(&harness) else {
        panic!("not a quote");
    };
    assert_eq!(q.cue, None);

    // `…interests," Kim said in an apparent reference…`
    let (_, end) = quote_range(&harness);
    let text = harness
        .state()
        .project
        .corpus
        .get(&concord::core::model::ArticleId::new(ARTICLE))
        .unwrap()
        .text
        .clone();
    let after = &text.as_str()[text.char_to_byte(end).unwrap()..];
    let said = end + after[..after.find(" said").unwrap()].chars().count() + 1;
    drag(&mut harness, said, said + 4);
    assert_eq!(harness.state().selection, Some(said..said + 4));
    assert_eq!(
        harness.state().selected.as_ref(),
        Some(&id),
        "still selected"
    );
    harness.get_by_label("Set cue from selection").click();
    harness.run();
    harness.get_by_label("\u{201C}said\u{201D}");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(!harness.state().unsaved());
    let saved = Project::open(dir.path()).unwrap();
    let Kind::Quote(q) = &saved.set.annotation(&id).unwrap().kind else {
        panic!("not a quote");
    };
    let cue = q.cue.as_deref().expect("the cue was saved");
    assert_eq!((cue.start, cue.end), (said, said + 4));
    assert_eq!(cue.exact(), "said");

    harness.get_by_label("Clear cue").click();
    harness.run();
    let Kind::Quote(q) = selected_kind(&harness) else {
        panic!("not a quote");
    };
    assert_eq!(q.cue, None);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let Kind::Quote(q) = selected_kind(&harness) else {
        panic!("not a quote");
    };
    assert_eq!(
        q.cue.as_deref().map(|c| c.exact()),
        Some("said"),
        "one undo step"
    );
}
