#![cfg(feature = "gui")]
//! The compare view and suggestions, driven through the real window: two
//! articles picked in the list and shown side by side, a claim in one
//! linked to the other's with `L` (one undo step), partners brought into
//! view, and suggestions accepted and rejected from the keyboard.

#[path = "common/project.rs"]
mod project;
#[path = "common/window.rs"]
mod window;

use concord::app::ConcordApp;
use concord::core::edit::{Edit, apply};
use concord::core::model::{Annotation, AnnotationId, ArticleId, Kind};
use concord::core::suggest::{self, Proposal, SuggestKind};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::Path;
use window::{prefs, settle, writable};

const LEFT: &str = "002_e9c6093c045788ca";
const RIGHT: &str = "003_5444680b821220af";

/// The seeds with the shipped annotation set, in a fresh folder.
fn shipped() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    project::seeds_copy(dir.path());
    dir
}

fn window(dir: &Path) -> Harness<'static, ConcordApp> {
    let app = ConcordApp::new(writable(dir), prefs());
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 860.0))
        .with_step_dt(0.1)
        .build_ui_state(|ui, app: &mut ConcordApp| app.ui(ui), app);
    harness.run();
    harness
}

fn claims<'a>(app: &'a ConcordApp, article: &str) -> Vec<&'a Annotation> {
    app.project
        .set
        .annotations_of(&ArticleId::new(article))
        .iter()
        .filter(|a| matches!(a.kind, Kind::Claim(_)))
        .collect()
}

/// Clicks the middle of annotation `id` where its column painted it.
fn click_annotation(harness: &mut Harness<'_, ConcordApp>, id: &AnnotationId) {
    let app = harness.state();
    let a = app.project.set.annotation(id).unwrap();
    let view = if app.article.as_ref() == Some(&a.article) {
        &app.view
    } else {
        app.compare.view(&a.article).expect("a column shows it")
    };
    let mid = (a.span.start + a.span.end) / 2;
    let rect = view
        .char_rect(mid)
        .unwrap_or_else(|| panic!("{id} is not on screen"));
    let at = rect.center() + egui::vec2(1.0, 0.0);
    window::click_at(harness, at);
}

/// The app's `compare`, asserting it shows `articles`.
fn assert_columns(app: &ConcordApp, articles: &[&str]) {
    let shown: Vec<&str> = app.compare.columns().iter().map(|a| a.as_str()).collect();
    assert_eq!(shown, articles);
}

#[test]
fn compare_two_articles_and_link_a_claim_across_them() {
    let dir = shipped();
    let mut harness = window(dir.path());
    // The left article is open; Ctrl+click the right one in the list.
    harness
        .state_mut()
        .handle(concord::app::Command::OpenArticle(ArticleId::new(LEFT)));
    harness.run();
    // The list row's id line (the row's tooltip names it too).
    harness
        .get_all_by_label(RIGHT)
        .next()
        .expect("the right article's row")
        .click_modifiers(Modifiers::COMMAND);
    harness.run();
    assert_eq!(
        harness.state().list.picked.len(),
        2,
        "open article and the clicked one"
    );
    harness.get_by_label("Compare 2").click();
    harness.run();
    assert_columns(harness.state(), &[LEFT, RIGHT]);

    // A claim on the right that states a proposition, and one on the left
    // that states none: unlink the left one first if it has any.
    let app = harness.state();
    let there = claims(app, RIGHT)
        .into_iter()
        .find(|a| !a.propositions().is_empty())
        .expect("a linked claim on the right")
        .clone();
    let here = claims(app, LEFT)[0].clone();
    if !here.propositions().is_empty() {
        let mut bare = here.clone();
        if let Kind::Claim(c) = &mut bare.kind {
            c.propositions.clear();
        }
        harness
            .state_mut()
            .handle(concord::app::Command::Edit(Edit::ReplaceAnnotation(
                Box::new(bare),
            )));
        harness.run();
    }
    let before = harness.state().project.set.clone();
    let p = there.propositions()[0].clone();

    // Reveal both, click the right then the left, press L.
    harness
        .state_mut()
        .handle(concord::app::Command::SelectAnnotation(there.id.clone()));
    harness.run();
    click_annotation(&mut harness, &there.id);
    assert_eq!(harness.state().selected.as_ref(), Some(&there.id));
    assert_eq!(
        harness.state().article.as_ref().unwrap().as_str(),
        RIGHT,
        "the clicked column is active"
    );
    harness
        .state_mut()
        .handle(concord::app::Command::SelectAnnotation(here.id.clone()));
    harness.run();
    click_annotation(&mut harness, &here.id);
    assert_eq!(harness.state().selected.as_ref(), Some(&here.id));
    harness.key_press(Key::L);
    harness.run();
    let linked = harness
        .state()
        .project
        .set
        .annotation(&here.id)
        .unwrap()
        .clone();
    assert_eq!(
        linked.propositions(),
        std::slice::from_ref(&p),
        "{:?}",
        harness.state().notice
    );
    assert_eq!(linked.span, here.span, "the span did not move");

    // Linked, they share a colour and selecting one reveals the other.
    settle(&mut harness, "the links are found again", |app| {
        app.compare.view(&ArticleId::new(RIGHT)).is_some()
    });
    let right_view = harness
        .state()
        .compare
        .view(&ArticleId::new(RIGHT))
        .unwrap();
    let shown = right_view.shown().unwrap();
    let partner_on_screen = right_view
        .range_rects(there.span.range())
        .iter()
        .any(|r| shown.intersects(*r));
    assert!(
        partner_on_screen,
        "the partner is in view in the other column"
    );

    // One undo step takes the link back.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(
        harness.state().project.set == before,
        "undo restored the set exactly"
    );
}

#[test]
fn linking_two_claims_without_propositions_creates_one_for_both() {
    let dir = shipped();
    let mut harness = window(dir.path());
    harness
        .state_mut()
        .handle(concord::app::Command::Compare(vec![
            ArticleId::new(LEFT),
            ArticleId::new(RIGHT),
        ]));
    harness.run();
    let app = harness.state();
    let bare = |article: &str| {
        claims(app, article)
            .into_iter()
            .find(|a| a.propositions().is_empty())
            .map(|a| a.id.clone())
    };
    let (Some(a), Some(b)) = (bare(LEFT), bare(RIGHT)) else {
        panic!("the shipped set has an unlinked claim in each article");
    };
    let propositions = app.project.set.propositions().len();
    for id in [&b, &a] {
        harness
            .state_mut()
            .handle(concord::app::Command::SelectAnnotation(id.clone()));
        harness.run();
        click_annotation(&mut harness, id);
    }
    harness.key_press(Key::L);
    harness.run();
    let set = &harness.state().project.set;
    assert_eq!(
        set.propositions().len(),
        propositions + 1,
        "one new proposition"
    );
    let pa = set.annotation(&a).unwrap().propositions().to_vec();
    let pb = set.annotation(&b).unwrap().propositions().to_vec();
    assert_eq!(pa.len(), 1);
    assert_eq!(pa, pb, "both state the new proposition");
}

#[test]
fn l_outside_the_compare_view_says_what_to_do() {
    let dir = shipped();
    let mut harness = window(dir.path());
    let id = claims(harness.state(), RIGHT)[0].id.clone();
    harness
        .state_mut()
        .handle(concord::app::Command::SelectAnnotation(id));
    harness.run();
    let before = harness.state().project.set.clone();
    harness.key_press(Key::L);
    harness.run();
    assert!(harness.state().project.set == before, "nothing changed");
    let notice = harness.state().notice.clone().unwrap_or_default();
    assert!(notice.contains("Compare"), "{notice}");
}

/// The window's suggestions for `article`, once the background job landed.
fn suggestions_of(
    harness: &mut Harness<'_, ConcordApp>,
    article: &str,
) -> Vec<suggest::Suggestion> {
    let id = ArticleId::new(article);
    settle(harness, "suggestions are found", |app| {
        app.suggestions.count(&app.project.set, &id) > 0
    });
    let app = harness.state();
    app.suggestions
        .live(&app.project.set, &id)
        .cloned()
        .collect()
}

/// Clicks a suggestion's outline where the view painted it.
fn click_suggestion(harness: &mut Harness<'_, ConcordApp>, s: &suggest::Suggestion) {
    harness
        .state_mut()
        .handle(concord::app::Command::RevealSpan {
            article: s.article.clone(),
            start: s.span.start,
            end: s.span.start,
        });
    harness.run();
    let mid = (s.span.start + s.span.end) / 2;
    let at = harness
        .state()
        .view
        .char_rect(mid)
        .expect("on screen")
        .center()
        + egui::vec2(1.0, 0.0);
    window::click_at(harness, at);
}

#[test]
fn a_deleted_quote_comes_back_as_a_suggestion_and_enter_accepts_it() {
    let dir = shipped();
    // The shipped quote with a speaker and cue, taken out of the set.
    let mut project = writable(dir.path());
    let quote = project
        .set
        .annotations_of(&ArticleId::new(RIGHT))
        .iter()
        .find(|a| matches!(&a.kind, Kind::Quote(q) if q.speaker.is_some() && q.mode == concord::core::model::QuoteMode::Direct))
        .expect("a direct quote")
        .clone();
    apply(&mut project.set, Edit::RemoveAnnotation(quote.id.clone())).unwrap();
    project.save().unwrap();
    drop(project);

    let mut harness = window(dir.path());
    harness
        .state_mut()
        .handle(concord::app::Command::OpenArticle(ArticleId::new(RIGHT)));
    harness.run();
    let found = suggestions_of(&mut harness, RIGHT);
    let s = found
        .iter()
        .find(|s| s.kind() == SuggestKind::Quote && s.span == quote.span.range())
        .expect("the deleted quote is suggested with its exact span")
        .clone();
    let count = harness.state().project.set.annotation_count();
    click_suggestion(&mut harness, &s);
    harness.key_press(Key::Enter);
    harness.run();
    let app = harness.state();
    assert_eq!(
        app.project.set.annotation_count(),
        count + 1,
        "{:?}",
        app.notice
    );
    let added = app
        .project
        .set
        .annotations_of(&ArticleId::new(RIGHT))
        .iter()
        .find(|a| a.span.range() == quote.span.range() && matches!(a.kind, Kind::Quote(_)))
        .expect("a quote on the suggested span");
    if let (Kind::Quote(q), Proposal::Quote { speaker, .. }) = (&added.kind, &s.proposal) {
        match speaker {
            Some(suggest::Speaker::Known(e)) => assert_eq!(q.speaker.as_ref(), Some(e)),
            _ => assert!(q.speaker.is_some(), "a new speaker became an entity"),
        }
    }
    // Accepted, it is no longer a suggestion.
    assert!(
        app.suggestions
            .live(&app.project.set, &ArticleId::new(RIGHT))
            .all(|x| x.span != s.span || x.kind() != SuggestKind::Quote)
    );
    // One undo step takes it back.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().project.set.annotation_count(), count);
}

#[test]
fn backspace_rejects_a_suggestion_for_good_and_a_accepts_all_on_screen() {
    let dir = shipped();
    let mut harness = window(dir.path());
    harness
        .state_mut()
        .handle(concord::app::Command::OpenArticle(ArticleId::new(LEFT)));
    harness.run();
    let found = suggestions_of(&mut harness, LEFT);
    let s = found[0].clone();
    click_suggestion(&mut harness, &s);
    harness.key_press(Key::Backspace);
    harness.run();
    let app = harness.state();
    let record = &app
        .project
        .set
        .article(&ArticleId::new(LEFT))
        .unwrap()
        .record;
    assert!(
        record.rejected.contains(&s.key()),
        "the rejection is recorded"
    );
    assert!(
        app.suggestions
            .live(&app.project.set, &ArticleId::new(LEFT))
            .all(|x| x.key() != s.key()),
        "and it is not shown again"
    );

    // A: every suggestion on screen accepted at once.
    let on_screen = {
        let app = harness.state();
        let chars = app.view.shown_chars().expect("text on screen");
        app.suggestions
            .in_range(&app.project.set, &ArticleId::new(LEFT), chars)
            .len()
    };
    assert!(on_screen > 0, "suggestions on screen");
    let count = harness.state().project.set.annotation_count();
    harness.key_press(Key::A);
    harness.run();
    let added = harness.state().project.set.annotation_count() - count;
    let links = found
        .iter()
        .filter(|s| {
            matches!(
                s.proposal,
                Proposal::Link {
                    existing: Some(_),
                    ..
                }
            )
        })
        .count();
    assert!(
        added > 0 && added <= on_screen,
        "added {added} of {on_screen} ({links} links add none)"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        harness.state().project.set.annotation_count(),
        count,
        "one undo step"
    );
}

#[test]
fn snapshot_of_two_outlets_side_by_side() {
    let dir = shipped();
    // In memory under a fixed root (the status bar names it) that is no
    // folder (so no read-only banner).
    let opened = writable(dir.path());
    let project = concord::core::store::Project::in_memory(
        "summit-coverage".into(),
        opened.settings.clone(),
        opened.corpus.clone(),
        opened.set.clone(),
    );
    drop(opened);
    let app = ConcordApp::new(project, prefs());
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 860.0))
        .with_context_setup(concord::app::fonts::install)
        .build_ui_state(|ui, app: &mut ConcordApp| app.ui(ui), app);
    harness
        .state_mut()
        .handle(concord::app::Command::Compare(vec![
            ArticleId::new(LEFT),
            ArticleId::new(RIGHT),
        ]));
    harness.run();
    // A claim stating the summit date, selected: its partner is joined by a line.
    let app = harness.state();
    let linked = claims(app, LEFT)
        .into_iter()
        .find(|a| {
            a.propositions().iter().any(|p| {
                claims(app, RIGHT)
                    .iter()
                    .any(|b| b.propositions().contains(p))
            })
        })
        .map(|a| a.id.clone())
        .expect("a claim both articles state");
    harness
        .state_mut()
        .handle(concord::app::Command::SelectAnnotation(linked));
    let id = ArticleId::new(LEFT);
    settle(&mut harness, "suggestions and links land", |app| {
        app.suggestions.count(&app.project.set, &id) > 0
    });
    for _ in 0..5 {
        harness.step();
    }
    harness.run();
    harness.snapshot("compare");
}
